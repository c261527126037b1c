/* zkpot tests: L2 curve (G1, G2). Group laws with random Jacobian inputs,
 * on-curve after every operation, scalar multiplication against a plain
 * double-and-add, GLV/GLS decompositions, subgroup checks, encodings, and
 * agreement with ffjavascript (tests/oracle/curve_mul.js, run on random scalars
 * generated here).
 * The group-generic tests are written once below and instantiated for G1 and G2
 * by including this file into itself with CT_* defined (see the bottom). */
#ifndef CT_G
#include <check.h>
#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "zkpot.h"

static const char *R_DEC =
    "21888242871839275222246405745257275088548364400416034343698204186575808495617";
static const char *P_DEC =
    "21888242871839275222246405745257275088696311157297823662689037894645226208583";
static const uint64_t R_LIMBS[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL,
                                    0xb85045b68181585dULL, 0x30644e72e131a029ULL};

static void rand_fq(fq_t *a, uint64_t *st) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++)
        b[i] = (uint8_t)test_rand64(st);
    fq_reduce_bytes_le(a, b);
}

static void rand_fr(fr_t *a, uint64_t *st) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++)
        b[i] = (uint8_t)test_rand64(st);
    fr_reduce_bytes_le(a, b);
}

static void limbs_to_mpz(mpz_t z, const uint64_t *v, size_t n) { mpz_import(z, n, -1, 8, 0, 0, v); }

static bool mpz_cmp_str_dec(const mpz_t z, const char *dec) {
    mpz_t t;
    mpz_init_set_str(t, dec, 10);
    bool eq = mpz_cmp(z, t) == 0;
    mpz_clear(t);
    return eq;
}

/* b += p for a 32-byte big-endian / little-endian value (carry out dropped). */
static void be_add_p(uint8_t b[32]) {
    unsigned c = 0;
    for (int i = 31; i >= 0; i--) {
        unsigned pb = (unsigned)(fq_modulus[(31 - i) / 8] >> (8 * ((31 - i) % 8))) & 0xff;
        c += b[i] + pb;
        b[i] = (uint8_t)c;
        c >>= 8;
    }
}

static void le_add_p(uint8_t b[32]) {
    unsigned c = 0;
    for (int i = 0; i < 32; i++) {
        unsigned pb = (unsigned)(fq_modulus[i / 8] >> (8 * (i % 8))) & 0xff;
        c += b[i] + pb;
        b[i] = (uint8_t)c;
        c >>= 8;
    }
}

/* START_TEST pastes its argument: expand CT_G(name) first. */
#define CT_START(n) START_TEST(n)

/* ---- G1 instantiation of the generic tests ---- */
#define CT_G(n) g1_##n
#define CT_F(n) fq_##n
#define CT_FT fq_t
#define CT_T g1_t
#define CT_A g1_affine_t
#define CT_RANDF rand_fq
#define CT_LAMBDA g1_glv_lambda
#define CT_SPLIT g1_glv_split
#define CT_ENDO g1_endo
#define CT_AENDO g1_affine_endo
#include "check_curve.c"
#undef CT_G
#undef CT_F
#undef CT_FT
#undef CT_T
#undef CT_A
#undef CT_RANDF
#undef CT_LAMBDA
#undef CT_SPLIT
#undef CT_ENDO
#undef CT_AENDO

static void rand_fq2(fq2_t *a, uint64_t *st) {
    rand_fq(&a->c0, st);
    rand_fq(&a->c1, st);
}

#define CT_G(n) g2_##n
#define CT_F(n) fq2_##n
#define CT_FT fq2_t
#define CT_T g2_t
#define CT_A g2_affine_t
#define CT_RANDF rand_fq2
#define CT_LAMBDA g2_gls_lambda
#define CT_SPLIT g2_gls_split
#define CT_ENDO g2_psi
#define CT_AENDO g2_affine_psi
#include "check_curve.c"

/* ---- G2: points of the twist outside G2, and the subgroup check ---- */

/* b' = 3 / (9 + u), derived here independently of the library's constant. */
static void twist_b(fq2_t *b) {
    fq2_t xi, three;
    fq_set_u64(&xi.c0, 9);
    fq_set_one(&xi.c1);
    fq_set_u64(&three.c0, 3);
    fq_set_zero(&three.c1);
    fq2_inv(&xi, &xi);
    fq2_mul(b, &three, &xi);
}

/* Hash-and-try: random x until x^3 + b' is a square; no cofactor clearing, so
 * the point is (with overwhelming probability) outside G2. */
static void twist_rand(g2_affine_t *a, uint64_t *st) {
    fq2_t b, rhs;
    twist_b(&b);
    for (;;) {
        rand_fq2(&a->x, st);
        fq2_sqr(&rhs, &a->x);
        fq2_mul(&rhs, &rhs, &a->x);
        fq2_add(&rhs, &rhs, &b);
        if (fq2_sqrt(&a->y, &rhs)) break;
    }
    a->infinity = false;
}

START_TEST(g2_t_subgroup) {
    uint64_t st = 0x5b9 + (uint64_t)_i;
    for (int it = 0; it < test_cases(6); it++) {
        g2_affine_t a;
        g2_t P, t;
        /* off-subgroup */
        twist_rand(&a, &st);
        ck_assert(g2_affine_is_on_curve(&a));
        g2_from_affine(&P, &a);
        g2_mul_limbs_var(&t, &P, R_LIMBS, 4);
        bool slow = g2_is_infinity(&t);
        ck_assert(!slow); /* the cofactor is 2p - r: a random point is outside G2 */
        ck_assert(g2_is_in_subgroup(&P) == slow);
        ck_assert(g2_affine_in_subgroup(&a) == slow);
        ck_assert_int_eq(g2_affine_validate(&a), ZKP_ERR_NOT_IN_SUBGROUP);
        ck_assert(strstr(zkp_last_error(), "subgroup") != NULL);
        /* the group law on the whole twist: mul_limbs_var (no GLS) == double-and-add;
         * g2_mul/g2_mul_var use psi = [lambda], valid on G2 only, so they differ here */
        fr_t k;
        rand_fr(&k, &st);
        g2_t r1, r2;
        uint64_t kl[4];
        fr_to_limbs(kl, &k);
        g2_mul_limbs_var(&r1, &P, kl, 4);
        g2_ref_mul(&r2, &P, kl, 4);
        ck_assert(g2_eq(&r1, &r2));
        ck_assert(g2_is_on_curve(&r1));
        g2_mul_var(&r2, &P, &k);
        ck_assert(!g2_eq(&r1, &r2));
        g2_fixed_t *fx;
        ck_assert_int_eq(g2_fixed_new(&fx, &P), ZKP_OK);
        g2_fixed_mul(&r2, fx, &k);
        ck_assert(g2_eq(&r1, &r2));
        g2_fixed_free(fx);
        g2_fixed_free(NULL);
        /* clearing the cofactor [2p - r] lands in G2 */
        mpz_t c, pz, rz;
        mpz_inits(c, pz, rz, NULL);
        mpz_set_str(pz, P_DEC, 10);
        mpz_set_str(rz, R_DEC, 10);
        mpz_mul_ui(c, pz, 2);
        mpz_sub(c, c, rz);
        uint64_t cl[4] = {0};
        mpz_export(cl, NULL, -1, 8, 0, 0, c);
        g2_mul_limbs_var(&t, &P, cl, 4);
        ck_assert(!g2_is_infinity(&t));
        ck_assert(g2_is_in_subgroup(&t));
        g2_t u;
        g2_mul_limbs_var(&u, &t, R_LIMBS, 4);
        ck_assert(g2_is_infinity(&u));
        mpz_clears(c, pz, rz, NULL);
        /* in-subgroup random multiples of the generator */
        g2_rand(&P, &st);
        g2_mul_limbs_var(&t, &P, R_LIMBS, 4);
        ck_assert(g2_is_infinity(&t));
        ck_assert(g2_is_in_subgroup(&P));
        g2_to_affine(&a, &P);
        ck_assert_int_eq(g2_affine_validate(&a), ZKP_OK);
        /* P + (point outside) is outside */
        g2_affine_t b;
        twist_rand(&b, &st);
        g2_add_mixed(&t, &P, &b);
        ck_assert(!g2_is_in_subgroup(&t));
    }
    /* b' matches the library's curve: the generator satisfies y^2 = x^3 + b' */
    g2_t g;
    g2_affine_t ga;
    fq2_t b, lhs, rhs;
    twist_b(&b);
    g2_generator(&g);
    g2_to_affine(&ga, &g);
    fq2_sqr(&lhs, &ga.y);
    fq2_sqr(&rhs, &ga.x);
    fq2_mul(&rhs, &rhs, &ga.x);
    fq2_add(&rhs, &rhs, &b);
    ck_assert(fq2_eq(&lhs, &rhs));
}
END_TEST

/* ---- G1 encodings ---- */

START_TEST(g1_encodings) {
    uint64_t st = 0xe1c0de + (uint64_t)_i;
    mpz_t z, p;
    mpz_inits(z, p, NULL);
    mpz_set_str(p, P_DEC, 10);
    for (int it = 0; it < test_cases(20); it++) {
        g1_affine_t a, b;
        g1_t P;
        g1_rand(&P, &st);
        if (it == 0) g1_set_infinity(&P);
        g1_to_affine(&a, &P);
        uint8_t u[G1_BYTES], c[G1_COMPRESSED_BYTES], zk[G1_BYTES];
        char dec[3][ZKP_DEC_MAX];
        g1_to_bytes(u, &a);
        ck_assert_int_eq(g1_from_bytes(&b, u), ZKP_OK);
        ck_assert(g1_affine_eq_t(&a, &b));
        g1_to_compressed(c, &a);
        ck_assert_int_eq(g1_from_compressed(&b, c), ZKP_OK);
        ck_assert(g1_affine_eq_t(&a, &b));
        g1_to_zkey(zk, &a);
        ck_assert_int_eq(g1_from_zkey(&b, zk), ZKP_OK);
        ck_assert(g1_affine_eq_t(&a, &b));
        g1_to_dec(dec, &a);
        const char *s[3] = {dec[0], dec[1], dec[2]};
        ck_assert_int_eq(g1_from_dec(&b, s), ZKP_OK);
        ck_assert(g1_affine_eq_t(&a, &b));
        if (a.infinity) {
            for (int i = 0; i < G1_BYTES; i++)
                ck_assert(u[i] == 0 && zk[i] == 0);
            ck_assert(c[0] == ZKP_POINT_FLAG_INFINITY);
            ck_assert_str_eq(dec[0], "0");
            ck_assert_str_eq(dec[1], "1");
            ck_assert_str_eq(dec[2], "0");
            continue;
        }
        /* big-endian x||y: compare with the decimal form through GMP */
        mpz_import(z, 32, 1, 1, 0, 0, u);
        ck_assert(mpz_cmp_str_dec(z, dec[0]));
        mpz_import(z, 32, 1, 1, 0, 0, u + 32);
        ck_assert(mpz_cmp_str_dec(z, dec[1]));

        /* off the curve: y + 1 */
        g1_affine_t bad = a;
        fq_add(&bad.y, &bad.y, &fq_one_c);
        g1_to_bytes(u, &bad);
        ck_assert_int_eq(g1_from_bytes(&b, u), ZKP_ERR_NOT_ON_CURVE);
        ck_assert(strstr(zkp_last_error(), "G1") != NULL);
        g1_to_zkey(zk, &bad);
        ck_assert_int_eq(g1_from_zkey(&b, zk), ZKP_ERR_NOT_ON_CURVE);
        g1_to_dec(dec, &bad);
        ck_assert_int_eq(g1_from_dec(&b, s), ZKP_ERR_NOT_ON_CURVE);
        g1_affine_t inf = {.infinity = true};
        ck_assert_int_eq(g1_affine_validate(&bad), ZKP_ERR_NOT_ON_CURVE);
        ck_assert_int_eq(g1_affine_validate(&inf), ZKP_OK);
        bad.infinity = true;
        ck_assert_int_eq(g1_affine_validate(&bad), ZKP_ERR_FORMAT);

        /* non-canonical: x + p in every encoding */
        g1_to_bytes(u, &a);
        be_add_p(u);
        ck_assert_int_eq(g1_from_bytes(&b, u), ZKP_ERR_NOT_CANONICAL);
        ck_assert(strstr(zkp_last_error(), "x coordinate") != NULL);
        g1_to_bytes(u, &a);
        be_add_p(u + 32);
        ck_assert_int_eq(g1_from_bytes(&b, u), ZKP_ERR_NOT_CANONICAL);
        g1_to_zkey(zk, &a);
        le_add_p(zk);
        ck_assert_int_eq(g1_from_zkey(&b, zk), ZKP_ERR_NOT_CANONICAL);
        g1_to_zkey(zk, &a);
        le_add_p(zk + 32);
        ck_assert_int_eq(g1_from_zkey(&b, zk), ZKP_ERR_NOT_CANONICAL);
        g1_to_dec(dec, &a);
        mpz_set_str(z, dec[1], 10);
        mpz_add(z, z, p);
        char big[ZKP_DEC_MAX + 2];
        mpz_get_str(big, 10, z);
        const char *s2[3] = {dec[0], big, dec[2]};
        ck_assert_int_eq(g1_from_dec(&b, s2), ZKP_ERR_NOT_CANONICAL);
        g1_to_compressed(c, &a);
        uint8_t flag = c[0] & ZKP_POINT_FLAG_MASK;
        c[0] &= (uint8_t)~ZKP_POINT_FLAG_MASK;
        be_add_p(c);
        if ((c[0] & ZKP_POINT_FLAG_MASK) == 0) { /* x + p still fits under the flags */
            c[0] |= flag;
            ck_assert_int_eq(g1_from_compressed(&b, c), ZKP_ERR_NOT_CANONICAL);
        }
        /* compressed: flag 00 and junk after the infinity flag */
        g1_to_compressed(c, &a);
        c[0] &= (uint8_t)~ZKP_POINT_FLAG_MASK;
        ck_assert_int_eq(g1_from_compressed(&b, c), ZKP_ERR_FORMAT);
        c[0] |= ZKP_POINT_FLAG_INFINITY;
        ck_assert_int_eq(g1_from_compressed(&b, c), ZKP_ERR_FORMAT);
        /* compressed: the other flag gives -P */
        g1_to_compressed(c, &a);
        c[0] ^= 0x40;
        ck_assert_int_eq(g1_from_compressed(&b, c), ZKP_OK);
        fq_neg(&b.y, &b.y);
        ck_assert(g1_affine_eq_t(&a, &b));
    }
    /* compressed x with no point: find x with x^3 + 3 a non-square */
    for (uint64_t xv = 1;; xv++) {
        fq_t x, rhs, three;
        fq_set_u64(&x, xv);
        fq_set_u64(&three, 3);
        fq_sqr(&rhs, &x);
        fq_mul(&rhs, &rhs, &x);
        fq_add(&rhs, &rhs, &three);
        if (fq_legendre(&rhs) != -1) continue;
        uint8_t c[G1_COMPRESSED_BYTES];
        fq_to_bytes_be(c, &x);
        c[0] |= ZKP_POINT_FLAG_SMALLEST;
        g1_affine_t b;
        ck_assert_int_eq(g1_from_compressed(&b, c), ZKP_ERR_NOT_ON_CURVE);
        break;
    }
    /* decimal: malformed forms */
    g1_affine_t b;
    const char *bad1[3] = {"0", "0", "0"}, *bad2[3] = {"1", "2", "2"}, *bad3[3] = {"1", "2x", "1"},
               *bad4[3] = {"1", NULL, "1"}, *ok[3] = {"1", "2", "1"}, *inf[3] = {"0", "1", "0"};
    ck_assert_int_eq(g1_from_dec(&b, bad1), ZKP_ERR_FORMAT);
    ck_assert_int_eq(g1_from_dec(&b, bad2), ZKP_ERR_FORMAT);
    ck_assert_int_eq(g1_from_dec(&b, bad3), ZKP_ERR_FORMAT);
    ck_assert_msg(strstr(zkp_last_error(), "G1 point (decimal): y coordinate: ") ==
                          zkp_last_error() &&
                      strstr(zkp_last_error(), "\"2x\"") != NULL,
                  "message: %s", zkp_last_error());
    ck_assert_int_eq(g1_from_dec(&b, bad4), ZKP_ERR_FORMAT);
    ck_assert_int_eq(g1_from_dec(&b, ok), ZKP_OK);
    ck_assert(!b.infinity);
    ck_assert_int_eq(g1_from_dec(&b, inf), ZKP_OK);
    ck_assert(b.infinity);
    mpz_clears(z, p, NULL);
}
END_TEST

/* ---- G2 encodings ---- */

static void g2_dec_ptrs(const char *s[3][2], char d[3][2][ZKP_DEC_MAX]) {
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 2; j++)
            s[i][j] = d[i][j];
}

START_TEST(g2_encodings) {
    uint64_t st = 0xe2c0de + (uint64_t)_i;
    for (int it = 0; it < test_cases(6); it++) {
        g2_affine_t a, b;
        g2_t P;
        g2_rand(&P, &st);
        if (it == 0) g2_set_infinity(&P);
        g2_to_affine(&a, &P);
        uint8_t u[G2_BYTES], c[G2_COMPRESSED_BYTES], zk[G2_BYTES];
        char dec[3][2][ZKP_DEC_MAX];
        const char *s[3][2];
        g2_dec_ptrs(s, dec);
        g2_to_bytes(u, &a);
        ck_assert_int_eq(g2_from_bytes(&b, u), ZKP_OK);
        ck_assert(g2_affine_eq_t(&a, &b));
        g2_to_compressed(c, &a);
        ck_assert_int_eq(g2_from_compressed(&b, c), ZKP_OK);
        ck_assert(g2_affine_eq_t(&a, &b));
        g2_to_zkey(zk, &a);
        ck_assert_int_eq(g2_from_zkey(&b, zk), ZKP_OK);
        ck_assert(g2_affine_eq_t(&a, &b));
        ck_assert_int_eq(g2_from_zkey_nosub(&b, zk), ZKP_OK);
        ck_assert(g2_affine_eq_t(&a, &b));
        g2_to_dec(dec, &a);
        ck_assert_int_eq(g2_from_dec(&b, s), ZKP_OK);
        ck_assert(g2_affine_eq_t(&a, &b));
        if (a.infinity) {
            for (int i = 0; i < G2_BYTES; i++)
                ck_assert(u[i] == 0 && zk[i] == 0);
            ck_assert(c[0] == ZKP_POINT_FLAG_INFINITY);
            ck_assert_str_eq(dec[1][0], "1");
            ck_assert_str_eq(dec[2][0], "0");
            continue;
        }
        /* EIP-197 order: x.c1, x.c0, y.c1, y.c0 */
        mpz_t z;
        mpz_init(z);
        int order[4][2] = {{0, 1}, {0, 0}, {1, 1}, {1, 0}};
        for (int i = 0; i < 4; i++) {
            mpz_import(z, 32, 1, 1, 0, 0, u + 32 * i);
            ck_assert(mpz_cmp_str_dec(z, dec[order[i][0]][order[i][1]]));
        }
        mpz_clear(z);
        /* the other compression flag gives -P */
        g2_to_compressed(c, &a);
        c[0] ^= 0x40;
        ck_assert_int_eq(g2_from_compressed(&b, c), ZKP_OK);
        fq2_neg(&b.y, &b.y);
        ck_assert(g2_affine_eq_t(&a, &b));
        c[0] &= (uint8_t)~ZKP_POINT_FLAG_MASK;
        ck_assert_int_eq(g2_from_compressed(&b, c), ZKP_ERR_FORMAT);
        c[0] |= ZKP_POINT_FLAG_INFINITY;
        ck_assert_int_eq(g2_from_compressed(&b, c), ZKP_ERR_FORMAT);

        /* off the curve: y.c0 + 1 */
        g2_affine_t bad = a;
        fq_add(&bad.y.c0, &bad.y.c0, &fq_one_c);
        g2_to_bytes(u, &bad);
        ck_assert_int_eq(g2_from_bytes(&b, u), ZKP_ERR_NOT_ON_CURVE);
        g2_to_zkey(zk, &bad);
        ck_assert_int_eq(g2_from_zkey(&b, zk), ZKP_ERR_NOT_ON_CURVE);
        ck_assert_int_eq(g2_from_zkey_nosub(&b, zk), ZKP_ERR_NOT_ON_CURVE);
        g2_to_dec(dec, &bad);
        ck_assert_int_eq(g2_from_dec(&b, s), ZKP_ERR_NOT_ON_CURVE);

        /* on the twist but outside G2: every decoder says NOT_IN_SUBGROUP */
        twist_rand(&bad, &st);
        g2_to_bytes(u, &bad);
        ck_assert_int_eq(g2_from_bytes(&b, u), ZKP_ERR_NOT_IN_SUBGROUP);
        ck_assert(strstr(zkp_last_error(), "G2 uncompressed") != NULL);
        g2_to_compressed(c, &bad);
        ck_assert_int_eq(g2_from_compressed(&b, c), ZKP_ERR_NOT_IN_SUBGROUP);
        g2_to_zkey(zk, &bad);
        ck_assert_int_eq(g2_from_zkey(&b, zk), ZKP_ERR_NOT_IN_SUBGROUP);
        ck_assert_int_eq(g2_from_zkey_nosub(&b, zk), ZKP_OK); /* its caller checks otherwise */
        ck_assert(g2_affine_eq_t(&bad, &b));
        g2_to_dec(dec, &bad);
        ck_assert_int_eq(g2_from_dec(&b, s), ZKP_ERR_NOT_IN_SUBGROUP);

        /* non-canonical coordinates, each of the four */
        for (int i = 0; i < 4; i++) {
            g2_to_bytes(u, &a);
            be_add_p(u + 32 * i);
            ck_assert_int_eq(g2_from_bytes(&b, u), ZKP_ERR_NOT_CANONICAL);
            g2_to_zkey(zk, &a);
            le_add_p(zk + 32 * i);
            ck_assert_int_eq(g2_from_zkey(&b, zk), ZKP_ERR_NOT_CANONICAL);
            ck_assert_int_eq(g2_from_zkey_nosub(&b, zk), ZKP_ERR_NOT_CANONICAL);
        }
        g2_to_compressed(c, &a);
        be_add_p(c + 32); /* x.c0 + p */
        ck_assert_int_eq(g2_from_compressed(&b, c), ZKP_ERR_NOT_CANONICAL);
        g2_to_dec(dec, &a);
        ck_assert_int_eq(g2_from_dec(&b, s), ZKP_OK);
        char big[ZKP_DEC_MAX + 2];
        mpz_t zz, pz;
        mpz_inits(zz, pz, NULL);
        mpz_set_str(pz, P_DEC, 10);
        mpz_set_str(zz, dec[0][1], 10);
        mpz_add(zz, zz, pz);
        mpz_get_str(big, 10, zz);
        s[0][1] = big;
        ck_assert_int_eq(g2_from_dec(&b, s), ZKP_ERR_NOT_CANONICAL);
        mpz_clears(zz, pz, NULL);
    }
    g2_affine_t b;
    const char *inf[3][2] = {{"0", "0"}, {"1", "0"}, {"0", "0"}};
    const char *bad1[3][2] = {{"0", "0"}, {"0", "0"}, {"0", "0"}};
    const char *bad2[3][2] = {{"0", "0"}, {"1", "0"}, {"1", "1"}};
    const char *bad3[3][2] = {{"0", "0"}, {"1", "0"}, {"1", NULL}};
    ck_assert_int_eq(g2_from_dec(&b, inf), ZKP_OK);
    ck_assert(b.infinity);
    ck_assert_int_eq(g2_from_dec(&b, bad1), ZKP_ERR_FORMAT);
    ck_assert_int_eq(g2_from_dec(&b, bad2), ZKP_ERR_FORMAT);
    ck_assert_int_eq(g2_from_dec(&b, bad3), ZKP_ERR_FORMAT);
}
END_TEST

/* ---- decoders on mutated and random bytes: never crash; accept only canonical
 * encodings of valid points (so accepted input re-encodes to the same bytes) ---- */

#define FUZZ_ONE(G, N, to, from, buf)                                                              \
    do {                                                                                           \
        G##_affine_t d;                                                                            \
        uint8_t again[N];                                                                          \
        if (from(&d, buf) == ZKP_OK) {                                                             \
            ck_assert_int_eq(G##_affine_validate(&d), ZKP_OK);                                     \
            to(again, &d);                                                                         \
            ck_assert(memcmp(again, buf, N) == 0);                                                 \
            accepted++;                                                                            \
        } else {                                                                                   \
            ck_assert(zkp_last_error()[0] != 0);                                                   \
        }                                                                                          \
    } while (0)

static void mutate(uint8_t *b, size_t n, uint64_t *st) {
    uint64_t r = test_rand64(st);
    switch (r % 4) {
    case 0:
        b[(r >> 8) % n] ^= (uint8_t)(1u << ((r >> 32) % 8));
        break; /* one bit */
    case 1:
        b[(r >> 8) % n] = (uint8_t)(r >> 40);
        break; /* one byte */
    case 2:
        memset(b, 0, n), b[(r >> 8) % n] = (uint8_t)(r >> 40);
        break;
    default:
        for (size_t i = 0; i < n; i++)
            b[i] = (uint8_t)test_rand64(st);
    }
}

START_TEST(decoders_fuzz) {
    uint64_t st = 0xf022 + (uint64_t)_i;
    int accepted = 0;
    for (int it = 0; it < test_cases(60); it++) {
        g1_t P;
        g2_t Q;
        g1_affine_t a;
        g2_affine_t b;
        g1_rand(&P, &st);
        g2_rand(&Q, &st);
        g1_to_affine(&a, &P);
        g2_to_affine(&b, &Q);
        uint8_t u1[G1_BYTES], c1[G1_COMPRESSED_BYTES], z1[G1_BYTES];
        uint8_t u2[G2_BYTES], c2[G2_COMPRESSED_BYTES], z2[G2_BYTES];
        g1_to_bytes(u1, &a), g1_to_compressed(c1, &a), g1_to_zkey(z1, &a);
        g2_to_bytes(u2, &b), g2_to_compressed(c2, &b), g2_to_zkey(z2, &b);
        FUZZ_ONE(g1, G1_BYTES, g1_to_bytes, g1_from_bytes, u1);
        FUZZ_ONE(g2, G2_COMPRESSED_BYTES, g2_to_compressed, g2_from_compressed, c2);
        mutate(u1, sizeof u1, &st), mutate(c1, sizeof c1, &st), mutate(z1, sizeof z1, &st);
        mutate(u2, sizeof u2, &st), mutate(c2, sizeof c2, &st), mutate(z2, sizeof z2, &st);
        FUZZ_ONE(g1, G1_BYTES, g1_to_bytes, g1_from_bytes, u1);
        FUZZ_ONE(g1, G1_COMPRESSED_BYTES, g1_to_compressed, g1_from_compressed, c1);
        FUZZ_ONE(g1, G1_BYTES, g1_to_zkey, g1_from_zkey, z1);
        FUZZ_ONE(g2, G2_BYTES, g2_to_bytes, g2_from_bytes, u2);
        FUZZ_ONE(g2, G2_COMPRESSED_BYTES, g2_to_compressed, g2_from_compressed, c2);
        FUZZ_ONE(g2, G2_BYTES, g2_to_zkey, g2_from_zkey, z2);
    }
    ck_assert(accepted >= test_cases(60) * 2); /* at least the unmutated ones */
}
END_TEST

/* ---- agreement with ffjavascript ---- */

/* Runs tests/oracle/curve_mul.js on the lines in `in`; returns its stdout lines. */
static int run_oracle(char out[][700], int n, const char *in) {
    char path[] = "/tmp/zkpot_curve_XXXXXX";
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(in, f);
    fclose(f);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "node %s/tests/oracle/curve_mul.js %s", test_root(), path);
    FILE *p = popen(cmd, "r");
    ck_assert(p != NULL);
    int k = 0;
    while (k < n && fgets(out[k], 700, p)) {
        out[k][strcspn(out[k], "\n")] = 0;
        k++;
    }
    ck_assert_int_eq(pclose(p), 0);
    unlink(path);
    return k;
}

START_TEST(g1_vs_ffjavascript) {
    enum { N = 12 };
    uint64_t st = 0x0ac1e;
    uint64_t seed[2];
    ck_assert_int_eq(zkp_random_bytes(seed, sizeof seed), ZKP_OK); /* fresh inputs each run */
    st ^= seed[0];
    static char in[N * 300], out[N][700];
    fr_t k[N];
    g1_affine_t base[N];
    size_t len = 0;
    for (int i = 0; i < N; i++) {
        g1_t P;
        g1_rand(&P, &st);
        if (i < 2) g1_generator(&P);
        g1_to_affine(&base[i], &P);
        rand_fr(&k[i], &st);
        if (i == 1) fr_set_zero(&k[i]);
        char d[3][ZKP_DEC_MAX], kd[ZKP_DEC_MAX];
        g1_to_dec(d, &base[i]);
        len += (size_t)snprintf(in + len, sizeof in - len, "g1 %s %s %s\n", fr_to_dec(kd, &k[i]),
                                d[0], d[1]);
    }
    ck_assert_int_eq(run_oracle(out, N, in), N);
    for (int i = 0; i < N; i++) {
        g1_t P, Q, Q2;
        g1_affine_t a;
        g1_from_affine(&P, &base[i]);
        g1_mul_var(&Q, &P, &k[i]);
        g1_mul(&Q2, &P, &k[i]);
        ck_assert(g1_eq(&Q, &Q2));
        g1_to_affine(&a, &Q);
        char d[3][ZKP_DEC_MAX], exp[700];
        uint8_t zk[G1_BYTES];
        g1_to_dec(d, &a);
        g1_to_zkey(zk, &a);
        char hex[2 * G1_BYTES + 1];
        for (int j = 0; j < G1_BYTES; j++)
            sprintf(hex + 2 * j, "%02x", zk[j]);
        if (a.infinity)
            snprintf(exp, sizeof exp, "inf %s", hex);
        else
            snprintf(exp, sizeof exp, "%s %s %s", d[0], d[1], hex);
        ck_assert_msg(strcmp(out[i], exp) == 0, "seed %llx line %d: ffjavascript %s, zkpot %s",
                      (unsigned long long)seed[0], i, out[i], exp);
    }
}
END_TEST

START_TEST(g2_vs_ffjavascript) {
    enum { N = 6 };
    uint64_t st = 0x0ac2e;
    uint64_t seed[2];
    ck_assert_int_eq(zkp_random_bytes(seed, sizeof seed), ZKP_OK); /* fresh inputs each run */
    st ^= seed[0];
    static char in[N * 500], out[N][700];
    fr_t k[N];
    g2_affine_t base[N];
    size_t len = 0;
    for (int i = 0; i < N; i++) {
        g2_t P;
        g2_rand(&P, &st);
        if (i < 2) g2_generator(&P);
        g2_to_affine(&base[i], &P);
        rand_fr(&k[i], &st);
        if (i == 1) fr_set_zero(&k[i]);
        char d[3][2][ZKP_DEC_MAX], kd[ZKP_DEC_MAX];
        g2_to_dec(d, &base[i]);
        len += (size_t)snprintf(in + len, sizeof in - len, "g2 %s %s %s %s %s\n",
                                fr_to_dec(kd, &k[i]), d[0][0], d[0][1], d[1][0], d[1][1]);
    }
    ck_assert_int_eq(run_oracle(out, N, in), N);
    for (int i = 0; i < N; i++) {
        g2_t P, Q, Q2;
        g2_affine_t a;
        g2_from_affine(&P, &base[i]);
        g2_mul_var(&Q, &P, &k[i]);
        g2_mul(&Q2, &P, &k[i]);
        ck_assert(g2_eq(&Q, &Q2));
        g2_to_affine(&a, &Q);
        char d[3][2][ZKP_DEC_MAX], exp[700];
        uint8_t zk[G2_BYTES];
        g2_to_dec(d, &a);
        g2_to_zkey(zk, &a);
        char hex[2 * G2_BYTES + 1];
        for (int j = 0; j < G2_BYTES; j++)
            sprintf(hex + 2 * j, "%02x", zk[j]);
        if (a.infinity)
            snprintf(exp, sizeof exp, "inf %s", hex);
        else
            snprintf(exp, sizeof exp, "%s %s %s %s %s", d[0][0], d[0][1], d[1][0], d[1][1], hex);
        ck_assert_msg(strcmp(out[i], exp) == 0, "seed %llx line %d: ffjavascript %s, zkpot %s",
                      (unsigned long long)seed[0], i, out[i], exp);
    }
}
END_TEST

Suite *curve_suite(void) {
    Suite *s = suite_create("curve");
    TCase *tc = tcase_create("g1");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, g1_t_generator);
    tcase_add_loop_test(tc, g1_t_laws, 0, 4);
    tcase_add_loop_test(tc, g1_t_affine, 0, 2);
    tcase_add_loop_test(tc, g1_t_mul, 0, 4);
    tcase_add_loop_test(tc, g1_t_glv, 0, 2);
    tcase_add_loop_test(tc, g1_encodings, 0, 2);
    tcase_add_test(tc, g1_vs_ffjavascript);
    suite_add_tcase(s, tc);
    tc = tcase_create("g2");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, g2_t_generator);
    tcase_add_loop_test(tc, g2_t_laws, 0, 2);
    tcase_add_loop_test(tc, g2_t_affine, 0, 2);
    tcase_add_loop_test(tc, g2_t_mul, 0, 2);
    tcase_add_loop_test(tc, g2_t_glv, 0, 2);
    tcase_add_loop_test(tc, g2_t_subgroup, 0, 2);
    tcase_add_loop_test(tc, g2_encodings, 0, 2);
    tcase_add_test(tc, g2_vs_ffjavascript);
    tcase_add_loop_test(tc, decoders_fuzz, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

#else /* ---- the group-generic tests, instantiated with CT_* ---- */

/* A random point k G with a random Jacobian scaling (l^2 X, l^3 Y, l Z). */
static void CT_G(rand)(CT_T *P, uint64_t *st) {
    CT_T g;
    fr_t k;
    CT_FT l, l2, l3;
    CT_G(generator)(&g);
    rand_fr(&k, st);
    CT_G(mul_var)(P, &g, &k);
    do
        CT_RANDF(&l, st);
    while (CT_F(is_zero)(&l));
    CT_F(sqr)(&l2, &l);
    CT_F(mul)(&l3, &l2, &l);
    CT_F(mul)(&P->x, &P->x, &l2);
    CT_F(mul)(&P->y, &P->y, &l3);
    CT_F(mul)(&P->z, &P->z, &l);
}

/* The trusted reference: left-to-right double-and-add with add/dbl. */
static void CT_G(ref_mul)(CT_T *r, const CT_T *a, const uint64_t *k, size_t n) {
    CT_T acc;
    CT_G(set_infinity)(&acc);
    for (size_t i = n; i-- > 0;)
        for (int b = 63; b >= 0; b--) {
            CT_G(dbl)(&acc, &acc);
            if ((k[i] >> b) & 1) CT_G(add)(&acc, &acc, a);
        }
    *r = acc;
}

static bool CT_G(affine_eq_t)(const CT_A *a, const CT_A *b) {
    bool e = (a->infinity || b->infinity) ? a->infinity && b->infinity
                                          : CT_F(eq)(&a->x, &b->x) && CT_F(eq)(&a->y, &b->y);
    ck_assert(CT_G(affine_eq)(a, b) == e);
    return e;
}

#define ON(P) ck_assert(CT_G(is_on_curve)(P))

CT_START(CT_G(t_generator)) {
    CT_T g, t, u;
    CT_A a;
    CT_G(generator)(&g);
    ON(&g);
    ck_assert(!CT_G(is_infinity)(&g));
    CT_G(to_affine)(&a, &g);
    ck_assert(CT_G(affine_is_on_curve)(&a));
    ck_assert(CT_G(affine_in_subgroup)(&a));
    ck_assert_int_eq(CT_G(affine_validate)(&a), ZKP_OK);
    CT_G(ref_mul)(&t, &g, R_LIMBS, 4);
    ck_assert(CT_G(is_infinity)(&t));
    CT_G(mul_limbs_var)(&t, &g, R_LIMBS, 4);
    ck_assert(CT_G(is_infinity)(&t));
    /* [r-1]G = -G */
    uint64_t rm1[4] = {R_LIMBS[0] - 1, R_LIMBS[1], R_LIMBS[2], R_LIMBS[3]};
    CT_G(ref_mul)(&t, &g, rm1, 4);
    CT_G(neg)(&u, &g);
    ck_assert(CT_G(eq)(&t, &u));
    ck_assert(!CT_G(eq)(&t, &g));
}
END_TEST

CT_START(CT_G(t_laws)) {
    uint64_t st = 0x1a35 + (uint64_t)_i;
    for (int it = 0; it < test_cases(25); it++) {
        CT_T P, Q, R, O, s1, s2, t1, t2, negP;
        CT_A qa;
        CT_G(rand)(&P, &st);
        CT_G(rand)(&Q, &st);
        CT_G(rand)(&R, &st);
        ON(&P), ON(&Q), ON(&R);
        CT_G(set_infinity)(&O);
        ON(&O);
        /* commutativity, associativity */
        CT_G(add)(&s1, &P, &Q);
        CT_G(add)(&s2, &Q, &P);
        ON(&s1);
        ck_assert(CT_G(eq)(&s1, &s2));
        CT_G(add)(&t1, &s1, &R);
        CT_G(add)(&t2, &Q, &R);
        CT_G(add)(&t2, &P, &t2);
        ON(&t1), ON(&t2);
        ck_assert(CT_G(eq)(&t1, &t2));
        ck_assert(!CT_G(eq)(&s1, &P));
        /* identity and inverse */
        CT_G(add)(&t1, &P, &O);
        ck_assert(CT_G(eq)(&t1, &P));
        CT_G(add)(&t1, &O, &P);
        ck_assert(CT_G(eq)(&t1, &P));
        CT_G(neg)(&negP, &P);
        ON(&negP);
        CT_G(add)(&t1, &P, &negP);
        ck_assert(CT_G(is_infinity)(&t1));
        ck_assert(!CT_G(eq)(&P, &negP));
        /* dbl == add(P, P) (the add's doubling branch, with a different Z) */
        CT_G(dbl)(&t1, &P);
        ON(&t1);
        CT_T P2 = P;
        CT_FT l, l2, l3;
        do
            CT_RANDF(&l, &st);
        while (CT_F(is_zero)(&l));
        CT_F(sqr)(&l2, &l);
        CT_F(mul)(&l3, &l2, &l);
        CT_F(mul)(&P2.x, &P2.x, &l2);
        CT_F(mul)(&P2.y, &P2.y, &l3);
        CT_F(mul)(&P2.z, &P2.z, &l);
        ck_assert(CT_G(eq)(&P, &P2));
        CT_G(add)(&t2, &P, &P2);
        ck_assert(CT_G(eq)(&t1, &t2));
        CT_G(dbl)(&t2, &O);
        ck_assert(CT_G(is_infinity)(&t2));
        /* mixed add == add, including its special cases */
        CT_G(to_affine)(&qa, &Q);
        CT_G(add_mixed)(&t1, &P, &qa);
        ON(&t1);
        ck_assert(CT_G(eq)(&t1, &s1));
        CT_G(to_affine)(&qa, &P);
        CT_G(add_mixed)(&t1, &P2, &qa);
        CT_G(dbl)(&t2, &P);
        ck_assert(CT_G(eq)(&t1, &t2));
        CT_G(to_affine)(&qa, &negP);
        CT_G(add_mixed)(&t1, &P, &qa);
        ck_assert(CT_G(is_infinity)(&t1));
        CT_G(add_mixed)(&t1, &O, &qa);
        ck_assert(CT_G(eq)(&t1, &negP));
        CT_A inf = {.infinity = true};
        CT_G(add_mixed)(&t1, &P, &inf);
        ck_assert(CT_G(eq)(&t1, &P));
        /* aliasing: r = a, r = b */
        t1 = P;
        CT_G(add)(&t1, &t1, &Q);
        ck_assert(CT_G(eq)(&t1, &s1));
        t1 = Q;
        CT_G(add)(&t1, &P, &t1);
        ck_assert(CT_G(eq)(&t1, &s1));
        t1 = P;
        CT_G(dbl)(&t1, &t1);
        CT_G(dbl)(&t2, &P);
        ck_assert(CT_G(eq)(&t1, &t2));
        t1 = P;
        CT_G(to_affine)(&qa, &Q);
        CT_G(add_mixed)(&t1, &t1, &qa);
        ck_assert(CT_G(eq)(&t1, &s1));
        /* off-curve point detected */
        t1 = P;
        CT_F(add)(&t1.y, &t1.y, &CT_F(one_c));
        ck_assert(!CT_G(is_on_curve)(&t1));
    }
}
END_TEST

CT_START(CT_G(t_affine)) {
    uint64_t st = 0xaff1 + (uint64_t)_i;
    enum { N = 17 };
    CT_T P[N], Q;
    CT_A a[N], b;
    for (int i = 0; i < N; i++) {
        CT_G(rand)(&P[i], &st);
        if (i % 5 == 2) CT_G(set_infinity)(&P[i]);
    }
    CT_G(batch_to_affine)(a, P, N);
    for (int i = 0; i < N; i++) {
        CT_G(to_affine)(&b, &P[i]);
        ck_assert(CT_G(affine_eq_t)(&a[i], &b));
        ck_assert(CT_G(affine_is_on_curve)(&a[i]));
        ck_assert_int_eq(CT_G(affine_validate)(&a[i]), ZKP_OK);
        ck_assert(a[i].infinity == CT_G(is_infinity)(&P[i]));
        if (a[i].infinity) ck_assert(CT_F(is_zero)(&a[i].x) && CT_F(is_zero)(&a[i].y));
        CT_G(from_affine)(&Q, &a[i]);
        ck_assert(CT_G(eq)(&Q, &P[i]));
        ON(&Q);
        /* affine negation and the affine endomorphism agree with the Jacobian ones */
        CT_A n, e;
        CT_T nj, ej;
        CT_G(affine_neg)(&n, &a[i]);
        CT_G(neg)(&nj, &P[i]);
        CT_G(to_affine)(&b, &nj);
        ck_assert(CT_G(affine_eq_t)(&n, &b));
        ck_assert(CT_G(affine_eq_t)(&n, &a[i]) == a[i].infinity);
        CT_AENDO(&e, &a[i]);
        CT_ENDO(&ej, &P[i]);
        CT_G(to_affine)(&b, &ej);
        ck_assert(CT_G(affine_eq_t)(&e, &b));
    }
    CT_G(batch_to_affine)(a, P, 0);
}
END_TEST

CT_START(CT_G(t_mul)) {
    uint64_t st = 0x3a1 + 77 * (uint64_t)_i;
    mpz_t z;
    mpz_init(z);
    for (int it = 0; it < test_cases(12); it++) {
        CT_T P, ref, r1, r2, r3;
        fr_t k;
        uint64_t kl[4];
        CT_G(rand)(&P, &st);
        switch (it) {
        case 0:
            fr_set_zero(&k);
            break;
        case 1:
            fr_set_one(&k);
            break;
        case 2:
            fr_set_u64(&k, 2);
            break;
        case 3:
            fr_set_one(&k), fr_neg(&k, &k);
            break; /* r - 1 */
        case 4:
            fr_set_u64(&k, 15);
            break;
        case 5:
            fr_set_u64(&k, 16);
            break;
        case 6: /* lambda of the endomorphism, and 2^128 */
            ck_assert_int_eq(fr_from_limbs(&k, CT_LAMBDA), ZKP_OK);
            break;
        case 7: {
            uint64_t v[4] = {0, 0, 1, 0};
            ck_assert_int_eq(fr_from_limbs(&k, v), ZKP_OK);
            break;
        }
        case 8:
            CT_G(set_infinity)(&P); /* fall through */
        default:
            rand_fr(&k, &st);
        }
        if (it >= 9 && it < 12) fr_set_u64(&k, (uint64_t)test_rand64(&st) % 64);
        fr_to_limbs(kl, &k);
        CT_G(ref_mul)(&ref, &P, kl, 4);
        CT_G(mul)(&r1, &P, &k);
        CT_G(mul_var)(&r2, &P, &k);
        CT_G(mul_limbs_var)(&r3, &P, kl, 4);
        ON(&r1), ON(&r2), ON(&r3);
        ck_assert(CT_G(eq)(&r1, &ref));
        ck_assert(CT_G(eq)(&r2, &ref));
        ck_assert(CT_G(eq)(&r3, &ref));
        CT_G(fixed_t) * fx;
        ck_assert_int_eq(CT_G(fixed_new)(&fx, &P), ZKP_OK);
        CT_G(fixed_mul)(&r1, fx, &k);
        ON(&r1);
        ck_assert(CT_G(eq)(&r1, &ref));
        CT_G(fixed_free)(fx);
        /* aliasing */
        r1 = P;
        CT_G(mul)(&r1, &r1, &k);
        ck_assert(CT_G(eq)(&r1, &ref));
        r2 = P;
        CT_G(mul_var)(&r2, &r2, &k);
        ck_assert(CT_G(eq)(&r2, &ref));
    }
    mpz_clear(z);
}
END_TEST

CT_START(CT_G(t_glv)) {
    uint64_t st = 0x61f + (uint64_t)_i;
    mpz_t r, k, k1, k2, lam, t;
    mpz_inits(r, k, k1, k2, lam, t, NULL);
    mpz_set_str(r, R_DEC, 10);
    limbs_to_mpz(lam, CT_LAMBDA, 4);
    CT_T P, a, b;
    CT_G(rand)(&P, &st);
    CT_ENDO(&a, &P);
    ON(&a);
    CT_G(ref_mul)(&b, &P, CT_LAMBDA, 4);
    ck_assert(CT_G(eq)(&a, &b));
    for (int it = 0; it < test_cases(2000); it++) {
        fr_t kf;
        uint64_t v1[2], v2[2];
        bool n1, n2;
        rand_fr(&kf, &st);
        if (it == 0) fr_set_zero(&kf);
        if (it == 1) fr_set_one(&kf), fr_neg(&kf, &kf);
        if (it == 2) ck_assert_int_eq(fr_from_limbs(&kf, CT_LAMBDA), ZKP_OK);
        char buf[ZKP_DEC_MAX];
        mpz_set_str(k, fr_to_dec(buf, &kf), 10);
        CT_SPLIT(v1, &n1, v2, &n2, &kf);
        limbs_to_mpz(k1, v1, 2);
        limbs_to_mpz(k2, v2, 2);
        ck_assert(mpz_sizeinbase(k1, 2) <= 127 && mpz_sizeinbase(k2, 2) <= 127);
        if (n1) mpz_neg(k1, k1);
        if (n2) mpz_neg(k2, k2);
        mpz_mul(t, k2, lam);
        mpz_add(t, t, k1);
        mpz_sub(t, t, k);
        mpz_mod(t, t, r);
        ck_assert(mpz_sgn(t) == 0);
    }
    mpz_clears(r, k, k1, k2, lam, t, NULL);
}
END_TEST

#undef ON
#endif
