/* SPDX-License-Identifier: Apache-2.0 */
/*
 * awswaf.c - AWS WAF logs (JSON, one request per line): the client address,
 * the Host and Referer headers, and the time in epoch milliseconds.
 *
 * Headers are an array of {"name": ..., "value": ...}: a value is paired
 * with the name seen in the same array element.
 */
#include <strings.h>
#include "logs/logs_int.h"

struct waf {
    struct ksz_log_record *rec;
    unsigned name_elem;
    ksz_log_kind pending;      /* kind of the header whose name was just seen */
    const char *pending_name;
    bool bad_time, have_request;
};

static void on_leaf(void *ctx, const struct logs_json_leaf *l)
{
    struct waf *w = ctx;

    if (logs_eq(l->path, l->plen, "timestamp")) {
        if (ksz_log_time_any(l->val, l->vlen, &w->rec->ts, &w->rec->usec) != KSZ_OK)
            w->bad_time = true;
        return;
    }
    if (!l->is_str)
        return;
    if (logs_eq(l->path, l->plen, "httpRequest.clientIp")) {
        w->have_request = true;
        logs_add(w->rec, "httpRequest.clientIp", l->val, l->vlen, KSZ_LOG_K_IP);
    } else if (logs_eq(l->path, l->plen, "httpRequest.headers.name")) {
        w->name_elem = l->elem;
        w->pending = KSZ_LOG_K_NONE;
        if (l->vlen == 4 && strncasecmp(l->val, "host", 4) == 0) {
            w->pending = KSZ_LOG_K_HOST;
            w->pending_name = "httpRequest.headers.host";
        } else if (l->vlen == 7 && strncasecmp(l->val, "referer", 7) == 0) {
            w->pending = KSZ_LOG_K_URL;
            w->pending_name = "httpRequest.headers.referer";
        }
    } else if (logs_eq(l->path, l->plen, "httpRequest.headers.value")) {
        if (w->pending != KSZ_LOG_K_NONE && l->elem == w->name_elem)
            logs_add(w->rec, w->pending_name, l->val, l->vlen, w->pending);
        w->pending = KSZ_LOG_K_NONE;
    }
}

ksz_rc ksz__logs_awswaf(struct ksz_log_parser *p, const char *s, size_t len,
                        struct ksz_log_record *rec, struct ksz_error *err)
{
    struct waf w = {rec, 0, KSZ_LOG_K_NONE, NULL, false, false};
    ksz_rc rc = ksz__logs_json_walk(p, s, len, on_leaf, &w, err);

    if (rc != KSZ_OK)
        return rc;
    if (w.bad_time || rec->ts == KSZ_LOG_NO_TIME)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "awswaf: expected \"timestamp\" in epoch milliseconds");
    if (!w.have_request)
        return ksz_error_set(err, KSZ_ERR_PARSE, "awswaf: expected httpRequest.clientIp");
    return KSZ_OK;
}
