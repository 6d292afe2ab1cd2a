/* SPDX-License-Identifier: Apache-2.0 */
#include "fuzz_sink.h"

static ksz_rc obs(ksz_ioc_type t, const char *v, size_t len, void *user)
{
    struct ksz_buf *b = user;
    /* what was read must format back into a pattern */
    ksz_buf_reset(b);
    (void)ksz_stix_pattern_format(t, v, len, b);
    return KSZ_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ksz_error err;
    struct ksz_buf b;

    ksz_buf_init(&b, 0);
    (void)ksz_stix_pattern_parse((const char *)data, size, obs, &b, &err);
    ksz_buf_cleanup(&b);
    return 0;
}
