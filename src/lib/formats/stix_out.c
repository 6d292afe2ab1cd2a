/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stix_out.c - a STIX 2.1 bundle of what the filter selects: indicators
 * with their patterns, the TLP 2.0 marking definitions they use, an
 * identity per source, the threats they indicate, relationships, reports
 * and sightings.
 *
 * The bundle is written as a stream (objects as the store yields them), so
 * its id is written last: it is derived from a SHA-256 of everything before
 * it, which makes it depend on the content only. Every other id comes from
 * the store or is derived from a name; every time comes from the data.
 * Fields STIX has no property for are kept in x_kizashi_* custom
 * properties, so STIX -> store -> STIX loses nothing.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include "formats_int.h"

struct sx {
    struct ksz__out *o;
    bool first;
    bool marking_done[KSZ_TLP_RED + 1];
    struct ksz__strpool idents;      /* source names already written */
    struct ksz_buf tmp;
    int64_t min_time;                /* earliest time seen, for derived objects */
};

static void begin_obj(struct sx *s, const char *type, const char *id)
{
    if (!s->first)
        ksz__out_mem(s->o, ",\n", 2);
    s->first = false;
    ksz__out_str(s->o, "{\"type\":");
    ksz__out_jstr(s->o, type);
    ksz__out_str(s->o, ",\"spec_version\":\"2.1\",\"id\":");
    ksz__out_jstr(s->o, id);
}

static void end_obj(struct sx *s)
{
    ksz__out_mem(s->o, "}", 1);
    ksz__out_maybe_flush(s->o);
}

static void times(struct sx *s, int64_t created, int64_t modified)
{
    if (modified < created)
        modified = created;
    ksz__out_kv_time(s->o, "created", created);
    ksz__out_kv_time(s->o, "modified", modified);
}

static const char *tlp_upper(ksz_tlp t)
{
    static const char *const n[] = {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT",
                                    "TLP:RED"};
    return (unsigned)t <= KSZ_TLP_RED ? n[t] : NULL;
}

/* The TLP 2.0 marking definition, as published (fixed id and time). */
static void marking(struct sx *s, ksz_tlp t)
{
    if ((unsigned)t > KSZ_TLP_RED || s->marking_done[t])
        return;
    s->marking_done[t] = true;
    begin_obj(s, "marking-definition", ksz__tlp2_marking_id(t));
    ksz__out_str(s->o, ",\"created\":\"2022-10-01T00:00:00.000Z\",\"name\":");
    ksz__out_jstr(s->o, tlp_upper(t));
    ksz__out_str(s->o, ",\"extensions\":{\"extension-definition--60a3c5c5-0d10-413e-aab3-"
                       "9e08dde9e88d\":{\"extension_type\":\"property-extension\",\"tlp_2_0\":");
    ksz__out_jstr(s->o, ksz_tlp_name(t));
    ksz__out_str(s->o, "}}");
    end_obj(s);
}

static const char *identity_id(const char *source, char buf[80])
{
    return ksz_stix_id_derive("identity", source, strlen(source), buf);
}

static void identity(struct sx *s, const char *source, int64_t when)
{
    char id[80];
    for (size_t i = 0; i < s->idents.n; i++)
        if (strcmp(s->idents.items[i], source) == 0)
            return;
    if (ksz__strpool_dup(&s->idents, source, strlen(source)) == NULL) {
        s->o->rc = KSZ_ERR_NOMEM;
        return;
    }
    begin_obj(s, "identity", identity_id(source, id));
    times(s, when, when);
    ksz__out_kv(s->o, "name", source);
    ksz__out_str(s->o, ",\"identity_class\":\"organization\"");
    end_obj(s);
}

static void common_refs(struct sx *s, ksz_tlp tlp, const char *source)
{
    char id[80];
    if ((unsigned)tlp <= KSZ_TLP_RED)
        ksz__out_printf(s->o, ",\"object_marking_refs\":[\"%s\"]", ksz__tlp2_marking_id(tlp));
    if (source != NULL && source[0] != '\0')
        ksz__out_printf(s->o, ",\"created_by_ref\":\"%s\"", identity_id(source, id));
}

static int on_ind(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                  void *user)
{
    struct sx *s = user;
    struct ksz__out *o = s->o;
    int64_t from = ind->valid_from ? ind->valid_from : ind->created;
    char ub[256];

    (void)state;
    ksz_buf_reset(&s->tmp);
    if (ksz_stix_pattern_format(ind->type, ind->value, strlen(ind->value), &s->tmp) != KSZ_OK)
        return 0;   /* no pattern can express it */
    marking(s, ind->tlp);
    if (ind->source != NULL && ind->source[0] != '\0')
        identity(s, ind->source, ind->created);
    begin_obj(s, "indicator", ind->stix_id);
    times(s, ind->created, ind->modified);
    ksz__out_kv(o, "name", ind->name);
    ksz__out_kv(o, "description", ind->description);
    ksz__out_str(o, ",\"pattern\":");
    ksz__out_jstr(o, s->tmp.data);
    ksz__out_str(o, ",\"pattern_type\":\"stix\",\"pattern_version\":\"2.1\"");
    ksz__out_kv_time(o, "valid_from", from);
    if (ind->valid_until > from)
        ksz__out_kv_time(o, "valid_until", ind->valid_until);
    if (ind->confidence >= 0)
        ksz__out_printf(o, ",\"confidence\":%d", ind->confidence);
    if (ind->revoked)
        ksz__out_str(o, ",\"revoked\":true");
    ksz__out_kv_list(o, "labels", ind->labels);
    if (ind->kill_chain.n > 0) {
        bool any = false;
        for (size_t i = 0; i < ind->kill_chain.n; i++) {
            const char *kc = ind->kill_chain.items[i], *colon = strchr(kc, ':');
            if (colon == NULL || colon == kc || colon[1] == '\0')
                continue;
            ksz__out_str(o, any ? "," : ",\"kill_chain_phases\":[");
            any = true;
            ksz__out_str(o, "{\"kill_chain_name\":");
            ksz_buf_reset(&s->tmp);
            ksz_buf_append(&s->tmp, kc, (size_t)(colon - kc));
            ksz__out_jstr(o, s->tmp.data);
            ksz__out_str(o, ",\"phase_name\":");
            ksz__out_jstr(o, colon + 1);
            ksz__out_str(o, "}");
        }
        if (any)
            ksz__out_str(o, "]");
    }
    if (ind->attack_ids.n > 0) {
        ksz__out_str(o, ",\"external_references\":[");
        for (size_t i = 0; i < ind->attack_ids.n; i++) {
            ksz__out_str(o, i ? ",{\"source_name\":\"mitre-attack\",\"external_id\":"
                              : "{\"source_name\":\"mitre-attack\",\"external_id\":");
            ksz__out_jstr(o, ind->attack_ids.items[i]);
            ksz__out_str(o, "}");
        }
        ksz__out_str(o, "]");
    }
    common_refs(s, ind->tlp, ind->source);
    if (ind->usage) {
        ksz_usage_format(ind->usage, ub, sizeof ub);
        ksz__out_str(o, ",\"x_kizashi_usage\":[");
        for (char *p = ub, *c; p != NULL; p = c ? c + 1 : NULL) {
            c = strchr(p, ',');
            if (c)
                *c = '\0';
            if (p != ub)
                ksz__out_str(o, ",");
            ksz__out_jstr(o, p);
        }
        ksz__out_str(o, "]");
    }
    if (ind->commercial != KSZ_COMMERCIAL_UNKNOWN)
        ksz__out_kv(o, "x_kizashi_commercial",
                    ind->commercial == KSZ_COMMERCIAL_YES ? "yes" : "no");
    ksz__out_kv_list(o, "x_kizashi_tags", ind->tags);
    end_obj(s);
    return o->rc != KSZ_OK;
}

static int on_threat(const struct ksz_threat *t, void *user)
{
    struct sx *s = user;
    struct ksz__out *o = s->o;
    const char *type = ksz_threat_kind_name(t->kind);

    marking(s, t->tlp);
    begin_obj(s, type, t->stix_id);
    times(s, t->created, t->modified);
    ksz__out_kv(o, "name", t->name);
    ksz__out_kv(o, "description", t->description);
    if (t->kind == KSZ_THREAT_MALWARE)
        ksz__out_str(o, ",\"is_family\":true");
    if (t->kind != KSZ_THREAT_VULNERABILITY)
        ksz__out_kv_list(o, "aliases", t->aliases);
    if (t->revoked)
        ksz__out_str(o, ",\"revoked\":true");
    if (t->external_ids.n > 0) {
        bool any = false;
        for (size_t i = 0; i < t->external_ids.n; i++) {
            const char *e = t->external_ids.items[i], *colon = strchr(e, ':');
            if (colon == NULL || colon == e || colon[1] == '\0')
                continue;
            ksz__out_str(o, any ? ",{\"source_name\":" : ",\"external_references\":[{"
                                                         "\"source_name\":");
            any = true;
            ksz_buf_reset(&s->tmp);
            ksz_buf_append(&s->tmp, e, (size_t)(colon - e));
            ksz__out_jstr(o, s->tmp.data);
            ksz__out_str(o, ",\"external_id\":");
            ksz__out_jstr(o, colon + 1);
            ksz__out_str(o, "}");
        }
        if (any)
            ksz__out_str(o, "]");
    }
    if ((unsigned)t->tlp <= KSZ_TLP_RED)
        ksz__out_printf(o, ",\"object_marking_refs\":[\"%s\"]", ksz__tlp2_marking_id(t->tlp));
    end_obj(s);
    return o->rc != KSZ_OK;
}

static int on_rel(const struct ksz_relationship *r, void *user)
{
    struct sx *s = user;
    begin_obj(s, "relationship", r->stix_id);
    times(s, r->created, r->modified);
    ksz__out_kv(s->o, "relationship_type", r->type);
    ksz__out_kv(s->o, "description", r->description);
    ksz__out_kv(s->o, "source_ref", r->source_ref);
    ksz__out_kv(s->o, "target_ref", r->target_ref);
    end_obj(s);
    return s->o->rc != KSZ_OK;
}

static int on_report(const struct ksz_report *r, void *user)
{
    struct sx *s = user;
    int64_t published = r->published ? r->published : r->created;

    if (r->object_refs.n == 0)
        return 0;    /* STIX requires at least one reference */
    marking(s, r->tlp);
    if (r->source != NULL && r->source[0] != '\0')
        identity(s, r->source, r->created);
    begin_obj(s, "report", r->stix_id);
    times(s, r->created, r->modified);
    ksz__out_kv(s->o, "name", r->title);
    ksz__out_kv(s->o, "description", r->description);
    ksz__out_kv_time(s->o, "published", published);
    ksz__out_kv_list(s->o, "labels", r->labels);
    ksz__out_kv_list(s->o, "object_refs", r->object_refs);
    common_refs(s, r->tlp, r->source);
    end_obj(s);
    return s->o->rc != KSZ_OK;
}

static int on_sighting(const struct ksz_sighting *g, void *user)
{
    struct sx *s = user;
    if (g->sighting_of == NULL)
        return 0;
    begin_obj(s, "sighting", g->stix_id);
    times(s, g->first_seen, g->last_seen);
    ksz__out_kv(s->o, "sighting_of_ref", g->sighting_of);
    if (g->first_seen)
        ksz__out_kv_time(s->o, "first_seen", g->first_seen);
    if (g->last_seen >= g->first_seen && g->last_seen)
        ksz__out_kv_time(s->o, "last_seen", g->last_seen);
    if (g->count > 0)
        ksz__out_printf(s->o, ",\"count\":%lld", (long long)(g->count < 999999999 ? g->count
                                                                                  : 999999999));
    ksz__out_kv(s->o, "x_kizashi_where", g->where);
    ksz__out_kv(s->o, "x_kizashi_kind", ksz_sighting_kind_name(g->kind));
    end_obj(s);
    return s->o->rc != KSZ_OK;
}

ksz_rc ksz__export_stix(struct ksz_store *st, const struct ksz_filter *f, struct ksz__out *o,
                        struct ksz_error *err)
{
    struct sx s = {.o = o, .first = true};
    EVP_MD_CTX *sha = EVP_MD_CTX_new();
    unsigned char md[32];
    unsigned mdlen = 0;
    char hex[65], id[80];
    ksz_rc rc;

    if (sha == NULL || EVP_DigestInit_ex(sha, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(sha);
        return ksz_error_set(err, KSZ_ERR_NOMEM, "export: out of memory");
    }
    o->sha = sha;
    ksz_buf_init(&s.tmp, 0);
    ksz__out_str(o, "{\"type\":\"bundle\",\"objects\":[\n");
    rc = ksz_store_each_indicator(st, f, on_ind, &s, err);
    if (rc == KSZ_OK && o->rc == KSZ_OK)
        rc = ksz_store_each_threat(st, f, on_threat, &s, err);
    if (rc == KSZ_OK && o->rc == KSZ_OK)
        rc = ksz_store_each_relationship(st, f, on_rel, &s, err);
    if (rc == KSZ_OK && o->rc == KSZ_OK)
        rc = ksz_store_each_report(st, f, on_report, &s, err);
    if (rc == KSZ_OK && o->rc == KSZ_OK)
        rc = ksz_store_each_sighting(st, f, on_sighting, &s, err);
    if (rc == KSZ_OK)
        rc = o->rc;
    if (rc == KSZ_OK) {
        ksz__out_str(o, "\n],\"id\":");
        ksz__out_maybe_flush(o);
        /* everything but the id went through the hash; flush the rest */
        EVP_DigestUpdate(sha, o->b.data ? o->b.data : "", o->b.len);
        EVP_DigestFinal_ex(sha, md, &mdlen);
        for (unsigned i = 0; i < 32; i++)
            snprintf(hex + 2 * i, 3, "%02x", md[i]);
        o->sha = NULL;
        ksz__out_jstr(o, ksz_stix_id_derive("bundle", hex, 64, id));
        ksz__out_str(o, "}\n");
        rc = o->rc;
    }
    o->sha = NULL;
    EVP_MD_CTX_free(sha);
    ksz_buf_cleanup(&s.tmp);
    ksz__strpool_cleanup(&s.idents);
    return rc;
}
