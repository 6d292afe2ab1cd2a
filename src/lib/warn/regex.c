/* SPDX-License-Identifier: Apache-2.0 */
/*
 * regex.c - MISP regex warninglist entries to POSIX extended expressions.
 *
 * MISP writes them for PHP's preg_match: "/^(security|noc)\@.*\..*$/i",
 * "/((?:\+|00)1)?([0-9]{3})55501([0-9]{2})/g". Matching only asks "does it
 * match anywhere", so the common PCRE constructs have exact POSIX forms:
 * (?: is a plain group, \d \w \s and their negations are bracket classes,
 * lazy quantifiers match the same strings as greedy ones, and an escaped
 * punctuation character is that character. Constructs with no POSIX form
 * (look-around, back-references, \b, possessive quantifiers, the x flag)
 * make the entry fail: it is skipped and counted, never half-translated.
 */
#include <string.h>
#include "warn/warn_int.h"

struct out {
    char *p;
    size_t len, cap;
};

static bool put(struct out *o, const char *s)
{
    size_t n = strlen(s);

    if (o->cap - o->len <= n)
        return false;
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
    return true;
}

static bool putc1(struct out *o, char c)
{
    char s[2] = {c, '\0'};
    return put(o, s);
}

/* What \c stands for inside [...] and outside; NULL when it has no form. */
static const char *class_escape(char c, bool in_bracket)
{
    switch (c) {
    case 'd':
        return in_bracket ? "0-9" : "[0-9]";
    case 'w':
        return in_bracket ? "[:alnum:]_" : "[[:alnum:]_]";
    case 's':
        return in_bracket ? "[:space:]" : "[[:space:]]";
    case 'D':
        return in_bracket ? NULL : "[^0-9]";
    case 'W':
        return in_bracket ? NULL : "[^[:alnum:]_]";
    case 'S':
        return in_bracket ? NULL : "[^[:space:]]";
    default:
        return NULL;
    }
}

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Split "/body/flags" into body and flags; an entry without delimiters is
 * all body. */
static ksz_rc split(const char *s, size_t len, const char **body, size_t *blen)
{
    size_t end;

    if (len == 0 || s[0] != '/') {
        *body = s;
        *blen = len;
        return KSZ_OK;
    }
    end = len;
    while (end > 1 && s[end - 1] != '/')
        end--;
    if (end <= 1)
        return KSZ_ERR_PARSE; /* no closing delimiter */
    for (size_t i = end; i < len; i++) {
        char f = s[i];
        if (f != 'i' && f != 'g' && f != 'm' && f != 's' && f != 'u' && f != 'D')
            return KSZ_ERR_PARSE;
    }
    *body = s + 1;
    *blen = end - 2;
    return KSZ_OK;
}

ksz_rc ksz__warn_re_translate(const char *s, size_t len, char *buf, size_t cap)
{
    struct out o = {buf, 0, cap};
    const char *b;
    size_t n, i = 0;
    bool in_bracket = false, after_quant = false;

    if (cap == 0 || split(s, len, &b, &n) != KSZ_OK)
        return KSZ_ERR_PARSE;
    buf[0] = '\0';
    if (n == 0)
        return KSZ_ERR_PARSE;
    while (i < n) {
        char c = b[i];
        bool quant = false, ok = true;

        if (c == '\0')
            return KSZ_ERR_PARSE;
        if (in_bracket) {
            if (c == '\\' && i + 1 < n) {
                const char *cls = class_escape(b[i + 1], true);
                char e = b[i + 1];
                if (cls != NULL)
                    ok = put(&o, cls);
                else if (is_alnum(e) || e == ']' || e == '^' || e == '-')
                    return KSZ_ERR_PARSE; /* position-dependent in POSIX brackets */
                else
                    ok = putc1(&o, e);
                i += 2;
            } else if (c == '[' && i + 1 < n && (b[i + 1] == ':' || b[i + 1] == '.' ||
                                                 b[i + 1] == '=')) {
                char kind = b[i + 1];
                size_t j = i + 2; /* copy "[:name:]" whole */
                while (j + 1 < n && !(b[j] == kind && b[j + 1] == ']'))
                    j++;
                if (j + 1 >= n)
                    return KSZ_ERR_PARSE;
                for (; ok && i < j + 2; i++)
                    ok = putc1(&o, b[i]);
            } else {
                if (c == ']')
                    in_bracket = false;
                ok = putc1(&o, c);
                i++;
            }
        } else if (c == '\\') {
            const char *cls;
            char e;
            if (i + 1 >= n)
                return KSZ_ERR_PARSE;
            e = b[i + 1];
            cls = class_escape(e, false);
            if (cls != NULL) {
                ok = put(&o, cls);
            } else if (is_alnum(e)) {
                return KSZ_ERR_PARSE; /* \b, \1, \x41, ... */
            } else if (strchr(".[]()*+?{}|^$\\", e) != NULL) {
                char esc[3] = {'\\', e, '\0'};
                ok = put(&o, esc);
            } else {
                ok = putc1(&o, e);
            }
            i += 2;
        } else if (c == '(' && i + 1 < n && b[i + 1] == '?') {
            if (i + 2 < n && b[i + 2] == ':') {
                ok = putc1(&o, '(');
                i += 3;
            } else {
                return KSZ_ERR_PARSE; /* look-around, named or atomic groups */
            }
        } else if (c == '*' || c == '+' || c == '?' || c == '}') {
            if (after_quant && c == '?') {
                i++; /* lazy: the same strings match */
                continue;
            }
            if (after_quant && c == '+')
                return KSZ_ERR_PARSE; /* possessive */
            quant = true;
            ok = putc1(&o, c);
            i++;
        } else {
            if (c == '[') {
                in_bracket = true;
                ok = putc1(&o, c);
                i++;
                if (i < n && b[i] == '^') {
                    ok = ok && putc1(&o, '^');
                    i++;
                }
                if (i < n && b[i] == ']') { /* a literal ']' first */
                    ok = ok && putc1(&o, ']');
                    i++;
                }
            } else {
                ok = putc1(&o, c);
                i++;
            }
        }
        if (!ok)
            return KSZ_ERR_LIMIT;
        after_quant = quant;
    }
    if (in_bracket)
        return KSZ_ERR_PARSE;
    return KSZ_OK;
}
