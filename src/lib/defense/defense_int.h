/* SPDX-License-Identifier: Apache-2.0 */
/*
 * defense_int.h - what the blocklist writers share: the deduplicated entry
 * set read from the store, the output with named files, comments, address
 * intervals and stable sids.
 *
 * An entry is one (type, value) with the union of its claims' context: the
 * threat names, the source names, the latest valid_until (0 = none), the
 * newest modified time, the usages (0 on a claim counts as all) and its age
 * (the lowest indicator row id, which never changes: see sid.c).
 */
#ifndef KSZ_DEFENSE_INT_H
#define KSZ_DEFENSE_INT_H

#include "core/core_int.h"
#include "kizashi/defense.h"

struct def_entry {
    ksz_ioc_type type;
    uint32_t usage;
    size_t value, vlen;      /* offset and length in set->text */
    size_t threat, source;   /* offsets of NUL-terminated ", "-joined names */
    int64_t valid_until, modified;
    int64_t age;
};

struct def_set {
    struct def_entry *e;
    size_t n, cap;
    struct ksz_buf text;
};

#define DEF_VAL(set, ent) ((set)->text.data + (ent)->value)
#define DEF_STR(set, off) ((set)->text.data + (off))

struct def_ctx {
    struct ksz_store *st;
    const struct ksz_defense_opts *o;
    struct ksz_filter f;        /* the selection, target defaults applied */
    struct def_set cur;         /* active now */
    struct def_set old;         /* active at o->since (delta only) */
    bool delta;
    int64_t newest;
    uint64_t held_back, added, removed, written;
    /* output */
    ksz_defense_write_cb write;
    void *user;
    struct ksz_buf b;
    const char *file;           /* the file being written: fname or NULL */
    char fname[128];
    const void *diff_arg;       /* for a ksz__def_diff callback */
    ksz_rc rc;                  /* first failure; later output does nothing */
    struct ksz_error *err;
};

/* collect.c: read the entries f selects at time now into set; with
 * at_since, the entries that were active at f->now (marks made after it
 * ignored). Live warninglist and public-address checks apply to both. */
ksz_rc ksz__def_collect(struct def_ctx *c, struct def_set *set, bool at_since);
void ksz__def_set_free(struct def_set *set);
/* The ordering of entries: type, then value bytes. */
int ksz__def_cmp(const struct def_set *a, const struct def_entry *x, const struct def_set *b,
                 const struct def_entry *y);

/* defense.c: output */
void ksz__def_file(struct def_ctx *c, const char *name);
void ksz__def_mem(struct def_ctx *c, const char *s, size_t n);
void ksz__def_str(struct def_ctx *c, const char *s);
void ksz__def_printf(struct def_ctx *c, const char *fmt, ...) KSZ_PRINTF(2, 3);
void ksz__def_fail(struct def_ctx *c, ksz_rc rc);
/* "threat=A, B; source=S; valid_until=2024-06-01T00:00:00Z" written with
 * bytes < 0x20, 0x7f, non-ASCII bytes (when ascii) and any byte of bad
 * replaced by '_'. */
void ksz__def_context(struct def_ctx *c, const struct def_set *set, const struct def_entry *e,
                      const char *bad, bool ascii);
/* The same into out (cap bytes, NUL-terminated, truncated); returns the length. */
size_t ksz__def_context_text(const struct def_set *set, const struct def_entry *e,
                             const char *bad, bool ascii, char *out, size_t cap);
/* nftables.c: an identifier of letters, digits, '_' and '-', starting with a
 * letter, at most max bytes; the directions in force (KSZ_DEFENSE_DIR_*). */
bool ksz__def_ident_ok(const char *s, size_t max);
unsigned ksz__def_direction(const struct def_ctx *c);
/* A header comment block: each line prefixed with prefix. */
void ksz__def_header(struct def_ctx *c, const char *prefix, const char *what);
/* Append s sanitised as in ksz__def_context. */
void ksz__def_clean(struct def_ctx *c, const char *s, const char *bad, bool ascii);
/* ISO 8601 UTC into buf[32]; "none" for 0. */
const char *ksz__def_time(int64_t t, char buf[32]);
/* Calls cb for each entry of cur missing from old (added) and each of old
 * missing from cur (removed); cb returns non-zero to stop. */
void ksz__def_diff(struct def_ctx *c, void (*cb)(struct def_ctx *c, const struct def_set *set,
                                                  const struct def_entry *e, bool added));

/* domain.c: keep[i] = false for each domain entry that has a listed parent
 * (a listed parent covers its subdomains in RPZ, Squid and AWS WAF). keep
 * has set->n slots; non-domain entries are left alone. */
ksz_rc ksz__def_domains_minimal(const struct def_set *set, bool *keep);

/* interval.c: merged address intervals. Each interval remembers the
 * entries it came from (for comments). */
typedef unsigned __int128 def_u128;
struct def_iv {
    def_u128 lo, hi;
    size_t first, count;     /* into the member list */
};
struct def_ivset {
    bool v6;
    struct def_iv *iv;
    size_t n, cap;
    size_t *members;         /* entry indexes, grouped per interval */
    size_t nmem;
};
/* Build the merged (non-overlapping, non-adjacent) intervals of the
 * address entries of one family in set for which pick(e) is true (pick
 * NULL: all). */
ksz_rc ksz__def_ivset_build(const struct def_set *set, bool v6,
                            bool (*pick)(const struct def_entry *e, void *u), void *u,
                            struct def_ivset *out);
void ksz__def_ivset_free(struct def_ivset *s);
/* Write an address (v4 or v6) into buf[64]. */
void ksz__def_addr(bool v6, def_u128 a, char buf[64]);
/* An interval as nft writes it: "a", "a/n" or "a-b". */
void ksz__def_iv_text(bool v6, def_u128 lo, def_u128 hi, char buf[140]);
/* Split [lo, hi] into CIDRs; cb(cidr text) for each. */
void ksz__def_iv_cidrs(bool v6, def_u128 lo, def_u128 hi,
                       void (*cb)(void *u, const char *cidr), void *u);
/* Parse an address/network entry into [lo, hi]; false if not one. */
bool ksz__def_entry_range(const struct def_set *set, const struct def_entry *e, bool *v6,
                          def_u128 *lo, def_u128 *hi);

/* sid.c: stable sids for the rule targets. */
struct def_sids;
/* kinds: a rule kind per (type) the target writes, e.g. "dns", "tls". */
ksz_rc ksz__def_sids_build(struct def_ctx *c, ksz_ioc_typeset types,
                           const char *const *(*kinds)(ksz_ioc_type t), struct def_sids **out);
uint32_t ksz__def_sid(const struct def_sids *s, const char *kind, ksz_ioc_type t,
                      const char *value, size_t len);
void ksz__def_sids_free(struct def_sids *s);

/* the writers */
ksz_rc ksz__def_suricata(struct def_ctx *c);
ksz_rc ksz__def_snort(struct def_ctx *c);
ksz_rc ksz__def_zeek(struct def_ctx *c);
ksz_rc ksz__def_rpz(struct def_ctx *c);
ksz_rc ksz__def_nftables(struct def_ctx *c);
ksz_rc ksz__def_ipset(struct def_ctx *c);
ksz_rc ksz__def_squid(struct def_ctx *c);
ksz_rc ksz__def_awswaf(struct def_ctx *c);
ksz_rc ksz__def_edl(struct def_ctx *c);
ksz_rc ksz__def_plain(struct def_ctx *c);

/* suricata.c: msg:"KIZASHI <threats> <type> <value> (<what>)"; */
void ksz__def_msg(struct def_ctx *c, const struct def_set *set, const struct def_entry *e,
                  const char *what);

/* Content escaping for rule "content" strings: printable bytes as is,
 * '"', ';', '\\', '|', ':' and others as |hex|. */
void ksz__def_content(struct def_ctx *c, const char *s, size_t n);

#endif
