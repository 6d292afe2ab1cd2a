/* SPDX-License-Identifier: Apache-2.0 */
/*
 * defang.c - making indicators safe to publish: "hxxp[:]//evil[.]com/x",
 * "1.2.3[.]4", "user[@]evil[.]com".
 *
 * Only the parts that make a value clickable or resolvable are changed (the
 * scheme, "://", dots of the host, '@'), so a reader can still search for the
 * rest; ksz_refang undoes every form written here. The value is written in a
 * counting pass first, so out is touched only when everything fits.
 */
#include <assert.h>
#include <string.h>
#include "ioc/ioc_int.h"

struct writer {
    char *out; /* NULL in the counting pass */
    size_t n;
};

static void put(struct writer *w, const char *p, size_t n)
{
    if (w->out != NULL && n > 0)
        memcpy(w->out + w->n, p, n);
    w->n += n;
}

static void put_host(struct writer *w, const char *h, size_t n, const struct ksz_defang_opts *o)
{
    const char *dot = o->brackets_paren ? "(.)" : "[.]";
    size_t last = n;

    for (size_t i = 0; i < n; i++)
        if (h[i] == '.')
            last = i;
    for (size_t i = 0; i < n; i++) {
        if (h[i] == '.' && (o->dots_all || i == last))
            put(w, dot, 3);
        else
            put(w, h + i, 1);
    }
}

static bool scheme_is(const char *s, size_t n, const char *name)
{
    size_t k = strlen(name);

    if (n != k)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ksz__lower(s[i]) != name[i])
            return false;
    return true;
}

static void put_url(struct writer *w, const char *s, size_t len, const struct ksz_defang_opts *o)
{
    size_t i = 0, auth, auth_end, at, host_end;

    while (i < len && s[i] != ':')
        i++;
    if (len - i < 3 || memcmp(s + i, "://", 3) != 0) {
        put(w, s, len); /* not a URL with an authority: nothing to defang safely */
        return;
    }
    if (o->scheme && scheme_is(s, i, "http"))
        put(w, "hxxp", 4);
    else if (o->scheme && scheme_is(s, i, "https"))
        put(w, "hxxps", 5);
    else if (o->scheme && scheme_is(s, i, "ftp"))
        put(w, "fxp", 3);
    else
        put(w, s, i);
    if (o->colon)
        put(w, o->brackets_paren ? "(:)//" : "[:]//", 5);
    else
        put(w, "://", 3);
    auth = i + 3;
    auth_end = auth;
    while (auth_end < len && s[auth_end] != '/' && s[auth_end] != '?' && s[auth_end] != '#')
        auth_end++;
    at = auth;
    for (size_t k = auth; k < auth_end; k++)
        if (s[k] == '@')
            at = k + 1;
    put(w, s + auth, at - auth);
    host_end = at;
    if (host_end < auth_end && s[host_end] == '[') {
        while (host_end < auth_end && s[host_end] != ']')
            host_end++;
    } else {
        while (host_end < auth_end && s[host_end] != ':')
            host_end++;
    }
    put_host(w, s + at, host_end - at, o);
    put(w, s + host_end, len - host_end);
}

static void put_email(struct writer *w, const char *s, size_t len,
                      const struct ksz_defang_opts *o)
{
    size_t at = len;

    for (size_t i = 0; i < len; i++)
        if (s[i] == '@')
            at = i;
    if (at == len) {
        put_host(w, s, len, o);
        return;
    }
    put(w, s, at);
    if (o->at)
        put(w, o->brackets_paren ? "(@)" : "[@]", 3);
    else
        put(w, "@", 1);
    put_host(w, s + at + 1, len - at - 1, o);
}

static void put_value(struct writer *w, ksz_ioc_type t, const char *s, size_t len,
                      const struct ksz_defang_opts *o)
{
    size_t slash = len;

    switch (t) {
    case KSZ_IOC_URL:
        put_url(w, s, len, o);
        break;
    case KSZ_IOC_EMAIL:
        put_email(w, s, len, o);
        break;
    case KSZ_IOC_IPV4:
    case KSZ_IOC_DOMAIN:
        put_host(w, s, len, o);
        break;
    case KSZ_IOC_CIDR4:
        while (slash > 0 && s[slash - 1] != '/')
            slash--;
        slash = slash > 0 ? slash - 1 : len;
        put_host(w, s, slash, o);
        put(w, s + slash, len - slash);
        break;
    default:
        put(w, s, len);
        break;
    }
}

void ksz_defang_opts_init(struct ksz_defang_opts *o)
{
    assert(o != NULL);
    o->dots_all = false;
    o->brackets_paren = false;
    o->scheme = true;
    o->colon = true;
    o->at = true;
}

ksz_rc ksz_defang(ksz_ioc_type t, const char *s, size_t len, const struct ksz_defang_opts *o,
                  char *out, size_t cap, size_t *outlen, struct ksz_error *err)
{
    struct ksz_defang_opts defaults;
    struct writer w = {NULL, 0};

    assert(s != NULL || len == 0);
    if (o == NULL) {
        ksz_defang_opts_init(&defaults);
        o = &defaults;
    }
    put_value(&w, t, s, len, o);
    if (cap < w.n + 1)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "defang: output needs %zu bytes, have %zu",
                             w.n + 1, cap);
    w.out = out;
    w.n = 0;
    put_value(&w, t, s, len, o);
    out[w.n] = '\0';
    if (outlen != NULL)
        *outlen = w.n;
    return KSZ_OK;
}
