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

static const char *const known_ext[] = {
    "exe",  "dll",  "sys",  "scr",  "cpl",  "ocx",  "drv",  "efi",  "so",   "dylib", "elf",
    "bin",  "msi",  "msp",  "msix", "appx", "apk",  "ipa",  "jar",  "deb",  "rpm",   "dmg",
    "pkg",  "ps1",  "psm1", "psd1", "vbs",  "vbe",  "js",   "jse",  "wsf",  "wsh",   "hta",
    "bat",  "cmd",  "sh",   "py",   "pyc",  "pl",   "rb",   "php",  "asp",  "aspx",  "ashx",
    "jsp",  "lua",  "doc",  "docx", "docm", "dot",  "dotm", "xls",  "xlsx", "xlsm",  "xlsb",
    "xll",  "ppt",  "pptx", "pptm", "rtf",  "pdf",  "one",  "odt",  "txt",  "lnk",   "chm",
    "inf",  "reg",  "zip",  "rar",  "7z",   "gz",   "tgz",  "tar",  "xz",   "cab",   "arj",
    "ace",  "iso",  "img",  "vhd",  "vhdx", "tmp",  "dat",  "com",
};

bool ksz_filename_ext_known(const char *ext, size_t len)
{
    char low[8];

    if (len == 0 || len > 5)
        return false;
    for (size_t i = 0; i < len; i++)
        low[i] = ksz__lower(ext[i]);
    for (size_t i = 0; i < sizeof known_ext / sizeof known_ext[0]; i++)
        if (strlen(known_ext[i]) == len && memcmp(known_ext[i], low, len) == 0)
            return true;
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
