/* An honest (or one-weight-off) input.json for the SGD step of circuits/sgd.zkc
 * and bench/circom/sgd.circom, from a C model of the statement: shared by
 * bench/bench_circom.c and tests/check_zkcircom.c. Header-only; needs zkpot.h
 * (fr_*, poseidon_hash). */
#ifndef ZKPOT_BENCH_CIRCOM_SGD_INPUT_H
#define ZKPOT_BENCH_CIRCOM_SGD_INPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "zkpot.h"

/* stdlib/commit.zkc's commitment of nb-bit signed values with the m leading
 * elements pre: the runtime's model (train_commit, tested against the circuit
 * in tests/check_train.c). Aborts on a value outside nb bits (a bug here). */
static inline void sgd_commit_of(fr_t *h, const long long *v, int n, int nb, const fr_t *pre, int m) {
    int64_t *t = malloc((size_t)(n > 0 ? n : 1) * sizeof *t);
    if (!t) abort();
    for (int i = 0; i < n; i++) t[i] = v[i];
    if (train_commit(h, t, (size_t)n, (unsigned)nb, pre, (size_t)m) != ZKP_OK) abort();
    free(t);
}

/* splitmix64: deterministic benchmark inputs (never for secrets). */
static inline uint64_t sgd_rnd(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline __int128 sgd_floor_div128(__int128 a, __int128 b) {
    __int128 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Writes input.json of an honest step: P weights, batch B, F = 8, weights nb
 * bits, batch values xb bits (x, y drawn inside 12 bits, w inside 13); lr = 3,
 * tol = 2 and w2 off the exact rounding by up to tol. bad: one weight of w2
 * just outside the tolerance (every commitment still honest). */
static inline bool sgd_write_input(const char *path, int P, int B, int nb, int xb, uint64_t seed,
                                   bool bad) {
    const int F = 8;
    const long long lr = 3, step = 11, epoch = 2, tol = 2;
    long long *w = calloc((size_t)P, sizeof *w), *w2 = calloc((size_t)P, sizeof *w2);
    long long *flat = calloc((size_t)(B * P + B), sizeof *flat); /* x[b][j], then y[b] */
    __int128 *e = calloc((size_t)B, sizeof *e);
    FILE *f = fopen(path, "w");
    bool ok = w && w2 && flat && e && f;
    if (!ok) goto out;
    uint64_t rs = seed;
    for (int j = 0; j < P; j++) w[j] = (long long)(sgd_rnd(&rs) % 4096) - 2048;
    for (int i = 0; i < B * P; i++) flat[i] = (long long)(sgd_rnd(&rs) % 1024) - 512;
    for (int b = 0; b < B; b++) flat[B * P + b] = (long long)(sgd_rnd(&rs) % 4096) - 2048;
    for (int b = 0; b < B; b++) {
        e[b] = -(__int128)flat[B * P + b] * (1 << F);
        for (int j = 0; j < P; j++) e[b] += (__int128)flat[b * P + j] * w[j];
    }
    __int128 K = (__int128)B << (3 * F);
    for (int j = 0; j < P; j++) {
        __int128 G = 0;
        for (int b = 0; b < B; b++) G += e[b] * flat[b * P + j];
        __int128 X = (__int128)w[j] * K - 2 * (__int128)lr * G + K / 2;
        w2[j] = (long long)sgd_floor_div128(X, K) + (long long)(sgd_rnd(&rs) % 5) - 2;
        if (bad && j == P / 2) /* exact + tol + 1 or exact - tol - 1 */
            w2[j] = (long long)sgd_floor_div128(X, K) + ((rs & 1) ? tol + 1 : -tol - 1);
    }
    fr_t cb, ca, cx, pre[5];
    char d1[ZKP_DEC_MAX], d2[ZKP_DEC_MAX], d3[ZKP_DEC_MAX];
    fr_set_u64(&pre[0], 1);
    sgd_commit_of(&cb, w, P, nb, pre, 1);
    fr_set_u64(&pre[0], 2), fr_set_u64(&pre[1], step), fr_set_u64(&pre[2], epoch);
    fr_set_u64(&pre[3], lr), fr_set_u64(&pre[4], tol);
    sgd_commit_of(&ca, w2, P, nb, pre, 5);
    fr_set_u64(&pre[0], 3);
    sgd_commit_of(&cx, flat, B * P + B, xb, pre, 1);
    fprintf(f, "{\"c_before\": \"%s\", \"c_after\": \"%s\", \"c_batch\": \"%s\",\n",
            fr_to_dec(d1, &cb), fr_to_dec(d2, &ca), fr_to_dec(d3, &cx));
    fprintf(f, " \"lr\": %lld, \"step\": %lld, \"epoch\": %lld, \"tol\": %lld,\n \"w\": [", lr, step,
            epoch, tol);
    for (int j = 0; j < P; j++) fprintf(f, "%s%lld", j ? ", " : "", w[j]);
    fprintf(f, "],\n \"w2\": [");
    for (int j = 0; j < P; j++) fprintf(f, "%s%lld", j ? ", " : "", w2[j]);
    fprintf(f, "],\n \"x\": [");
    for (int b = 0; b < B; b++) {
        fprintf(f, "%s[", b ? ", " : "");
        for (int j = 0; j < P; j++) fprintf(f, "%s%lld", j ? ", " : "", flat[b * P + j]);
        fprintf(f, "]");
    }
    fprintf(f, "],\n \"y\": [");
    for (int b = 0; b < B; b++) fprintf(f, "%s%lld", b ? ", " : "", flat[B * P + b]);
    fprintf(f, "]}\n");
out:
    if (f && fclose(f) != 0) ok = false;
    free(w), free(w2), free(flat), free(e);
    return ok;
}

#endif
