/* SPDX-License-Identifier: Apache-2.0 */
/*
 * auth.c - bearer tokens, roles, TLP ceilings and collection rights; the
 * audit log of writes.
 *
 * A token is 32 random bytes shown once ("ksz_" + base64url). The store
 * keeps only BLAKE2b(token) keyed with a server key kept in the store's
 * settings: a keyed hash lets a request be checked with one hash and one
 * index probe (a password hash such as Argon2 per request would cost tens of
 * milliseconds), and the tokens have 256 bits of entropy, so there is
 * nothing to guess. TLP:RED leaves only to a token created with allow_red.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "srv.h"

#define KEY_SETTING "server.token_key"
/* A worker thread remembers the last few tokens it checked for a moment,
 * so that a request costs one keyed hash and no store round trip. Every
 * entry carries the revocation generation it was read under: a revoke
 * through the API (srv_auth_forget) moves the generation on, and from then
 * every thread's entries are stale, so the revoked token fails on its next
 * request whichever thread serves it. A token revoked by another process
 * (`kizashi token revoke` on the same store) stops working within
 * CACHE_TTL seconds. */
#define CACHE_SLOTS 8
#define CACHE_TTL 2

struct cached {
    unsigned char hash[KSZ_TOKEN_HASH_LEN];
    time_t until;
    unsigned long gen;
    struct ksz_token tok;
    char buf[1024];
};
static __thread struct cached cache[CACHE_SLOTS];
static __thread unsigned cache_next;
static unsigned long revoke_gen = 1; /* 0 never matches: empty slots are stale */

static ksz_rc load_key(struct ksz_store *st, unsigned char key[32], struct ksz_error *err)
{
    char hex[65];
    size_t bin_len = 0;
    ksz_rc rc;

    if (sodium_init() < 0)
        return ksz_error_set(err, KSZ_ERR_IO, "auth: libsodium failed to initialise");
    rc = ksz_store_setting_get(st, KEY_SETTING, hex, sizeof hex, NULL);
    if (rc == KSZ_OK && sodium_hex2bin(key, 32, hex, strlen(hex), NULL, &bin_len, NULL) == 0 &&
        bin_len == 32)
        return KSZ_OK;
    randombytes_buf(key, 32);
    sodium_bin2hex(hex, sizeof hex, key, 32);
    return ksz_store_setting_set(st, KEY_SETTING, hex, err);
}

ksz_rc srv_auth_init(struct srv *s, struct ksz_store *st, struct ksz_error *err)
{
    return load_key(st, s->token_key, err);
}

static void hash_with(const unsigned char key[32], const char *secret, size_t len,
                      unsigned char hash[KSZ_TOKEN_HASH_LEN])
{
    crypto_generichash(hash, KSZ_TOKEN_HASH_LEN, (const unsigned char *)secret, len, key, 32);
}

ksz_rc ksz_token_hash(struct ksz_store *st, const char *secret, size_t len,
                      unsigned char hash[KSZ_TOKEN_HASH_LEN], struct ksz_error *err)
{
    unsigned char key[32];
    ksz_rc rc = load_key(st, key, err);

    if (rc == KSZ_OK)
        hash_with(key, secret, len, hash);
    sodium_memzero(key, sizeof key);
    return rc;
}

ksz_rc ksz_token_create(struct ksz_store *st, const struct ksz_token *t, char *secret,
                        size_t cap, struct ksz_error *err)
{
    unsigned char raw[32], hash[KSZ_TOKEN_HASH_LEN];
    char b64[64];
    ksz_rc rc;

    if (cap < 64)
        return ksz_error_set(err, KSZ_ERR_INVALID, "token: buffer too small");
    if (t->name == NULL || t->name[0] == '\0')
        return ksz_error_set(err, KSZ_ERR_INVALID, "token: a name is needed");
    if (t->role < KSZ_ROLE_READER || t->role > KSZ_ROLE_ADMIN)
        return ksz_error_set(err, KSZ_ERR_INVALID, "token: bad role");
    if (t->tlp_max > KSZ_TLP_RED)
        return ksz_error_set(err, KSZ_ERR_INVALID, "token: bad TLP ceiling");
    if (sodium_init() < 0)
        return ksz_error_set(err, KSZ_ERR_IO, "token: libsodium failed to initialise");
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    snprintf(secret, cap, "ksz_%s", b64);
    rc = ksz_token_hash(st, secret, strlen(secret), hash, err);
    if (rc == KSZ_OK)
        rc = ksz_store_token_put(st, t, hash, err);
    sodium_memzero(raw, sizeof raw);
    if (rc != KSZ_OK)
        sodium_memzero(secret, cap);
    return rc;
}

bool srv_auth(struct srv_req *r)
{
    const char *h = srv_header(r, "Authorization");
    unsigned char hash[KSZ_TOKEN_HASH_LEN];
    struct ksz_error err = {0};
    time_t now;
    unsigned long gen;
    ksz_rc rc;

    if (r->authed)
        return true;
    if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0) {
        srv_add_header(r, "WWW-Authenticate", "Bearer realm=\"kizashi\"");
        srv_error(r, 401, "a bearer token is needed (Authorization: Bearer ...)");
        return false;
    }
    h += 7;
    while (*h == ' ')
        h++;
    hash_with(r->srv->token_key, h, strlen(h), hash);
    now = time(NULL);
    /* read before the store is: a revoke committed after this moves it on */
    gen = __atomic_load_n(&revoke_gen, __ATOMIC_ACQUIRE);
    for (unsigned i = 0; i < CACHE_SLOTS; i++) {
        struct cached *c = &cache[i];
        if (c->gen == gen && c->until >= now && sodium_memcmp(c->hash, hash, sizeof hash) == 0) {
            r->tok = c->tok;
            memcpy(r->tokbuf, c->buf, sizeof r->tokbuf);
            r->tok.name = r->tokbuf + (c->tok.name - c->buf);
            if (c->tok.collections != NULL)
                r->tok.collections = r->tokbuf + (c->tok.collections - c->buf);
            r->authed = true;
            return true;
        }
    }
    rc = ksz_store_token_find(r->st, hash, &r->tok, r->tokbuf, sizeof r->tokbuf, &err);
    if (rc == KSZ_ERR_NOTFOUND) {
        srv_add_header(r, "WWW-Authenticate", "Bearer realm=\"kizashi\", error=\"invalid_token\"");
        srv_error(r, 401, "unknown or revoked token");
        return false;
    }
    if (rc != KSZ_OK) {
        srv_error(r, srv_status_for(rc), "%s", err.msg);
        return false;
    }
    r->authed = true;
    {
        struct cached *c = &cache[cache_next++ % CACHE_SLOTS];
        memcpy(c->hash, hash, sizeof hash);
        c->until = now + CACHE_TTL;
        c->gen = gen;
        c->tok = r->tok;
        memcpy(c->buf, r->tokbuf, sizeof c->buf);
        c->tok.name = c->buf + (r->tok.name - r->tokbuf);
        if (r->tok.collections != NULL)
            c->tok.collections = c->buf + (r->tok.collections - r->tokbuf);
    }
    return true;
}

void srv_auth_forget(void)
{
    __atomic_add_fetch(&revoke_gen, 1, __ATOMIC_ACQ_REL);
}

bool srv_require(struct srv_req *r, ksz_role role)
{
    if (!srv_auth(r))
        return false;
    if (r->tok.role < role) {
        srv_error(r, 403, "token '%s' is %s; this needs %s", r->tok.name,
                  ksz_role_name(r->tok.role), ksz_role_name(role));
        return false;
    }
    return true;
}

bool srv_tlp_ok(const struct srv_req *r, ksz_tlp t)
{
    if (t == KSZ_TLP_UNSET)
        t = KSZ_TLP_AMBER;
    if (t == KSZ_TLP_RED && !r->tok.allow_red)
        return false;
    return t <= r->tok.tlp_max;
}

void srv_filter_init(struct srv_req *r, struct ksz_filter *f)
{
    ksz_filter_init(f);
    f->tlp_max = r->tok.tlp_max;
    f->allow_red = r->tok.allow_red && r->tok.tlp_max == KSZ_TLP_RED;
}

bool srv_collection_ok(const struct srv_req *r, const char *name)
{
    const char *c = r->tok.collections;
    size_t n = strlen(name);

    if (c == NULL || c[0] == '\0')
        return true;
    while (*c != '\0') {
        const char *e = strchr(c, ',');
        size_t len = e != NULL ? (size_t)(e - c) : strlen(c);
        if (len == n && strncmp(c, name, n) == 0)
            return true;
        if (e == NULL)
            break;
        c = e + 1;
    }
    return false;
}

void srv_audit(struct srv_req *r, const char *action, const char *object, const char *detail)
{
    struct ksz_audit a;

    memset(&a, 0, sizeof a);
    a.actor = r->authed ? r->tok.name : "-";
    a.action = action;
    a.object = object;
    a.detail = detail;
    a.status = r->status;
    (void)ksz_store_audit_add(r->st, &a, NULL);
}
