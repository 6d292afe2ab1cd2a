/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json_stream.c - a push scanner that cuts one member array out of a big
 * JSON document, element by element.
 *
 * A STIX bundle is one object whose "objects" array may hold a million
 * entries. Parsing the whole document into a tree would hold all of them;
 * instead this scanner tracks only structure (nesting, strings, escapes) and
 * hands the bytes of each array element to the caller, who parses that one
 * element with jansson and lets it go. Memory is bounded by the largest
 * element. An element wholly inside one chunk is handed over in place (no
 * copy); only elements that straddle chunks are carried in a buffer.
 *
 * The scanner does not validate scalars or bracket pairing inside an element:
 * jansson does that for each element, so a malformed one is still reported,
 * with the byte offset at which the element starts.
 */
#include <string.h>
#include "formats_int.h"

enum js_state {
    S_START,          /* before the top-level '{' */
    S_KEY_OR_END,     /* after '{': a key or '}' */
    S_KEY,            /* after ',': a key */
    S_COLON,
    S_VALUE,
    S_AFTER_VALUE,    /* ',' or '}' */
    S_ARR_FIRST,      /* after '[': an element or ']' */
    S_ARR_ELEM,       /* after ',': an element */
    S_ARR_AFTER,      /* ',' or ']' */
    S_END
};

enum js_cap { CAP_NONE, CAP_KEY, CAP_MEMBER, CAP_ELEM };

#define MEMBER_MAX 4096

struct ksz__jstream {
    char *key;
    size_t klen, max_elem;
    ksz__jstream_elem_cb elem;
    ksz__jstream_member_cb member;
    void *user;
    enum js_state state;
    enum js_cap cap;
    int vdepth;
    bool in_str, esc, bare, too_big, saw_key;
    struct ksz_buf vbuf;
    uint64_t vstart;       /* offset where the current value starts */
    uint64_t base;         /* offset of the current chunk's first byte */
    char curkey[256];
    size_t curklen;
};

ksz_rc ksz__jstream_new(const char *key, size_t max_elem, ksz__jstream_elem_cb elem,
                        ksz__jstream_member_cb member, void *user, struct ksz__jstream **out)
{
    struct ksz__jstream *s = ksz__calloc(1, sizeof *s);
    if (s == NULL)
        return KSZ_ERR_NOMEM;
    s->klen = strlen(key);
    s->key = ksz__strndup(key, s->klen);
    if (s->key == NULL) {
        ksz__free(s);
        return KSZ_ERR_NOMEM;
    }
    s->max_elem = max_elem;
    s->elem = elem;
    s->member = member;
    s->user = user;
    ksz_buf_init(&s->vbuf, max_elem);
    *out = s;
    return KSZ_OK;
}

void ksz__jstream_free(struct ksz__jstream *s)
{
    if (s == NULL)
        return;
    ksz_buf_cleanup(&s->vbuf);
    ksz__free(s->key);
    ksz__free(s);
}

bool ksz__jstream_saw_key(const struct ksz__jstream *s)
{
    return s->saw_key;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void begin_value(struct ksz__jstream *s, enum js_cap cap, uint64_t at)
{
    s->cap = cap;
    s->vdepth = 0;
    s->in_str = s->esc = s->bare = s->too_big = false;
    s->vstart = at;
    ksz_buf_reset(&s->vbuf);
}

/* Advance *pi over the current value; true when it ended (at *pi). */
static bool scan_value(struct ksz__jstream *s, const char *b, size_t len, size_t *pi)
{
    size_t i = *pi;

    while (i < len) {
        char c = b[i];
        if (s->in_str) {
            if (s->esc) {
                s->esc = false;
                i++;
                continue;
            }
            while (i < len && b[i] != '"' && b[i] != '\\')
                i++;
            if (i == len)
                break;
            if (b[i] == '\\') {
                s->esc = true;
                i++;
                continue;
            }
            s->in_str = false;
            i++;
            if (s->vdepth == 0) {
                *pi = i;
                return true;
            }
            continue;
        }
        if (s->bare) {
            if (c == ',' || c == '}' || c == ']' || is_ws(c)) {
                *pi = i;
                return true;
            }
            i++;
            continue;
        }
        if (c == '"') {
            s->in_str = true;
        } else if (c == '{' || c == '[') {
            s->vdepth++;
        } else if (c == '}' || c == ']') {
            if (s->vdepth == 0) {    /* an empty value: let the parser say so */
                *pi = i;
                return true;
            }
            if (--s->vdepth == 0) {
                *pi = i + 1;
                return true;
            }
        } else if (s->vdepth == 0 && !is_ws(c)) {
            s->bare = true;
            continue;
        }
        i++;
    }
    *pi = i;
    return false;
}

static ksz_rc expected(struct ksz__jstream *s, uint64_t at, const char *what, char got,
                       struct ksz_error *err)
{
    if (got == 0)
        return ksz_error_set(err, KSZ_ERR_PARSE, "byte offset %llu: unexpected end of input, "
                             "expected %s", (unsigned long long)at, what);
    return ksz_error_set(err, KSZ_ERR_PARSE, "byte offset %llu: expected %s, found '%c'",
                         (unsigned long long)at, what,
                         (got >= 0x20 && got < 0x7f) ? got : '?');
}

static ksz_rc dispatch(struct ksz__jstream *s, const char *v, size_t vlen, struct ksz_error *err)
{
    ksz_rc rc = KSZ_OK;

    switch (s->cap) {
    case CAP_KEY:
        /* v is the quoted key; kept raw (escapes are not expected in names) */
        s->curklen = vlen >= 2 ? vlen - 2 : 0;
        if (s->curklen >= sizeof s->curkey)
            s->curklen = sizeof s->curkey - 1;
        memcpy(s->curkey, v + 1, s->curklen);
        s->curkey[s->curklen] = '\0';
        s->state = S_COLON;
        break;
    case CAP_MEMBER:
        if (s->member != NULL && !s->too_big)
            rc = s->member(s->user, s->curkey, s->curklen, v, vlen, err);
        s->state = S_AFTER_VALUE;
        break;
    case CAP_ELEM:
        rc = s->elem(s->user, v, vlen, s->vstart, err);
        s->state = S_ARR_AFTER;
        break;
    case CAP_NONE:
        break;
    }
    s->cap = CAP_NONE;
    ksz_buf_reset(&s->vbuf);
    return rc;
}

static ksz_rc carry(struct ksz__jstream *s, const char *p, size_t n, struct ksz_error *err)
{
    size_t max = s->cap == CAP_ELEM ? s->max_elem : s->cap == CAP_KEY ? 1024 : MEMBER_MAX;

    if (s->too_big)
        return KSZ_OK;
    if (s->vbuf.len + n > max) {
        if (s->cap == CAP_MEMBER) {   /* a long member we do not need: skip it */
            s->too_big = true;
            return KSZ_OK;
        }
        return ksz_error_set(err, KSZ_ERR_LIMIT, "byte offset %llu: %s longer than %zu bytes",
                             (unsigned long long)s->vstart,
                             s->cap == CAP_KEY ? "member name" : "object", max);
    }
    if (ksz_buf_append(&s->vbuf, p, n) != KSZ_OK)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "out of memory");
    return KSZ_OK;
}

ksz_rc ksz__jstream_feed(struct ksz__jstream *s, const char *b, size_t len, struct ksz_error *err)
{
    size_t i = 0;
    ksz_rc rc;

    while (i < len) {
        if (s->cap != CAP_NONE) {
            size_t start = i;
            bool done = scan_value(s, b, len, &i);

            if (!done || s->vbuf.len > 0 || s->too_big) {
                rc = carry(s, b + start, i - start, err);
                if (rc != KSZ_OK)
                    return rc;
            }
            if (!done)
                break;
            if (s->vbuf.len > 0 || s->too_big)
                rc = dispatch(s, s->vbuf.data, s->vbuf.len, err);
            else
                rc = dispatch(s, b + start, i - start, err);
            if (rc != KSZ_OK)
                return rc;
            continue;
        }
        char c = b[i];
        uint64_t at = s->base + i;
        if (is_ws(c)) {
            i++;
            continue;
        }
        switch (s->state) {
        case S_START:
            if (c != '{')
                return expected(s, at, "'{' opening a JSON object", c, err);
            s->state = S_KEY_OR_END;
            i++;
            break;
        case S_KEY_OR_END:
        case S_KEY:
            if (c == '}' && s->state == S_KEY_OR_END) {
                s->state = S_END;
                i++;
            } else if (c == '"') {
                begin_value(s, CAP_KEY, at);
            } else {
                return expected(s, at, "a member name", c, err);
            }
            break;
        case S_COLON:
            if (c != ':')
                return expected(s, at, "':'", c, err);
            s->state = S_VALUE;
            i++;
            break;
        case S_VALUE:
            if (c == '[' && s->curklen == s->klen && memcmp(s->curkey, s->key, s->klen) == 0) {
                s->saw_key = true;
                s->state = S_ARR_FIRST;
                i++;
            } else {
                begin_value(s, CAP_MEMBER, at);
            }
            break;
        case S_AFTER_VALUE:
            if (c == ',')
                s->state = S_KEY;
            else if (c == '}')
                s->state = S_END;
            else
                return expected(s, at, "',' or '}'", c, err);
            i++;
            break;
        case S_ARR_FIRST:
        case S_ARR_ELEM:
            if (c == ']' && s->state == S_ARR_FIRST) {
                s->state = S_AFTER_VALUE;
                i++;
            } else {
                begin_value(s, CAP_ELEM, at);
            }
            break;
        case S_ARR_AFTER:
            if (c == ',')
                s->state = S_ARR_ELEM;
            else if (c == ']')
                s->state = S_AFTER_VALUE;
            else
                return expected(s, at, "',' or ']' in the array", c, err);
            i++;
            break;
        case S_END:
            return ksz_error_set(err, KSZ_ERR_PARSE, "byte offset %llu: trailing data after "
                                 "the end of the document", (unsigned long long)at);
        }
    }
    s->base += len;
    return KSZ_OK;
}

ksz_rc ksz__jstream_finish(struct ksz__jstream *s, struct ksz_error *err)
{
    static const char *what[] = {
        [S_START] = "a JSON object", [S_KEY_OR_END] = "a member name or '}'",
        [S_KEY] = "a member name", [S_COLON] = "':'", [S_VALUE] = "a value",
        [S_AFTER_VALUE] = "',' or '}'", [S_ARR_FIRST] = "an array element or ']'",
        [S_ARR_ELEM] = "an array element", [S_ARR_AFTER] = "',' or ']'", [S_END] = "",
    };
    if (s->state == S_END && s->cap == CAP_NONE)
        return KSZ_OK;
    if (s->cap != CAP_NONE)
        return ksz_error_set(err, KSZ_ERR_PARSE, "byte offset %llu: unexpected end of input "
                             "inside the value starting here", (unsigned long long)s->vstart);
    return expected(s, s->base, what[s->state], 0, err);
}
