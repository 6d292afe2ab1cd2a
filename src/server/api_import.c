/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_import.c - POST /api/v1/import: a STIX bundle, MISP event, CSV,
 * JSON lines, a plain list or free text, read by the same driver as
 * `kizashi import` (one transaction, warninglists checked) and answered
 * with the same JSON summary. The options are the CLI's, as query fields.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <kizashi/formats.h>
#include "srv.h"

/* "30d", "12h", "2w", "1y", "90m", "45s" or plain seconds. */
bool srv_parse_duration(const char *v, int64_t *out);
bool srv_parse_duration(const char *v, int64_t *out)
{
    char *end;
    long long n;
    int64_t mul = 1;

    if (v == NULL || *v < '0' || *v > '9')
        return false;
    n = strtoll(v, &end, 10);
    if (n < 0 || n > 100000000LL)
        return false;
    switch (*end) {
    case '\0': case 's': mul = 1; break;
    case 'm': mul = 60; break;
    case 'h': mul = 3600; break;
    case 'd': mul = 86400; break;
    case 'w': mul = 7 * 86400; break;
    case 'y': mul = 365 * 86400; break;
    default: return false;
    }
    if (*end != '\0' && end[1] != '\0')
        return false;
    *out = (int64_t)n * mul;
    return true;
}

static ksz_format format_from_type(const char *ct)
{
    if (ct == NULL)
        return KSZ_FORMAT_AUTO;
    if (strncasecmp(ct, "application/stix+json", 21) == 0 ||
        strncasecmp(ct, "application/taxii+json", 22) == 0)
        return KSZ_FORMAT_STIX;
    if (strncasecmp(ct, "text/csv", 8) == 0)
        return KSZ_FORMAT_CSV;
    if (strncasecmp(ct, "application/x-ndjson", 20) == 0 ||
        strncasecmp(ct, "application/jsonl", 17) == 0)
        return KSZ_FORMAT_JSONL;
    return KSZ_FORMAT_AUTO;
}

void srv_import_body(struct srv_req *r, ksz_format fmt, const char *what);
void srv_import_body(struct srv_req *r, ksz_format fmt, const char *what)
{
    struct ksz_import_opts o;
    struct ksz_import_summary sum;
    struct ksz_error err = {0};
    struct ksz_warn *warn = NULL;
    const char *v, *tags[1];
    ksz_rc rc;

    if (!srv_require(r, KSZ_ROLE_ANALYST))
        return;
    ksz_import_opts_init(&o);
    memset(&sum, 0, sizeof sum);
    o.format = fmt;
    if (fmt == KSZ_FORMAT_AUTO && (v = srv_query_get(&r->q, "format")) != NULL) {
        if (ksz_format_parse(v, strlen(v), &o.format) != KSZ_OK ||
            o.format == KSZ_FORMAT_MISP_FEED) {
            srv_error(r, 400, "format: expected stix, misp, csv, plain, jsonl or text");
            return;
        }
    } else if (fmt == KSZ_FORMAT_AUTO) {
        o.format = format_from_type(srv_header(r, "Content-Type"));
    }
    o.defaults.source = srv_query_get(&r->q, "source");
    if (o.defaults.source == NULL)
        o.defaults.source = r->tok.name;
    if ((v = srv_query_get(&r->q, "tlp")) != NULL &&
        ksz_tlp_parse(v, strlen(v), &o.defaults.tlp) != KSZ_OK) {
        srv_error(r, 400, "tlp: expected clear, green, amber, amber+strict or red");
        return;
    }
    if ((v = srv_query_get(&r->q, "confidence")) != NULL) {
        char *end;
        long c = strtol(v, &end, 10);
        if (*v == '\0' || *end != '\0' || c < 0 || c > 100) {
            srv_error(r, 400, "confidence: expected 0..100");
            return;
        }
        o.defaults.confidence = (int)c;
    }
    if ((v = srv_query_get(&r->q, "valid_for")) != NULL &&
        !srv_parse_duration(v, &o.defaults.valid_for)) {
        srv_error(r, 400, "valid_for: expected a duration such as 30d");
        return;
    }
    if ((v = srv_query_get(&r->q, "usage")) != NULL &&
        ksz_usage_parse(v, strlen(v), &o.defaults.usage, &err) != KSZ_OK) {
        srv_error(r, 400, "usage: %s", err.msg);
        return;
    }
    o.defaults.threat = srv_query_get(&r->q, "threat");
    o.defaults.report = srv_query_get(&r->q, "report");
    if ((tags[0] = srv_query_get(&r->q, "tag")) != NULL) {
        o.defaults.tags.items = tags;
        o.defaults.tags.n = 1;
    }
    o.dry_run = srv_query_get(&r->q, "dry_run") != NULL;
    rc = ksz_store_load_warn(r->st, &warn, &err);
    if (rc == KSZ_OK)
        rc = ksz_import_buffer(r->st, warn, &o, "body", r->body.data ? r->body.data : "",
                               r->body.len, &sum, &err);
    ksz_warn_free(warn);
    if (rc != KSZ_OK) {
        int status = rc == KSZ_ERR_PARSE ? 422 : srv_status_for(rc);
        srv_error(r, status, "%s", err.msg[0] ? err.msg : ksz_strerror(rc));
        srv_audit(r, what, o.defaults.source, err.msg);
        return;
    }
    rc = ksz_import_summary_json(&sum, &r->out);
    if (rc == KSZ_OK && r->out.len > 0 && r->out.data[r->out.len - 1] != '\n')
        ksz_buf_putc(&r->out, '\n');
    r->status = 200;
    r->ctype = "application/json";
    if (!o.dry_run) {
        char detail[512];
        size_t n = r->out.len < sizeof detail - 1 ? r->out.len : sizeof detail - 1;
        memcpy(detail, r->out.data, n);
        while (n > 0 && detail[n - 1] == '\n')
            n--;
        detail[n] = '\0';
        srv_audit(r, what, o.defaults.source, detail);
    }
}

void srv_api_import(struct srv_req *r)
{
    if (strcmp(r->method, "POST") != 0) {
        srv_add_header(r, "Allow", "POST");
        srv_error(r, 405, "use POST");
        return;
    }
    srv_import_body(r, KSZ_FORMAT_AUTO, "import");
}
