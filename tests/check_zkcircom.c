/* zkpot tests: zkc against circom2 (circom's outputs cached under
 * build/oracle-cache/circom).
 *   poseidon  Poseidon compiled by zkc (stdlib/poseidon.zkc, run by `zkc witness`,
 *             interpreter and LLVM JIT) and circomlib's Poseidon(n) compiled by
 *             circom2 and run by circom's wasm witness calculator
 *             (tests/oracle/circom_poseidon.js) give the same hash on random
 *             inputs generated here, for n = 1, 2, 5, 13, 16; the runtime's
 *             poseidon_hash is the third witness. zkc -O2 needs no more
 *             constraints than circom --O2 for each n.
 *   sgd       circuits/sgd.zkc and its circom twin bench/circom/sgd.circom (the
 *             benchmark's, tests/oracle/circom_sgd.js) state the same thing: both
 *             accept the same honest step (circom's witness also passes
 *             `snarkjs wtns check`), both refuse a step with one weight just
 *             outside the tolerance, and zkc -O2 needs no more constraints than
 *             circom --O2. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zkpot.h>

#include "../bench/circom/sgd_input.h"
#include "test_util.h"

static char tmpdir[64];

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

/* The value of key in a JSON object text (a decimal string); caller frees. */
static char *json_key(const char *text, const char *key) {
    json_error_t err;
    json_t *j = json_loads(text, 0, &err);
    ck_assert_msg(j != NULL, "not JSON: %s", text);
    const char *s = json_string_value(json_object_get(j, key));
    ck_assert_msg(s != NULL, "no \"%s\" in %s", key, text);
    char *r = strdup(s);
    json_decref(j);
    return r;
}

#define NVEC 2 /* input vectors per width */

static const int poseidon_widths[] = {1, 2, 5, 13, 16};

START_TEST(test_poseidon_vs_circom) {
    const int n = poseidon_widths[_i];
    strcpy(tmpdir, "/tmp/zkcircom_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));

    /* Random inputs; the second vector starts with the edge values r - 1 and 0. */
    uint64_t rs = 0xc12c0 + (uint64_t)_i;
    fr_t in[NVEC][16];
    char dec[NVEC][16][ZKP_DEC_MAX];
    for (int v = 0; v < NVEC; v++)
        for (int i = 0; i < n; i++) {
            uint8_t b[32];
            for (int j = 0; j < 32; j++) b[j] = (uint8_t)test_rand64(&rs);
            fr_reduce_bytes_le(&in[v][i], b);
            if (v == 1 && i == 0) fr_set_one(&in[v][i]), fr_neg(&in[v][i], &in[v][i]);
            if (v == 1 && i == 1) fr_set_zero(&in[v][i]);
            fr_to_dec(dec[v][i], &in[v][i]);
        }

    /* circom2 + wasm witness calculator */
    char path[128], cmd[2048], json[4096];
    size_t len = (size_t)snprintf(json, sizeof json, "{\"%d\": [", n);
    for (int v = 0; v < NVEC; v++) {
        len += (size_t)snprintf(json + len, sizeof json - len, "%s[", v ? ", " : "");
        for (int i = 0; i < n; i++)
            len += (size_t)snprintf(json + len, sizeof json - len, "%s\"%s\"", i ? ", " : "",
                                    dec[v][i]);
        len += (size_t)snprintf(json + len, sizeof json - len, "]");
    }
    snprintf(json + len, sizeof json - len, "]}");
    ck_assert_uint_lt(len + 3, sizeof json);
    snprintf(path, sizeof path, "%s/circom_in.json", tmpdir);
    write_file(path, json);
    snprintf(cmd, sizeof cmd,
             "node %s/tests/oracle/circom_poseidon.js %s/build/oracle-cache/circom %s %d 2>&1",
             test_root(), test_root(), path, n);
    int st;
    char *circom_out = test_run(cmd, &st);
    ck_assert_msg(st == 0, "%s:\n%s", cmd, circom_out);

    /* zkc */
    char circ[256], zkc_file[128];
    snprintf(circ, sizeof circ,
             "import \"poseidon.zkc\";\ninput a[%d];\noutput h;\nh <== poseidon(%d, a);\n", n, n);
    snprintf(zkc_file, sizeof zkc_file, "%s/p.zkc", tmpdir);
    write_file(zkc_file, circ);
    const char *line = circom_out;
    for (int v = 0; v < NVEC; v++) {
        len = (size_t)snprintf(json, sizeof json, "{\"a\": [");
        for (int i = 0; i < n; i++)
            len += (size_t)snprintf(json + len, sizeof json - len, "%s\"%s\"", i ? ", " : "",
                                    dec[v][i]);
        snprintf(json + len, sizeof json - len, "]}");
        snprintf(path, sizeof path, "%s/in%d.json", tmpdir, v);
        write_file(path, json);

        /* circom's line "<n> <v> <out>" */
        int gn = -1, gv = -1;
        char circom_h[ZKP_DEC_MAX + 1] = "";
        ck_assert_msg(line && sscanf(line, "%d %d %80s", &gn, &gv, circom_h) == 3 && gn == n &&
                          gv == v,
                      "unexpected circom_poseidon output:\n%s", circom_out);
        line = strchr(line, '\n');
        if (line) line++;

        /* the runtime (checked against circomlibjs in the poseidon suite) */
        fr_t want;
        char want_dec[ZKP_DEC_MAX];
        ck_assert_int_eq(poseidon_hash(&want, in[v], (size_t)n), ZKP_OK);
        fr_to_dec(want_dec, &want);

        for (int jit = 0; jit < 2; jit++) {
            snprintf(cmd, sizeof cmd, "%s/zkc witness %s %s %s/w%d.wtns --outputs%s 2>&1",
                     test_bindir(), zkc_file, path, tmpdir, jit, jit ? " --jit" : "");
            char *out = test_run(cmd, &st);
            ck_assert_msg(st == 0, "%s:\n%s", cmd, out);
            char *h = json_key(out, "h");
            ck_assert_msg(!strcmp(h, circom_h),
                          "Poseidon(%d) vector %d: zkc%s %s, circom2 %s (inputs %s)", n, v,
                          jit ? " --jit" : "", h, circom_h, json);
            ck_assert_msg(!strcmp(h, want_dec), "Poseidon(%d): zkc %s, runtime %s", n, h,
                          want_dec);
            free(h);
            free(out);
        }
    }
    /* circom's last line "<n> constraints <count>" */
    int gn = -1;
    long circom_n = -1;
    ck_assert_msg(line && sscanf(line, "%d constraints %ld", &gn, &circom_n) == 2 && gn == n,
                  "unexpected circom_poseidon output:\n%s", circom_out);
    snprintf(cmd, sizeof cmd, "%s/zkc compile %s -o %s/o --stats 2>&1", test_bindir(), zkc_file,
             tmpdir);
    char *zo = test_run(cmd, &st);
    ck_assert_msg(st == 0 && !strncmp(zo, "constraints\t", 12), "%s:\n%s", cmd, zo);
    long zkc_n = atol(zo + 12);
    ck_assert_msg(zkc_n > 0 && zkc_n <= circom_n, "Poseidon(%d): zkc %ld constraints, circom %ld",
                  n, zkc_n, circom_n);
    free(zo);
    free(circom_out);
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
}
END_TEST

/* Runs `zkc witness` of circuits/sgd.zkc on in; returns its exit status. */
static int zkc_sgd_witness(const char *in, const char *defs, char **out) {
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s/zkc witness %s/circuits/sgd.zkc %s %s/z.wtns %s 2>&1",
             test_bindir(), test_root(), in, tmpdir, defs);
    int st;
    *out = test_run(cmd, &st);
    return st;
}

/* Runs tests/oracle/circom_sgd.js on in; returns its exit status. */
static int circom_sgd_witness(const char *in, int P, int B, int nb, int xb, char **out) {
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "node %s/tests/oracle/circom_sgd.js %s/build/oracle-cache/circom %d %d 8 %d %d 4 %s "
             "%s/c.wtns 2>&1",
             test_root(), test_root(), P, B, nb, xb, in, tmpdir);
    int st;
    *out = test_run(cmd, &st);
    return st;
}

START_TEST(test_sgd_vs_circom) {
    const int P = 4, B = 4, nb = 24;
    strcpy(tmpdir, "/tmp/zkcircom_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    /* sgd.zkc without param XB range-checks x, y with NB bits: circom does the same */
    char path[1024], in[128], defs[128], cmd[2048];
    snprintf(path, sizeof path, "%s/circuits/sgd.zkc", test_root());
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char *src = calloc(1, 1 << 20);
    ck_assert_ptr_nonnull(src);
    size_t got = fread(src, 1, (1 << 20) - 1, f);
    fclose(f);
    ck_assert_uint_gt(got, 0);
    const int xb = strstr(src, "param XB") ? 16 : nb;
    free(src);
    snprintf(defs, sizeof defs, "-D P=%d -D B=%d -D F=8 -D NB=%d -D TB=4", P, B, nb);
    if (xb != nb) snprintf(defs + strlen(defs), sizeof defs - strlen(defs), " -D XB=%d", xb);
    snprintf(in, sizeof in, "%s/in.json", tmpdir);

    /* an honest step: both accept */
    ck_assert(sgd_write_input(in, P, B, nb, xb, 0x5d0c + (uint64_t)_i, false));
    char *zo, *co;
    int zs = zkc_sgd_witness(in, defs, &zo), cs = circom_sgd_witness(in, P, B, nb, xb, &co);
    ck_assert_msg(zs == 0, "zkc refused an honest step:\n%s", zo);
    ck_assert_msg(cs == 0 && strstr(co, "witness accepted"), "circom refused an honest step:\n%s",
                  co);
    /* constraints: zkc -O2 <= circom --O2 */
    long circom_n = -1;
    const char *c = strstr(co, "constraints ");
    ck_assert_ptr_nonnull(c);
    circom_n = atol(c + 12);
    free(zo);
    snprintf(cmd, sizeof cmd, "%s/zkc compile %s -o %s/o %s --stats 2>&1", test_bindir(), path,
             tmpdir, defs);
    int st;
    zo = test_run(cmd, &st);
    ck_assert_msg(st == 0, "%s:\n%s", cmd, zo);
    ck_assert_msg(!strncmp(zo, "constraints\t", 12), "zkc --stats: %s", zo);
    long zkc_n = atol(zo + 12);
    ck_assert_msg(zkc_n > 0 && zkc_n <= circom_n, "sgd P=%d B=%d: zkc %ld constraints, circom %ld",
                  P, B, zkc_n, circom_n);
    free(zo);
    free(co);

    /* one weight just outside the tolerance: both refuse */
    ck_assert(sgd_write_input(in, P, B, nb, xb, 0x5d0c + (uint64_t)_i, true));
    zs = zkc_sgd_witness(in, defs, &zo);
    cs = circom_sgd_witness(in, P, B, nb, xb, &co);
    ck_assert_msg(zs == 1 && strstr(zo, "violate"), "zkc accepted a step outside the tolerance:\n%s",
                  zo);
    ck_assert_msg(cs == 1 && strstr(co, "witness rejected"),
                  "circom accepted a step outside the tolerance:\n%s", co);
    free(zo);
    free(co);
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
}
END_TEST

Suite *zkcircom_suite(void) {
    Suite *s = suite_create("zkcircom");
    TCase *tc = tcase_create("poseidon");
    tcase_set_timeout(tc, 300); /* a cold cache compiles Poseidon(16) with circom2 */
    tcase_add_loop_test(tc, test_poseidon_vs_circom, 0, 
                        (int)(sizeof poseidon_widths / sizeof poseidon_widths[0]));;
    suite_add_tcase(s, tc);
    tc = tcase_create("sgd");
    tcase_set_timeout(tc, 300); /* a cold cache compiles sgd.circom with circom2 */
    tcase_add_loop_test(tc, test_sgd_vs_circom, 0, test_cases(1));
    suite_add_tcase(s, tc);
    return s;
}
