/* SPDX-License-Identifier: Apache-2.0 */
/*
 * taxii.c - the TAXII 2.1 server under /taxii2/: discovery, one API root
 * ("api1"), collections, objects (GET with paging and filters, POST of
 * envelopes with status resources), manifest, object by id, versions.
 *
 * Collections are made from the store, not configured by hand: "indicators"
 * (every active indicator; analysts may POST to it), "reports" (reports and
 * threats), and one "source-<name>" per source (read-only); --collections
 * on `kizashi serve` picks which kinds are published. Ids are UUIDv5 of
 * the name, so they stay the same across restarts and machines. Every
 * answer is cut by the token's TLP ceiling and collection rights.
 *
 * Paging: an indicator's date_added is when this store last took a version
 * of it; pages are cut at (date_added, row id), and "next" carries that
 * position, so paging never skips or repeats under concurrent writes except
 * that an object refreshed meanwhile is served again, later.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <kizashi/formats.h>
#include "taxii_int.h"

#define MAX_COLLECTIONS 64

enum coll_kind { COLL_INDICATORS = 1, COLL_REPORTS = 2, COLL_SOURCE = 3 };

struct coll {
    enum coll_kind kind;
    char id[40];
    char name[160];
    char title[200];
    char source[128];
};

struct colls {
    struct coll c[MAX_COLLECTIONS];
    size_t n;
};

static void coll_add(struct colls *cs, enum coll_kind kind, const char *name, const char *title,
                     const char *source)
{
    struct coll *c;
    char id[80];

    if (cs->n == MAX_COLLECTIONS)
        return;
    c = &cs->c[cs->n++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    snprintf(c->name, sizeof c->name, "%s", name);
    snprintf(c->title, sizeof c->title, "%s", title);
    if (source != NULL)
        snprintf(c->source, sizeof c->source, "%s", source);
    ksz_stix_id_derive("x-kizashi-collection", name, strlen(name), id);
    snprintf(c->id, sizeof c->id, "%s", strstr(id, "--") + 2);
}

static int on_source(const struct ksz_source *src, void *user)
{
    struct colls *cs = user;
    char name[160], title[200];

    snprintf(name, sizeof name, "source-%s", src->name);
    snprintf(title, sizeof title, "Active indicators from %s", src->name);
    coll_add(cs, COLL_SOURCE, name, title, src->name);
    return 0;
}

static bool kind_on(const struct srv_req *r, const char *kind)
{
    const char *l = r->srv->o.collections;
    size_t n = strlen(kind);

    if (l == NULL || l[0] == '\0')
        return true;
    for (const char *p = l; (p = strstr(p, kind)) != NULL; p += n)
        if ((p == l || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
            return true;
    return false;
}

/* The collections this token may see. */
static void collections(struct srv_req *r, struct colls *cs)
{
    struct colls all;
    cs->n = 0;
    all.n = 0;
    if (kind_on(r, "indicators"))
        coll_add(&all, COLL_INDICATORS, "indicators", "Active indicators", NULL);
    if (kind_on(r, "reports"))
        coll_add(&all, COLL_REPORTS, "reports", "Reports and threats", NULL);
    if (kind_on(r, "sources"))
        (void)ksz_store_each_source(r->st, on_source, &all, NULL);
    for (size_t i = 0; i < all.n; i++)
        if (srv_collection_ok(r, all.c[i].name) || srv_collection_ok(r, all.c[i].id))
            cs->c[cs->n++] = all.c[i];
}

static const struct coll *find_coll(const struct colls *cs, const char *id, size_t len)
{
    for (size_t i = 0; i < cs->n; i++)
        if (strlen(cs->c[i].id) == len && strncmp(cs->c[i].id, id, len) == 0)
            return &cs->c[i];
    return NULL;
}

static bool can_write(const struct srv_req *r, const struct coll *c)
{
    return c->kind == COLL_INDICATORS && r->tok.role >= KSZ_ROLE_ANALYST;
}

static void ok_json(struct srv_req *r, int status)
{
    r->status = status;
    r->ctype = SRV_TAXII_TYPE;
}

/* ---- discovery, API root, collections ---------------------------------- */

static void discovery(struct srv_req *r)
{
    struct ksz_buf *b = &r->out;
    char root[300];

    snprintf(root, sizeof root, "%s/taxii2/%s/", r->srv->base_url, SRV_API_ROOT);
    ksz_buf_printf(b, "{\"title\":\"kizashi TAXII 2.1\",\"description\":\"Indicators with "
                      "their context, cut to your token's TLP ceiling.\",\"default\":");
    srv_json_str(b, root);
    ksz_buf_printf(b, ",\"api_roots\":[");
    srv_json_str(b, root);
    ksz_buf_printf(b, "]}\n");
    ok_json(r, 200);
}

static void api_root(struct srv_req *r)
{
    ksz_buf_printf(&r->out, "{\"title\":\"kizashi\",\"versions\":[\"%s\"],"
                            "\"max_content_length\":%zu}\n",
                   SRV_TAXII_TYPE, r->srv->o.max_body);
    ok_json(r, 200);
}

static void coll_json(struct srv_req *r, const struct coll *c)
{
    struct ksz_buf *b = &r->out;
    ksz_buf_printf(b, "{\"id\":\"%s\",\"title\":", c->id);
    srv_json_str(b, c->title);
    ksz_buf_printf(b, ",\"alias\":");
    srv_json_str(b, c->name);
    ksz_buf_printf(b, ",\"can_read\":true,\"can_write\":%s,\"media_types\":[\"%s\"]}",
                   can_write(r, c) ? "true" : "false", SRV_STIX_TYPE);
}

/* ---- objects and manifest ---------------------------------------------- */

struct page {
    struct srv_req *r;
    const struct taxii_filter *f;
    bool manifest;
    bool versions;                  /* only the version strings */
    size_t n;
    int64_t first, last;
    struct ksz_added_cursor pos;
    struct ksz_buf tmp;
};

static bool version_ok(const struct taxii_filter *f, int64_t modified)
{
    if (f->version_all || f->version_first || f->version_last)
        return true;
    for (size_t i = 0; i < f->n_versions; i++)
        if (f->versions[i] == modified)
            return true;
    return false;
}

static void manifest_entry(struct page *p, const char *id, int64_t added, int64_t modified)
{
    char a[40], m[40];
    if (p->versions) {
        ksz_buf_printf(&p->r->out, "\"%s\"", srv_time_format(modified, m, true));
        return;
    }
    ksz_buf_printf(&p->r->out, "{\"id\":");
    srv_json_str(&p->r->out, id);
    ksz_buf_printf(&p->r->out,
                   ",\"date_added\":\"%s\",\"version\":\"%s\",\"media_type\":\"%s\"}",
                   srv_time_format(added, a, true), srv_time_format(modified, m, true),
                   SRV_STIX_TYPE);
}

static void page_note(struct page *p, int64_t added)
{
    if (p->n == 0)
        p->first = added;
    p->last = added;
    p->n++;
}

static int on_added(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                    int64_t added, void *user)
{
    struct page *p = user;
    int64_t modified = ind->modified < ind->created ? ind->created : ind->modified;
    size_t mark = p->r->out.len;

    p->pos.added = added;
    p->pos.id = state->id;
    if (!version_ok(p->f, modified))
        return 0;
    if (p->n > 0)
        ksz_buf_putc(&p->r->out, ',');
    if (p->manifest) {
        manifest_entry(p, ind->stix_id, added, modified);
    } else if (!taxii_stix_indicator(&p->r->out, ind, &p->tmp)) {
        p->r->out.len = mark;   /* no pattern expresses it: not served */
        return 0;
    }
    page_note(p, added);
    return 0;
}

/* Reports collection: reports and threats, by offset (it is small). */
struct rpage {
    struct page *p;
    size_t skip, seen;
    bool more;
};

static bool rpage_take(struct rpage *rp, int64_t modified)
{
    const struct taxii_filter *f = rp->p->f;
    if (modified <= f->added_after || !version_ok(f, modified))
        return false;
    if (rp->skip > 0) {
        rp->skip--;
        rp->seen++;
        return false;
    }
    if (rp->p->n >= f->limit) {
        rp->more = true;
        return false;
    }
    rp->seen++;
    return true;
}

static bool id_wanted(const struct taxii_filter *f, const char *id)
{
    size_t n = strlen(id);
    if (f->n_ids == 0)
        return true;
    for (size_t i = 0; i < f->n_ids; i++)
        if (f->id_len[i] == n && strncmp(f->ids[i], id, n) == 0)
            return true;
    return false;
}

static int on_report(const struct ksz_report *rep, void *user)
{
    struct rpage *rp = user;
    struct page *p = rp->p;
    int64_t m = rep->modified < rep->created ? rep->created : rep->modified;
    size_t mark = p->r->out.len;

    if (!p->f->type_report || !srv_tlp_ok(p->r, rep->tlp) || rep->object_refs.n == 0 ||
        !id_wanted(p->f, rep->stix_id) || !rpage_take(rp, m))
        return 0;
    if (p->n > 0)
        ksz_buf_putc(&p->r->out, ',');
    if (p->manifest)
        manifest_entry(p, rep->stix_id, m, m);
    else if (!taxii_stix_report(&p->r->out, rep)) {
        p->r->out.len = mark;
        return 0;
    }
    page_note(p, m);
    return 0;
}

static int on_threat(const struct ksz_threat *t, void *user)
{
    struct rpage *rp = user;
    struct page *p = rp->p;
    int64_t m = t->modified < t->created ? t->created : t->modified;

    if (!p->f->type_threat || !srv_tlp_ok(p->r, t->tlp) || !id_wanted(p->f, t->stix_id) ||
        !rpage_take(rp, m))
        return 0;
    if (p->n > 0)
        ksz_buf_putc(&p->r->out, ',');
    if (p->manifest)
        manifest_entry(p, t->stix_id, m, m);
    else
        taxii_stix_threat(&p->r->out, t);
    page_note(p, m);
    return 0;
}

/* Fill the page; *more and the cursor of the last object. */
static ksz_rc fill(struct srv_req *r, const struct coll *c, struct page *p, bool *more,
                   struct ksz_error *err)
{
    const struct taxii_filter *f = p->f;
    ksz_rc rc = KSZ_OK;

    *more = false;
    if (!f->spec_ok)
        return KSZ_OK;
    if (c->kind == COLL_REPORTS) {
        struct rpage rp = {.p = p, .skip = f->has_next ? (size_t)f->next.id : 0};
        rc = ksz_store_each_report(r->st, NULL, on_report, &rp, err);
        if (rc == KSZ_OK)
            rc = ksz_store_each_threat(r->st, NULL, on_threat, &rp, err);
        *more = rp.more;
        p->pos.added = 0;
        p->pos.id = (int64_t)rp.seen;
        return rc;
    }
    if (!f->type_indicator)
        return KSZ_OK;
    {
        struct ksz_filter kf;
        srv_filter_init(r, &kf);
        kf.source = c->kind == COLL_SOURCE ? c->source : NULL;
        if (f->n_ids > 0) {
            for (size_t i = 0; i < f->n_ids && rc == KSZ_OK; i++) {
                char id[128];
                bool m = false;
                if (f->id_len[i] >= sizeof id)
                    continue;
                memcpy(id, f->ids[i], f->id_len[i]);
                id[f->id_len[i]] = '\0';
                kf.stix_id = id;
                rc = ksz_store_each_added(r->st, &kf, f->added_after, NULL, 1, on_added, p, &m,
                                          err);
            }
            return rc;
        }
        rc = ksz_store_each_added(r->st, &kf, f->added_after, f->has_next ? &f->next : NULL,
                                  f->limit, on_added, p, more, err);
    }
    return rc;
}

static void objects_get(struct srv_req *r, const struct coll *c, bool manifest,
                        const char *one_id, bool versions)
{
    struct taxii_filter f;
    struct page p;
    struct ksz_error err = {0};
    char next[48], a[40];
    bool more = false;
    ksz_rc rc;

    if (taxii_filter_parse(&r->q, &f, &err) != KSZ_OK) {
        srv_error(r, 400, "%s", err.msg);
        return;
    }
    if (one_id != NULL) {
        f.n_ids = 1;
        f.ids[0] = one_id;
        f.id_len[0] = strlen(one_id);
        if (versions) {
            f.version_all = true;
            f.type_indicator = f.type_report = f.type_threat = true;
        }
    }
    memset(&p, 0, sizeof p);
    p.r = r;
    p.f = &f;
    p.manifest = manifest || versions;
    p.versions = versions;
    ksz_buf_init(&p.tmp, 0);
    ksz_buf_printf(&r->out, versions ? "{\"versions\":[" : "{\"objects\":[");
    rc = fill(r, c, &p, &more, &err);
    ksz_buf_cleanup(&p.tmp);
    if (rc != KSZ_OK) {
        srv_error(r, srv_status_for(rc), "%s", err.msg);
        return;
    }
    if (one_id != NULL && p.n == 0) {
        srv_error(r, 404, "no object %s in this collection", one_id);
        return;
    }
    if (versions) {
        ksz_buf_printf(&r->out, "],\"more\":false}\n");
    } else {
        ksz_buf_printf(&r->out, "],\"more\":%s", more ? "true" : "false");
        if (more) {
            taxii_next_format(&p.pos, next);
            ksz_buf_printf(&r->out, ",\"next\":\"%s\"", next);
        }
        ksz_buf_printf(&r->out, "}\n");
    }
    if (p.n > 0) {
        srv_add_header(r, "X-TAXII-Date-Added-First", srv_time_format(p.first, a, true));
        srv_add_header(r, "X-TAXII-Date-Added-Last", srv_time_format(p.last, a, true));
    }
    ok_json(r, 200);
}

/* ---- POST objects: an envelope into the store, and its status ---------- */

static void status_json(struct srv_req *r, const struct ksz_taxii_status *s)
{
    char tb[40];
    ksz_buf_reset(&r->out);
    ksz_buf_printf(&r->out,
                   "{\"id\":\"%s\",\"status\":\"%s\",\"request_timestamp\":\"%s\","
                   "\"total_count\":%lld,\"success_count\":%lld,\"failure_count\":%lld,"
                   "\"pending_count\":%lld",
                   s->id, s->status, srv_time_format(s->requested, tb, true),
                   (long long)s->total, (long long)s->success, (long long)s->failure,
                   (long long)s->pending);
    if (s->detail != NULL && s->detail[0] == '{' && strlen(s->detail) > 2) {
        ksz_buf_putc(&r->out, ',');
        ksz_buf_append(&r->out, s->detail + 1, strlen(s->detail) - 1);
        r->out.len--;   /* the detail's closing brace */
    }
    ksz_buf_printf(&r->out, "}\n");
}

static void objects_post(struct srv_req *r, const struct coll *c)
{
    const char *ct = srv_header(r, "Content-Type");
    struct ksz_import_opts o;
    struct ksz_import_summary sum;
    struct ksz_error err = {0};
    struct ksz_taxii_status s;
    struct ksz_warn *warn = NULL;
    json_error_t je;
    json_t *env, *objs, *bundle = NULL, *list, *e;
    char *text = NULL, sid[40], detail_kind[16];
    unsigned char rnd[16];
    size_t i;
    ksz_rc rc;

    if (ct == NULL || strncasecmp(ct, "application/taxii+json", 22) != 0 ||
        (strchr(ct, '=') != NULL && strstr(ct, "version=2.1") == NULL)) {
        srv_error(r, 415, "Content-Type must be %s", SRV_TAXII_TYPE);
        return;
    }
    if (!srv_require(r, KSZ_ROLE_ANALYST))
        return;
    if (!can_write(r, c)) {
        srv_error(r, 403, "collection %s is read-only", c->name);
        return;
    }
    env = json_loadb(r->body.data ? r->body.data : "", r->body.len, 0, &je);
    objs = env != NULL ? json_object_get(env, "objects") : NULL;
    if (!json_is_array(objs)) {
        json_decref(env);
        srv_error(r, 422, "expected an envelope {\"objects\":[...]}%s%s",
                  env == NULL ? ": " : "", env == NULL ? je.text : "");
        return;
    }
    bundle = json_pack("{s:s,s:s,s:O}", "type", "bundle", "id",
                       "bundle--00000000-0000-4000-8000-000000000000", "objects", objs);
    text = bundle != NULL ? json_dumps(bundle, JSON_COMPACT) : NULL;
    randombytes_buf(rnd, sizeof rnd);
    rnd[6] = (unsigned char)((rnd[6] & 0x0f) | 0x40);
    rnd[8] = (unsigned char)((rnd[8] & 0x3f) | 0x80);
    snprintf(sid, sizeof sid,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", rnd[0],
             rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7], rnd[8], rnd[9], rnd[10],
             rnd[11], rnd[12], rnd[13], rnd[14], rnd[15]);
    ksz_import_opts_init(&o);
    memset(&sum, 0, sizeof sum);
    o.format = KSZ_FORMAT_STIX;
    o.defaults.source = r->tok.name;
    rc = text != NULL ? KSZ_OK : ksz_error_set(&err, KSZ_ERR_NOMEM, "out of memory");
    if (rc == KSZ_OK)
        rc = ksz_store_load_warn(r->st, &warn, &err);
    if (rc == KSZ_OK)
        rc = ksz_import_buffer(r->st, warn, &o, "envelope", text, strlen(text), &sum, &err);
    ksz_warn_free(warn);
    /* all or nothing: every object succeeded, or every one failed */
    snprintf(detail_kind, sizeof detail_kind, "%s", rc == KSZ_OK ? "successes" : "failures");
    list = json_array();
    json_array_foreach(objs, i, e) {
        json_t *it = json_object();
        json_object_set(it, "id", json_object_get(e, "id"));
        if (json_object_get(e, "modified") != NULL)
            json_object_set(it, "version", json_object_get(e, "modified"));
        if (rc != KSZ_OK)
            json_object_set_new(it, "message", json_string(err.msg));
        json_array_append_new(list, it);
    }
    {
        json_t *d = json_object();
        char *dtext;
        json_object_set_new(d, detail_kind, list);
        dtext = json_dumps(d, JSON_COMPACT);
        memset(&s, 0, sizeof s);
        s.id = sid;
        s.status = "complete";
        s.requested = ksz_store_now(r->st);
        s.total = (int64_t)json_array_size(objs);
        s.success = rc == KSZ_OK ? s.total : 0;
        s.failure = rc == KSZ_OK ? 0 : s.total;
        s.detail = dtext;
        (void)ksz_store_taxii_status_put(r->st, &s, NULL);
        status_json(r, &s);
        ok_json(r, 202);
        srv_audit(r, "taxii-add", c->name, rc == KSZ_OK ? "complete" : err.msg);
        free(dtext);
        json_decref(d);
    }
    free(text);
    json_decref(bundle);
    json_decref(env);
}

static int on_status(const struct ksz_taxii_status *s, void *user)
{
    struct srv_req *r = user;
    status_json(r, s);
    return 0;
}

/* ---- routing ----------------------------------------------------------- */

/* Next path segment of *p into seg (without slashes); false at the end. */
static bool segment(const char **p, char *seg, size_t cap)
{
    const char *s = *p, *e;
    size_t n;

    while (*s == '/')
        s++;
    if (*s == '\0')
        return false;
    e = strchr(s, '/');
    n = e != NULL ? (size_t)(e - s) : strlen(s);
    if (n >= cap)
        n = cap - 1;
    memcpy(seg, s, n);
    seg[n] = '\0';
    *p = s + (e != NULL ? (size_t)(e - s) : strlen(s));
    return true;
}

static bool accept_ok(struct srv_req *r)
{
    const char *a = srv_header(r, "Accept");
    const char *t;

    if (a == NULL || strstr(a, "*/*") != NULL)
        return true;
    t = strstr(a, "application/taxii+json");
    if (t == NULL)
        return false;
    t += 22;
    /* a version parameter, when given, must be 2.1 */
    while (*t == ' ')
        t++;
    if (*t == ';') {
        const char *v = strstr(t, "version=");
        const char *comma = strchr(t, ',');
        if (v != NULL && (comma == NULL || v < comma) && strncmp(v + 8, "2.1", 3) != 0)
            return false;
    }
    return true;
}

void srv_taxii(struct srv_req *r, const char *sub)
{
    char seg[6][160], extra[2];
    size_t n = 0;
    const char *p = sub;
    struct colls cs;
    const struct coll *c;
    bool get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
    bool post = strcmp(r->method, "POST") == 0;

    while (n < 6 && segment(&p, seg[n], sizeof seg[n]))
        n++;
    if (segment(&p, extra, sizeof extra)) { /* more than six segments */
        srv_error(r, 404, "no such TAXII resource");
        return;
    }
    if (!accept_ok(r)) {
        srv_error(r, 406, "Accept must allow %s", SRV_TAXII_TYPE);
        return;
    }
    if (!srv_auth(r))
        return;
    if (!get && !(post && n == 4 && strcmp(seg[3], "objects") == 0)) {
        srv_add_header(r, "Allow", n == 4 && strcmp(seg[3], "objects") == 0 ? "GET, POST" : "GET");
        srv_error(r, 405, "method %s not allowed here", r->method);
        return;
    }
    if (n == 0) {
        discovery(r);
        return;
    }
    if (strcmp(seg[0], SRV_API_ROOT) != 0) {
        srv_error(r, 404, "no API root '%s'", seg[0]);
        return;
    }
    if (n == 1) {
        api_root(r);
        return;
    }
    if (n == 3 && strcmp(seg[1], "status") == 0) {
        struct ksz_error err = {0};
        ksz_rc rc = ksz_store_taxii_status_get(r->st, seg[2], on_status, r, &err);
        if (rc != KSZ_OK)
            srv_error(r, srv_status_for(rc), "no status %s", seg[2]);
        else
            ok_json(r, 200);
        return;
    }
    if (strcmp(seg[1], "collections") != 0) {
        srv_error(r, 404, "no such TAXII resource");
        return;
    }
    collections(r, &cs);
    if (n == 2) {
        ksz_buf_printf(&r->out, "{\"collections\":[");
        for (size_t i = 0; i < cs.n; i++) {
            if (i > 0)
                ksz_buf_putc(&r->out, ',');
            coll_json(r, &cs.c[i]);
        }
        ksz_buf_printf(&r->out, "]}\n");
        ok_json(r, 200);
        return;
    }
    c = find_coll(&cs, seg[2], strlen(seg[2]));
    if (c == NULL) {
        srv_error(r, 404, "no collection %s (or not for this token)", seg[2]);
        return;
    }
    if (n == 3) {
        coll_json(r, c);
        ksz_buf_putc(&r->out, '\n');
        ok_json(r, 200);
    } else if (n == 4 && strcmp(seg[3], "objects") == 0) {
        if (post)
            objects_post(r, c);
        else
            objects_get(r, c, false, NULL, false);
    } else if (n == 4 && strcmp(seg[3], "manifest") == 0) {
        objects_get(r, c, true, NULL, false);
    } else if (n == 5 && strcmp(seg[3], "objects") == 0) {
        objects_get(r, c, false, seg[4], false);
    } else if (n == 6 && strcmp(seg[3], "objects") == 0 && strcmp(seg[5], "versions") == 0) {
        objects_get(r, c, false, seg[4], true);
    } else {
        srv_error(r, 404, "no such TAXII resource");
    }
}
