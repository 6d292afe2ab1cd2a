/* SPDX-License-Identifier: Apache-2.0 */
/*
 * added.c - indicators in TAXII's date_added order, for paging a collection.
 *
 * An indicator's date_added is when this store last took a version of it
 * (refreshed_at). Pages are cut by the position (date_added, id), never by
 * an offset, and walk the index indicators_added: the millionth page costs
 * what the first does. Rows are decoded as query.c does, and the active test
 * is the same ksz__store_state.
 */
#include <string.h>
#include "store/store_int.h"
#include "kizashi/daemon.h"

#define SELECT_COLS                                                                        \
    "SELECT i.id, o.type, o.value, i.stix_id, s.name, i.report, i.pattern, i.name,"        \
    " i.description, i.created, i.modified, i.valid_from, i.valid_until, i.confidence,"    \
    " i.tlp, i.commercial, i.usage, i.revoked, i.revoked_at, i.false_positive,"            \
    " i.warn_blocked, i.labels, i.tags, i.attack_ids, i.kill_chain, i.threats,"            \
    " i.warnings, i.refreshed_at, i.last_seen, i.sightings"
#define JOINS " JOIN observables o ON o.id = i.observable_id JOIN sources s ON s.id = i.source_id"
#define REST                                                                               \
    " AND (?5 IS NULL OR s.name = ?5)"                                                     \
    " AND (?6 = 0 OR (i.revoked = 0 AND i.revoked_at = 0 AND i.false_positive = 0"         \
    "  AND i.warn_blocked = 0 AND i.warnings IS NULL AND i.valid_from <= ?7"               \
    "  AND (i.valid_until = 0 OR i.valid_until > ?7)))"                                    \
    " ORDER BY i.refreshed_at, i.id"

static void decode(struct ksz_store *st, sqlite3_stmt *s, struct ksz_indicator *ind,
                   struct store_life *life)
{
    memset(ind, 0, sizeof *ind);
    life->type = (ksz_ioc_type)sqlite3_column_int(s, 1);
    life->confidence = sqlite3_column_int(s, 13);
    life->valid_from = sqlite3_column_int64(s, 11);
    life->valid_until = sqlite3_column_int64(s, 12);
    life->revoked = sqlite3_column_int(s, 17) != 0 || sqlite3_column_int64(s, 18) != 0;
    life->false_positive = sqlite3_column_int64(s, 19) != 0;
    life->warn_blocked = sqlite3_column_int(s, 20) != 0;
    life->refreshed_at = sqlite3_column_int64(s, 27);
    life->last_seen = sqlite3_column_int64(s, 28);
    ind->type = life->type;
    ind->value = ksz__col_text(s, 2);
    ind->stix_id = ksz__col_text(s, 3);
    ind->source = ksz__col_text(s, 4);
    ind->report = (const char *)sqlite3_column_text(s, 5);
    ind->pattern = (const char *)sqlite3_column_text(s, 6);
    ind->name = (const char *)sqlite3_column_text(s, 7);
    ind->description = (const char *)sqlite3_column_text(s, 8);
    ind->created = sqlite3_column_int64(s, 9);
    ind->modified = sqlite3_column_int64(s, 10);
    ind->valid_from = life->valid_from;
    ind->valid_until = life->valid_until;
    ind->confidence = life->confidence;
    ind->tlp = (ksz_tlp)sqlite3_column_int(s, 14);
    ind->commercial = (ksz_commercial)sqlite3_column_int(s, 15);
    ind->usage = (uint32_t)sqlite3_column_int64(s, 16);
    ind->revoked = life->revoked;
    ind->warn_blocked = life->warn_blocked;
    (void)st;
}

ksz_rc ksz_store_each_added(struct ksz_store *st, const struct ksz_filter *f,
                            int64_t added_after, const struct ksz_added_cursor *after,
                            size_t limit, ksz_store_added_cb cb, void *user, bool *more,
                            struct ksz_error *err)
{
    static const struct ksz_added_cursor start = {0, 0};
    sqlite3_stmt *s = NULL;
    int64_t now = f->now != 0 ? f->now : ksz__store_now(st);
    int tlp_max = f->tlp_max > KSZ_TLP_RED ? KSZ_TLP_RED : (int)f->tlp_max;
    size_t n = 0;
    ksz_rc rc;
    int step;

    if (after == NULL)
        after = &start;
    rc = ksz__store_ids_flush(st, err);
    if (rc != KSZ_OK)
        return rc;
    if (!f->allow_red && tlp_max >= KSZ_TLP_RED)
        tlp_max = KSZ_TLP_RED - 1;
    *more = false;
    /* one object by STIX id (TAXII match[id]) starts from that id instead */
    rc = ksz__store_prepare(
        st,
        f->stix_id != NULL
            ? SELECT_COLS " FROM indicators i" JOINS
                          " WHERE i.id IN (SELECT id FROM indicator_ids WHERE h = ksz_id_hash(?8))"
                          " AND i.stix_id = ?8 AND (i.refreshed_at, i.id) > (?1, ?2)"
                          " AND i.refreshed_at > ?3 AND i.tlp <= ?4" REST
            : SELECT_COLS " FROM indicators i INDEXED BY indicators_added" JOINS
                          " WHERE (i.refreshed_at, i.id) > (?1, ?2) AND i.refreshed_at > ?3"
                          " AND i.tlp <= ?4" REST,
        &s, err);
    if (rc != KSZ_OK)
        return rc;
    if (f->stix_id != NULL)
        sqlite3_bind_text(s, 8, f->stix_id, -1, SQLITE_STATIC);

    sqlite3_bind_int64(s, 1, after->added);
    sqlite3_bind_int64(s, 2, after->id);
    sqlite3_bind_int64(s, 3, added_after);
    sqlite3_bind_int(s, 4, tlp_max);
    ksz__bind_text(s, 5, f->source);
    sqlite3_bind_int(s, 6, f->active_only ? 1 : 0);
    sqlite3_bind_int64(s, 7, now);
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ksz_indicator ind;
        struct ksz_indicator_state state;
        struct store_life life;
        struct ksz_strlist lists[6];
        const char *texts[6];

        decode(st, s, &ind, &life);
        if (f->types != 0 && !(f->types & KSZ_IOC_BIT(ind.type)))
            continue;
        ksz__store_state(st, &life, now, &state);
        if (f->active_only && !state.active)
            continue;
        if (n == limit) {
            *more = true;
            break;
        }
        state.id = sqlite3_column_int64(s, 0);
        state.sightings = sqlite3_column_int64(s, 29);
        for (int k = 0; k < 6; k++)
            texts[k] = (const char *)sqlite3_column_text(s, 21 + k);
        if (ksz__lists_decode(&st->lists, texts, 6, lists) != KSZ_OK) {
            rc = ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
            break;
        }
        ind.labels = lists[0];
        ind.tags = lists[1];
        ind.attack_ids = lists[2];
        ind.kill_chain = lists[3];
        ind.threats = lists[4];
        ind.warnings = lists[5];
        n++;
        if (cb(&ind, &state, life.refreshed_at, user) != 0)
            break;
    }
    if (rc == KSZ_OK && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading indicators");
    sqlite3_finalize(s);
    return rc;
}
