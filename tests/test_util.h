/* zkpot tests: helpers shared by the Check suites (deterministic test RNG,
 * paths to the oracles and binaries). Header-only. */
#ifndef ZKPOT_TEST_UTIL_H
#define ZKPOT_TEST_UTIL_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <zkpot.h>

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

/* Runs cmd through the shell; returns its whole stdout (NUL-terminated, caller
 * frees) and sets *status to its exit status (-1 if it did not exit normally). */
static inline char *test_run(const char *cmd, int *status) {
    FILE *p = popen(cmd, "r");
    ck_assert_msg(p != NULL, "popen(%s) failed", cmd);
    size_t cap = 1 << 16, len = 0, got;
    char *buf = malloc(cap);
    ck_assert(buf);
    while ((got = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            buf = realloc(buf, cap *= 2);
            ck_assert(buf);
        }
    }
    buf[len] = 0;
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return buf;
}

/* A point on the twist y^2 = x^3 + 3/(9+u) outside the order-r subgroup:
 * the first x = k + u, k >= seed, that gives one (asserted on the curve). */
static inline void test_g2_off_subgroup(g2_affine_t *p, uint64_t seed) {
    fq2_t b, xi, x, y;
    fq_set_u64(&xi.c0, 9), fq_set_one(&xi.c1);
    fq2_inv(&b, &xi);
    fq_t three;
    fq_set_u64(&three, 3);
    fq2_mul_fq(&b, &b, &three);
    for (uint64_t k = seed;; k++) {
        fq_set_u64(&x.c0, k), fq_set_u64(&x.c1, 1);
        fq2_sqr(&y, &x), fq2_mul(&y, &y, &x), fq2_add(&y, &y, &b);
        if (!fq2_sqrt(&p->y, &y)) continue;
        p->x = x, p->infinity = false;
        ck_assert(g2_affine_is_on_curve(p));
        if (!g2_affine_in_subgroup(p)) return;
    }
}

#endif
