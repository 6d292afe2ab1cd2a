/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_refang.c - `kizashi refang [FILE...]`: a filter that undoes defanging.
 *
 * The input is streamed, but always refanged a whole line at a time: a
 * defang marker ("[.]", "hxxp", a three-byte full-width "．") never spans a
 * line, so cutting only at newlines never cuts one in two. A line carried
 * over from one read to the next is capped (1 MiB) and then refanged anyway.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "input.h"

#define CMD "refang"

struct refang_state {
    char *out; /* the refanged block; refanging never lengthens */
    size_t out_cap;
};

static void refang_usage(FILE *f)
{
    fputs("usage: kizashi refang [FILE...]\n"
          "\n"
          "Undo defanging in text and copy everything else unchanged: \"hxxp\" becomes\n"
          "\"http\", \"evil[.]com\" and \"evil(dot)com\" become \"evil.com\", \"[@]\" becomes "
          "\"@\",\n"
          "and full-width forms such as \"evil［.］com\" or \"ｈｘｘｐ\" become plain ASCII.\n"
          "Reads the FILEs in turn (\"-\" is standard input), or standard input when no\n"
          "FILE is given, and writes the result to standard output.\n"
          "\n"
          "options:\n"
          "  --help    print this help and exit\n"
          "\n"
          "exit status: 0 ok, 2 a bad option or an unreadable file.\n",
          f);
}

static ksz_rc refang_block(const char *name, const char *text, size_t len, void *user)
{
    struct refang_state *st = user;
    struct ksz_refang_out out = {0};
    struct ksz_error err = {0};
    ksz_rc rc;

    if (len > st->out_cap) {
        char *p = realloc(st->out, len);
        if (p == NULL) {
            cli_errorf(CMD, "out of memory");
            return KSZ_ERR_NOMEM;
        }
        st->out = p;
        st->out_cap = len;
    }
    out.data = st->out;
    out.cap = st->out_cap;
    rc = ksz_refang(text, len, &out, &err);
    if (rc != KSZ_OK) {
        cli_errorf(CMD, "%s: %s", name, err.msg[0] ? err.msg : ksz_strerror(rc));
        return rc;
    }
    return cli_write(CMD, out.data, out.len);
}

int cli_cmd_refang(int argc, char **argv)
{
    struct refang_state st = {0};
    struct cli_lines lines;
    char **files;
    int nfiles = 0;
    bool opts_done = false;
    ksz_rc rc;

    files = calloc((size_t)argc + 1, sizeof *files);
    if (files == NULL) {
        cli_errorf(CMD, "out of memory");
        return cli_exit_for(KSZ_ERR_NOMEM);
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (opts_done || a[0] != '-' || strcmp(a, "-") == 0) {
            files[nfiles++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            opts_done = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            refang_usage(stdout);
            free(files);
            return CLI_EXIT_OK;
        } else {
            cli_errorf(CMD, "unknown option '%s' (try 'kizashi refang --help')", a);
            free(files);
            return cli_exit_for(KSZ_ERR_INVALID);
        }
    }
    cli_lines_init(&lines, 0, refang_block, &st);
    rc = cli_input_each(CMD, nfiles, files, cli_lines_chunk_cb, cli_lines_end_cb, &lines);
    if (fflush(stdout) != 0 && rc == KSZ_OK) {
        cli_errorf(CMD, "write error");
        rc = KSZ_ERR_IO;
    }
    cli_lines_cleanup(&lines);
    free(st.out);
    free(files);
    return cli_exit_for(rc);
}
