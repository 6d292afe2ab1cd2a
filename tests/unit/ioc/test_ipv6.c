/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

/* Parse s and return its canonical text in buf, or NULL if it does not parse. */
static const char *canon(const char *s, char buf[46])
{
    uint8_t a[16];
    if (ksz_ipv6_parse(s, strlen(s), a, NULL) != KSZ_OK)
        return NULL;
    ksz_ipv6_format(a, buf);
    return buf;
}

static void writes_rfc5952_canonical_text(void **state)
{
    char b[46];
    (void)state;
    assert_string_equal(canon("2001:DB8:0:0:0:0:0:1", b), "2001:db8::1");
    assert_string_equal(canon("2001:0db8:0000:0000:0000:0000:0000:0001", b), "2001:db8::1");
    assert_string_equal(canon("::", b), "::");
    assert_string_equal(canon("::1", b), "::1");
    assert_string_equal(canon("1::", b), "1::");
    assert_string_equal(canon("fe80:0:0:0:1:0:0:1", b), "fe80::1:0:0:1");
    assert_string_equal(canon("1:0:0:2:0:0:3:4", b), "1::2:0:0:3:4"); /* first of equal runs */
    assert_string_equal(canon("2001:db8:0:1:1:1:1:1", b), "2001:db8:0:1:1:1:1:1"); /* lone zero */
    assert_string_equal(canon("2001:db8:0:0:1:0:0:0", b), "2001:db8:0:0:1::"); /* longest run */
    assert_string_equal(canon("1:2:3:4:5:6:7::", b), "1:2:3:4:5:6:7:0");
}

static void accepts_embedded_ipv4_and_formats_v4_mapped_dotted(void **state)
{
    char b[46];
    (void)state;
    assert_string_equal(canon("::ffff:1.2.3.4", b), "::ffff:1.2.3.4");
    assert_string_equal(canon("::FFFF:0102:0304", b), "::ffff:1.2.3.4");
    assert_string_equal(canon("64:ff9b::192.0.2.33", b), "64:ff9b::c000:221");
    assert_string_equal(canon("1:2:3:4:5:6:1.2.3.4", b), "1:2:3:4:5:6:102:304");
    assert_null(canon("1:2:3:4:5:6:7:1.2.3.4", b));
    assert_null(canon("::ffff:1.2.3.04", b));
    assert_null(canon("::1.2.3", b));
}

static void rejects_malformed_addresses(void **state)
{
    char b[46];
    (void)state;
    assert_null(canon("00:11:22:33:44:55", b)); /* a MAC address is not IPv6 */
    assert_null(canon("1:2:3:4:5:6:7", b));
    assert_null(canon("1:2:3:4:5:6:7:8:9", b));
    assert_null(canon("1:2:3:4:5:6:7:8::", b));
    assert_null(canon("1::2::3", b));
    assert_null(canon(":::", b));
    assert_null(canon(":1::", b));
    assert_null(canon("1:", b));
    assert_null(canon("12345::", b));
    assert_null(canon("g::1", b));
    assert_null(canon("fe80::1%eth0", b));
    assert_null(canon("[::1]", b));
    assert_null(canon("1.2.3.4", b));
    assert_null(canon("", b));
    assert_null(canon(":", b));
}

static void says_where_parsing_failed(void **state)
{
    struct ksz_error err = {0};
    uint8_t a[16] = {9};
    (void)state;
    assert_int_equal(ksz_ipv6_parse("1::2::3", 7, a, &err), KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "offset 4"));
    assert_int_equal(a[0], 9);
}

static void reads_only_the_given_length(void **state)
{
    uint8_t a[16];
    char b[46];
    (void)state;
    assert_int_equal(ksz_ipv6_parse("2001:db8::1xyz", 11, a, NULL), KSZ_OK);
    ksz_ipv6_format(a, b);
    assert_string_equal(b, "2001:db8::1");
}

static void formats_the_longest_address_within_the_buffer(void **state)
{
    char b[46];
    (void)state;
    assert_string_equal(canon("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", b),
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    assert_string_equal(canon("::ffff:255.255.255.255", b), "::ffff:255.255.255.255");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_rfc5952_canonical_text),
        cmocka_unit_test(accepts_embedded_ipv4_and_formats_v4_mapped_dotted),
        cmocka_unit_test(rejects_malformed_addresses),
        cmocka_unit_test(says_where_parsing_failed),
        cmocka_unit_test(reads_only_the_given_length),
        cmocka_unit_test(formats_the_longest_address_within_the_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
