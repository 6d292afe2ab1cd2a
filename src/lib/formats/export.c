/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export.c - the export entry point and the buffered, optionally hashed
 * output every writer uses.
 *
 * What leaves is decided by the store's filter (active only, TLP ceiling,
 * RED only when named, warninglisted values left out): the writers only
 * format. Output is deterministic: the store iterates in a fixed order and
 * every id and time a writer needs is derived from the data, never from the
 * clock.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include "formats_int.h"

#define OUT_FLUSH (64u * 1024u)

void ksz__out_init(struct ksz__out *o, ksz_write_cb write, void *user, struct ksz_error *err)
{
    memset(o, 0, sizeof *o);
    ksz_buf_init(&o->b, 0);
    o->write = write;
    o->user = user;
    o->err = err;
}

static void flush(struct ksz__out *o)
{
    if (o->rc == KSZ_OK && o->b.len > 0) {
        if (o->sha != NULL)
            EVP_DigestUpdate(o->sha, o->b.data, o->b.len);
        o->rc = o->write(o->user, o->b.data, o->b.len);
        if (o->rc != KSZ_OK)
            ksz_error_set(o->err, o->rc, "export: write error");
    }
    ksz_buf_reset(&o->b);
}

void ksz__out_maybe_flush(struct ksz__out *o)
{
    if (o->b.len >= OUT_FLUSH)
        flush(o);
}

ksz_rc ksz__out_finish(struct ksz__out *o)
{
    flush(o);
    ksz_buf_cleanup(&o->b);
    return o->rc;
}

static void fail(struct ksz__out *o, ksz_rc rc)
{
    if (o->rc == KSZ_OK && rc != KSZ_OK) {
        o->rc = rc;
        ksz_error_set(o->err, rc, "export: %s", ksz_strerror(rc));
    }
}

void ksz__out_mem(struct ksz__out *o, const char *s, size_t n)
{
    if (o->rc == KSZ_OK)
        fail(o, ksz_buf_append(&o->b, s, n));
}

void ksz__out_str(struct ksz__out *o, const char *s)
{
    ksz__out_mem(o, s, strlen(s));
}

void ksz__out_printf(struct ksz__out *o, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        fail(o, KSZ_ERR_INVALID);
    else
        ksz__out_mem(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void ksz__out_jstr(struct ksz__out *o, const char *s)
{
    if (s == NULL) {
        ksz__out_str(o, "null");
        return;
    }
    ksz__out_mem(o, "\"", 1);
    if (o->rc == KSZ_OK)
        fail(o, ksz_buf_json_str(&o->b, s, strlen(s)));
    ksz__out_mem(o, "\"", 1);
}

void ksz__out_kv(struct ksz__out *o, const char *key, const char *s)
{
    if (s == NULL || s[0] == '\0')
        return;
    ksz__out_printf(o, ",\"%s\":", key);
    ksz__out_jstr(o, s);
}

void ksz__out_kv_time(struct ksz__out *o, const char *key, int64_t t)
{
    char buf[32];
    ksz__out_printf(o, ",\"%s\":\"%s\"", key, ksz__time_format(t, buf));
}

void ksz__out_kv_list(struct ksz__out *o, const char *key, struct ksz_strlist l)
{
    if (l.n == 0)
        return;
    ksz__out_printf(o, ",\"%s\":[", key);
    for (size_t i = 0; i < l.n; i++) {
        if (i > 0)
            ksz__out_mem(o, ",", 1);
        ksz__out_jstr(o, l.items[i]);
    }
    ksz__out_mem(o, "]", 1);
}

ksz_rc ksz_export(struct ksz_store *st, const struct ksz_filter *f, ksz_format fmt,
                  ksz_write_cb write, void *user, struct ksz_error *err)
{
    struct ksz__out o;
    ksz_rc rc;

    ksz__out_init(&o, write, user, err);
    switch (fmt) {
    case KSZ_FORMAT_STIX: rc = ksz__export_stix(st, f, &o, err); break;
    case KSZ_FORMAT_MISP: rc = ksz__export_misp(st, f, &o, err); break;
    case KSZ_FORMAT_CSV: rc = ksz__export_csv(st, f, &o, err); break;
    case KSZ_FORMAT_JSONL: rc = ksz__export_jsonl(st, f, &o, err); break;
    case KSZ_FORMAT_PLAIN: rc = ksz__export_plain(st, f, &o, err); break;
    default:
        rc = ksz_error_set(err, KSZ_ERR_INVALID, "export: format %s cannot be written "
                           "(stix, misp, csv, jsonl or plain)", ksz_format_name(fmt));
    }
    if (rc == KSZ_OK)
        return ksz__out_finish(&o);
    ksz_buf_cleanup(&o.b);
    return rc;
}
