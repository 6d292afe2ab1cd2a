/* SPDX-License-Identifier: Apache-2.0 */
/* test_idn.c - names in their own script, and the TLD they end in. */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <idn2.h>
#include "xtest.h"

static void idn_names_under_idn_tlds_are_found(void **state)
{
    (void)state;
    /* 例え.みんな, テスト.コム, 例え.中国 */
    HAS("\xe4\xbe\x8b\xe3\x81\x88.\xe3\x81\xbf\xe3\x82\x93\xe3\x81\xaa \n",
        "domain xn--r8jz45g.xn--q9jyb4c");
    HAS("\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88.\xe3\x82\xb3\xe3\x83\xa0\n",
        "domain xn--zckzah.xn--tckwe");
    HAS("\xe4\xbe\x8b\xe3\x81\x88.\xe4\xb8\xad\xe5\x9b\xbd\n", "domain xn--r8jz45g.xn--fiqs8s");
    HAS("\xe4\xbe\x8b\xe3\x81\x88.xn--q9jyb4c\n", "domain xn--r8jz45g.xn--q9jyb4c");
    /* Japanese prose after a dot, and ASCII labels that are no TLD */
    NOTHING("version.\xe4\xbb\xa5\xe4\xb8\x8b\xe3\x81\xae\xe6\x83\x85\xe5\xa0\xb1\n");
    NOTHING("certificate.\xe3\x83\x90\xe3\x83\xbc\xe3\x82\xb8\xe3\x83\xa7\xe3\x83\xb3\n");
    NOTHING("\xe4\xbe\x8b\xe3\x81\x88.jpn\n");
}

/* The TLD of a kana or kanji last label is looked up by our own Punycode:
 * it must be libidn2's, for every such TLD the list holds. */
static void kana_and_kanji_tlds_match_libidn2(void **state)
{
    static const char *const tlds[] = {
        "\xe3\x81\xbf\xe3\x82\x93\xe3\x81\xaa", /* みんな */
        "\xe3\x82\xb3\xe3\x83\xa0",             /* コム */
        "\xe3\x82\xbb\xe3\x83\xbc\xe3\x83\xab", /* セール */
        "\xe3\x82\xb9\xe3\x83\x88\xe3\x82\xa2", /* ストア */
        "\xe3\x83\x95\xe3\x82\xa1\xe3\x83\x83\xe3\x82\xb7\xe3\x83\xa7\xe3\x83\xb3", /* ファッション */
        "\xe3\x83\x9d\xe3\x82\xa4\xe3\x83\xb3\xe3\x83\x88", /* ポイント */
        "\xe3\x82\xaf\xe3\x83\xa9\xe3\x82\xa6\xe3\x83\x89", /* クラウド */
        "\xe3\x82\xb0\xe3\x83\xbc\xe3\x82\xb0\xe3\x83\xab", /* グーグル */
        "\xe4\xb8\x96\xe7\x95\x8c", /* 世界 */
        "\xe6\x9b\xb8\xe7\xb1\x8d", /* 書籍 */
        "\xe9\x80\x9a\xe8\xb2\xa9", /* 通販 */
        "\xe9\xa3\x9f\xe5\x93\x81", /* 食品 */
        "\xe5\xae\xb6\xe9\x9b\xbb", /* 家電 */
        "\xe4\xb8\xad\xe5\x9b\xbd", /* 中国 */
        "\xe4\xb8\xad\xe5\x9c\x8b", /* 中國 */
        "\xe5\x85\xac\xe5\x8f\xb8", /* 公司 */
        "\xe7\xbd\x91\xe7\xbb\x9c", /* 网络 */
        "\xe5\x9c\xa8\xe7\xba\xbf", /* 在线 */
        "\xe6\x89\x8b\xe6\x9c\xba", /* 手机 */
        "\xe5\x95\x86\xe5\x9f\x8e", /* 商城 */
        "\xe6\xb8\xb8\xe6\x88\x8f", /* 游戏 */
        "\xe4\xbc\x81\xe4\xb8\x9a", /* 企业 */
        "\xe5\xa4\xa7\xe6\x8b\xbf", /* 大拿 */
        "\xe5\x85\xab\xe5\x8d\xa6", /* 八卦 */
        "\xe6\x94\xbf\xe5\xba\x9c", /* 政府 */
        "\xe5\x81\xa5\xe5\xba\xb7", /* 健康 */
        "\xe6\x85\x88\xe5\x96\x84", /* 慈善 */
    };
    size_t found = 0;
    (void)state;
    for (size_t k = 0; k < sizeof tlds / sizeof tlds[0]; k++) {
        char *ace = NULL, text[64], want[96];
        assert_int_equal(idn2_to_ascii_8z(tlds[k], &ace, IDN2_NONTRANSITIONAL), IDN2_OK);
        if (ksz_domain_has_tld(ace, strlen(ace))) {
            snprintf(text, sizeof text, "\xe4\xbe\x8b\xe3\x81\x88.%s\n", tlds[k]); /* 例え. */
            snprintf(want, sizeof want, "domain xn--r8jz45g.%s", ace);
            HAS(text, want);
            found++;
        }
        idn2_free(ace);
    }
    assert_true(found > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(idn_names_under_idn_tlds_are_found),
        cmocka_unit_test(kana_and_kanji_tlds_match_libidn2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
