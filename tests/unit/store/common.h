/* SPDX-License-Identifier: Apache-2.0 */
/* common.h - helpers shared by the store's unit tests. */
#ifndef KSZ_TEST_STORE_COMMON_H
#define KSZ_TEST_STORE_COMMON_H

#include <stdio.h>
#include <string.h>
#include "kizashi/store.h"

#define NOW 1700000000
#define DAY 86400

static inline struct ksz_store *open_mem(void)
{
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    assert_int_equal(ksz_store_open(":memory:", &st, &err), KSZ_OK);
    ksz_store_set_now(st, NOW);
    return st;
}

static inline void ind_init(struct ksz_indicator *in, ksz_ioc_type t, const char *value)
{
    memset(in, 0, sizeof *in);
    in->type = t;
    in->value = value;
    in->confidence = -1;
    in->tlp = KSZ_TLP_UNSET;
}

static inline void put(struct ksz_store *st, const struct ksz_indicator *in)
{
    struct ksz_error err = {0};
    assert_int_equal(ksz_store_put_indicator(st, in, NULL, &err), KSZ_OK);
}

static inline void all_filter(struct ksz_filter *f)
{
    ksz_filter_init(f);
    f->active_only = false;
    f->tlp_max = KSZ_TLP_RED;
    f->allow_red = true;
    f->include_warned = true;
    f->now = NOW;
}

struct seen {
    int n;
    char values[32][128];
    char reasons[32][32];
    double score[32];
    int64_t id[32];
};

static inline int seen_cb(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                          void *user)
{
    struct seen *s = user;
    if (s->n == 32)
        return 1;
    snprintf(s->values[s->n], 128, "%s", ind->value);
    snprintf(s->reasons[s->n], 32, "%s", state->active ? "active" : state->inactive_reason);
    s->score[s->n] = state->score;
    s->id[s->n] = state->id;
    s->n++;
    return 0;
}

static inline struct seen query(struct ksz_store *st, const struct ksz_filter *f)
{
    struct seen s;
    struct ksz_error err = {0};
    memset(&s, 0, sizeof s);
    assert_int_equal(ksz_store_each_indicator(st, f, seen_cb, &s, &err), KSZ_OK);
    return s;
}

#endif
