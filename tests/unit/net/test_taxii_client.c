/* SPDX-License-Identifier: Apache-2.0 */
/* tests/unit/net/test_taxii_client.c - envelopes (src/lib/net/taxii_client.c)
 * and URL resolution (src/lib/net/url.c) */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/net.h"

static void envelope_gives_count_more_and_next(void **state)
{
    struct ksz_taxii_envelope e;
    const char *s = "{\"more\":true,\"next\":\"17-4\",\"objects\":[{\"type\":\"indicator\"},{}]}";
    (void)state;
    assert_int_equal(ksz_taxii_envelope_parse(s, strlen(s), &e, NULL), KSZ_OK);
    assert_int_equal(e.n_objects, 2);
    assert_true(e.more);
    assert_string_equal(e.next, "17-4");
}

static void empty_envelope_has_no_objects(void **state)
{
    struct ksz_taxii_envelope e;
    (void)state;
    assert_int_equal(ksz_taxii_envelope_parse("{}", 2, &e, NULL), KSZ_OK);
    assert_int_equal(e.n_objects, 0);
    assert_false(e.more);
    assert_string_equal(e.next, "");
}

static void bad_envelopes_are_refused(void **state)
{
    struct ksz_taxii_envelope e;
    struct ksz_error err = {0};
    const char *bad[] = {"[]", "{\"objects\":{}}", "{\"objects\":[1]}", "{\"more\":1}",
                         "{\"next\":5}", "{\"objects\":[", ""};
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(ksz_taxii_envelope_parse(bad[i], strlen(bad[i]), &e, &err),
                         KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "envelope"));
}

static void references_resolve_against_a_base(void **state)
{
    char out[256];
    (void)state;
    assert_int_equal(ksz_url_resolve("http://h:1/taxii2/", "http://o/api1/", out, sizeof out,
                                     NULL), KSZ_OK);
    assert_string_equal(out, "http://o/api1/");
    assert_int_equal(ksz_url_resolve("http://h:1/taxii2/", "/api1/", out, sizeof out, NULL),
                     KSZ_OK);
    assert_string_equal(out, "http://h:1/api1/");
    assert_int_equal(ksz_url_resolve("http://h:1/taxii2/?x=1", "api1/", out, sizeof out, NULL),
                     KSZ_OK);
    assert_string_equal(out, "http://h:1/taxii2/api1/");
    assert_int_equal(ksz_url_resolve("https://h", "api1/", out, sizeof out, NULL), KSZ_OK);
    assert_string_equal(out, "https://h/api1/");
    assert_int_equal(ksz_url_resolve("https://h/a", "//g/x", out, sizeof out, NULL), KSZ_OK);
    assert_string_equal(out, "https://g/x");
    assert_int_equal(ksz_url_resolve("nope", "x", out, sizeof out, NULL), KSZ_ERR_INVALID);
    assert_int_equal(ksz_url_resolve("http://h/", "abcdefgh", out, 12, NULL), KSZ_ERR_LIMIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(envelope_gives_count_more_and_next),
        cmocka_unit_test(empty_envelope_has_no_objects),
        cmocka_unit_test(bad_envelopes_are_refused),
        cmocka_unit_test(references_resolve_against_a_base),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
