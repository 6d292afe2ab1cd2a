/* SPDX-License-Identifier: Apache-2.0 */
/*
 * host.c - the rules for a plain stretch of a word (no "://" in it):
 * e-mail addresses, IPv6 and IPv4 addresses and ranges, domains and
 * scheme-less "host/path" URLs, file names; ids.c takes the rest.
 *
 * The decision a reader must know: a dotted name is judged by its
 * neighbours. After '/' or '\' it is a path component (so "Win32/Korplug.TC"
 * is no domain, "C:\x\a.exe" gives "a.exe"); before '/' or '\' after a path
 * it is a folder; before '/' at the start it is a URL host; after '}' it is
 * the concrete part of a template ("server-{1,30}.evil.top"); after '%' or
 * '*' it is a template and gives nothing. A name whose TLD is also a file
 * extension (".zip", ".py", ".one") is a file name unless it is used as a
 * host (URL, e-mail, a Domain/C2 list or column).
 */
#include <string.h>
#include "extract/extract_int.h"

#define CL(c) ksz__xclass[(unsigned char)(c)]

static bool is_hex(int c)
{
    return (CL(c) & (XC_DIGIT | XC_HEXL)) != 0;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_local(int c)
{
    return (CL(c) & XC_RUN) || c == '%' || c == '+' || c == '*';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

static int at(const struct xline *l, size_t i)
{
    return i < l->n ? (unsigned char)l->t[i] : 0;
}

static int before(const struct xline *l, size_t i)
{
    return i > 0 ? (unsigned char)l->t[i - 1] : 0;
}

/* TLDs that are common file extensions or code words: a name ending in one
 * is a domain only when used as a host. */
struct kw {
    const char *w;
    size_t n;
};
#define KW(lit) {lit, sizeof(lit) - 1}

static bool collision_tld(const char *s, size_t n)
{
    static const struct kw words[] = {
        KW("zip"), KW("mov"), KW("py"),  KW("sh"),    KW("pl"),         KW("so"),     KW("one"),
        KW("app"), KW("md"),  KW("pm"),  KW("cr"),    KW("gf"),         KW("rs"),     KW("ts"),
        KW("cab"), KW("bin"), KW("exe"), KW("shell"), KW("management"), KW("support")};
    char b[16];

    if (n >= sizeof b)
        return false;
    for (size_t i = 0; i < n; i++)
        b[i] = lower(s[i]);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (words[i].n == n && memcmp(words[i].w, b, n) == 0)
            return true;
    return ksz_filename_ext_known(s, n);
}

/* Code namespaces and product names that look like domains. */
static bool namespace_like(const char *s, size_t n, size_t last)
{
    static const struct kw heads[] = {
        KW("com."),     KW("org."),      KW("net."),    KW("java."),      KW("javax."),
        KW("android."), KW("androidx."), KW("system."), KW("microsoft."), KW("windows.")};
    static const struct kw names[] = {KW("asp.net"), KW("vb.net"), KW("ado.net"),
                                      KW("wscript.shell")};
    size_t dots = 0;
    char b[256];

    /* a Capitalised last label ("WScript.Shell", "System.Net") is code */
    if (n - last >= 2 && s[last] >= 'A' && s[last] <= 'Z' && s[last + 1] >= 'a' &&
        s[last + 1] <= 'z')
        return true;
    if (n >= sizeof b)
        return false;
    for (size_t i = 0; i < n; i++) {
        b[i] = lower(s[i]);
        dots += s[i] == '.';
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].n == n && memcmp(names[i].w, b, n) == 0)
            return true;
    if (dots >= 2)
        for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
            if (heads[i].n <= n && memcmp(b, heads[i].w, heads[i].n) == 0)
                return true;
    return false;
}

/* A product written like a file: "Node.js", "Vue.js", "Next.js", "D3.js". In
 * running prose a one-word base that starts with a capital, then letters or
 * digits only, before ".js" is a product; the same word in a code span,
 * quotes, a table or CSV cell or a path is a file (those are decided before
 * this is asked). A lower-case or decorated base ("loader.js",
 * "Invoice_2024.js") stays a file. */
static bool js_product(const char *s, size_t n, size_t last)
{
    if (n - last != 2 || s[last] != 'j' || s[last + 1] != 's' || last < 3)
        return false;
    if (!(s[0] >= 'A' && s[0] <= 'Z'))
        return false;
    for (size_t i = 1; i + 1 < last; i++)
        if (!ksz__x_is_alnum((unsigned char)s[i]))
            return false;
    return true;
}

/* A prefix length ends at k: not inside a longer token (a sentence's final
 * '.' is fine). */
static bool end_ok(const struct xline *l, size_t k)
{
    int c = at(l, k);

    if (c == '.' || c == '-' || c == '_')
        return !ksz__x_is_alnum(at(l, k + 1));
    return !(CL(c) & XC_RUN);
}

/* ---- IPv4 ----------------------------------------------------------- */

static bool word_match(const char *t, size_t i, size_t n, const struct kw *w)
{
    if (i + w->n > n)
        return false;
    for (size_t k = 0; k < w->n; k++)
        if (lower(t[i + k]) != w->w[k])
            return false;
    return true;
}

/* Is a version keyword ("version", "ver", "v", "build", "バージョン", ...)
 * among the two words before s, with no other number in between? */
static bool version_before(const struct xline *l, size_t s)
{
    static const struct kw ascii[] = {KW("version"), KW("ver"), KW("v"), KW("build"),
                                      KW("firmware"), KW("release"), KW("rev"), KW("revision"),
                                      KW("definition"), KW("definitions")};
    static const struct kw utf8[] = {
        KW("\xe3\x83\x90\xe3\x83\xbc\xe3\x82\xb8\xe3\x83\xa7\xe3\x83\xb3"),
        KW("\xe3\x83\x93\xe3\x83\xab\xe3\x83\x89"), KW("\xe7\x89\x88")};
    const char *t = l->t;
    size_t lo = s > 48 ? s - 48 : 0, words = 0;
    size_t k = s;

    /* the window: back over at most two blank-separated words */
    while (k > lo) {
        if (t[k - 1] == ' ' || t[k - 1] == '\t') {
            while (k > lo && (t[k - 1] == ' ' || t[k - 1] == '\t'))
                k--;
            if (++words == 2)
                break;
            continue;
        }
        if (is_digit(t[k - 1]) && k < s - 1 && words > 0)
            break;
        k--;
    }
    for (size_t i = k; i < s; i++) {
        unsigned char c = (unsigned char)lower(t[i]);
        if (i > k && ksz__x_is_alnum((unsigned char)t[i - 1]))
            continue;
        /* every keyword starts with one of these bytes */
        if (c != 'v' && c != 'b' && c != 'f' && c != 'r' && c != 'd' && c != 0xE3 && c != 0xE7)
            continue;
        for (size_t w = 0; w < sizeof ascii / sizeof ascii[0]; w++) {
            size_t m = ascii[w].n;
            if (ascii[w].w[0] == (char)c && word_match(t, i, s, &ascii[w]) &&
                !(CL(at(l, i + m)) & XC_ALPHA) && !((CL(at(l, i + m)) & XC_HEXL)))
                return true;
        }
        for (size_t w = 0; w < sizeof utf8 / sizeof utf8[0]; w++) {
            size_t m = utf8[w].n;
            if (i + m <= s && memcmp(t + i, utf8[w].w, m) == 0)
                return true;
        }
    }
    return false;
}

/* [s, e) is digits and dots. Report an IPv4 address or CIDR; returns where
 * scanning goes on. */
static size_t ipv4(struct ksz_extractor *x, struct xline *l, size_t s, size_t e, size_t b)
{
    const char *t = l->t;
    size_t dots = 0, k;

    for (size_t i = s; i < e; i++)
        dots += t[i] == '.';
    if (dots != 3 || t[s] == '.' || t[e - 1] == '.')
        return e;
    /* part of a longer dotted number ("1.2.3.4.5") */
    if (at(l, e) == '.' && is_digit(at(l, e + 1)))
        return e;
    if (before(l, s) == '.' && s >= 2 && is_digit(t[s - 2]))
        return e;
    if (version_before(l, s))
        return e;
    if (at(l, e) == '/' && e + 1 < b && is_digit(t[e + 1])) {
        k = e + 1;
        while (k < b && is_digit(t[k]) && k - e <= 3)
            k++;
        if (end_ok(l, k) && at(l, k) != '/') {
            if (ksz__x_emit(x, l, KSZ_IOC_CIDR4, s, k, t + s, k - s, 0))
                return k;
        }
    }
    ksz__x_emit(x, l, KSZ_IOC_IPV4, s, e, t + s, e - s, 0);
    return e;
}

/* ---- IPv6 ----------------------------------------------------------- */

/* [s, ve) is hex digits, ':' and '.' with at least two colons. */
static size_t ipv6(struct ksz_extractor *x, struct xline *l, size_t s, size_t ve, size_t b)
{
    const char *t = l->t;
    size_t e = ve, hexd = 0, k;
    uint8_t a[16];

    while (e > s && t[e - 1] == '.')
        e--;
    /* "[::1]:443" style ports live outside the brackets; a trailing ':' is
     * punctuation */
    if (e > s + 1 && t[e - 1] == ':' && t[e - 2] != ':')
        e--;
    for (size_t i = s; i < e; i++)
        hexd += is_hex(t[i]);
    if (hexd < 4 || ksz_ipv6_parse(t + s, e - s, a, NULL) != KSZ_OK)
        return 0;
    if (at(l, e) == '/' && e + 1 < b && is_digit(t[e + 1])) {
        k = e + 1;
        while (k < b && is_digit(t[k]) && k - e <= 4)
            k++;
        if (end_ok(l, k) && ksz__x_emit(x, l, KSZ_IOC_CIDR6, s, k, t + s, k - s, 0))
            return k;
    }
    ksz__x_emit(x, l, KSZ_IOC_IPV6, s, e, t + s, e - s, 0);
    return e;
}

/* ---- e-mail --------------------------------------------------------- */

/* The local part is [ls, atp); t[atp] == '@'. Returns the end, or 0. */
static size_t email(struct ksz_extractor *x, struct xline *l, size_t ls, size_t atp, size_t b)
{
    const char *t = l->t;
    size_t ds = atp + 1, de = ds, lsx = ls;
    bool masked = false, bracket = false;

    if (de < b && t[de] == '[') {
        bracket = true;
        de++;
    }
    while (de < b && (ksz__x_is_alnum((unsigned char)t[de]) || t[de] == '.' || t[de] == '-'))
        de++;
    if (bracket) {
        if (de >= b || t[de] != ']')
            return 0;
        de++;
    }
    while (de > ds && (t[de - 1] == '.' || t[de - 1] == '-'))
        de--;
    while (lsx < atp && (t[lsx] == '.' || t[lsx] == '-'))
        lsx++;
    if (de <= ds + 2 || lsx == atp)
        return 0;
    for (size_t i = lsx; i < atp; i++)
        masked |= t[i] == '*';
    {
        size_t hs = bracket ? ds + 1 : ds, he = bracket ? de - 1 : de;
        bool ip = true;
        for (size_t i = hs; i < he; i++)
            ip &= is_digit(t[i]) || t[i] == '.';
        if (!ip && !ksz_domain_has_tld(t + hs, he - hs))
            return 0;
        const char *ssh = memmem(t, l->n, "ssh ", 4);
        if (!masked && !(ssh != NULL && ssh < t + lsx &&
                         (ssh == t || !ksz__x_is_alnum((unsigned char)ssh[-1]))))
            ksz__x_emit(x, l, KSZ_IOC_EMAIL, lsx, de, t + lsx, de - lsx, 0);
        ksz__x_emit(x, l, ip ? KSZ_IOC_IPV4 : KSZ_IOC_DOMAIN, hs, he, t + hs, he - hs,
                    masked ? KSZ_EXTRACT_TEMPLATE : 0);
    }
    return de;
}

/* ---- names ---------------------------------------------------------- */

static void filename(struct ksz_extractor *x, struct xline *l, size_t s, size_t e)
{
    if (ksz__x_in_filename_span(l, s, e))
        return;
    ksz__x_emit(x, l, KSZ_IOC_FILENAME, s, e, l->t + s, e - s, 0);
}

/* A templated name ("server-{1,30}.evil.top" seen from after the '}'):
 * report its registrable domain. */
static void template_domain(struct ksz_extractor *x, struct xline *l, size_t s, size_t e)
{
    char d[KSZ_IOC_VALUE_MAX + 1];
    size_t dn, off;

    if (ksz_domain_canon(l->t + s, e - s, d, sizeof d, &dn, NULL) != KSZ_OK)
        return;
    if (ksz_domain_registrable(d, dn, &off) != KSZ_OK)
        return;
    ksz__x_emit(x, l, KSZ_IOC_DOMAIN, s + (e - s - (dn - off)), e, d + off, dn - off,
                KSZ_EXTRACT_TEMPLATE);
}

/* A dotted name with letters, [s, e) trimmed, rs the raw run start (may
 * include a leading dot), prev/next its neighbours. */
static size_t name(struct ksz_extractor *x, struct xline *l, size_t rs, size_t s, size_t e,
                   size_t re, size_t b, size_t we)
{
    const char *t = l->t;
    int prev = before(l, rs), next = at(l, re);
    size_t last = e, ret = re;
    bool ext, tld, coll, host_use, path_base, com;

    while (last > s && t[last - 1] != '.')
        last--;
    if (last == s || last == e)
        return re;
    if (x->in_host) {
        /* the host of a templated URL: a host whatever its neighbours */
        if (prev == '}')
            template_domain(x, l, s, e);
        else
            ksz__x_emit(x, l, KSZ_IOC_DOMAIN, s, e, t + s, e - s, 0);
        return re;
    }
    ext = ksz_filename_ext_known(t + last, e - last);
    tld = ksz_domain_has_tld(t + last, e - last);
    /* ".com" reads as a domain, except as the base name of a path */
    com = e - last == 3 && (t[last] | 0x20) == 'c' && (t[last + 1] | 0x20) == 'o' &&
          (t[last + 2] | 0x20) == 'm';
    if (com && prev != '\\' && prev != '/')
        ext = false;
    if (!ext && !tld)
        return re;
    path_base = prev == '\\' || prev == '/';
    /* a folder: "a\b.tmp\c.dll", "/x/y.d/z" */
    if (next == '\\' || (next == '/' && path_base))
        return re;
    if (path_base || prev == '~' || prev == '$' || prev == '#') {
        if (ext && !(prev == '/' && l->http_request))
            filename(x, l, t[rs] == '.' && prev != '~' ? rs : s, e);
        return re;
    }
    if (prev == '%' || prev == '*' || prev == '{' || prev == '>' || prev == '=' )
        return re; /* %RANDOM%.exe, *.exe: templates */
    coll = tld && !com && collision_tld(t + last, e - last);
    host_use = next == '/' || (next == ':' && is_digit(at(l, re + 1))) ||
               ksz__x_host_context(x, l, s);
    if (tld && (!coll || host_use) && !namespace_like(t + s, e - s, last - s)) {
        if (prev == '}') {
            template_domain(x, l, s, e);
            return re;
        }
        if (next == '/') {
            size_t u = ksz__x_bare_url(x, l, s, e, b);
            if (u > ret)
                ret = u;
        }
        ksz__x_emit(x, l, KSZ_IOC_DOMAIN, s, e, t + s, e - s, 0);
        if (next == ':') {
            size_t k = re + 1;
            while (k < b && is_digit(t[k]))
                k++;
            if (k > ret)
                ret = k;
        }
        return ret;
    }
    if (ext && prev != '}' && !(t[rs] != '.' && js_product(t + s, e - s, last - s)))
        filename(x, l, t[rs] == '.' ? rs : s, e);
    return re;
}

/* A run [rs, re) of [A-Za-z0-9._-] whose byte classes OR to m. Returns
 * where scanning goes on. */
static size_t run(struct ksz_extractor *x, struct xline *l, size_t rs, size_t re, size_t b,
                  size_t we, unsigned m)
{
    const char *t = l->t;
    size_t s = rs, e = re, alpha = 0;

    while (e > s && (t[e - 1] == '.' || t[e - 1] == '-' || t[e - 1] == '_'))
        e--;
    while (s < e && (t[s] == '.' || t[s] == '-' || t[s] == '_'))
        s++;
    if (s >= e)
        return re;
    if (!(m & XC_DOT) || memchr(t + s, '.', e - s) == NULL) {
        ksz__x_ids(x, l, s, e);
        return re;
    }
    /* only "no letter" and "three letters or more" matter below */
    if (m & (XC_ALPHA | XC_HEXL))
        for (size_t i = s; i < e && alpha < 3; i++)
            alpha += (CL(t[i]) & (XC_ALPHA | XC_HEXL)) != 0;
    if (alpha == 0 && !(m & (XC_DASH | XC_UNDER))) {
        /* digits and dots: one IPv4 candidate */
        size_t r = ipv4(x, l, s, e, b);
        return r > e ? r : re;
    }
    if (alpha == 0) {
        /* digits, dots, dashes: IPv4 addresses and ranges */
        size_t a = s;
        for (size_t i = s; i <= e; i++) {
            if (i == e || t[i] == '-' || t[i] == '_') {
                if (i > a) {
                    size_t r = ipv4(x, l, a, i, b);
                    if (r > i)
                        return r;
                }
                a = i + 1;
            }
        }
        return re;
    }
    /* T1059.001, CVE ids in detection names */
    if (t[s] == 'T' && e - s == 9 && t[s + 5] == '.') {
        ksz__x_ids(x, l, s, e);
        return re;
    }
    if (alpha >= 3)
        ksz__x_cve(x, l, s, e);
    return name(x, l, rs, s, e, re, b, we);
}

void ksz__x_plain(struct ksz_extractor *x, struct xline *l, size_t a, size_t b, unsigned mask,
                  size_t we)
{
    const char *t = l->t;
    size_t i = a, no_at = a, no_v6 = a;
    const char *colon = (mask & XC_COLON) ? memchr(t + a, ':', b - a) : NULL;

    /* e-mail needs an '@', IPv6 two colons: without them, their scans are
     * skipped whole */
    if (!(mask & XC_AT) || memchr(t + a, '@', b - a) == NULL)
        no_at = b;
    if (colon == NULL || memchr(colon + 1, ':', (size_t)(t + b - colon - 1)) == NULL)
        no_v6 = b;
    while (i < b && !x->stopped) {
        int c = (unsigned char)t[i];
        size_t r = i, n;
        unsigned m = 0, k;

        /* The name run at i and its byte classes, read once for the rules
         * below. A run of hex digits of a hash's length that nothing below
         * can extend (no e-mail or IPv6 character after it) is that hash. */
        if (CL(c) & XC_RUN) {
            while (r < b && ((k = CL(t[r])) & XC_RUN)) {
                m |= k;
                r++;
            }
            n = r - i;
            if (!(m & ~(unsigned)(XC_DIGIT | XC_HEXL | XC_RUN)) &&
                (n == 32 || n == 40 || n == 64 || n == 128) &&
                (r == b || !(t[r] == '%' || t[r] == '+' || t[r] == '*' || t[r] == ':' ||
                             t[r] == '@'))) {
                ksz__x_emit_hash(x, l, i, r);
                no_at = no_at > r ? no_at : r;
                no_v6 = no_v6 > r ? no_v6 : r;
                i = r;
                continue;
            }
        }
        if (i >= no_at && is_local(c)) {
            size_t le = i;
            while (le < b && is_local((unsigned char)t[le]))
                le++;
            no_at = le;
            if (le < b && t[le] == '@' && !(i > a && t[i - 1] == '@')) {
                size_t end = email(x, l, i, le, b);
                if (end > le) {
                    i = end;
                    no_at = end;
                    continue;
                }
            }
        }
        if (i >= no_v6 && (is_hex(c) || c == ':')) {
            size_t ve = i, colons = 0;
            while (ve < b && (is_hex((unsigned char)t[ve]) || t[ve] == ':' || t[ve] == '.')) {
                colons += t[ve] == ':';
                ve++;
            }
            no_v6 = ve;
            if (colons >= 2 && !ksz__x_is_alnum(before(l, i)) && before(l, i) != ':' &&
                !(CL(at(l, ve)) & (XC_ALPHA))) {
                size_t end = ipv6(x, l, i, ve, b);
                if (end > i) {
                    i = end;
                    continue;
                }
            }
        }
        if (CL(c) & XC_RUN) {
            size_t rs = i, hex, digits;
            /* a run with no '.', '-' or '_' is one token, which run() would
             * hand to ids.c whole */
            i = r;
            if (m & (XC_DOT | XC_DASH | XC_UNDER)) {
                i = run(x, l, rs, i, b, we, m);
                continue;
            }
            hex = digits = i - rs;
            if (m & (XC_HEXL | XC_ALPHA)) {
                hex = digits = 0;
                for (size_t j = rs; j < i; j++) {
                    k = CL(t[j]);
                    hex += (k & (XC_DIGIT | XC_HEXL)) != 0;
                    digits += (k & XC_DIGIT) != 0;
                }
            }
            ksz__x_token(x, l, rs, i, hex, digits);
            continue;
        }
        i++;
    }
}
