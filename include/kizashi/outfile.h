/* SPDX-License-Identifier: Apache-2.0 */
/*
 * outfile.h - an output file that is written whole or not at all.
 *
 * A new path, or one that names a regular file, is written under a temporary
 * name in the same directory and renamed over it when complete, so a reader
 * sees the old file or the new one, never half of one, and a failed write
 * leaves the old file as it was. A path that exists and is not a regular
 * file (a FIFO, a terminal), or that names one of this process's descriptors
 * (/dev/stdout, /dev/fd/3), is written as it is: renaming over it would put a
 * regular file in the device's place, and needs write access to its
 * directory. A symbolic link stays a link: the file it leads to is the one
 * written, also when that file does not exist yet.
 *
 * Public because every command that takes -o FILE writes through it, as the
 * library's snapshot writer does.
 */
#ifndef KIZASHI_OUTFILE_H
#define KIZASHI_OUTFILE_H

#include "kizashi/error.h"

struct ksz_outfile;

/* Open path for writing.
 *   path  IN   the file to write; borrowed for the call
 *   out   OUT  NULL on entry; the open file on KSZ_OK
 *   err   OUT  optional, filled on failure; the message names the path and
 *              errno's text
 * /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N are this process's
 * descriptor, written as it is (a duplicate of it, at its offset, so a
 * shell's >> appends). If path exists and is not a regular file (after
 * following symbolic links), it is opened as it is, without truncation
 * (opening a FIFO waits for a reader). Otherwise a temporary file PATH.tmp.XXXXXX is created next to the
 * file the path leads to; when it replaces a regular file it gets that file's
 * permission bits, else 0666 less the umask. Nothing is visible at path until
 * ksz_outfile_commit.
 * Returns KSZ_OK, KSZ_ERR_IO (stat, open or create failed; a directory),
 * KSZ_ERR_INVALID (an empty path), KSZ_ERR_NOMEM. Thread-safe for distinct
 * objects. */
ksz_rc ksz_outfile_open(const char *path, struct ksz_outfile **out, struct ksz_error *err);

/* Write buf[0..len), buffered. KSZ_ERR_IO on a write error (which also makes
 * ksz_outfile_commit fail). */
ksz_rc ksz_outfile_write(struct ksz_outfile *of, const void *buf, size_t len,
                         struct ksz_error *err);

/* Finish: write what is buffered; for a temporary file, fsync it, rename it
 * over the target and fsync the directory. For a file written in place there
 * is no fsync (a FIFO or a terminal has nothing to sync). KSZ_OK means the
 * whole output is at path. On KSZ_ERR_IO (naming the path) the temporary file
 * is removed by ksz_outfile_close and the old file, if any, is untouched.
 * Call at most once; then only ksz_outfile_close. */
ksz_rc ksz_outfile_commit(struct ksz_outfile *of, struct ksz_error *err);

/* Close and free; NULL-safe. Without a successful ksz_outfile_commit, the
 * temporary file is removed and path is as it was before the open (a file
 * written in place keeps what was written to it). */
void ksz_outfile_close(struct ksz_outfile *of);

/* Whether of writes a temporary file that commit renames into place (false:
 * the path is written in place). */
bool ksz_outfile_is_atomic(const struct ksz_outfile *of);

#endif
