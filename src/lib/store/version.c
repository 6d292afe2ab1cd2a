/* SPDX-License-Identifier: Apache-2.0 */
/*
 * version.c - the version rule shared by every STIX object the store keeps
 * by id (threats, reports, relationships): a put whose content hash equals
 * the stored one, or whose `modified` is older than the stored one, changes
 * nothing; anything else is a new version. One rule, one place.
 */
#include "store/store_int.h"

ksz_rc ksz__store_version(struct ksz_store *st, const char *sql, const char *stix_id,
                          const char *what, struct ksz__stored_version *v,
                          struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    v->found = false;
    v->id = 0;
    v->modified = 0;
    v->hash = 0;
    rc = ksz__store_prepare(st, sql, &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, stix_id, -1, SQLITE_STATIC);
    step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        v->found = true;
        v->id = sqlite3_column_int64(s, 0);
        v->modified = sqlite3_column_int64(s, 1);
        v->hash = (uint64_t)sqlite3_column_int64(s, 2);
    } else if (step != SQLITE_DONE) {
        rc = ksz__store_db_error(st, err, what);
    }
    sqlite3_finalize(s);
    return rc;
}

bool ksz__store_version_unchanged(const struct ksz__stored_version *v, int64_t modified,
                                  uint64_t hash)
{
    return v->found && ((modified != 0 && modified < v->modified) || hash == v->hash);
}
