/* zkpot benchmarks: L1 field (Fq, Fr) ns/op, with the same modular
 * multiplication through GMP for comparison.
 * Every loop is a dependency chain (each result feeds the next operation), so
 * the figures are latencies; "x4" lines run four independent chains and report
 * time per operation (throughput, what curve formulas with independent
 * multiplications see). fq_mul and fq_mul_tp compute the same product with two
 * kernels: mul has the shorter chain, mul_tp the higher throughput (what the
 * curve formulas use). Each figure is the best of many short runs, which
 * filters out time slices lost to other processes on a busy machine. */
#include <gmp.h>
#include <stdlib.h>

#include "bench_util.h"
#include "field/fq_ifma.h"

/* Keeps a value alive so the chain is not optimized away. */
static volatile uint64_t bench_sink;

static void rand_fq(fq_t *a) {
    if (fq_random(a) != ZKP_OK) abort();
}
static void rand_fr(fr_t *a) {
    if (fr_random(a) != ZKP_OK) abort();
}

void bench_field(void) {
    fq_t a, b, c, d, e, f, g, h;
    fr_t x, y;
    rand_fq(&a), rand_fq(&b), rand_fq(&c), rand_fq(&d), rand_fq(&e), rand_fq(&f);
    rand_fr(&x), rand_fr(&y);
    g = a, h = b;

    BENCH_BEST("fr_mul", 20000, 1, fr_mul(&x, &x, &y));
    BENCH_BEST("fq_mul", 20000, 1, fq_mul(&a, &a, &b));
    BENCH_BEST("fr_sqr", 20000, 1, fr_sqr(&x, &x));
    BENCH_BEST("fq_sqr", 20000, 1, fq_sqr(&a, &a));
    BENCH_BEST("fq_mul_x4", 10000, 4, {
        fq_mul(&a, &a, &b);
        fq_mul(&c, &c, &b);
        fq_mul(&d, &d, &b);
        fq_mul(&e, &e, &b);
    });
    BENCH_BEST("fr_mul_tp", 20000, 1, fr_mul_tp(&x, &x, &y));
    BENCH_BEST("fq_mul_tp", 20000, 1, fq_mul_tp(&a, &a, &b));
    BENCH_BEST("fq_mul_tp_x4", 10000, 4, {
        fq_mul_tp(&a, &a, &b);
        fq_mul_tp(&c, &c, &b);
        fq_mul_tp(&d, &d, &b);
        fq_mul_tp(&e, &e, &b);
    });
    BENCH_BEST("fq_sqr_x4", 10000, 4, {
        fq_sqr(&a, &a);
        fq_sqr(&c, &c);
        fq_sqr(&d, &d);
        fq_sqr(&e, &e);
    });
    BENCH_BEST("fq_mul_portable", 20000, 1, zkp_fp_mul_port(a.l, a.l, b.l, zkp_fq_mc));
    BENCH_BEST("fr_mul_portable", 20000, 1, zkp_fp_mul_port(x.l, x.l, y.l, zkp_fr_mc));
    BENCH_BEST("fq_add", 50000, 1, fq_add(&a, &a, &b));
    BENCH_BEST("fq_sub", 50000, 1, fq_sub(&a, &a, &b));
    BENCH_BEST("fq_dbl", 50000, 1, fq_dbl(&a, &a));
    BENCH_BEST("fq_neg", 50000, 1, fq_neg(&a, &a));
    BENCH_BEST("fr_add", 50000, 1, fr_add(&x, &x, &y));
    bench_sink = a.l[0] ^ c.l[0] ^ d.l[0] ^ e.l[0] ^ x.l[0];

    /* inversions: the chain feeds each inverse into the next (plus b, so it never sticks) */
    BENCH_BEST("fq_inv", 200, 1, {
        fq_inv(&a, &a);
        fq_add(&a, &a, &b);
    });
    BENCH_BEST("fq_inv_var", 1000, 1, {
        fq_inv_var(&a, &a);
        fq_add(&a, &a, &b);
    });
    BENCH_BEST("fr_inv", 200, 1, {
        fr_inv(&x, &x);
        fr_add(&x, &x, &y);
    });
    BENCH_BEST("fr_inv_var", 1000, 1, {
        fr_inv_var(&x, &x);
        fr_add(&x, &x, &y);
    });
    {
        enum { N = 4096 };
        fq_t *v = malloc(N * sizeof *v);
        if (!v) abort();
        for (int i = 0; i < N; i++)
            fq_add(&v[i], i ? &v[i - 1] : &b, &f);
        BENCH_BEST("fq_batch_inv_4096_per_elem", 1, N, fq_batch_inv(v, v, N));
        bench_sink = v[N - 1].l[0];
        free(v);
    }
    /* sqrt of squares (the chain squares the root again, plus a constant) */
    BENCH_BEST("fq_sqrt", 500, 1, {
        fq_sqr(&g, &g);
        if (!fq_sqrt(&g, &g)) abort();
        fq_add(&g, &g, &h);
    });
    BENCH_BEST("fr_sqrt", 200, 1, {
        fr_sqr(&x, &x);
        if (!fr_sqrt(&x, &x)) abort();
        fr_add(&x, &x, &y);
    });
    BENCH_BEST("fq_legendre", 500, 1, {
        int l = fq_legendre(&g);
        g.l[0] ^= (uint64_t)(l & 1); /* feed the result back (g stays < p: bit 0 only) */
        fq_add(&g, &g, &h);
    });
    bench_sink = g.l[0] ^ x.l[0] ^ a.l[0];

    /* the same modular multiplication through GMP */
    {
        mpz_t m, u, w;
        mpz_inits(m, u, w, NULL);
        mpz_import(m, 4, -1, 8, 0, 0, fq_modulus);
        mpz_import(u, 4, -1, 8, 0, 0, a.l);
        mpz_import(w, 4, -1, 8, 0, 0, b.l);
        BENCH_BEST("gmp_mpz_mul_mod", 20000, 1, {
            mpz_mul(u, u, w);
            mpz_mod(u, u, m);
        });
        BENCH_BEST("gmp_mpz_invert", 1000, 1, {
            mpz_invert(u, u, m);
            mpz_add(u, u, w);
        });
        bench_sink = mpz_get_ui(u);
        mp_limb_t mp[4], up[4], wp[4], prod[8], q[5];
        for (int i = 0; i < 4; i++)
            mp[i] = fq_modulus[i], up[i] = a.l[i], wp[i] = b.l[i];
        BENCH_BEST("gmp_mpn_mul_n_tdiv_qr", 20000, 1, {
            mpn_mul_n(prod, up, wp, 4);
            mpn_tdiv_qr(q, up, 0, prod, 8, mp, 4);
        });
        bench_sink = up[0];
        mpz_clears(m, u, w, NULL);
    }

    /* 8-lane AVX-512 IFMA kernels (field/fq_ifma.h): four independent chains of
     * 8-lane products, ns per single product (compare fq_mul_x4), and the batch
     * of 512 chord additions, ns per addition (6 products each + conversions) */
    if (fq_ifma_cpu()) {
        fq_t v[8];
        fq8_t p, q, r, s, u;
        for (int i = 0; i < 8; i++)
            rand_fq(&v[i]);
        fq8_from_fq(&p, v), fq8_from_fq(&q, v), fq8_from_fq(&r, v), fq8_from_fq(&s, v);
        for (int i = 0; i < 8; i++)
            rand_fq(&v[i]);
        fq8_from_fq(&u, v);
        BENCH_BEST("fq8_ifma_mul_x4_per_product", 10000, 32, {
            fq8_mul(&p, &p, &u);
            fq8_mul(&q, &q, &u);
            fq8_mul(&r, &r, &u);
            fq8_mul(&s, &s, &u);
        });
        BENCH_BEST("fq8_ifma_sqr_x4_per_product", 10000, 32, {
            fq8_sqr(&p, &p);
            fq8_sqr(&q, &q);
            fq8_sqr(&r, &r);
            fq8_sqr(&s, &s);
        });
        BENCH_BEST("fq8_ifma_mul_chain_per_product", 20000, 8, fq8_mul(&p, &p, &u));
        bench_sink = p.l[0][0] ^ q.l[0][1] ^ r.l[0][2] ^ s.l[0][3];
        enum { NC = FQ_IFMA_CHORD_MAX };
        g1_affine_t *pa = malloc(2 * NC * sizeof *pa), *pd = malloc(NC * sizeof *pd);
        const fq_t **ia = malloc(2 * NC * sizeof *ia);
        fq_t **id = malloc(NC * sizeof *id);
        if (!pa || !pd || !ia || !id) abort();
        g1_t gg, acc;
        g1_generator(&gg);
        acc = gg;
        for (int i = 0; i < 2 * NC; i++) {
            g1_dbl(&acc, &acc);
            g1_add(&acc, &acc, &gg);
            g1_to_affine(&pa[i], &acc);
            ia[i] = &pa[i].x;
        }
        for (int i = 0; i < NC; i++)
            id[i] = &pd[i].x;
        BENCH_BEST("fq_ifma_chord_add_512_per_add", 20, NC, fq_ifma_chord_add(id, ia, ia + NC, NC));
        bench_sink = pd[NC - 1].x.l[0];
        free(pa), free(pd), free(ia), free(id);
    } else {
        fprintf(stderr, "bench_field: no AVX-512 IFMA on this CPU: fq8 figures skipped\n");
    }
}
