/* SPDX-License-Identifier: Apache-2.0 */
/* TAXII 2.1 URL filters (src/server/taxii_filter.c) from a raw query
 * string: limit, added_after, next, match[id|type|version|spec_version];
 * and the RFC 3339 parser they use. */
#include <string.h>
#include "taxii_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct srv_query q;
    struct taxii_filter f;
    struct ksz_error err;
    int64_t t;
    int us;
    char next[48];

    (void)srv_time_parse((const char *)data, size, &t, &us);
    if (srv_query_parse((const char *)data, size, &q, &err) != KSZ_OK)
        return 0;
    if (taxii_filter_parse(&q, &f, &err) == KSZ_OK) {
        if (f.limit == 0 || f.limit > TAXII_LIMIT_MAX || f.n_ids > TAXII_MATCH_IDS)
            __builtin_trap();
        for (size_t i = 0; i < f.n_ids; i++)
            if (f.id_len[i] == 0 || memchr(f.ids[i], ',', f.id_len[i]) != NULL)
                __builtin_trap();
        if (f.has_next)
            taxii_next_format(&f.next, next);
    }
    return 0;
}
