/* SPDX-License-Identifier: Apache-2.0 */
/*
 * model.h - the data model of DESIGN.md section 3 as plain C records:
 * indicators with their context, threats, reports, relationships, sources,
 * sightings.
 *
 * These records carry data between the readers (formats), the store and the
 * writers. Every string and array in them is BORROWED: whoever fills a record
 * owns its memory, and a callee that keeps data copies it. Times are Unix
 * seconds (UTC); 0 means "not set". Every object has a STIX id, so that a
 * relationship can name its ends before they have been read, and a bundle
 * goes in and comes out without loss.
 */
#ifndef KIZASHI_MODEL_H
#define KIZASHI_MODEL_H

#include "kizashi/ioc.h"

/* TLP 2.0, ordered from most to least shareable, so "<= max" is the test.
 * Numbers are stored: append, never reuse. */
typedef enum ksz_tlp {
    KSZ_TLP_CLEAR = 0,
    KSZ_TLP_GREEN = 1,
    KSZ_TLP_AMBER = 2,
    KSZ_TLP_AMBER_STRICT = 3,
    KSZ_TLP_RED = 4,
    KSZ_TLP_UNSET = 15   /* not given: the source's default applies */
} ksz_tlp;

/* "clear", "green", "amber", "amber+strict", "red"; "" for UNSET. */
const char *ksz_tlp_name(ksz_tlp t);
/* Accepts the names above, any case, with or without "tlp:" / "TLP:", and
 * TLP 1.0's "white" as clear. KSZ_ERR_PARSE otherwise. */
ksz_rc ksz_tlp_parse(const char *s, size_t len, ksz_tlp *out);

typedef enum ksz_commercial {
    KSZ_COMMERCIAL_UNKNOWN = 0,
    KSZ_COMMERCIAL_YES = 1,
    KSZ_COMMERCIAL_NO = 2
} ksz_commercial;

/* How an indicator may be used: a set of bits. Stored: append, never reuse. */
#define KSZ_USAGE_BLOCK_PROXY_OUTBOUND 0x01u
#define KSZ_USAGE_BLOCK_FW_INBOUND     0x02u
#define KSZ_USAGE_BLOCK_FW_OUTBOUND    0x04u
#define KSZ_USAGE_BLOCK_DNS            0x08u
#define KSZ_USAGE_BLOCK_WAF            0x10u
#define KSZ_USAGE_EDR_HASH             0x20u
#define KSZ_USAGE_DETECT_ONLY          0x40u
#define KSZ_USAGE_ALL                  0x7fu

/* "block-proxy-outbound,block-dns" <-> bits. Parse accepts "all". */
ksz_rc ksz_usage_parse(const char *s, size_t len, uint32_t *out, struct ksz_error *err);
/* Writes the comma-separated names into buf (cap bytes); returns buf. */
char *ksz_usage_format(uint32_t usage, char *buf, size_t cap);

/* Threat objects: STIX SDOs an indicator can indicate. Stored numbers. */
typedef enum ksz_threat_kind {
    KSZ_THREAT_MALWARE = 1,
    KSZ_THREAT_TOOL = 2,
    KSZ_THREAT_ACTOR = 3,          /* threat-actor */
    KSZ_THREAT_INTRUSION_SET = 4,
    KSZ_THREAT_CAMPAIGN = 5,
    KSZ_THREAT_ATTACK_PATTERN = 6,
    KSZ_THREAT_VULNERABILITY = 7
} ksz_threat_kind;

/* The STIX type name ("malware", "threat-actor", ...) and back. */
const char *ksz_threat_kind_name(ksz_threat_kind k);
ksz_rc ksz_threat_kind_parse(const char *s, size_t len, ksz_threat_kind *out);

/* A list of borrowed strings. */
struct ksz_strlist {
    const char *const *items;
    size_t n;
};

/* One source's claim about one observable. */
struct ksz_indicator {
    const char *stix_id;        /* "indicator--<uuid>"; NULL: derived from source+type+value */
    ksz_ioc_type type;
    const char *value;          /* canonical (ksz_ioc_canon) */
    const char *pattern;        /* the STIX pattern as received, if any */
    const char *name;
    const char *description;
    int64_t created, modified;
    int64_t valid_from, valid_until;
    int confidence;             /* 0..100, -1 = unset */
    ksz_tlp tlp;
    ksz_commercial commercial;
    uint32_t usage;             /* KSZ_USAGE_* bits; 0 = unset */
    bool revoked;
    struct ksz_strlist labels;       /* STIX labels / indicator_types */
    struct ksz_strlist tags;         /* MISP machine tags, e.g. "misp-galaxy:..." */
    struct ksz_strlist attack_ids;   /* ATT&CK technique ids "T1059.001" */
    struct ksz_strlist kill_chain;   /* "kill_chain_name:phase_name" */
    struct ksz_strlist threats;      /* threat names or STIX ids it indicates */
    const char *source;         /* source name; NULL = the import's source */
    const char *report;         /* report STIX id or title it came from, if any */
    struct ksz_strlist warnings;     /* names of warninglists the value is on */
    bool warn_blocked;          /* a list with policy "block" matched: kept inactive */
};

struct ksz_threat {
    const char *stix_id;        /* NULL: derived from kind+name */
    ksz_threat_kind kind;
    const char *name;
    const char *description;
    struct ksz_strlist aliases;
    struct ksz_strlist external_ids;   /* "mitre-attack:T1059", "cve:CVE-2024-1", ... */
    int64_t created, modified;
    bool revoked;
    ksz_tlp tlp;
};

struct ksz_report {
    const char *stix_id;        /* NULL: derived from source+title */
    const char *title;
    const char *description;
    int64_t published, created, modified;
    ksz_tlp tlp;
    const char *source;
    struct ksz_strlist object_refs;   /* STIX ids of the objects it refers to */
    struct ksz_strlist labels;
};

struct ksz_relationship {
    const char *stix_id;        /* NULL: derived from the three fields below */
    const char *source_ref;     /* STIX id */
    const char *type;           /* "indicates", "uses", "attributed-to", ... */
    const char *target_ref;     /* STIX id */
    const char *description;
    int64_t created, modified;
};

/* A feed or an organisation, and its defaults for what it sends. */
struct ksz_source {
    const char *name;
    const char *kind;           /* "feed", "organisation", "manual", ... */
    const char *url;
    char reliability;           /* Admiralty 'A'..'F'; 0 = unset */
    ksz_tlp default_tlp;
    int default_confidence;     /* -1 = unset */
    /* default lifetime in seconds per observable type; 0 = the built-in default */
    int64_t lifetime[KSZ_IOC__COUNT];
};

typedef enum ksz_sighting_kind {
    KSZ_SIGHTING_HIT = 1,
    KSZ_SIGHTING_BLOCKED = 2,
    KSZ_SIGHTING_FALSE_POSITIVE = 3
} ksz_sighting_kind;

const char *ksz_sighting_kind_name(ksz_sighting_kind k);

struct ksz_sighting {
    const char *stix_id;        /* NULL: derived */
    const char *sighting_of;    /* indicator STIX id, or NULL with type+value */
    ksz_ioc_type type;          /* observable, when sighting_of is NULL */
    const char *value;
    const char *where;          /* sensor / log / organisation */
    int64_t first_seen, last_seen;
    int64_t count;
    ksz_sighting_kind kind;
};

/* Built-in default lifetime for a type (documented in docs/lifecycle.md):
 * IPs and CIDRs 30 days, URLs 30 days, domains 90 days, e-mail 90 days,
 * hashes 365 days, others (CVE, ATT&CK, ASN, BTC, filename) 365 days. */
int64_t ksz_default_lifetime(ksz_ioc_type t);

/* A STIX id "<type>--<uuid>" derived deterministically (UUIDv5 in the STIX
 * namespace 00abedb4-aa42-466c-9c01-fed23315a9b7) from name; so re-importing
 * the same CSV row gives the same id. buf must hold 80 bytes. */
char *ksz_stix_id_derive(const char *type, const char *name, size_t name_len, char buf[80]);

#endif
