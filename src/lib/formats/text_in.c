/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text_in.c - free text (a report, a post, an e-mail) through the
 * extractor: every observable found becomes an indicator. Values the
 * extractor flags as references (documentation ranges, private addresses,
 * reference sites) are left out and noted, since prose cites them without
 * meaning them. Each value is taken once.
 */
#include "kizashi/extract.h"
#include "formats_int.h"

struct text_ctx {
    const struct ksz_import_defaults *d;
    const struct ksz_import_sink *sink;
    struct ksz_error *err;
    ksz_rc rc;
};

static int on_hit(const struct ksz_extract_hit *h, void *user)
{
    struct text_ctx *c = user;
    struct ksz_indicator ind;
    struct ksz_import_pos pos = {h->offset, h->line};

    if (h->flags & KSZ_EXTRACT_REFERENCE) {
        ksz__emit_note(c->sink, "reference", h->value, &pos);
        return 0;
    }
    ksz__indicator_blank(&ind);
    ind.type = h->type;
    ind.value = h->value;
    c->rc = ksz__emit_indicator(c->sink, c->d, &ind, &pos, c->err);
    return c->rc != KSZ_OK;
}

ksz_rc ksz_text_read(const char *name, const char *buf, size_t len,
                     const struct ksz_import_defaults *d, const struct ksz_import_sink *sink,
                     struct ksz_error *err)
{
    struct ksz_extract_opts o;
    struct text_ctx c = {d, sink, err, KSZ_OK};
    ksz_rc rc;

    (void)name;
    ksz_extract_opts_init(&o);
    o.unique = true;
    rc = ksz_extract_buffer(buf, len, &o, on_hit, &c, err);
    return rc != KSZ_OK ? rc : c.rc;
}
