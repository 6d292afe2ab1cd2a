/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warnload.c - building a warninglist matcher from the lists kept in the
 * store. Apart from warnlist.c so that code which only stores lists does
 * not link the matcher.
 */
#include <string.h>
#include "store/store_int.h"

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

/* One list's entries, as a pointer array into a copy owned by the caller. */
static ksz_rc load_entries(struct ksz_store *st, sqlite3_stmt *e, int64_t id, char **text,
                           const char ***items, size_t *n, struct ksz_error *err)
{
    struct ksz_buf b;
    size_t count = 0, o = 0;
    ksz_rc rc = KSZ_OK;
    int step;

    ksz_buf_init(&b, 0);
    sqlite3_bind_int64(e, 1, id);
    while (rc == KSZ_OK && (step = sqlite3_step(e)) == SQLITE_ROW) {
        const char *t = ksz__col_text(e, 0);
        rc = ksz_buf_append(&b, t, strlen(t) + 1);
        count++;
    }
    sqlite3_reset(e);
    if (rc != KSZ_OK) {
        ksz_buf_cleanup(&b);
        return ksz_error_set(err, rc, "store: warninglist: %s", ksz_strerror(rc));
    }
    *items = ksz__calloc(count ? count : 1, sizeof **items);
    if (*items == NULL) {
        ksz_buf_cleanup(&b);
        return ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
    }
    for (size_t i = 0; i < count; i++) {
        (*items)[i] = b.data + o;
        o += strlen(b.data + o) + 1;
    }
    *text = b.data; /* taken over from the buffer */
    *n = count;
    (void)st;
    return KSZ_OK;
}

ksz_rc ksz_store_load_warn(struct ksz_store *st, struct ksz_warn **out, struct ksz_error *err)
{
    struct ksz_warn *w = NULL;
    sqlite3_stmt *s = NULL, *e = NULL;
    ksz_rc rc;
    int step = SQLITE_DONE;

    *out = NULL;
    rc = ksz_warn_new(&w, err);
    if (rc != KSZ_OK)
        return rc;
    rc = ksz__store_prepare(st, "SELECT " LIST_COLS " FROM warnlists WHERE enabled != 0"
                                " ORDER BY name",
                            &s, err);
    if (rc == KSZ_OK)
        rc = ksz__store_prepare(st, "SELECT entry FROM warnlist_entries WHERE list_id = ?1"
                                    " ORDER BY rowid",
                                &e, err);
    while (rc == KSZ_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ksz_warn_list l;
        char *text = NULL;
        const char **items = NULL;
        size_t n = 0;

        row_list(s, &l);
        rc = load_entries(st, e, sqlite3_column_int64(s, 0), &text, &items, &n, err);
        if (rc == KSZ_OK)
            rc = ksz_warn_add_list(w, &l, items, n, NULL, err);
        ksz__free(items);
        ksz__free(text);
    }
    if (rc == KSZ_OK && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading warninglists");
    sqlite3_finalize(e);
    sqlite3_finalize(s);
    if (rc == KSZ_OK)
        *out = w;
    else
        ksz_warn_free(w);
    return rc;
}
