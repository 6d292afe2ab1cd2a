/* SPDX-License-Identifier: Apache-2.0 */
/*
 * defense_export_main.c - `defense_export_main export --to TARGET ...`: the
 * blocklist command line of src/cli/export_to.c in a program of its own, so
 * the validator tests can run it before `kizashi export --to` is wired to
 * it. It takes exactly the arguments of `kizashi export --to`.
 */
#include <stdarg.h>
#include <stdio.h>
#include "cli.h"
#include "export_to.h"

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

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: defense_export_main export --to TARGET [options]\n", stderr);
        return CLI_EXIT_ERROR;
    }
    return cli_export_to(argc - 1, argv + 1);
}
