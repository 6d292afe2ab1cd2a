/* SPDX-License-Identifier: Apache-2.0 */
/* xtest.h - collect extractor hits as "type value" lines for assertions. */
#ifndef KSZ_XTEST_H
#define KSZ_XTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kizashi/extract.h"

struct xhits {
    char text[65536];     /* "type value\n" per hit */
    size_t len;
    size_t count;
    uint64_t offsets[4096];
    uint64_t lines[4096];
    unsigned flags[4096];
};

static int xtest_cb(const struct ksz_extract_hit *h, void *user)
{
    struct xhits *x = user;
    int n = snprintf(x->text + x->len, sizeof x->text - x->len, "%s %.*s\n",
                     ksz_ioc_type_name(h->type), (int)h->value_len, h->value);
    if (n > 0 && (size_t)n < sizeof x->text - x->len)
        x->len += (size_t)n;
    if (x->count < 4096) {
        x->offsets[x->count] = h->offset;
        x->lines[x->count] = h->line;
        x->flags[x->count] = h->flags;
    }
    x->count++;
    return 0;
}

static struct xhits xh;

static const char *xrun_opts(const char *s, const struct ksz_extract_opts *o)
{
    memset(&xh, 0, sizeof xh);
    if (ksz_extract_buffer(s, strlen(s), o, xtest_cb, &xh, NULL) != KSZ_OK)
        return "(error)";
    return xh.text;
}

static const char *xrun(const char *s)
{
    return xrun_opts(s, NULL);
}

/* Is "type value" among the hits? */
static int xhas(const char *hits, const char *tv)
{
    size_t n = strlen(tv);
    for (const char *p = hits; (p = strstr(p, tv)) != NULL; p++)
        if ((p == hits || p[-1] == '\n') && p[n] == '\n')
            return 1;
    return 0;
}

#define HAS(text, tv)                                                                              \
    do {                                                                                           \
        const char *h_ = xrun(text);                                                               \
        if (!xhas(h_, tv))                                                                         \
            fail_msg("missing '%s' in hits of '%s':\n%s", tv, text, h_);                           \
    } while (0)
#define HASNT(text, tv)                                                                            \
    do {                                                                                           \
        const char *h_ = xrun(text);                                                               \
        if (xhas(h_, tv))                                                                          \
            fail_msg("unexpected '%s' in hits of '%s':\n%s", tv, text, h_);                        \
    } while (0)
#define NOTHING(text)                                                                              \
    do {                                                                                           \
        const char *h_ = xrun(text);                                                               \
        if (*h_)                                                                                   \
            fail_msg("unexpected hits in '%s':\n%s", text, h_);                                    \
    } while (0)

#endif
