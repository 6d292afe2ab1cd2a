/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stats.c - counts for `kizashi stats` and the dashboard: totals, by type,
 * by source, by TLP, and active/inactive by reason (one pass over the
 * indicators with the same active test as exports).
 */
#include <stdio.h>
#include <string.h>
#include "store/store_int.h"

static const char *const reasons[] = {"revoked",       "false-positive", "warninglisted",
                                      "not yet valid", "expired",        "decayed"};
#define N_REASONS (sizeof reasons / sizeof reasons[0])

struct act {
    int64_t active;
    int64_t inactive[N_REASONS];
};

static int count_row(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                     void *user)
{
    struct act *a = user;

    (void)ind;
    if (state->active) {
        a->active++;
        return 0;
    }
    for (size_t i = 0; i < N_REASONS; i++) {
        if (strcmp(state->inactive_reason, reasons[i]) == 0) {
            a->inactive[i]++;
            break;
        }
    }
    return 0;
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

ksz_rc ksz_store_stats(struct ksz_store *st, ksz_store_stat_cb cb, void *user,
                       struct ksz_error *err)
{
    static const char *const totals[][2] = {
        {"indicators", "SELECT 'indicators', count(*) FROM indicators"},
        {"observables", "SELECT 'observables', count(*) FROM observables"},
        {"threats", "SELECT 'threats', count(*) FROM threats"},
        {"reports", "SELECT 'reports', count(*) FROM reports"},
        {"relationships", "SELECT 'relationships', count(*) FROM relationships"},
        {"sightings", "SELECT 'sightings', coalesce(sum(count), 0) FROM sightings"},
        {"sources", "SELECT 'sources', count(*) FROM sources"},
        {"warninglists", "SELECT 'warninglists', count(*) FROM warnlists"},
    };
    struct ksz_filter f;
    struct act a;
    bool stop = false;
    ksz_rc rc = KSZ_OK;

    for (size_t i = 0; rc == KSZ_OK && i < sizeof totals / sizeof totals[0]; i++)
        rc = grouped(st, "total", totals[i][1], cb, user, &stop, err);
    if (rc == KSZ_OK)
        rc = grouped(st, "type",
                     "SELECT o.type, count(*) FROM indicators i JOIN observables o"
                     " ON o.id = i.observable_id GROUP BY o.type ORDER BY o.type",
                     cb, user, &stop, err);
    if (rc == KSZ_OK && !stop) {
        memset(&a, 0, sizeof a);
        ksz_filter_init(&f);
        f.active_only = false;
        f.tlp_max = KSZ_TLP_RED;
        f.allow_red = true;
        f.include_warned = true;
        f.now = ksz__store_now(st);
        rc = ksz__store_scan_indicators(st, &f, NULL, count_row, &a, err);
        if (rc == KSZ_OK && cb("active", "active", a.active, user) != 0)
            stop = true;
        for (size_t i = 0; rc == KSZ_OK && !stop && i < N_REASONS; i++)
            if (a.inactive[i] > 0 && cb("inactive", reasons[i], a.inactive[i], user) != 0)
                stop = true;
    }
    if (rc == KSZ_OK)
        rc = grouped(st, "source",
                     "SELECT s.name, count(i.id) FROM sources s LEFT JOIN indicators i"
                     " ON i.source_id = s.id GROUP BY s.id ORDER BY s.name",
                     cb, user, &stop, err);
    if (rc == KSZ_OK)
        rc = grouped(st, "tlp",
                     "SELECT CASE tlp WHEN 0 THEN 'clear' WHEN 1 THEN 'green' WHEN 2 THEN 'amber'"
                     " WHEN 3 THEN 'amber+strict' WHEN 4 THEN 'red' ELSE 'unset' END, count(*)"
                     " FROM indicators GROUP BY tlp ORDER BY tlp",
                     cb, user, &stop, err);
    return rc;
}
