/* zkpot benchmarks: MSM in G1 for 2^16, 2^18, 2^20 points and in G2 for
 * 2^16, 2^18 points on zkp_threads() threads, with random scalars and a
 * training-witness-like mix (80% bits, 20% random). Points are
 * P_i = P_0 + i G, built incrementally. */
#include <stdlib.h>
#include <time.h>

#include "bench_util.h"

/* CPU time of the process (all threads), ms: less sensitive than wall time
 * to other load on the machine. */
static double bench_cpu_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static uint64_t bench_rng(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void bench_scalars(fr_t *s, size_t n, bool witness_like, uint64_t *st) {
    for (size_t i = 0; i < n; i++) {
        uint64_t r = bench_rng(st);
        if (witness_like && r % 5 != 0) {
            s[i] = (r >> 8) & 1 ? fr_one_c : fr_zero_c;
            continue;
        }
        uint8_t b[32];
        for (int j = 0; j < 4; j++) {
            uint64_t v = bench_rng(st);
            for (int k = 0; k < 8; k++) b[8 * j + k] = (uint8_t)(v >> (8 * k));
        }
        fr_reduce_bytes_le(&s[i], b);
    }
}

static void bench_g1_points(g1_affine_t *p, size_t n) {
    g1_t *jac = malloc(n * sizeof *jac), g, q;
    if (!jac) abort();
    g1_generator(&g);
    fr_t k;
    fr_set_u64(&k, 0x1234567);
    g1_mul_var(&q, &g, &k);
    for (size_t i = 0; i < n; i++) {
        jac[i] = q;
        g1_add(&q, &q, &g);
    }
    g1_batch_to_affine(p, jac, n);
    free(jac);
}

void bench_msm(void) {
    size_t nmax = (size_t)1 << 20;
    g1_affine_t *p = malloc(nmax * sizeof *p);
    fr_t *s = malloc(nmax * sizeof *s);
    void *scratch = malloc(msm_scratch_size(nmax));
    if (!p || !s || !scratch) abort();
    bench_g1_points(p, nmax);
    uint64_t st = 42;
    for (unsigned lg = 16; lg <= 20; lg += 2) {
        size_t n = (size_t)1 << lg;
        for (int mix = 0; mix < 2; mix++) {
            bench_scalars(s, n, mix, &st);
            g1_t r;
            int reps = lg <= 16 ? 5 : lg <= 18 ? 2 : 1;
            /* one warm-up run touches the scratch pages */
            if (msm_g1_scratch(&r, p, s, n, scratch, msm_scratch_size(nmax))) abort();
            uint64_t t0 = zkp_now_ns();
            double c0 = bench_cpu_ms();
            for (int i = 0; i < reps; i++)
                if (msm_g1_scratch(&r, p, s, n, scratch, msm_scratch_size(nmax))) abort();
            char name[64];
            snprintf(name, sizeof name, "msm_g1_2^%u_%s", lg, mix ? "witness80bits" : "random");
            bench_report(name, (double)(zkp_now_ns() - t0) / reps / 1e6, "ms");
            snprintf(name, sizeof name, "msm_g1_2^%u_%s_cpu", lg, mix ? "witness80bits" : "random");
            bench_report(name, (bench_cpu_ms() - c0) / reps, "ms-cpu");
        }
    }
    free(p);
    size_t n2 = (size_t)1 << 18;
    g2_affine_t *q = malloc(n2 * sizeof *q);
    g2_t *jac = malloc(n2 * sizeof *jac), g, acc;
    if (!q || !jac) abort();
    g2_generator(&g);
    fr_t k;
    fr_set_u64(&k, 0x7654321);
    g2_mul_var(&acc, &g, &k);
    for (size_t i = 0; i < n2; i++) {
        jac[i] = acc;
        g2_add(&acc, &acc, &g);
    }
    g2_batch_to_affine(q, jac, n2);
    free(jac);
    for (unsigned lg = 16; lg <= 18; lg += 2) {
        size_t n = (size_t)1 << lg;
        for (int mix = 0; mix < 2; mix++) {
            bench_scalars(s, n, mix, &st);
            g2_t r;
            if (msm_g2_scratch(&r, q, s, n, scratch, msm_scratch_size(nmax))) abort();
            uint64_t t0 = zkp_now_ns();
            double c0 = bench_cpu_ms();
            if (msm_g2_scratch(&r, q, s, n, scratch, msm_scratch_size(nmax))) abort();
            char name[64];
            snprintf(name, sizeof name, "msm_g2_2^%u_%s", lg, mix ? "witness80bits" : "random");
            bench_report(name, (double)(zkp_now_ns() - t0) / 1e6, "ms");
            snprintf(name, sizeof name, "msm_g2_2^%u_%s_cpu", lg, mix ? "witness80bits" : "random");
            bench_report(name, bench_cpu_ms() - c0, "ms-cpu");
        }
    }
    free(q), free(s), free(scratch);
}
