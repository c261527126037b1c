/* zkpot tests: L4 groth16 — setup, prove, verify, batch verify on constraint
 * systems built in code (random circuits with a known satisfying witness), and
 * every tampering we can think of rejected. The oracle tests against snarkjs are
 * in tests/check_cli.c. */
#include <check.h>
#include <string.h>

#include "groth16/g16_internal.h"
#include "test_circ.h"
#include "zkpot.h"

/* The setup's fixed-base comb against g1_mul / g2_mul: random scalars, 0, 1,
 * r - 1, and scalars with runs of zero and 0xf nibbles. */
START_TEST(fixed_base_vs_mul) {
    enum { N = 40 };
    uint64_t st = 900 + (uint64_t)_i;
    fr_t s[N];
    for (int i = 0; i < N; i++) test_rand_fr(&s[i], &st);
    fr_set_zero(&s[0]), fr_set_one(&s[1]), fr_neg(&s[2], &s[1]), fr_set_u64(&s[3], 16);
    for (int i = 4; i < 12; i++) {
        uint64_t v[4] = {0, 0, 0, 0};
        v[i % 4] = (i & 1) ? 0xffffffff0000ffffULL : (test_rand64(&st) & 0xf0f0f0f0f0f0f0f0ULL);
        if (i % 4 == 3) v[3] &= 0x0fffffffffffffffULL; /* stay below r */
        ck_assert_int_eq(fr_from_limbs(&s[i], v), ZKP_OK);
    }
    g1_affine_t a[N];
    g2_affine_t b[N];
    ck_assert_int_eq(g16_fixed_g1(a, s, N), ZKP_OK);
    ck_assert_int_eq(g16_fixed_g2(b, s, N), ZKP_OK);
    g1_t g, p, q;
    g2_t h, u, v;
    g1_generator(&g), g2_generator(&h);
    for (int i = 0; i < N; i++) {
        g1_mul(&p, &g, &s[i]), g1_from_affine(&q, &a[i]);
        ck_assert_msg(g1_eq(&p, &q), "G1 scalar %d", i);
        g2_mul(&u, &h, &s[i]), g2_from_affine(&v, &b[i]);
        ck_assert_msg(g2_eq(&u, &v), "G2 scalar %d", i);
    }
    ck_assert(a[0].infinity && b[0].infinity);
    /* all zero (no table is built): every point at infinity */
    fr_t z[3];
    for (int i = 0; i < 3; i++) fr_set_zero(&z[i]);
    a[1].infinity = b[1].infinity = false;
    ck_assert_int_eq(g16_fixed_g1(a, z, 3), ZKP_OK);
    ck_assert_int_eq(g16_fixed_g2(b, z, 3), ZKP_OK);
    for (int i = 0; i < 3; i++) ck_assert(a[i].infinity && b[i].infinity);
}
END_TEST

START_TEST(cs_check_names_constraint) {
    circ_t c;
    circ_make(&c, 2, 20, 11 + (uint64_t)_i);
    uint32_t bad = 99;
    ck_assert_int_eq(groth16_check_witness(c.cs, c.w, c.nw, &bad), ZKP_OK);
    /* Break wire 1 + np + 7: constraint 7 fails first (later ones may too). */
    fr_add(&c.w[1 + 2 + 7], &c.w[1 + 2 + 7], &fr_one_c);
    ck_assert_int_eq(groth16_check_witness(c.cs, c.w, c.nw, &bad), ZKP_ERR_UNSATISFIED);
    ck_assert_uint_eq(bad, 7);
    ck_assert_ptr_nonnull(strstr(zkp_last_error(), "constraint 7"));
    circ_free(&c);
}
END_TEST

/* Above the parallel threshold (2048 nonzero scalars): 1 and 2 threads give the same points. */
START_TEST(fixed_base_threads_agree) {
    size_t n = 8192 + 300;
    uint64_t st = 0xf1b;
    fr_t *s = malloc(n * sizeof *s);
    g1_affine_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    for (size_t i = 0; i < n; i++) test_rand_fr(&s[i], &st);
    fr_set_zero(&s[8191]);
    zkp_set_threads(1);
    ck_assert_int_eq(g16_fixed_g1(a, s, n), ZKP_OK);
    zkp_set_threads(2);
    ck_assert_int_eq(g16_fixed_g1(b, s, n), ZKP_OK);
    zkp_set_threads(0);
    g1_t g, p, q;
    g1_generator(&g);
    for (size_t i = 0; i < n; i++) {
        ck_assert(a[i].infinity == b[i].infinity && fq_eq(&a[i].x, &b[i].x) &&
                  fq_eq(&a[i].y, &b[i].y));
        if (i % 997 == 0 || i == n - 1) {
            g1_mul(&p, &g, &s[i]), g1_from_affine(&q, &b[i]);
            ck_assert_msg(g1_eq(&p, &q), "scalar %zu", i);
        }
    }
    ck_assert(b[8191].infinity);
    free(s), free(a), free(b);
}
END_TEST

START_TEST(prove_verify) {
    static const uint32_t shapes[][2] = {{1, 1}, {2, 5}, {3, 12}, {0, 3}, {5, 40}};
    const uint32_t *sh = shapes[_i];
    circ_t c;
    circ_make(&c, sh[0], sh[1], 100 + (uint64_t)_i);
    groth16_pk_t *pk;
    groth16_vk_t *vk;
    groth16_proof_t pr;
    ck_assert_int_eq(groth16_setup(&pk, c.cs, NULL, NULL), ZKP_OK);
    ck_assert_uint_ge(pk->domain_size, c.cs->n_constraints + sh[0] + 1);
    ck_assert_uint_eq(pk->n_public, sh[0]);
    ck_assert_int_eq(io_vk_from_zkey(&vk, pk), ZKP_OK);
    ck_assert_int_eq(groth16_prove(&pr, pk, c.cs, c.w, c.nw, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(groth16_verify(vk, c.w + 1, sh[0], &pr), ZKP_OK);
    /* Without the r1cs the prover self-checks. */
    groth16_proof_t pr2;
    ck_assert_int_eq(groth16_prove(&pr2, pk, NULL, c.w, c.nw, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(groth16_verify(vk, c.w + 1, sh[0], &pr2), ZKP_OK);
    /* Zero knowledge: two proofs of the same statement differ. */
    ck_assert(!fq_eq(&pr.a.x, &pr2.a.x));
    /* The key survives a zkey write/read round trip. */
    uint8_t *buf;
    size_t len;
    zkey_t *back;
    ck_assert_int_eq(zkey_write_mem(&buf, &len, pk), ZKP_OK);
    ck_assert_int_eq(zkey_read_mem(&back, buf, len, "mem.zkey", ZKEY_READ_ALL), ZKP_OK);
    zkp_free(buf);
    ck_assert_int_eq(groth16_prove(&pr2, back, c.cs, c.w, c.nw, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(groth16_verify(vk, c.w + 1, sh[0], &pr2), ZKP_OK);
    zkey_free(back);
    io_vk_free(vk);
    zkey_free(pk);
    circ_free(&c);
}
END_TEST

/* Flip one bit of one coordinate, or move a point by a group element. */
START_TEST(tampered_rejected) {
    circ_t c, c2;
    circ_make(&c, 3, 10, 7);
    circ_make(&c2, 3, 10, 8);
    groth16_pk_t *pk, *pk2;
    groth16_vk_t *vk, *vk2;
    groth16_proof_t pr, t;
    ck_assert_int_eq(groth16_setup(&pk, c.cs, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(groth16_setup(&pk2, c2.cs, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(io_vk_from_zkey(&vk, pk), ZKP_OK);
    ck_assert_int_eq(io_vk_from_zkey(&vk2, pk2), ZKP_OK);
    ck_assert_int_eq(groth16_prove(&pr, pk, c.cs, c.w, c.nw, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(groth16_verify(vk, c.w + 1, 3, &pr), ZKP_OK);
    /* every coordinate: A.x A.y B.x0 B.x1 B.y0 B.y1 C.x C.y */
    fq_t *coords[8];
    for (int k = 0; k < 8; k++) {
        t = pr;
        coords[0] = &t.a.x, coords[1] = &t.a.y, coords[2] = &t.b.x.c0, coords[3] = &t.b.x.c1;
        coords[4] = &t.b.y.c0, coords[5] = &t.b.y.c1, coords[6] = &t.c.x, coords[7] = &t.c.y;
        fq_add(coords[k], coords[k], &fq_one_c);
        ck_assert_int_ne(groth16_verify(vk, c.w + 1, 3, &t), ZKP_OK);
        /* negating y keeps the point on the curve: still rejected */
        t = pr;
        if (k == 0) { g1_t p; g1_from_affine(&p, &t.a); g1_neg(&p, &p); g1_to_affine(&t.a, &p); }
        if (k == 1) { g2_t p; g2_from_affine(&p, &t.b); g2_neg(&p, &p); g2_to_affine(&t.b, &p); }
        if (k == 2) { g1_t p; g1_from_affine(&p, &t.c); g1_neg(&p, &p); g1_to_affine(&t.c, &p); }
        if (k == 3) { g1_t p, g; g1_generator(&g); g1_from_affine(&p, &t.a); g1_add(&p, &p, &g); g1_to_affine(&t.a, &p); }
        if (k == 4) { g1_t p, g; g1_generator(&g); g1_from_affine(&p, &t.c); g1_add(&p, &p, &g); g1_to_affine(&t.c, &p); }
        if (k == 5) { g2_t p, g; g2_generator(&g); g2_from_affine(&p, &t.b); g2_add(&p, &p, &g); g2_to_affine(&t.b, &p); }
        if (k <= 5) ck_assert_int_eq(groth16_verify(vk, c.w + 1, 3, &t), ZKP_ERR_VERIFY_FAIL);
    }
    /* an off-curve point is a named error */
    t = pr;
    fq_add(&t.a.y, &t.a.y, &fq_one_c);
    ck_assert_int_eq(groth16_verify(vk, c.w + 1, 3, &t), ZKP_ERR_NOT_ON_CURVE);
    /* every public input changed */
    for (int i = 1; i <= 3; i++) {
        fr_t pub[3];
        memcpy(pub, c.w + 1, sizeof pub);
        fr_add(&pub[i - 1], &pub[i - 1], &fr_one_c);
        ck_assert_int_eq(groth16_verify(vk, pub, 3, &pr), ZKP_ERR_VERIFY_FAIL);
    }
    /* wrong number of public inputs */
    ck_assert_int_ne(groth16_verify(vk, c.w + 1, 2, &pr), ZKP_OK);
    /* another circuit's key (same shape) */
    ck_assert_int_eq(groth16_verify(vk2, c.w + 1, 3, &pr), ZKP_ERR_VERIFY_FAIL);
    /* verify.c caches the prepared gamma/delta lines of a key used twice in a
     * row: alternating keys, each with its lines cached in turn, must keep
     * every answer (the second call of each pair runs on the cached lines) */
    groth16_proof_t pr2;
    ck_assert_int_eq(groth16_prove(&pr2, pk2, c2.cs, c2.w, c2.nw, NULL, NULL), ZKP_OK);
    for (int round = 0; round < 2; round++) {
        ck_assert_int_eq(groth16_verify(vk2, c2.w + 1, 3, &pr2), ZKP_OK);
        ck_assert_int_eq(groth16_verify(vk2, c2.w + 1, 3, &pr2), ZKP_OK);
        ck_assert_int_eq(groth16_verify(vk2, c.w + 1, 3, &pr), ZKP_ERR_VERIFY_FAIL);
        ck_assert_int_eq(groth16_verify(vk, c2.w + 1, 3, &pr2), ZKP_ERR_VERIFY_FAIL);
        ck_assert_int_eq(groth16_verify(vk, c.w + 1, 3, &pr), ZKP_OK);
        ck_assert_int_eq(groth16_verify(vk, c.w + 1, 3, &pr), ZKP_OK);
    }
    /* proving with it: the witness satisfies c's r1cs, the self-check catches the key */
    ck_assert_int_eq(groth16_prove(&t, pk2, c.cs, c.w, c.nw, NULL, NULL), ZKP_ERR_INVALID_ARG);
    ck_assert_int_eq(groth16_prove(&t, pk2, NULL, c.w, c.nw, NULL, NULL), ZKP_ERR_UNSATISFIED);
    /* the same circuit, a second setup: keys are independent */
    groth16_pk_t *pk3;
    groth16_vk_t *vk3;
    ck_assert_int_eq(groth16_setup(&pk3, c.cs, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(io_vk_from_zkey(&vk3, pk3), ZKP_OK);
    ck_assert_int_eq(groth16_verify(vk3, c.w + 1, 3, &pr), ZKP_ERR_VERIFY_FAIL);
    io_vk_free(vk3), zkey_free(pk3);
    io_vk_free(vk), io_vk_free(vk2);
    zkey_free(pk), zkey_free(pk2);
    circ_free(&c), circ_free(&c2);
}
END_TEST

START_TEST(unsatisfied_refused) {
    circ_t c;
    circ_make(&c, 2, 15, 21);
    groth16_pk_t *pk;
    groth16_proof_t pr;
    ck_assert_int_eq(groth16_setup(&pk, c.cs, NULL, NULL), ZKP_OK);
    fr_add(&c.w[1 + 2 + 9], &c.w[1 + 2 + 9], &fr_one_c);
    ck_assert_int_eq(groth16_prove(&pr, pk, c.cs, c.w, c.nw, NULL, NULL), ZKP_ERR_UNSATISFIED);
    ck_assert_ptr_nonnull(strstr(zkp_last_error(), "constraint 9 "));
    /* without the r1cs: refused by the self-check */
    ck_assert_int_eq(groth16_prove(&pr, pk, NULL, c.w, c.nw, NULL, NULL), ZKP_ERR_UNSATISFIED);
    ck_assert_ptr_nonnull(strstr(zkp_last_error(), "self-check"));
    /* wire 0 must be one */
    fr_sub(&c.w[1 + 2 + 9], &c.w[1 + 2 + 9], &fr_one_c);
    ck_assert_int_eq(groth16_prove(&pr, pk, c.cs, c.w, c.nw, NULL, NULL), ZKP_OK);
    fr_set_u64(&c.w[0], 2);
    ck_assert_int_eq(groth16_prove(&pr, pk, c.cs, c.w, c.nw, NULL, NULL), ZKP_ERR_UNSATISFIED);
    ck_assert_int_eq(groth16_prove(&pr, pk, NULL, c.w, c.nw, NULL, NULL), ZKP_ERR_UNSATISFIED);
    /* wrong witness length */
    ck_assert_int_ne(groth16_prove(&pr, pk, NULL, c.w, c.nw - 1, NULL, NULL), ZKP_OK);
    zkey_free(pk);
    circ_free(&c);
}
END_TEST

START_TEST(bad_b2_point_refused) {
    circ_t c;
    circ_make(&c, 2, 6, 33);
    groth16_pk_t *pk;
    groth16_proof_t pr;
    ck_assert_int_eq(groth16_setup(&pk, c.cs, NULL, NULL), ZKP_OK);
    ck_assert(!fr_is_zero(&c.w[1]));
    test_g2_off_subgroup(&pk->b2[1], 5);
    ck_assert_int_eq(groth16_prove(&pr, pk, c.cs, c.w, c.nw, NULL, NULL), ZKP_ERR_NOT_IN_SUBGROUP);
    ck_assert_int_eq(groth16_prove(&pr, pk, NULL, c.w, c.nw, NULL, NULL), ZKP_ERR_NOT_IN_SUBGROUP);
    zkey_free(pk);
    circ_free(&c);
}
END_TEST

START_TEST(batch_verify) {
    enum { N = 12, NP = 2 };
    groth16_pk_t *pk;
    groth16_vk_t *vk;
    circ_t c[N];
    groth16_proof_t pr[N];
    const fr_t *pub[N];
    bool valid[N];
    /* one circuit shape, N witnesses: same structure, different public values */
    for (int k = 0; k < N; k++) circ_make(&c[k], NP, 8, 500);
    uint64_t st = 77;
    ck_assert_int_eq(groth16_setup(&pk, c[0].cs, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(io_vk_from_zkey(&vk, pk), ZKP_OK);
    for (int k = 0; k < N; k++) {
        /* re-derive the witness for fresh public values (the circuit is the same) */
        if (k) {
            test_rand_fr(&c[k].w[1], &st), test_rand_fr(&c[k].w[2], &st);
            for (uint32_t j = 0; j < 8; j++) {
                fr_t lc[2];
                for (int m = 0; m < 2; m++) {
                    fr_set_zero(&lc[m]);
                    for (uint64_t t = c[k].row[3 * j + m]; t < c[k].row[3 * j + m + 1]; t++) {
                        fr_t p;
                        fr_mul(&p, &c[k].terms[t].coef, &c[k].w[c[k].terms[t].wire]);
                        fr_add(&lc[m], &lc[m], &p);
                    }
                }
                fr_mul(&c[k].w[1 + NP + j], &lc[0], &lc[1]);
            }
        }
        ck_assert_int_eq(groth16_prove(&pr[k], pk, NULL, c[k].w, c[k].nw, NULL, NULL), ZKP_OK);
        pub[k] = c[k].w + 1;
    }
    ck_assert_int_eq(groth16_verify_batch(vk, pub, pr, N, valid), ZKP_OK);
    for (int k = 0; k < N; k++) ck_assert(valid[k]);
    ck_assert_int_eq(groth16_verify_batch(vk, pub, pr, 1, valid), ZKP_OK);
    /* one bad proof (swapped public inputs of two valid proofs), then one off-curve */
    pub[5] = c[6].w + 1;
    ck_assert_int_eq(groth16_verify_batch(vk, pub, pr, N, valid), ZKP_ERR_VERIFY_FAIL);
    for (int k = 0; k < N; k++) ck_assert(valid[k] == (k != 5));
    ck_assert_ptr_nonnull(strstr(zkp_last_error(), "proof 6"));
    pub[5] = c[5].w + 1;
    fq_add(&pr[9].c.x, &pr[9].c.x, &fq_one_c);
    ck_assert_int_eq(groth16_verify_batch(vk, pub, pr, N, valid), ZKP_ERR_VERIFY_FAIL);
    for (int k = 0; k < N; k++) ck_assert(valid[k] == (k != 9));
    /* C of one proof moved by G and of another by -G: each invalid, sum unchanged */
    fq_sub(&pr[9].c.x, &pr[9].c.x, &fq_one_c);
    {
        g1_t g, p;
        g1_generator(&g);
        g1_from_affine(&p, &pr[2].c), g1_add(&p, &p, &g), g1_to_affine(&pr[2].c, &p);
        g1_neg(&g, &g);
        g1_from_affine(&p, &pr[3].c), g1_add(&p, &p, &g), g1_to_affine(&pr[3].c, &p);
    }
    ck_assert_int_eq(groth16_verify_batch(vk, pub, pr, N, valid), ZKP_ERR_VERIFY_FAIL);
    for (int k = 0; k < N; k++) ck_assert(valid[k] == (k != 2 && k != 3));
    io_vk_free(vk);
    zkey_free(pk);
    for (int k = 0; k < N; k++) circ_free(&c[k]);
}
END_TEST

/* The zero-copy path: the key read with ZKEY_READ_RAW from its file image,
 * the witness as LE bytes at an odd address; corrupt points or coefficients in
 * the image make proving fail (the self-check), never a wrong proof. */
START_TEST(raw_key_prove) {
    circ_t c;
    circ_make(&c, 2, 20, 61);
    groth16_pk_t *pk, *raw;
    groth16_vk_t *vk;
    groth16_proof_t pr;
    ck_assert_int_eq(groth16_setup(&pk, c.cs, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(io_vk_from_zkey(&vk, pk), ZKP_OK);
    uint8_t *img, *bad, *wb = malloc(32 * c.nw + 3), *w = wb + 3;
    size_t len;
    ck_assert_int_eq(zkey_write_mem(&img, &len, pk), ZKP_OK);
    for (uint32_t i = 0; i < c.nw; i++) fr_to_bytes_le(w + 32 * i, &c.w[i]);
    ck_assert_int_eq(zkey_read_mem(&raw, img, len, "mem.zkey", ZKEY_READ_RAW), ZKP_OK);
    ck_assert(raw->a == NULL && raw->raw_a && raw->raw_h && raw->n_coefs == pk->n_coefs);
    ck_assert_int_eq(groth16_prove_le(&pr, raw, c.cs, w, c.nw, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(groth16_verify(vk, c.w + 1, 2, &pr), ZKP_OK);
    ck_assert_int_eq(groth16_prove_le(&pr, raw, NULL, w, c.nw, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(groth16_verify(vk, c.w + 1, 2, &pr), ZKP_OK);
    /* the decoded key gives proofs of the same statement */
    ck_assert_int_eq(groth16_prove_le(&pr, pk, NULL, w, c.nw, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(groth16_verify(vk, c.w + 1, 2, &pr), ZKP_OK);
    /* a public value >= r */
    memcpy(w + 32, (const uint8_t *)fr_modulus, 32);
    ck_assert_int_eq(groth16_prove_le(&pr, raw, NULL, w, c.nw, NULL, NULL), ZKP_ERR_NOT_CANONICAL);
    fr_to_bytes_le(w + 32, &c.w[1]);
    zkey_free(raw);
    /* corrupt one byte of: A[1], B1[1], C[0], H[0], B2[1], the first coefficient's value */
    bad = malloc(len);
    ck_assert_int_eq(zkey_read_mem(&raw, img, len, "mem.zkey", ZKEY_READ_RAW), ZKP_OK);
    size_t at[6] = {(size_t)(raw->raw_a - img) + G1_BYTES + 40,
                    (size_t)(raw->raw_b1 - img) + G1_BYTES + 40,
                    (size_t)(raw->raw_c - img) + 40,
                    (size_t)(raw->raw_h - img) + 40,
                    (size_t)(raw->raw_b2 - img) + G2_BYTES + 100,
                    (size_t)(raw->raw_coefs - img) + 12 + 5};
    zkey_free(raw);
    for (int k = 0; k < 6; k++) {
        memcpy(bad, img, len);
        bad[at[k]] ^= 0x10;
        ck_assert_int_eq(zkey_read_mem(&raw, bad, len, "bad.zkey", ZKEY_READ_RAW), ZKP_OK);
        memset(&pr, 0x55, sizeof pr);
        zkp_err e = groth16_prove_le(&pr, raw, NULL, w, c.nw, NULL, NULL);
        ck_assert_msg(e == ZKP_ERR_UNSATISFIED || e == ZKP_ERR_NOT_IN_SUBGROUP ||
                          e == ZKP_ERR_NOT_ON_CURVE,
                      "corruption %d: %d (%s)", k, e, zkp_last_error());
        groth16_proof_t zero;
        memset(&zero, 0, sizeof zero);
        ck_assert(memcmp(&pr, &zero, sizeof pr) == 0);
        e = groth16_prove_le(&pr, raw, c.cs, w, c.nw, NULL, NULL);
        ck_assert_msg(e == ZKP_ERR_INVALID_ARG || e == ZKP_ERR_NOT_IN_SUBGROUP ||
                          e == ZKP_ERR_NOT_ON_CURVE,
                      "corruption %d with the r1cs: %d (%s)", k, e, zkp_last_error());
        zkey_free(raw);
        /* the full reader names the bad element */
        if (k < 5) ck_assert_int_ne(zkey_read_mem(&raw, bad, len, "bad.zkey", ZKEY_READ_ALL), ZKP_OK);
    }
    free(bad), free(wb), zkp_free(img);
    io_vk_free(vk);
    zkey_free(pk);
    circ_free(&c);
}
END_TEST

/* The prover's schedules (in turn: each MSM and NTT on all threads; side by
 * side: the jobs one thread each, in priority order, H in two halves) on 1
 * and 2 threads give the same proof for fixed r, s; A and B match sums
 * computed here from the decoded key (msm_g1/msm_g2), C passes verification. Shapes: tiny, a 2^10 domain, and
 * 8300 wires (the MSMs cross MSM_PAR_MIN = 8192: two threads inside an MSM in
 * turn, one side by side). */
START_TEST(schedules_agree) {
    static const uint32_t shapes[][2] = {{2, 6}, {3, 700}, {1, 8300}};
    const uint32_t *sh = shapes[_i];
    circ_t c;
    circ_make(&c, sh[0], sh[1], 900 + (uint64_t)_i);
    groth16_pk_t *pk, *raw;
    groth16_vk_t *vk;
    ck_assert_int_eq(groth16_setup(&pk, c.cs, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(io_vk_from_zkey(&vk, pk), ZKP_OK);
    uint8_t *img, *w = malloc(32 * (size_t)c.nw);
    size_t len;
    ck_assert_int_eq(zkey_write_mem(&img, &len, pk), ZKP_OK);
    ck_assert_int_eq(zkey_read_mem(&raw, img, len, "mem.zkey", ZKEY_READ_RAW), ZKP_OK);
    for (uint32_t i = 0; i < c.nw; i++) fr_to_bytes_le(w + 32 * i, &c.w[i]);
    uint64_t st = 0x5c4ed + (uint64_t)_i;
    fr_t rs[2];
    test_rand_fr(&rs[0], &st), test_rand_fr(&rs[1], &st);
    /* A = alpha + sum w_i A_i + r delta, B = beta + sum w_i B_i + s delta */
    g1_t ea, t1;
    g2_t eb, t2;
    g1_affine_t want_a;
    g2_affine_t want_b;
    ck_assert_int_eq(msm_g1(&ea, pk->a, c.w, c.nw), ZKP_OK);
    g1_add_mixed(&ea, &ea, &pk->alpha1);
    g1_from_affine(&t1, &pk->delta1);
    g1_mul(&t1, &t1, &rs[0]);
    g1_add(&ea, &ea, &t1);
    g1_to_affine(&want_a, &ea);
    ck_assert_int_eq(msm_g2(&eb, pk->b2, c.w, c.nw), ZKP_OK);
    g2_add_mixed(&eb, &eb, &pk->beta2);
    g2_from_affine(&t2, &pk->delta2);
    g2_mul(&t2, &t2, &rs[1]);
    g2_add(&eb, &eb, &t2);
    g2_to_affine(&want_b, &eb);
    groth16_proof_t first, pr;
    bool have = false;
    for (int sched = G16_SCHED_TURN; sched <= G16_SCHED_SIDE; sched++)
        for (int t = 1; t <= 2; t++) {
            zkp_set_threads(t);
            ck_assert_int_eq(g16_prove_le(&pr, raw, NULL, w, c.nw, NULL, NULL, rs, sched), ZKP_OK);
            ck_assert_int_eq(groth16_verify(vk, c.w + 1, sh[0], &pr), ZKP_OK);
            ck_assert_msg(g1_affine_eq(&pr.a, &want_a) && g2_affine_eq(&pr.b, &want_b),
                          "A or B wrong: schedule %d, %d threads", sched, t);
            if (have) ck_assert_msg(memcmp(&pr, &first, sizeof pr) == 0,
                                    "schedule %d, %d threads: another proof", sched, t);
            first = pr, have = true;
        }
    zkp_set_threads(0);
    /* a coefficient's row index out of range (past the reader's check: the
     * raw pointer redirected) is reported, from inside a task side by side */
    size_t clen = (size_t)raw->n_coefs * 44;
    uint8_t *bad = malloc(clen);
    memcpy(bad, raw->raw_coefs, clen);
    uint32_t row = (uint32_t)raw->domain_size;
    memcpy(bad + 44 * (clen / 88) + 4, &row, 4);
    groth16_pk_t k2 = *raw;
    k2.raw_coefs = bad;
    for (int sched = G16_SCHED_TURN; sched <= G16_SCHED_SIDE; sched++) {
        zkp_set_threads(2);
        ck_assert_int_eq(g16_prove_le(&pr, &k2, NULL, w, c.nw, NULL, NULL, rs, sched),
                         ZKP_ERR_FORMAT);
        ck_assert_msg(strstr(zkp_last_error(), "out of range"), "%s", zkp_last_error());
    }
    zkp_set_threads(0);
    free(bad);
    zkey_free(raw);
    free(w), zkp_free(img);
    io_vk_free(vk);
    zkey_free(pk);
    circ_free(&c);
}
END_TEST

Suite *groth16_suite(void) {
    Suite *s = suite_create("groth16");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, fixed_base_vs_mul, 0, 3);
    tcase_add_test(tc, fixed_base_threads_agree);
    tcase_add_loop_test(tc, cs_check_names_constraint, 0, 3);
    tcase_add_loop_test(tc, prove_verify, 0, 5);
    tcase_add_test(tc, tampered_rejected);
    tcase_add_test(tc, unsatisfied_refused);
    tcase_add_test(tc, batch_verify);
    tcase_add_test(tc, bad_b2_point_refused);
    tcase_add_test(tc, raw_key_prove);
    tcase_add_loop_test(tc, schedules_agree, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}
