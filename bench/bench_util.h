/* zkpot benchmarks: timing helpers. Header-only. */
#ifndef ZKPOT_BENCH_UTIL_H
#define ZKPOT_BENCH_UTIL_H

#include <stdio.h>

#include "zkpot.h"

/* Prints one result line: name<TAB>value<TAB>unit. */
static inline void bench_report(const char *name, double value, const char *unit) {
    printf("%s\t%.6g\t%s\n", name, value, unit);
}

/* Runs `body` in a loop of iters, repeated until at least min_ns elapsed;
 * reports ns/op. Use: BENCH_NS("fr_mul", 1000000, { fr_mul(&a, &a, &b); }); */
#define BENCH_NS(name, iters, body)                                                                \
    do {                                                                                           \
        uint64_t bench_total = 0, bench_ops = 0;                                                   \
        while (bench_total < 300000000ull) {                                                       \
            uint64_t bench_t0 = zkp_now_ns();                                                      \
            for (long bench_i = 0; bench_i < (long)(iters); bench_i++) body;                       \
            bench_total += zkp_now_ns() - bench_t0;                                                \
            bench_ops += (iters);                                                                  \
        }                                                                                          \
        bench_report(name, (double)bench_total / (double)bench_ops, "ns/op");                      \
    } while (0)

#endif
