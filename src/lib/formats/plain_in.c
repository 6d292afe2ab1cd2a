/* SPDX-License-Identifier: Apache-2.0 */
/*
 * plain_in.c - plain lists: one value a line, '#' starts a comment line,
 * blank lines ignored. Each value is classified (or refanged, then
 * classified); a line that is no observable is bad input, reported with its
 * line number, because a blocklist with a typo must not half-load.
 */
#include <string.h>
#include "formats_int.h"

ksz_rc ksz_plain_read(const char *name, const char *buf, size_t len,
                      const struct ksz_import_defaults *d, const struct ksz_import_sink *sink,
                      struct ksz_error *err)
{
    struct ksz__rowbuf rb = {0};
    struct ksz__fields f;
    uint64_t line = 0;
    size_t i = 0;
    ksz_rc rc = KSZ_OK;

    ksz_buf_init(&rb.scratch, 0);
    while (i < len && rc == KSZ_OK) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - buf) : len, s = i, e = end;

        line++;
        i = end + 1;
        while (s < e && (buf[s] == ' ' || buf[s] == '\t' || buf[s] == '\r'))
            s++;
        if (line == 1 && e - s >= 3 && memcmp(buf + s, "\xEF\xBB\xBF", 3) == 0)
            s += 3;   /* a byte-order mark */
        while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t' || buf[e - 1] == '\r'))
            e--;
        if (s == e || buf[s] == '#')
            continue;
        memset(&f, 0, sizeof f);
        f.v[KSZ_F_VALUE] = buf + s;
        f.l[KSZ_F_VALUE] = e - s;
        rc = ksz__fields_emit(&f, &rb, name, line, d, sink, err);
    }
    ksz__rowbuf_cleanup(&rb);
    return rc;
}
