/* SPDX-License-Identifier: Apache-2.0 */
/*
 * detect.c - guessing an input's format from its first bytes, and format
 * names.
 *
 * Only the head is looked at (a STIX bundle may be gigabytes). JSON is told
 * apart by what its first object says about itself: a first line that is a
 * whole object with a "value" is JSON lines; "bundle"/"spec_version" is
 * STIX; "Event"/"Attribute" is MISP. Line formats are told apart by their
 * first line: a header naming a value column is CSV; lines that each
 * classify as an observable are a plain list; anything else is free text.
 */
#include <string.h>
#include "formats_int.h"

static const char *const fmt_names[] = {
    [KSZ_FORMAT_AUTO] = "auto",   [KSZ_FORMAT_STIX] = "stix",   [KSZ_FORMAT_MISP] = "misp",
    [KSZ_FORMAT_MISP_FEED] = "misp-feed", [KSZ_FORMAT_CSV] = "csv", [KSZ_FORMAT_PLAIN] = "plain",
    [KSZ_FORMAT_JSONL] = "jsonl", [KSZ_FORMAT_TEXT] = "text",
};

const char *ksz_format_name(ksz_format f)
{
    if ((unsigned)f >= sizeof fmt_names / sizeof fmt_names[0])
        return "";
    return fmt_names[f];
}

ksz_rc ksz_format_parse(const char *s, size_t len, ksz_format *out)
{
    for (size_t i = 0; i < sizeof fmt_names / sizeof fmt_names[0]; i++)
        if (strlen(fmt_names[i]) == len && strncasecmp(fmt_names[i], s, len) == 0) {
            *out = (ksz_format)i;
            return KSZ_OK;
        }
    if (len == 4 && strncasecmp(s, "json", 4) == 0) {
        *out = KSZ_FORMAT_JSONL;
        return KSZ_OK;
    }
    return KSZ_ERR_NOTFOUND;
}

static bool has(const char *h, size_t len, const char *needle)
{
    return memmem(h, len, needle, strlen(needle)) != NULL;
}

static bool header_has_value_column(const char *line, size_t len)
{
    size_t s = 0;
    bool delim = false;
    bool value = false;

    for (size_t i = 0; i <= len; i++) {
        if (i == len || line[i] == ',' || line[i] == ';' || line[i] == '\t' || line[i] == '|') {
            size_t a = s, b = i;
            while (a < b && (line[a] == ' ' || line[a] == '"'))
                a++;
            while (b > a && (line[b - 1] == ' ' || line[b - 1] == '"' || line[b - 1] == '\r'))
                b--;
            if (ksz__field_from_name(line + a, b - a) == KSZ_F_VALUE)
                value = true;
            if (i < len)
                delim = true;
            s = i + 1;
        }
    }
    return value && (delim || len > 0);
}

ksz_format ksz_format_detect(const char *h, size_t len)
{
    size_t i = 0;

    if (len >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' || h[i] == '\n'))
        i++;
    if (i < len && h[i] == '{') {
        const char *nl = memchr(h + i, '\n', len - i);
        if (nl != NULL) {
            json_t *o = json_loadb(h + i, (size_t)(nl - h) - i, 0, NULL);
            bool line = json_is_object(o) && json_object_get(o, "value") != NULL;
            json_decref(o);
            if (line)
                return KSZ_FORMAT_JSONL;
        }
        if (has(h, len, "\"bundle\"") || has(h, len, "\"spec_version\""))
            return KSZ_FORMAT_STIX;
        if (has(h, len, "\"Event\"") || has(h, len, "\"Attribute\"") || has(h, len, "\"info\""))
            return KSZ_FORMAT_MISP;
        if (nl == NULL) {   /* one line, no newline */
            json_t *o = json_loadb(h + i, len - i, 0, NULL);
            bool line = json_is_object(o) && json_object_get(o, "value") != NULL;
            json_decref(o);
            if (line)
                return KSZ_FORMAT_JSONL;
        }
        return KSZ_FORMAT_TEXT;
    }
    {
        const char *nl = memchr(h + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - h) : len;
        if (header_has_value_column(h + i, end - i))
            return KSZ_FORMAT_CSV;
    }
    /* a plain list: up to 32 non-comment lines, each one observable */
    {
        int lines = 0;
        size_t p = i;
        while (p < len && lines < 32) {
            const char *nl = memchr(h + p, '\n', len - p);
            size_t end = nl ? (size_t)(nl - h) : len, a = p, b = end;
            char canon[KSZ_IOC_VALUE_MAX + 1];
            ksz_ioc_type t;

            p = end + 1;
            if (nl == NULL && len >= 4096)
                break;      /* a cut last line says nothing */
            while (a < b && (h[a] == ' ' || h[a] == '\t'))
                a++;
            while (b > a && (h[b - 1] == ' ' || h[b - 1] == '\t' || h[b - 1] == '\r'))
                b--;
            if (a == b || h[a] == '#')
                continue;
            if (ksz_ioc_classify(h + a, b - a, &t, canon, sizeof canon, NULL, NULL) != KSZ_OK) {
                /* a defanged list is still a list */
                char ref[KSZ_IOC_VALUE_MAX + 1];
                struct ksz_refang_out ro = {ref, sizeof ref, 0, NULL, false};
                if (b - a > KSZ_IOC_VALUE_MAX || ksz_refang(h + a, b - a, &ro, NULL) != KSZ_OK ||
                    !ro.changed ||
                    ksz_ioc_classify(ro.data, ro.len, &t, canon, sizeof canon, NULL, NULL) != KSZ_OK)
                    return KSZ_FORMAT_TEXT;
            }
            lines++;
        }
        return lines > 0 ? KSZ_FORMAT_PLAIN : KSZ_FORMAT_TEXT;
    }
}
