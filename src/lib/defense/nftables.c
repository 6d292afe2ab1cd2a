/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nftables.c - an nft -f script: one inet table with interval sets per
 * direction and family, and the chains that drop what they hold.
 *
 *   inbound  (block-fw-inbound):  sets in_v4, in_v6;   "ip saddr @in_v4 drop"
 *            in the input and forward hooks
 *   outbound (block-fw-outbound): sets out_v4, out_v6; "ip daddr @out_v4 drop"
 *            in the output and forward hooks
 *
 * An entry goes into the sets of the directions its usage names (an
 * indicator without a usage into both). The direction comes from the
 * option, else from the usage selected. Elements are merged intervals
 * (interval.c): nft refuses overlapping elements, and merging touching ones
 * too means the kernel's auto-merge never reshapes what we wrote, so a
 * later delta can delete exactly the intervals a full load created.
 *
 * A full script replaces the table atomically ("table" then "delete table"
 * then the definition, in one transaction). The incremental form (--since)
 * assumes the table holds the export of that time: it deletes the
 * intervals that are gone and adds the new ones; if nft refuses it (the
 * device drifted), load a full script.
 */
#include <stdio.h>
#include <string.h>
#include "defense/defense_int.h"

#define PER_STATEMENT 2000
#define COMMENTS_PER_INTERVAL 8

struct dir_pick {
    uint32_t bit;
    bool all;
};

static bool pick(const struct def_entry *e, void *u)
{
    const struct dir_pick *p = u;
    return p->all || (e->usage & p->bit) != 0;
}

bool ksz__def_ident_ok(const char *s, size_t max)
{
    size_t n = 0;

    if (s == NULL || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return false;
    for (; *s; s++, n++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-'))
            return false;
    return n <= max;
}

unsigned ksz__def_direction(const struct def_ctx *c)
{
    unsigned d = c->o->direction;

    if (d == 0) {
        if (c->f.usage & KSZ_USAGE_BLOCK_FW_INBOUND)
            d |= KSZ_DEFENSE_DIR_IN;
        if (c->f.usage & KSZ_USAGE_BLOCK_FW_OUTBOUND)
            d |= KSZ_DEFENSE_DIR_OUT;
    }
    return d != 0 ? d : KSZ_DEFENSE_DIR_IN | KSZ_DEFENSE_DIR_OUT;
}

static void elements(struct def_ctx *c, const struct def_set *set, const struct def_ivset *s)
{
    char text[140];

    ksz__def_str(c, "\t\telements = {\n");
    for (size_t i = 0; i < s->n && c->rc == KSZ_OK; i++) {
        const struct def_iv *iv = &s->iv[i];
        for (size_t k = 0; k < iv->count && k < COMMENTS_PER_INTERVAL; k++) {
            const struct def_entry *e = &set->e[s->members[iv->first + k]];
            ksz__def_str(c, "\t\t\t# ");
            ksz__def_mem(c, DEF_VAL(set, e), e->vlen);
            ksz__def_str(c, ": ");
            ksz__def_context(c, set, e, "", false);
            ksz__def_str(c, "\n");
        }
        if (iv->count > COMMENTS_PER_INTERVAL)
            ksz__def_printf(c, "\t\t\t# and %zu more\n", iv->count - COMMENTS_PER_INTERVAL);
        ksz__def_iv_text(s->v6, iv->lo, iv->hi, text);
        ksz__def_printf(c, "\t\t\t%s%s\n", text, i + 1 < s->n ? "," : "");
    }
    ksz__def_str(c, "\t\t}\n");
}

static void set_def(struct def_ctx *c, const char *name, const struct def_ivset *s)
{
    ksz__def_printf(c, "\tset %s {\n\t\ttype %s\n\t\tflags interval\n\t\tauto-merge\n", name,
                    s->v6 ? "ipv6_addr" : "ipv4_addr");
    if (s->n > 0)
        elements(c, &c->cur, s);
    ksz__def_str(c, "\t}\n");
}

/* One statement per PER_STATEMENT intervals of a[] not in b[] (exactly). */
static void delta_ops(struct def_ctx *c, const char *verb, const char *set_name,
                      const struct def_ivset *a, const struct def_ivset *b)
{
    size_t j = 0, in_stmt = 0;
    char text[140];

    for (size_t i = 0; i < a->n && c->rc == KSZ_OK; i++) {
        const struct def_iv *x = &a->iv[i];
        bool found = false;
        while (j < b->n && b->iv[j].lo < x->lo)
            j++;
        if (j < b->n && b->iv[j].lo == x->lo && b->iv[j].hi == x->hi)
            found = true;
        if (found)
            continue;
        if (in_stmt == 0)
            ksz__def_printf(c, "%s element inet %s %s {", verb, c->o->set_name, set_name);
        ksz__def_iv_text(a->v6, x->lo, x->hi, text);
        ksz__def_printf(c, "%s %s", in_stmt ? "," : "", text);
        if (++in_stmt == PER_STATEMENT) {
            ksz__def_str(c, " }\n");
            in_stmt = 0;
        }
    }
    if (in_stmt > 0)
        ksz__def_str(c, " }\n");
}

ksz_rc ksz__def_nftables(struct def_ctx *c)
{
    static const char *const names[2][2] = {{"in_v4", "in_v6"}, {"out_v4", "out_v6"}};
    unsigned dir = ksz__def_direction(c);
    struct def_ivset now[2][2], then[2][2];
    bool any_fw = (c->f.usage & (KSZ_USAGE_BLOCK_FW_INBOUND | KSZ_USAGE_BLOCK_FW_OUTBOUND)) != 0;
    const char *t = c->o->set_name;
    ksz_rc rc = KSZ_OK;

    if (!ksz__def_ident_ok(t, 31))
        return ksz_error_set(c->err, KSZ_ERR_INVALID, "defense: nftables: bad table name");
    memset(now, 0, sizeof now);
    memset(then, 0, sizeof then);
    for (int d = 0; d < 2 && rc == KSZ_OK; d++) {
        struct dir_pick p = {d == 0 ? KSZ_USAGE_BLOCK_FW_INBOUND : KSZ_USAGE_BLOCK_FW_OUTBOUND,
                             !any_fw};
        if (!(dir & (d == 0 ? KSZ_DEFENSE_DIR_IN : KSZ_DEFENSE_DIR_OUT)))
            continue;
        for (int f = 0; f < 2 && rc == KSZ_OK; f++) {
            rc = ksz__def_ivset_build(&c->cur, f == 1, pick, &p, &now[d][f]);
            if (rc == KSZ_OK && c->delta)
                rc = ksz__def_ivset_build(&c->old, f == 1, pick, &p, &then[d][f]);
        }
    }
    if (rc != KSZ_OK) {
        ksz_error_set(c->err, rc, "defense: %s", ksz_strerror(rc));
        goto out;
    }
    ksz__def_file(c, "kizashi.nft");
    ksz__def_header(c, "#", c->delta ? "nftables, incremental" : "nftables");
    if (c->delta) {
        for (int d = 0; d < 2; d++)
            for (int f = 0; f < 2; f++)
                if (dir & (d == 0 ? KSZ_DEFENSE_DIR_IN : KSZ_DEFENSE_DIR_OUT))
                    delta_ops(c, "delete", names[d][f], &then[d][f], &now[d][f]);
        for (int d = 0; d < 2; d++)
            for (int f = 0; f < 2; f++)
                if (dir & (d == 0 ? KSZ_DEFENSE_DIR_IN : KSZ_DEFENSE_DIR_OUT))
                    delta_ops(c, "add", names[d][f], &now[d][f], &then[d][f]);
        goto out;
    }
    ksz__def_printf(c, "table inet %s\ndelete table inet %s\ntable inet %s {\n", t, t, t);
    for (int d = 0; d < 2; d++)
        for (int f = 0; f < 2; f++)
            if (dir & (d == 0 ? KSZ_DEFENSE_DIR_IN : KSZ_DEFENSE_DIR_OUT)) {
                set_def(c, names[d][f], &now[d][f]);
                c->written += now[d][f].nmem;
            }
    if (dir & KSZ_DEFENSE_DIR_IN)
        ksz__def_str(c, "\tchain input {\n\t\ttype filter hook input priority -10; policy accept;\n"
                        "\t\tip saddr @in_v4 counter drop\n\t\tip6 saddr @in_v6 counter drop\n"
                        "\t}\n");
    if (dir & KSZ_DEFENSE_DIR_OUT)
        ksz__def_str(c, "\tchain output {\n\t\ttype filter hook output priority -10; policy "
                        "accept;\n\t\tip daddr @out_v4 counter reject\n"
                        "\t\tip6 daddr @out_v6 counter reject\n\t}\n");
    ksz__def_str(c, "\tchain forward {\n\t\ttype filter hook forward priority -10; policy accept;\n");
    if (dir & KSZ_DEFENSE_DIR_IN)
        ksz__def_str(c, "\t\tip saddr @in_v4 counter drop\n\t\tip6 saddr @in_v6 counter drop\n");
    if (dir & KSZ_DEFENSE_DIR_OUT)
        ksz__def_str(c, "\t\tip daddr @out_v4 counter drop\n\t\tip6 daddr @out_v6 counter drop\n");
    ksz__def_str(c, "\t}\n}\n");
out:
    for (int d = 0; d < 2; d++)
        for (int f = 0; f < 2; f++) {
            ksz__def_ivset_free(&now[d][f]);
            ksz__def_ivset_free(&then[d][f]);
        }
    return rc != KSZ_OK ? rc : c->rc;
}
