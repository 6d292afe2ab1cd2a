/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export.c - the objects that go with a selection of indicators: their
 * threats, reports, relationships and sightings.
 *
 * The selection is materialised once into a temporary table (the STIX ids
 * and observables of the indicators the filter passes) and reused by the
 * four iterations of one export: it is rebuilt only when the filter or the
 * store has changed (keyed by a hash of the filter and the connection's
 * change counter).
 */
#include <stdio.h>
#include <string.h>
#include "store/store_int.h"

ksz_rc ksz__store_each_threat_sql(struct ksz_store *st, const char *where, int64_t arg,
                                  int tlp_max, ksz_store_threat_cb cb, void *user,
                                  struct ksz_error *err);
ksz_rc ksz__store_each_report_sql(struct ksz_store *st, const char *where, int64_t arg,
                                  int tlp_max, ksz_store_report_cb cb, void *user,
                                  struct ksz_error *err);
ksz_rc ksz__store_each_relationship_sql(struct ksz_store *st, const char *where,
                                        ksz_store_relationship_cb cb, void *user,
                                        struct ksz_error *err);
ksz_rc ksz__store_each_sighting_sql(struct ksz_store *st, const char *where, int64_t arg,
                                    ksz_store_sighting_cb cb, void *user, struct ksz_error *err);

static uint64_t filter_key(struct ksz_store *st, const struct ksz_filter *f)
{
    uint64_t h = KSZ__HASH_INIT;

    h = ksz__hash_i64(h, f->active_only);
    h = ksz__hash_i64(h, f->types);
    h = ksz__hash_i64(h, f->usage);
    h = ksz__hash_i64(h, f->min_confidence);
    h = ksz__hash_i64(h, (int64_t)(f->min_score * 1000));
    h = ksz__hash_i64(h, f->tlp_max);
    h = ksz__hash_i64(h, f->allow_red);
    h = ksz__hash_str(h, f->source);
    h = ksz__hash_str(h, f->threat);
    h = ksz__hash_i64(h, f->since);
    h = ksz__hash_i64(h, f->include_warned);
    h = ksz__hash_i64(h, f->now);
    h = ksz__hash_i64(h, f->value_type);
    h = ksz__hash_str(h, f->value);
    h = ksz__hash_i64(h, f->value_related);
    h = ksz__hash_str(h, f->tag);
    h = ksz__hash_str(h, f->text);
    h = ksz__hash_i64(h, f->id);
    h = ksz__hash_str(h, f->stix_id);
    h = ksz__hash_i64(h, sqlite3_total_changes64(st->db));
    return h | 1; /* never 0: 0 means "no selection" */
}

struct sel_ctx {
    struct ksz_store *st;
    sqlite3_stmt *ins;
    ksz_rc rc;
    struct ksz_error *err;
};

static int sel_row(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                   void *user)
{
    struct sel_ctx *x = user;

    sqlite3_bind_text(x->ins, 1, ind->stix_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(x->ins, 2, state->id);
    if (sqlite3_step(x->ins) != SQLITE_DONE) {
        x->rc = ksz__store_db_error(x->st, x->err, "selecting indicators");
        return 1;
    }
    sqlite3_reset(x->ins);
    return 0;
}

static ksz_rc select_indicators(struct ksz_store *st, const struct ksz_filter *f,
                                struct ksz_error *err)
{
    struct sel_ctx x;
    uint64_t key;
    ksz_rc rc;

    rc = ksz__store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS ksz_sel("
                             " stix_id TEXT PRIMARY KEY, id INTEGER NOT NULL)",
                         err);
    if (rc != KSZ_OK)
        return rc;
    key = filter_key(st, f);
    if (key == st->sel_key)
        return KSZ_OK;
    rc = ksz__store_exec(st, "DELETE FROM temp.ksz_sel", err);
    if (rc != KSZ_OK)
        return rc;
    memset(&x, 0, sizeof x);
    x.st = st;
    x.err = err;
    rc = ksz__store_prepare(st, "INSERT OR IGNORE INTO temp.ksz_sel(stix_id, id) VALUES(?1, ?2)",
                            &x.ins, err);
    if (rc != KSZ_OK)
        return rc;
    rc = ksz_store_each_indicator(st, f, sel_row, &x, err);
    sqlite3_finalize(x.ins);
    if (rc == KSZ_OK)
        rc = x.rc;
    /* the inserts above changed the counter: key on the state after them */
    st->sel_key = rc == KSZ_OK ? filter_key(st, f) : 0;
    return rc;
}

static int tlp_cap(const struct ksz_filter *f)
{
    if (f->tlp_max >= KSZ_TLP_RED)
        return f->allow_red ? KSZ_TLP_RED : KSZ_TLP_AMBER_STRICT;
    return (int)f->tlp_max;
}

ksz_rc ksz_store_each_threat(struct ksz_store *st, const struct ksz_filter *f,
                             ksz_store_threat_cb cb, void *user, struct ksz_error *err)
{
    ksz_rc rc;

    if (f == NULL)
        return ksz__store_each_threat_sql(st, "1", 0, KSZ_TLP_RED, cb, user, err);
    rc = select_indicators(st, f, err);
    if (rc != KSZ_OK)
        return rc;
    return ksz__store_each_threat_sql(
        st,
        "t.stix_id IN (SELECT r.target_ref FROM relationships r"
        " JOIN temp.ksz_sel x ON r.source_ref = x.stix_id)",
        0, tlp_cap(f), cb, user, err);
}

ksz_rc ksz_store_each_report(struct ksz_store *st, const struct ksz_filter *f,
                             ksz_store_report_cb cb, void *user, struct ksz_error *err)
{
    ksz_rc rc;

    if (f == NULL)
        return ksz__store_each_report_sql(st, "1", 0, KSZ_TLP_RED, cb, user, err);
    rc = select_indicators(st, f, err);
    if (rc != KSZ_OK)
        return rc;
    return ksz__store_each_report_sql(
        st,
        "r.id IN (SELECT rr.report_id FROM report_refs rr JOIN temp.ksz_sel x"
        " ON rr.ref = x.stix_id) OR r.stix_id IN (SELECT i.report FROM indicators i"
        " JOIN temp.ksz_sel x ON x.id = i.id) OR r.title IN (SELECT i.report FROM indicators i"
        " JOIN temp.ksz_sel x ON x.id = i.id)",
        0, tlp_cap(f), cb, user, err);
}

ksz_rc ksz_store_each_relationship(struct ksz_store *st, const struct ksz_filter *f,
                                   ksz_store_relationship_cb cb, void *user,
                                   struct ksz_error *err)
{
    char where[400];
    ksz_rc rc;

    if (f == NULL)
        return ksz__store_each_relationship_sql(st, "1", cb, user, err);
    rc = select_indicators(st, f, err);
    if (rc != KSZ_OK)
        return rc;
    /* only relationships whose target leaves too */
    snprintf(where, sizeof where,
             "r.source_ref IN (SELECT stix_id FROM temp.ksz_sel) AND (r.target_ref IN"
             " (SELECT stix_id FROM temp.ksz_sel) OR r.target_ref IN (SELECT stix_id FROM"
             " threats WHERE tlp <= %d))",
             tlp_cap(f));
    return ksz__store_each_relationship_sql(st, where, cb, user, err);
}

ksz_rc ksz_store_each_sighting(struct ksz_store *st, const struct ksz_filter *f,
                               ksz_store_sighting_cb cb, void *user, struct ksz_error *err)
{
    ksz_rc rc;

    if (f == NULL)
        return ksz__store_each_sighting_sql(st, "1", 0, cb, user, err);
    rc = select_indicators(st, f, err);
    if (rc != KSZ_OK)
        return rc;
    return ksz__store_each_sighting_sql(
        st,
        "g.indicator_id IN (SELECT id FROM temp.ksz_sel) OR (g.indicator_id = 0 AND"
        " g.observable_id IN (SELECT i.observable_id FROM indicators i"
        " JOIN temp.ksz_sel x ON x.id = i.id))",
        0, cb, user, err);
}
