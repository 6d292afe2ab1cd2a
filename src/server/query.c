/* SPDX-License-Identifier: Apache-2.0 */
/*
 * query.c - the query string of a request, percent-decoded into a fixed
 * area: no allocation per request, and a hostile query gets 400, never
 * more memory.
 */
#include <string.h>
#include "srv.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode s[0..len) onto the end of q->mem; *used moves on. */
static ksz_rc decode(const char *s, size_t len, struct srv_query *q, size_t *used,
                     const char **out, size_t *outlen, struct ksz_error *err)
{
    size_t start = *used, j = *used;

    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (j + 1 >= sizeof q->mem)
            return ksz_error_set(err, KSZ_ERR_LIMIT, "query: longer than %d bytes",
                                 SRV_QUERY_BYTES);
        if (c == '%') {
            int hi = i + 2 < len ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < len ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return ksz_error_set(err, KSZ_ERR_PARSE, "query: bad %%-escape at offset %zu",
                                     i);
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+') {
            c = ' ';
        }
        if (c == '\0')
            return ksz_error_set(err, KSZ_ERR_PARSE, "query: NUL at offset %zu", i);
        q->mem[j++] = c;
    }
    q->mem[j++] = '\0';
    *out = q->mem + start;
    *outlen = j - start - 1;
    *used = j;
    return KSZ_OK;
}

ksz_rc srv_query_parse(const char *s, size_t len, struct srv_query *q, struct ksz_error *err)
{
    size_t used = 0, i = 0;
    ksz_rc rc = KSZ_OK;

    q->n = 0;
    while (i < len && rc == KSZ_OK) {
        const char *amp = memchr(s + i, '&', len - i);
        size_t end = amp != NULL ? (size_t)(amp - s) : len;
        const char *eq = memchr(s + i, '=', end - i);
        size_t kend = eq != NULL ? (size_t)(eq - s) : end;
        struct srv_kv *kv;

        if (end == i) { /* "&&" */
            i++;
            continue;
        }
        if (q->n == SRV_QUERY_MAX)
            return ksz_error_set(err, KSZ_ERR_LIMIT, "query: more than %d parameters",
                                 SRV_QUERY_MAX);
        kv = &q->kv[q->n];
        rc = decode(s + i, kend - i, q, &used, &kv->k, &kv->klen, err);
        if (rc == KSZ_OK)
            rc = decode(eq != NULL ? eq + 1 : s + end, eq != NULL ? end - kend - 1 : 0, q, &used,
                        &kv->v, &kv->vlen, err);
        if (rc == KSZ_OK)
            q->n++;
        i = end + 1;
    }
    return rc;
}

const char *srv_query_get(const struct srv_query *q, const char *key)
{
    for (size_t i = 0; i < q->n; i++)
        if (strcmp(q->kv[i].k, key) == 0)
            return q->kv[i].v;
    return NULL;
}
