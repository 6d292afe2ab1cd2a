/* SPDX-License-Identifier: Apache-2.0 */
/*
 * feeds.c - the daemon's feed scheduler: one thread that pulls the feeds
 * kept in the store (table feeds, include/kizashi/daemon.h) when each is
 * due, one at a time, with its own store connection.
 *
 * It sleeps until the next feed is due, but never longer than RESCAN
 * seconds, so a feed added or changed by `kizashi feed add` while the
 * daemon runs is picked up without a restart. Stopping sets a flag that
 * wakes the sleep at once and cancels a transfer in flight (libcurl's
 * progress callback, ksz_http_opts.cancel), so shutdown does not wait for
 * a slow feed. One daemon per process: the scheduler's state is this
 * file's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <kizashi/net.h>
#include "srv.h"

#define RESCAN 10   /* seconds between looks at the feeds table while idle */

void srv_feeds_start(struct srv *s);
void srv_feeds_stop(struct srv *s);

static struct {
    pthread_t thread;
    bool running;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    volatile int stop;
    struct srv *srv;
} sched = {.lock = PTHREAD_MUTEX_INITIALIZER};

static bool stopping(void)
{
    return __atomic_load_n(&sched.stop, __ATOMIC_SEQ_CST) != 0;
}

/* Wait until the wall clock reaches until (or stop). */
static void wait_until(int64_t until)
{
    struct timespec ts;

    pthread_mutex_lock(&sched.lock);
    while (!stopping()) {
        clock_gettime(CLOCK_REALTIME, &ts);
        if ((int64_t)ts.tv_sec >= until)
            break;
        ts.tv_sec = (time_t)until;
        ts.tv_nsec = 0;
        if (pthread_cond_timedwait(&sched.wake, &sched.lock, &ts) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&sched.lock);
}

static void run_one(struct srv *s, struct ksz_store *st, const char *name)
{
    struct ksz_feed_run_opts o;
    struct ksz_feed_outcome out;
    struct ksz_error err = {0};
    ksz_rc rc;

    ksz_feed_run_opts_init(&o);
    o.cancel = &sched.stop;
    rc = ksz_feed_run(st, name, &o, &out, &err);
    if (s->o.quiet)
        return;
    if (rc == KSZ_OK)
        fprintf(stderr, "kizashi serve: feed %s: %s, %llu indicators added, %llu updated\n",
                name, out.not_modified ? "nothing new" : "pulled",
                (unsigned long long)out.sum.indicators.added,
                (unsigned long long)out.sum.indicators.updated);
    else
        fprintf(stderr, "kizashi serve: feed %s: %s\n", name, err.msg);
}

static void *scheduler(void *arg)
{
    struct srv *s = arg;
    struct ksz_store *st = NULL;
    struct ksz_error err = {0};
    char last[256] = "";
    int64_t ran_at = 0;

    while (!stopping()) {
        char name[256];
        int64_t due = 0, now = (int64_t)time(NULL);
        ksz_rc rc;

        if (st == NULL && ksz_store_open(s->o.db, &st, &err) != KSZ_OK) {
            if (!s->o.quiet)
                fprintf(stderr, "kizashi serve: feeds: %s\n", err.msg);
            wait_until(now + RESCAN);
            continue;
        }
        rc = ksz_feed_next(st, name, sizeof name, &due, &err);
        if (rc == KSZ_OK && due <= now && due <= ran_at && strcmp(name, last) == 0) {
            /* its run could not be recorded (store busy?): do not spin on it */
            wait_until(now + RESCAN);
            ran_at = 0;
            continue;
        }
        if (rc == KSZ_OK && due <= now) {
            run_one(s, st, name);
            snprintf(last, sizeof last, "%s", name);
            ran_at = now;
            continue;
        }
        if (rc != KSZ_OK && rc != KSZ_ERR_NOTFOUND && !s->o.quiet)
            fprintf(stderr, "kizashi serve: feeds: %s\n", err.msg);
        wait_until(rc == KSZ_OK && due < now + RESCAN ? due : now + RESCAN);
    }
    ksz_store_close(st);
    return NULL;
}

void srv_feeds_start(struct srv *s)
{
    pthread_condattr_t ca;

    sched.srv = s;
    __atomic_store_n(&sched.stop, 0, __ATOMIC_SEQ_CST);
    pthread_condattr_init(&ca);
    pthread_cond_init(&sched.wake, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&sched.thread, NULL, scheduler, s) == 0)
        sched.running = true;
    else if (!s->o.quiet)
        fprintf(stderr, "kizashi serve: feeds: cannot start the scheduler thread\n");
}

void srv_feeds_stop(struct srv *s)
{
    (void)s;
    if (!sched.running)
        return;
    pthread_mutex_lock(&sched.lock);
    __atomic_store_n(&sched.stop, 1, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&sched.wake);
    pthread_mutex_unlock(&sched.lock);
    pthread_join(sched.thread, NULL);
    pthread_cond_destroy(&sched.wake);
    sched.running = false;
}
