/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_extract.c - the extractor over arbitrary bytes, fed in chunks whose
 * sizes come from the input itself, and checked against a one-buffer run:
 * chunking must never change the hits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kizashi/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct acc {
    uint64_t sum;   /* a digest of (type, value, offset, line) */
    size_t count;
};

static int cb(const struct ksz_extract_hit *h, void *user)
{
    struct acc *a = user;
    uint64_t x = (uint64_t)h->type * 1000003u + h->offset * 31u + h->line;

    if (h->value_len != strlen(h->value) || h->value_len > KSZ_IOC_VALUE_MAX)
        abort();
    for (size_t i = 0; i < h->value_len; i++)
        x = x * 131u + (unsigned char)h->value[i];
    a->sum += x;
    a->count++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ksz_extract_opts o;
    struct ksz_extractor *x;
    struct acc whole = {0}, parts = {0};
    size_t i = 0, k = 0;

    ksz_extract_opts_init(&o);
    o.include_reserved = size > 0 && (data[0] & 1);
    if (ksz_extract_buffer((const char *)data, size, &o, cb, &whole, NULL) != KSZ_OK)
        return 0;
    if (ksz_extract_new(&o, cb, &parts, &x, NULL) != KSZ_OK)
        return 0;
    while (i < size) {
        size_t n = 1 + (size_t)data[k++ % size] % 23;
        if (n > size - i)
            n = size - i;
        if (ksz_extract_feed(x, (const char *)data + i, n, NULL) != KSZ_OK)
            abort();
        i += n;
    }
    if (ksz_extract_finish(x, NULL) != KSZ_OK)
        abort();
    ksz_extract_free(x);
    if (whole.count != parts.count || whole.sum != parts.sum)
        abort();
    return 0;
}
