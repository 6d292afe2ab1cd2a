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
#include <string.h>
#include "extract/extract_int.h"

bool ksz__x_wanted(const struct ksz_extractor *x, ksz_ioc_type t)
{
    return x->o.types == 0 || (x->o.types & KSZ_IOC_BIT(t)) != 0;
}

static const char *class_reason(ksz_ioc_class c, bool *drop)
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
            return class_reason(ksz_ipv4_class(a4), drop);
        return NULL;
    case KSZ_IOC_IPV6:
        if (ksz_ipv6_parse(v, n, a6, NULL) == KSZ_OK)
            return class_reason(ksz_ipv6_class(a6), drop);
        return NULL;
    case KSZ_IOC_CIDR4:
        if (ksz_cidr4_parse(v, n, &a4, &prefix, NULL) == KSZ_OK)
            return class_reason(ksz_ipv4_class(a4), drop);
        return NULL;
    case KSZ_IOC_CIDR6:
        if (ksz_cidr6_parse(v, n, a6, &prefix, NULL) == KSZ_OK)
            return class_reason(ksz_ipv6_class(a6), drop);
        return NULL;
    case KSZ_IOC_DOMAIN: {
        const char *r = class_reason(ksz_domain_class(v, n), drop);
        return r ? r : ksz__x_reference_reason(t, v, n);
    }
    case KSZ_IOC_EMAIL:
        at = memchr(v, '@', n);
        if (at != NULL) {
            const char *d = at + 1;
            size_t dn = n - (size_t)(d - v);
            const char *r = class_reason(ksz_domain_class(d, dn), drop);
            if (r)
                return r;
        }
        return NULL;
    case KSZ_IOC_URL:
        /* the caller's parts of the canonical v, or parse it again */
        if (parts != NULL || ksz_url_canon(v, n, tmp, sizeof tmp, NULL, &u, NULL) == KSZ_OK) {
            const char *h = parts != NULL ? v + parts->host_off : tmp + u.host_off;
            if (parts != NULL)
                u = *parts;
            if (u.host_type == KSZ_IOC_DOMAIN) {
                const char *r = class_reason(ksz_domain_class(h, u.host_len), drop);
                return r ? r : ksz__x_reference_reason(t, h, u.host_len);
            }
            if (u.host_type == KSZ_IOC_IPV4 && ksz_ipv4_parse(h, u.host_len, &a4, NULL) == KSZ_OK)
                return class_reason(ksz_ipv4_class(a4), drop);
            if (u.host_type == KSZ_IOC_IPV6 && ksz_ipv6_parse(h, u.host_len, a6, NULL) == KSZ_OK)
                return class_reason(ksz_ipv6_class(a6), drop);
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

/* Filter and report the canonical value in x->val[0..n). */
static void deliver(struct ksz_extractor *x, const struct xline *l, ksz_ioc_type t, size_t s,
                    size_t e, size_t n, unsigned flags, const struct ksz_url *parts)
{
    struct ksz_extract_hit hit;
    bool drop;
    const char *reason;
    uint64_t os, oe;

    if (l->base + orig_at(l, s) < x->suppress)
        return; /* reported by the first pass over the line */
    if (!ksz__x_wanted(x, t))
        return;
    reason = classify(t, x->val, n, parts, &drop);
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

bool ksz__x_emit(struct ksz_extractor *x, const struct xline *l, ksz_ioc_type t, size_t s, size_t e,
                 const char *v, size_t vn, unsigned flags)
{
    size_t n;

    if (x->stopped || x->rc != KSZ_OK)
        return false;
    if (ksz_ioc_canon(t, v, vn, x->val, sizeof x->val, &n, NULL) != KSZ_OK)
        return false;
    deliver(x, l, t, s, e, n, flags, NULL);
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
