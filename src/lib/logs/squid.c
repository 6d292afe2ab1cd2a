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

ksz_rc ksz__logs_squid(struct ksz_log_parser *p, const char *s, size_t len,
                       struct ksz_log_record *rec, struct ksz_error *err)
{
    const char *t[9];
    size_t tl[9], i = 0;
    int n = 0;

    (void)p;
    while (n < 9 && token(s, len, &i, &t[n], &tl[n]))
        n++;
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
