/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filename.c - whole file names from the spans a document delimits: table
 * cells, code spans, quotes, 「」, the name after a hash.
 *
 * The decision a reader must know: inside such a span the whole content is
 * the name, spaces and non-ASCII included ("Procurement Letter Feb 21.doc",
 * "会議資料_20240312.docx"), or the base name of a path; but a span that reads
 * like prose (", " or ". " in it, many words) or holds a placeholder is not a
 * name, and the word rules decide instead.
 */
#include <string.h>
#include "extract/extract_int.h"

bool ksz__x_ext_of(const char *s, size_t n, size_t *dot)
{
    size_t k = n;

    while (k > 0 && s[k - 1] != '.')
        k--;
    if (k <= 1 || k == n)
        return false;
    *dot = k - 1;
    return ksz_filename_ext_known(s + k, n - k);
}

/* Is the span content before its base name, [s, base), the start of a URL:
 * a scheme's "://", or a host name before the first '/' ("evil.ru/a.exe")?
 * Nothing inside a URL is a file name. */
static bool url_before(const char *t, size_t s, size_t base)
{
    size_t k = s;
    bool dot = false;

    for (size_t i = s; i + 2 < base; i++)
        if (t[i] == ':' && t[i + 1] == '/' && t[i + 2] == '/')
            return true;
    while (k < base && t[k] != '/') {
        unsigned char c = (unsigned char)t[k];
        if (!(ksz__x_is_alnum(c) || c == '.' || c == '-' || c == '_' || c == ':'))
            return false;
        dot |= c == '.';
        k++;
    }
    if (k == s || k == base || !dot)
        return false;
    while (k > s && t[k - 1] == ':')
        k--;
    {
        const char *colon = memchr(t + s, ':', k - s);
        if (colon != NULL)
            k = (size_t)(colon - t); /* host:port */
    }
    return ksz_domain_has_tld(t + s, k - s);
}

bool ksz__x_span_filename(const struct ksz_extractor *x, const struct xline *l, size_t s,
                          size_t e, size_t *fs)
{
    /* what each byte means to a file name: 1 ends a folder, 2 is never in
     * one, 3 a blank */
    static const uint8_t kind[256] = {
        ['/'] = 1, ['\\'] = 1, ['<'] = 2, ['>'] = 2, ['{'] = 2, ['}'] = 2, ['%'] = 2,
        ['*'] = 2, ['?'] = 2, ['|'] = 2, ['\t'] = 2, ['@'] = 2, ['"'] = 2, ['`'] = 2, [' '] = 3,
    };
    const char *t = l->t;
    size_t spaces = 0, dot, base = s, ext = e;

    if (e <= s || e - s > 255)
        return false;
    /* Most spans end in no known extension: read the end first. The
     * extension, 2 to 5 letters or digits, follows the span's last dot, so
     * it holds no '/' or '\\' and the base name holds that dot. */
    while (ext > s && e - ext < 6 && t[ext - 1] != '.')
        ext--;
    if (ext == s || t[ext - 1] != '.' || !ksz_filename_ext_known(t + ext, e - ext))
        return false;
    for (size_t i = s; i < e; i++) {
        unsigned k = kind[(unsigned char)t[i]];
        if (k == 0)
            continue;
        if (k == 1)
            base = i + 1;
        else if (k == 2)
            return false;
        else {
            spaces++;
            if (i > s && (t[i - 1] == ',' || t[i - 1] == '.' || t[i - 1] == ':' ||
                          t[i - 1] == ';' || t[i - 1] == ' '))
                return false;
        }
    }
    if (spaces > 8 || base >= e)
        return false;
    if (base > s && memchr(t + s, ' ', base - s) != NULL && memchr(t + base, ' ', e - base) == NULL)
        return false; /* let the path rules take "C:\Program Files\x.exe" */
    if (ext - 1 <= base)
        return false; /* ".exe": the dot starts the name */
    dot = ext - 1 - base;
    if (base > s && url_before(t, s, base))
        return false;
    if (t[base] == ' ' || t[e - 1] == ' ')
        return false;
    /* ".com" reads as a domain unless it ends a path */
    if (base == s && e - base - dot == 4 && (t[e - 3] | 0x20) == 'c' &&
        (t[e - 2] | 0x20) == 'o' && (t[e - 1] | 0x20) == 'm')
        return false;
    /* a TLD that is also an extension, in a host context, is a host */
    if (ksz_domain_has_tld(t + base + dot + 1, e - base - dot - 1) &&
        ksz__x_host_context(x, l, s))
        return false;
    *fs = base;
    return true;
}
