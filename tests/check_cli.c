/* zkpot tests: the Groth16 CLI end to end, against snarkjs 0.7.6 as the oracle
 * (tests/oracle/groth16_oracle.js; circuits compiled by circom2 from
 * tests/oracle/fixtures, built by io_fixtures.js and cached under build/oracle-cache/io):
 *   snarkjs zkey -> zkpot prove -> snarkjs verify;  snarkjs proof -> zkpot verify;
 *   zkpot setup -> snarkjs prove -> snarkjs and zkpot verify;
 *   snarkjs zkey export verificationkey (our zkey) == zkpot export-vk;
 * and the CLI's rejections: tampered proofs and public inputs, non-canonical
 * inputs, off-curve points, other keys, batches with bad proofs, bad witnesses,
 * malformed files and usage errors, each with its documented exit code. */
#include <check.h>
#include <gmp.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"
#include "zkpot.h"

#define R_DEC "21888242871839275222246405745257275088548364400416034343698204186575808495617"

typedef struct {
    char name[32], r1cs[512], wtns[512], zkey[512], vk[512], proof[512], pub[512];
} fixture_t;

static char tmpdir[256];
static char out[1 << 16]; /* stdout + stderr of the last command */
static unsigned long seed;

/* Runs a shell command (stderr folded into out); returns its exit status. */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...) {
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    strncat(cmd, " 2>&1", sizeof cmd - strlen(cmd) - 1);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#define ZK "%s/zkpot"
#define ZKB test_bindir()

/* Fresh fixtures (random inputs) for all circuits, made once per run in the
 * runner's parent (an unchecked fixture; no OpenMP there) and inherited by the
 * forked tests. */
static fixture_t fixtures[3];
static int n_fixtures;
static char fixture_log[4096];

static void make_fixtures(void) {
    seed = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);
    char cmd[2048];
    /* the io suite's fixtures (same cache): circom2 + a snarkjs zkey, fresh proof */
    snprintf(cmd, sizeof cmd, "node %s/tests/oracle/io_fixtures.js %s/build/oracle-cache/io %lu 2>&1",
             test_root(), test_root(), seed);
    FILE *p = popen(cmd, "r");
    if (!p) return;
    char line[4096];
    while (fgets(line, sizeof line, p)) {
        fixture_t *f = &fixtures[n_fixtures];
        if (n_fixtures < 3 && sscanf(line, "%31s %511s %511s %511s %511s %511s %511s", f->name, f->r1cs,
                                     f->wtns, f->zkey, f->vk, f->proof, f->pub) == 7) {
            /* mulchain, num2bits, poseidon (in that order); the --O2 variant is io's concern */
            if (strcmp(f->name, "num2bits_o2") != 0) n_fixtures++;
        } else
            strncat(fixture_log, line, sizeof fixture_log - strlen(fixture_log) - 1);
    }
    if (pclose(p) != 0) n_fixtures = 0;
}

static const fixture_t *load_fixtures(void) {
    ck_assert_msg(n_fixtures == 3, "fixtures (seed %lu) failed: %s", seed, fixture_log);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/zkpot-check-cli-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    return fixtures;
}

static void cleanup(void) { sh("rm -rf %s", tmpdir); }

/* Runs the oracle on ops (JSON arrays) and checks each printed line equals want. */
static void oracle(const char *want, int nops, ...) {
    char cmd[8192];
    int len = snprintf(cmd, sizeof cmd, "node %s/tests/oracle/groth16_oracle.js run", test_root());
    va_list ap;
    va_start(ap, nops);
    for (int i = 0; i < nops; i++) len += snprintf(cmd + len, sizeof cmd - (size_t)len, " '%s'", va_arg(ap, const char *));
    va_end(ap);
    ck_assert_int_eq(sh("%s", cmd), 0);
    char *save = NULL;
    int i = 0;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), i++)
        ck_assert_msg(!strcmp(line, want), "oracle op %d (seed %lu): %s, want %s", i, seed, line, want);
    ck_assert_int_eq(i, nops);
}

static char *path(const char *file) {
    static char buf[8][600];
    static int k;
    char *p = buf[k++ % 8];
    snprintf(p, 600, "%s/%s", tmpdir, file);
    return p;
}

/* Structural JSON equality (key order ignored). */
static bool json_same(const char *a, const char *b) {
    json_t *x = json_load_file(a, 0, NULL), *y = json_load_file(b, 0, NULL);
    bool same = x && y && json_equal(x, y);
    json_decref(x), json_decref(y);
    return same;
}

/* One circuit per loop index: both directions of interoperability with snarkjs. */
START_TEST(oracle_interop) {
    const fixture_t *fx = load_fixtures();
    const fixture_t *f = &fx[_i];
    char op[6][2048];
    /* snarkjs's proof verifies with zkpot */
    ck_assert_msg(sh(ZK " verify %s %s %s", ZKB, f->vk, f->pub, f->proof) == 0, "%s: %s", f->name, out);
    ck_assert_ptr_nonnull(strstr(out, "OK"));
    /* zkpot proves with snarkjs's zkey (with and without the r1cs check) */
    ck_assert_msg(sh(ZK " prove %s %s %s %s", ZKB, f->zkey, f->wtns, path("p1.json"), path("pub1.json")) == 0,
                  "%s: %s", f->name, out);
    ck_assert_msg(sh(ZK " prove --r1cs %s %s %s %s %s -q", ZKB, f->r1cs, f->zkey, f->wtns, path("p2.json"),
                     path("pub2.json")) == 0, "%s: %s", f->name, out);
    ck_assert(json_same(path("pub1.json"), f->pub));
    /* zkpot's setup */
    ck_assert_msg(sh(ZK " setup %s %s --quiet", ZKB, f->r1cs, path("k.zkey")) == 0, "%s: %s", f->name, out);
    ck_assert_msg(sh(ZK " export-vk %s %s", ZKB, path("k.zkey"), path("vk.json")) == 0, "%s", out);
    ck_assert_msg(sh(ZK " prove %s %s %s %s --threads 1", ZKB, path("k.zkey"), f->wtns, path("p3.json"),
                     path("pub3.json")) == 0, "%s", out);
    snprintf(op[0], sizeof op[0], "[\"exportvk\",\"%s\",\"%s\"]", path("k.zkey"), path("svk.json"));
    snprintf(op[1], sizeof op[1], "[\"prove\",\"%s\",\"%s\",\"%s\",\"%s\"]", path("k.zkey"), f->wtns,
             path("sp.json"), path("spub.json"));
    snprintf(op[2], sizeof op[2], "[\"verify\",\"%s\",\"%s\",\"%s\"]", f->vk, path("pub1.json"), path("p1.json"));
    snprintf(op[3], sizeof op[3], "[\"verify\",\"%s\",\"%s\",\"%s\"]", f->vk, path("pub2.json"), path("p2.json"));
    snprintf(op[4], sizeof op[4], "[\"verify\",\"%s\",\"%s\",\"%s\"]", path("vk.json"), path("spub.json"),
             path("sp.json"));
    snprintf(op[5], sizeof op[5], "[\"verify\",\"%s\",\"%s\",\"%s\"]", path("svk.json"), path("pub3.json"),
             path("p3.json"));
    oracle("ok", 6, op[0], op[1], op[2], op[3], op[4], op[5]);
    /* snarkjs's export of our zkey equals ours, vk_alphabeta_12 included */
    ck_assert_msg(json_same(path("vk.json"), path("svk.json")), "%s: vk differs", f->name);
    /* snarkjs's proof with our key verifies with zkpot; not under another key */
    ck_assert_msg(sh(ZK " verify %s %s %s", ZKB, path("vk.json"), path("spub.json"), path("sp.json")) == 0,
                  "%s", out);
    ck_assert_int_eq(sh(ZK " verify %s %s %s", ZKB, f->vk, path("spub.json"), path("sp.json")), 1);
    ck_assert_int_eq(sh(ZK " verify %s %s %s", ZKB, path("vk.json"), f->pub, f->proof), 1);
    /* info on all three formats */
    ck_assert_int_eq(sh(ZK " info %s", ZKB, path("k.zkey")), 0);
    ck_assert_ptr_nonnull(strstr(out, "groth16"));
    ck_assert_int_eq(sh(ZK " info %s", ZKB, f->r1cs), 0);
    ck_assert_ptr_nonnull(strstr(out, "constraints:"));
    ck_assert_int_eq(sh(ZK " info %s", ZKB, f->wtns), 0);
    ck_assert_ptr_nonnull(strstr(out, "values:"));
    cleanup();
}
END_TEST

static json_t *load(const char *p) {
    json_t *j = json_load_file(p, 0, NULL);
    ck_assert_ptr_nonnull(j);
    return j;
}

static void save(json_t *j, const char *p) {
    ck_assert_int_eq(json_dump_file(j, p, JSON_INDENT(1)), 0);
    json_decref(j);
}

/* dec + k (k may be "r" for + r) */
static void dec_add(char *dst, size_t len, const char *dec, const char *k) {
    mpz_t a, b;
    mpz_init_set_str(a, dec, 10);
    mpz_init_set_str(b, !strcmp(k, "r") ? R_DEC : k, 10);
    mpz_add(a, a, b);
    ck_assert(mpz_sizeinbase(a, 10) + 2 <= len);
    mpz_get_str(dst, 10, a);
    mpz_clears(a, b, NULL);
}

START_TEST(cli_rejects) {
    const fixture_t *fx = load_fixtures();
    const fixture_t *f = &fx[0]; /* mulchain: 2 public signals */
    ck_assert_int_eq(sh(ZK " prove %s %s %s %s", ZKB, f->zkey, f->wtns, path("p.json"), path("pub.json")), 0);
    ck_assert_int_eq(sh(ZK " verify %s %s %s", ZKB, f->vk, path("pub.json"), path("p.json")), 0);
    json_t *pub = load(path("pub.json"));
    size_t np = json_array_size(pub);
    ck_assert_uint_ge(np, 1);
    char d[200];
    /* every public input changed; made non-canonical (+ r) */
    for (size_t i = 0; i < np; i++)
        for (int mode = 0; mode < 2; mode++) {
            json_t *t = json_deep_copy(pub);
            dec_add(d, sizeof d, json_string_value(json_array_get(t, i)), mode ? "r" : "1");
            json_array_set_new(t, i, json_string(d));
            save(t, path("t.json"));
            ck_assert_msg(sh(ZK " verify %s %s %s", ZKB, f->vk, path("t.json"), path("p.json")) == 1,
                          "input %zu mode %d: %s", i, mode, out);
            if (mode) ck_assert_ptr_nonnull(strstr(out, "canonical"));
        }
    /* wrong number of public inputs */
    {
        json_t *t = json_deep_copy(pub);
        json_array_remove(t, np - 1);
        save(t, path("t.json"));
        ck_assert_int_eq(sh(ZK " verify %s %s %s", ZKB, f->vk, path("t.json"), path("p.json")), 1);
    }
    /* every coordinate of the proof changed: off the curve */
    json_t *proof = load(path("p.json"));
    static const char *const keys[] = {"pi_a", "pi_b", "pi_c"};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < 2; i++)
            for (size_t m = 0; m < (k == 1 ? 2u : 1u); m++) {
                json_t *t = json_deep_copy(proof);
                json_t *c = json_array_get(json_object_get(t, keys[k]), i);
                if (k == 1) c = json_array_get(c, m);
                json_t *arr = k == 1 ? json_array_get(json_object_get(t, keys[k]), i)
                                     : json_object_get(t, keys[k]);
                dec_add(d, sizeof d, json_string_value(c), "1");
                json_array_set_new(arr, k == 1 ? m : i, json_string(d));
                save(t, path("t.json"));
                ck_assert_msg(sh(ZK " verify %s %s %s", ZKB, f->vk, path("pub.json"), path("t.json")) == 1,
                              "%s[%zu][%zu]: %s", keys[k], i, m, out);
            }
    /* pi_a and pi_c swapped: on the curve, still invalid */
    {
        json_t *t = json_deep_copy(proof);
        json_object_set(t, "pi_a", json_object_get(proof, "pi_c"));
        json_object_set(t, "pi_c", json_object_get(proof, "pi_a"));
        save(t, path("t.json"));
        ck_assert_int_eq(sh(ZK " verify %s %s %s", ZKB, f->vk, path("pub.json"), path("t.json")), 1);
        ck_assert_ptr_nonnull(strstr(out, "INVALID"));
    }
    /* batch: 5 proofs, the 4th with a changed public input */
    char args[8192] = "";
    for (int k = 0; k < 5; k++) {
        char pp[32], pu[32];
        snprintf(pp, sizeof pp, "b%d.json", k), snprintf(pu, sizeof pu, "bp%d.json", k);
        ck_assert_int_eq(sh(ZK " prove %s %s %s %s", ZKB, f->zkey, f->wtns, path(pp), path(pu)), 0);
        size_t l = strlen(args);
        snprintf(args + l, sizeof args - l, " %s %s", path(pu), path(pp));
    }
    ck_assert_msg(sh(ZK " verify-batch %s%s", ZKB, f->vk, args) == 0, "%s", out);
    {
        json_t *t = json_deep_copy(pub);
        dec_add(d, sizeof d, json_string_value(json_array_get(t, 0)), "1");
        json_array_set_new(t, 0, json_string(d));
        save(t, path("bp3.json"));
    }
    ck_assert_int_eq(sh(ZK " verify-batch %s%s", ZKB, f->vk, args), 1);
    ck_assert_ptr_nonnull(strstr(out, "proof 4 ("));
    ck_assert_ptr_null(strstr(out, "proof 1 ("));
    ck_assert_ptr_null(strstr(out, "proof 5 ("));
    /* another circuit's key */
    ck_assert_int_eq(sh(ZK " verify %s %s %s", ZKB, fx[2].vk, path("pub.json"), path("p.json")), 1);
    /* malformed inputs and usage: exit 2 */
    FILE *g = fopen(path("garbage.json"), "w");
    fputs("{\"pi_a\": [1, 2", g);
    fclose(g);
    ck_assert_int_eq(sh(ZK " verify %s %s %s", ZKB, f->vk, path("pub.json"), path("garbage.json")), 2);
    ck_assert_int_eq(sh(ZK " verify %s %s %s", ZKB, path("garbage.json"), path("pub.json"), path("p.json")), 2);
    ck_assert_int_eq(sh(ZK " verify %s %s %s", ZKB, f->vk, path("pub.json"), path("missing.json")), 2);
    ck_assert_ptr_nonnull(strstr(out, "missing.json"));
    ck_assert_int_eq(sh(ZK " verify %s %s", ZKB, f->vk, path("pub.json")), 2);
    ck_assert_int_eq(sh(ZK " verify-batch %s %s", ZKB, f->vk, path("pub.json")), 2);
    ck_assert_int_eq(sh(ZK " prove %s %s %s %s --frobnicate", ZKB, f->zkey, f->wtns, path("x.json"), path("y.json")), 2);
    ck_assert_int_eq(sh(ZK " prove %s %s %s %s --threads 0", ZKB, f->zkey, f->wtns, path("x.json"), path("y.json")), 2);
    ck_assert_int_eq(sh(ZK " setup %s %s", ZKB, path("garbage.json"), path("x.zkey")), 2);
    ck_assert_int_eq(sh(ZK " prove %s %s %s %s", ZKB, f->wtns, f->zkey, path("x.json"), path("y.json")), 2);
    ck_assert_int_eq(sh(ZK " info %s", ZKB, path("garbage.json")), 2);
    /* prove reads the key and the witness side by side: each error names its
     * file (the text comes back from the thread that read it), the key's first */
    for (int t = 1; t <= 2; t++) {
        ck_assert_int_eq(sh(ZK " prove %s %s %s %s --threads %d", ZKB, f->zkey, path("missing.wtns"),
                            path("x.json"), path("y.json"), t), 2);
        ck_assert_msg(strstr(out, "missing.wtns: cannot open"), "%s", out);
        ck_assert_int_eq(sh(ZK " prove %s %s %s %s --threads %d", ZKB, path("missing.zkey"), f->wtns,
                            path("x.json"), path("y.json"), t), 2);
        ck_assert_msg(strstr(out, "missing.zkey: cannot open"), "%s", out);
        ck_assert_int_eq(sh(ZK " prove %s %s %s %s --threads %d", ZKB, path("missing.zkey"),
                            path("garbage.json"), path("x.json"), path("y.json"), t), 2);
        ck_assert_msg(strstr(out, "missing.zkey: cannot open") && !strstr(out, "garbage.json"), "%s", out);
        ck_assert_int_eq(sh(ZK " prove %s %s %s %s --threads %d", ZKB, f->zkey, path("garbage.json"),
                            path("x.json"), path("y.json"), t), 2);
        ck_assert_msg(strstr(out, "garbage.json"), "%s", out);
    }
    json_decref(pub), json_decref(proof);
    cleanup();
}
END_TEST

START_TEST(prove_refuses_bad_witness) {
    const fixture_t *fx = load_fixtures();
    const fixture_t *f = &fx[0];
    wtns_t *w;
    ck_assert_int_eq(wtns_read(&w, f->wtns), ZKP_OK);
    /* change the last (internal) wire */
    fr_add(&w->values[w->n - 1], &w->values[w->n - 1], &fr_one_c);
    ck_assert_int_eq(wtns_write(w->values, w->n, path("bad.wtns")), ZKP_OK);
    wtns_free(w);
    ck_assert_int_eq(sh(ZK " prove --r1cs %s %s %s %s %s", ZKB, f->r1cs, f->zkey, path("bad.wtns"),
                        path("x.json"), path("y.json")), 2);
    ck_assert_msg(strstr(out, "does not satisfy constraint"), "%s", out);
    ck_assert_int_eq(sh(ZK " prove %s %s %s %s", ZKB, f->zkey, path("bad.wtns"), path("x.json"),
                        path("y.json")), 2);
    ck_assert_msg(strstr(out, "does not satisfy"), "%s", out);
    ck_assert_int_ne(access(path("x.json"), F_OK), 0);
    /* snarkjs agrees the witness is bad */
    char op[2048];
    snprintf(op, sizeof op, "[\"wtnscheck\",\"%s\",\"%s\"]", f->r1cs, path("bad.wtns"));
    oracle("invalid", 1, op);
    cleanup();
}
END_TEST

/* prove (and setup) wait passively unless the user chose (docs/cli.md): libgomp reports
 * the policy it read (OMP_DISPLAY_ENV=verbose), with an environment slot to
 * lend, with none (the re-exec path) and with the user's
 * OMP_WAIT_POLICY=active; every proof verifies. The spin count is what
 * libgomp acts on (it displays PASSIVE for an unset policy too, spinning
 * 300000 times: so it was when the variable came back before libgomp's
 * initializer ran in the static zkpot). */
START_TEST(prove_wait_policy) {
    const fixture_t *f = &load_fixtures()[0];
    static const struct {
        const char *env, *want, *spin;
        int displays;
    } cases[] = {
        {"env OMP_DISPLAY_ENV=verbose", "OMP_WAIT_POLICY = 'PASSIVE'", "GOMP_SPINCOUNT = '0'", 1},
        {"env -i OMP_DISPLAY_ENV=verbose", "OMP_WAIT_POLICY = 'PASSIVE'", "GOMP_SPINCOUNT = '0'", 2},
        {"env OMP_DISPLAY_ENV=verbose OMP_WAIT_POLICY=active", "OMP_WAIT_POLICY = 'ACTIVE'", NULL, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_int_eq(sh("%s " ZK " prove %s %s %s %s", cases[i].env, ZKB, f->zkey, f->wtns,
                            path("p.json"), path("pub.json")), 0);
        int n = 0;
        const char *last = NULL;
        for (const char *q = strstr(out, "OMP_WAIT_POLICY = "); q; q = strstr(q + 1, "OMP_WAIT_POLICY = "))
            n++, last = q;
        ck_assert_msg(n == cases[i].displays && last && !strncmp(last, cases[i].want, strlen(cases[i].want)),
                      "%s: %d displays, want %d ending in %s:\n%s", cases[i].env, n, cases[i].displays,
                      cases[i].want, out);
        const char *spin = strstr(last, "GOMP_SPINCOUNT = ");
        ck_assert_msg(!cases[i].spin || (spin && !strncmp(spin, cases[i].spin, strlen(cases[i].spin))),
                      "%s: libgomp spins (want %s):\n%s", cases[i].env, cases[i].spin, out);
        ck_assert_int_eq(sh(ZK " verify %s %s %s", ZKB, f->vk, path("pub.json"), path("p.json")), 0);
    }
    /* setup too (zkey contribute shares the rule); verify, short, keeps libgomp's default */
    ck_assert_int_eq(sh("env OMP_DISPLAY_ENV=verbose " ZK " setup %s %s --quiet", ZKB, f->r1cs,
                        path("w.zkey")),
                     0);
    ck_assert_msg(strstr(out, "GOMP_SPINCOUNT = '0'"), "setup: libgomp spins:\n%s", out);
    ck_assert_int_eq(sh("env OMP_DISPLAY_ENV=verbose " ZK " verify %s %s %s", ZKB, f->vk,
                        path("pub.json"), path("p.json")),
                     0);
    ck_assert_msg(!strstr(out, "GOMP_SPINCOUNT = '0'"), "verify: libgomp passive:\n%s", out);
    cleanup();
}
END_TEST

Suite *cli_suite(void) {
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("groth16");
    tcase_set_timeout(tc, 300);
    tcase_add_unchecked_fixture(tc, make_fixtures, NULL);
    tcase_add_loop_test(tc, oracle_interop, 0, 3);
    tcase_add_test(tc, cli_rejects);
    tcase_add_test(tc, prove_refuses_bad_witness);
    tcase_add_test(tc, prove_wait_policy);
    suite_add_tcase(s, tc);
    return s;
}
