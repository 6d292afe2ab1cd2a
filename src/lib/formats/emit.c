/* SPDX-License-Identifier: Apache-2.0 */
/*
 * emit.c - the import's defaults applied to each record on its way to the
 * sink.
 *
 * The input's own values win: a flag fills only what the record leaves
 * unset. The one exception is the threat and the tags given by flag, which
 * are added to the record's own. --valid-for needs a start: when the input
 * gives none, the import's "now" is used, so the window is the flag's.
 */
#include "formats_int.h"

void ksz__indicator_blank(struct ksz_indicator *ind)
{
    *ind = (struct ksz_indicator){0};
    ind->confidence = -1;
    ind->tlp = KSZ_TLP_UNSET;
}

static ksz_rc merge(struct ksz__strvec *v, struct ksz_strlist own, struct ksz_strlist more,
                    const char *one)
{
    ksz_rc rc = KSZ_OK;
    for (size_t i = 0; i < own.n && rc == KSZ_OK; i++)
        rc = ksz__strvec_push_unique(v, own.items[i]);
    for (size_t i = 0; i < more.n && rc == KSZ_OK; i++)
        rc = ksz__strvec_push_unique(v, more.items[i]);
    if (one != NULL && rc == KSZ_OK)
        rc = ksz__strvec_push_unique(v, one);
    return rc;
}

ksz_rc ksz__emit_indicator(const struct ksz_import_sink *sink, const struct ksz_import_defaults *d,
                           const struct ksz_indicator *in, const struct ksz_import_pos *pos,
                           struct ksz_error *err)
{
    struct ksz_indicator ind = *in;
    struct ksz__strvec threats = {0}, tags = {0};
    static const struct ksz_strlist none = {0};
    ksz_rc rc = KSZ_OK;

    if (sink->indicator == NULL)
        return KSZ_OK;
    if (d != NULL) {
        if (ind.source == NULL)
            ind.source = d->source;
        if (ind.tlp == KSZ_TLP_UNSET)
            ind.tlp = d->tlp;
        if (ind.confidence < 0)
            ind.confidence = d->confidence;
        if (ind.usage == 0)
            ind.usage = d->usage;
        if (ind.report == NULL)
            ind.report = d->report;
        if (d->valid_for > 0 && ind.valid_until == 0) {
            if (ind.valid_from == 0)
                ind.valid_from = d->now;
            ind.valid_until = ind.valid_from + d->valid_for;
        }
        if (d->threat != NULL) {
            rc = merge(&threats, ind.threats, none, d->threat);
            ind.threats = ksz__strvec_list(&threats);
        }
        if (rc == KSZ_OK && d->tags.n > 0) {
            rc = merge(&tags, ind.tags, d->tags, NULL);
            ind.tags = ksz__strvec_list(&tags);
        }
    }
    if (rc == KSZ_OK)
        rc = sink->indicator(sink->user, &ind, pos, err);
    else
        rc = ksz_error_set(err, rc, "import: too many threats or tags");
    ksz__strvec_cleanup(&threats);
    ksz__strvec_cleanup(&tags);
    return rc;
}

ksz_rc ksz__emit_threat(const struct ksz_import_sink *sink, const struct ksz_import_defaults *d,
                        const struct ksz_threat *in, struct ksz_error *err)
{
    struct ksz_threat t = *in;
    if (sink->threat == NULL)
        return KSZ_OK;
    if (d != NULL && t.tlp == KSZ_TLP_UNSET)
        t.tlp = d->tlp;
    return sink->threat(sink->user, &t, err);
}

ksz_rc ksz__emit_report(const struct ksz_import_sink *sink, const struct ksz_import_defaults *d,
                        const struct ksz_report *in, struct ksz_error *err)
{
    struct ksz_report r = *in;
    if (sink->report == NULL)
        return KSZ_OK;
    if (d != NULL) {
        if (r.tlp == KSZ_TLP_UNSET)
            r.tlp = d->tlp;
        if (r.source == NULL)
            r.source = d->source;
    }
    return sink->report(sink->user, &r, err);
}

ksz_rc ksz__emit_relationship(const struct ksz_import_sink *sink,
                              const struct ksz_relationship *r, struct ksz_error *err)
{
    return sink->relationship ? sink->relationship(sink->user, r, err) : KSZ_OK;
}

ksz_rc ksz__emit_sighting(const struct ksz_import_sink *sink, const struct ksz_sighting *s,
                          struct ksz_error *err)
{
    return sink->sighting ? sink->sighting(sink->user, s, err) : KSZ_OK;
}

void ksz__emit_note(const struct ksz_import_sink *sink, const char *what, const char *detail,
                    const struct ksz_import_pos *pos)
{
    if (sink->note)
        sink->note(sink->user, what, detail, pos);
}
