/* zkpot L3 msm: the Pippenger kernel, written once and instantiated for G1
 * (msm_g1.c, GLV with phi) and G2 (msm_g2.c, GLS with psi). Before including, define:
 *   MF, MF_(op), MF_INV   coordinate field (fq_t / fq2_t), its ops, an inversion
 *   MF_INFLIMB(p)         a limb of the compact point p's x that is ~0 only for
 *                         the infinity marker (canonical values are < 2^254)
 *   MAFF, MJAC, MG_(op)   affine / Jacobian point types and their curve ops
 *   MP_(name)             prefix of this instance's functions
 *   MSM_GLV               1: split scalars k = k1 + k2 lambda with MSM_GLV_SPLIT
 *                         (g1_glv_split, g2_gls_split) and MSM_ENDO (g1_affine_endo, g2_affine_psi)
 *
 * The algorithm (sum_i k_i P_i):
 * 1. Classify scalars (canonical limbs, in parallel): 0 and points at infinity
 *    are skipped; k > (r-1)/2 becomes (r-k, negated point), so small negative
 *    values are small too; +-1 go to a plain sum ("ones"); the rest may be GLV
 *    split into two ~127-bit halves ("entries": P and phi(P) = (beta x, y)).
 * 2. Signed c-bit windows: digit_w = u_w + bit(cw-1) - 2^c * top(u_w), where
 *    u_w are bits [cw, cw+c); digits lie in [-2^(c-1), 2^(c-1)], so 2^(c-1)
 *    buckets per window and the negative digits use -P (free in affine).
 *    Carry into window w is bit cw-1 of k, so digits need no sequential pass.
 * 3. Per work item (a window, or a window restricted to a contiguous chunk of
 *    entries, or a chunk of the ones): counting sort of the entries by bucket,
 *    then each bucket is summed by a pairwise tree in affine coordinates: all
 *    pair additions of a round share one inversion (Montgomery's trick, blocks
 *    of MSM_BK pairs), 6 multiplications per addition instead of 11 for mixed
 *    Jacobian additions. P + P (doubling) and P + (-P) (infinity) are detected.
 *    (Batch-affine Pippenger as in e.g. Aztec barretenberg and gnark; Bernstein
 *    et al., "Faster batch forgery identification", INDOCRYPT 2012.)
 * 4. Buckets are combined by the running sum  sum_b b B_b = sum_b sum_{b'>=b} B_b',
 *    windows by Horner (c doublings each), chunk and ones results in index order.
 * Items run under OpenMP with dynamic assignment, but every item's result
 * depends only on the item and results are combined in a fixed order: the
 * output does not depend on the thread schedule. */
#include <assert.h>
#include <math.h>
#include <omp.h>
#include <string.h>

#include "zkpot/msm.h"

/* -DMSM_STATS (for tuning; off in every build): with MSM_STATS set in the
 * environment, each run's plan and each part's operation counts (affine
 * additions by phase, batch inversions) and thread CPU time on stderr;
 * MSM_GMAX=g caps the windows per work item. */
#ifdef MSM_STATS
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifndef MSM_STATS_DEFINED
#define MSM_STATS_DEFINED
static _Thread_local struct {
    unsigned long add, inv, jac, phase;
    unsigned long by[4], iby[4];
} msm_st_;
#define MSM_ST(f, v) (msm_st_.f += (v))
#endif
#else
#define MSM_ST(f, v) ((void)0)
#endif

#define MSM_SL (MSM_GLV ? 2 : 4) /* 64-bit limbs per entry scalar */
#ifndef MSM_BK
#define MSM_BK 512 /* pairs per batch inversion */
#endif
#define MSM_CMAX 16          /* largest window: at most 2^15 buckets per thread */
#define MSM_CHUNKS_MAX 4     /* most chunks a window is split into */
#define MSM_ONES_CHUNK 65536 /* +-1 entries per ones item */
#define MSM_RD 32            /* bucket prefetch distance (entries) */
#define MSM_GMAX 16          /* most windows per work item */
#define MSM_GSLOTS 4096      /* bucket slots (all windows of an item) worth grouping windows for */
#define MSM_LANES 256        /* running-sum lanes of a work item (two additions each per round) */
#define MSM_WMAX 256         /* most windows (64 MSM_SL bits + 1 over windows of >= 1 bit) */

/* compact affine point; infinity marked by MF_INFLIMB == ~0 */
typedef struct {
    MF x, y;
} MP_(pt);

/* A deferred entry: its bucket already had a pending addition in the batch. */
typedef struct {
    uint32_t b, ref;
} MP_(qe);
#define MSM_Q 1024

enum { MSM_K_ADD, MSM_K_DBL, MSM_K_INF, MSM_K_A, MSM_K_B };

/* a block of pending pair additions sharing one inversion */
typedef struct {
    MP_(pt) a[MSM_BK], b[MSM_BK];
    MF den[MSM_BK], pre[MSM_BK];
    MP_(pt) * dst[MSM_BK];
    uint8_t kind[MSM_BK];
    size_t len;
} MP_(blk);

/* per-thread scratch */
typedef struct {
    MP_(blk) * blk;
    MP_(pt) * work; /* ones: half-sums of the tree */
    uint32_t cnt[2], start[2], hs[2];
    MP_(pt) * bk; /* window: affine bucket sums */
    MJAC *jb;     /* window: Jacobian side sums of the buckets (valid where jused) */
    uint8_t *jused;
    uint32_t *busy;
    MP_(qe) * q;           /* window: deferred entries (MSM_Q) */
    MP_(pt) * lrun, *ltot; /* window: running-sum lanes (MSM_LANES) */
} MP_(ts);

/* the shared, read-only state of one MSM */
typedef struct {
    const char *pts[2]; /* point v < n0 at pts[0] + v * pstride[0], v < n at */
    size_t pstride[2];  /* pts[1] + (v - n0) * pstride[1]; x, y first (MAFF or zkey) */
    size_t n0, n;
    const uint32_t *idx;  /* rest entry j < m is points[idx[j]] */
    const uint32_t *ones; /* ones refs */
    size_t n1;
    const MP_(pt) * phi; /* GLV: entry m + j is phi[j] */
    const uint64_t *esc; /* entry scalars, MSM_SL limbs each */
    const uint8_t *eneg; /* entry signs */
    size_t m, ne;
    unsigned c, nwin, chunks, ochunks;
    unsigned G, ngrp; /* windows per item, groups of windows */
    /* window w: bits [wpos[w], wpos[w] + wc[w]) of the entry scalars, wc[w] c or c - 1
     * (the wider ones first) */
    uint16_t wpos[MSM_WMAX + 1];
    uint8_t wc[MSM_WMAX];
} MP_(ctx);

static inline void MP_(set_inf)(MP_(pt) * p) {
    memset(p, 0, sizeof *p);
    MF_INFLIMB(*p) = ~(uint64_t)0;
}
static inline bool MP_(is_inf)(const MP_(pt) * p) { return MF_INFLIMB(*p) == ~(uint64_t)0; }

/* Which formula pair (a, b) takes: a chord (ADD), a tangent (DBL), or none
 * (A, B: the other one is at infinity; INF: the sum is). */
static inline uint8_t MP_(classify)(const MP_(pt) * a, const MP_(pt) * b) {
    if (MP_(is_inf)(a)) return MP_(is_inf)(b) ? MSM_K_INF : MSM_K_B;
    if (MP_(is_inf)(b)) return MSM_K_A;
    if (!MF_(eq)(&a->x, &b->x)) return MSM_K_ADD;
    return MF_(eq)(&a->y, &b->y) && !MF_(is_zero)(&a->y) ? MSM_K_DBL : MSM_K_INF;
}

/* The sum of pair j once its inverse denominator is known (den[j] now holds
 * 1/den): dst = a + b for ADD and DBL. */
static inline void MP_(finish1)(MP_(blk) * k, size_t j) {
    const MP_(pt) *a = &k->a[j], *b = &k->b[j];
    MP_(pt) *d = k->dst[j];
    switch (k->kind[j]) {
    case MSM_K_A:
        *d = *a;
        return;
    case MSM_K_B:
        *d = *b;
        return;
    case MSM_K_INF:
        MP_(set_inf)(d);
        return;
    default: {
        MF t, num, l, x3;
        if (k->kind[j] == MSM_K_ADD) {
            MF_(sub)(&num, &b->y, &a->y);
        } else {
            MF s;
            MF_(sqr)(&s, &a->x);
            MF_(add)(&num, &s, &s);
            MF_(add)(&num, &num, &s);
        }
        MF_(mul)(&l, &num, &k->den[j]);
        MF_(sqr)(&x3, &l);
        MF_(sub)(&x3, &x3, &a->x);
        MF_(sub)(&x3, &x3, &b->x);
        MF_(sub)(&t, &a->x, &x3);
        MF_(mul)(&t, &t, &l);
        MF_(sub)(&d->y, &t, &a->y);
        d->x = x3;
    }
    }
}

/* Adds every pending pair: dst = a + b (affine, a and b copied in already).
 * Chord: l = (yb - ya)/(xb - xa); tangent: l = 3 xa^2 / (2 ya);
 * x3 = l^2 - xa - xb, y3 = l (xa - x3) - ya. One inversion for the block
 * (Montgomery's trick) over two interleaved product chains (even and odd j):
 * pre[j] = the product of the earlier den of j's chain, then
 * den[j]^-1 = pre[j] * (the chain's product up to j)^-1. Three passes:
 * products, inverses, sums, the last two interleaving two pairs: a field
 * multiplication (~100 instructions, ~13 ns latency, ~11.6 ns throughput
 * here) leaves little room for the out-of-order core to overlap a pair's
 * chain of 4 dependent multiplications with the next pair's when they come
 * one after the other (one pass per pair: ~150 ns per addition, measured;
 * these passes: ~6 multiplications' throughput). */
#ifndef MSM_IFMA
#define MSM_IFMA 0
#endif
#if MSM_IFMA
_Static_assert(MSM_BK <= FQ_IFMA_CHORD_MAX, "a block must fit one chord batch");
/* Smallest block for the IFMA path. Its fixed cost over the scalar flush's is
 * about 20 scalar multiplications (~0.25 us: the 8 lane products' batch
 * inversion around the same single fq_inv_var) and whole groups of 8 lanes;
 * it saves ~65 ns per G1 chord addition (bench_field, 512 pairs: 31 vs 96 ns),
 * so it pays from about 8 pairs; 16 leaves a margin for half-empty groups. */
#define MSM_IFMA_MIN 16
/* flush on a CPU with AVX-512 IFMA: the chord additions (nearly all pairs) go
 * through MSM_IFMA_CHORD (fq_ifma_chord_add for G1, fq2_ifma_chord_add for
 * G2: field/fq_ifma.h), 8 lanes at a time with their
 * own batch inversion; the rare doublings keep the scalar formulas with a
 * second inversion when there are any, the A/B/INF kinds need none. The
 * results are the same canonical values as flush's. */
static void MP_(flush_ifma)(MP_(blk) * k) {
    size_t len = k->len, na = 0, nd = 0;
    const MF *pa[MSM_BK], *pb[MSM_BK];
    MF *pd[MSM_BK];
    MF acc = MF_(one_c);
    for (size_t j = 0; j < len; j++) {
        const MP_(pt) *a = &k->a[j], *b = &k->b[j];
        uint8_t kd = k->kind[j] = MP_(classify)(a, b);
        if (kd == MSM_K_ADD) {
            pa[na] = &a->x, pb[na] = &b->x, pd[na] = &k->dst[j]->x;
            na++;
        } else if (kd == MSM_K_DBL) {
            MF_(add)(&k->den[j], &a->y, &a->y);
            k->pre[j] = acc;
            MF_(mul)(&acc, &acc, &k->den[j]);
            nd++;
        }
    }
    if (na) MSM_IFMA_CHORD(pd, pa, pb, na);
    if (nd) {
        MF inv;
        MF_INV(&inv, &acc);
        for (size_t j = len; j-- > 0;)
            if (k->kind[j] == MSM_K_DBL) {
                MF t;
                MF_(mul)(&t, &inv, &k->pre[j]);
                MF_(mul)(&inv, &inv, &k->den[j]);
                k->den[j] = t;
            }
    }
    if (na < len)
        for (size_t j = 0; j < len; j++)
            if (k->kind[j] != MSM_K_ADD) MP_(finish1)(k, j);
    MSM_ST(inv, 1 + (nd > 0));
    MSM_ST(add, len);
    MSM_ST(by[msm_st_.phase], len);
    MSM_ST(iby[msm_st_.phase], 1);
    k->len = 0;
}
#endif

static void MP_(flush)(MP_(blk) * k) {
    size_t len = k->len;
    if (!len) return;
#if MSM_IFMA
    if (len >= MSM_IFMA_MIN && fq_ifma_available()) {
        MP_(flush_ifma)(k);
        return;
    }
#endif
    MF acc[2] = {MF_(one_c), MF_(one_c)};
    for (size_t j = 0; j < len; j++) {
        const MP_(pt) *a = &k->a[j], *b = &k->b[j];
        uint8_t kd = k->kind[j] = MP_(classify)(a, b);
        if (kd == MSM_K_ADD) MF_(sub)(&k->den[j], &b->x, &a->x);
        else if (kd == MSM_K_DBL) MF_(add)(&k->den[j], &a->y, &a->y);
        if (kd <= MSM_K_DBL) {
            k->pre[j] = acc[j & 1];
            MF_(mul)(&acc[j & 1], &acc[j & 1], &k->den[j]);
        }
    }
    MF inv, i0, i1;
    MF_(mul)(&inv, &acc[0], &acc[1]);
    MF_INV(&inv, &inv);
    MF_(mul)(&i0, &inv, &acc[1]); /* acc[0]^-1 */
    MF_(mul)(&i1, &inv, &acc[0]); /* acc[1]^-1 */
    MSM_ST(inv, 1);
    MSM_ST(add, len);
    MSM_ST(by[msm_st_.phase], len);
    MSM_ST(iby[msm_st_.phase], 1);
    /* inverses, from the top: den[j] <- den[j]^-1 */
    size_t j = len;
    if (j & 1) { /* the top one alone (even j) */
        j--;
        if (k->kind[j] <= MSM_K_DBL) {
            MF t;
            MF_(mul)(&t, &i0, &k->pre[j]);
            MF_(mul)(&i0, &i0, &k->den[j]);
            k->den[j] = t;
        }
    }
    while (j >= 2) { /* j - 1 odd, j - 2 even: one step of each chain */
        j -= 2;
        bool m1 = k->kind[j + 1] <= MSM_K_DBL, m0 = k->kind[j] <= MSM_K_DBL;
        MF t1, t0;
        if (m1 && m0) {
            MF_(mul)(&t1, &i1, &k->pre[j + 1]);
            MF_(mul)(&t0, &i0, &k->pre[j]);
            MF_(mul)(&i1, &i1, &k->den[j + 1]);
            MF_(mul)(&i0, &i0, &k->den[j]);
            k->den[j + 1] = t1;
            k->den[j] = t0;
        } else {
            if (m1) {
                MF_(mul)(&t1, &i1, &k->pre[j + 1]);
                MF_(mul)(&i1, &i1, &k->den[j + 1]);
                k->den[j + 1] = t1;
            }
            if (m0) {
                MF_(mul)(&t0, &i0, &k->pre[j]);
                MF_(mul)(&i0, &i0, &k->den[j]);
                k->den[j] = t0;
            }
        }
    }
    /* the sums, two chord additions at a time */
    for (j = 0; j + 1 < len; j += 2) {
        if (k->kind[j] != MSM_K_ADD || k->kind[j + 1] != MSM_K_ADD) {
            MP_(finish1)(k, j);
            MP_(finish1)(k, j + 1);
            continue;
        }
        const MP_(pt) *a0 = &k->a[j], *b0 = &k->b[j], *a1 = &k->a[j + 1], *b1 = &k->b[j + 1];
        MP_(pt) *d0 = k->dst[j], *d1 = k->dst[j + 1];
        MF n0, n1, l0, l1, x0, x1, t0, t1;
        MF_(sub)(&n0, &b0->y, &a0->y);
        MF_(sub)(&n1, &b1->y, &a1->y);
        MF_(mul)(&l0, &n0, &k->den[j]);
        MF_(mul)(&l1, &n1, &k->den[j + 1]);
        MF_(sqr)(&x0, &l0);
        MF_(sqr)(&x1, &l1);
        MF_(sub)(&x0, &x0, &a0->x);
        MF_(sub)(&x1, &x1, &a1->x);
        MF_(sub)(&x0, &x0, &b0->x);
        MF_(sub)(&x1, &x1, &b1->x);
        MF_(sub)(&t0, &a0->x, &x0);
        MF_(sub)(&t1, &a1->x, &x1);
        MF_(mul)(&t0, &t0, &l0);
        MF_(mul)(&t1, &t1, &l1);
        MF_(sub)(&d0->y, &t0, &a0->y);
        MF_(sub)(&d1->y, &t1, &a1->y);
        d0->x = x0;
        d1->x = x1;
    }
    if (j < len) MP_(finish1)(k, j);
    k->len = 0;
}

/* Reserves a pair slot whose sum goes to dst. */
static inline size_t MP_(push)(MP_(blk) * k, MP_(pt) * dst) {
    if (k->len == MSM_BK) MP_(flush)(k);
    k->dst[k->len] = dst;
    return k->len++;
}

/* Address of the x, y coordinates of a ref's point (MAFF and the compact
 * point both start with x, y): v < n is points[v], v >= n is phi[v - n]. */
static inline const void *MP_(src)(const MP_(ctx) * x, uint32_t ref) {
    uint32_t v = ref & 0x7fffffffu;
    if (v < x->n0) return x->pts[0] + (size_t)v * x->pstride[0];
    if (v < x->n) return x->pts[1] + (size_t)(v - x->n0) * x->pstride[1];
    return &x->phi[v - x->n];
}

/* Prefetches a point (it may straddle cache lines when it comes from a file). */
static inline void MP_(prefetch)(const MP_(ctx) * x, uint32_t ref) {
    const char *p = MP_(src)(x, ref);
    __builtin_prefetch(p);
    __builtin_prefetch(p + sizeof(MP_(pt)) - 1);
}

static inline void MP_(load)(MP_(pt) * o, const MP_(ctx) * x, uint32_t ref) {
    memcpy(o, MP_(src)(x, ref), sizeof *o); /* zkey points may be unaligned */
    if (ref >> 31) MF_(neg)(&o->y, &o->y);
}

/* Sums bucket b (1 <= b <= nb) = refs[start[b] .. start[b] + cnt[b]) into
 * work[hs[b]] (meaningful when cnt[b] > 0; may be the infinity marker).
 * Round 1 adds neighbouring refs into work (ceil(cnt/2) slots per bucket);
 * round s adds work[t + s] into work[t] for t = 0, 2s, 4s, ... */
static void MP_(bucket_sums)(const MP_(ctx) * x, MP_(ts) * ts, const uint32_t *refs, size_t nb) {
    MP_(blk) *k = ts->blk;
    MP_(pt) *work = ts->work;
    const uint32_t *cnt = ts->cnt, *start = ts->start;
    uint32_t *hs = ts->hs;
    size_t total = start[nb] + cnt[nb], pos = 0;
    enum { PF = 12 };
    k->len = 0;
    for (size_t b = 1; b <= nb; b++) {
        size_t cb = cnt[b], s = start[b];
        hs[b] = (uint32_t)pos;
        for (size_t j = 0; j + 1 < cb; j += 2) {
            size_t g = s + j + PF;
            if (g + 1 < total) {
                MP_(prefetch)(x, refs[g]);
                MP_(prefetch)(x, refs[g + 1]);
            }
            size_t q = MP_(push)(k, &work[pos + j / 2]);
            MP_(load)(&k->a[q], x, refs[s + j]);
            MP_(load)(&k->b[q], x, refs[s + j + 1]);
        }
        if (cb & 1) MP_(load)(&work[pos + cb / 2], x, refs[s + cb - 1]);
        pos += (cb + 1) / 2;
    }
    MP_(flush)(k);
    for (size_t st = 1;; st *= 2) {
        bool any = false;
        for (size_t b = 1; b <= nb; b++) {
            size_t len = (cnt[b] + 1) / 2;
            if (len <= st) continue;
            any = true;
            MP_(pt) *w = &work[hs[b]];
            for (size_t t = 0; t + st < len; t += 2 * st) {
                size_t q = MP_(push)(k, &w[t]);
                k->a[q] = w[t];
                k->b[q] = w[t + st];
            }
        }
        if (!any) break;
        MP_(flush)(k);
    }
}

/* out = sum_b b * B_b over the bucket sums (running sum from the top bucket). */
static void MP_(reduce)(MJAC *out, const MP_(ts) * ts, size_t nb) {
    MJAC run, tot;
    MG_(set_infinity)(&run);
    MG_(set_infinity)(&tot);
    for (size_t b = nb; b >= 1; b--) {
        if (ts->cnt[b] && !MP_(is_inf)(&ts->work[ts->hs[b]])) {
            MAFF p;
            memset(&p, 0, sizeof p);
            p.x = ts->work[ts->hs[b]].x;
            p.y = ts->work[ts->hs[b]].y;
            p.infinity = false;
            MG_(add_mixed)(&run, &run, &p);
        }
        if (!MG_(is_infinity)(&run)) MG_(add)(&tot, &tot, &run);
    }
    *out = tot;
}

/* Signed digit of the c-bit window at bit pos (see 2. above). */
static inline int32_t MP_(digit)(const uint64_t *k, unsigned pos, unsigned c) {
    unsigned li = pos >> 6, off = pos & 63;
    uint64_t u = 0, carry = 0;
    if (li < MSM_SL) {
        u = k[li] >> off;
        if (off + c > 64 && li + 1 < MSM_SL) u |= k[li + 1] << (64 - off);
    }
    u &= ((uint64_t)1 << c) - 1;
    if (pos) {
        unsigned q = pos - 1;
        if ((q >> 6) < MSM_SL) carry = (k[q >> 6] >> (q & 63)) & 1;
    }
    return (int32_t)(u + carry) - (int32_t)((u >> (c - 1)) << c);
}

/* Adds point ref into bucket b (not pending in this batch): sets an empty
 * bucket, else queues the pair bk[b] + P. True when the batch is full. */
static inline bool MP_(bucket_add)(MP_(blk) * k, MP_(pt) * bk, uint32_t *busy, uint32_t bid,
                                   size_t b, const MP_(ctx) * x, uint32_t ref, size_t cap) {
    if (MP_(is_inf)(&bk[b])) {
        MP_(load)(&bk[b], x, ref);
        return false;
    }
    size_t j = k->len++;
    k->dst[j] = &bk[b];
    k->a[j] = bk[b];
    MP_(load)(&k->b[j], x, ref);
    busy[b] = bid;
    return k->len == cap;
}

/* After a flush (new batch id): adds the deferred entries whose bucket is free,
 * keeps the others (in order), flushing whenever the batch fills. */
static void MP_(drain)(MP_(blk) * k, MP_(pt) * bk, uint32_t *busy, uint32_t *bid,
                       const MP_(ctx) * x, MP_(qe) * q, size_t *qn, size_t cap) {
    size_t i = 0, keep = 0, n = *qn;
    while (i < n) {
        MP_(qe) t = q[i++];
        if (busy[t.b] == *bid) {
            q[keep++] = t;
            continue;
        }
        if (MP_(bucket_add)(k, bk, busy, *bid, t.b, x, t.ref, cap)) {
            MP_(flush)(k);
            (*bid)++;
            /* the rest after the kept ones, then rescan from the start */
            memmove(q + keep, q + i, (n - i) * sizeof *q);
            n = keep + (n - i);
            i = keep = 0;
        }
    }
    *qn = keep;
}

/* Running sums of G windows at once, in batch-affine form: window g's
 * buckets bk[g (nb + 1) + b], 1 <= b <= nb, are cut into S segments of L
 * buckets (lanes); every lane runs its own running sum from its top bucket,
 *   tot += run; run += B_b     (both read the old run: one batch round per step),
 * so that after its L steps tot + run = sum_{b in seg} (b - lo + 1) B_b and
 * run = sum_{b in seg} B_b; all G S lanes share each round's inversion. Then
 *   sum_b b B_b = sum_s (tot_s + run_s) + L sum_s s run_s   (lo_s = 1 + s L),
 * the last sum by a short Jacobian running sum over the segments. Per bucket
 * ~2 affine additions (~13 M with the shared inversion) instead of a mixed
 * and a full Jacobian addition (~27 M). */
static void MP_(reduce_lanes)(MJAC *out, size_t ostride, MP_(ts) * ts, size_t G, size_t nb,
                              size_t L) {
    MP_(blk) *k = ts->blk;
    MP_(pt) *bk = ts->bk, *run = ts->lrun, *tot = ts->ltot;
    size_t S = nb / L, lanes = G * S;
    for (size_t i = 0; i < lanes; i++)
        MP_(set_inf)(&run[i]), MP_(set_inf)(&tot[i]);
    k->len = 0;
    for (size_t t = L; t-- > 0;) {
        for (size_t g = 0; g < G; g++) {
            const MP_(pt) *B = bk + g * (nb + 1) + 1 + t;
            for (size_t s = 0; s < S; s++) {
                size_t i = g * S + s;
                const MP_(pt) *bb = B + s * L;
                if (!MP_(is_inf)(&run[i])) {
                    size_t q = MP_(push)(k, &tot[i]);
                    k->a[q] = tot[i];
                    k->b[q] = run[i];
                    if (!MP_(is_inf)(bb)) {
                        q = MP_(push)(k, &run[i]);
                        k->a[q] = run[i];
                        k->b[q] = *bb;
                    }
                } else if (!MP_(is_inf)(bb)) {
                    run[i] = *bb;
                }
            }
        }
        MP_(flush)(k);
    }
    for (size_t i = 0; i < lanes; i++) { /* tot = tot + run */
        size_t q = MP_(push)(k, &tot[i]);
        k->a[q] = tot[i];
        k->b[q] = run[i];
    }
    MP_(flush)(k);
    for (size_t g = 0; g < G; g++) {
        MJAC sum, r, w;
        MG_(set_infinity)(&sum);
        MG_(set_infinity)(&r);
        MG_(set_infinity)(&w);
        for (size_t s = S; s-- > 0;) {
            size_t i = g * S + s;
            MAFF p;
            memset(&p, 0, sizeof p);
            if (!MP_(is_inf)(&tot[i])) {
                p.x = tot[i].x, p.y = tot[i].y;
                MG_(add_mixed)(&sum, &sum, &p);
            }
            if (s == 0) break;
            if (!MP_(is_inf)(&run[i])) {
                p.x = run[i].x, p.y = run[i].y;
                MG_(add_mixed)(&r, &r, &p);
            }
            if (!MG_(is_infinity)(&r)) MG_(add)(&w, &w, &r);
        }
        for (size_t d = 1; d < L && !MG_(is_infinity)(&w); d *= 2)
            MG_(dbl)(&w, &w);
        MG_(add)(&out[g * ostride], &sum, &w);
    }
}

/* Work item: windows w0 .. w0 + G - 1 over the entries [lo, hi), their
 * results to out[g * ostride]. The entries are read in order (the points
 * nearly sequentially), each adding into one bucket per window; window g's
 * bucket b keeps an affine sum bk[g (nb + 1) + b] (infinity marker while
 * empty) that receives at most one pending addition per batch (busy = batch
 * id); an entry whose bucket is already in the batch waits in a queue for the
 * next batch, or (queue full: very skewed digits) goes into the bucket's
 * Jacobian side sum jb (mixed addition), so a batch never waits and a skewed
 * digit distribution cannot degrade into one inversion per addition. The
 * batch size is capped at a quarter of the buckets to keep such collisions
 * rare (cf. gnark-crypto's batch-affine MSM); several windows per item (one
 * thread: all of them) give more buckets, so fuller batches and fewer
 * inversions per addition. */
static void MP_(window_item)(MJAC *out, size_t ostride, const MP_(ctx) * x, MP_(ts) * ts,
                             unsigned w0, size_t G, size_t lo, size_t hi) {
    unsigned c = x->c;
    size_t nb = (size_t)1 << (c - 1), nbs = G * (nb + 1);
    size_t cap = G * nb / 4 < 16 ? 16 : G * nb / 4 > MSM_BK ? MSM_BK : G * nb / 4;
    MP_(blk) *k = ts->blk;
    MP_(pt) *bk = ts->bk;
    MJAC *jb = ts->jb;
    uint8_t *jused = ts->jused;
    uint32_t *busy = ts->busy, bid = 1;
    MP_(qe) *q = ts->q;
    size_t qn = 0;
    bool anyj = false;
    for (size_t b = 0; b < nbs; b++) {
        MP_(set_inf)(&bk[b]);
        jused[b] = 0; /* jb[b] is set on first use: no Jacobian points to clear */
        busy[b] = 0;
    }
    k->len = 0;
    /* digits are computed MSM_RD entries ahead to prefetch their buckets */
    int32_t ring[MSM_RD][MSM_GMAX];
    for (size_t i = 0; i < MSM_RD; i++)
        for (size_t g = 0; g < G; g++) {
            int32_t d =
                lo + i < hi ? MP_(digit)(x->esc + (lo + i) * MSM_SL, x->wpos[w0 + g], x->wc[w0 + g])
                            : 0;
            ring[i][g] = d;
            __builtin_prefetch(&bk[g * (nb + 1) + (size_t)(d < 0 ? -d : d)], 1);
        }
    for (size_t e = lo; e < hi; e++) {
        int32_t *rg = ring[(e - lo) % MSM_RD], dd[MSM_GMAX];
        memcpy(dd, rg, G * sizeof *dd);
        if (e + MSM_RD < hi) {
            for (size_t g = 0; g < G; g++) {
                int32_t dn =
                    MP_(digit)(x->esc + (e + MSM_RD) * MSM_SL, x->wpos[w0 + g], x->wc[w0 + g]);
                rg[g] = dn;
                size_t bn = g * (nb + 1) + (size_t)(dn < 0 ? -dn : dn);
                __builtin_prefetch(&bk[bn], 1);
                __builtin_prefetch(&busy[bn], 1);
            }
        }
        uint32_t v = e < x->m ? x->idx[e] : (uint32_t)(x->n + e - x->m);
        for (size_t g = 0; g < G; g++) {
            int32_t d = dd[g];
            if (!d) continue;
            size_t b = g * (nb + 1) + (size_t)(d < 0 ? -d : d);
            uint32_t ref = v | (uint32_t)(x->eneg[e] ^ (d < 0)) << 31;
            if (busy[b] != bid) {
                if (MP_(bucket_add)(k, bk, busy, bid, b, x, ref, cap)) {
                    MP_(flush)(k);
                    bid++;
                    MP_(drain)(k, bk, busy, &bid, x, q, &qn, cap);
                }
            } else if (qn < MSM_Q) { /* the bucket waits in this batch: retry after the flush */
                q[qn].b = (uint32_t)b, q[qn].ref = ref, qn++;
            } else if (k->len >= MSM_BK / 16) {
                /* queue full, a batch worth its inversion (a few hot buckets,
                 * e.g. the top window's): flush, then retry the queue */
                MP_(flush)(k);
                bid++;
                MP_(drain)(k, bk, busy, &bid, x, q, &qn, cap);
                assert(qn < MSM_Q); /* a fresh batch took at least one */
                q[qn].b = (uint32_t)b, q[qn].ref = ref, qn++;
            } else { /* queue full (very skewed digits): Jacobian side sum */
                MP_(pt) p;
                MP_(load)(&p, x, ref);
                MAFF a;
                memset(&a, 0, sizeof a);
                a.x = p.x, a.y = p.y, a.infinity = false;
                if (jused[b]) {
                    MG_(add_mixed)(&jb[b], &jb[b], &a);
                } else {
                    MG_(from_affine)(&jb[b], &a);
                    jused[b] = 1;
                    anyj = true;
                }
            }
        }
    }
    while (qn) {
        MP_(flush)(k);
        bid++;
        MP_(drain)(k, bk, busy, &bid, x, q, &qn, cap);
    }
    MP_(flush)(k);
    /* the side sums (rare) join their buckets, in affine form */
    for (size_t b = 0; anyj && b < nbs; b++) {
        if (!jused[b]) continue;
        MJAC t = jb[b];
        MAFF a;
        memset(&a, 0, sizeof a);
        if (!MP_(is_inf)(&bk[b])) {
            a.x = bk[b].x, a.y = bk[b].y, a.infinity = false;
            MG_(add_mixed)(&t, &t, &a);
        }
        MG_(to_affine)(&a, &t);
        if (a.infinity)
            MP_(set_inf)(&bk[b]);
        else
            bk[b].x = a.x, bk[b].y = a.y;
    }
    /* segments of L buckets, G S <= MSM_LANES lanes; short segments do not pay */
    size_t L = 1;
    while (G * nb / L > MSM_LANES)
        L *= 2;
    MSM_ST(phase, 1);
    if (L >= 4 && L <= nb) {
        MP_(reduce_lanes)(out, ostride, ts, G, nb, L);
        MSM_ST(phase, -1);
        return;
    }
    MSM_ST(phase, -1);
    MSM_ST(jac, 2 * G * nb);
    /* plain running sum */
    for (size_t g = 0; g < G; g++) {
        MJAC run, tot;
        MG_(set_infinity)(&run);
        MG_(set_infinity)(&tot);
        for (size_t b = g * (nb + 1) + nb; b > g * (nb + 1); b--) {
            if (!MP_(is_inf)(&bk[b])) {
                MAFF p;
                memset(&p, 0, sizeof p);
                p.x = bk[b].x, p.y = bk[b].y, p.infinity = false;
                MG_(add_mixed)(&run, &run, &p);
            }
            if (!MG_(is_infinity)(&run)) MG_(add)(&tot, &tot, &run);
        }
        out[g * ostride] = tot;
    }
}

/* Work item: the plain sum of ones refs [lo, hi). */
static void MP_(ones_item)(MJAC *out, const MP_(ctx) * x, MP_(ts) * ts, size_t lo, size_t hi) {
    ts->cnt[0] = 0, ts->cnt[1] = (uint32_t)(hi - lo);
    ts->start[0] = 0, ts->start[1] = 0;
    MSM_ST(phase, 2);
    MP_(bucket_sums)(x, ts, x->ones + lo, 1);
    MSM_ST(phase, -2);
    MP_(reduce)(out, ts, 1);
}

/* ---- planning and scratch ---- */

static size_t MP_(ne_max)(size_t n) { return MSM_GLV ? 2 * n : n; }

/* Largest window considered for n points (bounds the scratch): at most ne/4
 * buckets (more never pays: the running sums would cost more than the
 * additions they save). */
static unsigned MP_(cmax)(size_t n) {
    size_t ne = MP_(ne_max)(n);
    unsigned c = 2;
    while (c < MSM_CMAX && ((size_t)1 << (c + 1)) <= ne)
        c++;
    return c;
}

/* Bucket slots per thread: one window of the largest c, or (one thread)
 * up to MSM_GSLOTS over several windows. */
static size_t MP_(slots)(size_t n, int T) {
    size_t one = ((size_t)1 << (MP_(cmax)(n) - 1)) + 1;
    return T == 1 && one < MSM_GSLOTS + MSM_GMAX ? MSM_GSLOTS + MSM_GMAX : one;
}

/* Most windows per work item for window c (as many as fit in the slots). */
static unsigned MP_(group)(unsigned c, unsigned W, size_t slots) {
    size_t g = slots / (((size_t)1 << (c - 1)) + 1);
    if (g > MSM_GMAX) g = MSM_GMAX;
    if (g > W) g = W;
    return g ? (unsigned)g : 1;
}

static size_t MP_(items_max)(size_t n) {
    return (size_t)(256 + 1) * MSM_CHUNKS_MAX + n / MSM_ONES_CHUNK + 2;
}

/* Bump allocator over the scratch, 64-byte aligned pieces. */
typedef struct {
    char *base;
    size_t off;
} MP_(bump);
static void *MP_(take)(MP_(bump) * b, size_t bytes) {
    size_t o = (b->off + 63) & ~(size_t)63;
    b->off = o + bytes;
    return b->base ? b->base + o : NULL;
}

typedef struct {
    uint8_t *cls;
    uint32_t *idx, *ones;
    uint64_t *esc;
    uint8_t *eneg;
    MP_(pt) * phi;
    MJAC *res;
    MP_(ts) * ts;
} MP_(lay);

/* Carves the arrays every part of an MSM shares (the classified scalars, the
 * entries, the window results) from b. */
static void MP_(layout_shared)(MP_(lay) * L, MP_(bump) * b, size_t n) {
    size_t ne = MP_(ne_max)(n);
    L->cls = MP_(take)(b, n);
    L->idx = MP_(take)(b, n * sizeof(uint32_t));
    L->ones = MP_(take)(b, n * sizeof(uint32_t));
    L->esc = MP_(take)(b, ne * MSM_SL * sizeof(uint64_t));
    L->eneg = MP_(take)(b, ne);
    L->phi = MSM_GLV ? MP_(take)(b, n * sizeof(MP_(pt))) : NULL;
    L->res = MP_(take)(b, MP_(items_max)(n) * sizeof(MJAC));
}

/* Carves the scratch (base NULL: only measures): the shared arrays, then each
 * thread's. Returns the bytes used. */
static size_t MP_(layout)(MP_(lay) * L, char *base, size_t n, int T) {
    MP_(bump) b = {base, 0};
    size_t nbs = MP_(slots)(n, T);
    MP_(layout_shared)(L, &b, n);
    L->ts = MP_(take)(&b, (size_t)T * sizeof(MP_(ts)));
    for (int t = 0; t < T; t++) {
        MP_(ts) tmp, *ts = base ? &L->ts[t] : &tmp;
        ts->blk = MP_(take)(&b, sizeof(MP_(blk)));
        size_t ow = (n < MSM_ONES_CHUNK ? n : MSM_ONES_CHUNK) / 2 + 2;
        ts->work = MP_(take)(&b, ow * sizeof(MP_(pt)));
        ts->bk = MP_(take)(&b, nbs * sizeof(MP_(pt)));
        ts->jused = MP_(take)(&b, nbs);
        ts->busy = MP_(take)(&b, nbs * sizeof(uint32_t));
        ts->q = MP_(take)(&b, MSM_Q * sizeof(MP_(qe)));
        ts->lrun = MP_(take)(&b, MSM_LANES * sizeof(MP_(pt)));
        ts->ltot = MP_(take)(&b, MSM_LANES * sizeof(MP_(pt)));
    }
    /* last: the side sums, rarely touched, so that the pages in use are one
     * stretch (a caller's huge pages cover them) */
    for (int t = 0; t < T; t++) {
        MP_(ts) tmp, *ts = base ? &L->ts[t] : &tmp;
        ts->jb = MP_(take)(&b, nbs * sizeof(MJAC));
    }
    return b.off + 64;
}

static size_t MP_(scratch_size)(size_t n, int T) {
    MP_(lay) L;
    return MP_(layout)(&L, NULL, n, T);
}

/* Picks the number of windows W, the chunks per window and the windows per
 * item minimizing a cost model in field multiplications: per window of an
 * item, batch-affine additions (~6.5 M each plus a share of the batch's
 * inversion, ~80 M; fewer additions when buckets outnumber entries), a scan
 * of the entries, and the bucket running sum (~13 M per bucket in lanes, ~28 M
 * plain); items are spread over T threads. The bits + 1 digit bits are
 * spread evenly: windows of c = ceil((bits + 1) / W) and c - 1 bits (a
 * window of c bits at every position would leave the top one a bit or two
 * wide: few buckets, so its additions collide in every batch, e.g. 126-bit
 * GLV halves in 9-bit windows: 15 windows, the top one of 1 bit; 12 inversions
 * per 1,000 additions instead of 2, and a full set of top buckets to reduce). */
static void MP_(plan)(MP_(ctx) * x, size_t nz, unsigned bits, int T, unsigned cmax, size_t slots) {
    double best = 0;
    unsigned B = bits + 1;
    x->c = 2, x->chunks = 1, x->nwin = 0, x->G = 1, x->ngrp = 0;
    if (!nz) return;
    for (unsigned c = 2; c <= cmax; c++) {
        unsigned W = (B + c - 1) / c, Gmax = MP_(group)(c, W, slots);
#ifdef MSM_STATS
        if (getenv("MSM_GMAX") && Gmax > (unsigned)atoi(getenv("MSM_GMAX")))
            Gmax = (unsigned)atoi(getenv("MSM_GMAX"));
#endif
        if ((B + W - 1) / W != c) continue; /* the same windows as a smaller c */
        unsigned nhi = B - W * (c - 1);     /* windows of c bits, the others c - 1 */
        for (unsigned G = 1; G <= Gmax; G++) {
            unsigned ngrp = (W + G - 1) / G;
            size_t nbi = (size_t)1 << (c - 1), L = 1;
            while (G * nbi / L > MSM_LANES)
                L *= 2;
            double nbc = (double)nbi;
            double cap = (double)G * nbc / 4 < 16       ? 16
                         : (double)G * nbc / 4 > MSM_BK ? MSM_BK
                                                        : (double)G * nbc / 4;
            for (unsigned C = 1; C <= MSM_CHUNKS_MAX; C++) {
                if (C > 1 && x->ne < (size_t)C * 1024) break;
                double per = (double)nz / C, scan = (double)x->ne / C, win = 0;
                for (unsigned h = 0; h < 2; h++) { /* c bits (h = 0), c - 1 bits */
                    double nb = nbc / (1 + h), cnt = h ? W - nhi : nhi;
                    double red = L >= 4 && L <= nbi ? nb * (13 + 45.0 / (double)L) : nb * 28;
                    double adds = per - nb * (1 - exp(-per / nb));
                    win += cnt * (adds * (6.5 + 80 / cap) + scan * 0.2 + red);
                }
                double item = G * win / W;
                double rounds = ceil((double)ngrp * C / T);
                double cost = rounds * item;
                if (best == 0 || cost < best)
                    best = cost, x->c = c, x->chunks = C, x->nwin = W, x->G = G, x->ngrp = ngrp;
            }
        }
    }
    unsigned nhi = B - x->nwin * (x->c - 1);
    x->wpos[0] = 0;
    for (unsigned w = 0; w < x->nwin; w++) {
        x->wc[w] = (uint8_t)(w < nhi ? x->c : x->c - 1);
        x->wpos[w + 1] = (uint16_t)(x->wpos[w] + x->wc[w]);
    }
}

static const uint64_t MP_(half_r)[4] = {0xa1f0fac9f8000000ULL, 0x9419f4243cdcb848ULL,
                                        0xdc2822db40c0ac2eULL, 0x183227397098d014ULL};

static bool MP_(gt_half)(const uint64_t k[4]) {
    for (int i = 3; i >= 0; i--) {
        if (k[i] != MP_(half_r)[i]) return k[i] > MP_(half_r)[i];
    }
    return false;
}

/* MSM_C_BIG: a REST scalar of 128 bits or more (split in two halves) */
enum { MSM_C_SKIP = 0, MSM_C_ONE = 1, MSM_C_REST = 2, MSM_C_NEG = 4, MSM_C_BIG = 8 };

/* Point i of the input: pts + i * stride, x and y first; infinity is the MAFF
 * flag, or (zkey layout, raw) all-zero x and y. */
static inline bool MP_(in_inf)(const char *p, bool raw) {
    if (!raw) return ((const MAFF *)(const void *)p)->infinity;
    uint64_t acc = 0, t;
    for (size_t o = 0; o < sizeof(MP_(pt)); o += 8) {
        memcpy(&t, p + o, 8);
        acc |= t;
    }
    return acc == 0;
}

/* The canonical limbs of input g's scalar i into k, or of r - k (true) if
 * k > (r-1)/2, so that small negative values are small too. */
static inline bool MP_(scalar)(uint64_t k[4], const msm_in_ *g, size_t i) {
    if (g->le) /* little-endian host (x86-64, as the field code assumes) */
        memcpy(k, (const uint8_t *)g->k + 32 * i, 32);
    else
        fr_to_limbs(k, (const fr_t *)g->k + i);
    if (!MP_(gt_half)(k)) return false;
    unsigned __int128 bw = 0;
    for (int j = 0; j < 4; j++) {
        unsigned __int128 d = (unsigned __int128)fr_modulus[j] - k[j] - (uint64_t)bw;
        k[j] = (uint64_t)d;
        bw = (d >> 64) & 1;
    }
    return true;
}

/* Step 1 and the plan over the scratch L (its shared arrays): classifies and
 * splits every scalar of the inputs (n points in all) into x, plans the items
 * for `parts` parts on T threads each. */
static void MP_(prep)(MP_(ctx) * x, const MP_(lay) * L, const msm_in_ *in, size_t nin, size_t n,
                      int T, unsigned parts) {
    zkp_populate(L->cls, n);
    size_t n0 = in[0].n;
    const msm_in_ *in1 = nin > 1 ? &in[1] : &in[0];

    /* 1. classify (MP_(scalar) gives the same limbs again in the split) */
#pragma omp parallel for schedule(static) num_threads(T)
    for (size_t i = 0; i < n; i++) {
        uint64_t k[4];
        const msm_in_ *g = i < n0 ? &in[0] : in1;
        size_t ii = i < n0 ? i : i - n0;
        bool neg = MP_(scalar)(k, g, ii);
        /* the point only for a nonzero scalar: a witness's zeros leave their
         * points (and maybe whole pages of the key) unread */
        if ((k[0] | k[1] | k[2] | k[3]) == 0 ||
            MP_(in_inf)((const char *)g->pts + ii * g->stride, g->raw))
            L->cls[i] = MSM_C_SKIP;
        else if (k[0] == 1 && (k[1] | k[2] | k[3]) == 0)
            L->cls[i] = (uint8_t)(MSM_C_ONE | (neg ? MSM_C_NEG : 0));
        else
            L->cls[i] = (uint8_t)(MSM_C_REST | (neg ? MSM_C_NEG : 0) |
                                  (MSM_GLV && (k[2] | k[3]) ? MSM_C_BIG : 0));
        zkp_memzero(k, sizeof k);
    }
    size_t m = 0, n1 = 0, nbig = 0;
    for (size_t i = 0; i < n; i++) { /* counts first: the index lists' pages mapped at once */
        m += (L->cls[i] & MSM_C_REST) != 0;
        n1 += (L->cls[i] & MSM_C_ONE) != 0;
        nbig += (L->cls[i] & MSM_C_BIG) != 0;
    }
    zkp_populate(L->idx, m * sizeof(uint32_t));
    zkp_populate(L->ones, n1 * sizeof(uint32_t));
    /* the big ones first (entries j < nbig have a second half m + j, over
     * phi[j]), then the others, each run in index order */
    size_t jb = 0, js = nbig;
    n1 = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = L->cls[i];
        if (c & MSM_C_REST)
            L->idx[c & MSM_C_BIG ? jb++ : js++] = (uint32_t)i;
        else if (c & MSM_C_ONE)
            L->ones[n1++] = (uint32_t)i | (uint32_t)((c & MSM_C_NEG) != 0) << 31;
    }

    /* entries: scalars (GLV split), signs, phi(P) */
    memset(x, 0, sizeof *x);
    x->pts[0] = in[0].pts, x->pstride[0] = in[0].stride, x->pts[1] = in1->pts,
    x->pstride[1] = in1->stride, x->n0 = n0, x->n = n, x->idx = L->idx, x->ones = L->ones,
    x->n1 = n1, x->phi = L->phi;
    x->esc = L->esc, x->eneg = L->eneg, x->m = m, x->ne = m + nbig;
    zkp_populate(L->esc, x->ne * MSM_SL * sizeof(uint64_t)); /* written below */
    zkp_populate(L->eneg, x->ne);
    if (MSM_GLV) zkp_populate(L->phi, nbig * sizeof(MP_(pt)));
    unsigned bits = 0;
    size_t nz = 0;
#pragma omp parallel for schedule(static) num_threads(T) reduction(max : bits) reduction(+ : nz)
    for (size_t j = 0; j < m; j++) {
        size_t i = L->idx[j];
        uint64_t k[4];
        uint8_t neg = MP_(scalar)(k, i < n0 ? &in[0] : in1, i < n0 ? i : i - n0);
#if MSM_GLV
        uint64_t *e1 = L->esc + 2 * j, e2s[2] = {0, 0}, *e2 = j < nbig ? L->esc + 2 * (m + j) : e2s;
        if (j >= nbig) { /* |k| < 2^128 already (k = +-K): no second half */
            e1[0] = k[0], e1[1] = k[1];
            L->eneg[j] = neg;
        } else { /* split K: k P = +-K P = +-(+-k1 P +- k2 phi(P)) */
            bool n1g, n2g;
            fr_t sk;
            if (fr_from_limbs(&sk, k) != ZKP_OK) fr_set_zero(&sk); /* K < r/2: canonical */
            MSM_GLV_SPLIT(e1, &n1g, e2, &n2g, &sk);
            L->eneg[j] = n1g ^ neg;
            L->eneg[m + j] = n2g ^ neg;
            zkp_memzero(&sk, sizeof sk);
            const char *pp = MP_(src)(x, (uint32_t)i);
            MAFF ph, pi;
            memset(&pi, 0, sizeof pi);
            memcpy(&pi.x, pp, sizeof pi.x);
            memcpy(&pi.y, pp + sizeof pi.x, sizeof pi.y);
            MSM_ENDO(&ph, &pi);
            L->phi[j].x = ph.x;
            L->phi[j].y = ph.y;
        }
        unsigned b1 = e1[1] ? 128 - (unsigned)__builtin_clzll(e1[1])
                            : (e1[0] ? 64 - (unsigned)__builtin_clzll(e1[0]) : 0);
        unsigned b2 = e2[1] ? 128 - (unsigned)__builtin_clzll(e2[1])
                            : (e2[0] ? 64 - (unsigned)__builtin_clzll(e2[0]) : 0);
        if (b1 > bits) bits = b1;
        if (b2 > bits) bits = b2;
        nz += 1 + (b2 != 0);
#else
        uint64_t *e = L->esc + 4 * j;
        unsigned bl = 0;
        for (int q = 0; q < 4; q++) {
            e[q] = k[q];
            if (k[q]) bl = 64 * (unsigned)q + 64 - (unsigned)__builtin_clzll(k[q]);
        }
        L->eneg[j] = neg;
        if (bl > bits) bits = bl;
        nz += 1;
#endif
        zkp_memzero(k, sizeof k);
    }

    /* 2. plan the items (as if the parts were threads) */
    MP_(plan)(x, nz, bits, T * (int)parts, MP_(cmax)(n), MP_(slots)(n, T));
    x->ochunks = n1 ? (unsigned)((n1 + MSM_ONES_CHUNK - 1) / MSM_ONES_CHUNK) : 0;
    assert((size_t)x->nwin * x->chunks + x->ochunks <= MP_(items_max)(n));
    assert((size_t)x->G * (((size_t)1 << (x->c - 1)) + 1) <= MP_(slots)(n, T) && x->G <= MSM_GMAX);
    zkp_populate(L->res, ((size_t)x->nwin * x->chunks + x->ochunks) * sizeof(MJAC));
#ifdef MSM_STATS
    if (getenv("MSM_STATS"))
        fprintf(stderr, "msm %s n=%zu m=%zu ones=%zu ne=%zu nz=%zu bits=%u c=%u W=%u G=%u ch=%u\n",
                sizeof(MF) == 32 ? "G1" : "G2", n, m, n1, x->ne, nz, bits, x->c, x->nwin, x->G,
                x->chunks);
#endif
}

/* Steps 3 and 4 for part `part` of `parts` (the window groups
 * [ngrp part / parts, ngrp (part + 1) / parts), and the +-1 entries in part
 * 0) on T threads with the thread scratch L->ts (wiped at the end); its
 * window results go to L->res, disjoint from the other parts'. */
static void MP_(part_items)(MJAC *r, const MP_(ctx) * x, const MP_(lay) * L, int T,
                            unsigned part, unsigned parts) {
#ifdef MSM_STATS
    memset(&msm_st_, 0, sizeof msm_st_);
    struct timespec t0_, t1_;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0_);
#endif
    size_t n1 = x->n1, nwi = (size_t)x->nwin * x->chunks;
    size_t ga = (size_t)x->ngrp * part / parts, gb = (size_t)x->ngrp * (part + 1) / parts;
    size_t ngi = (gb - ga) * x->chunks, och = part == 0 ? x->ochunks : 0;
    unsigned wa = (unsigned)ga * x->G;
    unsigned wb = (unsigned)gb * x->G < x->nwin ? (unsigned)gb * x->G : x->nwin;
    size_t items = ngi + och;
    size_t nbs = ngi ? x->G * (((size_t)1 << (x->c - 1)) + 1) : 0;
    size_t ow = och ? ((n1 < MSM_ONES_CHUNK ? n1 : MSM_ONES_CHUNK) / 2 + 2) : 0;
    /* what the items and the wipe below write, mapped at once (the side sums
     * jb stay on first touch: rarely used) */
    for (int t = 0; t < T; t++) {
        MP_(ts) *ts = &L->ts[t];
        zkp_populate(ts->blk, (size_t)((char *)(ts->work + ow) - (char *)ts->blk));
        if (!nbs) continue;
        zkp_populate(ts->bk, nbs * sizeof(MP_(pt)));
        zkp_populate(ts->jused, (size_t)((char *)(ts->ltot + MSM_LANES) - (char *)ts->jused));
    }

    /* 3. run the items */
#pragma omp parallel num_threads(T)
    {
        MP_(ts) *ts = &L->ts[omp_get_thread_num()];
#pragma omp for schedule(dynamic, 1)
        for (size_t it = 0; it < items; it++) {
            if (it < ngi) {
                unsigned w0 = (unsigned)(ga + it / x->chunks) * x->G;
                unsigned ch = (unsigned)(it % x->chunks);
                size_t g = x->nwin - w0 < x->G ? x->nwin - w0 : x->G;
                size_t lo = x->ne * ch / x->chunks, hi = x->ne * (ch + 1) / x->chunks;
                MP_(window_item)
                (&L->res[(size_t)w0 * x->chunks + ch], x->chunks, x, ts, w0, g, lo, hi);
            } else {
                size_t o = it - ngi;
                size_t lo = o * MSM_ONES_CHUNK;
                size_t hi = lo + MSM_ONES_CHUNK < n1 ? lo + MSM_ONES_CHUNK : n1;
                MP_(ones_item)(&L->res[nwi + o], x, ts, lo, hi);
            }
        }
    }
#ifdef MSM_STATS
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1_);
    if (getenv("MSM_STATS"))
        fprintf(stderr,
                "msm %s part %u/%u T=%d: %.3f ms cpu, adds %lu (bucket %lu, reduce %lu, ones %lu) "
                "inv %lu (%lu %lu %lu) jac %lu\n",
                sizeof(MF) == 32 ? "G1" : "G2", part, parts, T,
                (t1_.tv_sec - t0_.tv_sec) * 1e3 + (t1_.tv_nsec - t0_.tv_nsec) / 1e6, msm_st_.add,
                msm_st_.by[0], msm_st_.by[1], msm_st_.by[2], msm_st_.inv, msm_st_.iby[0],
                msm_st_.iby[1], msm_st_.iby[2], msm_st_.jac);
#endif

    /* 4. combine in a fixed order: Horner over this part's windows, shifted
     * to its lowest window; the ones */
    MJAC acc;
    MG_(set_infinity)(&acc);
    for (unsigned w = wb; w-- > wa;) {
        for (unsigned d = 0; d < x->wc[w] && !MG_(is_infinity)(&acc); d++)
            MG_(dbl)(&acc, &acc);
        for (unsigned ch = 0; ch < x->chunks; ch++)
            MG_(add)(&acc, &acc, &L->res[w * x->chunks + ch]);
    }
    for (unsigned d = 0; d < x->wpos[wa] && !MG_(is_infinity)(&acc); d++)
        MG_(dbl)(&acc, &acc);
    for (size_t o = 0; o < och; o++)
        MG_(add)(&acc, &acc, &L->res[nwi + o]);
    *r = acc;

    /* the scalars may be a witness: wipe the thread scratch as far as written */
    for (int t = 0; t < T; t++) {
        MP_(ts) *ts = &L->ts[t];
        zkp_memzero(ts->blk, sizeof *ts->blk);
        zkp_memzero(ts->work, ow * sizeof(MP_(pt)));
        if (nbs) {
            zkp_memzero(ts->bk, nbs * sizeof(MP_(pt)));
            for (size_t b = 0; b < nbs; b++) /* side sums exist where used */
                if (ts->jused[b]) zkp_memzero(&ts->jb[b], sizeof(MJAC));
            zkp_memzero(ts->jused, nbs);
            zkp_memzero(ts->busy, nbs * sizeof(uint32_t));
            zkp_memzero(ts->q, MSM_Q * sizeof(MP_(qe)));
            zkp_memzero(ts->lrun, MSM_LANES * sizeof(MP_(pt)));
            zkp_memzero(ts->ltot, MSM_LANES * sizeof(MP_(pt)));
        }
    }
}

/* 5. the scalars may be a witness: wipes what prep derived from them (the
 * points and phi(P) are public) and the window results, as far as written. */
static void MP_(wipe_shared)(const MP_(ctx) * x, const MP_(lay) * L) {
    zkp_memzero(L->cls, x->n);
    zkp_memzero(L->idx, x->m * sizeof(uint32_t));
    zkp_memzero(L->ones, x->n1 * sizeof(uint32_t));
    zkp_memzero(L->esc, x->ne * MSM_SL * sizeof(uint64_t));
    zkp_memzero(L->eneg, x->ne);
    zkp_memzero(L->res, ((size_t)x->nwin * x->chunks + x->ochunks) * sizeof(MJAC));
}

/* Lays the scratch out for n points on T threads (checking its length); with
 * MSM_SCRATCH_REUSE for the largest MSM it holds, not for this one: every run
 * over one scratch then puts each array at the same place, so runs of
 * different sizes (a prover's H and C parts, then its witness MSMs) reuse the
 * pages the first one touched. A fresh page costs a fault or a populate,
 * ~8-20 us on this VM (shadow paging): 2^12 proof peak RSS 4.87 -> 4.48 MB.
 * Not for scratch in huge pages: the spread-out arrays touch more 2 MiB pages
 * (2^16: 45 -> 51 MB). */
static zkp_err MP_(lay_scratch)(MP_(lay) * L, size_t n, int T, unsigned flags, void *scratch,
                                size_t scratch_len) {
    size_t need = MP_(scratch_size)(n, T);
    if (scratch_len < need)
        return zkp_fail(ZKP_ERR_RANGE, "MSM scratch of %zu bytes, %zu needed", scratch_len, need);
    size_t nl = n, nh = flags & MSM_SCRATCH_REUSE ? scratch_len / (4 * sizeof(uint64_t)) : n;
    if (nh >= ((size_t)1 << 30)) nh = ((size_t)1 << 30) - 1;
    while (nl < nh) { /* scratch_size grows with n: the largest nl that fits */
        size_t mid = nl + (nh - nl + 1) / 2;
        if (MP_(scratch_size)(mid, T) <= scratch_len)
            nl = mid;
        else
            nh = mid - 1;
    }
    char *base = (char *)(((uintptr_t)scratch + 63) & ~(uintptr_t)63);
    MP_(layout)(L, base, nl, T);
    return ZKP_OK;
}

static size_t MP_(in_total)(const msm_in_ *in, size_t nin) {
    size_t n = 0;
    for (size_t s = 0; s < nin; s++) n += in[s].n;
    return n;
}

/* The kernel: part `part` of `parts` of sum over the inputs in[0 .. nin)
 * (nin <= MSM_IN_MAX) of k_i P_i, their points numbered in order, over one
 * scratch. The plan depends on the scalars, the threads and `parts` only, so
 * every part sees the same; the parts add up to the whole MSM, whichever
 * thread runs each. flags & MSM_SCRATCH_REUSE: see lay_scratch. */
static zkp_err MP_(run_parts)(MJAC *r, const msm_in_ *in, size_t nin, unsigned part,
                              unsigned parts, unsigned flags, void *scratch, size_t scratch_len) {
    MG_(set_infinity)(r);
    assert(nin >= 1 && nin <= MSM_IN_MAX && parts >= 1 && part < parts);
    size_t n = MP_(in_total)(in, nin);
    if (n == 0) return ZKP_OK;
    if (n >= ((size_t)1 << 30)) return zkp_fail(ZKP_ERR_RANGE, "MSM of %zu points (limit 2^30)", n);
    int T = msm_threads_(n);
    MP_(lay) L;
    zkp_err e = MP_(lay_scratch)(&L, n, T, flags, scratch, scratch_len);
    if (e) return e;
    MP_(ctx) x;
    MP_(prep)(&x, &L, in, nin, n, T, parts);
    MP_(part_items)(r, &x, &L, T, part, parts);
    MP_(wipe_shared)(&x, &L);
    return ZKP_OK;
}

/* The kernel over one input. points: n points of `stride` bytes (raw: zkey
 * layout, else MAFF). scalars: n fr_t, or (flags & MSM_SCALARS_LE) n
 * canonical 32-byte little-endian integers. */
static zkp_err MP_(run)(MJAC *r, const void *points, size_t stride, bool raw, const void *scalars,
                        unsigned flags, size_t n, void *scratch, size_t scratch_len) {
    msm_in_ in = {points, stride, raw, scalars, (flags & MSM_SCALARS_LE) != 0, n};
    return MP_(run_parts)(r, &in, 1, 0, 1, flags, scratch, scratch_len);
}

#ifdef MSM_SHARED
/* Prep shared by parts run apart (each with its own thread scratch): the
 * shared buffer holds this header, then the shared arrays. */
typedef struct {
    MP_(ctx) x;
    MP_(lay) L;
    size_t n;
    unsigned parts;
} MP_(shd);

static size_t MP_(shared_size)(size_t n) {
    MP_(lay) L;
    MP_(bump) b = {NULL, sizeof(MP_(shd))};
    MP_(layout_shared)(&L, &b, n);
    return b.off + 64;
}

/* Classifies, splits and plans into `shared` (shared_len >= shared_size(n)),
 * for `parts` parts, each to run later on one thread (T = 1 in the plan). */
static zkp_err MP_(prep_shared)(void *shared, size_t shared_len, const msm_in_ *in, size_t nin,
                                unsigned parts) {
    assert(nin >= 1 && nin <= MSM_IN_MAX && parts >= 1);
    size_t n = MP_(in_total)(in, nin);
    if (n >= ((size_t)1 << 30)) return zkp_fail(ZKP_ERR_RANGE, "MSM of %zu points (limit 2^30)", n);
    size_t need = MP_(shared_size)(n);
    if (shared_len < need)
        return zkp_fail(ZKP_ERR_RANGE, "MSM shared scratch of %zu bytes, %zu needed", shared_len,
                        need);
    MP_(shd) *h = (MP_(shd) *)(((uintptr_t)shared + 63) & ~(uintptr_t)63);
    memset(h, 0, sizeof *h);
    MP_(bump) b = {(char *)h, sizeof *h};
    MP_(layout_shared)(&h->L, &b, n);
    h->n = n, h->parts = parts;
    if (n) MP_(prep)(&h->x, &h->L, in, nin, n, 1, parts);
    return ZKP_OK;
}

/* Part `part` of a prep_shared MSM on the calling thread with its own
 * scratch (as run's, for h->n points on 1 thread). Parts may run at once. */
static zkp_err MP_(part_shared)(MJAC *r, const void *shared, unsigned part, unsigned flags,
                                void *scratch, size_t scratch_len) {
    const MP_(shd) *h = (const MP_(shd) *)(((uintptr_t)shared + 63) & ~(uintptr_t)63);
    MG_(set_infinity)(r);
    if (part >= h->parts)
        return zkp_fail(ZKP_ERR_INVALID_ARG, "MSM part %u of %u", part, h->parts);
    if (h->n == 0) return ZKP_OK;
    MP_(lay) L;
    memset(&L, 0, sizeof L);
    zkp_err e = MP_(lay_scratch)(&L, h->n, 1, flags, scratch, scratch_len);
    if (e) return e;
    MP_(lay) Ls = h->L; /* the shared arrays, this scratch's thread arrays */
    Ls.ts = L.ts;
    MP_(part_items)(r, &h->x, &Ls, 1, part, h->parts);
    return ZKP_OK;
}

/* Wipes a prep_shared buffer once every part has run. */
static void MP_(wipe_shared_buf)(void *shared) {
    MP_(shd) *h = (MP_(shd) *)(((uintptr_t)shared + 63) & ~(uintptr_t)63);
    if (h->n) MP_(wipe_shared)(&h->x, &h->L);
    zkp_memzero(h, sizeof *h);
}
#endif

static zkp_err MP_(alloc_run)(MJAC *r, const void *points, size_t stride, bool raw,
                              const void *scalars, bool le, size_t n) {
    if (n == 0) {
        MG_(set_infinity)(r);
        return ZKP_OK;
    }
    if (n >= ((size_t)1 << 30)) return zkp_fail(ZKP_ERR_RANGE, "MSM of %zu points (limit 2^30)", n);
    int T = msm_threads_(n);
    size_t len = MP_(scratch_size)(n, T);
    void *s = msm_scratch_alloc_(len);
    if (!s) return zkp_fail(ZKP_ERR_NOMEM, "MSM scratch of %zu bytes", len);
    zkp_err e = MP_(run)(r, points, stride, raw, scalars, le ? MSM_SCALARS_LE : 0, n, s, len);
    msm_scratch_free_(s);
    return e;
}
