/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ipv4.c - strict dotted-quad IPv4 parsing and formatting.
 *
 * Leading zeros are refused: "010.1.1.1" is octal to some resolvers, and an
 * indicator that can mean two hosts is worse than no indicator. Shorthand
 * forms ("10.1", "0x7f.1") are refused for the same reason.
 */
#include <assert.h>
#include "ioc/ioc_int.h"

ksz_rc ksz_ipv4_parse(const char *s, size_t len, uint32_t *out, struct ksz_error *err)
{
    uint32_t addr = 0;
    size_t i = 0;

    assert(out != NULL);
    assert(s != NULL || len == 0);
    for (int octet = 0; octet < 4; octet++) {
        unsigned value = 0;
        size_t start;

        if (octet > 0) {
            if (i >= len || s[i] != '.')
                return ksz_error_set(err, KSZ_ERR_PARSE, "ipv4: expected '.' at offset %zu", i);
            i++;
        }
        start = i;
        while (i < len && i - start < 3 && ksz__is_digit(s[i])) /* value stays < 1000 */
            value = value * 10 + (unsigned)(s[i++] - '0');
        if (i == start || value > 255 || (s[start] == '0' && i - start > 1))
            return ksz_error_set(err, KSZ_ERR_PARSE, "ipv4: bad octet %d at offset %zu",
                                 octet + 1, start);
        addr = (addr << 8) | value;
    }
    if (i != len)
        return ksz_error_set(err, KSZ_ERR_PARSE, "ipv4: trailing bytes at offset %zu", i);
    *out = addr;
    return KSZ_OK;
}

void ksz_ipv4_format(uint32_t addr, char buf[16])
{
    size_t o = 0;

    for (int shift = 24; shift >= 0; shift -= 8) {
        unsigned v = (addr >> shift) & 0xffu;
        if (v >= 100)
            buf[o++] = (char)('0' + v / 100);
        if (v >= 10)
            buf[o++] = (char)('0' + (v / 10) % 10);
        buf[o++] = (char)('0' + v % 10);
        if (shift > 0)
            buf[o++] = '.';
    }
    buf[o] = '\0';
}
