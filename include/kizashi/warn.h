/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warn.h - warninglists: named lists of known-good values (cloud ranges,
 * CDNs, public resolvers, popular sites) that flag or hold back indicators
 * on the way in and on the way out.
 *
 * A struct ksz_warn is an immutable-after-build matcher over many lists, in
 * MISP warninglist terms: cidr (prefix tree), hostname (the value or any of
 * its parent domains), string (exact), substring, regex. Checking is
 * allocation-free and never scans a list linearly for cidr/hostname/string.
 */
#ifndef KIZASHI_WARN_H
#define KIZASHI_WARN_H

#include "kizashi/ioc.h"

typedef enum ksz_warn_kind {
    KSZ_WARN_CIDR = 1,
    KSZ_WARN_HOSTNAME = 2,
    KSZ_WARN_STRING = 3,
    KSZ_WARN_SUBSTRING = 4,
    KSZ_WARN_REGEX = 5
} ksz_warn_kind;

typedef enum ksz_warn_policy {
    KSZ_WARN_POLICY_WARN = 1,    /* keep, flag with the list's name */
    KSZ_WARN_POLICY_BLOCK = 2    /* keep only as inactive */
} ksz_warn_policy;

/* One list: its identity and settings (entries are added separately). */
struct ksz_warn_list {
    const char *name;
    const char *description;
    int64_t version;
    ksz_warn_kind kind;
    ksz_warn_policy policy;
    bool enabled;
    /* MISP attribute types the list applies to ("ip-dst", "domain", ...),
     * mapped onto observable types; 0 = every type the kind makes sense for. */
    ksz_ioc_typeset types;
};

struct ksz_warn;

ksz_rc ksz_warn_new(struct ksz_warn **out, struct ksz_error *err);
void ksz_warn_free(struct ksz_warn *w);

/* Add a list and its entries (copied). Entries that cannot be parsed for the
 * list's kind are counted in *skipped (optional) and left out. */
ksz_rc ksz_warn_add_list(struct ksz_warn *w, const struct ksz_warn_list *list,
                         const char *const *entries, size_t n, size_t *skipped,
                         struct ksz_error *err);

/* A list that matched: borrowed from w, valid while w lives. */
struct ksz_warn_hit {
    const char *list;
    ksz_warn_policy policy;
    const char *entry;      /* the entry that matched */
};

/* Check one canonical value of type t against every enabled list.
 * Writes up to max hits into hits, the number of matching lists into *n
 * (which may exceed max). Thread-safe on a built matcher; never allocates. */
ksz_rc ksz_warn_check(const struct ksz_warn *w, ksz_ioc_type t, const char *value, size_t len,
                      struct ksz_warn_hit *hits, size_t max, size_t *n);

#endif
