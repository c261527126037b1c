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
 *                             P=10000, 20000 (1.8 GiB) and P=100000 (17.4M
 *                             constraints, 8.6 GiB) and lora D=K=1024 R=49
 *                             (100,352 trained values: 12.0M constraints,
 *                             4.4 GiB; docs/compiler.md, scale test), only on
 *                             request (minutes each). Each target also reports
 *                             its peak resident bytes per constraint
 *                             (before optimization): ~1.2 KiB before the
 *                             compact constraint store, 0.54-0.68 KiB after
 * Sizes grow with ZKPOT_BENCH_SCALE (default 1: P = 16, 256; N = 1000, i.e.
 * 1,000,000 constraints).
 *
 * Scale mode (ZKC_SCALE=1, `make scale-test`; not part of `make test` or of
 * the default run: about half an hour and 10 GiB): sgd.zkc at P = 100,000 and
 * lora.zkc at D = K = 1024, R = 49 (100,352 trained values), each with an
 * honest input.json from the C models (seeded), compiled (--emit r1cs,c),
 * its witness computed by the LLVM back end (zkc witness --jit, which also
 * writes the flat inputs) and by the generated C (cc -O2 -march=native, the
 * tests' driver), the two .wtns compared byte for byte and the C one checked
 * against the .r1cs (A*B = C for every constraint, streamed from the file).
 * Figures zkc_scale_<circuit>_*: wall and CPU seconds and peak RSS per step
 * (wait4 of the child), the load average beside them. ZKC_SCALE_P,
 * ZKC_SCALE_D/K/R and ZKC_SCALE_B change the sizes, ZKC_SCALE_ONLY=sgd|lora
 * runs one circuit, ZKC_SCALE_DIR the work directory (default
 * /tmp/zkc_scale; removed unless ZKC_SCALE_KEEP=1: the .r1cs is ~6 GB). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"
#include "circom/sgd_input.h"
#include "../tests/zkc/lora_input.h"


/* Runs cmd; returns wall seconds (negative on failure) and its output (stdout
 * and stderr) in out (zkc's --stats figures include its own peak RSS). */
static double timed(const char *cmd, char *out, size_t cap) {
    char path[64];
    snprintf(path, sizeof path, "/tmp/bench_zkc_out.%ld", (long)getpid());
    bench_run_t r = bench_run_sh(cmd, NULL, path);
    size_t n = 0;
    FILE *f = fopen(path, "rb");
    if (f) {
        n = fread(out, 1, cap - 1, f);
        fclose(f);
    }
    out[n] = 0;
    unlink(path);
    return r.status == 0 ? r.seconds : -1;
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
    if (timed(cmd, out, sizeof out) < 0) {
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

/* ---- scale mode ---- */

static double loadavg1(void) {
    double l = -1;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &l) != 1) l = -1;
        fclose(f);
    }
    return l;
}

/* Runs one step of the scale run and reports zkc_scale_<tag>_<step>_{wall,cpu,peak_rss,load}. */
static bool scale_step(const char *tag, const char *step, const char *cmd) {
    char name[160];
    double load = loadavg1();
    fflush(stderr);
    bench_run_t r = bench_run((char *[]){"/bin/sh", "-c", (char *)cmd, NULL}, NULL, NULL);
    if (r.status != 0) {
        fprintf(stderr, "bench_zkc: %s failed (status %d)\n", cmd, r.status);
        return false;
    }
    double wall = r.seconds, cpu = r.cpu, rss = r.peak_mib;
    static const char *suf[] = {"wall", "cpu", "peak_rss", "load"}, *unit[] = {"s", "s", "MiB", "loadavg"};
    double v[] = {wall, cpu, rss, load};
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "zkc_scale_%s_%s_%s", tag, step, suf[i]);
        bench_report(name, v[i], unit[i]);
    }
    return true;
}

static uint32_t rd32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t rd64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* Checks the witness in wtns against the system in r1cs, constraint by
 * constraint, reading the .r1cs sections in place (iden3 r1cs format: the
 * header's wire and constraint counts, then per constraint A, B, C, each a
 * term count and (wire u32, 32-byte little-endian coefficient) terms), so it
 * needs the witness in memory and nothing per term. Returns the number of
 * constraints not satisfied (*ncons: the count checked), -1 on a malformed or
 * mismatched file (message on stderr). */
static long r1cs_check_file(const char *r1cs, const char *wtns, uint32_t *ncons) {
    long bad = -1;
    int fd = open(r1cs, O_RDONLY);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        fprintf(stderr, "bench_zkc: cannot open %s\n", r1cs);
        if (fd >= 0) close(fd);
        return -1;
    }
    size_t len = (size_t)sb.st_size;
    const uint8_t *m = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    close(fd);
    if (m == MAP_FAILED) return -1;
    madvise((void *)m, len, MADV_SEQUENTIAL);
    wtns_map_t wm = {0};
    fr_t *w = NULL;
    const uint8_t *hdr = NULL, *cons = NULL, *end = m + len;
    uint64_t cons_len = 0;
    if (len < 12 || memcmp(m, "r1cs", 4) || rd32(m + 4) != 1) goto done;
    const uint8_t *p = m + 12;
    for (uint32_t i = 0, ns = rd32(m + 8); i < ns; i++) {
        if ((size_t)(end - p) < 12) goto done;
        uint32_t type = rd32(p);
        uint64_t sz = rd64(p + 4);
        p += 12;
        if (sz > (uint64_t)(end - p)) goto done;
        if (type == 1) hdr = p;
        if (type == 2) cons = p, cons_len = sz;
        p += sz;
    }
    if (!hdr || !cons || rd32(hdr) != 32) goto done;
    uint32_t nw = rd32(hdr + 36), nc = rd32(hdr + 60);
    if (wtns_map(&wm, wtns) != ZKP_OK || wm.n != nw) {
        fprintf(stderr, "bench_zkc: %s does not have the %u values of %s\n", wtns, nw, r1cs);
        goto done;
    }
    w = malloc(sizeof *w * (nw ? nw : 1));
    if (!w) goto done;
    for (uint32_t i = 0; i < nw; i++)
        if (fr_from_bytes_le(&w[i], wm.le + 32 * (size_t)i) != ZKP_OK) goto done;
    const uint8_t *q = cons, *qe = cons + cons_len;
    long nbad = 0;
    for (uint32_t c = 0; c < nc; c++) {
        fr_t v[3];
        for (int k = 0; k < 3; k++) {
            if (qe - q < 4) goto done;
            uint32_t nt = rd32(q);
            q += 4;
            if ((uint64_t)(qe - q) < 36ull * nt) goto done;
            fr_set_zero(&v[k]);
            for (uint32_t t = 0; t < nt; t++, q += 36) {
                uint32_t wi = rd32(q);
                fr_t co, x;
                if (wi >= nw || fr_from_bytes_le(&co, q + 4) != ZKP_OK) goto done;
                fr_mul(&x, &co, &w[wi]);
                fr_add(&v[k], &v[k], &x);
            }
        }
        fr_mul(&v[0], &v[0], &v[1]);
        if (!fr_eq(&v[0], &v[2])) {
            if (!nbad) fprintf(stderr, "bench_zkc: constraint %u of %s is not satisfied\n", c, r1cs);
            nbad++;
        }
    }
    if (q != qe) goto done;
    *ncons = nc;
    bad = nbad;
done:
    if (bad < 0) fprintf(stderr, "bench_zkc: %s: malformed, or not the system of %s\n", r1cs, wtns);
    free(w);
    wtns_unmap(&wm);
    munmap((void *)m, len);
    return bad;
}

/* One circuit of the scale run: tag names the figures, name is the file's
 * base name (sgd, lora), defs its -D options; the input is already in dir/in.json. */
static void scale_circuit(const char *tag, const char *name, const char *defs, const char *dir) {
    static char out[1 << 16];
    char cmd[4096], fig[160];
    const char *bin = bench_bin(), *root = bench_root();
    snprintf(cmd, sizeof cmd, "exec %s/zkc compile %s/circuits/%s.zkc -o %s %s --emit r1cs,c --stats > %s/stats.txt",
             bin, root, name, dir, defs, dir);
    if (!scale_step(tag, "compile", cmd)) return;
    snprintf(cmd, sizeof cmd, "%s/stats.txt", dir);
    FILE *f = fopen(cmd, "r");
    size_t n = f ? fread(out, 1, sizeof out - 1, f) : 0;
    out[n] = 0;
    if (f) fclose(f);
    static const char *stats[] = {"constraints", "constraints_before", "wires", "witness_items",
                                  "time_elab_s", "time_opt_linear_s", "cpu_total_s", "rss_after_elab_mib",
                                  "peak_rss_mib"};
    for (size_t i = 0; i < sizeof stats / sizeof *stats; i++) {
        /* the counts in full (bench_report's %g keeps 6 digits) */
        printf("zkc_scale_%s_stat_%s\t%.10g\t%s\n", tag, stats[i], dstat_of(out, stats[i]),
               strstr(stats[i], "_s") ? "s" : strstr(stats[i], "_mib") ? "MiB" : "");
    }
    snprintf(cmd, sizeof cmd, "wc -l < %s/%s.c", dir, name);
    FILE *p = popen(cmd, "r");
    if (p) {
        long lines = -1;
        if (fscanf(p, "%ld", &lines) != 1) lines = -1;
        pclose(p);
        snprintf(fig, sizeof fig, "zkc_scale_%s_c_lines", tag);
        bench_report(fig, (double)lines, "lines");
    }
    /* LLVM: zkc witness --jit runs the whole pipeline again (elaboration,
     * JIT, the constraints checked, the optimizer) and writes the flat inputs */
    snprintf(cmd, sizeof cmd,
             "exec %s/zkc witness %s/circuits/%s.zkc %s/in.json %s/jit.wtns %s --jit --flat-inputs %s/flat.txt",
             bin, root, name, dir, dir, defs, dir);
    bool jit = scale_step(tag, "witness_jit", cmd);
    snprintf(cmd, sizeof cmd,
             "exec cc -O2 -march=native -std=c11 -I%s/runtime/include -I%s -DCIRCUIT=%s -DCIRCUIT_H='\"%s.h\"' "
             "%s/tests/zkc/driver.c %s/%s.c %s/../lib/libzkpot.a -lgmp -lm -lcrypto -ljansson -fopenmp -o %s/drv",
             root, dir, name, name, root, dir, name, bin, dir);
    if (!jit || !scale_step(tag, "cc_O2", cmd)) return;
    snprintf(cmd, sizeof cmd, "exec %s/drv %s/flat.txt %s/c.wtns", dir, dir, dir);
    if (!scale_step(tag, "witness_c", cmd)) return;
    snprintf(cmd, sizeof cmd, "cmp -s %s/jit.wtns %s/c.wtns", dir, dir);
    snprintf(fig, sizeof fig, "zkc_scale_%s_wtns_c_eq_jit", tag);
    bench_report(fig, system(cmd) == 0, "bool");
    char r1cs[1024], wtns[1024];
    snprintf(r1cs, sizeof r1cs, "%s/%s.r1cs", dir, name);
    snprintf(wtns, sizeof wtns, "%s/c.wtns", dir);
    uint32_t nc = 0;
    uint64_t t0 = zkp_now_ns();
    long bad = r1cs_check_file(r1cs, wtns, &nc);
    printf("zkc_scale_%s_r1cs_checked\t%.10g\tconstraints\n", tag, bad < 0 ? -1 : (double)nc);
    snprintf(fig, sizeof fig, "zkc_scale_%s_r1cs_unsatisfied", tag);
    bench_report(fig, (double)bad, "constraints");
    snprintf(fig, sizeof fig, "zkc_scale_%s_r1cs_check_wall", tag);
    bench_report(fig, (double)(zkp_now_ns() - t0) * 1e-9, "s");
}

static int env_int(const char *name, int dflt) {
    const char *v = getenv(name);
    return v && *v ? atoi(v) : dflt;
}

static void bench_zkc_scale(void) {
    const char *d = getenv("ZKC_SCALE_DIR"), *only = getenv("ZKC_SCALE_ONLY");
    char dir[512], path[600], defs[256], cmd[1200];
    int B = env_int("ZKC_SCALE_B", 4);
    snprintf(dir, sizeof dir, "%s", d && *d ? d : "/tmp/zkc_scale");
    if (!only || !strcmp(only, "sgd")) {
        int P = env_int("ZKC_SCALE_P", 100000);
        snprintf(cmd, sizeof cmd, "rm -rf %s/sgd && mkdir -p %s/sgd", dir, dir);
        snprintf(path, sizeof path, "%s/sgd/in.json", dir);
        if (system(cmd) == 0 && sgd_write_input(path, P, B, 24, 16, 0x5ca1e, false)) {
            snprintf(defs, sizeof defs, "-D P=%d -D B=%d", P, B);
            snprintf(path, sizeof path, "%s/sgd", dir);
            bench_report("zkc_scale_sgd_P", P, "weights");
            scale_circuit("sgd", "sgd", defs, path);
        } else {
            fprintf(stderr, "bench_zkc: cannot write the sgd input in %s\n", dir);
        }
    }
    if (!only || !strcmp(only, "lora")) {
        int D = env_int("ZKC_SCALE_D", 1024), K = env_int("ZKC_SCALE_K", 1024), R = env_int("ZKC_SCALE_R", 49);
        snprintf(cmd, sizeof cmd, "rm -rf %s/lora && mkdir -p %s/lora", dir, dir);
        snprintf(path, sizeof path, "%s/lora/in.json", dir);
        if (system(cmd) == 0 && lora_write_input(path, D, K, R, B, 0x10a5ca1e, false)) {
            snprintf(defs, sizeof defs, "-D D=%d -D K=%d -D R=%d -D B=%d", D, K, R, B);
            snprintf(path, sizeof path, "%s/lora", dir);
            bench_report("zkc_scale_lora_trained", (double)R * (D + K), "values");
            scale_circuit("lora", "lora", defs, path);
        } else {
            fprintf(stderr, "bench_zkc: cannot write the lora input in %s\n", dir);
        }
    }
    const char *keep = getenv("ZKC_SCALE_KEEP");
    snprintf(cmd, sizeof cmd, "rm -rf %s/sgd %s/lora", dir, dir);
    if (!(keep && atoi(keep) > 0) && system(cmd) != 0) fprintf(stderr, "bench_zkc: cleanup of %s failed\n", dir);
}

void bench_zkc(void) {
    const char *scale_mode = getenv("ZKC_SCALE");
    if (scale_mode && atoi(scale_mode) > 0) {
        bench_zkc_scale();
        return;
    }
    const char *sc = getenv("ZKPOT_BENCH_SCALE");
    int scale = sc ? atoi(sc) : 1;
    if (scale < 1) scale = 1;
    static char out[1 << 16];
    char cmd[2048], name[128];
    int ps[2] = {16, 256 * scale};
    for (int i = 0; i < 2; i++) {
        int P = ps[i];
        snprintf(cmd, sizeof cmd, "%s/zkc compile %s/circuits/sgd.zkc -o /tmp/bench_zkc_sgd -D P=%d -D B=4 --stats",
                 bench_bin(), bench_root(), P);
        double s = timed(cmd, out, sizeof out);
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
            double s = timed(cmd, out, sizeof out);
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
        if (timed(cmd, out, sizeof out) >= 0)
            bench_report("zkc_target_sgd_P1024_B4_c_lines", atof(out), "lines");
        snprintf(cmd, sizeof cmd,
                 "cc -O2 -march=native -std=c11 -I%s/runtime/include -I/tmp/bench_zkc_sw -DCIRCUIT=sgd "
                 "-DCIRCUIT_H='\"sgd.h\"' %s/tests/zkc/driver.c /tmp/bench_zkc_sw/sgd.c %s/../lib/libzkpot.a "
                 "-lgmp -lm -lcrypto -ljansson -fopenmp -o /tmp/bench_zkc_sw/drv",
                 bench_root(), bench_root(), bench_bin());
        bench_report("zkc_target_sgd_P1024_B4_c_cc_O2", timed(cmd, out, sizeof out), "s");
        bench_report("zkc_target_sgd_P1024_B4_witness_c",
                     timed("/tmp/bench_zkc_sw/drv /tmp/bench_zkc_sw/flat.txt /tmp/bench_zkc_sw/c.wtns", out,
                           sizeof out),
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
        compile_target("sgd_P20000_B4", "circuits/sgd.zkc", "-D P=20000 -D B=4"); /* 2.9 GiB */
        compile_target("sgd_P100000_B4", "circuits/sgd.zkc", "-D P=100000 -D B=4");
        compile_target("lora_D1024_K1024_R49_B4", "circuits/lora.zkc",
                       "-D D=1024 -D K=1024 -D R=49 -D B=4");
    }
    /* N*N products */
    int N = 1000 * scale;
    snprintf(cmd, sizeof cmd,
             "%s/zkc compile %s/tests/zkc/params.zkc -o /tmp/bench_zkc_mm -D N=%d --stats --emit r1cs,c",
             bench_bin(), bench_root(), N);
    double s = timed(cmd, out, sizeof out);
    if (s < 0) return;
    bench_report("zkc_matmul_N", N, "N");
    bench_report("zkc_matmul_constraints", (double)stat_of(out, "constraints"), "constraints");
    bench_report("zkc_matmul_compile", s, "s");
    bench_report("zkc_matmul_compile_cpu", dstat_of(out, "cpu_total_s"), "s");
    bench_report("zkc_matmul_compile_peak_rss", dstat_of(out, "peak_rss_mib"), "MiB");
    bench_report("zkc_matmul_compile_peak_bytes_per_constraint",
                 dstat_of(out, "peak_rss_mib") * 1048576.0 / dstat_of(out, "constraints_before"),
                 "B/constraint");
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
        s = timed(cmd, out, sizeof out);
        bench_report(jit ? "zkc_matmul_witness_jit_total" : "zkc_matmul_witness_interp_total", s, "s");
    }
    /* the generated C: cc -O2, then the witness; all three .wtns must agree */
    snprintf(cmd, sizeof cmd,
             "cc -O2 -march=native -std=c11 -I%s/runtime/include -I/tmp/bench_zkc_mm -DCIRCUIT=params "
             "-DCIRCUIT_H='\"params.h\"' %s/tests/zkc/driver.c /tmp/bench_zkc_mm/params.c %s/../lib/libzkpot.a "
             "-lgmp -lm -lcrypto -ljansson -fopenmp -o /tmp/bench_zkc_mm/drv",
             bench_root(), bench_root(), bench_bin());
    s = timed(cmd, out, sizeof out);
    bench_report("zkc_matmul_c_cc_O2", s, "s");
    s = timed("/tmp/bench_zkc_mm/drv /tmp/bench_zkc_mm/flat.txt /tmp/bench_zkc_mm/c.wtns", out, sizeof out);
    bench_report("zkc_matmul_witness_c", s, "s");
    bench_report("zkc_matmul_backends_agree",
                 system("cmp -s /tmp/bench_zkc_mm/i.wtns /tmp/bench_zkc_mm/j.wtns && "
                        "cmp -s /tmp/bench_zkc_mm/i.wtns /tmp/bench_zkc_mm/c.wtns") == 0,
                 "bool");
    if (system("rm -rf /tmp/bench_zkc_sgd /tmp/bench_zkc_mm") != 0) fprintf(stderr, "bench_zkc: cleanup failed\n");
}
