/* zkpot example: a two-layer perceptron (ReLU, MSE) trained with float32 SGD,
 * every step made provable with circuits/mlp.zkc. The data sit on the
 * fixed-point grid (F = 8 fractional bits); each step's float32 result is
 * quantized and written as the circuit's input.json (commitments included) by
 * train_mlp_write_input, which first checks it is within the tolerance of the
 * exactly rounded step. `make demo` proves and verifies the first one.
 * usage: example_train_mlp <outdir> [steps=2] [D=4] [H=4] [B=4]
 * writes <outdir>/mlp_step<k>.json for k = 1..steps and prints the loss per step. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "zkpot.h"

enum { F = 8, NB = 24, XB = 16, TOL = 2 };

static uint64_t rng = 0x6d6c70ULL; /* data only: deterministic on purpose */
static double uniform(void) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng >> 11) / 9007199254740992.0 * 2.0 - 1.0; /* [-1, 1) */
}

static int64_t quantize(float v) { return (int64_t)lrintf(v * (float)(1 << F)); }
static float real(int64_t v) { return (float)v / (float)(1 << F); }

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s <outdir> [steps=2] [D=4] [H=4] [B=4]\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    int steps = argc > 2 ? atoi(argv[2]) : 2;
    unsigned D = argc > 3 ? (unsigned)atoi(argv[3]) : 4;
    unsigned H = argc > 4 ? (unsigned)atoi(argv[4]) : 4;
    unsigned B = argc > 5 ? (unsigned)atoi(argv[5]) : 4;
    if (steps < 1 || D < 1 || D > 1024 || H < 1 || H > 1024 || B < 1 || B > 1024 || (B & (B - 1))) {
        fprintf(stderr, "train_mlp: need steps >= 1, 1 <= D, H <= 1024, B a power of two <= 1024\n");
        return 2;
    }
    if (mkdir(dir, 0755) && errno != EEXIST) {
        perror(dir);
        return 2;
    }
    const unsigned N = 8 * B; /* data set: 8 batches; target y = sum |x| / D (not linear) */
    int64_t *xq = calloc((size_t)N * D, sizeof *xq), *yq = calloc(N, sizeof *yq);
    int64_t *W = calloc((size_t)H * D, sizeof *W), *v = calloc(H, sizeof *v);
    int64_t *W2 = calloc((size_t)H * D, sizeof *W2), *v2 = calloc(H, sizeof *v2);
    float *gW = calloc((size_t)H * D, sizeof *gW), *gv = calloc(H, sizeof *gv);
    float *z = calloc(H, sizeof *z);
    if (!xq || !yq || !W || !v || !W2 || !v2 || !gW || !gv || !z) return 3;
    for (unsigned n = 0; n < N; n++) {
        float y = 0;
        for (unsigned d = 0; d < D; d++) {
            xq[(size_t)n * D + d] = quantize((float)uniform());
            y += fabsf(real(xq[(size_t)n * D + d])) / (float)D;
        }
        yq[n] = quantize(y);
    }
    for (size_t i = 0; i < (size_t)H * D; i++) W[i] = quantize((float)uniform() / sqrtf((float)D));
    for (unsigned h = 0; h < H; h++) v[h] = quantize((float)uniform() / sqrtf((float)H));
    const int64_t lrq = quantize(0.25f); /* learning rate on the grid */
    const float lr = real(lrq);
    for (int k = 1; k <= steps; k++) {
        unsigned b0 = (unsigned)((k - 1) % 8) * B;
        const int64_t *x = xq + (size_t)b0 * D, *y = yq + b0;
        /* the float32 step a trainer runs */
        float loss = 0;
        for (size_t i = 0; i < (size_t)H * D; i++) gW[i] = 0;
        for (unsigned h = 0; h < H; h++) gv[h] = 0;
        for (unsigned b = 0; b < B; b++) {
            float pred = 0;
            for (unsigned h = 0; h < H; h++) {
                z[h] = 0;
                for (unsigned d = 0; d < D; d++)
                    z[h] += real(W[(size_t)h * D + d]) * real(x[(size_t)b * D + d]);
                pred += real(v[h]) * (z[h] > 0 ? z[h] : 0);
            }
            float e = pred - real(y[b]);
            loss += e * e / (float)B;
            for (unsigned h = 0; h < H; h++) {
                if (z[h] <= 0) continue;
                gv[h] += 2.0f / (float)B * e * z[h];
                for (unsigned d = 0; d < D; d++)
                    gW[(size_t)h * D + d] +=
                        2.0f / (float)B * e * real(v[h]) * real(x[(size_t)b * D + d]);
            }
        }
        for (size_t i = 0; i < (size_t)H * D; i++) W2[i] = quantize(real(W[i]) - lr * gW[i]);
        for (unsigned h = 0; h < H; h++) v2[h] = quantize(real(v[h]) - lr * gv[h]);
        train_mlp_step_t s = {.D = D, .H = H, .B = B, .F = F, .NB = NB, .XB = XB,
                              .W = W, .v = v, .W2 = W2, .v2 = v2, .x = x, .y = y,
                              .lr = lrq, .step = (uint64_t)k, .epoch = 1 + (uint64_t)(k - 1) / 8,
                              .tol = TOL};
        char path[4096];
        snprintf(path, sizeof path, "%s/mlp_step%d.json", dir, k);
        FILE *f = fopen(path, "w");
        if (!f) {
            perror(path);
            return 2;
        }
        zkp_err e = train_mlp_write_input(f, &s);
        if (fclose(f) && !e) e = ZKP_ERR_IO;
        if (e) {
            fprintf(stderr, "train_mlp: step %d: %s\n", k, zkp_last_error());
            return 1;
        }
        printf("step %d: batch loss %.5f -> %s\n", k, loss, path);
        for (size_t i = 0; i < (size_t)H * D; i++) W[i] = W2[i];
        for (unsigned h = 0; h < H; h++) v[h] = v2[h];
    }
    free(xq), free(yq), free(W), free(v), free(W2), free(v2), free(gW), free(gv), free(z);
    return 0;
}
