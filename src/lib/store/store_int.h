/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_int.h - what the files of the store area share: the connection with
 * its prepared statements, the source cache, the clock, the decay settings,
 * and the compact list encoding.
 *
 * Lists on a record (labels, tags, ATT&CK ids, kill-chain phases, threats,
 * warnings) are kept in one TEXT column each, items joined by the unit
 * separator 0x1f: one row write per indicator instead of one per item keeps
 * the put path above 400k indicators/s (bench/RESULTS.md).
 */
#ifndef KSZ_STORE_INT_H
#define KSZ_STORE_INT_H

#include <sqlite3.h>
#include "core/core_int.h"
#include "kizashi/store.h"

#define KSZ__LIST_SEP '\x1f'
#define KSZ__SRC_CACHE 16
#define KSZ__LOCAL_SOURCE "local" /* the source of records that name none */
#define KSZ__DAY 86400
#define KSZ__QUERY_CACHE 16

/* The prepared statements kept for the life of the connection. */
enum store_stmt {
    STMT_SRC_GET,
    STMT_SRC_INS,
    STMT_SRC_UPD,
    STMT_OBS_GET,
    STMT_OBS_INS,
    STMT_IND_GET,
    STMT_IND_UPD,
    STMT_IND_REFRESH,
    STMT_HIST_INS,
    STMT_FTS_DEL,
    STMT_FTS_INS,
    STMT_THR_BY_NAME,
    STMT_REL_TARGETS,
    STMT_REL_LINK,
    STMT__COUNT
};

/* A built query kept prepared, by its SQL text (see ksz__store_prepare_cached). */
struct store_cached {
    sqlite3_stmt *s;
    uint64_t hash;                 /* FNV-1a of the SQL text; 0 = empty slot */
    uint64_t used;                 /* tick of the last use, for eviction */
};

struct store_source {
    int64_t id;
    char *name;
    ksz_tlp default_tlp;
    int default_confidence;
    int64_t lifetime[KSZ_IOC__COUNT];
};

/* A reusable scratch area for decoded lists: no allocation per row. */
struct store_lists {
    char *text;
    size_t text_cap;
    const char **items;
    size_t items_cap;
};

/* ids.c: keys of indicator_ids not yet written (see ids.c) */
struct store_id_key {
    int64_t h, id;
};

struct store_ids {
    struct store_id_key *v;
    size_t n, cap;
    uint64_t *set; /* the pending hashes, open addressing */
    size_t set_cap;
    int table;                /* indicator_ids has rows: -1 unknown, 0, 1 */
    sqlite3_stmt *many, *one; /* the write-out, KSZ__IDS_BATCH keys and one */
};

/* indicator.c: an indicator's row as a put has filled it */
struct store_fill {
    const char *stix_id;
    int64_t obs_id, source_id, created, modified, from, until, now; /* obs_id: updates only */
    int confidence;
    ksz_tlp tlp;
    uint64_t hash;
    int64_t id; /* the row's id */
};

/* rows.c: new indicator rows waiting to be written (see rows.c) */
#define KSZ__ROWS_BATCH 128
enum store_row_text {
    ROW_VALUE,
    ROW_STIX_ID,
    ROW_REPORT,
    ROW_PATTERN,
    ROW_NAME,
    ROW_DESCRIPTION,
    ROW_LABELS,
    ROW_TAGS,
    ROW_ATTACK,
    ROW_KILL_CHAIN,
    ROW_THREATS,
    ROW_WARNINGS,
    ROW__TEXTS
};
struct store_row {
    int64_t id, obs_id, source_id, created, modified, from, until, now;
    uint64_t chash;
    uint32_t usage;
    int type, confidence, tlp, commercial;
    bool until_default, revoked, warn_blocked;
    size_t off[ROW__TEXTS], len[ROW__TEXTS]; /* in store_rows.text; len 0 = NULL */
};
struct store_rows {
    struct store_row *v; /* KSZ__ROWS_BATCH of them */
    size_t n;
    struct ksz_buf text;
    int64_t next_id; /* the id of the next new row; 0 = not read yet */
    size_t unsynced; /* rows written since the last writeback hint */
    bool flushing;
    bool lost;           /* a write-out failed: this transaction may not commit */
    /* indicators, observables: KSZ__ROWS_BATCH rows and one; the largest
     * observable id; an observable's id by value */
    sqlite3_stmt *many, *one, *obs_many, *obs_one, *obs_max, *obs_get;
};

struct ksz_store {
    sqlite3 *db;
    sqlite3_stmt *stmt[STMT__COUNT];
    sqlite3_stmt *rollback;        /* prepared at open: a rollback must not need memory */
    bool in_tx;
    int64_t now_override;          /* 0 = time(NULL) */
    struct store_source src[KSZ__SRC_CACHE];
    size_t n_src;
    /* decay: tau in days, delta, per type; the activity threshold */
    double tau[KSZ_IOC__COUNT];
    double delta[KSZ_IOC__COUNT];
    double threshold;
    struct store_lists lists;
    struct ksz_buf enc;            /* encoding scratch for put */
    int rel_indicates;             /* "indicates" relationships stored: -1 unknown, 0, 1 */
    uint64_t sel_key;              /* export.c: the selection in temp.ksz_sel, 0 = none */
    struct store_cached qcache[KSZ__QUERY_CACHE];
    uint64_t qtick;
    int64_t deadline_ms;           /* CLOCK_MONOTONIC; 0 = none */
    struct store_ids ids;
    struct store_rows rows;
    int wal_fd; /* writeback.c: the WAL, while a transaction writes; -1 = not open */
};

/* store.c */
int64_t ksz__store_now(const struct ksz_store *st);
ksz_rc ksz__store_db_error(struct ksz_store *st, struct ksz_error *err, const char *what);
ksz_rc ksz__store_exec(struct ksz_store *st, const char *sql, struct ksz_error *err);
sqlite3_stmt *ksz__store_stmt(struct ksz_store *st, enum store_stmt which, struct ksz_error *err);
ksz_rc ksz__store_prepare(struct ksz_store *st, const char *sql, sqlite3_stmt **out,
                          struct ksz_error *err);
/* A statement for sql from the connection's cache of built queries: a
 * search or a show builds the same SQL text again and again with only its
 * bound values changing, and preparing it cost more than running it
 * (bench/RESULTS.md, daemon). Prepared with SQLITE_PREPARE_PERSISTENT on
 * first use; the least recently used of KSZ__QUERY_CACHE is finalized to make
 * room. A cached statement still running (a nested query of the same text)
 * is not shared: the caller then gets a private one. Either way, hand it
 * back with ksz__store_release, never sqlite3_finalize. */
ksz_rc ksz__store_prepare_cached(struct ksz_store *st, const char *sql, sqlite3_stmt **out,
                                 struct ksz_error *err);
/* Reset a cached statement and clear its bindings (no pointer bound with
 * SQLITE_STATIC outlives the call that bound it); finalize a private one.
 * NULL-safe. */
void ksz__store_release(struct ksz_store *st, sqlite3_stmt *s);
/* version.c: what is stored under a STIX id. sql selects (row id, modified,
 * content hash) WHERE stix_id = ?1; what names the object in a message. */
struct ksz__stored_version {
    bool found;
    int64_t id;
    int64_t modified;
    uint64_t hash;
};
ksz_rc ksz__store_version(struct ksz_store *st, const char *sql, const char *stix_id,
                          const char *what, struct ksz__stored_version *v,
                          struct ksz_error *err);
/* True when a put of (modified, hash) over v changes nothing: the same
 * content, or an older version. */
bool ksz__store_version_unchanged(const struct ksz__stored_version *v, int64_t modified,
                                  uint64_t hash);
/* Bind text, NULL for NULL or "" */
int ksz__bind_text(sqlite3_stmt *s, int i, const char *v);
const char *ksz__col_text(sqlite3_stmt *s, int i);
void ksz__store_load_settings(struct ksz_store *st);

/* schema.c */
#define KSZ__SCHEMA_VERSION 2
ksz_rc ksz__store_migrate(struct ksz_store *st, struct ksz_error *err);
/* Tests only: migrate no further than this version (0 = the latest), to
 * make a store as an older kizashi left it. */
extern int ksz__store_schema_limit;

/* source.c */
/* The cached source of that name (NULL = "local"), created when missing. */
ksz_rc ksz__store_source(struct ksz_store *st, const char *name, const struct store_source **out,
                         struct ksz_error *err);
void ksz__store_source_cache_clear(struct ksz_store *st);

/* indicator.c */
ksz_rc ksz__store_observable(struct ksz_store *st, ksz_ioc_type t, const char *value,
                             bool create, int64_t *id, struct ksz_error *err);
ksz_rc ksz__store_history(struct ksz_store *st, int64_t ind_id, const char *event,
                          const char *detail, struct ksz_error *err);
ksz_rc ksz__store_fts(struct ksz_store *st, int kind, int64_t id, const char *title,
                      const char *body, struct ksz_error *err);
#define KSZ__FTS_INDICATOR 1
#define KSZ__FTS_THREAT 2
#define KSZ__FTS_REPORT 3

/* Lists: encode into b (reset first), decode with the scratch area. */
ksz_rc ksz__list_encode(struct ksz_buf *b, const struct ksz_strlist *l);
ksz_rc ksz__list_encode_append(struct ksz_buf *b, const struct ksz_strlist *l);
/* Decode texts[0..n) (NULL or "" = empty) into outs[0..n); borrowed from sc
 * until the next call. */
ksz_rc ksz__lists_decode(struct store_lists *sc, const char *const *texts, size_t n,
                         struct ksz_strlist *outs);
void ksz__lists_cleanup(struct store_lists *sc);

/* Hash of a record's content (FNV-1a 64), for "same content again". */
uint64_t ksz__hash_str(uint64_t h, const char *s);
uint64_t ksz__hash_i64(uint64_t h, int64_t v);
uint64_t ksz__hash_list(uint64_t h, const struct ksz_strlist *l);
#define KSZ__HASH_INIT 0xcbf29ce484222325ULL

/* ids.c: the indicator_ids table (a STIX id's hash -> indicators.id).
 * Anything that reads it by SQL first calls ksz__store_ids_sync (for one
 * id) or ksz__store_ids_flush (for any), so waiting keys are written. */
int64_t ksz__store_id_hash(const char *stix_id);
int ksz__store_ids_register(sqlite3 *db);
ksz_rc ksz__store_ids_add(struct ksz_store *st, int64_t h, int64_t id, struct ksz_error *err);
bool ksz__store_ids_pending(const struct ksz_store *st, int64_t h);
ksz_rc ksz__store_ids_flush(struct ksz_store *st, struct ksz_error *err);
ksz_rc ksz__store_ids_sync(struct ksz_store *st, const char *stix_id, struct ksz_error *err);
/* Could an indicator with this id hash exist? false only when it certainly
 * does not: not waiting here, and indicator_ids is empty. */
ksz_rc ksz__store_ids_may_exist(struct ksz_store *st, int64_t h, bool *maybe,
                                struct ksz_error *err);
void ksz__store_ids_clear(struct ksz_store *st); /* rollback: forget waiting keys */
void ksz__store_ids_cleanup(struct ksz_store *st);
/* Bring the slot of h in the waiting set into the cache, a while before
 * ksz__store_ids_may_exist looks at it (a bulk import's set is larger than
 * the caches, and each probe is a miss). */
void ksz__store_ids_prefetch(const struct ksz_store *st, int64_t h);

/* rows.c: new indicator rows (see rows.c). */
/* The id the next new row gets; the first call in a transaction reads it. */
ksz_rc ksz__store_rows_next_id(struct ksz_store *st, int64_t *id, struct ksz_error *err);
/* Copy a new row (f->id from ksz__store_rows_next_id; threats: the encoded
 * threats column); written at the latest by the next flush. */
ksz_rc ksz__store_rows_add(struct ksz_store *st, const struct ksz_indicator *in,
                           const struct store_fill *f, const char *threats, size_t threats_len,
                           struct ksz_error *err);
/* Write the waiting rows. Called before any statement that may see them. */
ksz_rc ksz__store_rows_flush(struct ksz_store *st, struct ksz_error *err);
void ksz__store_rows_clear(struct ksz_store *st); /* begin, rollback: forget them */
void ksz__store_rows_cleanup(struct ksz_store *st);
/* writeback.c: start writing the WAL's dirty pages back (a hint; waits for
 * nothing), and forget the WAL at the end of a transaction. */
void ksz__store_writeback(struct ksz_store *st);
void ksz__store_writeback_end(struct ksz_store *st);

/* Prepare "head (?,..cols),(...)... tail" for rows rows (SQLITE_PREPARE_PERSISTENT). */
ksz_rc ksz__store_prepare_rows(struct ksz_store *st, const char *head, int cols, int rows,
                               const char *tail, sqlite3_stmt **out, struct ksz_error *err);

/* A put outside a transaction gets its own. */
ksz_rc ksz__store_auto_begin(struct ksz_store *st, bool *began, struct ksz_error *err);
ksz_rc ksz__store_auto_end(struct ksz_store *st, bool began, ksz_rc rc, struct ksz_error *err);

/* threat.c: the STIX id of a threat named by id, "kind:name", name or alias;
 * with create, a missing one is added (kind malware unless given). */
ksz_rc ksz__store_threat_resolve(struct ksz_store *st, const char *name, char idbuf[80],
                                 bool create, struct ksz_error *err);
/* relationship.c: a relationship with a derived id, unless it exists. */
ksz_rc ksz__store_link(struct ksz_store *st, const char *from, const char *type, const char *to,
                       struct ksz_error *err);
bool ksz__is_stix_id(const char *s);

/* query.c: every indicator passing f (and the SQL condition extra, if
 * any), in row order rather than (type, value, source): for counting and
 * expiry, where a sequential scan is several times faster. */
ksz_rc ksz__store_scan_indicators(struct ksz_store *st, const struct ksz_filter *f,
                                  const char *extra, ksz_store_indicator_cb cb, void *user,
                                  struct ksz_error *err);

/* lifecycle.c */
struct store_life {
    ksz_ioc_type type;
    int confidence;
    int64_t valid_from, valid_until;
    bool revoked, false_positive, warn_blocked;
    int64_t refreshed_at, last_seen;
};
void ksz__store_state(const struct ksz_store *st, const struct store_life *l, int64_t now,
                      struct ksz_indicator_state *out);

#endif
