/* SPDX-License-Identifier: Apache-2.0 */
/* tests/unit/extract/test_stream.c - chunking never changes the hits;
 * memory stays bounded; allocation failures fail cleanly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <cmocka.h>
#include "core/core_int.h"
#include "xtest.h"

static const char doc[] =
    "= Report\n"
    "C2: hxxp[:]//172.104.72[.]4/ (ASN: AS63949) and evil[.]com\n"
    "|SHA-1|Filename\n"
    "|`78E82F632856F293BDA86D77D02DF97EDBCDE918`|Procurement Letter.doc\n"
    "\xe9\x80\x9a\xe4\xbf\xa1\xe5\x85\x88\xef\xbc\x9a" "45.76.222\xef\xbc\xbb.\xef\xbc\xbd" "130 \xe3\x81\xa8 "
    "www.dvdsesso\xef\xbc\xbb.\xef\xbc\xbd" "com\xe3\x80\x82\r\n"
    "CVE\xe2\x80\x91" "2023\xe2\x80\x91" "46805, T1059.001, user@bad.ru\n"
    "no newline at the end: 2a03:b0c0:3:d0::1a4:5001";

static struct xhits whole;

static void feed_in(size_t (*next)(size_t i, unsigned *seed), struct xhits *out)
{
    struct ksz_extractor *x;
    size_t n = sizeof doc - 1, i = 0;
    unsigned seed = 12345;

    memset(out, 0, sizeof *out);
    assert_int_equal(ksz_extract_new(NULL, xtest_cb, out, &x, NULL), KSZ_OK);
    while (i < n) {
        size_t k = next(i, &seed);
        if (k > n - i)
            k = n - i;
        assert_int_equal(ksz_extract_feed(x, doc + i, k, NULL), KSZ_OK);
        i += k;
    }
    assert_int_equal(ksz_extract_finish(x, NULL), KSZ_OK);
    ksz_extract_free(x);
}

static size_t all_at_once(size_t i, unsigned *seed)
{
    (void)i;
    (void)seed;
    return SIZE_MAX;
}

static size_t one_byte(size_t i, unsigned *seed)
{
    (void)i;
    (void)seed;
    return 1;
}

static size_t random_size(size_t i, unsigned *seed)
{
    (void)i;
    *seed = *seed * 1103515245u + 12345u;
    return 1 + (*seed >> 16) % 17;
}

static void same_hits(const struct xhits *a, const struct xhits *b)
{
    assert_string_equal(a->text, b->text);
    assert_int_equal(a->count, b->count);
    for (size_t k = 0; k < a->count && k < 4096; k++) {
        assert_int_equal(a->offsets[k], b->offsets[k]);
        assert_int_equal(a->lines[k], b->lines[k]);
        assert_int_equal(a->flags[k], b->flags[k]);
    }
}

static void whole_buffer_gives_every_hit_with_its_line(void **state)
{
    (void)state;
    feed_in(all_at_once, &whole);
    assert_true(xhas(whole.text, "url http://172.104.72.4"));
    assert_true(xhas(whole.text, "filename Procurement Letter.doc"));
    assert_true(xhas(whole.text, "ipv4 45.76.222.130"));
    assert_true(xhas(whole.text, "domain www.dvdsesso.com"));
    assert_true(xhas(whole.text, "cve CVE-2023-46805"));
    assert_true(xhas(whole.text, "ipv6 2a03:b0c0:3:d0::1a4:5001"));
    assert_int_equal(whole.lines[whole.count - 1], 7);
    assert_int_equal(whole.offsets[whole.count - 1], sizeof doc - 1 - 24);
}

static void byte_by_byte_feeding_gives_identical_hits(void **state)
{
    struct xhits h;
    (void)state;
    feed_in(all_at_once, &whole);
    feed_in(one_byte, &h);
    same_hits(&whole, &h);
}

static void random_chunks_give_identical_hits(void **state)
{
    struct xhits h;
    (void)state;
    feed_in(all_at_once, &whole);
    feed_in(random_size, &h);
    same_hits(&whole, &h);
}

static void extractor_is_reusable_after_finish(void **state)
{
    struct ksz_extractor *x;
    (void)state;
    memset(&xh, 0, sizeof xh);
    assert_int_equal(ksz_extract_new(NULL, xtest_cb, &xh, &x, NULL), KSZ_OK);
    assert_int_equal(ksz_extract_feed(x, "a\n1.2.3.4", 9, NULL), KSZ_OK);
    assert_int_equal(ksz_extract_finish(x, NULL), KSZ_OK);
    assert_int_equal(ksz_extract_feed(x, "5.6.7.8", 7, NULL), KSZ_OK);
    assert_int_equal(ksz_extract_finish(x, NULL), KSZ_OK);
    ksz_extract_free(x);
    assert_int_equal(xh.count, 2);
    assert_int_equal(xh.offsets[1], 0);
    assert_int_equal(xh.lines[1], 1);
}

static int stop_at_first(const struct ksz_extract_hit *h, void *user)
{
    (void)h;
    (*(int *)user)++;
    return 1;
}

static void callback_can_stop_the_scan(void **state)
{
    int calls = 0;
    (void)state;
    assert_int_equal(ksz_extract_buffer("1.2.3.4 5.6.7.8\n9.9.9.9", 23, NULL, stop_at_first,
                                        &calls, NULL),
                     KSZ_OK);
    assert_int_equal(calls, 1);
}

static long maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* 64 MiB on one line without a newline, an address at the end. */
static void huge_line_is_scanned_in_bounded_memory(void **state)
{
    static char chunk[65536];
    struct ksz_extractor *x;
    const uint64_t total = 64ull << 20;
    long before;
    (void)state;
    memset(&xh, 0, sizeof xh);
    for (size_t i = 0; i < sizeof chunk; i++)
        chunk[i] = (i % 7 == 6) ? ' ' : 'a' + (char)(i % 26);
    assert_int_equal(ksz_extract_new(NULL, xtest_cb, &xh, &x, NULL), KSZ_OK);
    before = maxrss_kb();
    for (uint64_t off = 0; off < total; off += sizeof chunk)
        assert_int_equal(ksz_extract_feed(x, chunk, sizeof chunk, NULL), KSZ_OK);
    /* the same with no blank at all */
    memset(chunk, 'b', sizeof chunk);
    for (uint64_t off = 0; off < total / 4; off += sizeof chunk)
        assert_int_equal(ksz_extract_feed(x, chunk, sizeof chunk, NULL), KSZ_OK);
    assert_int_equal(ksz_extract_feed(x, " 45.77.28.124 ", 14, NULL), KSZ_OK);
    assert_int_equal(ksz_extract_finish(x, NULL), KSZ_OK);
    ksz_extract_free(x);
    assert_true(maxrss_kb() - before < 8 * 1024);
    assert_int_equal(xh.count, 1);
    assert_int_equal(xh.offsets[0], total + total / 4 + 1);
    assert_int_equal(xh.lines[0], 1);
}

static void allocation_failures_fail_cleanly(void **state)
{
    struct ksz_extract_opts o;
    ksz_rc rc = KSZ_ERR_NOMEM;
    struct xhits h;
    (void)state;
    assert_int_equal(ksz_ioc_global_init(NULL), KSZ_OK);
    ksz_extract_opts_init(&o);
    o.unique = true;
    for (long n = 0; n < 1000 && rc != KSZ_OK; n++) {
        memset(&h, 0, sizeof h);
        ksz__alloc_fail_after(n);
        rc = ksz_extract_buffer(doc, sizeof doc - 1, &o, xtest_cb, &h, NULL);
        ksz__alloc_fail_after(-1);
        assert_true(rc == KSZ_OK || rc == KSZ_ERR_NOMEM);
    }
    assert_int_equal(rc, KSZ_OK);
    assert_true(xhas(h.text, "cve CVE-2023-46805"));
}

static void unique_cap_is_a_limit_error(void **state)
{
    struct ksz_extract_opts o;
    struct ksz_error err = {0};
    (void)state;
    ksz_extract_opts_init(&o);
    o.unique = true;
    o.unique_max = 2;
    memset(&xh, 0, sizeof xh);
    assert_int_equal(ksz_extract_buffer("1.1.1.1 2.2.2.2 3.3.3.3", 23, &o, xtest_cb, &xh, &err),
                     KSZ_ERR_LIMIT);
    assert_non_null(strstr(err.msg, "distinct"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_buffer_gives_every_hit_with_its_line),
        cmocka_unit_test(byte_by_byte_feeding_gives_identical_hits),
        cmocka_unit_test(random_chunks_give_identical_hits),
        cmocka_unit_test(extractor_is_reusable_after_finish),
        cmocka_unit_test(callback_can_stop_the_scan),
        cmocka_unit_test(huge_line_is_scanned_in_bounded_memory),
        cmocka_unit_test(allocation_failures_fail_cleanly),
        cmocka_unit_test(unique_cap_is_a_limit_error),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    ksz_ioc_global_cleanup();
    return rc;
}
