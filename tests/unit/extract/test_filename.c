/* SPDX-License-Identifier: Apache-2.0 */
/* test_filename.c - which spans are whole file names. */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "xtest.h"

static void a_span_needs_a_name_before_its_extension(void **state)
{
    const char *h;
    (void)state;
    h = xrun("`.exe` and `a.exe.` and `x.toolong` and `dir.v2/readme`\n");
    assert_false(xhas(h, "filename .exe"));
    assert_false(xhas(h, "filename x.toolong"));
    assert_false(xhas(h, "filename dir.v2/readme"));
    HAS("`C:\\Temp\\My Files\\run me.exe`\n", "filename run me.exe");
    HAS("`Setup.EXE` and `x/.exe`\n", "filename Setup.EXE");
    HASNT("`Setup.EXE` and `x/.exe`\n", "filename .exe");
}

static void a_span_after_a_host_or_ending_in_com_is_no_file(void **state)
{
    (void)state;
    HASNT("`evil.ru/a.exe`\n", "filename a.exe");
    HAS("`in.com`\n", "domain in.com");
    HASNT("`in.com`\n", "filename in.com");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_span_needs_a_name_before_its_extension),
        cmocka_unit_test(a_span_after_a_host_or_ending_in_com_is_no_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
