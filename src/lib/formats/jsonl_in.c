/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonl_in.c - JSON lines: one JSON object per line, with the members that
 * `kizashi export --format jsonl` writes ("value" required; "type",
 * "confidence", "tlp", "valid_from", "usage", "labels", ... optional). Lists
 * may be JSON arrays or comma-separated strings. Unknown members are
 * ignored, so an export can be imported again as it is.
 *
 * Most lines are flat: an object of plain strings, integers, booleans and
 * arrays of strings, as the export writes them. Such a line is read in place
 * (flat_line), without the tree jansson would build and free for it (about
 * two thirds of the reader's time: bench/RESULTS.md, import). Anything else
 * (an escape, a byte outside printable ASCII, a nested value, a real
 * number, a member named twice, bad syntax) goes to jansson, as every line
 * did before, so what a line means and every error message stay jansson's.
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

bool ksz__jsonl_no_flat = false;

struct scan {
    const char *p, *end;
};

static void skip_ws(struct scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n'))
        s->p++;
}

/* A string of printable ASCII with no escape: its bytes, without quotes. */
static bool plain_string(struct scan *s, const char **v, size_t *n)
{
    const char *q;

    if (s->p == s->end || *s->p != '"')
        return false;
    q = ++s->p;
    while (s->p < s->end && *s->p != '"') {
        unsigned char c = (unsigned char)*s->p;
        if (c < 0x20 || c > 0x7e || c == '\\')
            return false;
        s->p++;
    }
    if (s->p == s->end)
        return false;
    *v = q;
    *n = (size_t)(s->p - q);
    s->p++;
    return true;
}

/* Does the token end here, as JSON wants it after a number or a literal? */
static bool at_delimiter(const struct scan *s)
{
    return s->p == s->end || *s->p == ',' || *s->p == '}' || *s->p == ']' || *s->p == ' ' ||
           *s->p == '\t' || *s->p == '\r' || *s->p == '\n';
}

/* -?(0|[1-9][0-9]*) of at most 18 digits: no fraction, no exponent, no
 * overflow (those are jansson's to read). */
static bool plain_integer(struct scan *s, json_int_t *out)
{
    bool neg = s->p < s->end && *s->p == '-';
    const char *d;
    json_int_t v = 0;

    if (neg)
        s->p++;
    d = s->p;
    while (s->p < s->end && *s->p >= '0' && *s->p <= '9' && s->p - d < 18)
        v = v * 10 + (*s->p++ - '0');
    /* a 19th digit is no delimiter */
    if (s->p == d || (*d == '0' && s->p - d > 1) || !at_delimiter(s))
        return false;
    *out = neg ? -v : v;
    return true;
}

static bool literal(struct scan *s, const char *word, size_t n)
{
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
        return false;
    s->p += n;
    return at_delimiter(s);
}

/* Where a member's value goes: f (a string) or tmp (an array, an integer
 * or a boolean, as text); nowhere for a member that names no field. */
struct flat_out {
    struct ksz__fields *f;
    struct ksz_buf *tmp;
    int fi;      /* the field, -1 = none */
    bool joined; /* the value went to tmp */
    ksz_rc rc;   /* the first failure to add to tmp */
};

static void flat_text(struct flat_out *o, const char *t, size_t n)
{
    if (o->fi >= 0 && o->rc == KSZ_OK) {
        o->rc = ksz_buf_append(o->tmp, t, n);
        o->joined = true;
    }
}

/* [ "a" , "b" ]: the strings joined by commas. */
static bool flat_array(struct scan *s, struct flat_out *o)
{
    const char *v;
    size_t vn;

    s->p++;
    skip_ws(s);
    if (o->fi >= 0)
        o->joined = true;
    if (s->p < s->end && *s->p == ']') {
        s->p++;
        return true;
    }
    for (size_t n = 0;; n++) {
        if (!plain_string(s, &v, &vn))
            return false;
        if (n > 0)
            flat_text(o, ",", 1);
        flat_text(o, v, vn);
        skip_ws(s);
        if (s->p == s->end)
            return false;
        if (*s->p == ']') {
            s->p++;
            return true;
        }
        if (*s->p++ != ',')
            return false;
        skip_ws(s);
    }
}

static bool flat_value(struct scan *s, struct flat_out *o)
{
    const char *v;
    size_t vn;
    json_int_t iv;

    if (s->p == s->end)
        return false;
    switch (*s->p) {
    case '"':
        if (!plain_string(s, &v, &vn))
            return false;
        if (o->fi >= 0) {
            o->f->v[o->fi] = v;
            o->f->l[o->fi] = vn;
        }
        return true;
    case '[':
        return flat_array(s, o);
    case 't':
        if (!literal(s, "true", 4))
            return false;
        flat_text(o, "true", 4);
        return true;
    case 'f':
        if (!literal(s, "false", 5))
            return false;
        flat_text(o, "false", 5);
        return true;
    case 'n':
        return literal(s, "null", 4); /* the field stays unset */
    default:
        if (!plain_integer(s, &iv))
            return false;
        if (o->fi >= 0 && o->rc == KSZ_OK) {
            o->rc = put_int(o->tmp, iv);
            o->joined = true;
        }
        return true;
    }
}

/* Read a flat line into f and tmp as line_fields reads jansson's tree of
 * it. KSZ_ERR_NOTFOUND: not flat (jansson reads it); tmp may have changed. */
static ksz_rc flat_line(const char *line, size_t len, struct ksz__fields *f, struct ksz_buf *tmp)
{
    struct scan s = {line, line + len};
    struct flat_out o = {f, tmp, -1, false, KSZ_OK};
    size_t offs[KSZ_F__COUNT];
    bool seen[KSZ_F__COUNT] = {false}, joined[KSZ_F__COUNT] = {false};
    bool more;

    if (ksz__jsonl_no_flat)
        return KSZ_ERR_NOTFOUND;
    ksz_buf_reset(tmp);
    skip_ws(&s);
    if (s.p == s.end || *s.p++ != '{')
        return KSZ_ERR_NOTFOUND;
    skip_ws(&s);
    more = s.p == s.end || *s.p != '}';
    if (!more)
        s.p++;
    while (more) {
        const char *k;
        size_t kn;

        if (!plain_string(&s, &k, &kn))
            return KSZ_ERR_NOTFOUND;
        skip_ws(&s);
        if (s.p == s.end || *s.p++ != ':')
            return KSZ_ERR_NOTFOUND;
        skip_ws(&s);
        o.fi = ksz__field_from_name(k, kn);
        o.joined = false;
        if (o.fi >= 0) { /* a field named twice (or by two aliases): jansson's */
            if (seen[o.fi])
                return KSZ_ERR_NOTFOUND;
            seen[o.fi] = true;
            offs[o.fi] = tmp->len;
        }
        if (!flat_value(&s, &o))
            return KSZ_ERR_NOTFOUND;
        if (o.joined) {
            joined[o.fi] = true;
            f->l[o.fi] = tmp->len - offs[o.fi];
        }
        skip_ws(&s);
        if (s.p == s.end || (*s.p != ',' && *s.p != '}'))
            return KSZ_ERR_NOTFOUND;
        more = *s.p++ == ',';
        skip_ws(&s);
    }
    if (s.p != s.end)
        return KSZ_ERR_NOTFOUND;
    if (o.rc != KSZ_OK)
        return o.rc;
    for (int i = 0; i < KSZ_F__COUNT; i++)
        if (joined[i])
            f->v[i] = f->l[i] ? tmp->data + offs[i] : NULL;
    return KSZ_OK;
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
        memset(&f, 0, sizeof f);
        rc = flat_line(buf + s, end - s, &f, &tmp);
        if (rc == KSZ_OK) {
            rc = ksz__fields_emit(&f, &rb, name, line, d, sink, err);
            continue;
        }
        if (rc != KSZ_ERR_NOTFOUND) {
            rc = ksz_error_set(err, rc, "%s:%llu: record too large", name,
                               (unsigned long long)line);
            break;
        }
        rc = KSZ_OK;
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
