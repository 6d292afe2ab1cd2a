/* SPDX-License-Identifier: Apache-2.0 */
/*
 * match_int.h - what match.c and url.c share: a URL as written, split into
 * the pieces of its canonical form, so that the lookup can hash the
 * canonical bytes without writing them out (url.c does that only when the
 * URL filter says "maybe").
 */
#ifndef KSZ_MATCH_INT_H
#define KSZ_MATCH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum url_split_rc {
    URL_FAST = 0,   /* the pieces below give the canonical form */
    URL_SLOW = 1,   /* canonicalise with ksz_url_canon (brackets, non-ASCII, odd IPv4) */
    URL_BAD = 2     /* not a URL with a host */
} url_split_rc;

/* The canonical form is, in order: s[0..scheme_len) lower-cased, "://",
 * s[auth..hs) (user info, as written), s[hs..hs + hl) lower-cased (the
 * host, one trailing dot dropped), port[0..port_len) (":8080", empty for
 * none or the scheme's default), s[path..path + path_len) (a bare "/"
 * dropped). canon_len is the total. */
struct url_split {
    size_t scheme_len;
    size_t auth, hs, hl;
    size_t path, path_len;
    size_t canon_len;
    size_t port_len;
    char port[8];
    bool upper;        /* the scheme or host holds upper-case letters */
    bool as_written;   /* the canonical form is s[0..canon_len) itself */
    bool is_ipv4;      /* the host is a dotted quad, in ipv4 */
    uint32_t ipv4;
};

/* Split s[0..len) (len <= KSZ_IOC_VALUE_MAX). Never allocates, never
 * writes outside u. */
url_split_rc ksz__match_url_split(const char *s, size_t len, struct url_split *u);

#endif
