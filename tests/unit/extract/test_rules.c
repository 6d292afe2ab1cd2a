/* SPDX-License-Identifier: Apache-2.0 */
/* tests/unit/extract/test_rules.c - what the extractor finds, and what not. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "xtest.h"

static void defanged_url_gives_url_and_host(void **state)
{
    (void)state;
    HAS("C2: hxxp[:]//172.104.72[.]4/gate.php", "url http://172.104.72.4/gate.php");
    HAS("C2: hxxp[:]//172.104.72[.]4/gate.php", "ipv4 172.104.72.4");
    HAS("see hxxps://evil[.]com/x?a=1", "url https://evil.com/x?a=1");
    HAS("see hxxps://evil[.]com/x?a=1", "domain evil.com");
}

static void url_ends_before_sentence_punctuation(void **state)
{
    (void)state;
    HAS("Go to http://evil.com/a/b.", "url http://evil.com/a/b");
    HAS("(hxxps://drive-share-docs[.]com/view?id=9911) zip", "url https://drive-share-docs.com/view?id=9911");
    HAS("at http://evil.com/x, then", "url http://evil.com/x");
    HAS("'http://evil.com/q'", "url http://evil.com/q");
    HAS("|http://evil.com/t|x", "url http://evil.com/t");
    HAS("`++http://evil.com/p++`", "url http://evil.com/p");
}

static void url_keeps_balanced_parentheses(void **state)
{
    (void)state;
    HAS("see http://en.evil.com/wiki/Foo_(bar) now", "url http://en.evil.com/wiki/Foo_(bar)");
    HAS("(see http://evil.com/wiki/Foo_(bar))", "url http://evil.com/wiki/Foo_(bar)");
}

static void url_ends_before_japanese_text(void **state)
{
    (void)state;
    HAS("hxxps://docs-preview\xef\xbc\xbb.\xef\xbc\xbdonline/dl/q.php?r=1188\xe3\x81\x8b\xe3\x82\x89" "DLL",
        "url https://docs-preview.online/dl/q.php?r=1188");
    HAS("http://evil.jp/index.php\xe3\x81\xa7\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82",
        "url http://evil.jp/index.php");
}

static void url_ends_at_asciidoc_label(void **state)
{
    (void)state;
    HAS("a https://www.evil.com/2022/01/x/[blogpost on it].", "url https://www.evil.com/2022/01/x/");
}

static void schemeless_host_path_is_a_url(void **state)
{
    (void)state;
    HAS("- `request.soundedge[.]live/access/nasrzolofuju`",
        "url http://request.soundedge.live/access/nasrzolofuju");
    HAS("- `request.soundedge[.]live/access/nasrzolofuju`", "domain request.soundedge.live");
}

static void host_port_gives_the_host(void **state)
{
    (void)state;
    HAS("TCP 77.91.124[.]55:4782 (Quasar)", "ipv4 77.91.124.55");
    HAS("beacon to evil.com:8443 daily", "domain evil.com");
    HASNT("beacon to evil.com:8443 daily", "url http://evil.com:8443");
}

static void templated_url_gives_only_its_host(void **state)
{
    (void)state;
    HAS("https://wnqd.navercloud[.]org/m/a.php?user=<user_id>", "domain wnqd.navercloud.org");
    HASNT("https://wnqd.navercloud[.]org/m/a.php?user=<user_id>", "url https://wnqd.navercloud.org/m/a.php?user=");
    HAS("`submin.seasonsbackup[.]xyz/backup/<VICTIM_ID>`", "domain submin.seasonsbackup.xyz");
    HASNT("`submin.seasonsbackup[.]xyz/backup/<VICTIM_ID>`", "url http://submin.seasonsbackup.xyz/backup/");
    HASNT("`\\http://18.219.25.133/br/mp1a{1,sq,sl,ss}.aj5`", "url http://18.219.25.133/br/mp1a{1,sq,sl,ss}.aj5");
    HAS("`\\http://18.219.25.133/br/mp1a{1,sq,sl,ss}.aj5`", "ipv4 18.219.25.133");
}

static void template_host_gives_registrable_domain(void **state)
{
    (void)state;
    HAS("server-{1,30}[.]kinosport.top", "domain kinosport.top");
    HASNT("server-{1,30}[.]kinosport.top", "domain server-.kinosport.top");
}

static void percent_escapes_are_not_placeholders(void **state)
{
    (void)state;
    HAS("x.evil.com/down/a%202017a%20b.exe", "url http://x.evil.com/down/a%202017a%20b.exe");
    NOTHING("%RANDOM%.exe");
    NOTHING("C:\\Users\\Public\\{winx86,libeay32}.dll");
}

static void nothing_is_mined_inside_urls(void **state)
{
    const char *h;
    (void)state;
    h = xrun("http://x.com/35e37975d68b5f44ac7a1d6a6cbc2c0c.exe?f=evil.org&c=CVE-2020-1234");
    assert_true(xhas(h, "domain x.com"));
    assert_false(xhas(h, "md5 35e37975d68b5f44ac7a1d6a6cbc2c0c"));
    assert_false(xhas(h, "filename 35e37975d68b5f44ac7a1d6a6cbc2c0c.exe"));
    assert_false(xhas(h, "domain evil.org"));
    assert_false(xhas(h, "cve CVE-2020-1234"));
}

static void http_request_lines_give_nothing(void **state)
{
    (void)state;
    NOTHING("GET /poli/lapof.php?l=zapym1.cab HTTP/1.1");
}

static void detection_names_are_not_domains(void **state)
{
    (void)state;
    NOTHING("Win32/Korplug.TC and JS/GitBot.B and MSIL/ShellcodeRunner.L.gen");
    HAS("Win32/Exploit.CVE-2017-11882.CP", "cve CVE-2017-11882");
}

static void code_namespaces_are_not_domains(void **state)
{
    (void)state;
    NOTHING("System.Net.WebClient and WScript.Shell and com.apple.security.app");
    NOTHING("built on ASP.NET today");
}

static void email_local_parts_are_not_domains(void **state)
{
    const char *h;
    (void)state;
    h = xrun("mail sales.support@evil-corp.com now");
    assert_true(xhas(h, "email sales.support@evil-corp.com"));
    assert_true(xhas(h, "domain evil-corp.com"));
    assert_false(xhas(h, "domain sales.support"));
}

static void masked_email_gives_its_domain(void **state)
{
    (void)state;
    HAS("from t****.h******@yahoo.com", "domain yahoo.com");
    HASNT("from t****.h******@yahoo.com", "email t****.h******@yahoo.com");
    HAS("from t****@yahoo.com", "domain yahoo.com");
}

static void defanged_email_is_refanged(void **state)
{
    (void)state;
    HAS("info\xef\xbc\xbb\xef\xbc\xa0\xef\xbc\xbd" "cloud-sync-jp\xef\xbc\xbb.\xef\xbc\xbd" "com",
        "email info@cloud-sync-jp.com");
    HAS("user(at)evil(dot)ru", "email user@evil.ru");
}

static void ssh_user_at_host_is_not_email(void **state)
{
    (void)state;
    HASNT("ssh root@203.0.114.7 -p 22", "email root@203.0.114.7");
    HAS("ssh root@203.0.114.7 -p 22", "ipv4 203.0.114.7");
}

static void file_names_on_tld_extensions_are_files(void **state)
{
    const char *h;
    (void)state;
    h = xrun("attachment invoice.zip, setup.py, run.sh and Invoice_Q2.one");
    assert_true(xhas(h, "filename invoice.zip"));
    assert_true(xhas(h, "filename setup.py"));
    assert_true(xhas(h, "filename run.sh"));
    assert_true(xhas(h, "filename Invoice_Q2.one"));
    assert_false(xhas(h, "domain invoice.zip"));
    assert_false(xhas(h, "domain setup.py"));
}

static void tld_extensions_used_as_hosts_are_domains(void **state)
{
    (void)state;
    HAS("hxxp://office365-login[.]zip/auth", "domain office365-login.zip");
    HAS("C2: tinyurl.one", "domain tinyurl.one");
    HAS("C&C servers:\ntinyurl.one\n", "domain tinyurl.one");
    HAS("Domain,payroll.zip,", "domain payroll.zip");
    HAS("mail to a@payroll.zip", "domain payroll.zip");
}

static void file_names_are_taken_whole_from_cells_and_quotes(void **state)
{
    (void)state;
    HAS("|SHA-1|Filename|Detection\n|`468A04B358B780C9CC3174E107A8D898DDE4B6DE`|Procurement Letter Feb 21.doc|Win32/X.A\n",
        "filename Procurement Letter Feb 21.doc");
    HASNT("|SHA-1|Filename|Detection\n|`468A04B358B780C9CC3174E107A8D898DDE4B6DE`|Procurement Letter Feb 21.doc|W\n",
          "filename 21.doc");
    HAS("\xe6\xb7\xbb\xe4\xbb\x98\xe3\x80\x8c\xe4\xbc\x9a\xe8\xad\xb0\xe8\xb3\x87\xe6\x96\x99_20240312.docx\xe3\x80\x8d",
        "filename \xe4\xbc\x9a\xe8\xad\xb0\xe8\xb3\x87\xe6\x96\x99_20240312.docx");
    HAS("sample \"Quotation_RFQ-2291.xlsm\"", "filename Quotation_RFQ-2291.xlsm");
    HAS("9dd042fc83119a02aab881edb62c5ea3947be63e  my report 2024.pdf\n",
        "filename my report 2024.pdf");
}

static void path_gives_base_name_and_folders_are_not_files(void **state)
{
    const char *h;
    (void)state;
    h = xrun("Dropped: %TEMP%\\nsxA1B2.tmp\\System.dll ; /usr/lib/.liblogblock.so");
    assert_true(xhas(h, "filename System.dll"));
    assert_true(xhas(h, "filename .liblogblock.so"));
    assert_false(xhas(h, "filename nsxA1B2.tmp"));
}

static void unknown_extensions_are_neither_files_nor_domains(void **state)
{
    (void)state;
    NOTHING("stpnaqs.pmt and foo.cgi and x.cache");
}

static void version_numbers_are_not_ipv4(void **state)
{
    (void)state;
    NOTHING("v10.0.0.1 and version 4.3.2.1 and ver 1.2.3.4");
    NOTHING("\xe3\x83\x90\xe3\x83\xbc\xe3\x82\xb8\xe3\x83\xa7\xe3\x83\xb3 1.0.0.1");
    NOTHING("\xe5\x86\x85\xe9\x83\xa8\xe3\x83\x90\xe3\x83\xbc\xe3\x82\xb8\xe3\x83\xa7\xe3\x83\xb3\xe6\x96\x87\xe5\xad\x97\xe5\x88\x97\xe3\x80\x8c" "1.0.0.1\xe3\x80\x8d");
    HAS("version 2 talks to 45.77.28.124", "ipv4 45.77.28.124");
    HAS("server 45.77.28.124", "ipv4 45.77.28.124");
}

static void oids_and_five_part_numbers_are_not_ipv4(void **state)
{
    (void)state;
    NOTHING("OID 1.3.6.1.4.1.311.2 and 1.2.3.4.5 here");
}

static void dotted_quads_inside_host_names_are_not_ipv4(void **state)
{
    (void)state;
    HAS("45.63.89.238.vultrusercontent.com", "domain 45.63.89.238.vultrusercontent.com");
    HASNT("45.63.89.238.vultrusercontent.com", "ipv4 45.63.89.238");
}

static void cidr_is_found_and_documentation_is_dropped(void **state)
{
    (void)state;
    HAS("range 45.141.84.0/24 and 2a0b:4140:1d00::/40.", "cidr4 45.141.84.0/24");
    HAS("range 45.141.84.0/24 and 2a0b:4140:1d00::/40.", "cidr6 2a0b:4140:1d00::/40");
    HASNT("range 45.141.84.0/24", "ipv4 45.141.84.0");
    NOTHING("docs use 2001:db8::/32 and 198.51.100.0/24 and 192.0.2.1 and example.com");
}

static void reserved_values_can_be_asked_for(void **state)
{
    struct ksz_extract_opts o;
    (void)state;
    ksz_extract_opts_init(&o);
    o.include_reserved = true;
    assert_true(xhas(xrun_opts("see 192.0.2.1 and evil.example.com", &o), "ipv4 192.0.2.1"));
    assert_true(xh.flags[0] & KSZ_EXTRACT_REFERENCE);
}

static void ipv6_forms_are_found(void **state)
{
    const char *h;
    (void)state;
    h = xrun("- 2a03:b0c0:3:d0::1a4:5001\n- [2604:a880:400:d1::7293:c001]:8443\n"
             "- hxxp://[2a03:b0c0:2:f0::2c:a001]/upd/cfg.bin\n- ::ffff:45.1.2.3 and FE80::1\n");
    assert_true(xhas(h, "ipv6 2a03:b0c0:3:d0::1a4:5001"));
    assert_true(xhas(h, "ipv6 2604:a880:400:d1::7293:c001"));
    assert_true(xhas(h, "url http://[2a03:b0c0:2:f0::2c:a001]/upd/cfg.bin"));
    assert_true(xhas(h, "ipv6 2a03:b0c0:2:f0::2c:a001"));
    assert_true(xhas(h, "ipv6 ::ffff:45.1.2.3"));
}

static void macs_fingerprints_and_clock_times_are_not_ipv6(void **state)
{
    (void)state;
    NOTHING("MAC 00:1A:2B:3C:4D:5E at 14:22:05; fp 3F:9A:12:7C:88:01:DE:4B:AA:90:5C:11:E2:7D:6F:03:B8:44:9C:21");
}

static void hashes_are_typed_by_length(void **state)
{
    const char *h;
    (void)state;
    h = xrun("MD5: 0ac63e7d754beec9946df13cad63179a\n"
             "SHA1: A9FF53AA03EC01712A6F617727A2CE88406D7926\n"
             "SHA256: da33385351fa1f1626c536af06f767450aa9b31d0c9f7738de00394bc034e268\n"
             "SHA512: da7ff92aa39e0b238b09e87a91181039021e85e38d6194ccbe2494cd2852beaf76f1150105649fff36b4ed4ccec2fe8f05969e24dd9c28723b230bb593bbb958\n");
    assert_true(xhas(h, "md5 0ac63e7d754beec9946df13cad63179a"));
    assert_true(xhas(h, "sha1 a9ff53aa03ec01712a6f617727a2ce88406d7926"));
    assert_true(xhas(h, "sha256 da33385351fa1f1626c536af06f767450aa9b31d0c9f7738de00394bc034e268"));
    assert_true(xhas(h, "sha512 da7ff92aa39e0b238b09e87a91181039021e85e38d6194ccbe2494cd2852beaf76f1150105649fff36b4ed4ccec2fe8f05969e24dd9c28723b230bb593bbb958"));
}

static void serials_guids_fingerprints_and_tox_ids_are_not_hashes(void **state)
{
    (void)state;
    NOTHING("serial 0x0ac63e7d754beec9946df13cad63179a");
    NOTHING("guid {0ac63e7d-754b-eec9-946d-f13cad63179a}");
    NOTHING("tox 0ac63e7d754beec9946df13cad63179a0ac63e7d754beec9946df13cad63179a0ac63e7d754b");
    NOTHING("fp 3F:9A:12:7C:88:01:DE:4B:AA:90:5C:11:E2:7D:6F:03:B8:44:9C:21");
}

static void cve_ids_with_unicode_dashes_are_found(void **state)
{
    (void)state;
    HAS("CVE\xe2\x80\x91" "2023\xe2\x80\x91" "46805", "cve CVE-2023-46805");
    HAS("CVE\xef\xbc\x8d" "2025\xef\xbc\x8d" "0282", "cve CVE-2025-0282");
    HAS("cve-2021-44228.", "cve CVE-2021-44228");
    NOTHING("KB5034441 and MS17-010");
}

static void attack_techniques_are_found(void **state)
{
    const char *h;
    (void)state;
    h = xrun("T1027 (Obfuscation), T1059.005, TA0001 and G0007 and S0154");
    assert_true(xhas(h, "attack-technique T1027"));
    assert_true(xhas(h, "attack-technique T1059.005"));
    assert_false(xhas(h, "attack-technique TA0001"));
}

static void as_numbers_are_found(void **state)
{
    const char *h;
    (void)state;
    h = xrun("AS14061 (DigitalOcean) and AS 9009 and ASN 44477, but as 3 servers");
    assert_true(xhas(h, "asn AS14061"));
    assert_true(xhas(h, "asn AS9009"));
    assert_true(xhas(h, "asn AS44477"));
    assert_false(xhas(h, "asn AS3"));
}

static void bitcoin_addresses_need_a_valid_checksum(void **state)
{
    (void)state;
    HAS("wallet 3QWffRcMw6mmwv4dCyYZsXYFq7Le9jpuWc", "btc 3QWffRcMw6mmwv4dCyYZsXYFq7Le9jpuWc");
    HAS("pay bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "btc bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
    NOTHING("wallet 3QWffRcMw6mmwv4dCyYZsXYFq7Le9jpuWd");
}

static void private_addresses_and_reference_sites_are_flagged(void **state)
{
    struct ksz_extract_opts o;
    (void)state;
    xrun("lateral to 10.1.2.3");
    assert_int_equal(xh.count, 1);
    assert_true(xh.flags[0] & KSZ_EXTRACT_REFERENCE);
    xrun("see https://attack.mitre.org/techniques/T1059/");
    assert_true(xh.count >= 1);
    assert_true(xh.flags[0] & KSZ_EXTRACT_REFERENCE);
    ksz_extract_opts_init(&o);
    o.drop_reference = true;
    assert_string_equal(xrun_opts("lateral to 10.1.2.3, see https://nvd.nist.gov/vuln/x", &o), "");
}

static void offsets_and_lines_point_into_the_original(void **state)
{
    (void)state;
    xrun("first line\nC2 evil[.]com and \xef\xbc\x91.2.3.4\n");
    assert_int_equal(xh.count, 2);
    assert_int_equal(xh.offsets[0], 14);
    assert_int_equal(xh.lines[0], 2);
    assert_true(xh.flags[0] & KSZ_EXTRACT_DEFANGED);
    assert_int_equal(xh.offsets[1], 29);
}

static void types_filter_the_output(void **state)
{
    struct ksz_extract_opts o;
    (void)state;
    ksz_extract_opts_init(&o);
    o.types = KSZ_IOC_BIT(KSZ_IOC_IPV4);
    assert_string_equal(xrun_opts("http://evil.com/ 1.2.3.4", &o), "ipv4 1.2.3.4\n");
}

static void unique_reports_each_value_once(void **state)
{
    struct ksz_extract_opts o;
    (void)state;
    ksz_extract_opts_init(&o);
    o.unique = true;
    assert_string_equal(xrun_opts("1.2.3.4 1.2.3.4\n1.2.3.4", &o), "ipv4 1.2.3.4\n");
}

static void plain_prose_gives_nothing(void **state)
{
    (void)state;
    NOTHING("The attackers used e.g. a loader (see above), i.e. a dropper. U.S. and so on.");
    NOTHING("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe6\x96\x87\xe7\xab\xa0\xe3\x80\x82");
}

static void idn_names_in_their_own_script_are_reported_as_punycode(void **state)
{
    (void)state;
    HAS("visit b\xc3\xbc" "cher.de now", "domain xn--bcher-kva.de");
    HASNT("visit b\xc3\xbc" "cher.de now", "domain cher.de");
    /* 例え.jp, ドメイン名例.jp, 例え．jp (full-width dot), 「例え.jp」 */
    HAS("\xe4\xbe\x8b\xe3\x81\x88.jp \xe3\x81\xa8", "domain xn--r8jz45g.jp");
    HAS("\xe3\x83\x89\xe3\x83\xa1\xe3\x82\xa4\xe3\x83\xb3\xe5\x90\x8d\xe4\xbe\x8b.jp",
        "domain xn--eckwd4c7cu47r2wf.jp");
    HAS("\xe4\xbe\x8b\xe3\x81\x88\xef\xbc\x8ejp", "domain xn--r8jz45g.jp");
    HAS("\xe3\x80\x8c\xe4\xbe\x8b\xe3\x81\x88.jp\xe3\x80\x8d", "domain xn--r8jz45g.jp");
    /* 例え.jpです: the name ends where its ASCII TLD does */
    HAS("\xe4\xbe\x8b\xe3\x81\x88.jp\xe3\x81\xa7\xe3\x81\x99", "domain xn--r8jz45g.jp");
}

static void idn_offsets_cover_the_original_text(void **state)
{
    /* "x 例え．jp": the name starts at byte 2 and takes 12 bytes */
    const char *in = "x \xe4\xbe\x8b\xe3\x81\x88\xef\xbc\x8ejp";
    (void)state;
    assert_string_equal(xrun(in), "domain xn--r8jz45g.jp\n");
    assert_int_equal(xh.offsets[0], 2);
}

static void japanese_prose_before_a_tld_is_not_a_name(void **state)
{
    (void)state;
    /* これは.jpです, ドメインは例え.jpです */
    NOTHING("\xe3\x81\x93\xe3\x82\x8c\xe3\x81\xaf.jp\xe3\x81\xa7\xe3\x81\x99");
    NOTHING("\xe3\x83\x89\xe3\x83\xa1\xe3\x82\xa4\xe3\x83\xb3\xe3\x81\xaf\xe4\xbe\x8b"
            "\xe3\x81\x88.jp\xe3\x81\xa7\xe3\x81\x99");
    /* an ASCII name after Japanese text is still found whole */
    HAS("\xe9\x80\x9a\xe4\xbf\xa1\xe5\x85\x88" "evil-c2.com\xe3\x81\xa7\xe3\x81\x99",
        "domain evil-c2.com");
}

static void js_products_in_prose_are_not_files(void **state)
{
    (void)state;
    NOTHING("The panel is built with Node.js, Vue.js and Next.js on D3.js.");
    HAS("the dropper loader.js runs first", "filename loader.js");
    HAS("the attachment Invoice_2024.js runs", "filename Invoice_2024.js");
    HAS("it runs `Node.js` from the archive", "filename Node.js");
    HAS("dropped \"Vue.js\" in the folder", "filename Vue.js");
    HAS("C:\\Users\\Public\\Next.js", "filename Next.js");
}

static void csv_cells_are_whole_file_names(void **state)
{
    (void)state;
    HAS("2024-01-05,Procurement Letter Feb 21.doc,high", "filename Procurement Letter Feb 21.doc");
    HASNT("2024-01-05,Procurement Letter Feb 21.doc,high", "filename 21.doc");
    HAS("a,b,\"Q3 report.xlsm\",c", "filename Q3 report.xlsm");
    /* prose with commas is not cut into cells */
    HAS("We saw the file invoice.doc, then setup.exe, then more", "filename invoice.doc");
    HASNT("We saw the file invoice.doc, then setup.exe, then more",
          "filename We saw the file invoice.doc");
}

static void url_cells_give_no_file_names(void **state)
{
    const char *h;
    (void)state;
    /* a URL without a path whose host ends in ".com" is no file "3656qqq.com" */
    h = xrun("| Type | Value | Note |\n|---|---|---|\n| url | http://3656qqq.com | sender |\n");
    assert_true(xhas(h, "url http://3656qqq.com"));
    assert_true(xhas(h, "domain 3656qqq.com"));
    assert_false(xhas(h, "filename 3656qqq.com"));
    /* nor is the last segment of a URL's path, scheme-less or not */
    h = xrun("| Type | Value |\n|---|---|\n| url | http://evil.example.org.ru/dl/payload.exe |\n");
    assert_true(xhas(h, "url http://evil.example.org.ru/dl/payload.exe"));
    assert_false(xhas(h, "filename payload.exe"));
    h = xrun("| Type | Value |\n|---|---|\n| url | evil-host.ru/dl/payload.exe |\n");
    assert_true(xhas(h, "url http://evil-host.ru/dl/payload.exe"));
    assert_false(xhas(h, "filename payload.exe"));
    h = xrun("a code span `hxxp://evil-host[.]ru/x/run.sh` here");
    assert_false(xhas(h, "filename run.sh"));
    /* a path in a cell still gives its base name */
    HAS("| Type | Value |\n|---|---|\n| file | C:\\Users\\Public\\in.com |\n", "filename in.com");
    HAS("| Type | Value |\n|---|---|\n| file | /tmp/.x/run.sh |\n", "filename run.sh");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defanged_url_gives_url_and_host),
        cmocka_unit_test(url_ends_before_sentence_punctuation),
        cmocka_unit_test(url_keeps_balanced_parentheses),
        cmocka_unit_test(url_ends_before_japanese_text),
        cmocka_unit_test(url_ends_at_asciidoc_label),
        cmocka_unit_test(schemeless_host_path_is_a_url),
        cmocka_unit_test(host_port_gives_the_host),
        cmocka_unit_test(templated_url_gives_only_its_host),
        cmocka_unit_test(template_host_gives_registrable_domain),
        cmocka_unit_test(percent_escapes_are_not_placeholders),
        cmocka_unit_test(nothing_is_mined_inside_urls),
        cmocka_unit_test(http_request_lines_give_nothing),
        cmocka_unit_test(detection_names_are_not_domains),
        cmocka_unit_test(code_namespaces_are_not_domains),
        cmocka_unit_test(email_local_parts_are_not_domains),
        cmocka_unit_test(masked_email_gives_its_domain),
        cmocka_unit_test(defanged_email_is_refanged),
        cmocka_unit_test(ssh_user_at_host_is_not_email),
        cmocka_unit_test(file_names_on_tld_extensions_are_files),
        cmocka_unit_test(tld_extensions_used_as_hosts_are_domains),
        cmocka_unit_test(file_names_are_taken_whole_from_cells_and_quotes),
        cmocka_unit_test(path_gives_base_name_and_folders_are_not_files),
        cmocka_unit_test(unknown_extensions_are_neither_files_nor_domains),
        cmocka_unit_test(version_numbers_are_not_ipv4),
        cmocka_unit_test(oids_and_five_part_numbers_are_not_ipv4),
        cmocka_unit_test(dotted_quads_inside_host_names_are_not_ipv4),
        cmocka_unit_test(cidr_is_found_and_documentation_is_dropped),
        cmocka_unit_test(reserved_values_can_be_asked_for),
        cmocka_unit_test(ipv6_forms_are_found),
        cmocka_unit_test(macs_fingerprints_and_clock_times_are_not_ipv6),
        cmocka_unit_test(hashes_are_typed_by_length),
        cmocka_unit_test(serials_guids_fingerprints_and_tox_ids_are_not_hashes),
        cmocka_unit_test(cve_ids_with_unicode_dashes_are_found),
        cmocka_unit_test(attack_techniques_are_found),
        cmocka_unit_test(as_numbers_are_found),
        cmocka_unit_test(bitcoin_addresses_need_a_valid_checksum),
        cmocka_unit_test(private_addresses_and_reference_sites_are_flagged),
        cmocka_unit_test(offsets_and_lines_point_into_the_original),
        cmocka_unit_test(types_filter_the_output),
        cmocka_unit_test(unique_reports_each_value_once),
        cmocka_unit_test(plain_prose_gives_nothing),
        cmocka_unit_test(idn_names_in_their_own_script_are_reported_as_punycode),
        cmocka_unit_test(idn_offsets_cover_the_original_text),
        cmocka_unit_test(japanese_prose_before_a_tld_is_not_a_name),
        cmocka_unit_test(js_products_in_prose_are_not_files),
        cmocka_unit_test(csv_cells_are_whole_file_names),
        cmocka_unit_test(url_cells_give_no_file_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
