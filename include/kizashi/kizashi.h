/* SPDX-License-Identifier: Apache-2.0 */
/* kizashi.h - the whole public API of libkizashi. */
#ifndef KIZASHI_H
#define KIZASHI_H

#include "kizashi/error.h"
#include "kizashi/buf.h"
#include "kizashi/ioc.h"
#include "kizashi/extract.h"

/* The library's version, "MAJOR.MINOR.PATCH". */
const char *ksz_version(void);

#endif
