/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonl_in.c - JSON lines: one JSON object per line, with the members that
 * `kizashi export --format jsonl` writes ("value" required; "type",
 * "confidence", "tlp", "valid_from", "usage", "labels", ... optional). Lists
 * may be JSON arrays or comma-separated strings. Unknown members are
 * ignored, so an export can be imported again as it is.
 */
#include <string.h>
#include "formats_int.h"

/* An integer as decimal text (no printf: a JSON line's confidence is one). */
static ksz_rc put_int(struct ksz_buf *b, json_int_t v)
{
    char d[24];
    size_t n = sizeof d;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

    do
        d[--n] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        d[--n] = '-';
    return ksz_buf_append(b, d + n, sizeof d - n);
}

static ksz_rc line_fields(const json_t *o, struct ksz__fields *f, struct ksz_buf *tmp)
{
    const char *k;
    json_t *v;
    size_t offs[KSZ_F__COUNT];
    bool joined[KSZ_F__COUNT] = {false};
    ksz_rc rc = KSZ_OK;

    /* first pass: arrays and numbers become text in tmp (offsets: tmp may move) */
    ksz_buf_reset(tmp);
    json_object_foreach((json_t *)o, k, v) {
        int fi = ksz__field_from_name(k, strlen(k));
        if (fi < 0)
            continue;
        if (json_is_string(v)) {
            f->v[fi] = json_string_value(v);
            f->l[fi] = json_string_length(v);
        } else if (json_is_array(v) || json_is_integer(v) || json_is_boolean(v)) {
            size_t i;
            json_t *e;
            offs[fi] = tmp->len;
            joined[fi] = true;
            if (json_is_integer(v))
                rc = put_int(tmp, json_integer_value(v));
            else if (json_is_boolean(v))
                rc = ksz_buf_printf(tmp, "%s", json_is_true(v) ? "true" : "false");
            json_array_foreach(v, i, e) {
                if (json_is_string(e) && rc == KSZ_OK) {
                    if (i > 0)
                        rc = ksz_buf_putc(tmp, ',');
                    if (rc == KSZ_OK)
                        rc = ksz_buf_append(tmp, json_string_value(e), json_string_length(e));
                }
            }
            f->l[fi] = tmp->len - offs[fi];
        }
    }
    for (int i = 0; i < KSZ_F__COUNT && rc == KSZ_OK; i++)
        if (joined[i])
            f->v[i] = f->l[i] ? tmp->data + offs[i] : NULL;
    return rc;
}

ksz_rc ksz_jsonl_read(const char *name, const char *buf, size_t len,
                      const struct ksz_import_defaults *d, const struct ksz_import_sink *sink,
                      struct ksz_error *err)
{
    struct ksz__rowbuf rb = {0};
    struct ksz_buf tmp;
    uint64_t line = 0;
    size_t i = 0;
    ksz_rc rc = KSZ_OK;

    ksz_buf_init(&rb.scratch, 0);
    ksz_buf_init(&tmp, 0);
    while (i < len && rc == KSZ_OK) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - buf) : len, s = i;
        struct ksz__fields f;
        json_error_t je;
        json_t *o;

        line++;
        i = end + 1;
        while (s < end && (buf[s] == ' ' || buf[s] == '\t' || buf[s] == '\r'))
            s++;
        if (s == end)
            continue;
        o = json_loadb(buf + s, end - s, 0, &je);
        if (!json_is_object(o)) {
            rc = ksz_error_set(err, KSZ_ERR_PARSE, "%s:%llu: expected a JSON object (%s)", name,
                               (unsigned long long)line, o ? "not an object" : je.text);
            json_decref(o);
            break;
        }
        memset(&f, 0, sizeof f);
        rc = line_fields(o, &f, &tmp);
        if (rc != KSZ_OK)
            rc = ksz_error_set(err, rc, "%s:%llu: record too large", name,
                               (unsigned long long)line);
        else
            rc = ksz__fields_emit(&f, &rb, name, line, d, sink, err);
        json_decref(o);
    }
    ksz_buf_cleanup(&tmp);
    ksz__rowbuf_cleanup(&rb);
    return rc;
}
