/* SPDX-License-Identifier: Apache-2.0 */
/* fuzz_logs_clf.c - the clf log parser on arbitrary bytes: a parser is made
 * from the input as the head of a file, then every line is parsed. */
#include "fuzz_logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_logs_run(KSZ_LOG_COMBINED, data, size);
}
