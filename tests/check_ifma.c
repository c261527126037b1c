/* zkpot tests: the 8-lane AVX-512 IFMA Fq kernels (runtime/field/fq_ifma.c).
 * Products and sums are compared with GMP on the integers (radix-2^52
 * Montgomery: a b 2^-260 mod p) and with the scalar fq_mul (which computes
 * a b 2^-256: 16 times the IFMA product), for random inputs over the whole
 * accepted range [0, 8p) and edge values (0, 1, p - 1, p, 2p - 1, 4p - 1,
 * 2^256 - 1, 8p - 1); the chord batch against the scalar affine formulas on
 * random G1 points for batch sizes around the 8-lane and 16-chain edges, and
 * the Fq2 (G2) chord batch likewise.
 * The kernels run whenever the CPU has IFMA, even under ZKPOT_NO_IFMA=1 (which
 * only switches the library's callers to the scalar paths); on a CPU without
 * IFMA each test says so on stderr and passes without running. */
#include <check.h>
#include <gmp.h>
#include <stdio.h>

#include "field/fq_ifma.h"
#include "test_util.h"
#include "zkpot.h"

static bool have_ifma(const char *test) {
    if (fq_ifma_cpu()) return true;
    fprintf(stderr, "check_ifma: %s SKIPPED: this CPU has no AVX-512 IFMA\n", test);
    return false;
}

static mpz_t P; /* the Fq modulus */

static void init_p(void) {
    mpz_init(P);
    mpz_import(P, 4, -1, 8, 0, 0, fq_modulus);
}

/* lane i of x = v (v < 2^260), split into 52-bit limbs */
static void lane_set(fq8_t *x, int i, const mpz_t v) {
    mpz_t t;
    mpz_init_set(t, v);
    for (int k = 0; k < 5; k++) {
        x->l[k][i] = mpz_get_ui(t) & 0xfffffffffffffULL;
        mpz_fdiv_q_2exp(t, t, 52);
    }
    ck_assert(mpz_sgn(t) == 0);
    mpz_clear(t);
}

/* v = lane i of x; checks the limbs are normalized */
static void lane_get(mpz_t v, const fq8_t *x, int i) {
    mpz_set_ui(v, 0);
    for (int k = 4; k >= 0; k--) {
        ck_assert_msg(x->l[k][i] < (1ULL << 52), "lane %d limb %d not normalized", i, k);
        mpz_mul_2exp(v, v, 52);
        mpz_add_ui(v, v, x->l[k][i]);
    }
}

static void fq_to_mpz(mpz_t v, const fq_t *a) { mpz_import(v, 4, -1, 8, 0, 0, a->l); }

/* random v in [0, bound) */
static void rand_below(mpz_t v, const mpz_t bound, uint64_t *st) {
    uint64_t w[5];
    for (int k = 0; k < 5; k++)
        w[k] = test_rand64(st);
    mpz_import(v, 5, -1, 8, 0, 0, w);
    mpz_mod(v, v, bound);
}

/* a value in [0, 8p) for case c: edge values first, then random in ranges that
 * stress different bounds */
static void pick(mpz_t v, int c, uint64_t *st) {
    mpz_t b;
    mpz_init(b);
    switch (c) {
    case 0:
        mpz_set_ui(v, 0);
        break;
    case 1:
        mpz_set_ui(v, 1);
        break;
    case 2:
        mpz_sub_ui(v, P, 1);
        break;
    case 3:
        mpz_set(v, P);
        break;
    case 4:
        mpz_mul_ui(v, P, 2), mpz_sub_ui(v, v, 1);
        break;
    case 5:
        mpz_mul_ui(v, P, 4), mpz_sub_ui(v, v, 1);
        break;
    case 6:
        mpz_ui_pow_ui(v, 2, 256), mpz_sub_ui(v, v, 1);
        break;
    case 7:
        mpz_mul_ui(v, P, 8), mpz_sub_ui(v, v, 1);
        break;
    default: {
        unsigned k = (unsigned)(test_rand64(st) % 4); /* below p, 2p, 4p, 8p */
        mpz_mul_2exp(b, P, k);
        rand_below(v, b, st);
    }
    }
    mpz_clear(b);
}

/* Products: IFMA vs GMP for every pair of edge values and random values, all lanes. */
START_TEST(ifma_mul_sqr_vs_gmp) {
    if (!have_ifma("ifma_mul_sqr_vs_gmp")) return;
    init_p();
    uint64_t st = 0x1f3a;
    mpz_t x[8], y[8], v, w, rinv, bound2, p4;
    mpz_inits(v, w, rinv, bound2, p4, NULL);
    mpz_mul_ui(p4, P, 4);
    mpz_ui_pow_ui(rinv, 2, 260);
    ck_assert(mpz_invert(rinv, rinv, P));
    mpz_mul_ui(bound2, P, 2);
    for (int i = 0; i < 8; i++)
        mpz_inits(x[i], y[i], NULL);
    int rounds = test_cases(400);
    for (int r = 0; r < rounds; r++) {
        fq8_t a, b, m, s, ad, sb;
        for (int i = 0; i < 8; i++) {
            /* rounds 0..7: lane i pairs edge value r with edge value i */
            pick(x[i], r < 8 ? r : 8, &st);
            pick(y[i], r < 8 ? i : 8, &st);
            lane_set(&a, i, x[i]);
            lane_set(&b, i, y[i]);
        }
        fq8_mul(&m, &a, &b);
        fq8_sqr(&s, &a);
        fq8_add(&ad, &a, &b);
        fq8_sub(&sb, &a, &b);
        for (int i = 0; i < 8; i++) {
            mpz_mul(w, x[i], y[i]);
            mpz_mul(w, w, rinv);
            mpz_mod(w, w, P);
            lane_get(v, &m, i);
            ck_assert_msg(mpz_cmp(v, bound2) < 0, "mul lane %d: result not below 2p", i);
            mpz_mod(v, v, P);
            ck_assert_msg(mpz_cmp(v, w) == 0, "mul round %d lane %d", r, i);
            mpz_mul(w, x[i], x[i]);
            mpz_mul(w, w, rinv);
            mpz_mod(w, w, P);
            lane_get(v, &s, i);
            ck_assert_msg(mpz_cmp(v, bound2) < 0, "sqr lane %d: result not below 2p", i);
            mpz_mod(v, v, P);
            ck_assert_msg(mpz_cmp(v, w) == 0, "sqr round %d lane %d", r, i);
            mpz_add(w, x[i], y[i]);
            lane_get(v, &ad, i);
            ck_assert_msg(mpz_cmp(v, w) == 0, "add round %d lane %d", r, i);
            /* sub wants b <= 4p */
            if (mpz_cmp(y[i], p4) <= 0) {
                mpz_sub(w, x[i], y[i]);
                mpz_add(w, w, p4);
                lane_get(v, &sb, i);
                ck_assert_msg(mpz_cmp(v, w) == 0, "sub round %d lane %d", r, i);
            }
        }
        /* the full reduction (lanes < 8p) */
        fq_t out[8];
        fq8_to_fq(out, &a);
        for (int i = 0; i < 8; i++) {
            mpz_mod(w, x[i], P);
            fq_to_mpz(v, &out[i]);
            ck_assert_msg(mpz_cmp(v, w) == 0, "to_fq round %d lane %d", r, i);
        }
    }
    for (int i = 0; i < 8; i++)
        mpz_clears(x[i], y[i], NULL);
    mpz_clears(v, w, rinv, bound2, p4, P, NULL);
}
END_TEST

/* Against the scalar kernel: 16 fq8_mul(S(a), S(b)) = fq_mul(S(a), S(b)) for canonical a, b. */
START_TEST(ifma_mul_vs_fq_mul) {
    if (!have_ifma("ifma_mul_vs_fq_mul")) return;
    uint64_t st = 0x77;
    int rounds = test_cases(500);
    for (int r = 0; r < rounds; r++) {
        fq_t a[8], b[8], got[8], want;
        for (int i = 0; i < 8; i++) {
            uint8_t by[32];
            for (int k = 0; k < 32; k++)
                by[k] = (uint8_t)test_rand64(&st);
            fq_reduce_bytes_le(&a[i], by);
            for (int k = 0; k < 32; k++)
                by[k] = (uint8_t)test_rand64(&st);
            fq_reduce_bytes_le(&b[i], by);
        }
        if (r == 0) a[0] = fq_zero_c, a[1] = fq_one_c, b[2] = fq_one_c, fq_neg(&a[3], &fq_one_c);
        fq8_t x, y, m;
        fq8_from_fq(&x, a);
        fq8_from_fq(&y, b);
        fq8_mul(&m, &x, &y);
        fq8_to_fq(got, &m);
        for (int i = 0; i < 8; i++) {
            for (int k = 0; k < 4; k++)
                fq_dbl(&got[i], &got[i]);
            fq_mul(&want, &a[i], &b[i]);
            ck_assert_msg(fq_eq(&got[i], &want), "round %d lane %d", r, i);
        }
    }
}
END_TEST

/* G##_rand_points: n random affine points of G (multiples of the generator,
 * each run of 16 consecutive points steps by one random multiple) */
#define RAND_POINTS(G)                                                                             \
    static void G##_rand_points(G##_affine_t *p, size_t n, uint64_t *st) {                         \
        G##_t g, q, step;                                                                          \
        G##_generator(&g);                                                                         \
        fr_t k;                                                                                    \
        uint8_t by[32];                                                                            \
        for (int i = 0; i < 32; i++)                                                               \
            by[i] = (uint8_t)test_rand64(st);                                                      \
        fr_reduce_bytes_le(&k, by);                                                                \
        G##_mul_var(&q, &g, &k);                                                                   \
        G##_t *jac = malloc(n * sizeof *jac);                                                      \
        ck_assert_ptr_nonnull(jac);                                                                \
        for (size_t i = 0; i < n; i++) {                                                           \
            if (i % 16 == 0) {                                                                     \
                for (int j = 0; j < 32; j++)                                                       \
                    by[j] = (uint8_t)test_rand64(st);                                              \
                fr_reduce_bytes_le(&k, by);                                                        \
                G##_mul_var(&step, &g, &k);                                                        \
            }                                                                                      \
            G##_add(&q, &q, &step);                                                                \
            jac[i] = q;                                                                            \
        }                                                                                          \
        G##_batch_to_affine(p, jac, n);                                                            \
        free(jac);                                                                                 \
    }
RAND_POINTS(g1)
RAND_POINTS(g2)

/* The chord batch against the scalar formulas (one inversion per pair). */
START_TEST(ifma_chord_vs_scalar) {
    if (!have_ifma("ifma_chord_vs_scalar")) return;
    static const size_t sizes[] = {1, 2, 7, 8, 9, 15, 16, 17, 31, 64, 100, 255, 511, 512};
    uint64_t st = 0xc0de;
    size_t nmax = FQ_IFMA_CHORD_MAX;
    g1_affine_t *a = malloc(nmax * sizeof *a), *b = malloc(nmax * sizeof *b),
                *d = malloc(nmax * sizeof *d);
    const fq_t **pa = malloc(nmax * sizeof *pa), **pb = malloc(nmax * sizeof *pb);
    fq_t **pd = malloc(nmax * sizeof *pd);
    fq_ifma_ws_t *ws = aligned_alloc(64, sizeof *ws);
    ck_assert(a && b && d && pa && pb && pd && ws);
    memset(ws, 0x5a, sizeof *ws);
    for (size_t s = 0; s < ZKP_ARRAY_LEN(sizes); s++) {
        size_t n = sizes[s];
        g1_rand_points(a, n, &st);
        g1_rand_points(b, n, &st);
        if (n > 4) b[n - 1] = a[0]; /* one input point in two pairs */
        for (size_t j = 0; j < n; j++) {
            /* pairs in a scrambled order: the batch takes pointers */
            size_t k = (2 * n + 2 - j) % n; /* reversed and rotated */
            pa[j] = &a[k].x, pb[j] = &b[k].x, pd[j] = &d[k].x;
            ck_assert(!fq_eq(&a[k].x, &b[k].x));
        }
        memset(d, 0xa5, n * sizeof *d);
        /* both entry points, alternating (the _ws one with a dirty workspace) */
        if (s & 1) fq_ifma_chord_add_ws(pd, pa, pb, n, ws);
        else fq_ifma_chord_add(pd, pa, pb, n);
        for (size_t k = 0; k < n; k++) {
            fq_t num, den, lam, x3, y3, t;
            fq_sub(&num, &b[k].y, &a[k].y);
            fq_sub(&den, &b[k].x, &a[k].x);
            fq_inv(&den, &den);
            fq_mul(&lam, &num, &den);
            fq_sqr(&x3, &lam);
            fq_sub(&x3, &x3, &a[k].x);
            fq_sub(&x3, &x3, &b[k].x);
            fq_sub(&t, &a[k].x, &x3);
            fq_mul(&t, &t, &lam);
            fq_sub(&y3, &t, &a[k].y);
            ck_assert_msg(memcmp(&d[k].x, &x3, sizeof x3) == 0, "n %zu pair %zu: x", n, k);
            ck_assert_msg(memcmp(&d[k].y, &y3, sizeof y3) == 0, "n %zu pair %zu: y", n, k);
            d[k].infinity = false;
            ck_assert(g1_affine_is_on_curve(&d[k]));
        }
        /* in place (dst[j] = a[j], as an accumulating caller would use it) */
        for (size_t j = 0; j < n; j++)
            pd[j] = (fq_t *)pa[j];
        if (s & 1) fq_ifma_chord_add(pd, pa, pb, n);
        else fq_ifma_chord_add_ws(pd, pa, pb, n, ws);
        for (size_t k = 0; k < n; k++) {
            ck_assert_msg(memcmp(&a[k].x, &d[k].x, 2 * sizeof(fq_t)) == 0,
                          "n %zu pair %zu: in place", n, k);
        }
    }
    free(a), free(b), free(d), free(pa), free(pb), free(pd), free(ws);
}
END_TEST

/* The Fq2 chord batch against the scalar Fq2 formulas. */
START_TEST(ifma_chord2_vs_scalar) {
    if (!have_ifma("ifma_chord2_vs_scalar")) return;
    static const size_t sizes[] = {1, 3, 8, 9, 16, 17, 33, 200, 512};
    uint64_t st = 0xc0de2;
    size_t nmax = FQ_IFMA_CHORD_MAX;
    g2_affine_t *a = malloc(nmax * sizeof *a), *b = malloc(nmax * sizeof *b),
                *d = malloc(nmax * sizeof *d);
    const fq2_t **pa = malloc(nmax * sizeof *pa), **pb = malloc(nmax * sizeof *pb);
    fq2_t **pd = malloc(nmax * sizeof *pd);
    fq_ifma_ws_t *ws = aligned_alloc(64, sizeof *ws);
    ck_assert(a && b && d && pa && pb && pd && ws);
    memset(ws, 0x5a, sizeof *ws);
    for (size_t s = 0; s < ZKP_ARRAY_LEN(sizes); s++) {
        size_t n = sizes[s];
        g2_rand_points(a, n, &st);
        g2_rand_points(b, n, &st);
        if (n > 4) b[n - 1] = a[0];
        for (size_t j = 0; j < n; j++) {
            size_t k = (2 * n + 2 - j) % n;
            pa[j] = &a[k].x, pb[j] = &b[k].x, pd[j] = &d[k].x;
            ck_assert(!fq2_eq(&a[k].x, &b[k].x));
        }
        memset(d, 0xa5, n * sizeof *d);
        if (s & 1) fq2_ifma_chord_add_ws(pd, pa, pb, n, ws);
        else fq2_ifma_chord_add(pd, pa, pb, n);
        for (size_t k = 0; k < n; k++) {
            fq2_t num, den, lam, x3, y3, t;
            fq2_sub(&num, &b[k].y, &a[k].y);
            fq2_sub(&den, &b[k].x, &a[k].x);
            fq2_inv(&den, &den);
            fq2_mul(&lam, &num, &den);
            fq2_sqr(&x3, &lam);
            fq2_sub(&x3, &x3, &a[k].x);
            fq2_sub(&x3, &x3, &b[k].x);
            fq2_sub(&t, &a[k].x, &x3);
            fq2_mul(&t, &t, &lam);
            fq2_sub(&y3, &t, &a[k].y);
            ck_assert_msg(memcmp(&d[k].x, &x3, sizeof x3) == 0, "n %zu pair %zu: x", n, k);
            ck_assert_msg(memcmp(&d[k].y, &y3, sizeof y3) == 0, "n %zu pair %zu: y", n, k);
            d[k].infinity = false;
            ck_assert(g2_affine_is_on_curve(&d[k]));
        }
    }
    free(a), free(b), free(d), free(pa), free(pb), free(pd), free(ws);
}
END_TEST

Suite *ifma_suite(void) {
    Suite *s = suite_create("ifma");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, ifma_mul_sqr_vs_gmp);
    tcase_add_test(tc, ifma_mul_vs_fq_mul);
    tcase_add_test(tc, ifma_chord_vs_scalar);
    tcase_add_test(tc, ifma_chord2_vs_scalar);
    suite_add_tcase(s, tc);
    return s;
}
