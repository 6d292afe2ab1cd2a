/* SPDX-License-Identifier: Apache-2.0 */
/*
 * context.c - what the layout of a document says about its tokens: table
 * cells and their header, headings and labels ("C&C servers", "ドメイン"),
 * "Domain: x" lines, HTTP request lines, ssh commands, and the delimited
 * spans (cells, code spans, quotes, 「」, the name after a hash) that hold
 * whole file names.
 *
 * The decision a reader must know: the context only ever decides between
 * readings of one token (is "tinyurl.one" a host or a file?); it never makes
 * an indicator out of nothing. It lives from line to line in struct xctx,
 * small and fixed in size.
 */
#include <string.h>
#include "extract/extract_int.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

void ksz__x_context_reset(struct xctx *c)
{
    memset(c, 0, sizeof *c);
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* The keywords that make a heading, label or column name speak of hosts,
 * grouped by first byte: group g is host_words[host_start[g - 1]..host_start[g]). */
static const struct {
    const char *w;
    size_t n;
} host_words[] = {
    {"c2", 2}, {"c&c", 3}, {"cnc", 3}, {"domain", 6}, {"host", 4}, {"server", 6},
    {"network", 7}, {"url", 3}, {"fqdn", 4}, {"website", 7}, {"web site", 8},
    {"\xe3\x83\x89\xe3\x83\xa1\xe3\x82\xa4\xe3\x83\xb3", 12}, /* ドメイン */
    {"\xe3\x83\x9b\xe3\x82\xb9\xe3\x83\x88", 9},             /* ホスト */
    {"\xe9\x80\x9a\xe4\xbf\xa1\xe5\x85\x88", 9},             /* 通信先 */
    {"\xe6\x8e\xa5\xe7\xb6\x9a\xe5\x85\x88", 9},             /* 接続先 */
};
static const uint8_t host_start[12] = {0, 3, 4, 5, 6, 7, 8, 9, 11, 13, 14, 15};
/* the group of each first byte, either case */
static const uint8_t host_group[256] = {
    ['c'] = 1, ['d'] = 2, ['h'] = 3, ['s'] = 4, ['n'] = 5, ['u'] = 6, ['f'] = 7, ['w'] = 8,
    ['C'] = 1, ['D'] = 2, ['H'] = 3, ['S'] = 4, ['N'] = 5, ['U'] = 6, ['F'] = 7, ['W'] = 8,
    [0xE3] = 9, [0xE9] = 10, [0xE6] = 11,
};
/* the groups whose keywords have this second byte, either case (every
 * keyword has two bytes or more) */
enum { G_C = 1 << 1, G_D = 1 << 2, G_H = 1 << 3, G_S = 1 << 4, G_N = 1 << 5, G_U = 1 << 6,
       G_F = 1 << 7, G_W = 1 << 8, G_E3 = 1 << 9, G_E9 = 1 << 10, G_E6 = 1 << 11 };
static const uint16_t host_second[256] = {
    ['2'] = G_C, ['&'] = G_C, ['n'] = G_C, ['N'] = G_C, ['o'] = G_D | G_H, ['O'] = G_D | G_H,
    ['e'] = G_S | G_N | G_W, ['E'] = G_S | G_N | G_W, ['r'] = G_U, ['R'] = G_U,
    ['q'] = G_F, ['Q'] = G_F, [0x83] = G_E3, [0x80] = G_E9, [0x8E] = G_E6,
};

/* Does a keyword start at s[i] (i + 1 < n)? */
static bool keyword_at(const char *s, size_t n, size_t i)
{
    unsigned g = host_group[(unsigned char)s[i]];

    if (g == 0 || !((host_second[(unsigned char)s[i + 1]] >> g) & 1u))
        return false;
    for (size_t k = host_start[g - 1]; k < host_start[g]; k++) {
        size_t m = host_words[k].n, j = 1;
        if (i + m > n)
            continue;
        while (j < m && lower(s[i + j]) == host_words[k].w[j])
            j++;
        if (j == m)
            return true;
    }
    return false;
}

#if defined(__SSE2__)
/* The positions among p[0..16) where the first two bytes of a keyword may
 * stand (either case; a few others too), as bits; p[16] is read. */
static unsigned keyword_starts16(const char *p)
{
    const __m128i low = _mm_set1_epi8(0x20);
    __m128i a = _mm_or_si128(_mm_loadu_si128((const __m128i *)p), low);
    __m128i b = _mm_or_si128(_mm_loadu_si128((const __m128i *)(p + 1)), low);
#define A(c) _mm_cmpeq_epi8(a, _mm_set1_epi8((char)(c)))
#define B(c) _mm_cmpeq_epi8(b, _mm_set1_epi8((char)((c) | 0x20)))
    __m128i m = _mm_and_si128(A('c'), _mm_or_si128(_mm_or_si128(B('2'), B('&')), B('n')));
    m = _mm_or_si128(m, _mm_and_si128(_mm_or_si128(A('d'), A('h')), B('o')));
    m = _mm_or_si128(m, _mm_and_si128(_mm_or_si128(_mm_or_si128(A('s'), A('n')), A('w')), B('e')));
    m = _mm_or_si128(m, _mm_and_si128(A('u'), B('r')));
    m = _mm_or_si128(m, _mm_and_si128(A('f'), B('q')));
    m = _mm_or_si128(m, _mm_and_si128(A(0xE3), B(0x83)));
    m = _mm_or_si128(m, _mm_and_si128(A(0xE9), B(0x80)));
    m = _mm_or_si128(m, _mm_and_si128(A(0xE6), B(0x8E)));
#undef A
#undef B
    return (unsigned)_mm_movemask_epi8(m);
}

/* Does a heading, label or column name speak of hosts? Positions are
 * sifted 16 at a time by their first two bytes, then compared; the last
 * ones from a copy padded with NULs, which start no keyword. */
static bool mentions_host(const char *s, size_t n)
{
    char pad[32] = {0};

    for (size_t i = 0; i + 1 < n; i += 16) {
        unsigned m;
        if (i + 17 <= n) {
            m = keyword_starts16(s + i);
        } else {
            memcpy(pad, s + i, n - i);
            m = keyword_starts16(pad) & ((1u << (n - 1 - i)) - 1);
        }
        for (; m != 0; m &= m - 1)
            if (keyword_at(s, n, i + (size_t)__builtin_ctz(m)))
                return true;
    }
    return false;
}
#else
/* Does a heading, label or column name speak of hosts? */
static bool mentions_host(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (keyword_at(s, n, i))
            return true;
    return false;
}
#endif

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static void add_span(struct xline *l, size_t s, size_t e)
{
    const char *t = l->t;

    /* trim blanks, code and passthrough marks, emphasis, quotes */
    for (;;) {
        while (s < e && is_blank(t[s]))
            s++;
        while (e > s && is_blank(t[e - 1]))
            e--;
        if (e - s >= 2 && t[s] == t[e - 1] &&
            (t[s] == '`' || t[s] == '+' || t[s] == '*' || t[s] == '"' || t[s] == '_')) {
            s++;
            e--;
            continue;
        }
        /* a full-width space (U+3000) */
        if (e - s >= 3 && (unsigned char)t[s] == 0xE3 && (unsigned char)t[s + 1] == 0x80 &&
            (unsigned char)t[s + 2] == 0x80) {
            s += 3;
            continue;
        }
        break;
    }
    if (s >= e || l->nspans >= KSZ__X_MAX_SPANS)
        return;
    l->spans[l->nspans].s = s;
    l->spans[l->nspans].e = e;
    l->spans[l->nspans].filename = false;
    l->spans[l->nspans].emitted = false;
    l->nspans++;
}

/* Each pair of the ASCII mark q in t[0..n) ("...", `...`), left to right. */
static void ascii_pairs(struct xline *l, char q)
{
    const char *t = l->t, *end = t + l->n, *o = t;

    while ((o = memchr(o, q, (size_t)(end - o))) != NULL) {
        const char *c = memchr(o + 1, q, (size_t)(end - (o + 1)));
        if (c == NULL)
            break;
        add_span(l, (size_t)(o + 1 - t), (size_t)(c - t));
        o = c + 1;
    }
}

/* The first occurrence of the 3-byte mark w in t[i..n), or n. It is found
 * by its last byte, rare in Japanese text, where its lead byte (0xE2, 0xE3)
 * starts nearly every character. */
static size_t find_mark3(const char *t, size_t i, size_t n, const char *w)
{
    while (i + 3 <= n) {
        const char *c = memchr(t + i + 2, w[2], n - (i + 2));
        size_t at;
        if (c == NULL)
            return n;
        at = (size_t)(c - t) - 2;
        if (t[at] == w[0] && t[at + 1] == w[1])
            return at;
        i = at + 1;
    }
    return n;
}

/* Pairs of open/close marks: "...", `...`, then “...”, 「...」, 『...』. */
static void quoted_spans(struct xline *l)
{
    static const char q3[][2][4] = {
        {"\xe2\x80\x9c", "\xe2\x80\x9d"},
        {"\xe3\x80\x8c", "\xe3\x80\x8d"},
        {"\xe3\x80\x8e", "\xe3\x80\x8f"},
    };
    const char *t = l->t;

    ascii_pairs(l, '"');
    ascii_pairs(l, '`');
    /* every 3-byte mark has 0x80 in the middle */
    if (memchr(t, 0x80, l->n) == NULL)
        return;
    for (size_t k = 0; k < sizeof q3 / sizeof q3[0]; k++) {
        size_t i = 0;
        while (i < l->n) {
            size_t os = find_mark3(t, i, l->n, q3[k][0]), c;
            if (os >= l->n)
                break;
            c = find_mark3(t, os + 3, l->n, q3[k][1]);
            if (c >= l->n)
                break;
            add_span(l, os + 3, c);
            i = c + 3;
        }
    }
}

static bool is_hex(char c)
{
    return (ksz__xclass[(unsigned char)c] & (XC_DIGIT | XC_HEXL)) != 0;
}

/* "<hash>  name of file.exe": the rest of the line is one span. The hash
 * is a run of 32, 40, 64 or 128 hex digits ending at a blank, so the blank
 * is looked for first. */
static void hash_name_span(struct xline *l, size_t ts)
{
    static const size_t lens[] = {32, 40, 64, 128};
    const char *t = l->t;

    if (l->n - ts <= 32 || !is_hex(t[ts]) || !is_hex(t[ts + 31]))
        return; /* most lines */
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        size_t e = ts + lens[k];
        if (e >= l->n)
            return;
        if (!is_blank(t[e]))
            continue;
        for (size_t i = ts; i < e; i++)
            if (!is_hex(t[i]))
                return; /* the run of hex digits ends before e */
        while (e < l->n && is_blank(t[e]))
            e++;
        if (e < l->n)
            add_span(l, e, l->n);
        return;
    }
}

/* Does p[0..n) hold a blank or a byte >= 0x80? Eight bytes at a time. */
static bool has_space_or_high(const char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        uint64_t v, sp;
        memcpy(&v, p + i, 8);
        sp = v ^ (ones * ' ');
        if ((v & highs) || ((sp - ones) & ~sp & highs))
            return true;
    }
    for (; i < n; i++)
        if (p[i] == ' ' || (unsigned char)p[i] >= 0x80)
            return true;
    return false;
}

/* The unquoted commas of a line, left to right: each '"' opens or closes a
 * quoted cell, whose commas are text. q is the next '"' at or after i. */
struct commas {
    const char *t;
    size_t n, i, q;
    bool quoted;
};

static size_t next_quote(const char *t, size_t i, size_t n)
{
    const char *q = memchr(t + i, '"', n - i);
    return q != NULL ? (size_t)(q - t) : n;
}

/* The next unquoted comma, or n. */
static size_t next_comma(struct commas *w)
{
    for (;;) {
        const char *c;
        if (w->quoted) {
            if (w->q >= w->n)
                return w->i = w->n;
            w->i = w->q + 1;
            w->quoted = false;
            w->q = next_quote(w->t, w->i, w->n);
        }
        c = memchr(w->t + w->i, ',', w->q - w->i);
        if (c != NULL) {
            w->i = (size_t)(c - w->t) + 1;
            return w->i - 1;
        }
        if (w->q >= w->n)
            return w->i = w->n;
        w->i = w->q + 1;
        w->quoted = true;
        w->q = next_quote(w->t, w->i, w->n);
    }
}

/* A CSV row ("2024-01-05,Procurement Letter Feb 21.doc,9f86d0..."): each
 * unquoted cell is a span, like a table cell (quoted cells are spans
 * already). Two commas or more and no ", " in the line, so that prose with
 * a comma is not cut into cells. */
static void csv_cells(struct xline *l, size_t ts)
{
    const char *t = l->t, *end = t + l->n;
    size_t commas = 0, s = ts, k;
    struct commas w;

    /* a cell without a blank or a non-ASCII letter is one word, which the
     * word rules read the same way */
    if (!has_space_or_high(t + ts, l->n - ts))
        return;
    w.q = next_quote(t, ts, l->n);
    if (w.q == l->n) {
        /* no quotes: every comma ends a cell */
        const char *c = memchr(t + ts, ',', l->n - ts);
        for (const char *p = c; p != NULL; p = memchr(p + 1, ',', (size_t)(end - (p + 1)))) {
            if (p + 1 < end && p[1] == ' ')
                return; /* prose */
            commas++;
        }
        if (commas < 2)
            return;
        for (;; c = memchr(c + 1, ',', (size_t)(end - (c + 1)))) {
            k = c != NULL ? (size_t)(c - t) : l->n;
            if (k > s && memchr(t + s, '.', k - s) != NULL)
                add_span(l, s, k);
            if (c == NULL)
                return;
            s = k + 1;
        }
    }
    w.t = t;
    w.n = l->n;
    w.i = ts;
    w.quoted = false;
    while ((k = next_comma(&w)) < l->n) {
        if (k + 1 < l->n && t[k + 1] == ' ')
            return; /* prose */
        commas++;
    }
    if (commas < 2)
        return;
    w.i = ts;
    w.q = next_quote(t, ts, l->n);
    w.quoted = false;
    do {
        k = next_comma(&w);
        if (k > s && t[s] != '"' && memchr(t + s, '.', k - s) != NULL)
            add_span(l, s, k);
        s = k + 1;
    } while (k < l->n);
}

static void cells(struct ksz_extractor *x, struct xline *l, size_t ts)
{
    /* the bytes of a separator row */
    static const bool rule[256] = {['|'] = true, ['-'] = true, [':'] = true, [' '] = true,
                                   ['\t'] = true};
    const char *t = l->t;
    bool header = x->ctx.table_header_next || (!x->ctx.in_adoc_table && !x->ctx.prev_table_row);
    size_t s = ts + 1, col = 0;
    bool separator = true;

    for (size_t i = ts; i < l->n && separator; i++)
        separator = rule[(unsigned char)t[i]];
    if (separator)
        return; /* "|---|---|" */
    if (header)
        x->ctx.host_cols = 0;
    for (size_t i = s; i <= l->n; i++) {
        if (i < l->n && t[i] != '|') {
            const char *bar = memchr(t + i, '|', l->n - i);
            i = bar != NULL ? (size_t)(bar - t) : l->n;
        }
        if (i == l->n && i - s == 0)
            break;
        if (l->ncells < KSZ__X_MAX_CELLS)
            l->cell_start[l->ncells++] = s;
        if (header && col < 64 && mentions_host(t + s, i - s))
            x->ctx.host_cols |= 1ull << col;
        if (!header)
            add_span(l, s, i);
        col++;
        s = i + 1;
    }
    x->ctx.table_header_next = false;
}

struct word {
    const char *w;
    size_t n;
};
#define W(s) {s, sizeof(s) - 1}

static bool starts_with_word(const char *t, size_t n, size_t i, const struct word *w)
{
    if (i + w->n > n)
        return false;
    for (size_t k = 0; k < w->n; k++)
        if (lower(t[i + k]) != w->w[k])
            return false;
    return i + w->n == n || !ksz__x_is_alnum((unsigned char)t[i + w->n]);
}

static void line_kind(struct ksz_extractor *x, struct xline *l, size_t ts)
{
    static const struct word methods[] = {W("get"), W("post"), W("head"), W("put"),
                                          W("delete"), W("options"), W("patch"), W("connect")};
    static const struct word host_keys[] = {W("domain"), W("domains"), W("c2"), W("c&c"),
                                            W("cnc"), W("host"), W("hostname"), W("fqdn"),
                                            W("url"), W("urls")};
    const char *t = l->t;
    size_t i = ts;
    char c = lower(t[ts]);

    (void)x;
    /* every keyword starts with one of these */
    if ((unsigned char)t[ts] < 0x80 && c != 'g' && c != 'p' && c != 'h' && c != 'd' &&
        c != 'o' && c != 'c' && c != 'u' && c != 'f' && c != '-' && c != '*')
        return;
    for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++)
        if (methods[k].w[0] == c && starts_with_word(t, l->n, i, &methods[k]) &&
            i + methods[k].n + 1 < l->n && t[i + methods[k].n + 1] == '/')
            l->http_request = true;
    /* "- Domain: x", "Domain,x,", "ドメイン　x" */
    while (i < l->n && (t[i] == '-' || t[i] == '*' || is_blank(t[i])))
        i++;
    c = i < l->n ? lower(t[i]) : 0;
    for (size_t k = 0; k < sizeof host_keys / sizeof host_keys[0]; k++)
        if (host_keys[k].w[0] == c && starts_with_word(t, l->n, i, &host_keys[k]))
            l->host_line = true;
    if (!l->host_line && l->n - i >= 12 && (unsigned char)t[i] >= 0x80 &&
        mentions_host(t + i, 12))
        l->host_line = true;
}

/* Is the line a heading or a label? *dotless is set when it was found to
 * hold no '.'. */
static bool is_heading(const char *t, size_t n, size_t ts, bool *dotless)
{
    char c = t[ts];

    if (c == '=' && ts + 1 < n && (t[ts + 1] == '=' || t[ts + 1] == ' '))
        return true;
    if (c == '#' && ts + 1 < n && (t[ts + 1] == '#' || t[ts + 1] == ' '))
        return true;
    if (c == '.' && ts + 1 < n && ((t[ts + 1] >= 'A' && t[ts + 1] <= 'Z') ||
                                   (t[ts + 1] >= 'a' && t[ts + 1] <= 'z')))
        return true;
    /* a short label line: "C2 servers:", "Network:", "Suspicious URLs" */
    if (n - ts <= 60 && t[n - 1] == ':')
        return true;
    if (n - ts > 100 || memchr(t + ts, '.', n - ts) != NULL)
        return false;
    *dotless = true;
    return memchr(t + ts, '/', n - ts) == NULL && memchr(t + ts, '@', n - ts) == NULL;
}

/* A file name ends in a dot and an extension of 2 to 5 bytes, the dot
 * after the name's first byte: is there a dot where one must be? */
static bool dot_near_end(const char *t, size_t s, size_t e)
{
    size_t lo = e - s > 6 ? e - 6 : s + 1;

    for (size_t d = lo; d + 3 <= e; d++)
        if (t[d] == '.')
            return true;
    return false;
}

void ksz__x_context_line(struct ksz_extractor *x, struct xline *l)
{
    const char *t = l->t;
    size_t ts = 0, kept = 0;
    bool dotless = false;

    l->nspans = 0;
    l->ncells = 0;
    l->host_line = false;
    l->http_request = false;
    l->ssh = false;
    while (ts < l->n && is_blank(t[ts]))
        ts++;
    if (ts == l->n) {
        x->ctx.prev_table_row = false;
        return;
    }
    if (t[ts] == '|' && l->n - ts >= 4 && memcmp(t + ts, "|===", 4) == 0) {
        x->ctx.in_adoc_table = !x->ctx.in_adoc_table;
        x->ctx.table_header_next = x->ctx.in_adoc_table;
        x->ctx.host_cols = 0;
        x->ctx.prev_table_row = false;
        return;
    }
    if (t[ts] == '|') {
        cells(x, l, ts);
        x->ctx.prev_table_row = true;
    } else {
        if (!x->ctx.in_adoc_table)
            x->ctx.prev_table_row = false;
        if (is_heading(t, l->n, ts, &dotless))
            x->ctx.section_host = mentions_host(t + ts, l->n - ts);
        hash_name_span(l, ts);
        /* a CSV cell is kept only with a dot in it */
        if (!dotless && memchr(t + ts, ',', l->n - ts) != NULL)
            csv_cells(l, ts);
    }
    line_kind(x, l, ts);
    if (l->quotes)
        quoted_spans(l);
    /* only the spans that are file names are kept, in their order: the
     * others matter to nobody, and most lines keep none */
    for (size_t k = 0; k < l->nspans; k++) {
        size_t fs, e = l->spans[k].e;
        if (!dot_near_end(t, l->spans[k].s, e))
            continue;
        if (ksz__x_span_filename(x, l, l->spans[k].s, e, &fs)) {
            l->spans[kept].s = fs;
            l->spans[kept].e = e;
            l->spans[kept].filename = true;
            l->spans[kept].emitted = false;
            kept++;
        }
    }
    l->nspans = kept;
}

bool ksz__x_host_context(const struct ksz_extractor *x, const struct xline *l, size_t i)
{
    if (l->host_line || x->ctx.section_host)
        return true;
    if (l->ncells && x->ctx.host_cols) {
        size_t col = 0;
        while (col + 1 < l->ncells && l->cell_start[col + 1] <= i)
            col++;
        return col < 64 && (x->ctx.host_cols >> col) & 1;
    }
    return false;
}

bool ksz__x_in_filename_span(const struct xline *l, size_t s, size_t e)
{
    for (size_t k = 0; k < l->nspans; k++)
        if (l->spans[k].filename && s >= l->spans[k].s && e <= l->spans[k].e)
            return true;
    return false;
}

void ksz__x_flush_spans(struct ksz_extractor *x, struct xline *l, size_t i)
{
    for (size_t k = 0; k < l->nspans && !x->stopped; k++) {
        struct xspan *sp = &l->spans[k];
        if (!sp->filename || sp->emitted || sp->s >= i)
            continue;
        sp->emitted = true;
        ksz__x_emit(x, l, KSZ_IOC_FILENAME, sp->s, sp->e, l->t + sp->s, sp->e - sp->s, 0);
    }
}
