/* SPDX-License-Identifier: Apache-2.0 */
/*
 * output.c - one JSON line per hit: where it was seen, what was seen, and
 * the indicator's context, so a responder can act on the line alone.
 *
 * Key order is fixed and every string goes through the one JSON escaper, so
 * the output of two runs can be compared with diff.
 */
#include <stdio.h>
#include <string.h>
#include "core/core_int.h"
#include "kizashi/hunt.h"

char *ksz_hunt_format_time(int64_t t, uint32_t usec, char *buf, size_t cap)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    int64_t z = days + 719468, era, doe, yoe, y, doy, mp, d, m;

    /* civil-from-days (Hinnant) */
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 0 || y > 9999) {   /* outside what four digits hold: the general form */
        if (usec != 0)
            snprintf(buf, cap, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03uZ", (long long)y,
                     (long long)m, (long long)d, (long long)(secs / 3600),
                     (long long)(secs / 60 % 60), (long long)(secs % 60),
                     (unsigned)(usec / 1000));
        else
            snprintf(buf, cap, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)y,
                     (long long)m, (long long)d, (long long)(secs / 3600),
                     (long long)(secs / 60 % 60), (long long)(secs % 60));
        return buf;
    }
    {
        /* "YYYY-MM-DDTHH:MM:SS[.mmm]Z" by hand: one of these per hit and per window */
        char txt[32];
        size_t n = 0;
        unsigned hh = (unsigned)(secs / 3600), mi = (unsigned)(secs / 60 % 60),
                 ss = (unsigned)(secs % 60), yy = (unsigned)y;
        txt[n++] = (char)('0' + yy / 1000);
        txt[n++] = (char)('0' + yy / 100 % 10);
        txt[n++] = (char)('0' + yy / 10 % 10);
        txt[n++] = (char)('0' + yy % 10);
        txt[n++] = '-';
        txt[n++] = (char)('0' + m / 10);
        txt[n++] = (char)('0' + m % 10);
        txt[n++] = '-';
        txt[n++] = (char)('0' + d / 10);
        txt[n++] = (char)('0' + d % 10);
        txt[n++] = 'T';
        txt[n++] = (char)('0' + hh / 10);
        txt[n++] = (char)('0' + hh % 10);
        txt[n++] = ':';
        txt[n++] = (char)('0' + mi / 10);
        txt[n++] = (char)('0' + mi % 10);
        txt[n++] = ':';
        txt[n++] = (char)('0' + ss / 10);
        txt[n++] = (char)('0' + ss % 10);
        if (usec != 0) {
            unsigned ms = (unsigned)(usec / 1000);
            txt[n++] = '.';
            txt[n++] = (char)('0' + ms / 100 % 10);
            txt[n++] = (char)('0' + ms / 10 % 10);
            txt[n++] = (char)('0' + ms % 10);
        }
        txt[n++] = 'Z';
        txt[n] = '\0';
        if (cap > 0) {
            size_t k = n < cap - 1 ? n : cap - 1;
            memcpy(buf, txt, k);
            buf[k] = '\0';
        }
    }
    return buf;
}

/* ,"key": */
static ksz_rc put_key(struct ksz_buf *b, const char *key)
{
    size_t n = strlen(key);
    ksz_rc rc = ksz_buf_append(b, ",\"", 2);
    if (rc == KSZ_OK)
        rc = ksz_buf_append(b, key, n);
    if (rc == KSZ_OK)
        rc = ksz_buf_append(b, "\":", 2);
    return rc;
}

/* ,"key":"literal" (no escaping needed) */
static ksz_rc put_lit(struct ksz_buf *b, const char *key, const char *lit)
{
    ksz_rc rc = put_key(b, key);
    if (rc == KSZ_OK)
        rc = ksz_buf_putc(b, '"');
    if (rc == KSZ_OK)
        rc = ksz_buf_append(b, lit, strlen(lit));
    if (rc == KSZ_OK)
        rc = ksz_buf_putc(b, '"');
    return rc;
}

/* ,"key":N */
static ksz_rc put_uint(struct ksz_buf *b, const char *key, unsigned long long v)
{
    char d[24];
    size_t n = sizeof d;
    ksz_rc rc = put_key(b, key);
    do {
        d[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    if (rc == KSZ_OK)
        rc = ksz_buf_append(b, d + n, sizeof d - n);
    return rc;
}

static ksz_rc put_str(struct ksz_buf *b, const char *key, const char *s, size_t n)
{
    ksz_rc rc = put_key(b, key);
    if (rc == KSZ_OK)
        rc = ksz_buf_putc(b, '"');
    if (rc == KSZ_OK)
        rc = ksz_buf_json_str(b, s, n);
    if (rc == KSZ_OK)
        rc = ksz_buf_putc(b, '"');
    return rc;
}

static ksz_rc put_time(struct ksz_buf *b, const char *key, int64_t t, bool zero_is_null)
{
    char tb[40];
    ksz_rc rc;
    if (t == KSZ_LOG_NO_TIME || (zero_is_null && t == 0)) {
        rc = put_key(b, key);
        return rc == KSZ_OK ? ksz_buf_append(b, "null", 4) : rc;
    }
    return put_lit(b, key, ksz_hunt_format_time(t, 0, tb, sizeof tb));
}

static const char *via_name(ksz_match_via v)
{
    switch (v) {
    case KSZ_MATCH_VIA_EXACT: return "exact";
    case KSZ_MATCH_VIA_CIDR: return "cidr";
    case KSZ_MATCH_VIA_PARENT: return "parent-domain";
    case KSZ_MATCH_VIA_URL_HOST: return "url-host";
    }
    return "";
}

ksz_rc ksz_hunt_format_hit(const struct ksz_snapshot *snap, const struct ksz_hunt_hit *h,
                           struct ksz_buf *out, struct ksz_error *err)
{
    struct ksz_snap_indicator ind;
    char tb[40], usage[256];
    ksz_rc rc;

    rc = ksz_snapshot_indicator(snap, h->match.indicator, &ind, err);
    if (rc != KSZ_OK)
        return rc;
    if (h->ts == KSZ_LOG_NO_TIME)
        rc = ksz_buf_append(out, "{\"time\":null", 12);
    else {
        ksz_hunt_format_time(h->ts, h->usec, tb, sizeof tb);
        rc = ksz_buf_append(out, "{\"time\":\"", 9);
        if (rc == KSZ_OK)
            rc = ksz_buf_append(out, tb, strlen(tb));
        if (rc == KSZ_OK)
            rc = ksz_buf_putc(out, '"');
    }
    if (rc == KSZ_OK)
        rc = put_str(out, "file", h->file, strlen(h->file));
    if (rc == KSZ_OK)
        rc = put_uint(out, "line", (unsigned long long)h->line);
    if (rc == KSZ_OK)
        rc = put_str(out, "field", h->field, strlen(h->field));
    if (rc == KSZ_OK)
        rc = put_str(out, "value", h->value, h->value_len);
    if (rc == KSZ_OK)
        rc = put_lit(out, "match", via_name(h->match.via));
    if (rc == KSZ_OK)
        rc = ksz_buf_append(out, ",\"indicator\":{\"type\":\"", 22);
    if (rc == KSZ_OK)
        rc = ksz_buf_append(out, ksz_ioc_type_name(ind.type), strlen(ksz_ioc_type_name(ind.type)));
    if (rc == KSZ_OK)
        rc = ksz_buf_putc(out, '"');
    if (rc == KSZ_OK)
        rc = put_str(out, "value", ind.value, ind.value_len);
    if (rc == KSZ_OK && ind.stix_id_len > 0)
        rc = put_str(out, "id", ind.stix_id, ind.stix_id_len);
    if (rc == KSZ_OK)
        rc = ksz_buf_append(out, ",\"threats\":[", 12);
    for (size_t i = 0; i < ind.n_threats && rc == KSZ_OK; i++) {
        size_t n;
        const char *t = ksz_snapshot_threat(snap, &ind, i, &n);
        rc = i ? ksz_buf_append(out, ",\"", 2) : ksz_buf_putc(out, '"');
        if (rc == KSZ_OK)
            rc = ksz_buf_json_str(out, t, n);
        if (rc == KSZ_OK)
            rc = ksz_buf_putc(out, '"');
    }
    if (rc == KSZ_OK)
        rc = ksz_buf_putc(out, ']');
    if (rc == KSZ_OK)
        rc = put_str(out, "report", ind.report, ind.report_len);
    if (rc == KSZ_OK)
        rc = put_str(out, "source", ind.source, ind.source_len);
    if (rc == KSZ_OK)
        rc = ind.confidence < 0 ? ksz_buf_append(out, ",\"confidence\":null", 18)
                                : put_uint(out, "confidence", (unsigned long long)ind.confidence);
    if (rc == KSZ_OK)
        rc = ind.score < 0 ? ksz_buf_append(out, ",\"score\":null", 13)
                           : put_uint(out, "score", (unsigned long long)ind.score);
    if (rc == KSZ_OK)
        rc = put_lit(out, "tlp", ind.tlp == KSZ_TLP_UNSET ? "amber" : ksz_tlp_name(ind.tlp));
    if (rc == KSZ_OK) {
        /* "a,b" -> ["a","b"] */
        const char *u = ksz_usage_format(ind.usage, usage, sizeof usage);
        rc = ksz_buf_append(out, ",\"usage\":[", 10);
        while (rc == KSZ_OK && *u != '\0') {
            const char *c = strchr(u, ',');
            size_t n = c ? (size_t)(c - u) : strlen(u);
            if (u != usage)
                rc = ksz_buf_putc(out, ',');
            if (rc == KSZ_OK)
                rc = ksz_buf_putc(out, '"');
            if (rc == KSZ_OK)
                rc = ksz_buf_append(out, u, n);
            if (rc == KSZ_OK)
                rc = ksz_buf_putc(out, '"');
            u += n + (c != NULL);
        }
        if (rc == KSZ_OK)
            rc = ksz_buf_putc(out, ']');
    }
    if (rc == KSZ_OK)
        rc = put_time(out, "valid_from", ind.valid_from, true);
    if (rc == KSZ_OK)
        rc = put_time(out, "valid_until", ind.valid_until, true);
    if (rc == KSZ_OK)
        rc = ksz_buf_append(out, "}}\n", 3);
    if (rc != KSZ_OK)
        return ksz_error_set(err, rc, "hunt: cannot format a hit: %s", ksz_strerror(rc));
    return KSZ_OK;
}
