/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http.c - the HTTP side of `kizashi serve`: libmicrohttpd with a pool of
 * epoll worker threads, optional TLS, limits, a JSON-lines access log, and
 * graceful shutdown.
 *
 * The one decision to know: every worker thread keeps its own store
 * connection (opened on its first request, registered here, closed after
 * the daemon has stopped), so requests never share a SQLite handle. This is
 * also the only file that turns a ksz_rc into an HTTP status.
 *
 * Limits: a body over max_body is refused with 413 before it is read (or as
 * soon as a chunked body passes it); request line and headers over
 * max_header get 431 (or 414 for the URI) from libmicrohttpd; more than
 * max_connections requests at once get 503 with Retry-After; a connection
 * idle for timeout seconds is closed; a handler still working in the store
 * request_timeout milliseconds after it started (the body, if any, read) is
 * stopped there (ksz_store_set_deadline) and answered 503. Work outside the
 * store is bounded by what the store returns, so this bounds the handler.
 *
 * max_header is checked here on the request line and headers as received
 * (431); libmicrohttpd's own per-connection memory pool is max_header + 16
 * KiB, and a request overflowing that gets its answer from libmicrohttpd
 * (431 for headers, 414 for the URI, with libmicrohttpd 0.9.75).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "srv.h"

void srv_feeds_start(struct srv *s);
void srv_feeds_stop(struct srv *s);

#define MMAP_MIB 4096 /* per worker connection: address space, not memory */

static __thread struct ksz_store *tls_store;
static __thread const struct srv *tls_srv;
static volatile long inflight;

void ksz_server_opts_init(struct ksz_server_opts *o)
{
    memset(o, 0, sizeof *o);
    o->host = "127.0.0.1";
    o->port = 8080;
    o->max_body = 64u << 20;
    o->max_header = 16u << 10;
    o->max_connections = 1024;
    o->timeout = 30;
    o->request_timeout = 60000;
    o->feeds = true;
}

static enum MHD_Result add_header_len(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    size_t *total = cls;

    (void)kind;
    *total += strlen(key) + (value != NULL ? strlen(value) : 0) + 4; /* ": " CRLF */
    return MHD_YES;
}

#define LIT(b, lit) ksz_buf_append((b), (lit), sizeof(lit) - 1)
#define OUT_INITIAL 4096 /* most answers fit: no regrowth on the way */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct ksz_store *srv_store(struct srv *s, struct ksz_error *err)
{
    struct ksz_store *st = NULL;

    if (tls_store != NULL && tls_srv == s)
        return tls_store;
    if (ksz_store_open(s->o.db, &st, err) != KSZ_OK)
        return NULL;
    /* lookups touch pages all over the file: map it rather than read() it */
    (void)ksz_store_set_mmap(st, MMAP_MIB, NULL);
    pthread_mutex_lock(&s->lock);
    if (s->n_stores == s->cap_stores) {
        size_t cap = s->cap_stores ? s->cap_stores * 2 : 16;
        struct ksz_store **n = realloc(s->stores, cap * sizeof *n);
        if (n == NULL) {
            pthread_mutex_unlock(&s->lock);
            ksz_store_close(st);
            ksz_error_set(err, KSZ_ERR_NOMEM, "server: out of memory");
            return NULL;
        }
        s->stores = n;
        s->cap_stores = cap;
    }
    s->stores[s->n_stores++] = st;
    pthread_mutex_unlock(&s->lock);
    tls_store = st;
    tls_srv = s;
    return st;
}

int srv_status_for(ksz_rc rc)
{
    switch (rc) {
    case KSZ_OK: return 200;
    case KSZ_ERR_NOTFOUND: return 404;
    case KSZ_ERR_INVALID:
    case KSZ_ERR_PARSE: return 400;
    case KSZ_ERR_LIMIT: return 413;
    case KSZ_ERR_NOMEM: return 503;
    default: return 500;
    }
}

const char *srv_header(struct srv_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->con, MHD_HEADER_KIND, name);
}

void srv_add_header(struct srv_req *r, const char *name, const char *value)
{
    if (r->n_hdr == SRV_HEADERS_MAX)
        return;
    r->hdr[r->n_hdr].name = name;
    snprintf(r->hdr[r->n_hdr].value, sizeof r->hdr[r->n_hdr].value, "%s", value);
    r->n_hdr++;
}

void srv_error(struct srv_req *r, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ksz_buf_reset(&r->out);
    r->status = status;
    if (r->taxii) {
        r->ctype = SRV_TAXII_TYPE;
        ksz_buf_printf(&r->out, "{\"title\":");
        srv_json_str(&r->out, msg);
        ksz_buf_printf(&r->out, ",\"http_status\":\"%d\"}\n", status);
        return;
    }
    r->ctype = "application/json";
    ksz_buf_printf(&r->out, "{\"error\":");
    srv_json_str(&r->out, msg);
    ksz_buf_printf(&r->out, ",\"status\":%d}\n", status);
}

/* ---- request life ------------------------------------------------------ */

/* Wait until ksz_server_run has published mhd and base_url (at once after
 * the first few requests: one atomic load). */
static void wait_ready(struct srv *s)
{
    if (__atomic_load_n(&s->ready, __ATOMIC_ACQUIRE))
        return;
    pthread_mutex_lock(&s->lock);
    while (!__atomic_load_n(&s->ready, __ATOMIC_ACQUIRE))
        pthread_cond_wait(&s->up, &s->lock);
    pthread_mutex_unlock(&s->lock);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
    struct srv *s = cls;
    struct srv_req *r;
    const char *qm;

    wait_ready(s);
    r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->srv = s;
    r->con = con;
    r->t0 = now_ms();
    ksz_buf_init(&r->body, s->o.max_body);
    ksz_buf_init(&r->out, 0);
    (void)ksz_buf_reserve(&r->out, OUT_INITIAL);
    qm = uri != NULL ? strchr(uri, '?') : NULL;
    if (qm != NULL && srv_query_parse(qm + 1, strlen(qm + 1), &r->q, NULL) != KSZ_OK)
        r->bad_query = true;
    __atomic_add_fetch(&inflight, 1, __ATOMIC_SEQ_CST);
    return r;
}

static void log_line(struct srv_req *r, size_t bytes)
{
    struct srv *s = r->srv;
    const union MHD_ConnectionInfo *ci;
    char addr[64] = "-", ts[40], line[3072], frac[3];
    struct ksz_buf b;
    struct timespec now;
    long long us;

    if (s->log_fd < 0)
        return;
    ci = MHD_get_connection_info(r->con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci != NULL && ci->client_addr != NULL) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr,
                      sizeof addr);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                      addr, sizeof addr);
    }
    clock_gettime(CLOCK_REALTIME, &now);
    srv_time_format((int64_t)now.tv_sec, ts, false);
    /* a fixed buffer: one write() per line keeps lines whole between threads */
    b.data = line;
    b.len = 0;
    b.cap = sizeof line;
    b.max = sizeof line - 1;
    /* appends, not printf: this runs for every request */
    us = (long long)((now_ms() - r->t0) * 1000.0 + 0.5);
    frac[0] = (char)('0' + us / 100 % 10);
    frac[1] = (char)('0' + us / 10 % 10);
    frac[2] = (char)('0' + us % 10);
    LIT(&b, "{\"time\":");
    srv_json_str(&b, ts);
    LIT(&b, ",\"remote\":");
    srv_json_str(&b, addr);
    LIT(&b, ",\"method\":");
    srv_json_str(&b, r->method != NULL ? r->method : "-");
    LIT(&b, ",\"path\":");
    srv_json_str(&b, r->path);
    LIT(&b, ",\"status\":");
    srv_json_int(&b, r->status);
    LIT(&b, ",\"bytes\":");
    srv_json_int(&b, (long long)bytes);
    LIT(&b, ",\"ms\":");
    srv_json_int(&b, us / 1000);
    ksz_buf_putc(&b, '.');
    ksz_buf_append(&b, frac, 3);
    LIT(&b, ",\"token\":");
    srv_json_str(&b, r->authed ? r->tok.name : NULL);
    if (b.len + 2 < sizeof line) {
        line[b.len++] = '}';
        line[b.len++] = '\n';
        if (write(s->log_fd, line, b.len) < 0) {
            /* nothing to do: the answer matters more than its log line */
        }
    }
}

static void on_completed(void *cls, struct MHD_Connection *con, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct srv_req *r = *req_cls;

    (void)cls;
    (void)con;
    if (r == NULL)
        return;
    if (r->status == 0)
        r->status = toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? 408 : 499;
    log_line(r, r->out.len);
    ksz_buf_cleanup(&r->body);
    ksz_buf_cleanup(&r->out);
    free(r);
    *req_cls = NULL;
    __atomic_sub_fetch(&inflight, 1, __ATOMIC_SEQ_CST);
}

static enum MHD_Result send_answer(struct srv_req *r)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;

    if (r->status == 0)
        srv_error(r, 500, "no answer");
    resp = MHD_create_response_from_buffer(r->out.len, r->out.data != NULL ? r->out.data : "",
                                           MHD_RESPMEM_MUST_COPY);
    if (resp == NULL)
        return MHD_NO;
    if (r->ctype != NULL && r->status != 304)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
    for (size_t i = 0; i < r->n_hdr; i++)
        MHD_add_response_header(resp, r->hdr[i].name, r->hdr[i].value);
    ret = MHD_queue_response(r->con, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
    struct srv *s = cls;
    struct srv_req *r = *req_cls;
    struct ksz_error err = {0};

    (void)version;
    if (r == NULL)
        return MHD_NO;
    if (r->method == NULL) { /* the first call: headers are in */
        const char *cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        const union MHD_DaemonInfo *di;
        size_t head = strlen(method) + strlen(url) + 11; /* " " " HTTP/1.1" CRLF */

        r->method = method;
        snprintf(r->path, sizeof r->path, "%s", url);
        MHD_get_connection_values(con, MHD_HEADER_KIND, add_header_len, &head);
        if (head > s->o.max_header) {
            srv_error(r, 431, "request line and headers over %zu bytes", s->o.max_header);
            srv_add_header(r, "Connection", "close");
            return send_answer(r);
        }
        if (cl != NULL && strtoull(cl, NULL, 10) > s->o.max_body) {
            srv_error(r, 413, "request body over %zu bytes", s->o.max_body);
            return send_answer(r);
        }
        di = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (di != NULL && di->num_connections > s->o.max_connections) {
            srv_error(r, 503, "too many connections");
            srv_add_header(r, "Retry-After", "1");
            return send_answer(r);
        }
        if (__atomic_load_n(&s->stopping, __ATOMIC_ACQUIRE)) {
            srv_error(r, 503, "shutting down");
            srv_add_header(r, "Connection", "close");
            return send_answer(r);
        }
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (!r->body_too_big &&
            ksz_buf_append(&r->body, upload_data, *upload_data_size) != KSZ_OK)
            r->body_too_big = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->body_too_big) {
        srv_error(r, 413, "request body over %zu bytes", s->o.max_body);
        return send_answer(r);
    }
    if (r->bad_query) {
        srv_error(r, 400, "bad query string");
        return send_answer(r);
    }
    r->st = srv_store(s, &err);
    if (r->st == NULL) {
        srv_error(r, 503, "store: %s", err.msg);
        return send_answer(r);
    }
    if (s->o.request_timeout != 0) {
        r->deadline = now_ms() + s->o.request_timeout;
        ksz_store_set_deadline(r->st, (int64_t)r->deadline);
    }
    srv_route(r);
    if (r->deadline != 0) {
        ksz_store_set_deadline(r->st, 0);
        /* the store stopped the work: its KSZ_ERR_LIMIT became 413 or 500 */
        if ((r->status == 413 || r->status >= 500) && now_ms() > r->deadline)
            srv_error(r, 503, "request took longer than %u ms", s->o.request_timeout);
    }
    return send_answer(r);
}

/* ---- start and stop ---------------------------------------------------- */

static char *read_file(const char *path, struct ksz_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (f == NULL) {
        ksz_error_set(err, KSZ_ERR_IO, "serve: %s: %s", path, strerror(errno));
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < (1 << 20) &&
        fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
        if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        } else {
            buf[n] = '\0';
        }
    }
    fclose(f);
    if (buf == NULL)
        ksz_error_set(err, KSZ_ERR_IO, "serve: %s: cannot read", path);
    return buf;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    struct srv *s = cls;
    if (!s->o.quiet) {
        fputs("kizashi serve: ", stderr);
        vfprintf(stderr, fmt, ap);
    }
}

ksz_rc ksz_server_run(const struct ksz_server_opts *o, struct ksz_error *err)
{
    struct srv *s = calloc(1, sizeof *s);
    struct MHD_Daemon *d = NULL;
    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
    struct sockaddr *sa;
    struct ksz_store *st = NULL;
    char *cert = NULL, *key = NULL;
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    unsigned threads;
    sigset_t set, old;
    ksz_rc rc = KSZ_OK;
    int sig;

    if (s == NULL)
        return ksz_error_set(err, KSZ_ERR_NOMEM, "serve: out of memory");
    s->o = *o;
    s->log_fd = 2;
    s->started = (int64_t)time(NULL);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->up, NULL);
    threads = o->threads ? o->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads == 0 || threads > 256)
        threads = 4;
    /* the store exists and is migrated before anyone connects */
    rc = ksz_store_open(o->db, &st, err);
    if (rc == KSZ_OK)
        rc = srv_auth_init(s, st, err);
    ksz_store_close(st);
    if (rc == KSZ_OK && o->access_log != NULL && strcmp(o->access_log, "-") != 0) {
        s->log_fd = open(o->access_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
        if (s->log_fd < 0)
            rc = ksz_error_set(err, KSZ_ERR_IO, "serve: %s: %s", o->access_log,
                               strerror(errno));
    }
    if (rc == KSZ_OK && (o->cert != NULL) != (o->key != NULL))
        rc = ksz_error_set(err, KSZ_ERR_INVALID, "serve: TLS needs both --cert and --key");
    if (rc == KSZ_OK && o->cert != NULL) {
        cert = read_file(o->cert, err);
        key = cert != NULL ? read_file(o->key, err) : NULL;
        if (key == NULL)
            rc = KSZ_ERR_IO;
        flags |= MHD_USE_TLS;
    }
    memset(&sin, 0, sizeof sin);
    memset(&sin6, 0, sizeof sin6);
    if (inet_pton(AF_INET, o->host, &sin.sin_addr) == 1) {
        sin.sin_family = AF_INET;
        sin.sin_port = htons((uint16_t)o->port);
        sa = (struct sockaddr *)&sin;
    } else if (inet_pton(AF_INET6, o->host, &sin6.sin6_addr) == 1) {
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = htons((uint16_t)o->port);
        sa = (struct sockaddr *)&sin6;
        flags |= MHD_USE_IPv6;
    } else {
        sa = NULL;
        if (rc == KSZ_OK)
            rc = ksz_error_set(err, KSZ_ERR_INVALID,
                               "serve: --listen: '%s' is not an IPv4 or IPv6 address", o->host);
    }
    /* workers inherit this mask: only this thread takes SIGTERM and SIGINT */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    if (rc == KSZ_OK) {
        struct MHD_OptionItem tls[] = {
            {cert != NULL ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
            {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
            {MHD_OPTION_END, 0, NULL}};
        d = MHD_start_daemon(
            flags, (uint16_t)o->port, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER,
            mhd_log, s, MHD_OPTION_SOCK_ADDR, sa,
            MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
            o->max_connections + 64, MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(o->max_header + 16384),
            MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
            s, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
            MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
        if (d == NULL)
            rc = ksz_error_set(err, KSZ_ERR_IO, "serve: cannot listen on %s:%u", o->host,
                               o->port);
    }
    if (rc == KSZ_OK) {
        const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        unsigned port = di != NULL ? di->port : o->port;
        s->mhd = d;
        if (o->base_url != NULL)
            snprintf(s->base_url, sizeof s->base_url, "%s", o->base_url);
        else
            snprintf(s->base_url, sizeof s->base_url, "%s://%s%s%s:%u",
                     cert != NULL ? "https" : "http", sa == (struct sockaddr *)&sin6 ? "[" : "",
                     o->host, sa == (struct sockaddr *)&sin6 ? "]" : "", port);
        pthread_mutex_lock(&s->lock);
        __atomic_store_n(&s->ready, 1, __ATOMIC_RELEASE);
        pthread_cond_broadcast(&s->up);
        pthread_mutex_unlock(&s->lock);
        if (o->port_file != NULL) {
            char tmp[4096];
            FILE *pf;
            snprintf(tmp, sizeof tmp, "%s.tmp", o->port_file);
            pf = fopen(tmp, "w");
            if (pf != NULL) {
                fprintf(pf, "%u\n", port);
                if (fclose(pf) == 0)
                    rename(tmp, o->port_file);
            }
        }
        if (!o->quiet)
            fprintf(stderr, "kizashi serve: listening on %s (%u threads, store %s)\n",
                    s->base_url, threads, o->db);
        if (o->feeds)
            srv_feeds_start(s);
        for (;;) {
            sig = 0;
            if (sigwait(&set, &sig) != 0 || sig == SIGTERM || sig == SIGINT)
                break;
        }
        /* stop taking connections, let requests in flight finish (10 s at most) */
        __atomic_store_n(&s->stopping, 1, __ATOMIC_RELEASE);
        {
            MHD_socket ls = MHD_quiesce_daemon(d);
            double until = now_ms() + 10000;
            if (ls != MHD_INVALID_SOCKET)
                close(ls);
            while (__atomic_load_n(&inflight, __ATOMIC_SEQ_CST) > 0 && now_ms() < until)
                usleep(10000);
        }
        if (o->feeds)
            srv_feeds_stop(s);
        MHD_stop_daemon(d);
        if (!o->quiet)
            fprintf(stderr, "kizashi serve: stopped (signal %d)\n", sig);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    for (size_t i = 0; i < s->n_stores; i++)
        ksz_store_close(s->stores[i]);
    free(s->stores);
    if (s->log_fd > 2)
        close(s->log_fd);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->up);
    free(cert);
    free(key);
    free(s);
    return rc;
}
