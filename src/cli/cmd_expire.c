/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_expire.c - `kizashi expire`: find what went inactive since the last
 * run (window ended, score decayed below the threshold, revoked,
 * false-positive, warninglisted), record it in each indicator's history and
 * report it: a JSON line per indicator on stdout, a summary on stderr.
 *
 * Running it twice reports nothing the second time: each indicator is
 * recorded once per time it goes inactive.
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "db.h"
#include "timeopt.h"

#define CMD "expire"

static void expire_usage(FILE *f)
{
    fputs("usage: kizashi expire [options]\n"
          "\n"
          "Find the indicators that have gone inactive since the last run (validity\n"
          "window over, score decayed below the threshold, revoked, marked\n"
          "false-positive, warninglisted), record that in their history, and write\n"
          "one JSON line for each; a summary goes to standard error. Exports leave\n"
          "inactive indicators out whether or not expire has run; expire is the\n"
          "record and the report of the change.\n"
          "\n"
          "options:\n"
          "  --db PATH       the store (default $KIZASHI_DB, else ./kizashi.db)\n"
          "  --now TIME      the time to judge at (RFC 3339 or Unix seconds)\n"
          "  --dry-run       report, but record nothing\n"
          "  --quiet         no JSON lines, only the summary\n"
          "  --help          print this help and exit\n"
          "\n"
          "exit status: 0 ok, 2 a bad option or no store.\n",
          f);
}

#define N_REASONS 6
static const char *const reasons[N_REASONS] = {"expired",  "decayed",        "revoked",
                                               "false-positive", "warninglisted",
                                               "not yet valid"};

struct expire_ctx {
    struct ksz_buf out;
    bool quiet;
    long by_reason[N_REASONS];
    ksz_rc rc;
};

static int expired_cb(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                      void *user)
{
    struct expire_ctx *x = user;
    struct ksz_buf *b = &x->out;
    char tb[32];

    for (int i = 0; i < N_REASONS; i++)
        if (strcmp(state->inactive_reason, reasons[i]) == 0)
            x->by_reason[i]++;
    if (x->quiet || x->rc != KSZ_OK)
        return 0;
    x->rc = ksz_buf_printf(b, "{\"id\":%lld,\"stix_id\":\"%s\",\"type\":\"%s\"",
                           (long long)state->id, ind->stix_id, ksz_ioc_type_name(ind->type));
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "value", ind->value);
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "source", ind->source);
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "reason", state->inactive_reason);
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "valid_until",
                                ind->valid_until ? cli_db_time(ind->valid_until, tb) : NULL);
    if (x->rc == KSZ_OK)
        x->rc = ksz_buf_printf(b, ",\"score\":%.1f}\n", state->score);
    if (x->rc == KSZ_OK && b->len > 65536)
        x->rc = cli_db_flush(CMD, b);
    return 0;
}

int cli_cmd_expire(int argc, char **argv)
{
    struct expire_ctx x;
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    const char *db = NULL, *now = NULL, *v;
    bool dry = false;
    int64_t t = 0;
    size_t n = 0;
    ksz_rc rc;

    memset(&x, 0, sizeof x);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            expire_usage(stdout);
            return CLI_EXIT_OK;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--db", &v)) {
            if ((db = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--now", &v)) {
            if ((now = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (strcmp(a, "--dry-run") == 0) {
            dry = true;
        } else if (strcmp(a, "--quiet") == 0) {
            x.quiet = true;
        } else {
            cli_errorf(CMD, "unknown option or argument '%s' (try 'kizashi expire --help')", a);
            return CLI_EXIT_ERROR;
        }
    }
    if (now != NULL && (!cli_parse_time(now, &t) || t <= 0)) {
        cli_errorf(CMD, "--now: expected RFC 3339 or Unix seconds, not '%s'", now);
        return CLI_EXIT_ERROR;
    }
    rc = cli_db_open(CMD, db, true, &st);
    if (rc != KSZ_OK)
        return cli_exit_for(rc);
    if (t != 0)
        ksz_store_set_now(st, t);
    ksz_buf_init(&x.out, 0);
    rc = ksz_store_begin(st, &err);
    if (rc == KSZ_OK)
        rc = ksz_store_expire(st, expired_cb, &x, &n, &err);
    if (rc == KSZ_OK && x.rc != KSZ_OK)
        rc = x.rc;
    if (rc == KSZ_OK && !dry)
        rc = ksz_store_commit(st, &err);
    else
        ksz_store_rollback(st);
    if (rc != KSZ_OK) {
        cli_errorf(CMD, "%s: %s", cli_db_resolve(db), err.msg[0] ? err.msg : ksz_strerror(rc));
    } else {
        rc = cli_db_flush(CMD, &x.out);
        if (rc == KSZ_OK && fflush(stdout) != 0)
            rc = KSZ_ERR_IO;
        fprintf(stderr, "kizashi expire: %zu indicator%s went inactive%s", n, n == 1 ? "" : "s",
                dry ? " (dry run: nothing recorded)" : "");
        for (int i = 0, k = 0; i < N_REASONS; i++)
            if (x.by_reason[i] > 0)
                fprintf(stderr, "%s%ld %s", k++ ? ", " : ": ", x.by_reason[i], reasons[i]);
        fputc('\n', stderr);
    }
    ksz_buf_cleanup(&x.out);
    ksz_store_close(st);
    return cli_exit_for(rc);
}
