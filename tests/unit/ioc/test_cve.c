/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

static char out[64];

static const char *canon(const char *s)
{
    if (ksz_cve_canon(s, strlen(s), out, sizeof out, NULL, NULL) != KSZ_OK)
        return NULL;
    return out;
}

static void upper_cases_ids_in_any_case(void **state)
{
    size_t n = 0;
    (void)state;
    assert_int_equal(ksz_cve_canon("cve-2021-44228", 14, out, sizeof out, &n, NULL), KSZ_OK);
    assert_string_equal(out, "CVE-2021-44228");
    assert_int_equal(n, 14);
    assert_string_equal(canon("Cve-2014-0160"), "CVE-2014-0160");
    assert_string_equal(canon("CVE-2024-1234567"), "CVE-2024-1234567");
}

static void accepts_every_unicode_dash(void **state)
{
    static const char *const dashes[] = {
        "\xe2\x80\x90", "\xe2\x80\x91", "\xe2\x80\x92", "\xe2\x80\x93", "\xe2\x80\x94",
        "\xe2\x80\x95", "\xe2\x88\x92", "\xef\xb9\xa3", "\xef\xbc\x8d",
    };
    (void)state;
    for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++) {
        char in[64];
        snprintf(in, sizeof in, "CVE%s2021%s44228", dashes[i], dashes[i]);
        assert_non_null(canon(in));
        assert_string_equal(out, "CVE-2021-44228");
    }
    assert_null(canon("CVE\xe2\x80\x96" "2021-44228")); /* U+2016 is not a dash */
    assert_null(canon("CVE_2021_44228"));
}

static void requires_four_or_more_sequence_digits(void **state)
{
    struct ksz_error err = {0};
    (void)state;
    assert_null(canon("CVE-2021-123"));
    assert_null(canon("CVE-2021-00123")); /* past four digits, no leading zero */
    assert_string_equal(canon("CVE-2021-0001"), "CVE-2021-0001");
    assert_null(canon("CVE-21-1234"));
    assert_null(canon("CVE-1998-1234"));
    assert_string_equal(canon("CVE-1999-0001"), "CVE-1999-0001");
    assert_null(canon("CVE-2021-1234a"));
    assert_null(canon("CVE-2021-"));
    assert_null(canon("CVE2021-1234"));
    assert_int_equal(ksz_cve_canon("CVE-2021-12x4", 13, out, sizeof out, NULL, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "offset 11"));
}

static void leaves_out_untouched_when_too_small(void **state)
{
    char small[8];
    (void)state;
    memset(small, 'x', sizeof small);
    assert_int_equal(ksz_cve_canon("CVE-2021-1234", 13, small, sizeof small, NULL, NULL),
                     KSZ_ERR_LIMIT);
    assert_int_equal(small[0], 'x');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upper_cases_ids_in_any_case),
        cmocka_unit_test(accepts_every_unicode_dash),
        cmocka_unit_test(requires_four_or_more_sequence_digits),
        cmocka_unit_test(leaves_out_untouched_when_too_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
