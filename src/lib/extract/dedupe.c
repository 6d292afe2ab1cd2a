/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dedupe.c - the set behind --unique: each (type, canonical value) once.
 *
 * Open addressing over 64-bit FNV-1a hashes, values kept in one growing
 * arena, so remembering a value costs one copy and no allocation per value.
 * The set is capped (opts.unique_max distinct values); past the cap the
 * extractor fails with KSZ_ERR_LIMIT rather than grow without bound.
 */
#include <string.h>
#include "extract/extract_int.h"

static uint64_t fnv(ksz_ioc_type t, const char *v, size_t n)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)t;

    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)v[i];
        h *= 1099511628211ull;
    }
    return h | 1; /* never 0: 0 marks an empty slot */
}

static bool same(const struct xdedupe *d, size_t slot, const char *v, size_t n)
{
    const char *p = d->arena + d->offs[slot] - 1;
    size_t len;

    memcpy(&len, p, sizeof len);
    return len == n && memcmp(p + sizeof len, v, n) == 0;
}

static ksz_rc grow(struct xdedupe *d)
{
    size_t nn = d->nslots ? d->nslots * 2 : 1024;
    uint64_t *ns = ksz__calloc(nn, sizeof *ns);
    uint32_t *no = ksz__calloc(nn, sizeof *no);

    if (ns == NULL || no == NULL) {
        ksz__free(ns);
        ksz__free(no);
        return KSZ_ERR_NOMEM;
    }
    for (size_t i = 0; i < d->nslots; i++) {
        size_t j;
        if (d->slots[i] == 0)
            continue;
        for (j = d->slots[i] & (nn - 1); ns[j] != 0; j = (j + 1) & (nn - 1))
            ;
        ns[j] = d->slots[i];
        no[j] = d->offs[i];
    }
    ksz__free(d->slots);
    ksz__free(d->offs);
    d->slots = ns;
    d->offs = no;
    d->nslots = nn;
    return KSZ_OK;
}

static void fail(struct ksz_extractor *x, ksz_rc rc)
{
    x->rc = rc;
    if (rc == KSZ_ERR_LIMIT)
        ksz_error_set(&x->err, rc, "extract: more than %zu distinct values for --unique",
                      x->dd.max);
    else
        ksz_error_set(&x->err, rc, "extract: out of memory");
}

bool ksz__x_dedupe_add(struct ksz_extractor *x, ksz_ioc_type t, const char *v, size_t n)
{
    struct xdedupe *d = &x->dd;
    uint64_t h = (fnv(t, v, n) << 8) | (uint64_t)t, hh;
    size_t j, need;

    hh = h == 0 ? 1 : h;
    if (d->nslots) {
        for (j = hh & (d->nslots - 1); d->slots[j] != 0; j = (j + 1) & (d->nslots - 1))
            if (d->slots[j] == hh && same(d, j, v, n))
                return false;
    }
    if (d->count >= d->max) {
        fail(x, KSZ_ERR_LIMIT);
        return false;
    }
    if ((d->count + 1) * 2 > d->nslots && grow(d) != KSZ_OK) {
        fail(x, KSZ_ERR_NOMEM);
        return false;
    }
    need = sizeof(size_t) + n;
    if (d->alen + need > d->acap) {
        size_t nc = d->acap ? d->acap * 2 : 65536;
        char *na;
        while (nc < d->alen + need)
            nc *= 2;
        if (nc > UINT32_MAX) {
            fail(x, KSZ_ERR_LIMIT);
            return false;
        }
        na = ksz__realloc(d->arena, nc);
        if (na == NULL) {
            fail(x, KSZ_ERR_NOMEM);
            return false;
        }
        d->arena = na;
        d->acap = nc;
    }
    memcpy(d->arena + d->alen, &n, sizeof n);
    memcpy(d->arena + d->alen + sizeof n, v, n);
    for (j = hh & (d->nslots - 1); d->slots[j] != 0; j = (j + 1) & (d->nslots - 1))
        ;
    d->slots[j] = hh;
    d->offs[j] = (uint32_t)(d->alen + 1);
    d->alen += need;
    d->count++;
    return true;
}

void ksz__x_dedupe_free(struct xdedupe *d)
{
    ksz__free(d->slots);
    ksz__free(d->offs);
    ksz__free(d->arena);
    memset(d, 0, sizeof *d);
}
