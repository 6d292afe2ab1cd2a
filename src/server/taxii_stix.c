/* SPDX-License-Identifier: Apache-2.0 */
/*
 * taxii_stix.c - one stored indicator, report or threat as one STIX 2.1
 * object, for TAXII envelopes: the same properties `kizashi export
 * --format stix` writes, object by object, so that a page of a collection
 * costs what it returns and a TAXII client (another kizashi) reads it back
 * without loss.
 */
#include <string.h>
#include <kizashi/formats.h>
#include "srv.h"
#include "taxii_int.h"

static const char *const marking_ids[] = {
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"};

static void ktime(struct ksz_buf *b, const char *key, int64_t t)
{
    char tb[40];
    ksz_buf_printf(b, ",\"%s\":\"%s\"", key, srv_time_format(t, tb, true));
}

static void kv(struct ksz_buf *b, const char *key, const char *v)
{
    if (v != NULL && v[0] != '\0')
        srv_json_kv(b, true, key, v);
}

static void klist(struct ksz_buf *b, const char *key, const struct ksz_strlist *l)
{
    if (l->n == 0)
        return;
    ksz_buf_printf(b, ",\"%s\":", key);
    srv_json_list(b, l);
}

static void markings(struct ksz_buf *b, ksz_tlp t)
{
    if ((unsigned)t <= KSZ_TLP_RED)
        ksz_buf_printf(b, ",\"object_marking_refs\":[\"%s\"]", marking_ids[t]);
}

bool taxii_stix_indicator(struct ksz_buf *b, const struct ksz_indicator *ind,
                          struct ksz_buf *tmp)
{
    int64_t from = ind->valid_from ? ind->valid_from : ind->created;
    int64_t modified = ind->modified < ind->created ? ind->created : ind->modified;
    char ub[256];

    ksz_buf_reset(tmp);
    if (ksz_stix_pattern_format(ind->type, ind->value, strlen(ind->value), tmp) != KSZ_OK ||
        ksz_buf_putc(tmp, '\0') != KSZ_OK)
        return false;
    ksz_buf_printf(b, "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":");
    srv_json_str(b, ind->stix_id);
    ktime(b, "created", ind->created);
    ktime(b, "modified", modified);
    kv(b, "name", ind->name);
    kv(b, "description", ind->description);
    srv_json_kv(b, true, "pattern", tmp->data);
    ksz_buf_printf(b, ",\"pattern_type\":\"stix\",\"pattern_version\":\"2.1\"");
    ktime(b, "valid_from", from);
    if (ind->valid_until > from)
        ktime(b, "valid_until", ind->valid_until);
    if (ind->confidence >= 0)
        ksz_buf_printf(b, ",\"confidence\":%d", ind->confidence);
    if (ind->revoked)
        ksz_buf_printf(b, ",\"revoked\":true");
    klist(b, "labels", &ind->labels);
    if (ind->attack_ids.n > 0) {
        ksz_buf_printf(b, ",\"external_references\":[");
        for (size_t i = 0; i < ind->attack_ids.n; i++) {
            ksz_buf_printf(b, "%s{\"source_name\":\"mitre-attack\",\"external_id\":",
                           i ? "," : "");
            srv_json_str(b, ind->attack_ids.items[i]);
            ksz_buf_putc(b, '}');
        }
        ksz_buf_putc(b, ']');
    }
    markings(b, ind->tlp);
    if (ind->source != NULL && ind->source[0] != '\0') {
        char id[80];
        srv_json_kv(b, true, "created_by_ref",
                    ksz_stix_id_derive("identity", ind->source, strlen(ind->source), id));
    }
    if (ind->usage != 0) {
        ksz_usage_format(ind->usage, ub, sizeof ub);
        ksz_buf_printf(b, ",\"x_kizashi_usage\":[");
        for (char *p = ub, *c; p != NULL; p = c != NULL ? c + 1 : NULL) {
            c = strchr(p, ',');
            if (c != NULL)
                *c = '\0';
            if (p != ub)
                ksz_buf_putc(b, ',');
            srv_json_str(b, p);
        }
        ksz_buf_putc(b, ']');
    }
    if (ind->commercial != KSZ_COMMERCIAL_UNKNOWN)
        kv(b, "x_kizashi_commercial", ind->commercial == KSZ_COMMERCIAL_YES ? "yes" : "no");
    klist(b, "x_kizashi_tags", &ind->tags);
    ksz_buf_putc(b, '}');
    return true;
}

bool taxii_stix_report(struct ksz_buf *b, const struct ksz_report *r)
{
    int64_t modified = r->modified < r->created ? r->created : r->modified;

    if (r->object_refs.n == 0)
        return false;   /* STIX wants at least one reference */
    ksz_buf_printf(b, "{\"type\":\"report\",\"spec_version\":\"2.1\",\"id\":");
    srv_json_str(b, r->stix_id);
    ktime(b, "created", r->created);
    ktime(b, "modified", modified);
    srv_json_kv(b, true, "name", r->title != NULL ? r->title : "");
    kv(b, "description", r->description);
    ktime(b, "published", r->published ? r->published : r->created);
    klist(b, "labels", &r->labels);
    klist(b, "object_refs", &r->object_refs);
    markings(b, r->tlp);
    ksz_buf_putc(b, '}');
    return true;
}

bool taxii_stix_threat(struct ksz_buf *b, const struct ksz_threat *t)
{
    int64_t modified = t->modified < t->created ? t->created : t->modified;

    ksz_buf_printf(b, "{\"type\":");
    srv_json_str(b, ksz_threat_kind_name(t->kind));
    ksz_buf_printf(b, ",\"spec_version\":\"2.1\",\"id\":");
    srv_json_str(b, t->stix_id);
    ktime(b, "created", t->created);
    ktime(b, "modified", modified);
    srv_json_kv(b, true, "name", t->name);
    kv(b, "description", t->description);
    if (t->kind == KSZ_THREAT_MALWARE)
        ksz_buf_printf(b, ",\"is_family\":true");
    if (t->kind != KSZ_THREAT_VULNERABILITY)
        klist(b, "aliases", &t->aliases);
    if (t->revoked)
        ksz_buf_printf(b, ",\"revoked\":true");
    markings(b, t->tlp);
    ksz_buf_putc(b, '}');
    return true;
}
