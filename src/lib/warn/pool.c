/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pool.c - the matcher's storage: an arena of entry copies that never move
 * (hits hand out pointers into it), and the array of hit items that every
 * lookup structure chains through.
 *
 * Half a million entries would cost half a million mallocs; the arena takes
 * them in 256 KiB chunks and frees them all at once with the matcher.
 */
#include <string.h>
#include "warn/warn_int.h"

#define CHUNK_MIN ((size_t)256 * 1024)

struct warn_chunk {
    struct warn_chunk *next;
    size_t used, cap;
    char data[];
};

static char fold(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
}

const char *ksz__warn_arena_dup(struct warn_arena *a, const char *s, size_t len, bool lower)
{
    struct warn_chunk *c = a->head;
    char *p;

    if (c == NULL || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > CHUNK_MIN ? len + 1 : CHUNK_MIN;
        c = ksz__malloc(sizeof *c + cap);
        if (c == NULL)
            return NULL;
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    p = c->data + c->used;
    if (lower) {
        for (size_t i = 0; i < len; i++)
            p[i] = fold(s[i]);
    } else if (len > 0) {
        memcpy(p, s, len);
    }
    p[len] = '\0';
    c->used += len + 1;
    return p;
}

void ksz__warn_arena_free(struct warn_arena *a)
{
    struct warn_chunk *c = a->head;

    while (c != NULL) {
        struct warn_chunk *next = c->next;
        ksz__free(c);
        c = next;
    }
    a->head = NULL;
}

ksz_rc ksz__warn_items_push(struct warn_items *it, uint32_t *head, uint32_t list,
                            const char *entry)
{
    struct warn_item *v;
    uint32_t i;

    if (*head != 0 && it->v[*head].list == list)
        return KSZ_OK; /* this list already holds the key */
    if (it->n == 0)
        it->n = 1; /* index 0 ends a chain */
    if (it->n >= it->cap) {
        uint32_t cap;
        if (it->cap > UINT32_MAX / 4)
            return KSZ_ERR_LIMIT;
        cap = it->cap ? it->cap * 2 : 1024;
        v = ksz__realloc(it->v, (size_t)cap * sizeof *v);
        if (v == NULL)
            return KSZ_ERR_NOMEM;
        it->v = v;
        it->cap = cap;
    }
    i = it->n++;
    it->v[i].list = list;
    it->v[i].entry = entry;
    it->v[i].next = *head;
    *head = i;
    return KSZ_OK;
}

void ksz__warn_items_free(struct warn_items *it)
{
    ksz__free(it->v);
    it->v = NULL;
    it->n = it->cap = 0;
}
