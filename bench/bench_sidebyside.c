/* zkpot benchmark: Groth16 proving side by side with the reference provers on
 * the same .zkey and .wtns — snarkjs 0.7.6 (tests/oracle) and, when built by
 * hand outside this repository, rapidsnark (RAPIDSNARK=/path/to/prover).
 * Synthetic training-like circuits of about 2^k constraints (three in four
 * are booleanity checks of bits, the rest a multiplication chain), generated
 * and cached under build/bench-cache/; the .zkey comes from `zkpot setup`.
 * For every size and tool: wall time, peak RSS (wait4), and the ratio
 * theirs/ours, all measured in this one run. Every proof is checked with
 * `zkpot verify` so a fast wrong prover cannot score.
 * Environment: BENCH_SIZES="12 16 18 20", BENCH_SNARKJS_MAX=20, RAPIDSNARK=path. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"
#include "zkpot.h"

struct run {
    double seconds;
    double peak_mib;
    int status;
};

/* Runs argv with stdout to /dev/null, timing it; peak RSS from wait4. */
static struct run run_cmd(char *const argv[]) {
    struct run r = {0, 0, -1};
    fflush(stdout); /* or the child would write our buffered lines again */
    uint64_t t0 = zkp_now_ns();
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) dup2(devnull, STDOUT_FILENO);
        execvp(argv[0], argv);
        _exit(127);
    }
    if (pid < 0) return r;
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0) return r;
    r.seconds = (double)(zkp_now_ns() - t0) / 1e9;
    r.peak_mib = (double)ru.ru_maxrss / 1024.0;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return r;
}

static bool file_exists(const char *p) {
    struct stat sb;
    return stat(p, &sb) == 0 && sb.st_size > 0;
}

/* Circuit with domain 2^k: wire 0 = 1, wire 1 = public output y, wire 2 =
 * public input x, then internal wires. Constraint kinds, interleaved:
 *   bit:  b * (b - 1) = 0
 *   mul:  z_i = z_{i-1} * v_i  (z_0 = x, v_i a free witness value)
 * and the last constraint y = z * 1. */
static zkp_err gen_circuit(const char *r1cs_path, const char *wtns_path, unsigned k) {
    const uint32_t n_pub = 2;
    const uint32_t nc = (1u << k) - n_pub - 1; /* snarkjs: nc + nPublic + 1 <= domain */
    const uint32_t n_loop = nc - 1, n_mul = n_loop / 4, n_bit = n_loop - n_mul;
    const uint32_t n_wires = 3 + n_bit + 2 * n_mul;
    r1cs_t r = {0};
    r.n_wires = n_wires, r.n_pub_out = 1, r.n_pub_in = 1, r.n_constraints = nc;
    r.terms = zkp_calloc((size_t)nc * 4, sizeof *r.terms);
    r.lc_start = zkp_calloc(3 * (size_t)nc + 1, sizeof *r.lc_start);
    fr_t *w = zkp_calloc(n_wires, sizeof *w);
    zkp_err e = ZKP_ERR_NOMEM;
    if (!w || !r.terms || !r.lc_start) goto out;
    fr_t one, minus_one;
    fr_set_one(&one);
    fr_neg(&minus_one, &one);
    w[0] = one;
    fr_set_u64(&w[2], 3);
    uint64_t seed = 0x5eed + k, nt = 0, nlc = 0;
    uint32_t next = 3, z = 2;
#define TERM(wire_, coef_) (r.terms[nt].wire = (wire_), r.terms[nt].coef = (coef_), nt++)
#define END_LC() (r.lc_start[++nlc] = nt)
    for (uint32_t i = 0; i < n_loop; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        if (i % 4 == 3) { /* z' = z * v */
            uint32_t v = next++, zn = next++;
            fr_set_u64(&w[v], seed >> 1);
            fr_mul(&w[zn], &w[z], &w[v]);
            TERM(z, one), END_LC();
            TERM(v, one), END_LC();
            TERM(zn, one), END_LC();
            z = zn;
        } else { /* b * (b - 1) = 0 */
            uint32_t b = next++;
            fr_set_u64(&w[b], (seed >> 33) & 1);
            TERM(b, one), END_LC();
            TERM(b, one), TERM(0, minus_one), END_LC();
            END_LC();
        }
    }
    w[1] = w[z]; /* y = z * 1 */
    TERM(z, one), END_LC();
    TERM(0, one), END_LC();
    TERM(1, one), END_LC();
#undef TERM
#undef END_LC
    e = r1cs_write(&r, r1cs_path);
    if (!e) e = wtns_write(w, n_wires, wtns_path);
out:
    zkp_free(r.terms);
    zkp_free(r.lc_start);
    zkp_free(w);
    return e;
}

static void report_run(const char *tool, unsigned k, const char *what, struct run r) {
    char name[128];
    snprintf(name, sizeof name, "%s_2^%u_%s_time", what, k, tool);
    bench_report(name, r.seconds, "s");
    snprintf(name, sizeof name, "%s_2^%u_%s_peak_rss", what, k, tool);
    bench_report(name, r.peak_mib, "MiB");
}

/* Runs one prover, checks its proof with `zkpot verify` (vcmd) and reports time,
 * peak memory, validity and, given ours, the ratio theirs/ours. */
static struct run prove_with(const char *tool, char *const cmd[], char *const vcmd[], unsigned k,
                             const struct run *ours) {
    struct run r = run_cmd(cmd);
    bool ok = r.status == 0 && run_cmd(vcmd).status == 0;
    report_run(tool, k, "prove", r);
    char name[96];
    snprintf(name, sizeof name, "prove_2^%u_valid_%s", k, tool);
    bench_report(name, ok, "bool");
    if (ours) {
        snprintf(name, sizeof name, "prove_2^%u_%s_over_zkpot", k, tool);
        bench_report(name, r.seconds / ours->seconds, "x");
    }
    return r;
}

void bench_sidebyside(void) {
    const char *sizes = getenv("BENCH_SIZES");
    if (!sizes || !*sizes) sizes = "12 16 18 20";
    const char *sj_max_s = getenv("BENCH_SNARKJS_MAX");
    unsigned sj_max = sj_max_s ? (unsigned)atoi(sj_max_s) : 20;
    const char *rapid = getenv("RAPIDSNARK");
    char zkpot[1024], snarkjs[1024], dir[1024];
    snprintf(zkpot, sizeof zkpot, "%s/zkpot", bench_bin());
    const char *root = bench_root();
    snprintf(snarkjs, sizeof snarkjs, "%s/tests/oracle/node_modules/.bin/snarkjs", root);
    snprintf(dir, sizeof dir, "%s/build/bench-cache", root);
    mkdir(dir, 0755);
    if (!rapid || !*rapid)
        fprintf(stderr, "sidebyside: RAPIDSNARK not set; rapidsnark columns skipped\n");
    char buf[64];
    for (const char *p = sizes; sscanf(p, "%63s", buf) == 1; p = strstr(p, buf) + strlen(buf)) {
        unsigned k = (unsigned)atoi(buf);
        if (k < 4 || k > 24) continue;
        char r1cs[1200], wtns[1200], zkey[1200], vk[1200], proof[1200], pub[1200];
        snprintf(r1cs, sizeof r1cs, "%s/train%u.r1cs", dir, k);
        snprintf(wtns, sizeof wtns, "%s/train%u.wtns", dir, k);
        snprintf(zkey, sizeof zkey, "%s/train%u.zkey", dir, k);
        snprintf(vk, sizeof vk, "%s/train%u.vk.json", dir, k);
        snprintf(proof, sizeof proof, "%s/train%u.proof.json", dir, k);
        snprintf(pub, sizeof pub, "%s/train%u.public.json", dir, k);
        if (!file_exists(zkey) || !file_exists(wtns) || !file_exists(vk)) {
            if (gen_circuit(r1cs, wtns, k)) {
                fprintf(stderr, "sidebyside: 2^%u: %s\n", k, zkp_last_error());
                continue;
            }
            struct run s = run_cmd((char *[]){zkpot, "setup", "--quiet", r1cs, zkey, NULL});
            if (s.status) {
                fprintf(stderr, "sidebyside: zkpot setup failed at 2^%u\n", k);
                continue;
            }
            report_run("zkpot", k, "setup", s);
            if (run_cmd((char *[]){zkpot, "export-vk", zkey, vk, NULL}).status) continue;
        }
        char *vcmd[] = {zkpot, "verify", vk, pub, proof, NULL};
        struct run ours =
            prove_with("zkpot", (char *[]){zkpot, "prove", "--quiet", zkey, wtns, proof, pub, NULL},
                       vcmd, k, NULL);
        if (rapid && *rapid)
            prove_with("rapidsnark", (char *[]){(char *)rapid, zkey, wtns, proof, pub, NULL}, vcmd,
                       k, &ours);
        if (k <= sj_max)
            prove_with("snarkjs",
                       (char *[]){"node", snarkjs, "groth16", "prove", zkey, wtns, proof, pub, NULL},
                       vcmd, k, &ours);
        fflush(stdout);
    }
}
