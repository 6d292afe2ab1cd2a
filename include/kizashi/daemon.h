/* SPDX-License-Identifier: Apache-2.0 */
/*
 * daemon.h - the store's tables for `kizashi serve`: API tokens, the audit
 * log of writes, scheduled feeds, TAXII status resources, and indicators in
 * TAXII's date_added order.
 *
 * The store keeps no secret: a token is kept only as a keyed hash that the
 * caller computes (src/server/auth.c), so these functions see hashes only.
 * Like the rest of store.h, one connection per thread.
 */
#ifndef KIZASHI_DAEMON_H
#define KIZASHI_DAEMON_H

#include "kizashi/store.h"

/* ---- tokens ------------------------------------------------------------ */

/* Roles, ordered: each can do what the ones before it can. Stored. */
typedef enum ksz_role {
    KSZ_ROLE_READER = 1,   /* read what its TLP ceiling allows */
    KSZ_ROLE_ANALYST = 2,  /* also write: import, create, mark, sightings */
    KSZ_ROLE_ADMIN = 3     /* also tokens, feeds, the audit log */
} ksz_role;

/* "reader", "analyst", "admin"; "" out of range. */
const char *ksz_role_name(ksz_role r);
ksz_rc ksz_role_parse(const char *s, size_t len, ksz_role *out);

#define KSZ_TOKEN_HASH_LEN 32

struct ksz_token {
    int64_t id;
    const char *name;
    ksz_role role;
    ksz_tlp tlp_max;
    bool allow_red;            /* TLP:RED only when this is set */
    const char *collections;   /* comma-separated collection names; NULL = all */
    int64_t created;
    bool revoked;
};

/* Store a token (its hash). KSZ_ERR_INVALID when the name is taken. */
ksz_rc ksz_store_token_put(struct ksz_store *st, const struct ksz_token *t,
                           const unsigned char hash[KSZ_TOKEN_HASH_LEN], struct ksz_error *err);
/* The token with that hash, not revoked. Strings in *out are copied into
 * buf (cap bytes) and live as long as it. KSZ_ERR_NOTFOUND otherwise. */
ksz_rc ksz_store_token_find(struct ksz_store *st, const unsigned char hash[KSZ_TOKEN_HASH_LEN],
                            struct ksz_token *out, char *buf, size_t cap, struct ksz_error *err);
typedef int (*ksz_store_token_cb)(const struct ksz_token *t, void *user);
ksz_rc ksz_store_each_token(struct ksz_store *st, ksz_store_token_cb cb, void *user,
                            struct ksz_error *err);
/* Revoke by name. KSZ_ERR_NOTFOUND when there is none. */
ksz_rc ksz_store_token_revoke(struct ksz_store *st, const char *name, struct ksz_error *err);

/* ---- audit log --------------------------------------------------------- */

struct ksz_audit {
    int64_t id;
    int64_t at;
    const char *actor;     /* token name, or "cli" */
    const char *action;    /* "import", "mark", "sighting", "taxii-add", ... */
    const char *object;    /* what it acted on; may be NULL */
    const char *detail;    /* JSON summary or message; may be NULL */
    int status;            /* HTTP status of the answer */
};
/* Append one entry (at = the store's now when 0). */
ksz_rc ksz_store_audit_add(struct ksz_store *st, const struct ksz_audit *a,
                           struct ksz_error *err);
typedef int (*ksz_store_audit_cb)(const struct ksz_audit *a, void *user);
/* Entries with id > after_id, oldest first, at most limit. */
ksz_rc ksz_store_each_audit(struct ksz_store *st, int64_t after_id, size_t limit,
                            ksz_store_audit_cb cb, void *user, struct ksz_error *err);

/* ---- indicators in date_added order (TAXII) ---------------------------- */

/* A position in date_added order: (added, id); {0, 0} is the start. */
struct ksz_added_cursor {
    int64_t added;
    int64_t id;
};

/* Indicators passing f's active_only, TLP ceiling, allow_red, source, types
 * and stix_id (its other fields are ignored), with date_added > added_after and
 * (date_added, id) > *after (NULL = the start), in ascending (date_added,
 * id) order; cb gets each with its date_added. Stops after limit records;
 * *more says whether there were more. Uses index indicators_added, so a
 * page costs what it returns, however deep it is. */
typedef int (*ksz_store_added_cb)(const struct ksz_indicator *ind,
                                  const struct ksz_indicator_state *state, int64_t added,
                                  void *user);
ksz_rc ksz_store_each_added(struct ksz_store *st, const struct ksz_filter *f,
                            int64_t added_after, const struct ksz_added_cursor *after,
                            size_t limit, ksz_store_added_cb cb, void *user, bool *more,
                            struct ksz_error *err);

/* ---- feeds ------------------------------------------------------------- */

struct ksz_feed {
    int64_t id;
    const char *name;
    const char *url;
    const char *format;        /* "stix", "misp-feed", "csv", "text", "taxii", ... */
    const char *collection;    /* TAXII collection id; may be NULL */
    int64_t every;             /* seconds between pulls */
    const char *options;       /* import options, "key=value;..."; may be NULL */
    const char *etag;          /* from the last 200 */
    const char *last_modified;
    const char *added_after;   /* TAXII: X-TAXII-Date-Added-Last of the last pull */
    int64_t last_run, last_success;
    const char *last_error;    /* NULL after a success */
    int64_t last_count;        /* indicators the last successful pull added or updated */
    int64_t failures;          /* consecutive */
    int64_t created;
};
/* Add a feed (name unique: KSZ_ERR_INVALID when taken). */
ksz_rc ksz_store_feed_add(struct ksz_store *st, const struct ksz_feed *f, struct ksz_error *err);
ksz_rc ksz_store_feed_remove(struct ksz_store *st, const char *name, struct ksz_error *err);
typedef int (*ksz_store_feed_cb)(const struct ksz_feed *f, void *user);
/* Every feed by name, or the one named (name non-NULL; KSZ_ERR_NOTFOUND). */
ksz_rc ksz_store_each_feed(struct ksz_store *st, const char *name, ksz_store_feed_cb cb,
                           void *user, struct ksz_error *err);
/* Record a pull's outcome: the state fields of f (etag, last_modified,
 * added_after, last_run, last_success, last_error, last_count, failures)
 * are written to the feed named f->name. */
ksz_rc ksz_store_feed_update(struct ksz_store *st, const struct ksz_feed *f,
                             struct ksz_error *err);

/* ---- TAXII status resources ------------------------------------------ */

struct ksz_taxii_status {
    const char *id;
    const char *status;        /* "complete" or "pending" */
    int64_t requested;
    int64_t total, success, failure, pending;
    const char *detail;        /* JSON: {"successes":[...],"failures":[...]} */
};
ksz_rc ksz_store_taxii_status_put(struct ksz_store *st, const struct ksz_taxii_status *s,
                                  struct ksz_error *err);
typedef int (*ksz_store_taxii_status_cb)(const struct ksz_taxii_status *s, void *user);
/* KSZ_ERR_NOTFOUND when there is none. */
ksz_rc ksz_store_taxii_status_get(struct ksz_store *st, const char *id,
                                  ksz_store_taxii_status_cb cb, void *user,
                                  struct ksz_error *err);

#endif
