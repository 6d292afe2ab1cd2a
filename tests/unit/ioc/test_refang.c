/* SPDX-License-Identifier: Apache-2.0 */
/* tests/unit/ioc/test_refang.c - refanging: every defang form, prose kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/ioc.h"

static char out[1024];
static uint64_t map[1024];

static const char *refang(const char *in, bool *changed)
{
    struct ksz_refang_out o = {out, sizeof out - 1, 0, map, false};
    assert_int_equal(ksz_refang(in, strlen(in), &o, NULL), KSZ_OK);
    assert_true(o.len <= strlen(in)); /* never lengthens */
    out[o.len] = '\0';
    if (changed)
        *changed = o.changed;
    return out;
}

#define REFANGS(in, want) assert_string_equal(refang(in, NULL), want)
#define KEEPS(in)                                                                                  \
    do {                                                                                           \
        bool ch = true;                                                                            \
        assert_string_equal(refang(in, &ch), in);                                                  \
        assert_false(ch);                                                                          \
    } while (0)

static void schemes_are_refanged(void **state)
{
    (void)state;
    REFANGS("hxxp://evil.com/a", "http://evil.com/a");
    REFANGS("hXXps://evil.com", "https://evil.com");
    REFANGS("h**p://evil.com", "http://evil.com");
    REFANGS("fxp://files.evil.com", "ftp://files.evil.com");
    REFANGS("HXXP[:]//evil[.]com", "http://evil.com");
}

static void bracketed_dots_are_refanged(void **state)
{
    (void)state;
    REFANGS("evil[.]com", "evil.com");
    REFANGS("evil(.)com", "evil.com");
    REFANGS("evil{.}com", "evil.com");
    REFANGS("evil[dot]com", "evil.com");
    REFANGS("evil(DOT)com", "evil.com");
    REFANGS("evil\\.com", "evil.com");
    REFANGS("1.2.3[.]4", "1.2.3.4");
    REFANGS("evil[.com and evil.]com", "evil.com and evil.com");
    REFANGS("server-{1,30}[.]kinosport.top", "server-{1,30}.kinosport.top");
}

static void colons_slashes_and_at_are_refanged(void **state)
{
    (void)state;
    REFANGS("http[:]//evil.com", "http://evil.com");
    REFANGS("http[://]evil.com", "http://evil.com");
    REFANGS("http://evil.com[/]x", "http://evil.com/x");
    REFANGS("user[@]evil.com", "user@evil.com");
    REFANGS("user(at)evil.com", "user@evil.com");
    REFANGS("user[at]evil[.]com", "user@evil.com");
    REFANGS("user [at] evil [dot] com", "user@evil.com");
}

static void spaced_dot_joins_labels_before_a_tld(void **state)
{
    (void)state;
    REFANGS("visit evil dot com now", "visit evil.com now");
    REFANGS("a dot b dot co dot jp", "a.b.co.jp");
    KEEPS("the dot product of vectors");
    KEEPS("connect the dot and go");
}

static void prose_is_left_alone(void **state)
{
    (void)state;
    KEEPS("We met (at) noon [at] the office (see above).");
    KEEPS("Regex [.] matches any char; path C:\\Users\\x");
    KEEPS("a [.] b");
    KEEPS("the http protocol and the ftp server");
    KEEPS("日本語の文章です。");
}

static void full_width_forms_become_ascii(void **state)
{
    (void)state;
    REFANGS("evil\xef\xbc\xbb.\xef\xbc\xbd" "com", "evil.com");                 /* ［.］ */
    REFANGS("evil\xef\xbc\x8e" "com", "evil.com");                               /* ． */
    REFANGS("hxxp\xef\xbc\x9a\xef\xbc\x8f\xef\xbc\x8f" "a.jp", "http://a.jp"); /* ：／／ */
    REFANGS("info\xef\xbc\xbb\xef\xbc\xa0\xef\xbc\xbd" "a.jp", "info@a.jp");   /* ［＠］ */
    REFANGS("info\xef\xbc\xa0" "a.jp", "info@a.jp");                             /* ＠ */
    REFANGS("a\xef\xbc\x88.\xef\xbc\x89" "jp", "a.jp");                          /* （.） */
    REFANGS("a\xef\xbc\xbb" "dot\xef\xbc\xbd" "jp", "a.jp");                     /* ［dot］ */
    REFANGS("\xef\xbc\x91\xef\xbc\x92\xef\xbc\xa1\xef\xbd\x9a", "12Az");        /* １２Ａｚ */
}

static void unicode_dashes_are_refanged_in_cve_ids_only(void **state)
{
    (void)state;
    REFANGS("CVE\xe2\x80\x91" "2023\xe2\x80\x91" "46805", "CVE-2023-46805");
    REFANGS("CVE\xef\xbc\x8d" "2025\xef\xbc\x8d" "0282", "CVE-2025-0282");
    REFANGS("cve\xe2\x88\x92" "2021\xe2\x80\x94" "44228", "cve-2021-44228");
    KEEPS("pages 10\xe2\x80\x93" "20 of the report");
}

static void map_points_back_to_the_input(void **state)
{
    (void)state;
    refang("ab[.]cd", NULL);
    assert_string_equal(out, "ab.cd");
    assert_int_equal(map[0], 0);
    assert_int_equal(map[2], 2); /* '.' comes from '[' */
    assert_int_equal(map[3], 5);
    refang("\xef\xbc\x91x", NULL);
    assert_int_equal(map[1], 3);
}

static void small_output_buffer_is_a_limit_error(void **state)
{
    char small[4];
    struct ksz_refang_out o = {small, sizeof small, 0, NULL, false};
    (void)state;
    assert_int_equal(ksz_refang("abcdefgh", 8, &o, NULL), KSZ_ERR_LIMIT);
}

/* in, between blanks at each offset of a line long enough to be walked a
 * block at a time, is refanged as it is alone: the same text, and a map
 * shifted by the offset. */
static void refangs_at_every_offset(const char *in, const char *want)
{
    static char line[256], alone[256];
    static uint64_t alone_map[256];
    size_t n = strlen(in), wn, total;

    assert_string_equal(refang(in, NULL), want);
    wn = strlen(want);
    memcpy(alone, out, wn);
    memcpy(alone_map, map, wn * sizeof *map);
    for (size_t off = 0; off < 72; off++) {
        struct ksz_refang_out o = {out, sizeof out - 1, 0, map, false};
        memset(line, 'x', off);
        if (off > 0)
            line[off - 1] = ' ';
        memcpy(line + off, in, n);
        memset(line + off + n, 'x', 40);
        line[off + n] = ' ';
        total = off + n + 40;
        assert_int_equal(ksz_refang(line, total, &o, NULL), KSZ_OK);
        assert_int_equal(o.len, off + wn + 40);
        assert_memory_equal(out, line, off);
        assert_memory_equal(out + off, alone, wn);
        assert_memory_equal(out + off + wn, line + off + n, 40);
        for (size_t j = 0; j < o.len; j++) {
            uint64_t from = j < off ? j : j < off + wn ? off + alone_map[j - off] : j - wn + n;
            assert_int_equal(map[j], from);
        }
        assert_int_equal(o.changed, strcmp(in, want) != 0);
    }
}

static void forms_are_refanged_wherever_they_fall_in_a_long_line(void **state)
{
    (void)state;
    refangs_at_every_offset("evil[.]com", "evil.com");
    refangs_at_every_offset("evil(.)com", "evil.com");
    refangs_at_every_offset("evil{.}com", "evil.com");
    refangs_at_every_offset("evil[dot]com", "evil.com");
    refangs_at_every_offset("evil(DOT)com", "evil.com");
    refangs_at_every_offset("evil\\.com", "evil.com");
    refangs_at_every_offset("evil[.com and evil.]com", "evil.com and evil.com");
    refangs_at_every_offset("1.2.3[.]4", "1.2.3.4");
    refangs_at_every_offset("hxxp://evil.com/a", "http://evil.com/a");
    refangs_at_every_offset("HXXP[:]//evil[.]com", "http://evil.com");
    refangs_at_every_offset("h**ps://e.com fxp://f.com hxxxp://g.com",
                            "https://e.com ftp://f.com http://g.com");
    refangs_at_every_offset("http[://]evil.com[/]x", "http://evil.com/x");
    refangs_at_every_offset("user[@]evil.com", "user@evil.com");
    refangs_at_every_offset("user(at)evil.com", "user@evil.com");
    refangs_at_every_offset("user [at] evil [dot] com", "user@evil.com");
    refangs_at_every_offset("visit evil dot com now", "visit evil.com now");
    refangs_at_every_offset("evil\xef\xbc\xbb.\xef\xbc\xbd" "com", "evil.com");
    refangs_at_every_offset("evil\xef\xbc\x8e" "com", "evil.com");
    refangs_at_every_offset("info\xef\xbc\xbb\xef\xbc\xa0\xef\xbc\xbd" "a.jp", "info@a.jp");
    refangs_at_every_offset("a\xef\xbc\xbb" "dot\xef\xbc\xbd" "jp", "a.jp");
    refangs_at_every_offset("\xef\xbd\x88xxp://a.jp h\xef\xbd\x98\xef\xbd\x98p://b.jp",
                            "http://a.jp http://b.jp"); /* ｈxxp hｘｘp */
    refangs_at_every_offset("\xef\xbc\x91\xef\xbc\x92\xef\xbc\xa1\xef\xbd\x9a", "12Az");
    refangs_at_every_offset("CVE\xe2\x80\x91" "2023\xe2\x80\x91" "46805", "CVE-2023-46805");
    refangs_at_every_offset("We met (at) noon [at] the office", "We met (at) noon [at] the office");
    refangs_at_every_offset("the dot product", "the dot product");
    refangs_at_every_offset("\xe6\x97\xa5\xe6\x9c\xac\xe3\x81\xae\xe6\x96\x87",
                            "\xe6\x97\xa5\xe6\x9c\xac\xe3\x81\xae\xe6\x96\x87"); /* 日本の文 */
}

static void a_buffer_as_long_as_the_output_is_enough(void **state)
{
    static const char in[] = "evil[.]com evil[.]com evil[.]com evil[.]com hxxp://a[.]jp";
    static const char want[] = "evil.com evil.com evil.com evil.com http://a.jp";
    char small[sizeof want - 1];
    uint64_t small_map[sizeof want - 1];
    struct ksz_refang_out o = {small, sizeof small, 0, small_map, false};
    (void)state;
    assert_int_equal(ksz_refang(in, strlen(in), &o, NULL), KSZ_OK);
    assert_memory_equal(small, want, sizeof small);
    assert_int_equal(small_map[sizeof small - 1], strlen(in) - 1);
    o = (struct ksz_refang_out){small, sizeof small - 1, 0, small_map, false};
    assert_int_equal(ksz_refang(in, strlen(in), &o, NULL), KSZ_ERR_LIMIT);
    assert_memory_equal(small, want, sizeof small - 1); /* what fitted */
}

static void the_map_is_optional_on_long_lines_too(void **state)
{
    static const char in[] = "a long line: see evil[.]com and hxxps://b[.]org/x for the details";
    struct ksz_refang_out o = {out, sizeof out - 1, 0, NULL, false};
    (void)state;
    assert_int_equal(ksz_refang(in, strlen(in), &o, NULL), KSZ_OK);
    out[o.len] = '\0';
    assert_string_equal(out, "a long line: see evil.com and https://b.org/x for the details");
    assert_true(o.changed);
}

static void truncated_utf8_is_copied(void **state)
{
    (void)state;
    KEEPS("abc\xef\xbc");
    KEEPS("\xe2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(schemes_are_refanged),
        cmocka_unit_test(bracketed_dots_are_refanged),
        cmocka_unit_test(colons_slashes_and_at_are_refanged),
        cmocka_unit_test(spaced_dot_joins_labels_before_a_tld),
        cmocka_unit_test(prose_is_left_alone),
        cmocka_unit_test(full_width_forms_become_ascii),
        cmocka_unit_test(unicode_dashes_are_refanged_in_cve_ids_only),
        cmocka_unit_test(map_points_back_to_the_input),
        cmocka_unit_test(small_output_buffer_is_a_limit_error),
        cmocka_unit_test(truncated_utf8_is_copied),
        cmocka_unit_test(forms_are_refanged_wherever_they_fall_in_a_long_line),
        cmocka_unit_test(a_buffer_as_long_as_the_output_is_enough),
        cmocka_unit_test(the_map_is_optional_on_long_lines_too),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
