/* zkpot tests: the witness program stays loops (issue 4: "a million
 * constraints must not become a million lines"). The generated C of sgd.zkc
 * and lora.zkc is compiled at two sizes and its line count must grow by less
 * than 2%: the witness code (rerolled loops, linear-combination chains as
 * loops), the constant table (constants laid out in loop order are indices,
 * KFROM) and the kept-wire table (a tree of repeated runs, KEEP) all follow
 * the source, not the number of constraints.
 * The sizes are chosen so that both commit to the same set of Poseidon widths
 * (the chain of stdlib/commit.zkc hashes 15 elements at a time and a last,
 * shorter block): each width brings its own round constants and its own
 * unrolled call, a bounded amount (16 widths at most) that depends on the
 * sizes modulo 15 packed elements, not on their magnitude.
 * The rerolled program's correctness is checked by the circuit tests of the
 * zkc suite (tests/zkc/reroll.zkc and every other circuit: the rerolled tree
 * against the flat program, the generated C and the LLVM JIT). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

/* Lines of dir/name.c after `zkc compile circ -o dir --emit c defs`. */
static long c_lines(const char *circ, const char *defs, const char *name) {
    char dir[] = "/tmp/zkcloop_test_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cmd[1024];
    int st;
    snprintf(cmd, sizeof cmd, "%s/zkc compile %s/circuits/%s -o %s --emit c %s 2>&1", test_bindir(),
             test_root(), circ, dir, defs);
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 0, "%s: %s", cmd, out);
    free(out);
    snprintf(cmd, sizeof cmd, "%s/%s.c", dir, name);
    FILE *f = fopen(cmd, "r");
    ck_assert_msg(f != NULL, "no %s", cmd);
    long n = 0;
    for (int c; (c = fgetc(f)) != EOF;) n += c == '\n';
    fclose(f);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return n;
}

static void check_flat(const char *circ, const char *name, const char *small, const char *big) {
    long a = c_lines(circ, small, name), b = c_lines(circ, big, name);
    ck_assert_msg(a > 0 && b * 100 < a * 102, "%s: %ld lines at %s, %ld at %s (more than 2%% growth)",
                  circ, a, small, b, big);
}

/* sgd: P = 300 and 750 weights (2.5 times the constraints; the commitments'
 * element counts differ by multiples of 15). */
START_TEST(test_sgd_lines) {
    check_flat("sgd.zkc", "sgd", "-D P=300", "-D P=750");
}
END_TEST

/* lora: rank 2 and 3 on a 75 x 75 layer (the adapters' commitment packs
 * 15 R elements; the batch's does not depend on R). The frozen W0 is a
 * compile-time D x K matrix whose zero entries make the rows of W0 x differ:
 * that product is data, so D and K stay fixed here. */
START_TEST(test_lora_lines) {
    check_flat("lora.zkc", "lora", "-D D=75 -D K=75 -D R=2", "-D D=75 -D K=75 -D R=3");
}
END_TEST

Suite *zkcloop_suite(void) {
    Suite *s = suite_create("zkcloop");
    TCase *tc = tcase_create("lines");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_sgd_lines);
    tcase_add_test(tc, test_lora_lines);
    suite_add_tcase(s, tc);
    return s;
}
