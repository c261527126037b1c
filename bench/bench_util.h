/* zkpot benchmarks: timing helpers; the child-process runner is in bench_util.c. */
#ifndef ZKPOT_BENCH_UTIL_H
#define ZKPOT_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>

#include "zkpot.h"

/* Where the built tools and the repository are ($ZKPOT_BIN, $ZKPOT_ROOT; by
 * default build/bin and ., i.e. `make bench` from the repository root). */
static inline const char *bench_bin(void) {
    const char *b = getenv("ZKPOT_BIN");
    return b && *b ? b : "build/bin";
}
static inline const char *bench_root(void) {
    const char *r = getenv("ZKPOT_ROOT");
    return r && *r ? r : ".";
}

/* Prints one result line: name<TAB>value<TAB>unit. */
static inline void bench_report(const char *name, double value, const char *unit) {
    printf("%s\t%.6g\t%s\n", name, value, unit);
}

/* Runs `body` iters times per round, for at least 5 rounds and 250 ms, and
 * reports the best round in ns per operation (ops_per_iter operations per
 * body): the best round is the least disturbed by other load on the machine.
 * Use a dependency chain in body so the compiler cannot hoist it. */
#define BENCH_BEST(name, iters, ops_per_iter, body)                                                \
    do {                                                                                           \
        double bench_best = 1e30;                                                                  \
        uint64_t bench_spent = 0;                                                                  \
        for (int bench_rep = 0; bench_rep < 1000 && (bench_rep < 5 || bench_spent < 250000000ull); \
             bench_rep++) {                                                                        \
            uint64_t bench_t0 = zkp_now_ns();                                                      \
            for (long bench_i = 0; bench_i < (long)(iters); bench_i++)                             \
                body;                                                                              \
            uint64_t bench_dt = zkp_now_ns() - bench_t0;                                           \
            bench_spent += bench_dt;                                                               \
            double bench_ns = (double)bench_dt / ((double)(iters) * (ops_per_iter));               \
            if (bench_ns < bench_best) bench_best = bench_ns;                                      \
        }                                                                                          \
        bench_report(name, bench_best, "ns/op");                                                   \
    } while (0)

/* BENCH_NS("fr_mul", 100000, { fr_mul(&a, &a, &b); }): best round, ns/op. */
#define BENCH_NS(name, iters, body) BENCH_BEST(name, iters, 1, body)

/* One child process: wall seconds (fork to exit), user + system CPU seconds of
 * all its threads (load inflates them less than the wall time), peak RSS in MiB
 * (wait4), exit status (128 + signal when killed, -1 when it could not run). */
typedef struct {
    double seconds, cpu, peak_mib;
    int status;
} bench_run_t;

/* Runs argv (argv[0] searched in PATH) in directory cwd (NULL: here). out_path
 * NULL: stdout to /dev/null, stderr left alone; else stdout and stderr to
 * out_path (truncated). */
bench_run_t bench_run(char *const argv[], const char *cwd, const char *out_path);
/* bench_run of `sh -c cmd`; a simple command (no &&) replaces the shell
 * (`exec`), so the peak RSS is the command's own. */
bench_run_t bench_run_sh(const char *cmd, const char *cwd, const char *out_path);

#endif
