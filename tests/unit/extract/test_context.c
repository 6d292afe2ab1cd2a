/* SPDX-License-Identifier: Apache-2.0 */
/* test_context.c - what the layout of a line decides: headings and header
 * rows about hosts, and the spans (cells, CSV cells, quotes, the name after
 * a hash) whose whole content may be a file name. */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "xtest.h"

static void every_host_keyword_makes_a_heading_about_hosts(void **state)
{
    static const char *const headings[] = {
        "## C2 list",      "## C&C",          "## cnc servers",  "## Domains",
        "## Host",         "## Server",       "Network:",        "## URLs",
        "## FQDN",         "## Website",      "### Web Site",    "web sites seen",
        "## \xe3\x83\x89\xe3\x83\xa1\xe3\x82\xa4\xe3\x83\xb3", /* ドメイン */
        "## \xe3\x83\x9b\xe3\x82\xb9\xe3\x83\x88",             /* ホスト */
        "## \xe9\x80\x9a\xe4\xbf\xa1\xe5\x85\x88",             /* 通信先 */
        "## \xe6\x8e\xa5\xe7\xb6\x9a\xe5\x85\x88",             /* 接続先 */
    };
    char text[128];
    (void)state;
    for (size_t k = 0; k < sizeof headings / sizeof headings[0]; k++) {
        snprintf(text, sizeof text, "%s\npayroll.zip\n", headings[k]);
        HAS(text, "domain payroll.zip");
        HASNT(text, "filename payroll.zip");
    }
    /* no keyword, or one cut short by the end of the heading */
    HAS("## Notes\npayroll.zip\n", "filename payroll.zip");
    HAS("## The c\npayroll.zip\n", "filename payroll.zip");
    HAS("## \xe3\x83\x89\xe3\x83\xa1\xe3\x82\xa4\npayroll.zip\n", "filename payroll.zip");
}

static void header_row_columns_about_hosts_hold_hosts(void **state)
{
    const char *h;
    (void)state;
    h = xrun("| Host | File |\n|---|---|\n| payroll.zip | payroll.zip |\n");
    assert_true(xhas(h, "domain payroll.zip"));
    assert_true(xhas(h, "filename payroll.zip"));
    h = xrun("| Hostname | Sample |\n|---|---|\n| my report.zip | my report.zip |\n");
    assert_true(xhas(h, "filename my report.zip"));
    assert_false(xhas(h, "domain my report.zip"));
}

static void a_hash_then_blanks_then_a_name_is_one_span(void **state)
{
    const char *h;
    (void)state;
    HAS("d41d8cd98f00b204e9800998ecf8427e  setup 2.exe\n", "filename setup 2.exe");
    HAS("d41d8cd98f00b204e9800998ecf8427e\tsetup 2.exe\n", "filename setup 2.exe");
    /* 31 and 33 hex digits are no hash: only the word rules read the name */
    h = xrun("d41d8cd98f00b204e9800998ecf8427\tsetup 2.exe\n");
    assert_true(xhas(h, "filename 2.exe"));
    assert_false(xhas(h, "filename setup 2.exe"));
    h = xrun("d41d8cd98f00b204e9800998ecf8427ef  setup 2.exe\n");
    assert_false(xhas(h, "filename setup 2.exe"));
    /* a hash alone, or ending the line */
    NOTHING("d41d8cd98f00b204e9800998ecf8427g  setup\n");
    HAS("d41d8cd98f00b204e9800998ecf8427e   \n", "md5 d41d8cd98f00b204e9800998ecf8427e");
}

static void quoted_csv_cells_may_hold_commas(void **state)
{
    const char *h;
    (void)state;
    HAS("\"a, b\",Procurement Letter.doc,x\n", "filename Procurement Letter.doc");
    /* ", " outside quotes is prose; an open quote makes the rest one cell */
    h = xrun("x,y,Procurement Letter.doc, z\n");
    assert_false(xhas(h, "filename Procurement Letter.doc"));
    h = xrun("x,\"y,Procurement Letter.doc,z\n");
    assert_false(xhas(h, "filename Procurement Letter.doc"));
    /* one word per cell: nothing the word rules would not find */
    h = xrun("2024-01-05,Letter.doc,high\n");
    assert_true(xhas(h, "filename Letter.doc"));
}

static void quote_marks_of_each_kind_delimit_names(void **state)
{
    const char *h;
    (void)state;
    h = xrun("\xe2\x80\x9cInvoice 2024.xlsm\xe2\x80\x9d \xe3\x80\x8e"
             "Q3 plan.docx\xe3\x80\x8f \xe3\x80\x8cmy notes.txt\xe3\x80\x8d `run me.sh`\n");
    assert_true(xhas(h, "filename Invoice 2024.xlsm"));
    assert_true(xhas(h, "filename Q3 plan.docx"));
    assert_true(xhas(h, "filename my notes.txt"));
    assert_true(xhas(h, "filename run me.sh"));
    /* an unclosed mark delimits nothing */
    h = xrun("\xe3\x80\x8cmy notes.txt and more\n");
    assert_false(xhas(h, "filename my notes.txt and more"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_host_keyword_makes_a_heading_about_hosts),
        cmocka_unit_test(header_row_columns_about_hosts_hold_hosts),
        cmocka_unit_test(a_hash_then_blanks_then_a_name_is_one_span),
        cmocka_unit_test(quoted_csv_cells_may_hold_commas),
        cmocka_unit_test(quote_marks_of_each_kind_delimit_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
