/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warnlist.c - warninglists kept in the store, and the matcher built from
 * them.
 *
 * A list is replaced as a whole by a newer version; its enabled flag and
 * policy are the store's own settings (an analyst's choice) and survive the
 * replacement. Matching itself is the warn area's business: this file only
 * hands the enabled lists to ksz_warn_add_list.
 */
#include <string.h>
#include "store/store_int.h"

static ksz_rc put_entries(struct ksz_store *st, int64_t id, const char *const *entries, size_t n,
                          struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    rc = ksz__store_prepare(st, "DELETE FROM warnlist_entries WHERE list_id = ?1", &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "writing a warninglist");
    sqlite3_finalize(s);
    if (rc != KSZ_OK)
        return rc;
    rc = ksz__store_prepare(st, "INSERT INTO warnlist_entries(list_id, entry) VALUES(?1, ?2)", &s,
                            err);
    for (size_t i = 0; rc == KSZ_OK && i < n; i++) {
        if (entries[i] == NULL || entries[i][0] == '\0')
            continue;
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_text(s, 2, entries[i], -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = ksz__store_db_error(st, err, "writing a warninglist");
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return rc;
}

static ksz_rc put_warnlist(struct ksz_store *st, const struct ksz_warn_list *l,
                           const char *const *entries, size_t n, ksz_put_result *res,
                           struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    int64_t id = 0, old_version = 0;
    bool found = false;
    ksz_rc rc;
    int step;

    if (l == NULL || l->name == NULL || l->name[0] == '\0')
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: warninglist: no name");
    if (l->kind < KSZ_WARN_CIDR || l->kind > KSZ_WARN_REGEX)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: warninglist %.64s: bad kind %d",
                             l->name, (int)l->kind);
    rc = ksz__store_prepare(st, "SELECT id, version FROM warnlists WHERE name = ?1", &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, l->name, -1, SQLITE_STATIC);
    step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        found = true;
        id = sqlite3_column_int64(s, 0);
        old_version = sqlite3_column_int64(s, 1);
    } else if (step != SQLITE_DONE) {
        rc = ksz__store_db_error(st, err, "reading a warninglist");
    }
    sqlite3_finalize(s);
    if (rc != KSZ_OK)
        return rc;
    if (found && l->version <= old_version) {
        if (res != NULL)
            *res = KSZ_PUT_UNCHANGED;
        return KSZ_OK;
    }
    rc = ksz__store_prepare(
        st,
        found ? "UPDATE warnlists SET description = ?2, version = ?3, kind = ?4, types = ?5,"
                " updated = ?6 WHERE name = ?1"
              : "INSERT INTO warnlists(name, description, version, kind, types, updated, policy,"
                " enabled) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, l->name, -1, SQLITE_STATIC);
    ksz__bind_text(s, 2, l->description);
    sqlite3_bind_int64(s, 3, l->version);
    sqlite3_bind_int(s, 4, (int)l->kind);
    sqlite3_bind_int64(s, 5, l->types);
    sqlite3_bind_int64(s, 6, ksz__store_now(st));
    if (!found) {
        sqlite3_bind_int(s, 7, l->policy == KSZ_WARN_POLICY_BLOCK ? KSZ_WARN_POLICY_BLOCK
                                                                  : KSZ_WARN_POLICY_WARN);
        sqlite3_bind_int(s, 8, l->enabled);
    }
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "writing a warninglist");
    sqlite3_finalize(s);
    if (rc != KSZ_OK)
        return rc;
    if (!found)
        id = sqlite3_last_insert_rowid(st->db);
    rc = put_entries(st, id, entries, n, err);
    if (rc == KSZ_OK && res != NULL)
        *res = found ? KSZ_PUT_UPDATED : KSZ_PUT_ADDED;
    return rc;
}

ksz_rc ksz_store_put_warnlist(struct ksz_store *st, const struct ksz_warn_list *list,
                              const char *const *entries, size_t n, ksz_put_result *res,
                              struct ksz_error *err)
{
    bool began;
    ksz_rc rc;

    rc = ksz__store_auto_begin(st, &began, err);
    if (rc != KSZ_OK)
        return rc;
    rc = put_warnlist(st, list, entries, n, res, err);
    return ksz__store_auto_end(st, began, rc, err);
}

ksz_rc ksz_store_set_warnlist(struct ksz_store *st, const char *name, bool enabled,
                              ksz_warn_policy policy, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    if (policy != KSZ_WARN_POLICY_WARN && policy != KSZ_WARN_POLICY_BLOCK)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: bad warninglist policy %d",
                             (int)policy);
    rc = ksz__store_prepare(st, "UPDATE warnlists SET enabled = ?2, policy = ?3 WHERE name = ?1",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, enabled);
    sqlite3_bind_int(s, 3, (int)policy);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "writing a warninglist");
    else if (sqlite3_changes(st->db) == 0)
        rc = ksz_error_set(err, KSZ_ERR_NOTFOUND, "store: no warninglist %.100s", name);
    sqlite3_finalize(s);
    return rc;
}

#define LIST_COLS "id, name, description, version, kind, policy, enabled, types"

static void row_list(sqlite3_stmt *s, struct ksz_warn_list *l)
{
    memset(l, 0, sizeof *l);
    l->name = ksz__col_text(s, 1);
    l->description = (const char *)sqlite3_column_text(s, 2);
    l->version = sqlite3_column_int64(s, 3);
    l->kind = (ksz_warn_kind)sqlite3_column_int(s, 4);
    l->policy = (ksz_warn_policy)sqlite3_column_int(s, 5);
    l->enabled = sqlite3_column_int(s, 6) != 0;
    l->types = (ksz_ioc_typeset)sqlite3_column_int64(s, 7);
}

ksz_rc ksz_store_each_warnlist(struct ksz_store *st, ksz_store_warnlist_cb cb, void *user,
                               struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    rc = ksz__store_prepare(st, "SELECT " LIST_COLS ", (SELECT count(*) FROM warnlist_entries"
                                " WHERE list_id = w.id) FROM warnlists w ORDER BY name",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ksz_warn_list l;
        row_list(s, &l);
        if (cb(&l, (size_t)sqlite3_column_int64(s, 8), user) != 0)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading warninglists");
    sqlite3_finalize(s);
    return rc;
}

