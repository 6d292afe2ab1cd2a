/* SPDX-License-Identifier: Apache-2.0 */
/*
 * readahead.c - a reader on a second thread, parsing ahead of the store.
 *
 * A line format's reader (CSV, JSON lines, plain lists, free text) runs on
 * its own thread and the calling thread does nothing but put: the records
 * (indicators and notes) are copied into batches, and a bounded queue of
 * batches carries them across, in input order. Each record is first given
 * to a "prepare" callback on the reader's thread (warninglists, the derived
 * STIX id), so that work leaves the store's thread too. The store itself is
 * touched only by the calling thread.
 *
 * Errors keep their order: the calling thread puts every record the reader
 * made before its error, then returns the reader's error (which names the
 * file and line); a put that fails first stops the reader, and its error is
 * the one returned. Either way the caller rolls back.
 */
#include <pthread.h>
#include <stdalign.h>
#include <string.h>
#include "formats_int.h"

#define RA_RECS 4096        /* records a batch */
#define RA_BLOCK (1u << 20) /* bytes of strings a batch, unless a record needs more */
#define RA_AHEAD 4          /* full batches waiting for the store */

enum { RA_INDICATOR, RA_NOTE };

struct ra_rec {
    struct ksz_indicator ind; /* strings and lists point into the batch's block */
    struct ksz_import_pos pos;
    const char *what; /* a note's kind (static) */
    int kind, tag;
};

struct ra_batch {
    struct ra_batch *next;
    struct ra_rec *recs;
    size_t n;
    char *block;
    size_t used, cap;
};

struct ra {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct ra_batch *head, *tail; /* full batches, oldest first */
    size_t queued;
    struct ra_batch *spare; /* emptied batches, for the reader to reuse */
    bool stop;              /* the calling thread failed: the reader gives up */
    bool done;              /* the reader has ended; rc and err are its result */
    /* the reader's side: its thread's alone until done */
    const struct ksz__readahead *r;
    struct ra_batch *cur;
    struct ksz_import_sink sink;
    ksz_rc rc;
    struct ksz_error err;
};

static void batch_free(struct ra_batch *b)
{
    if (b == NULL)
        return;
    ksz__free(b->recs);
    ksz__free(b->block);
    ksz__free(b);
}

static struct ra_batch *batch_new(size_t cap)
{
    struct ra_batch *b = ksz__calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    b->recs = ksz__malloc(RA_RECS * sizeof b->recs[0]);
    b->block = ksz__malloc(cap);
    b->cap = cap;
    if (b->recs == NULL || b->block == NULL) {
        batch_free(b);
        return NULL;
    }
    return b;
}

/* Hand the reader's batch over; wait while RA_AHEAD are already waiting.
 * false when the calling thread has stopped (the batch is then freed). */
static bool push(struct ra *a, struct ra_batch *b)
{
    bool ok;

    pthread_mutex_lock(&a->mu);
    while (a->queued >= RA_AHEAD && !a->stop)
        pthread_cond_wait(&a->cv, &a->mu);
    ok = !a->stop;
    if (ok) {
        b->next = NULL;
        if (a->tail != NULL)
            a->tail->next = b;
        else
            a->head = b;
        a->tail = b;
        a->queued++;
        pthread_cond_broadcast(&a->cv);
    }
    pthread_mutex_unlock(&a->mu);
    if (!ok)
        batch_free(b);
    return ok;
}

/* A batch for the reader with room for need bytes: a spare one if there is. */
static struct ra_batch *take_spare(struct ra *a, size_t need)
{
    struct ra_batch *b;
    size_t cap = need > RA_BLOCK ? need : RA_BLOCK;

    pthread_mutex_lock(&a->mu);
    b = a->spare;
    if (b != NULL)
        a->spare = b->next;
    pthread_mutex_unlock(&a->mu);
    if (b == NULL)
        return batch_new(cap);
    b->n = 0;
    b->used = 0;
    b->next = NULL;
    if (b->cap < need) {
        char *p = ksz__realloc(b->block, cap);
        if (p == NULL) {
            batch_free(b);
            return NULL;
        }
        b->block = p;
        b->cap = cap;
    }
    return b;
}

static size_t str_size(const char *s)
{
    return s != NULL ? strlen(s) + 1 : 0;
}

static size_t list_size(struct ksz_strlist l)
{
    size_t n = l.n * sizeof(char *);
    for (size_t i = 0; i < l.n; i++)
        n += str_size(l.items[i]);
    return n;
}

static size_t ind_size(const struct ksz_indicator *in)
{
    return str_size(in->stix_id) + str_size(in->value) + str_size(in->pattern) +
           str_size(in->name) + str_size(in->description) + str_size(in->source) +
           str_size(in->report) + list_size(in->labels) + list_size(in->tags) +
           list_size(in->attack_ids) + list_size(in->kill_chain) + list_size(in->threats) +
           list_size(in->warnings);
}

/* Copies into the block, which has room (ind_size): item arrays first, so
 * they stay aligned, then the text. */
struct copier {
    char *text;
    const char **items;
};

static const char *copy_str(struct copier *c, const char *s)
{
    size_t n;
    char *d;

    if (s == NULL)
        return NULL;
    n = strlen(s) + 1;
    d = c->text;
    memcpy(d, s, n);
    c->text += n;
    return d;
}

static struct ksz_strlist copy_list(struct copier *c, struct ksz_strlist l)
{
    struct ksz_strlist out = {c->items, l.n};
    for (size_t i = 0; i < l.n; i++)
        c->items[i] = copy_str(c, l.items[i]);
    c->items += l.n;
    return l.n > 0 ? out : (struct ksz_strlist){NULL, 0};
}

static ksz_rc queue_indicator(void *user, const struct ksz_indicator *in,
                              const struct ksz_import_pos *pos, struct ksz_error *err)
{
    struct ra *a = user;
    struct ksz_indicator ind = *in;
    struct ksz__readahead_scratch scratch;
    struct ra_batch *b;
    struct ra_rec *rec;
    struct copier c;
    size_t need, nitems;
    int tag;

    tag = a->r->prepare != NULL ? a->r->prepare(a->r->user, &ind, &scratch) : 0;
    nitems = ind.labels.n + ind.tags.n + ind.attack_ids.n + ind.kill_chain.n + ind.threats.n +
             ind.warnings.n;
    need = ind_size(&ind) + alignof(const char *);
    b = a->cur;
    if (b->n == RA_RECS || b->cap - b->used < need) {
        if (!push(a, b)) {
            a->cur = NULL;
            return ksz_error_set(err, KSZ_ERR_LIMIT, "import: stopped");
        }
        a->cur = b = take_spare(a, need);
        if (b == NULL)
            return ksz_error_set(err, KSZ_ERR_NOMEM, "import: out of memory");
    }
    /* the block comes from malloc: an offset aligned for a pointer is an
     * aligned address */
    b->used = (b->used + alignof(const char *) - 1) & ~(alignof(const char *) - 1);
    c.items = (const char **)(void *)(b->block + b->used);
    c.text = b->block + b->used + nitems * sizeof(char *);
    ind.labels = copy_list(&c, ind.labels);
    ind.tags = copy_list(&c, ind.tags);
    ind.attack_ids = copy_list(&c, ind.attack_ids);
    ind.kill_chain = copy_list(&c, ind.kill_chain);
    ind.threats = copy_list(&c, ind.threats);
    ind.warnings = copy_list(&c, ind.warnings);
    ind.stix_id = copy_str(&c, ind.stix_id);
    ind.value = copy_str(&c, ind.value);
    ind.pattern = copy_str(&c, ind.pattern);
    ind.name = copy_str(&c, ind.name);
    ind.description = copy_str(&c, ind.description);
    ind.source = copy_str(&c, ind.source);
    ind.report = copy_str(&c, ind.report);
    b->used = (size_t)(c.text - b->block);
    rec = &b->recs[b->n++];
    rec->ind = ind;
    rec->pos = pos != NULL ? *pos : (struct ksz_import_pos){0, 0};
    rec->what = NULL;
    rec->kind = RA_INDICATOR;
    rec->tag = tag;
    return KSZ_OK;
}

/* Notes carry no text the import keeps: the kind and the position. */
static void queue_note(void *user, const char *what, const char *detail,
                       const struct ksz_import_pos *pos)
{
    struct ra *a = user;
    struct ra_batch *b = a->cur;
    struct ra_rec *rec;

    (void)detail;
    if (b == NULL || a->rc != KSZ_OK)
        return;
    if (b->n == RA_RECS) {
        if (!push(a, b)) {
            a->cur = NULL;
            a->rc = ksz_error_set(&a->err, KSZ_ERR_LIMIT, "import: stopped");
            return;
        }
        a->cur = b = take_spare(a, 0);
        if (b == NULL) {
            a->rc = ksz_error_set(&a->err, KSZ_ERR_NOMEM, "import: out of memory");
            return;
        }
    }
    rec = &b->recs[b->n++];
    memset(rec, 0, sizeof *rec);
    rec->pos = pos != NULL ? *pos : (struct ksz_import_pos){0, 0};
    rec->what = what;
    rec->kind = RA_NOTE;
}

static ksz_rc queue_indicator_checked(void *user, const struct ksz_indicator *in,
                                      const struct ksz_import_pos *pos, struct ksz_error *err)
{
    struct ra *a = user;
    if (a->rc != KSZ_OK) /* a note could not be queued */
        return ksz_error_set(err, a->rc, "%s", a->err.msg);
    return queue_indicator(user, in, pos, err);
}

static void *reader_main(void *arg)
{
    struct ra *a = arg;
    struct ksz_error err = {0};
    ksz_rc rc = a->r->read(a->r->read_arg, &a->sink, &err);

    if (rc != KSZ_OK)
        a->err = err;
    else
        rc = a->rc; /* a note at the very end could not be queued */
    if (rc == KSZ_OK && a->cur != NULL && a->cur->n > 0) {
        if (!push(a, a->cur)) /* stopped: the calling thread has its own error */
            rc = KSZ_ERR_LIMIT;
    } else {
        batch_free(a->cur);
    }
    a->cur = NULL;
    pthread_mutex_lock(&a->mu);
    a->rc = rc;
    a->done = true;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

/* The next full batch, or NULL once the reader has ended and all are taken. */
static struct ra_batch *pop(struct ra *a)
{
    struct ra_batch *b;

    pthread_mutex_lock(&a->mu);
    while (a->head == NULL && !a->done)
        pthread_cond_wait(&a->cv, &a->mu);
    b = a->head;
    if (b != NULL) {
        a->head = b->next;
        if (a->head == NULL)
            a->tail = NULL;
        a->queued--;
        pthread_cond_broadcast(&a->cv);
    }
    pthread_mutex_unlock(&a->mu);
    return b;
}

static void give_back(struct ra *a, struct ra_batch *b)
{
    pthread_mutex_lock(&a->mu);
    b->next = a->spare;
    a->spare = b;
    pthread_mutex_unlock(&a->mu);
}

static void free_list(struct ra_batch *b)
{
    while (b != NULL) {
        struct ra_batch *next = b->next;
        batch_free(b);
        b = next;
    }
}

ksz_rc ksz__readahead_run(const struct ksz__readahead *r, bool *started, struct ksz_error *err)
{
    struct ra a;
    pthread_t tid;
    ksz_rc rc = KSZ_OK;

    *started = false;
    memset(&a, 0, sizeof a);
    a.r = r;
    a.sink.indicator = queue_indicator_checked;
    a.sink.note = queue_note;
    a.sink.user = &a;
    a.cur = batch_new(RA_BLOCK);
    if (a.cur == NULL)
        return KSZ_OK; /* not started: the caller reads on its own thread */
    pthread_mutex_init(&a.mu, NULL);
    pthread_cond_init(&a.cv, NULL);
    if (pthread_create(&tid, NULL, reader_main, &a) != 0) {
        batch_free(a.cur);
        pthread_mutex_destroy(&a.mu);
        pthread_cond_destroy(&a.cv);
        return KSZ_OK;
    }
    *started = true;
    for (;;) {
        struct ra_batch *b = pop(&a);
        if (b == NULL)
            break;
        for (size_t i = 0; i < b->n && rc == KSZ_OK; i++) {
            const struct ra_rec *rec = &b->recs[i];
            if (rec->kind == RA_NOTE)
                r->note(r->user, rec->what, &rec->pos);
            else
                rc = r->put(r->user, &rec->ind, rec->tag, &rec->pos, err);
        }
        give_back(&a, b);
        if (rc != KSZ_OK)
            break;
    }
    if (rc != KSZ_OK) { /* stop the reader, if it is still going */
        pthread_mutex_lock(&a.mu);
        a.stop = true;
        pthread_cond_broadcast(&a.cv);
        pthread_mutex_unlock(&a.mu);
    }
    pthread_join(tid, NULL);
    if (rc == KSZ_OK && a.rc != KSZ_OK) {
        rc = a.rc;
        if (err != NULL)
            *err = a.err;
    }
    free_list(a.head);
    free_list(a.spare);
    batch_free(a.cur);
    pthread_mutex_destroy(&a.mu);
    pthread_cond_destroy(&a.cv);
    return rc;
}
