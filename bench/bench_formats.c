/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_formats.c - the readers alone, without the store: records per
 * second for CSV, JSON lines and STIX (streamed in 1 MiB chunks), so the
 * import's parsing cost can be told apart from the store's.
 *
 *   bench_formats csv|jsonl|stix FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <kizashi/formats.h>

static unsigned long long n;

static ksz_rc on_ind(void *u, const struct ksz_indicator *i, const struct ksz_import_pos *p,
                     struct ksz_error *e)
{
    (void)u, (void)i, (void)p, (void)e;
    n++;
    return KSZ_OK;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct ksz_import_sink sink = {on_ind, NULL, NULL, NULL, NULL, NULL, NULL};
    struct ksz_error err = {0};
    FILE *f;
    char *buf;
    size_t len = 0, cap = 1 << 20;
    double t0, t1;
    ksz_rc rc;

    if (argc != 3) {
        fprintf(stderr, "usage: bench_formats csv|jsonl|stix FILE\n");
        return 2;
    }
    f = fopen(argv[2], "rb");
    buf = malloc(cap);
    if (f == NULL || buf == NULL)
        return 2;
    for (size_t r; (r = fread(buf + len, 1, cap - len, f)) > 0;) {
        len += r;
        if (len == cap) {
            buf = realloc(buf, cap *= 2);
            if (buf == NULL)
                return 2;
        }
    }
    fclose(f);
    ksz_ioc_global_init(NULL);
    t0 = now();
    if (strcmp(argv[1], "csv") == 0) {
        rc = ksz_csv_read(argv[2], buf, len, NULL, NULL, &sink, &err);
    } else if (strcmp(argv[1], "jsonl") == 0) {
        rc = ksz_jsonl_read(argv[2], buf, len, NULL, &sink, &err);
    } else {
        struct ksz_stix_reader *r = NULL;
        rc = ksz_stix_reader_new(argv[2], NULL, &sink, &r, &err);
        for (size_t i = 0; rc == KSZ_OK && i < len; i += 1 << 20)
            rc = ksz_stix_reader_feed(r, buf + i, len - i < (1u << 20) ? len - i : 1u << 20, &err);
        if (rc == KSZ_OK)
            rc = ksz_stix_reader_finish(r, &err);
        ksz_stix_reader_free(r);
    }
    t1 = now();
    if (rc != KSZ_OK) {
        fprintf(stderr, "bench_formats: %s\n", err.msg);
        return 1;
    }
    printf("%s: %llu records in %.2f s: %.0f records/s, %.0f MB/s\n", argv[1], n, t1 - t0,
           (double)n / (t1 - t0), (double)len / 1e6 / (t1 - t0));
    free(buf);
    return 0;
}
