/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buf.c - a growable byte buffer with a hard cap.
 *
 * Everything that grows has a cap fixed at creation: a hostile input can make
 * a buffer reach its cap and fail with KSZ_ERR_LIMIT, never eat the machine.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "core/core_int.h"

void ksz_buf_init(struct ksz_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : SIZE_MAX / 2;
}

void ksz_buf_cleanup(struct ksz_buf *b)
{
    if (b == NULL)
        return;
    ksz__free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void ksz_buf_reset(struct ksz_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

ksz_rc ksz_buf_reserve(struct ksz_buf *b, size_t n)
{
    size_t need, ncap;
    char *p;

    if (n > b->max || b->len > b->max - n)
        return KSZ_ERR_LIMIT;
    need = b->len + n + 1;
    if (need <= b->cap)
        return KSZ_OK;
    ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    p = ksz__realloc(b->data, ncap);
    if (p == NULL)
        return KSZ_ERR_NOMEM;
    b->data = p;
    b->cap = ncap;
    return KSZ_OK;
}

ksz_rc ksz_buf_append(struct ksz_buf *b, const void *p, size_t n)
{
    ksz_rc rc = ksz_buf_reserve(b, n);
    if (rc != KSZ_OK)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return KSZ_OK;
}

ksz_rc ksz_buf_putc(struct ksz_buf *b, char c)
{
    return ksz_buf_append(b, &c, 1);
}

ksz_rc ksz_buf_printf(struct ksz_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    ksz_rc rc;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return KSZ_ERR_INVALID;
    rc = ksz_buf_reserve(b, (size_t)n);
    if (rc != KSZ_OK)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return KSZ_OK;
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if it is not valid. */
static size_t utf8_valid_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t need;
    unsigned cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        need = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        need = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (need == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return need;
}

ksz_rc ksz_buf_json_str(struct ksz_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0;
    ksz_rc rc = KSZ_OK;

    while (i < n && rc == KSZ_OK) {
        unsigned char c = u[i];
        size_t l;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0x80 && (l = utf8_valid_len(u + i, n - i)) > 0) {
            i += l;
            continue;
        }
        rc = ksz_buf_append(b, s + run, i - run);
        if (rc != KSZ_OK)
            break;
        if (c == '"')
            rc = ksz_buf_append(b, "\\\"", 2);
        else if (c == '\\')
            rc = ksz_buf_append(b, "\\\\", 2);
        else if (c == '\n')
            rc = ksz_buf_append(b, "\\n", 2);
        else if (c == '\t')
            rc = ksz_buf_append(b, "\\t", 2);
        else if (c == '\r')
            rc = ksz_buf_append(b, "\\r", 2);
        else if (c < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            rc = ksz_buf_append(b, e, 6);
        } else {
            rc = ksz_buf_append(b, "\xef\xbf\xbd", 3);   /* U+FFFD */
        }
        i++;
        run = i;
    }
    if (rc == KSZ_OK)
        rc = ksz_buf_append(b, s + run, n - run);
    return rc;
}
