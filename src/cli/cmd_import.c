/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_import.c - `kizashi import [FILE|DIR|-]...`: read STIX, MISP, CSV,
 * JSON lines, plain lists or free text into the store.
 *
 * Each input is one transaction: a bad record leaves the store as it was
 * and exits 2 with the file and the line or byte offset. The summary (what
 * was added, updated, unchanged, flagged, refused) is one JSON line on
 * standard output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <kizashi/formats.h>
#include <kizashi/store.h>
#include "cli.h"
#include "timeopt.h"

#define CMD "import"

static void import_usage(FILE *f)
{
    fputs("usage: kizashi import [options] [FILE|DIR|-]...\n"
          "\n"
          "Read indicators and their context into the store. The format of each input\n"
          "is detected from its content unless --format says it. A directory holding\n"
          "manifest.json is a MISP feed; any other directory is read file by file.\n"
          "With no FILE, standard input is read. Each input is one transaction: on\n"
          "bad input nothing of it is kept. Prints a JSON summary line.\n"
          "\n"
          "options:\n"
          "  --db PATH            the store (default $KIZASHI_DB, else ./kizashi.db)\n"
          "  --format FMT         stix, misp, misp-feed, csv, plain, jsonl or text\n"
          "  --source NAME        the source of records that do not name one\n"
          "  --tlp TLP            clear, green, amber, amber+strict or red, where unset\n"
          "  --confidence N       0..100, where unset\n"
          "  --valid-for DUR      validity window (30d, 12h, 2w, 1y), where unset\n"
          "  --usage LIST         block-proxy-outbound,block-fw-inbound,block-fw-outbound,\n"
          "                       block-dns,block-waf,edr-hash,detect-only, where unset\n"
          "  --threat NAME        a threat every indicator indicates\n"
          "  --tag TAG            a tag added to every indicator (repeatable)\n"
          "  --report TITLE       a report every record belongs to\n"
          "  --column MAP         CSV column mapping: value=ioc,type=kind,...\n"
          "  --delimiter C        CSV delimiter (default: detected; 'tab' for a tab)\n"
          "  --now TIME           the time to use as now (RFC 3339 or Unix seconds)\n"
          "  --dry-run            parse, check and report, but keep nothing\n"
          "  --help               print this help and exit\n"
          "\n"
          "exit status: 0 ok, 2 a bad option or bad input (the store is unchanged).\n",
          f);
}

/* On a terminal only: a counter on one line of stderr. */
static void show_progress(void *user, const char *name, uint64_t records)
{
    (void)user;
    fprintf(stderr, "\rkizashi import: %s: %llu records", name, (unsigned long long)records);
    fflush(stderr);
}

int cli_cmd_import(int argc, char **argv)
{
    struct ksz_import_opts o;
    struct ksz_import_summary sum = {0};
    struct ksz_error err = {0};
    struct ksz_store *st = NULL;
    struct ksz_warn *warn = NULL;
    struct ksz_buf out;
    const char *db = NULL, **tags = NULL;
    char **files = NULL;
    int nfiles = 0, ntags = 0;
    int64_t now = 0;
    bool opts_done = false;
    ksz_rc rc = KSZ_OK;

    ksz_import_opts_init(&o);
    files = calloc((size_t)argc + 1, sizeof *files);
    tags = calloc((size_t)argc + 1, sizeof *tags);
    if (files == NULL || tags == NULL) {
        cli_errorf(CMD, "out of memory");
        free(files);
        free(tags);
        return cli_exit_for(KSZ_ERR_NOMEM);
    }
    for (int i = 1; i < argc && rc == KSZ_OK; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = true;

        if (opts_done || a[0] != '-' || strcmp(a, "-") == 0) {
            files[nfiles++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            opts_done = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            import_usage(stdout);
            free(files);
            free(tags);
            return CLI_EXIT_OK;
        }
        if (strcmp(a, "--dry-run") == 0) {
            o.dry_run = true;
            continue;
        }
        if (v == NULL) {
            cli_errorf(CMD, "unknown option or missing value: '%s' (try 'kizashi import --help')",
                       a);
            rc = KSZ_ERR_INVALID;
            break;
        }
        if (strcmp(a, "--db") == 0) {
            db = v;
        } else if (strcmp(a, "--format") == 0) {
            if (ksz_format_parse(v, strlen(v), &o.format) != KSZ_OK) {
                cli_errorf(CMD, "--format: expected stix, misp, misp-feed, csv, plain, jsonl or "
                           "text, found '%s'", v);
                rc = KSZ_ERR_INVALID;
            }
        } else if (strcmp(a, "--source") == 0) {
            o.defaults.source = v;
        } else if (strcmp(a, "--tlp") == 0) {
            if (ksz_tlp_parse(v, strlen(v), &o.defaults.tlp) != KSZ_OK) {
                cli_errorf(CMD, "--tlp: expected clear, green, amber, amber+strict or red, "
                           "found '%s'", v);
                rc = KSZ_ERR_INVALID;
            }
        } else if (strcmp(a, "--confidence") == 0) {
            char *end;
            long c = strtol(v, &end, 10);
            if (*v == '\0' || *end != '\0' || c < 0 || c > 100) {
                cli_errorf(CMD, "--confidence: expected a number 0..100, found '%s'", v);
                rc = KSZ_ERR_INVALID;
            }
            o.defaults.confidence = (int)c;
        } else if (strcmp(a, "--valid-for") == 0) {
            if (cli_parse_duration(v, &o.defaults.valid_for) != KSZ_OK) {
                cli_errorf(CMD, "--valid-for: expected a duration such as 30d, found '%s'", v);
                rc = KSZ_ERR_INVALID;
            }
        } else if (strcmp(a, "--usage") == 0) {
            if (ksz_usage_parse(v, strlen(v), &o.defaults.usage, &err) != KSZ_OK) {
                cli_errorf(CMD, "--usage: %s", err.msg);
                rc = KSZ_ERR_INVALID;
            }
        } else if (strcmp(a, "--threat") == 0) {
            o.defaults.threat = v;
        } else if (strcmp(a, "--tag") == 0) {
            tags[ntags++] = v;
        } else if (strcmp(a, "--report") == 0) {
            o.defaults.report = v;
        } else if (strcmp(a, "--column") == 0) {
            o.csv.columns = v;
        } else if (strcmp(a, "--delimiter") == 0) {
            if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
                o.csv.delimiter = '\t';
            else if (strlen(v) == 1)
                o.csv.delimiter = v[0];
            else {
                cli_errorf(CMD, "--delimiter: expected one character or 'tab', found '%s'", v);
                rc = KSZ_ERR_INVALID;
            }
        } else if (strcmp(a, "--now") == 0) {
            if (!cli_parse_time(v, &now)) {
                cli_errorf(CMD, "--now: expected an RFC 3339 time or Unix seconds, found '%s'",
                           v);
                rc = KSZ_ERR_INVALID;
            }
        } else {
            takes = false;
            cli_errorf(CMD, "unknown option '%s' (try 'kizashi import --help')", a);
            rc = KSZ_ERR_INVALID;
        }
        if (takes)
            i++;
    }
    o.defaults.tags.items = tags;
    o.defaults.tags.n = (size_t)ntags;
    if (now != 0)
        o.defaults.now = now;
    if (isatty(STDERR_FILENO))
        o.progress = show_progress;
    if (rc == KSZ_OK) {
        rc = ksz_store_open(cli_db_path(db), &st, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s: %s", cli_db_path(db), err.msg);
    }
    if (rc == KSZ_OK && now != 0)
        ksz_store_set_now(st, now);
    if (rc == KSZ_OK) {
        rc = ksz_store_load_warn(st, &warn, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "warninglists: %s", err.msg);
    }
    if (rc == KSZ_OK && nfiles == 0)
        files[nfiles++] = "-";
    for (int i = 0; i < nfiles && rc == KSZ_OK; i++) {
        rc = ksz_import_path(st, warn, &o, files[i], &sum, &err);
        if (rc != KSZ_OK && o.progress != NULL)
            fputs("\r\033[K", stderr);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s", err.msg[0] ? err.msg : ksz_strerror(rc));
    }
    if (o.progress != NULL)
        fputs("\r\033[K", stderr);
    if (rc == KSZ_OK) {
        ksz_buf_init(&out, 0);
        rc = ksz_import_summary_json(&sum, &out);
        if (rc == KSZ_OK && o.dry_run) {
            out.len--;   /* reopen the object */
            rc = ksz_buf_printf(&out, ",\"dry_run\":true}");
        }
        if (rc == KSZ_OK)
            rc = ksz_buf_putc(&out, '\n');
        if (rc == KSZ_OK && fwrite(out.data, 1, out.len, stdout) != out.len)
            rc = KSZ_ERR_IO;
        ksz_buf_cleanup(&out);
        if (fflush(stdout) != 0 && rc == KSZ_OK)
            rc = KSZ_ERR_IO;
        if (rc != KSZ_OK)
            cli_errorf(CMD, "write error");
    }
    ksz_warn_free(warn);
    ksz_store_close(st);
    free(files);
    free(tags);
    return cli_exit_for(rc);
}
