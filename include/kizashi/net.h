/* SPDX-License-Identifier: Apache-2.0 */
/*
 * net.h - fetching feeds: an HTTP client on libcurl (conditional requests,
 * retries with backoff, a body cap, timeouts, TLS verification always on),
 * a TAXII 2.1 client (discovery, API root, collection, objects paged with
 * added_after and next), and the run of one stored feed into the store.
 *
 * Nothing here keeps global state but libcurl's own, set up once on first
 * use. Every function is safe to call from several threads at once, each
 * with its own store connection.
 */
#ifndef KIZASHI_NET_H
#define KIZASHI_NET_H

#include "kizashi/buf.h"
#include "kizashi/daemon.h"
#include "kizashi/formats.h"

/* ---- HTTP GET ---------------------------------------------------------- */

/* Where the body of a 2xx answer goes. write gets the bytes as they come
 * (a non-OK return aborts the transfer and is returned as is). Before a
 * retry that follows delivered bytes, restart is called so the sink can drop
 * them; without restart, such a transfer is not retried. Bodies of other
 * answers never reach the sink (their first 200 bytes go into the error
 * message). */
struct ksz_http_sink {
    ksz_rc (*write)(void *user, const char *buf, size_t len);
    void (*restart)(void *user);
    void *user;
};

struct ksz_http_opts {
    const char *url;            /* http:// or https:// only */
    const char *etag;           /* sent as If-None-Match; NULL = none */
    const char *last_modified;  /* sent as If-Modified-Since; NULL = none */
    const char *bearer;         /* sent as Authorization: Bearer ...; NULL = none */
    const char *accept;         /* Accept header; NULL = none */
    uint64_t max_body;          /* bytes; past it KSZ_ERR_LIMIT (default 256 MiB) */
    unsigned connect_timeout;   /* seconds (default 15) */
    unsigned timeout;           /* seconds for one attempt, whole (default 300) */
    unsigned retries;           /* attempts after the first (default 4) */
    unsigned backoff_ms;        /* first wait; doubles each retry, with jitter (default 500) */
    unsigned backoff_max_ms;    /* longest wait, Retry-After included (default 30000) */
    /* Optional: when *cancel becomes non-zero, a transfer or a wait stops
     * with KSZ_ERR_IO ("cancelled"), a wait within 50 ms, a transfer within
     * about a second (libcurl's progress callback). */
    const volatile int *cancel;
};
void ksz_http_opts_init(struct ksz_http_opts *o);

/* What the final attempt got. Strings are NUL-terminated, "" when absent. */
struct ksz_http_result {
    long status;                /* HTTP status; 0 when no answer came */
    bool not_modified;          /* 304 */
    unsigned attempts;
    uint64_t bytes;             /* body bytes given to the sink */
    char etag[256];
    char last_modified[64];
    char content_type[128];
    char date_added_last[64];   /* X-TAXII-Date-Added-Last */
};

/* GET o->url. Retried (up to o->retries times, waiting backoff_ms * 2^n
 * with jitter, or what Retry-After asks, capped at backoff_max_ms) on a
 * network error, 5xx or 429. A 2xx body goes to sink; 304 sets
 * not_modified and returns KSZ_OK with no body.
 * Returns KSZ_OK (2xx or 304), KSZ_ERR_NOTFOUND (404 or 410), KSZ_ERR_IO
 * (network error, other statuses, cancelled), KSZ_ERR_LIMIT (body over
 * max_body), KSZ_ERR_INVALID (a URL that is not http(s)), or the sink's
 * error. *res (optional) is filled in every case. Thread-safe. */
ksz_rc ksz_http_get(const struct ksz_http_opts *o, const struct ksz_http_sink *sink,
                    struct ksz_http_result *res, struct ksz_error *err);
/* The same, into b (its cap applies too), or appended to the open file fd
 * (truncated to its length at the call before a retry). */
ksz_rc ksz_http_get_buf(const struct ksz_http_opts *o, struct ksz_buf *b,
                        struct ksz_http_result *res, struct ksz_error *err);
ksz_rc ksz_http_get_fd(const struct ksz_http_opts *o, int fd, struct ksz_http_result *res,
                       struct ksz_error *err);

/* Resolve ref against base (RFC 3986: absolute, "/path", or relative) into
 * out. KSZ_ERR_LIMIT when it does not fit. Pure; thread-safe. */
ksz_rc ksz_url_resolve(const char *base, const char *ref, char *out, size_t cap,
                       struct ksz_error *err);

/* ---- TAXII 2.1 client -------------------------------------------------- */

#define KSZ_TAXII_MEDIA_TYPE "application/taxii+json;version=2.1"

/* What a page of objects (a TAXII envelope) says about paging. */
struct ksz_taxii_envelope {
    size_t n_objects;           /* elements of "objects" (0 when absent) */
    bool more;
    char next[256];             /* "" when absent */
};

/* Check that buf[0..len) is a TAXII envelope: a JSON object whose
 * "objects", when present, is an array of objects, "more" a boolean and
 * "next" a string (at most 255 bytes). KSZ_ERR_PARSE otherwise (with the
 * byte offset for bad JSON). Never keeps buf. Thread-safe. */
ksz_rc ksz_taxii_envelope_parse(const char *buf, size_t len, struct ksz_taxii_envelope *out,
                                struct ksz_error *err);

/* Called with each envelope that holds objects (borrowed for the call). */
typedef ksz_rc (*ksz_taxii_page_cb)(void *user, const char *buf, size_t len,
                                    const struct ksz_taxii_envelope *env);

struct ksz_taxii_pull_opts {
    struct ksz_http_opts http;  /* url: a discovery URL (".../taxii2/") or an API root;
                                   bearer, timeouts, retries, cancel as for a GET */
    const char *collection;     /* id, alias or title; NULL = the only collection */
    const char *added_after;    /* from the last pull; NULL = everything */
    unsigned limit;             /* objects per page asked for (default 1000) */
    unsigned max_pages;         /* stop with KSZ_ERR_LIMIT past it (default 100000) */
};
void ksz_taxii_pull_opts_init(struct ksz_taxii_pull_opts *o);

struct ksz_taxii_pull_result {
    char api_root[512];
    char collection_id[128];
    uint64_t pages, objects;
    char added_last[64];        /* X-TAXII-Date-Added-Last of the last page with objects;
                                   "" when none came */
};

/* Discovery (or the API root given) -> the collection -> its objects, from
 * added_after, following "next" while "more" is true. Every request sends
 * Accept: application/taxii+json;version=2.1. Stops at the first error (a
 * callback's error is returned as is). Thread-safe. */
ksz_rc ksz_taxii_pull(const struct ksz_taxii_pull_opts *o, ksz_taxii_page_cb cb, void *user,
                      struct ksz_taxii_pull_result *res, struct ksz_error *err);

/* ---- running a stored feed -------------------------------------------- */

/* The import options a feed keeps in its options column, "key=value;..."
 * with '%', ';' and '=' in values written %XX. Keys: tlp, confidence,
 * valid_for (seconds), usage, columns, delimiter, token, token_env. */
struct ksz_feed_options {
    ksz_tlp tlp;
    int confidence;             /* -1 = unset */
    int64_t valid_for;          /* 0 = unset */
    uint32_t usage;
    char usage_text[256];
    char columns[256];
    char delimiter;
    char token[256];
    char token_env[128];
};
/* Parse s (NULL or "" gives the defaults). KSZ_ERR_PARSE names the key. */
ksz_rc ksz_feed_options_parse(const char *s, size_t len, struct ksz_feed_options *out,
                              struct ksz_error *err);
/* Write o back as text (only what is set) into b. */
ksz_rc ksz_feed_options_format(const struct ksz_feed_options *o, struct ksz_buf *b);

/* Formats a feed may have: "stix", "misp-feed", "csv", "text", "taxii" (and
 * "misp", "plain", "jsonl"). */
bool ksz_feed_format_ok(const char *format);

/* When the feed is next due: now for a feed never run; last_run + every
 * after a success; after n failures in a row, sooner: last_run +
 * min(every, 30 s * 2^(n-1)). */
int64_t ksz_feed_next_due(const struct ksz_feed *f);

struct ksz_feed_run_opts {
    const volatile int *cancel;     /* as in ksz_http_opts */
    unsigned retries;               /* HTTP retries (default 4) */
    unsigned backoff_ms;            /* (default 500) */
    uint64_t max_body;              /* per request (default 256 MiB) */
};
void ksz_feed_run_opts_init(struct ksz_feed_run_opts *o);

struct ksz_feed_outcome {
    bool ok;
    bool not_modified;              /* 304: nothing fetched, nothing imported */
    struct ksz_import_summary sum;
    uint64_t requests;              /* HTTP requests that got an answer */
    uint64_t bytes;
};

/* Run the feed named name now: fetch (conditionally, with the stored ETag
 * and Last-Modified; TAXII from the stored added_after), import with the
 * feed's options (source = the feed's name; each fetched input one
 * transaction), and record the pull in the feeds table: last_run, and
 * last_success, last_count, the validators and added_after on success, or
 * last_error and failures + 1 on failure. *out (optional) says what
 * happened. Returns KSZ_OK when the pull succeeded, else its error (which
 * is also what last_error holds); KSZ_ERR_NOTFOUND when there is no such
 * feed. Uses st only from the calling thread. */
ksz_rc ksz_feed_run(struct ksz_store *st, const char *name, const struct ksz_feed_run_opts *o,
                    struct ksz_feed_outcome *out, struct ksz_error *err);

/* The feed due first: its name into name (cap bytes) and when it is due.
 * KSZ_ERR_NOTFOUND when there are no feeds. */
ksz_rc ksz_feed_next(struct ksz_store *st, char *name, size_t cap, int64_t *due,
                     struct ksz_error *err);

#endif
