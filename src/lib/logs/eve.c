/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eve.c - Suricata EVE JSON: dns (v1 and v2, grouped or not), http, tls,
 * quic, flow, fileinfo, smtp/email and alert events.
 *
 * Whatever the event type, the addresses and the names under known paths
 * are taken; http.hostname and http.url make a URL.
 */
#include "logs/logs_int.h"

static const struct {
    const char *path;
    ksz_log_kind kind;
} eve_paths[] = {
    {"src_ip", KSZ_LOG_K_IP},
    {"dest_ip", KSZ_LOG_K_IP},
    {"dns.rrname", KSZ_LOG_K_DOMAIN},
    {"dns.rdata", KSZ_LOG_K_HOST},
    {"dns.queries.rrname", KSZ_LOG_K_DOMAIN},
    {"dns.answers.rrname", KSZ_LOG_K_DOMAIN},
    {"dns.answers.rdata", KSZ_LOG_K_HOST},
    {"dns.grouped.A", KSZ_LOG_K_IP},
    {"dns.grouped.AAAA", KSZ_LOG_K_IP},
    {"dns.grouped.CNAME", KSZ_LOG_K_DOMAIN},
    {"http.hostname", KSZ_LOG_K_HOST},
    {"http.http_refer", KSZ_LOG_K_URL},
    {"tls.sni", KSZ_LOG_K_DOMAIN},
    {"quic.sni", KSZ_LOG_K_DOMAIN},
    {"fileinfo.md5", KSZ_LOG_K_HASH},
    {"fileinfo.sha1", KSZ_LOG_K_HASH},
    {"fileinfo.sha256", KSZ_LOG_K_HASH},
    {"email.from", KSZ_LOG_K_EMAIL},
    {"email.to", KSZ_LOG_K_EMAIL},
    {"email.cc", KSZ_LOG_K_EMAIL},
    {"smtp.mail_from", KSZ_LOG_K_EMAIL},
    {"smtp.rcpt_to", KSZ_LOG_K_EMAIL},
};

struct eve {
    struct ksz_log_parser *p;
    struct ksz_log_record *rec;
    const char *host, *url;
    size_t hlen, ulen;
    bool bad_time, have_type;
};

static void on_leaf(void *ctx, const struct logs_json_leaf *l)
{
    struct eve *e = ctx;

    if (logs_eq(l->path, l->plen, "timestamp")) {
        if (ksz_log_time_any(l->val, l->vlen, &e->rec->ts, &e->rec->usec) != KSZ_OK)
            e->bad_time = true;
        return;
    }
    if (!l->is_str)
        return;
    if (logs_eq(l->path, l->plen, "event_type")) {
        e->have_type = true;
        return;
    }
    if (logs_eq(l->path, l->plen, "http.url")) {
        e->url = l->val;
        e->ulen = l->vlen;
        return;
    }
    for (size_t i = 0; i < sizeof eve_paths / sizeof eve_paths[0]; i++)
        if (logs_eq(l->path, l->plen, eve_paths[i].path)) {
            if (eve_paths[i].kind == KSZ_LOG_K_HOST && l->path[0] == 'h') {
                e->host = l->val;
                e->hlen = l->vlen;
            }
            logs_add(e->rec, eve_paths[i].path, l->val, l->vlen, eve_paths[i].kind);
            return;
        }
}

ksz_rc ksz__logs_eve(struct ksz_log_parser *p, const char *s, size_t len,
                     struct ksz_log_record *rec, struct ksz_error *err)
{
    struct eve e = {p, rec, NULL, NULL, 0, 0, false, false};
    ksz_rc rc = ksz__logs_json_walk(p, s, len, on_leaf, &e, err);

    if (rc != KSZ_OK)
        return rc;
    if (e.bad_time || rec->ts == KSZ_LOG_NO_TIME)
        return ksz_error_set(err, KSZ_ERR_PARSE, "eve: expected a \"timestamp\" in ISO 8601");
    if (!e.have_type)
        return ksz_error_set(err, KSZ_ERR_PARSE, "eve: expected an \"event_type\"");
    if (e.url != NULL) {
        size_t n;
        const char *u = ksz__logs_join_url(p, e.host, e.hlen, e.url, e.ulen, &n);
        if (u != NULL)
            logs_add(rec, "http.url", u, n, KSZ_LOG_K_URL);
        else if (memmem(e.url, e.ulen, "://", 3) != NULL)
            logs_add(rec, "http.url", e.url, e.ulen, KSZ_LOG_K_URL);
    }
    return KSZ_OK;
}
