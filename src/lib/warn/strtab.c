/* SPDX-License-Identifier: Apache-2.0 */
/*
 * strtab.c - an open-addressing hash table of names, ASCII case-insensitive,
 * for hostname and string warninglists.
 *
 * Keys are stored lower-cased and hashed while folding, so a lookup needs no
 * copy of the value: the hostname matcher looks up "a.b.example.com", then
 * "b.example.com", "example.com" and "com" straight from the value's bytes.
 * Linear probing at a load of at most one half; the full 64-bit hash sits in
 * the slot so a probe compares bytes only on a likely hit.
 */
#include <string.h>
#include "warn/warn_int.h"

static unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* FNV-1a over the folded bytes, then a final mix (the low bits index). */
uint64_t ksz__warn_hash(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (size_t i = 0; i < len; i++) {
        h ^= fold((unsigned char)s[i]);
        h *= 0x100000001b3ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

static bool key_equal(const struct warn_slot *sl, const char *s, size_t len)
{
    if (sl->len != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)sl->key[i] != fold((unsigned char)s[i]))
            return false;
    return true;
}

void ksz__warn_strtab_free(struct warn_strtab *t)
{
    ksz__free(t->slots);
    t->slots = NULL;
    t->mask = 0;
    t->n = 0;
}

static ksz_rc grow(struct warn_strtab *t)
{
    size_t size = t->mask ? (t->mask + 1) * 2 : 1024;
    struct warn_slot *slots;

    if (size > SIZE_MAX / sizeof *slots / 2)
        return KSZ_ERR_LIMIT;
    slots = ksz__calloc(size, sizeof *slots);
    if (slots == NULL)
        return KSZ_ERR_NOMEM;
    for (size_t i = 0; t->mask != 0 && i <= t->mask; i++) {
        size_t j;
        if (t->slots[i].key == NULL)
            continue;
        j = (size_t)t->slots[i].hash & (size - 1);
        while (slots[j].key != NULL)
            j = (j + 1) & (size - 1);
        slots[j] = t->slots[i];
    }
    ksz__free(t->slots);
    t->slots = slots;
    t->mask = size - 1;
    return KSZ_OK;
}

ksz_rc ksz__warn_strtab_insert(struct warn_strtab *t, struct warn_arena *a, const char *s,
                               size_t len, uint32_t **items, const char **key)
{
    uint64_t h = ksz__warn_hash(s, len);
    size_t j;

    if (len > UINT32_MAX)
        return KSZ_ERR_LIMIT;
    if ((t->n + 1) * 2 > t->mask + 1) {
        ksz_rc rc = grow(t);
        if (rc != KSZ_OK)
            return rc;
    }
    j = (size_t)h & t->mask;
    while (t->slots[j].key != NULL) {
        if (t->slots[j].hash == h && key_equal(&t->slots[j], s, len)) {
            *items = &t->slots[j].items;
            *key = t->slots[j].key;
            return KSZ_OK;
        }
        j = (j + 1) & t->mask;
    }
    t->slots[j].key = ksz__warn_arena_dup(a, s, len, true);
    if (t->slots[j].key == NULL)
        return KSZ_ERR_NOMEM;
    t->slots[j].hash = h;
    t->slots[j].len = (uint32_t)len;
    t->slots[j].items = 0;
    t->n++;
    *items = &t->slots[j].items;
    *key = t->slots[j].key;
    return KSZ_OK;
}

uint32_t ksz__warn_strtab_find(const struct warn_strtab *t, const char *s, size_t len)
{
    uint64_t h;
    size_t j;

    if (t->n == 0)
        return 0;
    h = ksz__warn_hash(s, len);
    j = (size_t)h & t->mask;
    while (t->slots[j].key != NULL) {
        if (t->slots[j].hash == h && key_equal(&t->slots[j], s, len))
            return t->slots[j].items;
        j = (j + 1) & t->mask;
    }
    return 0;
}
