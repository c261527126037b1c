/* An honest (or one-value-off) input.json for the LoRA step of
 * circuits/lora.zkc, from a C model of its statement (F = 8, NB = 24,
 * XB = 16, TB = 4, lr = 2, tol = 2): shared by tests/check_zkc.c (small
 * shapes) and bench/bench_zkc.c's scale runner (D = K = 1024, R = 49).
 * Header-only; needs zkpot.h and bench/circom/sgd_input.h (sgd_rnd, the
 * commitment model, floor division). Arrays on the heap: the scale runner's
 * shapes do not fit on a stack. */
#ifndef ZKPOT_TESTS_ZKC_LORA_INPUT_H
#define ZKPOT_TESTS_ZKC_LORA_INPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zkpot.h"

static inline void lora_json_arr(FILE *f, const long long *v, size_t n) {
    fputc('[', f);
    for (size_t i = 0; i < n; i++) fprintf(f, "%s%lld", i ? ", " : "", v[i]);
    fputc(']', f);
}

/* Writes path: adapters la (R x K) and lb (D x R) drawn in [-256, 256), x in
 * [-256, 256), y in [-512, 512), then la2/lb2 the exactly rounded update off
 * by up to tol (bad: la2[0][0] exactly tol + 1 off instead). The frozen base
 * weights are lora.zkc's pattern W0[i][j] = (i*37 + j*11) % 97 - 48. The
 * values drawn depend only on (D, K, R, B, seed). False on an I/O or
 * allocation failure. */
static inline bool lora_write_input(const char *path, int D, int K, int R, int B, uint64_t seed, bool bad) {
    const int F = 8, NB = 24, XB = 16, tol = 2, KB = (B == 1 ? 0 : B == 2 ? 1 : B == 4 ? 2 : 3) + 5 * F;
    const long long lr = 2, step = 11, epoch = 1;
    size_t rk = (size_t)R * K, dr = (size_t)D * R, bk = (size_t)B * K, bd = (size_t)B * D;
    long long *ab = calloc(rk + dr, sizeof *ab), *ab2 = calloc(rk + dr, sizeof *ab2);
    long long *bt = calloc(bk + bd, sizeof *bt); /* x, then y (the batch commitment's order) */
    __int128 *u = calloc((size_t)B * R, sizeof *u), *e = calloc(bd, sizeof *e);
    __int128 *bte = calloc((size_t)B * R, sizeof *bte);
    FILE *f = NULL;
    bool ok = ab && ab2 && bt && u && e && bte;
    if (!ok) goto out;
    long long *la = ab, *lb = ab + rk, *la2 = ab2, *lb2 = ab2 + rk, *x = bt, *y = bt + bk;
    uint64_t rs = seed;
    for (size_t i = 0; i < rk; i++) la[i] = (long long)(sgd_rnd(&rs) % 512) - 256;
    for (size_t i = 0; i < dr; i++) lb[i] = (long long)(sgd_rnd(&rs) % 512) - 256;
    for (size_t i = 0; i < bk; i++) x[i] = (long long)(sgd_rnd(&rs) % 512) - 256;
    for (size_t i = 0; i < bd; i++) y[i] = (long long)(sgd_rnd(&rs) % 1024) - 512;
    for (int b = 0; b < B; b++) {
        const long long *xb = x + (size_t)b * K;
        for (int l = 0; l < R; l++) {
            __int128 s = 0;
            for (int j = 0; j < K; j++) s += (__int128)la[(size_t)l * K + j] * xb[j];
            u[(size_t)b * R + l] = s;
        }
        for (int i = 0; i < D; i++) {
            __int128 s = -(__int128)y[(size_t)b * D + i] << (2 * F);
            for (int j = 0; j < K; j++) s += (__int128)((i * 37 + j * 11) % 97 - 48) * xb[j] * (1 << F);
            for (int l = 0; l < R; l++) s += (__int128)lb[(size_t)i * R + l] * u[(size_t)b * R + l];
            e[(size_t)b * D + i] = s;
        }
        for (int l = 0; l < R; l++) {
            __int128 s = 0;
            for (int i = 0; i < D; i++) s += (__int128)lb[(size_t)i * R + l] * e[(size_t)b * D + i];
            bte[(size_t)b * R + l] = s;
        }
    }
    __int128 Kd = (__int128)1 << KB;
    for (int i = 0; i < D; i++)
        for (int l = 0; l < R; l++) {
            __int128 g = 0;
            for (int b = 0; b < B; b++) g += e[(size_t)b * D + i] * u[(size_t)b * R + l];
            __int128 X = (__int128)lb[(size_t)i * R + l] * Kd - 2 * lr * g + Kd / 2;
            lb2[(size_t)i * R + l] =
                (long long)sgd_floor_div128(X, Kd) + (bad ? 0 : (long long)(sgd_rnd(&rs) % 5) - 2);
        }
    for (int l = 0; l < R; l++)
        for (int j = 0; j < K; j++) {
            __int128 g = 0;
            for (int b = 0; b < B; b++) g += bte[(size_t)b * R + l] * x[(size_t)b * K + j];
            __int128 X = (__int128)la[(size_t)l * K + j] * Kd - 2 * lr * g + Kd / 2;
            la2[(size_t)l * K + j] =
                (long long)sgd_floor_div128(X, Kd) + (bad ? 0 : (long long)(sgd_rnd(&rs) % 5) - 2);
        }
    if (bad) la2[0] -= tol + 1;
    fr_t cb, ca, cx, pre[5];
    char d1[ZKP_DEC_MAX], d2[ZKP_DEC_MAX], d3[ZKP_DEC_MAX];
    fr_set_u64(&pre[0], 1);
    sgd_commit_of(&cb, ab, (int)(rk + dr), NB, pre, 1);
    fr_set_u64(&pre[0], 2), fr_set_u64(&pre[1], (uint64_t)step), fr_set_u64(&pre[2], (uint64_t)epoch);
    fr_set_u64(&pre[3], (uint64_t)lr), fr_set_u64(&pre[4], (uint64_t)tol);
    sgd_commit_of(&ca, ab2, (int)(rk + dr), NB, pre, 5);
    fr_set_u64(&pre[0], 3);
    sgd_commit_of(&cx, bt, (int)(bk + bd), XB, pre, 1);
    f = fopen(path, "w");
    if (!f) {
        ok = false;
        goto out;
    }
    fprintf(f, "{\"c_before\": \"%s\", \"c_after\": \"%s\", \"c_batch\": \"%s\",\n",
            fr_to_dec(d1, &cb), fr_to_dec(d2, &ca), fr_to_dec(d3, &cx));
    fprintf(f, " \"lr\": %lld, \"step\": %lld, \"epoch\": %lld, \"tol\": %d", lr, step, epoch, tol);
    fprintf(f, ",\n \"la\": "), lora_json_arr(f, la, rk);
    fprintf(f, ",\n \"lb\": "), lora_json_arr(f, lb, dr);
    fprintf(f, ",\n \"la2\": "), lora_json_arr(f, la2, rk);
    fprintf(f, ",\n \"lb2\": "), lora_json_arr(f, lb2, dr);
    fprintf(f, ",\n \"x\": "), lora_json_arr(f, x, bk);
    fprintf(f, ",\n \"y\": "), lora_json_arr(f, y, bd);
    fprintf(f, "}\n");
out:
    if (f && fclose(f) != 0) ok = false;
    free(ab), free(ab2), free(bt), free(u), free(e), free(bte);
    return ok;
}

#endif
