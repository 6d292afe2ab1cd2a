/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

static char out[128];

static const char *canon(const char *s)
{
    if (ksz_btc_canon(s, strlen(s), out, sizeof out, NULL, NULL) != KSZ_OK)
        return NULL;
    return out;
}

static void verifies_base58check_p2pkh_and_p2sh(void **state)
{
    size_t n = 0;
    (void)state;
    /* the genesis block's address, and the BIP 13 example */
    assert_int_equal(ksz_btc_canon("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", 34, out, sizeof out, &n,
                                   NULL),
                     KSZ_OK);
    assert_string_equal(out, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
    assert_int_equal(n, 34);
    assert_string_equal(canon("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
                        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy");
    assert_string_equal(canon("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
                        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2");
}

static void refuses_a_bad_base58_checksum_or_alphabet(void **state)
{
    struct ksz_error err = {0};
    (void)state;
    assert_int_equal(ksz_btc_canon("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", 34, out, sizeof out,
                                   NULL, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "checksum"));
    assert_null(canon("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz"));
    assert_null(canon("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0")); /* '0' is not base58 */
    assert_null(canon("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNI"));
    assert_null(canon("11A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")); /* an extra leading zero */
    assert_null(canon("1A1zP1eP5QGefi2DMPTfTL5SLmv"));
    assert_null(canon("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ")); /* a WIF key */
}

static void verifies_bech32_and_bech32m(void **state)
{
    (void)state;
    assert_string_equal(canon("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
                        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
    assert_string_equal(canon("BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ"),
                        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
    assert_string_equal(canon("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"),
                        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0");
    /* BIP 173 test vector, P2WSH */
    assert_non_null(canon("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"));
    /* BIP 350 test vector, witness v1 with a 40-byte program */
    assert_non_null(
        canon("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y"));
}

static void refuses_mixed_case_and_bad_bech32_checksums(void **state)
{
    struct ksz_error err = {0};
    (void)state;
    assert_int_equal(ksz_btc_canon("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdQ", 42, out,
                                   sizeof out, NULL, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "mixed"));
    assert_null(canon("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp"));
    assert_null(canon("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mbq"));
    assert_null(canon("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdb")); /* 'b' not in charset */
    /* BIP 350: a v1 program with a bech32 (not bech32m) checksum is invalid */
    assert_null(canon("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd"));
    /* BIP 350: a v0 program with a bech32m checksum is invalid */
    assert_null(canon("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh"));
    assert_null(canon("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")); /* testnet */
    assert_null(canon("bc1"));
}

static void leaves_out_untouched_when_too_small(void **state)
{
    char small[8];
    (void)state;
    memset(small, 'x', sizeof small);
    assert_int_equal(ksz_btc_canon("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", 34, small, sizeof small,
                                   NULL, NULL),
                     KSZ_ERR_LIMIT);
    assert_int_equal(small[0], 'x');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(verifies_base58check_p2pkh_and_p2sh),
        cmocka_unit_test(refuses_a_bad_base58_checksum_or_alphabet),
        cmocka_unit_test(verifies_bech32_and_bech32m),
        cmocka_unit_test(refuses_mixed_case_and_bad_bech32_checksums),
        cmocka_unit_test(leaves_out_untouched_when_too_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
