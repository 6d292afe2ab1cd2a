/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_hunt_pipeline.c - throughput of the log side of `kizashi hunt`:
 * parsing alone, and the whole pipeline (pread ranges, parse, batched
 * lookups, ordered hand-over) on 1 and 2 threads, on a Squid log against a
 * synthetic snapshot.
 *
 *   bench_hunt_pipeline [-n INDICATORS] [-s MBYTES] [-r RUNS] LOGFILE
 *
 * When LOGFILE does not exist, a Squid log of MBYTES (default 1024) is
 * written there first: random hosts under real TLDs, with 0.1% of lines
 * naming a planted indicator (a domain, a URL or a peer IP). The snapshot
 * holds INDICATORS records (default 3,000,000): 45% domains, 25% IPv4,
 * 5% CIDRs, 15% URLs, 10% SHA-256, deterministic (fixed seed). The
 * planted lines' count is checked against the hits found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "kizashi/hunt.h"
#include "kizashi/snapshot.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const char *const tlds[] = {"com", "net", "org", "info", "ru", "cn", "io", "jp"};

static void domain_for(uint64_t k, char *buf, size_t cap)
{
    snprintf(buf, cap, "h%08llx%04llx.%s", (unsigned long long)(k * 2654435761u & 0xffffffffu),
             (unsigned long long)(k & 0xffff), tlds[k % 8]);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU seconds of the whole process (all threads): on a shared, loaded
 * machine, bytes per CPU second is the per-core figure that wall time hides. */
static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Indicator k's value: domains d(k), IPs 100.64.x.x-like public ranges, URLs on u(k). */
static ksz_ioc_type indicator(uint64_t k, char *buf, size_t cap)
{
    unsigned r = (unsigned)(k % 100);
    if (r < 45) {
        domain_for(k, buf, cap);
        return KSZ_IOC_DOMAIN;
    }
    if (r < 70) {
        uint32_t a = (uint32_t)(k * 2654435761u);
        snprintf(buf, cap, "%u.%u.%u.%u", 11 + a % 180, (a >> 8) & 255, (a >> 16) & 255,
                 1 + (unsigned)(k % 250));
        return KSZ_IOC_IPV4;
    }
    if (r < 75) {
        uint32_t a = (uint32_t)(k * 2246822519u);
        snprintf(buf, cap, "%u.%u.%u.0/24", 11 + a % 180, (a >> 8) & 255, (a >> 16) & 255);
        return KSZ_IOC_CIDR4;
    }
    if (r < 90) {
        char d[64];
        domain_for(k ^ 0x5555, d, sizeof d);
        snprintf(buf, cap, "http://%s/gate/%llx.php", d, (unsigned long long)k);
        return KSZ_IOC_URL;
    }
    snprintf(buf, cap, "%016llx%016llx%016llx%016llx", (unsigned long long)(k * 0x9e3779b97f4a7c15ULL),
             (unsigned long long)(k * 0xc2b2ae3d27d4eb4fULL), (unsigned long long)(k ^ 0xdeadbeef),
             (unsigned long long)(k + 12345));
    return KSZ_IOC_SHA256;
}

static struct ksz_snapshot *build(uint64_t n)
{
    struct ksz_snapshot_writer *w = NULL;
    struct ksz_snapshot *s = NULL;
    struct ksz_error err = {0};
    void *data = NULL;
    size_t len = 0;
    char v[256];
    double t0 = now_s();

    if (ksz_snapshot_writer_new(&w, &err) != KSZ_OK)
        goto fail;
    for (uint64_t k = 0; k < n; k++) {
        struct ksz_indicator ind;
        memset(&ind, 0, sizeof ind);
        ind.type = indicator(k, v, sizeof v);
        ind.value = v;
        ind.confidence = 70;
        ind.tlp = KSZ_TLP_GREEN;
        ind.source = "bench";
        if (ksz_snapshot_writer_add(w, &ind, 50.0, NULL, &err) != KSZ_OK)
            goto fail;
    }
    if (ksz_snapshot_writer_build(w, &data, &len, &err) != KSZ_OK ||
        ksz_snapshot_open_mem(data, len, &s, &err) != KSZ_OK)
        goto fail;
    fprintf(stderr, "snapshot: %llu indicators, %.1f MB, built in %.1f s\n",
            (unsigned long long)n, (double)len / 1e6, now_s() - t0);
    ksz_snapshot_buf_free(data);
    ksz_snapshot_writer_free(w);
    return s;
fail:
    fprintf(stderr, "snapshot: %s\n", err.msg);
    exit(2);
}

/* Write the log; returns the number of planted lines. */
static uint64_t generate(const char *path, uint64_t bytes, uint64_t nind)
{
    FILE *f = fopen(path, "wb");
    static char buf[1 << 20];
    size_t bl = 0;
    uint64_t written = 0, planted = 0, i = 0;
    char v[256], d[64];

    if (f == NULL) {
        perror(path);
        exit(2);
    }
    while (written < bytes) {
        uint64_t r = next();
        const char *url;
        char ub[320], peer[300];
        int n;
        snprintf(peer, sizeof peer, "192.0.2.%u", (unsigned)(r >> 40) % 250 + 1);
        if (r % 1000 == 0) {
            /* planted: an indicator of a type a Squid line can show */
            uint64_t k;
            ksz_ioc_type t;
            do {
                k = next() % nind;
                t = indicator(k, v, sizeof v);
            } while (t == KSZ_IOC_SHA256 || t == KSZ_IOC_CIDR4);
            if (t == KSZ_IOC_DOMAIN)
                snprintf(ub, sizeof ub, "http://www.%s/index.html?q=%llu", v, (unsigned long long)i);
            else if (t == KSZ_IOC_URL)
                snprintf(ub, sizeof ub, "%s", v);
            else {
                snprintf(ub, sizeof ub, "http://%s/x", v);
                snprintf(peer, sizeof peer, "%s", v);
            }
            planted++;
        } else {
            domain_for(r | 0x8000000000000000ULL, d, sizeof d);
            snprintf(ub, sizeof ub, "http://cdn%u.%s/assets/%llx/app.js?v=%u", (unsigned)(r % 7), d,
                     (unsigned long long)(r >> 20), (unsigned)(r % 977));
        }
        url = ub;
        n = snprintf(buf + bl, sizeof buf - bl,
                     "%llu.%03u %6u 10.%u.%u.%u TCP_MISS/200 %u GET %s - HIER_DIRECT/%s "
                     "text/html\n",
                     (unsigned long long)(1704067200 + i / 100), (unsigned)(i % 1000),
                     (unsigned)(r % 5000), (unsigned)(r >> 8) & 255, (unsigned)(r >> 16) & 255,
                     (unsigned)(r >> 24) & 255, (unsigned)(r % 90000), url, peer);
        bl += (size_t)n;
        written += (uint64_t)n;
        i++;
        if (bl > sizeof buf - 1024) {
            fwrite(buf, 1, bl, f);
            bl = 0;
        }
    }
    fwrite(buf, 1, bl, f);
    fclose(f);
    fprintf(stderr, "log: %s, %llu lines, %llu planted\n", path, (unsigned long long)i,
            (unsigned long long)planted);
    return planted;
}

static int count_hit(const struct ksz_hunt_hit *h, void *user)
{
    (void)h;
    ++*(uint64_t *)user;
    return 0;
}

static void parse_only(const char *path)
{
    struct ksz_log_input *in = NULL;
    struct ksz_log_parser *p = NULL;
    struct ksz_log_opts o = {KSZ_LOG_SQUID, NULL, 0};
    struct ksz_log_record rec;
    const char *d;
    size_t n;
    uint64_t bytes = 0, lines = 0, fields = 0;
    double t0 = now_s(), c0 = cpu_s(), dt, dc;

    if (ksz_log_input_open(path, &in, NULL) != KSZ_OK ||
        ksz_log_parser_new(&o, "", 0, &p, NULL) != KSZ_OK)
        exit(2);
    while (ksz_log_input_next(in, &d, &n, NULL) == KSZ_OK) {
        const char *e = d + n;
        bytes += n;
        while (d < e) {
            const char *nl = memchr(d, '\n', (size_t)(e - d));
            size_t l = nl ? (size_t)(nl - d) : (size_t)(e - d);
            if (ksz_log_parse(p, d, l, &rec, NULL) == KSZ_OK)
                fields += rec.n;
            lines++;
            d = nl ? nl + 1 : e;
        }
    }
    dt = now_s() - t0;
    dc = cpu_s() - c0;
    printf("parse only (read + split + squid parse), 1 thread: %.1f MB in %.2f s = %.0f MB/s; "
           "%.2f CPU s = %.0f MB per CPU second (%llu lines, %llu fields)\n",
           (double)bytes / 1e6, dt, (double)bytes / 1e6 / dt, dc, (double)bytes / 1e6 / dc,
           (unsigned long long)lines, (unsigned long long)fields);
    ksz_log_parser_free(p);
    ksz_log_input_close(in);
}

int main(int argc, char **argv)
{
    uint64_t nind = 3000000, mbytes = 1024, planted = 0;
    int runs = 2, c;
    struct ksz_snapshot *s;
    struct ksz_matcher *m = NULL;
    const char *path;

    while ((c = getopt(argc, argv, "n:s:r:")) != -1) {
        if (c == 'n')
            nind = strtoull(optarg, NULL, 10);
        else if (c == 's')
            mbytes = strtoull(optarg, NULL, 10);
        else if (c == 'r')
            runs = atoi(optarg);
        else
            return 2;
    }
    if (optind >= argc) {
        fprintf(stderr, "usage: bench_hunt_pipeline [-n INDICATORS] [-s MBYTES] [-r RUNS] LOGFILE\n");
        return 2;
    }
    path = argv[optind];
    if (access(path, F_OK) != 0)
        planted = generate(path, mbytes * 1000000, nind);
    s = build(nind);
    if (ksz_matcher_new(s, NULL, &m, NULL) != KSZ_OK)
        return 2;
    parse_only(path);
    for (int r = 0; r < runs; r++)
        for (unsigned threads = 1; threads <= 2; threads++) {
            struct ksz_hunt_opts o;
            struct ksz_hunt_cbs cbs = {count_hit, NULL, NULL, NULL, NULL};
            struct ksz_hunt_stats st;
            struct ksz_error err = {0};
            const char *paths[] = {path};
            uint64_t hits = 0;
            double c0 = cpu_s(), dc;
            ksz_hunt_opts_init(&o);
            o.threads = threads;
            cbs.user = &hits;
            if (ksz_hunt_run(m, &o, paths, 1, &cbs, &st, &err) != KSZ_OK) {
                fprintf(stderr, "hunt: %s\n", err.msg);
                return 2;
            }
            dc = cpu_s() - c0;
            printf("hunt pipeline, %u thread%s: %.1f MB in %.2f s = %.0f MB/s; %.2f CPU s = %.0f "
                   "MB per CPU second (%llu lines, %llu hits)\n",
                   threads, threads > 1 ? "s" : "", (double)st.bytes / 1e6, st.elapsed,
                   (double)st.bytes / 1e6 / st.elapsed, dc, (double)st.bytes / 1e6 / dc,
                   (unsigned long long)st.lines, (unsigned long long)hits);
            if (planted && hits < planted)
                printf("  MISSING HITS: %llu planted\n", (unsigned long long)planted);
        }
    ksz_matcher_free(m);
    ksz_snapshot_close(s);
    return 0;
}
