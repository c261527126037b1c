/* zkpot tests: L1 extension tower (Fq2, Fq6, Fq12): field axioms on random
 * elements, inverses, square roots, Frobenius maps against plain powering. */
#include <check.h>
#include <string.h>

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

/* ---- Fq6 / Fq12 ---- */

static void rand_fq6(fq6_t *a, uint64_t *st) {
    rand_fq2(&a->c0, st), rand_fq2(&a->c1, st), rand_fq2(&a->c2, st);
}

static void rand_fq12(fq12_t *a, uint64_t *st) {
    rand_fq6(&a->c0, st), rand_fq6(&a->c1, st);
}

/* Schoolbook product in Fq2[v]/(v^3 - xi) from fq2 operations only. */
static void fq6_mul_ref(fq6_t *r, const fq6_t *a, const fq6_t *b) {
    const fq2_t *x[3] = {&a->c0, &a->c1, &a->c2}, *y[3] = {&b->c0, &b->c1, &b->c2};
    fq2_t acc[5];
    for (int k = 0; k < 5; k++) fq2_set_zero(&acc[k]);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            fq2_t t;
            fq2_mul(&t, x[i], y[j]);
            fq2_add(&acc[i + j], &acc[i + j], &t);
        }
    fq2_mul_xi(&acc[3], &acc[3]), fq2_mul_xi(&acc[4], &acc[4]);
    fq2_add(&r->c0, &acc[0], &acc[3]);
    fq2_add(&r->c1, &acc[1], &acc[4]);
    r->c2 = acc[2];
}

START_TEST(fq6_ops) {
    uint64_t st = 0x6606 + (uint64_t)_i;
    for (int k = 0; k < test_cases(100); k++) {
        fq6_t a, b, c, x, y, z;
        rand_fq6(&a, &st), rand_fq6(&b, &st), rand_fq6(&c, &st);
        fq6_mul(&x, &a, &b), fq6_mul_ref(&y, &a, &b);
        ck_assert(fq6_eq(&x, &y));
        fq6_mul(&x, &a, &b), fq6_mul(&x, &x, &c);
        fq6_mul(&y, &b, &c), fq6_mul(&y, &a, &y);
        ck_assert(fq6_eq(&x, &y));
        fq6_add(&x, &b, &c), fq6_mul(&x, &a, &x);
        fq6_mul(&y, &a, &b), fq6_mul(&z, &a, &c), fq6_add(&y, &y, &z);
        ck_assert(fq6_eq(&x, &y));
        fq6_sub(&x, &a, &b), fq6_add(&x, &x, &b);
        ck_assert(fq6_eq(&x, &a));
        fq6_neg(&x, &a), fq6_add(&x, &x, &a);
        ck_assert(fq6_is_zero(&x));
        fq6_dbl(&x, &a), fq6_add(&y, &a, &a);
        ck_assert(fq6_eq(&x, &y));
        x = a;
        fq6_sqr(&x, &x), fq6_mul(&y, &a, &a);
        ck_assert(fq6_eq(&x, &y));
        fq6_t v = fq6_zero_c;
        v.c1 = fq2_one_c;
        fq6_mul(&x, &a, &v), fq6_mul_by_v(&y, &a);
        ck_assert(fq6_eq(&x, &y));
        fq6_t s = fq6_zero_c;
        s.c0 = b.c0, s.c1 = b.c1;
        fq6_mul(&x, &a, &s), fq6_mul_by_01(&y, &a, &b.c0, &b.c1);
        ck_assert(fq6_eq(&x, &y));
        s = fq6_zero_c, s.c0 = c.c2;
        fq6_mul(&x, &a, &s), fq6_mul_fq2(&y, &a, &c.c2);
        ck_assert(fq6_eq(&x, &y));
        fq6_inv(&x, &a), fq6_mul(&y, &x, &a);
        ck_assert(fq6_is_one(&y));
        fq6_inv_var(&y, &a);
        ck_assert(fq6_eq(&x, &y));
    }
    fq6_t z;
    fq6_inv(&z, &fq6_zero_c);
    ck_assert(fq6_is_zero(&z));
}
END_TEST

START_TEST(fq12_ops) {
    uint64_t st = 0x1212 + (uint64_t)_i;
    for (int k = 0; k < test_cases(50); k++) {
        fq12_t a, b, c, x, y, z;
        rand_fq12(&a, &st), rand_fq12(&b, &st), rand_fq12(&c, &st);
        /* schoolbook (a0 b0 + v a1 b1) + (a0 b1 + a1 b0) w */
        fq6_t t0, t1;
        fq6_mul(&t0, &a.c0, &b.c0), fq6_mul(&t1, &a.c1, &b.c1), fq6_mul_by_v(&t1, &t1);
        fq6_add(&y.c0, &t0, &t1);
        fq6_mul(&t0, &a.c0, &b.c1), fq6_mul(&t1, &a.c1, &b.c0), fq6_add(&y.c1, &t0, &t1);
        fq12_mul(&x, &a, &b);
        ck_assert(fq12_eq(&x, &y));
        fq12_mul(&x, &a, &b), fq12_mul(&x, &x, &c);
        fq12_mul(&y, &b, &c), fq12_mul(&y, &a, &y);
        ck_assert(fq12_eq(&x, &y));
        fq12_add(&x, &b, &c), fq12_mul(&x, &a, &x);
        fq12_mul(&y, &a, &b), fq12_mul(&z, &a, &c), fq12_add(&y, &y, &z);
        ck_assert(fq12_eq(&x, &y));
        fq12_sub(&x, &a, &b), fq12_add(&x, &x, &b);
        ck_assert(fq12_eq(&x, &a));
        fq12_neg(&x, &a), fq12_add(&x, &x, &a);
        ck_assert(fq12_is_zero(&x));
        x = a;
        fq12_sqr(&x, &x), fq12_mul(&y, &a, &a);
        ck_assert(fq12_eq(&x, &y));
        fq12_inv(&x, &a), fq12_mul(&y, &x, &a);
        ck_assert(fq12_is_one(&y));
        fq12_inv_var(&y, &a);
        ck_assert(fq12_eq(&x, &y));
        /* sparse line multiplication */
        fq12_t l = fq12_zero_c;
        l.c0.c0 = b.c0.c0, l.c1.c0 = b.c1.c0, l.c1.c1 = b.c1.c1;
        fq12_mul(&x, &a, &l);
        y = a;
        fq12_mul_by_034(&y, &y, &b.c0.c0, &b.c1.c0, &b.c1.c1);
        ck_assert(fq12_eq(&x, &y));
        l = fq12_zero_c;
        l.c0.c0 = fq2_one_c, l.c1.c0 = b.c1.c0, l.c1.c1 = b.c1.c1;
        fq12_mul(&x, &a, &l);
        y = a;
        fq12_mul_by_1_34(&y, &y, &b.c1.c0, &b.c1.c1);
        ck_assert(fq12_eq(&x, &y));
        /* encoding round trip */
        uint8_t buf[384];
        fq12_to_bytes_be(buf, &a);
        ck_assert(fq12_from_bytes_be(&x, buf) == ZKP_OK);
        ck_assert(fq12_eq(&x, &a));
        memset(buf + 32 * (k % 12), 0xff, 32);
        ck_assert(fq12_from_bytes_be(&x, buf) == ZKP_ERR_NOT_CANONICAL);
    }
}
END_TEST

START_TEST(fq12_frobenius_maps) {
    uint64_t st = 0xf40b + (uint64_t)_i;
    for (int k = 0; k < test_cases(3); k++) {
        fq12_t a, x, y;
        rand_fq12(&a, &st);
        fq12_pow(&x, &a, fq_modulus, 4);
        fq12_frobenius(&y, &a, 1);
        ck_assert(fq12_eq(&x, &y));
        for (unsigned j = 2; j <= 12; j++) {
            fq12_frobenius(&x, &x, 1);
            fq12_frobenius(&y, &a, j);
            ck_assert(fq12_eq(&x, &y));
            if (j == 6) {
                fq12_conj(&y, &a);
                ck_assert(fq12_eq(&x, &y));
            }
        }
        ck_assert(fq12_eq(&x, &a)); /* a^(p^12) = a */
    }
}
END_TEST

START_TEST(fq12_cyclotomic) {
    uint64_t st = 0xcc12 + (uint64_t)_i;
    for (int k = 0; k < test_cases(20); k++) {
        fq12_t a, f, t, x, y;
        rand_fq12(&a, &st);
        /* f = a^((p^6 - 1)(p^2 + 1)) lies in the cyclotomic subgroup */
        fq12_conj(&t, &a), fq12_inv(&f, &a), fq12_mul(&f, &t, &f);
        fq12_frobenius(&t, &f, 2), fq12_mul(&f, &t, &f);
        fq12_sqr(&x, &f);
        y = f;
        fq12_cyclotomic_sqr(&y, &y);
        ck_assert(fq12_eq(&x, &y));
        /* and there the inverse is the conjugate */
        fq12_inv(&x, &f), fq12_conj(&y, &f);
        ck_assert(fq12_eq(&x, &y));
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
    tc = tcase_create("fq12");
    tcase_add_loop_test(tc, fq6_ops, 0, 2);
    tcase_add_loop_test(tc, fq12_ops, 0, 2);
    tcase_add_loop_test(tc, fq12_frobenius_maps, 0, 2);
    tcase_add_loop_test(tc, fq12_cyclotomic, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
