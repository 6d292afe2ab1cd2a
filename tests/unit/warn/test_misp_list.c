/* SPDX-License-Identifier: Apache-2.0 */
/* tests/unit/warn/test_misp_list.c - reading MISP warninglist list.json files. */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/warn.h"
#include "core/core_int.h"

#define LISTS KSZ_SHARED_DATA "/misp-warninglists/lists/"

static struct ksz_warn_misp *parse_ok(const char *json)
{
    struct ksz_warn_misp *m = NULL;
    struct ksz_error err = {0};
    assert_int_equal(ksz_warn_misp_parse(json, strlen(json), "t.json", &m, &err), KSZ_OK);
    assert_non_null(m);
    return m;
}

static ksz_rc parse_err(const char *json, struct ksz_error *err)
{
    struct ksz_warn_misp *m = NULL;
    ksz_rc rc = ksz_warn_misp_parse(json, strlen(json), "t.json", &m, err);
    assert_null(m);
    return rc;
}

static void reads_a_real_cidr_list_and_its_networks_match(void **state)
{
    struct ksz_warn_misp *m = NULL;
    struct ksz_error err = {0};
    struct ksz_warn *w = NULL;
    struct ksz_warn_hit hit;
    size_t skipped = 9, n = 0;
    (void)state;
    assert_int_equal(ksz_warn_misp_read(LISTS "cloudflare/list.json", &m, &err), KSZ_OK);
    assert_string_equal(m->list.name, "List of known Cloudflare IP ranges");
    assert_int_equal(m->list.kind, KSZ_WARN_CIDR);
    assert_int_equal(m->list.policy, KSZ_WARN_POLICY_WARN);
    assert_true(m->list.enabled);
    assert_true(m->list.version > 20000000);
    assert_true(m->list.types & KSZ_IOC_BIT(KSZ_IOC_IPV4));
    assert_true(m->list.types & KSZ_IOC_BIT(KSZ_IOC_IPV6));
    assert_true(m->n >= 20);
    assert_int_equal(m->skipped, 0);
    assert_int_equal(ksz_warn_new(&w, NULL), KSZ_OK);
    assert_int_equal(ksz_warn_add_list(w, &m->list, m->entries, m->n, &skipped, &err), KSZ_OK);
    assert_int_equal(skipped, 0);
    assert_int_equal(ksz_warn_check(w, KSZ_IOC_IPV4, "104.16.1.1", 10, &hit, 1, &n), KSZ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(hit.list, "List of known Cloudflare IP ranges");
    assert_string_equal(hit.entry, "104.16.0.0/13");
    assert_int_equal(ksz_warn_check(w, KSZ_IOC_IPV6, "2606:4700::1", 12, &hit, 1, &n), KSZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ksz_warn_check(w, KSZ_IOC_IPV4, "8.8.8.8", 7, &hit, 1, &n), KSZ_OK);
    assert_int_equal(n, 0);
    ksz_warn_free(w);
    ksz_warn_misp_free(m);
}

static void regex_and_unmapped_attribute_lists(void **state)
{
    struct ksz_warn_misp *m = NULL;
    struct ksz_error err = {0};
    (void)state;
    assert_int_equal(ksz_warn_misp_read(LISTS "common-contact-emails/list.json", &m, &err),
                     KSZ_OK);
    assert_int_equal(m->list.kind, KSZ_WARN_REGEX);
    assert_int_equal(m->list.types, KSZ_IOC_BIT(KSZ_IOC_EMAIL));
    assert_int_equal(m->unknown_attrs, 0);
    ksz_warn_misp_free(m);
    m = NULL;
    assert_int_equal(ksz_warn_misp_read(LISTS "phone_numbers/list.json", &m, &err), KSZ_OK);
    assert_int_equal(m->list.types, KSZ_IOC_BIT(KSZ_IOC_NONE)); /* matches nothing */
    assert_int_equal(m->unknown_attrs, 2);
    ksz_warn_misp_free(m);
}

static void malformed_json_names_line_column_and_byte(void **state)
{
    struct ksz_error err = {0};
    (void)state;
    assert_int_equal(parse_err("{\n  \"name\": \"x\",\n  \"list\": [\"a\",]\n}", &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "t.json"));
    assert_non_null(strstr(err.msg, "line 3"));
    assert_non_null(strstr(err.msg, "byte 33"));
    assert_int_equal(parse_err("", &err), KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "line 1"));
}

static void required_fields_are_checked(void **state)
{
    struct ksz_error err = {0};
    (void)state;
    assert_int_equal(parse_err("[]", &err), KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "object"));
    assert_int_equal(parse_err("{\"type\":\"cidr\",\"list\":[]}", &err), KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "\"name\""));
    assert_int_equal(parse_err("{\"name\":\"x\",\"type\":\"cidrs\",\"list\":[]}", &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "\"type\""));
    assert_int_equal(parse_err("{\"name\":\"x\",\"type\":\"cidr\",\"list\":{}}", &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "\"list\""));
    assert_int_equal(
        parse_err("{\"name\":\"x\",\"type\":\"cidr\",\"list\":[],\"version\":\"1\"}", &err),
        KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "\"version\""));
    assert_int_equal(parse_err("{\"name\":\"x\",\"type\":\"cidr\",\"list\":[],"
                               "\"matching_attributes\":\"ip-src\"}",
                               &err),
                     KSZ_ERR_PARSE);
}

static void odd_entries_are_skipped_and_counted(void **state)
{
    struct ksz_warn_misp *m;
    (void)state;
    m = parse_ok("{\"name\":\"x\",\"type\":\"string\",\"description\":\"d\",\"version\":3,"
                 "\"matching_attributes\":[\"domain\",\"md5\",\"ssdeep\"],"
                 "\"list\":[\"a.com\",1,null,\"\",\"b\\u0000c\",\"B.com\"]}");
    assert_int_equal(m->n, 2);
    assert_string_equal(m->entries[0], "a.com");
    assert_string_equal(m->entries[1], "B.com");
    assert_int_equal(m->skipped, 4);
    assert_int_equal(m->unknown_attrs, 1);
    assert_int_equal(m->list.types, KSZ_IOC_BIT(KSZ_IOC_DOMAIN) | KSZ_IOC_BIT(KSZ_IOC_MD5));
    assert_string_equal(m->list.description, "d");
    assert_int_equal(m->list.version, 3);
    ksz_warn_misp_free(m);
    /* no matching_attributes: every type the kind suits */
    m = parse_ok("{\"name\":\"y\",\"type\":\"hostname\",\"list\":[]}");
    assert_int_equal(m->list.types, 0);
    assert_int_equal(m->n, 0);
    assert_string_equal(m->list.description, "");
    ksz_warn_misp_free(m);
    ksz_warn_misp_free(NULL);
}

static void misp_attribute_types_map_onto_observables(void **state)
{
    ksz_ioc_typeset t = 0;
    (void)state;
    assert_int_equal(ksz_warn_types_from_misp("ip-dst", 6, &t), KSZ_OK);
    assert_true(t & KSZ_IOC_BIT(KSZ_IOC_IPV4) && t & KSZ_IOC_BIT(KSZ_IOC_CIDR6));
    assert_int_equal(ksz_warn_types_from_misp("domain|ip", 9, &t), KSZ_OK);
    assert_true(t & KSZ_IOC_BIT(KSZ_IOC_DOMAIN) && t & KSZ_IOC_BIT(KSZ_IOC_IPV6));
    assert_int_equal(ksz_warn_types_from_misp("filename|sha256", 15, &t), KSZ_OK);
    assert_int_equal(t, KSZ_IOC_BIT(KSZ_IOC_SHA256));
    assert_int_equal(ksz_warn_types_from_misp("email-src", 9, &t), KSZ_OK);
    assert_int_equal(t, KSZ_IOC_BIT(KSZ_IOC_EMAIL));
    t = 5;
    assert_int_equal(ksz_warn_types_from_misp("phone-number", 12, &t), KSZ_ERR_NOTFOUND);
    assert_int_equal(t, 5);
}

static void unreadable_file_is_named(void **state)
{
    struct ksz_warn_misp *m = NULL;
    struct ksz_error err = {0};
    (void)state;
    assert_int_equal(ksz_warn_misp_read("/nonexistent/list.json", &m, &err), KSZ_ERR_IO);
    assert_null(m);
    assert_non_null(strstr(err.msg, "/nonexistent/list.json"));
}

static void parse_fails_cleanly_at_every_allocation(void **state)
{
    const char *json = "{\"name\":\"x\",\"type\":\"string\",\"list\":[\"a\",\"b\",\"c\"]}";
    long n;
    (void)state;
    for (n = 0; n < 100; n++) {
        struct ksz_warn_misp *m = NULL;
        ksz_rc rc;
        ksz__alloc_fail_after(n);
        rc = ksz_warn_misp_parse(json, strlen(json), NULL, &m, NULL);
        ksz__alloc_fail_after(-1);
        if (rc == KSZ_OK) {
            assert_int_equal(m->n, 3);
            ksz_warn_misp_free(m);
            break;
        }
        assert_int_equal(rc, KSZ_ERR_NOMEM);
        assert_null(m);
    }
    assert_true(n > 0 && n < 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_a_real_cidr_list_and_its_networks_match),
        cmocka_unit_test(regex_and_unmapped_attribute_lists),
        cmocka_unit_test(malformed_json_names_line_column_and_byte),
        cmocka_unit_test(required_fields_are_checked),
        cmocka_unit_test(odd_entries_are_skipped_and_counted),
        cmocka_unit_test(misp_attribute_types_map_onto_observables),
        cmocka_unit_test(unreadable_file_is_named),
        cmocka_unit_test(parse_fails_cleanly_at_every_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
