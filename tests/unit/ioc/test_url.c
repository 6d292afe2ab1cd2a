/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "core/core_int.h"
#include "kizashi/ioc.h"

static char out[KSZ_IOC_VALUE_MAX + 1];

static const char *canon(const char *s)
{
    if (ksz_url_canon(s, strlen(s), out, sizeof out, NULL, NULL, NULL) != KSZ_OK)
        return NULL;
    return out;
}

static void lower_cases_scheme_and_host_only(void **state)
{
    (void)state;
    assert_string_equal(canon("HTTP://EVIL.Com/Path/File.PHP?ID=AbC#Frag"),
                        "http://evil.com/Path/File.PHP?ID=AbC#Frag");
    assert_string_equal(canon("https://User:PW@Evil.COM/x"), "https://User:PW@evil.com/x");
}

static void drops_default_ports_and_a_bare_slash(void **state)
{
    (void)state;
    assert_string_equal(canon("http://evil.com/"), "http://evil.com");
    assert_string_equal(canon("http://evil.com"), "http://evil.com");
    assert_string_equal(canon("http://evil.com:80/"), "http://evil.com");
    assert_string_equal(canon("https://evil.com:443/a"), "https://evil.com/a");
    assert_string_equal(canon("ftp://evil.com:21/a"), "ftp://evil.com/a");
    assert_string_equal(canon("ws://evil.com:80/a"), "ws://evil.com/a");
    assert_string_equal(canon("wss://evil.com:443/a"), "wss://evil.com/a");
    assert_string_equal(canon("http://evil.com:443/"), "http://evil.com:443");
    assert_string_equal(canon("http://evil.com:08080/x"), "http://evil.com:8080/x");
    assert_string_equal(canon("http://evil.com:/x"), "http://evil.com/x");
    assert_string_equal(canon("http://evil.com/?q"), "http://evil.com/?q");
    assert_string_equal(canon("http://evil.com?q"), "http://evil.com?q");
    assert_string_equal(canon("http://evil.com//"), "http://evil.com//");
}

static void accepts_any_scheme_with_an_authority(void **state)
{
    (void)state;
    assert_string_equal(canon("stratum+tcp://Pool.Minexmr.com:4444"),
                        "stratum+tcp://pool.minexmr.com:4444");
    assert_string_equal(canon("tcp://1.2.3.4:4444"), "tcp://1.2.3.4:4444");
    assert_null(canon("mailto:user@evil.com"));
    assert_null(canon("file:///etc/passwd"));
    assert_null(canon("1http://evil.com"));
    assert_null(canon("ht_tp://evil.com"));
    assert_null(canon("evil.com/path"));
}

static void canonicalises_ip_and_idn_hosts(void **state)
{
    (void)state;
    assert_string_equal(canon("http://[2001:DB8:0::1]:8080/x"), "http://[2001:db8::1]:8080/x");
    assert_string_equal(canon("http://[::ffff:1.2.3.4]/"), "http://[::ffff:1.2.3.4]");
    assert_string_equal(canon("http://bücher.de/Ä"), "http://xn--bcher-kva.de/Ä");
    assert_string_equal(canon("http://1.2.3.4:8080/a"), "http://1.2.3.4:8080/a");
    assert_null(canon("http://[2001:db8::1/x"));
    assert_null(canon("http://[fe80::1%25eth0]/"));
    assert_null(canon("http://01.2.3.4/"));
    assert_null(canon("http://evil.notatld/"));
    assert_null(canon("http://localhost/"));
    assert_null(canon("http:///x"));
}

static void refuses_bad_ports_and_spaces(void **state)
{
    struct ksz_error err = {0};
    (void)state;
    assert_null(canon("http://evil.com:65536/"));
    assert_null(canon("http://evil.com:0/"));
    assert_null(canon("http://evil.com:8o/"));
    assert_string_equal(canon("http://evil.com:65535/"), "http://evil.com:65535");
    assert_int_equal(ksz_url_canon("http://evil.com/a b", 19, out, sizeof out, NULL, NULL, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "offset 17"));
}

static void reports_the_parts_in_the_canonical_text(void **state)
{
    struct ksz_url u;
    size_t n = 0;
    const char *in = "HTTPS://u@[2001:db8::1]:8443/p?q";
    (void)state;
    assert_int_equal(ksz_url_canon(in, strlen(in), out, sizeof out, &n, &u, NULL), KSZ_OK);
    assert_string_equal(out, "https://u@[2001:db8::1]:8443/p?q");
    assert_int_equal(n, strlen(out));
    assert_int_equal(u.scheme_len, 5);
    assert_int_equal(u.host_off, 11);
    assert_int_equal(u.host_len, 11);
    assert_memory_equal(out + u.host_off, "2001:db8::1", 11);
    assert_int_equal(u.host_type, KSZ_IOC_IPV6);
    assert_int_equal(u.port, 8443);
    assert_string_equal(out + u.path_off, "/p?q");
    assert_int_equal(ksz_url_canon("http://evil.com:80", 18, out, sizeof out, NULL, &u, NULL),
                     KSZ_OK);
    assert_int_equal(u.port, 0);
    assert_int_equal(u.host_type, KSZ_IOC_DOMAIN);
    assert_int_equal(u.path_off, strlen(out));
}

static void keeps_out_untouched_when_too_small_or_too_long(void **state)
{
    char small[16];
    static char big[KSZ_IOC_VALUE_MAX + 32];
    (void)state;
    memset(small, 'x', sizeof small);
    assert_int_equal(ksz_url_canon("http://evil.com/abc", 19, small, sizeof small, NULL, NULL,
                                   NULL),
                     KSZ_ERR_LIMIT);
    assert_int_equal(small[0], 'x');
    memcpy(big, "http://evil.com/", 16);
    memset(big + 16, 'a', sizeof big - 16);
    assert_int_equal(ksz_url_canon(big, sizeof big, out, sizeof out, NULL, NULL, NULL),
                     KSZ_ERR_PARSE);
}

static void canonicalises_without_allocating(void **state)
{
    (void)state;
    assert_int_equal(ksz_ioc_global_init(NULL), KSZ_OK);
    ksz__alloc_fail_after(0);
    assert_string_equal(canon("http://Evil.com:80/x"), "http://evil.com/x");
    ksz__alloc_fail_after(-1);
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
        cmocka_unit_test(lower_cases_scheme_and_host_only),
        cmocka_unit_test(drops_default_ports_and_a_bare_slash),
        cmocka_unit_test(accepts_any_scheme_with_an_authority),
        cmocka_unit_test(canonicalises_ip_and_idn_hosts),
        cmocka_unit_test(refuses_bad_ports_and_spaces),
        cmocka_unit_test(reports_the_parts_in_the_canonical_text),
        cmocka_unit_test(keeps_out_untouched_when_too_small_or_too_long),
        cmocka_unit_test(canonicalises_without_allocating),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
