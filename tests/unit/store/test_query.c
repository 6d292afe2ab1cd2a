/* SPDX-License-Identifier: Apache-2.0 */
/* test_query.c - finding indicators: related values, text, tags, TLP
 * ceilings, the objects that go with an export, warninglists kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "common.h"

static void an_ip_finds_the_cidrs_holding_it(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_indicator in;
    struct ksz_filter f;
    struct seen s;
    (void)state;

    ind_init(&in, KSZ_IOC_CIDR4, "198.51.100.0/24");
    put(st, &in);
    ind_init(&in, KSZ_IOC_CIDR4, "198.0.0.0/8");
    put(st, &in);
    ind_init(&in, KSZ_IOC_CIDR4, "10.0.0.0/8");
    put(st, &in);
    ind_init(&in, KSZ_IOC_IPV4, "198.51.100.7");
    put(st, &in);
    ind_init(&in, KSZ_IOC_CIDR6, "2001:db8::/32");
    put(st, &in);
    all_filter(&f);
    f.value_type = KSZ_IOC_IPV4;
    f.value = "198.51.100.7";
    f.value_related = true;
    s = query(st, &f);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.values[0], "198.51.100.7"); /* ipv4 sorts before cidr4 */
    assert_string_equal(s.values[1], "198.0.0.0/8");
    assert_string_equal(s.values[2], "198.51.100.0/24");
    f.value_related = false;
    s = query(st, &f);
    assert_int_equal(s.n, 1);
    f.value_type = KSZ_IOC_IPV6;
    f.value = "2001:db8::1";
    f.value_related = true;
    s = query(st, &f);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.values[0], "2001:db8::/32");
    f.value_type = KSZ_IOC_IPV4;
    f.value = "203.0.113.1";
    s = query(st, &f);
    assert_int_equal(s.n, 0);
    ksz_store_close(st);
}

static void a_domain_finds_its_parents(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_indicator in;
    struct ksz_filter f;
    struct seen s;
    (void)state;

    ind_init(&in, KSZ_IOC_DOMAIN, "evil.example");
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "b.evil.example");
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "x.a.b.evil.example");
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "notevil.example");
    put(st, &in);
    all_filter(&f);
    f.value_type = KSZ_IOC_DOMAIN;
    f.value = "a.b.evil.example";
    f.value_related = true;
    s = query(st, &f);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.values[0], "b.evil.example");
    assert_string_equal(s.values[1], "evil.example");
    ksz_store_close(st);
}

static void text_search_covers_descriptions_and_reports(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_indicator in;
    struct ksz_report r;
    struct ksz_filter f;
    struct seen s;
    const char *refs[] = {"indicator--55555555-5555-4555-8555-555555555555"};
    (void)state;

    ind_init(&in, KSZ_IOC_DOMAIN, "phish.example.com");
    in.description = "Credential phishing page imitating a bank";
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "c2.example.com");
    in.stix_id = refs[0];
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "quiet.example.com");
    put(st, &in);
    memset(&r, 0, sizeof r);
    r.title = "Operation Lantern";
    r.description = "A campaign against shipping firms";
    r.tlp = KSZ_TLP_GREEN;
    r.object_refs.items = refs;
    r.object_refs.n = 1;
    assert_int_equal(ksz_store_put_report(st, &r, NULL, &err), KSZ_OK);
    all_filter(&f);
    f.text = "phishing";
    s = query(st, &f);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.values[0], "phish.example.com");
    f.text = "shipping";
    s = query(st, &f);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.values[0], "c2.example.com");
    f.text = "lantern OR bank";
    s = query(st, &f);
    assert_int_equal(s.n, 2);
    {
        struct ksz_threat t;
        const char *th[] = {"malware--77777777-7777-4777-8777-777777777777"};
        memset(&t, 0, sizeof t);
        t.stix_id = th[0];
        t.kind = KSZ_THREAT_MALWARE;
        t.name = "Grebe";
        t.description = "A banking trojan spread by mail";
        assert_int_equal(ksz_store_put_threat(st, &t, NULL, &err), KSZ_OK);
        ind_init(&in, KSZ_IOC_DOMAIN, "grebe.example.com");
        in.threats.items = th;
        in.threats.n = 1;
        put(st, &in);
        f.text = "trojan";
        s = query(st, &f);
        assert_int_equal(s.n, 1);
        assert_string_equal(s.values[0], "grebe.example.com");
    }
    ksz_store_close(st);
}

static void tlp_ceiling_and_the_red_rule(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_indicator in;
    struct ksz_filter f;
    struct seen s;
    static const char *const vals[] = {"c.example.com", "g.example.com", "a.example.com",
                                       "s.example.com", "r.example.com"};
    (void)state;

    for (int t = KSZ_TLP_CLEAR; t <= KSZ_TLP_RED; t++) {
        ind_init(&in, KSZ_IOC_DOMAIN, vals[t]);
        in.tlp = (ksz_tlp)t;
        in.confidence = 90;
        put(st, &in);
    }
    ksz_filter_init(&f); /* amber, no red */
    f.now = NOW;
    s = query(st, &f);
    assert_int_equal(s.n, 3);
    f.tlp_max = KSZ_TLP_GREEN;
    s = query(st, &f);
    assert_int_equal(s.n, 2);
    f.tlp_max = KSZ_TLP_RED; /* red only with allow_red */
    s = query(st, &f);
    assert_int_equal(s.n, 4);
    f.allow_red = true;
    s = query(st, &f);
    assert_int_equal(s.n, 5);
    f.tlp_max = KSZ_TLP_CLEAR; /* allow_red does not lift the ceiling */
    s = query(st, &f);
    assert_int_equal(s.n, 1);
    ksz_store_close(st);
}

static void filters_by_tag_source_type_and_warnings(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_indicator in;
    struct ksz_filter f;
    struct seen s;
    const char *tags[] = {"apt", "tlp:green"};
    const char *warn[] = {"cdn"};
    (void)state;

    ind_init(&in, KSZ_IOC_DOMAIN, "t.example.com");
    in.tags.items = tags;
    in.tags.n = 2;
    in.source = "one";
    put(st, &in);
    ind_init(&in, KSZ_IOC_IPV4, "192.0.2.1");
    in.source = "two";
    put(st, &in);
    ind_init(&in, KSZ_IOC_IPV4, "192.0.2.2");
    in.warnings.items = warn;
    in.warnings.n = 1;
    put(st, &in);
    all_filter(&f);
    f.tag = "apt";
    s = query(st, &f);
    assert_int_equal(s.n, 1);
    f.tag = "ap"; /* whole tags only */
    s = query(st, &f);
    assert_int_equal(s.n, 0);
    f.tag = NULL;
    f.source = "two";
    s = query(st, &f);
    assert_int_equal(s.n, 1);
    f.source = NULL;
    f.types = KSZ_IOC_BIT(KSZ_IOC_IPV4);
    s = query(st, &f);
    assert_int_equal(s.n, 2);
    f.include_warned = false;
    s = query(st, &f);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.values[0], "192.0.2.1");
    ksz_store_close(st);
}

static int count_threat(const struct ksz_threat *t, void *user)
{
    (void)t;
    (*(int *)user)++;
    return 0;
}

static int count_report(const struct ksz_report *r, void *user)
{
    (void)r;
    (*(int *)user)++;
    return 0;
}

static int count_rel(const struct ksz_relationship *r, void *user)
{
    (void)r;
    (*(int *)user)++;
    return 0;
}

static void export_objects_follow_the_selection(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_indicator in;
    struct ksz_report r;
    struct ksz_filter f;
    const char *t1[] = {"Alpha"}, *t2[] = {"threat-actor:Bravo"};
    const char *refs[] = {"indicator--66666666-6666-4666-8666-666666666666"};
    int n;
    (void)state;

    ind_init(&in, KSZ_IOC_DOMAIN, "one.example.com");
    in.stix_id = refs[0];
    in.threats.items = t1;
    in.threats.n = 1;
    in.confidence = 90;
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "two.example.com");
    in.threats.items = t2;
    in.threats.n = 1;
    in.revoked = true;
    put(st, &in);
    memset(&r, 0, sizeof r);
    r.title = "R";
    r.tlp = KSZ_TLP_GREEN;
    r.object_refs.items = refs;
    r.object_refs.n = 1;
    assert_int_equal(ksz_store_put_report(st, &r, NULL, &err), KSZ_OK);
    n = 0;
    assert_int_equal(ksz_store_each_threat(st, NULL, count_threat, &n, &err), KSZ_OK);
    assert_int_equal(n, 2);
    ksz_filter_init(&f);
    f.now = NOW;
    n = 0;
    assert_int_equal(ksz_store_each_threat(st, &f, count_threat, &n, &err), KSZ_OK);
    assert_int_equal(n, 1); /* Bravo's indicator is revoked */
    n = 0;
    assert_int_equal(ksz_store_each_relationship(st, &f, count_rel, &n, &err), KSZ_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(ksz_store_each_report(st, &f, count_report, &n, &err), KSZ_OK);
    assert_int_equal(n, 1);
    f.tlp_max = KSZ_TLP_CLEAR; /* the report is green */
    n = 0;
    assert_int_equal(ksz_store_each_report(st, &f, count_report, &n, &err), KSZ_OK);
    assert_int_equal(n, 0);
    ksz_store_close(st);
}

struct wl {
    int n;
    char names[4][32];
    size_t entries[4];
    bool enabled[4];
    ksz_warn_policy policy[4];
    int64_t version[4];
};

static int wl_cb(const struct ksz_warn_list *l, size_t n, void *user)
{
    struct wl *w = user;
    snprintf(w->names[w->n], 32, "%s", l->name);
    w->entries[w->n] = n;
    w->enabled[w->n] = l->enabled;
    w->policy[w->n] = l->policy;
    w->version[w->n] = l->version;
    w->n++;
    return 0;
}

static void warninglists_round_trip_and_keep_local_settings(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_warn_list l;
    ksz_put_result res = 0;
    struct wl w;
    const char *e1[] = {"192.0.2.0/24", "198.51.100.0/24"};
    const char *e2[] = {"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"};
    (void)state;

    memset(&l, 0, sizeof l);
    l.name = "docs-ranges";
    l.description = "documentation ranges";
    l.version = 1;
    l.kind = KSZ_WARN_CIDR;
    l.policy = KSZ_WARN_POLICY_WARN;
    l.enabled = true;
    assert_int_equal(ksz_store_put_warnlist(st, &l, e1, 2, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_ADDED);
    assert_int_equal(ksz_store_put_warnlist(st, &l, e1, 2, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_UNCHANGED);
    assert_int_equal(ksz_store_set_warnlist(st, "docs-ranges", false, KSZ_WARN_POLICY_BLOCK, &err),
                     KSZ_OK);
    assert_int_equal(ksz_store_set_warnlist(st, "nope", true, KSZ_WARN_POLICY_WARN, &err),
                     KSZ_ERR_NOTFOUND);
    l.version = 2;
    assert_int_equal(ksz_store_put_warnlist(st, &l, e2, 3, &res, &err), KSZ_OK);
    assert_int_equal(res, KSZ_PUT_UPDATED);
    memset(&w, 0, sizeof w);
    assert_int_equal(ksz_store_each_warnlist(st, wl_cb, &w, &err), KSZ_OK);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.names[0], "docs-ranges");
    assert_int_equal(w.entries[0], 3);
    assert_int_equal(w.version[0], 2);
    assert_false(w.enabled[0]);                       /* kept */
    assert_int_equal(w.policy[0], KSZ_WARN_POLICY_BLOCK); /* kept */
    ksz_store_close(st);
}

static void order_is_type_value_source(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_indicator in;
    struct ksz_filter f;
    struct seen s;
    (void)state;

    ind_init(&in, KSZ_IOC_DOMAIN, "b.example.com");
    in.source = "zeta";
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "b.example.com");
    in.source = "alpha";
    put(st, &in);
    ind_init(&in, KSZ_IOC_DOMAIN, "a.example.com");
    put(st, &in);
    ind_init(&in, KSZ_IOC_IPV4, "192.0.2.9");
    put(st, &in);
    all_filter(&f);
    s = query(st, &f);
    assert_int_equal(s.n, 4);
    assert_string_equal(s.values[0], "192.0.2.9");
    assert_string_equal(s.values[1], "a.example.com");
    assert_string_equal(s.values[2], "b.example.com");
    assert_string_equal(s.values[3], "b.example.com");
    assert_true(s.id[2] > s.id[3]); /* alpha (put second) before zeta */
    ksz_store_close(st);
}

struct texts {
    int n;
    char s[8][64];
};

static int threat_aliases_cb(const struct ksz_threat *t, void *user)
{
    struct texts *x = user;
    for (size_t i = 0; i < t->aliases.n && x->n < 8; i++)
        snprintf(x->s[x->n++], 64, "%s", t->aliases.items[i]);
    return 0;
}

static int report_refs_cb(const struct ksz_report *r, void *user)
{
    struct texts *x = user;
    for (size_t i = 0; i < r->object_refs.n && x->n < 8; i++)
        snprintf(x->s[x->n++], 64, "%s", r->object_refs.items[i]);
    return 0;
}

/* Regression: aliases and object refs were kept as pointers into a
 * statement's row, which the next step overwrote. */
static void lists_of_threats_and_reports_come_back_whole(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_error err = {0};
    struct ksz_threat t;
    struct ksz_report r;
    struct texts x;
    const char *aliases[] = {"Fancy Bear", "Sofacy", "STRONTIUM"};
    const char *refs[] = {"indicator--00000000-0000-4000-8000-000000000001",
                          "indicator--00000000-0000-4000-8000-000000000002",
                          "malware--00000000-0000-4000-8000-000000000003"};
    (void)state;

    memset(&t, 0, sizeof t);
    t.kind = KSZ_THREAT_INTRUSION_SET;
    t.name = "APT28";
    t.aliases.items = aliases;
    t.aliases.n = 3;
    assert_int_equal(ksz_store_put_threat(st, &t, NULL, &err), KSZ_OK);
    memset(&r, 0, sizeof r);
    r.title = "T";
    r.object_refs.items = refs;
    r.object_refs.n = 3;
    assert_int_equal(ksz_store_put_report(st, &r, NULL, &err), KSZ_OK);
    memset(&x, 0, sizeof x);
    assert_int_equal(ksz_store_each_threat(st, NULL, threat_aliases_cb, &x, &err), KSZ_OK);
    assert_int_equal(x.n, 3);
    assert_string_equal(x.s[0], "Fancy Bear");
    assert_string_equal(x.s[1], "STRONTIUM");
    assert_string_equal(x.s[2], "Sofacy");
    memset(&x, 0, sizeof x);
    assert_int_equal(ksz_store_each_report(st, NULL, report_refs_cb, &x, &err), KSZ_OK);
    assert_int_equal(x.n, 3);
    assert_string_equal(x.s[0], refs[0]);
    assert_string_equal(x.s[1], refs[1]);
    assert_string_equal(x.s[2], refs[2]);
    ksz_store_close(st);
}

/* Searches of one shape reuse a prepared statement: values bound for one
 * run must not leak into the next, a search run from inside another of the
 * same shape gets its own statement, and more shapes than the cache holds
 * still answer. */
struct nested {
    struct ksz_store *st;
    int outer, inner;
};

static int count_cb(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                    void *user)
{
    (void)ind;
    (void)state;
    (*(int *)user)++;
    return 0;
}

static int nested_cb(const struct ksz_indicator *ind, const struct ksz_indicator_state *state,
                     void *user)
{
    struct nested *n = user;
    struct ksz_filter f;
    struct ksz_error err = {0};

    (void)ind;
    (void)state;
    all_filter(&f); /* the outer search's own shape */
    f.types = KSZ_IOC_BIT(KSZ_IOC_DOMAIN);
    assert_int_equal(ksz_store_each_indicator(n->st, &f, count_cb, &n->inner, &err), KSZ_OK);
    n->outer++;
    return 0;
}

static void searches_of_one_shape_reuse_their_statement_safely(void **state)
{
    struct ksz_store *st = open_mem();
    struct ksz_indicator in;
    struct ksz_filter f;
    struct ksz_error err = {0};
    struct nested n = {.st = st};
    const char *domains[] = {"a.example.org", "b.example.org", "c.example.org"};
    char src[32];
    struct seen s;
    (void)state;

    for (size_t i = 0; i < 3; i++) {
        ind_init(&in, KSZ_IOC_DOMAIN, domains[i]);
        put(st, &in);
    }
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < 3; i++) {
            all_filter(&f);
            f.value_type = KSZ_IOC_DOMAIN;
            f.value = domains[i];
            s = query(st, &f);
            assert_int_equal(s.n, 1);
            assert_string_equal(s.values[0], domains[i]);
        }
    }
    /* the outer walk's statement is busy while each inner search runs */
    all_filter(&f);
    f.types = KSZ_IOC_BIT(KSZ_IOC_DOMAIN);
    assert_int_equal(ksz_store_each_indicator(st, &f, nested_cb, &n, &err), KSZ_OK);
    assert_int_equal(n.outer, 3);
    assert_int_equal(n.inner, 9);
    /* more shapes than the cache keeps: each source name is a bound value,
     * each min_confidence a different one; the shapes differ by clause */
    for (int i = 0; i < 40; i++) {
        int c = 0;
        all_filter(&f);
        snprintf(src, sizeof src, "src-%d", i);
        if (i % 2)
            f.source = src;
        if (i % 3)
            f.min_confidence = i;
        if (i % 5)
            f.types = KSZ_IOC_BIT(KSZ_IOC_DOMAIN) | KSZ_IOC_BIT((i % 4) + 1);
        if (i % 7)
            f.tag = "t";
        f.since = i % 11 ? i : 0;
        assert_int_equal(ksz_store_each_indicator(st, &f, count_cb, &c, &err), KSZ_OK);
        assert_int_equal(c, i % 2 == 0 && i % 7 == 0 ? 3 : 0); /* confidence 50 > i */
    }
    ksz_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_ip_finds_the_cidrs_holding_it),
        cmocka_unit_test(a_domain_finds_its_parents),
        cmocka_unit_test(text_search_covers_descriptions_and_reports),
        cmocka_unit_test(tlp_ceiling_and_the_red_rule),
        cmocka_unit_test(filters_by_tag_source_type_and_warnings),
        cmocka_unit_test(export_objects_follow_the_selection),
        cmocka_unit_test(warninglists_round_trip_and_keep_local_settings),
        cmocka_unit_test(order_is_type_value_source),
        cmocka_unit_test(lists_of_threats_and_reports_come_back_whole),
        cmocka_unit_test(searches_of_one_shape_reuse_their_statement_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
