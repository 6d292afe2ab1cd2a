/* SPDX-License-Identifier: Apache-2.0 */
/* The import driver against a real (in-memory) store. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "collect.h"
#include "core/core_int.h"
#include "kizashi/store.h"

#define NOW 1714000000   /* 2024-04-24 */

static struct ksz_store *open_store(void)
{
    struct ksz_store *st = NULL;
    assert_int_equal(ksz_store_open(":memory:", &st, NULL), KSZ_OK);
    ksz_store_set_now(st, NOW);
    return st;
}

static void opts(struct ksz_import_opts *o)
{
    ksz_import_opts_init(o);
    o->defaults.now = NOW;
}

static int count_cb(const struct ksz_indicator *ind, const struct ksz_indicator_state *s, void *u)
{
    (void)ind;
    (void)s;
    (*(int *)u)++;
    return 0;
}

static int count_all(struct ksz_store *st)
{
    struct ksz_filter f;
    int n = 0;
    ksz_filter_init(&f);
    f.active_only = false;
    f.tlp_max = KSZ_TLP_RED;
    f.allow_red = true;
    f.include_warned = true;
    f.now = NOW;
    assert_int_equal(ksz_store_each_indicator(st, &f, count_cb, &n, NULL), KSZ_OK);
    return n;
}

static void reimporting_changes_nothing(void **state)
{
    struct ksz_store *st = open_store();
    struct ksz_import_opts o;
    struct ksz_import_summary s1 = {0}, s2 = {0};
    (void)state;
    opts(&o);
    assert_int_equal(ksz_import_path(st, NULL, &o, KSZ_TEST_DATA "/formats/bundle21.json", &s1,
                                     NULL),
                     KSZ_OK);
    assert_int_equal(s1.indicators.added, 4);
    assert_int_equal(s1.threats.added, 3);
    assert_int_equal(s1.reports.added, 1);
    assert_int_equal(s1.unparsed_patterns, 2);
    assert_int_equal(ksz_import_path(st, NULL, &o, KSZ_TEST_DATA "/formats/bundle21.json", &s2,
                                     NULL),
                     KSZ_OK);
    assert_int_equal(s2.indicators.added + s2.indicators.updated, 0);
    assert_int_equal(s2.indicators.unchanged, 4);
    assert_int_equal(s2.threats.unchanged, 3);
    assert_int_equal(s2.relationships.added, 0);
    ksz_store_close(st);
}

static void a_later_modified_version_updates(void **state)
{
    struct ksz_store *st = open_store();
    struct ksz_import_opts o;
    struct ksz_import_summary s = {0};
    size_t len = 0;
    char *buf = slurp(KSZ_TEST_DATA "/formats/bundle21.json", &len);
    char *p;
    (void)state;
    opts(&o);
    assert_int_equal(ksz_import_buffer(st, NULL, &o, "b", buf, len, &s, NULL), KSZ_OK);
    p = strstr(buf, "\"modified\": \"2024-03-02T10:00:00.000Z\"");
    assert_non_null(p);
    memcpy(p + 13, "2024-04-02", 10);
    p = strstr(buf, "\"confidence\": 85");
    memcpy(p + 14, "95", 2);
    memset(&s, 0, sizeof s);
    assert_int_equal(ksz_import_buffer(st, NULL, &o, "b", buf, len, &s, NULL), KSZ_OK);
    assert_int_equal(s.indicators.updated, 1);
    assert_int_equal(s.indicators.unchanged, 3);
    free(buf);
    ksz_store_close(st);
}

static void a_bad_third_record_leaves_the_store_unchanged(void **state)
{
    struct ksz_store *st = open_store();
    struct ksz_import_opts o;
    struct ksz_import_summary s = {0};
    struct ksz_error err = {0};
    (void)state;
    opts(&o);
    assert_int_equal(ksz_import_path(st, NULL, &o, KSZ_TEST_DATA "/formats/list.txt", &s, NULL),
                     KSZ_OK);
    assert_int_equal(count_all(st), 4);
    assert_int_equal(ksz_import_path(st, NULL, &o, KSZ_TEST_DATA "/formats/bad_third.csv", &s,
                                     &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "bad_third.csv:4"));
    assert_int_equal(count_all(st), 4);
    assert_int_equal(s.inputs, 1);   /* the failed input is not counted */
    ksz_store_close(st);
}

static void a_dry_run_counts_but_keeps_nothing(void **state)
{
    struct ksz_store *st = open_store();
    struct ksz_import_opts o;
    struct ksz_import_summary s = {0};
    (void)state;
    opts(&o);
    o.dry_run = true;
    assert_int_equal(ksz_import_path(st, NULL, &o, KSZ_TEST_DATA "/formats/misp_event.json", &s,
                                     NULL),
                     KSZ_OK);
    assert_int_equal(s.indicators.added, 9);
    assert_int_equal(s.refused, 1);
    assert_int_equal(s.skipped, 1);
    assert_int_equal(count_all(st), 0);
    ksz_store_close(st);
}

static void warninglisted_values_are_flagged_or_held(void **state)
{
    struct ksz_store *st = open_store();
    struct ksz_warn *w = NULL;
    struct ksz_import_opts o;
    struct ksz_import_summary s = {0};
    static const char *const warn_entries[] = {"198.51.100.0/24"};
    static const char *const block_entries[] = {"example.org"};
    struct ksz_warn_list wl = {"test-ranges", "", 1, KSZ_WARN_CIDR, KSZ_WARN_POLICY_WARN, true, 0};
    struct ksz_warn_list bl = {"test-hosts", "", 1, KSZ_WARN_HOSTNAME, KSZ_WARN_POLICY_BLOCK,
                               true, 0};
    (void)state;
    opts(&o);
    assert_int_equal(ksz_warn_new(&w, NULL), KSZ_OK);
    assert_int_equal(ksz_warn_add_list(w, &wl, warn_entries, 1, NULL, NULL), KSZ_OK);
    assert_int_equal(ksz_warn_add_list(w, &bl, block_entries, 1, NULL, NULL), KSZ_OK);
    assert_int_equal(ksz_import_path(st, w, &o, KSZ_TEST_DATA "/formats/list.txt", &s, NULL),
                     KSZ_OK);
    assert_int_equal(s.flagged, 1);    /* 198.51.100.12 */
    assert_int_equal(s.blocked, 1);    /* evil-otter.example.org */
    ksz_warn_free(w);
    ksz_store_close(st);
}

static void imports_a_misp_feed_directory_in_one_transaction(void **state)
{
    struct ksz_store *st = open_store();
    struct ksz_import_opts o;
    struct ksz_import_summary s = {0};
    (void)state;
    opts(&o);
    assert_int_equal(ksz_import_path(st, NULL, &o, KSZ_SHARED_DATA "/misp-samples/generated-feed",
                                     &s, NULL),
                     KSZ_OK);
    assert_int_equal(s.inputs, 1);
    assert_int_equal(s.reports.added, 4);
    assert_int_equal(s.indicators.added, 125);
    assert_int_equal(s.sightings.added, 5);
    ksz_store_close(st);
}

/* ---- reading ahead on a second thread ---- */

/* n rows of CSV with every column the readers copy; row "bad" (a 1-based
 * record number, 0 = none) carries bad, in the column named by bad_col. */
static char *gen_csv(size_t n, size_t bad, const char *bad_col, const char *bad_val, size_t *len)
{
    struct ksz_buf b;
    ksz_buf_init(&b, 0);
    assert_int_equal(ksz_buf_printf(&b, "value,type,confidence,tlp,valid_from,description,tags,"
                                        "labels,source,threat\n"),
                     KSZ_OK);
    for (size_t i = 1; i <= n; i++) {
        char value[64], threat[64] = "";
        if (i % 3 == 0)
            snprintf(value, sizeof value, "h%zu.example%zu.com", i, i % 7);
        else
            snprintf(value, sizeof value, "10.%zu.%zu.%zu", i / 65536 % 256, i / 256 % 256,
                     i % 256);
        if (i % 1000 == 0)
            snprintf(threat, sizeof threat, "malware:Otter%zu", i % 3);
        if (i == bad && strcmp(bad_col, "value") == 0)
            snprintf(value, sizeof value, "%s", bad_val);
        if (i == bad && strcmp(bad_col, "threat") == 0)
            snprintf(threat, sizeof threat, "%s", bad_val);
        assert_int_equal(ksz_buf_printf(&b,
                                        "%s,%s,%zu,%s,2024-01-%02zuT00:00:00Z,\"row \"\"%zu\"\"\","
                                        "\"t%zu,shared\",lbl%zu,%s,%s\n",
                                        value, i % 3 == 0 ? "domain" : "ipv4", i % 101,
                                        i % 2 ? "green" : "amber", 1 + i % 28, i, i % 5, i % 4,
                                        i % 4 == 0 ? "" : i % 4 == 1 ? "feed-a" : "feed-b", threat),
                         KSZ_OK);
    }
    *len = b.len;
    return b.data;
}

/* The same rows as JSON lines. */
static char *gen_jsonl(size_t n, size_t *len)
{
    struct ksz_buf b;
    ksz_buf_init(&b, 0);
    for (size_t i = 1; i <= n; i++)
        assert_int_equal(ksz_buf_printf(&b, "{\"value\":\"10.1.%zu.%zu\",\"type\":\"ipv4\","
                                            "\"confidence\":%zu,\"tags\":[\"t%zu\",\"x\"],"
                                            "\"description\":\"d %zu\",\"source\":\"s%zu\"}\n",
                                        i / 256 % 256, i % 256, i % 101, i % 3, i, i % 2),
                         KSZ_OK);
    *len = b.len;
    return b.data;
}

static ksz_rc append_cb(void *user, const char *buf, size_t len)
{
    return ksz_buf_append(user, buf, len);
}

static void export_all(struct ksz_store *st, ksz_format fmt, struct ksz_buf *out)
{
    struct ksz_filter f;
    ksz_filter_init(&f);
    f.active_only = false;
    f.tlp_max = KSZ_TLP_RED;
    f.allow_red = true;
    f.include_warned = true;
    f.now = NOW;
    ksz_buf_init(out, 0);
    assert_int_equal(ksz_export(st, &f, fmt, append_cb, out, NULL), KSZ_OK);
}

static struct ksz_warn *test_warn(void)
{
    struct ksz_warn *w = NULL;
    static const char *const warn_entries[] = {"10.0.1.0/24"};
    static const char *const block_entries[] = {"example3.com"};
    struct ksz_warn_list wl = {"test-ranges", "", 1, KSZ_WARN_CIDR, KSZ_WARN_POLICY_WARN, true, 0};
    struct ksz_warn_list bl = {"test-hosts", "", 1, KSZ_WARN_HOSTNAME, KSZ_WARN_POLICY_BLOCK,
                               true, 0};
    assert_int_equal(ksz_warn_new(&w, NULL), KSZ_OK);
    assert_int_equal(ksz_warn_add_list(w, &wl, warn_entries, 1, NULL, NULL), KSZ_OK);
    assert_int_equal(ksz_warn_add_list(w, &bl, block_entries, 1, NULL, NULL), KSZ_OK);
    return w;
}

/* Import buf twice into fresh stores, reading ahead and in turn: the same
 * summary, and the same bytes exported. */
static void same_both_ways(const char *buf, size_t len, ksz_format fmt)
{
    struct ksz_store *ahead = open_store(), *inturn = open_store();
    struct ksz_warn *w = test_warn();
    struct ksz_import_opts o;
    struct ksz_import_summary s1 = {0}, s2 = {0};
    struct ksz_buf e1, e2;

    opts(&o);
    o.format = fmt;
    o.readahead_min = 0;
    assert_int_equal(ksz_import_buffer(ahead, w, &o, "b", buf, len, &s1, NULL), KSZ_OK);
    o.readahead_min = SIZE_MAX;
    assert_int_equal(ksz_import_buffer(inturn, w, &o, "b", buf, len, &s2, NULL), KSZ_OK);
    assert_memory_equal(&s1, &s2, sizeof s1);
    assert_true(s1.indicators.added > 0);
    for (int k = 0; k < 2; k++) {
        ksz_format out = k == 0 ? KSZ_FORMAT_JSONL : KSZ_FORMAT_STIX;
        export_all(ahead, out, &e1);
        export_all(inturn, out, &e2);
        assert_int_equal(e1.len, e2.len);
        assert_memory_equal(e1.data, e2.data, e1.len);
        ksz_buf_cleanup(&e1);
        ksz_buf_cleanup(&e2);
    }
    /* and a re-import reading ahead changes nothing */
    memset(&s1, 0, sizeof s1);
    o.readahead_min = 0;
    assert_int_equal(ksz_import_buffer(ahead, w, &o, "b", buf, len, &s1, NULL), KSZ_OK);
    assert_int_equal(s1.indicators.added + s1.indicators.updated, 0);
    assert_int_equal(s1.indicators.unchanged, s2.indicators.added);
    ksz_warn_free(w);
    ksz_store_close(ahead);
    ksz_store_close(inturn);
}

static void reading_ahead_stores_what_reading_in_turn_does(void **state)
{
    size_t len = 0;
    char *csv = gen_csv(20000, 0, "", "", &len);
    char *jsonl;
    (void)state;
    same_both_ways(csv, len, KSZ_FORMAT_CSV);
    free(csv);
    jsonl = gen_jsonl(9000, &len);
    same_both_ways(jsonl, len, KSZ_FORMAT_JSONL);
    free(jsonl);
    csv = slurp(KSZ_TEST_DATA "/formats/list.txt", &len);
    same_both_ways(csv, len, KSZ_FORMAT_PLAIN);
    free(csv);
}

/* A failure far into a long input, on either thread: its line, and the
 * store as it was. */
static void fails_far_in(const char *col, const char *val, ksz_rc want, const char *msg)
{
    struct ksz_store *st = open_store();
    struct ksz_import_opts o;
    struct ksz_import_summary s = {0};
    struct ksz_error err = {0};
    size_t len = 0;
    char *buf = gen_csv(40000, 20000, col, val, &len);

    opts(&o);
    o.readahead_min = 0;
    assert_int_equal(ksz_import_path(st, NULL, &o, KSZ_TEST_DATA "/formats/list.txt", &s, NULL),
                     KSZ_OK);
    assert_int_equal(ksz_import_buffer(st, NULL, &o, "big.csv", buf, len, &s, &err), want);
    assert_non_null(strstr(err.msg, "big.csv:20001: "));
    assert_non_null(strstr(err.msg, msg));
    assert_int_equal(count_all(st), 4);
    assert_int_equal(s.inputs, 1);
    free(buf);
    ksz_store_close(st);
}

static void a_bad_row_read_ahead_is_reported_with_its_line(void **state)
{
    (void)state;
    fails_far_in("value", "300.1.2.3", KSZ_ERR_PARSE,
                 "value: expected ipv4, found \"300.1.2.3\"");
}

static void a_failed_put_stops_the_reader(void **state)
{
    (void)state;
    /* the reader is ahead, waiting for room, when the put of row 20000 fails */
    fails_far_in("threat", "malware:", KSZ_ERR_INVALID, "threat: no name");
}

static void reading_ahead_survives_allocation_failures(void **state)
{
    size_t len = 0;
    char *buf = gen_csv(5000, 0, "", "", &len); /* two batches */
    ksz_rc rc = KSZ_ERR_NOMEM;
    long n = 1;
    (void)state;

    /* every step at first, then wider ones: failures land on both threads */
    for (long i = 0; rc != KSZ_OK; i++, n += i < 100 ? 1 : i < 200 ? 53 : 2999) {
        struct ksz_store *st = open_store();
        struct ksz_import_opts o;
        struct ksz_import_summary s = {0};
        struct ksz_error err = {0};
        opts(&o);
        o.readahead_min = 0;
        ksz__alloc_fail_after(n);
        rc = ksz_import_buffer(st, NULL, &o, "b.csv", buf, len, &s, &err);
        ksz__alloc_fail_after(-1);
        assert_true(rc == KSZ_OK || rc == KSZ_ERR_NOMEM || rc == KSZ_ERR_LIMIT ||
                    rc == KSZ_ERR_DB);
        assert_int_equal(count_all(st), rc == KSZ_OK ? 5000 : 0);
        ksz_store_close(st);
    }
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reimporting_changes_nothing),
        cmocka_unit_test(a_later_modified_version_updates),
        cmocka_unit_test(a_bad_third_record_leaves_the_store_unchanged),
        cmocka_unit_test(a_dry_run_counts_but_keeps_nothing),
        cmocka_unit_test(warninglisted_values_are_flagged_or_held),
        cmocka_unit_test(imports_a_misp_feed_directory_in_one_transaction),
        cmocka_unit_test(reading_ahead_stores_what_reading_in_turn_does),
        cmocka_unit_test(a_bad_row_read_ahead_is_reported_with_its_line),
        cmocka_unit_test(a_failed_put_stops_the_reader),
        cmocka_unit_test(reading_ahead_survives_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
