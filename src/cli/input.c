/* SPDX-License-Identifier: Apache-2.0 */
/*
 * input.c - reading files or standard input in chunks, and framing chunks
 * into whole lines.
 *
 * Reads go straight to read(2) into one buffer: no stdio buffering on the way
 * in, since every caller keeps what it needs itself. The line framer hands
 * complete lines over in place whenever it can (from the read buffer, no
 * copy) and copies only the incomplete last line of a chunk.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "input.h"

/* *read_failed is set when the file itself could not be read (reported
 * here); any other failure comes from a callback. */
static ksz_rc read_fd(const char *cmd, int fd, const char *name, char *buf,
                      cli_input_chunk_cb chunk, cli_input_end_cb end, void *user, bool *read_failed)
{
    for (;;) {
        ssize_t n = read(fd, buf, CLI_INPUT_CHUNK);
        ksz_rc rc;

        if (n < 0) {
            if (errno == EINTR)
                continue;
            cli_errorf(cmd, "%s: read error: %s", name, strerror(errno));
            *read_failed = true;
            if (end)
                (void)end(name, user); /* hand over what was read */
            return KSZ_ERR_IO;
        }
        if (n == 0)
            break;
        rc = chunk(name, buf, (size_t)n, user);
        if (rc != KSZ_OK)
            return rc;
    }
    return end ? end(name, user) : KSZ_OK;
}

ksz_rc cli_input_each(const char *cmd, int nfiles, char *const *files, cli_input_chunk_cb chunk,
                      cli_input_end_cb end, void *user)
{
    static char *const stdin_only[] = {"-"};
    ksz_rc result = KSZ_OK;
    char *buf;

    buf = malloc(CLI_INPUT_CHUNK);
    if (buf == NULL) {
        cli_errorf(cmd, "out of memory");
        return KSZ_ERR_NOMEM;
    }
    if (nfiles == 0) {
        files = stdin_only;
        nfiles = 1;
    }
    for (int i = 0; i < nfiles; i++) {
        const char *path = files[i];
        bool is_stdin = strcmp(path, "-") == 0;
        const char *name = is_stdin ? CLI_INPUT_STDIN_NAME : path;
        int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
        bool read_failed = false;
        ksz_rc rc;

        if (fd < 0) {
            cli_errorf(cmd, "%s: %s", name, strerror(errno));
            result = KSZ_ERR_IO;
            continue;
        }
        rc = read_fd(cmd, fd, name, buf, chunk, end, user, &read_failed);
        if (!is_stdin)
            close(fd);
        if (read_failed) {
            result = KSZ_ERR_IO; /* reported; go on with the next file */
        } else if (rc != KSZ_OK) {
            result = rc;
            break;
        }
    }
    free(buf);
    return result;
}

void cli_lines_init(struct cli_lines *l, size_t max_line, cli_lines_cb cb, void *user)
{
    l->max_line = max_line ? max_line : 1024u * 1024u;
    ksz_buf_init(&l->carry, l->max_line + 1);
    l->cb = cb;
    l->user = user;
}

void cli_lines_cleanup(struct cli_lines *l)
{
    ksz_buf_cleanup(&l->carry);
}

/* The carried line reached the cap: hand over all of it but an incomplete
 * UTF-8 character at its end, which stays for the next piece. */
static ksz_rc lines_flush_piece(struct cli_lines *l, const char *name)
{
    struct ksz_buf *c = &l->carry;
    const unsigned char *d = (const unsigned char *)c->data;
    size_t i = c->len - 1, cut = c->len, need = 1;
    ksz_rc rc;

    while (i > 0 && c->len - i < 4 && (d[i] & 0xC0) == 0x80)
        i--;
    if ((d[i] & 0xE0) == 0xC0)
        need = 2;
    else if ((d[i] & 0xF0) == 0xE0)
        need = 3;
    else if ((d[i] & 0xF8) == 0xF0)
        need = 4;
    if (i > 0 && i + need > c->len)
        cut = i;
    rc = l->cb(name, c->data, cut, l->user);
    if (rc != KSZ_OK)
        return rc;
    memmove(c->data, c->data + cut, c->len - cut);
    c->len -= cut;
    c->data[c->len] = '\0';
    return KSZ_OK;
}

static const char *last_newline(const char *s, size_t len)
{
    while (len > 0) {
        if (s[len - 1] == '\n')
            return s + len - 1;
        len--;
    }
    return NULL;
}

ksz_rc cli_lines_feed(struct cli_lines *l, const char *name, const char *buf, size_t len)
{
    ksz_rc rc = KSZ_OK;

    while (len > 0 && rc == KSZ_OK) {
        const char *nl;
        size_t n;

        if (l->carry.len > 0) {
            size_t room = l->max_line - l->carry.len; /* carry.len < max_line */
            bool complete;

            nl = memchr(buf, '\n', len);
            n = nl ? (size_t)(nl - buf) + 1 : len;
            complete = nl != NULL && n <= room;
            if (n > room)
                n = room;
            rc = ksz_buf_append(&l->carry, buf, n);
            buf += n;
            len -= n;
            if (rc != KSZ_OK)
                break;
            if (complete) {
                rc = l->cb(name, l->carry.data, l->carry.len, l->user);
                ksz_buf_reset(&l->carry);
            } else if (l->carry.len >= l->max_line) {
                rc = lines_flush_piece(l, name);
            }
            continue;
        }
        nl = last_newline(buf, len);
        if (nl != NULL) {
            n = (size_t)(nl - buf) + 1;
            rc = l->cb(name, buf, n, l->user);
            buf += n;
            len -= n;
            continue;
        }
        n = len < l->max_line ? len : l->max_line;
        rc = ksz_buf_append(&l->carry, buf, n);
        buf += n;
        len -= n;
        if (rc == KSZ_OK && l->carry.len >= l->max_line)
            rc = lines_flush_piece(l, name);
    }
    return rc;
}

ksz_rc cli_lines_finish(struct cli_lines *l, const char *name)
{
    ksz_rc rc = KSZ_OK;

    if (l->carry.len > 0)
        rc = l->cb(name, l->carry.data, l->carry.len, l->user);
    ksz_buf_reset(&l->carry);
    return rc;
}

ksz_rc cli_lines_chunk_cb(const char *name, const char *buf, size_t len, void *user)
{
    return cli_lines_feed(user, name, buf, len);
}

ksz_rc cli_lines_end_cb(const char *name, void *user)
{
    return cli_lines_finish(user, name);
}

ksz_rc cli_write(const char *cmd, const char *buf, size_t len)
{
    if (len > 0 && fwrite(buf, 1, len, stdout) != len) {
        cli_errorf(cmd, "write error: %s", strerror(errno));
        return KSZ_ERR_IO;
    }
    return KSZ_OK;
}
