/* SPDX-License-Identifier: Apache-2.0 */
/*
 * query.c - iterating indicators through a filter: exports, search, show.
 *
 * The filter becomes one SELECT whose WHERE does everything SQL can (window,
 * marks, TLP, types, source, threat, tag, text, value); the decayed score
 * and the active test are computed per row in C by ksz__store_state. Rows
 * come out by (type, value, source name): observables are walked through
 * their unique index and each one's few claims are sorted, so no sort of the
 * whole result is needed. Records are borrowed from the statement and the
 * store's list scratch area: nothing is allocated per row.
 *
 * A value search with value_related also finds the CIDRs that hold an
 * address (all prefixes of it are looked up: 33 or 129 index probes) and a
 * domain's parent domains.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "store/store_int.h"

void ksz_filter_init(struct ksz_filter *f)
{
    memset(f, 0, sizeof *f);
    f->active_only = true;
    f->min_confidence = -1;
    f->min_score = -1;
    f->tlp_max = KSZ_TLP_AMBER;
    f->now = (int64_t)time(NULL);
}

#define MAX_BINDS 160
#define MAX_THREAT_IDS 16

struct query {
    struct ksz_buf sql;
    int n;
    struct {
        bool is_text;
        const char *text;
        int64_t i;
    } binds[MAX_BINDS];
    char threat_ids[MAX_THREAT_IDS][80];
    ksz_rc rc;
};

static void q_sql(struct query *q, const char *s)
{
    if (q->rc == KSZ_OK)
        q->rc = ksz_buf_append(&q->sql, s, strlen(s));
}

/* Appends "?N" bound to text or integer. */
static void q_text(struct query *q, const char *t)
{
    char p[16];
    if (q->n == MAX_BINDS) {
        q->rc = KSZ_ERR_LIMIT;
        return;
    }
    q->binds[q->n].is_text = true;
    q->binds[q->n].text = t;
    snprintf(p, sizeof p, "?%d", ++q->n);
    q_sql(q, p);
}

static void q_int(struct query *q, int64_t v)
{
    char p[16];
    if (q->n == MAX_BINDS) {
        q->rc = KSZ_ERR_LIMIT;
        return;
    }
    q->binds[q->n].is_text = false;
    q->binds[q->n].i = v;
    snprintf(p, sizeof p, "?%d", ++q->n);
    q_sql(q, p);
}

/* The observable ids a value search covers: "i.observable_id IN (...)". */
static ksz_rc value_clause(struct ksz_store *st, const struct ksz_filter *f, struct query *q,
                           bool *none, struct ksz_error *err)
{
    char cand[130][KSZ_IOC_VALUE_MAX > 200 ? 200 : KSZ_IOC_VALUE_MAX];
    ksz_ioc_type ctype[130];
    size_t nc = 0;
    bool any = false;
    const char *v = f->value;
    size_t len = strlen(v);

    ctype[nc] = f->value_type;
    nc++; /* the value itself: looked up from f->value directly */
    if (f->value_related) {
        uint32_t a4, p;
        uint8_t a6[16];
        unsigned pfx = 0;

        if ((f->value_type == KSZ_IOC_IPV4 && ksz_ipv4_parse(v, len, &a4, NULL) == KSZ_OK &&
             (pfx = 32)) ||
            (f->value_type == KSZ_IOC_CIDR4 &&
             ksz_cidr4_parse(v, len, &a4, &pfx, NULL) == KSZ_OK)) {
            for (p = 0; p <= pfx && nc < 130; p++) {
                char ip[16];
                uint32_t net = p == 0 ? 0 : a4 & (0xffffffffu << (32 - p));
                if (f->value_type == KSZ_IOC_CIDR4 && p == pfx)
                    continue;
                ksz_ipv4_format(net, ip);
                snprintf(cand[nc], sizeof cand[nc], "%s/%u", ip, p);
                ctype[nc++] = KSZ_IOC_CIDR4;
            }
        } else if ((f->value_type == KSZ_IOC_IPV6 && ksz_ipv6_parse(v, len, a6, NULL) == KSZ_OK &&
                    (pfx = 128)) ||
                   (f->value_type == KSZ_IOC_CIDR6 &&
                    ksz_cidr6_parse(v, len, a6, &pfx, NULL) == KSZ_OK)) {
            for (p = 0; p <= pfx && nc < 130; p++) {
                uint8_t net[16];
                char ip[46];
                for (unsigned b = 0; b < 16; b++) {
                    unsigned keep = p > b * 8 ? (p - b * 8 >= 8 ? 8 : p - b * 8) : 0;
                    net[b] = (uint8_t)(a6[b] & (keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff));
                }
                if (f->value_type == KSZ_IOC_CIDR6 && p == pfx)
                    continue;
                ksz_ipv6_format(net, ip);
                snprintf(cand[nc], sizeof cand[nc], "%s/%u", ip, p);
                ctype[nc++] = KSZ_IOC_CIDR6;
            }
        } else if (f->value_type == KSZ_IOC_DOMAIN) {
            const char *d = strchr(v, '.');
            while (d != NULL && strchr(d + 1, '.') != NULL && nc < 130) {
                snprintf(cand[nc], sizeof cand[nc], "%s", d + 1);
                ctype[nc++] = KSZ_IOC_DOMAIN;
                d = strchr(d + 1, '.');
            }
        }
    }
    q_sql(q, " AND o.id IN (");
    for (size_t i = 0; i < nc; i++) {
        int64_t id;
        ksz_rc rc = ksz__store_observable(st, ctype[i], i == 0 ? v : cand[i], false, &id, err);
        if (rc == KSZ_ERR_NOTFOUND)
            continue;
        if (rc != KSZ_OK)
            return rc;
        if (any)
            q_sql(q, ",");
        q_int(q, id);
        any = true;
    }
    q_sql(q, ")");
    *none = !any;
    return KSZ_OK;
}

static ksz_rc threat_clause(struct ksz_store *st, const struct ksz_filter *f, struct query *q,
                            bool *none, struct ksz_error *err)
{
    sqlite3_stmt *s = NULL;
    size_t n = 0;
    ksz_rc rc;

    if (ksz__is_stix_id(f->threat)) {
        snprintf(q->threat_ids[n++], 80, "%s", f->threat);
    } else {
        rc = ksz__store_prepare(st, "SELECT stix_id FROM threats WHERE name = ?1 COLLATE NOCASE"
                                    " UNION SELECT t.stix_id FROM threat_aliases a"
                                    " JOIN threats t ON t.id = a.threat_id"
                                    " WHERE a.alias = ?1 COLLATE NOCASE",
                                &s, err);
        if (rc != KSZ_OK)
            return rc;
        sqlite3_bind_text(s, 1, f->threat, -1, SQLITE_STATIC);
        while (n < MAX_THREAT_IDS && sqlite3_step(s) == SQLITE_ROW)
            snprintf(q->threat_ids[n++], 80, "%s", ksz__col_text(s, 0));
        sqlite3_finalize(s);
    }
    *none = n == 0;
    q_sql(q, " AND (");
    for (size_t i = 0; i < n; i++) {
        q_sql(q, i ? " OR " : "");
        q_sql(q, "instr(char(31) || i.threats || char(31), char(31) || ");
        q_text(q, q->threat_ids[i]);
        q_sql(q, " || char(31)) > 0");
    }
    q_sql(q, n == 0 ? "0)" : ")");
    return KSZ_OK;
}

static ksz_rc build(struct ksz_store *st, const struct ksz_filter *f, const char *extra,
                    bool ordered, struct query *q, bool *none, struct ksz_error *err)
{
    ksz_rc rc;

    *none = false;
    rc = ksz__store_ids_flush(st, err); /* the query may find by STIX id */
    if (rc != KSZ_OK)
        return rc;
    q_sql(q, "SELECT i.id, o.type, o.value, i.stix_id, s.name, i.report, i.pattern, i.name,"
             " i.description, i.created, i.modified, i.valid_from, i.valid_until, i.confidence,"
             " i.tlp, i.commercial, i.usage, i.revoked, i.revoked_at, i.false_positive,"
             " i.warn_blocked, i.labels, i.tags, i.attack_ids, i.kill_chain, i.threats,"
             " i.warnings, i.refreshed_at, i.last_seen, i.sightings"
             " FROM observables o");
    /* Walking observables in (type, value) order lets rows come out sorted;
     * a query that names rows (id, STIX id, text) lets the planner start
     * from them instead. */
    if (!ordered || f->id != 0 || f->stix_id != NULL || f->text != NULL)
        q_sql(q, " JOIN indicators i ON i.observable_id = o.id JOIN sources s ON s.id = i.source_id");
    else
        q_sql(q, " CROSS JOIN indicators i ON i.observable_id = o.id"
                 " CROSS JOIN sources s ON s.id = i.source_id");
    q_sql(q, " WHERE 1");
    if (extra != NULL) {
        q_sql(q, " AND ");
        q_sql(q, extra);
    }
    if (f->active_only) {
        q_sql(q, " AND i.revoked = 0 AND i.revoked_at = 0 AND i.false_positive = 0"
                 " AND i.warn_blocked = 0 AND i.valid_from <= ");
        q_int(q, f->now);
        q_sql(q, " AND (i.valid_until = 0 OR i.valid_until > ");
        q_int(q, f->now);
        q_sql(q, ")");
    }
    if (f->types != 0 && (f->types & KSZ_IOC_ALL) != KSZ_IOC_ALL) {
        bool first = true;
        q_sql(q, " AND o.type IN (");
        for (int t = 1; t < KSZ_IOC__COUNT; t++) {
            if (!(f->types & KSZ_IOC_BIT(t)))
                continue;
            q_sql(q, first ? "" : ",");
            q_int(q, t);
            first = false;
        }
        q_sql(q, first ? "0)" : ")");
    }
    if (f->usage != 0) {
        q_sql(q, " AND (i.usage = 0 OR (i.usage & ");
        q_int(q, f->usage);
        q_sql(q, ") != 0)");
    }
    if (f->min_confidence >= 0) {
        q_sql(q, " AND i.confidence >= ");
        q_int(q, f->min_confidence);
    }
    q_sql(q, " AND i.tlp <= ");
    q_int(q, f->tlp_max > KSZ_TLP_RED ? KSZ_TLP_RED : f->tlp_max);
    if (!f->allow_red)
        q_sql(q, " AND i.tlp < 4");
    if (f->source != NULL) {
        q_sql(q, " AND s.name = ");
        q_text(q, f->source);
    }
    if (f->since != 0) {
        q_sql(q, " AND i.modified >= ");
        q_int(q, f->since);
    }
    if (!f->include_warned)
        q_sql(q, " AND i.warnings IS NULL AND i.warn_blocked = 0");
    if (f->id != 0) {
        q_sql(q, " AND i.id = ");
        q_int(q, f->id);
    }
    if (f->stix_id != NULL) {
        q_sql(q, " AND i.id IN (SELECT id FROM indicator_ids WHERE h = ksz_id_hash(");
        q_text(q, f->stix_id);
        q_sql(q, ")) AND i.stix_id = ");
        q_text(q, f->stix_id);
    }
    if (f->tag != NULL) {
        q_sql(q, " AND instr(char(31) || coalesce(i.tags, '') || char(31) ||"
                 " coalesce(i.labels, '') || char(31), char(31) || ");
        q_text(q, f->tag);
        q_sql(q, " || char(31)) > 0");
    }
    if (f->text != NULL) {
        int p;
        q_sql(q, " AND (i.id IN (SELECT rowid >> 2 FROM fts WHERE fts MATCH ");
        q_text(q, f->text);
        p = q->n;
        q_sql(q, " AND (rowid & 3) = 1)");
        if (q->rc == KSZ_OK) {
            char tail[900];
            snprintf(tail, sizeof tail,
                     " OR (i.id IN (SELECT k.id FROM report_refs rr JOIN indicator_ids k"
                     " ON k.h = ksz_id_hash(rr.ref) WHERE rr.report_id IN (SELECT rowid >> 2"
                     " FROM fts WHERE fts MATCH ?%d AND (rowid & 3) = 3)) AND i.stix_id IN"
                     " (SELECT rr.ref FROM report_refs rr WHERE rr.report_id IN"
                     " (SELECT rowid >> 2 FROM fts WHERE fts MATCH ?%d AND (rowid & 3) = 3)))"
                     " OR i.report IN (SELECT stix_id FROM reports WHERE id IN (SELECT rowid >> 2"
                     " FROM fts WHERE fts MATCH ?%d AND (rowid & 3) = 3) UNION SELECT title"
                     " FROM reports WHERE id IN (SELECT rowid >> 2 FROM fts WHERE fts MATCH ?%d"
                     " AND (rowid & 3) = 3))"
                     " OR EXISTS (SELECT 1 FROM threats t WHERE t.id IN (SELECT rowid >> 2 FROM fts"
                     " WHERE fts MATCH ?%d AND (rowid & 3) = 2) AND instr(char(31) || i.threats ||"
                     " char(31), char(31) || t.stix_id || char(31)) > 0))",
                     p, p, p, p, p);
            q_sql(q, tail);
        }
    }
    if (f->threat != NULL && !*none)
        rc = threat_clause(st, f, q, none, err);
    if (rc == KSZ_OK && f->value != NULL && !*none)
        rc = value_clause(st, f, q, none, err);
    if (rc != KSZ_OK)
        return rc;
    /* a scan for counting or expiry walks the table in row order */
    q_sql(q, ordered ? " ORDER BY o.type, o.value, s.name, i.stix_id" : " ORDER BY i.id");
    if (q->rc != KSZ_OK)
        return ksz_error_set(err, q->rc, "store: query: %s", ksz_strerror(q->rc));
    return KSZ_OK;
}

static ksz_rc run(struct ksz_store *st, const struct ksz_filter *f, sqlite3_stmt *s,
                  ksz_store_indicator_cb cb, void *user, struct ksz_error *err)
{
    ksz_rc rc = KSZ_OK;
    int step;

    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        struct ksz_indicator ind;
        struct ksz_indicator_state state;
        struct store_life life;
        struct ksz_strlist lists[6];
        const char *texts[6];

        life.type = (ksz_ioc_type)sqlite3_column_int(s, 1);
        life.confidence = sqlite3_column_int(s, 13);
        life.valid_from = sqlite3_column_int64(s, 11);
        life.valid_until = sqlite3_column_int64(s, 12);
        life.revoked = sqlite3_column_int(s, 17) != 0 || sqlite3_column_int64(s, 18) != 0;
        life.false_positive = sqlite3_column_int64(s, 19) != 0;
        life.warn_blocked = sqlite3_column_int(s, 20) != 0;
        life.refreshed_at = sqlite3_column_int64(s, 27);
        life.last_seen = sqlite3_column_int64(s, 28);
        ksz__store_state(st, &life, f->now, &state);
        if (f->active_only && !state.active)
            continue;
        if (f->min_score >= 0 && state.score < f->min_score)
            continue;
        state.id = sqlite3_column_int64(s, 0);
        state.sightings = sqlite3_column_int64(s, 29);

        memset(&ind, 0, sizeof ind);
        ind.type = life.type;
        ind.value = ksz__col_text(s, 2);
        ind.stix_id = ksz__col_text(s, 3);
        ind.source = ksz__col_text(s, 4);
        ind.report = (const char *)sqlite3_column_text(s, 5);
        ind.pattern = (const char *)sqlite3_column_text(s, 6);
        ind.name = (const char *)sqlite3_column_text(s, 7);
        ind.description = (const char *)sqlite3_column_text(s, 8);
        ind.created = sqlite3_column_int64(s, 9);
        ind.modified = sqlite3_column_int64(s, 10);
        ind.valid_from = life.valid_from;
        ind.valid_until = life.valid_until;
        ind.confidence = life.confidence;
        ind.tlp = (ksz_tlp)sqlite3_column_int(s, 14);
        ind.commercial = (ksz_commercial)sqlite3_column_int(s, 15);
        ind.usage = (uint32_t)sqlite3_column_int64(s, 16);
        ind.revoked = life.revoked;
        ind.warn_blocked = life.warn_blocked;
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
        if (cb(&ind, &state, user) != 0)
            return KSZ_OK;
    }
    if (rc == KSZ_OK && step != SQLITE_DONE)
        rc = ksz__store_db_error(st, err, "reading indicators");
    return rc;
}

static ksz_rc each_where(struct ksz_store *st, const struct ksz_filter *f, const char *extra,
                         bool ordered, ksz_store_indicator_cb cb, void *user, struct ksz_error *err)
{
    struct query *q;
    struct ksz_filter fnow;
    sqlite3_stmt *s = NULL;
    bool none = false;
    ksz_rc rc;

    if (f->now == 0) {
        fnow = *f;
        fnow.now = ksz__store_now(st);
        f = &fnow;
    }
    q = ksz__calloc(1, sizeof *q);
    if (q == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
    ksz_buf_init(&q->sql, 1u << 20);
    rc = build(st, f, extra, ordered, q, &none, err);
    if (rc == KSZ_OK && !none)
        rc = ksz__store_prepare_cached(st, q->sql.data, &s, err);
    for (int i = 0; rc == KSZ_OK && !none && i < q->n; i++) {
        if (q->binds[i].is_text)
            sqlite3_bind_text(s, i + 1, q->binds[i].text, -1, SQLITE_STATIC);
        else
            sqlite3_bind_int64(s, i + 1, q->binds[i].i);
    }
    if (rc == KSZ_OK && !none)
        rc = run(st, f, s, cb, user, err);
    ksz__store_release(st, s);
    ksz_buf_cleanup(&q->sql);
    ksz__free(q);
    return rc;
}

ksz_rc ksz_store_each_indicator(struct ksz_store *st, const struct ksz_filter *f,
                                ksz_store_indicator_cb cb, void *user, struct ksz_error *err)
{
    struct ksz_filter def;

    if (f == NULL) {
        ksz_filter_init(&def);
        def.now = ksz__store_now(st);
        f = &def;
    }
    return each_where(st, f, NULL, true, cb, user, err);
}

ksz_rc ksz__store_scan_indicators(struct ksz_store *st, const struct ksz_filter *f,
                                  const char *extra, ksz_store_indicator_cb cb, void *user,
                                  struct ksz_error *err)
{
    return each_where(st, f, extra, false, cb, user, err);
}

ksz_rc ksz_store_observable_types(struct ksz_store *st, const char *value, ksz_ioc_typeset *out,
                                  struct ksz_error *err)
{
    ksz_ioc_typeset set = 0;

    *out = 0;
    if (value == NULL || value[0] == '\0' || strlen(value) > KSZ_IOC_VALUE_MAX)
        return KSZ_OK;
    for (int t = 1; t < KSZ_IOC__COUNT; t++) {
        int64_t id;
        ksz_rc rc = ksz__store_observable(st, (ksz_ioc_type)t, value, false, &id, err);
        if (rc == KSZ_OK)
            set |= KSZ_IOC_BIT(t);
        else if (rc != KSZ_ERR_NOTFOUND)
            return rc;
    }
    *out = set;
    return KSZ_OK;
}
