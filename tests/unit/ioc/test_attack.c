/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

static char out[16];

static const char *canon(const char *s)
{
    if (ksz_attack_canon(s, strlen(s), out, sizeof out, NULL, NULL) != KSZ_OK)
        return NULL;
    return out;
}

static void upper_cases_techniques_and_sub_techniques(void **state)
{
    size_t n = 0;
    (void)state;
    assert_int_equal(ksz_attack_canon("t1059.001", 9, out, sizeof out, &n, NULL), KSZ_OK);
    assert_string_equal(out, "T1059.001");
    assert_int_equal(n, 9);
    assert_string_equal(canon("T1566"), "T1566");
    assert_string_equal(canon("T0800"), "T0800");
}

static void requires_exactly_four_then_three_digits(void **state)
{
    struct ksz_error err = {0};
    (void)state;
    assert_null(canon("T123"));
    assert_null(canon("T12345"));
    assert_null(canon("T1059.1"));
    assert_null(canon("T1059.0001"));
    assert_null(canon("T1059."));
    assert_null(canon("T1059-001"));
    assert_null(canon("TA0001"));
    assert_null(canon("S1059"));
    assert_null(canon(""));
    assert_int_equal(ksz_attack_canon("T10x9", 5, out, sizeof out, NULL, &err), KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "offset 3"));
}

static void leaves_out_untouched_when_too_small(void **state)
{
    char small[5];
    (void)state;
    memset(small, 'x', sizeof small);
    assert_int_equal(ksz_attack_canon("T1566", 5, small, sizeof small, NULL, NULL),
                     KSZ_ERR_LIMIT);
    assert_int_equal(small[0], 'x');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upper_cases_techniques_and_sub_techniques),
        cmocka_unit_test(requires_exactly_four_then_three_digits),
        cmocka_unit_test(leaves_out_untouched_when_too_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
