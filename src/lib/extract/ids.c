/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ids.c - indicators that are one alphanumeric token: hashes (by length),
 * CVE ids, ATT&CK technique ids, AS numbers and Bitcoin addresses.
 *
 * The decision a reader must know: a hash is a whole hex token of exactly
 * 32, 40, 64 or 128 digits, delimited by non-alphanumerics; "0x..." serials,
 * GUID groups and 76-digit Tox ids are other lengths or not all hex, so they
 * fall out by construction. AS numbers need an upper-case "AS"/"ASN", so the
 * English word "as" before a number is not one.
 */
#include <string.h>
#include "extract/extract_int.h"

#define CL(c) ksz__xclass[(unsigned char)(c)]

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

void ksz__x_cve(struct ksz_extractor *x, const struct xline *l, size_t s, size_t e)
{
    const char *t = l->t;

    for (size_t i = s; i + 13 <= e; i++) {
        size_t k, d;
        if (lower(t[i]) != 'c' || lower(t[i + 1]) != 'v' || lower(t[i + 2]) != 'e' ||
            t[i + 3] != '-')
            continue;
        if (i > 0 && (CL(t[i - 1]) & (XC_ALPHA | XC_HEXL)))
            continue;
        for (k = i + 4; k < i + 8 && is_digit(t[k]); k++)
            ;
        if (k != i + 8 || t[k] != '-')
            continue;
        for (d = k + 1; d < e && is_digit(t[d]) && d - k <= 8; d++)
            ;
        if (d - k - 1 < 4 || d - k - 1 > 7 || (d < l->n && is_digit(t[d])))
            continue;
        ksz__x_emit((struct ksz_extractor *)x, l, KSZ_IOC_CVE, i, d, t + i, d - i, 0);
        i = d;
    }
}

static ksz_ioc_type hash_type(size_t n)
{
    switch (n) {
    case 32:
        return KSZ_IOC_MD5;
    case 40:
        return KSZ_IOC_SHA1;
    case 64:
        return KSZ_IOC_SHA256;
    case 128:
        return KSZ_IOC_SHA512;
    default:
        return KSZ_IOC_NONE;
    }
}

/* "AS 1234", "ASN 1234", "ASN: 1234" ending just before the digits at a. */
static size_t asn_prefix(const struct xline *l, size_t a)
{
    const char *t = l->t;
    size_t k = a;

    if (k > 0 && t[k - 1] == ' ')
        k--;
    if (k > 0 && t[k - 1] == ':')
        k--;
    if (k >= 3 && t[k - 1] == 'N' && t[k - 2] == 'S' && t[k - 3] == 'A')
        k -= 3;
    else if (k >= 2 && t[k - 1] == 'S' && t[k - 2] == 'A')
        k -= 2;
    else
        return a;
    if (k > 0 && ksz__x_is_alnum((unsigned char)t[k - 1]))
        return a;
    return k;
}

void ksz__x_token(struct ksz_extractor *x, const struct xline *l, size_t a, size_t z, size_t hex,
                  size_t digits)
{
    const char *t = l->t;
    size_t n = z - a;

    if (hex == n && hash_type(n) != KSZ_IOC_NONE) {
        ksz__x_emit_hash(x, l, a, z);
        return;
    }
    /* T1059 */
    if (n == 5 && t[a] == 'T' && t[a + 1] == '1' && digits == 4) {
        ksz__x_emit(x, l, KSZ_IOC_ATTACK, a, z, t + a, n, 0);
        return;
    }
    /* AS1234, ASN1234 */
    if (n >= 3 && t[a] == 'A' && t[a + 1] == 'S') {
        size_t d = t[a + 2] == 'N' ? a + 3 : a + 2;
        if (d < z && digits == z - d && z - d <= 10)
            ksz__x_emit(x, l, KSZ_IOC_ASN, a, z, t + a, n, 0);
        return;
    }
    if (digits == n && n <= 10) {
        size_t p = asn_prefix(l, a);
        if (p < a)
            ksz__x_emit(x, l, KSZ_IOC_ASN, p, z, t + p, z - p, 0);
        return;
    }
    /* Bitcoin: Base58Check '1'/'3', bech32 "bc1" (the parser checks sums) */
    if ((t[a] == '1' || t[a] == '3') && n >= 26 && n <= 35) {
        ksz__x_emit(x, l, KSZ_IOC_BTC, a, z, t + a, n, 0);
        return;
    }
    if (n >= 14 && n <= 74 && lower(t[a]) == 'b' && lower(t[a + 1]) == 'c' && t[a + 2] == '1')
        ksz__x_emit(x, l, KSZ_IOC_BTC, a, z, t + a, n, 0);
}

void ksz__x_ids(struct ksz_extractor *x, const struct xline *l, size_t s, size_t e)
{
    const char *t = l->t;
    size_t a = s;

    /* T1059.001 */
    if (e - s == 9 && t[s] == 'T' && t[s + 1] == '1' && t[s + 5] == '.') {
        bool ok = true;
        for (size_t i = s + 1; i < e; i++)
            ok &= i == s + 5 || is_digit(t[i]);
        if (ok)
            ksz__x_emit(x, l, KSZ_IOC_ATTACK, s, e, t + s, e - s, 0);
        return;
    }
    for (size_t i = s; i + 3 < e; i++)
        if (t[i + 3] == '-' && lower(t[i]) == 'c') {
            ksz__x_cve(x, l, s, e);
            break;
        }
    /* tokens between '-' and '_', their hex and decimal digits counted on
     * the way */
    {
        size_t hex = 0, digits = 0;
        for (size_t i = s; i <= e; i++) {
            unsigned c;
            if (i == e || t[i] == '-' || t[i] == '_') {
                if (i > a)
                    ksz__x_token(x, l, a, i, hex, digits);
                a = i + 1;
                hex = digits = 0;
                continue;
            }
            c = CL(t[i]);
            hex += (c & (XC_DIGIT | XC_HEXL)) != 0;
            digits += (c & XC_DIGIT) != 0;
        }
    }
}
