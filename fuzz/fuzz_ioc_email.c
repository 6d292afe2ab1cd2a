/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_ioc_email.c - e-mail canonicalisation: the canonical text is a fixed
 * point.
 */
#include <stdlib.h>
#include <string.h>
#include "kizashi/ioc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct ksz_error err;
    char out[400], again[400], def[1200];
    size_t n, m;

    if (ksz_email_canon(s, size, out, sizeof out, &n, &err) == KSZ_OK) {
        if (n != strlen(out))
            abort();
        if (ksz_email_canon(out, n, again, sizeof again, &m, NULL) != KSZ_OK || m != n ||
            memcmp(out, again, n) != 0)
            abort();
        if (ksz_defang(KSZ_IOC_EMAIL, out, n, NULL, def, sizeof def, &m, NULL) != KSZ_OK)
            abort();
    }
    return 0;
}
