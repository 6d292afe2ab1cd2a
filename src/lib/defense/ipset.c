/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ipset.c - input for `ipset restore -exist`: hash:net sets per direction
 * and family, each entry with its context as the set's comment extension.
 *
 *   <name>-in-v4, <name>-in-v6    block-fw-inbound  (iptables -m set --match-set ... src)
 *   <name>-out-v4, <name>-out-v6  block-fw-outbound (... dst)
 *
 * A full file fills a fresh "-new" set and swaps it with the live one, so
 * the firewall never sees a half-filled set, then destroys the old one.
 * Every set is created with the same fixed parameters (maxelem 16777216):
 * `create -exist` only passes over an existing set whose parameters are
 * identical, and the swap leaves the live set with the new set's
 * parameters. hash:net keeps overlapping networks apart, so entries are
 * written as they are, one per indicator value. The incremental form
 * (--since) is add and del lines; -exist makes both idempotent.
 */
#include <stdio.h>
#include <string.h>
#include "defense/defense_int.h"

#define SET_PARAMS "hashsize 65536 maxelem 16777216 comment"

static bool in_set(const struct def_ctx *c, const struct def_entry *e, int d, int fam)
{
    bool any_fw = (c->f.usage & (KSZ_USAGE_BLOCK_FW_INBOUND | KSZ_USAGE_BLOCK_FW_OUTBOUND)) != 0;
    uint32_t bit = d == 0 ? KSZ_USAGE_BLOCK_FW_INBOUND : KSZ_USAGE_BLOCK_FW_OUTBOUND;
    bool v6 = e->type == KSZ_IOC_IPV6 || e->type == KSZ_IOC_CIDR6;
    bool v4 = e->type == KSZ_IOC_IPV4 || e->type == KSZ_IOC_CIDR4;

    if (!(fam == 0 ? v4 : v6))
        return false;
    return !any_fw || (e->usage & bit) != 0;
}

static void add_line(struct def_ctx *c, const char *verb, const char *set_name, const char *suffix,
                     const struct def_set *set, const struct def_entry *e)
{
    char ctx[256];

    ksz__def_printf(c, "%s %s%s ", verb, set_name, suffix);
    ksz__def_mem(c, DEF_VAL(set, e), e->vlen);
    if (strcmp(verb, "add") == 0) {
        ksz__def_context_text(set, e, "\"\\", true, ctx, sizeof ctx);
        ksz__def_printf(c, " comment \"%s\"", ctx);
    }
    ksz__def_str(c, "\n");
}

struct delta_arg {
    int d, fam;
    const char *name;
};

static void delta_line(struct def_ctx *c, const struct def_set *set, const struct def_entry *e,
                       bool added)
{
    const struct delta_arg *a = c->diff_arg;

    if (!in_set(c, e, a->d, a->fam))
        return;
    add_line(c, added ? "add" : "del", a->name, "", set, e);
}

ksz_rc ksz__def_ipset(struct def_ctx *c)
{
    static const char *const sfx[2][2] = {{"-in-v4", "-in-v6"}, {"-out-v4", "-out-v6"}};
    unsigned dir = ksz__def_direction(c);
    const char *p = c->o->set_name;
    char name[64];

    if (!ksz__def_ident_ok(p, 20))
        return ksz_error_set(c->err, KSZ_ERR_INVALID,
                             "defense: ipset: bad set name prefix (letters, digits, '_', '-';"
                             " at most 20)");
    ksz__def_file(c, "kizashi.ipset");
    ksz__def_header(c, "#", c->delta ? "ipset restore -exist, incremental" : "ipset restore -exist");
    for (int d = 0; d < 2; d++) {
        if (!(dir & (d == 0 ? KSZ_DEFENSE_DIR_IN : KSZ_DEFENSE_DIR_OUT)))
            continue;
        for (int fam = 0; fam < 2 && c->rc == KSZ_OK; fam++) {
            snprintf(name, sizeof name, "%s%s", p, sfx[d][fam]);
            if (c->delta) {
                struct delta_arg a = {d, fam, name};
                c->diff_arg = &a;
                ksz__def_diff(c, delta_line);
                c->diff_arg = NULL;
                continue;
            }
            ksz__def_printf(c, "create %s hash:net family %s " SET_PARAMS "\n", name,
                            fam ? "inet6" : "inet");
            ksz__def_printf(c, "create %s-new hash:net family %s " SET_PARAMS "\n", name,
                            fam ? "inet6" : "inet");
            ksz__def_printf(c, "flush %s-new\n", name);
            for (size_t i = 0; i < c->cur.n && c->rc == KSZ_OK; i++)
                if (in_set(c, &c->cur.e[i], d, fam)) {
                    add_line(c, "add", name, "-new", &c->cur, &c->cur.e[i]);
                    c->written++;
                }
            ksz__def_printf(c, "swap %s-new %s\ndestroy %s-new\n", name, name, name);
        }
    }
    return c->rc;
}
