/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "formats/formats_int.h"

struct seen {
    char elems[8][128];
    uint64_t offs[8];
    int n;
    char members[256];
};

static ksz_rc on_elem(void *user, const char *buf, size_t len, uint64_t off, struct ksz_error *err)
{
    struct seen *s = user;
    (void)err;
    if (s->n < 8) {
        snprintf(s->elems[s->n], 128, "%.*s", (int)len, buf);
        s->offs[s->n] = off;
    }
    s->n++;
    return KSZ_OK;
}

static ksz_rc on_member(void *user, const char *k, size_t kl, const char *v, size_t vl,
                        struct ksz_error *err)
{
    struct seen *s = user;
    size_t n = strlen(s->members);
    (void)err;
    snprintf(s->members + n, sizeof s->members - n, "%.*s=%.*s;", (int)kl, k, (int)vl, v);
    return KSZ_OK;
}

static const char doc[] = "{ \"type\" : \"bundle\", \"id\":\"b--1\",\n \"objects\": [ {\"a\":\"x]}\\\"\"},"
                          " [1,{\"b\":[2]}] , \"s\" ,7 ], \"tail\": {\"k\": [1]} }";

static ksz_rc run(const char *d, size_t len, size_t step, struct seen *s, struct ksz_error *err)
{
    struct ksz__jstream *js = NULL;
    ksz_rc rc;
    memset(s, 0, sizeof *s);
    assert_int_equal(ksz__jstream_new("objects", 1024, on_elem, on_member, s, &js), KSZ_OK);
    rc = KSZ_OK;
    for (size_t i = 0; i < len && rc == KSZ_OK; i += step)
        rc = ksz__jstream_feed(js, d + i, len - i < step ? len - i : step, err);
    if (rc == KSZ_OK)
        rc = ksz__jstream_finish(js, err);
    ksz__jstream_free(js);
    return rc;
}

static void hands_over_each_element_whatever_the_chunking(void **state)
{
    (void)state;
    for (size_t step = 1; step <= sizeof doc; step++) {
        struct seen s;
        assert_int_equal(run(doc, sizeof doc - 1, step, &s, NULL), KSZ_OK);
        assert_int_equal(s.n, 4);
        assert_string_equal(s.elems[0], "{\"a\":\"x]}\\\"\"}");
        assert_string_equal(s.elems[1], "[1,{\"b\":[2]}]");
        assert_string_equal(s.elems[2], "\"s\"");
        assert_string_equal(s.elems[3], "7");
        assert_int_equal(s.offs[0], strstr(doc, "{\"a\"") - doc);
        assert_int_equal(s.offs[3], strstr(doc, "7 ]") - doc);
        assert_non_null(strstr(s.members, "type=\"bundle\";"));
        assert_non_null(strstr(s.members, "tail={\"k\": [1]};"));
    }
}

static void reports_where_the_document_breaks(void **state)
{
    struct seen s;
    struct ksz_error err = {0};
    (void)state;
    assert_int_equal(run("{\"objects\": [1, 2", 17, 4, &s, &err), KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "end of input"));
    assert_int_equal(run("{\"objects\": [1] x", 17, 5, &s, &err), KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "byte offset 16"));
    assert_int_equal(run("[1,2]", 5, 5, &s, &err), KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "byte offset 0"));
    assert_int_equal(run("{\"objects\": [1]} {", 18, 3, &s, &err), KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "trailing"));
}

static void caps_the_size_of_one_element(void **state)
{
    char big[3000];
    struct seen s;
    struct ksz_error err = {0};
    (void)state;
    memset(big, 'a', sizeof big);
    memcpy(big, "{\"objects\":[\"", 13);
    memcpy(big + sizeof big - 4, "\"]}", 3);
    assert_int_equal(run(big, sizeof big - 1, 100, &s, &err), KSZ_ERR_LIMIT);
    assert_non_null(strstr(err.msg, "byte offset 12"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hands_over_each_element_whatever_the_chunking),
        cmocka_unit_test(reports_where_the_document_breaks),
        cmocka_unit_test(caps_the_size_of_one_element),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
