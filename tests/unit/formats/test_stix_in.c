/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "collect.h"

static void reads_a_stix21_bundle_into_records(void **state)
{
    struct collect c;
    struct ksz_import_sink sink = collect_sink(&c);
    size_t len = 0;
    char *buf = slurp(KSZ_TEST_DATA "/formats/bundle21.json", &len);
    const char *l;
    (void)state;
    assert_non_null(buf);
    assert_int_equal(ksz_stix_read("bundle21.json", buf, len, NULL, &sink, NULL), KSZ_OK);
    /* 1 + 3 observables of the OR/AND pattern; the process and sigma patterns are noted */
    assert_int_equal(c.nind, 4);
    assert_int_equal(c.npattern, 2);
    l = find_line(c.ind, c.nind, "ipv4 198.51.100.7 ", NULL);
    assert_non_null(l);
    assert_non_null(strstr(l, "id=indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"));
    assert_non_null(strstr(l, "tlp=green conf=85"));
    assert_non_null(strstr(l, "usage=block-proxy-outbound,block-fw-outbound"));
    assert_non_null(strstr(l, "src=Example CERT"));
    assert_non_null(strstr(l, "until=1906502400"));
    assert_non_null(strstr(l, "labels=c2,apt"));
    assert_non_null(strstr(l, "attack=T1071.001"));
    assert_non_null(strstr(l, "kc=mitre-attack:command-and-control"));
    /* TLP 1.0 amber marking; split ids; escapes */
    l = find_line(c.ind, c.nind, "domain evil-update.example.net ", NULL);
    assert_non_null(l);
    assert_non_null(strstr(l, "id=indicator--c6a9d4a1-2b5f-4f1e-9a3d-2f7e8b9c0d11 tlp=amber"));
    l = find_line(c.ind, c.nind, "url http://evil-update.example.net/it's/a\\path ", NULL);
    assert_non_null(l);
    assert_null(strstr(l, "id=indicator--c6a9d4a1"));
    assert_non_null(find_line(c.ind, c.nind, "sha256 e3b0c44298fc", NULL));
    /* threats, with ATT&CK and CVE external ids */
    assert_int_equal(c.nthreat, 3);
    assert_non_null(find_line(c.threat, c.nthreat, "malware Snakebite", "aliases=SnakeBite RAT,SB"));
    assert_non_null(find_line(c.threat, c.nthreat, "attack-pattern Web Protocols",
                              "ext=mitre-attack:T1071.001"));
    assert_non_null(find_line(c.threat, c.nthreat, "vulnerability CVE-2024-3400",
                              "ext=cve:CVE-2024-3400"));
    /* the second relationship is repeated for the two extra observables */
    assert_int_equal(c.nrel, 4);
    assert_int_equal(c.nreport, 1);
    assert_non_null(strstr(c.report[0], "Snakebite campaign"));
    assert_non_null(strstr(c.report[0], "tlp=green src=Example CERT"));
    assert_int_equal(c.nsight, 1);
    assert_non_null(strstr(c.sight[0], "count=3"));
    assert_int_equal(c.nskipped, 1);   /* course-of-action */
    collect_free(&c);
    free(buf);
}

static void streams_the_same_records_in_any_chunking(void **state)
{
    size_t len = 0;
    char *buf = slurp(KSZ_TEST_DATA "/formats/bundle21.json", &len);
    (void)state;
    for (size_t step = 1; step < len; step += 97) {
        struct collect c;
        struct ksz_import_sink sink = collect_sink(&c);
        struct ksz_stix_reader *r = NULL;
        assert_int_equal(ksz_stix_reader_new("b", NULL, &sink, &r, NULL), KSZ_OK);
        for (size_t i = 0; i < len; i += step)
            assert_int_equal(ksz_stix_reader_feed(r, buf + i, len - i < step ? len - i : step,
                                                  NULL),
                             KSZ_OK);
        assert_int_equal(ksz_stix_reader_finish(r, NULL), KSZ_OK);
        ksz_stix_reader_free(r);
        assert_int_equal(c.nind, 4);
        assert_int_equal(c.nrel, 4);
        collect_free(&c);
    }
    free(buf);
}

static void names_the_file_and_offset_of_a_bad_object(void **state)
{
    static const char bad[] = "{\"type\":\"bundle\",\"objects\":[{\"type\":\"indicator\","
                              "\"id\":\"indicator--1\"},\n {\"type\": oops}]}";
    struct collect c;
    struct ksz_import_sink sink = collect_sink(&c);
    struct ksz_error err = {0};
    (void)state;
    assert_int_equal(ksz_stix_read("x.json", bad, sizeof bad - 1, NULL, &sink, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "x.json: byte offset 28"));
    assert_non_null(strstr(err.msg, "pattern"));
    assert_int_equal(ksz_stix_read("y.json", "{\"type\":\"report\"}", 17, NULL, &sink, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "y.json"));
    assert_non_null(strstr(err.msg, "bundle"));
    assert_int_equal(ksz_stix_read("z.json", bad + 62, sizeof bad - 63, NULL, &sink, &err),
                     KSZ_ERR_PARSE);
    collect_free(&c);
}

static void reads_mitre_ics_attack_stix20(void **state)
{
    struct collect c;
    struct ksz_import_sink sink = collect_sink(&c);
    size_t len = 0;
    char *buf = slurp(KSZ_SHARED_DATA "/mitre-cti/ics-attack/ics-attack.json", &len);
    (void)state;
    if (buf == NULL) {
        skip();
        return;
    }
    assert_int_equal(ksz_stix_read("ics-attack.json", buf, len, NULL, &sink, NULL), KSZ_OK);
    /* 95 attack-patterns + 30 malware + 16 intrusion-sets + 8 campaigns */
    assert_int_equal(c.nthreat, 149);
    assert_int_equal(c.nrel, 1373);
    assert_int_equal(c.nind, 0);
    assert_non_null(find_line(c.threat, c.nthreat, "attack-pattern ", "ext=mitre-attack:T0800"));
    assert_non_null(find_line(c.threat, c.nthreat, "malware Stuxnet", "mitre-attack:S0603"));
    collect_free(&c);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_a_stix21_bundle_into_records),
        cmocka_unit_test(streams_the_same_records_in_any_chunking),
        cmocka_unit_test(names_the_file_and_offset_of_a_bad_object),
        cmocka_unit_test(reads_mitre_ics_attack_stix20),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
