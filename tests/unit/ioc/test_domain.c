/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "core/core_int.h"
#include "kizashi/ioc.h"

#define ONION "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion"
#define L63 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"

static char out[300];

static const char *canon(const char *s)
{
    if (ksz_domain_canon(s, strlen(s), out, sizeof out, NULL, NULL) != KSZ_OK)
        return NULL;
    return out;
}

static bool has_tld(const char *s)
{
    return ksz_domain_has_tld(s, strlen(s));
}

static void lower_cases_and_drops_one_trailing_dot(void **state)
{
    size_t n = 0;
    (void)state;
    assert_int_equal(ksz_domain_canon("EVIL.Com.", 9, out, sizeof out, &n, NULL), KSZ_OK);
    assert_string_equal(out, "evil.com");
    assert_int_equal(n, 8);
    assert_null(canon("evil.com.."));
    assert_null(canon(".evil.com"));
    assert_null(canon("evil..com"));
}

static void converts_idn_labels_to_punycode(void **state)
{
    (void)state;
    assert_string_equal(canon("bücher.de"), "xn--bcher-kva.de");
    assert_string_equal(canon("BÜCHER.DE"), "xn--bcher-kva.de");
    assert_string_equal(canon("例え.jp"), "xn--r8jz45g.jp");
    assert_string_equal(canon("例え。jp"), "xn--r8jz45g.jp"); /* ideographic full stop */
    assert_string_equal(canon("example.中国"), "example.xn--fiqs8s");
    assert_string_equal(canon("xn--bcher-kva.de"), "xn--bcher-kva.de");
    assert_string_equal(canon("XN--BCHER-KVA.DE"), "xn--bcher-kva.de");
}

/* Converted labels are remembered: asking again, in any order, after
 * other labels took the slots, gives the same names and the same errors. */
static void idn_results_are_the_same_when_asked_again(void **state)
{
    static const char *const names[] = {"bücher.de", "例え.jp", "xn--a.com", "example.中国",
                                        "b\xfc" "cher.de", "ドメイン.jp", "XN--BCHER-KVA.DE"};
    enum { N = sizeof names / sizeof names[0] };
    char first[N][300];
    char msg[N][256];
    char name[64];
    (void)state;
    for (size_t i = 0; i < N; i++) {
        struct ksz_error err = {0};
        first[i][0] = msg[i][0] = '\0';
        if (ksz_domain_canon(names[i], strlen(names[i]), out, sizeof out, NULL, &err) == KSZ_OK)
            snprintf(first[i], sizeof first[i], "%s", out);
        else
            snprintf(msg[i], sizeof msg[i], "%s", err.msg);
    }
    /* enough other labels to have replaced every remembered one */
    for (int k = 0; k < 300; k++) {
        snprintf(name, sizeof name, "ü%d.de", k);
        assert_non_null(canon(name));
    }
    for (int round = 0; round < 2; round++)
        for (size_t j = 0; j < N; j++) {
            size_t i = round == 0 ? j : N - 1 - j;
            struct ksz_error err = {0};
            if (first[i][0] != '\0') {
                assert_int_equal(ksz_domain_canon(names[i], strlen(names[i]), out, sizeof out,
                                                  NULL, &err), KSZ_OK);
                assert_string_equal(out, first[i]);
            } else {
                assert_int_not_equal(ksz_domain_canon(names[i], strlen(names[i]), out,
                                                      sizeof out, NULL, &err), KSZ_OK);
                assert_string_equal(err.msg, msg[i]);
            }
        }
    assert_string_equal(first[0], "xn--bcher-kva.de");
    assert_string_equal(first[6], "xn--bcher-kva.de");
    assert_string_equal(msg[0], "");
    assert_true(msg[2][0] != '\0');
}

static void refuses_bad_punycode_and_bad_utf8(void **state)
{
    (void)state;
    assert_null(canon("xn--.com"));
    assert_null(canon("xn--a.com"));
    assert_null(canon("b\xfc" "cher.de"));
    assert_null(canon("\xe4\xbe.jp"));
}

static void checks_label_syntax_and_lengths(void **state)
{
    char name[300];
    (void)state;
    assert_string_equal(canon(L63 ".com"), L63 ".com");
    assert_null(canon(L63 "l.com"));
    assert_null(canon("-evil.com"));
    assert_null(canon("evil-.com"));
    assert_string_equal(canon("e-v-i-l.com"), "e-v-i-l.com");
    assert_string_equal(canon("3com.com"), "3com.com");
    assert_null(canon("ev_il.com"));
    assert_null(canon("ev il.com"));
    assert_null(canon("evil.com/"));
    assert_int_equal(ksz_domain_canon("ev\0il.com", 9, out, sizeof out, NULL, NULL),
                     KSZ_ERR_PARSE);
    /* 253 bytes is the longest name: 3 x 63 + 4 dots + 57 + ".com" = 253 */
    snprintf(name, sizeof name, "%s.%s.%s.%.57s.com", L63, L63, L63, L63);
    assert_int_equal(strlen(name), 253);
    assert_non_null(canon(name));
    snprintf(name, sizeof name, "%s.%s.%s.%.58s.com", L63, L63, L63, L63);
    assert_int_equal(strlen(name), 254);
    assert_null(canon(name));
}

static void requires_a_real_tld_and_two_labels(void **state)
{
    struct ksz_error err = {0};
    (void)state;
    assert_string_equal(canon("evil.co.uk"), "evil.co.uk");
    assert_string_equal(canon("foo.bar"), "foo.bar");
    assert_null(canon("com"));
    assert_null(canon("evil"));
    assert_null(canon("1.2.3.4"));
    assert_int_equal(ksz_domain_canon("evil.notatld", 12, out, sizeof out, NULL, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "notatld"));
    assert_null(canon("setup.exe"));
    assert_null(canon("host.local"));
}

static void accepts_v3_onion_names_only(void **state)
{
    (void)state;
    assert_string_equal(canon(ONION), ONION);
    assert_string_equal(canon("www." ONION), "www." ONION);
    assert_null(canon("abc.onion"));
    assert_null(canon("expyuzz4wqqyqhjn.onion")); /* v2, retired */
    assert_null(canon("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscrya.onion"));
}

static void answers_has_tld_for_any_case_and_trailing_dot(void **state)
{
    (void)state;
    assert_true(has_tld("evil.com"));
    assert_true(has_tld("evil.COM"));
    assert_true(has_tld("evil.com."));
    assert_true(has_tld("com"));
    assert_true(has_tld("a.xn--fiqs8s"));
    assert_true(has_tld("x.onion"));
    assert_true(has_tld("foo.uk"));
    assert_true(has_tld("foo.ck")); /* only "*.ck" rules on the list */
    assert_false(has_tld("setup.exe"));
    assert_false(has_tld("evil.local"));
    assert_false(has_tld("evil."));
    assert_false(has_tld(""));
    assert_false(has_tld("1.2.3.4"));
}

static void answers_without_allocating(void **state)
{
    (void)state;
    assert_int_equal(ksz_ioc_global_init(NULL), KSZ_OK);
    ksz__alloc_fail_after(0);
    assert_true(has_tld("evil.com"));
    assert_string_equal(canon("WWW.Evil.COM"), "www.evil.com");
    assert_string_equal(canon("bücher.de"), "xn--bcher-kva.de");
    ksz__alloc_fail_after(-1);
}

static void finds_the_registrable_domain(void **state)
{
    size_t off = 99;
    (void)state;
    assert_int_equal(ksz_domain_registrable("www.evil.co.uk", 14, &off), KSZ_OK);
    assert_int_equal(off, 4);
    assert_int_equal(ksz_domain_registrable("evil.com", 8, &off), KSZ_OK);
    assert_int_equal(off, 0);
    assert_int_equal(ksz_domain_registrable("a.b.c.xn--fiqs8s", 16, &off), KSZ_OK);
    assert_int_equal(off, 4);
    off = 99;
    assert_int_equal(ksz_domain_registrable("co.uk", 5, &off), KSZ_ERR_NOTFOUND);
    assert_int_equal(ksz_domain_registrable("com", 3, &off), KSZ_ERR_NOTFOUND);
    assert_int_equal(off, 99);
}

static void init_fails_cleanly_when_allocation_fails(void **state)
{
    (void)state;
    ksz_ioc_global_cleanup();
    for (long n = 0;; n++) {
        struct ksz_error err = {0};
        ksz_rc rc;
        ksz__alloc_fail_after(n);
        rc = ksz_ioc_global_init(&err);
        ksz__alloc_fail_after(-1);
        if (rc == KSZ_OK)
            break;
        assert_int_equal(rc, KSZ_ERR_NOMEM);
        assert_int_equal(err.code, KSZ_ERR_NOMEM);
        assert_true(n < 100);
    }
    assert_true(has_tld("evil.com"));
    assert_int_equal(ksz_ioc_global_init(NULL), KSZ_OK); /* a second call does nothing */
    ksz_ioc_global_cleanup();
    ksz_ioc_global_cleanup();
    assert_true(has_tld("evil.com")); /* loads again on first use */
}

static void leaves_out_untouched_when_too_small(void **state)
{
    char small[8];
    size_t n = 77;
    (void)state;
    memset(small, 'x', sizeof small);
    assert_int_equal(ksz_domain_canon("evil.com", 8, small, 8, &n, NULL), KSZ_ERR_LIMIT);
    assert_int_equal(small[0], 'x');
    assert_int_equal(n, 77);
}

static int teardown(void **state)
{
    (void)state;
    ksz_ioc_global_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lower_cases_and_drops_one_trailing_dot),
        cmocka_unit_test(converts_idn_labels_to_punycode),
        cmocka_unit_test(refuses_bad_punycode_and_bad_utf8),
        cmocka_unit_test(checks_label_syntax_and_lengths),
        cmocka_unit_test(requires_a_real_tld_and_two_labels),
        cmocka_unit_test(accepts_v3_onion_names_only),
        cmocka_unit_test(answers_has_tld_for_any_case_and_trailing_dot),
        cmocka_unit_test(answers_without_allocating),
        cmocka_unit_test(finds_the_registrable_domain),
        cmocka_unit_test(idn_results_are_the_same_when_asked_again),
        cmocka_unit_test(init_fails_cleanly_when_allocation_fails),
        cmocka_unit_test(leaves_out_untouched_when_too_small),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
