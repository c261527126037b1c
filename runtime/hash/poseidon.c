/* zkpot L3 hash: the Poseidon permutation (textbook and optimized forms) and the
 * circomlib-compatible hash. Parameters come from poseidon_params.c. */
#include <assert.h>
#include <string.h>

#include "zkpot/poseidon.h"

/* ---- dot products with one Montgomery reduction (lazy reduction) ----
 * Elements are in Montgomery form a*R mod r, R = 2^256, fully reduced (zkpot/field.h), so
 * REDC(sum_j x_j y_j) = sum_j (x_j * y_j * R^-1) mod r is the sum of Montgomery products.
 * With x_j, y_j < r and n <= 5 terms: X = sum < 5 r^2, and REDC(X) = (X + m r) / R with
 * m < R is < 5 r^2 / R + r < 1.95 r (r / R < 0.19), so one conditional subtraction
 * reduces it; X + m r < 2^511 fits eight limbs. (Montgomery, "Modular multiplication
 * without trial division", Math. Comp. 1985.) */
typedef unsigned __int128 u128;

static const uint64_t r_limbs[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL,
                                    0xb85045b68181585dULL, 0x30644e72e131a029ULL};
#define R_NINV 0xc2e1f593efffffffULL /* -r^-1 mod 2^64 */
_Static_assert(0x43e1f593f0000001ULL * R_NINV == ~0ULL, "R_NINV is -r^-1 mod 2^64");
#define DOT_CHUNK 5

/* w[0..8) += x * y: a 4 x 4 schoolbook product, then an 8-limb addition. */
static inline void mac_wide(uint64_t w[8], const uint64_t x[4], const uint64_t y[4]) {
    uint64_t p[8], c;
    u128 q;
    for (int i = 0; i < 4; i++) {
        c = 0;
        for (int j = 0; j < 4; j++) {
            q = (u128)x[i] * y[j] + (i ? p[i + j] : 0) + c;
            p[i + j] = (uint64_t)q;
            c = (uint64_t)(q >> 64);
        }
        p[i + 4] = c;
    }
    c = 0;
    for (int k = 0; k < 8; k++) {
        q = (u128)w[k] + p[k] + c;
        w[k] = (uint64_t)q;
        c = (uint64_t)(q >> 64);
    }
}

/* w[0..8) = sum_{j < n} a[j * stride] * s[j] (n <= DOT_CHUNK; the sum stays < 2^512). */
static inline void dot_wide(uint64_t w[8], const fr_t *a, size_t stride, const fr_t *s, size_t n) {
    memset(w, 0, 8 * sizeof *w);
    for (size_t j = 0; j < n; j++) mac_wide(w, a[j * stride].l, s[j].l);
}

/* v = v - r if v >= r, constant time. */
static inline void cond_sub_r(uint64_t v[4]) {
    uint64_t d[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 q = (u128)v[i] - r_limbs[i] - borrow;
        d[i] = (uint64_t)q;
        borrow = (uint64_t)(q >> 64) & 1;
    }
    uint64_t keep = -borrow;
    for (int i = 0; i < 4; i++) v[i] = (v[i] & keep) | (d[i] & ~keep);
}

/* *out = REDC(w) = w / R mod r, for w < 3 r R (then REDC(w) < 3r, w + m r < 2^512);
 * w is clobbered. nsub conditional subtractions of r bring the result below r: one when
 * w < r R (REDC(w) < 2r), two when w < 2 r R. Operand scanning; the carry out of limb
 * i+4 is deferred to the next row (hi). */
static inline void redc_wide(fr_t *out, uint64_t w[8], int nsub) {
    uint64_t hi = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t m = w[i] * R_NINV, c = 0;
        for (int j = 0; j < 4; j++) {
            u128 p = (u128)m * r_limbs[j] + w[i + j] + c;
            w[i + j] = (uint64_t)p;
            c = (uint64_t)(p >> 64);
        }
        u128 q = (u128)w[i + 4] + c + hi;
        w[i + 4] = (uint64_t)q;
        hi = (uint64_t)(q >> 64);
    }
    for (int k = 0; k < nsub; k++) cond_sub_r(&w[4]); /* the result < 3r < 2^256: hi = 0 */
    memcpy(out->l, &w[4], sizeof out->l);
}

/* *out = sum_{j < n} a[j * stride] * s[j]; out may alias s or a. */
static inline void dot(fr_t *out, const fr_t *a, size_t stride, const fr_t *s, size_t n) {
    fr_t sum = fr_zero_c;
    for (size_t j0 = 0; j0 < n; j0 += DOT_CHUNK) {
        uint64_t w[8];
        size_t m = n - j0 < DOT_CHUNK ? n - j0 : DOT_CHUNK;
        dot_wide(w, &a[j0 * stride], stride, &s[j0], m);
        fr_t part;
        redc_wide(&part, w, 1); /* w < 5 r^2 < r R */
        if (j0 == 0) sum = part;
        else fr_add(&sum, &sum, &part);
    }
    *out = sum;
}

/* x^5 = x * (x^2)^2: three multiplications. */
static inline void sbox(fr_t *x) {
    fr_t x2, x4;
    fr_sqr(&x2, x);
    fr_sqr(&x4, &x2);
    fr_mul(x, x, &x4);
}

/* s = s * A, row-vector convention: s'[i] = sum_j A[j*t + i] s[j]. */
static void mix_rows(fr_t *s, const fr_t *a, size_t t) {
    fr_t out[POSEIDON_T_MAX];
    for (size_t i = 0; i < t; i++) dot(&out[i], &a[i], t, s, t);
    memcpy(s, out, t * sizeof(fr_t));
}

void poseidon_permute_ref(fr_t *s, size_t t) {
    const struct poseidon_params *p = poseidon_params(t);
    assert(p);
    const unsigned h = p->rf / 2, rounds = p->rf + p->rp;
    fr_t out[POSEIDON_T_MAX];
    for (unsigned r = 0; r < rounds; r++) {
        for (size_t i = 0; i < t; i++) fr_add(&s[i], &s[i], &p->rc[r * t + i]);
        if (r < h || r >= h + p->rp)
            for (size_t i = 0; i < t; i++) sbox(&s[i]);
        else
            sbox(&s[0]);
        for (size_t i = 0; i < t; i++) { /* s'[i] = sum_j M[i][j] s[j] */
            fr_t acc = fr_zero_c, x;
            for (size_t j = 0; j < t; j++) {
                fr_mul(&x, &p->mds[i * t + j], &s[j]);
                fr_add(&acc, &acc, &x);
            }
            out[i] = acc;
        }
        memcpy(s, out, t * sizeof(fr_t));
    }
}

/* The optimized form, step by step as documented in zkpot/poseidon.h. */
void poseidon_permute(fr_t *s, size_t t) {
    const struct poseidon_params *p = poseidon_params(t);
    assert(p);
    const unsigned h = p->rf / 2, rp = p->rp;
    const fr_t *c = p->opt_c;
    for (size_t i = 0; i < t; i++) fr_add(&s[i], &s[i], &c[i]);
    c += t;
    for (unsigned r = 0; r < h; r++, c += t) {
        for (size_t i = 0; i < t; i++) {
            sbox(&s[i]);
            fr_add(&s[i], &s[i], &c[i]);
        }
        mix_rows(s, r + 1 < h ? p->opt_m : p->opt_p, t);
    }
    const size_t k = 2 * t - 1;
    for (unsigned r = 0; r < rp; r++) {
        const fr_t *sp = &p->opt_s[r * k];
        sbox(&s[0]);
        fr_add(&s[0], &s[0], &c[r]);
        fr_t s0 = s[0], x;
        dot(&s[0], sp, 1, s, t); /* s'[0] = S[0..t) . s */
        for (size_t j = 1; j < t; j++) { /* s'[j] = s[j] + S[t+j-1] s[0] */
            fr_mul(&x, &sp[t + j - 1], &s0);
            fr_add(&s[j], &s[j], &x);
        }
    }
    c += rp;
    for (unsigned r = 0; r < h; r++, c += t) {
        for (size_t i = 0; i < t; i++) sbox(&s[i]);
        if (r + 1 < h)
            for (size_t i = 0; i < t; i++) fr_add(&s[i], &s[i], &c[i]);
        mix_rows(s, p->opt_m, t);
    }
}

zkp_err poseidon_hash_ex(fr_t *out, size_t nout, const fr_t *in, size_t n,
                         const fr_t *init_state) {
    if (n < 1 || n > POSEIDON_MAX_INPUTS)
        return zkp_fail(ZKP_ERR_RANGE, "poseidon: %zu inputs (must be 1..%d)", n,
                        POSEIDON_MAX_INPUTS);
    if (nout < 1 || nout > n + 1)
        return zkp_fail(ZKP_ERR_RANGE, "poseidon: %zu outputs for width %zu (must be 1..%zu)",
                        nout, n + 1, n + 1);
    fr_t s[POSEIDON_T_MAX];
    s[0] = init_state ? *init_state : fr_zero_c;
    memcpy(&s[1], in, n * sizeof(fr_t));
    poseidon_permute(s, n + 1);
    memcpy(out, s, nout * sizeof(fr_t));
    return ZKP_OK;
}

zkp_err poseidon_hash(fr_t *out, const fr_t *in, size_t n) {
    return poseidon_hash_ex(out, 1, in, n, NULL);
}
