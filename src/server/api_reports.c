/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_reports.c - GET /api/v1/reports, /api/v1/threats and
 * /api/v1/relationships: what the store holds, cut to the token's TLP
 * ceiling. ?indicator=ID lists those of one indicator.
 */
#include <stdlib.h>
#include <string.h>
#include "srv.h"

struct lst {
    struct srv_req *r;
    size_t n, limit;
};

static int on_report(const struct ksz_report *rp, void *user)
{
    struct lst *l = user;
    struct ksz_buf *b = &l->r->out;

    if (!srv_tlp_ok(l->r, rp->tlp) || l->n >= l->limit)
        return 0;
    if (l->n++ > 0)
        ksz_buf_putc(b, ',');
    ksz_buf_printf(b, "{\"id\":");
    srv_json_str(b, rp->stix_id);
    srv_json_kv(b, true, "title", rp->title);
    srv_json_kv(b, true, "description", rp->description);
    srv_json_kv(b, true, "source", rp->source);
    ksz_buf_printf(b, ",\"published\":");
    srv_json_time(b, rp->published);
    ksz_buf_printf(b, ",\"modified\":");
    srv_json_time(b, rp->modified);
    srv_json_kv(b, true, "tlp", ksz_tlp_name(rp->tlp));
    ksz_buf_printf(b, ",\"labels\":");
    srv_json_list(b, &rp->labels);
    ksz_buf_printf(b, ",\"object_refs\":");
    srv_json_list(b, &rp->object_refs);
    ksz_buf_putc(b, '}');
    return 0;
}

static int on_threat(const struct ksz_threat *t, void *user)
{
    struct lst *l = user;
    struct ksz_buf *b = &l->r->out;

    if (!srv_tlp_ok(l->r, t->tlp) || l->n >= l->limit)
        return 0;
    if (l->n++ > 0)
        ksz_buf_putc(b, ',');
    ksz_buf_printf(b, "{\"id\":");
    srv_json_str(b, t->stix_id);
    srv_json_kv(b, true, "kind", ksz_threat_kind_name(t->kind));
    srv_json_kv(b, true, "name", t->name);
    srv_json_kv(b, true, "description", t->description);
    ksz_buf_printf(b, ",\"aliases\":");
    srv_json_list(b, &t->aliases);
    ksz_buf_printf(b, ",\"external_ids\":");
    srv_json_list(b, &t->external_ids);
    srv_json_kv(b, true, "tlp", ksz_tlp_name(t->tlp));
    ksz_buf_printf(b, ",\"revoked\":%s}", t->revoked ? "true" : "false");
    return 0;
}

static bool list_start(struct srv_req *r, const char *sub, struct lst *l, int64_t *ind)
{
    const char *v;

    if (*sub != '\0') {
        srv_error(r, 404, "no such path: %s", r->path);
        return false;
    }
    if (strcmp(r->method, "GET") != 0) {
        srv_add_header(r, "Allow", "GET");
        srv_error(r, 405, "use GET");
        return false;
    }
    if (!srv_auth(r))
        return false;
    l->r = r;
    l->n = 0;
    l->limit = 1000;
    *ind = 0;
    if ((v = srv_query_get(&r->q, "limit")) != NULL)
        l->limit = (size_t)strtoull(v, NULL, 10);
    if ((v = srv_query_get(&r->q, "indicator")) != NULL) {
        *ind = strtoll(v, NULL, 10);
        if (*ind <= 0) {
            srv_error(r, 400, "indicator: expected a row id");
            return false;
        }
    }
    return true;
}

void srv_api_reports(struct srv_req *r, const char *sub)
{
    struct lst l;
    struct ksz_error err = {0};
    int64_t ind;
    ksz_rc rc;

    if (!list_start(r, sub, &l, &ind))
        return;
    ksz_buf_printf(&r->out, "{\"reports\":[");
    rc = ind != 0 ? ksz_store_indicator_reports(r->st, ind, on_report, &l, &err)
                  : ksz_store_each_report(r->st, NULL, on_report, &l, &err);
    if (rc != KSZ_OK) {
        srv_error(r, srv_status_for(rc), "%s", err.msg);
        return;
    }
    ksz_buf_printf(&r->out, "],\"count\":%zu}\n", l.n);
    r->status = 200;
    r->ctype = "application/json";
}

void srv_api_threats(struct srv_req *r, const char *sub)
{
    struct lst l;
    struct ksz_error err = {0};
    int64_t ind;
    ksz_rc rc;

    if (!list_start(r, sub, &l, &ind))
        return;
    ksz_buf_printf(&r->out, "{\"threats\":[");
    rc = ind != 0 ? ksz_store_indicator_threats(r->st, ind, on_threat, &l, &err)
                  : ksz_store_each_threat(r->st, NULL, on_threat, &l, &err);
    if (rc != KSZ_OK) {
        srv_error(r, srv_status_for(rc), "%s", err.msg);
        return;
    }
    ksz_buf_printf(&r->out, "],\"count\":%zu}\n", l.n);
    r->status = 200;
    r->ctype = "application/json";
}
