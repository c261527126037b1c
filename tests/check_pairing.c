/* zkpot tests: L3 pairing (optimal ate on BN254): bilinearity, non-degeneracy,
 * order r, the final exponentiation against a plain GMP-computed power, the
 * Ethereum bn256Pairing (EIP-197) known-answer vectors, and coefficient-by-
 * coefficient agreement with ffjavascript via tests/oracle/pairing_oracle.js on
 * random scalars drawn by the test. Scalar multiplication here is a tiny affine
 * double-and-add (independent of the curve module). */
#include <check.h>
#include <gmp.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "zkpot.h"

/* ---- test-only affine arithmetic over Fq2 (G1 points embed with c1 = 0) ---- */

typedef struct {
    fq2_t x, y;
    bool inf;
} tpt_t;

static void tpt_dbl(tpt_t *r, const tpt_t *a) {
    if (a->inf || fq2_is_zero(&a->y)) {
        r->inf = true;
        return;
    }
    fq2_t l, t, x3, y3;
    fq2_sqr(&l, &a->x);
    fq2_add(&t, &l, &l);
    fq2_add(&l, &l, &t); /* 3x^2 */
    fq2_dbl(&t, &a->y);
    fq2_inv(&t, &t);
    fq2_mul(&l, &l, &t);
    fq2_sqr(&x3, &l);
    fq2_sub(&x3, &x3, &a->x);
    fq2_sub(&x3, &x3, &a->x);
    fq2_sub(&t, &a->x, &x3);
    fq2_mul(&y3, &l, &t);
    fq2_sub(&y3, &y3, &a->y);
    r->x = x3, r->y = y3, r->inf = false;
}

static void tpt_add(tpt_t *r, const tpt_t *a, const tpt_t *b) {
    if (a->inf) {
        *r = *b;
        return;
    }
    if (b->inf) {
        *r = *a;
        return;
    }
    if (fq2_eq(&a->x, &b->x)) {
        if (fq2_eq(&a->y, &b->y))
            tpt_dbl(r, a);
        else
            r->inf = true;
        return;
    }
    fq2_t l, t, x3, y3;
    fq2_sub(&l, &b->y, &a->y);
    fq2_sub(&t, &b->x, &a->x);
    fq2_inv(&t, &t);
    fq2_mul(&l, &l, &t);
    fq2_sqr(&x3, &l);
    fq2_sub(&x3, &x3, &a->x);
    fq2_sub(&x3, &x3, &b->x);
    fq2_sub(&t, &a->x, &x3);
    fq2_mul(&y3, &l, &t);
    fq2_sub(&y3, &y3, &a->y);
    r->x = x3, r->y = y3, r->inf = false;
}

static void tpt_mul(tpt_t *r, const tpt_t *a, const uint64_t k[4]) {
    tpt_t acc = {.inf = true};
    for (int i = 255; i >= 0; i--) {
        tpt_dbl(&acc, &acc);
        if ((k[i / 64] >> (i % 64)) & 1) tpt_add(&acc, &acc, a);
    }
    *r = acc;
}

static void tpt_neg(tpt_t *r, const tpt_t *a) {
    *r = *a;
    fq2_neg(&r->y, &a->y);
}

/* y^2 = x^3 + b with b = 3 (G1) or 3/(9+u) (G2) */
static bool tpt_on_curve(const tpt_t *a, bool g2) {
    if (a->inf) return true;
    fq2_t b = fq2_zero_c, l, r;
    fq_set_u64(&b.c0, 3);
    if (g2) {
        fq2_t xi;
        fq_set_u64(&xi.c0, 9), fq_set_one(&xi.c1);
        fq2_inv(&xi, &xi);
        fq2_mul(&b, &b, &xi);
    }
    fq2_sqr(&l, &a->y);
    fq2_sqr(&r, &a->x);
    fq2_mul(&r, &r, &a->x);
    fq2_add(&r, &r, &b);
    return fq2_eq(&l, &r);
}

static void g1_of(g1_affine_t *r, const tpt_t *a) {
    ck_assert(a->inf || (fq_is_zero(&a->x.c1) && fq_is_zero(&a->y.c1)));
    r->infinity = a->inf;
    r->x = a->inf ? fq_zero_c : a->x.c0;
    r->y = a->inf ? fq_zero_c : a->y.c0;
}

static void g2_of(g2_affine_t *r, const tpt_t *a) {
    r->infinity = a->inf;
    r->x = a->inf ? fq2_zero_c : a->x;
    r->y = a->inf ? fq2_zero_c : a->y;
}

static void set_dec(fq_t *r, const char *s) { ck_assert(fq_from_dec(r, s) == ZKP_OK); }

static tpt_t gen1(void) {
    tpt_t g = {.inf = false};
    g.x = fq2_zero_c, g.y = fq2_zero_c;
    fq_set_u64(&g.x.c0, 1), fq_set_u64(&g.y.c0, 2);
    return g;
}

/* The G2 generator of EIP-197 / snarkjs. */
static tpt_t gen2(void) {
    tpt_t g = {.inf = false};
    set_dec(&g.x.c0, "10857046999023057135944570762232829481370756359578518086990519993285655852781");
    set_dec(&g.x.c1, "11559732032986387107991004021392285783925812861821192530917403151452391805634");
    set_dec(&g.y.c0, "8495653923123431417604973247489272438418190587263600148770280649306958101930");
    set_dec(&g.y.c1, "4082367875863433681332203403145435568316851327593401208105741076214120093531");
    return g;
}

static void rand_fr(fr_t *a, uint64_t *st) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++) b[i] = (uint8_t)test_rand64(st);
    fr_reduce_bytes_le(a, b);
}

/* k * G for an Fr scalar */
static void tpt_mul_fr(tpt_t *r, const tpt_t *g, const fr_t *k) {
    uint64_t l[4];
    fr_to_limbs(l, k);
    tpt_mul(r, g, l);
}

static void rand_fq12(fq12_t *a, uint64_t *st) {
    uint8_t b[32];
    fq_t *c = (fq_t *)a;
    for (int i = 0; i < 12; i++) {
        for (int j = 0; j < 32; j++) b[j] = (uint8_t)test_rand64(st);
        fq_reduce_bytes_le(&c[i], b);
    }
}

/* ---- tests ---- */

START_TEST(generators_and_order) {
    tpt_t g1 = gen1(), g2 = gen2(), t;
    ck_assert(tpt_on_curve(&g1, false));
    ck_assert(tpt_on_curve(&g2, true));
    tpt_mul(&t, &g1, fr_modulus);
    ck_assert(t.inf);
    tpt_mul(&t, &g2, fr_modulus);
    ck_assert(t.inf);
    g1_affine_t p;
    g2_affine_t q;
    g1_of(&p, &g1), g2_of(&q, &g2);
    fq12_t e, x;
    pairing(&e, &p, &q);
    ck_assert(!fq12_is_one(&e)); /* non-degenerate */
    fq12_pow(&x, &e, fr_modulus, 4);
    ck_assert(fq12_is_one(&x)); /* e has order r */
}
END_TEST

START_TEST(bilinearity) {
    uint64_t st = 0xb111 + (uint64_t)_i;
    tpt_t g1 = gen1(), g2 = gen2(), ta, tb;
    g1_affine_t p, pa;
    g2_affine_t q, qb;
    g1_of(&p, &g1), g2_of(&q, &g2);
    fq12_t e, x, y;
    pairing(&e, &p, &q);
    fr_t a, b, ab;
    rand_fr(&a, &st), rand_fr(&b, &st);
    fr_mul(&ab, &a, &b);
    tpt_mul_fr(&ta, &g1, &a), tpt_mul_fr(&tb, &g2, &b);
    ck_assert(tpt_on_curve(&ta, false) && tpt_on_curve(&tb, true));
    g1_of(&pa, &ta), g2_of(&qb, &tb);
    /* e(aP, bQ) = e(P, Q)^(ab) */
    pairing(&x, &pa, &qb);
    uint64_t l[4];
    fr_to_limbs(l, &ab);
    fq12_pow(&y, &e, l, 4);
    ck_assert(fq12_eq(&x, &y));
    /* e(aP, Q) = e(P, aQ) */
    tpt_t t2;
    g2_affine_t qa;
    tpt_mul_fr(&t2, &g2, &a);
    g2_of(&qa, &t2);
    pairing(&x, &pa, &q);
    pairing(&y, &p, &qa);
    ck_assert(fq12_eq(&x, &y));
    /* e(P1 + P2, Q) = e(P1, Q) e(P2, Q) */
    tpt_t s;
    g1_affine_t ps;
    tpt_add(&s, &ta, &g1);
    g1_of(&ps, &s);
    pairing(&x, &ps, &qb);
    pairing(&y, &pa, &qb);
    fq12_t z;
    pairing(&z, &p, &qb);
    fq12_mul(&y, &y, &z);
    ck_assert(fq12_eq(&x, &y));
}
END_TEST

START_TEST(infinity_and_empty) {
    tpt_t g1 = gen1(), g2 = gen2();
    g1_affine_t p, p0 = {.infinity = true};
    g2_affine_t q, q0 = {.infinity = true};
    g1_of(&p, &g1), g2_of(&q, &g2);
    p0.x = p0.y = fq_zero_c;
    q0.x = q0.y = fq2_zero_c;
    fq12_t e;
    pairing(&e, &p0, &q);
    ck_assert(fq12_is_one(&e));
    pairing(&e, &p, &q0);
    ck_assert(fq12_is_one(&e));
    pairing_miller_loop(&e, &p, &q, 0);
    ck_assert(fq12_is_one(&e));
    ck_assert(pairing_check(&p, &q, 0));
    ck_assert(!pairing_check(&p, &q, 1));
    g1_affine_t ps[3] = {p0, p, p};
    g2_affine_t qs[3] = {q, q0, q};
    ck_assert(!pairing_check(ps, qs, 3));
    ps[2] = p0;
    ck_assert(pairing_check(ps, qs, 3));
}
END_TEST

/* prod e(a_i G1, b_i G2) with sum a_i b_i = 0 passes the check; perturbed, it fails.
 * Also: the shared Miller loop, separate loops and prepared G2 lines agree. */
START_TEST(check_relations) {
    uint64_t st = 0xc4ec + (uint64_t)_i;
    tpt_t g1 = gen1(), g2 = gen2(), t;
    enum { N = 5 };
    g1_affine_t ps[N];
    g2_affine_t qs[N];
    fr_t sum = fr_zero_c, a, b, ab;
    for (int i = 0; i < N - 1; i++) {
        rand_fr(&a, &st), rand_fr(&b, &st);
        fr_mul(&ab, &a, &b), fr_add(&sum, &sum, &ab);
        tpt_mul_fr(&t, &g1, &a), g1_of(&ps[i], &t);
        tpt_mul_fr(&t, &g2, &b), g2_of(&qs[i], &t);
    }
    fr_neg(&sum, &sum);
    tpt_mul_fr(&t, &g1, &sum), g1_of(&ps[N - 1], &t);
    g2_of(&qs[N - 1], &g2);
    ck_assert(pairing_check(ps, qs, N));

    fq12_t f, g, h;
    pairing_miller_loop(&f, ps, qs, N);
    g = fq12_one_c;
    for (int i = 0; i < N; i++) {
        pairing_miller_loop(&h, &ps[i], &qs[i], 1);
        fq12_mul(&g, &g, &h);
    }
    pairing_final_exp(&f, &f);
    pairing_final_exp(&g, &g);
    ck_assert(fq12_eq(&f, &g));
    ck_assert(fq12_is_one(&f));

    static pairing_g2_prepared_t prep[N];
    for (int i = 0; i < N; i++) pairing_g2_prepare(&prep[i], &qs[i]);
    pairing_miller_loop_prepared(&h, ps, prep, N);
    pairing_final_exp(&h, &h);
    ck_assert(fq12_is_one(&h));
    /* prepared lines are scaled (Miller values differ by a subfield factor): compare e */
    for (int i = 0; i < N; i++) {
        ck_assert(prep[i].normalized);
        pairing_miller_loop_prepared(&h, &ps[i], &prep[i], 1);
        pairing_final_exp(&h, &h);
        pairing(&g, &ps[i], &qs[i]);
        ck_assert(fq12_eq(&h, &g));
        ck_assert(!fq12_is_one(&g));
    }

    /* mixed fresh and prepared points; the thread count does not matter */
    ck_assert(pairing_check_mixed(ps, qs, 2, ps + 2, prep + 2, N - 2));
    ck_assert(!pairing_check_mixed(ps, qs, 2, ps + 3, prep + 3, N - 3));
    ck_assert(pairing_check_mixed(NULL, NULL, 0, ps, prep, N));
    /* the mixed Miller loop: e(P0, Q0) e(P1, Q1) (fresh) times e(P2, Q2) (prepared), against
     * the product of the three pairings */
    pairing_miller_loop_mixed(&h, ps, qs, 2, ps + 2, prep + 2, 1);
    pairing_final_exp(&h, &h);
    g = fq12_one_c;
    for (int i = 0; i < 3; i++) {
        fq12_t e;
        pairing(&e, &ps[i], &qs[i]);
        fq12_mul(&g, &g, &e);
    }
    ck_assert(fq12_eq(&h, &g));
    ck_assert(!fq12_is_one(&g));
    fq12_t mt[3];
    for (int nt = 1; nt <= 3; nt++) {
        zkp_set_threads(nt);
        pairing_miller_loop(&mt[nt - 1], ps, qs, N);
    }
    zkp_set_threads(0);
    ck_assert(fq12_eq(&mt[0], &mt[1]) && fq12_eq(&mt[0], &mt[2]));

    /* tamper: negate one G1 point, or swap two G2 points */
    tpt_t u;
    u.x.c0 = ps[0].x, u.y.c0 = ps[0].y;
    u.x.c1 = u.y.c1 = fq_zero_c, u.inf = false;
    tpt_neg(&u, &u);
    g1_affine_t save = ps[0];
    g1_of(&ps[0], &u);
    ck_assert(!pairing_check(ps, qs, N));
    ps[0] = save;
    g2_affine_t sq = qs[0];
    qs[0] = qs[1], qs[1] = sq;
    ck_assert(!pairing_check(ps, qs, N));
}
END_TEST

/* More pairs than one shared loop takes (16), infinities in between, fresh and
 * prepared, 1 and 2 threads: prod e(a_i G1, G2) e(-sum a_i G1, G2) = 1. */
START_TEST(many_pairs) {
    uint64_t st = 0x3a11 + (uint64_t)_i;
    enum { N = 21 };
    tpt_t g1 = gen1(), g2 = gen2(), t;
    g1_affine_t ps[N];
    g2_affine_t qs[N];
    static pairing_g2_prepared_t prep[N];
    fr_t sum = fr_zero_c, a;
    for (int i = 0; i < N; i++) {
        if (i % 7 == 3) { /* a point at infinity on one side */
            tpt_t inf = {.inf = true};
            g1_of(&ps[i], i % 2 ? &inf : &g1);
            g2_of(&qs[i], i % 2 ? &g2 : &inf);
        } else if (i == N - 1) {
            fr_neg(&sum, &sum);
            tpt_mul_fr(&t, &g1, &sum), g1_of(&ps[i], &t), g2_of(&qs[i], &g2);
        } else {
            rand_fr(&a, &st), fr_add(&sum, &sum, &a);
            tpt_mul_fr(&t, &g1, &a), g1_of(&ps[i], &t), g2_of(&qs[i], &g2);
        }
        pairing_g2_prepare(&prep[i], &qs[i]);
    }
    fq12_t mv[2];
    for (int nt = 1; nt <= 2; nt++) {
        zkp_set_threads(nt);
        pairing_miller_loop(&mv[nt - 1], ps, qs, N);
        ck_assert(pairing_check(ps, qs, N));
        ck_assert(pairing_check_mixed(ps, qs, 9, ps + 9, prep + 9, N - 9));
        ck_assert(!pairing_check(ps, qs, N - 1));
        ck_assert(!pairing_check_mixed(ps + 1, qs + 1, 9, ps + 10, prep + 10, N - 10));
    }
    zkp_set_threads(0);
    ck_assert(fq12_eq(&mv[0], &mv[1])); /* independent of the thread count */
}
END_TEST

/* The final exponentiation equals f^((p^12 - 1)/r * m), m = 2x(6x^2 + 3x + 1),
 * computed here with GMP and a plain square-and-multiply. */
START_TEST(final_exp_vs_gmp) {
    uint64_t st = 0xf1e0 + (uint64_t)_i;
    mpz_t p, r, x, e, t, m, lam, h;
    mpz_inits(p, r, x, e, t, m, lam, h, NULL);
    mpz_set_str(p, "21888242871839275222246405745257275088696311157297823662689037894645226208583", 10);
    mpz_set_str(r, "21888242871839275222246405745257275088548364400416034343698204186575808495617", 10);
    mpz_set_str(x, "4965661367192848881", 10);
    /* m = 2x(6x^2 + 3x + 1) */
    mpz_mul(m, x, x), mpz_mul_ui(m, m, 6), mpz_addmul_ui(m, x, 3), mpz_add_ui(m, m, 1);
    mpz_mul(m, m, x), mpz_mul_ui(m, m, 2);
    /* the hard-part exponent as documented in pairing.c:
     * lam = p^3 (12x^3+6x^2+4x-1) + p^2 (12x^3+6x^2+6x) + p (12x^3+6x^2+4x) + (12x^3+12x^2+6x+1),
     * equal to m (p^4 - p^2 + 1)/r */
    mpz_t x2, x3, c;
    mpz_inits(x2, x3, c, NULL);
    mpz_mul(x2, x, x), mpz_mul(x3, x2, x);
    /* coefficients of x^3, x^2, x, 1 at p^0..p^3 */
    long k3[4] = {12, 12, 12, 12}, k2[4] = {12, 6, 6, 6}, k1[4] = {6, 4, 6, 4}, k0[4] = {1, 0, 0, -1};
    mpz_set_ui(lam, 0);
    for (int i = 3; i >= 0; i--) {
        mpz_mul(lam, lam, p);
        mpz_mul_si(c, x3, k3[i]), mpz_addmul_ui(c, x2, (unsigned long)k2[i]);
        mpz_addmul_ui(c, x, (unsigned long)k1[i]);
        if (k0[i] >= 0) mpz_add_ui(c, c, (unsigned long)k0[i]);
        else mpz_sub_ui(c, c, (unsigned long)-k0[i]);
        mpz_add(lam, lam, c);
    }
    mpz_pow_ui(h, p, 4), mpz_pow_ui(t, p, 2), mpz_sub(h, h, t), mpz_add_ui(h, h, 1);
    ck_assert(mpz_divisible_p(h, r));
    mpz_divexact(h, h, r), mpz_mul(h, h, m);
    ck_assert(mpz_cmp(h, lam) == 0);
    mpz_gcd(t, m, r);
    ck_assert(mpz_cmp_ui(t, 1) == 0);
    /* e = (p^12 - 1)/r * m */
    mpz_pow_ui(e, p, 12), mpz_sub_ui(e, e, 1);
    ck_assert(mpz_divisible_p(e, r));
    mpz_divexact(e, e, r), mpz_mul(e, e, m);
    size_t n = 0;
    uint64_t *limbs = mpz_export(NULL, &n, -1, 8, 0, 0, e);
    fq12_t f, a, b;
    rand_fq12(&f, &st);
    pairing_final_exp(&a, &f);
    fq12_pow(&b, &f, limbs, n);
    ck_assert(fq12_eq(&a, &b));
    free(limbs);
    mpz_clears(p, r, x, e, t, m, lam, h, x2, x3, c, NULL);
}
END_TEST

/* Points from the curve module (zkpot/curve.h) agree with this file's helper and
 * pass validation; e(a G1, b G2) from them equals e(G1, G2)^(ab). */
START_TEST(with_curve_module) {
    uint64_t st = 0xc0de + (uint64_t)_i;
    fr_t a, b, ab;
    rand_fr(&a, &st), rand_fr(&b, &st);
    fr_mul(&ab, &a, &b);
    g1_t P;
    g2_t Q;
    g1_generator(&P), g2_generator(&Q);
    g1_mul_var(&P, &P, &a), g2_mul_var(&Q, &Q, &b);
    g1_affine_t p, p_ref, g;
    g2_affine_t q, q_ref, h;
    g1_to_affine(&p, &P), g2_to_affine(&q, &Q);
    ck_assert(g1_affine_validate(&p) == ZKP_OK);
    ck_assert(g2_affine_validate(&q) == ZKP_OK);
    tpt_t g1 = gen1(), g2 = gen2(), t;
    tpt_mul_fr(&t, &g1, &a), g1_of(&p_ref, &t);
    tpt_mul_fr(&t, &g2, &b), g2_of(&q_ref, &t);
    ck_assert(fq_eq(&p.x, &p_ref.x) && fq_eq(&p.y, &p_ref.y));
    ck_assert(fq2_eq(&q.x, &q_ref.x) && fq2_eq(&q.y, &q_ref.y));
    g1_of(&g, &g1), g2_of(&h, &g2);
    fq12_t x, y;
    pairing(&x, &p, &q);
    pairing(&y, &g, &h);
    uint64_t l[4];
    fr_to_limbs(l, &ab);
    fq12_pow(&y, &y, l, 4);
    ck_assert(fq12_eq(&x, &y));
}
END_TEST

/* ---- EIP-197 known answers ----
 * Source: go-ethereum, core/vm/testdata/precompiles/bn256Pairing.json (commit
 * 02b73d4ea7181464175e0a6cbecc0a3a2655a562), the bn256Pairing precompile's test
 * vectors. Input: k pairs of 192 bytes (G1 x, y; G2 x.c1, x.c0, y.c1, y.c0, each
 * 32 bytes big-endian: the imaginary part first); expected: 1 iff the product of
 * the k pairings is 1. */
static const struct {
    const char *name;
    int expected;
    const char *hex;
} eip197[] = {
    {"jeff1", 1,
     "1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745"
     "fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf7"
     "04bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0c"
     "a2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550"
     "111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c2032c61a830e3c17286de9462bf242fc"
     "a2883585b93870a73853face6a6bf411198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"},
    {"jeff2", 1,
     "2eca0c7238bf16e83e7a1e6c5d49540685ff51380f309842a98561558019fc0203d3260361bb8451de5ff5ecd17f010f"
     "f22f5c31cdf184e9020b06fa5997db841213d2149b006137fcfb23036606f848d638d576a120ca981b5b1a5f9300b3ee"
     "2276cf730cf493cd95d64677bbb75fc42db72513a4c1e387b476d056f80aa75f21ee6226d31426322afcda621464d061"
     "1d226783262e21bb3bc86b537e986237096df1f82dff337dd5972e32a8ad43e28a78a96a823ef1cd4debe12b6552ea5f"
     "06967a1237ebfeca9aaae0d6d0bab8e28c198c5a339ef8a2407e31cdac516db922160fa257a5fd5b280642ff47b65eca"
     "77e626cb685c84fa6d3b6882a283ddd1198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"},
    {"jeff3", 1,
     "0f25929bcb43d5a57391564615c9e70a992b10eafa4db109709649cf48c50dd216da2f5cb6be7a0aa72c440c53c9bbdf"
     "ec6c36c7d515536431b3a865468acbba2e89718ad33c8bed92e210e81d1853435399a271913a6520736a4729cf0d51eb"
     "01a9e2ffa2e92599b68e44de5bcf354fa2642bd4f26b259daa6f7ce3ed57aeb314a9a87b789a58af499b314e13c3d65b"
     "ede56c07ea2d418d6874857b70763713178fb49a2d6cd347dc58973ff49613a20757d0fcc22079f9abd10c3baee24590"
     "1b9e027bd5cfc2cb5db82d4dc9677ac795ec500ecd47deee3b5da006d6d049b811d7511c78158de484232fc68daf8a45"
     "cf217d1c2fae693ff5871e8752d73b21198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"},
    {"jeff4", 1,
     "2f2ea0b3da1e8ef11914acf8b2e1b32d99df51f5f4f206fc6b947eae860eddb6068134ddb33dc888ef446b648d723386"
     "84d678d2eb2371c61a50734d78da4b7225f83c8b6ab9de74e7da488ef02645c5a16a6652c3c71a15dc37fe3a5dcb7cb1"
     "22acdedd6308e3bb230d226d16a105295f523a8a02bfc5e8bd2da135ac4c245d065bbad92e7c4e31bf3757f1fe7362a6"
     "3fbfee50e7dc68da116e67d600d9bf6806d302580dc0661002994e7cd3a7f224e7ddc27802777486bf80f40e4ca3cfdb"
     "186bac5188a98c45e6016873d107f5cd131f3a3e339d0375e58bd6219347b008122ae2b09e539e152ec5364e7e2204b0"
     "3d11d3caa038bfc7cd499f8176aacbee1f39e4e4afc4bc74790a4a028aff2c3d2538731fb755edefd8cb48d6ea589b5e"
     "283f150794b6736f670d6a1033f9b46c6f5204f50813eb85c8dc4b59db1c5d39140d97ee4d2b36d99bc49974d18ecca3"
     "e7ad51011956051b464d9e27d46cc25e0764bb98575bd466d32db7b15f582b2d5c452b36aa394b789366e5e3ca5aabd4"
     "15794ab061441e51d01e94640b7e3084a07e02c78cf3103c542bc5b298669f211b88da1679b0b64a63b7e0e7bfe52aae"
     "524f73a55be7fe70c7e9bfc94b4cf0da1213d2149b006137fcfb23036606f848d638d576a120ca981b5b1a5f9300b3ee"
     "2276cf730cf493cd95d64677bbb75fc42db72513a4c1e387b476d056f80aa75f21ee6226d31426322afcda621464d061"
     "1d226783262e21bb3bc86b537e986237096df1f82dff337dd5972e32a8ad43e28a78a96a823ef1cd4debe12b6552ea5f"},
    {"jeff5", 1,
     "20a754d2071d4d53903e3b31a7e98ad6882d58aec240ef981fdf0a9d22c5926a29c853fcea789887315916bbeb89ca37"
     "edb355b4f980c9a12a94f30deeed30211213d2149b006137fcfb23036606f848d638d576a120ca981b5b1a5f9300b3ee"
     "2276cf730cf493cd95d64677bbb75fc42db72513a4c1e387b476d056f80aa75f21ee6226d31426322afcda621464d061"
     "1d226783262e21bb3bc86b537e986237096df1f82dff337dd5972e32a8ad43e28a78a96a823ef1cd4debe12b6552ea5f"
     "1abb4a25eb9379ae96c84fff9f0540abcfc0a0d11aeda02d4f37e4baf74cb0c11073b3ff2cdbb38755f8691ea59e9606"
     "696b3ff278acfc098fa8226470d03869217cee0a9ad79a4493b5253e2e4e3a39fc2df38419f230d341f60cb064a0ac29"
     "0a3d76f140db8418ba512272381446eb73958670f00cf46f1d9e64cba057b53c26f64a8ec70387a13e41430ed3ee4a7d"
     "b2059cc5fc13c067194bcc0cb49a98552fd72bd9edb657346127da132e5b82ab908f5816c826acb499e22f2412d1a2d7"
     "0f25929bcb43d5a57391564615c9e70a992b10eafa4db109709649cf48c50dd2198a1f162a73261f112401aa2db79c7d"
     "ab1533c9935c77290a6ce3b191f2318d198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"},
    {"jeff6", 0,
     "1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745"
     "fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf7"
     "04bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0c"
     "a2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550"
     "111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c103188585e2364128fe25c70558f1560"
     "f4f9350baf3959e603cc91486e110936198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"},
    {"empty_data", 1,
     ""},
    {"one_point", 0,
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"},
    {"two_point_match_2", 1,
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed275dc4a288d1afb3cbb1ac09187524c7"
     "db36395df7be3b99e673b13a075a65ec1d9befcd05a5323e6da4d435f3b617cdb3af83285c2df711ef39c01571827f9d"},
    {"two_point_match_3", 1,
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002203e205db4f19b37b60121b83a7333706db86431c6d835849957ed8c3928ad79"
     "27dc7234fd11d3e8c36c59277c3e6f149d5cd3cfa9a62aee49f8130962b4b3b9195e8aa5b7827463722b8c153931579d"
     "3505566b4edf48d498e185f0509de15204bb53b8977e5f92a0bc372742c4830944a59b4fe6b1c0466e2a6dad122b5d2e"
     "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd31a76dae6d3272396d0cbe61fced2bc53"
     "2edac647851e3ac53ce1cc9c7e645a83198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"},
    {"two_point_match_4", 1,
     "105456a333e6d636854f987ea7bb713dfd0ae8371a72aea313ae0c32c0bf10160cf031d41b41557f3e7e3ba0c51bebe5"
     "da8e6ecd855ec50fc87efcdeac168bcc0476be093a6d2b4bbf907172049874af11e1b6267606e00804d3ff0037ec57fd"
     "3010c68cb50161b7d1d96bb71edfec9880171954e56871abf3d93cc94d745fa114c059d74e5b6c4ec14ae5864ebe23a7"
     "1781d86c29fb8fb6cce94f70d3de7a2101b33461f39d9e887dbb100f170a2345dde3c07e256d1dfa2b657ba5cd030427"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "000000000000000000000000000000021a2c3013d2ea92e13c800cde68ef56a294b883f6ac35d25f587c09b1b3c635f7"
     "290158a80cd3d66530f74dc94c94adb88f5cdb481acca997b6e60071f08a115f2f997f3dbd66a7afe07fe7862ce239ed"
     "ba9e05c5afff7f8a1259c9733b2dfbb929d1691530ca701b4a106054688728c9972c8512e9789e9567aae23e302ccd75"},
    {"ten_point_match_1", 1,
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed275dc4a288d1afb3cbb1ac09187524c7"
     "db36395df7be3b99e673b13a075a65ec1d9befcd05a5323e6da4d435f3b617cdb3af83285c2df711ef39c01571827f9d"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed275dc4a288d1afb3cbb1ac09187524c7"
     "db36395df7be3b99e673b13a075a65ec1d9befcd05a5323e6da4d435f3b617cdb3af83285c2df711ef39c01571827f9d"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed275dc4a288d1afb3cbb1ac09187524c7"
     "db36395df7be3b99e673b13a075a65ec1d9befcd05a5323e6da4d435f3b617cdb3af83285c2df711ef39c01571827f9d"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed275dc4a288d1afb3cbb1ac09187524c7"
     "db36395df7be3b99e673b13a075a65ec1d9befcd05a5323e6da4d435f3b617cdb3af83285c2df711ef39c01571827f9d"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed275dc4a288d1afb3cbb1ac09187524c7"
     "db36395df7be3b99e673b13a075a65ec1d9befcd05a5323e6da4d435f3b617cdb3af83285c2df711ef39c01571827f9d"},
    {"ten_point_match_2", 1,
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002203e205db4f19b37b60121b83a7333706db86431c6d835849957ed8c3928ad79"
     "27dc7234fd11d3e8c36c59277c3e6f149d5cd3cfa9a62aee49f8130962b4b3b9195e8aa5b7827463722b8c153931579d"
     "3505566b4edf48d498e185f0509de15204bb53b8977e5f92a0bc372742c4830944a59b4fe6b1c0466e2a6dad122b5d2e"
     "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd31a76dae6d3272396d0cbe61fced2bc53"
     "2edac647851e3ac53ce1cc9c7e645a83198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002203e205db4f19b37b60121b83a7333706db86431c6d835849957ed8c3928ad79"
     "27dc7234fd11d3e8c36c59277c3e6f149d5cd3cfa9a62aee49f8130962b4b3b9195e8aa5b7827463722b8c153931579d"
     "3505566b4edf48d498e185f0509de15204bb53b8977e5f92a0bc372742c4830944a59b4fe6b1c0466e2a6dad122b5d2e"
     "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd31a76dae6d3272396d0cbe61fced2bc53"
     "2edac647851e3ac53ce1cc9c7e645a83198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002203e205db4f19b37b60121b83a7333706db86431c6d835849957ed8c3928ad79"
     "27dc7234fd11d3e8c36c59277c3e6f149d5cd3cfa9a62aee49f8130962b4b3b9195e8aa5b7827463722b8c153931579d"
     "3505566b4edf48d498e185f0509de15204bb53b8977e5f92a0bc372742c4830944a59b4fe6b1c0466e2a6dad122b5d2e"
     "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd31a76dae6d3272396d0cbe61fced2bc53"
     "2edac647851e3ac53ce1cc9c7e645a83198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002203e205db4f19b37b60121b83a7333706db86431c6d835849957ed8c3928ad79"
     "27dc7234fd11d3e8c36c59277c3e6f149d5cd3cfa9a62aee49f8130962b4b3b9195e8aa5b7827463722b8c153931579d"
     "3505566b4edf48d498e185f0509de15204bb53b8977e5f92a0bc372742c4830944a59b4fe6b1c0466e2a6dad122b5d2e"
     "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd31a76dae6d3272396d0cbe61fced2bc53"
     "2edac647851e3ac53ce1cc9c7e645a83198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "00000000000000000000000000000002203e205db4f19b37b60121b83a7333706db86431c6d835849957ed8c3928ad79"
     "27dc7234fd11d3e8c36c59277c3e6f149d5cd3cfa9a62aee49f8130962b4b3b9195e8aa5b7827463722b8c153931579d"
     "3505566b4edf48d498e185f0509de15204bb53b8977e5f92a0bc372742c4830944a59b4fe6b1c0466e2a6dad122b5d2e"
     "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd31a76dae6d3272396d0cbe61fced2bc53"
     "2edac647851e3ac53ce1cc9c7e645a83198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
     "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
     "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"},
    {"ten_point_match_3", 1,
     "105456a333e6d636854f987ea7bb713dfd0ae8371a72aea313ae0c32c0bf10160cf031d41b41557f3e7e3ba0c51bebe5"
     "da8e6ecd855ec50fc87efcdeac168bcc0476be093a6d2b4bbf907172049874af11e1b6267606e00804d3ff0037ec57fd"
     "3010c68cb50161b7d1d96bb71edfec9880171954e56871abf3d93cc94d745fa114c059d74e5b6c4ec14ae5864ebe23a7"
     "1781d86c29fb8fb6cce94f70d3de7a2101b33461f39d9e887dbb100f170a2345dde3c07e256d1dfa2b657ba5cd030427"
     "000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
     "000000000000000000000000000000021a2c3013d2ea92e13c800cde68ef56a294b883f6ac35d25f587c09b1b3c635f7"
     "290158a80cd3d66530f74dc94c94adb88f5cdb481acca997b6e60071f08a115f2f997f3dbd66a7afe07fe7862ce239ed"
     "ba9e05c5afff7f8a1259c9733b2dfbb929d1691530ca701b4a106054688728c9972c8512e9789e9567aae23e302ccd75"},
};

static int hexval(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
}

static void fq_be(fq_t *r, const char *hex) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++) b[i] = (uint8_t)(hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
    ck_assert(fq_from_bytes_be(r, b) == ZKP_OK);
}

START_TEST(eip197_vectors) {
    const char *name = eip197[_i].name, *hex = eip197[_i].hex;
    size_t len = strlen(hex);
    ck_assert_msg(len % 384 == 0, "%s: bad length", name);
    size_t k = len / 384;
    g1_affine_t *ps = calloc(k ? k : 1, sizeof *ps);
    g2_affine_t *qs = calloc(k ? k : 1, sizeof *qs);
    for (size_t i = 0; i < k; i++) {
        const char *h = hex + 384 * i;
        tpt_t a = {.inf = false}, b = {.inf = false};
        a.x.c1 = a.y.c1 = fq_zero_c;
        fq_be(&a.x.c0, h), fq_be(&a.y.c0, h + 64);
        fq_be(&b.x.c1, h + 128), fq_be(&b.x.c0, h + 192);
        fq_be(&b.y.c1, h + 256), fq_be(&b.y.c0, h + 320);
        a.inf = fq2_is_zero(&a.x) && fq2_is_zero(&a.y);
        b.inf = fq2_is_zero(&b.x) && fq2_is_zero(&b.y);
        ck_assert_msg(tpt_on_curve(&a, false) && tpt_on_curve(&b, true), "%s: pair %zu", name, i);
        tpt_t o;
        tpt_mul(&o, &b, fr_modulus);
        ck_assert_msg(o.inf, "%s: pair %zu: G2 point not in the subgroup", name, i);
        g1_of(&ps[i], &a), g2_of(&qs[i], &b);
    }
    ck_assert_msg(pairing_check(ps, qs, k) == (eip197[_i].expected == 1), "%s", name);
    free(ps), free(qs);
}
END_TEST

/* ---- agreement with ffjavascript ---- */

START_TEST(oracle_ffjavascript) {
    uint64_t st = 0x0f0f + (uint64_t)_i;
    enum { KMAX = 16 };
    int K = test_cases(3) < KMAX ? test_cases(3) : KMAX;
    fr_t a[KMAX], b[KMAX];
    char cmd[4096];
    int off = snprintf(cmd, sizeof cmd, "node %s/tests/oracle/pairing_oracle.js", test_root());
    for (int i = 0; i < K; i++) {
        char da[ZKP_DEC_MAX], db[ZKP_DEC_MAX];
        rand_fr(&a[i], &st), rand_fr(&b[i], &st);
        if (i == 0) fr_set_one(&a[0]); /* e(G1, b G2) */
        off += snprintf(cmd + off, sizeof cmd - (size_t)off, " %s:%s", fr_to_dec(da, &a[i]),
                        fr_to_dec(db, &b[i]));
    }
    FILE *f = popen(cmd, "r");
    ck_assert_msg(f != NULL, "cannot run %s", cmd);
    tpt_t g1 = gen1(), g2 = gen2();
    for (int i = 0; i < K; i++) {
        char tok[18][100];
        for (int j = 0; j < 18; j++) ck_assert_msg(fscanf(f, "%99s", tok[j]) == 1, "oracle output");
        tpt_t ta, tb, oa = {.inf = false}, ob = {.inf = false};
        tpt_mul_fr(&ta, &g1, &a[i]);
        tpt_mul_fr(&tb, &g2, &b[i]);
        oa.x.c1 = oa.y.c1 = fq_zero_c;
        set_dec(&oa.x.c0, tok[0]), set_dec(&oa.y.c0, tok[1]);
        set_dec(&ob.x.c0, tok[2]), set_dec(&ob.x.c1, tok[3]);
        set_dec(&ob.y.c0, tok[4]), set_dec(&ob.y.c1, tok[5]);
        ck_assert(fq2_eq(&ta.x, &oa.x) && fq2_eq(&ta.y, &oa.y));
        ck_assert(fq2_eq(&tb.x, &ob.x) && fq2_eq(&tb.y, &ob.y));
        g1_affine_t p;
        g2_affine_t q;
        g1_of(&p, &oa), g2_of(&q, &ob);
        fq12_t e, want;
        fq_t *c = (fq_t *)&want;
        for (int j = 0; j < 12; j++) set_dec(&c[j], tok[6 + j]);
        pairing(&e, &p, &q);
        ck_assert_msg(fq12_eq(&e, &want), "pair %d: e(P, Q) differs from ffjavascript", i);
    }
    ck_assert_int_eq(pclose(f), 0);
}
END_TEST

Suite *pairing_suite(void) {
    Suite *s = suite_create("pairing");
    TCase *tc = tcase_create("algebra");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, generators_and_order);
    tcase_add_loop_test(tc, bilinearity, 0, 2);
    tcase_add_test(tc, infinity_and_empty);
    tcase_add_loop_test(tc, check_relations, 0, 2);
    tcase_add_loop_test(tc, final_exp_vs_gmp, 0, 2);
    tcase_add_loop_test(tc, many_pairs, 0, 1);
    tcase_add_loop_test(tc, with_curve_module, 0, 2);
    suite_add_tcase(s, tc);
    tc = tcase_create("vectors");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, eip197_vectors, 0, (int)(sizeof eip197 / sizeof eip197[0]));
    tcase_add_loop_test(tc, oracle_ffjavascript, 0, 1);
    suite_add_tcase(s, tc);
    return s;
}
