/* SPDX-License-Identifier: Apache-2.0 */
/*
 * logs.h - reading logs: framing (files, stdin, directories, .gz and .zst by
 * magic bytes), format detection, and one parser per log format that turns a
 * line into a timestamp and a few typed fields.
 *
 * Parsers find only the fields a hunt needs and never allocate per line: a
 * record's values point into the line or into the parser's scratch space and
 * stay valid until the next call on the same parser. One parser per thread;
 * ksz_log_parser_clone gives a worker its own copy of a file's layout (Zeek
 * #fields, CSV header) learnt from the head of the file.
 */
#ifndef KIZASHI_LOGS_H
#define KIZASHI_LOGS_H

#include "kizashi/buf.h"
#include "kizashi/error.h"

typedef enum ksz_log_format {
    KSZ_LOG_AUTO = 0,      /* detect from the first lines */
    KSZ_LOG_SQUID = 1,     /* Squid native access.log */
    KSZ_LOG_CLF = 2,       /* Apache/nginx common log format */
    KSZ_LOG_COMBINED = 3,  /* common + "referer" "user-agent" */
    KSZ_LOG_ZEEK = 4,      /* Zeek TSV, any log (#fields header) */
    KSZ_LOG_ZEEK_JSON = 5, /* Zeek JSON lines */
    KSZ_LOG_EVE = 6,       /* Suricata EVE JSON */
    KSZ_LOG_BIND = 7,      /* BIND query log */
    KSZ_LOG_AWSWAF = 8,    /* AWS WAF JSON logs */
    KSZ_LOG_JSONL = 9,     /* generic JSON lines, fields by --field */
    KSZ_LOG_CSV = 10,      /* CSV with a header line, fields by --field */
    KSZ_LOG__COUNT
} ksz_log_format;

/* "squid", "clf", "combined", "zeek", "zeek-json", "eve", "bind", "awswaf",
 * "jsonl", "csv"; "auto" for KSZ_LOG_AUTO. */
const char *ksz_log_format_name(ksz_log_format f);
/* The reverse; KSZ_ERR_NOTFOUND for an unknown name. */
ksz_rc ksz_log_format_parse(const char *s, size_t len, ksz_log_format *out);

/* What a field's value is looked up as. */
typedef enum ksz_log_kind {
    KSZ_LOG_K_NONE = 0,
    KSZ_LOG_K_IP = 1,      /* an IPv4 or IPv6 literal */
    KSZ_LOG_K_HOST = 2,    /* a domain name or an IP literal, maybe "[v6]" or ":port" */
    KSZ_LOG_K_DOMAIN = 3,  /* a DNS name (query, SNI) */
    KSZ_LOG_K_URL = 4,     /* an absolute URL, or an authority "host:port" (CONNECT) */
    KSZ_LOG_K_HASH = 5,    /* MD5, SHA-1, SHA-256 or SHA-512 hex, by length */
    KSZ_LOG_K_EMAIL = 6,   /* local@domain, maybe inside <...> */
    KSZ_LOG_K_TIME = 7,    /* field maps only: the record's timestamp */
    KSZ_LOG_K__COUNT
} ksz_log_kind;

/* "ip", "host", "domain", "url", "hash", "email", "time". */
const char *ksz_log_kind_name(ksz_log_kind k);
/* Accepts the names above and "ipv4", "ipv6", "md5", "sha1", "sha256",
 * "sha512", "hostname", "fqdn", "timestamp". KSZ_ERR_NOTFOUND otherwise. */
ksz_rc ksz_log_kind_parse(const char *s, size_t len, ksz_log_kind *out);

/* One --field NAME=TYPE mapping for generic JSON lines (NAME is a dotted
 * path, "a.b.c"; arrays are looked through) and CSV (NAME is a header
 * column). */
#define KSZ_LOG_FIELD_NAME_MAX 128
struct ksz_log_fieldmap {
    char name[KSZ_LOG_FIELD_NAME_MAX];
    ksz_log_kind kind;
};

/* Parse "NAME=TYPE" (NUL-terminated) into m. KSZ_ERR_INVALID with a message
 * otherwise. */
ksz_rc ksz_log_fieldmap_parse(const char *s, struct ksz_log_fieldmap *m, struct ksz_error *err);

#define KSZ_LOG_FIELDS_MAX 24

/* One observed value of a record. */
struct ksz_log_field {
    const char *name;      /* the log's own name: "url", "dns.rrname", "query", ... */
    const char *val;       /* not NUL-terminated */
    size_t len;
    ksz_log_kind kind;
};

/* One log line's worth of what a hunt needs. */
struct ksz_log_record {
    int64_t ts;            /* UTC epoch seconds; KSZ_LOG_NO_TIME when the line had none */
    uint32_t usec;         /* fraction of the second, microseconds */
    size_t n;
    struct ksz_log_field f[KSZ_LOG_FIELDS_MAX];
};
#define KSZ_LOG_NO_TIME INT64_MIN

/* ---- timestamps --------------------------------------------------------
 * Hand-written, table-free parsers: no strptime, mktime or time zone
 * database; days-from-civil arithmetic. Each returns KSZ_OK with *ts in UTC
 * epoch seconds and *usec, or KSZ_ERR_PARSE. The whole of s[0..len) must be
 * the timestamp. */

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
int64_t ksz_log_days_from_civil(int64_t y, unsigned m, unsigned d);
/* "1286536309", "1286536309.450", "1286536309.450123" */
ksz_rc ksz_log_time_epoch(const char *s, size_t len, int64_t *ts, uint32_t *usec);
/* "10/Oct/2000:13:55:36 -0700" (without the brackets) */
ksz_rc ksz_log_time_clf(const char *s, size_t len, int64_t *ts, uint32_t *usec);
/* "2024-01-02T03:04:05Z", "...05.123456+0000", "...05+09:00", ' ' for 'T';
 * no zone means UTC. */
ksz_rc ksz_log_time_iso8601(const char *s, size_t len, int64_t *ts, uint32_t *usec);
/* "01-Jan-2024 12:00:00.000" (BIND; taken as UTC) */
ksz_rc ksz_log_time_bind(const char *s, size_t len, int64_t *ts, uint32_t *usec);
/* Any of the above, tried by shape; epoch milliseconds (13 digits) too. */
ksz_rc ksz_log_time_any(const char *s, size_t len, int64_t *ts, uint32_t *usec);

/* ---- parsers ---------------------------------------------------------- */

struct ksz_log_parser;

struct ksz_log_opts {
    ksz_log_format format;                  /* KSZ_LOG_AUTO: detect */
    const struct ksz_log_fieldmap *fields;  /* --field mappings, borrowed */
    size_t nfields;
};

/* Guess a format from the first bytes of a log (whole lines or not).
 * KSZ_LOG_AUTO when nothing fits. Thread-safe. */
ksz_log_format ksz_log_detect(const char *head, size_t len);

/* A parser for one file.
 *   o          IN  format (or AUTO) and field mappings; borrowed for the parser's life
 *   head, len  IN  the first bytes of the file: detection, Zeek #fields and
 *                  #separator, CSV header; may be empty for fixed formats
 * KSZ_ERR_INVALID when the format cannot be detected or needs --field
 * mappings that are missing or unknown to it (err says which). *out NULL on
 * entry, set on KSZ_OK. */
ksz_rc ksz_log_parser_new(const struct ksz_log_opts *o, const char *head, size_t len,
                          struct ksz_log_parser **out, struct ksz_error *err);
/* A copy with the same layout and its own scratch space, for another thread. */
ksz_rc ksz_log_parser_clone(const struct ksz_log_parser *p, struct ksz_log_parser **out,
                            struct ksz_error *err);
void ksz_log_parser_free(struct ksz_log_parser *p);
ksz_log_format ksz_log_parser_format(const struct ksz_log_parser *p);

/* Parse one line (without its '\n'; a trailing '\r' is ignored).
 * Returns KSZ_OK with rec filled (values valid until the next call on p),
 * KSZ_ERR_NOTFOUND for a line that holds no event (blank, comment, header:
 * a Zeek #fields line updates the layout), KSZ_ERR_PARSE for a malformed
 * line, err saying "expected ...". Never allocates. One thread per parser. */
ksz_rc ksz_log_parse(struct ksz_log_parser *p, const char *line, size_t len,
                     struct ksz_log_record *rec, struct ksz_error *err);

/* True if v points into p's scratch space: such a value is overwritten by
 * the next ksz_log_parse on p (others point into the line). */
bool ksz_log_parser_owns(const struct ksz_log_parser *p, const char *v);

/* ---- inputs ------------------------------------------------------------ */

typedef enum ksz_log_compression {
    KSZ_LOG_PLAIN = 0,
    KSZ_LOG_GZIP = 1,
    KSZ_LOG_ZSTD = 2
} ksz_log_compression;

/* Bytes kept from the start of each input for detection. */
#define KSZ_LOG_HEAD_MAX (64u * 1024u)
/* The default size of one read, and the longest line kept whole. */
#define KSZ_LOG_BLOCK (2u * 1024u * 1024u)
#define KSZ_LOG_LINE_MAX (1024u * 1024u)

struct ksz_log_input;

/* Open path ("-" is standard input), decompressing by magic bytes (gzip,
 * zstd; concatenated members and frames included).
 * KSZ_ERR_IO naming the file when it cannot be opened or is a directory. */
ksz_rc ksz_log_input_open(const char *path, struct ksz_log_input **out, struct ksz_error *err);
/* The same over an open descriptor (not closed by the input); name is for messages. */
ksz_rc ksz_log_input_fdopen(int fd, const char *name, struct ksz_log_input **out,
                            struct ksz_error *err);
void ksz_log_input_close(struct ksz_log_input *in);
const char *ksz_log_input_name(const struct ksz_log_input *in);
ksz_log_compression ksz_log_input_compression(const struct ksz_log_input *in);
/* The file's size when it is a plain (uncompressed) regular file, else 0:
 * only such inputs can be read by ranges. */
uint64_t ksz_log_input_size(const struct ksz_log_input *in);

/* The first (decompressed) bytes, at most KSZ_LOG_HEAD_MAX; borrowed until
 * the input is closed. Reading them does not consume them. */
ksz_rc ksz_log_input_head(struct ksz_log_input *in, const char **data, size_t *len,
                          struct ksz_error *err);

/* The next block of whole lines, in order: every line ends in '\n' except the
 * very last of the input when it has none. A line longer than
 * KSZ_LOG_LINE_MAX is cut there and the rest of it skipped (it still counts
 * as one line), the same way ksz_log_input_range does, so both readings of
 * a file give the same lines. *data borrowed until the next call.
 * KSZ_ERR_NOTFOUND at the end; KSZ_ERR_IO or KSZ_ERR_PARSE (corrupt or
 * truncated compressed data) naming the file. */
ksz_rc ksz_log_input_next(struct ksz_log_input *in, const char **data, size_t *len,
                          struct ksz_error *err);

/* For plain regular files only: the lines that START in [off, off + len),
 * read with pread into buf; *data and *dlen point into buf at them. A large
 * file that was not modified in the last minute is mapped at open instead:
 * *data then points into the mapping (valid until the input is closed) and
 * buf is not used. The last line is completed even past off + len (up to
 * KSZ_LOG_LINE_MAX, or whole when mapped). Ranges that tile the file give
 * every line exactly once. Thread-safe (any number of threads on one
 * input, each with its own buf). */
ksz_rc ksz_log_input_range(const struct ksz_log_input *in, uint64_t off, uint64_t len,
                           struct ksz_buf *buf, const char **data, size_t *dlen,
                           struct ksz_error *err);

/* Expand paths into files: a directory is walked recursively (entries in
 * byte order, hidden files and symlinked directories skipped); "-" is kept.
 * cb is called for each file in order; its non-OK return stops the walk. A
 * path that does not exist gives KSZ_ERR_IO (after the others were walked
 * when keep_going). */
typedef ksz_rc (*ksz_log_walk_cb)(const char *path, void *user);
ksz_rc ksz_log_walk(const char *const *paths, size_t n, bool keep_going, ksz_log_walk_cb cb,
                    void *user, struct ksz_error *err);

#endif
