/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_sightings.c - POST /api/v1/sightings from sensors and hunters: one
 * JSON object or an array of them, {"value": "...", "type": "...",
 * "indicator": "indicator--...", "kind": "hit|blocked|false-positive",
 * "where": "...", "count": N, "first_seen": RFC 3339, "last_seen": ...}.
 * A hit or a block refreshes its indicator's score; a false-positive report
 * marks it. All or nothing: one transaction, a bad element is 422 with its
 * index.
 */
#include <jansson.h>
#include <string.h>
#include "srv.h"

#define SIGHTINGS_MAX 100000

static ksz_rc one(struct srv_req *r, json_t *o, size_t i, size_t *added, struct ksz_error *err)
{
    struct ksz_sighting s;
    const char *kind, *v, *tn, *fs, *ls;
    char canon[KSZ_IOC_VALUE_MAX + 1];
    json_t *c;
    ksz_put_result res;
    ksz_rc rc;

    if (!json_is_object(o))
        return ksz_error_set(err, KSZ_ERR_PARSE, "sighting %zu: expected a JSON object", i);
    memset(&s, 0, sizeof s);
    s.kind = KSZ_SIGHTING_HIT;
    kind = json_string_value(json_object_get(o, "kind"));
    if (kind != NULL) {
        if (strcmp(kind, "hit") == 0)
            s.kind = KSZ_SIGHTING_HIT;
        else if (strcmp(kind, "blocked") == 0 || strcmp(kind, "block") == 0)
            s.kind = KSZ_SIGHTING_BLOCKED;
        else if (strcmp(kind, "false-positive") == 0)
            s.kind = KSZ_SIGHTING_FALSE_POSITIVE;
        else
            return ksz_error_set(err, KSZ_ERR_PARSE,
                                 "sighting %zu: kind: expected hit, blocked or false-positive",
                                 i);
    }
    s.sighting_of = json_string_value(json_object_get(o, "indicator"));
    v = json_string_value(json_object_get(o, "value"));
    tn = json_string_value(json_object_get(o, "type"));
    if (s.sighting_of == NULL && v == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "sighting %zu: needs value or indicator", i);
    if (v != NULL) {
        size_t outlen = 0;
        ksz_ioc_type t = KSZ_IOC_NONE;
        if (tn != NULL && ksz_ioc_type_from_name(tn, strlen(tn), &t) != KSZ_OK)
            return ksz_error_set(err, KSZ_ERR_PARSE, "sighting %zu: unknown type", i);
        rc = t != KSZ_IOC_NONE
                 ? ksz_ioc_canon(t, v, strlen(v), canon, sizeof canon, &outlen, err)
                 : ksz_ioc_classify(v, strlen(v), &t, canon, sizeof canon, &outlen, err);
        if (rc != KSZ_OK)
            return ksz_error_set(err, KSZ_ERR_PARSE, "sighting %zu: value: %s", i, err->msg);
        s.type = t;
        s.value = canon;
    }
    s.where = json_string_value(json_object_get(o, "where"));
    if (s.where == NULL)
        s.where = r->tok.name;
    c = json_object_get(o, "count");
    s.count = json_is_integer(c) && json_integer_value(c) > 0 ? json_integer_value(c) : 1;
    fs = json_string_value(json_object_get(o, "first_seen"));
    ls = json_string_value(json_object_get(o, "last_seen"));
    if ((fs != NULL && !srv_time_parse(fs, strlen(fs), &s.first_seen, NULL)) ||
        (ls != NULL && !srv_time_parse(ls, strlen(ls), &s.last_seen, NULL)))
        return ksz_error_set(err, KSZ_ERR_PARSE, "sighting %zu: bad time", i);
    if (s.first_seen == 0)
        s.first_seen = s.last_seen != 0 ? s.last_seen : ksz_store_now(r->st);
    if (s.last_seen == 0)
        s.last_seen = s.first_seen;
    rc = ksz_store_put_sighting(r->st, &s, &res, err);
    if (rc == KSZ_OK && res == KSZ_PUT_ADDED)
        (*added)++;
    return rc;
}

void srv_api_sightings(struct srv_req *r)
{
    struct ksz_error err = {0};
    json_error_t je;
    json_t *doc;
    size_t n = 0, added = 0;
    ksz_rc rc = KSZ_OK;
    char detail[128];

    if (strcmp(r->method, "POST") != 0) {
        srv_add_header(r, "Allow", "POST");
        srv_error(r, 405, "use POST");
        return;
    }
    if (!srv_require(r, KSZ_ROLE_ANALYST))
        return;
    doc = json_loadb(r->body.data ? r->body.data : "", r->body.len, 0, &je);
    if (doc == NULL) {
        srv_error(r, 400, "body: not JSON: line %d: %s", je.line, je.text);
        return;
    }
    rc = ksz_store_begin(r->st, &err);
    if (rc == KSZ_OK && json_is_array(doc)) {
        n = json_array_size(doc);
        if (n > SIGHTINGS_MAX)
            rc = ksz_error_set(&err, KSZ_ERR_LIMIT, "more than %d sightings", SIGHTINGS_MAX);
        for (size_t i = 0; rc == KSZ_OK && i < n; i++)
            rc = one(r, json_array_get(doc, i), i, &added, &err);
    } else if (rc == KSZ_OK) {
        n = 1;
        rc = one(r, doc, 0, &added, &err);
    }
    if (rc == KSZ_OK)
        rc = ksz_store_commit(r->st, &err);
    else
        ksz_store_rollback(r->st);
    json_decref(doc);
    if (rc != KSZ_OK) {
        srv_error(r, rc == KSZ_ERR_PARSE ? 422 : srv_status_for(rc), "%s", err.msg);
        return;
    }
    r->status = 200;
    r->ctype = "application/json";
    ksz_buf_printf(&r->out, "{\"sightings\":%zu,\"new\":%zu}\n", n, added);
    snprintf(detail, sizeof detail, "{\"sightings\":%zu}", n);
    srv_audit(r, "sighting", NULL, detail);
}
