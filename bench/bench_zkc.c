/* zkpot benchmarks: the zkc compiler, driven through its command line.
 *   zkc_sgd_P<p>_*            circuits/sgd.zkc with B = 4: constraints per
 *                             trained weight, compile time, peak memory
 *   zkc_matmul_*              a circuit of N*N products (tests/zkc/params.zkc):
 *                             compile time and memory, witness time with the
 *                             interpreter, the LLVM JIT and the generated C
 *                             (cc -O2 -march=native), all three .wtns compared
 *   zkc_target_<name>_*       the compile targets of issue 4: zkc's own
 *                             --stats figures (constraints, wall and CPU
 *                             seconds, peak RSS) for sgd P=1024 (also its
 *                             witness by the interpreter, the JIT and the
 *                             generated C: lines, cc -O2 seconds) and lora
 *                             D=K=64 R=4; with ZKC_BENCH_BIG=1 also sgd
 *                             P=10000, 20000 (4.9 GiB) and P=100000 and lora
 *                             D=K=1024 R=49 (100,352 trained values): the
 *                             last two, extrapolated from P=20000, ~24 GiB
 *                             today, so only on request
 * Sizes grow with ZKPOT_BENCH_SCALE (default 1: P = 16, 256; N = 1000, i.e.
 * 1,000,000 constraints). */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "bench_util.h"
#include "circom/sgd_input.h"


/* Runs cmd; returns wall seconds (negative on failure) and its stdout in out. */
static double timed(const char *cmd, char *out, size_t cap, long *maxrss_kb) {
    uint64_t t0 = zkp_now_ns();
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = 0;
    int st = pclose(p);
    double s = (double)(zkp_now_ns() - t0) * 1e-9;
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    if (maxrss_kb) *maxrss_kb = ru.ru_maxrss;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? s : -1;
}

static long stat_of(const char *out, const char *name) {
    char key[64];
    snprintf(key, sizeof key, "%s\t", name);
    const char *p = strstr(out, key);
    return p ? atol(p + strlen(key)) : -1;
}

static double dstat_of(const char *out, const char *name) {
    char key[64];
    snprintf(key, sizeof key, "%s\t", name);
    const char *p = strstr(out, key);
    return p ? atof(p + strlen(key)) : -1;
}

/* Compiles file with defs and reports zkc's own figures under zkc_target_<tag>_*. */
static void compile_target(const char *tag, const char *file, const char *defs) {
    static char out[1 << 16];
    char cmd[2048], name[160];
    snprintf(cmd, sizeof cmd, "%s/zkc compile %s/%s -o /tmp/bench_zkc_t %s --stats", bench_bin(), bench_root(), file, defs);
    if (timed(cmd, out, sizeof out, NULL) < 0) {
        fprintf(stderr, "bench_zkc: %s failed\n", cmd);
        return;
    }
    static const struct { const char *stat, *suffix, *unit; } figs[] = {
        {"constraints", "constraints", "constraints"}, {"time_total_s", "compile", "s"},
        {"cpu_total_s", "compile_cpu", "s"},           {"peak_rss_mib", "peak_rss", "MiB"},
    };
    for (size_t i = 0; i < sizeof figs / sizeof *figs; i++) {
        snprintf(name, sizeof name, "zkc_target_%s_%s", tag, figs[i].suffix);
        bench_report(name, dstat_of(out, figs[i].stat), figs[i].unit);
    }
    /* peak resident bytes per constraint before optimization (the whole compile) */
    snprintf(name, sizeof name, "zkc_target_%s_peak_bytes_per_constraint", tag);
    bench_report(name, dstat_of(out, "peak_rss_mib") * 1048576.0 / dstat_of(out, "constraints_before"),
                 "B/constraint");
    if (system("rm -rf /tmp/bench_zkc_t") != 0) fprintf(stderr, "bench_zkc: cleanup failed\n");
}

void bench_zkc(void) {
    const char *sc = getenv("ZKPOT_BENCH_SCALE");
    int scale = sc ? atoi(sc) : 1;
    if (scale < 1) scale = 1;
    static char out[1 << 16];
    char cmd[2048], name[128];
    long rss;
    int ps[2] = {16, 256 * scale};
    for (int i = 0; i < 2; i++) {
        int P = ps[i];
        snprintf(cmd, sizeof cmd, "%s/zkc compile %s/circuits/sgd.zkc -o /tmp/bench_zkc_sgd -D P=%d -D B=4 --stats",
                 bench_bin(), bench_root(), P);
        double s = timed(cmd, out, sizeof out, &rss);
        if (s < 0) {
            fprintf(stderr, "bench_zkc: %s failed\n", cmd);
            return;
        }
        long c = stat_of(out, "constraints");
        snprintf(name, sizeof name, "zkc_sgd_P%d_B4_constraints", P);
        bench_report(name, (double)c, "constraints");
        snprintf(name, sizeof name, "zkc_sgd_P%d_B4_constraints_per_weight", P);
        bench_report(name, (double)c / P, "constraints/weight");
        snprintf(name, sizeof name, "zkc_sgd_P%d_B4_compile", P);
        bench_report(name, s, "s");
    }
    compile_target("sgd_P1024_B4", "circuits/sgd.zkc", "-D P=1024 -D B=4");
    compile_target("lora_D64_K64_R4_B4", "circuits/lora.zkc", "-D D=64 -D K=64 -D R=4 -D B=4");
    /* sgd P=1024: the witness of an honest step by the interpreter and the LLVM JIT, compared */
    if (system("mkdir -p /tmp/bench_zkc_sw") == 0 &&
        sgd_write_input("/tmp/bench_zkc_sw/in.json", 1024, 4, 24, 16, 0x5eed, false)) {
        for (int jit = 0; jit < 2; jit++) {
            snprintf(cmd, sizeof cmd,
                     "%s/zkc witness %s/circuits/sgd.zkc /tmp/bench_zkc_sw/in.json /tmp/bench_zkc_sw/%c.wtns "
                     "-D P=1024 -D B=4%s",
                     bench_bin(), bench_root(), jit ? 'j' : 'i',
                     jit ? " --jit" : " --flat-inputs /tmp/bench_zkc_sw/flat.txt");
            double s = timed(cmd, out, sizeof out, NULL);
            bench_report(jit ? "zkc_target_sgd_P1024_B4_witness_jit_total"
                             : "zkc_target_sgd_P1024_B4_witness_interp_total",
                         s, "s");
        }
        /* the generated C: its size (loops stay loops: about 6k lines from P=300
         * to P=20,000), cc -O2, then the witness */
        snprintf(cmd, sizeof cmd,
                 "%s/zkc compile %s/circuits/sgd.zkc -o /tmp/bench_zkc_sw -D P=1024 -D B=4 --emit c && "
                 "wc -l < /tmp/bench_zkc_sw/sgd.c",
                 bench_bin(), bench_root());
        if (timed(cmd, out, sizeof out, NULL) >= 0)
            bench_report("zkc_target_sgd_P1024_B4_c_lines", atof(out), "lines");
        snprintf(cmd, sizeof cmd,
                 "cc -O2 -march=native -std=c11 -I%s/runtime/include -I/tmp/bench_zkc_sw -DCIRCUIT=sgd "
                 "-DCIRCUIT_H='\"sgd.h\"' %s/tests/zkc/driver.c /tmp/bench_zkc_sw/sgd.c %s/../lib/libzkpot.a "
                 "-lgmp -lm -lcrypto -ljansson -fopenmp -o /tmp/bench_zkc_sw/drv",
                 bench_root(), bench_root(), bench_bin());
        bench_report("zkc_target_sgd_P1024_B4_c_cc_O2", timed(cmd, out, sizeof out, NULL), "s");
        bench_report("zkc_target_sgd_P1024_B4_witness_c",
                     timed("/tmp/bench_zkc_sw/drv /tmp/bench_zkc_sw/flat.txt /tmp/bench_zkc_sw/c.wtns", out,
                           sizeof out, NULL),
                     "s");
        bench_report("zkc_target_sgd_P1024_B4_backends_agree",
                     system("cmp -s /tmp/bench_zkc_sw/i.wtns /tmp/bench_zkc_sw/j.wtns && "
                            "cmp -s /tmp/bench_zkc_sw/i.wtns /tmp/bench_zkc_sw/c.wtns") == 0,
                     "bool");
    }
    if (system("rm -rf /tmp/bench_zkc_sw") != 0) fprintf(stderr, "bench_zkc: cleanup failed\n");
    const char *big = getenv("ZKC_BENCH_BIG");
    if (big && atoi(big) > 0) {
        compile_target("sgd_P10000_B4", "circuits/sgd.zkc", "-D P=10000 -D B=4");
        compile_target("sgd_P20000_B4", "circuits/sgd.zkc", "-D P=20000 -D B=4"); /* 4.9 GiB */
        compile_target("sgd_P100000_B4", "circuits/sgd.zkc", "-D P=100000 -D B=4");
        compile_target("lora_D1024_K1024_R49_B4", "circuits/lora.zkc",
                       "-D D=1024 -D K=1024 -D R=49 -D B=4");
    }
    /* N*N products */
    int N = 1000 * scale;
    snprintf(cmd, sizeof cmd,
             "%s/zkc compile %s/tests/zkc/params.zkc -o /tmp/bench_zkc_mm -D N=%d --stats --emit r1cs,c",
             bench_bin(), bench_root(), N);
    double s = timed(cmd, out, sizeof out, &rss);
    if (s < 0) return;
    bench_report("zkc_matmul_N", N, "N");
    bench_report("zkc_matmul_constraints", (double)stat_of(out, "constraints"), "constraints");
    bench_report("zkc_matmul_compile", s, "s");
    bench_report("zkc_matmul_compile_cpu", dstat_of(out, "cpu_total_s"), "s");
    bench_report("zkc_matmul_compile_peak_rss", dstat_of(out, "peak_rss_mib"), "MiB");
    bench_report("zkc_matmul_compile_peak_bytes_per_constraint",
                 dstat_of(out, "peak_rss_mib") * 1048576.0 / dstat_of(out, "constraints_before"),
                 "B/constraint");
    bench_report("zkc_peak_rss_so_far", (double)rss / 1024.0, "MiB");
    /* witness: random inputs */
    FILE *f = fopen("/tmp/bench_zkc_mm/in.json", "w");
    if (!f) return;
    uint64_t x = 12345;
    fprintf(f, "{\"m\": [");
    for (int i = 0; i < N * N; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        fprintf(f, "%s%llu", i ? ", " : "", (unsigned long long)(x >> 20));
    }
    fprintf(f, "], \"v\": [");
    for (int i = 0; i < N; i++) fprintf(f, "%s%d", i ? ", " : "", i + 1);
    fprintf(f, "]}");
    fclose(f);
    for (int jit = 0; jit < 2; jit++) {
        snprintf(cmd, sizeof cmd,
                 "%s/zkc witness %s/tests/zkc/params.zkc /tmp/bench_zkc_mm/in.json /tmp/bench_zkc_mm/%s.wtns "
                 "-D N=%d%s",
                 bench_bin(), bench_root(), jit ? "j" : "i", N, jit ? " --jit" : " --flat-inputs /tmp/bench_zkc_mm/flat.txt");
        s = timed(cmd, out, sizeof out, NULL);
        bench_report(jit ? "zkc_matmul_witness_jit_total" : "zkc_matmul_witness_interp_total", s, "s");
    }
    /* the generated C: cc -O2, then the witness; all three .wtns must agree */
    snprintf(cmd, sizeof cmd,
             "cc -O2 -march=native -std=c11 -I%s/runtime/include -I/tmp/bench_zkc_mm -DCIRCUIT=params "
             "-DCIRCUIT_H='\"params.h\"' %s/tests/zkc/driver.c /tmp/bench_zkc_mm/params.c %s/../lib/libzkpot.a "
             "-lgmp -lm -lcrypto -ljansson -fopenmp -o /tmp/bench_zkc_mm/drv",
             bench_root(), bench_root(), bench_bin());
    s = timed(cmd, out, sizeof out, NULL);
    bench_report("zkc_matmul_c_cc_O2", s, "s");
    s = timed("/tmp/bench_zkc_mm/drv /tmp/bench_zkc_mm/flat.txt /tmp/bench_zkc_mm/c.wtns", out, sizeof out, NULL);
    bench_report("zkc_matmul_witness_c", s, "s");
    bench_report("zkc_matmul_backends_agree",
                 system("cmp -s /tmp/bench_zkc_mm/i.wtns /tmp/bench_zkc_mm/j.wtns && "
                        "cmp -s /tmp/bench_zkc_mm/i.wtns /tmp/bench_zkc_mm/c.wtns") == 0,
                 "bool");
    if (system("rm -rf /tmp/bench_zkc_sgd /tmp/bench_zkc_mm") != 0) fprintf(stderr, "bench_zkc: cleanup failed\n");
}
