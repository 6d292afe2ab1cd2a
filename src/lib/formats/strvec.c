/* SPDX-License-Identifier: Apache-2.0 */
/*
 * strvec.c - growable lists of borrowed strings, and a pool of owned copies,
 * for building the struct ksz_strlist fields of model records.
 */
#include <string.h>
#include "formats_int.h"

#define STRVEC_MAX (1u << 20)   /* a record with a million labels is not one */

ksz_rc ksz__strvec_push(struct ksz__strvec *v, const char *s)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        const char **p;
        if (cap > STRVEC_MAX)
            return KSZ_ERR_LIMIT;
        p = ksz__realloc(v->items, cap * sizeof *p);
        if (p == NULL)
            return KSZ_ERR_NOMEM;
        v->items = p;
        v->cap = cap;
    }
    v->items[v->n++] = s;
    return KSZ_OK;
}

ksz_rc ksz__strvec_push_unique(struct ksz__strvec *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->items[i], s) == 0)
            return KSZ_OK;
    return ksz__strvec_push(v, s);
}

void ksz__strvec_cleanup(struct ksz__strvec *v)
{
    ksz__free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
}

const char *ksz__strpool_dup(struct ksz__strpool *p, const char *s, size_t len)
{
    char *c;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        char **items = ksz__realloc(p->items, cap * sizeof *items);
        if (items == NULL)
            return NULL;
        p->items = items;
        p->cap = cap;
    }
    c = ksz__strndup(s, len);
    if (c != NULL)
        p->items[p->n++] = c;
    return c;
}

void ksz__strpool_cleanup(struct ksz__strpool *p)
{
    for (size_t i = 0; i < p->n; i++)
        ksz__free(p->items[i]);
    ksz__free(p->items);
    p->items = NULL;
    p->n = p->cap = 0;
}
