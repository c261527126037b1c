/* zkpot tests: the optimizer's memo of substitutions (compiler/opt.c, memo_t).
 * Linear elimination replays a substitution it has recorded when a later one
 * reads the same terms shifted (Poseidon's partial rounds in every instance
 * of a width); the replay must give exactly what computing gives. Each test
 * compiles a circuit twice, with the memo and with ZKC_NO_MEMO=1, and wants
 * the same .r1cs and .sym bytes, and --stats must show that the memo was used:
 *   random   generated circuits: Poseidon instances of random widths (each
 *            width at least three times: seen, recorded, replayed) over random
 *            linear combinations of the inputs, and loops whose iterations
 *            eliminate alike (same shifted keys) with definitions over the
 *            inputs that either follow the shift (replayed) or do not (the
 *            check fails and the substitution is computed); the witness with
 *            --verify-passes (every pass keeps it satisfying the system) must
 *            give the same .wtns both ways;
 *   sgd      circuits/sgd.zkc at P = 256. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

/* The linear_substitutions line of --stats output s: all, replayed, failed checks. */
static void subst_stats(const char *s, size_t *total, size_t *replayed, size_t *failed) {
    const char *p = strstr(s, "linear_substitutions\t");
    ck_assert_msg(p != NULL, "no linear_substitutions in --stats: %s", s);
    ck_assert_int_eq(sscanf(p, "linear_substitutions\t%zu\t(replayed %zu, checks failed %zu)", total, replayed,
                            failed),
                     3);
}

static void same_file(const char *a, const char *b) {
    size_t na, nb;
    uint8_t *x = test_slurp(a, &na), *y = test_slurp(b, &nb);
    ck_assert_msg(na == nb && !memcmp(x, y, na), "%s and %s differ", a, b);
    free(x);
    free(y);
}

/* Compiles circ (with defs) into dir/memo and dir/nomemo and compares; returns
 * the memo run's --stats output (caller frees). */
static char *compile_both(const char *dir, const char *circ, const char *defs, const char *name) {
    char cmd[2048], a[1024], b[1024];
    int st;
    snprintf(cmd, sizeof cmd, "ZKC_NO_MEMO=1 %s/zkc compile %s %s -o %s/nomemo --stats 2>&1", test_bindir(),
             circ, defs, dir);
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 0, "%s: %s", cmd, out);
    size_t total, replayed, failed;
    subst_stats(out, &total, &replayed, &failed);
    ck_assert_msg(replayed == 0 && failed == 0, "ZKC_NO_MEMO=1 still replayed: %s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s/zkc compile %s %s -o %s/memo --stats 2>&1", test_bindir(), circ, defs, dir);
    out = test_run(cmd, &st);
    ck_assert_msg(st == 0, "%s: %s", cmd, out);
    for (int i = 0; i < 2; i++) {
        const char *ext = i ? "sym" : "r1cs";
        snprintf(a, sizeof a, "%s/memo/%s.%s", dir, name, ext);
        snprintf(b, sizeof b, "%s/nomemo/%s.%s", dir, name, ext);
        same_file(a, b);
    }
    return out;
}

/* Writes a random circuit to path and an input for it to in_path. */
static void gen_circuit(const char *path, const char *in_path, uint64_t *rs) {
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    int nx = 400;
    fprintf(f, "import \"poseidon.zkc\";\ninput x[%d];\n", nx);
    /* Poseidon: 2 or 3 widths, each called 3 to 5 times */
    int nw = 2 + (int)(test_rand64(rs) % 2), nh = 0;
    int calls[3], width[3];
    for (int i = 0; i < nw; i++) {
        width[i] = 1 + (int)(test_rand64(rs) % 6);
        for (int j = 0; j < i; j++)
            if (width[j] == width[i]) width[i] = width[i] % 6 + 1, j = -1;
        calls[i] = 3 + (int)(test_rand64(rs) % 3);
        nh += calls[i];
    }
    fprintf(f, "output h[%d];\n", nh);
    int k = 0;
    for (int i = 0; i < nw; i++)
        for (int c = 0; c < calls[i]; c++, k++) {
            fprintf(f, "var a%d[%d];\n", k, width[i]);
            for (int j = 0; j < width[i]; j++) {
                int t = 1 + (int)(test_rand64(rs) % 3);
                fprintf(f, "a%d[%d] = 0", k, j);
                for (int q = 0; q < t; q++)
                    fprintf(f, " + %d * x[%d]", 1 + (int)(test_rand64(rs) % 1000), (int)(test_rand64(rs) % nx));
                fprintf(f, ";\n");
            }
            fprintf(f, "h[%d] <== poseidon(%d, a%d);\n", k, width[i], k);
        }
    /* loop blocks: s[8] sums of 10 inputs each, t their sum (a substitution
     * of 80 terms); the inputs' stride per iteration is the iteration's wire
     * count (9: the shift is the same, replayed) or not (7: checks fail) */
    int nb = 2 + (int)(test_rand64(rs) % 2);
    for (int b = 0; b < nb; b++) {
        int m = 4 + (int)(test_rand64(rs) % 4), stride = b == 0 ? 9 : b == 1 ? 7 : test_rand64(rs) % 2 ? 9 : 7;
        int c0 = 1 + (int)(test_rand64(rs) % 50);
        fprintf(f, "output u%d[%d];\nfor i in 0..%d {\n    signal s[8];\n    signal t;\n", b, m, m);
        fprintf(f, "    for k in 0..8 {\n        var acc = 0;\n");
        fprintf(f, "        for q in 0..10 { acc += x[(%d * i + 3 * k + q) %% %d] * (q + %d); }\n", stride, nx,
                c0);
        fprintf(f, "        s[k] <== acc;\n    }\n    var sum = 0;\n");
        fprintf(f, "    for k in 0..8 { sum += (k + %d) * s[k]; }\n", 1 + (int)(test_rand64(rs) % 9));
        fprintf(f, "    t <== sum;\n    u%d[i] <== t * t;\n}\n", b);
    }
    fclose(f);
    f = fopen(in_path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "{\"x\": [");
    for (int i = 0; i < nx; i++) fprintf(f, "%s\"%llu\"", i ? "," : "", (unsigned long long)(test_rand64(rs) >> 4));
    fprintf(f, "]}\n");
    fclose(f);
}

START_TEST(test_random) {
    uint64_t rs = 0x0e30 + (uint64_t)_i * 7919;
    char *dir = test_tmpdir_new("zkcopt");
    char circ[512], in[512], cmd[4096], a[1024], b[1024];
    snprintf(circ, sizeof circ, "%s/m.zkc", dir);
    snprintf(in, sizeof in, "%s/in.json", dir);
    gen_circuit(circ, in, &rs);
    char *out = compile_both(dir, circ, "", "m");
    size_t total, replayed, failed;
    subst_stats(out, &total, &replayed, &failed);
    ck_assert_msg(replayed > 0 && failed > 0, "memo not exercised (replayed %zu, failed %zu of %zu)", replayed,
                  failed, total);
    free(out);
    int st;
    snprintf(cmd, sizeof cmd,
             "%s/zkc witness %s %s %s/memo.wtns --verify-passes 2>&1 && "
             "ZKC_NO_MEMO=1 %s/zkc witness %s %s %s/nomemo.wtns --verify-passes 2>&1",
             test_bindir(), circ, in, dir, test_bindir(), circ, in, dir);
    out = test_run(cmd, &st);
    ck_assert_msg(st == 0, "%s: %s", cmd, out);
    free(out);
    snprintf(a, sizeof a, "%s/memo.wtns", dir);
    snprintf(b, sizeof b, "%s/nomemo.wtns", dir);
    same_file(a, b);
    test_tmpdir_free(dir);
}
END_TEST

START_TEST(test_sgd) {
    char *dir = test_tmpdir_new("zkcopt_sgd");
    char circ[512];
    snprintf(circ, sizeof circ, "%s/circuits/sgd.zkc", test_root());
    char *out = compile_both(dir, circ, "-D P=256 -D B=4", "sgd");
    size_t total, replayed, failed;
    subst_stats(out, &total, &replayed, &failed);
    /* the partial rounds of its Poseidon instances replay from the third
     * instance of a width on (6,723 of 21,286 substitutions when written) */
    ck_assert_msg(replayed * 4 > total, "sgd P=256: %zu of %zu substitutions replayed", replayed, total);
    free(out);
    test_tmpdir_free(dir);
}
END_TEST

Suite *zkcopt_suite(void) {
    Suite *s = suite_create("zkcopt");
    TCase *tc = tcase_create("memo");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_random, 0, test_cases(3));
    tcase_add_test(tc, test_sgd);
    suite_add_tcase(s, tc);
    return s;
}
