/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_export.c - what each blocklist target holds, from a store with live,
 * expired, decayed, revoked, false-positive, warninglisted, TLP:RED and
 * low-confidence indicators; stable sids; deltas; determinism.
 */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "kizashi/defense.h"

#define DAY 86400
#define T0 1735689600 /* 2025-01-01 */

struct files {
    char name[16][64];
    char *data[16];
    size_t len[16];
    int n;
};

static ksz_rc collect(void *user, const char *file, const char *buf, size_t len)
{
    struct files *f = user;
    int i = f->n - 1;

    if (buf == NULL) {
        assert_true(f->n < 16);
        i = f->n++;
        snprintf(f->name[i], sizeof f->name[i], "%s", file);
        f->data[i] = calloc(1, 1);
        f->len[i] = 0;
        return KSZ_OK;
    }
    assert_string_equal(f->name[i], file);
    f->data[i] = realloc(f->data[i], f->len[i] + len + 1);
    memcpy(f->data[i] + f->len[i], buf, len);
    f->len[i] += len;
    f->data[i][f->len[i]] = '\0';
    return KSZ_OK;
}

static void files_free(struct files *f)
{
    for (int i = 0; i < f->n; i++)
        free(f->data[i]);
    memset(f, 0, sizeof *f);
}

static const char *file(const struct files *f, const char *name)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->name[i], name) == 0)
            return f->data[i];
    fail_msg("no file %s", name);
    return NULL;
}

static void put(struct ksz_store *st, ksz_ioc_type t, const char *v, int conf, ksz_tlp tlp,
                int64_t from, int64_t until, uint32_t usage, const char *threat)
{
    struct ksz_indicator ind;
    const char *threats[1] = {threat};
    struct ksz_error err = {0};

    memset(&ind, 0, sizeof ind);
    ind.type = t;
    ind.value = v;
    ind.confidence = conf;
    ind.tlp = tlp;
    ind.valid_from = from;
    ind.valid_until = until;
    ind.usage = usage;
    ind.source = "feedA";
    ind.created = ind.modified = from;
    ind.threats.items = threats;
    ind.threats.n = threat != NULL;
    assert_int_equal(ksz_store_put_indicator(st, &ind, NULL, &err), KSZ_OK);
}

static int find_id(const struct ksz_indicator *ind, const struct ksz_indicator_state *s, void *u)
{
    (void)ind;
    *(int64_t *)u = s->id;
    return 1;
}

static int64_t id_of(struct ksz_store *st, ksz_ioc_type t, const char *v)
{
    struct ksz_filter f;
    int64_t id = 0;

    ksz_filter_init(&f);
    f.active_only = false;
    f.include_warned = true;
    f.tlp_max = KSZ_TLP_RED;
    f.allow_red = true;
    f.value_type = t;
    f.value = v;
    assert_int_equal(ksz_store_each_indicator(st, &f, find_id, &id, NULL), KSZ_OK);
    assert_true(id != 0);
    return id;
}

/* The store of the acceptance test: one of each kind of indicator. */
static struct ksz_store *build(void)
{
    struct ksz_store *st = NULL;
    struct ksz_warn_list wl;
    const char *entries[] = {"trusted-cdn.com"};
    int64_t far = T0 + 365 * DAY;

    assert_int_equal(ksz_store_open(":memory:", &st, NULL), KSZ_OK);
    /* decayed: stored 200 days before now, window still open */
    ksz_store_set_now(st, T0 - 200 * DAY);
    put(st, KSZ_IOC_DOMAIN, "decayed.com", 80, KSZ_TLP_GREEN, T0 - 200 * DAY, far, 0, NULL);
    ksz_store_set_now(st, T0 - DAY);
    assert_int_equal(ksz_store_begin(st, NULL), KSZ_OK);
    put(st, KSZ_IOC_DOMAIN, "live.com", 90, KSZ_TLP_GREEN, T0 - DAY, far, 0, "Emotet");
    put(st, KSZ_IOC_DOMAIN, "sub.live.com", 90, KSZ_TLP_GREEN, T0 - DAY, far, 0, "Emotet");
    put(st, KSZ_IOC_DOMAIN, "dns-only.net", 90, KSZ_TLP_GREEN, T0 - DAY, far,
        KSZ_USAGE_BLOCK_DNS, NULL);
    put(st, KSZ_IOC_DOMAIN, "expired.com", 90, KSZ_TLP_GREEN, T0 - 100 * DAY, T0 - 10 * DAY, 0,
        NULL);
    put(st, KSZ_IOC_DOMAIN, "revoked.com", 90, KSZ_TLP_GREEN, T0 - DAY, far, 0, NULL);
    put(st, KSZ_IOC_DOMAIN, "falsepos.com", 90, KSZ_TLP_GREEN, T0 - DAY, far, 0, NULL);
    put(st, KSZ_IOC_DOMAIN, "cdn.trusted-cdn.com", 90, KSZ_TLP_GREEN, T0 - DAY, far, 0, NULL);
    put(st, KSZ_IOC_DOMAIN, "red.com", 90, KSZ_TLP_RED, T0 - DAY, far, 0, NULL);
    put(st, KSZ_IOC_DOMAIN, "lowconf.com", 40, KSZ_TLP_GREEN, T0 - DAY, far, 0, NULL);
    put(st, KSZ_IOC_IPV4, "45.33.32.156", 90, KSZ_TLP_GREEN, T0 - DAY, far,
        KSZ_USAGE_BLOCK_FW_INBOUND, "Emotet");
    put(st, KSZ_IOC_CIDR4, "45.33.32.0/24", 90, KSZ_TLP_GREEN, T0 - DAY, far,
        KSZ_USAGE_BLOCK_FW_INBOUND, NULL);
    put(st, KSZ_IOC_CIDR4, "45.33.33.0/24", 90, KSZ_TLP_GREEN, T0 - DAY, far,
        KSZ_USAGE_BLOCK_FW_OUTBOUND, NULL);
    put(st, KSZ_IOC_IPV4, "10.1.2.3", 90, KSZ_TLP_GREEN, T0 - DAY, far, 0, NULL);
    put(st, KSZ_IOC_IPV6, "2a03:b0c0:3:d0::1", 90, KSZ_TLP_GREEN, T0 - DAY, far, 0, NULL);
    put(st, KSZ_IOC_URL, "http://live.com/gate.php?id=1", 90, KSZ_TLP_GREEN, T0 - DAY, far, 0,
        NULL);
    put(st, KSZ_IOC_SHA256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        90, KSZ_TLP_GREEN, T0 - DAY, far, 0, NULL);
    assert_int_equal(ksz_store_commit(st, NULL), KSZ_OK);
    assert_int_equal(ksz_store_mark(st, id_of(st, KSZ_IOC_DOMAIN, "revoked.com"),
                                    KSZ_MARK_REVOKE, "test", NULL, NULL),
                     KSZ_OK);
    assert_int_equal(ksz_store_mark(st, id_of(st, KSZ_IOC_DOMAIN, "falsepos.com"),
                                    KSZ_MARK_FALSE_POSITIVE, "test", NULL, NULL),
                     KSZ_OK);
    memset(&wl, 0, sizeof wl);
    wl.name = "cdns";
    wl.version = 1;
    wl.kind = KSZ_WARN_HOSTNAME;
    wl.policy = KSZ_WARN_POLICY_WARN;
    wl.enabled = true;
    /* stored after the import: the export still holds the value back */
    assert_int_equal(ksz_store_put_warnlist(st, &wl, entries, 1, NULL, NULL), KSZ_OK);
    ksz_store_set_now(st, T0);
    return st;
}

static void run(struct ksz_store *st, ksz_defense_target t, const struct ksz_filter *f,
                struct files *out)
{
    struct ksz_defense_opts o;
    struct ksz_error err = {0};

    ksz_defense_opts_init(&o);
    o.target = t;
    memset(out, 0, sizeof *out);
    assert_int_equal(ksz_defense_export(st, f, &o, collect, out, NULL, &err), KSZ_OK);
}

static void plain_holds_exactly_the_active_allowed_values(void **state)
{
    struct ksz_store *st = build();
    struct files out;
    (void)state;

    run(st, KSZ_DEFENSE_PLAIN, NULL, &out);
    assert_string_equal(file(&out, "kizashi.txt"),
                        "2a03:b0c0:3:d0::1\n"
                        "45.33.32.0/24\n"
                        "45.33.32.156\n"
                        "45.33.33.0/24\n"
                        "dns-only.net\n"
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
                        "http://live.com/gate.php?id=1\n"
                        "live.com\n"
                        "lowconf.com\n"
                        "sub.live.com\n");
    files_free(&out);
    ksz_store_close(st);
}

static void filters_narrow_confidence_and_tlp_red_needs_naming(void **state)
{
    struct ksz_store *st = build();
    struct ksz_filter f;
    struct files out;
    (void)state;

    ksz_filter_init(&f);
    f.now = T0;
    f.min_confidence = 50;
    f.types = KSZ_IOC_BIT(KSZ_IOC_DOMAIN);
    run(st, KSZ_DEFENSE_PLAIN, &f, &out);
    assert_string_equal(file(&out, "kizashi.txt"), "dns-only.net\nlive.com\nsub.live.com\n");
    files_free(&out);
    f.min_confidence = -1;
    f.tlp_max = KSZ_TLP_RED;
    f.allow_red = true;
    run(st, KSZ_DEFENSE_PLAIN, &f, &out);
    assert_non_null(strstr(file(&out, "kizashi.txt"), "red.com\n"));
    assert_null(strstr(file(&out, "kizashi.txt"), "revoked.com"));
    files_free(&out);
    ksz_store_close(st);
}

static void rpz_lists_block_dns_names_with_wildcards_and_context(void **state)
{
    struct ksz_store *st = build();
    struct files out;
    const char *z;
    (void)state;

    run(st, KSZ_DEFENSE_RPZ, NULL, &out);
    z = file(&out, "kizashi.rpz");
    assert_non_null(strstr(z, "\nlive.com\tCNAME\t.\n*.live.com\tCNAME\t.\n"));
    assert_non_null(strstr(z, "\ndns-only.net\tCNAME\t.\n"));
    assert_non_null(strstr(z, "; threat=Emotet; source=feedA; valid_until=2026-01-01T00:00:00Z\n"));
    assert_null(strstr(z, "sub.live.com")); /* covered by *.live.com */
    assert_null(strstr(z, "expired.com"));
    assert_null(strstr(z, "decayed.com"));
    assert_null(strstr(z, "revoked.com"));
    assert_null(strstr(z, "falsepos.com"));
    assert_null(strstr(z, "trusted-cdn"));
    assert_null(strstr(z, "red.com"));
    assert_non_null(strstr(z, "( 1735603200 3600")); /* serial: newest change */
    files_free(&out);
    ksz_store_close(st);
}

static void nftables_merges_and_splits_by_direction(void **state)
{
    struct ksz_store *st = build();
    struct files out;
    const char *s, *in, *outv4;
    (void)state;

    run(st, KSZ_DEFENSE_NFTABLES, NULL, &out);
    s = file(&out, "kizashi.nft");
    in = strstr(s, "set in_v4 {");
    outv4 = strstr(s, "set out_v4 {");
    assert_non_null(in);
    assert_non_null(outv4);
    /* 45.33.32.156 lies in 45.33.32.0/24: one interval in in_v4 */
    assert_non_null(strstr(in, "\t\t\t45.33.32.0/24\n"));
    assert_null(strstr(in, "\t\t\t45.33.32.156"));
    assert_true(strstr(outv4, "45.33.33.0/24") < strstr(s, "set out_v6"));
    assert_true(strstr(in, "45.33.33.0/24") > outv4); /* only outbound */
    assert_null(strstr(s, "10.1.2.3"));
    assert_non_null(strstr(s, "ip saddr @in_v4 counter drop"));
    files_free(&out);
    ksz_store_close(st);
}

static void squid_and_suricata_files_hold_their_types(void **state)
{
    struct ksz_store *st = build();
    struct files out;
    (void)state;

    run(st, KSZ_DEFENSE_SQUID, NULL, &out);
    assert_non_null(strstr(file(&out, "kizashi-domains.acl"), "\n.live.com\n"));
    assert_null(strstr(file(&out, "kizashi-domains.acl"), "sub.live.com"));
    assert_null(strstr(file(&out, "kizashi-domains.acl"), "dns-only.net"));  /* block-dns */
    assert_null(strstr(file(&out, "kizashi-ips.acl"), "45.33.")); /* firewall usages only */
    assert_non_null(strstr(file(&out, "kizashi-ips.acl"), "\n2a03:b0c0:3:d0::1/128\n"));
    assert_non_null(strstr(file(&out, "kizashi-urls.acl"),
                           "\n^http://live\\.com/gate\\.php\\?id=1(\\?|$)\n"));
    files_free(&out);

    run(st, KSZ_DEFENSE_SURICATA, NULL, &out);
    assert_non_null(strstr(file(&out, "kizashi.rules"),
                           "msg:\"KIZASHI Emotet domain live.com (DNS query)\"; dns.query;"
                           " dotprefix; content:\".live.com\"; endswith; nocase;"));
    assert_string_equal(file(&out, "kizashi-domains.lst"),
                        "ZG5zLW9ubHkubmV0\nbGl2ZS5jb20=\nbG93Y29uZi5jb20=\nc3ViLmxpdmUuY29t\n");
    assert_string_equal(file(&out, "kizashi-sha256.lst"),
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n");
    assert_string_equal(file(&out, "kizashi-ipv4.lst"), "45.33.32.156\n");
    files_free(&out);
    ksz_store_close(st);
}

static uint32_t sid_of(const char *rules, const char *needle)
{
    const char *p = strstr(rules, needle);
    assert_non_null(p);
    p = strstr(p, "sid:");
    assert_non_null(p);
    return (uint32_t)strtoul(p + 4, NULL, 10);
}

static void sids_stay_when_indicators_come_and_go(void **state)
{
    struct ksz_store *st = build();
    struct files a, b;
    uint32_t s1, s2;
    char v[64];
    (void)state;

    run(st, KSZ_DEFENSE_SURICATA, NULL, &a);
    s1 = sid_of(file(&a, "kizashi.rules"), "live.com (TLS SNI)");
    s2 = sid_of(file(&a, "kizashi.rules"), "45.33.32.156 (address)");
    assert_true(s1 >= KSZ_DEFENSE_SID_BASE + 16 && s2 >= KSZ_DEFENSE_SID_BASE + 16);
    assert_int_not_equal(s1, s2);
    /* many new values, some sorting before the old ones, and one old one gone */
    assert_int_equal(ksz_store_begin(st, NULL), KSZ_OK);
    for (int i = 0; i < 2000; i++) {
        snprintf(v, sizeof v, "a%d-new.com", i);
        put(st, KSZ_IOC_DOMAIN, v, 90, KSZ_TLP_GREEN, T0 - DAY, T0 + 30 * DAY, 0, NULL);
    }
    assert_int_equal(ksz_store_commit(st, NULL), KSZ_OK);
    assert_int_equal(ksz_store_mark(st, id_of(st, KSZ_IOC_DOMAIN, "sub.live.com"),
                                    KSZ_MARK_REVOKE, NULL, NULL, NULL),
                     KSZ_OK);
    run(st, KSZ_DEFENSE_SURICATA, NULL, &b);
    assert_int_equal(sid_of(file(&b, "kizashi.rules"), "live.com (TLS SNI)"), s1);
    assert_int_equal(sid_of(file(&b, "kizashi.rules"), "45.33.32.156 (address)"), s2);
    files_free(&a);
    files_free(&b);
    ksz_store_close(st);
}

static void since_gives_added_and_removed(void **state)
{
    struct ksz_store *st = build();
    struct ksz_defense_opts o;
    struct ksz_defense_summary sum;
    struct files out;
    (void)state;

    /* a day later: live.com revoked, new.org added */
    ksz_store_set_now(st, T0 + DAY);
    assert_int_equal(ksz_store_mark(st, id_of(st, KSZ_IOC_DOMAIN, "live.com"), KSZ_MARK_REVOKE,
                                    NULL, NULL, NULL),
                     KSZ_OK);
    put(st, KSZ_IOC_DOMAIN, "new.org", 90, KSZ_TLP_GREEN, T0 + DAY, T0 + 30 * DAY, 0, NULL);
    ksz_defense_opts_init(&o);
    o.target = KSZ_DEFENSE_PLAIN;
    o.since = T0 + 3600;
    memset(&out, 0, sizeof out);
    assert_int_equal(ksz_defense_export(st, NULL, &o, collect, &out, &sum, NULL), KSZ_OK);
    assert_string_equal(file(&out, "kizashi.txt"), "-live.com\n+new.org\n");
    assert_int_equal(sum.added, 1);
    assert_int_equal(sum.removed, 1);
    files_free(&out);
    o.target = KSZ_DEFENSE_RPZ;
    assert_int_equal(ksz_defense_export(st, NULL, &o, collect, &out, NULL, NULL),
                     KSZ_ERR_INVALID);
    files_free(&out);
    ksz_store_close(st);
}

static void same_store_gives_same_bytes_for_every_target(void **state)
{
    struct ksz_store *st = build();
    (void)state;

    for (int t = 1; t < KSZ_DEFENSE__COUNT; t++) {
        struct files a, b;
        run(st, (ksz_defense_target)t, NULL, &a);
        run(st, (ksz_defense_target)t, NULL, &b);
        assert_int_equal(a.n, b.n);
        assert_true(a.n >= 1);
        for (int i = 0; i < a.n; i++) {
            assert_string_equal(a.name[i], b.name[i]);
            assert_string_equal(a.data[i], b.data[i]);
            assert_null(strstr(a.data[i], "trusted-cdn"));
            assert_null(strstr(a.data[i], "revoked.com"));
            assert_null(strstr(a.data[i], "10.1.2.3"));
        }
        files_free(&a);
        files_free(&b);
    }
    ksz_store_close(st);
}

static void targets_parse_by_name(void **state)
{
    ksz_defense_target t;
    (void)state;

    assert_int_equal(ksz_defense_target_parse("zeek", 4, &t), KSZ_OK);
    assert_int_equal(t, KSZ_DEFENSE_ZEEK_INTEL);
    assert_int_equal(ksz_defense_target_parse("NFTABLES", 8, &t), KSZ_OK);
    assert_int_equal(t, KSZ_DEFENSE_NFTABLES);
    assert_int_equal(ksz_defense_target_parse("pf", 2, &t), KSZ_ERR_NOTFOUND);
    assert_true(ksz_defense_target_is_dir(KSZ_DEFENSE_SURICATA));
    assert_false(ksz_defense_target_is_dir(KSZ_DEFENSE_RPZ));
    assert_int_equal(ksz_defense_default_usage(KSZ_DEFENSE_RPZ), KSZ_USAGE_BLOCK_DNS);
    assert_true(ksz_defense_target_has_delta(KSZ_DEFENSE_IPSET));
    assert_false(ksz_defense_target_has_delta(KSZ_DEFENSE_SURICATA));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_holds_exactly_the_active_allowed_values),
        cmocka_unit_test(filters_narrow_confidence_and_tlp_red_needs_naming),
        cmocka_unit_test(rpz_lists_block_dns_names_with_wildcards_and_context),
        cmocka_unit_test(nftables_merges_and_splits_by_direction),
        cmocka_unit_test(squid_and_suricata_files_hold_their_types),
        cmocka_unit_test(sids_stay_when_indicators_come_and_go),
        cmocka_unit_test(since_gives_added_and_removed),
        cmocka_unit_test(same_store_gives_same_bytes_for_every_target),
        cmocka_unit_test(targets_parse_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
