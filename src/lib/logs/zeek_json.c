/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zeek_json.c - Zeek logs written as JSON lines (LogAscii::use_json).
 *
 * Keys are the TSV column names ("id.orig_h" flat, or nested "id":{...}
 * with the nested option: both give the same dotted path), typed by the
 * same table. "ts" is an epoch number or, with json_timestamps, ISO 8601.
 */
#include "logs/logs_int.h"

struct zj {
    struct ksz_log_parser *p;
    struct ksz_log_record *rec;
    const char *host, *uri;
    size_t hlen, ulen;
    bool bad_time;
};

static void on_leaf(void *ctx, const struct logs_json_leaf *l)
{
    struct zj *z = ctx;
    const char *name;
    ksz_log_kind k = ksz__logs_zeek_kind(l->path, l->plen, &name);

    if (k == KSZ_LOG_K_TIME) {
        if (ksz_log_time_any(l->val, l->vlen, &z->rec->ts, &z->rec->usec) != KSZ_OK)
            z->bad_time = true;
        return;
    }
    if (logs_eq(l->path, l->plen, "uri")) {
        z->uri = l->val;
        z->ulen = l->vlen;
        return;
    }
    if (k == KSZ_LOG_K_NONE || !l->is_str)
        return;
    if (logs_eq(l->path, l->plen, "host")) {
        z->host = l->val;
        z->hlen = l->vlen;
    }
    logs_add(z->rec, name, l->val, l->vlen, k);
}

ksz_rc ksz__logs_zeek_json(struct ksz_log_parser *p, const char *s, size_t len,
                           struct ksz_log_record *rec, struct ksz_error *err)
{
    struct zj z = {p, rec, NULL, NULL, 0, 0, false};
    ksz_rc rc = ksz__logs_json_walk(p, s, len, on_leaf, &z, err);

    if (rc != KSZ_OK)
        return rc;
    if (z.bad_time)
        return ksz_error_set(err, KSZ_ERR_PARSE, "zeek-json: expected a time in \"ts\"");
    if (z.host != NULL && z.uri != NULL) {
        size_t n;
        const char *u = ksz__logs_join_url(p, z.host, z.hlen, z.uri, z.ulen, &n);
        if (u != NULL)
            logs_add(rec, "url", u, n, KSZ_LOG_K_URL);
    }
    return KSZ_OK;
}
