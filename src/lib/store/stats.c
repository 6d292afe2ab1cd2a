/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stats.c - counts for `kizashi stats` and the dashboard: totals, by type,
 * by source, by TLP, and active/inactive by reason.
 *
 * Every per-indicator count comes from one pass over the indicators table in
 * row order, reading only the columns the counts and the active test need;
 * the counting is done in C. Each indicator's observable type comes from a
 * table of type by observable id read beforehand in one pass, so the scan
 * joins nothing. The active test is ksz__store_state, as for exports. A 5M
 * store used to take four scans and a join per row (bench/RESULTS.md).
 */
#include <stdio.h>
#include <string.h>
#include "store/store_int.h"

static const char *const reasons[] = {"revoked",       "false-positive", "warninglisted",
                                      "not yet valid", "expired",        "decayed"};
#define N_REASONS (sizeof reasons / sizeof reasons[0])
#define N_TLP 5                  /* clear .. red; anything else counts as "unset" */
#define TYPES_MAX ((int64_t)1 << 31)   /* observable ids the type table may span */

struct counts {
    uint8_t *obs_type;           /* by observable id; 0 = no such observable */
    int64_t obs_max;             /* obs_type holds ids 0..obs_max */
    int64_t observables;
    int64_t *by_source;          /* by source id */
    int64_t src_max;
    int64_t by_type[KSZ_IOC__COUNT];
    int64_t by_tlp[N_TLP];
    bool odd_tlp;                /* some TLP outside 0..4 was seen */
    bool odd_type;               /* some observable type out of range was seen */
    int64_t indicators;
    int64_t active;
    int64_t inactive[N_REASONS];
};

static ksz_rc int_query(struct ksz_store *st, const char *sql, int64_t *out, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc = ksz__store_prepare(st, sql, &s, err);

    if (rc != KSZ_OK)
        return rc;
    if (sqlite3_step(s) == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else
        rc = ksz__store_db_error(st, err, "counting");
    sqlite3_finalize(s);
    return rc;
}

/* The type of every observable, by id. Ids are rowids given in order, so
 * the table is dense: one byte per observable. */
static ksz_rc load_types(struct ksz_store *st, struct counts *c, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    int64_t max = 0;
    ksz_rc rc;
    int step;

    rc = int_query(st, "SELECT coalesce(max(id), 0) FROM observables", &max, err);
    if (rc != KSZ_OK)
        return rc;
    if (max < 0 || max >= TYPES_MAX)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "store: stats: observable id %lld",
                             (long long)max);
    c->obs_max = max;
    c->obs_type = ksz__calloc((size_t)max + 1, 1);
    if (c->obs_type == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
    rc = ksz__store_prepare(st, "SELECT id, type FROM observables", &s, err);
    if (rc != KSZ_OK)
        return rc;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        int t = sqlite3_column_int(s, 1);

        c->observables++;
        if (id >= 0 && id <= max)   /* 0 marks "none": keep real types apart */
            c->obs_type[id] = (uint8_t)(t > 0 && t < KSZ_IOC__COUNT ? t : 255);
    }
    if (step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "counting observables");
    sqlite3_finalize(s);
    return rc;
}

static ksz_rc load_sources(struct ksz_store *st, struct counts *c, struct ksz_error *err)
{
    int64_t max = 0;
    ksz_rc rc = int_query(st, "SELECT coalesce(max(id), 0) FROM sources", &max, err);

    if (rc != KSZ_OK)
        return rc;
    if (max < 0 || max >= TYPES_MAX)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "store: stats: source id %lld", (long long)max);
    c->src_max = max;
    c->by_source = ksz__calloc((size_t)max + 1, sizeof *c->by_source);
    if (c->by_source == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
    return KSZ_OK;
}

static void count_state(struct counts *c, const struct ksz_indicator_state *state)
{
    if (state->active) {
        c->active++;
        return;
    }
    for (size_t i = 0; i < N_REASONS; i++) {
        if (strcmp(state->inactive_reason, reasons[i]) == 0) {
            c->inactive[i]++;
            break;
        }
    }
}

/* One pass over the indicators. An indicator whose observable is missing is
 * counted in the total only, as the joins did; one above TLP:RED is left
 * out of the active test, as exports leave it out. */
static ksz_rc scan(struct ksz_store *st, struct counts *c, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    int64_t now = ksz__store_now(st);
    ksz_rc rc;
    int step;

    rc = ksz__store_prepare(st,
                            "SELECT observable_id, source_id, tlp, confidence, valid_from,"
                            " valid_until, revoked, revoked_at, false_positive, warn_blocked,"
                            " refreshed_at, last_seen FROM indicators",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t obs = sqlite3_column_int64(s, 0);
        int64_t src = sqlite3_column_int64(s, 1);
        int64_t tlp = sqlite3_column_int64(s, 2);
        struct ksz_indicator_state state;
        struct store_life life;
        int t;

        c->indicators++;
        if (src >= 0 && src <= c->src_max)
            c->by_source[src]++;
        if (tlp >= 0 && tlp < N_TLP)
            c->by_tlp[tlp]++;
        else
            c->odd_tlp = true;
        t = obs >= 0 && obs <= c->obs_max ? c->obs_type[obs] : 0;
        if (t == 0)
            continue;
        if (t != 255)
            c->by_type[t]++;
        else
            c->odd_type = true;
        if (tlp > KSZ_TLP_RED)
            continue;
        life.type = t != 255 ? (ksz_ioc_type)t : KSZ_IOC_NONE;
        life.confidence = sqlite3_column_int(s, 3);
        life.valid_from = sqlite3_column_int64(s, 4);
        life.valid_until = sqlite3_column_int64(s, 5);
        life.revoked = sqlite3_column_int(s, 6) != 0 || sqlite3_column_int64(s, 7) != 0;
        life.false_positive = sqlite3_column_int64(s, 8) != 0;
        life.warn_blocked = sqlite3_column_int(s, 9) != 0;
        life.refreshed_at = sqlite3_column_int64(s, 10);
        life.last_seen = sqlite3_column_int64(s, 11);
        ksz__store_state(st, &life, now, &state);
        count_state(c, &state);
    }
    if (step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "counting indicators");
    sqlite3_finalize(s);
    return rc;
}

static ksz_rc grouped(struct ksz_store *st, const char *group, const char *sql,
                      ksz_store_stat_cb cb, void *user, bool *stop, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    if (*stop)
        return KSZ_OK;
    rc = ksz__store_prepare(st, sql, &s, err);
    if (rc != KSZ_OK)
        return rc;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (cb(group, ksz__col_text(s, 0), sqlite3_column_int64(s, 1), user) != 0) {
            *stop = true;
            break;
        }
    }
    if (!*stop && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "counting");
    sqlite3_finalize(s);
    return rc;
}

static void emit(const char *group, const char *key, int64_t n, ksz_store_stat_cb cb, void *user,
                 bool *stop)
{
    if (!*stop && cb(group, key, n, user) != 0)
        *stop = true;
}

/* Sources by name, with their counts (zero included). */
static ksz_rc emit_sources(struct ksz_store *st, const struct counts *c, ksz_store_stat_cb cb,
                           void *user, bool *stop, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    if (*stop)
        return KSZ_OK;
    rc = ksz__store_prepare(st, "SELECT id, name FROM sources ORDER BY name", &s, err);
    if (rc != KSZ_OK)
        return rc;
    while (!*stop && (step = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        int64_t n = id >= 0 && id <= c->src_max ? c->by_source[id] : 0;
        emit("source", ksz__col_text(s, 1), n, cb, user, stop);
    }
    if (!*stop && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "counting sources");
    sqlite3_finalize(s);
    return rc;
}

static ksz_rc emit_all(struct ksz_store *st, const struct counts *c, ksz_store_stat_cb cb,
                       void *user, struct ksz_error *err)
{
    static const char *const totals[][2] = {
        {"threats", "SELECT 'threats', count(*) FROM threats"},
        {"reports", "SELECT 'reports', count(*) FROM reports"},
        {"relationships", "SELECT 'relationships', count(*) FROM relationships"},
        {"sightings", "SELECT 'sightings', coalesce(sum(count), 0) FROM sightings"},
        {"sources", "SELECT 'sources', count(*) FROM sources"},
        {"warninglists", "SELECT 'warninglists', count(*) FROM warnlists"},
    };
    static const char *const tlp_names[N_TLP] = {"clear", "green", "amber", "amber+strict",
                                                 "red"};
    bool stop = false;
    char key[16];
    ksz_rc rc = KSZ_OK;

    emit("total", "indicators", c->indicators, cb, user, &stop);
    emit("total", "observables", c->observables, cb, user, &stop);
    for (size_t i = 0; rc == KSZ_OK && i < sizeof totals / sizeof totals[0]; i++)
        rc = grouped(st, "total", totals[i][1], cb, user, &stop, err);
    if (rc == KSZ_OK && c->odd_type) {
        rc = grouped(st, "type",
                     "SELECT o.type, count(*) FROM indicators i JOIN observables o"
                     " ON o.id = i.observable_id GROUP BY o.type ORDER BY o.type",
                     cb, user, &stop, err);
    } else {
        for (int t = 0; t < KSZ_IOC__COUNT; t++) {
            if (c->by_type[t] == 0)
                continue;
            snprintf(key, sizeof key, "%d", t);
            emit("type", key, c->by_type[t], cb, user, &stop);
        }
    }
    if (rc != KSZ_OK)
        return rc;
    emit("active", "active", c->active, cb, user, &stop);
    for (size_t i = 0; i < N_REASONS; i++)
        if (c->inactive[i] > 0)
            emit("inactive", reasons[i], c->inactive[i], cb, user, &stop);
    rc = emit_sources(st, c, cb, user, &stop, err);
    if (rc == KSZ_OK && c->odd_tlp) {
        rc = grouped(st, "tlp",
                     "SELECT CASE tlp WHEN 0 THEN 'clear' WHEN 1 THEN 'green' WHEN 2 THEN 'amber'"
                     " WHEN 3 THEN 'amber+strict' WHEN 4 THEN 'red' ELSE 'unset' END, count(*)"
                     " FROM indicators GROUP BY tlp ORDER BY tlp",
                     cb, user, &stop, err);
    } else if (rc == KSZ_OK) {
        for (int t = 0; t < N_TLP; t++)
            if (c->by_tlp[t] > 0)
                emit("tlp", tlp_names[t], c->by_tlp[t], cb, user, &stop);
    }
    return rc;
}

ksz_rc ksz_store_stats(struct ksz_store *st, ksz_store_stat_cb cb, void *user,
                       struct ksz_error *err)
{
    struct counts c;
    ksz_rc rc;

    memset(&c, 0, sizeof c);
    /* one snapshot for every pass, so the counts agree with each other */
    rc = st->in_tx ? KSZ_OK : ksz__store_exec(st, "BEGIN", err);
    if (rc == KSZ_OK)
        rc = load_types(st, &c, err);
    if (rc == KSZ_OK)
        rc = load_sources(st, &c, err);
    if (rc == KSZ_OK)
        rc = scan(st, &c, err);
    if (rc == KSZ_OK)
        rc = emit_all(st, &c, cb, user, err);
    if (!st->in_tx && !sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);   /* read only: cannot fail to apply */
    ksz__free(c.obs_type);
    ksz__free(c.by_source);
    return rc;
}
