/* SPDX-License-Identifier: Apache-2.0 */
/*
 * url.c - URLs in text: where they start, where they end, and templates.
 *
 * The decision a reader must know: a URL ends at whitespace, quotes, a
 * backtick, <>, |, a backslash, "++" or '[' (asciidoc), or any non-ASCII
 * character (scan.c's word boundary); then trailing sentence punctuation
 * .,;:!?' and unbalanced closing brackets are dropped. A URL with a
 * placeholder (<user_id>, {1,sq}, %RANDOM%, [redacted]) is not reported, but
 * its host is. Nothing inside a URL is mined for other indicators.
 */
#include <string.h>
#include "extract/extract_int.h"

static bool is_scheme_char(int c)
{
    return ksz__x_is_alnum(c) || c == '+' || c == '-' || c == '.';
}

/* What a URL's bytes hold: brackets (a trailing closer may be punctuation),
 * and the placeholder marks '{', '}' and '%'. U_STOP marks the bytes that
 * may end a URL: '\\', '+' (as "++") and '['. */
enum { U_PAREN = 1, U_SQUARE = 2, U_CURLY = 4, U_PCT = 8, U_STOP = 16 };
static const uint8_t ucls[256] = {
    ['('] = U_PAREN, [')'] = U_PAREN, ['['] = U_SQUARE | U_STOP, [']'] = U_SQUARE,
    ['{'] = U_CURLY, ['}'] = U_CURLY, ['%'] = U_PCT, ['\\'] = U_STOP, ['+'] = U_STOP,
};

/* Where a URL starting at s must stop within [s, we): a backslash, "++", or
 * '[' after s (asciidoc). *seen gets the classes of the bytes before it. */
static size_t url_stop(const char *t, size_t s, size_t we, unsigned *seen)
{
    unsigned m = 0;
    size_t e = s;

    for (; e < we; e++) {
        unsigned k = ucls[(unsigned char)t[e]];
        if (k & U_STOP) {
            char c = t[e];
            if (c == '\\' || (c == '+' && e + 1 < we && t[e + 1] == '+') || (c == '[' && e > s))
                break;
        }
        m |= k;
    }
    *seen = m;
    return e;
}

/* Drop trailing sentence punctuation and unbalanced closing brackets from
 * the URL [s, e), whose bytes have the classes seen. */
static size_t url_trim(const char *t, size_t s, size_t e, unsigned seen)
{
    int paren = 0, square = 0, curly = 0;

    if (seen & (U_PAREN | U_SQUARE | U_CURLY))
        for (size_t i = s; i < e; i++) {
            char c = t[i];
            paren += (c == '(') - (c == ')');
            square += (c == '[') - (c == ']');
            curly += (c == '{') - (c == '}');
        }
    while (e > s) {
        char c = t[e - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
            c == '*' || c == '+') {
            e--;
        } else if (c == ')' && paren < 0) {
            paren++;
            e--;
        } else if (c == ']' && square < 0) {
            square++;
            e--;
        } else if (c == '}' && curly < 0) {
            curly++;
            e--;
        } else {
            break;
        }
    }
    return e;
}

size_t ksz__x_url_end(const struct xline *l, size_t s, size_t we)
{
    unsigned seen;
    size_t raw = url_stop(l->t, s, we, &seen);

    return url_trim(l->t, s, raw, seen);
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_ident(int c)
{
    return ksz__x_is_alnum(c) || c == '_' || c == '-' || c == ' ';
}

/* <NAME> at i */
static bool angle_placeholder(const struct xline *l, size_t i)
{
    const char *t = l->t;
    size_t k = i + 1;

    if (i >= l->n || t[i] != '<')
        return false;
    while (k < l->n && k - i < 64 && is_ident(t[k]))
        k++;
    return k > i + 1 && k < l->n && t[k] == '>';
}

/* Does the URL text [s, e) hold or touch a placeholder? stop is where the
 * raw scan stopped (before trimming); seen holds at least the classes of
 * [s, e) (ucls), so a URL without '{', '}' or '%' is not read again. */
static bool is_template(const struct xline *l, size_t s, size_t e, size_t stop, unsigned seen)
{
    const char *t = l->t;

    for (size_t i = s; i < e && (seen & (U_CURLY | U_PCT)); i++) {
        char c = t[i];
        if (c == '{' || c == '}')
            return true;
        if (c == '%' && i + 2 < e && !(is_hex(t[i + 1]) && is_hex(t[i + 2]))) {
            size_t k = i + 1;
            while (k < e && (ksz__x_is_alnum(t[k]) || t[k] == '_'))
                k++;
            /* %RANDOM% but not %2F%3A escapes */
            if (k < e && t[k] == '%' && k - i - 1 >= 3)
                return true;
        }
    }
    if (stop < l->n) {
        char c = t[stop];
        if (c == '<' && angle_placeholder(l, stop))
            return true;
        if (c == '\\' && stop + 1 < l->n && (t[stop + 1] == '~' || t[stop + 1] == '<'))
            return true;
        if (c == '[') {
            static const char *const ph[] = {"[redacted]", "[removed]", "[snip]", "[...]"};
            for (size_t k = 0; k < sizeof ph / sizeof ph[0]; k++) {
                size_t m = strlen(ph[k]);
                if (stop + m <= l->n && strncasecmp(t + stop, ph[k], m) == 0)
                    return true;
            }
        }
    }
    return false;
}

/* The host of a URL whose authority starts at a: [hs, he) in the text. */
static void authority(const struct xline *l, size_t a, size_t e, size_t *hs, size_t *he)
{
    const char *t = l->t;
    size_t k = a, at = (size_t)-1;

    while (k < e && t[k] != '/' && t[k] != '?' && t[k] != '#') {
        if (t[k] == '@')
            at = k;
        k++;
    }
    *hs = at != (size_t)-1 ? at + 1 : a;
    *he = k;
    if (*hs < *he && t[*hs] == '[') {
        const char *rb = memchr(t + *hs, ']', *he - *hs);
        if (rb != NULL)
            *he = (size_t)(rb - t) + 1;
    } else {
        const char *colon = memchr(t + *hs, ':', *he - *hs);
        if (colon != NULL)
            *he = (size_t)(colon - t);
    }
}

/* Report a URL (text v[0..vn), matched at [s, e) of the line) and its host,
 * or, for a template or an invalid URL, only the host. */
static void report(struct ksz_extractor *x, struct xline *l, size_t s, size_t e, size_t a,
                   const char *v, size_t vn, bool tmpl, size_t we)
{
    struct ksz_url u;
    char canon[KSZ_IOC_VALUE_MAX + 1];
    size_t cn, hs, he;

    authority(l, a, e, &hs, &he);
    if (!tmpl && ksz_url_canon(v, vn, canon, sizeof canon, &cn, &u, NULL) == KSZ_OK) {
        size_t ohs = hs, ohe = he;
        ksz__x_emit_canon(x, l, KSZ_IOC_URL, s, e, canon, cn, 0, &u);
        if (ohs < ohe && l->t[ohs] == '[') {
            ohs++;
            ohe--;
        }
        ksz__x_emit_canon(x, l, u.host_type, ohs, ohe, canon + u.host_off, u.host_len, 0, NULL);
        return;
    }
    /* the host alone, through the plain rules (templated names included) */
    if (hs < he) {
        if (l->t[hs] == '[' && he - hs > 2) {
            ksz__x_emit(x, l, KSZ_IOC_IPV6, hs + 1, he - 1, l->t + hs + 1, he - hs - 2, 0);
            return;
        }
        x->in_host = true;
        ksz__x_plain(x, l, hs, he, ~0u, he < we ? he : we);
        x->in_host = false;
    }
}

size_t ksz__x_url_at(struct ksz_extractor *x, const struct xline *l, size_t ws, size_t we,
                     size_t p, size_t *url_start)
{
    const char *t = l->t;
    size_t s = p, a = p + 3, stop, e;
    struct xline *ml = (struct xline *)l;

    while (s > ws && is_scheme_char((unsigned char)t[s - 1]))
        s--;
    while (s < p && !((t[s] >= 'a' && t[s] <= 'z') || (t[s] >= 'A' && t[s] <= 'Z')))
        s++;
    *url_start = s;
    if (s == p || a >= we)
        return p + 3;
    /* a bracketed IPv6 host may hold what would end a URL */
    stop = a;
    if (t[a] == '[') {
        const char *rb = memchr(t + a, ']', we - a);
        if (rb == NULL)
            return p + 3;
        stop = (size_t)(rb - t) + 1;
    }
    {
        unsigned seen;
        size_t raw = url_stop(t, stop, we, &seen);
        e = url_trim(t, stop, raw, seen);
        if (e < stop)
            e = stop;
        if (e <= a)
            return p + 3;
        if (e - s > KSZ_IOC_VALUE_MAX)
            return e;
        /* the scheme, "://" and a bracketed host before stop */
        for (size_t i = s; i < stop; i++)
            seen |= ucls[(unsigned char)t[i]];
        report(x, ml, s, e, a, t + s, e - s, is_template(l, s, e, raw, seen), we);
    }
    return e;
}

size_t ksz__x_bare_url(struct ksz_extractor *x, const struct xline *l, size_t hs, size_t he,
                       size_t we)
{
    const char *t = l->t;
    unsigned seen;
    size_t raw = url_stop(t, he, we, &seen), e = url_trim(t, he, raw, seen);
    struct ksz_url u;
    char canon[KSZ_IOC_VALUE_MAX + 1];
    size_t cn;

    if (e - hs + 7 > sizeof x->tmp - 1)
        return he;
    for (size_t i = hs; i < he; i++)
        seen |= ucls[(unsigned char)t[i]];
    if (is_template(l, hs, e, raw, seen))
        return he; /* the caller reports the host */
    memcpy(x->tmp, "http://", 7);
    memcpy(x->tmp + 7, t + hs, e - hs);
    if (ksz_url_canon(x->tmp, e - hs + 7, canon, sizeof canon, &cn, &u, NULL) != KSZ_OK)
        return he;
    ksz__x_emit_canon(x, l, KSZ_IOC_URL, hs, e, canon, cn, 0, &u);
    return e;
}
