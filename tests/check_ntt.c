/* zkpot tests: L3 ntt (forward/inverse/coset NTT over Fr) against the naive
 * O(n^2) DFT, round trips, linearity and thread-count independence. */
#include <check.h>
#include <string.h>

#include "test_util.h"
#include "zkpot.h"

static void rand_fr(fr_t *a, uint64_t *st) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++) b[i] = (uint8_t)test_rand64(st);
    fr_reduce_bytes_le(a, b);
}

static fr_t *rand_vec(size_t n, uint64_t *st) {
    fr_t *v = malloc(n * sizeof *v);
    ck_assert_ptr_nonnull(v);
    for (size_t i = 0; i < n; i++) rand_fr(&v[i], st);
    return v;
}

/* out[i] = sum_j a[j] (g w^i)^j by Horner, g = 1 for the plain DFT. */
static void naive_eval(fr_t *out, const fr_t *a, size_t n, const fr_t *w, const fr_t *g) {
    fr_t x = *g;
    for (size_t i = 0; i < n; i++) {
        fr_t acc = fr_zero_c;
        for (size_t j = n; j-- > 0;) {
            fr_mul(&acc, &acc, &x);
            fr_add(&acc, &acc, &a[j]);
        }
        out[i] = acc;
        fr_mul(&x, &x, w);
    }
}

static void assert_vec_eq(const fr_t *a, const fr_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) ck_assert_msg(fr_eq(&a[i], &b[i]), "mismatch at %zu", i);
}

START_TEST(ntt_roots) {
    /* w_k is a primitive 2^k-th root: w^(2^k) = 1 and w^(2^(k-1)) = -1 */
    for (unsigned k = 1; k <= FR_TWO_ADICITY; k++) {
        fr_t w, m1;
        fr_root_of_unity(&w, k);
        for (unsigned i = 0; i + 1 < k; i++) fr_sqr(&w, &w);
        fr_neg(&m1, &fr_one_c);
        ck_assert(fr_eq(&w, &m1));
    }
    ntt_domain_t *d;
    ck_assert_int_eq(ntt_domain_new(&d, FR_TWO_ADICITY + 1), ZKP_ERR_RANGE);
}
END_TEST

/* forward and coset forward against the naive evaluation, n = 2^0..2^7 */
START_TEST(ntt_vs_naive) {
    unsigned lg = (unsigned)_i;
    size_t n = (size_t)1 << lg;
    uint64_t st = 0x4e77 + lg;
    ntt_domain_t *d;
    ck_assert_int_eq(ntt_domain_new(&d, lg), ZKP_OK);
    ck_assert_uint_eq(ntt_domain_size(d), n);
    fr_t w, one = fr_one_c, g;
    ntt_domain_omega(&w, d);
    fr_t *a = rand_vec(n, &st), *b = malloc(n * sizeof *b), *ref = malloc(n * sizeof *ref);
    for (size_t i = 0; i < n; i++) b[i] = a[i];
    naive_eval(ref, a, n, &w, &one);
    ntt_forward(d, b);
    assert_vec_eq(b, ref, n);
    /* the odd coset of Groth16 (g = w_{2n}) and a random shift */
    for (int k = 0; k < 2; k++) {
        if (k == 0)
            fr_root_of_unity(&g, lg + 1);
        else
            rand_fr(&g, &st);
        for (size_t i = 0; i < n; i++) b[i] = a[i];
        naive_eval(ref, a, n, &w, &g);
        ntt_coset_forward(d, b, &g);
        assert_vec_eq(b, ref, n);
        ntt_coset_inverse(d, b, &g);
        assert_vec_eq(b, a, n);
    }
    free(a), free(b), free(ref);
    ntt_domain_free(d);
}
END_TEST

/* inverse(forward(a)) = a and forward(inverse(a)) = a, n = 2^0..2^14 */
START_TEST(ntt_round_trip) {
    unsigned lg = (unsigned)_i;
    size_t n = (size_t)1 << lg;
    uint64_t st = 0x7215 + lg;
    ntt_domain_t *d;
    ck_assert_int_eq(ntt_domain_new(&d, lg), ZKP_OK);
    fr_t *a = rand_vec(n, &st), *b = malloc(n * sizeof *b), g;
    rand_fr(&g, &st);
    for (size_t i = 0; i < n; i++) b[i] = a[i];
    ntt_forward(d, b);
    ntt_inverse(d, b);
    assert_vec_eq(b, a, n);
    ntt_inverse(d, b);
    ntt_forward(d, b);
    assert_vec_eq(b, a, n);
    ntt_coset_forward(d, b, &g);
    ntt_coset_inverse(d, b, &g);
    assert_vec_eq(b, a, n);
    free(a), free(b);
    ntt_domain_free(d);
}
END_TEST

/* NTT(x a + y b) = x NTT(a) + y NTT(b); a delta maps to a row of powers */
START_TEST(ntt_linearity) {
    unsigned lg = 10;
    size_t n = (size_t)1 << lg;
    uint64_t st = 0x11ea;
    ntt_domain_t *d;
    ck_assert_int_eq(ntt_domain_new(&d, lg), ZKP_OK);
    fr_t *a = rand_vec(n, &st), *b = rand_vec(n, &st), *c = malloc(n * sizeof *c), x, y, t;
    rand_fr(&x, &st), rand_fr(&y, &st);
    for (size_t i = 0; i < n; i++) {
        fr_mul(&c[i], &a[i], &x);
        fr_mul(&t, &b[i], &y);
        fr_add(&c[i], &c[i], &t);
    }
    ntt_forward(d, a), ntt_forward(d, b), ntt_forward(d, c);
    for (size_t i = 0; i < n; i++) {
        fr_t u;
        fr_mul(&u, &a[i], &x);
        fr_mul(&t, &b[i], &y);
        fr_add(&u, &u, &t);
        ck_assert(fr_eq(&u, &c[i]));
    }
    /* delta at index 1: evaluations w^i */
    fr_t w, p = fr_one_c;
    ntt_domain_omega(&w, d);
    for (size_t i = 0; i < n; i++) a[i] = i == 1 ? fr_one_c : fr_zero_c;
    ntt_forward(d, a);
    for (size_t i = 0; i < n; i++) {
        ck_assert(fr_eq(&a[i], &p));
        fr_mul(&p, &p, &w);
    }
    free(a), free(b), free(c);
    ntt_domain_free(d);
}
END_TEST

/* Large transforms give the same output on 1 and 2 threads. */
START_TEST(ntt_threads_agree) {
    unsigned lg = 16;
    size_t n = (size_t)1 << lg;
    uint64_t st = 0x7ead;
    ntt_domain_t *d;
    ck_assert_int_eq(ntt_domain_new(&d, lg), ZKP_OK);
    fr_t *a = rand_vec(n, &st), *b = malloc(n * sizeof *b), g;
    rand_fr(&g, &st);
    for (size_t i = 0; i < n; i++) b[i] = a[i];
    zkp_set_threads(1);
    ntt_coset_forward(d, a, &g);
    zkp_set_threads(2);
    ntt_coset_forward(d, b, &g);
    assert_vec_eq(a, b, n);
    /* spot-check one evaluation against Horner */
    fr_t w, x, acc = fr_zero_c;
    ntt_domain_omega(&w, d);
    uint64_t e = 12345;
    fr_pow(&x, &w, &e, 1);
    fr_mul(&x, &x, &g);
    ntt_coset_inverse(d, b, &g);
    for (size_t j = n; j-- > 0;) {
        fr_mul(&acc, &acc, &x);
        fr_add(&acc, &acc, &b[j]);
    }
    ck_assert(fr_eq(&acc, &a[e]));
    zkp_set_threads(0);
    free(a), free(b);
    ntt_domain_free(d);
}
END_TEST

/* Transforms run side by side as OpenMP tasks (inside a parallel region: each
 * on its calling thread) equal the same transforms run alone on 2 threads;
 * sizes around NTT_PAR_MIN (2^13). */
START_TEST(ntt_side_by_side) {
    unsigned lg = 12 + (unsigned)_i;
    size_t n = (size_t)1 << lg;
    uint64_t st = 0x51de + (uint64_t)_i;
    ntt_domain_t *d;
    ck_assert_int_eq(ntt_domain_new(&d, lg), ZKP_OK);
    fr_t *a = rand_vec(n, &st), *b = rand_vec(n, &st), *a2 = malloc(n * sizeof *a2),
         *b2 = malloc(n * sizeof *b2), g;
    rand_fr(&g, &st);
    memcpy(a2, a, n * sizeof *a), memcpy(b2, b, n * sizeof *b);
    zkp_set_threads(2);
    ntt_inverse(d, a);
    ntt_coset_forward(d, a, &g);
    ntt_forward(d, b);
#pragma omp parallel num_threads(2)
#pragma omp single
    {
#pragma omp task
        ntt_values_to_coset(d, a2, &g);
#pragma omp task
        ntt_forward(d, b2);
    }
    zkp_set_threads(0);
    assert_vec_eq(a, a2, n);
    assert_vec_eq(b, b2, n);
    /* and a domain made inside a parallel region has the same twiddles */
    ntt_domain_t *d2 = NULL;
    zkp_err e = ZKP_ERR__COUNT;
#pragma omp parallel num_threads(2)
#pragma omp single
    e = ntt_domain_new(&d2, lg);
    ck_assert_int_eq(e, ZKP_OK);
    ntt_forward(d2, b2);
    ntt_forward(d, b);
    assert_vec_eq(b, b2, n);
    ntt_domain_free(d2);
    free(a), free(b), free(a2), free(b2);
    ntt_domain_free(d);
}
END_TEST

/* ntt_values_to_coset = ntt_inverse then ntt_coset_forward, sizes 1 .. 2^11. */
START_TEST(ntt_values_to_coset_vs_two) {
    unsigned lg = (unsigned)_i;
    size_t n = (size_t)1 << lg;
    uint64_t st = 0xc05e7 + (uint64_t)_i;
    ntt_domain_t *d;
    ck_assert_int_eq(ntt_domain_new(&d, lg), ZKP_OK);
    fr_t *a = rand_vec(n, &st), *b = malloc(n * sizeof *b), g;
    rand_fr(&g, &st);
    if (fr_is_zero(&g)) fr_set_one(&g);
    memcpy(b, a, n * sizeof *a);
    ntt_inverse(d, a);
    ntt_coset_forward(d, a, &g);
    ntt_values_to_coset(d, b, &g);
    assert_vec_eq(a, b, n);
    free(a), free(b);
    ntt_domain_free(d);
}
END_TEST

Suite *ntt_suite(void) {
    Suite *s = suite_create("ntt");
    TCase *tc = tcase_create("ntt");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, ntt_roots);
    tcase_add_loop_test(tc, ntt_vs_naive, 0, 8);
    tcase_add_loop_test(tc, ntt_round_trip, 0, 15);
    tcase_add_test(tc, ntt_linearity);
    tcase_add_test(tc, ntt_threads_agree);
    tcase_add_loop_test(tc, ntt_side_by_side, 0, 3);
    tcase_add_loop_test(tc, ntt_values_to_coset_vs_two, 0, 12);
    suite_add_tcase(s, tc);
    return s;
}
