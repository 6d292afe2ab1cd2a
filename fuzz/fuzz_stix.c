/* SPDX-License-Identifier: Apache-2.0 */
/* STIX bundles: whole, and streamed in uneven chunks (the first byte picks the
 * chunk size), so the scanner's carry-over paths are fuzzed too. */
#include "fuzz_sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ksz_error err;
    struct ksz_stix_reader *r = NULL;
    size_t step;
    ksz_rc rc;

    (void)ksz_stix_read("fuzz", (const char *)data, size, NULL, &fz_sink, &err);
    if (size < 1)
        return 0;
    step = (size_t)data[0] % 61 + 1;
    if (ksz_stix_reader_new("fuzz", NULL, &fz_sink, &r, &err) != KSZ_OK)
        return 0;
    rc = KSZ_OK;
    for (size_t i = 1; i < size && rc == KSZ_OK; i += step)
        rc = ksz_stix_reader_feed(r, (const char *)data + i, size - i < step ? size - i : step,
                                  &err);
    if (rc == KSZ_OK)
        (void)ksz_stix_reader_finish(r, &err);
    ksz_stix_reader_free(r);
    return 0;
}
