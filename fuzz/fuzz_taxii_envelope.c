/* SPDX-License-Identifier: Apache-2.0 */
/* What the feed client reads from the network or the store
 * (src/lib/net/): a TAXII envelope (then its objects through the STIX
 * reader, as a pull imports them), a feed's stored options (which must
 * round-trip through their writer), and URL resolution of the links a
 * TAXII server hands out. */
#include <string.h>
#include "kizashi/net.h"

static bool same(const struct ksz_feed_options *a, const struct ksz_feed_options *b)
{
    return a->tlp == b->tlp && a->confidence == b->confidence && a->valid_for == b->valid_for &&
           a->usage == b->usage && a->delimiter == b->delimiter &&
           strcmp(a->usage_text, b->usage_text) == 0 && strcmp(a->columns, b->columns) == 0 &&
           strcmp(a->token, b->token) == 0 && strcmp(a->token_env, b->token_env) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct ksz_taxii_envelope env;
    struct ksz_feed_options fo, again;
    struct ksz_import_defaults d;
    struct ksz_import_sink sink;
    struct ksz_error err;
    struct ksz_buf b;
    char base[256], ref[256], out[512];
    size_t half = size / 2;

    if (ksz_taxii_envelope_parse(s, size, &env, &err) == KSZ_OK) {
        if (strlen(env.next) >= sizeof env.next)
            __builtin_trap();
        memset(&d, 0, sizeof d);
        d.tlp = KSZ_TLP_UNSET;
        d.confidence = -1;
        memset(&sink, 0, sizeof sink);
        if (env.n_objects > 0)
            (void)ksz_stix_read("envelope", s, size, &d, &sink, &err);
    }
    if (ksz_feed_options_parse(s, size, &fo, &err) == KSZ_OK) {
        ksz_buf_init(&b, 1 << 16);
        if (ksz_feed_options_format(&fo, &b) != KSZ_OK ||
            ksz_feed_options_parse(b.data, b.len, &again, &err) != KSZ_OK ||
            !same(&fo, &again))
            __builtin_trap();
        ksz_buf_cleanup(&b);
    }
    if (half < sizeof base && size - half < sizeof ref && memchr(s, '\0', size) == NULL) {
        memcpy(base, s, half);
        base[half] = '\0';
        memcpy(ref, s + half, size - half);
        ref[size - half] = '\0';
        if (ksz_url_resolve(base, ref, out, sizeof out, &err) == KSZ_OK &&
            strlen(out) >= sizeof out)
            __builtin_trap();
    }
    return 0;
}
