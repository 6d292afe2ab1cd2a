/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sighting.c - sightings, aggregated per (observable, indicator, where, day,
 * kind): a month of hits on one sensor is thirty rows, not a million.
 *
 * A sighting refreshes its indicators (last_seen restarts their decay); a
 * false-positive sighting marks them false-positive, dated and kept in
 * history. A sighting with a STIX id is counted once, however often the
 * bundle that carries it is imported.
 */
#include <stdio.h>
#include <string.h>
#include "store/store_int.h"

static ksz_rc step_done(struct ksz_store *st, sqlite3_stmt *s, const char *what,
                        struct ksz_error *err)
{
    int step = sqlite3_step(s);
    sqlite3_reset(s);
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        return ksz__store_db_error(st, err, what);
    return KSZ_OK;
}

static ksz_rc seen_before(struct ksz_store *st, const char *stix_id, bool *seen,
                          struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    *seen = false;
    if (stix_id == NULL || stix_id[0] == '\0')
        return KSZ_OK;
    rc = ksz__store_prepare(st, "INSERT INTO sighting_ids(stix_id) VALUES(?1)"
                                " ON CONFLICT DO NOTHING",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, stix_id, -1, SQLITE_STATIC);
    rc = step_done(st, s, "writing a sighting", err);
    *seen = rc == KSZ_OK && sqlite3_changes(st->db) == 0;
    sqlite3_finalize(s);
    return rc;
}

static ksz_rc mark_fp(struct ksz_store *st, int64_t obs_id, int64_t ind_id, const char *where,
                      struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    char detail[300];
    ksz_rc rc;
    int step;

    snprintf(detail, sizeof detail, "false-positive sighting%s%.200s", where[0] ? " at " : "",
             where);
    rc = ksz__store_prepare(st, "SELECT id FROM indicators WHERE false_positive = 0 AND"
                                " (id = ?2 OR (?2 = 0 AND observable_id = ?1))",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_int64(s, 1, obs_id);
    sqlite3_bind_int64(s, 2, ind_id);
    while (rc == KSZ_OK && (step = sqlite3_step(s)) == SQLITE_ROW)
        rc = ksz_store_mark(st, sqlite3_column_int64(s, 0), KSZ_MARK_FALSE_POSITIVE, detail, NULL,
                            err);
    if (rc == KSZ_OK && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading indicators");
    sqlite3_finalize(s);
    return rc;
}

static ksz_rc put_sighting(struct ksz_store *st, const struct ksz_sighting *si,
                           ksz_put_result *res, struct ksz_error *err)
{
    int64_t obs_id = 0, ind_id = 0, now = ksz__store_now(st);
    int64_t first = si->first_seen, last = si->last_seen, count = si->count > 0 ? si->count : 1;
    const char *where = si->where != NULL ? si->where : "";
    sqlite3_stmt *s = NULL;
    bool seen;
    ksz_rc rc;
    int step;

    if (ksz_sighting_kind_name(si->kind)[0] == '\0')
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: sighting: bad kind %d", (int)si->kind);
    if (si->sighting_of != NULL && si->sighting_of[0] != '\0') {
        rc = ksz__store_ids_sync(st, si->sighting_of, err);
        if (rc == KSZ_OK)
            rc = ksz__store_prepare(st,
                                    "SELECT id, observable_id FROM indicators"
                                    " WHERE id IN (SELECT id FROM indicator_ids"
                                    " WHERE h = ksz_id_hash(?1)) AND stix_id = ?1",
                                    &s, err);
        if (rc != KSZ_OK)
            return rc;
        sqlite3_bind_text(s, 1, si->sighting_of, -1, SQLITE_STATIC);
        step = sqlite3_step(s);
        if (step == SQLITE_ROW) {
            ind_id = sqlite3_column_int64(s, 0);
            obs_id = sqlite3_column_int64(s, 1);
        }
        sqlite3_finalize(s);
        if (step == SQLITE_DONE)
            return ksz_error_set(err, KSZ_ERR_NOTFOUND, "store: sighting of unknown %.100s",
                                 si->sighting_of);
        if (step != SQLITE_ROW)
            return ksz__store_db_error(st, err, "reading an indicator");
    } else {
        if (si->type <= KSZ_IOC_NONE || si->type >= KSZ_IOC__COUNT || si->value == NULL ||
            si->value[0] == '\0')
            return ksz_error_set(err, KSZ_ERR_INVALID,
                                 "store: sighting: needs sighting_of or type and value");
        rc = ksz__store_observable(st, si->type, si->value, true, &obs_id, err);
        if (rc != KSZ_OK)
            return rc;
    }
    rc = seen_before(st, si->stix_id, &seen, err);
    if (rc != KSZ_OK || seen) {
        if (rc == KSZ_OK && res != NULL)
            *res = KSZ_PUT_UNCHANGED;
        return rc;
    }
    if (last == 0)
        last = first != 0 ? first : now;
    if (first == 0 || first > last)
        first = last;
    rc = ksz__store_prepare(
        st,
        "INSERT INTO sightings(stix_id, observable_id, indicator_id, where_, day, kind, count,"
        " first_seen, last_seen) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        " ON CONFLICT(observable_id, indicator_id, where_, day, kind) DO UPDATE SET"
        " count = count + excluded.count, first_seen = min(first_seen, excluded.first_seen),"
        " last_seen = max(last_seen, excluded.last_seen)",
        &s, err);
    if (rc != KSZ_OK)
        return rc;
    ksz__bind_text(s, 1, si->stix_id);
    sqlite3_bind_int64(s, 2, obs_id);
    sqlite3_bind_int64(s, 3, ind_id);
    sqlite3_bind_text(s, 4, where, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, last / KSZ__DAY);
    sqlite3_bind_int(s, 6, (int)si->kind);
    sqlite3_bind_int64(s, 7, count);
    sqlite3_bind_int64(s, 8, first);
    sqlite3_bind_int64(s, 9, last);
    rc = step_done(st, s, "writing a sighting", err);
    sqlite3_finalize(s);
    if (rc != KSZ_OK)
        return rc;
    if (res != NULL)
        *res = KSZ_PUT_ADDED; /* a new sighting, even when it joins a day's row */
    rc = ksz__store_prepare(
        st,
        "UPDATE indicators SET last_seen = max(last_seen, ?3), sightings = sightings + ?4"
        " WHERE id = ?2 OR (?2 = 0 AND observable_id = ?1)",
        &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_int64(s, 1, obs_id);
    sqlite3_bind_int64(s, 2, ind_id);
    sqlite3_bind_int64(s, 3, si->kind == KSZ_SIGHTING_FALSE_POSITIVE ? 0 : last);
    sqlite3_bind_int64(s, 4, count);
    rc = step_done(st, s, "updating indicators", err);
    sqlite3_finalize(s);
    if (rc == KSZ_OK && si->kind == KSZ_SIGHTING_FALSE_POSITIVE)
        rc = mark_fp(st, obs_id, ind_id, where, err);
    return rc;
}

ksz_rc ksz_store_put_sighting(struct ksz_store *st, const struct ksz_sighting *s,
                              ksz_put_result *res, struct ksz_error *err)
{
    bool began;
    ksz_rc rc;

    if (s == NULL)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: no sighting");
    rc = ksz__store_auto_begin(st, &began, err);
    if (rc != KSZ_OK)
        return rc;
    rc = put_sighting(st, s, res, err);
    return ksz__store_auto_end(st, began, rc, err);
}

ksz_rc ksz__store_each_sighting_sql(struct ksz_store *st, const char *where, int64_t arg,
                                    ksz_store_sighting_cb cb, void *user, struct ksz_error *err);

ksz_rc ksz__store_each_sighting_sql(struct ksz_store *st, const char *where, int64_t arg,
                                    ksz_store_sighting_cb cb, void *user, struct ksz_error *err)
{
    char sql[1024];
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    snprintf(sql, sizeof sql,
             "SELECT g.stix_id, (SELECT stix_id FROM indicators WHERE id = g.indicator_id),"
             " o.type, o.value, g.where_, g.first_seen, g.last_seen, g.count, g.kind, g.id"
             " FROM sightings g JOIN observables o ON o.id = g.observable_id WHERE %s"
             " ORDER BY o.type, o.value, g.day, g.where_, g.kind, g.indicator_id",
             where);
    rc = ksz__store_prepare_cached(st, sql, &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_int64(s, 1, arg);
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ksz_sighting g;
        char idbuf[80], name[64];

        memset(&g, 0, sizeof g);
        g.stix_id = (const char *)sqlite3_column_text(s, 0);
        if (g.stix_id == NULL) {
            int n = snprintf(name, sizeof name, "sighting|%lld",
                             (long long)sqlite3_column_int64(s, 9));
            g.stix_id = ksz_stix_id_derive("sighting", name, (size_t)n, idbuf);
        }
        g.sighting_of = (const char *)sqlite3_column_text(s, 1);
        g.type = (ksz_ioc_type)sqlite3_column_int(s, 2);
        g.value = ksz__col_text(s, 3);
        g.where = ksz__col_text(s, 4);
        g.first_seen = sqlite3_column_int64(s, 5);
        g.last_seen = sqlite3_column_int64(s, 6);
        g.count = sqlite3_column_int64(s, 7);
        g.kind = (ksz_sighting_kind)sqlite3_column_int(s, 8);
        if (cb(&g, user) != 0)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading sightings");
    ksz__store_release(st, s);
    return rc;
}

ksz_rc ksz_store_indicator_sightings(struct ksz_store *st, int64_t id, ksz_store_sighting_cb cb,
                                     void *user, struct ksz_error *err)
{
    return ksz__store_each_sighting_sql(
        st,
        "g.indicator_id = ?1 OR (g.indicator_id = 0 AND g.observable_id ="
        " (SELECT observable_id FROM indicators WHERE id = ?1))",
        id, cb, user, err);
}
