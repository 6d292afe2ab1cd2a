/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_ioc_url.c - URL canonicalisation: the canonical text is a fixed point
 * and its parts lie inside it.
 */
#include <stdlib.h>
#include <string.h>
#include "kizashi/ioc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char out[KSZ_IOC_VALUE_MAX + 1], again[KSZ_IOC_VALUE_MAX + 1];
    static char def[4 * KSZ_IOC_VALUE_MAX];
    const char *s = (const char *)data;
    struct ksz_error err;
    struct ksz_url u;
    size_t n, m;

    if (ksz_url_canon(s, size, out, sizeof out, &n, &u, &err) == KSZ_OK) {
        if (n != strlen(out) || u.host_off + u.host_len > n || u.path_off > n ||
            u.scheme_len >= n)
            abort();
        if (ksz_url_canon(out, n, again, sizeof again, &m, NULL, NULL) != KSZ_OK || m != n ||
            memcmp(out, again, n) != 0)
            abort();
        if (ksz_defang(KSZ_IOC_URL, out, n, NULL, def, sizeof def, &m, NULL) != KSZ_OK)
            abort();
    }
    return 0;
}
