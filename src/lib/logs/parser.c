/* SPDX-License-Identifier: Apache-2.0 */
/*
 * parser.c - format names, --field mappings, format detection and the parser
 * object that dispatches a line to its format.
 *
 * Detection looks at the first few non-empty lines only, and errs towards
 * the specific: an EVE or Zeek JSON line is also a JSON line, a combined
 * line is also a common one; the most specific format that fits wins.
 */
#include <stdlib.h>
#include "logs/logs_int.h"

static const char *const format_names[KSZ_LOG__COUNT] = {
    "auto", "squid", "clf", "combined", "zeek", "zeek-json", "eve", "bind", "awswaf", "jsonl",
    "csv"};

const char *ksz_log_format_name(ksz_log_format f)
{
    return (unsigned)f < KSZ_LOG__COUNT ? format_names[f] : "";
}

ksz_rc ksz_log_format_parse(const char *s, size_t len, ksz_log_format *out)
{
    for (unsigned i = 0; i < KSZ_LOG__COUNT; i++)
        if (logs_eq(s, len, format_names[i])) {
            *out = (ksz_log_format)i;
            return KSZ_OK;
        }
    if (logs_eq(s, len, "common") || logs_eq(s, len, "apache") || logs_eq(s, len, "nginx")) {
        *out = logs_eq(s, len, "common") ? KSZ_LOG_CLF : KSZ_LOG_COMBINED;
        return KSZ_OK;
    }
    if (logs_eq(s, len, "suricata")) {
        *out = KSZ_LOG_EVE;
        return KSZ_OK;
    }
    return KSZ_ERR_NOTFOUND;
}

static const char *const kind_names[KSZ_LOG_K__COUNT] = {"",       "ip",   "host",  "domain",
                                                         "url",    "hash", "email", "time"};

const char *ksz_log_kind_name(ksz_log_kind k)
{
    return (unsigned)k < KSZ_LOG_K__COUNT ? kind_names[k] : "";
}

ksz_rc ksz_log_kind_parse(const char *s, size_t len, ksz_log_kind *out)
{
    static const struct {
        const char *name;
        ksz_log_kind kind;
    } aliases[] = {{"ipv4", KSZ_LOG_K_IP},        {"ipv6", KSZ_LOG_K_IP},
                   {"md5", KSZ_LOG_K_HASH},       {"sha1", KSZ_LOG_K_HASH},
                   {"sha256", KSZ_LOG_K_HASH},    {"sha512", KSZ_LOG_K_HASH},
                   {"hostname", KSZ_LOG_K_HOST},  {"fqdn", KSZ_LOG_K_DOMAIN},
                   {"timestamp", KSZ_LOG_K_TIME}, {"sni", KSZ_LOG_K_DOMAIN}};

    for (unsigned i = 1; i < KSZ_LOG_K__COUNT; i++)
        if (logs_eq(s, len, kind_names[i])) {
            *out = (ksz_log_kind)i;
            return KSZ_OK;
        }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (logs_eq(s, len, aliases[i].name)) {
            *out = aliases[i].kind;
            return KSZ_OK;
        }
    return KSZ_ERR_NOTFOUND;
}

ksz_rc ksz_log_fieldmap_parse(const char *s, struct ksz_log_fieldmap *m, struct ksz_error *err)
{
    const char *eq = strrchr(s, '=');
    ksz_log_kind k;

    if (eq == NULL || eq == s || eq[1] == '\0')
        return ksz_error_set(err, KSZ_ERR_INVALID, "logs: expected NAME=TYPE, got '%s'", s);
    if (ksz_log_kind_parse(eq + 1, strlen(eq + 1), &k) != KSZ_OK)
        return ksz_error_set(err, KSZ_ERR_INVALID,
                             "logs: unknown field type '%s' (expected ip, host, domain, url, "
                             "hash, email or time)",
                             eq + 1);
    if ((size_t)(eq - s) >= sizeof m->name)
        return ksz_error_set(err, KSZ_ERR_INVALID, "logs: field name too long in '%.64s'", s);
    memcpy(m->name, s, (size_t)(eq - s));
    m->name[eq - s] = '\0';
    m->kind = k;
    return KSZ_OK;
}

/* ---- detection ------------------------------------------------------- */

static bool has(const char *s, size_t len, const char *lit)
{
    return memmem(s, len, lit, strlen(lit)) != NULL;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static ksz_log_format detect_line(const char *s, size_t len)
{
    size_t i = 0;

    if (len >= 7 && (memcmp(s, "#separator", len < 10 ? len : 10) == 0 || has(s, len, "#fields")))
        return KSZ_LOG_ZEEK;
    if (s[0] == '{') {
        if (has(s, len, "\"event_type\""))
            return KSZ_LOG_EVE;
        if (has(s, len, "\"httpRequest\"") &&
            (has(s, len, "\"webaclId\"") || has(s, len, "\"terminatingRuleId\"")))
            return KSZ_LOG_AWSWAF;
        if (has(s, len, "\"ts\"") &&
            (has(s, len, "\"uid\"") || has(s, len, "\"id.orig_h\"") || has(s, len, "\"fuid\"")))
            return KSZ_LOG_ZEEK_JSON;
        return KSZ_LOG_JSONL;
    }
    /* Squid: "1286536309.450    123 10.0.0.1 TCP_MISS/200 ..." */
    while (i < len && is_digit(s[i]))
        i++;
    if (i >= 9 && i < len && s[i] == '.') {
        i++;
        while (i < len && is_digit(s[i]))
            i++;
        if (i < len && s[i] == ' ' && has(s, len, "/") &&
            (has(s, len, "TCP_") || has(s, len, "UDP_") || has(s, len, "NONE") ||
             has(s, len, "TAG_") || has(s, len, "HIER_") || has(s, len, "DIRECT/")))
            return KSZ_LOG_SQUID;
    }
    /* BIND: "01-Jan-2024 12:00:00.000 ... client ... query: ..." */
    if (has(s, len, " query: ") && has(s, len, "client "))
        return KSZ_LOG_BIND;
    /* CLF: "host ident user [date] "request" status bytes" */
    {
        const char *lb = memchr(s, '[', len);
        const char *rb = lb ? memchr(lb, ']', len - (size_t)(lb - s)) : NULL;
        if (lb != NULL && rb != NULL && rb - lb == 27 && rb + 2 < s + len && rb[1] == ' ' &&
            rb[2] == '"') {
            /* combined: two more quoted strings after status and bytes */
            size_t q = 0;
            for (const char *p = rb; p < s + len; p++)
                q += *p == '"';
            return q >= 6 ? KSZ_LOG_COMBINED : KSZ_LOG_CLF;
        }
    }
    if (memchr(s, ',', len) != NULL)
        return KSZ_LOG_CSV;
    return KSZ_LOG_AUTO;
}

ksz_log_format ksz_log_detect(const char *head, size_t len)
{
    size_t off = 0;
    int seen = 0;
    ksz_log_format best = KSZ_LOG_AUTO;

    while (off < len && seen < 8) {
        const char *nl = memchr(head + off, '\n', len - off);
        size_t n = nl ? (size_t)(nl - (head + off)) : len - off;
        const char *line = head + off;
        ksz_log_format f;

        off += n + 1;
        if (n > 0 && line[n - 1] == '\r')
            n--;
        if (n == 0)
            continue;
        f = detect_line(line, n);
        seen++;
        if (f == KSZ_LOG_ZEEK)
            return f;
        if (f == KSZ_LOG_CSV && seen == 1) {
            best = f;   /* a header line: the rest decides nothing */
            break;
        }
        if (f == KSZ_LOG_COMBINED || best == KSZ_LOG_AUTO || best == KSZ_LOG_CSV ||
            (best == KSZ_LOG_JSONL && f != KSZ_LOG_AUTO))
            best = f;
        if (f != KSZ_LOG_AUTO && f != KSZ_LOG_JSONL && f != KSZ_LOG_CLF && f != KSZ_LOG_CSV)
            return f;
        if (nl == NULL)
            break;
    }
    return best;
}

/* ---- the parser ------------------------------------------------------ */

static const logs_parse_fn parse_fns[KSZ_LOG__COUNT] = {
    NULL,           ksz__logs_squid,  ksz__logs_clf,   ksz__logs_clf,
    ksz__logs_zeek_tsv, ksz__logs_zeek_json, ksz__logs_eve, ksz__logs_bind,
    ksz__logs_awswaf, ksz__logs_jsonl, ksz__logs_csv};

ksz_rc ksz_log_parser_new(const struct ksz_log_opts *o, const char *head, size_t len,
                          struct ksz_log_parser **out, struct ksz_error *err)
{
    struct ksz_log_parser *p;
    ksz_log_format f = o->format;
    ksz_rc rc = KSZ_OK;

    *out = NULL;
    if (f == KSZ_LOG_AUTO)
        f = ksz_log_detect(head, len);
    if (f == KSZ_LOG_AUTO || (unsigned)f >= KSZ_LOG__COUNT)
        return ksz_error_set(err, KSZ_ERR_INVALID,
                             "logs: cannot tell the log format from the first lines "
                             "(give --log-format)");
    if ((f == KSZ_LOG_JSONL || f == KSZ_LOG_CSV) && o->nfields == 0)
        return ksz_error_set(err, KSZ_ERR_INVALID,
                             "logs: %s logs need --field NAME=TYPE mappings",
                             ksz_log_format_name(f));
    p = ksz__calloc(1, sizeof *p);
    if (p == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "logs: out of memory");
    p->format = f;
    p->maps = o->fields;
    p->nmaps = o->nfields;
    p->time_col = p->host_col = p->uri_col = -1;
    p->sep = f == KSZ_LOG_CSV ? ',' : '\t';
    p->set_sep = ',';
    if (f == KSZ_LOG_ZEEK)
        rc = ksz__logs_zeek_layout(p, head, len, err);
    else if (f == KSZ_LOG_CSV)
        rc = ksz__logs_csv_layout(p, head, len, err);
    if (rc != KSZ_OK) {
        ksz__free(p);
        return rc;
    }
    *out = p;
    return KSZ_OK;
}

ksz_rc ksz_log_parser_clone(const struct ksz_log_parser *p, struct ksz_log_parser **out,
                            struct ksz_error *err)
{
    struct ksz_log_parser *c;

    *out = NULL;
    c = ksz__malloc(sizeof *c);
    if (c == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "logs: out of memory");
    /* Everything but the scratch space; column names point into names[]. */
    memcpy(c, p, offsetof(struct ksz_log_parser, scratch));
    for (size_t i = 0; i < c->ncols; i++)
        if (p->cols[i].name >= p->names && p->cols[i].name < p->names + LOGS_NAMES_MAX)
            c->cols[i].name = c->names + (p->cols[i].name - p->names);
    c->scratch_len = 0;
    *out = c;
    return KSZ_OK;
}

void ksz_log_parser_free(struct ksz_log_parser *p)
{
    ksz__free(p);
}

bool ksz_log_parser_owns(const struct ksz_log_parser *p, const char *v)
{
    uintptr_t a = (uintptr_t)v, b = (uintptr_t)p->scratch;
    return a >= b && a < b + LOGS_SCRATCH;
}

ksz_log_format ksz_log_parser_format(const struct ksz_log_parser *p)
{
    return p->format;
}

ksz_rc ksz_log_parse(struct ksz_log_parser *p, const char *line, size_t len,
                     struct ksz_log_record *rec, struct ksz_error *err)
{
    if (len > 0 && line[len - 1] == '\r')
        len--;
    rec->n = 0;
    rec->ts = KSZ_LOG_NO_TIME;
    rec->usec = 0;
    p->scratch_len = 0;
    if (len == 0)
        return KSZ_ERR_NOTFOUND;
    return parse_fns[p->format](p, line, len, rec, err);
}

const char *ksz__logs_join_url(struct ksz_log_parser *p, const char *host, size_t hlen,
                               const char *uri, size_t ulen, size_t *outlen)
{
    char *u;

    if (hlen == 0 || ulen == 0 || uri[0] != '/')
        return NULL;
    u = logs_scratch(p, 7 + hlen + ulen);
    if (u == NULL)
        return NULL;
    memcpy(u, "http://", 7);
    memcpy(u + 7, host, hlen);
    memcpy(u + 7 + hlen, uri, ulen);
    *outlen = 7 + hlen + ulen;
    return u;
}

ksz_log_kind ksz__logs_map_kind(const struct ksz_log_parser *p, const char *name, size_t len,
                                const char **mapped)
{
    for (size_t i = 0; i < p->nmaps; i++) {
        size_t n = strlen(p->maps[i].name);
        if (n == len && memcmp(p->maps[i].name, name, len) == 0) {
            if (mapped)
                *mapped = p->maps[i].name;
            return p->maps[i].kind;
        }
    }
    return KSZ_LOG_K_NONE;
}
