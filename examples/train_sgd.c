/* zkpot example: a training loop that makes every step provable.
 * Trains a linear model y ~ w.x under MSE with float32 SGD on synthetic data
 * whose values sit on the fixed-point grid of circuits/sgd.zkc (F = 8
 * fractional bits), quantizes each step's result and writes the circuit's
 * input.json (Poseidon commitments included) for it. `make demo` then turns
 * each into a witness, a Groth16 proof and a verification.
 * usage: example_train_sgd <outdir> [steps=3] [P=16] [B=4]
 * writes <outdir>/step<k>.json for k = 1..steps and prints the loss per step. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "zkpot.h"

enum { F = 8, NB = 24, XB = 16, TOL = 2 };

static uint64_t rng = 0x7a6b706f74ULL; /* data only: deterministic on purpose */
static double uniform(void) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng >> 11) / 9007199254740992.0 * 2.0 - 1.0; /* [-1, 1) */
}

static int64_t quantize(float v) { return (int64_t)lrintf(v * (float)(1 << F)); }

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s <outdir> [steps=3] [P=16] [B=4]\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    int steps = argc > 2 ? atoi(argv[2]) : 3;
    unsigned P = argc > 3 ? (unsigned)atoi(argv[3]) : 16, B = argc > 4 ? (unsigned)atoi(argv[4]) : 4;
    if (steps < 1 || P < 1 || P > 4096 || B < 1 || B > 1024 || (B & (B - 1))) {
        fprintf(stderr, "train_sgd: need steps >= 1, 1 <= P <= 4096, B a power of two <= 1024\n");
        return 2;
    }
    if (mkdir(dir, 0755) && errno != EEXIST) {
        perror(dir);
        return 2;
    }
    const unsigned N = 8 * B; /* data set: 8 batches */
    int64_t *xq = calloc((size_t)N * P, sizeof *xq), *yq = calloc(N, sizeof *yq);
    int64_t *w = calloc(P, sizeof *w), *w2 = calloc(P, sizeof *w2);
    float *wt = calloc(P, sizeof *wt);
    if (!xq || !yq || !w || !w2 || !wt) return 3;
    /* true weights of size 4/sqrt(P): y stays well inside XB bits for every P */
    for (unsigned j = 0; j < P; j++) wt[j] = (float)uniform() * 4.0f / sqrtf((float)P);
    for (unsigned n = 0; n < N; n++) { /* x on the grid, y = x.w_true + noise, on the grid */
        float y = 0;
        for (unsigned j = 0; j < P; j++) {
            xq[(size_t)n * P + j] = quantize((float)uniform());
            y += (float)xq[(size_t)n * P + j] / (1 << F) * wt[j];
        }
        yq[n] = quantize(y + 0.05f * (float)uniform());
    }
    const int64_t lrq = quantize(4.0f / (float)P); /* learning rate on the grid */
    for (int k = 1; k <= steps; k++) {
        unsigned b0 = (unsigned)((k - 1) % 8) * B;
        const int64_t *x = xq + (size_t)b0 * P, *y = yq + b0;
        /* the float32 step a trainer runs */
        float loss = 0, lr = (float)lrq / (1 << F);
        float *grad = calloc(P, sizeof *grad);
        if (!grad) return 3;
        for (unsigned b = 0; b < B; b++) {
            float pred = 0;
            for (unsigned j = 0; j < P; j++)
                pred += (float)x[(size_t)b * P + j] / (1 << F) * ((float)w[j] / (1 << F));
            float e = pred - (float)y[b] / (1 << F);
            loss += e * e / (float)B;
            for (unsigned j = 0; j < P; j++)
                grad[j] += 2.0f / (float)B * e * (float)x[(size_t)b * P + j] / (1 << F);
        }
        for (unsigned j = 0; j < P; j++) w2[j] = quantize((float)w[j] / (1 << F) - lr * grad[j]);
        free(grad);
        train_sgd_step_t s = {.P = P, .B = B, .F = F, .NB = NB, .XB = XB, .w = w, .w2 = w2,
                              .x = x, .y = y,
                              .lr = lrq, .step = (uint64_t)k, .epoch = 1 + (uint64_t)(k - 1) / 8,
                              .tol = TOL};
        char path[4096];
        snprintf(path, sizeof path, "%s/step%d.json", dir, k);
        FILE *f = fopen(path, "w");
        if (!f) {
            perror(path);
            return 2;
        }
        zkp_err e = train_sgd_write_input(f, &s);
        if (fclose(f) && !e) e = ZKP_ERR_IO;
        if (e) {
            fprintf(stderr, "train_sgd: step %d: %s\n", k, zkp_last_error());
            return 1;
        }
        printf("step %d: batch loss %.5f -> %s\n", k, loss, path);
        for (unsigned j = 0; j < P; j++) w[j] = w2[j];
    }
    free(xq), free(yq), free(w), free(w2), free(wt);
    return 0;
}
