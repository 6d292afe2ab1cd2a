/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_indicators.c - /api/v1/indicators: search, one indicator with its
 * whole context, create, and the marks (revoke, false-positive, unmark).
 *
 * Every read goes through a filter carrying the token's TLP ceiling, and
 * the context of an indicator (threats, reports) is cut to it too: what a
 * token may not see answers 404, as if it did not exist.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kizashi/formats.h>
#include "srv.h"

#define SEARCH_DEFAULT 100
#define SEARCH_MAX 10000

struct search {
    struct srv_req *r;
    size_t skip, limit, n;
    bool more;
};

static int on_found(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                    void *user)
{
    struct search *s = user;

    if (s->skip > 0) {
        s->skip--;
        return 0;
    }
    if (s->n == s->limit) {
        s->more = true;
        return 1;
    }
    if (s->n++ > 0)
        ksz_buf_putc(&s->r->out, ',');
    srv_json_indicator(&s->r->out, ind, state);
    return 0;
}

static bool parse_size(const char *v, size_t max, size_t *out)
{
    char *end;
    unsigned long long n;

    if (v == NULL)
        return true;
    if (*v < '0' || *v > '9')
        return false;
    n = strtoull(v, &end, 10);
    if (*end != '\0' || n > max)
        return false;
    *out = (size_t)n;
    return true;
}

/* The query fields shared by search and export: type, value, q, source,
 * threat, tag, usage, min_confidence, min_score, active|all, tlp_max (only
 * lowers the token's ceiling). Writes 400 and returns false on a bad one. */
bool srv_filter_from_query(struct srv_req *r, struct ksz_filter *f, char *canon);
bool srv_filter_from_query(struct srv_req *r, struct ksz_filter *f, char *canon)
{
    const struct srv_query *q = &r->q;
    struct ksz_error err = {0};
    const char *v;
    ksz_ioc_type t = KSZ_IOC_NONE;

    srv_filter_init(r, f);
    if ((v = srv_query_get(q, "type")) != NULL &&
        ksz_ioc_typeset_parse(v, strlen(v), &f->types, &err) != KSZ_OK) {
        srv_error(r, 400, "type: %s", err.msg);
        return false;
    }
    if ((v = srv_query_get(q, "value")) != NULL) {
        size_t outlen = 0;
        const char *tv = srv_query_get(q, "type");
        ksz_rc rc;
        if (tv != NULL && ksz_ioc_type_from_name(tv, strlen(tv), &t) == KSZ_OK)
            rc = ksz_ioc_canon(t, v, strlen(v), canon, KSZ_IOC_VALUE_MAX + 1, &outlen, &err);
        else
            rc = ksz_ioc_classify(v, strlen(v), &t, canon, KSZ_IOC_VALUE_MAX + 1, &outlen, &err);
        if (rc != KSZ_OK) {
            srv_error(r, 400, "value: not an indicator: %s", err.msg);
            return false;
        }
        f->value = canon;
        f->value_type = t;
        f->types = 0;
        f->value_related = srv_query_get(q, "related") != NULL;
        f->active_only = false;
    }
    if ((v = srv_query_get(q, "q")) != NULL && v[0] != '\0')
        f->text = v;
    if ((v = srv_query_get(q, "source")) != NULL)
        f->source = v;
    if ((v = srv_query_get(q, "threat")) != NULL)
        f->threat = v;
    if ((v = srv_query_get(q, "tag")) != NULL)
        f->tag = v;
    if ((v = srv_query_get(q, "usage")) != NULL &&
        ksz_usage_parse(v, strlen(v), &f->usage, &err) != KSZ_OK) {
        srv_error(r, 400, "usage: %s", err.msg);
        return false;
    }
    if ((v = srv_query_get(q, "min_confidence")) != NULL) {
        size_t n = 0;
        if (!parse_size(v, 100, &n)) {
            srv_error(r, 400, "min_confidence: expected 0..100");
            return false;
        }
        f->min_confidence = (int)n;
    }
    if ((v = srv_query_get(q, "min_score")) != NULL) {
        size_t n = 0;
        if (!parse_size(v, 100, &n)) {
            srv_error(r, 400, "min_score: expected 0..100");
            return false;
        }
        f->min_score = (double)n;
    }
    if ((v = srv_query_get(q, "active")) != NULL)
        f->active_only = strcmp(v, "0") != 0 && strcmp(v, "false") != 0;
    if (srv_query_get(q, "all") != NULL)
        f->active_only = false;
    if ((v = srv_query_get(q, "tlp_max")) != NULL) {
        ksz_tlp t2;
        if (ksz_tlp_parse(v, strlen(v), &t2) != KSZ_OK || t2 == KSZ_TLP_UNSET) {
            srv_error(r, 400, "tlp_max: expected clear, green, amber, amber+strict or red");
            return false;
        }
        if (t2 < f->tlp_max)
            f->tlp_max = t2;
        f->allow_red = f->allow_red && t2 == KSZ_TLP_RED;
    }
    return true;
}

static void search(struct srv_req *r)
{
    struct ksz_filter f;
    struct ksz_error err = {0};
    struct search s = {.r = r, .limit = SEARCH_DEFAULT};
    char *canon = malloc(KSZ_IOC_VALUE_MAX + 1);
    ksz_rc rc;

    if (canon == NULL) {
        srv_error(r, 503, "out of memory");
        return;
    }
    if (!srv_filter_from_query(r, &f, canon))
        goto out;
    if (!parse_size(srv_query_get(&r->q, "limit"), SEARCH_MAX, &s.limit) ||
        !parse_size(srv_query_get(&r->q, "offset"), SIZE_MAX / 2, &s.skip)) {
        srv_error(r, 400, "limit: expected 0..%d; offset: a number", SEARCH_MAX);
        goto out;
    }
    ksz_buf_printf(&r->out, "{\"indicators\":[");
    rc = ksz_store_each_indicator(r->st, &f, on_found, &s, &err);
    if (rc != KSZ_OK) {
        srv_error(r, srv_status_for(rc), "%s", err.msg);
        goto out;
    }
    ksz_buf_printf(&r->out, "],\"count\":%zu,\"more\":%s}\n", s.n, s.more ? "true" : "false");
    r->status = 200;
    r->ctype = "application/json";
out:
    free(canon);
}

/* ---- one indicator ----------------------------------------------------- */

struct one {
    struct srv_req *r;
    int64_t id;
    char stix_id[128];
    size_t n;
};

static int on_one(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                  void *user)
{
    struct one *o = user;
    o->id = state->id;
    snprintf(o->stix_id, sizeof o->stix_id, "%s", ind->stix_id);
    ksz_buf_printf(&o->r->out, "{\"indicator\":");
    srv_json_indicator(&o->r->out, ind, state);
    return 1;
}

static int on_threat(const struct ksz_threat *t, void *user)
{
    struct one *o = user;
    struct ksz_buf *b = &o->r->out;

    if (!srv_tlp_ok(o->r, t->tlp))
        return 0;
    if (o->n++ > 0)
        ksz_buf_putc(b, ',');
    ksz_buf_printf(b, "{\"id\":");
    srv_json_str(b, t->stix_id);
    srv_json_kv(b, true, "kind", ksz_threat_kind_name(t->kind));
    srv_json_kv(b, true, "name", t->name);
    srv_json_kv(b, true, "description", t->description);
    ksz_buf_printf(b, ",\"aliases\":");
    srv_json_list(b, &t->aliases);
    srv_json_kv(b, true, "tlp", ksz_tlp_name(t->tlp));
    ksz_buf_putc(b, '}');
    return 0;
}

static int on_report(const struct ksz_report *rp, void *user)
{
    struct one *o = user;
    struct ksz_buf *b = &o->r->out;

    if (!srv_tlp_ok(o->r, rp->tlp))
        return 0;
    if (o->n++ > 0)
        ksz_buf_putc(b, ',');
    ksz_buf_printf(b, "{\"id\":");
    srv_json_str(b, rp->stix_id);
    srv_json_kv(b, true, "title", rp->title);
    srv_json_kv(b, true, "source", rp->source);
    ksz_buf_printf(b, ",\"published\":");
    srv_json_time(b, rp->published);
    srv_json_kv(b, true, "tlp", ksz_tlp_name(rp->tlp));
    ksz_buf_putc(b, '}');
    return 0;
}

static int on_sighting(const struct ksz_sighting *g, void *user)
{
    struct one *o = user;
    struct ksz_buf *b = &o->r->out;

    if (o->n++ > 0)
        ksz_buf_putc(b, ',');
    ksz_buf_printf(b, "{\"kind\":");
    srv_json_str(b, ksz_sighting_kind_name(g->kind));
    srv_json_kv(b, true, "where", g->where);
    ksz_buf_printf(b, ",\"first_seen\":");
    srv_json_time(b, g->first_seen);
    ksz_buf_printf(b, ",\"last_seen\":");
    srv_json_time(b, g->last_seen);
    ksz_buf_printf(b, ",\"count\":%lld}", (long long)g->count);
    return 0;
}

static int on_history(const struct ksz_history_event *ev, void *user)
{
    struct one *o = user;
    struct ksz_buf *b = &o->r->out;

    if (o->n++ > 0)
        ksz_buf_putc(b, ',');
    ksz_buf_printf(b, "{\"at\":");
    srv_json_time(b, ev->at);
    srv_json_kv(b, true, "event", ev->event);
    srv_json_kv(b, true, "detail", ev->detail);
    ksz_buf_putc(b, '}');
    return 0;
}

/* Find the indicator named by ref (row id or STIX id) that the token may
 * see; 404 written when there is none. */
static bool find_one(struct srv_req *r, const char *ref, size_t len, struct one *o)
{
    struct ksz_filter f;
    struct ksz_error err = {0};
    char idbuf[128];
    ksz_rc rc;

    if (len == 0 || len >= sizeof idbuf) {
        srv_error(r, 404, "no such indicator");
        return false;
    }
    memcpy(idbuf, ref, len);
    idbuf[len] = '\0';
    srv_filter_init(r, &f);
    f.active_only = false;
    f.include_warned = true;
    if (strncmp(idbuf, "indicator--", 11) == 0) {
        f.stix_id = idbuf;
    } else {
        char *end;
        long long v = strtoll(idbuf, &end, 10);
        if (*end != '\0' || v <= 0) {
            srv_error(r, 404, "no such indicator: expected a row id or a STIX id");
            return false;
        }
        f.id = v;
    }
    memset(o, 0, sizeof *o);
    o->r = r;
    rc = ksz_store_each_indicator(r->st, &f, on_one, o, &err);
    if (rc != KSZ_OK) {
        srv_error(r, srv_status_for(rc), "%s", err.msg);
        return false;
    }
    if (o->id == 0) {
        ksz_buf_reset(&r->out);
        srv_error(r, 404, "no such indicator");
        return false;
    }
    return true;
}

static void show(struct srv_req *r, const char *ref)
{
    struct one o;
    struct ksz_error err = {0};
    ksz_rc rc;

    if (!find_one(r, ref, strlen(ref), &o))
        return;
    ksz_buf_printf(&r->out, ",\"threats\":[");
    rc = ksz_store_indicator_threats(r->st, o.id, on_threat, &o, &err);
    o.n = 0;
    ksz_buf_printf(&r->out, "],\"reports\":[");
    if (rc == KSZ_OK)
        rc = ksz_store_indicator_reports(r->st, o.id, on_report, &o, &err);
    o.n = 0;
    ksz_buf_printf(&r->out, "],\"sightings\":[");
    if (rc == KSZ_OK)
        rc = ksz_store_indicator_sightings(r->st, o.id, on_sighting, &o, &err);
    o.n = 0;
    ksz_buf_printf(&r->out, "],\"history\":[");
    if (rc == KSZ_OK)
        rc = ksz_store_each_history(r->st, o.id, on_history, &o, &err);
    ksz_buf_printf(&r->out, "]}\n");
    if (rc != KSZ_OK) {
        srv_error(r, srv_status_for(rc), "%s", err.msg);
        return;
    }
    r->status = 200;
    r->ctype = "application/json";
}

static void mark(struct srv_req *r, const char *ref, size_t len, const char *what)
{
    struct one o;
    struct ksz_error err = {0};
    ksz_mark m;
    json_t *body = NULL;
    const char *reason = NULL;
    bool changed = false;
    char detail[256];
    ksz_rc rc;

    if (strcmp(what, "revoke") == 0)
        m = KSZ_MARK_REVOKE;
    else if (strcmp(what, "false-positive") == 0)
        m = KSZ_MARK_FALSE_POSITIVE;
    else if (strcmp(what, "unmark") == 0)
        m = KSZ_MARK_UNMARK;
    else {
        srv_error(r, 404, "no such action: %s", what);
        return;
    }
    if (strcmp(r->method, "POST") != 0) {
        srv_add_header(r, "Allow", "POST");
        srv_error(r, 405, "use POST");
        return;
    }
    if (!srv_require(r, KSZ_ROLE_ANALYST) || !find_one(r, ref, len, &o))
        return;
    ksz_buf_reset(&r->out);
    if (r->body.len > 0) {
        json_error_t je;
        body = json_loadb(r->body.data, r->body.len, 0, &je);
        if (body == NULL || !json_is_object(body)) {
            json_decref(body);
            srv_error(r, 400, "body: expected a JSON object: %s", je.text);
            return;
        }
        reason = json_string_value(json_object_get(body, "reason"));
    }
    rc = ksz_store_mark(r->st, o.id, m, reason, &changed, &err);
    if (rc != KSZ_OK) {
        json_decref(body);
        srv_error(r, srv_status_for(rc), "%s", err.msg);
        return;
    }
    r->status = 200;
    r->ctype = "application/json";
    ksz_buf_printf(&r->out, "{\"id\":%lld,\"stix_id\":", (long long)o.id);
    srv_json_str(&r->out, o.stix_id);
    ksz_buf_printf(&r->out, ",\"mark\":\"%s\",\"changed\":%s}\n", what,
                   changed ? "true" : "false");
    snprintf(detail, sizeof detail, "{\"changed\":%s}", changed ? "true" : "false");
    srv_audit(r, what, o.stix_id, reason != NULL ? reason : detail);
    json_decref(body);
}

/* POST /api/v1/indicators: one JSON object (or JSON lines), read as
 * `kizashi import --format jsonl` reads it. */
void srv_import_body(struct srv_req *r, ksz_format fmt, const char *what);

void srv_api_indicators(struct srv_req *r, const char *sub)
{
    const char *slash;

    if (*sub == '\0') {
        if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0) {
            if (srv_auth(r))
                search(r);
        } else if (strcmp(r->method, "POST") == 0) {
            srv_import_body(r, KSZ_FORMAT_JSONL, "create");
        } else {
            srv_add_header(r, "Allow", "GET, POST");
            srv_error(r, 405, "use GET or POST");
        }
        return;
    }
    slash = strchr(sub, '/');
    if (slash != NULL) {
        mark(r, sub, (size_t)(slash - sub), slash + 1);
        return;
    }
    if (strcmp(r->method, "GET") != 0) {
        srv_add_header(r, "Allow", "GET");
        srv_error(r, 405, "use GET");
        return;
    }
    if (srv_auth(r))
        show(r, sub);
}
