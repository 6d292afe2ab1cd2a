/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rpz.c - a DNS Response Policy Zone (BIND, Unbound, Knot Resolver,
 * PowerDNS Recursor).
 *
 * Each domain is written twice, the name and "*.name", so its subdomains
 * are caught; a domain whose parent is listed is left out (the parent's
 * wildcard covers it). The action is "CNAME ." (NXDOMAIN) or, with a
 * walled-garden target, "CNAME target." With rpz_ip, addresses and
 * networks become rpz-ip triggers ("32.4.3.2.1.rpz-ip": prefix length, then
 * the address reversed; IPv6 by 16-bit words with "zz" for the longest run
 * of zero words), which act on the answers a resolver gets.
 *
 * The SOA serial must grow on every change or secondaries never transfer
 * the zone. Unless the caller gives one, it is the newest modified time of
 * the content in Unix seconds: it grows with every added or updated
 * indicator, needs no state, and stays within RFC 1982 serial arithmetic
 * until 2106. What it cannot see is a removal with nothing added (an
 * indicator expiring or being revoked): the content changes, the serial
 * does not. A primary reloading the file (rndc reload) does not care; a
 * zone served to secondaries by transfer should get --rpz-serial from the
 * caller (e.g. `date +%s`), which must itself only grow.
 */
#include <stdio.h>
#include <string.h>
#include "defense/defense_int.h"

static bool name_ok(const char *s)
{
    if (s == NULL || *s == '\0' || strlen(s) > 253)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '-' || *s == '_'))
            return false;
    return true;
}

/* The rpz-ip owner name of an address or network entry into buf. */
static bool ip_trigger(const struct def_set *set, const struct def_entry *e, char *buf, size_t cap)
{
    const char *v = DEF_VAL(set, e);
    uint32_t a4;
    uint8_t a6[16];
    unsigned pfx;
    size_t n = 0;

    if (e->type == KSZ_IOC_IPV4 || e->type == KSZ_IOC_CIDR4) {
        if (e->type == KSZ_IOC_IPV4 ? ksz_ipv4_parse(v, e->vlen, &a4, NULL) != KSZ_OK
                                    : ksz_cidr4_parse(v, e->vlen, &a4, &pfx, NULL) != KSZ_OK)
            return false;
        if (e->type == KSZ_IOC_IPV4)
            pfx = 32;
        snprintf(buf, cap, "%u.%u.%u.%u.%u.rpz-ip", pfx, a4 & 0xff, (a4 >> 8) & 0xff,
                 (a4 >> 16) & 0xff, a4 >> 24);
        return true;
    }
    if (e->type == KSZ_IOC_IPV6 || e->type == KSZ_IOC_CIDR6) {
        unsigned w[8];
        int best = -1, bestlen = 1;
        if (e->type == KSZ_IOC_IPV6 ? ksz_ipv6_parse(v, e->vlen, a6, NULL) != KSZ_OK
                                    : ksz_cidr6_parse(v, e->vlen, a6, &pfx, NULL) != KSZ_OK)
            return false;
        if (e->type == KSZ_IOC_IPV6)
            pfx = 128;
        for (int i = 0; i < 8; i++)
            w[i] = (unsigned)a6[2 * i] << 8 | a6[2 * i + 1];
        for (int i = 0; i < 8;) {       /* the longest run of zero words, at least 2 */
            int j = i;
            while (j < 8 && w[j] == 0)
                j++;
            if (j - i > bestlen) {
                best = i;
                bestlen = j - i;
            }
            i = j > i ? j : i + 1;
        }
        n = (size_t)snprintf(buf, cap, "%u", pfx);
        for (int i = 7; i >= 0 && n < cap; i--) {
            if (best >= 0 && i >= best && i < best + bestlen) {
                if (i == best + bestlen - 1)
                    n += (size_t)snprintf(buf + n, cap - n, ".zz");
                continue;
            }
            n += (size_t)snprintf(buf + n, cap - n, ".%x", w[i]);
        }
        if (n < cap)
            snprintf(buf + n, cap - n, ".rpz-ip");
        return n < cap;
    }
    return false;
}

ksz_rc ksz__def_rpz(struct def_ctx *c)
{
    const struct def_set *set = &c->cur;
    const struct ksz_defense_opts *o = c->o;
    char action[300], owner[120];
    uint32_t serial;
    bool *keep;
    ksz_rc rc;

    if (!name_ok(o->rpz_zone))
        return ksz_error_set(c->err, KSZ_ERR_INVALID, "defense: rpz: bad zone name");
    if (o->rpz_target != NULL && !name_ok(o->rpz_target))
        return ksz_error_set(c->err, KSZ_ERR_INVALID, "defense: rpz: bad target name");
    if (o->rpz_target != NULL && strcmp(o->rpz_target, ".") != 0) {
        size_t tl = strlen(o->rpz_target);
        snprintf(action, sizeof action, "CNAME\t%s%s", o->rpz_target,
                 o->rpz_target[tl - 1] == '.' ? "" : ".");
    } else {
        snprintf(action, sizeof action, "CNAME\t.");
    }
    serial = o->rpz_serial != 0 ? o->rpz_serial
                                : (uint32_t)(c->newest > 0 ? c->newest : 1);
    keep = ksz__malloc((set->n ? set->n : 1) * sizeof *keep);
    if (keep == NULL)
        return ksz_error_set(c->err, KSZ_ERR_NOMEM, "defense: out of memory");
    rc = ksz__def_domains_minimal(set, keep);
    if (rc != KSZ_OK) {
        ksz__free(keep);
        return ksz_error_set(c->err, rc, "defense: %s", ksz_strerror(rc));
    }
    ksz__def_file(c, "kizashi.rpz");
    ksz__def_header(c, ";", "DNS response policy zone");
    ksz__def_printf(c, "$TTL 300\n$ORIGIN %s%s\n", o->rpz_zone,
                    o->rpz_zone[strlen(o->rpz_zone) - 1] == '.' ? "" : ".");
    ksz__def_printf(c, "@\tIN\tSOA\tlocalhost. hostmaster.localhost. ( %u 3600 600 604800 300 )\n",
                    serial);
    ksz__def_str(c, "@\tIN\tNS\tlocalhost.\n");
    for (size_t i = 0; i < set->n && c->rc == KSZ_OK; i++) {
        const struct def_entry *e = &set->e[i];
        if (e->type == KSZ_IOC_DOMAIN) {
            if (!keep[i])
                continue;
            ksz__def_str(c, "; ");
            ksz__def_context(c, set, e, "", false);
            ksz__def_str(c, "\n");
            ksz__def_mem(c, DEF_VAL(set, e), e->vlen);
            ksz__def_printf(c, "\t%s\n*.", action);
            ksz__def_mem(c, DEF_VAL(set, e), e->vlen);
            ksz__def_printf(c, "\t%s\n", action);
            c->written++;
        } else if (o->rpz_ip && ip_trigger(set, e, owner, sizeof owner)) {
            ksz__def_str(c, "; ");
            ksz__def_mem(c, DEF_VAL(set, e), e->vlen);
            ksz__def_str(c, ": ");
            ksz__def_context(c, set, e, "", false);
            ksz__def_printf(c, "\n%s\t%s\n", owner, action);
            c->written++;
        }
    }
    ksz__free(keep);
    return c->rc;
}
