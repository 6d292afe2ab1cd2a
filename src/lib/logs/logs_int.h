/* SPDX-License-Identifier: Apache-2.0 */
/*
 * logs_int.h - what the log parsers share: the parser object, the column
 * layout of tabular logs (Zeek TSV, CSV), the scratch space values may be
 * built in, and the small JSON scanner.
 */
#ifndef KSZ_LOGS_INT_H
#define KSZ_LOGS_INT_H

#include <string.h>
#include "core/core_int.h"
#include "kizashi/logs.h"

/* Values unescaped from JSON or assembled (host + path into a URL) go here;
 * a value that does not fit is left out of the record, never cut. */
#define LOGS_SCRATCH (64u * 1024u)
#define LOGS_COLS_MAX 256
#define LOGS_NAMES_MAX (16u * 1024u)

/* One column of a tabular log. */
struct logs_col {
    const char *name;      /* in parser->names, or a field map's name */
    ksz_log_kind kind;
    bool is_set;           /* a Zeek set/vector: split on set_sep */
};

struct ksz_log_parser {
    ksz_log_format format;
    const struct ksz_log_fieldmap *maps;
    size_t nmaps;
    /* Tabular layout (Zeek TSV from #fields, CSV from its header line). */
    struct logs_col cols[LOGS_COLS_MAX];
    size_t ncols;
    int time_col;          /* -1: none */
    int host_col, uri_col; /* Zeek http: build a URL from both; -1: none */
    bool have_layout;      /* CSV: the header was seen */
    char sep, set_sep;
    char names[LOGS_NAMES_MAX];
    size_t names_len;
    /* Per line. */
    char scratch[LOGS_SCRATCH];
    size_t scratch_len;
};

/* Format entry points: parse one line (no '\n', no trailing '\r'). Same
 * contract as ksz_log_parse. */
typedef ksz_rc (*logs_parse_fn)(struct ksz_log_parser *p, const char *s, size_t len,
                                struct ksz_log_record *rec, struct ksz_error *err);
ksz_rc ksz__logs_squid(struct ksz_log_parser *p, const char *s, size_t len,
                       struct ksz_log_record *rec, struct ksz_error *err);
ksz_rc ksz__logs_clf(struct ksz_log_parser *p, const char *s, size_t len,
                     struct ksz_log_record *rec, struct ksz_error *err);
ksz_rc ksz__logs_zeek_tsv(struct ksz_log_parser *p, const char *s, size_t len,
                          struct ksz_log_record *rec, struct ksz_error *err);
ksz_rc ksz__logs_zeek_json(struct ksz_log_parser *p, const char *s, size_t len,
                           struct ksz_log_record *rec, struct ksz_error *err);
ksz_rc ksz__logs_eve(struct ksz_log_parser *p, const char *s, size_t len,
                     struct ksz_log_record *rec, struct ksz_error *err);
ksz_rc ksz__logs_bind(struct ksz_log_parser *p, const char *s, size_t len,
                      struct ksz_log_record *rec, struct ksz_error *err);
ksz_rc ksz__logs_awswaf(struct ksz_log_parser *p, const char *s, size_t len,
                        struct ksz_log_record *rec, struct ksz_error *err);
ksz_rc ksz__logs_jsonl(struct ksz_log_parser *p, const char *s, size_t len,
                       struct ksz_log_record *rec, struct ksz_error *err);
ksz_rc ksz__logs_csv(struct ksz_log_parser *p, const char *s, size_t len,
                     struct ksz_log_record *rec, struct ksz_error *err);

/* Layout from the head of a file: Zeek #separator / #set_separator / #fields
 * lines (zeek_tsv.c); the CSV header (csv.c). KSZ_ERR_INVALID when missing. */
ksz_rc ksz__logs_zeek_layout(struct ksz_log_parser *p, const char *head, size_t len,
                             struct ksz_error *err);
ksz_rc ksz__logs_csv_layout(struct ksz_log_parser *p, const char *head, size_t len,
                            struct ksz_error *err);
/* The kind of a Zeek field name ("id.resp_h" -> IP, "query" -> DOMAIN, ...). */
ksz_log_kind ksz__logs_zeek_kind(const char *name, size_t len, const char **stable);

/* Append a field; silently ignored past KSZ_LOG_FIELDS_MAX or when empty or
 * "-" (the unset marker of most formats). */
static inline void logs_add(struct ksz_log_record *rec, const char *name, const char *v,
                            size_t len, ksz_log_kind kind)
{
    if (len == 0 || (len == 1 && v[0] == '-') || rec->n >= KSZ_LOG_FIELDS_MAX)
        return;
    rec->f[rec->n].name = name;
    rec->f[rec->n].val = v;
    rec->f[rec->n].len = len;
    rec->f[rec->n].kind = kind;
    rec->n++;
}

/* Reserve n bytes of scratch; NULL when full. */
static inline char *logs_scratch(struct ksz_log_parser *p, size_t n)
{
    char *r;
    if (n > LOGS_SCRATCH - p->scratch_len)
        return NULL;
    r = p->scratch + p->scratch_len;
    p->scratch_len += n;
    return r;
}

/* Build "http://" host uri into scratch when uri is a path; NULL if it does
 * not fit or uri is already absolute (then the caller uses uri). */
const char *ksz__logs_join_url(struct ksz_log_parser *p, const char *host, size_t hlen,
                               const char *uri, size_t ulen, size_t *outlen);

/* ---- JSON scanning -------------------------------------------------------
 * Walks one JSON object and calls back for every scalar leaf with its dotted
 * path ("dns.answers.rdata": array levels add nothing) and its value: the
 * text between the quotes for strings (unescaped into scratch when it holds
 * escapes), the raw token otherwise. An object inside an array starts an
 * element: elem_begin counts them, so "name"/"value" pairs can be paired. */
struct logs_json_leaf {
    const char *path;
    size_t plen;
    const char *val;
    size_t vlen;
    bool is_str;
    unsigned elem;         /* element counter of the innermost array of objects */
};
typedef void (*logs_json_cb)(void *ctx, const struct logs_json_leaf *leaf);
/* Returns KSZ_OK, or KSZ_ERR_PARSE with "expected ..." and the byte offset. */
ksz_rc ksz__logs_json_walk(struct ksz_log_parser *p, const char *s, size_t len, logs_json_cb cb,
                           void *ctx, struct ksz_error *err);

/* The kind a --field mapping gives name (and its name), or NONE. */
ksz_log_kind ksz__logs_map_kind(const struct ksz_log_parser *p, const char *name, size_t len,
                                const char **mapped);

static inline bool logs_eq(const char *a, size_t alen, const char *lit)
{
    size_t n = strlen(lit);
    return alen == n && memcmp(a, lit, n) == 0;
}

#endif
