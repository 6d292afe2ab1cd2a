/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_feed.c - `kizashi feed add|list|remove|run`: the feeds kept in the
 * store, which `kizashi serve` pulls on their schedule, and a pull now.
 *
 * A feed's import options are stored with it (include/kizashi/net.h,
 * struct ksz_feed_options), so a pull by the daemon and one by `feed run`
 * import the same way. A token given with --token is stored in the store in
 * clear; --token-env stores only the name of the variable read at each pull.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <kizashi/net.h>
#include "cli.h"
#include "db.h"
#include "timeopt.h"

#define CMD "feed"

static void feed_usage(FILE *f)
{
    fputs("usage: kizashi feed add NAME --url URL --format FMT [options]\n"
          "       kizashi feed list [--json] [--db PATH]\n"
          "       kizashi feed remove NAME [--db PATH]\n"
          "       kizashi feed run [NAME...] [--db PATH]\n"
          "\n"
          "Keep feeds in the store for `kizashi serve` to pull on their schedule,\n"
          "and pull them now. Pulls are conditional (ETag, Last-Modified; TAXII\n"
          "added_after from the last pull), retried with backoff, and recorded:\n"
          "last run, last success, last error, what was added. run prints one JSON\n"
          "line per feed.\n"
          "\n"
          "options:\n"
          "  --db PATH               the store (default $KIZASHI_DB, else ./kizashi.db)\n"
          "  --url URL               add: http(s) URL of the file, MISP feed directory\n"
          "                          or TAXII server (discovery or API root)\n"
          "  --format FMT            add: stix, misp-feed, csv, text or taxii (also misp,\n"
          "                          plain, jsonl)\n"
          "  --collection ID         add: the TAXII collection (id, alias or title)\n"
          "  --every DUR             add: pull interval (default 1h; 90s, 30m, 12h, 1d)\n"
          "  --tlp TLP               add: clear, green, amber, amber+strict or red, where\n"
          "                          unset\n"
          "  --confidence N          add: 0..100, where unset\n"
          "  --valid-for DUR         add: validity window (30d, 12h, 2w), where unset\n"
          "  --usage LIST            add: usage bits, as for import, where unset\n"
          "  --column MAP            add: CSV column mapping, as for import\n"
          "  --delimiter C           add: CSV delimiter ('tab' for a tab)\n"
          "  --token TOKEN           add: send Authorization: Bearer TOKEN (kept in the\n"
          "                          store)\n"
          "  --token-env VAR         add: the same, with the token read from $VAR at\n"
          "                          each pull (only the name is kept)\n"
          "  --json                  list: JSON lines\n"
          "  --help                  print this help and exit\n"
          "\n"
          "exit status: 0 ok, 2 a bad option, an error, or (run) a feed that failed.\n",
          f);
}

/* ---- list --------------------------------------------------------------- */

/* Write b (a JSON object whose first member cli_db_json_str wrote with a
 * leading comma) to standard output. */
static void put_object(struct ksz_buf *b)
{
    if (b->len > 1 && b->data[1] == ',') {
        memmove(b->data + 1, b->data + 2, b->len - 1);
        b->len--;
    }
    fwrite(b->data, 1, b->len, stdout);
}

static void auth_of(const struct ksz_feed *f, char *out, size_t cap)
{
    struct ksz_feed_options fo;
    snprintf(out, cap, "-");
    if (ksz_feed_options_parse(f->options, f->options ? strlen(f->options) : 0, &fo, NULL) !=
        KSZ_OK)
        return;
    if (fo.token[0] != '\0')
        snprintf(out, cap, "token");
    else if (fo.token_env[0] != '\0')
        snprintf(out, cap, "$%s", fo.token_env);
}

static void every_text(int64_t s, char *out, size_t cap)
{
    if (s % 86400 == 0)
        snprintf(out, cap, "%lldd", (long long)(s / 86400));
    else if (s % 3600 == 0)
        snprintf(out, cap, "%lldh", (long long)(s / 3600));
    else if (s % 60 == 0)
        snprintf(out, cap, "%lldm", (long long)(s / 60));
    else
        snprintf(out, cap, "%llds", (long long)s);
}

static int on_list(const struct ksz_feed *f, void *user)
{
    bool json = *(bool *)user;
    char run[32], ok[32], due[32], ev[32], auth[160];
    struct ksz_buf b;

    cli_db_time(f->last_run, run);
    cli_db_time(f->last_success, ok);
    cli_db_time(ksz_feed_next_due(f), due);
    every_text(f->every, ev, sizeof ev);
    auth_of(f, auth, sizeof auth);
    if (!json) {
        printf("%-20s %-9s %-6s %-20s %-20s %-20s %5lld %4lld %s\n", f->name, f->format, ev,
               run[0] ? run : "-", ok[0] ? ok : "-", due, (long long)f->last_count,
               (long long)f->failures, f->last_error != NULL ? f->last_error : "ok");
        return 0;
    }
    ksz_buf_init(&b, 0);
    ksz_buf_putc(&b, '{');
    cli_db_json_str(&b, "name", f->name);
    cli_db_json_str(&b, "url", f->url);
    cli_db_json_str(&b, "format", f->format);
    cli_db_json_str(&b, "collection", f->collection);
    ksz_buf_printf(&b, ",\"every\":%lld", (long long)f->every);
    cli_db_json_str(&b, "auth", auth);
    cli_db_json_str(&b, "last_run", run[0] ? run : NULL);
    cli_db_json_str(&b, "last_success", ok[0] ? ok : NULL);
    cli_db_json_str(&b, "last_error", f->last_error);
    ksz_buf_printf(&b, ",\"last_count\":%lld,\"failures\":%lld", (long long)f->last_count,
                   (long long)f->failures);
    cli_db_json_str(&b, "next_due", due);
    cli_db_json_str(&b, "added_after", f->added_after);
    ksz_buf_printf(&b, ",\"healthy\":%s}\n",
                   f->failures == 0 && f->last_success != 0 ? "true" : "false");
    put_object(&b);
    ksz_buf_cleanup(&b);
    return 0;
}

static ksz_rc feed_list(struct ksz_store *st, bool json)
{
    struct ksz_error err = {0};
    ksz_rc rc;

    if (!json)
        printf("%-20s %-9s %-6s %-20s %-20s %-20s %5s %4s %s\n", "NAME", "FORMAT", "EVERY",
               "LAST-RUN", "LAST-SUCCESS", "NEXT-DUE", "COUNT", "FAIL", "STATUS");
    rc = ksz_store_each_feed(st, NULL, on_list, &json, &err);
    if (rc != KSZ_OK)
        cli_errorf(CMD, "%s", err.msg);
    return rc;
}

/* ---- run ---------------------------------------------------------------- */

static int on_name(const struct ksz_feed *f, void *user)
{
    struct ksz_buf *names = user;
    return ksz_buf_append(names, f->name, strlen(f->name) + 1) == KSZ_OK ? 0 : 1;
}

static ksz_rc run_one(struct ksz_store *st, const char *name, bool *failed)
{
    struct ksz_feed_outcome out;
    struct ksz_error err = {0};
    struct ksz_buf b;
    ksz_rc rc = ksz_feed_run(st, name, NULL, &out, &err);

    if (rc == KSZ_ERR_NOTFOUND && !out.ok && out.requests == 0 &&
        strncmp(err.msg, "store:", 6) == 0) {
        cli_errorf(CMD, "%s", err.msg);
        *failed = true;
        return KSZ_OK;
    }
    ksz_buf_init(&b, 0);
    ksz_buf_putc(&b, '{');
    cli_db_json_str(&b, "feed", name);
    ksz_buf_printf(&b, ",\"ok\":%s,\"not_modified\":%s,\"requests\":%llu,\"bytes\":%llu,"
                       "\"summary\":",
                   rc == KSZ_OK ? "true" : "false", out.not_modified ? "true" : "false",
                   (unsigned long long)out.requests, (unsigned long long)out.bytes);
    ksz_import_summary_json(&out.sum, &b);
    cli_db_json_str(&b, "error", rc == KSZ_OK ? NULL : err.msg);
    ksz_buf_printf(&b, "}\n");
    put_object(&b);
    fflush(stdout);
    ksz_buf_cleanup(&b);
    if (rc != KSZ_OK) {
        cli_errorf(CMD, "%s: %s", name, err.msg);
        *failed = true;
    }
    return KSZ_OK;
}

static ksz_rc feed_run(struct ksz_store *st, char **names, int n)
{
    struct ksz_error err = {0};
    struct ksz_buf all;
    bool failed = false;
    ksz_rc rc = KSZ_OK;

    for (int i = 0; i < n; i++)
        run_one(st, names[i], &failed);
    if (n == 0) {
        ksz_buf_init(&all, 0);
        rc = ksz_store_each_feed(st, NULL, on_name, &all, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s", err.msg);
        for (size_t off = 0; rc == KSZ_OK && off < all.len; off += strlen(all.data + off) + 1)
            run_one(st, all.data + off, &failed);
        ksz_buf_cleanup(&all);
    }
    return rc == KSZ_OK && failed ? KSZ_ERR_IO : rc;
}

/* ---- add ---------------------------------------------------------------- */

struct add_args {
    struct ksz_feed f;
    struct ksz_feed_options fo;
    const char *every;
};

static ksz_rc add_check(struct add_args *a)
{
    struct ksz_feed *f = &a->f;

    if (f->url == NULL || (strncasecmp(f->url, "http://", 7) != 0 &&
                           strncasecmp(f->url, "https://", 8) != 0)) {
        cli_errorf(CMD, "add: --url: expected an http:// or https:// URL");
        return KSZ_ERR_INVALID;
    }
    if (f->format == NULL || !ksz_feed_format_ok(f->format)) {
        cli_errorf(CMD, "add: --format: expected stix, misp-feed, csv, text or taxii");
        return KSZ_ERR_INVALID;
    }
    if (f->collection != NULL && strcmp(f->format, "taxii") != 0) {
        cli_errorf(CMD, "add: --collection is for --format taxii");
        return KSZ_ERR_INVALID;
    }
    if (a->fo.token[0] != '\0' && a->fo.token_env[0] != '\0') {
        cli_errorf(CMD, "add: --token and --token-env: give one");
        return KSZ_ERR_INVALID;
    }
    f->every = 3600;
    if (a->every != NULL && cli_parse_duration(a->every, &f->every) != KSZ_OK) {
        cli_errorf(CMD, "add: --every: expected a duration such as 1h, found '%s'", a->every);
        return KSZ_ERR_INVALID;
    }
    return KSZ_OK;
}

static ksz_rc feed_add(struct ksz_store *st, struct add_args *a)
{
    struct ksz_error err = {0};
    struct ksz_buf b;
    ksz_rc rc;

    ksz_buf_init(&b, 0);
    rc = ksz_feed_options_format(&a->fo, &b);
    a->f.options = b.len > 0 ? b.data : NULL;
    if (rc == KSZ_OK)
        rc = ksz_store_feed_add(st, &a->f, &err);
    if (rc != KSZ_OK)
        cli_errorf(CMD, "add: %s", err.msg[0] ? err.msg : ksz_strerror(rc));
    ksz_buf_cleanup(&b);
    return rc;
}

/* The import options add keeps with the feed: which one argv[*i] is
 * (without dashes), its value in *v; NULL when none. */
static const char *import_option(int argc, char **argv, int *i, const char **v)
{
    static const char *const names[] = {"tlp",    "confidence", "valid-for", "usage",
                                        "column", "delimiter",  "token",     "token-env"};
    char opt[32];
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        snprintf(opt, sizeof opt, "--%s", names[k]);
        if (cli_db_optval(CMD, argc, argv, i, opt, v))
            return names[k];
    }
    return NULL;
}

/* One option of add into a; false when it is none of them. */
static bool add_option(struct add_args *a, int argc, char **argv, int *i, ksz_rc *rc)
{
    const char *v = NULL, *key;
    struct ksz_error err = {0};

#define OPT(name) cli_db_optval(CMD, argc, argv, i, name, &v)
    if (OPT("--url"))
        a->f.url = v;
    else if (OPT("--format"))
        a->f.format = v;
    else if (OPT("--collection"))
        a->f.collection = v;
    else if (OPT("--every"))
        a->every = v;
    else if ((key = import_option(argc, argv, i, &v)) != NULL) {
        if (v == NULL) {
            *rc = KSZ_ERR_INVALID;
            return true;
        }
        if (strcmp(key, "tlp") == 0) {
            if (ksz_tlp_parse(v, strlen(v), &a->fo.tlp) != KSZ_OK ||
                a->fo.tlp == KSZ_TLP_UNSET) {
                cli_errorf(CMD, "--tlp: expected clear, green, amber, amber+strict or red");
                *rc = KSZ_ERR_INVALID;
            }
        } else if (strcmp(key, "confidence") == 0) {
            char *end;
            long c = strtol(v, &end, 10);
            if (*v == '\0' || *end != '\0' || c < 0 || c > 100) {
                cli_errorf(CMD, "--confidence: expected a number 0..100, found '%s'", v);
                *rc = KSZ_ERR_INVALID;
            }
            a->fo.confidence = (int)c;
        } else if (strcmp(key, "valid-for") == 0) {
            if (cli_parse_duration(v, &a->fo.valid_for) != KSZ_OK) {
                cli_errorf(CMD, "--valid-for: expected a duration such as 30d, found '%s'", v);
                *rc = KSZ_ERR_INVALID;
            }
        } else if (strcmp(key, "usage") == 0) {
            if (ksz_usage_parse(v, strlen(v), &a->fo.usage, &err) != KSZ_OK ||
                strlen(v) >= sizeof a->fo.usage_text) {
                cli_errorf(CMD, "--usage: %s", err.msg[0] ? err.msg : "too long");
                *rc = KSZ_ERR_INVALID;
            } else {
                snprintf(a->fo.usage_text, sizeof a->fo.usage_text, "%s", v);
            }
        } else if (strcmp(key, "delimiter") == 0) {
            if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
                a->fo.delimiter = '\t';
            else if (strlen(v) == 1)
                a->fo.delimiter = v[0];
            else {
                cli_errorf(CMD, "--delimiter: expected one character or 'tab'");
                *rc = KSZ_ERR_INVALID;
            }
        } else {
            char *dst = strcmp(key, "column") == 0  ? a->fo.columns
                        : strcmp(key, "token") == 0 ? a->fo.token
                                                    : a->fo.token_env;
            size_t cap = strcmp(key, "column") == 0  ? sizeof a->fo.columns
                         : strcmp(key, "token") == 0 ? sizeof a->fo.token
                                                     : sizeof a->fo.token_env;
            if (strlen(v) >= cap || v[0] == '\0') {
                cli_errorf(CMD, "--%s: empty or longer than %zu bytes", key, cap - 1);
                *rc = KSZ_ERR_INVALID;
            } else {
                memcpy(dst, v, strlen(v) + 1);
            }
        }
    } else
        return false;
#undef OPT
    if (v == NULL)
        *rc = KSZ_ERR_INVALID;
    return true;
}

int cli_cmd_feed(int argc, char **argv)
{
    struct add_args a;
    struct ksz_store *st = NULL;
    const char *db = NULL, *action = NULL;
    char **names = calloc((size_t)argc + 1, sizeof *names);
    int nnames = 0;
    bool json = false;
    ksz_rc rc = KSZ_OK;

    if (names == NULL) {
        cli_errorf(CMD, "out of memory");
        return cli_exit_for(KSZ_ERR_NOMEM);
    }
    memset(&a, 0, sizeof a);
    a.fo.tlp = KSZ_TLP_UNSET;
    a.fo.confidence = -1;
    for (int i = 1; i < argc && rc == KSZ_OK; i++) {
        const char *s = argv[i], *v = NULL;

        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            feed_usage(stdout);
            free(names);
            return CLI_EXIT_OK;
        } else if (strcmp(s, "--json") == 0) {
            json = true;
        } else if (s[0] != '-') {
            if (action == NULL)
                action = s;
            else
                names[nnames++] = argv[i];
        } else if (cli_db_optval(CMD, argc, argv, &i, "--db", &v)) {
            db = v;
            rc = v != NULL ? KSZ_OK : KSZ_ERR_INVALID;
        } else if (!add_option(&a, argc, argv, &i, &rc)) {
            cli_errorf(CMD, "unknown option '%s' (try 'kizashi feed --help')", s);
            rc = KSZ_ERR_INVALID;
        }
    }
    if (rc == KSZ_OK && action == NULL) {
        cli_errorf(CMD, "expected add, list, remove or run (try 'kizashi feed --help')");
        rc = KSZ_ERR_INVALID;
    } else if (rc == KSZ_OK && strcmp(action, "add") == 0) {
        if (nnames != 1) {
            cli_errorf(CMD, "add: expected one NAME");
            rc = KSZ_ERR_INVALID;
        } else {
            a.f.name = names[0];
            rc = add_check(&a);
        }
    } else if (rc == KSZ_OK && strcmp(action, "remove") == 0 && nnames == 0) {
        cli_errorf(CMD, "remove: which feed (NAME)?");
        rc = KSZ_ERR_INVALID;
    } else if (rc == KSZ_OK && strcmp(action, "list") == 0 && nnames > 0) {
        cli_errorf(CMD, "list: unexpected argument '%s'", names[0]);
        rc = KSZ_ERR_INVALID;
    } else if (rc == KSZ_OK && strcmp(action, "list") != 0 && strcmp(action, "remove") != 0 &&
               strcmp(action, "run") != 0) {
        cli_errorf(CMD, "unknown action '%s': expected add, list, remove or run", action);
        rc = KSZ_ERR_INVALID;
    }
    if (rc == KSZ_OK)
        rc = cli_db_open(CMD, db, strcmp(action, "add") != 0, &st);
    if (rc == KSZ_OK && strcmp(action, "add") == 0) {
        rc = feed_add(st, &a);
    } else if (rc == KSZ_OK && strcmp(action, "list") == 0) {
        rc = feed_list(st, json);
    } else if (rc == KSZ_OK && strcmp(action, "remove") == 0) {
        for (int i = 0; i < nnames && rc == KSZ_OK; i++) {
            struct ksz_error err = {0};
            rc = ksz_store_feed_remove(st, names[i], &err);
            if (rc != KSZ_OK)
                cli_errorf(CMD, "remove: %s", err.msg);
        }
    } else if (rc == KSZ_OK) {
        rc = feed_run(st, names, nnames);
    }
    ksz_store_close(st);
    free(names);
    return cli_exit_for(rc);
}
