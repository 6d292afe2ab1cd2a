/* SPDX-License-Identifier: Apache-2.0 */
/*
 * strparse.c - bounded number and duration parsers, in place of atoi/sscanf.
 *
 * The whole input must be the value: "12x" is an error, not 12.
 */
#include "core/core_int.h"

ksz_rc ksz__parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;

    if (len == 0)
        return KSZ_ERR_PARSE;
    for (size_t i = 0; i < len; i++) {
        unsigned d;
        if (s[i] < '0' || s[i] > '9')
            return KSZ_ERR_PARSE;
        d = (unsigned)(s[i] - '0');
        if (v > (max - d) / 10)
            return KSZ_ERR_LIMIT;
        v = v * 10 + d;
    }
    *out = v;
    return KSZ_OK;
}

ksz_rc ksz__parse_duration(const char *s, size_t len, int64_t *out)
{
    uint64_t v, unit = 1;
    ksz_rc rc;

    if (len == 0)
        return KSZ_ERR_PARSE;
    switch (s[len - 1]) {
    case 's':
        unit = 1;
        len--;
        break;
    case 'm':
        unit = 60;
        len--;
        break;
    case 'h':
        unit = 3600;
        len--;
        break;
    case 'd':
        unit = 86400;
        len--;
        break;
    case 'w':
        unit = 7 * 86400;
        len--;
        break;
    case 'y':
        unit = 365 * 86400;
        len--;
        break;
    default:
        break;
    }
    rc = ksz__parse_u64(s, len, (uint64_t)INT64_MAX / unit, &v);
    if (rc != KSZ_OK)
        return rc;
    *out = (int64_t)(v * unit);
    return KSZ_OK;
}
