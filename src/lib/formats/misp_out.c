/* SPDX-License-Identifier: Apache-2.0 */
/*
 * misp_out.c - one MISP event holding what the filter selects.
 *
 * The event is the report when the selection comes from exactly one report
 * (its uuid, title and dates), else an event derived from the data: its
 * uuid from the newest modification time and the count, its date from that
 * time. Each indicator is an attribute; threats become misp-galaxy tags,
 * ATT&CK ids mitre-attack-pattern galaxy tags, and the fields MISP has no
 * place for are kept in kizashi:* machine tags that misp_in.c reads back.
 * to_ids is false exactly when the indicator's only usage is detect-only.
 *
 * Two small passes come first (threat names, sightings per indicator, the
 * event's dates), then attributes stream out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats_int.h"

struct named {
    const char *id;
    const char *name;
    ksz_threat_kind kind;
};

struct sight {
    const char *of;
    int64_t when;
    ksz_sighting_kind kind;
    const char *where;
    int64_t count;
};

struct mo {
    struct ksz__out *o;
    struct ksz__strpool pool;
    struct named *threats;
    size_t nthreats, capthreats;
    struct sight *sights;
    size_t nsights, capsights;
    size_t nreports;
    const char *rep_id, *rep_title;
    int64_t rep_published, rep_modified;
    int64_t max_modified;
    uint64_t nind;
    ksz_tlp max_tlp;
    const char *source;      /* the one source of every indicator, if so */
    bool mixed_sources;
    bool first;
    bool nomem;
    struct ksz__strvec tags;
    struct ksz_buf tmp;
};

static const char *pdup(struct mo *m, const char *s)
{
    const char *c = s ? ksz__strpool_dup(&m->pool, s, strlen(s)) : NULL;
    if (s != NULL && c == NULL)
        m->nomem = true;
    return c;
}

static int pre_threat(const struct ksz_threat *t, void *user)
{
    struct mo *m = user;
    if (m->nthreats == m->capthreats) {
        size_t cap = m->capthreats ? m->capthreats * 2 : 64;
        struct named *p = ksz__realloc(m->threats, cap * sizeof *p);
        if (p == NULL) {
            m->nomem = true;
            return 1;
        }
        m->threats = p;
        m->capthreats = cap;
    }
    m->threats[m->nthreats].id = pdup(m, t->stix_id);
    m->threats[m->nthreats].name = pdup(m, t->name);
    m->threats[m->nthreats].kind = t->kind;
    m->nthreats++;
    return m->nomem;
}

static int pre_sighting(const struct ksz_sighting *s, void *user)
{
    struct mo *m = user;
    if (s->sighting_of == NULL)
        return 0;
    if (m->nsights == m->capsights) {
        size_t cap = m->capsights ? m->capsights * 2 : 64;
        struct sight *p = ksz__realloc(m->sights, cap * sizeof *p);
        if (p == NULL) {
            m->nomem = true;
            return 1;
        }
        m->sights = p;
        m->capsights = cap;
    }
    m->sights[m->nsights] = (struct sight){pdup(m, s->sighting_of),
                                           s->last_seen ? s->last_seen : s->first_seen, s->kind,
                                           pdup(m, s->where), s->count};
    m->nsights++;
    return m->nomem;
}

static int pre_report(const struct ksz_report *r, void *user)
{
    struct mo *m = user;
    if (m->nreports++ == 0) {
        m->rep_id = pdup(m, r->stix_id);
        m->rep_title = pdup(m, r->title);
        m->rep_published = r->published ? r->published : r->created;
        m->rep_modified = r->modified;
    }
    return m->nomem;
}

static int pre_ind(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                   void *user)
{
    struct mo *m = user;
    (void)state;
    if (ksz__ioc_to_misp_type(ind->type) == NULL)
        return 0;
    m->nind++;
    if (m->nind == 1)
        m->source = pdup(m, ind->source);
    else if (m->source == NULL || ind->source == NULL || strcmp(m->source, ind->source) != 0)
        m->mixed_sources = true;
    if (ind->modified > m->max_modified)
        m->max_modified = ind->modified;
    if ((unsigned)ind->tlp <= KSZ_TLP_RED && (m->max_tlp == KSZ_TLP_UNSET || ind->tlp > m->max_tlp))
        m->max_tlp = ind->tlp;
    return 0;
}

static const char *galaxy_of(ksz_threat_kind k)
{
    switch (k) {
    case KSZ_THREAT_MALWARE: return "mitre-malware";
    case KSZ_THREAT_TOOL: return "mitre-tool";
    case KSZ_THREAT_ACTOR: return "threat-actor";
    case KSZ_THREAT_INTRUSION_SET: return "mitre-intrusion-set";
    case KSZ_THREAT_CAMPAIGN: return "campaign";
    case KSZ_THREAT_ATTACK_PATTERN: return "mitre-attack-pattern";
    case KSZ_THREAT_VULNERABILITY: return "vulnerability";
    }
    return "threat-actor";
}

static const char *category_of(ksz_ioc_type t)
{
    switch (t) {
    case KSZ_IOC_MD5: case KSZ_IOC_SHA1: case KSZ_IOC_SHA256: case KSZ_IOC_SHA512:
    case KSZ_IOC_FILENAME: case KSZ_IOC_EMAIL:
        return "Payload delivery";
    case KSZ_IOC_CVE: return "External analysis";
    case KSZ_IOC_BTC: return "Financial fraud";
    default: return "Network activity";
    }
}

/* A tag made here from up to four pieces (NULL = none), kept in the pool. */
static void add_tag(struct mo *m, const char *a, const char *b, const char *c, const char *d)
{
    const char *parts[4] = {a, b, c, d}, *s;
    ksz_buf_reset(&m->tmp);
    for (int i = 0; i < 4; i++)
        if (parts[i] != NULL && ksz_buf_append(&m->tmp, parts[i], strlen(parts[i])) != KSZ_OK) {
            m->nomem = true;
            return;
        }
    if (m->tmp.data == NULL)
        return;
    for (size_t i = 0; i < m->tags.n; i++)
        if (strcmp(m->tags.items[i], m->tmp.data) == 0)
            return;
    s = ksz__strpool_dup(&m->pool, m->tmp.data, m->tmp.len);
    if (s == NULL || ksz__strvec_push(&m->tags, s) != KSZ_OK)
        m->nomem = true;
}

/* NS PRED="VALUE": misp-galaxy:GALAXY="NAME", kill-chain:CHAIN="PHASE" (ns NULL). */
static void galaxy_tag(struct mo *m, const char *ns, const char *pred, const char *name)
{
    struct ksz_buf t;
    ksz_buf_init(&t, 0);
    if (ksz_buf_printf(&t, "%s%s=\"", ns ? ns : "kill-chain:", pred) == KSZ_OK &&
        ksz_buf_append(&t, name, strlen(name)) == KSZ_OK && ksz_buf_putc(&t, '"') == KSZ_OK)
        add_tag(m, t.data, NULL, NULL, NULL);
    else
        m->nomem = true;
    ksz_buf_cleanup(&t);
}

static void write_tags(struct mo *m)
{
    struct ksz__out *o = m->o;
    ksz__out_str(o, ",\"Tag\":[");
    for (size_t i = 0; i < m->tags.n; i++) {
        ksz__out_str(o, i ? ",{\"name\":" : "{\"name\":");
        ksz__out_jstr(o, m->tags.items[i]);
        ksz__out_str(o, "}");
    }
    ksz__out_str(o, "]");
}

static const char *uuid_of(const char *stix_id)
{
    const char *dd = stix_id ? strstr(stix_id, "--") : NULL;
    return dd ? dd + 2 : stix_id;
}

static int cmp_sight(const void *a, const void *b)
{
    const struct sight *x = a, *y = b;
    int c = strcmp(x->of, y->of);
    if (c == 0)
        c = (x->when > y->when) - (x->when < y->when);
    return c;
}

/* Index of the first sighting of id (sights sorted by cmp_sight). */
static size_t first_sight(const struct mo *m, const char *id)
{
    size_t lo = 0, hi = m->nsights;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(m->sights[mid].of, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int on_ind(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                  void *user)
{
    struct mo *m = user;
    struct ksz__out *o = m->o;
    const char *type = ksz__ioc_to_misp_type(ind->type);
    char ub[256], tb[32], num[16];
    size_t pool_mark = m->pool.n;
    bool any = false;

    (void)state;
    if (type == NULL)
        return 0;
    m->tags.n = 0;
    if ((unsigned)ind->tlp <= KSZ_TLP_RED)
        add_tag(m, "tlp:", ksz_tlp_name(ind->tlp), NULL, NULL);
    if (ind->usage) {
        ksz_usage_format(ind->usage, ub, sizeof ub);
        add_tag(m, "kizashi:usage=\"", ub, "\"", NULL);
    }
    if (ind->confidence >= 0) {
        snprintf(num, sizeof num, "%d", ind->confidence);
        add_tag(m, "kizashi:confidence=\"", num, "\"", NULL);
    }
    if (ind->valid_from)
        add_tag(m, "kizashi:valid-from=\"", ksz__time_format(ind->valid_from, tb), "\"", NULL);
    if (ind->valid_until)
        add_tag(m, "kizashi:valid-until=\"", ksz__time_format(ind->valid_until, tb), "\"", NULL);
    if (ind->commercial != KSZ_COMMERCIAL_UNKNOWN)
        add_tag(m, "kizashi:commercial=\"", ind->commercial == KSZ_COMMERCIAL_YES ? "yes" : "no",
                "\"", NULL);
    for (size_t i = 0; i < ind->labels.n; i++)
        add_tag(m, "kizashi:label=\"", ind->labels.items[i], "\"", NULL);
    for (size_t i = 0; i < ind->kill_chain.n; i++) {
        const char *kc = ind->kill_chain.items[i], *colon = strchr(kc, ':');
        char name[256];
        if (colon == NULL || (size_t)(colon - kc) >= sizeof name)
            continue;
        memcpy(name, kc, (size_t)(colon - kc));
        name[colon - kc] = '\0';
        galaxy_tag(m, NULL, name, colon + 1);
    }
    for (size_t i = 0; i < ind->threats.n; i++) {
        const char *t = ind->threats.items[i];
        for (size_t k = 0; k < m->nthreats; k++)
            if (m->threats[k].id && strcmp(m->threats[k].id, t) == 0 && m->threats[k].name)
                galaxy_tag(m, "misp-galaxy:", galaxy_of(m->threats[k].kind), m->threats[k].name);
    }
    for (size_t i = 0; i < ind->attack_ids.n; i++)
        galaxy_tag(m, "misp-galaxy:", "mitre-attack-pattern", ind->attack_ids.items[i]);
    for (size_t i = 0; i < ind->tags.n; i++)
        add_tag(m, ind->tags.items[i], NULL, NULL, NULL);
    if (!m->first)
        ksz__out_str(o, ",\n");
    m->first = false;
    ksz__out_str(o, "{\"uuid\":");
    ksz__out_jstr(o, uuid_of(ind->stix_id));
    ksz__out_str(o, ",\"type\":");
    ksz__out_jstr(o, type);
    ksz__out_str(o, ",\"category\":");
    ksz__out_jstr(o, category_of(ind->type));
    ksz__out_str(o, ",\"value\":");
    ksz__out_jstr(o, ind->value);
    ksz__out_printf(o, ",\"to_ids\":%s", ind->usage == KSZ_USAGE_DETECT_ONLY ? "false" : "true");
    ksz__out_str(o, ",\"comment\":");
    ksz__out_jstr(o, ind->description ? ind->description : "");
    ksz__out_printf(o, ",\"timestamp\":\"%lld\",\"distribution\":\"5\",\"deleted\":false",
                    (long long)ind->modified);
    write_tags(m);
    for (size_t k = ind->stix_id ? first_sight(m, ind->stix_id) : m->nsights; k < m->nsights;
         k++) {
        struct sight *g = &m->sights[k];
        if (strcmp(g->of, ind->stix_id) != 0)
            break;
        ksz__out_str(o, any ? "," : ",\"Sighting\":[");
        any = true;
        ksz__out_printf(o, "{\"type\":\"%d\",\"date_sighting\":\"%lld\"",
                        g->kind == KSZ_SIGHTING_FALSE_POSITIVE ? 1 : 0, (long long)g->when);
        ksz__out_kv(o, "source", g->where);
        ksz__out_str(o, "}");
    }
    if (any)
        ksz__out_str(o, "]");
    ksz__out_str(o, "}");
    ksz__out_maybe_flush(o);
    /* drop the tags made for this attribute */
    for (size_t i = pool_mark; i < m->pool.n; i++)
        ksz__free(m->pool.items[i]);
    m->pool.n = pool_mark;
    return o->rc != KSZ_OK || m->nomem;
}

ksz_rc ksz__export_misp(struct ksz_store *st, const struct ksz_filter *f, struct ksz__out *o,
                        struct ksz_error *err)
{
    struct mo m = {.o = o, .max_tlp = KSZ_TLP_UNSET, .first = true};
    char uuid_buf[80], tb[32];
    const char *uuid, *info;
    int64_t ts, date;
    ksz_rc rc;

    ksz_buf_init(&m.tmp, 0);
    rc = ksz_store_each_threat(st, f, pre_threat, &m, err);
    if (rc == KSZ_OK)
        rc = ksz_store_each_sighting(st, f, pre_sighting, &m, err);
    if (rc == KSZ_OK)
        rc = ksz_store_each_report(st, f, pre_report, &m, err);
    if (rc == KSZ_OK)
        rc = ksz_store_each_indicator(st, f, pre_ind, &m, err);
    if (rc == KSZ_OK && m.nomem)
        rc = ksz_error_set(err, KSZ_ERR_NOMEM, "export: out of memory");
    if (rc != KSZ_OK)
        goto out;
    if (m.nsights > 1)
        qsort(m.sights, m.nsights, sizeof *m.sights, cmp_sight);
    if (m.nreports == 1 && m.rep_id != NULL) {
        uuid = uuid_of(m.rep_id);
        info = m.rep_title;
        ts = m.rep_modified > m.max_modified ? m.rep_modified : m.max_modified;
        date = m.rep_published ? m.rep_published : ts;
    } else {
        char name[96];
        int n = snprintf(name, sizeof name, "kizashi-export|%lld|%llu", (long long)m.max_modified,
                         (unsigned long long)m.nind);
        uuid = uuid_of(ksz_stix_id_derive("report", name, (size_t)n, uuid_buf));
        info = "kizashi export";
        ts = date = m.max_modified;
    }
    ksz__out_str(o, "{\"Event\":{\"uuid\":");
    ksz__out_jstr(o, uuid);
    ksz__out_str(o, ",\"info\":");
    ksz__out_jstr(o, info ? info : "kizashi export");
    ksz__out_printf(o, ",\"date\":\"%s\"", ksz__date_format(date, tb));
    ksz__out_printf(o, ",\"timestamp\":\"%lld\",\"publish_timestamp\":\"%lld\"", (long long)ts,
                    (long long)date);
    ksz__out_str(o, ",\"published\":false,\"analysis\":\"2\",\"threat_level_id\":\"4\","
                    "\"distribution\":\"0\",\"Orgc\":{\"name\":");
    ksz__out_jstr(o, m.source != NULL && !m.mixed_sources ? m.source : "kizashi");
    ksz__out_str(o, "}");
    m.tags.n = 0;
    if ((unsigned)m.max_tlp <= KSZ_TLP_RED)
        add_tag(&m, "tlp:", ksz_tlp_name(m.max_tlp), NULL, NULL);
    write_tags(&m);
    ksz__out_str(o, ",\"Attribute\":[\n");
    rc = ksz_store_each_indicator(st, f, on_ind, &m, err);
    if (rc == KSZ_OK && m.nomem)
        rc = ksz_error_set(err, KSZ_ERR_NOMEM, "export: out of memory");
    if (rc == KSZ_OK) {
        ksz__out_str(o, "\n]}}\n");
        rc = o->rc;
    }
out:
    ksz__strvec_cleanup(&m.tags);
    ksz__strpool_cleanup(&m.pool);
    ksz__free(m.threats);
    ksz__free(m.sights);
    ksz_buf_cleanup(&m.tmp);
    return rc;
}
