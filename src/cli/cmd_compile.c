/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_compile.c - `kizashi compile [-o FILE] [filters]`: compile the active
 * indicators of the store into a snapshot for `kizashi hunt`; and
 * `kizashi compile --verify FILE`: check a snapshot's checksum and describe
 * it.
 *
 * The store names threats and reports by STIX id; the snapshot keeps their
 * names and titles, so the hunter can print context without the store. Both
 * are read once, before the indicators, into sorted tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <kizashi/snapshot.h>
#include <kizashi/store.h>
#include "cli.h"
#include "filteropt.h"

#define CMD "compile"

static void compile_usage(FILE *f)
{
    fputs("usage: kizashi compile [-o FILE] [OPTIONS]\n"
          "       kizashi compile --verify FILE\n"
          "\n"
          "Compile the store's active indicators (IPs, networks, domains, URLs, e-mail\n"
          "addresses, hashes) with their context into one immutable snapshot file that\n"
          "`kizashi hunt` maps into memory. The file is written under a\n"
          "temporary name in the same directory and renamed, so a hunter reading the\n"
          "old file is never disturbed. A summary goes to standard error.\n"
          "\n"
          "options:\n"
          "  -o, --output FILE     the snapshot to write (default: kizashi.snap)\n"
          "  --db PATH             the store (default $KIZASHI_DB, else ./kizashi.db)\n"
          "  --type LIST           only these types, comma-separated (ip, cidr, domain,\n"
          "                        url, email, hash, or single type names)\n"
          "  --usage LIST          only indicators allowed any of these usages\n"
          "                        (block-proxy-outbound, block-dns, detect-only, ...)\n"
          "  --min-score N         only indicators whose decayed score is at least N\n"
          "  --min-confidence N    only indicators with confidence at least N\n"
          "  --source NAME         only indicators from this source\n"
          "  --threat NAME         only indicators of this threat (name, alias or STIX id)\n"
          "  --tlp-max TLP         leave out what is above this TLP (default: amber)\n"
          "  --now TIME            judge activity at this Unix time (default: now)\n"
          "  --verify FILE         check FILE's checksum and print what it holds;\n"
          "                        compiles nothing\n"
          "  --help                print this help and exit\n"
          "\n"
          "exit status: 0 ok, 2 a bad option, an unreadable store or a damaged snapshot.\n",
          f);
}

/* STIX id -> name, sorted for bsearch. */
struct name_map {
    char **ids, **names;
    size_t n, cap;
    bool oom;
};

static void map_add(struct name_map *m, const char *id, const char *name)
{
    if (id == NULL || name == NULL || m->oom)
        return;
    if (m->n == m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 64;
        char **a = realloc(m->ids, nc * sizeof *a), **b;
        if (a == NULL) {
            m->oom = true;
            return;
        }
        m->ids = a;
        b = realloc(m->names, nc * sizeof *b);
        if (b == NULL) {
            m->oom = true;
            return;
        }
        m->names = b;
        m->cap = nc;
    }
    m->ids[m->n] = strdup(id);
    m->names[m->n] = strdup(name);
    if (m->ids[m->n] == NULL || m->names[m->n] == NULL) {
        free(m->ids[m->n]);
        free(m->names[m->n]);
        m->oom = true;
        return;
    }
    m->n++;
}

static struct name_map *sort_map;

static int cmp_idx(const void *a, const void *b)
{
    return strcmp(sort_map->ids[*(const size_t *)a], sort_map->ids[*(const size_t *)b]);
}

static void map_sort(struct name_map *m)
{
    size_t *idx = malloc((m->n ? m->n : 1) * sizeof *idx);
    char **ids = malloc((m->n ? m->n : 1) * sizeof *ids);
    char **names = malloc((m->n ? m->n : 1) * sizeof *names);
    if (idx == NULL || ids == NULL || names == NULL) {
        m->oom = true;
        free(idx);
        free(ids);
        free(names);
        return;
    }
    for (size_t i = 0; i < m->n; i++)
        idx[i] = i;
    sort_map = m;
    qsort(idx, m->n, sizeof *idx, cmp_idx);
    for (size_t i = 0; i < m->n; i++) {
        ids[i] = m->ids[idx[i]];
        names[i] = m->names[idx[i]];
    }
    free(m->ids);
    free(m->names);
    free(idx);
    m->ids = ids;
    m->names = names;
}

static const char *map_get(const struct name_map *m, const char *id)
{
    size_t lo = 0, hi = m->n;
    if (id == NULL)
        return NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m->ids[mid], id);
        if (c == 0)
            return m->names[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static void map_free(struct name_map *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->ids[i]);
        free(m->names[i]);
    }
    free(m->ids);
    free(m->names);
}

static int on_threat(const struct ksz_threat *t, void *user)
{
    map_add(user, t->stix_id, t->name);
    return 0;
}

static int on_report(const struct ksz_report *r, void *user)
{
    map_add(user, r->stix_id, r->title);
    return 0;
}

struct compile_ctx {
    struct ksz_snapshot_writer *w;
    struct name_map threats, reports;
    size_t seen, added, refused;
    ksz_rc rc;
    struct ksz_error *err;
};

static int on_indicator(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                        void *user)
{
    struct compile_ctx *c = user;
    struct ksz_indicator copy = *ind;
    const char *names[64];
    struct ksz_error aerr;
    size_t n = ind->threats.n < 64 ? ind->threats.n : 64;
    bool added = false;
    ksz_rc rc;

    c->seen++;
    for (size_t i = 0; i < n; i++) {
        const char *nm = map_get(&c->threats, ind->threats.items[i]);
        names[i] = nm ? nm : ind->threats.items[i];
    }
    copy.threats.items = names;
    copy.threats.n = n;
    {
        const char *title = map_get(&c->reports, ind->report);
        if (title != NULL)
            copy.report = title;
    }
    rc = ksz_snapshot_writer_add(c->w, &copy, state ? state->score : -1.0, &added, &aerr);
    if (rc == KSZ_ERR_PARSE) {
        /* a value the store accepted but the snapshot cannot key: say so, go on */
        cli_errorf(CMD, "left out: %s", aerr.msg);
        c->refused++;
        return 0;
    }
    if (rc != KSZ_OK) {
        c->rc = ksz_error_set(c->err, rc, "%s", aerr.msg);
        return 1;
    }
    if (added)
        c->added++;
    return 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int verify_file(const char *path)
{
    struct ksz_snapshot *s = NULL;
    struct ksz_snapshot_info info;
    struct ksz_error err = {0};
    ksz_rc rc;

    rc = ksz_snapshot_open(path, &s, &err);
    if (rc != KSZ_OK) {
        cli_errorf(CMD, "%s", err.msg);
        return cli_exit_for(rc);
    }
    rc = ksz_snapshot_verify(s, &err);
    if (rc != KSZ_OK) {
        cli_errorf(CMD, "%s: %s", path, err.msg);
        ksz_snapshot_close(s);
        return cli_exit_for(rc);
    }
    ksz_snapshot_get_info(s, &info);
    printf("%s: ok\n", path);
    printf("version %u, built %lld, %llu bytes, checksum %016llx\n", info.version,
           (long long)info.build_time, (unsigned long long)info.file_size,
           (unsigned long long)info.checksum);
    printf("indicators %llu, string bytes %llu\n", (unsigned long long)info.indicators,
           (unsigned long long)info.string_bytes);
    for (int t = 1; t < KSZ_IOC__COUNT; t++)
        if (info.records[t] > 0)
            printf("  %-8s %llu records, %llu keys\n", ksz_ioc_type_name((ksz_ioc_type)t),
                   (unsigned long long)info.records[t], (unsigned long long)info.keys[t]);
    ksz_snapshot_close(s);
    return CLI_EXIT_OK;
}

static const char *db_path(const char *db)
{
    const char *env = getenv("KIZASHI_DB");
    if (db != NULL)
        return db;
    return env != NULL && *env ? env : "./kizashi.db";
}

static ksz_rc compile(const char *db, const char *out, const struct ksz_filter *f)
{
    struct compile_ctx c;
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    uint64_t size = 0;
    double t0 = now_ms();
    ksz_rc rc;
    FILE *probe;

    memset(&c, 0, sizeof c);
    c.err = &err;
    probe = fopen(db, "rb");
    if (probe == NULL) {
        cli_errorf(CMD, "%s: no such store (give --db)", db);
        return KSZ_ERR_IO;
    }
    fclose(probe);
    rc = ksz_store_open(db, &st, &err);
    if (rc == KSZ_OK)
        rc = ksz_snapshot_writer_new(&c.w, &err);
    if (rc == KSZ_OK)
        rc = ksz_store_each_threat(st, NULL, on_threat, &c.threats, &err);
    if (rc == KSZ_OK)
        rc = ksz_store_each_report(st, NULL, on_report, &c.reports, &err);
    if (rc == KSZ_OK && (c.threats.oom || c.reports.oom))
        rc = ksz_error_set(&err, KSZ_ERR_NOMEM, "out of memory");
    if (rc == KSZ_OK) {
        map_sort(&c.threats);
        map_sort(&c.reports);
        c.rc = KSZ_OK;
        rc = ksz_store_each_indicator(st, f, on_indicator, &c, &err);
        if (rc == KSZ_OK)
            rc = c.rc;
    }
    if (rc == KSZ_OK)
        rc = ksz_snapshot_writer_write_file(c.w, out, &size, &err);
    if (rc == KSZ_OK) {
        double ms = now_ms() - t0;
        fprintf(stderr,
                "kizashi compile: %zu indicators into %s (%llu bytes", c.added, out,
                (unsigned long long)size);
        if (c.added > 0)
            fprintf(stderr, ", %.1f bytes per indicator", (double)size / (double)c.added);
        fprintf(stderr, "); %zu of other types skipped, %zu left out; %.0f ms\n",
                c.seen - c.added - c.refused, c.refused, ms);
    } else {
        cli_errorf(CMD, "%s", err.msg);
    }
    map_free(&c.threats);
    map_free(&c.reports);
    ksz_snapshot_writer_free(c.w);
    ksz_store_close(st);
    return rc;
}

int cli_cmd_compile(int argc, char **argv)
{
    struct ksz_filter f;
    struct ksz_error err = {0};
    const char *db = NULL, *out = "kizashi.snap", *verify = NULL;
    ksz_ioc_typeset matchable = 0;
    ksz_rc frc = KSZ_OK;

    ksz_filter_init(&f);
    for (int t = KSZ_IOC_IPV4; t <= KSZ_IOC_SHA512; t++)
        matchable |= KSZ_IOC_BIT(t);
    f.types = matchable;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            compile_usage(stdout);
            return CLI_EXIT_OK;
        }
        if (v == NULL) {
            cli_errorf(CMD, "unknown option or missing value: '%s' (try 'kizashi compile --help')",
                       a);
            return CLI_EXIT_ERROR;
        }
        i++;
        if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            out = v;
        } else if (strcmp(a, "--db") == 0) {
            db = v;
        } else if (strcmp(a, "--verify") == 0) {
            verify = v;
        } else if (strcmp(a, "--type") == 0) {
            ksz_ioc_typeset ts = 0;
            if (ksz_ioc_typeset_parse(v, strlen(v), &ts, &err) != KSZ_OK) {
                cli_errorf(CMD, "--type: %s", err.msg);
                return CLI_EXIT_ERROR;
            }
            f.types = ts & matchable;
            if (f.types == 0) {
                cli_errorf(CMD, "--type: none of '%s' can be matched in logs", v);
                return CLI_EXIT_ERROR;
            }
        } else if (cli_filter_option(CMD, a, v, &f, &frc)) {
            if (frc != KSZ_OK)
                return CLI_EXIT_ERROR;
        } else if (strcmp(a, "--now") == 0) {
            char *end = NULL;
            long long t = strtoll(v, &end, 10);
            if (end == v || *end != '\0' || t <= 0) {
                cli_errorf(CMD, "--now: expected Unix seconds, got '%s'", v);
                return CLI_EXIT_ERROR;
            }
            f.now = (int64_t)t;
        } else {
            cli_errorf(CMD, "unknown option '%s' (try 'kizashi compile --help')", a);
            return CLI_EXIT_ERROR;
        }
    }
    if (verify != NULL)
        return verify_file(verify);
    return cli_exit_for(compile(db_path(db), out, &f));
}
