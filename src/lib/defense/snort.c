/* SPDX-License-Identifier: Apache-2.0 */
/*
 * snort.c - Snort 3 rules, one per indicator and protocol, with stable sids.
 *
 *   domain   a DNS query holding the name's labels in wire form
 *            ("|04|evil|03|com|00|": the name and its subdomains, never
 *            "notevil.com"), and the HTTP Host header (content as fast
 *            pattern, then a pcre anchoring it at a label boundary)
 *   URL      Host header and URI prefix
 *   address  ip $HOME_NET <> it
 *
 * The context is a comment above each indicator's rules and its threat is
 * in msg. Sids come from sid.c with their own kinds, so a domain's Snort
 * sids differ from its Suricata ones and both stay stable.
 */
#include <stdio.h>
#include <string.h>
#include "defense/defense_int.h"

static const char *const k_domain[] = {"snort-dns", "snort-http", NULL};
static const char *const k_url[] = {"snort-url", NULL};
static const char *const k_ip[] = {"snort-ip", NULL};

static const char *const *kinds(ksz_ioc_type t)
{
    switch (t) {
    case KSZ_IOC_DOMAIN:
        return k_domain;
    case KSZ_IOC_URL:
        return k_url;
    case KSZ_IOC_IPV4:
    case KSZ_IOC_IPV6:
    case KSZ_IOC_CIDR4:
    case KSZ_IOC_CIDR6:
        return k_ip;
    default:
        return NULL;
    }
}

static void tail(struct def_ctx *c, uint32_t sid)
{
    ksz__def_printf(c, "classtype:trojan-activity; sid:%u; rev:1; )\n", sid);
}

static void domain_rules(struct def_ctx *c, const struct def_sids *sids, const struct def_set *set,
                         const struct def_entry *e)
{
    const char *v = DEF_VAL(set, e), *end = v + e->vlen, *p = v;

    ksz__def_str(c, "alert udp $HOME_NET any -> any 53 ( ");
    ksz__def_msg(c, set, e, "DNS query");
    ksz__def_str(c, "content:\"");
    while (p < end) {
        const char *dot = memchr(p, '.', (size_t)(end - p));
        size_t n = dot != NULL ? (size_t)(dot - p) : (size_t)(end - p);
        ksz__def_printf(c, "|%02X|", (unsigned)n);
        ksz__def_content(c, p, n);
        p += n + (dot != NULL);
    }
    ksz__def_str(c, "|00|\", nocase; ");
    tail(c, ksz__def_sid(sids, k_domain[0], e->type, v, e->vlen));

    ksz__def_str(c, "alert http ( ");
    ksz__def_msg(c, set, e, "HTTP Host");
    ksz__def_str(c, "http_header:field host; content:\"");
    ksz__def_content(c, v, e->vlen);
    ksz__def_str(c, "\", nocase; pcre:\"/(^|\\.)");
    for (p = v; p < end; p++)
        ksz__def_str(c, *p == '.' ? "\\." : (char[2]){*p, 0});
    ksz__def_str(c, "(:\\d+)?$/i\"; ");
    tail(c, ksz__def_sid(sids, k_domain[1], e->type, v, e->vlen));
}

static void url_rule(struct def_ctx *c, const struct def_sids *sids, const struct def_set *set,
                     const struct def_entry *e)
{
    const char *v = DEF_VAL(set, e);
    char canon[KSZ_IOC_VALUE_MAX + 1];
    struct ksz_url u;
    size_t len;

    if (ksz_url_canon(v, e->vlen, canon, sizeof canon, &len, &u, NULL) != KSZ_OK ||
        strncmp(canon, "http", 4) != 0)
        return;
    ksz__def_str(c, "alert http ( ");
    ksz__def_msg(c, set, e, "HTTP URL");
    ksz__def_str(c, "http_header:field host; content:\"");
    ksz__def_content(c, canon + u.host_off, u.host_len);
    ksz__def_str(c, "\", nocase; ");
    if (u.path_off < len) {
        ksz__def_str(c, "http_uri; content:\"");
        ksz__def_content(c, canon + u.path_off, len - u.path_off);
        ksz__def_str(c, "\"; ");
    }
    tail(c, ksz__def_sid(sids, k_url[0], e->type, v, e->vlen));
}

ksz_rc ksz__def_snort(struct def_ctx *c)
{
    const struct def_set *set = &c->cur;
    struct def_sids *sids = NULL;
    ksz_rc rc;

    rc = ksz__def_sids_build(c,
                             KSZ_IOC_BIT(KSZ_IOC_DOMAIN) | KSZ_IOC_BIT(KSZ_IOC_URL) |
                                 KSZ_IOC_BIT(KSZ_IOC_IPV4) | KSZ_IOC_BIT(KSZ_IOC_IPV6) |
                                 KSZ_IOC_BIT(KSZ_IOC_CIDR4) | KSZ_IOC_BIT(KSZ_IOC_CIDR6),
                             kinds, &sids);
    if (rc != KSZ_OK)
        return rc;
    ksz__def_file(c, "kizashi-snort.rules");
    ksz__def_header(c, "#", "snort 3 rules");
    for (size_t i = 0; i < set->n && c->rc == KSZ_OK; i++) {
        const struct def_entry *e = &set->e[i];
        if (kinds(e->type) == NULL)
            continue;
        ksz__def_str(c, "# ");
        ksz__def_clean(c, DEF_VAL(set, e), "", false);
        ksz__def_str(c, ": ");
        ksz__def_context(c, set, e, "", false);
        ksz__def_str(c, "\n");
        if (e->type == KSZ_IOC_DOMAIN) {
            domain_rules(c, sids, set, e);
        } else if (e->type == KSZ_IOC_URL) {
            url_rule(c, sids, set, e);
        } else {
            ksz__def_str(c, "alert ip $HOME_NET any <> ");
            ksz__def_mem(c, DEF_VAL(set, e), e->vlen);
            ksz__def_str(c, " any ( ");
            ksz__def_msg(c, set, e, "address");
            tail(c, ksz__def_sid(sids, k_ip[0], e->type, DEF_VAL(set, e), e->vlen));
        }
        c->written++;
    }
    ksz__def_sids_free(sids);
    return c->rc;
}
