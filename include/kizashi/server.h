/* SPDX-License-Identifier: Apache-2.0 */
/*
 * server.h - the kizashi daemon (`kizashi serve`): REST API under /api/v1/,
 * TAXII 2.1 under /taxii2/, a health endpoint, over one store; and the API
 * tokens it accepts.
 *
 * Every answer is filtered by the caller's token: its role (reader, analyst,
 * admin), its TLP ceiling (TLP:RED only to tokens created with allow_red)
 * and its collections. The daemon is built as its own library
 * (libkizashi_server: libmicrohttpd, libsodium, libcurl) so that libkizashi
 * needs none of them.
 */
#ifndef KIZASHI_SERVER_H
#define KIZASHI_SERVER_H

#include "kizashi/daemon.h"

struct ksz_server_opts {
    const char *db;            /* store path */
    const char *host;          /* "127.0.0.1" */
    unsigned port;             /* 0: any free port (see port_file) */
    unsigned threads;          /* worker threads; 0: the number of CPUs */
    const char *cert, *key;    /* PEM files: TLS when both are set */
    size_t max_body;           /* bytes; 413 past it (default 64 MiB) */
    size_t max_header;         /* bytes of request line + headers; 431 past it (default 16 KiB) */
    unsigned max_connections;  /* 503 past it (default 1024) */
    unsigned timeout;          /* seconds a connection may idle (default 30) */
    unsigned request_timeout;  /* milliseconds a request may spend in the store; past it the
                                  store work is stopped and the answer is 503 (default
                                  60000; 0 = no limit) */
    const char *access_log;    /* JSON lines; "-" = stderr (default), NULL = "-" */
    const char *port_file;     /* written with the bound port once listening; optional */
    const char *base_url;      /* the URL clients reach this daemon at (TAXII discovery) */
    const char *collections;   /* TAXII collection kinds published: "indicators,reports,
                                  sources" (NULL = all) */
    bool feeds;                /* pull the stored feeds on their schedule (default true) */
    bool quiet;                /* no start-up line on stderr */
};
void ksz_server_opts_init(struct ksz_server_opts *o);

/* Run until SIGTERM or SIGINT: requests in flight finish (up to 10 s), then
 * every store connection is closed. Returns KSZ_OK after a clean shutdown;
 * KSZ_ERR_IO when the address cannot be bound or the certificate read. */
ksz_rc ksz_server_run(const struct ksz_server_opts *o, struct ksz_error *err);

/* Make a token: 32 random bytes, written as "ksz_" and 43 base64url
 * characters into secret (at least 64 bytes), and store its keyed hash
 * (BLAKE2b with the store's server key, made on first use) with t's name,
 * role, TLP ceiling and collections. The secret is shown once and never
 * kept. */
ksz_rc ksz_token_create(struct ksz_store *st, const struct ksz_token *t, char *secret,
                        size_t cap, struct ksz_error *err);
/* The keyed hash of a presented secret. */
ksz_rc ksz_token_hash(struct ksz_store *st, const char *secret, size_t len,
                      unsigned char hash[KSZ_TOKEN_HASH_LEN], struct ksz_error *err);

#endif
