/* SPDX-License-Identifier: Apache-2.0 */
/*
 * url.c - the matcher's URL canonicalisation: the same bytes as
 * ksz_url_canon for every URL that function accepts, without its cost on
 * the common case.
 *
 * Nearly every URL in a proxy log has a lower-case ASCII host, so the fast
 * path only lower-cases the scheme and host, drops a default port and a
 * bare "/" path, and copies the rest. A host with anything else in it
 * (non-ASCII, percent signs, an IPv4 literal with leading zeros) goes to
 * ksz_url_canon. A host the fast path lets through that ksz_url_canon would
 * refuse (no real TLD, say) cannot be the host of a stored indicator, so the
 * lookup misses either way.
 */
#include <assert.h>
#include <string.h>
#include "kizashi/match.h"
#include "core/core_int.h"

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static uint16_t default_port(const char *scheme, size_t n)
{
    if (n == 4 && memcmp(scheme, "http", 4) == 0)
        return 80;
    if (n == 5 && memcmp(scheme, "https", 5) == 0)
        return 443;
    if (n == 3 && memcmp(scheme, "ftp", 3) == 0)
        return 21;
    if (n == 2 && memcmp(scheme, "ws", 2) == 0)
        return 80;
    if (n == 3 && memcmp(scheme, "wss", 3) == 0)
        return 443;
    return 0;
}

static ksz_rc slow_path(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                        const char **host, size_t *hlen)
{
    struct ksz_url parts;
    size_t n;
    ksz_rc rc = ksz_url_canon(s, len, out, cap, &n, &parts, NULL);

    if (rc != KSZ_OK)
        return rc;
    *outlen = n;
    *host = out + parts.host_off;
    *hlen = parts.host_len;
    return KSZ_OK;
}

ksz_rc ksz_match_url_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                           const char **host, size_t *hlen)
{
    size_t i, auth, auth_end, at, hs, he, o = 0, path_len;
    uint32_t port = 0;
    bool has_port = false, all_ip = true;

    assert(out != NULL && outlen != NULL && host != NULL && hlen != NULL);
    if (len == 0 || len > KSZ_IOC_VALUE_MAX || !is_alpha(s[0]))
        return KSZ_ERR_PARSE;
    for (i = 0; i < len && s[i] != ':'; i++)
        if (!(is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.') ||
            i >= 31)
            return KSZ_ERR_PARSE;
    if (len - i < 3 || memcmp(s + i, "://", 3) != 0)
        return KSZ_ERR_PARSE;
    auth = i + 3;
    auth_end = auth;
    at = auth;
    while (auth_end < len && s[auth_end] != '/' && s[auth_end] != '?' && s[auth_end] != '#') {
        if (s[auth_end] == '@')
            at = auth_end + 1;
        auth_end++;
    }
    hs = at;
    if (hs < auth_end && s[hs] == '[')
        return slow_path(s, len, out, cap, outlen, host, hlen);
    he = hs;
    while (he < auth_end && s[he] != ':') {
        char c = lower(s[he]);
        if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '.' || c == '-' || c == '_'))
            return slow_path(s, len, out, cap, outlen, host, hlen);
        if (!(is_digit(c) || c == '.'))
            all_ip = false;
        he++;
    }
    if (he == hs)
        return KSZ_ERR_PARSE;
    if (all_ip) {
        uint32_t a;
        if (ksz_ipv4_parse(s + hs, he - hs, &a, NULL) != KSZ_OK)
            return slow_path(s, len, out, cap, outlen, host, hlen);
    }
    if (he < auth_end) {
        size_t k = he + 1;
        if (k == auth_end)
            has_port = false;
        else {
            for (; k < auth_end; k++) {
                if (!is_digit(s[k]))
                    return KSZ_ERR_PARSE;
                port = port * 10 + (uint32_t)(s[k] - '0');
                if (port > 65535)
                    return KSZ_ERR_PARSE;
            }
            if (port == 0)
                return KSZ_ERR_PARSE;
            has_port = true;
        }
    }
    for (size_t k = auth_end; k < len; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c <= 0x20 || c == 0x7f)
            return KSZ_ERR_PARSE;
    }
    for (size_t k = auth; k < hs; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c <= 0x20 || c == 0x7f)
            return KSZ_ERR_PARSE;
    }
    path_len = len - auth_end;
    if (path_len == 1 && s[auth_end] == '/')
        path_len = 0;
    /* a trailing dot on the host goes */
    {
        size_t hl = he - hs;
        size_t scheme_len = auth - 3;
        char pbuf[8];
        size_t plen = 0;
        if (hl > 0 && s[he - 1] == '.')
            hl--;
        if (hl == 0)
            return KSZ_ERR_PARSE;
        if (scheme_len + 3 + (hs - auth) + hl + 6 + path_len + 1 > cap)
            return KSZ_ERR_LIMIT;
        for (size_t k = 0; k < scheme_len; k++)
            out[o++] = lower(s[k]);
        if (has_port && port == default_port(out, scheme_len))
            has_port = false;
        if (has_port) {
            char tmp[6];
            size_t k = 0;
            uint32_t p = port;
            while (p > 0) {
                tmp[k++] = (char)('0' + p % 10);
                p /= 10;
            }
            pbuf[plen++] = ':';
            while (k > 0)
                pbuf[plen++] = tmp[--k];
        }
        memcpy(out + o, "://", 3);
        o += 3;
        memcpy(out + o, s + auth, hs - auth);
        o += hs - auth;
        *host = out + o;
        *hlen = hl;
        for (size_t k = 0; k < hl; k++)
            out[o++] = lower(s[hs + k]);
        memcpy(out + o, pbuf, plen);
        o += plen;
        memcpy(out + o, s + auth_end, path_len);
        o += path_len;
        out[o] = '\0';
    }
    *outlen = o;
    return KSZ_OK;
}
