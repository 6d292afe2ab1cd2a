/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_hunt.c - `kizashi hunt [FILE...]`: look for indicators in logs.
 *
 * The work is the library's (ksz_hunt_run); this file reads the options,
 * finds a snapshot (a file, or one compiled in memory from the store),
 * prints one JSON line per hit, the summary and a progress bar on stderr,
 * and exits like grep: 1 when something hit, 0 when nothing did, 2 on error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <kizashi/hunt.h>
#include <kizashi/snapshot.h>
#include <kizashi/store.h>
#include "cli.h"
#include "input.h"

#define CMD "hunt"
#define FIELDS_MAX 32
#define OUT_FLUSH (64u * 1024u)
#define TOP_INDICATORS 20

struct hunt_cli {
    const struct ksz_snapshot *snap;
    struct ksz_buf out;
    ksz_rc out_rc;
    uint32_t *per_ind;          /* hits per indicator record */
    uint64_t nind;
    struct ksz_hunt_sightings *sightings;
    ksz_rc sight_rc;
    struct ksz_error sight_err;
    bool progress;
    bool progress_shown;
    double last_progress;
    bool any_file_error;
};

static void hunt_usage(FILE *f)
{
    fputs("usage: kizashi hunt [--snapshot FILE | --db PATH] [options] [FILE...]\n"
          "\n"
          "Look for the active indicators in logs and print one JSON line per hit: the\n"
          "time, file, line, log field and observed value, and the indicator's context.\n"
          "FILEs are read in turn (\"-\" is standard input; a directory is walked; .gz and\n"
          ".zst files are read transparently), or standard input when none is given.\n"
          "\n"
          "options:\n"
          "  --snapshot FILE     match against this compiled snapshot (kizashi compile)\n"
          "  --db PATH           compile one in memory from this store (default:\n"
          "                      $KIZASHI_DB, else ./kizashi.db); also where --record writes\n"
          "  --log-format F      squid, clf, combined, zeek, zeek-json, eve, bind, awswaf,\n"
          "                      jsonl or csv (default: detected from each file's first lines)\n"
          "  --field NAME=TYPE   for jsonl and csv: look the field NAME up as TYPE (ip, host,\n"
          "                      domain, url, hash, email) or take it as the time (time);\n"
          "                      repeatable; NAME is a dotted path in JSON, a column in CSV\n"
          "  --at-any-time       ignore the indicators' validity windows\n"
          "  --grace DURATION    widen every validity window by DURATION (30d, 12h, 90m, 45s)\n"
          "  --tlp-max TLP       print nothing above this TLP (clear, green, amber,\n"
          "                      amber+strict, red; default amber)\n"
          "  --threads N         threads to use (default: the number of CPUs)\n"
          "  --record            write the hits to the store as sightings, one per indicator\n"
          "                      and day\n"
          "  --help              print this help and exit\n"
          "\n"
          "A summary goes to standard error, with a progress bar when it is a terminal.\n"
          "exit status: 1 when there were hits, 0 when none, 2 on error (bad option,\n"
          "unreadable file, unknown log format).\n",
          f);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static ksz_rc flush_out(struct hunt_cli *c)
{
    ksz_rc rc = KSZ_OK;
    if (c->out.len > 0 && c->out_rc == KSZ_OK)
        rc = cli_write(CMD, c->out.data, c->out.len);
    if (rc != KSZ_OK)
        c->out_rc = rc;
    ksz_buf_reset(&c->out);
    return c->out_rc;
}

static int on_hit(const struct ksz_hunt_hit *h, void *user)
{
    struct hunt_cli *c = user;
    struct ksz_error err = {0};

    if (ksz_hunt_format_hit(c->snap, h, &c->out, &err) != KSZ_OK) {
        cli_errorf(CMD, "%s", err.msg);
        c->out_rc = err.code;
        return 1;
    }
    if (h->match.indicator < c->nind && c->per_ind != NULL)
        c->per_ind[h->match.indicator]++;
    if (c->sightings != NULL && c->sight_rc == KSZ_OK) {
        c->sight_rc = ksz_hunt_sightings_add(c->sightings, h, &c->sight_err);
        if (c->sight_rc != KSZ_OK)
            cli_errorf(CMD, "%s", c->sight_err.msg);
    }
    if (c->out.len >= OUT_FLUSH && flush_out(c) != KSZ_OK)
        return 1;
    return 0;
}

static void clear_progress(struct hunt_cli *c)
{
    if (c->progress_shown) {
        fputs("\r\033[K", stderr);
        c->progress_shown = false;
    }
}

static void on_malformed(const char *file, uint64_t line, const char *msg, void *user)
{
    struct hunt_cli *c = user;
    clear_progress(c);
    cli_errorf(CMD, "%s:%llu: %s", file, (unsigned long long)line, msg);
}

static void on_file_error(const char *file, const struct ksz_error *err, void *user)
{
    struct hunt_cli *c = user;
    clear_progress(c);
    c->any_file_error = true;
    if (file != NULL && strstr(err->msg, file) == NULL)
        cli_errorf(CMD, "%s: %s", file, err->msg);
    else
        cli_errorf(CMD, "%s", err->msg);
}

static void on_progress(const struct ksz_hunt_stats *st, uint64_t total, void *user)
{
    struct hunt_cli *c = user;
    double t = now_s();
    char bar[31];
    double frac;
    int fill;

    if (!c->progress || st->elapsed < 1.0 || t - c->last_progress < 0.2)
        return;
    c->last_progress = t;
    frac = total > 0 && st->bytes <= total ? (double)st->bytes / (double)total : 0;
    fill = (int)(frac * 30);
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, '.', (size_t)(30 - fill));
    bar[30] = '\0';
    fprintf(stderr, "\r[%s] %3.0f%% %8.1f MB %7.1f MB/s %llu hits", bar, frac * 100,
            (double)st->bytes / 1e6, (double)st->bytes / 1e6 / st->elapsed,
            (unsigned long long)st->hits);
    c->progress_shown = true;
}

static void summary(struct hunt_cli *c, const struct ksz_hunt_stats *st, ksz_tlp tlp_max)
{
    double mb = (double)st->bytes / 1e6;

    clear_progress(c);
    fprintf(stderr,
            "kizashi hunt: %llu files, %llu lines, %.1f MB, %llu malformed, %llu hits",
            (unsigned long long)st->files, (unsigned long long)st->lines, mb,
            (unsigned long long)st->malformed, (unsigned long long)st->hits);
    if (st->withheld > 0)
        fprintf(stderr, " (%llu more above tlp %s withheld)", (unsigned long long)st->withheld,
                ksz_tlp_name(tlp_max));
    fprintf(stderr, ", %.2f s, %.1f MB/s\n", st->elapsed,
            st->elapsed > 0 ? mb / st->elapsed : 0.0);
    if (st->hits == 0 || c->per_ind == NULL)
        return;
    /* the most frequent indicators, most hits first, then record order: one
     * pass over the counters (millions of them) with a small sorted top list */
    {
        uint64_t top[TOP_INDICATORS];
        int ntop = 0;
        for (uint64_t i = 0; i < c->nind; i++) {
            uint32_t n = c->per_ind[i];
            int k;
            if (n == 0 || (ntop == TOP_INDICATORS && n <= c->per_ind[top[ntop - 1]]))
                continue;
            k = ntop < TOP_INDICATORS ? ntop++ : TOP_INDICATORS - 1;
            while (k > 0 && c->per_ind[top[k - 1]] < n) {
                top[k] = top[k - 1];
                k--;
            }
            top[k] = i;
        }
        for (int j = 0; j < ntop; j++) {
            struct ksz_snap_indicator ind;
            if (ksz_snapshot_indicator(c->snap, (uint32_t)top[j], &ind, NULL) == KSZ_OK)
                fprintf(stderr, "  %8u  %-7s %.*s\n", c->per_ind[top[j]],
                        ksz_ioc_type_name(ind.type),
                        (int)(ind.value_len > 200 ? 200 : ind.value_len), ind.value);
        }
    }
}

/* ---- the snapshot ------------------------------------------------------ */

/* Compile the store's active indicators (every TLP: the ceiling is applied
 * to hits) into a snapshot in memory, as `kizashi compile` would write it. */
static ksz_rc compile_from_store(const char *db, struct ksz_snapshot **out, struct ksz_error *err)
{
    struct ksz_store *st = NULL;
    struct ksz_filter f;
    ksz_rc rc;

    if (access(db, F_OK) != 0)
        return ksz_error_set(err, KSZ_ERR_IO, "%s: no such store (give --snapshot or --db)", db);
    ksz_filter_init(&f);
    f.tlp_max = KSZ_TLP_RED;
    f.allow_red = true;
    rc = ksz_store_open(db, &st, err);
    if (rc == KSZ_OK)
        rc = ksz_snapshot_compile_store_mem(st, &f, NULL, out, NULL, err);
    ksz_store_close(st);
    return rc;
}

static ksz_rc record(struct hunt_cli *c, const char *db, struct ksz_error *err)
{
    struct ksz_store *st = NULL;
    ksz_rc rc = ksz_store_open(db, &st, err);

    if (rc == KSZ_OK)
        rc = ksz_hunt_sightings_write(c->sightings, c->snap, st, err);
    ksz_store_close(st);
    if (rc == KSZ_OK)
        fprintf(stderr, "kizashi hunt: recorded %zu sightings in %s\n",
                ksz_hunt_sightings_count(c->sightings), db);
    return rc;
}

/* ---- options ----------------------------------------------------------- */

enum {
    OPT_SNAPSHOT = 256, OPT_DB, OPT_LOG_FORMAT, OPT_FIELD, OPT_AT_ANY_TIME, OPT_GRACE,
    OPT_TLP_MAX, OPT_THREADS, OPT_RECORD, OPT_HELP
};

static const struct option hunt_options[] = {
    {"snapshot", required_argument, NULL, OPT_SNAPSHOT},
    {"db", required_argument, NULL, OPT_DB},
    {"log-format", required_argument, NULL, OPT_LOG_FORMAT},
    {"field", required_argument, NULL, OPT_FIELD},
    {"at-any-time", no_argument, NULL, OPT_AT_ANY_TIME},
    {"grace", required_argument, NULL, OPT_GRACE},
    {"tlp-max", required_argument, NULL, OPT_TLP_MAX},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"record", no_argument, NULL, OPT_RECORD},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

struct hunt_args {
    const char *snapshot;
    const char *db;
    bool record;
    struct ksz_hunt_opts ho;
    struct ksz_match_opts mo;
    struct ksz_log_fieldmap fields[FIELDS_MAX];
};

/* Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct hunt_args *a)
{
    int c;
    struct ksz_error err = {0};

    ksz_hunt_opts_init(&a->ho);
    ksz_match_opts_init(&a->mo);
    a->ho.log.fields = a->fields;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", hunt_options, NULL)) != -1) {
        switch (c) {
        case OPT_SNAPSHOT:
            a->snapshot = optarg;
            break;
        case OPT_DB:
            a->db = optarg;
            break;
        case OPT_LOG_FORMAT:
            if (ksz_log_format_parse(optarg, strlen(optarg), &a->ho.log.format) != KSZ_OK) {
                cli_errorf(CMD, "unknown log format '%s' (squid, clf, combined, zeek, zeek-json, "
                                "eve, bind, awswaf, jsonl, csv)", optarg);
                return CLI_EXIT_ERROR;
            }
            break;
        case OPT_FIELD:
            if (a->ho.log.nfields == FIELDS_MAX) {
                cli_errorf(CMD, "too many --field options (at most %d)", FIELDS_MAX);
                return CLI_EXIT_ERROR;
            }
            if (ksz_log_fieldmap_parse(optarg, &a->fields[a->ho.log.nfields], &err) != KSZ_OK) {
                cli_errorf(CMD, "--field: %s", err.msg);
                return CLI_EXIT_ERROR;
            }
            a->ho.log.nfields++;
            break;
        case OPT_AT_ANY_TIME:
            a->mo.at_any_time = true;
            break;
        case OPT_GRACE:
            if (ksz_hunt_parse_duration(optarg, strlen(optarg), &a->mo.grace) != KSZ_OK) {
                cli_errorf(CMD, "--grace: expected a duration such as 30d, 12h or 3600, got '%s'",
                           optarg);
                return CLI_EXIT_ERROR;
            }
            break;
        case OPT_TLP_MAX:
            if (ksz_tlp_parse(optarg, strlen(optarg), &a->ho.tlp_max) != KSZ_OK ||
                a->ho.tlp_max == KSZ_TLP_UNSET) {
                cli_errorf(CMD, "--tlp-max: expected clear, green, amber, amber+strict or red, "
                                "got '%s'", optarg);
                return CLI_EXIT_ERROR;
            }
            break;
        case OPT_THREADS: {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || n < 1 || n > 64) {
                cli_errorf(CMD, "--threads: expected a number from 1 to 64, got '%s'", optarg);
                return CLI_EXIT_ERROR;
            }
            a->ho.threads = (unsigned)n;
            break;
        }
        case OPT_RECORD:
            a->record = true;
            break;
        case OPT_HELP:
            hunt_usage(stdout);
            return CLI_EXIT_OK;
        default:
            if (optopt != 0 && optopt < 256)
                cli_errorf(CMD, "unknown option '-%c'", optopt);
            else
                cli_errorf(CMD, "unknown option or missing argument: '%s'", argv[optind - 1]);
            hunt_usage(stderr);
            return CLI_EXIT_ERROR;
        }
    }
    if (a->snapshot != NULL && a->db != NULL && !a->record) {
        cli_errorf(CMD, "give --snapshot or --db, not both (unless with --record)");
        return CLI_EXIT_ERROR;
    }
    if (a->db == NULL)
        a->db = getenv("KIZASHI_DB") && *getenv("KIZASHI_DB") ? getenv("KIZASHI_DB")
                                                               : "kizashi.db";
    return -1;
}

int cli_cmd_hunt(int argc, char **argv)
{
    struct hunt_args *a = calloc(1, sizeof *a);
    struct hunt_cli c;
    struct ksz_snapshot *snap = NULL;
    struct ksz_matcher *m = NULL;
    struct ksz_hunt_stats st;
    struct ksz_hunt_cbs cbs;
    struct ksz_error err = {0};
    struct ksz_snapshot_info info;
    int status;
    ksz_rc rc;

    memset(&c, 0, sizeof c);
    ksz_buf_init(&c.out, 0);
    if (a == NULL) {
        cli_errorf(CMD, "out of memory");
        return CLI_EXIT_ERROR;
    }
    status = parse_args(argc, argv, a);
    if (status >= 0)
        goto out;
    status = CLI_EXIT_ERROR;
    if (a->snapshot != NULL)
        rc = ksz_snapshot_open(a->snapshot, &snap, &err);
    else
        rc = compile_from_store(a->db, &snap, &err);
    if (rc == KSZ_OK)
        rc = ksz_matcher_new(snap, &a->mo, &m, &err);
    if (rc != KSZ_OK) {
        cli_errorf(CMD, "%s", err.msg[0] ? err.msg : ksz_strerror(rc));
        goto out;
    }
    ksz_snapshot_get_info(snap, &info);
    c.snap = snap;
    c.nind = info.indicators;
    c.per_ind = calloc(c.nind ? c.nind : 1, sizeof *c.per_ind);
    c.progress = isatty(STDERR_FILENO);
    if (a->record && ksz_hunt_sightings_new(0, &c.sightings, &err) != KSZ_OK) {
        cli_errorf(CMD, "%s", err.msg);
        goto out;
    }
    cbs.hit = on_hit;
    cbs.malformed = on_malformed;
    cbs.file_error = on_file_error;
    cbs.progress = on_progress;
    cbs.user = &c;
    rc = ksz_hunt_run(m, &a->ho, (const char *const *)argv + optind, (size_t)(argc - optind), &cbs,
                      &st, &err);
    if (flush_out(&c) != KSZ_OK && rc == KSZ_OK)
        rc = KSZ_ERR_IO;
    summary(&c, &st, a->ho.tlp_max);
    if (rc != KSZ_OK && !c.any_file_error)
        cli_errorf(CMD, "%s", err.msg[0] ? err.msg : ksz_strerror(rc));
    if (a->record && c.sight_rc == KSZ_OK && record(&c, a->db, &err) != KSZ_OK) {
        cli_errorf(CMD, "--record: %s", err.msg);
        rc = rc == KSZ_OK ? KSZ_ERR_DB : rc;
    }
    if (c.sight_rc != KSZ_OK && rc == KSZ_OK)
        rc = c.sight_rc;
    if (rc != KSZ_OK)
        status = cli_exit_for(rc);
    else
        status = st.hits > 0 ? CLI_EXIT_FOUND : CLI_EXIT_OK;
out:
    ksz_hunt_sightings_free(c.sightings);
    free(c.per_ind);
    ksz_buf_cleanup(&c.out);
    ksz_matcher_free(m);
    ksz_snapshot_close(snap);
    free(a);
    return status;
}
