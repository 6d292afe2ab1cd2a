/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_stats.c - GET /api/v1/stats: the counts of `kizashi stats`, grouped
 * ({"total":{"indicators":N,...},"type":{...},...}). Counts only: no value
 * leaves, so any token may read them.
 */
#include <stdio.h>
#include <string.h>
#include "srv.h"

struct st_ctx {
    struct ksz_buf *b;
    char group[32];
    size_t n;
};

static int on_stat(const char *group, const char *key, int64_t count, void *user)
{
    struct st_ctx *c = user;
    const char *k = key;

    if (strcmp(c->group, group) != 0) {
        ksz_buf_printf(c->b, "%s\"", c->n ? "}," : "");
        ksz_buf_json_str(c->b, group, strlen(group));
        ksz_buf_printf(c->b, "\":{");
        snprintf(c->group, sizeof c->group, "%s", group);
        c->n = 1;
    } else {
        ksz_buf_putc(c->b, ',');
    }
    if (strcmp(group, "type") == 0) {
        int t = 0;
        for (const char *p = key; *p >= '0' && *p <= '9'; p++)
            t = t * 10 + (*p - '0');
        if (t > 0 && t < KSZ_IOC__COUNT)
            k = ksz_ioc_type_name((ksz_ioc_type)t);
    }
    srv_json_str(c->b, k);
    ksz_buf_printf(c->b, ":%lld", (long long)count);
    return 0;
}

void srv_api_stats(struct srv_req *r)
{
    struct st_ctx c = {.b = &r->out};
    struct ksz_error err = {0};
    ksz_rc rc;

    if (!srv_auth(r))
        return;
    ksz_buf_putc(&r->out, '{');
    rc = ksz_store_stats(r->st, on_stat, &c, &err);
    if (rc != KSZ_OK) {
        srv_error(r, srv_status_for(rc), "%s", err.msg);
        return;
    }
    ksz_buf_printf(&r->out, "%s}\n", c.n ? "}" : "");
    r->status = 200;
    r->ctype = "application/json";
}
