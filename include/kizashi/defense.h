/* SPDX-License-Identifier: Apache-2.0 */
/*
 * defense.h - blocklists for devices: Suricata and Snort rules, Zeek Intel
 * files, DNS Response Policy Zones, nftables and ipset sets, Squid ACLs,
 * AWS WAF IP sets, firewall External Dynamic Lists and plain lists.
 *
 * What leaves is always: active indicators only (inside their validity
 * window, not decayed, not revoked, not false-positive), never a value on a
 * warninglist (the lists stored now are checked again at export, so a list
 * added after an import still holds its values back), never a private,
 * loopback, documentation or reserved address or name; deduplicated by
 * (type, value) and written in a fixed order. The same store, options and
 * `now` give the same bytes: the only time written is the newest modified
 * time of the content. Each entry's threats, sources and valid_until are
 * written as a comment wherever the format has comments.
 *
 * The caller's filter narrows the selection (types, usage, confidence,
 * score, TLP ceiling, source, threat); its active_only and include_warned
 * are overridden. A filter usage of 0 means the target's default usage.
 */
#ifndef KIZASHI_DEFENSE_H
#define KIZASHI_DEFENSE_H

#include "kizashi/store.h"

/* Numbers are stable: append, never reuse. */
typedef enum ksz_defense_target {
    KSZ_DEFENSE_NONE = 0,
    KSZ_DEFENSE_SURICATA = 1,   /* directory: rules, dataset files, dataset rules */
    KSZ_DEFENSE_SNORT = 2,      /* one file: Snort 3 rules */
    KSZ_DEFENSE_ZEEK_INTEL = 3, /* one file: Zeek Intel framework input */
    KSZ_DEFENSE_RPZ = 4,        /* one file: a DNS Response Policy Zone */
    KSZ_DEFENSE_NFTABLES = 5,   /* one file: nft -f input */
    KSZ_DEFENSE_IPSET = 6,      /* one file: ipset restore input */
    KSZ_DEFENSE_SQUID = 7,      /* directory: ACL files and a squid.conf snippet */
    KSZ_DEFENSE_AWSWAF = 8,     /* directory: UpdateIPSet / UpdateRegexPatternSet JSON */
    KSZ_DEFENSE_EDL = 9,        /* directory: External Dynamic Lists (ip, domain, url) */
    KSZ_DEFENSE_PLAIN = 10,     /* one file: one value a line */
    KSZ_DEFENSE__COUNT
} ksz_defense_target;

/* "suricata", "snort", "zeek-intel", "rpz", "nftables", "ipset", "squid",
 * "awswaf", "edl", "plain"; "" out of range. */
const char *ksz_defense_target_name(ksz_defense_target t);
/* The inverse (also accepts "zeek" and "nft"); KSZ_ERR_NOTFOUND otherwise. */
ksz_rc ksz_defense_target_parse(const char *s, size_t len, ksz_defense_target *out);
/* True when the target writes several files (into a directory). */
bool ksz_defense_target_is_dir(ksz_defense_target t);
/* True when the target has an incremental form (--since): nftables, ipset,
 * edl and plain. */
bool ksz_defense_target_has_delta(ksz_defense_target t);
/* The usage a target selects when the filter names none:
 *   rpz            block-dns
 *   squid          block-proxy-outbound
 *   nftables/ipset block-fw-inbound | block-fw-outbound
 *   awswaf         block-waf
 *   edl            block-fw-inbound | block-fw-outbound | block-proxy-outbound
 *   suricata, snort, zeek-intel, plain: 0 (any usage: what is worth blocking
 *                  is worth detecting)
 * Indicators without a usage pass every usage. */
uint32_t ksz_defense_default_usage(ksz_defense_target t);
/* The observable types a target can express. */
ksz_ioc_typeset ksz_defense_types(ksz_defense_target t);

/* nftables direction bits. */
#define KSZ_DEFENSE_DIR_IN  0x1u   /* inbound: match the source address */
#define KSZ_DEFENSE_DIR_OUT 0x2u   /* outbound: match the destination address */

/* The documented sid range of the rule targets: dataset rules take
 * [sid_base, sid_base + 16), per-indicator rules [sid_base + 16,
 * sid_base + 16 + KSZ_DEFENSE_SID_SPAN). See src/lib/defense/sid.c. */
#define KSZ_DEFENSE_SID_BASE 1000000000u
#define KSZ_DEFENSE_SID_SPAN (1u << 30)

struct ksz_defense_opts {
    ksz_defense_target target;
    int64_t since;          /* > 0: a delta against the state at this time */
    /* rpz */
    const char *rpz_zone;   /* origin; default "rpz.kizashi" */
    const char *rpz_target; /* NULL: "CNAME ." (NXDOMAIN); else a walled-garden name */
    uint32_t rpz_serial;    /* 0: derived from the newest change (see rpz.c) */
    bool rpz_ip;            /* also rpz-ip triggers for addresses and networks */
    /* nftables and ipset */
    const char *set_name;   /* nft table / ipset prefix; default "kizashi" */
    unsigned direction;     /* KSZ_DEFENSE_DIR_* bits; 0: from the usage */
    /* squid */
    const char *acl_dir;    /* where the ACL files live; default "/etc/squid/kizashi" */
    /* awswaf */
    const char *waf_scope;  /* "REGIONAL" (default) or "CLOUDFRONT" */
    /* suricata and snort */
    uint32_t sid_base;      /* default KSZ_DEFENSE_SID_BASE */
};
void ksz_defense_opts_init(struct ksz_defense_opts *o);

/* Receives the output. A target writes its files one after another, each
 * announced by a call with buf NULL and len 0 (so an empty file is still
 * made), then its bytes in chunks. file is a fixed name (e.g. "kizashi.rules"),
 * also for single-file targets, whose caller may send it to stdout.
 * Return non-OK to stop. */
typedef ksz_rc (*ksz_defense_write_cb)(void *user, const char *file, const char *buf,
                                       size_t len);

/* What an export wrote. */
struct ksz_defense_summary {
    uint64_t entries;       /* distinct values written (full export) */
    uint64_t added, removed;  /* delta export */
    uint64_t held_back;     /* selected but left out: warninglisted now, not public */
    int64_t newest;         /* newest modified time of the content */
};

/* Export the blocklist for o->target.
 *   st      IN   the store; its clock (ksz_store_set_now) or f->now is "now"
 *   f       IN   optional narrowing filter (see above); NULL: defaults
 *   o       IN   target and its options
 *   write   IN   the sink
 *   sum     OUT  optional
 * Returns KSZ_OK, KSZ_ERR_INVALID (a bad option, or --since for a target
 * without an incremental form), KSZ_ERR_DB, KSZ_ERR_NOMEM, or the sink's
 * code. Not thread-safe on one store. */
ksz_rc ksz_defense_export(struct ksz_store *st, const struct ksz_filter *f,
                          const struct ksz_defense_opts *o, ksz_defense_write_cb write, void *user,
                          struct ksz_defense_summary *sum, struct ksz_error *err);

#endif
