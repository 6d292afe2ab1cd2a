/* SPDX-License-Identifier: Apache-2.0 */
/*
 * formats.h - import and export: STIX 2.1 (and 2.0 on the way in), MISP
 * events and feeds, CSV, JSON lines, plain lists and free text.
 *
 * Readers never touch the store: they parse their input into the borrowed
 * records of model.h and hand each one to a struct ksz_import_sink. The
 * import driver (ksz_import_*) wires a sink to the store, checks every
 * indicator against the warninglists, wraps each input in one transaction
 * and counts what happened. Writers read the store through a struct
 * ksz_filter and write bytes through a callback, so an export streams.
 */
#ifndef KIZASHI_FORMATS_H
#define KIZASHI_FORMATS_H

#include "kizashi/buf.h"
#include "kizashi/model.h"
#include "kizashi/store.h"
#include "kizashi/warn.h"

typedef enum ksz_format {
    KSZ_FORMAT_AUTO = 0,
    KSZ_FORMAT_STIX = 1,
    KSZ_FORMAT_MISP = 2,       /* one MISP event, wrapped in "Event" or not */
    KSZ_FORMAT_MISP_FEED = 3,  /* a directory: manifest.json + <uuid>.json */
    KSZ_FORMAT_CSV = 4,
    KSZ_FORMAT_PLAIN = 5,
    KSZ_FORMAT_JSONL = 6,
    KSZ_FORMAT_TEXT = 7
} ksz_format;

/* "stix", "misp", "misp-feed", "csv", "plain", "jsonl", "text" ("auto"). */
const char *ksz_format_name(ksz_format f);
ksz_rc ksz_format_parse(const char *s, size_t len, ksz_format *out);

/* Guess the format of an input from its first bytes (at least the first
 * 4 KiB when there are that many). Never returns AUTO or MISP_FEED:
 * JSON with "type":"bundle" or "spec_version" -> STIX; JSON with "Event",
 * "Attribute" or "info" -> MISP; a first line of JSON object -> JSONL;
 * a header line with a delimiter and a value-like column -> CSV; lines that
 * each classify as one observable -> PLAIN; anything else -> TEXT. */
ksz_format ksz_format_detect(const char *head, size_t len);

/* ---- the sink readers write to --------------------------------------- */

/* Where a record came from, for messages: the byte offset of the object (JSON
 * formats) or the 1-based line (line formats), 0 when unknown. */
struct ksz_import_pos {
    uint64_t offset;
    uint64_t line;
};

/* Each callback is optional; a NULL callback drops that kind of record.
 * Records are borrowed for the call. A callback's failure stops the reader,
 * which returns it as is. */
struct ksz_import_sink {
    ksz_rc (*indicator)(void *user, const struct ksz_indicator *ind,
                        const struct ksz_import_pos *pos, struct ksz_error *err);
    ksz_rc (*threat)(void *user, const struct ksz_threat *t, struct ksz_error *err);
    ksz_rc (*report)(void *user, const struct ksz_report *r, struct ksz_error *err);
    ksz_rc (*relationship)(void *user, const struct ksz_relationship *r, struct ksz_error *err);
    ksz_rc (*sighting)(void *user, const struct ksz_sighting *s, struct ksz_error *err);
    /* A record kizashi reads but does not keep as an observable: a STIX
     * pattern it cannot turn into observables ("pattern"), a MISP attribute
     * type with no observable ("misp:<type>"), a value that does not parse
     * as its declared type ("refused"). what is a static string. */
    void (*note)(void *user, const char *what, const char *detail,
                 const struct ksz_import_pos *pos);
    void *user;
};

/* What a reader applies to every record it makes, before the sink sees it:
 * the import's options. Unset fields (NULL, -1, 0, UNSET) leave the input's
 * own values alone; a record's own value always wins over these defaults,
 * except usage_force. */
struct ksz_import_defaults {
    const char *source;        /* source name for records without one */
    ksz_tlp tlp;
    int confidence;            /* -1 = unset */
    int64_t valid_for;         /* seconds; 0 = unset */
    uint32_t usage;
    const char *threat;        /* a threat name every indicator indicates */
    struct ksz_strlist tags;
    const char *report;        /* report title every record belongs to */
    int64_t now;               /* for valid_from when the input has none */
};

/* CSV settings. columns maps fields onto columns: "value=ioc,type=kind,
 * confidence=conf" (field=header name, or field=N for the 1-based column
 * number). Fields: value, type, confidence, tlp, valid_from, valid_until,
 * description, threat, tags, usage, source, labels. Without a mapping,
 * headers named like a field (or "indicator", "ioc", "observable" for value,
 * "kind" for type) are used. delimiter 0 = detect (',', ';', '\t', '|'). */
struct ksz_csv_opts {
    const char *columns;
    char delimiter;
};

/* Readers. Each takes the whole input or, for the streaming ones, chunks.
 *   name   IN  the input's name for messages ("file.json")
 * Bad input: KSZ_ERR_PARSE with err naming name, the line or byte offset and
 * what was expected. */
ksz_rc ksz_plain_read(const char *name, const char *buf, size_t len,
                      const struct ksz_import_defaults *d, const struct ksz_import_sink *sink,
                      struct ksz_error *err);
ksz_rc ksz_jsonl_read(const char *name, const char *buf, size_t len,
                      const struct ksz_import_defaults *d, const struct ksz_import_sink *sink,
                      struct ksz_error *err);
ksz_rc ksz_csv_read(const char *name, const char *buf, size_t len, const struct ksz_csv_opts *o,
                    const struct ksz_import_defaults *d, const struct ksz_import_sink *sink,
                    struct ksz_error *err);
ksz_rc ksz_text_read(const char *name, const char *buf, size_t len,
                     const struct ksz_import_defaults *d, const struct ksz_import_sink *sink,
                     struct ksz_error *err);
ksz_rc ksz_misp_read(const char *name, const char *buf, size_t len,
                     const struct ksz_import_defaults *d, const struct ksz_import_sink *sink,
                     struct ksz_error *err);

/* A STIX bundle read as a stream: feed chunks of any size; each object of
 * the top-level "objects" array is parsed on its own, so memory is bounded by
 * the largest object (capped at 64 MiB), not the bundle. */
struct ksz_stix_reader;
ksz_rc ksz_stix_reader_new(const char *name, const struct ksz_import_defaults *d,
                           const struct ksz_import_sink *sink, struct ksz_stix_reader **out,
                           struct ksz_error *err);
ksz_rc ksz_stix_reader_feed(struct ksz_stix_reader *r, const char *buf, size_t len,
                            struct ksz_error *err);
/* End of input: KSZ_ERR_PARSE if the bundle is incomplete. */
ksz_rc ksz_stix_reader_finish(struct ksz_stix_reader *r, struct ksz_error *err);
void ksz_stix_reader_free(struct ksz_stix_reader *r);
/* Convenience: one buffer. */
ksz_rc ksz_stix_read(const char *name, const char *buf, size_t len,
                     const struct ksz_import_defaults *d, const struct ksz_import_sink *sink,
                     struct ksz_error *err);

/* ---- STIX patterns ----------------------------------------------------- */

/* Called once per observable a pattern names (canonical value). */
typedef ksz_rc (*ksz_stix_pattern_cb)(ksz_ioc_type t, const char *value, size_t len,
                                      void *user);
/* Parse the comparison subset of STIX patterning kizashi turns into
 * observables: [ipv4-addr:value = '...'], ipv6-addr (cidr forms too),
 * domain-name, url, email-addr, file:hashes.'SHA-256' / MD5 / SHA-1 /
 * SHA-512 (also file:hashes.MD5 unquoted, and file:name), joined by OR / AND,
 * with brackets and parentheses. Quoted strings use \' and \\ escapes.
 * Returns KSZ_OK after calling cb for each observable (at least one), or
 * KSZ_ERR_PARSE when the pattern is outside the subset (no callback is made
 * then: the pattern is checked whole first). */
ksz_rc ksz_stix_pattern_parse(const char *s, size_t len, ksz_stix_pattern_cb cb, void *user,
                              struct ksz_error *err);
/* Write the pattern for one observable ("[ipv4-addr:value = '1.2.3.4']")
 * into b. KSZ_ERR_INVALID for types STIX patterns cannot express. */
ksz_rc ksz_stix_pattern_format(ksz_ioc_type t, const char *value, size_t len,
                               struct ksz_buf *b);

/* ---- the import driver ---------------------------------------------- */

struct ksz_import_opts {
    ksz_format format;          /* AUTO = detect */
    struct ksz_import_defaults defaults;
    struct ksz_csv_opts csv;
    bool dry_run;               /* parse and check, then roll back */
    /* An input in a line format (CSV, JSON lines, plain, text) of at least
     * this many bytes is parsed on a second thread while the store writes
     * (0: any size; SIZE_MAX: none). The result is the same either way. */
    size_t readahead_min;
    /* Optional: called about every 100,000 records (and never from the
     * store's callbacks), so a command can show progress on a terminal. */
    void (*progress)(void *user, const char *name, uint64_t records);
    void *progress_user;
};
void ksz_import_opts_init(struct ksz_import_opts *o);

/* Per kind of record: what the store did with it. */
struct ksz_import_count {
    uint64_t added, updated, unchanged;
};

struct ksz_import_summary {
    struct ksz_import_count indicators, threats, reports, relationships, sightings;
    uint64_t flagged;           /* on a warninglist with policy warn */
    uint64_t blocked;           /* on a warninglist with policy block: kept inactive */
    uint64_t refused;           /* values that do not parse as their type */
    uint64_t unparsed_patterns; /* STIX patterns kept, no observable */
    uint64_t skipped;           /* records with no observable (MISP comment, ...) */
    uint64_t inputs;
};

/* Import one input: a file, a directory (a MISP feed: manifest.json and
 * event files; any other directory: each regular file in name order, each
 * its own input), or "-" for standard input. Each input is one transaction:
 * on any error the store is as before, and err names the file and the line
 * or byte offset. warn is optional. Counts are added to *sum. */
ksz_rc ksz_import_path(struct ksz_store *st, const struct ksz_warn *warn,
                       const struct ksz_import_opts *o, const char *path,
                       struct ksz_import_summary *sum, struct ksz_error *err);
/* Import bytes already in memory (one transaction). */
ksz_rc ksz_import_buffer(struct ksz_store *st, const struct ksz_warn *warn,
                         const struct ksz_import_opts *o, const char *name, const char *buf,
                         size_t len, struct ksz_import_summary *sum, struct ksz_error *err);
/* Write the summary as one JSON object line into b. */
ksz_rc ksz_import_summary_json(const struct ksz_import_summary *sum, struct ksz_buf *b);

/* ---- export ------------------------------------------------------------ */

/* Receives the output bytes; return non-OK to stop. */
typedef ksz_rc (*ksz_write_cb)(void *user, const char *buf, size_t len);

/* Export what f selects in format fmt (STIX, MISP, CSV, JSONL or PLAIN).
 * Output is deterministic: the same store and filter give the same bytes
 * (ids are derived, times come from the data). */
ksz_rc ksz_export(struct ksz_store *st, const struct ksz_filter *f, ksz_format fmt,
                  ksz_write_cb write, void *user, struct ksz_error *err);

#endif
