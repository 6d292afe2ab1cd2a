/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json.c - writing JSON answers into a buffer, and RFC 3339 times.
 *
 * Answers are written by hand (as the exports are), not built as a tree:
 * a search of thousands of indicators streams into one buffer with no
 * allocation per field. Fixed text is appended, not printf'd, and times are
 * formatted from days since the epoch rather than by gmtime_r, which takes
 * glibc's time zone lock on every call: an indicator has up to six times,
 * and every worker thread would queue on that lock.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "srv.h"

#define PUT(b, lit) ksz_buf_append((b), (lit), sizeof(lit) - 1)

void srv_json_int(struct ksz_buf *b, long long v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

    do {
        tmp[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        tmp[--i] = '-';
    ksz_buf_append(b, tmp + i, sizeof tmp - i);
}

void srv_json_str(struct ksz_buf *b, const char *s)
{
    if (s == NULL) {
        ksz_buf_append(b, "null", 4);
        return;
    }
    ksz_buf_putc(b, '"');
    ksz_buf_json_str(b, s, strlen(s));
    ksz_buf_putc(b, '"');
}

void srv_json_kv(struct ksz_buf *b, bool comma, const char *k, const char *s)
{
    if (comma)
        ksz_buf_putc(b, ',');
    ksz_buf_putc(b, '"');
    ksz_buf_append(b, k, strlen(k));
    PUT(b, "\":");
    srv_json_str(b, s);
}

static void put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

/* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
 * civil_from_days). */
static void civil(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;

    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

char *srv_time_format(int64_t t, char buf[40], bool millis)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400, y;
    unsigned secs = (unsigned)(t - days * 86400), m, d;

    buf[0] = '\0';
    civil(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        return buf;
    /* YYYY-MM-DDTHH:MM:SS[.000]Z */
    put2(buf, (unsigned)(y / 100));
    put2(buf + 2, (unsigned)(y % 100));
    buf[4] = '-';
    put2(buf + 5, m);
    buf[7] = '-';
    put2(buf + 8, d);
    buf[10] = 'T';
    put2(buf + 11, secs / 3600);
    buf[13] = ':';
    put2(buf + 14, secs / 60 % 60);
    buf[16] = ':';
    put2(buf + 17, secs % 60);
    memcpy(buf + 19, millis ? ".000Z" : "Z", millis ? 6 : 2);
    return buf;
}

void srv_json_time(struct ksz_buf *b, int64_t t)
{
    char tb[40];
    if (t == 0) {
        PUT(b, "null");
    } else {
        srv_time_format(t, tb, false);
        ksz_buf_putc(b, '"');
        ksz_buf_append(b, tb, strlen(tb));
        ksz_buf_putc(b, '"');
    }
}

void srv_json_list(struct ksz_buf *b, const struct ksz_strlist *l)
{
    ksz_buf_putc(b, '[');
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            ksz_buf_putc(b, ',');
        srv_json_str(b, l->items[i]);
    }
    ksz_buf_putc(b, ']');
}

static bool digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool srv_time_parse(const char *s, size_t len, int64_t *sec, int *usec)
{
    int y, mo, d, h, mi, se, frac = 0, fd = 0;
    size_t i = 19;
    struct tm tm;
    int64_t t;

    if (len < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
        s[13] != ':' || s[16] != ':' || !digits(s, 4, &y) || !digits(s + 5, 2, &mo) ||
        !digits(s + 8, 2, &d) || !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) ||
        !digits(s + 17, 2, &se))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || y < 1970)
        return false;
    if (s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            if (fd < 6) {
                frac = frac * 10 + (s[i] - '0');
                fd++;
            }
            i++;
        }
        if (fd == 0)
            return false;
        while (fd < 6) {
            frac *= 10;
            fd++;
        }
    }
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = se;
    t = (int64_t)timegm(&tm);
    if (i < len && (s[i] == 'Z' || s[i] == 'z') && i + 1 == len) {
        /* UTC */
    } else if (i + 6 == len && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
        int oh, om;
        if (!digits(s + i + 1, 2, &oh) || !digits(s + i + 4, 2, &om) || oh > 23 || om > 59)
            return false;
        t += (s[i] == '+' ? -1 : 1) * (int64_t)(oh * 3600 + om * 60);
    } else {
        return false;
    }
    *sec = t;
    if (usec != NULL)
        *usec = frac;
    return true;
}

static const char *commercial_name(ksz_commercial c)
{
    return c == KSZ_COMMERCIAL_YES ? "yes" : c == KSZ_COMMERCIAL_NO ? "no" : "unknown";
}

void srv_json_indicator(struct ksz_buf *b, const struct ksz_indicator *ind,
                        const struct ksz_indicator_state *state)
{
    char usage[256];

    PUT(b, "{\"id\":");
    srv_json_int(b, state != NULL ? (long long)state->id : 0LL);
    srv_json_kv(b, true, "stix_id", ind->stix_id);
    srv_json_kv(b, true, "type", ksz_ioc_type_name(ind->type));
    srv_json_kv(b, true, "value", ind->value);
    srv_json_kv(b, true, "source", ind->source);
    PUT(b, ",\"valid_from\":");
    srv_json_time(b, ind->valid_from);
    PUT(b, ",\"valid_until\":");
    srv_json_time(b, ind->valid_until);
    PUT(b, ",\"confidence\":");
    srv_json_int(b, ind->confidence);
    srv_json_kv(b, true, "tlp", ksz_tlp_name(ind->tlp));
    srv_json_kv(b, true, "commercial", commercial_name(ind->commercial));
    ksz_usage_format(ind->usage, usage, sizeof usage);
    PUT(b, ",\"usage\":[");
    for (char *p = usage, *c; *p != '\0'; p = c + 1) {
        c = strchr(p, ',');
        if (p != usage)
            ksz_buf_putc(b, ',');
        ksz_buf_putc(b, '"');
        ksz_buf_json_str(b, p, c != NULL ? (size_t)(c - p) : strlen(p));
        ksz_buf_putc(b, '"');
        if (c == NULL)
            break;
    }
    ksz_buf_putc(b, ']');
    if (state != NULL) {
        ksz_buf_printf(b, ",\"score\":%.1f,\"active\":%s", state->score,
                       state->active ? "true" : "false");
        srv_json_kv(b, true, "inactive_reason", state->inactive_reason);
    }
    if (ind->revoked)
        PUT(b, ",\"revoked\":true");
    else
        PUT(b, ",\"revoked\":false");
    if (state != NULL && state->false_positive)
        PUT(b, ",\"false_positive\":true");
    else
        PUT(b, ",\"false_positive\":false");
    PUT(b, ",\"warninglists\":");
    srv_json_list(b, &ind->warnings);
    PUT(b, ",\"labels\":");
    srv_json_list(b, &ind->labels);
    PUT(b, ",\"tags\":");
    srv_json_list(b, &ind->tags);
    PUT(b, ",\"attack_ids\":");
    srv_json_list(b, &ind->attack_ids);
    PUT(b, ",\"kill_chain\":");
    srv_json_list(b, &ind->kill_chain);
    PUT(b, ",\"threat_ids\":");
    srv_json_list(b, &ind->threats);
    srv_json_kv(b, true, "name", ind->name);
    srv_json_kv(b, true, "description", ind->description);
    srv_json_kv(b, true, "report", ind->report);
    PUT(b, ",\"created\":");
    srv_json_time(b, ind->created);
    PUT(b, ",\"modified\":");
    srv_json_time(b, ind->modified);
    if (state != NULL) {
        PUT(b, ",\"last_seen\":");
        srv_json_time(b, state->last_seen);
        PUT(b, ",\"sightings\":");
        srv_json_int(b, (long long)state->sightings);
    }
    ksz_buf_putc(b, '}');
}
