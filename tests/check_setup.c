/* zkpot tests: L4 groth16 setup — the variable-time fixed-base path (signed
 * windows over one table) against g1_mul/g2_mul on random, small, boundary and
 * crafted scalars that force the exceptional additions; both setup paths
 * (default and GROTH16_SETUP_CONSTANT_TIME) give keys that prove and verify here
 * and with snarkjs 0.7.6 (tests/oracle/groth16_oracle.js: prove, exportvk,
 * verify). The constant-time comb's own tests are in tests/check_groth16.c. */
#include <check.h>
#include <gmp.h>
#include <string.h>
#include <unistd.h>

#include "field/fq_ifma.h"
#include "groth16/g16_internal.h"
#include "test_circ.h"
#include "zkpot.h"

static void fr_from_mpz(fr_t *r, const mpz_t z) {
    uint64_t v[4] = {0, 0, 0, 0};
    ck_assert(mpz_sgn(z) >= 0 && mpz_sizeinbase(z, 2) <= 256);
    mpz_export(v, NULL, -1, sizeof v[0], 0, 0, z);
    ck_assert_int_eq(fr_from_limbs(r, v), ZKP_OK);
}

static void mpz_r(mpz_t r) { mpz_import(r, 4, -1, sizeof fr_modulus[0], 0, 0, fr_modulus); }

static unsigned nwin_of(unsigned w) { return (255 + w - 1) / w; }

/* Signed digits of x >= 0 in (-2^(w-1), 2^(w-1)], written independently of
 * setup.c's recoding (from the definition, with GMP): n digits, false if a carry is
 * left over. */
static bool recode(long *dig, const mpz_t x, unsigned w, unsigned n) {
    mpz_t t, lo;
    mpz_inits(t, lo, NULL);
    mpz_set(t, x);
    for (unsigned j = 0; j < n; j++) {
        mpz_fdiv_r_2exp(lo, t, w);
        long d = (long)mpz_get_ui(lo);
        if (d > (1L << (w - 1))) d -= 1L << w;
        dig[j] = d;
        /* t = (t - d) / 2^w */
        if (d >= 0) mpz_sub_ui(t, t, (unsigned long)d);
        else mpz_add_ui(t, t, (unsigned long)-d);
        mpz_fdiv_q_2exp(t, t, w);
    }
    bool ok = mpz_sgn(t) == 0;
    mpz_clears(t, lo, NULL);
    return ok;
}

/* Scalars whose partial sum before window j equals the entry of window j modulo r
 * (so the batch's addition would be a doubling): s = 2 d 2^(wj) - r whose digit j
 * is d and whose digits above j are 0; then S = s - d 2^(wj) = d 2^(wj) - r = D
 * (mod r). Only windows near the top can wrap around r (see setup.c). Appends
 * up to max scalars to out; returns how many. */
static size_t crafted(fr_t *out, size_t max, unsigned w) {
    unsigned n = nwin_of(w);
    long dig[128];
    size_t k = 0;
    mpz_t r, s, D, q;
    mpz_inits(r, s, D, q, NULL);
    mpz_r(r);
    for (unsigned j = 0; j < n && k < max; j++) {
        mpz_fdiv_q_2exp(q, r, w * j); /* d near r / 2^(wj): the only candidates */
        for (long delta = -1; delta <= 2 && k < max; delta++) {
            long d = (mpz_cmp_ui(q, 1UL << (w - 1)) > 0) ? 0 : (long)mpz_get_ui(q) + delta;
            if (d < 1 || d > (1L << (w - 1))) continue;
            mpz_set_ui(D, (unsigned long)d);
            mpz_mul_2exp(D, D, w * j);
            mpz_mul_2exp(s, D, 1);
            mpz_sub(s, s, r);
            if (mpz_sgn(s) <= 0 || mpz_cmp(s, r) >= 0) continue;
            ck_assert(recode(dig, s, w, n));
            bool hit = dig[j] == d;
            for (unsigned i = j + 1; i < n; i++) hit = hit && dig[i] == 0;
            if (!hit) continue;
            /* the partial sum below window j is D - r: D (mod r), the doubling case */
            mpz_t S;
            mpz_init(S);
            mpz_sub(S, s, D);
            mpz_sub(S, S, D);
            mpz_add(S, S, r);
            ck_assert(mpz_sgn(S) == 0);
            mpz_clear(S);
            fr_from_mpz(&out[k++], s);
        }
    }
    mpz_clears(r, s, D, q, NULL);
    return k;
}

/* Small and boundary scalars for width w: 0, 1, 2, 2^w - 1, 2^w, 2^w + 1, 2^(w-1),
 * 2^(w-1) + 1, 2^(wj) for a few j, r - 1, r - 2, r - 2^w, r - 2^(w-1), (r - 1)/2,
 * r - 2^(w(nwin-1)). */
static size_t specials(fr_t *out, unsigned w) {
    static const long small[] = {0, 1, 2};
    size_t k = 0;
    mpz_t r, x;
    mpz_inits(r, x, NULL);
    mpz_r(r);
    for (size_t i = 0; i < 3; i++) fr_set_u64(&out[k++], (uint64_t)small[i]);
    unsigned ex[] = {w, w - 1};
    for (size_t i = 0; i < 2; i++) {
        for (int off = -1; off <= 1; off++) {
            mpz_set_ui(x, 1);
            mpz_mul_2exp(x, x, ex[i]);
            if (off < 0) mpz_sub_ui(x, x, 1);
            else mpz_add_ui(x, x, (unsigned long)off);
            fr_from_mpz(&out[k++], x);
        }
        mpz_set_ui(x, 1);
        mpz_mul_2exp(x, x, ex[i]);
        mpz_sub(x, r, x);
        fr_from_mpz(&out[k++], x);
    }
    for (unsigned j = 2; j < nwin_of(w); j += 5) {
        mpz_set_ui(x, 1);
        mpz_mul_2exp(x, x, w * j);
        if (mpz_cmp(x, r) < 0) fr_from_mpz(&out[k++], x);
    }
    mpz_sub_ui(x, r, 1);
    fr_from_mpz(&out[k++], x);
    mpz_sub_ui(x, r, 2);
    fr_from_mpz(&out[k++], x);
    mpz_sub_ui(x, r, 1);
    mpz_fdiv_q_2exp(x, x, 1);
    fr_from_mpz(&out[k++], x);
    mpz_set_ui(x, 1);
    mpz_mul_2exp(x, x, w * (nwin_of(w) - 1));
    if (mpz_cmp(x, r) < 0) {
        mpz_sub(x, r, x);
        fr_from_mpz(&out[k++], x);
    }
    mpz_clears(r, x, NULL);
    return k;
}

/* G1 widths 2..16 (0: chosen from the count), G2 a few; each with more than one
 * batch (512) of random scalars, the specials and the crafted ones spread among
 * them; 1 and 2 threads agree. */
static const unsigned g1_widths[] = {0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const unsigned g2_widths[] = {0, 2, 5, 8, 11, 13};

static size_t fill(fr_t *s, size_t n, unsigned w, uint64_t seed, size_t *n_crafted) {
    uint64_t st = seed;
    for (size_t i = 0; i < n; i++) test_rand_fr(&s[i], &st);
    fr_t sp[64], cr[16];
    unsigned we = w ? w : 10;
    size_t nsp = specials(sp, we), ncr = crafted(cr, 16, we);
    ck_assert(nsp + 2 * ncr + 600 <= n);
    size_t k = 0;
    for (size_t i = 0; i < nsp; i++) s[k] = sp[i], k += 7;
    for (size_t i = 0; i < ncr; i++) {
        s[k] = cr[i], k += 5;
        s[n - 1 - i] = cr[i]; /* also in the last, partial batch */
    }
    *n_crafted = ncr;
    return k;
}

START_TEST(var_g1_vs_mul) {
    unsigned w = g1_widths[_i];
    size_t n = 1100, ncr;
    fr_t *s = malloc(n * sizeof *s);
    g1_affine_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    fill(s, n, w, 0x5e7 + (uint64_t)_i, &ncr);
    zkp_set_threads(1);
    ck_assert_int_eq(g16_fixed_g1_var(a, s, n, w), ZKP_OK);
    zkp_set_threads(2);
    ck_assert_int_eq(g16_fixed_g1_var(b, s, n, w), ZKP_OK);
    zkp_set_threads(0);
    g1_t g, p, q;
    g1_generator(&g);
    for (size_t i = 0; i < n; i++) {
        ck_assert(a[i].infinity == b[i].infinity && fq_eq(&a[i].x, &b[i].x) && fq_eq(&a[i].y, &b[i].y));
        g1_mul_var(&p, &g, &s[i]), g1_from_affine(&q, &a[i]);
        ck_assert_msg(g1_eq(&p, &q), "w %u scalar %zu", w, i);
        ck_assert(g1_affine_is_on_curve(&a[i]));
        ck_assert(a[i].infinity == fr_is_zero(&s[i]));
    }
    free(s), free(a), free(b);
}
END_TEST

START_TEST(var_g2_vs_mul) {
    unsigned w = g2_widths[_i];
    size_t n = 700, ncr;
    fr_t *s = malloc(n * sizeof *s);
    g2_affine_t *a = malloc(n * sizeof *a);
    fill(s, n, w, 0x6e7 + (uint64_t)_i, &ncr);
    ck_assert_int_eq(g16_fixed_g2_var(a, s, n, w), ZKP_OK);
    g2_t g, p, q;
    g2_generator(&g);
    for (size_t i = 0; i < n; i++) {
        g2_mul_var(&p, &g, &s[i]), g2_from_affine(&q, &a[i]);
        ck_assert_msg(g2_eq(&p, &q), "w %u scalar %zu", w, i);
        ck_assert(a[i].infinity == fr_is_zero(&s[i]));
    }
    free(s), free(a);
}
END_TEST

/* The scalar path (no IFMA: ZKPOT_NO_IFMA=1, read once per process, so set here in
 * the forked test child before anything asks) on a few widths of both groups; where
 * IFMA is absent the other tests cover it already. */
START_TEST(var_scalar_path) {
    static const unsigned w1[] = {0, 4, 13}, w2[] = {0, 7};
    setenv("ZKPOT_NO_IFMA", "1", 1);
    if (fq_ifma_available()) { /* decided earlier in this process (CK_FORK=no) */
        fprintf(stderr, "check_setup: IFMA state already fixed; scalar path not isolated\n");
    }
    size_t n = 1100, ncr;
    fr_t *s = malloc(n * sizeof *s);
    g1_affine_t *a = malloc(n * sizeof *a);
    g2_affine_t *b = malloc(n * sizeof *b);
    g1_t g, p, q;
    g2_t h, p2, q2;
    g1_generator(&g), g2_generator(&h);
    for (size_t k = 0; k < 3; k++) {
        fill(s, n, w1[k], 0x7e7 + (uint64_t)k, &ncr);
        ck_assert_int_eq(g16_fixed_g1_var(a, s, n, w1[k]), ZKP_OK);
        for (size_t i = 0; i < n; i++) {
            g1_mul_var(&p, &g, &s[i]), g1_from_affine(&q, &a[i]);
            ck_assert_msg(g1_eq(&p, &q), "no IFMA: G1 w %u scalar %zu", w1[k], i);
        }
    }
    for (size_t k = 0; k < 2; k++) {
        fill(s, 700, w2[k], 0x8e7 + (uint64_t)k, &ncr);
        ck_assert_int_eq(g16_fixed_g2_var(b, s, 700, w2[k]), ZKP_OK);
        for (size_t i = 0; i < 700; i++) {
            g2_mul_var(&p2, &h, &s[i]), g2_from_affine(&q2, &b[i]);
            ck_assert_msg(g2_eq(&p2, &q2), "no IFMA: G2 w %u scalar %zu", w2[k], i);
        }
    }
    unsetenv("ZKPOT_NO_IFMA");
    free(s), free(a), free(b);
}
END_TEST

/* The crafted scalars exist for most widths (they are what make the slow path
 * reachable); an all-zero input gives infinity without a table; n = 0 is fine. */
START_TEST(var_crafted_and_zero) {
    size_t total = 0, widths = 0;
    for (unsigned w = 2; w <= 16; w++) {
        fr_t cr[16];
        size_t k = crafted(cr, 16, w);
        total += k, widths += k > 0;
    }
    ck_assert_msg(widths >= 10, "crafted scalars for only %zu widths", widths);
    ck_assert_uint_ge(total, 10);
    fr_t z[5];
    g1_affine_t a[5];
    g2_affine_t b[5];
    for (int i = 0; i < 5; i++) fr_set_zero(&z[i]), a[i].infinity = b[i].infinity = false;
    ck_assert_int_eq(g16_fixed_g1_var(a, z, 5, 0), ZKP_OK);
    ck_assert_int_eq(g16_fixed_g2_var(b, z, 5, 0), ZKP_OK);
    for (int i = 0; i < 5; i++) ck_assert(a[i].infinity && b[i].infinity);
    ck_assert_int_eq(g16_fixed_g1_var(a, z, 0, 0), ZKP_OK);
}
END_TEST

/* Both paths: the key proves and verifies, B1_i and B2_i carry the same scalar
 * (e(B1_i, -G2) e(G1, B2_i) = 1), and the two paths' keys differ (fresh waste). */
/* e(B1_i, -G2) e(G1, B2_i) = 1 for every step-th wire: B1 and B2 hold the same
 * v_i(tau) (both at infinity, or neither). */
static void assert_b1_b2_agree(const groth16_pk_t *pk, uint32_t nw, uint32_t step, int path) {
    g1_t g1;
    g2_t g2;
    g1_affine_t p[2];
    g2_affine_t q[2];
    g1_generator(&g1), g2_generator(&g2), g2_neg(&g2, &g2);
    g1_to_affine(&p[1], &g1), g2_to_affine(&q[0], &g2);
    for (uint32_t i = 0; i < nw; i += step) {
        if (pk->b1[i].infinity) {
            ck_assert(pk->b2[i].infinity);
            continue;
        }
        p[0] = pk->b1[i], q[1] = pk->b2[i];
        bool ok = false;
        ck_assert_int_eq(g16_pairing_is_one(&ok, p, q, 2), ZKP_OK);
        ck_assert_msg(ok, "path %d wire %u: B1 and B2 disagree", path, i);
    }
}

START_TEST(paths_prove_verify) {
    circ_t c;
    circ_make(&c, 3, 700 + 300 * (uint32_t)_i, 0xc0de + (uint64_t)_i);
    groth16_pk_t *pk[2];
    for (int ct = 0; ct < 2; ct++) {
        zkp_set_threads(_i ? 2 : 1);
        ck_assert_int_eq(groth16_setup_ex(&pk[ct], c.cs, ct ? GROTH16_SETUP_CONSTANT_TIME : 0, NULL, NULL),
                         ZKP_OK);
        zkp_set_threads(0);
        groth16_vk_t *vk;
        groth16_proof_t pr;
        ck_assert_int_eq(io_vk_from_zkey(&vk, pk[ct]), ZKP_OK);
        ck_assert_int_eq(groth16_prove(&pr, pk[ct], c.cs, c.w, c.nw, NULL, NULL), ZKP_OK);
        ck_assert_int_eq(groth16_verify(vk, c.w + 1, 3, &pr), ZKP_OK);
        fr_add(&c.w[1], &c.w[1], &fr_one_c);
        ck_assert_int_eq(groth16_verify(vk, c.w + 1, 3, &pr), ZKP_ERR_VERIFY_FAIL);
        fr_sub(&c.w[1], &c.w[1], &fr_one_c);
        io_vk_free(vk);
        assert_b1_b2_agree(pk[ct], c.nw, 97, ct);
    }
    ck_assert(!fq_eq(&pk[0]->alpha1.x, &pk[1]->alpha1.x));
    zkey_free(pk[0]), zkey_free(pk[1]);
    circ_free(&c);
}
END_TEST

/* snarkjs proves with either path's key and verifies with its own export of it. */
START_TEST(paths_snarkjs_accepts) {
    circ_t c;
    circ_make(&c, 2, 60, 0x5a4c + (uint64_t)_i);
    char dir[] = "/tmp/zkpot-check-setup-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char zk[128], wt[128], pf[128], pb[128], vk[128], cmd[2048];
    snprintf(zk, sizeof zk, "%s/k.zkey", dir), snprintf(wt, sizeof wt, "%s/w.wtns", dir);
    snprintf(pf, sizeof pf, "%s/p.json", dir), snprintf(pb, sizeof pb, "%s/pub.json", dir);
    snprintf(vk, sizeof vk, "%s/vk.json", dir);
    groth16_pk_t *pk;
    ck_assert_int_eq(groth16_setup_ex(&pk, c.cs, _i ? GROTH16_SETUP_CONSTANT_TIME : 0, NULL, NULL), ZKP_OK);
    ck_assert_int_eq(zkey_write(pk, zk), ZKP_OK);
    ck_assert_int_eq(wtns_write(c.w, c.nw, wt), ZKP_OK);
    snprintf(cmd, sizeof cmd,
             "node %s/tests/oracle/groth16_oracle.js run '[\"prove\",\"%s\",\"%s\",\"%s\",\"%s\"]' "
             "'[\"exportvk\",\"%s\",\"%s\"]' '[\"verify\",\"%s\",\"%s\",\"%s\"]' 2>&1",
             test_root(), zk, wt, pf, pb, zk, vk, vk, pb, pf);
    int st;
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 0 && !strcmp(out, "ok\nok\nok\n"), "path %d: snarkjs said: %s", _i, out);
    free(out);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    zkey_free(pk);
    circ_free(&c);
}
END_TEST

/* Bit wires: b * b = b (v_b = u_b) and b * (1 - b) = 0 (v_b = -u_b), whose B1 points
 * the setup copies from A (negated for the second form), and wires whose B is
 * 2 u (no copy), on both paths: B1_i = +-A_i exactly where expected, B1_i and B2_i
 * carry the same scalar for every wire, the key proves and verifies. */
START_TEST(bit_wires_b1_from_a) {
    enum { NB = 40 };
    uint32_t nw = 2 + NB, nc = NB + 1;
    r1cs_t *cs = zkp_calloc(1, sizeof *cs);
    cs->lc_start = zkp_calloc(3 * (size_t)nc + 1, sizeof *cs->lc_start);
    cs->terms = zkp_calloc(4 * (size_t)nc + 4, sizeof *cs->terms);
    fr_t *w = zkp_calloc(nw, sizeof *w), two, mone;
    ck_assert(cs && cs->lc_start && cs->terms && w);
    fr_add(&two, &fr_one_c, &fr_one_c), fr_neg(&mone, &fr_one_c);
    fr_set_one(&w[0]), fr_set_u64(&w[1], 5);
    size_t t = 0;
    for (uint32_t j = 0; j < NB; j++) {
        uint32_t b = 2 + j;
        fr_set_u64(&w[b], j % 3 == 1);
        cs->lc_start[3 * j] = t;
        cs->terms[t].wire = b, cs->terms[t++].coef = fr_one_c;
        cs->lc_start[3 * j + 1] = t;
        if (j % 3 == 0) { /* b * b = b */
            cs->terms[t].wire = b, cs->terms[t++].coef = fr_one_c;
            cs->lc_start[3 * j + 2] = t;
            cs->terms[t].wire = b, cs->terms[t++].coef = fr_one_c;
        } else if (j % 3 == 1) { /* b * (1 - b) = 0 */
            cs->terms[t].wire = 0, cs->terms[t++].coef = fr_one_c;
            cs->terms[t].wire = b, cs->terms[t++].coef = mone;
            cs->lc_start[3 * j + 2] = t;
        } else { /* b * (2 b) = 0 with b = 0: v = 2 u */
            cs->terms[t].wire = b, cs->terms[t++].coef = two;
            cs->lc_start[3 * j + 2] = t;
        }
    }
    cs->lc_start[3 * NB] = t; /* x * 1 = x */
    cs->terms[t].wire = 1, cs->terms[t++].coef = fr_one_c;
    cs->lc_start[3 * NB + 1] = t;
    cs->terms[t].wire = 0, cs->terms[t++].coef = fr_one_c;
    cs->lc_start[3 * NB + 2] = t;
    cs->terms[t].wire = 1, cs->terms[t++].coef = fr_one_c;
    cs->lc_start[3 * (size_t)nc] = t;
    cs->n_wires = nw, cs->n_pub_in = 1, cs->n_constraints = nc, cs->n_labels = nw;
    for (int ct = 0; ct < 2; ct++) {
        groth16_pk_t *pk;
        ck_assert_int_eq(groth16_setup_ex(&pk, cs, ct ? GROTH16_SETUP_CONSTANT_TIME : 0, NULL, NULL),
                         ZKP_OK);
        for (uint32_t j = 0; j < NB; j++) {
            const g1_affine_t *a = &pk->a[2 + j], *b1 = &pk->b1[2 + j];
            ck_assert(!a->infinity && !b1->infinity);
            ck_assert_msg(fq_eq(&a->x, &b1->x) == (j % 3 != 2), "path %d bit %u", ct, j);
            ck_assert_msg(fq_eq(&a->y, &b1->y) == (j % 3 == 0), "path %d bit %u", ct, j);
            if (j % 3 == 1) {
                fq_t ny;
                fq_neg(&ny, &a->y);
                ck_assert(fq_eq(&ny, &b1->y));
            }
        }
        assert_b1_b2_agree(pk, nw, 1, ct);
        groth16_vk_t *vk;
        groth16_proof_t pr;
        ck_assert_int_eq(io_vk_from_zkey(&vk, pk), ZKP_OK);
        ck_assert_int_eq(groth16_prove(&pr, pk, cs, w, nw, NULL, NULL), ZKP_OK);
        ck_assert_int_eq(groth16_verify(vk, w + 1, 1, &pr), ZKP_OK);
        io_vk_free(vk);
        zkey_free(pk);
    }
    r1cs_free(cs);
    zkp_free(w);
}
END_TEST

/* Bad systems are refused before any work (the QAP scatter indexes by wire): a term
 * on a wire past n_wires, custom gates; both paths, 1 and 2 threads. */
START_TEST(bad_systems) {
    circ_t c;
    circ_make(&c, 2, 5000, 0xbad); /* 2^13 rows: the multi-thread region */
    uint64_t last = c.cs->lc_start[3 * (uint64_t)c.cs->n_constraints] - 1;
    for (int th = 1; th <= 2; th++)
        for (int ct = 0; ct < 2; ct++) {
            zkp_set_threads(th);
            groth16_pk_t *pk = (groth16_pk_t *)1;
            uint32_t keep = c.cs->terms[last].wire;
            c.cs->terms[last].wire = c.cs->n_wires;
            ck_assert_int_eq(
                groth16_setup_ex(&pk, c.cs, ct ? GROTH16_SETUP_CONSTANT_TIME : 0, NULL, NULL),
                ZKP_ERR_FORMAT);
            ck_assert_msg(strstr(zkp_last_error(), "uses wire") && !pk, "%s", zkp_last_error());
            c.cs->terms[last].wire = keep;
            c.cs->extra = zkp_calloc(2, sizeof *c.cs->extra);
            c.cs->extra[0].id = 4, c.cs->extra[1].id = 5, c.cs->n_extra = 2;
            ck_assert_int_eq(
                groth16_setup_ex(&pk, c.cs, ct ? GROTH16_SETUP_CONSTANT_TIME : 0, NULL, NULL),
                ZKP_ERR_FORMAT);
            ck_assert_msg(strstr(zkp_last_error(), "custom gates"), "%s", zkp_last_error());
            zkp_free(c.cs->extra);
            c.cs->extra = NULL, c.cs->n_extra = 0;
        }
    zkp_set_threads(0);
    circ_free(&c);
}
END_TEST

Suite *setup_suite(void) {
    Suite *s = suite_create("setup");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, var_g1_vs_mul, 0, (int)(sizeof g1_widths / sizeof g1_widths[0]));
    tcase_add_loop_test(tc, var_g2_vs_mul, 0, (int)(sizeof g2_widths / sizeof g2_widths[0]));
    tcase_add_test(tc, var_crafted_and_zero);
    tcase_add_test(tc, var_scalar_path);
    tcase_add_loop_test(tc, paths_prove_verify, 0, 2);
    tcase_add_loop_test(tc, paths_snarkjs_accepts, 0, 2);
    tcase_add_test(tc, bit_wires_b1_from_a);
    tcase_add_test(tc, bad_systems);
    suite_add_tcase(s, tc);
    return s;
}
