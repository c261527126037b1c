/* zkpot benchmarks: NTT over Fr, forward and coset forward (the Groth16 odd
 * coset), sizes 2^16..2^20, on zkp_threads() threads. */
#include <stdlib.h>

#include "bench_util.h"

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
        char name[64];
        int reps = lg <= 16 ? 20 : lg <= 18 ? 5 : 2;
        uint64_t t0 = zkp_now_ns();
        for (int r = 0; r < reps; r++) ntt_forward(d, a);
        snprintf(name, sizeof name, "ntt_forward_2^%u", lg);
        bench_report(name, (double)(zkp_now_ns() - t0) / reps / 1e6, "ms");
        t0 = zkp_now_ns();
        for (int r = 0; r < reps; r++) ntt_coset_forward(d, a, &g);
        snprintf(name, sizeof name, "ntt_coset_forward_2^%u", lg);
        bench_report(name, (double)(zkp_now_ns() - t0) / reps / 1e6, "ms");
        t0 = zkp_now_ns();
        for (int r = 0; r < reps; r++) ntt_inverse(d, a);
        snprintf(name, sizeof name, "ntt_inverse_2^%u", lg);
        bench_report(name, (double)(zkp_now_ns() - t0) / reps / 1e6, "ms");
        free(a);
        ntt_domain_free(d);
    }
}
