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

void ksz__x_context_reset(struct xctx *c)
{
    memset(c, 0, sizeof *c);
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* Does a heading, label or column name speak of hosts? One pass: each
 * position is compared only with the keywords starting with its byte. */
static bool mentions_host(const char *s, size_t n)
{
    static const struct {
        const char *w;
        size_t n;
    } words[] = {
        /* grouped by first byte; first[] gives each group's start + 1 */
        {"c2", 2}, {"c&c", 3}, {"cnc", 3}, {"domain", 6}, {"host", 4}, {"server", 6},
        {"network", 7}, {"url", 3}, {"fqdn", 4}, {"website", 7}, {"web site", 8},
        {"\xe3\x83\x89\xe3\x83\xa1\xe3\x82\xa4\xe3\x83\xb3", 12}, /* ドメイン */
        {"\xe3\x83\x9b\xe3\x82\xb9\xe3\x83\x88", 9},             /* ホスト */
        {"\xe9\x80\x9a\xe4\xbf\xa1\xe5\x85\x88", 9},             /* 通信先 */
        {"\xe6\x8e\xa5\xe7\xb6\x9a\xe5\x85\x88", 9},             /* 接続先 */
    };
    enum { NW = sizeof words / sizeof words[0] };

    /* the first bytes of the keywords, either case: where their group starts, + 1 */
    static const uint8_t first[256] = {
        ['c'] = 1, ['d'] = 4, ['h'] = 5, ['s'] = 6, ['n'] = 7, ['u'] = 8, ['f'] = 9, ['w'] = 10,
        ['C'] = 1, ['D'] = 4, ['H'] = 5, ['S'] = 6, ['N'] = 7, ['U'] = 8, ['F'] = 9, ['W'] = 10,
        [0xE3] = 12, [0xE9] = 14, [0xE6] = 15,
    };

    for (size_t i = 0; i < n; i++) {
        char c;
        if (!first[(unsigned char)s[i]])
            continue;
        c = lower(s[i]);
        for (size_t k = first[(unsigned char)s[i]] - 1u; k < NW && words[k].w[0] == c; k++) {
            size_t m = words[k].n, j = 0;
            if (i + m > n)
                continue;
            while (j < m && lower(s[i + j]) == words[k].w[j])
                j++;
            if (j == m)
                return true;
        }
    }
    return false;
}

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

/* The first occurrence of the mark w[0..wn) (1 or 3 bytes) in t[i..n), or
 * n. A 3-byte mark is found by its last byte, rare in Japanese text, where
 * its lead byte (0xE2, 0xE3) starts nearly every character. */
static size_t find_mark(const char *t, size_t i, size_t n, const char *w, size_t wn)
{
    while (i + wn <= n) {
        const char *c = memchr(t + i + wn - 1, w[wn - 1], n - (i + wn - 1));
        size_t at;
        if (c == NULL)
            return n;
        at = (size_t)(c - t) - (wn - 1);
        if (memcmp(t + at, w, wn - 1) == 0)
            return at;
        i = at + 1;
    }
    return n;
}

/* Pairs of open/close marks: "...", “...”, 「...」, 『...』, `...`. */
static void quoted_spans(struct xline *l)
{
    static const struct {
        const char *open, *close;
        size_t ol, cl;
    } q[] = {
        {"\"", "\"", 1, 1},
        {"`", "`", 1, 1},
        {"\xe2\x80\x9c", "\xe2\x80\x9d", 3, 3},
        {"\xe3\x80\x8c", "\xe3\x80\x8d", 3, 3},
        {"\xe3\x80\x8e", "\xe3\x80\x8f", 3, 3},
    };
    const char *t = l->t;

    for (size_t k = 0; k < sizeof q / sizeof q[0]; k++) {
        size_t ol = q[k].ol, cl = q[k].cl, i = 0;
        while (i < l->n) {
            size_t os = find_mark(t, i, l->n, q[k].open, ol), c;
            if (os >= l->n)
                break;
            c = find_mark(t, os + ol, l->n, q[k].close, cl);
            if (c >= l->n)
                break;
            add_span(l, os + ol, c);
            i = c + cl;
        }
    }
}

static bool is_hexc(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* "<hash>  name of file.exe": the rest of the line is one span. */
static void hash_name_span(struct xline *l, size_t ts)
{
    const char *t = l->t;
    size_t k = ts, n;

    while (k < l->n && is_hexc(t[k]))
        k++;
    n = k - ts;
    if ((n != 32 && n != 40 && n != 64 && n != 128) || k >= l->n || !is_blank(t[k]))
        return;
    while (k < l->n && is_blank(t[k]))
        k++;
    if (k < l->n)
        add_span(l, k, l->n);
}

/* A CSV row ("2024-01-05,Procurement Letter Feb 21.doc,9f86d0..."): each
 * unquoted cell is a span, like a table cell (quoted cells are spans
 * already). Two commas or more and no ", " in the line, so that prose with
 * a comma is not cut into cells. */
static void csv_cells(struct xline *l, size_t ts)
{
    const char *t = l->t;
    size_t commas = 0, s = ts;
    bool quoted = false, wide = false;

    /* prose: a ", " and no quotes at all */
    if (memchr(t + ts, '"', l->n - ts) == NULL) {
        const char *c = memchr(t + ts, ',', l->n - ts);
        while (c != NULL && c + 1 < t + l->n && c[1] != ' ')
            c = memchr(c + 1, ',', (size_t)(t + l->n - (c + 1)));
        if (c != NULL && c + 1 < t + l->n)
            return;
    }
    for (size_t i = ts; i < l->n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted) {
            if (i + 1 < l->n && t[i + 1] == ' ')
                return;
            commas++;
        }
        wide |= c == ' ' || c >= 0x80;
    }
    /* a cell without a blank or a non-ASCII letter is one word, which the
     * word rules read the same way */
    if (commas < 2 || !wide)
        return;
    quoted = false;
    for (size_t i = ts; i <= l->n; i++) {
        if (i < l->n && t[i] == '"')
            quoted = !quoted;
        if (i < l->n && (t[i] != ',' || quoted))
            continue;
        if (i > s && t[s] != '"' && memchr(t + s, '.', i - s) != NULL)
            add_span(l, s, i);
        s = i + 1;
    }
}

static void cells(struct ksz_extractor *x, struct xline *l, size_t ts)
{
    const char *t = l->t;
    bool header = x->ctx.table_header_next || (!x->ctx.in_adoc_table && !x->ctx.prev_table_row);
    size_t s = ts + 1, col = 0;
    bool separator = true;

    for (size_t i = ts; i < l->n && separator; i++)
        if (t[i] != '|' && t[i] != '-' && t[i] != ':' && !is_blank(t[i]))
            separator = false;
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
        if (starts_with_word(t, l->n, i, &methods[k]) && i + methods[k].n + 1 < l->n &&
            t[i + methods[k].n + 1] == '/')
            l->http_request = true;
    /* "- Domain: x", "Domain,x,", "ドメイン　x" */
    while (i < l->n && (t[i] == '-' || t[i] == '*' || is_blank(t[i])))
        i++;
    for (size_t k = 0; k < sizeof host_keys / sizeof host_keys[0]; k++)
        if (starts_with_word(t, l->n, i, &host_keys[k]))
            l->host_line = true;
    if (!l->host_line && l->n - i >= 12 && (unsigned char)t[i] >= 0x80 &&
        mentions_host(t + i, 12))
        l->host_line = true;
}

static bool is_heading(const char *t, size_t n, size_t ts)
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
    return n - ts <= 100 && memchr(t + ts, '.', n - ts) == NULL &&
           memchr(t + ts, '/', n - ts) == NULL && memchr(t + ts, '@', n - ts) == NULL;
}

void ksz__x_context_line(struct ksz_extractor *x, struct xline *l)
{
    const char *t = l->t;
    size_t ts = 0;

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
    if (l->n - ts >= 4 && memcmp(t + ts, "|===", 4) == 0) {
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
        if (is_heading(t, l->n, ts))
            x->ctx.section_host = mentions_host(t + ts, l->n - ts);
        hash_name_span(l, ts);
        if (memchr(t + ts, ',', l->n - ts) != NULL)
            csv_cells(l, ts);
    }
    line_kind(x, l, ts);
    if (l->quotes)
        quoted_spans(l);
    for (size_t k = 0; k < l->nspans; k++) {
        size_t fs;
        if (ksz__x_span_filename(x, l, l->spans[k].s, l->spans[k].e, &fs)) {
            l->spans[k].filename = true;
            l->spans[k].s = fs;
        }
    }
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
