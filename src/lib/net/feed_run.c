/* SPDX-License-Identifier: Apache-2.0 */
/*
 * feed_run.c - one pull of one stored feed: fetch, import, record.
 *
 * A body (STIX bundle, CSV, text, list, MISP event) is fetched whole into
 * memory under the body cap and imported as one transaction; a MISP feed
 * is fetched file by file into a private temporary directory (manifest.json
 * and each event) and imported as one transaction from there; a TAXII
 * collection is imported a page per transaction.
 *
 * The one decision to know: the validators (ETag, Last-Modified) and
 * TAXII's added_after are stored only when the whole pull succeeded. A pull
 * that fails half way is fetched again whole next time, and the store's
 * idempotent puts make the part already imported count as unchanged.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/core_int.h"
#include "kizashi/net.h"

#define MISP_EVENTS_MAX 100000
#define MANIFEST_MAX ((uint64_t)64 << 20)

void ksz_feed_run_opts_init(struct ksz_feed_run_opts *o)
{
    memset(o, 0, sizeof *o);
    o->retries = 4;
    o->backoff_ms = 500;
    o->max_body = (uint64_t)256 << 20;
}

/* ---- the feed, copied out of the store's callback ---------------------- */

struct feed_copy {
    struct ksz_feed f;
    bool found, oom;
};

static char *copy_str(const char *s, bool *oom)
{
    char *d;
    if (s == NULL)
        return NULL;
    d = ksz__strndup(s, strlen(s));
    if (d == NULL)
        *oom = true;
    return d;
}

static int on_feed(const struct ksz_feed *f, void *user)
{
    struct feed_copy *c = user;
    c->f = *f;
    c->f.name = copy_str(f->name, &c->oom);
    c->f.url = copy_str(f->url, &c->oom);
    c->f.format = copy_str(f->format, &c->oom);
    c->f.collection = copy_str(f->collection, &c->oom);
    c->f.options = copy_str(f->options, &c->oom);
    c->f.etag = copy_str(f->etag, &c->oom);
    c->f.last_modified = copy_str(f->last_modified, &c->oom);
    c->f.added_after = copy_str(f->added_after, &c->oom);
    c->f.last_error = copy_str(f->last_error, &c->oom);
    c->found = true;
    return 1;
}

static void feed_copy_cleanup(struct feed_copy *c)
{
    ksz__free((char *)c->f.name);
    ksz__free((char *)c->f.url);
    ksz__free((char *)c->f.format);
    ksz__free((char *)c->f.collection);
    ksz__free((char *)c->f.options);
    ksz__free((char *)c->f.etag);
    ksz__free((char *)c->f.last_modified);
    ksz__free((char *)c->f.added_after);
    ksz__free((char *)c->f.last_error);
}

/* ---- one run's state ---------------------------------------------------- */

struct run {
    struct ksz_store *st;
    const struct ksz_feed *f;
    const struct ksz_feed_run_opts *ro;
    struct ksz_import_opts io;
    struct ksz_warn *warn;
    struct ksz_http_opts http;
    struct ksz_feed_outcome *out;
    /* what the pull found, stored on success */
    char etag[256], last_modified[64], added_after[64];
    bool keep_validators;       /* 304: the stored ones stay */
    uint64_t pages;
    struct ksz_error *err;      /* for the TAXII page callback */
};

static void http_setup(struct run *r, const char *token)
{
    ksz_http_opts_init(&r->http);
    r->http.url = r->f->url;
    r->http.bearer = token;
    r->http.cancel = r->ro->cancel;
    r->http.retries = r->ro->retries;
    r->http.backoff_ms = r->ro->backoff_ms > 0 ? r->ro->backoff_ms : 500;
    if (r->ro->max_body > 0)
        r->http.max_body = r->ro->max_body;
}

static void note_http(struct run *r, const struct ksz_http_result *hr)
{
    if (hr->status != 0)
        r->out->requests++;
    r->out->bytes += hr->bytes;
}

/* stix, csv, text, plain, jsonl, misp: one body, one transaction */
static ksz_rc run_body(struct run *r, struct ksz_error *err)
{
    struct ksz_http_result hr;
    struct ksz_http_opts h = r->http;
    struct ksz_buf b;
    ksz_rc rc;

    h.etag = r->f->etag;
    h.last_modified = r->f->last_modified;
    ksz_buf_init(&b, 0);
    rc = ksz_http_get_buf(&h, &b, &hr, err);
    note_http(r, &hr);
    if (rc == KSZ_OK && hr.not_modified) {
        r->out->not_modified = true;
        r->keep_validators = true;
    } else if (rc == KSZ_OK) {
        snprintf(r->etag, sizeof r->etag, "%s", hr.etag);
        snprintf(r->last_modified, sizeof r->last_modified, "%s", hr.last_modified);
        rc = ksz_import_buffer(r->st, r->warn, &r->io, r->f->url, b.data != NULL ? b.data : "",
                               b.len, &r->out->sum, err);
    }
    ksz_buf_cleanup(&b);
    return rc;
}

/* ---- MISP feeds: manifest.json and one file per event ------------------ */

static bool uuid_like(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F') ||
              *s == '-'))
            return false;
    return true;
}

static ksz_rc write_file(const char *path, const char *buf, size_t len, struct ksz_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ksz_rc rc = KSZ_OK;

    if (fd < 0)
        return ksz_error_set(err, KSZ_ERR_IO, "feed: %s: %s", path, strerror(errno));
    while (len > 0) {
        ssize_t w = write(fd, buf, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            rc = ksz_error_set(err, KSZ_ERR_IO, "feed: %s: %s", path, strerror(errno));
            break;
        }
        buf += w;
        len -= (size_t)w;
    }
    if (close(fd) != 0 && rc == KSZ_OK)
        rc = ksz_error_set(err, KSZ_ERR_IO, "feed: %s: %s", path, strerror(errno));
    return rc;
}

static ksz_rc fetch_event(struct run *r, const char *base, const char *dir, const char *uuid,
                          struct ksz_error *err)
{
    char url[4096], path[4200];
    struct ksz_http_opts h = r->http;
    struct ksz_http_result hr;
    int fd;
    ksz_rc rc;

    if ((size_t)snprintf(url, sizeof url, "%s%s.json", base, uuid) >= sizeof url)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "feed: URL too long");
    snprintf(path, sizeof path, "%s/%s.json", dir, uuid);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return ksz_error_set(err, KSZ_ERR_IO, "feed: %s: %s", path, strerror(errno));
    h.url = url;
    rc = ksz_http_get_fd(&h, fd, &hr, err);
    note_http(r, &hr);
    close(fd);
    return rc;
}

static void remove_dir(const char *dir, json_t *manifest)
{
    char path[4200];
    const char *k;
    json_t *v;

    json_object_foreach(manifest, k, v) {
        if (uuid_like(k)) {
            snprintf(path, sizeof path, "%s/%s.json", dir, k);
            unlink(path);
        }
    }
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    unlink(path);
    rmdir(dir);
}

/* Messages from the importer name the temporary directory: name the URL. */
static void rename_in_error(struct ksz_error *err, const char *dir, const char *base)
{
    char msg[KSZ_ERR_MSG_MAX];
    size_t n = strlen(dir);
    const char *p;

    if (err == NULL || (p = strstr(err->msg, dir)) == NULL)
        return;
    snprintf(msg, sizeof msg, "%.*s%s%s", (int)(p - err->msg), err->msg, base,
             p + n + (p[n] == '/' ? 1 : 0));
    snprintf(err->msg, sizeof err->msg, "%s", msg);
}

static ksz_rc run_misp_feed(struct run *r, struct ksz_error *err)
{
    char base[4096], url[4200], dir[4096], path[4200];
    const char *tmp = getenv("TMPDIR"), *k;
    struct ksz_http_opts h = r->http;
    struct ksz_http_result hr;
    struct ksz_buf b;
    json_error_t je;
    json_t *manifest = NULL, *v;
    size_t n;
    ksz_rc rc;

    /* the feed's URL is its directory; ".../manifest.json" is taken too */
    snprintf(base, sizeof base, "%s", r->f->url);
    n = strlen(base);
    if (n >= 13 && strcmp(base + n - 13, "manifest.json") == 0)
        base[n - 13] = '\0';
    else if (n > 0 && base[n - 1] != '/' && n + 1 < sizeof base)
        memcpy(base + n, "/", 2);
    snprintf(url, sizeof url, "%smanifest.json", base);
    h.url = url;
    h.etag = r->f->etag;
    h.last_modified = r->f->last_modified;
    if (h.max_body > MANIFEST_MAX)
        h.max_body = MANIFEST_MAX;
    ksz_buf_init(&b, 0);
    rc = ksz_http_get_buf(&h, &b, &hr, err);
    note_http(r, &hr);
    if (rc == KSZ_OK && hr.not_modified) {
        r->out->not_modified = true;
        r->keep_validators = true;
        ksz_buf_cleanup(&b);
        return KSZ_OK;
    }
    if (rc == KSZ_OK) {
        snprintf(r->etag, sizeof r->etag, "%s", hr.etag);
        snprintf(r->last_modified, sizeof r->last_modified, "%s", hr.last_modified);
        manifest = json_loadb(b.data != NULL ? b.data : "", b.len, 0, &je);
        if (!json_is_object(manifest))
            rc = ksz_error_set(err, KSZ_ERR_PARSE, "feed: %.160s: expected a JSON object of "
                               "event uuids (%s)", url, manifest ? "not an object" : je.text);
        else if (json_object_size(manifest) > MISP_EVENTS_MAX)
            rc = ksz_error_set(err, KSZ_ERR_LIMIT, "feed: %.160s: more than %d events", url,
                               MISP_EVENTS_MAX);
    }
    json_object_foreach(manifest, k, v) {
        if (rc == KSZ_OK && !uuid_like(k))
            rc = ksz_error_set(err, KSZ_ERR_PARSE, "feed: %.160s: expected event uuids as "
                               "keys, found \"%.64s\"", url, k);
    }
    if (rc == KSZ_OK) {
        snprintf(dir, sizeof dir, "%s/ksz-feed-XXXXXX", tmp != NULL && tmp[0] ? tmp : "/tmp");
        if (mkdtemp(dir) == NULL)
            rc = ksz_error_set(err, KSZ_ERR_IO, "feed: temporary directory %s: %s", dir,
                               strerror(errno));
        else {
            snprintf(path, sizeof path, "%s/manifest.json", dir);
            rc = write_file(path, b.data, b.len, err);
            json_object_foreach(manifest, k, v) {
                if (rc != KSZ_OK)
                    break;
                rc = fetch_event(r, base, dir, k, err);
            }
            if (rc == KSZ_OK) {
                struct ksz_import_opts io = r->io;
                io.format = KSZ_FORMAT_MISP_FEED;
                rc = ksz_import_path(r->st, r->warn, &io, dir, &r->out->sum, err);
                if (rc != KSZ_OK)
                    rename_in_error(err, dir, base);
            }
            remove_dir(dir, manifest);
        }
    }
    json_decref(manifest);
    ksz_buf_cleanup(&b);
    return rc;
}

/* ---- TAXII ------------------------------------------------------------- */

static ksz_rc on_page(void *user, const char *buf, size_t len,
                      const struct ksz_taxii_envelope *env)
{
    struct run *r = user;
    struct ksz_import_opts io = r->io;
    char name[64];
    (void)env;
    io.format = KSZ_FORMAT_STIX;
    r->pages++;
    snprintf(name, sizeof name, "taxii page %llu", (unsigned long long)r->pages);
    return ksz_import_buffer(r->st, r->warn, &io, name, buf, len, &r->out->sum, r->err);
}

static ksz_rc run_taxii(struct run *r, struct ksz_error *err)
{
    struct ksz_taxii_pull_opts o;
    struct ksz_taxii_pull_result res;
    ksz_rc rc;

    ksz_taxii_pull_opts_init(&o);
    o.http = r->http;
    o.collection = r->f->collection;
    o.added_after = r->f->added_after;
    r->err = err;
    rc = ksz_taxii_pull(&o, on_page, r, &res, err);
    r->out->requests += 2 + res.pages;   /* discovery, collections, pages */
    if (rc == KSZ_OK) {
        if (res.added_last[0] != '\0')
            snprintf(r->added_after, sizeof r->added_after, "%s", res.added_last);
        else if (r->f->added_after != NULL)
            snprintf(r->added_after, sizeof r->added_after, "%s", r->f->added_after);
        if (res.objects == 0)
            r->out->not_modified = true;
    }
    return rc;
}

/* ---- the run ------------------------------------------------------------ */

static ksz_rc import_setup(struct run *r, const struct ksz_feed_options *fo,
                           struct ksz_error *err)
{
    ksz_import_opts_init(&r->io);
    r->io.defaults.source = r->f->name;
    r->io.defaults.tlp = fo->tlp;
    r->io.defaults.confidence = fo->confidence;
    r->io.defaults.valid_for = fo->valid_for;
    r->io.defaults.usage = fo->usage;
    r->io.defaults.now = ksz_store_now(r->st);
    r->io.csv.columns = fo->columns[0] ? fo->columns : NULL;
    r->io.csv.delimiter = fo->delimiter;
    if (strcmp(r->f->format, "taxii") == 0)
        r->io.format = KSZ_FORMAT_STIX;
    else if (ksz_format_parse(r->f->format, strlen(r->f->format), &r->io.format) != KSZ_OK ||
             !ksz_feed_format_ok(r->f->format))
        return ksz_error_set(err, KSZ_ERR_INVALID, "feed %s: unknown format '%.32s'",
                             r->f->name, r->f->format);
    return KSZ_OK;
}

static ksz_rc record(struct ksz_store *st, const struct run *r, ksz_rc rc,
                     const struct ksz_error *why, int64_t started, struct ksz_error *err)
{
    struct ksz_feed u = *r->f;

    u.last_run = started;
    if (rc == KSZ_OK) {
        u.last_success = started;
        u.last_error = NULL;
        u.failures = 0;
        u.last_count = (int64_t)(r->out->sum.indicators.added + r->out->sum.indicators.updated);
        if (!r->keep_validators) {
            u.etag = r->etag[0] ? r->etag : NULL;
            u.last_modified = r->last_modified[0] ? r->last_modified : NULL;
        }
        if (strcmp(r->f->format, "taxii") == 0)
            u.added_after = r->added_after[0] ? r->added_after : NULL;
    } else {
        u.last_error = why->msg[0] ? why->msg : ksz_strerror(rc);
        u.failures = r->f->failures + 1;
    }
    return ksz_store_feed_update(st, &u, err);
}

ksz_rc ksz_feed_run(struct ksz_store *st, const char *name, const struct ksz_feed_run_opts *o,
                    struct ksz_feed_outcome *out, struct ksz_error *err)
{
    struct feed_copy fc;
    struct ksz_feed_run_opts defaults;
    struct ksz_feed_outcome local;
    struct ksz_feed_options fo;
    struct ksz_error why = {0}, rec_err = {0};
    struct run r;
    const char *token = NULL;
    int64_t started;
    ksz_rc rc, rrc;

    if (o == NULL) {
        ksz_feed_run_opts_init(&defaults);
        o = &defaults;
    }
    if (out == NULL)
        out = &local;
    memset(out, 0, sizeof *out);
    memset(&fc, 0, sizeof fc);
    rc = ksz_store_each_feed(st, name, on_feed, &fc, err);
    if (rc == KSZ_OK && fc.oom)
        rc = ksz_error_set(err, KSZ_ERR_NOMEM, "feed: out of memory");
    if (rc != KSZ_OK) {
        feed_copy_cleanup(&fc);
        return rc;
    }
    started = ksz_store_now(st);
    memset(&r, 0, sizeof r);
    r.st = st;
    r.f = &fc.f;
    r.ro = o;
    r.out = out;
    rc = ksz_feed_options_parse(fc.f.options, fc.f.options ? strlen(fc.f.options) : 0, &fo,
                                &why);
    if (rc == KSZ_OK && fo.token[0] != '\0') {
        token = fo.token;
    } else if (rc == KSZ_OK && fo.token_env[0] != '\0') {
        token = getenv(fo.token_env);
        if (token == NULL || token[0] == '\0')
            rc = ksz_error_set(&why, KSZ_ERR_INVALID, "feed %s: the token variable %s is not "
                               "set", fc.f.name, fo.token_env);
    }
    if (rc == KSZ_OK)
        rc = import_setup(&r, &fo, &why);
    if (rc == KSZ_OK)
        rc = ksz_store_load_warn(st, &r.warn, &why);
    if (rc == KSZ_OK) {
        http_setup(&r, token);
        if (strcmp(fc.f.format, "taxii") == 0)
            rc = run_taxii(&r, &why);
        else if (strcmp(fc.f.format, "misp-feed") == 0)
            rc = run_misp_feed(&r, &why);
        else
            rc = run_body(&r, &why);
    }
    out->ok = rc == KSZ_OK;
    rrc = record(st, &r, rc, &why, started, &rec_err);
    if (rc != KSZ_OK)
        ksz_error_set(err, rc, "%s", why.msg[0] ? why.msg : ksz_strerror(rc));
    else if (rrc != KSZ_OK)
        rc = ksz_error_set(err, rrc, "%s", rec_err.msg);
    ksz_warn_free(r.warn);
    feed_copy_cleanup(&fc);
    return rc;
}

/* ---- which feed is due -------------------------------------------------- */

struct next {
    char *name;
    size_t cap;
    int64_t due;
    bool any;
};

static int on_next(const struct ksz_feed *f, void *user)
{
    struct next *n = user;
    int64_t due = ksz_feed_next_due(f);
    if (!n->any || due < n->due) {
        n->any = true;
        n->due = due;
        snprintf(n->name, n->cap, "%s", f->name);
    }
    return 0;
}

ksz_rc ksz_feed_next(struct ksz_store *st, char *name, size_t cap, int64_t *due,
                     struct ksz_error *err)
{
    struct next n = {name, cap, 0, false};
    ksz_rc rc = ksz_store_each_feed(st, NULL, on_next, &n, err);
    if (rc != KSZ_OK)
        return rc;
    if (!n.any)
        return ksz_error_set(err, KSZ_ERR_NOTFOUND, "feed: no feeds");
    *due = n.due;
    return KSZ_OK;
}
