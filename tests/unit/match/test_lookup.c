/* SPDX-License-Identifier: Apache-2.0 */
/* test_lookup.c - the matching semantics of issue 4, section 2, on snapshots
 * built in memory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/match.h"

struct fixture {
    struct ksz_snapshot *snap;
    struct ksz_matcher *m;
};

struct spec {
    ksz_ioc_type type;
    const char *value;
    const char *source;
    int64_t from, until;
};

static void build(struct fixture *f, const struct spec *specs, size_t n,
                  const struct ksz_match_opts *o)
{
    struct ksz_snapshot_writer *w = NULL;
    struct ksz_error err = {0};
    void *data = NULL;
    size_t len = 0;

    assert_int_equal(ksz_snapshot_writer_new(&w, &err), KSZ_OK);
    ksz_snapshot_writer_set_time(w, 1700000000);
    for (size_t i = 0; i < n; i++) {
        struct ksz_indicator ind = {0};
        bool added = false;
        ind.type = specs[i].type;
        ind.value = specs[i].value;
        ind.source = specs[i].source ? specs[i].source : "feed-a";
        ind.valid_from = specs[i].from;
        ind.valid_until = specs[i].until;
        ind.confidence = 80;
        ind.tlp = KSZ_TLP_GREEN;
        if (ksz_snapshot_writer_add(w, &ind, 50.0, &added, &err) != KSZ_OK)
            fail_msg("add %s: %s", specs[i].value, err.msg);
        assert_true(added);
    }
    assert_int_equal(ksz_snapshot_writer_build(w, &data, &len, &err), KSZ_OK);
    ksz_snapshot_writer_free(w);
    if (ksz_snapshot_open_mem(data, len, &f->snap, &err) != KSZ_OK)
        fail_msg("open: %s", err.msg);
    ksz_snapshot_buf_free(data);
    assert_int_equal(ksz_matcher_new(f->snap, o, &f->m, &err), KSZ_OK);
}

static void teardown_fixture(struct fixture *f)
{
    ksz_matcher_free(f->m);
    ksz_snapshot_close(f->snap);
}

/* Collects hits as "value|via" strings joined by ';'. */
struct seen {
    const struct ksz_snapshot *snap;
    char buf[4096];
    size_t n;
    size_t keys[64];
};

static int collect(const struct ksz_match_hit *hit, void *user)
{
    struct seen *s = user;
    struct ksz_snap_indicator ind;
    size_t used = strlen(s->buf);

    assert_int_equal(ksz_snapshot_indicator(s->snap, hit->indicator, &ind, NULL), KSZ_OK);
    assert_int_equal(ind.type, hit->type);
    snprintf(s->buf + used, sizeof s->buf - used, "%s%s|%d", used ? ";" : "", ind.value,
             (int)hit->via);
    if (s->n < 64)
        s->keys[s->n] = hit->key;
    s->n++;
    return 0;
}

static const char *look(struct fixture *f, ksz_match_kind kind, const char *text, int64_t t,
                        struct seen *s)
{
    size_t nh = 99;
    memset(s, 0, sizeof *s);
    s->snap = f->snap;
    assert_int_equal(ksz_match_text(f->m, kind, text, strlen(text), t, collect, s, &nh), KSZ_OK);
    assert_int_equal(nh, s->n);
    return s->buf;
}

static const char *look4(struct fixture *f, const char *ip, int64_t t, struct seen *s)
{
    uint32_t a;
    memset(s, 0, sizeof *s);
    s->snap = f->snap;
    assert_int_equal(ksz_ipv4_parse(ip, strlen(ip), &a, NULL), KSZ_OK);
    assert_int_equal(ksz_match_ipv4(f->m, a, t, collect, s, NULL), KSZ_OK);
    return s->buf;
}

#define T0 1700000000
#define DAY 86400

static const struct spec ip_specs[] = {
    {KSZ_IOC_IPV4, "1.2.3.4", NULL, 0, 0},
    {KSZ_IOC_CIDR4, "1.2.3.0/24", NULL, 0, 0},
    {KSZ_IOC_CIDR4, "1.2.0.0/16", NULL, 0, 0},
    {KSZ_IOC_CIDR4, "1.0.0.0/8", NULL, 0, 0},
    {KSZ_IOC_CIDR4, "1.2.3.4/32", NULL, 0, 0},
    {KSZ_IOC_CIDR4, "9.9.9.0/24", NULL, 0, 0},
    {KSZ_IOC_IPV6, "2001:db8::1", NULL, 0, 0},
    {KSZ_IOC_CIDR6, "2001:db8::/32", NULL, 0, 0},
    {KSZ_IOC_CIDR6, "2001:db8:1::/48", NULL, 0, 0},
    {KSZ_IOC_CIDR6, "2001:db8:1:2::/64", NULL, 0, 0},
};

static void ipv4_reports_exact_then_every_containing_network(void **state)
{
    struct fixture f;
    struct seen s;
    (void)state;
    build(&f, ip_specs, sizeof ip_specs / sizeof ip_specs[0], NULL);
    assert_string_equal(look4(&f, "1.2.3.4", T0, &s),
                        "1.2.3.4|1;1.2.3.4/32|2;1.2.3.0/24|2;1.2.0.0/16|2;1.0.0.0/8|2");
    /* the neighbour: the networks only */
    assert_string_equal(look4(&f, "1.2.3.5", T0, &s), "1.2.3.0/24|2;1.2.0.0/16|2;1.0.0.0/8|2");
    assert_string_equal(look4(&f, "1.3.0.0", T0, &s), "1.0.0.0/8|2");
    assert_string_equal(look4(&f, "2.0.0.0", T0, &s), "");
    assert_string_equal(look4(&f, "9.9.10.1", T0, &s), "");
    teardown_fixture(&f);
}

static void ipv6_exact_cidr_and_mapped_ipv4(void **state)
{
    struct fixture f;
    struct seen s;
    (void)state;
    build(&f, ip_specs, sizeof ip_specs / sizeof ip_specs[0], NULL);
    assert_string_equal(look(&f, KSZ_MATCH_HOST, "2001:db8::1", T0, &s),
                        "2001:db8::1|1;2001:db8::/32|2");
    assert_string_equal(look(&f, KSZ_MATCH_HOST, "2001:DB8:1:2:0::5", T0, &s),
                        "2001:db8:1:2::/64|2;2001:db8:1::/48|2;2001:db8::/32|2");
    assert_string_equal(look(&f, KSZ_MATCH_HOST, "[2001:db8:ffff::1]", T0, &s),
                        "2001:db8::/32|2");
    assert_string_equal(look(&f, KSZ_MATCH_HOST, "2001:db9::1", T0, &s), "");
    assert_string_equal(look(&f, KSZ_MATCH_HOST, "::ffff:1.2.3.4", T0, &s),
                        "1.2.3.4|1;1.2.3.4/32|2;1.2.3.0/24|2;1.2.0.0/16|2;1.0.0.0/8|2");
    teardown_fixture(&f);
}

static const struct spec dom_specs[] = {
    {KSZ_IOC_DOMAIN, "evil.com", NULL, 0, 0},
    {KSZ_IOC_DOMAIN, "b.evil.com", NULL, 0, 0},
    {KSZ_IOC_DOMAIN, "other.net", NULL, 0, 0},
    {KSZ_IOC_URL, "http://evil.com/x?y=1", NULL, 0, 0},
    {KSZ_IOC_URL, "http://good.org", NULL, 0, 0},
    {KSZ_IOC_URL, "https://good.org:8443/a", NULL, 0, 0},
    {KSZ_IOC_IPV4, "5.6.7.8", NULL, 0, 0},
    {KSZ_IOC_EMAIL, "boss@evil.com", NULL, 0, 0},
};

static void domain_hits_itself_and_every_parent_on_label_boundaries(void **state)
{
    struct fixture f;
    struct seen s;
    (void)state;
    build(&f, dom_specs, sizeof dom_specs / sizeof dom_specs[0], NULL);
    assert_string_equal(look(&f, KSZ_MATCH_DOMAIN, "evil.com", T0, &s), "evil.com|1");
    assert_string_equal(look(&f, KSZ_MATCH_DOMAIN, "a.evil.com", T0, &s), "evil.com|3");
    assert_string_equal(look(&f, KSZ_MATCH_DOMAIN, "x.a.b.evil.com", T0, &s),
                        "b.evil.com|3;evil.com|3");
    assert_string_equal(look(&f, KSZ_MATCH_DOMAIN, "A.B.EVIL.COM.", T0, &s),
                        "b.evil.com|3;evil.com|3");
    teardown_fixture(&f);
}

static void domain_label_glued_and_suffixed_names_do_not_hit(void **state)
{
    struct fixture f;
    struct seen s;
    (void)state;
    build(&f, dom_specs, sizeof dom_specs / sizeof dom_specs[0], NULL);
    assert_string_equal(look(&f, KSZ_MATCH_DOMAIN, "xevil.com", T0, &s), "");
    assert_string_equal(look(&f, KSZ_MATCH_DOMAIN, "evil.com.example", T0, &s), "");
    /* evil.com.other.net is a subdomain of other.net, not of evil.com */
    assert_string_equal(look(&f, KSZ_MATCH_DOMAIN, "evil.com.other.net", T0, &s),
                        "other.net|3");
    assert_string_equal(look(&f, KSZ_MATCH_DOMAIN, "com", T0, &s), "");
    assert_string_equal(look(&f, KSZ_MATCH_DOMAIN, "", T0, &s), "");
    teardown_fixture(&f);
}

static void url_exact_after_canonicalisation_and_its_host(void **state)
{
    struct fixture f;
    struct seen s;
    (void)state;
    build(&f, dom_specs, sizeof dom_specs / sizeof dom_specs[0], NULL);
    assert_string_equal(look(&f, KSZ_MATCH_URL, "HTTP://Evil.COM:80/x?y=1", T0, &s),
                        "http://evil.com/x?y=1|1;evil.com|4");
    /* path and query are case-sensitive */
    assert_string_equal(look(&f, KSZ_MATCH_URL, "http://evil.com/X?y=1", T0, &s), "evil.com|4");
    assert_string_equal(look(&f, KSZ_MATCH_URL, "http://www.evil.com/", T0, &s), "evil.com|4");
    assert_string_equal(look(&f, KSZ_MATCH_URL, "http://good.org/", T0, &s),
                        "http://good.org|1");
    assert_string_equal(look(&f, KSZ_MATCH_URL, "https://good.org:8443/a", T0, &s),
                        "https://good.org:8443/a|1");
    assert_string_equal(look(&f, KSZ_MATCH_URL, "https://good.org:443/a", T0, &s), "");
    assert_string_equal(look(&f, KSZ_MATCH_URL, "http://5.6.7.8:8080/p", T0, &s), "5.6.7.8|4");
    /* a proxy CONNECT line has host:port only */
    assert_string_equal(look(&f, KSZ_MATCH_URL, "a.evil.com:443", T0, &s), "evil.com|4");
    assert_string_equal(look(&f, KSZ_MATCH_URL, "http://xevil.com/x?y=1", T0, &s), "");
    teardown_fixture(&f);
}

static void url_canon_matches_the_parsers_form(void **state)
{
    const char *cases[][2] = {
        {"HTTP://Evil.COM:80/x?y=1", "http://evil.com/x?y=1"},
        {"https://evil.com:443/", "https://evil.com"},
        {"http://evil.com.:8080/A", "http://evil.com:8080/A"},
        {"http://user:pw@Evil.com/", "http://user:pw@evil.com"},
        {"http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[256], ref[256];
        size_t n = 0, rn = 0, hl = 0;
        const char *h = NULL;
        assert_int_equal(ksz_match_url_canon(cases[i][0], strlen(cases[i][0]), out, sizeof out,
                                             &n, &h, &hl),
                         KSZ_OK);
        assert_string_equal(out, cases[i][1]);
        assert_int_equal(ksz_url_canon(cases[i][0], strlen(cases[i][0]), ref, sizeof ref, &rn,
                                       NULL, NULL),
                         KSZ_OK);
        assert_string_equal(out, ref);
    }
}

/* A URL is hashed where it lies in the log (scheme, host and port rebuilt
 * only when they change) and written out only when the filter passes: every
 * way of writing it must give the canonical form's hash. Hosts and paths of
 * many lengths put the seam between the rebuilt head and the path at every
 * position of a 16-byte hash block. */
static void url_hashed_in_place_hits_whatever_the_spelling(void **state)
{
    enum { NH = 20, NP = 36 };
    struct spec *specs = calloc(NH * NP, sizeof *specs);
    char (*canon)[192] = calloc(NH * NP, sizeof *canon);
    struct fixture f;
    (void)state;

    assert_non_null(specs);
    assert_non_null(canon);
    for (int k = 0; k < NH; k++)
        for (int p = 0; p < NP; p++) {
            char host[64], path[64];
            memset(host, 'a' + k % 26, (size_t)k + 1);
            host[k + 1] = '\0';
            memset(path, 'p', (size_t)p);
            path[p] = '\0';
            snprintf(canon[k * NP + p], sizeof canon[0], "http://%s.com%s%s", host,
                     p > 0 ? "/" : "", path);
            specs[k * NP + p] = (struct spec){KSZ_IOC_URL, canon[k * NP + p], NULL, 0, 0};
        }
    build(&f, specs, NH * NP, NULL);
    for (int k = 0; k < NH; k++)
        for (int p = 0; p < NP; p++) {
            const char *want = canon[k * NP + p];
            const char *rest = want + 7;                 /* host.com[/path] */
            const char *slash = strchr(rest, '/');
            size_t hl = slash ? (size_t)(slash - rest) : strlen(rest);
            char up[64], v[4][160];
            struct seen s;
            for (size_t i = 0; i < hl; i++)
                up[i] = (char)(rest[i] >= 'a' && rest[i] <= 'z' ? rest[i] - 32 : rest[i]);
            up[hl] = '\0';
            snprintf(v[0], sizeof v[0], "%s%s", want, slash ? "" : "/");  /* as written */
            snprintf(v[1], sizeof v[1], "HTTP://%s:80%s", up, slash ? slash : "/");
            snprintf(v[2], sizeof v[2], "http://%.*s.%s", (int)hl, rest, slash ? slash : "");
            snprintf(v[3], sizeof v[3], "Http://%.*s:080%s", (int)hl, rest, slash ? slash : "");
            for (int j = 0; j < 4; j++) {
                char exp[160];
                look(&f, KSZ_MATCH_URL, v[j], T0, &s);
                snprintf(exp, sizeof exp, "%s|1", want);
                if (strcmp(s.buf, exp) != 0)
                    fail_msg("%s: got '%s', want '%s'", v[j], s.buf, exp);
            }
        }
    teardown_fixture(&f);
    free(specs);
    free(canon);
}

static void hashes_and_email_are_exact(void **state)
{
    static const struct spec specs[] = {
        {KSZ_IOC_MD5, "d41d8cd98f00b204e9800998ecf8427e", NULL, 0, 0},
        {KSZ_IOC_SHA1, "da39a3ee5e6b4b0d3255bfef95601890afd80709", NULL, 0, 0},
        {KSZ_IOC_SHA256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", NULL,
         0, 0},
        {KSZ_IOC_SHA512,
         "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2"
         "877eec2f63b931bd47417a81a538327af927da3e",
         NULL, 0, 0},
        {KSZ_IOC_EMAIL, "boss@evil.com", NULL, 0, 0},
    };
    struct fixture f;
    struct seen s;
    (void)state;
    build(&f, specs, sizeof specs / sizeof specs[0], NULL);
    assert_string_equal(look(&f, KSZ_MATCH_HASH, "D41D8CD98F00B204E9800998ECF8427E", T0, &s),
                        "d41d8cd98f00b204e9800998ecf8427e|1");
    assert_string_equal(look(&f, KSZ_MATCH_HASH, "d41d8cd98f00b204e9800998ecf8427f", T0, &s), "");
    assert_string_equal(look(&f, KSZ_MATCH_HASH, "da39a3ee5e6b4b0d3255bfef95601890afd80709", T0,
                             &s),
                        "da39a3ee5e6b4b0d3255bfef95601890afd80709|1");
    assert_string_equal(
        look(&f, KSZ_MATCH_HASH,
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", T0, &s),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855|1");
    assert_int_equal(strlen(look(&f, KSZ_MATCH_HASH, specs[3].value, T0, &s)) > 0, 1);
    assert_string_equal(look(&f, KSZ_MATCH_HASH, "d41d8cd98f00b204e9800998ecf8427", T0, &s), "");
    assert_string_equal(look(&f, KSZ_MATCH_HASH, "z41d8cd98f00b204e9800998ecf8427e", T0, &s), "");
    assert_string_equal(look(&f, KSZ_MATCH_EMAIL, "Boss@Evil.com", T0, &s), "boss@evil.com|1");
    assert_string_equal(look(&f, KSZ_MATCH_EMAIL, "boss@evil.co", T0, &s), "");
    teardown_fixture(&f);
}

static const struct spec win_specs[] = {
    {KSZ_IOC_DOMAIN, "evil.com", "feed-a", T0, T0 + 10 * DAY},
    {KSZ_IOC_DOMAIN, "evil.com", "feed-b", T0 + 5 * DAY, 0},
    {KSZ_IOC_DOMAIN, "evil.com", "feed-c", 0, T0 - DAY},
};

static void validity_windows_at_any_time_and_grace(void **state)
{
    struct fixture f;
    struct seen s;
    struct ksz_match_opts o;
    (void)state;
    build(&f, win_specs, 3, NULL);
    assert_int_equal(look(&f, KSZ_MATCH_DOMAIN, "evil.com", T0 + DAY, &s)[0] != 0, 1);
    assert_int_equal(s.n, 1);
    look(&f, KSZ_MATCH_DOMAIN, "evil.com", T0 + 6 * DAY, &s);
    assert_int_equal(s.n, 2);
    look(&f, KSZ_MATCH_DOMAIN, "evil.com", T0 + 20 * DAY, &s);
    assert_int_equal(s.n, 1);  /* only the open-ended one */
    look(&f, KSZ_MATCH_DOMAIN, "evil.com", T0 - 2 * DAY, &s);
    assert_int_equal(s.n, 1);  /* only the one that ended */
    look(&f, KSZ_MATCH_DOMAIN, "evil.com", T0 - 1, &s);
    assert_int_equal(s.n, 0);
    look(&f, KSZ_MATCH_DOMAIN, "evil.com", KSZ_MATCH_NO_TIME, &s);
    assert_int_equal(s.n, 3);
    /* the bounds are inclusive */
    look(&f, KSZ_MATCH_DOMAIN, "evil.com", T0, &s);
    assert_int_equal(s.n, 1);
    look(&f, KSZ_MATCH_DOMAIN, "evil.com", T0 + 10 * DAY, &s);
    assert_int_equal(s.n, 2);
    teardown_fixture(&f);

    ksz_match_opts_init(&o);
    o.at_any_time = true;
    build(&f, win_specs, 3, &o);
    look(&f, KSZ_MATCH_DOMAIN, "evil.com", T0 - 100 * DAY, &s);
    assert_int_equal(s.n, 3);
    teardown_fixture(&f);

    ksz_match_opts_init(&o);
    o.grace = DAY;
    build(&f, win_specs, 3, &o);
    look(&f, KSZ_MATCH_DOMAIN, "evil.com", T0 - 1, &s);
    assert_int_equal(s.n, 2);  /* feed-a early by a second, feed-c late by a day */
    look(&f, KSZ_MATCH_DOMAIN, "evil.com", T0 - DAY - 1, &s);
    assert_int_equal(s.n, 1);
    teardown_fixture(&f);
}

static void every_claim_on_a_key_is_reported_with_its_context(void **state)
{
    static const struct spec specs[] = {
        {KSZ_IOC_IPV4, "5.6.7.8", "feed-b", 0, 0},
        {KSZ_IOC_IPV4, "5.6.7.8", "feed-a", 0, 0},
        {KSZ_IOC_IPV4, "5.6.7.9", "feed-a", 0, 0},
        {KSZ_IOC_IPV4, "5.6.7.8", "feed-c", 0, 0},
    };
    struct fixture f;
    struct seen s;
    struct ksz_snap_indicator ind;
    const char *src[3];
    (void)state;
    build(&f, specs, 4, NULL);
    look4(&f, "5.6.7.8", T0, &s);
    assert_int_equal(s.n, 3);
    for (uint32_t i = 0; i < 4; i++) {
        assert_int_equal(ksz_snapshot_indicator(f.snap, i, &ind, NULL), KSZ_OK);
        if (i < 3)
            src[i] = ind.source;
    }
    /* a run keeps the arrival order */
    assert_string_equal(src[0], "feed-b");
    assert_string_equal(src[1], "feed-a");
    assert_string_equal(src[2], "feed-c");
    assert_int_equal(ind.confidence, 80);
    assert_int_equal(ind.score, 50);
    assert_int_equal(ind.tlp, KSZ_TLP_GREEN);
    teardown_fixture(&f);
}

static int stop_after_one(const struct ksz_match_hit *hit, void *user)
{
    (void)hit;
    (*(int *)user)++;
    return 1;
}

static void batch_reports_in_key_order_and_can_stop(void **state)
{
    struct fixture f;
    struct seen s;
    struct ksz_match_key keys[300];
    size_t nh = 0;
    int calls = 0;
    (void)state;
    build(&f, dom_specs, sizeof dom_specs / sizeof dom_specs[0], NULL);
    memset(keys, 0, sizeof keys);
    for (size_t i = 0; i < 300; i++) {
        keys[i].time = T0;
        if (i % 100 == 7) {
            keys[i].kind = KSZ_MATCH_DOMAIN;
            keys[i].text = "w.a.evil.com";
        } else if (i % 100 == 50) {
            keys[i].kind = KSZ_MATCH_IPV4;
            keys[i].u.ipv4 = 0x05060708;
        } else {
            keys[i].kind = KSZ_MATCH_URL;
            keys[i].text = "http://a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.harmless.org/index.html";
        }
        keys[i].len = keys[i].text ? strlen(keys[i].text) : 0;
    }
    memset(&s, 0, sizeof s);
    s.snap = f.snap;
    assert_int_equal(ksz_match_batch(f.m, keys, 300, collect, &s, &nh, NULL), KSZ_OK);
    assert_int_equal(nh, 6);
    assert_int_equal(s.keys[0], 7);
    assert_int_equal(s.keys[1], 50);
    assert_int_equal(s.keys[2], 107);
    assert_int_equal(s.keys[5], 250);
    assert_int_equal(ksz_match_batch(f.m, keys, 300, stop_after_one, &calls, &nh, NULL), KSZ_OK);
    assert_int_equal(calls, 1);
    assert_int_equal(nh, 1);
    keys[3].kind = (ksz_match_kind)99;
    assert_int_equal(ksz_match_batch(f.m, keys, 300, NULL, NULL, &nh, NULL), KSZ_ERR_INVALID);
    teardown_fixture(&f);
}

/* Many networks (the 24-bit bitmap path) against a brute-force count. */
static void many_networks_agree_with_brute_force(void **state)
{
    enum { NNET = 6000, NQ = 20000 };
    struct spec *specs = calloc(NNET, sizeof *specs);
    char (*vals)[24] = calloc(NNET, 24);
    uint32_t *net = calloc(NNET, 4), *plen = calloc(NNET, 4);
    struct fixture f;
    uint64_t x = 88172645463325252ULL;
    (void)state;
    for (size_t i = 0; i < NNET; i++) {
        uint32_t a, p;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        p = 12 + (uint32_t)(x % 21);
        a = (uint32_t)(x >> 20) & (0xffffffffu << (32 - p));
        a = (a & 0x0fffffffu) | 0x10000000u; /* keep them dense enough to overlap */
        a &= 0xffffffffu << (32 - p);
        net[i] = a;
        plen[i] = p;
        snprintf(vals[i], 24, "%u.%u.%u.%u/%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255,
                 a & 255, p);
        specs[i].type = KSZ_IOC_CIDR4;
        specs[i].value = vals[i];
    }
    build(&f, specs, NNET, NULL);
    for (size_t q = 0; q < NQ; q++) {
        uint32_t a;
        size_t want = 0, got = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        a = q % 2 ? net[x % NNET] + (uint32_t)(x >> 40) % 300 : ((uint32_t)x & 0x0fffffffu) | 0x10000000u;
        for (size_t i = 0; i < NNET; i++)
            if ((a & (0xffffffffu << (32 - plen[i]))) == net[i])
                want++;
        assert_int_equal(ksz_match_ipv4(f.m, a, T0, NULL, NULL, &got), KSZ_OK);
        if (got != want)
            fail_msg("address %08x: %zu hits, expected %zu", a, got, want);
    }
    teardown_fixture(&f);
    free(specs);
    free(vals);
    free(net);
    free(plen);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ipv4_reports_exact_then_every_containing_network),
        cmocka_unit_test(ipv6_exact_cidr_and_mapped_ipv4),
        cmocka_unit_test(domain_hits_itself_and_every_parent_on_label_boundaries),
        cmocka_unit_test(domain_label_glued_and_suffixed_names_do_not_hit),
        cmocka_unit_test(url_exact_after_canonicalisation_and_its_host),
        cmocka_unit_test(url_canon_matches_the_parsers_form),
        cmocka_unit_test(url_hashed_in_place_hits_whatever_the_spelling),
        cmocka_unit_test(hashes_and_email_are_exact),
        cmocka_unit_test(validity_windows_at_any_time_and_grace),
        cmocka_unit_test(every_claim_on_a_key_is_reported_with_its_context),
        cmocka_unit_test(batch_reports_in_key_order_and_can_stop),
        cmocka_unit_test(many_networks_agree_with_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
