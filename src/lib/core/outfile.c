/* SPDX-License-Identifier: Apache-2.0 */
/*
 * outfile.c - output files written whole or not at all (see outfile.h).
 *
 * The one decision: whether to rename is decided by what the path is now.
 * stat() (following links) says "not a regular file" -> write in place, as a
 * shell's redirection would; anything else -> a temporary file next to the
 * file the path finally leads to, renamed over it. Renaming over the link
 * itself would turn the link into a file; renaming over /dev/null would turn
 * the device into one.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "core/core_int.h"
#include "kizashi/outfile.h"

#define OUT_BUF_SIZE (64u * 1024u)
#define LINK_HOPS_MAX 40 /* as the kernel's ELOOP limit */
#define TMP_TRIES 100

struct ksz_outfile {
    int fd;
    bool atomic;  /* a temporary file, renamed over target at commit */
    bool failed;  /* a write failed: commit must not rename */
    bool done;    /* commit succeeded */
    char *target; /* the file replaced (links followed), or path as given */
    char *tmp;    /* the temporary file's name; NULL when written in place */
    unsigned char *buf;
    size_t len;
};

static ksz_rc io_error(struct ksz_error *err, const char *path, const char *what, int e)
{
    return ksz_error_set(err, KSZ_ERR_IO, "%s: %s: %s", path, what, strerror(e));
}

/* a/b/c + rel -> a/b/rel; abs stays abs. */
static char *link_join(const char *from, const char *link)
{
    const char *slash = strrchr(from, '/');
    size_t dl = link[0] == '/' || slash == NULL ? 0 : (size_t)(slash - from) + 1;
    size_t ll = strlen(link);
    char *p = ksz__malloc(dl + ll + 1);

    if (p != NULL) {
        memcpy(p, from, dl);
        memcpy(p + dl, link, ll + 1);
    }
    return p;
}

/* The file that path leads to, for a path that stat() says is a regular file
 * (exists) or is not there (exists false; perhaps a dangling link). */
static ksz_rc find_target(const char *path, bool exists, char **out, struct ksz_error *err)
{
    struct stat lst;
    char *cur, *next, link[PATH_MAX];

    if (exists) {
        char *real;
        if (lstat(path, &lst) == 0 && !S_ISLNK(lst.st_mode)) {
            cur = ksz__strndup(path, strlen(path));
        } else {
            real = realpath(path, NULL);
            if (real == NULL)
                return io_error(err, path, "cannot resolve", errno);
            cur = ksz__strndup(real, strlen(real));
            free(real);
        }
        if (cur == NULL)
            return ksz_error_set(err, KSZ_ERR_NOMEM, "%s: out of memory", path);
        *out = cur;
        return KSZ_OK;
    }
    /* Not there: follow a dangling link by hand (realpath refuses it). */
    cur = ksz__strndup(path, strlen(path));
    for (int hop = 0; cur != NULL; hop++) {
        ssize_t n;

        if (lstat(cur, &lst) != 0 || !S_ISLNK(lst.st_mode)) {
            *out = cur;
            return KSZ_OK;
        }
        if (hop == LINK_HOPS_MAX) {
            ksz__free(cur);
            return io_error(err, path, "cannot resolve", ELOOP);
        }
        n = readlink(cur, link, sizeof link - 1);
        if (n < 0) {
            int e = errno;
            ksz__free(cur);
            return io_error(err, path, "cannot resolve", e);
        }
        link[n] = '\0';
        next = link_join(cur, link);
        ksz__free(cur);
        cur = next;
    }
    return ksz_error_set(err, KSZ_ERR_NOMEM, "%s: out of memory", path);
}

/* Six letters or digits that differ between processes, threads and calls. */
static void tmp_suffix(char s[7])
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static unsigned long counter;
    struct timespec ts;
    uint64_t x;

    clock_gettime(CLOCK_REALTIME, &ts);
    x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 20) ^
        (uint64_t)(uintptr_t)s ^
        ((uint64_t)__atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED) << 40);
    /* splitmix64's finaliser: every input bit reaches every output bit */
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    x ^= x >> 31;
    for (int i = 0; i < 6; i++, x /= 62)
        s[i] = abc[x % 62];
    s[6] = '\0';
}

/* Create target.tmp.XXXXXX, mode 0666 less the umask (the kernel applies it),
 * or the replaced file's permission bits when there is one. */
static ksz_rc create_tmp(struct ksz_outfile *of, const struct stat *old, struct ksz_error *err)
{
    size_t tl = strlen(of->target);
    int e = EEXIST;

    of->tmp = ksz__malloc(tl + sizeof ".tmp.XXXXXX");
    if (of->tmp == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "%s: out of memory", of->target);
    for (int i = 0; i < TMP_TRIES && e == EEXIST; i++) {
        char sfx[7];
        tmp_suffix(sfx);
        snprintf(of->tmp, tl + sizeof ".tmp.XXXXXX", "%s.tmp.%s", of->target, sfx);
        of->fd = open(of->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        e = of->fd < 0 ? errno : 0;
    }
    if (of->fd < 0) {
        ksz__free(of->tmp);
        of->tmp = NULL;
        return io_error(err, of->target, "cannot create a temporary file beside it", e);
    }
    if (old != NULL)
        (void)fchmod(of->fd, old->st_mode & 0777); /* best effort, as cp's */
    return KSZ_OK;
}

/* Open path as it is. *again (fd closed) if it turned into a regular file
 * after the stat, so the caller decides again. */
static ksz_rc open_in_place(struct ksz_outfile *of, const char *path, bool *again,
                            struct ksz_error *err)
{
    struct stat st;

    *again = false;
    of->fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (of->fd < 0)
        return io_error(err, path, "cannot open for writing", errno);
    if (fstat(of->fd, &st) == 0 && S_ISREG(st.st_mode)) {
        close(of->fd);
        of->fd = -1;
        *again = true;
        return KSZ_OK;
    }
    of->target = ksz__strndup(path, strlen(path));
    if (of->target == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "%s: out of memory", path);
    return KSZ_OK;
}

/* The descriptor that /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N
 * names, or -1. Such a path means "this process's descriptor", whatever
 * file it is open on: a regular file there is written at the descriptor's
 * offset (a shell's >> appends), never replaced by a file of the same name. */
static int fd_of_path(const char *path)
{
    static const char *const dirs[] = {"/dev/fd/", "/proc/self/fd/"};
    long n = 0;

    if (strcmp(path, "/dev/stdout") == 0)
        return 1;
    if (strcmp(path, "/dev/stderr") == 0)
        return 2;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        size_t dl = strlen(dirs[i]);
        const char *d = path + dl;

        if (strncmp(path, dirs[i], dl) != 0 || *d == '\0')
            continue;
        for (; *d >= '0' && *d <= '9' && n <= INT_MAX / 10; d++)
            n = n * 10 + (*d - '0');
        return *d == '\0' && n <= INT_MAX ? (int)n : -1;
    }
    return -1;
}

static ksz_rc outfile_setup(struct ksz_outfile *of, const char *path, struct ksz_error *err)
{
    int fd = fd_of_path(path);

    if (fd >= 0) {
        of->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
        if (of->fd < 0)
            return io_error(err, path, "cannot open for writing", errno);
        of->target = ksz__strndup(path, strlen(path));
        if (of->target == NULL)
            return ksz_error_set(err, KSZ_ERR_NOMEM, "%s: out of memory", path);
        return KSZ_OK;
    }
    for (int attempt = 0;; attempt++) {
        struct stat st;
        bool exists = stat(path, &st) == 0, again;
        ksz_rc rc;

        if (!exists && errno != ENOENT)
            return io_error(err, path, "cannot open for writing", errno);
        if (exists && !S_ISREG(st.st_mode)) {
            rc = open_in_place(of, path, &again, err);
            if (rc != KSZ_OK || !again)
                return rc;
            if (attempt < 2)
                continue; /* raced with a rename: look again */
            return io_error(err, path, "cannot open for writing", EAGAIN);
        }
        of->atomic = true;
        rc = find_target(path, exists, &of->target, err);
        if (rc != KSZ_OK)
            return rc;
        return create_tmp(of, exists ? &st : NULL, err);
    }
}

ksz_rc ksz_outfile_open(const char *path, struct ksz_outfile **out, struct ksz_error *err)
{
    struct ksz_outfile *of;
    ksz_rc rc;

    *out = NULL;
    if (path[0] == '\0')
        return ksz_error_set(err, KSZ_ERR_INVALID, "output: empty path");
    of = ksz__calloc(1, sizeof *of);
    if (of == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "%s: out of memory", path);
    of->fd = -1;
    of->buf = ksz__malloc(OUT_BUF_SIZE);
    if (of->buf == NULL)
        rc = ksz_error_set(err, KSZ_ERR_NOMEM, "%s: out of memory", path);
    else
        rc = outfile_setup(of, path, err);
    if (rc != KSZ_OK)
        ksz_outfile_close(of);
    else
        *out = of;
    return rc;
}

static ksz_rc write_all(struct ksz_outfile *of, const unsigned char *p, size_t n,
                        struct ksz_error *err)
{
    while (n > 0) {
        ssize_t k = write(of->fd, p, n > (1u << 30) ? (1u << 30) : n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            of->failed = true;
            return io_error(err, of->target, "write error", errno);
        }
        p += k;
        n -= (size_t)k;
    }
    return KSZ_OK;
}

static ksz_rc flush(struct ksz_outfile *of, struct ksz_error *err)
{
    ksz_rc rc = write_all(of, of->buf, of->len, err);
    of->len = 0;
    return rc;
}

ksz_rc ksz_outfile_write(struct ksz_outfile *of, const void *buf, size_t len, struct ksz_error *err)
{
    ksz_rc rc;

    assert(of != NULL && of->fd >= 0 && !of->done);
    assert(buf != NULL || len == 0);
    if (of->failed)
        return ksz_error_set(err, KSZ_ERR_IO, "%s: write error", of->target);
    if (len <= OUT_BUF_SIZE - of->len) {
        memcpy(of->buf + of->len, buf, len);
        of->len += len;
        return KSZ_OK;
    }
    rc = flush(of, err);
    if (rc != KSZ_OK)
        return rc;
    if (len >= OUT_BUF_SIZE)
        return write_all(of, buf, len, err);
    memcpy(of->buf, buf, len);
    of->len = len;
    return KSZ_OK;
}

/* Make the rename itself durable; a failure here loses nothing written. */
static void sync_dir(const char *target)
{
    const char *slash = strrchr(target, '/');
    char *dir = slash == NULL
                    ? ksz__strndup(".", 1)
                    : ksz__strndup(target, slash == target ? 1 : (size_t)(slash - target));
    int dfd;

    if (dir == NULL)
        return;
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    ksz__free(dir);
}

ksz_rc ksz_outfile_commit(struct ksz_outfile *of, struct ksz_error *err)
{
    ksz_rc rc = KSZ_OK;
    int fd;

    assert(of != NULL && of->fd >= 0 && !of->done);
    if (of->failed)
        rc = ksz_error_set(err, KSZ_ERR_IO, "%s: write error", of->target);
    if (rc == KSZ_OK)
        rc = flush(of, err);
    if (rc == KSZ_OK && of->atomic && fsync(of->fd) != 0)
        rc = io_error(err, of->target, "fsync", errno);
    fd = of->fd;
    of->fd = -1;
    if (close(fd) != 0 && rc == KSZ_OK)
        rc = io_error(err, of->target, "write error", errno);
    if (rc == KSZ_OK && of->atomic && rename(of->tmp, of->target) != 0)
        rc = io_error(err, of->target, "cannot replace", errno);
    if (rc == KSZ_OK && of->atomic)
        sync_dir(of->target);
    of->done = rc == KSZ_OK;
    return rc;
}

void ksz_outfile_close(struct ksz_outfile *of)
{
    if (of == NULL)
        return;
    if (of->fd >= 0)
        close(of->fd);
    if (of->tmp != NULL && !of->done)
        unlink(of->tmp);
    ksz__free(of->tmp);
    ksz__free(of->target);
    ksz__free(of->buf);
    ksz__free(of);
}

bool ksz_outfile_is_atomic(const struct ksz_outfile *of)
{
    return of->atomic;
}
