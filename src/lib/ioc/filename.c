/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filename.c - file names worth keeping as indicators.
 *
 * A name counts only when its extension is one attackers ship or lure with
 * (executables, scripts, installers, documents with macros, archives, disk
 * images); "notes.txt" is kept, "photo.jpeg" is not. The name is kept exactly
 * as written: case and non-ASCII letters are part of what an analyst searches
 * for. The extension lookup is a linear scan over short strings, well under a
 * cache line per candidate length.
 */
#include <assert.h>
#include <string.h>
#include "ioc/ioc_int.h"

#define FILENAME_MAX_BYTES 255

/* The known extensions, one table per length (no NUL kept), so a lookup
 * compares a handful of fixed-size keys: the extractor asks for nearly every
 * dotted word it sees. */
static const char ext2[][2] = {
    "so", "js", "sh", "py", "pl", "rb", "7z", "gz", "xz",
};
static const char ext3[][3] = {
    "exe", "dll", "sys", "scr", "cpl", "ocx", "drv", "efi", "elf", "bin", "msi", "msp",
    "apk", "ipa", "jar", "deb", "rpm", "dmg", "pkg", "ps1", "vbs", "vbe", "jse", "wsf",
    "wsh", "hta", "bat", "cmd", "pyc", "php", "asp", "jsp", "lua", "doc", "dot", "xls",
    "xll", "ppt", "rtf", "pdf", "one", "odt", "txt", "lnk", "chm", "inf", "reg", "zip",
    "rar", "tgz", "tar", "cab", "arj", "ace", "iso", "img", "vhd", "tmp", "dat", "com",
};
static const char ext4[][4] = {
    "msix", "appx", "psm1", "psd1", "aspx", "ashx", "docx", "docm",
    "dotm", "xlsx", "xlsm", "xlsb", "pptx", "pptm", "vhdx",
};
static const char ext5[][5] = {
    "dylib",
};

#define IN_TABLE(tab, key, n)                                                                      \
    do {                                                                                           \
        for (size_t i_ = 0; i_ < sizeof tab / sizeof tab[0]; i_++)                                 \
            if (memcmp(tab[i_], key, n) == 0)                                                      \
                return true;                                                                       \
    } while (0)

bool ksz_filename_ext_known(const char *ext, size_t len)
{
    char low[8];

    if (len < 2 || len > 5)
        return false;
    for (size_t i = 0; i < len; i++)
        low[i] = ksz__lower(ext[i]);
    switch (len) {
    case 2:
        IN_TABLE(ext2, low, 2);
        break;
    case 3:
        IN_TABLE(ext3, low, 3);
        break;
    case 4:
        IN_TABLE(ext4, low, 4);
        break;
    default:
        IN_TABLE(ext5, low, 5);
        break;
    }
    return false;
}

/* Length of the valid UTF-8 sequence at s[i], or 0. */
static size_t utf8_seq(const unsigned char *s, size_t len, size_t i)
{
    unsigned c = s[i];
    size_t n;
    unsigned cp;

    if (c < 0xc2 || c > 0xf4)
        return 0;
    n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if (i + n > len)
        return 0;
    cp = c & (0x3fu >> (n - 1));
    for (size_t k = 1; k < n; k++) {
        if ((s[i + k] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i + k] & 0x3fu);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return n;
}

ksz_rc ksz_filename_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                          struct ksz_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t dot = 0;
    bool have_dot = false;

    assert(s != NULL || len == 0);
    if (len == 0 || len > FILENAME_MAX_BYTES)
        return ksz_error_set(err, KSZ_ERR_PARSE, "filename: length %zu is not 1..%d", len,
                             FILENAME_MAX_BYTES);
    if (s[0] == ' ' || s[len - 1] == ' ')
        return ksz_error_set(err, KSZ_ERR_PARSE, "filename: leading or trailing space");
    for (size_t i = 0; i < len;) {
        unsigned char c = u[i];
        if (c >= 0x80) {
            size_t n = utf8_seq(u, len, i);
            if (n == 0)
                return ksz_error_set(err, KSZ_ERR_PARSE,
                                     "filename: invalid UTF-8 at offset %zu", i);
            i += n;
            continue;
        }
        /* Path separators, control bytes and what Windows forbids in names. */
        if (c < 0x20 || c == 0x7f || strchr("/\\:*?\"<>|", c) != NULL)
            return ksz_error_set(err, KSZ_ERR_PARSE,
                                 "filename: byte 0x%02x not allowed at offset %zu", c, i);
        if (c == '.') {
            dot = i;
            have_dot = true;
        }
        i++;
    }
    if (!have_dot || dot == 0 || !ksz_filename_ext_known(s + dot + 1, len - dot - 1))
        return ksz_error_set(err, KSZ_ERR_PARSE, "filename: no known extension");
    return ksz__ioc_emit(s, len, out, cap, outlen, "filename", err);
}
