/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h - what the subcommands of `kizashi` share: the command table entry,
 * the mapping from ksz_rc to an exit status, and diagnostics.
 */
#ifndef KSZ_CLI_H
#define KSZ_CLI_H

#include <kizashi/kizashi.h>

/* Exit statuses (like grep): 0 ok, 1 findings where a command says so,
 * 2 usage or input error. */
#define CLI_EXIT_OK 0
#define CLI_EXIT_FOUND 1
#define CLI_EXIT_ERROR 2

/* A subcommand: argv[0] is the subcommand's name. Returns an exit status. */
typedef int (*cli_cmd_fn)(int argc, char **argv);

struct cli_command {
    const char *name;
    cli_cmd_fn fn;
    const char *summary;
};

/* The one place a ksz_rc becomes an exit status. */
int cli_exit_for(ksz_rc rc);

/* Print "kizashi CMD: message" to stderr. */
void cli_errorf(const char *cmd, const char *fmt, ...) KSZ_PRINTF(2, 3);

int cli_cmd_extract(int argc, char **argv);
int cli_cmd_refang(int argc, char **argv);
int cli_cmd_defang(int argc, char **argv);
int cli_cmd_hunt(int argc, char **argv);
int cli_cmd_compile(int argc, char **argv);
int cli_cmd_import(int argc, char **argv);
int cli_cmd_export(int argc, char **argv);
int cli_cmd_search(int argc, char **argv);
int cli_cmd_show(int argc, char **argv);
int cli_cmd_stats(int argc, char **argv);
int cli_cmd_expire(int argc, char **argv);
int cli_cmd_revoke(int argc, char **argv);
int cli_cmd_false_positive(int argc, char **argv);
int cli_cmd_unmark(int argc, char **argv);
int cli_cmd_warninglist(int argc, char **argv);
int cli_cmd_serve(int argc, char **argv);
int cli_cmd_token(int argc, char **argv);
int cli_cmd_feed(int argc, char **argv);

#endif
