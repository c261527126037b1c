/* zkpot tests: the .ptau reader, writer, consistency check and the test-only
 * generator (runtime/io/ptau.c, `zkpot ptau`). Oracles: snarkjs 0.7.6 through
 * tests/oracle/ptau_oracle.js — its own "prepare phase2" must rebuild our
 * sections 12..15 byte for byte, its groth16 setup/prove/verify must work on
 * our file with a circom fixture of tests/oracle/io_fixtures.js, its
 * powersoftau verify must accept our file — and a small snarkjs-made ceremony
 * file, which our reader, checker and writer must take as it is. */
#include <check.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "zkpot.h"


static ptau_t *new_ptau(unsigned power) {
    ptau_t *p = NULL;
    ck_assert_msg(ptau_new(&p, power, NULL, NULL) == ZKP_OK, "%s", zkp_last_error());
    ck_assert(p != NULL);
    return p;
}

/* Sum of the points of block k (2^k points at 2^k - 1) in G1. */
static void block_sum(g1_t *r, const g1_affine_t *lag, unsigned k) {
    g1_set_infinity(r);
    for (size_t j = 0; j < ((size_t)1 << k); j++)
        g1_add_mixed(r, r, &lag[((size_t)1 << k) - 1 + j]);
}

/* Generation, check, write -> read -> write byte-identical, header-only read;
 * and one relation checked without ptau_check: the Lagrange polynomials of a
 * domain sum to 1, so every block of section 12 sums to G1. */
START_TEST(ptau_roundtrip) {
    unsigned power = 1 + (unsigned)_i; /* 1..5 */
    ptau_t *p = new_ptau(power), *q = NULL;
    ck_assert_msg(ptau_check(p) == ZKP_OK, "%s", zkp_last_error());
    ck_assert_uint_eq(p->power, power);
    ck_assert_uint_eq(p->n_contributions, 1);
    ck_assert(p->prepared);
    g1_t g, s;
    g1_generator(&g);
    for (unsigned k = 0; k <= power + 1; k++) { /* the short block too: sum_j w^j = 0 */
        block_sum(&s, p->lag_tau_g1, k);
        ck_assert_msg(g1_eq(&s, &g), "block %u of section 12 does not sum to G1", k);
    }
    uint8_t *b1, *b2;
    size_t n1, n2;
    ck_assert_int_eq(ptau_write_mem(&b1, &n1, p), ZKP_OK);
    size_t N = (size_t)1 << power;
    ck_assert_uint_eq(n1, 12 + 11 * 12 + 44 + 4 + 1504 +
                              (2 * N - 1 + 2 * N + 4 * N - 1 + 4 * N - 2) * 64 +
                              (N + 1 + 2 * N - 1) * 128);
    ck_assert_int_eq(ptau_read_mem(&q, b1, n1, "p.ptau", PTAU_READ_ALL), ZKP_OK);
    ck_assert_int_eq(ptau_check(q), ZKP_OK);
    ck_assert_int_eq(ptau_write_mem(&b2, &n2, q), ZKP_OK);
    ck_assert_uint_eq(n1, n2);
    ck_assert(memcmp(b1, b2, n1) == 0);
    ptau_free(q);
    ck_assert_int_eq(ptau_read_mem(&q, b1, n1, "p.ptau", PTAU_READ_HEADER), ZKP_OK);
    ck_assert_uint_eq(q->power, power);
    ck_assert(q->prepared && q->tau_g1 == NULL);
    ck_assert_int_eq(ptau_write_mem(&b2, &n2, q), ZKP_ERR_INVALID_ARG);
    ck_assert_int_eq(ptau_check(q), ZKP_ERR_INVALID_ARG);
    ptau_free(q);
    /* two runs draw different tau */
    q = new_ptau(power);
    ck_assert(!g1_affine_eq(&p->tau_g1[1], &q->tau_g1[1]));
    ptau_free(q), ptau_free(p), free(b1), free(b2);
}
END_TEST

START_TEST(ptau_new_range) {
    ptau_t *p = (ptau_t *)1;
    ck_assert_int_eq(ptau_new(&p, 0, NULL, NULL), ZKP_ERR_RANGE);
    ck_assert(p == NULL);
    ck_assert_int_eq(ptau_new(&p, PTAU_MAX_POWER + 1, NULL, NULL), ZKP_ERR_RANGE);
}
END_TEST

/* Every section with one point replaced by another valid point (or negated):
 * ptau_check fails and names the section. */
START_TEST(ptau_tamper_check) {
    ptau_t *p = new_ptau(4);
    size_t N = 16;
    struct {
        g1_affine_t *g1;
        g2_affine_t *g2;
        size_t i;
        const char *what;
    } t[] = {
        {p->tau_g1, NULL, 3, "tauG1"},
        {p->tau_g1, NULL, 2 * N - 2, "tauG1"},
        {p->tau_g1, NULL, 0, "tauG1[0]"},
        {NULL, p->tau_g2, 2, "tauG2"},
        {NULL, p->tau_g2, N - 1, "tauG2"},
        {p->alpha_tau_g1, NULL, 1, "alphaTauG1"},
        {p->beta_tau_g1, NULL, N - 1, "betaTauG1"},
        {NULL, &p->beta_g2, 0, "betaG2"},
        {p->beta_tau_g1, NULL, 0, "betaTauG1"},
        {p->lag_tau_g1, NULL, 4 * N - 2, "section 12"},
        {p->lag_tau_g1, NULL, 5, "section 12"},
        {NULL, p->lag_tau_g2, 2 * N - 2, "section 13"},
        {p->lag_alpha_tau_g1, NULL, 6, "section 14"},
        {p->lag_beta_tau_g1, NULL, 0, "section 15"},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
        for (int neg = 0; neg < 2; neg++) {
            if (t[k].g1) {
                g1_affine_t keep = t[k].g1[t[k].i];
                if (neg)
                    g1_affine_neg(&t[k].g1[t[k].i], &keep);
                else
                    t[k].g1[t[k].i] = p->tau_g1[7]; /* valid, wrong (index 7 never mutated) */
                ck_assert_int_eq(ptau_check(p), ZKP_ERR_VERIFY_FAIL);
                t[k].g1[t[k].i] = keep;
            } else {
                g2_affine_t keep = t[k].g2[t[k].i];
                if (neg)
                    g2_affine_neg(&t[k].g2[t[k].i], &keep);
                else
                    t[k].g2[t[k].i] = p->tau_g2[3];
                ck_assert_int_eq(ptau_check(p), ZKP_ERR_VERIFY_FAIL);
                t[k].g2[t[k].i] = keep;
            }
            ck_assert_msg(strstr(zkp_last_error(), t[k].what), "case %zu: %s", k, zkp_last_error());
        }
    ck_assert_int_eq(ptau_check(p), ZKP_OK);
    ptau_free(p);
}
END_TEST

static zkp_err read_buf(const uint8_t *b, size_t n, unsigned flags) {
    ptau_t *p = NULL;
    zkp_err e = ptau_read_mem(&p, b, n, "bad.ptau", flags);
    ck_assert(e == ZKP_OK ? p != NULL : p == NULL);
    ptau_free(p);
    return e;
}

static void expect(zkp_err got, zkp_err want, int sec, const char *what) {
    ck_assert_msg(got == want, "%s: got %s, want %s (%s)", what, zkp_strerror(got),
                  zkp_strerror(want), zkp_last_error());
    ck_assert_msg(strstr(zkp_last_error(), "bad.ptau"), "%s: no file name in: %s", what,
                  zkp_last_error());
    if (sec >= 0) {
        char s[32];
        snprintf(s, sizeof s, "section %d", sec);
        ck_assert_msg(strstr(zkp_last_error(), s), "%s: '%s' not in: %s", what, s,
                      zkp_last_error());
    }
}

START_TEST(ptau_malformed) {
    ptau_t *p = new_ptau(3);
    uint8_t *good;
    size_t n;
    ck_assert_int_eq(ptau_write_mem(&good, &n, p), ZKP_OK);
    ptau_free(p);
    ck_assert_int_eq(read_buf(good, n, 0), ZKP_OK);
    uint8_t *b = malloc(n);
    for (size_t len = 0; len < n; len += 1 + len / 32)
        ck_assert_int_eq(read_buf(good, len, 0), ZKP_ERR_FORMAT);
    size_t hdr = test_sec_off(good, n, 1), g1 = test_sec_off(good, n, 2), g2 = test_sec_off(good, n, 3);
    size_t contrib = test_sec_off(good, n, 7), l15 = test_sec_off(good, n, 15), l14 = test_sec_off(good, n, 14);
    ck_assert(hdr && g1 && g2 && contrib && l15 && l14);
    g2_affine_t off;
    test_g2_off_subgroup(&off, 2);
    uint8_t offb[G2_BYTES];
    g2_to_zkey(offb, &off);
#define MUTATE(stmt, want, sec, what)                                                              \
    do {                                                                                           \
        memcpy(b, good, n);                                                                        \
        stmt;                                                                                      \
        expect(read_buf(b, n, 0), want, sec, what);                                                \
    } while (0)
    MUTATE(b[0] = 'z', ZKP_ERR_FORMAT, -1, "wrong magic");
    MUTATE(test_put32(b + 4, 2), ZKP_ERR_FORMAT, -1, "version 2");
    MUTATE(test_put32(b + hdr + 36, 0), ZKP_ERR_RANGE, 1, "power 0");
    MUTATE(test_put32(b + hdr + 36, 28), ZKP_ERR_RANGE, 1, "power 28");
    MUTATE(test_put32(b + hdr + 36, 4), ZKP_ERR_FORMAT, 2, "power 4: sections too small");
    MUTATE(test_put32(b + hdr + 36, 2), ZKP_ERR_FORMAT, 2, "power 2: sections too big");
    MUTATE(b[hdr + 4] ^= 1, ZKP_ERR_FORMAT, 1, "another q");
    MUTATE(test_put32(b + hdr, 48), ZKP_ERR_FORMAT, 1, "n8 48");
    MUTATE(b[g1 + 2 * G1_BYTES + 40] ^= 1, ZKP_ERR_NOT_ON_CURVE, 2, "tauG1[2] off the curve");
    ck_assert(strstr(zkp_last_error(), "tauG1[2]"));
    MUTATE(memset(b + g1 + G1_BYTES, 0xff, 32), ZKP_ERR_NOT_CANONICAL, 2, "tauG1[1].x >= p");
    MUTATE(memcpy(b + g2 + G2_BYTES, offb, G2_BYTES), ZKP_ERR_NOT_IN_SUBGROUP, 3,
           "tauG2[1] outside the subgroup");
    ck_assert(strstr(zkp_last_error(), "tauG2[1]"));
    MUTATE(b[l15 + 5 * G1_BYTES + 1] ^= 1, ZKP_ERR_NOT_ON_CURVE, 15, "lagrange beta[5]");
    MUTATE(test_put32(b + contrib, 2), ZKP_ERR_FORMAT, 7, "two contributions announced, one there");
    MUTATE(test_put32(b + contrib, 0), ZKP_ERR_FORMAT, 7, "no contribution announced, one there");
    size_t rec = contrib + 4, type = rec + 1504 - 8;
    MUTATE(test_put32(b + type, 2), ZKP_ERR_FORMAT, 7, "contribution type 2");
    MUTATE(test_put32(b + type + 4, 1), ZKP_ERR_FORMAT, 7, "parameters past the section");
    MUTATE(b[rec + 5 * G1_BYTES + 40] ^= 1, ZKP_ERR_NOT_ON_CURVE, 7,
           "betaG2 of the record off the twist");
    ck_assert(strstr(zkp_last_error(), "contribution 0"));
    MUTATE(test_put32(b + l15 - 12, 16), ZKP_ERR_FORMAT, 16, "unknown section 16");
    MUTATE(test_put32(b + l15 - 12, 14), ZKP_ERR_FORMAT, -1, "section 14 twice, 15 missing");
    MUTATE(test_put32(b + contrib - 12, 2), ZKP_ERR_FORMAT, -1, "section 7 missing");
    /* only 3 of the phase-2 sections: drop 15 from the table (count - 1, file shortened) */
    memcpy(b, good, n);
    test_put32(b + 8, 10);
    expect(read_buf(b, l15 - 12, 0), ZKP_ERR_FORMAT, -1, "3 of the 4 phase-2 sections");
    ck_assert(strstr(zkp_last_error(), "12..15"));
    /* not prepared at all (1..7 only) is a valid file: check still works */
    memcpy(b, good, n);
    test_put32(b + 8, 7);
    ptau_t *q = NULL;
    ck_assert_int_eq(ptau_read_mem(&q, b, test_sec_off(good, n, 12) - 12, "p7.ptau", 0), ZKP_OK);
    ck_assert(!q->prepared);
    ck_assert_int_eq(ptau_check(q), ZKP_OK);
    ptau_free(q);
    /* the header-only read does not look at the points (documented) */
    memcpy(b, good, n);
    b[g1 + 2 * G1_BYTES + 40] ^= 1;
    ck_assert_int_eq(read_buf(b, n, PTAU_READ_HEADER), ZKP_OK);
#undef MUTATE
    free(b), free(good);
}
END_TEST

/* ---- against snarkjs ---- */

static char *oracle(int *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *oracle(int *st, const char *fmt, ...) {
    char args[3072], cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    /* results and errors come on stdout; stderr has only node's warnings */
    snprintf(cmd, sizeof cmd, "node %s/tests/oracle/ptau_oracle.js %s 2>/dev/null", test_root(), args);
    return test_run(cmd, st);
}


/* `zkpot ptau new 6`: snarkjs rebuilds its phase-2 sections byte for byte, runs
 * groth16 setup + zkey verify + prove + verify on it with a circom circuit of domain 2^5
 * (and our verifier accepts that proof), and its `powersoftau verify` accepts
 * the file, contribution record and transcript hashes included. The same on a 2^5 file, where
 * snarkjs takes the H points from section 12's short last block. `zkpot ptau
 * check` and `zkpot info` on it; a tampered tauG1 point fails `zkpot ptau check`. */
START_TEST(ptau_snarkjs_accepts_ours) {
    char *dir = test_tmpdir_new("ptau"), ours[600], ours5[600], re[600], cmd[2048], bad[600];
    snprintf(ours, sizeof ours, "%s/ours.ptau", dir);
    snprintf(ours5, sizeof ours5, "%s/ours5.ptau", dir);
    snprintf(re, sizeof re, "%s/re.ptau", dir);
    snprintf(bad, sizeof bad, "%s/bad.ptau", dir);
    int st;
    snprintf(cmd, sizeof cmd,
             "%s/zkpot ptau new 6 %s --quiet 2>&1 && %s/zkpot ptau new 5 %s --quiet 2>&1",
             test_bindir(), ours, test_bindir(), ours5);
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 0, "zkpot ptau new: %s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s/zkpot ptau check %s 2>&1", test_bindir(), ours);
    out = test_run(cmd, &st);
    ck_assert_msg(st == 0 && strstr(out, "consistent"), "zkpot ptau check: %s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s/zkpot info %s 2>&1", test_bindir(), ours);
    out = test_run(cmd, &st);
    ck_assert_msg(st == 0 && strstr(out, "power: 6") && strstr(out, "contributions: 1"), "%s", out);
    free(out);

    out = oracle(&st, "prepare %s %s", ours, re);
    ck_assert_msg(st == 0 && !strncmp(out, "ok", 2), "prepare: %s", out);
    free(out);
    size_t n1, n2;
    uint8_t *b1 = test_slurp(ours, &n1), *b2 = test_slurp(re, &n2);
    ck_assert_uint_eq(n1, n2);
    ck_assert_msg(memcmp(b1, b2, n1) == 0, "snarkjs's phase-2 sections differ from ours");
    free(b2);

    out = oracle(&st, "verify %s", ours);
    ck_assert_msg(st == 0 && !strncmp(out, "ok", 2), "snarkjs powersoftau verify: %s", out);
    free(out);

    char *r1cs = test_io_fixture_r1cs("mulchain"), wasm[1200], gdir[700], rdir[1024];
    snprintf(rdir, sizeof rdir, "%s", r1cs);
    snprintf(wasm, sizeof wasm, "%s/io_mulchain_js/io_mulchain.wasm", dirname(rdir));
    uint64_t rs = 0x9a7;
    for (int k = 0; k < 2; k++) {
        snprintf(gdir, sizeof gdir, "%s/g16_%d", dir, k);
        out = oracle(&st, "g16 %s %s %s %s '{\"a\":\"%llu\",\"b\":\"%llu\"}'", r1cs, wasm,
                     k ? ours5 : ours, gdir, (unsigned long long)(test_rand64(&rs) >> 1),
                     (unsigned long long)(test_rand64(&rs) >> 1));
        ck_assert_msg(st == 0 && !strncmp(out, "ok ", 3), "snarkjs groth16 on our ptau: %s", out);
        char zk[1024], wt[1024], vkp[1024], prp[1024], pbp[1024];
        ck_assert_int_eq(
            sscanf(out + 3, "%1023s %1023s %1023s %1023s %1023s", zk, wt, vkp, prp, pbp), 5);
        free(out);
        io_vk_t *vk;
        io_proof_t pr;
        fr_t *pub;
        size_t npub;
        ck_assert_int_eq(io_vk_read(&vk, vkp), ZKP_OK);
        ck_assert_int_eq(io_proof_read(&pr, prp), ZKP_OK);
        ck_assert_int_eq(io_public_read(&pub, &npub, pbp), ZKP_OK);
        ck_assert_int_eq(groth16_verify(vk, pub, npub, &pr), ZKP_OK);
        fr_add(&pub[0], &pub[0], &fr_one_c);
        ck_assert_int_eq(groth16_verify(vk, pub, npub, &pr), ZKP_ERR_VERIFY_FAIL);
        io_vk_free(vk), zkp_free(pub);
    }

    /* tauG1[5] := tauG1[6]: valid points, wrong file */
    size_t g1 = test_sec_off(b1, n1, 2);
    memcpy(b1 + g1 + 5 * G1_BYTES, b1 + g1 + 6 * G1_BYTES, G1_BYTES);
    test_spit(bad, b1, n1);
    snprintf(cmd, sizeof cmd, "%s/zkpot ptau check %s 2>&1", test_bindir(), bad);
    out = test_run(cmd, &st);
    ck_assert_msg(st == 1 && strstr(out, "tauG1"), "tampered: exit %d: %s", st, out);
    free(out), free(b1), free(r1cs);
    test_tmpdir_free(dir);
}
END_TEST

/* snarkjs's own ceremony file (ptau_oracle.js ceremony: new, one contribution,
 * prepare phase2; cached in build/oracle-cache/ptau): read, checked and written
 * back byte for byte; with one tauG1 point replaced by another both ptau_check
 * and snarkjs's powersoftau verify refuse it. */
START_TEST(ptau_snarkjs_file) {
    char path[1024], cmd[2048];
    int st;
    snprintf(path, sizeof path, "%s/build/oracle-cache/ptau/snarkjs_pot6.ptau", test_root());
    if (access(path, R_OK) != 0) {
        snprintf(cmd, sizeof cmd, "mkdir -p %s/build/oracle-cache/ptau", test_root());
        ck_assert_int_eq(system(cmd), 0);
        char *out = oracle(&st, "ceremony 6 %s", path);
        ck_assert_msg(st == 0 && !strncmp(out, "ok", 2), "snarkjs ceremony: %s", out);
        free(out);
    }
    size_t n, m;
    uint8_t *b = test_slurp(path, &n), *w;
    ptau_t *p;
    ck_assert_msg(ptau_read_mem(&p, b, n, path, 0) == ZKP_OK, "%s", zkp_last_error());
    ck_assert_uint_eq(p->power, 6);
    ck_assert_uint_eq(p->n_contributions, 1);
    ck_assert(p->prepared);
    ck_assert_msg(ptau_check(p) == ZKP_OK, "%s", zkp_last_error());
    ck_assert_int_eq(ptau_write_mem(&w, &m, p), ZKP_OK);
    ck_assert_uint_eq(m, n);
    ck_assert(memcmp(w, b, n) == 0);
    free(w);
    p->tau_g1[5] = p->tau_g1[6];
    ck_assert_int_eq(ptau_check(p), ZKP_ERR_VERIFY_FAIL);
    ck_assert(strstr(zkp_last_error(), "tauG1"));
    ptau_free(p);
    char *dir = test_tmpdir_new("ptau"), bad[600];
    snprintf(bad, sizeof bad, "%s/bad.ptau", dir);
    size_t g1 = test_sec_off(b, n, 2);
    memcpy(b + g1 + 5 * G1_BYTES, b + g1 + 6 * G1_BYTES, G1_BYTES);
    test_spit(bad, b, n);
    char *out = oracle(&st, "verify %s", bad);
    ck_assert_msg(strstr(out, "invalid"), "snarkjs verify of a tampered file: %s", out);
    free(out), free(b);
    test_tmpdir_free(dir);
}
END_TEST

/* Usage and input errors of `zkpot ptau`: exit 2 with a message. */
START_TEST(ptau_cli_errors) {
    char *dir = test_tmpdir_new("ptau"), cmd[2048];
    const char *args[] = {
        "",        "new 0 %s/x.ptau",       "new 28 %s/x.ptau", "new 3x %s/x.ptau",
        "frob %s", "check %s/missing.ptau", "check %s/bad.ptau"};
    char bad[700];
    snprintf(bad, sizeof bad, "%s/bad.ptau", dir);
    test_spit(bad, (const uint8_t *)"ptau\1\0\0\0", 8); /* truncated header */
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
        char a[1024];
        snprintf(a, sizeof a, args[i], dir);
        snprintf(cmd, sizeof cmd, "%s/zkpot ptau %s 2>&1", test_bindir(), a);
        int st;
        char *out = test_run(cmd, &st);
        ck_assert_msg(st == 2 && *out, "'zkpot ptau %s': exit %d: %s", a, st, out);
        free(out);
    }
    test_tmpdir_free(dir);
}
END_TEST

Suite *ptau_suite(void) {
    Suite *s = suite_create("ptau");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, ptau_roundtrip, 0, 5);
    tcase_add_test(tc, ptau_new_range);
    tcase_add_test(tc, ptau_tamper_check);
    tcase_add_test(tc, ptau_malformed);
    suite_add_tcase(s, tc);
    TCase *to = tcase_create("oracle");
    tcase_add_test(to, ptau_cli_errors);
    tcase_add_test(to, ptau_snarkjs_accepts_ours);
    tcase_add_test(to, ptau_snarkjs_file);
    suite_add_tcase(s, to);
    return s;
}
