/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warn_int.h - the warninglist matcher's parts: a string arena, the hit
 * items every structure points at, a path-compressed prefix trie (cidr), an
 * open-addressing string table (hostname, string), an Aho-Corasick automaton
 * (substring) and translated POSIX regexes (regex).
 *
 * Every structure maps a key to a chain of items (list index, entry text);
 * chains live in one array of the matcher and are linked by index, 0 ending
 * a chain. Entries of one list are added together, so a chain whose head is
 * the same list already holds that key for the list (duplicates are dropped).
 */
#ifndef KSZ_WARN_INT_H
#define KSZ_WARN_INT_H

#include <regex.h>
#include "core/core_int.h"
#include "kizashi/warn.h"

/* ---- arena: stable, NUL-terminated copies ------------------------------ */

struct warn_chunk;
struct warn_arena {
    struct warn_chunk *head;
};
/* Copy s[0..len) (lower-cased when fold) with a NUL; NULL on NOMEM. */
const char *ksz__warn_arena_dup(struct warn_arena *a, const char *s, size_t len, bool fold);
void ksz__warn_arena_free(struct warn_arena *a);

/* ---- hit items ----------------------------------------------------------- */

struct warn_item {
    uint32_t list;
    uint32_t next;        /* index of the next item of the chain, 0 = end */
    const char *entry;
};

struct warn_items {
    struct warn_item *v;  /* v[0] unused: index 0 ends a chain */
    uint32_t n, cap;
};
/* Push (list, entry) on the chain *head unless its head is already that
 * list. KSZ_ERR_NOMEM leaves the chain unchanged. */
ksz_rc ksz__warn_items_push(struct warn_items *it, uint32_t *head, uint32_t list,
                            const char *entry);
void ksz__warn_items_free(struct warn_items *it);

/* A sink for matches found by the structures below. */
typedef void (*warn_emit_fn)(void *ctx, uint32_t list, const char *entry);

/* ---- cidr: path-compressed binary trie --------------------------------- */

struct warn_trie_node {
    uint8_t key[16];      /* prefix bits, the rest zero */
    uint32_t child[2];    /* node indexes, 0 = none */
    uint32_t items;       /* chain head, 0 = a branching node only */
    uint8_t plen;
};

struct warn_trie {
    struct warn_trie_node *nodes;   /* nodes[0] unused */
    uint32_t n, cap;
    uint32_t root;
    unsigned bits;                  /* 32 or 128 */
};

void ksz__warn_trie_init(struct warn_trie *t, unsigned bits);
void ksz__warn_trie_free(struct warn_trie *t);
/* Find or make the node for key/plen; *items points at its chain head,
 * valid until the next insert. */
ksz_rc ksz__warn_trie_insert(struct warn_trie *t, const uint8_t key[16], unsigned plen,
                             uint32_t **items);
/* Every stored prefix of length <= qlen that contains key/qlen, shortest
 * first: each item of their chains goes to emit. */
void ksz__warn_trie_lookup(const struct warn_trie *t, const uint8_t key[16], unsigned qlen,
                           const struct warn_items *it, warn_emit_fn emit, void *ctx);

/* ---- string table: ASCII case-insensitive exact lookup ------------------ */

struct warn_slot {
    uint64_t hash;
    const char *key;      /* lower-cased, in the arena; NULL = empty */
    uint32_t len;
    uint32_t items;
};

struct warn_strtab {
    struct warn_slot *slots;
    size_t mask;          /* slots - 1 (a power of two), 0 when none */
    size_t n;
};

uint64_t ksz__warn_hash(const char *s, size_t len);
void ksz__warn_strtab_free(struct warn_strtab *t);
/* Find or add the key s[0..len) (copied, lower-cased, into a). *items is
 * its chain head (valid until the next insert), *key the stored copy. */
ksz_rc ksz__warn_strtab_insert(struct warn_strtab *t, struct warn_arena *a, const char *s,
                               size_t len, uint32_t **items, const char **key);
/* The chain head for s[0..len) (any case), 0 when absent. */
uint32_t ksz__warn_strtab_find(const struct warn_strtab *t, const char *s, size_t len);

/* ---- substring: Aho-Corasick over every substring entry ------------------ */

struct warn_pat {
    const char *text;     /* lower-cased entry, in the arena */
    uint32_t len;
    uint32_t list;
};

struct warn_ac {
    struct warn_pat *pats;
    uint32_t npats, cappats;
    /* The automaton, rebuilt from pats by ksz__warn_ac_build. */
    uint32_t *delta;      /* nstates * ncls: a full transition table */
    uint32_t *out;        /* per state: 1 + first pattern ending here, 0 = none */
    uint32_t *dict;       /* per state: the nearest proper suffix state with output */
    uint32_t *patnext;    /* per pattern: 1 + next pattern of the same state */
    uint32_t nstates, ncls;
    uint8_t cls[256];     /* byte -> class; 0 = a byte no pattern holds */
};

ksz_rc ksz__warn_ac_add(struct warn_ac *ac, const char *text, size_t len, uint32_t list);
/* Drop patterns added since npats was old_n (after a failed add). */
void ksz__warn_ac_truncate(struct warn_ac *ac, uint32_t old_n);
/* Rebuild the automaton from every pattern; on failure the old one stays. */
ksz_rc ksz__warn_ac_build(struct warn_ac *ac);
void ksz__warn_ac_free(struct warn_ac *ac);
void ksz__warn_ac_scan(const struct warn_ac *ac, const char *s, size_t len, warn_emit_fn emit,
                       void *ctx);

/* ---- regex --------------------------------------------------------------- */

struct warn_re {
    regex_t re;
    const char *entry;
};

/* Translate a MISP/PCRE-style entry ("/^(a|b)\@.*$/i") into a POSIX
 * extended expression in out[0..cap). KSZ_ERR_PARSE for constructs with no
 * POSIX form (look-around, back-references, \b, ...), KSZ_ERR_LIMIT. */
ksz_rc ksz__warn_re_translate(const char *s, size_t len, char *out, size_t cap);

#endif
