/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reference.c - the small, documented lists behind KSZ_EXTRACT_REFERENCE
 * for names: reference sites a report links to (ATT&CK, NVD, CERTs, vendor
 * research blogs, VirusTotal), big legitimate services malware merely uses,
 * and Windows system binaries.
 *
 * The decision a reader must know: a list entry matches the name itself and
 * every name under it ("mitre.org" covers "attack.mitre.org"). Keep the lists
 * short: anything not on them is reported as a plain indicator, which is the
 * safe side for an analyst.
 */
#include <string.h>
#include "extract/extract_int.h"

struct entry {
    const char *s;
    size_t n;
};
#define E(lit) {lit, sizeof(lit) - 1}

/* Sites whose links in a report are references, not indicators. */
static const struct entry reference_sites[] = {
    E("attack.mitre.org"), E("cve.mitre.org"), E("cwe.mitre.org"), E("nvd.nist.gov"), E("cve.org"),
    E("jpcert.or.jp"), E("ipa.go.jp"), E("nisc.go.jp"), E("jvn.jp"), E("cisa.gov"),
    E("us-cert.gov"), E("ncsc.gov.uk"), E("virustotal.com"), E("github.com"),
    E("welivesecurity.com"), E("eset.com"), E("unit42.paloaltonetworks.com"), E("securelist.com"),
    E("kaspersky.com"), E("microsoft.com"), E("mandiant.com"), E("cloud.google.com"),
    E("blog.talosintelligence.com"), E("talosintelligence.com"), E("trendmicro.com"),
    E("symantec-enterprise-blogs.security.com"), E("crowdstrike.com"), E("sophos.com"),
    E("research.checkpoint.com"), E("proofpoint.com"), E("fortinet.com"), E("bleepingcomputer.com"),
    E("malpedia.caad.fkie.fraunhofer.de"), E("bazaar.abuse.ch"), E("urlhaus.abuse.ch"),
    E("threatfox.abuse.ch"), E("any.run"), E("hybrid-analysis.com"), E("wikipedia.org"),
    E("first.org"), E("lac.co.jp"), E("nict.go.jp"),
};

/* Legitimate services malware uses; their names alone are benign context. */
static const struct entry services[] = {
    E("gmail.com"), E("outlook.com"), E("hotmail.com"), E("yahoo.com"), E("google.com"),
    E("api.telegram.org"), E("checkip.amazonaws.com"), E("ipinfo.io"), E("ip-api.com"),
    E("api.ipify.org"), E("icanhazip.com"), E("ifconfig.me"), E("windowsupdate.com"),
};

static const struct entry system_files[] = {
    E("cmd.exe"), E("powershell.exe"), E("pwsh.exe"), E("rundll32.exe"), E("regsvr32.exe"),
    E("mshta.exe"), E("wscript.exe"), E("cscript.exe"), E("svchost.exe"), E("csrss.exe"),
    E("lsass.exe"), E("explorer.exe"), E("conhost.exe"), E("winlogon.exe"), E("services.exe"),
    E("msiexec.exe"), E("certutil.exe"), E("schtasks.exe"), E("wmic.exe"), E("bitsadmin.exe"),
    E("taskhostw.exe"), E("dllhost.exe"), E("regasm.exe"), E("installutil.exe"), E("msbuild.exe"),
    E("notepad.exe"), E("kernel32.dll"), E("ntdll.dll"), E("user32.dll"), E("advapi32.dll"),
    E("system.dll"),
};

/* The last byte is compared first: it tells most entries apart at once. */
static bool under(const char *v, size_t n, const struct entry *e)
{
    size_t m = e->n;

    if (n < m || v[n - 1] != e->s[m - 1])
        return false;
    if (n == m)
        return memcmp(v, e->s, n) == 0;
    return v[n - m - 1] == '.' && memcmp(v + n - m, e->s, m) == 0;
}

static bool ieq(const char *a, size_t n, const struct entry *e)
{
    if (e->n != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != e->s[i])
            return false;
    }
    return true;
}

const char *ksz__x_reference_reason(ksz_ioc_type t, const char *v, size_t n)
{
    if (t == KSZ_IOC_DOMAIN || t == KSZ_IOC_URL) {
        for (size_t i = 0; i < sizeof reference_sites / sizeof reference_sites[0]; i++)
            if (under(v, n, &reference_sites[i]))
                return "reference site";
    }
    if (t == KSZ_IOC_DOMAIN) {
        for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
            if (under(v, n, &services[i]))
                return "well-known service";
    }
    if (t == KSZ_IOC_FILENAME) {
        for (size_t i = 0; i < sizeof system_files / sizeof system_files[0]; i++)
            if (ieq(v, n, &system_files[i]))
                return "system file";
    }
    return NULL;
}
