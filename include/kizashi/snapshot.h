/* SPDX-License-Identifier: Apache-2.0 */
/*
 * snapshot.h - the matcher's file: the active indicators compiled into one
 * immutable, memory-mapped file (docs/snapshot-format.md).
 *
 * The writer takes indicator records (from the store, or built in memory by
 * tests and benchmarks) and lays out hash tables, filters and records that
 * the matcher uses in place. The loader maps the file read-only and checks
 * the header and every section's bounds, which takes milliseconds whatever
 * the size; the full checksum is an explicit, separate step
 * (ksz_snapshot_verify). A loaded snapshot is immutable: any number of
 * threads may read it at once.
 */
#ifndef KIZASHI_SNAPSHOT_H
#define KIZASHI_SNAPSHOT_H

#include "kizashi/model.h"

/* The format version this library writes. It also reads version 1 (which
 * lacks the IPv4 presence bitmap: lookups then skip that first test). */
#define KSZ_SNAPSHOT_VERSION 2

/* ---- writing ----------------------------------------------------------- */

struct ksz_snapshot_writer;

/* A new, empty writer. *out is NULL on entry and set only on KSZ_OK. */
ksz_rc ksz_snapshot_writer_new(struct ksz_snapshot_writer **out, struct ksz_error *err);
/* NULL-safe. */
void ksz_snapshot_writer_free(struct ksz_snapshot_writer *w);

/* The build time written in the header (default: time(NULL) when the writer
 * was made). Set it to get the same bytes for the same input. */
void ksz_snapshot_writer_set_time(struct ksz_snapshot_writer *w, int64_t build_time);

/* Add one indicator (copied). Used fields: type, value (canonical form as
 * the store keeps it), stix_id, valid_from, valid_until (0 = unbounded),
 * confidence (-1 unset), tlp, usage, source, report (a title, or whatever
 * the caller wants printed), threats (names). score is the decayed score
 * 0..100, or < 0 when unknown.
 * Types that logs cannot contain (asn, cve, attack-technique, filename, btc)
 * are skipped: *added (optional) says whether the record was taken.
 * Returns KSZ_OK, KSZ_ERR_PARSE (the value is not of its type; err says
 * which), KSZ_ERR_LIMIT (a string longer than KSZ_IOC_VALUE_MAX, or the
 * file would pass 4 GiB of strings or 2^31 records), KSZ_ERR_NOMEM. After a
 * failure the writer is unchanged and can go on. */
ksz_rc ksz_snapshot_writer_add(struct ksz_snapshot_writer *w, const struct ksz_indicator *ind,
                               double score, bool *added, struct ksz_error *err);

/* How many records were added so far. */
size_t ksz_snapshot_writer_count(const struct ksz_snapshot_writer *w);

/* Lay the snapshot out in memory. *data (NULL on entry) gets a buffer of
 * *len bytes owned by the caller (release with ksz_snapshot_buf_free). The
 * same records added in the same order give the same bytes. The writer can
 * go on being used. */
ksz_rc ksz_snapshot_writer_build(struct ksz_snapshot_writer *w, void **data, size_t *len,
                                 struct ksz_error *err);
void ksz_snapshot_buf_free(void *data);

/* Build and write to path safely, through ksz_outfile (outfile.h): a
 * temporary file beside the file path leads to, fsync, rename over it, fsync
 * of the directory. A process that has the old file mapped keeps reading the
 * old bytes; a symbolic link stays a link. A path that exists and is not a
 * regular file (a FIFO, a character device), or /dev/stdout, is written in
 * place, never replaced. *size (optional) gets the file's size. KSZ_ERR_IO names the path
 * and errno's text. */
ksz_rc ksz_snapshot_writer_write_file(struct ksz_snapshot_writer *w, const char *path,
                                      uint64_t *size, struct ksz_error *err);

/* ---- compiling from the store ------------------------------------------ */

struct ksz_store;
struct ksz_filter;
struct ksz_snapshot;

/* Called once for each indicator the filter selected but the snapshot
 * cannot key (a value the store took that is not of its type): ind is the
 * store's record, why the writer's KSZ_ERR_PARSE message. Both are borrowed
 * for the call. The compile goes on. */
typedef void (*ksz_snapshot_refused_cb)(const struct ksz_indicator *ind,
                                        const struct ksz_error *why, void *user);

/* How to compile; all zero (or a NULL pointer) gives the defaults. */
struct ksz_snapshot_compile_opts {
    int64_t build_time;              /* the header's build time; 0 = now */
    ksz_snapshot_refused_cb refused; /* optional */
    void *user;                      /* passed to refused */
};

/* What a compile did. selected = added + skipped + refused. */
struct ksz_snapshot_compile_stats {
    size_t selected; /* indicators the filter selected */
    size_t added;    /* records in the snapshot */
    size_t skipped;  /* of types logs cannot contain (see ksz_snapshot_writer_add) */
    size_t refused;  /* values the snapshot cannot key (see ksz_snapshot_refused_cb) */
    uint64_t size;   /* the snapshot's size in bytes */
};

/* Compile the indicators of st that f selects into a snapshot file at path.
 *   st     IN   an open store; read only (its threats, reports, indicators)
 *   f      IN   the selection, as for ksz_store_each_indicator (NULL: the
 *               defaults of ksz_filter_init); borrowed
 *   opts   IN   optional; borrowed for the call
 *   path   IN   the file to write; replaced as ksz_snapshot_writer_write_file
 *               does (temporary name in the same directory, fsync, rename,
 *               fsync of the directory), so a reader of the old file is never
 *               disturbed and nothing is left at path on failure; a FIFO or
 *               a character device is written in place
 *   stats  OUT  optional; written only on KSZ_OK
 *   err    OUT  optional, filled on failure
 * Each record gets its threats' names and its report's title where the store
 * has a threat or report of that STIX id (all of them, whatever the filter's
 * TLP ceiling), else the id as it is; at most 64 threats are kept per record.
 * Records come in the store's order, so the same store, filter and build time
 * give the same bytes (those of ksz_snapshot_compile_store_mem too).
 * Returns KSZ_OK, KSZ_ERR_DB (reading the store), KSZ_ERR_IO (writing; names
 * the path), KSZ_ERR_LIMIT (see ksz_snapshot_writer_add), KSZ_ERR_NOMEM.
 * Uses st's connection, so not concurrently with other users of st. */
ksz_rc ksz_snapshot_compile_store(struct ksz_store *st, const struct ksz_filter *f,
                                  const struct ksz_snapshot_compile_opts *opts, const char *path,
                                  struct ksz_snapshot_compile_stats *stats, struct ksz_error *err);

/* The same compile, loaded in memory instead of written: *out (set to NULL on
 * entry, set on KSZ_OK) is a snapshot as from ksz_snapshot_open_mem, to be
 * closed with ksz_snapshot_close; nothing touches the file system. stats->size
 * is the snapshot's size in memory. Returns as ksz_snapshot_compile_store,
 * without KSZ_ERR_IO. */
ksz_rc ksz_snapshot_compile_store_mem(struct ksz_store *st, const struct ksz_filter *f,
                                      const struct ksz_snapshot_compile_opts *opts,
                                      struct ksz_snapshot **out,
                                      struct ksz_snapshot_compile_stats *stats,
                                      struct ksz_error *err);

/* ---- loading ----------------------------------------------------------- */

struct ksz_snapshot;

/* Map path read-only (MAP_PRIVATE) and validate the header, the section
 * table and every section's offset, length and counts against the file's
 * size. Does not read the sections (see ksz_snapshot_verify).
 * Returns KSZ_OK, KSZ_ERR_IO (cannot open/map; names the path), KSZ_ERR_PARSE
 * (not a snapshot, another version, corrupt or truncated: err names the
 * byte offset and what was expected). *out NULL on entry, set on KSZ_OK. */
ksz_rc ksz_snapshot_open(const char *path, struct ksz_snapshot **out, struct ksz_error *err);

/* The same over bytes in memory, which are copied (so data may be freed
 * afterwards). For tests and fuzzing. */
ksz_rc ksz_snapshot_open_mem(const void *data, size_t len, struct ksz_snapshot **out,
                             struct ksz_error *err);

/* Unmap and free; NULL-safe. No matcher made from it may be used after. */
void ksz_snapshot_close(struct ksz_snapshot *s);

/* Check the body checksum over the whole file (reads every page: about a
 * second per GB when cold). KSZ_ERR_PARSE when it differs. Thread-safe. */
ksz_rc ksz_snapshot_verify(const struct ksz_snapshot *s, struct ksz_error *err);

/* What the header says, and what the file holds. */
struct ksz_snapshot_info {
    uint32_t version;
    int64_t build_time;
    uint64_t file_size;
    uint64_t indicators;              /* records */
    uint64_t keys[KSZ_IOC__COUNT];    /* distinct keys per indicator type */
    uint64_t records[KSZ_IOC__COUNT]; /* records per indicator type */
    uint64_t string_bytes;            /* the string arena */
    uint64_t checksum;
    unsigned cidr4_prefixes, cidr6_prefixes; /* distinct prefix lengths */
};
void ksz_snapshot_get_info(const struct ksz_snapshot *s, struct ksz_snapshot_info *out);

/* One record's context, as the hunt output prints it. Strings are borrowed
 * from the mapped file for the snapshot's lifetime; each is NUL-terminated
 * and also has its length (a damaged reference reads as ""). */
struct ksz_snap_indicator {
    uint32_t index;               /* record number */
    ksz_ioc_type type;
    const char *value;            /* canonical text */
    size_t value_len;
    const char *stix_id;          /* "" when none */
    size_t stix_id_len;
    int64_t valid_from;           /* 0 = unbounded */
    int64_t valid_until;          /* 0 = unbounded */
    int confidence;               /* 0..100, -1 unset */
    int score;                    /* 0..100, -1 unknown */
    ksz_tlp tlp;
    uint32_t usage;               /* KSZ_USAGE_* */
    const char *source;           /* "" when none */
    size_t source_len;
    const char *report;           /* report title, "" when none */
    size_t report_len;
    size_t n_threats;             /* see ksz_snapshot_threat */
    uint32_t ctx;                 /* internal: the context entry */
};

/* Record idx (0 <= idx < info.indicators). KSZ_ERR_NOTFOUND past the end,
 * KSZ_ERR_PARSE if the record is damaged. Thread-safe. */
ksz_rc ksz_snapshot_indicator(const struct ksz_snapshot *s, uint32_t idx,
                              struct ksz_snap_indicator *out, struct ksz_error *err);
/* The i-th threat name of ind (i < ind->n_threats), borrowed; "" if out of
 * range or damaged. *len (optional) gets its length. */
const char *ksz_snapshot_threat(const struct ksz_snapshot *s, const struct ksz_snap_indicator *ind,
                                size_t i, size_t *len);

#endif
