/* zkpot tests: the zkc compiler, driven through its command line.
 *   circuits  every tests/zkc/NAME.zkc carries its expectations in comments:
 *             // @define N=V           -D for every run
 *             // @constraints K        constraint count at -O2 (also -O0, -O1 forms)
 *             // @input {json}         followed by
 *             // @output {json}        the outputs the witness must give
 *             // @snarkjs              also run `snarkjs r1cs info` and `wtns check`
 *             Witnesses run with --verify-passes: every optimizer pass is checked
 *             to keep the witness satisfying the system, and the rerolled
 *             program against the flat one. The generated C (--emit c) must be
 *             byte-identical across two runs, build with -Werror, and give the
 *             same .wtns bytes as the interpreter (through tests/zkc/driver.c);
 *             the LLVM back end (--jit) must give the same bytes as the C one,
 *             and --emit llvm,obj must produce both files. Both back ends run
 *             again with the program split into 3-item functions (ZKC_PART=3).
 *   bad       every tests/zkc/bad/NAME.zkc lists `// @error LINE:COL: message` lines;
 *             `zkc check` must print exactly those errors and exit 1.
 *   random    stdlib gadgets on random inputs against values computed here.
 *   memory    sgd.zkc at P=5000 (1.1M constraints) compiles with its address
 *             space limited (RLIMIT_AS, 1.5 GiB): elaboration and the optimizer
 *             must not keep per-constraint garbage (it needed ~5 GiB once).
 *   coefs.zkc (a circuit) covers the compact constraint store's edge cases. */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zkpot.h>

#include "test_util.h"
#include "../bench/circom/sgd_input.h" /* the C model of sgd.zkc's step, shared with bench_circom */
#include "zkc/lora_input.h"                /* lora.zkc's, shared with bench_zkc */

#define MAXF 128
static char *circuits[MAXF], *bads[MAXF];
static int ncircuits, nbads;

static int cmpstr(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(const char *dir, char **out) {
    int n = 0;
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < MAXF) {
        size_t l = strlen(e->d_name);
        if (l > 4 && !strcmp(e->d_name + l - 4, ".zkc")) {
            char *p = malloc(strlen(dir) + l + 2);
            sprintf(p, "%s/%s", dir, e->d_name);
            out[n++] = p;
        }
    }
    closedir(d);
    qsort(out, (size_t)n, sizeof *out, cmpstr);
    return n;
}


static char tmpdir[64];

static void make_tmp(void) {
    strcpy(tmpdir, "/tmp/zkc_test_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void clean_tmp(void) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
}

static const char *zkc(void) {
    static char path[512];
    snprintf(path, sizeof path, "%s/zkc", test_bindir());
    return path;
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* The flattened decimal values of a JSON value (numbers, strings, arrays). */
static int flatten(json_t *v, char out[][ZKP_DEC_MAX], int n, int max) {
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) n = flatten(json_array_get(v, i), out, n, max);
        return n;
    }
    ck_assert_int_lt(n, max);
    fr_t x;
    if (json_is_integer(v)) {
        long long k = json_integer_value(v);
        fr_set_u64(&x, (uint64_t)(k < 0 ? -k : k));
        if (k < 0) fr_neg(&x, &x);
    } else {
        ck_assert_msg(json_is_string(v), "expected numbers in @output");
        const char *s = json_string_value(v);
        ck_assert_int_eq(fr_from_dec(&x, s + (s[0] == '-')), ZKP_OK);
        if (s[0] == '-') fr_neg(&x, &x);
    }
    fr_to_dec(out[n], &x);
    return n + 1;
}

static void compare_outputs(const char *file, const char *got_text, const char *want_text) {
    json_error_t err;
    json_t *got = json_loads(got_text, 0, &err), *want = json_loads(want_text, 0, &err);
    ck_assert_msg(got != NULL, "%s: zkc printed no JSON: %s", file, got_text);
    ck_assert_msg(want != NULL, "%s: bad @output: %s", file, want_text);
    const char *key;
    json_t *v;
    static char a[4096][ZKP_DEC_MAX], b[4096][ZKP_DEC_MAX];
    json_object_foreach(want, key, v) {
        json_t *g = json_object_get(got, key);
        ck_assert_msg(g != NULL, "%s: output '%s' missing", file, key);
        int na = flatten(v, a, 0, 4096), nb = flatten(g, b, 0, 4096);
        ck_assert_msg(na == nb, "%s: output '%s' has %d values, want %d", file, key, nb, na);
        for (int i = 0; i < na; i++)
            ck_assert_msg(!strcmp(a[i], b[i]), "%s: output %s[%d] = %s, want %s", file, key, i, b[i],
                          a[i]);
    }
    ck_assert_int_eq((int)json_object_size(got), (int)json_object_size(want));
    json_decref(got);
    json_decref(want);
}

static size_t stat_of(const char *out, const char *name) {
    char key[64];
    snprintf(key, sizeof key, "\n%s\t", name);
    const char *p = strstr(out, key);
    if (!p && !strncmp(out, key + 1, strlen(key + 1))) p = out - 1;
    ck_assert_msg(p != NULL, "no %s in --stats output:\n%s", name, out);
    return strtoul(p + strlen(key), NULL, 10);
}

START_TEST(test_circuit) {
    const char *file = circuits[_i];
    FILE *f = fopen(file, "r");
    ck_assert_ptr_nonnull(f);
    make_tmp();
    char line[8192], defs[1024] = "", cmd[16384];
    char *inputs[32], *outputs[32];
    int nin = 0, nout = 0, st;
    long want[3] = {-1, -1, -1};
    bool snark = false;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (strncmp(line, "// @", 4)) continue;
        char *k = line + 4;
        if (!strncmp(k, "define ", 7)) {
            strcat(defs, " -D ");
            strcat(defs, k + 7);
        } else if (!strncmp(k, "constraints-O0 ", 15)) {
            want[0] = atol(k + 15);
        } else if (!strncmp(k, "constraints-O1 ", 15)) {
            want[1] = atol(k + 15);
        } else if (!strncmp(k, "constraints ", 12)) {
            want[2] = atol(k + 12);
        } else if (!strncmp(k, "input ", 6) && nin < 32) {
            inputs[nin++] = strdup(k + 6);
        } else if (!strncmp(k, "output ", 7) && nout < 32) {
            outputs[nout++] = strdup(k + 7);
        } else if (!strcmp(k, "snarkjs")) {
            snark = true;
        }
    }
    fclose(f);
    ck_assert_msg(nin == nout, "%s: every @input needs an @output", file);
    ck_assert_msg(want[2] >= 0, "%s: no @constraints", file);
    for (int o = 0; o < 3; o++) {
        if (want[o] < 0) continue;
        snprintf(cmd, sizeof cmd, "%s compile %s -o %s/out -O%d --stats%s", zkc(), file, tmpdir, o, defs);
        char *out = test_run(cmd, &st);
        ck_assert_msg(st == 0, "%s failed (%d)", cmd, st);
        size_t got = stat_of(out, "constraints");
        ck_assert_msg((long)got == want[o], "%s -O%d: %zu constraints, expected %ld", file, o, got,
                      want[o]);
        free(out);
    }
    /* the C back end: generated twice (byte-identical), built with -Werror, run */
    char stem[256], drv[160];
    {
        const char *base = strrchr(file, '/') + 1;
        snprintf(stem, sizeof stem, "%.*s", (int)(strlen(base) - 4), base);
    }
    snprintf(drv, sizeof drv, "%s/drv", tmpdir);
    if (nin) {
        snprintf(cmd, sizeof cmd,
                 "%s compile %s -o %s/c1 --emit c,llvm,obj%s && %s compile %s -o %s/c2 --emit c%s && "
                 "test -s %s/c1/%s.ll && test -s %s/c1/%s.o && "
                 "cmp -s %s/c1/%s.c %s/c2/%s.c && cmp -s %s/c1/%s.h %s/c2/%s.h",
                 zkc(), file, tmpdir, defs, zkc(), file, tmpdir, defs, tmpdir, stem, tmpdir, stem,
                 tmpdir, stem, tmpdir, stem, tmpdir, stem, tmpdir, stem);
        free(test_run(cmd, &st));
        ck_assert_msg(st == 0, "%s: generated C differs between runs", file);
        snprintf(cmd, sizeof cmd,
                 "cc -O2 -Wall -Wextra -Werror -std=c11 -I%s/runtime/include -I%s/c1 -DCIRCUIT=%s "
                 "-DCIRCUIT_H='\"%s.h\"' %s/tests/zkc/driver.c %s/c1/%s.c %s/../lib/libzkpot.a "
                 "-lgmp -lm -lcrypto -ljansson -fopenmp -o %s 2>&1",
                 test_root(), tmpdir, stem, stem, test_root(), tmpdir, stem, test_bindir(), drv);
        char *out = test_run(cmd, &st);
        ck_assert_msg(st == 0, "%s: generated C does not build:\n%s", file, out);
        free(out);
        /* again split into functions of at most 3 items (ZKC_PART, gen.h
         * wprog_split): parts take the loop counters they read, pass hint
         * failures up; built the same way, run on the same inputs below */
        snprintf(cmd, sizeof cmd,
                 "ZKC_PART=3 %s compile %s -o %s/c3 --emit c%s && grep -q zkc_part_ %s/c3/%s.c && "
                 "cc -O2 -Wall -Wextra -Werror -std=c11 -I%s/runtime/include -I%s/c3 -DCIRCUIT=%s "
                 "-DCIRCUIT_H='\"%s.h\"' %s/tests/zkc/driver.c %s/c3/%s.c %s/../lib/libzkpot.a "
                 "-lgmp -lm -lcrypto -ljansson -fopenmp -o %s3 2>&1",
                 zkc(), file, tmpdir, defs, tmpdir, stem, test_root(), tmpdir, stem, stem, test_root(),
                 tmpdir, stem, test_bindir(), drv);
        out = test_run(cmd, &st);
        ck_assert_msg(st == 0, "%s: generated C split into parts does not build:\n%s", file, out);
        free(out);
    }
    for (int i = 0; i < nin; i++) {
        char in[128], wt[128], flat[128];
        snprintf(in, sizeof in, "%s/in%d.json", tmpdir, i);
        snprintf(wt, sizeof wt, "%s/w%d.wtns", tmpdir, i);
        write_file(in, inputs[i]);
        snprintf(flat, sizeof flat, "%s/flat%d.txt", tmpdir, i);
        snprintf(cmd, sizeof cmd, "%s witness %s %s %s --outputs --verify-passes --flat-inputs %s%s",
                 zkc(), file, in, wt, flat, defs);
        char *out = test_run(cmd, &st);
        ck_assert_msg(st == 0, "%s failed (%d)", cmd, st);
        compare_outputs(file, out, outputs[i]);
        free(out);
        snprintf(cmd, sizeof cmd, "%s %s %s/c%d.wtns && cmp %s %s/c%d.wtns", drv, flat, tmpdir, i, wt,
                 tmpdir, i);
        free(test_run(cmd, &st));
        ck_assert_msg(st == 0, "%s: generated C gives another witness than the interpreter", file);
        snprintf(cmd, sizeof cmd, "%s3 %s %s/p%d.wtns && cmp %s %s/p%d.wtns", drv, flat, tmpdir, i, wt,
                 tmpdir, i);
        free(test_run(cmd, &st));
        ck_assert_msg(st == 0, "%s: generated C split into parts gives another witness", file);
        snprintf(cmd, sizeof cmd, "%s witness %s %s %s/j%d.wtns --jit%s && cmp %s/c%d.wtns %s/j%d.wtns",
                 zkc(), file, in, tmpdir, i, defs, tmpdir, i, tmpdir, i);
        free(test_run(cmd, &st));
        ck_assert_msg(st == 0, "%s: the LLVM JIT gives another witness than the generated C", file);
        snprintf(cmd, sizeof cmd,
                 "ZKC_PART=3 %s witness %s %s %s/q%d.wtns --jit%s && cmp %s/c%d.wtns %s/q%d.wtns", zkc(),
                 file, in, tmpdir, i, defs, tmpdir, i, tmpdir, i);
        free(test_run(cmd, &st));
        ck_assert_msg(st == 0, "%s: the LLVM JIT split into parts gives another witness", file);
        free(inputs[i]);
        free(outputs[i]);
    }
    if (snark) {
        snprintf(cmd, sizeof cmd, "%s compile %s -o %s/out%s", zkc(), file, tmpdir, defs);
        free(test_run(cmd, &st));
        ck_assert_int_eq(st, 0);
        snprintf(cmd, sizeof cmd,
                 "node %s/tests/oracle/node_modules/snarkjs/cli.js r1cs info %s/out/%s.r1cs 2>&1",
                 test_root(), tmpdir, stem);
        char *out = test_run(cmd, &st);
        char expect[64];
        snprintf(expect, sizeof expect, "# of Constraints: %ld", want[2]);
        ck_assert_msg(st == 0 && strstr(out, expect), "snarkjs r1cs info:\n%s", out);
        free(out);
        snprintf(cmd, sizeof cmd,
                 "node %s/tests/oracle/node_modules/snarkjs/cli.js wtns check %s/out/%s.r1cs "
                 "%s/w0.wtns 2>&1",
                 test_root(), tmpdir, stem, tmpdir);
        out = test_run(cmd, &st);
        ck_assert_msg(st == 0 && strstr(out, "WITNESS IS CORRECT"), "snarkjs wtns check:\n%s", out);
        free(out);
    }
    clean_tmp();
}
END_TEST

START_TEST(test_bad) {
    const char *file = bads[_i];
    FILE *f = fopen(file, "r");
    ck_assert_ptr_nonnull(f);
    char line[1024], cmd[2048];
    char *want[32];
    int nwant = 0, st;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!strncmp(line, "// @error ", 10) && nwant < 32) {
            /* "L:C: message" -> "file:L:C: error: message" */
            char *colon = strchr(line + 10, ':');
            colon = colon ? strchr(colon + 1, ':') : NULL;
            ck_assert_msg(colon != NULL, "%s: bad @error line", file);
            want[nwant] = malloc(strlen(file) + strlen(line) + 16);
            sprintf(want[nwant++], "%s:%.*s: error:%s", file, (int)(colon - (line + 10)), line + 10,
                    colon + 1);
        }
    }
    fclose(f);
    ck_assert_msg(nwant > 0, "%s: no @error", file);
    snprintf(cmd, sizeof cmd, "%s check %s 2>&1", zkc(), file);
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 1, "%s: exit %d, expected 1\n%s", file, st, out);
    int nerr = 0;
    for (const char *p = out; (p = strstr(p, ": error: ")); p++) nerr++;
    for (int i = 0; i < nwant; i++) {
        ck_assert_msg(strstr(out, want[i]) != NULL, "%s: missing\n  %s\nin\n%s", file, want[i], out);
        free(want[i]);
    }
    ck_assert_msg(nerr == nwant, "%s: %d errors printed, %d expected:\n%s", file, nerr, nwant, out);
    free(out);
}
END_TEST

/* ---- stdlib gadgets on random inputs ---- */

/* Runs the circuit text on input json; returns the outputs' JSON text. */
static char *witness_of(const char *circuit, const char *input) {
    char path[128], in[128], wt[128], cmd[1024];
    snprintf(path, sizeof path, "%s/c.zkc", tmpdir);
    snprintf(in, sizeof in, "%s/in.json", tmpdir);
    snprintf(wt, sizeof wt, "%s/w.wtns", tmpdir);
    write_file(path, circuit);
    write_file(in, input);
    snprintf(cmd, sizeof cmd, "%s witness %s %s %s --outputs --verify-passes", zkc(), path, in, wt);
    int st;
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 0, "%s failed", cmd);
    return out;
}

static long long out_int(const char *json, const char *key) {
    json_error_t err;
    json_t *j = json_loads(json, 0, &err);
    ck_assert_ptr_nonnull(j);
    const char *s = json_string_value(json_object_get(j, key));
    ck_assert_ptr_nonnull(s);
    fr_t x, m;
    ck_assert_int_eq(fr_from_dec(&x, s), ZKP_OK);
    /* signed: values above r/2 are negative */
    fr_neg(&m, &x);
    uint64_t lx[4], lm[4];
    fr_to_limbs(lx, &x);
    fr_to_limbs(lm, &m);
    long long v;
    if (!lx[1] && !lx[2] && !lx[3] && lx[0] < (1ULL << 62)) v = (long long)lx[0];
    else {
        ck_assert_msg(!lm[1] && !lm[2] && !lm[3] && lm[0] < (1ULL << 62), "%s too large", s);
        v = -(long long)lm[0];
    }
    json_decref(j);
    return v;
}

static long long floor_div(long long a, long long b) {
    long long q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

START_TEST(test_random_fixed) {
    make_tmp();
    uint64_t rs = 0x5eed0000 + (uint64_t)_i;
    const char *circ = "import \"fixed.zkc\";\n"
                       "input a; input b; input c;\n"
                       "output m; output fl; output r; output cl; output lt;\n"
                       "range_signed(24, a); range_signed(24, b); range_signed(40, c);\n"
                       "m <== fp_mul(24, 8, a, b);\n"
                       "fl <== fp_floor(40, 8, c);\n"
                       "r <== relu(24, a);\n"
                       "cl <== clamp(24, -1000, 2000, a);\n"
                       "lt <== fp_lt(24, a, b);\n";
    for (int k = 0; k < test_cases(4); k++) {
        long long a = (long long)(test_rand64(&rs) % (1 << 23)) - (1 << 22);
        long long b = (long long)(test_rand64(&rs) % (1 << 23)) - (1 << 22);
        long long c = (long long)(test_rand64(&rs) % (1ULL << 39)) - (1LL << 38);
        if (k == 0) a = 1000, b = -3; /* small values exercise the clamp */
        char in[256];
        snprintf(in, sizeof in, "{\"a\": %lld, \"b\": %lld, \"c\": %lld}", a, b, c);
        char *out = witness_of(circ, in);
        ck_assert_int_eq(out_int(out, "m"), floor_div(a * b + 128, 256));
        ck_assert_int_eq(out_int(out, "fl"), floor_div(c, 256));
        ck_assert_int_eq(out_int(out, "r"), a > 0 ? a : 0);
        ck_assert_int_eq(out_int(out, "cl"), a < -1000 ? -1000 : a > 2000 ? 2000 : a);
        ck_assert_int_eq(out_int(out, "lt"), a < b);
        free(out);
    }
    clean_tmp();
}
END_TEST

START_TEST(test_random_comparators) {
    make_tmp();
    uint64_t rs = 0xc0ffee00 + (uint64_t)_i;
    const char *circ = "import \"comparators.zkc\";\nimport \"divmod.zkc\";\n"
                       "input a; input b;\n"
                       "output lt; output le; output eq; output z; output q; output r;\n"
                       "range_check(32, a); range_check(32, b);\n"
                       "lt <== less_than(32, a, b);\n"
                       "le <== less_eq(32, a, b);\n"
                       "eq <== is_equal(a, b);\n"
                       "z <== is_zero(a);\n"
                       "(q, r) <== divmod(32, a, b);\n";
    for (int k = 0; k < test_cases(4); k++) {
        uint64_t a = test_rand64(&rs) & 0xffffffff, b = (test_rand64(&rs) & 0xffffffff) | 1;
        if (k == 1) a = b;
        if (k == 2) a = 0;
        if (k == 3) b = 1, a = 7;
        char in[128];
        snprintf(in, sizeof in, "{\"a\": %llu, \"b\": %llu}", (unsigned long long)a,
                 (unsigned long long)b);
        char *out = witness_of(circ, in);
        ck_assert_int_eq(out_int(out, "lt"), a < b);
        ck_assert_int_eq(out_int(out, "le"), a <= b);
        ck_assert_int_eq(out_int(out, "eq"), a == b);
        ck_assert_int_eq(out_int(out, "z"), a == 0);
        ck_assert_int_eq(out_int(out, "q"), (long long)(a / b));
        ck_assert_int_eq(out_int(out, "r"), (long long)(a % b));
        free(out);
    }
    clean_tmp();
}
END_TEST

/* Poseidon compiled by zkc (stdlib/poseidon.zkc) against the runtime's
 * poseidon_hash (itself checked against circomlibjs), on random inputs. */
START_TEST(test_random_poseidon) {
    make_tmp();
    uint64_t rs = 0x9051d0 + (uint64_t)_i;
    int n = 1 + _i * 2; /* 1, 3 inputs */
    char circ[256];
    snprintf(circ, sizeof circ,
             "import \"poseidon.zkc\";\ninput a[%d];\noutput h;\nh <== poseidon(%d, a);\n", n, n);
    fr_t in[16], want;
    char json[2048] = "{\"a\": [", buf[ZKP_DEC_MAX];
    for (int i = 0; i < n; i++) {
        uint8_t b[32];
        for (int j = 0; j < 32; j++) b[j] = (uint8_t)test_rand64(&rs);
        fr_reduce_bytes_le(&in[i], b);
        snprintf(json + strlen(json), sizeof json - strlen(json), "%s\"%s\"", i ? ", " : "",
                 fr_to_dec(buf, &in[i]));
    }
    strcat(json, "]}");
    ck_assert_int_eq(poseidon_hash(&want, in, (size_t)n), ZKP_OK);
    char *out = witness_of(circ, json);
    char expect[200];
    snprintf(expect, sizeof expect, "\"h\": \"%s\"", fr_to_dec(buf, &want));
    ck_assert_msg(strstr(out, expect), "zkc poseidon: %s, runtime: %s", out, expect);
    free(out);
    clean_tmp();
}
END_TEST

/* stdlib/merkle.zkc against a root computed with the runtime's poseidon_hash;
 * a position bit that is not boolean and a position past the tree are refused. */
START_TEST(test_random_merkle) {
    make_tmp();
    uint64_t rs = 0x3e4c1e00 + (uint64_t)_i;
    enum { N = 5 };
    const char *circ = "import \"merkle.zkc\";\n"
                       "input leaf; input path[5]; input idx[5]; input pos; input claimed;\n"
                       "output root; output root_at;\n"
                       "root <== merkle_root(5, leaf, path, idx);\n"
                       "root_at <== merkle_root_at(5, leaf, path, pos);\n"
                       "merkle_verify(5, leaf, path, idx, claimed);\n";
    fr_t node, sib[N], pair[2];
    char json[4096], buf[ZKP_DEC_MAX], *p = json;
    uint8_t b[32];
    for (int j = 0; j < 32; j++) b[j] = (uint8_t)test_rand64(&rs);
    fr_reduce_bytes_le(&node, b);
    unsigned pos = (unsigned)(test_rand64(&rs) % (1u << N));
    p += sprintf(p, "{\"leaf\": \"%s\", \"pos\": %u, \"path\": [", fr_to_dec(buf, &node), pos);
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < 32; j++) b[j] = (uint8_t)test_rand64(&rs);
        fr_reduce_bytes_le(&sib[i], b);
        p += sprintf(p, "%s\"%s\"", i ? ", " : "", fr_to_dec(buf, &sib[i]));
    }
    p += sprintf(p, "], \"idx\": [");
    for (int i = 0; i < N; i++) p += sprintf(p, "%s%u", i ? ", " : "", (pos >> i) & 1);
    for (int i = 0; i < N; i++) {
        bool right = (pos >> i) & 1; /* the node is the right child */
        pair[0] = right ? sib[i] : node;
        pair[1] = right ? node : sib[i];
        ck_assert_int_eq(poseidon_hash(&node, pair, 2), ZKP_OK);
    }
    sprintf(p, "], \"claimed\": \"%s\"}", fr_to_dec(buf, &node));
    char *out = witness_of(circ, json);
    char expect[200];
    snprintf(expect, sizeof expect, "\"root\": \"%s\"", fr_to_dec(buf, &node));
    ck_assert_msg(strstr(out, expect), "zkc merkle: %s, runtime: %s", out, expect);
    snprintf(expect, sizeof expect, "\"root_at\": \"%s\"", buf);
    ck_assert_msg(strstr(out, expect), "zkc merkle_root_at: %s, runtime: %s", out, expect);
    free(out);
    /* idx[0] = 2 (not a bit), a position 2^5 outside the tree, another claimed
     * root: no witness */
    char bad[4096], in[128], wt[128], cmd[1024];
    snprintf(in, sizeof in, "%s/in.json", tmpdir);
    snprintf(wt, sizeof wt, "%s/w.wtns", tmpdir);
    snprintf(cmd, sizeof cmd, "%s witness %s/c.zkc %s %s 2>&1", zkc(), tmpdir, in, wt);
    for (int k = 0; k < 3; k++) {
        strcpy(bad, json);
        if (k == 0) memcpy(strstr(bad, "\"idx\": [") + 8, "2", 1);
        else if (k == 2) {
            fr_t one, other;
            fr_set_one(&one);
            fr_add(&other, &node, &one);
            sprintf(strstr(bad, "\"claimed\": ") + 11, "\"%s\"}", fr_to_dec(buf, &other));
        } else {
            char *q = strstr(bad, "\"pos\": ") + 7;
            char rest[4096];
            strcpy(rest, strchr(q, ','));
            sprintf(q, "%u%s", 1u << N, rest);
        }
        write_file(in, bad);
        int st;
        out = test_run(cmd, &st);
        ck_assert_msg(st == 1 && strstr(out, "violate"), "bad Merkle position %d accepted: %s", k,
                      out);
        free(out);
    }
    clean_tmp();
}
END_TEST

/* ---- circuits/sgd.zkc against a C model of the step ---- */

/* sgd.zkc: an honest step (bad = 0) or one weight outside the tolerance, from
 * the C model in bench/circom/sgd_input.h (NB = 24, XB = 16). */
static void sgd_input(const char *path, int P, int B, uint64_t seed, bool bad) {
    ck_assert_msg(sgd_write_input(path, P, B, 24, 16, seed, bad), "writing %s", path);
}

/* sgd.zkc: the witness exists for an honest step (interpreter, generated C and
 * LLVM JIT agree byte for byte, snarkjs accepts it) and is refused for a
 * weight outside the tolerance. */
START_TEST(test_sgd) {
    make_tmp();
    int P = _i == 0 ? 4 : 19, B = _i == 0 ? 4 : 2;
    char file[512], in[128], cmd[8192], defs[64];
    snprintf(file, sizeof file, "%s/circuits/sgd.zkc", test_root());
    snprintf(in, sizeof in, "%s/in.json", tmpdir);
    snprintf(defs, sizeof defs, "-D P=%d -D B=%d", P, B);
    sgd_input(in, P, B, 0x56d0 + (uint64_t)_i, 0);
    int st;
    snprintf(cmd, sizeof cmd,
             "%s compile %s -o %s/o %s --emit r1cs,c && %s witness %s %s %s/i.wtns %s --flat-inputs "
             "%s/flat.txt && %s witness %s %s %s/j.wtns --jit %s && cmp %s/i.wtns %s/j.wtns && "
             "cc -O2 -Wall -Wextra -Werror -std=c11 -I%s/runtime/include -I%s/o -DCIRCUIT=sgd "
             "-DCIRCUIT_H='\"sgd.h\"' %s/tests/zkc/driver.c %s/o/sgd.c %s/../lib/libzkpot.a "
             "-lgmp -lm -lcrypto -ljansson -fopenmp -o %s/drv && %s/drv %s/flat.txt %s/c.wtns && "
             "cmp %s/i.wtns %s/c.wtns 2>&1",
             zkc(), file, tmpdir, defs, zkc(), file, in, tmpdir, defs, tmpdir, zkc(), file, in,
             tmpdir, defs, tmpdir, tmpdir, test_root(), tmpdir, test_root(), tmpdir, test_bindir(),
             tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir);
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 0, "sgd P=%d B=%d: %s", P, B, out);
    free(out);
    if (_i == 0) {
        snprintf(cmd, sizeof cmd,
                 "node %s/tests/oracle/node_modules/snarkjs/cli.js wtns check %s/o/sgd.r1cs %s/i.wtns 2>&1",
                 test_root(), tmpdir, tmpdir);
        out = test_run(cmd, &st);
        ck_assert_msg(st == 0 && strstr(out, "WITNESS IS CORRECT"), "snarkjs wtns check:\n%s", out);
        free(out);
    }
    sgd_input(in, P, B, 0x56d0 + (uint64_t)_i, 1);
    snprintf(cmd, sizeof cmd, "%s witness %s %s %s/bad.wtns %s 2>&1", zkc(), file, in, tmpdir, defs);
    out = test_run(cmd, &st);
    ck_assert_msg(st == 1 && strstr(out, "violate"), "a step outside the tolerance was accepted: %s", out);
    free(out);
    clean_tmp();
}
END_TEST

/* ---- sgd.zkc end to end: zkc -> zkpot setup/prove/verify -> snarkjs verify ---- */

START_TEST(test_groth16_sgd) {
    make_tmp();
    char file[512], in[128], cmd[8192];
    snprintf(file, sizeof file, "%s/circuits/sgd.zkc", test_root());
    snprintf(in, sizeof in, "%s/in.json", tmpdir);
    sgd_input(in, 4, 4, 0x6a0, 0);
    const char *d = tmpdir, *z = test_bindir();
    snprintf(cmd, sizeof cmd,
             "%s compile %s -o %s && %s witness %s %s %s/sgd.wtns && "
             "%s/zkpot setup -q %s/sgd.r1cs %s/sgd.zkey && %s/zkpot export-vk %s/sgd.zkey %s/vk.json && "
             "%s/zkpot prove -q %s/sgd.zkey %s/sgd.wtns %s/proof.json %s/public.json && "
             "%s/zkpot verify %s/vk.json %s/public.json %s/proof.json && "
             "node %s/tests/oracle/node_modules/snarkjs/cli.js groth16 verify %s/vk.json "
             "%s/public.json %s/proof.json 2>&1",
             zkc(), file, d, zkc(), file, in, d, z, d, d, z, d, d, z, d, d, d, d, z, d, d, d,
             test_root(), d, d, d);
    int st;
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 0 && strstr(out, "OK"), "zkc -> zkpot -> snarkjs:\n%s", out);
    free(out);
    clean_tmp();
}
END_TEST

/* ---- circuits/lora.zkc against a C model ---- */

/* the C model of the step: tests/zkc/lora_input.h (shared with bench_zkc's scale runner) */
static void lora_input(const char *path, int D, int K, int R, int B, uint64_t seed, int bad) {
    ck_assert_msg(lora_write_input(path, D, K, R, B, seed, bad != 0), "writing %s", path);
}

/* lora.zkc: honest step accepted by the three back ends (byte-identical
 * witnesses), refused outside the tolerance. */
START_TEST(test_lora) {
    make_tmp();
    int D = 4, K = 4 + 2 * _i, R = 2, B = 2;
    char file[512], in[128], cmd[8192], defs[96];
    snprintf(file, sizeof file, "%s/circuits/lora.zkc", test_root());
    snprintf(in, sizeof in, "%s/in.json", tmpdir);
    snprintf(defs, sizeof defs, "-D D=%d -D K=%d -D R=%d -D B=%d", D, K, R, B);
    lora_input(in, D, K, R, B, 0x10a0 + (uint64_t)_i, 0);
    int st;
    snprintf(cmd, sizeof cmd,
             "%s compile %s -o %s/o %s --emit r1cs,c && %s witness %s %s %s/i.wtns %s --flat-inputs "
             "%s/flat.txt && %s witness %s %s %s/j.wtns --jit %s && cmp %s/i.wtns %s/j.wtns && "
             "cc -O2 -Wall -Wextra -Werror -std=c11 -I%s/runtime/include -I%s/o -DCIRCUIT=lora "
             "-DCIRCUIT_H='\"lora.h\"' %s/tests/zkc/driver.c %s/o/lora.c %s/../lib/libzkpot.a "
             "-lgmp -lm -lcrypto -ljansson -fopenmp -o %s/drv && %s/drv %s/flat.txt %s/c.wtns && "
             "cmp %s/i.wtns %s/c.wtns 2>&1",
             zkc(), file, tmpdir, defs, zkc(), file, in, tmpdir, defs, tmpdir, zkc(), file, in,
             tmpdir, defs, tmpdir, tmpdir, test_root(), tmpdir, test_root(), tmpdir, test_bindir(),
             tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir);
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 0, "lora %s: %s", defs, out);
    free(out);
    lora_input(in, D, K, R, B, 0x10a0 + (uint64_t)_i, 1);
    snprintf(cmd, sizeof cmd, "%s witness %s %s %s/bad.wtns %s 2>&1", zkc(), file, in, tmpdir, defs);
    out = test_run(cmd, &st);
    ck_assert_msg(st == 1 && strstr(out, "violate"), "a step outside the tolerance was accepted: %s", out);
    free(out);
    clean_tmp();
}
END_TEST

/* A witness whose inputs break a constraint is refused with the constraint's location. */
/* A program named like a stdlib file imports the stdlib's, not itself. */
START_TEST(test_import_not_self) {
    make_tmp();
    char path[128], in[128], cmd[1024];
    snprintf(path, sizeof path, "%s/bits.zkc", tmpdir);
    snprintf(in, sizeof in, "%s/in.json", tmpdir);
    write_file(path, "import \"bits.zkc\";\ninput a;\noutput y;\nrange_check(8, a);\ny <== a * a;\n");
    write_file(in, "{\"a\": 7}");
    snprintf(cmd, sizeof cmd, "%s witness %s %s %s/w.wtns 2>&1", zkc(), path, in, tmpdir);
    int st;
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    write_file(in, "{\"a\": 300}");
    out = test_run(cmd, &st);
    ck_assert_msg(st == 1 && strstr(out, "stdlib/bits.zkc:13:") && strstr(out, "violate"), "%s", out);
    free(out);
    clean_tmp();
}
END_TEST

START_TEST(test_witness_rejects_bad_input) {
    make_tmp();
    char path[128], in[128], cmd[1024];
    snprintf(path, sizeof path, "%s/c.zkc", tmpdir);
    snprintf(in, sizeof in, "%s/in.json", tmpdir);
    write_file(path, "import \"bits.zkc\";\ninput a;\noutput y;\nrange_check(8, a);\ny <== a * a;\n");
    write_file(in, "{\"a\": 300}");
    snprintf(cmd, sizeof cmd, "%s witness %s %s %s/w.wtns 2>&1", zkc(), path, in, tmpdir);
    int st;
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 1 && strstr(out, "bits.zkc:13:") && strstr(out, "violate"), "%s", out);
    free(out);
    write_file(in, "{\"a\": 3, \"b\": 4}");
    out = test_run(cmd, &st);
    ck_assert_msg(st == 1 && strstr(out, "unknown input 'b'"), "%s", out);
    free(out);
    write_file(in, "{}");
    out = test_run(cmd, &st);
    ck_assert_msg(st == 1 && strstr(out, "missing input 'a'"), "%s", out);
    free(out);
    clean_tmp();
}
END_TEST

static double dstat_of(const char *out, const char *name) {
    char key[96];
    snprintf(key, sizeof key, "\n%s\t", name);
    const char *p = strstr(out, key);
    ck_assert_msg(p != NULL, "no %s in --stats output:\n%s", name, out);
    return strtod(p + strlen(key), NULL);
}

/* --stats reports every phase's time and the peak RSS after it; the phase
 * times add up to the total; the generated C holds each constant once. */
START_TEST(test_stats_and_constants) {
    make_tmp();
    char cmd[2048], path[256];
    int st;
    snprintf(cmd, sizeof cmd, "%s compile %s/circuits/sgd.zkc -o %s/o -D P=8 --emit r1cs,sym,c --stats 2>&1",
             zkc(), test_root(), tmpdir);
    char *out = test_run(cmd, &st);
    ck_assert_msg(st == 0, "%s", out);
    static const char *phases[] = {"parse", "elab", "wprog", "sound", "opt_fold", "opt_linear",
                                   "opt_dedup", "opt_number", "r1cs", "sym", "c"};
    double sum = 0, prev = 0;
    char key[64];
    for (size_t i = 0; i < sizeof phases / sizeof *phases; i++) {
        snprintf(key, sizeof key, "time_%s_s", phases[i]);
        double t = dstat_of(out, key);
        ck_assert_msg(t >= 0, "%s = %f", key, t);
        sum += t;
        if (i == 0) continue; /* parsing is measured inside elaboration */
        snprintf(key, sizeof key, "rss_after_%s_mib", phases[i]);
        double r = dstat_of(out, key);
        ck_assert_msg(r > 0 && r >= prev, "%s = %f after %f: the peak never decreases", key, r, prev);
        prev = r;
    }
    double total = dstat_of(out, "time_total_s");
    ck_assert_msg(sum > total - 0.01 && sum < total + 0.01, "phases %f, total %f", sum, total);
    ck_assert(dstat_of(out, "peak_rss_mib") >= prev && dstat_of(out, "cpu_total_s") > 0);
    free(out);
    /* the constants table K[] of the generated C: no value twice */
    snprintf(path, sizeof path, "%s/o/sgd.c", tmpdir);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char line[512], **seen = NULL;
    size_t n = 0, cap = 0;
    bool in_k = false;
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, " K[NK]")) in_k = true;
        else if (in_k && line[0] == '}') in_k = false;
        else if (in_k && strstr(line, "{0x")) {
            for (size_t i = 0; i < n; i++) ck_assert_msg(strcmp(seen[i], line), "constant twice: %s", line);
            if (n == cap) {
                cap = cap ? 2 * cap : 256;
                seen = realloc(seen, sizeof *seen * cap);
                ck_assert_ptr_nonnull(seen);
            }
            seen[n++] = strdup(line);
        }
    }
    fclose(f);
    ck_assert_msg(n > 10, "no constants table found in %s", path);
    for (size_t i = 0; i < n; i++) free(seen[i]);
    free(seen);
    clean_tmp();
}
END_TEST

/* The memory bound of test_sgd_memory: sgd P=5000 at -O2 peaks at 0.74 GiB
 * resident with the compact constraint store (1.0 GiB of address space is too
 * little, 1.25 GiB enough; it was 1.4 GiB resident and 2.5 GiB before). */
#define SGD_MEM_P 5000
#define SGD_MEM_LIMIT (1536ul << 20)

START_TEST(test_sgd_memory) {
    make_tmp();
    char outdir[128], stats[160], p[32];
    snprintf(outdir, sizeof outdir, "%s/o", tmpdir);
    snprintf(stats, sizeof stats, "%s/stats.txt", tmpdir);
    snprintf(p, sizeof p, "P=%d", SGD_MEM_P);
    char file[1024];
    snprintf(file, sizeof file, "%s/circuits/sgd.zkc", test_root());
    pid_t pid = fork();
    ck_assert(pid >= 0);
    if (pid == 0) {
        struct rlimit rl = {SGD_MEM_LIMIT, SGD_MEM_LIMIT};
        int fd = open(stats, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || setrlimit(RLIMIT_AS, &rl) != 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) _exit(126);
        execl(zkc(), "zkc", "compile", file, "-D", p, "-o", outdir, "--stats", (char *)NULL);
        _exit(127);
    }
    int st;
    ck_assert(waitpid(pid, &st, 0) == pid);
    FILE *f = fopen(stats, "r");
    ck_assert_ptr_nonnull(f);
    static char out[1 << 16];
    out[0] = '\n';
    size_t n = fread(out + 1, 1, sizeof out - 2, f);
    out[n + 1] = 0;
    fclose(f);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
                  "sgd P=%d did not compile within %lu MiB of address space:\n%s", SGD_MEM_P,
                  SGD_MEM_LIMIT >> 20, out);
    /* 224 constraints per weight before optimization (a count that shrinks
     * would make this test pass too easily) */
    ck_assert_msg(dstat_of(out, "constraints_before") > 220.0 * SGD_MEM_P, "%s", out);
    clean_tmp();
}
END_TEST

Suite *zkc_suite(void) {
    Suite *s = suite_create("zkc");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/zkc", test_root());
    ncircuits = list_dir(dir, circuits);
    snprintf(dir, sizeof dir, "%s/tests/zkc/bad", test_root());
    nbads = list_dir(dir, bads);
    TCase *tc = tcase_create("circuits");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_circuit, 0, ncircuits);
    tcase_add_loop_test(tc, test_bad, 0, nbads);
    tcase_add_test(tc, test_witness_rejects_bad_input);
    tcase_add_test(tc, test_import_not_self);
    tcase_add_test(tc, test_stats_and_constants);
    tcase_add_loop_test(tc, test_random_fixed, 0, 2);
    tcase_add_loop_test(tc, test_random_comparators, 0, 2);
    tcase_add_loop_test(tc, test_random_poseidon, 0, 2);
    tcase_add_loop_test(tc, test_random_merkle, 0, 2);
    /* the larger shapes only in slow runs (ZKPOT_TEST_SCALE > 1) */
    tcase_add_loop_test(tc, test_sgd, 0, test_cases(1) > 1 ? 2 : 1);
    tcase_add_loop_test(tc, test_lora, 0, test_cases(1) > 1 ? 2 : 1);
    tcase_add_test(tc, test_groth16_sgd);
    tcase_add_test(tc, test_sgd_memory);
    suite_add_tcase(s, tc);
    return s;
}
