/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_token.c - `kizashi token create|list|revoke`: the API tokens of
 * `kizashi serve`. A new token is printed once; the store keeps only its
 * keyed hash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <kizashi/server.h>
#include "cli.h"
#include "db.h"

#define CMD "token"

static void token_usage(FILE *f)
{
    fputs("usage: kizashi token create --role ROLE --tlp-max TLP [options]\n"
          "       kizashi token list [--db PATH]\n"
          "       kizashi token revoke NAME [--db PATH]\n"
          "\n"
          "Make, list and revoke the bearer tokens `kizashi serve` accepts. create\n"
          "prints the token once on standard output; the store keeps only a keyed\n"
          "hash of it. A token sees nothing above its TLP ceiling, and TLP:RED only\n"
          "when created with --allow-red.\n"
          "\n"
          "options:\n"
          "  --db PATH               the store (default $KIZASHI_DB, else ./kizashi.db)\n"
          "  --name NAME             the token's name, in logs and the audit log\n"
          "                          (default: ROLE-<random>)\n"
          "  --role ROLE             reader (read), analyst (also write) or admin (also\n"
          "                          tokens, feeds, the audit log)\n"
          "  --tlp-max TLP           clear, green, amber, amber+strict or red\n"
          "  --allow-red             let a token with --tlp-max red see TLP:RED\n"
          "  --collections LIST      TAXII collections it may use (default: all)\n"
          "  --json                  list: JSON lines\n"
          "  --help                  print this help and exit\n"
          "\n"
          "exit status: 0 ok, 2 a bad option or an error.\n",
          f);
}

static int on_token(const struct ksz_token *t, void *user)
{
    char tb[32];
    time_t tt = (time_t)t->created;
    struct tm tm;
    bool json = *(bool *)user;

    gmtime_r(&tt, &tm);
    strftime(tb, sizeof tb, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (json)
        printf("{\"name\":\"%s\",\"role\":\"%s\",\"tlp_max\":\"%s\",\"allow_red\":%s,"
               "\"collections\":%s%s%s,\"created\":\"%s\",\"revoked\":%s}\n",
               t->name, ksz_role_name(t->role), ksz_tlp_name(t->tlp_max),
               t->allow_red ? "true" : "false", t->collections ? "\"" : "",
               t->collections ? t->collections : "null", t->collections ? "\"" : "", tb,
               t->revoked ? "true" : "false");
    else
        printf("%-24s %-8s %-13s %-9s %s%s\n", t->name, ksz_role_name(t->role),
               ksz_tlp_name(t->tlp_max), t->allow_red ? "red-ok" : "-", tb,
               t->revoked ? " revoked" : "");
    return 0;
}

int cli_cmd_token(int argc, char **argv)
{
    struct ksz_token t;
    struct ksz_error err = {0};
    struct ksz_store *st = NULL;
    const char *db = NULL, *action = NULL, *target = NULL, *tlp = NULL, *role = NULL;
    char secret[96], name[64];
    bool json = false, have_role = false;
    ksz_rc rc = KSZ_OK;

    memset(&t, 0, sizeof t);
    for (int i = 1; i < argc && rc == KSZ_OK; i++) {
        const char *a = argv[i], *v = NULL;

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            token_usage(stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(a, "--allow-red") == 0) {
            t.allow_red = true;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (a[0] != '-') {
            if (action == NULL)
                action = a;
            else if (target == NULL)
                target = a;
            else {
                cli_errorf(CMD, "unexpected argument '%s'", a);
                rc = KSZ_ERR_INVALID;
            }
        } else if (cli_db_optval(CMD, argc, argv, &i, "--db", &v)) {
            db = v;
            rc = v != NULL ? KSZ_OK : KSZ_ERR_INVALID;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--name", &v)) {
            target = v;
            rc = v != NULL ? KSZ_OK : KSZ_ERR_INVALID;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--role", &v)) {
            role = v;
            rc = v != NULL ? KSZ_OK : KSZ_ERR_INVALID;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--tlp-max", &v)) {
            tlp = v;
            rc = v != NULL ? KSZ_OK : KSZ_ERR_INVALID;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--collections", &v)) {
            t.collections = v;
            rc = v != NULL ? KSZ_OK : KSZ_ERR_INVALID;
        } else {
            cli_errorf(CMD, "unknown option '%s' (try 'kizashi token --help')", a);
            rc = KSZ_ERR_INVALID;
        }
    }
    if (rc == KSZ_OK && action == NULL) {
        cli_errorf(CMD, "expected create, list or revoke (try 'kizashi token --help')");
        rc = KSZ_ERR_INVALID;
    }
    if (rc == KSZ_OK && strcmp(action, "create") == 0) {
        if (role == NULL || ksz_role_parse(role, strlen(role), &t.role) != KSZ_OK) {
            cli_errorf(CMD, "--role: expected reader, analyst or admin");
            rc = KSZ_ERR_INVALID;
        } else if (tlp == NULL || ksz_tlp_parse(tlp, strlen(tlp), &t.tlp_max) != KSZ_OK ||
                   t.tlp_max == KSZ_TLP_UNSET) {
            cli_errorf(CMD, "--tlp-max: expected clear, green, amber, amber+strict or red");
            rc = KSZ_ERR_INVALID;
        } else if (t.allow_red && t.tlp_max != KSZ_TLP_RED) {
            cli_errorf(CMD, "--allow-red needs --tlp-max red");
            rc = KSZ_ERR_INVALID;
        }
        have_role = true;
    } else if (rc == KSZ_OK && strcmp(action, "revoke") == 0 && target == NULL) {
        cli_errorf(CMD, "revoke: which token (NAME)?");
        rc = KSZ_ERR_INVALID;
    } else if (rc == KSZ_OK && strcmp(action, "list") != 0 && strcmp(action, "revoke") != 0) {
        cli_errorf(CMD, "unknown action '%s': expected create, list or revoke", action);
        rc = KSZ_ERR_INVALID;
    }
    if (rc == KSZ_OK)
        rc = cli_db_open(CMD, db, !have_role, &st);
    if (rc == KSZ_OK && have_role) {
        if (target == NULL) {
            unsigned r = (unsigned)time(NULL) ^ ((unsigned)getpid() << 16);
            snprintf(name, sizeof name, "%s-%06x", ksz_role_name(t.role), r & 0xffffff);
            target = name;
        }
        t.name = target;
        rc = ksz_token_create(st, &t, secret, sizeof secret, &err);
        if (rc == KSZ_OK)
            printf("%s\n", secret);
        else
            cli_errorf(CMD, "%s", err.msg);
    } else if (rc == KSZ_OK && strcmp(action, "list") == 0) {
        rc = ksz_store_each_token(st, on_token, &json, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s", err.msg);
    } else if (rc == KSZ_OK) {
        rc = ksz_store_token_revoke(st, target, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s", err.msg);
    }
    ksz_store_close(st);
    return cli_exit_for(rc);
}
