/* SPDX-License-Identifier: Apache-2.0 */
/*
 * indicator.c - putting indicators: observables, context filling, versions
 * and refreshes.
 *
 * Context is filled in this order: the record (which carries the import's
 * flags), then the source's defaults, then the built-in defaults (TLP amber,
 * confidence 50, ksz_default_lifetime). What counts as "the same content" is
 * a hash of the record as given, before filling, so a re-import with the
 * same flags is UNCHANGED however much time has passed; it still restarts
 * the decay clock and, when the window came from a lifetime, slides
 * valid_until to now + lifetime. That refresh is written at most once an
 * hour per indicator, so re-running an import writes nothing.
 */
#include <stdio.h>
#include <string.h>
#include "store/store_int.h"

#define REFRESH_GRANULE 3600
#define BUILTIN_CONFIDENCE 50
#define BUILTIN_TLP KSZ_TLP_AMBER

/* Get-or-create in one step when the value is new (the common case of a
 * bulk import), two when it exists. */
ksz_rc ksz__store_observable(struct ksz_store *st, ksz_ioc_type t, const char *value,
                             bool create, int64_t *id, struct ksz_error *err)
{
    sqlite3_stmt *s;
    int step;

    if (create) {
        s = ksz__store_stmt(st, STMT_OBS_INS, err);
        if (s == NULL)
            return ksz__store_db_error(st, err, "adding an observable");
        sqlite3_bind_int(s, 1, (int)t);
        sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
        step = sqlite3_step(s);
        sqlite3_reset(s);
        if (step != SQLITE_DONE)
            return ksz__store_db_error(st, err, "adding an observable");
        if (sqlite3_changes(st->db) == 1) {
            *id = sqlite3_last_insert_rowid(st->db);
            return KSZ_OK;
        }
    }
    s = ksz__store_stmt(st, STMT_OBS_GET, err);
    if (s == NULL)
        return ksz__store_db_error(st, err, "reading an observable");
    sqlite3_bind_int(s, 1, (int)t);
    sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    step = sqlite3_step(s);
    if (step == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (step == SQLITE_ROW)
        return KSZ_OK;
    if (step != SQLITE_DONE)
        return ksz__store_db_error(st, err, "reading an observable");
    return KSZ_ERR_NOTFOUND;
}

ksz_rc ksz__store_history(struct ksz_store *st, int64_t ind_id, const char *event,
                          const char *detail, struct ksz_error *err)
{
    sqlite3_stmt *s = ksz__store_stmt(st, STMT_HIST_INS, err);
    int step;

    if (s == NULL)
        return ksz__store_db_error(st, err, "writing history");
    sqlite3_bind_int64(s, 1, ind_id);
    sqlite3_bind_int64(s, 2, ksz__store_now(st));
    sqlite3_bind_text(s, 3, event, -1, SQLITE_STATIC);
    ksz__bind_text(s, 4, detail);
    step = sqlite3_step(s);
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return ksz__store_db_error(st, err, "writing history");
    return KSZ_OK;
}

ksz_rc ksz__store_fts(struct ksz_store *st, int kind, int64_t id, const char *title,
                      const char *body, struct ksz_error *err)
{
    int64_t rowid = id * 4 + kind;
    sqlite3_stmt *s = ksz__store_stmt(st, STMT_FTS_DEL, err);
    int step;

    if (s == NULL)
        return ksz__store_db_error(st, err, "indexing text");
    sqlite3_bind_int64(s, 1, rowid);
    step = sqlite3_step(s);
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return ksz__store_db_error(st, err, "indexing text");
    if ((title == NULL || title[0] == '\0') && (body == NULL || body[0] == '\0'))
        return KSZ_OK;
    s = ksz__store_stmt(st, STMT_FTS_INS, err);
    if (s == NULL)
        return ksz__store_db_error(st, err, "indexing text");
    sqlite3_bind_int64(s, 1, rowid);
    ksz__bind_text(s, 2, title);
    ksz__bind_text(s, 3, body);
    step = sqlite3_step(s);
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return ksz__store_db_error(st, err, "indexing text");
    return KSZ_OK;
}

static uint64_t indicator_hash(const struct ksz_indicator *in, const char *source)
{
    uint64_t h = KSZ__HASH_INIT;

    h = ksz__hash_i64(h, in->type);
    h = ksz__hash_str(h, in->value);
    h = ksz__hash_str(h, in->pattern);
    h = ksz__hash_str(h, in->name);
    h = ksz__hash_str(h, in->description);
    h = ksz__hash_i64(h, in->created);
    h = ksz__hash_i64(h, in->modified);
    h = ksz__hash_i64(h, in->valid_from);
    h = ksz__hash_i64(h, in->valid_until);
    h = ksz__hash_i64(h, in->confidence);
    h = ksz__hash_i64(h, in->tlp);
    h = ksz__hash_i64(h, in->commercial);
    h = ksz__hash_i64(h, in->usage);
    h = ksz__hash_i64(h, in->revoked);
    h = ksz__hash_list(h, &in->labels);
    h = ksz__hash_list(h, &in->tags);
    h = ksz__hash_list(h, &in->attack_ids);
    h = ksz__hash_list(h, &in->kill_chain);
    h = ksz__hash_list(h, &in->threats);
    h = ksz__hash_str(h, source);
    h = ksz__hash_str(h, in->report);
    h = ksz__hash_list(h, &in->warnings);
    h = ksz__hash_i64(h, in->warn_blocked);
    return h;
}

bool ksz__is_stix_id(const char *s)
{
    const char *dd = s != NULL ? strstr(s, "--") : NULL;
    return dd != NULL && dd > s && strlen(dd + 2) == 36;
}

/* The STIX ids of the threats the record names, and of the targets of
 * "indicates" relationships already stored for it, joined into st->enc. */
static ksz_rc indicator_threats(struct ksz_store *st, const struct ksz_indicator *in,
                                const char *stix_id, struct ksz_error *err);

static int64_t lifetime_for(const struct store_source *src, ksz_ioc_type t)
{
    int64_t l = src->lifetime[t];
    return l > 0 ? l : ksz_default_lifetime(t);
}

struct stored {
    int64_t id, modified, refreshed_at, inactive_since;
    uint64_t chash;
};

static ksz_rc lookup(struct ksz_store *st, const char *stix_id, int64_t h, struct stored *out,
                     bool *found, struct ksz_error *err)
{
    sqlite3_stmt *s;
    bool maybe = false;
    int step;
    ksz_rc rc;

    *found = false;
    rc = ksz__store_ids_may_exist(st, h, &maybe, err);
    if (rc != KSZ_OK || !maybe)
        return rc;
    s = ksz__store_stmt(st, STMT_IND_GET, err);
    if (s == NULL)
        return ksz__store_db_error(st, err, "reading an indicator");
    sqlite3_bind_text(s, 1, stix_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, h);
    step = sqlite3_step(s);
    *found = step == SQLITE_ROW;
    if (*found) {
        out->id = sqlite3_column_int64(s, 0);
        out->modified = sqlite3_column_int64(s, 1);
        out->chash = (uint64_t)sqlite3_column_int64(s, 2);
        out->refreshed_at = sqlite3_column_int64(s, 3);
        out->inactive_since = sqlite3_column_int64(s, 4);
    }
    sqlite3_reset(s);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return ksz__store_db_error(st, err, "reading an indicator");
    return KSZ_OK;
}

static ksz_rc refresh(struct ksz_store *st, const struct stored *old, int64_t until,
                      struct ksz_error *err)
{
    int64_t now = ksz__store_now(st);
    sqlite3_stmt *s;
    int step;
    ksz_rc rc = KSZ_OK;

    if (now - old->refreshed_at < REFRESH_GRANULE && old->inactive_since == 0)
        return KSZ_OK;
    s = ksz__store_stmt(st, STMT_IND_REFRESH, err);
    if (s == NULL)
        return ksz__store_db_error(st, err, "refreshing an indicator");
    sqlite3_bind_int64(s, 1, old->id);
    sqlite3_bind_int64(s, 2, now);
    sqlite3_bind_int64(s, 3, until);
    step = sqlite3_step(s);
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return ksz__store_db_error(st, err, "refreshing an indicator");
    if (old->inactive_since != 0)
        rc = ksz__store_history(st, old->id, "refreshed", "re-imported", err);
    return rc;
}

static ksz_rc check_indicator(const struct ksz_indicator *in, struct ksz_error *err)
{
    if (in->type <= KSZ_IOC_NONE || in->type >= KSZ_IOC__COUNT)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: indicator: bad type %d", (int)in->type);
    if (in->value == NULL || in->value[0] == '\0')
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: indicator: empty value");
    if (strlen(in->value) > KSZ_IOC_VALUE_MAX)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "store: indicator: value longer than %d bytes",
                             KSZ_IOC_VALUE_MAX);
    if (in->confidence < -1 || in->confidence > 100)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: indicator: confidence %d not in 0..100",
                             in->confidence);
    if ((unsigned)in->tlp > KSZ_TLP_RED && in->tlp != KSZ_TLP_UNSET)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: indicator: bad TLP %d", (int)in->tlp);
    if (in->usage & ~KSZ_USAGE_ALL)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: indicator: unknown usage bits 0x%x",
                             in->usage);
    return KSZ_OK;
}

/* The list columns (labels, tags, attack_ids, kill_chain, threats,
 * warnings) are encoded one after the other into st->enc, each ending in a
 * NUL, and bound SQLITE_STATIC once the buffer has stopped growing: no copy
 * per column. indicator_threats has already put the threats column first. */
static ksz_rc bind_lists(struct ksz_store *st, sqlite3_stmt *s, const struct ksz_indicator *in,
                         struct ksz_error *err)
{
    const struct ksz_strlist *lists[] = {&in->labels, &in->tags, &in->attack_ids,
                                         &in->kill_chain, &in->warnings};
    static const int cols[] = {19, 20, 21, 22, 24};
    size_t off[6], len[6];
    ksz_rc rc;

    /* threats: [0, enc.len) */
    off[5] = 0;
    len[5] = st->enc.len;
    rc = ksz_buf_putc(&st->enc, '\0');
    for (size_t i = 0; rc == KSZ_OK && i < 5; i++) {
        off[i] = st->enc.len;
        rc = ksz__list_encode_append(&st->enc, lists[i]);
        len[i] = st->enc.len - off[i];
        if (rc == KSZ_OK)
            rc = ksz_buf_putc(&st->enc, '\0');
    }
    if (rc != KSZ_OK)
        return ksz_error_set(err, rc, "store: indicator: %s", ksz_strerror(rc));
    for (size_t i = 0; i < 5; i++) {
        if (len[i] == 0)
            sqlite3_bind_null(s, cols[i]);
        else
            sqlite3_bind_text(s, cols[i], st->enc.data + off[i], (int)len[i], SQLITE_STATIC);
    }
    if (len[5] == 0)
        sqlite3_bind_null(s, 23);
    else
        sqlite3_bind_text(s, 23, st->enc.data + off[5], (int)len[5], SQLITE_STATIC);
    return KSZ_OK;
}

const char *ksz_store_indicator_id(const char *source, ksz_ioc_type t, const char *value,
                                   char idbuf[80])
{
    char name[KSZ_IOC_VALUE_MAX + 300];
    size_t ns, nv, o = 0;

    if (t <= KSZ_IOC_NONE || t >= KSZ_IOC__COUNT || value == NULL)
        return NULL;
    nv = strlen(value);
    if (nv == 0 || nv > KSZ_IOC_VALUE_MAX)
        return NULL;
    if (source == NULL || source[0] == '\0')
        source = KSZ__LOCAL_SOURCE;
    ns = strlen(source);
    if (ns > 256)
        ns = 256;
    memcpy(name, source, ns);
    o = ns;
    name[o++] = '|';
    if (t >= 10)
        name[o++] = (char)('0' + (int)t / 10);
    name[o++] = (char)('0' + (int)t % 10);
    name[o++] = '|';
    memcpy(name + o, value, nv);
    return ksz_stix_id_derive("indicator", name, o + nv, idbuf);
}

static ksz_rc bind_indicator(struct ksz_store *st, sqlite3_stmt *s, const struct ksz_indicator *in,
                             const struct store_fill *r, struct ksz_error *err)
{
    ksz_rc rc;

    sqlite3_bind_text(s, 1, r->stix_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, r->obs_id);
    sqlite3_bind_int64(s, 3, r->source_id);
    ksz__bind_text(s, 4, in->report);
    ksz__bind_text(s, 5, in->pattern);
    ksz__bind_text(s, 6, in->name);
    ksz__bind_text(s, 7, in->description);
    sqlite3_bind_int64(s, 8, r->created);
    sqlite3_bind_int64(s, 9, r->modified);
    sqlite3_bind_int64(s, 10, r->from);
    sqlite3_bind_int64(s, 11, r->until);
    sqlite3_bind_int(s, 12, in->valid_until == 0);
    sqlite3_bind_int(s, 13, r->confidence);
    sqlite3_bind_int(s, 14, (int)r->tlp);
    sqlite3_bind_int(s, 15, (int)in->commercial);
    sqlite3_bind_int64(s, 16, in->usage);
    sqlite3_bind_int(s, 17, in->revoked);
    sqlite3_bind_int(s, 18, in->warn_blocked);
    rc = bind_lists(st, s, in, err);
    if (rc != KSZ_OK)
        return rc;
    sqlite3_bind_int64(s, 25, r->now);
    sqlite3_bind_int64(s, 26, r->now);
    sqlite3_bind_int64(s, 27, (int64_t)r->hash);
    sqlite3_bind_int64(s, 28, r->id);
    return KSZ_OK;
}

/* A new version over a stored row (new rows go through rows.c). */
static ksz_rc update_indicator(struct ksz_store *st, const struct ksz_indicator *in,
                               const struct store_fill *r, struct ksz_error *err)
{
    sqlite3_stmt *s = ksz__store_stmt(st, STMT_IND_UPD, err);
    ksz_rc rc;
    int step;

    if (s == NULL)
        return ksz__store_db_error(st, err, "writing an indicator");
    rc = bind_indicator(st, s, in, r, err);
    step = rc == KSZ_OK ? sqlite3_step(s) : SQLITE_DONE;
    sqlite3_reset(s);
    if (rc == KSZ_OK && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "writing an indicator");
    return rc;
}

static ksz_rc put_indicator(struct ksz_store *st, const struct ksz_indicator *in,
                            ksz_put_result *res, struct ksz_error *err)
{
    const struct store_source *src = NULL;
    char idbuf[80];
    struct stored old = {0};
    struct store_fill r;
    bool found = false;
    int64_t lifetime, idh;
    ksz_rc rc;

    rc = check_indicator(in, err);
    if (rc != KSZ_OK)
        return rc;
    rc = ksz__store_source(st, in->source, &src, err);
    if (rc != KSZ_OK)
        return rc;
    memset(&r, 0, sizeof r);
    r.now = ksz__store_now(st);
    r.source_id = src->id;
    r.stix_id = in->stix_id;
    if (r.stix_id == NULL || r.stix_id[0] == '\0')
        r.stix_id = ksz_store_indicator_id(src->name, in->type, in->value, idbuf);
    r.hash = indicator_hash(in, src->name);
    idh = ksz__store_id_hash(r.stix_id);
    ksz__store_ids_prefetch(st, idh);
    lifetime = lifetime_for(src, in->type);
    /* context: the record, then the source's defaults, then built-ins */
    r.tlp = in->tlp != KSZ_TLP_UNSET ? in->tlp
            : src->default_tlp <= KSZ_TLP_RED ? src->default_tlp
                                               : BUILTIN_TLP;
    r.confidence = in->confidence >= 0 ? in->confidence
                   : src->default_confidence >= 0 ? src->default_confidence
                                                  : BUILTIN_CONFIDENCE;
    r.created = in->created != 0 ? in->created : r.now;
    r.modified = in->modified != 0 ? in->modified : r.created;
    r.from = in->valid_from != 0 ? in->valid_from : in->created != 0 ? in->created : r.now;
    /* a window from a lifetime counts from when we learn of it, not from an
     * old created date */
    r.until = in->valid_until != 0 ? in->valid_until : (r.from > r.now ? r.from : r.now) + lifetime;
    rc = indicator_threats(st, in, r.stix_id, err);
    if (rc != KSZ_OK)
        return rc;
    /* The id is unique by this lookup, not by an index (ids.c); in a bulk
     * import of new indicators it costs a probe of an in-memory set. */
    rc = lookup(st, r.stix_id, idh, &old, &found, err);
    if (rc != KSZ_OK)
        return rc;
    if (!found) {
        /* the row waits to be written with others (rows.c) */
        rc = ksz__store_rows_next_id(st, &r.id, err);
        if (rc == KSZ_OK)
            rc = ksz__store_rows_add(st, in, &r, st->enc.data, st->enc.len, err);
        if (rc == KSZ_OK)
            rc = ksz__store_ids_add(st, idh, r.id, err);
        if (rc == KSZ_OK && ((in->description != NULL && in->description[0] != '\0') ||
                             (in->name != NULL && in->name[0] != '\0')))
            rc = ksz__store_fts(st, KSZ__FTS_INDICATOR, r.id, in->name, in->description, err);
        if (rc == KSZ_OK && res != NULL)
            *res = KSZ_PUT_ADDED;
        return rc;
    }
    r.id = old.id;
    rc = ksz__store_observable(st, in->type, in->value, true, &r.obs_id, err);
    if (rc != KSZ_OK)
        return rc;
    if ((in->modified != 0 && in->modified < old.modified) || r.hash == old.chash) {
        if (res != NULL)
            *res = KSZ_PUT_UNCHANGED;
        if (in->modified != 0 && in->modified < old.modified)
            return KSZ_OK;
        return refresh(st, &old, r.now + lifetime, err);
    }
    if (in->modified == 0)
        r.modified = r.now;
    rc = indicator_threats(st, in, r.stix_id, err); /* enc was reused by the lists */

    if (rc == KSZ_OK)
        rc = update_indicator(st, in, &r, err);
    if (rc == KSZ_OK)
        rc = ksz__store_history(st, old.id, "updated", NULL, err);
    if (rc == KSZ_OK)
        rc = ksz__store_fts(st, KSZ__FTS_INDICATOR, old.id, in->name, in->description, err);
    if (rc == KSZ_OK && res != NULL)
        *res = KSZ_PUT_UPDATED;
    return rc;
}

/* Puts outside a transaction get one of their own, so a put is all or
 * nothing either way. */
ksz_rc ksz__store_auto_begin(struct ksz_store *st, bool *began, struct ksz_error *err)
{
    *began = false;
    if (st->in_tx)
        return KSZ_OK;
    if (ksz_store_begin(st, err) != KSZ_OK)
        return err != NULL ? err->code : KSZ_ERR_DB;
    *began = true;
    return KSZ_OK;
}

ksz_rc ksz__store_auto_end(struct ksz_store *st, bool began, ksz_rc rc, struct ksz_error *err)
{
    if (!began)
        return rc;
    if (rc == KSZ_OK)
        return ksz_store_commit(st, err);
    ksz_store_rollback(st);
    return rc;
}

ksz_rc ksz_store_put_indicator(struct ksz_store *st, const struct ksz_indicator *ind,
                               ksz_put_result *res, struct ksz_error *err)
{
    bool began;
    ksz_rc rc;

    if (ind == NULL)
        return ksz_error_set(err, KSZ_ERR_INVALID, "store: no indicator");
    rc = ksz__store_auto_begin(st, &began, err);
    if (rc != KSZ_OK)
        return rc;
    rc = put_indicator(st, ind, res, err);
    return ksz__store_auto_end(st, began, rc, err);
}

/* ---- threats named on an indicator ------------------------------------ */

static ksz_rc append_id(struct ksz_buf *b, const char *id)
{
    size_t n = strlen(id);
    ksz_rc rc;

    /* skip duplicates: lists are short */
    for (size_t i = 0; i + n <= b->len; i++) {
        if ((i == 0 || b->data[i - 1] == KSZ__LIST_SEP) && memcmp(b->data + i, id, n) == 0 &&
            (i + n == b->len || b->data[i + n] == KSZ__LIST_SEP))
            return KSZ_OK;
    }
    rc = b->len > 0 ? ksz_buf_putc(b, KSZ__LIST_SEP) : KSZ_OK;
    if (rc == KSZ_OK)
        rc = ksz_buf_append(b, id, n);
    return rc;
}


static ksz_rc indicator_threats(struct ksz_store *st, const struct ksz_indicator *in,
                                const char *stix_id, struct ksz_error *err)
{
    sqlite3_stmt *s;
    ksz_rc rc = KSZ_OK;
    int step = SQLITE_DONE;

    ksz_buf_reset(&st->enc);
    for (size_t i = 0; i < in->threats.n && rc == KSZ_OK; i++) {
        const char *name = in->threats.items[i];
        char idbuf[80];

        if (name == NULL || name[0] == '\0')
            continue;
        rc = ksz__store_threat_resolve(st, name, idbuf, true, err);
        if (rc == KSZ_OK)
            rc = ksz__store_link(st, stix_id, "indicates", idbuf, err);
        if (rc == KSZ_OK && append_id(&st->enc, idbuf) != KSZ_OK)
            rc = ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
    }
    if (rc != KSZ_OK)
        return rc;
    /* relationships that arrived before the indicator (links made by
     * indicator puts have chash 0 and are already in the column) */
    if (st->rel_indicates < 0) {
        sqlite3_stmt *q = NULL;
        rc = ksz__store_prepare(st, "SELECT EXISTS(SELECT 1 FROM relationships"
                                    " WHERE type = 'indicates' AND chash != 0)",
                                &q, err);
        if (rc != KSZ_OK)
            return rc;
        st->rel_indicates = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : 1;
        sqlite3_finalize(q);
    }
    if (st->rel_indicates == 0)
        return KSZ_OK;
    s = ksz__store_stmt(st, STMT_REL_TARGETS, err);
    if (s == NULL)
        return ksz__store_db_error(st, err, "reading relationships");
    sqlite3_bind_text(s, 1, stix_id, -1, SQLITE_STATIC);
    while (rc == KSZ_OK && (step = sqlite3_step(s)) == SQLITE_ROW)
        if (append_id(&st->enc, ksz__col_text(s, 0)) != KSZ_OK)
            rc = ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
    if (rc == KSZ_OK && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading relationships");
    sqlite3_reset(s);
    return rc;
}
