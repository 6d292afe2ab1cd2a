/* SPDX-License-Identifier: Apache-2.0 */
/* CSV (with and without a column mapping), plain lists, JSON lines, and
 * format detection: the line-oriented readers. */
#include "fuzz_sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ksz_error err;
    struct ksz_csv_opts mapped = {"value=1,type=2,tags=3", 0};
    const char *s = (const char *)data;

    (void)ksz_format_detect(s, size);
    (void)ksz_csv_read("fuzz", s, size, NULL, NULL, &fz_sink, &err);
    (void)ksz_csv_read("fuzz", s, size, &mapped, NULL, &fz_sink, &err);
    (void)ksz_plain_read("fuzz", s, size, NULL, &fz_sink, &err);
    (void)ksz_jsonl_read("fuzz", s, size, NULL, &fz_sink, &err);
    return 0;
}
