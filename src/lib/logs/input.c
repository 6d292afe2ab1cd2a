/* SPDX-License-Identifier: Apache-2.0 */
/*
 * input.c - log framing: files and stdin, plain, gzip or zstd (told apart by
 * their magic bytes, not their names), read in large blocks of whole lines.
 *
 * Two ways in. A stream (stdin, a pipe, any compressed file) is read in order
 * with ksz_log_input_next: blocks of about KSZ_LOG_BLOCK bytes, the
 * incomplete last line carried over to the next block. A plain regular file
 * can also be read by ranges (ksz_log_input_range), so that several
 * threads read and parse different parts of it at once; a line belongs to
 * the range it starts in.
 *
 * A large file at rest (not modified for a minute: an archived or rotated
 * log, what hunts mostly read) is mapped instead, and its ranges are handed
 * out in place: no copy from the page cache, which was a tenth of a hunt's
 * CPU time. A file still being written is read with pread, because a
 * mapped file that shrinks (copytruncate rotation) would fault the reader.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include "logs/logs_int.h"

#define RAW_CHUNK (256u * 1024u)
#define MAP_MIN_SIZE (16u * 1024u * 1024u)   /* smaller files: pread is as cheap */
#define MAP_AT_REST_S 60                      /* unmodified this long: mapped */

struct ksz_log_input {
    char *name;
    int fd;
    bool own_fd;
    ksz_log_compression comp;
    uint64_t size;            /* plain regular file: its size; else 0 */
    const char *map;          /* the whole file mapped (large and at rest), or NULL */
    /* compressed bytes not yet decoded */
    unsigned char *raw;
    size_t raw_len, raw_pos;
    bool raw_eof;
    z_stream zs;
    bool z_init, z_member_end;
    ZSTD_DStream *zd;
    size_t zd_last;           /* the last decompressStream result that made progress: 0 at a frame end */
    /* decoded bytes: buf[0..len) */
    char *buf;
    size_t len, cap;
    size_t consumed;          /* bytes handed out by the last next(), dropped at the next */
    bool skip_to_nl;          /* inside a line that was cut at KSZ_LOG_LINE_MAX */
    bool eof;                 /* nothing more to decode */
    char *head;
    size_t head_len;
    bool head_done;
};

static ksz_rc io_fail(const struct ksz_log_input *in, struct ksz_error *err, const char *what)
{
    return ksz_error_set(err, KSZ_ERR_IO, "logs: %s: %s: %s", in->name, what, strerror(errno));
}

static ssize_t read_some(int fd, void *p, size_t n)
{
    ssize_t r;
    do
        r = read(fd, p, n);
    while (r < 0 && errno == EINTR);
    return r;
}

/* Read raw bytes (compressed streams) into in->raw, keeping the unread tail. */
static ksz_rc raw_fill(struct ksz_log_input *in, struct ksz_error *err)
{
    ssize_t r;

    if (in->raw_pos > 0) {
        memmove(in->raw, in->raw + in->raw_pos, in->raw_len - in->raw_pos);
        in->raw_len -= in->raw_pos;
        in->raw_pos = 0;
    }
    if (in->raw_eof || in->raw_len == RAW_CHUNK)
        return KSZ_OK;
    r = read_some(in->fd, in->raw + in->raw_len, RAW_CHUNK - in->raw_len);
    if (r < 0)
        return io_fail(in, err, "read failed");
    if (r == 0)
        in->raw_eof = true;
    in->raw_len += (size_t)r;
    return KSZ_OK;
}

static ksz_rc setup(struct ksz_log_input *in, struct ksz_error *err)
{
    struct stat st;
    ksz_rc rc;

    if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode))
        return ksz_error_set(err, KSZ_ERR_IO, "logs: %s: is a directory", in->name);
    in->raw = ksz__malloc(RAW_CHUNK);
    in->cap = KSZ_LOG_BLOCK + KSZ_LOG_LINE_MAX;
    in->buf = ksz__malloc(in->cap + 1);
    if (in->raw == NULL || in->buf == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "logs: out of memory");
    /* the magic: read until 4 bytes or the end */
    while (in->raw_len < 4 && !in->raw_eof) {
        rc = raw_fill(in, err);
        if (rc != KSZ_OK)
            return rc;
    }
    if (in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b) {
        in->comp = KSZ_LOG_GZIP;
        if (inflateInit2(&in->zs, 15 + 32) != Z_OK)
            return ksz_error_set(err, KSZ_ERR_NOMEM, "logs: %s: cannot start gzip", in->name);
        in->z_init = true;
    } else if (in->raw_len >= 4 && in->raw[0] == 0x28 && in->raw[1] == 0xb5 &&
               in->raw[2] == 0x2f && in->raw[3] == 0xfd) {
        in->comp = KSZ_LOG_ZSTD;
        in->zd = ZSTD_createDStream();
        if (in->zd == NULL || ZSTD_isError(ZSTD_initDStream(in->zd)))
            return ksz_error_set(err, KSZ_ERR_NOMEM, "logs: %s: cannot start zstd", in->name);
    } else {
        in->comp = KSZ_LOG_PLAIN;
        if (S_ISREG(st.st_mode))
            in->size = (uint64_t)st.st_size;
        if (S_ISREG(st.st_mode) && in->size >= MAP_MIN_SIZE && in->size <= SIZE_MAX &&
            time(NULL) - st.st_mtime >= MAP_AT_REST_S) {
            void *m = mmap(NULL, (size_t)in->size, PROT_READ, MAP_SHARED, in->fd, 0);
            if (m != MAP_FAILED) {   /* else pread, as for any other file */
                in->map = m;
#ifdef MADV_SEQUENTIAL
                (void)madvise(m, (size_t)in->size, MADV_SEQUENTIAL);
#endif
            }
        }
        /* the bytes already read are the start of the text */
        memcpy(in->buf, in->raw, in->raw_len);
        in->len = in->raw_len;
        in->raw_len = 0;
        if (in->raw_eof)
            in->eof = true;
    }
    return KSZ_OK;
}

static ksz_rc open_common(struct ksz_log_input *in, struct ksz_log_input **out,
                          struct ksz_error *err)
{
    ksz_rc rc = setup(in, err);

    if (rc != KSZ_OK) {
        ksz_log_input_close(in);
        return rc;
    }
    *out = in;
    return KSZ_OK;
}

ksz_rc ksz_log_input_fdopen(int fd, const char *name, struct ksz_log_input **out,
                            struct ksz_error *err)
{
    struct ksz_log_input *in;

    *out = NULL;
    in = ksz__calloc(1, sizeof *in);
    if (in == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "logs: out of memory");
    in->fd = fd;
    in->name = ksz__strndup(name, strlen(name));
    if (in->name == NULL) {
        ksz__free(in);
        return ksz_error_set(err, KSZ_ERR_NOMEM, "logs: out of memory");
    }
    return open_common(in, out, err);
}

ksz_rc ksz_log_input_open(const char *path, struct ksz_log_input **out, struct ksz_error *err)
{
    struct ksz_log_input *in;
    int fd;
    ksz_rc rc;

    *out = NULL;
    if (strcmp(path, "-") == 0)
        return ksz_log_input_fdopen(STDIN_FILENO, "<stdin>", out, err);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ksz_error_set(err, KSZ_ERR_IO, "logs: %s: cannot open: %s", path, strerror(errno));
    rc = ksz_log_input_fdopen(fd, path, &in, err);
    if (rc != KSZ_OK) {
        close(fd);
        return rc;
    }
    in->own_fd = true;
#ifdef POSIX_FADV_SEQUENTIAL
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    *out = in;
    return KSZ_OK;
}

void ksz_log_input_close(struct ksz_log_input *in)
{
    if (in == NULL)
        return;
    if (in->map != NULL)
        munmap((void *)in->map, (size_t)in->size);
    if (in->z_init)
        inflateEnd(&in->zs);
    ZSTD_freeDStream(in->zd);
    if (in->own_fd)
        close(in->fd);
    ksz__free(in->raw);
    ksz__free(in->buf);
    ksz__free(in->head);
    ksz__free(in->name);
    ksz__free(in);
}

const char *ksz_log_input_name(const struct ksz_log_input *in)
{
    return in->name;
}

ksz_log_compression ksz_log_input_compression(const struct ksz_log_input *in)
{
    return in->comp;
}

uint64_t ksz_log_input_size(const struct ksz_log_input *in)
{
    return in->comp == KSZ_LOG_PLAIN ? in->size : 0;
}

/* Decode more into buf[len..cap). Sets eof when the input is exhausted. */
static ksz_rc decode_more(struct ksz_log_input *in, struct ksz_error *err)
{
    ksz_rc rc;

    if (in->comp == KSZ_LOG_PLAIN) {
        ssize_t r = read_some(in->fd, in->buf + in->len, in->cap - in->len);
        if (r < 0)
            return io_fail(in, err, "read failed");
        if (r == 0)
            in->eof = true;
        in->len += (size_t)r;
        return KSZ_OK;
    }
    rc = raw_fill(in, err);
    if (rc != KSZ_OK)
        return rc;
    if (in->comp == KSZ_LOG_GZIP) {
        int zr;
        if (in->z_member_end) {
            /* another member follows, or the end (trailing zeros are ignored) */
            if (in->raw_len - in->raw_pos < 2 || in->raw[in->raw_pos] != 0x1f ||
                in->raw[in->raw_pos + 1] != 0x8b) {
                in->eof = true;
                return KSZ_OK;
            }
            inflateReset(&in->zs);
            in->z_member_end = false;
        }
        in->zs.next_in = in->raw + in->raw_pos;
        in->zs.avail_in = (uInt)(in->raw_len - in->raw_pos);
        in->zs.next_out = (Bytef *)in->buf + in->len;
        in->zs.avail_out = (uInt)(in->cap - in->len);
        zr = inflate(&in->zs, Z_NO_FLUSH);
        in->raw_pos = in->raw_len - in->zs.avail_in;
        in->len = in->cap - in->zs.avail_out;
        if (zr == Z_STREAM_END) {
            in->z_member_end = true;
            if (in->raw_eof && in->raw_pos == in->raw_len)
                in->eof = true;
        } else if (zr == Z_BUF_ERROR && in->raw_eof && in->raw_pos == in->raw_len) {
            return ksz_error_set(err, KSZ_ERR_PARSE, "logs: %s: truncated gzip data", in->name);
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            return ksz_error_set(err, KSZ_ERR_PARSE, "logs: %s: corrupt gzip data (%s)", in->name,
                                 in->zs.msg ? in->zs.msg : "error");
        }
        return KSZ_OK;
    }
    {
        ZSTD_inBuffer ib = {in->raw + in->raw_pos, in->raw_len - in->raw_pos, 0};
        ZSTD_outBuffer ob = {in->buf + in->len, in->cap - in->len, 0};
        size_t zr = ZSTD_decompressStream(in->zd, &ob, &ib);
        if (ZSTD_isError(zr))
            return ksz_error_set(err, KSZ_ERR_PARSE, "logs: %s: corrupt zstd data (%s)", in->name,
                                 ZSTD_getErrorName(zr));
        in->raw_pos += ib.pos;
        in->len += ob.pos;
        if (ob.pos > 0 || ib.pos > 0)
            in->zd_last = zr;
        else if (in->raw_eof && in->raw_pos == in->raw_len) {
            in->eof = true;
            if (in->zd_last != 0)
                return ksz_error_set(err, KSZ_ERR_PARSE, "logs: %s: truncated zstd data",
                                     in->name);
        }
    }
    return KSZ_OK;
}

/* Decode until buf holds at least want bytes or the input ends. */
static ksz_rc fill(struct ksz_log_input *in, size_t want, struct ksz_error *err)
{
    while (in->len < want && !in->eof) {
        ksz_rc rc = decode_more(in, err);
        if (rc != KSZ_OK)
            return rc;
    }
    return KSZ_OK;
}

ksz_rc ksz_log_input_head(struct ksz_log_input *in, const char **data, size_t *len,
                          struct ksz_error *err)
{
    if (!in->head_done) {
        ksz_rc rc;
        size_t n;
        if (in->consumed > 0)
            return ksz_error_set(err, KSZ_ERR_INVALID, "logs: %s: head asked after reading",
                                 in->name);
        rc = fill(in, KSZ_LOG_HEAD_MAX, err);
        if (rc != KSZ_OK)
            return rc;
        n = in->len < KSZ_LOG_HEAD_MAX ? in->len : KSZ_LOG_HEAD_MAX;
        in->head = ksz__malloc(n + 1);
        if (in->head == NULL)
            return ksz_error_set(err, KSZ_ERR_NOMEM, "logs: out of memory");
        memcpy(in->head, in->buf, n);
        in->head[n] = '\0';
        in->head_len = n;
        in->head_done = true;
    }
    *data = in->head;
    *len = in->head_len;
    return KSZ_OK;
}

ksz_rc ksz_log_input_next(struct ksz_log_input *in, const char **data, size_t *len,
                          struct ksz_error *err)
{
    for (;;) {
        const char *nl;
        size_t n;
        ksz_rc rc;

        if (in->consumed > 0) {
            memmove(in->buf, in->buf + in->consumed, in->len - in->consumed);
            in->len -= in->consumed;
            in->consumed = 0;
        }
        rc = fill(in, KSZ_LOG_BLOCK, err);
        if (rc != KSZ_OK)
            return rc;
        if (in->len == 0)
            return KSZ_ERR_NOTFOUND;
        if (in->skip_to_nl) {
            nl = memchr(in->buf, '\n', in->len);
            in->consumed = nl ? (size_t)(nl - in->buf) + 1 : in->len;
            in->skip_to_nl = nl == NULL;
            continue;
        }
        nl = memrchr(in->buf, '\n', in->len);
        if (nl != NULL) {
            n = (size_t)(nl - in->buf) + 1;
        } else if (in->eof) {
            n = in->len;
        } else {
            /* no newline in a full buffer: read on until the line ends or is too long */
            rc = fill(in, in->cap, err);
            if (rc != KSZ_OK)
                return rc;
            nl = memchr(in->buf, '\n', in->len);
            if (nl != NULL) {
                n = (size_t)(nl - in->buf) + 1;
            } else if (in->eof) {
                n = in->len;
            } else {
                n = KSZ_LOG_LINE_MAX;
                in->skip_to_nl = true;
            }
            if (n > KSZ_LOG_LINE_MAX) {
                /* hand over the first LINE_MAX bytes of it, drop the rest */
                *data = in->buf;
                *len = KSZ_LOG_LINE_MAX;
                in->consumed = n;
                return KSZ_OK;
            }
        }
        *data = in->buf;
        *len = n;
        in->consumed = n;
        return KSZ_OK;
    }
}

static ksz_rc pread_all(const struct ksz_log_input *in, char *p, size_t n, uint64_t off,
                        size_t *got, struct ksz_error *err)
{
    size_t done = 0;

    while (done < n) {
        ssize_t r = pread(in->fd, p + done, n - done, (off_t)(off + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return io_fail(in, err, "read failed");
        if (r == 0)
            break;
        done += (size_t)r;
    }
    *got = done;
    return KSZ_OK;
}

/* ksz_log_input_range over the mapping: the same lines, pointed at in place.
 * The last line is not cut at KSZ_LOG_LINE_MAX here; the reader cuts it. */
static ksz_rc range_mapped(const struct ksz_log_input *in, uint64_t off, uint64_t len,
                           const char **data, size_t *dlen)
{
    const char *m = in->map, *nl;
    uint64_t start, end, last;

    if (off == 0) {
        start = 0;
    } else {
        /* the first line starting at or after off: after a '\n' at off-1 .. off+len-2 */
        uint64_t scan = len < in->size - (off - 1) ? len : in->size - (off - 1);
        nl = memchr(m + off - 1, '\n', (size_t)scan);
        if (nl == NULL)
            return KSZ_OK;   /* no line starts in this range */
        start = (uint64_t)(nl - m) + 1;
    }
    /* the end of the last line starting before off + len */
    last = off + len - 1;
    if (last >= in->size) {
        end = in->size;
    } else {
        nl = memchr(m + last, '\n', (size_t)(in->size - last));
        end = nl ? (uint64_t)(nl - m) + 1 : in->size;
    }
    if (end > start) {
#ifdef MADV_POPULATE_READ
        /* map the range's pages in one call rather than one fault per 64 KiB */
        uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE), a = (uintptr_t)(m + start) & ~(pg - 1);
        (void)madvise((void *)a, (size_t)((uintptr_t)(m + end) - a), MADV_POPULATE_READ);
#endif
        *data = m + start;
        *dlen = (size_t)(end - start);
    }
    return KSZ_OK;
}

ksz_rc ksz_log_input_range(const struct ksz_log_input *in, uint64_t off, uint64_t len,
                           struct ksz_buf *buf, const char **data, size_t *dlen,
                           struct ksz_error *err)
{
    uint64_t from = off > 0 ? off - 1 : 0;
    size_t want = (size_t)(len + (off > 0)) + 64 * 1024, got, start, end;
    const char *nl;
    ksz_rc rc;

    *data = NULL;
    *dlen = 0;
    if (in->comp != KSZ_LOG_PLAIN || in->size == 0)
        return ksz_error_set(err, KSZ_ERR_INVALID, "logs: %s: not a plain file", in->name);
    if (off >= in->size || len == 0)
        return KSZ_OK;
    if (in->map != NULL)
        return range_mapped(in, off, len, data, dlen);
    ksz_buf_reset(buf);
    rc = ksz_buf_reserve(buf, want + KSZ_LOG_LINE_MAX + 1);
    if (rc != KSZ_OK)
        return ksz_error_set(err, rc, "logs: out of memory");
    rc = pread_all(in, buf->data, want, from, &got, err);
    if (rc != KSZ_OK)
        return rc;
    /* the first line starting at or after off */
    if (off == 0) {
        start = 0;
    } else {
        size_t scan = got < (size_t)len ? got : (size_t)len;   /* '\n' at off-1 .. off+len-2 */
        nl = memchr(buf->data, '\n', scan);
        if (nl == NULL)
            return KSZ_OK;   /* no line starts in this range */
        start = (size_t)(nl - buf->data) + 1;
    }
    /* the end of the last line starting before off + len: the first '\n' at
     * or after relative position (off + len - 1) - from */
    {
        size_t last = (size_t)(off + len - 1 - from);
        if (last >= got) {
            end = got;   /* the file ends inside the range */
        } else {
            nl = memchr(buf->data + last, '\n', got - last);
            if (nl == NULL && got == want) {
                /* the last line runs on: read up to LINE_MAX more */
                size_t more;
                rc = pread_all(in, buf->data + got, KSZ_LOG_LINE_MAX, from + got, &more, err);
                if (rc != KSZ_OK)
                    return rc;
                nl = memchr(buf->data + got, '\n', more);
                got += more;
            }
            end = nl ? (size_t)(nl - buf->data) + 1 : got;
        }
    }
    buf->len = end;
    *data = buf->data + start;
    *dlen = end > start ? end - start : 0;
    return KSZ_OK;
}
