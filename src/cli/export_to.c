/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export_to.c - `kizashi export --to TARGET [filters] [-o OUT]`: the
 * blocklist for one device, from the library's ksz_defense_export.
 *
 * Single-file targets go to standard output or -o FILE; multi-file targets
 * (suricata, squid, awswaf, edl) need -o DIR and write fixed file names in
 * it. Every file is written through ksz_outfile: under a temporary name,
 * renamed into place when complete, so a device that pulls the file never
 * reads half of it (a FIFO or a device is written in place).
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <kizashi/defense.h>
#include <kizashi/outfile.h>
#include <kizashi/store.h>
#include "cli.h"
#include "db.h"
#include "export_to.h"
#include "filteropt.h"
#include "timeopt.h"

#define CMD "export"

static void usage(FILE *f)
{
    fputs("usage: kizashi export --to TARGET [options]\n"
          "\n"
          "Write the blocklist for one device: only active indicators, never a\n"
          "warninglisted value, deduplicated, in a fixed order, with each entry's\n"
          "threat, source and valid_until as a comment where the format has them.\n"
          "\n"
          "targets: suricata (dir), snort, zeek-intel, rpz, nftables, ipset, squid (dir),\n"
          "         awswaf (dir), edl (dir), plain\n"
          "\n"
          "options:\n"
          "  --to TARGET              the device format (required)\n"
          "  -o, --output PATH        a file (single-file targets; default stdout) or a\n"
          "                           directory (suricata, squid, awswaf, edl; required)\n"
          "  --db PATH                the store (default $KIZASHI_DB, else ./kizashi.db)\n"
          "  --type LIST              observable types, e.g. ipv4,domain\n"
          "  --usage LIST             any of these usages (default: the target's own)\n"
          "  --min-confidence N       confidence at least N\n"
          "  --min-score N            decayed score at least N\n"
          "  --tlp-max TLP            clear, green, amber (default), amber+strict or red\n"
          "  --source NAME            from this source only\n"
          "  --threat NAME            indicating this threat (name, alias or STIX id)\n"
          "  --since TIME             a delta against the state at TIME (nftables, ipset,\n"
          "                           edl, plain): RFC 3339, Unix seconds or e.g. 1d\n"
          "  --now TIME               the time to use as now\n"
          "  --rpz-zone NAME          the zone's origin (default rpz.kizashi)\n"
          "  --rpz-target NAME        a walled-garden name (default: NXDOMAIN, CNAME .)\n"
          "  --rpz-serial N           the SOA serial (default: the newest change, Unix time)\n"
          "  --rpz-ip                 also rpz-ip triggers for addresses and networks\n"
          "  --nft-table NAME         nftables table / ipset name prefix (default kizashi)\n"
          "  --direction in|out|both  nftables/ipset: which traffic to drop (default: usage)\n"
          "  --acl-dir PATH           squid: where the ACL files are installed\n"
          "                           (default /etc/squid/kizashi)\n"
          "  --waf-scope SCOPE        awswaf: REGIONAL (default) or CLOUDFRONT\n"
          "  --sid-base N             suricata/snort: start of the sid range (default\n"
          "                           1000000000)\n"
          "  --help                   print this help and exit\n"
          "\n"
          "exit status: 0 ok, 2 a bad option or an error.\n",
          f);
}

struct sink {
    const char *out; /* -o */
    bool dir;
    bool to_stdout;         /* the current file is standard output */
    struct ksz_outfile *of; /* the current file otherwise; NULL between files */
    char path[4096];
};

static ksz_rc sink_close(struct sink *s)
{
    struct ksz_error err = {0};
    ksz_rc rc = KSZ_OK;

    if (s->to_stdout) {
        s->to_stdout = false;
        if (fflush(stdout) != 0) {
            cli_errorf(CMD, "stdout: write error");
            rc = KSZ_ERR_IO;
        }
        return rc;
    }
    if (s->of == NULL)
        return KSZ_OK;
    rc = ksz_outfile_commit(s->of, &err);
    if (rc != KSZ_OK)
        cli_errorf(CMD, "%s", err.msg);
    ksz_outfile_close(s->of);
    s->of = NULL;
    return rc;
}

/* After a failure: the file being written is dropped, its old self kept. */
static void sink_abandon(struct sink *s)
{
    ksz_outfile_close(s->of);
    s->of = NULL;
}

static ksz_rc sink_write(void *user, const char *file, const char *buf, size_t len)
{
    struct sink *s = user;
    struct ksz_error err = {0};
    ksz_rc rc;

    if (buf == NULL) { /* a new file begins */
        rc = sink_close(s);
        if (rc != KSZ_OK)
            return rc;
        if (!s->dir && s->out == NULL) {
            s->to_stdout = true;
            return KSZ_OK;
        }
        if ((size_t)snprintf(s->path, sizeof s->path, "%s%s%s", s->out, s->dir ? "/" : "",
                             s->dir ? file : "") >= sizeof s->path) {
            cli_errorf(CMD, "%s: path too long", s->out);
            return KSZ_ERR_INVALID;
        }
        rc = ksz_outfile_open(s->path, &s->of, &err);
        if (rc != KSZ_OK)
            cli_errorf(CMD, "%s", err.msg);
        return rc;
    }
    if (s->to_stdout) {
        if (fwrite(buf, 1, len, stdout) == len)
            return KSZ_OK;
        cli_errorf(CMD, "stdout: write error");
        return KSZ_ERR_IO;
    }
    assert(s->of != NULL);
    rc = ksz_outfile_write(s->of, buf, len, &err);
    if (rc != KSZ_OK)
        cli_errorf(CMD, "%s", err.msg);
    return rc;
}

static bool parse_u32(const char *v, uint32_t *out)
{
    char *end;
    unsigned long long n;

    if (*v < '0' || *v > '9')
        return false;
    errno = 0;
    n = strtoull(v, &end, 10);
    if (errno != 0 || *end != '\0' || n == 0 || n > 0xffffffffULL)
        return false;
    *out = (uint32_t)n;
    return true;
}

int cli_export_to(int argc, char **argv)
{
    struct ksz_filter f;
    struct ksz_defense_opts o;
    struct ksz_defense_summary sum;
    struct ksz_error err = {0};
    struct ksz_store *st = NULL;
    struct sink sink;
    const char *db = NULL, *since = NULL, *to = NULL;
    int64_t now = 0;
    ksz_rc rc = KSZ_OK;

    memset(&sink, 0, sizeof sink);
    ksz_filter_init(&f);
    ksz_defense_opts_init(&o);
    for (int i = 1; i < argc && rc == KSZ_OK; i++) {
        const char *a = argv[i], *v = NULL;

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(a, "--rpz-ip") == 0) {
            o.rpz_ip = true;
            continue;
        }
        if (a[0] != '-' || a[1] == '\0') {
            cli_errorf(CMD, "unexpected argument '%s' (try 'kizashi export --to x --help')", a);
            rc = KSZ_ERR_INVALID;
            break;
        }
        {
            /* every other option takes a value: --opt VALUE or --opt=VALUE */
            char name[64];
            const char *eq = strchr(a, '=');
            size_t nl = eq != NULL ? (size_t)(eq - a) : strlen(a);
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
            a = name;
            if (strcmp(a, "--to") == 0) {
                to = v;
                if (ksz_defense_target_parse(v, strlen(v), &o.target) != KSZ_OK) {
                    cli_errorf(CMD, "--to: expected suricata, snort, zeek-intel, rpz, nftables,"
                               " ipset, squid, awswaf, edl or plain, found '%s'", v);
                    rc = KSZ_ERR_INVALID;
                }
            } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
                sink.out = v;
            } else if (strcmp(a, "--db") == 0) {
                db = v;
            } else if (cli_filter_option(CMD, a, v, &f, &rc)) {
                /* applied to f */
            } else if (strcmp(a, "--since") == 0) {
                since = v;
            } else if (strcmp(a, "--now") == 0) {
                if (!cli_parse_time(v, &now)) {
                    cli_errorf(CMD, "--now: expected an RFC 3339 time or Unix seconds, found "
                               "'%s'", v);
                    rc = KSZ_ERR_INVALID;
                }
            } else if (strcmp(a, "--rpz-zone") == 0) {
                o.rpz_zone = v;
            } else if (strcmp(a, "--rpz-target") == 0) {
                o.rpz_target = v;
            } else if (strcmp(a, "--rpz-serial") == 0) {
                if (!parse_u32(v, &o.rpz_serial)) {
                    cli_errorf(CMD, "--rpz-serial: expected a number 1..4294967295, found '%s'",
                               v);
                    rc = KSZ_ERR_INVALID;
                }
            } else if (strcmp(a, "--nft-table") == 0 || strcmp(a, "--set-name") == 0) {
                o.set_name = v;
            } else if (strcmp(a, "--direction") == 0) {
                if (strcmp(v, "in") == 0)
                    o.direction = KSZ_DEFENSE_DIR_IN;
                else if (strcmp(v, "out") == 0)
                    o.direction = KSZ_DEFENSE_DIR_OUT;
                else if (strcmp(v, "both") == 0)
                    o.direction = KSZ_DEFENSE_DIR_IN | KSZ_DEFENSE_DIR_OUT;
                else {
                    cli_errorf(CMD, "--direction: expected in, out or both, found '%s'", v);
                    rc = KSZ_ERR_INVALID;
                }
            } else if (strcmp(a, "--acl-dir") == 0) {
                o.acl_dir = v;
            } else if (strcmp(a, "--waf-scope") == 0) {
                o.waf_scope = v;
            } else if (strcmp(a, "--sid-base") == 0) {
                if (!parse_u32(v, &o.sid_base) || o.sid_base > 0xffffffffu - 16u -
                                                                   KSZ_DEFENSE_SID_SPAN) {
                    cli_errorf(CMD, "--sid-base: expected a number 1..%u, found '%s'",
                               0xffffffffu - 16u - KSZ_DEFENSE_SID_SPAN, v);
                    rc = KSZ_ERR_INVALID;
                }
            } else {
                cli_errorf(CMD, "unknown option '%s' (try 'kizashi export --to x --help')", a);
                rc = KSZ_ERR_INVALID;
            }
        }
    }
    if (rc == KSZ_OK && to == NULL) {
        cli_errorf(CMD, "--to TARGET is required");
        rc = KSZ_ERR_INVALID;
    }
    if (now != 0)
        f.now = now;
    if (rc == KSZ_OK && since != NULL) {
        int64_t d;
        if (cli_parse_duration(since, &d) == KSZ_OK && since[strlen(since) - 1] >= 'a') {
            o.since = f.now - d;
        } else if (!cli_parse_time(since, &o.since)) {
            cli_errorf(CMD, "--since: expected a time or a duration such as 1d, found '%s'",
                       since);
            rc = KSZ_ERR_INVALID;
        }
    }
    sink.dir = rc == KSZ_OK && ksz_defense_target_is_dir(o.target);
    if (rc == KSZ_OK && sink.dir) {
        if (sink.out == NULL) {
            cli_errorf(CMD, "--to %s writes several files: give -o DIR",
                       ksz_defense_target_name(o.target));
            rc = KSZ_ERR_INVALID;
        } else if (mkdir(sink.out, 0777) != 0 && errno != EEXIST) {
            cli_errorf(CMD, "%s: cannot create the directory: %s", sink.out, strerror(errno));
            rc = KSZ_ERR_IO;
        }
    }
    if (rc == KSZ_OK)
        rc = cli_db_open(CMD, db, true, &st);
    if (rc == KSZ_OK && now != 0)
        ksz_store_set_now(st, now);
    if (rc == KSZ_OK) {
        rc = ksz_defense_export(st, &f, &o, sink_write, &sink, &sum, &err);
        if (rc != KSZ_OK && err.msg[0] != '\0')
            cli_errorf(CMD, "%s", err.msg);
    }
    if (rc == KSZ_OK)
        rc = sink_close(&sink);
    else
        sink_abandon(&sink);
    ksz_store_close(st);
    return cli_exit_for(rc);
}
