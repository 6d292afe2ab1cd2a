/* SPDX-License-Identifier: Apache-2.0 */
/*
 * loader.c - map a snapshot and check that every section lies inside it.
 *
 * Loading must take milliseconds whatever the size, so it reads the header
 * and the section table only: every offset, length and count is checked
 * against the file's size and against the others (a table's slots times its
 * slot size, a bitmap's bits), never the sections' contents. References
 * inside the sections (a slot's record run, a record's string) are checked
 * where they are used, which costs a compare each. The checksum over the
 * whole body is ksz_snapshot_verify, for when the file came over a network.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "snapshot/snap_int.h"

static const char *section_name(uint32_t kind)
{
    switch (kind) {
    case SNAP_SEC_RECORDS:
        return "records";
    case SNAP_SEC_CONTEXTS:
        return "contexts";
    case SNAP_SEC_THREATS:
        return "threat references";
    case SNAP_SEC_ARENA:
        return "strings";
    case SNAP_SEC_TABLE:
        return "table";
    case SNAP_SEC_BLOOM:
        return "filter";
    case SNAP_SEC_BITMAP:
        return "network bitmap";
    default:
        return "unknown";
    }
}

static bool is_pow2(uint64_t v)
{
    return v != 0 && (v & (v - 1)) == 0;
}

/* Check one section entry (at file offset eoff) and hook it into s. */
static ksz_rc take_section(struct ksz_snapshot *s, size_t i, uint64_t eoff, uint64_t body,
                           uint64_t *prev_end, unsigned *seen, struct ksz_error *err)
{
    const uint8_t *e = s->base + eoff;
    uint32_t kind = snap_rd32(e);
    uint8_t type = e[4], prefix = e[5];
    uint64_t off = snap_rd64(e + 8), len = snap_rd64(e + 16), count = snap_rd64(e + 24);
    uint32_t aux1 = snap_rd32(e + 32), aux2 = snap_rd32(e + 36);
    const char *name = section_name(kind);
    uint64_t want;

#define BAD(...) ksz_error_set(err, KSZ_ERR_PARSE, __VA_ARGS__)
    if (kind < SNAP_SEC_RECORDS || kind > SNAP_SEC_BITMAP)
        return BAD("snapshot: section %zu (entry at offset %llu): unknown kind %u", i,
                   (unsigned long long)eoff, kind);
    if (off % SNAP_ALIGN != 0 || off < body || off < *prev_end)
        return BAD("snapshot: section %zu (%s): offset %llu at offset %llu is misaligned or "
                   "overlaps what precedes it (expected a multiple of %u at or after %llu)",
                   i, name, (unsigned long long)off, (unsigned long long)eoff + 8, SNAP_ALIGN,
                   (unsigned long long)(*prev_end > body ? *prev_end : body));
    if (off > s->size || len > s->size - off)
        return BAD("snapshot: section %zu (%s) at offset %llu, %llu bytes, runs past the end "
                   "of the file (%zu bytes): truncated?",
                   i, name, (unsigned long long)off, (unsigned long long)len, s->size);
    *prev_end = off + len;
    switch (kind) {
    case SNAP_SEC_RECORDS:
    case SNAP_SEC_CONTEXTS:
    case SNAP_SEC_THREATS:
    case SNAP_SEC_ARENA: {
        uint64_t elem = kind == SNAP_SEC_RECORDS    ? SNAP_RECORD_SIZE
                        : kind == SNAP_SEC_CONTEXTS ? SNAP_CTX_SIZE
                        : kind == SNAP_SEC_THREATS  ? SNAP_REF_SIZE
                                                    : 1;
        if (*seen & (1u << kind))
            return BAD("snapshot: section %zu: a second %s section", i, name);
        *seen |= 1u << kind;
        if (count > SNAP_ARENA_MAX || len != count * elem)
            return BAD("snapshot: section %zu (%s) at offset %llu: %llu entries need %llu "
                       "bytes, the entry says %llu",
                       i, name, (unsigned long long)off, (unsigned long long)count,
                       (unsigned long long)(count * elem), (unsigned long long)len);
        if (kind == SNAP_SEC_RECORDS) {
            if (count != s->nrec)
                return BAD("snapshot: section %zu (records) holds %llu records, the header "
                           "at offset %u says %llu",
                           i, (unsigned long long)count, SNAP_H_NREC,
                           (unsigned long long)s->nrec);
            s->records = s->base + off;
        } else if (kind == SNAP_SEC_CONTEXTS) {
            s->ctx = s->base + off;
            s->nctx = count;
        } else if (kind == SNAP_SEC_THREATS) {
            s->threats = s->base + off;
            s->nthreats = count;
        } else {
            if (len == 0 || s->base[off] != '\0' || s->base[off + len - 1] != '\0')
                return BAD("snapshot: section %zu (strings) at offset %llu: expected a NUL "
                           "at its first and last byte",
                           i, (unsigned long long)off);
            s->arena = (const char *)s->base + off;
            s->arena_len = len;
        }
        return KSZ_OK;
    }
    case SNAP_SEC_TABLE: {
        struct snap_table *t;
        unsigned ss = snap_slot_size((ksz_ioc_type)type);
        if (type >= KSZ_IOC__COUNT || snap_key_size((ksz_ioc_type)type) == 0)
            return BAD("snapshot: section %zu (table) at offset %llu: type %u has no table", i,
                       (unsigned long long)eoff + 4, type);
        if (type == KSZ_IOC_CIDR4 ? prefix > 32 : type == KSZ_IOC_CIDR6 ? prefix > 128 : prefix)
            return BAD("snapshot: section %zu (table) at offset %llu: bad prefix length %u for %s",
                       i, (unsigned long long)eoff + 5, prefix,
                       ksz_ioc_type_name((ksz_ioc_type)type));
        if (!is_pow2(count) || count > ((uint64_t)1 << 40) || len != count * ss)
            return BAD("snapshot: section %zu (table) at offset %llu: %llu slots of %u bytes "
                       "(a power of two expected) do not make %llu bytes",
                       i, (unsigned long long)off, (unsigned long long)count, ss,
                       (unsigned long long)len);
        if (aux1 >= count || aux2 >= count)
            return BAD("snapshot: section %zu (table): %u keys, longest probe %u: expected "
                       "fewer than its %llu slots",
                       i, aux1, aux2, (unsigned long long)count);
        t = type == KSZ_IOC_CIDR4   ? &s->cidr4[prefix]
            : type == KSZ_IOC_CIDR6 ? &s->cidr6[prefix]
                                    : &s->exact[type];
        if (t->slots != NULL)
            return BAD("snapshot: section %zu: a second table for %s/%u", i,
                       ksz_ioc_type_name((ksz_ioc_type)type), prefix);
        t->slots = s->base + off;
        t->mask = count - 1;
        t->nkeys = aux1;
        t->max_probe = aux2;
        t->slot_size = ss;
        t->key_size = snap_key_size((ksz_ioc_type)type);
        t->type = type;
        t->prefix = prefix;
        return KSZ_OK;
    }
    case SNAP_SEC_BLOOM:
        if (type >= KSZ_IOC__COUNT || snap_key_size((ksz_ioc_type)type) == 0 ||
            type == KSZ_IOC_CIDR4 || type == KSZ_IOC_CIDR6)
            return BAD("snapshot: section %zu (filter) at offset %llu: type %u has no filter", i,
                       (unsigned long long)eoff + 4, type);
        if (!is_pow2(count) || count > ((uint64_t)1 << 40) || len != count * SNAP_BLOOM_BLOCK)
            return BAD("snapshot: section %zu (filter) at offset %llu: %llu blocks (a power of "
                       "two expected) do not make %llu bytes",
                       i, (unsigned long long)off, (unsigned long long)count,
                       (unsigned long long)len);
        if (s->bloom[type].blocks != NULL)
            return BAD("snapshot: section %zu: a second filter for %s", i,
                       ksz_ioc_type_name((ksz_ioc_type)type));
        s->bloom[type].blocks = s->base + off;
        s->bloom[type].nblocks = count;
        return KSZ_OK;
    default: /* SNAP_SEC_BITMAP */ {
        struct snap_bitmap *b;
        if (type != KSZ_IOC_CIDR4 && type != KSZ_IOC_CIDR6 && type != KSZ_IOC_IPV4)
            return BAD("snapshot: section %zu (network bitmap) at offset %llu: type %u is not "
                       "ipv4, cidr4 or cidr6",
                       i, (unsigned long long)eoff + 4, type);
        if (type == KSZ_IOC_IPV4 && prefix != SNAP_PRESENCE4_WIDTH)
            return BAD("snapshot: section %zu (IPv4 presence bitmap) at offset %llu: width %u, "
                       "expected %u",
                       i, (unsigned long long)eoff + 5, prefix, SNAP_PRESENCE4_WIDTH);
        want = (uint64_t)1 << (prefix == 16 || prefix == 24 ? prefix : 16);
        if ((prefix != 16 && prefix != 24) || count != want || len != want / 8)
            return BAD("snapshot: section %zu (network bitmap) at offset %llu: width %u, %llu "
                       "bits in %llu bytes: expected width 16 or 24 and 2^width bits",
                       i, (unsigned long long)off, prefix, (unsigned long long)count,
                       (unsigned long long)len);
        b = type == KSZ_IOC_CIDR4 ? &s->bitmap4 : type == KSZ_IOC_CIDR6 ? &s->bitmap6
                                                                      : &s->present4;
        if (b->bits != NULL)
            return BAD("snapshot: section %zu: a second network bitmap for %s", i,
                       ksz_ioc_type_name((ksz_ioc_type)type));
        b->bits = s->base + off;
        b->width = prefix;
        return KSZ_OK;
    }
    }
#undef BAD
}

static ksz_rc validate(struct ksz_snapshot *s, struct ksz_error *err)
{
    const uint8_t *h = s->base;
    uint32_t version, hsize, nsect;
    uint64_t fsize, hdr_end, prev_end = 0, sum;
    unsigned seen = 0;
    uint8_t tmp[SNAP_HEADER_SIZE];
    ksz_rc rc;

    if (memcmp(h, SNAP_MAGIC, s->size < 8 ? s->size : 8) != 0)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "snapshot: not a kizashi snapshot: bad magic at offset 0");
    if (s->size < SNAP_HEADER_SIZE)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "snapshot: truncated: %zu bytes, the header alone needs %u",
                             s->size, SNAP_HEADER_SIZE);
    if (memcmp(h, SNAP_MAGIC, 8) != 0)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "snapshot: not a kizashi snapshot: bad magic at offset 0");
    version = snap_rd32(h + SNAP_H_VERSION);
    if (version < SNAP_VERSION_MIN || version > KSZ_SNAPSHOT_VERSION)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "snapshot: format version %u at offset %u; this build reads "
                             "versions %u to %u: recompile it",
                             version, SNAP_H_VERSION, SNAP_VERSION_MIN, KSZ_SNAPSHOT_VERSION);
    hsize = snap_rd32(h + SNAP_H_HSIZE);
    if (hsize != SNAP_HEADER_SIZE)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "snapshot: header size %u at offset %u, expected %u", hsize,
                             SNAP_H_HSIZE, SNAP_HEADER_SIZE);
    fsize = snap_rd64(h + SNAP_H_FSIZE);
    if (fsize != s->size)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "snapshot: the header at offset %u says %llu bytes, the file has "
                             "%zu: %s",
                             SNAP_H_FSIZE, (unsigned long long)fsize, s->size,
                             fsize > s->size ? "truncated" : "trailing bytes");
    nsect = snap_rd32(h + SNAP_H_NSECT);
    if (nsect < 4 || nsect > SNAP_MAX_SECTIONS)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "snapshot: %u sections at offset %u, expected 4 to %u", nsect,
                             SNAP_H_NSECT, SNAP_MAX_SECTIONS);
    hdr_end = SNAP_HEADER_SIZE + (uint64_t)nsect * SNAP_SECTION_SIZE;
    if (hdr_end > s->size)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "snapshot: the section table (%u entries) ends at offset %llu, "
                             "past the end of the file (%zu bytes)",
                             nsect, (unsigned long long)hdr_end, s->size);
    /* The header checksum covers the header (with the field zeroed) and the
     * section table: small, so it is always checked. */
    memcpy(tmp, h, SNAP_HEADER_SIZE);
    memset(tmp + SNAP_H_HEADSUM, 0, 8);
    {
        uint8_t *buf = ksz__malloc((size_t)hdr_end);
        if (buf == NULL)
            return ksz_error_set(err, KSZ_ERR_NOMEM, "snapshot: out of memory");
        memcpy(buf, tmp, SNAP_HEADER_SIZE);
        memcpy(buf + SNAP_HEADER_SIZE, h + SNAP_HEADER_SIZE, (size_t)hdr_end - SNAP_HEADER_SIZE);
        sum = ksz__snap_checksum(buf, (size_t)hdr_end);
        ksz__free(buf);
    }
    if (sum != snap_rd64(h + SNAP_H_HEADSUM))
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "snapshot: header checksum at offset %u does not match the first "
                             "%llu bytes: damaged header or section table",
                             SNAP_H_HEADSUM, (unsigned long long)hdr_end);
    s->version = version;
    s->build_time = (int64_t)snap_rd64(h + SNAP_H_BTIME);
    s->nrec = snap_rd64(h + SNAP_H_NREC);
    s->body_checksum = snap_rd64(h + SNAP_H_BODYSUM);
    if (s->nrec > SNAP_MAX_RECORDS)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "snapshot: %llu records at offset %u, at most %u expected",
                             (unsigned long long)s->nrec, SNAP_H_NREC, SNAP_MAX_RECORDS);
    for (uint32_t i = 0; i < nsect; i++) {
        rc = take_section(s, i, SNAP_HEADER_SIZE + (uint64_t)i * SNAP_SECTION_SIZE, hdr_end,
                          &prev_end, &seen, err);
        if (rc != KSZ_OK)
            return rc;
    }
    for (uint32_t k = SNAP_SEC_RECORDS; k <= SNAP_SEC_ARENA; k++)
        if (!(seen & (1u << k)))
            return ksz_error_set(err, KSZ_ERR_PARSE, "snapshot: no %s section",
                                 section_name(k));
    for (int p = 32; p >= 0; p--)
        if (s->cidr4[p].slots != NULL)
            s->cidr4_order[s->n_cidr4++] = (uint8_t)p;
    for (int p = 128; p >= 0; p--)
        if (s->cidr6[p].slots != NULL)
            s->cidr6_order[s->n_cidr6++] = (uint8_t)p;
    return KSZ_OK;
}

static void advise(const struct ksz_snapshot *s)
{
    /* Lookups jump around: readahead would only waste page cache. The
     * filters are small and read on every lookup: fault them in early. */
    (void)madvise((void *)s->base, s->size, MADV_RANDOM);
    for (int t = 0; t < KSZ_IOC__COUNT; t++)
        if (s->bloom[t].blocks != NULL) {
            uintptr_t a = (uintptr_t)s->bloom[t].blocks & ~(uintptr_t)4095;
            size_t n = (size_t)((uintptr_t)s->bloom[t].blocks - a) +
                       s->bloom[t].nblocks * SNAP_BLOOM_BLOCK;
            (void)madvise((void *)a, n, MADV_WILLNEED);
        }
}

ksz_rc ksz_snapshot_open(const char *path, struct ksz_snapshot **out, struct ksz_error *err)
{
    struct ksz_snapshot *s = NULL;
    struct stat st;
    void *map;
    int fd;
    ksz_rc rc;

    assert(out != NULL);
    *out = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ksz_error_set(err, KSZ_ERR_IO, "snapshot: %s: %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return ksz_error_set(err, KSZ_ERR_IO, "snapshot: %s: not a regular file", path);
    }
    if (st.st_size < (off_t)SNAP_HEADER_SIZE) {
        /* Too small to map usefully: check it from a copy, for the message. */
        uint8_t head[SNAP_HEADER_SIZE];
        ssize_t n = pread(fd, head, sizeof head, 0);
        close(fd);
        rc = ksz_snapshot_open_mem(head, n > 0 ? (size_t)n : 0, &s, err);
        assert(rc != KSZ_OK);
        ksz_snapshot_close(s);
        if (err != NULL) {
            char msg[KSZ_ERR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", err->msg);
            ksz_error_set(err, rc, "%s: %s", path, msg);
        }
        return rc;
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return ksz_error_set(err, KSZ_ERR_IO, "snapshot: %s: mmap: %s", path, strerror(errno));
    s = ksz__calloc(1, sizeof *s);
    if (s == NULL) {
        munmap(map, (size_t)st.st_size);
        return ksz_error_set(err, KSZ_ERR_NOMEM, "snapshot: out of memory");
    }
    s->base = map;
    s->size = (size_t)st.st_size;
    s->mapped = true;
    rc = validate(s, err);
    if (rc != KSZ_OK) {
        /* Name the file in front of the message. */
        if (err != NULL) {
            char msg[KSZ_ERR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", err->msg);
            ksz_error_set(err, rc, "%s: %s", path, msg);
        }
        ksz_snapshot_close(s);
        return rc;
    }
    advise(s);
    *out = s;
    return KSZ_OK;
}

ksz_rc ksz_snapshot_open_mem(const void *data, size_t len, struct ksz_snapshot **out,
                             struct ksz_error *err)
{
    struct ksz_snapshot *s;
    uint8_t *copy;
    ksz_rc rc;

    assert(out != NULL);
    *out = NULL;
    s = ksz__calloc(1, sizeof *s);
    copy = ksz__malloc(len ? len : 1);
    if (s == NULL || copy == NULL) {
        ksz__free(s);
        ksz__free(copy);
        return ksz_error_set(err, KSZ_ERR_NOMEM, "snapshot: out of memory");
    }
    if (len)
        memcpy(copy, data, len);
    s->base = copy;
    s->size = len;
    rc = validate(s, err);
    if (rc != KSZ_OK) {
        ksz_snapshot_close(s);
        return rc;
    }
    *out = s;
    return KSZ_OK;
}

void ksz_snapshot_close(struct ksz_snapshot *s)
{
    if (s == NULL)
        return;
    if (s->mapped)
        munmap((void *)s->base, s->size);
    else
        ksz__free((void *)s->base);
    ksz__free(s);
}

ksz_rc ksz_snapshot_verify(const struct ksz_snapshot *s, struct ksz_error *err)
{
    uint64_t hdr_end = SNAP_HEADER_SIZE + (uint64_t)snap_rd32(s->base + SNAP_H_NSECT) *
                                              SNAP_SECTION_SIZE;
    uint64_t sum = ksz__snap_checksum(s->base + hdr_end, s->size - (size_t)hdr_end);

    if (sum != s->body_checksum)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "snapshot: body checksum %016llx over bytes %llu..%zu does not "
                             "match the header's %016llx (offset %u): the file is damaged",
                             (unsigned long long)sum, (unsigned long long)hdr_end, s->size,
                             (unsigned long long)s->body_checksum, SNAP_H_BODYSUM);
    return KSZ_OK;
}

/* First record index whose type is >= t (records are sorted by type). */
static uint64_t type_lower_bound(const struct ksz_snapshot *s, unsigned t)
{
    uint64_t lo = 0, hi = s->nrec;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (s->records[mid * SNAP_RECORD_SIZE + SNAP_R_TYPE] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void ksz_snapshot_get_info(const struct ksz_snapshot *s, struct ksz_snapshot_info *out)
{
    memset(out, 0, sizeof *out);
    out->version = s->version;
    out->build_time = s->build_time;
    out->file_size = s->size;
    out->indicators = s->nrec;
    out->string_bytes = s->arena_len;
    out->checksum = s->body_checksum;
    out->cidr4_prefixes = s->n_cidr4;
    out->cidr6_prefixes = s->n_cidr6;
    for (int t = 1; t < KSZ_IOC__COUNT; t++) {
        out->keys[t] = s->exact[t].slots ? s->exact[t].nkeys : 0;
        out->records[t] = type_lower_bound(s, (unsigned)t + 1) - type_lower_bound(s, (unsigned)t);
    }
    for (int p = 0; p <= 32; p++)
        out->keys[KSZ_IOC_CIDR4] += s->cidr4[p].slots ? s->cidr4[p].nkeys : 0;
    for (int p = 0; p <= 128; p++)
        out->keys[KSZ_IOC_CIDR6] += s->cidr6[p].slots ? s->cidr6[p].nkeys : 0;
}

ksz_rc ksz_snapshot_indicator(const struct ksz_snapshot *s, uint32_t idx,
                              struct ksz_snap_indicator *out, struct ksz_error *err)
{
    const uint8_t *r;
    uint32_t ctx;
    uint8_t conf, score;
    size_t n;

    if (idx >= s->nrec)
        return ksz_error_set(err, KSZ_ERR_NOTFOUND, "snapshot: no record %u (there are %llu)",
                             idx, (unsigned long long)s->nrec);
    r = s->records + (size_t)idx * SNAP_RECORD_SIZE;
    memset(out, 0, sizeof *out);
    out->index = idx;
    out->type = (ksz_ioc_type)r[SNAP_R_TYPE];
    out->value = snap_str(s, snap_rd32(r + SNAP_R_VALUE_OFF), snap_rd16(r + SNAP_R_VALUE_LEN), &n);
    out->value_len = n;
    ctx = snap_rd32(r + SNAP_R_CTX);
    if (n == 0 || ctx >= s->nctx || out->type >= KSZ_IOC__COUNT)
        return ksz_error_set(err, KSZ_ERR_PARSE,
                             "snapshot: record %u at offset %llu is damaged", idx,
                             (unsigned long long)(r - s->base));
    out->stix_id = snap_str(s, snap_rd32(r + SNAP_R_STIX_OFF), snap_rd16(r + SNAP_R_STIX_LEN), &n);
    out->stix_id_len = n;
    out->valid_from = (int64_t)snap_rd64(r + SNAP_R_FROM);
    out->valid_until = (int64_t)snap_rd64(r + SNAP_R_UNTIL);
    conf = r[SNAP_R_CONF];
    score = r[SNAP_R_SCORE];
    out->confidence = conf > 100 ? -1 : conf;
    out->score = score > 100 ? -1 : score;
    out->tlp = (ksz_tlp)r[SNAP_R_TLP];
    out->usage = snap_rd16(r + SNAP_R_USAGE);
    {
        const uint8_t *c = s->ctx + (size_t)ctx * SNAP_CTX_SIZE;
        uint64_t first = snap_rd32(c + 16), cnt = snap_rd32(c + 20);
        out->source = snap_str(s, snap_rd32(c), snap_rd32(c + 4), &n);
        out->source_len = n;
        out->report = snap_str(s, snap_rd32(c + 8), snap_rd32(c + 12), &n);
        out->report_len = n;
        out->n_threats = (first <= s->nthreats && cnt <= s->nthreats - first) ? (size_t)cnt : 0;
        out->ctx = ctx;
    }
    return KSZ_OK;
}

const char *ksz_snapshot_threat(const struct ksz_snapshot *s, const struct ksz_snap_indicator *ind,
                                size_t i, size_t *len)
{
    const uint8_t *c;
    uint64_t first, cnt;
    size_t n = 0;
    const char *str = "";

    if (ind->ctx < s->nctx) {
        c = s->ctx + (size_t)ind->ctx * SNAP_CTX_SIZE;
        first = snap_rd32(c + 16);
        cnt = snap_rd32(c + 20);
        if (first <= s->nthreats && cnt <= s->nthreats - first && i < cnt) {
            const uint8_t *ref = s->threats + (first + i) * SNAP_REF_SIZE;
            str = snap_str(s, snap_rd32(ref), snap_rd32(ref + 4), &n);
        }
    }
    if (len != NULL)
        *len = n;
    return str;
}
