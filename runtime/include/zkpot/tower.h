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

void fq2_inv_var(fq2_t *r, const fq2_t *a);   /* variable time (public data); 0 -> 0 */

/* ---- Fq6 = Fq2[v]/(v^3 - xi) ---- constant time; r may alias any input. */
extern const fq6_t fq6_zero_c, fq6_one_c;
void fq6_set_zero(fq6_t *r);
void fq6_set_one(fq6_t *r);
bool fq6_is_zero(const fq6_t *a);
bool fq6_is_one(const fq6_t *a);
bool fq6_eq(const fq6_t *a, const fq6_t *b);
void fq6_add(fq6_t *r, const fq6_t *a, const fq6_t *b);
void fq6_sub(fq6_t *r, const fq6_t *a, const fq6_t *b);
void fq6_neg(fq6_t *r, const fq6_t *a);
void fq6_dbl(fq6_t *r, const fq6_t *a);
void fq6_mul(fq6_t *r, const fq6_t *a, const fq6_t *b);      /* Karatsuba, 6 Fq2 muls */
void fq6_sqr(fq6_t *r, const fq6_t *a);                      /* Chung-Hasan SQR2 */
void fq6_mul_by_v(fq6_t *r, const fq6_t *a);                 /* r = a * v */
void fq6_mul_fq2(fq6_t *r, const fq6_t *a, const fq2_t *b);
void fq6_mul_by_01(fq6_t *r, const fq6_t *a, const fq2_t *b0, const fq2_t *b1); /* a (b0 + b1 v) */
void fq6_inv(fq6_t *r, const fq6_t *a);                      /* 0 -> 0 */
void fq6_inv_var(fq6_t *r, const fq6_t *a);                  /* variable time; 0 -> 0 */

/* ---- Fq12 = Fq6[w]/(w^2 - v) ---- constant time unless noted; r may alias any input. */
extern const fq12_t fq12_zero_c, fq12_one_c;
void fq12_set_zero(fq12_t *r);
void fq12_set_one(fq12_t *r);
bool fq12_is_zero(const fq12_t *a);
bool fq12_is_one(const fq12_t *a);
bool fq12_eq(const fq12_t *a, const fq12_t *b);
void fq12_add(fq12_t *r, const fq12_t *a, const fq12_t *b);
void fq12_sub(fq12_t *r, const fq12_t *a, const fq12_t *b);
void fq12_neg(fq12_t *r, const fq12_t *a);
void fq12_mul(fq12_t *r, const fq12_t *a, const fq12_t *b);  /* Karatsuba, 3 Fq6 muls */
void fq12_sqr(fq12_t *r, const fq12_t *a);                   /* complex squaring, 2 Fq6 muls */
/* r = a * (c0 + c3 w + c4 v w): the sparse line value of the D-type twist. */
void fq12_mul_by_034(fq12_t *r, const fq12_t *a, const fq2_t *c0, const fq2_t *c3,
                     const fq2_t *c4);
/* r = a * (1 + c3 w + c4 v w) (a normalized line). */
void fq12_mul_by_1_34(fq12_t *r, const fq12_t *a, const fq2_t *c3, const fq2_t *c4);
void fq12_inv(fq12_t *r, const fq12_t *a);                   /* 0 -> 0 */
void fq12_inv_var(fq12_t *r, const fq12_t *a);               /* variable time; 0 -> 0 */
void fq12_conj(fq12_t *r, const fq12_t *a);                  /* a0 - a1 w = a^(p^6) */
void fq12_frobenius(fq12_t *r, const fq12_t *a, unsigned k); /* r = a^(p^k) */
/* Granger-Scott squaring, valid only for a in the cyclotomic subgroup
 * (a^(p^4 - p^2 + 1) = 1: any value after the easy part of the final exponentiation). */
void fq12_cyclotomic_sqr(fq12_t *r, const fq12_t *a);
void fq12_pow(fq12_t *r, const fq12_t *a, const uint64_t *e, size_t elimbs); /* var time in e */
/* xi^(i (p^k - 1)/6) for k in 1..3, i in 0..5: the Frobenius constants (also used to
 * apply the Frobenius map to points of the twist). Thread-safe, computed once. */
const fq2_t *fq12_frobenius_gamma(unsigned k, unsigned i);
/* 384 bytes: the 12 Fq coefficients in the order c0.c0.c0, c0.c0.c1, c0.c1.c0, ...,
 * c1.c2.c1 (the struct order), each 32 bytes big-endian canonical. from_ rejects
 * values >= p (ZKP_ERR_NOT_CANONICAL, naming the coefficient). */
void fq12_to_bytes_be(uint8_t b[384], const fq12_t *a);
zkp_err fq12_from_bytes_be(fq12_t *r, const uint8_t b[384]) ZKP_WUR;

#endif
