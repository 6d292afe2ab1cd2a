/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stix_pattern.c - the comparison subset of STIX patterning that names
 * observables: [type:path = 'value'] joined by AND / OR, with parentheses.
 *
 * A pattern is parsed whole before any callback is made: either every
 * comparison in it names an observable kizashi keeps (and each one is
 * reported), or the pattern is refused as a whole and the caller keeps it
 * unparsed. Half a pattern must never become indicators, because "A AND B"
 * read as two separate indicators would claim more than the source did.
 * Qualifiers (WITHIN, REPEATS, START/STOP), FOLLOWEDBY and operators other
 * than '=' are outside the subset.
 */
#include <string.h>
#include "formats_int.h"

#define PATTERN_MAX_OBS 256
#define PATTERN_MAX_DEPTH 32

struct pat {
    const char *s;
    size_t len, i;
    int depth;
    struct ksz_error *err;
    struct ksz_buf vals;          /* canonical values, NUL-separated */
    ksz_ioc_type types[PATTERN_MAX_OBS];
    size_t offs[PATTERN_MAX_OBS], lens[PATTERN_MAX_OBS];
    size_t n;
};

static void skip_ws(struct pat *p)
{
    while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
                             p->s[p->i] == '\r'))
        p->i++;
}

static ksz_rc fail(struct pat *p, const char *what)
{
    return ksz_error_set(p->err, KSZ_ERR_PARSE, "stix pattern: offset %zu: expected %s", p->i,
                         what);
}

static bool eat(struct pat *p, char c)
{
    skip_ws(p);
    if (p->i < p->len && p->s[p->i] == c) {
        p->i++;
        return true;
    }
    return false;
}

static bool eat_word(struct pat *p, const char *w)
{
    size_t n = strlen(w);
    skip_ws(p);
    if (p->i + n > p->len || strncasecmp(p->s + p->i, w, n) != 0)
        return false;
    if (p->i + n < p->len) {
        char c = p->s[p->i + n];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
            return false;
    }
    p->i += n;
    return true;
}

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

/* A quoted string: 'text' with \' and \\ escapes, unescaped into out. */
static ksz_rc quoted(struct pat *p, struct ksz_buf *out)
{
    skip_ws(p);
    if (p->i >= p->len || p->s[p->i] != '\'')
        return fail(p, "a quoted string");
    p->i++;
    while (p->i < p->len && p->s[p->i] != '\'') {
        char c = p->s[p->i++];
        if (c == '\\') {
            if (p->i >= p->len || (p->s[p->i] != '\'' && p->s[p->i] != '\\'))
                return fail(p, "\\' or \\\\ after a backslash");
            c = p->s[p->i++];
        }
        if (ksz_buf_putc(out, c) != KSZ_OK)
            return ksz_error_set(p->err, KSZ_ERR_NOMEM, "out of memory");
    }
    if (p->i >= p->len)
        return fail(p, "a closing quote");
    p->i++;
    return KSZ_OK;
}

/* Object path -> the observable type it names; NONE if outside the subset. */
static ksz_ioc_type path_type(const char *obj, size_t olen, const char *prop, size_t plen)
{
    static const struct {
        const char *obj, *prop;
        ksz_ioc_type t;
    } paths[] = {
        {"ipv4-addr", "value", KSZ_IOC_IPV4},
        {"ipv6-addr", "value", KSZ_IOC_IPV6},
        {"domain-name", "value", KSZ_IOC_DOMAIN},
        {"url", "value", KSZ_IOC_URL},
        {"email-addr", "value", KSZ_IOC_EMAIL},
        {"file", "hashes.MD5", KSZ_IOC_MD5},
        {"file", "hashes.SHA-1", KSZ_IOC_SHA1},
        {"file", "hashes.SHA1", KSZ_IOC_SHA1},
        {"file", "hashes.SHA-256", KSZ_IOC_SHA256},
        {"file", "hashes.SHA256", KSZ_IOC_SHA256},
        {"file", "hashes.SHA-512", KSZ_IOC_SHA512},
        {"file", "hashes.SHA512", KSZ_IOC_SHA512},
        {"file", "name", KSZ_IOC_FILENAME},
        {"x-kizashi-cve", "value", KSZ_IOC_CVE},
        {"x-kizashi-attack-technique", "value", KSZ_IOC_ATTACK},
        {"x-kizashi-btc", "value", KSZ_IOC_BTC},
        {"x-kizashi-asn", "value", KSZ_IOC_ASN},
    };
    for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++)
        if (strlen(paths[k].obj) == olen && memcmp(paths[k].obj, obj, olen) == 0 &&
            strlen(paths[k].prop) == plen && strncasecmp(paths[k].prop, prop, plen) == 0)
            return paths[k].t;
    return KSZ_IOC_NONE;
}

static ksz_rc comparison(struct pat *p)
{
    char prop[128];
    size_t plen = 0, ostart, olen;
    struct ksz_buf val;
    ksz_ioc_type t;
    ksz_rc rc;
    char canon[KSZ_IOC_VALUE_MAX + 1];
    size_t clen = 0;

    skip_ws(p);
    ostart = p->i;
    while (p->i < p->len && ident_char(p->s[p->i]))
        p->i++;
    olen = p->i - ostart;
    if (olen == 0 || !eat(p, ':'))
        return fail(p, "an object path such as ipv4-addr:value");
    for (;;) {     /* prop ('.' prop | quoted)* flattened into "a.b" */
        if (p->i < p->len && p->s[p->i] == '\'') {
            struct ksz_buf q;
            ksz_buf_init(&q, sizeof prop);
            rc = quoted(p, &q);
            if (rc == KSZ_OK && plen + q.len < sizeof prop) {
                memcpy(prop + plen, q.data ? q.data : "", q.len);
                plen += q.len;
            } else if (rc == KSZ_OK) {
                rc = fail(p, "a shorter property name");
            }
            ksz_buf_cleanup(&q);
            if (rc != KSZ_OK)
                return rc;
        } else {
            size_t st = p->i;
            while (p->i < p->len && ident_char(p->s[p->i]))
                p->i++;
            if (p->i == st || plen + (p->i - st) >= sizeof prop)
                return fail(p, "a property name");
            memcpy(prop + plen, p->s + st, p->i - st);
            plen += p->i - st;
        }
        if (p->i < p->len && p->s[p->i] == '.' && plen + 1 < sizeof prop) {
            prop[plen++] = '.';
            p->i++;
            continue;
        }
        break;
    }
    t = path_type(p->s + ostart, olen, prop, plen);
    if (t == KSZ_IOC_NONE)
        return ksz_error_set(p->err, KSZ_ERR_PARSE, "stix pattern: offset %zu: object path "
                             "outside the observable subset", ostart);
    skip_ws(p);
    if (!eat(p, '=') || (p->i < p->len && p->s[p->i] == '='))
        return fail(p, "'=' (the only operator in the subset)");
    ksz_buf_init(&val, KSZ_IOC_VALUE_MAX);
    rc = quoted(p, &val);
    if (rc == KSZ_OK) {
        ksz_rc crc = ksz_ioc_canon(t, val.data ? val.data : "", val.len, canon, sizeof canon,
                                   &clen, NULL);
        /* an address path also carries networks: 10.0.0.0/8 */
        if (crc != KSZ_OK && (t == KSZ_IOC_IPV4 || t == KSZ_IOC_IPV6)) {
            t = t == KSZ_IOC_IPV4 ? KSZ_IOC_CIDR4 : KSZ_IOC_CIDR6;
            crc = ksz_ioc_canon(t, val.data ? val.data : "", val.len, canon, sizeof canon,
                                &clen, NULL);
        }
        if (crc != KSZ_OK)
            rc = ksz_error_set(p->err, KSZ_ERR_PARSE, "stix pattern: offset %zu: not a valid "
                               "%s value", ostart, ksz_ioc_type_name(t));
    }
    ksz_buf_cleanup(&val);
    if (rc != KSZ_OK)
        return rc;
    if (p->n == PATTERN_MAX_OBS)
        return ksz_error_set(p->err, KSZ_ERR_LIMIT, "stix pattern: more than %d observables",
                             PATTERN_MAX_OBS);
    p->types[p->n] = t;
    p->offs[p->n] = p->vals.len;
    p->lens[p->n] = clen;
    if (ksz_buf_append(&p->vals, canon, clen + 1) != KSZ_OK)
        return ksz_error_set(p->err, KSZ_ERR_NOMEM, "out of memory");
    p->n++;
    return KSZ_OK;
}

static ksz_rc comp_or(struct pat *p);

static ksz_rc comp_primary(struct pat *p)
{
    ksz_rc rc;
    if (eat(p, '(')) {
        if (++p->depth > PATTERN_MAX_DEPTH)
            return fail(p, "less nesting");
        rc = comp_or(p);
        p->depth--;
        if (rc == KSZ_OK && !eat(p, ')'))
            rc = fail(p, "')'");
        return rc;
    }
    return comparison(p);
}

static ksz_rc comp_or(struct pat *p)
{
    ksz_rc rc = comp_primary(p);
    while (rc == KSZ_OK && (eat_word(p, "AND") || eat_word(p, "OR")))
        rc = comp_primary(p);
    return rc;
}

static ksz_rc obs_or(struct pat *p);

static ksz_rc obs_primary(struct pat *p)
{
    ksz_rc rc;
    if (eat(p, '(')) {
        if (++p->depth > PATTERN_MAX_DEPTH)
            return fail(p, "less nesting");
        rc = obs_or(p);
        p->depth--;
        if (rc == KSZ_OK && !eat(p, ')'))
            rc = fail(p, "')'");
        return rc;
    }
    if (!eat(p, '['))
        return fail(p, "'['");
    rc = comp_or(p);
    if (rc == KSZ_OK && !eat(p, ']'))
        rc = fail(p, "']'");
    return rc;
}

static ksz_rc obs_or(struct pat *p)
{
    ksz_rc rc = obs_primary(p);
    while (rc == KSZ_OK && (eat_word(p, "AND") || eat_word(p, "OR")))
        rc = obs_primary(p);
    return rc;
}

ksz_rc ksz_stix_pattern_parse(const char *s, size_t len, ksz_stix_pattern_cb cb, void *user,
                              struct ksz_error *err)
{
    struct pat p = {.s = s, .len = len, .err = err};
    ksz_rc rc;

    ksz_buf_init(&p.vals, 0);
    rc = obs_or(&p);
    if (rc == KSZ_OK) {
        skip_ws(&p);
        if (p.i != len)
            rc = fail(&p, "the end of the pattern (qualifiers and FOLLOWEDBY are outside "
                          "the subset)");
    }
    for (size_t k = 0; rc == KSZ_OK && k < p.n; k++)
        rc = cb(p.types[k], p.vals.data + p.offs[k], p.lens[k], user);
    ksz_buf_cleanup(&p.vals);
    return rc;
}

ksz_rc ksz_stix_pattern_format(ksz_ioc_type t, const char *v, size_t len, struct ksz_buf *b)
{
    const char *path;
    ksz_rc rc;

    switch (t) {
    case KSZ_IOC_IPV4: case KSZ_IOC_CIDR4: path = "ipv4-addr:value"; break;
    case KSZ_IOC_IPV6: case KSZ_IOC_CIDR6: path = "ipv6-addr:value"; break;
    case KSZ_IOC_DOMAIN: path = "domain-name:value"; break;
    case KSZ_IOC_URL: path = "url:value"; break;
    case KSZ_IOC_EMAIL: path = "email-addr:value"; break;
    case KSZ_IOC_MD5: path = "file:hashes.MD5"; break;
    case KSZ_IOC_SHA1: path = "file:hashes.'SHA-1'"; break;
    case KSZ_IOC_SHA256: path = "file:hashes.'SHA-256'"; break;
    case KSZ_IOC_SHA512: path = "file:hashes.'SHA-512'"; break;
    case KSZ_IOC_FILENAME: path = "file:name"; break;
    case KSZ_IOC_CVE: path = "x-kizashi-cve:value"; break;
    case KSZ_IOC_ATTACK: path = "x-kizashi-attack-technique:value"; break;
    case KSZ_IOC_BTC: path = "x-kizashi-btc:value"; break;
    case KSZ_IOC_ASN: path = "x-kizashi-asn:value"; break;
    default: return KSZ_ERR_INVALID;
    }
    rc = ksz_buf_printf(b, "[%s = '", path);
    for (size_t i = 0; i < len && rc == KSZ_OK; i++) {
        if (v[i] == '\'' || v[i] == '\\')
            rc = ksz_buf_putc(b, '\\');
        if (rc == KSZ_OK)
            rc = ksz_buf_putc(b, v[i]);
    }
    if (rc == KSZ_OK)
        rc = ksz_buf_append(b, "']", 2);
    return rc;
}
