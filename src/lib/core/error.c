/* SPDX-License-Identifier: Apache-2.0 */
/*
 * error.c - filling the caller's error record.
 *
 * Messages read "area: what failed: detail". Quoted input is cut to 64 bytes
 * and escaped, so a message never carries a terminal escape from a log line.
 */
#include <stdarg.h>
#include <stdio.h>
#include "kizashi/error.h"

const char *ksz_strerror(ksz_rc rc)
{
    switch (rc) {
    case KSZ_OK:
        return "ok";
    case KSZ_ERR_NOMEM:
        return "out of memory";
    case KSZ_ERR_INVALID:
        return "invalid argument";
    case KSZ_ERR_PARSE:
        return "parse error";
    case KSZ_ERR_LIMIT:
        return "limit reached";
    case KSZ_ERR_IO:
        return "input/output error";
    case KSZ_ERR_DB:
        return "database error";
    case KSZ_ERR_NOTFOUND:
        return "not found";
    }
    return "unknown error";
}

ksz_rc ksz_error_set(struct ksz_error *err, ksz_rc code, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

char *ksz_error_quote(const char *s, size_t len, char *out, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    size_t n = len > 64 ? 64 : len;

    if (cap == 0)
        return out;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
            if (o + 4 >= cap)
                break;
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        } else {
            if (o + 1 >= cap)
                break;
            out[o++] = (char)c;
        }
    }
    if (len > n && o + 3 < cap) {
        out[o++] = '.';
        out[o++] = '.';
        out[o++] = '.';
    }
    out[o] = '\0';
    return out;
}
