/* SPDX-License-Identifier: Apache-2.0 */
/*
 * email.c - e-mail addresses as indicators: local@domain.
 *
 * The local part is an RFC 5322 dot-atom (quoted local parts are legal but
 * never seen in phishing senders, and would let prose parse as an address).
 * The whole address is lower-cased: mail systems treat the local part
 * case-insensitively in practice, and one sender must be one indicator. An
 * IP literal is written in its RFC 5321 form, "user@[192.0.2.1]", whether or
 * not the input had the brackets.
 */
#include <assert.h>
#include <string.h>
#include "ioc/ioc_int.h"

#define LOCAL_MAX 64

static bool atext(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL;
}

ksz_rc ksz_email_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                       struct ksz_error *err)
{
    char local[LOCAL_MAX];
    char dom[KSZ__DOMAIN_MAX + 3];
    size_t at, dlen = 0, total;
    uint32_t v4;
    ksz_rc rc;

    assert(s != NULL || len == 0);
    for (at = 0; at < len && s[at] != '@'; at++)
        ;
    if (at == len)
        return ksz_error_set(err, KSZ_ERR_PARSE, "email: no '@'");
    if (at == 0 || at > LOCAL_MAX)
        return ksz_error_set(err, KSZ_ERR_PARSE, "email: local part length %zu is not 1..%d",
                             at, LOCAL_MAX);
    for (size_t i = 0; i < at; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (i == 0 || i == at - 1 || s[i - 1] == '.')
                return ksz_error_set(err, KSZ_ERR_PARSE, "email: misplaced '.' at offset %zu",
                                     i);
        } else if (!atext(c)) {
            return ksz_error_set(err, KSZ_ERR_PARSE, "email: bad local-part byte at offset %zu",
                                 i);
        }
        local[i] = ksz__lower((char)c);
    }
    {
        const char *d = s + at + 1;
        size_t n = len - at - 1;
        bool bracket = n >= 2 && d[0] == '[' && d[n - 1] == ']';
        bool numeric = n > 0;

        for (size_t i = 0; i < n && numeric; i++)
            numeric = ksz__is_digit(d[i]) || d[i] == '.';
        if (bracket || numeric) {
            if (ksz_ipv4_parse(d + bracket, n - 2 * bracket, &v4, NULL) != KSZ_OK)
                return ksz_error_set(err, KSZ_ERR_PARSE, "email: bad IPv4 at offset %zu",
                                     at + 1);
            dom[0] = '[';
            ksz_ipv4_format(v4, dom + 1);
            dlen = strlen(dom);
            dom[dlen++] = ']';
            dom[dlen] = '\0';
        } else {
            struct ksz_error derr;
            rc = ksz__domain_canon_buf(d, n, dom, &dlen, "email", &derr);
            if (rc == KSZ_ERR_NOMEM)
                return ksz_error_set(err, rc, "email: out of memory");
            if (rc != KSZ_OK)
                return ksz_error_set(err, rc, "email: bad domain at offset %zu: %s", at + 1,
                                     derr.msg);
        }
    }
    total = at + 1 + dlen;
    if (cap < total + 1)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "email: output buffer too small");
    memcpy(out, local, at);
    out[at] = '@';
    memcpy(out + at + 1, dom, dlen);
    out[total] = '\0';
    if (outlen != NULL)
        *outlen = total;
    return KSZ_OK;
}
