/* SPDX-License-Identifier: Apache-2.0 */
/*
 * alloc.c - the library's allocator, with failure injection for tests.
 *
 * The counter is a plain global: torture tests are single-threaded, and the
 * production path pays one predictable branch.
 */
#include <stdlib.h>
#include <string.h>
#include "core/core_int.h"

static long fail_after = -1;

void ksz__alloc_fail_after(long n)
{
    fail_after = n;
}

static int should_fail(void)
{
    if (fail_after < 0)
        return 0;
    if (fail_after == 0)
        return 1;
    fail_after--;
    return 0;
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
