/* zkpot benchmark: Groth16 proving side by side with the reference provers on
 * the same .zkey and .wtns — snarkjs 0.7.6 (tests/oracle) and, when built by
 * hand outside this repository, rapidsnark (RAPIDSNARK=/path/to/prover).
 * Synthetic training-like circuits of about 2^k constraints (three in four
 * are booleanity checks of bits, the rest a multiplication chain), generated
 * and cached under build/bench-cache/; the .zkey comes from `zkpot setup`.
 * Every tool proves BENCH_REPEAT times (default 3) per size, the tools
 * alternating run after run (timings on a shared VM drift by 5-10%); for every
 * size and tool: the median and minimum wall time, the largest peak RSS
 * (wait4), and the ratios theirs/ours of the medians and of the minima, all
 * measured in this one run. Every proof is checked with `zkpot verify` so a
 * fast wrong prover cannot score.
 * Environment: BENCH_SIZES="12 16 18 20", BENCH_REPEAT=3, BENCH_SNARKJS_MAX=20,
 * RAPIDSNARK=path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_util.h"
#include "zkpot.h"

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

static void report_run(const char *tool, unsigned k, const char *what, bench_run_t r) {
    char name[128];
    snprintf(name, sizeof name, "%s_2^%u_%s_time", what, k, tool);
    bench_report(name, r.seconds, "s");
    snprintf(name, sizeof name, "%s_2^%u_%s_peak_rss", what, k, tool);
    bench_report(name, r.peak_mib, "MiB");
}

/* One prover's runs at one size: every run is checked with `zkpot verify`. */
#define REPEAT_MAX 31
struct tool {
    const char *name;
    char *const *cmd;
    double sec[REPEAT_MAX];
    double peak_mib; /* the largest of the runs */
    int runs;
    bool valid;
};

static void tool_run(struct tool *t, char *const vcmd[]) {
    bench_run_t r = bench_run(t->cmd, NULL, NULL);
    bool ok = r.status == 0 && bench_run(vcmd, NULL, NULL).status == 0;
    t->valid = t->valid && ok;
    t->sec[t->runs++] = r.seconds;
    if (r.peak_mib > t->peak_mib) t->peak_mib = r.peak_mib;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Sorts the times; the median (lower middle for an even count) and the minimum. */
static void tool_stats(struct tool *t, double *median, double *min) {
    qsort(t->sec, (size_t)t->runs, sizeof t->sec[0], cmp_double);
    *median = t->sec[(t->runs - 1) / 2];
    *min = t->sec[0];
}

/* Reports median and minimum time, peak RSS, validity and, given ours, the
 * ratios theirs/ours of the medians and of the minima. */
static void tool_report(struct tool *t, unsigned k, struct tool *ours) {
    char name[128];
    double med, min;
    tool_stats(t, &med, &min);
    report_run(t->name, k, "prove", (bench_run_t){med, 0, t->peak_mib, 0});
    snprintf(name, sizeof name, "prove_2^%u_%s_time_min", k, t->name);
    bench_report(name, min, "s");
    snprintf(name, sizeof name, "prove_2^%u_valid_%s", k, t->name);
    bench_report(name, t->valid, "bool");
    if (ours && ours != t) {
        double omed = ours->sec[(ours->runs - 1) / 2], omin = ours->sec[0];
        snprintf(name, sizeof name, "prove_2^%u_%s_over_zkpot", k, t->name);
        bench_report(name, med / omed, "x");
        snprintf(name, sizeof name, "prove_2^%u_%s_over_zkpot_min", k, t->name);
        bench_report(name, min / omin, "x");
    }
}

void bench_sidebyside(void) {
    const char *sizes = getenv("BENCH_SIZES");
    if (!sizes || !*sizes) sizes = "12 16 18 20";
    const char *sj_max_s = getenv("BENCH_SNARKJS_MAX");
    unsigned sj_max = sj_max_s ? (unsigned)atoi(sj_max_s) : 20;
    const char *rep_s = getenv("BENCH_REPEAT");
    int repeat = rep_s && *rep_s ? atoi(rep_s) : 3;
    if (repeat < 1) repeat = 1;
    if (repeat > REPEAT_MAX) repeat = REPEAT_MAX;
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
            bench_run_t s =
                bench_run((char *[]){zkpot, "setup", "--quiet", r1cs, zkey, NULL}, NULL, NULL);
            if (s.status) {
                fprintf(stderr, "sidebyside: zkpot setup failed at 2^%u\n", k);
                continue;
            }
            report_run("zkpot", k, "setup", s);
            if (bench_run((char *[]){zkpot, "export-vk", zkey, vk, NULL}, NULL, NULL).status)
                continue;
        }
        char *vcmd[] = {zkpot, "verify", vk, pub, proof, NULL};
        char *zcmd[] = {zkpot, "prove", "--quiet", zkey, wtns, proof, pub, NULL};
        char *rcmd[] = {(char *)rapid, zkey, wtns, proof, pub, NULL};
        char *scmd[] = {"node", snarkjs, "groth16", "prove", zkey, wtns, proof, pub, NULL};
        struct tool tools[3] = {{.name = "zkpot", .cmd = zcmd, .valid = true},
                                {.name = "rapidsnark", .cmd = rcmd, .valid = true},
                                {.name = "snarkjs", .cmd = scmd, .valid = true}};
        bool use[3] = {true, rapid && *rapid, k <= sj_max};
        /* the tools alternate, run after run, so that drift hits all alike */
        for (int i = 0; i < repeat; i++)
            for (int t = 0; t < 3; t++)
                if (use[t]) tool_run(&tools[t], vcmd);
        for (int t = 0; t < 3; t++)
            if (use[t]) tool_report(&tools[t], k, &tools[0]);
        fflush(stdout);
    }
}
