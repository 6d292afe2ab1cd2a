/* SPDX-License-Identifier: Apache-2.0 */
/*
 * token.c - the daemon's API tokens: name, role, TLP ceiling, collections,
 * and a keyed hash of the secret.
 *
 * The secret itself never reaches the store: the daemon hashes what a
 * client sends with a server key (BLAKE2b, src/server/auth.c) and looks the
 * hash up here through its unique index, one probe per request.
 */
#include <string.h>
#include "store/store_int.h"
#include "kizashi/daemon.h"

static const char *const role_names[] = {"", "reader", "analyst", "admin"};

const char *ksz_role_name(ksz_role r)
{
    return (unsigned)r <= KSZ_ROLE_ADMIN ? role_names[r] : "";
}

ksz_rc ksz_role_parse(const char *s, size_t len, ksz_role *out)
{
    for (int r = KSZ_ROLE_READER; r <= KSZ_ROLE_ADMIN; r++)
        if (strlen(role_names[r]) == len && strncmp(role_names[r], s, len) == 0) {
            *out = (ksz_role)r;
            return KSZ_OK;
        }
    return KSZ_ERR_PARSE;
}

ksz_rc ksz_store_token_put(struct ksz_store *st, const struct ksz_token *t,
                           const unsigned char hash[KSZ_TOKEN_HASH_LEN], struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    rc = ksz__store_prepare(st, "INSERT INTO tokens(name, hash, role, tlp_max, allow_red,"
                                " collections, created) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, hash, KSZ_TOKEN_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, (int)t->role);
    sqlite3_bind_int(s, 4, (int)t->tlp_max);
    sqlite3_bind_int(s, 5, t->allow_red ? 1 : 0);
    ksz__bind_text(s, 6, t->collections);
    sqlite3_bind_int64(s, 7, t->created != 0 ? t->created : ksz__store_now(st));
    step = sqlite3_step(s);
    if (step == SQLITE_CONSTRAINT)
        rc = ksz_error_set(err, KSZ_ERR_INVALID, "store: a token named '%s' exists", t->name);
    else if (step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "storing a token");
    sqlite3_finalize(s);
    return rc;
}

static void row_token(sqlite3_stmt *s, struct ksz_token *t)
{
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(s, 0);
    t->name = ksz__col_text(s, 1);
    t->role = (ksz_role)sqlite3_column_int(s, 2);
    t->tlp_max = (ksz_tlp)sqlite3_column_int(s, 3);
    t->allow_red = sqlite3_column_int(s, 4) != 0;
    t->collections = (const char *)sqlite3_column_text(s, 5);
    t->created = sqlite3_column_int64(s, 6);
    t->revoked = sqlite3_column_int(s, 7) != 0;
}

#define TOKEN_COLS "id, name, role, tlp_max, allow_red, collections, created, revoked"

ksz_rc ksz_store_token_find(struct ksz_store *st, const unsigned char hash[KSZ_TOKEN_HASH_LEN],
                            struct ksz_token *out, char *buf, size_t cap, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    struct ksz_token t;
    ksz_rc rc;
    int step;

    rc = ksz__store_prepare(st, "SELECT " TOKEN_COLS " FROM tokens WHERE hash = ?1 AND revoked = 0",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_blob(s, 1, hash, KSZ_TOKEN_HASH_LEN, SQLITE_STATIC);
    step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        size_t nl, cl;
        row_token(s, &t);
        nl = strlen(t.name);
        cl = t.collections != NULL ? strlen(t.collections) : 0;
        if (nl + cl + 2 > cap) {
            rc = ksz_error_set(err, KSZ_ERR_LIMIT, "store: token record too long");
        } else {
            memcpy(buf, t.name, nl + 1);
            t.name = buf;
            if (t.collections != NULL) {
                memcpy(buf + nl + 1, t.collections, cl + 1);
                t.collections = buf + nl + 1;
            }
            *out = t;
        }
    } else if (step == SQLITE_DONE) {
        rc = ksz_error_set(err, KSZ_ERR_NOTFOUND, "store: no such token");
    } else {
        rc = ksz__store_db_error(st, err, "looking up a token");
    }
    sqlite3_finalize(s);
    return rc;
}

ksz_rc ksz_store_each_token(struct ksz_store *st, ksz_store_token_cb cb, void *user,
                            struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    rc = ksz__store_prepare(st, "SELECT " TOKEN_COLS " FROM tokens ORDER BY name", &s, err);
    if (rc != KSZ_OK)
        return rc;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ksz_token t;
        row_token(s, &t);
        if (cb(&t, user) != 0)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading tokens");
    sqlite3_finalize(s);
    return rc;
}

ksz_rc ksz_store_token_revoke(struct ksz_store *st, const char *name, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    rc = ksz__store_prepare(st, "UPDATE tokens SET revoked = 1 WHERE name = ?1", &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "revoking a token");
    else if (sqlite3_changes(st->db) == 0)
        rc = ksz_error_set(err, KSZ_ERR_NOTFOUND, "store: no token named '%s'", name);
    sqlite3_finalize(s);
    return rc;
}
