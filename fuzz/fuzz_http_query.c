/* SPDX-License-Identifier: Apache-2.0 */
/* The daemon's query-string parser (src/server/query.c): percent-decoding
 * into a fixed area, pair and byte caps. */
#include <string.h>
#include "srv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct srv_query q;
    struct ksz_error err;

    if (srv_query_parse((const char *)data, size, &q, &err) == KSZ_OK) {
        for (size_t i = 0; i < q.n; i++) {
            /* every key and value is NUL-terminated inside the area */
            if (strlen(q.kv[i].k) != q.kv[i].klen || strlen(q.kv[i].v) != q.kv[i].vlen)
                __builtin_trap();
        }
        (void)srv_query_get(&q, "limit");
    }
    return 0;
}
