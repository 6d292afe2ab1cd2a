/* SPDX-License-Identifier: Apache-2.0 */
/*
 * edl.c - External Dynamic Lists for firewalls, and plain lists.
 *
 * Firewalls that pull a list from a URL (PAN-OS EDL, FortiGate external
 * threat feeds and the like) read one entry a line with nothing else on it,
 * so these files carry no comments: the context of each entry is in the
 * other targets and in `kizashi show`. Three files: IP addresses and
 * networks (both families), domains, and URLs without their scheme (as
 * those lists want them; the http:// and https:// forms of one URL become
 * one line). "plain" is one file of every type, values only.
 *
 * Lines are sorted by their bytes and unique. Both targets have an
 * incremental form (--since): the lists then and now are built the same way
 * and compared line by line, "+line" for a line added, "-line" for one gone.
 */
#include <stdlib.h>
#include <string.h>
#include "defense/defense_int.h"

struct item {
    const char *s;
    size_t len;
};

struct list {
    struct item *it;
    size_t n;
};

static int cmp_item(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int r = memcmp(x->s, y->s, n);

    if (r != 0)
        return r;
    return x->len < y->len ? -1 : x->len > y->len;
}

/* The lines of the entries of set whose type is in types; URLs without
 * their scheme when strip is set. Sorted, unique; borrowed from set. */
static ksz_rc build(const struct def_set *set, ksz_ioc_typeset types, bool strip, struct list *l)
{
    size_t n = 0;

    l->n = 0;
    l->it = ksz__malloc((set->n ? set->n : 1) * sizeof *l->it);
    if (l->it == NULL)
        return KSZ_ERR_NOMEM;
    for (size_t i = 0; i < set->n; i++) {
        const struct def_entry *e = &set->e[i];
        const char *v = DEF_VAL(set, e);
        size_t len = e->vlen;
        if (!(types & KSZ_IOC_BIT(e->type)))
            continue;
        if (strip && e->type == KSZ_IOC_URL) {
            const char *p = strstr(v, "://");
            if (p != NULL) {
                len -= (size_t)(p + 3 - v);
                v = p + 3;
            }
        }
        l->it[n].s = v;
        l->it[n].len = len;
        n++;
    }
    qsort(l->it, n, sizeof *l->it, cmp_item);
    for (size_t i = 0; i < n; i++)
        if (l->n == 0 || cmp_item(&l->it[l->n - 1], &l->it[i]) != 0)
            l->it[l->n++] = l->it[i];
    return KSZ_OK;
}

static void line(struct def_ctx *c, const char *prefix, const struct item *it)
{
    ksz__def_str(c, prefix);
    ksz__def_mem(c, it->s, it->len);
    ksz__def_mem(c, "\n", 1);
}

/* One file: the whole list, or the difference between then and now. */
static ksz_rc write_list(struct def_ctx *c, const char *file, ksz_ioc_typeset types, bool strip)
{
    struct list now = {0}, then = {0};
    ksz_rc rc;

    ksz__def_file(c, file);
    rc = build(&c->cur, types, strip, &now);
    if (rc == KSZ_OK && c->delta)
        rc = build(&c->old, types, strip, &then);
    if (rc == KSZ_OK && !c->delta) {
        for (size_t i = 0; i < now.n; i++)
            line(c, "", &now.it[i]);
        c->written += now.n;
    } else if (rc == KSZ_OK) {
        size_t i = 0, j = 0;
        while (i < now.n || j < then.n) {
            int r = i == now.n ? 1 : j == then.n ? -1 : cmp_item(&now.it[i], &then.it[j]);
            if (r < 0)
                line(c, "+", &now.it[i++]);
            else if (r > 0)
                line(c, "-", &then.it[j++]);
            else
                i++, j++;
        }
    }
    ksz__free(now.it);
    ksz__free(then.it);
    if (rc != KSZ_OK)
        ksz__def_fail(c, rc);
    return c->rc;
}

ksz_rc ksz__def_edl(struct def_ctx *c)
{
    ksz_rc rc;

    rc = write_list(c, "edl-ip.txt",
                    KSZ_IOC_BIT(KSZ_IOC_IPV4) | KSZ_IOC_BIT(KSZ_IOC_IPV6) |
                        KSZ_IOC_BIT(KSZ_IOC_CIDR4) | KSZ_IOC_BIT(KSZ_IOC_CIDR6),
                    false);
    if (rc == KSZ_OK)
        rc = write_list(c, "edl-domain.txt", KSZ_IOC_BIT(KSZ_IOC_DOMAIN), false);
    if (rc == KSZ_OK)
        rc = write_list(c, "edl-url.txt", KSZ_IOC_BIT(KSZ_IOC_URL), true);
    return rc;
}

ksz_rc ksz__def_plain(struct def_ctx *c)
{
    return write_list(c, "kizashi.txt", KSZ_IOC_ALL, false);
}
