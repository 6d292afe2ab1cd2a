/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_ioc_classify.c - the type guesser (and so every per-type parser),
 * canonical fixed points through ksz_ioc_canon, defang with each option, and
 * type-set parsing.
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
    struct ksz_defang_opts o;
    ksz_ioc_typeset set;
    ksz_ioc_type t;
    size_t n, m;

    (void)ksz_ioc_typeset_parse(s, size, &set, &err);
    (void)ksz_ioc_type_from_name(s, size, &t);
    if (ksz_ioc_classify(s, size, &t, out, sizeof out, &n, &err) != KSZ_OK)
        return 0;
    if (t <= KSZ_IOC_NONE || t >= KSZ_IOC__COUNT || n != strlen(out))
        abort();
    if (ksz_ioc_canon(t, out, n, again, sizeof again, &m, NULL) != KSZ_OK || m != n ||
        memcmp(out, again, n) != 0)
        abort();
    ksz_defang_opts_init(&o);
    for (int bits = 0; bits < 32; bits += 7) {
        o.dots_all = bits & 1;
        o.brackets_paren = bits & 2;
        o.scheme = bits & 4;
        o.colon = bits & 8;
        o.at = bits & 16;
        if (ksz_defang(t, out, n, &o, def, sizeof def, &m, NULL) != KSZ_OK || m < n)
            abort();
    }
    return 0;
}
