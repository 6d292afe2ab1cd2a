/* SPDX-License-Identifier: Apache-2.0 */
/*
 * threat.c - malware, tools, actors, intrusion sets, campaigns, attack
 * patterns and vulnerabilities, with their aliases.
 *
 * An indicator may name a threat that has not been read (a CSV column, an
 * `--threat` flag): the name is looked up among names and aliases, and when
 * absent a threat is created with a derived id. "kind:name"
 * ("threat-actor:APT28") says which kind to create; the default is malware.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "store/store_int.h"

static uint64_t threat_hash(const struct ksz_threat *t)
{
    uint64_t h = KSZ__HASH_INIT;

    h = ksz__hash_i64(h, t->kind);
    h = ksz__hash_str(h, t->name);
    h = ksz__hash_str(h, t->description);
    h = ksz__hash_list(h, &t->aliases);
    h = ksz__hash_list(h, &t->external_ids);
    h = ksz__hash_i64(h, t->created);
    h = ksz__hash_i64(h, t->modified);
    h = ksz__hash_i64(h, t->revoked);
    h = ksz__hash_i64(h, t->tlp);
    return h;
}

static char *threat_id_derive(ksz_threat_kind kind, const char *name, char idbuf[80])
{
    char low[512];
    size_t n = strlen(name);

    if (n >= sizeof low)
        n = sizeof low - 1;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)name[i]);
    return ksz_stix_id_derive(ksz_threat_kind_name(kind), low, n, idbuf);
}

static ksz_rc put_threat(struct ksz_store *st, const struct ksz_threat *t, ksz_put_result *res,
                         struct ksz_error *err)
{
    char idbuf[80];
    const char *stix_id = t->stix_id;
    sqlite3_stmt *s = NULL;
    int64_t id = 0, now = ksz__store_now(st);
    uint64_t h = threat_hash(t);
    struct ksz__stored_version old;
    ksz_rc rc;

    if (t->name == NULL || t->name[0] == '\0')
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: threat: no name");
    if (ksz_threat_kind_name(t->kind)[0] == '\0')
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: threat: bad kind %d", (int)t->kind);
    if (stix_id == NULL || stix_id[0] == '\0')
        stix_id = threat_id_derive(t->kind, t->name, idbuf);
    rc = ksz__store_version(st, "SELECT rowid, modified, chash FROM threats WHERE stix_id = ?1",
                            stix_id, "reading a threat", &old, err);
    if (rc != KSZ_OK)
        return rc;
    if (ksz__store_version_unchanged(&old, t->modified, h)) {
        if (res != NULL)
            *res = KSZ_PUT_UNCHANGED;
        return KSZ_OK;
    }
    id = old.id;
    rc = ksz__list_encode(&st->enc, &t->external_ids);
    if (rc != KSZ_OK)
        return ksz_error_set(err, rc, "store: out of memory");
    rc = ksz__store_prepare(
        st,
        old.found ? "UPDATE threats SET kind = ?2, name = ?3, description = ?4, external_ids = ?5,"
                " created = ?6, modified = ?7, revoked = ?8, tlp = ?9, chash = ?10"
                " WHERE stix_id = ?1"
              : "INSERT INTO threats(stix_id, kind, name, description, external_ids, created,"
                " modified, revoked, tlp, chash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, stix_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, (int)t->kind);
    sqlite3_bind_text(s, 3, t->name, -1, SQLITE_STATIC);
    ksz__bind_text(s, 4, t->description);
    if (st->enc.len > 0)
        sqlite3_bind_text(s, 5, st->enc.data, (int)st->enc.len, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, t->created != 0 ? t->created : now);
    sqlite3_bind_int64(s, 7, t->modified != 0 ? t->modified : t->created != 0 ? t->created : now);
    sqlite3_bind_int(s, 8, t->revoked);
    sqlite3_bind_int(s, 9, t->tlp <= KSZ_TLP_RED ? (int)t->tlp : KSZ_TLP_CLEAR);
    sqlite3_bind_int64(s, 10, (int64_t)h);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "writing a threat");
    sqlite3_finalize(s);
    if (rc != KSZ_OK)
        return rc;
    if (!old.found)
        id = sqlite3_last_insert_rowid(st->db);
    rc = ksz__store_prepare(st, "DELETE FROM threat_aliases WHERE threat_id = ?1", &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "writing aliases");
    sqlite3_finalize(s);
    if (rc == KSZ_OK && t->aliases.n > 0) {
        rc = ksz__store_prepare(st, "INSERT OR IGNORE INTO threat_aliases(threat_id, alias)"
                                    " VALUES(?1, ?2)",
                                &s, err);
        for (size_t i = 0; rc == KSZ_OK && i < t->aliases.n; i++) {
            if (t->aliases.items[i] == NULL || t->aliases.items[i][0] == '\0')
                continue;
            sqlite3_bind_int64(s, 1, id);
            sqlite3_bind_text(s, 2, t->aliases.items[i], -1, SQLITE_STATIC);
            if (sqlite3_step(s) != SQLITE_DONE)
                rc = ksz__store_db_error(st, err, "writing aliases");
            sqlite3_reset(s);
        }
        sqlite3_finalize(s);
    }
    if (rc == KSZ_OK)
        rc = ksz__store_fts(st, KSZ__FTS_THREAT, id, t->name, t->description, err);
    if (rc == KSZ_OK && res != NULL)
        *res = old.found ? KSZ_PUT_UPDATED : KSZ_PUT_ADDED;
    return rc;
}

ksz_rc ksz_store_put_threat(struct ksz_store *st, const struct ksz_threat *t, ksz_put_result *res,
                            struct ksz_error *err)
{
    bool began;
    ksz_rc rc;

    if (t == NULL)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: no threat");
    rc = ksz__store_auto_begin(st, &began, err);
    if (rc != KSZ_OK)
        return rc;
    rc = put_threat(st, t, res, err);
    return ksz__store_auto_end(st, began, rc, err);
}

ksz_rc ksz__store_threat_resolve(struct ksz_store *st, const char *name, char idbuf[80],
                                 bool create, struct ksz_error *err)
{
    ksz_threat_kind kind = KSZ_THREAT_MALWARE;
    const char *colon = strchr(name, ':');
    sqlite3_stmt *s;
    int step;
    ksz_rc rc;

    if (ksz__is_stix_id(name)) {
        snprintf(idbuf, 80, "%s", name);
        return KSZ_OK;
    }
    if (colon != NULL && ksz_threat_kind_parse(name, (size_t)(colon - name), &kind) == KSZ_OK)
        name = colon + 1;
    s = ksz__store_stmt(st, STMT_THR_BY_NAME, err);
    if (s == NULL)
        return ksz__store_db_error(st, err, "reading threats");
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        snprintf(idbuf, 80, "%s", ksz__col_text(s, 0));
    sqlite3_reset(s);
    if (step == SQLITE_ROW)
        return KSZ_OK;
    if (step != SQLITE_DONE)
        return ksz__store_db_error(st, err, "reading threats");
    if (!create)
        return KSZ_ERR_NOTFOUND;
    {
        struct ksz_threat t;
        memset(&t, 0, sizeof t);
        t.kind = kind;
        t.name = name;
        t.tlp = KSZ_TLP_CLEAR;
        threat_id_derive(kind, name, idbuf);
        t.stix_id = idbuf;
        rc = put_threat(st, &t, NULL, err);
    }
    return rc;
}

/* Row -> record; strings borrowed from the statement. */
static ksz_rc emit_threats(struct ksz_store *st, sqlite3_stmt *s, ksz_store_threat_cb cb,
                           void *user, struct ksz_error *err)
{
    sqlite3_stmt *al = NULL;
    const char *aliases[256];
    struct ksz_buf abuf;
    ksz_rc rc;
    int step = SQLITE_DONE;

    rc = ksz__store_prepare_cached(st, "SELECT alias FROM threat_aliases WHERE threat_id = ?1"
                                       " ORDER BY alias",
                                   &al, err);
    if (rc != KSZ_OK)
        return rc;
    ksz_buf_init(&abuf, 0);
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ksz_threat t;
        struct ksz_strlist ext;
        const char *text = (const char *)sqlite3_column_text(s, 4);
        size_t na = 0;
        int stop;

        memset(&t, 0, sizeof t);
        t.stix_id = ksz__col_text(s, 0);
        t.kind = (ksz_threat_kind)sqlite3_column_int(s, 1);
        t.name = ksz__col_text(s, 2);
        t.description = (const char *)sqlite3_column_text(s, 3);
        t.created = sqlite3_column_int64(s, 5);
        t.modified = sqlite3_column_int64(s, 6);
        t.revoked = sqlite3_column_int(s, 7) != 0;
        t.tlp = (ksz_tlp)sqlite3_column_int(s, 8);
        rc = ksz__lists_decode(&st->lists, &text, 1, &ext);
        if (rc != KSZ_OK) {
            rc = ksz_error_set(err, rc, "store: out of memory");
            break;
        }
        t.external_ids = ext;
        /* a column's text lives only until the next step: copy the aliases */
        sqlite3_bind_int64(al, 1, sqlite3_column_int64(s, 9));
        ksz_buf_reset(&abuf);
        while (rc == KSZ_OK && na < sizeof aliases / sizeof aliases[0] &&
               sqlite3_step(al) == SQLITE_ROW) {
            const char *a = ksz__col_text(al, 0);
            if (ksz_buf_append(&abuf, a, strlen(a) + 1) != KSZ_OK)
                rc = ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
            na++;
        }
        for (size_t i = 0, o = 0; rc == KSZ_OK && i < na; i++) {
            aliases[i] = abuf.data + o;
            o += strlen(abuf.data + o) + 1;
        }
        if (rc != KSZ_OK) {
            sqlite3_reset(al);
            break;
        }
        t.aliases.items = aliases;
        t.aliases.n = na;
        stop = cb(&t, user);
        sqlite3_reset(al);
        if (stop != 0)
            break;
    }
    if (rc == KSZ_OK && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading threats");
    ksz_buf_cleanup(&abuf);
    ksz__store_release(st, al);
    return rc;
}

#define THREAT_COLS                                                                            \
    "t.stix_id, t.kind, t.name, t.description, t.external_ids, t.created, t.modified,"         \
    " t.revoked, t.tlp, t.id"

ksz_rc ksz__store_each_threat_sql(struct ksz_store *st, const char *where, int64_t arg,
                                  int tlp_max, ksz_store_threat_cb cb, void *user,
                                  struct ksz_error *err);

ksz_rc ksz__store_each_threat_sql(struct ksz_store *st, const char *where, int64_t arg,
                                  int tlp_max, ksz_store_threat_cb cb, void *user,
                                  struct ksz_error *err)
{
    char sql[1024];
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    snprintf(sql, sizeof sql,
             "SELECT " THREAT_COLS " FROM threats t WHERE t.tlp <= ?2 AND (%s)"
             " ORDER BY t.kind, t.name, t.stix_id",
             where);
    rc = ksz__store_prepare_cached(st, sql, &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_int64(s, 1, arg);
    sqlite3_bind_int(s, 2, tlp_max);
    rc = emit_threats(st, s, cb, user, err);
    ksz__store_release(st, s);
    return rc;
}

ksz_rc ksz_store_indicator_threats(struct ksz_store *st, int64_t id, ksz_store_threat_cb cb,
                                   void *user, struct ksz_error *err)
{
    return ksz__store_each_threat_sql(
        st,
        "t.stix_id IN (SELECT r.target_ref FROM relationships r JOIN indicators i"
        " ON r.source_ref = i.stix_id WHERE i.id = ?1)"
        " OR instr(char(31) || (SELECT threats FROM indicators WHERE id = ?1) || char(31),"
        " char(31) || t.stix_id || char(31)) > 0",
        id, KSZ_TLP_RED, cb, user, err);
}
