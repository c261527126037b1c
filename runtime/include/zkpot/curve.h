/* zkpot L2 curve: the groups of BN254.
 *   G1: y^2 = x^3 + 3 over Fq, generator (1, 2), order r.
 *   G2: y^2 = x^3 + 3/(9+u) over Fq2 (the sextic D-twist), generator as in
 *       EIP-197/snarkjs, order r; cofactor > 1, so subgroup checks matter.
 * Jacobian coordinates (X, Y, Z) stand for (X/Z^2, Y/Z^3); Z = 0 is the point
 * at infinity. Affine points carry an explicit infinity flag (x = y = 0 then). */
#ifndef ZKPOT_CURVE_H
#define ZKPOT_CURVE_H

#include "zkpot/field.h"
#include "zkpot/tower.h"

typedef struct { fq_t x, y; bool infinity; } g1_affine_t;
typedef struct { fq_t x, y, z; } g1_t;
typedef struct { fq2_t x, y; bool infinity; } g2_affine_t;
typedef struct { fq2_t x, y, z; } g2_t;

/* The full API (add, dbl, mixed add, neg, scalar mul with GLV, batch
 * normalisation, on-curve and subgroup checks, encodings, snarkjs JSON forms)
 * is declared here by the curve module as it lands. */

#endif
