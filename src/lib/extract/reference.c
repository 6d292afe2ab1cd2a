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

/* Sites whose links in a report are references, not indicators. */
static const char *const reference_sites[] = {
    "attack.mitre.org", "cve.mitre.org", "cwe.mitre.org", "nvd.nist.gov", "cve.org",
    "jpcert.or.jp", "ipa.go.jp", "nisc.go.jp", "jvn.jp", "cisa.gov", "us-cert.gov",
    "ncsc.gov.uk", "virustotal.com", "github.com", "welivesecurity.com", "eset.com",
    "unit42.paloaltonetworks.com", "securelist.com", "kaspersky.com", "microsoft.com",
    "mandiant.com", "cloud.google.com", "blog.talosintelligence.com",
    "talosintelligence.com", "trendmicro.com", "symantec-enterprise-blogs.security.com",
    "crowdstrike.com", "sophos.com", "research.checkpoint.com", "proofpoint.com",
    "fortinet.com", "bleepingcomputer.com", "malpedia.caad.fkie.fraunhofer.de",
    "bazaar.abuse.ch", "urlhaus.abuse.ch", "threatfox.abuse.ch", "any.run",
    "hybrid-analysis.com", "wikipedia.org", "first.org", "lac.co.jp", "nict.go.jp",
};

/* Legitimate services malware uses; their names alone are benign context. */
static const char *const services[] = {
    "gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "google.com",
    "api.telegram.org", "checkip.amazonaws.com", "ipinfo.io", "ip-api.com",
    "api.ipify.org", "icanhazip.com", "ifconfig.me", "windowsupdate.com",
};

static const char *const system_files[] = {
    "cmd.exe", "powershell.exe", "pwsh.exe", "rundll32.exe", "regsvr32.exe", "mshta.exe",
    "wscript.exe", "cscript.exe", "svchost.exe", "csrss.exe", "lsass.exe", "explorer.exe",
    "conhost.exe", "winlogon.exe", "services.exe", "msiexec.exe", "certutil.exe",
    "schtasks.exe", "wmic.exe", "bitsadmin.exe", "taskhostw.exe", "dllhost.exe",
    "regasm.exe", "installutil.exe", "msbuild.exe", "notepad.exe", "kernel32.dll",
    "ntdll.dll", "user32.dll", "advapi32.dll", "system.dll",
};

static bool under(const char *v, size_t n, const char *entry)
{
    size_t m = strlen(entry);

    if (n == m)
        return memcmp(v, entry, n) == 0;
    return n > m && v[n - m - 1] == '.' && memcmp(v + n - m, entry, m) == 0;
}

static bool ieq(const char *a, size_t n, const char *b)
{
    if (strlen(b) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != b[i])
            return false;
    }
    return true;
}

const char *ksz__x_reference_reason(ksz_ioc_type t, const char *v, size_t n)
{
    if (t == KSZ_IOC_DOMAIN || t == KSZ_IOC_URL) {
        for (size_t i = 0; i < sizeof reference_sites / sizeof reference_sites[0]; i++)
            if (under(v, n, reference_sites[i]))
                return "reference site";
    }
    if (t == KSZ_IOC_DOMAIN) {
        for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
            if (under(v, n, services[i]))
                return "well-known service";
    }
    if (t == KSZ_IOC_FILENAME) {
        for (size_t i = 0; i < sizeof system_files / sizeof system_files[0]; i++)
            if (ieq(v, n, system_files[i]))
                return "system file";
    }
    return NULL;
}
