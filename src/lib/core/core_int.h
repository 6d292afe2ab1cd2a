/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_int.h - internals shared by every area: allocation that tests can make
 * fail, and a growable byte buffer with a cap.
 */
#ifndef KSZ_CORE_INT_H
#define KSZ_CORE_INT_H

#include <stddef.h>
#include <stdint.h>
#include "kizashi/error.h"

/* Allocation goes through these so tests can fail the Nth call. */
void *ksz__malloc(size_t n);
void *ksz__calloc(size_t count, size_t n);
void *ksz__realloc(void *p, size_t n);
char *ksz__strndup(const char *s, size_t n);
void ksz__free(void *p);

/* After n more successful allocations, every allocation fails; n < 0 turns
 * failure injection off. For tests only; not thread-safe. */
void ksz__alloc_fail_after(long n);

/* A growable byte buffer that never grows past its cap. Always NUL-terminated
 * when data != NULL (the terminator is not counted in len). */
struct ksz_buf {
    char *data;
    size_t len;
    size_t cap;     /* allocated bytes */
    size_t max;     /* the most len may reach; 0 = SIZE_MAX/2 */
};

void ksz__buf_init(struct ksz_buf *b, size_t max);
void ksz__buf_cleanup(struct ksz_buf *b);
void ksz__buf_reset(struct ksz_buf *b);
/* Make room for n more bytes. KSZ_ERR_LIMIT past max, KSZ_ERR_NOMEM. */
ksz_rc ksz__buf_reserve(struct ksz_buf *b, size_t n);
ksz_rc ksz__buf_append(struct ksz_buf *b, const void *p, size_t n);
ksz_rc ksz__buf_putc(struct ksz_buf *b, char c);
ksz_rc ksz__buf_printf(struct ksz_buf *b, const char *fmt, ...) KSZ_PRINTF(2, 3);
/* Append s[0..n) as the inside of a JSON string (quotes not added): escapes
 * '"', '\\' and control bytes; invalid UTF-8 bytes become U+FFFD. */
ksz_rc ksz__buf_json_str(struct ksz_buf *b, const char *s, size_t n);

/* Bounded parsers: the whole of s[0..len) must be the number. */
ksz_rc ksz__parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out);
/* "30d", "12h", "90m", "45s", "2w", "1y" or plain seconds -> seconds. */
ksz_rc ksz__parse_duration(const char *s, size_t len, int64_t *out);

#endif
