/* SPDX-License-Identifier: Apache-2.0 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "collect.h"

static void read_file(const char *path, struct collect *c, ksz_rc want)
{
    struct ksz_import_sink sink = collect_sink(c);
    size_t len = 0;
    char *buf = slurp(path, &len);
    assert_non_null(buf);
    assert_int_equal(ksz_misp_read(path, buf, len, NULL, &sink, NULL), want);
    free(buf);
}

static void maps_attributes_tags_and_galaxies(void **state)
{
    struct collect c;
    const char *l;
    (void)state;
    read_file(KSZ_TEST_DATA "/formats/misp_event.json", &c, KSZ_OK);
    /* ip, domain+ip, filename+sha256, url, email, cve, md5 in an object */
    assert_int_equal(c.nind, 9);
    assert_int_equal(c.nrefused, 1);     /* "not a host name" */
    assert_int_equal(c.nskipped, 1);     /* the comment */
    l = find_line(c.ind, c.nind, "ipv4 203.0.113.77 ", NULL);
    assert_non_null(l);
    assert_non_null(strstr(l, "id=indicator--a0000001-0000-4000-8000-000000000001"));
    assert_non_null(strstr(l, "tlp=amber"));   /* the attribute's tag beats the event's */
    assert_non_null(strstr(l, "src=Example CERT desc=C2"));
    assert_non_null(strstr(l, "report=report--5f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"));
    assert_non_null(strstr(l, "tags=PAP:AMBER"));
    assert_non_null(strstr(l, "attack=T1566.001"));
    assert_non_null(strstr(l, "threats=Muddy Otter,Snakebite"));
    assert_non_null(find_line(c.ind, c.nind, "domain mail.evil-otter.example.com ", "tlp=green"));
    assert_non_null(find_line(c.ind, c.nind, "ipv4 192.0.2.55 ", NULL));
    assert_non_null(find_line(c.ind, c.nind, "filename invoice.docm ", NULL));
    assert_non_null(find_line(c.ind, c.nind, "sha256 9f86d081884c7d659a2feaa0c55ad015", NULL));
    /* to_ids false: detect-only; true: left to the source's defaults */
    assert_non_null(find_line(c.ind, c.nind, "url https://evil-otter.example.com/dl?id=1 ",
                              "usage=detect-only"));
    assert_non_null(find_line(c.ind, c.nind, "email billing@evil-otter.example.com ", "usage= "));
    assert_non_null(find_line(c.ind, c.nind, "cve CVE-2023-36884 ", "usage=detect-only"));
    assert_non_null(find_line(c.ind, c.nind, "md5 d41d8cd98f00b204e9800998ecf8427e ", NULL));
    assert_null(find_line(c.ind, c.nind, "198.51.100.99", NULL));   /* deleted */
    assert_int_equal(c.nthreat, 2);
    assert_non_null(find_line(c.threat, c.nthreat, "threat-actor Muddy Otter", NULL));
    assert_non_null(find_line(c.threat, c.nthreat, "malware Snakebite", "aliases=SB"));
    assert_int_equal(c.nsight, 2);
    assert_non_null(find_line(c.sight, 2, "kind=hit where=proxy-1", NULL));
    assert_non_null(find_line(c.sight, 2, "kind=false-positive where=SOC", NULL));
    assert_int_equal(c.nreport, 1);
    assert_non_null(strstr(c.report[0], "Phishing wave with Snakebite loader id=report--5f1e2d3c"));
    assert_non_null(strstr(c.report[0], "pub=1712055600"));
    assert_non_null(strstr(c.report[0], "indicator--a0000001-0000-4000-8000-00000000000a"));
    collect_free(&c);
}

static void reads_the_misp_samples(void **state)
{
    struct collect c;
    (void)state;
    /* an unwrapped event */
    read_file(KSZ_SHARED_DATA "/misp-samples/PyMISP/tests/mispevent_testfiles/existing_event.json",
              &c, KSZ_OK);
    assert_int_equal(c.nreport, 1);
    assert_int_equal(c.nind, 83);
    assert_non_null(find_line(c.ind, c.nind, "ipv4 146.185.253.132 ", "tlp=clear"));
    collect_free(&c);
    read_file(KSZ_SHARED_DATA "/misp-samples/PyMISP/tests/reportlab_testfiles/japanese_test.json",
              &c, KSZ_OK);
    assert_int_equal(c.nreport, 1);
    assert_int_equal(c.nind, 0);
    assert_int_equal(c.nskipped, 1);   /* one "text" attribute */
    collect_free(&c);
    read_file(KSZ_SHARED_DATA
              "/misp-samples/generated-feed/57c4445b-c548-4654-af0b-4be3950d210f.json",
              &c, KSZ_OK);
    assert_non_null(find_line(c.ind, c.nind, "md5 0749bae92ca336a02c83d126e04ec628 ", NULL));
    assert_non_null(find_line(c.ind, c.nind, "filename 3Z4wnG9603it23y.exe ", NULL));
    assert_non_null(strstr(c.report[0], "Ransomware - Xorist"));
    collect_free(&c);
}

static void names_the_file_and_line_of_bad_json(void **state)
{
    struct collect c;
    struct ksz_import_sink sink = collect_sink(&c);
    struct ksz_error err = {0};
    static const char bad[] = "{\"Event\": {\"info\": \"x\",\n \"Attribute\": [ {]}}";
    (void)state;
    assert_int_equal(ksz_misp_read("ev.json", bad, sizeof bad - 1, NULL, &sink, &err),
                     KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "ev.json: line 2"));
    assert_int_equal(ksz_misp_read("ev.json", "{\"a\":1}", 7, NULL, &sink, &err), KSZ_ERR_PARSE);
    assert_non_null(strstr(err.msg, "expected a MISP event"));
    collect_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(maps_attributes_tags_and_galaxies),
        cmocka_unit_test(reads_the_misp_samples),
        cmocka_unit_test(names_the_file_and_line_of_bad_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
