/* SPDX-License-Identifier: Apache-2.0 */
/*
 * feed_opts.c - a feed's stored import options ("tlp=green;confidence=80;
 * valid_for=2592000;..."), the formats a feed may have, and when a feed is
 * next due.
 *
 * Values are %-escaped where they would break the list ('%', ';', '='), so
 * a CSV column map or a token round-trips whatever it holds. An unknown key
 * is an error, not skipped: a typo in a stored option must not silently
 * import at the wrong TLP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kizashi/net.h"

static void opts_defaults(struct ksz_feed_options *o)
{
    memset(o, 0, sizeof *o);
    o->tlp = KSZ_TLP_UNSET;
    o->confidence = -1;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode s[0..n) into out (cap bytes). */
static bool unescape(const char *s, size_t n, char *out, size_t cap)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int h, l;
            if (i + 2 >= n)
                return false;
            h = hexval(s[i + 1]);
            l = hexval(s[i + 2]);
            if (h < 0 || l < 0 || (h == 0 && l == 0))
                return false;
            c = (char)(h * 16 + l);
            i += 2;
        } else if (c == '\0') {
            return false;
        }
        if (j + 1 >= cap)
            return false;
        out[j++] = c;
    }
    out[j] = '\0';
    return true;
}

static bool parse_int(const char *v, long long lo, long long hi, long long *out)
{
    char *end;
    long long n;
    if (*v == '\0')
        return false;
    n = strtoll(v, &end, 10);
    if (*end != '\0' || n < lo || n > hi)
        return false;
    *out = n;
    return true;
}

static ksz_rc set_str(char *dst, size_t cap, const char *v, const char *key,
                      struct ksz_error *err)
{
    size_t n = strlen(v);
    if (n >= cap)
        return ksz_error_set(err, KSZ_ERR_PARSE, "feed options: %s: longer than %zu bytes", key,
                             cap - 1);
    memcpy(dst, v, n + 1);
    return KSZ_OK;
}

static ksz_rc apply(struct ksz_feed_options *o, const char *k, size_t klen, const char *v,
                    struct ksz_error *err)
{
    long long n;

#define KEY(s) (klen == sizeof(s) - 1 && memcmp(k, s, klen) == 0)
    if (KEY("tlp")) {
        if (ksz_tlp_parse(v, strlen(v), &o->tlp) != KSZ_OK)
            return ksz_error_set(err, KSZ_ERR_PARSE, "feed options: tlp: bad value '%.64s'", v);
    } else if (KEY("confidence")) {
        if (!parse_int(v, 0, 100, &n))
            return ksz_error_set(err, KSZ_ERR_PARSE, "feed options: confidence: expected "
                                 "0..100, found '%.64s'", v);
        o->confidence = (int)n;
    } else if (KEY("valid_for")) {
        if (!parse_int(v, 1, (long long)100 * 366 * 86400, &n))
            return ksz_error_set(err, KSZ_ERR_PARSE, "feed options: valid_for: expected "
                                 "seconds, found '%.64s'", v);
        o->valid_for = n;
    } else if (KEY("usage")) {
        struct ksz_error e2 = {0};
        if (ksz_usage_parse(v, strlen(v), &o->usage, &e2) != KSZ_OK)
            return ksz_error_set(err, KSZ_ERR_PARSE, "feed options: usage: %s", e2.msg);
        return set_str(o->usage_text, sizeof o->usage_text, v, "usage", err);
    } else if (KEY("columns")) {
        return set_str(o->columns, sizeof o->columns, v, "columns", err);
    } else if (KEY("delimiter")) {
        if (strlen(v) != 1)
            return ksz_error_set(err, KSZ_ERR_PARSE, "feed options: delimiter: expected one "
                                 "character");
        o->delimiter = v[0];
    } else if (KEY("token")) {
        return set_str(o->token, sizeof o->token, v, "token", err);
    } else if (KEY("token_env")) {
        return set_str(o->token_env, sizeof o->token_env, v, "token_env", err);
    } else {
        return ksz_error_set(err, KSZ_ERR_PARSE, "feed options: unknown key '%.*s'",
                             (int)(klen > 64 ? 64 : klen), k);
    }
#undef KEY
    return KSZ_OK;
}

ksz_rc ksz_feed_options_parse(const char *s, size_t len, struct ksz_feed_options *out,
                              struct ksz_error *err)
{
    struct ksz_feed_options o;
    size_t i = 0;

    opts_defaults(&o);
    while (s != NULL && i < len) {
        size_t start = i, eq = (size_t)-1;
        char v[512];
        ksz_rc rc;

        while (i < len && s[i] != ';') {
            if (s[i] == '=' && eq == (size_t)-1)
                eq = i;
            i++;
        }
        if (i > start) {
            if (eq == (size_t)-1 || eq == start)
                return ksz_error_set(err, KSZ_ERR_PARSE, "feed options: expected key=value at "
                                     "byte %zu", start);
            if (!unescape(s + eq + 1, i - eq - 1, v, sizeof v))
                return ksz_error_set(err, KSZ_ERR_PARSE, "feed options: bad value at byte %zu",
                                     eq + 1);
            rc = apply(&o, s + start, eq - start, v, err);
            if (rc != KSZ_OK)
                return rc;
        }
        i++;   /* past ';' */
    }
    *out = o;
    return KSZ_OK;
}

static ksz_rc put(struct ksz_buf *b, const char *k, const char *v)
{
    ksz_rc rc;
    if (v == NULL || v[0] == '\0')
        return KSZ_OK;
    rc = ksz_buf_printf(b, "%s%s=", b->len > 0 ? ";" : "", k);
    for (; rc == KSZ_OK && *v; v++) {
        if (*v == '%' || *v == ';' || *v == '=' || (unsigned char)*v < 0x20)
            rc = ksz_buf_printf(b, "%%%02X", (unsigned char)*v);
        else
            rc = ksz_buf_putc(b, *v);
    }
    return rc;
}

ksz_rc ksz_feed_options_format(const struct ksz_feed_options *o, struct ksz_buf *b)
{
    char n[32], d[2] = {o->delimiter, '\0'};
    ksz_rc rc = KSZ_OK;

    if (o->tlp != KSZ_TLP_UNSET)
        rc = put(b, "tlp", ksz_tlp_name(o->tlp));
    if (rc == KSZ_OK && o->confidence >= 0) {
        snprintf(n, sizeof n, "%d", o->confidence);
        rc = put(b, "confidence", n);
    }
    if (rc == KSZ_OK && o->valid_for > 0) {
        snprintf(n, sizeof n, "%lld", (long long)o->valid_for);
        rc = put(b, "valid_for", n);
    }
    if (rc == KSZ_OK)
        rc = put(b, "usage", o->usage_text);
    if (rc == KSZ_OK)
        rc = put(b, "columns", o->columns);
    if (rc == KSZ_OK)
        rc = put(b, "delimiter", d);
    if (rc == KSZ_OK)
        rc = put(b, "token", o->token);
    if (rc == KSZ_OK)
        rc = put(b, "token_env", o->token_env);
    return rc;
}

bool ksz_feed_format_ok(const char *format)
{
    static const char *const ok[] = {"stix", "misp-feed", "csv",  "text",
                                     "taxii", "misp",      "plain", "jsonl"};
    if (format == NULL)
        return false;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(format, ok[i]) == 0)
            return true;
    return false;
}

int64_t ksz_feed_next_due(const struct ksz_feed *f)
{
    int64_t every = f->every > 0 ? f->every : 3600, wait = every;

    if (f->last_run == 0)
        return f->created;
    if (f->failures > 0) {
        int64_t b = 30;
        for (int64_t i = 1; i < f->failures && b < every; i++)
            b *= 2;
        if (b < wait)
            wait = b;
    }
    return f->last_run + wait;
}
