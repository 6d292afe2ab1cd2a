/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hunt.h - the pipeline behind `kizashi hunt`: log reader -> field
 * extraction -> matcher -> hit callback, on several threads, with the
 * results in a fixed order (by file, then line) whatever the thread count.
 *
 * A plain file is cut into ranges that workers read with pread and parse
 * on their own; a stream (stdin, .gz, .zst) is decoded by one thread and
 * parsed and matched by the others. Each range's hits wait until every
 * earlier range has been handed over, so the callbacks see the same
 * sequence with 1 thread or 8. Callbacks are never called concurrently.
 *
 * sightings: what `--record` writes back to the store, aggregated per
 * indicator and UTC day.
 */
#ifndef KIZASHI_HUNT_H
#define KIZASHI_HUNT_H

#include "kizashi/logs.h"
#include "kizashi/match.h"
#include "kizashi/store.h"

struct ksz_hunt_opts {
    struct ksz_log_opts log;    /* format (or AUTO per file) and --field maps; borrowed */
    ksz_tlp tlp_max;            /* hits on indicators above it are withheld (UNSET counts as amber) */
    unsigned threads;           /* 0 = the number of online CPUs */
    size_t block;               /* bytes per range or block; 0 = KSZ_LOG_BLOCK */
    uint64_t malformed_report;  /* how many malformed lines reach the callback (the rest are counted) */
};
/* format AUTO, no maps, tlp_max amber, threads 0, block 0, malformed_report 5. */
void ksz_hunt_opts_init(struct ksz_hunt_opts *o);

/* One hit: one (log field, indicator) pair. Borrowed for the callback. */
struct ksz_hunt_hit {
    const char *file;           /* as named on the command line, or found in a directory */
    uint64_t line;              /* 1-based */
    int64_t ts;                 /* the event's time (UTC seconds), KSZ_LOG_NO_TIME if none */
    uint32_t usec;
    const char *field;          /* the log's field name */
    const char *value;          /* the observed value, as written in the log */
    size_t value_len;
    ksz_log_kind kind;
    struct ksz_match_hit match; /* which indicator, and how */
};

struct ksz_hunt_stats {
    uint64_t files;
    uint64_t lines;
    uint64_t bytes;             /* decoded bytes */
    uint64_t malformed;
    uint64_t hits;              /* reported to the callback */
    uint64_t withheld;          /* hits above tlp_max, not reported */
    double elapsed;             /* seconds */
};

struct ksz_hunt_cbs {
    /* each hit, in (file, line, field, indicator) order; non-zero stops the hunt */
    int (*hit)(const struct ksz_hunt_hit *h, void *user);
    /* a malformed line (the first malformed_report of the run): msg says what was expected */
    void (*malformed)(const char *file, uint64_t line, const char *msg, void *user);
    /* a file that could not be read or whose format is unknown; the hunt goes on */
    void (*file_error)(const char *file, const struct ksz_error *err, void *user);
    /* now and then (after each range or block): running totals; total_bytes
     * is the sum of the plain files' sizes known ahead (0 when unknown) */
    void (*progress)(const struct ksz_hunt_stats *st, uint64_t total_bytes, void *user);
    void *user;
};

/* Hunt through paths[0..n) (files, directories walked, "-" for stdin; n == 0
 * means stdin) with matcher m.
 *   st   OUT  totals, filled even on failure
 * Returns KSZ_OK when every file was read (hits or not), KSZ_ERR_IO or
 * KSZ_ERR_INVALID when some file could not be read or parsed at all (the
 * others were still hunted; file_error said which), KSZ_ERR_NOMEM. */
ksz_rc ksz_hunt_run(const struct ksz_matcher *m, const struct ksz_hunt_opts *o,
                    const char *const *paths, size_t n, const struct ksz_hunt_cbs *cb,
                    struct ksz_hunt_stats *st, struct ksz_error *err);

/* "30d", "12h", "90m", "45s", "2w" or plain seconds (for --grace) -> seconds.
 * KSZ_ERR_PARSE otherwise. */
ksz_rc ksz_hunt_parse_duration(const char *s, size_t len, int64_t *out);

/* Append one hit as a JSON object and '\n' to out: time (ISO 8601 UTC),
 * file, line, field, value, match (how), and the indicator's context from
 * snap (type, value, id, threats, report, source, confidence, score, tlp,
 * usage, valid_from, valid_until). */
ksz_rc ksz_hunt_format_hit(const struct ksz_snapshot *snap, const struct ksz_hunt_hit *h,
                           struct ksz_buf *out, struct ksz_error *err);

/* Write t (UTC seconds) and usec as "2024-01-02T03:04:05Z", or with
 * ".mmm" when usec is not 0, into buf (at least 32 bytes); returns buf. */
char *ksz_hunt_format_time(int64_t t, uint32_t usec, char *buf, size_t cap);

/* ---- sightings --------------------------------------------------------- */

struct ksz_hunt_sightings;

/* An aggregator of at most max (indicator, day) pairs (0 = 1M). */
ksz_rc ksz_hunt_sightings_new(size_t max, struct ksz_hunt_sightings **out,
                              struct ksz_error *err);
void ksz_hunt_sightings_free(struct ksz_hunt_sightings *s);
/* Count one hit. KSZ_ERR_LIMIT past max. */
ksz_rc ksz_hunt_sightings_add(struct ksz_hunt_sightings *s, const struct ksz_hunt_hit *h,
                              struct ksz_error *err);
/* How many (indicator, day) pairs are held. */
size_t ksz_hunt_sightings_count(const struct ksz_hunt_sightings *s);
/* Write them through ksz_store_put_sighting (kind hit; sighting_of the
 * indicator's STIX id when the snapshot has one, else its type and value;
 * where = the first file it was seen in; first/last seen and count within the
 * day), in (indicator, day) order, in one transaction. */
ksz_rc ksz_hunt_sightings_write(const struct ksz_hunt_sightings *s,
                                const struct ksz_snapshot *snap, struct ksz_store *st,
                                struct ksz_error *err);

#endif
