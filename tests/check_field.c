/* zkpot tests: L1 field (Fq, Fr) differential tests against GMP.
 * Every test case runs once per field (loop index 0 = Fq, 1 = Fr). Expected
 * values are computed with GMP from the canonical integers; inputs are placed
 * directly into the Montgomery limbs (x*2^256 mod m computed by GMP), so the
 * arithmetic tests do not depend on the conversion functions under test.
 * Random cases: 10,000 per operation by default, times ZKPOT_TEST_SCALE.
 * Roots of unity are checked against ffjavascript (tests/oracle/field_roots.js). */
#include <check.h>
#include <gmp.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "zkpot.h"

/* ---- one table of wrappers per field, so every test runs on both ---- */

typedef struct {
    uint64_t l[4];
} el_t;

typedef struct {
    const char *name;
    const char *mod_dec;
    const uint64_t *modulus;
    void (*add)(el_t *, const el_t *, const el_t *);
    void (*sub)(el_t *, const el_t *, const el_t *);
    void (*mul)(el_t *, const el_t *, const el_t *);
    void (*neg)(el_t *, const el_t *);
    void (*dbl)(el_t *, const el_t *);
    void (*sqr)(el_t *, const el_t *);
    void (*inv)(el_t *, const el_t *);
    void (*inv_var)(el_t *, const el_t *);
    bool (*is_zero)(const el_t *);
    bool (*is_one)(const el_t *);
    bool (*eq)(const el_t *, const el_t *);
    void (*set_zero)(el_t *);
    void (*set_one)(el_t *);
    void (*set_u64)(el_t *, uint64_t);
    void (*batch_inv)(el_t *, const el_t *, size_t);
    void (*pow)(el_t *, const el_t *, const uint64_t *, size_t);
    int (*legendre)(const el_t *);
    bool (*sqrt)(el_t *, const el_t *);
    zkp_err (*from_limbs)(el_t *, const uint64_t *);
    void (*to_limbs)(uint64_t *, const el_t *);
    zkp_err (*from_bytes_le)(el_t *, const uint8_t *);
    zkp_err (*from_bytes_be)(el_t *, const uint8_t *);
    void (*to_bytes_le)(uint8_t *, const el_t *);
    void (*to_bytes_be)(uint8_t *, const el_t *);
    zkp_err (*from_mont_bytes_le)(el_t *, const uint8_t *);
    void (*to_mont_bytes_le)(uint8_t *, const el_t *);
    void (*reduce_bytes_le)(el_t *, const uint8_t *);
    zkp_err (*from_dec)(el_t *, const char *);
    char *(*to_dec)(char *, const el_t *);
    zkp_err (*random)(el_t *);
    el_t zero_c, one_c;
} field_ops;

/* Wrappers copy in and out through the real type (no type punning through pointers). */
#define IN(T, x, p)                                                                                \
    T x;                                                                                           \
    memcpy(&x, p, sizeof x)
#define OUT(p, x) memcpy(p, &x, sizeof x)
#define WRAP(P, T)                                                                                 \
    static void P##_w_add(el_t *r, const el_t *a, const el_t *b) {                                 \
        IN(T, x, a);                                                                               \
        IN(T, y, b);                                                                               \
        T z;                                                                                       \
        P##_add(&z, &x, &y);                                                                       \
        OUT(r, z);                                                                                 \
    }                                                                                              \
    static void P##_w_sub(el_t *r, const el_t *a, const el_t *b) {                                 \
        IN(T, x, a);                                                                               \
        IN(T, y, b);                                                                               \
        T z;                                                                                       \
        P##_sub(&z, &x, &y);                                                                       \
        OUT(r, z);                                                                                 \
    }                                                                                              \
    static void P##_w_mul(el_t *r, const el_t *a, const el_t *b) {                                 \
        IN(T, x, a);                                                                               \
        IN(T, y, b);                                                                               \
        T z;                                                                                       \
        P##_mul(&z, &x, &y);                                                                       \
        OUT(r, z);                                                                                 \
    }                                                                                              \
    static void P##_w_neg(el_t *r, const el_t *a) {                                                \
        IN(T, x, a);                                                                               \
        T z;                                                                                       \
        P##_neg(&z, &x);                                                                           \
        OUT(r, z);                                                                                 \
    }                                                                                              \
    static void P##_w_dbl(el_t *r, const el_t *a) {                                                \
        IN(T, x, a);                                                                               \
        T z;                                                                                       \
        P##_dbl(&z, &x);                                                                           \
        OUT(r, z);                                                                                 \
    }                                                                                              \
    static void P##_w_sqr(el_t *r, const el_t *a) {                                                \
        IN(T, x, a);                                                                               \
        T z;                                                                                       \
        P##_sqr(&z, &x);                                                                           \
        OUT(r, z);                                                                                 \
    }                                                                                              \
    static void P##_w_inv(el_t *r, const el_t *a) {                                                \
        IN(T, x, a);                                                                               \
        T z;                                                                                       \
        P##_inv(&z, &x);                                                                           \
        OUT(r, z);                                                                                 \
    }                                                                                              \
    static void P##_w_inv_var(el_t *r, const el_t *a) {                                            \
        IN(T, x, a);                                                                               \
        T z;                                                                                       \
        P##_inv_var(&z, &x);                                                                       \
        OUT(r, z);                                                                                 \
    }                                                                                              \
    static bool P##_w_is_zero(const el_t *a) {                                                     \
        IN(T, x, a);                                                                               \
        return P##_is_zero(&x);                                                                    \
    }                                                                                              \
    static bool P##_w_is_one(const el_t *a) {                                                      \
        IN(T, x, a);                                                                               \
        return P##_is_one(&x);                                                                     \
    }                                                                                              \
    static bool P##_w_eq(const el_t *a, const el_t *b) {                                           \
        IN(T, x, a);                                                                               \
        IN(T, y, b);                                                                               \
        return P##_eq(&x, &y);                                                                     \
    }                                                                                              \
    static void P##_w_set_zero(el_t *r) {                                                          \
        T z;                                                                                       \
        P##_set_zero(&z);                                                                          \
        OUT(r, z);                                                                                 \
    }                                                                                              \
    static void P##_w_set_one(el_t *r) {                                                           \
        T z;                                                                                       \
        P##_set_one(&z);                                                                           \
        OUT(r, z);                                                                                 \
    }                                                                                              \
    static void P##_w_set_u64(el_t *r, uint64_t v) {                                               \
        T z;                                                                                       \
        P##_set_u64(&z, v);                                                                        \
        OUT(r, z);                                                                                 \
    }                                                                                              \
    static void P##_w_batch_inv(el_t *out, const el_t *in, size_t n) {                             \
        T *buf = n ? malloc(n * sizeof(T)) : NULL;                                                 \
        if (n) memcpy(buf, in, n * sizeof(T));                                                     \
        P##_batch_inv(buf, buf, n);                                                                \
        if (n) memcpy(out, buf, n * sizeof(T));                                                    \
        free(buf);                                                                                 \
    }                                                                                              \
    static void P##_w_pow(el_t *r, const el_t *a, const uint64_t *e, size_t n) {                   \
        IN(T, x, a);                                                                               \
        T z;                                                                                       \
        P##_pow(&z, &x, e, n);                                                                     \
        OUT(r, z);                                                                                 \
    }                                                                                              \
    static int P##_w_legendre(const el_t *a) {                                                     \
        IN(T, x, a);                                                                               \
        return P##_legendre(&x);                                                                   \
    }                                                                                              \
    static bool P##_w_sqrt(el_t *r, const el_t *a) {                                               \
        IN(T, x, a);                                                                               \
        IN(T, z, r);                                                                               \
        bool ok = P##_sqrt(&z, &x);                                                                \
        OUT(r, z);                                                                                 \
        return ok;                                                                                 \
    }                                                                                              \
    static zkp_err P##_w_from_limbs(el_t *r, const uint64_t *v) {                                  \
        IN(T, z, r);                                                                               \
        zkp_err e = P##_from_limbs(&z, v);                                                         \
        OUT(r, z);                                                                                 \
        return e;                                                                                  \
    }                                                                                              \
    static void P##_w_to_limbs(uint64_t *v, const el_t *a) {                                       \
        IN(T, x, a);                                                                               \
        P##_to_limbs(v, &x);                                                                       \
    }                                                                                              \
    static zkp_err P##_w_from_bytes_le(el_t *r, const uint8_t *b) {                                \
        IN(T, z, r);                                                                               \
        zkp_err e = P##_from_bytes_le(&z, b);                                                      \
        OUT(r, z);                                                                                 \
        return e;                                                                                  \
    }                                                                                              \
    static zkp_err P##_w_from_bytes_be(el_t *r, const uint8_t *b) {                                \
        IN(T, z, r);                                                                               \
        zkp_err e = P##_from_bytes_be(&z, b);                                                      \
        OUT(r, z);                                                                                 \
        return e;                                                                                  \
    }                                                                                              \
    static void P##_w_to_bytes_le(uint8_t *b, const el_t *a) {                                     \
        IN(T, x, a);                                                                               \
        P##_to_bytes_le(b, &x);                                                                    \
    }                                                                                              \
    static void P##_w_to_bytes_be(uint8_t *b, const el_t *a) {                                     \
        IN(T, x, a);                                                                               \
        P##_to_bytes_be(b, &x);                                                                    \
    }                                                                                              \
    static zkp_err P##_w_from_mont_bytes_le(el_t *r, const uint8_t *b) {                           \
        IN(T, z, r);                                                                               \
        zkp_err e = P##_from_mont_bytes_le(&z, b);                                                 \
        OUT(r, z);                                                                                 \
        return e;                                                                                  \
    }                                                                                              \
    static void P##_w_to_mont_bytes_le(uint8_t *b, const el_t *a) {                                \
        IN(T, x, a);                                                                               \
        P##_to_mont_bytes_le(b, &x);                                                               \
    }                                                                                              \
    static void P##_w_reduce_bytes_le(el_t *r, const uint8_t *b) {                                 \
        T z;                                                                                       \
        P##_reduce_bytes_le(&z, b);                                                                \
        OUT(r, z);                                                                                 \
    }                                                                                              \
    static zkp_err P##_w_from_dec(el_t *r, const char *s) {                                        \
        IN(T, z, r);                                                                               \
        zkp_err e = P##_from_dec(&z, s);                                                           \
        OUT(r, z);                                                                                 \
        return e;                                                                                  \
    }                                                                                              \
    static char *P##_w_to_dec(char *buf, const el_t *a) {                                          \
        IN(T, x, a);                                                                               \
        return P##_to_dec(buf, &x);                                                                \
    }                                                                                              \
    static zkp_err P##_w_random(el_t *r) {                                                         \
        T z;                                                                                       \
        zkp_err e = P##_random(&z);                                                                \
        OUT(r, z);                                                                                 \
        return e;                                                                                  \
    }                                                                                              \
    static field_ops P##_ops(void) {                                                               \
        field_ops o = {#P,                                                                         \
                       NULL,                                                                       \
                       P##_modulus,                                                                \
                       P##_w_add,                                                                  \
                       P##_w_sub,                                                                  \
                       P##_w_mul,                                                                  \
                       P##_w_neg,                                                                  \
                       P##_w_dbl,                                                                  \
                       P##_w_sqr,                                                                  \
                       P##_w_inv,                                                                  \
                       P##_w_inv_var,                                                              \
                       P##_w_is_zero,                                                              \
                       P##_w_is_one,                                                               \
                       P##_w_eq,                                                                   \
                       P##_w_set_zero,                                                             \
                       P##_w_set_one,                                                              \
                       P##_w_set_u64,                                                              \
                       P##_w_batch_inv,                                                            \
                       P##_w_pow,                                                                  \
                       P##_w_legendre,                                                             \
                       P##_w_sqrt,                                                                 \
                       P##_w_from_limbs,                                                           \
                       P##_w_to_limbs,                                                             \
                       P##_w_from_bytes_le,                                                        \
                       P##_w_from_bytes_be,                                                        \
                       P##_w_to_bytes_le,                                                          \
                       P##_w_to_bytes_be,                                                          \
                       P##_w_from_mont_bytes_le,                                                   \
                       P##_w_to_mont_bytes_le,                                                     \
                       P##_w_reduce_bytes_le,                                                      \
                       P##_w_from_dec,                                                             \
                       P##_w_to_dec,                                                               \
                       P##_w_random,                                                               \
                       {{0}},                                                                      \
                       {{0}}};                                                                     \
        memcpy(&o.zero_c, &P##_zero_c, sizeof o.zero_c);                                           \
        memcpy(&o.one_c, &P##_one_c, sizeof o.one_c);                                              \
        return o;                                                                                  \
    }

WRAP(fq, fq_t)
WRAP(fr, fr_t)

#define FQ_DEC "21888242871839275222246405745257275088696311157297823662689037894645226208583"
#define FR_DEC "21888242871839275222246405745257275088548364400416034343698204186575808495617"

/* ---- per-test context: the field's ops and GMP constants ---- */

static field_ops F;
static mpz_t M, R, Rinv, T1, T2, T3;

static void field_setup(int which) {
    F = which == 0 ? fq_ops() : fr_ops();
    F.mod_dec = which == 0 ? FQ_DEC : FR_DEC;
    mpz_inits(M, R, Rinv, T1, T2, T3, NULL);
    ck_assert_int_eq(mpz_set_str(M, F.mod_dec, 10), 0);
    mpz_import(T1, 4, -1, 8, 0, 0, F.modulus);
    ck_assert_msg(mpz_cmp(T1, M) == 0, "%s_modulus limbs disagree with the decimal modulus",
                  F.name);
    mpz_set_ui(R, 1);
    mpz_mul_2exp(R, R, 256);
    mpz_mod(R, R, M);
    ck_assert(mpz_invert(Rinv, R, M));
}

static void field_teardown(void) { mpz_clears(M, R, Rinv, T1, T2, T3, NULL); }

/* The Montgomery limbs of x (0 <= x < M): x*2^256 mod M. */
static void el_from_mpz(el_t *r, const mpz_t x) {
    mpz_mul(T1, x, R);
    mpz_mod(T1, T1, M);
    memset(r->l, 0, sizeof r->l);
    mpz_export(r->l, NULL, -1, 8, 0, 0, T1);
}

/* The integer an element represents; fails the test if the limbs are not < M
 * (every output must be fully reduced). */
static void el_to_mpz(mpz_t x, const el_t *a) {
    mpz_import(T1, 4, -1, 8, 0, 0, a->l);
    ck_assert_msg(mpz_cmp(T1, M) < 0, "%s: result limbs not fully reduced", F.name);
    mpz_mul(x, T1, Rinv);
    mpz_mod(x, x, M);
}

static void assert_el_eq_mpz(const el_t *a, const mpz_t want, const char *op, long k) {
    mpz_t got;
    mpz_init(got);
    el_to_mpz(got, a);
    if (mpz_cmp(got, want) != 0) {
        char *g = mpz_get_str(NULL, 10, got), *w = mpz_get_str(NULL, 10, want);
        ck_abort_msg("%s_%s case %ld: got %s want %s", F.name, op, k, g, w);
    }
    mpz_clear(got);
}

/* A random 64-bit word biased towards carry-prone values. */
static uint64_t rand_word(uint64_t *st) {
    uint64_t r = test_rand64(st);
    switch (r & 15) {
    case 0:
        return 0;
    case 1:
        return ~0ULL;
    case 2:
        return 1;
    case 3:
        return ~0ULL - 1;
    case 4:
        return 1ULL << 63;
    default:
        return test_rand64(st);
    }
}

/* A random element (as an integer in x and as limbs in a). Mostly uniform; one
 * in four has special Montgomery limbs (patterns near 0, M, 2^k), which stress
 * the carry chains of the implementation. */
static void rand_el(el_t *a, mpz_t x, uint64_t *st) {
    uint64_t kind = test_rand64(st) & 7, v[4];
    if (kind < 6) {
        for (int i = 0; i < 4; i++)
            v[i] = test_rand64(st);
        mpz_import(x, 4, -1, 8, 0, 0, v);
        mpz_mod(x, x, M);
        el_from_mpz(a, x);
        return;
    }
    for (int i = 0; i < 4; i++)
        v[i] = rand_word(st);
    if (kind == 6) { /* M - small or M with a limb disturbed */
        for (int i = 0; i < 4; i++)
            v[i] = F.modulus[i];
        v[test_rand64(st) & 3] ^= test_rand64(st) & 0xff;
    }
    mpz_import(T2, 4, -1, 8, 0, 0, v);
    mpz_mod(T2, T2, M);
    memset(a->l, 0, sizeof a->l);
    mpz_export(a->l, NULL, -1, 8, 0, 0, T2);
    el_to_mpz(x, a);
}

/* Edge values as integers: 0, 1, 2, M-1, M-2, (M-1)/2, (M+1)/2, 2^64, 2^128, 2^192, R mod M, R^-1.
 */
#define N_EDGE 12
static void edge_mpz(mpz_t x, int i) {
    switch (i) {
    case 0:
        mpz_set_ui(x, 0);
        break;
    case 1:
        mpz_set_ui(x, 1);
        break;
    case 2:
        mpz_set_ui(x, 2);
        break;
    case 3:
        mpz_sub_ui(x, M, 1);
        break;
    case 4:
        mpz_sub_ui(x, M, 2);
        break;
    case 5:
        mpz_sub_ui(x, M, 1), mpz_tdiv_q_2exp(x, x, 1);
        break;
    case 6:
        mpz_add_ui(x, M, 1), mpz_tdiv_q_2exp(x, x, 1);
        break;
    case 7:
        mpz_set_ui(x, 1), mpz_mul_2exp(x, x, 64);
        break;
    case 8:
        mpz_set_ui(x, 1), mpz_mul_2exp(x, x, 128);
        break;
    case 9:
        mpz_set_ui(x, 1), mpz_mul_2exp(x, x, 192);
        break;
    case 10:
        mpz_set(x, R);
        break;
    default:
        mpz_set(x, Rinv);
        break;
    }
}

/* ---- arithmetic ---- */

typedef enum { OP_ADD, OP_SUB, OP_MUL, OP_NEG, OP_DBL, OP_SQR } arith_op;
static const char *const op_names[] = {"add", "sub", "mul", "neg", "dbl", "sqr"};

/* Checks one operation on (a, b), including every aliasing form the header allows. */
static void check_op(arith_op op, const el_t *a, const mpz_t x, const el_t *b, const mpz_t y,
                     long k) {
    mpz_t want;
    mpz_init(want);
    el_t r, t;
    switch (op) {
    case OP_ADD:
        mpz_add(want, x, y), F.add(&r, a, b);
        break;
    case OP_SUB:
        mpz_sub(want, x, y), F.sub(&r, a, b);
        break;
    case OP_MUL:
        mpz_mul(want, x, y), F.mul(&r, a, b);
        break;
    case OP_NEG:
        mpz_neg(want, x), F.neg(&r, a);
        break;
    case OP_DBL:
        mpz_mul_2exp(want, x, 1), F.dbl(&r, a);
        break;
    case OP_SQR:
        mpz_mul(want, x, x), F.sqr(&r, a);
        break;
    }
    mpz_mod(want, want, M);
    assert_el_eq_mpz(&r, want, op_names[op], k);
    /* r aliases a (and b for the binary ops) */
    t = *a;
    switch (op) {
    case OP_ADD:
        F.add(&t, &t, b);
        break;
    case OP_SUB:
        F.sub(&t, &t, b);
        break;
    case OP_MUL:
        F.mul(&t, &t, b);
        break;
    case OP_NEG:
        F.neg(&t, &t);
        break;
    case OP_DBL:
        F.dbl(&t, &t);
        break;
    case OP_SQR:
        F.sqr(&t, &t);
        break;
    }
    ck_assert_msg(memcmp(&t, &r, sizeof t) == 0, "%s_%s: r aliasing a differs", F.name,
                  op_names[op]);
    if (op <= OP_MUL) {
        t = *b;
        if (op == OP_ADD) F.add(&t, a, &t);
        if (op == OP_SUB) F.sub(&t, a, &t);
        if (op == OP_MUL) F.mul(&t, a, &t);
        ck_assert_msg(memcmp(&t, &r, sizeof t) == 0, "%s_%s: r aliasing b differs", F.name,
                      op_names[op]);
    }
    mpz_clear(want);
}

START_TEST(arith_edges) {
    field_setup(_i);
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    for (int i = 0; i < N_EDGE; i++) {
        edge_mpz(x, i);
        el_t a;
        el_from_mpz(&a, x);
        for (int j = 0; j < N_EDGE; j++) {
            edge_mpz(y, j);
            el_t b;
            el_from_mpz(&b, y);
            for (int op = 0; op <= OP_SQR; op++)
                check_op((arith_op)op, &a, x, &b, y, i * 100 + j);
            ck_assert(F.eq(&a, &b) == (i == j || mpz_cmp(x, y) == 0));
        }
        ck_assert(F.is_zero(&a) == (mpz_sgn(x) == 0));
        ck_assert(F.is_one(&a) == (mpz_cmp_ui(x, 1) == 0));
    }
    /* Montgomery limbs at the extremes: 0, 1, M-1, M-2, 2^253 and the R pattern */
    el_t lim[5] = {{{0}}, {{1, 0, 0, 0}}, {{0}}, {{0}}, {{0, 0, 0, 1ULL << 61}}};
    memcpy(lim[2].l, F.modulus, 32), lim[2].l[0] -= 1;
    memcpy(lim[3].l, F.modulus, 32), lim[3].l[0] -= 2;
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            el_to_mpz(x, &lim[i]);
            el_to_mpz(y, &lim[j]);
            for (int op = 0; op <= OP_SQR; op++)
                check_op((arith_op)op, &lim[i], x, &lim[j], y, 1000 + i * 10 + j);
        }
    mpz_clears(x, y, NULL);
    field_teardown();
}
END_TEST

START_TEST(arith_random) {
    field_setup(_i);
    uint64_t st = 0xa11ce + (uint64_t)_i * 7919;
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    for (long k = 0; k < test_cases(10000); k++) {
        el_t a, b;
        rand_el(&a, x, &st);
        if ((k & 31) == 0) {
            b = a, mpz_set(y, x); /* a == b */
        } else {
            rand_el(&b, y, &st);
        }
        for (int op = 0; op <= OP_SQR; op++)
            check_op((arith_op)op, &a, x, &b, y, k);
        ck_assert(F.eq(&a, &b) == (mpz_cmp(x, y) == 0));
        ck_assert(F.is_zero(&a) == (mpz_sgn(x) == 0));
    }
    mpz_clears(x, y, NULL);
    field_teardown();
}
END_TEST

START_TEST(constants) {
    field_setup(_i);
    mpz_t x;
    mpz_init(x);
    el_t a;
    F.set_zero(&a);
    ck_assert(F.is_zero(&a) && !F.is_one(&a));
    ck_assert(memcmp(&a, &F.zero_c, sizeof a) == 0);
    F.set_one(&a);
    ck_assert(F.is_one(&a) && !F.is_zero(&a));
    ck_assert(memcmp(&a, &F.one_c, sizeof a) == 0);
    mpz_set_ui(x, 1);
    assert_el_eq_mpz(&a, x, "one", 0);
    uint64_t st = 0x5e7 + (uint64_t)_i;
    for (long k = 0; k < test_cases(10000); k++) {
        uint64_t v = k < 64 ? (k < 32 ? (uint64_t)k : ~0ULL - (uint64_t)(k - 32)) : rand_word(&st);
        F.set_u64(&a, v);
        mpz_import(x, 1, -1, 8, 0, 0, &v);
        mpz_mod(x, x, M);
        assert_el_eq_mpz(&a, x, "set_u64", k);
    }
    mpz_clear(x);
    field_teardown();
}
END_TEST

/* ---- inversion ---- */

START_TEST(inverse) {
    field_setup(_i);
    uint64_t st = 0x1a7 + (uint64_t)_i;
    mpz_t x, want;
    mpz_inits(x, want, NULL);
    for (long k = 0; k < test_cases(10000) + N_EDGE; k++) {
        el_t a, r1, r2;
        if (k < N_EDGE) {
            edge_mpz(x, (int)k);
            el_from_mpz(&a, x);
        } else {
            rand_el(&a, x, &st);
        }
        if (mpz_sgn(x) == 0) {
            mpz_set_ui(want, 0);
        } else {
            ck_assert(mpz_invert(want, x, M));
        }
        F.inv(&r1, &a);
        assert_el_eq_mpz(&r1, want, "inv", k);
        F.inv_var(&r2, &a);
        assert_el_eq_mpz(&r2, want, "inv_var", k);
        r1 = a, F.inv(&r1, &r1); /* in place */
        assert_el_eq_mpz(&r1, want, "inv(in place)", k);
        r2 = a, F.inv_var(&r2, &r2);
        assert_el_eq_mpz(&r2, want, "inv_var(in place)", k);
    }
    mpz_clears(x, want, NULL);
    field_teardown();
}
END_TEST

START_TEST(batch_inverse) {
    field_setup(_i);
    uint64_t st = 0xba7c + (uint64_t)_i;
    mpz_t want;
    mpz_init(want);
    F.batch_inv(NULL, NULL, 0); /* n = 0: no access */
    long total = 0;
    for (long round = 0; total < test_cases(10000); round++) {
        size_t n = round < 3 ? 1 : (size_t)(test_rand64(&st) % 200);
        el_t *in = malloc((n + 1) * sizeof *in), *out = malloc((n + 1) * sizeof *out);
        mpz_t *xs = malloc((n + 1) * sizeof *xs);
        int zero_rate = (int)(test_rand64(&st) % 4); /* 0: none, else 1 in 2^k */
        for (size_t i = 0; i < n; i++) {
            mpz_init(xs[i]);
            bool zero =
                round == 0 || (zero_rate && (test_rand64(&st) & ((1u << zero_rate) - 1)) == 0);
            if (zero) {
                mpz_set_ui(xs[i], 0);
                memset(&in[i], 0, sizeof in[i]);
            } else {
                rand_el(&in[i], xs[i], &st);
            }
        }
        bool inplace = round & 1;
        if (inplace) {
            memcpy(out, in, n * sizeof *in);
            F.batch_inv(out, out, n);
        } else {
            F.batch_inv(out, in, n);
        }
        for (size_t i = 0; i < n; i++) {
            if (mpz_sgn(xs[i]) == 0) {
                mpz_set_ui(want, 0);
            } else {
                ck_assert(mpz_invert(want, xs[i], M));
            }
            assert_el_eq_mpz(&out[i], want, inplace ? "batch_inv(in place)" : "batch_inv", round);
            mpz_clear(xs[i]);
        }
        total += (long)n;
        free(in), free(out), free(xs);
    }
    mpz_clear(want);
    field_teardown();
}
END_TEST

/* ---- pow, Legendre, sqrt ---- */

START_TEST(power) {
    field_setup(_i);
    uint64_t st = 0x90e + (uint64_t)_i;
    mpz_t x, e, want;
    mpz_inits(x, e, want, NULL);
    for (long k = 0; k < test_cases(10000); k++) {
        el_t a, r;
        uint64_t ev[5] = {0};
        size_t n = (size_t)(k % 6); /* 0..5 limbs, including an empty exponent */
        for (size_t i = 0; i < n; i++)
            ev[i] = rand_word(&st);
        if (k % 97 == 1) memcpy(ev, F.modulus, 32), n = 4; /* a^M = a */
        if (k < N_EDGE) {
            edge_mpz(x, (int)k);
            el_from_mpz(&a, x);
        } else {
            rand_el(&a, x, &st);
        }
        mpz_import(e, n, -1, 8, 0, 0, ev);
        mpz_powm(want, x, e, M);
        F.pow(&r, &a, ev, n);
        assert_el_eq_mpz(&r, want, "pow", k);
        r = a, F.pow(&r, &r, ev, n);
        assert_el_eq_mpz(&r, want, "pow(in place)", k);
    }
    mpz_clears(x, e, want, NULL);
    field_teardown();
}
END_TEST

START_TEST(legendre_sqrt) {
    field_setup(_i);
    uint64_t st = 0x5c4 + (uint64_t)_i;
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    int seen[3] = {0};
    for (long k = 0; k < test_cases(10000) + N_EDGE; k++) {
        el_t a, r, s;
        if (k < N_EDGE) {
            edge_mpz(x, (int)k);
            el_from_mpz(&a, x);
        } else {
            rand_el(&a, x, &st);
        }
        int want = mpz_legendre(x, M), got = F.legendre(&a);
        ck_assert_msg(got == want, "%s_legendre case %ld: got %d want %d", F.name, k, got, want);
        seen[want + 1]++;
        memset(&r, 0xa5, sizeof r);
        el_t before = r;
        bool ok = F.sqrt(&r, &a);
        ck_assert_msg(ok == (want >= 0), "%s_sqrt case %ld: returned %d for legendre %d", F.name, k,
                      ok, want);
        if (ok) {
            F.sqr(&s, &r);
            ck_assert_msg(F.eq(&s, &a), "%s_sqrt case %ld: root squared differs", F.name, k);
            el_to_mpz(y, &r); /* reduced */
        } else {
            ck_assert_msg(memcmp(&r, &before, sizeof r) == 0, "%s_sqrt touched r on a non-square",
                          F.name);
        }
        /* a square always has a root, and it is +-x */
        el_t sq;
        F.sqr(&sq, &a);
        ck_assert(F.sqrt(&r, &sq));
        el_t nr;
        F.neg(&nr, &r);
        ck_assert(F.eq(&r, &a) || F.eq(&nr, &a));
        r = sq, ck_assert(F.sqrt(&r, &r)); /* in place */
        F.sqr(&s, &r);
        ck_assert(F.eq(&s, &sq));
    }
    ck_assert(seen[0] > 100 && seen[2] > 100);
    mpz_clears(x, y, NULL);
    field_teardown();
}
END_TEST

/* ---- conversions ---- */

static void mpz_to_le(uint8_t b[32], const mpz_t x) {
    memset(b, 0, 32);
    mpz_export(b, NULL, -1, 1, 0, 0, x);
}

START_TEST(conversions) {
    field_setup(_i);
    uint64_t st = 0xc0 + (uint64_t)_i;
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    for (long k = 0; k < test_cases(10000) + N_EDGE; k++) {
        el_t a, b;
        if (k < N_EDGE) {
            edge_mpz(x, (int)k);
            el_from_mpz(&a, x);
        } else {
            rand_el(&a, x, &st);
        }
        uint64_t v[4] = {0}, w[4];
        uint8_t le[32], be[32], got[32];
        mpz_export(v, NULL, -1, 8, 0, 0, x);
        mpz_to_le(le, x);
        for (int i = 0; i < 32; i++)
            be[i] = le[31 - i];
        /* limbs */
        F.to_limbs(w, &a);
        ck_assert(memcmp(v, w, 32) == 0);
        ck_assert_int_eq(F.from_limbs(&b, v), ZKP_OK);
        ck_assert(F.eq(&a, &b));
        /* little- and big-endian bytes */
        F.to_bytes_le(got, &a);
        ck_assert(memcmp(got, le, 32) == 0);
        F.to_bytes_be(got, &a);
        ck_assert(memcmp(got, be, 32) == 0);
        memset(&b, 0, sizeof b);
        ck_assert_int_eq(F.from_bytes_le(&b, le), ZKP_OK);
        ck_assert(F.eq(&a, &b));
        memset(&b, 0, sizeof b);
        ck_assert_int_eq(F.from_bytes_be(&b, be), ZKP_OK);
        ck_assert(F.eq(&a, &b));
        /* snarkjs Montgomery layout: x*2^256 mod M, little-endian */
        mpz_mul(y, x, R), mpz_mod(y, y, M), mpz_to_le(le, y);
        F.to_mont_bytes_le(got, &a);
        ck_assert(memcmp(got, le, 32) == 0);
        memset(&b, 0, sizeof b);
        ck_assert_int_eq(F.from_mont_bytes_le(&b, le), ZKP_OK);
        ck_assert(F.eq(&a, &b));
        /* decimal */
        char buf[ZKP_DEC_MAX], *want = mpz_get_str(NULL, 10, x);
        ck_assert_ptr_eq(F.to_dec(buf, &a), buf);
        ck_assert_str_eq(buf, want);
        memset(&b, 0, sizeof b);
        ck_assert_int_eq(F.from_dec(&b, want), ZKP_OK);
        ck_assert(F.eq(&a, &b));
        free(want);
        /* reduce_bytes_le on any 256-bit value */
        uint64_t any[4];
        for (int i = 0; i < 4; i++)
            any[i] = rand_word(&st);
        if (k == 0) memset(any, 0xff, sizeof any);
        mpz_import(y, 4, -1, 8, 0, 0, any);
        mpz_to_le(le, y);
        mpz_mod(y, y, M);
        F.reduce_bytes_le(&b, le);
        assert_el_eq_mpz(&b, y, "reduce_bytes_le", k);
    }
    mpz_clears(x, y, NULL);
    field_teardown();
}
END_TEST

/* Every decoder rejects M, M+1, M+2^k, 2^256-1 and random values >= M with
 * ZKP_ERR_NOT_CANONICAL, leaves r unchanged, and explains why. */
START_TEST(reject_non_canonical) {
    field_setup(_i);
    uint64_t st = 0xbad + (uint64_t)_i;
    mpz_t x, top;
    mpz_inits(x, top, NULL);
    mpz_set_ui(top, 1), mpz_mul_2exp(top, top, 256);
    for (long k = 0; k < 2000; k++) {
        switch (k) {
        case 0:
            mpz_set(x, M);
            break;
        case 1:
            mpz_add_ui(x, M, 1);
            break;
        case 2:
            mpz_sub_ui(x, top, 1);
            break;
        case 3:
            mpz_mul_2exp(x, M, 1);
            break;
        case 4:
            mpz_set_ui(x, 1), mpz_mul_2exp(x, x, 255);
            break;
        case 5:
            mpz_set_ui(x, 1), mpz_mul_2exp(x, x, 254);
            break;
        default: { /* uniform in [M, 2^256) */
            uint64_t v[4];
            for (int i = 0; i < 4; i++)
                v[i] = test_rand64(&st);
            mpz_import(x, 4, -1, 8, 0, 0, v);
            mpz_sub(T3, top, M);
            mpz_mod(x, x, T3);
            mpz_add(x, x, M);
        }
        }
        uint64_t v[4] = {0};
        uint8_t le[32], be[32];
        mpz_export(v, NULL, -1, 8, 0, 0, x);
        mpz_to_le(le, x);
        for (int i = 0; i < 32; i++)
            be[i] = le[31 - i];
        el_t r = F.one_c;
        zkp_set_error("%s", "");
        ck_assert_int_eq(F.from_limbs(&r, v), ZKP_ERR_NOT_CANONICAL);
        ck_assert(strlen(zkp_last_error()) > 0);
        ck_assert_int_eq(F.from_bytes_le(&r, le), ZKP_ERR_NOT_CANONICAL);
        ck_assert_int_eq(F.from_bytes_be(&r, be), ZKP_ERR_NOT_CANONICAL);
        ck_assert_int_eq(F.from_mont_bytes_le(&r, le), ZKP_ERR_NOT_CANONICAL);
        char *dec = mpz_get_str(NULL, 10, x);
        zkp_set_error("%s", "");
        ck_assert_int_eq(F.from_dec(&r, dec), ZKP_ERR_NOT_CANONICAL);
        ck_assert_msg(strstr(zkp_last_error(), "modulus") != NULL, "message: %s", zkp_last_error());
        free(dec);
        ck_assert(F.is_one(&r)); /* untouched */
    }
    /* M - 1 is the largest accepted value */
    mpz_sub_ui(x, M, 1);
    uint64_t v[4] = {0};
    mpz_export(v, NULL, -1, 8, 0, 0, x);
    el_t r;
    ck_assert_int_eq(F.from_limbs(&r, v), ZKP_OK);
    mpz_clears(x, top, NULL);
    field_teardown();
}
END_TEST

START_TEST(decimal_rejects) {
    field_setup(_i);
    static const char *const bad_format[] = {"",    "-1",  "+1",  " 1",  "1 ",   "0x10", "12a",
                                             "1.5", "1e3", "\t7", "1\n", "--",   "٣",    "1,0",
                                             "0b1", "abc", "-0",  "ff",  "1_000"};
    el_t r = F.one_c;
    for (size_t i = 0; i < ZKP_ARRAY_LEN(bad_format); i++) {
        zkp_set_error("%s", "");
        zkp_err e = F.from_dec(&r, bad_format[i]);
        ck_assert_msg(e == ZKP_ERR_FORMAT, "%s_from_dec(\"%s\") = %d", F.name, bad_format[i], e);
        ck_assert_msg(strlen(zkp_last_error()) > 0, "no message for \"%s\"", bad_format[i]);
    }
    ck_assert_int_eq(F.from_dec(&r, NULL), ZKP_ERR_FORMAT);
    /* too long: more than 78 characters, even with leading zeros */
    char longs[200];
    memset(longs, '9', sizeof longs - 1), longs[sizeof longs - 1] = 0;
    ck_assert_int_ne(F.from_dec(&r, longs), ZKP_OK);
    memset(longs, '0', 78), strcpy(longs + 78, "1"); /* 79 characters */
    ck_assert_int_eq(F.from_dec(&r, longs), ZKP_ERR_FORMAT);
    ck_assert(F.is_one(&r));
    /* accepted: "0", leading zeros within 78 characters, the largest value */
    memset(longs, '0', 77), strcpy(longs + 77, "1");
    ck_assert_int_eq(F.from_dec(&r, longs), ZKP_OK);
    ck_assert(F.is_one(&r));
    ck_assert_int_eq(F.from_dec(&r, "0"), ZKP_OK);
    ck_assert(F.is_zero(&r));
    ck_assert_int_eq(F.from_dec(&r, "0001"), ZKP_OK);
    ck_assert(F.is_one(&r));
    mpz_sub_ui(T3, M, 1);
    char *s = mpz_get_str(NULL, 10, T3);
    ck_assert_int_eq(F.from_dec(&r, s), ZKP_OK);
    free(s);
    el_t m1;
    F.neg(&m1, &F.one_c);
    ck_assert(F.eq(&r, &m1));
    field_teardown();
}
END_TEST

START_TEST(random_elements) {
    field_setup(_i);
    el_t a, b;
    mpz_t x;
    mpz_init(x);
    ck_assert_int_eq(F.random(&a), ZKP_OK);
    for (int k = 0; k < 1000; k++) {
        ck_assert_int_eq(F.random(&b), ZKP_OK);
        el_to_mpz(x, &b); /* reduced */
        ck_assert(!F.eq(&a, &b));
        a = b;
    }
    mpz_clear(x);
    field_teardown();
}
END_TEST

/* ---- the two kernel implementations agree (portable C vs mulx/adx) ---- */

START_TEST(kernels_agree) {
    field_setup(_i);
    const uint64_t *mc = _i == 0 ? zkp_fq_mc : zkp_fr_mc;
    uint64_t st = 0xadc + (uint64_t)_i;
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    for (long k = 0; k < test_cases(20000); k++) {
        el_t a, b, p, q;
        rand_el(&a, x, &st);
        rand_el(&b, y, &st);
        zkp_fp_mul_port(p.l, a.l, b.l, mc);
        F.mul(&q, &a, &b);
        ck_assert_msg(memcmp(&p, &q, sizeof p) == 0, "%s mul: portable != selected (%ld)", F.name,
                      k);
        zkp_fp_add_port(p.l, a.l, b.l, mc);
        F.add(&q, &a, &b);
        ck_assert(memcmp(&p, &q, sizeof p) == 0);
        zkp_fp_sub_port(p.l, a.l, b.l, mc);
        F.sub(&q, &a, &b);
        ck_assert(memcmp(&p, &q, sizeof p) == 0);
        zkp_fp_mul_port(p.l, a.l, a.l, mc);
        F.sqr(&q, &a);
        ck_assert(memcmp(&p, &q, sizeof p) == 0);
        /* unreduced operands a + m, b + m (< 2m) give the same reduced product */
        el_t a2, b2, u;
        uint64_t c = 0;
        for (int i = 0; i < 4; i++) {
            unsigned __int128 t = (unsigned __int128)a.l[i] + mc[i] + c;
            a2.l[i] = (uint64_t)t, c = (uint64_t)(t >> 64);
        }
        c = 0;
        for (int i = 0; i < 4; i++) {
            unsigned __int128 t = (unsigned __int128)b.l[i] + mc[i] + c;
            b2.l[i] = (uint64_t)t, c = (uint64_t)(t >> 64);
        }
        F.mul(&q, &a, &b);
        zkp_fp_mul_port(u.l, a2.l, b2.l, mc);
        ck_assert_msg(memcmp(&u, &q, sizeof u) == 0, "%s portable mul of a + m, b + m (%ld)",
                      F.name, k);
        zkp_fp_mul_port(u.l, a2.l, b.l, mc);
        ck_assert(memcmp(&u, &q, sizeof u) == 0);
#if ZKP_FIELD_ADX
        zkp_fp_mul_adx(u.l, a2.l, b2.l, mc);
        ck_assert_msg(memcmp(&u, &q, sizeof u) == 0, "%s mul of a + m, b + m (%ld)", F.name, k);
        zkp_fp_mul_lat_adx(u.l, a2.l, b2.l, mc);
        ck_assert_msg(memcmp(&u, &q, sizeof u) == 0, "%s mul_lat of a + m, b + m (%ld)", F.name,
                      k);
        zkp_fp_mul_lat_adx(u.l, a.l, b2.l, mc);
        ck_assert(memcmp(&u, &q, sizeof u) == 0);
        zkp_fp_mul_lat_adx(p.l, a.l, b.l, mc);
        ck_assert_msg(memcmp(&p, &q, sizeof p) == 0, "%s mul_lat != mul (%ld)", F.name, k);
        zkp_fp_mul_adx(p.l, a.l, b.l, mc);
        zkp_fp_mul_port(q.l, a.l, b.l, mc);
        ck_assert(memcmp(&p, &q, sizeof p) == 0);
        if (_i == 0) /* the square kernel needs the modulus at a constant address */
            zkp_fp_sqr_adx(p.l, a.l, zkp_fq_mc);
        else
            zkp_fp_sqr_adx(p.l, a.l, zkp_fr_mc);
        zkp_fp_mul_port(q.l, a.l, a.l, mc);
        ck_assert_msg(memcmp(&p, &q, sizeof p) == 0, "%s sqr: adx != portable (%ld)", F.name, k);
        zkp_fp_add_adx(p.l, a.l, b.l, mc);
        zkp_fp_add_port(q.l, a.l, b.l, mc);
        ck_assert(memcmp(&p, &q, sizeof p) == 0);
        zkp_fp_sub_adx(p.l, a.l, b.l, mc);
        zkp_fp_sub_port(q.l, a.l, b.l, mc);
        ck_assert(memcmp(&p, &q, sizeof p) == 0);
#endif
    }
    mpz_clears(x, y, NULL);
    field_teardown();
}
END_TEST

/* ---- lazy reduction: 512-bit product and Montgomery reduction (both kernels),
 * and the Fq double-width helpers, against GMP ---- */

static void w8_to_mpz(mpz_t x, const uint64_t l[8]) { mpz_import(x, 8, -1, 8, 0, 0, l); }
static void mpz_to_w8(uint64_t l[8], const mpz_t x) {
    memset(l, 0, 8 * sizeof l[0]);
    mpz_export(l, NULL, -1, 8, 0, 0, x);
}
static void mpz_to_w4(uint64_t l[4], const mpz_t x) {
    memset(l, 0, 4 * sizeof l[0]);
    mpz_export(l, NULL, -1, 8, 0, 0, x);
}

/* A 256-bit operand for the wide product: a reduced element, an unreduced sum of
 * two (< 2M), an edge value, or any 256-bit word pattern. */
static void rand_w4(uint64_t v[4], mpz_t x, uint64_t *st, long k) {
    el_t a, b;
    switch (k & 3) {
    case 0:
        rand_el(&a, x, st);
        memcpy(v, a.l, sizeof a.l);
        break;
    case 1:
        rand_el(&a, x, st);
        rand_el(&b, x, st);
        el_to_mpz(x, &a);
        mpz_import(T3, 4, -1, 8, 0, 0, b.l);
        mpz_add(x, x, T3);
        mpz_to_w4(v, x);
        break;
    case 2:
        edge_mpz(x, (int)((uint64_t)k / 4 % N_EDGE));
        mpz_to_w4(v, x);
        break;
    default:
        for (int i = 0; i < 4; i++)
            v[i] = rand_word(st);
    }
    mpz_import(x, 4, -1, 8, 0, 0, v);
}

/* A value in [0, M 2^256) for the reduction: random, or an edge (0, 1, (M-1)^2,
 * M^2, M 2^256 - 1, (M-1) 2^256 + 2^256 - 1, 2^256 - 1). */
static void rand_w8(uint64_t t[8], mpz_t x, uint64_t *st, long k) {
    mpz_t b;
    mpz_init(b);
    mpz_mul_2exp(b, M, 256); /* bound M 2^256 */
    switch (k % 10) {
    case 0:
        mpz_set_ui(x, (uint64_t)k / 10 % 2);
        break;
    case 1:
        mpz_sub_ui(x, M, 1);
        mpz_mul(x, x, x);
        break;
    case 2:
        mpz_mul(x, M, M);
        break;
    case 3:
        mpz_sub_ui(x, b, 1 + ((uint64_t)k / 10 % 3));
        break;
    case 4:
        mpz_set_ui(x, 1);
        mpz_mul_2exp(x, x, 256);
        mpz_sub_ui(x, x, 1);
        break;
    default: {
        uint64_t v[8];
        for (int i = 0; i < 8; i++)
            v[i] = k % 10 == 5 ? rand_word(st) : test_rand64(st);
        w8_to_mpz(x, v);
        mpz_mod(x, x, b);
    }
    }
    mpz_to_w8(t, x);
    mpz_clear(b);
}

START_TEST(lazy_reduction) {
    field_setup(_i);
    const uint64_t *mc = _i == 0 ? zkp_fq_mc : zkp_fr_mc;
    uint64_t st = 0x1a2b + (uint64_t)_i;
    mpz_t x, y, z, w;
    mpz_inits(x, y, z, w, NULL);
    for (long k = 0; k < test_cases(20000); k++) {
        uint64_t a[4], b[4], p8[8], r4[4], t[8];
        /* wide product */
        rand_w4(a, x, &st, k);
        rand_w4(b, y, &st, k / 4);
        mpz_mul(z, x, y);
        zkp_fp_mulw_port(p8, a, b);
        w8_to_mpz(w, p8);
        ck_assert_msg(mpz_cmp(w, z) == 0, "%s mulw portable != GMP (%ld)", F.name, k);
#if ZKP_FIELD_ADX
        zkp_fp_mulw_adx(p8, a, b);
        w8_to_mpz(w, p8);
        ck_assert_msg(mpz_cmp(w, z) == 0, "%s mulw adx != GMP (%ld)", F.name, k);
#endif
        /* reduction of a product of elements: the Montgomery product */
        if (mpz_cmp(x, M) < 0 && mpz_cmp(y, M) < 0) {
            zkp_fp_redc_port(r4, p8, mc);
            uint64_t q[4];
            zkp_fp_mul_port(q, a, b, mc);
            ck_assert_msg(memcmp(r4, q, sizeof q) == 0, "%s redc(mulw) != mul (%ld)", F.name, k);
        }
        /* reduction of any t < M 2^256: t R^-1 mod M, fully reduced */
        rand_w8(t, x, &st, k);
        mpz_mul(z, x, Rinv);
        mpz_mod(z, z, M);
        zkp_fp_redc_port(r4, t, mc);
        mpz_import(w, 4, -1, 8, 0, 0, r4);
        ck_assert_msg(mpz_cmp(w, z) == 0, "%s redc portable != GMP (%ld)", F.name, k);
#if ZKP_FIELD_ADX
        memset(r4, 0xa5, sizeof r4);
        zkp_fp_redc_adx(r4, t, mc);
        mpz_import(w, 4, -1, 8, 0, 0, r4);
        ck_assert_msg(mpz_cmp(w, z) == 0, "%s redc adx != GMP (%ld)", F.name, k);
#endif
        if (_i != 0) continue;
        /* Fq helpers (selected and C versions) */
        fq_t fr4;
        fq_wide_t tw, uw, rw, rc;
        memcpy(tw.l, t, sizeof t);
        fq_redc(&fr4, &tw);
        mpz_import(w, 4, -1, 8, 0, 0, fr4.l);
        ck_assert(mpz_cmp(w, z) == 0);
        rand_w8(uw.l, y, &st, k / 10 + 7);
        /* sub_mod: a - b, + p 2^256 on borrow */
        mpz_sub(z, x, y);
        if (mpz_sgn(z) < 0) {
            mpz_mul_2exp(w, M, 256);
            mpz_add(z, z, w);
        }
        fq_wide_sub_mod(&rw, &tw, &uw);
        zkp_fq_wide_sub_mod_c(&rc, &tw, &uw);
        w8_to_mpz(w, rw.l);
        ck_assert_msg(mpz_cmp(w, z) == 0, "fq_wide_sub_mod != GMP (%ld)", k);
        ck_assert(memcmp(&rw, &rc, sizeof rw) == 0);
        rw = tw; /* aliasing r = a */
        fq_wide_sub_mod(&rw, &rw, &uw);
        w8_to_mpz(w, rw.l);
        ck_assert(mpz_cmp(w, z) == 0);
        /* plain add and sub (no overflow: both < p 2^256 < 2^510) */
        const fq_wide_t *hi = mpz_cmp(x, y) >= 0 ? &tw : &uw, *lo = hi == &tw ? &uw : &tw;
        mpz_add(z, x, y);
        fq_wide_add(&rw, &tw, &uw);
        zkp_fq_wide_add_c(&rc, &tw, &uw);
        w8_to_mpz(w, rw.l);
        ck_assert(mpz_cmp(w, z) == 0 && memcmp(&rw, &rc, sizeof rw) == 0);
        mpz_sub(z, x, y);
        mpz_abs(z, z);
        fq_wide_sub(&rw, hi, lo);
        zkp_fq_wide_sub_c(&rc, hi, lo);
        w8_to_mpz(w, rw.l);
        ck_assert(mpz_cmp(w, z) == 0 && memcmp(&rw, &rc, sizeof rw) == 0);
        /* unreduced add of two elements */
        el_t ea, eb;
        rand_el(&ea, x, &st);
        rand_el(&eb, y, &st);
        fq_t s1, s2;
        fq_add_nr(&s1, (const fq_t *)&ea, (const fq_t *)&eb);
        zkp_fq_add_nr_c(&s2, (const fq_t *)&ea, (const fq_t *)&eb);
        mpz_import(z, 4, -1, 8, 0, 0, ea.l);
        mpz_import(w, 4, -1, 8, 0, 0, eb.l);
        mpz_add(z, z, w);
        mpz_import(w, 4, -1, 8, 0, 0, s1.l);
        ck_assert(mpz_cmp(w, z) == 0 && memcmp(&s1, &s2, sizeof s1) == 0);
        /* fq_mul_wide then fq_redc = fq_mul */
        fq_wide_t pw;
        fq_t m1, m2;
        fq_mul_wide(&pw, (const fq_t *)&ea, (const fq_t *)&eb);
        fq_redc(&m1, &pw);
        fq_mul(&m2, (const fq_t *)&ea, (const fq_t *)&eb);
        ck_assert(fq_eq(&m1, &m2));
    }
    mpz_clears(x, y, z, w, NULL);
    field_teardown();
}
END_TEST

/* ---- Fq small linear combinations reduced once (fq_lin_add/sub, fq_sub_nr,
 * zkp_fq_reduce_small), against GMP on the limb integers (the combinations are
 * linear, so Montgomery form does not matter). Operands: edge values and random
 * elements; reduce_small also gets k p - 1, k p, k p + 1 and 5-limb patterns. ---- */

/* A reduced operand as limbs (and x): an edge value for k < N_EDGE^2 cases, else random. */
static void lin_operand(fq_t *a, mpz_t x, uint64_t *st, long k, int which) {
    if (k < N_EDGE * N_EDGE) {
        edge_mpz(x, which ? (int)(k % N_EDGE) : (int)(k / N_EDGE));
        mpz_to_w4(a->l, x);
        return;
    }
    el_t e;
    rand_el(&e, x, st);
    memcpy(a->l, e.l, sizeof a->l);
    mpz_import(x, 4, -1, 8, 0, 0, a->l);
}

START_TEST(small_combinations) {
    field_setup(0);
    uint64_t st = 0x5c0b;
    mpz_t x, y, z, w;
    mpz_inits(x, y, z, w, NULL);
    static const uint64_t ks[][2] = {{9, 1}, {3, 2}, {1, 1}, {1, 5}, {15, 1}, {0, 3}, {7, 0}};
    for (long k = 0; k < N_EDGE * N_EDGE + test_cases(20000); k++) {
        fq_t a, b, r, rc, ra;
        lin_operand(&a, x, &st, k, 0);
        lin_operand(&b, y, &st, k, 1);
        uint64_t k1 = ks[k % 7][0], k2 = ks[k % 7][1];
        /* k1 a + k2 b */
        mpz_mul_ui(z, x, k1);
        mpz_addmul_ui(z, y, k2);
        mpz_mod(z, z, M);
        fq_lin_add(&r, k1, &a, k2, &b);
        zkp_fq_lin_c(&rc, k1, &a, k2, &b, false);
        mpz_import(w, 4, -1, 8, 0, 0, r.l);
        ck_assert_msg(mpz_cmp(w, z) == 0, "fq_lin_add(%lu, %lu) != GMP (case %ld)",
                      (unsigned long)k1, (unsigned long)k2, k);
        ck_assert(fq_eq(&r, &rc));
        ra = a;
        fq_lin_add(&ra, k1, &ra, k2, &b); /* r aliases a */
        ck_assert(fq_eq(&ra, &r));
        /* k1 a - k2 b */
        mpz_mul_ui(z, x, k1);
        mpz_submul_ui(z, y, k2);
        mpz_mod(z, z, M);
        fq_lin_sub(&r, k1, &a, k2, &b);
        zkp_fq_lin_c(&rc, k1, &a, k2, &b, true);
        mpz_import(w, 4, -1, 8, 0, 0, r.l);
        ck_assert_msg(mpz_cmp(w, z) == 0, "fq_lin_sub(%lu, %lu) != GMP (case %ld)",
                      (unsigned long)k1, (unsigned long)k2, k);
        ck_assert(fq_eq(&r, &rc));
        ra = b;
        fq_lin_sub(&ra, k1, &a, k2, &ra); /* r aliases b */
        ck_assert(fq_eq(&ra, &r));
        /* a + p - b, exactly, in [1, 2p) */
        mpz_add(z, x, M);
        mpz_sub(z, z, y);
        fq_sub_nr(&r, &a, &b);
        zkp_fq_sub_nr_c(&rc, &a, &b);
        mpz_import(w, 4, -1, 8, 0, 0, r.l);
        ck_assert_msg(mpz_cmp(w, z) == 0, "fq_sub_nr != GMP (case %ld)", k);
        ck_assert(memcmp(&r, &rc, sizeof r) == 0);
        /* reduce_small on 5 limbs with v[4] < 2^52 */
        uint64_t v[5];
        switch (k % 4) {
        case 0: /* j p - 1, j p, j p + 1 for j up to 2^52 */
            mpz_mul_ui(z, M, (unsigned long)(k / 12 % 64 + ((k / 4) % 3 == 0 ? 0 : (test_rand64(&st) >> 12))));
            if ((k / 4) % 3 == 1 && mpz_sgn(z) > 0) mpz_sub_ui(z, z, 1);
            if ((k / 4) % 3 == 2) mpz_add_ui(z, z, 1);
            memset(v, 0, sizeof v);
            mpz_export(v, NULL, -1, 8, 0, 0, z);
            break;
        default:
            for (int i = 0; i < 5; i++)
                v[i] = k % 4 == 1 ? rand_word(&st) : test_rand64(&st);
            v[4] &= k % 4 == 3 ? 0xf : (1ULL << 52) - 1;
        }
        mpz_import(z, 5, -1, 8, 0, 0, v);
        mpz_mod(z, z, M);
        zkp_fq_reduce_small(&r, v);
        mpz_import(w, 4, -1, 8, 0, 0, r.l);
        ck_assert_msg(mpz_cmp(w, z) == 0, "zkp_fq_reduce_small != GMP (case %ld, v4 = %lx)", k,
                      (unsigned long)v[4]);
    }
    mpz_clears(x, y, z, w, NULL);
    field_teardown();
}
END_TEST

/* ---- roots of unity (Fr only), against ffjavascript ---- */

START_TEST(roots_of_unity) {
    field_setup(1);
    /* exact order 2^k: w^(2^k) = 1 and, for k > 0, w^(2^(k-1)) = -1 */
    fr_t w[FR_TWO_ADICITY + 1], m1;
    fr_neg(&m1, &fr_one_c);
    for (unsigned k = 0; k <= FR_TWO_ADICITY; k++) {
        fr_t t;
        fr_root_of_unity(&w[k], k);
        t = w[k];
        for (unsigned i = 0; i + 1 < k; i++)
            fr_sqr(&t, &t);
        if (k > 0) {
            ck_assert_msg(fr_eq(&t, &m1), "root %u: w^(2^(k-1)) != -1", k);
            fr_sqr(&t, &t);
        }
        ck_assert_msg(fr_is_one(&t), "root %u: w^(2^k) != 1", k);
    }
    /* the same roots as ffjavascript (snarkjs's FFT) */
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "node %s/tests/oracle/field_roots.js", test_root());
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    char line[256];
    unsigned k = 0;
    while (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\r\n")] = 0;
        ck_assert_uint_le(k, FR_TWO_ADICITY);
        char buf[ZKP_DEC_MAX];
        ck_assert_msg(strcmp(fr_to_dec(buf, &w[k]), line) == 0, "root %u: ours %s, ffjavascript %s",
                      k, buf, line);
        k++;
    }
    ck_assert_msg(pclose(p) == 0 && k == FR_TWO_ADICITY + 1,
                  "oracle `%s` failed after %u lines (is tests/oracle/node_modules installed? "
                  "`make deps`)",
                  cmd, k);
    field_teardown();
}
END_TEST

Suite *field_suite(void) {
    Suite *s = suite_create("field");
    struct {
        const char *name;
        const TTest *t;
    } cases[] = {
        {"arith_edges", arith_edges},
        {"arith_random", arith_random},
        {"constants", constants},
        {"inverse", inverse},
        {"batch_inverse", batch_inverse},
        {"power", power},
        {"legendre_sqrt", legendre_sqrt},
        {"conversions", conversions},
        {"reject_non_canonical", reject_non_canonical},
        {"decimal_rejects", decimal_rejects},
        {"random_elements", random_elements},
        {"kernels_agree", kernels_agree},
        {"lazy_reduction", lazy_reduction},
    };
    for (size_t i = 0; i < ZKP_ARRAY_LEN(cases); i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_set_timeout(tc, 300.0 * test_cases(1));
        tcase_add_loop_test(tc, cases[i].t, 0, 2); /* 0 = Fq, 1 = Fr */
        suite_add_tcase(s, tc);
    }
    TCase *tsc = tcase_create("small_combinations");
    tcase_set_timeout(tsc, 300.0 * test_cases(1));
    tcase_add_test(tsc, small_combinations); /* Fq only */
    suite_add_tcase(s, tsc);
    TCase *tc = tcase_create("roots_of_unity");
    tcase_set_timeout(tc, 600); /* node start-up is slow on a loaded machine */
    tcase_add_test(tc, roots_of_unity);
    suite_add_tcase(s, tc);
    return s;
}
