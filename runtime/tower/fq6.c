/* zkpot L1 field: Fq6 = Fq2[v]/(v^3 - xi), xi = 9 + u, the middle floor of the
 * BN254 tower (zkpot/tower.h). Formulas: Devegili, O hEigeartaigh, Scott, Dahab,
 * "Multiplication and squaring on pairing-friendly fields", eprint 2006/471
 * (Karatsuba multiplication, Chung-Hasan SQR2 squaring). Constant time. */
/* Integer registers only: struct copies of values just written by the assembly
 * kernels (8-byte stores) then use 8-byte moves; vector copies of such values stall
 * on store-to-load forwarding (measured 2-5% on fq12_mul/fq12_sqr on this machine class). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#pragma GCC target("general-regs-only")
#endif
#include "zkpot/tower.h"
#include "tower/fq2_inline.h" /* inline fq2_add, fq2_sub, ..., fq2_mul_xi */

const fq6_t fq6_zero_c = {{{{0}}, {{0}}}, {{{0}}, {{0}}}, {{{0}}, {{0}}}};
const fq6_t fq6_one_c = {{{{0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL,
                             0x0e0a77c19a07df2fULL}},
                           {{0}}},
                          {{{0}}, {{0}}},
                          {{{0}}, {{0}}}};

void fq6_set_zero(fq6_t *r) { *r = fq6_zero_c; }
void fq6_set_one(fq6_t *r) { *r = fq6_one_c; }
bool fq6_is_zero(const fq6_t *a) {
    return fq2_is_zero(&a->c0) & fq2_is_zero(&a->c1) & fq2_is_zero(&a->c2);
}
bool fq6_is_one(const fq6_t *a) {
    return fq2_is_one(&a->c0) & fq2_is_zero(&a->c1) & fq2_is_zero(&a->c2);
}
bool fq6_eq(const fq6_t *a, const fq6_t *b) {
    return fq2_eq(&a->c0, &b->c0) & fq2_eq(&a->c1, &b->c1) & fq2_eq(&a->c2, &b->c2);
}

void fq6_add(fq6_t *r, const fq6_t *a, const fq6_t *b) {
    fq2_add(&r->c0, &a->c0, &b->c0);
    fq2_add(&r->c1, &a->c1, &b->c1);
    fq2_add(&r->c2, &a->c2, &b->c2);
}

void fq6_sub(fq6_t *r, const fq6_t *a, const fq6_t *b) {
    fq2_sub(&r->c0, &a->c0, &b->c0);
    fq2_sub(&r->c1, &a->c1, &b->c1);
    fq2_sub(&r->c2, &a->c2, &b->c2);
}

void fq6_neg(fq6_t *r, const fq6_t *a) {
    fq2_neg(&r->c0, &a->c0);
    fq2_neg(&r->c1, &a->c1);
    fq2_neg(&r->c2, &a->c2);
}

void fq6_dbl(fq6_t *r, const fq6_t *a) {
    fq2_dbl(&r->c0, &a->c0);
    fq2_dbl(&r->c1, &a->c1);
    fq2_dbl(&r->c2, &a->c2);
}

/* Karatsuba over three coefficients, v^3 = xi:
 *   v0 = a0 b0, v1 = a1 b1, v2 = a2 b2
 *   c0 = v0 + xi ((a1 + a2)(b1 + b2) - v1 - v2)
 *   c1 = (a0 + a1)(b0 + b1) - v0 - v1 + xi v2
 *   c2 = (a0 + a2)(b0 + b2) - v0 - v2 + v1 */
void fq6_mul(fq6_t *r, const fq6_t *a, const fq6_t *b) {
    fq2_t v0, v1, v2, s, t, c0, c1, c2;
    fq2_mul(&v0, &a->c0, &b->c0);
    fq2_mul(&v1, &a->c1, &b->c1);
    fq2_mul(&v2, &a->c2, &b->c2);

    fq2_add(&s, &a->c1, &a->c2);
    fq2_add(&t, &b->c1, &b->c2);
    fq2_mul(&c0, &s, &t);
    fq2_sub(&c0, &c0, &v1);
    fq2_sub(&c0, &c0, &v2);
    fq2_mul_xi(&c0, &c0);
    fq2_add(&c0, &c0, &v0);

    fq2_add(&s, &a->c0, &a->c1);
    fq2_add(&t, &b->c0, &b->c1);
    fq2_mul(&c1, &s, &t);
    fq2_sub(&c1, &c1, &v0);
    fq2_sub(&c1, &c1, &v1);
    fq2_mul_xi(&s, &v2);
    fq2_add(&c1, &c1, &s);

    fq2_add(&s, &a->c0, &a->c2);
    fq2_add(&t, &b->c0, &b->c2);
    fq2_mul(&c2, &s, &t);
    fq2_sub(&c2, &c2, &v0);
    fq2_sub(&c2, &c2, &v2);
    fq2_add(&c2, &c2, &v1);

    r->c0 = c0, r->c1 = c1, r->c2 = c2;
}

/* Chung-Hasan SQR2: s0 = a0^2, s1 = 2 a0 a1, s2 = (a0 - a1 + a2)^2, s3 = 2 a1 a2, s4 = a2^2;
 *   c0 = s0 + xi s3, c1 = s1 + xi s4, c2 = s1 + s2 + s3 - s0 - s4. */
void fq6_sqr(fq6_t *r, const fq6_t *a) {
    fq2_t s0, s1, s2, s3, s4, t;
    fq2_sqr(&s0, &a->c0);
    fq2_mul(&s1, &a->c0, &a->c1);
    fq2_dbl(&s1, &s1);
    fq2_sub(&s2, &a->c0, &a->c1);
    fq2_add(&s2, &s2, &a->c2);
    fq2_sqr(&s2, &s2);
    fq2_mul(&s3, &a->c1, &a->c2);
    fq2_dbl(&s3, &s3);
    fq2_sqr(&s4, &a->c2);

    fq2_mul_xi(&t, &s3);
    fq2_add(&r->c0, &s0, &t);
    fq2_add(&t, &s1, &s2);
    fq2_add(&t, &t, &s3);
    fq2_sub(&t, &t, &s0);
    fq2_sub(&r->c2, &t, &s4);
    fq2_mul_xi(&t, &s4);
    fq2_add(&r->c1, &s1, &t);
}

/* (a0 + a1 v + a2 v^2) v = xi a2 + a0 v + a1 v^2. */
void fq6_mul_by_v(fq6_t *r, const fq6_t *a) {
    fq2_t t;
    fq2_mul_xi(&t, &a->c2);
    r->c2 = a->c1;
    r->c1 = a->c0;
    r->c0 = t;
}

void fq6_mul_fq2(fq6_t *r, const fq6_t *a, const fq2_t *b) {
    fq2_mul(&r->c0, &a->c0, b);
    fq2_mul(&r->c1, &a->c1, b);
    fq2_mul(&r->c2, &a->c2, b);
}

/* a (b0 + b1 v), five Fq2 multiplications:
 *   c0 = a0 b0 + xi ((a1 + a2) b1 - a1 b1)
 *   c1 = (a0 + a1)(b0 + b1) - a0 b0 - a1 b1
 *   c2 = (a0 + a2) b0 - a0 b0 + a1 b1 */
void fq6_mul_by_01(fq6_t *r, const fq6_t *a, const fq2_t *b0, const fq2_t *b1) {
    fq2_t v0, v1, s, t, c0, c1, c2;
    fq2_mul(&v0, &a->c0, b0);
    fq2_mul(&v1, &a->c1, b1);

    fq2_add(&s, &a->c1, &a->c2);
    fq2_mul(&c0, &s, b1);
    fq2_sub(&c0, &c0, &v1);
    fq2_mul_xi(&c0, &c0);
    fq2_add(&c0, &c0, &v0);

    fq2_add(&s, &a->c0, &a->c1);
    fq2_add(&t, b0, b1);
    fq2_mul(&c1, &s, &t);
    fq2_sub(&c1, &c1, &v0);
    fq2_sub(&c1, &c1, &v1);

    fq2_add(&s, &a->c0, &a->c2);
    fq2_mul(&c2, &s, b0);
    fq2_sub(&c2, &c2, &v0);
    fq2_add(&c2, &c2, &v1);

    r->c0 = c0, r->c1 = c1, r->c2 = c2;
}

/* Inverse through the norm to Fq2 (eprint 2006/471 / Scott's "Implementing
 * cryptographic pairings"):
 *   t0 = a0^2 - xi a1 a2, t1 = xi a2^2 - a0 a1, t2 = a1^2 - a0 a2,
 *   d = a0 t0 + xi (a2 t1 + a1 t2), a^-1 = (t0 + t1 v + t2 v^2) / d. */
static void fq6_inv_with(fq6_t *r, const fq6_t *a, void (*inv2)(fq2_t *, const fq2_t *)) {
    fq2_t t0, t1, t2, d, s;
    fq2_sqr(&t0, &a->c0);
    fq2_mul(&s, &a->c1, &a->c2);
    fq2_mul_xi(&s, &s);
    fq2_sub(&t0, &t0, &s);
    fq2_sqr(&t1, &a->c2);
    fq2_mul_xi(&t1, &t1);
    fq2_mul(&s, &a->c0, &a->c1);
    fq2_sub(&t1, &t1, &s);
    fq2_sqr(&t2, &a->c1);
    fq2_mul(&s, &a->c0, &a->c2);
    fq2_sub(&t2, &t2, &s);

    fq2_mul(&d, &a->c2, &t1);
    fq2_mul(&s, &a->c1, &t2);
    fq2_add(&d, &d, &s);
    fq2_mul_xi(&d, &d);
    fq2_mul(&s, &a->c0, &t0);
    fq2_add(&d, &d, &s);
    inv2(&d, &d);

    fq2_mul(&r->c0, &t0, &d);
    fq2_mul(&r->c1, &t1, &d);
    fq2_mul(&r->c2, &t2, &d);
}

void fq6_inv(fq6_t *r, const fq6_t *a) { fq6_inv_with(r, a, fq2_inv); }
void fq6_inv_var(fq6_t *r, const fq6_t *a) { fq6_inv_with(r, a, fq2_inv_var); }
