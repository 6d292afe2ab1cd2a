/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_hunt_build.c - compile the generated indicator set (gen_hunt.py's
 * indicators.tsv) straight into a snapshot, then measure load time, size
 * per indicator and lookup rates (single and batched, negative and
 * positive).
 *
 *   bench_hunt_build INDICATORS.TSV OUT.snap [LOOKUPS]
 *
 * Values are canonicalised with ksz_ioc_canon as the store would; a value
 * it refuses is counted and left out. Negative keys are random public
 * addresses and made-up names; positive keys are indicator values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include "kizashi/match.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = atol(line + 6);
    if (f)
        fclose(f);
    return kb;
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

struct keyset {
    struct ksz_match_key *k;
    char *text;
    size_t n;
};

static void run(const char *what, const struct ksz_matcher *m, const struct keyset *ks,
                size_t batch)
{
    double t0 = now();
    size_t hits = 0, nh;
    for (size_t i = 0; i < ks->n; i += batch) {
        size_t n = ks->n - i < batch ? ks->n - i : batch;
        if (batch == 1)
            ksz_match_one(m, &ks->k[i], NULL, NULL, &nh, NULL);
        else
            ksz_match_batch(m, &ks->k[i], n, NULL, NULL, &nh, NULL);
        hits += nh;
    }
    double dt = now() - t0;
    printf("  %-34s batch %-3zu %8.2f M lookups/s  (%zu keys, %zu hits)\n", what, batch,
           (double)ks->n / dt / 1e6, ks->n, hits);
}

int main(int argc, char **argv)
{
    struct ksz_snapshot_writer *w = NULL;
    struct ksz_snapshot *s = NULL;
    struct ksz_matcher *m = NULL;
    struct ksz_snapshot_info info;
    struct ksz_error err = {0};
    char line[8192], canon[KSZ_IOC_VALUE_MAX + 1];
    size_t nlookups = argc > 3 ? (size_t)atol(argv[3]) : 4000000;
    size_t added = 0, refused = 0, total = 0;
    uint64_t size = 0;
    char **pos_vals = NULL;
    ksz_ioc_type *pos_types = NULL;
    size_t npos = 0, cappos = 1 << 16;
    double t0, t1;
    FILE *f;

    if (argc < 3) {
        fprintf(stderr, "usage: bench_hunt_build INDICATORS.TSV OUT.snap [LOOKUPS]\n");
        return 2;
    }
    ksz_ioc_global_init(NULL);
    f = fopen(argv[1], "r");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    pos_vals = calloc(cappos, sizeof *pos_vals);
    pos_types = calloc(cappos, sizeof *pos_types);
    ksz_snapshot_writer_new(&w, &err);
    ksz_snapshot_writer_set_time(w, 1717200000);
    t0 = now();
    while (fgets(line, sizeof line, f)) {
        char *fld[6];
        int nf = 0;
        char *p = line;
        struct ksz_indicator ind = {0};
        const char *thr[1];
        ksz_ioc_type type;
        size_t clen;

        line[strcspn(line, "\n")] = '\0';
        while (nf < 6) {
            fld[nf++] = p;
            p = strchr(p, '\t');
            if (p == NULL)
                break;
            *p++ = '\0';
        }
        if (nf < 6)
            continue;
        total++;
        if (ksz_ioc_type_from_name(fld[0], strlen(fld[0]), &type) != KSZ_OK ||
            ksz_ioc_canon(type, fld[1], strlen(fld[1]), canon, sizeof canon, &clen, &err) !=
                KSZ_OK) {
            if (refused++ < 5)
                fprintf(stderr, "refused %s %s: %s\n", fld[0], fld[1], err.msg);
            continue;
        }
        ind.type = type;
        ind.value = canon;
        ind.valid_from = atoll(fld[2]);
        ind.valid_until = atoll(fld[3]);
        ind.source = fld[4];
        thr[0] = fld[5];
        ind.threats.items = thr;
        ind.threats.n = 1;
        ind.confidence = 70;
        ind.tlp = KSZ_TLP_GREEN;
        ind.usage = KSZ_USAGE_BLOCK_PROXY_OUTBOUND;
        if (ksz_snapshot_writer_add(w, &ind, 60.0, NULL, &err) != KSZ_OK) {
            fprintf(stderr, "add: %s\n", err.msg);
            return 2;
        }
        added++;
        if (next() % 64 == 0 && npos < cappos) {
            pos_vals[npos] = strdup(canon);
            pos_types[npos++] = type;
        }
    }
    fclose(f);
    t1 = now();
    if (ksz_snapshot_writer_write_file(w, argv[2], &size, &err) != KSZ_OK) {
        fprintf(stderr, "write: %s\n", err.msg);
        return 2;
    }
    printf("build: %zu lines, %zu indicators, %zu refused; read+add %.1f s, layout+write %.1f s\n",
           total, added, refused, t1 - t0, now() - t1);
    ksz_snapshot_writer_free(w);

    {
        long rss0 = rss_kb();
        t0 = now();
        if (ksz_snapshot_open(argv[2], &s, &err) != KSZ_OK) {
            fprintf(stderr, "open: %s\n", err.msg);
            return 2;
        }
        t1 = now();
        ksz_snapshot_get_info(s, &info);
        printf("load: %.3f ms for %llu bytes (RSS +%ld kB right after load)\n", (t1 - t0) * 1e3,
               (unsigned long long)info.file_size, rss_kb() - rss0);
        t0 = now();
        ksz_snapshot_verify(s, NULL);
        printf("verify (full checksum): %.0f ms\n", (now() - t0) * 1e3);
        printf("size: %.1f bytes per indicator in all; %.1f without the %llu string bytes\n",
               (double)info.file_size / (double)info.indicators,
               (double)(info.file_size - info.string_bytes) / (double)info.indicators,
               (unsigned long long)info.string_bytes);
        for (int t = 1; t < KSZ_IOC__COUNT; t++)
            if (info.records[t])
                printf("  %-7s %9llu records %9llu keys\n", ksz_ioc_type_name((ksz_ioc_type)t),
                       (unsigned long long)info.records[t], (unsigned long long)info.keys[t]);
    }
    ksz_matcher_new(s, NULL, &m, &err);

    {
        struct keyset neg4 = {0}, negd = {0}, negu = {0}, pos = {0};
        neg4.k = calloc(nlookups, sizeof *neg4.k);
        negd.k = calloc(nlookups, sizeof *negd.k);
        negd.text = malloc(nlookups * 32);
        negu.k = calloc(nlookups / 4, sizeof *negu.k);
        negu.text = malloc(nlookups / 4 * 64);
        for (size_t i = 0; i < nlookups; i++) {
            neg4.k[i].kind = KSZ_MATCH_IPV4;
            neg4.k[i].u.ipv4 = (uint32_t)next();
            neg4.k[i].time = 1717200000 + 100;
            char *t = negd.text + i * 32;
            int n = snprintf(t, 32, "www.h%07u.example-cdn.net", (unsigned)(next() % 10000000));
            negd.k[i] = (struct ksz_match_key){.kind = KSZ_MATCH_DOMAIN, .text = t, .len = (size_t)n,
                                               .time = 1717200100};
        }
        neg4.n = negd.n = nlookups;
        for (size_t i = 0; i < nlookups / 4; i++) {
            char *t = negu.text + i * 64;
            int n = snprintf(t, 64, "http://www.h%07u.example-cdn.net/a/b.js?v=%u",
                             (unsigned)(next() % 10000000), (unsigned)(next() % 1000));
            negu.k[i] = (struct ksz_match_key){.kind = KSZ_MATCH_URL, .text = t, .len = (size_t)n,
                                               .time = 1717200100};
        }
        negu.n = nlookups / 4;
        pos.k = calloc(npos, sizeof *pos.k);
        for (size_t i = 0; i < npos; i++) {
            ksz_match_kind k;
            switch (pos_types[i]) {
            case KSZ_IOC_URL: k = KSZ_MATCH_URL; break;
            case KSZ_IOC_DOMAIN: k = KSZ_MATCH_DOMAIN; break;
            case KSZ_IOC_MD5: case KSZ_IOC_SHA1: case KSZ_IOC_SHA256: case KSZ_IOC_SHA512:
                k = KSZ_MATCH_HASH; break;
            default: k = KSZ_MATCH_HOST; break;
            }
            if (pos_types[i] == KSZ_IOC_CIDR4 || pos_types[i] == KSZ_IOC_CIDR6)
                *strchr(pos_vals[i], '/') = '\0'; /* the network address */
            pos.k[i] = (struct ksz_match_key){.kind = k, .text = pos_vals[i],
                                              .len = strlen(pos_vals[i]), .time = 1717200100};
        }
        pos.n = npos;
        printf("lookups (one core):\n");
        run("negative IPv4 (exact+CIDR)", m, &neg4, 1);
        run("negative IPv4 (exact+CIDR)", m, &neg4, 64);
        run("negative domain (3 names each)", m, &negd, 1);
        run("negative domain (3 names each)", m, &negd, 64);
        run("negative URL (URL + host names)", m, &negu, 1);
        run("negative URL (URL + host names)", m, &negu, 64);
        run("positive mix (indicator values)", m, &pos, 1);
        run("positive mix (indicator values)", m, &pos, 64);
        printf("RSS after lookups: %ld kB (%.1f bytes per indicator)\n", rss_kb(),
               (double)rss_kb() * 1024 / (double)info.indicators);
    }
    ksz_matcher_free(m);
    ksz_snapshot_close(s);
    return 0;
}
