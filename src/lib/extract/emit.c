/* SPDX-License-Identifier: Apache-2.0 */
/*
 * emit.c - the one way out of the extractor: canonicalise a candidate,
 * classify it, filter it, de-duplicate it and call the user back.
 *
 * The decision a reader must know: documentation and reserved values
 * (192.0.2.0/24, 2001:db8::/32, example.com, .test, .invalid, .local,
 * localhost) are not indicators and are dropped unless the caller sets
 * include_reserved; private, loopback and link-local addresses and links to
 * reference sites are reported, flagged KSZ_EXTRACT_REFERENCE with a reason,
 * so one flag (drop_reference) removes them.
 */
#include <assert.h>
#include <string.h>
#include "extract/extract_int.h"

bool ksz__x_wanted(const struct ksz_extractor *x, ksz_ioc_type t)
{
    return x->o.types == 0 || (x->o.types & KSZ_IOC_BIT(t)) != 0;
}

const char *ksz__x_class_reason(ksz_ioc_class c, bool *drop)
{
    *drop = false;
    switch (c) {
    case KSZ_IOC_CLASS_PRIVATE:
        return "private address";
    case KSZ_IOC_CLASS_LOOPBACK:
        return "loopback address";
    case KSZ_IOC_CLASS_LINK_LOCAL:
        return "link-local address";
    case KSZ_IOC_CLASS_MULTICAST:
        return "multicast address";
    case KSZ_IOC_CLASS_DOCUMENTATION:
        *drop = true;
        return "documentation value";
    case KSZ_IOC_CLASS_RESERVED:
        *drop = true;
        return "reserved value";
    default:
        return NULL;
    }
}

/* Classify a canonical value: a reason (or NULL), and whether it is a
 * documentation/reserved value. */
static const char *classify(ksz_ioc_type t, const char *v, size_t n, const struct ksz_url *parts,
                            bool *drop)
{
    uint32_t a4;
    uint8_t a6[16];
    unsigned prefix;
    struct ksz_url u;
    char tmp[KSZ_IOC_VALUE_MAX + 1];
    const char *at;

    *drop = false;
    switch (t) {
    case KSZ_IOC_IPV4:
        if (ksz_ipv4_parse(v, n, &a4, NULL) == KSZ_OK)
            return ksz__x_class_reason(ksz_ipv4_class(a4), drop);
        return NULL;
    case KSZ_IOC_IPV6:
        if (ksz_ipv6_parse(v, n, a6, NULL) == KSZ_OK)
            return ksz__x_class_reason(ksz_ipv6_class(a6), drop);
        return NULL;
    case KSZ_IOC_CIDR4:
        if (ksz_cidr4_parse(v, n, &a4, &prefix, NULL) == KSZ_OK)
            return ksz__x_class_reason(ksz_ipv4_class(a4), drop);
        return NULL;
    case KSZ_IOC_CIDR6:
        if (ksz_cidr6_parse(v, n, a6, &prefix, NULL) == KSZ_OK)
            return ksz__x_class_reason(ksz_ipv6_class(a6), drop);
        return NULL;
    case KSZ_IOC_DOMAIN:
        return ksz__x_name_reason(v, n, X_NAME_SERVICES, drop);
    case KSZ_IOC_EMAIL:
        at = memchr(v, '@', n);
        if (at != NULL) {
            const char *d = at + 1;
            size_t dn = n - (size_t)(d - v);
            return ksz__x_name_reason(d, dn, X_NAME_CLASS, drop);
        }
        return NULL;
    case KSZ_IOC_URL:
        /* the caller's parts of the canonical v, or parse it again */
        if (parts != NULL || ksz_url_canon(v, n, tmp, sizeof tmp, NULL, &u, NULL) == KSZ_OK) {
            const char *h = parts != NULL ? v + parts->host_off : tmp + u.host_off;
            if (parts != NULL)
                u = *parts;
            if (u.host_type == KSZ_IOC_DOMAIN)
                return ksz__x_name_reason(h, u.host_len, X_NAME_SITES, drop);
            if (u.host_type == KSZ_IOC_IPV4 && ksz_ipv4_parse(h, u.host_len, &a4, NULL) == KSZ_OK)
                return ksz__x_class_reason(ksz_ipv4_class(a4), drop);
            if (u.host_type == KSZ_IOC_IPV6 && ksz_ipv6_parse(h, u.host_len, a6, NULL) == KSZ_OK)
                return ksz__x_class_reason(ksz_ipv6_class(a6), drop);
        }
        return NULL;
    case KSZ_IOC_FILENAME:
        return ksz__x_reference_reason(t, v, n);
    default:
        return NULL;
    }
}

static uint64_t orig_at(const struct xline *l, size_t i)
{
    return l->map != NULL ? l->map[i] : i;
}

/* Should a hit of type t at [s, ...) be looked at at all? */
static bool wanted_at(const struct ksz_extractor *x, const struct xline *l, ksz_ioc_type t,
                      size_t s)
{
    if (x->stopped || x->rc != KSZ_OK)
        return false;
    if (l->base + orig_at(l, s) < x->suppress)
        return false; /* reported by the first pass over the line */
    return ksz__x_wanted(x, t);
}

/* Filter and report the canonical value in x->val[0..n), classified by the
 * caller (reason, drop). */
static void report(struct ksz_extractor *x, const struct xline *l, ksz_ioc_type t, size_t s,
                   size_t e, size_t n, unsigned flags, const char *reason, bool drop)
{
    struct ksz_extract_hit hit;
    uint64_t os, oe;

    if (drop && !x->o.include_reserved)
        return;
    if (reason != NULL) {
        flags |= KSZ_EXTRACT_REFERENCE;
        if (x->o.drop_reference)
            return;
    }
    if (x->o.unique && !ksz__x_dedupe_add(x, t, x->val, n))
        return;
    os = orig_at(l, s);
    oe = orig_at(l, e);
    if (l->refanged && (oe - os != e - s || memcmp(l->orig + os, l->t + s, e - s) != 0))
        flags |= KSZ_EXTRACT_DEFANGED;
    hit.type = t;
    hit.value = x->val;
    hit.value_len = n;
    hit.offset = l->base + os;
    hit.length = oe - os;
    hit.line = l->lineno;
    hit.flags = flags;
    hit.reason = reason;
    if (x->cb(&hit, x->user) != 0)
        x->stopped = true;
}

/* Classify, filter and report the canonical value in x->val[0..n). */
static void deliver(struct ksz_extractor *x, const struct xline *l, ksz_ioc_type t, size_t s,
                    size_t e, size_t n, unsigned flags, const struct ksz_url *parts)
{
    bool drop;
    const char *reason;

    if (l->base + orig_at(l, s) < x->suppress)
        return; /* reported by the first pass over the line */
    if (!ksz__x_wanted(x, t))
        return;
    reason = classify(t, x->val, n, parts, &drop);
    report(x, l, t, s, e, n, flags, reason, drop);
}

bool ksz__x_emit(struct ksz_extractor *x, const struct xline *l, ksz_ioc_type t, size_t s, size_t e,
                 const char *v, size_t vn, unsigned flags)
{
    size_t n;

    if (x->stopped || x->rc != KSZ_OK)
        return false;
    switch (t) {
    case KSZ_IOC_IPV4:
        return ksz__x_emit_ipv4(x, l, s, e, v, vn, flags);
    case KSZ_IOC_DOMAIN:
        return ksz__x_emit_domain(x, l, s, e, v, vn, flags);
    default:
        break;
    }
    if (ksz_ioc_canon(t, v, vn, x->val, sizeof x->val, &n, NULL) != KSZ_OK)
        return false;
    deliver(x, l, t, s, e, n, flags, NULL);
    return true;
}

static const unsigned char hex_lower[256] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6',
    ['7'] = '7', ['8'] = '8', ['9'] = '9', ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd',
    ['e'] = 'e', ['f'] = 'f', ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
    ['F'] = 'f',
};

void ksz__x_emit_hash(struct ksz_extractor *x, const struct xline *l, size_t s, size_t e)
{
    const unsigned char *p = (const unsigned char *)l->t + s;
    size_t n = e - s;
    ksz_ioc_type t = n == 32 ? KSZ_IOC_MD5 : n == 40 ? KSZ_IOC_SHA1 : n == 64 ? KSZ_IOC_SHA256
                                                                           : KSZ_IOC_SHA512;
    unsigned bad = 0;

    assert(n == 32 || n == 40 || n == 64 || n == 128);
    if (!wanted_at(x, l, t, s))
        return;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = hex_lower[p[i]];
        bad |= c == 0;
        x->val[i] = (char)c;
    }
    if (bad)
        return; /* not hex: the caller's bug, but never a hash */
    x->val[n] = '\0';
    report(x, l, t, s, e, n, 0, NULL, false);
}

bool ksz__x_emit_ipv4(struct ksz_extractor *x, const struct xline *l, size_t s, size_t e,
                      const char *v, size_t vn, unsigned flags)
{
    uint32_t a4;
    bool drop;
    const char *reason;

    /* a strict dotted quad is its own canonical text */
    if (ksz_ipv4_parse(v, vn, &a4, NULL) != KSZ_OK)
        return false;
    if (!wanted_at(x, l, KSZ_IOC_IPV4, s))
        return true;
    memcpy(x->val, v, vn);
    x->val[vn] = '\0';
    reason = ksz__x_class_reason(ksz_ipv4_class(a4), &drop);
    report(x, l, KSZ_IOC_IPV4, s, e, vn, flags, reason, drop);
    return true;
}

bool ksz__x_emit_domain(struct ksz_extractor *x, const struct xline *l, size_t s, size_t e,
                        const char *v, size_t vn, unsigned flags)
{
    size_t n;
    bool drop;
    const char *reason;

    if (ksz_domain_canon(v, vn, x->val, sizeof x->val, &n, NULL) != KSZ_OK)
        return false;
    if (!wanted_at(x, l, KSZ_IOC_DOMAIN, s))
        return true;
    reason = ksz__x_name_reason(x->val, n, X_NAME_SERVICES, &drop);
    report(x, l, KSZ_IOC_DOMAIN, s, e, n, flags, reason, drop);
    return true;
}

void ksz__x_emit_canon(struct ksz_extractor *x, const struct xline *l, ksz_ioc_type t, size_t s,
                       size_t e, const char *v, size_t vn, unsigned flags,
                       const struct ksz_url *parts)
{
    if (x->stopped || x->rc != KSZ_OK || vn >= sizeof x->val)
        return;
    memmove(x->val, v, vn); /* v may point into x->val */
    x->val[vn] = '\0';
    deliver(x, l, t, s, e, vn, flags, parts);
}
