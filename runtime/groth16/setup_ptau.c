/* zkpot L4 groth16: setup from a phase-1 powers-of-tau file, the key
 * `snarkjs groth16 setup circuit.r1cs pot.ptau circuit_0000.zkey` writes, byte
 * for byte (algorithm learned from snarkjs 0.7.6 src/zkey_new.js; our own code).
 * Domain N = 2^k, k = floor(log2(constraints + public)) + 1 (snarkjs's cirPower:
 * at least one free row, and k >= 1); rows n_constraints + s (s = 0..n_public)
 * hold "w_s * 0 = 0". With L_c, La_c, Lb_c, L2_c the size-N Lagrange blocks of
 * the ptau's sections 12, 14, 15 (tau, alpha tau, beta tau in G1) and 13 (tau in G2):
 *   A_i  = sum_{A terms (c, i, v)} v L_c  (+ L_{nc+i} for i <= n_public)
 *   B1_i = sum_{B terms} v L_c,   B2_i = sum_{B terms} v L2_c
 *   K_i  = sum_A v Lb_c + sum_B v La_c + sum_C v L_c (+ Lb_{nc+i} for i <= n_public)
 *          = IC_i for i <= n_public, C_i after (gamma = delta = 1: no division)
 *   H_i  = point 2i + 1 of section 12's block of size 2N (the odd points).
 * alpha1, beta1, beta2 are the first points of sections 4, 5, 6; gamma2, delta1,
 * delta2 the generators. Section 10 is the circuit hash (BLAKE2b-512 over the
 * key's points uncompressed, below) and 0 contributions. Anyone who knows
 * delta = 1 can forge proofs: a phase-2 contribution (`snarkjs zkey contribute`)
 * must follow before such a key is used.
 *
 * Every point is a sparse sum of ptau points. Terms with coefficient +-1 (most
 * terms of circom circuits) are plain additions; any other coefficient costs one
 * variable-time scalar multiplication (GLV/GLS wNAF) of its point first. All
 * sums of a group are then reduced together by pairwise affine additions in
 * rounds (each round halves every output's list), the additions of a round
 * batched under one inversion per chunk (Montgomery's trick): about 6
 * multiplications per addition. Everything here is public (no toxic waste).
 * Only the points the key is made of are decoded and checked (the rows the terms
 * use; the G2 check combines the rows with B terms only). Fresh pages are what a
 * 2^16 setup spent most on (~2 ms per MiB on this VM): L1 lives in the key's H
 * array until H is decoded, L2 takes La and Lb's buffer, the sums read their
 * points in place and keep one block's scratch, and the key's allocation runs
 * beside the first decoding. The circuit hash (serial) runs on its own thread
 * beside the sums (hasher_run). */
#include <gmp.h>
#include <omp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "groth16/blake2b.h"
#include "groth16/g16_internal.h"
#include "zkpot/groth16.h"

/* Pairs per batch inversion (the denominators of one chunk). */
#define SP_BATCH 512

/* The points sp_reduce keeps between rounds, for lists of cnt[o] points (cnt is
 * scratch: destroyed): need[0] for the odd rounds (1, 3, ..), need[1] for the even. */
static void sp_scratch(uint64_t need[2], uint64_t *cnt, size_t n_out) {
    need[0] = need[1] = 0;
    for (int r = 0;; r ^= 1) {
        uint64_t packed = 0, more = 0;
        for (size_t o = 0; o < n_out; o++) {
            if (cnt[o] > 2) packed += (cnt[o] + 1) / 2;
            if (cnt[o] > 1) cnt[o] = (cnt[o] + 1) / 2, more += cnt[o] > 1;
        }
        if (packed > need[r]) need[r] = packed;
        if (!more) return;
    }
}

/* The outputs are summed in blocks of at most SP_BLOCK points (or one output), one
 * after the other, so that the rounds' scratch is that of one block (a 2^16 setup's
 * C sums alone kept 7 MB of fresh pages otherwise) and each block still has work
 * for every thread. sp_block: the end of the block from o0, by the prefix sums. */
#define SP_BLOCK ((uint64_t)1 << 15)
static size_t sp_block(const uint64_t *start, size_t o0, size_t n_out) {
    size_t o1 = o0 + 1;
    while (o1 < n_out && start[o1 + 1] - start[o0] <= SP_BLOCK)
        o1++;
    return o1;
}

/* ---- sparse sums of affine points ----
 * A sum job: n_out outputs, output o's points in pts[start[o] .. start[o+1]).
 * sp_reduce leaves out[o] = the sum of them (infinity for none). */
#define SPARSE_SUM(G, AFF, F, FT)                                                                  \
    /* r = p + q for the affine pairs of one chunk: kind 0 needs den^-1 (addition or               \
     * doubling; num/den is the slope), 1 copy p, 2 copy q, 3 infinity. */                         \
    typedef struct {                                                                               \
        FT den[SP_BATCH], pre[SP_BATCH], num[SP_BATCH];                                            \
        uint8_t kind[SP_BATCH];                                                                    \
        const AFF *p[SP_BATCH], *q[SP_BATCH];                                                      \
        AFF *r[SP_BATCH];                                                                          \
        size_t m;                                                                                  \
    } G##_sp_batch_t;                                                                              \
                                                                                                   \
    static void G##_sp_flush(G##_sp_batch_t *b) {                                                  \
        size_t m = b->m, last = SIZE_MAX;                                                          \
        FT acc, inv, dinv, lam, t;                                                                 \
        F##_set_one(&acc);                                                                         \
        for (size_t i = 0; i < m; i++) {                                                           \
            const AFF *p = b->p[i], *q = b->q[i];                                                  \
            if (p->infinity)                                                                       \
                b->kind[i] = 2;                                                                    \
            else if (q->infinity)                                                                  \
                b->kind[i] = 1;                                                                    \
            else if (!F##_eq(&p->x, &q->x)) {                                                      \
                b->kind[i] = 0;                                                                    \
                F##_sub(&b->den[i], &q->x, &p->x);                                                 \
                F##_sub(&b->num[i], &q->y, &p->y);                                                 \
            } else if (F##_eq(&p->y, &q->y) && !F##_is_zero(&p->y)) { /* doubling */               \
                b->kind[i] = 0;                                                                    \
                F##_dbl(&b->den[i], &p->y);                                                        \
                F##_sqr(&t, &p->x);                                                                \
                F##_dbl(&b->num[i], &t);                                                           \
                F##_add(&b->num[i], &b->num[i], &t);                                               \
            } else {                                                                               \
                b->kind[i] = 3;                                                                    \
            }                                                                                      \
            if (b->kind[i] == 0) {                                                                 \
                b->pre[i] = acc;                                                                   \
                F##_mul(&acc, &acc, &b->den[i]);                                                   \
                last = i;                                                                          \
            }                                                                                      \
        }                                                                                          \
        if (last != SIZE_MAX) F##_inv_var(&inv, &acc);                                             \
        for (size_t i = m; i-- > 0;) {                                                             \
            const AFF p = *b->p[i], q = *b->q[i];                                                  \
            AFF *r = b->r[i];                                                                      \
            switch (b->kind[i]) {                                                                  \
            case 0:                                                                                \
                F##_mul(&dinv, &inv, &b->pre[i]);                                                  \
                F##_mul(&inv, &inv, &b->den[i]);                                                   \
                F##_mul(&lam, &b->num[i], &dinv);                                                  \
                F##_sqr(&t, &lam);                                                                 \
                F##_sub(&t, &t, &p.x);                                                             \
                F##_sub(&t, &t, &q.x);                                                             \
                F##_sub(&r->y, &p.x, &t);                                                          \
                F##_mul(&r->y, &r->y, &lam);                                                       \
                F##_sub(&r->y, &r->y, &p.y);                                                       \
                r->x = t;                                                                          \
                r->infinity = false;                                                               \
                break;                                                                             \
            case 1:                                                                                \
                *r = p;                                                                            \
                break;                                                                             \
            case 2:                                                                                \
                *r = q;                                                                            \
                break;                                                                             \
            default:                                                                               \
                memset(r, 0, sizeof *r);                                                           \
                r->infinity = true;                                                                \
            }                                                                                      \
        }                                                                                          \
        b->m = 0;                                                                                  \
    }                                                                                              \
                                                                                                   \
    static void G##_sp_push(G##_sp_batch_t *b, AFF *r, const AFF *p, const AFF *q) {               \
        __builtin_prefetch(p), __builtin_prefetch((const char *)p + 64);                         \
        __builtin_prefetch(q), __builtin_prefetch((const char *)q + 64);                         \
        if (sizeof(AFF) > 128)                                                                     \
            __builtin_prefetch((const char *)p + 128), __builtin_prefetch((const char *)q + 128);  \
        b->p[b->m] = p, b->q[b->m] = q, b->r[b->m] = r;                                            \
        if (++b->m == SP_BATCH) G##_sp_flush(b);                                                   \
    }                                                                                              \
                                                                                                   \
    /* Sums each output's list. ptr: pointers to the points (n = start[n_out]; the first    \
     * round reads through them, so the points are not copied); start is destroyed; tmp and   \
     * tmp2 (sizes: sp_scratch) take the odd and even rounds' lists, packed. cnt: n_out       \
     * counters of scratch. Round: list o of c points becomes ceil(c/2) (pairs added, an odd  \
     * last point carried; a list of 2 is added straight into out); lists of <= 1 point are   \
     * final. The outputs are split over the threads by their points (contiguous ranges). */   \
    static zkp_err G##_sp_reduce(AFF *out, const AFF *const *ptr, AFF *tmp, AFF *tmp2,             \
                                 uint64_t *start, size_t n_out, uint64_t *cur, uint64_t *cnt,      \
                                 int nt) {                                                         \
        G##_sp_batch_t *bs = zkp_malloc((size_t)nt * sizeof *bs);                                  \
        size_t *bound = zkp_malloc(((size_t)nt + 1) * sizeof *bound);                              \
        if (!bs || !bound) {                                                                       \
            zkp_free(bs), zkp_free(bound);                                                         \
            return zkp_fail(ZKP_ERR_NOMEM, "setup: sparse-sum scratch");                           \
        }                                                                                          \
        for (size_t o = 0; o < n_out; o++) {                                                       \
            cur[o] = start[o], cnt[o] = start[o + 1] - start[o];                                   \
            if (cnt[o] == 1) out[o] = *ptr[cur[o]];                                                \
            if (cnt[o] == 0) memset(&out[o], 0, sizeof out[o]), out[o].infinity = true;            \
        }                                                                                          \
        AFF *src = NULL, *dst = tmp; /* src NULL: the first round, through ptr */                 \
        for (;;) {                                                                                 \
            uint64_t total = 0;                                                                    \
            for (size_t o = 0; o < n_out; o++)                                                     \
                total += cnt[o] > 1 ? cnt[o] : 0;                                                  \
            if (!total) break;                                                                     \
            /* thread t takes the outputs whose points start in [t total/nt, (t+1) total/nt) */    \
            uint64_t run = 0;                                                                      \
            int t = 0;                                                                             \
            bound[0] = 0;                                                                          \
            for (size_t o = 0; o < n_out && t < nt; o++) {                                         \
                while (t < nt && run >= (uint64_t)(t + 1) * total / (uint64_t)nt)                  \
                    bound[++t] = o;                                                                \
                run += cnt[o] > 1 ? cnt[o] : 0;                                                    \
            }                                                                                      \
            while (t < nt)                                                                         \
                bound[++t] = n_out;                                                                \
            /* the lists' new places in dst, packed (start is free after the first round) */       \
            uint64_t packed = 0; /* pairs (c = 2) go straight to out */                            \
            for (size_t o = 0; o < n_out; o++)                                                     \
                if (cnt[o] > 2) start[o] = packed, packed += (cnt[o] + 1) / 2;                     \
            int nth = total >= 4 * SP_BATCH ? nt : 1;                                              \
            if (nth == 1) bound[1] = n_out;                                                        \
            _Pragma("omp parallel num_threads(nth)") {                                             \
                int me = nth == 1 ? 0 : omp_get_thread_num();                                      \
                G##_sp_batch_t *b = &bs[me];                                                       \
                b->m = 0;                                                                          \
                for (size_t o = bound[me]; o < bound[me + 1]; o++) {                               \
                    uint64_t c = cnt[o];                                                           \
                    if (c <= 1) continue;                                                          \
                    AFF *d = c == 2 ? &out[o] : dst + start[o];                                    \
                    if (src) {                                                                     \
                        const AFF *s = src + cur[o];                                               \
                        for (uint64_t i = 0; i + 1 < c; i += 2)                                    \
                            G##_sp_push(b, &d[i / 2], &s[i], &s[i + 1]);                           \
                        if (c & 1) d[c / 2] = s[c - 1];                                            \
                    } else {                                                                       \
                        const AFF *const *s = ptr + cur[o];                                        \
                        for (uint64_t i = 0; i + 1 < c; i += 2)                                    \
                            G##_sp_push(b, &d[i / 2], s[i], s[i + 1]);                             \
                        if (c & 1) d[c / 2] = *s[c - 1];                                           \
                    }                                                                              \
                }                                                                                  \
                if (b->m) G##_sp_flush(b);                                                         \
            }                                                                                      \
            /* lists of one point are done; the others now live in dst */                          \
            for (size_t o = 0; o < n_out; o++) {                                                   \
                if (cnt[o] <= 1) continue;                                                         \
                cnt[o] = (cnt[o] + 1) / 2, cur[o] = start[o]; /* 2 -> 1: already in out */         \
            }                                                                                      \
            AFF *nd = dst == tmp ? tmp2 : tmp;                                                     \
            src = dst, dst = nd;                                                                   \
        }                                                                                          \
        zkp_free(bs), zkp_free(bound);                                                             \
        return ZKP_OK;                                                                             \
    }

SPARSE_SUM(g1, g1_affine_t, fq, fq_t)
SPARSE_SUM(g2, g2_affine_t, fq2, fq2_t)

/* ---- the terms ---- */

/* A term: the point base[idx] times *coef, for output out (16 bytes: coef points
 * into the r1cs or at a constant that outlives the job; idx < 2^28 + 1). */
typedef struct {
    uint32_t out;
    uint32_t idx : 30, base : 2; /* base: index into the job's base arrays */
    const fr_t *coef;
} sp_term_t;

/* One group's job: the outputs, their terms (any order; grouped by output here). */
typedef struct {
    sp_term_t *t;
    size_t n, cap;
} sp_terms_t;

/* Appends a term (the caller sized ts->t for all of them); zero coefficients add
 * nothing and are dropped. */
static void terms_push(sp_terms_t *ts, uint32_t out, uint8_t base, uint32_t idx, const fr_t *coef) {
    if (fr_is_zero(coef)) return;
    sp_term_t x = {out, idx, base, coef};
    ts->t[ts->n++] = x;
}

/* Scratch reused by every sparse job of one setup (grow only): fresh buffers per
 * job cost a third of a 2^16 setup's time in the kernel zeroing their pages. */
enum { WS_START, WS_CUR, WS_CNT, WS_PTR, WS_TMP, WS_TMP2, WS_GI, WS_JAC, WS_PROD, WS_N };
typedef struct {
    void *p[WS_N];
    size_t cap[WS_N];
    atomic_int *bg; /* nonzero while the circuit hash runs beside (NULL: never) */
} sp_ws_t;

/* The threads a job may use: one fewer while the circuit hash has its own. */
static int ws_threads(const sp_ws_t *w) {
    int nt = zkp_threads();
    if (w->bg && atomic_load(w->bg) && nt > 1) nt--;
    return nt;
}

static void *ws_get(sp_ws_t *w, int slot, size_t bytes) {
    if (!bytes) bytes = 64;
    if (bytes > w->cap[slot]) {
        zkp_free(w->p[slot]);
        w->p[slot] = zkp_malloc_huge(bytes);
        w->cap[slot] = w->p[slot] ? bytes : 0;
    }
    return w->p[slot];
}

static void ws_free(sp_ws_t *w) {
    for (int i = 0; i < WS_N; i++)
        zkp_free(w->p[i]);
    memset(w, 0, sizeof *w);
}

/* out[o] = sum of coef * bases[base][idx] over the terms of output o, for one group:
 * +1 terms are the base point itself (pointed to, not copied), -1 terms its negation;
 * other coefficients cost one scalar multiplication each (in parallel); then every
 * list is summed by G##_sp_reduce. */
#define SPARSE_JOB(G, PT, AFF)                                                                     \
    static zkp_err G##_sp_job(AFF *out, size_t n_out, const sp_terms_t *ts,                        \
                              const AFF *const *bases, sp_ws_t *ws) {                              \
        size_t n = ts->n, ng = 0, nm = 0;                                                          \
        fr_t mone;                                                                                 \
        fr_neg(&mone, &fr_one_c);                                                                  \
        for (size_t i = 0; i < n; i++)                                                             \
            if (!fr_is_one(ts->t[i].coef)) ng++, nm += !fr_eq(ts->t[i].coef, &mone);               \
        uint64_t *start = ws_get(ws, WS_START, (n_out + 1) * sizeof *start);                       \
        uint64_t *cur = ws_get(ws, WS_CUR, (n_out + 1) * sizeof *cur);                             \
        uint64_t *cnt = ws_get(ws, WS_CNT, (n_out + 1) * sizeof *cnt);                             \
        if (!start || !cur || !cnt) return zkp_fail(ZKP_ERR_NOMEM, "setup: %zu outputs", n_out);  \
        memset(start, 0, (n_out + 1) * sizeof *start);                                             \
        for (size_t i = 0; i < n; i++)                                                             \
            start[ts->t[i].out + 1]++;                                                             \
        for (size_t o = 0; o < n_out; o++)                                                         \
            start[o + 1] += start[o];                                                              \
        /* the scratch of the largest block (sp_block) */                                        \
        uint64_t need[2] = {0, 0};                                                                 \
        for (size_t o0 = 0, o1; o0 < n_out; o0 = o1) {                                             \
            o1 = sp_block(start, o0, n_out);                                                       \
            uint64_t nb[2];                                                                        \
            for (size_t o = o0; o < o1; o++) cnt[o] = start[o + 1] - start[o];                    \
            sp_scratch(nb, cnt + o0, o1 - o0);                                                     \
            for (int r = 0; r < 2; r++) need[r] = nb[r] > need[r] ? nb[r] : need[r];              \
        }                                                                                          \
        const AFF **ptr = ws_get(ws, WS_PTR, n * sizeof *ptr);                                     \
        AFF *tmp = ws_get(ws, WS_TMP, need[0] * sizeof *tmp);                                      \
        AFF *tmp2 = ws_get(ws, WS_TMP2, need[1] * sizeof *tmp2);                                   \
        size_t *gi = ws_get(ws, WS_GI, ng * sizeof *gi);                                           \
        PT *jac = ws_get(ws, WS_JAC, nm * sizeof *jac);                                            \
        AFF *prod = ws_get(ws, WS_PROD, ng * sizeof *prod);                                        \
        if (!ptr || !tmp || !tmp2 || !gi || !jac || !prod) {                                       \
            return zkp_fail(ZKP_ERR_NOMEM, "setup: out of memory for %zu terms", n);               \
        }                                                                                          \
        /* gi: the multiplications first (prod[0..nm)), then the negations */                     \
        size_t qm = 0, qn = nm;                                                                    \
        for (size_t i = 0; i < n; i++)                                                             \
            if (!fr_is_one(ts->t[i].coef)) {                                                       \
                if (fr_eq(ts->t[i].coef, &mone)) gi[qn++] = i;                                     \
                else gi[qm++] = i;                                                                 \
            }                                                                                      \
        {                                                                                          \
            int nt = nm >= 64 ? ws_threads(ws) : 1;                                                \
            _Pragma("omp parallel for schedule(dynamic, 64) num_threads(nt)") for (size_t g = 0;   \
                                                                                   g < nm; g++) {  \
                const sp_term_t *t = &ts->t[gi[g]];                                                \
                PT b;                                                                              \
                G##_from_affine(&b, &bases[t->base][t->idx]);                                      \
                G##_mul_var(&jac[g], &b, t->coef);                                                 \
            }                                                                                      \
            size_t chunk = 4096, nc = (nm + chunk - 1) / chunk;                                    \
            _Pragma("omp parallel for schedule(static) num_threads(nt)") for (size_t c = 0;        \
                                                                              c < nc; c++) {       \
                size_t i0 = c * chunk, m = nm - i0 < chunk ? nm - i0 : chunk;                      \
                G##_batch_to_affine(prod + i0, jac + i0, m);                                       \
            }                                                                                      \
        }                                                                                          \
        for (size_t g = nm; g < ng; g++) {                                                         \
            const sp_term_t *t = &ts->t[gi[g]];                                                    \
            G##_affine_neg(&prod[g], &bases[t->base][t->idx]);                                     \
        }                                                                                          \
        memcpy(cur, start, (n_out + 1) * sizeof *cur);                                             \
        /* the terms in order: the general ones' products in gi order; walk both lists */         \
        for (size_t i = 0, g1 = 0, g2 = nm; i < n; i++) {                                          \
            const sp_term_t *t = &ts->t[i];                                                        \
            uint64_t at = cur[t->out]++;                                                           \
            if (g1 < nm && gi[g1] == i)                                                            \
                ptr[at] = &prod[g1++];                                                             \
            else if (g2 < ng && gi[g2] == i)                                                       \
                ptr[at] = &prod[g2++];                                                             \
            else                                                                                   \
                ptr[at] = &bases[t->base][t->idx];                                                 \
        }                                                                                          \
        for (size_t o0 = 0, o1; o0 < n_out; o0 = o1) { /* start[o1] stays for the next block */   \
            o1 = sp_block(start, o0, n_out);                                                       \
            zkp_err e = G##_sp_reduce(out + o0, ptr, tmp, tmp2, start + o0, o1 - o0, cur + o0,     \
                                      cnt + o0, ws_threads(ws));                                   \
            if (e) return e;                                                                       \
        }                                                                                          \
        return ZKP_OK;                                                                             \
    }

SPARSE_JOB(g1, g1_t, g1_affine_t)
SPARSE_JOB(g2, g2_t, g2_affine_t)

/* ---- G2 membership of the G2 Lagrange block ----
 * BN254's twist has h r points, h = 2q - r = 10069 * 5864401 * 1875725156269 * (a
 * 178-bit prime), squarefree and prime to r, so E'(Fq2) = G2 x H with H cyclic. A
 * point P_j = G_j + T_j on the twist with T_j != 0 has a component of some prime
 * order l | h. S = sum c_i P_i (c_i uniform in [0, 2^b), b <= 13, from getrandom)
 * lies in G2 iff sum c_i T_i = 0; with the other c_i fixed, at most one residue of
 * c_j mod l makes the l-component vanish, and as l > 2^13 at most one value of c_j:
 * a bad set passes one round with probability <= 2^-b, all ceil(120/b) rounds with
 * <= 2^-120. One round: n batched affine additions into 2^b buckets B_k (the sparse
 * sums above, reading the points in place), then sum_k k B_k by splitting k = 2^l hi
 * + lo: X_hi = sum_lo B_k and Y_lo = sum_hi B_k (2^(b+1) more batched additions),
 * S = 2^l sum hi X_hi + sum lo Y_lo (running sums over 2^(b-l) and 2^l points in
 * Jacobian coordinates), and one subgroup test of S; b minimizes rounds * (n +
 * 2^(b+1)) (b = 12 at 2^16 points, 10 rounds). The per-point test
 * (ptau_map_g2_subgroup: a 63-bit scalar multiplication each, eprint 2022/352,
 * about 100 affine additions' worth) took 65% of a 2^16 setup's CPU time and half
 * of a 2^10 one's. Below G2_RLC_MIN points, per point. When a round fails, the
 * per-point test names the first bad point. */
#define G2_RLC_SECURITY 120
#define G2_RLC_MIN 256

/* acc = sum_{k=1}^{m-1} k p[k] (running sums, Jacobian). */
static void g2_weighted_sum(g2_t *acc, const g2_affine_t *p, size_t m) {
    g2_t run;
    g2_set_infinity(&run), g2_set_infinity(acc);
    for (size_t k = m - 1; k >= 1; k--) {
        if (!p[k].infinity) g2_add_mixed(&run, &run, &p[k]);
        g2_add(acc, acc, &run);
    }
}

/* The points pts[use[i]], i < n (use: increasing), each checked alone (the first bad
 * one named). */
static zkp_err g2_subgroup_each(const g2_affine_t *pts, const uint32_t *use, size_t n,
                                const ptau_map_t *m, uint32_t sec, uint64_t first) {
    for (size_t i0 = 0; i0 < n;) { /* runs of consecutive points at once */
        size_t i1 = i0 + 1;
        while (i1 < n && use[i1] == use[i1 - 1] + 1)
            i1++;
        zkp_err e = ptau_map_g2_subgroup(pts + use[i0], m, sec, first + use[i0], i1 - i0);
        if (e) return e;
        i0 = i1;
    }
    return ZKP_OK;
}

static zkp_err g2_subgroup_rlc(sp_ws_t *ws, const g2_affine_t *pts, const uint32_t *use, size_t n,
                               const ptau_map_t *m, uint32_t sec, uint64_t first) {
    if (n < G2_RLC_MIN) return g2_subgroup_each(pts, use, n, m, sec, first);
    unsigned bits = 4, rounds;
    double best = 1e300;
    for (unsigned b = 4; b <= 13; b++) {
        unsigned r = (G2_RLC_SECURITY + b - 1) / b;
        double cost = (double)r * ((double)n + 2.0 * (double)((size_t)1 << b));
        if (cost < best) best = cost, bits = b;
    }
    rounds = (G2_RLC_SECURITY + bits - 1) / bits;
    unsigned lo_bits = bits / 2, hi_bits = bits - lo_bits;
    size_t nb = (size_t)1 << bits, nhi = (size_t)1 << hi_bits, nlo = (size_t)1 << lo_bits;
    uint16_t *c = zkp_malloc(n * sizeof *c);
    sp_terms_t ts = {zkp_malloc((n > 2 * nb ? n : 2 * nb) * sizeof(sp_term_t)), 0, n};
    g2_affine_t *bk = zkp_malloc((nb + nhi + nlo) * sizeof *bk), *xy = bk + nb;
    zkp_err e = ZKP_OK;
    if (!c || !ts.t || !bk) {
        e = zkp_fail(ZKP_ERR_NOMEM, "setup: G2 check scratch for %zu points", n);
        goto out;
    }
    const fr_t one = fr_one_c;
    const g2_affine_t *bases[1] = {pts}, *bb[1] = {bk};
    for (unsigned round = 0; round < rounds; round++) {
        if ((e = zkp_random_bytes(c, n * sizeof *c))) goto out;
        ts.n = 0;
        for (size_t i = 0; i < n; i++) {
            uint32_t b = c[i] & (nb - 1);
            if (b) terms_push(&ts, b, 0, use[i], &one);
        }
        if ((e = g2_sp_job(bk, nb, &ts, bases, ws))) goto out;
        /* X_hi (outputs 0..nhi), Y_lo (outputs nhi..nhi + nlo) */
        ts.n = 0;
        for (size_t k = 1; k < nb; k++) {
            terms_push(&ts, (uint32_t)(k >> lo_bits), 0, (uint32_t)k, &one);
            terms_push(&ts, (uint32_t)(nhi + (k & (nlo - 1))), 0, (uint32_t)k, &one);
        }
        if ((e = g2_sp_job(xy, nhi + nlo, &ts, bb, ws))) goto out;
        g2_t sh, sl;
        g2_weighted_sum(&sh, xy, nhi);
        g2_weighted_sum(&sl, xy + nhi, nlo);
        for (unsigned d = 0; d < lo_bits; d++) g2_dbl(&sh, &sh);
        g2_add(&sh, &sh, &sl);
        g2_affine_t s;
        g2_to_affine(&s, &sh);
        if (!g2_affine_in_subgroup(&s)) {
            e = g2_subgroup_each(pts, use, n, m, sec, first);
            if (!e)
                e = zkp_fail(ZKP_ERR_NOT_IN_SUBGROUP,
                             "%s: section %u: a G2 point is not in the "
                             "subgroup (random combination)",
                             m->name, sec);
            goto out;
        }
    }
out:
    zkp_free(c), zkp_free(ts.t), zkp_free(bk);
    return e;
}

/* ---- the circuit hash ---- */

/* Hashes n points uncompressed (ffjavascript's LEMtoU: big-endian x || y, G2 c1
 * before c0; infinity = zero bytes), converted in parallel chunks. */
static void hash_g1(b2b_t *h, const g1_affine_t *p, size_t n, uint8_t *buf, size_t chunk, int nt0) {
    for (size_t i0 = 0; i0 < n; i0 += chunk) {
        size_t m = n - i0 < chunk ? n - i0 : chunk;
        int nt = m >= 1024 ? nt0 : 1;
        _Pragma("omp parallel for schedule(static) num_threads(nt)") for (size_t i = 0; i < m; i++)
            g1_to_bytes(buf + i * G1_BYTES, &p[i0 + i]);
        b2b_update(h, buf, m * G1_BYTES);
    }
}
static void hash_g2(b2b_t *h, const g2_affine_t *p, size_t n, uint8_t *buf, size_t chunk, int nt0) {
    for (size_t i0 = 0; i0 < n; i0 += chunk / 2) {
        size_t m = n - i0 < chunk / 2 ? n - i0 : chunk / 2;
        int nt = m >= 512 ? nt0 : 1;
        _Pragma("omp parallel for schedule(static) num_threads(nt)") for (size_t i = 0; i < m; i++)
            g2_to_bytes(buf + i * G2_BYTES, &p[i0 + i]);
        b2b_update(h, buf, m * G2_BYTES);
    }
}
static void hash_u32be(b2b_t *h, uint32_t v) {
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    b2b_update(h, b, 4);
}

/* snarkjs's cirPower: floor(log2(v)) + 1 with log2(0) = 0 (misc.js log2). */
static unsigned cir_power(uint64_t v) {
    unsigned l = 0;
    while (v >> (l + 1))
        l++;
    return l + 1;
}

/* The number of H-hash points snarkjs hashes (zkey_new.js hashHPoints): it announces
 * N - 1 but reads chunks of min(N - 1, 2^14) points from every multiple of 2^14 below
 * N - 1, so from N = 2^15 on it hashes N points, the last one being
 * tauG1[2N - 1] - tauG1[N - 1]. */
static uint64_t h_hash_count(uint64_t N) {
    const uint64_t chunk = 1u << 14;
    if (N - 1 <= chunk) return N - 1;
    return (N - 1 + chunk - 1) / chunk * chunk;
}

static void progress_step(groth16_progress_fn p, void *ctx, const char *stage, size_t d, size_t t) {
    if (p) p(ctx, stage, d, t);
}

/* ---- snarkjs's last H-hash point past section 2 ----
 * From N = 2^15 on snarkjs hashes tauG1[2N - 1] - tauG1[N - 1] (h_hash_count); when
 * the ptau's power is the circuit's, point 2N - 1 is past section 2 and snarkjs takes
 * the next 64 bytes of the file (the next section's header and the start of a G2
 * point) as affine x || y in Montgomery form, and subtracts with wasmcurves'
 * g1m_subAffine = addAffine(p, -q) (Jacobian result, then batchToAffine). Its inputs
 * are not reduced: a coordinate may be >= q, and wasm's f1m_add / f1m_sub then wrap
 * mod 2^256 where the true sum would not, so the result is not the chord sum of the
 * reduced coordinates. We replay those operations exactly on integers (wasmcurves
 * build_f1m.js: add = a + b, minus q on carry or when >= q; sub = a - b, plus q on
 * borrow, all mod 2^256; mul and square = Montgomery U = (ab + mq)/2^256, minus q
 * when U >= q; each exact for any 256-bit inputs), and finish (Z inverse, affine)
 * in Fq: every step there multiplies, and the wasm product is congruent mod q for
 * any inputs. */
typedef struct {
    mpz_t q, R, qinv; /* qinv = -q^-1 mod 2^256 */
    mpz_t t, m;
} wasm_fq_t;

static void w_add(wasm_fq_t *w, mpz_t r, const mpz_t a, const mpz_t b) {
    mpz_add(r, a, b);
    if (mpz_cmp(r, w->R) >= 0) {
        mpz_sub(r, r, w->q);
        mpz_mod(r, r, w->R);
    } else if (mpz_cmp(r, w->q) >= 0) {
        mpz_sub(r, r, w->q);
    }
}
static void w_sub(wasm_fq_t *w, mpz_t r, const mpz_t a, const mpz_t b) {
    mpz_sub(r, a, b);
    if (mpz_sgn(r) < 0) {
        mpz_add(r, r, w->R);
        mpz_add(r, r, w->q);
        mpz_mod(r, r, w->R);
    }
}
static void w_mul(wasm_fq_t *w, mpz_t r, const mpz_t a, const mpz_t b) {
    mpz_mul(w->t, a, b);
    mpz_mul(w->m, w->t, w->qinv);
    mpz_fdiv_r_2exp(w->m, w->m, 256);
    mpz_addmul(w->t, w->m, w->q);
    mpz_fdiv_q_2exp(r, w->t, 256); /* exact: t + mq = 0 mod 2^256 */
    if (mpz_cmp(r, w->q) >= 0) mpz_sub(r, r, w->q);
}

static void mpz_from_le(mpz_t r, const uint8_t b[32]) { mpz_import(r, 32, -1, 1, 0, 0, b); }
/* An Fq element whose Montgomery form is v mod q. */
static void fq_from_raw(fq_t *r, const mpz_t v, wasm_fq_t *w) {
    uint8_t b[32] = {0};
    mpz_mod(w->t, v, w->q);
    mpz_export(b, NULL, -1, 1, 0, 0, w->t);
    if (fq_from_mont_bytes_le(r, b)) fq_set_zero(r); /* cannot happen: < q */
}

static void garbage_point(g1_affine_t *r, const uint8_t raw[G1_BYTES], const g1_affine_t *q) {
    g1_affine_t nq;
    g1_affine_neg(&nq, q);
    uint8_t qb[G1_BYTES];
    g1_to_zkey(qb, &nq); /* -q as wasm holds it: canonical Montgomery coordinates */
    static const uint8_t zero[G1_BYTES];
    if (!memcmp(raw, zero, G1_BYTES)) { /* isZeroAffine(p): the result is -q */
        *r = nq;
        return;
    }
    if (!memcmp(raw, qb, G1_BYTES)) { /* p = -q exactly: wasm doubles it */
        g1_t j;
        g1_from_affine(&j, &nq);
        g1_dbl(&j, &j);
        g1_to_affine(r, &j);
        return;
    }
    wasm_fq_t w;
    mpz_inits(w.q, w.R, w.qinv, w.t, w.m, NULL);
    mpz_import(w.q, 4, -1, sizeof fq_modulus[0], 0, 0, fq_modulus);
    mpz_set_ui(w.R, 1);
    mpz_mul_2exp(w.R, w.R, 256);
    mpz_invert(w.qinv, w.q, w.R);
    mpz_sub(w.qinv, w.R, w.qinv);
    mpz_t x1, y1, x2, y2, H, HH, I, J, rr, V, r2, V2, x3, yj, y3, z3;
    mpz_inits(x1, y1, x2, y2, H, HH, I, J, rr, V, r2, V2, x3, yj, y3, z3, NULL);
    mpz_from_le(x1, raw), mpz_from_le(y1, raw + 32);
    mpz_from_le(x2, qb), mpz_from_le(y2, qb + 32);
    /* wasmcurves addAffine, x1 != x2 as integers (equal x with other y: H = 0, Z = 0) */
    w_sub(&w, H, x2, x1);
    w_sub(&w, yj, y2, y1); /* y2 - y1 */
    w_mul(&w, HH, H, H);
    w_add(&w, I, HH, HH);
    w_add(&w, I, I, I);
    w_mul(&w, J, H, I);
    w_add(&w, rr, yj, yj);
    w_mul(&w, V, x1, I);
    w_mul(&w, r2, rr, rr);
    w_add(&w, V2, V, V);
    w_sub(&w, x3, r2, J);
    w_sub(&w, x3, x3, V2);
    w_mul(&w, yj, y1, J);
    w_add(&w, yj, yj, yj);
    w_sub(&w, y3, V, x3);
    w_mul(&w, y3, y3, rr);
    w_sub(&w, y3, y3, yj);
    w_add(&w, z3, H, H);
    fq_t X, Y, Z, zi, zi2;
    fq_from_raw(&X, x3, &w), fq_from_raw(&Y, y3, &w), fq_from_raw(&Z, z3, &w);
    if (fq_is_zero(&Z)) {
        memset(r, 0, sizeof *r);
        r->infinity = true;
    } else {
        fq_inv_var(&zi, &Z);
        fq_sqr(&zi2, &zi);
        fq_mul(&r->x, &X, &zi2);
        fq_mul(&zi2, &zi2, &zi);
        fq_mul(&r->y, &Y, &zi2);
        r->infinity = false;
    }
    mpz_clears(x1, y1, x2, y2, H, HH, I, J, rr, V, r2, V2, x3, yj, y3, z3, NULL);
    mpz_clears(w.q, w.R, w.qinv, w.t, w.m, NULL);
}

/* ---- the circuit hash, beside the sums ----
 * BLAKE2b is serial (about 55 ms of a 2^16 setup), so it runs on a thread of its own
 * while the sums go on: it hashes each array as soon as the main thread publishes it
 * (in snarkjs's order: IC, the H-hash points, C, A, B1, B2), and makes the H-hash
 * points tauG1[N + i] - tauG1[i] itself, a chunk at a time straight from the map
 * (no copy of 2N tau points). The main thread meanwhile runs its jobs on one
 * thread fewer (ws_threads) until the hash is done. With one thread in all, the
 * hash runs after the sums on the calling thread. */
enum { ST_IC = 1, ST_C, ST_A, ST_B1, ST_B2 };
#define HH_CHUNK 512 /* tau points per chunk (ptau_map_g1 stays on one thread below 1024) */

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int ready;  /* the last stage published */
    bool abort; /* the main thread failed: stop */
    atomic_int busy;
    const groth16_pk_t *pk;
    const ptau_map_t *pt;
    uint64_t N, hc;
    bool garbage;
    zkp_err err;
    char msg[1024];
    uint8_t digest[64];
} hasher_t;

static void hasher_publish(hasher_t *h, int stage) {
    pthread_mutex_lock(&h->mu);
    h->ready = stage;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

static void hasher_abort(hasher_t *h) {
    pthread_mutex_lock(&h->mu);
    h->abort = true;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

/* Waits for a stage; false if the main thread gave up. */
static bool hasher_wait(hasher_t *h, int stage) {
    pthread_mutex_lock(&h->mu);
    while (h->ready < stage && !h->abort)
        pthread_cond_wait(&h->cv, &h->mu);
    bool ok = !h->abort;
    pthread_mutex_unlock(&h->mu);
    return ok;
}

static zkp_err hasher_hh(hasher_t *h, b2b_t *st, uint8_t *enc, size_t ench) {
    const ptau_map_t *pt = h->pt;
    uint64_t N = h->N, hreal = h->garbage ? h->hc - 1 : h->hc;
    g1_affine_t *a = zkp_malloc(3 * HH_CHUNK * sizeof *a), *b = a + HH_CHUNK, *r = b + HH_CHUNK;
    g1_sp_batch_t *bt = zkp_malloc(sizeof *bt);
    zkp_err e = ZKP_OK;
    if (!a || !bt) {
        e = zkp_fail(ZKP_ERR_NOMEM, "setup: circuit hash scratch");
        goto out;
    }
    bt->m = 0;
    for (uint64_t i0 = 0; i0 < hreal; i0 += HH_CHUNK) {
        uint64_t m = hreal - i0 < HH_CHUNK ? hreal - i0 : HH_CHUNK;
        if ((e = ptau_map_g1(a, pt, 2, N + i0, m)) || (e = ptau_map_g1(b, pt, 2, i0, m))) goto out;
        for (uint64_t i = 0; i < m; i++) {
            g1_affine_neg(&b[i], &b[i]);
            g1_sp_push(bt, &r[i], &a[i], &b[i]);
        }
        if (bt->m) g1_sp_flush(bt);
        hash_g1(st, r, m, enc, ench, 1);
    }
    if (h->garbage) {
        /* snarkjs reads the 64 bytes after section 2 as a point (see h_hash_count) */
        uint64_t off = pt->sec_off[2] + (2 * N - 1) * G1_BYTES;
        if (off + G1_BYTES > pt->len) {
            e = zkp_fail(
                ZKP_ERR_FORMAT,
                "%s: snarkjs's circuit hash reads tauG1 point %llu, past the end of the file",
                pt->name, (unsigned long long)(2 * N - 1));
            goto out;
        }
        if ((e = ptau_map_g1(b, pt, 2, N - 1, 1))) goto out;
        garbage_point(&r[0], pt->buf + off, &b[0]);
        hash_g1(st, r, 1, enc, ench, 1);
    }
out:
    zkp_free(a), zkp_free(bt);
    return e;
}

/* The circuit hash (section 10's first 64 bytes): snarkjs's order (header points,
 * IC, the H-hash points, C, A, B1, B2), each list after its length (u32 big-endian). */
static void *hasher_run(void *arg) {
    hasher_t *h = arg;
    const groth16_pk_t *pk = h->pk;
    const size_t ch = 8192;
    uint8_t *enc = zkp_malloc(ch * G1_BYTES);
    size_t nw = pk->n_vars, np = (size_t)pk->n_public + 1;
    b2b_t st;
    zkp_err e = ZKP_OK;
    if (!enc) {
        e = zkp_fail(ZKP_ERR_NOMEM, "setup: circuit hash buffer");
        goto out;
    }
    b2b_init(&st);
    hash_g1(&st, &pk->alpha1, 1, enc, ch, 1);
    hash_g1(&st, &pk->beta1, 1, enc, ch, 1);
    hash_g2(&st, &pk->beta2, 1, enc, ch, 1);
    hash_g2(&st, &pk->gamma2, 1, enc, ch, 1);
    hash_g1(&st, &pk->delta1, 1, enc, ch, 1);
    hash_g2(&st, &pk->delta2, 1, enc, ch, 1);
    if (!hasher_wait(h, ST_IC)) goto out;
    hash_u32be(&st, (uint32_t)np);
    hash_g1(&st, pk->ic, np, enc, ch, 1);
    hash_u32be(&st, (uint32_t)(h->N - 1));
    if ((e = hasher_hh(h, &st, enc, ch))) goto out;
    if (!hasher_wait(h, ST_C)) goto out;
    hash_u32be(&st, (uint32_t)(nw - np));
    hash_g1(&st, pk->c, nw - np, enc, ch, 1);
    if (!hasher_wait(h, ST_A)) goto out;
    hash_u32be(&st, (uint32_t)nw);
    hash_g1(&st, pk->a, nw, enc, ch, 1);
    if (!hasher_wait(h, ST_B1)) goto out;
    hash_u32be(&st, (uint32_t)nw);
    hash_g1(&st, pk->b1, nw, enc, ch, 1);
    if (!hasher_wait(h, ST_B2)) goto out;
    hash_u32be(&st, (uint32_t)nw);
    hash_g2(&st, pk->b2, nw, enc, ch, 1);
    b2b_final(&st, h->digest);
out:
    if (e) snprintf(h->msg, sizeof h->msg, "%s", zkp_last_error());
    h->err = e;
    zkp_free(enc);
    atomic_store(&h->busy, 0);
    return NULL;
}

/* The terms of one output array (kind: T_A, T_B, T_IC, T_C, T_H), into ts (sized
 * by the caller). K_i = IC_i (i < np) or C_{i - np}; bases 0 = L1, 1 = La, 2 = Lb. */
enum { T_A, T_B, T_IC, T_C };
static void terms_fill(sp_terms_t *ts, int kind, const r1cs_t *cs, size_t np) {
    const fr_t *one = &fr_one_c; /* a global: outlives the job */
    uint32_t nc = cs->n_constraints;
    ts->n = 0;
    for (uint32_t j = 0; j < nc; j++)
        for (unsigned mx = 0; mx < 3; mx++) {
            if ((kind == T_A && mx != 0) || (kind == T_B && mx != 1)) continue;
            size_t cnt;
            const r1cs_term_t *t = r1cs_lc(cs, j, mx, &cnt);
            uint8_t base = mx == 0 ? 2 : mx == 1 ? 1 : 0; /* for K: beta A + alpha B + C */
            for (size_t i = 0; i < cnt; i++) {
                uint32_t w = t[i].wire;
                if (kind == T_A || kind == T_B)
                    terms_push(ts, w, 0, j, &t[i].coef);
                else if (kind == T_IC && w < np)
                    terms_push(ts, w, base, j, &t[i].coef);
                else if (kind == T_C && w >= np)
                    terms_push(ts, (uint32_t)(w - np), base, j, &t[i].coef);
            }
        }
    for (uint32_t s = 0; s < np; s++) {
        if (kind == T_A) terms_push(ts, s, 0, nc + s, one);
        if (kind == T_IC) terms_push(ts, s, 2, nc + s, one);
    }
}

zkp_err groth16_setup_ptau(groth16_pk_t **out, const r1cs_t *cs, const ptau_map_t *pt,
                           groth16_progress_fn progress, void *ctx) {
    *out = NULL;
    const char *nm = pt->name;
    uint32_t n_pub = groth16_n_public(cs);
    size_t nw = cs->n_wires, np = (size_t)n_pub + 1, nc = cs->n_constraints;
    uint64_t nterms = cs->lc_start[3 * (uint64_t)nc];
    unsigned k = cir_power((uint64_t)nc + n_pub);
    if (k > pt->power)
        return zkp_fail(ZKP_ERR_RANGE,
                        "%s: circuit too big for this powers of tau: %zu constraints + %u public "
                        "inputs need a domain of 2^%u, the file has power %u",
                        nm, nc, n_pub, k, pt->power);
    if (!pt->prepared)
        return zkp_fail(ZKP_ERR_FORMAT,
                        "%s: powers of tau not prepared for phase 2 (no sections 12..15; run "
                        "`snarkjs powersoftau prepare phase2`)",
                        nm);
    uint64_t N = (uint64_t)1 << k, P = (uint64_t)1 << pt->power;
    uint64_t hc = h_hash_count(N);
    if (3 * (uint64_t)nw + hc > UINT32_MAX) /* output indices of the G1 sums are 32-bit */
        return zkp_fail(ZKP_ERR_RANGE, "groth16 setup: %zu wires are too many", nw);
    /* the bases: L1 in the key's H array (free until H is decoded, last; H is not in
     * the circuit hash), La and Lb side by side; L2 later takes La and Lb's place */
    size_t lab = 2 * N * sizeof(g1_affine_t), l2b = N * sizeof(g2_affine_t);
    void *lab_buf = zkp_malloc_huge(lab > l2b ? lab : l2b);
    g1_affine_t *La = lab_buf, *Lb = La ? La + N : NULL, *L1 = NULL;
    g2_affine_t *L2 = lab_buf;
    /* one term list at a time, every sum written straight into the key's own array,
     * the jobs one after the other over one (grow-only) workspace: fresh pages are
     * what a 2^16 setup spends most on here */
    uint64_t tcap = nterms + np + 2; /* the largest list (C's or IC's: every term) */
    sp_terms_t ts = {zkp_malloc_huge(tcap * sizeof(sp_term_t)), 0, tcap};
    sp_ws_t ws = {0};
    groth16_pk_t *pk = NULL;
    zkp_err e = ZKP_OK;
    hasher_t hs = {.pt = pt, .N = N, .hc = hc, .garbage = N + hc > 2 * P - 1};
    bool bg = false; /* the hash thread started */
    pthread_t tid;
    pthread_mutex_init(&hs.mu, NULL);
    pthread_cond_init(&hs.cv, NULL);
    if (!lab_buf || !ts.t) {
        e = zkp_fail(ZKP_ERR_NOMEM, "groth16 setup: out of memory for a domain of 2^%u", k);
        goto out;
    }
    /* the key (checks cs; the coefficient section as setup.c's; zkey_new's ~28 MB of
     * fresh pages at 2^16) beside the decoding of La and Lb (rows the terms use: the
     * rest of the domain is padding no sum reads, neither decoded nor checked) */
    uint64_t rows = nc + np;
    {
        zkp_err ek = ZKP_OK, ed = ZKP_OK;
        char kmsg[512] = "", dmsg[512] = "";
        int nt = N >= 4096 ? zkp_threads() : 1;
        _Pragma("omp parallel num_threads(nt)") _Pragma("omp single") {
            _Pragma("omp task shared(ek, pk, kmsg)") {
                ek = g16_key_for(&pk, cs, (uint32_t)N);
                if (ek) snprintf(kmsg, sizeof kmsg, "%s", zkp_last_error());
            }
            if ((ed = ptau_map_g1(La, pt, 14, N - 1, rows)) ||
                (ed = ptau_map_g1(Lb, pt, 15, N - 1, rows)))
                snprintf(dmsg, sizeof dmsg, "%s", zkp_last_error());
        }
        if (ek || ed) { /* the system's error first */
            e = zkp_fail(ek ? ek : ed, "%s", ek ? kmsg : dmsg);
            goto out;
        }
    }
    hs.pk = pk;
    L1 = pk->h;

    /* the header's points; then the hash can start */
    progress_step(progress, ctx, "setup: reading the ptau", 0, 1);
    g1_affine_t ab[2];
    if ((e = ptau_map_g1(&ab[0], pt, 4, 0, 1)) || (e = ptau_map_g1(&ab[1], pt, 5, 0, 1)) ||
        (e = ptau_map_g2(&pk->beta2, pt, 6, 0, 1)) ||
        (e = ptau_map_g2_subgroup(&pk->beta2, pt, 6, 0, 1)))
        goto out;
    pk->alpha1 = ab[0], pk->beta1 = ab[1];
    {
        g1_t g;
        g2_t g2;
        g1_generator(&g), g2_generator(&g2);
        g1_to_affine(&pk->delta1, &g);
        g2_to_affine(&pk->gamma2, &g2);
        pk->delta2 = pk->gamma2;
    }
    if (zkp_threads() > 1) {
        atomic_store(&hs.busy, 1);
        if (pthread_create(&tid, NULL, hasher_run, &hs) == 0) {
            bg = true;
            ws.bg = &hs.busy;
        } else {
            atomic_store(&hs.busy, 0);
        }
    }
    if ((e = ptau_map_g1(L1, pt, 12, N - 1, rows))) goto out;

    /* the G1 sums, in the hash's order */
    progress_step(progress, ctx, "setup: G1 points", 0, 1);
    {
        const g1_affine_t *b1[3] = {L1, La, Lb};
        static const struct {
            int kind, stage;
        } jobs[] = {{T_IC, ST_IC}, {T_C, ST_C}, {T_A, ST_A}, {T_B, ST_B1}};
        for (size_t q = 0; q < sizeof jobs / sizeof jobs[0]; q++) {
            int kd = jobs[q].kind;
            g1_affine_t *dst = kd == T_IC ? pk->ic : kd == T_C ? pk->c : kd == T_A ? pk->a : pk->b1;
            size_t no = kd == T_IC ? np : kd == T_C ? nw - np : nw;
            terms_fill(&ts, kd, cs, np);
            if ((e = g1_sp_job(dst, no, &ts, b1, &ws))) goto out;
            if (bg) hasher_publish(&hs, jobs[q].stage);
        }
    }
    /* B2 over the G2 block (in La and Lb's place) */
    progress_step(progress, ctx, "setup: G2 points", 0, 1);
    if ((e = ptau_map_g2(L2, pt, 13, N - 1, nc))) goto out; /* B terms: rows < nc */
    {
        const g2_affine_t *b2[1] = {L2};
        terms_fill(&ts, T_B, cs, np);
        if ((e = g2_sp_job(pk->b2, nw, &ts, b2, &ws))) goto out;
        if (bg) hasher_publish(&hs, ST_B2);
    }
    /* every G2 point used, in the subgroup */
    {
        /* the rows with a B term (the others' G2 points are never read) */
        uint32_t *use = zkp_malloc((nc ? nc : 1) * sizeof *use);
        if (!use) {
            e = zkp_fail(ZKP_ERR_NOMEM, "groth16 setup: out of memory");
            goto out;
        }
        size_t nu = 0;
        for (uint32_t j = 0; j < nc; j++) {
            size_t cnt;
            const r1cs_term_t *t = r1cs_lc(cs, j, 1, &cnt);
            bool any = false;
            for (size_t i = 0; i < cnt && !any; i++)
                any = !fr_is_zero(&t[i].coef);
            if (any) use[nu++] = j;
        }
        e = g2_subgroup_rlc(&ws, L2, use, nu, pt, 13, N - 1);
        zkp_free(use);
        if (e) goto out;
    }
    /* H: the odd points of the block of size 2N (which starts at point 2N - 1), decoded
     * straight into the key (the block's last point through ptau_map_g1 first: the
     * range check; a bad point again through it: the error names it) */
    if ((e = ptau_map_g1(&pk->h[N - 1], pt, 12, 4 * N - 2, 1))) goto out;
    {
        const uint8_t *hb = pt->buf + pt->sec_off[12] + (2 * N - 1) * G1_BYTES;
        uint64_t bad = UINT64_MAX;
        int nt = N >= 4096 ? ws_threads(&ws) : 1;
        _Pragma("omp parallel for schedule(static) reduction(min : bad) num_threads(nt)")
        for (uint64_t i = 0; i < N - 1; i++)
            if (g1_from_zkey(&pk->h[i], hb + (2 * i + 1) * G1_BYTES) && i < bad) bad = i;
        if (bad != UINT64_MAX) {
            e = ptau_map_g1(&pk->h[bad], pt, 12, 2 * N + 2 * bad, 1);
            if (!e) e = zkp_fail(ZKP_ERR_FORMAT, "%s: section 12: bad point", nm); /* cannot */
            goto out;
        }
    }

    progress_step(progress, ctx, "setup: circuit hash", 0, 1);
    if (bg) {
        pthread_join(tid, NULL);
        bg = false;
    } else {
        hs.ready = ST_B2;
        hasher_run(&hs);
    }
    if (hs.err) {
        e = zkp_fail(hs.err, "%s", hs.msg);
        goto out;
    }
    if (!(pk->contributions = zkp_malloc(68))) {
        e = zkp_fail(ZKP_ERR_NOMEM, "groth16 setup: out of memory");
        goto out;
    }
    memcpy(pk->contributions, hs.digest, 64);
    memset(pk->contributions + 64, 0, 4); /* no contributions yet */
    pk->contributions_size = 68;
    progress_step(progress, ctx, "setup: done", 1, 1);
    e = ZKP_OK;
out:
    if (bg) {
        hasher_abort(&hs);
        pthread_join(tid, NULL);
    }
    pthread_mutex_destroy(&hs.mu);
    pthread_cond_destroy(&hs.cv);
    zkp_free(lab_buf), zkp_free(ts.t);
    ws_free(&ws);
    if (e)
        zkey_free(pk);
    else
        *out = pk;
    return e;
}
