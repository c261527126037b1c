/* zkpot tests: helpers shared by the Check suites (deterministic test RNG,
 * paths to the oracles and binaries). Header-only. */
#ifndef ZKPOT_TEST_UTIL_H
#define ZKPOT_TEST_UTIL_H

#include <stdint.h>
#include <stdlib.h>

/* splitmix64: a fast deterministic generator for test inputs (never for secrets). */
static inline uint64_t test_rand64(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* The repository root (ZKPOT_ROOT, set by `make test`), else ".". */
static inline const char *test_root(void) {
    const char *r = getenv("ZKPOT_ROOT");
    return r && *r ? r : ".";
}

/* Directory of the built binaries (ZKPOT_BIN), else "build/bin". */
static inline const char *test_bindir(void) {
    const char *r = getenv("ZKPOT_BIN");
    return r && *r ? r : "build/bin";
}

/* Number of random cases: ZKPOT_TEST_SCALE multiplies the default (slow runs). */
static inline int test_cases(int dflt) {
    const char *s = getenv("ZKPOT_TEST_SCALE");
    int k = s ? atoi(s) : 1;
    return dflt * (k > 0 ? k : 1);
}

#endif
