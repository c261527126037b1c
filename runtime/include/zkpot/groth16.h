/* zkpot L4 groth16: Groth16 (eprint 2016/260) over BN254, compatible with snarkjs 0.7.x.
 * Setup from a constraint system with fresh toxic waste, proving with the QAP
 * evaluated on snarkjs's odd coset, verification by one multi-pairing, and batch
 * verification by a random linear combination. File formats live in zkpot/io.h;
 * this header holds the in-memory keys and proofs they are read into. */
#ifndef ZKPOT_GROTH16_H
#define ZKPOT_GROTH16_H

#include "zkpot/curve.h"
#include "zkpot/field.h"
#include "zkpot/io.h"

/* The keys and proofs are io's in-memory forms of the snarkjs files: the
 * proving key a .zkey, the verification key verification_key.json (its
 * alphabeta = e(alpha1, beta2) is used by the verifier), the proof proof.json;
 * the constraint system is an .r1cs. */
typedef zkey_t groth16_pk_t;
typedef io_vk_t groth16_vk_t;
typedef io_proof_t groth16_proof_t;

/* Public inputs of a constraint system: circom's outputs then public inputs. */
static inline uint32_t groth16_n_public(const r1cs_t *cs) { return cs->n_pub_out + cs->n_pub_in; }

/* Checks w[0..n_w) against every constraint of cs (n_w must equal cs->n_wires).
 * On failure returns ZKP_ERR_UNSATISFIED, sets *failing (if not NULL) to the
 * first failing constraint and names it in zkp_last_error(). Fails too if
 * w[0] != 1. */
zkp_err groth16_check_witness(const r1cs_t *cs, const fr_t *w, size_t n_w,
                              uint32_t *failing) ZKP_WUR;

/* The verification key of a proving key: io_vk_from_zkey (free with io_vk_free). */

/* Progress callback: stage name, done, total. May be NULL. Called from the
 * calling thread only. */
typedef void (*groth16_progress_fn)(void *ctx, const char *stage, size_t done, size_t total);

/* Setup: draws tau, alpha, beta, gamma, delta from the OS CSPRNG, computes every
 * section of a snarkjs-compatible proving key (*pk, free with zkey_free), and
 * wipes the toxic waste. Refuses circuits with custom gates; ZKP_ERR_RANGE if
 * the domain would exceed 2^27. */
zkp_err groth16_setup(groth16_pk_t **pk, const r1cs_t *cs, groth16_progress_fn progress,
                      void *ctx) ZKP_WUR;
/* The same with flags. GROTH16_SETUP_CONSTANT_TIME: fixed-base multiplications
 * whose memory accesses do not depend on the toxic waste (slower; for machines
 * shared with untrusted code). Without it (groth16_setup) table lookups depend on
 * digits of the secret scalars: see runtime/groth16/setup.c and docs/cli.md. */
#define GROTH16_SETUP_CONSTANT_TIME 1u
zkp_err groth16_setup_ex(groth16_pk_t **pk, const r1cs_t *cs, unsigned flags,
                         groth16_progress_fn progress, void *ctx) ZKP_WUR;

/* Prove: w has n_w = pk->n_vars entries (w[0] = 1). Checks the witness: with cs
 * (the circuit's r1cs, may be NULL) every constraint, naming the first failing
 * one (ZKP_ERR_UNSATISFIED). The proof is always verified before it is
 * returned: a failure is ZKP_ERR_UNSATISFIED without cs, ZKP_ERR_INVALID_ARG
 * (key and r1cs do not match) with it. A key whose B2 points are outside G2's
 * subgroup gives ZKP_ERR_NOT_IN_SUBGROUP. r and s come from the OS CSPRNG and
 * are wiped. The public inputs are w[1..n_public]. */
zkp_err groth16_prove(groth16_proof_t *proof, const groth16_pk_t *pk, const r1cs_t *cs,
                      const fr_t *w, size_t n_w, groth16_progress_fn progress,
                      void *ctx) ZKP_WUR;

/* The same with the witness as n_w canonical (< r) 32-byte little-endian
 * values, any alignment (a .wtns values section: wtns_map). The fast path:
 * with pk read by zkey_read(ZKEY_READ_RAW) nothing is converted or copied;
 * any other pk is first re-encoded into its file image (memory: the key's
 * file size). Non-canonical values give ZKP_ERR_NOT_CANONICAL for the public
 * ones; for the others an MSM result no verification accepts. */
zkp_err groth16_prove_le(groth16_proof_t *proof, const groth16_pk_t *pk, const r1cs_t *cs,
                         const uint8_t *w, size_t n_w, groth16_progress_fn progress,
                         void *ctx) ZKP_WUR;

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

/* Setup from a phase-1 ceremony file (`snarkjs groth16 setup circuit.r1cs pot.ptau
 * out.zkey`): the key snarkjs 0.7.6 writes for the same r1cs and ptau, byte for byte
 * once written by zkey_write (runtime/groth16/setup_ptau.c). alpha and beta come from
 * the ptau, gamma = delta = 1 (the generators) and section 10 holds snarkjs's circuit
 * hash (BLAKE2b-512) and no contribution: ANYONE CAN FORGE PROOFS for such a key until
 * a phase-2 contribution changes delta (`snarkjs zkey contribute`). Reads from ptau
 * (ptau_map) only the points the key is made of (the domain's rows that the circuit's
 * terms use, H's points, the tau powers the circuit hash reads), each one checked
 * (canonical, on the curve, G2 points in the subgroup: a batched random-combination
 * test, ptau_map_g2_subgroup naming a bad one); points no sum reads (the domain's
 * padding rows, G2 points of rows without B terms) are not read. Errors: custom gates
 * (ZKP_ERR_FORMAT), a domain 2^k above the ptau's power (ZKP_ERR_RANGE), a ptau not
 * prepared for phase 2 (no sections 12..15; ZKP_ERR_FORMAT), a bad point (naming the
 * file, section, point and byte offset). Variable time (nothing secret). On
 * zkp_threads() threads (with 2 or more, the circuit hash runs on a thread of its
 * own beside the sums); the key does not depend on the thread count. */
zkp_err groth16_setup_ptau(groth16_pk_t **pk, const r1cs_t *cs, const ptau_map_t *ptau,
                           groth16_progress_fn progress, void *ctx) ZKP_WUR;

/* A phase-2 contribution, as `snarkjs zkey contribute` makes it
 * (runtime/groth16/contribute.c): a secret d from getrandom (wiped) multiplies
 * delta1, delta2 and divides the C and H points; a record proving knowledge of d
 * (snarkjs's layout and BLAKE2b transcript; name, at most 64 bytes, may be NULL)
 * is appended to section 10, which must hold a circuit hash (keys from
 * groth16_setup_ptau or snarkjs). pk must be read with ZKEY_READ_ALL. hash_out
 * (may be NULL) gets the contribution hash. `snarkjs zkey verify` accepts the
 * result. Constant time in d (g1_mul/g2_mul). */
zkp_err groth16_contribute(groth16_pk_t *pk, const char *name, uint8_t hash_out[64]) ZKP_WUR;

#endif
