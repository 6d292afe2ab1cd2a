/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zeek_tsv.c - Zeek's tab-separated logs, any kind (conn, dns, http, ssl,
 * files, x509, smtp, notice, ...).
 *
 * The layout comes from the header: "#separator \x09", "#set_separator ,"
 * and "#fields ts uid id.orig_h ...". Columns are typed by their name, so a
 * log kind we have never seen still yields its addresses and names. "-" is
 * unset and "(empty)" an empty set. An http log's host and uri make a URL.
 */
#include "logs/logs_int.h"

static const struct {
    const char *name;
    ksz_log_kind kind;
} zeek_kinds[] = {
    {"id.orig_h", KSZ_LOG_K_IP},      {"id.resp_h", KSZ_LOG_K_IP},
    {"query", KSZ_LOG_K_DOMAIN},      {"answers", KSZ_LOG_K_HOST},
    {"host", KSZ_LOG_K_HOST},         {"server_name", KSZ_LOG_K_DOMAIN},
    {"referrer", KSZ_LOG_K_URL},      {"md5", KSZ_LOG_K_HASH},
    {"sha1", KSZ_LOG_K_HASH},         {"sha256", KSZ_LOG_K_HASH},
    {"tx_hosts", KSZ_LOG_K_IP},       {"rx_hosts", KSZ_LOG_K_IP},
    {"san.dns", KSZ_LOG_K_DOMAIN},    {"san.ip", KSZ_LOG_K_IP},
    {"san.email", KSZ_LOG_K_EMAIL},   {"mailfrom", KSZ_LOG_K_EMAIL},
    {"rcptto", KSZ_LOG_K_EMAIL},      {"from", KSZ_LOG_K_EMAIL},
    {"to", KSZ_LOG_K_EMAIL},          {"reply_to", KSZ_LOG_K_EMAIL},
    {"x_originating_ip", KSZ_LOG_K_IP}, {"src", KSZ_LOG_K_IP},
    {"dst", KSZ_LOG_K_IP},            {"ts", KSZ_LOG_K_TIME},
    {"hashes.md5", KSZ_LOG_K_HASH},   {"hashes.sha1", KSZ_LOG_K_HASH},
    {"hashes.sha256", KSZ_LOG_K_HASH}, {"assigned_addr", KSZ_LOG_K_IP},
    {"host_name", KSZ_LOG_K_HOST},
};

ksz_log_kind ksz__logs_zeek_kind(const char *name, size_t len, const char **stable)
{
    for (size_t i = 0; i < sizeof zeek_kinds / sizeof zeek_kinds[0]; i++)
        if (logs_eq(name, len, zeek_kinds[i].name)) {
            if (stable)
                *stable = zeek_kinds[i].name;
            return zeek_kinds[i].kind;
        }
    return KSZ_LOG_K_NONE;
}

/* "\x09" -> tab; a plain character as is. */
static char sep_value(const char *s, size_t n)
{
    if (n == 4 && s[0] == '\\' && s[1] == 'x') {
        static const char hx[] = "0123456789abcdef";
        const char *a = memchr(hx, s[2] | 0x20, 16), *b = memchr(hx, s[3] | 0x20, 16);
        if (a && b)
            return (char)((a - hx) << 4 | (b - hx));
    }
    return n >= 1 ? s[0] : '\t';
}

/* A header line (starting with '#'): update the layout. */
static ksz_rc header(struct ksz_log_parser *p, const char *s, size_t len, struct ksz_error *err)
{
    const char *sp;

    if (len > 11 && memcmp(s, "#separator ", 11) == 0) {
        p->sep = sep_value(s + 11, len - 11);
        return KSZ_OK;
    }
    if (len > 15 && memcmp(s, "#set_separator", 14) == 0) {
        sp = s + 15;
        p->set_sep = sep_value(sp, len - 15);
        return KSZ_OK;
    }
    if (len > 8 && memcmp(s, "#fields", 7) == 0 && s[7] == p->sep) {
        size_t i = 8;
        p->ncols = 0;
        p->names_len = 0;
        p->time_col = p->host_col = p->uri_col = -1;
        while (i <= len) {
            const char *f = s + i, *e = memchr(f, p->sep, len - i);
            size_t n = e ? (size_t)(e - f) : len - i;
            struct logs_col *c;
            if (p->ncols >= LOGS_COLS_MAX || p->names_len + n + 1 > LOGS_NAMES_MAX)
                return ksz_error_set(err, KSZ_ERR_LIMIT, "zeek: too many #fields");
            c = &p->cols[p->ncols];
            memcpy(p->names + p->names_len, f, n);
            p->names[p->names_len + n] = '\0';
            c->name = p->names + p->names_len;
            p->names_len += n + 1;
            c->kind = ksz__logs_zeek_kind(f, n, NULL);
            c->is_set = c->kind == KSZ_LOG_K_HOST || c->kind == KSZ_LOG_K_IP ||
                        c->kind == KSZ_LOG_K_DOMAIN || c->kind == KSZ_LOG_K_EMAIL;
            if (c->kind == KSZ_LOG_K_TIME) {
                p->time_col = (int)p->ncols;
                c->kind = KSZ_LOG_K_NONE;
            }
            if (logs_eq(f, n, "host"))
                p->host_col = (int)p->ncols;
            if (logs_eq(f, n, "uri"))
                p->uri_col = (int)p->ncols;
            p->ncols++;
            i += n + 1;
        }
        p->have_layout = true;
        return KSZ_OK;
    }
    return KSZ_OK;   /* #path, #open, #close, #types, #unset_field, ... */
}

ksz_rc ksz__logs_zeek_layout(struct ksz_log_parser *p, const char *head, size_t len,
                             struct ksz_error *err)
{
    size_t off = 0;

    while (off < len && !p->have_layout) {
        const char *nl = memchr(head + off, '\n', len - off);
        size_t n = nl ? (size_t)(nl - head - off) : len - off;
        ksz_rc rc;
        if (n > 0 && head[off + n - 1] == '\r')
            n--;
        if (n == 0 || head[off] != '#')
            break;
        rc = header(p, head + off, n, err);
        if (rc != KSZ_OK)
            return rc;
        if (nl == NULL)
            break;
        off = (size_t)(nl - head) + 1;
    }
    if (!p->have_layout)
        return ksz_error_set(err, KSZ_ERR_INVALID,
                             "zeek: expected a #fields header at the start of the log");
    return KSZ_OK;
}

ksz_rc ksz__logs_zeek_tsv(struct ksz_log_parser *p, const char *s, size_t len,
                          struct ksz_log_record *rec, struct ksz_error *err)
{
    const char *host = NULL, *uri = NULL;
    size_t hlen = 0, ulen = 0, col = 0, i = 0;

    if (s[0] == '#')
        return header(p, s, len, err) == KSZ_OK ? KSZ_ERR_NOTFOUND
                                                : ksz_error_set(err, KSZ_ERR_PARSE,
                                                                "zeek: expected a valid header");
    if (!p->have_layout)
        return ksz_error_set(err, KSZ_ERR_PARSE, "zeek: expected a #fields header first");
    while (i <= len && col < p->ncols) {
        const char *f = s + i, *e = memchr(f, p->sep, len - i);
        size_t n = e ? (size_t)(e - f) : len - i;
        const struct logs_col *c = &p->cols[col];

        if ((int)col == p->time_col) {
            if (ksz_log_time_any(f, n, &rec->ts, &rec->usec) != KSZ_OK)
                return ksz_error_set(err, KSZ_ERR_PARSE,
                                     "zeek: expected an epoch time in field '%s'", c->name);
        } else if ((int)col == p->host_col) {
            host = f;
            hlen = n;
        } else if ((int)col == p->uri_col) {
            uri = f;
            ulen = n;
        }
        if (c->kind != KSZ_LOG_K_NONE && !(n == 7 && memcmp(f, "(empty)", 7) == 0)) {
            if (c->is_set) {
                size_t j = 0;
                while (j <= n) {
                    const char *v = f + j, *ve = memchr(v, p->set_sep, n - j);
                    size_t vn = ve ? (size_t)(ve - v) : n - j;
                    logs_add(rec, c->name, v, vn, c->kind);
                    j += vn + 1;
                }
            } else {
                logs_add(rec, c->name, f, n, c->kind);
            }
        }
        col++;
        i += n + 1;
    }
    if (col < p->ncols)
        return ksz_error_set(err, KSZ_ERR_PARSE, "zeek: expected %zu fields, got %zu", p->ncols,
                             col);
    if (host != NULL && uri != NULL && !(hlen == 1 && host[0] == '-')) {
        size_t n;
        const char *u = ksz__logs_join_url(p, host, hlen, uri, ulen, &n);
        if (u != NULL)
            logs_add(rec, "url", u, n, KSZ_LOG_K_URL);
    }
    return KSZ_OK;
}
