/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stix_in.c - reading STIX 2.1 and 2.0 bundles into model records.
 *
 * The bundle is streamed (json_stream.c): each element of "objects" is
 * parsed alone with jansson and dropped, so memory stays bounded whatever
 * the bundle's size. The only state kept across objects is small: the names
 * of identities (for created_by_ref -> source), custom TLP marking ids, and
 * the ids given to the extra observables of multi-observable indicators.
 *
 * An indicator whose pattern names several observables becomes one record
 * per observable (the model's indicator is a claim about one observable);
 * the first keeps the STIX id, the others get ids derived from it, and a
 * relationship read after the indicator is repeated for each of them. A
 * pattern outside the subset names no observable the store could keep: it is
 * reported through the sink's note ("pattern") and counted in the import
 * summary, never dropped silently.
 */
#include <stdio.h>
#include <string.h>
#include "formats_int.h"

#define STIX_OBJECT_MAX (64u * 1024u * 1024u)
#define STIX_MAP_MAX 100000u

struct idpair {
    const char *a, *b;
};

struct ksz_stix_reader {
    char *name;
    const struct ksz_import_defaults *d;
    const struct ksz_import_sink *sink;
    struct ksz__jstream *js;
    struct ksz__strpool pool;
    struct idpair *identities;   /* identity id -> name */
    size_t nident, capident;
    struct idpair *markings;     /* custom marking id -> tlp name */
    size_t nmark, capmark;
    struct idpair *splits;       /* indicator id -> extra indicator id */
    size_t nsplit, capsplit;
};

static ksz_rc map_add(struct ksz_stix_reader *r, struct idpair **v, size_t *n, size_t *cap,
                      const char *a, const char *b)
{
    const char *ca, *cb;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        struct idpair *p;
        if (nc > STIX_MAP_MAX)
            return KSZ_ERR_LIMIT;
        p = ksz__realloc(*v, nc * sizeof *p);
        if (p == NULL)
            return KSZ_ERR_NOMEM;
        *v = p;
        *cap = nc;
    }
    ca = ksz__strpool_dup(&r->pool, a, strlen(a));
    cb = ca ? ksz__strpool_dup(&r->pool, b, strlen(b)) : NULL;
    if (cb == NULL)
        return KSZ_ERR_NOMEM;
    (*v)[*n].a = ca;
    (*v)[*n].b = cb;
    (*n)++;
    return KSZ_OK;
}

static const char *map_get(const struct idpair *v, size_t n, const char *a)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].a, a) == 0)
            return v[i].b;
    return NULL;
}

/* ---- common properties ---- */

static ksz_tlp markings_tlp(struct ksz_stix_reader *r, const json_t *o)
{
    json_t *refs = json_object_get(o, "object_marking_refs"), *v;
    size_t i;
    ksz_tlp best = KSZ_TLP_UNSET, t;

    json_array_foreach(refs, i, v) {
        const char *id = json_string_value(v), *name;
        if (id == NULL)
            continue;
        if (ksz__tlp_from_marking_id(id, &t) != KSZ_OK) {
            name = map_get(r->markings, r->nmark, id);
            if (name == NULL || ksz_tlp_parse(name, strlen(name), &t) != KSZ_OK)
                continue;
        }
        if (best == KSZ_TLP_UNSET || t > best)   /* the strictest marking wins */
            best = t;
    }
    return best;
}

static ksz_rc strlist_of(const json_t *arr, struct ksz__strvec *v)
{
    size_t i;
    json_t *e;
    ksz_rc rc = KSZ_OK;
    json_array_foreach(arr, i, e) {
        if (json_is_string(e) && rc == KSZ_OK)
            rc = ksz__strvec_push(v, json_string_value(e));
    }
    return rc;
}

static const char *source_of(struct ksz_stix_reader *r, const json_t *o)
{
    const char *ref = ksz__json_str(o, "created_by_ref", NULL);
    return ref ? map_get(r->identities, r->nident, ref) : NULL;
}

/* ---- indicators ---- */

struct ind_ctx {
    struct ksz_stix_reader *r;
    struct ksz_indicator *ind;
    const struct ksz_import_pos *pos;
    struct ksz_error *err;
    size_t k;
};

static ksz_rc pattern_obs(ksz_ioc_type t, const char *value, size_t len, void *user)
{
    struct ind_ctx *c = user;
    struct ksz_indicator ind = *c->ind;
    char idbuf[80];
    ksz_rc rc;

    (void)len;
    ind.type = t;
    ind.value = value;
    if (c->k > 0 && c->ind->stix_id != NULL) {
        struct ksz_buf nm;
        ksz_buf_init(&nm, 0);
        rc = ksz_buf_printf(&nm, "%s|%s|%s", c->ind->stix_id, ksz_ioc_type_name(t), value);
        if (rc == KSZ_OK)
            ind.stix_id = ksz_stix_id_derive("indicator", nm.data, nm.len, idbuf);
        ksz_buf_cleanup(&nm);
        if (rc == KSZ_OK)
            rc = map_add(c->r, &c->r->splits, &c->r->nsplit, &c->r->capsplit, c->ind->stix_id,
                         ind.stix_id);
        if (rc != KSZ_OK)
            return ksz_error_set(c->err, rc, "stix: too many multi-observable indicators");
    }
    c->k++;
    return ksz__emit_indicator(c->r->sink, c->r->d, &ind, c->pos, c->err);
}

static ksz_rc read_indicator(struct ksz_stix_reader *r, const json_t *o,
                             const struct ksz_import_pos *pos, struct ksz_error *err)
{
    struct ksz_indicator ind;
    struct ksz__strvec labels = {0}, kc = {0}, attack = {0}, tags = {0};
    struct ksz_buf kcbuf;
    struct ksz_error perr = {0};
    const char *ptype = ksz__json_str(o, "pattern_type", NULL);
    size_t plen = 0, i;
    json_t *v;
    ksz_rc rc = KSZ_OK;

    ksz__indicator_blank(&ind);
    ksz_buf_init(&kcbuf, 1u << 20);
    ind.stix_id = ksz__json_str(o, "id", NULL);
    ind.pattern = ksz__json_str(o, "pattern", &plen);
    ind.name = ksz__json_str(o, "name", NULL);
    ind.description = ksz__json_str(o, "description", NULL);
    ind.created = ksz__json_time(o, "created");
    ind.modified = ksz__json_time(o, "modified");
    ind.valid_from = ksz__json_time(o, "valid_from");
    ind.valid_until = ksz__json_time(o, "valid_until");
    ind.confidence = (int)ksz__json_int(o, "confidence", -1);
    if (ind.confidence > 100)
        ind.confidence = 100;
    ind.revoked = ksz__json_bool(o, "revoked", false);
    ind.tlp = markings_tlp(r, o);
    ind.source = source_of(r, o);
    rc = strlist_of(json_object_get(o, "labels"), &labels);
    if (rc == KSZ_OK)
        rc = strlist_of(json_object_get(o, "x_kizashi_tags"), &tags);
    /* kill chain: "name:phase", kept in one buffer of NUL-separated strings */
    json_array_foreach(json_object_get(o, "kill_chain_phases"), i, v) {
        const char *kn = ksz__json_str(v, "kill_chain_name", NULL);
        const char *pn = ksz__json_str(v, "phase_name", NULL);
        if (kn && pn && rc == KSZ_OK)
            rc = ksz_buf_printf(&kcbuf, "%s:%s%c", kn, pn, '\0');
    }
    json_array_foreach(json_object_get(o, "external_references"), i, v) {
        const char *sn = ksz__json_str(v, "source_name", NULL);
        const char *eid = ksz__json_str(v, "external_id", NULL);
        if (sn && eid && strstr(sn, "attack") != NULL && rc == KSZ_OK)
            rc = ksz__strvec_push(&attack, eid);
    }
    for (size_t off = 0; rc == KSZ_OK && off < kcbuf.len; off += strlen(kcbuf.data + off) + 1)
        rc = ksz__strvec_push(&kc, kcbuf.data + off);
    v = json_object_get(o, "x_kizashi_usage");
    if (json_is_array(v)) {
        json_t *u;
        json_array_foreach(v, i, u) {
            uint32_t bits = 0;
            if (json_is_string(u) &&
                ksz_usage_parse(json_string_value(u), json_string_length(u), &bits, NULL) == KSZ_OK)
                ind.usage |= bits;
        }
    }
    {
        const char *cm = ksz__json_str(o, "x_kizashi_commercial", NULL);
        if (cm && strcmp(cm, "yes") == 0)
            ind.commercial = KSZ_COMMERCIAL_YES;
        else if (cm && strcmp(cm, "no") == 0)
            ind.commercial = KSZ_COMMERCIAL_NO;
    }
    if (rc != KSZ_OK) {
        rc = ksz_error_set(err, rc, "byte offset %llu: indicator too large",
                           (unsigned long long)pos->offset);
        goto out;
    }
    ind.labels = ksz__strvec_list(&labels);
    ind.kill_chain = ksz__strvec_list(&kc);
    ind.attack_ids = ksz__strvec_list(&attack);
    ind.tags = ksz__strvec_list(&tags);
    if (ind.pattern == NULL) {
        rc = ksz_error_set(err, KSZ_ERR_PARSE, "byte offset %llu: indicator %s: expected a "
                           "\"pattern\"", (unsigned long long)pos->offset,
                           ind.stix_id ? ind.stix_id : "(no id)");
        goto out;
    }
    if (ptype == NULL || strcmp(ptype, "stix") == 0) {
        struct ind_ctx c = {r, &ind, pos, err, 0};
        rc = ksz_stix_pattern_parse(ind.pattern, plen, pattern_obs, &c, &perr);
        if (rc == KSZ_OK || c.k > 0)
            goto out;      /* done, or the sink failed mid-way */
        if (rc != KSZ_ERR_PARSE && rc != KSZ_ERR_LIMIT)
            goto out;
    }
    /* outside the subset: the store keeps indicators of observables only, so
     * the pattern is counted and named in the summary, never dropped unseen */
    ksz__emit_note(r->sink, "pattern", ind.stix_id, pos);
    rc = KSZ_OK;
out:
    ksz_buf_cleanup(&kcbuf);
    ksz__strvec_cleanup(&labels);
    ksz__strvec_cleanup(&kc);
    ksz__strvec_cleanup(&attack);
    ksz__strvec_cleanup(&tags);
    return rc;
}

/* ---- observables (SCOs) ---- */

static ksz_rc sco_value(struct ksz_stix_reader *r, const json_t *o, ksz_ioc_type t,
                        const char *v, size_t vlen, const struct ksz_import_pos *pos,
                        struct ksz_error *err)
{
    char canon[KSZ_IOC_VALUE_MAX + 1];
    struct ksz_indicator ind;
    ksz_rc rc;

    rc = ksz_ioc_canon(t, v, vlen, canon, sizeof canon, NULL, NULL);
    if (rc != KSZ_OK && (t == KSZ_IOC_IPV4 || t == KSZ_IOC_IPV6)) {
        t = t == KSZ_IOC_IPV4 ? KSZ_IOC_CIDR4 : KSZ_IOC_CIDR6;
        rc = ksz_ioc_canon(t, v, vlen, canon, sizeof canon, NULL, NULL);
    }
    if (rc != KSZ_OK) {
        ksz__emit_note(r->sink, "refused", ksz__json_str(o, "id", NULL), pos);
        return KSZ_OK;
    }
    ksz__indicator_blank(&ind);
    ind.type = t;
    ind.value = canon;
    ind.tlp = markings_tlp(r, o);
    ind.source = source_of(r, o);
    return ksz__emit_indicator(r->sink, r->d, &ind, pos, err);
}

static ksz_rc read_sco(struct ksz_stix_reader *r, const json_t *o, ksz_ioc_type t,
                       const struct ksz_import_pos *pos, struct ksz_error *err)
{
    size_t vlen = 0;
    const char *v;
    ksz_rc rc = KSZ_OK;

    if (t != KSZ_IOC_NONE) {
        v = ksz__json_str(o, "value", &vlen);
        if (v == NULL)
            return ksz_error_set(err, KSZ_ERR_PARSE, "byte offset %llu: expected a \"value\"",
                                 (unsigned long long)pos->offset);
        return sco_value(r, o, t, v, vlen, pos, err);
    }
    /* file: its hashes */
    json_t *h = json_object_get(o, "hashes"), *hv;
    const char *hk;
    json_object_foreach(h, hk, hv) {
        ksz_ioc_type ht = KSZ_IOC_NONE;
        if (!json_is_string(hv))
            continue;
        if (strcasecmp(hk, "MD5") == 0)
            ht = KSZ_IOC_MD5;
        else if (strcasecmp(hk, "SHA-1") == 0 || strcasecmp(hk, "SHA1") == 0)
            ht = KSZ_IOC_SHA1;
        else if (strcasecmp(hk, "SHA-256") == 0 || strcasecmp(hk, "SHA256") == 0)
            ht = KSZ_IOC_SHA256;
        else if (strcasecmp(hk, "SHA-512") == 0 || strcasecmp(hk, "SHA512") == 0)
            ht = KSZ_IOC_SHA512;
        if (ht != KSZ_IOC_NONE && rc == KSZ_OK)
            rc = sco_value(r, o, ht, json_string_value(hv), json_string_length(hv), pos, err);
    }
    return rc;
}

/* ---- threats ---- */

static ksz_rc read_threat(struct ksz_stix_reader *r, const json_t *o, ksz_threat_kind kind,
                          const struct ksz_import_pos *pos, struct ksz_error *err)
{
    struct ksz_threat t = {0};
    struct ksz__strvec aliases = {0}, ext = {0};
    struct ksz__strpool tmp = {0};
    json_t *v;
    size_t i;
    ksz_rc rc;

    t.stix_id = ksz__json_str(o, "id", NULL);
    t.kind = kind;
    t.name = ksz__json_str(o, "name", NULL);
    t.description = ksz__json_str(o, "description", NULL);
    t.created = ksz__json_time(o, "created");
    t.modified = ksz__json_time(o, "modified");
    t.revoked = ksz__json_bool(o, "revoked", false);
    t.tlp = markings_tlp(r, o);
    if (t.name == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "byte offset %llu: %s %s: expected a \"name\"",
                             (unsigned long long)pos->offset, ksz_threat_kind_name(kind),
                             t.stix_id ? t.stix_id : "(no id)");
    rc = strlist_of(json_object_get(o, "aliases"), &aliases);
    if (rc == KSZ_OK)
        rc = strlist_of(json_object_get(o, "x_mitre_aliases"), &aliases);
    json_array_foreach(json_object_get(o, "external_references"), i, v) {
        const char *sn = ksz__json_str(v, "source_name", NULL);
        const char *eid = ksz__json_str(v, "external_id", NULL);
        const char *s;
        char buf[300];
        if (sn == NULL || eid == NULL || rc != KSZ_OK)
            continue;
        if (strcmp(sn, "cve") == 0)
            snprintf(buf, sizeof buf, "cve:%s", eid);
        else if (strstr(sn, "attack") != NULL)
            snprintf(buf, sizeof buf, "mitre-attack:%s", eid);
        else
            snprintf(buf, sizeof buf, "%s:%s", sn, eid);
        s = ksz__strpool_dup(&tmp, buf, strlen(buf));
        rc = s ? ksz__strvec_push_unique(&ext, s) : KSZ_ERR_NOMEM;
    }
    if (rc == KSZ_OK) {
        t.aliases = ksz__strvec_list(&aliases);
        t.external_ids = ksz__strvec_list(&ext);
        rc = ksz__emit_threat(r->sink, r->d, &t, err);
    } else {
        rc = ksz_error_set(err, rc, "byte offset %llu: object too large",
                           (unsigned long long)pos->offset);
    }
    ksz__strvec_cleanup(&aliases);
    ksz__strvec_cleanup(&ext);
    ksz__strpool_cleanup(&tmp);
    return rc;
}

static ksz_rc read_report(struct ksz_stix_reader *r, const json_t *o,
                          const struct ksz_import_pos *pos, struct ksz_error *err)
{
    struct ksz_report rep = {0};
    struct ksz__strvec refs = {0}, labels = {0};
    ksz_rc rc;

    rep.stix_id = ksz__json_str(o, "id", NULL);
    rep.title = ksz__json_str(o, "name", NULL);
    rep.description = ksz__json_str(o, "description", NULL);
    rep.published = ksz__json_time(o, "published");
    rep.created = ksz__json_time(o, "created");
    rep.modified = ksz__json_time(o, "modified");
    rep.tlp = markings_tlp(r, o);
    rep.source = source_of(r, o);
    if (rep.title == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "byte offset %llu: report: expected a \"name\"",
                             (unsigned long long)pos->offset);
    rc = strlist_of(json_object_get(o, "object_refs"), &refs);
    if (rc == KSZ_OK)
        rc = strlist_of(json_object_get(o, "labels"), &labels);
    /* the extra observables of split indicators belong to the report too */
    for (size_t i = 0, n = refs.n; rc == KSZ_OK && i < n; i++)
        for (size_t k = 0; rc == KSZ_OK && k < r->nsplit; k++)
            if (strcmp(r->splits[k].a, refs.items[i]) == 0)
                rc = ksz__strvec_push(&refs, r->splits[k].b);
    if (rc == KSZ_OK) {
        rep.object_refs = ksz__strvec_list(&refs);
        rep.labels = ksz__strvec_list(&labels);
        rc = ksz__emit_report(r->sink, r->d, &rep, err);
    } else {
        rc = ksz_error_set(err, rc, "byte offset %llu: report too large",
                           (unsigned long long)pos->offset);
    }
    ksz__strvec_cleanup(&refs);
    ksz__strvec_cleanup(&labels);
    return rc;
}

static ksz_rc read_relationship(struct ksz_stix_reader *r, const json_t *o,
                                const struct ksz_import_pos *pos, struct ksz_error *err)
{
    struct ksz_relationship rel = {0};
    ksz_rc rc;

    rel.stix_id = ksz__json_str(o, "id", NULL);
    rel.source_ref = ksz__json_str(o, "source_ref", NULL);
    rel.type = ksz__json_str(o, "relationship_type", NULL);
    rel.target_ref = ksz__json_str(o, "target_ref", NULL);
    rel.description = ksz__json_str(o, "description", NULL);
    rel.created = ksz__json_time(o, "created");
    rel.modified = ksz__json_time(o, "modified");
    if (rel.source_ref == NULL || rel.type == NULL || rel.target_ref == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "byte offset %llu: relationship: expected "
                             "source_ref, relationship_type and target_ref",
                             (unsigned long long)pos->offset);
    rc = ksz__emit_relationship(r->sink, &rel, err);
    for (size_t k = 0; rc == KSZ_OK && k < r->nsplit; k++) {
        if (strcmp(r->splits[k].a, rel.source_ref) == 0) {
            struct ksz_relationship more = rel;
            more.stix_id = NULL;      /* derived from its three fields */
            more.source_ref = r->splits[k].b;
            rc = ksz__emit_relationship(r->sink, &more, err);
        }
    }
    return rc;
}

static ksz_rc read_sighting(struct ksz_stix_reader *r, const json_t *o,
                            const struct ksz_import_pos *pos, struct ksz_error *err)
{
    struct ksz_sighting s = {0};
    json_t *where = json_object_get(o, "where_sighted_refs");
    const char *kind = ksz__json_str(o, "x_kizashi_kind", NULL);

    s.stix_id = ksz__json_str(o, "id", NULL);
    s.sighting_of = ksz__json_str(o, "sighting_of_ref", NULL);
    s.first_seen = ksz__json_time(o, "first_seen");
    s.last_seen = ksz__json_time(o, "last_seen");
    s.count = ksz__json_int(o, "count", 1);
    s.kind = KSZ_SIGHTING_HIT;
    if (kind && strcmp(kind, "blocked") == 0)
        s.kind = KSZ_SIGHTING_BLOCKED;
    else if (kind && strcmp(kind, "false-positive") == 0)
        s.kind = KSZ_SIGHTING_FALSE_POSITIVE;
    s.where = ksz__json_str(o, "x_kizashi_where", NULL);
    if (s.where == NULL && json_array_size(where) > 0) {
        const char *ref = json_string_value(json_array_get(where, 0));
        s.where = ref ? map_get(r->identities, r->nident, ref) : NULL;
        if (s.where == NULL)
            s.where = ref;
    }
    if (s.sighting_of == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "byte offset %llu: sighting: expected a "
                             "\"sighting_of_ref\"", (unsigned long long)pos->offset);
    return ksz__emit_sighting(r->sink, &s, err);
}

static ksz_rc read_marking(struct ksz_stix_reader *r, const json_t *o)
{
    const char *id = ksz__json_str(o, "id", NULL);
    const char *tlp = NULL, *dtype;
    json_t *ext, *e;
    const char *k;
    ksz_tlp t;

    if (id == NULL || ksz__tlp_from_marking_id(id, &t) == KSZ_OK)
        return KSZ_OK;
    dtype = ksz__json_str(o, "definition_type", NULL);
    if (dtype != NULL && strcmp(dtype, "tlp") == 0)
        tlp = ksz__json_str(json_object_get(o, "definition"), "tlp", NULL);
    ext = json_object_get(o, "extensions");
    json_object_foreach(ext, k, e) {
        if (tlp == NULL)
            tlp = ksz__json_str(e, "tlp_2_0", NULL);
    }
    if (tlp == NULL || ksz_tlp_parse(tlp, strlen(tlp), &t) != KSZ_OK)
        return KSZ_OK;
    return map_add(r, &r->markings, &r->nmark, &r->capmark, id, ksz_tlp_name(t));
}

static ksz_rc read_object(struct ksz_stix_reader *r, const json_t *o,
                          const struct ksz_import_pos *pos, struct ksz_error *err)
{
    static const struct {
        const char *type;
        ksz_threat_kind kind;
    } threats[] = {
        {"malware", KSZ_THREAT_MALWARE},
        {"tool", KSZ_THREAT_TOOL},
        {"threat-actor", KSZ_THREAT_ACTOR},
        {"intrusion-set", KSZ_THREAT_INTRUSION_SET},
        {"campaign", KSZ_THREAT_CAMPAIGN},
        {"attack-pattern", KSZ_THREAT_ATTACK_PATTERN},
        {"vulnerability", KSZ_THREAT_VULNERABILITY},
    };
    static const struct {
        const char *type;
        ksz_ioc_type t;
    } scos[] = {
        {"ipv4-addr", KSZ_IOC_IPV4}, {"ipv6-addr", KSZ_IOC_IPV6},
        {"domain-name", KSZ_IOC_DOMAIN}, {"url", KSZ_IOC_URL},
        {"email-addr", KSZ_IOC_EMAIL}, {"file", KSZ_IOC_NONE},
    };
    const char *type = ksz__json_str(o, "type", NULL);

    if (!json_is_object(o) || type == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "byte offset %llu: expected a STIX object "
                             "with a \"type\"", (unsigned long long)pos->offset);
    if (strcmp(type, "indicator") == 0)
        return read_indicator(r, o, pos, err);
    for (size_t i = 0; i < sizeof threats / sizeof threats[0]; i++)
        if (strcmp(type, threats[i].type) == 0)
            return read_threat(r, o, threats[i].kind, pos, err);
    for (size_t i = 0; i < sizeof scos / sizeof scos[0]; i++)
        if (strcmp(type, scos[i].type) == 0)
            return read_sco(r, o, scos[i].t, pos, err);
    if (strcmp(type, "report") == 0)
        return read_report(r, o, pos, err);
    if (strcmp(type, "relationship") == 0)
        return read_relationship(r, o, pos, err);
    if (strcmp(type, "sighting") == 0)
        return read_sighting(r, o, pos, err);
    if (strcmp(type, "marking-definition") == 0) {
        if (read_marking(r, o) != KSZ_OK)
            return ksz_error_set(err, KSZ_ERR_LIMIT, "stix: too many marking definitions");
        return KSZ_OK;
    }
    if (strcmp(type, "identity") == 0) {
        const char *id = ksz__json_str(o, "id", NULL), *nm = ksz__json_str(o, "name", NULL);
        if (id && nm && map_get(r->identities, r->nident, id) == NULL &&
            map_add(r, &r->identities, &r->nident, &r->capident, id, nm) != KSZ_OK)
            return ksz_error_set(err, KSZ_ERR_LIMIT, "stix: too many identities");
        return KSZ_OK;
    }
    ksz__emit_note(r->sink, "skipped", type, pos);
    return KSZ_OK;
}

static ksz_rc on_elem(void *user, const char *buf, size_t len, uint64_t offset,
                      struct ksz_error *err)
{
    struct ksz_stix_reader *r = user;
    struct ksz_import_pos pos = {offset, 0};
    json_error_t je;
    json_t *o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    ksz_rc rc;

    if (o == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "byte offset %llu: bad JSON in the object "
                             "starting here (%s, at byte %d of it)", (unsigned long long)offset,
                             je.text, je.position);
    rc = read_object(r, o, &pos, err);
    json_decref(o);
    return rc;
}

static ksz_rc on_member(void *user, const char *key, size_t klen, const char *val, size_t vlen,
                        struct ksz_error *err)
{
    (void)user;
    if (klen == 4 && memcmp(key, "type", 4) == 0 &&
        !(vlen == 8 && memcmp(val, "\"bundle\"", 8) == 0))
        return ksz_error_set(err, KSZ_ERR_PARSE, "byte offset 0: expected a STIX bundle "
                             "(\"type\": \"bundle\")");
    return KSZ_OK;
}

ksz_rc ksz_stix_reader_new(const char *name, const struct ksz_import_defaults *d,
                           const struct ksz_import_sink *sink, struct ksz_stix_reader **out,
                           struct ksz_error *err)
{
    struct ksz_stix_reader *r = ksz__calloc(1, sizeof *r);
    ksz_rc rc;

    if (r == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "out of memory");
    r->name = ksz__strndup(name ? name : "", name ? strlen(name) : 0);
    r->d = d;
    r->sink = sink;
    rc = r->name ? ksz__jstream_new("objects", STIX_OBJECT_MAX, on_elem, on_member, r, &r->js)
                 : KSZ_ERR_NOMEM;
    if (rc != KSZ_OK) {
        ksz_stix_reader_free(r);
        return ksz_error_set(err, rc, "out of memory");
    }
    *out = r;
    return KSZ_OK;
}

void ksz_stix_reader_free(struct ksz_stix_reader *r)
{
    if (r == NULL)
        return;
    ksz__jstream_free(r->js);
    ksz__strpool_cleanup(&r->pool);
    ksz__free(r->identities);
    ksz__free(r->markings);
    ksz__free(r->splits);
    ksz__free(r->name);
    ksz__free(r);
}

static ksz_rc prefix(struct ksz_stix_reader *r, ksz_rc rc, struct ksz_error *err)
{
    if (rc != KSZ_OK && err != NULL) {
        char msg[KSZ_ERR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", err->msg);
        ksz_error_set(err, rc, "%s: %s", r->name, msg);
    }
    return rc;
}

ksz_rc ksz_stix_reader_feed(struct ksz_stix_reader *r, const char *buf, size_t len,
                            struct ksz_error *err)
{
    return prefix(r, ksz__jstream_feed(r->js, buf, len, err), err);
}

ksz_rc ksz_stix_reader_finish(struct ksz_stix_reader *r, struct ksz_error *err)
{
    ksz_rc rc = ksz__jstream_finish(r->js, err);
    if (rc == KSZ_OK && !ksz__jstream_saw_key(r->js))
        rc = ksz_error_set(err, KSZ_ERR_PARSE, "byte offset 0: expected a STIX bundle with an "
                           "\"objects\" array");
    return prefix(r, rc, err);
}

ksz_rc ksz_stix_read(const char *name, const char *buf, size_t len,
                     const struct ksz_import_defaults *d, const struct ksz_import_sink *sink,
                     struct ksz_error *err)
{
    struct ksz_stix_reader *r = NULL;
    ksz_rc rc = ksz_stix_reader_new(name, d, sink, &r, err);
    if (rc != KSZ_OK)
        return rc;
    rc = ksz_stix_reader_feed(r, buf, len, err);
    if (rc == KSZ_OK)
        rc = ksz_stix_reader_finish(r, err);
    ksz_stix_reader_free(r);
    return rc;
}
