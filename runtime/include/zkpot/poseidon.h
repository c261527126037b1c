/* zkpot L3 hash: the Poseidon hash over the BN254 scalar field Fr (Grassi, Khovratovich,
 * Rechberger, Roy, Schofnegger, "Poseidon: A New Hash Function for Zero-Knowledge Proof
 * Systems", eprint 2019/458), exactly as circomlib 2.0.5 (circuits/poseidon.circom) and
 * circomlibjs 0.1.7 (poseidon) define it: width t = 2..17 (1..16 inputs), S-box x^5,
 * 8 full rounds, the partial-round counts of POSEIDON_PARTIAL_ROUNDS, state [init, inputs...].
 * The round constants and MDS matrices are generated at first use by our own
 * implementation of the paper's Grain-LFSR procedure (see poseidon_params below). */
#ifndef ZKPOT_POSEIDON_H
#define ZKPOT_POSEIDON_H

#include "zkpot/field.h"

#define POSEIDON_T_MIN 2
#define POSEIDON_T_MAX 17
#define POSEIDON_MAX_INPUTS (POSEIDON_T_MAX - 1)
#define POSEIDON_FULL_ROUNDS 8
/* Partial rounds for t = 2..17, as circomlib/circomlibjs use them (the paper's
 * calc_round_numbers.py for 128-bit security, x^5, n = 254, rounded up). */
#define POSEIDON_PARTIAL_ROUNDS                                                                    \
    { 56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68 }

/* The parameters of width t, for the runtime and for the circuit compiler (zkc emits
 * Poseidon constraints from exactly these constants). All arrays are Fr elements.
 *
 * Textbook form (the paper; circomlibjs src/poseidon_constants.json C[t-2], M[t-2]):
 *   for r in 0 .. rf+rp-1:
 *     s[i] += rc[r*t + i]                         for all i
 *     s[i] = s[i]^5                               for all i if r < rf/2 or r >= rf/2 + rp,
 *                                                 else for i = 0 only
 *     s'[i] = sum_j mds[i*t + j] * s[j]
 *
 * Optimized form (the paper's appendix B, as in circomlibjs src/poseidon_constants_opt.json
 * and circomlib's POSEIDON_C/S/M/P(t), used by circuits/poseidon.circom). Matrices are in
 * the row-vector convention s' = s * X, i.e. s'[i] = sum_j X[j*t + i] * s[j]; opt_m is mds
 * transposed. With h = rf/2:
 *   s[i] += opt_c[i]
 *   for r in 0 .. h-2:  s = s^5 (all);  s[i] += opt_c[(r+1)*t + i];  s = s * opt_m
 *                       s = s^5 (all);  s[i] += opt_c[h*t + i];      s = s * opt_p
 *   for r in 0 .. rp-1: s[0] = s[0]^5;  s[0] += opt_c[(h+1)*t + r];
 *                       with S = opt_s + r*(2t-1):
 *                       s'[0] = sum_j S[j] * s[j];  s'[k] = s[k] + S[t+k-1] * s[0] (k >= 1)
 *   for r in 0 .. h-2:  s = s^5 (all);  s[i] += opt_c[(h+1)*t + rp + r*t + i];  s = s * opt_m
 *                       s = s^5 (all);  s = s * opt_m
 * Both forms compute the same permutation. */
struct poseidon_params {
    size_t t;          /* state width, 2..17 */
    unsigned rf, rp;   /* full rounds (8), partial rounds */
    const fr_t *rc;    /* (rf + rp) * t round constants */
    const fr_t *mds;   /* t * t, row-major, the Cauchy matrix 1/(x_i + y_j) */
    const fr_t *opt_c; /* rf * t + rp */
    const fr_t *opt_s; /* rp * (2t - 1), the sparse partial-round matrices */
    const fr_t *opt_m; /* t * t, mds transposed */
    const fr_t *opt_p; /* t * t, the dense matrix ending the first half of full rounds */
};

/* The parameters of width t (2..17), or NULL for any other t. The first call for a width
 * generates them (0.3 ms of CPU for t = 3, up to ~8 ms for t = 17: Grain LFSR seeded with
 * field = 1 (GF(p)), S-box = 0 (x^alpha), n = 254, t, R_F = 8, R_P, 160 warm-up bits
 * discarded, bit-pair filter, round constants rejection-sampled below r, then x_1..x_t,
 * y_1..y_t sampled mod r for the Cauchy MDS; then the optimized form derived from them).
 * Thread safe (pthread_once per width); the returned object and its arrays are immutable,
 * in static storage, and live until exit. Elements are ordinary fr_t (use fr_to_dec or
 * fr_to_limbs for their canonical values). */
const struct poseidon_params *poseidon_params(size_t t);

/* The Poseidon permutation of width t (2..17) in place on state[0..t). Uses the optimized
 * form with lazily reduced dot products (one Montgomery reduction per matrix row; mulx/adx
 * kernels where available); t = 3 has a specialised routine with the round constants
 * folded into the matrix rows (its first call builds those tables, thread safe). Constant
 * time in the state. t out of range is a programmer error (assertion). */
void poseidon_permute(fr_t *state, size_t t);

/* The same permutation computed in the textbook form (slower; for tests). */
void poseidon_permute_ref(fr_t *state, size_t t);

/* *out = circomlibjs poseidon(in[0..n)): the permutation of width n+1 on [0, in...],
 * output state[0]. n must be 1..16, else ZKP_ERR_RANGE (out untouched). out may alias in. */
zkp_err poseidon_hash(fr_t *out, const fr_t *in, size_t n) ZKP_WUR;

/* out[0..nout) = circomlibjs poseidon(in, init_state, nout): the permutation of width n+1
 * on [*init_state, in...] (init_state NULL means 0), output state[0..nout). n must be
 * 1..16 and nout 1..n+1, else ZKP_ERR_RANGE (out untouched). out may alias in. */
zkp_err poseidon_hash_ex(fr_t *out, size_t nout, const fr_t *in, size_t n,
                         const fr_t *init_state) ZKP_WUR;

#endif
