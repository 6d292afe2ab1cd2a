/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_int.h - internals shared by every area: allocation that tests can make
 * fail, and a growable byte buffer with a cap.
 */
#ifndef KSZ_CORE_INT_H
#define KSZ_CORE_INT_H

#include <stddef.h>
#include <stdint.h>
#include "kizashi/buf.h"
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

/* Bounded parsers: the whole of s[0..len) must be the number. */
ksz_rc ksz__parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out);
/* "30d", "12h", "90m", "45s", "2w", "1y" or plain seconds -> seconds. */
ksz_rc ksz__parse_duration(const char *s, size_t len, int64_t *out);

#endif
