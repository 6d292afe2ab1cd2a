/* SPDX-License-Identifier: Apache-2.0 */
/*
 * squid.c - Squid ACL files and the squid.conf snippet that uses them.
 *
 *   kizashi-domains.acl  dstdomain: ".evil.com" (the domain and every
 *                        subdomain); a domain whose parent is listed is left
 *                        out, as Squid rejects or warns about such pairs
 *   kizashi-ips.acl      dst: addresses and networks, merged so that none
 *                        overlaps another (Squid warns about overlaps and
 *                        drops one), written as CIDRs
 *   kizashi-urls.acl     url_regex -i: each URL anchored at the start, its
 *                        POSIX ERE metacharacters escaped, ending at the
 *                        end of the URL or at its query string
 *   kizashi-squid.conf   acl and http_access deny lines naming the files
 *                        in acl_dir (where the caller installs them)
 *
 * A list with no entry gets an empty file and no acl line: Squid refuses
 * an ACL with no values in some releases. https URLs only match where Squid
 * sees them (ssl-bump); a CONNECT shows only the host, which the domain and
 * address lists catch.
 */
#include <stdio.h>
#include <string.h>
#include "defense/defense_int.h"

static void regex_escaped(struct def_ctx *c, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (strchr("\\.[](){}*+?^$|", ch) != NULL && ch != 0) {
            char esc[2] = {'\\', (char)ch};
            ksz__def_mem(c, esc, 2);
        } else if (ch <= 0x20 || ch >= 0x7f) {
            ksz__def_mem(c, ".", 1); /* any byte: the file is read line by line */
        } else {
            ksz__def_mem(c, s + i, 1);
        }
    }
}

struct cidr_out {
    struct def_ctx *c;
    size_t n;
};

static void put_cidr(void *u, const char *cidr)
{
    struct cidr_out *o = u;
    ksz__def_str(o->c, cidr);
    ksz__def_str(o->c, "\n");
    o->n++;
}

static size_t write_ips(struct def_ctx *c)
{
    const struct def_set *set = &c->cur;
    struct cidr_out co = {c, 0};

    for (int fam = 0; fam < 2 && c->rc == KSZ_OK; fam++) {
        struct def_ivset s;
        ksz_rc rc = ksz__def_ivset_build(set, fam == 1, NULL, NULL, &s);
        if (rc != KSZ_OK) {
            ksz__def_fail(c, rc);
            break;
        }
        for (size_t i = 0; i < s.n && c->rc == KSZ_OK; i++) {
            for (size_t k = 0; k < s.iv[i].count && k < 8; k++) {
                const struct def_entry *e = &set->e[s.members[s.iv[i].first + k]];
                ksz__def_str(c, "# ");
                ksz__def_mem(c, DEF_VAL(set, e), e->vlen);
                ksz__def_str(c, ": ");
                ksz__def_context(c, set, e, "", false);
                ksz__def_str(c, "\n");
            }
            ksz__def_iv_cidrs(s.v6, s.iv[i].lo, s.iv[i].hi, put_cidr, &co);
        }
        c->written += s.nmem;
        ksz__def_ivset_free(&s);
    }
    return co.n;
}

static size_t write_urls(struct def_ctx *c)
{
    const struct def_set *set = &c->cur;
    size_t n = 0;

    for (size_t i = 0; i < set->n && c->rc == KSZ_OK; i++) {
        const struct def_entry *e = &set->e[i];
        struct ksz_url parts;
        char canon[KSZ_IOC_VALUE_MAX + 1];
        size_t len;
        if (e->type != KSZ_IOC_URL)
            continue;
        if (ksz_url_canon(DEF_VAL(set, e), e->vlen, canon, sizeof canon, &len, &parts, NULL) !=
            KSZ_OK)
            continue;
        ksz__def_str(c, "# ");
        ksz__def_context(c, set, e, "", false);
        ksz__def_str(c, "\n^");
        regex_escaped(c, canon, len);
        ksz__def_str(c, parts.path_off >= len ? "(/|$)\n" : "(\\?|$)\n");
        c->written++;
        n++;
    }
    return n;
}

ksz_rc ksz__def_squid(struct def_ctx *c)
{
    const struct def_set *set = &c->cur;
    const char *dir = c->o->acl_dir;
    size_t nd = 0, ni, nu;
    bool *keep;
    ksz_rc rc;

    if (dir == NULL || *dir == '\0' || strpbrk(dir, "\"\n\r\t ") != NULL)
        return ksz_error_set(c->err, KSZ_ERR_INVALID,
                             "defense: squid: the ACL directory must be a path without blanks"
                             " or quotes");
    keep = ksz__malloc((set->n ? set->n : 1) * sizeof *keep);
    if (keep == NULL)
        return ksz_error_set(c->err, KSZ_ERR_NOMEM, "defense: out of memory");
    rc = ksz__def_domains_minimal(set, keep);
    if (rc != KSZ_OK) {
        ksz__free(keep);
        return ksz_error_set(c->err, rc, "defense: %s", ksz_strerror(rc));
    }
    ksz__def_file(c, "kizashi-domains.acl");
    ksz__def_header(c, "#", "squid dstdomain");
    for (size_t i = 0; i < set->n && c->rc == KSZ_OK; i++) {
        const struct def_entry *e = &set->e[i];
        if (e->type != KSZ_IOC_DOMAIN || !keep[i])
            continue;
        ksz__def_str(c, "# ");
        ksz__def_context(c, set, e, "", false);
        ksz__def_str(c, "\n.");
        ksz__def_mem(c, DEF_VAL(set, e), e->vlen);
        ksz__def_str(c, "\n");
        c->written++;
        nd++;
    }
    ksz__free(keep);
    ksz__def_file(c, "kizashi-ips.acl");
    ksz__def_header(c, "#", "squid dst");
    ni = write_ips(c);
    ksz__def_file(c, "kizashi-urls.acl");
    ksz__def_header(c, "#", "squid url_regex -i");
    nu = write_urls(c);
    ksz__def_file(c, "kizashi-squid.conf");
    ksz__def_header(c, "#", "squid.conf snippet: include it before your http_access allow lines");
    if (nd > 0)
        ksz__def_printf(c, "acl kizashi_domains dstdomain \"%s/kizashi-domains.acl\"\n", dir);
    if (ni > 0)
        ksz__def_printf(c, "acl kizashi_ips dst \"%s/kizashi-ips.acl\"\n", dir);
    if (nu > 0)
        ksz__def_printf(c, "acl kizashi_urls url_regex -i \"%s/kizashi-urls.acl\"\n", dir);
    if (nd > 0)
        ksz__def_str(c, "http_access deny kizashi_domains\n");
    if (ni > 0)
        ksz__def_str(c, "http_access deny kizashi_ips\n");
    if (nu > 0)
        ksz__def_str(c, "http_access deny kizashi_urls\n");
    return c->rc;
}
