/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_stats.c - `kizashi stats`: what the store holds: totals, indicators by
 * type, active and inactive (by reason, with the test exports use), by
 * source and by TLP.
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "db.h"

#define CMD "stats"

static void stats_usage(FILE *f)
{
    fputs("usage: kizashi stats [options]\n"
          "\n"
          "Count what the store holds: totals (indicators, observables, threats,\n"
          "reports, relationships, sightings, sources, warninglists), indicators by\n"
          "type, active and inactive by reason (revoked, false-positive,\n"
          "warninglisted, not yet valid, expired, decayed), by source and by TLP.\n"
          "Writes one JSON document, or a table with --format text.\n"
          "\n"
          "options:\n"
          "  --db PATH       the store (default $KIZASHI_DB, else ./kizashi.db)\n"
          "  --format FMT    json (default) or text\n"
          "  --help          print this help and exit\n"
          "\n"
          "exit status: 0 ok, 2 a bad option or no store.\n",
          f);
}

struct stats_ctx {
    struct ksz_buf out;
    bool text;
    char group[32];
    ksz_rc rc;
};

static int stat_cb(const char *group, const char *key, int64_t count, void *user)
{
    struct stats_ctx *x = user;
    struct ksz_buf *b = &x->out;
    char name[64];
    bool first = strcmp(x->group, group) != 0;

    if (strcmp(group, "type") == 0) {
        snprintf(name, sizeof name, "%s", ksz_ioc_type_name((ksz_ioc_type)atoi(key)));
        key = name;
    }
    if (x->text) {
        if (first)
            x->rc = ksz_buf_printf(b, "%s%s:\n", x->group[0] ? "\n" : "", group);
        if (x->rc == KSZ_OK)
            x->rc = ksz_buf_printf(b, "  %-24s %lld\n", key, (long long)count);
    } else {
        if (first)
            x->rc = ksz_buf_printf(b, "%s\"%s\":{", x->group[0] ? "}," : "{", group);
        else
            x->rc = ksz_buf_putc(b, ',');
        if (x->rc == KSZ_OK)
            x->rc = ksz_buf_putc(b, '"');
        if (x->rc == KSZ_OK)
            x->rc = ksz_buf_json_str(b, key, strlen(key));
        if (x->rc == KSZ_OK)
            x->rc = ksz_buf_printf(b, "\":%lld", (long long)count);
    }
    snprintf(x->group, sizeof x->group, "%s", group);
    return x->rc != KSZ_OK;
}

int cli_cmd_stats(int argc, char **argv)
{
    struct stats_ctx x;
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    const char *db = NULL, *format = NULL, *v;
    ksz_rc rc;

    memset(&x, 0, sizeof x);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            stats_usage(stdout);
            return CLI_EXIT_OK;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--db", &v)) {
            if ((db = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--format", &v)) {
            if ((format = v) == NULL)
                return CLI_EXIT_ERROR;
        } else {
            cli_errorf(CMD, "unknown option or argument '%s' (try 'kizashi stats --help')", a);
            return CLI_EXIT_ERROR;
        }
    }
    if (format != NULL && strcmp(format, "json") != 0 && strcmp(format, "text") != 0) {
        cli_errorf(CMD, "--format: expected json or text, not '%s'", format);
        return CLI_EXIT_ERROR;
    }
    x.text = format != NULL && strcmp(format, "text") == 0;
    rc = cli_db_open(CMD, db, true, &st);
    if (rc == KSZ_OK) {
        ksz_buf_init(&x.out, 0);
        rc = ksz_store_stats(st, stat_cb, &x, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s: %s", cli_db_resolve(db), err.msg);
        else
            rc = x.rc;
        if (rc == KSZ_OK && !x.text)
            rc = ksz_buf_append(&x.out, "}}\n", 3);
        if (rc == KSZ_OK)
            rc = cli_db_flush(CMD, &x.out);
        ksz_buf_cleanup(&x.out);
    }
    ksz_store_close(st);
    if (rc == KSZ_OK && fflush(stdout) != 0)
        rc = KSZ_ERR_IO;
    return cli_exit_for(rc);
}
