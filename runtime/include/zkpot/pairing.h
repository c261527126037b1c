/* zkpot L3 pairing: the optimal ate pairing of BN254 (= alt_bn128),
 *   e: G1 x G2 -> GT, the order-r subgroup of Fq12*,
 * with the same values as ffjavascript/snarkjs and the same pairing-check
 * semantics as Ethereum's bn256Pairing precompile (EIP-197).
 *
 * Inputs are assumed VALID: points on their curves and in the order-r subgroups
 * (validate untrusted points with g1_affine_validate / g2_affine_validate
 * first). Points at infinity are allowed and contribute the factor 1.
 * The code is variable time (branches on the infinity flags, variable-time
 * inversion): meant for public data such as proof verification. */
#ifndef ZKPOT_PAIRING_H
#define ZKPOT_PAIRING_H

#include "zkpot/curve.h"
#include "zkpot/tower.h"

/* Several pairs: from 8 pairs on, the functions taking n pairs split them over
 * zkp_threads() OpenMP threads (contiguous ranges, partial products multiplied
 * in order; serial inside an enclosing parallel region). The result does not
 * depend on the thread count. */

/* r = e(p, q). r = 1 if p or q is the point at infinity. */
void pairing(fq12_t *r, const g1_affine_t *p, const g2_affine_t *q);

/* r = prod_i f_i, f_i the Miller loop value of (p[i], q[i]) (before the final
 * exponentiation). The n loops share their squarings. n = 0 gives 1. Miller
 * values are defined up to factors in proper subfields of Fq12, which the final
 * exponentiation removes: compare them only after pairing_final_exp (the
 * prepared variant below yields different, equivalent, values). */
void pairing_miller_loop(fq12_t *r, const g1_affine_t *p, const g2_affine_t *q, size_t n);

/* r = f^((p^12 - 1)/r * m), m = 2x(6x^2 + 3x + 1) coprime to r (the hard part of
 * Fuentes-Castaneda, Knapp, Rodriguez-Henriquez, "Faster hashing to G2", as in
 * ffjavascript, arkworks, gnark). f must be nonzero. r may alias f. */
void pairing_final_exp(fq12_t *r, const fq12_t *f);

/* true iff prod_i e(p[i], q[i]) = 1; one shared Miller loop, one final
 * exponentiation. n = 0 gives true. */
bool pairing_check(const g1_affine_t *p, const g2_affine_t *q, size_t n);

/* Line coefficients of a fixed G2 point (for example a verifying key's): the
 * Miller loop then skips all G2 arithmetic, and the lines are scaled so that
 * each costs 10 instead of 13 Fq2 multiplications. Plain value (~17 KB), no
 * pointers; q must be valid (on the twist, in G2). */
#define PAIRING_G2_LINES 88
typedef struct {
    fq2_t ell[PAIRING_G2_LINES][3];
    bool infinity;
    bool normalized; /* lines scaled to a constant term of 1 */
} pairing_g2_prepared_t;

void pairing_g2_prepare(pairing_g2_prepared_t *r, const g2_affine_t *q);

/* As pairing_miller_loop, with prepared G2 points. */
void pairing_miller_loop_prepared(fq12_t *r, const g1_affine_t *p, const pairing_g2_prepared_t *q,
                                  size_t n);

/* The Miller loop of fresh and prepared pairs together (as in pairing_check_mixed), before
 * the final exponentiation: for a check against a known GT factor (Groth16's
 * e(alpha, beta)). Arrays may be NULL when their count is 0. */
void pairing_miller_loop_mixed(fq12_t *r, const g1_affine_t *p, const g2_affine_t *q, size_t n,
                               const g1_affine_t *pp, const pairing_g2_prepared_t *qp, size_t m);

/* true iff prod_i e(p[i], q[i]) * prod_j e(pp[j], qp[j]) = 1: fresh and
 * prepared G2 points in one Miller loop (Groth16: the proof's B with the
 * verifying key's prepared beta, gamma, delta). Arrays may be NULL when their
 * count is 0. */
bool pairing_check_mixed(const g1_affine_t *p, const g2_affine_t *q, size_t n,
                         const g1_affine_t *pp, const pairing_g2_prepared_t *qp, size_t m);

#endif
