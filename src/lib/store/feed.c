/* SPDX-License-Identifier: Apache-2.0 */
/*
 * feed.c - the feeds the daemon pulls on a schedule, and the state of each
 * pull: validators for conditional requests (ETag, Last-Modified), TAXII's
 * added_after, and health (last success, last error, counts, failures).
 */
#include <string.h>
#include "store/store_int.h"
#include "kizashi/daemon.h"

ksz_rc ksz_store_feed_add(struct ksz_store *st, const struct ksz_feed *f, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    rc = ksz__store_prepare(st, "INSERT INTO feeds(name, url, format, collection, every, options,"
                                " created) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, f->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, f->url, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, f->format, -1, SQLITE_STATIC);
    ksz__bind_text(s, 4, f->collection);
    sqlite3_bind_int64(s, 5, f->every);
    ksz__bind_text(s, 6, f->options);
    sqlite3_bind_int64(s, 7, ksz__store_now(st));
    step = sqlite3_step(s);
    if (step == SQLITE_CONSTRAINT)
        rc = ksz_error_set(err, KSZ_ERR_INVALID, "store: a feed named '%s' exists", f->name);
    else if (step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "storing a feed");
    sqlite3_finalize(s);
    return rc;
}

ksz_rc ksz_store_feed_remove(struct ksz_store *st, const char *name, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    rc = ksz__store_prepare(st, "DELETE FROM feeds WHERE name = ?1", &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "removing a feed");
    else if (sqlite3_changes(st->db) == 0)
        rc = ksz_error_set(err, KSZ_ERR_NOTFOUND, "store: no feed named '%s'", name);
    sqlite3_finalize(s);
    return rc;
}

ksz_rc ksz_store_each_feed(struct ksz_store *st, const char *name, ksz_store_feed_cb cb,
                           void *user, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step, n = 0;

    rc = ksz__store_prepare(st, "SELECT id, name, url, format, collection, every, options, etag,"
                                " last_modified, added_after, last_run, last_success, last_error,"
                                " last_count, failures, created FROM feeds"
                                " WHERE ?1 IS NULL OR name = ?1 ORDER BY name",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    ksz__bind_text(s, 1, name);
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ksz_feed f;
        n++;
        f.id = sqlite3_column_int64(s, 0);
        f.name = ksz__col_text(s, 1);
        f.url = ksz__col_text(s, 2);
        f.format = ksz__col_text(s, 3);
        f.collection = (const char *)sqlite3_column_text(s, 4);
        f.every = sqlite3_column_int64(s, 5);
        f.options = (const char *)sqlite3_column_text(s, 6);
        f.etag = (const char *)sqlite3_column_text(s, 7);
        f.last_modified = (const char *)sqlite3_column_text(s, 8);
        f.added_after = (const char *)sqlite3_column_text(s, 9);
        f.last_run = sqlite3_column_int64(s, 10);
        f.last_success = sqlite3_column_int64(s, 11);
        f.last_error = (const char *)sqlite3_column_text(s, 12);
        f.last_count = sqlite3_column_int64(s, 13);
        f.failures = sqlite3_column_int64(s, 14);
        f.created = sqlite3_column_int64(s, 15);
        if (cb(&f, user) != 0)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading feeds");
    else if (name != NULL && n == 0)
        rc = ksz_error_set(err, KSZ_ERR_NOTFOUND, "store: no feed named '%s'", name);
    sqlite3_finalize(s);
    return rc;
}

ksz_rc ksz_store_feed_update(struct ksz_store *st, const struct ksz_feed *f,
                             struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    rc = ksz__store_prepare(st, "UPDATE feeds SET etag = ?2, last_modified = ?3, added_after = ?4,"
                                " last_run = ?5, last_success = ?6, last_error = ?7,"
                                " last_count = ?8, failures = ?9 WHERE name = ?1",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, f->name, -1, SQLITE_STATIC);
    ksz__bind_text(s, 2, f->etag);
    ksz__bind_text(s, 3, f->last_modified);
    ksz__bind_text(s, 4, f->added_after);
    sqlite3_bind_int64(s, 5, f->last_run);
    sqlite3_bind_int64(s, 6, f->last_success);
    ksz__bind_text(s, 7, f->last_error);
    sqlite3_bind_int64(s, 8, f->last_count);
    sqlite3_bind_int64(s, 9, f->failures);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "updating a feed");
    else if (sqlite3_changes(st->db) == 0)
        rc = ksz_error_set(err, KSZ_ERR_NOTFOUND, "store: no feed named '%s'", f->name);
    sqlite3_finalize(s);
    return rc;
}
