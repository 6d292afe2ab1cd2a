/* SPDX-License-Identifier: Apache-2.0 */
/*
 * btc.c - Bitcoin addresses: Base58Check (P2PKH "1...", P2SH "3...") and
 * SegWit bech32/bech32m ("bc1q...", "bc1p...").
 *
 * Every address carries a checksum, and it is verified: ransom notes and
 * reports are full of base58-looking strings, and an address that fails its
 * checksum cannot receive coins. Base58 addresses are case-sensitive and kept
 * as written; bech32 is lower-cased (BIP 173 allows all upper case, never
 * mixed). Witness version 0 uses bech32, versions 1 to 16 bech32m (BIP 350).
 */
#include <assert.h>
#include <openssl/sha.h>
#include <string.h>
#include "ioc/ioc_int.h"

#define B58_MAX 35
#define BECH32_MAX 90

static const char b58_alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
static const char bech32_charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static int b58_value(char c)
{
    const char *p = c != '\0' ? strchr(b58_alphabet, c) : NULL;
    return p != NULL ? (int)(p - b58_alphabet) : -1;
}

static ksz_rc base58check(const char *s, size_t len, struct ksz_error *err)
{
    uint8_t bin[25] = {0};
    uint8_t h1[SHA256_DIGEST_LENGTH], h2[SHA256_DIGEST_LENGTH];
    size_t zeros = 0, lead = 0;

    if (len < 26 || len > B58_MAX)
        return ksz_error_set(err, KSZ_ERR_PARSE, "btc: base58 address length %zu is not 26..%d",
                             len, B58_MAX);
    for (size_t i = 0; i < len; i++) {
        int v = b58_value(s[i]);
        unsigned carry;
        if (v < 0)
            return ksz_error_set(err, KSZ_ERR_PARSE, "btc: not a base58 character at offset %zu",
                                 i);
        carry = (unsigned)v;
        for (int k = 24; k >= 0; k--) {
            carry += 58u * bin[k];
            bin[k] = (uint8_t)carry;
            carry >>= 8;
        }
        if (carry != 0)
            return ksz_error_set(err, KSZ_ERR_PARSE, "btc: base58 value longer than 25 bytes");
    }
    /* Each leading '1' stands for one leading zero byte, and only those do. */
    while (zeros < len && s[zeros] == '1')
        zeros++;
    for (size_t k = 0; k < 25 && bin[k] == 0; k++)
        lead++;
    if (lead != zeros)
        return ksz_error_set(err, KSZ_ERR_PARSE, "btc: base58 value is not 25 bytes");
    if (bin[0] != 0x00 && bin[0] != 0x05)
        return ksz_error_set(err, KSZ_ERR_PARSE, "btc: version byte 0x%02x is not 0x00 or 0x05",
                             bin[0]);
    SHA256(bin, 21, h1);
    SHA256(h1, sizeof h1, h2);
    if (memcmp(h2, bin + 21, 4) != 0)
        return ksz_error_set(err, KSZ_ERR_PARSE, "btc: base58 checksum mismatch");
    return KSZ_OK;
}

static uint32_t bech32_polymod(const uint8_t *v, size_t n)
{
    static const uint32_t gen[5] = {0x3b6a57b2u, 0x26508e6du, 0x1ea119fau, 0x3d4233ddu,
                                    0x2a1462b3u};
    uint32_t chk = 1;

    for (size_t i = 0; i < n; i++) {
        uint32_t top = chk >> 25;
        chk = ((chk & 0x1ffffffu) << 5) ^ v[i];
        for (int k = 0; k < 5; k++)
            if ((top >> k) & 1u)
                chk ^= gen[k];
    }
    return chk;
}

/* Verify a lower-cased "bc1..." address in low[0..len). */
static ksz_rc bech32_check(const char *low, size_t len, struct ksz_error *err)
{
    /* hrp "bc" expanded: high bits, 0, low bits; then the data values */
    uint8_t v[5 + BECH32_MAX];
    uint8_t prog[40];
    size_t ndata = len - 3, nv = 0, plen = 0;
    unsigned acc = 0, bits = 0;
    uint32_t want;

    if (len < 14 || len > BECH32_MAX)
        return ksz_error_set(err, KSZ_ERR_PARSE, "btc: bech32 length %zu is not 14..%d", len,
                             BECH32_MAX);
    v[nv++] = 'b' >> 5;
    v[nv++] = 'c' >> 5;
    v[nv++] = 0;
    v[nv++] = 'b' & 31;
    v[nv++] = 'c' & 31;
    for (size_t i = 3; i < len; i++) {
        const char *p = strchr(bech32_charset, low[i]);
        if (low[i] == '\0' || p == NULL)
            return ksz_error_set(err, KSZ_ERR_PARSE,
                                 "btc: not a bech32 character at offset %zu", i);
        v[nv++] = (uint8_t)(p - bech32_charset);
    }
    if (v[5] > 16)
        return ksz_error_set(err, KSZ_ERR_PARSE, "btc: witness version %u above 16", v[5]);
    want = v[5] == 0 ? 1u : 0x2bc830a3u;
    if (bech32_polymod(v, nv) != want)
        return ksz_error_set(err, KSZ_ERR_PARSE, "btc: %s checksum mismatch",
                             v[5] == 0 ? "bech32" : "bech32m");
    /* The witness program: 5-bit groups after the version, before the checksum. */
    for (size_t i = 6; i < 5 + ndata - 6; i++) {
        acc = (acc << 5) | v[i];
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            if (plen == sizeof prog)
                return ksz_error_set(err, KSZ_ERR_PARSE, "btc: witness program too long");
            prog[plen++] = (uint8_t)(acc >> bits);
        }
        acc &= 0xffu;
    }
    if (bits >= 5 || (acc & ((1u << bits) - 1u)) != 0)
        return ksz_error_set(err, KSZ_ERR_PARSE, "btc: bad padding in witness program");
    if (plen < 2 || (v[5] == 0 && plen != 20 && plen != 32))
        return ksz_error_set(err, KSZ_ERR_PARSE, "btc: witness program of %zu bytes", plen);
    return KSZ_OK;
}

ksz_rc ksz_btc_canon(const char *s, size_t len, char *out, size_t cap, size_t *outlen,
                     struct ksz_error *err)
{
    char low[BECH32_MAX];
    bool upper = false, lower = false;
    ksz_rc rc;

    assert(s != NULL || len == 0);
    if (len >= 3 && ksz__lower(s[0]) == 'b' && ksz__lower(s[1]) == 'c' && s[2] == '1') {
        if (len > BECH32_MAX)
            return ksz_error_set(err, KSZ_ERR_PARSE, "btc: bech32 longer than %d", BECH32_MAX);
        for (size_t i = 0; i < len; i++) {
            if (s[i] >= 'A' && s[i] <= 'Z')
                upper = true;
            else if (s[i] >= 'a' && s[i] <= 'z')
                lower = true;
            low[i] = ksz__lower(s[i]);
        }
        if (upper && lower)
            return ksz_error_set(err, KSZ_ERR_PARSE, "btc: mixed-case bech32");
        rc = bech32_check(low, len, err);
        if (rc != KSZ_OK)
            return rc;
        return ksz__ioc_emit(low, len, out, cap, outlen, "btc", err);
    }
    if (len == 0 || (s[0] != '1' && s[0] != '3'))
        return ksz_error_set(err, KSZ_ERR_PARSE, "btc: expected '1', '3' or \"bc1\" at offset 0");
    rc = base58check(s, len, err);
    if (rc != KSZ_OK)
        return rc;
    return ksz__ioc_emit(s, len, out, cap, outlen, "btc", err);
}
