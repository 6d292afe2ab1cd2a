/* SPDX-License-Identifier: Apache-2.0 */
/*
 * walk.c - expanding the paths given to a hunt: directories walked
 * recursively in byte order of their entries, so that a run is repeatable.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "logs/logs_int.h"

#define WALK_DEPTH_MAX 64

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static ksz_rc walk_dir(const char *dir, int depth, ksz_log_walk_cb cb, void *user,
                       struct ksz_error *err)
{
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0;
    ksz_rc rc = KSZ_OK;

    if (depth > WALK_DEPTH_MAX)
        return ksz_error_set(err, KSZ_ERR_LIMIT, "logs: %s: directories nested too deep", dir);
    d = opendir(dir);
    if (d == NULL)
        return ksz_error_set(err, KSZ_ERR_IO, "logs: %s: cannot open: %s", dir, strerror(errno));
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;   /* ".", "..", hidden files */
        if (n == cap) {
            char **nn;
            cap = cap ? cap * 2 : 64;
            nn = ksz__realloc(names, cap * sizeof *names);
            if (nn == NULL) {
                rc = ksz_error_set(err, KSZ_ERR_NOMEM, "logs: out of memory");
                goto out;
            }
            names = nn;
        }
        names[n] = ksz__strndup(e->d_name, strlen(e->d_name));
        if (names[n] == NULL) {
            rc = ksz_error_set(err, KSZ_ERR_NOMEM, "logs: out of memory");
            goto out;
        }
        n++;
    }
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && rc == KSZ_OK; i++) {
        size_t len = strlen(dir) + 1 + strlen(names[i]) + 1;
        char *path = ksz__malloc(len);
        struct stat st, lst;
        if (path == NULL) {
            rc = ksz_error_set(err, KSZ_ERR_NOMEM, "logs: out of memory");
            break;
        }
        snprintf(path, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        if (lstat(path, &lst) == 0 && stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                if (!S_ISLNK(lst.st_mode))
                    rc = walk_dir(path, depth + 1, cb, user, err);
            } else if (S_ISREG(st.st_mode)) {
                rc = cb(path, user);
            }
        }
        ksz__free(path);
    }
out:
    for (size_t i = 0; i < n; i++)
        ksz__free(names[i]);
    ksz__free(names);
    closedir(d);
    return rc;
}

ksz_rc ksz_log_walk(const char *const *paths, size_t n, bool keep_going, ksz_log_walk_cb cb,
                    void *user, struct ksz_error *err)
{
    ksz_rc first = KSZ_OK;

    for (size_t i = 0; i < n; i++) {
        struct stat st;
        ksz_rc rc;
        if (strcmp(paths[i], "-") == 0) {
            rc = cb(paths[i], user);
        } else if (stat(paths[i], &st) != 0) {
            rc = ksz_error_set(err, KSZ_ERR_IO, "logs: %s: cannot open: %s", paths[i],
                               strerror(errno));
            if (keep_going) {
                if (first == KSZ_OK)
                    first = rc;
                continue;
            }
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk_dir(paths[i], 0, cb, user, err);
        } else {
            rc = cb(paths[i], user);
        }
        if (rc != KSZ_OK)
            return rc;
    }
    return first;
}
