/* SPDX-License-Identifier: Apache-2.0 */
/*
 * from_store.c - compile the store's indicators into a snapshot, as a file
 * (`kizashi compile`) or in memory (`kizashi hunt` without --snapshot).
 *
 * The store names an indicator's threats, and often its report, by STIX id;
 * the snapshot keeps threat names and report titles, so that a hunter can
 * print context without the store. Every threat and report is read once,
 * before the indicators, into a table sorted by STIX id; an id the table
 * lacks is kept as it is. Both outputs go through one loop, so the same
 * store and filter give the same bytes either way.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "kizashi/store.h"
#include "snapshot/snap_int.h"

/* Threat names kept per record; more are dropped. */
#define THREAT_NAMES_MAX 64

/* STIX id -> name; both strings in one allocation, id first. */
struct name_ent {
    const char *id, *name;
};

struct name_map {
    struct name_ent *e;
    size_t n, cap;
    ksz_rc rc;
    struct ksz_error *err;
};

static int map_add(struct name_map *m, const char *id, const char *name)
{
    size_t il, nl;
    char *s;

    if (id == NULL || name == NULL)
        return 0;
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 64;
        struct name_ent *ne = ksz__realloc(m->e, nc * sizeof *ne);
        if (ne == NULL)
            goto nomem;
        m->e = ne;
        m->cap = nc;
    }
    il = strlen(id);
    nl = strlen(name);
    s = ksz__malloc(il + nl + 2);
    if (s == NULL)
        goto nomem;
    memcpy(s, id, il + 1);
    memcpy(s + il + 1, name, nl + 1);
    m->e[m->n].id = s;
    m->e[m->n].name = s + il + 1;
    m->n++;
    return 0;
nomem:
    m->rc = ksz_error_set(m->err, KSZ_ERR_NOMEM, "snapshot: out of memory");
    return 1;
}

static int cmp_ent(const void *a, const void *b)
{
    return strcmp(((const struct name_ent *)a)->id, ((const struct name_ent *)b)->id);
}

static void map_sort(struct name_map *m)
{
    if (m->n > 1) /* an empty map has no array, and qsort wants one */
        qsort(m->e, m->n, sizeof *m->e, cmp_ent);
}

static const char *map_get(const struct name_map *m, const char *id)
{
    struct name_ent key, *hit;

    if (id == NULL || m->n == 0)
        return NULL;
    key.id = id;
    hit = bsearch(&key, m->e, m->n, sizeof *m->e, cmp_ent);
    return hit != NULL ? hit->name : NULL;
}

static void map_cleanup(struct name_map *m)
{
    for (size_t i = 0; i < m->n; i++)
        ksz__free((void *)m->e[i].id); /* the name shares the allocation */
    ksz__free(m->e);
}

static int on_threat(const struct ksz_threat *t, void *user)
{
    return map_add(user, t->stix_id, t->name);
}

static int on_report(const struct ksz_report *r, void *user)
{
    return map_add(user, r->stix_id, r->title);
}

struct from_store {
    struct ksz_snapshot_writer *w;
    struct name_map threats, reports;
    const struct ksz_snapshot_compile_opts *opts;
    struct ksz_snapshot_compile_stats stats;
    ksz_rc rc;
    struct ksz_error *err;
};

static int on_indicator(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                        void *user)
{
    struct from_store *c = user;
    struct ksz_indicator copy = *ind;
    const char *names[THREAT_NAMES_MAX];
    const char *title;
    struct ksz_error aerr = {0};
    size_t n = ind->threats.n < THREAT_NAMES_MAX ? ind->threats.n : THREAT_NAMES_MAX;
    bool added = false;
    ksz_rc rc;

    c->stats.selected++;
    for (size_t i = 0; i < n; i++) {
        const char *nm = map_get(&c->threats, ind->threats.items[i]);
        names[i] = nm ? nm : ind->threats.items[i];
    }
    copy.threats.items = names;
    copy.threats.n = n;
    title = map_get(&c->reports, ind->report);
    if (title != NULL)
        copy.report = title;
    rc = ksz_snapshot_writer_add(c->w, &copy, state ? state->score : -1.0, &added, &aerr);
    if (rc == KSZ_ERR_PARSE) {
        /* a value the store accepted but the snapshot cannot key: left out */
        c->stats.refused++;
        if (c->opts->refused != NULL)
            c->opts->refused(ind, &aerr, c->opts->user);
        return 0;
    }
    if (rc != KSZ_OK) {
        c->rc = ksz_error_set(c->err, rc, "%s", aerr.msg);
        return 1;
    }
    if (added)
        c->stats.added++;
    else
        c->stats.skipped++;
    return 0;
}

/* Fill a new writer from the store; *out set only on KSZ_OK. */
static ksz_rc compile_writer(struct ksz_store *st, const struct ksz_filter *f,
                             const struct ksz_snapshot_compile_opts *opts,
                             struct ksz_snapshot_writer **out,
                             struct ksz_snapshot_compile_stats *stats, struct ksz_error *err)
{
    static const struct ksz_snapshot_compile_opts defaults = {0};
    struct from_store c;
    ksz_rc rc;

    assert(st != NULL && out != NULL);
    memset(&c, 0, sizeof c);
    c.opts = opts != NULL ? opts : &defaults;
    c.err = err;
    c.threats.err = err;
    c.reports.err = err;
    rc = ksz_snapshot_writer_new(&c.w, err);
    if (rc != KSZ_OK)
        return rc;
    if (c.opts->build_time != 0)
        ksz_snapshot_writer_set_time(c.w, c.opts->build_time);
    rc = ksz_store_each_threat(st, NULL, on_threat, &c.threats, err);
    if (rc == KSZ_OK)
        rc = c.threats.rc;
    if (rc == KSZ_OK)
        rc = ksz_store_each_report(st, NULL, on_report, &c.reports, err);
    if (rc == KSZ_OK)
        rc = c.reports.rc;
    if (rc == KSZ_OK) {
        map_sort(&c.threats);
        map_sort(&c.reports);
        rc = ksz_store_each_indicator(st, f, on_indicator, &c, err);
    }
    if (rc == KSZ_OK)
        rc = c.rc;
    map_cleanup(&c.threats);
    map_cleanup(&c.reports);
    if (rc != KSZ_OK) {
        ksz_snapshot_writer_free(c.w);
        return rc;
    }
    *stats = c.stats;
    *out = c.w;
    return KSZ_OK;
}

ksz_rc ksz_snapshot_compile_store(struct ksz_store *st, const struct ksz_filter *f,
                                  const struct ksz_snapshot_compile_opts *opts, const char *path,
                                  struct ksz_snapshot_compile_stats *stats, struct ksz_error *err)
{
    struct ksz_snapshot_writer *w = NULL;
    struct ksz_snapshot_compile_stats s;
    uint64_t size = 0;
    ksz_rc rc;

    assert(path != NULL);
    rc = compile_writer(st, f, opts, &w, &s, err);
    if (rc == KSZ_OK)
        rc = ksz_snapshot_writer_write_file(w, path, &size, err);
    ksz_snapshot_writer_free(w);
    if (rc == KSZ_OK && stats != NULL) {
        s.size = size;
        *stats = s;
    }
    return rc;
}

ksz_rc ksz_snapshot_compile_store_mem(struct ksz_store *st, const struct ksz_filter *f,
                                      const struct ksz_snapshot_compile_opts *opts,
                                      struct ksz_snapshot **out,
                                      struct ksz_snapshot_compile_stats *stats,
                                      struct ksz_error *err)
{
    struct ksz_snapshot_writer *w = NULL;
    struct ksz_snapshot_compile_stats s;
    void *data = NULL;
    size_t len = 0;
    ksz_rc rc;

    assert(out != NULL);
    *out = NULL;
    rc = compile_writer(st, f, opts, &w, &s, err);
    if (rc == KSZ_OK)
        rc = ksz_snapshot_writer_build(w, &data, &len, err);
    ksz_snapshot_writer_free(w);
    if (rc == KSZ_OK)
        rc = ksz_snapshot_open_mem(data, len, out, err);
    ksz_snapshot_buf_free(data);
    if (rc == KSZ_OK && stats != NULL) {
        s.size = len;
        *stats = s;
    }
    return rc;
}
