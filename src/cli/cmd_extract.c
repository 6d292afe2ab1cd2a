/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_extract.c - `kizashi extract [options] [FILE...]`: find indicators in
 * text and print them, one record per hit.
 *
 * The library does the finding; this file parses options, feeds it the
 * input and formats records: JSON lines by default, a JSON array, CSV or
 * tab-separated text. A dense input has a hit every 70 bytes, so a record
 * is built from parts assembled once (per type, per input, per reason) and
 * copied into the output buffer with fixed-size stores, and a regular file
 * is mapped rather than copied in by read().
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum fmt { FMT_JSONL, FMT_JSON, FMT_CSV, FMT_TEXT };

/* For the few helpers of the per-hit path the compiler would leave as calls. */
#define HOT_INLINE static inline __attribute__((always_inline))

/* Records are built in one buffer and written with one fwrite per chunk. */
#define OUT_CHUNK (1u << 20)

/* Input read from a pipe or terminal comes in chunks of this size; a regular
 * file is mapped a window of MAP_WINDOW bytes at a time. */
#define READ_CHUNK ((size_t)1 << 20)
#define MAP_WINDOW ((size_t)16 << 20)

/* The parts every record is made of, each kept with slack after it (see
 * put_piece). JSON: head "{"type":"T","value":"", tail
 * ","defanged":D[,"file":"F"],"reference":R}\n", reason ","reason":"R"}\n".
 * CSV: head "T,", tail ",D,F,R,", reason "R\n". Text: head "T\t". The tail
 * is chosen by tail_of(). */
struct out {
    enum fmt fmt;
    struct ksz_buf buf;       /* output, written out in chunks of OUT_CHUNK */
    size_t records;
    bool failed;              /* writing stdout failed */
    struct ksz_buf head[KSZ_IOC__COUNT];
    struct ksz_buf tail[4];   /* set for each input */
    struct ksz_buf reason;
    const char *reason_of;    /* the static string o->reason was made from */
    size_t head_max, tail_max, reason_max;
    size_t over;              /* room a record needs beyond its value */
    uint64_t line_of;         /* the line number o->line_text holds, or 0 */
    char line_text[16];       /* ","line":N" */
    size_t line_len;
};

static void usage(FILE *f)
{
    fputs("usage: kizashi extract [options] [FILE...]\n"
          "\n"
          "Find indicators of compromise in text (English or Japanese prose, tables,\n"
          "markdown/asciidoc, CSV, mail headers, logs), defanged or not, and print\n"
          "them refanged and canonical with their byte offset and line. Reads standard\n"
          "input when no FILE is given or FILE is \"-\".\n"
          "\n"
          "Types: ipv4 ipv6 cidr4 cidr6 domain url email md5 sha1 sha256 sha512 asn\n"
          "cve attack-technique filename btc. The host of every URL and the domain of\n"
          "every e-mail address are reported too. Documentation and reserved values\n"
          "(192.0.2.0/24, 2001:db8::/32, example.com, .test, .invalid, .local,\n"
          "localhost) are dropped; private addresses, links to reference sites and\n"
          "system file names are reported with \"reference\": true and a reason.\n"
          "\n"
          "options:\n"
          "  -f, --format FMT      output format: jsonl (default; one JSON object per\n"
          "                        line with type, value, offset, line, defanged,\n"
          "                        file (when reading a file), reference and reason\n"
          "                        (when reference)), json (one JSON array of those\n"
          "                        objects), csv (with a header line), text\n"
          "                        (\"type<TAB>value\" per line)\n"
          "  -t, --types LIST      only these types, comma-separated; also \"all\",\n"
          "                        \"ip\", \"cidr\", \"hash\"\n"
          "  -u, --unique          print each (type, value) once\n"
          "  -n, --no-context      drop reference/benign hits (private addresses,\n"
          "                        reference sites, well-known services, system files)\n"
          "      --include-reserved  also print documentation/reserved values, flagged\n"
          "                        as reference\n"
          "  -h, --help            print this help and exit\n"
          "\n"
          "Exit status: 0 on success, 2 on a usage error or an unreadable file.\n",
          f);
}

/* Bytes JSON must escape, or whose UTF-8 must be checked, in 16 bytes: below
 * 0x20 (0x80 and up too, being negative as signed chars), '"' and '\\'. 0x7f
 * is written as it is by ksz_buf_json_str, so it needs nothing. */
#if defined(__SSE2__)
static int json_esc_mask(__m128i v)
{
    __m128i e = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                             _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                          _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
    return _mm_movemask_epi8(e);
}
#endif

/* Copy s[0..n) to p and say whether it
 * needed no JSON escaping: nearly every value is printable ASCII without '"'
 * or '\\', and then the copy is the output. Reads only s[0..n), with loads
 * that overlap rather than run past the end. */
HOT_INLINE bool copy_json_plain(char *p, const char *s, size_t n)
{
    static const bool plain[256] = {
        [0x20 ... 0x21] = true, [0x23 ... 0x5b] = true, [0x5d ... 0x7f] = true,
    };
    bool ok = true;

#if defined(__SSE2__)
    if (n >= 16) {
        int bad = 0;
        size_t i;
        __m128i v;

        for (i = 0; i + 16 < n; i += 16) {
            v = _mm_loadu_si128((const __m128i *)(s + i));
            _mm_storeu_si128((__m128i *)(p + i), v);
            bad |= json_esc_mask(v);
        }
        v = _mm_loadu_si128((const __m128i *)(s + n - 16));
        _mm_storeu_si128((__m128i *)(p + n - 16), v);
        return (bad | json_esc_mask(v)) == 0;
    }
    if (n >= 8) {
        __m128i a = _mm_loadl_epi64((const __m128i *)s);
        __m128i b = _mm_loadl_epi64((const __m128i *)(s + n - 8));
        _mm_storel_epi64((__m128i *)p, a);
        _mm_storel_epi64((__m128i *)(p + n - 8), b);
        return json_esc_mask(_mm_unpacklo_epi64(a, b)) == 0;
    }
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(p, &a, 4);
        memcpy(p + n - 4, &b, 4);
        return json_esc_mask(_mm_set1_epi64x((long long)(a | (uint64_t)b << 32))) == 0;
    }
#endif
    for (size_t i = 0; i < n; i++) {
        p[i] = s[i];
        ok &= plain[(unsigned char)s[i]];
    }
    return ok;
}

/* Append a JSON string body (no quotes). */
static ksz_rc put_json_str(struct ksz_buf *b, const char *s, size_t n)
{
    ksz_rc rc = ksz_buf_reserve(b, n);

    if (rc != KSZ_OK)
        return rc;
    if (copy_json_plain(b->data + b->len, s, n)) {
        b->len += n;
        b->data[b->len] = '\0';
        return KSZ_OK;
    }
    return ksz_buf_json_str(b, s, n);
}

/* Must s[0..n) be quoted as a CSV field: does it hold a comma, quote, line
 * break or NUL? */
static bool csv_needs_quotes(const char *s, size_t n)
{
    static const bool special[256] = {
        [0] = true, [','] = true, ['"'] = true, ['\r'] = true, ['\n'] = true,
    };
    bool any = false;

    for (size_t i = 0; i < n; i++)
        any |= special[(unsigned char)s[i]];
    return any;
}

/* One CSV field, quoted when it holds a comma, quote, line break or NUL. */
static ksz_rc put_csv_field(struct ksz_buf *b, const char *s, size_t n)
{
    ksz_rc rc;

    if (!csv_needs_quotes(s, n))
        return ksz_buf_append(b, s, n);
    rc = ksz_buf_putc(b, '"');
    for (size_t i = 0; i < n && rc == KSZ_OK; i++) {
        if (s[i] == '"')
            rc = ksz_buf_putc(b, '"');
        if (rc == KSZ_OK)
            rc = ksz_buf_putc(b, s[i]);
    }
    if (rc == KSZ_OK)
        rc = ksz_buf_putc(b, '"');
    return rc;
}

/* Make room for n more bytes in the output. */
static ksz_rc room(struct ksz_buf *b, size_t n)
{
    if (b->cap - b->len > n) /* ksz_buf_reserve's test, len + n + 1 <= cap */
        return KSZ_OK;
    return ksz_buf_reserve(b, n);
}

/* A preassembled part of a record is kept with slack after it, and copied
 * PIECE_OVER bytes, then 16 at a time: the bytes past its end land in room
 * the record has reserved (PIECE_OVER for each part) and are overwritten by
 * what follows. Most parts are copied by the first four stores. */
#define PIECE_OVER 64

/* Called when a part is complete: gives it its slack. */
static ksz_rc piece_done(struct ksz_buf *b)
{
    return ksz_buf_reserve(b, (b->len < PIECE_OVER ? PIECE_OVER - b->len : 0) + 16);
}

static inline char *put_piece(char *p, const struct ksz_buf *s)
{
    const char *d = s->data;
    size_t n = s->len;

    memcpy(p, d, PIECE_OVER);
    for (size_t i = PIECE_OVER; i < n; i += 16)
        memcpy(p + i, d + i, 16);
    return p + n;
}

/* Decimal output. The eight digits of v < 10^8 are made at once in the bytes
 * of a 64-bit word, first digit in the lowest byte: the two halves of four
 * digits, then the pairs of each, then the digits of each pair, divided by
 * multiplications that cannot carry from one lane into the next. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
HOT_INLINE uint64_t dec8_lanes(uint32_t v)
{
    uint64_t y = (v / 10000) | ((uint64_t)(v % 10000) << 32);
    uint64_t z = ((y * 10486) >> 20) & 0x0000007f0000007full; /* /100 for < 43699 */

    y = z | ((y - z * 100) << 16);
    z = ((y * 103) >> 10) & 0x000f000f000f000full; /* /10 for < 179 */
    return z | ((y - z * 10) << 8);
}

/* v < 10^8 without leading zeros; writes 8 bytes. */
HOT_INLINE char *put_dec8(char *p, uint32_t v)
{
    uint64_t d = dec8_lanes(v);
    unsigned zeros = (unsigned)__builtin_ctzll(d | (1ull << 56)) & ~7u; /* bits */

    d = (d | 0x3030303030303030ull) >> zeros;
    memcpy(p, &d, 8);
    return p + 8 - zeros / 8;
}

/* v < 10^8 as exactly eight digits. */
static char *put_dec8_full(char *p, uint32_t v)
{
    uint64_t d = dec8_lanes(v) | 0x3030303030303030ull;

    memcpy(p, &d, 8);
    return p + 8;
}

static char *put_dec_long(char *p, uint64_t v)
{
    if (v < 10000000000000000ull) {
        p = put_dec8(p, (uint32_t)(v / 100000000));
        return put_dec8_full(p, (uint32_t)(v % 100000000));
    }
    p = put_dec8(p, (uint32_t)(v / 10000000000000000ull));
    v %= 10000000000000000ull;
    p = put_dec8_full(p, (uint32_t)(v / 100000000));
    return put_dec8_full(p, (uint32_t)(v % 100000000));
}

/* Writes up to 24 bytes, of which the digits are the first. */
HOT_INLINE char *put_dec(char *p, uint64_t v)
{
    if (v < 100000000)
        return put_dec8(p, (uint32_t)v);
    return put_dec_long(p, v);
}
#else
static char *put_dec(char *p, uint64_t v)
{
    char d[24];
    size_t i = sizeof d;

    do {
        d[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    memcpy(p, d + i, sizeof d - i);
    return p + (sizeof d - i);
}
#endif

/* What a record may write past the lengths of its parts: the pieces' and the
 * numbers' overrun, the literals. */
#define RECORD_OVER (4 * PIECE_OVER + 2 * 24 + 64)

/* ","line":N" of a JSON record: consecutive hits are often on one line, so
 * the last one is kept. */
static inline char *put_line(struct out *o, char *p, uint64_t line)
{
    char *q = p;

    if (line == o->line_of) {
        memcpy(p, o->line_text, 16);
        return p + o->line_len;
    }
    memcpy(p, ",\"line\":", 8);
    p = put_dec(p + 8, line);
    if (p - q <= 16) {
        memcpy(o->line_text, q, 16);
        o->line_len = (size_t)(p - q);
        o->line_of = line;
    }
    return p;
}

/* Which preassembled tail a hit takes. */
static unsigned tail_of(const struct ksz_extract_hit *h)
{
    return ((h->flags & KSZ_EXTRACT_DEFANGED) ? 1u : 0u) |
           ((h->flags & KSZ_EXTRACT_REFERENCE) ? 2u : 0u);
}

/* The room a record needs beyond its value: its parts at their longest and
 * what is written past them. */
static void set_over(struct out *o)
{
    o->over = o->head_max + o->tail_max + o->reason_max + RECORD_OVER;
}

/* JSON: o->reason is ","reason":"R"}\n"; CSV: "R\n". Reasons are static
 * strings, so the pointer names the text. */
static ksz_rc set_reason(struct out *o, const char *reason)
{
    struct ksz_buf *b = &o->reason;
    ksz_rc rc;

    ksz_buf_reset(b);
    o->reason_of = NULL;
    if (o->fmt == FMT_CSV) {
        rc = put_csv_field(b, reason, strlen(reason));
        if (rc == KSZ_OK)
            rc = ksz_buf_putc(b, '\n');
    } else {
        rc = ksz_buf_append(b, ",\"reason\":\"", 11);
        if (rc == KSZ_OK)
            rc = put_json_str(b, reason, strlen(reason));
        if (rc == KSZ_OK)
            rc = ksz_buf_append(b, "\"}\n", 3);
    }
    if (rc == KSZ_OK)
        rc = piece_done(b);
    if (rc == KSZ_OK) {
        o->reason_of = reason;
        o->reason_max = b->len > o->reason_max ? b->len : o->reason_max;
        set_over(o);
    }
    return rc;
}

/* The head of a record for each type, once per run. */
static ksz_rc set_heads(struct out *o)
{
    ksz_rc rc = KSZ_OK;

    for (int t = 0; t < KSZ_IOC__COUNT && rc == KSZ_OK; t++) {
        struct ksz_buf *b = &o->head[t];
        const char *name = ksz_ioc_type_name((ksz_ioc_type)t);

        if (o->fmt == FMT_JSONL || o->fmt == FMT_JSON)
            rc = ksz_buf_printf(b, "{\"type\":\"%s\",\"value\":\"", name);
        else
            rc = ksz_buf_printf(b, "%s%c", name, o->fmt == FMT_CSV ? ',' : '\t');
        if (rc == KSZ_OK)
            rc = piece_done(b);
        o->head_max = b->len > o->head_max ? b->len : o->head_max;
    }
    set_over(o);
    return rc;
}

/* The tails of the records of one input; file is NULL for stdin. */
static ksz_rc set_tails(struct out *o, const char *file)
{
    static const char *const tf[2] = {"false", "true"};
    ksz_rc rc = KSZ_OK;

    for (unsigned k = 0; k < 4 && rc == KSZ_OK; k++) {
        struct ksz_buf *b = &o->tail[k];
        const char *defanged = tf[k & 1], *reference = tf[k >> 1];

        ksz_buf_reset(b);
        if (o->fmt == FMT_CSV) {
            rc = ksz_buf_printf(b, ",%s,", defanged);
            if (rc == KSZ_OK)
                rc = put_csv_field(b, file ? file : "", file ? strlen(file) : 0);
            if (rc == KSZ_OK)
                rc = ksz_buf_printf(b, ",%s,", reference);
        } else {
            rc = ksz_buf_printf(b, ",\"defanged\":%s", defanged);
            if (rc == KSZ_OK && file != NULL) {
                rc = ksz_buf_append(b, ",\"file\":\"", 9);
                if (rc == KSZ_OK)
                    rc = put_json_str(b, file, strlen(file));
                if (rc == KSZ_OK)
                    rc = ksz_buf_putc(b, '"');
            }
            if (rc == KSZ_OK)
                rc = ksz_buf_printf(b, ",\"reference\":%s}\n", reference);
        }
        if (rc == KSZ_OK)
            rc = piece_done(b);
        o->tail_max = b->len > o->tail_max ? b->len : o->tail_max;
    }
    set_over(o);
    return rc;
}

static void out_cleanup(struct out *o)
{
    ksz_buf_cleanup(&o->buf);
    ksz_buf_cleanup(&o->reason);
    for (int t = 0; t < KSZ_IOC__COUNT; t++)
        ksz_buf_cleanup(&o->head[t]);
    for (unsigned k = 0; k < 4; k++)
        ksz_buf_cleanup(&o->tail[k]);
}

/* One JSON object per hit and its line end, written straight into the output
 * buffer from preassembled parts: o->head for the type, o->tail for the
 * flags and the file, o->reason for the reason. */
HOT_INLINE ksz_rc put_json(struct out *o, const struct ksz_extract_hit *h)
{
    struct ksz_buf *b = &o->buf;
    const struct ksz_buf *head = &o->head[h->type < KSZ_IOC__COUNT ? h->type : 0];
    const struct ksz_buf *tail = &o->tail[tail_of(h)];
    const char *reason = (h->flags & KSZ_EXTRACT_REFERENCE) ? h->reason : NULL;
    size_t need;
    ksz_rc rc;
    char *p;

    if (reason != NULL && reason != o->reason_of) {
        rc = set_reason(o, reason);
        if (rc != KSZ_OK)
            return rc;
    }
    need = h->value_len + o->over;
    rc = room(b, need);
    if (rc != KSZ_OK)
        return rc;
    p = put_piece(b->data + b->len, head);
    if (copy_json_plain(p, h->value, h->value_len)) {
        p += h->value_len;
    } else {
        b->len = (size_t)(p - b->data);
        rc = ksz_buf_json_str(b, h->value, h->value_len);
        if (rc == KSZ_OK)
            rc = room(b, need);
        if (rc != KSZ_OK)
            return rc;
        p = b->data + b->len;
    }
    memcpy(p, "\",\"offset\":\0\0\0\0\0", 16);
    p = put_dec(p + 11, h->offset);
    p = put_line(o, p, h->line);
    p = put_piece(p, tail); /* ends in "}\n" */
    if (reason != NULL)
        p = put_piece(p - 2, &o->reason);
    b->len = (size_t)(p - b->data);
    return KSZ_OK;
}

/* type,value,offset,line,defanged,file,reference,reason: o->head holds
 * "type,", o->tail ",defanged,file,reference," and o->reason "reason\n". */
static ksz_rc put_csv(struct out *o, const struct ksz_extract_hit *h)
{
    struct ksz_buf *b = &o->buf;
    const struct ksz_buf *head = &o->head[h->type < KSZ_IOC__COUNT ? h->type : 0];
    const struct ksz_buf *tail = &o->tail[tail_of(h)];
    const char *reason = (h->flags & KSZ_EXTRACT_REFERENCE) ? h->reason : NULL;
    size_t need;
    ksz_rc rc;
    char *p;

    if (reason != NULL && reason != o->reason_of) {
        rc = set_reason(o, reason);
        if (rc != KSZ_OK)
            return rc;
    }
    need = h->value_len + o->over;
    rc = room(b, need);
    if (rc != KSZ_OK)
        return rc;
    p = put_piece(b->data + b->len, head);
    if (!csv_needs_quotes(h->value, h->value_len)) {
        memcpy(p, h->value, h->value_len);
        p += h->value_len;
    } else {
        b->len = (size_t)(p - b->data);
        rc = put_csv_field(b, h->value, h->value_len);
        if (rc == KSZ_OK)
            rc = room(b, need);
        if (rc != KSZ_OK)
            return rc;
        p = b->data + b->len;
    }
    *p++ = ',';
    p = put_dec(p, h->offset);
    *p++ = ',';
    p = put_dec(p, h->line);
    p = put_piece(p, tail);
    if (reason != NULL)
        p = put_piece(p, &o->reason);
    else
        *p++ = '\n';
    b->len = (size_t)(p - b->data);
    return KSZ_OK;
}

/* type<TAB>value: o->head holds "type\t". */
static ksz_rc put_text(struct out *o, const struct ksz_extract_hit *h)
{
    struct ksz_buf *b = &o->buf;
    const struct ksz_buf *head = &o->head[h->type < KSZ_IOC__COUNT ? h->type : 0];
    ksz_rc rc = room(b, h->value_len + o->over);
    char *p;

    if (rc != KSZ_OK)
        return rc;
    p = put_piece(b->data + b->len, head);
    memcpy(p, h->value, h->value_len);
    p[h->value_len] = '\n';
    b->len = (size_t)(p + h->value_len + 1 - b->data);
    return KSZ_OK;
}

static void flush(struct out *o)
{
    if (o->buf.len > 0 && fwrite(o->buf.data, 1, o->buf.len, stdout) != o->buf.len)
        o->failed = true;
    ksz_buf_reset(&o->buf);
}

/* The default format has a callback of its own, with put_json inlined. */
static int on_hit_jsonl(const struct ksz_extract_hit *h, void *user)
{
    struct out *o = user;

    if (put_json(o, h) != KSZ_OK)
        o->failed = true;
    if (o->buf.len >= OUT_CHUNK)
        flush(o);
    return o->failed ? 1 : 0;
}

static int on_hit(const struct ksz_extract_hit *h, void *user)
{
    struct out *o = user;
    ksz_rc rc = KSZ_OK;

    switch (o->fmt) {
    case FMT_JSONL:
        return on_hit_jsonl(h, user);
    case FMT_JSON:
        rc = ksz_buf_append(&o->buf, o->records ? ",\n" : "[\n", 2);
        if (rc == KSZ_OK)
            rc = put_json(o, h);
        if (rc == KSZ_OK)
            o->buf.len--; /* the array puts ",\n" between objects, not after each */
        break;
    case FMT_CSV:
        rc = put_csv(o, h);
        break;
    case FMT_TEXT:
        rc = put_text(o, h);
        break;
    }
    o->records++;
    if (rc != KSZ_OK)
        o->failed = true;
    if (o->buf.len >= OUT_CHUNK)
        flush(o);
    return o->failed ? 1 : 0;
}

/* Feed a regular file of size bytes, mapped MAP_WINDOW bytes at a time so
 * that the kernel copies nothing and the mapping stays bounded; the pages of
 * a window are mapped at once (MAP_POPULATE), not one fault per 64 KiB.
 * *done is set to the bytes fed; a window that cannot be mapped leaves the
 * rest to read(). (A file cut short while mapped ends the process with
 * SIGBUS, as it does any reader of a mapping.) */
static ksz_rc feed_mapped(struct ksz_extractor *x, int fd, uint64_t size, uint64_t *done,
                          struct ksz_error *err)
{
    ksz_rc rc = KSZ_OK;
    uint64_t off = 0;

    while (off < size && rc == KSZ_OK) {
        size_t n = size - off < MAP_WINDOW ? (size_t)(size - off) : MAP_WINDOW;
        void *m = mmap(NULL, n, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, (off_t)off);

        if (m == MAP_FAILED)
            break;
        rc = ksz_extract_feed(x, m, n, err);
        (void)munmap(m, n);
        off += n;
    }
    *done = off;
    return rc;
}

/* Feed what read() gives, READ_CHUNK bytes at a time (bounded memory for
 * pipes). *rerr is set to the errno of a failed read, or 0. */
static ksz_rc feed_read(struct ksz_extractor *x, int fd, char *chunk, int *rerr,
                        struct ksz_error *err)
{
    ksz_rc rc = KSZ_OK;
    bool eof = false;

    *rerr = 0;
    while (!eof && *rerr == 0 && rc == KSZ_OK) {
        size_t n = 0;

        while (n < READ_CHUNK) {
            ssize_t r = read(fd, chunk + n, READ_CHUNK - n);

            if (r > 0) {
                n += (size_t)r;
            } else if (r == 0) {
                eof = true;
                break;
            } else if (errno != EINTR) {
                *rerr = errno;
                break;
            }
        }
        if (n > 0)
            rc = ksz_extract_feed(x, chunk, n, err);
    }
    return rc;
}

/* Feed one input to the extractor: a regular file named on the command line
 * is mapped, and whatever it has grown by since is read; stdin and other
 * files are read. Returns an exit status. */
static int run_input(struct ksz_extractor *x, struct out *o, const char *path, char *chunk)
{
    struct ksz_error err = {0};
    const char *name = path != NULL ? path : "-";
    int fd = STDIN_FILENO, rerr = 0;
    uint64_t mapped = 0;
    struct stat st;
    ksz_rc rc = KSZ_OK;

    if (path != NULL) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            cli_errorf("extract", "%s: %s", path, strerror(errno));
            return CLI_EXIT_ERROR;
        }
    }
    if (set_tails(o, path) != KSZ_OK) {
        cli_errorf("extract", "out of memory");
        if (path != NULL)
            close(fd);
        return CLI_EXIT_ERROR;
    }
    if (path != NULL && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        rc = feed_mapped(x, fd, (uint64_t)st.st_size, &mapped, &err);
    if (rc == KSZ_OK && mapped > 0 && lseek(fd, (off_t)mapped, SEEK_SET) < 0)
        rerr = errno;
    if (rc == KSZ_OK && rerr == 0)
        rc = feed_read(x, fd, chunk, &rerr, &err);
    if (rc == KSZ_OK && rerr != 0) {
        cli_errorf("extract", "%s: read error: %s", name, strerror(rerr));
        rc = KSZ_ERR_IO;
        (void)ksz_extract_finish(x, NULL);
    } else if (rc == KSZ_OK) {
        rc = ksz_extract_finish(x, &err);
        if (rc != KSZ_OK)
            cli_errorf("extract", "%s: %s", name, err.msg);
    } else {
        cli_errorf("extract", "%s: %s", name, err.msg);
        (void)ksz_extract_finish(x, NULL);
    }
    if (path != NULL)
        close(fd);
    return cli_exit_for(rc);
}

int cli_cmd_extract(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"types", required_argument, NULL, 't'},
        {"unique", no_argument, NULL, 'u'},
        {"no-context", no_argument, NULL, 'n'},
        {"include-reserved", no_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct ksz_extract_opts opts;
    struct out o = {0};
    struct ksz_extractor *x = NULL;
    struct ksz_error err = {0};
    int c, status = CLI_EXIT_OK;
    char *chunk = NULL;
    ksz_rc rc;

    ksz_extract_opts_init(&opts);
    o.fmt = FMT_JSONL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:t:unh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "jsonl") == 0)
                o.fmt = FMT_JSONL;
            else if (strcmp(optarg, "json") == 0)
                o.fmt = FMT_JSON;
            else if (strcmp(optarg, "csv") == 0)
                o.fmt = FMT_CSV;
            else if (strcmp(optarg, "text") == 0)
                o.fmt = FMT_TEXT;
            else {
                cli_errorf("extract", "unknown format '%s' (jsonl, json, csv, text)", optarg);
                return CLI_EXIT_ERROR;
            }
            break;
        case 't':
            rc = ksz_ioc_typeset_parse(optarg, strlen(optarg), &opts.types, &err);
            if (rc != KSZ_OK) {
                cli_errorf("extract", "--types: %s", err.msg);
                return cli_exit_for(rc);
            }
            break;
        case 'u':
            opts.unique = true;
            break;
        case 'n':
            opts.drop_reference = true;
            break;
        case 'R':
            opts.include_reserved = true;
            break;
        case 'h':
            usage(stdout);
            return CLI_EXIT_OK;
        case ':':
            cli_errorf("extract", "option '%s' needs a value", argv[optind - 1]);
            return CLI_EXIT_ERROR;
        default:
            cli_errorf("extract", "unknown option '%s' (see kizashi extract --help)",
                       argv[optind - 1]);
            return CLI_EXIT_ERROR;
        }
    }
    ksz_buf_init(&o.buf, 0);
    ksz_buf_init(&o.reason, 0);
    for (int t = 0; t < KSZ_IOC__COUNT; t++)
        ksz_buf_init(&o.head[t], 0);
    for (unsigned k = 0; k < 4; k++)
        ksz_buf_init(&o.tail[k], 0);
    (void)ksz_buf_reserve(&o.buf, OUT_CHUNK + 65536);
    chunk = malloc(READ_CHUNK);
    rc = chunk != NULL ? set_heads(&o) : KSZ_ERR_NOMEM;
    if (rc == KSZ_OK)
        rc = ksz_extract_new(&opts, o.fmt == FMT_JSONL ? on_hit_jsonl : on_hit, &o, &x, &err);
    else
        ksz_error_set(&err, rc, "out of memory");
    if (rc != KSZ_OK) {
        cli_errorf("extract", "%s", err.msg);
        free(chunk);
        out_cleanup(&o);
        return cli_exit_for(rc);
    }
    if (o.fmt == FMT_CSV)
        (void)ksz_buf_printf(&o.buf, "type,value,offset,line,defanged,file,reference,reason\n");
    if (optind >= argc) {
        status = run_input(x, &o, NULL, chunk);
    } else {
        for (int i = optind; i < argc && !o.failed; i++) {
            int s = run_input(x, &o, strcmp(argv[i], "-") == 0 ? NULL : argv[i], chunk);
            if (s != CLI_EXIT_OK)
                status = s;
        }
    }
    if (o.fmt == FMT_JSON)
        (void)ksz_buf_printf(&o.buf, o.records ? "\n]\n" : "[]\n");
    flush(&o);
    if (fflush(stdout) != 0 || o.failed) {
        cli_errorf("extract", "cannot write the output");
        status = CLI_EXIT_ERROR;
    }
    ksz_extract_free(x);
    out_cleanup(&o);
    free(chunk);
    return status;
}
