/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.c - reports: a title, a description, a TLP, a source, and the STIX
 * ids of the objects they refer to (which need not have arrived yet).
 */
#include <stdio.h>
#include <string.h>
#include "store/store_int.h"

static uint64_t report_hash(const struct ksz_report *r)
{
    uint64_t h = KSZ__HASH_INIT;

    h = ksz__hash_str(h, r->title);
    h = ksz__hash_str(h, r->description);
    h = ksz__hash_i64(h, r->published);
    h = ksz__hash_i64(h, r->created);
    h = ksz__hash_i64(h, r->modified);
    h = ksz__hash_i64(h, r->tlp);
    h = ksz__hash_str(h, r->source);
    h = ksz__hash_list(h, &r->object_refs);
    h = ksz__hash_list(h, &r->labels);
    return h;
}

static ksz_rc put_refs(struct ksz_store *st, int64_t id, const struct ksz_strlist *refs,
                       struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;

    rc = ksz__store_prepare(st, "DELETE FROM report_refs WHERE report_id = ?1", &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "writing report refs");
    sqlite3_finalize(s);
    if (rc != KSZ_OK || refs->n == 0)
        return rc;
    rc = ksz__store_prepare(st, "INSERT OR IGNORE INTO report_refs(report_id, ref) VALUES(?1, ?2)",
                            &s, err);
    for (size_t i = 0; rc == KSZ_OK && i < refs->n; i++) {
        if (refs->items[i] == NULL || refs->items[i][0] == '\0')
            continue;
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_text(s, 2, refs->items[i], -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = ksz__store_db_error(st, err, "writing report refs");
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return rc;
}

static ksz_rc put_report(struct ksz_store *st, const struct ksz_report *r, ksz_put_result *res,
                         struct ksz_error *err)
{
    char idbuf[80];
    const char *stix_id = r->stix_id;
    const struct store_source *src = NULL;
    sqlite3_stmt *s = NULL;
    int64_t id = 0, now = ksz__store_now(st);
    uint64_t h = report_hash(r);
    struct ksz__stored_version old;
    ksz_rc rc;

    if ((r->title == NULL || r->title[0] == '\0') && (stix_id == NULL || stix_id[0] == '\0'))
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: report: needs a title or an id");
    if (r->source != NULL && r->source[0] != '\0') {
        rc = ksz__store_source(st, r->source, &src, err);
        if (rc != KSZ_OK)
            return rc;
    }
    if (stix_id == NULL || stix_id[0] == '\0') {
        char name[1024];
        int n = snprintf(name, sizeof name, "%s|%s", src != NULL ? src->name : "", r->title);
        if (n < 0 || (size_t)n >= sizeof name)
            n = (int)sizeof name - 1;
        stix_id = ksz_stix_id_derive("report", name, (size_t)n, idbuf);
    }
    rc = ksz__store_version(st, "SELECT rowid, modified, chash FROM reports WHERE stix_id = ?1",
                            stix_id, "reading a report", &old, err);
    if (rc != KSZ_OK)
        return rc;
    if (ksz__store_version_unchanged(&old, r->modified, h)) {
        if (res != NULL)
            *res = KSZ_PUT_UNCHANGED;
        return KSZ_OK;
    }
    id = old.id;
    rc = ksz__list_encode(&st->enc, &r->labels);
    if (rc != KSZ_OK)
        return ksz_error_set(err, rc, "store: out of memory");
    rc = ksz__store_prepare(
        st,
        old.found ? "UPDATE reports SET title = ?2, description = ?3, published = ?4, created = ?5,"
                " modified = ?6, tlp = ?7, source_id = ?8, labels = ?9, chash = ?10"
                " WHERE stix_id = ?1"
              : "INSERT INTO reports(stix_id, title, description, published, created, modified,"
                " tlp, source_id, labels, chash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, stix_id, -1, SQLITE_STATIC);
    ksz__bind_text(s, 2, r->title);
    ksz__bind_text(s, 3, r->description);
    sqlite3_bind_int64(s, 4, r->published != 0 ? r->published : r->created != 0 ? r->created : now);
    sqlite3_bind_int64(s, 5, r->created != 0 ? r->created : now);
    sqlite3_bind_int64(s, 6, r->modified != 0 ? r->modified : r->created != 0 ? r->created : now);
    sqlite3_bind_int(s, 7, r->tlp <= KSZ_TLP_RED ? (int)r->tlp : KSZ_TLP_AMBER);
    if (src != NULL)
        sqlite3_bind_int64(s, 8, src->id);
    if (st->enc.len > 0)
        sqlite3_bind_text(s, 9, st->enc.data, (int)st->enc.len, SQLITE_STATIC);
    sqlite3_bind_int64(s, 10, (int64_t)h);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "writing a report");
    sqlite3_finalize(s);
    if (rc != KSZ_OK)
        return rc;
    if (!old.found)
        id = sqlite3_last_insert_rowid(st->db);
    rc = put_refs(st, id, &r->object_refs, err);
    if (rc == KSZ_OK)
        rc = ksz__store_fts(st, KSZ__FTS_REPORT, id, r->title, r->description, err);
    if (rc == KSZ_OK && res != NULL)
        *res = old.found ? KSZ_PUT_UPDATED : KSZ_PUT_ADDED;
    return rc;
}

ksz_rc ksz_store_put_report(struct ksz_store *st, const struct ksz_report *r, ksz_put_result *res,
                            struct ksz_error *err)
{
    bool began;
    ksz_rc rc;

    if (r == NULL)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: no report");
    rc = ksz__store_auto_begin(st, &began, err);
    if (rc != KSZ_OK)
        return rc;
    rc = put_report(st, r, res, err);
    return ksz__store_auto_end(st, began, rc, err);
}

#define REPORT_COLS                                                                            \
    "r.stix_id, r.title, r.description, r.published, r.created, r.modified, r.tlp,"            \
    " (SELECT name FROM sources WHERE id = r.source_id), r.labels, r.id"

ksz_rc ksz__store_each_report_sql(struct ksz_store *st, const char *where, int64_t arg,
                                  int tlp_max, ksz_store_report_cb cb, void *user,
                                  struct ksz_error *err);

ksz_rc ksz__store_each_report_sql(struct ksz_store *st, const char *where, int64_t arg,
                                  int tlp_max, ksz_store_report_cb cb, void *user,
                                  struct ksz_error *err)
{
    char sql[1024];
    sqlite3_stmt *s = NULL, *refs = NULL;
    const char **items = NULL;
    size_t cap = 0;
    struct ksz_buf text;
    ksz_rc rc;
    int step = SQLITE_DONE;

    ksz_buf_init(&text, 0);
    snprintf(sql, sizeof sql,
             "SELECT " REPORT_COLS " FROM reports r WHERE r.tlp <= ?2 AND (%s)"
             " ORDER BY r.published, r.stix_id",
             where);
    rc = ksz__store_prepare_cached(st, sql, &s, err);
    if (rc == KSZ_OK)
        rc = ksz__store_prepare_cached(
            st, "SELECT ref FROM report_refs WHERE report_id = ?1 ORDER BY ref", &refs, err);
    if (rc != KSZ_OK) {
        ksz__store_release(st, s);
        return rc;
    }
    sqlite3_bind_int64(s, 1, arg);
    sqlite3_bind_int(s, 2, tlp_max);
    while (rc == KSZ_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ksz_report r;
        const char *labels = (const char *)sqlite3_column_text(s, 8);
        size_t n = 0;
        int stop;

        memset(&r, 0, sizeof r);
        r.stix_id = ksz__col_text(s, 0);
        r.title = (const char *)sqlite3_column_text(s, 1);
        r.description = (const char *)sqlite3_column_text(s, 2);
        r.published = sqlite3_column_int64(s, 3);
        r.created = sqlite3_column_int64(s, 4);
        r.modified = sqlite3_column_int64(s, 5);
        r.tlp = (ksz_tlp)sqlite3_column_int(s, 6);
        r.source = (const char *)sqlite3_column_text(s, 7);
        if (ksz__lists_decode(&st->lists, &labels, 1, &r.labels) != KSZ_OK) {
            rc = ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
            break;
        }
        /* a column's text lives only until the next step: copy the refs */
        sqlite3_bind_int64(refs, 1, sqlite3_column_int64(s, 9));
        ksz_buf_reset(&text);
        while (rc == KSZ_OK && (step = sqlite3_step(refs)) == SQLITE_ROW) {
            const char *ref = ksz__col_text(refs, 0);
            if (ksz_buf_append(&text, ref, strlen(ref) + 1) != KSZ_OK)
                rc = ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
            n++;
        }
        if (rc == KSZ_OK && n > cap) {
            const char **p = ksz__realloc(items, n * sizeof *p);
            if (p == NULL)
                rc = ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
            else {
                items = p;
                cap = n;
            }
        }
        for (size_t i = 0, o = 0; rc == KSZ_OK && i < n; i++) {
            items[i] = text.data + o;
            o += strlen(text.data + o) + 1;
        }
        r.object_refs.items = items;
        r.object_refs.n = n;
        stop = rc == KSZ_OK ? cb(&r, user) : 1;
        sqlite3_reset(refs);
        if (stop != 0)
            break;
        step = SQLITE_DONE;
    }
    if (rc == KSZ_OK && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading reports");
    ksz__free(items);
    ksz_buf_cleanup(&text);
    ksz__store_release(st, refs);
    ksz__store_release(st, s);
    return rc;
}

ksz_rc ksz_store_indicator_reports(struct ksz_store *st, int64_t id, ksz_store_report_cb cb,
                                   void *user, struct ksz_error *err)
{
    return ksz__store_each_report_sql(
        st,
        "r.id IN (SELECT rr.report_id FROM report_refs rr JOIN indicators i"
        " ON rr.ref = i.stix_id WHERE i.id = ?1)"
        " OR r.stix_id = (SELECT report FROM indicators WHERE id = ?1)"
        " OR r.title = (SELECT report FROM indicators WHERE id = ?1)",
        id, KSZ_TLP_RED, cb, user, err);
}
