/* SPDX-License-Identifier: Apache-2.0 */
/*
 * domain.c - domain names: canonical form, the TLD check, registrable domains,
 * and the shared tables behind them (the Public Suffix List).
 *
 * The extractor asks "does this token end in a real TLD?" for nearly every
 * word of its input, so that question is answered from a hash set of the
 * top-level labels of the PSL's ICANN section, built once at init: one hash
 * and usually one 64-byte slot per lookup, no allocation. Canonicalising a
 * pure-ASCII name is a single pass over its bytes; libidn2 is called only for
 * labels that carry non-ASCII bytes or claim to be punycode ("xn--"), which it
 * converts or validates (UTS #46, non-transitional). libpsl answers the rarer
 * registrable-domain question; its context is loaded on the first such
 * question (under a mutex), not at init, because parsing the whole list costs
 * more than extracting from a short text.
 */
#include <assert.h>
#include <idn2.h>
#include <libpsl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "ioc/ioc_int.h"

#ifndef KSZ_PSL_FILE
#define KSZ_PSL_FILE "/usr/share/publicsuffix/public_suffix_list.dat"
#endif

#define TLD_SLOTS 4096u /* power of two; the PSL has about 1,500 TLDs */
#define TLD_MAXLEN 63

struct tld_slot {
    uint8_t len; /* 0 = empty */
    char name[TLD_MAXLEN];
};

static struct {
    bool ready;
    psl_ctx_t *psl;           /* NULL until first needed (always set without tlds) */
    bool psl_tried;           /* psl_open ran */
    struct tld_slot *tlds;    /* NULL when the list file could not be read */
    size_t ntlds;
} g;

static uint32_t tld_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)ksz__lower(s[i]);
        h *= 16777619u;
    }
    return h;
}

/* Insert a lower-case ASCII label; duplicates are ignored. */
static ksz_rc tld_insert(const char *s, size_t len)
{
    uint32_t i;

    if (len == 0 || len > TLD_MAXLEN)
        return KSZ_OK;
    if (g.ntlds >= TLD_SLOTS / 2)
        return KSZ_ERR_LIMIT;
    for (i = tld_hash(s, len) & (TLD_SLOTS - 1); g.tlds[i].len != 0; i = (i + 1) & (TLD_SLOTS - 1))
        if (g.tlds[i].len == len && memcmp(g.tlds[i].name, s, len) == 0)
            return KSZ_OK;
    g.tlds[i].len = (uint8_t)len;
    memcpy(g.tlds[i].name, s, len);
    g.ntlds++;
    return KSZ_OK;
}

static bool tld_lookup(const char *s, size_t len)
{
    if (len == 0 || len > TLD_MAXLEN)
        return false;
    for (uint32_t i = tld_hash(s, len) & (TLD_SLOTS - 1); g.tlds[i].len != 0;
         i = (i + 1) & (TLD_SLOTS - 1)) {
        const struct tld_slot *t = &g.tlds[i];
        size_t k = 0;
        if (t->len != len)
            continue;
        while (k < len && t->name[k] == ksz__lower(s[k]))
            k++;
        if (k == len)
            return true;
    }
    return false;
}

/* Add the last label of one PSL rule ("com", "*.ck", "!www.ck", "co.uk",
 * "中国"), converting IDN labels to punycode as names appear on the wire. */
static ksz_rc tld_add_rule(const char *rule, size_t len)
{
    size_t start = len;
    char label[256];
    bool ascii = true;
    char *ace = NULL;
    ksz_rc rc;

    while (start > 0 && rule[start - 1] != '.')
        start--;
    len -= start;
    if (len == 0 || len >= sizeof label)
        return KSZ_OK;
    for (size_t i = 0; i < len; i++) {
        label[i] = ksz__lower(rule[start + i]);
        if ((unsigned char)label[i] >= 0x80)
            ascii = false;
    }
    label[len] = '\0';
    if (ascii)
        return tld_insert(label, len);
    switch (idn2_to_ascii_8z(label, &ace, IDN2_NONTRANSITIONAL)) {
    case IDN2_OK:
        break;
    case IDN2_MALLOC:
        return KSZ_ERR_NOMEM;
    default:
        return KSZ_OK; /* a rule libidn2 cannot map cannot match a canonical name */
    }
    rc = tld_insert(ace, strlen(ace));
    idn2_free(ace);
    return rc;
}

/* Read the ICANN section of the list file into the TLD set. KSZ_ERR_IO when
 * the file cannot be read or has no ICANN section. */
static ksz_rc tld_load(const char *path, struct ksz_error *err)
{
    FILE *f = fopen(path, "r");
    char line[512];
    bool icann = false, seen = false;
    ksz_rc rc = KSZ_OK;

    if (f == NULL)
        return ksz_error_set(err, KSZ_ERR_IO, "ioc: cannot open public suffix list %s", path);
    g.tlds = ksz__calloc(TLD_SLOTS, sizeof *g.tlds);
    if (g.tlds == NULL) {
        fclose(f);
        return ksz_error_set(err, KSZ_ERR_NOMEM, "ioc: out of memory for the TLD set");
    }
    while (rc == KSZ_OK && fgets(line, sizeof line, f) != NULL) {
        size_t n = 0;
        if (strstr(line, "===BEGIN ICANN DOMAINS===") != NULL) {
            icann = seen = true;
            continue;
        }
        if (strstr(line, "===END ICANN DOMAINS===") != NULL) {
            icann = false;
            continue;
        }
        if (!icann || line[0] == '/')
            continue;
        while (line[n] != '\0' && line[n] != ' ' && line[n] != '\t' && line[n] != '\r' &&
               line[n] != '\n')
            n++;
        if (n > 0)
            rc = tld_add_rule(line, n);
    }
    fclose(f);
    if (rc == KSZ_OK && !seen)
        rc = ksz_error_set(err, KSZ_ERR_IO, "ioc: no ICANN section in %s", path);
    if (rc == KSZ_OK)
        rc = tld_insert("onion", 5); /* special-use (RFC 7686), v3 names checked apart */
    if (rc != KSZ_OK) {
        if (rc == KSZ_ERR_NOMEM)
            ksz_error_set(err, rc, "ioc: out of memory for the TLD set");
        else if (rc == KSZ_ERR_LIMIT)
            ksz_error_set(err, rc, "ioc: more TLDs than the set holds");
        ksz__free(g.tlds);
        g.tlds = NULL;
        g.ntlds = 0;
    }
    return rc;
}

static pthread_mutex_t psl_lock = PTHREAD_MUTEX_INITIALIZER;

/* The libpsl context: the list file, else the newest list libpsl finds, else
 * the one compiled into it. NULL if none. */
static psl_ctx_t *psl_open(bool from_file)
{
    psl_ctx_t *p = from_file ? psl_load_file(KSZ_PSL_FILE) : NULL;

    if (p == NULL)
        p = psl_latest(NULL);
    if (p == NULL)
        p = (psl_ctx_t *)psl_builtin();
    return p;
}

/* The libpsl context, loaded on first use; NULL if no list is available. */
static psl_ctx_t *psl_get(void)
{
    psl_ctx_t *p;

    pthread_mutex_lock(&psl_lock);
    if (!g.psl_tried) {
        g.psl = psl_open(true);
        g.psl_tried = true;
    }
    p = g.psl;
    pthread_mutex_unlock(&psl_lock);
    return p;
}

ksz_rc ksz_ioc_global_init(struct ksz_error *err)
{
    ksz_rc rc;

    if (g.ready)
        return KSZ_OK;
    rc = tld_load(KSZ_PSL_FILE, err);
    if (rc == KSZ_ERR_NOMEM)
        return rc;
    if (rc == KSZ_OK) {
        g.ready = true; /* libpsl is loaded when first asked (psl_get) */
        return KSZ_OK;
    }
    /* Without the file, TLDs are asked of the list compiled into libpsl. */
    g.psl = psl_open(false);
    g.psl_tried = true;
    if (g.psl == NULL) {
        ksz__free(g.tlds);
        g.tlds = NULL;
        g.ntlds = 0;
        return ksz_error_set(err, KSZ_ERR_IO, "ioc: no public suffix list available");
    }
    g.ready = true;
    return KSZ_OK;
}

void ksz_ioc_global_cleanup(void)
{
    if (!g.ready)
        return;
    pthread_mutex_lock(&psl_lock);
    psl_free(g.psl); /* a no-op for the built-in list; NULL-safe */
    ksz__free(g.tlds);
    memset(&g, 0, sizeof g);
    pthread_mutex_unlock(&psl_lock);
}

ksz_rc ksz__ioc_ready(struct ksz_error *err)
{
    if (g.ready)
        return KSZ_OK;
    return ksz_ioc_global_init(err);
}

static bool label_is_tld(const char *s, size_t len)
{
    char label[TLD_MAXLEN + 1];

    if (ksz__ioc_ready(NULL) != KSZ_OK || len == 0 || len > TLD_MAXLEN)
        return false;
    if (g.tlds != NULL)
        return tld_lookup(s, len);
    for (size_t i = 0; i < len; i++)
        label[i] = ksz__lower(s[i]);
    label[len] = '\0';
    return len == 5 && memcmp(label, "onion", 5) == 0
               ? true
               : psl_is_public_suffix2(g.psl, label, PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE) != 0;
}

bool ksz_domain_has_tld(const char *s, size_t len)
{
    size_t start;

    if (s == NULL)
        return false;
    if (len > 0 && s[len - 1] == '.')
        len--;
    start = len;
    while (start > 0 && s[start - 1] != '.')
        start--;
    return label_is_tld(s + start, len - start);
}

/* Byte classes for the ASCII fast path: 0 other, 1 letter or digit, 2 '-'. */
static const uint8_t ldh[256] = {
    ['-'] = 2,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
};

/* Length of a label separator at s[i]: '.', or one of the full stops UTS #46
 * maps to it (U+3002, U+FF0E, U+FF61); 0 if none. */
static size_t separator_at(const unsigned char *s, size_t len, size_t i)
{
    if (s[i] == '.')
        return 1;
    if (s[i] < 0xe3 || i + 2 >= len)
        return 0;
    if ((s[i] == 0xe3 && s[i + 1] == 0x80 && s[i + 2] == 0x82) ||
        (s[i] == 0xef && s[i + 1] == 0xbc && s[i + 2] == 0x8e) ||
        (s[i] == 0xef && s[i + 1] == 0xbd && s[i + 2] == 0xa1))
        return 3;
    return 0;
}

/* Check an LDH label already lower-cased in buf[0..n). */
static ksz_rc check_ldh(const char *buf, size_t n, size_t off, const char *area,
                        struct ksz_error *err)
{
    if (n == 0)
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s: empty label at offset %zu", area, off);
    if (n > 63)
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s: label longer than 63 at offset %zu", area,
                             off);
    for (size_t i = 0; i < n; i++)
        if (ldh[(unsigned char)buf[i]] == 0)
            return ksz_error_set(err, KSZ_ERR_PARSE, "%s: bad character at offset %zu", area,
                                 off + i);
    if (buf[0] == '-' || buf[n - 1] == '-')
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "%s: label starts or ends with '-' at offset %zu", area, off);
    return KSZ_OK;
}

/* libidn2's conversion of a label costs tens of thousands of instructions,
 * and a text names the same few IDN hosts again and again: the last
 * conversions are kept, per thread, by label. An entry holds libidn2's
 * result code and, when it succeeded, the A-label. */
#define IDN_CACHE 64
struct idn_entry {
    uint8_t n, alen;   /* n = 0: empty */
    int irc;
    char label[128];
    char ace[64];
};
static __thread struct idn_entry idn_cache[IDN_CACHE];

static struct idn_entry *idn_slot(const char *s, size_t n)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return &idn_cache[h % IDN_CACHE];
}

/* Convert or validate one IDN label through libidn2, appending the A-label
 * to buf at *o. */
static ksz_rc idn_label(const char *s, size_t n, size_t off, char *buf, size_t *o,
                        const char *area, struct ksz_error *err)
{
    char label[256];
    char *ace = NULL;
    const char *a;
    size_t alen;
    int irc;
    ksz_rc rc;
    struct idn_entry *ce = NULL;

    if (n >= sizeof label)
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s: label too long at offset %zu", area, off);
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\0')
            return ksz_error_set(err, KSZ_ERR_PARSE, "%s: NUL byte at offset %zu", area,
                                 off + i);
    if (n < sizeof ce->label) {
        ce = idn_slot(s, n);
        if (ce->n != n || memcmp(ce->label, s, n) != 0)
            ce = NULL;
    }
    if (ce != NULL) {
        irc = ce->irc;
        a = ce->ace;
        alen = ce->alen;
    } else {
        memcpy(label, s, n);
        label[n] = '\0';
        irc = idn2_to_ascii_8z(label, &ace, IDN2_NONTRANSITIONAL);
        if (irc == IDN2_MALLOC)
            return ksz_error_set(err, KSZ_ERR_NOMEM, "%s: out of memory in IDN conversion",
                                 area);
        a = ace;
        alen = irc == IDN2_OK ? strlen(ace) : 0;
        if (n < sizeof ce->label && alen < sizeof ce->ace) {
            struct idn_entry *ne = idn_slot(s, n);
            ne->n = (uint8_t)n;
            memcpy(ne->label, s, n);
            ne->irc = irc;
            ne->alen = (uint8_t)alen;
            if (alen > 0)
                memcpy(ne->ace, ace, alen);
        }
    }
    if (irc != IDN2_OK)
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s: bad IDN label at offset %zu: %s", area,
                             off, idn2_strerror(irc));
    rc = check_ldh(a, alen, off, area, err);
    if (rc == KSZ_OK && *o + alen > KSZ__DOMAIN_MAX)
        rc = ksz_error_set(err, KSZ_ERR_PARSE, "%s: name longer than %d bytes", area,
                           KSZ__DOMAIN_MAX);
    if (rc == KSZ_OK) {
        memcpy(buf + *o, a, alen);
        *o += alen;
    }
    idn2_free(ace);
    return rc;
}

/* A v3 onion service name: 56 base32 characters; the last one encodes the
 * version byte 3, so it is always 'd'. */
static bool onion_v3(const char *s, size_t n)
{
    if (n != 56 || s[55] != 'd')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '2' && s[i] <= '7')))
            return false;
    return true;
}

ksz_rc ksz__domain_canon_buf(const char *s, size_t len, char *buf, size_t *outn,
                             const char *area, struct ksz_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0, labels = 0;
    size_t last_off = 0, prev_off = 0; /* offsets in buf of the last two labels */
    ksz_rc rc;

    assert(s != NULL || len == 0);
    if (len == 0)
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s: empty name", area);
    rc = ksz__ioc_ready(err);
    if (rc != KSZ_OK)
        return rc;
    while (i < len) {
        size_t start = i, sep = 0;
        bool ascii = true;
        size_t bstart = o;

        while (i < len) {
            if (u[i] >= 0x80) {
                sep = separator_at(u, len, i);
                if (sep != 0)
                    break;
                ascii = false;
            } else if (u[i] == '.') {
                sep = 1;
                break;
            }
            i++;
        }
        if (labels > 0) {
            if (o >= KSZ__DOMAIN_MAX)
                return ksz_error_set(err, KSZ_ERR_PARSE, "%s: name longer than %d bytes", area,
                                     KSZ__DOMAIN_MAX);
            buf[o++] = '.';
            bstart = o;
        }
        if (ascii && !(i - start >= 4 && ksz__lower(s[start]) == 'x' &&
                       ksz__lower(s[start + 1]) == 'n' && s[start + 2] == '-' &&
                       s[start + 3] == '-')) {
            size_t n = i - start;
            if (n > 63)
                return ksz_error_set(err, KSZ_ERR_PARSE,
                                     "%s: label longer than 63 at offset %zu", area, start);
            if (o + n > KSZ__DOMAIN_MAX)
                return ksz_error_set(err, KSZ_ERR_PARSE, "%s: name longer than %d bytes", area,
                                     KSZ__DOMAIN_MAX);
            for (size_t k = 0; k < n; k++)
                buf[o + k] = ksz__lower(s[start + k]);
            rc = check_ldh(buf + o, n, start, area, err);
            if (rc != KSZ_OK)
                return rc;
            o += n;
        } else {
            rc = idn_label(s + start, i - start, start, buf, &o, area, err);
            if (rc != KSZ_OK)
                return rc;
        }
        prev_off = last_off;
        last_off = bstart;
        labels++;
        if (sep != 0) {
            i += sep;
            if (i == len)
                break; /* one trailing dot is dropped */
        }
    }
    if (labels < 2)
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s: a single label is not a domain", area);
    if (o - last_off == 5 && memcmp(buf + last_off, "onion", 5) == 0) {
        if (!onion_v3(buf + prev_off, last_off - 1 - prev_off))
            return ksz_error_set(err, KSZ_ERR_PARSE, "%s: not a v3 onion name", area);
    } else if (!label_is_tld(buf + last_off, o - last_off)) {
        return ksz_error_set(err, KSZ_ERR_PARSE, "%s: \"%.*s\" is not a top-level domain", area,
                             (int)(o - last_off), buf + last_off);
    }
    buf[o] = '\0';
    *outn = o;
    return KSZ_OK;
}

ksz_rc ksz_domain_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                        struct ksz_error *err)
{
    char buf[KSZ__DOMAIN_MAX + 1];
    size_t n;
    ksz_rc rc;

    rc = ksz__domain_canon_buf(s, len, buf, &n, "domain", err);
    if (rc != KSZ_OK)
        return rc;
    return ksz__ioc_emit(buf, n, out, cap, outlen, "domain", err);
}

ksz_rc ksz_domain_registrable(const char *s, size_t len, size_t *off)
{
    char buf[KSZ__DOMAIN_MAX + 1];
    const char *r;
    const psl_ctx_t *psl;

    assert(off != NULL);
    if (s == NULL || len == 0 || len > KSZ__DOMAIN_MAX || ksz__ioc_ready(NULL) != KSZ_OK)
        return KSZ_ERR_NOTFOUND;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\0')
            return KSZ_ERR_NOTFOUND;
    psl = psl_get();
    if (psl == NULL)
        return KSZ_ERR_NOTFOUND;
    memcpy(buf, s, len);
    buf[len] = '\0';
    r = psl_registrable_domain(psl, buf);
    if (r == NULL)
        return KSZ_ERR_NOTFOUND;
    *off = (size_t)(r - buf);
    return KSZ_OK;
}
