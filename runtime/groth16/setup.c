/* zkpot L4 groth16: circuit-specific setup with fresh toxic waste.
 * Produces exactly the sections snarkjs's `zkey new` + one contribution would
 * (snarkjs src/zkey_new.js), computed directly from tau instead of a ptau file:
 *   domain n = 2^k >= n_constraints + n_public + 1; the extra rows
 *   n_constraints + s (s = 0..n_public) hold "w_s * 0 = 0" so that the IC terms
 *   are linearly independent (eprint 2016/260, section 3.2 needs that).
 *   A_i = u_i(tau) G1, B1_i = v_i(tau) G1, B2_i = v_i(tau) G2,
 *   IC_i = (beta u_i + alpha v_i + w_i)(tau)/gamma G1   (i <= n_public)
 *   C_i  = (beta u_i + alpha v_i + w_i)(tau)/delta G1   (i >  n_public)
 *   H_i  = L'_{2i+1}(tau)/delta G1 where L' is the Lagrange basis of the domain of
 *          size 2n: sum_i p(x_{2i+1}) H_i = p(tau)/delta for p = uv - w of degree
 *          < 2n vanishing on the even points (snarkjs's "odd coset" convention).
 * Lagrange basis of the size-N domain <w>: L_j(x) = w^j (x^N - 1) / (N (x - w^j)).
 *
 * Every point is a scalar times a generator. Two fixed-base paths:
 *  - default (groth16_setup, `zkpot setup`): VARIABLE TIME. Signed windows over one
 *    large table of multiples per group (vt_* below). Which table entry is read,
 *    and whether a digit is zero, depends on the secret scalars (u_i(tau), L_j(tau)/
 *    delta, alpha, ...): a process sharing the cache (same core or socket: another
 *    VM, container or user) could learn digits of them from the cache lines
 *    touched, and with enough of them the toxic waste, which would let it forge
 *    proofs. Timing as a whole also depends on the scalars. Bellman's and arkworks'
 *    setups take the same risk; the prover is variable time in the witness anyway.
 *  - GROTH16_SETUP_CONSTANT_TIME (`zkpot setup --constant-time`): the comb below
 *    (FIXED_BASE): every table lookup reads all entries of its window, additions do
 *    not depend on the scalars; 2-2.5x the CPU time at 2^12..2^16. Use it on
 *    machines shared with code you do not trust.
 * Both paths draw the toxic waste from getrandom and wipe it, the scalars and the
 * digit scratch (the tables hold public multiples of the generators). */
#include <assert.h>
#include <omp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field/fq_ifma.h"
#include "groth16/g16_internal.h"
#include "tower/fq2_inline.h" /* zkp_fq2_add_i, zkp_fq2_sub_i, zkp_fq2_neg_i */
#include "zkpot/groth16.h"

#define MAX_LOG_DOMAIN 27 /* the H section needs a 2n-th root of unity: 2n <= 2^28 */

/* L[j] = scale * (Lagrange basis j of the size-2^k domain, shifted to the odd
 * indices when odd) at t = tau: x_j = g * w^j with w = root(k), g = 1 (plain) or
 * root(k+1) (odd points of 2n); N is the size of the domain the basis belongs to
 * (n or 2n):  L = scale x_j (t^N - 1) / (N (t - x_j)). One constant-time inversion
 * (Montgomery's trick); pre: n elements of scratch, wiped. No allocation: the two
 * bases are computed side by side. */
static void lagrange(fr_t *L, fr_t *pre, size_t n, unsigned k, bool odd, const fr_t *tau,
                     const fr_t *scale) {
    fr_t w, winv, g, x, tN, c, one, acc, inv, d;
    fr_root_of_unity(&w, k);
    fr_inv(&winv, &w);
    if (odd) fr_root_of_unity(&g, k + 1);
    else fr_set_one(&g);
    size_t N = odd ? 2 * n : n;
    fr_set_one(&one);
    tN = *tau;
    for (size_t m = 1; m < N; m <<= 1) fr_sqr(&tN, &tN);
    fr_sub(&tN, &tN, &one); /* t^N - 1, nonzero since t is not in the domain */
    fr_set_u64(&c, (uint64_t)N);
    fr_inv(&c, &c);
    fr_mul(&c, &c, &tN);
    fr_mul(&c, &c, scale); /* scale (t^N - 1)/N */
    x = g, acc = one;
    for (size_t j = 0; j < n; j++) {
        fr_sub(&L[j], tau, &x); /* nonzero */
        pre[j] = acc;
        fr_mul(&acc, &acc, &L[j]);
        fr_mul(&x, &x, &w);
    }
    fr_inv(&inv, &acc);
    fr_mul(&x, &g, &winv); /* x_{n-1} = g w^-1, as w^n = 1 */
    for (size_t j = n; j-- > 0;) {
        fr_mul(&d, &inv, &pre[j]); /* 1 / (t - x_j) */
        fr_mul(&inv, &inv, &L[j]);
        fr_mul(&d, &d, &x);
        fr_mul(&L[j], &d, &c);
        fr_mul(&x, &x, &winv);
    }
    zkp_memzero(pre, n * sizeof *pre);
    zkp_memzero(&tN, sizeof tN), zkp_memzero(&c, sizeof c), zkp_memzero(&acc, sizeof acc);
    zkp_memzero(&inv, sizeof inv), zkp_memzero(&d, sizeof d);
}

/* Fixed-base scalar multiplication s*G for many secret s (the setup's hot loop):
 * a comb of 64 windows of 4 bits, T[j][d] = d 2^(4j) G + 2^j O for d = 0..15,
 * where the offsets (O a random multiple of G) keep every entry and every partial
 * sum away from infinity and from each other (as libsecp256k1's ecmult_gen
 * does); s*G = sum_j T[j][s_j] - (2^64 - 1) O. Before window j the sum is
 * (...)G + (2^j - 1) O and the entry (...)G + 2^j O: equal or opposite only for
 * one value of O's logarithm per (s, j), so with negligible probability. The one
 * exceptional addition left is the final one for s = 0 (a wire the circuit does
 * not use: public), and g16_fixed_* keeps zeros out of the batches. Each lookup reads all 16 entries of its window and keeps one
 * by masks, so memory accesses and additions do not depend on s. 64 mixed
 * additions instead of ~254 doublings and ~64 additions of a windowed g1_mul. */
#define FB_WIN 64
#define FB_N 16
#define FB_M 256 /* scalars per batch of affine additions (one inversion per window) */

/* dst = tab[idx] (tab has n entries of size bytes, a multiple of 8), reading every entry. */
static inline __attribute__((always_inline)) void ct_lookup(void *dst, const void *tab, size_t size,
                                                          size_t n, size_t idx) {
    uint64_t *d = dst;
    const uint64_t *t = tab;
    size_t words = size / 8;
    for (size_t w = 0; w < words; w++) d[w] = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t x = (uint64_t)(i ^ idx);
        uint64_t mask = ((x | (0 - x)) >> 63) - 1; /* all ones iff i == idx */
        for (size_t w = 0; w < words; w++) d[w] |= t[i * words + w] & mask;
    }
}

#define FIXED_BASE(G, PT, AFF, F, FT)                                                                   \
    _Static_assert(sizeof(AFF) % 8 == 0, "ct_lookup works on 64-bit words");                       \
    typedef struct {                                                                               \
        AFF t[FB_WIN][FB_N];                                                                       \
        AFF neg_off;                                                                               \
    } G##_fb_t;                                                                                    \
                                                                                                   \
    static zkp_err G##_fb_new(G##_fb_t **out) {                                                    \
        G##_fb_t *fb = zkp_malloc(sizeof *fb);                                                     \
        PT *tmp = zkp_malloc((FB_WIN * FB_N + 1) * sizeof *tmp);                                   \
        fr_t h;                                                                                    \
        zkp_err e = ZKP_ERR_NOMEM;                                                                 \
        if (!fb || !tmp || (e = g16_random_nonzero(&h))) {                                         \
            zkp_free(fb), zkp_free(tmp);                                                           \
            return e == ZKP_ERR_NOMEM ? zkp_fail(e, "setup: fixed-base table") : e;                \
        }                                                                                          \
        PT base, off, cur, total;                                                                  \
        G##_generator(&base);                                                                      \
        G##_mul_var(&off, &base, &h);                                                              \
        G##_set_infinity(&total);                                                                  \
        for (size_t j = 0; j < FB_WIN; j++) {                                                      \
            cur = off; /* 2^j O */                                                                 \
            G##_add(&total, &total, &off);                                                         \
            for (size_t d = 0; d < FB_N; d++) {                                                    \
                tmp[j * FB_N + d] = cur;                                                           \
                G##_add(&cur, &cur, &base);                                                        \
            }                                                                                      \
            for (int k = 0; k < 4; k++) G##_dbl(&base, &base);                                     \
            G##_dbl(&off, &off);                                                                   \
        }                                                                                          \
        G##_neg(&tmp[FB_WIN * FB_N], &total); /* -(2^64 - 1) O */                                  \
        AFF *flat = &fb->t[0][0];                                                                  \
        G##_batch_to_affine(flat, tmp, FB_WIN * FB_N);                                             \
        G##_to_affine(&fb->neg_off, &tmp[FB_WIN * FB_N]);                                          \
        zkp_memzero(&h, sizeof h);                                                                 \
        zkp_free(tmp);                                                                             \
        *out = fb;                                                                                 \
        return ZKP_OK;                                                                             \
    }                                                                                              \
                                                                                                   \
    /* r = s * G, constant time in s. */                                                           \
    static void G##_fb_mul(PT *r, const G##_fb_t *fb, const fr_t *s) {                             \
        uint64_t k[4];                                                                             \
        AFF e;                                                                                     \
        fr_to_limbs(k, s);                                                                         \
        ct_lookup(&e, fb->t[0], sizeof(AFF), FB_N, (size_t)(k[0] & 15));                           \
        G##_from_affine(r, &e);                                                                    \
        for (size_t j = 1; j < FB_WIN; j++) {                                                      \
            size_t d = (size_t)(k[j / 16] >> (4 * (j % 16))) & 15;                                 \
            ct_lookup(&e, fb->t[j], sizeof(AFF), FB_N, d);                                         \
            G##_add_mixed(r, r, &e);                                                               \
        }                                                                                          \
        G##_add_mixed(r, r, &fb->neg_off);                                                         \
        zkp_memzero(k, sizeof k), zkp_memzero(&e, sizeof e);                                       \
    }                                                                                              \
                                                                                                   \
    /* out[i] = s[i] * G for a chunk of m <= FB_M scalars, all accumulated in affine  \
     * coordinates window by window, the m slopes' denominators inverted together      \
     * (Montgomery's trick): about 6 multiplications per addition instead of 11. A zero \
     * denominator (negligible; s = 0, which g16_fixed_* filters out, would too) sends  \
     * that scalar to the Jacobian path above. */                                      \
    static void G##_fb_mul_batch(AFF *out, const G##_fb_t *fb, const fr_t *s, size_t m) {     \
        uint64_t k[FB_M][4];                                                                       \
        AFF ev[FB_M];                                                                              \
        FT den[FB_M], pre[FB_M], inv, dinv, lam, t;                                                \
        bool slow[FB_M];                                                                           \
        for (size_t i = 0; i < m; i++) {                                                           \
            fr_to_limbs(k[i], &s[i]);                                                              \
            ct_lookup(&out[i], fb->t[0], sizeof(AFF), FB_N, (size_t)(k[i][0] & 15));              \
            slow[i] = false;                                                                       \
        }                                                                                          \
        for (size_t j = 1; j <= FB_WIN; j++) {                                                     \
            for (size_t i = 0; i < m; i++) {                                                       \
                if (j < FB_WIN) {                                                                  \
                    size_t d = (size_t)(k[i][j / 16] >> (4 * (j % 16))) & 15;                      \
                    ct_lookup(&ev[i], fb->t[j], sizeof(AFF), FB_N, d);                             \
                } else {                                                                           \
                    ev[i] = fb->neg_off;                                                           \
                }                                                                                  \
                F##_sub(&den[i], &ev[i].x, &out[i].x);                                             \
                if (F##_is_zero(&den[i])) slow[i] = true;                                          \
                if (slow[i]) F##_set_one(&den[i]);                                                 \
                if (i == 0) pre[0] = den[0];                                                       \
                else F##_mul(&pre[i], &pre[i - 1], &den[i]);                                       \
            }                                                                                      \
            F##_inv(&inv, &pre[m - 1]);                                                            \
            for (size_t i = m; i-- > 0;) {                                                         \
                if (i > 0) {                                                                       \
                    F##_mul(&dinv, &inv, &pre[i - 1]);                                             \
                    F##_mul(&inv, &inv, &den[i]);                                                  \
                } else {                                                                           \
                    dinv = inv;                                                                    \
                }                                                                                  \
                /* lam = (y2 - y1)/(x2 - x1), x3 = lam^2 - x1 - x2, y3 = lam (x1 - x3) - y1 */    \
                F##_sub(&lam, &ev[i].y, &out[i].y);                                                \
                F##_mul(&lam, &lam, &dinv);                                                        \
                F##_sqr(&t, &lam);                                                                 \
                F##_sub(&t, &t, &out[i].x);                                                        \
                F##_sub(&t, &t, &ev[i].x);                                                         \
                F##_sub(&out[i].x, &out[i].x, &t);                                                 \
                F##_mul(&out[i].x, &out[i].x, &lam);                                               \
                F##_sub(&out[i].y, &out[i].x, &out[i].y);                                          \
                out[i].x = t;                                                                      \
            }                                                                                      \
        }                                                                                          \
        for (size_t i = 0; i < m; i++)                                                             \
            if (slow[i]) {                                                                         \
                PT r;                                                                              \
                G##_fb_mul(&r, fb, &s[i]);                                                         \
                G##_to_affine(&out[i], &r);                                                        \
                zkp_memzero(&r, sizeof r);                                                         \
            }                                                                                      \
        zkp_memzero(k, sizeof k), zkp_memzero(ev, sizeof ev), zkp_memzero(den, sizeof den);        \
        zkp_memzero(pre, sizeof pre), zkp_memzero(&inv, sizeof inv), zkp_memzero(&dinv, sizeof dinv); \
        zkp_memzero(&lam, sizeof lam), zkp_memzero(&t, sizeof t);                                  \
    }                                                                                              \
                                                                                                   \
    /* out[i] = s[i] * G, affine (declared in g16_internal.h for the tests). Zero  \
     * scalars (wires a matrix does not use: public) give infinity without work; the \
     * others are packed together first (each zero cost a full batch lane plus the    \
     * Jacobian path: ~10% of a 2^16 setup). */                                       \
    zkp_err g16_fixed_##G(AFF *out, const fr_t *s, size_t n) {                                     \
        size_t nz = 0;                                                                             \
        for (size_t i = 0; i < n; i++) nz += !fr_is_zero(&s[i]);                                   \
        const fr_t *sc = s;                                                                        \
        fr_t *ps = NULL;                                                                           \
        AFF *dst = out, *po = NULL;                                                                \
        if (nz < n && nz > 0) {                                                                    \
            ps = zkp_malloc(nz * sizeof *ps), po = zkp_malloc(nz * sizeof *po);                    \
            if (!ps || !po) {                                                                      \
                zkp_free(ps), zkp_free(po);                                                        \
                return zkp_fail(ZKP_ERR_NOMEM, "setup: %zu nonzero scalars", nz);                  \
            }                                                                                      \
            for (size_t i = 0, j = 0; i < n; i++)                                                  \
                if (!fr_is_zero(&s[i])) ps[j++] = s[i];                                            \
            sc = ps, dst = po;                                                                     \
        }                                                                                          \
        zkp_err e = ZKP_OK;                                                                        \
        if (nz > 0) {                                                                              \
            G##_fb_t *fb = NULL;                                                                   \
            e = G##_fb_new(&fb);                                                                   \
            if (!e) {                                                                              \
                size_t chunks = (nz + FB_M - 1) / FB_M;                                            \
                /* one thread below 2048 points (a 2^10 setup under load: 0.18 s on one */       \
                /* thread, 0.41 s on two; idle, zkpot setup 2^12: 0.27-0.39 s on one, */         \
                /* 0.16-0.21 s on two; 2^13: 0.45-0.46 s, 0.30-0.32 s) */                         \
                _Pragma("omp parallel for schedule(static) num_threads(zkp_threads()) if (nz >= 2048)") \
                for (size_t c = 0; c < chunks; c++) {                                              \
                    size_t i0 = c * FB_M, m = nz - i0 < FB_M ? nz - i0 : FB_M;                     \
                    G##_fb_mul_batch(dst + i0, fb, sc + i0, m);                                    \
                }                                                                                  \
                zkp_free(fb);                                                                      \
            }                                                                                      \
        }                                                                                          \
        if (nz < n) {                                                                              \
            for (size_t i = 0, j = 0; i < n; i++) {                                                \
                if (!fr_is_zero(&s[i])) {                                                          \
                    if (po) out[i] = po[j++];                                                      \
                } else {                                                                           \
                    memset(&out[i], 0, sizeof out[i]);                                             \
                    out[i].infinity = true;                                                        \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
        zkp_free_secret(ps, ps ? nz * sizeof *ps : 0);                                             \
        zkp_free(po);                                                                              \
        return e;                                                                                  \
    }

FIXED_BASE(g1, g1_t, g1_affine_t, fq, fq_t)
FIXED_BASE(g2, g2_t, g2_affine_t, fq2, fq2_t)

/* ---- Variable-time fixed base (the default path) ----
 * Signed-digit windows of w bits: s = sum_j d_j 2^(wj) with d_j in (-2^(w-1), 2^(w-1)]
 * (j < nwin = ceil(255/w): with s < r < 2^254 the last carry is absorbed), and one
 * table T[j][d-1] = d 2^(wj) G for d = 1..2^(w-1) shared by every scalar of a setup
 * (the fixed-base windowing of Brickell-Gordon-McCurley-Wilson 1992 with signed digits;
 * bellman and arkworks set up the same way). A chunk of scalars is summed in affine
 * coordinates window after window, the slopes' denominators inverted together
 * (Montgomery's trick): about 5 multiplications and 1 squaring per addition, at most
 * nwin - 1 additions per scalar (zero digits cost nothing, s = 0 gives infinity).
 * Exceptional additions: before window j the sum is S = s mod 2^(wj) as a signed
 * integer, |S| < 2^(wj) <= |d_j| 2^(wj) < 2^(wj+w-1), so S = +-d_j 2^(wj) (mod r) needs
 * a wrap around r: only in the last windows, for scalars crafted for it (e.g.
 * s = 2 d 2^(wj) - r with d the top digit of r). Such a lane leaves the batch and is
 * summed again in Jacobian coordinates with the complete add_mixed. Variable time:
 * the table address read depends on the digits of the secret scalar (see
 * groth16_setup_ex). */
#define VT_WMAX 16
#define VT_NWIN_MAX 128 /* ceil(255 / 2) */
#define VT_M 512        /* scalars per batch (one inversion per window step) */
#define VT_PF 16        /* prefetch distance in lanes */

static unsigned vt_nwin(unsigned w) { return (255 + w - 1) / w; }

/* The width: the fewest additions, nwin(w) per scalar (an upper bound) plus
 * nwin(w) 2^(w-1) for the table (one batch-affine addition per point), among the
 * widths whose table fits VT_TABLE_MAX bytes. The lookups are random, so a larger
 * table trades additions for cache and TLB misses: 2^18 random G1 scalars on one
 * thread (taskset -c 0, load 3, user time of g16_fixed_g1_var) take 1.03-1.06 s at
 * w = 13 and 14 (5 and 10 MiB), 1.07-1.13 s at w = 15 and 1.16-1.18 s at w = 16
 * (32 MiB), which the count alone would pick. E.g. 3k G1 scalars: w = 10; 65k: 13;
 * 260k: 13 (G2: 65k: 12).
 * No GLV split here (k = k1 + k2 lambda, |k1|, |k2| < 2^128, one table of 128-bit
 * windows for both halves, phi(x, y) = (beta x, y)): it halves the table at equal
 * additions, but the width is bounded by cache misses, not by memory, and at equal
 * table bytes it saves at most one addition: 5.2 MiB is w = 13 plain (20 windows, 19
 * additions) or w = 14 GLV (2 x 10 windows, 19 additions); 9.4-10 MiB is w = 14 plain
 * (18) or w = 15 GLV (17), the latter plus one multiplication by beta per phi lookup
 * (about 1/6 of an addition, on half of them) and the split: under 3% of the G1
 * part. On G2, psi costs 2 fq2 multiplications per lookup (a third of an addition):
 * w = 12 plain (5.8 MiB, 21 additions) against w = 13 GLS (5.2 MiB, 19 additions
 * plus 10 psi lookups, about 3 additions): no gain. */
#define VT_TABLE_MAX ((size_t)8 << 20)
static unsigned vt_width(size_t n, size_t entry) {
    unsigned best = 2;
    double bc = 0;
    for (unsigned w = 2; w <= VT_WMAX; w++) {
        size_t pts = (size_t)vt_nwin(w) << (w - 1);
        if (w > 2 && pts * entry > VT_TABLE_MAX) break;
        double c = (double)vt_nwin(w) * (double)n + (double)pts;
        if (w == 2 || c < bc) best = w, bc = c;
    }
    return best;
}

/* dig[j * stride], j < nwin: the signed digits of s (secret: the caller wipes them). */
static void vt_recode(int32_t *dig, size_t stride, const fr_t *s, unsigned w, unsigned nwin) {
    uint64_t k[5]; /* k[4] = 0: window j starts at bit j w <= 254, in limb li <= 3 */
    fr_to_limbs(k, s);
    k[4] = 0;
    const uint64_t mask = ((uint64_t)1 << w) - 1;
    const int64_t half = (int64_t)1 << (w - 1);
    int64_t carry = 0;
    for (unsigned j = 0; j < nwin; j++) { /* no branches: ~6% of a setup before */
        unsigned bit = j * w, li = bit / 64, sh = bit % 64;
        unsigned __int128 v = (unsigned __int128)k[li + 1] << 64 | k[li];
        int64_t d = (int64_t)((uint64_t)(v >> sh) & mask) + carry;
        carry = d > half;
        dig[j * stride] = (int32_t)(d - (carry << w));
    }
    assert(carry == 0);
    zkp_memzero(k, sizeof k);
}

/* |d| without a branch (the signs of the digits are random: a branch on them
 * mispredicts half the time). */
static inline uint32_t vt_abs(int32_t d) {
    uint32_t m = (uint32_t)(d >> 31);
    return ((uint32_t)d ^ m) - m;
}

/* dst = src where take, else unchanged, without a branch; n a multiple of 8. */
static inline __attribute__((always_inline)) void vt_select(void *dst, const void *src, size_t n,
                                                            bool take) {
    uint64_t *d = dst, m = 0 - (uint64_t)take;
    const uint64_t *s = src;
    for (size_t w = 0; w < n / 8; w++) d[w] ^= (d[w] ^ s[w]) & m;
}

static int vt_threads(size_t work) { return work >= 2 * VT_M ? zkp_threads() : 1; }

#define VT_FIXED_BASE(G, PT, AFF, F, FT, FAST, CHORD)                                           \
    typedef struct {                                                                           \
        FT x, y;                                                                               \
    } G##_xy_t;                                                                                \
    typedef struct {                                                                           \
        unsigned w, nwin;                                                                      \
        size_t h;     /* 2^(w-1) entries per window */                                         \
        G##_xy_t *t; /* t[j h + d - 1] = d 2^(wj) G */                                        \
        G##_xy_t *first; /* first[j w + k] = 2^(wj + k) G, k < w: t[j h + 2^k - 1] */           \
    } G##_vt_t;                                                                                \
                                                                                               \
    /* One batch-affine chord addition d = a + e (xa != xe). d may equal a.                     \
     * Montgomery's trick over TWO interleaved product chains (pairs q with q even, q           \
     * odd), as runtime/msm/msm_tmpl.h's flush: a field multiplication has ~13 ns               \
     * latency but ~11.4 ns throughput only with two products in flight (zkpot/field.h),        \
     * and one chain, or one pair after the other in the last pass (4 dependent                 \
     * products each), leaves the core waiting on each product. */                              \
    typedef struct {                                                                            \
        G##_xy_t *d;                                                                            \
        const G##_xy_t *a, *e;                                                                  \
    } G##_vt_pair_t;                                                                            \
                                                                                                \
    /* The sum of pair p once dinv = 1 / den is known. */                                       \
    static inline void G##_vt_sum1(const G##_vt_pair_t *p, const FT *dinv) {                    \
        const G##_xy_t *a = p->a, *e = p->e;                                                    \
        FT lam, t, x3;                                                                          \
        F##_sub(&lam, &e->y, &a->y); /* lam = (ye - ya) / (xe - xa) */                          \
        F##_mul(&lam, &lam, dinv);                                                              \
        F##_sqr(&x3, &lam); /* x3 = lam^2 - xa - xe, y3 = lam (xa - x3) - ya */                 \
        F##_sub(&x3, &x3, &a->x);                                                               \
        F##_sub(&x3, &x3, &e->x);                                                               \
        F##_sub(&t, &a->x, &x3);                                                                \
        F##_mul(&t, &t, &lam);                                                                  \
        F##_sub(&p->d->y, &t, &a->y);                                                           \
        p->d->x = x3;                                                                           \
    }                                                                                           \
                                                                                                \
    /* Finishes n >= 1 additions p[q]: den[q] = xe - xa (nonzero)                               \
     * and pre[q] (the product of the den[q'] before q in its chain, q' = q mod 2) are          \
     * in, c[0] and c[1] are the two chains' full products. Then: one inversion; the            \
     * inverses from the top, one step of each chain at a time (den[q] <- 1 / den[q]);          \
     * the sums, two chords at a time. */                                                       \
    static void G##_vt_finish(const G##_vt_pair_t *p, FT *den, const FT *pre, const FT *c,      \
                              size_t n) {                                                       \
        FT inv, i0, i1, t0, t1;                                                                 \
        F##_mul(&inv, &c[0], &c[1]);                                                            \
        F##_inv_var(&inv, &inv);                                                                \
        F##_mul(&i0, &inv, &c[1]); /* c[0]^-1 */                                                \
        F##_mul(&i1, &inv, &c[0]); /* c[1]^-1 */                                                \
        size_t q = n;                                                                           \
        if (q & 1) { /* the top one alone (q even: chain 0) */                                  \
            q--;                                                                                \
            F##_mul(&t0, &i0, &pre[q]);                                                         \
            F##_mul(&i0, &i0, &den[q]);                                                         \
            den[q] = t0;                                                                        \
        }                                                                                       \
        while (q >= 2) {                                                                        \
            q -= 2;                                                                             \
            F##_mul(&t1, &i1, &pre[q + 1]);                                                     \
            F##_mul(&t0, &i0, &pre[q]);                                                         \
            F##_mul(&i1, &i1, &den[q + 1]);                                                     \
            F##_mul(&i0, &i0, &den[q]);                                                         \
            den[q + 1] = t1;                                                                    \
            den[q] = t0;                                                                        \
        }                                                                                       \
        for (q = 0; q + 1 < n; q += 2) {                                                        \
            const G##_xy_t *a0 = p[q].a, *e0 = p[q].e, *a1 = p[q + 1].a, *e1 = p[q + 1].e;      \
            FT l0, l1, x0, x1;                                                                  \
            F##_sub(&l0, &e0->y, &a0->y);                                                       \
            F##_sub(&l1, &e1->y, &a1->y);                                                       \
            F##_mul_tp(&l0, &l0, &den[q]);                                                      \
            F##_mul_tp(&l1, &l1, &den[q + 1]);                                                  \
            F##_sqr(&x0, &l0);                                                                  \
            F##_sqr(&x1, &l1);                                                                  \
            F##_sub(&x0, &x0, &a0->x);                                                          \
            F##_sub(&x1, &x1, &a1->x);                                                          \
            F##_sub(&x0, &x0, &e0->x);                                                          \
            F##_sub(&x1, &x1, &e1->x);                                                          \
            F##_sub(&t0, &a0->x, &x0);                                                          \
            F##_sub(&t1, &a1->x, &x1);                                                          \
            F##_mul_tp(&t0, &t0, &l0);                                                          \
            F##_mul_tp(&t1, &t1, &l1);                                                          \
            F##_sub(&p[q].d->y, &t0, &a0->y);                                                   \
            F##_sub(&p[q + 1].d->y, &t1, &a1->y);                                               \
            p[q].d->x = x0;                                                                     \
            p[q + 1].d->x = x1;                                                                 \
        }                                                                                       \
        if (q < n) G##_vt_sum1(&p[q], &den[q]);                                                 \
        zkp_memzero(&inv, sizeof inv), zkp_memzero(&i0, sizeof i0);                             \
        zkp_memzero(&i1, sizeof i1), zkp_memzero(&t0, sizeof t0), zkp_memzero(&t1, sizeof t1);  \
    }                                                                                           \
                                                                                                \
    /* The table for width w (public: no secret involved), allocated, with the entries          \
     * 2^k 2^(wj) G of each window (the doublings); G##_vt_window fills the rest. */            \
    static zkp_err G##_vt_alloc(G##_vt_t *tb, unsigned w) {                                    \
        unsigned nwin = vt_nwin(w);                                                            \
        size_t h = (size_t)1 << (w - 1);                                                       \
        tb->w = w, tb->nwin = nwin, tb->h = h;                                                 \
        /* huge pages: the lookups are random over up to tens of MiB (TLB misses) */         \
        /* and not populated here: each window task's first writes fault its pages in, on  \
         * both threads (fresh pages cost ~2 ms per MiB on this VM, 11 MiB of tables) */      \
        tb->t = zkp_malloc_huge_lazy(nwin * h * sizeof *tb->t);                                \
        size_t nd = (size_t)nwin * w;                                                           \
        tb->first = zkp_malloc(nd * sizeof *tb->first);                                         \
        PT *p = zkp_malloc(nd * sizeof *p);                                                     \
        AFF *pa = zkp_malloc(nd * sizeof *pa);                                                  \
        if (!tb->t || !tb->first || !p || !pa) {                                               \
            zkp_free(tb->t), zkp_free(tb->first);                                              \
            zkp_free(p), zkp_free(pa);                                                         \
            tb->t = NULL, tb->first = NULL;                                                    \
            return zkp_fail(ZKP_ERR_NOMEM, "setup: fixed-base table of %zu points",            \
                            (size_t)nwin * h);                                                 \
        }                                                                                      \
        G##_generator(&p[0]);                                                                   \
        for (size_t t = 1; t < nd; t++) G##_dbl(&p[t], &p[t - 1]);                              \
        G##_batch_to_affine(pa, p, nd);                                                         \
        for (size_t t = 0; t < nd; t++) tb->first[t].x = pa[t].x, tb->first[t].y = pa[t].y;     \
        zkp_free(p), zkp_free(pa);                                                             \
        return ZKP_OK;                                                                         \
    }                                                                                          \
                                                                                               \
    /* Per-thread scratch of one batch (and of one table window). */                            \
    typedef struct {                                                                            \
        fq_ifma_ws_t *ws; /* FAST: CHORD's scratch (first: vt_run sets it for both groups) */   \
        G##_xy_t acc[VT_M], ev[VT_M];                                                           \
        FT den[VT_M], pre[VT_M];                                                                \
        G##_vt_pair_t pr[VT_M];                                                                 \
        G##_xy_t nx[VT_M]; /* FAST: the sums, copied back to acc */                             \
        FT *pd[VT_M];                                                                           \
        const FT *pa[VT_M], *pb[VT_M];                                                          \
        uint32_t act[VT_M];                                                                     \
        uint8_t state[VT_M]; /* 0: empty sum, 1: acc holds it, 2: exceptional */                \
        int32_t dig[VT_NWIN_MAX * VT_M]; /* dig[j VT_M + i]: window j of lane i */              \
    } G##_vt_scratch_t;                                                                         \
                                                                                                \
    /* Window j of the table (B = 2^(wj) G, T[i] = (i + 1) B): T[2m - 1] = 2m B from the        \
     * doublings, T[m + i] = T[i] + T[m - 1] for i < m - 1 (chords: (i + 1) B != +-m B as       \
     * 0 < i + 1 < m <= 2^(w-1) < r/2), m = 1, 2, 4, .., batches of up to VT_M additions        \
     * (one inversion each: (w - 1) nwin inversions per table at most, less than 1% of          \
     * its additions' cost), through CHORD where FAST. */                                       \
    static void G##_vt_window(G##_vt_t *tb, unsigned j, G##_vt_scratch_t *sc) {                 \
        G##_xy_t *T = tb->t + j * tb->h;                                                        \
        const G##_xy_t *dbl = tb->first + (size_t)j * tb->w;                                    \
        const bool fast = FAST;                                                                 \
        T[0] = dbl[0];                                                                          \
        for (size_t m = 1, k = 1; m < tb->h; m <<= 1, k++) {                                    \
            T[2 * m - 1] = dbl[k];                                                              \
            for (size_t i0 = 0; i0 < m - 1; i0 += VT_M) {                                       \
                size_t n = m - 1 - i0 < VT_M ? m - 1 - i0 : VT_M;                               \
                if (fast) {                                                                     \
                    for (size_t q = 0; q < n; q++)                                              \
                        sc->pd[q] = &T[m + i0 + q].x, sc->pa[q] = &T[i0 + q].x,                 \
                        sc->pb[q] = &T[m - 1].x;                                                \
                    CHORD(sc->pd, sc->pa, sc->pb, n, sc->ws);                                           \
                    continue;                                                                   \
                }                                                                               \
                FT c[2];                                                                        \
                F##_set_one(&c[0]), F##_set_one(&c[1]);                                         \
                for (size_t q = 0; q < n; q++) {                                                \
                    G##_vt_pair_t *p = &sc->pr[q];                                              \
                    p->d = &T[m + i0 + q], p->a = &T[i0 + q], p->e = &T[m - 1];                 \
                    F##_sub(&sc->den[q], &p->e->x, &p->a->x);                                   \
                    sc->pre[q] = c[q & 1];                                                      \
                    F##_mul(&c[q & 1], &c[q & 1], &sc->den[q]);                                 \
                }                                                                               \
                G##_vt_finish(sc->pr, sc->den, sc->pre, c, n);                                  \
            }                                                                                   \
        }                                                                                       \
    }                                                                                           \
                                                                                                \
    /* r = the sum of lane i's table entries, in Jacobian coordinates with the complete     \
     * add_mixed (the exceptional lanes). */                                                 \
    static void G##_vt_slow(AFF *out, const G##_vt_t *tb, const int32_t *dig, size_t stride) { \
        PT r;                                                                                  \
        AFF e;                                                                                 \
        G##_set_infinity(&r);                                                                  \
        e.infinity = false;                                                                    \
        for (unsigned j = 0; j < tb->nwin; j++) {                                              \
            int32_t d = dig[j * stride];                                                       \
            if (!d) continue;                                                                  \
            const G##_xy_t *te = &tb->t[j * tb->h + (size_t)(d < 0 ? -d : d) - 1];             \
            e.x = te->x;                                                                       \
            if (d > 0) e.y = te->y;                                                            \
            else F##_neg(&e.y, &te->y);                                                        \
            G##_add_mixed(&r, &r, &e);                                                         \
        }                                                                                      \
        G##_to_affine(out, &r);                                                                \
        zkp_memzero(&r, sizeof r), zkp_memzero(&e, sizeof e);                                  \
    }                                                                                          \
                                                                                               \
    /* out[i] = s[i] G for m <= VT_M scalars; variable time. Per window: the lanes'             \
     * entries looked up (prefetched VT_PF lanes ahead), their denominators and the two         \
     * chains' products, then G##_vt_finish. */                                                 \
    static void G##_vt_batch(AFF *out, const G##_vt_t *tb, const fr_t *s, size_t m,             \
                             G##_vt_scratch_t *sc) {                                            \
        const unsigned nwin = tb->nwin;                                                         \
        const size_t h = tb->h;                                                                 \
        for (size_t i = 0; i < m; i++) {                                                        \
            vt_recode(sc->dig + i, VT_M, &s[i], tb->w, nwin);                                   \
            sc->state[i] = 0;                                                                   \
        }                                                                                       \
        FT c[2];                                                                                \
        const bool fast = FAST;                                                                 \
        for (unsigned j = 0; j < nwin; j++) {                                                   \
            const G##_xy_t *T = tb->t + j * h;                                                  \
            const int32_t *dg = sc->dig + j * VT_M;                                             \
            size_t na = 0;                                                                      \
            F##_set_one(&c[0]), F##_set_one(&c[1]);                                             \
            for (size_t i = 0; i < m; i++) {                                                    \
                if (i + VT_PF < m) { /* both lines of a G2 entry (d = 0: entry h - 1) */       \
                    const char *pe = (const char *)&T[(vt_abs(dg[i + VT_PF]) - 1) & (h - 1)];       \
                    __builtin_prefetch(pe);                                                     \
                    if (sizeof(G##_xy_t) > 64) __builtin_prefetch(pe + 64);                     \
                }                                                                               \
                int32_t d = dg[i];                                                              \
                if (!d || sc->state[i] == 2) continue;                                          \
                const G##_xy_t *te = &T[vt_abs(d) - 1];                                         \
                G##_xy_t *dst = sc->state[i] ? &sc->ev[i] : &sc->acc[i];                        \
                dst->x = te->x;                                                                 \
                F##_sub(&dst->y, &F##_zero_c, &te->y); /* -y (sub: the assembly kernel) */      \
                vt_select(&dst->y, &te->y, sizeof dst->y, d > 0);                               \
                if (!sc->state[i]) {                                                            \
                    sc->state[i] = 1;                                                           \
                    continue;                                                                   \
                }                                                                               \
                if (fast) {                                                                     \
                    if (F##_eq(&sc->ev[i].x, &sc->acc[i].x)) {                                  \
                        sc->state[i] = 2;                                                       \
                        continue;                                                               \
                    }                                                                           \
                    sc->act[na] = (uint32_t)i, sc->pd[na] = &sc->nx[na].x;                      \
                    sc->pa[na] = &sc->acc[i].x, sc->pb[na++] = &sc->ev[i].x;                    \
                    continue;                                                                   \
                }                                                                               \
                F##_sub(&sc->den[na], &sc->ev[i].x, &sc->acc[i].x);                             \
                if (F##_is_zero(&sc->den[na])) {                                                \
                    sc->state[i] = 2;                                                           \
                    continue;                                                                   \
                }                                                                               \
                sc->pre[na] = c[na & 1];                                                        \
                F##_mul(&c[na & 1], &c[na & 1], &sc->den[na]);                                  \
                G##_vt_pair_t *p = &sc->pr[na++];                                               \
                p->d = &sc->acc[i], p->a = &sc->acc[i], p->e = &sc->ev[i];                      \
            }                                                                                   \
            if (na && fast) {                                                                   \
                CHORD(sc->pd, sc->pa, sc->pb, na, sc->ws);                                              \
                for (size_t q = 0; q < na; q++) sc->acc[sc->act[q]] = sc->nx[q];                \
            } else if (na) {                                                                    \
                G##_vt_finish(sc->pr, sc->den, sc->pre, c, na);                                 \
            }                                                                                   \
        }                                                                                       \
        for (size_t i = 0; i < m; i++) {                                                        \
            if (sc->state[i] == 1) {                                                            \
                out[i].x = sc->acc[i].x, out[i].y = sc->acc[i].y, out[i].infinity = false;      \
            } else if (sc->state[i] == 2) {                                                     \
                G##_vt_slow(&out[i], tb, sc->dig + i, VT_M);                                    \
            } else { /* s = 0 */                                                                \
                memset(&out[i], 0, sizeof out[i]);                                              \
                out[i].infinity = true;                                                         \
            }                                                                                   \
        }                                                                                       \
        zkp_memzero(c, sizeof c);                                                               \
    }                                                                                           \
                                                                                                \
    /* One output array and its scalars. */                                                 \
    typedef struct {                                                                           \
        AFF *out;                                                                              \
        const fr_t *s;                                                                         \
        size_t n;                                                                              \
    } G##_job_t;                                                                               \
                                                                                               \
    /* Chunk c of the jobs (VT_M scalars, the last of each job shorter). */                \
    static void G##_vt_chunk(const G##_job_t *jobs, const G##_vt_t *tb, size_t c,              \
                             G##_vt_scratch_t *sc) {                                           \
        size_t k = 0;                                                                          \
        while (c >= (jobs[k].n + VT_M - 1) / VT_M) c -= (jobs[k].n + VT_M - 1) / VT_M, k++;    \
        size_t i0 = c * VT_M, m = jobs[k].n - i0 < VT_M ? jobs[k].n - i0 : VT_M;               \
        G##_vt_batch(jobs[k].out + i0, tb, jobs[k].s + i0, m, sc);                             \
    }

/* Fq2 for the G2 batches, inline: runtime/tower/fq2.c's fq2_mul and fq2_sqr (the same
 * formulas) and tower/fq2_inline.h's add, sub, neg. The exported fq2_* are calls: their
 * call overhead and the operands passed through memory were ~5% of a 2^16 setup
 * (perf: fq2_sub 2.9%, fq2_neg 1.1%, plus the calls of fq2_mul/fq2_sqr). fq2 has no
 * separate throughput kernel (vq2_mul_tp): its product is two independent fq_mul_sum2. */
#define VQ2_INLINE static inline __attribute__((always_inline))
VQ2_INLINE void vq2_mul(fq2_t *r, const fq2_t *a, const fq2_t *b) {
    fq_t n, c0; /* c0 = a0 b0 + a1 (p - b1), c1 = a0 b1 + a1 b0 */
    fq_sub_nr(&n, &fq_zero_c, &b->c1);
    fq_mul_sum2(&c0, &a->c0, &b->c0, &a->c1, &n);
    fq_mul_sum2(&r->c1, &a->c0, &b->c1, &a->c1, &b->c0);
    r->c0 = c0;
}
VQ2_INLINE void vq2_sqr(fq2_t *r, const fq2_t *a) {
    fq_t s, d, m; /* (a0 + a1)(a0 - a1) + 2 a0 a1 u, operands below 2p for fq_mul_tp */
    fq_add_nr(&s, &a->c0, &a->c1);
    fq_sub_nr(&d, &a->c0, &a->c1);
    fq_add_nr(&m, &a->c0, &a->c0);
    fq_mul_tp(&r->c0, &s, &d);
    fq_mul_tp(&r->c1, &m, &a->c1);
}
#define vq2_mul_tp vq2_mul
#define vq2_add zkp_fq2_add_i
#define vq2_sub zkp_fq2_sub_i
#define vq2_neg zkp_fq2_neg_i
#define vq2_zero_c fq2_zero_c
#define vq2_eq fq2_eq
#define vq2_set_one fq2_set_one
#define vq2_is_zero fq2_is_zero
#define vq2_inv_var fq2_inv_var
/* FAST where the CPU has AVX-512 IFMA (unless ZKPOT_NO_IFMA=1): a window step's chord
 * additions in one fq_ifma_chord_add_ws (G1) or fq2_ifma_chord_add_ws (G2) call
 * (field/fq_ifma.h: 8 lanes of radix-2^52 Montgomery products; variable time like the
 * rest of this path; results bit-identical to the scalar formulas; the points are
 * secret-derived, so their scratch is a per-thread workspace wiped with the rest). The sums land in
 * nx and are copied back (dst must be apart from the inputs). Single thread, 2^16
 * random scalars (build/bin/bench_zkpot groth16, setup_fixed_*; load ~5): G1 w = 13
 * ~128 -> ~62 ns per addition, G2 w = 12 ~298 -> ~128. (An Fq2 chord of this file's
 * own on the exported fq8_* calls reached ~190: dropped.) */
_Static_assert(VT_M <= FQ_IFMA_CHORD_MAX, "one chord call per window step");
#define VT_WS_FIRST(G) _Static_assert(offsetof(G##_vt_scratch_t, ws) == 0, "vt_run sets ws for both groups");
VT_FIXED_BASE(g1, g1_t, g1_affine_t, fq, fq_t, fq_ifma_available(), fq_ifma_chord_add_ws)
VT_FIXED_BASE(g2, g2_t, g2_affine_t, vq2, fq2_t, fq_ifma_available(), fq2_ifma_chord_add_ws)
VT_WS_FIRST(g1)
VT_WS_FIRST(g2)

/* out[i] = s[i] G1 and s[i] G2 for every job of both groups: one table per group
 * (width w1, w2; 0: from the group's scalar count), built and used in ONE parallel
 * region with one barrier (windows of both tables as tasks, then batches of both
 * groups), so that small setups keep both threads busy rather than meeting at a
 * barrier per doubling step of the table. */
static zkp_err vt_run(const g1_job_t *j1, size_t n1, unsigned w1, const g2_job_t *j2, size_t n2,
                      unsigned w2) {
    size_t c1 = 0, c2 = 0, s1 = 0, s2 = 0;
    for (size_t k = 0; k < n1; k++) s1 += j1[k].n, c1 += (j1[k].n + VT_M - 1) / VT_M;
    for (size_t k = 0; k < n2; k++) s2 += j2[k].n, c2 += (j2[k].n + VT_M - 1) / VT_M;
    g1_vt_t t1 = {0};
    g2_vt_t t2 = {0};
    zkp_err e = ZKP_OK;
    if (s1 && !w1) w1 = vt_width(s1, sizeof(g1_xy_t));
    if (s2 && !w2) w2 = vt_width(s2, sizeof(g2_xy_t));
    assert(!s1 || (w1 >= 2 && w1 <= VT_WMAX));
    assert(!s2 || (w2 >= 2 && w2 <= VT_WMAX));
    if (s1 && (e = g1_vt_alloc(&t1, w1))) return e;
    if (s2 && (e = g2_vt_alloc(&t2, w2))) {
        zkp_free(t1.t), zkp_free(t1.first);
        return e;
    }
    unsigned nw1 = s1 ? t1.nwin : 0, nw2 = s2 ? t2.nwin : 0;
    /* work in G1 additions (a G2 addition costs about 3): both threads from 2 batches */
    int nt = vt_threads(s1 + 3 * s2);
    size_t per = sizeof(g1_vt_scratch_t) > sizeof(g2_vt_scratch_t) ? sizeof(g1_vt_scratch_t)
                                                                    : sizeof(g2_vt_scratch_t);
    per = (per + 63) / 64 * 64;
    uint8_t *sc = zkp_malloc((size_t)nt * per);
    fq_ifma_ws_t *ws = NULL;
    if (fq_ifma_available() && !(ws = aligned_alloc(64, (size_t)nt * sizeof *ws))) {
        zkp_free(sc);
        sc = NULL;
    }
    if (!sc) {
        zkp_free(t1.t), zkp_free(t1.first);
        zkp_free(t2.t), zkp_free(t2.first);
        return zkp_fail(ZKP_ERR_NOMEM, "setup: fixed-base scratch");
    }
    _Pragma("omp parallel num_threads(nt)") {
        uint8_t *my = sc + (size_t)omp_get_thread_num() * per;
        /* ws is the first member of both groups' scratch */
        ((g1_vt_scratch_t *)(void *)my)->ws = ws ? ws + omp_get_thread_num() : NULL;
        /* G2 windows first: the longest tasks (dynamic: the G1 ones fill in) */
        _Pragma("omp for schedule(dynamic, 1)")
        for (unsigned t = 0; t < nw2 + nw1; t++) {
            if (t < nw2) g2_vt_window(&t2, t, (g2_vt_scratch_t *)(void *)my);
            else g1_vt_window(&t1, t - nw2, (g1_vt_scratch_t *)(void *)my);
        }
        /* dynamic: zero scalars cost nothing, and they cluster (unused wires) */
        _Pragma("omp for schedule(dynamic, 1)")
        for (size_t c = 0; c < c2 + c1; c++) {
            if (c < c2) g2_vt_chunk(j2, &t2, c, (g2_vt_scratch_t *)(void *)my);
            else g1_vt_chunk(j1, &t1, c - c2, (g1_vt_scratch_t *)(void *)my);
        }
    }
    zkp_free_secret(sc, (size_t)nt * per);
    zkp_free_secret(ws, ws ? (size_t)nt * sizeof *ws : 0);
    zkp_free(t1.t), zkp_free(t1.first);
    zkp_free(t2.t), zkp_free(t2.first);
    return ZKP_OK;
}

zkp_err g16_fixed_g1_var(g1_affine_t *out, const fr_t *s, size_t n, unsigned w) {
    g1_job_t job = {out, s, n};
    return vt_run(&job, 1, w, NULL, 0, 0);
}

zkp_err g16_fixed_g2_var(g2_affine_t *out, const fr_t *s, size_t n, unsigned w) {
    g2_job_t job = {out, s, n};
    return vt_run(NULL, 0, 0, &job, 1, w);
}

/* Secrets of one setup, wiped as a whole. */
typedef struct {
    fr_t tau, alpha, beta, gamma, delta, ginv, dinv;
} toxic_t;

static void progress_step(groth16_progress_fn p, void *ctx, const char *stage, size_t d, size_t t) {
    if (p) p(ctx, stage, d, t);
}

/* The checks of g16_key_for (no custom gates, room for the public signals, every
 * term's wire below n_wires, the coefficient count); *nab: the A and B terms. */
static zkp_err key_check(const r1cs_t *cs, uint64_t *nab_out) {
    if (r1cs_has_custom_gates(cs))
        return zkp_fail(ZKP_ERR_FORMAT, "groth16 setup: the circuit uses custom gates (PLONK only)");
    uint32_t n_pub = groth16_n_public(cs);
    if (cs->n_wires < (uint64_t)n_pub + 1)
        return zkp_fail(ZKP_ERR_FORMAT, "groth16 setup: %u public signals but only %u wires", n_pub,
                        cs->n_wires);
    size_t nw = cs->n_wires, np = (size_t)n_pub + 1;
    uint64_t nterms = cs->lc_start[3 * (uint64_t)cs->n_constraints];
    for (uint64_t t = 0; t < nterms; t++)
        if (cs->terms[t].wire >= nw)
            return zkp_fail(ZKP_ERR_FORMAT, "groth16 setup: term %llu uses wire %u >= %zu wires",
                            (unsigned long long)t, cs->terms[t].wire, nw);
    uint64_t nab = 0;
    for (uint32_t j = 0; j < cs->n_constraints; j++)
        nab += cs->lc_start[3 * (uint64_t)j + 2] - cs->lc_start[3 * (uint64_t)j];
    if (nab + np > UINT32_MAX)
        return zkp_fail(ZKP_ERR_RANGE, "groth16 setup: %llu coefficients do not fit a zkey",
                        (unsigned long long)(nab + np));
    *nab_out = nab;
    return ZKP_OK;
}

zkp_err g16_key_for(groth16_pk_t **out, const r1cs_t *cs, uint32_t domain) {
    *out = NULL;
    uint64_t nab;
    zkp_err e = key_check(cs, &nab);
    if (e) return e;
    uint32_t n_pub = groth16_n_public(cs);
    size_t np = (size_t)n_pub + 1;
    groth16_pk_t *pk;
    e = zkey_new(&pk, cs->n_wires, n_pub, domain, (uint32_t)(nab + np));
    if (e) return e;
    size_t q = 0;
    for (uint32_t j = 0; j < cs->n_constraints; j++)
        for (unsigned m = 0; m < 2; m++) {
            size_t nt;
            const r1cs_term_t *t = r1cs_lc(cs, j, m, &nt);
            for (size_t i = 0; i < nt; i++) {
                zkey_coef_t co = {m, j, t[i].wire, t[i].coef};
                pk->coefs[q++] = co;
            }
        }
    for (uint32_t s = 0; s < np; s++) {
        zkey_coef_t co = {0, cs->n_constraints + s, s, fr_one_c};
        pk->coefs[q++] = co;
    }
    *out = pk;
    return ZKP_OK;
}

zkp_err groth16_setup_ex(groth16_pk_t **out, const r1cs_t *cs, unsigned flags,
                         groth16_progress_fn progress, void *ctx) {
    bool ct = flags & GROTH16_SETUP_CONSTANT_TIME;
    *out = NULL;
    uint32_t n_pub = groth16_n_public(cs);
    uint64_t need = (uint64_t)cs->n_constraints + n_pub + 1;
    unsigned k = 0;
    while (((uint64_t)1 << k) < need) k++;
    if (k > MAX_LOG_DOMAIN)
        return zkp_fail(ZKP_ERR_RANGE, "groth16 setup: %llu rows need a domain of 2^%u > 2^%d",
                        (unsigned long long)need, k, MAX_LOG_DOMAIN);
    size_t n = (size_t)1 << k, nw = cs->n_wires, np = (size_t)n_pub + 1;
    groth16_pk_t *pk = NULL;
    uint64_t nab;
    zkp_err e = key_check(cs, &nab); /* before the QAP scatter indexes by wire */
    if (e) return e;

    toxic_t tw;
    fr_t *L = NULL, *L0 = NULL, *pre = NULL, *u = NULL, *v = NULL, *ww = NULL, *v1 = NULL;
    uint8_t *dup = NULL;
    size_t lsz = n * sizeof(fr_t), wsz = nw * sizeof(fr_t);
    /* huge pages from 2 MiB: these are written whole right away, and a fault per
     * 4 KiB showed in the profile at 2^16 (lagrange, the QAP scatter) */
    L = zkp_malloc_huge(lsz), L0 = zkp_malloc_huge(lsz), pre = zkp_malloc_huge(2 * lsz);
    /* zeroed by their scatter tasks below (first touch on both threads) */
    u = zkp_malloc_huge_lazy(wsz), v = zkp_malloc_huge_lazy(wsz), ww = zkp_malloc_huge_lazy(wsz);
    if (!L || !L0 || !pre || !u || !v || !ww) {
        e = ZKP_ERR_NOMEM;
        zkp_set_error("groth16 setup: scratch for %zu wires", nw);
        goto out;
    }
    /* Toxic waste; tau must avoid both domains (tau^(2n) != 1). */
    if ((e = g16_random_nonzero(&tw.alpha)) || (e = g16_random_nonzero(&tw.beta)) ||
        (e = g16_random_nonzero(&tw.gamma)) || (e = g16_random_nonzero(&tw.delta)))
        goto out;
    for (;;) {
        if ((e = g16_random_nonzero(&tw.tau))) goto out;
        fr_t t2n = tw.tau;
        for (size_t m = 1; m < 2 * n; m <<= 1) fr_sqr(&t2n, &t2n);
        bool bad = fr_is_one(&t2n);
        zkp_memzero(&t2n, sizeof t2n);
        if (!bad) break;
    }
    fr_inv(&tw.ginv, &tw.gamma);
    fr_inv(&tw.dinv, &tw.delta);
    progress_step(progress, ctx, "setup: QAP at tau", 0, 1);

    /* As tasks on the threads: the key (zkey_new: its arrays' fresh pages, ~28 MB at
     * 2^16, cost a serial stretch otherwise), L0: the size-n basis (the QAP), L: H's
     * basis on the odd points of the 2n domain divided by delta (each a serial product
     * chain), then u_i(tau), v_i(tau), w_i(tau) from L0, one matrix per task (each
     * scatters to wires). */
    {
        fr_t one = fr_one_c;
        int nt = n >= 4096 ? zkp_threads() : 1;
        zkp_err ek = ZKP_OK;
        char kmsg[512] = "";
        _Pragma("omp parallel num_threads(nt)") _Pragma("omp single") {
            _Pragma("omp task shared(ek, pk, kmsg)") {
                ek = g16_key_for(&pk, cs, (uint32_t)n);
                if (ek) snprintf(kmsg, sizeof kmsg, "%s", zkp_last_error());
            }
            _Pragma("omp task") lagrange(L, pre + n, n, k, true, &tw.tau, &tw.dinv);
            lagrange(L0, pre, n, k, false, &tw.tau, &one);
            for (unsigned m = 0; m < 3; m++) {
                _Pragma("omp task firstprivate(m)") {
                    fr_t *dst = m == 0 ? u : m == 1 ? v : ww;
                    memset(dst, 0, wsz);
                    for (uint32_t j = 0; j < cs->n_constraints; j++) {
                        size_t cnt;
                        const r1cs_term_t *t = r1cs_lc(cs, j, m, &cnt);
                        for (size_t i = 0; i < cnt; i++) {
                            fr_t p;
                            fr_mul(&p, &t[i].coef, &L0[j]);
                            fr_add(&dst[t[i].wire], &dst[t[i].wire], &p);
                        }
                    }
                    if (m == 0)
                        for (uint32_t s = 0; s < np; s++)
                            fr_add(&u[s], &u[s], &L0[cs->n_constraints + s]);
                }
            }
        }
        if (ek) {
            e = zkp_fail(ek, "%s", kmsg);
            goto out;
        }
        /* IC and C: (beta u + alpha v + w) / gamma or / delta, in place in ww. */
        _Pragma("omp parallel for schedule(static) num_threads(nt)")
        for (size_t i = 0; i < nw; i++) {
            fr_t p;
            fr_mul(&p, &tw.beta, &u[i]);
            fr_add(&ww[i], &ww[i], &p);
            fr_mul(&p, &tw.alpha, &v[i]);
            fr_add(&ww[i], &ww[i], &p);
            fr_mul(&ww[i], &ww[i], i < np ? &tw.ginv : &tw.dinv);
            zkp_memzero(&p, sizeof p);
        }
    }
    /* B1_i = +-A_i where v_i(tau) = +-u_i(tau), the same scalar. That is where v_i = +-u_i
     * as polynomials (bit constraints b (b - 1) = 0 or b (1 - b) = 0 give v_b = +-u_b,
     * and such wires are most of many circuits), so the branch tells nothing about tau
     * but with probability ~nw / r. Those scalars are left out (v1 = 0 costs nothing)
     * and the points copied after. v1 lives in pre (free once lagrange is done). */
    v1 = nw <= 2 * n ? pre : zkp_malloc_huge(wsz);
    dup = zkp_malloc(nw);
    if (!v1 || !dup) {
        e = zkp_fail(ZKP_ERR_NOMEM, "groth16 setup: scratch for %zu wires", nw);
        goto out;
    }
    {
        int nt = nw >= 4096 ? zkp_threads() : 1;
        _Pragma("omp parallel for schedule(static) num_threads(nt)")
        for (size_t i = 0; i < nw; i++) {
            fr_t m;
            fr_neg(&m, &u[i]);
            dup[i] = fr_eq(&v[i], &u[i]) ? 1 : fr_eq(&v[i], &m) ? 2 : 0;
            if (dup[i]) fr_set_zero(&v1[i]);
            else v1[i] = v[i];
            zkp_memzero(&m, sizeof m);
        }
    }
    /* One table per group for every scalar: A = u, B1 = v (v1), IC and C = ww, H = L and
     * the key's fixed points; B2 = v and the G2 fixed points. */
    {
        fr_t f1[3] = {tw.alpha, tw.beta, tw.delta}, f2[3] = {tw.beta, tw.gamma, tw.delta};
        g1_affine_t q1[3];
        g2_affine_t q2[3];
        g1_job_t j1[] = {{pk->a, u, nw},         {pk->b1, v1, nw}, {pk->ic, ww, np},
                         {pk->c, ww + np, nw - np}, {pk->h, L, n},   {q1, f1, 3}};
        g2_job_t j2[] = {{pk->b2, v, nw}, {q2, f2, 3}};
        size_t n1 = sizeof j1 / sizeof j1[0], n2 = sizeof j2 / sizeof j2[0];
        progress_step(progress, ctx, "setup: G1 and G2 points", 0, 1);
        if (ct) {
            for (size_t i = 0; i < n1 && !e; i++) e = g16_fixed_g1(j1[i].out, j1[i].s, j1[i].n);
            for (size_t i = 0; i < n2 && !e; i++) e = g16_fixed_g2(j2[i].out, j2[i].s, j2[i].n);
        } else {
            e = vt_run(j1, n1, 0, j2, n2, 0);
        }
        zkp_memzero(f1, sizeof f1), zkp_memzero(f2, sizeof f2);
        if (e) goto out;
        pk->alpha1 = q1[0], pk->beta1 = q1[1], pk->delta1 = q1[2];
        pk->beta2 = q2[0], pk->gamma2 = q2[1], pk->delta2 = q2[2];
        for (size_t i = 0; i < nw; i++)
            if (dup[i] == 1) pk->b1[i] = pk->a[i];
            else if (dup[i] == 2) g1_affine_neg(&pk->b1[i], &pk->a[i]);
    }
    progress_step(progress, ctx, "setup: done", 1, 1);
    e = ZKP_OK;
out:
    zkp_memzero(&tw, sizeof tw);
    zkp_free_secret(L, lsz);
    zkp_free_secret(L0, lsz);
    if (v1 && v1 != pre) zkp_free_secret(v1, wsz);
    else if (v1) zkp_memzero(v1, wsz);
    zkp_free(pre); /* wiped by lagrange, and of v1 above */
    zkp_free(dup);
    zkp_free_secret(u, wsz);
    zkp_free_secret(v, wsz);
    zkp_free_secret(ww, wsz);
    if (e) zkey_free(pk);
    else *out = pk;
    return e;
}

zkp_err groth16_setup(groth16_pk_t **out, const r1cs_t *cs, groth16_progress_fn progress,
                      void *ctx) {
    return groth16_setup_ex(out, cs, 0, progress, ctx);
}
