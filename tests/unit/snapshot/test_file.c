/* SPDX-License-Identifier: Apache-2.0 */
/* test_file.c - the snapshot file: same bytes for the same input, context
 * kept, safe replacement on disk, and every kind of damage refused with
 * the offset. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "kizashi/match.h"
#include "snapshot/snap_int.h"

static const char *threats_a[] = {"Emotet", "TA542"};

static void add_all(struct ksz_snapshot_writer *w)
{
    static const struct {
        ksz_ioc_type type;
        const char *value;
    } vals[] = {
        {KSZ_IOC_IPV4, "198.51.100.7"},
        {KSZ_IOC_CIDR4, "203.0.113.0/24"},
        {KSZ_IOC_IPV6, "2001:db8::7"},
        {KSZ_IOC_CIDR6, "2001:db8:5::/48"},
        {KSZ_IOC_DOMAIN, "evil.example.com"},
        {KSZ_IOC_URL, "http://evil.example.com/gate.php"},
        {KSZ_IOC_EMAIL, "ops@evil.example.com"},
        {KSZ_IOC_MD5, "d41d8cd98f00b204e9800998ecf8427e"},
        {KSZ_IOC_SHA256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {KSZ_IOC_DOMAIN, "evil.example.com"},
    };
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        struct ksz_indicator ind = {0};
        struct ksz_error err = {0};
        ind.type = vals[i].type;
        ind.value = vals[i].value;
        ind.stix_id = i == 0 ? "indicator--0d6b8f4a-1111-4c2b-9d5e-000000000001" : NULL;
        ind.valid_from = 1700000000;
        ind.valid_until = i % 2 ? 0 : 1800000000;
        ind.confidence = (int)(10 * i);
        ind.tlp = i % 2 ? KSZ_TLP_AMBER : KSZ_TLP_CLEAR;
        ind.usage = KSZ_USAGE_BLOCK_PROXY_OUTBOUND | KSZ_USAGE_BLOCK_DNS;
        ind.source = i < 5 ? "abuse-feed" : "partner-cert";
        ind.report = i == 4 ? "Emotet returns" : NULL;
        ind.threats.items = threats_a;
        ind.threats.n = i == 4 ? 2 : 0;
        if (ksz_snapshot_writer_add(w, &ind, i == 3 ? -1.0 : 42.4, NULL, &err) != KSZ_OK)
            fail_msg("%s", err.msg);
    }
}

static void build(void **data, size_t *len)
{
    struct ksz_snapshot_writer *w = NULL;
    assert_int_equal(ksz_snapshot_writer_new(&w, NULL), KSZ_OK);
    ksz_snapshot_writer_set_time(w, 1710000000);
    add_all(w);
    assert_int_equal(ksz_snapshot_writer_count(w), 10);
    assert_int_equal(ksz_snapshot_writer_build(w, data, len, NULL), KSZ_OK);
    ksz_snapshot_writer_free(w);
}

static void same_input_gives_the_same_bytes(void **state)
{
    void *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    (void)state;
    build(&a, &la);
    build(&b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    assert_int_equal(la % 64, 0);
    ksz_snapshot_buf_free(a);
    ksz_snapshot_buf_free(b);
}

static void context_survives_the_round_trip(void **state)
{
    void *data = NULL;
    size_t len = 0;
    struct ksz_snapshot *s = NULL;
    struct ksz_snapshot_info info;
    struct ksz_snap_indicator ind;
    struct ksz_error err = {0};
    bool found = false;
    (void)state;
    build(&data, &len);
    assert_int_equal(ksz_snapshot_open_mem(data, len, &s, &err), KSZ_OK);
    ksz_snapshot_buf_free(data);
    assert_int_equal(ksz_snapshot_verify(s, &err), KSZ_OK);
    ksz_snapshot_get_info(s, &info);
    assert_int_equal(info.version, KSZ_SNAPSHOT_VERSION);
    assert_int_equal(info.build_time, 1710000000);
    assert_int_equal(info.indicators, 10);
    assert_int_equal(info.records[KSZ_IOC_DOMAIN], 2);
    assert_int_equal(info.keys[KSZ_IOC_DOMAIN], 1);
    assert_int_equal(info.records[KSZ_IOC_SHA256], 1);
    assert_int_equal(info.cidr4_prefixes, 1);
    for (uint32_t i = 0; i < info.indicators; i++) {
        assert_int_equal(ksz_snapshot_indicator(s, i, &ind, &err), KSZ_OK);
        if (ind.type == KSZ_IOC_IPV4) {
            assert_string_equal(ind.value, "198.51.100.7");
            assert_string_equal(ind.stix_id, "indicator--0d6b8f4a-1111-4c2b-9d5e-000000000001");
            assert_int_equal(ind.valid_until, 1800000000);
            assert_int_equal(ind.score, 42);
            assert_int_equal(ind.confidence, 0);
            assert_int_equal(ind.usage, KSZ_USAGE_BLOCK_PROXY_OUTBOUND | KSZ_USAGE_BLOCK_DNS);
        }
        if (ind.type == KSZ_IOC_CIDR6)
            assert_int_equal(ind.score, -1);
        if (ind.type == KSZ_IOC_DOMAIN && ind.n_threats == 2) {
            size_t tl = 0;
            found = true;
            assert_string_equal(ind.report, "Emotet returns");
            assert_string_equal(ind.source, "abuse-feed");
            assert_string_equal(ksz_snapshot_threat(s, &ind, 1, &tl), "TA542");
            assert_int_equal(tl, 5);
            assert_string_equal(ksz_snapshot_threat(s, &ind, 2, &tl), "");
            assert_int_equal(ind.valid_until, 1800000000);
            assert_int_equal(ind.tlp, KSZ_TLP_CLEAR);
        }
        if (ind.type == KSZ_IOC_URL) {
            assert_string_equal(ind.source, "partner-cert");
            assert_string_equal(ind.report, "");
            assert_string_equal(ind.stix_id, "");
            assert_int_equal(ind.valid_until, 0);
        }
    }
    assert_true(found);
    assert_int_equal(ksz_snapshot_indicator(s, 10, &ind, &err), KSZ_ERR_NOTFOUND);
    ksz_snapshot_close(s);
}

static void bad_values_are_refused_and_the_writer_goes_on(void **state)
{
    struct ksz_snapshot_writer *w = NULL;
    struct ksz_indicator ind = {0};
    struct ksz_error err = {0};
    bool added = true;
    (void)state;
    assert_int_equal(ksz_snapshot_writer_new(&w, NULL), KSZ_OK);
    ind.type = KSZ_IOC_IPV4;
    ind.value = "1.2.3";
    assert_int_equal(ksz_snapshot_writer_add(w, &ind, 0, &added, &err), KSZ_ERR_PARSE);
    assert_false(added);
    assert_non_null(strstr(err.msg, "ipv4"));
    ind.type = KSZ_IOC_SHA1;
    ind.value = "abc";
    assert_int_equal(ksz_snapshot_writer_add(w, &ind, 0, &added, &err), KSZ_ERR_PARSE);
    ind.type = KSZ_IOC_CVE;
    ind.value = "CVE-2024-1234";
    assert_int_equal(ksz_snapshot_writer_add(w, &ind, 0, &added, &err), KSZ_OK);
    assert_false(added);
    ind.type = KSZ_IOC_IPV4;
    ind.value = "1.2.3.4";
    assert_int_equal(ksz_snapshot_writer_add(w, &ind, 0, &added, &err), KSZ_OK);
    assert_true(added);
    assert_int_equal(ksz_snapshot_writer_count(w), 1);
    ksz_snapshot_writer_free(w);
}

static void an_empty_snapshot_loads_and_matches_nothing(void **state)
{
    struct ksz_snapshot_writer *w = NULL;
    struct ksz_snapshot *s = NULL;
    struct ksz_matcher *m = NULL;
    void *data = NULL;
    size_t len = 0, nh = 7;
    (void)state;
    assert_int_equal(ksz_snapshot_writer_new(&w, NULL), KSZ_OK);
    assert_int_equal(ksz_snapshot_writer_build(w, &data, &len, NULL), KSZ_OK);
    assert_int_equal(ksz_snapshot_open_mem(data, len, &s, NULL), KSZ_OK);
    assert_int_equal(ksz_matcher_new(s, NULL, &m, NULL), KSZ_OK);
    assert_int_equal(ksz_match_text(m, KSZ_MATCH_URL, "http://a.com/", 13, 0, NULL, NULL, &nh),
                     KSZ_OK);
    assert_int_equal(nh, 0);
    ksz_matcher_free(m);
    ksz_snapshot_close(s);
    ksz_snapshot_buf_free(data);
    ksz_snapshot_writer_free(w);
}

static void write_file_replaces_the_old_one_atomically(void **state)
{
    char dir[] = "/tmp/ksz-snap-XXXXXX";
    char path[128];
    struct ksz_snapshot_writer *w = NULL;
    struct ksz_snapshot *old = NULL, *neu = NULL;
    struct ksz_snapshot_info info;
    struct ksz_error err = {0};
    struct ksz_indicator ind = {0};
    uint64_t size = 0;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/hunt.snap", dir);
    assert_int_equal(ksz_snapshot_writer_new(&w, NULL), KSZ_OK);
    add_all(w);
    assert_int_equal(ksz_snapshot_writer_write_file(w, path, &size, &err), KSZ_OK);
    assert_int_equal(ksz_snapshot_open(path, &old, &err), KSZ_OK);
    /* rewrite with one more record while the old one is mapped */
    ind.type = KSZ_IOC_IPV4;
    ind.value = "192.0.2.1";
    assert_int_equal(ksz_snapshot_writer_add(w, &ind, 1, NULL, &err), KSZ_OK);
    assert_int_equal(ksz_snapshot_writer_write_file(w, path, NULL, &err), KSZ_OK);
    assert_int_equal(ksz_snapshot_open(path, &neu, &err), KSZ_OK);
    ksz_snapshot_get_info(old, &info);
    assert_int_equal(info.indicators, 10);
    assert_int_equal(info.file_size, size);
    assert_int_equal(ksz_snapshot_verify(old, &err), KSZ_OK);
    ksz_snapshot_get_info(neu, &info);
    assert_int_equal(info.indicators, 11);
    ksz_snapshot_close(old);
    ksz_snapshot_close(neu);
    /* no temporary left behind */
    assert_int_equal(rmdir(dir), -1);
    unlink(path);
    assert_int_equal(rmdir(dir), 0);
    assert_int_equal(ksz_snapshot_open(path, &neu, &err), KSZ_ERR_IO);
    assert_non_null(strstr(err.msg, "hunt.snap"));
    ksz_snapshot_writer_free(w);
}

/* Re-seal the header after an edit, so that the section checks are reached. */
static void reseal(uint8_t *p)
{
    uint64_t end = SNAP_HEADER_SIZE + (uint64_t)snap_rd32(p + SNAP_H_NSECT) * SNAP_SECTION_SIZE;
    snap_wr64(p + SNAP_H_HEADSUM, 0);
    snap_wr64(p + SNAP_H_HEADSUM, ksz__snap_checksum(p, (size_t)end));
}

static void expect_refused(const uint8_t *p, size_t n, const char *needle)
{
    struct ksz_snapshot *s = NULL;
    struct ksz_error err = {0};
    assert_int_equal(ksz_snapshot_open_mem(p, n, &s, &err), KSZ_ERR_PARSE);
    assert_null(s);
    if (strstr(err.msg, needle) == NULL)
        fail_msg("message \"%s\" lacks \"%s\"", err.msg, needle);
}

static void damage_is_refused_with_the_offset(void **state)
{
    void *data = NULL;
    size_t len = 0;
    uint8_t *p;
    (void)state;
    build(&data, &len);
    p = malloc(len);

    for (size_t cut = 0; cut < len; cut += (cut < 512 ? 1 : 997))
        expect_refused(data, cut, "snapshot: ");
    expect_refused(data, 10, "the header alone needs 64");
    expect_refused(data, len - 1, "truncated");

    memcpy(p, data, len);
    p[0] = 'X';
    expect_refused(p, len, "bad magic at offset 0");

    memcpy(p, data, len);
    snap_wr32(p + SNAP_H_VERSION, 9);
    expect_refused(p, len, "version 9 at offset 8");

    memcpy(p, data, len);
    p[SNAP_HEADER_SIZE + 3 * SNAP_SECTION_SIZE + 9] ^= 1;
    expect_refused(p, len, "header checksum at offset 56");

    /* a section running past the end */
    memcpy(p, data, len);
    snap_wr64(p + SNAP_HEADER_SIZE + 5 * SNAP_SECTION_SIZE + 16, len);
    reseal(p);
    expect_refused(p, len, "runs past the end of the file");

    /* a table whose slot count is not a power of two */
    memcpy(p, data, len);
    for (uint32_t i = 0; i < snap_rd32(p + SNAP_H_NSECT); i++) {
        uint8_t *e = p + SNAP_HEADER_SIZE + i * SNAP_SECTION_SIZE;
        if (snap_rd32(e) == SNAP_SEC_TABLE) {
            snap_wr64(e + 24, snap_rd64(e + 24) - 1);
            break;
        }
    }
    reseal(p);
    expect_refused(p, len, "power of two");

    /* record count disagreeing with the header */
    memcpy(p, data, len);
    snap_wr64(p + SNAP_H_NREC, 11);
    reseal(p);
    expect_refused(p, len, "holds 10 records, the header at offset 32 says 11");

    /* overlapping sections */
    memcpy(p, data, len);
    snap_wr64(p + SNAP_HEADER_SIZE + 1 * SNAP_SECTION_SIZE + 8,
              snap_rd64(p + SNAP_HEADER_SIZE + 8));
    reseal(p);
    expect_refused(p, len, "overlaps");

    /* a body byte: loads (the header is fine), but verify says where */
    memcpy(p, data, len);
    p[len - 70] ^= 0x40;
    {
        struct ksz_snapshot *s = NULL;
        struct ksz_error err = {0};
        assert_int_equal(ksz_snapshot_open_mem(p, len, &s, &err), KSZ_OK);
        assert_int_equal(ksz_snapshot_verify(s, &err), KSZ_ERR_PARSE);
        assert_non_null(strstr(err.msg, "offset 48"));
        ksz_snapshot_close(s);
    }
    free(p);
    ksz_snapshot_buf_free(data);
}

/* Damaged references inside sections are caught where they are used. */
static void damaged_records_never_read_out_of_bounds(void **state)
{
    void *data = NULL;
    size_t len = 0;
    uint8_t *p;
    uint64_t rec_off;
    (void)state;
    build(&data, &len);
    p = data;
    rec_off = snap_rd64(p + SNAP_HEADER_SIZE + 8);
    for (uint32_t i = 0; i < 10; i++) {
        uint8_t *r = p + rec_off + i * SNAP_RECORD_SIZE;
        snap_wr32(r + SNAP_R_VALUE_OFF, 0xfffffff0u);
        snap_wr32(r + SNAP_R_CTX, 0x7fffffffu);
    }
    /* and every slot pointing far away */
    for (uint32_t i = 0; i < snap_rd32(p + SNAP_H_NSECT); i++) {
        uint8_t *e = p + SNAP_HEADER_SIZE + i * SNAP_SECTION_SIZE;
        if (snap_rd32(e) == SNAP_SEC_TABLE && e[4] == KSZ_IOC_IPV4) {
            uint64_t off = snap_rd64(e + 8), n = snap_rd64(e + 24);
            for (uint64_t k = 0; k < n; k++)
                if (snap_rd32(p + off + k * 12 + 8) != 0)
                    snap_wr32(p + off + k * 12 + 4, 0xfffffff0u);
        }
    }
    {
        struct ksz_snapshot *s = NULL;
        struct ksz_matcher *m = NULL;
        struct ksz_snap_indicator ind;
        size_t nh = 5;
        assert_int_equal(ksz_snapshot_open_mem(p, len, &s, NULL), KSZ_OK);
        assert_int_equal(ksz_snapshot_indicator(s, 0, &ind, NULL), KSZ_ERR_PARSE);
        assert_int_equal(ksz_matcher_new(s, NULL, &m, NULL), KSZ_OK);
        assert_int_equal(ksz_match_ipv4(m, 0xc6336407, 0, NULL, NULL, &nh), KSZ_OK);
        assert_int_equal(nh, 0);
        assert_int_equal(ksz_match_text(m, KSZ_MATCH_URL, "http://evil.example.com/gate.php", 32,
                                        0, NULL, NULL, &nh),
                         KSZ_OK);
        assert_int_equal(nh, 0);
        ksz_matcher_free(m);
        ksz_snapshot_close(s);
    }
    ksz_snapshot_buf_free(data);
}

static void writer_survives_every_allocation_failure(void **state)
{
    (void)state;
    for (long n = 0;; n++) {
        struct ksz_snapshot_writer *w = NULL;
        void *data = NULL;
        size_t len = 0;
        ksz_rc rc;
        struct ksz_error err = {0};

        ksz__alloc_fail_after(n);
        rc = ksz_snapshot_writer_new(&w, &err);
        if (rc == KSZ_OK) {
            for (int i = 0; i < 40 && rc == KSZ_OK; i++) {
                char v[32];
                const char *thr[] = {"Qakbot"};
                struct ksz_indicator ind = {0};
                snprintf(v, sizeof v, "h%d.evil.example.com", i % 30);
                ind.type = KSZ_IOC_DOMAIN;
                ind.value = v;
                ind.source = i % 2 ? "a" : "b";
                ind.threats.items = thr;
                ind.threats.n = 1;
                rc = ksz_snapshot_writer_add(w, &ind, 1, NULL, &err);
            }
            if (rc == KSZ_OK)
                rc = ksz_snapshot_writer_build(w, &data, &len, &err);
        }
        ksz__alloc_fail_after(-1);
        ksz_snapshot_writer_free(w);
        if (rc == KSZ_OK) {
            struct ksz_snapshot *s = NULL;
            assert_int_equal(ksz_snapshot_open_mem(data, len, &s, NULL), KSZ_OK);
            ksz_snapshot_close(s);
            ksz_snapshot_buf_free(data);
            assert_true(n > 5);
            break;
        }
        assert_int_equal(rc, KSZ_ERR_NOMEM);
        assert_null(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_input_gives_the_same_bytes),
        cmocka_unit_test(context_survives_the_round_trip),
        cmocka_unit_test(bad_values_are_refused_and_the_writer_goes_on),
        cmocka_unit_test(an_empty_snapshot_loads_and_matches_nothing),
        cmocka_unit_test(write_file_replaces_the_old_one_atomically),
        cmocka_unit_test(damage_is_refused_with_the_offset),
        cmocka_unit_test(damaged_records_never_read_out_of_bounds),
        cmocka_unit_test(writer_survives_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
