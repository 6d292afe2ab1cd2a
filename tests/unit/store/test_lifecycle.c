/* SPDX-License-Identifier: Apache-2.0 */
/* test_lifecycle.c - decay, the active test and its reasons, marks, expiry,
 * refresh on re-import and on sightings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>
#include "common.h"

static void decay_follows_the_misp_polynomial(void **state)
{
    (void)state;
    /* t = 0: the base */
    assert_float_equal(ksz_decay_score(80, 120, 2.0, 0), 80.0, 1e-9);
    /* t = tau/2, delta 2: 80 * (1 - 0.5^0.5) */
    assert_float_equal(ksz_decay_score(80, 120, 2.0, 60 * DAY), 80.0 * (1 - sqrt(0.5)), 1e-9);
    /* t = tau/2, delta 0.5: 80 * (1 - 0.5^2) = 60 */
    assert_float_equal(ksz_decay_score(80, 120, 0.5, 60 * DAY), 60.0, 1e-9);
    /* t = tau/2, delta 1: linear */
    assert_float_equal(ksz_decay_score(50, 10, 1.0, 5 * DAY), 25.0, 1e-9);
    /* t >= tau: 0 */
    assert_float_equal(ksz_decay_score(80, 120, 2.0, 120 * DAY), 0.0, 1e-9);
    assert_float_equal(ksz_decay_score(80, 120, 2.0, 500 * DAY), 0.0, 1e-9);
}

static void store_scores_use_type_parameters_and_settings(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_indicator in;
    struct ksz_filter f;
    struct seen s;
    double tau, delta, thr;
    (void)state;

    ksz_store_decay_params(st, KSZ_IOC_IPV4, &tau, &delta, &thr);
    assert_float_equal(thr, 30.0, 1e-9);
    ind_init(&in, KSZ_IOC_IPV4, "203.0.113.5");
    in.confidence = 80;
    in.valid_until = NOW + 1000 * DAY;
    put(st, &in);
    all_filter(&f);
    f.now = NOW + (int64_t)(tau / 2 * DAY);
    s = query(st, &f);
    assert_int_equal(s.n, 1);
    assert_float_equal(s.score[0], ksz_decay_score(80, tau, delta, (int64_t)(tau / 2 * DAY)),
                       1e-6);
    /* settings change tau for the type */
    assert_int_equal(ksz_store_setting_set(st, "decay.tau.1", "10", &err), KSZ_OK);
    assert_int_equal(ksz_store_setting_set(st, "decay.delta.1", "1", &err), KSZ_OK);
    f.now = NOW + 5 * DAY;
    s = query(st, &f);
    assert_float_equal(s.score[0], 40.0, 1e-6);
    assert_string_equal(s.reasons[0], "active");
    assert_int_equal(ksz_store_setting_set(st, "decay.threshold", "45", &err), KSZ_OK);
    s = query(st, &f);
    assert_string_equal(s.reasons[0], "decayed");
    ksz_store_close(st);
}

static void each_inactive_reason_is_reported(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_indicator in;
    struct ksz_filter f;
    struct seen s;
    const char *warn[] = {"list-a"};
    (void)state;

    ind_init(&in, KSZ_IOC_DOMAIN, "a-active.example.com");
    in.confidence = 90;
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "b-revoked.example.com");
    in.confidence = 90;
    in.revoked = true;
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "c-fp.example.com");
    in.confidence = 90;
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "d-warn.example.com");
    in.confidence = 90;
    in.warn_blocked = true;
    in.warnings.items = warn;
    in.warnings.n = 1;
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "e-future.example.com");
    in.confidence = 90;
    in.valid_from = NOW + DAY;
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "f-expired.example.com");
    in.confidence = 90;
    in.valid_from = NOW - 10 * DAY;
    in.valid_until = NOW - DAY;
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "g-decayed.example.com");
    in.confidence = 20; /* below the threshold from the start */
    put(st, &in);

    all_filter(&f);
    s = query(st, &f);
    assert_int_equal(s.n, 7);
    assert_int_equal(ksz_store_mark(st, s.id[2], KSZ_MARK_FALSE_POSITIVE, "noise", NULL, &err),
                     KSZ_OK);
    s = query(st, &f);
    assert_string_equal(s.reasons[0], "active");
    assert_string_equal(s.reasons[1], "revoked");
    assert_string_equal(s.reasons[2], "false-positive");
    assert_string_equal(s.reasons[3], "warninglisted");
    assert_string_equal(s.reasons[4], "not yet valid");
    assert_string_equal(s.reasons[5], "expired");
    assert_string_equal(s.reasons[6], "decayed");
    /* an export sees only the active one */
    ksz_filter_init(&f);
    f.now = NOW;
    s = query(st, &f);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.values[0], "a-active.example.com");
    ksz_store_close(st);
}

struct hist {
    int n;
    char events[16][32];
    char details[16][64];
};

static int hist_cb(const struct ksz_history_event *ev, void *user)
{
    struct hist *h = user;
    snprintf(h->events[h->n], 32, "%s", ev->event);
    snprintf(h->details[h->n], 64, "%s", ev->detail ? ev->detail : "");
    h->n++;
    return h->n == 16;
}

static void expire_records_history_once(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_indicator in;
    struct ksz_filter f;
    struct hist h = {0};
    struct seen s = {0};
    size_t n = 99;
    (void)state;

    ind_init(&in, KSZ_IOC_URL, "http://evil.example.com/a");
    in.confidence = 90;
    in.valid_until = NOW + 2 * DAY;
    put(st, &in);
    ind_init(&in, KSZ_IOC_URL, "http://evil.example.com/b");
    in.confidence = 90;
    in.valid_until = NOW + 20 * DAY;
    put(st, &in);
    assert_int_equal(ksz_store_expire(st, NULL, NULL, &n, &err), KSZ_OK);
    assert_int_equal(n, 0);
    ksz_store_set_now(st, NOW + 3 * DAY);
    assert_int_equal(ksz_store_expire(st, seen_cb, &s, &n, &err), KSZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ksz_store_expire(st, NULL, NULL, &n, &err), KSZ_OK);
    assert_int_equal(n, 0); /* once */
    all_filter(&f);
    f.now = NOW + 3 * DAY;
    memset(&s, 0, sizeof s);
    s = query(st, &f);
    assert_int_equal(ksz_store_each_history(st, s.id[0], hist_cb, &h, &err), KSZ_OK);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.events[0], "created");
    assert_string_equal(h.events[1], "expired");
    assert_string_equal(h.details[1], "expired");
    ksz_store_close(st);
}

static void reimport_refreshes_decay_but_is_unchanged(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_indicator in;
    struct ksz_filter f;
    ksz_put_result res = 0;
    struct seen s;
    (void)state;

    ind_init(&in, KSZ_IOC_IPV4, "192.0.2.77");
    in.confidence = 60;
    put(st, &in);
    /* 20 days later: decayed a little, window (30 d from import) still open */
    ksz_store_set_now(st, NOW + 20 * DAY);
    all_filter(&f);
    f.now = NOW + 20 * DAY;
    s = query(st, &f);
    assert_true(s.score[0] < 60.0);
    assert_int_equal(ksz_store_put_indicator(st, &in, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_UNCHANGED);
    s = query(st, &f);
    assert_float_equal(s.score[0], 60.0, 1e-9); /* the clock restarted */
    /* and the default window slid: still valid 25 days after the re-import */
    f.now = NOW + 45 * DAY;
    s = query(st, &f);
    assert_string_not_equal(s.reasons[0], "expired");
    ksz_store_close(st);
}

static void sightings_refresh_and_false_positive_marks(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_indicator in;
    struct ksz_sighting si;
    struct ksz_filter f;
    ksz_put_result res = 0;
    struct seen s;
    (void)state;

    ind_init(&in, KSZ_IOC_DOMAIN, "seen.example.com");
    in.confidence = 70;
    in.valid_until = NOW + 400 * DAY;
    put(st, &in);
    memset(&si, 0, sizeof si);
    si.type = KSZ_IOC_DOMAIN;
    si.value = "seen.example.com";
    si.where = "proxy-1";
    si.kind = KSZ_SIGHTING_HIT;
    si.stix_id = "sighting--44444444-4444-4444-8444-444444444444";
    si.last_seen = NOW + 30 * DAY;
    si.count = 3;
    assert_int_equal(ksz_store_put_sighting(st, &si, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_ADDED);
    assert_int_equal(ksz_store_put_sighting(st, &si, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_UNCHANGED); /* same STIX id: counted once */
    all_filter(&f);
    f.now = NOW + 30 * DAY;
    s = query(st, &f);
    assert_float_equal(s.score[0], 70.0, 1e-9); /* seen now: full score */
    si.stix_id = NULL;
    si.kind = KSZ_SIGHTING_FALSE_POSITIVE;
    assert_int_equal(ksz_store_put_sighting(st, &si, &res, &err), KSZ_OK);
    s = query(st, &f);
    assert_string_equal(s.reasons[0], "false-positive");
    /* unmark lifts it */
    assert_int_equal(ksz_store_mark(st, s.id[0], KSZ_MARK_UNMARK, NULL, NULL, &err), KSZ_OK);
    s = query(st, &f);
    assert_string_equal(s.reasons[0], "active");
    ksz_store_close(st);
}

static void marks_are_dated_and_idempotent(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_indicator in;
    struct ksz_filter f;
    struct hist h = {0};
    struct seen s;
    bool changed = false;
    (void)state;

    ind_init(&in, KSZ_IOC_MD5, "d41d8cd98f00b204e9800998ecf8427e");
    put(st, &in);
    all_filter(&f);
    s = query(st, &f);
    assert_int_equal(ksz_store_mark(st, s.id[0], KSZ_MARK_REVOKE, "wrong", &changed, &err),
                     KSZ_OK);
    assert_true(changed);
    assert_int_equal(ksz_store_mark(st, s.id[0], KSZ_MARK_REVOKE, "again", &changed, &err),
                     KSZ_OK);
    assert_false(changed);
    assert_int_equal(ksz_store_mark(st, 999, KSZ_MARK_REVOKE, NULL, NULL, &err),
                     KSZ_ERR_NOTFOUND);
    /* a re-import of the same claim does not lift a mark */
    put(st, &in);
    s = query(st, &f);
    assert_string_equal(s.reasons[0], "revoked");
    assert_int_equal(ksz_store_each_history(st, s.id[0], hist_cb, &h, &err), KSZ_OK);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.events[1], "revoked");
    assert_string_equal(h.details[1], "wrong");
    ksz_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decay_follows_the_misp_polynomial),
        cmocka_unit_test(store_scores_use_type_parameters_and_settings),
        cmocka_unit_test(each_inactive_reason_is_reported),
        cmocka_unit_test(expire_records_history_once),
        cmocka_unit_test(reimport_refreshes_decay_but_is_unchanged),
        cmocka_unit_test(sightings_refresh_and_false_positive_marks),
        cmocka_unit_test(marks_are_dated_and_idempotent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
