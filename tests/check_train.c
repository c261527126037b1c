/* zkpot tests: L5 train — the native commitments and exact SGD update agree
 * with circuits/sgd.zkc: what train_sgd_write_input writes is accepted by the
 * compiled circuit (zkc witness), with tolerance 0, so the rounding must match
 * exactly; a changed commitment or claim is refused by both. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_util.h"
#include "zkpot.h"

/* Runs `zkc witness` on circuits/sgd.zkc for input path; returns its exit status. */
static int sgd_witness(const char *input, const train_sgd_step_t *s) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "%s/zkc witness %s/circuits/sgd.zkc -D P=%u -D B=%u -D F=%u -D NB=%u -D XB=%u %s "
             "%s.wtns >/dev/null 2>&1",
             test_bindir(), test_root(), s->P, s->B, s->F, s->NB, s->XB, input, input);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static void random_step(train_sgd_step_t *s, int64_t *w, int64_t *w2, int64_t *x, int64_t *y,
                        unsigned P, unsigned B, unsigned XB, uint64_t *rs) {
    for (unsigned j = 0; j < P; j++) w[j] = (int64_t)(test_rand64(rs) % 8192) - 4096;
    for (unsigned i = 0; i < P * B; i++) x[i] = (int64_t)(test_rand64(rs) % 1024) - 512;
    for (unsigned b = 0; b < B; b++) y[b] = (int64_t)(test_rand64(rs) % 8192) - 4096;
    *s = (train_sgd_step_t){.P = P, .B = B, .F = 8, .NB = 24, .XB = XB,
                            .w = w, .w2 = w2, .x = x, .y = y,
                            .lr = 1 + (int64_t)(test_rand64(rs) % 16),
                            .step = test_rand64(rs) % 1000,
                            .epoch = test_rand64(rs) % 10, .tol = 0};
}

static char *write_input(const train_sgd_step_t *s, zkp_err *e) {
    static char path[64];
    snprintf(path, sizeof path, "/tmp/zkpot_train_XXXXXX");
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    *e = train_sgd_write_input(f, s);
    fclose(f);
    return path;
}

START_TEST(exact_step_accepted_by_circuit) {
    /* P, B, XB (bits of the batch values: x, y are at most 14-bit signed here) */
    static const unsigned shapes[][3] = {{4, 4, 16}, {64, 4, 16}, {5, 2, 14}};
    unsigned P = shapes[_i][0], B = shapes[_i][1];
    uint64_t rs = 0x7a11 + (uint64_t)_i;
    int64_t w[64], w2[64], x[256], y[4];
    train_sgd_step_t s;
    random_step(&s, w, w2, x, y, P, B, shapes[_i][2], &rs);
    const int64_t lr0 = s.lr;
    ck_assert_int_eq(train_sgd_exact(w2, &s), ZKP_OK);
    zkp_err e;
    char *in = write_input(&s, &e);
    ck_assert_msg(e == ZKP_OK, "%s", zkp_last_error());
    ck_assert_msg(sgd_witness(in, &s) == 0, "circuit refused the exact step (P=%u B=%u)", P, B);
    /* a batch value outside XB bits: refused (the circuit's range check would fail) */
    fr_t c1, c2, c3;
    int64_t x0 = x[0];
    x[0] = (int64_t)1 << (s.XB - 1);
    ck_assert_int_eq(train_sgd_commitments(&c1, &c2, &c3, &s), ZKP_ERR_RANGE);
    x[0] = x0;
    s.lr = -((int64_t)1 << (s.NB - 1)) - 1; /* and an lr outside NB bits */
    ck_assert_int_eq(train_sgd_commitments(&c1, &c2, &c3, &s), ZKP_ERR_RANGE);
    s.lr = -s.lr - 2; /* 2^(NB-1) - 1: fits */
    ck_assert_int_eq(train_sgd_commitments(&c1, &c2, &c3, &s), ZKP_OK);
    s.lr = lr0;
    /* one weight off by one with tolerance 0: refused before writing */
    w2[P / 2] += 1;
    char *bad = write_input(&s, &e);
    ck_assert_int_eq(e, ZKP_ERR_UNSATISFIED);
    ck_assert(strstr(zkp_last_error(), "outside the tolerance") != NULL);
    unlink(bad);
    /* with tolerance 1 the same claim is fine, and the circuit agrees */
    s.tol = 1;
    in = write_input(&s, &e);
    ck_assert_int_eq(e, ZKP_OK);
    ck_assert_int_eq(sgd_witness(in, &s), 0);
    /* the same file with another commitment to the weights after: refused */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "sed -i 's/\"c_after\": \"\\([0-9]\\)/\"c_after\": \"1\\1/' %s", in);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_ne(sgd_witness(in, &s), 0);
    unlink(in);
    snprintf(cmd, sizeof cmd, "%s.wtns", in);
    unlink(cmd);
}
END_TEST

START_TEST(commit_checks_its_arguments) {
    fr_t h, pre;
    fr_set_u64(&pre, 1);
    int64_t v[3] = {(1 << 23) - 1, -(1 << 23), 0};
    ck_assert_int_eq(train_commit(&h, v, 3, 24, &pre, 1), ZKP_OK);
    v[0] = 1 << 23; /* not 24-bit signed */
    ck_assert_int_eq(train_commit(&h, v, 3, 24, &pre, 1), ZKP_ERR_RANGE);
    ck_assert_int_eq(train_commit(&h, v, 0, 24, &pre, 0), ZKP_ERR_RANGE);  /* m = 0 */
    ck_assert_int_eq(train_commit(&h, v, 0, 1, &pre, 1), ZKP_ERR_RANGE);   /* nb = 1 */
    /* n = 0 commits to the prefix alone: H(pre) */
    fr_t h2;
    ck_assert_int_eq(train_commit(&h, v, 0, 24, &pre, 1), ZKP_OK);
    ck_assert_int_eq(poseidon_hash(&h2, &pre, 1), ZKP_OK);
    ck_assert(fr_eq(&h, &h2));
}
END_TEST

/* ---- circuits/mlp.zkc ---- */

typedef struct {
    int64_t W[64], v[8], W2[64], v2[8], x[64], y[8];
} mlp_data_t;

/* A random step with D inputs, H hidden units, batch B, and the exact update;
 * hidden unit 0 sees z = 0 on sample 0 (ReLU's derivative there is 0). */
static void random_mlp(train_mlp_step_t *s, mlp_data_t *m, unsigned D, unsigned H, unsigned B,
                       uint64_t *rs) {
    ck_assert(D * H <= 64 && H <= 8 && B * D <= 64 && B <= 8 && D >= 2);
    for (unsigned i = 0; i < D * H; i++) m->W[i] = (int64_t)(test_rand64(rs) % 4096) - 2048;
    for (unsigned h = 0; h < H; h++) m->v[h] = (int64_t)(test_rand64(rs) % 4096) - 2048;
    for (unsigned i = 0; i < B * D; i++) m->x[i] = (int64_t)(test_rand64(rs) % 1024) - 512;
    for (unsigned b = 0; b < B; b++) m->y[b] = (int64_t)(test_rand64(rs) % 8192) - 4096;
    for (unsigned d = 0; d < D; d++) m->W[d] = d == 0 ? 3 : d == 1 ? -3 : 0;
    m->x[1] = m->x[0];
    *s = (train_mlp_step_t){.D = D, .H = H, .B = B, .F = 8, .NB = 24, .XB = 16,
                            .W = m->W, .v = m->v, .W2 = m->W2, .v2 = m->v2, .x = m->x, .y = m->y,
                            .lr = 1 + (int64_t)(test_rand64(rs) % 4),
                            .step = test_rand64(rs) % 1000, .epoch = test_rand64(rs) % 10,
                            .tol = 0};
    ck_assert_int_eq(train_mlp_exact(m->W2, m->v2, s), ZKP_OK);
}

static int run(const char *cmd) {
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static char *write_mlp_input(const train_mlp_step_t *s, zkp_err *e) {
    static char path[64];
    snprintf(path, sizeof path, "/tmp/zkpot_mlp_XXXXXX");
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    *e = train_mlp_write_input(f, s);
    fclose(f);
    return path;
}

static int mlp_witness(const char *input, const train_mlp_step_t *s) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "%s/zkc witness %s/circuits/mlp.zkc -D D=%u -D H=%u -D B=%u %s %s.wtns >/dev/null 2>&1",
             test_bindir(), test_root(), s->D, s->H, s->B, input, input);
    return run(cmd);
}

/* What train_mlp_write_input writes for the exact step is accepted by the
 * circuit with tolerance 0 (so the C model and the circuit round alike); one
 * weight off by one is refused by both, accepted by both with tolerance 1;
 * another commitment to the weights after is refused. */
START_TEST(mlp_exact_step_accepted_by_circuit) {
    static const unsigned shapes[][3] = {{3, 4, 2}, {5, 2, 4}};
    uint64_t rs = 0x31b0 + (uint64_t)_i;
    train_mlp_step_t s;
    mlp_data_t m;
    random_mlp(&s, &m, shapes[_i][0], shapes[_i][1], shapes[_i][2], &rs);
    zkp_err e;
    char cmd[512], *in = write_mlp_input(&s, &e);
    ck_assert_msg(e == ZKP_OK, "%s", zkp_last_error());
    ck_assert_msg(mlp_witness(in, &s) == 0, "circuit refused the exact MLP step (%u, %u, %u)",
                  s.D, s.H, s.B);
    unlink(in);
    for (int layer = 0; layer < 2; layer++) {
        int64_t *w = layer ? &m.v2[s.H - 1] : &m.W2[s.D]; /* W2[1][0], v2[H-1] */
        *w += 1;
        s.tol = 0;
        char *bad = write_mlp_input(&s, &e);
        ck_assert_int_eq(e, ZKP_ERR_UNSATISFIED);
        ck_assert(strstr(zkp_last_error(), "outside the tolerance") != NULL);
        unlink(bad);
        s.tol = 1;
        in = write_mlp_input(&s, &e);
        ck_assert_int_eq(e, ZKP_OK);
        ck_assert_int_eq(mlp_witness(in, &s), 0);
        /* the tolerance in the file back to 0, the commitment too: the circuit refuses */
        s.tol = 0;
        snprintf(cmd, sizeof cmd, "sed -i 's/\"tol\": 1/\"tol\": 0/' %s", in);
        ck_assert_int_eq(system(cmd), 0);
        ck_assert_int_ne(mlp_witness(in, &s), 0);
        unlink(in);
        *w -= 1;
    }
    snprintf(cmd, sizeof cmd, "%s.wtns", in);
    unlink(cmd);
}
END_TEST

/* mlp.zkc end to end: the interpreter, the generated C and the LLVM JIT give
 * byte-identical witnesses; zkpot setup, prove, verify; snarkjs verifies. */
START_TEST(mlp_proven_end_to_end) {
    uint64_t rs = 0x31f0;
    train_mlp_step_t s;
    mlp_data_t m;
    random_mlp(&s, &m, 4, 4, 4, &rs);
    s.tol = 2;
    char d[64] = "/tmp/zkpot_mlp_e2e_XXXXXX", in[128], cmd[8192];
    ck_assert_ptr_nonnull(mkdtemp(d));
    snprintf(in, sizeof in, "%s/in.json", d);
    FILE *f = fopen(in, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(train_mlp_write_input(f, &s), ZKP_OK);
    fclose(f);
    const char *z = test_bindir(), *r = test_root();
    snprintf(cmd, sizeof cmd,
             "set -e; %s/zkc compile %s/circuits/mlp.zkc -o %s --emit r1cs,c; "
             "%s/zkc witness %s/circuits/mlp.zkc %s %s/i.wtns --flat-inputs %s/flat.txt; "
             "%s/zkc witness %s/circuits/mlp.zkc %s %s/j.wtns --jit; cmp %s/i.wtns %s/j.wtns; "
             "cc -O2 -Wall -Wextra -Werror -std=c11 -I%s/runtime/include -I%s -DCIRCUIT=mlp "
             "-DCIRCUIT_H='\"mlp.h\"' %s/tests/zkc/driver.c %s/mlp.c %s/../lib/libzkpot.a "
             "-lgmp -lm -lcrypto -ljansson -fopenmp -o %s/drv; %s/drv %s/flat.txt %s/c.wtns; "
             "cmp %s/i.wtns %s/c.wtns; "
             "%s/zkpot setup -q %s/mlp.r1cs %s/mlp.zkey; %s/zkpot export-vk %s/mlp.zkey %s/vk.json; "
             "%s/zkpot prove -q %s/mlp.zkey %s/i.wtns %s/proof.json %s/public.json; "
             "%s/zkpot verify %s/vk.json %s/public.json %s/proof.json; "
             "node %s/tests/oracle/node_modules/snarkjs/cli.js groth16 verify %s/vk.json "
             "%s/public.json %s/proof.json 2>&1",
             z, r, d, z, r, in, d, d, z, r, in, d, d, d, r, d, r, d, z, d, d, d, d, d, d, z, d, d,
             z, d, d, z, d, d, d, d, z, d, d, d, r, d, d, d);
    int st;
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 0 && strstr(out, "OK"), "mlp end to end:\n%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "rm -rf %s", d);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

Suite *train_suite(void) {
    Suite *s = suite_create("train");
    TCase *tc = tcase_create("sgd");
    tcase_add_loop_test(tc, exact_step_accepted_by_circuit, 0, 3);
    tcase_add_test(tc, commit_checks_its_arguments);
    suite_add_tcase(s, tc);
    TCase *mlp = tcase_create("mlp");
    tcase_set_timeout(mlp, 300);
    tcase_add_loop_test(mlp, mlp_exact_step_accepted_by_circuit, 0, 2);
    tcase_add_test(mlp, mlp_proven_end_to_end);
    suite_add_tcase(s, mlp);
    return s;
}
