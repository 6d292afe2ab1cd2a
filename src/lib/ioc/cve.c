/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cve.c - CVE identifiers, "CVE-YYYY-NNNN".
 *
 * Reports copy ids out of word processors, which turn '-' into one of a dozen
 * Unicode dashes; every one of them is accepted, and the canonical form uses
 * ASCII. The sequence number has at least four digits; past four it has no
 * leading zero (CVE numbering rules), so "CVE-2014-0160" is one id and
 * "CVE-2014-00160" none.
 */
#include <assert.h>
#include <string.h>
#include "ioc/ioc_int.h"

#define CVE_SEQ_MAX 19 /* digits; real ids have at most 7 */

/* Length of a dash at s[i] (ASCII or a Unicode dash in UTF-8), or 0. */
static size_t dash_at(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = len - i;

    if (left >= 1 && u[0] == '-')
        return 1;
    if (left < 3)
        return 0;
    if (u[0] == 0xe2 && u[1] == 0x80 && u[2] >= 0x90 && u[2] <= 0x95) /* U+2010..U+2015 */
        return 3;
    if (u[0] == 0xe2 && u[1] == 0x88 && u[2] == 0x92) /* U+2212 minus sign */
        return 3;
    if (u[0] == 0xef && u[1] == 0xb9 && u[2] == 0xa3) /* U+FE63 small hyphen-minus */
        return 3;
    if (u[0] == 0xef && u[1] == 0xbc && u[2] == 0x8d) /* U+FF0D full-width hyphen-minus */
        return 3;
    return 0;
}

ksz_rc ksz_cve_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                     struct ksz_error *err)
{
    char buf[4 + 5 + 1 + CVE_SEQ_MAX + 1];
    size_t i, d, seq, n;

    assert(s != NULL || len == 0);
    if (len < 3 || ksz__lower(s[0]) != 'c' || ksz__lower(s[1]) != 'v' || ksz__lower(s[2]) != 'e')
        return ksz_error_set(err, KSZ_ERR_PARSE, "cve: expected \"CVE\" at offset 0");
    d = dash_at(s, len, 3);
    if (d == 0)
        return ksz_error_set(err, KSZ_ERR_PARSE, "cve: expected a dash at offset 3");
    i = 3 + d;
    if (len - i < 4)
        return ksz_error_set(err, KSZ_ERR_PARSE, "cve: expected a year at offset %zu", i);
    for (size_t k = 0; k < 4; k++)
        if (!ksz__is_digit(s[i + k]))
            return ksz_error_set(err, KSZ_ERR_PARSE, "cve: bad year digit at offset %zu", i + k);
    if (memcmp(s + i, "1999", 4) < 0)
        return ksz_error_set(err, KSZ_ERR_PARSE, "cve: year before 1999 at offset %zu", i);
    memcpy(buf, "CVE-", 4);
    memcpy(buf + 4, s + i, 4);
    buf[8] = '-';
    i += 4;
    d = i < len ? dash_at(s, len, i) : 0;
    if (d == 0)
        return ksz_error_set(err, KSZ_ERR_PARSE, "cve: expected a dash at offset %zu", i);
    i += d;
    seq = len - i;
    if (seq < 4 || seq > CVE_SEQ_MAX)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "cve: sequence at offset %zu must have 4 to %d digits", i,
                             CVE_SEQ_MAX);
    for (size_t k = 0; k < seq; k++)
        if (!ksz__is_digit(s[i + k]))
            return ksz_error_set(err, KSZ_ERR_PARSE, "cve: bad sequence digit at offset %zu",
                                 i + k);
    if (seq > 4 && s[i] == '0')
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "cve: leading zero in a sequence longer than 4 at offset %zu", i);
    memcpy(buf + 9, s + i, seq);
    n = 9 + seq;
    return ksz__ioc_emit(buf, n, out, cap, outlen, "cve", err);
}
