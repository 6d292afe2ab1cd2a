/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_export.c - GET /api/v1/export/{target}: the bytes `kizashi export`
 * writes, for a format (stix, misp, csv, jsonl, plain) or a device target
 * (snort, zeek-intel, rpz, nftables, ipset, ... ; a directory target takes
 * ?file=NAME), with a strong ETag so that devices poll with If-None-Match
 * and get 304 while nothing changed.
 *
 * As on the command line, nothing above TLP:AMBER leaves unless tlp_max
 * says so, RED only when named; and never above the token's ceiling.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <kizashi/defense.h>
#include <kizashi/formats.h>
#include "srv.h"

bool srv_filter_from_query(struct srv_req *r, struct ksz_filter *f, char *canon);

static ksz_rc put_bytes(void *user, const char *buf, size_t len)
{
    return ksz_buf_append(user, buf, len);
}

struct dsink {
    struct ksz_buf *b;
    const char *want;       /* the one file wanted; NULL = every file */
    bool on;
    char files[512];
};

static ksz_rc put_file(void *user, const char *file, const char *buf, size_t len)
{
    struct dsink *d = user;

    if (buf == NULL) {
        size_t n = strlen(d->files);
        snprintf(d->files + n, sizeof d->files - n, "%s%s", n ? ", " : "", file);
        d->on = d->want == NULL || strcmp(d->want, file) == 0;
        return KSZ_OK;
    }
    return d->on ? ksz_buf_append(d->b, buf, len) : KSZ_OK;
}

static bool etag_matches(const char *inm, const char *etag)
{
    size_t n = strlen(etag);

    if (inm == NULL)
        return false;
    if (strcmp(inm, "*") == 0)
        return true;
    for (const char *p = inm; (p = strstr(p, etag + 1)) != NULL; p += n - 1) {
        /* etag is "\"hex\"": match the hex between quotes, W/ or not */
        if (p > inm && p[-1] == '"' && p[n - 2] == '"')
            return true;
    }
    return false;
}

void srv_api_export(struct srv_req *r, const char *target)
{
    struct ksz_filter f;
    struct ksz_error err = {0};
    char canon[KSZ_IOC_VALUE_MAX + 1], etag[64];
    unsigned char h[16];
    ksz_format fmt = KSZ_FORMAT_AUTO;
    ksz_defense_target dt = KSZ_DEFENSE_NONE;
    const char *v, *ctype = "text/plain; charset=utf-8";
    ksz_rc rc;

    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
        srv_add_header(r, "Allow", "GET");
        srv_error(r, 405, "use GET");
        return;
    }
    if (!srv_auth(r))
        return;
    if (ksz_format_parse(target, strlen(target), &fmt) == KSZ_OK &&
        (fmt == KSZ_FORMAT_STIX || fmt == KSZ_FORMAT_MISP || fmt == KSZ_FORMAT_CSV ||
         fmt == KSZ_FORMAT_JSONL || fmt == KSZ_FORMAT_PLAIN)) {
        ctype = fmt == KSZ_FORMAT_STIX ? SRV_STIX_TYPE
                : fmt == KSZ_FORMAT_MISP ? "application/json"
                : fmt == KSZ_FORMAT_CSV ? "text/csv; charset=utf-8"
                : fmt == KSZ_FORMAT_JSONL ? "application/x-ndjson"
                : "text/plain; charset=utf-8";
    } else if (ksz_defense_target_parse(target, strlen(target), &dt) != KSZ_OK) {
        srv_error(r, 404, "no such export target '%s': stix, misp, csv, jsonl, plain, suricata, "
                  "snort, zeek-intel, rpz, nftables, ipset, squid, awswaf, edl", target);
        return;
    } else {
        fmt = KSZ_FORMAT_AUTO;
    }
    if (!srv_filter_from_query(r, &f, canon))
        return;
    /* the CLI's default ceiling: amber, unless tlp_max asks for more */
    if (srv_query_get(&r->q, "tlp_max") == NULL && f.tlp_max > KSZ_TLP_AMBER) {
        f.tlp_max = KSZ_TLP_AMBER;
        f.allow_red = false;
    }
    f.include_warned = srv_query_get(&r->q, "include_warninglisted") != NULL;
    if (fmt != KSZ_FORMAT_AUTO) {
        rc = ksz_export(r->st, &f, fmt, put_bytes, &r->out, &err);
    } else {
        struct ksz_defense_opts o;
        struct dsink d = {.b = &r->out, .want = srv_query_get(&r->q, "file")};
        ksz_defense_opts_init(&o);
        o.target = dt;
        if ((v = srv_query_get(&r->q, "rpz_zone")) != NULL)
            o.rpz_zone = v;
        if ((v = srv_query_get(&r->q, "set_name")) != NULL)
            o.set_name = v;
        if (ksz_defense_target_is_dir(dt) && d.want == NULL) {
            srv_error(r, 400, "target %s writes several files: name one with ?file=NAME",
                      target);
            return;
        }
        rc = ksz_defense_export(r->st, &f, &o, put_file, &d, NULL, &err);
        if (rc == KSZ_OK && d.want != NULL && strstr(d.files, d.want) == NULL) {
            srv_error(r, 404, "target %s has no file '%s' (files: %s)", target, d.want,
                      d.files);
            return;
        }
    }
    if (rc != KSZ_OK) {
        srv_error(r, srv_status_for(rc), "%s", err.msg[0] ? err.msg : ksz_strerror(rc));
        return;
    }
    crypto_generichash(h, sizeof h, (const unsigned char *)(r->out.data ? r->out.data : ""),
                       r->out.len, NULL, 0);
    etag[0] = '"';
    sodium_bin2hex(etag + 1, 33, h, sizeof h);
    etag[33] = '"';
    etag[34] = '\0';
    srv_add_header(r, "ETag", etag);
    srv_add_header(r, "Cache-Control", "no-cache");
    r->ctype = ctype;
    if (etag_matches(srv_header(r, "If-None-Match"), etag)) {
        ksz_buf_reset(&r->out);
        r->status = 304;
        return;
    }
    r->status = 200;
}
