/* SPDX-License-Identifier: Apache-2.0 */
/*
 * snap_int.h - the snapshot file layout (docs/snapshot-format.md), the hash
 * and filter functions both the writer and the matcher must agree on, and
 * the loaded snapshot the matcher reads.
 *
 * The file is little-endian with fixed-width fields read through memcpy, so
 * nothing depends on the mapping's alignment; sections start on 64-byte
 * boundaries anyway so that filter blocks and slots do not straddle cache
 * lines. Changing any function here changes the file: bump the version.
 */
#ifndef KSZ_SNAP_INT_H
#define KSZ_SNAP_INT_H

#include <stdint.h>
#include <string.h>
#include "core/core_int.h"
#include "kizashi/snapshot.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the snapshot reader assumes a little-endian host"
#endif

#define SNAP_MAGIC "KSZSNAP\0"
#define SNAP_VERSION_MIN 1u       /* the oldest version read */
#define SNAP_PRESENCE4_WIDTH 16u  /* the IPv4 presence bitmap: one bit per /16 */
#define SNAP_HEADER_SIZE 64u
#define SNAP_SECTION_SIZE 40u
#define SNAP_MAX_SECTIONS 512u
#define SNAP_ALIGN 64u
#define SNAP_RECORD_SIZE 40u
#define SNAP_CTX_SIZE 24u
#define SNAP_REF_SIZE 8u
#define SNAP_BLOOM_BLOCK 32u      /* eight 32-bit words */
#define SNAP_BLOOM_BITS_PER_KEY 16u
#define SNAP_MAX_RECORDS 0x7fffffffu
#define SNAP_ARENA_MAX 0xffffffffu

/* Header field offsets. */
#define SNAP_H_MAGIC 0
#define SNAP_H_VERSION 8
#define SNAP_H_HSIZE 12
#define SNAP_H_FSIZE 16
#define SNAP_H_BTIME 24
#define SNAP_H_NREC 32
#define SNAP_H_NSECT 40
#define SNAP_H_FLAGS 44
#define SNAP_H_BODYSUM 48
#define SNAP_H_HEADSUM 56

enum snap_section_kind {
    SNAP_SEC_RECORDS = 1,
    SNAP_SEC_CONTEXTS = 2,
    SNAP_SEC_THREATS = 3,
    SNAP_SEC_ARENA = 4,
    SNAP_SEC_TABLE = 5,
    SNAP_SEC_BLOOM = 6,
    SNAP_SEC_BITMAP = 7
};

/* Record field offsets (40 bytes). */
#define SNAP_R_FROM 0
#define SNAP_R_UNTIL 8
#define SNAP_R_VALUE_OFF 16
#define SNAP_R_STIX_OFF 20
#define SNAP_R_CTX 24
#define SNAP_R_VALUE_LEN 28
#define SNAP_R_STIX_LEN 30
#define SNAP_R_USAGE 32
#define SNAP_R_TYPE 34
#define SNAP_R_TLP 35
#define SNAP_R_CONF 36
#define SNAP_R_SCORE 37
#define SNAP_R_FLAGS 38

static inline uint16_t snap_rd16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}
static inline uint32_t snap_rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static inline uint64_t snap_rd64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}
static inline void snap_wr16(uint8_t *p, uint16_t v)
{
    memcpy(p, &v, 2);
}
static inline void snap_wr32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}
static inline void snap_wr64(uint8_t *p, uint64_t v)
{
    memcpy(p, &v, 8);
}

/* ---- hashing: a 64-bit multiply-fold hash (wyhash-like) ---------------- */

#define SNAP_S0 0xa0761d6478bd642fULL
#define SNAP_S1 0xe7037ed1a0b428dbULL
#define SNAP_S2 0x8ebc6af09c88c6e3ULL
#define SNAP_S3 0x589965cc75374cc3ULL

static inline uint64_t snap_mum(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* hash64(p, n): h = S0 ^ n; each full 16-byte block (a, b little-endian
 * words): h = mum(a ^ S1, b ^ h); the tail (0..15 bytes, zero-padded to two
 * words a, b): h = mum(a ^ S2, b ^ h); result mum(h ^ S3, S1).
 *
 * The tail is read with whole-word loads that stay inside [floor, p + rest)
 * (floor: where readable bytes start, at most p), shifted into place: the
 * same words as zero-padding, without a byte copy. */
static inline uint64_t snap_hash_tail(uint64_t h, const uint8_t *floor, const uint8_t *p,
                                      size_t rest)
{
    uint64_t a = 0, b = 0;

    if (rest > 8) {
        a = snap_rd64(p);
        b = snap_rd64(p + rest - 8) >> (8 * (16 - rest));
    } else if (rest == 8) {
        a = snap_rd64(p);
    } else if (rest > 0) {
        if ((size_t)(p - floor) + rest >= 8) {
            a = snap_rd64(p + rest - 8) >> (8 * (8 - rest));
        } else if (rest >= 4) {
            a = (uint64_t)snap_rd32(p) |
                ((uint64_t)snap_rd32(p + rest - 4) >> (8 * (8 - rest))) << 32;
        } else {
            a = (uint64_t)p[0] | (uint64_t)p[rest / 2] << (8 * (rest / 2)) |
                (uint64_t)p[rest - 1] << (8 * (rest - 1));
        }
    }
    return snap_mum(a ^ SNAP_S2, b ^ h);
}

static inline uint64_t snap_hash(const void *data, size_t n)
{
    const uint8_t *p = data;
    uint64_t h = SNAP_S0 ^ (uint64_t)n;
    size_t rest = n;

    while (rest >= 16) {
        h = snap_mum(snap_rd64(p) ^ SNAP_S1, snap_rd64(p + 8) ^ h);
        p += 16;
        rest -= 16;
    }
    h = snap_hash_tail(h, (const uint8_t *)data, p, rest);
    return snap_mum(h ^ SNAP_S3, SNAP_S1);
}

/* hash64 of the concatenation a[0..na) b[0..nb), reading b in place (the
 * long part: a URL's path) and copying at most one block's worth of it. */
static inline uint64_t snap_hash2(const void *a, size_t na, const void *b, size_t nb)
{
    const uint8_t *p = a, *q = b;
    uint64_t h = SNAP_S0 ^ (uint64_t)(na + nb);
    uint8_t blk[16];
    size_t ra;

    while (na >= 16) {
        h = snap_mum(snap_rd64(p) ^ SNAP_S1, snap_rd64(p + 8) ^ h);
        p += 16;
        na -= 16;
    }
    ra = na;
    if (ra > 0) {
        size_t take = 16 - ra < nb ? 16 - ra : nb;
        memcpy(blk, p, ra);
        memcpy(blk + ra, q, take);
        if (ra + take < 16) /* all that is left fits in the tail */
            return snap_mum(snap_hash_tail(h, blk, blk, ra + take) ^ SNAP_S3, SNAP_S1);
        h = snap_mum(snap_rd64(blk) ^ SNAP_S1, snap_rd64(blk + 8) ^ h);
        q += take;
        nb -= take;
    }
    while (nb >= 16) {
        h = snap_mum(snap_rd64(q) ^ SNAP_S1, snap_rd64(q + 8) ^ h);
        q += 16;
        nb -= 16;
    }
    h = snap_hash_tail(h, (const uint8_t *)b, q, nb);
    return snap_mum(h ^ SNAP_S3, SNAP_S1);
}

/* The checksums: the same function seeded by chunks so it streams. */
uint64_t ksz__snap_checksum(const uint8_t *p, size_t n);

/* ---- split-block Bloom filter (as Parquet's) --------------------------- */

static const uint32_t snap_bloom_salt[8] = {0x47b6137bu, 0x44974d91u, 0x8824ad5bu,
                                            0xa2b7289du, 0x705495c7u, 0x2df1424bu,
                                            0x9efc4947u, 0x5c6bfb31u};

static inline size_t snap_bloom_block(uint64_t h, uint64_t nblocks)
{
    return (size_t)((h >> 32) & (nblocks - 1));
}

static inline bool snap_bloom_test(const uint8_t *block, uint64_t h)
{
    uint32_t x = (uint32_t)h;
    for (int i = 0; i < 8; i++) {
        uint32_t bit = (x * snap_bloom_salt[i]) >> 27;
        if (!(snap_rd32(block + 4 * i) & (1u << bit)))
            return false;
    }
    return true;
}

static inline void snap_bloom_set(uint8_t *block, uint64_t h)
{
    uint32_t x = (uint32_t)h;
    for (int i = 0; i < 8; i++) {
        uint32_t bit = (x * snap_bloom_salt[i]) >> 27;
        snap_wr32(block + 4 * i, snap_rd32(block + 4 * i) | (1u << bit));
    }
}

/* ---- tables ----------------------------------------------------------- */

/* Key size in a table's slot per indicator type; string types keep their
 * 64-bit hash and confirm against the record's value. 0: no table. */
static inline unsigned snap_key_size(ksz_ioc_type t)
{
    switch (t) {
    case KSZ_IOC_IPV4:
    case KSZ_IOC_CIDR4:
        return 4;
    case KSZ_IOC_IPV6:
    case KSZ_IOC_CIDR6:
    case KSZ_IOC_MD5:
        return 16;
    case KSZ_IOC_SHA1:
        return 20;
    case KSZ_IOC_SHA256:
        return 32;
    case KSZ_IOC_SHA512:
        return 64;
    case KSZ_IOC_DOMAIN:
    case KSZ_IOC_URL:
    case KSZ_IOC_EMAIL:
        return 8;
    default:
        return 0;
    }
}

static inline bool snap_is_string_type(ksz_ioc_type t)
{
    return t == KSZ_IOC_DOMAIN || t == KSZ_IOC_URL || t == KSZ_IOC_EMAIL;
}

/* A slot: key (hash for string types), then u32 first record, u32 count;
 * count 0 marks an empty slot. */
static inline unsigned snap_slot_size(ksz_ioc_type t)
{
    return snap_key_size(t) + 8;
}

struct snap_table {
    const uint8_t *slots;    /* NULL: no table */
    uint64_t mask;           /* nslots - 1 */
    uint32_t nkeys;
    uint32_t max_probe;      /* the longest displacement written */
    uint32_t slot_size;
    uint32_t key_size;
    uint8_t type;
    uint8_t prefix;
};

struct snap_bloom {
    const uint8_t *blocks;   /* NULL: no filter, every key passes */
    uint64_t nblocks;
};

struct snap_bitmap {
    const uint8_t *bits;     /* NULL: none */
    unsigned width;          /* index bits: 16 or 24 */
};

struct ksz_snapshot {
    const uint8_t *base;
    size_t size;
    bool mapped;
    int64_t build_time;
    uint32_t version;
    uint64_t body_checksum;
    const uint8_t *records;
    uint64_t nrec;
    const uint8_t *ctx;
    uint64_t nctx;
    const uint8_t *threats;
    uint64_t nthreats;
    const char *arena;
    uint64_t arena_len;
    struct snap_table exact[KSZ_IOC__COUNT];
    struct snap_bloom bloom[KSZ_IOC__COUNT];
    struct snap_table cidr4[33];
    struct snap_table cidr6[129];
    uint8_t cidr4_order[33];     /* present prefix lengths, longest first */
    uint8_t cidr6_order[129];
    unsigned n_cidr4, n_cidr6;
    struct snap_bitmap bitmap4, bitmap6;
    struct snap_bitmap present4; /* any ipv4/cidr4 indicator per /16; NULL: unknown (v1) */
};

/* A string from the arena: "" when the reference is out of bounds or the
 * terminating NUL is missing. */
static inline const char *snap_str(const struct ksz_snapshot *s, uint32_t off, uint32_t len,
                                   size_t *outlen)
{
    if ((uint64_t)off + len >= s->arena_len || s->arena[(uint64_t)off + len] != '\0') {
        *outlen = 0;
        return "";
    }
    *outlen = len;
    return s->arena + off;
}

/* Bit index of the CIDR bitmap for the top bits of an address. */
static inline uint32_t snap_bm4_index(uint32_t addr, unsigned width)
{
    return addr >> (32 - width);
}
static inline uint32_t snap_bm6_index(const uint8_t a[16], unsigned width)
{
    uint32_t top = ((uint32_t)a[0] << 24) | ((uint32_t)a[1] << 16) | ((uint32_t)a[2] << 8) | a[3];
    return top >> (32 - width);
}

#endif
