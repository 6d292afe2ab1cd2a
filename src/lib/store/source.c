/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source.c - feeds and organisations, and the cache of their defaults.
 *
 * Every indicator names its source, and filling its context needs the
 * source's defaults: a small cache keyed by name keeps the put path from
 * reading the sources table once per indicator. A put of an indicator whose
 * source is unknown creates the source with no defaults (kind "manual");
 * NULL names the source "local".
 */
#include <stdio.h>
#include <string.h>
#include "store/store_int.h"

void ksz__store_source_cache_clear(struct ksz_store *st)
{
    for (size_t i = 0; i < st->n_src; i++)
        ksz__free(st->src[i].name);
    st->n_src = 0;
}

/* "type=seconds;type=seconds" <-> lifetime[] */
static void lifetimes_decode(const char *s, int64_t lifetime[KSZ_IOC__COUNT])
{
    memset(lifetime, 0, sizeof(int64_t) * KSZ_IOC__COUNT);
    while (s != NULL && *s != '\0') {
        const char *eq = strchr(s, '=');
        const char *end = strchr(s, ';');
        uint64_t t, v;

        if (end == NULL)
            end = s + strlen(s);
        if (eq != NULL && eq < end &&
            ksz__parse_u64(s, (size_t)(eq - s), KSZ_IOC__COUNT - 1, &t) == KSZ_OK &&
            ksz__parse_u64(eq + 1, (size_t)(end - eq - 1), INT64_MAX, &v) == KSZ_OK)
            lifetime[t] = (int64_t)v;
        s = *end != '\0' ? end + 1 : end;
    }
}

static ksz_rc lifetimes_encode(struct ksz_buf *b, const int64_t lifetime[KSZ_IOC__COUNT])
{
    ksz_rc rc = KSZ_OK;

    ksz_buf_reset(b);
    for (int t = 1; t < KSZ_IOC__COUNT && rc == KSZ_OK; t++)
        if (lifetime[t] > 0)
            rc = ksz_buf_printf(b, "%s%d=%lld", b->len ? ";" : "", t, (long long)lifetime[t]);
    if (rc == KSZ_OK)
        rc = ksz_buf_putc(b, '\0');
    return rc;
}

static ksz_rc cache_row(struct ksz_store *st, sqlite3_stmt *s, const struct store_source **out,
                        struct ksz_error *err)
{
    struct store_source *c;
    const char *name = ksz__col_text(s, 4);

    if (st->n_src == KSZ__SRC_CACHE) {
        ksz__free(st->src[0].name);
        memmove(&st->src[0], &st->src[1], sizeof st->src[0] * (KSZ__SRC_CACHE - 1));
        st->n_src--;
    }
    c = &st->src[st->n_src];
    c->name = ksz__strndup(name, strlen(name));
    if (c->name == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
    c->id = sqlite3_column_int64(s, 0);
    c->default_tlp = (ksz_tlp)sqlite3_column_int(s, 1);
    c->default_confidence = sqlite3_column_int(s, 2);
    lifetimes_decode((const char *)sqlite3_column_text(s, 3), c->lifetime);
    st->n_src++;
    *out = c;
    return KSZ_OK;
}

ksz_rc ksz__store_source(struct ksz_store *st, const char *name, const struct store_source **out,
                         struct ksz_error *err)
{
    sqlite3_stmt *s;
    int step;
    ksz_rc rc;

    if (name == NULL || name[0] == '\0')
        name = KSZ__LOCAL_SOURCE;
    for (size_t i = st->n_src; i-- > 0;) {
        if (strcmp(st->src[i].name, name) == 0) {
            *out = &st->src[i];
            return KSZ_OK;
        }
    }
    for (int attempt = 0; attempt < 2; attempt++) {
        s = ksz__store_stmt(st, STMT_SRC_GET, err);
        if (s == NULL)
            return ksz__store_db_error(st, err, "reading a source");
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        step = sqlite3_step(s);
        if (step == SQLITE_ROW) {
            rc = cache_row(st, s, out, err);
            sqlite3_reset(s);
            return rc;
        }
        sqlite3_reset(s);
        if (step != SQLITE_DONE || attempt > 0)
            return ksz__store_db_error(st, err, "reading a source");
        s = ksz__store_stmt(st, STMT_SRC_INS, err);
        if (s == NULL)
            return ksz__store_db_error(st, err, "adding a source");
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, ksz__store_now(st));
        step = sqlite3_step(s);
        sqlite3_reset(s);
        if (step != SQLITE_DONE)
            return ksz__store_db_error(st, err, "adding a source");
    }
    return ksz__store_db_error(st, err, "adding a source");
}

ksz_rc ksz_store_put_source(struct ksz_store *st, const struct ksz_source *src,
                            ksz_put_result *res, struct ksz_error *err)
{
    const struct store_source *c = NULL;
    sqlite3_stmt *s = NULL;
    char rel[2] = {0, 0};
    ksz_rc rc;
    bool created = false, same = false;
    int step;

    if (src == NULL || src->name == NULL || src->name[0] == '\0')
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: a source needs a name");
    if (src->reliability != 0 && (src->reliability < 'A' || src->reliability > 'F'))
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: source %.64s: reliability must be A-F",
                             src->name);
    rc = lifetimes_encode(&st->enc, src->lifetime);
    if (rc != KSZ_OK)
        return ksz_error_set(err, rc, "store: out of memory");
    rel[0] = src->reliability;
    /* Read the stored row to tell ADDED / UPDATED / UNCHANGED. */
    rc = ksz__store_prepare(st, "SELECT coalesce(kind,''), coalesce(url,''),"
                                " coalesce(reliability,''), default_tlp, default_confidence,"
                                " coalesce(lifetimes,'') FROM sources WHERE name = ?1",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_text(s, 1, src->name, -1, SQLITE_STATIC);
    step = sqlite3_step(s);
    if (step == SQLITE_ROW) {
        same = strcmp(ksz__col_text(s, 0), src->kind ? src->kind : "") == 0 &&
               strcmp(ksz__col_text(s, 1), src->url ? src->url : "") == 0 &&
               strcmp(ksz__col_text(s, 2), rel) == 0 &&
               sqlite3_column_int(s, 3) == (int)src->default_tlp &&
               sqlite3_column_int(s, 4) == src->default_confidence &&
               strcmp(ksz__col_text(s, 5), st->enc.data) == 0;
    } else if (step == SQLITE_DONE) {
        created = true;
    } else {
        rc = ksz__store_db_error(st, err, "reading a source");
    }
    sqlite3_finalize(s);
    if (rc != KSZ_OK)
        return rc;
    if (same) {
        if (res != NULL)
            *res = KSZ_PUT_UNCHANGED;
        return KSZ_OK;
    }
    if (created) {
        rc = ksz__store_source(st, src->name, &c, err); /* inserts */
        if (rc != KSZ_OK)
            return rc;
    }
    s = ksz__store_stmt(st, STMT_SRC_UPD, err);
    if (s == NULL)
        return ksz__store_db_error(st, err, "writing a source");
    sqlite3_bind_text(s, 1, src->name, -1, SQLITE_STATIC);
    ksz__bind_text(s, 2, src->kind);
    ksz__bind_text(s, 3, src->url);
    ksz__bind_text(s, 4, rel);
    sqlite3_bind_int(s, 5, (int)src->default_tlp);
    sqlite3_bind_int(s, 6, src->default_confidence);
    ksz__bind_text(s, 7, st->enc.data);
    step = sqlite3_step(s);
    sqlite3_reset(s);
    ksz__store_source_cache_clear(st);
    if (step != SQLITE_DONE)
        return ksz__store_db_error(st, err, "writing a source");
    if (res != NULL)
        *res = created ? KSZ_PUT_ADDED : KSZ_PUT_UPDATED;
    return KSZ_OK;
}

ksz_rc ksz_store_each_source(struct ksz_store *st, ksz_store_source_cb cb, void *user,
                             struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    ksz_rc rc;
    int step;

    rc = ksz__store_prepare(st, "SELECT name, kind, url, reliability, default_tlp,"
                                " default_confidence, lifetimes FROM sources ORDER BY name",
                            &s, err);
    if (rc != KSZ_OK)
        return rc;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ksz_source src;
        const char *rel = ksz__col_text(s, 3);

        memset(&src, 0, sizeof src);
        src.name = ksz__col_text(s, 0);
        src.kind = (const char *)sqlite3_column_text(s, 1);
        src.url = (const char *)sqlite3_column_text(s, 2);
        src.reliability = rel[0];
        src.default_tlp = (ksz_tlp)sqlite3_column_int(s, 4);
        src.default_confidence = sqlite3_column_int(s, 5);
        lifetimes_decode((const char *)sqlite3_column_text(s, 6), src.lifetime);
        if (cb(&src, user) != 0)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading sources");
    sqlite3_finalize(s);
    return rc;
}
