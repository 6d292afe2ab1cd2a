/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ids.c - finding indicators by STIX id: the indicator_ids table.
 *
 * An indicator's STIX id is a UUID (v5 when derived from source, type and
 * value), so in insertion order the ids are random: a unique index on the
 * text took each new indicator into a random leaf of a large B-tree, about
 * 40% of a bulk import's CPU (bench/RESULTS.md, store). indicator_ids keys
 * each indicator by a 64-bit hash of its id instead (several ids may share
 * a hash: a lookup confirms the text), and a transaction's new keys wait
 * here, in memory, to be written in key order at commit, or earlier when a
 * statement is about to read the table. Uniqueness of the ids is the put
 * path's: it looks an id up before inserting (indicator.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "store/store_int.h"

#define IDS_PENDING_MAX (1u << 20) /* 16 MiB of keys, then written */
#define KSZ__IDS_BATCH 256         /* keys an INSERT */

int64_t ksz__store_id_hash(const char *stix_id)
{
    return (int64_t)ksz__hash_str(KSZ__HASH_INIT, stix_id);
}

static void sql_id_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const unsigned char *t = sqlite3_value_text(argv[0]);
    (void)argc;
    if (t == NULL)
        sqlite3_result_null(ctx);
    else
        sqlite3_result_int64(ctx, ksz__store_id_hash((const char *)t));
}

int ksz__store_ids_register(sqlite3 *db)
{
    return sqlite3_create_function(db, "ksz_id_hash", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                   sql_id_hash, NULL, NULL);
}

/* the pending hashes as an open-addressing set; 0 marks an empty slot, so
 * a hash of 0 is kept as 1 there (a false "maybe" costs one write-out) */
static uint64_t set_key(int64_t h)
{
    return h != 0 ? (uint64_t)h : 1;
}

static void set_put(struct store_ids *x, int64_t h)
{
    uint64_t k = set_key(h);
    size_t m = x->set_cap - 1, j = (size_t)(k ^ (k >> 29)) & m;

    while (x->set[j] != 0 && x->set[j] != k)
        j = (j + 1) & m;
    x->set[j] = k;
}

bool ksz__store_ids_pending(const struct ksz_store *st, int64_t h)
{
    const struct store_ids *x = &st->ids;
    uint64_t k = set_key(h);
    size_t m, j;

    if (x->n == 0)
        return false;
    m = x->set_cap - 1;
    j = (size_t)(k ^ (k >> 29)) & m;
    while (x->set[j] != 0) {
        if (x->set[j] == k)
            return true;
        j = (j + 1) & m;
    }
    return false;
}

/* The set is probed at random, a cache and TLB miss each time once it
 * outgrows the caches (16 MB at 1M waiting keys): on 2 MB pages, where
 * the kernel offers them, the walk of the page tables is saved. */
static void huge_pages(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1), e = ((uintptr_t)p + len) & ~(huge - 1);
    if (e > a)
        (void)madvise((void *)a, e - a, MADV_HUGEPAGE); /* a hint: errors are moot */
#else
    (void)p;
    (void)len;
#endif
}

void ksz__store_ids_prefetch(const struct ksz_store *st, int64_t h)
{
    const struct store_ids *x = &st->ids;
    uint64_t k = set_key(h);

    if (x->n > 0)
        __builtin_prefetch(&x->set[(size_t)(k ^ (k >> 29)) & (x->set_cap - 1)]);
}

/* Sort the waiting keys by (h, id), as the table's key has them (signed
 * h). A radix sort, a byte at a time from the lowest: stable, so keys of
 * equal h keep their order, which is id order (ids are added increasing;
 * were they not, the write-out would only be slower). tmp holds n keys. */
static void sort_keys(struct store_id_key *v, struct store_id_key *tmp, size_t n)
{
    struct store_id_key *from = v, *to = tmp;

    for (int shift = 0; shift < 64; shift += 8) {
        size_t count[256] = {0}, at = 0;
        for (size_t i = 0; i < n; i++)
            count[(((uint64_t)from[i].h ^ (1ULL << 63)) >> shift) & 0xff]++;
        if (count[(((uint64_t)from[0].h ^ (1ULL << 63)) >> shift) & 0xff] == n)
            continue; /* every key has the same byte here */
        for (size_t b = 0; b < 256; b++) {
            size_t c = count[b];
            count[b] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++)
            to[count[(((uint64_t)from[i].h ^ (1ULL << 63)) >> shift) & 0xff]++] = from[i];
        struct store_id_key *t = from;
        from = to;
        to = t;
    }
    if (from != v)
        memcpy(v, from, n * sizeof v[0]);
}

void ksz__store_ids_clear(struct ksz_store *st)
{
    struct store_ids *x = &st->ids;
    if (x->n > 0 && x->set != NULL)
        memset(x->set, 0, x->set_cap * sizeof x->set[0]);
    x->n = 0;
    x->table = -1;
}

void ksz__store_ids_cleanup(struct ksz_store *st)
{
    sqlite3_finalize(st->ids.many);
    sqlite3_finalize(st->ids.one);
    ksz__free(st->ids.v);
    ksz__free(st->ids.set);
    memset(&st->ids, 0, sizeof st->ids);
}

static ksz_rc write_keys(struct ksz_store *st, sqlite3_stmt *s, const struct store_id_key *v,
                         size_t n, struct ksz_error *err)
{
    int step;

    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_int64(s, (int)(2 * i + 1), v[i].h);
        sqlite3_bind_int64(s, (int)(2 * i + 2), v[i].id);
    }
    step = sqlite3_step(s);
    sqlite3_reset(s);
    if (step != SQLITE_DONE)
        return ksz__store_db_error(st, err, "indexing STIX ids");
    return KSZ_OK;
}

ksz_rc ksz__store_ids_flush(struct ksz_store *st, struct ksz_error *err)
{
    static const char head[] = "INSERT INTO indicator_ids(h, id) VALUES";
    /* ON CONFLICT: a write-out that failed half way may be retried */
    static const char tail[] = " ON CONFLICT DO NOTHING";
    struct store_ids *x = &st->ids;
    struct store_id_key *tmp;
    size_t i = 0;
    ksz_rc rc;

    /* the rows first: a key never names a row that is not there */
    rc = ksz__store_rows_flush(st, err);
    if (rc != KSZ_OK || x->n == 0)
        return rc;
    tmp = ksz__malloc(x->n * sizeof tmp[0]);
    if (tmp == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
    sort_keys(x->v, tmp, x->n);
    ksz__free(tmp);
    if (x->n >= KSZ__IDS_BATCH && x->many == NULL)
        rc = ksz__store_prepare_rows(st, head, 2, KSZ__IDS_BATCH, tail, &x->many, err);
    for (; rc == KSZ_OK && x->n - i >= KSZ__IDS_BATCH; i += KSZ__IDS_BATCH)
        rc = write_keys(st, x->many, x->v + i, KSZ__IDS_BATCH, err);
    if (rc == KSZ_OK && i < x->n && x->one == NULL)
        rc = ksz__store_prepare_rows(st, head, 2, 1, tail, &x->one, err);
    for (; rc == KSZ_OK && i < x->n; i++)
        rc = write_keys(st, x->one, x->v + i, 1, err);
    if (rc == KSZ_OK) {
        memset(x->set, 0, x->set_cap * sizeof x->set[0]);
        x->n = 0;
        x->table = 1;
    }
    return rc;
}

ksz_rc ksz__store_ids_add(struct ksz_store *st, int64_t h, int64_t id, struct ksz_error *err)
{
    struct store_ids *x = &st->ids;

    if (x->n == x->cap) {
        size_t cap = x->cap != 0 ? x->cap * 2 : 4096;
        struct store_id_key *v = ksz__realloc(x->v, cap * sizeof *v);
        if (v == NULL)
            return ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
        x->v = v;
        x->cap = cap;
    }
    if ((x->n + 1) * 2 > x->set_cap) {
        size_t cap = x->set_cap != 0 ? x->set_cap * 2 : 8192;
        uint64_t *set = ksz__calloc(cap, sizeof *set);
        if (set == NULL)
            return ksz_error_set(err, KSZ_ERR_NOMEM, "store: out of memory");
        huge_pages(set, cap * sizeof *set);
        ksz__free(x->set);
        x->set = set;
        x->set_cap = cap;
        for (size_t i = 0; i < x->n; i++)
            set_put(x, x->v[i].h);
    }
    x->v[x->n].h = h;
    x->v[x->n].id = id;
    x->n++;
    set_put(x, h);
    if (x->n >= IDS_PENDING_MAX)
        return ksz__store_ids_flush(st, err);
    return KSZ_OK;
}

ksz_rc ksz__store_ids_sync(struct ksz_store *st, const char *stix_id, struct ksz_error *err)
{
    if (stix_id == NULL || !ksz__store_ids_pending(st, ksz__store_id_hash(stix_id)))
        return KSZ_OK;
    return ksz__store_ids_flush(st, err);
}

ksz_rc ksz__store_ids_may_exist(struct ksz_store *st, int64_t h, bool *maybe, struct ksz_error *err)
{
    struct store_ids *x = &st->ids;

    if (ksz__store_ids_pending(st, h)) {
        *maybe = true;
        return ksz__store_ids_flush(st, err);
    }
    if (x->table < 0) {
        sqlite3_stmt *s = NULL;
        ksz_rc rc =
            ksz__store_prepare_cached(st, "SELECT EXISTS(SELECT 1 FROM indicator_ids)", &s, err);
        if (rc != KSZ_OK)
            return rc;
        if (sqlite3_step(s) == SQLITE_ROW)
            x->table = sqlite3_column_int(s, 0);
        else
            rc = ksz__store_db_error(st, err, "reading STIX ids");
        ksz__store_release(st, s);
        if (rc != KSZ_OK)
            return rc;
    }
    *maybe = x->table != 0;
    return KSZ_OK;
}
