/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json.c - a small scanner over one JSON object per line, for the JSON log
 * formats (EVE, Zeek JSON, AWS WAF, generic JSON lines).
 *
 * A JSON library would build a tree per line only for us to read five
 * strings out of it. This walks the text once, keeps a dotted path of the
 * keys it is inside, and calls back for each scalar; the format decides by
 * path what it wants. Strings are handed over raw unless they hold escapes,
 * which are then undone into the parser's scratch space. Nesting is capped.
 */
#include "logs/logs_int.h"

#define JSON_DEPTH_MAX 32
#define JSON_PATH_MAX 256

struct walk {
    struct ksz_log_parser *p;
    const char *s;
    size_t len, i;
    logs_json_cb cb;
    void *ctx;
    char path[JSON_PATH_MAX];
    size_t plen;
    bool path_overflow;
    unsigned elem;
    int depth;
    struct ksz_error *err;
};

static ksz_rc value(struct walk *w);

static ksz_rc fail(struct walk *w, const char *what)
{
    return ksz_error_set(w->err, KSZ_ERR_PARSE, "json: expected %s at byte %zu", what, w->i);
}

static inline void ws(struct walk *w)
{
    while (w->i < w->len &&
           (w->s[w->i] == ' ' || w->s[w->i] == '\t' || w->s[w->i] == '\n' || w->s[w->i] == '\r'))
        w->i++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(s[k]);
        if (h < 0)
            return false;
        v = v << 4 | (unsigned)h;
    }
    *out = v;
    return true;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | cp >> 12);
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | cp >> 18);
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Undo escapes of raw[0..n) into scratch; NULL when it does not fit or an
 * escape is bad (the value is then left out, the line still parses). */
static const char *unescape(struct walk *w, const char *raw, size_t n, size_t *outlen)
{
    char *o = logs_scratch(w->p, n);   /* unescaping never lengthens */
    size_t k = 0;

    if (o == NULL)
        return NULL;
    for (size_t j = 0; j < n; j++) {
        unsigned cp, lo;
        if (raw[j] != '\\') {
            o[k++] = raw[j];
            continue;
        }
        if (++j >= n)
            return NULL;
        switch (raw[j]) {
        case '"': case '\\': case '/':
            o[k++] = raw[j];
            break;
        case 'b': o[k++] = '\b'; break;
        case 'f': o[k++] = '\f'; break;
        case 'n': o[k++] = '\n'; break;
        case 'r': o[k++] = '\r'; break;
        case 't': o[k++] = '\t'; break;
        case 'u':
            if (j + 4 >= n || !hex4(raw + j + 1, &cp))
                return NULL;
            j += 4;
            if (cp >= 0xd800 && cp < 0xdc00 && j + 6 < n && raw[j + 1] == '\\' &&
                raw[j + 2] == 'u' && hex4(raw + j + 3, &lo) && lo >= 0xdc00 && lo < 0xe000) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                j += 6;
            } else if (cp >= 0xd800 && cp < 0xe000) {
                cp = 0xfffd;
            }
            /* \uXXXX is 6 bytes and its UTF-8 at most 4: still no lengthening */
            k += put_utf8(o + k, cp);
            break;
        default:
            return NULL;
        }
    }
    *outlen = k;
    return o;
}

/* A string at w->i == '"'; *raw and *n: the text between the quotes. */
static ksz_rc string(struct walk *w, const char **raw, size_t *n, bool *escaped)
{
    size_t j = w->i + 1;

    *escaped = false;
    for (;;) {
        const char *q = memchr(w->s + j, '"', w->len - j);
        const char *b;
        if (q == NULL) {
            w->i = w->len;
            return fail(w, "a closing '\"'");
        }
        b = memchr(w->s + j, '\\', (size_t)(q - (w->s + j)));
        if (b == NULL) {
            *raw = w->s + w->i + 1;
            *n = (size_t)(q - *raw);
            w->i = (size_t)(q - w->s) + 1;
            return KSZ_OK;
        }
        /* skip escapes one by one until the real closing quote */
        *escaped = true;
        j = (size_t)(b - w->s) + 2;
        if (j > w->len) {
            w->i = w->len;
            return fail(w, "a closing '\"'");
        }
    }
}

static void leaf(struct walk *w, const char *v, size_t n, bool is_str)
{
    struct logs_json_leaf l;

    if (w->path_overflow || w->plen == 0)
        return;
    l.path = w->path + 1;   /* without the leading '.' */
    l.plen = w->plen - 1;
    l.val = v;
    l.vlen = n;
    l.is_str = is_str;
    l.elem = w->elem;
    w->cb(w->ctx, &l);
}

static ksz_rc object(struct walk *w)
{
    ksz_rc rc;

    w->i++;   /* '{' */
    ws(w);
    if (w->i < w->len && w->s[w->i] == '}') {
        w->i++;
        return KSZ_OK;
    }
    for (;;) {
        const char *k;
        size_t kn, saved = w->plen;
        bool esc, saved_of = w->path_overflow;

        ws(w);
        if (w->i >= w->len || w->s[w->i] != '"')
            return fail(w, "a key");
        rc = string(w, &k, &kn, &esc);
        if (rc != KSZ_OK)
            return rc;
        if (w->plen + 1 + kn < JSON_PATH_MAX) {
            w->path[w->plen++] = '.';
            memcpy(w->path + w->plen, k, kn);
            w->plen += kn;
        } else {
            w->path_overflow = true;
        }
        ws(w);
        if (w->i >= w->len || w->s[w->i] != ':')
            return fail(w, "':'");
        w->i++;
        rc = value(w);
        if (rc != KSZ_OK)
            return rc;
        w->plen = saved;
        w->path_overflow = saved_of;
        ws(w);
        if (w->i < w->len && w->s[w->i] == ',') {
            w->i++;
            continue;
        }
        if (w->i < w->len && w->s[w->i] == '}') {
            w->i++;
            return KSZ_OK;
        }
        return fail(w, "',' or '}'");
    }
}

static ksz_rc array(struct walk *w)
{
    ksz_rc rc;

    w->i++;   /* '[' */
    ws(w);
    if (w->i < w->len && w->s[w->i] == ']') {
        w->i++;
        return KSZ_OK;
    }
    for (;;) {
        ws(w);
        if (w->i < w->len && w->s[w->i] == '{')
            w->elem++;
        rc = value(w);
        if (rc != KSZ_OK)
            return rc;
        ws(w);
        if (w->i < w->len && w->s[w->i] == ',') {
            w->i++;
            continue;
        }
        if (w->i < w->len && w->s[w->i] == ']') {
            w->i++;
            return KSZ_OK;
        }
        return fail(w, "',' or ']'");
    }
}

static ksz_rc value(struct walk *w)
{
    ksz_rc rc = KSZ_OK;
    size_t start;

    ws(w);
    if (w->i >= w->len)
        return fail(w, "a value");
    if (++w->depth > JSON_DEPTH_MAX)
        return fail(w, "less nesting");
    switch (w->s[w->i]) {
    case '{':
        rc = object(w);
        break;
    case '[':
        rc = array(w);
        break;
    case '"': {
        const char *raw;
        size_t n;
        bool esc;
        rc = string(w, &raw, &n, &esc);
        if (rc == KSZ_OK) {
            if (esc)
                raw = unescape(w, raw, n, &n);
            if (raw != NULL)
                leaf(w, raw, n, true);
        }
        break;
    }
    default:
        start = w->i;
        while (w->i < w->len) {
            char c = w->s[w->i];
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n')
                break;
            if (c == '{' || c == '[' || c == '"' || c == ':')
                break;
            w->i++;
        }
        if (w->i == start)
            rc = fail(w, "a value");
        else
            leaf(w, w->s + start, w->i - start, false);
        break;
    }
    w->depth--;
    return rc;
}

ksz_rc ksz__logs_json_walk(struct ksz_log_parser *p, const char *s, size_t len, logs_json_cb cb,
                           void *ctx, struct ksz_error *err)
{
    struct walk w;
    ksz_rc rc;

    w.p = p;
    w.s = s;
    w.len = len;
    w.i = 0;
    w.cb = cb;
    w.ctx = ctx;
    w.plen = 0;
    w.path_overflow = false;
    w.elem = 0;
    w.depth = 0;
    w.err = err;
    ws(&w);
    if (w.i >= len || s[w.i] != '{')
        return fail(&w, "a JSON object");
    rc = value(&w);
    if (rc != KSZ_OK)
        return rc;
    ws(&w);
    if (w.i != len)
        return fail(&w, "the end of the line after the object");
    return KSZ_OK;
}
