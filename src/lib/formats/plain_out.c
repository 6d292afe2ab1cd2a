/* SPDX-License-Identifier: Apache-2.0 */
/*
 * plain_out.c - one value a line, nothing else: what a device that reads a
 * bare list wants. Each value once, even when several sources claim it.
 */
#include <string.h>
#include "formats_int.h"

struct pl {
    struct ksz__out *o;
    struct ksz_buf last;
};

static int on_ind(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                  void *user)
{
    struct pl *p = user;
    size_t n = strlen(ind->value);

    (void)state;
    /* the store orders by (type, value, source): duplicates are adjacent */
    if (p->last.data != NULL && p->last.len == n + 1 && p->last.data[0] == (char)ind->type &&
        memcmp(p->last.data + 1, ind->value, n) == 0)
        return 0;
    ksz_buf_reset(&p->last);
    ksz_buf_putc(&p->last, (char)ind->type);
    ksz_buf_append(&p->last, ind->value, n);
    ksz__out_mem(p->o, ind->value, n);
    ksz__out_mem(p->o, "\n", 1);
    ksz__out_maybe_flush(p->o);
    return p->o->rc != KSZ_OK;
}

ksz_rc ksz__export_plain(struct ksz_store *st, const struct ksz_filter *f, struct ksz__out *o,
                         struct ksz_error *err)
{
    struct pl p = {o, {0}};
    ksz_rc rc;

    ksz_buf_init(&p.last, 0);
    rc = ksz_store_each_indicator(st, f, on_ind, &p, err);
    ksz_buf_cleanup(&p.last);
    return rc != KSZ_OK ? rc : o->rc;
}
