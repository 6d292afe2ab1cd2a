/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buf.h - a growable byte buffer with a hard cap, and JSON string escaping.
 *
 * Public because the command and the daemon build their output with it too:
 * one escaper for every JSON line kizashi writes.
 */
#ifndef KIZASHI_BUF_H
#define KIZASHI_BUF_H

#include "kizashi/error.h"

/* Always NUL-terminated when data != NULL (the NUL is not counted in len). */
struct ksz_buf {
    char *data;
    size_t len;
    size_t cap;     /* allocated bytes */
    size_t max;     /* the most len may reach */
};

/* max = 0 means SIZE_MAX/2. Never allocates. */
void ksz_buf_init(struct ksz_buf *b, size_t max);
/* Frees the data; NULL-safe. The buffer can be used again after init. */
void ksz_buf_cleanup(struct ksz_buf *b);
/* len = 0, keeps the allocation. */
void ksz_buf_reset(struct ksz_buf *b);
/* Make room for n more bytes. KSZ_ERR_LIMIT past max, KSZ_ERR_NOMEM. On
 * failure the buffer is unchanged. */
ksz_rc ksz_buf_reserve(struct ksz_buf *b, size_t n);
ksz_rc ksz_buf_append(struct ksz_buf *b, const void *p, size_t n);
ksz_rc ksz_buf_putc(struct ksz_buf *b, char c);
ksz_rc ksz_buf_printf(struct ksz_buf *b, const char *fmt, ...) KSZ_PRINTF(2, 3);
/* Append s[0..n) as the inside of a JSON string (quotes not added): escapes
 * '"', '\\' and control bytes; invalid UTF-8 bytes become U+FFFD. */
ksz_rc ksz_buf_json_str(struct ksz_buf *b, const char *s, size_t n);

#endif
