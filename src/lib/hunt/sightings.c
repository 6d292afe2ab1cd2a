/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sightings.c - what `kizashi hunt --record` writes back: one sighting per
 * indicator and UTC day, with the first and last time seen that day, the
 * count, and the first file it was seen in.
 *
 * A hunt over a month of proxy logs can hit one indicator a million times;
 * the store wants to know on which days it fired, not every line. The
 * aggregation is an open-addressing table keyed by (indicator, day), capped.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/core_int.h"
#include "kizashi/hunt.h"

struct agg {
    uint64_t key;               /* indicator << 32 | day + 2^31; 0 = empty */
    int64_t first, last;
    int64_t count;
    uint32_t where;             /* index into files */
};

struct ksz_hunt_sightings {
    struct agg *t;
    size_t cap, n, max;
    char **files;
    size_t nfiles, fcap;
    int64_t now;
};

ksz_rc ksz_hunt_sightings_new(size_t max, struct ksz_hunt_sightings **out,
                              struct ksz_error *err)
{
    struct ksz_hunt_sightings *s;

    *out = NULL;
    s = ksz__calloc(1, sizeof *s);
    if (s == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "hunt: out of memory");
    s->max = max ? max : 1000000;
    s->cap = 1024;
    s->t = ksz__calloc(s->cap, sizeof *s->t);
    if (s->t == NULL) {
        ksz__free(s);
        return ksz_error_set(err, KSZ_ERR_NOMEM, "hunt: out of memory");
    }
    s->now = (int64_t)time(NULL);
    *out = s;
    return KSZ_OK;
}

void ksz_hunt_sightings_free(struct ksz_hunt_sightings *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->nfiles; i++)
        ksz__free(s->files[i]);
    ksz__free(s->files);
    ksz__free(s->t);
    ksz__free(s);
}

size_t ksz_hunt_sightings_count(const struct ksz_hunt_sightings *s)
{
    return s->n;
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

static struct agg *slot(struct agg *t, size_t cap, uint64_t key)
{
    size_t i = (size_t)mix(key) & (cap - 1);
    while (t[i].key != 0 && t[i].key != key)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

static ksz_rc grow(struct ksz_hunt_sightings *s)
{
    size_t cap = s->cap * 2;
    struct agg *t = ksz__calloc(cap, sizeof *t);

    if (t == NULL)
        return KSZ_ERR_NOMEM;
    for (size_t i = 0; i < s->cap; i++)
        if (s->t[i].key != 0)
            *slot(t, cap, s->t[i].key) = s->t[i];
    ksz__free(s->t);
    s->t = t;
    s->cap = cap;
    return KSZ_OK;
}

static ksz_rc file_index(struct ksz_hunt_sightings *s, const char *file, uint32_t *idx)
{
    /* hits come file by file: the last one is nearly always it */
    if (s->nfiles > 0 && strcmp(s->files[s->nfiles - 1], file) == 0) {
        *idx = (uint32_t)(s->nfiles - 1);
        return KSZ_OK;
    }
    if (s->nfiles == s->fcap) {
        size_t cap = s->fcap ? s->fcap * 2 : 16;
        char **f = ksz__realloc(s->files, cap * sizeof *f);
        if (f == NULL)
            return KSZ_ERR_NOMEM;
        s->files = f;
        s->fcap = cap;
    }
    s->files[s->nfiles] = ksz__strndup(file, strlen(file));
    if (s->files[s->nfiles] == NULL)
        return KSZ_ERR_NOMEM;
    *idx = (uint32_t)s->nfiles++;
    return KSZ_OK;
}

ksz_rc ksz_hunt_sightings_add(struct ksz_hunt_sightings *s, const struct ksz_hunt_hit *h,
                              struct ksz_error *err)
{
    int64_t t = h->ts == KSZ_LOG_NO_TIME ? s->now : h->ts;
    int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    uint64_t key = (uint64_t)h->match.indicator << 32 | (uint32_t)(day + 0x80000000LL);
    struct agg *a;

    if (key == 0)
        key = 1;   /* indicator 0 on the earliest day: never mistaken for empty */
    if ((s->n + 1) * 4 > s->cap * 3 && grow(s) != KSZ_OK)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "hunt: out of memory");
    a = slot(s->t, s->cap, key);
    if (a->key == 0) {
        uint32_t w;
        if (s->n >= s->max)
            return ksz_error_set(err, KSZ_ERR_LIMIT,
                                 "hunt: more than %zu (indicator, day) sightings", s->max);
        if (file_index(s, h->file, &w) != KSZ_OK)
            return ksz_error_set(err, KSZ_ERR_NOMEM, "hunt: out of memory");
        a->key = key;
        a->first = a->last = t;
        a->count = 0;
        a->where = w;
        s->n++;
    }
    if (t < a->first)
        a->first = t;
    if (t > a->last)
        a->last = t;
    a->count++;
    return KSZ_OK;
}

static int cmp_key(const void *x, const void *y)
{
    const struct agg *a = x, *b = y;
    return a->key < b->key ? -1 : a->key > b->key;
}

ksz_rc ksz_hunt_sightings_write(const struct ksz_hunt_sightings *s,
                                const struct ksz_snapshot *snap, struct ksz_store *st,
                                struct ksz_error *err)
{
    struct agg *v;
    size_t n = 0;
    ksz_rc rc;

    if (s->n == 0)
        return KSZ_OK;
    v = ksz__malloc(s->n * sizeof *v);
    if (v == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "hunt: out of memory");
    for (size_t i = 0; i < s->cap; i++)
        if (s->t[i].key != 0)
            v[n++] = s->t[i];
    qsort(v, n, sizeof *v, cmp_key);
    rc = ksz_store_begin(st, err);
    for (size_t i = 0; i < n && rc == KSZ_OK; i++) {
        struct ksz_snap_indicator ind;
        struct ksz_sighting sg;
        rc = ksz_snapshot_indicator(snap, (uint32_t)(v[i].key >> 32), &ind, err);
        if (rc != KSZ_OK)
            break;
        memset(&sg, 0, sizeof sg);
        sg.sighting_of = ind.stix_id_len > 0 ? ind.stix_id : NULL;
        sg.type = ind.type;
        sg.value = ind.value;
        sg.where = s->files[v[i].where];
        sg.first_seen = v[i].first;
        sg.last_seen = v[i].last;
        sg.count = v[i].count;
        sg.kind = KSZ_SIGHTING_HIT;
        rc = ksz_store_put_sighting(st, &sg, NULL, err);
    }
    if (rc == KSZ_OK)
        rc = ksz_store_commit(st, err);
    else
        ksz_store_rollback(st);
    ksz__free(v);
    return rc;
}
