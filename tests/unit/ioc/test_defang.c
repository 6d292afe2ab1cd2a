/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

static char out[512];

static const char *defang(ksz_ioc_type t, const char *s, const struct ksz_defang_opts *o)
{
    if (ksz_defang(t, s, strlen(s), o, out, sizeof out, NULL, NULL) != KSZ_OK)
        return NULL;
    return out;
}

static void sets_the_documented_defaults(void **state)
{
    struct ksz_defang_opts o;
    (void)state;
    memset(&o, 0xff, sizeof o);
    ksz_defang_opts_init(&o);
    assert_true(o.scheme);
    assert_true(o.colon);
    assert_true(o.at);
    assert_false(o.dots_all);
    assert_false(o.brackets_paren);
}

static void defangs_urls_scheme_colon_and_last_host_dot(void **state)
{
    size_t n = 0;
    (void)state;
    assert_int_equal(ksz_defang(KSZ_IOC_URL, "http://evil.com/a.php", 21, NULL, out, sizeof out,
                                &n, NULL),
                     KSZ_OK);
    assert_string_equal(out, "hxxp[:]//evil[.]com/a.php");
    assert_int_equal(n, strlen(out));
    assert_string_equal(defang(KSZ_IOC_URL, "https://www.evil.co.uk:8443/x?y=1.2", NULL),
                        "hxxps[:]//www.evil.co[.]uk:8443/x?y=1.2");
    assert_string_equal(defang(KSZ_IOC_URL, "ftp://user@1.2.3.4/f", NULL),
                        "fxp[:]//user@1.2.3[.]4/f");
    assert_string_equal(defang(KSZ_IOC_URL, "tcp://evil.com:4444", NULL),
                        "tcp[:]//evil[.]com:4444");
    assert_string_equal(defang(KSZ_IOC_URL, "http://[2001:db8::1]/", NULL),
                        "hxxp[:]//[2001:db8::1]/");
}

static void follows_the_options(void **state)
{
    struct ksz_defang_opts o;
    (void)state;
    ksz_defang_opts_init(&o);
    o.dots_all = true;
    assert_string_equal(defang(KSZ_IOC_URL, "http://a.evil.com/x.y", &o),
                        "hxxp[:]//a[.]evil[.]com/x.y");
    assert_string_equal(defang(KSZ_IOC_IPV4, "1.2.3.4", &o), "1[.]2[.]3[.]4");
    o.brackets_paren = true;
    assert_string_equal(defang(KSZ_IOC_DOMAIN, "a.evil.com", &o), "a(.)evil(.)com");
    assert_string_equal(defang(KSZ_IOC_EMAIL, "u@evil.com", &o), "u(@)evil(.)com");
    assert_string_equal(defang(KSZ_IOC_URL, "http://evil.com", &o), "hxxp(:)//evil(.)com");
    ksz_defang_opts_init(&o);
    o.scheme = false;
    o.colon = false;
    o.at = false;
    assert_string_equal(defang(KSZ_IOC_URL, "http://evil.com/", &o), "http://evil[.]com/");
    assert_string_equal(defang(KSZ_IOC_EMAIL, "u@evil.com", &o), "u@evil[.]com");
}

static void defangs_addresses_names_and_mail(void **state)
{
    (void)state;
    assert_string_equal(defang(KSZ_IOC_IPV4, "1.2.3.4", NULL), "1.2.3[.]4");
    assert_string_equal(defang(KSZ_IOC_CIDR4, "10.0.0.0/8", NULL), "10.0.0[.]0/8");
    assert_string_equal(defang(KSZ_IOC_DOMAIN, "www.evil.com", NULL), "www.evil[.]com");
    assert_string_equal(defang(KSZ_IOC_EMAIL, "user@evil.com", NULL), "user[@]evil[.]com");
    assert_string_equal(defang(KSZ_IOC_EMAIL, "first.last@evil.com", NULL),
                        "first.last[@]evil[.]com");
}

static void copies_other_types_unchanged(void **state)
{
    (void)state;
    assert_string_equal(defang(KSZ_IOC_MD5, "d41d8cd98f00b204e9800998ecf8427e", NULL),
                        "d41d8cd98f00b204e9800998ecf8427e");
    assert_string_equal(defang(KSZ_IOC_CVE, "CVE-2021-44228", NULL), "CVE-2021-44228");
    assert_string_equal(defang(KSZ_IOC_FILENAME, "evil.exe", NULL), "evil.exe");
    assert_string_equal(defang(KSZ_IOC_IPV6, "2001:db8::1", NULL), "2001:db8::1");
}

static void leaves_out_untouched_when_too_small(void **state)
{
    char small[16];
    (void)state;
    memset(small, 'x', sizeof small);
    /* "hxxp[:]//evil[.]com" is 19 bytes */
    assert_int_equal(ksz_defang(KSZ_IOC_URL, "http://evil.com", 15, NULL, small, sizeof small,
                                NULL, NULL),
                     KSZ_ERR_LIMIT);
    assert_int_equal(small[0], 'x');
    assert_int_equal(ksz_defang(KSZ_IOC_URL, "http://evil.com", 15, NULL, out, 20, NULL, NULL),
                     KSZ_OK);
    assert_int_equal(ksz_defang(KSZ_IOC_URL, "http://evil.com", 15, NULL, out, 19, NULL, NULL),
                     KSZ_ERR_LIMIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sets_the_documented_defaults),
        cmocka_unit_test(defangs_urls_scheme_colon_and_last_host_dot),
        cmocka_unit_test(follows_the_options),
        cmocka_unit_test(defangs_addresses_names_and_mail),
        cmocka_unit_test(copies_other_types_unchanged),
        cmocka_unit_test(leaves_out_untouched_when_too_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
