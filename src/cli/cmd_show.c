/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_show.c - `kizashi show ID|VALUE`: everything the store knows about one
 * indicator: every source's claim with its window, confidence, TLP and
 * usage, its threats, reports, sightings, warninglist flags, score and
 * history.
 *
 * One value, looked up through the observables' unique index: the answer
 * costs a handful of index probes whatever the store's size.
 */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "db.h"

#define CMD "show"

static void show_usage(FILE *f)
{
    fputs("usage: kizashi show ID|VALUE [options]\n"
          "\n"
          "Show the whole context of one indicator: every source's claim about it\n"
          "(validity window, confidence, TLP, usage, tags, ATT&CK ids), the threats\n"
          "it indicates, the reports it appears in, its sightings, warninglist flags,\n"
          "decayed score, whether it is active and why not, and its history.\n"
          "VALUE is an indicator (its type is guessed); ID is a STIX id\n"
          "(indicator--...) or a row id as printed by search. Writes one JSON\n"
          "document, or a readable view with --format text.\n"
          "\n"
          "options:\n"
          "  --db PATH       the store (default $KIZASHI_DB, else ./kizashi.db)\n"
          "  --type TYPE     read VALUE as this type\n"
          "  --format FMT    json (default) or text\n"
          "  --help          print this help and exit\n"
          "\n"
          "exit status: 0 shown, 1 not in the store, 2 a bad option, a bad VALUE or\n"
          "no store.\n",
          f);
}

struct show_ctx {
    struct ksz_store *st;
    struct ksz_buf out;
    bool text;
    int claims;
    int n; /* items written in the current list */
    ksz_rc rc;
};

static ksz_rc sep(struct show_ctx *x)
{
    return x->n++ > 0 ? ksz_buf_putc(&x->out, ',') : KSZ_OK;
}

static int threat_cb(const struct ksz_threat *t, void *user)
{
    struct show_ctx *x = user;
    struct ksz_buf *b = &x->out;

    if (x->text) {
        x->rc = ksz_buf_printf(b, "    threat: %s %s (%s)", ksz_threat_kind_name(t->kind),
                               t->name, t->stix_id);
        for (size_t i = 0; x->rc == KSZ_OK && i < t->aliases.n; i++)
            x->rc = ksz_buf_printf(b, "%s%s", i ? ", " : " aka ", t->aliases.items[i]);
        if (x->rc == KSZ_OK)
            x->rc = ksz_buf_putc(b, '\n');
        return x->rc != KSZ_OK;
    }
    x->rc = sep(x);
    if (x->rc == KSZ_OK)
        x->rc = ksz_buf_putc(b, '{');
    if (x->rc == KSZ_OK)
        x->rc = ksz_buf_printf(b, "\"stix_id\":\"%s\"", t->stix_id);
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "kind", ksz_threat_kind_name(t->kind));
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "name", t->name);
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_list(b, "aliases", &t->aliases);
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_list(b, "external_ids", &t->external_ids);
    if (x->rc == KSZ_OK)
        x->rc = ksz_buf_putc(b, '}');
    return x->rc != KSZ_OK;
}

static int report_cb(const struct ksz_report *r, void *user)
{
    struct show_ctx *x = user;
    struct ksz_buf *b = &x->out;
    char tb[32];

    if (x->text) {
        x->rc = ksz_buf_printf(b, "    report: %s (%s, %s, tlp:%s)\n", r->title ? r->title : "",
                               r->stix_id, cli_db_time(r->published, tb), ksz_tlp_name(r->tlp));
        return x->rc != KSZ_OK;
    }
    x->rc = sep(x);
    if (x->rc == KSZ_OK)
        x->rc = ksz_buf_printf(b, "{\"stix_id\":\"%s\"", r->stix_id);
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "title", r->title);
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "published", cli_db_time(r->published, tb));
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "tlp", ksz_tlp_name(r->tlp));
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "source", r->source);
    if (x->rc == KSZ_OK)
        x->rc = ksz_buf_putc(b, '}');
    return x->rc != KSZ_OK;
}

static int sighting_cb(const struct ksz_sighting *s, void *user)
{
    struct show_ctx *x = user;
    struct ksz_buf *b = &x->out;
    char t1[32], t2[32];

    if (x->text) {
        x->rc = ksz_buf_printf(b, "    sighting: %s x%lld at %s, %s..%s\n",
                               ksz_sighting_kind_name(s->kind), (long long)s->count,
                               s->where[0] ? s->where : "-", cli_db_time(s->first_seen, t1),
                               cli_db_time(s->last_seen, t2));
        return x->rc != KSZ_OK;
    }
    x->rc = sep(x);
    if (x->rc == KSZ_OK)
        x->rc = ksz_buf_printf(b, "{\"kind\":\"%s\",\"count\":%lld",
                               ksz_sighting_kind_name(s->kind), (long long)s->count);
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "where", s->where);
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "first_seen", cli_db_time(s->first_seen, t1));
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "last_seen", cli_db_time(s->last_seen, t2));
    if (x->rc == KSZ_OK)
        x->rc = ksz_buf_putc(b, '}');
    return x->rc != KSZ_OK;
}

static int history_cb(const struct ksz_history_event *ev, void *user)
{
    struct show_ctx *x = user;
    struct ksz_buf *b = &x->out;
    char tb[32];

    if (x->text) {
        x->rc = ksz_buf_printf(b, "    %s  %s%s%s\n", cli_db_time(ev->at, tb), ev->event,
                               ev->detail ? ": " : "", ev->detail ? ev->detail : "");
        return x->rc != KSZ_OK;
    }
    x->rc = sep(x);
    if (x->rc == KSZ_OK)
        x->rc = ksz_buf_printf(b, "{\"at\":\"%s\"", cli_db_time(ev->at, tb));
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "event", ev->event);
    if (x->rc == KSZ_OK)
        x->rc = cli_db_json_str(b, "detail", ev->detail);
    if (x->rc == KSZ_OK)
        x->rc = ksz_buf_putc(b, '}');
    return x->rc != KSZ_OK;
}

static ksz_rc claim_text(struct show_ctx *x, const struct ksz_indicator *ind,
                         const struct ksz_indicator_state *state)
{
    struct ksz_buf *b = &x->out;
    char t1[32], t2[32], usage[256];
    ksz_rc rc;

    if (x->claims == 0)
        rc = ksz_buf_printf(b, "%s %s\n", ksz_ioc_type_name(ind->type), ind->value);
    else
        rc = KSZ_OK;
    if (rc == KSZ_OK)
        rc = ksz_buf_printf(
            b,
            "  claim #%lld from %s (%s)\n"
            "    valid: %s .. %s\n"
            "    confidence %d, tlp:%s, usage: %s\n"
            "    score %.1f: %s%s\n",
            (long long)state->id, ind->source, ind->stix_id, cli_db_time(ind->valid_from, t1),
            ind->valid_until ? cli_db_time(ind->valid_until, t2) : "open", ind->confidence,
            ksz_tlp_name(ind->tlp), ind->usage ? ksz_usage_format(ind->usage, usage, sizeof usage)
                                               : "unset",
            state->score, state->active ? "active" : "inactive, ",
            state->active ? "" : state->inactive_reason);
    if (rc == KSZ_OK && ind->description != NULL)
        rc = ksz_buf_printf(b, "    description: %s\n", ind->description);
    for (size_t i = 0; rc == KSZ_OK && i < ind->tags.n; i++)
        rc = ksz_buf_printf(b, "    tag: %s\n", ind->tags.items[i]);
    for (size_t i = 0; rc == KSZ_OK && i < ind->labels.n; i++)
        rc = ksz_buf_printf(b, "    label: %s\n", ind->labels.items[i]);
    for (size_t i = 0; rc == KSZ_OK && i < ind->attack_ids.n; i++)
        rc = ksz_buf_printf(b, "    att&ck: %s\n", ind->attack_ids.items[i]);
    for (size_t i = 0; rc == KSZ_OK && i < ind->warnings.n; i++)
        rc = ksz_buf_printf(b, "    warninglist: %s%s\n", ind->warnings.items[i],
                            ind->warn_blocked ? " (blocked)" : "");
    if (rc == KSZ_OK && state->sightings > 0)
        rc = ksz_buf_printf(b, "    sightings: %lld, last %s\n", (long long)state->sightings,
                            cli_db_time(state->last_seen, t1));
    return rc;
}

static int claim_cb(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                    void *user)
{
    struct show_ctx *x = user;
    struct ksz_buf *b = &x->out;
    struct ksz_error err = {0};
    ksz_rc rc;

    /* the record is written out before the nested queries below reuse the
     * store's list scratch area */
    if (x->text) {
        rc = claim_text(x, ind, state);
    } else {
        if (x->claims == 0) {
            rc = ksz_buf_printf(b, "{\"type\":\"%s\"", ksz_ioc_type_name(ind->type));
            if (rc == KSZ_OK)
                rc = cli_db_json_str(b, "value", ind->value);
            if (rc == KSZ_OK)
                rc = ksz_buf_append(b, ",\"claims\":[{", 12);
        } else {
            rc = ksz_buf_append(b, ",{", 2);
        }
        if (rc == KSZ_OK)
            rc = cli_db_json_indicator(b, ind, state);
    }
    x->claims++;
    if (rc == KSZ_OK && !x->text)
        rc = ksz_buf_append(b, ",\"threats\":[", 12);
    x->n = 0;
    if (rc == KSZ_OK)
        rc = ksz_store_indicator_threats(x->st, state->id, threat_cb, x, &err);
    if (rc == KSZ_OK && !x->text)
        rc = ksz_buf_append(b, "],\"reports\":[", 13);
    x->n = 0;
    if (rc == KSZ_OK)
        rc = ksz_store_indicator_reports(x->st, state->id, report_cb, x, &err);
    if (rc == KSZ_OK && !x->text)
        rc = ksz_buf_append(b, "],\"sighting_log\":[", 18);
    x->n = 0;
    if (rc == KSZ_OK)
        rc = ksz_store_indicator_sightings(x->st, state->id, sighting_cb, x, &err);
    if (rc == KSZ_OK)
        rc = x->text ? ksz_buf_printf(b, "    history:\n") : ksz_buf_append(b, "],\"history\":[", 13);
    x->n = 0;
    if (rc == KSZ_OK)
        rc = ksz_store_each_history(x->st, state->id, history_cb, x, &err);
    if (rc == KSZ_OK && !x->text)
        rc = ksz_buf_append(b, "]}", 2);
    if (rc == KSZ_OK)
        rc = x->rc;
    if (rc != KSZ_OK && err.msg[0])
        cli_errorf(CMD, "%s", err.msg);
    x->rc = rc;
    return rc != KSZ_OK;
}

int cli_cmd_show(int argc, char **argv)
{
    struct show_ctx x;
    struct ksz_filter f;
    struct ksz_error err = {0};
    const char *db = NULL, *type = NULL, *format = NULL, *target = NULL, *v;
    char *canon = NULL;
    ksz_ioc_type vtype = KSZ_IOC_NONE;
    ksz_rc rc = KSZ_OK;
    int status = CLI_EXIT_OK;

    memset(&x, 0, sizeof x);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            show_usage(stdout);
            return CLI_EXIT_OK;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--db", &v)) {
            if ((db = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--type", &v)) {
            if ((type = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (cli_db_optval(CMD, argc, argv, &i, "--format", &v)) {
            if ((format = v) == NULL)
                return CLI_EXIT_ERROR;
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_errorf(CMD, "unknown option '%s' (try 'kizashi show --help')", a);
            return CLI_EXIT_ERROR;
        } else if (target != NULL) {
            cli_errorf(CMD, "one ID or VALUE at a time (got '%s' after '%s')", a, target);
            return CLI_EXIT_ERROR;
        } else {
            target = a;
        }
    }
    if (target == NULL) {
        cli_errorf(CMD, "which indicator? (usage: kizashi show ID|VALUE)");
        return CLI_EXIT_ERROR;
    }
    if (format != NULL && strcmp(format, "json") != 0 && strcmp(format, "text") != 0) {
        cli_errorf(CMD, "--format: expected json or text, not '%s'", format);
        return CLI_EXIT_ERROR;
    }
    x.text = format != NULL && strcmp(format, "text") == 0;
    if (type != NULL && ksz_ioc_type_from_name(type, strlen(type), &vtype) != KSZ_OK) {
        cli_errorf(CMD, "--type: unknown type '%s'", type);
        return CLI_EXIT_ERROR;
    }
    ksz_filter_init(&f);
    f.active_only = false;
    f.tlp_max = KSZ_TLP_RED;
    f.allow_red = true;
    f.include_warned = true;
    canon = malloc(KSZ_IOC_VALUE_MAX + 1);
    if (canon == NULL) {
        cli_errorf(CMD, "out of memory");
        return CLI_EXIT_ERROR;
    }
    rc = cli_db_open(CMD, db, true, &x.st);
    if (rc == KSZ_OK)
        rc = cli_db_target(CMD, x.st, target, vtype, &f, canon);
    if (rc == KSZ_OK) {
        f.now = ksz_store_now(x.st);
        ksz_buf_init(&x.out, 0);
        rc = ksz_store_each_indicator(x.st, &f, claim_cb, &x, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s: %s", cli_db_resolve(db), err.msg);
        else
            rc = x.rc;
        if (rc == KSZ_OK && x.claims > 0)
            rc = x.text ? KSZ_OK : ksz_buf_append(&x.out, "]}\n", 3);
        if (rc == KSZ_OK)
            rc = cli_db_flush(CMD, &x.out);
        ksz_buf_cleanup(&x.out);
        if (rc == KSZ_OK && x.claims == 0) {
            cli_errorf(CMD, "%s: not in the store", f.value != NULL ? f.value : target);
            status = CLI_EXIT_FOUND;
        }
    }
    ksz_store_close(x.st);
    free(canon);
    if (rc != KSZ_OK)
        return cli_exit_for(rc);
    if (fflush(stdout) != 0)
        return CLI_EXIT_ERROR;
    return status;
}
