/* SPDX-License-Identifier: Apache-2.0 */
/*
 * csv_in.c - CSV with a header line (RFC 4180 quoting: "a ""b""", newlines
 * inside quotes), delimiter ',', ';', tab or '|' detected from the header.
 *
 * Columns are mapped onto indicator fields by name (a header called like a
 * field, or an alias: "ioc", "indicator", "kind", ...), or explicitly with
 * --column value=ioc,type=kind (header name or 1-based column number). A
 * column mapped to nothing is ignored. Without a type column every value is
 * classified. A row with a different number of cells than the header is bad
 * input, reported with its line.
 */
#include <stdio.h>
#include <string.h>
#include "formats_int.h"

#define CSV_MAX_COLS 256

struct cell {
    size_t off, len;     /* in the row buffer (unquoted) */
};

struct csv {
    const char *buf;
    size_t len, i;
    uint64_t line;       /* line where the current row starts */
    uint64_t nl;         /* newlines consumed so far */
    char delim;
    struct ksz_buf row;  /* unquoted cells */
    struct cell cells[CSV_MAX_COLS];
    size_t ncells;
};

static char detect_delim(const char *buf, size_t len)
{
    static const char cands[] = {',', ';', '\t', '|'};
    size_t best = 0;
    char d = ',';
    const char *nl = memchr(buf, '\n', len);
    size_t end = nl ? (size_t)(nl - buf) : len;

    for (size_t c = 0; c < sizeof cands; c++) {
        size_t n = 0;
        bool q = false;
        for (size_t i = 0; i < end; i++) {
            if (buf[i] == '"')
                q = !q;
            else if (!q && buf[i] == cands[c])
                n++;
        }
        if (n > best) {
            best = n;
            d = cands[c];
        }
    }
    return d;
}

/* Read one row into c->cells. Returns KSZ_OK, KSZ_ERR_NOTFOUND at the end. */
static ksz_rc next_row(struct csv *c, const char *name, struct ksz_error *err)
{

    ksz_buf_reset(&c->row);
    c->ncells = 0;
    c->line = c->nl + 1;
    if (c->i >= c->len)
        return KSZ_ERR_NOTFOUND;
    for (;;) {
        struct cell *cell;
        if (c->ncells == CSV_MAX_COLS)
            return ksz_error_set(err, KSZ_ERR_LIMIT, "%s:%llu: more than %d columns", name,
                                 (unsigned long long)c->line, CSV_MAX_COLS);
        cell = &c->cells[c->ncells++];
        cell->off = c->row.len;
        if (c->i < c->len && c->buf[c->i] == '"') {
            c->i++;
            for (;;) {
                const char *q = memchr(c->buf + c->i, '"', c->len - c->i);
                if (q == NULL)
                    return ksz_error_set(err, KSZ_ERR_PARSE, "%s:%llu: expected a closing "
                                         "quote", name, (unsigned long long)c->line);
                for (const char *p = c->buf + c->i; p < q; p++)
                    if (*p == '\n')
                        c->nl++;
                if (ksz_buf_append(&c->row, c->buf + c->i, (size_t)(q - c->buf) - c->i) != KSZ_OK)
                    return ksz_error_set(err, KSZ_ERR_LIMIT, "%s:%llu: row too long", name,
                                         (unsigned long long)c->line);
                c->i = (size_t)(q - c->buf) + 1;
                if (c->i < c->len && c->buf[c->i] == '"') {
                    ksz_buf_putc(&c->row, '"');
                    c->i++;
                    continue;
                }
                break;
            }
            while (c->i < c->len && (c->buf[c->i] == ' ' || c->buf[c->i] == '\r'))
                c->i++;
            if (c->i < c->len && c->buf[c->i] != c->delim && c->buf[c->i] != '\n')
                return ksz_error_set(err, KSZ_ERR_PARSE, "%s:%llu: expected '%c' or the end of "
                                     "the line after a quoted cell", name,
                                     (unsigned long long)c->nl + 1,
                                     c->delim == '\t' ? ' ' : c->delim);
        } else {
            size_t s = c->i;
            while (c->i < c->len && c->buf[c->i] != c->delim && c->buf[c->i] != '\n')
                c->i++;
            if (ksz_buf_append(&c->row, c->buf + s, c->i - s) != KSZ_OK)
                return ksz_error_set(err, KSZ_ERR_LIMIT, "%s:%llu: row too long", name,
                                     (unsigned long long)c->line);
        }
        cell->len = c->row.len - cell->off;
        if (c->i < c->len && c->buf[c->i] == c->delim) {
            c->i++;
            continue;
        }
        if (c->i < c->len)    /* '\n' */
            c->i++;
        c->nl++;
        break;
    }
    if (c->ncells == 1) {     /* a blank line (maybe with a CR) holds no row */
        bool blank = true;
        for (size_t k = 0; k < c->row.len; k++)
            if (c->row.data[k] != '\r' && c->row.data[k] != ' ' && c->row.data[k] != '\t')
                blank = false;
        if (blank)
            c->ncells = 0;
    }
    return KSZ_OK;
}

static ksz_rc map_columns(const struct csv *c, const struct ksz_csv_opts *o, const char *name,
                          int map[KSZ_F__COUNT], struct ksz_error *err)
{
    for (int f = 0; f < KSZ_F__COUNT; f++)
        map[f] = -1;
    if (o == NULL || o->columns == NULL || o->columns[0] == '\0') {
        for (size_t k = 0; k < c->ncells; k++) {
            const char *h = c->row.data + c->cells[k].off;
            size_t hl = c->cells[k].len;
            while (hl > 0 && (h[hl - 1] == ' ' || h[hl - 1] == '\r'))
                hl--;
            while (hl > 0 && *h == ' ') {
                h++;
                hl--;
            }
            int f = ksz__field_from_name(h, hl);
            if (f >= 0 && map[f] < 0)
                map[f] = (int)k;
        }
    } else {
        const char *p = o->columns;
        while (*p) {
            const char *comma = strchr(p, ','), *eq;
            size_t n = comma ? (size_t)(comma - p) : strlen(p);
            int f;
            int col = -1;
            eq = memchr(p, '=', n);
            if (eq == NULL)
                return ksz_error_set(err, KSZ_ERR_INVALID, "csv: --column: expected "
                                     "field=column, found \"%.*s\"", (int)n, p);
            f = ksz__field_from_name(p, (size_t)(eq - p));
            if (f < 0)
                return ksz_error_set(err, KSZ_ERR_INVALID, "csv: --column: unknown field "
                                     "\"%.*s\"", (int)(eq - p), p);
            const char *cn = eq + 1;
            size_t cl = n - (size_t)(cn - p);
            uint64_t num;
            if (ksz__parse_u64(cn, cl, CSV_MAX_COLS, &num) == KSZ_OK && num >= 1) {
                col = (int)num - 1;
            } else {
                for (size_t k = 0; k < c->ncells; k++)
                    if (c->cells[k].len == cl &&
                        strncasecmp(c->row.data + c->cells[k].off, cn, cl) == 0)
                        col = (int)k;
            }
            if (col < 0 || (size_t)col >= c->ncells)
                return ksz_error_set(err, KSZ_ERR_INVALID, "%s: --column: no column \"%.*s\" "
                                     "in the header", name, (int)cl, cn);
            map[f] = col;
            p = comma ? comma + 1 : p + n;
        }
    }
    if (map[KSZ_F_VALUE] < 0)
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s:1: expected a header with a value column "
                             "(value, ioc, indicator or observable; or map one with --column "
                             "value=NAME)", name);
    return KSZ_OK;
}

ksz_rc ksz_csv_read(const char *name, const char *buf, size_t len, const struct ksz_csv_opts *o,
                    const struct ksz_import_defaults *d, const struct ksz_import_sink *sink,
                    struct ksz_error *err)
{
    struct csv c = {.buf = buf, .len = len};
    struct ksz__rowbuf rb = {0};
    int map[KSZ_F__COUNT];
    size_t ncols;
    ksz_rc rc;

    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        c.i = 3;
    c.delim = o && o->delimiter ? o->delimiter : detect_delim(buf + c.i, len - c.i);
    ksz_buf_init(&c.row, 16u << 20);
    ksz_buf_init(&rb.scratch, 0);
    do
        rc = next_row(&c, name, err);
    while (rc == KSZ_OK && c.ncells == 0);
    if (rc == KSZ_ERR_NOTFOUND)
        rc = ksz_error_set(err, KSZ_ERR_PARSE, "%s:1: expected a header line", name);
    if (rc == KSZ_OK)
        rc = map_columns(&c, o, name, map, err);
    ncols = c.ncells;
    while (rc == KSZ_OK) {
        struct ksz__fields f;
        rc = next_row(&c, name, err);
        if (rc == KSZ_ERR_NOTFOUND) {
            rc = KSZ_OK;
            break;
        }
        if (rc != KSZ_OK || c.ncells == 0)
            continue;
        if (c.ncells != ncols) {
            rc = ksz_error_set(err, KSZ_ERR_PARSE, "%s:%llu: expected %zu cells as in the "
                               "header, found %zu", name, (unsigned long long)c.line, ncols,
                               c.ncells);
            break;
        }
        memset(&f, 0, sizeof f);
        for (int k = 0; k < KSZ_F__COUNT; k++)
            if (map[k] >= 0) {
                f.v[k] = c.row.data + c.cells[map[k]].off;
                f.l[k] = c.cells[map[k]].len;
            }
        rc = ksz__fields_emit(&f, &rb, name, c.line, d, sink, err);
    }
    ksz_buf_cleanup(&c.row);
    ksz__rowbuf_cleanup(&rb);
    return rc;
}
