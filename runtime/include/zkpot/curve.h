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

/* Core API (the curve module may add more). Same shape for g2_ with fq2_t.
 * r may alias inputs. Scalar multiplication by a secret uses g1_mul (constant
 * time); g1_mul_var is for public scalars. */
void g1_generator(g1_t *r);
void g1_set_infinity(g1_t *r);
bool g1_is_infinity(const g1_t *a);
bool g1_eq(const g1_t *a, const g1_t *b);               /* projective equality */
void g1_add(g1_t *r, const g1_t *a, const g1_t *b);
void g1_add_mixed(g1_t *r, const g1_t *a, const g1_affine_t *b);
void g1_dbl(g1_t *r, const g1_t *a);
void g1_neg(g1_t *r, const g1_t *a);
void g1_mul(g1_t *r, const g1_t *a, const fr_t *k);
void g1_mul_var(g1_t *r, const g1_t *a, const fr_t *k);
void g1_from_affine(g1_t *r, const g1_affine_t *a);
void g1_to_affine(g1_affine_t *r, const g1_t *a);
void g1_batch_to_affine(g1_affine_t *r, const g1_t *a, size_t n);
bool g1_is_on_curve(const g1_t *a);
bool g1_affine_is_on_curve(const g1_affine_t *a);       /* infinity counts as on the curve */
bool g1_affine_in_subgroup(const g1_affine_t *a);       /* trivially true for on-curve G1 (cofactor 1) */
/* Validates untrusted coordinates: on curve, in subgroup; names the failure. */
zkp_err g1_affine_validate(const g1_affine_t *a) ZKP_WUR;

void g2_generator(g2_t *r);
void g2_set_infinity(g2_t *r);
bool g2_is_infinity(const g2_t *a);
bool g2_eq(const g2_t *a, const g2_t *b);
void g2_add(g2_t *r, const g2_t *a, const g2_t *b);
void g2_add_mixed(g2_t *r, const g2_t *a, const g2_affine_t *b);
void g2_dbl(g2_t *r, const g2_t *a);
void g2_neg(g2_t *r, const g2_t *a);
void g2_mul(g2_t *r, const g2_t *a, const fr_t *k);
void g2_mul_var(g2_t *r, const g2_t *a, const fr_t *k);
void g2_from_affine(g2_t *r, const g2_affine_t *a);
void g2_to_affine(g2_affine_t *r, const g2_t *a);
void g2_batch_to_affine(g2_affine_t *r, const g2_t *a, size_t n);
bool g2_is_on_curve(const g2_t *a);
bool g2_affine_is_on_curve(const g2_affine_t *a);
bool g2_affine_in_subgroup(const g2_affine_t *a);
zkp_err g2_affine_validate(const g2_affine_t *a) ZKP_WUR;

#endif
