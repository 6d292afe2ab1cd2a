/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_mark.c - `kizashi revoke`, `kizashi false-positive`, `kizashi unmark`:
 * explicit, dated marks on indicators, kept in their history.
 *
 * A VALUE marks every source's claim about it (or one source's, with
 * --source); an ID marks that claim. A marked indicator is inactive: exports
 * leave it out. unmark lifts this store's revoke and false-positive marks
 * (a revocation that came from the source itself stays).
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "db.h"

static void mark_usage(FILE *f, const char *cmd)
{
    fprintf(f,
            "usage: kizashi %s ID|VALUE [options]\n"
            "\n",
            cmd);
    if (strcmp(cmd, "revoke") == 0)
        fputs("Revoke an indicator here: it becomes inactive and leaves every export.\n", f);
    else if (strcmp(cmd, "false-positive") == 0)
        fputs("Mark an indicator as a false positive: it becomes inactive and leaves\n"
              "every export.\n",
              f);
    else
        fputs("Lift the revoke and false-positive marks made here on an indicator.\n", f);
    fputs("The mark is dated and kept in the indicator's history with the reason.\n"
          "VALUE is an indicator (its type is guessed) and marks every source's\n"
          "claim about it; ID is a STIX id (indicator--...) or a row id as printed\n"
          "by search, and marks that claim. Writes one JSON line per claim.\n"
          "\n"
          "options:\n"
          "  --db PATH        the store (default $KIZASHI_DB, else ./kizashi.db)\n"
          "  --reason TEXT    why, kept in the history\n"
          "  --source NAME    only this source's claim\n"
          "  --type TYPE      read VALUE as this type\n"
          "  --help           print this help and exit\n"
          "\n"
          "exit status: 0 marked (or already so), 1 not in the store, 2 a bad option,\n"
          "a bad VALUE or no store.\n",
          f);
}

struct ids {
    int64_t *id;
    size_t n, cap;
    bool nomem;
};

static int collect(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                   void *user)
{
    struct ids *x = user;

    (void)ind;
    if (x->n == x->cap) {
        size_t nc = x->cap ? x->cap * 2 : 16;
        int64_t *p = realloc(x->id, nc * sizeof *p);
        if (p == NULL) {
            x->nomem = true;
            return 1;
        }
        x->id = p;
        x->cap = nc;
    }
    x->id[x->n++] = state->id;
    return 0;
}

struct report {
    struct ksz_buf *out;
    const char *mark;
    bool changed;
    ksz_rc rc;
};

static int report_cb(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                     void *user)
{
    struct report *r = user;

    r->rc = ksz_buf_printf(r->out, "{\"id\":%lld,\"stix_id\":\"%s\",\"type\":\"%s\"",
                           (long long)state->id, ind->stix_id, ksz_ioc_type_name(ind->type));
    if (r->rc == KSZ_OK)
        r->rc = cli_db_json_str(r->out, "value", ind->value);
    if (r->rc == KSZ_OK)
        r->rc = cli_db_json_str(r->out, "source", ind->source);
    if (r->rc == KSZ_OK)
        r->rc = ksz_buf_printf(r->out, ",\"mark\":\"%s\",\"changed\":%s,\"active\":%s}\n",
                               r->mark, r->changed ? "true" : "false",
                               state->active ? "true" : "false");
    return 1;
}

static int mark_main(const char *cmd, ksz_mark mark, int argc, char **argv)
{
    struct ksz_filter f;
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    struct ids ids = {0};
    struct ksz_buf out;
    const char *db = NULL, *reason = NULL, *type = NULL, *target = NULL, *v;
    char *canon;
    ksz_ioc_type vtype = KSZ_IOC_NONE;
    ksz_rc rc;
    int status = CLI_EXIT_OK;

    ksz_filter_init(&f);
    f.active_only = false;
    f.tlp_max = KSZ_TLP_RED;
    f.allow_red = true;
    f.include_warned = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            mark_usage(stdout, cmd);
            return CLI_EXIT_OK;
        } else if (cli_db_optval(cmd, argc, argv, &i, "--db", &v)) {
            if ((db = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (cli_db_optval(cmd, argc, argv, &i, "--reason", &v)) {
            if ((reason = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (cli_db_optval(cmd, argc, argv, &i, "--source", &v)) {
            if ((f.source = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (cli_db_optval(cmd, argc, argv, &i, "--type", &v)) {
            if ((type = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_errorf(cmd, "unknown option '%s' (try 'kizashi %s --help')", a, cmd);
            return CLI_EXIT_ERROR;
        } else if (target != NULL) {
            cli_errorf(cmd, "one ID or VALUE at a time (got '%s' after '%s')", a, target);
            return CLI_EXIT_ERROR;
        } else {
            target = a;
        }
    }
    if (target == NULL) {
        cli_errorf(cmd, "which indicator? (usage: kizashi %s ID|VALUE)", cmd);
        return CLI_EXIT_ERROR;
    }
    if (type != NULL && ksz_ioc_type_from_name(type, strlen(type), &vtype) != KSZ_OK) {
        cli_errorf(cmd, "--type: unknown type '%s'", type);
        return CLI_EXIT_ERROR;
    }
    canon = malloc(KSZ_IOC_VALUE_MAX + 1);
    if (canon == NULL) {
        cli_errorf(cmd, "out of memory");
        return CLI_EXIT_ERROR;
    }
    ksz_buf_init(&out, 0);
    rc = cli_db_open(cmd, db, true, &st);
    if (rc == KSZ_OK)
        rc = cli_db_target(cmd, st, target, vtype, &f, canon);
    if (rc == KSZ_OK) {
        f.now = ksz_store_now(st);
        rc = ksz_store_begin(st, &err);
        if (rc == KSZ_OK)
            rc = ksz_store_each_indicator(st, &f, collect, &ids, &err);
        if (rc == KSZ_OK && ids.nomem)
            rc = ksz_error_set(&err, KSZ_ERR_NOMEM, "out of memory");
        for (size_t i = 0; rc == KSZ_OK && i < ids.n; i++) {
            struct report r = {&out, mark == KSZ_MARK_REVOKE ? "revoked"
                                     : mark == KSZ_MARK_FALSE_POSITIVE ? "false-positive"
                                                                       : "unmarked",
                               false, KSZ_OK};
            struct ksz_filter one;

            rc = ksz_store_mark(st, ids.id[i], mark, reason, &r.changed, &err);
            ksz_filter_init(&one);
            one.active_only = false;
            one.tlp_max = KSZ_TLP_RED;
            one.allow_red = true;
            one.include_warned = true;
            one.now = f.now;
            one.id = ids.id[i];
            if (rc == KSZ_OK)
                rc = ksz_store_each_indicator(st, &one, report_cb, &r, &err);
            if (rc == KSZ_OK)
                rc = r.rc;
        }
        if (rc == KSZ_OK)
            rc = ksz_store_commit(st, &err);
        else
            ksz_store_rollback(st);
        if (rc != KSZ_OK)
            cli_errorf(cmd, "%s: %s", cli_db_resolve(db), err.msg[0] ? err.msg : ksz_strerror(rc));
        else if (ids.n == 0) {
            cli_errorf(cmd, "%s: not in the store%s%s", f.value != NULL ? f.value : target,
                       f.source ? " from source " : "", f.source ? f.source : "");
            status = CLI_EXIT_FOUND;
        }
        if (rc == KSZ_OK)
            rc = cli_db_flush(cmd, &out);
    }
    ksz_buf_cleanup(&out);
    ksz_store_close(st);
    free(ids.id);
    free(canon);
    if (rc != KSZ_OK)
        return cli_exit_for(rc);
    if (fflush(stdout) != 0)
        return CLI_EXIT_ERROR;
    return status;
}

int cli_cmd_revoke(int argc, char **argv)
{
    return mark_main("revoke", KSZ_MARK_REVOKE, argc, argv);
}

int cli_cmd_false_positive(int argc, char **argv)
{
    return mark_main("false-positive", KSZ_MARK_FALSE_POSITIVE, argc, argv);
}

int cli_cmd_unmark(int argc, char **argv)
{
    return mark_main("unmark", KSZ_MARK_UNMARK, argc, argv);
}
