/* zkpot L5 train: what training code calls around circuits/sgd.zkc and
 * circuits/mlp.zkc — the Poseidon commitments of stdlib/commit.zkc computed
 * natively, the exactly rounded fixed-point SGD update the circuit checks, and
 * the circuit's input.json. Fixed point: an integer v stands for v / 2^F. */
#ifndef ZKPOT_TRAIN_H
#define ZKPOT_TRAIN_H

#include <stdio.h>

#include "zkpot/field.h"

/* h = commit(v[0..n)) exactly as stdlib/commit.zkc: each v[i] must be an
 * nb-bit signed value (-2^(nb-1) <= v < 2^(nb-1), else ZKP_ERR_RANGE); values
 * are packed floor(250/nb) per element as sum (v + 2^(nb-1)) 2^(nb i), then
 * chain-hashed with Poseidon: acc = H(pre[0..m), first 16-m packed), then
 * acc = H(acc, next <= 15 packed)... 1 <= m <= 15, 2 <= nb <= 62. */
zkp_err train_commit(fr_t *h, const int64_t *v, size_t n, unsigned nb, const fr_t *pre,
                     size_t m) ZKP_WUR;

/* One step of circuits/sgd.zkc (a linear model under MSE on a batch). */
typedef struct {
    unsigned P, B, F;     /* weights, batch size (a power of two), fractional bits */
    unsigned NB, XB;      /* bits (signed) of the weights and lr; of the batch x and y */
    const int64_t *w;     /* P weights before */
    const int64_t *w2;    /* P weights after (what the trainer claims) */
    const int64_t *x;     /* B x P samples, row-major */
    const int64_t *y;     /* B targets */
    int64_t lr;           /* learning rate, scale 2^F */
    uint64_t step, epoch;
    int64_t tol;          /* tolerance in units of 2^-F */
} train_sgd_step_t;

/* w2[j] = floor((w K - 2 lr G_j + K/2) / K), K = B 2^(3F),
 * G_j = sum_b (sum_i x[b][i] w[i] - y[b] 2^F) x[b][j]: the exactly rounded
 * update the circuit compares the claimed one with. ZKP_ERR_RANGE if an
 * intermediate leaves 127 bits or B is not a power of two. */
zkp_err train_sgd_exact(int64_t *w2, const train_sgd_step_t *s) ZKP_WUR;

/* The three public commitments of sgd.zkc: before = commit(w; 1),
 * after = commit(w2; 2, step, epoch, lr, tol) with NB-bit values, batch =
 * commit(x, y; 3) with XB-bit values. ZKP_ERR_RANGE if a value does not fit. */
zkp_err train_sgd_commitments(fr_t *c_before, fr_t *c_after, fr_t *c_batch,
                              const train_sgd_step_t *s) ZKP_WUR;

/* Writes sgd.zkc's input.json (commitments included) to f. Checks first that
 * every claimed w2 is within tol of the exact update: ZKP_ERR_UNSATISFIED
 * (naming the weight) otherwise, so a bad step is caught before proving. */
zkp_err train_sgd_write_input(FILE *f, const train_sgd_step_t *s) ZKP_WUR;

/* One step of circuits/mlp.zkc: pred(x) = sum_h v[h] relu(sum_d W[h][d] x[d])
 * under MSE on a batch of B samples (D inputs, H hidden units). */
typedef struct {
    unsigned D, H, B, F;  /* inputs, hidden units, batch size (a power of two), fraction bits */
    unsigned NB, XB;      /* bits (signed) of the weights and lr; of the batch x and y */
    const int64_t *W;     /* H x D first-layer weights before, row-major */
    const int64_t *v;     /* H second-layer weights before */
    const int64_t *W2;    /* H x D after (what the trainer claims) */
    const int64_t *v2;    /* H after */
    const int64_t *x;     /* B x D samples, row-major */
    const int64_t *y;     /* B targets */
    int64_t lr;           /* learning rate, scale 2^F */
    uint64_t step, epoch;
    int64_t tol;          /* tolerance in units of 2^-F */
} train_mlp_step_t;

/* The exactly rounded update mlp.zkc checks (its header has the formulas):
 * new = floor((old K - 2 lr G + K/2) / K), K = B 2^(5F), with the exact
 * gradient sums G (ReLU's derivative 0 at 0). W2 is H x D, v2 is H; they may
 * not alias the inputs. ZKP_ERR_RANGE if an intermediate leaves 127 bits (the
 * circuit itself allows more) or B is not a power of two or F > 12. */
zkp_err train_mlp_exact(int64_t *W2, int64_t *v2, const train_mlp_step_t *s) ZKP_WUR;

/* mlp.zkc's commitments: before = commit(W, v; 1), after = commit(W2, v2;
 * 2, step, epoch, lr, tol) with NB-bit values, batch = commit(x, y; 3) with
 * XB-bit values. ZKP_ERR_RANGE if a value does not fit. */
zkp_err train_mlp_commitments(fr_t *c_before, fr_t *c_after, fr_t *c_batch,
                              const train_mlp_step_t *s) ZKP_WUR;

/* Writes mlp.zkc's input.json to f; ZKP_ERR_UNSATISFIED (naming the weight)
 * if a claimed new weight is not within tol of the exact update. */
zkp_err train_mlp_write_input(FILE *f, const train_mlp_step_t *s) ZKP_WUR;

#endif
