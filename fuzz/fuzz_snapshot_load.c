/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_snapshot_load.c - the snapshot loader and every accessor over
 * arbitrary bytes.
 *
 * Each input is loaded twice: as it is, and with its header checksum
 * recomputed, so that mutations reach the section checks and the lookups
 * instead of stopping at the checksum. Whatever loads is then read all
 * over: info, every record and threat, and lookups of every key kind.
 */
#include <stdlib.h>
#include <string.h>
#include "kizashi/match.h"
#include "snapshot/snap_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_hit(const struct ksz_match_hit *hit, void *user)
{
    struct ksz_snap_indicator ind;
    const struct ksz_snapshot *s = user;
    if (ksz_snapshot_indicator(s, hit->indicator, &ind, NULL) == KSZ_OK) {
        for (size_t i = 0; i < ind.n_threats && i < 8; i++)
            (void)ksz_snapshot_threat(s, &ind, i, NULL);
    }
    return 0;
}

static void exercise(const struct ksz_snapshot *s)
{
    struct ksz_snapshot_info info;
    struct ksz_matcher *m = NULL;
    static const char *texts[][2] = {
        {"3", "evil.example.com"},      {"3", "a.b.evil.example.com"},
        {"4", "http://evil.example.com/gate.php"}, {"4", "HTTP://1.2.3.4:8080/x"},
        {"4", "evil.example.com:443"},  {"5", "ops@evil.example.com"},
        {"6", "d41d8cd98f00b204e9800998ecf8427e"}, {"7", "[2001:db8::7]"},
        {"7", "198.51.100.7"},
    };
    struct ksz_match_key keys[16];
    size_t n = 0;

    ksz_snapshot_get_info(s, &info);
    (void)ksz_snapshot_verify(s, NULL);
    for (uint64_t i = 0; i < info.indicators && i < 4096; i++) {
        struct ksz_snap_indicator ind;
        if (ksz_snapshot_indicator(s, (uint32_t)i, &ind, NULL) == KSZ_OK)
            for (size_t k = 0; k < ind.n_threats && k < 8; k++)
                (void)ksz_snapshot_threat(s, &ind, k, NULL);
    }
    if (ksz_matcher_new(s, NULL, &m, NULL) != KSZ_OK)
        return;
    memset(keys, 0, sizeof keys);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++, n++) {
        keys[n].kind = (ksz_match_kind)(texts[i][0][0] - '0');
        keys[n].text = texts[i][1];
        keys[n].len = strlen(texts[i][1]);
        keys[n].time = 1700000000;
    }
    keys[n].kind = KSZ_MATCH_IPV4;
    keys[n++].u.ipv4 = 0xc6336407;
    keys[n].kind = KSZ_MATCH_IPV4;
    keys[n++].u.ipv4 = 0xcb007105;
    keys[n].kind = KSZ_MATCH_IPV6;
    keys[n].u.ipv6[0] = 0x20;
    keys[n].u.ipv6[1] = 0x01;
    keys[n].u.ipv6[2] = 0x0d;
    keys[n].u.ipv6[3] = 0xb8;
    keys[n++].u.ipv6[5] = 5;
    (void)ksz_match_batch(m, keys, n, count_hit, (void *)s, NULL, NULL);
    ksz_matcher_free(m);
}

static void load(const uint8_t *data, size_t size)
{
    struct ksz_snapshot *s = NULL;
    struct ksz_error err;
    if (ksz_snapshot_open_mem(data, size, &s, &err) == KSZ_OK) {
        exercise(s);
        ksz_snapshot_close(s);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load(data, size);
    if (size >= SNAP_HEADER_SIZE) {
        uint8_t *copy = malloc(size);
        uint64_t end;
        if (copy == NULL)
            return 0;
        memcpy(copy, data, size);
        end = SNAP_HEADER_SIZE + (uint64_t)snap_rd32(copy + SNAP_H_NSECT) * SNAP_SECTION_SIZE;
        if (end <= size) {
            snap_wr64(copy + SNAP_H_HEADSUM, 0);
            snap_wr64(copy + SNAP_H_HEADSUM, ksz__snap_checksum(copy, (size_t)end));
            snap_wr64(copy + SNAP_H_FSIZE, size);
            snap_wr64(copy + SNAP_H_HEADSUM, 0);
            snap_wr64(copy + SNAP_H_HEADSUM, ksz__snap_checksum(copy, (size_t)end));
            load(copy, size);
        }
        free(copy);
    }
    return 0;
}
