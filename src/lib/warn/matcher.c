/* SPDX-License-Identifier: Apache-2.0 */
/*
 * matcher.c - the warninglist matcher: lists are added one by one, each
 * entry going into the structure of its list's kind, shared by all lists of
 * that kind (one trie per address family, one table of host names, one of
 * strings, one automaton of substrings). A check is then one trie walk, a
 * few hash lookups (the value and each parent domain) and one automaton pass,
 * whatever the number of lists or entries; only regex lists, which are few
 * and small, are tried entry by entry.
 *
 * A list is registered disabled and switched on only when all its entries
 * are in: a list whose add fails (out of memory) stays in the array, dead,
 * and its partial entries never match.
 */
#include <string.h>
#include "warn/warn_int.h"

struct warn_lst {
    char *name;
    char *description;
    int64_t version;
    ksz_warn_kind kind;
    ksz_warn_policy policy;
    bool enabled;
    bool dead;                /* its add failed */
    ksz_ioc_typeset eff;      /* the types it applies to */
    struct warn_re *re;       /* regex lists */
    size_t nre;
};

#define NKINDS 6

struct ksz_warn {
    struct warn_lst *lists;
    uint32_t nlists, caplists;
    struct warn_arena arena;
    struct warn_items items;
    struct warn_trie v4, v6;
    struct warn_strtab host, str;
    struct warn_ac ac;
    ksz_ioc_typeset any[NKINDS];   /* per kind: types some enabled list applies to */
};

static const char *const kind_names[NKINDS] = {"", "cidr", "hostname", "string", "substring",
                                               "regex"};

const char *ksz_warn_kind_name(ksz_warn_kind k)
{
    return (k >= KSZ_WARN_CIDR && k <= KSZ_WARN_REGEX) ? kind_names[k] : "";
}

ksz_rc ksz_warn_kind_from_name(const char *name, size_t len, ksz_warn_kind *out)
{
    for (int k = KSZ_WARN_CIDR; k <= KSZ_WARN_REGEX; k++) {
        if (strlen(kind_names[k]) == len && memcmp(kind_names[k], name, len) == 0) {
            *out = (ksz_warn_kind)k;
            return KSZ_OK;
        }
    }
    return KSZ_ERR_NOTFOUND;
}

const char *ksz_warn_policy_name(ksz_warn_policy p)
{
    return p == KSZ_WARN_POLICY_WARN ? "warn" : p == KSZ_WARN_POLICY_BLOCK ? "block" : "";
}

ksz_rc ksz_warn_policy_from_name(const char *name, size_t len, ksz_warn_policy *out)
{
    if (len == 4 && memcmp(name, "warn", 4) == 0)
        *out = KSZ_WARN_POLICY_WARN;
    else if (len == 5 && memcmp(name, "block", 5) == 0)
        *out = KSZ_WARN_POLICY_BLOCK;
    else
        return KSZ_ERR_NOTFOUND;
    return KSZ_OK;
}

ksz_rc ksz_warn_new(struct ksz_warn **out, struct ksz_error *err)
{
    struct ksz_warn *w;

    *out = NULL;
    w = ksz__calloc(1, sizeof *w);
    if (w == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "warn: out of memory");
    ksz__warn_trie_init(&w->v4, 32);
    ksz__warn_trie_init(&w->v6, 128);
    *out = w;
    return KSZ_OK;
}

void ksz_warn_free(struct ksz_warn *w)
{
    if (w == NULL)
        return;
    for (uint32_t i = 0; i < w->nlists; i++) {
        for (size_t j = 0; j < w->lists[i].nre; j++)
            regfree(&w->lists[i].re[j].re);
        ksz__free(w->lists[i].re);
        ksz__free(w->lists[i].name);
        ksz__free(w->lists[i].description);
    }
    ksz__free(w->lists);
    ksz__warn_trie_free(&w->v4);
    ksz__warn_trie_free(&w->v6);
    ksz__warn_strtab_free(&w->host);
    ksz__warn_strtab_free(&w->str);
    ksz__warn_ac_free(&w->ac);
    ksz__warn_items_free(&w->items);
    ksz__warn_arena_free(&w->arena);
    ksz__free(w);
}

size_t ksz_warn_list_count(const struct ksz_warn *w)
{
    size_t n = 0;

    for (uint32_t i = 0; w != NULL && i < w->nlists; i++)
        n += !w->lists[i].dead;
    return n;
}

/* ---- entry parsing --------------------------------------------------------- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && is_space((*s)[0])) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && is_space((*s)[*len - 1]))
        (*len)--;
}

/* An address or network, "a.b.c.d[/n]" or "v6[/n]", into a 16-byte key.
 * need_prefix: the "/n" is required. *bits is 32 or 128. */
static bool parse_net(const char *s, size_t len, bool need_prefix, uint8_t key[16],
                      unsigned *plen, unsigned *bits)
{
    const char *slash = memchr(s, '/', len);
    size_t alen = slash ? (size_t)(slash - s) : len;
    bool v6 = memchr(s, ':', alen) != NULL;
    uint64_t p;

    memset(key, 0, 16);
    if (v6) {
        if (ksz_ipv6_parse(s, alen, key, NULL) != KSZ_OK)
            return false;
        *bits = 128;
    } else {
        uint32_t a;
        if (ksz_ipv4_parse(s, alen, &a, NULL) != KSZ_OK)
            return false;
        key[0] = (uint8_t)(a >> 24);
        key[1] = (uint8_t)(a >> 16);
        key[2] = (uint8_t)(a >> 8);
        key[3] = (uint8_t)a;
        *bits = 32;
    }
    if (slash == NULL) {
        if (need_prefix)
            return false;
        *plen = *bits;
        return true;
    }
    if (ksz__parse_u64(slash + 1, len - alen - 1, *bits, &p) != KSZ_OK)
        return false;
    *plen = (unsigned)p;
    return true;
}

/* "*.example.com." and ".example.com" name example.com. */
static void host_entry(const char **s, size_t *len)
{
    if (*len >= 2 && (*s)[0] == '*' && (*s)[1] == '.') {
        *s += 2;
        *len -= 2;
    }
    while (*len > 0 && (*s)[0] == '.') {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && (*s)[*len - 1] == '.')
        (*len)--;
}

/* ---- adding a list -------------------------------------------------------- */

static ksz_ioc_typeset default_types(ksz_warn_kind k)
{
    switch (k) {
    case KSZ_WARN_CIDR:
        return KSZ_IOC_BIT(KSZ_IOC_IPV4) | KSZ_IOC_BIT(KSZ_IOC_IPV6) |
               KSZ_IOC_BIT(KSZ_IOC_CIDR4) | KSZ_IOC_BIT(KSZ_IOC_CIDR6);
    case KSZ_WARN_HOSTNAME:
        return KSZ_IOC_BIT(KSZ_IOC_DOMAIN);
    default:
        return KSZ_IOC_ALL;
    }
}

static ksz_rc add_cidr(struct ksz_warn *w, uint32_t li, const char *s, size_t len, bool *skip)
{
    uint8_t key[16];
    unsigned plen, bits;
    uint32_t *head;
    const char *entry;
    struct warn_trie *t;
    ksz_rc rc;

    if (!parse_net(s, len, false, key, &plen, &bits)) {
        *skip = true;
        return KSZ_OK;
    }
    t = bits == 32 ? &w->v4 : &w->v6;
    entry = ksz__warn_arena_dup(&w->arena, s, len, false);
    if (entry == NULL)
        return KSZ_ERR_NOMEM;
    rc = ksz__warn_trie_insert(t, key, plen, &head);
    if (rc != KSZ_OK)
        return rc;
    return ksz__warn_items_push(&w->items, head, li, entry);
}

static ksz_rc add_name(struct ksz_warn *w, struct warn_strtab *tab, uint32_t li, const char *s,
                       size_t len)
{
    uint32_t *head;
    const char *key;
    ksz_rc rc = ksz__warn_strtab_insert(tab, &w->arena, s, len, &head, &key);

    if (rc != KSZ_OK)
        return rc;
    return ksz__warn_items_push(&w->items, head, li, key); /* the key is the entry as matched */
}

static ksz_rc add_regex(struct ksz_warn *w, struct warn_lst *l, const char *s, size_t len,
                        size_t cap_re, bool *skip)
{
    char pat[KSZ_WARN_ENTRY_MAX * 2 + 64];
    struct warn_re *re;

    if (ksz__warn_re_translate(s, len, pat, sizeof pat) != KSZ_OK) {
        *skip = true;
        return KSZ_OK;
    }
    if (l->re == NULL) {
        l->re = ksz__calloc(cap_re, sizeof *l->re);
        if (l->re == NULL)
            return KSZ_ERR_NOMEM;
    }
    re = &l->re[l->nre];
    if (regcomp(&re->re, pat, REG_EXTENDED | REG_NOSUB | REG_ICASE) != 0) {
        *skip = true;
        return KSZ_OK;
    }
    re->entry = ksz__warn_arena_dup(&w->arena, s, len, false);
    if (re->entry == NULL) {
        regfree(&re->re);
        return KSZ_ERR_NOMEM;
    }
    l->nre++;
    return KSZ_OK;
}

static ksz_rc add_entry(struct ksz_warn *w, uint32_t li, const char *s, size_t n_entries,
                        bool *skip)
{
    struct warn_lst *l = &w->lists[li];
    size_t len = strlen(s);

    trim(&s, &len);
    if (l->kind == KSZ_WARN_HOSTNAME)
        host_entry(&s, &len);
    if (len == 0 || len > KSZ_WARN_ENTRY_MAX) {
        *skip = true;
        return KSZ_OK;
    }
    switch (l->kind) {
    case KSZ_WARN_CIDR:
        return add_cidr(w, li, s, len, skip);
    case KSZ_WARN_HOSTNAME:
        return add_name(w, &w->host, li, s, len);
    case KSZ_WARN_STRING:
        return add_name(w, &w->str, li, s, len);
    case KSZ_WARN_SUBSTRING: {
        const char *text = ksz__warn_arena_dup(&w->arena, s, len, true);
        if (text == NULL)
            return KSZ_ERR_NOMEM;
        return ksz__warn_ac_add(&w->ac, text, len, li);
    }
    case KSZ_WARN_REGEX:
        return add_regex(w, l, s, len, n_entries, skip);
    }
    return KSZ_ERR_INVALID;
}

static ksz_rc check_list(const struct ksz_warn *w, const struct ksz_warn_list *list,
                         struct ksz_error *err)
{
    if (list->name == NULL || list->name[0] == '\0')
        return ksz_error_set(err, KSZ_ERR_INVALID, "warn: a list needs a name");
    if (list->kind < KSZ_WARN_CIDR || list->kind > KSZ_WARN_REGEX)
        return ksz_error_set(err, KSZ_ERR_INVALID, "warn: list '%s': bad kind %d", list->name,
                             (int)list->kind);
    if (list->policy != KSZ_WARN_POLICY_WARN && list->policy != KSZ_WARN_POLICY_BLOCK)
        return ksz_error_set(err, KSZ_ERR_INVALID, "warn: list '%s': bad policy %d",
                             list->name, (int)list->policy);
    for (uint32_t i = 0; i < w->nlists; i++)
        if (!w->lists[i].dead && strcmp(w->lists[i].name, list->name) == 0)
            return ksz_error_set(err, KSZ_ERR_INVALID, "warn: list '%s' added twice",
                                 list->name);
    if (w->nlists >= KSZ_WARN_LISTS_MAX)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "warn: more than %d lists",
                             KSZ_WARN_LISTS_MAX);
    return KSZ_OK;
}

static ksz_rc register_list(struct ksz_warn *w, const struct ksz_warn_list *list)
{
    struct warn_lst *l;

    if (w->nlists == w->caplists) {
        uint32_t cap = w->caplists ? w->caplists * 2 : 16;
        l = ksz__realloc(w->lists, (size_t)cap * sizeof *l);
        if (l == NULL)
            return KSZ_ERR_NOMEM;
        w->lists = l;
        w->caplists = cap;
    }
    l = &w->lists[w->nlists];
    memset(l, 0, sizeof *l);
    l->dead = true; /* until complete */
    l->name = ksz__strndup(list->name, strlen(list->name));
    l->description = list->description ? ksz__strndup(list->description,
                                                      strlen(list->description))
                                       : NULL;
    w->nlists++;
    if (l->name == NULL || (list->description != NULL && l->description == NULL))
        return KSZ_ERR_NOMEM;
    l->version = list->version;
    l->kind = list->kind;
    l->policy = list->policy;
    if (list->types == 0)
        l->eff = default_types(list->kind);
    else
        l->eff = list->types & KSZ_IOC_ALL;
    return KSZ_OK;
}

ksz_rc ksz_warn_add_list(struct ksz_warn *w, const struct ksz_warn_list *list,
                         const char *const *entries, size_t n, size_t *skipped,
                         struct ksz_error *err)
{
    uint32_t li, old_pats = w->ac.npats;
    size_t skip_count = 0;
    struct warn_lst *l;
    ksz_rc rc;

    rc = check_list(w, list, err);
    if (rc != KSZ_OK)
        return rc;
    li = w->nlists;
    rc = register_list(w, list);
    for (size_t i = 0; rc == KSZ_OK && i < n; i++) {
        bool skip = false;
        if (entries[i] == NULL) {
            skip_count++;
            continue;
        }
        rc = add_entry(w, li, entries[i], n, &skip);
        skip_count += skip;
    }
    if (rc == KSZ_OK && list->kind == KSZ_WARN_SUBSTRING && w->ac.npats != old_pats)
        rc = ksz__warn_ac_build(&w->ac);
    if (rc != KSZ_OK) {
        ksz__warn_ac_truncate(&w->ac, old_pats);
        if (rc == KSZ_ERR_NOMEM)
            return ksz_error_set(err, rc, "warn: list '%s': out of memory", list->name);
        return ksz_error_set(err, rc, "warn: list '%s': too many entries", list->name);
    }
    l = &w->lists[li];
    l->dead = false;
    l->enabled = list->enabled;
    if (l->enabled)
        w->any[l->kind] |= l->eff;
    if (skipped != NULL)
        *skipped = skip_count;
    return KSZ_OK;
}

/* ---- checking --------------------------------------------------------------- */

struct collect {
    const struct ksz_warn *w;
    struct ksz_warn_hit *hits;
    size_t max, n;
    ksz_ioc_typeset mask;     /* the types a list must apply to (any of) */
    uint64_t seen[KSZ_WARN_LISTS_MAX / 64];
};

static void emit(void *ctx, uint32_t list, const char *entry)
{
    struct collect *c = ctx;
    const struct warn_lst *l = &c->w->lists[list];

    if (!l->enabled || (l->eff & c->mask) == 0)
        return;
    if (c->seen[list >> 6] & (1ull << (list & 63)))
        return;
    c->seen[list >> 6] |= 1ull << (list & 63);
    if (c->n < c->max) {
        c->hits[c->n].list = l->name;
        c->hits[c->n].policy = l->policy;
        c->hits[c->n].entry = entry;
    }
    c->n++;
}

static void emit_chain(struct collect *c, uint32_t head)
{
    for (uint32_t i = head; i != 0; i = c->w->items.v[i].next)
        emit(c, c->w->items.v[i].list, c->w->items.v[i].entry);
}

static void check_net(struct collect *c, const char *s, size_t len, bool need_prefix)
{
    uint8_t key[16];
    unsigned plen, bits;

    if (!(c->w->any[KSZ_WARN_CIDR] & c->mask))
        return;
    if (!parse_net(s, len, need_prefix, key, &plen, &bits))
        return;
    ksz__warn_trie_lookup(bits == 32 ? &c->w->v4 : &c->w->v6, key, plen, &c->w->items, emit,
                          c);
}

/* The name, then each parent on a label boundary. */
static void check_host(struct collect *c, const char *s, size_t len)
{
    if (!(c->w->any[KSZ_WARN_HOSTNAME] & c->mask))
        return;
    for (;;) {
        const char *dot;
        emit_chain(c, ksz__warn_strtab_find(&c->w->host, s, len));
        dot = memchr(s, '.', len);
        if (dot == NULL)
            break;
        len -= (size_t)(dot + 1 - s);
        s = dot + 1;
    }
}

static void check_string(struct collect *c, const char *s, size_t len)
{
    if (c->w->any[KSZ_WARN_STRING] & c->mask)
        emit_chain(c, ksz__warn_strtab_find(&c->w->str, s, len));
}

static void check_regex(struct collect *c, const char *s, size_t len)
{
    char buf[KSZ_IOC_VALUE_MAX + 1];
    const struct ksz_warn *w = c->w;

    if (!(w->any[KSZ_WARN_REGEX] & c->mask))
        return;
    memcpy(buf, s, len);
    buf[len] = '\0';
    for (uint32_t i = 0; i < w->nlists; i++) {
        const struct warn_lst *l = &w->lists[i];
        if (l->kind != KSZ_WARN_REGEX || !l->enabled || (l->eff & c->mask) == 0)
            continue;
        for (size_t j = 0; j < l->nre; j++) {
            if (regexec(&l->re[j].re, buf, 0, NULL, 0) == 0) {
                emit(c, i, l->re[j].entry);
                break;
            }
        }
    }
}

/* A URL's host ("scheme://[user@]host[:port]/..."): its text and type. */
static bool url_host(const char *s, size_t len, const char **h, size_t *hlen,
                     ksz_ioc_type *ht)
{
    const char *p = NULL, *end = s + len, *at;
    uint32_t a;

    for (size_t i = 0; i + 2 < len; i++) {
        if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/') {
            p = s + i + 3;
            break;
        }
        if (s[i] == '/' || s[i] == '?' || s[i] == '#')
            break;
    }
    if (p == NULL)
        return false;
    for (const char *q = p; q < end; q++) {
        if (*q == '/' || *q == '?' || *q == '#') {
            end = q;
            break;
        }
    }
    at = NULL;
    for (const char *q = p; q < end; q++)
        if (*q == '@')
            at = q;
    if (at != NULL)
        p = at + 1;
    if (p < end && *p == '[') {
        const char *rb = memchr(p, ']', (size_t)(end - p));
        if (rb == NULL)
            return false;
        *h = p + 1;
        *hlen = (size_t)(rb - p - 1);
        *ht = KSZ_IOC_IPV6;
        return *hlen > 0;
    }
    {
        const char *colon = memchr(p, ':', (size_t)(end - p));
        if (colon != NULL)
            end = colon;
    }
    *h = p;
    *hlen = (size_t)(end - p);
    if (*hlen == 0)
        return false;
    *ht = ksz_ipv4_parse(*h, *hlen, &a, NULL) == KSZ_OK ? KSZ_IOC_IPV4 : KSZ_IOC_DOMAIN;
    return true;
}

/* An e-mail address's domain, "[1.2.3.4]" and bare IPv4 included. */
static bool email_domain(const char *s, size_t len, const char **h, size_t *hlen,
                         ksz_ioc_type *ht)
{
    const char *at = NULL;
    uint32_t a;

    for (size_t i = 0; i < len; i++)
        if (s[i] == '@')
            at = s + i;
    if (at == NULL || at + 1 >= s + len)
        return false;
    *h = at + 1;
    *hlen = (size_t)(s + len - *h);
    if (*hlen >= 2 && (*h)[0] == '[' && (*h)[*hlen - 1] == ']') {
        (*h)++;
        *hlen -= 2;
    }
    *ht = ksz_ipv4_parse(*h, *hlen, &a, NULL) == KSZ_OK ? KSZ_IOC_IPV4 : KSZ_IOC_DOMAIN;
    return *hlen > 0;
}

ksz_rc ksz_warn_check(const struct ksz_warn *w, ksz_ioc_type t, const char *value, size_t len,
                      struct ksz_warn_hit *hits, size_t max, size_t *n)
{
    struct collect c;
    const char *h;
    size_t hlen;
    ksz_ioc_type ht;

    *n = 0;
    if (len > KSZ_IOC_VALUE_MAX)
        return KSZ_ERR_LIMIT;
    if (w == NULL || w->nlists == 0 || t <= KSZ_IOC_NONE || t >= KSZ_IOC__COUNT)
        return KSZ_OK;
    c.w = w;
    c.hits = hits;
    c.max = hits != NULL ? max : 0;
    c.n = 0;
    memset(c.seen, 0, ((w->nlists + 63) / 64) * sizeof c.seen[0]);
    c.mask = KSZ_IOC_BIT(t);
    switch (t) {
    case KSZ_IOC_IPV4:
    case KSZ_IOC_IPV6:
        check_net(&c, value, len, false);
        break;
    case KSZ_IOC_CIDR4:
    case KSZ_IOC_CIDR6:
        check_net(&c, value, len, true);
        break;
    case KSZ_IOC_DOMAIN:
        check_host(&c, value, len);
        break;
    default:
        break;
    }
    check_string(&c, value, len);
    if (c.w->any[KSZ_WARN_SUBSTRING] & c.mask)
        ksz__warn_ac_scan(&w->ac, value, len, emit, &c);
    check_regex(&c, value, len);
    if ((t == KSZ_IOC_URL && url_host(value, len, &h, &hlen, &ht)) ||
        (t == KSZ_IOC_EMAIL && email_domain(value, len, &h, &hlen, &ht))) {
        c.mask = KSZ_IOC_BIT(t) | KSZ_IOC_BIT(ht);
        if (ht == KSZ_IOC_DOMAIN) {
            check_host(&c, h, hlen);
            check_string(&c, h, hlen);
        } else {
            check_net(&c, h, hlen, false);
            check_string(&c, h, hlen);
        }
    }
    *n = c.n;
    return KSZ_OK;
}
