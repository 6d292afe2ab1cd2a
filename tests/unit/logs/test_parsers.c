/* SPDX-License-Identifier: Apache-2.0 */
/* tests/unit/logs/test_parsers.c -- every log parser on a hand-written sample:
 * fields, kinds and UTC timestamps exactly, malformed lines with their numbers,
 * and format detection. */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "logs_dump.h"

static void check_sample(const char *file, ksz_log_format want_format, const char *const *maps,
                         size_t nmaps, const char *want)
{
    static char out[1 << 16];
    struct ksz_log_fieldmap fm[8];
    struct ksz_log_opts o = {KSZ_LOG_AUTO, fm, nmaps};
    char path[1024];
    size_t len = 0;
    char *text;
    ksz_log_format got = KSZ_LOG_AUTO;

    for (size_t i = 0; i < nmaps; i++)
        assert_int_equal(ksz_log_fieldmap_parse(maps[i], &fm[i], NULL), KSZ_OK);
    snprintf(path, sizeof path, "%s/logs/%s", KSZ_TEST_DATA, file);
    text = dump_slurp(path, &len);
    assert_non_null(text);
    assert_int_equal(dump_text(&o, text, len, out, sizeof out, &got), KSZ_OK);
    assert_string_equal(ksz_log_format_name(got), ksz_log_format_name(want_format));
    assert_string_equal(out, want);
    /* the same with the format given rather than detected */
    o.format = want_format;
    assert_int_equal(dump_text(&o, text, len, out, sizeof out, NULL), KSZ_OK);
    assert_string_equal(out, want);
    free(text);
}

static void parses_squid_log(void **state)
{
    static const char *const maps[] = {NULL};
    (void)state;
    check_sample("squid.log", KSZ_LOG_SQUID, maps, 0,
    "1 1704110400.123000 client=ip:10.0.0.5 url=url:http://www.Evil-Example.com/payload.bin peer=host:203.0.113.10\n"
    "2 1704110401.000000 client=ip:10.0.0.6 url=url:bad-c2.net:443 peer=host:198.51.100.7\n"
    "3 1704110402.500000 client=ip:10.0.0.7 url=url:http://benign.org/\n"
    "4 malformed: squid: expected at least 7 fields (time elapsed client code/status bytes method URL), got 5\n"
    "5 1704110403.250000 client=ip:10.0.0.5 url=url:http://198.51.100.7:8080/gate.php peer=host:198.51.100.7\n");
}

static void parses_clf_log(void **state)
{
    static const char *const maps[] = {NULL};
    (void)state;
    check_sample("clf.log", KSZ_LOG_CLF, maps, 0,
    "1 971211336.000000 client=host:192.0.2.10\n"
    "2 1704034800.000000 client=host:198.51.100.7 request=url:http://evil-example.com/x\n");
}

static void parses_combined_log(void **state)
{
    static const char *const maps[] = {NULL};
    (void)state;
    check_sample("combined.log", KSZ_LOG_COMBINED, maps, 0,
    "1 1704189600.000000 client=host:203.0.113.9 referer=url:http://ref.evil-example.com/landing?a=1\n"
    "2 1704195001.000000 client=host:10.1.1.1 request=url:bad-c2.net:443\n"
    "3 malformed: clf: expected a time like [10/Oct/2000:13:55:36 -0700]\n");
}

static void parses_zeek_dns_log(void **state)
{
    static const char *const maps[] = {NULL};
    (void)state;
    check_sample("zeek_dns.log", KSZ_LOG_ZEEK, maps, 0,
    "8 1704110400.250000 id.orig_h=ip:10.0.0.5 id.resp_h=ip:10.0.0.53 query=domain:www.evil-example.com answers=host:203.0.113.10 answers=host:cdn.bad-c2.net\n"
    "9 1704110401.000000 id.orig_h=ip:10.0.0.6 id.resp_h=ip:10.0.0.53 query=domain:benign.org\n"
    "10 malformed: zeek: expected 11 fields, got 3\n");
}

static void parses_zeek_http_log(void **state)
{
    static const char *const maps[] = {NULL};
    (void)state;
    check_sample("zeek_http.log", KSZ_LOG_ZEEK, maps, 0,
    "5 1704110400.500000 id.orig_h=ip:10.0.0.5 id.resp_h=ip:203.0.113.10 host=host:www.evil-example.com url=url:http://www.evil-example.com/payload.bin?x=1\n");
}

static void parses_zeek_json(void **state)
{
    static const char *const maps[] = {NULL};
    (void)state;
    check_sample("zeek.json", KSZ_LOG_ZEEK_JSON, maps, 0,
    "1 1704110400.250000 id.orig_h=ip:10.0.0.5 id.resp_h=ip:10.0.0.53 query=domain:www.evil-example.com answers=host:203.0.113.10 answers=host:cdn.bad-c2.net\n"
    "2 1704110401.500000 id.orig_h=ip:10.0.0.6 id.resp_h=ip:198.51.100.7 host=host:bad-c2.net:8080 url=url:http://bad-c2.net:8080/a/b\n"
    "3 malformed: json: expected a key at byte 31\n");
}

static void parses_eve_json(void **state)
{
    static const char *const maps[] = {NULL};
    (void)state;
    check_sample("eve.json", KSZ_LOG_EVE, maps, 0,
    "1 1704110400.123456 src_ip=ip:10.0.0.5 dest_ip=ip:10.0.0.53 dns.rrname=domain:www.Evil-Example.com\n"
    "2 1704110401.000000 src_ip=ip:10.0.0.6 dest_ip=ip:203.0.113.10 http.hostname=host:www.evil-example.com http.http_refer=url:http://ref.bad-c2.net/ http.url=url:http://www.evil-example.com/payload.bin\n"
    "3 1704110402.000000 src_ip=ip:10.0.0.6 dest_ip=ip:198.51.100.7 tls.sni=domain:bad-c2.net\n"
    "4 1704110403.000000 src_ip=ip:203.0.113.10 dest_ip=ip:10.0.0.5 fileinfo.md5=hash:44d88612fea8a8f36de82e1278abb02f fileinfo.sha256=hash:275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F\n"
    "5 1704110404.000000 src_ip=ip:10.0.0.53 dest_ip=ip:10.0.0.5 dns.rrname=domain:x.bad-c2.net dns.answers.rrname=domain:x.bad-c2.net dns.answers.rdata=host:198.51.100.7 dns.grouped.A=ip:198.51.100.7\n"
    "6 1704110405.000000 src_ip=ip:198.51.100.7 dest_ip=ip:10.0.0.5\n"
    "7 malformed: eve: expected a \"timestamp\" in ISO 8601\n");
}

static void parses_bind_log(void **state)
{
    static const char *const maps[] = {NULL};
    (void)state;
    check_sample("bind.log", KSZ_LOG_BIND, maps, 0,
    "1 1704110400.000000 client=ip:10.0.0.5 query=domain:www.evil-example.com\n"
    "2 1704110401.250000 client=ip:10.0.0.6 query=domain:bad-c2.net\n"
    "3 malformed: bind: expected 'client ... query: NAME'\n");
}

static void parses_awswaf_log(void **state)
{
    static const char *const maps[] = {NULL};
    (void)state;
    check_sample("awswaf.log", KSZ_LOG_AWSWAF, maps, 0,
    "1 1704110400.123000 httpRequest.clientIp=ip:198.51.100.7 httpRequest.headers.host=host:shop.example.net httpRequest.headers.referer=url:http://ref.bad-c2.net/x\n");
}

static void parses_generic_jsonl(void **state)
{
    static const char *const maps[] = {"event.src=ip", "event.dst=ip", "dns.question.name=domain"};
    (void)state;
    check_sample("generic.jsonl", KSZ_LOG_JSONL, maps, sizeof maps / sizeof maps[0],
    "1 1704110400.000000 event.src=ip:198.51.100.7 event.dst=ip:10.0.0.5 dns.question.name=domain:bad-c2.net\n"
    "2 1704110401.000000 event.src=ip:10.0.0.9 dns.question.name=domain:benign.org\n");
}

static void parses_generic_csv(void **state)
{
    static const char *const maps[] = {"time=time", "src=ip", "dst=ip", "url=url"};
    (void)state;
    check_sample("generic.csv", KSZ_LOG_CSV, maps, sizeof maps / sizeof maps[0],
    "2 1704110400.000000 src=ip:10.0.0.5 dst=ip:203.0.113.10 url=url:http://www.evil-example.com/payload.bin\n"
    "3 1704110401.000000 src=ip:10.0.0.6 dst=ip:198.51.100.7\n");
}

static void converts_timestamps_to_utc(void **state)
{
    int64_t t;
    uint32_t us;
    (void)state;
    assert_int_equal(ksz_log_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(ksz_log_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(ksz_log_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(ksz_log_time_clf("10/Oct/2000:13:55:36 -0700", 26, &t, &us), KSZ_OK);
    assert_int_equal(t, 971211336);
    assert_int_equal(ksz_log_time_clf("29/Feb/2024:23:59:59 +0530", 26, &t, &us), KSZ_OK);
    assert_int_equal(t, 1709251199 - 19800);
    assert_int_equal(ksz_log_time_clf("30/Feb/2024:00:00:00 +0000", 26, &t, &us), KSZ_ERR_PARSE);
    assert_int_equal(ksz_log_time_clf("10/Oct/2000:13:55:36 0700", 25, &t, &us), KSZ_ERR_PARSE);
    assert_int_equal(ksz_log_time_iso8601("2024-01-01T12:00:00Z", 20, &t, &us), KSZ_OK);
    assert_int_equal(t, 1704110400);
    assert_int_equal(ksz_log_time_iso8601("2024-01-01 21:00:00.25+09:00", 28, &t, &us), KSZ_OK);
    assert_int_equal(t, 1704110400);
    assert_int_equal(us, 250000);
    assert_int_equal(ksz_log_time_iso8601("2024-01-01T12:00:00", 19, &t, &us), KSZ_OK);
    assert_int_equal(t, 1704110400);
    assert_int_equal(ksz_log_time_iso8601("2024-13-01T12:00:00Z", 20, &t, &us), KSZ_ERR_PARSE);
    assert_int_equal(ksz_log_time_bind("01-Jan-2024 12:00:00.000", 24, &t, &us), KSZ_OK);
    assert_int_equal(t, 1704110400);
    assert_int_equal(ksz_log_time_bind("01-Foo-2024 12:00:00.000", 24, &t, &us), KSZ_ERR_PARSE);
    assert_int_equal(ksz_log_time_epoch("1286536309.450", 14, &t, &us), KSZ_OK);
    assert_int_equal(t, 1286536309);
    assert_int_equal(us, 450000);
    assert_int_equal(ksz_log_time_epoch("12x", 3, &t, &us), KSZ_ERR_PARSE);
    assert_int_equal(ksz_log_time_epoch("12.", 3, &t, &us), KSZ_ERR_PARSE);
    assert_int_equal(ksz_log_time_any("1704110400123", 13, &t, &us), KSZ_OK);
    assert_int_equal(t, 1704110400);
    assert_int_equal(us, 123000);
}

static void detects_formats_from_first_lines(void **state)
{
    static const struct {
        const char *text;
        ksz_log_format want;
    } cases[] = {
        {"1704110400.123 5 10.0.0.5 TCP_MISS/200 5 GET http://a.com/ - HIER_DIRECT/1.2.3.4 -\n",
         KSZ_LOG_SQUID},
        {"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1\n", KSZ_LOG_CLF},
        {"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1 \"-\" \"ua\"\n",
         KSZ_LOG_COMBINED},
        {"#separator \\x09\n#fields\tts\n", KSZ_LOG_ZEEK},
        {"{\"timestamp\":\"x\",\"event_type\":\"dns\"}\n", KSZ_LOG_EVE},
        {"{\"ts\":1.0,\"uid\":\"C1\"}\n", KSZ_LOG_ZEEK_JSON},
        {"{\"timestamp\":1,\"webaclId\":\"a\",\"httpRequest\":{}}\n", KSZ_LOG_AWSWAF},
        {"{\"a\":1}\n", KSZ_LOG_JSONL},
        {"a,b,c\n1,2,3\n", KSZ_LOG_CSV},
        {"\n\n01-Jan-2024 12:00:00.000 client 1.2.3.4#1 (a.com): query: a.com IN A +\n",
         KSZ_LOG_BIND},
        {"hello world\n", KSZ_LOG_AUTO},
        {"", KSZ_LOG_AUTO},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(ksz_log_format_name(ksz_log_detect(cases[i].text, strlen(cases[i].text))),
                            ksz_log_format_name(cases[i].want));
}

static void refuses_what_it_cannot_parse(void **state)
{
    struct ksz_log_opts o = {KSZ_LOG_AUTO, NULL, 0};
    struct ksz_log_parser *p = NULL;
    struct ksz_error err = {0};
    struct ksz_log_fieldmap m;
    ksz_log_format f;
    (void)state;
    assert_int_equal(ksz_log_parser_new(&o, "hello\n", 6, &p, &err), KSZ_ERR_INVALID);
    assert_null(p);
    assert_non_null(strstr(err.msg, "--log-format"));
    o.format = KSZ_LOG_JSONL;
    assert_int_equal(ksz_log_parser_new(&o, "{}", 2, &p, &err), KSZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "--field"));
    o.format = KSZ_LOG_ZEEK;
    assert_int_equal(ksz_log_parser_new(&o, "1\t2\n", 4, &p, &err), KSZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "#fields"));
    assert_int_equal(ksz_log_fieldmap_parse("src", &m, &err), KSZ_ERR_INVALID);
    assert_int_equal(ksz_log_fieldmap_parse("src=banana", &m, &err), KSZ_ERR_INVALID);
    assert_int_equal(ksz_log_fieldmap_parse("a.b=sha256", &m, &err), KSZ_OK);
    assert_string_equal(m.name, "a.b");
    assert_int_equal(m.kind, KSZ_LOG_K_HASH);
    assert_int_equal(ksz_log_format_parse("zeek-json", 9, &f), KSZ_OK);
    assert_int_equal(f, KSZ_LOG_ZEEK_JSON);
    assert_int_equal(ksz_log_format_parse("nope", 4, &f), KSZ_ERR_NOTFOUND);
}

static void clones_keep_the_zeek_layout(void **state)
{
    static const char head[] = "#separator \\x09\n#set_separator\t,\n#fields\tts\tquery\n";
    struct ksz_log_opts o = {KSZ_LOG_AUTO, NULL, 0};
    struct ksz_log_parser *p = NULL, *c = NULL;
    struct ksz_log_record rec;
    (void)state;
    assert_int_equal(ksz_log_parser_new(&o, head, sizeof head - 1, &p, NULL), KSZ_OK);
    assert_int_equal(ksz_log_parser_clone(p, &c, NULL), KSZ_OK);
    ksz_log_parser_free(p);
    assert_int_equal(ksz_log_parse(c, "5.5\tEvil.COM.", 13, &rec, NULL), KSZ_OK);
    assert_int_equal(rec.ts, 5);
    assert_int_equal(rec.n, 1);
    assert_string_equal(rec.f[0].name, "query");
    assert_int_equal(rec.f[0].len, 9);
    assert_int_equal(ksz_log_parse(c, "#close\tx", 8, &rec, NULL), KSZ_ERR_NOTFOUND);
    ksz_log_parser_free(c);
}

static void json_scanner_undoes_escapes(void **state)
{
    static const char line[] =
        "{\"timestamp\":\"2024-01-01T12:00:00Z\",\"event_type\":\"tls\",\"src_ip\":\"1.2.3.4\","
        "\"tls\":{\"sni\":\"\\u0065vil.com\"}}";
    struct ksz_log_opts o = {KSZ_LOG_EVE, NULL, 0};
    struct ksz_log_parser *p = NULL;
    struct ksz_log_record rec;
    (void)state;
    assert_int_equal(ksz_log_parser_new(&o, "", 0, &p, NULL), KSZ_OK);
    assert_int_equal(ksz_log_parse(p, line, sizeof line - 1, &rec, NULL), KSZ_OK);
    assert_int_equal(rec.n, 2);
    assert_int_equal(rec.f[1].len, 8);
    assert_memory_equal(rec.f[1].val, "evil.com", 8);
    assert_true(ksz_log_parser_owns(p, rec.f[1].val));
    assert_false(ksz_log_parser_owns(p, rec.f[0].val));
    assert_int_equal(ksz_log_parse(p, "{\"a\":[1,2", 9, &rec, NULL), KSZ_ERR_PARSE);
    assert_int_equal(ksz_log_parse(p, "{\"a\":\"\\uZZZZ\"}", 14, &rec, NULL), KSZ_ERR_PARSE);
    ksz_log_parser_free(p);
}

/* A fuzzer found a read past a request shorter than "CONNECT ". */
static void clf_short_request_is_not_read_past(void **state)
{
    static const char line[] = "h - - [10/Oct/2000:13:55:36 -0700] \"G x\" 200 1";
    struct ksz_log_opts o = {KSZ_LOG_CLF, NULL, 0};
    struct ksz_log_parser *p = NULL;
    struct ksz_log_record rec;
    char *copy = malloc(sizeof line - 1);   /* exact size, for ASan */
    (void)state;
    memcpy(copy, line, sizeof line - 1);
    assert_int_equal(ksz_log_parser_new(&o, "", 0, &p, NULL), KSZ_OK);
    assert_int_equal(ksz_log_parse(p, copy, sizeof line - 1, &rec, NULL), KSZ_OK);
    assert_int_equal(rec.n, 1);
    assert_int_equal(rec.ts, 971211336);
    ksz_log_parser_free(p);
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_squid_log),
        cmocka_unit_test(parses_clf_log),
        cmocka_unit_test(parses_combined_log),
        cmocka_unit_test(parses_zeek_dns_log),
        cmocka_unit_test(parses_zeek_http_log),
        cmocka_unit_test(parses_zeek_json),
        cmocka_unit_test(parses_eve_json),
        cmocka_unit_test(parses_bind_log),
        cmocka_unit_test(parses_awswaf_log),
        cmocka_unit_test(parses_generic_jsonl),
        cmocka_unit_test(parses_generic_csv),
        cmocka_unit_test(converts_timestamps_to_utc),
        cmocka_unit_test(detects_formats_from_first_lines),
        cmocka_unit_test(refuses_what_it_cannot_parse),
        cmocka_unit_test(clones_keep_the_zeek_layout),
        cmocka_unit_test(json_scanner_undoes_escapes),
        cmocka_unit_test(clf_short_request_is_not_read_past),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
