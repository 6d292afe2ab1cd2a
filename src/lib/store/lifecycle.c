/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lifecycle.c - decay, the active test, marks and expiry.
 *
 * One function, ksz__store_state, decides whether an indicator is active:
 * exports, search, show, stats and expire all call it, so they cannot
 * disagree. The reasons are tested in a fixed order (revoked,
 * false-positive, warninglisted, not yet valid, expired, decayed) and the
 * first that holds is the one reported.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "store/store_int.h"

double ksz_decay_score(double base, double tau_days, double delta, int64_t t)
{
    double tau = tau_days * KSZ__DAY, x;

    if (t <= 0)
        return base;
    if (tau <= 0 || delta <= 0 || (double)t >= tau)
        return 0.0;
    x = 1.0 - pow((double)t / tau, 1.0 / delta);
    return x > 0 ? base * x : 0.0;
}

void ksz__store_state(const struct ksz_store *st, const struct store_life *l, int64_t now,
                      struct ksz_indicator_state *out)
{
    int64_t since = l->refreshed_at > l->last_seen ? l->refreshed_at : l->last_seen;
    ksz_ioc_type t = (int)l->type > 0 && l->type < KSZ_IOC__COUNT ? l->type : KSZ_IOC_NONE;

    out->score = ksz_decay_score(l->confidence, st->tau[t], st->delta[t], now - since);
    out->false_positive = l->false_positive;
    out->last_seen = l->last_seen;
    out->inactive_reason = NULL;
    if (l->revoked)
        out->inactive_reason = "revoked";
    else if (l->false_positive)
        out->inactive_reason = "false-positive";
    else if (l->warn_blocked)
        out->inactive_reason = "warninglisted";
    else if (now < l->valid_from)
        out->inactive_reason = "not yet valid";
    else if (l->valid_until != 0 && now >= l->valid_until)
        out->inactive_reason = "expired";
    else if (out->score <= st->threshold)
        out->inactive_reason = "decayed";
    out->active = out->inactive_reason == NULL;
}

/* ---- marks -------------------------------------------------------------- */

static ksz_rc mark(struct ksz_store *st, int64_t id, ksz_mark m, const char *reason,
                   bool *changed, struct ksz_error *err)
{
    static const char *const sql[] = {
        [KSZ_MARK_REVOKE] = "UPDATE indicators SET revoked_at = ?2 WHERE id = ?1"
                            " AND revoked_at = 0",
        [KSZ_MARK_FALSE_POSITIVE] = "UPDATE indicators SET false_positive = ?2 WHERE id = ?1"
                                    " AND false_positive = 0",
        [KSZ_MARK_UNMARK] = "UPDATE indicators SET revoked_at = 0, false_positive = 0,"
                            " inactive_since = 0 WHERE id = ?1 AND ?2 != 0"
                            " AND (revoked_at != 0 OR false_positive != 0)",
    };
    static const char *const event[] = {
        [KSZ_MARK_REVOKE] = "revoked",
        [KSZ_MARK_FALSE_POSITIVE] = "false-positive",
        [KSZ_MARK_UNMARK] = "unmarked",
    };
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int n = 0;

    rc = ksz__store_prepare(st, "SELECT 1 FROM indicators WHERE id = ?1", &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) != SQLITE_ROW)
        rc = ksz_error_set(err, KSZ_ERR_NOTFOUND, "store: no indicator %lld", (long long)id);
    sqlite3_finalize(s);
    if (rc != KSZ_OK)
        return rc;
    rc = ksz__store_prepare(st, sql[m], &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, ksz__store_now(st));
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "marking an indicator");
    else
        n = sqlite3_changes(st->db);
    sqlite3_finalize(s);
    if (rc == KSZ_OK && n > 0)
        rc = ksz__store_history(st, id, event[m], reason, err);
    if (rc == KSZ_OK && changed != NULL)
        *changed = n > 0;
    return rc;
}

ksz_rc ksz_store_mark(struct ksz_store *st, int64_t id, ksz_mark m, const char *reason,
                      bool *changed, struct ksz_error *err)
{
    bool began;
    ksz_rc rc;

    if (m != KSZ_MARK_REVOKE && m != KSZ_MARK_FALSE_POSITIVE && m != KSZ_MARK_UNMARK)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: bad mark %d", (int)m);
    rc = ksz__store_auto_begin(st, &began, err);
    if (rc != KSZ_OK)
        return rc;
    rc = mark(st, id, m, reason, changed, err);
    return ksz__store_auto_end(st, began, rc, err);
}

/* ---- history ------------------------------------------------------------ */

ksz_rc ksz_store_each_history(struct ksz_store *st, int64_t id, ksz_store_history_cb cb,
                              void *user, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    rc = ksz__store_prepare_cached(st,
                                   "SELECT i.first_stored, 'created', s.name, 0 FROM indicators i"
                                   " JOIN sources s ON s.id = i.source_id WHERE i.id = ?1"
                                   " UNION ALL SELECT at, event, detail, id FROM history"
                                   " WHERE indicator_id = ?1 ORDER BY 1, 4",
                                   &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ksz_history_event ev;

        ev.at = sqlite3_column_int64(s, 0);
        ev.event = ksz__col_text(s, 1);
        ev.detail = (const char *)sqlite3_column_text(s, 2);
        if (cb(&ev, user) != 0)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading history");
    ksz__store_release(st, s);
    return rc;
}

/* ---- expire ------------------------------------------------------------- */

struct expire_ctx {
    struct ksz_store *st;
    ksz_store_indicator_cb cb;
    void *user;
    int64_t *ids;
    const char **reasons;
    size_t n, cap;
    ksz_rc rc;
};

static int expire_row(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                      void *user)
{
    struct expire_ctx *x = user;

    if (state->active)
        return 0;
    if (x->n == x->cap) {
        size_t nc = x->cap ? x->cap * 2 : 1024;
        int64_t *ids = ksz__realloc(x->ids, nc * sizeof *ids);
        const char **rs;
        if (ids == NULL) {
            x->rc = KSZ_ERR_NOMEM;
            return 1;
        }
        x->ids = ids;
        rs = ksz__realloc(x->reasons, nc * sizeof *rs);
        if (rs == NULL) {
            x->rc = KSZ_ERR_NOMEM;
            return 1;
        }
        x->reasons = rs;
        x->cap = nc;
    }
    x->ids[x->n] = state->id;
    x->reasons[x->n] = state->inactive_reason; /* static strings */
    x->n++;
    if (x->cb != NULL && x->cb(ind, state, x->user) != 0)
        return 0; /* the caller stops listening, expiry goes on */
    return 0;
}

static ksz_rc expire(struct ksz_store *st, struct expire_ctx *x, struct ksz_error *err)
{
    struct ksz_filter f;
    sqlite3_stmt *s = NULL;
    int64_t now = ksz__store_now(st);
    char buf[32];
    ksz_rc rc;

    ksz_filter_init(&f);
    f.active_only = false;
    f.tlp_max = KSZ_TLP_RED;
    f.allow_red = true;
    f.include_warned = true;
    f.now = now;
    rc = ksz__store_scan_indicators(st, &f, "i.inactive_since = 0", expire_row, x, err);
    if (rc == KSZ_OK && x->rc != KSZ_OK)
        rc = ksz_error_set(err, x->rc, "store: expire: %s", ksz_strerror(x->rc));
    if (rc != KSZ_OK)
        return rc;
    rc = ksz__store_prepare(st, "UPDATE indicators SET inactive_since = ?2 WHERE id = ?1", &s,
                            err);
    for (size_t i = 0; rc == KSZ_OK && i < x->n; i++) {
        sqlite3_bind_int64(s, 1, x->ids[i]);
        sqlite3_bind_int64(s, 2, now);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = ksz__store_db_error(st, err, "recording expiry");
        sqlite3_reset(s);
        if (rc == KSZ_OK)
            rc = ksz__store_history(st, x->ids[i], "expired", x->reasons[i], err);
    }
    sqlite3_finalize(s);
    snprintf(buf, sizeof buf, "%lld", (long long)now);
    if (rc == KSZ_OK)
        rc = ksz_store_setting_set(st, "expire.last_run", buf, err);
    return rc;
}

ksz_rc ksz_store_expire(struct ksz_store *st, ksz_store_indicator_cb cb, void *user, size_t *n,
                        struct ksz_error *err)
{
    struct expire_ctx x;
    bool began;
    ksz_rc rc;

    memset(&x, 0, sizeof x);
    x.st = st;
    x.cb = cb;
    x.user = user;
    rc = ksz__store_auto_begin(st, &began, err);
    if (rc != KSZ_OK)
        return rc;
    rc = expire(st, &x, err);
    rc = ksz__store_auto_end(st, began, rc, err);
    if (rc == KSZ_OK && n != NULL)
        *n = x.n;
    ksz__free(x.ids);
    ksz__free(x.reasons);
    return rc;
}
