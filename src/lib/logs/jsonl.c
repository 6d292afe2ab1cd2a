/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonl.c - generic JSON lines: the fields named by --field NAME=TYPE
 * (dotted paths; arrays looked through). Without a "time" mapping, the
 * usual keys are tried: "timestamp", "@timestamp", "time", "ts".
 */
#include "logs/logs_int.h"

struct jl {
    struct ksz_log_parser *p;
    struct ksz_log_record *rec;
    bool mapped_time, bad_time;
};

static bool default_time_key(const char *s, size_t n)
{
    return logs_eq(s, n, "timestamp") || logs_eq(s, n, "@timestamp") || logs_eq(s, n, "time") ||
           logs_eq(s, n, "ts");
}

static void on_leaf(void *ctx, const struct logs_json_leaf *l)
{
    struct jl *j = ctx;
    const char *name;
    ksz_log_kind k = ksz__logs_map_kind(j->p, l->path, l->plen, &name);

    if (k == KSZ_LOG_K_TIME || (!j->mapped_time && k == KSZ_LOG_K_NONE &&
                                j->rec->ts == KSZ_LOG_NO_TIME && default_time_key(l->path, l->plen))) {
        if (ksz_log_time_any(l->val, l->vlen, &j->rec->ts, &j->rec->usec) != KSZ_OK && j->mapped_time)
            j->bad_time = true;
        return;
    }
    if (k != KSZ_LOG_K_NONE && l->is_str)
        logs_add(j->rec, name, l->val, l->vlen, k);
}

ksz_rc ksz__logs_jsonl(struct ksz_log_parser *p, const char *s, size_t len,
                       struct ksz_log_record *rec, struct ksz_error *err)
{
    struct jl j = {p, rec, false, false};
    ksz_rc rc;

    for (size_t i = 0; i < p->nmaps; i++)
        j.mapped_time |= p->maps[i].kind == KSZ_LOG_K_TIME;
    rc = ksz__logs_json_walk(p, s, len, on_leaf, &j, err);
    if (rc != KSZ_OK)
        return rc;
    if (j.bad_time)
        return ksz_error_set(err, KSZ_ERR_PARSE, "jsonl: expected a time in the mapped field");
    return KSZ_OK;
}
