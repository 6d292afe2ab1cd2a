/* SPDX-License-Identifier: Apache-2.0 */
/* The import driver against a real (in-memory) store. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "collect.h"
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reimporting_changes_nothing),
        cmocka_unit_test(a_later_modified_version_updates),
        cmocka_unit_test(a_bad_third_record_leaves_the_store_unchanged),
        cmocka_unit_test(a_dry_run_counts_but_keeps_nothing),
        cmocka_unit_test(warninglisted_values_are_flagged_or_held),
        cmocka_unit_test(imports_a_misp_feed_directory_in_one_transaction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
