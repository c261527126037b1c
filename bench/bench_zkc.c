/* zkpot benchmarks: the zkc compiler, driven through its command line.
 *   zkc_sgd_P<p>_*            circuits/sgd.zkc with B = 4: constraints per
 *                             trained weight, compile time, peak memory
 *   zkc_matmul_*              a circuit of N*N products (tests/zkc/params.zkc):
 *                             compile time and memory, witness time with the
 *                             interpreter and with the LLVM JIT
 * Sizes grow with ZKPOT_BENCH_SCALE (default 1: P = 16, 256; N = 300). */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "bench_util.h"

static const char *bin(void) {
    const char *b = getenv("ZKPOT_BIN");
    return b && *b ? b : "build/bin";
}
static const char *root(void) {
    const char *r = getenv("ZKPOT_ROOT");
    return r && *r ? r : ".";
}

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
                 bin(), root(), P);
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
    /* N*N products */
    int N = 300 * scale;
    snprintf(cmd, sizeof cmd, "%s/zkc compile %s/tests/zkc/params.zkc -o /tmp/bench_zkc_mm -D N=%d --stats",
             bin(), root(), N);
    double s = timed(cmd, out, sizeof out, &rss);
    if (s < 0) return;
    bench_report("zkc_matmul_constraints", (double)stat_of(out, "constraints"), "constraints");
    bench_report("zkc_matmul_compile", s, "s");
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
                 "%s/zkc witness %s/tests/zkc/params.zkc /tmp/bench_zkc_mm/in.json /tmp/bench_zkc_mm/w.wtns "
                 "-D N=%d%s",
                 bin(), root(), N, jit ? " --jit" : "");
        s = timed(cmd, out, sizeof out, NULL);
        bench_report(jit ? "zkc_matmul_witness_jit_total" : "zkc_matmul_witness_interp_total", s, "s");
    }
    if (system("rm -rf /tmp/bench_zkc_sgd /tmp/bench_zkc_mm") != 0) fprintf(stderr, "bench_zkc: cleanup failed\n");
}
