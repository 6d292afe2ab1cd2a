/* SPDX-License-Identifier: Apache-2.0 */
/*
 * interval.c - addresses and networks as closed integer intervals, merged so
 * that no two overlap or touch.
 *
 * nftables refuses overlapping elements in an interval set, Squid warns on
 * them, and an AWS WAF IP set counts every one against its limit. Both
 * families use one 128-bit representation (IPv4 in the low 32 bits), so
 * one sort and one sweep serve both: sort by start, then extend the current
 * interval while the next starts at or before its end + 1. Each merged
 * interval keeps the list of entries it came from, for comments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "defense/defense_int.h"

static def_u128 ones(unsigned bits)
{
    return bits >= 128 ? ~(def_u128)0 : (((def_u128)1 << bits) - 1);
}

bool ksz__def_entry_range(const struct def_set *set, const struct def_entry *e, bool *v6,
                          def_u128 *lo, def_u128 *hi)
{
    const char *v = DEF_VAL(set, e);
    uint32_t a4;
    uint8_t a6[16];
    unsigned pfx;
    def_u128 a = 0;

    switch (e->type) {
    case KSZ_IOC_IPV4:
    case KSZ_IOC_CIDR4:
        if (e->type == KSZ_IOC_IPV4) {
            if (ksz_ipv4_parse(v, e->vlen, &a4, NULL) != KSZ_OK)
                return false;
            pfx = 32;
        } else if (ksz_cidr4_parse(v, e->vlen, &a4, &pfx, NULL) != KSZ_OK) {
            return false;
        }
        *v6 = false;
        *lo = a4;
        *hi = a4 | ones(32 - pfx);
        return true;
    case KSZ_IOC_IPV6:
    case KSZ_IOC_CIDR6:
        if (e->type == KSZ_IOC_IPV6) {
            if (ksz_ipv6_parse(v, e->vlen, a6, NULL) != KSZ_OK)
                return false;
            pfx = 128;
        } else if (ksz_cidr6_parse(v, e->vlen, a6, &pfx, NULL) != KSZ_OK) {
            return false;
        }
        for (int i = 0; i < 16; i++)
            a = (a << 8) | a6[i];
        *v6 = true;
        *lo = a;
        *hi = a | ones(128 - pfx);
        return true;
    default:
        return false;
    }
}

void ksz__def_addr(bool v6, def_u128 a, char buf[64])
{
    if (!v6) {
        ksz_ipv4_format((uint32_t)a, buf);
    } else {
        uint8_t b[16];
        for (int i = 15; i >= 0; i--) {
            b[i] = (uint8_t)(a & 0xff);
            a >>= 8;
        }
        ksz_ipv6_format(b, buf);
    }
}

/* The prefix length when [lo, hi] is exactly one network, else -1. */
static int cidr_of(bool v6, def_u128 lo, def_u128 hi)
{
    unsigned bits = v6 ? 128 : 32;
    def_u128 span = hi - lo;

    for (unsigned host = 0; host <= bits; host++) {
        if (span == ones(host))
            return (lo & ones(host)) == 0 ? (int)(bits - host) : -1;
        if (host == bits)
            break;
    }
    return -1;
}

void ksz__def_iv_text(bool v6, def_u128 lo, def_u128 hi, char buf[140])
{
    char a[64], b[64];
    int p = cidr_of(v6, lo, hi);

    ksz__def_addr(v6, lo, a);
    if (lo == hi) {
        snprintf(buf, 140, "%s", a);
    } else if (p >= 0) {
        snprintf(buf, 140, "%s/%d", a, p);
    } else {
        ksz__def_addr(v6, hi, b);
        snprintf(buf, 140, "%s-%s", a, b);
    }
}

void ksz__def_iv_cidrs(bool v6, def_u128 lo, def_u128 hi,
                       void (*cb)(void *u, const char *cidr), void *u)
{
    unsigned bits = v6 ? 128 : 32;

    for (;;) {
        unsigned host = 0;
        char a[64], out[80];

        /* the largest aligned block starting at lo that stays within hi */
        while (host < bits && (lo & ones(host + 1)) == 0 && lo + ones(host + 1) <= hi &&
               lo + ones(host + 1) >= lo)
            host++;
        ksz__def_addr(v6, lo, a);
        snprintf(out, sizeof out, "%s/%u", a, bits - host);
        cb(u, out);
        if (lo + ones(host) >= hi)
            break;
        lo += ones(host) + 1;
    }
}

struct raw {
    def_u128 lo, hi;
    size_t entry;
};

static int cmp_raw(const void *a, const void *b)
{
    const struct raw *x = a, *y = b;

    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    if (x->hi != y->hi)
        return x->hi < y->hi ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

ksz_rc ksz__def_ivset_build(const struct def_set *set, bool v6,
                            bool (*pick)(const struct def_entry *e, void *u), void *u,
                            struct def_ivset *out)
{
    struct raw *r;
    size_t n = 0;

    memset(out, 0, sizeof *out);
    out->v6 = v6;
    r = ksz__malloc((set->n ? set->n : 1) * sizeof *r);
    if (r == NULL)
        return KSZ_ERR_NOMEM;
    for (size_t i = 0; i < set->n; i++) {
        bool is6;
        def_u128 lo, hi;
        if (pick != NULL && !pick(&set->e[i], u))
            continue;
        if (!ksz__def_entry_range(set, &set->e[i], &is6, &lo, &hi) || is6 != v6)
            continue;
        r[n].lo = lo;
        r[n].hi = hi;
        r[n].entry = i;
        n++;
    }
    qsort(r, n, sizeof *r, cmp_raw);
    out->iv = ksz__malloc((n ? n : 1) * sizeof *out->iv);
    out->members = ksz__malloc((n ? n : 1) * sizeof *out->members);
    if (out->iv == NULL || out->members == NULL) {
        ksz__free(r);
        ksz__def_ivset_free(out);
        return KSZ_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        struct def_iv *cur = out->n ? &out->iv[out->n - 1] : NULL;
        /* touching: the next starts right after the end (no wrap at the top) */
        if (cur != NULL && (r[i].lo <= cur->hi || (cur->hi + 1 != 0 && r[i].lo == cur->hi + 1))) {
            if (r[i].hi > cur->hi)
                cur->hi = r[i].hi;
            cur->count++;
        } else {
            cur = &out->iv[out->n++];
            cur->lo = r[i].lo;
            cur->hi = r[i].hi;
            cur->first = out->nmem;
            cur->count = 1;
        }
        out->members[out->nmem++] = r[i].entry;
    }
    out->cap = n;
    ksz__free(r);
    return KSZ_OK;
}

void ksz__def_ivset_free(struct def_ivset *s)
{
    ksz__free(s->iv);
    ksz__free(s->members);
    memset(s, 0, sizeof *s);
}
