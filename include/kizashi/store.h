/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.h - the indicator store: one SQLite file holding the model of
 * model.h, with context, lifecycle (validity windows, decaying scores,
 * revocation, false-positive marks) and history.
 *
 * The store is the only code that reads or writes the database. Writers put
 * records (borrowed, copied in); readers iterate with callbacks that get
 * records borrowed for the duration of the call. A connection is not
 * thread-safe: one struct ksz_store per thread.
 */
#ifndef KIZASHI_STORE_H
#define KIZASHI_STORE_H

#include "kizashi/model.h"
#include "kizashi/warn.h"

struct ksz_store;

/* Open (creating and migrating as needed) the store at path; ":memory:" for a
 * private in-memory store. WAL, foreign keys on. *out is NULL on entry and
 * set only on KSZ_OK. KSZ_ERR_DB with sqlite's message otherwise. */
ksz_rc ksz_store_open(const char *path, struct ksz_store **out, struct ksz_error *err);
/* NULL-safe. Rolls back an open transaction. */
void ksz_store_close(struct ksz_store *st);

/* One transaction around all writes of one import: begin, put..., then
 * commit, or rollback on any error (the store is then unchanged). */
ksz_rc ksz_store_begin(struct ksz_store *st, struct ksz_error *err);
ksz_rc ksz_store_commit(struct ksz_store *st, struct ksz_error *err);
void ksz_store_rollback(struct ksz_store *st);

/* What a put did. A re-put of the same content is UNCHANGED; a newer
 * version (later `modified`) or new context is UPDATED; an older version is
 * UNCHANGED (ignored). */
typedef enum ksz_put_result {
    KSZ_PUT_ADDED = 1,
    KSZ_PUT_UPDATED = 2,
    KSZ_PUT_UNCHANGED = 3
} ksz_put_result;

/* Every put copies what it keeps; *res (optional) says what happened.
 * Unset fields of an indicator are filled from its source's defaults
 * (TLP, confidence, lifetime per type: valid_until = valid_from + lifetime),
 * then from built-in defaults (TLP amber, confidence 50, ksz_default_lifetime).
 * A re-import refreshes the indicator (its decay restarts). */
ksz_rc ksz_store_put_source(struct ksz_store *st, const struct ksz_source *src,
                            ksz_put_result *res, struct ksz_error *err);
ksz_rc ksz_store_put_indicator(struct ksz_store *st, const struct ksz_indicator *ind,
                               ksz_put_result *res, struct ksz_error *err);
/* The STIX id a put gives an indicator that names none: "indicator--" and a
 * UUIDv5 of "source|type|value" (source NULL or "" is "local"), so the same
 * row of the same feed always gets the same id. idbuf holds 80 bytes.
 * Returns idbuf, or NULL when t or value could not be put (bad type, empty
 * or longer than KSZ_IOC_VALUE_MAX). Thread-safe; needs no store, so an
 * import can derive ids while it parses. */
const char *ksz_store_indicator_id(const char *source, ksz_ioc_type t, const char *value,
                                   char idbuf[80]);
ksz_rc ksz_store_put_threat(struct ksz_store *st, const struct ksz_threat *t,
                            ksz_put_result *res, struct ksz_error *err);
ksz_rc ksz_store_put_report(struct ksz_store *st, const struct ksz_report *r,
                            ksz_put_result *res, struct ksz_error *err);
ksz_rc ksz_store_put_relationship(struct ksz_store *st, const struct ksz_relationship *r,
                                  ksz_put_result *res, struct ksz_error *err);
/* A sighting refreshes its indicator's score (a false-positive sighting
 * marks it false-positive). */
ksz_rc ksz_store_put_sighting(struct ksz_store *st, const struct ksz_sighting *s,
                              ksz_put_result *res, struct ksz_error *err);

/* What an export or a search selects. ksz_filter_init gives: active only,
 * all types, any usage, no confidence/score floor, tlp_max amber, red never,
 * warninglisted values left out, now = time(NULL). */
struct ksz_filter {
    bool active_only;
    ksz_ioc_typeset types;      /* 0 = all */
    uint32_t usage;             /* any of these bits; 0 = any */
    int min_confidence;         /* -1 = none */
    double min_score;           /* < 0 = none */
    ksz_tlp tlp_max;            /* RED only leaves when allow_red is also set */
    bool allow_red;
    const char *source;         /* NULL = any */
    const char *threat;         /* name, alias or STIX id; NULL = any */
    int64_t since;              /* modified at or after; 0 = any */
    bool include_warned;        /* include warninglisted values */
    int64_t now;
    /* Query fields (search, show); ksz_filter_init leaves them unset. */
    ksz_ioc_type value_type;    /* with value: that observable only */
    const char *value;          /* canonical value; NULL = any */
    bool value_related;         /* also the CIDRs holding an IP, a domain's parents */
    const char *tag;            /* a tag or a label, exact; NULL = any */
    const char *text;           /* FTS5 query over indicator names and descriptions, the
                                   titles/descriptions of their reports and the names/
                                   descriptions of the threats they indicate; NULL = any */
    int64_t id;                 /* indicator row id; 0 = any */
    const char *stix_id;        /* indicator STIX id; NULL = any */
};
void ksz_filter_init(struct ksz_filter *f);

/* What the store knows about an indicator beyond the claim itself. */
struct ksz_indicator_state {
    int64_t id;                 /* row id */
    double score;               /* decayed score now, 0..100 */
    bool active;
    const char *inactive_reason;   /* "expired", "not yet valid", "decayed",
                                      "revoked", "false-positive",
                                      "warninglisted"; NULL when active */
    bool false_positive;
    int64_t last_seen;          /* last sighting, 0 = never */
    int64_t sightings;          /* total count */
};

/* Called once per record; return non-zero to stop (the iteration then
 * returns KSZ_OK). Records and strings are borrowed for the call only. */
typedef int (*ksz_store_indicator_cb)(const struct ksz_indicator *ind,
                                      const struct ksz_indicator_state *state, void *user);
typedef int (*ksz_store_threat_cb)(const struct ksz_threat *t, void *user);
typedef int (*ksz_store_report_cb)(const struct ksz_report *r, void *user);
typedef int (*ksz_store_relationship_cb)(const struct ksz_relationship *r, void *user);
typedef int (*ksz_store_sighting_cb)(const struct ksz_sighting *s, void *user);

/* Indicators passing the filter, in a deterministic order (type, value,
 * source). The indicator's threats list holds the STIX ids of the threats it
 * indicates; tags, attack_ids, labels, kill_chain and warnings are filled. */
ksz_rc ksz_store_each_indicator(struct ksz_store *st, const struct ksz_filter *f,
                                ksz_store_indicator_cb cb, void *user, struct ksz_error *err);
/* Threats, reports, relationships and sightings linked to the indicators the
 * filter selects (or all, with f == NULL), deterministic order; reports and
 * threats above the filter's TLP ceiling are left out. */
ksz_rc ksz_store_each_threat(struct ksz_store *st, const struct ksz_filter *f,
                             ksz_store_threat_cb cb, void *user, struct ksz_error *err);
ksz_rc ksz_store_each_report(struct ksz_store *st, const struct ksz_filter *f,
                             ksz_store_report_cb cb, void *user, struct ksz_error *err);
ksz_rc ksz_store_each_relationship(struct ksz_store *st, const struct ksz_filter *f,
                                   ksz_store_relationship_cb cb, void *user,
                                   struct ksz_error *err);
ksz_rc ksz_store_each_sighting(struct ksz_store *st, const struct ksz_filter *f,
                               ksz_store_sighting_cb cb, void *user, struct ksz_error *err);

/* ---- clock and settings --------------------------------------------- */

/* The page cache of this connection, in MiB (default 64). A bulk load into
 * a large store goes faster with more: the indexes on values and STIX ids
 * are written in random order. */
ksz_rc ksz_store_set_cache(struct ksz_store *st, unsigned mib, struct ksz_error *err);
/* Read the store through a memory map of up to mib MiB (0: read() only, the
 * default): a page the connection's cache misses then costs no system call
 * and no copy, which suits a long-lived reader such as a daemon's worker.
 * SQLite caps the map at its compile-time maximum. An I/O error while reading
 * mapped pages is a SIGBUS rather than an error code. */
ksz_rc ksz_store_set_mmap(struct ksz_store *st, unsigned mib, struct ksz_error *err);

/* Pin the store's clock (Unix seconds) for everything it writes and every
 * score it computes; 0 goes back to the system clock. For tests and
 * `--now`. */
void ksz_store_set_now(struct ksz_store *st, int64_t now);
int64_t ksz_store_now(const struct ksz_store *st);

/* A time limit for what this connection runs: a statement still running
 * when CLOCK_MONOTONIC passes deadline_ms (milliseconds, as from
 * clock_gettime) is stopped, and the call running it returns KSZ_ERR_LIMIT
 * ("time limit reached"; an open transaction must then be rolled back). 0
 * removes the limit. The clock is read every few thousand SQLite steps, so
 * a limit is kept to about a millisecond. For a server's per-request
 * deadline. */
void ksz_store_set_deadline(struct ksz_store *st, int64_t deadline_ms);

/* Settings kept in the store (table settings), read at open:
 *   decay.threshold        score an indicator must exceed to be active (30)
 *   decay.tau.<type-num>   tau in days for that observable type
 *   decay.delta.<type-num> delta for that observable type
 * Values are text; bad values are ignored (the default stays). */
ksz_rc ksz_store_setting_set(struct ksz_store *st, const char *key, const char *value,
                             struct ksz_error *err);
/* KSZ_ERR_NOTFOUND when the key is not set. */
ksz_rc ksz_store_setting_get(struct ksz_store *st, const char *key, char *buf, size_t cap,
                             struct ksz_error *err);
/* The decay parameters in force for type t (any pointer may be NULL). */
void ksz_store_decay_params(const struct ksz_store *st, ksz_ioc_type t, double *tau_days,
                            double *delta, double *threshold);
/* MISP's polynomial decay: base * (1 - (t/tau)^(1/delta)) for 0 <= t < tau,
 * else 0; t in seconds, tau in days; base at t <= 0. Pure; thread-safe. */
double ksz_decay_score(double base, double tau_days, double delta, int64_t t);

/* The types under which value, exactly as given (not canonicalised), is a
 * stored observable, as a set of KSZ_IOC_BIT(type); 0 when none. One index
 * probe per type: lets a command find what the user typed without guessing
 * its type first (guessing a domain loads the Public Suffix List). */
ksz_rc ksz_store_observable_types(struct ksz_store *st, const char *value, ksz_ioc_typeset *out,
                                  struct ksz_error *err);

/* ---- sources ---------------------------------------------------------- */

typedef int (*ksz_store_source_cb)(const struct ksz_source *src, void *user);
/* Every source, by name. */
ksz_rc ksz_store_each_source(struct ksz_store *st, ksz_store_source_cb cb, void *user,
                             struct ksz_error *err);

/* ---- one indicator's context (show) ------------------------------------ */

/* The threats an indicator (row id) indicates, its reports (those listing it
 * in object_refs or named in its report field) and its sightings. No TLP
 * ceiling: callers that publish apply their own. */
ksz_rc ksz_store_indicator_threats(struct ksz_store *st, int64_t id, ksz_store_threat_cb cb,
                                   void *user, struct ksz_error *err);
ksz_rc ksz_store_indicator_reports(struct ksz_store *st, int64_t id, ksz_store_report_cb cb,
                                   void *user, struct ksz_error *err);
ksz_rc ksz_store_indicator_sightings(struct ksz_store *st, int64_t id, ksz_store_sighting_cb cb,
                                     void *user, struct ksz_error *err);

/* History: what happened to an indicator, oldest first. "created" is the
 * time it was first stored; the other events are rows: updated, refreshed
 * (reactivated after going inactive), revoked, false-positive, unmarked,
 * expired. */
struct ksz_history_event {
    int64_t at;
    const char *event;
    const char *detail;         /* may be NULL */
};
typedef int (*ksz_store_history_cb)(const struct ksz_history_event *ev, void *user);
ksz_rc ksz_store_each_history(struct ksz_store *st, int64_t id, ksz_store_history_cb cb,
                              void *user, struct ksz_error *err);

/* ---- lifecycle -------------------------------------------------------- */

typedef enum ksz_mark {
    KSZ_MARK_REVOKE = 1,
    KSZ_MARK_FALSE_POSITIVE = 2,
    KSZ_MARK_UNMARK = 3            /* clears this store's revoke / false-positive marks */
} ksz_mark;

/* Mark one indicator (row id), dated now and kept in history with reason
 * (optional). *changed (optional) is false when the mark was already so.
 * KSZ_ERR_NOTFOUND if there is no such indicator. */
ksz_rc ksz_store_mark(struct ksz_store *st, int64_t id, ksz_mark mark, const char *reason,
                      bool *changed, struct ksz_error *err);

/* Find every indicator that is inactive now but was not yet recorded so;
 * record each (history "expired" with the reason) and call cb (optional)
 * for it. *n (optional) gets the count. An indicator that becomes active
 * again (a refresh, a newer version, an unmark) is recorded again when it
 * next goes inactive. Runs in its own transaction unless one is open. */
ksz_rc ksz_store_expire(struct ksz_store *st, ksz_store_indicator_cb cb, void *user, size_t *n,
                        struct ksz_error *err);

/* Counts: cb(group, key, count) with groups "total" (key "indicators",
 * "observables", "threats", "reports", "relationships", "sightings",
 * "sources", "warninglists"), "type" (type number as text), "active"
 * (key "active"), "inactive" (key = reason), "source" (name), "tlp" (name). */
typedef int (*ksz_store_stat_cb)(const char *group, const char *key, int64_t count, void *user);
ksz_rc ksz_store_stats(struct ksz_store *st, ksz_store_stat_cb cb, void *user,
                       struct ksz_error *err);

/* ---- warninglists ---------------------------------------------------- */

/* Store a list and its entries, replacing an older version of the same name
 * (a same or lower version is UNCHANGED). Keeps the stored enabled flag and
 * policy of an existing list. */
ksz_rc ksz_store_put_warnlist(struct ksz_store *st, const struct ksz_warn_list *list,
                              const char *const *entries, size_t n, ksz_put_result *res,
                              struct ksz_error *err);
/* Change a stored list's enabled flag / policy. KSZ_ERR_NOTFOUND if absent. */
ksz_rc ksz_store_set_warnlist(struct ksz_store *st, const char *name, bool enabled,
                              ksz_warn_policy policy, struct ksz_error *err);
/* Lists (without entries), by name; n_entries is the entry count. */
typedef int (*ksz_store_warnlist_cb)(const struct ksz_warn_list *list, size_t n_entries,
                                     void *user);
ksz_rc ksz_store_each_warnlist(struct ksz_store *st, ksz_store_warnlist_cb cb, void *user,
                               struct ksz_error *err);
/* Build a matcher from the enabled stored lists. *out NULL on entry. */
ksz_rc ksz_store_load_warn(struct ksz_store *st, struct ksz_warn **out, struct ksz_error *err);

#endif
