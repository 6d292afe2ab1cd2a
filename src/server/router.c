/* SPDX-License-Identifier: Apache-2.0 */
/*
 * router.c - which handler answers a path. Paths are matched by prefix;
 * each handler parses the rest. /health needs no token; everything else
 * does, and each handler asks for the role it needs.
 */
#include <string.h>
#include <time.h>
#include <kizashi/kizashi.h>
#include "srv.h"

static bool prefix(const char *path, const char *p, const char **rest)
{
    size_t n = strlen(p);
    if (strncmp(path, p, n) != 0)
        return false;
    if (path[n] != '\0' && path[n] != '/')
        return false;
    *rest = path[n] == '/' ? path + n + 1 : path + n;
    return true;
}

static void health(struct srv_req *r)
{
    struct ksz_error err = {0};
    char buf[8];
    ksz_rc rc = ksz_store_setting_get(r->st, "server.token_key", buf, sizeof buf, &err);

    r->status = 200;
    r->ctype = "application/json";
    ksz_buf_printf(&r->out, "{\"status\":\"%s\",\"version\":\"%s\",\"uptime\":%lld}\n",
                   rc == KSZ_OK || rc == KSZ_ERR_NOTFOUND || rc == KSZ_ERR_LIMIT ? "ok"
                                                                                 : "degraded",
                   ksz_version(), (long long)((int64_t)time(NULL) - r->srv->started));
}

void srv_route(struct srv_req *r)
{
    const char *p = r->path, *rest;

    if (strcmp(p, "/health") == 0 || strcmp(p, "/healthz") == 0) {
        health(r);
        return;
    }
    if (prefix(p, "/taxii2", &rest)) {
        r->taxii = true;
        srv_taxii(r, rest);
        return;
    }
    if (!prefix(p, "/api/v1", &rest)) {
        srv_error(r, 404, "no such path: %s", p);
        return;
    }
    p = rest;
    if (prefix(p, "indicators", &rest))
        srv_api_indicators(r, rest);
    else if (prefix(p, "import", &rest) && *rest == '\0')
        srv_api_import(r);
    else if (prefix(p, "reports", &rest))
        srv_api_reports(r, rest);
    else if (prefix(p, "threats", &rest))
        srv_api_threats(r, rest);
    else if (prefix(p, "sightings", &rest) && *rest == '\0')
        srv_api_sightings(r);
    else if (prefix(p, "export", &rest) && *rest != '\0')
        srv_api_export(r, rest);
    else if (prefix(p, "stats", &rest) && *rest == '\0')
        srv_api_stats(r);
    else if (prefix(p, "tokens", &rest) && *rest == '\0')
        srv_api_tokens(r);
    else if (prefix(p, "audit", &rest) && *rest == '\0')
        srv_api_audit(r);
    else if (prefix(p, "feeds", &rest) && *rest == '\0')
        srv_api_feeds(r);
    else
        srv_error(r, 404, "no such path: %s", r->path);
}
