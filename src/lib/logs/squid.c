/* SPDX-License-Identifier: Apache-2.0 */
/*
 * squid.c - Squid's native access.log:
 *   time.ms elapsed client code/status bytes method URL user hier/peer type
 *
 * The hottest parser of all (proxy logs are the biggest): one pass over the
 * line, tokens split on runs of spaces (elapsed is right-aligned), and only
 * the client, the URL and the peer kept. A CONNECT's "URL" is host:port; the
 * hunt treats an authority as a host.
 */
#include "logs/logs_int.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Next space-separated token at *i; false at the end of the line. */
static inline bool token(const char *s, size_t len, size_t *i, const char **t, size_t *tlen)
{
    size_t j = *i;

    while (j < len && s[j] == ' ')
        j++;
    if (j >= len)
        return false;
    *t = s + j;
    while (j < len && s[j] != ' ')
        j++;
    *tlen = (size_t)(s + j - *t);
    *i = j;
    return true;
}

#ifdef __SSE2__
#define MASK_WORDS 16   /* lines up to 1 KiB take the mask path */

/* The spaces among 64 bytes at p, as bits. */
static inline uint64_t spaces64(const char *p)
{
    const __m128i blank = _mm_set1_epi8(' ');
    uint64_t m0 = (uint32_t)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), blank));
    uint64_t m1 = (uint32_t)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16)), blank));
    uint64_t m2 = (uint32_t)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 32)), blank));
    uint64_t m3 = (uint32_t)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 48)), blank));
    return m0 | m1 << 16 | m2 << 32 | m3 << 48;
}

/* sp[w] bit i: s[64 w + i] is a space; bytes past len count as spaces, and
 * one more all-spaces word follows, so every token ends inside the array.
 * Returns the number of words holding the line. */
static size_t space_masks(const char *s, size_t len, uint64_t *sp)
{
    size_t w = 0;

    for (; 64 * w + 64 <= len; w++)
        sp[w] = spaces64(s + 64 * w);
    if (64 * w < len) {
        char tmp[64];
        memset(tmp, ' ', sizeof tmp);
        memcpy(tmp, s + 64 * w, len - 64 * w);
        sp[w++] = spaces64(tmp);
    }
    sp[w] = ~(uint64_t)0;
    return w;
}
#endif

/* Split s into at most max space-separated tokens (runs of spaces are one
 * separator); returns how many. With SSE2: a bit mask of the spaces of the
 * whole line (16 bytes per compare) gives a mask of the token starts (a
 * non-space after a space) and one of the ends (a space after a non-space);
 * token k is the k-th set bit of each, taken with a count-trailing-zeros. */
static int tokens(const char *s, size_t len, const char **t, size_t *tl, int max)
{
    int n = 0;
#ifdef __SSE2__
    uint64_t sp[MASK_WORDS + 1], st[MASK_WORDS + 1], en[MASK_WORDS + 1], carry = 0, sm, em;
    size_t nw, ws = 0, we = 0;

    if (len > 64 * MASK_WORDS) {
        size_t i = 0;
        while (n < max && token(s, len, &i, &t[n], &tl[n]))
            n++;
        return n;
    }
    nw = space_masks(s, len, sp) + 1;   /* the padding word ends the last token */
    for (size_t w = 0; w < nw; w++) {
        uint64_t nonsp = ~sp[w], prev = (nonsp << 1) | carry;
        st[w] = nonsp & ~prev;
        en[w] = sp[w] & prev;
        carry = nonsp >> 63;
    }
    sm = st[0];
    em = en[0];
    while (n < max) {
        size_t a, b;
        while (sm == 0) {
            if (++ws >= nw)
                return n;
            sm = st[ws];
        }
        while (em == 0)
            em = en[++we];   /* an end follows every start */
        a = ws * 64 + (size_t)__builtin_ctzll(sm);
        b = we * 64 + (size_t)__builtin_ctzll(em);
        if (a >= len)
            return n;
        sm &= sm - 1;
        em &= em - 1;
        t[n] = s + a;
        tl[n] = (b < len ? b : len) - a;
        n++;
    }
#else
    size_t i = 0;
    while (n < max && token(s, len, &i, &t[n], &tl[n]))
        n++;
#endif
    return n;
}

ksz_rc ksz__logs_squid(struct ksz_log_parser *p, const char *s, size_t len,
                       struct ksz_log_record *rec, struct ksz_error *err)
{
    const char *t[9];
    size_t tl[9];
    int n;

    (void)p;
    n = tokens(s, len, t, tl, 9);
    if (n < 7)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "squid: expected at least 7 fields (time elapsed client "
                             "code/status bytes method URL), got %d",
                             n);
    if (ksz_log_time_epoch(t[0], tl[0], &rec->ts, &rec->usec) != KSZ_OK)
        return ksz_error_set(err, KSZ_ERR_PARSE, "squid: expected an epoch time in field 1");
    if (memchr(t[3], '/', tl[3]) == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "squid: expected code/status in field 4");
    logs_add(rec, "client", t[2], tl[2], KSZ_LOG_K_IP);
    logs_add(rec, "url", t[6], tl[6], KSZ_LOG_K_URL);
    if (n >= 9) {
        const char *slash = memchr(t[8], '/', tl[8]);
        if (slash != NULL) {
            size_t off = (size_t)(slash + 1 - t[8]);
            logs_add(rec, "peer", slash + 1, tl[8] - off, KSZ_LOG_K_HOST);
        }
    }
    return KSZ_OK;
}
