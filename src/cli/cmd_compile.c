/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_compile.c - `kizashi compile [-o FILE] [filters]`: compile the active
 * indicators of the store into a snapshot for `kizashi hunt`; and
 * `kizashi compile --verify FILE`: check a snapshot's checksum and describe
 * it.
 *
 * The compile itself is the library's (ksz_snapshot_compile_store); this
 * file reads the options and prints the summary.
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

/* A value the store took but the snapshot cannot key: say so; the compile goes on. */
static void on_refused(const struct ksz_indicator *ind, const struct ksz_error *why, void *user)
{
    (void)ind;
    (void)user;
    cli_errorf(CMD, "left out: %s", why->msg);
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
    struct ksz_snapshot_compile_opts opts = {.refused = on_refused};
    struct ksz_snapshot_compile_stats stats;
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    double t0 = now_ms();
    ksz_rc rc;
    FILE *probe;

    probe = fopen(db, "rb");
    if (probe == NULL) {
        cli_errorf(CMD, "%s: no such store (give --db)", db);
        return KSZ_ERR_IO;
    }
    fclose(probe);
    rc = ksz_store_open(db, &st, &err);
    if (rc == KSZ_OK)
        rc = ksz_snapshot_compile_store(st, f, &opts, out, &stats, &err);
    if (rc == KSZ_OK) {
        double ms = now_ms() - t0;
        fprintf(stderr, "kizashi compile: %zu indicators into %s (%llu bytes", stats.added, out,
                (unsigned long long)stats.size);
        if (stats.added > 0)
            fprintf(stderr, ", %.1f bytes per indicator", (double)stats.size / (double)stats.added);
        fprintf(stderr, "); %zu of other types skipped, %zu left out; %.0f ms\n", stats.skipped,
                stats.refused, ms);
    } else {
        cli_errorf(CMD, "%s", err.msg);
    }
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
