/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_warn.c - warninglist speed: load every MISP list under a directory
 * into one matcher, then check a file of values (one a line; a tab and
 * anything after it is ignored) against it.
 *
 *   bench_warn LISTS_DIR VALUES_FILE
 *
 * Values are classified and canonicalised first (timed apart): the import
 * path hands ksz_warn_check canonical values, so only the check is the
 * matcher's cost. Prints one line of key=value figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kizashi/warn.h"

struct load {
    struct ksz_warn *w;
    size_t lists, entries, skipped;
};

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* CPU time too: on a shared machine wall time measures the neighbours. */
static double cpu(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static ksz_rc load_one(const char *path, void *user)
{
    struct load *ld = user;
    struct ksz_warn_misp *m = NULL;
    struct ksz_error err = {0};
    size_t skipped = 0;
    ksz_rc rc = ksz_warn_misp_read(path, &m, &err);

    if (rc == KSZ_OK)
        rc = ksz_warn_add_list(ld->w, &m->list, m->entries, m->n, &skipped, &err);
    if (rc != KSZ_OK) {
        fprintf(stderr, "bench_warn: %s\n", err.msg);
    } else {
        ld->lists++;
        ld->entries += m->n;
        ld->skipped += skipped + m->skipped;
    }
    ksz_warn_misp_free(m);
    return rc;
}

struct value {
    ksz_ioc_type t;
    char *v;
    size_t len;
};

int main(int argc, char **argv)
{
    struct load ld = {0};
    struct ksz_error err = {0};
    struct value *vals = NULL;
    size_t nvals = 0, cap = 0, unclassified = 0, matched = 0, hits_total = 0;
    char line[KSZ_IOC_VALUE_MAX + 256], canon[KSZ_IOC_VALUE_MAX + 1];
    double t0, c0, t_load, c_load, t_class, t_check, c_check;
    FILE *f;

    if (argc != 3) {
        fprintf(stderr, "usage: bench_warn LISTS_DIR VALUES_FILE\n");
        return 2;
    }
    if (ksz_ioc_global_init(&err) != KSZ_OK || ksz_warn_new(&ld.w, &err) != KSZ_OK) {
        fprintf(stderr, "bench_warn: %s\n", err.msg);
        return 2;
    }
    t0 = now();
    c0 = cpu();
    if (ksz_warn_misp_each(argv[1], load_one, &ld, &err) != KSZ_OK) {
        fprintf(stderr, "bench_warn: %s\n", err.msg);
        return 2;
    }
    t_load = now() - t0;
    c_load = cpu() - c0;

    f = fopen(argv[2], "rb");
    if (f == NULL) {
        perror(argv[2]);
        return 2;
    }
    t0 = now();
    while (fgets(line, sizeof line, f) != NULL) {
        size_t len = strcspn(line, "\t\r\n"), clen = 0;
        ksz_ioc_type t;
        if (ksz_ioc_classify(line, len, &t, canon, sizeof canon, &clen, NULL) != KSZ_OK) {
            unclassified++;
            continue;
        }
        if (nvals == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            vals = realloc(vals, cap * sizeof *vals);
            if (vals == NULL)
                return 2;
        }
        vals[nvals].t = t;
        vals[nvals].v = malloc(clen + 1);
        if (vals[nvals].v == NULL)
            return 2;
        memcpy(vals[nvals].v, canon, clen + 1);
        vals[nvals].len = clen;
        nvals++;
    }
    fclose(f);
    t_class = now() - t0;

    t0 = now();
    c0 = cpu();
    for (size_t i = 0; i < nvals; i++) {
        struct ksz_warn_hit hits[8];
        size_t n = 0;
        ksz_warn_check(ld.w, vals[i].t, vals[i].v, vals[i].len, hits, 8, &n);
        matched += n > 0;
        hits_total += n;
    }
    t_check = now() - t0;
    c_check = cpu() - c0;

    printf("lists=%zu entries=%zu skipped_entries=%zu load_s=%.3f load_cpu_s=%.3f values=%zu "
           "unclassified=%zu classify_s=%.3f check_s=%.3f check_cpu_s=%.3f "
           "checks_per_cpu_s=%.0f matched=%zu hits=%zu\n",
           ld.lists, ld.entries, ld.skipped, t_load, c_load, nvals, unclassified, t_class,
           t_check, c_check, c_check > 0 ? (double)nvals / c_check : 0.0, matched, hits_total);
    for (size_t i = 0; i < nvals; i++)
        free(vals[i].v);
    free(vals);
    ksz_warn_free(ld.w);
    ksz_ioc_global_cleanup();
    return 0;
}
