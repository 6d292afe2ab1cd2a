/* SPDX-License-Identifier: Apache-2.0 */
/* test_from_store.c - compiling the store's indicators into a snapshot: the
 * filter's selection, threat names and report titles resolved from their
 * STIX ids, the same bytes in a file and in memory, a failed write leaving
 * nothing behind, and every allocation failure reported cleanly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "kizashi/match.h"
#include "kizashi/store.h"
#include "snapshot/snap_int.h"

#define NOW 1710000000
#define BUILT 1710000123
#define RAT_ID "malware--00000000-0000-4000-8000-0000000000a1"
#define REPORT_ID "report--00000000-0000-4000-8000-0000000000b1"
#define CIDR_ID "indicator--00000000-0000-4000-8000-000000000005"

static void put_ind(struct ksz_store *st, ksz_ioc_type t, const char *value, ksz_tlp tlp,
                    const char *const *threats, size_t nthreats, const char *report,
                    const char *stix_id)
{
    struct ksz_indicator in;
    struct ksz_error err = {0};

    memset(&in, 0, sizeof in);
    in.type = t;
    in.value = value;
    in.stix_id = stix_id;
    in.confidence = 80;
    in.tlp = tlp;
    in.usage = KSZ_USAGE_BLOCK_PROXY_OUTBOUND;
    in.source = "unit";
    in.valid_from = NOW - 86400;
    in.report = report;
    in.threats.items = (const char **)threats;
    in.threats.n = nthreats;
    if (ksz_store_put_indicator(st, &in, NULL, &err) != KSZ_OK)
        fail_msg("%s", err.msg);
}

/* A network of a named threat from a report, a domain whose threat is named
 * by the indicator, a CVE (not matchable), a red address. */
static struct ksz_store *fixture(void)
{
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    struct ksz_threat t;
    struct ksz_report r;
    static const char *const rat[] = {RAT_ID};
    static const char *const emotet[] = {"Emotet"};

    assert_int_equal(ksz_store_open(":memory:", &st, &err), KSZ_OK);
    ksz_store_set_now(st, NOW);
    memset(&t, 0, sizeof t);
    t.stix_id = RAT_ID;
    t.kind = KSZ_THREAT_MALWARE;
    t.name = "ExampleRAT";
    assert_int_equal(ksz_store_put_threat(st, &t, NULL, &err), KSZ_OK);
    memset(&r, 0, sizeof r);
    r.stix_id = REPORT_ID;
    r.title = "Test report";
    r.tlp = KSZ_TLP_GREEN;
    assert_int_equal(ksz_store_put_report(st, &r, NULL, &err), KSZ_OK);
    put_ind(st, KSZ_IOC_CIDR4, "203.0.113.0/24", KSZ_TLP_AMBER, rat, 1, REPORT_ID, CIDR_ID);
    put_ind(st, KSZ_IOC_DOMAIN, "evil-example.com", KSZ_TLP_GREEN, emotet, 1, NULL, NULL);
    put_ind(st, KSZ_IOC_CVE, "CVE-2024-3094", KSZ_TLP_GREEN, NULL, 0, NULL, NULL);
    put_ind(st, KSZ_IOC_IPV4, "198.51.100.7", KSZ_TLP_RED, NULL, 0, NULL, NULL);
    return st;
}

static void default_filter(struct ksz_filter *f)
{
    ksz_filter_init(f);
    f->now = NOW;
}

static int first_hit(const struct ksz_match_hit *hit, void *user)
{
    *(uint32_t *)user = hit->indicator;
    return 1;
}

static void compiles_the_selection_with_threat_names_and_report_titles(void **state)
{
    struct ksz_store *st = fixture();
    struct ksz_filter f;
    struct ksz_snapshot_compile_opts opts = {0};
    struct ksz_snapshot_compile_stats stats = {0};
    struct ksz_snapshot *s = NULL;
    struct ksz_snapshot_info info;
    struct ksz_matcher *m = NULL;
    struct ksz_snap_indicator ind;
    struct ksz_error err = {0};
    uint32_t rec = UINT32_MAX;
    size_t nhits = 0;
    (void)state;

    default_filter(&f);
    opts.build_time = BUILT;
    assert_int_equal(ksz_snapshot_compile_store_mem(st, &f, &opts, &s, &stats, &err), KSZ_OK);
    /* red is above the default ceiling; the CVE is selected but not matchable */
    assert_int_equal(stats.selected, 3);
    assert_int_equal(stats.added, 2);
    assert_int_equal(stats.skipped, 1);
    assert_int_equal(stats.refused, 0);
    ksz_snapshot_get_info(s, &info);
    assert_int_equal(info.build_time, BUILT);
    assert_int_equal(info.indicators, 2);
    assert_int_equal(info.records[KSZ_IOC_CIDR4], 1);
    assert_int_equal(info.records[KSZ_IOC_DOMAIN], 1);
    assert_int_equal(info.records[KSZ_IOC_IPV4], 0);
    assert_int_equal(stats.size, info.file_size);
    assert_int_equal(ksz_snapshot_verify(s, &err), KSZ_OK);

    assert_int_equal(ksz_matcher_new(s, NULL, &m, &err), KSZ_OK);
    assert_int_equal(ksz_match_ipv4(m, 0xcb00710a /* 203.0.113.10 */, NOW, first_hit, &rec, &nhits),
                     KSZ_OK);
    assert_int_equal(nhits, 1);
    assert_int_equal(ksz_snapshot_indicator(s, rec, &ind, &err), KSZ_OK);
    assert_int_equal(ind.type, KSZ_IOC_CIDR4);
    assert_string_equal(ind.value, "203.0.113.0/24");
    assert_string_equal(ind.stix_id, CIDR_ID);
    assert_string_equal(ind.source, "unit");
    assert_string_equal(ind.report, "Test report"); /* not REPORT_ID */
    assert_int_equal(ind.n_threats, 1);
    assert_string_equal(ksz_snapshot_threat(s, &ind, 0, NULL), "ExampleRAT"); /* not RAT_ID */
    assert_int_equal(ind.confidence, 80);
    assert_int_equal(ind.tlp, KSZ_TLP_AMBER);

    rec = UINT32_MAX;
    assert_int_equal(ksz_match_text(m, KSZ_MATCH_DOMAIN, "www.evil-example.com", 20, NOW, first_hit,
                                    &rec, &nhits),
                     KSZ_OK);
    assert_int_equal(nhits, 1);
    assert_int_equal(ksz_snapshot_indicator(s, rec, &ind, &err), KSZ_OK);
    assert_string_equal(ind.value, "evil-example.com");
    assert_string_equal(ind.report, "");
    assert_int_equal(ind.n_threats, 1);
    assert_string_equal(ksz_snapshot_threat(s, &ind, 0, NULL), "Emotet");

    /* the red address is there when the filter lets red through */
    ksz_matcher_free(m);
    ksz_snapshot_close(s);
    s = NULL;
    f.tlp_max = KSZ_TLP_RED;
    f.allow_red = true;
    assert_int_equal(ksz_snapshot_compile_store_mem(st, &f, NULL, &s, &stats, &err), KSZ_OK);
    assert_int_equal(stats.added, 3);
    ksz_snapshot_close(s);
    ksz_store_close(st);
}

static void a_file_holds_the_same_bytes_as_memory(void **state)
{
    struct ksz_store *st = fixture();
    struct ksz_filter f;
    struct ksz_snapshot_compile_opts opts = {0};
    struct ksz_snapshot_compile_stats fs = {0}, ms = {0};
    struct ksz_snapshot *fsnap = NULL, *msnap = NULL;
    struct ksz_snapshot_info fi, mi;
    struct ksz_error err = {0};
    char dir[] = "/tmp/ksz-from-store-XXXXXX";
    char path[64], again[64];
    FILE *a, *b;
    int ca, cb;
    (void)state;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/a.snap", dir);
    snprintf(again, sizeof again, "%s/b.snap", dir);
    default_filter(&f);
    opts.build_time = BUILT;
    assert_int_equal(ksz_snapshot_compile_store(st, &f, &opts, path, &fs, &err), KSZ_OK);
    assert_int_equal(ksz_snapshot_compile_store(st, &f, &opts, again, NULL, &err), KSZ_OK);
    assert_int_equal(ksz_snapshot_compile_store_mem(st, &f, &opts, &msnap, &ms, &err), KSZ_OK);
    assert_int_equal(fs.added, ms.added);
    assert_int_equal(fs.size, ms.size);
    assert_int_equal(ksz_snapshot_open(path, &fsnap, &err), KSZ_OK);
    ksz_snapshot_get_info(fsnap, &fi);
    ksz_snapshot_get_info(msnap, &mi);
    assert_int_equal(fi.file_size, fs.size);
    assert_int_equal(fi.file_size, mi.file_size);
    assert_int_equal(fi.checksum, mi.checksum);
    /* two compiles of one store, byte for byte */
    a = fopen(path, "rb");
    b = fopen(again, "rb");
    assert_non_null(a);
    assert_non_null(b);
    do {
        ca = getc(a);
        cb = getc(b);
        assert_int_equal(ca, cb);
    } while (ca != EOF);
    fclose(a);
    fclose(b);
    ksz_snapshot_close(fsnap);
    ksz_snapshot_close(msnap);
    unlink(path);
    unlink(again);
    rmdir(dir);
    ksz_store_close(st);
}

static void a_failed_write_leaves_nothing_and_says_where(void **state)
{
    struct ksz_store *st = fixture();
    struct ksz_snapshot_compile_stats stats = {.added = 77};
    struct ksz_error err = {0};
    const char *path = "/nonexistent-ksz-dir/x.snap";
    (void)state;

    assert_int_equal(ksz_snapshot_compile_store(st, NULL, NULL, path, &stats, &err), KSZ_ERR_IO);
    assert_non_null(strstr(err.msg, "/nonexistent-ksz-dir/x.snap"));
    assert_int_equal(stats.added, 77); /* untouched on failure */
    assert_int_equal(access(path, F_OK), -1);
    ksz_store_close(st);
}

static void an_empty_store_gives_an_empty_snapshot(void **state)
{
    struct ksz_store *st = NULL;
    struct ksz_snapshot *s = NULL;
    struct ksz_snapshot_compile_stats stats = {.added = 77};
    struct ksz_snapshot_info info;
    struct ksz_error err = {0};
    (void)state;

    assert_int_equal(ksz_store_open(":memory:", &st, &err), KSZ_OK);
    assert_int_equal(ksz_snapshot_compile_store_mem(st, NULL, NULL, &s, &stats, &err), KSZ_OK);
    assert_int_equal(stats.selected, 0);
    assert_int_equal(stats.added, 0);
    ksz_snapshot_get_info(s, &info);
    assert_int_equal(info.indicators, 0);
    assert_int_equal(stats.size, info.file_size);
    ksz_snapshot_close(s);
    ksz_store_close(st);
}

static void refused(const struct ksz_indicator *ind, const struct ksz_error *why, void *user)
{
    (void)ind;
    (void)why;
    (*(int *)user)++;
}

static void survives_every_allocation_failure(void **state)
{
    struct ksz_store *st = fixture();
    struct ksz_filter f;
    int nrefused = 0;
    struct ksz_snapshot_compile_opts opts = {
        .build_time = BUILT, .refused = refused, .user = &nrefused};
    (void)state;

    default_filter(&f);
    for (long n = 0;; n++) {
        struct ksz_snapshot *s = NULL;
        struct ksz_snapshot_compile_stats stats = {0};
        struct ksz_error err = {0};
        ksz_rc rc;

        ksz__alloc_fail_after(n);
        rc = ksz_snapshot_compile_store_mem(st, &f, &opts, &s, &stats, &err);
        ksz__alloc_fail_after(-1);
        if (rc == KSZ_OK) {
            assert_non_null(s);
            assert_int_equal(stats.added, 2);
            ksz_snapshot_close(s);
            assert_true(n > 5);
            break;
        }
        if (rc != KSZ_ERR_NOMEM)
            fail_msg("allocation %ld: %s (%s)", n, ksz_strerror(rc), err.msg);
        assert_null(s);
    }
    assert_int_equal(nrefused, 0);
    ksz_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compiles_the_selection_with_threat_names_and_report_titles),
        cmocka_unit_test(a_file_holds_the_same_bytes_as_memory),
        cmocka_unit_test(a_failed_write_leaves_nothing_and_says_where),
        cmocka_unit_test(an_empty_store_gives_an_empty_snapshot),
        cmocka_unit_test(survives_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
