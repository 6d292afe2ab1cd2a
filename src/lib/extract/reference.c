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
 *
 * For the extractor's hits, names are looked up in one hash set holding these
 * lists and the reserved and documentation names of ksz_domain_class: a
 * right-to-left pass over the name hashes each suffix that starts a label, and
 * probes the set with it, so a name costs one probe per label, whatever the
 * lengths of the lists.
 */
#include <pthread.h>
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

/* ---- one hash set for names ---------------------------------------- */

/* What a suffix entry says, strongest first: ksz_domain_class's
 * documentation, reserved and private names, then reference sites, then
 * services. */
enum { K_DOC = 1, K_RESERVED, K_PRIVATE, K_SITE, K_SERVICE, K_NONE };

#define NAME_SLOTS 512u /* power of two, over twice the entries */

static struct {
    const char *s;
    uint8_t n, kind; /* n == 0: empty */
    uint32_t h;
} name_set[NAME_SLOTS];
static pthread_once_t name_once = PTHREAD_ONCE_INIT;

#define H_SEED 2166136261u
#define H_STEP(h, c) (((h) ^ (unsigned char)(c)) * 16777619u)

/* The hash of s[0..n), taken from its last byte to its first. */
static uint32_t rhash(const char *s, size_t n)
{
    uint32_t h = H_SEED;

    while (n > 0)
        h = H_STEP(h, s[--n]);
    return h;
}

static void name_add(const struct entry *e, uint8_t kind)
{
    uint32_t h = rhash(e->s, e->n), i;

    for (i = h & (NAME_SLOTS - 1); name_set[i].n != 0; i = (i + 1) & (NAME_SLOTS - 1))
        if (name_set[i].n == e->n && memcmp(name_set[i].s, e->s, e->n) == 0) {
            if (kind < name_set[i].kind)
                name_set[i].kind = kind; /* the stronger reading wins */
            return;
        }
    name_set[i].s = e->s;
    name_set[i].n = (uint8_t)e->n;
    name_set[i].kind = kind;
    name_set[i].h = h;
}

/* The names of ksz_domain_class (class.c), kept in step with it. */
static const struct entry doc_names[] = {
    E("example.com"), E("example.net"), E("example.org"), E("example.jp"), E("example"),
};
static const struct entry reserved_names[] = {
    E("test"), E("invalid"), E("localhost"), E("local"),
};
static const struct entry private_names[] = {
    E("home.arpa"), E("internal"),
};

static void name_set_build(void)
{
#define ADD_ALL(tab, kind)                                                                         \
    for (size_t i_ = 0; i_ < sizeof tab / sizeof tab[0]; i_++)                                     \
        name_add(&tab[i_], kind)
    ADD_ALL(doc_names, K_DOC);
    ADD_ALL(reserved_names, K_RESERVED);
    ADD_ALL(private_names, K_PRIVATE);
    ADD_ALL(reference_sites, K_SITE);
    ADD_ALL(services, K_SERVICE);
#undef ADD_ALL
}

static unsigned name_probe(const char *v, size_t n, uint32_t h, unsigned best)
{
    for (uint32_t i = h & (NAME_SLOTS - 1); name_set[i].n != 0; i = (i + 1) & (NAME_SLOTS - 1))
        if (name_set[i].h == h && name_set[i].n == n && memcmp(name_set[i].s, v, n) == 0)
            return name_set[i].kind < best ? name_set[i].kind : best;
    return best;
}

const char *ksz__x_name_reason(const char *v, size_t n, unsigned what, bool *drop)
{
    uint32_t h = H_SEED;
    unsigned best = K_NONE;
    size_t i = n;

    *drop = false;
    pthread_once(&name_once, name_set_build);
    if (n > 0 && v[n - 1] == '.')
        n = --i; /* as ksz_domain_class: one trailing dot is not part of the name */
    while (i > 0) {
        char c = v[--i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32); /* class names match in any case */
        h = H_STEP(h, c);
        if ((i == 0 || v[i - 1] == '.') && n - i <= 255)
            best = name_probe(v + i, n - i, h, best);
    }
    switch (best) {
    case K_DOC:
        return ksz__x_class_reason(KSZ_IOC_CLASS_DOCUMENTATION, drop);
    case K_RESERVED:
        return ksz__x_class_reason(KSZ_IOC_CLASS_RESERVED, drop);
    case K_PRIVATE:
        return ksz__x_class_reason(KSZ_IOC_CLASS_PRIVATE, drop);
    case K_SITE:
        return what >= X_NAME_SITES ? "reference site" : NULL;
    case K_SERVICE:
        return what >= X_NAME_SERVICES ? "well-known service" : NULL;
    default:
        return NULL;
    }
}
