/* zkpot benchmarks: L1 tower and L3 pairing (BN254 optimal ate).
 * Run: make -j2 build/bin/bench_zkpot && build/bin/bench_zkpot pairing */
#include <time.h>

#include "bench_util.h"

/* Process CPU time per op (ns): on a shared, loaded machine the wall-clock
 * figures of BENCH_NS swing by 3x, CPU time much less. Single-threaded use only
 * (CPU time sums all threads). */
static double cpu_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}
#define BENCH_CPU_NS(name, iters, body)                                                            \
    do {                                                                                           \
        double bench_t0 = cpu_ns();                                                                \
        for (long bench_i = 0; bench_i < (long)(iters); bench_i++) body;                           \
        bench_report(name, (cpu_ns() - bench_t0) / (double)(iters), "cpu_ns/op");                  \
    } while (0)

static void g1_gen_affine(g1_affine_t *p) {
    p->infinity = false;
    fq_set_u64(&p->x, 1);
    fq_set_u64(&p->y, 2);
}

/* The G2 generator of EIP-197 / snarkjs. */
static void g2_gen_affine(g2_affine_t *q) {
    q->infinity = false;
    zkp_err e = fq_from_dec(&q->x.c0, "10857046999023057135944570762232829481370756359578518086990519993285655852781");
    e |= fq_from_dec(&q->x.c1, "11559732032986387107991004021392285783925812861821192530917403151452391805634");
    e |= fq_from_dec(&q->y.c0, "8495653923123431417604973247489272438418190587263600148770280649306958101930");
    e |= fq_from_dec(&q->y.c1, "4082367875863433681332203403145435568316851327593401208105741076214120093531");
    if (e != ZKP_OK) fprintf(stderr, "bench_pairing: bad generator constant\n");
}

void bench_pairing(void);
void bench_pairing(void) {
    g1_affine_t p[4];
    g2_affine_t q[4];
    for (int i = 0; i < 4; i++) g1_gen_affine(&p[i]), g2_gen_affine(&q[i]);
    fq12_t a, b, f;
    pairing_miller_loop(&a, p, q, 1);
    pairing_miller_loop(&b, p, q, 2);
    fq_t x = a.c0.c0.c0, y = b.c1.c2.c1;
    fq2_t x2 = a.c0.c1, y2 = b.c1.c1;

    BENCH_NS("fq_mul", 1000000, { fq_mul(&x, &x, &y); });
    BENCH_NS("fq2_mul", 1000000, { fq2_mul(&x2, &x2, &y2); });
    BENCH_NS("fq2_sqr", 1000000, { fq2_sqr(&x2, &x2); });
    BENCH_NS("fq12_mul", 100000, { fq12_mul(&a, &a, &b); });
    BENCH_NS("fq12_sqr", 100000, { fq12_sqr(&a, &a); });
    BENCH_NS("fq12_cyclotomic_sqr", 100000, { fq12_cyclotomic_sqr(&a, &a); });
    BENCH_NS("fq12_mul_by_034", 100000, { fq12_mul_by_034(&a, &a, &x2, &y2, &x2); });
    BENCH_NS("fq12_inv", 1000, { fq12_inv_var(&a, &a); });
    BENCH_NS("pairing_miller_loop", 100, { pairing_miller_loop(&f, p, q, 1); });
    BENCH_NS("pairing_final_exp", 100, { pairing_final_exp(&f, &b); });
    BENCH_NS("pairing", 100, { pairing(&f, p, q); });
    static pairing_g2_prepared_t prep[4];
    BENCH_NS("pairing_g2_prepare", 100, { pairing_g2_prepare(&prep[0], &q[0]); });
    for (int i = 1; i < 4; i++) prep[i] = prep[0];
    BENCH_NS("pairing_miller_loop_prepared", 100, { pairing_miller_loop_prepared(&f, p, prep, 1); });
    volatile bool ok = true;
    BENCH_NS("pairing_check_4", 20, { ok &= !pairing_check(p, q, 4); });
    /* Groth16 shape: the proof's B fresh, the verifying key's three points prepared */
    BENCH_NS("pairing_check_mixed_1_3", 20,
             { ok &= !pairing_check_mixed(p, q, 1, p + 1, prep + 1, 3); });
    zkp_set_threads(1);
    BENCH_CPU_NS("cpu_pairing_miller_loop", 200, { pairing_miller_loop(&f, p, q, 1); });
    BENCH_CPU_NS("cpu_pairing_final_exp", 200, { pairing_final_exp(&f, &b); });
    BENCH_CPU_NS("cpu_pairing", 200, { pairing(&f, p, q); });
    BENCH_CPU_NS("cpu_pairing_check_4", 100, { ok &= !pairing_check(p, q, 4); });
    BENCH_CPU_NS("cpu_pairing_check_mixed_1_3", 100,
                 { ok &= !pairing_check_mixed(p, q, 1, p + 1, prep + 1, 3); });
    zkp_set_threads(0);
    if (!ok) fprintf(stderr, "bench_pairing: unexpected pairing_check result\n");
}
