/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_refang.c - ksz_refang over arbitrary bytes: never longer than the
 * input, the map increasing and inside the input, idempotent on its output.
 */
#include <stdlib.h>
#include <string.h>
#include "kizashi/ioc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *out = malloc(size + 1);
    uint64_t *map = malloc((size + 1) * sizeof *map);
    struct ksz_refang_out o = {out, size, 0, map, false};

    if (out == NULL || map == NULL)
        goto done;
    if (ksz_refang((const char *)data, size, &o, NULL) != KSZ_OK || o.len > size)
        abort();
    for (size_t i = 0; i < o.len; i++)
        if (map[i] >= size || (i > 0 && map[i] < map[i - 1]))
            abort();
    if (!o.changed && (o.len != size || memcmp(out, data, size) != 0))
        abort();
done:
    free(out);
    free(map);
    return 0;
}
