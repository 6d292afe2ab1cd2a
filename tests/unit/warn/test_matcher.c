/* SPDX-License-Identifier: Apache-2.0 */
/* tests/unit/warn/test_matcher.c - the warninglist matcher, kind by kind. */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/warn.h"
#include "core/core_int.h"

#define MAXH 16

struct fx {
    struct ksz_warn *w;
    struct ksz_warn_hit hits[MAXH];
    size_t n;
};

static struct ksz_warn *new_matcher(void)
{
    struct ksz_warn *w = NULL;
    assert_int_equal(ksz_warn_new(&w, NULL), KSZ_OK);
    assert_non_null(w);
    return w;
}

static void add(struct ksz_warn *w, const char *name, ksz_warn_kind kind, ksz_warn_policy pol,
                ksz_ioc_typeset types, const char *const *entries, size_t n, size_t *skipped)
{
    struct ksz_warn_list l = {0};
    struct ksz_error err = {0};

    l.name = name;
    l.kind = kind;
    l.policy = pol;
    l.enabled = true;
    l.types = types;
    assert_int_equal(ksz_warn_add_list(w, &l, entries, n, skipped, &err), KSZ_OK);
}

#define ADD(w, name, kind, ...)                                                                  \
    do {                                                                                         \
        static const char *const e_[] = {__VA_ARGS__};                                           \
        add(w, name, kind, KSZ_WARN_POLICY_WARN, 0, e_, sizeof e_ / sizeof e_[0], NULL);         \
    } while (0)

static size_t check(struct fx *f, ksz_ioc_type t, const char *v)
{
    f->n = 99;
    assert_int_equal(ksz_warn_check(f->w, t, v, strlen(v), f->hits, MAXH, &f->n), KSZ_OK);
    return f->n;
}

static bool has(const struct fx *f, const char *list, const char *entry)
{
    for (size_t i = 0; i < f->n && i < MAXH; i++)
        if (strcmp(f->hits[i].list, list) == 0 && (entry == NULL || strcmp(f->hits[i].entry, entry) == 0))
            return true;
    return false;
}

/* ---- cidr ---- */

static void ipv4_inside_a_network_matches_and_outside_does_not(void **state)
{
    struct fx f = {.w = new_matcher()};
    (void)state;
    ADD(f.w, "net", KSZ_WARN_CIDR, "10.0.0.0/8", "192.0.2.1");
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "10.255.3.4"), 1);
    assert_true(has(&f, "net", "10.0.0.0/8"));
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "11.0.0.0"), 0);
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "9.255.255.255"), 0);
    /* a bare address is a /32 */
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "192.0.2.1"), 1);
    assert_true(has(&f, "net", "192.0.2.1"));
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "192.0.2.2"), 0);
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "192.0.2.0"), 0);
    ksz_warn_free(f.w);
}

static void slash_zero_holds_everything_and_slash_32_one_address(void **state)
{
    struct fx f = {.w = new_matcher()};
    (void)state;
    ADD(f.w, "all", KSZ_WARN_CIDR, "0.0.0.0/0");
    ADD(f.w, "one", KSZ_WARN_CIDR, "203.0.113.7/32");
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "0.0.0.0"), 1);
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "255.255.255.255"), 1);
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "203.0.113.7"), 2);
    assert_true(has(&f, "all", "0.0.0.0/0") && has(&f, "one", "203.0.113.7/32"));
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "203.0.113.6"), 1);
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "203.0.113.8"), 1);
    /* v4 lists do not hold v6 addresses */
    assert_int_equal(check(&f, KSZ_IOC_IPV6, "::"), 0);
    ksz_warn_free(f.w);
}

static void nested_networks_report_every_list(void **state)
{
    struct fx f = {.w = new_matcher()};
    (void)state;
    ADD(f.w, "a8", KSZ_WARN_CIDR, "10.0.0.0/8");
    ADD(f.w, "b16", KSZ_WARN_CIDR, "10.1.0.0/16", "172.16.0.0/12");
    ADD(f.w, "c24", KSZ_WARN_CIDR, "10.1.2.0/24");
    ADD(f.w, "d24", KSZ_WARN_CIDR, "10.1.3.0/24", "10.1.2.0/24");
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "10.1.2.3"), 4);
    assert_true(has(&f, "a8", NULL) && has(&f, "b16", "10.1.0.0/16") && has(&f, "c24", NULL) &&
                has(&f, "d24", "10.1.2.0/24"));
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "10.1.3.1"), 3);
    assert_false(has(&f, "c24", NULL));
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "10.2.0.1"), 1);
    /* fewer slots than hits: *n still counts them all */
    f.n = 0;
    assert_int_equal(ksz_warn_check(f.w, KSZ_IOC_IPV4, "10.1.2.3", 8, f.hits, 2, &f.n), KSZ_OK);
    assert_int_equal(f.n, 4);
    assert_int_equal(ksz_warn_check(f.w, KSZ_IOC_IPV4, "10.1.2.3", 8, NULL, 0, &f.n), KSZ_OK);
    assert_int_equal(f.n, 4);
    ksz_warn_free(f.w);
}

static void ipv6_containment_with_slash_0_and_slash_128_edges(void **state)
{
    struct fx f = {.w = new_matcher()};
    (void)state;
    ADD(f.w, "doc", KSZ_WARN_CIDR, "2001:db8::/32");
    ADD(f.w, "host", KSZ_WARN_CIDR, "2001:db8::53/128", "2606:4700:4700::1111");
    ADD(f.w, "ll", KSZ_WARN_CIDR, "fe80::/10");
    assert_int_equal(check(&f, KSZ_IOC_IPV6, "2001:db8:1::5"), 1);
    assert_int_equal(check(&f, KSZ_IOC_IPV6, "2001:db8::53"), 2);
    assert_int_equal(check(&f, KSZ_IOC_IPV6, "2001:db8::54"), 1);
    assert_int_equal(check(&f, KSZ_IOC_IPV6, "2001:db9::"), 0);
    assert_int_equal(check(&f, KSZ_IOC_IPV6, "2606:4700:4700::1111"), 1);
    assert_int_equal(check(&f, KSZ_IOC_IPV6, "febf:ffff::1"), 1);
    assert_int_equal(check(&f, KSZ_IOC_IPV6, "fec0::1"), 0);
    ADD(f.w, "all6", KSZ_WARN_CIDR, "::/0");
    assert_int_equal(check(&f, KSZ_IOC_IPV6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 1);
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "1.2.3.4"), 0);
    ksz_warn_free(f.w);
}

static void cidr_value_matches_only_inside_or_equal_networks(void **state)
{
    struct fx f = {.w = new_matcher()};
    (void)state;
    ADD(f.w, "net", KSZ_WARN_CIDR, "10.1.0.0/16", "2001:db8::/32");
    assert_int_equal(check(&f, KSZ_IOC_CIDR4, "10.1.2.0/24"), 1);
    assert_int_equal(check(&f, KSZ_IOC_CIDR4, "10.1.0.0/16"), 1);
    assert_int_equal(check(&f, KSZ_IOC_CIDR4, "10.0.0.0/8"), 0); /* wider than the list's */
    assert_int_equal(check(&f, KSZ_IOC_CIDR4, "10.2.0.0/24"), 0);
    assert_int_equal(check(&f, KSZ_IOC_CIDR6, "2001:db8:ff00::/40"), 1);
    assert_int_equal(check(&f, KSZ_IOC_CIDR6, "2001:d00::/24"), 0);
    ksz_warn_free(f.w);
}

static void bad_cidr_entries_are_skipped_and_counted(void **state)
{
    struct ksz_warn *w = new_matcher();
    static const char *const e[] = {"10.0.0.0/8", "10.0.0.0/33", "example.com", "", "1.2.3",
                                    "::1/129", " 192.0.2.0/24 "};
    size_t skipped = 0;
    (void)state;
    add(w, "mixed", KSZ_WARN_CIDR, KSZ_WARN_POLICY_WARN, 0, e, 7, &skipped);
    assert_int_equal(skipped, 5);
    ksz_warn_free(w);
}

/* ---- hostname ---- */

static void hostname_matches_parents_on_label_boundaries_only(void **state)
{
    struct fx f = {.w = new_matcher()};
    (void)state;
    ADD(f.w, "g", KSZ_WARN_HOSTNAME, "google.com", "*.gstatic.com", ".youtube.com.");
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "google.com"), 1);
    assert_true(has(&f, "g", "google.com"));
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "a.b.google.com"), 1);
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "xgoogle.com"), 0);
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "google.com.evil.net"), 0);
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "gstatic.com"), 1);
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "fonts.gstatic.com"), 1);
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "m.youtube.com"), 1);
    assert_true(has(&f, "g", "youtube.com"));
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "GOOGLE.COM"), 1);
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "com"), 0);
    ksz_warn_free(f.w);
}

static void url_host_and_email_domain_are_checked(void **state)
{
    struct fx f = {.w = new_matcher()};
    (void)state;
    ADD(f.w, "g", KSZ_WARN_HOSTNAME, "google.com");
    ADD(f.w, "net", KSZ_WARN_CIDR, "8.8.8.0/24", "2001:4860::/32");
    ADD(f.w, "top", KSZ_WARN_STRING, "www.example.org");
    assert_int_equal(check(&f, KSZ_IOC_URL, "https://mail.google.com/x?y=1"), 1);
    assert_int_equal(check(&f, KSZ_IOC_URL, "http://user@docs.google.com:8080/"), 1);
    assert_int_equal(check(&f, KSZ_IOC_URL, "http://evil.net/google.com"), 0);
    assert_int_equal(check(&f, KSZ_IOC_URL, "http://8.8.8.8/dns"), 1);
    assert_true(has(&f, "net", "8.8.8.0/24"));
    assert_int_equal(check(&f, KSZ_IOC_URL, "http://[2001:4860::8888]:443/"), 1);
    assert_int_equal(check(&f, KSZ_IOC_URL, "http://www.example.org/a/b"), 1);
    assert_true(has(&f, "top", "www.example.org"));
    assert_int_equal(check(&f, KSZ_IOC_EMAIL, "someone@google.com"), 1);
    assert_int_equal(check(&f, KSZ_IOC_EMAIL, "someone@x.google.com"), 1);
    assert_int_equal(check(&f, KSZ_IOC_EMAIL, "google.com@evil.net"), 0);
    assert_int_equal(check(&f, KSZ_IOC_EMAIL, "root@[8.8.8.9]"), 1);
    ksz_warn_free(f.w);
}

/* ---- string ---- */

static void string_lists_match_exactly_ignoring_case(void **state)
{
    struct fx f = {.w = new_matcher()};
    (void)state;
    ADD(f.w, "top", KSZ_WARN_STRING, "example.com", "44D88612FEA8A8F36DE82E1278ABB02F");
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "example.com"), 1);
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "www.example.com"), 0); /* no parents */
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "example.co"), 0);
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "example.com.au"), 0);
    assert_int_equal(check(&f, KSZ_IOC_MD5, "44d88612fea8a8f36de82e1278abb02f"), 1);
    assert_true(has(&f, "top", "44d88612fea8a8f36de82e1278abb02f"));
    ksz_warn_free(f.w);
}

static void list_types_restrict_what_a_list_applies_to(void **state)
{
    struct fx f = {.w = new_matcher()};
    static const char *const e[] = {"44d88612fea8a8f36de82e1278abb02f", "example.com"};
    (void)state;
    add(f.w, "hashes", KSZ_WARN_STRING, KSZ_WARN_POLICY_WARN, KSZ_IOC_BIT(KSZ_IOC_MD5), e, 2,
        NULL);
    add(f.w, "nothing", KSZ_WARN_STRING, KSZ_WARN_POLICY_WARN, KSZ_IOC_BIT(KSZ_IOC_NONE), e, 2,
        NULL);
    assert_int_equal(check(&f, KSZ_IOC_MD5, "44d88612fea8a8f36de82e1278abb02f"), 1);
    assert_true(has(&f, "hashes", NULL));
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "example.com"), 0);
    ksz_warn_free(f.w);
}

/* ---- substring ---- */

static void substring_automaton_reports_overlapping_entries(void **state)
{
    struct fx f = {.w = new_matcher()};
    (void)state;
    ADD(f.w, "mail", KSZ_WARN_SUBSTRING, "mail.com", "0-mail.com");
    ADD(f.w, "he", KSZ_WARN_SUBSTRING, "he", "she", "hers", "his");
    ADD(f.w, "ail", KSZ_WARN_SUBSTRING, "AIL.C");
    assert_int_equal(check(&f, KSZ_IOC_EMAIL, "x@0-mail.com"), 2);
    assert_true(has(&f, "mail", NULL) && has(&f, "ail", "ail.c"));
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "ushers.net"), 1);
    assert_true(has(&f, "he", NULL));
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "hi.net"), 0);
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "HIS.NET"), 1);
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "mai.co"), 0);
    assert_int_equal(check(&f, KSZ_IOC_URL, "http://a.net/?q=GMAIL.COM"), 2);
    ksz_warn_free(f.w);
}

static void substring_lists_added_later_rebuild_the_automaton(void **state)
{
    struct fx f = {.w = new_matcher()};
    (void)state;
    ADD(f.w, "s1", KSZ_WARN_SUBSTRING, "abc");
    assert_int_equal(check(&f, KSZ_IOC_FILENAME, "xxabcxx.exe"), 1);
    ADD(f.w, "s2", KSZ_WARN_SUBSTRING, "bcx");
    assert_int_equal(check(&f, KSZ_IOC_FILENAME, "xxabcxx.exe"), 2);
    assert_int_equal(check(&f, KSZ_IOC_FILENAME, "ab.exe"), 0);
    ksz_warn_free(f.w);
}

/* ---- regex ---- */

static void misp_regex_entries_are_translated_and_bad_ones_counted(void **state)
{
    struct fx f = {.w = new_matcher()};
    static const char *const mails[] = {"/^(security|noc|soc|abuse)\\@.*\\..*$/i"};
    static const char *const misc[] = {"/((?:\\+|00)1)?([0-9]{3})55501([0-9]{2})/g",
                                       "/^\\d{3}-\\w+$/", "/(?=look)ahead/", "/\\bword\\b/",
                                       "/unterminated", "/qa+?z/"};
    size_t skipped = 0;
    (void)state;
    add(f.w, "contacts", KSZ_WARN_REGEX, KSZ_WARN_POLICY_WARN, KSZ_IOC_BIT(KSZ_IOC_EMAIL), mails,
        1, &skipped);
    assert_int_equal(skipped, 0);
    add(f.w, "misc", KSZ_WARN_REGEX, KSZ_WARN_POLICY_BLOCK, 0, misc, 6, &skipped);
    assert_int_equal(skipped, 3);
    assert_int_equal(check(&f, KSZ_IOC_EMAIL, "abuse@example.com"), 1);
    assert_true(has(&f, "contacts", mails[0]));
    assert_int_equal(check(&f, KSZ_IOC_EMAIL, "Security@Example.com"), 1);
    assert_int_equal(check(&f, KSZ_IOC_EMAIL, "abuser@example.com"), 0);
    assert_int_equal(check(&f, KSZ_IOC_DOMAIN, "abuse.example.com"), 0); /* list is for e-mail */
    assert_int_equal(check(&f, KSZ_IOC_FILENAME, "+12125550123.txt"), 1);
    assert_int_equal(f.hits[0].policy, KSZ_WARN_POLICY_BLOCK);
    assert_int_equal(check(&f, KSZ_IOC_FILENAME, "123-abc"), 1);
    assert_int_equal(check(&f, KSZ_IOC_FILENAME, "xqaaaz.txt"), 1);
    assert_int_equal(check(&f, KSZ_IOC_FILENAME, "123-xy z"), 0);
    ksz_warn_free(f.w);
}

/* ---- policy, enabled, errors ---- */

static void hits_carry_each_lists_policy_and_disabled_lists_are_silent(void **state)
{
    struct fx f = {.w = new_matcher()};
    static const char *const e[] = {"192.0.2.0/24"};
    struct ksz_warn_list off = {.name = "off", .kind = KSZ_WARN_CIDR,
                                .policy = KSZ_WARN_POLICY_WARN, .enabled = false};
    (void)state;
    add(f.w, "w", KSZ_WARN_CIDR, KSZ_WARN_POLICY_WARN, 0, e, 1, NULL);
    add(f.w, "b", KSZ_WARN_CIDR, KSZ_WARN_POLICY_BLOCK, 0, e, 1, NULL);
    assert_int_equal(ksz_warn_add_list(f.w, &off, e, 1, NULL, NULL), KSZ_OK);
    assert_int_equal(ksz_warn_list_count(f.w), 3);
    assert_int_equal(check(&f, KSZ_IOC_IPV4, "192.0.2.9"), 2);
    for (size_t i = 0; i < 2; i++) {
        if (strcmp(f.hits[i].list, "w") == 0)
            assert_int_equal(f.hits[i].policy, KSZ_WARN_POLICY_WARN);
        else
            assert_int_equal(f.hits[i].policy, KSZ_WARN_POLICY_BLOCK);
    }
    assert_false(has(&f, "off", NULL));
    ksz_warn_free(f.w);
}

static void bad_lists_are_refused(void **state)
{
    struct ksz_warn *w = new_matcher();
    struct ksz_warn_list l = {.name = "x", .kind = KSZ_WARN_STRING,
                              .policy = KSZ_WARN_POLICY_WARN, .enabled = true};
    struct ksz_error err = {0};
    static const char *const e[] = {"a"};
    size_t n = 7;
    (void)state;
    assert_int_equal(ksz_warn_add_list(w, &l, e, 1, NULL, &err), KSZ_OK);
    assert_int_equal(ksz_warn_add_list(w, &l, e, 1, NULL, &err), KSZ_ERR_INVALID);
    assert_non_null(strstr(err.msg, "'x'"));
    l.name = "y";
    l.kind = (ksz_warn_kind)9;
    assert_int_equal(ksz_warn_add_list(w, &l, e, 1, NULL, &err), KSZ_ERR_INVALID);
    l.kind = KSZ_WARN_STRING;
    l.policy = (ksz_warn_policy)0;
    assert_int_equal(ksz_warn_add_list(w, &l, e, 1, NULL, &err), KSZ_ERR_INVALID);
    l.name = "";
    assert_int_equal(ksz_warn_add_list(w, &l, e, 1, NULL, &err), KSZ_ERR_INVALID);
    assert_int_equal(ksz_warn_list_count(w), 1);
    {
        static char big[KSZ_IOC_VALUE_MAX + 2];
        memset(big, 'a', sizeof big - 1);
        assert_int_equal(ksz_warn_check(w, KSZ_IOC_DOMAIN, big, sizeof big - 1, NULL, 0, &n),
                         KSZ_ERR_LIMIT);
        assert_int_equal(n, 0);
    }
    ksz_warn_free(w);
    ksz_warn_free(NULL);
}

static void names_round_trip(void **state)
{
    ksz_warn_kind k;
    ksz_warn_policy p;
    (void)state;
    for (int i = KSZ_WARN_CIDR; i <= KSZ_WARN_REGEX; i++) {
        const char *s = ksz_warn_kind_name((ksz_warn_kind)i);
        assert_int_equal(ksz_warn_kind_from_name(s, strlen(s), &k), KSZ_OK);
        assert_int_equal(k, i);
    }
    assert_string_equal(ksz_warn_kind_name((ksz_warn_kind)0), "");
    assert_int_equal(ksz_warn_kind_from_name("cid", 3, &k), KSZ_ERR_NOTFOUND);
    assert_int_equal(ksz_warn_policy_from_name("block", 5, &p), KSZ_OK);
    assert_int_equal(p, KSZ_WARN_POLICY_BLOCK);
    assert_string_equal(ksz_warn_policy_name(KSZ_WARN_POLICY_WARN), "warn");
    assert_int_equal(ksz_warn_policy_from_name("blocks", 6, &p), KSZ_ERR_NOTFOUND);
}

/* ---- torture: every allocation of every kind fails in turn ---- */

static void add_all_kinds(struct ksz_warn *w, ksz_rc *rc)
{
    static const char *const cidr[] = {"10.0.0.0/8", "10.1.0.0/16", "2001:db8::/32", "1.2.3.4"};
    static const char *const host[] = {"google.com", "*.example.org", "a.b.c.d"};
    static const char *const str[] = {"exact.example", "44d88612fea8a8f36de82e1278abb02f"};
    static const char *const sub[] = {"mail", "ail.co", "zzz"};
    static const char *const re[] = {"/^abuse@/i", "/x(?:y|z)\\d+/"};
    static const struct {
        const char *name;
        ksz_warn_kind kind;
        const char *const *e;
        size_t n;
    } lists[] = {{"c", KSZ_WARN_CIDR, cidr, 4}, {"h", KSZ_WARN_HOSTNAME, host, 3},
                 {"s", KSZ_WARN_STRING, str, 2}, {"u", KSZ_WARN_SUBSTRING, sub, 3},
                 {"r", KSZ_WARN_REGEX, re, 2}};
    for (size_t i = 0; i < 5; i++) {
        struct ksz_warn_list l = {.name = lists[i].name, .kind = lists[i].kind,
                                  .policy = KSZ_WARN_POLICY_WARN, .enabled = true};
        ksz_rc r = ksz_warn_add_list(w, &l, lists[i].e, lists[i].n, NULL, NULL);
        if (r != KSZ_OK) {
            assert_int_equal(r, KSZ_ERR_NOMEM);
            *rc = r;
        }
    }
}

static void add_list_fails_cleanly_at_every_allocation(void **state)
{
    long n;
    (void)state;
    for (n = 0; n < 10000; n++) {
        struct ksz_warn *w = NULL;
        ksz_rc rc = KSZ_OK;
        size_t hits = 0;

        ksz__alloc_fail_after(n);
        if (ksz_warn_new(&w, NULL) != KSZ_OK) {
            ksz__alloc_fail_after(-1);
            assert_null(w);
            continue;
        }
        add_all_kinds(w, &rc);
        ksz__alloc_fail_after(-1);
        /* whatever was added works; what failed is left out */
        assert_int_equal(ksz_warn_check(w, KSZ_IOC_IPV4, "10.1.2.3", 8, NULL, 0, &hits), KSZ_OK);
        assert_int_equal(ksz_warn_check(w, KSZ_IOC_EMAIL, "abuse@gmail.com", 15, NULL, 0, &hits),
                         KSZ_OK);
        if (rc == KSZ_OK) {
            assert_int_equal(ksz_warn_list_count(w), 5);
            assert_int_equal(ksz_warn_check(w, KSZ_IOC_EMAIL, "abuse@gmail.com", 15, NULL, 0,
                                            &hits),
                             KSZ_OK);
            assert_int_equal(hits, 2);
            ksz_warn_free(w);
            break;
        }
        assert_true(ksz_warn_list_count(w) < 5);
        ksz_warn_free(w);
    }
    assert_true(n > 5 && n < 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ipv4_inside_a_network_matches_and_outside_does_not),
        cmocka_unit_test(slash_zero_holds_everything_and_slash_32_one_address),
        cmocka_unit_test(nested_networks_report_every_list),
        cmocka_unit_test(ipv6_containment_with_slash_0_and_slash_128_edges),
        cmocka_unit_test(cidr_value_matches_only_inside_or_equal_networks),
        cmocka_unit_test(bad_cidr_entries_are_skipped_and_counted),
        cmocka_unit_test(hostname_matches_parents_on_label_boundaries_only),
        cmocka_unit_test(url_host_and_email_domain_are_checked),
        cmocka_unit_test(string_lists_match_exactly_ignoring_case),
        cmocka_unit_test(list_types_restrict_what_a_list_applies_to),
        cmocka_unit_test(substring_automaton_reports_overlapping_entries),
        cmocka_unit_test(substring_lists_added_later_rebuild_the_automaton),
        cmocka_unit_test(misp_regex_entries_are_translated_and_bad_ones_counted),
        cmocka_unit_test(hits_carry_each_lists_policy_and_disabled_lists_are_silent),
        cmocka_unit_test(bad_lists_are_refused),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(add_list_fails_cleanly_at_every_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
