/* SPDX-License-Identifier: Apache-2.0 */
/* test_model.c - names and defaults of the data model, derived STIX ids. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/model.h"

static void tlp_names_parse_back_in_any_spelling(void **state)
{
    ksz_tlp t = KSZ_TLP_UNSET;
    (void)state;
    assert_string_equal(ksz_tlp_name(KSZ_TLP_AMBER_STRICT), "amber+strict");
    assert_string_equal(ksz_tlp_name(KSZ_TLP_UNSET), "");
    assert_int_equal(ksz_tlp_parse("TLP:RED", 7, &t), KSZ_OK);
    assert_int_equal(t, KSZ_TLP_RED);
    assert_int_equal(ksz_tlp_parse("tlp:amber+strict", 16, &t), KSZ_OK);
    assert_int_equal(t, KSZ_TLP_AMBER_STRICT);
    assert_int_equal(ksz_tlp_parse("white", 5, &t), KSZ_OK);
    assert_int_equal(t, KSZ_TLP_CLEAR);
    assert_int_equal(ksz_tlp_parse("Green", 5, &t), KSZ_OK);
    assert_int_equal(t, KSZ_TLP_GREEN);
    t = KSZ_TLP_UNSET;
    assert_int_equal(ksz_tlp_parse("amber ", 6, &t), KSZ_ERR_PARSE);
    assert_int_equal(ksz_tlp_parse("purple", 6, &t), KSZ_ERR_PARSE);
    assert_int_equal(t, KSZ_TLP_UNSET);
}

static void usage_sets_round_trip(void **state)
{
    struct ksz_error err = {0};
    uint32_t u = 0;
    char buf[200];
    (void)state;
    assert_int_equal(ksz_usage_parse("block-dns, edr-hash", 19, &u, &err), KSZ_OK);
    assert_int_equal(u, KSZ_USAGE_BLOCK_DNS | KSZ_USAGE_EDR_HASH);
    assert_string_equal(ksz_usage_format(u, buf, sizeof buf), "block-dns,edr-hash");
    assert_int_equal(ksz_usage_parse("all", 3, &u, &err), KSZ_OK);
    assert_int_equal(u, KSZ_USAGE_ALL);
    u = 7;
    assert_int_equal(ksz_usage_parse("block-dns,block-everything", 26, &u, &err), KSZ_ERR_PARSE);
    assert_int_equal(u, 7);
    assert_non_null(strstr(err.msg, "block-everything"));
    assert_string_equal(ksz_usage_format(0, buf, sizeof buf), "");
    /* a small buffer is cut at a whole name */
    ksz_usage_format(KSZ_USAGE_ALL, buf, 12);
    assert_string_equal(buf, "");
}

static void threat_and_sighting_kinds_have_stix_names(void **state)
{
    ksz_threat_kind k = 0;
    (void)state;
    assert_string_equal(ksz_threat_kind_name(KSZ_THREAT_ACTOR), "threat-actor");
    assert_string_equal(ksz_threat_kind_name((ksz_threat_kind)99), "");
    assert_int_equal(ksz_threat_kind_parse("Intrusion-Set", 13, &k), KSZ_OK);
    assert_int_equal(k, KSZ_THREAT_INTRUSION_SET);
    assert_int_equal(ksz_threat_kind_parse("actor", 5, &k), KSZ_OK);
    assert_int_equal(k, KSZ_THREAT_ACTOR);
    assert_int_equal(ksz_threat_kind_parse("virus", 5, &k), KSZ_ERR_PARSE);
    assert_string_equal(ksz_sighting_kind_name(KSZ_SIGHTING_FALSE_POSITIVE), "false-positive");
}

static void default_lifetimes_are_the_documented_ones(void **state)
{
    (void)state;
    assert_int_equal(ksz_default_lifetime(KSZ_IOC_IPV4), 30 * 86400);
    assert_int_equal(ksz_default_lifetime(KSZ_IOC_CIDR6), 30 * 86400);
    assert_int_equal(ksz_default_lifetime(KSZ_IOC_URL), 30 * 86400);
    assert_int_equal(ksz_default_lifetime(KSZ_IOC_DOMAIN), 90 * 86400);
    assert_int_equal(ksz_default_lifetime(KSZ_IOC_EMAIL), 90 * 86400);
    assert_int_equal(ksz_default_lifetime(KSZ_IOC_SHA256), 365 * 86400);
    assert_int_equal(ksz_default_lifetime(KSZ_IOC_CVE), 365 * 86400);
}

static void derived_ids_are_uuid5_in_the_stix_namespace(void **state)
{
    char buf[80], buf2[80];
    char longname[3000];
    (void)state;
    /* python3: uuid.uuid5(uuid.UUID('00abedb4-aa42-466c-9c01-fed23315a9b7'), 'test') */
    assert_string_equal(ksz_stix_id_derive("indicator", "test", 4, buf),
                        "indicator--a44625ea-edd0-5353-9d39-767fbcf4d6af");
    /* the long path (past the one-shot buffer) gives the same kind of id */
    memset(longname, 'x', sizeof longname);
    ksz_stix_id_derive("url", longname, sizeof longname, buf);
    ksz_stix_id_derive("url", longname, sizeof longname, buf2);
    assert_string_equal(buf, buf2);
    assert_int_equal(strlen(buf), strlen("url--") + 36);
    assert_int_equal(buf[5 + 14], '5');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tlp_names_parse_back_in_any_spelling),
        cmocka_unit_test(usage_sets_round_trip),
        cmocka_unit_test(threat_and_sighting_kinds_have_stix_names),
        cmocka_unit_test(default_lifetimes_are_the_documented_ones),
        cmocka_unit_test(derived_ids_are_uuid5_in_the_stix_namespace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
