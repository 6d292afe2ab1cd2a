/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_store_fill.c - the store's raw put rate: N indicators (a third IPv4,
 * a third domains, a third SHA-256, four sources, a tag each) put in one
 * transaction into a fresh store; then, optionally, the export read rate.
 *
 *   bench_store_fill PATH N [--read] [--cache MiB]
 *
 * Prints "put N indicators in S s: R indicators/s" (and the read figure).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kizashi/store.h"

/* CPU time of this process: the figure that does not depend on what else
 * the machine is running (wall time is printed too). */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int count_cb(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                    void *user)
{
    (void)ind;
    (void)state;
    (*(long *)user)++;
    return 0;
}

int main(int argc, char **argv)
{
    static const char *const sources[] = {"bench-a", "bench-b", "bench-c", "bench-d"};
    const char *tags[1] = {"bench"};
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    char value[128];
    long n;
    double t0, t1, c0, c1;

    if (argc < 3) {
        fprintf(stderr, "usage: bench_store_fill PATH N [--read] [--cache MiB]\n");
        return 2;
    }
    n = strtol(argv[2], NULL, 10);
    if (ksz_store_open(argv[1], &st, &err) != KSZ_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    for (int a = 3; a + 1 < argc; a++)
        if (strcmp(argv[a], "--cache") == 0 &&
            ksz_store_set_cache(st, (unsigned)strtoul(argv[a + 1], NULL, 10), &err) != KSZ_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return 2;
        }
    t0 = now_s();
    c0 = cpu_s();
    if (ksz_store_begin(st, &err) != KSZ_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    for (long i = 0; i < n; i++) {
        struct ksz_indicator in;
        unsigned long x = (unsigned long)i * 2654435761u;

        memset(&in, 0, sizeof in);
        switch (i % 3) {
        case 0:
            in.type = KSZ_IOC_IPV4;
            snprintf(value, sizeof value, "%lu.%lu.%lu.%lu", 1 + (x >> 24) % 223, (x >> 16) & 255,
                     (x >> 8) & 255, (unsigned long)i & 255);
            break;
        case 1:
            in.type = KSZ_IOC_DOMAIN;
            snprintf(value, sizeof value, "h%ld.example%ld.com", i, i % 1000);
            break;
        default:
            in.type = KSZ_IOC_SHA256;
            snprintf(value, sizeof value, "%016lx%016lx%016lx%016lx", (unsigned long)i, x, ~x,
                     (unsigned long)i * 31);
            break;
        }
        in.value = value;
        in.confidence = -1;
        in.tlp = KSZ_TLP_UNSET;
        in.source = sources[i & 3];
        in.tags.items = tags;
        in.tags.n = 1;
        if (ksz_store_put_indicator(st, &in, NULL, &err) != KSZ_OK) {
            fprintf(stderr, "put %ld: %s\n", i, err.msg);
            return 2;
        }
    }
    if (ksz_store_commit(st, &err) != KSZ_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    t1 = now_s();
    c1 = cpu_s();
    printf("last value: %s\n", value);
    printf("put %ld indicators in %.2f s wall, %.2f s CPU: %.0f indicators/s (CPU)\n", n,
           t1 - t0, c1 - c0, (double)n / (c1 - c0));
    bool read = false;
    for (int a = 3; a < argc; a++)
        read = read || strcmp(argv[a], "--read") == 0;
    if (read) {
        struct ksz_filter f;
        long seen = 0;

        ksz_filter_init(&f);
        t0 = now_s();
        c0 = cpu_s();
        if (ksz_store_each_indicator(st, &f, count_cb, &seen, &err) != KSZ_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return 2;
        }
        t1 = now_s();
        c1 = cpu_s();
        printf("read %ld active indicators in %.2f s wall, %.2f s CPU: %.0f indicators/s (CPU)\n",
               seen, t1 - t0, c1 - c0, (double)seen / (c1 - c0));
    }
    ksz_store_close(st);
    return 0;
}
