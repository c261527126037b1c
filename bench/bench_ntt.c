/* zkpot benchmarks: NTT over Fr, forward, coset forward (the Groth16 odd
 * coset) and inverse, sizes 2^16..2^20, on zkp_threads() threads. Each figure
 * is reported as wall time and as process CPU time (all threads). */
#include <stdlib.h>
#include <time.h>

#include "bench_util.h"

static double ntt_cpu_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void ntt_report(const char *what, unsigned lg, int reps, uint64_t t0, double c0) {
    char name[64];
    snprintf(name, sizeof name, "ntt_%s_2^%u", what, lg);
    bench_report(name, (double)(zkp_now_ns() - t0) / reps / 1e6, "ms");
    snprintf(name, sizeof name, "ntt_%s_2^%u_cpu", what, lg);
    bench_report(name, (ntt_cpu_ms() - c0) / reps, "ms-cpu");
}

void bench_ntt(void) {
    for (unsigned lg = 16; lg <= 20; lg += 2) {
        size_t n = (size_t)1 << lg;
        ntt_domain_t *d;
        if (ntt_domain_new(&d, lg) != ZKP_OK) return;
        fr_t *a = malloc(n * sizeof *a), g;
        if (!a) return;
        fr_set_u64(&a[0], 7);
        for (size_t i = 1; i < n; i++) fr_add(&a[i], &a[i - 1], &a[0]);
        fr_root_of_unity(&g, lg + 1);
        int reps = lg <= 16 ? 20 : lg <= 18 ? 5 : 2;
        uint64_t t0 = zkp_now_ns();
        double c0 = ntt_cpu_ms();
        for (int r = 0; r < reps; r++) ntt_forward(d, a);
        ntt_report("forward", lg, reps, t0, c0);
        t0 = zkp_now_ns(), c0 = ntt_cpu_ms();
        for (int r = 0; r < reps; r++) ntt_coset_forward(d, a, &g);
        ntt_report("coset_forward", lg, reps, t0, c0);
        t0 = zkp_now_ns(), c0 = ntt_cpu_ms();
        for (int r = 0; r < reps; r++) ntt_inverse(d, a);
        ntt_report("inverse", lg, reps, t0, c0);
        free(a);
        ntt_domain_free(d);
    }
}
