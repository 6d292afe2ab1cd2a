/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rows.c - new indicator rows, written many to a statement.
 *
 * A bulk import puts new indicators one at a time, and a one-row INSERT
 * opens and closes the cursors of the table, of its two indexes and of the
 * foreign keys' parents for every row: about a third of what the insert
 * costs (bench/RESULTS.md, import). So the new rows of a transaction wait
 * here, their values copied, and are written KSZ__ROWS_BATCH to a statement:
 * first their observables (INSERT ... ON CONFLICT DO NOTHING, which gives
 * the new ones the ids they would have had one at a time: when all are new
 * they are the largest id plus 1, 2, ...; otherwise each is read back),
 * then the indicators. Each indicator gets at its put the row id SQLite
 * would have given it (the largest id when the transaction began, plus one,
 * onwards), set explicitly in the INSERT, so the put can still index it
 * (ids.c) and say what it did.
 *
 * Waiting rows must never be missed by a read: every statement that may
 * read or write indicators writes them first (ksz__store_stmt and the
 * prepare and exec helpers of store.c call ksz__store_rows_flush; only the
 * put path's own statements that touch other tables, or look up an id not
 * waiting, are exempt), and so do commit and the write-out of ids.c.
 * Rollback forgets them. A failure to write them is reported by whichever
 * call wrote them, and the transaction can then only roll back: commit
 * refuses it.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include "store/store_int.h"

#define ROW_COLS 28
#define ROWS_TEXT_MAX ((size_t)4 << 20) /* bytes of waiting text before a write-out */
#define ROWS_WRITEBACK 8192              /* rows (about 2 MB of pages) a writeback hint */

static const char rows_insert[] =
    "INSERT INTO indicators(id, stix_id, observable_id, source_id, report, pattern, name,"
    " description, created, modified, valid_from, valid_until, until_default, confidence, tlp,"
    " commercial, usage, revoked, warn_blocked, labels, tags, attack_ids, kill_chain, threats,"
    " warnings, first_stored, refreshed_at, chash) VALUES";

ksz_rc ksz__store_prepare_rows(struct ksz_store *st, const char *head, int cols, int rows,
                               const char *tail, sqlite3_stmt **out, struct ksz_error *err)
{
    struct ksz_buf sql;
    ksz_rc rc;

    *out = NULL;
    ksz_buf_init(&sql, 0);
    rc = ksz_buf_printf(&sql, "%s", head);
    for (int r = 0; r < rows && rc == KSZ_OK; r++) {
        rc = ksz_buf_append(&sql, r > 0 ? ",(?" : "(?", r > 0 ? 3 : 2);
        for (int c = 1; c < cols && rc == KSZ_OK; c++)
            rc = ksz_buf_append(&sql, ",?", 2);
        if (rc == KSZ_OK)
            rc = ksz_buf_putc(&sql, ')');
    }
    if (rc == KSZ_OK)
        rc = ksz_buf_printf(&sql, "%s", tail);
    if (rc != KSZ_OK)
        rc = ksz_error_set(err, rc, "store: out of memory");
    else if (sqlite3_prepare_v3(st->db, sql.data, (int)sql.len, SQLITE_PREPARE_PERSISTENT, out,
                                NULL) != SQLITE_OK)
        rc = ksz__store_db_error(st, err, "preparing a query");
    ksz_buf_cleanup(&sql);
    return rc;
}

void ksz__store_rows_clear(struct ksz_store *st)
{
    st->rows.n = 0;
    st->rows.next_id = 0;
    st->rows.unsynced = 0;
    st->rows.lost = false;
    ksz_buf_reset(&st->rows.text);
}

void ksz__store_rows_cleanup(struct ksz_store *st)
{
    sqlite3_finalize(st->rows.many);
    sqlite3_finalize(st->rows.one);
    sqlite3_finalize(st->rows.obs_many);
    sqlite3_finalize(st->rows.obs_one);
    sqlite3_finalize(st->rows.obs_max);
    sqlite3_finalize(st->rows.obs_get);
    ksz__free(st->rows.v);
    ksz_buf_cleanup(&st->rows.text);
    memset(&st->rows, 0, sizeof st->rows);
}

/* Text columns are bound from the waiting text; an empty one is NULL, as
 * ksz__bind_text has it. base: the row's first parameter less one. */
static void bind_row(sqlite3_stmt *s, int base, const struct store_row *w, const char *text)
{
    static const int text_col[ROW__TEXTS] = {
        [ROW_STIX_ID] = 2,     [ROW_REPORT] = 5,   [ROW_PATTERN] = 6,   [ROW_NAME] = 7,
        [ROW_DESCRIPTION] = 8, [ROW_LABELS] = 20,  [ROW_TAGS] = 21,     [ROW_ATTACK] = 22,
        [ROW_KILL_CHAIN] = 23, [ROW_THREATS] = 24, [ROW_WARNINGS] = 25,
    };

    sqlite3_bind_int64(s, base + 1, w->id);
    sqlite3_bind_int64(s, base + 3, w->obs_id);
    sqlite3_bind_int64(s, base + 4, w->source_id);
    sqlite3_bind_int64(s, base + 9, w->created);
    sqlite3_bind_int64(s, base + 10, w->modified);
    sqlite3_bind_int64(s, base + 11, w->from);
    sqlite3_bind_int64(s, base + 12, w->until);
    sqlite3_bind_int(s, base + 13, w->until_default);
    sqlite3_bind_int(s, base + 14, w->confidence);
    sqlite3_bind_int(s, base + 15, w->tlp);
    sqlite3_bind_int(s, base + 16, w->commercial);
    sqlite3_bind_int64(s, base + 17, w->usage);
    sqlite3_bind_int(s, base + 18, w->revoked);
    sqlite3_bind_int(s, base + 19, w->warn_blocked);
    sqlite3_bind_int64(s, base + 26, w->now);
    sqlite3_bind_int64(s, base + 27, w->now);
    sqlite3_bind_int64(s, base + 28, (int64_t)w->chash);
    for (int t = ROW_STIX_ID; t < ROW__TEXTS; t++) { /* the value is the observable's */
        if (w->len[t] == 0)
            sqlite3_bind_null(s, base + text_col[t]);
        else
            sqlite3_bind_text(s, base + text_col[t], text + w->off[t], (int)w->len[t],
                              SQLITE_STATIC);
    }
}

static ksz_rc run(struct ksz_store *st, sqlite3_stmt *s, struct ksz_error *err)
{
    int step = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s); /* nothing bound outlives the text it points at */
    if (step != SQLITE_DONE)
        return ksz__store_db_error(st, err, "writing indicators");
    return KSZ_OK;
}

static ksz_rc prepare_once(struct ksz_store *st, sqlite3_stmt **s, const char *sql,
                           struct ksz_error *err)
{
    if (*s != NULL)
        return KSZ_OK;
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s, NULL) != SQLITE_OK)
        return ksz__store_db_error(st, err, "preparing a query");
    return KSZ_OK;
}

/* One integer from a query of one row, or def when it gives NULL. */
static ksz_rc one_int(struct ksz_store *st, sqlite3_stmt *s, int64_t def, int64_t *out, bool *found,
                      struct ksz_error *err)
{
    int step = sqlite3_step(s);

    *found = step == SQLITE_ROW;
    if (*found)
        *out = sqlite3_column_type(s, 0) == SQLITE_NULL ? def : sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return ksz__store_db_error(st, err, "reading observables");
    return KSZ_OK;
}

/* The observables of rows v[0..k), added where new, and their ids into
 * v[].obs_id. s inserts k of them. */
static ksz_rc put_observables(struct ksz_store *st, struct store_row *v, size_t k, sqlite3_stmt *s,
                              struct ksz_error *err)
{
    struct store_rows *x = &st->rows;
    int64_t max = 0, last;
    bool found;
    ksz_rc rc;

    rc = prepare_once(st, &x->obs_max, "SELECT max(id) FROM observables", err);
    if (rc == KSZ_OK)
        rc = one_int(st, x->obs_max, 0, &max, &found, err);
    if (rc != KSZ_OK)
        return rc;
    for (size_t r = 0; r < k; r++) {
        sqlite3_bind_int(s, (int)(2 * r + 1), v[r].type);
        sqlite3_bind_text(s, (int)(2 * r + 2), x->text.data + v[r].off[ROW_VALUE],
                          (int)v[r].len[ROW_VALUE], SQLITE_STATIC);
    }
    rc = run(st, s, err);
    if (rc != KSZ_OK)
        return rc;
    last = sqlite3_last_insert_rowid(st->db);
    if ((size_t)sqlite3_changes(st->db) == k && max < INT64_MAX - (int64_t)k &&
        last == max + (int64_t)k) {
        for (size_t r = 0; r < k; r++)
            v[r].obs_id = max + 1 + (int64_t)r;
        return KSZ_OK;
    }
    /* some were there already (or twice in these rows): read each back */
    rc = prepare_once(st, &x->obs_get, "SELECT id FROM observables WHERE type = ?1 AND value = ?2",
                      err);
    for (size_t r = 0; r < k && rc == KSZ_OK; r++) {
        sqlite3_bind_int(x->obs_get, 1, v[r].type);
        sqlite3_bind_text(x->obs_get, 2, x->text.data + v[r].off[ROW_VALUE],
                          (int)v[r].len[ROW_VALUE], SQLITE_STATIC);
        rc = one_int(st, x->obs_get, 0, &v[r].obs_id, &found, err);
        if (rc == KSZ_OK && !found)
            rc = ksz_error_set(err, KSZ_ERR_DB, "store: an observable went missing");
    }
    return rc;
}

/* Write rows v[0..k): observables, then indicators; obs and ind insert k. */
static ksz_rc write_rows(struct ksz_store *st, struct store_row *v, size_t k, sqlite3_stmt *obs,
                         sqlite3_stmt *ind, struct ksz_error *err)
{
    ksz_rc rc = put_observables(st, v, k, obs, err);

    for (size_t r = 0; r < k && rc == KSZ_OK; r++)
        bind_row(ind, (int)r * ROW_COLS, &v[r], st->rows.text.data);
    if (rc == KSZ_OK)
        rc = run(st, ind, err);
    return rc;
}

ksz_rc ksz__store_rows_flush(struct ksz_store *st, struct ksz_error *err)
{
    static const char obs_insert[] = "INSERT INTO observables(type, value) VALUES";
    static const char obs_tail[] = " ON CONFLICT(type, value) DO NOTHING";
    struct store_rows *x = &st->rows;
    const size_t k = KSZ__ROWS_BATCH;
    size_t i = 0;
    ksz_rc rc = KSZ_OK;

    if (x->n == 0 || x->flushing)
        return KSZ_OK;
    x->flushing = true;
    if (x->n >= k && x->many == NULL)
        rc = ksz__store_prepare_rows(st, rows_insert, ROW_COLS, (int)k, "", &x->many, err);
    if (rc == KSZ_OK && x->n >= k && x->obs_many == NULL)
        rc = ksz__store_prepare_rows(st, obs_insert, 2, (int)k, obs_tail, &x->obs_many, err);
    for (; rc == KSZ_OK && x->n - i >= k; i += k)
        rc = write_rows(st, x->v + i, k, x->obs_many, x->many, err);
    if (rc == KSZ_OK && i < x->n && x->one == NULL)
        rc = ksz__store_prepare_rows(st, rows_insert, ROW_COLS, 1, "", &x->one, err);
    if (rc == KSZ_OK && i < x->n && x->obs_one == NULL)
        rc = ksz__store_prepare_rows(st, obs_insert, 2, 1, obs_tail, &x->obs_one, err);
    for (; rc == KSZ_OK && i < x->n; i++)
        rc = write_rows(st, x->v + i, 1, x->obs_one, x->one, err);
    x->unsynced += x->n;
    if (rc == KSZ_OK && x->unsynced >= ROWS_WRITEBACK) {
        ksz__store_writeback(st);
        x->unsynced = 0;
    }
    /* written or not, they wait no more: after a failure the transaction
     * cannot commit, even if the caller went on */
    x->lost = x->lost || rc != KSZ_OK;
    x->n = 0;
    ksz_buf_reset(&x->text);
    x->flushing = false;
    return rc;
}

ksz_rc ksz__store_rows_next_id(struct ksz_store *st, int64_t *id, struct ksz_error *err)
{
    struct store_rows *x = &st->rows;

    if (x->next_id == 0) {
        sqlite3_stmt *s = NULL;
        ksz_rc rc = ksz__store_prepare_cached(st, "SELECT max(id) FROM indicators", &s, err);
        if (rc != KSZ_OK)
            return rc;
        if (sqlite3_step(s) == SQLITE_ROW)
            x->next_id = sqlite3_column_int64(s, 0);
        else
            rc = ksz__store_db_error(st, err, "reading indicators");
        ksz__store_release(st, s);
        if (rc != KSZ_OK)
            return rc;
        if (x->next_id == INT64_MAX)
            return ksz_error_set(err, KSZ_ERR_LIMIT, "store: no indicator row id left");
        x->next_id++;
    }
    *id = x->next_id;
    return KSZ_OK;
}

static ksz_rc add_text(struct store_rows *x, struct store_row *w, int t, const char *s, size_t n)
{
    ksz_rc rc;

    w->off[t] = x->text.len;
    w->len[t] = n;
    if (n == 0)
        return KSZ_OK;
    rc = ksz_buf_append(&x->text, s, n);
    return rc == KSZ_OK ? ksz_buf_putc(&x->text, '\0') : rc;
}

static size_t len_of(const char *s)
{
    return s != NULL ? strlen(s) : 0;
}

ksz_rc ksz__store_rows_add(struct ksz_store *st, const struct ksz_indicator *in,
                           const struct store_fill *f, const char *threats, size_t threats_len,
                           struct ksz_error *err)
{
    struct store_rows *x = &st->rows;
    const struct ksz_strlist *lists[] = {&in->labels, &in->tags, &in->attack_ids, &in->kill_chain,
                                         &in->warnings};
    static const int list_text[] = {ROW_LABELS, ROW_TAGS, ROW_ATTACK, ROW_KILL_CHAIN, ROW_WARNINGS};
    size_t text_len = x->text.len;
    struct store_row *w;
    ksz_rc rc;

    assert(f->id == x->next_id);
    if (x->v == NULL) {
        x->v = ksz__malloc(KSZ__ROWS_BATCH * sizeof x->v[0]);
        if (x->v == NULL)
            return ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
    }
    w = &x->v[x->n];
    w->id = f->id;
    w->obs_id = 0; /* known once the observable is written */
    w->type = (int)in->type;
    w->source_id = f->source_id;
    w->created = f->created;
    w->modified = f->modified;
    w->from = f->from;
    w->until = f->until;
    w->now = f->now;
    w->chash = f->hash;
    w->usage = in->usage;
    w->confidence = f->confidence;
    w->tlp = (int)f->tlp;
    w->commercial = (int)in->commercial;
    w->until_default = in->valid_until == 0;
    w->revoked = in->revoked;
    w->warn_blocked = in->warn_blocked;
    rc = add_text(x, w, ROW_VALUE, in->value, len_of(in->value));
    if (rc == KSZ_OK)
        rc = add_text(x, w, ROW_STIX_ID, f->stix_id, len_of(f->stix_id));
    if (rc == KSZ_OK)
        rc = add_text(x, w, ROW_REPORT, in->report, len_of(in->report));
    if (rc == KSZ_OK)
        rc = add_text(x, w, ROW_PATTERN, in->pattern, len_of(in->pattern));
    if (rc == KSZ_OK)
        rc = add_text(x, w, ROW_NAME, in->name, len_of(in->name));
    if (rc == KSZ_OK)
        rc = add_text(x, w, ROW_DESCRIPTION, in->description, len_of(in->description));
    if (rc == KSZ_OK)
        rc = add_text(x, w, ROW_THREATS, threats, threats_len);
    for (size_t i = 0; rc == KSZ_OK && i < sizeof lists / sizeof lists[0]; i++) {
        size_t start = x->text.len;
        rc = ksz__list_encode_append(&x->text, lists[i]);
        w->off[list_text[i]] = start;
        w->len[list_text[i]] = x->text.len - start;
        if (rc == KSZ_OK && x->text.len > start)
            rc = ksz_buf_putc(&x->text, '\0');
    }
    if (rc != KSZ_OK) {
        x->text.len = text_len; /* this row was never added */
        if (x->text.data != NULL)
            x->text.data[text_len] = '\0';
        return ksz_error_set(err, rc, "store: indicator: %s", ksz_strerror(rc));
    }
    x->n++;
    x->next_id++;
    if (x->n == KSZ__ROWS_BATCH || x->text.len > ROWS_TEXT_MAX)
        return ksz__store_rows_flush(st, err);
    return KSZ_OK;
}
