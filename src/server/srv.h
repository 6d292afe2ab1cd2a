/* SPDX-License-Identifier: Apache-2.0 */
/*
 * srv.h - what the files of the daemon share: the daemon, one request with
 * its parsed query string, body and answer, and the helpers that write
 * answers.
 *
 * A request is handled whole on one worker thread, which owns one store
 * connection (opened on the thread's first request, closed at shutdown):
 * the store is not thread-safe, and connections per thread let SQLite's WAL
 * serve reads in parallel. Handlers fill req->out and req->status; only
 * http.c talks to libmicrohttpd.
 */
#ifndef KSZ_SRV_H
#define KSZ_SRV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <kizashi/buf.h>
#include <kizashi/daemon.h>
#include <kizashi/server.h>

#define SRV_QUERY_MAX 64         /* query parameters kept; more is 400 */
#define SRV_QUERY_BYTES 8192     /* decoded query string */
#define SRV_HEADERS_MAX 8        /* extra answer headers */
#define SRV_API_ROOT "api1"
#define SRV_TAXII_TYPE "application/taxii+json;version=2.1"
#define SRV_STIX_TYPE "application/stix+json;version=2.1"

struct srv_kv {
    const char *k, *v;
    size_t klen, vlen;
};

/* A query string, percent-decoded ('+' is a space), in order. */
struct srv_query {
    size_t n;
    struct srv_kv kv[SRV_QUERY_MAX];
    char mem[SRV_QUERY_BYTES];
};

/* Parse "a=1&b=x%20y" (the part after '?'; len bytes, need not end in NUL).
 * KSZ_ERR_LIMIT past SRV_QUERY_MAX pairs or SRV_QUERY_BYTES, KSZ_ERR_PARSE
 * on a bad %-escape or a NUL. Never allocates. */
ksz_rc srv_query_parse(const char *s, size_t len, struct srv_query *q, struct ksz_error *err);
/* The first value of key, or NULL. */
const char *srv_query_get(const struct srv_query *q, const char *key);

struct srv_collection;

/* Workers may take a request as soon as libmicrohttpd listens, before
 * ksz_server_run has filled in mhd and base_url: a request waits for
 * ready (set under lock, with a broadcast of up) before it reads them. */
struct srv {
    struct ksz_server_opts o;
    char base_url[256];            /* written before ready */
    unsigned char token_key[32];
    pthread_mutex_t lock;          /* stores[], n_stores, ready */
    pthread_cond_t up;             /* ready became 1 */
    int ready;                     /* atomic: mhd and base_url are set */
    struct ksz_store **stores;
    size_t n_stores, cap_stores;
    int log_fd;
    int stopping;                  /* atomic: set once at shutdown */
    void *mhd;                     /* struct MHD_Daemon; written before ready */
    int64_t started;
};

struct srv_req {
    struct srv *srv;
    void *con;                     /* struct MHD_Connection */
    const char *method;
    char path[2048];               /* decoded path, no query */
    struct srv_query q;
    bool bad_query;
    struct ksz_buf body;
    bool body_too_big;
    struct ksz_store *st;
    bool taxii;                    /* errors in TAXII's error resource format */
    /* the caller */
    bool authed;
    struct ksz_token tok;
    char tokbuf[1024];
    /* the answer */
    int status;
    const char *ctype;
    struct ksz_buf out;
    size_t n_hdr;
    struct { const char *name; char value[256]; } hdr[SRV_HEADERS_MAX];
    double t0;
    double deadline;               /* now_ms() past which the store stops; 0 = none */
};

/* http.c */
const char *srv_header(struct srv_req *r, const char *name);
void srv_add_header(struct srv_req *r, const char *name, const char *value);
/* The HTTP status for a library error. */
int srv_status_for(ksz_rc rc);
/* A JSON error answer {"error":"...","status":N}; under /taxii2/ a TAXII
 * error resource {"title":...,"http_status":"N"}. */
void srv_error(struct srv_req *r, int status, const char *fmt, ...) KSZ_PRINTF(3, 4);
/* The store connection of the calling thread. */
struct ksz_store *srv_store(struct srv *s, struct ksz_error *err);

/* router.c */
void srv_route(struct srv_req *r);

/* auth.c */
ksz_rc srv_auth_init(struct srv *s, struct ksz_store *st, struct ksz_error *err);
/* Authenticate the request (401 written and false when not). */
bool srv_auth(struct srv_req *r);
/* Forget every thread's checked tokens (after a revoke): the next request
 * with any token goes to the store again. Thread-safe. */
void srv_auth_forget(void);
/* True when the caller's role is at least role; else 403 written. */
bool srv_require(struct srv_req *r, ksz_role role);
/* A filter carrying the caller's TLP ceiling. */
void srv_filter_init(struct srv_req *r, struct ksz_filter *f);
/* May the caller see something at this TLP? */
bool srv_tlp_ok(const struct srv_req *r, ksz_tlp t);
/* May the caller use this collection (by name)? */
bool srv_collection_ok(const struct srv_req *r, const char *name);
/* Audit one write. */
void srv_audit(struct srv_req *r, const char *action, const char *object, const char *detail);

/* json.c */
void srv_json_str(struct ksz_buf *b, const char *s);          /* "..." or null */
void srv_json_kv(struct ksz_buf *b, bool comma, const char *k, const char *s);
void srv_json_time(struct ksz_buf *b, int64_t t);             /* "2024-...Z" or null */
void srv_json_int(struct ksz_buf *b, long long v);
void srv_json_list(struct ksz_buf *b, const struct ksz_strlist *l);
char *srv_time_format(int64_t t, char buf[40], bool millis);
/* RFC 3339 (with optional fraction, Z or offset) to Unix seconds (and
 * microseconds). */
bool srv_time_parse(const char *s, size_t len, int64_t *sec, int *usec);
void srv_json_indicator(struct ksz_buf *b, const struct ksz_indicator *ind,
                        const struct ksz_indicator_state *state);

/* api_*.c: each handles one resource; sub is what follows its prefix. */
void srv_api_indicators(struct srv_req *r, const char *sub);
void srv_api_import(struct srv_req *r);
void srv_api_reports(struct srv_req *r, const char *sub);
void srv_api_threats(struct srv_req *r, const char *sub);
void srv_api_sightings(struct srv_req *r);
void srv_api_export(struct srv_req *r, const char *target);
void srv_api_stats(struct srv_req *r);
void srv_api_tokens(struct srv_req *r);
void srv_api_audit(struct srv_req *r);
void srv_api_feeds(struct srv_req *r);
void srv_taxii(struct srv_req *r, const char *sub);

#endif
