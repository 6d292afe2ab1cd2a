/* SPDX-License-Identifier: Apache-2.0 */
/*
 * url.c - the matcher's URL canonicalisation: the same bytes as
 * ksz_url_canon for every URL that function accepts, without its cost on
 * the common case.
 *
 * One splitter (ksz__match_url_split) serves two consumers: the
 * canonicalisation below, which writes the pieces out, and the lookup,
 * which hashes them where they lie and writes them out only when the URL
 * filter passes. Both therefore agree on every byte.
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
#include "match/match_int.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* True if s[0..n) holds a byte <= 0x20 or 0x7f (refused anywhere after
 * the authority). floor <= s is where readable memory starts: the tail is
 * read as one 16-byte load ending at s + n when that stays above floor. */
static bool has_ctl(const char *floor, const char *s, size_t n)
{
#ifdef __SSE2__
    const __m128i sp = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f);
    size_t i = 0;

    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, sp), v), _mm_cmpeq_epi8(v, del));
        if (_mm_movemask_epi8(m) != 0)
            return true;
    }
    if (i < n && (size_t)(s + n - floor) >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, sp), v), _mm_cmpeq_epi8(v, del));
        unsigned keep = 0xffffu << (16 - (n - i));   /* only the bytes from s + i */
        return (_mm_movemask_epi8(m) & keep & 0xffffu) != 0;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7f)
            return true;
    }
    return false;
#else
    (void)floor;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7f)
            return true;
    }
    return false;
#endif
}

static bool default_port_ci(const char *scheme, size_t n, uint32_t port)
{
    char low[5];

    if (n < 2 || n > 5)
        return false;
    for (size_t k = 0; k < n; k++)
        low[k] = lower(scheme[k]);
    return port == default_port(low, n);
}

/* Byte classes of an authority, for the one-pass scan of the common case:
 * URL_C_HOST a host byte (a-z A-Z 0-9 . - _), URL_C_UPPER A-Z, URL_C_NONIP
 * not in a dotted quad, URL_C_END '/' '?' '#', URL_C_COLON ':'; 0 for the
 * rest ('@', '[', '%', non-ASCII, controls...), which the general loops
 * handle. */
enum { URL_C_HOST = 1, URL_C_UPPER = 2, URL_C_NONIP = 4, URL_C_END = 8, URL_C_COLON = 16 };
static const uint8_t url_cls[256] = {
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
     0,  0,  0,  8,  0,  0,  0,  0,  0,  0,  0,  0,  0,  5,  1,  8,
     1,  1,  1,  1,  1,  1,  1,  1,  1,  1, 16,  0,  0,  0,  0,  8,
     0,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,
     7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  0,  0,  0,  0,  5,
     0,  5,  5,  5,  5,  5,  5,  5,  5,  5,  5,  5,  5,  5,  5,  5,
     5,  5,  5,  5,  5,  5,  5,  5,  5,  5,  5,  0,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
};

/* The end of the run of host bytes (a-z A-Z 0-9 . - _) starting at s[i],
 * i < len; *acc gets URL_C_UPPER and URL_C_NONIP for what the run holds.
 * With SSE2, 16 bytes at a time (the last ones as the 16 bytes ending at
 * s + len, when the string is that long). */
static size_t host_run(const char *s, size_t i, size_t len, unsigned *acc)
{
#ifdef __SSE2__
    const __m128i a1 = _mm_set1_epi8('a' - 1), z1 = _mm_set1_epi8('z' + 1);
    const __m128i A1 = _mm_set1_epi8('A' - 1), Z1 = _mm_set1_epi8('Z' + 1);
    const __m128i d1 = _mm_set1_epi8('0' - 1), d9 = _mm_set1_epi8('9' + 1);
    const __m128i dot = _mm_set1_epi8('.'), dash = _mm_set1_epi8('-'), us = _mm_set1_epi8('_');

    while (i < len) {
        size_t rem = len - i;
        unsigned shift = 0, valid = 0xffffu, host, up, nonip, stop, upto;
        __m128i v, lo, hi, dg, pu;
        if (rem >= 16) {
            v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        } else if (len >= 16) {
            v = _mm_loadu_si128((const __m128i *)(const void *)(s + len - 16));
            shift = (unsigned)(16 - rem);
            valid = (1u << rem) - 1;
        } else {
            break;
        }
        lo = _mm_and_si128(_mm_cmpgt_epi8(v, a1), _mm_cmplt_epi8(v, z1));
        hi = _mm_and_si128(_mm_cmpgt_epi8(v, A1), _mm_cmplt_epi8(v, Z1));
        dg = _mm_and_si128(_mm_cmpgt_epi8(v, d1), _mm_cmplt_epi8(v, d9));
        pu = _mm_or_si128(_mm_cmpeq_epi8(v, dot),
                          _mm_or_si128(_mm_cmpeq_epi8(v, dash), _mm_cmpeq_epi8(v, us)));
        host = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(lo, hi), _mm_or_si128(dg, pu))) >> shift;
        up = (unsigned)_mm_movemask_epi8(hi) >> shift;
        nonip = (unsigned)_mm_movemask_epi8(_mm_or_si128(
                    _mm_or_si128(lo, hi), _mm_or_si128(_mm_cmpeq_epi8(v, dash), _mm_cmpeq_epi8(v, us)))) >>
                shift;
        stop = ~host & valid;
        upto = stop ? (1u << __builtin_ctz(stop)) - 1 : valid;
        if (up & upto)
            *acc |= URL_C_UPPER;
        if (nonip & upto)
            *acc |= URL_C_NONIP;
        if (stop)
            return i + (size_t)__builtin_ctz(stop);
        i += rem >= 16 ? 16 : rem;
    }
#endif
    while (i < len) {
        unsigned c = url_cls[(unsigned char)s[i]];
        if (!(c & URL_C_HOST))
            break;
        *acc |= c;
        i++;
    }
    return i;
}

url_split_rc ksz__match_url_split(const char *s, size_t len, struct url_split *u)
{
    size_t i, auth, auth_end, at, hs, he, path_len;
    uint32_t port = 0;
    bool has_port = false, all_ip = true, upper = false, fast;
    unsigned acc0 = 0;

    if (len == 0 || len > KSZ_IOC_VALUE_MAX || !is_alpha(s[0]))
        return URL_BAD;
    /* the scheme: "http" and "https" at once, others by the loop */
    i = 0;
    if (len >= 8 && memcmp(s, "http", 4) == 0)
        i = s[4] == ':' ? 4 : (s[4] == 's' && s[5] == ':') ? 5 : 0;
    for (; i < len && s[i] != ':'; i++) {
        if (!(is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.') ||
            i >= 31)
            return URL_BAD;
        upper |= s[i] >= 'A' && s[i] <= 'Z';
    }
    if (len - i < 3 || memcmp(s + i, "://", 3) != 0)
        return URL_BAD;
    auth = i + 3;
    /* The common authority, "host" or "host:port" with nothing odd in it, in
     * one table-driven pass; anything else (user info, brackets, other
     * bytes) takes the general loops below, which give the same pieces. */
    {
        size_t e = auth < len ? host_run(s, auth, len, &acc0) : len, k;
        unsigned acc = acc0, c = e < len ? url_cls[(unsigned char)s[e]] : URL_C_END;
        k = e;
        if (c & URL_C_COLON) {
            k = e + 1;
            while (k < len && is_digit(s[k]))
                k++;
            if (k < len && !(url_cls[(unsigned char)s[k]] & URL_C_END))
                c = 0;
        }
        fast = (c & (URL_C_END | URL_C_COLON)) != 0;
        if (fast) {
            hs = auth;
            he = e;
            auth_end = k;
            upper |= (acc & URL_C_UPPER) != 0;
            all_ip = !(acc & URL_C_NONIP);
        }
    }
    if (!fast) {
        auth_end = auth;
        at = auth;
        while (auth_end < len && s[auth_end] != '/' && s[auth_end] != '?' && s[auth_end] != '#') {
            if (s[auth_end] == '@')
                at = auth_end + 1;
            auth_end++;
        }
        hs = at;
        if (hs < auth_end && s[hs] == '[')
            return URL_SLOW;
        he = hs;
        while (he < auth_end && s[he] != ':') {
            char c = s[he];
            if (c >= 'A' && c <= 'Z') {
                upper = true;
                all_ip = false;
            } else if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '.' || c == '-' ||
                         c == '_')) {
                return URL_SLOW;
            } else if (!(is_digit(c) || c == '.')) {
                all_ip = false;
            }
            he++;
        }
    }
    if (he == hs)
        return URL_BAD;
    u->is_ipv4 = false;
    if (all_ip) {
        if (ksz_ipv4_parse(s + hs, he - hs, &u->ipv4, NULL) != KSZ_OK)
            return URL_SLOW;
        u->is_ipv4 = true;
    }
    if (he < auth_end && he + 1 < auth_end) {
        for (size_t k = he + 1; k < auth_end; k++) {
            if (!is_digit(s[k]))
                return URL_BAD;
            port = port * 10 + (uint32_t)(s[k] - '0');
            if (port > 65535)
                return URL_BAD;
        }
        if (port == 0)
            return URL_BAD;
        has_port = true;
    }
    if (has_ctl(s, s + auth_end, len - auth_end) || has_ctl(s, s + auth, hs - auth))
        return URL_BAD;
    path_len = len - auth_end;
    if (path_len == 1 && s[auth_end] == '/')
        path_len = 0;
    u->scheme_len = auth - 3;
    u->auth = auth;
    u->hs = hs;
    u->hl = he - hs;
    if (s[he - 1] == '.')   /* a trailing dot on the host goes */
        u->hl--;
    if (u->hl == 0)
        return URL_BAD;
    u->port_len = 0;
    if (has_port && !default_port_ci(s, u->scheme_len, port)) {
        char tmp[6];
        size_t k = 0;
        while (port > 0) {
            tmp[k++] = (char)('0' + port % 10);
            port /= 10;
        }
        u->port[u->port_len++] = ':';
        while (k > 0)
            u->port[u->port_len++] = tmp[--k];
    }
    u->path = auth_end;
    u->path_len = path_len;
    u->upper = upper;
    u->canon_len = u->scheme_len + 3 + (hs - auth) + u->hl + u->port_len + path_len;
    /* nothing to change but maybe a bare "/" at the end */
    u->as_written = !upper && he == auth_end && u->hl == he - hs;
    return URL_FAST;
}

ksz_rc ksz_match_url_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                           const char **host, size_t *hlen)
{
    struct url_split u;
    size_t o = 0;

    assert(out != NULL && outlen != NULL && host != NULL && hlen != NULL);
    switch (ksz__match_url_split(s, len, &u)) {
    case URL_SLOW:
        return slow_path(s, len, out, cap, outlen, host, hlen);
    case URL_BAD:
        return KSZ_ERR_PARSE;
    default:
        break;
    }
    if (u.canon_len + 1 > cap)
        return KSZ_ERR_LIMIT;
    for (size_t k = 0; k < u.scheme_len; k++)
        out[o++] = lower(s[k]);
    memcpy(out + o, "://", 3);
    o += 3;
    memcpy(out + o, s + u.auth, u.hs - u.auth);
    o += u.hs - u.auth;
    *host = out + o;
    *hlen = u.hl;
    for (size_t k = 0; k < u.hl; k++)
        out[o++] = lower(s[u.hs + k]);
    memcpy(out + o, u.port, u.port_len);
    o += u.port_len;
    memcpy(out + o, s + u.path, u.path_len);
    o += u.path_len;
    out[o] = '\0';
    assert(o == u.canon_len);
    *outlen = o;
    return KSZ_OK;
}
