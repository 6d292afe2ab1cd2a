/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_ioc_domain.c - domain canonicalisation, the TLD check, registrable
 * domains and classes. A canonical name must be a fixed point.
 */
#include <stdlib.h>
#include <string.h>
#include "kizashi/ioc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct ksz_error err;
    char out[300], again[300];
    size_t n, m, off;

    (void)ksz_domain_has_tld(s, size);
    (void)ksz_domain_class(s, size);
    if (ksz_domain_canon(s, size, out, sizeof out, &n, &err) == KSZ_OK) {
        if (n != strlen(out) || n > 253 || !ksz_domain_has_tld(out, n))
            abort();
        if (ksz_domain_canon(out, n, again, sizeof again, &m, NULL) != KSZ_OK || m != n ||
            memcmp(out, again, n) != 0)
            abort();
        if (ksz_domain_registrable(out, n, &off) == KSZ_OK && off >= n)
            abort();
    }
    return 0;
}
