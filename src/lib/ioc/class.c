/* SPDX-License-Identifier: Apache-2.0 */
/*
 * class.c - which addresses and names are not worth acting on: private,
 * loopback, link-local, multicast, documentation and reserved ranges.
 *
 * The tables follow the IANA special-purpose registries (RFC 6890) for the
 * ranges an analyst meets in reports; a range not listed here is public. The
 * first matching row wins, so narrower rows come before wider ones.
 */
#include <string.h>
#include "ioc/ioc_int.h"

struct v4_range {
    uint32_t net;
    unsigned prefix;
    ksz_ioc_class cls;
};

static const struct v4_range v4_ranges[] = {
    {0x00000000u, 8, KSZ_IOC_CLASS_RESERVED},       /* 0.0.0.0/8 "this network" */
    {0x0a000000u, 8, KSZ_IOC_CLASS_PRIVATE},        /* 10.0.0.0/8 */
    {0x64400000u, 10, KSZ_IOC_CLASS_PRIVATE},       /* 100.64.0.0/10 shared (RFC 6598) */
    {0x7f000000u, 8, KSZ_IOC_CLASS_LOOPBACK},       /* 127.0.0.0/8 */
    {0xa9fe0000u, 16, KSZ_IOC_CLASS_LINK_LOCAL},    /* 169.254.0.0/16 */
    {0xac100000u, 12, KSZ_IOC_CLASS_PRIVATE},       /* 172.16.0.0/12 */
    {0xc0000000u, 24, KSZ_IOC_CLASS_RESERVED},      /* 192.0.0.0/24 protocol assignments */
    {0xc0000200u, 24, KSZ_IOC_CLASS_DOCUMENTATION}, /* 192.0.2.0/24 TEST-NET-1 */
    {0xc0a80000u, 16, KSZ_IOC_CLASS_PRIVATE},       /* 192.168.0.0/16 */
    {0xc6120000u, 15, KSZ_IOC_CLASS_RESERVED},      /* 198.18.0.0/15 benchmarking */
    {0xc6336400u, 24, KSZ_IOC_CLASS_DOCUMENTATION}, /* 198.51.100.0/24 TEST-NET-2 */
    {0xcb007100u, 24, KSZ_IOC_CLASS_DOCUMENTATION}, /* 203.0.113.0/24 TEST-NET-3 */
    {0xe0000000u, 4, KSZ_IOC_CLASS_MULTICAST},      /* 224.0.0.0/4 */
    {0xf0000000u, 4, KSZ_IOC_CLASS_RESERVED},       /* 240.0.0.0/4, broadcast included */
};

ksz_ioc_class ksz_ipv4_class(uint32_t addr)
{
    for (size_t i = 0; i < sizeof v4_ranges / sizeof v4_ranges[0]; i++) {
        uint32_t mask = 0xffffffffu << (32 - v4_ranges[i].prefix);
        if ((addr & mask) == v4_ranges[i].net)
            return v4_ranges[i].cls;
    }
    return KSZ_IOC_CLASS_PUBLIC;
}

struct v6_range {
    uint8_t net[16];
    unsigned prefix;
    ksz_ioc_class cls;
};

static const struct v6_range v6_ranges[] = {
    {{0}, 128, KSZ_IOC_CLASS_RESERVED},                                /* :: unspecified */
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, KSZ_IOC_CLASS_LOOPBACK}, /* ::1 */
    {{0}, 96, KSZ_IOC_CLASS_RESERVED},                                 /* ::/96 deprecated */
    {{0x01, 0x00}, 64, KSZ_IOC_CLASS_RESERVED},                        /* 100::/64 discard */
    {{0x20, 0x01, 0x0d, 0xb8}, 32, KSZ_IOC_CLASS_DOCUMENTATION},       /* 2001:db8::/32 */
    {{0x3f, 0xff}, 20, KSZ_IOC_CLASS_DOCUMENTATION},                   /* 3fff::/20 (RFC 9637) */
    {{0xfc}, 7, KSZ_IOC_CLASS_PRIVATE},                                /* fc00::/7 unique local */
    {{0xfe, 0x80}, 10, KSZ_IOC_CLASS_LINK_LOCAL},                      /* fe80::/10 */
    {{0xfe, 0xc0}, 10, KSZ_IOC_CLASS_RESERVED},                        /* fec0::/10 site-local */
    {{0xff}, 8, KSZ_IOC_CLASS_MULTICAST},                              /* ff00::/8 */
};

static bool v6_in(const uint8_t a[16], const uint8_t net[16], unsigned prefix)
{
    unsigned full = prefix / 8, rest = prefix % 8;

    if (memcmp(a, net, full) != 0)
        return false;
    if (rest == 0)
        return true;
    return ((a[full] ^ net[full]) & (uint8_t)(0xffu << (8 - rest))) == 0;
}

ksz_ioc_class ksz_ipv6_class(const uint8_t addr[16])
{
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

    if (memcmp(addr, mapped, 12) == 0) {
        uint32_t v4 = ((uint32_t)addr[12] << 24) | ((uint32_t)addr[13] << 16) |
                      ((uint32_t)addr[14] << 8) | addr[15];
        return ksz_ipv4_class(v4);
    }
    for (size_t i = 0; i < sizeof v6_ranges / sizeof v6_ranges[0]; i++)
        if (v6_in(addr, v6_ranges[i].net, v6_ranges[i].prefix))
            return v6_ranges[i].cls;
    return KSZ_IOC_CLASS_PUBLIC;
}

/* True if s[0..len) is name or ends in "." name (case-insensitive). */
static bool is_or_under(const char *s, size_t len, const char *name)
{
    size_t n = strlen(name);

    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ksz__lower(s[len - n + i]) != name[i])
            return false;
    return len == n || s[len - n - 1] == '.';
}

ksz_ioc_class ksz_domain_class(const char *s, size_t len)
{
    static const char *const documentation[] = {"example.com", "example.net", "example.org",
                                                "example.jp", "example"};
    static const char *const reserved[] = {"test", "invalid", "localhost", "local"};
    static const char *const private_use[] = {"home.arpa", "internal"};

    if (len > 0 && s[len - 1] == '.')
        len--;
    for (size_t i = 0; i < sizeof documentation / sizeof documentation[0]; i++)
        if (is_or_under(s, len, documentation[i]))
            return KSZ_IOC_CLASS_DOCUMENTATION;
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (is_or_under(s, len, reserved[i]))
            return KSZ_IOC_CLASS_RESERVED;
    for (size_t i = 0; i < sizeof private_use / sizeof private_use[0]; i++)
        if (is_or_under(s, len, private_use[i]))
            return KSZ_IOC_CLASS_PRIVATE;
    return KSZ_IOC_CLASS_PUBLIC;
}

const char *ksz_ioc_class_name(ksz_ioc_class c)
{
    switch (c) {
    case KSZ_IOC_CLASS_PUBLIC:
        return "public";
    case KSZ_IOC_CLASS_PRIVATE:
        return "private";
    case KSZ_IOC_CLASS_LOOPBACK:
        return "loopback";
    case KSZ_IOC_CLASS_LINK_LOCAL:
        return "link-local";
    case KSZ_IOC_CLASS_MULTICAST:
        return "multicast";
    case KSZ_IOC_CLASS_DOCUMENTATION:
        return "documentation";
    case KSZ_IOC_CLASS_RESERVED:
        return "reserved";
    }
    return "";
}
