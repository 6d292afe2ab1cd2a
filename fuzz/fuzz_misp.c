/* SPDX-License-Identifier: Apache-2.0 */
#include "fuzz_sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ksz_error err;
    (void)ksz_misp_read("fuzz", (const char *)data, size, NULL, &fz_sink, &err);
    return 0;
}
