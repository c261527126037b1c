/* zkpot L3 hash: Poseidon parameters for widths 2..17, generated at first use.
 * Round constants and the Cauchy MDS matrix follow the procedure of the Poseidon paper's
 * reference script (eprint 2019/458, hadeshash code/generate_parameters_grain.sage); the
 * optimized form follows the paper's appendix B (constant folding and the sparse
 * factorization of the partial-round matrix) in the layout circomlib uses.
 *
 * Why generate at run time rather than commit a table: the tables are ~2.6 MB of decimal
 * text for 16 widths (circomlibjs's two JSON files), while the procedure is a few hundred
 * lines that document where every constant comes from; a width costs 0.3 ms (t = 3) to
 * 5-8 ms (t = 17) of CPU once, all 16 widths 30-50 ms (bench/bench_poseidon.c), there is
 * no generator build step, and tests/check_poseidon.c compares every generated constant
 * with circomlibjs's tables. */
#include <assert.h>
#include <pthread.h>
#include <string.h>

#include "zkpot/poseidon.h"

typedef unsigned __int128 u128;

/* ---- Grain LFSR (the paper, appendix F; 80-bit state, taps 62 51 38 23 13 0) ----
 * The register holds bits b[0..79]; one clock computes
 *   b_new = b[62] ^ b[51] ^ b[38] ^ b[23] ^ b[13] ^ b[0],
 * drops b[0] and appends b_new as b[79]. With b[i] at bit i of s, the next 16 clocks read
 * only bits below 80 (62 + 15 < 80), so they are computed at once: bit k of
 *   s ^ s>>13 ^ s>>23 ^ s>>38 ^ s>>51 ^ s>>62
 * is the k-th new bit; then s = s>>16 | chunk<<64.
 * Output filter (self-shrinking): clocked bits are taken in pairs (a, b) and b is output
 * iff a == 1. After the 160 warm-up clocks every chunk holds exactly 8 pairs, (bit 2j,
 * bit 2j+1). Output bits queue up in q (the oldest at the top of the qn valid bits). */
struct grain {
    u128 s;      /* the register */
    uint64_t q;  /* filtered output bits not yet consumed */
    unsigned qn; /* how many */
};

static uint32_t grain_chunk(struct grain *g) {
    u128 s = g->s;
    uint32_t c =
        (uint32_t)(s ^ (s >> 13) ^ (s >> 23) ^ (s >> 38) ^ (s >> 51) ^ (s >> 62)) & 0xffffu;
    g->s = (s >> 16) | ((u128)c << 64);
    return c;
}

/* Appends the low `bits` bits of v, most significant first, as b[pos..]. */
static void grain_put(struct grain *g, unsigned *pos, uint64_t v, unsigned bits) {
    for (unsigned k = bits; k-- > 0; (*pos)++)
        g->s |= (u128)((v >> k) & 1u) << *pos;
}

/* Seed: field (2 bits, 1 = GF(p)), S-box (4 bits, 0 = x^alpha), n (12), t (12), R_F (10),
 * R_P (10), thirty 1-bits; then 160 clocks discarded. */
static void grain_init(struct grain *g, unsigned n, unsigned t, unsigned rf, unsigned rp) {
    unsigned pos = 0;
    g->s = 0, g->q = 0, g->qn = 0;
    grain_put(g, &pos, 1, 2);
    grain_put(g, &pos, 0, 4);
    grain_put(g, &pos, n, 12);
    grain_put(g, &pos, t, 12);
    grain_put(g, &pos, rf, 10);
    grain_put(g, &pos, rp, 10);
    grain_put(g, &pos, (1u << 30) - 1, 30);
    assert(pos == 80);
    for (int i = 0; i < 160 / 16; i++)
        grain_chunk(g);
}

/* The next k (<= 32) output bits as an integer, the first one most significant. */
static uint32_t grain_bits(struct grain *g, unsigned k) {
    while (g->qn < k) { /* qn < 32: room for 8 more */
        uint32_t c = grain_chunk(g);
        for (int j = 0; j < 8; j++, c >>= 2) {
            unsigned a = c & 1u, b = (c >> 1) & 1u; /* branch-free: append b iff a */
            g->q = (g->q << a) | (b & a);
            g->qn += a;
        }
    }
    g->qn -= k;
    return (uint32_t)(g->q >> g->qn) & (uint32_t)((1ull << k) - 1);
}

/* A 254-bit integer from the next 254 output bits, first bit most significant:
 * 30 bits for positions 253..224, then 32 bits at a time down to position 0. */
#define POSEIDON_FIELD_BITS 254
static void grain_int(struct grain *g, uint64_t v[4]) {
    v[3] = (uint64_t)grain_bits(g, 30) << 32 | grain_bits(g, 32);
    for (int i = 2; i >= 0; i--)
        v[i] = (uint64_t)grain_bits(g, 32) << 32 | grain_bits(g, 32);
}

static bool limbs_lt_r(const uint64_t v[4]) {
    for (int i = 3; i >= 0; i--)
        if (v[i] != fr_modulus[i]) return v[i] < fr_modulus[i];
    return false;
}

/* A round constant: the next 254-bit integer below r (values >= r are skipped). */
static void grain_constant(struct grain *g, fr_t *r) {
    uint64_t v[4];
    do {
        grain_int(g, v);
    } while (!limbs_lt_r(v));
    zkp_err e = fr_from_limbs(r, v);
    assert(e == ZKP_OK);
    (void)e;
}

/* An MDS seed: the next 254-bit integer reduced mod r (2^254 < 2r: one subtraction). */
static void grain_element_mod_r(struct grain *g, fr_t *r) {
    uint64_t v[4];
    grain_int(g, v);
    if (!limbs_lt_r(v)) {
        u128 borrow = 0;
        for (int i = 0; i < 4; i++) {
            u128 d = (u128)v[i] - fr_modulus[i] - borrow;
            v[i] = (uint64_t)d;
            borrow = (d >> 64) & 1;
        }
    }
    zkp_err e = fr_from_limbs(r, v);
    assert(e == ZKP_OK);
    (void)e;
}

/* Cauchy matrix M[i][j] = 1/(x_i + y_j) from 2t LFSR elements [x_0..x_{t-1}, y_0..y_{t-1}];
 * the script draws a fresh list of 2t while any two are equal or any x_i + y_j = 0.
 * Later versions of the script also screen the matrix for invariant subspaces (its
 * algorithms 1-3) and draw again if one is found. That screen is not implemented here:
 * for circomlib's 16 widths the first matrix drawn is the one circomlibjs uses (the test
 * compares them), so it never redraws; new widths would need it. */
static void gen_mds(struct grain *g, fr_t *mds, size_t t) {
    fr_t xy[2 * POSEIDON_T_MAX];
    for (;;) {
        for (size_t i = 0; i < 2 * t; i++)
            grain_element_mod_r(g, &xy[i]);
        bool ok = true;
        for (size_t i = 0; i < 2 * t && ok; i++)
            for (size_t j = i + 1; j < 2 * t && ok; j++)
                ok = !fr_eq(&xy[i], &xy[j]);
        for (size_t i = 0; i < t && ok; i++)
            for (size_t j = 0; j < t && ok; j++) {
                fr_add(&mds[i * t + j], &xy[i], &xy[t + j]);
                ok = !fr_is_zero(&mds[i * t + j]);
            }
        if (ok) break;
    }
    fr_batch_inv(mds, mds, t * t);
}

/* ---- small dense linear algebra over Fr (t <= 17; public data, variable time) ---- */

/* out = A^-1 for an invertible n x n row-major A (Gauss-Jordan). Returns false if singular. */
static bool mat_inverse(fr_t *out, const fr_t *a, size_t n) {
    fr_t w[POSEIDON_T_MAX * 2 * POSEIDON_T_MAX]; /* [A | I], n rows of 2n */
    size_t m = 2 * n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            w[i * m + j] = a[i * n + j];
            w[i * m + n + j] = i == j ? fr_one_c : fr_zero_c;
        }
    for (size_t c = 0; c < n; c++) {
        size_t p = c;
        while (p < n && fr_is_zero(&w[p * m + c]))
            p++;
        if (p == n) return false;
        if (p != c)
            for (size_t j = 0; j < m; j++) {
                fr_t x = w[p * m + j];
                w[p * m + j] = w[c * m + j];
                w[c * m + j] = x;
            }
        fr_t inv;
        fr_inv_var(&inv, &w[c * m + c]);
        for (size_t j = c; j < m; j++)
            fr_mul(&w[c * m + j], &w[c * m + j], &inv);
        for (size_t i = 0; i < n; i++) {
            if (i == c || fr_is_zero(&w[i * m + c])) continue;
            fr_t f = w[i * m + c], x;
            for (size_t j = c; j < m; j++) {
                fr_mul(&x, &f, &w[c * m + j]);
                fr_sub(&w[i * m + j], &w[i * m + j], &x);
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        memcpy(&out[i * n], &w[i * m + n], n * sizeof(fr_t));
    return true;
}

/* out = A * v (A n x n row-major, column vector v); out must not alias v. */
static void mat_vec(fr_t *out, const fr_t *a, const fr_t *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        fr_t acc = fr_zero_c, x;
        for (size_t j = 0; j < n; j++) {
            fr_mul(&x, &a[i * n + j], &v[j]);
            fr_add(&acc, &acc, &x);
        }
        out[i] = acc;
    }
}

/* out = A * B (n x n row-major); out must not alias A or B. */
static void mat_mul(fr_t *out, const fr_t *a, const fr_t *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            fr_t acc = fr_zero_c, x;
            for (size_t k = 0; k < n; k++) {
                fr_mul(&x, &a[i * n + k], &b[k * n + j]);
                fr_add(&acc, &acc, &x);
            }
            out[i * n + j] = acc;
        }
}

/* ---- the optimized form (the paper, appendix B) ----
 * Column convention here: the textbook round is s -> M (sbox(s + c_r)).
 *
 * Constants. A constant added after a linear layer can be added before it as M^-1 c:
 * M x + c = M (x + M^-1 c). In full rounds the whole vector moves back across the MDS
 * (but not across the full S-box layer); in partial rounds only component 0 meets the
 * S-box, so components 1..t-1 keep moving back through every partial round, while
 * component 0 stays as one scalar per partial round, added right after its S-box. */
static void gen_opt_constants(fr_t *oc, const fr_t *rc, const fr_t *minv, size_t t, unsigned rp) {
    const unsigned h = POSEIDON_FULL_ROUNDS / 2;
    fr_t acc[POSEIDON_T_MAX], tmp[POSEIDON_T_MAX];
    size_t o = 0;
    /* c_0 before the first S-box layer; then M^-1 c_{r+1} after round r's S-boxes. */
    memcpy(&oc[o], &rc[0], t * sizeof(fr_t)), o += t;
    for (unsigned r = 1; r < h; r++, o += t)
        mat_vec(&oc[o], minv, &rc[r * t], t);
    /* Fold from the first round after the partial ones (h + rp) back to the first partial
     * round h: acc = c_{h+rp}; per partial round r (descending): acc' = M^-1 acc, its
     * component 0 becomes round r's scalar, the rest joins c_r. */
    fr_t scal[128];
    assert(rp <= ZKP_ARRAY_LEN(scal));
    memcpy(acc, &rc[(h + rp) * t], t * sizeof(fr_t));
    for (unsigned r = h + rp; r-- > h;) {
        mat_vec(tmp, minv, acc, t);
        scal[r - h] = tmp[0];
        acc[0] = rc[r * t];
        for (size_t i = 1; i < t; i++)
            fr_add(&acc[i], &tmp[i], &rc[r * t + i]);
    }
    /* what remains is added after the S-boxes of the last first-half full round */
    mat_vec(&oc[o], minv, acc, t), o += t;
    memcpy(&oc[o], scal, rp * sizeof(fr_t)), o += rp;
    /* second half: M^-1 c_{r+1} after the S-boxes of rounds h+rp .. rf+rp-2 */
    for (unsigned r = h + rp; r + 1 < POSEIDON_FULL_ROUNDS + rp; r++, o += t)
        mat_vec(&oc[o], minv, &rc[(r + 1) * t], t);
    assert(o == POSEIDON_FULL_ROUNDS * t + rp);
}

/* Matrices, in circomlib's row-vector convention s' = s * A with A = M^T. Every partial
 * round multiplies by A. Write A = A' * A'' with
 *   A   = [[a00, v], [w, Â]]           (v a row, w a column, Â the lower-right block)
 *   A'  = [[1, 0], [0, Â]]             (acts on components 1..t-1 only)
 *   A'' = [[a00, v], [Â^-1 w, I]]      (sparse: 2t-1 free entries)
 * A' commutes with the partial round's S-box and scalar constant on component 0, so it
 * moves into the previous round's matrix: starting from the last partial round, m = A;
 * factor m = m' * m'', keep m'', then m = A * m'. Inductively m_i (i = 0 for the last
 * partial round) = [[a00, v Â^i], [w, Â^(i+1)]], so its sparse factor is
 *   [a00, Â^-(i+1) w, v Â^i]
 * (the S layout of circomlib: S[0] = a00, S[1..t-1] = Â^-(i+1) w, S[t..2t-2] = v Â^i),
 * and what is left for the last first-half full round is
 *   opt_p = m_rp = [[a00, v Â^rp], [w, Â^(rp+1)]]. */
static bool gen_opt_matrices(fr_t *os, fr_t *op, const fr_t *a, size_t t, unsigned rp) {
    enum { N = POSEIDON_T_MAX - 1 };
    const size_t n = t - 1, k = 2 * t - 1;
    fr_t hat[N * N], hinv[N * N], pw[N * N], x[N * N];
    fr_t w[N], wh[N], v[N], tmp[N];
    for (size_t r = 0; r < n; r++) {
        for (size_t c = 0; c < n; c++)
            hat[r * n + c] = a[(r + 1) * t + c + 1];
        w[r] = a[(r + 1) * t];
        v[r] = a[r + 1];
    }
    if (!mat_inverse(hinv, hat, n)) return false;
    mat_vec(wh, hinv, w, n); /* Â^-1 w */
    for (unsigned i = 0; i < rp; i++) {
        fr_t *s = &os[(size_t)(rp - 1 - i) * k]; /* forward order: the last round's factor last */
        s[0] = a[0];
        memcpy(&s[1], wh, n * sizeof(fr_t));
        memcpy(&s[t], v, n * sizeof(fr_t));
        mat_vec(tmp, hinv, wh, n), memcpy(wh, tmp, n * sizeof(fr_t));
        for (size_t c = 0; c < n; c++) { /* v = v * Â */
            fr_t acc = fr_zero_c, y;
            for (size_t r = 0; r < n; r++) {
                fr_mul(&y, &v[r], &hat[r * n + c]);
                fr_add(&acc, &acc, &y);
            }
            tmp[c] = acc;
        }
        memcpy(v, tmp, n * sizeof(fr_t));
    }
    /* pw = Â^(rp+1) by square and multiply */
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < n; c++)
            pw[r * n + c] = r == c ? fr_one_c : fr_zero_c;
    for (unsigned e = rp + 1, bit = 1u << 31; bit; bit >>= 1) {
        mat_mul(x, pw, pw, n), memcpy(pw, x, n * n * sizeof(fr_t));
        if (e & bit) mat_mul(x, pw, hat, n), memcpy(pw, x, n * n * sizeof(fr_t));
    }
    op[0] = a[0];
    for (size_t r = 0; r < n; r++) {
        op[r + 1] = v[r];
        op[(r + 1) * t] = w[r];
        memcpy(&op[(r + 1) * t + 1], &pw[r * n], n * sizeof(fr_t));
    }
    return true;
}

/* ---- storage: one static block per width, filled once ---- */

#define POSEIDON_WIDTHS(X)                                                                         \
    X(2, 56)                                                                                       \
    X(3, 57)                                                                                       \
    X(4, 56) X(5, 60) X(6, 60) X(7, 63) X(8, 64) X(9, 63) X(10, 60) X(11, 66) X(12, 60) X(13, 65)  \
        X(14, 70) X(15, 60) X(16, 64) X(17, 68)

static void generate(const struct poseidon_params *p, fr_t *rc, fr_t *mds, fr_t *oc, fr_t *os,
                     fr_t *om, fr_t *op) {
    const size_t t = p->t;
    struct grain g;
    grain_init(&g, POSEIDON_FIELD_BITS, (unsigned)t, p->rf, p->rp);
    for (size_t i = 0; i < (p->rf + p->rp) * t; i++)
        grain_constant(&g, &rc[i]);
    gen_mds(&g, mds, t);

    fr_t minv[POSEIDON_T_MAX * POSEIDON_T_MAX];
    bool ok = mat_inverse(minv, mds, t); /* a Cauchy matrix with distinct x, y is invertible */
    assert(ok);
    for (size_t i = 0; i < t; i++)
        for (size_t j = 0; j < t; j++)
            om[i * t + j] = mds[j * t + i];
    gen_opt_constants(oc, rc, minv, t, p->rp);
    ok = gen_opt_matrices(os, op, om, t, p->rp);
    assert(ok); /* holds for all 16 widths (the test generates them all) */
    (void)ok;
}

#define RF POSEIDON_FULL_ROUNDS
#define DEFINE_WIDTH(T, RP)                                                                        \
    static fr_t rc_##T[(RF + RP) * T], mds_##T[T * T], oc_##T[RF * T + RP];                        \
    static fr_t os_##T[RP * (2 * T - 1)], om_##T[T * T], op_##T[T * T];                            \
    static const struct poseidon_params params_##T = {.t = T,                                      \
                                                      .rf = RF,                                    \
                                                      .rp = RP,                                    \
                                                      .rc = rc_##T,                                \
                                                      .mds = mds_##T,                              \
                                                      .opt_c = oc_##T,                             \
                                                      .opt_s = os_##T,                             \
                                                      .opt_m = om_##T,                             \
                                                      .opt_p = op_##T};                            \
    static pthread_once_t once_##T = PTHREAD_ONCE_INIT;                                            \
    static void init_##T(void) {                                                                   \
        generate(&params_##T, rc_##T, mds_##T, oc_##T, os_##T, om_##T, op_##T);                    \
    }

POSEIDON_WIDTHS(DEFINE_WIDTH)

const struct poseidon_params *poseidon_params(size_t t) {
    switch (t) {
#define CASE_WIDTH(T, RP)                                                                          \
    case T:                                                                                        \
        pthread_once(&once_##T, init_##T);                                                         \
        return &params_##T;
        POSEIDON_WIDTHS(CASE_WIDTH)
#undef CASE_WIDTH
    default:
        return NULL;
    }
}
