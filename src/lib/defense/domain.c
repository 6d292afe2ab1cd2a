/* SPDX-License-Identifier: Apache-2.0 */
/*
 * domain.c - drop domains whose parent is listed too.
 *
 * Squid refuses (older releases) or warns about ".a.evil.com" next to
 * ".evil.com"; in an RPZ or a WAF regex the child is dead weight. Every
 * domain's proper suffixes on a label boundary are looked up in a hash set
 * of the listed domains: a name with n dots costs n lookups, so the pass is
 * linear in the input.
 */
#include <string.h>
#include "defense/defense_int.h"

static uint64_t hash_mem(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h ^ (h >> 29);
}

ksz_rc ksz__def_domains_minimal(const struct def_set *set, bool *keep)
{
    size_t cap = 16, *slot;

    for (size_t i = 0; i < set->n; i++)
        keep[i] = true;
    while (cap < set->n * 2 + 2)
        cap *= 2;
    slot = ksz__malloc(cap * sizeof *slot);
    if (slot == NULL)
        return KSZ_ERR_NOMEM;
    for (size_t i = 0; i < cap; i++)
        slot[i] = SIZE_MAX;
    for (size_t i = 0; i < set->n; i++) {
        const struct def_entry *e = &set->e[i];
        size_t h;
        if (e->type != KSZ_IOC_DOMAIN)
            continue;
        h = hash_mem(DEF_VAL(set, e), e->vlen) & (cap - 1);
        while (slot[h] != SIZE_MAX)
            h = (h + 1) & (cap - 1);
        slot[h] = i;
    }
    for (size_t i = 0; i < set->n; i++) {
        const struct def_entry *e = &set->e[i];
        const char *v = DEF_VAL(set, e);
        if (e->type != KSZ_IOC_DOMAIN)
            continue;
        for (const char *d = memchr(v, '.', e->vlen); d != NULL && keep[i];
             d = memchr(d + 1, '.', e->vlen - (size_t)(d + 1 - v))) {
            const char *p = d + 1;
            size_t n = e->vlen - (size_t)(p - v);
            size_t h = hash_mem(p, n) & (cap - 1);
            while (slot[h] != SIZE_MAX) {
                const struct def_entry *o = &set->e[slot[h]];
                if (o->vlen == n && memcmp(DEF_VAL(set, o), p, n) == 0) {
                    keep[i] = false;
                    break;
                }
                h = (h + 1) & (cap - 1);
            }
        }
    }
    ksz__free(slot);
    return KSZ_OK;
}
