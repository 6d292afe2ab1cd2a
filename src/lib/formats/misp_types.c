/* SPDX-License-Identifier: Apache-2.0 */
/*
 * misp_types.c - MISP attribute types <-> observable types.
 *
 * "ip-src"/"ip-dst" map to KSZ_IOC_IPV4 as a stand-in for "an address or a
 * network of either family": the reader decides the family from the value.
 * Types that name no observable (comment, text, link, regkey, ...) map to
 * NONE and are counted as skipped, never guessed at.
 */
#include <string.h>
#include "formats_int.h"

static const struct {
    const char *misp;
    ksz_ioc_type t;
} types[] = {
    {"ip-src", KSZ_IOC_IPV4},      {"ip-dst", KSZ_IOC_IPV4},
    {"ip", KSZ_IOC_IPV4},          /* the second part of "domain|ip" */
    {"domain", KSZ_IOC_DOMAIN},    {"hostname", KSZ_IOC_DOMAIN},
    {"url", KSZ_IOC_URL},          {"email", KSZ_IOC_EMAIL},
    {"email-src", KSZ_IOC_EMAIL},  {"email-dst", KSZ_IOC_EMAIL},
    {"email-reply-to", KSZ_IOC_EMAIL},
    {"md5", KSZ_IOC_MD5},          {"sha1", KSZ_IOC_SHA1},
    {"sha256", KSZ_IOC_SHA256},    {"sha512", KSZ_IOC_SHA512},
    {"filename", KSZ_IOC_FILENAME}, {"AS", KSZ_IOC_ASN},
    {"vulnerability", KSZ_IOC_CVE}, {"btc", KSZ_IOC_BTC},
};

ksz_ioc_type ksz__misp_type_to_ioc(const char *type, size_t len)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strlen(types[i].misp) == len && memcmp(types[i].misp, type, len) == 0)
            return types[i].t;
    return KSZ_IOC_NONE;
}

const char *ksz__ioc_to_misp_type(ksz_ioc_type t)
{
    switch (t) {
    case KSZ_IOC_IPV4: case KSZ_IOC_IPV6: case KSZ_IOC_CIDR4: case KSZ_IOC_CIDR6:
        return "ip-dst";
    case KSZ_IOC_DOMAIN: return "domain";
    case KSZ_IOC_URL: return "url";
    case KSZ_IOC_EMAIL: return "email";
    case KSZ_IOC_MD5: return "md5";
    case KSZ_IOC_SHA1: return "sha1";
    case KSZ_IOC_SHA256: return "sha256";
    case KSZ_IOC_SHA512: return "sha512";
    case KSZ_IOC_FILENAME: return "filename";
    case KSZ_IOC_ASN: return "AS";
    case KSZ_IOC_CVE: return "vulnerability";
    case KSZ_IOC_BTC: return "btc";
    default: return NULL;
    }
}
