/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bind.c - BIND query logs:
 *   01-Jan-2024 12:00:00.000 queries: info: client @0x7f.. 192.0.2.1#5353 (www.example.com): query: www.example.com IN A +E(0)K (192.0.2.53)
 *
 * Older releases omit "@0x..", some add "view NAME:", syslog may prefix its
 * own header: the parser anchors on "client " and " query: " rather than on
 * columns. BIND writes local time without a zone; it is taken as UTC (run
 * named with TZ=UTC, or use print-time iso8601-utc, which is read too).
 */
#include "logs/logs_int.h"

ksz_rc ksz__logs_bind(struct ksz_log_parser *p, const char *s, size_t len,
                      struct ksz_log_record *rec, struct ksz_error *err)
{
    const char *c, *q, *end = s + len, *ip, *hash, *name, *sp;

    (void)p;
    c = memmem(s, len, "client ", 7);
    q = c ? memmem(c + 7, (size_t)(end - c - 7), " query: ", 8) : NULL;
    if (q == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "bind: expected 'client ... query: NAME'");
    /* the time: at the start, "01-Jan-2024 12:00:00.000" or ISO 8601 */
    sp = memchr(s, ' ', (size_t)(c - s));
    if (sp != NULL && s[2] == '-') {
        const char *sp2 = memchr(sp + 1, ' ', (size_t)(c - sp - 1));
        if (sp2 == NULL || ksz_log_time_bind(s, (size_t)(sp2 - s), &rec->ts, &rec->usec) != KSZ_OK)
            return ksz_error_set(err, KSZ_ERR_PARSE,
                                 "bind: expected a time like 01-Jan-2024 12:00:00.000");
    } else if (sp != NULL && ksz_log_time_iso8601(s, (size_t)(sp - s), &rec->ts, &rec->usec) != KSZ_OK) {
        rec->ts = KSZ_LOG_NO_TIME;
    }
    ip = c + 7;
    if (ip < q && ip[0] == '@') {
        const char *sp3 = memchr(ip, ' ', (size_t)(q - ip));
        ip = sp3 ? sp3 + 1 : q;
    }
    hash = memchr(ip, '#', (size_t)(q - ip));
    if (hash == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "bind: expected 'client ADDRESS#PORT'");
    logs_add(rec, "client", ip, (size_t)(hash - ip), KSZ_LOG_K_IP);
    name = q + 8;
    sp = memchr(name, ' ', (size_t)(end - name));
    if (sp == NULL || sp == name)
        return ksz_error_set(err, KSZ_ERR_PARSE, "bind: expected 'query: NAME CLASS TYPE'");
    logs_add(rec, "query", name, (size_t)(sp - name), KSZ_LOG_K_DOMAIN);
    return KSZ_OK;
}
