/* SPDX-License-Identifier: Apache-2.0 */
/*
 * import.c - the import driver: one input, one transaction.
 *
 * It wires a reader's sink to the store: every indicator is first checked
 * against the warninglists (a "warn" list flags it with the list's name, a
 * "block" list keeps it inactive), then put; every put's result is counted.
 * Any error rolls the transaction back, so a file whose third record is bad
 * leaves the store exactly as it was, and the message names the file and the
 * line or byte offset. A dry run does all of this and rolls back at the end.
 *
 * STIX bundles are streamed from the file in 1 MiB reads; the other formats
 * are read whole (they are line-sized records whose readers want the text).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "formats_int.h"

#define IMPORT_CHUNK (1u << 20)
#define IMPORT_WHOLE_MAX ((size_t)4 << 30)   /* line formats and MISP: 4 GiB */
#define WARN_HITS_MAX 16

struct imp {
    struct ksz_store *st;
    const struct ksz_warn *warn;
    const struct ksz_import_opts *o;
    struct ksz_import_summary sum;   /* this input's counts */
    const char *name;
    uint64_t records;
};

#define PROGRESS_EVERY 100000u

static void tick(struct imp *im)
{
    if (++im->records % PROGRESS_EVERY == 0 && im->o->progress != NULL)
        im->o->progress(im->o->progress_user, im->name, im->records);
}

void ksz_import_opts_init(struct ksz_import_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = KSZ_FORMAT_AUTO;
    o->defaults.tlp = KSZ_TLP_UNSET;
    o->defaults.confidence = -1;
    o->defaults.now = (int64_t)time(NULL);
}

static void count(struct ksz_import_count *c, ksz_put_result r)
{
    if (r == KSZ_PUT_ADDED)
        c->added++;
    else if (r == KSZ_PUT_UPDATED)
        c->updated++;
    else
        c->unchanged++;
}

/* Put the position in front of a store error. */
static ksz_rc where(struct imp *im, const struct ksz_import_pos *pos, ksz_rc rc,
                    struct ksz_error *err)
{
    char msg[KSZ_ERR_MSG_MAX];
    if (err == NULL || rc == KSZ_OK)
        return rc;
    snprintf(msg, sizeof msg, "%s", err->msg);
    if (pos != NULL && pos->line)
        return ksz_error_set(err, rc, "%s:%llu: %s", im->name, (unsigned long long)pos->line, msg);
    if (pos != NULL)
        return ksz_error_set(err, rc, "%s: byte offset %llu: %s", im->name,
                             (unsigned long long)pos->offset, msg);
    return ksz_error_set(err, rc, "%s: %s", im->name, msg);
}

/* The warninglist check: the names of the lists the value is on are added to
 * the record's own warnings (names holds WARN_NAMES_MAX). Returns what the
 * import counts: WARN_NONE, WARN_FLAGGED or WARN_BLOCKED. Thread-safe. */
enum { WARN_NONE, WARN_FLAGGED, WARN_BLOCKED };
#define WARN_NAMES_MAX (WARN_HITS_MAX + 64)

static int warn_apply(const struct ksz_warn *warn, struct ksz_indicator *ind, const char **names)
{
    struct ksz_warn_hit hits[WARN_HITS_MAX];
    size_t n = 0, k = 0;
    bool block = false;

    if (warn == NULL || ind->value == NULL ||
        ksz_warn_check(warn, ind->type, ind->value, strlen(ind->value), hits, WARN_HITS_MAX,
                       &n) != KSZ_OK ||
        n == 0)
        return WARN_NONE;
    for (size_t i = 0; i < ind->warnings.n && k < 64; i++)
        names[k++] = ind->warnings.items[i];
    for (size_t i = 0; i < n && i < WARN_HITS_MAX; i++) {
        names[k++] = hits[i].list;
        block = block || hits[i].policy == KSZ_WARN_POLICY_BLOCK;
    }
    ind->warnings.items = names;
    ind->warnings.n = k;
    ind->warn_blocked = ind->warn_blocked || block;
    return block ? WARN_BLOCKED : WARN_FLAGGED;
}

/* Put an indicator the warninglists have seen (warned: what they said). */
static ksz_rc put_checked(struct imp *im, const struct ksz_indicator *ind, int warned,
                          const struct ksz_import_pos *pos, struct ksz_error *err)
{
    ksz_put_result res = KSZ_PUT_UNCHANGED;
    ksz_rc rc;

    if (warned == WARN_BLOCKED)
        im->sum.blocked++;
    else if (warned == WARN_FLAGGED)
        im->sum.flagged++;
    rc = ksz_store_put_indicator(im->st, ind, &res, err);
    if (rc != KSZ_OK)
        return where(im, pos, rc, err);
    count(&im->sum.indicators, res);
    tick(im);
    return KSZ_OK;
}

static ksz_rc sink_indicator(void *user, const struct ksz_indicator *in,
                             const struct ksz_import_pos *pos, struct ksz_error *err)
{
    struct imp *im = user;
    struct ksz_indicator ind = *in;
    const char *names[WARN_NAMES_MAX];
    int warned = warn_apply(im->warn, &ind, names);

    return put_checked(im, &ind, warned, pos, err);
}

static ksz_rc sink_threat(void *user, const struct ksz_threat *t, struct ksz_error *err)
{
    struct imp *im = user;
    ksz_put_result res = KSZ_PUT_UNCHANGED;
    ksz_rc rc = ksz_store_put_threat(im->st, t, &res, err);
    if (rc != KSZ_OK)
        return where(im, NULL, rc, err);
    count(&im->sum.threats, res);
    tick(im);
    return KSZ_OK;
}

static ksz_rc sink_report(void *user, const struct ksz_report *r, struct ksz_error *err)
{
    struct imp *im = user;
    ksz_put_result res = KSZ_PUT_UNCHANGED;
    ksz_rc rc = ksz_store_put_report(im->st, r, &res, err);
    if (rc != KSZ_OK)
        return where(im, NULL, rc, err);
    count(&im->sum.reports, res);
    return KSZ_OK;
}

static ksz_rc sink_relationship(void *user, const struct ksz_relationship *r,
                                struct ksz_error *err)
{
    struct imp *im = user;
    ksz_put_result res = KSZ_PUT_UNCHANGED;
    ksz_rc rc = ksz_store_put_relationship(im->st, r, &res, err);
    if (rc != KSZ_OK)
        return where(im, NULL, rc, err);
    count(&im->sum.relationships, res);
    tick(im);
    return KSZ_OK;
}

static ksz_rc sink_sighting(void *user, const struct ksz_sighting *s, struct ksz_error *err)
{
    struct imp *im = user;
    ksz_put_result res = KSZ_PUT_UNCHANGED;
    ksz_rc rc = ksz_store_put_sighting(im->st, s, &res, err);
    if (rc != KSZ_OK)
        return where(im, NULL, rc, err);
    count(&im->sum.sightings, res);
    return KSZ_OK;
}

static void sink_note(void *user, const char *what, const char *detail,
                      const struct ksz_import_pos *pos)
{
    struct imp *im = user;
    (void)detail;
    (void)pos;
    if (strcmp(what, "pattern") == 0)
        im->sum.unparsed_patterns++;
    else if (strcmp(what, "refused") == 0)
        im->sum.refused++;
    else
        im->sum.skipped++;
}

static void add_count(struct ksz_import_count *a, const struct ksz_import_count *b)
{
    a->added += b->added;
    a->updated += b->updated;
    a->unchanged += b->unchanged;
}

static void add_summary(struct ksz_import_summary *a, const struct ksz_import_summary *b)
{
    add_count(&a->indicators, &b->indicators);
    add_count(&a->threats, &b->threats);
    add_count(&a->reports, &b->reports);
    add_count(&a->relationships, &b->relationships);
    add_count(&a->sightings, &b->sightings);
    a->flagged += b->flagged;
    a->blocked += b->blocked;
    a->refused += b->refused;
    a->unparsed_patterns += b->unparsed_patterns;
    a->skipped += b->skipped;
    a->inputs += b->inputs;
}

/* ---- one transaction ---- */

typedef ksz_rc (*body_fn)(struct imp *im, const struct ksz_import_sink *sink, void *arg,
                          struct ksz_error *err);

static ksz_rc in_transaction(struct ksz_store *st, const struct ksz_warn *warn,
                             const struct ksz_import_opts *o, const char *name, body_fn body,
                             void *arg, struct ksz_import_summary *sum, struct ksz_error *err)
{
    struct imp im = {.st = st, .warn = warn, .o = o, .name = name};
    struct ksz_import_sink sink = {sink_indicator, sink_threat, sink_report, sink_relationship,
                                   sink_sighting, sink_note, &im};
    ksz_rc rc;

    rc = ksz_store_begin(st, err);
    if (rc != KSZ_OK)
        return rc;
    if (o->defaults.report != NULL) {
        struct ksz_report r = {0};
        r.title = o->defaults.report;
        r.source = o->defaults.source;
        r.tlp = o->defaults.tlp;
        r.published = o->defaults.now;
        rc = sink_report(&im, &r, err);
    }
    if (rc == KSZ_OK)
        rc = body(&im, &sink, arg, err);
    if (rc == KSZ_OK && !o->dry_run)
        rc = ksz_store_commit(st, err);
    else
        ksz_store_rollback(st);
    if (rc == KSZ_OK) {
        im.sum.inputs = 1;
        add_summary(sum, &im.sum);
    }
    return rc;
}

/* ---- reading whole inputs ---- */

struct mem {
    const char *buf;
    size_t len;
    ksz_format fmt;
};

static ksz_rc read_mem(struct imp *im, const struct ksz_import_sink *sink, const struct mem *m,
                       struct ksz_error *err)
{
    const struct ksz_import_defaults *d = &im->o->defaults;
    switch (m->fmt) {
    case KSZ_FORMAT_STIX:
        return ksz_stix_read(im->name, m->buf, m->len, d, sink, err);
    case KSZ_FORMAT_MISP:
        return ksz_misp_read(im->name, m->buf, m->len, d, sink, err);
    case KSZ_FORMAT_CSV:
        return ksz_csv_read(im->name, m->buf, m->len, &im->o->csv, d, sink, err);
    case KSZ_FORMAT_PLAIN:
        return ksz_plain_read(im->name, m->buf, m->len, d, sink, err);
    case KSZ_FORMAT_JSONL:
        return ksz_jsonl_read(im->name, m->buf, m->len, d, sink, err);
    case KSZ_FORMAT_TEXT:
        return ksz_text_read(im->name, m->buf, m->len, d, sink, err);
    default:
        return ksz_error_set(err, KSZ_ERR_INVALID, "%s: format %s needs a directory", im->name,
                             ksz_format_name(m->fmt));
    }
}

/* ---- line formats: parsed on a second thread while the store writes ---- */

struct ahead {
    struct imp *im;
    const struct mem *m;
};

static ksz_rc ahead_read(void *arg, const struct ksz_import_sink *sink, struct ksz_error *err)
{
    struct ahead *a = arg;
    return read_mem(a->im, sink, a->m, err);
}

/* The reader's thread does what needs no store: the warninglists (read
 * only, built before) and the STIX id the store would derive. */
static int ahead_prepare(void *user, struct ksz_indicator *ind, struct ksz__readahead_scratch *s)
{
    struct imp *im = user;
    int warned = warn_apply(im->warn, ind, s->names);

    if (ind->stix_id == NULL || ind->stix_id[0] == '\0')
        ind->stix_id = ksz_store_indicator_id(ind->source, ind->type, ind->value, s->id);
    return warned;
}

static ksz_rc ahead_put(void *user, const struct ksz_indicator *ind, int warned,
                        const struct ksz_import_pos *pos, struct ksz_error *err)
{
    return put_checked(user, ind, warned, pos, err);
}

static void ahead_note(void *user, const char *what, const struct ksz_import_pos *pos)
{
    sink_note(user, what, NULL, pos);
}

static bool reads_ahead(const struct imp *im, const struct mem *m)
{
    bool lines = m->fmt == KSZ_FORMAT_CSV || m->fmt == KSZ_FORMAT_JSONL ||
                 m->fmt == KSZ_FORMAT_PLAIN || m->fmt == KSZ_FORMAT_TEXT;
    return lines && m->len >= im->o->readahead_min;
}

static ksz_rc body_mem(struct imp *im, const struct ksz_import_sink *sink, void *arg,
                       struct ksz_error *err)
{
    const struct mem *m = arg;

    if (reads_ahead(im, m)) {
        struct ahead a = {im, m};
        struct ksz__readahead r = {ahead_read, &a, ahead_prepare, ahead_put, ahead_note, im};
        bool started = false;
        ksz_rc rc = ksz__readahead_run(&r, &started, err);
        if (started)
            return rc;
    }
    return read_mem(im, sink, m, err);
}

ksz_rc ksz_import_buffer(struct ksz_store *st, const struct ksz_warn *warn,
                         const struct ksz_import_opts *o, const char *name, const char *buf,
                         size_t len, struct ksz_import_summary *sum, struct ksz_error *err)
{
    struct mem m = {buf, len, o->format};
    if (m.fmt == KSZ_FORMAT_AUTO)
        m.fmt = ksz_format_detect(buf, len < 65536 ? len : 65536);
    return in_transaction(st, warn, o, name, body_mem, &m, sum, err);
}

static ksz_rc read_all(int fd, const char *name, char **out, size_t *outlen,
                       const char *head, size_t hlen, struct ksz_error *err)
{
    size_t cap = hlen + IMPORT_CHUNK, len = hlen;
    char *buf = ksz__malloc(cap);
    if (buf == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "out of memory");
    memcpy(buf, head, hlen);
    for (;;) {
        ssize_t n;
        if (cap - len < IMPORT_CHUNK) {
            char *p;
            if (cap > IMPORT_WHOLE_MAX) {
                ksz__free(buf);
                return ksz_error_set(err, KSZ_ERR_LIMIT, "%s: larger than 4 GiB", name);
            }
            p = ksz__realloc(buf, cap * 2);
            if (p == NULL) {
                ksz__free(buf);
                return ksz_error_set(err, KSZ_ERR_NOMEM, "out of memory");
            }
            buf = p;
            cap *= 2;
        }
        n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ksz__free(buf);
            return ksz_error_set(err, KSZ_ERR_IO, "%s: read error: %s", name, strerror(errno));
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    *out = buf;
    *outlen = len;
    return KSZ_OK;
}

struct fdin {
    int fd;
    char *head;
    size_t hlen;
};

static ksz_rc body_stix_stream(struct imp *im, const struct ksz_import_sink *sink, void *arg,
                               struct ksz_error *err)
{
    struct fdin *f = arg;
    struct ksz_stix_reader *r = NULL;
    ksz_rc rc = ksz_stix_reader_new(im->name, &im->o->defaults, sink, &r, err);
    char *buf = NULL;

    if (rc == KSZ_OK)
        rc = ksz_stix_reader_feed(r, f->head, f->hlen, err);
    if (rc == KSZ_OK && (buf = ksz__malloc(IMPORT_CHUNK)) == NULL)
        rc = ksz_error_set(err, KSZ_ERR_NOMEM, "out of memory");
    while (rc == KSZ_OK) {
        ssize_t n = read(f->fd, buf, IMPORT_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            rc = ksz_error_set(err, KSZ_ERR_IO, "%s: read error: %s", im->name, strerror(errno));
        else if (n == 0)
            break;
        else
            rc = ksz_stix_reader_feed(r, buf, (size_t)n, err);
    }
    if (rc == KSZ_OK)
        rc = ksz_stix_reader_finish(r, err);
    ksz__free(buf);
    ksz_stix_reader_free(r);
    return rc;
}

static ksz_rc import_fd(struct ksz_store *st, const struct ksz_warn *warn,
                        const struct ksz_import_opts *o, int fd, const char *name,
                        struct ksz_import_summary *sum, struct ksz_error *err)
{
    char *head = ksz__malloc(65536);
    size_t hlen = 0;
    ksz_format fmt = o->format;
    ksz_rc rc = KSZ_OK;

    if (head == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "out of memory");
    while (hlen < 65536) {
        ssize_t n = read(fd, head + hlen, 65536 - hlen);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = ksz_error_set(err, KSZ_ERR_IO, "%s: read error: %s", name, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        hlen += (size_t)n;
    }
    if (rc == KSZ_OK && fmt == KSZ_FORMAT_AUTO)
        fmt = ksz_format_detect(head, hlen);
    if (rc == KSZ_OK && fmt == KSZ_FORMAT_STIX) {
        struct fdin f = {fd, head, hlen};
        rc = in_transaction(st, warn, o, name, body_stix_stream, &f, sum, err);
    } else if (rc == KSZ_OK) {
        char *all = NULL;
        size_t len = 0;
        rc = read_all(fd, name, &all, &len, head, hlen, err);
        if (rc == KSZ_OK) {
            struct mem m = {all, len, fmt};
            rc = in_transaction(st, warn, o, name, body_mem, &m, sum, err);
        }
        ksz__free(all);
    }
    ksz__free(head);
    return rc;
}

/* ---- MISP feed directories ---- */

struct feed {
    const char *dir;
    json_t *manifest;
};

static ksz_rc body_feed(struct imp *im, const struct ksz_import_sink *sink, void *arg,
                        struct ksz_error *err)
{
    struct feed *fd = arg;
    const char *uuid;
    json_t *v;
    ksz_rc rc = KSZ_OK;
    const char *dirname = im->name;

    /* manifest keys are event uuids; read in sorted order for determinism */
    size_t n = json_object_size(fd->manifest), k = 0;
    const char **keys = ksz__calloc(n ? n : 1, sizeof *keys);
    if (keys == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "out of memory");
    json_object_foreach(fd->manifest, uuid, v)
        keys[k++] = uuid;
    qsort(keys, n, sizeof *keys, (int (*)(const void *, const void *))strcmp);
    for (k = 0; k < n && rc == KSZ_OK; k++) {
        char path[4096];
        int fdn;
        char *all = NULL;
        size_t len = 0;
        bool ok = true;

        for (const char *c = keys[k]; *c; c++)
            if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f') || *c == '-'))
                ok = false;
        if (!ok) {
            rc = ksz_error_set(err, KSZ_ERR_PARSE, "%s/manifest.json: expected event uuids as "
                               "keys, found \"%.64s\"", fd->dir, keys[k]);
            break;
        }
        snprintf(path, sizeof path, "%s/%s.json", fd->dir, keys[k]);
        fdn = open(path, O_RDONLY | O_CLOEXEC);
        if (fdn < 0) {
            rc = ksz_error_set(err, KSZ_ERR_IO, "%s: %s (listed in manifest.json)", path,
                               strerror(errno));
            break;
        }
        rc = read_all(fdn, path, &all, &len, "", 0, err);
        close(fdn);
        if (rc == KSZ_OK) {
            im->name = path;
            rc = ksz_misp_read(path, all, len, &im->o->defaults, sink, err);
            im->name = dirname;
        }
        ksz__free(all);
    }
    ksz__free(keys);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static ksz_rc import_dir(struct ksz_store *st, const struct ksz_warn *warn,
                         const struct ksz_import_opts *o, const char *path,
                         struct ksz_import_summary *sum, struct ksz_error *err)
{
    char mpath[4096];
    struct stat sb;
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0;
    ksz_rc rc = KSZ_OK;

    snprintf(mpath, sizeof mpath, "%s/manifest.json", path);
    if (o->format == KSZ_FORMAT_MISP_FEED ||
        ((o->format == KSZ_FORMAT_AUTO || o->format == KSZ_FORMAT_MISP) && stat(mpath, &sb) == 0)) {
        json_error_t je;
        struct feed f = {path, json_load_file(mpath, JSON_REJECT_DUPLICATES, &je)};
        if (!json_is_object(f.manifest)) {
            json_decref(f.manifest);
            return ksz_error_set(err, KSZ_ERR_PARSE, "%s: line %d column %d: expected a JSON "
                                 "object of event uuids (%s)", mpath, je.line, je.column,
                                 f.manifest ? "not an object" : je.text);
        }
        rc = in_transaction(st, warn, o, path, body_feed, &f, sum, err);
        json_decref(f.manifest);
        return rc;
    }
    d = opendir(path);
    if (d == NULL)
        return ksz_error_set(err, KSZ_ERR_IO, "%s: %s", path, strerror(errno));
    while ((e = readdir(d)) != NULL && rc == KSZ_OK) {
        char full[4096];
        if (e->d_name[0] == '.')
            continue;
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        if (stat(full, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        if (n == cap) {
            char **p = ksz__realloc(names, (cap ? cap * 2 : 16) * sizeof *p);
            if (p == NULL) {
                rc = ksz_error_set(err, KSZ_ERR_NOMEM, "out of memory");
                break;
            }
            names = p;
            cap = cap ? cap * 2 : 16;
        }
        names[n] = ksz__strndup(full, strlen(full));
        if (names[n] == NULL)
            rc = ksz_error_set(err, KSZ_ERR_NOMEM, "out of memory");
        else
            n++;
    }
    closedir(d);
    if (n > 0)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && rc == KSZ_OK; i++)
        rc = ksz_import_path(st, warn, o, names[i], sum, err);
    for (size_t i = 0; i < n; i++)
        ksz__free(names[i]);
    ksz__free(names);
    return rc;
}

ksz_rc ksz_import_path(struct ksz_store *st, const struct ksz_warn *warn,
                       const struct ksz_import_opts *o, const char *path,
                       struct ksz_import_summary *sum, struct ksz_error *err)
{
    struct stat sb;
    int fd;
    ksz_rc rc;

    if (strcmp(path, "-") == 0)
        return import_fd(st, warn, o, STDIN_FILENO, "<stdin>", sum, err);
    if (stat(path, &sb) != 0)
        return ksz_error_set(err, KSZ_ERR_IO, "%s: %s", path, strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return import_dir(st, warn, o, path, sum, err);
    if (o->format == KSZ_FORMAT_MISP_FEED)
        return ksz_error_set(err, KSZ_ERR_INVALID, "%s: --format misp-feed needs a directory",
                             path);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ksz_error_set(err, KSZ_ERR_IO, "%s: %s", path, strerror(errno));
    rc = import_fd(st, warn, o, fd, path, sum, err);
    close(fd);
    return rc;
}

static ksz_rc count_json(struct ksz_buf *b, const char *name, const struct ksz_import_count *c)
{
    return ksz_buf_printf(b, "\"%s\":{\"added\":%llu,\"updated\":%llu,\"unchanged\":%llu},",
                          name, (unsigned long long)c->added, (unsigned long long)c->updated,
                          (unsigned long long)c->unchanged);
}

ksz_rc ksz_import_summary_json(const struct ksz_import_summary *s, struct ksz_buf *b)
{
    ksz_rc rc = ksz_buf_printf(b, "{\"inputs\":%llu,", (unsigned long long)s->inputs);
    if (rc == KSZ_OK)
        rc = count_json(b, "indicators", &s->indicators);
    if (rc == KSZ_OK)
        rc = count_json(b, "threats", &s->threats);
    if (rc == KSZ_OK)
        rc = count_json(b, "reports", &s->reports);
    if (rc == KSZ_OK)
        rc = count_json(b, "relationships", &s->relationships);
    if (rc == KSZ_OK)
        rc = count_json(b, "sightings", &s->sightings);
    if (rc == KSZ_OK)
        rc = ksz_buf_printf(b, "\"flagged\":%llu,\"blocked\":%llu,\"refused\":%llu,"
                            "\"patterns_unparsed\":%llu,\"skipped\":%llu}",
                            (unsigned long long)s->flagged, (unsigned long long)s->blocked,
                            (unsigned long long)s->refused,
                            (unsigned long long)s->unparsed_patterns,
                            (unsigned long long)s->skipped);
    return rc;
}
