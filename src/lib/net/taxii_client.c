/* SPDX-License-Identifier: Apache-2.0 */
/*
 * taxii_client.c - pulling a TAXII 2.1 collection: discovery -> API root ->
 * collections -> objects, page by page.
 *
 * The one decision to know: the position kept between pulls is the
 * server's own X-TAXII-Date-Added-Last of the last page that held objects,
 * sent back verbatim as added_after; we never compute it from object
 * timestamps, whose clock is not the server's. Within one pull, pages
 * follow "next"; a server that says "more" without "next" is followed by
 * added_after alone, as the specification allows.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include "core/core_int.h"
#include "kizashi/net.h"

#define META_MAX (4u << 20)   /* discovery, API root, collections: small documents */

void ksz_taxii_pull_opts_init(struct ksz_taxii_pull_opts *o)
{
    memset(o, 0, sizeof *o);
    ksz_http_opts_init(&o->http);
    o->limit = 1000;
    o->max_pages = 100000;
}

ksz_rc ksz_taxii_envelope_parse(const char *buf, size_t len, struct ksz_taxii_envelope *out,
                                struct ksz_error *err)
{
    json_error_t je;
    json_t *env = json_loadb(buf, len, 0, &je), *objs, *more, *next;
    struct ksz_taxii_envelope e;
    ksz_rc rc = KSZ_OK;

    if (env == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "taxii: envelope: byte offset %d: %s",
                             je.position, je.text);
    memset(&e, 0, sizeof e);
    objs = json_object_get(env, "objects");
    more = json_object_get(env, "more");
    next = json_object_get(env, "next");
    if (!json_is_object(env)) {
        rc = ksz_error_set(err, KSZ_ERR_PARSE, "taxii: envelope: expected a JSON object");
    } else if (objs != NULL && !json_is_array(objs)) {
        rc = ksz_error_set(err, KSZ_ERR_PARSE, "taxii: envelope: \"objects\" is not an array");
    } else if (more != NULL && !json_is_boolean(more)) {
        rc = ksz_error_set(err, KSZ_ERR_PARSE, "taxii: envelope: \"more\" is not a boolean");
    } else if (next != NULL && (!json_is_string(next) ||
                                json_string_length(next) >= sizeof e.next ||
                                memchr(json_string_value(next), '\0',
                                       json_string_length(next)) != NULL)) {
        rc = ksz_error_set(err, KSZ_ERR_PARSE, "taxii: envelope: \"next\" is not a string of "
                           "at most %zu bytes", sizeof e.next - 1);
    } else {
        size_t i;
        json_t *o;
        json_array_foreach(objs, i, o) {
            if (!json_is_object(o)) {
                rc = ksz_error_set(err, KSZ_ERR_PARSE, "taxii: envelope: object %zu is not a "
                                   "JSON object", i);
                break;
            }
        }
        e.n_objects = objs != NULL ? json_array_size(objs) : 0;
        e.more = json_is_true(more);
        if (next != NULL)
            memcpy(e.next, json_string_value(next), json_string_length(next) + 1);
    }
    json_decref(env);
    if (rc == KSZ_OK)
        *out = e;
    return rc;
}

/* GET url as a TAXII document into b (reset first). */
static ksz_rc get_doc(const struct ksz_taxii_pull_opts *o, const char *url, uint64_t cap,
                      struct ksz_buf *b, struct ksz_http_result *res, struct ksz_error *err)
{
    struct ksz_http_opts h = o->http;
    h.url = url;
    h.accept = KSZ_TAXII_MEDIA_TYPE;
    h.etag = NULL;
    h.last_modified = NULL;
    if (cap < h.max_body)
        h.max_body = cap;
    ksz_buf_reset(b);
    return ksz_http_get_buf(&h, b, res, err);
}

static ksz_rc get_json(const struct ksz_taxii_pull_opts *o, const char *url, struct ksz_buf *b,
                       json_t **out, struct ksz_error *err)
{
    struct ksz_http_result res;
    json_error_t je;
    ksz_rc rc = get_doc(o, url, META_MAX, b, &res, err);

    if (rc != KSZ_OK)
        return rc;
    *out = json_loadb(b->data != NULL ? b->data : "", b->len, 0, &je);
    if (!json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return ksz_error_set(err, KSZ_ERR_PARSE, "taxii: %.128s: expected a JSON object (%s)",
                             url, je.text[0] ? je.text : "not an object");
    }
    return KSZ_OK;
}

static ksz_rc ensure_slash(char *url, size_t cap, struct ksz_error *err)
{
    size_t n = strlen(url);
    if (n > 0 && url[n - 1] == '/')
        return KSZ_OK;
    if (n + 2 > cap)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "taxii: URL too long");
    url[n] = '/';
    url[n + 1] = '\0';
    return KSZ_OK;
}

/* The API root: url itself when it is one, else discovery's default (or
 * its first API root). */
static ksz_rc find_root(const struct ksz_taxii_pull_opts *o, struct ksz_buf *b, char *root,
                        size_t cap, struct ksz_error *err)
{
    const char *url = o->http.url;
    json_t *doc = NULL, *pick;
    ksz_rc rc = get_json(o, url, b, &doc, err);

    if (rc != KSZ_OK)
        return rc;
    pick = json_object_get(doc, "default");
    if (!json_is_string(pick)) {
        json_t *roots = json_object_get(doc, "api_roots");
        pick = json_is_array(roots) ? json_array_get(roots, 0) : NULL;
    }
    if (json_is_string(pick)) {
        rc = ksz_url_resolve(url, json_string_value(pick), root, cap, err);
    } else if (json_object_get(doc, "versions") != NULL || json_object_get(doc, "title")) {
        if (json_object_get(doc, "api_roots") != NULL)
            rc = ksz_error_set(err, KSZ_ERR_NOTFOUND, "taxii: %.128s: discovery lists no API "
                               "root", url);
        else
            rc = ksz_url_resolve(url, url, root, cap, err);
    } else {
        rc = ksz_error_set(err, KSZ_ERR_PARSE, "taxii: %.128s: neither a discovery resource "
                           "nor an API root", url);
    }
    json_decref(doc);
    if (rc == KSZ_OK)
        rc = ensure_slash(root, cap, err);
    return rc;
}

static bool str_is(json_t *o, const char *key, const char *want)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v != NULL && strcmp(v, want) == 0;
}

static ksz_rc find_collection(const struct ksz_taxii_pull_opts *o, struct ksz_buf *b,
                              const char *root, char *id, size_t cap, struct ksz_error *err)
{
    char url[1024];
    json_t *doc = NULL, *list, *c, *hit = NULL;
    size_t i, n_read = 0;
    ksz_rc rc;

    if ((size_t)snprintf(url, sizeof url, "%scollections/", root) >= sizeof url)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "taxii: URL too long");
    rc = get_json(o, url, b, &doc, err);
    if (rc != KSZ_OK)
        return rc;
    list = json_object_get(doc, "collections");
    json_array_foreach(list, i, c) {
        if (!json_is_object(c) || !json_is_string(json_object_get(c, "id")))
            continue;
        if (json_is_false(json_object_get(c, "can_read")))
            continue;
        n_read++;
        if (o->collection == NULL) {
            hit = n_read == 1 ? c : NULL;
        } else if (str_is(c, "id", o->collection) || str_is(c, "alias", o->collection) ||
                   str_is(c, "title", o->collection)) {
            hit = c;
            break;
        }
    }
    if (hit == NULL && o->collection == NULL)
        rc = ksz_error_set(err, KSZ_ERR_INVALID, "taxii: %.128s: %zu readable collections; "
                           "say which (--collection)", url, n_read);
    else if (hit == NULL)
        rc = ksz_error_set(err, KSZ_ERR_NOTFOUND, "taxii: %.128s: no readable collection "
                           "'%.64s'", url, o->collection);
    else if (json_string_length(json_object_get(hit, "id")) >= cap)
        rc = ksz_error_set(err, KSZ_ERR_LIMIT, "taxii: collection id too long");
    else
        snprintf(id, cap, "%s", json_string_value(json_object_get(hit, "id")));
    json_decref(doc);
    return rc;
}

/* Append s to b percent-encoded (RFC 3986 unreserved kept). */
static ksz_rc put_encoded(struct ksz_buf *b, const char *s)
{
    ksz_rc rc = KSZ_OK;
    for (; *s && rc == KSZ_OK; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == ':')
            rc = ksz_buf_putc(b, (char)c);
        else
            rc = ksz_buf_printf(b, "%%%02X", c);
    }
    return rc;
}

static ksz_rc page_url(struct ksz_buf *u, const char *root, const char *coll, unsigned limit,
                       const char *added_after, const char *next)
{
    ksz_rc rc;
    ksz_buf_reset(u);
    rc = ksz_buf_printf(u, "%scollections/", root);
    if (rc == KSZ_OK)
        rc = put_encoded(u, coll);
    if (rc == KSZ_OK)
        rc = ksz_buf_printf(u, "/objects/?limit=%u", limit);
    if (rc == KSZ_OK && added_after != NULL && added_after[0] != '\0') {
        rc = ksz_buf_printf(u, "&added_after=");
        if (rc == KSZ_OK)
            rc = put_encoded(u, added_after);
    }
    if (rc == KSZ_OK && next != NULL && next[0] != '\0') {
        rc = ksz_buf_printf(u, "&next=");
        if (rc == KSZ_OK)
            rc = put_encoded(u, next);
    }
    return rc;
}

static ksz_rc pull_pages(const struct ksz_taxii_pull_opts *o, struct ksz_buf *b,
                         ksz_taxii_page_cb cb, void *user, struct ksz_taxii_pull_result *res,
                         struct ksz_error *err)
{
    struct ksz_buf u;
    char after[64] = "", next[256] = "";
    ksz_rc rc = KSZ_OK;

    ksz_buf_init(&u, 8192);
    if (o->added_after != NULL)
        snprintf(after, sizeof after, "%s", o->added_after);
    for (;;) {
        struct ksz_http_result hr;
        struct ksz_taxii_envelope env;

        if (res->pages >= o->max_pages) {
            rc = ksz_error_set(err, KSZ_ERR_LIMIT, "taxii: more than %u pages", o->max_pages);
            break;
        }
        rc = page_url(&u, res->api_root, res->collection_id, o->limit, after, next);
        if (rc != KSZ_OK) {
            rc = ksz_error_set(err, rc, "taxii: URL too long");
            break;
        }
        rc = get_doc(o, u.data, o->http.max_body, b, &hr, err);
        if (rc == KSZ_OK)
            rc = ksz_taxii_envelope_parse(b->data != NULL ? b->data : "", b->len, &env, err);
        if (rc != KSZ_OK)
            break;
        res->pages++;
        if (env.n_objects > 0) {
            rc = cb(user, b->data, b->len, &env);
            if (rc != KSZ_OK)
                break;
            res->objects += env.n_objects;
            if (hr.date_added_last[0] != '\0')
                snprintf(res->added_last, sizeof res->added_last, "%s", hr.date_added_last);
        }
        if (!env.more || env.n_objects == 0)
            break;
        if (env.next[0] != '\0') {
            if (strcmp(env.next, next) == 0) {
                rc = ksz_error_set(err, KSZ_ERR_PARSE, "taxii: the server gave the same "
                                   "\"next\" twice");
                break;
            }
            snprintf(next, sizeof next, "%s", env.next);
        } else if (hr.date_added_last[0] != '\0' && strcmp(hr.date_added_last, after) != 0) {
            snprintf(after, sizeof after, "%s", hr.date_added_last);
        } else {
            break;   /* "more" with no way to ask for it */
        }
    }
    ksz_buf_cleanup(&u);
    return rc;
}

ksz_rc ksz_taxii_pull(const struct ksz_taxii_pull_opts *o, ksz_taxii_page_cb cb, void *user,
                      struct ksz_taxii_pull_result *res, struct ksz_error *err)
{
    struct ksz_taxii_pull_result local;
    struct ksz_buf b;
    ksz_rc rc;

    if (res == NULL)
        res = &local;
    memset(res, 0, sizeof *res);
    ksz_buf_init(&b, 0);
    rc = find_root(o, &b, res->api_root, sizeof res->api_root, err);
    if (rc == KSZ_OK)
        rc = find_collection(o, &b, res->api_root, res->collection_id,
                             sizeof res->collection_id, err);
    if (rc == KSZ_OK)
        rc = pull_pages(o, &b, cb, user, res, err);
    ksz_buf_cleanup(&b);
    return rc;
}
