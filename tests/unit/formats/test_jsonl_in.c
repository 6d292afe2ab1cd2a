/* SPDX-License-Identifier: Apache-2.0 */
/* test_jsonl_in.c - JSON lines: a flat line read in place means what
 * jansson's tree of it means, and anything else is jansson's, byte for byte:
 * every line below, and every one-byte change of it, reads the same (record,
 * result and message) with the in-place reader as without. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "formats/formats_int.h"

struct out {
    struct ksz_buf b;
};

static void put_list(struct ksz_buf *b, const char *name, struct ksz_strlist l)
{
    assert_int_equal(ksz_buf_printf(b, " %s=", name), KSZ_OK);
    for (size_t i = 0; i < l.n; i++)
        assert_int_equal(ksz_buf_printf(b, "%s<%s>", i ? "," : "", l.items[i]), KSZ_OK);
}

static const char *s_or(const char *s)
{
    return s != NULL ? s : "(null)";
}

/* Every field of the record, as text. */
static ksz_rc on_indicator(void *user, const struct ksz_indicator *in,
                           const struct ksz_import_pos *pos, struct ksz_error *err)
{
    struct out *o = user;
    (void)err;
    assert_int_equal(ksz_buf_printf(&o->b,
                                    "line %llu: %d <%s> id=%s pattern=%s name=%s desc=%s "
                                    "created=%lld modified=%lld from=%lld until=%lld conf=%d "
                                    "tlp=%d commercial=%d usage=%u revoked=%d src=%s report=%s",
                                    (unsigned long long)pos->line, (int)in->type, s_or(in->value),
                                    s_or(in->stix_id), s_or(in->pattern), s_or(in->name),
                                    s_or(in->description), (long long)in->created,
                                    (long long)in->modified, (long long)in->valid_from,
                                    (long long)in->valid_until, in->confidence, (int)in->tlp,
                                    (int)in->commercial, in->usage, (int)in->revoked,
                                    s_or(in->source), s_or(in->report)),
                     KSZ_OK);
    put_list(&o->b, "labels", in->labels);
    put_list(&o->b, "tags", in->tags);
    put_list(&o->b, "attack", in->attack_ids);
    put_list(&o->b, "kc", in->kill_chain);
    put_list(&o->b, "threats", in->threats);
    put_list(&o->b, "warnings", in->warnings);
    assert_int_equal(ksz_buf_putc(&o->b, '\n'), KSZ_OK);
    return KSZ_OK;
}

/* What reading buf gives: each record, then the result and the message. */
static void read_all(const char *buf, size_t len, bool flat, struct ksz_buf *out)
{
    struct out o;
    struct ksz_import_sink sink = {0};
    struct ksz_error err = {0};
    ksz_rc rc;

    ksz_buf_init(&o.b, 0);
    sink.indicator = on_indicator;
    sink.user = &o;
    ksz__jsonl_no_flat = !flat;
    rc = ksz_jsonl_read("t.jsonl", buf, len, NULL, &sink, &err);
    ksz__jsonl_no_flat = false;
    assert_int_equal(ksz_buf_printf(&o.b, "rc=%d %s\n", (int)rc, rc != KSZ_OK ? err.msg : ""),
                     KSZ_OK);
    *out = o.b;
}

static void same_both_ways(const char *buf, size_t len)
{
    struct ksz_buf a, b;

    read_all(buf, len, true, &a);
    read_all(buf, len, false, &b);
    if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
        fail_msg("input:\n%.*s\nin place:\n%s\njansson:\n%s", (int)len, buf, a.data, b.data);
    ksz_buf_cleanup(&a);
    ksz_buf_cleanup(&b);
}

static const char *const lines[] = {
    "{\"type\":\"ipv4\",\"value\":\"1.0.0.1\",\"confidence\":50,\"tlp\":\"amber\","
    "\"valid_from\":\"2024-01-01T00:00:00Z\",\"valid_until\":\"2099-01-01T00:00:00Z\"}",
    "{\"type\":\"domain\",\"value\":\"evil.example.com\",\"id\":"
    "\"indicator--6b1f3c2e-8f0a-4c1e-9d7a-2b5e4f3a1c90\",\"source\":\"feed-a\",\"tlp\":\"green\","
    "\"confidence\":85,\"valid_from\":\"2024-02-01T00:00:00.000Z\",\"usage\":\"block-dns\","
    "\"commercial\":\"no\",\"revoked\":true,\"name\":\"n\",\"description\":\"d e\","
    "\"report\":\"r\",\"labels\":[\"malicious-activity\"],\"tags\":[\"a\",\"b c\"],"
    "\"attack_ids\":[],\"kill_chain\":[\"k:p\"],\"threats\":[\"malware:Otter\"],"
    "\"warnings\":[\"w\"]}",
    " { \"value\" : \"10.0.0.1\" , \"tags\" : [ \"x\" , \"y\" ] , \"extra\" : null ,"
    " \"n\" : -0 , \"b\" : false } \r",
    "{\"ioc\":\"10.0.0.2\",\"value\":\"10.0.0.3\"}",
    "{\"value\":\"10.0.0.4\",\"value\":\"10.0.0.5\"}",
    "{\"value\":\"10.0.0.13\",\"tags\":[\"a\"],\"tag\":\"bb\",\"labels\":\"c\","
    "\"labels\":[\"d\",\"e\"]}",
    "{\"value\":\"10.0.0.6\",\"confidence\":50.5,\"tags\":[1,\"a\"],\"x\":{\"y\":[]}}",
    "{\"value\":\"caf\\u00e9.example\",\"description\":\"a\\\"b\"}",
    "{\"value\":\"\xc3\xa9.example\"}",
    "{\"value\":\"10.0.0.7\",\"confidence\":123456789012345678901234}",
    "{\"value\":\"10.0.0.8\",\"confidence\":99,\"tlp\":\"red\",\"revoked\":false,\"usage\":[]}",
    "{\"value\":\"10.0.0.9\",\"tags\":\"a, b\",\"created\":1700000000,\"modified\":\"1700000001\"}",
    "{}",
    "[\"value\",\"10.0.0.10\"]",
    "{\"value\":\"10.0.0.11\"} trailing",
    "{\"Value\":\"10.0.0.12\",\"TYPE\":\"ipv4\",\"Confidence\":true}",
};

static void every_line_reads_the_same_in_place_as_with_jansson(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        same_both_ways(lines[i], strlen(lines[i]));
}

static void every_one_byte_change_reads_the_same_too(void **state)
{
    static const char bytes[] = "\"\\,:{}[] -0.e9tnfx\t\x80\x01";
    char buf[1024];
    (void)state;

    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        size_t n = strlen(lines[i]);
        assert_true(n + 2 < sizeof buf);
        for (size_t at = 0; at < n; at++) {
            for (size_t c = 0; c < sizeof bytes - 1; c++) {
                memcpy(buf, lines[i], n); /* replace one byte */
                buf[at] = bytes[c];
                same_both_ways(buf, n);
                memcpy(buf, lines[i], at); /* insert one */
                buf[at] = bytes[c];
                memcpy(buf + at + 1, lines[i] + at, n - at);
                same_both_ways(buf, n + 1);
            }
            memcpy(buf, lines[i], at); /* delete one */
            memcpy(buf + at, lines[i] + at + 1, n - at - 1);
            same_both_ways(buf, n - 1);
        }
    }
}

static void a_file_of_lines_reads_the_same_with_its_line_numbers(void **state)
{
    struct ksz_buf b;
    (void)state;

    ksz_buf_init(&b, 0);
    for (size_t i = 0; i < sizeof lines / sizeof lines[0] - 6; i++)
        assert_int_equal(ksz_buf_printf(&b, "%s\n\n", lines[i]), KSZ_OK);
    same_both_ways(b.data, b.len);
    ksz_buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_line_reads_the_same_in_place_as_with_jansson),
        cmocka_unit_test(every_one_byte_change_reads_the_same_too),
        cmocka_unit_test(a_file_of_lines_reads_the_same_with_its_line_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
