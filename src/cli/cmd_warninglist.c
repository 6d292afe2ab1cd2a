/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_warninglist.c - `kizashi warninglist load|list|enable|disable|policy|
 * check`: MISP warninglists in the store, and checking values against them.
 *
 * load reads every list first and writes them all in one transaction: a file
 * that is not a valid list stops the load with a message naming it (and the
 * line, column and byte for bad JSON), and the store keeps what it had.
 * check answers like grep: exit 1 when some value is on an enabled list.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <kizashi/warn.h>
#include "cli.h"
#include "db.h"

#define CMD "warninglist"

static void wl_usage(FILE *f)
{
    fputs("usage: kizashi warninglist load [options] PATH...\n"
          "       kizashi warninglist list [options]\n"
          "       kizashi warninglist enable|disable [options] NAME...\n"
          "       kizashi warninglist policy [options] NAME warn|block\n"
          "       kizashi warninglist check [options] [VALUE...]\n"
          "\n"
          "Warninglists are MISP lists of known-good values (cloud ranges, CDNs,\n"
          "resolvers, popular sites) that flag indicators on import and keep them out\n"
          "of exports.\n"
          "\n"
          "  load     read MISP list.json files (a directory is searched recursively\n"
          "           for list.json) into the store, all in one transaction; a newer\n"
          "           version of a stored list replaces it, keeping its settings\n"
          "  list     the stored lists: name, kind, entries, policy, enabled\n"
          "  enable   match with these lists (new lists are enabled)\n"
          "  disable  stop matching with these lists\n"
          "  policy   warn: flag matching indicators; block: keep them inactive\n"
          "  check    classify each VALUE (or each line of standard input) and print\n"
          "           the enabled lists it is on\n"
          "\n"
          "options:\n"
          "  --db PATH       the store (default $KIZASHI_DB, else ./kizashi.db)\n"
          "  --format FMT    json (JSON lines, default) or text, for load, list, check\n"
          "  --help          print this help and exit\n"
          "\n"
          "exit status: 0 ok (check: no value matched), 1 check: some value matched,\n"
          "2 a bad option, a bad list file, an unknown list or a value that is no\n"
          "indicator.\n",
          f);
}

struct wl_opts {
    const char *db;
    bool text;
    char **args;    /* the operands after the subcommand */
    int nargs;
};

/* Append pre (such as "{\"name\":") and s as a JSON string. */
static ksz_rc jstr(struct ksz_buf *b, const char *pre, const char *s)
{
    ksz_rc rc = ksz_buf_append(b, pre, strlen(pre));

    if (rc == KSZ_OK)
        rc = ksz_buf_putc(b, '"');
    if (rc == KSZ_OK)
        rc = ksz_buf_json_str(b, s, strlen(s));
    if (rc == KSZ_OK)
        rc = ksz_buf_putc(b, '"');
    return rc;
}

/* ---- load --------------------------------------------------------------- */

struct load_ctx {
    struct ksz_store *st;
    struct ksz_buf out;
    bool text, progress;
    size_t done;
};

/* Entries the matcher will leave out (bad networks, regexes with no POSIX
 * form), counted with a throwaway matcher so the user hears of them now. */
static size_t matcher_skips(const struct ksz_warn_misp *m)
{
    struct ksz_warn *w = NULL;
    size_t skipped = 0;

    if (ksz_warn_new(&w, NULL) == KSZ_OK)
        (void)ksz_warn_add_list(w, &m->list, m->entries, m->n, &skipped, NULL);
    ksz_warn_free(w);
    return skipped;
}

static const char *put_name(ksz_put_result r)
{
    return r == KSZ_PUT_ADDED ? "added" : r == KSZ_PUT_UPDATED ? "updated" : "unchanged";
}

static ksz_rc load_file(const char *path, void *user)
{
    struct load_ctx *x = user;
    struct ksz_warn_misp *m = NULL;
    struct ksz_error err = {0};
    ksz_put_result res = KSZ_PUT_UNCHANGED;
    size_t skipped;
    ksz_rc rc;

    rc = ksz_warn_misp_read(path, &m, &err);
    if (rc == KSZ_OK)
        rc = ksz_store_put_warnlist(x->st, &m->list, m->entries, m->n, &res, &err);
    if (rc != KSZ_OK) {
        cli_errorf(CMD, "%s", err.msg[0] ? err.msg : ksz_strerror(rc));
        ksz_warn_misp_free(m);
        return rc;
    }
    skipped = m->skipped + matcher_skips(m);
    if (x->text) {
        rc = ksz_buf_printf(&x->out, "%-9s %-9s %7zu entries  %s\n", put_name(res),
                            ksz_warn_kind_name(m->list.kind), m->n, m->list.name);
    } else {
        rc = jstr(&x->out, "{\"name\":", m->list.name);
        if (rc == KSZ_OK)
            rc = jstr(&x->out, ",\"file\":", path);
        if (rc == KSZ_OK)
            rc = ksz_buf_printf(&x->out,
                                ",\"kind\":\"%s\",\"version\":%lld,\"entries\":%zu,"
                                "\"skipped\":%zu,\"result\":\"%s\"}\n",
                                ksz_warn_kind_name(m->list.kind), (long long)m->list.version,
                                m->n, skipped, put_name(res));
    }
    ksz_warn_misp_free(m);
    if (rc != KSZ_OK)
        cli_errorf(CMD, "%s", ksz_strerror(rc));
    x->done++;
    if (x->progress)
        fprintf(stderr, "\rkizashi warninglist: %zu lists read", x->done);
    return rc;
}

static int wl_load(const struct wl_opts *o)
{
    struct load_ctx x;
    struct ksz_error err = {0};
    ksz_rc rc;

    if (o->nargs == 0) {
        cli_errorf(CMD, "load: give a list.json file or a directory");
        return CLI_EXIT_ERROR;
    }
    memset(&x, 0, sizeof x);
    x.text = o->text;
    x.progress = isatty(STDERR_FILENO) != 0;
    ksz_buf_init(&x.out, 0);
    rc = cli_db_open(CMD, o->db, false, &x.st);
    if (rc == KSZ_OK) {
        rc = ksz_store_begin(x.st, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s: %s", cli_db_resolve(o->db), err.msg);
    }
    for (int i = 0; rc == KSZ_OK && i < o->nargs; i++) {
        rc = ksz_warn_misp_each(o->args[i], load_file, &x, &err);
        if (rc != KSZ_OK && err.msg[0] != '\0')
            cli_errorf(CMD, "%s", err.msg); /* a walk error; list errors are reported */
        err.msg[0] = '\0';
    }
    if (x.progress && x.done > 0)
        fputc('\n', stderr);
    if (rc == KSZ_OK) {
        rc = ksz_store_commit(x.st, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s: %s", cli_db_resolve(o->db), err.msg);
    } else if (x.st != NULL) {
        ksz_store_rollback(x.st);
        cli_errorf(CMD, "nothing loaded: the store is unchanged");
    }
    if (rc == KSZ_OK)
        rc = cli_db_flush(CMD, &x.out);
    ksz_buf_cleanup(&x.out);
    ksz_store_close(x.st);
    return cli_exit_for(rc);
}

/* ---- list, enable, disable, policy --------------------------------------- */

struct list_ctx {
    struct ksz_buf out;
    bool text;
    const char *want;        /* find this name (enable/disable/policy) */
    struct ksz_warn_list found;
    bool have;
    ksz_rc rc;
};

static ksz_rc types_json(struct ksz_buf *b, ksz_ioc_typeset types)
{
    bool first = true;
    ksz_rc rc = ksz_buf_append(b, ",\"types\":[", 10);

    for (int t = KSZ_IOC_IPV4; rc == KSZ_OK && t < KSZ_IOC__COUNT; t++) {
        if (!(types & KSZ_IOC_BIT(t)))
            continue;
        rc = ksz_buf_printf(b, "%s\"%s\"", first ? "" : ",", ksz_ioc_type_name((ksz_ioc_type)t));
        first = false;
    }
    return rc == KSZ_OK ? ksz_buf_append(b, "]", 1) : rc;
}

static int list_cb(const struct ksz_warn_list *l, size_t n, void *user)
{
    struct list_ctx *x = user;
    struct ksz_buf *b = &x->out;

    if (x->want != NULL) {
        if (strcmp(l->name, x->want) != 0)
            return 0;
        x->found = *l;
        x->found.name = NULL; /* borrowed for the call only */
        x->found.description = NULL;
        x->have = true;
        return 1;
    }
    if (x->text) {
        x->rc = ksz_buf_printf(b, "%-8s %-5s %-9s %8zu  %s\n", l->enabled ? "enabled" : "disabled",
                               ksz_warn_policy_name(l->policy), ksz_warn_kind_name(l->kind), n,
                               l->name);
    } else {
        x->rc = jstr(b, "{\"name\":", l->name);
        if (x->rc == KSZ_OK)
            x->rc = ksz_buf_printf(b,
                                   ",\"kind\":\"%s\",\"version\":%lld,\"entries\":%zu,"
                                   "\"policy\":\"%s\",\"enabled\":%s",
                                   ksz_warn_kind_name(l->kind), (long long)l->version, n,
                                   ksz_warn_policy_name(l->policy),
                                   l->enabled ? "true" : "false");
        if (x->rc == KSZ_OK && l->types != 0 && l->types != KSZ_IOC_BIT(KSZ_IOC_NONE))
            x->rc = types_json(b, l->types);
        if (x->rc == KSZ_OK)
            x->rc = ksz_buf_append(b, "}\n", 2);
    }
    return x->rc != KSZ_OK;
}

static int wl_list(const struct wl_opts *o)
{
    struct list_ctx x;
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    ksz_rc rc;

    if (o->nargs != 0) {
        cli_errorf(CMD, "list: unexpected argument '%s'", o->args[0]);
        return CLI_EXIT_ERROR;
    }
    memset(&x, 0, sizeof x);
    x.text = o->text;
    ksz_buf_init(&x.out, 0);
    rc = cli_db_open(CMD, o->db, true, &st);
    if (rc == KSZ_OK) {
        rc = ksz_store_each_warnlist(st, list_cb, &x, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s: %s", cli_db_resolve(o->db), err.msg);
        else
            rc = x.rc;
    }
    if (rc == KSZ_OK)
        rc = cli_db_flush(CMD, &x.out);
    ksz_buf_cleanup(&x.out);
    ksz_store_close(st);
    return cli_exit_for(rc);
}

/* Set one list's enabled flag or policy, keeping the other setting. */
static ksz_rc set_one(struct ksz_store *st, const char *name, int enabled, int policy)
{
    struct list_ctx x;
    struct ksz_error err = {0};
    ksz_rc rc;

    memset(&x, 0, sizeof x);
    x.want = name;
    rc = ksz_store_each_warnlist(st, list_cb, &x, &err);
    if (rc == KSZ_OK && !x.have) {
        cli_errorf(CMD, "no warninglist named '%s' (see 'kizashi warninglist list')", name);
        return KSZ_ERR_NOTFOUND;
    }
    if (rc == KSZ_OK)
        rc = ksz_store_set_warnlist(st, name, enabled < 0 ? x.found.enabled : enabled != 0,
                                    policy < 0 ? x.found.policy : (ksz_warn_policy)policy, &err);
    if (rc != KSZ_OK)
        cli_errorf(CMD, "%s", err.msg);
    return rc;
}

static int wl_set(const struct wl_opts *o, const char *sub)
{
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    int enabled = -1, policy = -1, names = o->nargs;
    ksz_rc rc;

    if (strcmp(sub, "policy") == 0) {
        ksz_warn_policy p;
        if (o->nargs != 2) {
            cli_errorf(CMD, "policy: give NAME and warn or block");
            return CLI_EXIT_ERROR;
        }
        if (ksz_warn_policy_from_name(o->args[1], strlen(o->args[1]), &p) != KSZ_OK) {
            cli_errorf(CMD, "policy: expected warn or block, not '%s'", o->args[1]);
            return CLI_EXIT_ERROR;
        }
        policy = (int)p;
        names = 1;
    } else {
        enabled = strcmp(sub, "enable") == 0;
    }
    if (names == 0) {
        cli_errorf(CMD, "%s: give the NAME of a list", sub);
        return CLI_EXIT_ERROR;
    }
    rc = cli_db_open(CMD, o->db, true, &st);
    if (rc == KSZ_OK) {
        rc = ksz_store_begin(st, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s: %s", cli_db_resolve(o->db), err.msg);
    }
    for (int i = 0; rc == KSZ_OK && i < names; i++)
        rc = set_one(st, o->args[i], enabled, policy);
    if (rc == KSZ_OK) {
        rc = ksz_store_commit(st, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s: %s", cli_db_resolve(o->db), err.msg);
    } else if (st != NULL) {
        ksz_store_rollback(st);
    }
    ksz_store_close(st);
    return cli_exit_for(rc);
}

/* ---- check ------------------------------------------------------------------ */

#define CHECK_HITS 64

struct check_ctx {
    const struct ksz_warn *w;
    struct ksz_buf out;
    bool text;
    size_t matched, bad;
};

static ksz_rc check_one(struct check_ctx *x, const char *s, size_t len)
{
    static char canon[KSZ_IOC_VALUE_MAX + 1];
    struct ksz_warn_hit hits[CHECK_HITS];
    struct ksz_error err = {0};
    ksz_ioc_type t;
    size_t clen = 0, n = 0;
    ksz_rc rc;

    while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    while (len > 0 && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        len--;
    }
    if (len == 0)
        return KSZ_OK;
    if (ksz_ioc_classify(s, len, &t, canon, sizeof canon, &clen, &err) != KSZ_OK) {
        char q[300];
        cli_errorf(CMD, "check: \"%s\": not an indicator", ksz_error_quote(s, len, q, sizeof q));
        x->bad++;
        return KSZ_OK;
    }
    rc = ksz_warn_check(x->w, t, canon, clen, hits, CHECK_HITS, &n);
    if (rc != KSZ_OK)
        return rc;
    if (n > CHECK_HITS)
        n = CHECK_HITS;
    x->matched += n > 0;
    if (x->text) {
        for (size_t i = 0; rc == KSZ_OK && i < n; i++)
            rc = ksz_buf_printf(&x->out, "%s\t%s\t%s\t%s\n", canon, hits[i].list,
                                ksz_warn_policy_name(hits[i].policy), hits[i].entry);
        return rc;
    }
    rc = jstr(&x->out, "{\"value\":", canon);
    if (rc == KSZ_OK)
        rc = ksz_buf_printf(&x->out, ",\"type\":\"%s\",\"warninglists\":[", ksz_ioc_type_name(t));
    for (size_t i = 0; rc == KSZ_OK && i < n; i++) {
        rc = jstr(&x->out, i ? ",{\"name\":" : "{\"name\":", hits[i].list);
        if (rc == KSZ_OK)
            rc = ksz_buf_printf(&x->out, ",\"policy\":\"%s\"",
                                ksz_warn_policy_name(hits[i].policy));
        if (rc == KSZ_OK)
            rc = jstr(&x->out, ",\"entry\":", hits[i].entry);
        if (rc == KSZ_OK)
            rc = ksz_buf_append(&x->out, "}", 1);
    }
    if (rc == KSZ_OK)
        rc = ksz_buf_append(&x->out, "]}\n", 3);
    return rc;
}

static ksz_rc check_stdin(struct check_ctx *x)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    ksz_rc rc = KSZ_OK;

    while (rc == KSZ_OK && (got = getline(&line, &cap, stdin)) >= 0) {
        size_t len = (size_t)got;
        if (len > 0 && line[len - 1] == '\n')
            len--;
        rc = check_one(x, line, len);
        if (rc == KSZ_OK && x->out.len > 65536)
            rc = cli_db_flush(CMD, &x->out);
    }
    free(line);
    if (rc == KSZ_OK && ferror(stdin)) {
        cli_errorf(CMD, "check: <stdin>: read error");
        rc = KSZ_ERR_IO;
    }
    return rc;
}

static int wl_check(const struct wl_opts *o)
{
    struct check_ctx x;
    struct ksz_store *st = NULL;
    struct ksz_warn *w = NULL;
    struct ksz_error err = {0};
    ksz_rc rc;

    memset(&x, 0, sizeof x);
    x.text = o->text;
    ksz_buf_init(&x.out, 0);
    rc = cli_db_open(CMD, o->db, true, &st);
    if (rc == KSZ_OK) {
        rc = ksz_store_load_warn(st, &w, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s: %s", cli_db_resolve(o->db), err.msg);
    }
    ksz_store_close(st);
    x.w = w;
    for (int i = 0; rc == KSZ_OK && i < o->nargs; i++)
        rc = check_one(&x, o->args[i], strlen(o->args[i]));
    if (rc == KSZ_OK && o->nargs == 0)
        rc = check_stdin(&x);
    if (rc == KSZ_OK)
        rc = cli_db_flush(CMD, &x.out);
    else if (rc == KSZ_ERR_NOMEM)
        cli_errorf(CMD, "out of memory");
    ksz_buf_cleanup(&x.out);
    ksz_warn_free(w);
    if (rc != KSZ_OK || x.bad > 0)
        return CLI_EXIT_ERROR;
    return x.matched > 0 ? CLI_EXIT_FOUND : CLI_EXIT_OK;
}

/* ---- dispatch --------------------------------------------------------------- */

int cli_cmd_warninglist(int argc, char **argv)
{
    struct wl_opts o;
    const char *sub = NULL, *format = NULL, *v;
    bool opts_done = false;
    int rc;

    memset(&o, 0, sizeof o);
    o.args = calloc((size_t)argc + 1, sizeof *o.args);
    if (o.args == NULL) {
        cli_errorf(CMD, "out of memory");
        return CLI_EXIT_ERROR;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (!opts_done && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            wl_usage(stdout);
            free(o.args);
            return CLI_EXIT_OK;
        } else if (!opts_done && strcmp(a, "--") == 0) {
            opts_done = true;
        } else if (!opts_done && cli_db_optval(CMD, argc, argv, &i, "--db", &v)) {
            if ((o.db = v) == NULL)
                goto usage_error;
        } else if (!opts_done && cli_db_optval(CMD, argc, argv, &i, "--format", &v)) {
            if ((format = v) == NULL)
                goto usage_error;
        } else if (!opts_done && a[0] == '-' && a[1] != '\0') {
            cli_errorf(CMD, "unknown option '%s' (try 'kizashi warninglist --help')", a);
            goto usage_error;
        } else if (sub == NULL) {
            sub = a;
        } else {
            o.args[o.nargs++] = argv[i];
        }
    }
    if (format != NULL && strcmp(format, "json") != 0 && strcmp(format, "text") != 0) {
        cli_errorf(CMD, "--format: expected json or text, not '%s'", format);
        goto usage_error;
    }
    o.text = format != NULL && strcmp(format, "text") == 0;
    if (sub == NULL) {
        wl_usage(stderr);
        goto usage_error;
    }
    if (strcmp(sub, "load") == 0)
        rc = wl_load(&o);
    else if (strcmp(sub, "list") == 0)
        rc = wl_list(&o);
    else if (strcmp(sub, "enable") == 0 || strcmp(sub, "disable") == 0 ||
             strcmp(sub, "policy") == 0)
        rc = wl_set(&o, sub);
    else if (strcmp(sub, "check") == 0)
        rc = wl_check(&o);
    else {
        cli_errorf(CMD, "unknown subcommand '%s': load, list, enable, disable, policy or check",
                   sub);
        goto usage_error;
    }
    free(o.args);
    if (fflush(stdout) != 0 && rc == CLI_EXIT_OK)
        rc = CLI_EXIT_ERROR;
    return rc;
usage_error:
    free(o.args);
    return CLI_EXIT_ERROR;
}
