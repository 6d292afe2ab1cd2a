/* SPDX-License-Identifier: Apache-2.0 */
/*
 * idn.c - internationalised domain names written in their own script
 * ("bücher.de", "例え.jp", "ドメイン名例.jp", "例え．jp" once refanged), found
 * in a line before its words are walked and reported as punycode.
 *
 * The decision a reader must know: Japanese has no spaces, so where a name
 * written in kana or kanji starts is a guess. The rule: a candidate is a
 * maximal run of label characters (ASCII letters, digits and '-', UTF-8
 * letters of any script as far as the ranges below tell, and '.') holding a
 * dot and a non-ASCII letter. By construction its left neighbour is the start
 * of the line, a blank, punctuation, a bracket or a quote (ASCII or CJK,
 * full-width included), never a letter. A last label that runs from ASCII
 * into CJK text ("例え.jpです") ends where the ASCII ends. The whole candidate
 * must then canonicalise through ksz_domain_canon (libidn2 checks IDNA2008,
 * and the last label must be a real TLD). The TLD is looked up first, with
 * our own Punycode for a last label of kana and kanji: Japanese prose after
 * a dot ("version.以下の情報") fails there, and libidn2 costs far more.
 * A first label where CJK text runs into ASCII ("通信先evil.com") is left to
 * the ASCII rules, which report "evil.com".
 * Limits: a first label with a Japanese particle after its first character
 * ("これは.jp", "ドメインは例え.jp") reads as prose and is dropped whole, so a
 * real name such as "ここの.jp" is missed; a kana word glued to a name with
 * no particle ("それから例え.jp") is taken whole. Latin-script IDNs follow
 * the same rule and rarely meet these cases, being written between spaces.
 */
#include <string.h>
#include "extract/extract_int.h"

/* The most bytes a run may take on either side of a dot; a longer one is
 * text, not a name (a 253-byte name, written in CJK, is still shorter). */
#define RUN_MAX 256

/* The code point of the UTF-8 sequence at t[i], its length in *n; 0 (and
 * *n = 1) for ASCII or an invalid sequence. */
static uint32_t decode(const unsigned char *t, size_t len, size_t i, size_t *n)
{
    unsigned c = t[i];
    size_t k, want;
    uint32_t cp;

    *n = 1;
    if (c < 0xC2 || c > 0xF4)
        return 0;
    want = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + want > len)
        return 0;
    cp = c & (0x3Fu >> (want - 1));
    for (k = 1; k < want; k++) {
        if ((t[i + k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (t[i + k] & 0x3Fu);
    }
    *n = want;
    return cp;
}

/* Letters (and the marks that build them) of the scripts names are written
 * in; punctuation, symbols and spaces of every block are left out. */
static bool is_letter(uint32_t cp)
{
    static const uint32_t ranges[][2] = {
        {0x3041, 0x3096}, {0x309D, 0x309F},                   /* hiragana */
        {0x30A1, 0x30FA}, {0x30FC, 0x30FF},                   /* katakana, ー */
        {0x00C0, 0x00D6}, {0x00D8, 0x00F6}, {0x00F8, 0x02AF}, /* Latin */
        {0x0300, 0x036F},                                     /* combining marks */
        {0x0386, 0x03FF}, {0x0400, 0x0481}, {0x048A, 0x052F}, /* Greek, Cyrillic */
        {0x0531, 0x0556}, {0x0561, 0x0587},                   /* Armenian */
        {0x05D0, 0x05EA}, {0x0620, 0x064A}, {0x0660, 0x0669}, /* Hebrew, Arabic */
        {0x066E, 0x06D3}, {0x0900, 0x0963}, {0x0966, 0x0DFF}, /* Indic */
        {0x0E01, 0x0E3A}, {0x0E40, 0x0E4E}, {0x0E50, 0x0E59}, /* Thai */
        {0x1100, 0x11FF}, {0x1E00, 0x1FBC},                   /* Jamo, Latin ext. */
        {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, /* CJK, Hangul */
        {0xF900, 0xFAFF}, {0xFF66, 0xFF9F}, {0x20000, 0x2FFFF},
    };

    if (cp >= 0x4E00 && cp <= 0x9FFF)
        return true; /* the common case in Japanese text, then kana */
    if (cp > 0x1FBC && cp < 0x3041)
        return false; /* CJK punctuation ("、", "。", "「") and symbols: no range */
    for (size_t k = 0; k < sizeof ranges / sizeof ranges[0]; k++)
        if (cp >= ranges[k][0] && cp <= ranges[k][1])
            return true;
    return false;
}

/* Length of the label character at t[i] (0 if none); *high set for a
 * non-ASCII letter. */
static size_t label_char(const unsigned char *t, size_t len, size_t i, bool *high)
{
    size_t n;
    uint32_t cp;

    *high = false;
    if (t[i] < 0x80)
        return (ksz__xclass[t[i]] & XC_RUN) && t[i] != '_' ? 1 : 0;
    cp = decode(t, len, i, &n);
    if (cp == 0 || !is_letter(cp))
        return 0;
    *high = true;
    return n;
}

/* Japanese particles: inside a first label they mark prose. */
static bool particle(uint32_t cp)
{
    return cp == 0x306F || cp == 0x304C || cp == 0x3092 || cp == 0x306B || cp == 0x3067 ||
           cp == 0x306E || cp == 0x3068 || cp == 0x3082 || cp == 0x3078 || cp == 0x3084;
}

/* Does the first label [s, e) read as Japanese text rather than a name: a
 * particle after its first character, or CJK text glued to an ASCII name
 * ("通信先evil.com", reported by the ASCII rules)? */
static bool prose_label(const unsigned char *t, size_t s, size_t e)
{
    size_t i = s, n;
    bool cjk = false;

    while (i < e) {
        uint32_t cp = decode(t, e, i, &n);
        if (i > s && particle(cp))
            return true;
        if (cp >= 0x3000)
            cjk = true;
        else if (cp == 0 && cjk)
            return true;
        i += n;
    }
    return false;
}

/* Code points that UTS #46 leaves as they are (valid, never mapped, and
 * never composed with a neighbour by NFC): kana, the prolonged sound mark
 * and the CJK ideographs. A label made only of these is converted by
 * libidn2 to "xn--" and its Punycode, nothing else. */
static bool stable(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3041 && cp <= 0x3096) ||
           (cp >= 0x309D && cp <= 0x309E) || (cp >= 0x30A1 && cp <= 0x30FA) ||
           (cp >= 0x30FC && cp <= 0x30FE) || (cp >= 0x3400 && cp <= 0x4DBF);
}

/* RFC 3492's bias adaptation. */
static uint32_t adapt(uint32_t delta, uint32_t points, bool first)
{
    uint32_t k = 0;

    delta = first ? delta / 700 : delta / 2;
    delta += delta / points;
    while (delta > 455) { /* ((36 - 1) * 26) / 2 */
        delta /= 35;
        k += 36;
    }
    return k + (36 * delta) / (delta + 38);
}

/* The Punycode of cp[0..m), all non-ASCII, into out (at most cap bytes);
 * its length, or 0 if it does not fit. RFC 3492, section 6.3. */
static size_t punycode(const uint32_t *cp, size_t m, char *out, size_t cap)
{
    uint32_t n = 0x80, delta = 0, bias = 72;
    size_t h = 0, o = 0;

    while (h < m) {
        uint32_t next = UINT32_MAX;
        for (size_t j = 0; j < m; j++)
            if (cp[j] >= n && cp[j] < next)
                next = cp[j];
        delta += (next - n) * (uint32_t)(h + 1);
        n = next;
        for (size_t j = 0; j < m; j++) {
            uint32_t q;
            if (cp[j] < n)
                delta++;
            if (cp[j] != n)
                continue;
            q = delta;
            for (uint32_t k = 36;; k += 36) {
                uint32_t tk = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias, d;
                if (q < tk)
                    break;
                d = tk + (q - tk) % (36 - tk);
                if (o >= cap)
                    return 0;
                out[o++] = (char)(d < 26 ? 'a' + d : '0' + d - 26);
                q = (q - tk) / (36 - tk);
            }
            if (o >= cap)
                return 0;
            out[o++] = (char)(q < 26 ? 'a' + q : '0' + q - 26);
            bias = adapt(delta, (uint32_t)(h + 1), h == 0);
            delta = 0;
            h++;
        }
        delta++;
        n++;
    }
    return o;
}

/* Can the last label t[s..e) of a candidate be a top-level domain, as
 * ksz_domain_canon requires? True when it cannot tell. */
static bool tld_possible(const unsigned char *t, size_t s, size_t e)
{
    uint32_t cp[64];
    char ace[64] = "xn--";
    size_t m = 0, n, an;

    if (t[s] < 0x80) /* ASCII to e, as trimmed: the TLD as written */
        return (e - s >= 4 && (t[s] | 0x20) == 'x' && (t[s + 1] | 0x20) == 'n' &&
                t[s + 2] == '-' && t[s + 3] == '-') ||
               ksz_domain_has_tld((const char *)t + s, e - s);
    for (size_t i = s; i < e; i += n) {
        if (m == sizeof cp / sizeof cp[0])
            return false; /* more than 59 bytes of Punycode: no label */
        cp[m] = decode(t, e, i, &n);
        if (!stable(cp[m]))
            return true;
        m++;
    }
    an = punycode(cp, m, ace + 4, sizeof ace - 4);
    if (an == 0)
        return false; /* longer than 63: no label */
    return ksz_domain_has_tld(ace, an + 4);
}

/* The candidate run [s, e): trim it, check it, canonicalise it; record it in
 * l->idn when it is a name. */
static void candidate(struct xline *l, size_t s, size_t e)
{
    const unsigned char *t = (const unsigned char *)l->t;
    size_t last, k, fe, n;
    bool high = false, h;
    char d[KSZ_IOC_VALUE_MAX + 1];

    while (s < e && (t[s] == '.' || t[s] == '-'))
        s++;
    while (e > s && (t[e - 1] == '.' || t[e - 1] == '-'))
        e--;
    last = e;
    while (last > s && t[last - 1] != '.')
        last--;
    if (last <= s + 1 || last == e)
        return;
    /* "例え.jpです": the name ends with the ASCII part of its last label */
    if (t[last] < 0x80) {
        for (k = last; k < e && t[k] < 0x80; k++)
            ;
        e = k;
    }
    /* "請求書.zip" is a file (".com" excepted, as for ASCII names) */
    if (ksz_filename_ext_known(l->t + last, e - last) &&
        !(e - last == 3 && memcmp(t + last, "com", 3) == 0))
        return;
    /* the first label must not read as prose */
    for (fe = s; fe < e && t[fe] != '.'; fe++)
        ;
    if (prose_label(t, s, fe))
        return;
    for (k = s; k < e; k += n) {
        n = label_char(t, e, k, &h);
        if (n == 0)
            return;
        high |= h;
    }
    if (!high || l->nidn >= KSZ__X_MAX_IDN || !tld_possible(t, last, e))
        return;
    if (ksz_domain_canon(l->t + s, e - s, d, sizeof d, &n, NULL) != KSZ_OK ||
        n >= sizeof l->idn[0].v)
        return;
    l->idn[l->nidn].s = s;
    l->idn[l->nidn].e = e;
    l->idn[l->nidn].n = (uint8_t)n;
    memcpy(l->idn[l->nidn].v, d, n);
    l->nidn++;
}

/* An ASCII letter, digit, '-' or '.', in one table lookup. */
static bool ascii_label_char(unsigned char c)
{
    return (ksz__xclass[c] & (XC_RUN | XC_UNDER | XC_HIGH)) == XC_RUN;
}

void ksz__x_idn_scan(struct ksz_extractor *x, struct xline *l)
{
    const unsigned char *t = (const unsigned char *)l->t;
    size_t i = 0, n = l->n;

    l->nidn = 0;
    l->idn_next = 0;
    while (i < n) {
        const unsigned char *dot = memchr(t + i, '.', n - i);
        size_t p, s, e, cl;
        bool high = false, h;
        if (dot == NULL)
            break;
        p = (size_t)(dot - t);
        /* most dots sit in ASCII names between blanks: no UTF-8 around */
        s = p;
        while (s > 0 && ascii_label_char(t[s - 1]))
            s--;
        e = p;
        while (e < n && ascii_label_char(t[e]))
            e++;
        if ((s == 0 || t[s - 1] < 0x80) && (e == n || t[e] < 0x80)) {
            i = e > p ? e : p + 1;
            continue;
        }
        /* back to the start of the run: over ASCII bytes one by one, over a
         * UTF-8 letter by finding its lead byte */
        s = p;
        while (s > 0 && p - s <= RUN_MAX) {
            size_t b = s - 1;
            while (b > 0 && (t[b] & 0xC0) == 0x80 && s - b < 4)
                b--;
            cl = label_char(t, n, b, &h);
            if (cl == 0 || b + cl != s)
                break;
            high |= h;
            s = b;
        }
        e = p;
        while (e < n && e - p <= RUN_MAX && (cl = label_char(t, n, e, &h)) != 0) {
            high |= h;
            e += cl;
        }
        if (high && p - s <= RUN_MAX && e - p <= RUN_MAX)
            candidate(l, s, e);
        i = e > p ? e : p + 1;
    }
}

bool ksz__x_in_idn(const struct xline *l, size_t i)
{
    for (size_t k = 0; k < l->nidn; k++)
        if (i >= l->idn[k].s && i < l->idn[k].e)
            return true;
    return false;
}

void ksz__x_flush_idn(struct ksz_extractor *x, struct xline *l, size_t i)
{
    while (l->idn_next < l->nidn && l->idn[l->idn_next].s < i && !x->stopped) {
        size_t k = l->idn_next++;
        ksz__x_emit_canon(x, l, KSZ_IOC_DOMAIN, l->idn[k].s, l->idn[k].e, l->idn[k].v, l->idn[k].n,
                          0, NULL);
    }
}
