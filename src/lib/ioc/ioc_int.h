/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ioc_int.h - helpers shared by the observable parsers.
 *
 * Every canonicaliser builds its result on the stack or validates first, and
 * only then copies into the caller's buffer, so outputs are written only on
 * success; ksz__ioc_emit is that final copy.
 */
#ifndef KSZ_IOC_INT_H
#define KSZ_IOC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/core_int.h"
#include "kizashi/ioc.h"

/* The longest domain name in presentation form, without the trailing dot. */
#define KSZ__DOMAIN_MAX 253

static inline char ksz__lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
}

static inline bool ksz__is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline int ksz__hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Copy src[0..n) plus a NUL into out (cap bytes); *outlen = n when not NULL.
 * KSZ_ERR_LIMIT (naming area) when it does not fit; out untouched then. */
ksz_rc ksz__ioc_emit(const char *src, size_t n, char *out, size_t cap, size_t *outlen,
                     const char *area, struct ksz_error *err);

/* Make sure the shared tables are loaded (lazy ksz_ioc_global_init). */
ksz_rc ksz__ioc_ready(struct ksz_error *err);

/* Canonicalise a domain into buf (at least KSZ__DOMAIN_MAX + 1 bytes),
 * NUL-terminated; *n gets its length. Same rules as ksz_domain_canon. */
ksz_rc ksz__domain_canon_buf(const char *s, size_t len, char *buf, size_t *n,
                             const char *area, struct ksz_error *err);

/* Format a CIDR into buf (at least 50 bytes); returns the length. */
size_t ksz__cidr4_format(uint32_t addr, unsigned prefix, char *buf);
size_t ksz__cidr6_format(const uint8_t addr[16], unsigned prefix, char *buf);

#endif
