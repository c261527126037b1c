/* zkpot L1 field: the extension tower of BN254 used by G2 and the pairing.
 *   Fq2  = Fq[u]  / (u^2 + 1)
 *   Fq6  = Fq2[v] / (v^3 - xi),  xi = 9 + u
 *   Fq12 = Fq6[w] / (w^2 - v)
 * (the tower of EIP-197, ffjavascript and mcl). r may alias any input. */
#ifndef ZKPOT_TOWER_H
#define ZKPOT_TOWER_H

#include "zkpot/field.h"

typedef struct { fq_t c0, c1; } fq2_t;       /* c0 + c1 u */
typedef struct { fq2_t c0, c1, c2; } fq6_t;  /* c0 + c1 v + c2 v^2 */
typedef struct { fq6_t c0, c1; } fq12_t;     /* c0 + c1 w */

extern const fq2_t fq2_zero_c, fq2_one_c;
void fq2_set_zero(fq2_t *r);
void fq2_set_one(fq2_t *r);
bool fq2_is_zero(const fq2_t *a);
bool fq2_is_one(const fq2_t *a);
bool fq2_eq(const fq2_t *a, const fq2_t *b);
void fq2_add(fq2_t *r, const fq2_t *a, const fq2_t *b);
void fq2_sub(fq2_t *r, const fq2_t *a, const fq2_t *b);
void fq2_neg(fq2_t *r, const fq2_t *a);
void fq2_dbl(fq2_t *r, const fq2_t *a);
void fq2_mul(fq2_t *r, const fq2_t *a, const fq2_t *b);
void fq2_sqr(fq2_t *r, const fq2_t *a);
void fq2_mul_fq(fq2_t *r, const fq2_t *a, const fq_t *b);
void fq2_mul_xi(fq2_t *r, const fq2_t *a);    /* r = a * (9 + u) */
void fq2_conj(fq2_t *r, const fq2_t *a);      /* c0 - c1 u = a^p (Frobenius) */
void fq2_inv(fq2_t *r, const fq2_t *a);       /* inverse of 0 is 0 */
void fq2_pow(fq2_t *r, const fq2_t *a, const uint64_t *e, size_t elimbs); /* var time in e */
bool fq2_sqrt(fq2_t *r, const fq2_t *a);      /* false (r untouched) if not a square */

/* Fq6 / Fq12: declared by the tower/pairing module as it lands (zkpot/tower.h grows). */

#endif
