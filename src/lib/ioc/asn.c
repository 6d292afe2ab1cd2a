/* SPDX-License-Identifier: Apache-2.0 */
/*
 * asn.c - autonomous system numbers: "AS1234", "AS 1234", "ASN1234",
 * "asn 1234" all canonicalise to "AS1234".
 *
 * A bare number is not accepted: in free text it is far more often something
 * else. The value is 1..4294967295 (32-bit ASNs, RFC 6793) in plain decimal;
 * "asdot" notation ("AS1.10") is not used in threat reports and is refused.
 */
#include <assert.h>
#include "ioc/ioc_int.h"

ksz_rc ksz_asn_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                     struct ksz_error *err)
{
    char buf[2 + 10];
    size_t i;
    uint64_t v;

    assert(s != NULL || len == 0);
    if (len < 3 || ksz__lower(s[0]) != 'a' || ksz__lower(s[1]) != 's')
        return ksz_error_set(err, KSZ_ERR_PARSE, "asn: expected \"AS\" at offset 0");
    i = 2;
    if (ksz__lower(s[i]) == 'n')
        i++;
    if (i < len && s[i] == ' ')
        i++;
    if (i == len || s[i] == '0' || len - i > 10)
        return ksz_error_set(err, KSZ_ERR_PARSE, "asn: bad number at offset %zu", i);
    if (ksz__parse_u64(s + i, len - i, 4294967295u, &v) != KSZ_OK)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "asn: number at offset %zu is not 1..4294967295", i);
    buf[0] = 'A';
    buf[1] = 'S';
    for (size_t k = i; k < len; k++)
        buf[2 + k - i] = s[k];
    return ksz__ioc_emit(buf, 2 + len - i, out, cap, outlen, "asn", err);
}
