/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

static ksz_rc parse(const char *s, uint32_t *ip)
{
    return ksz_ipv4_parse(s, strlen(s), ip, NULL);
}

static void parses_dotted_quads_at_the_octet_boundaries(void **state)
{
    uint32_t ip = 0;
    (void)state;
    assert_int_equal(parse("0.0.0.0", &ip), KSZ_OK);
    assert_int_equal(ip, 0);
    assert_int_equal(parse("255.255.255.255", &ip), KSZ_OK);
    assert_int_equal(ip, 0xffffffffu);
    assert_int_equal(parse("192.0.2.10", &ip), KSZ_OK);
    assert_int_equal(ip, 0xc000020au);
    assert_int_equal(parse("256.1.1.1", &ip), KSZ_ERR_PARSE);
    assert_int_equal(parse("1.1.1.256", &ip), KSZ_ERR_PARSE);
}

static void rejects_leading_zero_and_says_where(void **state)
{
    struct ksz_error err = {0};
    uint32_t ip = 7;
    (void)state;
    assert_int_equal(ksz_ipv4_parse("010.0.0.1", 9, &ip, &err), KSZ_ERR_PARSE);
    assert_int_equal(ip, 7); /* untouched on failure */
    assert_non_null(strstr(err.msg, "octet 1"));
    assert_int_equal(parse("1.2.3.04", &ip), KSZ_ERR_PARSE);
    assert_int_equal(parse("1.2.3.0", &ip), KSZ_OK);
}

static void rejects_shorthand_and_extra_parts(void **state)
{
    uint32_t ip;
    (void)state;
    assert_int_equal(parse("10.1", &ip), KSZ_ERR_PARSE);
    assert_int_equal(parse("1.2.3", &ip), KSZ_ERR_PARSE);
    assert_int_equal(parse("1.2.3.4.5", &ip), KSZ_ERR_PARSE);
    assert_int_equal(parse("1.2.3.4.", &ip), KSZ_ERR_PARSE);
    assert_int_equal(parse(".1.2.3.4", &ip), KSZ_ERR_PARSE);
    assert_int_equal(parse("0x7f.0.0.1", &ip), KSZ_ERR_PARSE);
    assert_int_equal(parse("1..2.3", &ip), KSZ_ERR_PARSE);
    assert_int_equal(parse("1.2.3.4 ", &ip), KSZ_ERR_PARSE);
    assert_int_equal(parse("1.2.3.1000", &ip), KSZ_ERR_PARSE);
    assert_int_equal(parse("", &ip), KSZ_ERR_PARSE);
}

static void reads_only_the_given_length(void **state)
{
    uint32_t ip = 0;
    (void)state;
    /* Not NUL-terminated after the value: the trailing digits are not read. */
    assert_int_equal(ksz_ipv4_parse("1.2.3.45678", 7, &ip, NULL), KSZ_OK);
    assert_int_equal(ip, 0x01020304u);
}

static void formats_without_leading_zeros(void **state)
{
    char buf[16];
    (void)state;
    ksz_ipv4_format(0x0a000001u, buf);
    assert_string_equal(buf, "10.0.0.1");
    ksz_ipv4_format(0xffffffffu, buf);
    assert_string_equal(buf, "255.255.255.255");
    ksz_ipv4_format(0, buf);
    assert_string_equal(buf, "0.0.0.0");
}

static void canonicalises_through_the_dispatcher(void **state)
{
    char out[16];
    size_t n = 0;
    (void)state;
    assert_int_equal(ksz_ioc_canon(KSZ_IOC_IPV4, "8.8.4.4", 7, out, sizeof out, &n, NULL), KSZ_OK);
    assert_string_equal(out, "8.8.4.4");
    assert_int_equal(n, 7);
    assert_int_equal(ksz_ioc_canon(KSZ_IOC_IPV4, "8.8.4.4", 7, out, 7, &n, NULL), KSZ_ERR_LIMIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_dotted_quads_at_the_octet_boundaries),
        cmocka_unit_test(rejects_leading_zero_and_says_where),
        cmocka_unit_test(rejects_shorthand_and_extra_parts),
        cmocka_unit_test(reads_only_the_given_length),
        cmocka_unit_test(formats_without_leading_zeros),
        cmocka_unit_test(canonicalises_through_the_dispatcher),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
