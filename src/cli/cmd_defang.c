/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_defang.c - `kizashi defang [OPTIONS] [FILE...]`: make indicators safe
 * to publish ("hxxp[:]//evil[.]com/").
 *
 * Two modes. By default the input is a list, one value per line: a line that
 * is an indicator (after refanging, so an already defanged list is restyled)
 * is replaced by its defanged canonical form, keeping the line's surrounding
 * blanks; any other line is copied unchanged. With --extract the input is
 * free text: the extractor finds the indicators, and each one whose defanged
 * form differs from its value is replaced in place, keeping the rest of the
 * text byte for byte. Both work on blocks of whole lines, so no indicator is
 * cut between two reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "input.h"

#define CMD "defang"

/* Defanging can triple a value's length ("." -> "[.]"). */
#define DEFANG_OUT_MAX (4 * KSZ_IOC_VALUE_MAX + 64)
/* A line longer than this (before refanging) cannot hold a single value. */
#define DEFANG_LINE_MAX (4 * KSZ_IOC_VALUE_MAX)

/* One replacement in --extract mode: text[off, off+len) becomes
 * repl.data[roff, roff+rlen). */
struct defang_edit {
    uint64_t off, len;
    size_t roff, rlen;
};

struct defang_state {
    struct ksz_defang_opts opts;
    char value[DEFANG_LINE_MAX]; /* a refanged line */
    char canon[KSZ_IOC_VALUE_MAX + 1];
    char out[DEFANG_OUT_MAX];
    /* --extract only */
    struct ksz_extractor *x;
    struct defang_edit *edits;
    size_t nedits, edits_cap;
    struct ksz_buf repl;
    ksz_rc cb_rc; /* a failure inside the extractor's callback */
};

static void defang_usage(FILE *f)
{
    fputs("usage: kizashi defang [OPTIONS] [FILE...]\n"
          "\n"
          "Defang indicators so that they can be published without being clickable:\n"
          "\"http://evil.com/x\" becomes \"hxxp[:]//evil[.]com/x\", \"1.2.3.4\" becomes\n"
          "\"1.2.3[.]4\", \"user@evil.com\" becomes \"user[@]evil[.]com\". Hashes, CVE ids and\n"
          "other values that cannot be followed are written in their canonical form.\n"
          "\n"
          "By default the input is a list with one value per line; a line that is no\n"
          "indicator is copied unchanged. Values already defanged are refanged first, so\n"
          "a list can be restyled. Reads the FILEs in turn (\"-\" is standard input), or\n"
          "standard input when no FILE is given, and writes to standard output.\n"
          "\n"
          "options:\n"
          "  --extract                 the input is free text: find the indicators in it\n"
          "                            and defang them in place, keeping the rest\n"
          "  --dots all|last           defang every dot, or only the last one of a host\n"
          "                            or address (default: last)\n"
          "  --brackets square|paren   write \"[.]\" or \"(.)\" (default: square)\n"
          "  --no-scheme               keep \"http\" and \"ftp\" (default: \"hxxp\", \"fxp\")\n"
          "  --no-colon                keep \"://\" (default: \"[:]//\")\n"
          "  --no-at                   keep \"@\" in e-mail addresses (default: \"[@]\")\n"
          "  --help                    print this help and exit\n"
          "\n"
          "exit status: 0 ok, 2 a bad option or an unreadable file.\n",
          f);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Defang the value s[0..len) (canonical, of type t) into st->out. */
static bool defang_value(struct defang_state *st, ksz_ioc_type t, const char *s, size_t len,
                         size_t *outlen)
{
    return ksz_defang(t, s, len, &st->opts, st->out, sizeof st->out, outlen, NULL) == KSZ_OK;
}

/* One line of a list, without its '\n'. Writes it, defanged or unchanged. */
static ksz_rc defang_line(struct defang_state *st, const char *line, size_t len)
{
    struct ksz_refang_out ro = {0};
    size_t b = 0, e = len, clen = 0, olen = 0;
    ksz_ioc_type t = KSZ_IOC_NONE;
    ksz_rc rc;

    while (b < e && is_blank(line[b]))
        b++;
    while (e > b && is_blank(line[e - 1]))
        e--;
    if (b == e || e - b > DEFANG_LINE_MAX)
        return cli_write(CMD, line, len);
    ro.data = st->value;
    ro.cap = sizeof st->value;
    if (ksz_refang(line + b, e - b, &ro, NULL) != KSZ_OK ||
        ksz_ioc_classify(ro.data, ro.len, &t, st->canon, sizeof st->canon, &clen, NULL) != KSZ_OK ||
        !defang_value(st, t, st->canon, clen, &olen))
        return cli_write(CMD, line, len);
    rc = cli_write(CMD, line, b);
    if (rc == KSZ_OK)
        rc = cli_write(CMD, st->out, olen);
    if (rc == KSZ_OK)
        rc = cli_write(CMD, line + e, len - e);
    return rc;
}

static ksz_rc defang_list_block(const char *name, const char *text, size_t len, void *user)
{
    struct defang_state *st = user;
    ksz_rc rc = KSZ_OK;

    (void)name;
    while (len > 0 && rc == KSZ_OK) {
        const char *nl = memchr(text, '\n', len);
        size_t n = nl ? (size_t)(nl - text) : len;

        rc = defang_line(st, text, n);
        if (rc == KSZ_OK && nl != NULL)
            rc = cli_write(CMD, "\n", 1);
        n += nl != NULL;
        text += n;
        len -= n;
    }
    return rc;
}

/* ---- --extract ------------------------------------------------------------ */

static int extract_hit(const struct ksz_extract_hit *hit, void *user)
{
    struct defang_state *st = user;
    struct defang_edit *ed;
    size_t olen = 0;
    ksz_rc rc;

    if (!defang_value(st, hit->type, hit->value, hit->value_len, &olen))
        return 0;
    if (olen == hit->value_len && memcmp(st->out, hit->value, olen) == 0)
        return 0; /* nothing to defang (a hash, a CVE id): keep the text as written */
    if (st->nedits == st->edits_cap) {
        size_t ncap = st->edits_cap ? st->edits_cap * 2 : 64;
        struct defang_edit *p = realloc(st->edits, ncap * sizeof *p);
        if (p == NULL) {
            st->cb_rc = KSZ_ERR_NOMEM;
            return 1;
        }
        st->edits = p;
        st->edits_cap = ncap;
    }
    ed = &st->edits[st->nedits];
    ed->off = hit->offset;
    ed->len = hit->length;
    ed->roff = st->repl.len;
    ed->rlen = olen;
    rc = ksz_buf_append(&st->repl, st->out, olen);
    if (rc != KSZ_OK) {
        st->cb_rc = rc;
        return 1;
    }
    st->nedits++;
    return 0;
}

/* By position; of two hits at one place the longer (a URL before its host)
 * comes first and wins. */
static int edit_cmp(const void *a, const void *b)
{
    const struct defang_edit *x = a, *y = b;

    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return 0;
}

static ksz_rc defang_text_block(const char *name, const char *text, size_t len, void *user)
{
    struct defang_state *st = user;
    struct ksz_error err = {0};
    uint64_t pos = 0;
    ksz_rc rc;

    st->nedits = 0;
    st->cb_rc = KSZ_OK;
    ksz_buf_reset(&st->repl);
    rc = ksz_extract_feed(st->x, text, len, &err);
    if (rc == KSZ_OK)
        rc = ksz_extract_finish(st->x, &err); /* offsets restart with each block */
    if (rc == KSZ_OK && st->cb_rc != KSZ_OK) {
        rc = st->cb_rc;
        ksz_error_set(&err, rc, "%s", ksz_strerror(rc));
    }
    if (rc != KSZ_OK) {
        cli_errorf(CMD, "%s: %s", name, err.msg[0] ? err.msg : ksz_strerror(rc));
        return rc;
    }
    qsort(st->edits, st->nedits, sizeof *st->edits, edit_cmp);
    for (size_t i = 0; i < st->nedits && rc == KSZ_OK; i++) {
        const struct defang_edit *ed = &st->edits[i];

        if (ed->off < pos || ed->off + ed->len > len)
            continue; /* inside a replacement already made */
        rc = cli_write(CMD, text + pos, (size_t)(ed->off - pos));
        if (rc == KSZ_OK)
            rc = cli_write(CMD, st->repl.data + ed->roff, ed->rlen);
        pos = ed->off + ed->len;
    }
    if (rc == KSZ_OK)
        rc = cli_write(CMD, text + pos, (size_t)(len - pos));
    return rc;
}

/* ---- options -------------------------------------------------------------- */

/* "--name=value" or "--name value": the value, or NULL (reported). */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    const char *a = argv[*i];
    size_t n = strlen(name);

    if (a[n] == '=')
        return a + n + 1;
    if (*i + 1 < argc)
        return argv[++*i];
    cli_errorf(CMD, "option '%s' needs a value (try 'kizashi defang --help')", name);
    return NULL;
}

static bool option_is(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

/* Returns -1 to go on, or the exit status. */
static int parse_args(int argc, char **argv, struct defang_state *st, bool *extract, char **files,
                      int *nfiles)
{
    bool opts_done = false;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v;

        if (opts_done || a[0] != '-' || strcmp(a, "-") == 0) {
            files[(*nfiles)++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            opts_done = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            defang_usage(stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(a, "--extract") == 0) {
            *extract = true;
        } else if (strcmp(a, "--no-scheme") == 0) {
            st->opts.scheme = false;
        } else if (strcmp(a, "--no-colon") == 0) {
            st->opts.colon = false;
        } else if (strcmp(a, "--no-at") == 0) {
            st->opts.at = false;
        } else if (option_is(a, "--dots")) {
            v = option_value(argc, argv, &i, "--dots");
            if (v == NULL)
                return cli_exit_for(KSZ_ERR_INVALID);
            if (strcmp(v, "all") != 0 && strcmp(v, "last") != 0) {
                cli_errorf(CMD, "--dots: expected 'all' or 'last', got '%s'", v);
                return cli_exit_for(KSZ_ERR_INVALID);
            }
            st->opts.dots_all = strcmp(v, "all") == 0;
        } else if (option_is(a, "--brackets")) {
            v = option_value(argc, argv, &i, "--brackets");
            if (v == NULL)
                return cli_exit_for(KSZ_ERR_INVALID);
            if (strcmp(v, "square") != 0 && strcmp(v, "paren") != 0) {
                cli_errorf(CMD, "--brackets: expected 'square' or 'paren', got '%s'", v);
                return cli_exit_for(KSZ_ERR_INVALID);
            }
            st->opts.brackets_paren = strcmp(v, "paren") == 0;
        } else {
            cli_errorf(CMD, "unknown option '%s' (try 'kizashi defang --help')", a);
            return cli_exit_for(KSZ_ERR_INVALID);
        }
    }
    return -1;
}

int cli_cmd_defang(int argc, char **argv)
{
    struct defang_state *st;
    struct cli_lines lines;
    struct ksz_error err = {0};
    bool extract = false;
    char **files;
    int nfiles = 0, status;
    ksz_rc rc;

    st = calloc(1, sizeof *st);
    files = calloc((size_t)argc + 1, sizeof *files);
    if (st == NULL || files == NULL) {
        free(st);
        free(files);
        cli_errorf(CMD, "out of memory");
        return cli_exit_for(KSZ_ERR_NOMEM);
    }
    ksz_defang_opts_init(&st->opts);
    ksz_buf_init(&st->repl, 0);
    status = parse_args(argc, argv, st, &extract, files, &nfiles);
    if (status >= 0)
        goto out;
    rc = ksz_ioc_global_init(&err);
    if (rc == KSZ_OK && extract)
        rc = ksz_extract_new(NULL, extract_hit, st, &st->x, &err);
    if (rc != KSZ_OK) {
        cli_errorf(CMD, "%s", err.msg[0] ? err.msg : ksz_strerror(rc));
        status = cli_exit_for(rc);
        goto out;
    }
    cli_lines_init(&lines, 0, extract ? defang_text_block : defang_list_block, st);
    rc = cli_input_each(CMD, nfiles, files, cli_lines_chunk_cb, cli_lines_end_cb, &lines);
    if (fflush(stdout) != 0 && rc == KSZ_OK) {
        cli_errorf(CMD, "write error");
        rc = KSZ_ERR_IO;
    }
    cli_lines_cleanup(&lines);
    status = cli_exit_for(rc);
out:
    ksz_extract_free(st->x);
    ksz_buf_cleanup(&st->repl);
    free(st->edits);
    free(st);
    free(files);
    return status;
}
