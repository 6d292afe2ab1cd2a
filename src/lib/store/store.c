/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.c - opening and closing the store, transactions, the clock, settings
 * and the prepared statements every writer shares.
 *
 * Statements are prepared on first use and kept for the connection's life:
 * the put path never parses SQL. The clock can be pinned
 * (ksz_store_set_now) so that tests and `--now` see a fixed time: every "now"
 * the store writes comes from ksz__store_now.
 */
#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "store/store_int.h"

static const char *const stmt_sql[STMT__COUNT] = {
    [STMT_SRC_GET] = "SELECT id, default_tlp, default_confidence, lifetimes, name"
                     " FROM sources WHERE name = ?1",
    [STMT_SRC_INS] = "INSERT INTO sources(name, kind, created) VALUES(?1, 'manual', ?2)",
    [STMT_SRC_UPD] = "UPDATE sources SET kind = ?2, url = ?3, reliability = ?4,"
                     " default_tlp = ?5, default_confidence = ?6, lifetimes = ?7"
                     " WHERE name = ?1",
    [STMT_OBS_GET] = "SELECT id FROM observables WHERE type = ?1 AND value = ?2",
    [STMT_OBS_INS] = "INSERT INTO observables(type, value) VALUES(?1, ?2)"
                     " ON CONFLICT(type, value) DO NOTHING",
    [STMT_IND_GET] = "SELECT id, modified, chash, refreshed_at, inactive_since"
                     " FROM indicators WHERE id IN (SELECT id FROM indicator_ids WHERE h = ?2)"
                     " AND stix_id = ?1",
    [STMT_IND_UPD] = "UPDATE indicators SET observable_id = ?2, source_id = ?3, report = ?4,"
                     " pattern = ?5, name = ?6, description = ?7, created = ?8, modified = ?9,"
                     " valid_from = ?10, valid_until = ?11, until_default = ?12,"
                     " confidence = ?13, tlp = ?14, commercial = ?15, usage = ?16,"
                     " revoked = ?17, warn_blocked = ?18, labels = ?19, tags = ?20,"
                     " attack_ids = ?21, kill_chain = ?22, threats = ?23, warnings = ?24,"
                     " refreshed_at = ?26, chash = ?27, inactive_since = 0"
                     " WHERE id = ?28 AND stix_id = ?1 AND ?25 IS NOT NULL",
    [STMT_IND_REFRESH] = "UPDATE indicators SET refreshed_at = ?2, inactive_since = 0,"
                         " valid_until = CASE WHEN until_default AND valid_until < ?3"
                         " THEN ?3 ELSE valid_until END WHERE id = ?1",
    [STMT_HIST_INS] = "INSERT INTO history(indicator_id, at, event, detail) VALUES(?1, ?2, ?3, ?4)",
    [STMT_FTS_DEL] = "DELETE FROM fts WHERE rowid = ?1",
    [STMT_FTS_INS] = "INSERT INTO fts(rowid, title, body) VALUES(?1, ?2, ?3)",
    [STMT_THR_BY_NAME] = "SELECT stix_id FROM threats WHERE name = ?1 COLLATE NOCASE"
                         " UNION ALL SELECT t.stix_id FROM threat_aliases a"
                         " JOIN threats t ON t.id = a.threat_id"
                         " WHERE a.alias = ?1 COLLATE NOCASE LIMIT 1",
    [STMT_REL_TARGETS] = "SELECT target_ref FROM relationships"
                         " WHERE source_ref = ?1 AND type = 'indicates'",
    [STMT_REL_LINK] = "INSERT INTO relationships(stix_id, source_ref, type, target_ref,"
                      " created, modified, chash) VALUES(?1, ?2, ?3, ?4, ?5, ?5, 0)"
                      " ON CONFLICT(stix_id) DO NOTHING",
};

/* Statements of the put path that touch neither indicators nor
 * observables, or (STMT_IND_GET) look up an id that is not waiting in
 * rows.c: they run without writing the waiting rows first. */
static const bool stmt_keeps_rows[STMT__COUNT] = {
    [STMT_SRC_GET] = true,     [STMT_SRC_INS] = true,  [STMT_IND_GET] = true,
    [STMT_FTS_DEL] = true,     [STMT_FTS_INS] = true,  [STMT_THR_BY_NAME] = true,
    [STMT_REL_TARGETS] = true, [STMT_REL_LINK] = true,
};

int64_t ksz__store_now(const struct ksz_store *st)
{
    return st->now_override != 0 ? st->now_override : (int64_t)time(NULL);
}

void ksz_store_set_now(struct ksz_store *st, int64_t now)
{
    st->now_override = now;
}

int64_t ksz_store_now(const struct ksz_store *st)
{
    return ksz__store_now(st);
}

ksz_rc ksz__store_db_error(struct ksz_store *st, struct ksz_error *err, const char *what)
{
    int code = sqlite3_errcode(st->db);

    if (code == SQLITE_NOMEM)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "store: %s: out of memory", what);
    if (code == SQLITE_INTERRUPT && st->deadline_ms != 0)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "store: %s: time limit reached", what);
    return ksz_error_set(err, KSZ_ERR_DB, "store: %s: %s", what, sqlite3_errmsg(st->db));
}

ksz_rc ksz__store_exec(struct ksz_store *st, const char *sql, struct ksz_error *err)
{
    char *msg = NULL;
    ksz_rc out = ksz__store_rows_flush(st, err);
    int rc;

    if (out != KSZ_OK)
        return out;
    rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        if (rc == SQLITE_NOMEM)
            out = ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
        else
            out = ksz_error_set(err, KSZ_ERR_DB, "store: %s",
                                msg != NULL ? msg : sqlite3_errstr(rc));
    }
    sqlite3_free(msg);
    return out;
}

ksz_rc ksz__store_prepare(struct ksz_store *st, const char *sql, sqlite3_stmt **out,
                          struct ksz_error *err)
{
    ksz_rc rc = ksz__store_rows_flush(st, err);

    if (rc != KSZ_OK) {
        *out = NULL;
        return rc;
    }
    if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK) {
        *out = NULL;
        return ksz__store_db_error(st, err, "preparing a query");
    }
    return KSZ_OK;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int past_deadline(void *user)
{
    const struct ksz_store *st = user;
    return st->deadline_ms != 0 && mono_ms() > st->deadline_ms;
}

void ksz_store_set_deadline(struct ksz_store *st, int64_t deadline_ms)
{
    if ((deadline_ms != 0) != (st->deadline_ms != 0))
        sqlite3_progress_handler(st->db, deadline_ms != 0 ? 2000 : 0,
                                 deadline_ms != 0 ? past_deadline : NULL, st);
    st->deadline_ms = deadline_ms;
}

static uint64_t sql_hash(const char *sql)
{
    uint64_t h = KSZ__HASH_INIT;
    for (const unsigned char *p = (const unsigned char *)sql; *p != '\0'; p++)
        h = (h ^ *p) * 0x100000001b3ULL;
    return h != 0 ? h : 1;
}

ksz_rc ksz__store_prepare_cached(struct ksz_store *st, const char *sql, sqlite3_stmt **out,
                                 struct ksz_error *err)
{
    uint64_t h = sql_hash(sql);
    struct store_cached *victim = NULL;
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    *out = NULL;
    rc = ksz__store_rows_flush(st, err);
    if (rc != KSZ_OK)
        return rc;
    st->qtick++;
    for (size_t i = 0; i < KSZ__QUERY_CACHE; i++) {
        struct store_cached *c = &st->qcache[i];
        if (c->hash == h && strcmp(sqlite3_sql(c->s), sql) == 0) {
            if (sqlite3_stmt_busy(c->s))
                return ksz__store_prepare(st, sql, out, err);
            c->used = st->qtick;
            *out = c->s;
            return KSZ_OK;
        }
        if (c->s == NULL || !sqlite3_stmt_busy(c->s))
            if (victim == NULL || c->used < victim->used)
                victim = c;
    }
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
        return ksz__store_db_error(st, err, "preparing a query");
    if (victim != NULL) {
        sqlite3_finalize(victim->s);
        victim->s = s;
        victim->hash = h;
        victim->used = st->qtick;
    }
    *out = s;
    return KSZ_OK;
}

void ksz__store_release(struct ksz_store *st, sqlite3_stmt *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < KSZ__QUERY_CACHE; i++) {
        if (st->qcache[i].s == s) {
            sqlite3_reset(s);
            sqlite3_clear_bindings(s);
            return;
        }
    }
    sqlite3_finalize(s);
}

sqlite3_stmt *ksz__store_stmt(struct ksz_store *st, enum store_stmt which, struct ksz_error *err)
{
    sqlite3_stmt *s = st->stmt[which];

    if (!stmt_keeps_rows[which] && ksz__store_rows_flush(st, err) != KSZ_OK)
        return NULL;
    if (s == NULL) {
        if (ksz__store_prepare(st, stmt_sql[which], &s, err) != KSZ_OK)
            return NULL;
        st->stmt[which] = s;
    } else {
        sqlite3_reset(s); /* every user binds every parameter */
    }
    return s;
}

int ksz__bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v == NULL || v[0] == '\0')
        return sqlite3_bind_null(s, i);
    return sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

const char *ksz__col_text(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t != NULL ? (const char *)t : "";
}

ksz_rc ksz_store_set_cache(struct ksz_store *st, unsigned mib, struct ksz_error *err)
{
    char sql[64];

    if (mib == 0 || mib > 1u << 20)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: cache of %u MiB", mib);
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%llu", (unsigned long long)mib * 1024);
    return ksz__store_exec(st, sql, err);
}

ksz_rc ksz_store_set_mmap(struct ksz_store *st, unsigned mib, struct ksz_error *err)
{
    char sql[64];

    if (mib > 1u << 20)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: memory map of %u MiB", mib);
    snprintf(sql, sizeof sql, "PRAGMA mmap_size = %llu", (unsigned long long)mib << 20);
    return ksz__store_exec(st, sql, err);
}

/* ---- settings -------------------------------------------------------- */

struct decay_default {
    double tau_days, delta;
};

/* docs/lifecycle.md explains these. */
static const struct decay_default decay_defaults[KSZ_IOC__COUNT] = {
    [KSZ_IOC_NONE] = {365, 1.0},     [KSZ_IOC_IPV4] = {120, 2.0},
    [KSZ_IOC_IPV6] = {120, 2.0},     [KSZ_IOC_CIDR4] = {120, 2.0},
    [KSZ_IOC_CIDR6] = {120, 2.0},    [KSZ_IOC_DOMAIN] = {180, 1.5},
    [KSZ_IOC_URL] = {90, 2.0},       [KSZ_IOC_EMAIL] = {180, 1.0},
    [KSZ_IOC_MD5] = {730, 0.5},      [KSZ_IOC_SHA1] = {730, 0.5},
    [KSZ_IOC_SHA256] = {730, 0.5},   [KSZ_IOC_SHA512] = {730, 0.5},
    [KSZ_IOC_ASN] = {365, 1.0},      [KSZ_IOC_CVE] = {730, 0.5},
    [KSZ_IOC_ATTACK] = {730, 0.5},   [KSZ_IOC_FILENAME] = {180, 1.0},
    [KSZ_IOC_BTC] = {365, 1.0},
};

#define KSZ__DEFAULT_THRESHOLD 30.0

static bool parse_double(const char *s, double *out)
{
    char *end = NULL;
    double v;

    if (s == NULL || *s == '\0')
        return false;
    v = strtod(s, &end);
    if (end == NULL || *end != '\0' || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static void apply_setting(struct ksz_store *st, const char *key, const char *value)
{
    double v;
    int t;

    if (!parse_double(value, &v))
        return;
    if (strcmp(key, "decay.threshold") == 0 && v >= 0 && v <= 100) {
        st->threshold = v;
        return;
    }
    for (t = 1; t < KSZ_IOC__COUNT; t++) {
        char k[64];
        snprintf(k, sizeof k, "decay.tau.%d", t);
        if (strcmp(key, k) == 0 && v > 0)
            st->tau[t] = v;
        snprintf(k, sizeof k, "decay.delta.%d", t);
        if (strcmp(key, k) == 0 && v > 0)
            st->delta[t] = v;
    }
}

void ksz__store_load_settings(struct ksz_store *st)
{
    sqlite3_stmt *s = NULL;

    for (int t = 0; t < KSZ_IOC__COUNT; t++) {
        st->tau[t] = decay_defaults[t].tau_days;
        st->delta[t] = decay_defaults[t].delta;
    }
    st->threshold = KSZ__DEFAULT_THRESHOLD;
    if (sqlite3_prepare_v2(st->db, "SELECT key, value FROM settings", -1, &s, NULL) != SQLITE_OK)
        return;
    while (sqlite3_step(s) == SQLITE_ROW)
        apply_setting(st, ksz__col_text(s, 0), ksz__col_text(s, 1));
    sqlite3_finalize(s);
}

ksz_rc ksz_store_setting_set(struct ksz_store *st, const char *key, const char *value,
                             struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    rc = ksz__store_prepare(st, "INSERT INTO settings(key, value) VALUES(?1, ?2)"
                                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "writing a setting");
    sqlite3_finalize(s);
    if (rc == KSZ_OK)
        ksz__store_load_settings(st);
    return rc;
}

ksz_rc ksz_store_setting_get(struct ksz_store *st, const char *key, char *buf, size_t cap,
                             struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    rc = ksz__store_prepare(st, "SELECT value FROM settings WHERE key = ?1", &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        snprintf(buf, cap, "%s", ksz__col_text(s, 0));
    else if (step == SQLITE_DONE)
        rc = KSZ_ERR_NOTFOUND;
    else
        rc = ksz__store_db_error(st, err, "reading a setting");
    sqlite3_finalize(s);
    return rc;
}

void ksz_store_decay_params(const struct ksz_store *st, ksz_ioc_type t, double *tau_days,
                            double *delta, double *threshold)
{
    if ((int)t < 0 || t >= KSZ_IOC__COUNT)
        t = KSZ_IOC_NONE;
    if (tau_days != NULL)
        *tau_days = st->tau[t];
    if (delta != NULL)
        *delta = st->delta[t];
    if (threshold != NULL)
        *threshold = st->threshold;
}

/* ---- open / close ------------------------------------------------------ */

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/* SQLite allocates through ksz__malloc too, so that the allocation-failure
 * tests reach inside it; an 8-byte header keeps the size SQLite asks for. */
static void *mem_malloc(int n)
{
    uint64_t *p = ksz__malloc((size_t)n + 8);
    if (p == NULL)
        return NULL;
    p[0] = (uint64_t)n;
    return p + 1;
}

static void mem_free(void *p)
{
    if (p != NULL)
        ksz__free((uint64_t *)p - 1);
}

static void *mem_realloc(void *p, int n)
{
    uint64_t *q = ksz__realloc((uint64_t *)p - 1, (size_t)n + 8);
    if (q == NULL)
        return NULL;
    q[0] = (uint64_t)n;
    return q + 1;
}

static int mem_size(void *p)
{
    return p != NULL ? (int)((uint64_t *)p)[-1] : 0;
}

static int mem_roundup(int n)
{
    return (n + 7) & ~7;
}

static int mem_init(void *x)
{
    (void)x;
    return SQLITE_OK;
}

static void mem_shutdown(void *x)
{
    (void)x;
}

/* Memory statistics take a global mutex on every SQLite allocation; nothing
 * here reads them. Both calls are refused (harmlessly) if SQLite is already
 * initialised. */
static void sqlite_setup(void)
{
    static const sqlite3_mem_methods mem = {mem_malloc, mem_free,     mem_realloc, mem_size,
                                            mem_roundup, mem_init, mem_shutdown, NULL};
    sqlite3_config(SQLITE_CONFIG_MALLOC, &mem);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static ksz_rc store_connect(struct ksz_store *st, const char *path, struct ksz_error *err)
{
    bool memory = strcmp(path, ":memory:") == 0;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    ksz_rc rc;

    if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
        if (st->db == NULL)
            return ksz_error_set(err, KSZ_ERR_NOMEM, "store: %s: out of memory", path);
        return ksz_error_set(err, KSZ_ERR_DB, "store: %s: %s", path, sqlite3_errmsg(st->db));
    }
    sqlite3_extended_result_codes(st->db, 0);
    sqlite3_busy_timeout(st->db, 5000);
    if (ksz__store_ids_register(st->db) != SQLITE_OK)
        return ksz__store_db_error(st, err, path);
    /* 16 KiB pages for a new file (an existing one keeps its size): the
     * unique index on observable values takes inserts in random order, and
     * with fewer, larger pages a bulk import spends about 8% less CPU per
     * indicator (bench/RESULTS.md). synchronous = NORMAL under WAL: a commit
     * is atomic always, durable once checkpointed. */
    rc = ksz__store_exec(st, memory ? "PRAGMA page_size = 16384; PRAGMA foreign_keys = ON"
                                    : "PRAGMA page_size = 16384; PRAGMA foreign_keys = ON;"
                                      " PRAGMA synchronous = NORMAL",
                         err);
    if (rc == KSZ_OK && !memory) {
        sqlite3_stmt *s = NULL;
        /* journal_mode answers with a row; a read-only or odd file keeps its mode */
        rc = ksz__store_prepare(st, "PRAGMA journal_mode = WAL", &s, err);
        if (rc == KSZ_OK && sqlite3_step(s) != SQLITE_ROW)
            rc = ksz__store_db_error(st, err, path);
        sqlite3_finalize(s);
    }
    if (rc == KSZ_OK)
        rc = ksz__store_exec(st, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY", err);
    if (rc != KSZ_OK && err != NULL && strstr(err->msg, path) == NULL) {
        char msg[KSZ_ERR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", err->msg);
        ksz_error_set(err, rc, "%s: %s", path, msg);
    }
    return rc;
}

ksz_rc ksz_store_open(const char *path, struct ksz_store **out, struct ksz_error *err)
{
    struct ksz_store *st;
    ksz_rc rc;

    pthread_once(&sqlite_once, sqlite_setup);
    assert(out != NULL);
    *out = NULL;
    if (path == NULL || path[0] == '\0')
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: no path given");
    st = ksz__calloc(1, sizeof *st);
    if (st == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
    ksz_buf_init(&st->enc, 1u << 26);
    ksz_buf_init(&st->rows.text, 0);
    st->wal_fd = -1;
    st->rel_indicates = -1;
    st->ids.table = -1;
    rc = store_connect(st, path, err);
    if (rc != KSZ_OK)
        goto out;
    rc = ksz__store_migrate(st, err);
    if (rc != KSZ_OK)
        goto out;
    rc = ksz__store_prepare(st, "ROLLBACK", &st->rollback, err);
    if (rc != KSZ_OK)
        goto out;
    ksz__store_load_settings(st);
out:
    if (rc != KSZ_OK)
        ksz_store_close(st);
    else
        *out = st;
    return rc;
}

void ksz_store_close(struct ksz_store *st)
{
    if (st == NULL)
        return;
    if (st->in_tx && st->db != NULL)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    for (int i = 0; i < STMT__COUNT; i++)
        sqlite3_finalize(st->stmt[i]);
    for (size_t i = 0; i < KSZ__QUERY_CACHE; i++)
        sqlite3_finalize(st->qcache[i].s);
    sqlite3_finalize(st->rollback);
    ksz__store_source_cache_clear(st);
    ksz__lists_cleanup(&st->lists);
    ksz_buf_cleanup(&st->enc);
    ksz__store_ids_cleanup(st);
    ksz__store_rows_cleanup(st);
    ksz__store_writeback_end(st);
    sqlite3_close(st->db);
    ksz__free(st);
}

ksz_rc ksz_store_begin(struct ksz_store *st, struct ksz_error *err)
{
    ksz_rc rc;

    if (st->in_tx)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: a transaction is already open");
    ksz__store_ids_clear(st); /* another connection may have written */
    ksz__store_rows_clear(st);
    rc = ksz__store_exec(st, "BEGIN IMMEDIATE", err);
    if (rc == KSZ_OK)
        st->in_tx = true;
    return rc;
}

ksz_rc ksz_store_commit(struct ksz_store *st, struct ksz_error *err)
{
    ksz_rc rc;

    if (!st->in_tx)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: no transaction to commit");
    rc = st->rows.lost ? ksz_error_set(err, KSZ_ERR_DB, "store: indicators were not written")
                       : ksz__store_ids_flush(st, err);
    if (rc == KSZ_OK && st->wal_fd >= 0)
        ksz__store_writeback(st); /* a large transaction: its last pages too */
    if (rc == KSZ_OK)
        rc = ksz__store_exec(st, "COMMIT", err);
    if (rc == KSZ_OK) {
        st->in_tx = false;
        ksz__store_writeback_end(st);
    } else {
        ksz_store_rollback(st);
    }
    return rc;
}

void ksz_store_rollback(struct ksz_store *st)
{
    if (st == NULL || !st->in_tx)
        return;
    for (int i = 0; i < STMT__COUNT; i++)
        if (st->stmt[i] != NULL)
            sqlite3_reset(st->stmt[i]);
    /* the prepared statement needs no allocation, so out of memory does not
     * leave the transaction open */
    if (!sqlite3_get_autocommit(st->db)) {
        sqlite3_step(st->rollback);
        sqlite3_reset(st->rollback);
    }
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->in_tx = false;
    st->rel_indicates = -1;
    ksz__store_ids_clear(st);
    ksz__store_rows_clear(st);
    ksz__store_writeback_end(st);
    /* cached source ids may name rows that no longer exist */
    ksz__store_source_cache_clear(st);
}
