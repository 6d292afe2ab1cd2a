/* SPDX-License-Identifier: Apache-2.0 */
/*
 * url.c - resolving a reference against a base URL, for the links TAXII
 * servers hand out (API roots may be absolute, "/path" or relative).
 *
 * Only what those links need: absolute, scheme-relative, absolute-path and
 * relative references; dot segments are left for the server to read, as
 * curl does when asked for a path as given.
 */
#include <string.h>
#include "kizashi/net.h"

static size_t scheme_len(const char *s)
{
    size_t i = 0;
    while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
           (i > 0 && ((s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' ||
                      s[i] == '.')))
        i++;
    return i > 0 && s[i] == ':' ? i : 0;
}

static ksz_rc join(char *out, size_t cap, const char *a, size_t alen, const char *b,
                   struct ksz_error *err)
{
    size_t blen = strlen(b);
    if (alen + blen + 1 > cap)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "url: longer than %zu bytes", cap - 1);
    memmove(out, a, alen);
    memcpy(out + alen, b, blen + 1);
    return KSZ_OK;
}

ksz_rc ksz_url_resolve(const char *base, const char *ref, char *out, size_t cap,
                       struct ksz_error *err)
{
    size_t sl = scheme_len(base), end;
    const char *auth, *path;

    if (scheme_len(ref) > 0)
        return join(out, cap, "", 0, ref, err);
    if (sl == 0 || strncmp(base + sl, "://", 3) != 0)
        return ksz_error_set(err, KSZ_ERR_INVALID, "url: base '%.64s' is not absolute", base);
    if (ref[0] == '/' && ref[1] == '/')
        return join(out, cap, base, sl + 1, ref, err);
    auth = base + sl + 3;
    path = auth + strcspn(auth, "/?#");
    if (ref[0] == '/')
        return join(out, cap, base, (size_t)(path - base), ref, err);
    /* relative: replace what follows the last '/' of the base's path */
    end = (size_t)(path - base) + strcspn(path, "?#");
    while (end > (size_t)(path - base) && base[end - 1] != '/')
        end--;
    if (end == (size_t)(path - base)) {   /* no path: "http://h" + "x" = "http://h/x" */
        if ((size_t)(path - base) + 1 + strlen(ref) + 1 > cap)
            return ksz_error_set(err, KSZ_ERR_LIMIT, "url: longer than %zu bytes", cap - 1);
        memmove(out, base, (size_t)(path - base));
        out[path - base] = '/';
        memcpy(out + (path - base) + 1, ref, strlen(ref) + 1);
        return KSZ_OK;
    }
    return join(out, cap, base, end, ref, err);
}
