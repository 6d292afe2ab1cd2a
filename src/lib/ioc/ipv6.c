/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ipv6.c - IPv6 text parsing (RFC 4291) and RFC 5952 canonical formatting.
 *
 * Canonical text is what makes two spellings of one address compare equal:
 * lower case, no leading zeros, the longest run of two or more zero groups
 * compressed (the first such run on a tie), and v4-mapped addresses in dotted
 * form. Zone ids and brackets are refused here; the URL parser strips
 * brackets itself.
 */
#include <assert.h>
#include <string.h>
#include "ioc/ioc_int.h"

ksz_rc ksz_ipv6_parse(const char *s, size_t len, uint8_t out[16], struct ksz_error *err)
{
    uint8_t a[16] = {0};
    int ngroups = 0;     /* 16-bit groups written to a[] */
    int gap = -1;        /* group index where "::" sits */
    size_t i = 0;

    assert(out != NULL);
    assert(s != NULL || len == 0);
    if (len < 2)
        return ksz_error_set(err, KSZ_ERR_PARSE, "ipv6: too short");
    if (s[0] == ':') {
        if (s[1] != ':')
            return ksz_error_set(err, KSZ_ERR_PARSE, "ipv6: lone ':' at offset 0");
        gap = 0;
        i = 2;
        if (i == len) {
            memcpy(out, a, 16);
            return KSZ_OK;
        }
    }
    for (;;) {
        size_t start = i;
        unsigned v = 0;

        while (i < len && i - start < 4 && ksz__hexval(s[i]) >= 0)
            v = (v << 4) | (unsigned)ksz__hexval(s[i++]);
        if (i < len && s[i] == '.') {
            /* Embedded IPv4 ends the address and fills the last two groups. */
            uint32_t v4;
            if (ngroups > 6 || ksz_ipv4_parse(s + start, len - start, &v4, NULL) != KSZ_OK)
                return ksz_error_set(err, KSZ_ERR_PARSE,
                                     "ipv6: bad embedded IPv4 at offset %zu", start);
            a[ngroups * 2] = (uint8_t)(v4 >> 24);
            a[ngroups * 2 + 1] = (uint8_t)(v4 >> 16);
            a[ngroups * 2 + 2] = (uint8_t)(v4 >> 8);
            a[ngroups * 2 + 3] = (uint8_t)v4;
            ngroups += 2;
            i = len;
            break;
        }
        if (i == start)
            return ksz_error_set(err, KSZ_ERR_PARSE, "ipv6: expected hex digits at offset %zu",
                                 i);
        if (i < len && ksz__hexval(s[i]) >= 0)
            return ksz_error_set(err, KSZ_ERR_PARSE, "ipv6: group too long at offset %zu",
                                 start);
        if (ngroups == 8)
            return ksz_error_set(err, KSZ_ERR_PARSE, "ipv6: too many groups at offset %zu",
                                 start);
        a[ngroups * 2] = (uint8_t)(v >> 8);
        a[ngroups * 2 + 1] = (uint8_t)v;
        ngroups++;
        if (i == len)
            break;
        if (s[i] != ':')
            return ksz_error_set(err, KSZ_ERR_PARSE, "ipv6: unexpected byte at offset %zu", i);
        i++;
        if (i < len && s[i] == ':') {
            if (gap >= 0)
                return ksz_error_set(err, KSZ_ERR_PARSE, "ipv6: second '::' at offset %zu",
                                     i - 1);
            gap = ngroups;
            i++;
            if (i == len)
                break;
        } else if (i == len) {
            return ksz_error_set(err, KSZ_ERR_PARSE, "ipv6: trailing ':' at offset %zu", i - 1);
        }
    }
    if (gap < 0) {
        if (ngroups != 8)
            return ksz_error_set(err, KSZ_ERR_PARSE, "ipv6: %d groups, expected 8", ngroups);
    } else {
        int tail = ngroups - gap;
        /* "::" stands for at least one group of zeros. */
        if (ngroups > 7)
            return ksz_error_set(err, KSZ_ERR_PARSE, "ipv6: '::' with 8 groups");
        memmove(a + 16 - tail * 2, a + gap * 2, (size_t)tail * 2);
        memset(a + gap * 2, 0, (size_t)(16 - ngroups * 2));
    }
    memcpy(out, a, 16);
    return KSZ_OK;
}

static size_t put_hex_group(char *buf, unsigned v)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    bool started = false;

    for (int shift = 12; shift >= 0; shift -= 4) {
        unsigned d = (v >> shift) & 15u;
        if (d != 0 || started || shift == 0) {
            buf[o++] = hex[d];
            started = true;
        }
    }
    return o;
}

void ksz_ipv6_format(const uint8_t addr[16], char buf[46])
{
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    unsigned g[8];
    int best = -1, bestlen = 0;
    size_t o = 0;

    if (memcmp(addr, mapped, 12) == 0) {
        uint32_t v4 = ((uint32_t)addr[12] << 24) | ((uint32_t)addr[13] << 16) |
                      ((uint32_t)addr[14] << 8) | addr[15];
        memcpy(buf, "::ffff:", 7);
        ksz_ipv4_format(v4, buf + 7);
        return;
    }
    for (int k = 0; k < 8; k++)
        g[k] = ((unsigned)addr[k * 2] << 8) | addr[k * 2 + 1];
    for (int k = 0; k < 8;) {
        int run = 0;
        while (k + run < 8 && g[k + run] == 0)
            run++;
        if (run > bestlen) {
            best = k;
            bestlen = run;
        }
        k += run ? run : 1;
    }
    if (bestlen < 2)
        best = -1;
    for (int k = 0; k < 8; k++) {
        if (k == best) {
            buf[o++] = ':';
            if (k == 0)
                buf[o++] = ':';
            k += bestlen - 1;
            continue;
        }
        o += put_hex_group(buf + o, g[k]);
        if (k < 7)
            buf[o++] = ':';
    }
    buf[o] = '\0';
}
