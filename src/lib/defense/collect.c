/* SPDX-License-Identifier: Apache-2.0 */
/*
 * collect.c - the entries of a blocklist, read from the store in one pass.
 *
 * The store gives claims in (type, value, source) order, so the claims of
 * one value arrive together and are merged on the fly into one entry; no
 * sort and no hash table of values is needed. Threat names come from one
 * walk of the threats (STIX id -> name, threats above the TLP ceiling left
 * unnamed). Every value is checked again against the warninglists stored
 * now and against the address and name classes: a blocklist must never
 * hold a value a list marks as legitimate, nor a private network.
 *
 * The state at an earlier time (--since) is rebuilt from what the API
 * gives: the store's active test evaluated at that time, except that a
 * revoke or false-positive mark dated after it (history) did not count
 * then, nor a source's revocation in a version modified after it. What the
 * API does not keep - when a value joined a warninglist, when a refresh
 * moved valid_until - is read as it is now.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "defense/defense_int.h"

#define GROUP_NAMES 8
#define NAME_MAX_LEN 96

/* ---- threat names --------------------------------------------------- */

struct tmap {
    char **keys;
    char **names;
    size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static ksz_rc tmap_put(struct tmap *m, const char *key, const char *name)
{
    size_t i;

    if ((m->n + 1) * 2 > m->cap) {
        struct tmap nm = {0};
        nm.cap = m->cap ? m->cap * 2 : 256;
        nm.keys = ksz__calloc(nm.cap, sizeof *nm.keys);
        nm.names = ksz__calloc(nm.cap, sizeof *nm.names);
        if (nm.keys == NULL || nm.names == NULL) {
            ksz__free(nm.keys);
            ksz__free(nm.names);
            return KSZ_ERR_NOMEM;
        }
        for (size_t k = 0; k < m->cap; k++) {
            if (m->keys[k] == NULL)
                continue;
            i = hash_str(m->keys[k]) & (nm.cap - 1);
            while (nm.keys[i] != NULL)
                i = (i + 1) & (nm.cap - 1);
            nm.keys[i] = m->keys[k];
            nm.names[i] = m->names[k];
        }
        nm.n = m->n;
        ksz__free(m->keys);
        ksz__free(m->names);
        *m = nm;
    }
    i = hash_str(key) & (m->cap - 1);
    while (m->keys[i] != NULL) {
        if (strcmp(m->keys[i], key) == 0)
            return KSZ_OK;
        i = (i + 1) & (m->cap - 1);
    }
    m->keys[i] = ksz__strndup(key, strlen(key));
    m->names[i] = ksz__strndup(name, strlen(name));
    if (m->keys[i] == NULL || m->names[i] == NULL) {
        ksz__free(m->keys[i]);
        ksz__free(m->names[i]);
        m->keys[i] = m->names[i] = NULL;
        return KSZ_ERR_NOMEM;
    }
    m->n++;
    return KSZ_OK;
}

static const char *tmap_get(const struct tmap *m, const char *key)
{
    size_t i;

    if (m->cap == 0)
        return NULL;
    i = hash_str(key) & (m->cap - 1);
    while (m->keys[i] != NULL) {
        if (strcmp(m->keys[i], key) == 0)
            return m->names[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NULL;
}

static void tmap_free(struct tmap *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        ksz__free(m->keys[i]);
        ksz__free(m->names[i]);
    }
    ksz__free(m->keys);
    ksz__free(m->names);
}

/* ---- the pass ------------------------------------------------------- */

struct coll {
    struct def_ctx *c;
    struct def_set *set;
    struct tmap threats;
    struct ksz_warn *warn;
    ksz_tlp tlp_cap;
    bool at_since;
    ksz_rc rc;
    /* the value being merged */
    bool open;
    ksz_ioc_type type;
    struct ksz_buf value;
    char thr[GROUP_NAMES][NAME_MAX_LEN];
    size_t nthr;
    char src[GROUP_NAMES][NAME_MAX_LEN];
    size_t nsrc;
    uint32_t usage;
    int64_t valid_until, modified, age;
};

static int threat_row(const struct ksz_threat *t, void *user)
{
    struct coll *x = user;

    if (t->tlp != KSZ_TLP_UNSET && t->tlp > x->tlp_cap)
        return 0;
    if (t->stix_id == NULL || t->name == NULL)
        return 0;
    x->rc = tmap_put(&x->threats, t->stix_id, t->name);
    return x->rc != KSZ_OK;
}

static void add_name(char names[GROUP_NAMES][NAME_MAX_LEN], size_t *n, const char *s)
{
    if (s == NULL || *s == '\0')
        return;
    for (size_t i = 0; i < *n; i++)
        if (strncmp(names[i], s, NAME_MAX_LEN - 1) == 0)
            return;
    if (*n < GROUP_NAMES)
        snprintf(names[(*n)++], NAME_MAX_LEN, "%s", s);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* Append the names sorted and ", "-joined, NUL-terminated; *off gets where. */
static ksz_rc put_names(struct ksz_buf *b, char names[GROUP_NAMES][NAME_MAX_LEN], size_t n,
                        size_t *off)
{
    ksz_rc rc = KSZ_OK;

    qsort(names, n, NAME_MAX_LEN, cmp_name);
    *off = b->len;
    for (size_t i = 0; i < n && rc == KSZ_OK; i++) {
        if (i > 0)
            rc = ksz_buf_append(b, ", ", 2);
        if (rc == KSZ_OK)
            rc = ksz_buf_append(b, names[i], strlen(names[i]));
    }
    if (rc == KSZ_OK)
        rc = ksz_buf_append(b, "", 1); /* keeps the NUL as part of the data */
    return rc;
}

/* Addresses and names no device should ever block. */
static bool is_public(ksz_ioc_type t, const char *v, size_t len)
{
    uint32_t a4;
    uint8_t a6[16];
    unsigned pfx;

    switch (t) {
    case KSZ_IOC_IPV4:
        return ksz_ipv4_parse(v, len, &a4, NULL) == KSZ_OK &&
               ksz_ipv4_class(a4) == KSZ_IOC_CLASS_PUBLIC;
    case KSZ_IOC_IPV6:
        return ksz_ipv6_parse(v, len, a6, NULL) == KSZ_OK &&
               ksz_ipv6_class(a6) == KSZ_IOC_CLASS_PUBLIC;
    case KSZ_IOC_CIDR4:
        /* a network that is not public at its base, or wider than a /8 */
        return ksz_cidr4_parse(v, len, &a4, &pfx, NULL) == KSZ_OK && pfx >= 8 &&
               ksz_ipv4_class(a4) == KSZ_IOC_CLASS_PUBLIC &&
               ksz_ipv4_class(a4 | (pfx == 32 ? 0 : (0xffffffffu >> pfx))) ==
                   KSZ_IOC_CLASS_PUBLIC;
    case KSZ_IOC_CIDR6:
        return ksz_cidr6_parse(v, len, a6, &pfx, NULL) == KSZ_OK && pfx >= 16 &&
               ksz_ipv6_class(a6) == KSZ_IOC_CLASS_PUBLIC;
    case KSZ_IOC_DOMAIN: {
        ksz_ioc_class k = ksz_domain_class(v, len);
        return k != KSZ_IOC_CLASS_DOCUMENTATION && k != KSZ_IOC_CLASS_RESERVED;
    }
    default:
        return true;
    }
}

static ksz_rc finish(struct coll *x)
{
    struct def_set *set = x->set;
    struct def_entry *e;
    struct ksz_warn_hit hit;
    size_t nhit = 0;
    ksz_rc rc;

    if (!x->open)
        return KSZ_OK;
    x->open = false;
    if (!is_public(x->type, x->value.data, x->value.len)) {
        x->c->held_back++;
        return KSZ_OK;
    }
    if (x->warn != NULL &&
        ksz_warn_check(x->warn, x->type, x->value.data, x->value.len, &hit, 1, &nhit) == KSZ_OK &&
        nhit > 0) {
        x->c->held_back++;
        return KSZ_OK;
    }
    if (set->n == set->cap) {
        size_t nc = set->cap ? set->cap * 2 : 1024;
        struct def_entry *ne = ksz__realloc(set->e, nc * sizeof *ne);
        if (ne == NULL)
            return KSZ_ERR_NOMEM;
        set->e = ne;
        set->cap = nc;
    }
    e = &set->e[set->n];
    memset(e, 0, sizeof *e);
    e->type = x->type;
    e->usage = x->usage;
    e->valid_until = x->valid_until;
    e->modified = x->modified;
    e->age = x->age;
    e->value = set->text.len;
    e->vlen = x->value.len;
    rc = ksz_buf_append(&set->text, x->value.data, x->value.len + 1);
    if (rc == KSZ_OK)
        rc = put_names(&set->text, x->thr, x->nthr, &e->threat);
    if (rc == KSZ_OK)
        rc = put_names(&set->text, x->src, x->nsrc, &e->source);
    if (rc == KSZ_OK) {
        set->n++;
        if (e->modified > x->c->newest && !x->at_since)
            x->c->newest = e->modified;
    }
    return rc;
}

struct hist_ctx {
    int64_t marked;
};

static int hist_row(const struct ksz_history_event *ev, void *user)
{
    struct hist_ctx *h = user;

    if (strcmp(ev->event, "revoked") == 0 || strcmp(ev->event, "false-positive") == 0)
        h->marked = ev->at;
    else if (strcmp(ev->event, "unmarked") == 0)
        h->marked = 0;
    return 0;
}

/* Was this claim active at x->c->f.now (the since time)? */
static bool was_active(struct coll *x, const struct ksz_indicator *ind,
                       const struct ksz_indicator_state *state)
{
    int64_t t = x->c->o->since;
    struct hist_ctx h = {0};
    const char *why = state->inactive_reason;

    if (ind->warnings.n > 0 || ind->warn_blocked)
        return false;
    if (state->active)
        return true;
    if (why == NULL || (strcmp(why, "revoked") != 0 && strcmp(why, "false-positive") != 0))
        return false;
    if (ksz_store_each_history(x->c->st, state->id, hist_row, &h, NULL) != KSZ_OK)
        return false;
    if (h.marked != 0 && h.marked <= t)
        return false;              /* marked before then */
    if (h.marked == 0 && !(ind->revoked && ind->modified > t))
        return false;              /* no dated mark: a source revocation from before */
    /* the mark came later: judge the window at t (the decay before the
     * mark is not kept by the store; the window is) */
    return ind->valid_from <= t && (ind->valid_until == 0 || t < ind->valid_until);
}

static int ind_row(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                   void *user)
{
    struct coll *x = user;
    size_t len = strlen(ind->value);
    uint32_t usage;

    if (x->at_since && !was_active(x, ind, state))
        return 0;
    if (!x->open || ind->type != x->type || len != x->value.len ||
        memcmp(ind->value, x->value.data, len) != 0) {
        x->rc = finish(x);
        if (x->rc != KSZ_OK)
            return 1;
        ksz_buf_reset(&x->value);
        x->rc = ksz_buf_append(&x->value, ind->value, len);
        if (x->rc != KSZ_OK)
            return 1;
        x->open = true;
        x->type = ind->type;
        x->nthr = x->nsrc = 0;
        x->usage = 0;
        x->valid_until = -1;
        x->modified = 0;
        x->age = INT64_MAX;
    }
    usage = ind->usage != 0 ? ind->usage : KSZ_USAGE_ALL;
    x->usage |= usage;
    if (x->valid_until != 0 && (ind->valid_until == 0 || ind->valid_until > x->valid_until))
        x->valid_until = ind->valid_until;
    if (ind->modified > x->modified)
        x->modified = ind->modified;
    if (state->id < x->age)
        x->age = state->id;
    for (size_t i = 0; i < ind->threats.n; i++) {
        const char *name = tmap_get(&x->threats, ind->threats.items[i]);
        if (name != NULL)
            add_name(x->thr, &x->nthr, name);
    }
    add_name(x->src, &x->nsrc, ind->source);
    return 0;
}

ksz_rc ksz__def_collect(struct def_ctx *c, struct def_set *set, bool at_since)
{
    struct coll x;
    struct ksz_filter f = c->f;
    ksz_rc rc;

    memset(&x, 0, sizeof x);
    x.c = c;
    x.set = set;
    x.at_since = at_since;
    ksz_buf_init(&x.value, KSZ_IOC_VALUE_MAX + 1);
    x.tlp_cap = f.tlp_max >= KSZ_TLP_RED && !f.allow_red ? KSZ_TLP_AMBER_STRICT : f.tlp_max;
    if (at_since) {
        f.active_only = false;
        f.include_warned = true;
        f.now = c->o->since;
    }
    rc = ksz_store_load_warn(c->st, &x.warn, c->err);
    if (rc == KSZ_OK)
        rc = ksz_store_each_threat(c->st, NULL, threat_row, &x, c->err);
    if (rc == KSZ_OK && x.rc != KSZ_OK)
        rc = ksz_error_set(c->err, x.rc, "defense: %s", ksz_strerror(x.rc));
    if (rc == KSZ_OK)
        rc = ksz_store_each_indicator(c->st, &f, ind_row, &x, c->err);
    if (rc == KSZ_OK && x.rc == KSZ_OK)
        x.rc = finish(&x);
    if (rc == KSZ_OK && x.rc != KSZ_OK)
        rc = ksz_error_set(c->err, x.rc, "defense: %s", ksz_strerror(x.rc));
    ksz_warn_free(x.warn);
    tmap_free(&x.threats);
    ksz_buf_cleanup(&x.value);
    return rc;
}

void ksz__def_set_free(struct def_set *set)
{
    ksz__free(set->e);
    ksz_buf_cleanup(&set->text);
    memset(set, 0, sizeof *set);
}

int ksz__def_cmp(const struct def_set *a, const struct def_entry *x, const struct def_set *b,
                 const struct def_entry *y)
{
    size_t n;
    int r;

    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    n = x->vlen < y->vlen ? x->vlen : y->vlen;
    r = memcmp(DEF_VAL(a, x), DEF_VAL(b, y), n);
    if (r != 0)
        return r;
    return x->vlen < y->vlen ? -1 : x->vlen > y->vlen;
}
