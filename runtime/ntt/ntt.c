/* zkpot L3 ntt: radix-2 decimation-in-time NTT over Fr, in place.
 * Cooley-Tukey after a bit-reversal permutation; twiddles are stored per
 * stage, contiguous: tw[m + j] = w_{2m}^j for j < m (so a stage reads them
 * sequentially). The first stages run block-wise on cache-sized blocks; the
 * remaining stages sweep the whole array, the butterflies split in fixed
 * contiguous chunks over threads. Field arithmetic is exact, so the result is
 * the same for every thread count. The inverse uses
 *   DFT^-1(a) = n^-1 * reverse_{1..n-1}(DFT(a)). */
#include <assert.h>
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "zkpot/ntt.h"

struct ntt_domain {
    unsigned log_n;
    size_t n;
    fr_t omega;
    fr_t n_inv;
    fr_t *tw; /* n entries; tw[0] unused */
    bool tw_huge; /* tw from posix_memalign (huge pages advised), else zkp_malloc */
};

/* Twiddles from 2 MiB on: 2 MiB aligned with transparent huge pages advised
 * (a page fault costs ~20 us on this VM: 2^16 twiddles, 512 faults, took
 * 10-15 ms of CPU time; huge pages, one fault per 2 MiB). */
#define NTT_HUGE ((size_t)2 << 20)

/* Below this size everything runs on the calling thread (a 2^12 transform
 * takes about a millisecond: less than a parallel region with barriers per
 * stage costs when the other core is busy). */
#define NTT_PAR_MIN ((size_t)1 << 13)
/* Stages with half-size m < NTT_BLOCK run block by block (2^12 elements = 128 KiB). */
#define NTT_BLOCK ((size_t)1 << 12)

/* Inside a parallel region (transforms run side by side, one per thread) a
 * transform runs on its calling thread only. */
static int ntt_threads(size_t n) {
    return n >= NTT_PAR_MIN && !omp_in_parallel() ? zkp_threads() : 1;
}

zkp_err ntt_domain_new(ntt_domain_t **out, unsigned log_n) {
    if (log_n > FR_TWO_ADICITY)
        return zkp_fail(ZKP_ERR_RANGE, "NTT domain 2^%u exceeds the 2-adicity of Fr (2^%d)", log_n,
                        FR_TWO_ADICITY);
    ntt_domain_t *d = zkp_calloc(1, sizeof *d);
    if (!d) return zkp_fail(ZKP_ERR_NOMEM, "NTT domain");
    d->log_n = log_n;
    d->n = (size_t)1 << log_n;
    size_t twb = d->n * sizeof *d->tw;
    if (twb >= NTT_HUGE) {
        void *p = NULL;
        if (!posix_memalign(&p, NTT_HUGE, (twb + NTT_HUGE - 1) & ~(NTT_HUGE - 1))) {
            d->tw = p, d->tw_huge = true;
#ifdef MADV_HUGEPAGE
            (void)madvise(p, (twb + NTT_HUGE - 1) & ~(NTT_HUGE - 1), MADV_HUGEPAGE); /* advice only */
#endif
        }
    } else {
        d->tw = zkp_malloc(twb);
    }
    if (!d->tw) {
        zkp_free(d);
        return zkp_fail(ZKP_ERR_NOMEM, "NTT twiddles for 2^%u", log_n);
    }
#ifdef MADV_POPULATE_WRITE
    {
        /* written whole below: its whole pages mapped by one call instead of a
         * fault each (~19 us per fault on this VM, ~8 us per populated page;
         * Linux >= 5.14, refused harmlessly elsewhere) */
        uintptr_t lo = ((uintptr_t)d->tw + 4095) & ~(uintptr_t)4095;
        uintptr_t hi = ((uintptr_t)d->tw + twb) & ~(uintptr_t)4095;
        if (lo < hi) (void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
    }
#endif
    fr_root_of_unity(&d->omega, log_n);
    fr_t nn;
    fr_set_u64(&nn, d->n);
    fr_inv_var(&d->n_inv, &nn);
    size_t n = d->n;
    d->tw[0] = fr_one_c;
    if (n >= 2) {
        /* top stage: tw[n/2 + j] = w^j, in contiguous chunks started by a power */
        size_t half = n / 2;
        int nt = ntt_threads(n);
#pragma omp parallel num_threads(nt)
        {
            int t = omp_get_thread_num(), tn = omp_get_num_threads();
            size_t lo = half * (size_t)t / (size_t)tn, hi = half * (size_t)(t + 1) / (size_t)tn;
            if (lo < hi) {
                uint64_t e = lo;
                fr_t x;
                fr_pow(&x, &d->omega, &e, 1);
                for (size_t j = lo; j < hi; j++) {
                    d->tw[half + j] = x;
                    fr_mul(&x, &x, &d->omega);
                }
            }
        }
        /* lower stages: w_{2m}^j = w_{4m}^{2j} */
        for (size_t m = half / 2; m >= 1; m /= 2)
            for (size_t j = 0; j < m; j++) d->tw[m + j] = d->tw[2 * m + 2 * j];
    }
    *out = d;
    return ZKP_OK;
}

void ntt_domain_free(ntt_domain_t *d) {
    if (!d) return;
    if (d->tw_huge)
        free(d->tw);
    else
        zkp_free(d->tw);
    zkp_free(d);
}

size_t ntt_domain_size(const ntt_domain_t *d) { return d->n; }
unsigned ntt_domain_log_size(const ntt_domain_t *d) { return d->log_n; }
void ntt_domain_omega(fr_t *w, const ntt_domain_t *d) { *w = d->omega; }

static inline size_t bitrev(size_t i, unsigned bits) {
    size_t r = 0;
    for (unsigned b = 0; b < bits; b++, i >>= 1) r = (r << 1) | (i & 1);
    return r;
}

/* One radix-2 butterfly: (u, v) <- (u + t v, u - t v). */
static inline void butterfly(fr_t *u, fr_t *v, const fr_t *t) {
    fr_t x;
    fr_mul(&x, v, t);
    fr_sub(v, u, &x);
    fr_add(u, u, &x);
}

/* The butterfly with twiddle 1: (u, v) <- (u + v, u - v). */
static inline void butterfly1(fr_t *u, fr_t *v) {
    fr_t x = *v;
    fr_sub(v, u, &x);
    fr_add(u, u, &x);
}

/* Stages with half-size 1..bs/2 on the block a[0..bs). The first butterfly of
 * every group has twiddle 1 (n - 1 of the (n/2) log n butterflies): no
 * multiplication there. */
static void ntt_block(fr_t *a, size_t bs, const fr_t *tw) {
    for (size_t m = 1; m < bs; m *= 2)
        for (size_t k = 0; k < bs; k += 2 * m) {
            butterfly1(&a[k], &a[k + m]);
            for (size_t j = 1; j < m; j++) butterfly(&a[k + j], &a[k + j + m], &tw[m + j]);
        }
}

/* The DFT in natural order: a[i] <- sum_j a[j] w^(ij). */
static void ntt_dit(const ntt_domain_t *d, fr_t *a) {
    size_t n = d->n;
    if (n == 1) return;
    unsigned lg = d->log_n;
    size_t bs = n < NTT_BLOCK ? n : NTT_BLOCK;
    const fr_t *tw = d->tw;
    int nt = ntt_threads(n);
#pragma omp parallel num_threads(nt)
    {
        /* Bit reversal, tiled: i = (u, m, b) with q-bit u and b maps to
         * (rev b, rev m, rev u), so a tile (fixed m, all u and b) reads 2^q runs of
         * 2^q contiguous elements on both sides. Each pair {i, rev(i)} is
         * swapped by its smaller index only (no two threads touch a pair). */
        unsigned q = lg >= 10 ? 5 : 0;
        size_t qn = (size_t)1 << q, nmid = (size_t)1 << (lg - 2 * q);
#pragma omp for schedule(static)
        for (size_t m = 0; m < nmid; m++) {
            size_t rm = bitrev(m, lg - 2 * q) << q;
            for (size_t u = 0; u < qn; u++) {
                size_t ru = bitrev(u, q), hi = u << (lg - q) | m << q;
                for (size_t b = 0; b < qn; b++) {
                    size_t i = hi | b, r = bitrev(b, q) << (lg - q) | rm | ru;
                    if (i < r) {
                        fr_t t = a[i];
                        a[i] = a[r];
                        a[r] = t;
                    }
                }
            }
        }
#pragma omp for schedule(static)
        for (size_t b = 0; b < n / bs; b++) ntt_block(a + b * bs, bs, tw);
        for (size_t m = bs; m < n; m *= 2) {
#pragma omp for schedule(static)
            for (size_t t = 0; t < n / 2; t++) {
                size_t j = t & (m - 1), k = (t - j) * 2;
                butterfly(&a[k + j], &a[k + j + m], &tw[m + j]);
            }
        }
    }
}

void ntt_scale_powers(fr_t *a, size_t n, const fr_t *c, const fr_t *g) {
    int nt = ntt_threads(n);
#pragma omp parallel num_threads(nt)
    {
        int t = omp_get_thread_num(), tn = omp_get_num_threads();
        size_t lo = n * (size_t)t / (size_t)tn, hi = n * (size_t)(t + 1) / (size_t)tn;
        if (lo < hi) {
            uint64_t e = lo;
            fr_t x;
            fr_pow(&x, g, &e, 1);
            fr_mul(&x, &x, c);
            if (fr_is_one(g)) {
                for (size_t i = lo; i < hi; i++) fr_mul(&a[i], &a[i], &x);
            } else {
                for (size_t i = lo; i < hi; i++) {
                    fr_mul(&a[i], &a[i], &x);
                    fr_mul(&x, &x, g);
                }
            }
        }
    }
}

/* a[1..n-1] reversed (the inverse DFT's index map i -> -i mod n): a[i] <-> a[n-i]. */
static void reverse_tail(fr_t *a, size_t n) {
    int nt = ntt_threads(n);
#pragma omp parallel for schedule(static) num_threads(nt)
    for (size_t i = 1; i < (n + 1) / 2; i++) {
        fr_t t = a[i];
        a[i] = a[n - i];
        a[n - i] = t;
    }
}

void ntt_forward(const ntt_domain_t *d, fr_t *a) { ntt_dit(d, a); }

void ntt_inverse(const ntt_domain_t *d, fr_t *a) {
    ntt_dit(d, a);
    reverse_tail(a, d->n);
    fr_t one = fr_one_c;
    ntt_scale_powers(a, d->n, &d->n_inv, &one);
}

void ntt_coset_forward(const ntt_domain_t *d, fr_t *a, const fr_t *shift) {
    assert(!fr_is_zero(shift));
    fr_t one = fr_one_c;
    ntt_scale_powers(a, d->n, &one, shift);
    ntt_dit(d, a);
}

void ntt_values_to_coset(const ntt_domain_t *d, fr_t *a, const fr_t *shift) {
    assert(!fr_is_zero(shift));
    ntt_dit(d, a);
    reverse_tail(a, d->n);
    ntt_scale_powers(a, d->n, &d->n_inv, shift);
    ntt_dit(d, a);
}

void ntt_coset_inverse(const ntt_domain_t *d, fr_t *a, const fr_t *shift) {
    assert(!fr_is_zero(shift));
    fr_t gi;
    fr_inv_var(&gi, shift);
    ntt_dit(d, a);
    reverse_tail(a, d->n);
    ntt_scale_powers(a, d->n, &d->n_inv, &gi);
}
