/* SPDX-License-Identifier: Apache-2.0 */
/*
 * misp_list.c - read a MISP warninglist (list.json: name, version,
 * description, type, matching_attributes, list) into a struct ksz_warn_misp.
 *
 * The whole document is parsed with jansson (the largest published list is
 * a few megabytes), then copied into one block owned by the result, so the
 * JSON tree is gone before the caller sees anything. matching_attributes are
 * MISP attribute types; they become a set of observable types, and a list
 * whose attributes all lack an observable type (phone numbers) gets the set
 * that matches nothing rather than the empty set that would match all.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "warn/warn_int.h"

#define B(t) KSZ_IOC_BIT(KSZ_IOC_##t)
#define IPS (B(IPV4) | B(IPV6) | B(CIDR4) | B(CIDR6))

static const struct {
    const char *attr;
    ksz_ioc_typeset types;
} misp_types[] = {
    {"ip-src", IPS},
    {"ip-dst", IPS},
    {"ip-src|port", IPS},
    {"ip-dst|port", IPS},
    {"ip", IPS},
    {"domain|ip", IPS | B(DOMAIN)},
    {"domain", B(DOMAIN)},
    {"hostname", B(DOMAIN)},
    {"hostname|port", B(DOMAIN)},
    {"url", B(URL)},
    {"uri", B(URL)},
    {"link", B(URL)},
    {"email", B(EMAIL)},
    {"email-src", B(EMAIL)},
    {"email-dst", B(EMAIL)},
    {"target-email", B(EMAIL)},
    {"email-reply-to", B(EMAIL)},
    {"whois-registrant-email", B(EMAIL)},
    {"dns-soa-email", B(EMAIL)},
    {"md5", B(MD5)},
    {"filename|md5", B(MD5)},
    {"x509-fingerprint-md5", B(MD5)},
    {"sha1", B(SHA1)},
    {"filename|sha1", B(SHA1)},
    {"x509-fingerprint-sha1", B(SHA1)},
    {"sha256", B(SHA256)},
    {"filename|sha256", B(SHA256)},
    {"x509-fingerprint-sha256", B(SHA256)},
    {"sha512", B(SHA512)},
    {"filename|sha512", B(SHA512)},
    {"filename", B(FILENAME)},
    {"AS", B(ASN)},
    {"vulnerability", B(CVE)},
    {"btc", B(BTC)},
};

ksz_rc ksz_warn_types_from_misp(const char *attr, size_t len, ksz_ioc_typeset *out)
{
    for (size_t i = 0; i < sizeof misp_types / sizeof misp_types[0]; i++) {
        if (strlen(misp_types[i].attr) == len && memcmp(misp_types[i].attr, attr, len) == 0) {
            *out = misp_types[i].types;
            return KSZ_OK;
        }
    }
    return KSZ_ERR_NOTFOUND;
}

/* An entry kept: a string, not empty, without NUL, not too long. */
static bool entry_ok(const json_t *v)
{
    size_t n;

    if (!json_is_string(v))
        return false;
    n = json_string_length(v);
    return n > 0 && n <= KSZ_WARN_ENTRY_MAX && memchr(json_string_value(v), '\0', n) == NULL;
}

static const char *str_field(const json_t *root, const char *key)
{
    const json_t *v = json_object_get(root, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static ksz_rc read_header(const json_t *root, const char *origin, struct ksz_warn_list *l,
                          size_t *unknown, struct ksz_error *err)
{
    const json_t *v;
    const char *type;
    size_t i;
    json_t *a;

    if (!json_is_object(root))
        return ksz_error_set(err, KSZ_ERR_PARSE, "warn: %s: expected a JSON object", origin);
    l->name = str_field(root, "name");
    if (l->name == NULL || l->name[0] == '\0')
        return ksz_error_set(err, KSZ_ERR_PARSE, "warn: %s: \"name\" must be a non-empty string",
                             origin);
    type = str_field(root, "type");
    if (type == NULL || ksz_warn_kind_from_name(type, strlen(type), &l->kind) != KSZ_OK)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "warn: %s: \"type\" must be cidr, hostname, string, substring or "
                             "regex",
                             origin);
    if (!json_is_array(json_object_get(root, "list")))
        return ksz_error_set(err, KSZ_ERR_PARSE, "warn: %s: \"list\" must be an array", origin);
    v = json_object_get(root, "version");
    if (v != NULL && !json_is_integer(v))
        return ksz_error_set(err, KSZ_ERR_PARSE, "warn: %s: \"version\" must be an integer",
                             origin);
    l->version = v ? (int64_t)json_integer_value(v) : 0;
    l->description = str_field(root, "description");
    l->policy = KSZ_WARN_POLICY_WARN;
    l->enabled = true;
    l->types = 0;
    *unknown = 0;
    v = json_object_get(root, "matching_attributes");
    if (v != NULL && !json_is_array(v))
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "warn: %s: \"matching_attributes\" must be an array", origin);
    json_array_foreach(v, i, a) {
        ksz_ioc_typeset t;
        if (json_is_string(a) &&
            ksz_warn_types_from_misp(json_string_value(a), json_string_length(a), &t) == KSZ_OK)
            l->types |= t;
        else
            (*unknown)++;
    }
    if (json_array_size(v) > 0 && l->types == 0)
        l->types = KSZ_IOC_BIT(KSZ_IOC_NONE); /* none of kizashi's types */
    return KSZ_OK;
}

/* Copy header strings and entries into one block after the struct. */
static ksz_rc copy_out(const json_t *list, const struct ksz_warn_list *hdr, size_t unknown,
                       struct ksz_warn_misp **out)
{
    size_t nlist = json_array_size(list), bytes, n = 0, i;
    size_t lname = strlen(hdr->name), ldesc = hdr->description ? strlen(hdr->description) : 0;
    struct ksz_warn_misp *m;
    json_t *v;
    char *p;

    bytes = lname + 1 + ldesc + 1;
    json_array_foreach(list, i, v) {
        if (entry_ok(v)) {
            bytes += json_string_length(v) + 1;
            n++;
        }
    }
    m = ksz__calloc(1, sizeof *m);
    if (m == NULL)
        return KSZ_ERR_NOMEM;
    m->entries = ksz__calloc(n ? n : 1, sizeof *m->entries);
    p = ksz__malloc(bytes);
    if (m->entries == NULL || p == NULL) {
        ksz__free(p);
        ksz_warn_misp_free(m);
        return KSZ_ERR_NOMEM;
    }
    m->list = *hdr;
    m->list.name = p;
    memcpy(p, hdr->name, lname + 1);
    p += lname + 1;
    m->list.description = p;
    if (ldesc > 0)
        memcpy(p, hdr->description, ldesc);
    p[ldesc] = '\0';
    p += ldesc + 1;
    json_array_foreach(list, i, v) {
        size_t len;
        if (!entry_ok(v))
            continue;
        len = json_string_length(v);
        memcpy(p, json_string_value(v), len);
        p[len] = '\0';
        m->entries[m->n++] = p;
        p += len + 1;
    }
    m->skipped = nlist - n;
    m->unknown_attrs = unknown;
    *out = m;
    return KSZ_OK;
}

ksz_rc ksz_warn_misp_parse(const char *buf, size_t len, const char *origin,
                           struct ksz_warn_misp **out, struct ksz_error *err)
{
    struct ksz_warn_list hdr;
    json_error_t je;
    json_t *root;
    size_t unknown;
    ksz_rc rc;

    *out = NULL;
    if (origin == NULL)
        origin = "<input>";
    if (len > KSZ_WARN_MISP_MAX)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "warn: %s: larger than %zu bytes", origin,
                             KSZ_WARN_MISP_MAX);
    root = json_loadb(buf, len, JSON_ALLOW_NUL, &je);
    if (root == NULL)
        return ksz_error_set(err, KSZ_ERR_PARSE, "warn: %s: line %d, column %d (byte %d): %s",
                             origin, je.line, je.column, je.position, je.text);
    memset(&hdr, 0, sizeof hdr);
    rc = read_header(root, origin, &hdr, &unknown, err);
    if (rc == KSZ_OK) {
        rc = copy_out(json_object_get(root, "list"), &hdr, unknown, out);
        if (rc != KSZ_OK)
            ksz_error_set(err, rc, "warn: %s: out of memory", origin);
    }
    json_decref(root);
    return rc;
}

ksz_rc ksz_warn_misp_read(const char *path, struct ksz_warn_misp **out, struct ksz_error *err)
{
    FILE *f;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    ksz_rc rc = KSZ_OK;

    *out = NULL;
    f = fopen(path, "rb");
    if (f == NULL)
        return ksz_error_set(err, KSZ_ERR_IO, "warn: %s: %s", path, strerror(errno));
    for (;;) {
        size_t got;
        if (cap - len < 65536) {
            size_t ncap = cap ? cap * 2 : 1 << 20;
            char *p;
            if (cap > KSZ_WARN_MISP_MAX) {
                rc = ksz_error_set(err, KSZ_ERR_LIMIT, "warn: %s: larger than %zu bytes", path,
                                   KSZ_WARN_MISP_MAX);
                break;
            }
            p = ksz__realloc(buf, ncap);
            if (p == NULL) {
                rc = ksz_error_set(err, KSZ_ERR_NOMEM, "warn: %s: out of memory", path);
                break;
            }
            buf = p;
            cap = ncap;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                rc = ksz_error_set(err, KSZ_ERR_IO, "warn: %s: read error", path);
            break;
        }
    }
    fclose(f);
    if (rc == KSZ_OK)
        rc = ksz_warn_misp_parse(buf, len, path, out, err);
    ksz__free(buf);
    return rc;
}

void ksz_warn_misp_free(struct ksz_warn_misp *m)
{
    if (m == NULL)
        return;
    if (m->entries != NULL && m->list.name != NULL)
        ksz__free((void *)m->list.name); /* the block holding every string */
    ksz__free((void *)m->entries);
    ksz__free(m);
}

/* ---- finding list.json files ------------------------------------------- */

#define WALK_DEPTH_MAX 16

static ksz_rc walk_dir(const char *dir, int depth, ksz_warn_misp_path_cb cb, void *user,
                       size_t *found, struct ksz_error *err)
{
    struct dirent **names = NULL;
    int n;
    ksz_rc rc = KSZ_OK;

    if (depth > WALK_DEPTH_MAX)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "warn: %s: nested too deep", dir);
    n = scandir(dir, &names, NULL, alphasort);
    if (n < 0)
        return ksz_error_set(err, KSZ_ERR_IO, "warn: %s: %s", dir, strerror(errno));
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        size_t need = strlen(dir) + strlen(name) + 2;
        char *path;
        struct stat st;

        if (rc != KSZ_OK || name[0] == '.')
            continue;
        path = ksz__malloc(need);
        if (path == NULL) {
            rc = ksz_error_set(err, KSZ_ERR_NOMEM, "warn: out of memory");
            continue;
        }
        snprintf(path, need, "%s/%s", dir, name);
        if (lstat(path, &st) != 0)
            rc = ksz_error_set(err, KSZ_ERR_IO, "warn: %s: %s", path, strerror(errno));
        else if (S_ISDIR(st.st_mode))
            rc = walk_dir(path, depth + 1, cb, user, found, err);
        else if (S_ISREG(st.st_mode) && strcmp(name, "list.json") == 0) {
            (*found)++;
            rc = cb(path, user);
        }
        ksz__free(path);
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

ksz_rc ksz_warn_misp_each(const char *path, ksz_warn_misp_path_cb cb, void *user,
                          struct ksz_error *err)
{
    struct stat st;
    size_t found = 0;
    ksz_rc rc;

    if (stat(path, &st) != 0)
        return ksz_error_set(err, KSZ_ERR_IO, "warn: %s: %s", path, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return cb(path, user);
    rc = walk_dir(path, 0, cb, user, &found, err);
    if (rc == KSZ_OK && found == 0)
        rc = ksz_error_set(err, KSZ_ERR_NOTFOUND, "warn: %s: no list.json found", path);
    return rc;
}
