/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

static ksz_rc fn(const char *s, char *out, size_t cap)
{
    return ksz_filename_canon(s, strlen(s), out, cap, NULL, NULL);
}

static void keeps_names_with_known_extensions_as_written(void **state)
{
    char out[300];
    size_t n = 0;
    (void)state;
    assert_int_equal(ksz_filename_canon("Invoice.PDF.exe", 15, out, sizeof out, &n, NULL),
                     KSZ_OK);
    assert_string_equal(out, "Invoice.PDF.exe");
    assert_int_equal(n, 15);
    assert_int_equal(fn("my report 2024.docm", out, sizeof out), KSZ_OK);
    assert_int_equal(fn("請求書.zip", out, sizeof out), KSZ_OK);
    assert_string_equal(out, "請求書.zip");
    assert_int_equal(fn("archive.tar.gz", out, sizeof out), KSZ_OK);
    assert_int_equal(fn("a.7z", out, sizeof out), KSZ_OK);
    assert_int_equal(fn("payload.PS1", out, sizeof out), KSZ_OK);
}

static void refuses_unknown_or_missing_extensions(void **state)
{
    char out[300];
    (void)state;
    assert_int_equal(fn("photo.jpeg", out, sizeof out), KSZ_ERR_PARSE);
    assert_int_equal(fn("README", out, sizeof out), KSZ_ERR_PARSE);
    assert_int_equal(fn(".exe", out, sizeof out), KSZ_ERR_PARSE);
    assert_int_equal(fn("setup.", out, sizeof out), KSZ_ERR_PARSE);
    assert_int_equal(fn("setup.exe.bak", out, sizeof out), KSZ_ERR_PARSE);
}

static void refuses_paths_spaces_at_the_edges_and_control_bytes(void **state)
{
    char out[300];
    struct ksz_error err = {0};
    (void)state;
    assert_int_equal(fn("C:\\Windows\\evil.exe", out, sizeof out), KSZ_ERR_PARSE);
    assert_int_equal(fn("/tmp/evil.sh", out, sizeof out), KSZ_ERR_PARSE);
    assert_int_equal(fn(" evil.exe", out, sizeof out), KSZ_ERR_PARSE);
    assert_int_equal(fn("evil.exe ", out, sizeof out), KSZ_ERR_PARSE);
    assert_int_equal(ksz_filename_canon("ev\til.exe", 9, out, sizeof out, NULL, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "offset 2"));
    assert_int_equal(ksz_filename_canon("ev\0il.exe", 9, out, sizeof out, NULL, NULL),
                     KSZ_ERR_PARSE);
    assert_int_equal(fn("bad\xff.exe", out, sizeof out), KSZ_ERR_PARSE);
    assert_int_equal(fn("what?.exe", out, sizeof out), KSZ_ERR_PARSE);
}

static void knows_the_extension_list_case_insensitively(void **state)
{
    (void)state;
    assert_true(ksz_filename_ext_known("exe", 3));
    assert_true(ksz_filename_ext_known("EXE", 3));
    assert_true(ksz_filename_ext_known("dylib", 5));
    assert_true(ksz_filename_ext_known("com", 3));
    assert_true(ksz_filename_ext_known("7z", 2));
    assert_false(ksz_filename_ext_known("ex", 2));
    assert_false(ksz_filename_ext_known("exee", 4));
    assert_false(ksz_filename_ext_known("", 0));
    assert_false(ksz_filename_ext_known("jpeg", 4));
    assert_false(ksz_filename_ext_known("toolongext", 10));
}

/* Found under ASan: the lookup read past the end of the shorter list entries. */
static void looks_up_long_extensions_without_reading_past_short_entries(void **state)
{
    (void)state;
    assert_false(ksz_filename_ext_known("sox", 3));
    assert_false(ksz_filename_ext_known("7zz", 3));
    assert_true(ksz_filename_ext_known("psm1", 4));
    assert_false(ksz_filename_ext_known("jsxxx", 5));
}

static void leaves_out_untouched_when_too_small(void **state)
{
    char out[8];
    (void)state;
    memset(out, 'x', sizeof out);
    assert_int_equal(fn("evil.exe", out, 8), KSZ_ERR_LIMIT);
    assert_int_equal(out[0], 'x');
    assert_int_equal(fn("evil.exe", out, 9 > sizeof out ? sizeof out : 9), KSZ_ERR_LIMIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keeps_names_with_known_extensions_as_written),
        cmocka_unit_test(refuses_unknown_or_missing_extensions),
        cmocka_unit_test(refuses_paths_spaces_at_the_edges_and_control_bytes),
        cmocka_unit_test(knows_the_extension_list_case_insensitively),
        cmocka_unit_test(looks_up_long_extensions_without_reading_past_short_entries),
        cmocka_unit_test(leaves_out_untouched_when_too_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
