/* SPDX-License-Identifier: Apache-2.0 */
/* CSV, plain lists and JSON lines: the line formats. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "collect.h"

static void detects_the_delimiter_and_unquotes(void **state)
{
    struct collect c;
    struct ksz_import_sink sink = collect_sink(&c);
    struct ksz_error err = {0};
    static const char csv[] = "value;type;confidence;description;tags\r\n"
                              "198.51.100.10;ipv4;70;\"a; \"\"quoted\"\"\nline\";\"t1,t2\"\r\n"
                              "\r\n"
                              "Evil.Example.ORG;;60;plain;\r\n";
    (void)state;
    assert_int_equal(ksz_csv_read("a.csv", csv, sizeof csv - 1, NULL, NULL, &sink, &err), KSZ_OK);
    assert_int_equal(c.nind, 2);
    assert_non_null(strstr(c.ind[0], "ipv4 198.51.100.10 "));
    assert_non_null(strstr(c.ind[0], "conf=70"));
    assert_non_null(strstr(c.ind[0], "desc=a; \"quoted\"\nline"));
    assert_non_null(strstr(c.ind[0], "tags=t1,t2"));
    assert_non_null(strstr(c.ind[1], "domain evil.example.org "));
    collect_free(&c);
}

static void maps_columns_by_flag_and_refangs(void **state)
{
    struct collect c;
    struct ksz_import_sink sink = collect_sink(&c);
    struct ksz_csv_opts o = {"value=ioc,type=kind,confidence=conf,description=4", 0};
    size_t len = 0;
    char *buf = slurp(KSZ_TEST_DATA "/formats/mapped.csv", &len);
    (void)state;
    assert_int_equal(ksz_csv_read("mapped.csv", buf, len, &o, NULL, &sink, NULL), KSZ_OK);
    assert_int_equal(c.nind, 2);
    assert_non_null(strstr(c.ind[0], "conf=75 "));
    assert_non_null(strstr(c.ind[0], "desc=say \"hi\""));
    assert_non_null(strstr(c.ind[1], "url http://evil-otter.example.com/a "));
    collect_free(&c);
    free(buf);
}

static void names_the_line_of_a_bad_row(void **state)
{
    struct collect c;
    struct ksz_import_sink sink = collect_sink(&c);
    struct ksz_error err = {0};
    size_t len = 0;
    char *buf = slurp(KSZ_TEST_DATA "/formats/bad_third.csv", &len);
    (void)state;
    assert_int_equal(ksz_csv_read("bad_third.csv", buf, len, NULL, NULL, &sink, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "bad_third.csv:4: value: expected ipv4, found \"300.1.2.3\""));
    assert_int_equal(ksz_csv_read("b.csv", "value,x\n1.2.3.4\n", 16, NULL, NULL, &sink, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "b.csv:2: expected 2 cells"));
    assert_int_equal(ksz_csv_read("c.csv", "a,b\n1,2\n", 8, NULL, NULL, &sink, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "value column"));
    assert_int_equal(ksz_csv_read("d.csv", "value\n\"1.2.3.4\n", 14, NULL, NULL, &sink, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "closing quote"));
    collect_free(&c);
    free(buf);
}

static void reads_plain_lists(void **state)
{
    struct collect c;
    struct ksz_import_sink sink = collect_sink(&c);
    struct ksz_error err = {0};
    struct ksz_import_defaults d = {.source = "feed", .tlp = KSZ_TLP_GREEN, .confidence = 40,
                                    .valid_for = 86400, .now = 1000, .threat = "Snakebite"};
    size_t len = 0;
    char *buf = slurp(KSZ_TEST_DATA "/formats/list.txt", &len);
    (void)state;
    assert_int_equal(ksz_plain_read("list.txt", buf, len, &d, &sink, NULL), KSZ_OK);
    assert_int_equal(c.nind, 4);
    assert_non_null(strstr(c.ind[0], "ipv4 198.51.100.12 "));
    assert_non_null(strstr(c.ind[0], "tlp=green conf=40"));
    assert_non_null(strstr(c.ind[0], "from=1000 until=87400 src=feed"));
    assert_non_null(strstr(c.ind[0], "threats=Snakebite"));
    assert_non_null(strstr(c.ind[2], "ipv6 2001:db8::7 "));
    assert_non_null(strstr(c.ind[3], "sha256 e3b0c4"));
    assert_int_equal(ksz_plain_read("l2.txt", "1.2.3.4\n\nnot an ioc at all\n", 27, NULL, &sink,
                                    &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "l2.txt:3: value: expected an observable"));
    collect_free(&c);
    free(buf);
}

static void reads_json_lines_with_lists(void **state)
{
    struct collect c;
    struct ksz_import_sink sink = collect_sink(&c);
    struct ksz_error err = {0};
    static const char jl[] =
        "{\"type\":\"domain\",\"value\":\"a.example.net\",\"tlp\":\"amber+strict\","
        "\"confidence\":90,\"usage\":\"block-dns\",\"labels\":[\"x\",\"y\"],"
        "\"valid_from\":\"2024-01-01T00:00:00.000Z\",\"kill_chain\":[\"lm:act\"]}\n"
        "\n{\"value\":\"198.51.100.1\",\"attack_ids\":[\"T1071\"]}\n";
    (void)state;
    assert_int_equal(ksz_jsonl_read("a.jsonl", jl, sizeof jl - 1, NULL, &sink, NULL), KSZ_OK);
    assert_int_equal(c.nind, 2);
    assert_non_null(strstr(c.ind[0], "tlp=amber+strict conf=90 usage=block-dns from=1704067200"));
    assert_non_null(strstr(c.ind[0], "labels=x,y"));
    assert_non_null(strstr(c.ind[0], "kc=lm:act"));
    assert_non_null(strstr(c.ind[1], "ipv4 198.51.100.1 "));
    assert_non_null(strstr(c.ind[1], "attack=T1071"));
    assert_int_equal(ksz_jsonl_read("b.jsonl", "{\"value\":\"1.2.3.4\"}\n{oops\n", 26, NULL,
                                    &sink, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "b.jsonl:2: expected a JSON object"));
    collect_free(&c);
}

static void detects_formats_from_content(void **state)
{
    (void)state;
    assert_int_equal(ksz_format_detect("{\"type\": \"bundle\", \"objects\": []}", 33),
                     KSZ_FORMAT_STIX);
    assert_int_equal(ksz_format_detect("{\"Event\": {\"info\": \"x\"}}", 24), KSZ_FORMAT_MISP);
    assert_int_equal(ksz_format_detect("{\"value\":\"1.2.3.4\"}\n{\"value\":\"x\"}\n", 34),
                     KSZ_FORMAT_JSONL);
    assert_int_equal(ksz_format_detect("indicator,kind\n1.2.3.4,ipv4\n", 28), KSZ_FORMAT_CSV);
    assert_int_equal(ksz_format_detect("# list\n1.2.3.4\nevil.example.org\n", 32),
                     KSZ_FORMAT_PLAIN);
    assert_int_equal(ksz_format_detect("We saw 1.2.3.4 talk to evil.example.org.\n", 41),
                     KSZ_FORMAT_TEXT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(detects_the_delimiter_and_unquotes),
        cmocka_unit_test(maps_columns_by_flag_and_refangs),
        cmocka_unit_test(names_the_line_of_a_bad_row),
        cmocka_unit_test(reads_plain_lists),
        cmocka_unit_test(reads_json_lines_with_lists),
        cmocka_unit_test(detects_formats_from_content),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
