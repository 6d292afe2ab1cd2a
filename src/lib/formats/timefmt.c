/* SPDX-License-Identifier: Apache-2.0 */
/*
 * timefmt.c - RFC 3339 timestamps <-> Unix seconds, without the C library's
 * time zone machinery (timegm is not in C11, and TZ must never matter).
 *
 * Fractions of a second are read and dropped: the model keeps seconds, and
 * writes ".000Z" so the text stays a valid STIX timestamp.
 */
#include <stdio.h>
#include "formats_int.h"

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), Howard Hinnant's
 * days_from_civil. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool digits(const char *s, size_t len, size_t off, size_t n, unsigned *out)
{
    unsigned v = 0;
    if (off + n > len)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[off + i] < '0' || s[off + i] > '9')
            return false;
        v = v * 10 + (unsigned)(s[off + i] - '0');
    }
    *out = v;
    return true;
}

ksz_rc ksz__time_parse(const char *s, size_t len, int64_t *out)
{
    unsigned y, mo, d, h = 0, mi = 0, se = 0;
    size_t i;
    int64_t off = 0;

    if (!digits(s, len, 0, 4, &y) || len < 10 || s[4] != '-' || s[7] != '-' ||
        !digits(s, len, 5, 2, &mo) || !digits(s, len, 8, 2, &d))
        return KSZ_ERR_PARSE;
    if (mo < 1 || mo > 12 || d < 1 || d > 31)
        return KSZ_ERR_PARSE;
    i = 10;
    if (i < len) {
        if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
            return KSZ_ERR_PARSE;
        if (!digits(s, len, i + 1, 2, &h) || i + 3 >= len || s[i + 3] != ':' ||
            !digits(s, len, i + 4, 2, &mi))
            return KSZ_ERR_PARSE;
        i += 6;
        if (i < len && s[i] == ':') {
            if (!digits(s, len, i + 1, 2, &se))
                return KSZ_ERR_PARSE;
            i += 3;
        }
        if (i < len && (s[i] == '.' || s[i] == ',')) {
            i++;
            while (i < len && s[i] >= '0' && s[i] <= '9')
                i++;
        }
        if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
            i++;
        } else if (i < len && (s[i] == '+' || s[i] == '-')) {
            unsigned oh, om = 0;
            int sign = s[i] == '-' ? -1 : 1;
            if (!digits(s, len, i + 1, 2, &oh))
                return KSZ_ERR_PARSE;
            i += 3;
            if (i < len && s[i] == ':')
                i++;
            if (i < len && !digits(s, len, i, 2, &om))
                return KSZ_ERR_PARSE;
            if (i < len)
                i += 2;
            off = sign * (int64_t)(oh * 3600 + om * 60);
        }
        if (i != len || h > 23 || mi > 59 || se > 60)
            return KSZ_ERR_PARSE;
    }
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
    return KSZ_OK;
}

char *ksz__time_format(int64_t t, char buf[32])
{
    int64_t days = t / 86400, rem = t % 86400, y;
    unsigned m, d;

    if (rem < 0) {
        rem += 86400;
        days--;
    }
    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {   /* outside what RFC 3339 can write */
        y = y < 0 ? 0 : 9999;
        m = y ? 12 : 1;
        d = y ? 31 : 1;
        rem = y ? 86399 : 0;
    }
    snprintf(buf, 32, "%04lld-%02u-%02uT%02u:%02u:%02u.000Z", (long long)y, m, d,
             (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60), (unsigned)(rem % 60));
    return buf;
}

char *ksz__date_format(int64_t t, char buf[32])
{
    ksz__time_format(t, buf);
    buf[10] = '\0';
    return buf;
}
