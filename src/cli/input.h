/* SPDX-License-Identifier: Apache-2.0 */
/*
 * input.h - reading a command's inputs: the files named on its command line,
 * or standard input when there are none ("-" also means standard input).
 *
 * Commands see their input as chunks, each tagged with the name of the file it
 * came from, so every diagnostic can name the file. Two layers:
 *   cli_input_each  reads files (or stdin) in chunks and calls back per chunk
 *                   and once at the end of each file;
 *   cli_lines       turns chunks into blocks of whole lines, carrying an
 *                   incomplete last line to the next chunk, for filters that
 *                   must never cut a token (a defang marker, a URL) in two.
 */
#ifndef KSZ_CLI_INPUT_H
#define KSZ_CLI_INPUT_H

#include <kizashi/kizashi.h>

/* The size of one read. */
#define CLI_INPUT_CHUNK (256u * 1024u)

/* The name used for standard input in messages. */
#define CLI_INPUT_STDIN_NAME "<stdin>"

/* Called with each chunk read from the file called name (borrowed for the
 * call). Return KSZ_OK to go on; anything else stops the whole run and is
 * returned by cli_input_each (the callback has reported it). */
typedef ksz_rc (*cli_input_chunk_cb)(const char *name, const char *buf, size_t len, void *user);
/* Called once after the last chunk of each file that was read to its end
 * (optional). Same return convention. */
typedef ksz_rc (*cli_input_end_cb)(const char *name, void *user);

/* Read each of files[0..nfiles) in turn, or standard input when nfiles is 0;
 * "-" names standard input.
 *   cmd    IN  the subcommand's name, for messages ("kizashi CMD: FILE: ...")
 * A file that cannot be opened or read is reported on stderr, naming it, and
 * skipped: the others are still read (like cat and grep), and the result is
 * KSZ_ERR_IO. A callback's failure stops at once and is returned as is.
 * Returns KSZ_OK when every file was read. */
ksz_rc cli_input_each(const char *cmd, int nfiles, char *const *files, cli_input_chunk_cb chunk,
                      cli_input_end_cb end, void *user);

/* Called with text made of whole lines: every line ends in '\n', except the
 * last one at the end of a file without a final newline, and a line that had
 * to be carried over from one chunk to the next and grew past max_line: that
 * one is handed over in pieces of at most max_line bytes, cut at a UTF-8
 * character boundary. name is the file's name. */
typedef ksz_rc (*cli_lines_cb)(const char *name, const char *text, size_t len, void *user);

struct cli_lines {
    struct ksz_buf carry; /* the incomplete last line of the previous chunk */
    size_t max_line;
    cli_lines_cb cb;
    void *user;
};

/* max_line = 0 means 1 MiB. Never allocates. */
void cli_lines_init(struct cli_lines *l, size_t max_line, cli_lines_cb cb, void *user);
void cli_lines_cleanup(struct cli_lines *l);
/* Feed a chunk; calls cb with the complete lines it holds (possibly none). */
ksz_rc cli_lines_feed(struct cli_lines *l, const char *name, const char *buf, size_t len);
/* End of a file: hands over what is left of its last line. */
ksz_rc cli_lines_finish(struct cli_lines *l, const char *name);

/* Adapters, so a cli_lines can be given straight to cli_input_each with
 * user = the struct cli_lines. */
ksz_rc cli_lines_chunk_cb(const char *name, const char *buf, size_t len, void *user);
ksz_rc cli_lines_end_cb(const char *name, void *user);

/* Write buf[0..len) to stdout; on failure report "write error" for cmd and
 * return KSZ_ERR_IO. */
ksz_rc cli_write(const char *cmd, const char *buf, size_t len);

#endif
