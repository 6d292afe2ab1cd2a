/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_serve.c - `kizashi serve`: the daemon (REST API, TAXII 2.1 server,
 * scheduled feeds) over one store, configured by flags and an INI file.
 *
 * The INI file holds the long options without their dashes, one
 * "name = value" a line ('#' and ';' start comments, [sections] are
 * ignored); flags given on the command line win over it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kizashi/server.h>
#include "cli.h"
#include "db.h"

#define CMD "serve"

static void serve_usage(FILE *f)
{
    fputs("usage: kizashi serve [options]\n"
          "\n"
          "Serve the store over HTTP: the REST API under /api/v1/, TAXII 2.1 under\n"
          "/taxii2/, /health; pull the stored feeds on their schedule. Every request\n"
          "but /health needs a bearer token (kizashi token create). Stops cleanly on\n"
          "SIGTERM or SIGINT: requests in flight finish, the store is closed.\n"
          "\n"
          "options:\n"
          "  --db PATH               the store (default $KIZASHI_DB, else ./kizashi.db)\n"
          "  --listen HOST:PORT      address to listen on (default 127.0.0.1:8080;\n"
          "                          port 0 = any free port, see --port-file)\n"
          "  --config FILE           an INI file of these options (name = value)\n"
          "  --threads N             worker threads (default: the number of CPUs)\n"
          "  --cert FILE             TLS certificate (PEM); with --key, serve HTTPS\n"
          "  --key FILE              TLS private key (PEM)\n"
          "  --max-body BYTES        largest request body (default 67108864)\n"
          "  --max-header BYTES      largest request line and headers (default 16384)\n"
          "  --max-connections N     connections at once before 503 (default 1024)\n"
          "  --timeout SECONDS       close a connection idle this long (default 30)\n"
          "  --request-timeout MS    stop a request's store work after this many\n"
          "                          milliseconds and answer 503 (default 60000;\n"
          "                          0 = no limit)\n"
          "  --access-log FILE       JSON-lines access log (default: standard error)\n"
          "  --port-file FILE        write the bound port here once listening\n"
          "  --base-url URL          the URL clients use (TAXII discovery)\n"
          "  --collections LIST      TAXII collections to publish: indicators, reports,\n"
          "                          sources (one per source); default all\n"
          "  --no-feeds              do not pull feeds\n"
          "  --quiet                 no start and stop lines on standard error\n"
          "  --help                  print this help and exit\n"
          "\n"
          "exit status: 0 after a clean shutdown, 2 a bad option or the address\n"
          "cannot be bound.\n",
          f);
}

struct serve_cfg {
    struct ksz_server_opts o;
    char host[256];
};

static bool parse_uint(const char *v, unsigned long long max, unsigned long long *out)
{
    char *end;
    unsigned long long n;

    if (*v < '0' || *v > '9')
        return false;
    errno = 0;
    n = strtoull(v, &end, 10);
    if (errno != 0 || *end != '\0' || n > max)
        return false;
    *out = n;
    return true;
}

/* Apply one option (name without dashes). Returns false (and says why) on a
 * bad one. Strings are kept by pointer: the caller keeps them alive. */
static bool apply(struct serve_cfg *c, const char *name, const char *v)
{
    unsigned long long n;

    if (strcmp(name, "db") == 0) {
        c->o.db = v;
    } else if (strcmp(name, "listen") == 0) {
        const char *colon = strrchr(v, ':');
        size_t hl;
        if (colon == NULL || !parse_uint(colon + 1, 65535, &n)) {
            cli_errorf(CMD, "--listen: expected HOST:PORT, found '%s'", v);
            return false;
        }
        hl = (size_t)(colon - v);
        if (hl >= 2 && v[0] == '[' && v[hl - 1] == ']') {
            v++;
            hl -= 2;
        }
        if (hl == 0 || hl >= sizeof c->host) {
            cli_errorf(CMD, "--listen: expected HOST:PORT, found '%s'", v);
            return false;
        }
        memcpy(c->host, v, hl);
        c->host[hl] = '\0';
        c->o.host = c->host;
        c->o.port = (unsigned)n;
    } else if (strcmp(name, "threads") == 0 || strcmp(name, "max-connections") == 0 ||
               strcmp(name, "timeout") == 0 || strcmp(name, "max-body") == 0 ||
               strcmp(name, "max-header") == 0 || strcmp(name, "request-timeout") == 0) {
        if (!parse_uint(v, strcmp(name, "max-body") == 0 ? (1ULL << 34) : 1000000, &n) ||
            (n == 0 && strcmp(name, "threads") != 0 && strcmp(name, "request-timeout") != 0)) {
            cli_errorf(CMD, "--%s: expected a number, found '%s'", name, v);
            return false;
        }
        if (strcmp(name, "threads") == 0)
            c->o.threads = (unsigned)n;
        else if (strcmp(name, "max-connections") == 0)
            c->o.max_connections = (unsigned)n;
        else if (strcmp(name, "timeout") == 0)
            c->o.timeout = (unsigned)n;
        else if (strcmp(name, "request-timeout") == 0)
            c->o.request_timeout = (unsigned)n;
        else if (strcmp(name, "max-body") == 0)
            c->o.max_body = (size_t)n;
        else
            c->o.max_header = (size_t)n;
    } else if (strcmp(name, "cert") == 0) {
        c->o.cert = v;
    } else if (strcmp(name, "key") == 0) {
        c->o.key = v;
    } else if (strcmp(name, "access-log") == 0) {
        c->o.access_log = v;
    } else if (strcmp(name, "port-file") == 0) {
        c->o.port_file = v;
    } else if (strcmp(name, "collections") == 0) {
        c->o.collections = v;
    } else if (strcmp(name, "base-url") == 0) {
        c->o.base_url = v;
    } else if (strcmp(name, "no-feeds") == 0) {
        c->o.feeds = !(strcmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcmp(v, "yes") == 0);
    } else if (strcmp(name, "quiet") == 0) {
        c->o.quiet = strcmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcmp(v, "yes") == 0;
    } else {
        cli_errorf(CMD, "unknown option '%s' (try 'kizashi serve --help')", name);
        return false;
    }
    return true;
}

static char *trim(char *s)
{
    char *e;
    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        *--e = '\0';
    return s;
}

/* Read the INI file; its text stays allocated in *keep until the end. */
static bool load_config(struct serve_cfg *c, const char *path, char **keep)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 16, len;
    char *text, *line, *next;
    unsigned lineno = 0;

    if (f == NULL) {
        cli_errorf(CMD, "%s: %s", path, strerror(errno));
        return false;
    }
    text = malloc(cap + 1);
    len = text != NULL ? fread(text, 1, cap, f) : 0;
    fclose(f);
    if (text == NULL || len == cap) {
        cli_errorf(CMD, "%s: unreadable or over 64 KiB", path);
        free(text);
        return false;
    }
    text[len] = '\0';
    *keep = text;
    for (line = text; line != NULL; line = next) {
        char *eq, *k, *v;
        next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        lineno++;
        line = trim(line);
        if (*line == '\0' || *line == '#' || *line == ';' || *line == '[')
            continue;
        eq = strchr(line, '=');
        if (eq == NULL) {
            cli_errorf(CMD, "%s:%u: expected name = value", path, lineno);
            return false;
        }
        *eq = '\0';
        k = trim(line);
        v = trim(eq + 1);
        if (!apply(c, k, v)) {
            cli_errorf(CMD, "%s:%u: in the config file", path, lineno);
            return false;
        }
    }
    return true;
}

int cli_cmd_serve(int argc, char **argv)
{
    struct serve_cfg c;
    struct ksz_error err = {0};
    char *keep = NULL;
    const char *config = NULL;
    ksz_rc rc = KSZ_OK;

    memset(&c, 0, sizeof c);
    ksz_server_opts_init(&c.o);
    /* the config file first, so that flags win */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            serve_usage(stdout);
            return CLI_EXIT_OK;
        }
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            config = argv[i + 1];
        else if (strncmp(argv[i], "--config=", 9) == 0)
            config = argv[i] + 9;
    }
    if (config != NULL && !load_config(&c, config, &keep)) {
        free(keep);
        return CLI_EXIT_ERROR;
    }
    for (int i = 1; i < argc && rc == KSZ_OK; i++) {
        const char *a = argv[i], *v = NULL;
        char name[64];
        const char *eq;
        size_t nl;

        if (strcmp(a, "--no-feeds") == 0 || strcmp(a, "--quiet") == 0) {
            apply(&c, a + 2, "true");
            continue;
        }
        if (strncmp(a, "--", 2) != 0) {
            cli_errorf(CMD, "unexpected argument '%s' (try 'kizashi serve --help')", a);
            rc = KSZ_ERR_INVALID;
            break;
        }
        eq = strchr(a, '=');
        nl = eq != NULL ? (size_t)(eq - a) : strlen(a);
        if (nl >= sizeof name) {
            cli_errorf(CMD, "unknown option '%s'", a);
            rc = KSZ_ERR_INVALID;
            break;
        }
        memcpy(name, a, nl);
        name[nl] = '\0';
        if (!cli_db_optval(CMD, argc, argv, &i, name, &v) || v == NULL) {
            rc = KSZ_ERR_INVALID;
            break;
        }
        if (strcmp(name, "--config") == 0)
            continue;
        if (!apply(&c, name + 2, v))
            rc = KSZ_ERR_INVALID;
    }
    if (rc == KSZ_OK) {
        c.o.db = cli_db_resolve(c.o.db);
        rc = ksz_server_run(&c.o, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s", err.msg[0] ? err.msg : ksz_strerror(rc));
    }
    free(keep);
    return cli_exit_for(rc);
}
