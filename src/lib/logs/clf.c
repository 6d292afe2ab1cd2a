/* SPDX-License-Identifier: Apache-2.0 */
/*
 * clf.c - Apache/nginx common and combined logs:
 *   host ident user [10/Oct/2000:13:55:36 -0700] "GET /x HTTP/1.1" 200 2326 "referer" "agent"
 *
 * The request target is kept only when it is absolute (a forward proxy) or an
 * authority (CONNECT): a bare path names no host to match. Quoted strings may
 * hold \" escapes (Apache escapes them, nginx writes \x22).
 */
#include "logs/logs_int.h"

/* A quoted string starting at s[*i] == '"'; on return *i is past the closing quote. */
static bool quoted(const char *s, size_t len, size_t *i, const char **q, size_t *qlen)
{
    size_t j = *i + 1;

    if (*i >= len || s[*i] != '"')
        return false;
    *q = s + j;
    while (j < len && s[j] != '"') {
        if (s[j] == '\\' && j + 1 < len)
            j++;
        j++;
    }
    if (j >= len)
        return false;
    *qlen = (size_t)(s + j - *q);
    *i = j + 1;
    return true;
}

ksz_rc ksz__logs_clf(struct ksz_log_parser *p, const char *s, size_t len,
                     struct ksz_log_record *rec, struct ksz_error *err)
{
    const char *lb, *rb, *req, *ref, *sp;
    size_t i, reqlen, reflen, hostlen;

    (void)p;
    sp = memchr(s, ' ', len);
    lb = memchr(s, '[', len);
    if (sp == NULL || lb == NULL || lb < sp)
        return ksz_error_set(err, KSZ_ERR_PARSE, "clf: expected 'host ident user [time]'");
    hostlen = (size_t)(sp - s);
    rb = memchr(lb, ']', len - (size_t)(lb - s));
    if (rb == NULL || ksz_log_time_clf(lb + 1, (size_t)(rb - lb - 1), &rec->ts, &rec->usec) != KSZ_OK)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "clf: expected a time like [10/Oct/2000:13:55:36 -0700]");
    i = (size_t)(rb - s) + 1;
    if (i < len && s[i] == ' ')
        i++;
    if (!quoted(s, len, &i, &req, &reqlen))
        return ksz_error_set(err, KSZ_ERR_PARSE, "clf: expected a quoted request after the time");
    logs_add(rec, "client", s, hostlen, KSZ_LOG_K_HOST);
    /* "METHOD target PROTO": keep an absolute target or a CONNECT authority */
    {
        const char *t = memchr(req, ' ', reqlen);
        if (t != NULL) {
            const char *end, *tend = req + reqlen;
            t++;
            end = memchr(t, ' ', (size_t)(tend - t));
            if (end == NULL)
                end = tend;
            bool connect = reqlen > 8 && memcmp(req, "CONNECT ", 8) == 0;
            if ((size_t)(end - t) > 0 && t[0] != '/' &&
                (memmem(t, (size_t)(end - t), "://", 3) != NULL || connect))
                logs_add(rec, "request", t, (size_t)(end - t), KSZ_LOG_K_URL);
        }
    }
    /* status and bytes, then (combined) the referer */
    for (int k = 0; k < 2; k++) {
        while (i < len && s[i] == ' ')
            i++;
        while (i < len && s[i] != ' ')
            i++;
    }
    while (i < len && s[i] == ' ')
        i++;
    if (i < len && quoted(s, len, &i, &ref, &reflen) && memmem(ref, reflen, "://", 3) != NULL)
        logs_add(rec, "referer", ref, reflen, KSZ_LOG_K_URL);
    return KSZ_OK;
}
