/* SPDX-License-Identifier: Apache-2.0 */
/*
 * model.c - names and defaults of the data model: TLP, usage bits, threat
 * kinds, sighting kinds, lifetimes, and deterministic STIX ids.
 *
 * Derived STIX ids are UUIDv5 (RFC 9562, SHA-1) in the STIX 2.1 namespace,
 * as the STIX specification recommends for deterministic SCO ids: the same
 * input always yields the same id, so re-importing a CSV row finds its
 * earlier self.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <openssl/evp.h>
#include "kizashi/model.h"

static const char *const tlp_names[] = {"clear", "green", "amber", "amber+strict", "red"};

const char *ksz_tlp_name(ksz_tlp t)
{
    if ((unsigned)t <= KSZ_TLP_RED)
        return tlp_names[t];
    return "";
}

static bool ieq(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);

    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++)
        if (tolower((unsigned char)a[i]) != b[i])
            return false;
    return true;
}

ksz_rc ksz_tlp_parse(const char *s, size_t len, ksz_tlp *out)
{
    if (s == NULL)
        return KSZ_ERR_PARSE;
    if (len >= 4 && ieq(s, 4, "tlp:")) {
        s += 4;
        len -= 4;
    }
    for (int t = KSZ_TLP_CLEAR; t <= KSZ_TLP_RED; t++) {
        if (ieq(s, len, tlp_names[t])) {
            *out = (ksz_tlp)t;
            return KSZ_OK;
        }
    }
    if (ieq(s, len, "white")) {
        *out = KSZ_TLP_CLEAR;
        return KSZ_OK;
    }
    return KSZ_ERR_PARSE;
}

static const char *const usage_names[] = {
    "block-proxy-outbound", "block-fw-inbound", "block-fw-outbound", "block-dns",
    "block-waf",            "edr-hash",         "detect-only",
};
#define N_USAGE (sizeof usage_names / sizeof usage_names[0])

ksz_rc ksz_usage_parse(const char *s, size_t len, uint32_t *out, struct ksz_error *err)
{
    uint32_t bits = 0;
    size_t i = 0;

    if (s == NULL || len == 0)
        return ksz_error_set(err, KSZ_ERR_PARSE, "usage: empty");
    while (i <= len) {
        size_t start = i, n;
        bool found = false;

        while (i < len && s[i] != ',')
            i++;
        n = i - start;
        while (n > 0 && s[start] == ' ') {
            start++;
            n--;
        }
        while (n > 0 && s[start + n - 1] == ' ')
            n--;
        if (ieq(s + start, n, "all")) {
            bits |= KSZ_USAGE_ALL;
            found = true;
        }
        for (size_t u = 0; !found && u < N_USAGE; u++) {
            if (ieq(s + start, n, usage_names[u])) {
                bits |= 1u << u;
                found = true;
            }
        }
        if (!found) {
            char q[80];
            return ksz_error_set(err, KSZ_ERR_PARSE, "usage: unknown usage %s at offset %zu",
                                 ksz_error_quote(s + start, n, q, sizeof q), start);
        }
        i++;
    }
    *out = bits;
    return KSZ_OK;
}

char *ksz_usage_format(uint32_t usage, char *buf, size_t cap)
{
    size_t o = 0;

    if (cap == 0)
        return buf;
    buf[0] = '\0';
    for (size_t u = 0; u < N_USAGE; u++) {
        int n;
        if (!(usage & (1u << u)))
            continue;
        n = snprintf(buf + o, cap - o, "%s%s", o > 0 ? "," : "", usage_names[u]);
        if (n < 0 || (size_t)n >= cap - o) {
            buf[o] = '\0'; /* never half a name */
            break;
        }
        o += (size_t)n;
    }
    return buf;
}

static const char *const threat_names[] = {
    NULL,           "malware",        "tool",          "threat-actor",
    "intrusion-set", "campaign",      "attack-pattern", "vulnerability",
};

const char *ksz_threat_kind_name(ksz_threat_kind k)
{
    if (k >= KSZ_THREAT_MALWARE && k <= KSZ_THREAT_VULNERABILITY)
        return threat_names[k];
    return "";
}

ksz_rc ksz_threat_kind_parse(const char *s, size_t len, ksz_threat_kind *out)
{
    if (s == NULL)
        return KSZ_ERR_PARSE;
    for (int k = KSZ_THREAT_MALWARE; k <= KSZ_THREAT_VULNERABILITY; k++) {
        if (ieq(s, len, threat_names[k])) {
            *out = (ksz_threat_kind)k;
            return KSZ_OK;
        }
    }
    if (ieq(s, len, "actor")) {
        *out = KSZ_THREAT_ACTOR;
        return KSZ_OK;
    }
    return KSZ_ERR_PARSE;
}

const char *ksz_sighting_kind_name(ksz_sighting_kind k)
{
    switch (k) {
    case KSZ_SIGHTING_HIT:
        return "hit";
    case KSZ_SIGHTING_BLOCKED:
        return "blocked";
    case KSZ_SIGHTING_FALSE_POSITIVE:
        return "false-positive";
    }
    return "";
}

#define DAY 86400
int64_t ksz_default_lifetime(ksz_ioc_type t)
{
    switch (t) {
    case KSZ_IOC_IPV4:
    case KSZ_IOC_IPV6:
    case KSZ_IOC_CIDR4:
    case KSZ_IOC_CIDR6:
    case KSZ_IOC_URL:
        return 30 * (int64_t)DAY;
    case KSZ_IOC_DOMAIN:
    case KSZ_IOC_EMAIL:
        return 90 * (int64_t)DAY;
    default:
        return 365 * (int64_t)DAY;
    }
}

/* 00abedb4-aa42-466c-9c01-fed23315a9b7, the STIX 2.1 namespace */
static const unsigned char stix_ns[16] = {0x00, 0xab, 0xed, 0xb4, 0xaa, 0x42, 0x46, 0x6c,
                                          0x9c, 0x01, 0xfe, 0xd2, 0x33, 0x15, 0xa9, 0xb7};

/* SHA-1 is fetched from the provider once (a fetch per call takes locks
 * and costs more than the digest). The digest context is made and freed per
 * call: no per-thread state to free when a thread ends (a thread-local
 * context leaked once per worker thread of the daemon), for about 40 ns a
 * call (bench/RESULTS.md, daemon). */
static EVP_MD *sha1_md;
static pthread_once_t sha1_once = PTHREAD_ONCE_INIT;

static void sha1_fetch(void)
{
    sha1_md = EVP_MD_fetch(NULL, "SHA1", NULL);
}

static bool sha1(const unsigned char *a, size_t alen, const char *b, size_t blen,
                 unsigned char md[EVP_MAX_MD_SIZE])
{
    unsigned int mdlen = 0;
    EVP_MD_CTX *ctx;
    bool ok;

    pthread_once(&sha1_once, sha1_fetch);
    if (sha1_md == NULL)
        return false;
    ctx = EVP_MD_CTX_new();
    ok = ctx != NULL && EVP_DigestInit_ex2(ctx, sha1_md, NULL) == 1 &&
         EVP_DigestUpdate(ctx, a, alen) == 1 && EVP_DigestUpdate(ctx, b, blen) == 1 &&
         EVP_DigestFinal_ex(ctx, md, &mdlen) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

char *ksz_stix_id_derive(const char *type, const char *name, size_t name_len, char buf[80])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    static const char hex[] = "0123456789abcdef";
    size_t o;

    memset(md, 0, sizeof md);
    if (!sha1(stix_ns, sizeof stix_ns, name, name_len, md))
        memset(md, 0, sizeof md); /* out of memory: still a well-formed id */
    md[6] = (unsigned char)((md[6] & 0x0f) | 0x50); /* version 5 */
    md[8] = (unsigned char)((md[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    o = type != NULL ? strlen(type) : 0;
    if (o > 40)
        o = 40;
    memcpy(buf, type != NULL ? type : "", o);
    buf[o++] = '-';
    buf[o++] = '-';
    for (int i = 0; i < 16 && o + 3 < 80; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            buf[o++] = '-';
        buf[o++] = hex[md[i] >> 4];
        buf[o++] = hex[md[i] & 15];
    }
    buf[o] = '\0';
    return buf;
}
