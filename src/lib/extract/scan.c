/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scan.c - the streaming driver of the extractor: framing input into lines,
 * refanging a line only when it holds a defang marker, and walking its words.
 *
 * The decision a reader must know: the input is consumed line by line, and a
 * line longer than KSZ__X_LINE_CAP is scanned in pieces cut at a blank. So
 * memory is bounded whatever the input (a 100 MB line without a newline
 * included), each byte is looked at a constant number of times, and a hit's
 * offset is exact whatever the chunking. Most bytes of prose cost one table
 * lookup: a word without a dot, colon, '@' or digit is skipped whole.
 */
#include <string.h>
#include "extract/extract_int.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define X_AVX2 1 /* an AVX2 twin of the probes, chosen at run time */
#endif

/* Byte classes; see XC_* in extract_int.h. Non-ASCII bytes end words: an
 * indicator written in ASCII ends at the first CJK or full-width character
 * (full-width ASCII forms are refanged to ASCII first). */
const uint16_t ksz__xclass[256] = {
    0x001, 0x001, 0x001, 0x001, 0x001, 0x001, 0x001, 0x001,
    0x001, 0x001, 0x001, 0x001, 0x001, 0x001, 0x001, 0x001,
    0x001, 0x001, 0x001, 0x001, 0x001, 0x001, 0x001, 0x001,
    0x001, 0x001, 0x001, 0x001, 0x001, 0x001, 0x001, 0x001,
    0x001, 0x1000, 0x001, 0x1000, 0x1000, 0x1000, 0x1000, 0x001,
    0x1000, 0x1000, 0x1000, 0x1000, 0x1000, 0x500, 0x110, 0x040,
    0x102, 0x102, 0x102, 0x102, 0x102, 0x102, 0x102, 0x102,
    0x102, 0x102, 0x020, 0x1000, 0x001, 0x1000, 0x001, 0x1000,
    0x080, 0x104, 0x104, 0x104, 0x104, 0x104, 0x104, 0x108,
    0x108, 0x108, 0x108, 0x108, 0x108, 0x108, 0x108, 0x108,
    0x108, 0x108, 0x108, 0x108, 0x108, 0x108, 0x108, 0x108,
    0x108, 0x108, 0x108, 0x1000, 0x040, 0x1000, 0x1000, 0x900,
    0x001, 0x104, 0x104, 0x104, 0x104, 0x104, 0x104, 0x108,
    0x108, 0x108, 0x108, 0x108, 0x108, 0x108, 0x108, 0x108,
    0x108, 0x108, 0x108, 0x108, 0x108, 0x108, 0x108, 0x108,
    0x108, 0x108, 0x108, 0x1000, 0x001, 0x1000, 0x1000, 0x001,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,
    0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201, 0x201,};

void ksz_extract_opts_init(struct ksz_extract_opts *o)
{
    memset(o, 0, sizeof *o);
}

ksz_rc ksz_extract_new(const struct ksz_extract_opts *opts, ksz_extract_cb cb, void *user,
                       struct ksz_extractor **out, struct ksz_error *err)
{
    struct ksz_extractor *x;
    ksz_rc rc;

    *out = NULL;
    if (cb == NULL)
        return ksz_error_set(err, KSZ_ERR_INVALID, "extract: no callback");
    rc = ksz_ioc_global_init(err);
    if (rc != KSZ_OK)
        return rc;
    x = ksz__calloc(1, sizeof *x);
    if (x == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "extract: out of memory");
    if (opts != NULL)
        x->o = *opts;
    if (x->o.unique_max == 0)
        x->o.unique_max = 1000000;
    x->cb = cb;
    x->user = user;
    x->lineno = 1;
    x->pend = ksz__malloc(KSZ__X_LINE_CAP);
    x->rbuf = ksz__malloc(KSZ__X_LINE_CAP);
    x->rmap = ksz__malloc((KSZ__X_LINE_CAP + 1) * sizeof *x->rmap);
    if (x->pend == NULL || x->rbuf == NULL || x->rmap == NULL) {
        ksz_extract_free(x);
        return ksz_error_set(err, KSZ_ERR_NOMEM, "extract: out of memory");
    }
    x->dd.max = x->o.unique_max;
#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__)
    x->avx2 = __builtin_cpu_supports("avx2");
#endif
    ksz__x_context_reset(&x->ctx);
    *out = x;
    return KSZ_OK;
}

void ksz_extract_free(struct ksz_extractor *x)
{
    if (x == NULL)
        return;
    ksz__x_dedupe_free(&x->dd);
    ksz__free(x->pend);
    ksz__free(x->rbuf);
    ksz__free(x->rmap);
    ksz__free(x);
}

/* What a line holds, from one branch-free pass: defang marker bytes
 * (brackets, '\\', ':' after a defanged scheme), lead bytes of full-width forms
 * and dashes, quote lead bytes, and P_QOPEN: an opening mark that
 * context.c's quoted spans look for ('"', '`', U+201C, U+300C, U+300E). */
enum { P_MARK = 1, P_WIDE = 2, P_QUOTE = 4, P_DOTW = 8, P_HIGH = 16, P_QOPEN = 32 };
static const uint8_t pre[256] = {
    ['['] = P_MARK, ['('] = P_MARK, ['{'] = P_MARK, [']'] = P_MARK, ['\\'] = P_MARK,
    [':'] = P_MARK, [0xE2] = P_WIDE | P_QUOTE, [0xEF] = P_WIDE, [0xE3] = P_QUOTE,
    ['"'] = P_QUOTE | P_QOPEN, ['`'] = P_QUOTE | P_QOPEN,
};

/* Is there an opening quote mark at p[i] (a 3-byte one needs i + 2 < n)? */
static bool qopen_at(const unsigned char *p, size_t i, size_t n)
{
    if (p[i] == '"' || p[i] == '`')
        return true;
    if (i + 2 >= n || p[i + 1] != 0x80)
        return false;
    return (p[i] == 0xE2 && p[i + 2] == 0x9C) ||
           (p[i] == 0xE3 && (p[i + 2] == 0x8C || p[i + 2] == 0x8E));
}

static bool has_qopen(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((pre[p[i]] & P_QUOTE) && qopen_at(p, i, n))
            return true;
    return false;
}

/* Is there a bracketed form, ".]", "\\." or a defanged scheme at p[i]
 * (a P_MARK byte)? */
static bool marker_at(const unsigned char *p, size_t i, size_t n)
{
    unsigned char c = p[i], d = i + 1 < n ? p[i + 1] : 0;

    switch (c) {
    case '[':
    case '(':
    case '{':
        return d == '.' || d == ':' || d == '/' || d == '@' || d == 'd' || d == 'D' ||
               d == 'a' || d == 'A';
    case ']':
        return i > 0 && p[i - 1] == '.';
    case '\\':
        return d == '.';
    default: /* ':' */
        return i >= 2 && (((p[i - 1] | 0x20) == 'p' && ((p[i - 2] | 0x20) == 'x' || p[i - 2] == '*')) ||
                          ((p[i - 1] | 0x20) == 's' && i >= 3 && (p[i - 2] | 0x20) == 'p' &&
                           ((p[i - 3] | 0x20) == 'x' || p[i - 3] == '*')));
    }
}

/* Is there a bracketed form, ".]", "\\." or a defanged scheme? Log lines
 * are full of ':', so the marker bytes are found 16 at a time. */
static bool has_marker(const unsigned char *p, size_t n)
{
    size_t i = 0;

#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i e = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('[')),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('('))),
                         _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('{')),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8(']')))),
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')), _mm_cmpeq_epi8(v, _mm_set1_epi8(':'))));
        unsigned m = (unsigned)_mm_movemask_epi8(e);
        while (m != 0) {
            if (marker_at(p, i + (size_t)__builtin_ctz(m), n))
                return true;
            m &= m - 1;
        }
    }
#endif
    for (; i < n; i++)
        if ((pre[p[i]] & P_MARK) && marker_at(p, i, n))
            return true;
    return false;
}

#if !defined(__SSE2__)
static unsigned line_bytes(const unsigned char *p, size_t n)
{
    unsigned m = 0;

    for (size_t i = 0; i < n; i++) {
        m |= pre[p[i]] | (p[i] >= 0x80 ? P_HIGH : 0);
        if ((pre[p[i]] & P_QUOTE) && qopen_at(p, i, n))
            m |= P_QOPEN;
    }
    return m;
}
#endif

#if defined(__SSE2__)
#define SET1(c) _mm_set1_epi8((char)(c))
#define EQ(v, c) _mm_cmpeq_epi8((v), SET1(c))
#define OR(a, b) _mm_or_si128((a), (b))
#define AND(a, b) _mm_and_si128((a), (b))
#define ANY(v) (_mm_movemask_epi8(v) != 0)

/* line_bytes 16 bytes at a time, plus P_DOTW: "dot" (any case) occurs.
 * Each class is or-ed into an accumulator; the masks are read once. */
static unsigned line_probe(const unsigned char *p, size_t i, size_t n)
{
    const __m128i low = SET1(0x20);
    __m128i mark = _mm_setzero_si128(), quote = mark, dotw = mark, high = mark, wide = mark;
    __m128i qopen = mark;
    unsigned m = 0;

    for (; i + 18 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i v1 = _mm_loadu_si128((const __m128i *)(p + i + 1));
        __m128i v2 = _mm_loadu_si128((const __m128i *)(p + i + 2));
        __m128i e2 = EQ(v, 0xE2), e3 = EQ(v, 0xE3), c80 = EQ(v1, 0x80);
        __m128i q = OR(EQ(v, '"'), EQ(v, '`'));
        mark = OR(mark, OR(OR(OR(EQ(v, '['), EQ(v, '(')), OR(EQ(v, '{'), EQ(v, ']'))),
                           OR(EQ(v, '\\'), EQ(v, ':'))));
        dotw = OR(dotw, AND(EQ(OR(v, low), 'd'), AND(EQ(OR(v1, low), 'o'), EQ(OR(v2, low), 't'))));
        high = OR(high, v);
        wide = OR(wide, OR(e2, EQ(v, 0xEF)));
        quote = OR(quote, OR(q, OR(e2, e3)));
        qopen = OR(qopen, OR(q, AND(c80, OR(AND(e2, EQ(v2, 0x9C)),
                                            AND(e3, OR(EQ(v2, 0x8C), EQ(v2, 0x8E)))))));
    }
    m |= ANY(mark) ? P_MARK : 0;
    m |= ANY(dotw) ? P_DOTW : 0;
    m |= ANY(high) ? P_HIGH : 0; /* the sign bits: bytes >= 0x80 */
    m |= ANY(wide) ? P_WIDE : 0;
    m |= ANY(quote) ? P_QUOTE : 0;
    m |= ANY(qopen) ? P_QOPEN : 0;
    for (; i < n; i++) {
        m |= pre[p[i]] | (p[i] >= 0x80 ? P_HIGH : 0);
        if ((pre[p[i]] & P_QUOTE) && qopen_at(p, i, n))
            m |= P_QOPEN;
        if ((p[i] | 0x20) == 'd' && i + 2 < n && (p[i + 1] | 0x20) == 'o' && (p[i + 2] | 0x20) == 't')
            m |= P_DOTW;
    }
    return m;
}

/* The next byte at or after i that can make a word interesting: a digit,
 * '.', ':', '@', '/' or '\\'. */
static size_t next_interesting_sse2(const unsigned char *p, size_t i, size_t n)
{
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i dig = _mm_and_si128(_mm_cmpgt_epi8(v, SET1('0' - 1)), _mm_cmplt_epi8(v, SET1('9' + 1)));
        __m128i pun = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, SET1('.')), _mm_cmpeq_epi8(v, SET1(':'))),
            _mm_or_si128(_mm_cmpeq_epi8(v, SET1('@')),
                         _mm_or_si128(_mm_cmpeq_epi8(v, SET1('/')), _mm_cmpeq_epi8(v, SET1('\\')))));
        int m = _mm_movemask_epi8(_mm_or_si128(dig, pun));
        if (m != 0)
            return i + (size_t)__builtin_ctz((unsigned)m);
    }
    for (; i < n; i++)
        if (ksz__xclass[p[i]] & (XC_DIGIT | XC_DOT | XC_COLON | XC_AT | XC_SLASH))
            return i;
    return n;
}

#if defined(X_AVX2)
#define SET8(c) _mm256_set1_epi8((char)(c))
#define EQ8(v, c) _mm256_cmpeq_epi8((v), SET8(c))
#define OR8(a, b) _mm256_or_si256((a), (b))
#define AND8(a, b) _mm256_and_si256((a), (b))
#define ANY8(v) (_mm256_movemask_epi8(v) != 0)

/* line_probe 32 bytes at a time. The last bytes (fewer than 34, as each
 * step reads two bytes ahead) are copied into a zeroed block and read the
 * same way: a zero byte belongs to no class. */
struct probe_acc {
    __m256i mark, quote, dotw, high, wide, qopen;
};

__attribute__((target("avx2"))) static inline void probe_step(struct probe_acc *a,
                                                              const unsigned char *p)
{
    const __m256i low = SET8(0x20);
    __m256i v = _mm256_loadu_si256((const __m256i *)p);
    __m256i v1 = _mm256_loadu_si256((const __m256i *)(p + 1));
    __m256i v2 = _mm256_loadu_si256((const __m256i *)(p + 2));
    __m256i e2 = EQ8(v, 0xE2), e3 = EQ8(v, 0xE3), c80 = EQ8(v1, 0x80);
    __m256i q = OR8(EQ8(v, '"'), EQ8(v, '`'));

    a->mark = OR8(a->mark, OR8(OR8(OR8(EQ8(v, '['), EQ8(v, '(')), OR8(EQ8(v, '{'), EQ8(v, ']'))),
                               OR8(EQ8(v, '\\'), EQ8(v, ':'))));
    a->dotw = OR8(a->dotw,
                  AND8(EQ8(OR8(v, low), 'd'), AND8(EQ8(OR8(v1, low), 'o'), EQ8(OR8(v2, low), 't'))));
    a->high = OR8(a->high, v);
    a->wide = OR8(a->wide, OR8(e2, EQ8(v, 0xEF)));
    a->quote = OR8(a->quote, OR8(q, OR8(e2, e3)));
    a->qopen = OR8(a->qopen, OR8(q, AND8(c80, OR8(AND8(e2, EQ8(v2, 0x9C)),
                                                  AND8(e3, OR8(EQ8(v2, 0x8C), EQ8(v2, 0x8E)))))));
}

__attribute__((target("avx2"))) static unsigned line_probe_avx2(const unsigned char *p, size_t n)
{
    struct probe_acc a;
    unsigned char tail[96];
    unsigned m = 0;
    size_t i = 0;

    a.mark = a.quote = a.dotw = a.high = a.wide = a.qopen = _mm256_setzero_si256();
    for (; i + 34 <= n; i += 32)
        probe_step(&a, p + i);
    if (i < n) {
        memset(tail, 0, sizeof tail);
        memcpy(tail, p + i, n - i);
        for (size_t j = 0; j < n - i; j += 32)
            probe_step(&a, tail + j);
    }
    m |= ANY8(a.mark) ? P_MARK : 0;
    m |= ANY8(a.dotw) ? P_DOTW : 0;
    m |= ANY8(a.high) ? P_HIGH : 0;
    m |= ANY8(a.wide) ? P_WIDE : 0;
    m |= ANY8(a.quote) ? P_QUOTE : 0;
    m |= ANY8(a.qopen) ? P_QOPEN : 0;
    return m;
}

__attribute__((target("avx2"))) static size_t next_interesting_avx2(const unsigned char *p,
                                                                    size_t i, size_t n)
{
    for (; i + 32 <= n; i += 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(p + i));
        __m256i dig = AND8(_mm256_cmpgt_epi8(v, SET8('0' - 1)), _mm256_cmpgt_epi8(SET8('9' + 1), v));
        __m256i pun = OR8(OR8(EQ8(v, '.'), EQ8(v, ':')),
                          OR8(EQ8(v, '@'), OR8(EQ8(v, '/'), EQ8(v, '\\'))));
        unsigned m = (unsigned)_mm256_movemask_epi8(OR8(dig, pun));
        if (m != 0)
            return i + (size_t)__builtin_ctz(m);
    }
    return next_interesting_sse2(p, i, n);
}
#endif

static unsigned probe(const struct ksz_extractor *x, const unsigned char *p, size_t n)
{
#if defined(X_AVX2)
    if (x->avx2)
        return line_probe_avx2(p, n);
#endif
    (void)x;
    return line_probe(p, 0, n);
}

static size_t next_interesting(const struct ksz_extractor *x, const unsigned char *p, size_t i,
                               size_t n)
{
#if defined(X_AVX2)
    if (x->avx2)
        return next_interesting_avx2(p, i, n);
#endif
    (void)x;
    return next_interesting_sse2(p, i, n);
}
#endif

static bool interesting(unsigned mask, size_t len)
{
    if (mask & (XC_DOT | XC_COLON | XC_AT | XC_DIGIT))
        return true;
    /* an all-letter hex string can still be a hash */
    return (len == 32 || len == 40 || len == 64 || len == 128) && !(mask & XC_ALPHA);
}

/* A word of letters and digits only is one token for ids.c: the plain rules
 * would find no '.', '@', ':' or separator in it and hand it over whole. */
static void alnum_word(struct ksz_extractor *x, const struct xline *l, size_t ws, size_t we)
{
    const unsigned char *t = (const unsigned char *)l->t;
    size_t digits = 0, hex = 0;

    for (size_t i = ws; i < we; i++) {
        unsigned c = ksz__xclass[t[i]];
        digits += (c & XC_DIGIT) != 0;
        hex += (c & (XC_DIGIT | XC_HEXL)) != 0;
    }
    ksz__x_token(x, l, ws, we, hex, digits);
}

/* A word without a digit, '.', '@' or slash, shorter than a hash, with a
 * single colon ("RCPT:", "Note:") holds no indicator: IPv6 needs two colons,
 * every id a digit, a name a dot. */
static bool colon_only_word(const char *t, size_t ws, size_t we, unsigned mask)
{
    const char *c;

    if ((mask & (XC_DIGIT | XC_DOT | XC_AT | XC_SLASH)) || we - ws >= 32)
        return false;
    c = memchr(t + ws, ':', we - ws);
    return c == NULL || memchr(c + 1, ':', (size_t)(t + we - c - 1)) == NULL;
}

static void scan_word(struct ksz_extractor *x, struct xline *l, size_t ws, size_t we, unsigned mask)
{
    const char *t = l->t;
    size_t pos = ws;

    if ((mask & ~(unsigned)XC_ALNUM) == 0) {
        alnum_word(x, l, ws, we);
        return;
    }
    if (colon_only_word(t, ws, we, mask))
        return;

    /* A word whose only dots end it ("sentence.", "etc...") gives nothing. */
    if (!(mask & (XC_DIGIT | XC_COLON | XC_AT | XC_SLASH))) {
        const char *d = memchr(t + ws, '.', we - ws);
        size_t k = d != NULL ? (size_t)(d - t) : we;
        while (k < we && !ksz__x_is_alnum((unsigned char)t[k]))
            k++;
        if (k == we && (we - ws < 32 || !(mask & XC_HEXL)))
            return;
    }
    /* A request path without a host ("GET /a/b.php?x=c.cab") gives nothing. */
    if (t[ws] == '/' && (l->http_request || memchr(t + ws, '?', we - ws) != NULL))
        return;
    if ((mask & XC_COLON) && (mask & XC_SLASH)) {
        for (size_t p = ws; p + 3 <= we && !x->stopped; p++) {
            size_t us, next;
            if (t[p] != ':' || t[p + 1] != '/' || t[p + 2] != '/' || p < pos)
                continue;
            next = ksz__x_url_at(x, l, pos, we, p, &us);
            if (next > p + 3) {
                if (us > pos)
                    ksz__x_plain(x, l, pos, us, mask, we);
                pos = next;
                p = next - 1;
            }
        }
    }
    if (pos < we && !x->stopped)
        ksz__x_plain(x, l, pos, we, mask, we);
}

/* Refang the line into x->rbuf; false if nothing changed. */
static bool refang_line(struct ksz_extractor *x, struct xline *l)
{
    struct ksz_refang_out ro = {x->rbuf, KSZ__X_LINE_CAP, 0, x->rmap, false};

    if (ksz_refang(l->orig, l->orig_n, &ro, NULL) != KSZ_OK || !ro.changed)
        return false;
    x->rmap[ro.len] = l->orig_n;
    l->t = x->rbuf;
    l->n = ro.len;
    l->map = x->rmap;
    l->refanged = true;
    return true;
}

static bool is_dot_word(const unsigned char *t, size_t ws, size_t we)
{
    return we - ws == 3 && (t[ws] | 0x20) == 'd' && (t[ws + 1] | 0x20) == 'o' &&
           (t[ws + 2] | 0x20) == 't';
}

/* Does the line hold the word "dot" (any case) between two spaces, which
 * only a refang joins? Asked only of lines whose probe saw "dot". */
static bool has_dot_word(const unsigned char *t, size_t n)
{
    for (size_t i = 1; i + 3 < n; i++)
        if ((t[i] | 0x20) == 'd' && t[i - 1] == ' ' && t[i + 3] == ' ' && is_dot_word(t, i, i + 3))
            return true;
    return false;
}

/* Walk the words of the line. Returns true to be called again on the
 * refanged line: a " dot " between names was found, which only a refang
 * joins (rare, so the common line is never searched for it). */
static bool walk(struct ksz_extractor *x, struct xline *l, bool plain)
{
    const unsigned char *t = (const unsigned char *)l->t;
    const uint16_t *cls = ksz__xclass;
    const size_t tn = l->n;
    size_t i = 0, prev_ws = 0;

    (void)plain;
    while (i < tn) {
        unsigned mask = 0, c;
        size_t ws;

#if defined(__SSE2__)
        /* A plain line: only words holding a digit or . : @ / \\ matter. */
        if (plain) {
            size_t j = next_interesting(x, t, i, tn);
            if (j >= tn)
                break;
            while (j > i && !(cls[t[j - 1]] & XC_SPACE))
                j--;
            i = j;
        }
#endif
        while (i < tn && (cls[t[i]] & XC_SPACE))
            i++;
        ws = i;
        while (i < tn && !((c = cls[t[i]]) & XC_SPACE)) {
            mask |= c;
            i++;
        }
        if (ws == i)
            break;
        if (!l->refanged && is_dot_word(t, ws, i) && ws > 0 && t[ws - 1] == ' ' && i < tn &&
            t[i] == ' ' && refang_line(x, l)) {
            /* what was reported before the word ahead of " dot " stays */
            x->suppress = l->base + prev_ws;
            return true;
        }
        prev_ws = ws;
        if (l->nspans)
            ksz__x_flush_spans(x, l, i);
        if (l->nidn) {
            ksz__x_flush_idn(x, l, i);
            if (ksz__x_in_idn(l, ws))
                continue; /* the ASCII tail of a name already reported */
        }
        if (interesting(mask, i - ws)) {
            scan_word(x, l, ws, i, mask);
            if (x->stopped || x->rc != KSZ_OK)
                return false;
        }
    }
    if (l->nspans && !x->stopped)
        ksz__x_flush_spans(x, l, l->n + 1);
    if (l->nidn && !x->stopped)
        ksz__x_flush_idn(x, l, l->n + 1);
    return false;
}

/* Quoted spans are looked for only when the line text holds an opening
 * mark; a refanged line is checked again, as full-width marks became ASCII. */
static void set_quotes(struct xline *l, unsigned m)
{
    if (!(m & P_QUOTE))
        l->quotes = false;
    else if (l->refanged)
        l->quotes = has_qopen((const unsigned char *)l->t, l->n);
    else
        l->quotes = (m & P_QOPEN) != 0;
}

/* Scan one line (or piece of a long line) p[0..n), starting at input
 * offset x->offset. */
static void scan_line(struct ksz_extractor *x, const char *p, size_t n)
{
    struct xline *l = &x->line;
    unsigned m;

    if (n > 0 && p[n - 1] == '\r')
        n--;
    l->orig = p;
    l->orig_n = n;
    l->base = x->offset;
    l->lineno = x->lineno;
    l->t = p;
    l->n = n;
    l->map = NULL;
    l->refanged = false;
    x->suppress = 0;
#if defined(__SSE2__)
    m = probe(x, (const unsigned char *)p, n);
#else
    m = line_bytes((const unsigned char *)p, n) | P_DOTW;
#endif
    if ((m & P_WIDE) || ((m & P_MARK) && has_marker((const unsigned char *)p, n)))
        refang_line(x, l);
    set_quotes(l, m);
    ksz__x_context_line(x, l);
    l->nidn = 0;
    if (m & P_HIGH)
        ksz__x_idn_scan(x, l);
    /* Letter-only words matter only for a lazy " dot " refang: a refanged
     * line or one without the word " dot " is read from one word holding a
     * digit, '.', ':', '@' or a slash to the next. */
    if (walk(x, l, l->refanged || !(m & P_DOTW) || !has_dot_word((const unsigned char *)p, n))) {
        set_quotes(l, m);
        ksz__x_context_line(x, l);
        l->nidn = 0;
        if (m & P_HIGH)
            ksz__x_idn_scan(x, l);
        walk(x, l, false);
    }
}

/* Where to cut a piece of a line too long to scan at once: after the last
 * blank in its final 4 KiB, else on a UTF-8 boundary. */
static size_t safe_cut(const char *p, size_t n)
{
    size_t lim = n > 4096 ? n - 4096 : 0;

    for (size_t i = n; i > lim; i--)
        if (p[i - 1] == ' ' || p[i - 1] == '\t')
            return i;
    while (n > 1 && ((unsigned char)p[n - 1] & 0xC0) == 0x80 && n > lim + 1)
        n--;
    if (((unsigned char)p[n - 1] & 0xC0) == 0xC0)
        n--; /* do not end on a lead byte */
    return n > 0 ? n : 1;
}

static void piece(struct ksz_extractor *x, const char *p, size_t n, bool line_end)
{
    if (!x->stopped && x->rc == KSZ_OK)
        scan_line(x, p, n);
    x->offset += n;
    if (line_end) {
        x->offset++;
        x->lineno++;
    }
}

ksz_rc ksz_extract_feed(struct ksz_extractor *x, const char *buf, size_t len,
                        struct ksz_error *err)
{
    while (len > 0 && !x->stopped && x->rc == KSZ_OK) {
        if (x->pend_len == 0) {
            const char *nl = memchr(buf, '\n', len);
            size_t cut;
            if (nl != NULL && (size_t)(nl - buf) <= KSZ__X_LINE_CAP) {
                size_t ll = (size_t)(nl - buf);
                piece(x, buf, ll, true);
                buf += ll + 1;
                len -= ll + 1;
                continue;
            }
            if (nl == NULL && len < KSZ__X_LINE_CAP) {
                memcpy(x->pend, buf, len);
                x->pend_len = len;
                return KSZ_OK;
            }
            cut = safe_cut(buf, KSZ__X_LINE_CAP);
            piece(x, buf, cut, false);
            buf += cut;
            len -= cut;
        } else {
            size_t room = KSZ__X_LINE_CAP - x->pend_len;
            size_t look = len < room ? len : room;
            const char *nl = memchr(buf, '\n', look);
            size_t cut;
            if (nl != NULL) {
                size_t ll = (size_t)(nl - buf);
                memcpy(x->pend + x->pend_len, buf, ll);
                x->pend_len += ll;
                piece(x, x->pend, x->pend_len, true);
                x->pend_len = 0;
                buf += ll + 1;
                len -= ll + 1;
                continue;
            }
            memcpy(x->pend + x->pend_len, buf, look);
            x->pend_len += look;
            buf += look;
            len -= look;
            if (x->pend_len < KSZ__X_LINE_CAP)
                return KSZ_OK;
            cut = safe_cut(x->pend, x->pend_len);
            piece(x, x->pend, cut, false);
            memmove(x->pend, x->pend + cut, x->pend_len - cut);
            x->pend_len -= cut;
        }
    }
    if (x->rc != KSZ_OK) {
        if (err != NULL)
            *err = x->err;
        return x->rc;
    }
    return KSZ_OK;
}

ksz_rc ksz_extract_finish(struct ksz_extractor *x, struct ksz_error *err)
{
    ksz_rc rc;

    if (x->pend_len > 0)
        piece(x, x->pend, x->pend_len, false);
    rc = x->rc;
    if (rc != KSZ_OK && err != NULL)
        *err = x->err;
    x->pend_len = 0;
    x->offset = 0;
    x->lineno = 1;
    x->stopped = false;
    x->rc = KSZ_OK;
    ksz__x_context_reset(&x->ctx);
    return rc;
}

ksz_rc ksz_extract_buffer(const char *buf, size_t len, const struct ksz_extract_opts *opts,
                          ksz_extract_cb cb, void *user, struct ksz_error *err)
{
    struct ksz_extractor *x;
    ksz_rc rc = ksz_extract_new(opts, cb, user, &x, err);

    if (rc != KSZ_OK)
        return rc;
    rc = ksz_extract_feed(x, buf, len, err);
    if (rc == KSZ_OK)
        rc = ksz_extract_finish(x, err);
    ksz_extract_free(x);
    return rc;
}
