/* SPDX-License-Identifier: Apache-2.0 */
/*
 * codec.c - compact list columns and content hashes.
 *
 * A list is stored as its items joined by 0x1f (the ASCII unit separator),
 * NULL when empty. An item holding 0x1f itself has it replaced by a space:
 * labels, tags and ids never carry control bytes in practice, and the
 * alternative (a child table row per item) halves the put rate.
 * Decoding copies the texts of one row into a scratch area owned by the
 * store, so iterating a million rows allocates only while the area grows.
 */
#include <string.h>
#include "store/store_int.h"

ksz_rc ksz__list_encode(struct ksz_buf *b, const struct ksz_strlist *l)
{
    ksz_rc rc;

    ksz_buf_reset(b);
    rc = ksz__list_encode_append(b, l);
    if (rc == KSZ_OK && b->data == NULL)
        rc = ksz_buf_reserve(b, 1);
    return rc;
}

ksz_rc ksz__list_encode_append(struct ksz_buf *b, const struct ksz_strlist *l)
{
    size_t base = b->len;
    ksz_rc rc = KSZ_OK;

    for (size_t i = 0; l != NULL && i < l->n && rc == KSZ_OK; i++) {
        const char *item = l->items[i];
        size_t start;

        if (item == NULL || item[0] == '\0')
            continue;
        if (b->len > base)
            rc = ksz_buf_putc(b, KSZ__LIST_SEP);
        start = b->len;
        if (rc == KSZ_OK)
            rc = ksz_buf_append(b, item, strlen(item));
        for (size_t j = start; rc == KSZ_OK && j < b->len; j++)
            if (b->data[j] == KSZ__LIST_SEP)
                b->data[j] = ' ';
    }
    return rc;
}

void ksz__lists_cleanup(struct store_lists *sc)
{
    ksz__free(sc->text);
    ksz__free(sc->items);
    memset(sc, 0, sizeof *sc);
}

ksz_rc ksz__lists_decode(struct store_lists *sc, const char *const *texts, size_t n,
                         struct ksz_strlist *outs)
{
    size_t bytes = 0, items = 0, o = 0, k = 0;

    for (size_t i = 0; i < n; i++) {
        const char *t = texts[i];
        if (t == NULL || t[0] == '\0')
            continue;
        bytes += strlen(t) + 1;
        items++;
        for (; *t; t++)
            items += *t == KSZ__LIST_SEP;
    }
    if (bytes > sc->text_cap) {
        size_t cap = bytes < 4096 ? 4096 : bytes * 2;
        char *p = ksz__realloc(sc->text, cap);
        if (p == NULL)
            return KSZ_ERR_NOMEM;
        sc->text = p;
        sc->text_cap = cap;
    }
    if (items > sc->items_cap) {
        size_t cap = items < 256 ? 256 : items * 2;
        const char **p = ksz__realloc(sc->items, cap * sizeof *p);
        if (p == NULL)
            return KSZ_ERR_NOMEM;
        sc->items = p;
        sc->items_cap = cap;
    }
    for (size_t i = 0; i < n; i++) {
        const char *t = texts[i];
        size_t len;

        outs[i].items = sc->items + k;
        outs[i].n = 0;
        if (t == NULL || t[0] == '\0')
            continue;
        len = strlen(t);
        memcpy(sc->text + o, t, len + 1);
        sc->items[k++] = sc->text + o;
        outs[i].n = 1;
        for (size_t j = o; j < o + len; j++) {
            if (sc->text[j] == KSZ__LIST_SEP) {
                sc->text[j] = '\0';
                sc->items[k++] = sc->text + j + 1;
                outs[i].n++;
            }
        }
        o += len + 1;
    }
    return KSZ_OK;
}

#define FNV_PRIME 0x100000001b3ULL

uint64_t ksz__hash_str(uint64_t h, const char *s)
{
    if (s != NULL)
        for (; *s; s++)
            h = (h ^ (unsigned char)*s) * FNV_PRIME;
    return (h ^ 0xffu) * FNV_PRIME; /* a terminator: ("ab","c") != ("a","bc") */
}

uint64_t ksz__hash_i64(uint64_t h, int64_t v)
{
    /* one multiply per number, not eight: this runs ~20 times per put */
    h = (h ^ (uint64_t)v) * FNV_PRIME;
    return h ^ (h >> 29);
}

uint64_t ksz__hash_list(uint64_t h, const struct ksz_strlist *l)
{
    size_t n = l != NULL ? l->n : 0;

    h = ksz__hash_i64(h, (int64_t)n);
    for (size_t i = 0; i < n; i++)
        h = ksz__hash_str(h, l->items[i]);
    return h;
}
