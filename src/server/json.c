/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json.c - writing JSON answers into a buffer, and RFC 3339 times.
 *
 * Answers are written by hand (as the exports are), not built as a tree:
 * a search of thousands of indicators streams into one buffer with no
 * allocation per field.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "srv.h"

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
    ksz_buf_printf(b, "%s\"%s\":", comma ? "," : "", k);
    srv_json_str(b, s);
}

char *srv_time_format(int64_t t, char buf[40], bool millis)
{
    time_t tt = (time_t)t;
    struct tm tm;

    buf[0] = '\0';
    if (gmtime_r(&tt, &tm) == NULL)
        return buf;
    strftime(buf, 40, millis ? "%Y-%m-%dT%H:%M:%S.000Z" : "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void srv_json_time(struct ksz_buf *b, int64_t t)
{
    char tb[40];
    if (t == 0)
        ksz_buf_append(b, "null", 4);
    else
        ksz_buf_printf(b, "\"%s\"", srv_time_format(t, tb, false));
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

    ksz_buf_printf(b, "{\"id\":%lld", state != NULL ? (long long)state->id : 0LL);
    srv_json_kv(b, true, "stix_id", ind->stix_id);
    srv_json_kv(b, true, "type", ksz_ioc_type_name(ind->type));
    srv_json_kv(b, true, "value", ind->value);
    srv_json_kv(b, true, "source", ind->source);
    ksz_buf_printf(b, ",\"valid_from\":");
    srv_json_time(b, ind->valid_from);
    ksz_buf_printf(b, ",\"valid_until\":");
    srv_json_time(b, ind->valid_until);
    ksz_buf_printf(b, ",\"confidence\":%d", ind->confidence);
    srv_json_kv(b, true, "tlp", ksz_tlp_name(ind->tlp));
    srv_json_kv(b, true, "commercial", commercial_name(ind->commercial));
    ksz_usage_format(ind->usage, usage, sizeof usage);
    ksz_buf_printf(b, ",\"usage\":[");
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
    ksz_buf_printf(b, ",\"revoked\":%s,\"false_positive\":%s", ind->revoked ? "true" : "false",
                   state != NULL && state->false_positive ? "true" : "false");
    ksz_buf_printf(b, ",\"warninglists\":");
    srv_json_list(b, &ind->warnings);
    ksz_buf_printf(b, ",\"labels\":");
    srv_json_list(b, &ind->labels);
    ksz_buf_printf(b, ",\"tags\":");
    srv_json_list(b, &ind->tags);
    ksz_buf_printf(b, ",\"attack_ids\":");
    srv_json_list(b, &ind->attack_ids);
    ksz_buf_printf(b, ",\"kill_chain\":");
    srv_json_list(b, &ind->kill_chain);
    ksz_buf_printf(b, ",\"threat_ids\":");
    srv_json_list(b, &ind->threats);
    srv_json_kv(b, true, "name", ind->name);
    srv_json_kv(b, true, "description", ind->description);
    srv_json_kv(b, true, "report", ind->report);
    ksz_buf_printf(b, ",\"created\":");
    srv_json_time(b, ind->created);
    ksz_buf_printf(b, ",\"modified\":");
    srv_json_time(b, ind->modified);
    if (state != NULL) {
        ksz_buf_printf(b, ",\"last_seen\":");
        srv_json_time(b, state->last_seen);
        ksz_buf_printf(b, ",\"sightings\":%lld", (long long)state->sightings);
    }
    ksz_buf_putc(b, '}');
}
