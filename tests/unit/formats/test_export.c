/* SPDX-License-Identifier: Apache-2.0 */
/* Export: round trips, TLP enforcement, warninglists, determinism. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include "collect.h"
#include "kizashi/store.h"

#define NOW 1714000000   /* 2024-04-24 */

static ksz_rc to_buf(void *user, const char *buf, size_t len)
{
    return ksz_buf_append(user, buf, len);
}

static struct ksz_store *open_store(void)
{
    struct ksz_store *st = NULL;
    assert_int_equal(ksz_store_open(":memory:", &st, NULL), KSZ_OK);
    ksz_store_set_now(st, NOW);
    return st;
}

static void everything(struct ksz_filter *f)
{
    ksz_filter_init(f);
    f->active_only = false;
    f->tlp_max = KSZ_TLP_RED;
    f->allow_red = true;
    f->include_warned = true;
    f->now = NOW;
}

static void export(struct ksz_store *st, const struct ksz_filter *f, ksz_format fmt,
                   struct ksz_buf *out)
{
    struct ksz_error err = {0};
    ksz_buf_init(out, 0);
    assert_int_equal(ksz_export(st, f, fmt, to_buf, out, &err), KSZ_OK);
    if (out->data == NULL)
        ksz_buf_append(out, "", 0);
}

static void import_buf(struct ksz_store *st, const char *name, const struct ksz_buf *b,
                       ksz_format fmt)
{
    struct ksz_import_opts o;
    struct ksz_import_summary s = {0};
    struct ksz_error err = {0};
    ksz_import_opts_init(&o);
    o.defaults.now = NOW;
    o.format = fmt;
    assert_int_equal(ksz_import_buffer(st, NULL, &o, name, b->data, b->len, &s, &err), KSZ_OK);
}

static void import_file(struct ksz_store *st, const char *path)
{
    struct ksz_import_opts o;
    struct ksz_import_summary s = {0};
    ksz_import_opts_init(&o);
    o.defaults.now = NOW;
    assert_int_equal(ksz_import_path(st, NULL, &o, path, &s, NULL), KSZ_OK);
}

/* fixture -> A -> fmt -> B: A and B export the same bytes, in fmt and in jsonl */
static void round_trip(const char *fixture, ksz_format fmt)
{
    struct ksz_store *a = open_store(), *b = open_store();
    struct ksz_filter f;
    struct ksz_buf ea, eb, ja, jb;

    everything(&f);
    import_file(a, fixture);
    export(a, &f, fmt, &ea);
    import_buf(b, "export", &ea, fmt);
    export(b, &f, fmt, &eb);
    assert_string_equal(ea.data, eb.data);
    export(a, &f, KSZ_FORMAT_JSONL, &ja);
    export(b, &f, KSZ_FORMAT_JSONL, &jb);
    assert_string_equal(ja.data, jb.data);
    assert_true(ja.len > 100);
    ksz_buf_cleanup(&ea);
    ksz_buf_cleanup(&eb);
    ksz_buf_cleanup(&ja);
    ksz_buf_cleanup(&jb);
    ksz_store_close(a);
    ksz_store_close(b);
}

static void stix_round_trip_keeps_every_field(void **state)
{
    struct ksz_store *st = open_store();
    struct ksz_filter f;
    struct ksz_buf out;
    (void)state;
    round_trip(KSZ_TEST_DATA "/formats/bundle21.json", KSZ_FORMAT_STIX);
    /* and the fields are really there */
    everything(&f);
    import_file(st, KSZ_TEST_DATA "/formats/bundle21.json");
    export(st, &f, KSZ_FORMAT_STIX, &out);
    assert_non_null(strstr(out.data, "\"pattern\":\"[ipv4-addr:value = '198.51.100.7']\""));
    assert_non_null(strstr(out.data, "\"valid_until\":\"2030-06-01T00:00:00.000Z\""));
    assert_non_null(strstr(out.data, "\"confidence\":85"));
    assert_non_null(strstr(out.data, "\"labels\":[\"c2\",\"apt\"]"));
    assert_non_null(strstr(out.data, "{\"kill_chain_name\":\"mitre-attack\",\"phase_name\":"
                                     "\"command-and-control\"}"));
    assert_non_null(strstr(out.data, "{\"source_name\":\"mitre-attack\",\"external_id\":"
                                     "\"T1071.001\"}"));
    assert_non_null(strstr(out.data, "\"x_kizashi_usage\":[\"block-proxy-outbound\","
                                     "\"block-fw-outbound\"]"));
    assert_non_null(strstr(out.data, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"));
    assert_non_null(strstr(out.data, "\"relationship_type\":\"indicates\""));
    assert_non_null(strstr(out.data, "\"name\":\"Snakebite campaign\""));
    assert_non_null(strstr(out.data, "\"description\":\"Beacon destination of Snakebite\""));
    ksz_buf_cleanup(&out);
    ksz_store_close(st);
}

static void misp_round_trip_keeps_every_field(void **state)
{
    struct ksz_store *st = open_store();
    struct ksz_filter f;
    struct ksz_buf out;
    json_t *root, *ev, *attrs;
    (void)state;
    round_trip(KSZ_TEST_DATA "/formats/misp_event.json", KSZ_FORMAT_MISP);
    everything(&f);
    import_file(st, KSZ_TEST_DATA "/formats/misp_event.json");
    export(st, &f, KSZ_FORMAT_MISP, &out);
    /* a valid MISP event: the required keys and the attribute structure */
    root = json_loads(out.data, 0, NULL);
    assert_non_null(root);
    ev = json_object_get(root, "Event");
    assert_non_null(ev);
    assert_string_equal(json_string_value(json_object_get(ev, "uuid")),
                        "5f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    assert_string_equal(json_string_value(json_object_get(ev, "info")),
                        "Phishing wave with Snakebite loader");
    assert_string_equal(json_string_value(json_object_get(ev, "date")), "2024-04-02");
    assert_non_null(json_object_get(ev, "threat_level_id"));
    assert_non_null(json_object_get(ev, "analysis"));
    assert_string_equal(json_string_value(json_object_get(json_object_get(ev, "Orgc"), "name")),
                        "Example CERT");
    attrs = json_object_get(ev, "Attribute");
    assert_int_equal(json_array_size(attrs), 9);
    for (size_t i = 0; i < json_array_size(attrs); i++) {
        json_t *a = json_array_get(attrs, i);
        assert_true(json_is_string(json_object_get(a, "uuid")));
        assert_true(json_is_string(json_object_get(a, "type")));
        assert_true(json_is_string(json_object_get(a, "category")));
        assert_true(json_is_string(json_object_get(a, "value")));
        assert_true(json_is_boolean(json_object_get(a, "to_ids")));
    }
    assert_non_null(strstr(out.data, "\"name\":\"misp-galaxy:threat-actor=\\\"Muddy Otter\\\"\""));
    assert_non_null(strstr(out.data, "\"type\":\"url\",\"category\":\"Network activity\","
                                     "\"value\":\"https://evil-otter.example.com/dl?id=1\","
                                     "\"to_ids\":false"));
    assert_non_null(strstr(out.data, "\"Sighting\":[{\"type\":\"0\""));
    json_decref(root);
    ksz_buf_cleanup(&out);
    ksz_store_close(st);
}

static void csv_and_jsonl_round_trip(void **state)
{
    (void)state;
    round_trip(KSZ_TEST_DATA "/formats/bundle21.json", KSZ_FORMAT_JSONL);
    round_trip(KSZ_TEST_DATA "/formats/bundle21.json", KSZ_FORMAT_CSV);
}

static void tlp_caps_what_leaves_and_red_only_by_name(void **state)
{
    struct ksz_store *st = open_store();
    struct ksz_filter f;
    struct ksz_buf out, in;
    (void)state;
    ksz_buf_init(&in, 0);
    ksz_buf_printf(&in, "value,tlp\n198.51.100.1,clear\n198.51.100.2,green\n198.51.100.3,amber\n"
                        "198.51.100.4,amber+strict\n198.51.100.5,red\n");
    import_buf(st, "t.csv", &in, KSZ_FORMAT_CSV);
    ksz_filter_init(&f);
    f.now = NOW;
    export(st, &f, KSZ_FORMAT_PLAIN, &out);
    assert_string_equal(out.data, "198.51.100.1\n198.51.100.2\n198.51.100.3\n");
    ksz_buf_cleanup(&out);
    f.tlp_max = KSZ_TLP_RED;       /* a ceiling of red without naming it */
    export(st, &f, KSZ_FORMAT_PLAIN, &out);
    assert_null(strstr(out.data, "198.51.100.5"));
    ksz_buf_cleanup(&out);
    f.allow_red = true;
    export(st, &f, KSZ_FORMAT_STIX, &out);
    assert_non_null(strstr(out.data, "198.51.100.5"));
    assert_non_null(strstr(out.data, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"));
    ksz_buf_cleanup(&out);
    ksz_buf_cleanup(&in);
    ksz_store_close(st);
}

static void warninglisted_values_stay_in_only_when_asked(void **state)
{
    struct ksz_store *st = open_store();
    struct ksz_warn *w = NULL;
    struct ksz_import_opts o;
    struct ksz_import_summary s = {0};
    struct ksz_filter f;
    struct ksz_buf out;
    static const char *const entries[] = {"198.51.100.0/24"};
    struct ksz_warn_list wl = {"test-ranges", "", 1, KSZ_WARN_CIDR, KSZ_WARN_POLICY_WARN, true, 0};
    (void)state;
    assert_int_equal(ksz_warn_new(&w, NULL), KSZ_OK);
    assert_int_equal(ksz_warn_add_list(w, &wl, entries, 1, NULL, NULL), KSZ_OK);
    ksz_import_opts_init(&o);
    o.defaults.now = NOW;
    assert_int_equal(ksz_import_path(st, w, &o, KSZ_TEST_DATA "/formats/list.txt", &s, NULL),
                     KSZ_OK);
    ksz_filter_init(&f);
    f.now = NOW;
    export(st, &f, KSZ_FORMAT_PLAIN, &out);
    assert_null(strstr(out.data, "198.51.100.12"));
    assert_non_null(strstr(out.data, "evil-otter.example.org"));
    ksz_buf_cleanup(&out);
    f.include_warned = true;
    export(st, &f, KSZ_FORMAT_JSONL, &out);
    assert_non_null(strstr(out.data, "\"warnings\":[\"test-ranges\"]"));
    ksz_buf_cleanup(&out);
    ksz_warn_free(w);
    ksz_store_close(st);
}

static void the_same_store_gives_the_same_bytes(void **state)
{
    static const ksz_format fmts[] = {KSZ_FORMAT_STIX, KSZ_FORMAT_MISP, KSZ_FORMAT_CSV,
                                      KSZ_FORMAT_JSONL, KSZ_FORMAT_PLAIN};
    struct ksz_store *st = open_store();
    struct ksz_filter f;
    (void)state;
    import_file(st, KSZ_TEST_DATA "/formats/bundle21.json");
    import_file(st, KSZ_TEST_DATA "/formats/misp_event.json");
    everything(&f);
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        struct ksz_buf x, y;
        export(st, &f, fmts[i], &x);
        f.now = NOW + 3600;   /* the clock moves; the output must not */
        export(st, &f, fmts[i], &y);
        f.now = NOW;
        assert_int_equal(x.len, y.len);
        assert_memory_equal(x.data, y.data, x.len);
        ksz_buf_cleanup(&x);
        ksz_buf_cleanup(&y);
    }
    ksz_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stix_round_trip_keeps_every_field),
        cmocka_unit_test(misp_round_trip_keeps_every_field),
        cmocka_unit_test(csv_and_jsonl_round_trip),
        cmocka_unit_test(tlp_caps_what_leaves_and_red_only_by_name),
        cmocka_unit_test(warninglisted_values_stay_in_only_when_asked),
        cmocka_unit_test(the_same_store_gives_the_same_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
