/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

static char out[400];

static const char *canon(const char *s)
{
    if (ksz_email_canon(s, strlen(s), out, sizeof out, NULL, NULL) != KSZ_OK)
        return NULL;
    return out;
}

static void lower_cases_the_whole_address(void **state)
{
    size_t n = 0;
    (void)state;
    assert_int_equal(ksz_email_canon("John.Doe@Evil.COM", 17, out, sizeof out, &n, NULL),
                     KSZ_OK);
    assert_string_equal(out, "john.doe@evil.com");
    assert_int_equal(n, 17);
    assert_string_equal(canon("a+tag@bücher.de"), "a+tag@xn--bcher-kva.de");
}

static void accepts_every_dot_atom_character(void **state)
{
    (void)state;
    assert_string_equal(canon("!#$%&'*+/=?^_`{|}~-@evil.com"), "!#$%&'*+/=?^_`{|}~-@evil.com");
    assert_string_equal(canon("a.b.c@evil.com"), "a.b.c@evil.com");
}

static void refuses_misplaced_dots_and_bad_bytes(void **state)
{
    struct ksz_error err = {0};
    (void)state;
    assert_null(canon(".a@evil.com"));
    assert_null(canon("a.@evil.com"));
    assert_int_equal(ksz_email_canon("a..b@evil.com", 13, out, sizeof out, NULL, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "offset 2"));
    assert_null(canon("a b@evil.com"));
    assert_null(canon("\"a\"@evil.com"));
    assert_null(canon("a(b)@evil.com"));
    assert_null(canon("a@b@evil.com"));
    assert_null(canon("@evil.com"));
    assert_null(canon("user@"));
    assert_null(canon("user"));
    assert_null(canon("user@localhost"));
    assert_null(canon("user@evil.notatld"));
}

static void limits_the_local_part_to_64_bytes(void **state)
{
    char s[128];
    (void)state;
    memset(s, 'a', 64);
    memcpy(s + 64, "@evil.com", 10);
    assert_non_null(canon(s));
    memset(s, 'a', 65);
    memcpy(s + 65, "@evil.com", 10);
    assert_null(canon(s));
}

static void writes_ipv4_domains_as_address_literals(void **state)
{
    (void)state;
    assert_string_equal(canon("user@[192.0.2.1]"), "user@[192.0.2.1]");
    assert_string_equal(canon("user@192.0.2.1"), "user@[192.0.2.1]");
    assert_null(canon("user@[192.0.2.01]"));
    assert_null(canon("user@[evil.com]"));
    assert_null(canon("user@1.2.3"));
}

static void leaves_out_untouched_when_too_small(void **state)
{
    char small[8];
    (void)state;
    memset(small, 'x', sizeof small);
    assert_int_equal(ksz_email_canon("a@evil.com", 10, small, sizeof small, NULL, NULL),
                     KSZ_ERR_LIMIT);
    assert_int_equal(small[0], 'x');
}

static int teardown(void **state)
{
    (void)state;
    ksz_ioc_global_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lower_cases_the_whole_address),
        cmocka_unit_test(accepts_every_dot_atom_character),
        cmocka_unit_test(refuses_misplaced_dots_and_bad_bytes),
        cmocka_unit_test(limits_the_local_part_to_64_bytes),
        cmocka_unit_test(writes_ipv4_domains_as_address_literals),
        cmocka_unit_test(leaves_out_untouched_when_too_small),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
