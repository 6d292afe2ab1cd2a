/* SPDX-License-Identifier: Apache-2.0 */
/* version.c - the library's version string, set by the build. */
#include "kizashi/kizashi.h"

const char *ksz_version(void)
{
    return KSZ_VERSION;
}
