/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ioc.h - observable types, strict parsers, canonical forms, classification,
 * refang and defang.
 *
 * Every observable has exactly one canonical text form. Two spellings of the
 * same thing ("EVIL.com." and "evil.com", "2001:DB8:0::1" and "2001:db8::1")
 * canonicalise to the same bytes, so the store, the matcher and the exports
 * can compare values with memcmp.
 */
#ifndef KIZASHI_IOC_H
#define KIZASHI_IOC_H

#include "kizashi/error.h"

/* Numbers are stable (they are stored): append, never reuse. */
typedef enum ksz_ioc_type {
    KSZ_IOC_NONE = 0,
    KSZ_IOC_IPV4 = 1,
    KSZ_IOC_IPV6 = 2,
    KSZ_IOC_CIDR4 = 3,
    KSZ_IOC_CIDR6 = 4,
    KSZ_IOC_DOMAIN = 5,
    KSZ_IOC_URL = 6,
    KSZ_IOC_EMAIL = 7,
    KSZ_IOC_MD5 = 8,
    KSZ_IOC_SHA1 = 9,
    KSZ_IOC_SHA256 = 10,
    KSZ_IOC_SHA512 = 11,
    KSZ_IOC_ASN = 12,
    KSZ_IOC_CVE = 13,
    KSZ_IOC_ATTACK = 14,   /* ATT&CK technique id, T1234 or T1234.001 */
    KSZ_IOC_FILENAME = 15,
    KSZ_IOC_BTC = 16,      /* Bitcoin address */
    KSZ_IOC__COUNT
} ksz_ioc_type;

/* A set of types: bit (1u << type). */
typedef uint32_t ksz_ioc_typeset;
#define KSZ_IOC_BIT(t) ((ksz_ioc_typeset)1u << (t))
#define KSZ_IOC_ALL (((ksz_ioc_typeset)1u << KSZ_IOC__COUNT) - 2u)

/* The longest canonical value kizashi keeps (URLs included), without the NUL. */
#define KSZ_IOC_VALUE_MAX 4096

/* The type's name as used in files and on the command line: "ipv4", "ipv6",
 * "cidr4", "cidr6", "domain", "url", "email", "md5", "sha1", "sha256",
 * "sha512", "asn", "cve", "attack-technique", "filename", "btc".
 * Returns "" for KSZ_IOC_NONE or out-of-range values. */
const char *ksz_ioc_type_name(ksz_ioc_type t);

/* Look up a type by name, ASCII case-insensitive (also accepts the aliases
 * "cidr" (either family), "ip" (either family), "hostname", "fqdn", "attack",
 * "technique", "bitcoin"; "hash" is not a type). "ip" gives KSZ_IOC_IPV4 and
 * "cidr" KSZ_IOC_CIDR4: a caller that takes either family tries the IPv6 type
 * when the IPv4 one does not parse. Returns KSZ_OK or KSZ_ERR_NOTFOUND. */
ksz_rc ksz_ioc_type_from_name(const char *name, size_t len, ksz_ioc_type *out);

/* Parse a comma-separated list of type names into a set; "all" is every type,
 * "ip" gives ipv4+ipv6, "cidr" both CIDR types, "hash" the four hashes.
 * Blanks around names are ignored. KSZ_ERR_INVALID names the unknown or empty
 * entry and its offset in err; *out is written only on KSZ_OK. */
ksz_rc ksz_ioc_typeset_parse(const char *s, size_t len, ksz_ioc_typeset *out,
                             struct ksz_error *err);

/* Canonicalise s[0..len) as an observable of type t.
 *   t        IN   the expected type
 *   s, len   IN   the value, already refanged; need not be NUL-terminated
 *   out, cap OUT  canonical text, NUL-terminated; written only on KSZ_OK
 *   outlen   OUT  optional, its length without the NUL
 * Returns KSZ_OK, KSZ_ERR_PARSE (not a valid value of that type; err says why
 * and where), KSZ_ERR_LIMIT (cap too small). Thread-safe after
 * ksz_ioc_global_init(). */
ksz_rc ksz_ioc_canon(ksz_ioc_type t, const char *s, size_t len, char *out, size_t cap,
                     size_t *outlen, struct ksz_error *err);

/* Guess the type of a single value (a whole token such as a CSV cell or a
 * line of a plain list) and canonicalise it. Tries, in order: ipv4, ipv6,
 * cidr4, cidr6, md5, sha1, sha256, sha512, cve, attack-technique, asn, btc,
 * url, email, domain, filename.
 * Domain or file name: a value that is both ("invoice.zip", "setup.py") is a
 * domain only when its TLD is not also a known file extension (see
 * ksz_filename_ext_known), otherwise a file name. ".com" is the exception:
 * it always reads as a domain ("evil.com"), DOS .com programs being rare.
 * Returns KSZ_OK with *type set, KSZ_ERR_PARSE if it is none of them, or
 * KSZ_ERR_LIMIT (cap too small for the canonical form). */
ksz_rc ksz_ioc_classify(const char *s, size_t len, ksz_ioc_type *type, char *out, size_t cap,
                        size_t *outlen, struct ksz_error *err);

/* Load shared tables (the Public Suffix List). Called once, before threads;
 * later calls do nothing. Safe to skip: the first use loads them (not
 * thread-safe then). ksz_ioc_global_cleanup frees them (for leak checkers). */
ksz_rc ksz_ioc_global_init(struct ksz_error *err);
void ksz_ioc_global_cleanup(void);

/* ---- per-type parsers ------------------------------------------------- */

/* Parse exactly one dotted-quad IPv4 address from s[0..len); leading zeros
 * are refused. out is host order, written only on KSZ_OK. Never allocates. */
ksz_rc ksz_ipv4_parse(const char *s, size_t len, uint32_t *out, struct ksz_error *err);
/* Write addr (host order) as dotted quad into buf (at least 16 bytes). */
void ksz_ipv4_format(uint32_t addr, char buf[16]);

/* Parse exactly one IPv6 address (RFC 4291 text, embedded IPv4 allowed, no
 * zone id, no brackets) into 16 network-order bytes. */
ksz_rc ksz_ipv6_parse(const char *s, size_t len, uint8_t out[16], struct ksz_error *err);
/* RFC 5952 canonical text (lower case, longest zero run compressed, v4-mapped
 * in dotted form) into buf (at least 46 bytes). */
void ksz_ipv6_format(const uint8_t addr[16], char buf[46]);

/* CIDR "a.b.c.d/n" and "v6/n". The prefix is required (decimal, no leading
 * zero, at most 32 or 128). Host bits are cleared in *addr and in the
 * canonical form ("10.1.2.3/8" -> "10.0.0.0/8"). Never allocate. */
ksz_rc ksz_cidr4_parse(const char *s, size_t len, uint32_t *addr, unsigned *prefix,
                       struct ksz_error *err);
ksz_rc ksz_cidr6_parse(const char *s, size_t len, uint8_t addr[16], unsigned *prefix,
                       struct ksz_error *err);

/* Domain: lower case, trailing dot dropped, IDN labels to punycode (libidn2),
 * labels 1..63 of [a-z0-9-] not starting or ending with '-', at least two
 * labels, the last a real TLD on the Public Suffix List (ICANN section) or a
 * v3 ".onion" name. */
ksz_rc ksz_domain_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                        struct ksz_error *err);
/* True if s[0..len) (canonical, lower case) ends in a real TLD: the last
 * label (the whole of s if it has no dot; one trailing dot ignored) is the
 * last label of an ICANN-section PSL rule, or "onion". ASCII
 * case-insensitive. Never allocates; thread-safe after ksz_ioc_global_init. */
bool ksz_domain_has_tld(const char *s, size_t len);
/* The registrable domain (eTLD+1) of a canonical domain, borrowed from s:
 * *off is where it starts in s. KSZ_ERR_NOTFOUND if s is itself a public
 * suffix. */
ksz_rc ksz_domain_registrable(const char *s, size_t len, size_t *off);

/* A URL split into parts; offsets into the canonical text. */
struct ksz_url {
    size_t scheme_len;             /* "http" */
    size_t host_off, host_len;     /* host without brackets */
    ksz_ioc_type host_type;        /* KSZ_IOC_DOMAIN, _IPV4 or _IPV6 */
    uint16_t port;                 /* 0 when absent or the scheme's default */
    size_t path_off;               /* path, query and fragment as written */
};
/* URL per RFC 3986, any scheme: scheme and host lower-cased, IDN host to
 * punycode, IPv6 host canonical, default port dropped, path and query kept as
 * written; a path of exactly "/" is dropped. parts is optional. */
ksz_rc ksz_url_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                     struct ksz_url *parts, struct ksz_error *err);

/* E-mail local@domain (domain canonical, or a bracketed/bare IPv4);
 * lower-cased as a whole. The local part is an RFC 5322 dot-atom of at most
 * 64 bytes. An IPv4 domain is written as the RFC 5321 literal,
 * "user@[192.0.2.1]", with or without brackets in the input. */
ksz_rc ksz_email_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                       struct ksz_error *err);

/* Hashes: exact length hex, lower-cased. type gets MD5/SHA1/SHA256/SHA512 by
 * length. */
ksz_rc ksz_hash_canon(const char *s, size_t len, ksz_ioc_type *type, char *out, size_t cap,
                      struct ksz_error *err);

/* "CVE-2024-1234" (any case, any Unicode dash) -> "CVE-2024-1234". */
ksz_rc ksz_cve_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                     struct ksz_error *err);
/* "t1059.001" -> "T1059.001". */
ksz_rc ksz_attack_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                        struct ksz_error *err);
/* "AS 1234", "ASN1234", "as1234" -> "AS1234". */
ksz_rc ksz_asn_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                     struct ksz_error *err);
/* Bitcoin: Base58Check (P2PKH '1', P2SH '3', checksum verified) kept as is;
 * bech32/bech32m "bc1..." verified and lower-cased. */
ksz_rc ksz_btc_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                     struct ksz_error *err);
/* File name: a base name (no '/' or '\\') whose extension is on the known
 * list; kept as written (case and non-ASCII preserved). */
ksz_rc ksz_filename_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                          struct ksz_error *err);
/* True if ext[0..len) (without the dot, any case) is a known file extension. */
bool ksz_filename_ext_known(const char *ext, size_t len);

/* ---- classification --------------------------------------------------- */

/* Why an address or name is not worth acting on. */
typedef enum ksz_ioc_class {
    KSZ_IOC_CLASS_PUBLIC = 0,
    KSZ_IOC_CLASS_PRIVATE,        /* RFC 1918, fc00::/7, RFC 6598 shared */
    KSZ_IOC_CLASS_LOOPBACK,
    KSZ_IOC_CLASS_LINK_LOCAL,
    KSZ_IOC_CLASS_MULTICAST,
    KSZ_IOC_CLASS_DOCUMENTATION,  /* RFC 5737, RFC 3849, example.com, .example */
    KSZ_IOC_CLASS_RESERVED        /* 0/8, 240/4, broadcast, .test, .invalid, .localhost, .local */
} ksz_ioc_class;

ksz_ioc_class ksz_ipv4_class(uint32_t addr);
ksz_ioc_class ksz_ipv6_class(const uint8_t addr[16]);
/* s is a canonical domain. */
ksz_ioc_class ksz_domain_class(const char *s, size_t len);
/* "public", "private", ... */
const char *ksz_ioc_class_name(ksz_ioc_class c);

/* ---- refang and defang -------------------------------------------------- */

/* Refang s[0..len): undo every common defanging ("hxxp", "[.]", "(dot)",
 * "[@]", "[:]//", full-width "［.］", "．", "＠", full-width letters and
 * digits, Unicode dashes in CVE ids, ...). Text that is not defanged is copied
 * unchanged.
 *   out     OUT  appended to; caller-initialised struct ksz_buf-like sink
 *   map     OUT  optional: for each output byte, the offset in s of the input
 *                byte it came from (so positions can be reported in the
 *                original); must hold as many entries as output bytes
 * Refanging never lengthens text, so cap = len always suffices.
 * Returns KSZ_OK or KSZ_ERR_LIMIT (cap too small). Never allocates. */
struct ksz_refang_out {
    char *data;        /* caller-owned, cap bytes */
    size_t cap;
    size_t len;        /* bytes written so far; set to 0 by the caller */
    uint64_t *map;     /* optional, cap entries */
    bool changed;      /* set when any defanging was undone */
};
ksz_rc ksz_refang(const char *s, size_t len, struct ksz_refang_out *out, struct ksz_error *err);

/* How to defang for publication. */
struct ksz_defang_opts {
    bool dots_all;        /* "1[.]2[.]3[.]4" rather than the last dot only */
    bool brackets_paren;  /* "(.)" rather than "[.]" */
    bool scheme;          /* "hxxp" for http(s), "fxp" for ftp (default on) */
    bool colon;           /* "[:]//" after the scheme (default on) */
    bool at;              /* "[@]" in e-mail addresses (default on) */
};
void ksz_defang_opts_init(struct ksz_defang_opts *o);
/* Defang one value of type t (canonical) into out/cap: "hxxp[:]//evil[.]com/",
 * "1.2.3[.]4", "user[@]evil[.]com". Hashes, CVEs and other types are copied
 * unchanged. */
ksz_rc ksz_defang(ksz_ioc_type t, const char *s, size_t len, const struct ksz_defang_opts *o,
                  char *out, size_t cap, size_t *outlen, struct ksz_error *err);

#endif
