/* SPDX-License-Identifier: Apache-2.0 */
/*
 * alloc.c - the library's allocator, with failure injection for tests.
 *
 * The counter is shared by every thread (a hunt's workers allocate while a
 * test counts down), so it is read and counted down atomically. The
 * production path pays one relaxed load (a plain load on x86 and arm64) and
 * one predictable branch; only an armed counter takes the compare-and-swap.
 */
#include <stdlib.h>
#include <string.h>
#include "core/core_int.h"

static long fail_after = -1;

void ksz__alloc_fail_after(long n)
{
    __atomic_store_n(&fail_after, n, __ATOMIC_RELAXED);
}

static int should_fail(void)
{
    long n = __atomic_load_n(&fail_after, __ATOMIC_RELAXED);

    for (;;) {
        if (n < 0)
            return 0;
        if (n == 0)
            return 1;
        /* n - 1 allocations more may succeed, whichever thread makes them */
        if (__atomic_compare_exchange_n(&fail_after, &n, n - 1, true, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
            return 0;
    }
}

void *ksz__malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *ksz__calloc(size_t count, size_t n)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, n ? n : 1);
}

void *ksz__realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

char *ksz__strndup(const char *s, size_t n)
{
    char *p = ksz__malloc(n + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void ksz__free(void *p)
{
    free(p);
}
