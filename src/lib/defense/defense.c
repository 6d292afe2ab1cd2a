/* SPDX-License-Identifier: Apache-2.0 */
/*
 * defense.c - the blocklist export driver: the target registry (names,
 * types, default usages, incremental forms), the selection every target
 * shares, and the buffered output into named files.
 *
 * The one decision here: the selection is always the store's active test
 * plus a fresh warninglist check, whatever the caller's filter says; the
 * filter can only narrow it. A delta (--since) is the difference between
 * two such selections, the one now and the one rebuilt for the earlier
 * time (collect.c), so it cannot disagree with a full export.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "defense/defense_int.h"

#define OUT_FLUSH (256u * 1024u)

#define T_IP (KSZ_IOC_BIT(KSZ_IOC_IPV4) | KSZ_IOC_BIT(KSZ_IOC_IPV6))
#define T_NET (KSZ_IOC_BIT(KSZ_IOC_CIDR4) | KSZ_IOC_BIT(KSZ_IOC_CIDR6))
#define T_DOM KSZ_IOC_BIT(KSZ_IOC_DOMAIN)
#define T_URL KSZ_IOC_BIT(KSZ_IOC_URL)
#define T_HASH                                                                           \
    (KSZ_IOC_BIT(KSZ_IOC_MD5) | KSZ_IOC_BIT(KSZ_IOC_SHA1) | KSZ_IOC_BIT(KSZ_IOC_SHA256) | \
     KSZ_IOC_BIT(KSZ_IOC_SHA512))

static const struct target {
    const char *name;
    ksz_ioc_typeset types;
    uint32_t usage;
    bool dir, delta;
    ksz_rc (*run)(struct def_ctx *c);
} targets[KSZ_DEFENSE__COUNT] = {
    [KSZ_DEFENSE_SURICATA] = {"suricata", T_IP | T_NET | T_DOM | T_URL |
                                              KSZ_IOC_BIT(KSZ_IOC_MD5) |
                                              KSZ_IOC_BIT(KSZ_IOC_SHA256),
                              0, true, false, ksz__def_suricata},
    [KSZ_DEFENSE_SNORT] = {"snort", T_IP | T_NET | T_DOM | T_URL, 0, false, false,
                           ksz__def_snort},
    [KSZ_DEFENSE_ZEEK_INTEL] = {"zeek-intel",
                                T_IP | T_NET | T_DOM | T_URL | KSZ_IOC_BIT(KSZ_IOC_EMAIL) |
                                    T_HASH,
                                0, false, false, ksz__def_zeek},
    [KSZ_DEFENSE_RPZ] = {"rpz", T_DOM, KSZ_USAGE_BLOCK_DNS, false, false, ksz__def_rpz},
    [KSZ_DEFENSE_NFTABLES] = {"nftables", T_IP | T_NET,
                              KSZ_USAGE_BLOCK_FW_INBOUND | KSZ_USAGE_BLOCK_FW_OUTBOUND, false,
                              true, ksz__def_nftables},
    [KSZ_DEFENSE_IPSET] = {"ipset", T_IP | T_NET,
                           KSZ_USAGE_BLOCK_FW_INBOUND | KSZ_USAGE_BLOCK_FW_OUTBOUND, false, true,
                           ksz__def_ipset},
    [KSZ_DEFENSE_SQUID] = {"squid", T_IP | T_NET | T_DOM | T_URL,
                           KSZ_USAGE_BLOCK_PROXY_OUTBOUND, true, false, ksz__def_squid},
    [KSZ_DEFENSE_AWSWAF] = {"awswaf", T_IP | T_NET | T_DOM, KSZ_USAGE_BLOCK_WAF, true, false,
                            ksz__def_awswaf},
    [KSZ_DEFENSE_EDL] = {"edl", T_IP | T_NET | T_DOM | T_URL,
                         KSZ_USAGE_BLOCK_FW_INBOUND | KSZ_USAGE_BLOCK_FW_OUTBOUND |
                             KSZ_USAGE_BLOCK_PROXY_OUTBOUND,
                         true, true, ksz__def_edl},
    [KSZ_DEFENSE_PLAIN] = {"plain", KSZ_IOC_ALL, 0, false, true, ksz__def_plain},
};

static bool valid(ksz_defense_target t)
{
    return t > KSZ_DEFENSE_NONE && t < KSZ_DEFENSE__COUNT;
}

const char *ksz_defense_target_name(ksz_defense_target t)
{
    return valid(t) ? targets[t].name : "";
}

ksz_rc ksz_defense_target_parse(const char *s, size_t len, ksz_defense_target *out)
{
    static const struct {
        const char *alias;
        ksz_defense_target t;
    } aliases[] = {{"zeek", KSZ_DEFENSE_ZEEK_INTEL},
                   {"nft", KSZ_DEFENSE_NFTABLES},
                   {"aws-waf", KSZ_DEFENSE_AWSWAF}};

    for (int t = 1; t < KSZ_DEFENSE__COUNT; t++)
        if (strlen(targets[t].name) == len && strncasecmp(s, targets[t].name, len) == 0) {
            *out = (ksz_defense_target)t;
            return KSZ_OK;
        }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strlen(aliases[i].alias) == len && strncasecmp(s, aliases[i].alias, len) == 0) {
            *out = aliases[i].t;
            return KSZ_OK;
        }
    return KSZ_ERR_NOTFOUND;
}

bool ksz_defense_target_is_dir(ksz_defense_target t)
{
    return valid(t) && targets[t].dir;
}

bool ksz_defense_target_has_delta(ksz_defense_target t)
{
    return valid(t) && targets[t].delta;
}

uint32_t ksz_defense_default_usage(ksz_defense_target t)
{
    return valid(t) ? targets[t].usage : 0;
}

ksz_ioc_typeset ksz_defense_types(ksz_defense_target t)
{
    return valid(t) ? targets[t].types : 0;
}

void ksz_defense_opts_init(struct ksz_defense_opts *o)
{
    memset(o, 0, sizeof *o);
    o->rpz_zone = "rpz.kizashi";
    o->set_name = "kizashi";
    o->acl_dir = "/etc/squid/kizashi";
    o->waf_scope = "REGIONAL";
    o->sid_base = KSZ_DEFENSE_SID_BASE;
}

/* ---- output -------------------------------------------------------------- */

void ksz__def_fail(struct def_ctx *c, ksz_rc rc)
{
    if (c->rc == KSZ_OK && rc != KSZ_OK) {
        c->rc = rc;
        ksz_error_set(c->err, rc, "defense: %s", ksz_strerror(rc));
    }
}

static void flush(struct def_ctx *c, const char *file)
{
    if (c->rc == KSZ_OK && c->b.len > 0) {
        ksz_rc rc = c->write(c->user, file, c->b.data, c->b.len);
        if (rc != KSZ_OK) {
            c->rc = rc;
            ksz_error_set(c->err, rc, "defense: %s: write error", file);
        }
    }
    ksz_buf_reset(&c->b);
}

void ksz__def_file(struct def_ctx *c, const char *name)
{
    if (c->file != NULL)
        flush(c, c->file);
    snprintf(c->fname, sizeof c->fname, "%s", name);
    c->file = c->fname;
    if (c->rc == KSZ_OK) {
        ksz_rc rc = c->write(c->user, c->fname, NULL, 0);
        if (rc != KSZ_OK) {
            c->rc = rc;
            ksz_error_set(c->err, rc, "defense: %s: cannot open", name);
        }
    }
}

void ksz__def_mem(struct def_ctx *c, const char *s, size_t n)
{
    if (c->rc != KSZ_OK)
        return;
    ksz__def_fail(c, ksz_buf_append(&c->b, s, n));
    if (c->b.len >= OUT_FLUSH)
        flush(c, c->file);
}

void ksz__def_str(struct def_ctx *c, const char *s)
{
    ksz__def_mem(c, s, strlen(s));
}

void ksz__def_printf(struct def_ctx *c, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        ksz__def_mem(c, tmp, (size_t)n);
        return;
    }
    if (c->rc != KSZ_OK)
        return;
    va_start(ap, fmt);
    ksz__def_fail(c, ksz_buf_reserve(&c->b, (size_t)n + 1));
    if (c->rc == KSZ_OK) {
        vsnprintf(c->b.data + c->b.len, (size_t)n + 1, fmt, ap);
        c->b.len += (size_t)n;
    }
    va_end(ap);
}

const char *ksz__def_time(int64_t t, char buf[32])
{
    struct tm tm;
    time_t tt = (time_t)t;

    if (t == 0 || gmtime_r(&tt, &tm) == NULL) {
        snprintf(buf, 32, "none");
        return buf;
    }
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void ksz__def_clean(struct def_ctx *c, const char *s, const char *bad, bool ascii)
{
    const char *run = s;

    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch < 0x20 || ch == 0x7f || (ascii && ch >= 0x80) || strchr(bad, ch) != NULL) {
            ksz__def_mem(c, run, (size_t)(s - run));
            ksz__def_mem(c, "_", 1);
            run = s + 1;
        }
    }
    ksz__def_mem(c, run, (size_t)(s - run));
}

static size_t clean_into(char *out, size_t cap, size_t n, const char *s, const char *bad,
                         bool ascii)
{
    for (; *s && n + 1 < cap; s++) {
        unsigned char ch = (unsigned char)*s;
        bool rep = ch < 0x20 || ch == 0x7f || (ascii && ch >= 0x80) || strchr(bad, ch) != NULL;
        out[n++] = rep ? '_' : (char)ch;
    }
    out[n] = '\0';
    return n;
}

size_t ksz__def_context_text(const struct def_set *set, const struct def_entry *e,
                             const char *bad, bool ascii, char *out, size_t cap)
{
    char tb[32];
    const char *thr = DEF_STR(set, e->threat);
    size_t n = 0;

    n = clean_into(out, cap, n, "threat=", "", false);
    n = clean_into(out, cap, n, *thr ? thr : "unknown", bad, ascii);
    n = clean_into(out, cap, n, "; source=", "", false);
    n = clean_into(out, cap, n, DEF_STR(set, e->source), bad, ascii);
    n = clean_into(out, cap, n, "; valid_until=", "", false);
    n = clean_into(out, cap, n, ksz__def_time(e->valid_until, tb), "", false);
    return n;
}

void ksz__def_context(struct def_ctx *c, const struct def_set *set, const struct def_entry *e,
                      const char *bad, bool ascii)
{
    char buf[2048];
    size_t n = ksz__def_context_text(set, e, bad, ascii, buf, sizeof buf);

    ksz__def_mem(c, buf, n);
}

void ksz__def_header(struct def_ctx *c, const char *prefix, const char *what)
{
    char tb[32];

    ksz__def_printf(c, "%s kizashi %s blocklist (%s)\n", prefix,
                    ksz_defense_target_name(c->o->target), what);
    ksz__def_printf(c, "%s newest change: %s\n", prefix, ksz__def_time(c->newest, tb));
    if (c->delta)
        ksz__def_printf(c, "%s delta since: %s: %zu added, %zu removed\n", prefix,
                        ksz__def_time(c->o->since, tb), (size_t)c->added, (size_t)c->removed);
    else
        ksz__def_printf(c, "%s entries: %zu (active, not warninglisted, deduplicated)\n", prefix,
                        c->cur.n);
}

void ksz__def_diff(struct def_ctx *c, void (*cb)(struct def_ctx *c, const struct def_set *set,
                                                  const struct def_entry *e, bool added))
{
    size_t i = 0, j = 0;

    while (i < c->cur.n || j < c->old.n) {
        int r;
        if (i == c->cur.n)
            r = 1;
        else if (j == c->old.n)
            r = -1;
        else
            r = ksz__def_cmp(&c->cur, &c->cur.e[i], &c->old, &c->old.e[j]);
        if (r < 0)
            cb(c, &c->cur, &c->cur.e[i++], true);
        else if (r > 0)
            cb(c, &c->old, &c->old.e[j++], false);
        else
            i++, j++;
    }
}

static void count_diff(struct def_ctx *c, const struct def_set *set, const struct def_entry *e,
                       bool added)
{
    (void)set;
    (void)e;
    if (added)
        c->added++;
    else
        c->removed++;
}

void ksz__def_content(struct def_ctx *c, const char *s, size_t n)
{
    const char *run = s;
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == ';' || ch == '\\' || ch == '|' ||
            ch == ':') {
            ksz__def_mem(c, run, (size_t)(s + i - run));
            ksz__def_printf(c, "|%02X|", ch);
            run = s + i + 1;
        }
    }
    ksz__def_mem(c, run, (size_t)(s + i - run));
}

/* ---- the driver ------------------------------------------------------- */

ksz_rc ksz_defense_export(struct ksz_store *st, const struct ksz_filter *f,
                          const struct ksz_defense_opts *o, ksz_defense_write_cb write, void *user,
                          struct ksz_defense_summary *sum, struct ksz_error *err)
{
    struct def_ctx c;
    ksz_ioc_typeset types;
    ksz_rc rc = KSZ_OK;

    if (o == NULL || !valid(o->target))
        return ksz_error_set(err, KSZ_ERR_INVALID, "defense: no such target");
    if (o->since > 0 && !targets[o->target].delta)
        return ksz_error_set(err, KSZ_ERR_INVALID,
                             "defense: %s has no incremental form (--since works with nftables,"
                             " ipset, edl and plain)",
                             targets[o->target].name);
    memset(&c, 0, sizeof c);
    c.st = st;
    c.o = o;
    c.write = write;
    c.user = user;
    c.err = err;
    ksz_buf_init(&c.b, 0);
    ksz_buf_init(&c.cur.text, 0);
    ksz_buf_init(&c.old.text, 0);
    if (f != NULL)
        c.f = *f;
    else
        ksz_filter_init(&c.f);
    if (c.f.now == 0 || f == NULL)
        c.f.now = ksz_store_now(st);
    c.f.active_only = true;
    c.f.include_warned = false;
    c.f.since = 0; /* "modified since" is not a blocklist notion: --since is a delta */
    types = targets[o->target].types;
    if (o->target == KSZ_DEFENSE_RPZ && o->rpz_ip)
        types |= T_IP | T_NET;
    c.f.types = c.f.types != 0 ? (c.f.types & types) : types;
    if (c.f.types == 0)
        c.f.types = KSZ_IOC_BIT(KSZ_IOC_NONE); /* nothing the target can express */
    if (c.f.usage == 0)
        c.f.usage = targets[o->target].usage;
    c.delta = o->since > 0;
    if (c.delta && o->since >= c.f.now)
        rc = ksz_error_set(err, KSZ_ERR_INVALID, "defense: --since must be before now");
    if (rc == KSZ_OK)
        rc = ksz__def_collect(&c, &c.cur, false);
    if (rc == KSZ_OK && c.delta) {
        rc = ksz__def_collect(&c, &c.old, true);
        if (rc == KSZ_OK)
            ksz__def_diff(&c, count_diff);
    }
    c.file = NULL;
    if (rc == KSZ_OK) {
        rc = targets[o->target].run(&c);
        if (rc == KSZ_OK)
            rc = c.rc;
        if (rc == KSZ_OK)
            flush(&c, c.file);
        if (rc == KSZ_OK)
            rc = c.rc;
    }
    if (rc == KSZ_OK && sum != NULL) {
        sum->entries = c.delta ? 0 : c.cur.n;
        sum->added = c.added;
        sum->removed = c.removed;
        sum->held_back = c.held_back;
        sum->newest = c.newest;
    }
    c.file = NULL;
    ksz__def_set_free(&c.cur);
    ksz__def_set_free(&c.old);
    ksz_buf_cleanup(&c.b);
    return rc;
}
