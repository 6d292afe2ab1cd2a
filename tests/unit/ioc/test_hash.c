/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

#define SHA512_EMPTY                                                                   \
    "CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36CE9CE47D0D13C5D85F2B0FF" \
    "8318D2877EEC2F63B931BD47417A81A538327AF927DA3E"

static void types_hashes_by_length_and_lower_cases_them(void **state)
{
    char out[130];
    ksz_ioc_type t = KSZ_IOC_NONE;
    (void)state;
    assert_int_equal(ksz_hash_canon("D41D8CD98F00B204E9800998ECF8427E", 32, &t, out, sizeof out,
                                    NULL),
                     KSZ_OK);
    assert_int_equal(t, KSZ_IOC_MD5);
    assert_string_equal(out, "d41d8cd98f00b204e9800998ecf8427e");
    assert_int_equal(ksz_hash_canon("da39a3ee5e6b4b0d3255bfef95601890afd80709", 40, &t, out,
                                    sizeof out, NULL),
                     KSZ_OK);
    assert_int_equal(t, KSZ_IOC_SHA1);
    assert_int_equal(
        ksz_hash_canon("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 64,
                       &t, out, sizeof out, NULL),
        KSZ_OK);
    assert_int_equal(t, KSZ_IOC_SHA256);
    assert_int_equal(strlen(SHA512_EMPTY), 128);
    assert_int_equal(ksz_hash_canon(SHA512_EMPTY, 128, &t, out, sizeof out, NULL), KSZ_OK);
    assert_int_equal(t, KSZ_IOC_SHA512);
    assert_int_equal(strlen(out), 128);
    assert_int_equal(out[0], 'c');
}

static void rejects_other_lengths_and_non_hex(void **state)
{
    char out[130];
    ksz_ioc_type t = KSZ_IOC_NONE;
    struct ksz_error err = {0};
    (void)state;
    assert_int_equal(ksz_hash_canon("d41d8cd98f00b204e9800998ecf8427", 31, &t, out, sizeof out,
                                    NULL),
                     KSZ_ERR_PARSE);
    assert_int_equal(ksz_hash_canon("d41d8cd98f00b204e9800998ecf8427ee", 33, &t, out, sizeof out,
                                    NULL),
                     KSZ_ERR_PARSE);
    assert_int_equal(ksz_hash_canon("d41d8cd98f00b204e9800998ecf8427g", 32, &t, out, sizeof out,
                                    &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "offset 31"));
    assert_int_equal(t, KSZ_IOC_NONE);
}

static void checks_the_expected_hash_type_in_the_dispatcher(void **state)
{
    char out[130];
    struct ksz_error err = {0};
    (void)state;
    assert_int_equal(ksz_ioc_canon(KSZ_IOC_SHA1, "d41d8cd98f00b204e9800998ecf8427e", 32, out,
                                   sizeof out, NULL, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "md5"));
    assert_int_equal(ksz_ioc_canon(KSZ_IOC_MD5, "d41d8cd98f00b204e9800998ecf8427e", 32, out, 32,
                                   NULL, NULL),
                     KSZ_ERR_LIMIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(types_hashes_by_length_and_lower_cases_them),
        cmocka_unit_test(rejects_other_lengths_and_non_hex),
        cmocka_unit_test(checks_the_expected_hash_type_in_the_dispatcher),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
