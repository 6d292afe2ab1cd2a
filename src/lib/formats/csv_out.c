/* SPDX-License-Identifier: Apache-2.0 */
/*
 * csv_out.c - RFC 4180 CSV, one row per indicator, with a header whose
 * names csv_in.c maps back onto the same fields (lists comma-separated
 * inside a quoted cell), so an export imports again as it is.
 */
#include <stdio.h>
#include <string.h>
#include "formats_int.h"

static void cell(struct ksz__out *o, const char *s, bool first)
{
    if (!first)
        ksz__out_mem(o, ",", 1);
    if (s == NULL)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        ksz__out_str(o, s);
        return;
    }
    ksz__out_mem(o, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            ksz__out_mem(o, "\"", 1);
        ksz__out_mem(o, p, 1);
    }
    ksz__out_mem(o, "\"", 1);
}

static void list_cell(struct ksz__out *o, struct ksz_strlist l, struct ksz_buf *tmp)
{
    ksz_buf_reset(tmp);
    for (size_t i = 0; i < l.n; i++) {
        if (i > 0)
            ksz_buf_putc(tmp, ',');
        ksz_buf_append(tmp, l.items[i], strlen(l.items[i]));
    }
    cell(o, tmp->data ? tmp->data : "", false);
}

struct cw {
    struct ksz__out *o;
    struct ksz_buf tmp;
};

static int on_ind(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                  void *user)
{
    struct cw *c = user;
    struct ksz__out *o = c->o;
    char t1[32], t2[32], num[16], ub[256];

    (void)state;
    cell(o, ksz_ioc_type_name(ind->type), true);
    cell(o, ind->value, false);
    cell(o, ind->source, false);
    cell(o, ksz_tlp_name(ind->tlp), false);
    snprintf(num, sizeof num, "%d", ind->confidence);
    cell(o, ind->confidence >= 0 ? num : "", false);
    cell(o, ind->valid_from ? ksz__time_format(ind->valid_from, t1) : "", false);
    cell(o, ind->valid_until ? ksz__time_format(ind->valid_until, t2) : "", false);
    cell(o, ind->usage ? ksz_usage_format(ind->usage, ub, sizeof ub) : "", false);
    list_cell(o, ind->threats, &c->tmp);
    list_cell(o, ind->labels, &c->tmp);
    list_cell(o, ind->tags, &c->tmp);
    list_cell(o, ind->attack_ids, &c->tmp);
    list_cell(o, ind->kill_chain, &c->tmp);
    cell(o, ind->name, false);
    cell(o, ind->description, false);
    cell(o, ind->created ? ksz__time_format(ind->created, t1) : "", false);
    cell(o, ind->modified ? ksz__time_format(ind->modified, t2) : "", false);
    cell(o, ind->report, false);
    cell(o, ind->commercial == KSZ_COMMERCIAL_YES ? "yes"
            : ind->commercial == KSZ_COMMERCIAL_NO ? "no" : "", false);
    cell(o, ind->revoked ? "true" : "", false);
    cell(o, ind->stix_id, false);
    ksz__out_mem(o, "\r\n", 2);
    ksz__out_maybe_flush(o);
    return o->rc != KSZ_OK;
}

ksz_rc ksz__export_csv(struct ksz_store *st, const struct ksz_filter *f, struct ksz__out *o,
                       struct ksz_error *err)
{
    struct cw c = {o, {0}};
    ksz_rc rc;

    ksz_buf_init(&c.tmp, 0);
    ksz__out_str(o, "type,value,source,tlp,confidence,valid_from,valid_until,usage,threats,"
                    "labels,tags,attack_ids,kill_chain,name,description,created,modified,"
                    "report,commercial,revoked,id\r\n");
    rc = ksz_store_each_indicator(st, f, on_ind, &c, err);
    ksz_buf_cleanup(&c.tmp);
    return rc != KSZ_OK ? rc : o->rc;
}
