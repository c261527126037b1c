/* zkpot benchmarks: L3 Poseidon. One permutation for t = 3 and t = 17 (optimized and
 * textbook forms), a 2-input hash, the field multiplication it is built from, and the
 * one-time parameter generation of every width.
 * Timing: besides BENCH_NS (wall clock), each figure is also taken as the minimum over
 * repetitions of this thread's CPU time (the *_cpu lines), which stays meaningful when the
 * machine is shared and the wall clock counts other processes' time slices. */
#include <time.h>

#include "bench_util.h"

static double thread_cpu_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* min over 15 repetitions of (CPU time of `iters` runs of body) / iters */
#define BENCH_CPU(name, iters, body)                                                               \
    do {                                                                                           \
        double bc_best = 1e300;                                                                    \
        for (int bc_rep = 0; bc_rep < 15; bc_rep++) {                                              \
            double bc_t0 = thread_cpu_ns();                                                        \
            for (long bc_i = 0; bc_i < (long)(iters); bc_i++)                                      \
                body;                                                                              \
            double bc_dt = (thread_cpu_ns() - bc_t0) / (double)(iters);                            \
            if (bc_dt < bc_best) bc_best = bc_dt;                                                  \
        }                                                                                          \
        bench_report(name "_cpu", bc_best, "ns/op");                                               \
    } while (0)

void bench_poseidon(void) {
    /* first use of each width generates its parameters: time that once */
    uint64_t t0 = zkp_now_ns();
    double c0 = thread_cpu_ns();
    for (size_t t = POSEIDON_T_MIN; t <= POSEIDON_T_MAX; t++)
        (void)poseidon_params(t);
    bench_report("poseidon_params_all_widths", (double)(zkp_now_ns() - t0) / 1e6, "ms");
    bench_report("poseidon_params_all_widths_cpu", (thread_cpu_ns() - c0) / 1e6, "ms");

    fr_t a, b;
    fr_set_u64(&a, 12345), fr_set_u64(&b, 678910);
    BENCH_NS("fr_mul", 1000000, { fr_mul(&a, &a, &b); });
    BENCH_CPU("fr_mul", 1000000, { fr_mul(&a, &a, &b); });

    fr_t s[POSEIDON_T_MAX];
    for (size_t i = 0; i < POSEIDON_T_MAX; i++)
        fr_set_u64(&s[i], i + 1);
    BENCH_NS("poseidon_permute_t3", 10000, { poseidon_permute(s, 3); });
    BENCH_CPU("poseidon_permute_t3", 2000, { poseidon_permute(s, 3); });
    BENCH_NS("poseidon_permute_t17", 1000, { poseidon_permute(s, 17); });
    BENCH_CPU("poseidon_permute_t17", 200, { poseidon_permute(s, 17); });
    BENCH_CPU("poseidon_permute_ref_t3", 2000, { poseidon_permute_ref(s, 3); });
    BENCH_CPU("poseidon_permute_ref_t17", 200, { poseidon_permute_ref(s, 17); });

    fr_t in[2], out;
    fr_set_u64(&in[0], 1), fr_set_u64(&in[1], 2);
    BENCH_NS("poseidon_hash_2", 10000, {
        if (poseidon_hash(&out, in, 2) != ZKP_OK) return;
        in[0] = out;
    });
    BENCH_CPU("poseidon_hash_2", 2000, {
        if (poseidon_hash(&out, in, 2) != ZKP_OK) return;
        in[0] = out;
    });
}
