/* SPDX-License-Identifier: Apache-2.0 */
/*
 * collect.h - a struct ksz_import_sink for the readers' tests: it keeps a
 * one-line summary of every record, so tests can assert with strstr.
 */
#ifndef KSZ_TEST_COLLECT_H
#define KSZ_TEST_COLLECT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kizashi/formats.h"

#define COLLECT_MAX 4096

struct collect {
    char *ind[COLLECT_MAX];
    size_t nind;
    char *threat[COLLECT_MAX];
    size_t nthreat;
    char *report[64];
    size_t nreport;
    size_t nrel, nsight, npattern, nrefused, nskipped;
    char *rel[COLLECT_MAX];
    char *sight[64];
};

static inline void join(char *buf, size_t cap, const char *name, struct ksz_strlist l)
{
    size_t n = strlen(buf);
    n += (size_t)snprintf(buf + n, cap - n, " %s=", name);
    for (size_t i = 0; i < l.n && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? "," : "", l.items[i]);
}

static inline ksz_rc c_ind(void *user, const struct ksz_indicator *ind, const struct ksz_import_pos *pos,
                    struct ksz_error *err)
{
    struct collect *c = user;
    char buf[4096], ub[128];
    (void)pos;
    (void)err;
    snprintf(buf, sizeof buf, "%s %s id=%s tlp=%s conf=%d usage=%s from=%lld until=%lld "
             "src=%s desc=%s name=%s report=%s mod=%lld",
             ksz_ioc_type_name(ind->type), ind->value ? ind->value : "-",
             ind->stix_id ? ind->stix_id : "-", ksz_tlp_name(ind->tlp), ind->confidence,
             ksz_usage_format(ind->usage, ub, sizeof ub), (long long)ind->valid_from,
             (long long)ind->valid_until, ind->source ? ind->source : "-",
             ind->description ? ind->description : "-", ind->name ? ind->name : "-",
             ind->report ? ind->report : "-", (long long)ind->modified);
    join(buf, sizeof buf, "labels", ind->labels);
    join(buf, sizeof buf, "tags", ind->tags);
    join(buf, sizeof buf, "attack", ind->attack_ids);
    join(buf, sizeof buf, "kc", ind->kill_chain);
    join(buf, sizeof buf, "threats", ind->threats);
    if (c->nind < COLLECT_MAX)
        c->ind[c->nind++] = strdup(buf);
    return KSZ_OK;
}

static inline ksz_rc c_threat(void *user, const struct ksz_threat *t, struct ksz_error *err)
{
    struct collect *c = user;
    char buf[2048];
    (void)err;
    snprintf(buf, sizeof buf, "%s %s id=%s tlp=%s", ksz_threat_kind_name(t->kind), t->name,
             t->stix_id ? t->stix_id : "-", ksz_tlp_name(t->tlp));
    join(buf, sizeof buf, "aliases", t->aliases);
    join(buf, sizeof buf, "ext", t->external_ids);
    if (c->nthreat < COLLECT_MAX)
        c->threat[c->nthreat++] = strdup(buf);
    return KSZ_OK;
}

static inline ksz_rc c_report(void *user, const struct ksz_report *r, struct ksz_error *err)
{
    struct collect *c = user;
    char buf[4096];
    (void)err;
    snprintf(buf, sizeof buf, "%s id=%s tlp=%s src=%s pub=%lld", r->title,
             r->stix_id ? r->stix_id : "-", ksz_tlp_name(r->tlp), r->source ? r->source : "-",
             (long long)r->published);
    join(buf, sizeof buf, "refs", r->object_refs);
    join(buf, sizeof buf, "labels", r->labels);
    if (c->nreport < 64)
        c->report[c->nreport++] = strdup(buf);
    return KSZ_OK;
}

static inline ksz_rc c_rel(void *user, const struct ksz_relationship *r, struct ksz_error *err)
{
    struct collect *c = user;
    char buf[512];
    (void)err;
    snprintf(buf, sizeof buf, "%s %s %s", r->source_ref, r->type, r->target_ref);
    if (c->nrel < COLLECT_MAX)
        c->rel[c->nrel] = strdup(buf);
    c->nrel++;
    return KSZ_OK;
}

static inline ksz_rc c_sight(void *user, const struct ksz_sighting *s, struct ksz_error *err)
{
    struct collect *c = user;
    char buf[512];
    (void)err;
    snprintf(buf, sizeof buf, "%s kind=%s where=%s first=%lld count=%lld",
             s->sighting_of ? s->sighting_of : "-", ksz_sighting_kind_name(s->kind),
             s->where ? s->where : "-", (long long)s->first_seen, (long long)s->count);
    if (c->nsight < 64)
        c->sight[c->nsight] = strdup(buf);
    c->nsight++;
    return KSZ_OK;
}

static inline void c_note(void *user, const char *what, const char *detail,
                   const struct ksz_import_pos *pos)
{
    struct collect *c = user;
    (void)detail;
    (void)pos;
    if (strcmp(what, "pattern") == 0)
        c->npattern++;
    else if (strcmp(what, "refused") == 0)
        c->nrefused++;
    else
        c->nskipped++;
}

static inline struct ksz_import_sink collect_sink(struct collect *c)
{
    struct ksz_import_sink s = {c_ind, c_threat, c_report, c_rel, c_sight, c_note, c};
    memset(c, 0, sizeof *c);
    return s;
}

static inline void collect_free(struct collect *c)
{
    for (size_t i = 0; i < c->nind; i++)
        free(c->ind[i]);
    for (size_t i = 0; i < c->nthreat; i++)
        free(c->threat[i]);
    for (size_t i = 0; i < c->nreport; i++)
        free(c->report[i]);
    for (size_t i = 0; i < c->nrel && i < COLLECT_MAX; i++)
        free(c->rel[i]);
    for (size_t i = 0; i < c->nsight && i < 64; i++)
        free(c->sight[i]);
}

/* The first collected line holding every one of the NULL-terminated needles. */
static inline const char *find_line(char **lines, size_t n, const char *a, const char *b)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(lines[i], a) && (b == NULL || strstr(lines[i], b)))
            return lines[i];
    return NULL;
}

static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

#endif
