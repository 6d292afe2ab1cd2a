/* SPDX-License-Identifier: Apache-2.0 */
/*
 * csv.c - CSV logs with a header line (RFC 4180 quoting): the columns named
 * by --field NAME=TYPE. A quoted cell with doubled quotes is undone into
 * scratch; other cells point into the line.
 */
#include "logs/logs_int.h"

/* Next cell at s[*i]; *i ends past the comma. false when the quoting is bad. */
static bool cell(struct ksz_log_parser *p, const char *s, size_t len, size_t *i, const char **v,
                 size_t *n)
{
    size_t j = *i;

    if (j < len && s[j] == '"') {
        size_t start = ++j;
        bool doubled = false;
        for (;;) {
            const char *q = memchr(s + j, '"', len - j);
            if (q == NULL)
                return false;
            j = (size_t)(q - s);
            if (j + 1 < len && s[j + 1] == '"') {
                doubled = true;
                j += 2;
                continue;
            }
            break;
        }
        *v = s + start;
        *n = j - start;
        if (doubled) {
            char *o = logs_scratch(p, *n);
            size_t k = 0;
            if (o == NULL) {
                *n = 0;
            } else {
                for (size_t m = start; m < j; m++) {
                    o[k++] = s[m];
                    if (s[m] == '"')
                        m++;
                }
                *v = o;
                *n = k;
            }
        }
        j++;   /* closing quote */
        if (j < len && s[j] != p->sep)
            return false;
        *i = j + 1;
        return true;
    }
    {
        const char *e = memchr(s + j, p->sep, len - j);
        *v = s + j;
        *n = e ? (size_t)(e - (s + j)) : len - j;
        *i = j + *n + 1;
    }
    return true;
}

static bool header_matches(const struct ksz_log_parser *p, const char *s, size_t len)
{
    size_t n = p->ncols ? strlen(p->cols[0].name) : 0;
    return n > 0 && len >= n && memcmp(s, p->cols[0].name, n) == 0 &&
           (len == n || s[n] == p->sep);
}

ksz_rc ksz__logs_csv_layout(struct ksz_log_parser *p, const char *head, size_t len,
                            struct ksz_error *err)
{
    const char *nl = memchr(head, '\n', len);
    size_t n = nl ? (size_t)(nl - head) : len, i = 0;
    size_t found = 0;

    if (n > 0 && head[n - 1] == '\r')
        n--;
    if (n == 0)
        return ksz_error_set(err, KSZ_ERR_INVALID, "csv: expected a header line");
    while (i <= n && p->ncols < LOGS_COLS_MAX) {
        const char *v;
        size_t vn;
        struct logs_col *c = &p->cols[p->ncols];
        const char *mapped = NULL;
        if (!cell(p, head, n, &i, &v, &vn))
            return ksz_error_set(err, KSZ_ERR_INVALID, "csv: bad quoting in the header line");
        if (p->names_len + vn + 1 > LOGS_NAMES_MAX)
            return ksz_error_set(err, KSZ_ERR_LIMIT, "csv: header line too long");
        memcpy(p->names + p->names_len, v, vn);
        p->names[p->names_len + vn] = '\0';
        c->name = p->names + p->names_len;
        p->names_len += vn + 1;
        c->kind = ksz__logs_map_kind(p, v, vn, &mapped);
        c->is_set = false;
        if (c->kind == KSZ_LOG_K_TIME) {
            p->time_col = (int)p->ncols;
            c->kind = KSZ_LOG_K_NONE;
        }
        found += mapped != NULL;
        p->ncols++;
        p->scratch_len = 0;
    }
    for (size_t m = 0; m < p->nmaps; m++) {
        bool seen = false;
        for (size_t c = 0; c < p->ncols && !seen; c++)
            seen = strcmp(p->cols[c].name, p->maps[m].name) == 0;
        if (!seen)
            return ksz_error_set(err, KSZ_ERR_INVALID, "csv: no column '%s' in the header line",
                                 p->maps[m].name);
    }
    p->have_layout = found > 0;
    return KSZ_OK;
}

ksz_rc ksz__logs_csv(struct ksz_log_parser *p, const char *s, size_t len,
                     struct ksz_log_record *rec, struct ksz_error *err)
{
    size_t i = 0, col = 0;

    if (header_matches(p, s, len))
        return KSZ_ERR_NOTFOUND;   /* the header line itself (again, in each file) */
    while (i <= len && col < p->ncols) {
        const char *v;
        size_t n;
        if (!cell(p, s, len, &i, &v, &n))
            return ksz_error_set(err, KSZ_ERR_PARSE, "csv: expected a closing '\"' in column %zu",
                                 col + 1);
        if ((int)col == p->time_col) {
            if (ksz_log_time_any(v, n, &rec->ts, &rec->usec) != KSZ_OK)
                return ksz_error_set(err, KSZ_ERR_PARSE, "csv: expected a time in column '%s'",
                                     p->cols[col].name);
        } else if (p->cols[col].kind != KSZ_LOG_K_NONE) {
            logs_add(rec, p->cols[col].name, v, n, p->cols[col].kind);
        }
        col++;
    }
    if (col < p->ncols)
        return ksz_error_set(err, KSZ_ERR_PARSE, "csv: expected %zu columns, got %zu", p->ncols,
                             col);
    return KSZ_OK;
}
