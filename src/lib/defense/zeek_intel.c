/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zeek_intel.c - an input file for Zeek's Intel framework.
 *
 *   #fields indicator indicator_type meta.source meta.desc meta.url
 *
 * Tab-separated; an unset field is "-". Types: addresses Intel::ADDR,
 * networks Intel::SUBNET, domains Intel::DOMAIN, URLs Intel::URL (written
 * without the scheme, which is how Zeek's HTTP analyser reports them; the
 * http and https forms of one URL become one line), e-mail Intel::EMAIL,
 * hashes Intel::FILE_HASH. meta.desc carries the threats and valid_until,
 * meta.source the sources. Control bytes and tabs in names become '_'.
 */
#include <stdlib.h>
#include <string.h>
#include "defense/defense_int.h"

static const char *intel_type(ksz_ioc_type t)
{
    switch (t) {
    case KSZ_IOC_IPV4:
    case KSZ_IOC_IPV6:
        return "Intel::ADDR";
    case KSZ_IOC_CIDR4:
    case KSZ_IOC_CIDR6:
        return "Intel::SUBNET";
    case KSZ_IOC_DOMAIN:
        return "Intel::DOMAIN";
    case KSZ_IOC_URL:
        return "Intel::URL";
    case KSZ_IOC_EMAIL:
        return "Intel::EMAIL";
    case KSZ_IOC_MD5:
    case KSZ_IOC_SHA1:
    case KSZ_IOC_SHA256:
    case KSZ_IOC_SHA512:
        return "Intel::FILE_HASH";
    default:
        return NULL;
    }
}

struct url {
    const char *s;
    size_t len;
    size_t entry;
};

static int cmp_url(const void *a, const void *b)
{
    const struct url *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int r = memcmp(x->s, y->s, n);

    if (r != 0)
        return r;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static void line(struct def_ctx *c, const struct def_entry *e, const char *v, size_t len)
{
    const struct def_set *set = &c->cur;
    const char *src = DEF_STR(set, e->source);

    ksz__def_mem(c, v, len);
    ksz__def_printf(c, "\t%s\t", intel_type(e->type));
    ksz__def_clean(c, *src ? src : "-", "", false);
    ksz__def_str(c, "\t");
    ksz__def_context(c, set, e, "", false);
    ksz__def_str(c, "\t-\n");
    c->written++;
}

ksz_rc ksz__def_zeek(struct def_ctx *c)
{
    const struct def_set *set = &c->cur;
    struct url *urls;
    size_t nu = 0;

    urls = ksz__malloc((set->n ? set->n : 1) * sizeof *urls);
    if (urls == NULL)
        return ksz_error_set(c->err, KSZ_ERR_NOMEM, "defense: out of memory");
    ksz__def_file(c, "kizashi.intel");
    ksz__def_str(c, "#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\tmeta.url\n");
    for (size_t i = 0; i < set->n; i++) {
        const struct def_entry *e = &set->e[i];
        const char *v = DEF_VAL(set, e);
        if (intel_type(e->type) == NULL)
            continue;
        if (e->type == KSZ_IOC_URL) {
            const char *p = strstr(v, "://");
            urls[nu].s = p != NULL ? p + 3 : v;
            urls[nu].len = e->vlen - (size_t)(urls[nu].s - v);
            urls[nu].entry = i;
            nu++;
            continue;
        }
        line(c, e, v, e->vlen);
    }
    qsort(urls, nu, sizeof *urls, cmp_url);
    for (size_t i = 0; i < nu; i++) {
        if (i > 0 && urls[i].len == urls[i - 1].len &&
            memcmp(urls[i].s, urls[i - 1].s, urls[i].len) == 0)
            continue;
        line(c, &set->e[urls[i].entry], urls[i].s, urls[i].len);
    }
    ksz__free(urls);
    return c->rc;
}
