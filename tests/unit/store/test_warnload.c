/* SPDX-License-Identifier: Apache-2.0 */
/* test_warnload.c - a matcher built from the stored warninglists: enabled
 * lists only, with their stored policy. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "common.h"

static void the_matcher_holds_the_enabled_lists_with_their_policy(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_warn_list l;
    struct ksz_warn *w = NULL;
    struct ksz_warn_hit hits[4];
    size_t n = 0;
    const char *cidrs[] = {"192.0.2.0/24"};
    const char *hosts[] = {"cdn.example.net"};
    (void)state;

    memset(&l, 0, sizeof l);
    l.name = "docs";
    l.version = 1;
    l.kind = KSZ_WARN_CIDR;
    l.policy = KSZ_WARN_POLICY_WARN;
    l.enabled = true;
    assert_int_equal(ksz_store_put_warnlist(st, &l, cidrs, 1, NULL, &err), KSZ_OK);
    l.name = "cdn";
    l.kind = KSZ_WARN_HOSTNAME;
    assert_int_equal(ksz_store_put_warnlist(st, &l, hosts, 1, NULL, &err), KSZ_OK);
    assert_int_equal(ksz_store_set_warnlist(st, "docs", true, KSZ_WARN_POLICY_BLOCK, &err),
                     KSZ_OK);
    assert_int_equal(ksz_store_set_warnlist(st, "cdn", false, KSZ_WARN_POLICY_WARN, &err),
                     KSZ_OK);
    assert_int_equal(ksz_store_load_warn(st, &w, &err), KSZ_OK);
    assert_non_null(w);
    assert_int_equal(ksz_warn_check(w, KSZ_IOC_IPV4, "192.0.2.55", 10, hits, 4, &n), KSZ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(hits[0].list, "docs");
    assert_int_equal(hits[0].policy, KSZ_WARN_POLICY_BLOCK);
    assert_int_equal(ksz_warn_check(w, KSZ_IOC_DOMAIN, "a.cdn.example.net", 17, hits, 4, &n),
                     KSZ_OK);
    assert_int_equal(n, 0); /* disabled */
    ksz_warn_free(w);
    ksz_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_matcher_holds_the_enabled_lists_with_their_policy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
