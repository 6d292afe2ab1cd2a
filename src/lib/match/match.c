/* SPDX-License-Identifier: Apache-2.0 */
/*
 * match.c - lookups in a loaded snapshot.
 *
 * A lookup is split into probes: one per (table, key) - the domain and each
 * parent, the URL and its host, the address and its networks. A batch runs
 * its probes in four passes so that the memory accesses of different keys
 * overlap instead of queueing: (1) normalise and hash every key, (2)
 * prefetch each probe's filter line as soon as its hash is known, (3) test
 * the filters and prefetch the table slot of the few that pass, (4) probe
 * the tables and report, in key order. Almost every key of a log misses, so almost every probe ends in
 * pass 3 after touching one cache line.
 *
 * Nothing read from the file is trusted beyond what the loader checked: a
 * slot's record run, a record's type and value are checked here before use.
 */
#include <assert.h>
#include <string.h>
#include "kizashi/match.h"
#include "match/match_int.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "snapshot/snap_int.h"

#define PROBE_MAX 256
#define PROBES_PER_KEY_MAX 140      /* a 253-byte name has at most 127 labels */
#define SCRATCH_MAX 16384
#define SCRATCH_PER_KEY_MAX (KSZ_IOC_VALUE_MAX + 64)

struct ksz_matcher {
    const struct ksz_snapshot *s;
    struct ksz_match_opts o;
};

enum probe_kind { PROBE_EXACT = 0, PROBE_CIDR4 = 1, PROBE_CIDR6 = 2 };

struct probe {
    const struct snap_table *t;  /* PROBE_EXACT */
    const uint8_t *key;          /* key bytes, or the text for string types */
    const uint8_t *line;         /* filter line, then slot */
    uint64_t h;
    int64_t time;
    uint32_t klen;
    uint32_t key_idx;
    uint8_t kind;
    uint8_t via;
    bool alive;
    bool lazy;                   /* a URL hashed in place: key is the URL as written */
};

struct batch {
    const struct ksz_matcher *m;
    const struct ksz_snapshot *s;
    ksz_match_cb cb;
    void *user;
    size_t hits;
    bool stop;
    size_t np;
    size_t nscratch;
    struct probe p[PROBE_MAX];
    uint8_t scratch[SCRATCH_MAX];
    char canon[KSZ_IOC_VALUE_MAX + 1];   /* a lazy URL's canonical form, in pass 4 */
};

void ksz_match_opts_init(struct ksz_match_opts *o)
{
    memset(o, 0, sizeof *o);
}

ksz_rc ksz_matcher_new(const struct ksz_snapshot *snap, const struct ksz_match_opts *o,
                       struct ksz_matcher **out, struct ksz_error *err)
{
    struct ksz_matcher *m;

    assert(snap != NULL && out != NULL);
    *out = NULL;
    if (o != NULL && o->grace < 0)
        return ksz_error_set(err, KSZ_ERR_INVALID, "match: negative grace");
    m = ksz__calloc(1, sizeof *m);
    if (m == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "match: out of memory");
    m->s = snap;
    if (o != NULL)
        m->o = *o;
    *out = m;
    return KSZ_OK;
}

void ksz_matcher_free(struct ksz_matcher *m)
{
    ksz__free(m);
}

const struct ksz_snapshot *ksz_matcher_snapshot(const struct ksz_matcher *m)
{
    return m->s;
}

/* ---- reporting ---------------------------------------------------------- */

static int64_t sat_add(int64_t a, int64_t b)
{
    return a > INT64_MAX - b ? INT64_MAX : a + b;
}

static int64_t sat_sub(int64_t a, int64_t b)
{
    return a < INT64_MIN + b ? INT64_MIN : a - b;
}

static bool in_window(const struct ksz_matcher *m, int64_t t, int64_t from, int64_t until)
{
    if (m->o.at_any_time || t == KSZ_MATCH_NO_TIME)
        return true;
    if (from != 0 && t < sat_sub(from, m->o.grace))
        return false;
    if (until != 0 && t > sat_add(until, m->o.grace))
        return false;
    return true;
}

/* Report the run a slot points at. */
static void report_run(struct batch *b, const struct probe *pr, const uint8_t *slot,
                       unsigned ks, uint8_t type)
{
    const struct ksz_snapshot *s = b->s;
    uint64_t first = snap_rd32(slot + ks), n = snap_rd32(slot + ks + 4);

    if (first >= s->nrec || n > s->nrec - first)
        return; /* damaged slot */
    for (uint64_t i = first; i < first + n && !b->stop; i++) {
        const uint8_t *r = s->records + i * SNAP_RECORD_SIZE;
        struct ksz_match_hit hit;
        if (r[SNAP_R_TYPE] != type)
            continue; /* damaged record */
        if (b->m->o.types != 0 && !(b->m->o.types & KSZ_IOC_BIT(type)))
            continue;
        hit.valid_from = (int64_t)snap_rd64(r + SNAP_R_FROM);
        hit.valid_until = (int64_t)snap_rd64(r + SNAP_R_UNTIL);
        if (!in_window(b->m, pr->time, hit.valid_from, hit.valid_until))
            continue;
        hit.key = pr->key_idx;
        hit.indicator = (uint32_t)i;
        hit.type = (ksz_ioc_type)type;
        hit.via = (ksz_match_via)pr->via;
        b->hits++;
        if (b->cb != NULL && b->cb(&hit, b->user) != 0)
            b->stop = true;
    }
}

/* Does the first record of a string slot's run hold this text? */
static bool confirm_string(const struct ksz_snapshot *s, const uint8_t *slot, const uint8_t *key,
                           uint32_t klen)
{
    uint64_t first = snap_rd32(slot + 8);
    const uint8_t *r;
    uint64_t off;

    if (first >= s->nrec)
        return false;
    r = s->records + first * SNAP_RECORD_SIZE;
    if (snap_rd16(r + SNAP_R_VALUE_LEN) != klen)
        return false;
    off = snap_rd32(r + SNAP_R_VALUE_OFF);
    if (off + klen >= s->arena_len)
        return false;
    return memcmp(s->arena + off, key, klen) == 0;
}

/* Probe table t from slot address `slot` (already h & mask). */
static void probe_table(struct batch *b, const struct probe *pr, const struct snap_table *t,
                        uint64_t h, const uint8_t *key)
{
    uint64_t pos = h & t->mask;
    bool str = snap_is_string_type((ksz_ioc_type)t->type);

    for (uint32_t d = 0; d <= t->max_probe; d++) {
        const uint8_t *slot = t->slots + pos * t->slot_size;
        if (snap_rd32(slot + t->key_size + 4) == 0)
            return;
        if (str) {
            if (snap_rd64(slot) == h && confirm_string(b->s, slot, key, pr->klen)) {
                report_run(b, pr, slot, 8, t->type);
                return;
            }
        } else if (memcmp(slot, key, t->key_size) == 0) {
            report_run(b, pr, slot, t->key_size, t->type);
            return;
        }
        pos = (pos + 1) & t->mask;
    }
}

static void probe_cidr4(struct batch *b, const struct probe *pr)
{
    const struct ksz_snapshot *s = b->s;
    uint32_t addr = snap_rd32(pr->key);
    struct probe sub = *pr;

    sub.via = pr->via == KSZ_MATCH_VIA_URL_HOST ? KSZ_MATCH_VIA_URL_HOST : KSZ_MATCH_VIA_CIDR;
    for (unsigned i = 0; i < s->n_cidr4 && !b->stop; i++) {
        unsigned p = s->cidr4_order[i];
        uint8_t k[4];
        uint32_t masked = p == 0 ? 0 : addr & (0xffffffffu << (32 - p));
        snap_wr32(k, masked);
        probe_table(b, &sub, &s->cidr4[p], snap_hash(k, 4), k);
    }
}

static void probe_cidr6(struct batch *b, const struct probe *pr)
{
    const struct ksz_snapshot *s = b->s;
    struct probe sub = *pr;

    sub.via = pr->via == KSZ_MATCH_VIA_URL_HOST ? KSZ_MATCH_VIA_URL_HOST : KSZ_MATCH_VIA_CIDR;
    for (unsigned i = 0; i < s->n_cidr6 && !b->stop; i++) {
        unsigned p = s->cidr6_order[i];
        uint8_t k[16];
        for (unsigned j = 0; j < 16; j++) {
            unsigned keep = p > j * 8 ? (p - j * 8 >= 8 ? 8 : p - j * 8) : 0;
            k[j] = (uint8_t)(pr->key[j] & (0xff00u >> keep));
        }
        probe_table(b, &sub, &s->cidr6[p], snap_hash(k, 16), k);
    }
}

/* ---- the passes ---------------------------------------------------------- */

/* Pass 2, done as each probe is made: find its filter line (a Bloom block,
 * or the byte of the network bitmap) and prefetch it, so that the whole
 * rest of the batch's hashing overlaps the wait. */
static inline void filter_line(const struct ksz_snapshot *s, struct probe *pr)
{
    pr->alive = true;
    pr->line = NULL;
    if (pr->kind == PROBE_EXACT) {
        const struct snap_bloom *bl = &s->bloom[pr->t->type];
        if (bl->blocks != NULL) {
            pr->line = bl->blocks + snap_bloom_block(pr->h, bl->nblocks) * SNAP_BLOOM_BLOCK;
            __builtin_prefetch(pr->line);
        }
    } else {
        const struct snap_bitmap *bm = pr->kind == PROBE_CIDR4 ? &s->bitmap4 : &s->bitmap6;
        if (bm->bits != NULL) {
            uint32_t idx = pr->kind == PROBE_CIDR4 ? snap_bm4_index(snap_rd32(pr->key), bm->width)
                                                   : snap_bm6_index(pr->key, bm->width);
            pr->line = bm->bits + (idx >> 3);
            pr->h = idx & 7;
            __builtin_prefetch(pr->line);
        }
    }
}

static void run_probes(struct batch *b)
{
    /* pass 3: test the filters, prefetch the slots */
    for (size_t i = 0; i < b->np; i++) {
        struct probe *pr = &b->p[i];
        if (pr->kind == PROBE_EXACT) {
            if (pr->line != NULL && !snap_bloom_test(pr->line, pr->h)) {
                pr->alive = false;
                continue;
            }
            pr->line = pr->t->slots + (pr->h & pr->t->mask) * pr->t->slot_size;
            __builtin_prefetch(pr->line);
        } else if (pr->line != NULL && !(*pr->line & (1u << pr->h))) {
            pr->alive = false;
        }
    }
    /* pass 4: probe and report, in order */
    for (size_t i = 0; i < b->np && !b->stop; i++) {
        struct probe *pr = &b->p[i];
        if (!pr->alive)
            continue;
        if (pr->lazy) {
            /* the filter passed: now write the canonical form out */
            struct probe full = *pr;
            const char *host;
            size_t olen, hl;
            if (ksz_match_url_canon((const char *)pr->key, pr->klen, b->canon, sizeof b->canon,
                                    &olen, &host, &hl) != KSZ_OK)
                continue;   /* cannot happen: the split said it is one */
            assert(snap_hash(b->canon, olen) == pr->h);
            full.key = (const uint8_t *)b->canon;
            full.klen = (uint32_t)olen;
            probe_table(b, &full, pr->t, pr->h, full.key);
        } else if (pr->kind == PROBE_EXACT)
            probe_table(b, pr, pr->t, pr->h, pr->key);
        else if (pr->kind == PROBE_CIDR4)
            probe_cidr4(b, pr);
        else
            probe_cidr6(b, pr);
    }
    b->np = 0;
}

static uint8_t *scratch(struct batch *b, size_t n)
{
    uint8_t *p = b->scratch + b->nscratch;
    assert(b->nscratch + n <= SCRATCH_MAX);
    b->nscratch += n;
    return p;
}

static void add_exact(struct batch *b, ksz_ioc_type type, const uint8_t *key, uint32_t klen,
                      size_t key_idx, int64_t t, ksz_match_via via)
{
    const struct snap_table *tab = &b->s->exact[type];
    struct probe *pr;

    if (tab->slots == NULL)
        return;
    pr = &b->p[b->np++];
    pr->t = tab;
    pr->key = key;
    pr->klen = klen;
    pr->h = snap_hash(key, klen);
    pr->time = t;
    pr->key_idx = (uint32_t)key_idx;
    pr->kind = PROBE_EXACT;
    pr->via = (uint8_t)via;
    pr->lazy = false;
    filter_line(b->s, pr);
}

static void add_cidr(struct batch *b, enum probe_kind kind, const uint8_t *key, size_t key_idx,
                     int64_t t, ksz_match_via via)
{
    struct probe *pr;

    if ((kind == PROBE_CIDR4 ? b->s->n_cidr4 : b->s->n_cidr6) == 0)
        return;
    pr = &b->p[b->np++];
    pr->t = NULL;
    pr->key = key;
    pr->klen = kind == PROBE_CIDR4 ? 4 : 16;
    pr->time = t;
    pr->key_idx = (uint32_t)key_idx;
    pr->kind = (uint8_t)kind;
    pr->via = (uint8_t)via;
    pr->lazy = false;
    filter_line(b->s, pr);
}

static void gen_ipv4(struct batch *b, uint32_t addr, size_t ki, int64_t t, bool host)
{
    const struct snap_bitmap *pr = &b->s->present4;
    uint8_t *k;

    /* No ipv4 or cidr4 indicator in this /16 (the common answer for the
     * private client addresses of proxy logs): one bit, in L1. */
    if (pr->bits != NULL) {
        uint32_t idx = snap_bm4_index(addr, pr->width);
        if (!(pr->bits[idx >> 3] & (1u << (idx & 7))))
            return;
    }
    k = scratch(b, 4);
    snap_wr32(k, addr);
    add_exact(b, KSZ_IOC_IPV4, k, 4, ki, t, host ? KSZ_MATCH_VIA_URL_HOST : KSZ_MATCH_VIA_EXACT);
    add_cidr(b, PROBE_CIDR4, k, ki, t, host ? KSZ_MATCH_VIA_URL_HOST : KSZ_MATCH_VIA_CIDR);
}

static void gen_ipv6(struct batch *b, const uint8_t a[16], size_t ki, int64_t t, bool host)
{
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    uint8_t *k = scratch(b, 16);
    memcpy(k, a, 16);
    add_exact(b, KSZ_IOC_IPV6, k, 16, ki, t, host ? KSZ_MATCH_VIA_URL_HOST : KSZ_MATCH_VIA_EXACT);
    add_cidr(b, PROBE_CIDR6, k, ki, t, host ? KSZ_MATCH_VIA_URL_HOST : KSZ_MATCH_VIA_CIDR);
    if (memcmp(a, mapped, 12) == 0)
        gen_ipv4(b, (uint32_t)a[12] << 24 | (uint32_t)a[13] << 16 | (uint32_t)a[14] << 8 | a[15],
                 ki, t, host);
}

/* Lower-case (and drop one trailing dot from) s, copying only if needed. */
static const uint8_t *fold(struct batch *b, const char *s, size_t *len)
{
    size_t n = *len;
    bool clean = true;
    uint8_t *o;

    if (n > 0 && s[n - 1] == '.')
        n--;
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'Z') {
            clean = false;
            break;
        }
    *len = n;
    if (clean)
        return (const uint8_t *)s;
    o = scratch(b, n);
    for (size_t i = 0; i < n; i++)
        o[i] = (uint8_t)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    return o;
}

/* Where the dots of s[0..n) are (bit i: s[i] == '.'), for n <= 64, and
 * whether it holds upper case. floor <= s is where readable memory starts:
 * a name shorter than 16 bytes is read as the 16 bytes ending at its end
 * when that stays above floor (the host inside its URL), else byte by
 * byte. */
static uint64_t name_scan(const char *floor, const char *s, size_t n, bool *upper)
{
    uint64_t dots = 0;
    unsigned up = 0;
#ifdef __SSE2__
    const __m128i dot = _mm_set1_epi8('.'), a1 = _mm_set1_epi8('A' - 1), z1 = _mm_set1_epi8('Z' + 1);
    size_t i = 0;

    assert(n <= 64);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        dots |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, dot)) << i;
        up |= (unsigned)_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpgt_epi8(v, a1), _mm_cmplt_epi8(v, z1)));
    }
    if (i < n && (size_t)(s + n - floor) >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
        unsigned keep = (0xffffu << (16 - (n - i))) & 0xffffu;   /* bytes from s + i */
        unsigned d = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, dot)) & keep;
        dots |= (uint64_t)(d >> (16 - (n - i))) << i;
        up |= (unsigned)_mm_movemask_epi8(
                  _mm_and_si128(_mm_cmpgt_epi8(v, a1), _mm_cmplt_epi8(v, z1))) &
              keep;
        i = n;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        up |= (unsigned)(c - 'A') < 26u;
        dots |= (uint64_t)(c == '.') << i;
    }
#else
    (void)floor;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        up |= (unsigned)(c - 'A') < 26u;
        dots |= (uint64_t)(c == '.') << i;
    }
#endif
    *upper = up != 0;
    return dots;
}

static void gen_domain(struct batch *b, const char *floor, const char *s, size_t len, size_t ki,
                       int64_t t, bool host)
{
    uint16_t dots[64];
    size_t nd = 0, n;
    bool upper = false, many = false;
    const uint8_t *d = (const uint8_t *)s;

    if (len == 0 || len > KSZ_IOC_VALUE_MAX || b->s->exact[KSZ_IOC_DOMAIN].slots == NULL)
        return;
    n = s[len - 1] == '.' ? len - 1 : len;   /* one trailing dot is folded */
    if (n <= 64) {
        /* the usual name: its dots and case from a few vector compares */
        uint64_t m = name_scan(floor, s, n, &upper);
        while (m != 0) {
            dots[nd++] = (uint16_t)__builtin_ctzll(m);
            m &= m - 1;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            upper |= (unsigned)(c - 'A') < 26u;
            if (c == '.') {
                if (nd < sizeof dots / sizeof dots[0])
                    dots[nd++] = (uint16_t)i;
                else
                    many = true;
            }
        }
    }
    if (upper) {
        uint8_t *o = scratch(b, n);
        for (size_t i = 0; i < n; i++)
            o[i] = (uint8_t)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
        d = o;
    }
    /* the name, then each parent that still has two labels */
    for (size_t k = 0; k < nd; k++) {
        size_t off = k == 0 ? 0 : (size_t)dots[k - 1] + 1;
        add_exact(b, KSZ_IOC_DOMAIN, d + off, (uint32_t)(n - off), ki, t,
                  host ? KSZ_MATCH_VIA_URL_HOST
                       : (off == 0 ? KSZ_MATCH_VIA_EXACT : KSZ_MATCH_VIA_PARENT));
    }
    if (many) {
        /* a name of more than 64 labels (made up: real names have at most
         * 127, and logs rarely more than a few): the rest one by one */
        size_t off = (size_t)dots[nd - 1] + 1;
        for (;;) {
            const uint8_t *dot = memchr(d + off, '.', n - off);
            if (dot == NULL)
                break;
            if (b->np >= PROBE_MAX)
                run_probes(b);   /* keep going; d stays in scratch or the key */
            add_exact(b, KSZ_IOC_DOMAIN, d + off, (uint32_t)(n - off), ki, t,
                      host ? KSZ_MATCH_VIA_URL_HOST : KSZ_MATCH_VIA_PARENT);
            off = (size_t)(dot - d) + 1;
        }
    }
}

/* An IP literal (brackets allowed) or a host name. */
static void gen_host(struct batch *b, const char *s, size_t len, size_t ki, int64_t t, bool host)
{
    uint32_t a4;
    uint8_t a6[16];

    if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
        if (ksz_ipv6_parse(s + 1, len - 2, a6, NULL) == KSZ_OK)
            gen_ipv6(b, a6, ki, t, host);
        return;
    }
    if (len > 0 && s[0] >= '0' && s[0] <= '9' && ksz_ipv4_parse(s, len, &a4, NULL) == KSZ_OK) {
        gen_ipv4(b, a4, ki, t, host);
        return;
    }
    if (memchr(s, ':', len) != NULL) {
        if (ksz_ipv6_parse(s, len, a6, NULL) == KSZ_OK)
            gen_ipv6(b, a6, ki, t, host);
        return;
    }
    gen_domain(b, s, s, len, ki, t, host);
}

/* A URL on the fast path: its canonical form hashed where it lies (the
 * scheme, user info, host and port rebuilt in a small buffer only when
 * they change), the URL filter probed with that hash, and the canonical
 * form written out only if the filter passes (pass 4). The host is looked
 * up from the URL as written. */
static void gen_url_fast(struct batch *b, const char *s, size_t len, const struct url_split *u,
                         size_t ki, int64_t t)
{
    const struct snap_table *tab = &b->s->exact[KSZ_IOC_URL];

    if (tab->slots != NULL) {
        struct probe *pr = &b->p[b->np++];
        uint64_t h;
        if (u->as_written) {
            h = snap_hash(s, u->canon_len);
        } else {
            /* scheme://userinfo@host:port, lower-cased; the path stays put */
            char head[KSZ_IOC_VALUE_MAX + 16];
            size_t o = 0, ui = u->hs - u->auth;
            for (size_t k = 0; k < u->scheme_len; k++)
                head[o++] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
            memcpy(head + o, "://", 3);
            o += 3;
            memcpy(head + o, s + u->auth, ui);
            o += ui;
            for (size_t k = 0; k < u->hl; k++) {
                char c = s[u->hs + k];
                head[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            memcpy(head + o, u->port, u->port_len);
            o += u->port_len;
            h = snap_hash2(head, o, s + u->path, u->path_len);
        }
        pr->t = tab;
        pr->key = (const uint8_t *)s;
        pr->klen = (uint32_t)len;
        pr->h = h;
        pr->time = t;
        pr->key_idx = (uint32_t)ki;
        pr->kind = PROBE_EXACT;
        pr->via = KSZ_MATCH_VIA_EXACT;
        pr->lazy = true;
        filter_line(b->s, pr);
    }
    if (u->is_ipv4)
        gen_ipv4(b, u->ipv4, ki, t, true);
    else
        gen_domain(b, s, s + u->hs, u->hl, ki, t, true);
}

static void gen_url(struct batch *b, const char *s, size_t len, size_t ki, int64_t t)
{
    struct url_split u;
    char *out;
    size_t olen;
    const char *h;
    size_t hl;

    if (len > KSZ_IOC_VALUE_MAX)
        return;
    switch (ksz__match_url_split(s, len, &u)) {
    case URL_FAST:
        gen_url_fast(b, s, len, &u, ki, t);
        return;
    case URL_SLOW:
        out = (char *)b->scratch + b->nscratch;
        if (ksz_match_url_canon(s, len, out, KSZ_IOC_VALUE_MAX + 1, &olen, &h, &hl) == KSZ_OK) {
            b->nscratch += olen + 1;
            add_exact(b, KSZ_IOC_URL, (const uint8_t *)out, (uint32_t)olen, ki, t,
                      KSZ_MATCH_VIA_EXACT);
            gen_host(b, h, hl, ki, t, true);
            return;
        }
        break;
    default:
        break;
    }
    /* No scheme (a proxy's CONNECT "host:443", or "host/path"): the host only. */
    if (len > 0 && memmem(s, len, "://", 3) == NULL) {
        size_t e = 0;
        while (e < len && s[e] != '/' && s[e] != '?' && s[e] != '#')
            e++;
        if (e > 0 && s[0] == '[') {
            const char *rb = memchr(s, ']', e);
            if (rb != NULL)
                gen_host(b, s, (size_t)(rb - s) + 1, ki, t, true);
            return;
        }
        {
            const char *colon = memchr(s, ':', e);
            size_t hlen2 = colon ? (size_t)(colon - s) : e;
            /* "a:b:c" is more likely a bare IPv6 address than host:port */
            if (colon != NULL && memchr(colon + 1, ':', e - (size_t)(colon - s) - 1) != NULL)
                hlen2 = e;
            gen_host(b, s, hlen2, ki, t, true);
        }
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static void gen_hash(struct batch *b, const char *s, size_t len, size_t ki, int64_t t)
{
    ksz_ioc_type type;
    uint8_t *d;

    switch (len) {
    case 32: type = KSZ_IOC_MD5; break;
    case 40: type = KSZ_IOC_SHA1; break;
    case 64: type = KSZ_IOC_SHA256; break;
    case 128: type = KSZ_IOC_SHA512; break;
    default: return;
    }
    if (b->s->exact[type].slots == NULL)
        return;
    d = scratch(b, len / 2);
    for (size_t i = 0; i < len; i += 2) {
        int hi = hexval(s[i]), lo = hexval(s[i + 1]);
        if (hi < 0 || lo < 0) {
            b->nscratch -= len / 2;
            return;
        }
        d[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    add_exact(b, type, d, (uint32_t)(len / 2), ki, t, KSZ_MATCH_VIA_EXACT);
}

static ksz_rc gen_key(struct batch *b, const struct ksz_match_key *k, size_t ki,
                      struct ksz_error *err)
{
    switch (k->kind) {
    case KSZ_MATCH_IPV4:
        gen_ipv4(b, k->u.ipv4, ki, k->time, false);
        return KSZ_OK;
    case KSZ_MATCH_IPV6:
        gen_ipv6(b, k->u.ipv6, ki, k->time, false);
        return KSZ_OK;
    default:
        break;
    }
    if (k->text == NULL && k->len > 0)
        return ksz_error_set(err, KSZ_ERR_INVALID, "match: key %zu has no text", ki);
    switch (k->kind) {
    case KSZ_MATCH_DOMAIN:
        gen_domain(b, k->text, k->text, k->len, ki, k->time, false);
        break;
    case KSZ_MATCH_HOST:
        gen_host(b, k->text, k->len, ki, k->time, false);
        break;
    case KSZ_MATCH_URL:
        gen_url(b, k->text, k->len, ki, k->time);
        break;
    case KSZ_MATCH_EMAIL:
        if (k->len > 0 && k->len <= KSZ_IOC_VALUE_MAX) {
            size_t n = k->len;
            const uint8_t *e = fold(b, k->text, &n);
            add_exact(b, KSZ_IOC_EMAIL, e, (uint32_t)n, ki, k->time, KSZ_MATCH_VIA_EXACT);
        }
        break;
    case KSZ_MATCH_HASH:
        gen_hash(b, k->text, k->len, ki, k->time);
        break;
    default:
        return ksz_error_set(err, KSZ_ERR_INVALID, "match: key %zu has unknown kind %d", ki,
                             (int)k->kind);
    }
    return KSZ_OK;
}

ksz_rc ksz_match_batch(const struct ksz_matcher *m, const struct ksz_match_key *keys, size_t n,
                       ksz_match_cb cb, void *user, size_t *nhits, struct ksz_error *err)
{
    struct batch b;
    ksz_rc rc = KSZ_OK;

    assert(m != NULL && (keys != NULL || n == 0));
    b.m = m;
    b.s = m->s;
    b.cb = cb;
    b.user = user;
    b.hits = 0;
    b.stop = false;
    b.np = 0;
    b.nscratch = 0;
    for (size_t i = 0; i < n && !b.stop; i++) {
        if (b.np + PROBES_PER_KEY_MAX > PROBE_MAX ||
            b.nscratch + SCRATCH_PER_KEY_MAX > SCRATCH_MAX) {
            run_probes(&b);
            b.nscratch = 0;
        }
        rc = gen_key(&b, &keys[i], i, err);
        if (rc != KSZ_OK)
            break;
    }
    if (rc == KSZ_OK && !b.stop)
        run_probes(&b);
    if (nhits != NULL)
        *nhits = b.hits;
    return rc;
}

ksz_rc ksz_match_one(const struct ksz_matcher *m, const struct ksz_match_key *key,
                     ksz_match_cb cb, void *user, size_t *nhits, struct ksz_error *err)
{
    return ksz_match_batch(m, key, 1, cb, user, nhits, err);
}

ksz_rc ksz_match_ipv4(const struct ksz_matcher *m, uint32_t addr, int64_t t, ksz_match_cb cb,
                      void *user, size_t *nhits)
{
    struct ksz_match_key k = {.kind = KSZ_MATCH_IPV4, .time = t};
    k.u.ipv4 = addr;
    return ksz_match_batch(m, &k, 1, cb, user, nhits, NULL);
}

ksz_rc ksz_match_ipv6(const struct ksz_matcher *m, const uint8_t addr[16], int64_t t,
                      ksz_match_cb cb, void *user, size_t *nhits)
{
    struct ksz_match_key k = {.kind = KSZ_MATCH_IPV6, .time = t};
    memcpy(k.u.ipv6, addr, 16);
    return ksz_match_batch(m, &k, 1, cb, user, nhits, NULL);
}

ksz_rc ksz_match_text(const struct ksz_matcher *m, ksz_match_kind kind, const char *s, size_t len,
                      int64_t t, ksz_match_cb cb, void *user, size_t *nhits)
{
    struct ksz_match_key k = {.kind = kind, .time = t, .text = s, .len = len};
    return ksz_match_batch(m, &k, 1, cb, user, nhits, NULL);
}
