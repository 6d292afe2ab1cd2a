/* SPDX-License-Identifier: Apache-2.0 */
/* tests/unit/hunt/test_hunt.c -- the hunt pipeline end to end against a small
 * snapshot built in memory: validity windows, --grace, --at-any-time, the TLP
 * ceiling, malformed lines, .gz and .zst, directories, the same hits in
 * the same order whatever the thread count, and allocation failures on the
 * worker threads. */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include "core/core_int.h"
#include "kizashi/hunt.h"
#include "kizashi/snapshot.h"

#define T_2024 1704067200 /* 2024-01-01T00:00:00Z */
#define DAY 86400

static char tmpdir[256];

struct ind_spec {
    ksz_ioc_type type;
    const char *value;
    int64_t from, until;
    ksz_tlp tlp;
};

/* Indicators the samples in tests/data/logs hit. */
static const struct ind_spec specs[] = {
    {KSZ_IOC_DOMAIN, "evil-example.com", T_2024, T_2024 + 2 * DAY, KSZ_TLP_GREEN},  /* 0 */
    {KSZ_IOC_DOMAIN, "bad-c2.net", T_2024 - 10 * DAY, T_2024 - 5 * DAY, KSZ_TLP_GREEN}, /* 1: expired */
    {KSZ_IOC_IPV4, "198.51.100.7", 0, 0, KSZ_TLP_RED},                                /* 2 */
    {KSZ_IOC_URL, "http://www.evil-example.com/payload.bin", T_2024, T_2024 + DAY, KSZ_TLP_CLEAR},
    {KSZ_IOC_MD5, "44d88612fea8a8f36de82e1278abb02f", 0, 0, KSZ_TLP_AMBER},
    {KSZ_IOC_CIDR4, "203.0.113.0/24", T_2024, 0, KSZ_TLP_AMBER},
};

struct fixture {
    struct ksz_snapshot *snap;
};

static struct ksz_snapshot *build_snapshot_of(const struct ind_spec *sp, size_t n)
{
    struct ksz_snapshot_writer *w = NULL;
    struct ksz_snapshot *s = NULL;
    struct ksz_error err = {0};
    void *data = NULL;
    size_t len = 0;

    assert_int_equal(ksz_snapshot_writer_new(&w, &err), KSZ_OK);
    ksz_snapshot_writer_set_time(w, T_2024);
    for (size_t i = 0; i < n; i++) {
        struct ksz_indicator ind;
        static const char *const threats[] = {"ExampleRAT"};
        memset(&ind, 0, sizeof ind);
        ind.type = sp[i].type;
        ind.value = sp[i].value;
        ind.valid_from = sp[i].from;
        ind.valid_until = sp[i].until;
        ind.confidence = 80;
        ind.tlp = sp[i].tlp;
        ind.usage = KSZ_USAGE_BLOCK_PROXY_OUTBOUND;
        ind.source = "unit";
        ind.report = "Test report";
        ind.threats.items = threats;
        ind.threats.n = 1;
        assert_int_equal(ksz_snapshot_writer_add(w, &ind, 70.0, NULL, &err), KSZ_OK);
    }
    assert_int_equal(ksz_snapshot_writer_build(w, &data, &len, &err), KSZ_OK);
    assert_int_equal(ksz_snapshot_open_mem(data, len, &s, &err), KSZ_OK);
    ksz_snapshot_buf_free(data);
    ksz_snapshot_writer_free(w);
    return s;
}

static struct ksz_snapshot *build_snapshot(void)
{
    return build_snapshot_of(specs, sizeof specs / sizeof specs[0]);
}

/* Collected hits, as text lines "file:line field=value -> type:value via". */
struct collect {
    const struct ksz_snapshot *snap;
    char *text;
    size_t len, cap;
    unsigned malformed_calls;
    char malformed[512];
    unsigned file_errors;
};

static void append(struct collect *c, const char *s)
{
    size_t n = strlen(s);
    if (c->len + n + 1 > c->cap) {
        c->cap = (c->len + n + 1) * 2;
        c->text = realloc(c->text, c->cap);
        assert_non_null(c->text);
    }
    memcpy(c->text + c->len, s, n + 1);
    c->len += n;
}

static int on_hit(const struct ksz_hunt_hit *h, void *user)
{
    struct collect *c = user;
    struct ksz_snap_indicator ind;
    const char *base = strrchr(h->file, '/');
    char line[1024];

    assert_int_equal(ksz_snapshot_indicator(c->snap, h->match.indicator, &ind, NULL), KSZ_OK);
    snprintf(line, sizeof line, "%s:%llu %s=%.*s -> %s:%s\n", base ? base + 1 : h->file,
             (unsigned long long)h->line, h->field, (int)h->value_len, h->value,
             ksz_ioc_type_name(ind.type), ind.value);
    append(c, line);
    return 0;
}

static void on_malformed(const char *file, uint64_t line, const char *msg, void *user)
{
    struct collect *c = user;
    const char *base = strrchr(file, '/');
    size_t n = strlen(c->malformed);
    c->malformed_calls++;
    snprintf(c->malformed + n, sizeof c->malformed - n, "%s:%llu: %s\n", base ? base + 1 : file,
             (unsigned long long)line, msg);
}

static void on_file_error(const char *file, const struct ksz_error *err, void *user)
{
    struct collect *c = user;
    (void)file;
    (void)err;
    c->file_errors++;
}

static ksz_rc hunt(const struct ksz_snapshot *snap, const struct ksz_match_opts *mo,
                   const struct ksz_hunt_opts *ho, const char *const *paths, size_t n,
                   struct collect *c, struct ksz_hunt_stats *st)
{
    struct ksz_matcher *m = NULL;
    struct ksz_hunt_cbs cbs = {on_hit, on_malformed, on_file_error, NULL, c};
    struct ksz_error err = {0};
    ksz_rc rc;

    memset(c, 0, sizeof *c);
    c->snap = snap;
    append(c, "");
    assert_int_equal(ksz_matcher_new(snap, mo, &m, &err), KSZ_OK);
    rc = ksz_hunt_run(m, ho, paths, n, &cbs, st, &err);
    ksz_matcher_free(m);
    return rc;
}

static const char *data_path(const char *name)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/logs/%s", KSZ_TEST_DATA, name);
    return buf[k];
}

static int setup(void **state)
{
    static struct fixture f;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ksz-hunt-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    f.snap = build_snapshot();
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[512];
    ksz_snapshot_close(f->snap);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void hits_only_inside_the_validity_window(void **state)
{
    struct fixture *f = *state;
    struct ksz_match_opts mo;
    struct ksz_hunt_opts ho;
    struct ksz_hunt_stats st;
    struct collect c;
    const char *paths[] = {data_path("squid.log")};

    ksz_match_opts_init(&mo);
    ksz_hunt_opts_init(&ho);
    ho.tlp_max = KSZ_TLP_AMBER;
    assert_int_equal(hunt(f->snap, &mo, &ho, paths, 1, &c, &st), KSZ_OK);
    /* bad-c2.net expired before 2024-01-01; 198.51.100.7 is red (withheld) */
    assert_string_equal(c.text,
                        "squid.log:1 url=http://www.Evil-Example.com/payload.bin -> "
                        "url:http://www.evil-example.com/payload.bin\n"
                        "squid.log:1 url=http://www.Evil-Example.com/payload.bin -> "
                        "domain:evil-example.com\n"
                        "squid.log:1 peer=203.0.113.10 -> cidr4:203.0.113.0/24\n");
    assert_int_equal(st.lines, 5);
    assert_int_equal(st.malformed, 1);
    assert_int_equal(st.hits, 3);
    assert_int_equal(st.withheld, 3);   /* the red IP: peer on line 2, URL host and peer on line 5 */
    assert_int_equal(c.malformed_calls, 1);
    assert_non_null(strstr(c.malformed, "squid.log:4: squid: expected at least 7 fields"));
    assert_int_equal(st.files, 1);
    free(c.text);
}

static void grace_and_any_time_widen_windows(void **state)
{
    struct fixture *f = *state;
    struct ksz_match_opts mo;
    struct ksz_hunt_opts ho;
    struct ksz_hunt_stats st;
    struct collect c;
    const char *paths[] = {data_path("squid.log")};

    ksz_match_opts_init(&mo);
    ksz_hunt_opts_init(&ho);
    mo.grace = 4 * DAY;   /* bad-c2.net ended 5 days before: still out */
    assert_int_equal(hunt(f->snap, &mo, &ho, paths, 1, &c, &st), KSZ_OK);
    assert_null(strstr(c.text, "bad-c2.net"));
    free(c.text);
    mo.grace = 6 * DAY;   /* now in */
    assert_int_equal(hunt(f->snap, &mo, &ho, paths, 1, &c, &st), KSZ_OK);
    assert_non_null(strstr(c.text, "squid.log:2 url=bad-c2.net:443 -> domain:bad-c2.net\n"));
    free(c.text);
    mo.grace = 0;
    mo.at_any_time = true;
    assert_int_equal(hunt(f->snap, &mo, &ho, paths, 1, &c, &st), KSZ_OK);
    assert_non_null(strstr(c.text, "squid.log:2 url=bad-c2.net:443 -> domain:bad-c2.net\n"));
    free(c.text);
}

static void tlp_ceiling_withholds_and_red_releases(void **state)
{
    struct fixture *f = *state;
    struct ksz_match_opts mo;
    struct ksz_hunt_opts ho;
    struct ksz_hunt_stats st;
    struct collect c;
    const char *paths[] = {data_path("squid.log")};

    ksz_match_opts_init(&mo);
    ksz_hunt_opts_init(&ho);
    ho.tlp_max = KSZ_TLP_CLEAR;
    assert_int_equal(hunt(f->snap, &mo, &ho, paths, 1, &c, &st), KSZ_OK);
    assert_string_equal(c.text, "squid.log:1 url=http://www.Evil-Example.com/payload.bin -> "
                                "url:http://www.evil-example.com/payload.bin\n");
    free(c.text);
    ho.tlp_max = KSZ_TLP_RED;
    assert_int_equal(hunt(f->snap, &mo, &ho, paths, 1, &c, &st), KSZ_OK);
    assert_non_null(strstr(c.text, "squid.log:5 peer=198.51.100.7 -> ipv4:198.51.100.7\n"));
    assert_int_equal(st.withheld, 0);
    free(c.text);
}

static void hunts_every_format_sample(void **state)
{
    struct fixture *f = *state;
    struct ksz_match_opts mo;
    struct ksz_hunt_opts ho;
    struct ksz_hunt_stats st;
    struct collect c;
    const char *paths[] = {data_path("eve.json"), data_path("zeek_dns.log"),
                           data_path("bind.log"), data_path("zeek.json")};

    ksz_match_opts_init(&mo);
    mo.at_any_time = true;
    ksz_hunt_opts_init(&ho);
    ho.tlp_max = KSZ_TLP_AMBER;
    assert_int_equal(hunt(f->snap, &mo, &ho, paths, 4, &c, &st), KSZ_OK);
    assert_non_null(strstr(c.text, "eve.json:1 dns.rrname=www.Evil-Example.com -> domain:evil-example.com\n"));
    assert_non_null(strstr(c.text, "eve.json:3 tls.sni=bad-c2.net -> domain:bad-c2.net\n"));
    assert_non_null(strstr(c.text, "eve.json:4 fileinfo.md5=44d88612fea8a8f36de82e1278abb02f -> md5:44d88612fea8a8f36de82e1278abb02f\n"));
    assert_non_null(strstr(c.text, "zeek_dns.log:8 answers=cdn.bad-c2.net -> domain:bad-c2.net\n"));
    assert_non_null(strstr(c.text, "bind.log:2 query=bad-c2.net -> domain:bad-c2.net\n"));
    assert_non_null(strstr(c.text, "zeek.json:2 url=http://bad-c2.net:8080/a/b -> domain:bad-c2.net\n"));
    assert_int_equal(st.files, 4);
    assert_int_equal(st.malformed, 4);
    free(c.text);
}

/* A generated Squid log: n lines, every 97th a hit, every 1000th malformed. */
static char *write_squid(const char *name, unsigned n, size_t *len)
{
    char path[512], *text = NULL;
    size_t cap = 0, l = 0;
    FILE *fp;

    for (unsigned i = 0; i < n; i++) {
        char line[256];
        int k;
        if (i % 1000 == 999)
            k = snprintf(line, sizeof line, "garbage %u\n", i);
        else
            k = snprintf(line, sizeof line,
                         "%u.%03u %6u 10.0.%u.%u TCP_MISS/200 %u GET http://%s%u.example.org/p?%u - "
                         "HIER_DIRECT/192.0.2.%u text/html\n",
                         T_2024 + DAY / 2 + i, i % 1000, i % 999, i / 256 % 256, i % 256, i * 7,
                         i % 97 == 0 ? "x.evil-example.com/" : "host", i % 5000, i, i % 200);
        if (l + (size_t)k + 1 > cap) {
            cap = (l + (size_t)k + 1) * 2;
            text = realloc(text, cap);
        }
        memcpy(text + l, line, (size_t)k);
        l += (size_t)k;
    }
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, l, fp), l);
    fclose(fp);
    *len = l;
    return text;
}

static void threads_give_the_same_hits_in_the_same_order(void **state)
{
    struct fixture *f = *state;
    struct ksz_match_opts mo;
    struct ksz_hunt_opts ho;
    struct ksz_hunt_stats st1, st4;
    struct collect c1, c4;
    char path[512];
    const char *paths[] = {path};
    size_t len;
    char *text = write_squid("big.log", 60000, &len);
    unsigned want_hits = 0;

    for (unsigned i = 0; i < 60000; i++)
        want_hits += i % 97 == 0 && i % 1000 != 999;

    snprintf(path, sizeof path, "%s/big.log", tmpdir);
    ksz_match_opts_init(&mo);
    ksz_hunt_opts_init(&ho);
    ho.block = 64 * 1024 + 17;   /* many ranges, cut mid-line */
    ho.threads = 1;
    assert_int_equal(hunt(f->snap, &mo, &ho, paths, 1, &c1, &st1), KSZ_OK);
    ho.threads = 4;
    assert_int_equal(hunt(f->snap, &mo, &ho, paths, 1, &c4, &st4), KSZ_OK);
    assert_int_equal(st1.lines, 60000);
    assert_int_equal(st1.bytes, len);
    assert_int_equal(st1.malformed, 60);
    assert_int_equal(st1.hits, want_hits);
    assert_int_equal(st4.lines, st1.lines);
    assert_int_equal(st4.malformed, st1.malformed);
    assert_int_equal(st4.hits, st1.hits);
    assert_string_equal(c4.text, c1.text);
    assert_string_equal(c4.malformed, c1.malformed);
    assert_non_null(strstr(c1.malformed, "big.log:1000: squid:"));
    assert_non_null(strstr(c1.text, "big.log:1 url=http://x.evil-example.com/0.example.org/p?0 -> domain:evil-example.com\n"));
    assert_non_null(strstr(c1.text, "big.log:98 url="));
    free(c1.text);
    free(c4.text);
    free(text);
}

static void reads_gzip_and_zstd_like_plain_text(void **state)
{
    struct fixture *f = *state;
    struct ksz_match_opts mo;
    struct ksz_hunt_opts ho;
    struct ksz_hunt_stats st;
    struct collect plain, gz, zs;
    char p_plain[512], p_gz[512], p_zst[512];
    size_t len, zcap;
    char *text = write_squid("c.log", 30000, &len);
    void *z;
    gzFile g;
    FILE *fp;

    snprintf(p_plain, sizeof p_plain, "%s/c.log", tmpdir);
    snprintf(p_gz, sizeof p_gz, "%s/c.log.gz", tmpdir);
    snprintf(p_zst, sizeof p_zst, "%s/c.log.zst", tmpdir);
    /* gzip in two members, to check that concatenated members are read */
    g = gzopen(p_gz, "wb");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, text, (unsigned)(len / 3)), (int)(len / 3));
    gzclose(g);
    g = gzopen(p_gz, "ab");
    assert_int_equal(gzwrite(g, text + len / 3, (unsigned)(len - len / 3)), (int)(len - len / 3));
    gzclose(g);
    zcap = ZSTD_compressBound(len);
    z = malloc(zcap);
    zcap = ZSTD_compress(z, zcap, text, len, 3);
    assert_false(ZSTD_isError(zcap));
    fp = fopen(p_zst, "wb");
    assert_int_equal(fwrite(z, 1, zcap, fp), zcap);
    fclose(fp);
    free(z);

    ksz_match_opts_init(&mo);
    ksz_hunt_opts_init(&ho);
    ho.block = 100000;
    {
        const char *pp[] = {p_plain};
        assert_int_equal(hunt(f->snap, &mo, &ho, pp, 1, &plain, &st), KSZ_OK);
    }
    for (int threads = 1; threads <= 3; threads += 2) {
        const char *pg[] = {p_gz}, *pz[] = {p_zst};
        ho.threads = (unsigned)threads;
        assert_int_equal(hunt(f->snap, &mo, &ho, pg, 1, &gz, &st), KSZ_OK);
        assert_int_equal(st.lines, 30000);
        assert_int_equal(st.bytes, len);
        assert_int_equal(hunt(f->snap, &mo, &ho, pz, 1, &zs, &st), KSZ_OK);
        assert_int_equal(st.lines, 30000);
        /* same hits, same lines: only the file name differs */
        assert_int_equal(gz.len, plain.len + 3 * (size_t)st.hits);
        assert_int_equal(zs.len, plain.len + 4 * (size_t)st.hits);
        free(gz.text);
        free(zs.text);
    }
    free(plain.text);
    free(text);
}

static void refuses_truncated_compressed_data(void **state)
{
    struct fixture *f = *state;
    struct ksz_match_opts mo;
    struct ksz_hunt_opts ho;
    struct ksz_hunt_stats st;
    struct collect c;
    char path[512];
    const char *pp[] = {path};
    static const char text[] = "1704110400.123 5 10.0.0.5 TCP_MISS/200 5 GET http://a.com/ - HIER_DIRECT/1.2.3.4 -\n";
    char z[256];
    size_t zn = ZSTD_compress(z, sizeof z, text, sizeof text - 1, 1);
    FILE *fp;

    snprintf(path, sizeof path, "%s/t.zst", tmpdir);
    fp = fopen(path, "wb");
    fwrite(z, 1, zn - 3, fp);
    fclose(fp);
    ksz_match_opts_init(&mo);
    ksz_hunt_opts_init(&ho);
    assert_int_equal(hunt(f->snap, &mo, &ho, pp, 1, &c, &st), KSZ_ERR_PARSE);
    assert_int_equal(c.file_errors, 1);
    free(c.text);
}

static void walks_directories_in_name_order(void **state)
{
    struct fixture *f = *state;
    struct ksz_match_opts mo;
    struct ksz_hunt_opts ho;
    struct ksz_hunt_stats st;
    struct collect c;
    char dir[512], sub[512], cmd[4096];
    const char *pp[] = {dir, "/nonexistent/file.log"};

    snprintf(dir, sizeof dir, "%s/walk", tmpdir);
    snprintf(sub, sizeof sub, "%s/walk/b", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s/c.log' && cp '%s' '%s/a.log' && touch '%s/.hidden' '%s/empty.log'",
             data_path("squid.log"), sub, data_path("bind.log"), dir, dir, dir);
    assert_int_equal(system(cmd), 0);
    ksz_match_opts_init(&mo);
    mo.at_any_time = true;
    ksz_hunt_opts_init(&ho);
    assert_int_equal(hunt(f->snap, &mo, &ho, pp, 2, &c, &st), KSZ_ERR_IO);
    assert_int_equal(c.file_errors, 1);
    assert_int_equal(st.files, 3);   /* a.log, b/c.log, empty.log */
    assert_true(strstr(c.text, "a.log:1 ") < strstr(c.text, "c.log:1 "));
    assert_non_null(strstr(c.text, "a.log:1 "));
    free(c.text);
}

static void ranges_tile_a_file_exactly(void **state)
{
    struct ksz_log_input *in = NULL;
    struct ksz_buf b;
    char path[512];
    size_t len;
    char *text = write_squid("r.log", 3000, &len);
    (void)state;

    snprintf(path, sizeof path, "%s/r.log", tmpdir);
    assert_int_equal(ksz_log_input_open(path, &in, NULL), KSZ_OK);
    assert_int_equal(ksz_log_input_size(in), len);
    ksz_buf_init(&b, 0);
    for (uint64_t block = 1; block < 400; block += 37) {
        size_t got = 0;
        for (uint64_t off = 0; off < len; off += block) {
            const char *d;
            size_t n;
            assert_int_equal(ksz_log_input_range(in, off, block, &b, &d, &n, NULL), KSZ_OK);
            if (n > 0)
                assert_memory_equal(d, text + got, n);
            got += n;
        }
        assert_int_equal(got, len);
    }
    ksz_buf_cleanup(&b);
    ksz_log_input_close(in);
    free(text);
}

/* A large log at rest is mapped and its ranges handed out in place: the
 * same lines, exactly once, whatever the cut; and the same hits as when it
 * is read with pread (a file just written). */
static void large_file_at_rest_is_mapped_and_tiles_the_same(void **state)
{
    struct fixture *f = *state;
    struct ksz_log_input *in = NULL;
    struct ksz_match_opts mo;
    struct ksz_hunt_opts ho;
    struct ksz_hunt_stats st_new, st_old;
    struct collect c_new, c_old;
    struct timeval tv[2];
    struct ksz_buf b;
    char path[512];
    const char *pp[] = {path};
    size_t len;
    char *text = write_squid("large.log", 130000, &len);   /* about 17 MB */

    snprintf(path, sizeof path, "%s/large.log", tmpdir);
    assert_true(len > 16u * 1024u * 1024u);
    ksz_match_opts_init(&mo);
    ksz_hunt_opts_init(&ho);
    ho.block = 1024 * 1024 + 7;
    ho.threads = 2;
    assert_int_equal(hunt(f->snap, &mo, &ho, pp, 1, &c_new, &st_new), KSZ_OK);   /* pread */
    tv[0].tv_sec = tv[1].tv_sec = time(NULL) - 3600;
    tv[0].tv_usec = tv[1].tv_usec = 0;
    assert_int_equal(utimes(path, tv), 0);
    assert_int_equal(hunt(f->snap, &mo, &ho, pp, 1, &c_old, &st_old), KSZ_OK);   /* mapped */
    assert_int_equal(st_old.lines, 130000);
    assert_int_equal(st_old.bytes, len);
    assert_int_equal(st_old.hits, st_new.hits);
    assert_string_equal(c_old.text, c_new.text);
    assert_string_equal(c_old.malformed, c_new.malformed);
    free(c_new.text);
    free(c_old.text);

    assert_int_equal(ksz_log_input_open(path, &in, NULL), KSZ_OK);
    ksz_buf_init(&b, 0);
    for (uint64_t block = 999983; block < len; block += 2999999) {
        size_t got = 0;
        for (uint64_t off = 0; off < len; off += block) {
            const char *d;
            size_t n;
            assert_int_equal(ksz_log_input_range(in, off, block, &b, &d, &n, NULL), KSZ_OK);
            if (n > 0)
                assert_memory_equal(d, text + got, n);
            got += n;
        }
        assert_int_equal(got, len);
    }
    assert_int_equal(b.len, 0);   /* in place: the buffer was never filled */
    ksz_buf_cleanup(&b);
    ksz_log_input_close(in);
    free(text);
}

/* An allocation failing on any thread (the injection counter is shared by
 * the workers) ends the hunt with KSZ_ERR_NOMEM, or the hunt succeeds and
 * found everything; never a crash, a hang or a leak. Under TSan this also
 * checks that the workers share nothing unsynchronised on these paths. */
static void allocation_failures_on_worker_threads_end_the_hunt_cleanly(void **state)
{
    struct fixture *f = *state;
    struct ksz_match_opts mo;
    struct ksz_hunt_opts ho;
    struct ksz_hunt_stats st, ref_st;
    struct collect ref, c;
    struct ksz_matcher *m = NULL;
    struct ksz_hunt_cbs cbs = {on_hit, on_malformed, on_file_error, NULL, &c};
    char path[512];
    const char *pp[] = {path};
    size_t len;
    char *text = write_squid("inject.log", 3000, &len);
    unsigned failed = 0, passed = 0;

    snprintf(path, sizeof path, "%s/inject.log", tmpdir);
    ksz_match_opts_init(&mo);
    ksz_hunt_opts_init(&ho);
    ho.block = 8 * 1024 + 5;   /* about 50 ranges */
    ho.threads = 4;
    assert_int_equal(hunt(f->snap, &mo, &ho, pp, 1, &ref, &ref_st), KSZ_OK);
    assert_true(ref_st.hits > 0);
    assert_int_equal(ksz_matcher_new(f->snap, &mo, &m, NULL), KSZ_OK);
    for (long n = 0; n < 600 && passed < 3; n += 3) {
        struct ksz_error err = {0};
        ksz_rc rc;

        memset(&c, 0, sizeof c);
        c.snap = f->snap;
        append(&c, "");
        ksz__alloc_fail_after(n);
        rc = ksz_hunt_run(m, &ho, pp, 1, &cbs, &st, &err);
        ksz__alloc_fail_after(-1);
        if (rc == KSZ_OK) {
            assert_int_equal(st.lines, ref_st.lines);
            assert_int_equal(st.hits, ref_st.hits);
            assert_string_equal(c.text, ref.text);
            passed++;
        } else {
            assert_int_equal(rc, KSZ_ERR_NOMEM);
            failed++;
        }
        free(c.text);
    }
    assert_true(failed > 0);
    assert_true(passed > 0);
    ksz_matcher_free(m);
    free(ref.text);
    free(text);
}

/* Internal indicators exist (a compromised host, a rogue resolver): an
 * address in RFC 1918, loopback or link-local space must hit like any other,
 * as the client or the peer of a line, exactly or inside a network. */
static void private_and_loopback_addresses_are_looked_up(void **state)
{
    static const struct ind_spec internal[] = {
        {KSZ_IOC_IPV4, "10.20.30.40", 0, 0, KSZ_TLP_GREEN},
        {KSZ_IOC_CIDR4, "192.168.7.0/24", 0, 0, KSZ_TLP_GREEN},
        {KSZ_IOC_IPV4, "127.0.0.2", 0, 0, KSZ_TLP_GREEN},
        {KSZ_IOC_CIDR4, "172.16.0.0/12", 0, 0, KSZ_TLP_GREEN},
        {KSZ_IOC_IPV4, "169.254.1.1", 0, 0, KSZ_TLP_GREEN},
        {KSZ_IOC_DOMAIN, "evil-example.com", 0, 0, KSZ_TLP_GREEN},
    };
    struct ksz_snapshot *snap = build_snapshot_of(internal, sizeof internal / sizeof internal[0]);
    struct ksz_match_opts mo;
    struct ksz_hunt_opts ho;
    struct ksz_hunt_stats st;
    struct collect c;
    char path[512];
    const char *pp[] = {path};
    FILE *fp;

    snprintf(path, sizeof path, "%s/internal.log", tmpdir);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("1704110400.123      5 10.20.30.40 TCP_MISS/200 5 GET http://a.example.org/ - "
          "HIER_DIRECT/192.168.7.9 -\n"
          "1704110401.000      5 10.20.30.41 TCP_MISS/200 5 GET http://127.0.0.2/x - "
          "HIER_DIRECT/172.31.255.1 -\n"
          "1704110402.000      5 10.0.0.1 TCP_MISS/200 5 GET http://169.254.1.1/ - "
          "HIER_DIRECT/192.168.8.1 -\n",
          fp);
    fclose(fp);
    ksz_match_opts_init(&mo);
    ksz_hunt_opts_init(&ho);
    assert_int_equal(hunt(snap, &mo, &ho, pp, 1, &c, &st), KSZ_OK);
    assert_string_equal(c.text, "internal.log:1 client=10.20.30.40 -> ipv4:10.20.30.40\n"
                                "internal.log:1 peer=192.168.7.9 -> cidr4:192.168.7.0/24\n"
                                "internal.log:2 url=http://127.0.0.2/x -> ipv4:127.0.0.2\n"
                                "internal.log:2 peer=172.31.255.1 -> cidr4:172.16.0.0/12\n"
                                "internal.log:3 url=http://169.254.1.1/ -> ipv4:169.254.1.1\n");
    assert_int_equal(st.hits, 5);
    free(c.text);
    ksz_snapshot_close(snap);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hits_only_inside_the_validity_window),
        cmocka_unit_test(grace_and_any_time_widen_windows),
        cmocka_unit_test(tlp_ceiling_withholds_and_red_releases),
        cmocka_unit_test(hunts_every_format_sample),
        cmocka_unit_test(threads_give_the_same_hits_in_the_same_order),
        cmocka_unit_test(allocation_failures_on_worker_threads_end_the_hunt_cleanly),
        cmocka_unit_test(reads_gzip_and_zstd_like_plain_text),
        cmocka_unit_test(refuses_truncated_compressed_data),
        cmocka_unit_test(walks_directories_in_name_order),
        cmocka_unit_test(ranges_tile_a_file_exactly),
        cmocka_unit_test(private_and_loopback_addresses_are_looked_up),
        cmocka_unit_test(large_file_at_rest_is_mapped_and_tiles_the_same),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
