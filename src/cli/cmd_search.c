/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_search.c - `kizashi search [VALUE] [options]`: find indicators by
 * value (an IP also finds the CIDRs holding it, a domain its parents), type,
 * threat, tag, source or text.
 *
 * Like grep, it exits 1 when nothing matched. Every claim is listed, active
 * or not, TLP:RED included: this is the analyst's view of the local store;
 * --active narrows it to what an export would carry.
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "db.h"

#define CMD "search"

static void search_usage(FILE *f)
{
    fputs("usage: kizashi search [VALUE] [options]\n"
          "\n"
          "Find indicators in the store. VALUE is an indicator (its type is guessed):\n"
          "an IP address also finds the CIDRs that hold it, a domain also its parent\n"
          "domains. The other options narrow the search, or search without a VALUE.\n"
          "Writes one JSON line per claim (one source's indicator), ordered by type,\n"
          "value and source.\n"
          "\n"
          "options:\n"
          "  --db PATH          the store (default $KIZASHI_DB, else ./kizashi.db)\n"
          "  --type TYPES       only these types (ipv4,domain,...; ip, cidr, hash);\n"
          "                     with VALUE, the type VALUE is read as\n"
          "  --threat NAME      indicating this threat (name, alias or STIX id)\n"
          "  --tag TAG          carrying this tag or label\n"
          "  --source NAME      from this source\n"
          "  --text QUERY       full-text query over descriptions and report texts\n"
          "                     (SQLite FTS5 syntax: words, \"phrases\", OR, prefix*)\n"
          "  --exact            VALUE only: no containing CIDRs, no parent domains\n"
          "  --active           only indicators active now\n"
          "  --limit N          at most N results\n"
          "  --format FMT       jsonl (default) or text\n"
          "  --help             print this help and exit\n"
          "\n"
          "exit status: 0 found, 1 nothing found, 2 a bad option or no store.\n",
          f);
}

struct search_ctx {
    struct ksz_buf out;
    bool text;
    long limit, n;
    ksz_rc rc;
};

static int search_row(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                      void *user)
{
    struct search_ctx *x = user;
    char tb[32], tb2[32];

    if (x->text) {
        x->rc = ksz_buf_printf(&x->out, "%-8s %s  source=%s tlp=%s confidence=%d score=%.1f %s%s"
                                        "  valid=%s..%s\n",
                               ksz_ioc_type_name(ind->type), ind->value, ind->source,
                               ksz_tlp_name(ind->tlp), ind->confidence, state->score,
                               state->active ? "active" : "inactive:",
                               state->active ? "" : state->inactive_reason,
                               cli_db_time(ind->valid_from, tb), cli_db_time(ind->valid_until, tb2));
    } else {
        x->rc = ksz_buf_putc(&x->out, '{');
        if (x->rc == KSZ_OK)
            x->rc = cli_db_json_indicator(&x->out, ind, state);
        if (x->rc == KSZ_OK)
            x->rc = ksz_buf_append(&x->out, "}\n", 2);
    }
    if (x->rc == KSZ_OK && x->out.len > 65536)
        x->rc = cli_db_flush(CMD, &x->out);
    x->n++;
    return x->rc != KSZ_OK || (x->limit > 0 && x->n >= x->limit);
}

int cli_cmd_search(int argc, char **argv)
{
    struct search_ctx x;
    struct ksz_filter f;
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    const char *db = NULL, *types = NULL, *value = NULL, *limit = NULL, *format = NULL, *v;
    char *canon = NULL;
    bool exact = false, active = false, criteria = false;
    ksz_ioc_type vtype = KSZ_IOC_NONE;
    ksz_ioc_typeset set = 0;
    ksz_rc rc = KSZ_OK;
    int status;

    memset(&x, 0, sizeof x);
    ksz_filter_init(&f);
    f.active_only = false;
    f.tlp_max = KSZ_TLP_RED;
    f.allow_red = true;
    f.include_warned = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            search_usage(stdout);
            return CLI_EXIT_OK;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--db", &v)) {
            if ((db = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--type", &v)) {
            if ((types = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--threat", &v)) {
            if ((f.threat = v) == NULL)
                return CLI_EXIT_ERROR;
            criteria = true;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--tag", &v)) {
            if ((f.tag = v) == NULL)
                return CLI_EXIT_ERROR;
            criteria = true;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--source", &v)) {
            if ((f.source = v) == NULL)
                return CLI_EXIT_ERROR;
            criteria = true;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--text", &v)) {
            if ((f.text = v) == NULL)
                return CLI_EXIT_ERROR;
            criteria = true;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--limit", &v)) {
            if ((limit = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--format", &v)) {
            if ((format = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (strcmp(a, "--exact") == 0) {
            exact = true;
        } else if (strcmp(a, "--active") == 0) {
            active = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_errorf(CMD, "unknown option '%s' (try 'kizashi search --help')", a);
            return CLI_EXIT_ERROR;
        } else if (value != NULL) {
            cli_errorf(CMD, "one VALUE at a time (got '%s' after '%s')", a, value);
            return CLI_EXIT_ERROR;
        } else {
            value = a;
            criteria = true;
        }
    }
    if (format != NULL && strcmp(format, "jsonl") != 0 && strcmp(format, "text") != 0) {
        cli_errorf(CMD, "--format: expected jsonl or text, not '%s'", format);
        return CLI_EXIT_ERROR;
    }
    x.text = format != NULL && strcmp(format, "text") == 0;
    if (limit != NULL) {
        char *end = NULL;
        x.limit = strtol(limit, &end, 10);
        if (end == limit || *end != '\0' || x.limit <= 0) {
            cli_errorf(CMD, "--limit: expected a positive number, not '%s'", limit);
            return CLI_EXIT_ERROR;
        }
    }
    if (types != NULL) {
        if (value != NULL) {
            if (ksz_ioc_type_from_name(types, strlen(types), &vtype) != KSZ_OK) {
                cli_errorf(CMD, "--type: unknown type '%s'", types);
                return CLI_EXIT_ERROR;
            }
        } else if (ksz_ioc_typeset_parse(types, strlen(types), &set, &err) != KSZ_OK) {
            cli_errorf(CMD, "--type: %s", err.msg);
            return CLI_EXIT_ERROR;
        }
        f.types = set;
        criteria = true;
    }
    if (!criteria) {
        cli_errorf(CMD, "nothing to search for: give a VALUE or an option (try 'kizashi search "
                        "--help')");
        return CLI_EXIT_ERROR;
    }
    f.active_only = active;
    f.value_related = !exact;
    if (value != NULL) {
        canon = malloc(KSZ_IOC_VALUE_MAX + 1);
        if (canon == NULL) {
            cli_errorf(CMD, "out of memory");
            return CLI_EXIT_ERROR;
        }
    }
    if (rc == KSZ_OK)
        rc = cli_db_open(CMD, db, true, &st);
    if (rc == KSZ_OK && value != NULL)
        rc = cli_db_target(CMD, st, value, vtype, &f, canon);
    if (rc == KSZ_OK) {
        f.now = ksz_store_now(st);
        ksz_buf_init(&x.out, 0);
        rc = ksz_store_each_indicator(st, &f, search_row, &x, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s: %s", cli_db_resolve(db), err.msg);
        else if (x.rc != KSZ_OK)
            rc = x.rc;
        if (rc == KSZ_OK)
            rc = cli_db_flush(CMD, &x.out);
        ksz_buf_cleanup(&x.out);
    }
    ksz_store_close(st);
    free(canon);
    if (rc != KSZ_OK)
        return cli_exit_for(rc);
    status = x.n > 0 ? CLI_EXIT_OK : CLI_EXIT_FOUND;
    if (fflush(stdout) != 0)
        status = CLI_EXIT_ERROR;
    return status;
}
