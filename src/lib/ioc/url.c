/* SPDX-License-Identifier: Apache-2.0 */
/*
 * url.c - URLs (RFC 3986, any scheme with an authority).
 *
 * Only the parts that are case-insensitive or have several spellings are
 * rewritten: the scheme and host are lower-cased, an IDN host becomes
 * punycode, an IPv6 host its RFC 5952 form, a default port and a bare "/"
 * path go away. Userinfo, path, query and fragment stay byte for byte as
 * written, because servers treat them as case-sensitive and an indicator must
 * still match what the malware requested.
 */
#include <assert.h>
#include <string.h>
#include "ioc/ioc_int.h"

struct default_port {
    const char *scheme;
    uint16_t port;
};

static const struct default_port default_ports[] = {
    {"http", 80}, {"https", 443}, {"ftp", 21}, {"ws", 80}, {"wss", 443},
};

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static uint16_t scheme_default_port(const char *scheme, size_t n)
{
    for (size_t i = 0; i < sizeof default_ports / sizeof default_ports[0]; i++)
        if (strlen(default_ports[i].scheme) == n && memcmp(default_ports[i].scheme, scheme, n) == 0)
            return default_ports[i].port;
    return 0;
}

/* Parse the host at s[0..n) (brackets included for IPv6) into hbuf. */
static ksz_rc parse_host(const char *s, size_t n, size_t off, char *hbuf, size_t *hlen,
                         ksz_ioc_type *htype, struct ksz_error *err)
{
    uint32_t v4;
    uint8_t v6[16];

    if (n == 0)
        return ksz_error_set(err, KSZ_ERR_PARSE, "url: empty host at offset %zu", off);
    if (s[0] == '[') {
        if (n < 2 || s[n - 1] != ']')
            return ksz_error_set(err, KSZ_ERR_PARSE, "url: unclosed '[' at offset %zu", off);
        if (ksz_ipv6_parse(s + 1, n - 2, v6, NULL) != KSZ_OK)
            return ksz_error_set(err, KSZ_ERR_PARSE, "url: bad IPv6 host at offset %zu",
                                 off + 1);
        ksz_ipv6_format(v6, hbuf);
        *hlen = strlen(hbuf);
        *htype = KSZ_IOC_IPV6;
        return KSZ_OK;
    }
    if (ksz_ipv4_parse(s, n, &v4, NULL) == KSZ_OK) {
        ksz_ipv4_format(v4, hbuf);
        *hlen = strlen(hbuf);
        *htype = KSZ_IOC_IPV4;
        return KSZ_OK;
    }
    {
        struct ksz_error derr;
        if (ksz__domain_canon_buf(s, n, hbuf, hlen, "url", &derr) != KSZ_OK) {
            if (derr.code == KSZ_ERR_NOMEM)
                return ksz_error_set(err, KSZ_ERR_NOMEM, "url: out of memory");
            return ksz_error_set(err, KSZ_ERR_PARSE, "url: bad host at offset %zu: %s", off,
                                 derr.msg);
        }
    }
    *htype = KSZ_IOC_DOMAIN;
    return KSZ_OK;
}

ksz_rc ksz_url_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                     struct ksz_url *parts, struct ksz_error *err)
{
    char scheme[32];
    char hbuf[KSZ__DOMAIN_MAX + 1];
    char portbuf[8];
    size_t slen = 0, hlen = 0, plen = 0, i, auth, auth_end, at, host_end, total, o;
    ksz_ioc_type htype = KSZ_IOC_NONE;
    uint16_t port = 0;
    size_t path, path_len;
    bool has_at = false;
    ksz_rc rc;

    assert(s != NULL || len == 0);
    if (len > KSZ_IOC_VALUE_MAX)
        return ksz_error_set(err, KSZ_ERR_PARSE, "url: longer than %d bytes", KSZ_IOC_VALUE_MAX);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7f)
            return ksz_error_set(err, KSZ_ERR_PARSE,
                                 "url: space or control byte at offset %zu", i);
    }
    /* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then "://" */
    if (len == 0 || !is_alpha(s[0]))
        return ksz_error_set(err, KSZ_ERR_PARSE, "url: scheme must start with a letter");
    for (i = 0; i < len && s[i] != ':'; i++) {
        char c = s[i];
        if (!(is_alpha(c) || ksz__is_digit(c) || c == '+' || c == '-' || c == '.'))
            return ksz_error_set(err, KSZ_ERR_PARSE, "url: bad scheme byte at offset %zu", i);
        if (i >= sizeof scheme - 1)
            return ksz_error_set(err, KSZ_ERR_PARSE, "url: scheme too long");
        scheme[i] = ksz__lower(c);
    }
    slen = i;
    if (len - i < 3 || memcmp(s + i, "://", 3) != 0)
        return ksz_error_set(err, KSZ_ERR_PARSE, "url: expected \"://\" at offset %zu", i);
    auth = i + 3;
    auth_end = auth;
    while (auth_end < len && s[auth_end] != '/' && s[auth_end] != '?' && s[auth_end] != '#')
        auth_end++;
    /* userinfo ends at the last '@' of the authority */
    at = auth;
    for (size_t k = auth; k < auth_end; k++)
        if (s[k] == '@') {
            at = k + 1;
            has_at = true;
        }
    /* host ends at a ':' that is outside brackets */
    host_end = at;
    if (host_end < auth_end && s[host_end] == '[') {
        while (host_end < auth_end && s[host_end] != ']')
            host_end++;
        if (host_end < auth_end)
            host_end++;
    } else {
        while (host_end < auth_end && s[host_end] != ':')
            host_end++;
    }
    rc = parse_host(s + at, host_end - at, at, hbuf, &hlen, &htype, err);
    if (rc != KSZ_OK)
        return rc;
    if (host_end < auth_end) {
        uint64_t v = 0;
        if (s[host_end] != ':')
            return ksz_error_set(err, KSZ_ERR_PARSE, "url: unexpected byte at offset %zu",
                                 host_end);
        if (host_end + 1 < auth_end) {
            if (ksz__parse_u64(s + host_end + 1, auth_end - host_end - 1, 65535, &v) !=
                    KSZ_OK ||
                v == 0)
                return ksz_error_set(err, KSZ_ERR_PARSE, "url: bad port at offset %zu",
                                     host_end + 1);
        }
        port = (uint16_t)v;
        if (port == scheme_default_port(scheme, slen))
            port = 0;
    }
    if (port != 0) {
        unsigned p = port;
        char tmp[6];
        size_t k = 0;
        while (p > 0) {
            tmp[k++] = (char)('0' + p % 10);
            p /= 10;
        }
        portbuf[plen++] = ':';
        while (k > 0)
            portbuf[plen++] = tmp[--k];
    }
    path = auth_end;
    path_len = len - auth_end;
    if (path_len == 1 && s[path] == '/')
        path_len = 0;
    total = slen + 3 + (has_at ? at - auth : 0) + hlen + (htype == KSZ_IOC_IPV6 ? 2 : 0) + plen +
            path_len;
    if (total > KSZ_IOC_VALUE_MAX)
        return ksz_error_set(err, KSZ_ERR_PARSE, "url: longer than %d bytes", KSZ_IOC_VALUE_MAX);
    if (cap < total + 1)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "url: output buffer too small");
    o = 0;
    memcpy(out + o, scheme, slen);
    o += slen;
    memcpy(out + o, "://", 3);
    o += 3;
    if (has_at) {
        memcpy(out + o, s + auth, at - auth);
        o += at - auth;
    }
    if (parts != NULL) {
        parts->scheme_len = slen;
        parts->host_off = o + (htype == KSZ_IOC_IPV6 ? 1 : 0);
        parts->host_len = hlen;
        parts->host_type = htype;
        parts->port = port;
    }
    if (htype == KSZ_IOC_IPV6)
        out[o++] = '[';
    memcpy(out + o, hbuf, hlen);
    o += hlen;
    if (htype == KSZ_IOC_IPV6)
        out[o++] = ']';
    memcpy(out + o, portbuf, plen);
    o += plen;
    if (parts != NULL)
        parts->path_off = o;
    memcpy(out + o, s + path, path_len);
    o += path_len;
    out[o] = '\0';
    assert(o == total);
    if (outlen != NULL)
        *outlen = o;
    return KSZ_OK;
}
