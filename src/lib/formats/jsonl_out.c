/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonl_out.c - one JSON object per indicator, with every field of the
 * model, in the shape jsonl_in.c reads back. The decayed score is not
 * written: it changes with the clock, and an export must not.
 */
#include "formats_int.h"

struct jl {
    struct ksz__out *o;
};

static int on_ind(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                  void *user)
{
    struct ksz__out *o = user;
    char ub[256];

    (void)state;
    ksz__out_str(o, "{\"type\":");
    ksz__out_jstr(o, ksz_ioc_type_name(ind->type));
    ksz__out_kv(o, "value", ind->value);
    ksz__out_kv(o, "id", ind->stix_id);
    ksz__out_kv(o, "source", ind->source);
    ksz__out_kv(o, "tlp", ksz_tlp_name(ind->tlp));
    if (ind->confidence >= 0)
        ksz__out_printf(o, ",\"confidence\":%d", ind->confidence);
    if (ind->valid_from)
        ksz__out_kv_time(o, "valid_from", ind->valid_from);
    if (ind->valid_until)
        ksz__out_kv_time(o, "valid_until", ind->valid_until);
    if (ind->created)
        ksz__out_kv_time(o, "created", ind->created);
    if (ind->modified)
        ksz__out_kv_time(o, "modified", ind->modified);
    if (ind->usage)
        ksz__out_kv(o, "usage", ksz_usage_format(ind->usage, ub, sizeof ub));
    if (ind->commercial != KSZ_COMMERCIAL_UNKNOWN)
        ksz__out_kv(o, "commercial", ind->commercial == KSZ_COMMERCIAL_YES ? "yes" : "no");
    if (ind->revoked)
        ksz__out_str(o, ",\"revoked\":true");
    ksz__out_kv(o, "name", ind->name);
    ksz__out_kv(o, "description", ind->description);
    ksz__out_kv(o, "report", ind->report);
    ksz__out_kv_list(o, "labels", ind->labels);
    ksz__out_kv_list(o, "tags", ind->tags);
    ksz__out_kv_list(o, "attack_ids", ind->attack_ids);
    ksz__out_kv_list(o, "kill_chain", ind->kill_chain);
    ksz__out_kv_list(o, "threats", ind->threats);
    ksz__out_kv_list(o, "warnings", ind->warnings);
    ksz__out_str(o, "}\n");
    ksz__out_maybe_flush(o);
    return o->rc != KSZ_OK;
}

ksz_rc ksz__export_jsonl(struct ksz_store *st, const struct ksz_filter *f, struct ksz__out *o,
                         struct ksz_error *err)
{
    ksz_rc rc = ksz_store_each_indicator(st, f, on_ind, o, err);
    return rc != KSZ_OK ? rc : o->rc;
}
