/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

static char out[KSZ_IOC_VALUE_MAX + 1];

static ksz_ioc_type guess(const char *s)
{
    ksz_ioc_type t = KSZ_IOC_NONE;
    if (ksz_ioc_classify(s, strlen(s), &t, out, sizeof out, NULL, NULL) != KSZ_OK)
        return KSZ_IOC_NONE;
    return t;
}

static void guesses_every_type_and_canonicalises(void **state)
{
    (void)state;
    assert_int_equal(guess("8.8.8.8"), KSZ_IOC_IPV4);
    assert_int_equal(guess("2001:DB8::1"), KSZ_IOC_IPV6);
    assert_string_equal(out, "2001:db8::1");
    assert_int_equal(guess("10.1.2.3/8"), KSZ_IOC_CIDR4);
    assert_string_equal(out, "10.0.0.0/8");
    assert_int_equal(guess("2001:db8::/32"), KSZ_IOC_CIDR6);
    assert_int_equal(guess("D41D8CD98F00B204E9800998ECF8427E"), KSZ_IOC_MD5);
    assert_int_equal(guess("da39a3ee5e6b4b0d3255bfef95601890afd80709"), KSZ_IOC_SHA1);
    assert_int_equal(guess("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                     KSZ_IOC_SHA256);
    assert_int_equal(guess("cve-2021-44228"), KSZ_IOC_CVE);
    assert_int_equal(guess("T1059.001"), KSZ_IOC_ATTACK);
    assert_int_equal(guess("AS 13335"), KSZ_IOC_ASN);
    assert_string_equal(out, "AS13335");
    assert_int_equal(guess("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"), KSZ_IOC_BTC);
    assert_int_equal(guess("HTTP://Evil.com/"), KSZ_IOC_URL);
    assert_string_equal(out, "http://evil.com");
    assert_int_equal(guess("Bad.Guy@Evil.com"), KSZ_IOC_EMAIL);
    assert_int_equal(guess("WWW.Evil.com."), KSZ_IOC_DOMAIN);
    assert_string_equal(out, "www.evil.com");
    assert_int_equal(guess("Invoice.PDF.exe"), KSZ_IOC_FILENAME);
    assert_string_equal(out, "Invoice.PDF.exe");
}

static void reads_extension_tlds_as_file_names_except_com(void **state)
{
    (void)state;
    assert_int_equal(guess("invoice.zip"), KSZ_IOC_FILENAME);
    assert_int_equal(guess("setup.py"), KSZ_IOC_FILENAME);
    assert_int_equal(guess("run.sh"), KSZ_IOC_FILENAME);
    assert_int_equal(guess("evil.com"), KSZ_IOC_DOMAIN);
    assert_int_equal(guess("evil.net"), KSZ_IOC_DOMAIN);
    assert_int_equal(guess("evil.zip/"), KSZ_IOC_NONE);
}

static void refuses_what_is_none_of_them(void **state)
{
    struct ksz_error err = {0};
    ksz_ioc_type t = KSZ_IOC_NONE;
    (void)state;
    assert_int_equal(guess("00:11:22:33:44:55"), KSZ_IOC_NONE);
    assert_int_equal(guess("hello"), KSZ_IOC_NONE);
    assert_int_equal(guess("photo.jpeg"), KSZ_IOC_NONE);
    assert_int_equal(guess(""), KSZ_IOC_NONE);
    assert_int_equal(ksz_ioc_classify("just words", 10, &t, out, sizeof out, NULL, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "just words"));
    assert_int_equal(t, KSZ_IOC_NONE);
}

static void reports_a_small_buffer_instead_of_guessing_on(void **state)
{
    char small[4];
    ksz_ioc_type t = KSZ_IOC_NONE;
    (void)state;
    memset(small, 'x', sizeof small);
    assert_int_equal(ksz_ioc_classify("8.8.8.8", 7, &t, small, sizeof small, NULL, NULL),
                     KSZ_ERR_LIMIT);
    assert_int_equal(t, KSZ_IOC_NONE);
    assert_int_equal(small[0], 'x');
}

static void names_types_and_reads_them_back(void **state)
{
    ksz_ioc_type t;
    (void)state;
    for (int i = KSZ_IOC_NONE + 1; i < KSZ_IOC__COUNT; i++) {
        const char *name = ksz_ioc_type_name((ksz_ioc_type)i);
        assert_true(strlen(name) > 0);
        assert_int_equal(ksz_ioc_type_from_name(name, strlen(name), &t), KSZ_OK);
        assert_int_equal(t, i);
    }
    assert_string_equal(ksz_ioc_type_name(KSZ_IOC_ATTACK), "attack-technique");
    assert_string_equal(ksz_ioc_type_name(KSZ_IOC_NONE), "");
    assert_string_equal(ksz_ioc_type_name(KSZ_IOC__COUNT), "");
    assert_string_equal(ksz_ioc_type_name((ksz_ioc_type)-1), "");
}

static void accepts_aliases_but_not_hash(void **state)
{
    ksz_ioc_type t = KSZ_IOC_NONE;
    (void)state;
    assert_int_equal(ksz_ioc_type_from_name("ip", 2, &t), KSZ_OK);
    assert_int_equal(t, KSZ_IOC_IPV4);
    assert_int_equal(ksz_ioc_type_from_name("cidr", 4, &t), KSZ_OK);
    assert_int_equal(t, KSZ_IOC_CIDR4);
    assert_int_equal(ksz_ioc_type_from_name("FQDN", 4, &t), KSZ_OK);
    assert_int_equal(t, KSZ_IOC_DOMAIN);
    assert_int_equal(ksz_ioc_type_from_name("hostname", 8, &t), KSZ_OK);
    assert_int_equal(t, KSZ_IOC_DOMAIN);
    assert_int_equal(ksz_ioc_type_from_name("technique", 9, &t), KSZ_OK);
    assert_int_equal(t, KSZ_IOC_ATTACK);
    assert_int_equal(ksz_ioc_type_from_name("attack", 6, &t), KSZ_OK);
    assert_int_equal(ksz_ioc_type_from_name("bitcoin", 7, &t), KSZ_OK);
    assert_int_equal(t, KSZ_IOC_BTC);
    t = KSZ_IOC_NONE;
    assert_int_equal(ksz_ioc_type_from_name("hash", 4, &t), KSZ_ERR_NOTFOUND);
    assert_int_equal(ksz_ioc_type_from_name("ipv44", 5, &t), KSZ_ERR_NOTFOUND);
    assert_int_equal(ksz_ioc_type_from_name("ipv4", 3, &t), KSZ_ERR_NOTFOUND);
    assert_int_equal(t, KSZ_IOC_NONE);
}

static void parses_type_sets_with_groups(void **state)
{
    ksz_ioc_typeset set = 0;
    struct ksz_error err = {0};
    (void)state;
    assert_int_equal(ksz_ioc_typeset_parse("all", 3, &set, NULL), KSZ_OK);
    assert_int_equal(set, KSZ_IOC_ALL);
    assert_int_equal(set & KSZ_IOC_BIT(KSZ_IOC_NONE), 0);
    assert_int_equal(ksz_ioc_typeset_parse("ip, url ,hash", 13, &set, NULL), KSZ_OK);
    assert_int_equal(set, KSZ_IOC_BIT(KSZ_IOC_IPV4) | KSZ_IOC_BIT(KSZ_IOC_IPV6) |
                              KSZ_IOC_BIT(KSZ_IOC_URL) | KSZ_IOC_BIT(KSZ_IOC_MD5) |
                              KSZ_IOC_BIT(KSZ_IOC_SHA1) | KSZ_IOC_BIT(KSZ_IOC_SHA256) |
                              KSZ_IOC_BIT(KSZ_IOC_SHA512));
    assert_int_equal(ksz_ioc_typeset_parse("cidr", 4, &set, NULL), KSZ_OK);
    assert_int_equal(set, KSZ_IOC_BIT(KSZ_IOC_CIDR4) | KSZ_IOC_BIT(KSZ_IOC_CIDR6));
    set = 7;
    assert_int_equal(ksz_ioc_typeset_parse("ipv4,bogus", 10, &set, &err), KSZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "bogus"));
    assert_non_null(strstr(err.msg, "offset 5"));
    assert_int_equal(set, 7);
    assert_int_equal(ksz_ioc_typeset_parse("ipv4,", 5, &set, NULL), KSZ_ERR_INVALID);
    assert_int_equal(ksz_ioc_typeset_parse("", 0, &set, NULL), KSZ_ERR_INVALID);
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
        cmocka_unit_test(guesses_every_type_and_canonicalises),
        cmocka_unit_test(reads_extension_tlds_as_file_names_except_com),
        cmocka_unit_test(refuses_what_is_none_of_them),
        cmocka_unit_test(reports_a_small_buffer_instead_of_guessing_on),
        cmocka_unit_test(names_types_and_reads_them_back),
        cmocka_unit_test(accepts_aliases_but_not_hash),
        cmocka_unit_test(parses_type_sets_with_groups),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
