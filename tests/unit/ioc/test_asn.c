/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

static char out[32];

static const char *canon(const char *s)
{
    if (ksz_asn_canon(s, strlen(s), out, sizeof out, NULL, NULL) != KSZ_OK)
        return NULL;
    return out;
}

static void accepts_every_common_spelling(void **state)
{
    size_t n = 0;
    (void)state;
    assert_int_equal(ksz_asn_canon("as1234", 6, out, sizeof out, &n, NULL), KSZ_OK);
    assert_string_equal(out, "AS1234");
    assert_int_equal(n, 6);
    assert_string_equal(canon("AS 1234"), "AS1234");
    assert_string_equal(canon("ASN 1234"), "AS1234");
    assert_string_equal(canon("ASN1234"), "AS1234");
    assert_string_equal(canon("asn 13335"), "AS13335");
}

static void accepts_the_32_bit_range_only(void **state)
{
    (void)state;
    assert_string_equal(canon("AS1"), "AS1");
    assert_string_equal(canon("AS4294967295"), "AS4294967295");
    assert_null(canon("AS4294967296"));
    assert_null(canon("AS0"));
    assert_null(canon("AS01234"));
    assert_null(canon("AS99999999999"));
}

static void refuses_other_shapes(void **state)
{
    struct ksz_error err = {0};
    (void)state;
    assert_null(canon("1234"));
    assert_null(canon("AS"));
    assert_null(canon("ASN"));
    assert_null(canon("AS  1234"));
    assert_null(canon("AS1.10"));
    assert_null(canon("AS-1234"));
    assert_null(canon("AS1234 "));
    assert_null(canon("ASX1234"));
    assert_int_equal(ksz_asn_canon("AS12x", 5, out, sizeof out, NULL, &err), KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "offset 2"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_every_common_spelling),
        cmocka_unit_test(accepts_the_32_bit_range_only),
        cmocka_unit_test(refuses_other_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
