/* SPDX-License-Identifier: Apache-2.0 */
/*
 * db.c - opening the store for a command, naming indicators on the command
 * line, and the JSON form of an indicator shared by search, show, expire and
 * the mark commands.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "cli.h"
#include "db.h"

#define DEFAULT_DB "./kizashi.db"

const char *cli_db_resolve(const char *opt)
{
    const char *env;

    if (opt != NULL && opt[0] != '\0')
        return opt;
    env = getenv("KIZASHI_DB");
    if (env != NULL && env[0] != '\0')
        return env;
    return DEFAULT_DB;
}

ksz_rc cli_db_open(const char *cmd, const char *opt, bool must_exist, struct ksz_store **out)
{
    const char *path = cli_db_resolve(opt);
    struct ksz_error err = {0};
    struct stat sb;
    ksz_rc rc;

    *out = NULL;
    if (must_exist && strcmp(path, ":memory:") != 0 && stat(path, &sb) != 0) {
        cli_errorf(cmd, "%s: no store there (import something first, or give --db PATH)", path);
        return KSZ_ERR_IO;
    }
    rc = ksz_store_open(path, out, &err);
    if (rc != KSZ_OK) {
        const char *msg = err.msg[0] ? err.msg : ksz_strerror(rc);
        if (strstr(msg, path) != NULL)
            cli_errorf(cmd, "%s", msg);
        else
            cli_errorf(cmd, "%s: %s", path, msg);
    }
    return rc;
}

bool cli_db_optval(const char *cmd, int argc, char **argv, int *i, const char *name,
                   const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);

    if (strncmp(a, name, n) != 0)
        return false;
    if (a[n] == '=') {
        *val = a + n + 1;
        return true;
    }
    if (a[n] != '\0')
        return false;
    if (*i + 1 >= argc) {
        cli_errorf(cmd, "%s needs a value (try 'kizashi %s --help')", name, cmd);
        *val = NULL;
        return true;
    }
    *val = argv[++*i];
    return true;
}

static bool all_digits(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

ksz_rc cli_db_target(const char *cmd, struct ksz_store *st, const char *arg, ksz_ioc_type type,
                     struct ksz_filter *f, char *canon)
{
    struct ksz_error err = {0};
    size_t len = strlen(arg), outlen = 0;
    ksz_rc rc;

    if (strncmp(arg, "indicator--", 11) == 0) {
        f->stix_id = arg;
        return KSZ_OK;
    }
    if (type == KSZ_IOC_NONE && (all_digits(arg) || (arg[0] == '#' && all_digits(arg + 1)))) {
        uint64_t v = strtoull(arg[0] == '#' ? arg + 1 : arg, NULL, 10);
        f->id = v > 0 && v < INT64_MAX ? (int64_t)v : -1;
        return KSZ_OK;
    }
    if (st != NULL && type == KSZ_IOC_NONE) {
        ksz_ioc_typeset set = 0;
        if (ksz_store_observable_types(st, arg, &set, &err) == KSZ_OK && set != 0) {
            int t = 1;
            while (!(set & KSZ_IOC_BIT(t)))
                t++;
            f->value = arg;
            f->value_type = (ksz_ioc_type)t;
            return KSZ_OK;
        }
    }
    if (type != KSZ_IOC_NONE)
        rc = ksz_ioc_canon(type, arg, len, canon, KSZ_IOC_VALUE_MAX + 1, &outlen, &err);
    else
        rc = ksz_ioc_classify(arg, len, &type, canon, KSZ_IOC_VALUE_MAX + 1, &outlen, &err);
    if (rc != KSZ_OK) {
        char q[80];
        cli_errorf(cmd, "%s is not an indicator%s%s", ksz_error_quote(arg, len, q, sizeof q),
                   err.msg[0] ? ": " : "", err.msg);
        return KSZ_ERR_PARSE;
    }
    f->value = canon;
    f->value_type = type;
    return KSZ_OK;
}

const char *cli_db_time(int64_t t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;

    buf[0] = '\0';
    if (t == 0 || gmtime_r(&tt, &tm) == NULL)
        return buf;
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

ksz_rc cli_db_json_str(struct ksz_buf *b, const char *name, const char *s)
{
    ksz_rc rc = ksz_buf_printf(b, ",\"%s\":", name);

    if (rc != KSZ_OK)
        return rc;
    if (s == NULL)
        return ksz_buf_append(b, "null", 4);
    rc = ksz_buf_putc(b, '"');
    if (rc == KSZ_OK)
        rc = ksz_buf_json_str(b, s, strlen(s));
    if (rc == KSZ_OK)
        rc = ksz_buf_putc(b, '"');
    return rc;
}

ksz_rc cli_db_json_list(struct ksz_buf *b, const char *name, const struct ksz_strlist *l)
{
    ksz_rc rc = ksz_buf_printf(b, ",\"%s\":[", name);

    for (size_t i = 0; rc == KSZ_OK && i < l->n; i++) {
        rc = ksz_buf_append(b, i ? ",\"" : "\"", i ? 2 : 1);
        if (rc == KSZ_OK)
            rc = ksz_buf_json_str(b, l->items[i], strlen(l->items[i]));
        if (rc == KSZ_OK)
            rc = ksz_buf_putc(b, '"');
    }
    if (rc == KSZ_OK)
        rc = ksz_buf_putc(b, ']');
    return rc;
}

static ksz_rc json_time(struct ksz_buf *b, const char *name, int64_t t)
{
    char tb[32];
    return cli_db_json_str(b, name, t != 0 ? cli_db_time(t, tb) : NULL);
}

static const char *commercial_name(ksz_commercial c)
{
    return c == KSZ_COMMERCIAL_YES ? "yes" : c == KSZ_COMMERCIAL_NO ? "no" : "unknown";
}

ksz_rc cli_db_json_indicator(struct ksz_buf *b, const struct ksz_indicator *ind,
                             const struct ksz_indicator_state *state)
{
    char usage[256];
    const char *usages[8];
    struct ksz_strlist ul = {usages, 0};
    ksz_rc rc;

    rc = ksz_buf_printf(b, "\"id\":%lld", state != NULL ? (long long)state->id : 0LL);
    if (rc == KSZ_OK)
        rc = cli_db_json_str(b, "stix_id", ind->stix_id);
    if (rc == KSZ_OK)
        rc = cli_db_json_str(b, "type", ksz_ioc_type_name(ind->type));
    if (rc == KSZ_OK)
        rc = cli_db_json_str(b, "value", ind->value);
    if (rc == KSZ_OK)
        rc = cli_db_json_str(b, "source", ind->source);
    if (rc == KSZ_OK)
        rc = json_time(b, "valid_from", ind->valid_from);
    if (rc == KSZ_OK)
        rc = json_time(b, "valid_until", ind->valid_until);
    if (rc == KSZ_OK)
        rc = ksz_buf_printf(b, ",\"confidence\":%d", ind->confidence);
    if (rc == KSZ_OK)
        rc = cli_db_json_str(b, "tlp", ksz_tlp_name(ind->tlp));
    if (rc == KSZ_OK)
        rc = cli_db_json_str(b, "commercial", commercial_name(ind->commercial));
    ksz_usage_format(ind->usage, usage, sizeof usage);
    for (char *p = usage; *p && ul.n < 8;) {
        char *c = strchr(p, ',');
        usages[ul.n++] = p;
        if (c == NULL)
            break;
        *c = '\0';
        p = c + 1;
    }
    if (rc == KSZ_OK)
        rc = cli_db_json_list(b, "usage", &ul);
    if (rc == KSZ_OK && state != NULL)
        rc = ksz_buf_printf(b, ",\"score\":%.1f,\"active\":%s", state->score,
                            state->active ? "true" : "false");
    if (rc == KSZ_OK && state != NULL)
        rc = cli_db_json_str(b, "inactive_reason", state->inactive_reason);
    if (rc == KSZ_OK)
        rc = ksz_buf_printf(b, ",\"revoked\":%s,\"false_positive\":%s,\"warn_blocked\":%s",
                            ind->revoked ? "true" : "false",
                            state != NULL && state->false_positive ? "true" : "false",
                            ind->warn_blocked ? "true" : "false");
    if (rc == KSZ_OK)
        rc = cli_db_json_list(b, "warninglists", &ind->warnings);
    if (rc == KSZ_OK)
        rc = cli_db_json_list(b, "labels", &ind->labels);
    if (rc == KSZ_OK)
        rc = cli_db_json_list(b, "tags", &ind->tags);
    if (rc == KSZ_OK)
        rc = cli_db_json_list(b, "attack_ids", &ind->attack_ids);
    if (rc == KSZ_OK)
        rc = cli_db_json_list(b, "kill_chain", &ind->kill_chain);
    if (rc == KSZ_OK)
        rc = cli_db_json_list(b, "threat_ids", &ind->threats);
    if (rc == KSZ_OK)
        rc = cli_db_json_str(b, "name", ind->name);
    if (rc == KSZ_OK)
        rc = cli_db_json_str(b, "description", ind->description);
    if (rc == KSZ_OK)
        rc = cli_db_json_str(b, "pattern", ind->pattern);
    if (rc == KSZ_OK)
        rc = cli_db_json_str(b, "report", ind->report);
    if (rc == KSZ_OK)
        rc = json_time(b, "created", ind->created);
    if (rc == KSZ_OK)
        rc = json_time(b, "modified", ind->modified);
    if (rc == KSZ_OK && state != NULL)
        rc = json_time(b, "last_seen", state->last_seen);
    if (rc == KSZ_OK && state != NULL)
        rc = ksz_buf_printf(b, ",\"sightings\":%lld", (long long)state->sightings);
    return rc;
}

ksz_rc cli_db_flush(const char *cmd, struct ksz_buf *b)
{
    if (b->len > 0 && fwrite(b->data, 1, b->len, stdout) != b->len) {
        cli_errorf(cmd, "write error");
        return KSZ_ERR_IO;
    }
    ksz_buf_reset(b);
    return KSZ_OK;
}
