/* zkpot L1 field: Fq12 = Fq6[w]/(w^2 - v), the top of the BN254 tower, where
 * the pairing takes its values (zkpot/tower.h). Seen from Fq2 it is
 * Fq2[w]/(w^6 - xi); the six Fq2 coefficients of a = a0 + a1 w sit at powers
 *   a0.c0: w^0   a0.c1: w^2   a0.c2: w^4   a1.c0: w^1   a1.c1: w^3   a1.c2: w^5
 * which is what the Frobenius maps and the cyclotomic squaring work with.
 * Constant time except the _var functions and fq12_pow (variable time in e). */
/* Integer registers only: struct copies of values just written by the assembly
 * kernels (8-byte stores) then use 8-byte moves; vector copies of such values stall
 * on store-to-load forwarding (measured 2-5% on fq12_mul/fq12_sqr on this machine class). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#pragma GCC target("general-regs-only")
#endif
#include <pthread.h>

#include "zkpot/tower.h"
#include "tower/fq2_inline.h" /* inline fq2_add, fq2_sub, ..., fq2_mul_xi */

const fq12_t fq12_zero_c = {{{{{0}}, {{0}}}, {{{0}}, {{0}}}, {{{0}}, {{0}}}},
                            {{{{0}}, {{0}}}, {{{0}}, {{0}}}, {{{0}}, {{0}}}}};
const fq12_t fq12_one_c = {{{{{0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL,
                               0x0e0a77c19a07df2fULL}},
                             {{0}}},
                            {{{0}}, {{0}}},
                            {{{0}}, {{0}}}},
                           {{{{0}}, {{0}}}, {{{0}}, {{0}}}, {{{0}}, {{0}}}}};

void fq12_set_zero(fq12_t *r) { *r = fq12_zero_c; }
void fq12_set_one(fq12_t *r) { *r = fq12_one_c; }
bool fq12_is_zero(const fq12_t *a) { return fq6_is_zero(&a->c0) & fq6_is_zero(&a->c1); }
bool fq12_is_one(const fq12_t *a) { return fq6_is_one(&a->c0) & fq6_is_zero(&a->c1); }
bool fq12_eq(const fq12_t *a, const fq12_t *b) {
    return fq6_eq(&a->c0, &b->c0) & fq6_eq(&a->c1, &b->c1);
}

void fq12_add(fq12_t *r, const fq12_t *a, const fq12_t *b) {
    fq6_add(&r->c0, &a->c0, &b->c0);
    fq6_add(&r->c1, &a->c1, &b->c1);
}

void fq12_sub(fq12_t *r, const fq12_t *a, const fq12_t *b) {
    fq6_sub(&r->c0, &a->c0, &b->c0);
    fq6_sub(&r->c1, &a->c1, &b->c1);
}

void fq12_neg(fq12_t *r, const fq12_t *a) {
    fq6_neg(&r->c0, &a->c0);
    fq6_neg(&r->c1, &a->c1);
}

/* Karatsuba: (a0 + a1 w)(b0 + b1 w) = (a0 b0 + v a1 b1) + ((a0 + a1)(b0 + b1) - a0 b0 - a1 b1) w. */
void fq12_mul(fq12_t *r, const fq12_t *a, const fq12_t *b) {
    fq6_t v0, v1, s, t;
    fq6_mul(&v0, &a->c0, &b->c0);
    fq6_mul(&v1, &a->c1, &b->c1);
    fq6_add(&s, &a->c0, &a->c1);
    fq6_add(&t, &b->c0, &b->c1);
    fq6_mul(&s, &s, &t);
    fq6_sub(&s, &s, &v0);
    fq6_sub(&r->c1, &s, &v1);
    fq6_mul_by_v(&v1, &v1);
    fq6_add(&r->c0, &v0, &v1);
}

/* Karatsuba squaring over Fq6 (three Fq6 squarings, each Chung-Hasan SQR2):
 *   (a0 + a1 w)^2 = (a0^2 + v a1^2) + ((a0 + a1)^2 - a0^2 - a1^2) w. */
void fq12_sqr(fq12_t *r, const fq12_t *a) {
    fq6_t t0, t1, s;
    fq6_sqr(&t0, &a->c0);
    fq6_sqr(&t1, &a->c1);
    fq6_add(&s, &a->c0, &a->c1);
    fq6_sqr(&s, &s);
    fq6_sub(&s, &s, &t0);
    fq6_sub(&r->c1, &s, &t1);
    fq6_mul_by_v(&t1, &t1);
    fq6_add(&r->c0, &t0, &t1);
}

/* a * (c0 + c3 w + c4 v w): the sparse shape of a line function of the D-type
 * twist. With l0 = c0 and l1 = c3 + c4 v:
 *   t0 = a0 l0, t1 = a1 l1, r1 = (a0 + a1)(l0 + l1) - t0 - t1, r0 = t0 + v t1.
 * 13 Fq2 multiplications instead of 18. */
void fq12_mul_by_034(fq12_t *r, const fq12_t *a, const fq2_t *c0, const fq2_t *c3,
                     const fq2_t *c4) {
    fq6_t t0, t1, s;
    fq2_t l;
    fq6_mul_fq2(&t0, &a->c0, c0);
    fq6_mul_by_01(&t1, &a->c1, c3, c4);
    fq6_add(&s, &a->c0, &a->c1);
    fq2_add(&l, c0, c3);
    fq6_mul_by_01(&s, &s, &l, c4);
    fq6_sub(&s, &s, &t0);
    fq6_sub(&r->c1, &s, &t1);
    fq6_mul_by_v(&t1, &t1);
    fq6_add(&r->c0, &t0, &t1);
}

/* a * (1 + c3 w + c4 v w): a line scaled so that its constant term is 1.
 * With l1 = c3 + c4 v: t1 = a1 l1, r1 = (a0 + a1)((1 + c3) + c4 v) - a0 - t1,
 * r0 = a0 + v t1. 10 Fq2 multiplications. */
void fq12_mul_by_1_34(fq12_t *r, const fq12_t *a, const fq2_t *c3, const fq2_t *c4) {
    fq6_t t1, s;
    fq2_t l;
    fq6_mul_by_01(&t1, &a->c1, c3, c4);
    fq6_add(&s, &a->c0, &a->c1);
    fq2_add(&l, &fq2_one_c, c3);
    fq6_mul_by_01(&s, &s, &l, c4);
    fq6_sub(&s, &s, &a->c0);
    fq6_sub(&r->c1, &s, &t1);
    fq6_mul_by_v(&t1, &t1);
    fq6_add(&r->c0, &a->c0, &t1);
}

/* a^-1 = (a0 - a1 w) / (a0^2 - v a1^2). */
static void fq12_inv_with(fq12_t *r, const fq12_t *a, void (*inv6)(fq6_t *, const fq6_t *)) {
    fq6_t t0, t1;
    fq6_sqr(&t0, &a->c0);
    fq6_sqr(&t1, &a->c1);
    fq6_mul_by_v(&t1, &t1);
    fq6_sub(&t0, &t0, &t1);
    inv6(&t0, &t0);
    fq6_mul(&r->c0, &a->c0, &t0);
    fq6_mul(&t1, &a->c1, &t0);
    fq6_neg(&r->c1, &t1);
}

void fq12_inv(fq12_t *r, const fq12_t *a) { fq12_inv_with(r, a, fq6_inv); }
void fq12_inv_var(fq12_t *r, const fq12_t *a) { fq12_inv_with(r, a, fq6_inv_var); }

void fq12_conj(fq12_t *r, const fq12_t *a) {
    r->c0 = a->c0;
    fq6_neg(&r->c1, &a->c1);
}

void fq12_pow(fq12_t *r, const fq12_t *a, const uint64_t *e, size_t elimbs) {
    fq12_t acc = fq12_one_c, base = *a;
    for (size_t i = elimbs; i-- > 0;) {
        for (int b = 63; b >= 0; b--) {
            fq12_sqr(&acc, &acc);
            if ((e[i] >> b) & 1) fq12_mul(&acc, &acc, &base);
        }
    }
    *r = acc;
}

/* ---- Frobenius ----
 * (sum a_i w^i)^(p^k) = sum frob^k(a_i) w^i gamma_{k,i},  gamma_{k,i} = w^(i (p^k - 1))
 * = xi^(i (p^k - 1)/6) (p^k = 1 mod 6). The constants are derived here, once:
 *   gamma_{1,i} = xi^(i (p-1)/6),
 *   gamma_{2,i} = gamma_{1,i}^(p+1) = gamma_{1,i} conj(gamma_{1,i})   (in Fq),
 *   gamma_{3,i} = gamma_{1,i}^(p^2+p+1) = gamma_{2,i} gamma_{1,i}. */
static fq2_t frob_gamma[4][6];
static pthread_once_t frob_once = PTHREAD_ONCE_INIT;

static void frob_init(void) {
    const uint64_t *p = fq_modulus;
    /* (p - 1)/6 by long division of the 4 limbs (p - 1 is divisible by 6). */
    uint64_t e[4], rem = 0;
    uint64_t pm1[4] = {p[0] - 1, p[1], p[2], p[3]};
    for (int i = 3; i >= 0; i--) {
        unsigned __int128 cur = ((unsigned __int128)rem << 64) | pm1[i];
        e[i] = (uint64_t)(cur / 6);
        rem = (uint64_t)(cur % 6);
    }
    fq2_t xi, g;
    fq_set_u64(&xi.c0, 9);
    fq_set_one(&xi.c1);
    fq2_pow(&g, &xi, e, 4);
    for (int k = 1; k <= 3; k++) frob_gamma[k][0] = fq2_one_c;
    for (int i = 1; i < 6; i++) {
        fq2_mul(&frob_gamma[1][i], &frob_gamma[1][i - 1], &g);
        fq2_t c;
        fq2_conj(&c, &frob_gamma[1][i]);
        fq2_mul(&frob_gamma[2][i], &frob_gamma[1][i], &c);
        fq2_mul(&frob_gamma[3][i], &frob_gamma[2][i], &frob_gamma[1][i]);
    }
}

const fq2_t *fq12_frobenius_gamma(unsigned k, unsigned i) {
    pthread_once(&frob_once, frob_init);
    return &frob_gamma[k][i];
}

static void frob_k(fq12_t *r, const fq12_t *a, unsigned k) {
    pthread_once(&frob_once, frob_init);
    const fq2_t *g = frob_gamma[k];
    fq12_t t = *a;
    if (k & 1) {
        fq2_conj(&t.c0.c0, &t.c0.c0), fq2_conj(&t.c0.c1, &t.c0.c1), fq2_conj(&t.c0.c2, &t.c0.c2);
        fq2_conj(&t.c1.c0, &t.c1.c0), fq2_conj(&t.c1.c1, &t.c1.c1), fq2_conj(&t.c1.c2, &t.c1.c2);
    }
    r->c0.c0 = t.c0.c0;
    fq2_mul(&r->c0.c1, &t.c0.c1, &g[2]);
    fq2_mul(&r->c0.c2, &t.c0.c2, &g[4]);
    fq2_mul(&r->c1.c0, &t.c1.c0, &g[1]);
    fq2_mul(&r->c1.c1, &t.c1.c1, &g[3]);
    fq2_mul(&r->c1.c2, &t.c1.c2, &g[5]);
}

void fq12_frobenius(fq12_t *r, const fq12_t *a, unsigned k) {
    k %= 12;
    *r = *a;
    while (k >= 3) frob_k(r, r, 3), k -= 3;
    if (k) frob_k(r, r, k);
}

/* ---- cyclotomic squaring ----
 * Granger and Scott, "Faster squaring in the cyclotomic subgroup of sixth degree
 * extensions", PKC 2010 (eprint 2009/565), section 3.1. Fq12 is read as Fq4^3 with
 * Fq4 = Fq2[y]/(y^2 - xi), y = w^3, and pairs A = (w^0, w^3), B = (w^1, w^4),
 * C = (w^2, w^5). For a in the cyclotomic subgroup (a^(p^4 - p^2 + 1) = 1):
 *   A' = 3 A^2 - 2 conj(A),  B' = 3 y C^2 + 2 conj(B),  C' = 3 B^2 - 2 conj(C)
 * coefficient by coefficient (conj negates the y part). */
static void fq4_sqr(fq2_t *r0, fq2_t *h1, const fq2_t *a, const fq2_t *b) {
    /* (a + b y)^2 = (a^2 + xi b^2) + 2 a b y: two Fq2 squarings and one multiplication
     * (which costs less than the squaring of a + b and the two subtractions of the
     * Granger-Scott form). h1 = a b is half of the y part; the caller folds the 2 into
     * its constants (3 * 2 = 6). */
    fq2_t t0, t1;
    fq2_sqr(&t0, a);
    fq2_sqr(&t1, b);
    fq2_mul(h1, a, b);
    fq2_mul_xi(&t1, &t1);
    fq2_add(r0, &t0, &t1);
}

/* r = 3 t - 2 z, each coefficient reduced once (fq_lin_sub, zkpot/field.h) */
static inline void three_minus_two(fq2_t *r, const fq2_t *t, const fq2_t *z) {
    fq_lin_sub(&r->c0, 3, &t->c0, 2, &z->c0);
    fq_lin_sub(&r->c1, 3, &t->c1, 2, &z->c1);
}

/* r = 3 (2 h) + 2 z, h half of a y part (fq4_sqr) */
static inline void six_plus_two(fq2_t *r, const fq2_t *h, const fq2_t *z) {
    fq_lin_add(&r->c0, 6, &h->c0, 2, &z->c0);
    fq_lin_add(&r->c1, 6, &h->c1, 2, &z->c1);
}

void fq12_cyclotomic_sqr(fq12_t *r, const fq12_t *a) {
    fq2_t t0, t1, t2, t3, t4, t5;
    fq4_sqr(&t0, &t1, &a->c0.c0, &a->c1.c1); /* A^2 = t0 + 2 t1 y */
    fq4_sqr(&t2, &t3, &a->c1.c0, &a->c0.c2); /* B^2 = t2 + 2 t3 y */
    fq4_sqr(&t4, &t5, &a->c0.c1, &a->c1.c2); /* C^2 = t4 + 2 t5 y */
    /* each output coefficient reads only its own input coefficient (before writing
     * it), so r may alias a without a copy */
    three_minus_two(&r->c0.c0, &t0, &a->c0.c0);
    six_plus_two(&r->c1.c1, &t1, &a->c1.c1);
    fq2_mul_xi(&t5, &t5);
    six_plus_two(&r->c1.c0, &t5, &a->c1.c0);
    three_minus_two(&r->c0.c2, &t4, &a->c0.c2);
    three_minus_two(&r->c0.c1, &t2, &a->c0.c1);
    six_plus_two(&r->c1.c2, &t3, &a->c1.c2);
}

/* ---- encoding ---- */

static fq2_t *fq12_coeff(fq12_t *a, int i) {
    fq6_t *h = i < 3 ? &a->c0 : &a->c1;
    int j = i % 3;
    return j == 0 ? &h->c0 : j == 1 ? &h->c1 : &h->c2;
}

void fq12_to_bytes_be(uint8_t b[384], const fq12_t *a) {
    fq12_t t = *a;
    for (int i = 0; i < 6; i++) {
        const fq2_t *c = fq12_coeff(&t, i);
        fq_to_bytes_be(b + 64 * i, &c->c0);
        fq_to_bytes_be(b + 64 * i + 32, &c->c1);
    }
}

zkp_err fq12_from_bytes_be(fq12_t *r, const uint8_t b[384]) {
    fq12_t t;
    for (int i = 0; i < 12; i++) {
        fq2_t *c = fq12_coeff(&t, i / 2);
        if (fq_from_bytes_be(i & 1 ? &c->c1 : &c->c0, b + 32 * i) != ZKP_OK)
            return zkp_fail(ZKP_ERR_NOT_CANONICAL,
                            "Fq12 encoding: coefficient %d (bytes %d..%d) is not below p", i,
                            32 * i, 32 * i + 31);
    }
    *r = t;
    return ZKP_OK;
}
