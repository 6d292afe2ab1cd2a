/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

static const char *canon(ksz_ioc_type t, const char *s, char *out, size_t cap)
{
    if (ksz_ioc_canon(t, s, strlen(s), out, cap, NULL, NULL) != KSZ_OK)
        return NULL;
    return out;
}

static void clears_host_bits_in_ipv4_blocks(void **state)
{
    char out[64];
    uint32_t a = 0;
    unsigned p = 0;
    (void)state;
    assert_string_equal(canon(KSZ_IOC_CIDR4, "10.1.2.3/8", out, sizeof out), "10.0.0.0/8");
    assert_int_equal(ksz_cidr4_parse("10.1.2.3/8", 10, &a, &p, NULL), KSZ_OK);
    assert_int_equal(a, 0x0a000000u);
    assert_int_equal(p, 8);
    assert_string_equal(canon(KSZ_IOC_CIDR4, "1.2.3.4/0", out, sizeof out), "0.0.0.0/0");
    assert_string_equal(canon(KSZ_IOC_CIDR4, "1.2.3.4/32", out, sizeof out), "1.2.3.4/32");
    assert_string_equal(canon(KSZ_IOC_CIDR4, "192.168.1.255/23", out, sizeof out),
                        "192.168.0.0/23");
}

static void refuses_ipv4_prefixes_past_32_and_odd_spellings(void **state)
{
    char out[64];
    struct ksz_error err = {0};
    uint32_t a = 5;
    unsigned p = 5;
    (void)state;
    assert_int_equal(ksz_cidr4_parse("1.2.3.4/33", 10, &a, &p, &err), KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "/33"));
    assert_int_equal(a, 5);
    assert_int_equal(p, 5);
    assert_null(canon(KSZ_IOC_CIDR4, "1.2.3.4", out, sizeof out));
    assert_null(canon(KSZ_IOC_CIDR4, "1.2.3.4/", out, sizeof out));
    assert_null(canon(KSZ_IOC_CIDR4, "1.2.3.4/08", out, sizeof out));
    assert_null(canon(KSZ_IOC_CIDR4, "1.2.3.4/+8", out, sizeof out));
    assert_null(canon(KSZ_IOC_CIDR4, "1.2.3.4/8/8", out, sizeof out));
    assert_null(canon(KSZ_IOC_CIDR4, "1.2.3/8", out, sizeof out));
    assert_null(canon(KSZ_IOC_CIDR4, "/8", out, sizeof out));
}

static void canonicalises_ipv6_blocks(void **state)
{
    char out[64];
    (void)state;
    assert_string_equal(canon(KSZ_IOC_CIDR6, "2001:DB8:ffff::1/32", out, sizeof out),
                        "2001:db8::/32");
    assert_string_equal(canon(KSZ_IOC_CIDR6, "2001:db8::1/128", out, sizeof out),
                        "2001:db8::1/128");
    assert_string_equal(canon(KSZ_IOC_CIDR6, "::/0", out, sizeof out), "::/0");
    assert_string_equal(canon(KSZ_IOC_CIDR6, "2001:db8:abcd:12ff::/63", out, sizeof out),
                        "2001:db8:abcd:12fe::/63");
    assert_null(canon(KSZ_IOC_CIDR6, "2001:db8::/129", out, sizeof out));
    assert_null(canon(KSZ_IOC_CIDR6, "2001:db8::", out, sizeof out));
    assert_null(canon(KSZ_IOC_CIDR6, "10.0.0.0/8", out, sizeof out));
    assert_null(canon(KSZ_IOC_CIDR4, "2001:db8::/32", out, sizeof out));
}

static void reports_a_small_output_buffer(void **state)
{
    char out[64];
    (void)state;
    memset(out, 'x', sizeof out);
    assert_int_equal(ksz_ioc_canon(KSZ_IOC_CIDR4, "10.0.0.0/8", 10, out, 10, NULL, NULL),
                     KSZ_ERR_LIMIT);
    assert_int_equal(out[0], 'x');
    assert_int_equal(ksz_ioc_canon(KSZ_IOC_CIDR4, "10.0.0.0/8", 10, out, 11, NULL, NULL),
                     KSZ_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clears_host_bits_in_ipv4_blocks),
        cmocka_unit_test(refuses_ipv4_prefixes_past_32_and_odd_spellings),
        cmocka_unit_test(canonicalises_ipv6_blocks),
        cmocka_unit_test(reports_a_small_output_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
