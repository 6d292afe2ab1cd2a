/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http.c - GET over libcurl for feeds: conditional requests, retries with
 * backoff, a body cap, timeouts, cancellation.
 *
 * The one decision to know: only the body of a 2xx answer reaches the
 * caller's sink, and a retry after bytes were delivered happens only when
 * the sink can drop them (restart). So a feed importer never sees half a
 * body followed by a whole one, nor an HTML error page as data.
 *
 * TLS peers are always verified (libcurl's defaults are left alone), only
 * http and https are spoken (also after redirects), and an Authorization
 * header is not sent on to another host after a redirect (libcurl's rule).
 */
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "core/core_int.h"
#include "kizashi/net.h"

#define SNIPPET_MAX 200
#define URL_SHOWN 160

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_OK;

static void curl_setup(void)
{
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

void ksz_http_opts_init(struct ksz_http_opts *o)
{
    memset(o, 0, sizeof *o);
    o->max_body = (uint64_t)256 << 20;
    o->connect_timeout = 15;
    o->timeout = 300;
    o->retries = 4;
    o->backoff_ms = 500;
    o->backoff_max_ms = 30000;
}

/* One attempt's state, shared with libcurl's callbacks. */
struct xfer {
    const struct ksz_http_opts *o;
    const struct ksz_http_sink *sink;
    struct ksz_http_result *res;
    struct ksz_error *err;
    ksz_rc rc;                      /* set by a callback that stopped the transfer */
    long status;                    /* of the latest status line */
    int64_t retry_after;            /* seconds; -1 = none */
    uint64_t delivered;             /* body bytes given to the sink, all attempts */
    char snippet[SNIPPET_MAX + 1];  /* start of a non-2xx body */
    size_t snip_len;
};

static bool cancelled(const struct ksz_http_opts *o)
{
    return o->cancel != NULL && __atomic_load_n(o->cancel, __ATOMIC_RELAXED) != 0;
}

static void trim(const char *v, size_t n, char *out, size_t cap)
{
    while (n > 0 && (*v == ' ' || *v == '\t')) {
        v++;
        n--;
    }
    while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' ' ||
                     v[n - 1] == '\t'))
        n--;
    if (n >= cap)
        n = cap - 1;   /* a validator too long to keep is sent back cut: no match, a 200 */
    memcpy(out, v, n);
    out[n] = '\0';
}

static bool header_is(const char *line, size_t n, const char *name, const char **val,
                      size_t *vlen)
{
    size_t k = strlen(name);
    if (n <= k || line[k] != ':' || strncasecmp(line, name, k) != 0)
        return false;
    *val = line + k + 1;
    *vlen = n - k - 1;
    return true;
}

/* Retry-After: delta-seconds or an HTTP date. */
static int64_t retry_after_parse(const char *v, size_t n)
{
    char tmp[64];
    int64_t secs = 0;
    time_t t;
    size_t i = 0;

    trim(v, n, tmp, sizeof tmp);
    if (tmp[0] >= '0' && tmp[0] <= '9') {
        for (i = 0; tmp[i] >= '0' && tmp[i] <= '9' && secs < 86400; i++)
            secs = secs * 10 + (tmp[i] - '0');
        return tmp[i] == '\0' || secs >= 86400 ? secs : -1;
    }
    t = curl_getdate(tmp, NULL);
    if (t == (time_t)-1)
        return -1;
    secs = (int64_t)t - (int64_t)time(NULL);
    return secs < 0 ? 0 : secs;
}

static size_t on_header(char *line, size_t size, size_t nitems, void *user)
{
    struct xfer *x = user;
    size_t n = size * nitems;
    const char *v;
    size_t vlen;
    struct ksz_http_result *res = x->res;

    if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
        /* a new answer (after a redirect or a 100): forget the last one's headers */
        const char *sp = memchr(line, ' ', n);
        x->status = 0;
        if (sp != NULL)
            for (sp++; sp < line + n && *sp >= '0' && *sp <= '9'; sp++)
                x->status = x->status * 10 + (*sp - '0');
        res->etag[0] = res->last_modified[0] = res->content_type[0] = '\0';
        res->date_added_last[0] = '\0';
        x->retry_after = -1;
    } else if (header_is(line, n, "ETag", &v, &vlen)) {
        trim(v, vlen, res->etag, sizeof res->etag);
    } else if (header_is(line, n, "Last-Modified", &v, &vlen)) {
        trim(v, vlen, res->last_modified, sizeof res->last_modified);
    } else if (header_is(line, n, "Content-Type", &v, &vlen)) {
        trim(v, vlen, res->content_type, sizeof res->content_type);
    } else if (header_is(line, n, "X-TAXII-Date-Added-Last", &v, &vlen)) {
        trim(v, vlen, res->date_added_last, sizeof res->date_added_last);
    } else if (header_is(line, n, "Retry-After", &v, &vlen)) {
        x->retry_after = retry_after_parse(v, vlen);
    }
    return n;
}

static size_t on_body(char *buf, size_t size, size_t nmemb, void *user)
{
    struct xfer *x = user;
    size_t n = size * nmemb;

    if (x->status < 200 || x->status > 299) {
        size_t k = SNIPPET_MAX - x->snip_len;
        if (k > n)
            k = n;
        memcpy(x->snippet + x->snip_len, buf, k);
        x->snip_len += k;
        x->snippet[x->snip_len] = '\0';
        return n;
    }
    if (x->res->bytes + n > x->o->max_body) {
        x->rc = ksz_error_set(x->err, KSZ_ERR_LIMIT, "http: body over %llu bytes",
                              (unsigned long long)x->o->max_body);
        return 0;
    }
    if (x->sink != NULL && x->sink->write != NULL && n > 0) {
        ksz_rc rc = x->sink->write(x->sink->user, buf, n);
        if (rc != KSZ_OK) {
            x->rc = ksz_error_set(x->err, rc, "http: storing the body: %s", ksz_strerror(rc));
            return 0;
        }
    }
    x->res->bytes += n;
    x->delivered += n;
    return n;
}

static int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    struct xfer *x = user;
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    return cancelled(x->o) ? 1 : 0;
}

/* Printable, at most 64 bytes, control bytes escaped. */
static void quote(const char *s, size_t n, char *out, size_t cap)
{
    size_t j = 0;
    for (size_t i = 0; i < n && i < 64 && j + 5 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            j += (size_t)snprintf(out + j, cap - j, "\\x%02x", c);
        else
            out[j++] = (char)c;
    }
    out[j] = '\0';
}

static struct curl_slist *headers_for(const struct ksz_http_opts *o, bool *oom)
{
    struct curl_slist *h = NULL, *t;
    char line[1024];
    const char *vals[4][2] = {{"If-None-Match", o->etag},
                              {"If-Modified-Since", o->last_modified},
                              {"Accept", o->accept},
                              {"Authorization", o->bearer}};

    *oom = false;
    for (size_t i = 0; i < 4; i++) {
        if (vals[i][1] == NULL || vals[i][1][0] == '\0')
            continue;
        if (strpbrk(vals[i][1], "\r\n") != NULL)
            continue;   /* never let a stored value add headers */
        snprintf(line, sizeof line, "%s: %s%s", vals[i][0], i == 3 ? "Bearer " : "",
                 vals[i][1]);
        t = curl_slist_append(h, line);
        if (t == NULL) {
            *oom = true;
            break;
        }
        h = t;
    }
    return h;
}

static void setup(CURL *c, const struct ksz_http_opts *o, struct curl_slist *h, struct xfer *x,
                  char *errbuf)
{
    curl_easy_setopt(c, CURLOPT_URL, o->url);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)o->connect_timeout);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)o->timeout);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_USERAGENT, "kizashi/" KSZ_VERSION);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, x);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    if (o->max_body > 0)
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
}

/* A network error worth another try (not a bad URL, TLS trust or our own stop). */
static bool transient(CURLcode cc)
{
    switch (cc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

static unsigned jitter_rand(void)
{
    static __thread unsigned state;
    struct timespec ts;
    if (state == 0) {
        clock_gettime(CLOCK_MONOTONIC, &ts);
        state = (unsigned)ts.tv_nsec ^ (unsigned)(uintptr_t)&ts ^ 0x9e3779b9u;
        if (state == 0)
            state = 1;
    }
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

/* The wait before retry n (0-based): backoff * 2^n, jittered down to
 * half, or Retry-After; at most backoff_max_ms. */
static unsigned wait_ms(const struct ksz_http_opts *o, unsigned n, int64_t retry_after)
{
    uint64_t d = o->backoff_ms;
    for (unsigned i = 0; i < n && d < o->backoff_max_ms; i++)
        d *= 2;
    if (d > o->backoff_max_ms)
        d = o->backoff_max_ms;
    d = d / 2 + (d > 1 ? jitter_rand() % (d / 2 + 1) : 0);
    if (retry_after >= 0 && (uint64_t)retry_after * 1000 > d)
        d = (uint64_t)retry_after * 1000;
    return (unsigned)(d > o->backoff_max_ms ? o->backoff_max_ms : d);
}

/* Sleep ms in slices, stopping early when cancelled. */
static bool sleep_ms(const struct ksz_http_opts *o, unsigned ms)
{
    while (ms > 0) {
        unsigned slice = ms > 50 ? 50 : ms;
        struct timespec ts = {0, (long)slice * 1000000L};
        if (cancelled(o))
            return false;
        nanosleep(&ts, NULL);
        ms -= slice;
    }
    return !cancelled(o);
}

static const char *shown(const char *url, char buf[URL_SHOWN + 4])
{
    size_t n = strlen(url);
    if (n <= URL_SHOWN)
        return url;
    memcpy(buf, url, URL_SHOWN);
    memcpy(buf + URL_SHOWN, "...", 4);
    return buf;
}

ksz_rc ksz_http_get(const struct ksz_http_opts *o, const struct ksz_http_sink *sink,
                    struct ksz_http_result *res, struct ksz_error *err)
{
    struct ksz_http_result local;
    struct curl_slist *h = NULL;
    struct xfer x;
    char errbuf[CURL_ERROR_SIZE], q[300], ub[URL_SHOWN + 4];
    CURL *c = NULL;
    bool oom;
    ksz_rc rc = KSZ_OK;

    if (res == NULL)
        res = &local;
    memset(res, 0, sizeof *res);
    if (o->url == NULL || (strncasecmp(o->url, "http://", 7) != 0 &&
                           strncasecmp(o->url, "https://", 8) != 0))
        return ksz_error_set(err, KSZ_ERR_INVALID, "http: expected an http:// or https:// URL, "
                             "found '%.64s'", o->url != NULL ? o->url : "");
    pthread_once(&curl_once, curl_setup);
    if (curl_init_rc != CURLE_OK)
        return ksz_error_set(err, KSZ_ERR_IO, "http: libcurl: %s",
                             curl_easy_strerror(curl_init_rc));
    h = headers_for(o, &oom);
    c = oom ? NULL : curl_easy_init();
    if (c == NULL) {
        curl_slist_free_all(h);
        return ksz_error_set(err, KSZ_ERR_NOMEM, "http: out of memory");
    }
    memset(&x, 0, sizeof x);
    x.o = o;
    x.sink = sink;
    x.res = res;
    x.err = err;
    for (unsigned attempt = 0;; attempt++) {
        CURLcode cc;
        bool retry = false;

        x.rc = KSZ_OK;
        x.status = 0;
        x.retry_after = -1;
        x.snip_len = 0;
        x.snippet[0] = '\0';
        errbuf[0] = '\0';
        res->bytes = 0;
        setup(c, o, h, &x, errbuf);
        cc = curl_easy_perform(c);
        res->attempts = attempt + 1;
        res->status = x.status;
        if (cc == CURLE_OK)
            curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
        if (x.rc != KSZ_OK) {
            rc = x.rc;   /* the cap or the sink said stop; err is filled */
            break;
        }
        if (cc == CURLE_ABORTED_BY_CALLBACK || cancelled(o)) {
            rc = ksz_error_set(err, KSZ_ERR_IO, "http: GET %s: cancelled", shown(o->url, ub));
            break;
        }
        if (cc == CURLE_FILESIZE_EXCEEDED) {
            rc = ksz_error_set(err, KSZ_ERR_LIMIT, "http: GET %s: body over %llu bytes",
                               shown(o->url, ub), (unsigned long long)o->max_body);
            break;
        }
        if (cc != CURLE_OK) {
            rc = ksz_error_set(err, cc == CURLE_OUT_OF_MEMORY ? KSZ_ERR_NOMEM : KSZ_ERR_IO,
                               "http: GET %s: %s (attempt %u)", shown(o->url, ub),
                               errbuf[0] ? errbuf : curl_easy_strerror(cc), attempt + 1);
            retry = transient(cc);
        } else if (res->status == 304) {
            res->not_modified = true;
            rc = KSZ_OK;
        } else if (res->status >= 200 && res->status <= 299) {
            rc = KSZ_OK;
        } else {
            quote(x.snippet, x.snip_len, q, sizeof q);
            rc = ksz_error_set(err, res->status == 404 || res->status == 410 ? KSZ_ERR_NOTFOUND
                                                                               : KSZ_ERR_IO,
                               "http: GET %s: HTTP %ld (attempt %u)%s%s", shown(o->url, ub),
                               res->status, attempt + 1, q[0] ? ": " : "", q);
            retry = res->status >= 500 || res->status == 429 || res->status == 408;
        }
        if (!retry || attempt >= o->retries)
            break;
        if (x.delivered > 0) {
            if (sink == NULL || sink->restart == NULL)
                break;
            sink->restart(sink->user);
            x.delivered = 0;
        }
        if (!sleep_ms(o, wait_ms(o, attempt, x.retry_after))) {
            rc = ksz_error_set(err, KSZ_ERR_IO, "http: GET %s: cancelled", shown(o->url, ub));
            break;
        }
    }
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    return rc;
}

/* ---- sinks: a buffer, a file ------------------------------------------- */

struct bufsink {
    struct ksz_buf *b;
    size_t start;
};

static ksz_rc buf_write(void *user, const char *p, size_t n)
{
    struct bufsink *s = user;
    return ksz_buf_append(s->b, p, n);
}

static void buf_restart(void *user)
{
    struct bufsink *s = user;
    s->b->len = s->start;
    if (s->b->data != NULL)
        s->b->data[s->start] = '\0';
}

ksz_rc ksz_http_get_buf(const struct ksz_http_opts *o, struct ksz_buf *b,
                        struct ksz_http_result *res, struct ksz_error *err)
{
    struct bufsink s = {b, b->len};
    struct ksz_http_sink sink = {buf_write, buf_restart, &s};
    return ksz_http_get(o, &sink, res, err);
}

struct fdsink {
    int fd;
    off_t start;
    int errno_;
};

static ksz_rc fd_write(void *user, const char *p, size_t n)
{
    struct fdsink *s = user;
    while (n > 0) {
        ssize_t w = write(s->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            s->errno_ = errno;
            return KSZ_ERR_IO;
        }
        p += w;
        n -= (size_t)w;
    }
    return KSZ_OK;
}

static void fd_restart(void *user)
{
    struct fdsink *s = user;
    if (ftruncate(s->fd, s->start) != 0 || lseek(s->fd, s->start, SEEK_SET) < 0)
        s->errno_ = errno;
}

ksz_rc ksz_http_get_fd(const struct ksz_http_opts *o, int fd, struct ksz_http_result *res,
                       struct ksz_error *err)
{
    struct fdsink s = {fd, lseek(fd, 0, SEEK_CUR), 0};
    struct ksz_http_sink sink = {fd_write, fd_restart, &s};
    ksz_rc rc;

    if (s.start < 0)
        s.start = 0;
    rc = ksz_http_get(o, &sink, res, err);
    if (rc == KSZ_ERR_IO && s.errno_ != 0)
        rc = ksz_error_set(err, KSZ_ERR_IO, "http: writing the body: %s", strerror(s.errno_));
    return rc;
}
