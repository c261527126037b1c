/* zkpot tests: L5 train — the native commitments and exact SGD update agree
 * with circuits/sgd.zkc: what train_sgd_write_input writes is accepted by the
 * compiled circuit (zkc witness), with tolerance 0, so the rounding must match
 * exactly; a changed commitment or claim is refused by both. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

Suite *train_suite(void) {
    Suite *s = suite_create("train");
    TCase *tc = tcase_create("sgd");
    tcase_add_loop_test(tc, exact_step_accepted_by_circuit, 0, 3);
    tcase_add_test(tc, commit_checks_its_arguments);
    suite_add_tcase(s, tc);
    return s;
}
