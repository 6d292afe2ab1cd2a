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

/* sp[w] bit i: s[64 w + i] is a space; bytes past len count as spaces, and
 * one more all-spaces word follows, so every token ends inside the array.
 * Returns the number of words holding the line. */
static size_t space_masks(const char *s, size_t len, uint64_t *sp)
{
    const __m128i blank = _mm_set1_epi8(' ');
    size_t nw = (len + 63) / 64, full = len / 16, q;

    for (size_t w = 0; w <= nw; w++)
        sp[w] = 0;
    for (q = 0; q < full; q++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * q));
        sp[q >> 2] |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, blank))
                      << (16 * (q & 3));
    }
    for (; q < 4 * (nw + 1); q++) {   /* the partial chunk, then padding */
        uint64_t bits = 0xffff;
        if (16 * q < len) {
            char tmp[16];
            memset(tmp, ' ', sizeof tmp);
            memcpy(tmp, s + 16 * q, len - 16 * q);
            bits = (uint32_t)_mm_movemask_epi8(
                _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)tmp), blank));
        }
        sp[q >> 2] |= bits << (16 * (q & 3));
    }
    return nw;
}
#endif

/* Split s into at most max space-separated tokens (runs of spaces are one
 * separator); returns how many. With SSE2: a bit mask of the spaces of the
 * whole line, 16 bytes per compare; each token's start (the next
 * non-space) and end (the next space) is then one count-trailing-zeros
 * each, rather than a loop over its bytes. */
static int tokens(const char *s, size_t len, const char **t, size_t *tl, int max)
{
    int n = 0;
#ifdef __SSE2__
    uint64_t sp[MASK_WORDS + 1];
    size_t nw, pos = 0;

    if (len > 64 * MASK_WORDS) {
        size_t i = 0;
        while (n < max && token(s, len, &i, &t[n], &tl[n]))
            n++;
        return n;
    }
    nw = space_masks(s, len, sp);
    while (n < max) {
        size_t w = pos >> 6, end;
        uint64_t m = ~sp[w] >> (pos & 63);
        while (m == 0) {
            if (++w >= nw)
                return n;
            m = ~sp[w];
            pos = w * 64;
        }
        pos += (size_t)__builtin_ctzll(m);
        if (pos >= len)
            return n;
        w = pos >> 6;
        m = sp[w] >> (pos & 63);   /* never 0 for long: the padding is spaces */
        end = pos;
        while (m == 0) {
            m = sp[++w];
            end = w * 64;
        }
        end += (size_t)__builtin_ctzll(m);
        t[n] = s + pos;
        tl[n] = end - pos;
        n++;
        pos = end;
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
