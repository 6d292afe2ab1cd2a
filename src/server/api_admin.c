/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_admin.c - what only an admin token reaches: /api/v1/tokens (list,
 * create, revoke), /api/v1/audit (the log of writes); and /api/v1/feeds,
 * the feeds and the health of their last pulls (any token).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <kizashi/net.h>
#include "srv.h"

static int on_token(const struct ksz_token *t, void *user)
{
    struct ksz_buf *b = user;

    if (b->data[b->len - 1] != '[')
        ksz_buf_putc(b, ',');
    ksz_buf_printf(b, "{\"name\":");
    srv_json_str(b, t->name);
    srv_json_kv(b, true, "role", ksz_role_name(t->role));
    srv_json_kv(b, true, "tlp_max", ksz_tlp_name(t->tlp_max));
    ksz_buf_printf(b, ",\"allow_red\":%s", t->allow_red ? "true" : "false");
    srv_json_kv(b, true, "collections", t->collections);
    ksz_buf_printf(b, ",\"created\":");
    srv_json_time(b, t->created);
    ksz_buf_printf(b, ",\"revoked\":%s}", t->revoked ? "true" : "false");
    return 0;
}

static void token_create(struct srv_req *r)
{
    struct ksz_token t;
    struct ksz_error err = {0};
    json_error_t je;
    json_t *o = json_loadb(r->body.data ? r->body.data : "", r->body.len, 0, &je);
    const char *role, *tlp;
    char secret[96];
    ksz_rc rc;

    if (o == NULL || !json_is_object(o)) {
        json_decref(o);
        srv_error(r, 400, "body: expected {\"name\":..,\"role\":..,\"tlp_max\":..}");
        return;
    }
    memset(&t, 0, sizeof t);
    t.name = json_string_value(json_object_get(o, "name"));
    role = json_string_value(json_object_get(o, "role"));
    tlp = json_string_value(json_object_get(o, "tlp_max"));
    t.allow_red = json_is_true(json_object_get(o, "allow_red"));
    t.collections = json_string_value(json_object_get(o, "collections"));
    t.tlp_max = KSZ_TLP_AMBER;
    if (t.name == NULL || role == NULL ||
        ksz_role_parse(role, strlen(role), &t.role) != KSZ_OK ||
        (tlp != NULL && (ksz_tlp_parse(tlp, strlen(tlp), &t.tlp_max) != KSZ_OK ||
                         t.tlp_max == KSZ_TLP_UNSET))) {
        json_decref(o);
        srv_error(r, 400, "body: name, role (reader, analyst, admin) and tlp_max are needed");
        return;
    }
    rc = ksz_token_create(r->st, &t, secret, sizeof secret, &err);
    if (rc != KSZ_OK) {
        srv_error(r, rc == KSZ_ERR_INVALID ? 409 : srv_status_for(rc), "%s", err.msg);
        json_decref(o);
        return;
    }
    r->status = 201;
    r->ctype = "application/json";
    ksz_buf_printf(&r->out, "{\"name\":");
    srv_json_str(&r->out, t.name);
    ksz_buf_printf(&r->out, ",\"token\":\"%s\"}\n", secret);
    srv_audit(r, "token-create", t.name, ksz_role_name(t.role));
    json_decref(o);
}

void srv_api_tokens(struct srv_req *r)
{
    struct ksz_error err = {0};
    const char *v;
    ksz_rc rc;

    if (!srv_require(r, KSZ_ROLE_ADMIN))
        return;
    if (strcmp(r->method, "POST") == 0) {
        token_create(r);
        return;
    }
    if (strcmp(r->method, "DELETE") == 0) {
        if ((v = srv_query_get(&r->q, "name")) == NULL) {
            srv_error(r, 400, "name: which token to revoke");
            return;
        }
        rc = ksz_store_token_revoke(r->st, v, &err);
        srv_auth_forget();
        if (rc != KSZ_OK) {
            srv_error(r, srv_status_for(rc), "%s", err.msg);
            return;
        }
        r->status = 200;
        r->ctype = "application/json";
        ksz_buf_printf(&r->out, "{\"revoked\":");
        srv_json_str(&r->out, v);
        ksz_buf_printf(&r->out, "}\n");
        srv_audit(r, "token-revoke", v, NULL);
        return;
    }
    ksz_buf_printf(&r->out, "{\"tokens\":[");
    rc = ksz_store_each_token(r->st, on_token, &r->out, &err);
    if (rc != KSZ_OK) {
        srv_error(r, srv_status_for(rc), "%s", err.msg);
        return;
    }
    ksz_buf_printf(&r->out, "]}\n");
    r->status = 200;
    r->ctype = "application/json";
}

static int on_audit(const struct ksz_audit *a, void *user)
{
    struct ksz_buf *b = user;

    if (b->data[b->len - 1] != '[')
        ksz_buf_putc(b, ',');
    ksz_buf_printf(b, "{\"id\":%lld,\"at\":", (long long)a->id);
    srv_json_time(b, a->at);
    srv_json_kv(b, true, "actor", a->actor);
    srv_json_kv(b, true, "action", a->action);
    srv_json_kv(b, true, "object", a->object);
    srv_json_kv(b, true, "detail", a->detail);
    ksz_buf_printf(b, ",\"status\":%d}", a->status);
    return 0;
}

void srv_api_audit(struct srv_req *r)
{
    struct ksz_error err = {0};
    const char *v;
    int64_t after = 0;
    size_t limit = 1000;
    ksz_rc rc;

    if (!srv_require(r, KSZ_ROLE_ADMIN))
        return;
    if ((v = srv_query_get(&r->q, "after")) != NULL)
        after = strtoll(v, NULL, 10);
    if ((v = srv_query_get(&r->q, "limit")) != NULL)
        limit = (size_t)strtoull(v, NULL, 10);
    ksz_buf_printf(&r->out, "{\"audit\":[");
    rc = ksz_store_each_audit(r->st, after, limit, on_audit, &r->out, &err);
    if (rc != KSZ_OK) {
        srv_error(r, srv_status_for(rc), "%s", err.msg);
        return;
    }
    ksz_buf_printf(&r->out, "]}\n");
    r->status = 200;
    r->ctype = "application/json";
}

static int on_feed(const struct ksz_feed *f, void *user)
{
    struct ksz_buf *b = user;

    if (b->data[b->len - 1] != '[')
        ksz_buf_putc(b, ',');
    ksz_buf_printf(b, "{\"name\":");
    srv_json_str(b, f->name);
    srv_json_kv(b, true, "url", f->url);
    srv_json_kv(b, true, "format", f->format);
    srv_json_kv(b, true, "collection", f->collection);
    ksz_buf_printf(b, ",\"every\":%lld,\"last_run\":", (long long)f->every);
    srv_json_time(b, f->last_run);
    ksz_buf_printf(b, ",\"last_success\":");
    srv_json_time(b, f->last_success);
    srv_json_kv(b, true, "last_error", f->last_error);
    ksz_buf_printf(b, ",\"next_due\":");
    srv_json_time(b, ksz_feed_next_due(f));
    ksz_buf_printf(b, ",\"last_count\":%lld,\"failures\":%lld,\"healthy\":%s}",
                   (long long)f->last_count, (long long)f->failures,
                   f->failures == 0 && f->last_success != 0 ? "true" : "false");
    return 0;
}

void srv_api_feeds(struct srv_req *r)
{
    struct ksz_error err = {0};
    ksz_rc rc;

    if (!srv_auth(r))
        return;
    ksz_buf_printf(&r->out, "{\"feeds\":[");
    rc = ksz_store_each_feed(r->st, NULL, on_feed, &r->out, &err);
    if (rc != KSZ_OK) {
        srv_error(r, srv_status_for(rc), "%s", err.msg);
        return;
    }
    ksz_buf_printf(&r->out, "]}\n");
    r->status = 200;
    r->ctype = "application/json";
}
