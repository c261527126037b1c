/* zkpot L4 groth16, internal: BLAKE2b-512 (RFC 7693), moved here from
 * ptau_gen.c so that setup_ptau.c shares it (blake2b.h). */
#include <stdbool.h>
#include <string.h>

#include "groth16/blake2b.h"

static const uint64_t b2b_iv[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
static const uint8_t b2b_sigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

static uint64_t rotr64(uint64_t x, unsigned n) { return x >> n | x << (64 - n); }

static void b2b_compress(b2b_t *c, bool last) {
    uint64_t v[16], m[16];
    for (int i = 0; i < 16; i++) {
        uint64_t w = 0;
        for (int j = 7; j >= 0; j--)
            w = w << 8 | c->buf[8 * i + j];
        m[i] = w;
    }
    for (int i = 0; i < 8; i++)
        v[i] = c->h[i], v[i + 8] = b2b_iv[i];
    v[12] ^= c->total; /* the byte counter (< 2^64 here) */
    if (last) v[14] = ~v[14];
#define G(a, b, c_, d, x, y)                                                                       \
    do {                                                                                           \
        v[a] = v[a] + v[b] + (x), v[d] = rotr64(v[d] ^ v[a], 32);                                  \
        v[c_] = v[c_] + v[d], v[b] = rotr64(v[b] ^ v[c_], 24);                                     \
        v[a] = v[a] + v[b] + (y), v[d] = rotr64(v[d] ^ v[a], 16);                                  \
        v[c_] = v[c_] + v[d], v[b] = rotr64(v[b] ^ v[c_], 63);                                     \
    } while (0)
    for (int r = 0; r < 12; r++) {
        const uint8_t *s = b2b_sigma[r];
        G(0, 4, 8, 12, m[s[0]], m[s[1]]);
        G(1, 5, 9, 13, m[s[2]], m[s[3]]);
        G(2, 6, 10, 14, m[s[4]], m[s[5]]);
        G(3, 7, 11, 15, m[s[6]], m[s[7]]);
        G(0, 5, 10, 15, m[s[8]], m[s[9]]);
        G(1, 6, 11, 12, m[s[10]], m[s[11]]);
        G(2, 7, 8, 13, m[s[12]], m[s[13]]);
        G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
#undef G
    for (int i = 0; i < 8; i++)
        c->h[i] ^= v[i] ^ v[i + 8];
}

void b2b_init(b2b_t *c) {
    memset(c, 0, sizeof *c);
    memcpy(c->h, b2b_iv, sizeof c->h);
    c->h[0] ^= 0x01010000ULL ^ 64; /* fan-out 1, depth 1, no key, 64-byte digest */
}

void b2b_update(b2b_t *c, const void *data, size_t n) {
    const uint8_t *p = data;
    while (n) {
        if (c->pos == 128) { /* full and more to come: not the last block */
            b2b_compress(c, false);
            c->pos = 0;
        }
        size_t take = 128 - c->pos < n ? 128 - c->pos : n;
        memcpy(c->buf + c->pos, p, take);
        c->pos += take, c->total += take, p += take, n -= take;
    }
}

void b2b_final(b2b_t *c, uint8_t out[64]) {
    memset(c->buf + c->pos, 0, 128 - c->pos);
    b2b_compress(c, true);
    for (int i = 0; i < 64; i++)
        out[i] = (uint8_t)(c->h[i / 8] >> (8 * (i % 8)));
}

void b2b_partial(uint8_t out[216], const b2b_t *c) {
    memset(out, 0, 216);
    memcpy(out, c->buf, 128);
    uint64_t w[10];
    memcpy(w, c->h, sizeof c->h);
    w[8] = c->total - c->pos, w[9] = c->pos;
    for (int i = 0; i < 80; i++)
        out[128 + i] = (uint8_t)(w[i / 8] >> (8 * (i % 8)));
}
