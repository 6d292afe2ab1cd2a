/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_export.c - `kizashi export --format stix|misp|csv|jsonl|plain`: what
 * the filters select, written to standard output or to --output FILE (through
 * ksz_outfile: a regular file is replaced whole or not at all).
 *
 * TLP is enforced here by default: nothing above TLP:AMBER leaves unless
 * --tlp-max says so, and TLP:RED only when named ("--tlp-max red").
 * Warninglisted values stay in only with --include-warninglisted. The
 * output is deterministic: the same store and options give the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kizashi/formats.h>
#include <kizashi/outfile.h>
#include <kizashi/store.h>
#include "cli.h"
#include "export_to.h"
#include "filteropt.h"
#include "timeopt.h"

#define CMD "export"

static void export_usage(FILE *f)
{
    fputs("usage: kizashi export [options]\n"
          "\n"
          "Write the indicators the filters select, with their context, in one format.\n"
          "By default only active indicators up to TLP:AMBER, and no warninglisted value.\n"
          "\n"
          "options:\n"
          "  --db PATH                the store (default $KIZASHI_DB, else ./kizashi.db)\n"
          "  --format FMT             stix, misp, csv, jsonl (default) or plain\n"
          "  -o, --output FILE        write to FILE instead of standard output\n"
          "  --active                 only active indicators (the default)\n"
          "  --all                    inactive indicators too\n"
          "  --type LIST              observable types, e.g. ipv4,domain or ip,hash\n"
          "  --usage LIST             any of these usages\n"
          "  --min-confidence N       confidence at least N\n"
          "  --min-score N            decayed score at least N\n"
          "  --tlp-max TLP            clear, green, amber (default), amber+strict or red\n"
          "  --source NAME            from this source only\n"
          "  --threat NAME            indicating this threat (name, alias or STIX id)\n"
          "  --since TIME             modified at or after TIME (RFC 3339, Unix seconds,\n"
          "                           or a duration back from now such as 7d)\n"
          "  --include-warninglisted  keep values that are on a warninglist\n"
          "  --now TIME               the time to use as now\n"
          "  --to TARGET              a blocklist for a device instead: suricata, snort,\n"
          "                           zeek-intel, rpz, nftables, ipset, squid, awswaf, edl\n"
          "                           or plain (see `kizashi export --to TARGET --help`)\n"
          "  --help                   print this help and exit\n"
          "\n"
          "exit status: 0 ok, 2 a bad option or an error.\n",
          f);
}

struct out {
    struct ksz_outfile *of; /* --output; NULL: standard output */
    struct ksz_error err;   /* the output's own error */
};

static ksz_rc write_out(void *user, const char *buf, size_t len)
{
    struct out *o = user;

    if (o->of != NULL)
        return ksz_outfile_write(o->of, buf, len, &o->err);
    return fwrite(buf, 1, len, stdout) == len ? KSZ_OK : KSZ_ERR_IO;
}

int cli_cmd_export(int argc, char **argv)
{
    struct ksz_filter f;
    struct ksz_error err = {0};
    struct ksz_store *st = NULL;
    ksz_format fmt = KSZ_FORMAT_JSONL;
    const char *db = NULL, *output = NULL, *since = NULL;
    int64_t now = 0;
    struct out out = {0};
    ksz_rc rc = KSZ_OK;

    /* A device blocklist has its own options and rules (docs/blocklists.md). */
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--to") == 0 || strncmp(argv[i], "--to=", 5) == 0)
            return cli_export_to(argc, argv);

    ksz_filter_init(&f);
    for (int i = 1; i < argc && rc == KSZ_OK; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            export_usage(stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(a, "--active") == 0) {
            f.active_only = true;
            continue;
        } else if (strcmp(a, "--all") == 0) {
            f.active_only = false;
            continue;
        } else if (strcmp(a, "--include-warninglisted") == 0) {
            f.include_warned = true;
            continue;
        }
        if (a[0] != '-' || v == NULL) {
            cli_errorf(CMD, "%s '%s' (try 'kizashi export --help')",
                       a[0] != '-' ? "unexpected argument" : "unknown option or missing value:",
                       a);
            rc = KSZ_ERR_INVALID;
            break;
        }
        i++;
        if (strcmp(a, "--db") == 0) {
            db = v;
        } else if (strcmp(a, "--format") == 0) {
            if (ksz_format_parse(v, strlen(v), &fmt) != KSZ_OK || fmt == KSZ_FORMAT_AUTO ||
                fmt == KSZ_FORMAT_TEXT || fmt == KSZ_FORMAT_MISP_FEED) {
                cli_errorf(CMD, "--format: expected stix, misp, csv, jsonl or plain, found '%s'",
                           v);
                rc = KSZ_ERR_INVALID;
            }
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            output = v;
        } else if (cli_filter_option(CMD, a, v, &f, &rc)) {
            /* applied to f */
        } else if (strcmp(a, "--since") == 0) {
            since = v;
        } else if (strcmp(a, "--now") == 0) {
            if (!cli_parse_time(v, &now)) {
                cli_errorf(CMD, "--now: expected an RFC 3339 time or Unix seconds, found '%s'",
                           v);
                rc = KSZ_ERR_INVALID;
            }
        } else {
            cli_errorf(CMD, "unknown option '%s' (try 'kizashi export --help')", a);
            rc = KSZ_ERR_INVALID;
        }
    }
    if (now != 0)
        f.now = now;
    if (rc == KSZ_OK && since != NULL) {
        int64_t d;
        if (cli_parse_duration(since, &d) == KSZ_OK && since[strlen(since) - 1] >= 'a') {
            f.since = f.now - d;
        } else if (!cli_parse_time(since, &f.since)) {
            cli_errorf(CMD, "--since: expected a time or a duration such as 7d, found '%s'",
                       since);
            rc = KSZ_ERR_INVALID;
        }
    }
    if (rc == KSZ_OK) {
        rc = ksz_store_open(cli_db_path(db), &st, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s: %s", cli_db_path(db), err.msg);
    }
    if (rc == KSZ_OK && now != 0)
        ksz_store_set_now(st, now);
    if (rc == KSZ_OK && output != NULL) {
        rc = ksz_outfile_open(output, &out.of, &out.err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s", out.err.msg);
    }
    if (rc == KSZ_OK) {
        rc = ksz_export(st, &f, fmt, write_out, &out, &err);
        if (rc != KSZ_OK && out.err.msg[0] != '\0')
            cli_errorf(CMD, "%s", out.err.msg);
        else if (rc != KSZ_OK)
            cli_errorf(CMD, "%s", err.msg[0] ? err.msg : ksz_strerror(rc));
    }
    if (rc == KSZ_OK && out.of != NULL) {
        rc = ksz_outfile_commit(out.of, &out.err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s", out.err.msg);
    }
    ksz_outfile_close(out.of); /* without a commit, FILE is as it was */
    if (output == NULL && fflush(stdout) != 0 && rc == KSZ_OK) {
        cli_errorf(CMD, "write error");
        rc = KSZ_ERR_IO;
    }
    ksz_store_close(st);
    return cli_exit_for(rc);
}
