/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - `kizashi <command> [options] [files]`: dispatch to a subcommand.
 *
 * This is the only file that turns a ksz_rc into an exit status: 0 ok,
 * 1 findings where a command says so (like grep), 2 usage or input error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const struct cli_command commands[] = {
    {"version", cmd_version, "print the version"},
    {"help", cmd_help, "list the commands"},
    {"extract", cli_cmd_extract, "find indicators of compromise in text"},
    {"refang", cli_cmd_refang, "undo defanging in text (hxxp, [.], full-width forms)"},
    {"defang", cli_cmd_defang, "defang indicators for publication"},
    {"import", cli_cmd_import, "read STIX, MISP, CSV, JSON lines, lists or text into the store"},
    {"export", cli_cmd_export, "write indicators as STIX, MISP, CSV, JSON lines or a list"},
    {"hunt", cli_cmd_hunt, "look for indicators in logs (proxy, web, DNS, Zeek, Suricata)"},
    {"compile", cli_cmd_compile, "compile the active indicators into a snapshot for hunt"},
    {"search", cli_cmd_search, "find indicators by value, type, threat, tag, source or text"},
    {"show", cli_cmd_show, "the whole context of one indicator: claims, threats, history"},
    {"stats", cli_cmd_stats, "count indicators by type, state, source and TLP"},
    {"expire", cli_cmd_expire, "record and report what went inactive since the last run"},
    {"revoke", cli_cmd_revoke, "revoke an indicator (dated, kept in history)"},
    {"false-positive", cli_cmd_false_positive, "mark an indicator as a false positive"},
    {"unmark", cli_cmd_unmark, "lift the revoke / false-positive marks made here"},
    {"warninglist", cli_cmd_warninglist, "load, list, enable and check MISP warninglists"},
    {"serve", cli_cmd_serve, "serve the REST API and TAXII 2.1, pull feeds on schedule"},
    {"token", cli_cmd_token, "create, list and revoke the API tokens of serve"},
    {"feed", cli_cmd_feed, "add, list, remove and run the feeds serve pulls on schedule"},
};

int cli_exit_for(ksz_rc rc)
{
    return rc == KSZ_OK ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}

void cli_errorf(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "kizashi %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: kizashi <command> [options] [files]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nRun `kizashi <command> --help` for a command's options.\n");
}

static int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("kizashi %s\n", ksz_version());
    return CLI_EXIT_OK;
}

static int cmd_help(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    usage(stdout);
    return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
    const char *name;

    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_ERROR;
    }
    name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return cmd_help(argc - 1, argv + 1);
    if (strcmp(name, "--version") == 0)
        return cmd_version(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "kizashi: unknown command '%s'\n", name);
    usage(stderr);
    return CLI_EXIT_ERROR;
}
