/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hash.c - file hashes as hex: MD5, SHA-1, SHA-256, SHA-512.
 *
 * The type follows from the length alone (32, 40, 64, 128 hex digits); any
 * other length is not a hash kizashi keeps. Canonical text is lower case.
 */
#include <assert.h>
#include <string.h>
#include "ioc/ioc_int.h"

ksz_rc ksz_hash_canon(const char *s, size_t len, ksz_ioc_type *type, char *out, size_t cap,
                      struct ksz_error *err)
{
    char buf[129];
    ksz_ioc_type t;

    assert(type != NULL);
    assert(s != NULL || len == 0);
    switch (len) {
    case 32:
        t = KSZ_IOC_MD5;
        break;
    case 40:
        t = KSZ_IOC_SHA1;
        break;
    case 64:
        t = KSZ_IOC_SHA256;
        break;
    case 128:
        t = KSZ_IOC_SHA512;
        break;
    default:
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "hash: %zu hex digits is not an MD5, SHA-1, SHA-256 or SHA-512",
                             len);
    }
    for (size_t i = 0; i < len; i++) {
        if (ksz__hexval(s[i]) < 0)
            return ksz_error_set(err, KSZ_ERR_PARSE, "hash: not a hex digit at offset %zu", i);
        buf[i] = ksz__lower(s[i]);
    }
    if (cap < len + 1)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "hash: output buffer too small");
    memcpy(out, buf, len);
    out[len] = '\0';
    *type = t;
    return KSZ_OK;
}
