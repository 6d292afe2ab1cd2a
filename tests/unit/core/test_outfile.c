/* SPDX-License-Identifier: Apache-2.0 */
/* test_outfile.c - output files: a regular file replaced whole or not at
 * all, a FIFO written in place and left a FIFO, a symbolic link left a link,
 * /proc/self/fd/N written through the descriptor. Everything happens in a
 * fresh temporary directory; nothing is written under /dev. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/core_int.h"
#include "kizashi/outfile.h"

struct tmpdir {
    char dir[64];
    char path[256];
};

static const char *at(struct tmpdir *t, const char *name)
{
    snprintf(t->path, sizeof t->path, "%s/%s", t->dir, name);
    return t->path;
}

static void make_dir(struct tmpdir *t)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/ksz-outfile-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
}

/* How many entries dir holds (. and .. aside). */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* The whole of path, NUL-terminated, in buf; its length. */
static size_t slurp(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n;

    assert_non_null(f);
    n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
    return n;
}

static void write_text(const char *path, const char *text)
{
    struct ksz_outfile *of = NULL;
    struct ksz_error err = {0};

    assert_int_equal(ksz_outfile_open(path, &of, &err), KSZ_OK);
    assert_int_equal(ksz_outfile_write(of, text, strlen(text), &err), KSZ_OK);
    assert_int_equal(ksz_outfile_commit(of, &err), KSZ_OK);
    ksz_outfile_close(of);
}

static void remove_all(struct tmpdir *t, const char *const *names)
{
    for (; *names != NULL; names++)
        assert_int_equal(unlink(at(t, *names)), 0);
    assert_int_equal(rmdir(t->dir), 0); /* fails if anything else was left */
}

static void a_new_file_appears_only_at_commit(void **state)
{
    struct tmpdir t;
    struct ksz_outfile *of = NULL;
    struct ksz_error err = {0};
    char buf[64];
    (void)state;

    make_dir(&t);
    assert_int_equal(ksz_outfile_open(at(&t, "out"), &of, &err), KSZ_OK);
    assert_true(ksz_outfile_is_atomic(of));
    assert_int_equal(ksz_outfile_write(of, "hello\n", 6, &err), KSZ_OK);
    assert_int_equal(access(at(&t, "out"), F_OK), -1);
    assert_int_equal(entries(t.dir), 1); /* the temporary file */
    assert_int_equal(ksz_outfile_commit(of, &err), KSZ_OK);
    ksz_outfile_close(of);
    assert_int_equal(slurp(at(&t, "out"), buf, sizeof buf), 6);
    assert_string_equal(buf, "hello\n");
    remove_all(&t, (const char *const[]){"out", NULL});
}

static void close_without_commit_keeps_the_old_file_and_no_temporary(void **state)
{
    struct tmpdir t;
    struct ksz_outfile *of = NULL;
    struct ksz_error err = {0};
    char buf[64];
    (void)state;

    make_dir(&t);
    put(at(&t, "out"), "old\n");
    assert_int_equal(ksz_outfile_open(at(&t, "out"), &of, &err), KSZ_OK);
    assert_int_equal(ksz_outfile_write(of, "half", 4, &err), KSZ_OK);
    ksz_outfile_close(of);
    slurp(at(&t, "out"), buf, sizeof buf);
    assert_string_equal(buf, "old\n");
    remove_all(&t, (const char *const[]){"out", NULL});
}

static void a_regular_file_is_replaced_with_its_mode_kept(void **state)
{
    struct tmpdir t;
    struct stat st;
    char buf[64];
    (void)state;

    make_dir(&t);
    put(at(&t, "out"), "old\n");
    assert_int_equal(chmod(at(&t, "out"), 0640), 0);
    write_text(at(&t, "out"), "new\n");
    slurp(at(&t, "out"), buf, sizeof buf);
    assert_string_equal(buf, "new\n");
    assert_int_equal(stat(at(&t, "out"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    remove_all(&t, (const char *const[]){"out", NULL});
}

static void big_writes_arrive_whole_and_in_order(void **state)
{
    struct tmpdir t;
    struct ksz_outfile *of = NULL;
    struct ksz_error err = {0};
    size_t n = 300 * 1024, got = 0;
    char *want = malloc(n), *back = malloc(n + 1);
    (void)state;

    assert_non_null(want);
    assert_non_null(back);
    for (size_t i = 0; i < n; i++)
        want[i] = (char)('a' + i * 7 % 26);
    make_dir(&t);
    assert_int_equal(ksz_outfile_open(at(&t, "out"), &of, &err), KSZ_OK);
    /* small, larger than the buffer, and straddling it */
    assert_int_equal(ksz_outfile_write(of, want, 10, &err), KSZ_OK);
    assert_int_equal(ksz_outfile_write(of, want + 10, 100000, &err), KSZ_OK);
    for (size_t off = 100010; off < n; off += got) {
        got = n - off < 40000 ? n - off : 40000;
        assert_int_equal(ksz_outfile_write(of, want + off, got, &err), KSZ_OK);
    }
    assert_int_equal(ksz_outfile_commit(of, &err), KSZ_OK);
    ksz_outfile_close(of);
    assert_int_equal(slurp(at(&t, "out"), back, n + 1), n);
    assert_memory_equal(back, want, n);
    remove_all(&t, (const char *const[]){"out", NULL});
    free(want);
    free(back);
}

static void a_fifo_is_written_in_place_and_stays_a_fifo(void **state)
{
    struct tmpdir t;
    struct ksz_outfile *of = NULL;
    struct ksz_error err = {0};
    struct stat st;
    char buf[64];
    int rd;
    (void)state;

    make_dir(&t);
    assert_int_equal(mkfifo(at(&t, "fifo"), 0600), 0);
    rd = open(at(&t, "fifo"), O_RDONLY | O_NONBLOCK); /* a reader, so the open does not wait */
    assert_true(rd >= 0);
    assert_int_equal(ksz_outfile_open(at(&t, "fifo"), &of, &err), KSZ_OK);
    assert_false(ksz_outfile_is_atomic(of));
    assert_int_equal(ksz_outfile_write(of, "through\n", 8, &err), KSZ_OK);
    assert_int_equal(ksz_outfile_commit(of, &err), KSZ_OK); /* no fsync of a FIFO */
    ksz_outfile_close(of);
    assert_int_equal(read(rd, buf, sizeof buf), 8);
    assert_memory_equal(buf, "through\n", 8);
    close(rd);
    assert_int_equal(lstat(at(&t, "fifo"), &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(entries(t.dir), 1);
    remove_all(&t, (const char *const[]){"fifo", NULL});
}

static void a_descriptor_path_writes_at_the_descriptors_offset(void **state)
{
    struct tmpdir t;
    struct ksz_outfile *of = NULL;
    struct ksz_error err = {0};
    char buf[64], name[64];
    int fd, p[2];
    (void)state;

    make_dir(&t);
    put(at(&t, "log"), "head\n");
    fd = open(at(&t, "log"), O_WRONLY | O_APPEND); /* as a shell's >> */
    assert_true(fd >= 0);
    snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
    assert_int_equal(ksz_outfile_open(name, &of, &err), KSZ_OK);
    assert_false(ksz_outfile_is_atomic(of));
    assert_int_equal(ksz_outfile_write(of, "tail\n", 5, &err), KSZ_OK);
    assert_int_equal(ksz_outfile_commit(of, &err), KSZ_OK);
    ksz_outfile_close(of);
    close(fd);
    slurp(at(&t, "log"), buf, sizeof buf);
    assert_string_equal(buf, "head\ntail\n");
    assert_int_equal(entries(t.dir), 1);
    remove_all(&t, (const char *const[]){"log", NULL});

    assert_int_equal(pipe(p), 0);
    snprintf(name, sizeof name, "/dev/fd/%d", p[1]);
    assert_int_equal(ksz_outfile_open(name, &of, &err), KSZ_OK);
    assert_int_equal(ksz_outfile_write(of, "piped", 5, &err), KSZ_OK);
    assert_int_equal(ksz_outfile_commit(of, &err), KSZ_OK);
    ksz_outfile_close(of);
    close(p[1]);
    assert_int_equal(read(p[0], buf, sizeof buf), 5);
    assert_memory_equal(buf, "piped", 5);
    close(p[0]);

    assert_int_equal(ksz_outfile_open("/dev/fd/999999", &of, &err), KSZ_ERR_IO);
    assert_null(of);
    assert_non_null(strstr(err.msg, "/dev/fd/999999: "));
}

static void a_link_stays_a_link_and_its_target_is_replaced(void **state)
{
    struct tmpdir t;
    struct stat st;
    char buf[64];
    (void)state;

    make_dir(&t);
    assert_int_equal(mkdir(at(&t, "real"), 0700), 0);
    put(at(&t, "real/target"), "old\n");
    assert_int_equal(symlink("real/target", at(&t, "link")), 0);
    write_text(at(&t, "link"), "new\n");
    assert_int_equal(lstat(at(&t, "link"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    slurp(at(&t, "real/target"), buf, sizeof buf);
    assert_string_equal(buf, "new\n");
    assert_int_equal(entries(at(&t, "real")), 1);
    assert_int_equal(unlink(at(&t, "real/target")), 0);
    assert_int_equal(rmdir(at(&t, "real")), 0);
    remove_all(&t, (const char *const[]){"link", NULL});
}

static void a_dangling_link_chain_gets_its_last_target_created(void **state)
{
    struct tmpdir t;
    struct stat st;
    char buf[64], abs[300];
    (void)state;

    make_dir(&t);
    /* link1 -> (absolute) link2 -> (relative) target, not there yet */
    assert_int_equal(symlink("target", at(&t, "link2")), 0);
    snprintf(abs, sizeof abs, "%s/link2", t.dir);
    assert_int_equal(symlink(abs, at(&t, "link1")), 0);
    write_text(at(&t, "link1"), "made\n");
    assert_int_equal(lstat(at(&t, "link1"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(lstat(at(&t, "link2"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    slurp(at(&t, "target"), buf, sizeof buf);
    assert_string_equal(buf, "made\n");
    remove_all(&t, (const char *const[]){"link1", "link2", "target", NULL});
}

static void a_directory_or_a_link_loop_is_refused_naming_the_path(void **state)
{
    struct tmpdir t;
    struct ksz_outfile *of = NULL;
    struct ksz_error err = {0};
    (void)state;

    make_dir(&t);
    assert_int_equal(ksz_outfile_open(t.dir, &of, &err), KSZ_ERR_IO);
    assert_null(of);
    assert_non_null(strstr(err.msg, t.dir));
    assert_non_null(strstr(err.msg, strerror(EISDIR)));
    assert_int_equal(symlink("b", at(&t, "a")), 0);
    assert_int_equal(symlink("a", at(&t, "b")), 0);
    assert_int_equal(ksz_outfile_open(at(&t, "a"), &of, &err), KSZ_ERR_IO);
    assert_null(of);
    assert_non_null(strstr(err.msg, "/a: "));
    assert_int_equal(ksz_outfile_open(at(&t, "nodir/out"), &of, &err), KSZ_ERR_IO);
    assert_non_null(strstr(err.msg, "nodir/out: "));
    remove_all(&t, (const char *const[]){"a", "b", NULL});
}

static void every_allocation_failure_is_clean(void **state)
{
    struct tmpdir t;
    bool done = false;
    char buf[64];
    (void)state;

    make_dir(&t);
    assert_int_equal(symlink("target", at(&t, "link")), 0); /* the longest way */
    for (long n = 0; !done && n < 100; n++) {
        struct ksz_outfile *of = NULL;
        struct ksz_error err = {0};
        ksz_rc rc;

        ksz__alloc_fail_after(n);
        rc = ksz_outfile_open(at(&t, "link"), &of, &err);
        ksz__alloc_fail_after(-1);
        if (rc == KSZ_OK) {
            assert_int_equal(ksz_outfile_write(of, "x\n", 2, &err), KSZ_OK);
            assert_int_equal(ksz_outfile_commit(of, &err), KSZ_OK);
            ksz_outfile_close(of);
            done = true;
        } else {
            assert_int_equal(rc, KSZ_ERR_NOMEM);
            assert_null(of);
            assert_int_equal(entries(t.dir), 1); /* no temporary file left */
        }
    }
    assert_true(done);
    slurp(at(&t, "target"), buf, sizeof buf);
    assert_string_equal(buf, "x\n");
    remove_all(&t, (const char *const[]){"link", "target", NULL});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_new_file_appears_only_at_commit),
        cmocka_unit_test(close_without_commit_keeps_the_old_file_and_no_temporary),
        cmocka_unit_test(a_regular_file_is_replaced_with_its_mode_kept),
        cmocka_unit_test(big_writes_arrive_whole_and_in_order),
        cmocka_unit_test(a_fifo_is_written_in_place_and_stays_a_fifo),
        cmocka_unit_test(a_descriptor_path_writes_at_the_descriptors_offset),
        cmocka_unit_test(a_link_stays_a_link_and_its_target_is_replaced),
        cmocka_unit_test(a_dangling_link_chain_gets_its_last_target_created),
        cmocka_unit_test(a_directory_or_a_link_loop_is_refused_naming_the_path),
        cmocka_unit_test(every_allocation_failure_is_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
