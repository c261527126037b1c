/* zkpot benchmark: zkc against circom2 (tests/oracle, circom 2.2.3 under WASI)
 * on the same SGD step, in one run: circuits/sgd.zkc and bench/circom/sgd.circom
 * (the same statement, written with circomlib) for B = 4 and P weights.
 * For each P and each compiler: constraints (and per trained weight), compile
 * wall time and peak RSS of the compiler process (wait4), witness time; then
 * the ratios. One input.json (an honest step from a C model here) feeds both
 * witnesses; both are checked against their own .r1cs with `snarkjs wtns check`
 * (a figure `..._wtns_ok` = 1 when accepted).
 * The machine may be shared: every compile also reports its CPU time (user +
 * system, from wait4), which load does not inflate as much as the wall time.
 * What the compile figures include:
 *   zkc     `zkc compile --stats --emit r1cs,c` (R1CS and the C witness code)
 *   circom  `circom2 --O2 --r1cs --wasm` under node (R1CS and the wasm witness
 *           calculator), node start-up included (about 0.1 s)
 * What the witness figures include:
 *   zkc_wtns_c      the generated C (cc -O2 -march=native, as libzkpot is
 *                   built; build time reported apart): the
 *                   call <circuit>_witness() alone, best of several runs
 *                   (bench/circom/wtns_timer.c); _total is the whole process:
 *                   start, reading the decimal inputs, the runs, the .wtns
 *   zkc_wtns_jit    `zkc witness --jit`: parse, elaborate, optimize, LLVM JIT,
 *                   the witness, the .wtns (the whole command)
 *   circom_wtns     circom's witness_calculator.calculateBinWitness on the
 *                   wasm: inputs set, witness computed and copied out; best of
 *                   3, without node start-up or wasm load (tests/oracle/
 *                   circom_witness.js); _total is the whole node process
 * Then `zkc_1m_compile`: tests/zkc/params.zkc -D N=1000 (10^6 constraints).
 * Environment: BENCH_CIRCOM_SIZES="16 256" (default; at P = 1024 circom2 takes
 * about 1 CPU-minute and 0.9 GiB, the whole run 5 min on the shared machine),
 * BENCH_CIRCOM_XB (bits of x, y when sgd.zkc has param XB; default 16),
 * BENCH_CIRCOM_1M=0 skips the 10^6 compile, BENCH_CIRCOM_WTNS_MAX_P (default 256):
 * larger sizes report the compile figures only, BENCH_CIRCOM_CC_MAX_MB (default 32):
 * larger generated C is not compiled (P = 256 gives 18 MiB and takes cc -O2 about
 * 90 s on the shared machine; P = 1024 about 4 times more). Work files: build/bench-circom/. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_util.h"
#include "circom/sgd_input.h"
#include "zkpot.h"


/* snprintf that refuses to truncate (a path too long for its buffer is a bug here). */
__attribute__((format(printf, 3, 4))) static void fmt(char *buf, size_t cap, const char *f, ...) {
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(buf, cap, f, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= cap) {
        fprintf(stderr, "bench_circom: path or command too long\n");
        abort();
    }
}

/* The whole file as a string (caller frees), or NULL. */
static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) n = 0;
    if (s) s[n] = 0;
    fclose(f);
    return s;
}

/* The number after the first occurrence of key in text, or -1. */
static double num_after(const char *text, const char *key) {
    const char *p = text ? strstr(text, key) : NULL;
    return p ? atof(p + strlen(key)) : -1;
}

static bool check_ok(bench_run_t r, const char *what, const char *log) {
    if (r.status == 0) return true;
    char *t = slurp(log);
    fprintf(stderr, "bench_circom: %s failed (exit %d):\n%s\n", what, r.status, t ? t : "");
    free(t);
    return false;
}

/* ---- the benchmark ---- */

static char wd[4096]; /* absolute work directory */

static void report(const char *pfx, const char *what, double v, const char *unit) {
    char name[160];
    fmt(name, sizeof name, "%s_%s", pfx, what);
    bench_report(name, v, unit);
}

/* Copies circomlib's circuits and bench/circom/sgd.circom into wd/src: circom2
 * under WASI sees only the parents of its cwd and no symlinks out of them. */
static bool prepare_src(void) {
    char cmd[8192], log[4200];
    fmt(log, sizeof log, "%s/prepare.log", wd);
    fmt(cmd, sizeof cmd,
             "sh -c 'mkdir -p %s/src && rm -rf %s/src/circomlib && "
             "cp -rL %s/tests/oracle/node_modules/circomlib/circuits %s/src/circomlib && "
             "cp %s/bench/circom/sgd.circom %s/src/'",
             wd, wd, bench_root(), wd, bench_root(), wd);
    return check_ok(bench_run_sh(cmd, NULL, log), "copying circomlib", log);
}

/* `snarkjs wtns check` of wtns against r1cs: 1 if accepted. */
static double wtns_ok(const char *r1cs, const char *wtns, const char *log) {
    char cmd[8192];
    fmt(cmd, sizeof cmd, "node %s/tests/oracle/node_modules/snarkjs/cli.js wtns check %s %s",
             bench_root(), r1cs, wtns);
    bench_run_t r = bench_run_sh(cmd, NULL, log);
    char *t = slurp(log);
    bool ok = r.status == 0 && t && strstr(t, "WITNESS IS CORRECT");
    if (!ok) fprintf(stderr, "bench_circom: %s rejected:\n%s\n", wtns, t ? t : "");
    free(t);
    return ok;
}

static void bench_size(int P, int B, int nb, int xb, bool zkc_has_xb) {
    const int F = 8, TB = 4;
    char pfx[64], dir[4200], cmd[8192], log[4300], in[4300], defs[128], path[4300];
    fmt(pfx, sizeof pfx, "circom_sgd_P%d_B%d", P, B);
    fmt(dir, sizeof dir, "%s/P%d", wd, P);
    fmt(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s/zkc %s/circom", dir, dir, dir);
    if (system(cmd) != 0) return;
    fmt(in, sizeof in, "%s/input.json", dir);
    if (!sgd_write_input(in, P, B, nb, xb, 0xc1c0 + (uint64_t)P, false)) {
        fprintf(stderr, "bench_circom: cannot write %s\n", in);
        return;
    }
    fmt(defs, sizeof defs, "-D P=%d -D B=%d -D F=%d -D NB=%d -D TB=%d", P, B, F, nb, TB);
    if (zkc_has_xb) fmt(defs + strlen(defs), sizeof defs - strlen(defs), " -D XB=%d", xb);

    /* compile */
    fmt(log, sizeof log, "%s/zkc/compile.log", dir);
    fmt(cmd, sizeof cmd, "%s/zkc compile %s/circuits/sgd.zkc -o %s/zkc %s --stats --emit r1cs,c",
             bench_bin(), bench_root(), dir, defs);
    bench_run_t zc = bench_run_sh(cmd, NULL, log);
    if (!check_ok(zc, "zkc compile", log)) return;
    char *t = slurp(log);
    double zcons = num_after(t, "\nconstraints\t");
    if (t && !strncmp(t, "constraints\t", 12)) zcons = atof(t + 12);
    free(t);

    fmt(path, sizeof path, "%s/src/sgd_P%d.circom", wd, P);
    FILE *f = fopen(path, "w");
    if (!f) return;
    fprintf(f,
            "pragma circom 2.0.0;\ninclude \"sgd.circom\";\n"
            "component main {public [c_before, c_after, c_batch, lr, step, epoch, tol]} = "
            "SgdStep(%d, %d, %d, %d, %d, %d);\n",
            P, B, F, nb, xb, TB);
    fclose(f);
    fmt(log, sizeof log, "%s/circom/compile.log", dir);
    fmt(cmd, sizeof cmd,
             "node %s/tests/oracle/node_modules/circom2/cli.js sgd_P%d.circom --O2 --r1cs --wasm "
             "-o ../P%d/circom",
             bench_root(), P, P);
    fmt(path, sizeof path, "%s/src", wd);
    bench_run_t cc = bench_run_sh(cmd, path, log);
    if (!check_ok(cc, "circom2", log)) return;
    t = slurp(log);
    double nl = num_after(t, "non-linear constraints: "), li = num_after(t, "\nlinear constraints: ");
    free(t);
    double ccons = nl >= 0 && li >= 0 ? nl + li : -1;

    report(pfx, "zkc_constraints", zcons, "constraints");
    report(pfx, "circom_constraints", ccons, "constraints");
    report(pfx, "zkc_constraints_per_weight", zcons / P, "constraints/weight");
    report(pfx, "circom_constraints_per_weight", ccons / P, "constraints/weight");
    report(pfx, "constraints_zkc_over_circom", zcons / ccons, "ratio");
    report(pfx, "zkc_compile_time", zc.seconds, "s");
    report(pfx, "circom_compile_time", cc.seconds, "s");
    report(pfx, "compile_time_circom_over_zkc", cc.seconds / zc.seconds, "ratio");
    report(pfx, "zkc_compile_cpu", zc.cpu, "s");
    report(pfx, "circom_compile_cpu", cc.cpu, "s");
    report(pfx, "compile_cpu_circom_over_zkc", cc.cpu / zc.cpu, "ratio");
    report(pfx, "zkc_compile_peak_rss", zc.peak_mib, "MiB");
    report(pfx, "circom_compile_peak_rss", cc.peak_mib, "MiB");
    report(pfx, "compile_rss_circom_over_zkc", cc.peak_mib / zc.peak_mib, "ratio");
    const char *wm = getenv("BENCH_CIRCOM_WTNS_MAX_P");
    if (P > (wm && *wm ? atoi(wm) : 256)) {
        fprintf(stderr, "bench_circom: P=%d: witnesses skipped (> BENCH_CIRCOM_WTNS_MAX_P)\n", P);
        return;
    }

    /* witness: zkc interpreter (also writes the flat inputs), JIT, generated C */
    fmt(log, sizeof log, "%s/zkc/witness.log", dir);
    fmt(cmd, sizeof cmd,
             "%s/zkc witness %s/circuits/sgd.zkc %s %s/zkc/i.wtns %s --flat-inputs %s/zkc/flat.txt",
             bench_bin(), bench_root(), in, dir, defs, dir);
    bench_run_t wi = bench_run_sh(cmd, NULL, log);
    if (!check_ok(wi, "zkc witness", log)) return;
    fmt(cmd, sizeof cmd, "%s/zkc witness %s/circuits/sgd.zkc %s %s/zkc/j.wtns %s --jit", bench_bin(),
             bench_root(), in, dir, defs);
    bench_run_t wj = bench_run_sh(cmd, NULL, log);
    if (!check_ok(wj, "zkc witness --jit", log)) return;
    /* cc -O2 of the generated C takes minutes beyond some tens of MiB (sgd.c grows as
     * P^2: the error sum e_b is substituted into every gradient product) */
    const char *cm = getenv("BENCH_CIRCOM_CC_MAX_MB");
    double cc_max = cm && *cm ? atof(cm) : 32;
    struct stat sb;
    fmt(path, sizeof path, "%s/zkc/sgd.c", dir);
    double c_mib = stat(path, &sb) == 0 ? (double)sb.st_size / 1048576.0 : -1;
    report(pfx, "zkc_generated_c_size", c_mib, "MiB");
    bool use_c = c_mib >= 0 && c_mib <= cc_max;
    bench_run_t cb = {0, 0, 0, 0}, wc = {0, 0, 0, 0};
    double wc_s = -1;
    if (use_c) {
        fmt(cmd, sizeof cmd,
            "cc -O2 -march=native -std=c11 -Wall -Wextra -Werror -I%s/runtime/include -I%s/zkc -DCIRCUIT=sgd "
            "-DCIRCUIT_H='\"sgd.h\"' %s/bench/circom/wtns_timer.c %s/zkc/sgd.c "
            "%s/../lib/libzkpot.a -lgmp -lm -lcrypto -ljansson -fopenmp -o %s/zkc/drv",
            bench_root(), dir, bench_root(), dir, bench_bin(), dir);
        cb = bench_run_sh(cmd, NULL, log);
        if (!check_ok(cb, "cc of the generated C", log)) return;
        fmt(cmd, sizeof cmd, "%s/zkc/drv %s/zkc/flat.txt %s/zkc/c.wtns", dir, dir, dir);
        wc = bench_run_sh(cmd, NULL, log);
        if (!check_ok(wc, "generated C witness", log)) return;
        t = slurp(log);
        wc_s = num_after(t, "witness_s ");
        free(t);
        fmt(cmd, sizeof cmd, "cmp %s/zkc/i.wtns %s/zkc/c.wtns", dir, dir);
        if (!check_ok(bench_run_sh(cmd, NULL, log), "interpreter and C witnesses differ", log))
            return;
    } else {
        fprintf(stderr, "bench_circom: P=%d: generated C is %.0f MiB (> BENCH_CIRCOM_CC_MAX_MB=%g),"
                " not built\n", P, c_mib, cc_max);
    }
    fmt(cmd, sizeof cmd, "cmp %s/zkc/i.wtns %s/zkc/j.wtns", dir, dir);
    if (!check_ok(bench_run_sh(cmd, NULL, log), "interpreter and JIT witnesses differ", log))
        return;

    fmt(log, sizeof log, "%s/circom/witness.log", dir);
    fmt(cmd, sizeof cmd,
             "node %s/tests/oracle/circom_witness.js %s/circom/sgd_P%d_js/sgd_P%d.wasm %s "
             "%s/circom/w.wtns 3",
             bench_root(), dir, P, P, in, dir);
    bench_run_t wn = bench_run_sh(cmd, NULL, log);
    if (!check_ok(wn, "circom wasm witness", log)) return;
    t = slurp(log);
    double calc = num_after(t, "calc_s "), load = num_after(t, "load_s ");
    free(t);

    if (use_c) {
        report(pfx, "zkc_wtns_c_build", cb.seconds, "s");
        report(pfx, "zkc_wtns_c", wc_s, "s");
        report(pfx, "zkc_wtns_c_total", wc.seconds, "s");
    }
    report(pfx, "zkc_wtns_jit_total", wj.seconds, "s");
    report(pfx, "zkc_wtns_interp_total", wi.seconds, "s");
    report(pfx, "circom_wtns", calc, "s");
    report(pfx, "circom_wtns_load", load, "s");
    report(pfx, "circom_wtns_total", wn.seconds, "s");
    if (use_c) report(pfx, "wtns_circom_over_zkc_c", calc / wc_s, "ratio");
    report(pfx, "wtns_circom_over_zkc_jit_total", calc / wj.seconds, "ratio");

    /* both witnesses satisfy their systems */
    char r1cs[4300], wtns[4300];
    fmt(log, sizeof log, "%s/check.log", dir);
    fmt(r1cs, sizeof r1cs, "%s/zkc/sgd.r1cs", dir);
    fmt(wtns, sizeof wtns, "%s/zkc/i.wtns", dir);
    report(pfx, "zkc_wtns_ok", wtns_ok(r1cs, wtns, log), "bool");
    fmt(r1cs, sizeof r1cs, "%s/circom/sgd_P%d.r1cs", dir, P);
    fmt(wtns, sizeof wtns, "%s/circom/w.wtns", dir);
    report(pfx, "circom_wtns_ok", wtns_ok(r1cs, wtns, log), "bool");
}

void bench_circom(void) {
    fmt(wd, sizeof wd, "%s/build/bench-circom", bench_root());
    char cmd[8192];
    fmt(cmd, sizeof cmd, "mkdir -p %s", wd);
    if (system(cmd) != 0 || !realpath(wd, cmd)) return;
    fmt(wd, sizeof wd, "%s", cmd);
    if (!prepare_src()) return;

    /* sgd.zkc without param XB range-checks x, y with NB bits: give circom the same */
    const int nb = 24;
    fmt(cmd, sizeof cmd, "%s/circuits/sgd.zkc", bench_root());
    char *src = slurp(cmd);
    bool has_xb = src && strstr(src, "param XB");
    free(src);
    const char *xe = getenv("BENCH_CIRCOM_XB");
    int xb = has_xb ? (xe && *xe ? atoi(xe) : 16) : nb;
    bench_report("circom_sgd_XB", xb, "bits");

    double la[3];
    if (getloadavg(la, 3) == 3) bench_report("circom_load_avg_1m_start", la[0], "load");
    const char *sizes = getenv("BENCH_CIRCOM_SIZES");
    if (!sizes || !*sizes) sizes = "16 256";
    for (const char *p = sizes; *p;) {
        char *end;
        long P = strtol(p, &end, 10);
        if (end == p) break;
        if (P >= 1) bench_size((int)P, 4, nb, xb, has_xb);
        p = end;
    }

    const char *m = getenv("BENCH_CIRCOM_1M");
    if (!m || strcmp(m, "0")) {
        char log[4200];
        fmt(log, sizeof log, "%s/1m.log", wd);
        fmt(cmd, sizeof cmd, "%s/zkc compile %s/tests/zkc/params.zkc -o %s/1m -D N=1000 --stats",
                 bench_bin(), bench_root(), wd);
        bench_run_t r = bench_run_sh(cmd, NULL, log);
        if (check_ok(r, "zkc compile params.zkc -D N=1000", log)) {
            char *t = slurp(log);
            double c = t && !strncmp(t, "constraints\t", 12) ? atof(t + 12) : num_after(t, "\nconstraints\t");
            free(t);
            bench_report("zkc_1m_constraints", c, "constraints");
            bench_report("zkc_1m_compile", r.seconds, "s");
            bench_report("zkc_1m_compile_cpu", r.cpu, "s");
            bench_report("zkc_1m_compile_peak_rss", r.peak_mib, "MiB");
        }
    }
    if (getloadavg(la, 3) == 3) bench_report("circom_load_avg_1m_end", la[0], "load");
}
