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

/* The value of `key<TAB>value` in the --stats output out, or -1. */
static long stat_of(const char *out, const char *key) {
    char pat[128];
    snprintf(pat, sizeof pat, "\n%s\t", key);
    const char *p = strstr(out, pat);
    return p ? atol(p + strlen(pat)) : -1;
}

/* Loops are rerolled as they close during elaboration and their flat
 * instructions dropped: the flat program held at once is a small part of the
 * whole (sgd P=300: 0.68M instructions emitted, 18k held: the iterations of
 * the outermost loop over the weights, which are dropped only when it closes,
 * ~60 instructions a weight). The generated C is the same either way: the
 * zkc suite runs every circuit with --verify-passes (the whole flat program
 * kept and rerolled at the end) and without (rerolled while elaborating:
 * the JIT), and compares the witnesses. */
START_TEST(test_flat_dropped) {
    long held[2], total[2];
    const char *defs[2] = {"-D P=300", "-D P=750"};
    for (int i = 0; i < 2; i++) {
        char dir[] = "/tmp/zkcloop_test_XXXXXX";
        ck_assert_ptr_nonnull(mkdtemp(dir));
        char cmd[1024];
        int st;
        snprintf(cmd, sizeof cmd, "%s/zkc compile %s/circuits/sgd.zkc -o %s --emit r1cs --stats %s 2>&1",
                 test_bindir(), test_root(), dir, defs[i]);
        char *out = test_run(cmd, &st);
        ck_assert_msg(st == 0, "%s: %s", cmd, out);
        held[i] = stat_of(out, "witness_instructions_held");
        total[i] = stat_of(out, "witness_instructions");
        free(out);
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
        ck_assert_msg(held[i] > 0 && total[i] > 0 && held[i] * 20 < total[i],
                      "sgd %s: %ld of %ld flat instructions held at once", defs[i], held[i], total[i]);
    }
    ck_assert_msg(total[1] > 2 * total[0] && held[1] < total[1] / 20,
                  "sgd: held %ld of %ld at P=300, %ld of %ld at P=750", held[0], total[0], held[1],
                  total[1]);
}
END_TEST

/* A linear combination computed term by term accumulates in place: a chain of
 * N terms spends a few temporary slots, not 2N (the witness's slot array at
 * sgd P=100,000 was 225.9M slots, 7.2 GB, mostly chain temporaries). The
 * generated C's NSLOTS stays near the wire count, and the interpreter and the
 * JIT compute the sums (checked against C: values below 2^20, sums in u64). */
START_TEST(test_chain_slots) {
    enum { N = 1000 };
    char dir[] = "/tmp/zkcloop_test_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256], cmd[2048];
    snprintf(path, sizeof path, "%s/chains.zkc", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "param N = 4;\ninput x[N];\noutput y[2];\nvar a = 0;\nvar b = 5;\n"
               "for i in 0..N { a += (i + 2) * x[i]; b += x[i]; }\ny[0] <== a;\ny[1] <== b;\n");
    fclose(f);
    uint64_t rs = 0xc4a1, y0 = 0, y1 = 5;
    snprintf(path, sizeof path, "%s/in.json", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "{\"x\": [");
    for (int i = 0; i < N; i++) {
        uint64_t x = test_rand64(&rs) >> 44;
        y0 += (uint64_t)(i + 2) * x, y1 += x;
        fprintf(f, "%s%llu", i ? ", " : "", (unsigned long long)x);
    }
    fprintf(f, "]}\n");
    fclose(f);
    int st;
    snprintf(cmd, sizeof cmd, "%s/zkc compile %s/chains.zkc -o %s --emit c -D N=%d 2>&1 && grep '#define NSLOTS' %s/chains.c",
             test_bindir(), dir, dir, N, dir);
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 0, "%s: %s", cmd, out);
    long slots = atol(out + strlen("#define NSLOTS "));
    free(out);
    ck_assert_msg(slots > N && slots < N + 64, "%ld witness slots for %d inputs and two chains", slots, N);
    char want[128];
    snprintf(want, sizeof want, "{\"y\": [\"%llu\", \"%llu\"]}", (unsigned long long)y0, (unsigned long long)y1);
    /* interpreter, JIT, JIT with the program split into functions of 2 items
     * (gen.h wprog_split: the counters of the loops around a part are its
     * arguments) */
    for (int jit = 0; jit < 3; jit++) {
        snprintf(cmd, sizeof cmd, "%s%s/zkc witness %s/chains.zkc %s/in.json %s/w.wtns -D N=%d --outputs%s 2>&1",
                 jit == 2 ? "ZKC_PART=2 " : "", test_bindir(), dir, dir, dir, N, jit ? " --jit" : "");
        out = test_run(cmd, &st);
        ck_assert_msg(st == 0 && strstr(out, want), "%s: %s (want %s)", cmd, out, want);
        free(out);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}
END_TEST

/* A failing hint inside nested parts (gen.h wprog_split, ZKC_PART=1: the outer
 * loop is a part calling a part for the inner loop, which reads both counters):
 * the generated C passes the error up to <name>_witness, which names the source
 * line; with nonzero divisors the split C, the one-function C, the interpreter
 * and the split JIT give the same .wtns. Divisors random, one zero at a random
 * place for the failing run. */
START_TEST(test_part_fail) {
    enum { N = 4, M = 3 };
    char *dir = test_tmpdir_new("zkcpart");
    char path[256], cmd[4096];
    snprintf(path, sizeof path, "%s/divs.zkc", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "param N = 2;\nparam M = 2;\ninput a[N][M];\ninput b[N][M];\noutput q[N][M];\n"
               "for i in 0..N { for j in 0..M {\n    q[i][j] <-- a[i][j] \\ b[i][j];\n"
               "    q[i][j] * b[i][j] === a[i][j];\n} }\nfree q;\n");
    fclose(f);
    uint64_t rs = 0x9a27 + (uint64_t)_i, a[N * M], b[N * M];
    for (int i = 0; i < N * M; i++) { /* a = b * c, so that q * b === a holds */
        b[i] = 1 + (test_rand64(&rs) >> 44);
        a[i] = b[i] * (test_rand64(&rs) >> 24);
    }
    int zero = (int)(test_rand64(&rs) % (N * M)), st;
    char defs[64];
    snprintf(defs, sizeof defs, "-D N=%d -D M=%d", N, M);
    for (int p = 0; p < 2; p++) { /* one function, then parts of 1 item */
        snprintf(cmd, sizeof cmd,
                 "%s%s/zkc compile %s/divs.zkc -o %s/c%d --emit c %s && "
                 "cc -O2 -Wall -Wextra -Werror -std=c11 -I%s/runtime/include -I%s/c%d -DCIRCUIT=divs "
                 "-DCIRCUIT_H='\"divs.h\"' %s/tests/zkc/driver.c %s/c%d/divs.c %s/../lib/libzkpot.a "
                 "-lgmp -lm -lcrypto -ljansson -fopenmp -o %s/drv%d 2>&1 && "
                 "{ grep -c '^static ZKC_NOINLINE zkp_err' %s/c%d/divs.c || true; }",
                 p ? "ZKC_PART=1 " : "", test_bindir(), dir, dir, p, defs, test_root(), dir, p, test_root(),
                 dir, p, test_bindir(), dir, p, dir, p);
        char *out = test_run(cmd, &st);
        /* no parts in one function; split, the inner loop's body, the inner
         * loop and the outer loop are parts that can fail, each passing the
         * error of the one it calls up */
        ck_assert_msg(st == 0 && (p ? atoi(out) >= 3 : atoi(out) == 0), "%s:\n%s", cmd, out);
        free(out);
    }
    for (int fail = 0; fail < 2; fail++) {
        snprintf(path, sizeof path, "%s/in.json", dir);
        f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        for (int v = 0; v < 2; v++) {
            fprintf(f, "%s\"%c\": [", v ? ", " : "{", v ? 'b' : 'a');
            for (int i = 0; i < N; i++)
                for (int j = 0; j < M; j++) {
                    uint64_t x = v ? (fail && i * M + j == zero ? 0 : b[i * M + j]) : a[i * M + j];
                    fprintf(f, "%s%s%llu", j ? ", " : i ? ", [" : "[", "", (unsigned long long)x);
                    if (j == M - 1) fputc(']', f);
                }
            fputc(']', f);
        }
        fputs("}\n", f);
        fclose(f);
        /* the interpreter writes the flat inputs (and fails on a zero divisor) */
        snprintf(cmd, sizeof cmd, "%s/zkc witness %s/divs.zkc %s/in.json %s/w.wtns %s --flat-inputs %s/flat.txt 2>&1",
                 test_bindir(), dir, dir, dir, defs, dir);
        char *out = test_run(cmd, &st);
        ck_assert_msg(fail ? st != 0 && strstr(out, "division by zero") : st == 0, "%s:\n%s", cmd, out);
        free(out);
        if (fail) { /* flat inputs by hand: a then b, row major */
            snprintf(path, sizeof path, "%s/flat.txt", dir);
            f = fopen(path, "w");
            ck_assert_ptr_nonnull(f);
            for (int i = 0; i < 2 * N * M; i++)
                fprintf(f, "%llu\n", (unsigned long long)(i < N * M ? a[i] : i - N * M == zero ? 0 : b[i - N * M]));
            fclose(f);
        }
        for (int p = 0; p < 2; p++) {
            snprintf(cmd, sizeof cmd, "%s/drv%d %s/flat.txt %s/c%d.wtns 2>&1%s", dir, p, dir, dir, p,
                     fail ? "" : " && cmp");
            if (!fail)
                snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), " %s/w.wtns %s/c%d.wtns", dir, dir, p);
            out = test_run(cmd, &st);
            ck_assert_msg(fail ? st != 0 && strstr(out, "divs.zkc:7: integer division by zero") : st == 0,
                          "%s:\n%s", cmd, out);
            free(out);
        }
        if (!fail) {
            snprintf(cmd, sizeof cmd,
                     "ZKC_PART=1 %s/zkc witness %s/divs.zkc %s/in.json %s/j.wtns %s --jit 2>&1 && cmp %s/w.wtns %s/j.wtns",
                     test_bindir(), dir, dir, dir, defs, dir, dir);
            out = test_run(cmd, &st);
            ck_assert_msg(st == 0, "%s:\n%s", cmd, out);
            free(out);
        }
    }
    test_tmpdir_free(dir);
}
END_TEST

Suite *zkcloop_suite(void) {
    Suite *s = suite_create("zkcloop");
    TCase *tc = tcase_create("lines");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_sgd_lines);
    tcase_add_test(tc, test_lora_lines);
    tcase_add_test(tc, test_flat_dropped);
    tcase_add_test(tc, test_chain_slots);
    tcase_add_loop_test(tc, test_part_fail, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
