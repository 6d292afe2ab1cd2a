/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cidr.c - CIDR blocks "a.b.c.d/n" and "v6/n".
 *
 * The prefix is required and written in plain decimal (no sign, no leading
 * zero). Host bits are cleared on parse, so "10.1.2.3/8" and "10.0.0.0/8"
 * are the same block and canonicalise to the same text.
 */
#include <assert.h>
#include <string.h>
#include "ioc/ioc_int.h"

/* Split s at the last '/' and parse the prefix (0..max). */
static ksz_rc split_prefix(const char *s, size_t len, unsigned max, size_t *slash,
                           unsigned *prefix, const char *area, struct ksz_error *err)
{
    size_t i = len;
    unsigned v = 0;

    while (i > 0 && s[i - 1] != '/')
        i--;
    if (i == 0)
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s: missing '/prefix'", area);
    if (i == len || len - i > 3 || (s[i] == '0' && len - i > 1))
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s: bad prefix at offset %zu", area, i);
    for (size_t k = i; k < len; k++) {
        if (!ksz__is_digit(s[k]))
            return ksz_error_set(err, KSZ_ERR_PARSE, "%s: bad prefix at offset %zu", area, k);
        v = v * 10 + (unsigned)(s[k] - '0');
    }
    if (v > max)
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s: prefix /%u longer than /%u at offset %zu",
                             area, v, max, i);
    *slash = i - 1;
    *prefix = v;
    return KSZ_OK;
}

ksz_rc ksz_cidr4_parse(const char *s, size_t len, uint32_t *addr, unsigned *prefix,
                       struct ksz_error *err)
{
    size_t slash;
    unsigned p;
    uint32_t a;
    ksz_rc rc;

    assert(addr != NULL && prefix != NULL);
    assert(s != NULL || len == 0);
    rc = split_prefix(s, len, 32, &slash, &p, "cidr4", err);
    if (rc != KSZ_OK)
        return rc;
    rc = ksz_ipv4_parse(s, slash, &a, err);
    if (rc != KSZ_OK)
        return rc;
    *addr = p == 0 ? 0 : a & (0xffffffffu << (32 - p));
    *prefix = p;
    return KSZ_OK;
}

ksz_rc ksz_cidr6_parse(const char *s, size_t len, uint8_t addr[16], unsigned *prefix,
                       struct ksz_error *err)
{
    size_t slash;
    unsigned p;
    uint8_t a[16];
    ksz_rc rc;

    assert(addr != NULL && prefix != NULL);
    assert(s != NULL || len == 0);
    rc = split_prefix(s, len, 128, &slash, &p, "cidr6", err);
    if (rc != KSZ_OK)
        return rc;
    rc = ksz_ipv6_parse(s, slash, a, err);
    if (rc != KSZ_OK)
        return rc;
    for (unsigned bit = p; bit < 128; bit++)
        a[bit / 8] &= (uint8_t) ~(0x80u >> (bit % 8));
    memcpy(addr, a, 16);
    *prefix = p;
    return KSZ_OK;
}

static size_t put_prefix(char *buf, unsigned prefix)
{
    size_t o = 0;

    buf[o++] = '/';
    if (prefix >= 100)
        buf[o++] = (char)('0' + prefix / 100);
    if (prefix >= 10)
        buf[o++] = (char)('0' + (prefix / 10) % 10);
    buf[o++] = (char)('0' + prefix % 10);
    buf[o] = '\0';
    return o;
}

size_t ksz__cidr4_format(uint32_t addr, unsigned prefix, char *buf)
{
    size_t n;

    ksz_ipv4_format(addr, buf);
    n = strlen(buf);
    return n + put_prefix(buf + n, prefix);
}

size_t ksz__cidr6_format(const uint8_t addr[16], unsigned prefix, char *buf)
{
    size_t n;

    ksz_ipv6_format(addr, buf);
    n = strlen(buf);
    return n + put_prefix(buf + n, prefix);
}
