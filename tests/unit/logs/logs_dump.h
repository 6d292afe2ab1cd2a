/* SPDX-License-Identifier: Apache-2.0 */
/*
 * logs_dump.h - test helper: parse a whole sample log and write what the
 * parser saw, one line per input line, so tests compare text:
 *   "3 1704110400.123000 url=url:http://x/ peer=host:1.2.3.4"
 *   "4 malformed: squid: expected ..."
 * Lines without an event are left out.
 */
#ifndef KSZ_TEST_LOGS_DUMP_H
#define KSZ_TEST_LOGS_DUMP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kizashi/kizashi.h"
#include "kizashi/logs.h"

static char *dump_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf != NULL) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

/* Parse text with a parser for opts; append the dump to out (cap bytes). */
static ksz_rc dump_text(const struct ksz_log_opts *o, const char *text, size_t len, char *out,
                        size_t cap, ksz_log_format *detected)
{
    struct ksz_log_parser *p = NULL;
    struct ksz_error err = {0};
    size_t off = 0, o_len = 0;
    unsigned line = 0;
    ksz_rc rc = ksz_log_parser_new(o, text, len, &p, &err);

    out[0] = '\0';
    if (rc != KSZ_OK) {
        snprintf(out, cap, "error: %s", err.msg);
        return rc;
    }
    if (detected)
        *detected = ksz_log_parser_format(p);
    while (off < len) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t n = nl ? (size_t)(nl - text - off) : len - off;
        struct ksz_log_record rec;
        ksz_rc prc = ksz_log_parse(p, text + off, n, &rec, &err);
        line++;
        if (prc == KSZ_OK) {
            o_len += (size_t)snprintf(out + o_len, cap - o_len, "%u ", line);
            if (rec.ts == KSZ_LOG_NO_TIME)
                o_len += (size_t)snprintf(out + o_len, cap - o_len, "-");
            else
                o_len += (size_t)snprintf(out + o_len, cap - o_len, "%lld.%06u",
                                          (long long)rec.ts, rec.usec);
            for (size_t i = 0; i < rec.n; i++)
                o_len += (size_t)snprintf(out + o_len, cap - o_len, " %s=%s:%.*s", rec.f[i].name,
                                          ksz_log_kind_name(rec.f[i].kind), (int)rec.f[i].len,
                                          rec.f[i].val);
            o_len += (size_t)snprintf(out + o_len, cap - o_len, "\n");
        } else if (prc == KSZ_ERR_PARSE) {
            o_len += (size_t)snprintf(out + o_len, cap - o_len, "%u malformed: %s\n", line,
                                      err.msg);
        }
        off += n + 1;
    }
    ksz_log_parser_free(p);
    return KSZ_OK;
}

#endif
