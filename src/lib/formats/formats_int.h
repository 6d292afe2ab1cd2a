/* SPDX-License-Identifier: Apache-2.0 */
/*
 * formats_int.h - what the readers and writers of the formats area share:
 * timestamps, a growable list of borrowed strings, and the one function that
 * applies the import's defaults to a record before the sink sees it.
 */
#ifndef KSZ_FORMATS_INT_H
#define KSZ_FORMATS_INT_H

#include <jansson.h>
#include "core/core_int.h"
#include "kizashi/formats.h"

/* ---- time (timefmt.c) ---- */

/* RFC 3339 / ISO 8601 UTC "2024-01-02T03:04:05[.sss]Z" (also "+00:00", a
 * space for 'T', or a bare date "2024-01-02") -> Unix seconds. */
ksz_rc ksz__time_parse(const char *s, size_t len, int64_t *out);
/* Unix seconds -> "2024-01-02T03:04:05.000Z" (buf of 32). */
char *ksz__time_format(int64_t t, char buf[32]);
/* Unix seconds -> "2024-01-02" (buf of 32). */
char *ksz__date_format(int64_t t, char buf[32]);

/* ---- a list of borrowed strings (strvec.c) ---- */
struct ksz__strvec {
    const char **items;
    size_t n, cap;
};
ksz_rc ksz__strvec_push(struct ksz__strvec *v, const char *s);
/* Push unless an equal string is already there. */
ksz_rc ksz__strvec_push_unique(struct ksz__strvec *v, const char *s);
void ksz__strvec_cleanup(struct ksz__strvec *v);
static inline struct ksz_strlist ksz__strvec_list(const struct ksz__strvec *v)
{
    struct ksz_strlist l = {v->items, v->n};
    return l;
}

/* Owned copies of strings that must outlive their source (freed together). */
struct ksz__strpool {
    char **items;
    size_t n, cap;
};
const char *ksz__strpool_dup(struct ksz__strpool *p, const char *s, size_t len);
void ksz__strpool_cleanup(struct ksz__strpool *p);

/* ---- handing records to the sink (emit.c) ---- */

/* Apply the import defaults d to ind (a copy is made; ind is not changed)
 * and give it to the sink. pos may be NULL. */
ksz_rc ksz__emit_indicator(const struct ksz_import_sink *sink, const struct ksz_import_defaults *d,
                           const struct ksz_indicator *ind, const struct ksz_import_pos *pos,
                           struct ksz_error *err);
ksz_rc ksz__emit_threat(const struct ksz_import_sink *sink, const struct ksz_import_defaults *d,
                        const struct ksz_threat *t, struct ksz_error *err);
ksz_rc ksz__emit_report(const struct ksz_import_sink *sink, const struct ksz_import_defaults *d,
                        const struct ksz_report *r, struct ksz_error *err);
ksz_rc ksz__emit_relationship(const struct ksz_import_sink *sink,
                              const struct ksz_relationship *r, struct ksz_error *err);
ksz_rc ksz__emit_sighting(const struct ksz_import_sink *sink, const struct ksz_sighting *s,
                          struct ksz_error *err);
void ksz__emit_note(const struct ksz_import_sink *sink, const char *what, const char *detail,
                    const struct ksz_import_pos *pos);

/* Fill a blank indicator (confidence -1, tlp UNSET, everything else 0). */
void ksz__indicator_blank(struct ksz_indicator *ind);

/* ---- JSON helpers over jansson (jsonutil.c) ---- */

/* The string member key of o, or NULL; *len optional. */
const char *ksz__json_str(const json_t *o, const char *key, size_t *len);
/* A member that is a string or an integer, as text in buf (cap 32) or
 * borrowed; NULL when absent. */
const char *ksz__json_text(const json_t *o, const char *key, char buf[32]);
/* An integer member, or a string of digits; def when absent or not a number. */
int64_t ksz__json_int(const json_t *o, const char *key, int64_t def);
/* A boolean member (true/false, 1/0, "1"/"0", "true"/"false"); def otherwise. */
bool ksz__json_bool(const json_t *o, const char *key, bool def);
/* A timestamp member (RFC 3339 text or Unix seconds as number or digits). */
int64_t ksz__json_time(const json_t *o, const char *key);
/* The jansson error as "line L column C: text". */
void ksz__json_errmsg(const json_error_t *je, char *out, size_t cap);

/* ---- streaming JSON (json_stream.c) ---- */

/* Scans a JSON document chunk by chunk and hands over the bytes of each
 * element of the top-level object's member "key" (an array), one at a time,
 * with the byte offset where it starts. The scanner checks structure
 * (brackets, strings, escapes) but leaves values to jansson. Top-level
 * members other than key are handed over too, when short (<= 4 KiB). */
typedef ksz_rc (*ksz__jstream_elem_cb)(void *user, const char *buf, size_t len,
                                       uint64_t offset, struct ksz_error *err);
typedef ksz_rc (*ksz__jstream_member_cb)(void *user, const char *key, size_t klen,
                                         const char *val, size_t vlen, struct ksz_error *err);
struct ksz__jstream;
ksz_rc ksz__jstream_new(const char *key, size_t max_elem, ksz__jstream_elem_cb elem,
                        ksz__jstream_member_cb member, void *user, struct ksz__jstream **out);
ksz_rc ksz__jstream_feed(struct ksz__jstream *s, const char *buf, size_t len,
                         struct ksz_error *err);
ksz_rc ksz__jstream_finish(struct ksz__jstream *s, struct ksz_error *err);
void ksz__jstream_free(struct ksz__jstream *s);
/* Was the key's array seen? */
bool ksz__jstream_saw_key(const struct ksz__jstream *s);

/* ---- TLP marking-definition ids (stix_marking.c) ---- */

/* The TLP 2.0 marking-definition id for t (NULL for UNSET). */
const char *ksz__tlp2_marking_id(ksz_tlp t);
/* A TLP 1.0 or 2.0 marking-definition id -> TLP; KSZ_ERR_NOTFOUND otherwise. */
ksz_rc ksz__tlp_from_marking_id(const char *id, ksz_tlp *out);

/* ---- MISP type mapping (misp_types.c) ---- */
/* The observable type for one (non-composite) MISP attribute type, NONE if
 * it names no observable. KSZ_IOC_IPV4 stands for "an address or network of
 * either family" (ip-src, ip-dst, ip). */
ksz_ioc_type ksz__misp_type_to_ioc(const char *type, size_t len);
/* The MISP attribute type for an observable type. */
const char *ksz__ioc_to_misp_type(ksz_ioc_type t);

/* ---- one indicator from named text fields (fields.c) ---- */
enum ksz__field {
    KSZ_F_VALUE, KSZ_F_TYPE, KSZ_F_CONFIDENCE, KSZ_F_TLP, KSZ_F_VALID_FROM, KSZ_F_VALID_UNTIL,
    KSZ_F_DESCRIPTION, KSZ_F_THREATS, KSZ_F_TAGS, KSZ_F_USAGE, KSZ_F_SOURCE, KSZ_F_LABELS,
    KSZ_F_ID, KSZ_F_NAME, KSZ_F_ATTACK, KSZ_F_KILL_CHAIN, KSZ_F_CREATED, KSZ_F_MODIFIED,
    KSZ_F_COMMERCIAL, KSZ_F_REVOKED, KSZ_F_PATTERN, KSZ_F_REPORT,
    KSZ_F__COUNT
};
/* Field by name ("value", "type", ... and aliases such as "ioc", "indicator",
 * "kind", "threat", "id"); -1 if none. */
int ksz__field_from_name(const char *s, size_t len);
const char *ksz__field_name(enum ksz__field f);

/* Text of each field (NULL = absent); list fields are comma-separated. */
struct ksz__fields {
    const char *v[KSZ_F__COUNT];
    size_t l[KSZ_F__COUNT];
};
/* Reused scratch space, so a million rows do not make a million mallocs. */
struct ksz__rowbuf {
    struct ksz_buf scratch;
    struct ksz__strvec lists[6];
    char canon[KSZ_IOC_VALUE_MAX + 1];
};
void ksz__rowbuf_cleanup(struct ksz__rowbuf *rb);
/* Build the indicator and hand it to the sink. Errors name "name:line N". */
ksz_rc ksz__fields_emit(const struct ksz__fields *f, struct ksz__rowbuf *rb, const char *name,
                        uint64_t line, const struct ksz_import_defaults *d,
                        const struct ksz_import_sink *sink, struct ksz_error *err);

/* ---- JSON lines (jsonl_in.c) ---- */

/* Tests only: read every line with jansson, none in place. */
extern bool ksz__jsonl_no_flat;

/* ---- a reader on a second thread (readahead.c) ---- */

/* Room the prepare callback may use for what it points the record at. */
struct ksz__readahead_scratch {
    const char *names[80];
    char id[80];
};
struct ksz__readahead {
    /* On the reader's thread: read the input into sink (indicators and notes
     * only). */
    ksz_rc (*read)(void *read_arg, const struct ksz_import_sink *sink, struct ksz_error *err);
    void *read_arg;
    /* On the reader's thread, before a record is queued: may change *ind,
     * pointing it at s or at anything that outlives the call; returns a tag
     * that goes with the record. Optional. */
    int (*prepare)(void *user, struct ksz_indicator *ind, struct ksz__readahead_scratch *s);
    /* On the calling thread, in input order. */
    ksz_rc (*put)(void *user, const struct ksz_indicator *ind, int tag,
                  const struct ksz_import_pos *pos, struct ksz_error *err);
    void (*note)(void *user, const char *what, const struct ksz_import_pos *pos);
    void *user;
};
/* Run r->read on a second thread, and r->put and r->note on this one for
 * each record it makes. Returns the first failure of either side (a put's
 * failure stops the reader). *started is false when no thread could be
 * started: nothing was read then, and KSZ_OK is returned. */
ksz_rc ksz__readahead_run(const struct ksz__readahead *r, bool *started, struct ksz_error *err);

/* ---- buffered output for the writers (export.c) ---- */
struct ksz__out {
    struct ksz_buf b;
    ksz_write_cb write;
    void *user;
    ksz_rc rc;               /* first failure; later writes do nothing */
    struct ksz_error *err;
    void *sha;               /* optional running SHA-256 of what is written */
};
void ksz__out_init(struct ksz__out *o, ksz_write_cb write, void *user, struct ksz_error *err);
/* Flush when the buffer holds more than 64 KiB. */
void ksz__out_maybe_flush(struct ksz__out *o);
ksz_rc ksz__out_finish(struct ksz__out *o);
void ksz__out_str(struct ksz__out *o, const char *s);
void ksz__out_mem(struct ksz__out *o, const char *s, size_t n);
void ksz__out_printf(struct ksz__out *o, const char *fmt, ...) KSZ_PRINTF(2, 3);
/* A JSON string with quotes; NULL writes null. */
void ksz__out_jstr(struct ksz__out *o, const char *s);
/* ,"key":"value" (or without the leading comma when first) - skipped when s
 * is NULL or empty. */
void ksz__out_kv(struct ksz__out *o, const char *key, const char *s);
void ksz__out_kv_time(struct ksz__out *o, const char *key, int64_t t);
/* ,"key":["a","b"] - skipped when the list is empty. */
void ksz__out_kv_list(struct ksz__out *o, const char *key, struct ksz_strlist l);

/* Writers, called by ksz_export. */
ksz_rc ksz__export_stix(struct ksz_store *st, const struct ksz_filter *f, struct ksz__out *o,
                        struct ksz_error *err);
ksz_rc ksz__export_misp(struct ksz_store *st, const struct ksz_filter *f, struct ksz__out *o,
                        struct ksz_error *err);
ksz_rc ksz__export_csv(struct ksz_store *st, const struct ksz_filter *f, struct ksz__out *o,
                       struct ksz_error *err);
ksz_rc ksz__export_jsonl(struct ksz_store *st, const struct ksz_filter *f, struct ksz__out *o,
                         struct ksz_error *err);
ksz_rc ksz__export_plain(struct ksz_store *st, const struct ksz_filter *f, struct ksz__out *o,
                         struct ksz_error *err);

#endif
