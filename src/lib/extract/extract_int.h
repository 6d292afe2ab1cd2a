/* SPDX-License-Identifier: Apache-2.0 */
/*
 * extract_int.h - what the files of the extractor share.
 *
 * scan.c drives: it frames the input into lines (pieces of at most
 * KSZ__X_LINE_CAP bytes), refangs a line only when it holds a defang marker,
 * updates the document context (context.c), then walks the line's words and
 * hands each to the rules (url.c, host.c, ids.c, filename.c). Every hit goes
 * through emit.c, which canonicalises, classifies, filters and de-duplicates.
 * Positions inside a line are indexes into the (possibly refanged) line text;
 * emit.c maps them back to the original input.
 */
#ifndef KSZ_EXTRACT_INT_H
#define KSZ_EXTRACT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/core_int.h"
#include "kizashi/extract.h"

/* The longest piece of a line scanned at once; longer lines are cut at a
 * blank. Bounds all per-line memory. */
#define KSZ__X_LINE_CAP 65536
#define KSZ__X_MAX_SPANS 64
#define KSZ__X_MAX_CELLS 64
#define KSZ__X_MAX_IDN 16

/* Byte classes (scan.c's table). */
enum {
    XC_SPACE = 1u << 0,  /* ends a word: blanks, quotes, backtick, <>, |, non-ASCII */
    XC_DIGIT = 1u << 1,
    XC_HEXL = 1u << 2,   /* a-f A-F */
    XC_ALPHA = 1u << 3,  /* other letters */
    XC_DOT = 1u << 4,
    XC_COLON = 1u << 5,
    XC_SLASH = 1u << 6,  /* / and \ */
    XC_AT = 1u << 7,
    XC_RUN = 1u << 8,    /* [A-Za-z0-9._-]: a name run */
    XC_HIGH = 1u << 9,   /* >= 0x80 */
    XC_DASH = 1u << 10,
    XC_UNDER = 1u << 11, /* '_' */
    XC_PUNCT = 1u << 12, /* other ASCII in a word: ! # $ % & ( ) * + , ; = ? [ ] ^ { } ~ */
};
/* A word whose bytes OR to a mask within XC_ALNUM is letters and digits only. */
#define XC_ALNUM (XC_DIGIT | XC_HEXL | XC_ALPHA | XC_RUN)
extern const uint16_t ksz__xclass[256];

/* A span of the line whose whole content may be a file name: a table cell,
 * a code span, a quoted string, the name after a hash. */
struct xspan {
    size_t s, e;        /* content, trimmed */
    bool filename;      /* content is a file name (emitted when reached) */
    bool emitted;
};

/* The line being scanned. */
struct xline {
    const char *t;          /* text, refanged when refanged */
    size_t n;
    const char *orig;       /* the original bytes of the line */
    size_t orig_n;
    const uint64_t *map;    /* t index -> orig index; NULL when t == orig */
    uint64_t base;          /* input offset of orig[0] */
    uint64_t lineno;
    bool refanged;
    bool host_line;         /* the line lists hosts ("Domain: ...", a C2 row) */
    bool http_request;      /* "GET /path" lines: no tokens from the path */
    bool ssh;               /* an ssh command line: user@host is not e-mail */
    bool quotes;            /* the line holds quote marks or backticks */
    struct xspan spans[KSZ__X_MAX_SPANS];
    size_t nspans;
    size_t cell_start[KSZ__X_MAX_CELLS]; /* table cells, for column context */
    size_t ncells;
    struct {
        size_t s, e;
        uint8_t n;
        char v[255];       /* canonical (punycode) */
    } idn[KSZ__X_MAX_IDN]; /* names in their own script (idn.c), in order */
    size_t nidn, idn_next;
};

/* Document context carried from line to line. */
struct xctx {
    bool section_host;      /* the current heading/label is about hosts or C2 */
    bool in_adoc_table;     /* between |=== lines */
    bool table_header_next; /* the next row is a header */
    bool prev_table_row;    /* the previous line was a table row */
    uint64_t host_cols;     /* header columns about hosts */
};

/* Unique (type, value) set. */
struct xdedupe {
    uint64_t *slots;        /* hash << 8 | type, 0 = empty; parallel offs */
    uint32_t *offs;         /* value offset in arena + 1 */
    size_t nslots, count, max;
    char *arena;
    size_t alen, acap;
};

struct ksz_extractor {
    struct ksz_extract_opts o;
    ksz_extract_cb cb;
    void *user;
    bool stopped;           /* the callback asked to stop */
    ksz_rc rc;              /* a sticky failure (no memory, unique cap) */
    struct ksz_error err;
    uint64_t offset;        /* input offset of the next unframed byte */
    uint64_t lineno;
    char *pend;             /* an incomplete line, at most KSZ__X_LINE_CAP bytes */
    size_t pend_len;
    bool pend_cont;         /* pend continues a line already partly scanned */
    char *rbuf;             /* refanged line */
    uint64_t *rmap;         /* its map, KSZ__X_LINE_CAP + 1 entries */
    struct xctx ctx;
    struct xdedupe dd;
    struct xline line;
    uint64_t suppress;      /* hits before this input offset were reported */
    bool in_host;           /* scanning the host of a URL that is not reported */
    bool avx2;              /* the CPU has AVX2: scan.c's wide probes */
    char val[KSZ_IOC_VALUE_MAX + 1];
    char tmp[KSZ_IOC_VALUE_MAX + 16];
};

/* An ASCII letter or digit, from scan.c's table (inline: the rules ask it
 * of nearly every byte they look at). */
static inline bool ksz__x_is_alnum(int c)
{
    return c >= 0 && c < 256 && (ksz__xclass[c] & (XC_DIGIT | XC_HEXL | XC_ALPHA)) != 0;
}

/* context.c: update the context for a line and set line->host_line,
 * http_request, ssh, spans and cells. */
void ksz__x_context_line(struct ksz_extractor *x, struct xline *l);
void ksz__x_context_reset(struct xctx *c);
/* Is position i of the line in a host context (a host column, a host line or
 * section)? */
bool ksz__x_host_context(const struct ksz_extractor *x, const struct xline *l, size_t i);
/* Is [s, e) inside a span already given as a whole file name? */
bool ksz__x_in_filename_span(const struct xline *l, size_t s, size_t e);
/* Emit the span file names that start before position i. */
void ksz__x_flush_spans(struct ksz_extractor *x, struct xline *l, size_t i);

/* emit.c: report a hit of type t whose text is l->t[s..e) and whose value
 * (refanged, not yet canonical) is v[0..vn). flags: KSZ_EXTRACT_TEMPLATE.
 * Returns true if the value was valid (reported or filtered). */
bool ksz__x_emit(struct ksz_extractor *x, const struct xline *l, ksz_ioc_type t, size_t s,
                 size_t e, const char *v, size_t vn, unsigned flags);
/* Report a value already canonical (a URL canonicalised by its reader, that
 * URL's host): no second canonicalisation. parts: the URL's parts when t is
 * KSZ_IOC_URL, or NULL. v may point into x->val. */
void ksz__x_emit_canon(struct ksz_extractor *x, const struct xline *l, ksz_ioc_type t, size_t s,
                       size_t e, const char *v, size_t vn, unsigned flags,
                       const struct ksz_url *parts);
bool ksz__x_wanted(const struct ksz_extractor *x, ksz_ioc_type t);
/* Direct paths for the common types, same results as ksz__x_emit: a hex run
 * of 32, 40, 64 or 128 digits at [s, e) (lower-cased, nothing to check); a
 * dotted quad; a name. The last two return false if v is not valid. */
void ksz__x_emit_hash(struct ksz_extractor *x, const struct xline *l, size_t s, size_t e);
bool ksz__x_emit_ipv4(struct ksz_extractor *x, const struct xline *l, size_t s, size_t e,
                      const char *v, size_t vn, unsigned flags);
bool ksz__x_emit_domain(struct ksz_extractor *x, const struct xline *l, size_t s, size_t e,
                        const char *v, size_t vn, unsigned flags);

/* dedupe.c: true if (t, v) is new (and remembers it). Sets x->rc past the cap. */
bool ksz__x_dedupe_add(struct ksz_extractor *x, ksz_ioc_type t, const char *v, size_t n);
void ksz__x_dedupe_free(struct xdedupe *d);

/* reference.c: why a canonical value is reference/benign, or NULL. */
const char *ksz__x_reference_reason(ksz_ioc_type t, const char *v, size_t n);
/* Why the canonical name v[0..n) is not a plain indicator, or NULL, from one
 * hash probe per label: the class of ksz_domain_class (documentation and
 * reserved names set *drop), then, as what asks, a reference site or a
 * well-known service (ksz__x_reference_reason's lists). */
enum { X_NAME_CLASS = 0, X_NAME_SITES = 1, X_NAME_SERVICES = 2 };
const char *ksz__x_name_reason(const char *v, size_t n, unsigned what, bool *drop);
/* emit.c: the reason for an address or name class; *drop for documentation
 * and reserved values. */
const char *ksz__x_class_reason(ksz_ioc_class c, bool *drop);

/* url.c: a URL with a scheme whose "://" is at p in [ws, we); returns where
 * scanning should continue (after the URL), or p + 3 if none. */
size_t ksz__x_url_at(struct ksz_extractor *x, const struct xline *l, size_t ws, size_t we,
                     size_t p, size_t *url_start);
/* Where a URL starting at s (host at s) ends within [s, we). */
size_t ksz__x_url_end(const struct xline *l, size_t s, size_t we);
/* A scheme-less "host/path" URL: [hs, he) is the host. Returns the URL end
 * (> he) if one was reported or is a template, else he. */
size_t ksz__x_bare_url(struct ksz_extractor *x, const struct xline *l, size_t hs, size_t he,
                       size_t we);

/* host.c: scan a plain region [a, b) of a word (no "://" in it) that ends
 * at we; mask holds at least the byte classes of [a, b) (~0u if unknown). */
void ksz__x_plain(struct ksz_extractor *x, struct xline *l, size_t a, size_t b, unsigned mask,
                  size_t we);

/* ids.c: hashes, CVE, ATT&CK, ASN, Bitcoin within an alphanumeric run. */
void ksz__x_ids(struct ksz_extractor *x, const struct xline *l, size_t s, size_t e);
/* One token [a, z) of letters and digits, hex of them hex digits, digits of
 * them decimal: a hash by length, T1234, AS1234, "AS 1234", Bitcoin. */
void ksz__x_token(struct ksz_extractor *x, const struct xline *l, size_t a, size_t z, size_t hex,
                  size_t digits);
/* CVE ids anywhere in [s, e). */
void ksz__x_cve(struct ksz_extractor *x, const struct xline *l, size_t s, size_t e);

/* idn.c: find the non-ASCII names of the line (before walking it). */
void ksz__x_idn_scan(struct ksz_extractor *x, struct xline *l);
/* Is position i inside one of them? */
bool ksz__x_in_idn(const struct xline *l, size_t i);
/* Report those that start before position i. */
void ksz__x_flush_idn(struct ksz_extractor *x, struct xline *l, size_t i);

/* filename.c */
bool ksz__x_ext_of(const char *s, size_t n, size_t *dot);
/* Is the span content [s, e) a whole file name? *fs gets where the name
 * starts (after a path). */
bool ksz__x_span_filename(const struct ksz_extractor *x, const struct xline *l, size_t s,
                          size_t e, size_t *fs);

#endif
