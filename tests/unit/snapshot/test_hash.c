/* SPDX-License-Identifier: Apache-2.0 */
/* test_hash.c - hash64 (snapshot/snap_int.h) as docs/snapshot-format.md
 * defines it: the word-load tail and the two-part form must give the bytes
 * of the plain definition (zero-padded tail) for every length and seam,
 * or every table in every file would be unreadable. */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "snapshot/snap_int.h"

/* The definition, byte by byte. */
static uint64_t reference(const uint8_t *p, size_t n)
{
    uint64_t h = SNAP_S0 ^ (uint64_t)n;
    uint8_t t[16];
    size_t i = 0;

    for (; i + 16 <= n; i += 16) {
        uint64_t a = 0, b = 0;
        for (int k = 7; k >= 0; k--) {
            a = a << 8 | p[i + (size_t)k];
            b = b << 8 | p[i + 8 + (size_t)k];
        }
        h = snap_mum(a ^ SNAP_S1, b ^ h);
    }
    memset(t, 0, sizeof t);
    memcpy(t, p + i, n - i);
    {
        uint64_t a = 0, b = 0;
        for (int k = 7; k >= 0; k--) {
            a = a << 8 | t[k];
            b = b << 8 | t[8 + k];
        }
        h = snap_mum(a ^ SNAP_S2, b ^ h);
    }
    return snap_mum(h ^ SNAP_S3, SNAP_S1);
}

static void word_loads_give_the_defined_hash_at_every_length(void **state)
{
    uint8_t buf[200];
    (void)state;
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 37 + 11);
    for (size_t off = 0; off < 16; off++)
        for (size_t n = 0; n + off <= sizeof buf; n++) {
            /* a copy of exactly n bytes on the heap, so that ASan sees any overread */
            uint8_t *p = malloc(n ? n : 1);
            assert_non_null(p);
            memcpy(p, buf + off, n);
            assert_true(snap_hash(p, n) == reference(buf + off, n));
            free(p);
        }
}

static void two_parts_hash_like_their_concatenation(void **state)
{
    uint8_t buf[120];
    (void)state;
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 91 + 5);
    for (size_t n = 0; n <= sizeof buf; n++)
        for (size_t cut = 0; cut <= n; cut++) {
            uint8_t *a = malloc(cut ? cut : 1), *b = malloc(n - cut ? n - cut : 1);
            assert_non_null(a);
            assert_non_null(b);
            memcpy(a, buf, cut);
            memcpy(b, buf + cut, n - cut);
            assert_true(snap_hash2(a, cut, b, n - cut) == reference(buf, n));
            free(a);
            free(b);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(word_loads_give_the_defined_hash_at_every_length),
        cmocka_unit_test(two_parts_hash_like_their_concatenation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
