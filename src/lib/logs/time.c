/* SPDX-License-Identifier: Apache-2.0 */
/*
 * time.c - log timestamps into UTC epoch seconds, by hand.
 *
 * Every log line has one, so these run millions of times a second: no
 * strptime, no mktime, no time zone database. Dates become days with Howard
 * Hinnant's days-from-civil arithmetic, offsets are applied by hand.
 */
#include "logs/logs_int.h"

int64_t ksz_log_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool digits(const char *s, size_t n, unsigned *out)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return true;
}

/* Parse ".ffffff" fraction digits (any count, first 6 kept) at s[*i]. */
static void fraction(const char *s, size_t len, size_t *i, uint32_t *usec)
{
    uint32_t v = 0;
    unsigned n = 0;

    while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
        if (n < 6) {
            v = v * 10 + (uint32_t)(s[*i] - '0');
            n++;
        }
        (*i)++;
    }
    while (n++ < 6)
        v *= 10;
    *usec = v;
}

static bool valid_date(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned se)
{
    static const unsigned char mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    (void)y;
    return mo >= 1 && mo <= 12 && d >= 1 && d <= mdays[mo - 1] && h < 24 && mi < 60 && se <= 60;
}

static int64_t civil(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned se)
{
    return ksz_log_days_from_civil(y, mo, d) * 86400 + (int64_t)h * 3600 + mi * 60 + se;
}

/* Eight ASCII digits at s (as a little-endian word) -> their value, or -1
 * if any byte is not a digit. Branch-free: a digit check and three
 * multiplies instead of eight multiply-adds. */
static inline int64_t eight_digits(const char *s)
{
    uint64_t x;

    memcpy(&x, s, 8);
    if (((x & 0xf0f0f0f0f0f0f0f0ULL) | (((x + 0x0606060606060606ULL) & 0xf0f0f0f0f0f0f0f0ULL) >> 4)) !=
        0x3333333333333333ULL)
        return -1;
    x = ((x & 0x0f0f0f0f0f0f0f0fULL) * 2561) >> 8;          /* pairs */
    x = ((x & 0x00ff00ff00ff00ffULL) * 6553601) >> 16;      /* fours */
    return (int64_t)(((x & 0x0000ffff0000ffffULL) * 42949672960001ULL) >> 32);
}

ksz_rc ksz_log_time_epoch(const char *s, size_t len, int64_t *ts, uint32_t *usec)
{
    int64_t v = 0;
    size_t i = 0;
    uint32_t us = 0;

    if (len == 0 || len > 32)
        return KSZ_ERR_PARSE;
    /* Squid's "1286536309.450": ten digits, a dot, three digits */
    if (len == 14 && s[10] == '.') {
        int64_t hi = eight_digits(s);
        unsigned d8 = (unsigned)(s[8] - '0'), d9 = (unsigned)(s[9] - '0');
        unsigned f0 = (unsigned)(s[11] - '0'), f1 = (unsigned)(s[12] - '0'),
                 f2 = (unsigned)(s[13] - '0');
        if (hi >= 0 && d8 < 10 && d9 < 10 && f0 < 10 && f1 < 10 && f2 < 10) {
            *ts = hi * 100 + d8 * 10 + d9;
            *usec = (f0 * 100 + f1 * 10 + f2) * 1000;
            return KSZ_OK;
        }
    }
    while (i < len && s[i] >= '0' && s[i] <= '9' && i < 12)
        v = v * 10 + (s[i++] - '0');
    if (i == 0)
        return KSZ_ERR_PARSE;
    if (i < len && s[i] == '.') {
        size_t f = ++i;
        fraction(s, len, &i, &us);
        if (i == f)
            return KSZ_ERR_PARSE;
    }
    if (i != len)
        return KSZ_ERR_PARSE;
    *ts = v;
    *usec = us;
    return KSZ_OK;
}

static int month_from_name(const char *m)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (int i = 0; i < 12; i++)
        if (memcmp(names + 3 * i, m, 3) == 0)
            return i + 1;
    return 0;
}

/* "+hhmm", "-hhmm", "+hh:mm", "+hh" -> seconds east of UTC. */
static bool zone_offset(const char *s, size_t len, int64_t *off)
{
    unsigned h, m = 0;
    int sign;

    if (len < 3 || (s[0] != '+' && s[0] != '-'))
        return false;
    sign = s[0] == '-' ? -1 : 1;
    if (!digits(s + 1, 2, &h))
        return false;
    if (len == 5) {
        if (!digits(s + 3, 2, &m))
            return false;
    } else if (len == 6) {
        if (s[3] != ':' || !digits(s + 4, 2, &m))
            return false;
    } else if (len != 3) {
        return false;
    }
    if (h > 23 || m > 59)
        return false;
    *off = sign * ((int64_t)h * 3600 + m * 60);
    return true;
}

ksz_rc ksz_log_time_clf(const char *s, size_t len, int64_t *ts, uint32_t *usec)
{
    unsigned d, y, h, mi, se;
    int mo;
    int64_t off;

    /* 10/Oct/2000:13:55:36 -0700 */
    if (len != 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' ||
        s[17] != ':' || s[20] != ' ')
        return KSZ_ERR_PARSE;
    mo = month_from_name(s + 3);
    if (mo == 0 || !digits(s, 2, &d) || !digits(s + 7, 4, &y) || !digits(s + 12, 2, &h) ||
        !digits(s + 15, 2, &mi) || !digits(s + 18, 2, &se) ||
        !valid_date(y, (unsigned)mo, d, h, mi, se) || !zone_offset(s + 21, 5, &off))
        return KSZ_ERR_PARSE;
    *ts = civil(y, (unsigned)mo, d, h, mi, se) - off;
    *usec = 0;
    return KSZ_OK;
}

ksz_rc ksz_log_time_iso8601(const char *s, size_t len, int64_t *ts, uint32_t *usec)
{
    unsigned y, mo, d, h, mi, se;
    uint32_t us = 0;
    int64_t off = 0;
    size_t i = 19;

    /* 2024-01-02T03:04:05 */
    if (len < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ' && s[10] != 't') ||
        s[13] != ':' || s[16] != ':')
        return KSZ_ERR_PARSE;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
        !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &se) ||
        !valid_date(y, mo, d, h, mi, se))
        return KSZ_ERR_PARSE;
    if (i < len && (s[i] == '.' || s[i] == ',')) {
        size_t f = ++i;
        fraction(s, len, &i, &us);
        if (i == f)
            return KSZ_ERR_PARSE;
    }
    if (i < len) {
        if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len)
            off = 0;
        else if (!zone_offset(s + i, len - i, &off))
            return KSZ_ERR_PARSE;
    }
    *ts = civil(y, mo, d, h, mi, se) - off;
    *usec = us;
    return KSZ_OK;
}

ksz_rc ksz_log_time_bind(const char *s, size_t len, int64_t *ts, uint32_t *usec)
{
    unsigned d, y, h, mi, se;
    uint32_t us = 0;
    size_t i = 20;
    int mo;

    /* 01-Jan-2024 12:00:00.000 */
    if (len < 20 || s[2] != '-' || s[6] != '-' || s[11] != ' ' || s[14] != ':' || s[17] != ':')
        return KSZ_ERR_PARSE;
    mo = month_from_name(s + 3);
    if (mo == 0 || !digits(s, 2, &d) || !digits(s + 7, 4, &y) || !digits(s + 12, 2, &h) ||
        !digits(s + 15, 2, &mi) || !digits(s + 18, 2, &se) ||
        !valid_date(y, (unsigned)mo, d, h, mi, se))
        return KSZ_ERR_PARSE;
    if (i < len && s[i] == '.') {
        size_t f = ++i;
        fraction(s, len, &i, &us);
        if (i == f)
            return KSZ_ERR_PARSE;
    }
    if (i != len)
        return KSZ_ERR_PARSE;
    *ts = civil(y, (unsigned)mo, d, h, mi, se);
    *usec = us;
    return KSZ_OK;
}

ksz_rc ksz_log_time_any(const char *s, size_t len, int64_t *ts, uint32_t *usec)
{
    if (len >= 19 && s[4] == '-')
        return ksz_log_time_iso8601(s, len, ts, usec);
    if (len >= 20 && s[2] == '-')
        return ksz_log_time_bind(s, len, ts, usec);
    if (len == 26 && s[2] == '/')
        return ksz_log_time_clf(s, len, ts, usec);
    if (len == 13 && memchr(s, '.', len) == NULL) {
        /* epoch milliseconds (AWS WAF, many JSON logs) */
        int64_t ms = 0;
        for (size_t i = 0; i < len; i++) {
            if (s[i] < '0' || s[i] > '9')
                return KSZ_ERR_PARSE;
            ms = ms * 10 + (s[i] - '0');
        }
        *ts = ms / 1000;
        *usec = (uint32_t)(ms % 1000) * 1000;
        return KSZ_OK;
    }
    return ksz_log_time_epoch(s, len, ts, usec);
}
