/* SPDX-License-Identifier: Apache-2.0 */
/*
 * extract.h - finding observables in free text (English and Japanese prose,
 * tables, markdown/asciidoc, CSV, mail headers, log lines), defanged or not.
 *
 * The extractor is a streaming scanner: feed it any number of chunks, it
 * calls back once per observable found, with the canonical value and the
 * byte offset and line of the match in the original text. Memory is bounded
 * whatever the input size; time is linear in the input (no backtracking).
 */
#ifndef KIZASHI_EXTRACT_H
#define KIZASHI_EXTRACT_H

#include "kizashi/ioc.h"

/* Flags on a hit. */
#define KSZ_EXTRACT_DEFANGED  0x01u  /* the text was defanged; value is refanged */
#define KSZ_EXTRACT_REFERENCE 0x02u  /* likely reference/benign: documentation or
                                        private range, reserved name, a link to a
                                        well-known reference site */
#define KSZ_EXTRACT_TEMPLATE  0x04u  /* the registrable part of a templated value */

struct ksz_extract_hit {
    ksz_ioc_type type;
    const char *value;     /* canonical, NUL-terminated; borrowed for the callback */
    size_t value_len;
    uint64_t offset;       /* byte offset of the match in the whole input */
    uint64_t length;       /* bytes of the match in the original text */
    uint64_t line;         /* 1-based line number of the match */
    unsigned flags;        /* KSZ_EXTRACT_* */
    const char *reason;    /* why REFERENCE is set ("documentation range",
                              "private address", "reference site", ...) or NULL;
                              static string */
};

/* Return 0 to go on, non-zero to stop: the extractor then reports nothing
 * more for this input, and feed/finish return KSZ_OK. */
typedef int (*ksz_extract_cb)(const struct ksz_extract_hit *hit, void *user);

struct ksz_extract_opts {
    ksz_ioc_typeset types;   /* 0 = all */
    bool unique;             /* report each (type, value) once */
    bool drop_reference;     /* do not report hits flagged REFERENCE */
    bool include_reserved;   /* also report documentation/reserved values
                                (192.0.2.0/24, 2001:db8::/32, example.com,
                                .test, .invalid, .local, localhost), flagged
                                REFERENCE; by default they are dropped */
    size_t unique_max;       /* cap on distinct values remembered; 0 = 1,000,000 */
};
/* All types, every hit, reserved values dropped. */
void ksz_extract_opts_init(struct ksz_extract_opts *o);

struct ksz_extractor;

/* Create an extractor. opts is copied; NULL means defaults. */
ksz_rc ksz_extract_new(const struct ksz_extract_opts *opts, ksz_extract_cb cb, void *user,
                       struct ksz_extractor **out, struct ksz_error *err);
/* Feed the next chunk of input (any size, any split, even inside a UTF-8
 * sequence). Hits are reported through the callback, possibly delayed until
 * more input or ksz_extract_finish. */
ksz_rc ksz_extract_feed(struct ksz_extractor *x, const char *buf, size_t len,
                        struct ksz_error *err);
/* End of input: report what is still pending. The extractor can then be
 * reused for a new input (offsets and lines restart at 0 and 1). */
ksz_rc ksz_extract_finish(struct ksz_extractor *x, struct ksz_error *err);
void ksz_extract_free(struct ksz_extractor *x);

/* Convenience: extract from one buffer. */
ksz_rc ksz_extract_buffer(const char *buf, size_t len, const struct ksz_extract_opts *opts,
                          ksz_extract_cb cb, void *user, struct ksz_error *err);

#endif
