/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "core/core_int.h"

static void refuses_to_grow_past_its_cap(void **state)
{
    struct ksz_buf b;
    (void)state;
    ksz_buf_init(&b, 8);
    assert_int_equal(ksz_buf_append(&b, "12345678", 8), KSZ_OK);
    assert_int_equal(ksz_buf_append(&b, "9", 1), KSZ_ERR_LIMIT);
    assert_int_equal(b.len, 8);
    assert_string_equal(b.data, "12345678");
    ksz_buf_cleanup(&b);
}

static void escapes_json_and_replaces_invalid_utf8(void **state)
{
    struct ksz_buf b;
    (void)state;
    ksz_buf_init(&b, 0);
    assert_int_equal(ksz_buf_json_str(&b, "a\"b\\c\n\x01\xff\xe5\x85\x86", 11), KSZ_OK);
    assert_string_equal(b.data, "a\\\"b\\\\c\\n\\u0001\xef\xbf\xbd\xe5\x85\x86");
    ksz_buf_cleanup(&b);
}

static void fails_cleanly_when_allocation_fails(void **state)
{
    struct ksz_buf b;
    (void)state;
    ksz_buf_init(&b, 0);
    ksz__alloc_fail_after(0);
    assert_int_equal(ksz_buf_append(&b, "x", 1), KSZ_ERR_NOMEM);
    ksz__alloc_fail_after(-1);
    assert_null(b.data);
    assert_int_equal(ksz_buf_append(&b, "x", 1), KSZ_OK);
    ksz_buf_cleanup(&b);
}

static void parses_durations_with_units(void **state)
{
    int64_t v = -1;
    (void)state;
    assert_int_equal(ksz__parse_duration("30d", 3, &v), KSZ_OK);
    assert_int_equal(v, 30 * 86400);
    assert_int_equal(ksz__parse_duration("12h", 3, &v), KSZ_OK);
    assert_int_equal(v, 12 * 3600);
    v = 7;
    assert_int_equal(ksz__parse_duration("12x", 3, &v), KSZ_ERR_PARSE);
    assert_int_equal(v, 7);
    assert_int_equal(ksz__parse_duration("d", 1, &v), KSZ_ERR_PARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refuses_to_grow_past_its_cap),
        cmocka_unit_test(escapes_json_and_replaces_invalid_utf8),
        cmocka_unit_test(fails_cleanly_when_allocation_fails),
        cmocka_unit_test(parses_durations_with_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
