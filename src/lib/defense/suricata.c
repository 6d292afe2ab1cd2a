/* SPDX-License-Identifier: Apache-2.0 */
/*
 * suricata.c - Suricata rules, one per indicator and protocol, and dataset
 * files with the rules that look them up.
 *
 *   kizashi.rules           per indicator, its context as a comment above
 *                           and its threat in msg:
 *                           domain: dns.query, tls.sni and http.host, each
 *                             with dotprefix + endswith (the name and its
 *                             subdomains, nothing else)
 *                           URL: http.host exact and http.uri prefix
 *                           address or network: ip $HOME_NET <> it
 *   kizashi-datasets.rules  rules over the dataset files, for sets too big
 *                           for one rule each: domains (type string,
 *                           exact names) on dns.query, tls.sni, http.host;
 *                           ipv4 / ip on ip.src and ip.dst; MD5 and SHA-256
 *                           files by filemd5 / filesha256, which read the
 *                           same one-hash-a-line files
 *   kizashi-domains.lst (base64 strings), kizashi-md5.lst,
 *   kizashi-sha256.lst, kizashi-ipv4.lst, kizashi-ipv6.lst
 *
 * Load one of the two rule files, not both, or a domain alerts twice. Sids
 * are stable (sid.c): per-indicator rules in [sid_base + 16,
 * sid_base + 16 + 2^30), dataset rules sid_base + 0..8.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include "defense/defense_int.h"

#define MSG_BAD ";\"\\"

static const char *const k_domain[] = {"dns", "tls", "http", NULL};
static const char *const k_url[] = {"url", NULL};
static const char *const k_ip[] = {"ip", NULL};

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

#define RULE_TYPES                                                                    \
    (KSZ_IOC_BIT(KSZ_IOC_DOMAIN) | KSZ_IOC_BIT(KSZ_IOC_URL) | KSZ_IOC_BIT(KSZ_IOC_IPV4) | \
     KSZ_IOC_BIT(KSZ_IOC_IPV6) | KSZ_IOC_BIT(KSZ_IOC_CIDR4) | KSZ_IOC_BIT(KSZ_IOC_CIDR6))

/* msg:"KIZASHI <threats> <type> <value> (<what>)"; */
void ksz__def_msg(struct def_ctx *c, const struct def_set *set, const struct def_entry *e,
                  const char *what)
{
    const char *thr = DEF_STR(set, e->threat);
    char v[104];
    size_t n = e->vlen < 100 ? e->vlen : 100;

    memcpy(v, DEF_VAL(set, e), n);
    v[n] = '\0';
    if (e->vlen > 100)
        memcpy(v + 97, "...", 4);
    ksz__def_str(c, "msg:\"KIZASHI ");
    ksz__def_clean(c, *thr ? thr : "unattributed", MSG_BAD, true);
    ksz__def_printf(c, " %s ", ksz_ioc_type_name(e->type));
    ksz__def_clean(c, v, MSG_BAD, true);
    ksz__def_printf(c, " (%s)\"; ", what);
}

static void comment(struct def_ctx *c, const struct def_set *set, const struct def_entry *e)
{
    ksz__def_str(c, "# ");
    ksz__def_clean(c, DEF_VAL(set, e), "", false);
    ksz__def_str(c, ": ");
    ksz__def_context(c, set, e, "", false);
    ksz__def_str(c, "\n");
}

static void tail(struct def_ctx *c, uint32_t sid)
{
    ksz__def_printf(c, "classtype:trojan-activity; sid:%u; rev:1;)\n", sid);
}

static void domain_rules(struct def_ctx *c, const struct def_sids *sids, const struct def_set *set,
                         const struct def_entry *e)
{
    static const struct {
        const char *proto, *buf, *what;
        bool nocase;
    } r[] = {{"dns", "dns.query", "DNS query", true},
             {"tls", "tls.sni", "TLS SNI", true},
             {"http", "http.host", "HTTP Host", false}};
    const char *v = DEF_VAL(set, e);

    for (int k = 0; k < 3; k++) {
        ksz__def_printf(c, "alert %s $HOME_NET any -> any any (", r[k].proto);
        ksz__def_msg(c, set, e, r[k].what);
        ksz__def_printf(c, "%s; dotprefix; content:\".", r[k].buf);
        ksz__def_content(c, v, e->vlen);
        ksz__def_printf(c, "\"; endswith;%s ", r[k].nocase ? " nocase;" : "");
        tail(c, ksz__def_sid(sids, k_domain[k], e->type, v, e->vlen));
    }
}

static void url_rule(struct def_ctx *c, const struct def_sids *sids, const struct def_set *set,
                     const struct def_entry *e)
{
    const char *v = DEF_VAL(set, e);
    char canon[KSZ_IOC_VALUE_MAX + 1];
    struct ksz_url u;
    size_t len;

    if (ksz_url_canon(v, e->vlen, canon, sizeof canon, &len, &u, NULL) != KSZ_OK)
        return;
    if (strncmp(canon, "http", 4) != 0)
        return; /* only http and https URLs have an HTTP request to match */
    ksz__def_str(c, "alert http $HOME_NET any -> any any (");
    ksz__def_msg(c, set, e, "HTTP URL");
    ksz__def_str(c, "http.host; content:\"");
    ksz__def_content(c, canon + u.host_off, u.host_len);
    ksz__def_str(c, "\"; startswith; endswith; ");
    if (u.path_off < len) {
        ksz__def_str(c, "http.uri; content:\"");
        ksz__def_content(c, canon + u.path_off, len - u.path_off);
        ksz__def_str(c, "\"; startswith; ");
    }
    tail(c, ksz__def_sid(sids, "url", e->type, v, e->vlen));
}

static void ip_rule(struct def_ctx *c, const struct def_sids *sids, const struct def_set *set,
                    const struct def_entry *e)
{
    const char *v = DEF_VAL(set, e);

    ksz__def_str(c, "alert ip $HOME_NET any <> ");
    ksz__def_mem(c, v, e->vlen);
    ksz__def_str(c, " any (");
    ksz__def_msg(c, set, e, "address");
    tail(c, ksz__def_sid(sids, "ip", e->type, v, e->vlen));
}

static void dataset(struct def_ctx *c, const char *file, ksz_ioc_type t, bool b64)
{
    const struct def_set *set = &c->cur;
    unsigned char enc[4 * ((KSZ_IOC_VALUE_MAX + 2) / 3) + 4];

    ksz__def_file(c, file);
    for (size_t i = 0; i < set->n && c->rc == KSZ_OK; i++) {
        const struct def_entry *e = &set->e[i];
        if (e->type != t)
            continue;
        if (b64) {
            int n = EVP_EncodeBlock(enc, (const unsigned char *)DEF_VAL(set, e), (int)e->vlen);
            ksz__def_mem(c, (const char *)enc, (size_t)n);
        } else {
            ksz__def_mem(c, DEF_VAL(set, e), e->vlen);
        }
        ksz__def_mem(c, "\n", 1);
    }
}

static void dataset_rules(struct def_ctx *c)
{
    uint32_t b = c->o->sid_base;

    ksz__def_file(c, "kizashi-datasets.rules");
    ksz__def_header(c, "#", "suricata dataset rules");
    ksz__def_printf(
        c,
        "alert dns $HOME_NET any -> any any (msg:\"KIZASHI domain on kizashi-domains (DNS query)\";"
        " dns.query; dataset:isset,kizashi-domains,type string,load kizashi-domains.lst;"
        " classtype:trojan-activity; sid:%u; rev:1;)\n"
        "alert tls $HOME_NET any -> any any (msg:\"KIZASHI domain on kizashi-domains (TLS SNI)\";"
        " tls.sni; dataset:isset,kizashi-domains,type string,load kizashi-domains.lst;"
        " classtype:trojan-activity; sid:%u; rev:1;)\n"
        "alert http $HOME_NET any -> any any (msg:\"KIZASHI domain on kizashi-domains (HTTP Host)\";"
        " http.host; dataset:isset,kizashi-domains,type string,load kizashi-domains.lst;"
        " classtype:trojan-activity; sid:%u; rev:1;)\n",
        b, b + 1, b + 2);
    ksz__def_printf(
        c,
        "alert ip $HOME_NET any -> any any (msg:\"KIZASHI destination on kizashi-ipv4\"; ip.dst;"
        " dataset:isset,kizashi-ipv4,type ipv4,load kizashi-ipv4.lst; classtype:trojan-activity;"
        " sid:%u; rev:1;)\n"
        "alert ip any any -> $HOME_NET any (msg:\"KIZASHI source on kizashi-ipv4\"; ip.src;"
        " dataset:isset,kizashi-ipv4,type ipv4,load kizashi-ipv4.lst; classtype:trojan-activity;"
        " sid:%u; rev:1;)\n"
        "alert ip $HOME_NET any -> any any (msg:\"KIZASHI destination on kizashi-ipv6\"; ip.dst;"
        " dataset:isset,kizashi-ipv6,type ip,load kizashi-ipv6.lst; classtype:trojan-activity;"
        " sid:%u; rev:1;)\n"
        "alert ip any any -> $HOME_NET any (msg:\"KIZASHI source on kizashi-ipv6\"; ip.src;"
        " dataset:isset,kizashi-ipv6,type ip,load kizashi-ipv6.lst; classtype:trojan-activity;"
        " sid:%u; rev:1;)\n",
        b + 3, b + 4, b + 5, b + 6);
    ksz__def_printf(c,
                    "alert http any any -> any any (msg:\"KIZASHI file MD5 on kizashi-md5\";"
                    " filemd5:kizashi-md5.lst; classtype:trojan-activity; sid:%u; rev:1;)\n"
                    "alert http any any -> any any (msg:\"KIZASHI file SHA-256 on kizashi-sha256\";"
                    " filesha256:kizashi-sha256.lst; classtype:trojan-activity; sid:%u; rev:1;)\n",
                    b + 7, b + 8);
}

ksz_rc ksz__def_suricata(struct def_ctx *c)
{
    const struct def_set *set = &c->cur;
    struct def_sids *sids = NULL;
    ksz_rc rc;

    rc = ksz__def_sids_build(c, RULE_TYPES, kinds, &sids);
    if (rc != KSZ_OK)
        return rc;
    ksz__def_file(c, "kizashi.rules");
    ksz__def_header(c, "#", "suricata rules");
    for (size_t i = 0; i < set->n && c->rc == KSZ_OK; i++) {
        const struct def_entry *e = &set->e[i];
        if (kinds(e->type) == NULL)
            continue;
        comment(c, set, e);
        if (e->type == KSZ_IOC_DOMAIN)
            domain_rules(c, sids, set, e);
        else if (e->type == KSZ_IOC_URL)
            url_rule(c, sids, set, e);
        else
            ip_rule(c, sids, set, e);
        c->written++;
    }
    dataset_rules(c);
    dataset(c, "kizashi-domains.lst", KSZ_IOC_DOMAIN, true);
    dataset(c, "kizashi-ipv4.lst", KSZ_IOC_IPV4, false);
    dataset(c, "kizashi-ipv6.lst", KSZ_IOC_IPV6, false);
    dataset(c, "kizashi-md5.lst", KSZ_IOC_MD5, false);
    dataset(c, "kizashi-sha256.lst", KSZ_IOC_SHA256, false);
    ksz__def_sids_free(sids);
    return c->rc;
}
