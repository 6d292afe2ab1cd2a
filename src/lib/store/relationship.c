/* SPDX-License-Identifier: Apache-2.0 */
/*
 * relationship.c - relationships between objects, by STIX id.
 *
 * Both ends are kept as STIX ids, never row ids, so a relationship may
 * arrive before its ends do. An "indicates" relationship from an indicator
 * is also folded into that indicator's threats column (now, if the
 * indicator is stored; at its put otherwise), so that iterating indicators
 * never joins relationships.
 */
#include <stdio.h>
#include <string.h>
#include "store/store_int.h"

static uint64_t rel_hash(const struct ksz_relationship *r)
{
    uint64_t h = KSZ__HASH_INIT;

    h = ksz__hash_str(h, r->source_ref);
    h = ksz__hash_str(h, r->type);
    h = ksz__hash_str(h, r->target_ref);
    h = ksz__hash_str(h, r->description);
    h = ksz__hash_i64(h, r->created);
    h = ksz__hash_i64(h, r->modified);
    return h;
}

static char *rel_id_derive(const char *from, const char *type, const char *to, char idbuf[80])
{
    char name[400];
    int n = snprintf(name, sizeof name, "%s|%s|%s", from, type, to);

    if (n < 0 || (size_t)n >= sizeof name)
        n = (int)sizeof name - 1;
    return ksz_stix_id_derive("relationship", name, (size_t)n, idbuf);
}

static ksz_rc fold_indicates(struct ksz_store *st, const char *from, const char *to,
                             struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    if (strncmp(from, "indicator--", 11) != 0)
        return KSZ_OK;
    rc = ksz__store_ids_sync(st, from, err);
    if (rc != KSZ_OK)
        return rc;
    rc = ksz__store_prepare(
        st,
        "UPDATE indicators SET threats = CASE WHEN threats IS NULL THEN ?2"
        " ELSE threats || char(31) || ?2 END WHERE id IN (SELECT id FROM indicator_ids"
        " WHERE h = ksz_id_hash(?1)) AND stix_id = ?1"
        " AND (threats IS NULL OR instr(char(31) || threats || char(31),"
        " char(31) || ?2 || char(31)) = 0)",
        &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "linking an indicator");
    sqlite3_finalize(s);
    return rc;
}

ksz_rc ksz__store_link(struct ksz_store *st, const char *from, const char *type, const char *to,
                       struct ksz_error *err)
{
    char idbuf[80];
    sqlite3_stmt *s = ksz__store_stmt(st, STMT_REL_LINK, err);
    int step;

    if (s == NULL)
        return ksz__store_db_error(st, err, "writing a relationship");
    sqlite3_bind_text(s, 1, rel_id_derive(from, type, to, idbuf), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, type, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, to, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, ksz__store_now(st));
    step = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (step != SQLITE_DONE)
        return ksz__store_db_error(st, err, "writing a relationship");
    return KSZ_OK;
}

static ksz_rc put_relationship(struct ksz_store *st, const struct ksz_relationship *r,
                               ksz_put_result *res, struct ksz_error *err)
{
    char idbuf[80];
    const char *stix_id = r->stix_id;
    sqlite3_stmt *s = NULL;
    int64_t now = ksz__store_now(st);
    uint64_t h = rel_hash(r);
    struct ksz__stored_version old;
    ksz_rc rc;

    if (r->source_ref == NULL || r->target_ref == NULL || r->type == NULL ||
        r->source_ref[0] == '\0' || r->target_ref[0] == '\0' || r->type[0] == '\0')
        return ksz_error_set(err, KSZ_ERR_INVALID,
                             "store: relationship: needs source_ref, type and target_ref");
    if (stix_id == NULL || stix_id[0] == '\0')
        stix_id = rel_id_derive(r->source_ref, r->type, r->target_ref, idbuf);
    rc = ksz__store_version(st, "SELECT rowid, modified, chash FROM relationships WHERE stix_id = ?1",
                            stix_id, "reading a relationship", &old, err);
    if (rc != KSZ_OK)
        return rc;
    if (ksz__store_version_unchanged(&old, r->modified, h)) {
        if (res != NULL)
            *res = KSZ_PUT_UNCHANGED;
        return KSZ_OK;
    }
    rc = ksz__store_prepare(
        st,
        old.found ? "UPDATE relationships SET source_ref = ?2, type = ?3, target_ref = ?4,"
                " description = ?5, created = ?6, modified = ?7, chash = ?8 WHERE stix_id = ?1"
              : "INSERT INTO relationships(stix_id, source_ref, type, target_ref, description,"
                " created, modified, chash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, stix_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, r->source_ref, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, r->type, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, r->target_ref, -1, SQLITE_STATIC);
    ksz__bind_text(s, 5, r->description);
    sqlite3_bind_int64(s, 6, r->created != 0 ? r->created : now);
    sqlite3_bind_int64(s, 7, r->modified != 0 ? r->modified : r->created != 0 ? r->created : now);
    sqlite3_bind_int64(s, 8, (int64_t)h);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "writing a relationship");
    sqlite3_finalize(s);
    if (rc == KSZ_OK && strcmp(r->type, "indicates") == 0) {
        st->rel_indicates = 1;
        rc = fold_indicates(st, r->source_ref, r->target_ref, err);
    }
    if (rc == KSZ_OK && res != NULL)
        *res = old.found ? KSZ_PUT_UPDATED : KSZ_PUT_ADDED;
    return rc;
}

ksz_rc ksz_store_put_relationship(struct ksz_store *st, const struct ksz_relationship *r,
                                  ksz_put_result *res, struct ksz_error *err)
{
    bool began;
    ksz_rc rc;

    if (r == NULL)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: no relationship");
    rc = ksz__store_auto_begin(st, &began, err);
    if (rc != KSZ_OK)
        return rc;
    rc = put_relationship(st, r, res, err);
    return ksz__store_auto_end(st, began, rc, err);
}

ksz_rc ksz__store_each_relationship_sql(struct ksz_store *st, const char *where,
                                        ksz_store_relationship_cb cb, void *user,
                                        struct ksz_error *err);

ksz_rc ksz__store_each_relationship_sql(struct ksz_store *st, const char *where,
                                        ksz_store_relationship_cb cb, void *user,
                                        struct ksz_error *err)
{
    char sql[1024];
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    snprintf(sql, sizeof sql,
             "SELECT stix_id, source_ref, type, target_ref, description, created, modified"
             " FROM relationships r WHERE %s ORDER BY source_ref, type, target_ref, stix_id",
             where);
    rc = ksz__store_prepare(st, sql, &s, err);
    if (rc != KSZ_OK)
        return rc;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ksz_relationship r;

        memset(&r, 0, sizeof r);
        r.stix_id = ksz__col_text(s, 0);
        r.source_ref = ksz__col_text(s, 1);
        r.type = ksz__col_text(s, 2);
        r.target_ref = ksz__col_text(s, 3);
        r.description = (const char *)sqlite3_column_text(s, 4);
        r.created = sqlite3_column_int64(s, 5);
        r.modified = sqlite3_column_int64(s, 6);
        if (cb(&r, user) != 0)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading relationships");
    sqlite3_finalize(s);
    return rc;
}
