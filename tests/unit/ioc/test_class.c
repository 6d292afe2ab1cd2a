/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

static ksz_ioc_class v4(const char *s)
{
    uint32_t a;
    assert_int_equal(ksz_ipv4_parse(s, strlen(s), &a, NULL), KSZ_OK);
    return ksz_ipv4_class(a);
}

static ksz_ioc_class v6(const char *s)
{
    uint8_t a[16];
    assert_int_equal(ksz_ipv6_parse(s, strlen(s), a, NULL), KSZ_OK);
    return ksz_ipv6_class(a);
}

static ksz_ioc_class dom(const char *s)
{
    return ksz_domain_class(s, strlen(s));
}

static void classifies_ipv4_private_and_shared_ranges(void **state)
{
    (void)state;
    assert_int_equal(v4("10.0.0.1"), KSZ_IOC_CLASS_PRIVATE);
    assert_int_equal(v4("172.16.0.1"), KSZ_IOC_CLASS_PRIVATE);
    assert_int_equal(v4("172.31.255.255"), KSZ_IOC_CLASS_PRIVATE);
    assert_int_equal(v4("172.32.0.1"), KSZ_IOC_CLASS_PUBLIC);
    assert_int_equal(v4("172.15.255.255"), KSZ_IOC_CLASS_PUBLIC);
    assert_int_equal(v4("192.168.1.1"), KSZ_IOC_CLASS_PRIVATE);
    assert_int_equal(v4("100.64.0.1"), KSZ_IOC_CLASS_PRIVATE);
    assert_int_equal(v4("100.127.255.255"), KSZ_IOC_CLASS_PRIVATE);
    assert_int_equal(v4("100.128.0.0"), KSZ_IOC_CLASS_PUBLIC);
}

static void classifies_ipv4_special_ranges(void **state)
{
    (void)state;
    assert_int_equal(v4("127.0.0.1"), KSZ_IOC_CLASS_LOOPBACK);
    assert_int_equal(v4("169.254.10.1"), KSZ_IOC_CLASS_LINK_LOCAL);
    assert_int_equal(v4("224.0.0.251"), KSZ_IOC_CLASS_MULTICAST);
    assert_int_equal(v4("239.255.255.255"), KSZ_IOC_CLASS_MULTICAST);
    assert_int_equal(v4("192.0.2.1"), KSZ_IOC_CLASS_DOCUMENTATION);
    assert_int_equal(v4("198.51.100.7"), KSZ_IOC_CLASS_DOCUMENTATION);
    assert_int_equal(v4("203.0.113.255"), KSZ_IOC_CLASS_DOCUMENTATION);
    assert_int_equal(v4("203.0.114.0"), KSZ_IOC_CLASS_PUBLIC);
    assert_int_equal(v4("0.1.2.3"), KSZ_IOC_CLASS_RESERVED);
    assert_int_equal(v4("240.0.0.1"), KSZ_IOC_CLASS_RESERVED);
    assert_int_equal(v4("255.255.255.255"), KSZ_IOC_CLASS_RESERVED);
    assert_int_equal(v4("8.8.8.8"), KSZ_IOC_CLASS_PUBLIC);
    assert_int_equal(v4("1.1.1.1"), KSZ_IOC_CLASS_PUBLIC);
}

static void classifies_ipv6_ranges(void **state)
{
    (void)state;
    assert_int_equal(v6("::"), KSZ_IOC_CLASS_RESERVED);
    assert_int_equal(v6("::1"), KSZ_IOC_CLASS_LOOPBACK);
    assert_int_equal(v6("fc00::1"), KSZ_IOC_CLASS_PRIVATE);
    assert_int_equal(v6("fdff::1"), KSZ_IOC_CLASS_PRIVATE);
    assert_int_equal(v6("fe80::1"), KSZ_IOC_CLASS_LINK_LOCAL);
    assert_int_equal(v6("febf::1"), KSZ_IOC_CLASS_LINK_LOCAL);
    assert_int_equal(v6("ff02::1"), KSZ_IOC_CLASS_MULTICAST);
    assert_int_equal(v6("2001:db8::1"), KSZ_IOC_CLASS_DOCUMENTATION);
    assert_int_equal(v6("2001:db9::1"), KSZ_IOC_CLASS_PUBLIC);
    assert_int_equal(v6("2606:4700::1111"), KSZ_IOC_CLASS_PUBLIC);
}

static void classifies_v4_mapped_addresses_by_their_ipv4(void **state)
{
    (void)state;
    assert_int_equal(v6("::ffff:10.1.2.3"), KSZ_IOC_CLASS_PRIVATE);
    assert_int_equal(v6("::ffff:127.0.0.1"), KSZ_IOC_CLASS_LOOPBACK);
    assert_int_equal(v6("::ffff:8.8.8.8"), KSZ_IOC_CLASS_PUBLIC);
}

static void classifies_documentation_and_reserved_names(void **state)
{
    (void)state;
    assert_int_equal(dom("example.com"), KSZ_IOC_CLASS_DOCUMENTATION);
    assert_int_equal(dom("www.example.net"), KSZ_IOC_CLASS_DOCUMENTATION);
    assert_int_equal(dom("a.b.example.org"), KSZ_IOC_CLASS_DOCUMENTATION);
    assert_int_equal(dom("example.jp"), KSZ_IOC_CLASS_DOCUMENTATION);
    assert_int_equal(dom("foo.example"), KSZ_IOC_CLASS_DOCUMENTATION);
    assert_int_equal(dom("notexample.com"), KSZ_IOC_CLASS_PUBLIC);
    assert_int_equal(dom("example.com.evil.net"), KSZ_IOC_CLASS_PUBLIC);
    assert_int_equal(dom("host.test"), KSZ_IOC_CLASS_RESERVED);
    assert_int_equal(dom("x.invalid"), KSZ_IOC_CLASS_RESERVED);
    assert_int_equal(dom("localhost"), KSZ_IOC_CLASS_RESERVED);
    assert_int_equal(dom("app.localhost"), KSZ_IOC_CLASS_RESERVED);
    assert_int_equal(dom("printer.local"), KSZ_IOC_CLASS_RESERVED);
    assert_int_equal(dom("contest.com"), KSZ_IOC_CLASS_PUBLIC);
    assert_int_equal(dom("evil.com"), KSZ_IOC_CLASS_PUBLIC);
}

static void names_every_class(void **state)
{
    (void)state;
    assert_string_equal(ksz_ioc_class_name(KSZ_IOC_CLASS_PUBLIC), "public");
    assert_string_equal(ksz_ioc_class_name(KSZ_IOC_CLASS_PRIVATE), "private");
    assert_string_equal(ksz_ioc_class_name(KSZ_IOC_CLASS_LOOPBACK), "loopback");
    assert_string_equal(ksz_ioc_class_name(KSZ_IOC_CLASS_LINK_LOCAL), "link-local");
    assert_string_equal(ksz_ioc_class_name(KSZ_IOC_CLASS_MULTICAST), "multicast");
    assert_string_equal(ksz_ioc_class_name(KSZ_IOC_CLASS_DOCUMENTATION), "documentation");
    assert_string_equal(ksz_ioc_class_name(KSZ_IOC_CLASS_RESERVED), "reserved");
    assert_string_equal(ksz_ioc_class_name((ksz_ioc_class)99), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(classifies_ipv4_private_and_shared_ranges),
        cmocka_unit_test(classifies_ipv4_special_ranges),
        cmocka_unit_test(classifies_ipv6_ranges),
        cmocka_unit_test(classifies_v4_mapped_addresses_by_their_ipv4),
        cmocka_unit_test(classifies_documentation_and_reserved_names),
        cmocka_unit_test(names_every_class),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
