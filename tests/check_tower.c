/* zkpot tests: L1 extension tower (Fq2, Fq6, Fq12): field axioms on random
 * elements, inverses, square roots, Frobenius maps against plain powering. */
#include <check.h>

#include "test_util.h"
#include "zkpot.h"

static void rand_fq(fq_t *a, uint64_t *st) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++) b[i] = (uint8_t)test_rand64(st);
    fq_reduce_bytes_le(a, b);
}

static void rand_fq2(fq2_t *a, uint64_t *st) {
    rand_fq(&a->c0, st);
    rand_fq(&a->c1, st);
}

/* ---- Fq2 ---- */

START_TEST(fq2_axioms) {
    uint64_t st = 0x7a3e + (uint64_t)_i;
    for (int k = 0; k < test_cases(300); k++) {
        fq2_t a, b, c, x, y, z;
        rand_fq2(&a, &st), rand_fq2(&b, &st), rand_fq2(&c, &st);
        /* commutativity */
        fq2_mul(&x, &a, &b), fq2_mul(&y, &b, &a);
        ck_assert(fq2_eq(&x, &y));
        fq2_add(&x, &a, &b), fq2_add(&y, &b, &a);
        ck_assert(fq2_eq(&x, &y));
        /* associativity */
        fq2_mul(&x, &a, &b), fq2_mul(&x, &x, &c);
        fq2_mul(&y, &b, &c), fq2_mul(&y, &a, &y);
        ck_assert(fq2_eq(&x, &y));
        fq2_add(&x, &a, &b), fq2_add(&x, &x, &c);
        fq2_add(&y, &b, &c), fq2_add(&y, &a, &y);
        ck_assert(fq2_eq(&x, &y));
        /* distributivity */
        fq2_add(&x, &b, &c), fq2_mul(&x, &a, &x);
        fq2_mul(&y, &a, &b), fq2_mul(&z, &a, &c), fq2_add(&y, &y, &z);
        ck_assert(fq2_eq(&x, &y));
        /* identities and inverses for + */
        fq2_mul(&x, &a, &fq2_one_c);
        ck_assert(fq2_eq(&x, &a));
        fq2_add(&x, &a, &fq2_zero_c);
        ck_assert(fq2_eq(&x, &a));
        fq2_neg(&x, &a), fq2_add(&x, &x, &a);
        ck_assert(fq2_is_zero(&x));
        fq2_sub(&x, &a, &b), fq2_add(&x, &x, &b);
        ck_assert(fq2_eq(&x, &a));
        fq2_dbl(&x, &a), fq2_add(&y, &a, &a);
        ck_assert(fq2_eq(&x, &y));
        /* mul against the schoolbook formula (a0 b0 - a1 b1) + (a0 b1 + a1 b0) u */
        fq_t t0, t1;
        fq_mul(&t0, &a.c0, &b.c0), fq_mul(&t1, &a.c1, &b.c1), fq_sub(&y.c0, &t0, &t1);
        fq_mul(&t0, &a.c0, &b.c1), fq_mul(&t1, &a.c1, &b.c0), fq_add(&y.c1, &t0, &t1);
        fq2_mul(&x, &a, &b);
        ck_assert(fq2_eq(&x, &y));
        /* u^2 = -1 */
        fq2_t u = {fq_zero_c, fq_one_c};
        fq2_sqr(&x, &u), fq2_neg(&x, &x);
        ck_assert(fq2_is_one(&x));
        /* sqr = mul, aliasing */
        fq2_mul(&x, &a, &a);
        y = a;
        fq2_sqr(&y, &y);
        ck_assert(fq2_eq(&x, &y));
        /* mul_fq = mul by (b0, 0) */
        fq2_t bf = {b.c0, fq_zero_c};
        fq2_mul(&x, &a, &bf), fq2_mul_fq(&y, &a, &b.c0);
        ck_assert(fq2_eq(&x, &y));
        /* mul_xi = mul by 9 + u */
        fq2_t xi;
        fq_set_u64(&xi.c0, 9), fq_set_one(&xi.c1);
        fq2_mul(&x, &a, &xi);
        y = a;
        fq2_mul_xi(&y, &y);
        ck_assert(fq2_eq(&x, &y));
    }
}
END_TEST

START_TEST(fq2_inverse) {
    uint64_t st = 0x1a2b + (uint64_t)_i;
    fq2_t x;
    fq2_inv(&x, &fq2_zero_c);
    ck_assert(fq2_is_zero(&x));
    for (int k = 0; k < test_cases(50); k++) {
        fq2_t a, y;
        rand_fq2(&a, &st);
        if (k == 0) a.c1 = fq_zero_c; /* an element of Fq */
        if (k == 1) a.c0 = fq_zero_c; /* a pure imaginary one */
        fq2_inv(&x, &a);
        fq2_mul(&y, &x, &a);
        ck_assert(fq2_is_one(&y));
        x = a;
        fq2_inv(&x, &x); /* aliasing */
        fq2_mul(&y, &x, &a);
        ck_assert(fq2_is_one(&y));
    }
}
END_TEST

START_TEST(fq2_sqrt_squares) {
    uint64_t st = 0x5417 + (uint64_t)_i;
    fq2_t r = fq2_one_c;
    ck_assert(fq2_sqrt(&r, &fq2_zero_c));
    ck_assert(fq2_is_zero(&r));
    int nonsquares = 0;
    for (int k = 0; k < test_cases(20); k++) {
        fq2_t a, s, t;
        rand_fq2(&a, &st);
        if (k == 0) a.c1 = fq_zero_c; /* every element of Fq is a square in Fq2 */
        if (k == 1) a.c0 = fq_zero_c;
        fq2_sqr(&s, &a);
        ck_assert(fq2_sqrt(&r, &s));
        fq2_sqr(&t, &r);
        ck_assert(fq2_eq(&t, &s));
        fq2_t na;
        fq2_neg(&na, &a);
        ck_assert(fq2_eq(&r, &a) || fq2_eq(&r, &na));
        /* A random element is a square iff its norm a0^2 + a1^2 is a square in Fq. */
        fq_t n0, n1;
        fq_sqr(&n0, &a.c0), fq_sqr(&n1, &a.c1), fq_add(&n0, &n0, &n1);
        fq2_t before = r;
        bool ok = fq2_sqrt(&r, &a);
        ck_assert_int_eq(ok, fq_legendre(&n0) >= 0);
        if (ok) {
            fq2_sqr(&t, &r);
            ck_assert(fq2_eq(&t, &a));
        } else {
            ck_assert(fq2_eq(&r, &before)); /* untouched */
            nonsquares++;
        }
    }
    ck_assert_int_gt(nonsquares, 0);
}
END_TEST

START_TEST(fq2_conj_is_frobenius) {
    uint64_t st = 0xc0c0 + (uint64_t)_i;
    for (int k = 0; k < test_cases(10); k++) {
        fq2_t a, x, y;
        rand_fq2(&a, &st);
        fq2_pow(&x, &a, fq_modulus, 4);
        fq2_conj(&y, &a);
        ck_assert(fq2_eq(&x, &y));
        /* pow by small exponents */
        uint64_t e3 = 3;
        fq2_pow(&x, &a, &e3, 1);
        fq2_sqr(&y, &a), fq2_mul(&y, &y, &a);
        ck_assert(fq2_eq(&x, &y));
    }
}
END_TEST

Suite *tower_suite(void) {
    Suite *s = suite_create("tower");
    TCase *tc = tcase_create("fq2");
    tcase_add_loop_test(tc, fq2_axioms, 0, 2);
    tcase_add_loop_test(tc, fq2_inverse, 0, 2);
    tcase_add_loop_test(tc, fq2_sqrt_squares, 0, 2);
    tcase_add_loop_test(tc, fq2_conj_is_frobenius, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
