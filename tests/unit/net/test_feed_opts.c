/* SPDX-License-Identifier: Apache-2.0 */
/* tests/unit/net/test_feed_opts.c - src/lib/net/feed_opts.c */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/net.h"

static void options_round_trip_with_escaped_values(void **state)
{
    struct ksz_feed_options o, back;
    struct ksz_error err = {0};
    struct ksz_buf b;
    (void)state;

    assert_int_equal(ksz_feed_options_parse(NULL, 0, &o, &err), KSZ_OK);
    o.tlp = KSZ_TLP_GREEN;
    o.confidence = 70;
    o.valid_for = 86400;
    strcpy(o.columns, "value=ioc;type=kind%");
    o.delimiter = ';';
    strcpy(o.token, "ksz_abc=");
    ksz_buf_init(&b, 0);
    assert_int_equal(ksz_feed_options_format(&o, &b), KSZ_OK);
    assert_null(strstr(b.data, "ioc;"));   /* the ';' inside a value is escaped */
    assert_int_equal(ksz_feed_options_parse(b.data, b.len, &back, &err), KSZ_OK);
    assert_int_equal(back.tlp, KSZ_TLP_GREEN);
    assert_int_equal(back.confidence, 70);
    assert_int_equal(back.valid_for, 86400);
    assert_string_equal(back.columns, "value=ioc;type=kind%");
    assert_int_equal(back.delimiter, ';');
    assert_string_equal(back.token, "ksz_abc=");
    ksz_buf_cleanup(&b);
}

static void unknown_key_is_refused_and_named(void **state)
{
    struct ksz_feed_options o;
    struct ksz_error err = {0};
    const char *s = "tlp=green;tpl=red";
    (void)state;
    o.confidence = 12345;
    assert_int_equal(ksz_feed_options_parse(s, strlen(s), &o, &err), KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "'tpl'"));
    assert_int_equal(o.confidence, 12345);   /* untouched on failure */
}

static void bad_values_are_refused(void **state)
{
    struct ksz_feed_options o;
    const char *bad[] = {"confidence=101", "tlp=purple", "valid_for=0", "x", "=1",
                         "token=%4", "token=%00", "delimiter=ab"};
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(ksz_feed_options_parse(bad[i], strlen(bad[i]), &o, NULL),
                         KSZ_ERR_PARSE);
}

static void a_feed_is_due_every_interval_and_sooner_after_failures(void **state)
{
    struct ksz_feed f;
    (void)state;
    memset(&f, 0, sizeof f);
    f.created = 1000;
    f.every = 3600;
    assert_int_equal(ksz_feed_next_due(&f), 1000);         /* never run: at once */
    f.last_run = 5000;
    assert_int_equal(ksz_feed_next_due(&f), 5000 + 3600);
    f.failures = 1;
    assert_int_equal(ksz_feed_next_due(&f), 5000 + 30);
    f.failures = 3;
    assert_int_equal(ksz_feed_next_due(&f), 5000 + 120);
    f.failures = 40;                                       /* never later than every */
    assert_int_equal(ksz_feed_next_due(&f), 5000 + 3600);
    f.every = 2;
    f.failures = 1;
    assert_int_equal(ksz_feed_next_due(&f), 5000 + 2);
}

static void feed_formats_are_the_ones_a_pull_knows(void **state)
{
    (void)state;
    assert_true(ksz_feed_format_ok("taxii"));
    assert_true(ksz_feed_format_ok("misp-feed"));
    assert_false(ksz_feed_format_ok("auto"));
    assert_false(ksz_feed_format_ok(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(options_round_trip_with_escaped_values),
        cmocka_unit_test(unknown_key_is_refused_and_named),
        cmocka_unit_test(bad_values_are_refused),
        cmocka_unit_test(a_feed_is_due_every_interval_and_sooner_after_failures),
        cmocka_unit_test(feed_formats_are_the_ones_a_pull_knows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
