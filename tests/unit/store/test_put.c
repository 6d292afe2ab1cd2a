/* SPDX-License-Identifier: Apache-2.0 */
/* test_put.c - putting records: migrations, versions, context filling,
 * transactions, and allocation failure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "core/core_int.h"
#include "kizashi/store.h"
#include "store/store_int.h" /* ksz__store_schema_limit */

#define NOW 1700000000
#define DAY 86400

static struct ksz_store *open_mem(void)
{
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    assert_int_equal(ksz_store_open(":memory:", &st, &err), KSZ_OK);
    ksz_store_set_now(st, NOW);
    return st;
}

static void ind_init(struct ksz_indicator *in, ksz_ioc_type t, const char *value)
{
    memset(in, 0, sizeof *in);
    in->type = t;
    in->value = value;
    in->confidence = -1;
    in->tlp = KSZ_TLP_UNSET;
}

struct got {
    int n;
    char values[16][128];
    char sources[16][32];
    int confidence[16];
    ksz_tlp tlp[16];
    int64_t valid_until[16];
    char threats[16][200];
    char tags[16][200];
    struct ksz_indicator_state state[16];
};

static int collect(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                   void *user)
{
    struct got *g = user;
    if (g->n == 16)
        return 1;
    snprintf(g->values[g->n], 128, "%s", ind->value);
    snprintf(g->sources[g->n], 32, "%s", ind->source);
    g->confidence[g->n] = ind->confidence;
    g->tlp[g->n] = ind->tlp;
    g->valid_until[g->n] = ind->valid_until;
    g->threats[g->n][0] = '\0';
    for (size_t i = 0; i < ind->threats.n; i++) {
        strcat(g->threats[g->n], ind->threats.items[i]);
        strcat(g->threats[g->n], ";");
    }
    g->tags[g->n][0] = '\0';
    for (size_t i = 0; i < ind->tags.n; i++) {
        strcat(g->tags[g->n], ind->tags.items[i]);
        strcat(g->tags[g->n], ";");
    }
    g->state[g->n] = *state;
    g->n++;
    return 0;
}

static void all_filter(struct ksz_filter *f)
{
    ksz_filter_init(f);
    f->active_only = false;
    f->tlp_max = KSZ_TLP_RED;
    f->allow_red = true;
    f->include_warned = true;
    f->now = NOW;
}

static int count_rows(struct ksz_store *st, const char *table)
{
    /* through the public API only where possible: use stats */
    (void)st;
    (void)table;
    return 0;
}

static void opens_an_empty_file_migrates_and_reopens(void **state)
{
    char dir[] = "/tmp/ksz-store-XXXXXX", path[256];
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    struct ksz_indicator in;
    ksz_put_result res = 0;
    sqlite3 *db;
    sqlite3_stmt *s;
    (void)state;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/k.db", dir);
    assert_int_equal(ksz_store_open(path, &st, &err), KSZ_OK);
    ind_init(&in, KSZ_IOC_DOMAIN, "evil.example.net");
    assert_int_equal(ksz_store_put_indicator(st, &in, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_ADDED);
    ksz_store_close(st);
    st = NULL;
    /* reopening is idempotent: same version, data kept */
    assert_int_equal(ksz_store_open(path, &st, &err), KSZ_OK);
    assert_int_equal(ksz_store_put_indicator(st, &in, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_UNCHANGED);
    ksz_store_close(st);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), max(version) FROM schema_version",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 3);
    assert_int_equal(sqlite3_column_int(s, 1), 3);
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    sqlite3_close(db);
    unlink(path);
    snprintf(path, sizeof path, "%s/k.db-wal", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/k.db-shm", dir);
    unlink(path);
    rmdir(dir);
}

static void same_content_is_unchanged_newer_is_updated_older_is_ignored(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_indicator in;
    ksz_put_result res = 0;
    struct ksz_filter f;
    struct got g = {0};
    (void)state;

    ind_init(&in, KSZ_IOC_IPV4, "198.51.100.7");
    in.stix_id = "indicator--11111111-1111-4111-8111-111111111111";
    in.modified = NOW - 100;
    in.confidence = 70;
    assert_int_equal(ksz_store_put_indicator(st, &in, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_ADDED);
    assert_int_equal(ksz_store_put_indicator(st, &in, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_UNCHANGED);
    in.modified = NOW - 50;
    in.confidence = 90;
    assert_int_equal(ksz_store_put_indicator(st, &in, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_UPDATED);
    in.modified = NOW - 80;
    in.confidence = 10;
    assert_int_equal(ksz_store_put_indicator(st, &in, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_UNCHANGED);
    all_filter(&f);
    assert_int_equal(ksz_store_each_indicator(st, &f, collect, &g, &err), KSZ_OK);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.confidence[0], 90);
    (void)count_rows;
    ksz_store_close(st);
}

static void context_comes_from_record_then_source_then_builtin(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_source src;
    struct ksz_indicator in;
    struct ksz_filter f;
    struct got g = {0};
    (void)state;

    memset(&src, 0, sizeof src);
    src.name = "feedA";
    src.kind = "feed";
    src.reliability = 'B';
    src.default_tlp = KSZ_TLP_GREEN;
    src.default_confidence = 80;
    src.lifetime[KSZ_IOC_DOMAIN] = 10 * DAY;
    assert_int_equal(ksz_store_put_source(st, &src, NULL, &err), KSZ_OK);

    ind_init(&in, KSZ_IOC_DOMAIN, "a.example.org"); /* all from the source */
    in.source = "feedA";
    assert_int_equal(ksz_store_put_indicator(st, &in, NULL, &err), KSZ_OK);
    ind_init(&in, KSZ_IOC_DOMAIN, "b.example.org"); /* the record wins */
    in.source = "feedA";
    in.confidence = 20;
    in.tlp = KSZ_TLP_RED;
    in.valid_until = NOW + 5 * DAY;
    assert_int_equal(ksz_store_put_indicator(st, &in, NULL, &err), KSZ_OK);
    ind_init(&in, KSZ_IOC_DOMAIN, "c.example.org"); /* built-ins */
    in.source = "other";
    assert_int_equal(ksz_store_put_indicator(st, &in, NULL, &err), KSZ_OK);

    all_filter(&f);
    assert_int_equal(ksz_store_each_indicator(st, &f, collect, &g, &err), KSZ_OK);
    assert_int_equal(g.n, 3);
    assert_string_equal(g.values[0], "a.example.org");
    assert_int_equal(g.confidence[0], 80);
    assert_int_equal(g.tlp[0], KSZ_TLP_GREEN);
    assert_int_equal(g.valid_until[0], NOW + 10 * DAY);
    assert_int_equal(g.confidence[1], 20);
    assert_int_equal(g.tlp[1], KSZ_TLP_RED);
    assert_int_equal(g.valid_until[1], NOW + 5 * DAY);
    assert_string_equal(g.sources[2], "other");
    assert_int_equal(g.confidence[2], 50);
    assert_int_equal(g.tlp[2], KSZ_TLP_AMBER);
    assert_int_equal(g.valid_until[2], NOW + ksz_default_lifetime(KSZ_IOC_DOMAIN));
    ksz_store_close(st);
}

static void threats_by_name_and_by_relationship_in_any_order(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_indicator in;
    struct ksz_relationship r;
    struct ksz_threat t;
    const char *names[] = {"Emotet"};
    const char *tags[] = {"tlp:green", "misp-galaxy:x=\"y\""};
    struct ksz_filter f;
    struct got g = {0};
    (void)state;

    /* relationship first, indicator later */
    memset(&r, 0, sizeof r);
    r.source_ref = "indicator--22222222-2222-4222-8222-222222222222";
    r.type = "indicates";
    r.target_ref = "malware--33333333-3333-4333-8333-333333333333";
    assert_int_equal(ksz_store_put_relationship(st, &r, NULL, &err), KSZ_OK);
    memset(&t, 0, sizeof t);
    t.stix_id = r.target_ref;
    t.kind = KSZ_THREAT_MALWARE;
    t.name = "QakBot";
    assert_int_equal(ksz_store_put_threat(st, &t, NULL, &err), KSZ_OK);
    ind_init(&in, KSZ_IOC_SHA256,
             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    in.stix_id = r.source_ref;
    in.threats.items = names;
    in.threats.n = 1;
    in.tags.items = tags;
    in.tags.n = 2;
    assert_int_equal(ksz_store_put_indicator(st, &in, NULL, &err), KSZ_OK);
    all_filter(&f);
    assert_int_equal(ksz_store_each_indicator(st, &f, collect, &g, &err), KSZ_OK);
    assert_int_equal(g.n, 1);
    assert_non_null(strstr(g.threats[0], "malware--33333333"));
    assert_non_null(strstr(g.threats[0], "malware--")); /* Emotet, created */
    assert_string_equal(g.tags[0], "tlp:green;misp-galaxy:x=\"y\";");
    /* the filter by threat name finds it, by alias too */
    f.threat = "emotet";
    g.n = 0;
    assert_int_equal(ksz_store_each_indicator(st, &f, collect, &g, &err), KSZ_OK);
    assert_int_equal(g.n, 1);
    f.threat = "QakBot";
    g.n = 0;
    assert_int_equal(ksz_store_each_indicator(st, &f, collect, &g, &err), KSZ_OK);
    assert_int_equal(g.n, 1);
    f.threat = "nobody";
    g.n = 0;
    assert_int_equal(ksz_store_each_indicator(st, &f, collect, &g, &err), KSZ_OK);
    assert_int_equal(g.n, 0);
    ksz_store_close(st);
}

static void rollback_leaves_the_store_unchanged(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_indicator in;
    struct ksz_filter f;
    struct got g = {0};
    (void)state;

    ind_init(&in, KSZ_IOC_DOMAIN, "kept.example.com");
    assert_int_equal(ksz_store_put_indicator(st, &in, NULL, &err), KSZ_OK);
    assert_int_equal(ksz_store_begin(st, &err), KSZ_OK);
    ind_init(&in, KSZ_IOC_DOMAIN, "gone.example.com");
    assert_int_equal(ksz_store_put_indicator(st, &in, NULL, &err), KSZ_OK);
    ind_init(&in, KSZ_IOC_DOMAIN, "kept.example.com");
    in.confidence = 99;
    assert_int_equal(ksz_store_put_indicator(st, &in, NULL, &err), KSZ_OK);
    ind_init(&in, KSZ_IOC_DOMAIN, "bad.example.com");
    in.confidence = 101;
    assert_int_equal(ksz_store_put_indicator(st, &in, NULL, &err), KSZ_ERR_INVALID);
    ksz_store_rollback(st);
    all_filter(&f);
    assert_int_equal(ksz_store_each_indicator(st, &f, collect, &g, &err), KSZ_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.values[0], "kept.example.com");
    assert_int_equal(g.confidence[0], 50);
    ksz_store_close(st);
}

/* SQLite allocates through ksz__malloc too: failing the Nth allocation
 * reaches into its statements. Every failure must give a clean error, leave
 * the store as it was (the put runs in its own transaction), and leak
 * nothing. */
static void put_survives_every_allocation_failure(void **state)
{
    const char *tags[] = {"a", "b"}, *threats[] = {"Emotet"};
    (void)state;

    for (long n = 0; n < 100000; n++) {
        struct ksz_store *st = NULL;
        struct ksz_error err = {0};
        struct ksz_indicator in;
        struct ksz_filter f;
        struct got g = {0};
        ksz_rc rc;

        if (ksz_store_open(":memory:", &st, &err) != KSZ_OK)
            fail();
        ksz_store_set_now(st, NOW);
        ind_init(&in, KSZ_IOC_URL, "http://evil.example.com/x");
        in.tags.items = tags;
        in.tags.n = 2;
        in.threats.items = threats;
        in.threats.n = 1;
        in.description = "a description";
        in.source = "s1";
        ksz__alloc_fail_after(n);
        rc = ksz_store_put_indicator(st, &in, NULL, &err);
        ksz__alloc_fail_after(-1);
        all_filter(&f);
        assert_int_equal(ksz_store_each_indicator(st, &f, collect, &g, &err), KSZ_OK);
        ksz_store_close(st);
        if (rc == KSZ_OK) {
            assert_int_equal(g.n, 1);
            assert_true(n > 10); /* the loop really failed allocations before */
            return;
        }
        assert_true(rc == KSZ_ERR_NOMEM || rc == KSZ_ERR_DB);
        if (g.n != 0)
            fail_msg("n=%ld rc=%d: %s, yet the indicator is stored", n, (int)rc, err.msg);
    }
    fail_msg("never succeeded");
}

/* ---- many puts in one transaction (rows.c) ---- */

/* Every table a put writes, as text, in key order. */
static void dump_tables(const char *path, struct ksz_buf *out)
{
    static const char *const q[] = {
        "SELECT * FROM sources ORDER BY id",
        "SELECT * FROM observables ORDER BY id",
        "SELECT * FROM indicators ORDER BY id",
        "SELECT * FROM indicator_ids ORDER BY h, id",
        "SELECT * FROM threats ORDER BY id",
        "SELECT * FROM relationships ORDER BY id",
        "SELECT * FROM history ORDER BY id",
        "SELECT rowid, title, body FROM fts ORDER BY rowid",
    };
    sqlite3 *db = NULL;

    ksz_buf_init(out, 0);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        sqlite3_stmt *s = NULL;
        assert_int_equal(sqlite3_prepare_v2(db, q[i], -1, &s, NULL), SQLITE_OK);
        assert_int_equal(ksz_buf_printf(out, "-- %s\n", q[i]), KSZ_OK);
        while (sqlite3_step(s) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(s); c++) {
                const unsigned char *t = sqlite3_column_text(s, c);
                assert_int_equal(ksz_buf_printf(out, "%s|", t != NULL ? (const char *)t : "NULL"),
                                 KSZ_OK);
            }
            assert_int_equal(ksz_buf_putc(out, '\n'), KSZ_OK);
        }
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
}

static int count_cb(const struct ksz_indicator *ind, const struct ksz_indicator_state *st,
                    void *user)
{
    (void)ind;
    (void)st;
    (*(int *)user)++;
    return 0;
}

static int count_indicators(struct ksz_store *st)
{
    struct ksz_filter f;
    int n = 0;
    all_filter(&f);
    assert_int_equal(ksz_store_each_indicator(st, &f, count_cb, &n, NULL), KSZ_OK);
    return n;
}

/* Put 900 indicators of every kind the put path knows: new values, a value
 * again under another source (in the same batch and across batches), values
 * stored before, names and descriptions, threats, lists, and a later version
 * of an indicator put earlier in the same transaction. With one_tx they are
 * one transaction (rows wait and are written many at a time), else each put
 * is its own (one row at a time). Reads in between must see every row. */
static void put_mix(struct ksz_store *st, bool one_tx)
{
    const char *tags[] = {"t1", "t2"}, *labels[] = {"malicious-activity"};
    const char *threats[] = {"malware:Otter"};
    struct ksz_error err = {0};
    int added = 0;

    for (int i = 0; i < 20; i++) { /* stored before */
        char v[64];
        struct ksz_indicator in;
        snprintf(v, sizeof v, "before%d.example.com", i);
        ind_init(&in, KSZ_IOC_DOMAIN, v);
        assert_int_equal(ksz_store_put_indicator(st, &in, NULL, &err), KSZ_OK);
    }
    if (one_tx)
        assert_int_equal(ksz_store_begin(st, &err), KSZ_OK);
    for (int i = 0; i < 900; i++) {
        char v[64], id[80], name[32];
        struct ksz_indicator in;
        ksz_put_result res = 0;

        if (i % 11 == 3)
            snprintf(v, sizeof v, "before%d.example.com", i % 20);
        else if (i % 7 == 0 && i > 0)
            snprintf(v, sizeof v, "192.0.2.%d", (i - 7) % 250); /* put before, or one back */
        else
            snprintf(v, sizeof v, "192.0.2.%d", i % 250);
        ind_init(&in, strchr(v, 'e') != NULL ? KSZ_IOC_DOMAIN : KSZ_IOC_IPV4, v);
        in.source = i % 3 == 0 ? "feed-a" : i % 3 == 1 ? "feed-b" : NULL;
        if (i % 250 == i && i % 7 != 0 && i % 3 == 2) { /* explicit ids on some */
            snprintf(id, sizeof id, "indicator--00000000-0000-4000-8000-%012d", i);
            in.stix_id = id;
        }
        if (i % 50 == 0) {
            snprintf(name, sizeof name, "row %d", i);
            in.name = name;
            in.description = "seen in a phishing wave";
        }
        if (i % 100 == 1) {
            in.threats.items = threats;
            in.threats.n = 1;
        }
        if (i % 4 == 0) {
            in.tags.items = tags;
            in.tags.n = 2;
            in.labels.items = labels;
            in.labels.n = 1;
        }
        in.confidence = i % 101;
        assert_int_equal(ksz_store_put_indicator(st, &in, &res, &err), KSZ_OK);
        added += res == KSZ_PUT_ADDED;
        if (i == 400 || i == 701) {
            /* a later version of an earlier put of this transaction */
            in.modified = NOW + i;
            in.confidence = 7;
            assert_int_equal(ksz_store_put_indicator(st, &in, &res, &err), KSZ_OK);
            assert_int_equal(res, KSZ_PUT_UPDATED);
        }
        if (i == 333 || i == 899)
            assert_int_equal(count_indicators(st), 20 + added);
    }
    if (one_tx)
        assert_int_equal(ksz_store_commit(st, &err), KSZ_OK);
}

static void puts_in_one_transaction_store_what_puts_one_at_a_time_do(void **state)
{
    char dir[] = "/tmp/ksz-rows-XXXXXX", path[2][64];
    struct ksz_buf dump[2];
    (void)state;

    assert_non_null(mkdtemp(dir));
    for (int k = 0; k < 2; k++) {
        struct ksz_store *st = NULL;
        snprintf(path[k], sizeof path[k], "%s/%s.db", dir, k == 0 ? "many" : "one");
        assert_int_equal(ksz_store_open(path[k], &st, NULL), KSZ_OK);
        ksz_store_set_now(st, NOW);
        put_mix(st, k == 0);
        ksz_store_close(st);
        dump_tables(path[k], &dump[k]);
    }
    assert_true(dump[0].len > 100000);
    assert_int_equal(dump[0].len, dump[1].len);
    assert_memory_equal(dump[0].data, dump[1].data, dump[0].len);
    for (int k = 0; k < 2; k++) {
        char p[160];
        ksz_buf_cleanup(&dump[k]);
        unlink(path[k]);
        snprintf(p, sizeof p, "%s-wal", path[k]);
        unlink(p);
        snprintf(p, sizeof p, "%s-shm", path[k]);
        unlink(p);
    }
    rmdir(dir);
}

/* Rows waiting in a transaction that fails, at any allocation: a clean
 * error, nothing kept, nothing leaked. */
static void waiting_rows_survive_allocation_failures(void **state)
{
    ksz_rc rc = KSZ_ERR_NOMEM;
    (void)state;

    for (long i = 0, n = 0; rc != KSZ_OK; i++, n += i < 300 ? 1 : 211) {
        struct ksz_store *st = open_mem();
        struct ksz_error err = {0};

        rc = ksz_store_begin(st, &err);
        assert_int_equal(rc, KSZ_OK);
        ksz__alloc_fail_after(n);
        for (int k = 0; k < 300 && rc == KSZ_OK; k++) {
            char v[32];
            struct ksz_indicator in;
            snprintf(v, sizeof v, "198.51.100.%d", k % 200);
            ind_init(&in, KSZ_IOC_IPV4, v);
            in.source = k < 200 ? "a" : "b";
            in.description = k % 30 == 0 ? "described" : NULL;
            rc = ksz_store_put_indicator(st, &in, NULL, &err);
        }
        if (rc == KSZ_OK)
            rc = ksz_store_commit(st, &err);
        else
            ksz_store_rollback(st);
        ksz__alloc_fail_after(-1);
        assert_true(rc == KSZ_OK || rc == KSZ_ERR_NOMEM || rc == KSZ_ERR_DB);
        assert_int_equal(count_indicators(st), rc == KSZ_OK ? 300 : 0);
        ksz_store_close(st);
    }
}

/* A caller that goes on after a failed put and commits: what it commits is
 * every put that succeeded, never fewer (rows lost in a failed write-out
 * make the commit fail instead). */
static void a_commit_never_drops_rows_silently(void **state)
{
    (void)state;
    for (long n = 1; n < 400; n += 3) {
        struct ksz_store *st = open_mem();
        struct ksz_error err = {0};
        int ok = 0;
        ksz_rc rc;

        assert_int_equal(ksz_store_begin(st, &err), KSZ_OK);
        for (int k = 0; k < 2 * KSZ__ROWS_BATCH + 5; k++) {
            char v[32];
            struct ksz_indicator in;
            snprintf(v, sizeof v, "203.0.113.%d", k % 250);
            ind_init(&in, KSZ_IOC_IPV4, v);
            in.source = k < 250 ? "a" : "b";
            if (k == KSZ__ROWS_BATCH - 1) /* the put that writes the first 128 */
                ksz__alloc_fail_after(n);
            rc = ksz_store_put_indicator(st, &in, NULL, &err);
            ksz__alloc_fail_after(-1);
            ok += rc == KSZ_OK;
        }
        rc = ksz_store_commit(st, &err);
        assert_int_equal(count_indicators(st), rc == KSZ_OK ? ok : 0);
        ksz_store_close(st);
    }
}

/* ---- a store made at schema version 2 (STIX ids under a UNIQUE index) --- */

struct by_id {
    int n;
    char value[64];
    int64_t sightings;
};

static int by_id_cb(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                    void *user)
{
    struct by_id *b = user;
    b->n++;
    snprintf(b->value, sizeof b->value, "%s", ind->value);
    b->sightings = state->sightings;
    return 0;
}

static struct by_id find_id(struct ksz_store *st, const char *stix_id)
{
    struct ksz_filter f;
    struct ksz_error err = {0};
    struct by_id b = {0};

    ksz_filter_init(&f);
    f.active_only = false;
    f.tlp_max = KSZ_TLP_RED;
    f.allow_red = true;
    f.include_warned = true;
    f.stix_id = stix_id;
    assert_int_equal(ksz_store_each_indicator(st, &f, by_id_cb, &b, &err), KSZ_OK);
    return b;
}

static void v2_store_migrates_and_finds_indicators_by_stix_id(void **state)
{
    static const char explicit_id[] = "indicator--6b1f3c2e-8f0a-4c1e-9d7a-2b5e4f3a1c90";
    char dir[] = "/tmp/ksz-v2-XXXXXX", v2[512], v3[512], sql[1200];
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    struct ksz_indicator a, b;
    struct ksz_sighting si = {0};
    ksz_put_result res;
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    char derived[80];

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(v3, sizeof v3, "%s/now.db", dir);
    snprintf(v2, sizeof v2, "%s/v2.db", dir);
    /* the rows, as this version writes them: one derived id, one explicit */
    assert_int_equal(ksz_store_open(v3, &st, &err), KSZ_OK);
    ind_init(&a, KSZ_IOC_DOMAIN, "derived.example.net");
    ind_init(&b, KSZ_IOC_IPV4, "198.51.100.7");
    b.stix_id = explicit_id;
    assert_int_equal(ksz_store_put_indicator(st, &a, &res, &err), KSZ_OK);
    assert_int_equal(ksz_store_put_indicator(st, &b, &res, &err), KSZ_OK);
    ksz_store_close(st);
    st = NULL;
    /* an empty store at version 2, filled with those rows */
    ksz__store_schema_limit = 2;
    assert_int_equal(ksz_store_open(v2, &st, &err), KSZ_OK);
    ksz_store_close(st);
    st = NULL;
    ksz__store_schema_limit = 0;
    assert_int_equal(sqlite3_open(v2, &db), SQLITE_OK);
    snprintf(sql, sizeof sql,
             "ATTACH '%s' AS n; BEGIN;"
             " INSERT INTO sources SELECT * FROM n.sources;"
             " INSERT INTO observables SELECT * FROM n.observables;"
             " INSERT INTO indicators SELECT * FROM n.indicators;"
             " INSERT INTO history(indicator_id, at, event) SELECT id, 1, 'kept' FROM indicators;"
             " COMMIT; DETACH n;",
             v3);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT stix_id FROM indicators WHERE stix_id != ?1"
                                        " AND (SELECT max(version) FROM schema_version) = 2",
                                        -1, &s, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(s, 1, explicit_id, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    snprintf(derived, sizeof derived, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    db = NULL;

    /* opening migrates; both ids are found, re-puts find their rows */
    assert_int_equal(ksz_store_open(v2, &st, &err), KSZ_OK);
    assert_int_equal(find_id(st, derived).n, 1);
    assert_string_equal(find_id(st, derived).value, "derived.example.net");
    assert_int_equal(find_id(st, explicit_id).n, 1);
    assert_string_equal(find_id(st, explicit_id).value, "198.51.100.7");
    assert_int_equal(find_id(st, "indicator--00000000-0000-4000-8000-000000000000").n, 0);
    assert_int_equal(ksz_store_put_indicator(st, &a, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_UNCHANGED);
    b.confidence = 90;
    assert_int_equal(ksz_store_put_indicator(st, &b, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_UPDATED);
    si.sighting_of = explicit_id;
    si.where = "sensor-1";
    si.first_seen = si.last_seen = 1700000000;
    si.count = 3;
    si.kind = KSZ_SIGHTING_HIT;
    assert_int_equal(ksz_store_put_sighting(st, &si, &res, &err), KSZ_OK);
    assert_int_equal(find_id(st, explicit_id).sightings, 3);
    ksz_store_close(st);
    st = NULL;

    assert_int_equal(sqlite3_open(v2, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT (SELECT max(version) FROM schema_version),"
                                        " (SELECT count(*) FROM indicators),"
                                        " (SELECT count(*) FROM indicator_ids),"
                                        " (SELECT count(*) FROM history WHERE event = 'kept')",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 3);
    assert_int_equal(sqlite3_column_int(s, 1), 2);
    assert_int_equal(sqlite3_column_int(s, 2), 2);
    assert_int_equal(sqlite3_column_int(s, 3), 2); /* the rebuild kept history */
    sqlite3_finalize(s);
    sqlite3_close(db);
    unlink(v3);
    unlink(v2);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opens_an_empty_file_migrates_and_reopens),
        cmocka_unit_test(v2_store_migrates_and_finds_indicators_by_stix_id),
        cmocka_unit_test(same_content_is_unchanged_newer_is_updated_older_is_ignored),
        cmocka_unit_test(context_comes_from_record_then_source_then_builtin),
        cmocka_unit_test(threats_by_name_and_by_relationship_in_any_order),
        cmocka_unit_test(rollback_leaves_the_store_unchanged),
        cmocka_unit_test(put_survives_every_allocation_failure),
        cmocka_unit_test(puts_in_one_transaction_store_what_puts_one_at_a_time_do),
        cmocka_unit_test(waiting_rows_survive_allocation_failures),
        cmocka_unit_test(a_commit_never_drops_rows_silently),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
