/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fields.c - one indicator from named text fields: what a CSV row and a JSON
 * line have in common.
 *
 * A value with a declared type must be valid for that type; a value without
 * one is classified (ksz_ioc_classify). Either way a value that is no
 * observable is bad input: these are the line formats a person writes or a
 * script produces, where a wrong row is a mistake to report, not to skip.
 * Defanged values are refanged first ("1.2.3[.]4" is accepted).
 */
#include <stdio.h>
#include <string.h>
#include "formats_int.h"

static const struct {
    const char *name;
    enum ksz__field f;
} names[] = {
    {"value", KSZ_F_VALUE},     {"ioc", KSZ_F_VALUE},          {"indicator", KSZ_F_VALUE},
    {"observable", KSZ_F_VALUE}, {"type", KSZ_F_TYPE},         {"kind", KSZ_F_TYPE},
    {"confidence", KSZ_F_CONFIDENCE}, {"tlp", KSZ_F_TLP},      {"valid_from", KSZ_F_VALID_FROM},
    {"valid_until", KSZ_F_VALID_UNTIL}, {"description", KSZ_F_DESCRIPTION},
    {"comment", KSZ_F_DESCRIPTION}, {"threats", KSZ_F_THREATS}, {"threat", KSZ_F_THREATS},
    {"tags", KSZ_F_TAGS},       {"tag", KSZ_F_TAGS},           {"usage", KSZ_F_USAGE},
    {"source", KSZ_F_SOURCE},   {"labels", KSZ_F_LABELS},      {"id", KSZ_F_ID},
    {"stix_id", KSZ_F_ID},      {"name", KSZ_F_NAME},          {"attack_ids", KSZ_F_ATTACK},
    {"attack", KSZ_F_ATTACK},   {"kill_chain", KSZ_F_KILL_CHAIN},
    {"created", KSZ_F_CREATED}, {"modified", KSZ_F_MODIFIED},  {"commercial", KSZ_F_COMMERCIAL},
    {"revoked", KSZ_F_REVOKED}, {"pattern", KSZ_F_PATTERN},    {"report", KSZ_F_REPORT},
};

int ksz__field_from_name(const char *s, size_t len)
{
    /* every JSON line names its fields again: compare the first letter
     * before the whole name */
    char c = len > 0 && s[0] >= 'A' && s[0] <= 'Z' ? (char)(s[0] - 'A' + 'a') : len > 0 ? s[0] : 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].name[0] == c && strlen(names[i].name) == len &&
            strncasecmp(names[i].name, s, len) == 0)
            return (int)names[i].f;
    return -1;
}

const char *ksz__field_name(enum ksz__field f)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].f == f)
            return names[i].name;
    return "?";
}

void ksz__rowbuf_cleanup(struct ksz__rowbuf *rb)
{
    ksz_buf_cleanup(&rb->scratch);
    for (size_t i = 0; i < sizeof rb->lists / sizeof rb->lists[0]; i++)
        ksz__strvec_cleanup(&rb->lists[i]);
}

static ksz_rc bad(struct ksz_error *err, const char *name, uint64_t line, enum ksz__field f,
                  const char *what, const char *v, size_t l)
{
    char q[300];
    ksz_error_quote(v, l, q, sizeof q);
    return ksz_error_set(err, KSZ_ERR_PARSE, "%s:%llu: %s: expected %s, found \"%s\"", name,
                         (unsigned long long)line, ksz__field_name(f), what, q);
}

/* Canonicalise as t (or classify when t is NONE), refanging on a miss. */
static ksz_rc value_of(const char *v, size_t l, ksz_ioc_type *t, char *out, size_t cap)
{
    ksz_rc rc;
    char tmp[KSZ_IOC_VALUE_MAX + 1];
    struct ksz_refang_out ro = {tmp, sizeof tmp, 0, NULL, false};

    rc = *t != KSZ_IOC_NONE ? ksz_ioc_canon(*t, v, l, out, cap, NULL, NULL)
                            : ksz_ioc_classify(v, l, t, out, cap, NULL, NULL);
    if (rc == KSZ_OK || l > KSZ_IOC_VALUE_MAX)
        return rc;
    if (ksz_refang(v, l, &ro, NULL) != KSZ_OK || !ro.changed)
        return rc;
    return *t != KSZ_IOC_NONE ? ksz_ioc_canon(*t, ro.data, ro.len, out, cap, NULL, NULL)
                              : ksz_ioc_classify(ro.data, ro.len, t, out, cap, NULL, NULL);
}

static bool time_of(const char *v, size_t l, int64_t *out)
{
    uint64_t u;
    if (ksz__parse_u64(v, l, INT64_MAX, &u) == KSZ_OK) {
        *out = (int64_t)u;
        return true;
    }
    return ksz__time_parse(v, l, out) == KSZ_OK;
}

static void trim(const char **v, size_t *l)
{
    while (*l > 0 && (**v == ' ' || **v == '\t')) {
        (*v)++;
        (*l)--;
    }
    while (*l > 0 && ((*v)[*l - 1] == ' ' || (*v)[*l - 1] == '\t' || (*v)[*l - 1] == '\r'))
        (*l)--;
}

ksz_rc ksz__fields_emit(const struct ksz__fields *fin, struct ksz__rowbuf *rb, const char *name,
                        uint64_t line, const struct ksz_import_defaults *d,
                        const struct ksz_import_sink *sink, struct ksz_error *err)
{
    static const enum ksz__field listf[6] = {KSZ_F_THREATS, KSZ_F_TAGS, KSZ_F_LABELS,
                                             KSZ_F_ATTACK, KSZ_F_KILL_CHAIN, KSZ_F_USAGE};
    struct ksz__fields f = *fin;
    struct ksz_indicator ind;
    struct ksz_import_pos pos = {0, line};
    size_t offs[6];
    ksz_rc rc = KSZ_OK;

    for (int i = 0; i < KSZ_F__COUNT; i++)
        if (f.v[i] != NULL) {
            trim(&f.v[i], &f.l[i]);
            if (f.l[i] == 0)
                f.v[i] = NULL;
        }
    ksz__indicator_blank(&ind);
    if (f.v[KSZ_F_VALUE] == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s:%llu: expected a value", name,
                             (unsigned long long)line);
    if (f.v[KSZ_F_TYPE] != NULL &&
        ksz_ioc_type_from_name(f.v[KSZ_F_TYPE], f.l[KSZ_F_TYPE], &ind.type) != KSZ_OK)
        return bad(err, name, line, KSZ_F_TYPE, "an observable type", f.v[KSZ_F_TYPE],
                   f.l[KSZ_F_TYPE]);
    if (value_of(f.v[KSZ_F_VALUE], f.l[KSZ_F_VALUE], &ind.type, rb->canon,
                 sizeof rb->canon) != KSZ_OK)
        return bad(err, name, line, KSZ_F_VALUE,
                   ind.type != KSZ_IOC_NONE ? ksz_ioc_type_name(ind.type) : "an observable",
                   f.v[KSZ_F_VALUE], f.l[KSZ_F_VALUE]);
    ind.value = rb->canon;
    if (f.v[KSZ_F_CONFIDENCE] != NULL) {
        uint64_t c;
        if (ksz__parse_u64(f.v[KSZ_F_CONFIDENCE], f.l[KSZ_F_CONFIDENCE], 100, &c) != KSZ_OK)
            return bad(err, name, line, KSZ_F_CONFIDENCE, "a number 0..100",
                       f.v[KSZ_F_CONFIDENCE], f.l[KSZ_F_CONFIDENCE]);
        ind.confidence = (int)c;
    }
    if (f.v[KSZ_F_TLP] != NULL && ksz_tlp_parse(f.v[KSZ_F_TLP], f.l[KSZ_F_TLP], &ind.tlp) != KSZ_OK)
        return bad(err, name, line, KSZ_F_TLP, "a TLP (clear, green, amber, amber+strict, red)",
                   f.v[KSZ_F_TLP], f.l[KSZ_F_TLP]);
    {
        static const enum ksz__field tf[4] = {KSZ_F_VALID_FROM, KSZ_F_VALID_UNTIL, KSZ_F_CREATED,
                                              KSZ_F_MODIFIED};
        int64_t *dst[4] = {&ind.valid_from, &ind.valid_until, &ind.created, &ind.modified};
        for (int i = 0; i < 4; i++)
            if (f.v[tf[i]] != NULL && !time_of(f.v[tf[i]], f.l[tf[i]], dst[i]))
                return bad(err, name, line, tf[i], "an RFC 3339 time or Unix seconds",
                           f.v[tf[i]], f.l[tf[i]]);
    }
    if (f.v[KSZ_F_USAGE] != NULL &&
        ksz_usage_parse(f.v[KSZ_F_USAGE], f.l[KSZ_F_USAGE], &ind.usage, NULL) != KSZ_OK)
        return bad(err, name, line, KSZ_F_USAGE, "usage names", f.v[KSZ_F_USAGE],
                   f.l[KSZ_F_USAGE]);
    if (f.v[KSZ_F_COMMERCIAL] != NULL) {
        if (f.l[KSZ_F_COMMERCIAL] == 3 && strncasecmp(f.v[KSZ_F_COMMERCIAL], "yes", 3) == 0)
            ind.commercial = KSZ_COMMERCIAL_YES;
        else if (f.l[KSZ_F_COMMERCIAL] == 2 && strncasecmp(f.v[KSZ_F_COMMERCIAL], "no", 2) == 0)
            ind.commercial = KSZ_COMMERCIAL_NO;
    }
    if (f.v[KSZ_F_REVOKED] != NULL)
        ind.revoked = f.l[KSZ_F_REVOKED] == 4 && strncasecmp(f.v[KSZ_F_REVOKED], "true", 4) == 0;
    /* strings: copied NUL-terminated into the scratch buffer, lists split at ',' */
    ksz_buf_reset(&rb->scratch);
    {
        static const enum ksz__field sf[6] = {KSZ_F_DESCRIPTION, KSZ_F_SOURCE, KSZ_F_ID,
                                              KSZ_F_NAME, KSZ_F_PATTERN, KSZ_F_REPORT};
        size_t soffs[6];
        for (int i = 0; i < 6 && rc == KSZ_OK; i++) {
            soffs[i] = rb->scratch.len;
            if (f.v[sf[i]] != NULL)
                rc = ksz_buf_append(&rb->scratch, f.v[sf[i]], f.l[sf[i]]);
            if (rc == KSZ_OK)
                rc = ksz_buf_putc(&rb->scratch, '\0');
        }
        for (int i = 0; i < 6 && rc == KSZ_OK; i++) {
            offs[i] = rb->scratch.len;
            if (f.v[listf[i]] != NULL && listf[i] != KSZ_F_USAGE)
                rc = ksz_buf_append(&rb->scratch, f.v[listf[i]], f.l[listf[i]]);
            if (rc == KSZ_OK)
                rc = ksz_buf_putc(&rb->scratch, '\0');
        }
        if (rc != KSZ_OK)
            return ksz_error_set(err, rc, "%s:%llu: record too large", name,
                                 (unsigned long long)line);
        const char **sdst[6] = {&ind.description, &ind.source, &ind.stix_id, &ind.name,
                                &ind.pattern, &ind.report};
        for (int i = 0; i < 6; i++)
            *sdst[i] = f.v[sf[i]] != NULL ? rb->scratch.data + soffs[i] : NULL;
    }
    struct ksz_strlist *ldst[5] = {&ind.threats, &ind.tags, &ind.labels, &ind.attack_ids,
                                   &ind.kill_chain};
    for (int i = 0; i < 5 && rc == KSZ_OK; i++) {
        struct ksz__strvec *v = &rb->lists[i];
        char *p = rb->scratch.data + offs[i];
        v->n = 0;
        while (*p != '\0' && rc == KSZ_OK) {
            char *c = strchr(p, ',');
            char *e = c ? c : p + strlen(p);
            char *s = p;
            *e = '\0';
            while (*s == ' ')
                s++;
            for (char *t = e; t > s && t[-1] == ' ';)
                *--t = '\0';
            if (*s != '\0')
                rc = ksz__strvec_push(v, s);
            p = c ? c + 1 : e;
        }
        *ldst[i] = ksz__strvec_list(v);
    }
    if (rc != KSZ_OK)
        return ksz_error_set(err, rc, "%s:%llu: too many list entries", name,
                             (unsigned long long)line);
    return ksz__emit_indicator(sink, d, &ind, &pos, err);
}
