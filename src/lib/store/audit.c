/* SPDX-License-Identifier: Apache-2.0 */
/*
 * audit.c - the audit log of writes made through the daemon (who, what,
 * when, with what result), and the TAXII status resources of its POSTs.
 *
 * Entries are only appended: nothing in kizashi updates or deletes them.
 */
#include <string.h>
#include "store/store_int.h"
#include "kizashi/daemon.h"

ksz_rc ksz_store_audit_add(struct ksz_store *st, const struct ksz_audit *a,
                           struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    rc = ksz__store_prepare(st, "INSERT INTO audit(at, actor, action, object, detail, status)"
                                " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_int64(s, 1, a->at != 0 ? a->at : ksz__store_now(st));
    sqlite3_bind_text(s, 2, a->actor != NULL ? a->actor : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, a->action != NULL ? a->action : "", -1, SQLITE_STATIC);
    ksz__bind_text(s, 4, a->object);
    ksz__bind_text(s, 5, a->detail);
    sqlite3_bind_int(s, 6, a->status);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "writing the audit log");
    sqlite3_finalize(s);
    return rc;
}

ksz_rc ksz_store_each_audit(struct ksz_store *st, int64_t after_id, size_t limit,
                            ksz_store_audit_cb cb, void *user, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    rc = ksz__store_prepare(st, "SELECT id, at, actor, action, object, detail, status FROM audit"
                                " WHERE id > ?1 ORDER BY id LIMIT ?2",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_int64(s, 1, after_id);
    sqlite3_bind_int64(s, 2, limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ksz_audit a;
        a.id = sqlite3_column_int64(s, 0);
        a.at = sqlite3_column_int64(s, 1);
        a.actor = ksz__col_text(s, 2);
        a.action = ksz__col_text(s, 3);
        a.object = (const char *)sqlite3_column_text(s, 4);
        a.detail = (const char *)sqlite3_column_text(s, 5);
        a.status = sqlite3_column_int(s, 6);
        if (cb(&a, user) != 0)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading the audit log");
    sqlite3_finalize(s);
    return rc;
}

ksz_rc ksz_store_taxii_status_put(struct ksz_store *st, const struct ksz_taxii_status *t,
                                  struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    rc = ksz__store_prepare(st, "INSERT OR REPLACE INTO taxii_status(id, status, requested,"
                                " total, success, failure, pending, detail)"
                                " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, t->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, t->status, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, t->requested);
    sqlite3_bind_int64(s, 4, t->total);
    sqlite3_bind_int64(s, 5, t->success);
    sqlite3_bind_int64(s, 6, t->failure);
    sqlite3_bind_int64(s, 7, t->pending);
    ksz__bind_text(s, 8, t->detail);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "writing a TAXII status");
    sqlite3_finalize(s);
    return rc;
}

ksz_rc ksz_store_taxii_status_get(struct ksz_store *st, const char *id,
                                  ksz_store_taxii_status_cb cb, void *user,
                                  struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    rc = ksz__store_prepare(st, "SELECT id, status, requested, total, success, failure, pending,"
                                " detail FROM taxii_status WHERE id = ?1",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        struct ksz_taxii_status t;
        t.id = ksz__col_text(s, 0);
        t.status = ksz__col_text(s, 1);
        t.requested = sqlite3_column_int64(s, 2);
        t.total = sqlite3_column_int64(s, 3);
        t.success = sqlite3_column_int64(s, 4);
        t.failure = sqlite3_column_int64(s, 5);
        t.pending = sqlite3_column_int64(s, 6);
        t.detail = (const char *)sqlite3_column_text(s, 7);
        cb(&t, user);
    } else if (step == SQLITE_DONE) {
        rc = ksz_error_set(err, KSZ_ERR_NOTFOUND, "store: no such status");
    } else {
        rc = ksz__store_db_error(st, err, "reading a TAXII status");
    }
    sqlite3_finalize(s);
    return rc;
}
