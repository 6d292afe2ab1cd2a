/* SPDX-License-Identifier: Apache-2.0 */
/*
 * error.h - return codes and the caller-owned error record.
 *
 * Every fallible call returns ksz_rc and takes an optional struct ksz_error *
 * last. Reporting a failure never allocates: the message is written into the
 * caller's record, like curl's CURLOPT_ERRORBUFFER.
 */
#ifndef KIZASHI_ERROR_H
#define KIZASHI_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define KSZ_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define KSZ_PRINTF(fmt, args)
#endif

#define KSZ_ERR_MSG_MAX 256

/* Numbers are stable: append, never reuse. */
typedef enum ksz_rc {
    KSZ_OK = 0,
    KSZ_ERR_NOMEM = 1,
    KSZ_ERR_INVALID = 2,  /* a bad argument or option value */
    KSZ_ERR_PARSE = 3,    /* bad input data */
    KSZ_ERR_LIMIT = 4,    /* a cap was reached */
    KSZ_ERR_IO = 5,
    KSZ_ERR_DB = 6,
    KSZ_ERR_NOTFOUND = 7
} ksz_rc;

struct ksz_error {
    ksz_rc code;
    char msg[KSZ_ERR_MSG_MAX];
};

/* A short constant description of rc ("out of memory", ...). Never NULL. */
const char *ksz_strerror(ksz_rc rc);

/* Fill err (if not NULL) with code and a printf-style message; return code, so
 * it can sit in a return statement. Never allocates. Thread-safe. */
ksz_rc ksz_error_set(struct ksz_error *err, ksz_rc code, const char *fmt, ...) KSZ_PRINTF(3, 4);

/* Write s[0..len) quoted for a message into out (cap bytes, NUL-terminated):
 * at most 64 input bytes, control and non-ASCII bytes as \xNN, '"' escaped.
 * Returns out. */
char *ksz_error_quote(const char *s, size_t len, char *out, size_t cap);

#endif
