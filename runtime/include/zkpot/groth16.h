/* zkpot L4 groth16: Groth16 (eprint 2016/260) over BN254, compatible with snarkjs 0.7.x.
 * Setup from a constraint system with fresh toxic waste, proving with the QAP
 * evaluated on snarkjs's odd coset, verification by one multi-pairing, and batch
 * verification by a random linear combination. File formats live in zkpot/io.h;
 * this header holds the in-memory keys and proofs they are read into. */
#ifndef ZKPOT_GROTH16_H
#define ZKPOT_GROTH16_H

#include "zkpot/curve.h"
#include "zkpot/field.h"

/* ---- constraint systems (the R1CS <a_j,w> * <b_j,w> = <c_j,w>) ---- */

typedef struct {
    uint32_t wire;
    fr_t coef;
} groth16_term_t;

/* A constraint system in compressed rows: constraint j, matrix m (0 = A, 1 = B,
 * 2 = C) has terms[row[3*j+m] .. row[3*j+m+1]). Wire 0 is the constant 1, wires
 * 1..n_public are the public signals (circom: outputs then public inputs). */
typedef struct {
    uint32_t n_wires;
    uint32_t n_public;
    uint32_t n_constraints;
    const uint64_t *row;           /* 3*n_constraints + 1 offsets */
    const groth16_term_t *terms;   /* row[3*n_constraints] terms */
} groth16_cs_t;

/* Checks w[0..n_wires) against every constraint. On failure returns
 * ZKP_ERR_UNSATISFIED, sets *failing (if not NULL) to the first failing
 * constraint and names it in zkp_last_error(). Also fails if w[0] != 1. */
zkp_err groth16_cs_check(const groth16_cs_t *cs, const fr_t *w, uint32_t *failing) ZKP_WUR;

/* ---- keys and proofs ---- */

/* One coefficient of snarkjs's zkey section 4: matrix (0 = A, 1 = B), constraint
 * (row of the domain), wire, value (an ordinary field element here; the zkey
 * stores value * R^2 raw, io converts). */
typedef struct {
    uint32_t matrix;
    uint32_t constraint;
    uint32_t wire;
    fr_t value;
} groth16_coef_t;

typedef struct {
    uint32_t n_public;
    g1_affine_t alpha1;
    g2_affine_t beta2, gamma2, delta2;
    g1_affine_t *ic; /* n_public + 1 points */
} groth16_vk_t;

/* The proving key: everything in a snarkjs Groth16 .zkey. */
typedef struct {
    uint32_t n_wires;
    uint32_t n_public;
    uint32_t domain_size; /* a power of two >= n_constraints + n_public + 1 */
    g1_affine_t alpha1, beta1, delta1;
    g2_affine_t beta2, gamma2, delta2;
    g1_affine_t *ic;      /* n_public + 1 */
    size_t n_coefs;
    groth16_coef_t *coefs; /* A and B entries, snarkjs order (see groth16_setup) */
    g1_affine_t *a;       /* n_wires */
    g1_affine_t *b1;      /* n_wires */
    g2_affine_t *b2;      /* n_wires */
    g1_affine_t *c;       /* n_wires - n_public - 1 (wires n_public+1 ..) */
    g1_affine_t *h;       /* domain_size: L^{(2n)}_{2i+1}(tau)/delta * G1 */
    /* Optional (not in snarkjs zkeys): the constraint system's C matrix, so the
     * prover can name the first failing constraint. NULL if absent. */
    size_t n_ccoefs;
    groth16_coef_t *ccoefs; /* matrix field = 2 */
    uint32_t n_constraints; /* 0 if unknown (snarkjs zkey) */
} groth16_pk_t;

typedef struct {
    g1_affine_t a;
    g2_affine_t b;
    g1_affine_t c;
} groth16_proof_t;

/* Allocation helpers: arrays sized from the counts already set in *pk / *vk.
 * _free releases the arrays (not the struct) and zeroes the struct; NULL ok. */
zkp_err groth16_pk_alloc(groth16_pk_t *pk) ZKP_WUR;
void groth16_pk_free(groth16_pk_t *pk);
zkp_err groth16_vk_alloc(groth16_vk_t *vk) ZKP_WUR;
void groth16_vk_free(groth16_vk_t *vk);
/* vk = the verification part of pk (copies; free vk with groth16_vk_free). */
zkp_err groth16_vk_from_pk(groth16_vk_t *vk, const groth16_pk_t *pk) ZKP_WUR;

/* Progress callback: stage name, done, total. May be NULL. Called from the
 * calling thread only. */
typedef void (*groth16_progress_fn)(void *ctx, const char *stage, size_t done, size_t total);

/* Setup: draws tau, alpha, beta, gamma, delta from the OS CSPRNG, computes every
 * section of a snarkjs-compatible proving key, and wipes the toxic waste. The
 * key also carries cs's C matrix (ccoefs). Fails with ZKP_ERR_RANGE if the
 * domain would exceed 2^27. */
zkp_err groth16_setup(groth16_pk_t *pk, const groth16_cs_t *cs, groth16_progress_fn progress,
                      void *ctx) ZKP_WUR;

/* Prove: w has pk->n_wires entries (w[0] = 1). Checks the witness (every
 * constraint when pk carries its C matrix, else by verifying the proof before
 * returning it) and refuses with ZKP_ERR_UNSATISFIED naming the first failing
 * constraint when known. r and s come from the OS CSPRNG and are wiped. The
 * public inputs are w[1..n_public]. */
zkp_err groth16_prove(groth16_proof_t *proof, const groth16_pk_t *pk, const fr_t *w,
                      groth16_progress_fn progress, void *ctx) ZKP_WUR;

/* Verify: ZKP_OK if valid, ZKP_ERR_VERIFY_FAIL if not, another error for
 * malformed input (wrong number of public inputs, points off the curve or
 * outside the subgroup). Variable time (all inputs public). */
zkp_err groth16_verify(const groth16_vk_t *vk, const fr_t *pub, size_t n_pub,
                       const groth16_proof_t *proof) ZKP_WUR;

/* Batch verify n proofs under one vk: pub[k] holds n_public inputs of proof k.
 * One multi-Miller loop of n + 3 pairs with random 128-bit combiners from the
 * OS CSPRNG, one final exponentiation. On ZKP_ERR_VERIFY_FAIL, valid[k] (if not
 * NULL) says which proofs verify individually. */
zkp_err groth16_verify_batch(const groth16_vk_t *vk, const fr_t *const *pub,
                             const groth16_proof_t *proofs, size_t n, bool *valid) ZKP_WUR;

#endif
