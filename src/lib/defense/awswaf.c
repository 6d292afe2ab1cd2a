/* SPDX-License-Identifier: Apache-2.0 */
/*
 * awswaf.c - request documents for AWS WAFv2: UpdateIPSet for addresses and
 * UpdateRegexPatternSet for domains, to pass with
 * `aws wafv2 update-ip-set --cli-input-json file://F --id ID --lock-token T`.
 *
 * Limits of the service decide the shape: an IP set holds at most 10,000
 * addresses (CIDRs) and one family, so addresses are merged (interval.c),
 * written as CIDRs (/32 and /128 for single hosts) and split into sets
 * awswaf-ipv4-001.json, -002, ... and awswaf-ipv6-001.json, ...; a regex
 * pattern set holds at most 10 regular expressions of at most 200
 * characters, so domains (minus those whose parent is listed) are packed
 * into alternations "(^|\.)(a\.com|b\.net)(:[0-9]+)?$" matched against the
 * Host header, 10 to a file: awswaf-domains-001.json, ... JSON has no
 * comments: the context of each entry stays in the store; each document's
 * Description says what it holds and the newest change.
 */
#include <stdio.h>
#include <string.h>
#include "defense/defense_int.h"

#define IPSET_MAX 10000
#define REGEX_MAX 200
#define REGEX_PER_SET 10
#define REGEX_HEAD "(^|\\.)("
#define REGEX_TAIL ")(:[0-9]+)?$"

struct cidrs {
    char (*s)[48];
    size_t n, cap;
    ksz_rc rc;
};

static void put_cidr(void *u, const char *cidr)
{
    struct cidrs *l = u;

    if (l->rc != KSZ_OK)
        return;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 1024;
        char(*ns)[48] = ksz__realloc(l->s, nc * sizeof *ns);
        if (ns == NULL) {
            l->rc = KSZ_ERR_NOMEM;
            return;
        }
        l->s = ns;
        l->cap = nc;
    }
    snprintf(l->s[l->n++], 48, "%s", cidr);
}

static void head(struct def_ctx *c, const char *name, const char *what, size_t part, size_t parts)
{
    char tb[32];

    ksz__def_printf(c,
                    "{\n  \"Name\": \"%s\",\n  \"Scope\": \"%s\",\n"
                    "  \"Description\": \"kizashi %s part %zu of %zu, newest change %s\",\n",
                    name, c->o->waf_scope, what, part, parts, ksz__def_time(c->newest, tb));
}

static void ip_sets(struct def_ctx *c, bool v6)
{
    struct def_ivset s;
    struct cidrs l = {0};
    size_t parts;
    ksz_rc rc = ksz__def_ivset_build(&c->cur, v6, NULL, NULL, &s);

    if (rc != KSZ_OK) {
        ksz__def_fail(c, rc);
        return;
    }
    for (size_t i = 0; i < s.n; i++)
        ksz__def_iv_cidrs(v6, s.iv[i].lo, s.iv[i].hi, put_cidr, &l);
    c->written += s.nmem;
    ksz__def_ivset_free(&s);
    if (l.rc != KSZ_OK) {
        ksz__def_fail(c, l.rc);
        ksz__free(l.s);
        return;
    }
    parts = (l.n + IPSET_MAX - 1) / IPSET_MAX;
    if (parts == 0)
        parts = 1; /* an empty set still gets its file, to clear the live one */
    for (size_t p = 0; p < parts && c->rc == KSZ_OK; p++) {
        char name[64];
        size_t end = (p + 1) * IPSET_MAX < l.n ? (p + 1) * IPSET_MAX : l.n;
        snprintf(name, sizeof name, "kizashi-%s-%03zu", v6 ? "ipv6" : "ipv4", p + 1);
        {
            char file[80];
            snprintf(file, sizeof file, "awswaf-%s-%03zu.json", v6 ? "ipv6" : "ipv4", p + 1);
            ksz__def_file(c, file);
        }
        head(c, name, v6 ? "IPv6 blocklist" : "IPv4 blocklist", p + 1, parts);
        ksz__def_str(c, "  \"Addresses\": [");
        for (size_t i = p * IPSET_MAX; i < end; i++)
            ksz__def_printf(c, "%s\n    \"%s\"", i > p * IPSET_MAX ? "," : "", l.s[i]);
        ksz__def_str(c, end > p * IPSET_MAX ? "\n  ]\n}\n" : "]\n}\n");
    }
    ksz__free(l.s);
}

/* The domain escaped for a regex (only '.' and '-' occur in a canonical
 * name; '-' needs nothing outside brackets). */
static size_t escaped_len(const char *s, size_t n)
{
    size_t k = n;
    for (size_t i = 0; i < n; i++)
        k += s[i] == '.';
    return k;
}

static void regex_dom(struct def_ctx *c, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.')
            ksz__def_mem(c, "\\\\.", 3); /* \. inside a JSON string */
        else
            ksz__def_mem(c, s + i, 1);
    }
}

static void domain_sets(struct def_ctx *c, const bool *keep)
{
    const struct def_set *set = &c->cur;
    const size_t room = REGEX_MAX - strlen(REGEX_HEAD) - strlen(REGEX_TAIL);
    size_t nregex = 0, i, part = 0, parts;

    /* first pass: how many regexes, so every file can say "part i of n" */
    for (i = 0; i < set->n;) {
        size_t used = 0, k = 0;
        for (; i < set->n; i++) {
            const struct def_entry *e = &set->e[i];
            size_t len;
            if (e->type != KSZ_IOC_DOMAIN || !keep[i])
                continue;
            len = escaped_len(DEF_VAL(set, e), e->vlen);
            if (len > room)
                continue; /* cannot be expressed within the limit */
            if (used + len + (k > 0) > room)
                break;
            used += len + (k > 0);
            k++;
        }
        if (k > 0)
            nregex++;
    }
    parts = (nregex + REGEX_PER_SET - 1) / REGEX_PER_SET;
    if (parts == 0)
        parts = 1;
    i = 0;
    do {
        char name[64], file[80];
        snprintf(name, sizeof name, "kizashi-domains-%03zu", part + 1);
        snprintf(file, sizeof file, "awswaf-domains-%03zu.json", part + 1);
        ksz__def_file(c, file);
        head(c, name, "domain blocklist", part + 1, parts);
        ksz__def_str(c, "  \"RegularExpressionList\": [");
        for (size_t r = 0; r < REGEX_PER_SET && i < set->n && c->rc == KSZ_OK; r++) {
            size_t used = 0, k = 0;
            for (; i < set->n; i++) {
                const struct def_entry *e = &set->e[i];
                size_t len;
                if (e->type != KSZ_IOC_DOMAIN || !keep[i])
                    continue;
                len = escaped_len(DEF_VAL(set, e), e->vlen);
                if (len > room)
                    continue;
                if (used + len + (k > 0) > room)
                    break;
                if (k == 0)
                    ksz__def_printf(c, "%s\n    {\"RegexString\": \"(^|\\\\.)(", r ? "," : "");
                else
                    ksz__def_str(c, "|");
                regex_dom(c, DEF_VAL(set, e), e->vlen);
                used += len + (k > 0);
                k++;
                c->written++;
            }
            if (k > 0)
                ksz__def_str(c, ")(:[0-9]+)?$\"}");
        }
        ksz__def_str(c, "\n  ]\n}\n");
        part++;
    } while (part < parts && c->rc == KSZ_OK);
}

ksz_rc ksz__def_awswaf(struct def_ctx *c)
{
    bool *keep;
    ksz_rc rc;

    if (strcmp(c->o->waf_scope, "REGIONAL") != 0 && strcmp(c->o->waf_scope, "CLOUDFRONT") != 0)
        return ksz_error_set(c->err, KSZ_ERR_INVALID,
                             "defense: awswaf: scope must be REGIONAL or CLOUDFRONT");
    keep = ksz__malloc((c->cur.n ? c->cur.n : 1) * sizeof *keep);
    if (keep == NULL)
        return ksz_error_set(c->err, KSZ_ERR_NOMEM, "defense: out of memory");
    rc = ksz__def_domains_minimal(&c->cur, keep);
    if (rc == KSZ_OK) {
        ip_sets(c, false);
        ip_sets(c, true);
        domain_sets(c, keep);
    } else {
        ksz__def_fail(c, rc);
    }
    ksz__free(keep);
    return c->rc;
}
