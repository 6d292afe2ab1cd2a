/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cidr_trie.c - a path-compressed binary trie (PATRICIA-style) of IPv4 or
 * IPv6 prefixes, for cidr warninglists.
 *
 * Each node holds a whole prefix (key and length), so a chain of one-child
 * nodes never exists: a node has items (it is a listed network) or two
 * children (it is where two listed networks part). 100k networks give at most
 * 200k nodes, and a lookup visits at most one node per distinct prefix length
 * on the address's path, reporting every listed network that contains it.
 */
#include <assert.h>
#include <string.h>
#include "warn/warn_int.h"

static unsigned bit_at(const uint8_t key[16], unsigned i)
{
    return (key[i >> 3] >> (7 - (i & 7))) & 1u;
}

/* The number of leading bits a and b share, at most max. */
static unsigned common_bits(const uint8_t a[16], const uint8_t b[16], unsigned max)
{
    unsigned i = 0;

    while (i + 8 <= max && a[i >> 3] == b[i >> 3])
        i += 8;
    while (i < max && bit_at(a, i) == bit_at(b, i))
        i++;
    return i;
}

static bool prefix_equal(const uint8_t a[16], const uint8_t b[16], unsigned plen)
{
    unsigned whole = plen >> 3, rest = plen & 7;

    if (memcmp(a, b, whole) != 0)
        return false;
    if (rest == 0)
        return true;
    return ((a[whole] ^ b[whole]) & (uint8_t)(0xffu << (8 - rest))) == 0;
}

static void mask_key(uint8_t key[16], unsigned plen)
{
    unsigned whole = plen >> 3, rest = plen & 7;

    if (whole >= 16)
        return;
    if (rest != 0) {
        key[whole] &= (uint8_t)(0xffu << (8 - rest));
        whole++;
    }
    memset(key + whole, 0, 16 - whole);
}

void ksz__warn_trie_init(struct warn_trie *t, unsigned bits)
{
    memset(t, 0, sizeof *t);
    t->bits = bits;
}

void ksz__warn_trie_free(struct warn_trie *t)
{
    ksz__free(t->nodes);
    t->nodes = NULL;
    t->n = t->cap = t->root = 0;
}

static ksz_rc reserve(struct warn_trie *t, uint32_t more)
{
    struct warn_trie_node *p;
    uint32_t cap;

    if (t->n + more <= t->cap)
        return KSZ_OK;
    if (t->cap > UINT32_MAX / 4)
        return KSZ_ERR_LIMIT;
    cap = t->cap ? t->cap * 2 : 64;
    p = ksz__realloc(t->nodes, (size_t)cap * sizeof *p);
    if (p == NULL)
        return KSZ_ERR_NOMEM;
    if (t->n == 0)
        t->n = 1; /* index 0 means "none" */
    t->nodes = p;
    t->cap = cap;
    return KSZ_OK;
}

static uint32_t new_node(struct warn_trie *t, const uint8_t key[16], unsigned plen)
{
    uint32_t i = t->n++;
    struct warn_trie_node *nd = &t->nodes[i];

    assert(i < t->cap);
    memcpy(nd->key, key, 16);
    mask_key(nd->key, plen);
    nd->child[0] = nd->child[1] = 0;
    nd->items = 0;
    nd->plen = (uint8_t)plen;
    return i;
}

ksz_rc ksz__warn_trie_insert(struct warn_trie *t, const uint8_t key[16], unsigned plen,
                             uint32_t **items)
{
    uint32_t *ref, cur, made;
    ksz_rc rc;

    assert(plen <= t->bits);
    rc = reserve(t, 2); /* at most two nodes per insert: nothing moves below */
    if (rc != KSZ_OK)
        return rc;
    ref = &t->root;
    for (;;) {
        struct warn_trie_node *nd;
        unsigned common;

        cur = *ref;
        if (cur == 0) {
            made = new_node(t, key, plen);
            *ref = made;
            break;
        }
        nd = &t->nodes[cur];
        common = common_bits(nd->key, key, nd->plen < plen ? nd->plen : plen);
        if (common == nd->plen && nd->plen == plen) {
            made = cur;
            break;
        }
        if (common == nd->plen) { /* nd contains key/plen: go down */
            ref = &nd->child[bit_at(key, nd->plen)];
            continue;
        }
        if (common == plen) { /* key/plen contains nd: put it above */
            made = new_node(t, key, plen);
            t->nodes[made].child[bit_at(t->nodes[cur].key, plen)] = cur;
            *ref = made;
            break;
        }
        /* They part at bit `common`: a branching node above both. */
        {
            uint32_t glue = new_node(t, key, common);
            made = new_node(t, key, plen);
            t->nodes[glue].child[bit_at(key, common)] = made;
            t->nodes[glue].child[bit_at(t->nodes[cur].key, common)] = cur;
            *ref = glue;
        }
        break;
    }
    *items = &t->nodes[made].items;
    return KSZ_OK;
}

void ksz__warn_trie_lookup(const struct warn_trie *t, const uint8_t key[16], unsigned qlen,
                           const struct warn_items *it, warn_emit_fn emit, void *ctx)
{
    uint32_t cur = t->root;

    while (cur != 0) {
        const struct warn_trie_node *nd = &t->nodes[cur];

        if (nd->plen > qlen || !prefix_equal(nd->key, key, nd->plen))
            return;
        for (uint32_t i = nd->items; i != 0; i = it->v[i].next)
            emit(ctx, it->v[i].list, it->v[i].entry);
        if (nd->plen == qlen)
            return;
        cur = nd->child[bit_at(key, nd->plen)];
    }
}
