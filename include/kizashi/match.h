/* SPDX-License-Identifier: Apache-2.0 */
/*
 * match.h - looking up observed values (from log fields) in a snapshot.
 *
 * Semantics (issue 4, section 2):
 *   - IPv4/IPv6: the exact address, and every CIDR that contains it (all of
 *     them, longest prefix first). An IPv4-mapped IPv6 address (::ffff:a.b.c.d)
 *     is also looked up as IPv4.
 *   - domain: the name itself and every parent on a label boundary, nearest
 *     first ("a.evil.com" hits "evil.com"; "xevil.com" and
 *     "evil.com.other.net" do not). A single label is never looked up.
 *   - URL: exact after canonicalisation (scheme and host lower case, default
 *     port dropped, path and query as written); its host is then looked up
 *     as a domain or IP.
 *   - hashes (md5, sha1, sha256, sha512) and e-mail: exact.
 *   - time: a record hits only if valid_from - grace <= t <= valid_until +
 *     grace (unbounded ends always pass), unless at_any_time is set or the
 *     key has no time (KSZ_MATCH_NO_TIME).
 * Every record of a matching key is reported (several sources may claim the
 * same value): one callback per (key, record) pair.
 *
 * A matcher is read-only after ksz_matcher_new: any number of threads may
 * call the lookups at once on one matcher. It borrows the snapshot, which
 * must stay open while the matcher is used.
 */
#ifndef KIZASHI_MATCH_H
#define KIZASHI_MATCH_H

#include "kizashi/snapshot.h"

/* What a key holds. */
typedef enum ksz_match_kind {
    KSZ_MATCH_IPV4 = 1,    /* u.ipv4 (host order) */
    KSZ_MATCH_IPV6 = 2,    /* u.ipv6 (network order) */
    KSZ_MATCH_DOMAIN = 3,  /* text: a host name; case and one trailing dot are folded */
    KSZ_MATCH_URL = 4,     /* text: a URL as written in the log; canonicalised here */
    KSZ_MATCH_EMAIL = 5,   /* text: local@domain; case is folded */
    KSZ_MATCH_HASH = 6,    /* text: 32/40/64/128 hex digits, any case */
    KSZ_MATCH_HOST = 7     /* text: an IPv4/IPv6 literal (brackets allowed) or a host name */
} ksz_match_kind;

/* A key with no time: matches whatever the validity window. */
#define KSZ_MATCH_NO_TIME INT64_MIN

/* One observed value. Text is borrowed for the call, (ptr, len), need not be
 * NUL-terminated. */
struct ksz_match_key {
    ksz_match_kind kind;
    int64_t time;             /* event time, Unix seconds UTC, or KSZ_MATCH_NO_TIME */
    const char *text;         /* for the text kinds */
    size_t len;
    union {
        uint32_t ipv4;
        uint8_t ipv6[16];
    } u;
};

/* How a hit was found. */
typedef enum ksz_match_via {
    KSZ_MATCH_VIA_EXACT = 1,     /* the value itself */
    KSZ_MATCH_VIA_CIDR = 2,      /* a network containing the address */
    KSZ_MATCH_VIA_PARENT = 3,    /* a parent domain of the name */
    KSZ_MATCH_VIA_URL_HOST = 4   /* the host of a URL (as domain, parent, IP or CIDR) */
} ksz_match_via;

struct ksz_match_hit {
    size_t key;               /* index of the key in the batch (0 for single lookups) */
    uint32_t indicator;       /* record number: ksz_snapshot_indicator() gives its context */
    ksz_ioc_type type;        /* the record's type */
    ksz_match_via via;
    int64_t valid_from;       /* the record's window, 0 = unbounded */
    int64_t valid_until;
};

/* Called once per hit; return non-zero to stop the lookup (which then
 * returns KSZ_OK with the hits so far). Within a batch, hits come in key
 * order; for one key: the exact value first, then CIDRs longest prefix
 * first, or the domain then its parents nearest first; for a URL the URL
 * then its host. */
typedef int (*ksz_match_cb)(const struct ksz_match_hit *hit, void *user);

struct ksz_match_opts {
    bool at_any_time;         /* ignore validity windows */
    int64_t grace;            /* seconds added to both ends of every window */
    ksz_ioc_typeset types;    /* only these record types; 0 = all */
};
void ksz_match_opts_init(struct ksz_match_opts *o);

struct ksz_matcher;

/* A matcher over snap (borrowed, must outlive it) with options o (copied;
 * NULL for the defaults). Allocates a few hundred bytes; does not read the
 * snapshot's sections. *out NULL on entry, set on KSZ_OK. */
ksz_rc ksz_matcher_new(const struct ksz_snapshot *snap, const struct ksz_match_opts *o,
                       struct ksz_matcher **out, struct ksz_error *err);
void ksz_matcher_free(struct ksz_matcher *m);
const struct ksz_snapshot *ksz_matcher_snapshot(const struct ksz_matcher *m);

/* Look up one key. *nhits (optional) gets the number of hits reported.
 * A key that is not a valid value of its kind (a hash of the wrong length,
 * a URL without a host) simply has no hits: logs are full of junk.
 * Returns KSZ_OK, or KSZ_ERR_INVALID for a bad kind. Never allocates.
 * Thread-safe. */
ksz_rc ksz_match_one(const struct ksz_matcher *m, const struct ksz_match_key *key,
                     ksz_match_cb cb, void *user, size_t *nhits, struct ksz_error *err);

/* Look up n keys at once: all keys are normalised and hashed first, the
 * filter lines and then the table slots prefetched, then probed, which hides
 * memory latency when most keys miss. Hits in key order, hit->key being
 * the index in keys. Batches of 16 to 64 keys work best; any n is accepted.
 * Same returns as ksz_match_one. Never allocates. Thread-safe. */
ksz_rc ksz_match_batch(const struct ksz_matcher *m, const struct ksz_match_key *keys, size_t n,
                       ksz_match_cb cb, void *user, size_t *nhits, struct ksz_error *err);

/* Convenience wrappers around ksz_match_one. */
ksz_rc ksz_match_ipv4(const struct ksz_matcher *m, uint32_t addr, int64_t t, ksz_match_cb cb,
                      void *user, size_t *nhits);
ksz_rc ksz_match_ipv6(const struct ksz_matcher *m, const uint8_t addr[16], int64_t t,
                      ksz_match_cb cb, void *user, size_t *nhits);
ksz_rc ksz_match_text(const struct ksz_matcher *m, ksz_match_kind kind, const char *s, size_t len,
                      int64_t t, ksz_match_cb cb, void *user, size_t *nhits);

/* Split a URL as written in a log into its canonical form and host, as the
 * lookup does: out (cap bytes, NUL-terminated) gets the canonical URL; *host
 * and *hlen point at the host inside out (without brackets). Returns KSZ_OK,
 * KSZ_ERR_PARSE (not a URL with a host), KSZ_ERR_LIMIT (cap). Never
 * allocates. */
ksz_rc ksz_match_url_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                           const char **host, size_t *hlen);

#endif
