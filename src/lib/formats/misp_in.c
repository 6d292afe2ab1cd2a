/* SPDX-License-Identifier: Apache-2.0 */
/*
 * misp_in.c - MISP events (wrapped in "Event" or not, or a list of them)
 * into model records: the event becomes a report, each attribute of an
 * observable type an indicator, galaxy clusters and misp-galaxy tags
 * threats, sightings sightings.
 *
 * to_ids is honoured this way: an attribute with to_ids false is imported
 * with usage "detect-only" (unless it says otherwise in a kizashi:usage tag),
 * so it is matched in logs but never lands on a blocklist. Composite types
 * ("domain|ip", "filename|sha256", "ip-dst|port") give one indicator per
 * observable part. An attribute value that does not parse as its type is
 * refused (counted, the rest of the event still imports): MISP data in the
 * wild is loose, and one odd hostname must not keep a whole event out. The
 * event JSON itself being malformed is bad input.
 *
 * Tags written by kizashi's MISP export carry what MISP has no field for:
 * kizashi:usage="...", kizashi:confidence="80", kizashi:valid-from="...",
 * kizashi:valid-until="...", kizashi:label="...", kizashi:commercial="yes",
 * kill-chain:NAME="PHASE". They are read back here, so a round trip through
 * MISP keeps the model's fields.
 */
#include <stdio.h>
#include <string.h>
#include "formats_int.h"

struct misp {
    const char *name;
    const struct ksz_import_defaults *d;
    const struct ksz_import_sink *sink;
    struct ksz__strpool pool;       /* strings made here, freed per event */
    struct ksz__strvec ev_threats;  /* threat names from the event */
    struct ksz__strvec ev_tags;
    struct ksz__strvec refs;        /* indicator ids for the report */
    ksz_tlp ev_tlp;
    const char *source;
    const char *report_id;
    struct ksz_error *err;
};

static const struct {
    const char *galaxy;
    ksz_threat_kind kind;
} galaxies[] = {
    {"threat-actor", KSZ_THREAT_ACTOR},
    {"mitre-intrusion-set", KSZ_THREAT_INTRUSION_SET},
    {"mitre-enterprise-attack-intrusion-set", KSZ_THREAT_INTRUSION_SET},
    {"intrusion-set", KSZ_THREAT_INTRUSION_SET},
    {"mitre-malware", KSZ_THREAT_MALWARE},
    {"mitre-enterprise-attack-malware", KSZ_THREAT_MALWARE},
    {"malpedia", KSZ_THREAT_MALWARE},
    {"ransomware", KSZ_THREAT_MALWARE},
    {"rat", KSZ_THREAT_MALWARE},
    {"banker", KSZ_THREAT_MALWARE},
    {"stealer", KSZ_THREAT_MALWARE},
    {"botnet", KSZ_THREAT_MALWARE},
    {"backdoor", KSZ_THREAT_MALWARE},
    {"android", KSZ_THREAT_MALWARE},
    {"malware", KSZ_THREAT_MALWARE},
    {"mitre-tool", KSZ_THREAT_TOOL},
    {"mitre-enterprise-attack-tool", KSZ_THREAT_TOOL},
    {"tool", KSZ_THREAT_TOOL},
    {"exploit-kit", KSZ_THREAT_TOOL},
    {"campaign", KSZ_THREAT_CAMPAIGN},
    {"mitre-campaign", KSZ_THREAT_CAMPAIGN},
    {"mitre-attack-pattern", KSZ_THREAT_ATTACK_PATTERN},
    {"mitre-enterprise-attack-attack-pattern", KSZ_THREAT_ATTACK_PATTERN},
    {"vulnerability", KSZ_THREAT_VULNERABILITY},
    {"cve", KSZ_THREAT_VULNERABILITY},
};

static int galaxy_kind(const char *g, size_t len)
{
    for (size_t i = 0; i < sizeof galaxies / sizeof galaxies[0]; i++)
        if (strlen(galaxies[i].galaxy) == len && memcmp(galaxies[i].galaxy, g, len) == 0)
            return (int)galaxies[i].kind;
    return 0;
}

/* "ns:pred=\"value\"" -> pred and value (borrowed from tag, value unquoted).
 * Returns false if tag does not start with ns. */
static bool machine_tag(const char *tag, const char *ns, const char **pred, size_t *plen,
                        const char **val, size_t *vlen)
{
    size_t n = strlen(ns);
    const char *eq;
    if (strncmp(tag, ns, n) != 0)
        return false;
    *pred = tag + n;
    eq = strchr(*pred, '=');
    if (eq == NULL) {
        *plen = strlen(*pred);
        *val = *pred;
        *vlen = *plen;
        return true;
    }
    *plen = (size_t)(eq - *pred);
    *val = eq + 1;
    *vlen = strlen(*val);
    if (*vlen >= 2 && (*val)[0] == '"' && (*val)[*vlen - 1] == '"') {
        (*val)++;
        *vlen -= 2;
    }
    return true;
}

/* An ATT&CK id at the end of a cluster name: "Command-Line Interface - T1059". */
static const char *attack_id_in(const char *v, size_t len, size_t *idlen)
{
    size_t i = len;
    while (i > 0 && ((v[i - 1] >= '0' && v[i - 1] <= '9') || v[i - 1] == '.'))
        i--;
    if (i > 0 && v[i - 1] == 'T' && len - i >= 4 && (i == 1 || v[i - 2] == ' ')) {
        *idlen = len - i + 1;
        return v + i - 1;
    }
    return NULL;
}

static const char *dup(struct misp *m, const char *s, size_t len)
{
    return ksz__strpool_dup(&m->pool, s, len);
}

static ksz_rc nomem(struct misp *m)
{
    return ksz_error_set(m->err, KSZ_ERR_NOMEM, "out of memory");
}

/* A threat named by a galaxy: emitted once per event, its name recorded. */
static ksz_rc galaxy_threat(struct misp *m, ksz_threat_kind kind, const char *name,
                            const char *desc, const json_t *synonyms, const char *ext,
                            struct ksz__strvec *names)
{
    struct ksz_threat t = {0};
    struct ksz__strvec aliases = {0}, exts = {0};
    size_t i;
    json_t *v;
    ksz_rc rc = KSZ_OK;

    for (i = 0; i < names->n; i++)
        if (strcmp(names->items[i], name) == 0)
            return KSZ_OK;
    t.kind = kind;
    t.name = name;
    t.description = desc;
    t.tlp = m->ev_tlp;
    json_array_foreach(synonyms, i, v) {
        if (json_is_string(v) && rc == KSZ_OK)
            rc = ksz__strvec_push(&aliases, json_string_value(v));
    }
    if (ext != NULL && rc == KSZ_OK)
        rc = ksz__strvec_push(&exts, ext);
    t.aliases = ksz__strvec_list(&aliases);
    t.external_ids = ksz__strvec_list(&exts);
    if (rc == KSZ_OK)
        rc = ksz__emit_threat(m->sink, m->d, &t, m->err);
    else
        rc = nomem(m);
    if (rc == KSZ_OK && ksz__strvec_push(names, name) != KSZ_OK)
        rc = nomem(m);
    ksz__strvec_cleanup(&aliases);
    ksz__strvec_cleanup(&exts);
    return rc;
}

/* What a list of tags says. */
struct tagctx {
    ksz_tlp tlp;
    uint32_t usage;
    bool usage_set;
    int confidence;
    int64_t valid_from, valid_until;
    ksz_commercial commercial;
    struct ksz__strvec tags, labels, kill_chain, attack, threats;
};

static void tagctx_cleanup(struct tagctx *t)
{
    ksz__strvec_cleanup(&t->tags);
    ksz__strvec_cleanup(&t->labels);
    ksz__strvec_cleanup(&t->kill_chain);
    ksz__strvec_cleanup(&t->attack);
    ksz__strvec_cleanup(&t->threats);
}

static ksz_rc read_tags(struct misp *m, const json_t *arr, struct tagctx *tc)
{
    size_t i;
    json_t *tg;
    ksz_rc rc = KSZ_OK;

    json_array_foreach(arr, i, tg) {
        const char *name = ksz__json_str(tg, "name", NULL);
        const char *pred, *val;
        size_t plen, vlen;
        ksz_tlp t;
        if (name == NULL || rc != KSZ_OK)
            continue;
        if (strncasecmp(name, "tlp:", 4) == 0) {
            if (ksz_tlp_parse(name, strlen(name), &t) == KSZ_OK)
                tc->tlp = t;
            continue;
        }
        if (machine_tag(name, "kizashi:", &pred, &plen, &val, &vlen)) {
            char tmp[64];
            uint64_t u;
            snprintf(tmp, sizeof tmp, "%.*s", (int)(vlen < 63 ? vlen : 63), val);
            if (plen == 5 && memcmp(pred, "usage", 5) == 0) {
                uint32_t bits = 0;
                if (ksz_usage_parse(val, vlen, &bits, NULL) == KSZ_OK) {
                    tc->usage |= bits;
                    tc->usage_set = true;
                }
            } else if (plen == 10 && memcmp(pred, "confidence", 10) == 0 &&
                       ksz__parse_u64(val, vlen, 100, &u) == KSZ_OK) {
                tc->confidence = (int)u;
            } else if (plen == 10 && memcmp(pred, "valid-from", 10) == 0) {
                ksz__time_parse(val, vlen, &tc->valid_from);
            } else if (plen == 11 && memcmp(pred, "valid-until", 11) == 0) {
                ksz__time_parse(val, vlen, &tc->valid_until);
            } else if (plen == 5 && memcmp(pred, "label", 5) == 0) {
                const char *s = dup(m, val, vlen);
                rc = s ? ksz__strvec_push_unique(&tc->labels, s) : KSZ_ERR_NOMEM;
            } else if (plen == 10 && memcmp(pred, "commercial", 10) == 0) {
                tc->commercial = strcmp(tmp, "yes") == 0 ? KSZ_COMMERCIAL_YES
                                 : strcmp(tmp, "no") == 0 ? KSZ_COMMERCIAL_NO
                                                          : KSZ_COMMERCIAL_UNKNOWN;
            }
            continue;
        }
        if (machine_tag(name, "kill-chain:", &pred, &plen, &val, &vlen) && plen != vlen) {
            char buf[512];
            const char *s;
            snprintf(buf, sizeof buf, "%.*s:%.*s", (int)plen, pred, (int)vlen, val);
            s = dup(m, buf, strlen(buf));
            rc = s ? ksz__strvec_push_unique(&tc->kill_chain, s) : KSZ_ERR_NOMEM;
            continue;
        }
        if (machine_tag(name, "misp-galaxy:", &pred, &plen, &val, &vlen)) {
            int kind = galaxy_kind(pred, plen);
            size_t idl;
            const char *aid = attack_id_in(val, vlen, &idl);
            if (kind == KSZ_THREAT_ATTACK_PATTERN && aid != NULL) {
                const char *s = dup(m, aid, idl);
                rc = s ? ksz__strvec_push_unique(&tc->attack, s) : KSZ_ERR_NOMEM;
                continue;
            }
            if (kind != 0) {
                const char *s = dup(m, val, vlen);
                rc = s ? ksz__strvec_push_unique(&tc->threats, s) : KSZ_ERR_NOMEM;
                if (rc == KSZ_OK)
                    rc = galaxy_threat(m, (ksz_threat_kind)kind, s, NULL, NULL, NULL,
                                       &m->ev_threats);
                continue;
            }
        }
        rc = ksz__strvec_push_unique(&tc->tags, name);
    }
    if (rc == KSZ_ERR_NOMEM || rc == KSZ_ERR_LIMIT)
        return ksz_error_set(m->err, rc, "%s: too many tags", m->name);
    return rc;
}

/* The observable for one part of an attribute value; false if none. */
static bool part_value(ksz_ioc_type want, const char *v, size_t len, ksz_ioc_type *t,
                       char *out, size_t cap)
{
    if (want == KSZ_IOC_IPV4) {   /* an address or a network, either family */
        static const ksz_ioc_type fam[] = {KSZ_IOC_IPV4, KSZ_IOC_IPV6, KSZ_IOC_CIDR4,
                                           KSZ_IOC_CIDR6};
        for (size_t i = 0; i < 4; i++)
            if (ksz_ioc_canon(fam[i], v, len, out, cap, NULL, NULL) == KSZ_OK) {
                *t = fam[i];
                return true;
            }
        return false;
    }
    *t = want;
    return ksz_ioc_canon(want, v, len, out, cap, NULL, NULL) == KSZ_OK;
}

static ksz_rc read_sightings(struct misp *m, const json_t *arr, const char *ind_id)
{
    size_t i;
    json_t *s;
    ksz_rc rc = KSZ_OK;

    json_array_foreach(arr, i, s) {
        struct ksz_sighting sg = {0};
        char tb[32];
        const char *type = ksz__json_text(s, "type", tb);
        if (rc != KSZ_OK)
            break;
        sg.stix_id = NULL;
        sg.sighting_of = ind_id;
        sg.first_seen = sg.last_seen = ksz__json_time(s, "date_sighting");
        sg.count = 1;
        sg.kind = type && strcmp(type, "1") == 0 ? KSZ_SIGHTING_FALSE_POSITIVE : KSZ_SIGHTING_HIT;
        if (type && strcmp(type, "2") == 0)
            continue;      /* an expiration mark, not a sighting */
        sg.where = ksz__json_str(s, "source", NULL);
        if (sg.where == NULL || sg.where[0] == '\0')
            sg.where = ksz__json_str(json_object_get(s, "Organisation"), "name", NULL);
        rc = ksz__emit_sighting(m->sink, &sg, m->err);
    }
    return rc;
}

static ksz_rc read_attribute(struct misp *m, const json_t *a, const struct tagctx *ev,
                             uint64_t index)
{
    size_t tlen = 0, vlen = 0;
    const char *type = ksz__json_str(a, "type", &tlen);
    const char *value = ksz__json_str(a, "value", &vlen);
    const char *uuid = ksz__json_str(a, "uuid", NULL);
    struct ksz_import_pos pos = {index, 0};
    struct tagctx tc = {0};
    size_t tsplit = 0, vsplit = 0, parts;
    ksz_rc rc = KSZ_OK;

    if (type == NULL || value == NULL)
        return ksz_error_set(m->err, KSZ_ERR_PARSE, "%s: attribute %llu: expected \"type\" and "
                             "\"value\"", m->name, (unsigned long long)index + 1);
    if (ksz__json_bool(a, "deleted", false))
        return KSZ_OK;
    tc.tlp = ev->tlp;
    tc.confidence = -1;
    rc = read_tags(m, json_object_get(a, "Tag"), &tc);
    /* event-level context joins the attribute's own */
    for (size_t i = 0; i < ev->tags.n && rc == KSZ_OK; i++)
        rc = ksz__strvec_push_unique(&tc.tags, ev->tags.items[i]);
    for (size_t i = 0; i < m->ev_threats.n && rc == KSZ_OK; i++)
        rc = ksz__strvec_push_unique(&tc.threats, m->ev_threats.items[i]);
    for (size_t i = 0; i < ev->attack.n && rc == KSZ_OK; i++)
        rc = ksz__strvec_push_unique(&tc.attack, ev->attack.items[i]);
    if (rc != KSZ_OK)
        goto out;
    {
        const char *bar = memchr(type, '|', tlen);
        parts = bar ? 2 : 1;
        tsplit = bar ? (size_t)(bar - type) : tlen;
        const char *vbar = memchr(value, '|', vlen);
        vsplit = vbar ? (size_t)(vbar - value) : vlen;
        if (parts == 2 && vbar == NULL)
            parts = 1;
    }
    for (size_t p = 0; p < parts && rc == KSZ_OK; p++) {
        const char *pt = p == 0 ? type : type + tsplit + 1;
        size_t ptl = p == 0 ? tsplit : tlen - tsplit - 1;
        const char *pv = p == 0 ? value : value + vsplit + 1;
        size_t pvl = p == 0 ? vsplit : vlen - vsplit - 1;
        ksz_ioc_type want = ksz__misp_type_to_ioc(pt, ptl), t;
        char canon[KSZ_IOC_VALUE_MAX + 1], idbuf[80];
        struct ksz_indicator ind;

        if (want == KSZ_IOC_NONE) {
            if (p == 0 || !(ptl == 4 && memcmp(pt, "port", 4) == 0))
                ksz__emit_note(m->sink, "skipped", "misp type", &pos);
            continue;
        }
        if (!part_value(want, pv, pvl, &t, canon, sizeof canon)) {
            ksz__emit_note(m->sink, "refused", uuid, &pos);
            continue;
        }
        ksz__indicator_blank(&ind);
        ind.type = t;
        ind.value = canon;
        if (uuid != NULL) {
            char nm[KSZ_IOC_VALUE_MAX + 128];
            int n = p == 0 ? snprintf(nm, sizeof nm, "%s", uuid)
                           : snprintf(nm, sizeof nm, "%s|%s", uuid, canon);
            if (p == 0 && strlen(uuid) == 36)
                snprintf(idbuf, sizeof idbuf, "indicator--%s", uuid);
            else
                ksz_stix_id_derive("indicator", nm, (size_t)n < sizeof nm ? (size_t)n : sizeof nm - 1,
                                   idbuf);
            ind.stix_id = idbuf;
        }
        ind.description = ksz__json_str(a, "comment", NULL);
        if (ind.description && ind.description[0] == '\0')
            ind.description = NULL;
        ind.created = ind.modified = ksz__json_time(a, "timestamp");
        ind.valid_from = tc.valid_from;
        ind.valid_until = tc.valid_until;
        ind.confidence = tc.confidence;
        ind.tlp = tc.tlp;
        ind.commercial = tc.commercial;
        ind.usage = tc.usage_set ? tc.usage
                    : !ksz__json_bool(a, "to_ids", true) ? KSZ_USAGE_DETECT_ONLY : 0;
        ind.labels = ksz__strvec_list(&tc.labels);
        ind.tags = ksz__strvec_list(&tc.tags);
        ind.attack_ids = ksz__strvec_list(&tc.attack);
        ind.kill_chain = ksz__strvec_list(&tc.kill_chain);
        ind.threats = ksz__strvec_list(&tc.threats);
        ind.source = m->source;
        ind.report = m->report_id;
        rc = ksz__emit_indicator(m->sink, m->d, &ind, &pos, m->err);
        if (rc == KSZ_OK && ind.stix_id != NULL) {
            const char *s = dup(m, ind.stix_id, strlen(ind.stix_id));
            rc = s ? ksz__strvec_push_unique(&m->refs, s) : nomem(m);
            if (rc == KSZ_OK)
                rc = read_sightings(m, json_object_get(a, "Sighting"), s);
        }
    }
out:
    tagctx_cleanup(&tc);
    return rc;
}

static ksz_rc read_galaxies(struct misp *m, const json_t *arr, struct tagctx *ev)
{
    size_t i, j;
    json_t *g, *c;
    ksz_rc rc = KSZ_OK;

    json_array_foreach(arr, i, g) {
        size_t tl = 0;
        const char *gt = ksz__json_str(g, "type", &tl);
        int kind = gt ? galaxy_kind(gt, tl) : 0;
        if (kind == 0)
            continue;
        json_array_foreach(json_object_get(g, "GalaxyCluster"), j, c) {
            size_t vl = 0, idl;
            const char *v = ksz__json_str(c, "value", &vl);
            json_t *meta = json_object_get(c, "meta");
            const char *aid;
            char ext[64];
            if (v == NULL || rc != KSZ_OK)
                continue;
            aid = attack_id_in(v, vl, &idl);
            if (kind == KSZ_THREAT_ATTACK_PATTERN && aid != NULL) {
                const char *s = dup(m, aid, idl);
                rc = s ? ksz__strvec_push_unique(&ev->attack, s) : nomem(m);
                continue;
            }
            ext[0] = '\0';
            if (aid != NULL)
                snprintf(ext, sizeof ext, "mitre-attack:%.*s", (int)idl, aid);
            rc = galaxy_threat(m, (ksz_threat_kind)kind, v, ksz__json_str(c, "description", NULL),
                               json_object_get(meta, "synonyms"), ext[0] ? ext : NULL,
                               &m->ev_threats);
        }
    }
    return rc;
}

static ksz_rc read_event(struct misp *m, const json_t *ev)
{
    struct tagctx tc = {0};
    struct ksz_report rep = {0};
    const char *uuid = ksz__json_str(ev, "uuid", NULL);
    char repid[80];
    uint64_t index = 0;
    size_t i, j;
    json_t *a, *o;
    ksz_rc rc;

    if (!json_is_object(ev) || (json_object_get(ev, "info") == NULL &&
                                json_object_get(ev, "Attribute") == NULL))
        return ksz_error_set(m->err, KSZ_ERR_PARSE, "%s: expected a MISP event (an object with "
                             "\"info\" and \"Attribute\")", m->name);
    tc.tlp = KSZ_TLP_UNSET;
    tc.confidence = -1;
    m->source = ksz__json_str(json_object_get(ev, "Orgc"), "name", NULL);
    if (uuid != NULL && strlen(uuid) == 36) {
        snprintf(repid, sizeof repid, "report--%s", uuid);
    } else {   /* no uuid: derived from the title, so a re-import finds it */
        const char *info = ksz__json_str(ev, "info", NULL);
        if (info == NULL)
            info = m->name;
        ksz_stix_id_derive("report", info, strlen(info), repid);
    }
    m->report_id = repid;
    rc = read_tags(m, json_object_get(ev, "Tag"), &tc);
    m->ev_tlp = tc.tlp;
    if (rc == KSZ_OK)
        rc = read_galaxies(m, json_object_get(ev, "Galaxy"), &tc);
    json_array_foreach(json_object_get(ev, "Attribute"), i, a) {
        if (rc == KSZ_OK)
            rc = read_attribute(m, a, &tc, index);
        index++;
    }
    json_array_foreach(json_object_get(ev, "Object"), j, o) {
        json_array_foreach(json_object_get(o, "Attribute"), i, a) {
            if (rc == KSZ_OK)
                rc = read_attribute(m, a, &tc, index);
            index++;
        }
    }
    if (rc == KSZ_OK) {
        struct ksz__strvec labels = {0};
        const char *date = ksz__json_str(ev, "date", NULL);
        rep.stix_id = repid;
        rep.title = ksz__json_str(ev, "info", NULL);
        if (rep.title == NULL)
            rep.title = uuid ? uuid : m->name;
        rep.published = ksz__json_time(ev, "publish_timestamp");
        if (date != NULL)
            ksz__time_parse(date, strlen(date), &rep.created);
        rep.modified = ksz__json_time(ev, "timestamp");
        if (rep.published == 0)
            rep.published = rep.created;
        rep.tlp = tc.tlp;
        rep.source = m->source;
        rep.object_refs = ksz__strvec_list(&m->refs);
        for (size_t k = 0; k < tc.labels.n && rc == KSZ_OK; k++)
            rc = ksz__strvec_push(&labels, tc.labels.items[k]);
        for (size_t k = 0; k < tc.tags.n && rc == KSZ_OK; k++)
            rc = ksz__strvec_push(&labels, tc.tags.items[k]);
        rep.labels = ksz__strvec_list(&labels);
        if (rc == KSZ_OK)
            rc = ksz__emit_report(m->sink, m->d, &rep, m->err);
        ksz__strvec_cleanup(&labels);
    }
    tagctx_cleanup(&tc);
    return rc;
}

static void event_reset(struct misp *m)
{
    ksz__strvec_cleanup(&m->ev_threats);
    ksz__strvec_cleanup(&m->ev_tags);
    ksz__strvec_cleanup(&m->refs);
    ksz__strpool_cleanup(&m->pool);
}

ksz_rc ksz_misp_read(const char *name, const char *buf, size_t len,
                     const struct ksz_import_defaults *d, const struct ksz_import_sink *sink,
                     struct ksz_error *err)
{
    struct misp m = {.name = name, .d = d, .sink = sink, .err = err};
    json_error_t je;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    ksz_rc rc = KSZ_OK;

    if (root == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s: line %d column %d (byte offset %d): bad "
                             "JSON: %s", name, je.line, je.column, je.position, je.text);
    if (json_is_object(root) && json_is_array(json_object_get(root, "response"))) {
        json_t *resp = json_incref(json_object_get(root, "response"));
        json_decref(root);
        root = resp;
    }
    if (json_is_array(root)) {
        size_t i;
        json_t *e;
        json_array_foreach(root, i, e) {
            json_t *ev = json_object_get(e, "Event");
            if (rc == KSZ_OK)
                rc = read_event(&m, ev ? ev : e);
            event_reset(&m);
        }
    } else {
        json_t *ev = json_object_get(root, "Event");
        rc = read_event(&m, ev ? ev : root);
        event_reset(&m);
    }
    json_decref(root);
    return rc;
}
