/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_sink.h - a sink that touches every field it is handed, so the
 * sanitizers see a reader that leaves a dangling or unterminated string. */
#ifndef KSZ_FUZZ_SINK_H
#define KSZ_FUZZ_SINK_H

#include <string.h>
#include "kizashi/formats.h"

static size_t fz_touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static size_t fz_list(struct ksz_strlist l)
{
    size_t n = 0;
    for (size_t i = 0; i < l.n; i++)
        n += fz_touch(l.items[i]);
    return n;
}

static volatile size_t fz_sum;

static ksz_rc fz_ind(void *u, const struct ksz_indicator *i, const struct ksz_import_pos *p,
                     struct ksz_error *e)
{
    (void)u, (void)p, (void)e;
    fz_sum += fz_touch(i->stix_id) + fz_touch(i->value) + fz_touch(i->pattern) +
              fz_touch(i->name) + fz_touch(i->description) + fz_touch(i->source) +
              fz_touch(i->report) + fz_list(i->labels) + fz_list(i->tags) +
              fz_list(i->attack_ids) + fz_list(i->kill_chain) + fz_list(i->threats);
    return KSZ_OK;
}

static ksz_rc fz_threat(void *u, const struct ksz_threat *t, struct ksz_error *e)
{
    (void)u, (void)e;
    fz_sum += fz_touch(t->stix_id) + fz_touch(t->name) + fz_touch(t->description) +
              fz_list(t->aliases) + fz_list(t->external_ids);
    return KSZ_OK;
}

static ksz_rc fz_report(void *u, const struct ksz_report *r, struct ksz_error *e)
{
    (void)u, (void)e;
    fz_sum += fz_touch(r->stix_id) + fz_touch(r->title) + fz_touch(r->description) +
              fz_touch(r->source) + fz_list(r->object_refs) + fz_list(r->labels);
    return KSZ_OK;
}

static ksz_rc fz_rel(void *u, const struct ksz_relationship *r, struct ksz_error *e)
{
    (void)u, (void)e;
    fz_sum += fz_touch(r->stix_id) + fz_touch(r->source_ref) + fz_touch(r->type) +
              fz_touch(r->target_ref) + fz_touch(r->description);
    return KSZ_OK;
}

static ksz_rc fz_sight(void *u, const struct ksz_sighting *s, struct ksz_error *e)
{
    (void)u, (void)e;
    fz_sum += fz_touch(s->stix_id) + fz_touch(s->sighting_of) + fz_touch(s->value) +
              fz_touch(s->where);
    return KSZ_OK;
}

static void fz_note(void *u, const char *w, const char *d, const struct ksz_import_pos *p)
{
    (void)u, (void)p;
    fz_sum += fz_touch(w) + fz_touch(d);
}

static const struct ksz_import_sink fz_sink = {fz_ind, fz_threat, fz_report, fz_rel,
                                               fz_sight, fz_note, NULL};

#endif
