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

/* An empty matcher. *out NULL on entry, set only on KSZ_OK; KSZ_ERR_NOMEM. */
ksz_rc ksz_warn_new(struct ksz_warn **out, struct ksz_error *err);
/* NULL-safe. */
void ksz_warn_free(struct ksz_warn *w);

/* Add a list and its entries (copied). Entries that cannot be parsed for the
 * list's kind are counted in *skipped (optional) and left out.
 * Returns KSZ_OK, KSZ_ERR_INVALID (no name, a bad kind or policy, or a list
 * of that name already added), KSZ_ERR_LIMIT (KSZ_WARN_LISTS_MAX lists),
 * KSZ_ERR_NOMEM. On failure the list is left out and w stays usable.
 * Not thread-safe: build first, then check from any number of threads. */
ksz_rc ksz_warn_add_list(struct ksz_warn *w, const struct ksz_warn_list *list,
                         const char *const *entries, size_t n, size_t *skipped,
                         struct ksz_error *err);

/* A list that matched: borrowed from w, valid while w lives. */
struct ksz_warn_hit {
    const char *list;
    ksz_warn_policy policy;
    const char *entry;      /* the entry that matched */
};

/* Caps: lists per matcher, bytes per entry. Past them, KSZ_ERR_LIMIT (lists)
 * or the entry is skipped (length). */
#define KSZ_WARN_LISTS_MAX 4096
#define KSZ_WARN_ENTRY_MAX KSZ_IOC_VALUE_MAX

/* "cidr", "hostname", "string", "substring", "regex"; "" when out of range. */
const char *ksz_warn_kind_name(ksz_warn_kind k);
/* The inverse; KSZ_ERR_NOTFOUND for an unknown name. */
ksz_rc ksz_warn_kind_from_name(const char *name, size_t len, ksz_warn_kind *out);
/* "warn", "block"; "" when out of range. */
const char *ksz_warn_policy_name(ksz_warn_policy p);
ksz_rc ksz_warn_policy_from_name(const char *name, size_t len, ksz_warn_policy *out);

/* Map one MISP attribute type ("ip-dst", "domain|ip", "filename|sha256",
 * "url", "email-src", ...) onto the observable types it can hold. Returns
 * KSZ_ERR_NOTFOUND (and leaves *out alone) for a type kizashi has no
 * observable for ("phone-number", "ssdeep", ...). */
ksz_rc ksz_warn_types_from_misp(const char *attr, size_t len, ksz_ioc_typeset *out);

/* Matching semantics, per kind (MISP's):
 *  cidr       entries are addresses or networks, IPv4 or IPv6. An ipv4/ipv6
 *             value matches when a listed network contains it; a cidr4/cidr6
 *             value when it lies inside (or equals) a listed network. Every
 *             list holding a containing network is reported.
 *  hostname   the value or any parent domain on a label boundary:
 *             "a.b.google.com" matches "google.com", "xgoogle.com" does not.
 *             Entries may start with "." or "*." (same as the bare name).
 *  string     exact match, ASCII case-insensitive.
 *  substring  the entry occurs in the value (ASCII case-insensitive).
 *  regex      MISP's "/pattern/flags" entries, translated to POSIX extended
 *             regular expressions (case-insensitive); entries that cannot be
 *             translated or compiled are skipped and counted.
 * A URL's host and an e-mail address's domain are checked too (against
 * cidr, hostname and string lists), as the host's own type.
 * A list applies to a value when its types contain the value's type (or,
 * for a URL's host or an e-mail's domain, the host's type); types == 0 means
 * every type the kind makes sense for; KSZ_IOC_BIT(KSZ_IOC_NONE) alone means
 * none (a MISP list for attributes kizashi has no observable for). */

/* The number of lists added (including disabled ones). */
size_t ksz_warn_list_count(const struct ksz_warn *w);

/* Check one canonical value of type t against every enabled list.
 * Writes up to max hits into hits, the number of matching lists into *n
 * (which may exceed max); each list is reported once. Returns KSZ_OK, or
 * KSZ_ERR_LIMIT for a value longer than KSZ_IOC_VALUE_MAX (*n = 0).
 * Thread-safe on a built matcher; never allocates (regex lists run
 * regexec, which may). */
ksz_rc ksz_warn_check(const struct ksz_warn *w, ksz_ioc_type t, const char *value, size_t len,
                      struct ksz_warn_hit *hits, size_t max, size_t *n);

/* ---- MISP warninglist files (list.json) -------------------------------- */

/* One list read from a MISP list.json: the list's settings (policy warn,
 * enabled, types mapped from matching_attributes) and its entries. Every
 * string is owned by the struct; free with ksz_warn_misp_free. */
struct ksz_warn_misp {
    struct ksz_warn_list list;
    const char **entries;       /* n entries, NUL-terminated */
    size_t n;
    size_t skipped;             /* entries left out: not strings, empty, holding NUL
                                   or longer than KSZ_WARN_ENTRY_MAX */
    size_t unknown_attrs;       /* matching_attributes with no observable type */
};

/* The largest list.json read, in bytes. */
#define KSZ_WARN_MISP_MAX ((size_t)256 << 20)

/* Parse a MISP warninglist document buf[0..len).
 *   origin  IN   a name for messages (a file name), may be NULL
 *   out     OUT  NULL on entry; set only on KSZ_OK
 * Returns KSZ_OK, KSZ_ERR_PARSE (not JSON: err names the line, column and
 * byte offset; or a required field (name, type, list) missing or of the
 * wrong type; or an unknown type), KSZ_ERR_LIMIT (len > KSZ_WARN_MISP_MAX),
 * KSZ_ERR_NOMEM. Thread-safe. */
ksz_rc ksz_warn_misp_parse(const char *buf, size_t len, const char *origin,
                           struct ksz_warn_misp **out, struct ksz_error *err);
/* Read and parse the file at path (messages name it). KSZ_ERR_IO when it
 * cannot be read. */
ksz_rc ksz_warn_misp_read(const char *path, struct ksz_warn_misp **out, struct ksz_error *err);
/* NULL-safe. */
void ksz_warn_misp_free(struct ksz_warn_misp *m);

/* Called with each list file's path (borrowed for the call); return KSZ_OK
 * to go on, anything else stops the walk and is returned. */
typedef ksz_rc (*ksz_warn_misp_path_cb)(const char *path, void *user);
/* Walk path: a file is handed over as is; a directory is walked recursively
 * (names sorted, so the order is stable; symbolic links not followed) for
 * files named "list.json". KSZ_ERR_IO names a path that cannot be read;
 * KSZ_ERR_NOTFOUND when a directory holds no list.json. */
ksz_rc ksz_warn_misp_each(const char *path, ksz_warn_misp_path_cb cb, void *user,
                          struct ksz_error *err);

#endif
