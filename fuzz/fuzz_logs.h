/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_logs.h - the body shared by the log parser fuzz targets: the input is
 * a whole log (its head configures the parser: Zeek #fields, CSV header),
 * parsed line by line with a fixed set of --field mappings, then the same
 * with an auto-detected format.
 */
#ifndef KSZ_FUZZ_LOGS_H
#define KSZ_FUZZ_LOGS_H

#include <stdint.h>
#include <string.h>
#include "kizashi/logs.h"

static int fuzz_logs_pass(ksz_log_format f, const char *s, size_t size)
{
    static const char *const maps[] = {"src=ip", "dst=host", "url=url", "time=time",
                                       "dns.question.name=domain", "a.b=hash", "event.src=ip"};
    struct ksz_log_fieldmap fm[sizeof maps / sizeof maps[0]];
    struct ksz_log_opts o = {f, fm, sizeof maps / sizeof maps[0]};
    struct ksz_log_parser *p = NULL, *c = NULL;
    struct ksz_log_record rec;
    struct ksz_error err;
    size_t off = 0;

    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
        (void)ksz_log_fieldmap_parse(maps[i], &fm[i], NULL);
    if (ksz_log_parser_new(&o, s, size, &p, &err) != KSZ_OK)
        return 0;
    if (ksz_log_parser_clone(p, &c, &err) != KSZ_OK) {
        ksz_log_parser_free(p);
        return 0;
    }
    while (off < size) {
        const char *nl = memchr(s + off, '\n', size - off);
        size_t n = nl ? (size_t)(nl - s - off) : size - off;
        if (ksz_log_parse(c, s + off, n, &rec, &err) == KSZ_OK) {
            /* touch every value: out-of-bounds pointers show up under ASan */
            volatile unsigned sum = 0;
            for (size_t i = 0; i < rec.n; i++)
                for (size_t k = 0; k < rec.f[i].len; k++)
                    sum += (unsigned char)rec.f[i].val[k];
            (void)sum;
        }
        off += n + 1;
    }
    ksz_log_parser_free(c);
    ksz_log_parser_free(p);
    return 0;
}

static int fuzz_logs_run(ksz_log_format f, const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    fuzz_logs_pass(f, s, size);
    fuzz_logs_pass(KSZ_LOG_AUTO, s, size);
    return 0;
}

#endif
