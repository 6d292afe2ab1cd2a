/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/formats.h"

struct got {
    char vals[16][256];
    ksz_ioc_type types[16];
    int n;
};

static ksz_rc on_obs(ksz_ioc_type t, const char *v, size_t len, void *user)
{
    struct got *g = user;
    if (g->n < 16) {
        g->types[g->n] = t;
        snprintf(g->vals[g->n], sizeof g->vals[0], "%.*s", (int)len, v);
        g->n++;
    }
    return KSZ_OK;
}

static int parse(const char *p, struct got *g)
{
    memset(g, 0, sizeof *g);
    return ksz_stix_pattern_parse(p, strlen(p), on_obs, g, NULL);
}

static void reads_a_single_comparison_canonically(void **state)
{
    struct got g;
    (void)state;
    assert_int_equal(parse("[ipv4-addr:value = '198.51.100.7']", &g), KSZ_OK);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.types[0], KSZ_IOC_IPV4);
    assert_string_equal(g.vals[0], "198.51.100.7");
    assert_int_equal(parse("[domain-name:value='EVIL.Example.COM.']", &g), KSZ_OK);
    assert_string_equal(g.vals[0], "evil.example.com");
}

static void reads_or_and_parentheses_and_hash_paths(void **state)
{
    struct got g;
    (void)state;
    assert_int_equal(parse("[domain-name:value = 'a.example.net'] OR ([url:value = "
                           "'http://a.example.net/x'] AND [file:hashes.'SHA-256' = "
                           "'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855'])",
                           &g),
                     KSZ_OK);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.types[2], KSZ_IOC_SHA256);
    assert_string_equal(g.vals[2],
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(parse("[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' OR "
                           "file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']",
                           &g),
                     KSZ_OK);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.types[0], KSZ_IOC_MD5);
    assert_int_equal(g.types[1], KSZ_IOC_SHA1);
}

static void unescapes_quotes_and_backslashes(void **state)
{
    struct got g;
    (void)state;
    assert_int_equal(parse("[url:value = 'http://x.example.net/it\\'s/a\\\\b']", &g), KSZ_OK);
    assert_string_equal(g.vals[0], "http://x.example.net/it's/a\\b");
}

static void reads_networks_under_address_paths(void **state)
{
    struct got g;
    (void)state;
    assert_int_equal(parse("[ipv4-addr:value = '10.1.2.3/8']", &g), KSZ_OK);
    assert_int_equal(g.types[0], KSZ_IOC_CIDR4);
    assert_string_equal(g.vals[0], "10.0.0.0/8");
}

static void refuses_what_is_outside_the_subset_whole(void **state)
{
    struct got g;
    struct ksz_error err = {0};
    (void)state;
    assert_int_equal(parse("[process:name = 'evil.exe']", &g), KSZ_ERR_PARSE);
    assert_int_equal(parse("[ipv4-addr:value = '1.2.3.4'] OR [process:name = 'x']", &g),
                     KSZ_ERR_PARSE);
    assert_int_equal(g.n, 0);   /* nothing half-reported */
    assert_int_equal(parse("[ipv4-addr:value = '1.2.3.4'] WITHIN 300 SECONDS", &g), KSZ_ERR_PARSE);
    assert_int_equal(parse("[ipv4-addr:value != '1.2.3.4']", &g), KSZ_ERR_PARSE);
    assert_int_equal(parse("[ipv4-addr:value = '1.2.3.4'", &g), KSZ_ERR_PARSE);
    assert_int_equal(parse("[ipv4-addr:value = '999.2.3.4']", &g), KSZ_ERR_PARSE);
    assert_int_equal(parse("[url:value = 'unterminated]", &g), KSZ_ERR_PARSE);
    assert_int_equal(ksz_stix_pattern_parse("[x:y = 'z'] FOLLOWEDBY [a:b = 'c']", 34, on_obs, &g,
                                            &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "stix pattern"));
}

static void formats_patterns_that_parse_back(void **state)
{
    static const struct {
        ksz_ioc_type t;
        const char *v;
    } cases[] = {
        {KSZ_IOC_IPV4, "198.51.100.7"},   {KSZ_IOC_CIDR6, "2001:db8::/32"},
        {KSZ_IOC_URL, "http://a.example.net/it's\\"}, {KSZ_IOC_SHA512, "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
        {KSZ_IOC_CVE, "CVE-2024-3400"},   {KSZ_IOC_ATTACK, "T1071.001"},
        {KSZ_IOC_EMAIL, "a@b.example.org"}, {KSZ_IOC_FILENAME, "invoice.docm"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ksz_buf b;
        struct got g;
        ksz_buf_init(&b, 0);
        assert_int_equal(ksz_stix_pattern_format(cases[i].t, cases[i].v, strlen(cases[i].v), &b),
                         KSZ_OK);
        assert_int_equal(parse(b.data, &g), KSZ_OK);
        assert_int_equal(g.n, 1);
        assert_int_equal(g.types[0], cases[i].t);
        assert_string_equal(g.vals[0], cases[i].v);
        ksz_buf_cleanup(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_a_single_comparison_canonically),
        cmocka_unit_test(reads_or_and_parentheses_and_hash_paths),
        cmocka_unit_test(unescapes_quotes_and_backslashes),
        cmocka_unit_test(reads_networks_under_address_paths),
        cmocka_unit_test(refuses_what_is_outside_the_subset_whole),
        cmocka_unit_test(formats_patterns_that_parse_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
