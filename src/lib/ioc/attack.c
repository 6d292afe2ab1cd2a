/* SPDX-License-Identifier: Apache-2.0 */
/*
 * attack.c - MITRE ATT&CK technique ids: "T1234" and sub-techniques
 * "T1234.001".
 *
 * Exactly four digits, then optionally a dot and exactly three: anything else
 * ("T12345", "T1059.1") is a typo or a different catalogue, and guessing would
 * attach the wrong technique to an indicator.
 */
#include <assert.h>
#include "ioc/ioc_int.h"

ksz_rc ksz_attack_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                        struct ksz_error *err)
{
    char buf[9];

    assert(s != NULL || len == 0);
    if (len != 5 && len != 9)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "attack: expected T and 4 digits, optionally .NNN");
    if (s[0] != 'T' && s[0] != 't')
        return ksz_error_set(err, KSZ_ERR_PARSE, "attack: expected 'T' at offset 0");
    buf[0] = 'T';
    for (size_t i = 1; i < len; i++) {
        if (i == 5) {
            if (s[i] != '.')
                return ksz_error_set(err, KSZ_ERR_PARSE, "attack: expected '.' at offset 5");
        } else if (!ksz__is_digit(s[i])) {
            return ksz_error_set(err, KSZ_ERR_PARSE, "attack: expected a digit at offset %zu",
                                 i);
        }
        buf[i] = s[i];
    }
    return ksz__ioc_emit(buf, len, out, cap, outlen, "attack", err);
}
