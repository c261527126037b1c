/* zkpot L1 field: Fq2 = Fq[u]/(u^2 + 1), the first floor of the BN254 tower
 * (zkpot/tower.h). Everything is constant time except fq2_pow (variable time
 * in the exponent only) and fq2_sqrt (variable time in its input). */
#include "zkpot/tower.h"
#define ZKP_FQ2_INLINE_NO_REDIRECT 1
#include "tower/fq2_inline.h"

const fq2_t fq2_zero_c = {{{0, 0, 0, 0}}, {{0, 0, 0, 0}}};
/* 1 in Montgomery form is 2^256 mod p. */
const fq2_t fq2_one_c = {{{0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL,
                           0x0e0a77c19a07df2fULL}},
                         {{0, 0, 0, 0}}};

void fq2_set_zero(fq2_t *r) { *r = fq2_zero_c; }
void fq2_set_one(fq2_t *r) { *r = fq2_one_c; }

bool fq2_is_zero(const fq2_t *a) { return fq_is_zero(&a->c0) & fq_is_zero(&a->c1); }
bool fq2_is_one(const fq2_t *a) { return fq_is_one(&a->c0) & fq_is_zero(&a->c1); }
bool fq2_eq(const fq2_t *a, const fq2_t *b) { return fq_eq(&a->c0, &b->c0) & fq_eq(&a->c1, &b->c1); }

void fq2_add(fq2_t *r, const fq2_t *a, const fq2_t *b) { zkp_fq2_add_i(r, a, b); }

void fq2_sub(fq2_t *r, const fq2_t *a, const fq2_t *b) { zkp_fq2_sub_i(r, a, b); }

void fq2_neg(fq2_t *r, const fq2_t *a) { zkp_fq2_neg_i(r, a); }

void fq2_dbl(fq2_t *r, const fq2_t *a) { zkp_fq2_dbl_i(r, a); }

/* Karatsuba with lazy reduction (Aranha et al., eprint 2010/526, s. 3-4):
 * (a0 + a1 u)(b0 + b1 u) = (a0 b0 - a1 b1) + ((a0 + a1)(b0 + b1) - a0 b0 - a1 b1) u,
 * the three products double-width and unreduced, two Montgomery reductions.
 * Bounds (p < 2^254): the sums a0 + a1, b0 + b1 are < 2p and need no reduction;
 * c1 = a0 b1 + a1 b0 exactly, in [0, 2p^2) (no borrow), and c0 = a0 b0 - a1 b1
 * (+ p 2^256 if negative) is in [0, p 2^256): both are valid fq_redc inputs. */
void fq2_mul(fq2_t *r, const fq2_t *a, const fq2_t *b) {
    fq_wide_t v0, v1, m;
    fq_t s, t;
    fq_add_nr(&s, &a->c0, &a->c1);
    fq_add_nr(&t, &b->c0, &b->c1);
    fq_mul_wide(&v0, &a->c0, &b->c0);
    fq_mul_wide(&v1, &a->c1, &b->c1);
    fq_mul_wide(&m, &s, &t);
    fq_wide_sub(&m, &m, &v0);
    fq_wide_sub(&m, &m, &v1);
    fq_wide_sub_mod(&v0, &v0, &v1);
    fq_redc(&r->c1, &m);
    fq_redc(&r->c0, &v0);
}

/* Complex squaring: (a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u, two independent
 * products (the throughput kernel) of unreduced operands below 2p, which fq_mul_tp
 * accepts: a0 + a1, a0 + (p - a1) in [1, 2p), and 2 a0. */
void fq2_sqr(fq2_t *r, const fq2_t *a) {
    fq_t s, d, m;
    fq_add_nr(&s, &a->c0, &a->c1);
    fq_sub_nr(&d, &a->c0, &a->c1);
    fq_add_nr(&m, &a->c0, &a->c0);
    fq_mul_tp(&r->c0, &s, &d);
    fq_mul_tp(&r->c1, &m, &a->c1);
}

void fq2_mul_fq(fq2_t *r, const fq2_t *a, const fq_t *b) {
    fq_mul_tp(&r->c0, &a->c0, b);
    fq_mul_tp(&r->c1, &a->c1, b);
}

void fq2_mul_xi(fq2_t *r, const fq2_t *a) { zkp_fq2_mul_xi_i(r, a); }

void fq2_conj(fq2_t *r, const fq2_t *a) {
    r->c0 = a->c0;
    fq_neg(&r->c1, &a->c1);
}

/* 1/(a0 + a1 u) = (a0 - a1 u) / (a0^2 + a1^2); fq_inv maps 0 to 0, so does this. */
static inline void fq2_inv_with(fq2_t *r, const fq2_t *a, void (*inv)(fq_t *, const fq_t *)) {
    fq_t t0, t1;
    fq_sqr(&t0, &a->c0);
    fq_sqr(&t1, &a->c1);
    fq_add(&t0, &t0, &t1);
    inv(&t0, &t0);
    fq_mul(&r->c0, &a->c0, &t0);
    fq_mul(&t1, &a->c1, &t0);
    fq_neg(&r->c1, &t1);
}

void fq2_inv(fq2_t *r, const fq2_t *a) { fq2_inv_with(r, a, fq_inv); }
void fq2_inv_var(fq2_t *r, const fq2_t *a) { fq2_inv_with(r, a, fq_inv_var); }

void fq2_pow(fq2_t *r, const fq2_t *a, const uint64_t *e, size_t elimbs) {
    fq2_t acc = fq2_one_c, base = *a;
    for (size_t i = elimbs; i-- > 0;) {
        for (int b = 63; b >= 0; b--) {
            fq2_sqr(&acc, &acc);
            if ((e[i] >> b) & 1) fq2_mul(&acc, &acc, &base);
        }
    }
    *r = acc;
}

/* Square root in Fq2 for p = 3 mod 4: Adj and Rodriguez-Henriquez, "Square root
 * computation over even extension fields", eprint 2012/685, Algorithm 9:
 *   a1 = a^((p-3)/4), alpha = a1^2 a, a0 = alpha^p alpha (the norm of alpha);
 *   a0 = -1 means a is not a square; x0 = a1 a;
 *   x = u x0 if alpha = -1, else x = (1 + alpha)^((p-1)/2) x0.
 * The result is squared and compared with a as a final guard. Variable time. */
bool fq2_sqrt(fq2_t *r, const fq2_t *a) {
    const uint64_t *p = fq_modulus;
    /* (p-3)/4 and (p-1)/2: p = 3 mod 4, so shifting p right is exact up to the low bits. */
    uint64_t e34[4], e12[4];
    for (int i = 0; i < 4; i++) {
        uint64_t hi = i < 3 ? p[i + 1] : 0;
        e34[i] = (p[i] >> 2) | (hi << 62); /* floor(p/4) = (p-3)/4 */
        e12[i] = (p[i] >> 1) | (hi << 63); /* floor(p/2) = (p-1)/2 */
    }
    fq2_t a1, alpha, a0, x0, x, minus_one;
    fq2_pow(&a1, a, e34, 4);
    fq2_sqr(&alpha, &a1);
    fq2_mul(&alpha, &alpha, a);
    fq2_conj(&a0, &alpha);
    fq2_mul(&a0, &a0, &alpha);
    fq2_neg(&minus_one, &fq2_one_c);
    if (fq2_eq(&a0, &minus_one)) return false;
    fq2_mul(&x0, &a1, a);
    if (fq2_eq(&alpha, &minus_one)) {
        /* u (c0 + c1 u) = -c1 + c0 u */
        fq_neg(&x.c0, &x0.c1);
        x.c1 = x0.c0;
    } else {
        fq2_t b;
        fq2_add(&b, &fq2_one_c, &alpha);
        fq2_pow(&b, &b, e12, 4);
        fq2_mul(&x, &b, &x0);
    }
    fq2_t chk;
    fq2_sqr(&chk, &x);
    if (!fq2_eq(&chk, a)) return false;
    *r = x;
    return true;
}
