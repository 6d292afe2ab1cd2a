/* SPDX-License-Identifier: Apache-2.0 */
/*
 * classify.c - the type catalogue (names, aliases, sets), the canonicaliser
 * that dispatches on a type, and the guesser for a lone value.
 *
 * Guessing tries the types from the most to the least constrained, so a
 * value that fits several takes the strictest reading: "1.2.3.4" is an
 * address, never a domain. The one real overlap is a name like
 * "invoice.zip", which is both a domain and a file name; see
 * ksz_ioc_classify in ioc.h for the rule.
 */
#include <assert.h>
#include <string.h>
#include "ioc/ioc_int.h"

static const char *const type_names[KSZ_IOC__COUNT] = {
    [KSZ_IOC_NONE] = "",           [KSZ_IOC_IPV4] = "ipv4",
    [KSZ_IOC_IPV6] = "ipv6",       [KSZ_IOC_CIDR4] = "cidr4",
    [KSZ_IOC_CIDR6] = "cidr6",     [KSZ_IOC_DOMAIN] = "domain",
    [KSZ_IOC_URL] = "url",         [KSZ_IOC_EMAIL] = "email",
    [KSZ_IOC_MD5] = "md5",         [KSZ_IOC_SHA1] = "sha1",
    [KSZ_IOC_SHA256] = "sha256",   [KSZ_IOC_SHA512] = "sha512",
    [KSZ_IOC_ASN] = "asn",         [KSZ_IOC_CVE] = "cve",
    [KSZ_IOC_ATTACK] = "attack-technique", [KSZ_IOC_FILENAME] = "filename",
    [KSZ_IOC_BTC] = "btc",
};

struct alias {
    const char *name;
    ksz_ioc_type type;
};

static const struct alias aliases[] = {
    {"ip", KSZ_IOC_IPV4},       {"cidr", KSZ_IOC_CIDR4},   {"hostname", KSZ_IOC_DOMAIN},
    {"fqdn", KSZ_IOC_DOMAIN},   {"attack", KSZ_IOC_ATTACK}, {"technique", KSZ_IOC_ATTACK},
    {"bitcoin", KSZ_IOC_BTC},
};

ksz_rc ksz__ioc_emit(const char *src, size_t n, char *out, size_t cap, size_t *outlen,
                     const char *area, struct ksz_error *err)
{
    if (cap < n + 1)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "%s: output needs %zu bytes, have %zu", area,
                             n + 1, cap);
    if (n > 0)
        memcpy(out, src, n);
    out[n] = '\0';
    if (outlen != NULL)
        *outlen = n;
    return KSZ_OK;
}

const char *ksz_ioc_type_name(ksz_ioc_type t)
{
    if ((int)t <= KSZ_IOC_NONE || t >= KSZ_IOC__COUNT)
        return "";
    return type_names[t];
}

static bool name_eq(const char *s, size_t len, const char *name)
{
    size_t n = strlen(name);

    if (len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ksz__lower(s[i]) != name[i])
            return false;
    return true;
}

ksz_rc ksz_ioc_type_from_name(const char *name, size_t len, ksz_ioc_type *out)
{
    assert(out != NULL);
    if (name == NULL || len == 0)
        return KSZ_ERR_NOTFOUND;
    for (int t = KSZ_IOC_NONE + 1; t < KSZ_IOC__COUNT; t++)
        if (name_eq(name, len, type_names[t])) {
            *out = (ksz_ioc_type)t;
            return KSZ_OK;
        }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (name_eq(name, len, aliases[i].name)) {
            *out = aliases[i].type;
            return KSZ_OK;
        }
    return KSZ_ERR_NOTFOUND;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

ksz_rc ksz_ioc_typeset_parse(const char *s, size_t len, ksz_ioc_typeset *out,
                             struct ksz_error *err)
{
    ksz_ioc_typeset set = 0;
    size_t i = 0;

    assert(out != NULL);
    assert(s != NULL || len == 0);
    for (;;) {
        size_t start = i, end;
        ksz_ioc_type t;
        char q[80];

        while (i < len && s[i] != ',')
            i++;
        end = i;
        while (start < end && is_space(s[start]))
            start++;
        while (end > start && is_space(s[end - 1]))
            end--;
        if (end == start)
            return ksz_error_set(err, KSZ_ERR_INVALID, "ioc: empty type name at offset %zu",
                                 start);
        if (name_eq(s + start, end - start, "all"))
            set |= KSZ_IOC_ALL;
        else if (name_eq(s + start, end - start, "ip"))
            set |= KSZ_IOC_BIT(KSZ_IOC_IPV4) | KSZ_IOC_BIT(KSZ_IOC_IPV6);
        else if (name_eq(s + start, end - start, "cidr"))
            set |= KSZ_IOC_BIT(KSZ_IOC_CIDR4) | KSZ_IOC_BIT(KSZ_IOC_CIDR6);
        else if (name_eq(s + start, end - start, "hash"))
            set |= KSZ_IOC_BIT(KSZ_IOC_MD5) | KSZ_IOC_BIT(KSZ_IOC_SHA1) |
                   KSZ_IOC_BIT(KSZ_IOC_SHA256) | KSZ_IOC_BIT(KSZ_IOC_SHA512);
        else if (ksz_ioc_type_from_name(s + start, end - start, &t) == KSZ_OK)
            set |= KSZ_IOC_BIT(t);
        else
            return ksz_error_set(err, KSZ_ERR_INVALID, "ioc: unknown type \"%s\" at offset %zu",
                                 ksz_error_quote(s + start, end - start, q, sizeof q), start);
        if (i == len)
            break;
        i++; /* the comma */
    }
    *out = set;
    return KSZ_OK;
}

static ksz_rc canon_hash(ksz_ioc_type t, const char *s, size_t len, char *out, size_t cap,
                         size_t *outlen, struct ksz_error *err)
{
    char buf[129];
    ksz_ioc_type got;
    ksz_rc rc;

    rc = ksz_hash_canon(s, len, &got, buf, sizeof buf, err);
    if (rc != KSZ_OK)
        return rc;
    if (got != t)
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s: %zu hex digits is a %s", type_names[t],
                             len, type_names[got]);
    return ksz__ioc_emit(buf, len, out, cap, outlen, type_names[t], err);
}

ksz_rc ksz_ioc_canon(ksz_ioc_type t, const char *s, size_t len, char *out, size_t cap,
                     size_t *outlen, struct ksz_error *err)
{
    char buf[64];
    uint32_t v4;
    uint8_t v6[16];
    unsigned prefix;
    ksz_rc rc;

    assert(s != NULL || len == 0);
    switch (t) {
    case KSZ_IOC_IPV4:
        rc = ksz_ipv4_parse(s, len, &v4, err);
        if (rc != KSZ_OK)
            return rc;
        ksz_ipv4_format(v4, buf);
        return ksz__ioc_emit(buf, strlen(buf), out, cap, outlen, "ipv4", err);
    case KSZ_IOC_IPV6:
        rc = ksz_ipv6_parse(s, len, v6, err);
        if (rc != KSZ_OK)
            return rc;
        ksz_ipv6_format(v6, buf);
        return ksz__ioc_emit(buf, strlen(buf), out, cap, outlen, "ipv6", err);
    case KSZ_IOC_CIDR4:
        rc = ksz_cidr4_parse(s, len, &v4, &prefix, err);
        if (rc != KSZ_OK)
            return rc;
        return ksz__ioc_emit(buf, ksz__cidr4_format(v4, prefix, buf), out, cap, outlen, "cidr4",
                             err);
    case KSZ_IOC_CIDR6:
        rc = ksz_cidr6_parse(s, len, v6, &prefix, err);
        if (rc != KSZ_OK)
            return rc;
        return ksz__ioc_emit(buf, ksz__cidr6_format(v6, prefix, buf), out, cap, outlen, "cidr6",
                             err);
    case KSZ_IOC_DOMAIN:
        return ksz_domain_canon(s, len, out, cap, outlen, err);
    case KSZ_IOC_URL:
        return ksz_url_canon(s, len, out, cap, outlen, NULL, err);
    case KSZ_IOC_EMAIL:
        return ksz_email_canon(s, len, out, cap, outlen, err);
    case KSZ_IOC_MD5:
    case KSZ_IOC_SHA1:
    case KSZ_IOC_SHA256:
    case KSZ_IOC_SHA512:
        return canon_hash(t, s, len, out, cap, outlen, err);
    case KSZ_IOC_ASN:
        return ksz_asn_canon(s, len, out, cap, outlen, err);
    case KSZ_IOC_CVE:
        return ksz_cve_canon(s, len, out, cap, outlen, err);
    case KSZ_IOC_ATTACK:
        return ksz_attack_canon(s, len, out, cap, outlen, err);
    case KSZ_IOC_FILENAME:
        return ksz_filename_canon(s, len, out, cap, outlen, err);
    case KSZ_IOC_BTC:
        return ksz_btc_canon(s, len, out, cap, outlen, err);
    default:
        break;
    }
    return ksz_error_set(err, KSZ_ERR_INVALID, "ioc: unknown type %d", (int)t);
}

/* The order of ksz_ioc_classify; domain and filename are handled apart. */
static const ksz_ioc_type guess_order[] = {
    KSZ_IOC_IPV4,   KSZ_IOC_IPV6,   KSZ_IOC_CIDR4, KSZ_IOC_CIDR6, KSZ_IOC_MD5,
    KSZ_IOC_SHA1,   KSZ_IOC_SHA256, KSZ_IOC_SHA512, KSZ_IOC_CVE,  KSZ_IOC_ATTACK,
    KSZ_IOC_ASN,    KSZ_IOC_BTC,    KSZ_IOC_URL,   KSZ_IOC_EMAIL,
};

/* A domain whose TLD is also a known file extension reads as a file name,
 * except ".com": DOS executables are rare, .com domains everywhere. */
static bool domain_looks_like_file(const char *d, size_t n)
{
    size_t start = n;

    while (start > 0 && d[start - 1] != '.')
        start--;
    if (n - start == 3 && memcmp(d + start, "com", 3) == 0)
        return false;
    return ksz_filename_ext_known(d + start, n - start);
}

static bool fatal(ksz_rc rc)
{
    return rc == KSZ_ERR_NOMEM || rc == KSZ_ERR_LIMIT;
}

ksz_rc ksz_ioc_classify(const char *s, size_t len, ksz_ioc_type *type, char *out, size_t cap,
                        size_t *outlen, struct ksz_error *err)
{
    char dom[KSZ__DOMAIN_MAX + 1];
    size_t dn;
    ksz_rc rc;

    assert(type != NULL);
    assert(s != NULL || len == 0);
    for (size_t i = 0; i < sizeof guess_order / sizeof guess_order[0]; i++) {
        rc = ksz_ioc_canon(guess_order[i], s, len, out, cap, outlen, err);
        if (rc == KSZ_OK)
            *type = guess_order[i];
        if (rc == KSZ_OK || fatal(rc))
            return rc;
    }
    rc = ksz_domain_canon(s, len, dom, sizeof dom, &dn, err);
    if (fatal(rc))
        return rc;
    if (rc == KSZ_OK && !(domain_looks_like_file(dom, dn) &&
                          ksz_filename_canon(s, len, NULL, 0, NULL, NULL) == KSZ_ERR_LIMIT)) {
        rc = ksz__ioc_emit(dom, dn, out, cap, outlen, "domain", err);
        if (rc == KSZ_OK)
            *type = KSZ_IOC_DOMAIN;
        return rc;
    }
    rc = ksz_filename_canon(s, len, out, cap, outlen, err);
    if (rc == KSZ_OK)
        *type = KSZ_IOC_FILENAME;
    if (rc == KSZ_OK || fatal(rc))
        return rc;
    {
        char q[300];
        return ksz_error_set(err, KSZ_ERR_PARSE, "ioc: not a recognised indicator: \"%s\"",
                             ksz_error_quote(s, len, q, sizeof q));
    }
}
