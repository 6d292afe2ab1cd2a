/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_extract.c - `kizashi extract [options] [FILE...]`: find indicators in
 * text and print them, one record per hit.
 *
 * The library does the finding; this file parses options, reads files (or
 * stdin) in chunks and formats records: JSON lines by default, a JSON array,
 * CSV or tab-separated text.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum fmt { FMT_JSONL, FMT_JSON, FMT_CSV, FMT_TEXT };

/* Records are built in one buffer and written with one fwrite per chunk. */
#define OUT_CHUNK (1u << 20)

struct out {
    enum fmt fmt;
    const char *file;   /* NULL for stdin */
    struct ksz_buf file_json; /* file, JSON-escaped once per input */
    struct ksz_buf buf;       /* output, written out in chunks of OUT_CHUNK */
    size_t records;
    bool failed;        /* writing stdout failed */
    const char *type_name[KSZ_IOC__COUNT]; /* ksz_ioc_type_name, looked up once */
    size_t type_len[KSZ_IOC__COUNT];
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

/* Is s[0..n) printable ASCII with nothing JSON must escape? Nearly every
 * value is, and is then copied as is. 16 bytes at a time: a byte below 0x20
 * or from 0x80 up is below 0x20 as a signed char. */
static bool json_plain(const char *s, size_t n)
{
    /* bytes copied as they are: printable ASCII but '"' and '\\' */
    static const bool plain[256] = {
        [0x20 ... 0x21] = true, [0x23 ... 0x5b] = true, [0x5d ... 0x7e] = true,
    };
    unsigned bad = 0;
    size_t i = 0;

#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i e = _mm_or_si128(
            _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f))),
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
        bad |= (unsigned)_mm_movemask_epi8(e);
    }
#endif
    for (; i < n; i++)
        bad |= !plain[(unsigned char)s[i]];
    return bad == 0;
}

/* Append a JSON string body (no quotes). */
static ksz_rc put_json_str(struct ksz_buf *b, const char *s, size_t n)
{
    if (json_plain(s, n))
        return ksz_buf_append(b, s, n);
    return ksz_buf_json_str(b, s, n);
}

/* Append raw bytes into room already reserved. */
static char *put_raw(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

#define PUT_LIT(p, lit) put_raw((p), (lit), sizeof(lit) - 1)

static char *put_dec(char *p, uint64_t v)
{
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324"
                                   "25262728293031323334353637383940414243444546474849"
                                   "50515253545556575859606162636465666768697071727374"
                                   "75767778798081828384858687888990919293949596979899";
    char d[24];
    size_t i = sizeof d;

    while (v >= 100) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        d[--i] = pairs[2 * r + 1];
        d[--i] = pairs[2 * r];
    }
    if (v >= 10) {
        d[--i] = pairs[2 * v + 1];
        d[--i] = pairs[2 * v];
    } else {
        d[--i] = (char)('0' + v);
    }
    return put_raw(p, d + i, sizeof d - i);
}

/* One JSON object per hit and its line end, written straight into the output
 * buffer: the fixed parts are literals, the type name and the file are looked
 * up or escaped once (o->type_len, o->file_json), and a value is escaped only
 * when it holds something JSON must escape. */
static ksz_rc put_json(struct out *o, const struct ksz_extract_hit *h)
{
    struct ksz_buf *b = &o->buf;
    const char *tn = o->type_name[h->type < KSZ_IOC__COUNT ? h->type : 0];
    size_t tl = o->type_len[h->type < KSZ_IOC__COUNT ? h->type : 0];
    bool plain = json_plain(h->value, h->value_len);
    const char *reason = (h->flags & KSZ_EXTRACT_REFERENCE) ? h->reason : NULL;
    size_t need = 160 + tl + (plain ? h->value_len : 0) + o->file_json.len;
    ksz_rc rc;
    char *p;

    rc = ksz_buf_reserve(b, need);
    if (rc != KSZ_OK)
        return rc;
    p = b->data + b->len;
    p = PUT_LIT(p, "{\"type\":\"");
    p = put_raw(p, tn, tl);
    p = PUT_LIT(p, "\",\"value\":\"");
    if (!plain) {
        b->len = (size_t)(p - b->data);
        rc = ksz_buf_json_str(b, h->value, h->value_len);
        if (rc == KSZ_OK)
            rc = ksz_buf_reserve(b, need);
        if (rc != KSZ_OK)
            return rc;
        p = b->data + b->len;
    } else {
        p = put_raw(p, h->value, h->value_len);
    }
    p = PUT_LIT(p, "\",\"offset\":");
    p = put_dec(p, h->offset);
    p = PUT_LIT(p, ",\"line\":");
    p = put_dec(p, h->line);
    if (h->flags & KSZ_EXTRACT_DEFANGED)
        p = PUT_LIT(p, ",\"defanged\":true");
    else
        p = PUT_LIT(p, ",\"defanged\":false");
    if (o->file != NULL) {
        p = PUT_LIT(p, ",\"file\":\"");
        p = put_raw(p, o->file_json.data, o->file_json.len);
        *p++ = '"';
    }
    if (h->flags & KSZ_EXTRACT_REFERENCE)
        p = PUT_LIT(p, ",\"reference\":true");
    else
        p = PUT_LIT(p, ",\"reference\":false");
    if (reason == NULL) {
        *p++ = '}';
        *p++ = '\n';
        b->len = (size_t)(p - b->data);
        return KSZ_OK;
    }
    b->len = (size_t)(p - b->data);
    rc = ksz_buf_append(b, ",\"reason\":\"", 11);
    if (rc == KSZ_OK)
        rc = put_json_str(b, reason, strlen(reason));
    if (rc == KSZ_OK)
        rc = ksz_buf_append(b, "\"}\n", 3);
    return rc;
}

/* One CSV field, quoted when it holds a comma, quote or line break. */
static ksz_rc put_csv_field(struct ksz_buf *b, const char *s, size_t n)
{
    ksz_rc rc;

    if (strcspn(s, ",\"\r\n") >= n && memchr(s, '\0', n) == NULL)
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

static ksz_rc put_csv(struct out *o, const struct ksz_extract_hit *h)
{
    struct ksz_buf *b = &o->buf;
    const char *file = o->file != NULL ? o->file : "";
    const char *reason = (h->flags & KSZ_EXTRACT_REFERENCE) && h->reason ? h->reason : "";
    ksz_rc rc;

    rc = ksz_buf_printf(b, "%s,", ksz_ioc_type_name(h->type));
    if (rc == KSZ_OK)
        rc = put_csv_field(b, h->value, h->value_len);
    if (rc == KSZ_OK)
        rc = ksz_buf_printf(b, ",%llu,%llu,%s,", (unsigned long long)h->offset,
                            (unsigned long long)h->line,
                            (h->flags & KSZ_EXTRACT_DEFANGED) ? "true" : "false");
    if (rc == KSZ_OK)
        rc = put_csv_field(b, file, strlen(file));
    if (rc == KSZ_OK)
        rc = ksz_buf_printf(b, ",%s,", (h->flags & KSZ_EXTRACT_REFERENCE) ? "true" : "false");
    if (rc == KSZ_OK)
        rc = put_csv_field(b, reason, strlen(reason));
    if (rc == KSZ_OK)
        rc = ksz_buf_putc(b, '\n');
    return rc;
}

static void flush(struct out *o)
{
    if (o->buf.len > 0 && fwrite(o->buf.data, 1, o->buf.len, stdout) != o->buf.len)
        o->failed = true;
    ksz_buf_reset(&o->buf);
}

static int on_hit(const struct ksz_extract_hit *h, void *user)
{
    struct out *o = user;
    ksz_rc rc = KSZ_OK;

    switch (o->fmt) {
    case FMT_JSONL:
        rc = put_json(o, h);
        break;
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
        rc = ksz_buf_append(&o->buf, o->type_name[h->type < KSZ_IOC__COUNT ? h->type : 0],
                            o->type_len[h->type < KSZ_IOC__COUNT ? h->type : 0]);
        if (rc == KSZ_OK)
            rc = ksz_buf_putc(&o->buf, '\t');
        if (rc == KSZ_OK)
            rc = ksz_buf_append(&o->buf, h->value, h->value_len);
        if (rc == KSZ_OK)
            rc = ksz_buf_putc(&o->buf, '\n');
        break;
    }
    o->records++;
    if (rc != KSZ_OK)
        o->failed = true;
    if (o->buf.len >= OUT_CHUNK)
        flush(o);
    return o->failed ? 1 : 0;
}

/* Feed one input to the extractor. Returns an exit status. */
static int run_input(struct ksz_extractor *x, struct out *o, const char *path, char *chunk,
                     size_t cap)
{
    FILE *f = stdin;
    struct ksz_error err = {0};
    ksz_rc rc = KSZ_OK;
    const char *name = path != NULL ? path : "-";

    if (path != NULL) {
        f = fopen(path, "rb");
        if (f == NULL) {
            cli_errorf("extract", "%s: %s", path, strerror(errno));
            return CLI_EXIT_ERROR;
        }
    }
    o->file = path;
    ksz_buf_reset(&o->file_json);
    if (path != NULL && put_json_str(&o->file_json, path, strlen(path)) != KSZ_OK) {
        cli_errorf("extract", "out of memory");
        if (f != stdin)
            fclose(f);
        return CLI_EXIT_ERROR;
    }
    for (;;) {
        size_t n = fread(chunk, 1, cap, f);
        if (n > 0)
            rc = ksz_extract_feed(x, chunk, n, &err);
        if (rc != KSZ_OK || n < cap)
            break;
    }
    if (rc == KSZ_OK && ferror(f)) {
        cli_errorf("extract", "%s: read error: %s", name, strerror(errno));
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
        fclose(f);
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
    const size_t cap = 1 << 20;
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
    for (int t = 0; t < KSZ_IOC__COUNT; t++) {
        o.type_name[t] = ksz_ioc_type_name((ksz_ioc_type)t);
        o.type_len[t] = strlen(o.type_name[t]);
    }
    ksz_buf_init(&o.buf, 0);
    ksz_buf_init(&o.file_json, 0);
    (void)ksz_buf_reserve(&o.buf, OUT_CHUNK + 65536);
    chunk = malloc(cap);
    rc = chunk != NULL ? ksz_extract_new(&opts, on_hit, &o, &x, &err) : KSZ_ERR_NOMEM;
    if (rc != KSZ_OK) {
        cli_errorf("extract", "%s", chunk != NULL ? err.msg : "out of memory");
        free(chunk);
        ksz_buf_cleanup(&o.buf);
        return cli_exit_for(rc);
    }
    if (o.fmt == FMT_CSV)
        (void)ksz_buf_printf(&o.buf, "type,value,offset,line,defanged,file,reference,reason\n");
    if (optind >= argc) {
        status = run_input(x, &o, NULL, chunk, cap);
    } else {
        for (int i = optind; i < argc && !o.failed; i++) {
            int s = run_input(x, &o, strcmp(argv[i], "-") == 0 ? NULL : argv[i], chunk, cap);
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
    ksz_buf_cleanup(&o.buf);
    ksz_buf_cleanup(&o.file_json);
    free(chunk);
    return status;
}
