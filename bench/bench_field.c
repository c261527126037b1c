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

/* The scalar reference for the IFMA chord batch: n (even) chord additions
 * d[j] = a[j] + b[j] with Montgomery's trick over two interleaved chains and
 * pairs two at a time, like msm_tmpl.h's flush. */
static void scalar_chord(fq_t *const *id, const fq_t *const *ia, size_t n, fq_t *den, fq_t *pre) {
    fq_t ac[2] = {fq_one_c, fq_one_c}, iv, i2[2];
    for (size_t j = 0; j < n; j++) {
        fq_sub(&den[j], &ia[n + j][0], &ia[j][0]);
        pre[j] = ac[j & 1];
        fq_mul(&ac[j & 1], &ac[j & 1], &den[j]);
    }
    fq_mul(&iv, &ac[0], &ac[1]);
    fq_inv_var(&iv, &iv);
    fq_mul(&i2[0], &iv, &ac[1]);
    fq_mul(&i2[1], &iv, &ac[0]);
    for (size_t j = n; j-- > 0;) {
        fq_t tt;
        fq_mul(&tt, &i2[j & 1], &pre[j]);
        fq_mul(&i2[j & 1], &i2[j & 1], &den[j]);
        den[j] = tt;
    }
    for (size_t j = 0; j < n; j += 2) {
        fq_t n0, n1, l0, l1, x0, x1;
        fq_sub(&n0, &ia[n + j][1], &ia[j][1]);
        fq_sub(&n1, &ia[n + j + 1][1], &ia[j + 1][1]);
        fq_mul(&l0, &n0, &den[j]);
        fq_mul(&l1, &n1, &den[j + 1]);
        fq_sqr(&x0, &l0);
        fq_sqr(&x1, &l1);
        fq_sub(&x0, &x0, &ia[j][0]);
        fq_sub(&x1, &x1, &ia[j + 1][0]);
        fq_sub(&x0, &x0, &ia[n + j][0]);
        fq_sub(&x1, &x1, &ia[n + j + 1][0]);
        fq_sub(&n0, &ia[j][0], &x0);
        fq_sub(&n1, &ia[j + 1][0], &x1);
        fq_mul(&n0, &n0, &l0);
        fq_mul(&n1, &n1, &l1);
        fq_sub(&id[j][1], &n0, &ia[j][1]);
        fq_sub(&id[j + 1][1], &n1, &ia[j + 1][1]);
        id[j][0] = x0, id[j + 1][0] = x1;
    }
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
        /* the same 512 additions with the scalar kernels (Montgomery's trick over two
         * interleaved chains and pairs two at a time, like msm_tmpl.h's flush) */
        fq_t *den = malloc(NC * sizeof *den), *pre = malloc(NC * sizeof *pre);
        if (!den || !pre) abort();
        BENCH_BEST("fq_scalar_chord_512_per_add", 20, NC, scalar_chord(id, ia, NC, den, pre));
        free(den), free(pre);
        bench_sink = pd[NC - 1].x.l[0];
        free(pa), free(pd), free(ia), free(id);
        /* G2: the Fq2 chord batch (17 Fq products per addition in lanes) */
        g2_affine_t *qa = malloc(2 * NC * sizeof *qa), *qd = malloc(NC * sizeof *qd);
        const fq2_t **ja = malloc(2 * NC * sizeof *ja);
        fq2_t **jd = malloc(NC * sizeof *jd);
        if (!qa || !qd || !ja || !jd) abort();
        g2_t hg, hacc;
        g2_generator(&hg);
        hacc = hg;
        for (int i = 0; i < 2 * NC; i++) {
            g2_dbl(&hacc, &hacc);
            g2_add(&hacc, &hacc, &hg);
            g2_to_affine(&qa[i], &hacc);
            ja[i] = &qa[i].x;
        }
        for (int i = 0; i < NC; i++)
            jd[i] = &qd[i].x;
        BENCH_BEST("fq2_ifma_chord_add_512_per_add", 10, NC,
                   fq2_ifma_chord_add(jd, ja, ja + NC, NC));
        bench_sink = qd[NC - 1].x.c0.l[0];
        free(qa), free(qd), free(ja), free(jd);
    } else {
        fprintf(stderr, "bench_field: no AVX-512 IFMA on this CPU: fq8 figures skipped\n");
    }
}
