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
 * Lagrange basis of the size-N domain <w>: L_j(x) = w^j (x^N - 1) / (N (x - w^j)). */
#include <string.h>

#include "groth16/g16_internal.h"
#include "zkpot/groth16.h"

#define MAX_LOG_DOMAIN 27 /* the H section needs a 2n-th root of unity: 2n <= 2^28 */

/* L[j] = Lagrange basis j of the size-2^k domain shifted to odd indices when odd:
 * x_j = g * w^j with w = root(k), g = 1 (plain) or root(k+1) (odd points of 2n).
 * N is the size of the domain the basis belongs to (n or 2n), t = tau.
 *   L = x_j (t^N - 1) / (N (t - x_j)). */
static zkp_err lagrange(fr_t *L, size_t n, unsigned k, bool odd, const fr_t *tau) {
    fr_t w, x, tN, c, one;
    fr_root_of_unity(&w, k);
    if (odd) fr_root_of_unity(&x, k + 1);
    else fr_set_one(&x);
    size_t N = odd ? 2 * n : n;
    fr_set_one(&one);
    tN = *tau;
    for (size_t m = 1; m < N; m <<= 1) fr_sqr(&tN, &tN);
    fr_sub(&tN, &tN, &one); /* t^N - 1, nonzero since t is not in the domain */
    fr_set_u64(&c, (uint64_t)N);
    fr_inv(&c, &c);
    fr_mul(&c, &c, &tN); /* (t^N - 1)/N */
    fr_t *xs = zkp_malloc(n * sizeof *xs);
    if (!xs) return zkp_fail(ZKP_ERR_NOMEM, "groth16 setup: Lagrange basis of %zu", n);
    for (size_t j = 0; j < n; j++) {
        xs[j] = x;
        fr_sub(&L[j], tau, &x);
        fr_mul(&x, &x, &w);
    }
    fr_batch_inv(L, L, n);
    for (size_t j = 0; j < n; j++) {
        fr_mul(&L[j], &L[j], &xs[j]);
        fr_mul(&L[j], &L[j], &c);
    }
    zkp_free_secret(xs, n * sizeof *xs);
    zkp_memzero(&tN, sizeof tN), zkp_memzero(&c, sizeof c), zkp_memzero(&x, sizeof x);
    return ZKP_OK;
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

/* Secrets of one setup, wiped as a whole. */
typedef struct {
    fr_t tau, alpha, beta, gamma, delta, ginv, dinv;
} toxic_t;

static void progress_step(groth16_progress_fn p, void *ctx, const char *stage, size_t d, size_t t) {
    if (p) p(ctx, stage, d, t);
}

zkp_err groth16_setup(groth16_pk_t **out, const r1cs_t *cs, groth16_progress_fn progress,
                      void *ctx) {
    *out = NULL;
    if (r1cs_has_custom_gates(cs))
        return zkp_fail(ZKP_ERR_FORMAT, "groth16 setup: the circuit uses custom gates (PLONK only)");
    uint32_t n_pub = groth16_n_public(cs);
    if (cs->n_wires < (uint64_t)n_pub + 1)
        return zkp_fail(ZKP_ERR_FORMAT, "groth16 setup: %u public signals but only %u wires", n_pub,
                        cs->n_wires);
    uint64_t need = (uint64_t)cs->n_constraints + n_pub + 1;
    unsigned k = 0;
    while (((uint64_t)1 << k) < need) k++;
    if (k > MAX_LOG_DOMAIN)
        return zkp_fail(ZKP_ERR_RANGE, "groth16 setup: %llu rows need a domain of 2^%u > 2^%d",
                        (unsigned long long)need, k, MAX_LOG_DOMAIN);
    size_t n = (size_t)1 << k, nw = cs->n_wires, np = (size_t)n_pub + 1;
    uint64_t nterms = cs->lc_start[3 * (uint64_t)cs->n_constraints];
    for (uint64_t t = 0; t < nterms; t++)
        if (cs->terms[t].wire >= nw)
            return zkp_fail(ZKP_ERR_FORMAT, "groth16 setup: term %llu uses wire %u >= %zu wires",
                            (unsigned long long)t, cs->terms[t].wire, nw);

    /* Coefficients in snarkjs's order: per constraint A then B, then the extra rows. */
    uint64_t nab = 0;
    for (uint32_t j = 0; j < cs->n_constraints; j++)
        nab += cs->lc_start[3 * (uint64_t)j + 2] - cs->lc_start[3 * (uint64_t)j];
    if (nab + np > UINT32_MAX)
        return zkp_fail(ZKP_ERR_RANGE, "groth16 setup: %llu coefficients do not fit a zkey",
                        (unsigned long long)(nab + np));
    groth16_pk_t *pk;
    zkp_err e = zkey_new(&pk, cs->n_wires, n_pub, (uint32_t)n, (uint32_t)(nab + np));
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

    toxic_t tw;
    fr_t *L = NULL, *u = NULL, *v = NULL, *ww = NULL;
    size_t lsz = n * sizeof(fr_t), wsz = nw * sizeof(fr_t);
    L = zkp_malloc(lsz), u = zkp_calloc(nw, sizeof(fr_t)), v = zkp_calloc(nw, sizeof(fr_t)),
    ww = zkp_calloc(nw, sizeof(fr_t));
    if (!L || !u || !v || !ww) {
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

    /* u_i(tau), v_i(tau), w_i(tau) */
    if ((e = lagrange(L, n, k, false, &tw.tau))) goto out;
    for (uint32_t j = 0; j < cs->n_constraints; j++) {
        fr_t *dst[3] = {u, v, ww};
        for (unsigned m = 0; m < 3; m++) {
            size_t nt;
            const r1cs_term_t *t = r1cs_lc(cs, j, m, &nt);
            for (size_t i = 0; i < nt; i++) {
                fr_t p;
                fr_mul(&p, &t[i].coef, &L[j]);
                fr_add(&dst[m][t[i].wire], &dst[m][t[i].wire], &p);
            }
        }
    }
    for (uint32_t s = 0; s < np; s++) fr_add(&u[s], &u[s], &L[cs->n_constraints + s]);

    /* A, B1, B2 */
    progress_step(progress, ctx, "setup: A", 0, 1);
    if ((e = g16_fixed_g1(pk->a, u, nw))) goto out;
    progress_step(progress, ctx, "setup: B1", 0, 1);
    if ((e = g16_fixed_g1(pk->b1, v, nw))) goto out;
    progress_step(progress, ctx, "setup: B2", 0, 1);
    if ((e = g16_fixed_g2(pk->b2, v, nw))) goto out;
    /* IC and C: (beta u + alpha v + w) / gamma or / delta, computed in place in ww. */
    for (size_t i = 0; i < nw; i++) {
        fr_t p;
        fr_mul(&p, &tw.beta, &u[i]);
        fr_add(&ww[i], &ww[i], &p);
        fr_mul(&p, &tw.alpha, &v[i]);
        fr_add(&ww[i], &ww[i], &p);
        fr_mul(&ww[i], &ww[i], i < np ? &tw.ginv : &tw.dinv);
        zkp_memzero(&p, sizeof p);
    }
    progress_step(progress, ctx, "setup: IC, C", 0, 1);
    if ((e = g16_fixed_g1(pk->ic, ww, np))) goto out;
    if ((e = g16_fixed_g1(pk->c, ww + np, nw - np))) goto out;
    /* H on the odd points of the 2n domain, divided by delta. */
    progress_step(progress, ctx, "setup: H", 0, 1);
    if ((e = lagrange(L, n, k, true, &tw.tau))) goto out;
    for (size_t i = 0; i < n; i++) fr_mul(&L[i], &L[i], &tw.dinv);
    if ((e = g16_fixed_g1(pk->h, L, n))) goto out;
    /* The key's fixed points. */
    {
        fr_t s1[3] = {tw.alpha, tw.beta, tw.delta}, s2[3] = {tw.beta, tw.gamma, tw.delta};
        g1_affine_t p1[3];
        g2_affine_t p2[3];
        e = g16_fixed_g1(p1, s1, 3);
        if (!e) e = g16_fixed_g2(p2, s2, 3);
        zkp_memzero(s1, sizeof s1), zkp_memzero(s2, sizeof s2);
        if (e) goto out;
        pk->alpha1 = p1[0], pk->beta1 = p1[1], pk->delta1 = p1[2];
        pk->beta2 = p2[0], pk->gamma2 = p2[1], pk->delta2 = p2[2];
    }
    progress_step(progress, ctx, "setup: done", 1, 1);
    e = ZKP_OK;
out:
    zkp_memzero(&tw, sizeof tw);
    zkp_free_secret(L, L ? lsz : 0);
    zkp_free_secret(u, u ? wsz : 0);
    zkp_free_secret(v, v ? wsz : 0);
    zkp_free_secret(ww, ww ? wsz : 0);
    if (e) zkey_free(pk);
    else *out = pk;
    return e;
}
