/* zkpot tests: L1 field (Fr, Fq) against GMP. */
#include <check.h>
#include <gmp.h>

#include "test_util.h"
#include "zkpot.h"

static void rand_fq(fq_t *a, uint64_t *st, mpz_t m, mpz_t out) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++) b[i] = (uint8_t)test_rand64(st);
    fq_reduce_bytes_le(a, b);
    uint8_t le[32];
    fq_to_bytes_le(le, a);
    mpz_import(out, 32, -1, 1, 0, 0, le);
    ck_assert(mpz_cmp(out, m) < 0);
}

static void fq_to_mpz(mpz_t out, const fq_t *a) {
    uint8_t le[32];
    fq_to_bytes_le(le, a);
    mpz_import(out, 32, -1, 1, 0, 0, le);
}

START_TEST(fq_ops_vs_gmp) {
    uint64_t st = 0xf00d + (uint64_t)_i;
    mpz_t m, x, y, z, w;
    mpz_inits(m, x, y, z, w, NULL);
    mpz_set_str(m, "21888242871839275222246405745257275088696311157297823662689037894645226208583", 10);
    for (int k = 0; k < test_cases(10000); k++) {
        fq_t a, b, c;
        rand_fq(&a, &st, m, x);
        rand_fq(&b, &st, m, y);
        fq_mul(&c, &a, &b);
        mpz_mul(z, x, y), mpz_mod(z, z, m), fq_to_mpz(w, &c);
        ck_assert(mpz_cmp(z, w) == 0);
        fq_add(&c, &a, &b);
        mpz_add(z, x, y), mpz_mod(z, z, m), fq_to_mpz(w, &c);
        ck_assert(mpz_cmp(z, w) == 0);
        fq_sub(&c, &a, &b);
        mpz_sub(z, x, y), mpz_mod(z, z, m), fq_to_mpz(w, &c);
        ck_assert(mpz_cmp(z, w) == 0);
    }
    mpz_clears(m, x, y, z, w, NULL);
}
END_TEST

Suite *field_suite(void) {
    Suite *s = suite_create("field");
    TCase *tc = tcase_create("fq");
    tcase_add_loop_test(tc, fq_ops_vs_gmp, 0, 1);
    suite_add_tcase(s, tc);
    return s;
}
