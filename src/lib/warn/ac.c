/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ac.c - Aho-Corasick over every substring warninglist entry at once, so a
 * value is scanned in one pass whatever the number of entries.
 *
 * The automaton is a full transition table (a DFA: one lookup per input
 * byte, no failure-link walking at scan time) over byte classes: only the
 * bytes that occur in some entry get a class of their own (upper and lower
 * case share one), every other byte is class 0 and sends the scan back to
 * the root. Eight thousand disposable-mail domains use ~40 classes, so the
 * table stays a few megabytes. Each state also keeps a link to the nearest
 * suffix state where an entry ends, so overlapping entries ("mail.com" inside
 * "0-mail.com") are all reported.
 *
 * Entries arrive list by list; the table is rebuilt after each list that
 * adds some (there are few substring lists). A failed rebuild keeps the old
 * table.
 */
#include <string.h>
#include "warn/warn_int.h"

#define NONE UINT32_MAX

static unsigned char fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

ksz_rc ksz__warn_ac_add(struct warn_ac *ac, const char *text, size_t len, uint32_t list)
{
    if (len == 0 || len > UINT32_MAX)
        return KSZ_ERR_INVALID;
    if (ac->npats == ac->cappats) {
        uint32_t cap = ac->cappats ? ac->cappats * 2 : 256;
        struct warn_pat *p;
        if (ac->cappats > UINT32_MAX / 4)
            return KSZ_ERR_LIMIT;
        p = ksz__realloc(ac->pats, (size_t)cap * sizeof *p);
        if (p == NULL)
            return KSZ_ERR_NOMEM;
        ac->pats = p;
        ac->cappats = cap;
    }
    ac->pats[ac->npats].text = text;
    ac->pats[ac->npats].len = (uint32_t)len;
    ac->pats[ac->npats].list = list;
    ac->npats++;
    return KSZ_OK;
}

void ksz__warn_ac_truncate(struct warn_ac *ac, uint32_t old_n)
{
    if (old_n < ac->npats)
        ac->npats = old_n;
}

struct ac_build {
    uint32_t *delta, *out, *dict, *patnext, *fail, *queue;
    uint32_t nstates, ncls;
    uint8_t cls[256];
};

static void build_free(struct ac_build *b)
{
    ksz__free(b->delta);
    ksz__free(b->out);
    ksz__free(b->dict);
    ksz__free(b->patnext);
    ksz__free(b->fail);
    ksz__free(b->queue);
}

static void make_classes(const struct warn_ac *ac, struct ac_build *b)
{
    bool used[256] = {false};

    for (uint32_t p = 0; p < ac->npats; p++)
        for (uint32_t i = 0; i < ac->pats[p].len; i++)
            used[fold((unsigned char)ac->pats[p].text[i])] = true;
    memset(b->cls, 0, sizeof b->cls);
    b->ncls = 1;
    for (unsigned c = 0; c < 256; c++)
        if (used[c])
            b->cls[c] = (uint8_t)b->ncls++;
    for (unsigned c = 'A'; c <= 'Z'; c++)
        b->cls[c] = b->cls[c + ('a' - 'A')];
}

/* The trie of all patterns, NONE where there is no edge. */
static void build_trie(const struct warn_ac *ac, struct ac_build *b)
{
    b->nstates = 1;
    for (uint32_t p = 0; p < ac->npats; p++) {
        uint32_t s = 0;
        for (uint32_t i = 0; i < ac->pats[p].len; i++) {
            uint32_t c = b->cls[(unsigned char)ac->pats[p].text[i]];
            uint32_t *e = &b->delta[(size_t)s * b->ncls + c];
            if (*e == NONE)
                *e = b->nstates++;
            s = *e;
        }
        b->patnext[p] = b->out[s];
        b->out[s] = p + 1;
    }
}

/* Breadth first: failure links, suffix-output links, and the missing edges
 * filled in from the failure state (already complete, being shallower). */
static void build_links(struct ac_build *b)
{
    uint32_t head = 0, tail = 0;

    for (uint32_t c = 0; c < b->ncls; c++) {
        uint32_t *e = &b->delta[c];
        if (*e == NONE || c == 0) {
            *e = 0;
        } else {
            b->fail[*e] = 0;
            b->dict[*e] = 0;
            b->queue[tail++] = *e;
        }
    }
    while (head < tail) {
        uint32_t s = b->queue[head++];
        for (uint32_t c = 0; c < b->ncls; c++) {
            uint32_t *e = &b->delta[(size_t)s * b->ncls + c];
            uint32_t via = b->delta[(size_t)b->fail[s] * b->ncls + c];
            if (*e == NONE || c == 0) {
                *e = via;
                continue;
            }
            b->fail[*e] = via;
            b->dict[*e] = b->out[via] != 0 ? via : b->dict[via];
            b->queue[tail++] = *e;
        }
    }
}

ksz_rc ksz__warn_ac_build(struct warn_ac *ac)
{
    struct ac_build b;
    size_t total = 1, cells;

    memset(&b, 0, sizeof b);
    for (uint32_t p = 0; p < ac->npats; p++)
        total += ac->pats[p].len;
    if (total > UINT32_MAX / 2)
        return KSZ_ERR_LIMIT;
    make_classes(ac, &b);
    cells = total * b.ncls;
    if (cells / b.ncls != total || cells > SIZE_MAX / sizeof(uint32_t))
        return KSZ_ERR_LIMIT;
    b.delta = ksz__malloc(cells * sizeof(uint32_t));
    b.out = ksz__calloc(total, sizeof(uint32_t));
    b.dict = ksz__calloc(total, sizeof(uint32_t));
    b.fail = ksz__calloc(total, sizeof(uint32_t));
    b.queue = ksz__malloc(total * sizeof(uint32_t));
    b.patnext = ksz__calloc(ac->npats ? ac->npats : 1, sizeof(uint32_t));
    if (!b.delta || !b.out || !b.dict || !b.fail || !b.queue || !b.patnext) {
        build_free(&b);
        return KSZ_ERR_NOMEM;
    }
    memset(b.delta, 0xff, cells * sizeof(uint32_t));
    build_trie(ac, &b);
    build_links(&b);
    /* Shrink the table to the states made; failing to shrink is harmless. */
    {
        uint32_t *d = ksz__realloc(b.delta, (size_t)b.nstates * b.ncls * sizeof(uint32_t));
        if (d != NULL)
            b.delta = d;
    }
    ksz__free(ac->delta);
    ksz__free(ac->out);
    ksz__free(ac->dict);
    ksz__free(ac->patnext);
    ac->delta = b.delta;
    ac->out = b.out;
    ac->dict = b.dict;
    ac->patnext = b.patnext;
    ac->nstates = b.nstates;
    ac->ncls = b.ncls;
    memcpy(ac->cls, b.cls, sizeof ac->cls);
    ksz__free(b.fail);
    ksz__free(b.queue);
    return KSZ_OK;
}

void ksz__warn_ac_free(struct warn_ac *ac)
{
    ksz__free(ac->pats);
    ksz__free(ac->delta);
    ksz__free(ac->out);
    ksz__free(ac->dict);
    ksz__free(ac->patnext);
    memset(ac, 0, sizeof *ac);
}

void ksz__warn_ac_scan(const struct warn_ac *ac, const char *s, size_t len, warn_emit_fn emit,
                       void *ctx)
{
    uint32_t st = 0;

    if (ac->delta == NULL)
        return;
    for (size_t i = 0; i < len; i++) {
        uint32_t o;
        st = ac->delta[(size_t)st * ac->ncls + ac->cls[(unsigned char)s[i]]];
        o = ac->out[st] != 0 ? st : ac->dict[st];
        while (o != 0) {
            for (uint32_t p = ac->out[o]; p != 0; p = ac->patnext[p - 1])
                emit(ctx, ac->pats[p - 1].list, ac->pats[p - 1].text);
            o = ac->dict[o];
        }
    }
}
