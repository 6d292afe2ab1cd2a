/* SPDX-License-Identifier: Apache-2.0 */
/* test_stats.c - ksz_store_stats: every group in its order, the active test
 * with each inactive reason, sources without indicators, stopping early. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "common.h"

struct lines {
    char text[2048];
    size_t len;
    int n, stop_after;
};

static int line_cb(const char *group, const char *key, int64_t count, void *user)
{
    struct lines *l = user;
    int w = snprintf(l->text + l->len, sizeof l->text - l->len, "%s/%s=%lld\n", group, key,
                     (long long)count);
    if (w > 0)
        l->len += (size_t)w;
    l->n++;
    return l->stop_after > 0 && l->n == l->stop_after;
}

/* Seven domains (one per reason, and an active one) from source-a, an IPv4
 * from source-b at TLP:RED, a SHA-256 from source-a at TLP:CLEAR, and a
 * source with no indicators. */
static struct ksz_store *fixture(void)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_indicator in;
    struct ksz_source src;
    struct seen s;
    struct ksz_filter f;
    const char *warn[] = {"list-a"};
    static const char *const domains[] = {"a.example.com", "b.example.com", "c.example.com",
                                          "d.example.com", "e.example.com", "f.example.com",
                                          "g.example.com"};

    for (int i = 0; i < 7; i++) {
        ind_init(&in, KSZ_IOC_DOMAIN, domains[i]);
        in.source = "source-a";
        in.confidence = i == 6 ? 20 : 90;   /* g decays below the threshold */
        in.revoked = i == 1;
        if (i == 3) {
            in.warn_blocked = true;
            in.warnings.items = warn;
            in.warnings.n = 1;
        }
        if (i == 4)
            in.valid_from = NOW + DAY;
        if (i == 5) {
            in.valid_from = NOW - 10 * DAY;
            in.valid_until = NOW - DAY;
        }
        put(st, &in);
    }
    ind_init(&in, KSZ_IOC_IPV4, "192.0.2.1");
    in.source = "source-b";
    in.tlp = KSZ_TLP_RED;
    put(st, &in);
    ind_init(&in, KSZ_IOC_SHA256,
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    in.source = "source-a";
    in.tlp = KSZ_TLP_CLEAR;
    in.confidence = 80;
    put(st, &in);
    memset(&src, 0, sizeof src);
    src.name = "empty-source";
    src.default_tlp = KSZ_TLP_UNSET;
    src.default_confidence = -1;
    assert_int_equal(ksz_store_put_source(st, &src, NULL, &err), KSZ_OK);
    all_filter(&f);
    s = query(st, &f);
    assert_string_equal(s.values[3], "c.example.com"); /* (type, value) order: the IPv4 first */
    assert_int_equal(ksz_store_mark(st, s.id[3], KSZ_MARK_FALSE_POSITIVE, NULL, NULL, &err),
                     KSZ_OK);
    return st;
}

static void counts_every_group_in_order(void **state)
{
    struct ksz_store *st = fixture();
    struct ksz_error err = {0};
    struct lines l;
    char want[1024];
    (void)state;

    memset(&l, 0, sizeof l);
    assert_int_equal(ksz_store_stats(st, line_cb, &l, &err), KSZ_OK);
    snprintf(want, sizeof want,
             "total/indicators=9\ntotal/observables=9\ntotal/threats=0\ntotal/reports=0\n"
             "total/relationships=0\ntotal/sightings=0\ntotal/sources=3\n"
             "total/warninglists=0\n"
             "type/%d=1\ntype/%d=7\ntype/%d=1\n"
             "active/active=3\ninactive/revoked=1\ninactive/false-positive=1\n"
             "inactive/warninglisted=1\ninactive/not yet valid=1\ninactive/expired=1\n"
             "inactive/decayed=1\n"
             "source/empty-source=0\nsource/source-a=8\nsource/source-b=1\n"
             "tlp/clear=1\ntlp/amber=7\ntlp/red=1\n",
             KSZ_IOC_IPV4, KSZ_IOC_DOMAIN, KSZ_IOC_SHA256);
    assert_string_equal(l.text, want);
    ksz_store_close(st);
}

static void stops_when_the_callback_asks(void **state)
{
    struct ksz_store *st = fixture();
    struct ksz_error err = {0};
    struct lines l;
    (void)state;

    memset(&l, 0, sizeof l);
    l.stop_after = 10;
    assert_int_equal(ksz_store_stats(st, line_cb, &l, &err), KSZ_OK);
    assert_int_equal(l.n, 10);
    /* the store is still usable: no read transaction left open */
    memset(&l, 0, sizeof l);
    assert_int_equal(ksz_store_stats(st, line_cb, &l, &err), KSZ_OK);
    assert_int_equal(l.n, 24);
    assert_int_equal(ksz_store_begin(st, &err), KSZ_OK);
    assert_int_equal(ksz_store_commit(st, &err), KSZ_OK);
    ksz_store_close(st);
}

static void counts_inside_an_open_transaction(void **state)
{
    struct ksz_store *st = fixture();
    struct ksz_error err = {0};
    struct ksz_indicator in;
    struct lines l;
    (void)state;

    assert_int_equal(ksz_store_begin(st, &err), KSZ_OK);
    ind_init(&in, KSZ_IOC_DOMAIN, "h.example.com");
    put(st, &in);
    memset(&l, 0, sizeof l);
    assert_int_equal(ksz_store_stats(st, line_cb, &l, &err), KSZ_OK);
    assert_non_null(strstr(l.text, "total/indicators=10\n"));
    assert_non_null(strstr(l.text, "active/active=4\n"));
    assert_int_equal(ksz_store_commit(st, &err), KSZ_OK);
    ksz_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_every_group_in_order),
        cmocka_unit_test(stops_when_the_callback_asks),
        cmocka_unit_test(counts_inside_an_open_transaction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
