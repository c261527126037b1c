/* zkpot L4 groth16: internal helpers shared by setup, prove and verify.
 * Not part of the public API. */
#ifndef ZKPOT_G16_INTERNAL_H
#define ZKPOT_G16_INTERNAL_H

#include "zkpot/groth16.h"
#include "zkpot/tower.h"

/* r = sum s[i] * p[i] for public scalars (msm_g1, or a plain sum for a few points). */
zkp_err g16_msm_g1_public(g1_t *r, const g1_affine_t *p, const fr_t *s, size_t n) ZKP_WUR;

/* e(p[0], q[0]) * ... * e(p[n-1], q[n-1]) * gt == 1, gt in GT (one multi-Miller loop,
 * one final exponentiation). */
zkp_err g16_pairing_times_is_one(bool *ok, const g1_affine_t *p, const g2_affine_t *q, size_t n,
                                 const fq12_t *gt) ZKP_WUR;

/* e(p[0], q[0]) * ... * e(p[n-1], q[n-1]) == 1 (variable time; public inputs). */
zkp_err g16_pairing_is_one(bool *ok, const g1_affine_t *p, const g2_affine_t *q, size_t n) ZKP_WUR;

/* What both setups (setup.c, setup_ptau.c) start from: cs checked (no custom
 * gates, room for the public signals, every term's wire below n_wires) and a key
 * with the given domain size whose coefficient section is filled in snarkjs's
 * order: per constraint its A then its B terms, then for each public signal s
 * (0..n_public, 0 the constant one) the row n_constraints + s holding w_s in A. */
zkp_err g16_key_for(groth16_pk_t **out, const r1cs_t *cs, uint32_t domain) ZKP_WUR;

/* out[i] = s[i] * generator, affine, constant time in s (the setup's fixed-base comb,
 * groth16_setup_ex with GROTH16_SETUP_CONSTANT_TIME). */
zkp_err g16_fixed_g1(g1_affine_t *out, const fr_t *s, size_t n) ZKP_WUR;
zkp_err g16_fixed_g2(g2_affine_t *out, const fr_t *s, size_t n) ZKP_WUR;
/* The same, variable time (the default setup): signed windows of w bits (2..16; 0
 * picks w from n by an operation count) over one table of multiples of the
 * generator; s[i] = 0 gives infinity. */
zkp_err g16_fixed_g1_var(g1_affine_t *out, const fr_t *s, size_t n, unsigned w) ZKP_WUR;
zkp_err g16_fixed_g2_var(g2_affine_t *out, const fr_t *s, size_t n, unsigned w) ZKP_WUR;

/* The prover's schedules (prove.c). TURN: job after job, each NTT and MSM on
 * all threads; SIDE: the jobs (ROWS, the NTTs, h, the H and C sums as one
 * MSM prepared once and run in two parts; the MSMs A, B1, B2) side by side,
 * one thread each, no barriers inside a job, taken in priority order as
 * their inputs are ready. AUTO:
 * SIDE for domains up to G16_SIDE_MAX with more than one thread
 * (ZKPOT_PROVE_SCHED=side|turn overrides, for measurements). Every schedule
 * gives the same proof for the same r, s. SIDE keeps both threads busy to
 * the end (the jobs' single-thread CPU times, training circuits: 2^12 chain
 * ROWS..H 24 ms, the rest 24 ms; 2^16 306 and 222 ms, the H halves even it
 * out) where TURN has serial pieces (the rows) and a barrier per NTT stage
 * and MSM; but two single-thread MSMs side by side have two working sets.
 * Measured per-thread CPU time (perf record -e cpu-clock, by thread; the
 * busiest thread bounds the wall time; load 5): 2^12 SIDE 64-71 ms vs TURN
 * 106-116 ms (one thread: n < MSM_PAR_MIN); 2^13 SIDE 106-132 vs TURN
 * 125-158 ms; 2^16 SIDE 530-590 vs TURN 487-510 ms (one outlier 727). Hence
 * SIDE up to 2^14 (no 2^14 figures; between the two). Earlier idle
 * measurements, with a task schedule that started H last, had SIDE behind
 * from 2^13; at 2^20 SIDE was worse under load (RSS 373 -> 584 MB). */
enum { G16_SCHED_AUTO, G16_SCHED_TURN, G16_SCHED_SIDE };
#define G16_SIDE_MAX ((size_t)1 << 14)
#define G16_SIDE_THREADS_MAX 64

/* groth16_prove_le with a schedule and, for tests only, fixed blinding
 * rs_fixed = {r, s} (NULL: fresh random r, s as always). */
zkp_err g16_prove_le(groth16_proof_t *proof, const groth16_pk_t *pk, const r1cs_t *cs,
                     const uint8_t *w, size_t n_w, groth16_progress_fn progress, void *ctx,
                     const fr_t rs_fixed[2], int sched) ZKP_WUR;

/* Fresh nonzero uniform scalar from the OS CSPRNG. */
zkp_err g16_random_nonzero(fr_t *r) ZKP_WUR;

#endif
