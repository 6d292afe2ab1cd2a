/* SPDX-License-Identifier: Apache-2.0 */
/*
 * writer.c - compile indicator records into a snapshot file.
 *
 * Records are collected as they come (strings interned into one arena,
 * contexts - source, report, threats - interned too, since thousands of
 * indicators share one), then sorted by (type, prefix, key) so that every
 * claim on one key forms a contiguous run that a table slot can point at.
 * The sort's last key is the arrival order, so the same input gives the
 * same bytes. An add reserves everything it needs before it changes
 * anything, so a failed add leaves the writer as it was.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kizashi/outfile.h"
#include "snapshot/snap_int.h"

#define STR_FIELD_MAX (1u << 20)
#define THREATS_MAX 4096u

struct wrec {
    int64_t from, until;
    uint64_t h;
    uint32_t value_off, value_len;
    uint32_t stix_off, stix_len;
    uint32_t key_off;
    uint32_t ctx;
    uint32_t seq;
    uint16_t usage;
    uint8_t type, tlp, conf, score, prefix, key_len;
};

struct wstr {
    uint64_t h;
    uint32_t off, len;
};

struct wctx {
    uint64_t h;
    uint32_t src, rep;       /* string indexes + 1, 0 = none */
    uint32_t first, n;       /* in thr[] (string indexes) */
};

struct ksz_snapshot_writer {
    int64_t build_time;
    struct wrec *recs;
    size_t nrec, caprec;
    uint8_t *keys;
    size_t nkeys, capkeys;
    char *arena;
    size_t narena, caparena;
    struct wstr *strs;
    size_t nstr, capstr;
    uint32_t *strset;        /* string index + 1; power-of-two size */
    size_t strset_size;
    struct wctx *ctxs;
    size_t nctx, capctx;
    uint32_t *ctxset;
    size_t ctxset_size;
    uint32_t *thr;           /* threat lists: string indexes */
    size_t nthr, capthr;
};

static ksz_rc grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t ncap;
    void *np;

    if (need <= *cap)
        return KSZ_OK;
    ncap = *cap ? *cap : 64;
    while (ncap < need)
        ncap *= 2;
    np = ksz__realloc(*p, ncap * elem);
    if (np == NULL)
        return KSZ_ERR_NOMEM;
    *p = np;
    *cap = ncap;
    return KSZ_OK;
}

ksz_rc ksz_snapshot_writer_new(struct ksz_snapshot_writer **out, struct ksz_error *err)
{
    struct ksz_snapshot_writer *w;

    assert(out != NULL);
    *out = NULL;
    w = ksz__calloc(1, sizeof *w);
    if (w == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "snapshot: out of memory");
    w->build_time = (int64_t)time(NULL);
    /* The arena opens with "": absent strings point at offset 0. */
    w->arena = ksz__malloc(64);
    if (w->arena == NULL) {
        ksz__free(w);
        return ksz_error_set(err, KSZ_ERR_NOMEM, "snapshot: out of memory");
    }
    w->caparena = 64;
    w->arena[0] = '\0';
    w->narena = 1;
    *out = w;
    return KSZ_OK;
}

void ksz_snapshot_writer_free(struct ksz_snapshot_writer *w)
{
    if (w == NULL)
        return;
    ksz__free(w->recs);
    ksz__free(w->keys);
    ksz__free(w->arena);
    ksz__free(w->strs);
    ksz__free(w->strset);
    ksz__free(w->ctxs);
    ksz__free(w->ctxset);
    ksz__free(w->thr);
    ksz__free(w);
}

void ksz_snapshot_writer_set_time(struct ksz_snapshot_writer *w, int64_t build_time)
{
    w->build_time = build_time;
}

size_t ksz_snapshot_writer_count(const struct ksz_snapshot_writer *w)
{
    return w->nrec;
}

/* ---- interning ---------------------------------------------------------- */

/* Make the open-addressing set hold `want` entries at load <= 1/2. */
static ksz_rc set_reserve(uint32_t **set, size_t *size, size_t want, const void *items,
                          size_t item_size)
{
    size_t nsize = *size ? *size : 256;
    uint32_t *ns;

    if (want * 2 <= *size)
        return KSZ_OK;
    while (want * 2 > nsize)
        nsize *= 2;
    ns = ksz__calloc(nsize, sizeof *ns);
    if (ns == NULL)
        return KSZ_ERR_NOMEM;
    for (size_t i = 0; i < *size; i++) {
        uint32_t v = (*set)[i];
        uint64_t h;
        size_t pos;
        if (v == 0)
            continue;
        memcpy(&h, (const uint8_t *)items + (size_t)(v - 1) * item_size, sizeof h);
        pos = (size_t)h & (nsize - 1);
        while (ns[pos] != 0)
            pos = (pos + 1) & (nsize - 1);
        ns[pos] = v;
    }
    ksz__free(*set);
    *set = ns;
    *size = nsize;
    return KSZ_OK;
}

/* Intern s[0..n) (room was reserved); returns its string index. */
static uint32_t intern(struct ksz_snapshot_writer *w, const char *s, size_t n)
{
    uint64_t h = snap_hash(s, n);
    size_t pos = (size_t)h & (w->strset_size - 1);
    struct wstr *e;

    for (;;) {
        uint32_t v = w->strset[pos];
        if (v == 0)
            break;
        e = &w->strs[v - 1];
        if (e->h == h && e->len == n && memcmp(w->arena + e->off, s, n) == 0)
            return v - 1;
        pos = (pos + 1) & (w->strset_size - 1);
    }
    e = &w->strs[w->nstr];
    e->h = h;
    e->off = (uint32_t)w->narena;
    e->len = (uint32_t)n;
    if (n > 0)
        memcpy(w->arena + w->narena, s, n);
    w->arena[w->narena + n] = '\0';
    w->narena += n + 1;
    w->strset[pos] = (uint32_t)(++w->nstr);
    return (uint32_t)(w->nstr - 1);
}

static uint32_t intern_ctx(struct ksz_snapshot_writer *w, uint32_t src, uint32_t rep,
                           const uint32_t *thr, uint32_t n)
{
    uint32_t words[3] = {src, rep, n};
    uint64_t h = snap_hash(words, sizeof words) ^ snap_hash(thr, (size_t)n * 4);
    size_t pos = (size_t)h & (w->ctxset_size - 1);
    struct wctx *c;

    for (;;) {
        uint32_t v = w->ctxset[pos];
        if (v == 0)
            break;
        c = &w->ctxs[v - 1];
        if (c->h == h && c->src == src && c->rep == rep && c->n == n &&
            (n == 0 || memcmp(w->thr + c->first, thr, (size_t)n * 4) == 0))
            return v - 1;
        pos = (pos + 1) & (w->ctxset_size - 1);
    }
    c = &w->ctxs[w->nctx];
    c->h = h;
    c->src = src;
    c->rep = rep;
    c->first = (uint32_t)w->nthr;
    c->n = n;
    if (n > 0)
        memcpy(w->thr + w->nthr, thr, (size_t)n * 4);
    w->nthr += n;
    w->ctxset[pos] = (uint32_t)(++w->nctx);
    return (uint32_t)(w->nctx - 1);
}

/* ---- parsing a value into its table key --------------------------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static ksz_rc parse_key(ksz_ioc_type t, const char *v, size_t n, uint8_t key[64],
                        uint8_t *prefix, struct ksz_error *err)
{
    struct ksz_error perr;
    uint32_t a4;
    unsigned p;
    ksz_rc rc = KSZ_OK;

    *prefix = 0;
    switch (t) {
    case KSZ_IOC_IPV4:
        rc = ksz_ipv4_parse(v, n, &a4, &perr);
        if (rc == KSZ_OK)
            snap_wr32(key, a4);
        break;
    case KSZ_IOC_IPV6:
        rc = ksz_ipv6_parse(v, n, key, &perr);
        break;
    case KSZ_IOC_CIDR4:
        rc = ksz_cidr4_parse(v, n, &a4, &p, &perr);
        if (rc == KSZ_OK) {
            a4 = p == 0 ? 0 : a4 & (0xffffffffu << (32 - p));
            snap_wr32(key, a4);
            *prefix = (uint8_t)p;
        }
        break;
    case KSZ_IOC_CIDR6:
        rc = ksz_cidr6_parse(v, n, key, &p, &perr);
        if (rc == KSZ_OK) {
            for (unsigned i = 0; i < 16; i++) {
                unsigned keep = p > i * 8 ? (p - i * 8 >= 8 ? 8 : p - i * 8) : 0;
                key[i] &= (uint8_t)(0xff00u >> keep);
            }
            *prefix = (uint8_t)p;
        }
        break;
    case KSZ_IOC_MD5:
    case KSZ_IOC_SHA1:
    case KSZ_IOC_SHA256:
    case KSZ_IOC_SHA512:
        if (n != 2 * snap_key_size(t))
            return ksz_error_set(err, KSZ_ERR_PARSE, "snapshot: %s value has %zu digits, not %u",
                                 ksz_ioc_type_name(t), n, 2 * snap_key_size(t));
        for (size_t i = 0; i < n; i += 2) {
            int hi = hexval(v[i]), lo = hexval(v[i + 1]);
            if (hi < 0 || lo < 0)
                return ksz_error_set(err, KSZ_ERR_PARSE,
                                     "snapshot: %s value: not hex at offset %zu",
                                     ksz_ioc_type_name(t), hi < 0 ? i : i + 1);
            key[i / 2] = (uint8_t)(hi << 4 | lo);
        }
        return KSZ_OK;
    default:
        if (n == 0)
            return ksz_error_set(err, KSZ_ERR_PARSE, "snapshot: empty %s value",
                                 ksz_ioc_type_name(t));
        return KSZ_OK;
    }
    if (rc != KSZ_OK) {
        char q[80];
        return ksz_error_set(err, KSZ_ERR_PARSE, "snapshot: bad %s value \"%s\": %s",
                             ksz_ioc_type_name(t), ksz_error_quote(v, n, q, sizeof q), perr.msg);
    }
    return KSZ_OK;
}

static size_t opt_len(const char *s)
{
    return s ? strlen(s) : 0;
}

ksz_rc ksz_snapshot_writer_add(struct ksz_snapshot_writer *w, const struct ksz_indicator *ind,
                               double score, bool *added, struct ksz_error *err)
{
    uint8_t key[64];
    uint8_t prefix;
    unsigned ks;
    size_t vlen, slen, srclen, replen, need_arena, nthreats;
    uint32_t thr_idx[THREATS_MAX];
    struct wrec *r;
    ksz_rc rc;

    assert(w != NULL && ind != NULL);
    if (added != NULL)
        *added = false;
    ks = snap_key_size(ind->type);
    if (ks == 0 || ind->type > KSZ_IOC_SHA512)
        return KSZ_OK;
    if (ind->value == NULL)
        return ksz_error_set(err, KSZ_ERR_INVALID, "snapshot: indicator without a value");
    vlen = strlen(ind->value);
    slen = opt_len(ind->stix_id);
    srclen = opt_len(ind->source);
    replen = opt_len(ind->report);
    nthreats = ind->threats.n;
    if (vlen > KSZ_IOC_VALUE_MAX || slen > KSZ_IOC_VALUE_MAX || srclen > STR_FIELD_MAX ||
        replen > STR_FIELD_MAX || nthreats > THREATS_MAX)
        return ksz_error_set(err, KSZ_ERR_LIMIT,
                             "snapshot: a string or list of indicator \"%.64s\" is too long",
                             ind->value);
    rc = parse_key(ind->type, ind->value, vlen, key, &prefix, err);
    if (rc != KSZ_OK)
        return rc;
    if (w->nrec >= SNAP_MAX_RECORDS)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "snapshot: more than %u records",
                             SNAP_MAX_RECORDS);
    need_arena = vlen + slen + srclen + replen + 4;
    for (size_t i = 0; i < nthreats; i++) {
        size_t tl = opt_len(ind->threats.items[i]);
        if (tl > STR_FIELD_MAX)
            return ksz_error_set(err, KSZ_ERR_LIMIT, "snapshot: threat name too long");
        need_arena += tl + 1;
    }
    if (w->narena + need_arena > SNAP_ARENA_MAX)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "snapshot: more than 4 GiB of strings");
    /* Reserve everything first: after this point nothing can fail. */
    if (grow((void **)&w->recs, &w->caprec, w->nrec + 1, sizeof *w->recs) != KSZ_OK ||
        grow((void **)&w->keys, &w->capkeys, w->nkeys + 64, 1) != KSZ_OK ||
        grow((void **)&w->arena, &w->caparena, w->narena + need_arena, 1) != KSZ_OK ||
        grow((void **)&w->strs, &w->capstr, w->nstr + 4 + nthreats, sizeof *w->strs) != KSZ_OK ||
        set_reserve(&w->strset, &w->strset_size, w->nstr + 4 + nthreats, w->strs,
                    sizeof *w->strs) != KSZ_OK ||
        grow((void **)&w->ctxs, &w->capctx, w->nctx + 1, sizeof *w->ctxs) != KSZ_OK ||
        set_reserve(&w->ctxset, &w->ctxset_size, w->nctx + 1, w->ctxs, sizeof *w->ctxs) !=
            KSZ_OK ||
        grow((void **)&w->thr, &w->capthr, w->nthr + nthreats + 1, sizeof *w->thr) != KSZ_OK)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "snapshot: out of memory");

    r = &w->recs[w->nrec];
    memset(r, 0, sizeof *r);
    r->type = (uint8_t)ind->type;
    r->prefix = prefix;
    r->from = ind->valid_from;
    r->until = ind->valid_until;
    r->usage = (uint16_t)ind->usage;
    r->tlp = (uint8_t)ind->tlp;
    r->conf = (ind->confidence < 0 || ind->confidence > 100) ? 255 : (uint8_t)ind->confidence;
    r->score = score < 0 ? 255 : score >= 100 ? 100 : (uint8_t)(score + 0.5);
    r->seq = (uint32_t)w->nrec;
    {
        uint32_t vi = intern(w, ind->value, vlen);
        r->value_off = w->strs[vi].off;
        r->value_len = (uint32_t)vlen;
    }
    if (slen > 0) {
        uint32_t si = intern(w, ind->stix_id, slen);
        r->stix_off = w->strs[si].off;
        r->stix_len = (uint32_t)slen;
    } else {
        r->stix_off = 0;
        r->stix_len = 0;
    }
    for (size_t i = 0; i < nthreats; i++) {
        const char *tn = ind->threats.items[i] ? ind->threats.items[i] : "";
        thr_idx[i] = intern(w, tn, strlen(tn));
    }
    {
        uint32_t src = srclen ? intern(w, ind->source, srclen) + 1 : 0;
        uint32_t rep = replen ? intern(w, ind->report, replen) + 1 : 0;
        r->ctx = intern_ctx(w, src, rep, thr_idx, (uint32_t)nthreats);
    }
    if (snap_is_string_type(ind->type)) {
        r->h = snap_hash(ind->value, vlen);
        r->key_len = 0;
    } else {
        r->key_off = (uint32_t)w->nkeys;
        r->key_len = (uint8_t)ks;
        memcpy(w->keys + w->nkeys, key, ks);
        w->nkeys += ks;
        r->h = snap_hash(key, ks);
    }
    w->nrec++;
    if (added != NULL)
        *added = true;
    return KSZ_OK;
}

/* ---- building ------------------------------------------------------------ */

static int cmp_rec(const void *a, const void *b, void *arg)
{
    const struct ksz_snapshot_writer *w = arg;
    const struct wrec *x = &w->recs[*(const uint32_t *)a];
    const struct wrec *y = &w->recs[*(const uint32_t *)b];
    int c;

    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    if (x->prefix != y->prefix)
        return x->prefix < y->prefix ? -1 : 1;
    if (snap_is_string_type(x->type)) {
        size_t n = x->value_len < y->value_len ? x->value_len : y->value_len;
        if (x->h != y->h)
            return x->h < y->h ? -1 : 1;
        c = memcmp(w->arena + x->value_off, w->arena + y->value_off, n);
        if (c == 0 && x->value_len != y->value_len)
            c = x->value_len < y->value_len ? -1 : 1;
    } else {
        c = memcmp(w->keys + x->key_off, w->keys + y->key_off, x->key_len);
    }
    if (c != 0)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool same_key(const struct ksz_snapshot_writer *w, const struct wrec *x,
                     const struct wrec *y)
{
    if (x->type != y->type || x->prefix != y->prefix || x->h != y->h)
        return false;
    if (snap_is_string_type(x->type))
        return x->value_len == y->value_len &&
               memcmp(w->arena + x->value_off, w->arena + y->value_off, x->value_len) == 0;
    return memcmp(w->keys + x->key_off, w->keys + y->key_off, x->key_len) == 0;
}

struct run {
    uint32_t first, n;
};

/* One table to emit: records of one type (and prefix) as runs. */
struct tdesc {
    uint8_t type, prefix;
    size_t run0, nruns;
    uint64_t nslots;
    uint64_t off;            /* table section */
    uint64_t bloom_nblocks;  /* 0: none */
    uint64_t bloom_off;
    uint32_t max_probe;
};

struct section {
    uint32_t kind;
    uint8_t type, prefix;
    uint64_t off, len, count;
    uint32_t aux1, aux2;
};

static uint64_t pow2_at_least(uint64_t n)
{
    uint64_t p = 1;
    while (p < n)
        p <<= 1;
    return p;
}

static uint64_t align_up(uint64_t v)
{
    return (v + SNAP_ALIGN - 1) & ~(uint64_t)(SNAP_ALIGN - 1);
}

uint64_t ksz__snap_checksum(const uint8_t *p, size_t n)
{
    return snap_hash(p, n);
}

static void fill_table(const struct ksz_snapshot_writer *w, const uint32_t *order,
                       const struct run *runs, struct tdesc *td, uint8_t *file)
{
    uint8_t *slots = file + td->off;
    unsigned ks = snap_key_size((ksz_ioc_type)td->type);
    unsigned ss = ks + 8;
    uint64_t mask = td->nslots - 1;

    td->max_probe = 0;
    for (size_t i = 0; i < td->nruns; i++) {
        const struct run *rn = &runs[td->run0 + i];
        const struct wrec *r = &w->recs[order[rn->first]];
        uint64_t pos = r->h & mask;
        uint32_t dist = 0;
        uint8_t *s;

        while (snap_rd32(slots + pos * ss + ks + 4) != 0) {
            pos = (pos + 1) & mask;
            dist++;
        }
        if (dist > td->max_probe)
            td->max_probe = dist;
        s = slots + pos * ss;
        if (snap_is_string_type((ksz_ioc_type)r->type))
            snap_wr64(s, r->h);
        else
            memcpy(s, w->keys + r->key_off, ks);
        snap_wr32(s + ks, rn->first);
        snap_wr32(s + ks + 4, rn->n);
        if (td->bloom_nblocks > 0)
            snap_bloom_set(file + td->bloom_off +
                               snap_bloom_block(r->h, td->bloom_nblocks) * SNAP_BLOOM_BLOCK,
                           r->h);
    }
}

static void bitmap_set_range(uint8_t *bm, uint64_t first, uint64_t n)
{
    for (uint64_t i = first; i < first + n; i++)
        bm[i >> 3] |= (uint8_t)(1u << (i & 7));
}

static void fill_bitmap(const struct ksz_snapshot_writer *w, const uint32_t *order,
                        const struct run *runs, const struct tdesc *tds, size_t ntd,
                        ksz_ioc_type type, unsigned width, uint8_t *bm)
{
    for (size_t t = 0; t < ntd; t++) {
        if (tds[t].type != type)
            continue;
        for (size_t i = 0; i < tds[t].nruns; i++) {
            const struct wrec *r = &w->recs[order[runs[tds[t].run0 + i].first]];
            const uint8_t *k = w->keys + r->key_off;
            uint32_t idx = type == KSZ_IOC_CIDR4 ? snap_bm4_index(snap_rd32(k), width)
                                                 : snap_bm6_index(k, width);
            if (r->prefix >= width)
                bitmap_set_range(bm, idx, 1);
            else
                bitmap_set_range(bm, idx & ~((1u << (width - r->prefix)) - 1),
                                 (uint64_t)1 << (width - r->prefix));
        }
    }
}

/* The IPv4 presence bitmap: the /16s that hold an ipv4 indicator or overlap
 * a cidr4 one, so that an address of an empty /16 (most private addresses)
 * is answered by one bit of an 8 KiB, cache-resident bitmap. */
static void fill_presence4(const struct ksz_snapshot_writer *w, const uint32_t *order,
                           const struct run *runs, const struct tdesc *tds, size_t ntd,
                           uint8_t *bm)
{
    const unsigned width = SNAP_PRESENCE4_WIDTH;

    for (size_t t = 0; t < ntd; t++) {
        if (tds[t].type != KSZ_IOC_IPV4 && tds[t].type != KSZ_IOC_CIDR4)
            continue;
        for (size_t i = 0; i < tds[t].nruns; i++) {
            const struct wrec *r = &w->recs[order[runs[tds[t].run0 + i].first]];
            uint32_t idx = snap_bm4_index(snap_rd32(w->keys + r->key_off), width);
            if (tds[t].type == KSZ_IOC_IPV4 || r->prefix >= width)
                bitmap_set_range(bm, idx, 1);
            else
                bitmap_set_range(bm, idx & ~((1u << (width - r->prefix)) - 1),
                                 (uint64_t)1 << (width - r->prefix));
        }
    }
}

static void write_records(const struct ksz_snapshot_writer *w, const uint32_t *order,
                          uint8_t *out)
{
    for (size_t i = 0; i < w->nrec; i++) {
        const struct wrec *r = &w->recs[order[i]];
        uint8_t *p = out + i * SNAP_RECORD_SIZE;
        snap_wr64(p + SNAP_R_FROM, (uint64_t)r->from);
        snap_wr64(p + SNAP_R_UNTIL, (uint64_t)r->until);
        snap_wr32(p + SNAP_R_VALUE_OFF, r->value_off);
        snap_wr32(p + SNAP_R_STIX_OFF, r->stix_off);
        snap_wr32(p + SNAP_R_CTX, r->ctx);
        snap_wr16(p + SNAP_R_VALUE_LEN, (uint16_t)r->value_len);
        snap_wr16(p + SNAP_R_STIX_LEN, (uint16_t)r->stix_len);
        snap_wr16(p + SNAP_R_USAGE, r->usage);
        p[SNAP_R_TYPE] = r->type;
        p[SNAP_R_TLP] = r->tlp;
        p[SNAP_R_CONF] = r->conf;
        p[SNAP_R_SCORE] = r->score;
        snap_wr16(p + SNAP_R_FLAGS, 0);
    }
}

static void write_contexts(const struct ksz_snapshot_writer *w, uint8_t *ctx, uint8_t *thr)
{
    for (size_t i = 0; i < w->nctx; i++) {
        const struct wctx *c = &w->ctxs[i];
        uint8_t *p = ctx + i * SNAP_CTX_SIZE;
        const struct wstr *src = c->src ? &w->strs[c->src - 1] : NULL;
        const struct wstr *rep = c->rep ? &w->strs[c->rep - 1] : NULL;
        snap_wr32(p + 0, src ? src->off : 0);
        snap_wr32(p + 4, src ? src->len : 0);
        snap_wr32(p + 8, rep ? rep->off : 0);
        snap_wr32(p + 12, rep ? rep->len : 0);
        snap_wr32(p + 16, c->first);
        snap_wr32(p + 20, c->n);
    }
    for (size_t i = 0; i < w->nthr; i++) {
        const struct wstr *s = &w->strs[w->thr[i]];
        snap_wr32(thr + i * SNAP_REF_SIZE, s->off);
        snap_wr32(thr + i * SNAP_REF_SIZE + 4, s->len);
    }
}

ksz_rc ksz_snapshot_writer_build(struct ksz_snapshot_writer *w, void **data, size_t *len,
                                 struct ksz_error *err)
{
    uint32_t *order = NULL;
    struct run *runs = NULL;
    struct tdesc tds[KSZ_IOC__COUNT + 33 + 129];
    struct section secs[3 * (KSZ_IOC__COUNT + 33 + 129) + 8];
    size_t ntd = 0, nruns = 0, nsec = 0;
    uint64_t off;
    uint8_t *file = NULL;
    unsigned bm_width4 = 0, bm_width6 = 0;
    size_t bm_sec4 = 0, bm_sec6 = 0, pr_sec4 = 0;
    uint64_t ncidr4 = 0, ncidr6 = 0, nipv4 = 0;
    ksz_rc rc = KSZ_OK;

    assert(data != NULL && len != NULL);
    *data = NULL;
    order = ksz__malloc((w->nrec ? w->nrec : 1) * sizeof *order);
    runs = ksz__malloc((w->nrec ? w->nrec : 1) * sizeof *runs);
    if (order == NULL || runs == NULL) {
        rc = ksz_error_set(err, KSZ_ERR_NOMEM, "snapshot: out of memory");
        goto out;
    }
    for (size_t i = 0; i < w->nrec; i++)
        order[i] = (uint32_t)i;
    qsort_r(order, w->nrec, sizeof *order, cmp_rec, w);

    /* Runs of equal keys, grouped into tables. */
    for (size_t i = 0; i < w->nrec;) {
        const struct wrec *r = &w->recs[order[i]];
        size_t j = i + 1;
        while (j < w->nrec && same_key(w, r, &w->recs[order[j]]))
            j++;
        if (ntd == 0 || tds[ntd - 1].type != r->type || tds[ntd - 1].prefix != r->prefix) {
            memset(&tds[ntd], 0, sizeof tds[ntd]);
            tds[ntd].type = r->type;
            tds[ntd].prefix = r->prefix;
            tds[ntd].run0 = nruns;
            ntd++;
        }
        runs[nruns].first = (uint32_t)i;
        runs[nruns].n = (uint32_t)(j - i);
        nruns++;
        tds[ntd - 1].nruns++;
        i = j;
    }

    /* Layout. */
    off = 0;
    secs[nsec++] = (struct section){.kind = SNAP_SEC_RECORDS, .len = w->nrec * SNAP_RECORD_SIZE,
                                    .count = w->nrec};
    secs[nsec++] = (struct section){.kind = SNAP_SEC_CONTEXTS, .len = w->nctx * SNAP_CTX_SIZE,
                                    .count = w->nctx};
    secs[nsec++] = (struct section){.kind = SNAP_SEC_THREATS, .len = w->nthr * SNAP_REF_SIZE,
                                    .count = w->nthr};
    secs[nsec++] = (struct section){.kind = SNAP_SEC_ARENA, .len = w->narena,
                                    .count = w->narena};
    for (size_t t = 0; t < ntd; t++) {
        struct tdesc *td = &tds[t];
        bool cidr = td->type == KSZ_IOC_CIDR4 || td->type == KSZ_IOC_CIDR6;
        td->nslots = pow2_at_least(td->nruns * 10 / 7 + 1);
        secs[nsec++] = (struct section){.kind = SNAP_SEC_TABLE, .type = td->type,
                                        .prefix = td->prefix,
                                        .len = td->nslots * snap_slot_size(td->type),
                                        .count = td->nslots, .aux1 = (uint32_t)td->nruns};
        if (td->type == KSZ_IOC_IPV4)
            nipv4 += td->nruns;
        if (cidr) {
            if (td->type == KSZ_IOC_CIDR4)
                ncidr4 += td->nruns;
            else
                ncidr6 += td->nruns;
        } else {
            td->bloom_nblocks =
                pow2_at_least((td->nruns * SNAP_BLOOM_BITS_PER_KEY + 255) / 256);
            secs[nsec++] = (struct section){.kind = SNAP_SEC_BLOOM, .type = td->type,
                                            .len = td->bloom_nblocks * SNAP_BLOOM_BLOCK,
                                            .count = td->bloom_nblocks};
        }
    }
    if (ncidr4 > 0) {
        bm_width4 = ncidr4 > 4096 ? 24 : 16;
        bm_sec4 = nsec;
        secs[nsec++] = (struct section){.kind = SNAP_SEC_BITMAP, .type = KSZ_IOC_CIDR4,
                                        .prefix = (uint8_t)bm_width4,
                                        .len = ((uint64_t)1 << bm_width4) / 8,
                                        .count = (uint64_t)1 << bm_width4};
    }
    if (ncidr6 > 0) {
        bm_width6 = ncidr6 > 4096 ? 24 : 16;
        bm_sec6 = nsec;
        secs[nsec++] = (struct section){.kind = SNAP_SEC_BITMAP, .type = KSZ_IOC_CIDR6,
                                        .prefix = (uint8_t)bm_width6,
                                        .len = ((uint64_t)1 << bm_width6) / 8,
                                        .count = (uint64_t)1 << bm_width6};
    }
    if (nipv4 + ncidr4 > 0) {
        pr_sec4 = nsec;
        secs[nsec++] = (struct section){.kind = SNAP_SEC_BITMAP, .type = KSZ_IOC_IPV4,
                                        .prefix = SNAP_PRESENCE4_WIDTH,
                                        .len = ((uint64_t)1 << SNAP_PRESENCE4_WIDTH) / 8,
                                        .count = (uint64_t)1 << SNAP_PRESENCE4_WIDTH};
    }
    off = align_up(SNAP_HEADER_SIZE + (uint64_t)nsec * SNAP_SECTION_SIZE);
    for (size_t i = 0; i < nsec; i++) {
        secs[i].off = off;
        off = align_up(off + secs[i].len);
    }
    file = ksz__calloc(1, (size_t)off);
    if (file == NULL) {
        rc = ksz_error_set(err, KSZ_ERR_NOMEM, "snapshot: out of memory (%llu bytes)",
                           (unsigned long long)off);
        goto out;
    }

    /* Sections. */
    write_records(w, order, file + secs[0].off);
    write_contexts(w, file + secs[1].off, file + secs[2].off);
    memcpy(file + secs[3].off, w->arena, w->narena);
    {
        size_t si = 4;
        for (size_t t = 0; t < ntd; t++) {
            struct tdesc *td = &tds[t];
            td->off = secs[si].off;
            if (td->bloom_nblocks > 0)
                td->bloom_off = secs[si + 1].off;
            fill_table(w, order, runs, td, file);
            secs[si].aux2 = td->max_probe;
            si += td->bloom_nblocks > 0 ? 2 : 1;
        }
    }
    if (ncidr4 > 0)
        fill_bitmap(w, order, runs, tds, ntd, KSZ_IOC_CIDR4, bm_width4, file + secs[bm_sec4].off);
    if (ncidr6 > 0)
        fill_bitmap(w, order, runs, tds, ntd, KSZ_IOC_CIDR6, bm_width6, file + secs[bm_sec6].off);
    if (nipv4 + ncidr4 > 0)
        fill_presence4(w, order, runs, tds, ntd, file + secs[pr_sec4].off);

    /* Section table and header. */
    for (size_t i = 0; i < nsec; i++) {
        uint8_t *p = file + SNAP_HEADER_SIZE + i * SNAP_SECTION_SIZE;
        snap_wr32(p, secs[i].kind);
        p[4] = secs[i].type;
        p[5] = secs[i].prefix;
        snap_wr16(p + 6, 0);
        snap_wr64(p + 8, secs[i].off);
        snap_wr64(p + 16, secs[i].len);
        snap_wr64(p + 24, secs[i].count);
        snap_wr32(p + 32, secs[i].aux1);
        snap_wr32(p + 36, secs[i].aux2);
    }
    {
        uint64_t hdr_end = SNAP_HEADER_SIZE + (uint64_t)nsec * SNAP_SECTION_SIZE;
        memcpy(file + SNAP_H_MAGIC, SNAP_MAGIC, 8);
        snap_wr32(file + SNAP_H_VERSION, KSZ_SNAPSHOT_VERSION);
        snap_wr32(file + SNAP_H_HSIZE, SNAP_HEADER_SIZE);
        snap_wr64(file + SNAP_H_FSIZE, off);
        snap_wr64(file + SNAP_H_BTIME, (uint64_t)w->build_time);
        snap_wr64(file + SNAP_H_NREC, w->nrec);
        snap_wr32(file + SNAP_H_NSECT, (uint32_t)nsec);
        snap_wr32(file + SNAP_H_FLAGS, 0);
        snap_wr64(file + SNAP_H_BODYSUM, ksz__snap_checksum(file + hdr_end, off - hdr_end));
        snap_wr64(file + SNAP_H_HEADSUM, 0);
        snap_wr64(file + SNAP_H_HEADSUM, ksz__snap_checksum(file, hdr_end));
    }
    *data = file;
    *len = (size_t)off;
    file = NULL;
out:
    ksz__free(file);
    ksz__free(order);
    ksz__free(runs);
    return rc;
}

void ksz_snapshot_buf_free(void *data)
{
    ksz__free(data);
}

/* ---- the file ----------------------------------------------------------- */

ksz_rc ksz_snapshot_writer_write_file(struct ksz_snapshot_writer *w, const char *path,
                                      uint64_t *size, struct ksz_error *err)
{
    struct ksz_outfile *of = NULL;
    void *data = NULL;
    size_t len = 0;
    ksz_rc rc;

    rc = ksz_snapshot_writer_build(w, &data, &len, err);
    if (rc != KSZ_OK)
        return rc;
    rc = ksz_outfile_open(path, &of, err);
    if (rc == KSZ_OK)
        rc = ksz_outfile_write(of, data, len, err);
    if (rc == KSZ_OK)
        rc = ksz_outfile_commit(of, err);
    if (rc != KSZ_OK && err != NULL) {
        struct ksz_error why = *err; /* names the path, with errno's text */
        ksz_error_set(err, rc, "snapshot: %s", why.msg);
    }
    ksz_outfile_close(of); /* without a commit, removes the temporary file */
    if (rc == KSZ_OK && size != NULL)
        *size = len;
    ksz_snapshot_buf_free(data);
    return rc;
}
