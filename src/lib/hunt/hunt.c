/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hunt.c - the hunt pipeline: read, parse, look up, report in order.
 *
 * Work is cut into jobs of about one block of lines: a byte range of a plain
 * file (the worker reads it itself with pread, so reading is parallel too),
 * or a block decoded from a stream by the producing thread. Jobs live in a
 * ring of slots; a worker fills its job's events (hits and malformed lines,
 * with line numbers relative to the job), and whoever completes the oldest
 * outstanding job hands every finished job, oldest first, to the callbacks
 * under the lock. Line numbers become absolute only then, which is what lets
 * ranges be parsed before the lines before them have been counted.
 *
 * Keys are sent to the matcher in batches across lines; a key whose text lives
 * in the parser's scratch space (unescaped JSON, an assembled URL) is copied
 * into the worker's arena first, since the next line overwrites the scratch.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "core/core_int.h"
#include "kizashi/hunt.h"

#define HUNT_BATCH 64
#define HUNT_ARENA (64u * 1024u)
#define HUNT_THREADS_MAX 64

enum { SLOT_FREE = 0, SLOT_FILLED, SLOT_BUSY, SLOT_DONE };

/* One event of a job: a hit, or a malformed line (kind NONE). */
struct hev {
    uint64_t line;              /* within the job, 1-based */
    int64_t ts;
    uint32_t usec;
    ksz_log_kind kind;
    const char *field;          /* lives as long as the file's parsers */
    size_t voff, vlen;          /* value, or the malformed message, in job->strs */
    struct ksz_match_hit mh;
};

struct job {
    uint64_t seq;
    int state;
    struct ksz_buf in;          /* the lines: pread buffer or a copied block */
    const char *data;
    size_t dlen;
    struct hev *ev;
    size_t nev, evcap;
    struct ksz_buf strs;
    uint64_t lines, malformed, withheld;
    ksz_rc rc;
    struct ksz_error err;
};

struct kinfo {
    uint64_t line;
    int64_t ts;
    uint32_t usec;
    const char *field;
    const char *val;            /* as written in the log (for the output) */
    size_t vlen;
    ksz_log_kind kind;
};

struct hunt;

struct worker {
    struct hunt *h;
    struct ksz_log_parser *parser;
    struct job *job;
    size_t nkeys;
    struct ksz_match_key keys[HUNT_BATCH];
    struct kinfo ki[HUNT_BATCH];
    size_t arena_len;
    char arena[HUNT_ARENA];
    pthread_t tid;
};

struct hunt {
    const struct ksz_matcher *m;
    const struct ksz_snapshot *snap;
    const struct ksz_hunt_opts *o;
    const struct ksz_hunt_cbs *cb;
    struct ksz_hunt_stats *st;
    ksz_tlp tlp_max;
    uint64_t block;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct job *slots;
    size_t nslots;
    /* the file being hunted */
    const char *file;
    struct ksz_log_input *in;
    bool range_mode;
    uint64_t nranges;
    uint64_t claim, produced, emitted;
    bool producer_done;
    uint64_t line_base;
    bool stop;                  /* the hit callback said stop, or a job failed */
    ksz_rc job_rc;
    struct ksz_error job_err;
    uint64_t malformed_reported;
    uint64_t total_bytes;
    struct timespec t0;
};

void ksz_hunt_opts_init(struct ksz_hunt_opts *o)
{
    memset(o, 0, sizeof *o);
    o->log.format = KSZ_LOG_AUTO;
    o->tlp_max = KSZ_TLP_AMBER;
    o->malformed_report = 5;
}

ksz_rc ksz_hunt_parse_duration(const char *s, size_t len, int64_t *out)
{
    return ksz__parse_duration(s, len, out) == KSZ_OK ? KSZ_OK : KSZ_ERR_PARSE;
}

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- per job: events ------------------------------------------------- */

static ksz_rc job_event(struct job *j, const struct hev *e, const char *v, size_t vlen)
{
    ksz_rc rc;

    if (j->nev == j->evcap) {
        size_t cap = j->evcap ? j->evcap * 2 : 64;
        struct hev *n = ksz__realloc(j->ev, cap * sizeof *n);
        if (n == NULL)
            return KSZ_ERR_NOMEM;
        j->ev = n;
        j->evcap = cap;
    }
    j->ev[j->nev] = *e;
    j->ev[j->nev].voff = j->strs.len;
    j->ev[j->nev].vlen = vlen;
    rc = ksz_buf_append(&j->strs, v, vlen);
    if (rc != KSZ_OK)
        return rc;
    j->nev++;
    return KSZ_OK;
}

static int on_match(const struct ksz_match_hit *mh, void *user)
{
    struct worker *w = user;
    const struct kinfo *k = &w->ki[mh->key];
    struct ksz_snap_indicator ind;
    struct hev e;
    ksz_tlp tlp;

    if (ksz_snapshot_indicator(w->h->snap, mh->indicator, &ind, NULL) != KSZ_OK)
        return 0;
    tlp = ind.tlp == KSZ_TLP_UNSET ? KSZ_TLP_AMBER : ind.tlp;
    if (tlp > w->h->tlp_max) {
        w->job->withheld++;
        return 0;
    }
    e.line = k->line;
    e.ts = k->ts;
    e.usec = k->usec;
    e.kind = k->kind;
    e.field = k->field;
    e.mh = *mh;
    if (job_event(w->job, &e, k->val, k->vlen) != KSZ_OK) {
        w->job->rc = KSZ_ERR_NOMEM;
        return 1;
    }
    return 0;
}

static ksz_rc flush_keys(struct worker *w)
{
    ksz_rc rc = KSZ_OK;

    if (w->nkeys > 0)
        rc = ksz_match_batch(w->h->m, w->keys, w->nkeys, on_match, w, NULL, &w->job->err);
    w->nkeys = 0;
    w->arena_len = 0;
    if (rc == KSZ_OK && w->job->rc != KSZ_OK)
        rc = w->job->rc;
    return rc;
}

/* "host:port" -> "host"; "[v6]:port" -> "[v6]"; a bare IPv6 stays whole. */
static size_t strip_port(const char *s, size_t n)
{
    const char *c;

    if (n > 0 && s[0] == '[') {
        c = memchr(s, ']', n);
        return c ? (size_t)(c - s) + 1 : n;
    }
    c = memchr(s, ':', n);
    if (c == NULL || memchr(c + 1, ':', n - (size_t)(c + 1 - s)) != NULL)
        return n;
    return (size_t)(c - s);
}

/* The digit s[i] is worth, or 10 past the end or for a non-digit. */
static inline unsigned digit_at(const char *s, size_t n, size_t i)
{
    return i < n ? (unsigned)((unsigned char)s[i] - '0') : 10u;
}

/* A dotted quad, strictly (no leading zeros); false for anything else.
 * Unrolled per octet: the client and peer of every line come here. */
static inline bool quad(const char *s, size_t n, uint32_t *out)
{
    uint32_t a = 0;
    size_t i = 0;

    if (n < 7 || n > 15)
        return false;
    for (int k = 0; k < 4; k++) {
        unsigned v, d;
        if (k > 0) {
            if (i >= n || s[i] != '.')
                return false;
            i++;
        }
        v = digit_at(s, n, i);
        if (v > 9)
            return false;
        i++;
        d = digit_at(s, n, i);
        if (d <= 9) {
            if (v == 0)
                return false;   /* a leading zero */
            v = v * 10 + d;
            i++;
            d = digit_at(s, n, i);
            if (d <= 9) {
                v = v * 10 + d;
                i++;
                if (v > 255)
                    return false;
            }
        }
        a = a << 8 | v;
    }
    if (i != n)
        return false;
    *out = a;
    return true;
}

/* Does s look like "scheme://..."? Cheap, and true for nearly every URL
 * field of a proxy log; the callers fall back to a full search. */
static inline bool scheme_prefix(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && i < 32 &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (i > 0 && ((s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' ||
                       s[i] == '.'))))
        i++;
    return i > 0 && i + 3 <= n && s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/';
}

/* "Name <a@b>" -> "a@b". */
static void email_inner(const char **s, size_t *n)
{
    const char *lt = memchr(*s, '<', *n), *gt;

    if (lt == NULL)
        return;
    gt = memchr(lt, '>', *n - (size_t)(lt - *s));
    if (gt == NULL)
        return;
    *s = lt + 1;
    *n = (size_t)(gt - lt - 1);
}

static ksz_rc add_key(struct worker *w, const struct ksz_log_record *rec,
                      const struct ksz_log_field *f, uint64_t line)
{
    struct ksz_match_key *k;
    struct kinfo *ki;
    const char *t = f->val;
    size_t n = f->len;
    ksz_match_kind mk;
    ksz_rc rc;

    uint32_t a4 = 0;
    bool is4 = false, owned;

    switch (f->kind) {
    case KSZ_LOG_K_IP:
    case KSZ_LOG_K_HOST:
        /* private addresses too: internal indicators exist, and the
         * snapshot's IPv4 presence bitmap makes an empty /16 one bit */
        is4 = quad(t, n, &a4);
        if (!is4 && f->kind == KSZ_LOG_K_HOST) {
            n = strip_port(t, n);
            is4 = quad(t, n, &a4);
        }
        mk = is4 ? KSZ_MATCH_IPV4 : KSZ_MATCH_HOST;
        break;
    case KSZ_LOG_K_DOMAIN:
        mk = KSZ_MATCH_DOMAIN;
        break;
    case KSZ_LOG_K_URL:
        if (n > 3 && (scheme_prefix(t, n) || memmem(t, n, "://", 3) != NULL)) {
            mk = KSZ_MATCH_URL;
        } else {
            mk = KSZ_MATCH_HOST;
            n = strip_port(t, n);
        }
        break;
    case KSZ_LOG_K_HASH:
        mk = KSZ_MATCH_HASH;
        break;
    case KSZ_LOG_K_EMAIL:
        mk = KSZ_MATCH_EMAIL;
        email_inner(&t, &n);
        break;
    default:
        return KSZ_OK;
    }
    if (n == 0)
        return KSZ_OK;
    owned = ksz_log_parser_owns(w->parser, f->val);
    if (w->nkeys == HUNT_BATCH || (owned && f->len > HUNT_ARENA - w->arena_len)) {
        rc = flush_keys(w);
        if (rc != KSZ_OK)
            return rc;
    }
    ki = &w->ki[w->nkeys];
    ki->val = f->val;
    ki->vlen = f->len;
    if (owned) {
        if (f->len > HUNT_ARENA)
            return KSZ_OK;   /* cannot be an indicator anyway */
        memcpy(w->arena + w->arena_len, f->val, f->len);
        ki->val = w->arena + w->arena_len;
        t = ki->val + (t - f->val);
        w->arena_len += f->len;
    }
    ki->line = line;
    ki->ts = rec->ts;
    ki->usec = rec->usec;
    ki->field = f->name;
    ki->kind = f->kind;
    k = &w->keys[w->nkeys++];
    k->kind = mk;
    k->time = rec->ts == KSZ_LOG_NO_TIME ? KSZ_MATCH_NO_TIME : rec->ts;
    k->text = t;
    k->len = n;
    if (is4)
        k->u.ipv4 = a4;
    return KSZ_OK;
}

static ksz_rc malformed_line(struct worker *w, uint64_t line, const struct ksz_error *perr)
{
    struct job *j = w->job;
    struct hev e;
    ksz_rc rc;

    j->malformed++;
    if (j->malformed > w->h->o->malformed_report)
        return KSZ_OK;
    rc = flush_keys(w);   /* keep events in line order */
    if (rc != KSZ_OK)
        return rc;
    memset(&e, 0, sizeof e);
    e.line = line;
    e.kind = KSZ_LOG_K_NONE;
    return job_event(j, &e, perr->msg, strlen(perr->msg));
}

/* Parse and look up every line of j->data. */
static ksz_rc process(struct worker *w, struct job *j)
{
    const char *p = j->data, *end = j->data + j->dlen;
    struct ksz_log_record rec;
    struct ksz_error perr;
    uint64_t line = 0;
    ksz_rc rc = KSZ_OK;

    w->job = j;
    w->nkeys = 0;
    w->arena_len = 0;
    while (p < end && rc == KSZ_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        ksz_rc prc;

        line++;
        /* the log is read once, straight from the page cache or the
         * mapping: ask for the bytes a few lines ahead (across page
         * boundaries, where the hardware prefetcher stops) */
        __builtin_prefetch(p + 1024);
        prc = ksz_log_parse(w->parser, p, len < KSZ_LOG_LINE_MAX ? len : KSZ_LOG_LINE_MAX, &rec,
                            &perr);
        if (prc == KSZ_OK) {
            for (size_t i = 0; i < rec.n && rc == KSZ_OK; i++)
                rc = add_key(w, &rec, &rec.f[i], line);
        } else if (prc == KSZ_ERR_PARSE) {
            rc = malformed_line(w, line, &perr);
        }
        p = nl ? nl + 1 : end;
    }
    if (rc == KSZ_OK)
        rc = flush_keys(w);
    j->lines = line;
    return rc;
}

static void job_reset(struct job *j)
{
    j->nev = 0;
    ksz_buf_reset(&j->strs);
    j->lines = j->malformed = j->withheld = 0;
    j->rc = KSZ_OK;
    j->err.code = KSZ_OK;
    j->err.msg[0] = '\0';
    j->data = NULL;
    j->dlen = 0;
}

/* ---- ordered hand-over (under the lock) -------------------------------- */

static void emit(struct hunt *h, struct job *j)
{
    struct ksz_hunt_stats *st = h->st;

    for (size_t i = 0; i < j->nev && !h->stop; i++) {
        const struct hev *e = &j->ev[i];
        const char *v = j->strs.data + e->voff;
        if (e->kind == KSZ_LOG_K_NONE) {
            if (h->malformed_reported < h->o->malformed_report && h->cb->malformed) {
                char msg[KSZ_ERR_MSG_MAX];
                size_t n = e->vlen < sizeof msg - 1 ? e->vlen : sizeof msg - 1;
                memcpy(msg, v, n);
                msg[n] = '\0';
                h->cb->malformed(h->file, h->line_base + e->line, msg, h->cb->user);
            }
            h->malformed_reported++;
        } else {
            struct ksz_hunt_hit hit;
            hit.file = h->file;
            hit.line = h->line_base + e->line;
            hit.ts = e->ts;
            hit.usec = e->usec;
            hit.field = e->field;
            hit.value = v;
            hit.value_len = e->vlen;
            hit.kind = e->kind;
            hit.match = e->mh;
            st->hits++;
            if (h->cb->hit && h->cb->hit(&hit, h->cb->user) != 0)
                h->stop = true;
        }
    }
    st->lines += j->lines;
    st->bytes += j->dlen;
    st->malformed += j->malformed;
    st->withheld += j->withheld;
    h->line_base += j->lines;
    if (j->rc != KSZ_OK && h->job_rc == KSZ_OK) {
        h->job_rc = j->rc;
        h->job_err = j->err;
        h->stop = true;
    }
    if (h->cb->progress) {
        st->elapsed = since(&h->t0);
        h->cb->progress(st, h->total_bytes, h->cb->user);
    }
}

/* Job seq is done: hand over every finished job from the oldest on. */
static void finish(struct hunt *h, struct job *j)
{
    j->state = SLOT_DONE;
    for (;;) {
        struct job *o = &h->slots[h->emitted % h->nslots];
        if (o->state != SLOT_DONE || o->seq != h->emitted)
            break;
        emit(h, o);
        o->state = SLOT_FREE;
        h->emitted++;
    }
    pthread_cond_broadcast(&h->cv);
}

/* ---- workers ---------------------------------------------------------- */

static void run_job(struct worker *w, struct job *j)
{
    struct hunt *h = w->h;
    ksz_rc rc = KSZ_OK;

    if (h->range_mode) {
        rc = ksz_log_input_range(h->in, j->seq * h->block, h->block, &j->in, &j->data, &j->dlen,
                                 &j->err);
    }
    if (rc == KSZ_OK)
        rc = process(w, j);
    if (rc != KSZ_OK && j->rc == KSZ_OK) {
        j->rc = rc;
        if (j->err.msg[0] == '\0')
            ksz_error_set(&j->err, rc, "hunt: %s: %s", h->file, ksz_strerror(rc));
    }
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct hunt *h = w->h;

    pthread_mutex_lock(&h->mu);
    for (;;) {
        struct job *j = NULL;
        if (h->stop)
            break;
        if (h->range_mode) {
            if (h->claim >= h->nranges)
                break;
            if (h->claim - h->emitted < h->nslots) {
                j = &h->slots[h->claim % h->nslots];
                job_reset(j);
                j->seq = h->claim++;
            }
        } else if (h->claim < h->produced) {
            j = &h->slots[h->claim % h->nslots];
            h->claim++;
        } else if (h->producer_done) {
            break;
        }
        if (j == NULL) {
            pthread_cond_wait(&h->cv, &h->mu);
            continue;
        }
        j->state = SLOT_BUSY;
        pthread_mutex_unlock(&h->mu);
        run_job(w, j);
        pthread_mutex_lock(&h->mu);
        finish(h, j);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

/* The stream producer: decode blocks into free slots. With no worker
 * threads it processes each block itself. */
static ksz_rc produce(struct hunt *h, struct worker *self, size_t nworkers,
                      struct ksz_error *err)
{
    ksz_rc rc = KSZ_OK;

    for (;;) {
        const char *d;
        size_t n;
        struct job *j;

        rc = ksz_log_input_next(h->in, &d, &n, err);
        if (rc == KSZ_ERR_NOTFOUND) {
            rc = KSZ_OK;
            break;
        }
        if (rc != KSZ_OK)
            break;
        pthread_mutex_lock(&h->mu);
        while (!h->stop && h->produced - h->emitted >= h->nslots)
            pthread_cond_wait(&h->cv, &h->mu);
        if (h->stop) {
            pthread_mutex_unlock(&h->mu);
            break;
        }
        j = &h->slots[h->produced % h->nslots];
        pthread_mutex_unlock(&h->mu);
        job_reset(j);
        j->seq = h->produced;
        ksz_buf_reset(&j->in);
        rc = ksz_buf_append(&j->in, d, n);
        if (rc != KSZ_OK) {
            ksz_error_set(err, rc, "hunt: out of memory");
            break;
        }
        j->data = j->in.data;
        j->dlen = n;
        pthread_mutex_lock(&h->mu);
        j->state = SLOT_FILLED;
        h->produced++;
        if (nworkers == 0) {
            h->claim++;
            j->state = SLOT_BUSY;
            pthread_mutex_unlock(&h->mu);
            run_job(self, j);
            pthread_mutex_lock(&h->mu);
            finish(h, j);
        } else {
            pthread_cond_broadcast(&h->cv);
        }
        pthread_mutex_unlock(&h->mu);
    }
    pthread_mutex_lock(&h->mu);
    h->producer_done = true;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    return rc;
}

/* ---- files ------------------------------------------------------------ */

struct filelist {
    char **paths;
    size_t n, cap;
};

static ksz_rc collect(const char *path, void *user)
{
    struct filelist *fl = user;

    if (fl->n == fl->cap) {
        size_t cap = fl->cap ? fl->cap * 2 : 16;
        char **np = ksz__realloc(fl->paths, cap * sizeof *np);
        if (np == NULL)
            return KSZ_ERR_NOMEM;
        fl->paths = np;
        fl->cap = cap;
    }
    fl->paths[fl->n] = ksz__strndup(path, strlen(path));
    if (fl->paths[fl->n] == NULL)
        return KSZ_ERR_NOMEM;
    fl->n++;
    return KSZ_OK;
}

static unsigned thread_count(const struct ksz_hunt_opts *o)
{
    long n = o->threads ? (long)o->threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > HUNT_THREADS_MAX)
        n = HUNT_THREADS_MAX;
    return (unsigned)n;
}

/* Hunt one opened input with its parser prototype. */
static ksz_rc hunt_input(struct hunt *h, struct worker *ws, unsigned nthreads,
                         const struct ksz_log_parser *proto, struct ksz_error *err)
{
    uint64_t size = ksz_log_input_size(h->in);
    unsigned nworkers, started = 0;
    ksz_rc rc = KSZ_OK;

    h->range_mode = size > 0;
    h->nranges = h->range_mode ? (size + h->block - 1) / h->block : 0;
    h->claim = h->produced = h->emitted = 0;
    h->producer_done = false;
    h->line_base = 0;
    /* threads beyond the work are no use; a stream needs one thread to decode */
    if (h->range_mode)
        nworkers = h->nranges < nthreads ? (unsigned)h->nranges : nthreads;
    else
        nworkers = nthreads > 1 ? nthreads : 0;
    for (unsigned i = 0; i < (nworkers ? nworkers : 1); i++) {
        ksz_log_parser_free(ws[i].parser);
        ws[i].parser = NULL;
        rc = ksz_log_parser_clone(proto, &ws[i].parser, err);
        if (rc != KSZ_OK)
            return rc;
    }
    if (h->range_mode) {
        /* the calling thread is worker 0 */
        for (unsigned i = 1; i < nworkers; i++) {
            if (pthread_create(&ws[i].tid, NULL, worker_main, &ws[i]) != 0)
                break;
            started++;
        }
        worker_main(&ws[0]);
        for (unsigned i = 1; i <= started; i++)
            pthread_join(ws[i].tid, NULL);
    } else {
        for (unsigned i = 0; i < nworkers; i++) {
            if (pthread_create(&ws[i].tid, NULL, worker_main, &ws[i]) != 0)
                break;
            started++;
        }
        rc = produce(h, &ws[0], started, err);
        for (unsigned i = 0; i < started; i++)
            pthread_join(ws[i].tid, NULL);
    }
    if (rc == KSZ_OK && h->job_rc != KSZ_OK) {
        rc = h->job_rc;
        *err = h->job_err;
    }
    return rc;
}

static void file_error(struct hunt *h, const char *file, const struct ksz_error *e)
{
    if (h->cb->file_error)
        h->cb->file_error(file, e, h->cb->user);
}

ksz_rc ksz_hunt_run(const struct ksz_matcher *m, const struct ksz_hunt_opts *o,
                    const char *const *paths, size_t n, const struct ksz_hunt_cbs *cb,
                    struct ksz_hunt_stats *st, struct ksz_error *err)
{
    static const char *const stdin_path[] = {"-"};
    struct filelist fl = {NULL, 0, 0};
    struct worker *ws = NULL;
    struct hunt h;
    unsigned nthreads = thread_count(o);
    ksz_rc rc, result = KSZ_OK;

    memset(st, 0, sizeof *st);
    memset(&h, 0, sizeof h);
    clock_gettime(CLOCK_MONOTONIC, &h.t0);
    h.m = m;
    h.snap = ksz_matcher_snapshot(m);
    h.o = o;
    h.cb = cb;
    h.st = st;
    h.tlp_max = o->tlp_max == KSZ_TLP_UNSET ? KSZ_TLP_AMBER : o->tlp_max;
    h.block = o->block ? o->block : KSZ_LOG_BLOCK;
    h.nslots = (size_t)nthreads * 4;
    pthread_mutex_init(&h.mu, NULL);
    pthread_cond_init(&h.cv, NULL);
    if (n == 0) {
        paths = stdin_path;
        n = 1;
    }
    rc = ksz_log_walk(paths, n, true, collect, &fl, err);
    if (rc == KSZ_ERR_NOMEM)
        goto out;
    if (rc != KSZ_OK) {
        result = rc;
        file_error(&h, NULL, err);
    }
    h.slots = ksz__calloc(h.nslots, sizeof *h.slots);
    ws = ksz__calloc(nthreads, sizeof *ws);
    if (h.slots == NULL || ws == NULL) {
        rc = ksz_error_set(err, KSZ_ERR_NOMEM, "hunt: out of memory");
        goto out;
    }
    for (size_t i = 0; i < h.nslots; i++) {
        ksz_buf_init(&h.slots[i].in, 0);
        ksz_buf_init(&h.slots[i].strs, 0);
    }
    for (unsigned i = 0; i < nthreads; i++)
        ws[i].h = &h;
    for (size_t i = 0; i < fl.n; i++) {
        struct stat sb;
        if (strcmp(fl.paths[i], "-") != 0 && stat(fl.paths[i], &sb) == 0)
            h.total_bytes += (uint64_t)sb.st_size;
    }
    for (size_t i = 0; i < fl.n; i++) {
        struct ksz_log_parser *proto = NULL;
        struct ksz_error ferr = {0};
        const char *head;
        size_t hlen;

        rc = ksz_log_input_open(fl.paths[i], &h.in, &ferr);
        if (rc == KSZ_OK)
            rc = ksz_log_input_head(h.in, &head, &hlen, &ferr);
        if (rc == KSZ_OK && hlen > 0)
            rc = ksz_log_parser_new(&o->log, head, hlen, &proto, &ferr);
        if (rc == KSZ_OK && hlen > 0) {
            h.file = ksz_log_input_name(h.in);
            st->files++;
            rc = hunt_input(&h, ws, nthreads, proto, &ferr);
        } else if (rc == KSZ_OK) {
            st->files++;   /* empty */
        }
        ksz_log_parser_free(proto);
        ksz_log_input_close(h.in);
        h.in = NULL;
        if (rc == KSZ_ERR_NOMEM) {
            *err = ferr;
            goto out;
        }
        if (rc != KSZ_OK) {
            file_error(&h, fl.paths[i], &ferr);
            if (result == KSZ_OK) {
                result = rc == KSZ_ERR_PARSE ? KSZ_ERR_PARSE : rc;
                *err = ferr;
            }
            h.stop = false;
            h.job_rc = KSZ_OK;
        }
        if (h.stop)
            break;
    }
    rc = result;
out:
    st->elapsed = since(&h.t0);
    if (ws != NULL)
        for (unsigned i = 0; i < nthreads; i++)
            ksz_log_parser_free(ws[i].parser);
    ksz__free(ws);
    if (h.slots != NULL)
        for (size_t i = 0; i < h.nslots; i++) {
            ksz_buf_cleanup(&h.slots[i].in);
            ksz_buf_cleanup(&h.slots[i].strs);
            ksz__free(h.slots[i].ev);
        }
    ksz__free(h.slots);
    for (size_t i = 0; i < fl.n; i++)
        ksz__free(fl.paths[i]);
    ksz__free(fl.paths);
    pthread_mutex_destroy(&h.mu);
    pthread_cond_destroy(&h.cv);
    return rc;
}
