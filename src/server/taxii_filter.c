/* SPDX-License-Identifier: Apache-2.0 */
/*
 * taxii_filter.c - the URL filters of TAXII 2.1 (section 3.5): limit,
 * added_after, next, match[id], match[type], match[version],
 * match[spec_version]. Values are comma-separated lists; several
 * parameters of one name add up. Parsing is separate from serving so that
 * the fuzzer reaches it with no daemon.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "taxii_int.h"

static bool is_threat_type(const char *s, size_t n)
{
    static const char *const t[] = {"malware", "tool", "threat-actor", "intrusion-set",
                                    "campaign", "attack-pattern", "vulnerability"};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strlen(t[i]) == n && strncmp(t[i], s, n) == 0)
            return true;
    return false;
}

static bool parse_u64(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (n == 0 || n > 18)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

void taxii_next_format(const struct ksz_added_cursor *c, char buf[48])
{
    snprintf(buf, 48, "%" PRId64 ".%" PRId64, c->added, c->id);
}

static ksz_rc each_item(const char *v, size_t len, ksz_rc (*fn)(void *, const char *, size_t),
                        void *user)
{
    size_t i = 0;
    while (i <= len) {
        const char *c = memchr(v + i, ',', len - i);
        size_t e = c != NULL ? (size_t)(c - v) : len;
        ksz_rc rc = fn(user, v + i, e - i);
        if (rc != KSZ_OK)
            return rc;
        i = e + 1;
    }
    return KSZ_OK;
}

struct fctx {
    struct taxii_filter *f;
    struct ksz_error *err;
};

static ksz_rc on_type(void *user, const char *s, size_t n)
{
    struct fctx *c = user;
    if (n == 9 && strncmp(s, "indicator", 9) == 0)
        c->f->type_indicator = true;
    else if (n == 6 && strncmp(s, "report", 6) == 0)
        c->f->type_report = true;
    else if (is_threat_type(s, n))
        c->f->type_threat = true;
    return KSZ_OK;   /* other types: nothing of them here, not an error */
}

static ksz_rc on_version(void *user, const char *s, size_t n)
{
    struct fctx *c = user;
    int64_t t;

    if (n == 3 && strncmp(s, "all", 3) == 0)
        c->f->version_all = true;
    else if (n == 4 && strncmp(s, "last", 4) == 0)
        c->f->version_last = true;
    else if (n == 5 && strncmp(s, "first", 5) == 0)
        c->f->version_first = true;
    else if (srv_time_parse(s, n, &t, NULL)) {
        if (c->f->n_versions == sizeof c->f->versions / sizeof c->f->versions[0])
            return ksz_error_set(c->err, KSZ_ERR_PARSE, "match[version]: too many versions");
        c->f->versions[c->f->n_versions++] = t;
    } else {
        return ksz_error_set(c->err, KSZ_ERR_PARSE,
                             "match[version]: expected last, first, all or a timestamp");
    }
    return KSZ_OK;
}

static ksz_rc on_spec(void *user, const char *s, size_t n)
{
    struct fctx *c = user;
    if (n == 3 && strncmp(s, "2.1", 3) == 0)
        c->f->spec_ok = true;
    return KSZ_OK;
}

ksz_rc taxii_filter_parse(const struct srv_query *q, struct taxii_filter *f,
                          struct ksz_error *err)
{
    struct fctx c = {f, err};
    bool any_type = false, any_version = false, any_spec = false;
    ksz_rc rc = KSZ_OK;

    memset(f, 0, sizeof *f);
    f->limit = TAXII_LIMIT_DEFAULT;
    for (size_t i = 0; i < q->n && rc == KSZ_OK; i++) {
        const struct srv_kv *kv = &q->kv[i];
        if (strcmp(kv->k, "limit") == 0) {
            uint64_t n;
            if (!parse_u64(kv->v, kv->vlen, &n) || n == 0)
                return ksz_error_set(err, KSZ_ERR_PARSE, "limit: expected a positive number");
            f->limit = n > TAXII_LIMIT_MAX ? TAXII_LIMIT_MAX : (size_t)n;
        } else if (strcmp(kv->k, "added_after") == 0) {
            if (!srv_time_parse(kv->v, kv->vlen, &f->added_after, NULL))
                return ksz_error_set(err, KSZ_ERR_PARSE, "added_after: expected a timestamp");
        } else if (strcmp(kv->k, "next") == 0) {
            const char *dot = memchr(kv->v, '.', kv->vlen);
            uint64_t a, b;
            if (dot == NULL || !parse_u64(kv->v, (size_t)(dot - kv->v), &a) ||
                !parse_u64(dot + 1, kv->vlen - (size_t)(dot - kv->v) - 1, &b))
                return ksz_error_set(err, KSZ_ERR_PARSE, "next: not a token this server gave");
            f->has_next = true;
            f->next.added = (int64_t)a;
            f->next.id = (int64_t)b;
        } else if (strcmp(kv->k, "match[id]") == 0) {
            const char *s = kv->v;
            size_t len = kv->vlen, j = 0;
            while (j <= len) {
                const char *cm = memchr(s + j, ',', len - j);
                size_t e = cm != NULL ? (size_t)(cm - s) : len;
                if (f->n_ids == TAXII_MATCH_IDS)
                    return ksz_error_set(err, KSZ_ERR_PARSE, "match[id]: more than %d ids",
                                         TAXII_MATCH_IDS);
                if (e > j) {
                    f->ids[f->n_ids] = s + j;
                    f->id_len[f->n_ids++] = e - j;
                }
                j = e + 1;
            }
        } else if (strcmp(kv->k, "match[type]") == 0) {
            any_type = true;
            rc = each_item(kv->v, kv->vlen, on_type, &c);
        } else if (strcmp(kv->k, "match[version]") == 0) {
            any_version = true;
            rc = each_item(kv->v, kv->vlen, on_version, &c);
        } else if (strcmp(kv->k, "match[spec_version]") == 0) {
            any_spec = true;
            rc = each_item(kv->v, kv->vlen, on_spec, &c);
        }
    }
    if (!any_type)
        f->type_indicator = f->type_report = f->type_threat = true;
    if (!any_version)
        f->version_last = true;
    if (!any_spec)
        f->spec_ok = true;
    return rc;
}
