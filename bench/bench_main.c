/* zkpot benchmarks: the one runner. Benchmarks are discovered by the Makefile
 * from bench/bench_<name>.c, each defining `void bench_<name>(void)`, and print
 * one `name<TAB>value<TAB>unit` line per figure.
 * Usage: bench_zkpot [name...]   (default: all) */
#include <stdio.h>
#include <string.h>

#define BENCH(name) void bench_##name(void);
#include "benches.h"
#undef BENCH

int main(int argc, char **argv) {
#define BENCH(name)                                                                                \
    do {                                                                                           \
        int want = argc < 2;                                                                       \
        for (int i = 1; i < argc; i++) want |= strcmp(argv[i], #name) == 0;                        \
        if (want) {                                                                                \
            bench_##name();                                                                        \
            fflush(stdout);                                                                        \
        }                                                                                          \
    } while (0);
#include "benches.h"
#undef BENCH
    return 0;
}
