/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sid.c - stable signature ids for the Suricata and Snort rules.
 *
 * An indicator must keep its sid across exports: suppressions, thresholds
 * and tickets name rules by sid. The sid of a rule is derived, with no
 * state of its own, from a hash of (rule kind, type, value) into the range
 * [sid_base + 16, sid_base + 16 + 2^30), and collisions are settled by age:
 *
 *   Every observable the store has ever held (active or not: indicators are
 *   never deleted) is taken in the order of its age - the lowest row id of
 *   its claims, which is fixed the day the first claim is stored and which
 *   no later observable can undercut. Each rule key then takes the first
 *   free slot of its own probe sequence h_i = H(key, i), i = 0, 1, ...
 *
 * By induction on age, the sids of older keys do not depend on anything
 * younger, so adding indicators never moves an existing sid, and neither
 * does an indicator going inactive (it still counts as taken). "Probe to
 * the next free sid in sorted value order" would not have this property: a
 * new value sorting before an old one would push it along.
 *
 * Cost: one extra pass over every indicator of the rule types and a sort of
 * the keys by age. Limit: two different keys with the same 64-bit hash
 * would share a lookup slot (odds about n^2 / 2^65: 1e-7 at 3 million keys).
 */
#include <stdlib.h>
#include <string.h>
#include "defense/defense_int.h"

#define MAX_KINDS 4

struct key {
    uint64_t h;
    int64_t age;
    unsigned kind;
};

struct def_sids {
    uint32_t base;
    uint64_t *hk;       /* key hash per slot (0 = empty) */
    uint32_t *sid;
    size_t cap;
};

static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static uint64_t key_hash(const char *kind, ksz_ioc_type t, const char *v, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (const char *k = kind; *k; k++) {
        h ^= (unsigned char)*k;
        h *= 0x100000001b3ULL;
    }
    h ^= 0xff;
    h *= 0x100000001b3ULL;
    h ^= (uint64_t)t;
    h *= 0x100000001b3ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)v[i];
        h *= 0x100000001b3ULL;
    }
    h = mix(h);
    return h != 0 ? h : 1;
}

struct pass {
    const char *const *(*kinds)(ksz_ioc_type t);
    struct key *k;
    size_t n, cap;
    ksz_ioc_type type;
    char *value;
    size_t vlen, vcap;
    int64_t age;
    bool open;
    ksz_rc rc;
};

static ksz_rc push_group(struct pass *p)
{
    const char *const *kinds;

    if (!p->open)
        return KSZ_OK;
    kinds = p->kinds(p->type);
    for (unsigned i = 0; kinds != NULL && kinds[i] != NULL && i < MAX_KINDS; i++) {
        if (p->n == p->cap) {
            size_t nc = p->cap ? p->cap * 2 : 4096;
            struct key *nk = ksz__realloc(p->k, nc * sizeof *nk);
            if (nk == NULL)
                return KSZ_ERR_NOMEM;
            p->k = nk;
            p->cap = nc;
        }
        p->k[p->n].h = key_hash(kinds[i], p->type, p->value, p->vlen);
        p->k[p->n].age = p->age;
        p->k[p->n].kind = i;
        p->n++;
    }
    return KSZ_OK;
}

static int row(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
               void *user)
{
    struct pass *p = user;
    size_t len = strlen(ind->value);

    if (!p->open || ind->type != p->type || len != p->vlen ||
        memcmp(ind->value, p->value, len) != 0) {
        p->rc = push_group(p);
        if (p->rc != KSZ_OK)
            return 1;
        if (len + 1 > p->vcap) {
            char *nv = ksz__realloc(p->value, len + 1);
            if (nv == NULL) {
                p->rc = KSZ_ERR_NOMEM;
                return 1;
            }
            p->value = nv;
            p->vcap = len + 1;
        }
        memcpy(p->value, ind->value, len + 1);
        p->vlen = len;
        p->type = ind->type;
        p->age = INT64_MAX;
        p->open = true;
    }
    if (state->id < p->age)
        p->age = state->id;
    return 0;
}

static int cmp_key(const void *a, const void *b)
{
    const struct key *x = a, *y = b;

    if (x->age != y->age)
        return x->age < y->age ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->h < y->h ? -1 : x->h > y->h;
}

static uint32_t probe(const struct def_sids *s, uint64_t h, unsigned i)
{
    return s->base + 16u + (uint32_t)(mix(h + (uint64_t)i * 0x9e3779b97f4a7c15ULL) &
                                      (KSZ_DEFENSE_SID_SPAN - 1));
}

ksz_rc ksz__def_sids_build(struct def_ctx *c, ksz_ioc_typeset types,
                           const char *const *(*kinds)(ksz_ioc_type t), struct def_sids **out)
{
    struct ksz_filter f;
    struct pass p;
    struct def_sids *s = NULL;
    uint32_t *taken = NULL;
    size_t tcap = 16;
    ksz_rc rc;

    *out = NULL;
    memset(&p, 0, sizeof p);
    p.kinds = kinds;
    ksz_filter_init(&f);
    f.active_only = false;
    f.tlp_max = KSZ_TLP_RED;
    f.allow_red = true;
    f.include_warned = true;
    f.types = types;
    f.now = c->f.now;
    rc = ksz_store_each_indicator(c->st, &f, row, &p, c->err);
    if (rc == KSZ_OK && p.rc == KSZ_OK)
        p.rc = push_group(&p);
    if (rc == KSZ_OK && p.rc != KSZ_OK)
        rc = ksz_error_set(c->err, p.rc, "defense: sids: %s", ksz_strerror(p.rc));
    if (rc != KSZ_OK)
        goto out;
    qsort(p.k, p.n, sizeof *p.k, cmp_key);
    while (tcap < p.n * 2 + 2)
        tcap *= 2;
    s = ksz__calloc(1, sizeof *s);
    taken = ksz__calloc(tcap, sizeof *taken);
    if (s != NULL) {
        s->base = c->o->sid_base;
        s->cap = tcap;
        s->hk = ksz__calloc(tcap, sizeof *s->hk);
        s->sid = ksz__calloc(tcap, sizeof *s->sid);
    }
    if (s == NULL || taken == NULL || s->hk == NULL || s->sid == NULL) {
        rc = ksz_error_set(c->err, KSZ_ERR_NOMEM, "defense: sids: out of memory");
        goto out;
    }
    for (size_t i = 0; i < p.n; i++) {
        uint32_t sid = 0;
        size_t slot;
        for (unsigned k = 0;; k++) {
            size_t t;
            sid = probe(s, p.k[i].h, k);
            t = mix(sid) & (tcap - 1);
            while (taken[t] != 0 && taken[t] != sid)
                t = (t + 1) & (tcap - 1);
            if (taken[t] == 0) {
                taken[t] = sid;
                break;
            }
        }
        slot = p.k[i].h & (tcap - 1);
        while (s->hk[slot] != 0 && s->hk[slot] != p.k[i].h)
            slot = (slot + 1) & (tcap - 1);
        if (s->hk[slot] == 0) {
            s->hk[slot] = p.k[i].h;
            s->sid[slot] = sid;
        }
    }
    *out = s;
    s = NULL;
out:
    ksz__def_sids_free(s);
    ksz__free(taken);
    ksz__free(p.k);
    ksz__free(p.value);
    return rc;
}

uint32_t ksz__def_sid(const struct def_sids *s, const char *kind, ksz_ioc_type t,
                      const char *value, size_t len)
{
    uint64_t h = key_hash(kind, t, value, len);
    size_t slot = h & (s->cap - 1);

    while (s->hk[slot] != 0) {
        if (s->hk[slot] == h)
            return s->sid[slot];
        slot = (slot + 1) & (s->cap - 1);
    }
    /* not in the store's history (cannot happen for a value just read from
     * it): its first probe */
    return probe(s, h, 0);
}

void ksz__def_sids_free(struct def_sids *s)
{
    if (s == NULL)
        return;
    ksz__free(s->hk);
    ksz__free(s->sid);
    ksz__free(s);
}
