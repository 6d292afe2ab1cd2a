/* SPDX-License-Identifier: Apache-2.0 */
/*
 * refang.c - undo the defanging people apply to indicators before sharing
 * them: "hxxp", "[.]", "(dot)", "[@]", "[:]//", full-width "［.］" and friends.
 *
 * The decision a reader must know: refanging is context-aware, so prose
 * survives. A bracketed dot only becomes '.' next to something that can be a
 * label, "(at)" only between an e-mail local part and a name, " dot " only
 * between label-like words whose last label is a real TLD, and a Unicode dash
 * only inside a CVE id. Every rule replaces a form by something no longer
 * than it, so the output never outgrows the input, and each output byte can
 * point back at the input byte it came from.
 *
 * Most bytes start no form, so the text is walked as runs: the next byte that
 * may start one is found by its pair with the byte after it ("[." "[d" " d"
 * "hx", a full-width lead byte and its second byte, ...), 32 pairs at a time
 * where AVX2 is there, and the run before it is copied and mapped at once.
 * Only at such a byte do the rules below run, exactly as on every byte.
 */
#include <string.h>
#include "kizashi/ioc.h"
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define RF_AVX2 1 /* the walk in AVX2, chosen at run time */
#endif

#define LC_NONE (-1)  /* a byte or character with no ASCII meaning */
#define LC_DASH 0x100 /* a Unicode dash (U+2010..U+2015, U+2212, U+FE63) */

/* Decode the logical character at s[i]: ASCII, a full-width form
 * (U+FF01..U+FF5E, read as its ASCII twin), a Unicode dash, or other. *n gets
 * its length in bytes (at least 1). */
static int lc_at(const unsigned char *s, size_t len, size_t i, size_t *n)
{
    unsigned c = s[i];

    *n = 1;
    if (c < 0x80)
        return (int)c;
    if (i + 2 < len) {
        unsigned c1 = s[i + 1], c2 = s[i + 2];
        if (c == 0xEF && c1 == 0xBC && c2 >= 0x81 && c2 <= 0xBF) {
            *n = 3;
            return (int)(c2 - 0x81 + 0x21);
        }
        if (c == 0xEF && c1 == 0xBD && c2 >= 0x80 && c2 <= 0x9E) {
            *n = 3;
            return (int)(c2 - 0x80 + 0x60);
        }
        if ((c == 0xE2 && c1 == 0x80 && c2 >= 0x90 && c2 <= 0x95) ||
            (c == 0xE2 && c1 == 0x88 && c2 == 0x92) || (c == 0xEF && c1 == 0xB9 && c2 == 0xA3)) {
            *n = 3;
            return LC_DASH;
        }
    }
    /* Skip a whole UTF-8 sequence so we never stop inside one. */
    if (c >= 0xC0) {
        size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        size_t k = 1;
        while (k < want && i + k < len && (s[i + k] & 0xC0) == 0x80)
            k++;
        *n = k;
    }
    return LC_NONE;
}

static bool is_alnum(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_label(int c)
{
    return is_alnum(c) || c == '-';
}

static bool is_local(int c)
{
    return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '*';
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

struct rf {
    const unsigned char *s;
    size_t len;
    struct ksz_refang_out *out;
    bool full;   /* out of room */
    bool spaced; /* a form between blanks: look past one blank after it */
};

static void put(struct rf *r, char c, size_t from)
{
    struct ksz_refang_out *o = r->out;

    if (o->len >= o->cap) {
        r->full = true;
        return;
    }
    o->data[o->len] = c;
    if (o->map != NULL)
        o->map[o->len] = from;
    o->len++;
}

/* Where a form can start. A byte of lead[] starts a form only before a byte
 * of follow[] with a bit in common: an opener before '.', "dot", "at", '@',
 * ':' or '/'; '.' before ']'; '\\' before '.'; a blank before "dot"; 'h' or
 * 'f' before 'x' or '*'; 0xE2 or 0xEF before the second byte of a dash or a
 * full-width form. A form whose second character is full-width or a bracket
 * (" ［", " [", "hｘ", ".］") is found through that character: the byte
 * before a found byte is looked at first when it is K_BACK. A form left out
 * here is never refanged, so the rules above and these tables change
 * together. */
enum {
    K_OPEN = 0x01,   /* '[' '{' */
    K_PAREN = 0x02,  /* '(' */
    K_DOT = 0x04,    /* '.' */
    K_BSL = 0x08,    /* '\\' */
    K_BLANK = 0x10,  /* ' ' */
    K_SCHEME = 0x20, /* 'h' 'H' 'f' 'F' */
    K_WIDE = 0x40,   /* 0xE2 0xEF */
    K_BACK = 0x80    /* may start a form whose next character is full-width or a bracket */
};

static const unsigned char lead[256] = {
    ['['] = K_OPEN,
    ['{'] = K_OPEN,
    ['('] = K_PAREN,
    ['.'] = K_DOT | K_BACK,
    ['\\'] = K_BSL,
    [' '] = K_BLANK | K_BACK,
    ['h'] = K_SCHEME | K_BACK,
    ['H'] = K_SCHEME | K_BACK,
    ['f'] = K_SCHEME | K_BACK,
    ['F'] = K_SCHEME | K_BACK,
    [0xE2] = K_WIDE,
    [0xEF] = K_WIDE,
};

static const unsigned char follow[256] = {
    ['.'] = K_OPEN | K_PAREN | K_BSL,
    ['d'] = K_OPEN | K_PAREN | K_BLANK,
    ['D'] = K_OPEN | K_PAREN | K_BLANK,
    ['a'] = K_OPEN | K_PAREN,
    ['A'] = K_OPEN | K_PAREN,
    ['@'] = K_OPEN | K_PAREN,
    [':'] = K_OPEN | K_PAREN,
    ['/'] = K_OPEN | K_PAREN,
    [0xEF] = K_OPEN | K_PAREN,
    [']'] = K_DOT,
    ['x'] = K_SCHEME,
    ['X'] = K_SCHEME,
    ['*'] = K_SCHEME,
    [0x80] = K_WIDE,
    [0x88] = K_WIDE,
    [0xB9] = K_WIDE,
    [0xBC] = K_WIDE,
    [0xBD] = K_WIDE,
};

static bool pair_at(const unsigned char *s, size_t k)
{
    return (lead[s[k]] & follow[s[k + 1]]) != 0;
}

static size_t next_pair_c(const unsigned char *s, size_t i, size_t len)
{
    for (; i + 1 < len; i++)
        if (pair_at(s, i))
            return i;
    return len;
}

/* put() for each byte of s[i..k), stopping as it does when the output is full. */
static void put_run(struct rf *r, size_t i, size_t k)
{
    struct ksz_refang_out *o = r->out;
    size_t room = o->cap > o->len ? o->cap - o->len : 0, n = k - i;

    if (n > room) {
        n = room;
        r->full = true;
    }
    memcpy(o->data + o->len, r->s + i, n);
    if (o->map != NULL) {
        uint64_t *m = o->map + o->len;
        size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            m[j] = i + j;
            m[j + 1] = i + j + 1;
            m[j + 2] = i + j + 2;
            m[j + 3] = i + j + 3;
        }
        for (; j < n; j++)
            m[j] = i + j;
    }
    o->len += n;
}

#if defined(RF_AVX2)
/* lead[] and follow[] by low and high nibble: the and of the two lookups
 * holds every bit the table holds for the byte (for follow[], a few more), so
 * a pair found here is checked with pair_at(). */
#define NIB16(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, aa, ab, ac, ad, ae, af)                      \
    _mm256_setr_epi8(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, aa, ab, ac, ad, ae, af, a0, a1, a2,   \
                     a3, a4, a5, a6, a7, a8, a9, aa, ab, ac, ad, ae, af)
#define OP (K_OPEN | K_PAREN)

/* Bit j set: a pair may start at p[j], j < 32. Reads p[0..33). */
__attribute__((target("avx2"))) static inline uint32_t pairs32(const unsigned char *p)
{
    const __m256i nib = _mm256_set1_epi8(0x0F);
    const __m256i llo = NIB16(K_BLANK, 0, K_WIDE, 0, 0, 0, K_SCHEME, 0, K_PAREN | K_SCHEME, 0, 0,
                              K_OPEN, K_BSL, 0, K_DOT, K_WIDE);
    const __m256i lhi = NIB16(0, 0, K_PAREN | K_DOT | K_BLANK, 0, K_SCHEME, K_OPEN | K_BSL,
                              K_SCHEME, K_OPEN, 0, 0, 0, 0, 0, 0, K_WIDE, 0);
    const __m256i flo = NIB16(OP | K_WIDE, OP, 0, 0, OP | K_BLANK, 0, 0, 0, K_SCHEME | K_WIDE,
                              K_WIDE, OP | K_SCHEME, 0, K_WIDE, K_DOT | K_WIDE, OP | K_BSL, OP);
    const __m256i fhi = NIB16(0, 0, OP | K_BSL | K_SCHEME, OP, OP | K_BLANK, K_DOT | K_SCHEME,
                              OP | K_BLANK, K_SCHEME, K_WIDE, 0, 0, K_WIDE, 0, 0, OP, 0);
    __m256i v = _mm256_loadu_si256((const __m256i *)p);
    __m256i w = _mm256_loadu_si256((const __m256i *)(p + 1));
    __m256i l =
        _mm256_and_si256(_mm256_shuffle_epi8(llo, _mm256_and_si256(v, nib)),
                         _mm256_shuffle_epi8(lhi, _mm256_and_si256(_mm256_srli_epi16(v, 4), nib)));
    __m256i f =
        _mm256_and_si256(_mm256_shuffle_epi8(flo, _mm256_and_si256(w, nib)),
                         _mm256_shuffle_epi8(fhi, _mm256_and_si256(_mm256_srli_epi16(w, 4), nib)));
    __m256i none = _mm256_cmpeq_epi8(_mm256_and_si256(l, f), _mm256_setzero_si256());

    return ~(uint32_t)_mm256_movemask_epi8(none);
}
#undef OP

/* m[0..4) = from, from + 1, ... */
__attribute__((target("avx2"))) static inline __m256i map4(uint64_t from)
{
    return _mm256_add_epi64(_mm256_set1_epi64x((long long)from), _mm256_setr_epi64x(0, 1, 2, 3));
}

/* d[j] = s[j] and, with a map, m[j] = from + j, for j < n <= 32; nothing
 * past n is written. */
__attribute__((target("avx2"))) static inline void
put_short(char *d, uint64_t *m, const unsigned char *s, size_t n, uint64_t from)
{
    if (n >= 16) {
        _mm_storeu_si128((__m128i *)d, _mm_loadu_si128((const __m128i *)s));
        _mm_storeu_si128((__m128i *)(d + n - 16), _mm_loadu_si128((const __m128i *)(s + n - 16)));
    } else if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
    } else {
        for (size_t j = 0; j < n; j++)
            d[j] = (char)s[j];
    }
    if (m == NULL)
        return;
    if (n >= 4) {
        __m256i a = map4(from);
        size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            _mm256_storeu_si256((__m256i *)(m + j), a);
            a = _mm256_add_epi64(a, _mm256_set1_epi64x(4));
        }
        if (j < n) /* the last four, overlapping */
            _mm256_storeu_si256((__m256i *)(m + n - 4), map4(from + n - 4));
    } else {
        for (size_t j = 0; j < n; j++)
            m[j] = from + j;
    }
}

/* Copy the run from i up to where a form may start, 32 bytes at a time, and
 * return that place, or len. The output must have room for s[i..len). */
__attribute__((target("avx2"))) static size_t run_avx2(struct rf *r, size_t i)
{
    const unsigned char *s = r->s;
    const size_t len = r->len;
    struct ksz_refang_out *o = r->out;
    char *d = o->data + o->len;
    uint64_t *m = o->map != NULL ? o->map + o->len : NULL;
    size_t p = i, c;

    for (;; p += 32) {
        size_t b = p;
        uint32_t bits;

        if (p + 33 <= len) {
            bits = pairs32(s + p);
        } else if (p + 1 < len) {
            /* the last block overlaps the one before; pairs before p are dropped */
            b = len - 33;
            bits = pairs32(s + b) & (~(uint32_t)0 << (p - b));
        } else {
            c = len;
            break;
        }
        while (bits != 0 && !pair_at(s, b + (size_t)__builtin_ctz(bits)))
            bits &= bits - 1;
        if (bits != 0) {
            c = b + (size_t)__builtin_ctz(bits);
            break;
        }
        if (b != p) {
            c = len;
            break;
        }
        _mm256_storeu_si256((__m256i *)(d + (p - i)), _mm256_loadu_si256((const __m256i *)(s + p)));
        if (m != NULL) {
            __m256i *q = (__m256i *)(m + (p - i));
            const __m256i four = _mm256_set1_epi64x(4);
            const __m256i sixteen = _mm256_set1_epi64x(16);
            __m256i a0 = map4(p), a1 = _mm256_add_epi64(a0, four), a2 = _mm256_add_epi64(a1, four),
                    a3 = _mm256_add_epi64(a2, four);
            _mm256_storeu_si256(q, a0);
            _mm256_storeu_si256(q + 1, a1);
            _mm256_storeu_si256(q + 2, a2);
            _mm256_storeu_si256(q + 3, a3);
            _mm256_storeu_si256(q + 4, _mm256_add_epi64(a0, sixteen));
            _mm256_storeu_si256(q + 5, _mm256_add_epi64(a1, sixteen));
            _mm256_storeu_si256(q + 6, _mm256_add_epi64(a2, sixteen));
            _mm256_storeu_si256(q + 7, _mm256_add_epi64(a3, sixteen));
        }
    }
    /* the byte before may start a form through this one; when it was copied
     * in the block before, the form's output goes over it */
    if (c < len && c > i && (lead[s[c - 1]] & K_BACK))
        c--;
    if (c > p)
        put_short(d + (p - i), m != NULL ? m + (p - i) : NULL, s + p, c - p, p);
    o->len += c - i;
    return c;
}
#endif

static int prev_out(const struct rf *r)
{
    return r->out->len ? (unsigned char)r->out->data[r->out->len - 1] : 0;
}

/* The logical character at i, or 0 past the end. */
static inline int peek(const struct rf *r, size_t i, size_t *n)
{
    if (i >= r->len) {
        *n = 0;
        return 0;
    }
    if (r->s[i] < 0x80) { /* lc_at's first case, without the call */
        *n = 1;
        return r->s[i];
    }
    return lc_at(r->s, r->len, i, n);
}

/* Match the ASCII word w case-insensitively as logical characters at i;
 * returns the bytes consumed or 0. */
static size_t match_word(const struct rf *r, size_t i, const char *w)
{
    size_t start = i, n;

    for (; *w; w++) {
        int c = peek(r, i, &n);
        if (n == 0 || lower(c) != *w)
            return 0;
        i += n;
    }
    return i - start;
}

static int closer_of(int open)
{
    return open == '[' ? ']' : open == '(' ? ')' : open == '{' ? '}' : 0;
}

/* The character after a form ending before i (past one blank when spaced). */
static int after_form(const struct rf *r, size_t i)
{
    size_t n;
    int c = peek(r, i, &n);

    if (c == ' ' && r->spaced)
        c = peek(r, i + 1, &n);
    return c;
}


/* Is there a bracketed dot ("[.]", "(dot)") at i? */
static bool bracket_dot_at(const struct rf *r, size_t i)
{
    size_t n;
    int c = peek(r, i, &n);

    if (closer_of(c) == 0)
        return false;
    return peek(r, i + n, &n) == '.' || match_word(r, i + 1, "dot") != 0;
}

/* Does a domain-like word follow at i (labels and at least one dot, or
 * defanged dot)? Used to accept "(at)" only before a name. */
static bool name_follows(const struct rf *r, size_t i)
{
    size_t n, labels = 0;
    bool dot = false;

    for (size_t k = 0; k < 253 && i < r->len; k++) {
        int c = peek(r, i, &n);
        if (is_label(c)) {
            labels++;
        } else if (c == '.') {
            dot = true;
        } else if (bracket_dot_at(r, i)) {
            dot = true;
        } else if (c == ' ' && labels > 0 && bracket_dot_at(r, i + 1)) {
            /* "evil [dot] com" */
        } else {
            break;
        }
        i += n;
    }
    return labels > 0 && dot;
}

/* The bracketed forms: "[.]" "(.)" "{.}" "[dot]" "[:]" "[://]" "[/]" "[@]"
 * "[at]" "(at)", ASCII or full-width. Returns bytes consumed, 0 if none. */
static size_t bracket_form(struct rf *r, size_t i)
{
    size_t n0, n, j;
    int open = peek(r, i, &n0), close = closer_of(open);
    int prev = prev_out(r), c;
    size_t m;

    if (close == 0)
        return 0;
    j = i + n0;
    c = peek(r, j, &n);
    /* [.] (.) {.} */
    if (c == '.') {
        size_t k = j + n, nc;
        int cc = peek(r, k, &nc);
        if (cc == close) {
            int next = after_form(r, k + nc);
            if (is_alnum(next) && (open == '[' || is_alnum(prev))) {
                put(r, '.', i);
                return k + nc - i;
            }
        }
        /* half bracket "[." between labels */
        if (open == '[' && is_alnum(prev) && is_alnum(cc)) {
            put(r, '.', i);
            return j + n - i;
        }
        return 0;
    }
    /* [dot] (dot) {dot}; c is the first character match_word() reads */
    m = lower(c) == 'd' ? match_word(r, j, "dot") : 0;
    if (m) {
        size_t nc;
        int cc = peek(r, j + m, &nc);
        int next = after_form(r, j + m + nc);
        if (cc == close && is_alnum(next) && (open == '[' || is_alnum(prev))) {
            put(r, '.', i);
            return j + m + nc - i;
        }
        return 0;
    }
    /* [at] (at) {at}: only between a local part and a name */
    m = lower(c) == 'a' ? match_word(r, j, "at") : 0;
    if (m) {
        size_t nc;
        int cc = peek(r, j + m, &nc);
        size_t q = j + m + nc, nq;
        if (r->spaced && peek(r, q, &nq) == ' ')
            q++;
        if (cc == close && is_local(prev) && prev != '.' && name_follows(r, q)) {
            put(r, '@', i);
            return j + m + nc - i;
        }
        return 0;
    }
    /* [@] */
    if (c == '@') {
        size_t nc;
        int cc = peek(r, j + n, &nc);
        if (cc == close && is_local(prev)) {
            put(r, '@', i);
            return j + n + nc - i;
        }
        return 0;
    }
    /* [:] [://] [:/] */
    if (c == ':' && open == '[') {
        size_t k = j + n, nc;
        int cc = peek(r, k, &nc);
        size_t slashes = 0;
        while (cc == '/' && slashes < 2) {
            slashes++;
            k += nc;
            cc = peek(r, k, &nc);
        }
        if (cc == close && is_alnum(prev)) {
            put(r, ':', i);
            for (size_t q = 0; q < slashes; q++)
                put(r, '/', i);
            return k + nc - i;
        }
        return 0;
    }
    /* [/] [//] */
    if (c == '/' && open == '[') {
        size_t k = j + n, nc;
        int cc = peek(r, k, &nc);
        size_t slashes = 1;
        if (cc == '/') {
            slashes++;
            k += nc;
            cc = peek(r, k, &nc);
        }
        if (cc == close && (is_alnum(prev) || prev == ':' || prev == '/')) {
            for (size_t q = 0; q < slashes; q++)
                put(r, '/', i);
            return k + nc - i;
        }
        return 0;
    }
    return 0;
}

/* Is the text at i a chain of labels joined by " dot " / "." whose last
 * label is a real TLD? */
static bool dot_chain_ends_in_tld(const struct rf *r, size_t i)
{
    char label[64];
    size_t ll = 0, n;

    for (size_t steps = 0; steps < 253; steps++) {
        int c = peek(r, i, &n);
        if (n > 0 && is_label(c)) {
            if (ll < sizeof label)
                label[ll] = (char)lower(c);
            ll++;
            i += n;
            continue;
        }
        if (ll == 0 || ll > sizeof label)
            return false;
        if (c == '.' && n > 0) {
            size_t nn;
            if (is_label(peek(r, i + n, &nn))) {
                ll = 0;
                i += n;
                continue;
            }
        }
        if (c == ' ' && match_word(r, i + 1, "dot") && peek(r, i + 4, &n) == ' ') {
            size_t nn;
            if (is_label(peek(r, i + 5, &nn))) {
                ll = 0;
                i += 5;
                continue;
            }
        }
        break;
    }
    return ll > 0 && ll <= sizeof label && ksz_domain_has_tld(label, ll);
}

/* The label-like word just written ends at the output's end. */
static bool label_word_before(const struct rf *r)
{
    size_t k = r->out->len, n = 0;

    while (k > 0 && is_label((unsigned char)r->out->data[k - 1]) && n < 64) {
        k--;
        n++;
    }
    return n > 0 && n < 64 && (k == 0 || !((unsigned char)r->out->data[k - 1] & 0x80));
}

/* " dot ", " [dot] ", " [.] ", " (at) ", " [at] ", " [@] " between words. */
static size_t spaced_form(struct rf *r, size_t i)
{
    size_t n, m;
    int c;

    /* every form here starts with 'd', a bracket, or a full-width form of
     * one: most blanks are followed by none of them */
    if (i + 1 < r->len) {
        unsigned char b = r->s[i + 1];
        if (b != 'd' && b != 'D' && b != '[' && b != '(' && b != '{' && b != 0xEF)
            return 0;
        /* nor is a 'd' without an 'o' (or a full-width form) after it "dot" */
        if ((b | 0x20) == 'd' &&
            (i + 2 >= r->len || ((r->s[i + 2] | 0x20) != 'o' && r->s[i + 2] != 0xEF)))
            return 0;
    }
    if (!label_word_before(r))
        return 0;
    m = match_word(r, i + 1, "dot");
    if (m && peek(r, i + 1 + m, &n) == ' ' && dot_chain_ends_in_tld(r, i + 2 + m)) {
        put(r, '.', i + 1);
        return 2 + m;
    }
    c = peek(r, i + 1, &n);
    if (closer_of(c)) {
        /* a bracketed form surrounded by single spaces */
        size_t save = r->out->len, used;
        r->spaced = true;
        used = bracket_form(r, i + 1);
        r->spaced = false;
        if (used) {
            size_t ns;
            if (peek(r, i + 1 + used, &ns) == ' ' && is_alnum(peek(r, i + 2 + used, &n)) &&
                (r->out->data[save] != '.' || dot_chain_ends_in_tld(r, i + 2 + used)))
                return 2 + used;
            r->out->len = save; /* not spaced: undo, let the bracket rule decide */
        }
    }
    return 0;
}

/* hxxp hXXp h**p hxxps fxp fxps at the start of a word, before ':' or a
 * bracketed colon. */
static size_t scheme_form(struct rf *r, size_t i)
{
    static const struct {
        const char *from, *to;
    } forms[] = {
        {"hxxps", "https"}, {"hxxp", "http"}, {"h**ps", "https"}, {"h**p", "http"},
        {"hxxxps", "https"}, {"hxxxp", "http"}, {"fxps", "ftps"}, {"fxp", "ftp"},
    };
    int prev = prev_out(r);

    if (is_alnum(prev))
        return 0;
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        size_t m = match_word(r, i, forms[f].from), n;
        int next;
        if (!m)
            continue;
        next = peek(r, i + m, &n);
        if (next != ':' && next != '[' && next != '(')
            return 0;
        for (const char *t = forms[f].to; *t; t++)
            put(r, *t, i);
        return m;
    }
    return 0;
}

/* Inside a CVE id: the output ends in "CVE" or "CVE-dddd". */
static bool in_cve(const struct rf *r)
{
    const char *d = r->out->data;
    size_t k = r->out->len, digits = 0;

    while (k > 0 && d[k - 1] >= '0' && d[k - 1] <= '9' && digits < 8) {
        k--;
        digits++;
    }
    if (digits > 0) {
        if (digits != 4 || k == 0 || d[k - 1] != '-')
            return false;
        k--;
    }
    return k >= 3 && lower(d[k - 3]) == 'c' && lower(d[k - 2]) == 'v' && lower(d[k - 1]) == 'e';
}

/* The rules at i, a byte that may start a form; returns the bytes used. Out
 * of line, so that form_at() stays small enough to sit in the walks. */
__attribute__((noinline)) static size_t form_rules(struct rf *r, size_t i)
{
    size_t n, used = 0;
    int c = peek(r, i, &n);

    switch (c) {
    case '[':
    case '(':
    case '{':
        used = bracket_form(r, i);
        break;
    case '.':
        /* ".]" between labels */
        if (n == 1 && is_alnum(prev_out(r))) {
            size_t n2, n3;
            if (peek(r, i + 1, &n2) == ']' && is_alnum(peek(r, i + 1 + n2, &n3))) {
                put(r, '.', i);
                used = 1 + n2;
            }
        }
        break;
    case '\\':
        if (is_alnum(prev_out(r))) {
            size_t n2, n3;
            if (peek(r, i + 1, &n2) == '.' && n2 == 1 && is_alnum(peek(r, i + 2, &n3))) {
                put(r, '.', i);
                used = 2;
            }
        }
        break;
    case ' ':
        if (n == 1)
            used = spaced_form(r, i);
        break;
    case 'h':
    case 'H':
    case 'f':
    case 'F':
        used = scheme_form(r, i);
        break;
    case LC_DASH: {
        size_t n2;
        int next = peek(r, i + n, &n2);
        if (next >= '0' && next <= '9' && in_cve(r)) {
            put(r, '-', i);
            used = n;
        }
        break;
    }
    default:
        break;
    }
    if (used) {
        r->out->changed = true;
        return used;
    }
    if (n == 3 && c > 0 && c < 0x80) {
        /* a full-width form: its ASCII twin */
        put(r, (char)c, i);
        r->out->changed = true;
        return 3;
    }
    for (size_t k = 0; k < n; k++)
        put(r, (char)r->s[i + k], i + k);
    return n;
}

/* form_rules() with its commonest outcomes found first, as they are in the
 * rules: a full-width character that starts no form of its own becomes its
 * ASCII twin; "[.]" between a label and an ASCII letter or digit becomes
 * '.'; "[@]" after a local part becomes '@' (and so with '(' or '{'). */
__attribute__((always_inline)) static inline size_t form_at(struct rf *r, size_t i)
{
    const unsigned char *s = r->s + i;
    const size_t left = r->len - i;
    int c = -1;

    if (s[0] == 0xEF && left > 2) {
        if (s[1] == 0xBC && s[2] >= 0x81 && s[2] <= 0xBF)
            c = s[2] - 0x81 + 0x21;
        else if (s[1] == 0xBD && s[2] >= 0x80 && s[2] <= 0x9E)
            c = s[2] - 0x80 + 0x60;
        if (c >= 0 && !(lead[c] & (K_OPEN | K_PAREN | K_SCHEME))) {
            put(r, (char)c, i);
            r->out->changed = true;
            return 3;
        }
    } else if (left > 3 && s[2] == closer_of(s[0]) && s[2] != 0) {
        if (s[1] == '.' && s[3] < 0x80 && is_alnum(s[3]) && (s[0] == '[' || is_alnum(prev_out(r))))
            c = '.';
        else if (s[1] == '@' && is_local(prev_out(r)))
            c = '@';
        if (c >= 0) {
            put(r, (char)c, i);
            r->out->changed = true;
            return 3;
        }
    }
    return form_rules(r, i);
}

/* The walk without AVX2, or with too little room for it: a run found a byte
 * at a time, and copied as put() would. */
static void refang_c(struct rf *r)
{
    size_t i = 0;

    while (i < r->len && !r->full) {
        size_t k = next_pair_c(r->s, i, r->len);

        if (k > i && k < r->len && (lead[r->s[k - 1]] & K_BACK))
            k--;
        if (k > i) {
            put_run(r, i, k);
            if (k >= r->len || r->full)
                break;
            i = k;
        }
        i += form_at(r, i);
    }
}

#if defined(RF_AVX2)
__attribute__((target("avx2"))) static void refang_avx2(struct rf *r)
{
    size_t i = 0;

    while (i < r->len) {
        size_t k = run_avx2(r, i);

        if (k >= r->len)
            break;
        i = k + form_at(r, k);
    }
}
#endif

ksz_rc ksz_refang(const char *s, size_t len, struct ksz_refang_out *out, struct ksz_error *err)
{
    struct rf r = {.s = (const unsigned char *)s, .len = len, .out = out};

#if defined(RF_AVX2)
    /* As no rule lengthens text, room for len bytes means put() never fails. */
    if (len >= 33 && out->cap >= out->len && out->cap - out->len >= len &&
        __builtin_cpu_supports("avx2"))
        refang_avx2(&r);
    else
#endif
        refang_c(&r);
    if (r.full)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "refang: output buffer too small (%zu bytes)",
                             out->cap);
    return KSZ_OK;
}
