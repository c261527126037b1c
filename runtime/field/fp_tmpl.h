/* zkpot L1 field: the out-of-line operations of a 254-bit prime field in
 * Montgomery form (pow, inversions, sqrt, conversions), instantiated twice
 * (fq.c, fr.c). The hot operations (add, mul, ...) are inline in
 * zkpot/field.h. Before including, define:
 *   FP_T, FP(name) (prefixing), FP_M0..FP_M3 (modulus limbs), FP_R0..3 (2^256 mod m),
 *   FP_R2_0..3 (2^512 mod m), FP_R3_0..3 (2^768 mod m), FP_INV (-m^-1 mod 2^64),
 *   FP_S (2-adicity of m - 1), FP_ROOT_0..3 (a primitive 2^S-th root of unity,
 *   Montgomery form). */
#include <assert.h>
#include <gmp.h>
#include <string.h>

#include "zkpot/field.h"

typedef unsigned __int128 u128;

const uint64_t FP(modulus)[4] = {FP_M0, FP_M1, FP_M2, FP_M3};
const FP_T FP(zero_c) = {{0, 0, 0, 0}};
const FP_T FP(one_c) = {{FP_R0, FP_R1, FP_R2, FP_R3}};
static const FP_T FP(r2_c) = {{FP_R2_0, FP_R2_1, FP_R2_2, FP_R2_3}};
static const FP_T FP(r3_c) = {{FP_R3_0, FP_R3_1, FP_R3_2, FP_R3_3}};
static const FP_T FP(root_c) = {{FP_ROOT_0, FP_ROOT_1, FP_ROOT_2, FP_ROOT_3}};

/* r = a - m if a >= m, else a; constant time. */
static inline void FP(cond_sub_m)(uint64_t r[4], const uint64_t a[4]) {
    uint64_t t[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)a[i] - FP(modulus)[i] - borrow;
        t[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    uint64_t mask = -borrow; /* all ones if a < m: keep a */
    for (int i = 0; i < 4; i++)
        r[i] = (a[i] & mask) | (t[i] & ~mask);
}

void FP(set_u64)(FP_T *r, uint64_t v) {
    FP_T t = {{v, 0, 0, 0}};
    FP(mul)(r, &t, &FP(r2_c));
}

/* Sliding-window exponentiation (Menezes, van Oorschot, Vanstone, "Handbook of
 * Applied Cryptography", Algorithm 14.85) with the odd powers a, a^3, ...,
 * a^(2^w - 1) precomputed. Branches and table indices depend on e only. */
void FP(pow)(FP_T *r, const FP_T *a, const uint64_t *e, size_t elimbs) {
    size_t nbits = 0;
    for (size_t i = elimbs; i-- > 0;)
        if (e[i]) {
            nbits = 64 * i + 64 - (size_t)__builtin_clzll(e[i]);
            break;
        }
    if (nbits == 0) {
        *r = FP(one_c);
        return;
    }
    unsigned w = nbits <= 8 ? 1 : nbits <= 64 ? 3 : 5;
    FP_T tab[16], a2; /* tab[j] = a^(2j+1) */
    tab[0] = *a;
    if (w > 1) {
        FP(sqr)(&a2, a);
        for (unsigned j = 1; j < (1u << (w - 1)); j++)
            FP(mul)(&tab[j], &tab[j - 1], &a2);
    }
#define FP_EBIT(k) ((e[(k) / 64] >> ((k) % 64)) & 1)
    FP_T acc = FP(one_c);
    bool started = false;
    for (size_t k = nbits; k-- > 0;) {
        if (!FP_EBIT(k)) {
            if (started) FP(sqr)(&acc, &acc);
            continue;
        }
        /* the longest window e[k..lo] of at most w bits that ends in a 1 */
        size_t lo = k + 1 >= w ? k + 1 - w : 0;
        while (!FP_EBIT(lo))
            lo++;
        unsigned val = 0;
        for (size_t j = k + 1; j-- > lo;) {
            val = (val << 1) | (unsigned)FP_EBIT(j);
            if (started) FP(sqr)(&acc, &acc);
        }
        if (started) {
            FP(mul)(&acc, &acc, &tab[val >> 1]);
        } else {
            acc = tab[val >> 1];
            started = true;
        }
        k = lo;
    }
#undef FP_EBIT
    *r = acc;
    zkp_memzero(tab, sizeof tab);
    zkp_memzero(&a2, sizeof a2);
}

/* ---- variable-time inverse: Bernstein-Yang safegcd ----
 * D. J. Bernstein, B.-Y. Yang, "Fast constant-time gcd computation and modular
 * inversion", TCHES 2019 (eprint 2019/266), with the variable-time batching of
 * divsteps (eta = -delta; runs of zeros shifted out at once; up to 6 low bits
 * of g cancelled per step with f^-1 mod 64 = f (2 - f^2)), 62 divsteps per
 * batch. Numbers are 5 signed limbs of 62 bits (limbs 0..3 in [0, 2^62), the
 * top one carries the sign). */

typedef __int128 i128;
#define FP_M62 ((uint64_t)-1 >> 2)

static const int64_t FP(m62)[5] = {
    (int64_t)(FP_M0 & FP_M62), (int64_t)(((FP_M0 >> 62) | (FP_M1 << 2)) & FP_M62),
    (int64_t)(((FP_M1 >> 60) | (FP_M2 << 4)) & FP_M62),
    (int64_t)(((FP_M2 >> 58) | (FP_M3 << 6)) & FP_M62), (int64_t)(FP_M3 >> 56)};

static void FP(to_s62)(int64_t r[5], const uint64_t a[4]) {
    r[0] = (int64_t)(a[0] & FP_M62);
    r[1] = (int64_t)(((a[0] >> 62) | (a[1] << 2)) & FP_M62);
    r[2] = (int64_t)(((a[1] >> 60) | (a[2] << 4)) & FP_M62);
    r[3] = (int64_t)(((a[2] >> 58) | (a[3] << 6)) & FP_M62);
    r[4] = (int64_t)(a[3] >> 56);
}

/* r must be in [0, 2^256) */
static void FP(from_s62)(uint64_t a[4], const int64_t r[5]) {
    const uint64_t *u = (const uint64_t *)r;
    a[0] = u[0] | (u[1] << 62);
    a[1] = (u[1] >> 2) | (u[2] << 60);
    a[2] = (u[2] >> 4) | (u[3] << 58);
    a[3] = (u[3] >> 6) | (u[4] << 56);
}

/* Up to 62 divsteps on the low bits of f and g (f odd). Returns the new eta and
 * the transition matrix t = (u, v, q, r) with 2^62 (f', g') = (u f + v g, q f + r g). */
static int64_t FP(divsteps_62_var)(int64_t eta, uint64_t f, uint64_t g, int64_t t[4]) {
    uint64_t u = 1, v = 0, q = 0, r = 1; /* two's complement */
    int i = 62;
    for (;;) {
        int zeros = __builtin_ctzll(g | (~0ULL << i));
        g >>= zeros, u <<= zeros, v <<= zeros;
        eta -= zeros, i -= zeros;
        if (i == 0) break;
        /* f and g odd */
        if (eta < 0) { /* (f, g, u, v, q, r) = (g, -f, q, r, -u, -v) */
            uint64_t x;
            eta = -eta;
            x = f, f = g, g = 0 - x;
            x = u, u = q, q = 0 - x;
            x = v, v = r, r = 0 - x;
        }
        int limit = eta + 1 > i ? i : (int)eta + 1;
        if (limit > 6) limit = 6;
        uint64_t mask = ~0ULL >> (64 - limit);
        uint64_t w = (g * f * (f * f - 2)) & mask; /* g + w f = 0 mod 2^limit */
        g += f * w, q += u * w, r += v * w;
    }
    t[0] = (int64_t)u, t[1] = (int64_t)v, t[2] = (int64_t)q, t[3] = (int64_t)r;
    return eta;
}

/* (f, g) = (u f + v g, q f + r g) / 2^62, exact. */
static void FP(update_fg)(int64_t f[5], int64_t g[5], const int64_t t[4]) {
    i128 cf = (i128)t[0] * f[0] + (i128)t[1] * g[0];
    i128 cg = (i128)t[2] * f[0] + (i128)t[3] * g[0];
    cf >>= 62, cg >>= 62;
    for (int i = 1; i < 5; i++) {
        cf += (i128)t[0] * f[i] + (i128)t[1] * g[i];
        cg += (i128)t[2] * f[i] + (i128)t[3] * g[i];
        f[i - 1] = (int64_t)((uint64_t)cf & FP_M62);
        g[i - 1] = (int64_t)((uint64_t)cg & FP_M62);
        cf >>= 62, cg >>= 62;
    }
    f[4] = (int64_t)cf, g[4] = (int64_t)cg;
}

/* x = (u d + v e + k m) / 2^62 with k in [0, 2^62) making the sum divisible;
 * for d, e in [0, m) and |u| + |v| <= 2^62 the result lies in (-m, 2m). */
static void FP(update_de)(int64_t d[5], int64_t e[5], const int64_t t[4]) {
    i128 cd = (i128)t[0] * d[0] + (i128)t[1] * e[0];
    i128 ce = (i128)t[2] * d[0] + (i128)t[3] * e[0];
    int64_t kd = (int64_t)(((uint64_t)cd * FP_INV) & FP_M62); /* cd + kd m = 0 mod 2^62 */
    int64_t ke = (int64_t)(((uint64_t)ce * FP_INV) & FP_M62);
    cd += (i128)kd * FP(m62)[0], ce += (i128)ke * FP(m62)[0];
    cd >>= 62, ce >>= 62;
    for (int i = 1; i < 5; i++) {
        cd += (i128)t[0] * d[i] + (i128)t[1] * e[i] + (i128)kd * FP(m62)[i];
        ce += (i128)t[2] * d[i] + (i128)t[3] * e[i] + (i128)ke * FP(m62)[i];
        d[i - 1] = (int64_t)((uint64_t)cd & FP_M62);
        e[i - 1] = (int64_t)((uint64_t)ce & FP_M62);
        cd >>= 62, ce >>= 62;
    }
    d[4] = (int64_t)cd, e[4] = (int64_t)ce;
}

/* x = x + m if x < 0; then x = x - m if x >= m; constant time. */
static void FP(s62_normalize_ct)(int64_t x[5]) {
    int64_t neg = x[4] >> 63, c = 0, y[5];
    for (int i = 0; i < 4; i++) {
        c += x[i] + (FP(m62)[i] & neg);
        x[i] = (int64_t)((uint64_t)c & FP_M62);
        c >>= 62;
    }
    x[4] += (FP(m62)[4] & neg) + c;
    c = 0;
    for (int i = 0; i < 4; i++) {
        c += x[i] - FP(m62)[i];
        y[i] = (int64_t)((uint64_t)c & FP_M62);
        c >>= 62;
    }
    y[4] = x[4] - FP(m62)[4] + c;
    int64_t keep = y[4] >> 63; /* x < m */
    for (int i = 0; i < 5; i++)
        x[i] = (x[i] & keep) | (y[i] & ~keep);
}

/* update_de, then d and e brought back to [0, m); constant time. */
static void FP(update_de_ct)(int64_t d[5], int64_t e[5], const int64_t t[4]) {
    FP(update_de)(d, e, t);
    FP(s62_normalize_ct)(d);
    FP(s62_normalize_ct)(e);
}

/* 62 constant-time divsteps (Bernstein-Yang, section 8): if delta > 0 and g is
 * odd, (delta, f, g) = (1 - delta, g, (g - f) / 2), else (1 + delta, f,
 * (g + (g mod 2) f) / 2). The swap and the additions are done with masks. */
static int64_t FP(divsteps_62_ct)(int64_t delta, uint64_t f, uint64_t g, int64_t t[4]) {
    uint64_t u = 1, v = 0, q = 0, r = 1, x;
    for (int i = 0; i < 62; i++) {
        uint64_t odd = 0 - (g & 1);
        uint64_t swap = (uint64_t)((0 - delta) >> 63) & odd; /* delta > 0 and g odd */
        x = (f ^ g) & swap, f ^= x, g ^= x;
        x = (u ^ q) & swap, u ^= x, q ^= x;
        x = (v ^ r) & swap, v ^= x, r ^= x;
        g = (g ^ swap) - swap, q = (q ^ swap) - swap, r = (r ^ swap) - swap;
        delta = (int64_t)(((uint64_t)delta ^ swap) - swap);
        g += f & odd, q += u & odd, r += v & odd;
        g >>= 1, u <<= 1, v <<= 1;
        delta++;
    }
    t[0] = (int64_t)u, t[1] = (int64_t)v, t[2] = (int64_t)q, t[3] = (int64_t)r;
    return delta;
}

/* Constant-time inverse by safegcd: 12 batches of 62 divsteps = 744 >= 735,
 * the paper's bound floor((49 d + 57) / 17) for d = 254 bits (Theorem 11.2),
 * after which g = 0 and f = +-1. Same invariants as inv_var. */
void FP(inv)(FP_T *r, const FP_T *a) {
    int64_t f[5], g[5], d[5] = {0, 0, 0, 0, 0}, e[5] = {1, 0, 0, 0, 0}, t[4], delta = 1;
    memcpy(f, FP(m62), sizeof f);
    FP(to_s62)(g, a->l);
    for (int k = 0; k < 12; k++) {
        delta = FP(divsteps_62_ct)(delta, (uint64_t)f[0], (uint64_t)g[0], t);
        FP(update_fg)(f, g, t);
        FP(update_de_ct)(d, e, t);
    }
#ifdef ZKP_VERIFY
    assert((g[0] | g[1] | g[2] | g[3] | g[4]) == 0);
    assert((f[0] == 1 && (f[1] | f[2] | f[3] | f[4]) == 0) || FP(is_zero)(a) ||
           (f[0] == (int64_t)FP_M62 && f[1] == (int64_t)FP_M62 && f[2] == (int64_t)FP_M62 &&
            f[3] == (int64_t)FP_M62 && f[4] == -1));
#endif
    FP_T x, nx;
    FP(from_s62)(x.l, d);
    FP(neg)(&nx, &x);
    uint64_t neg = (uint64_t)(f[4] >> 63); /* f = -1 */
    for (int i = 0; i < 4; i++)
        x.l[i] = (x.l[i] & ~neg) | (nx.l[i] & neg);
    FP(mul)(r, &x, &FP(r3_c)); /* a = 0 gives d = 0 and so 0 */
    zkp_memzero(f, sizeof f), zkp_memzero(g, sizeof g), zkp_memzero(d, sizeof d);
    zkp_memzero(e, sizeof e), zkp_memzero(t, sizeof t), zkp_memzero(&x, sizeof x);
    zkp_memzero(&nx, sizeof nx);
}

/* Invariants: d A = f, e A = g (mod m) for the integer A in a's limbs
 * (A = a 2^256); at the end g = 0 and f = +-1, so A^-1 = +-d, and the
 * Montgomery form of a^-1 is A^-1 2^512 = mont(A^-1, 2^768 mod m). Variable time. */
void FP(inv_var)(FP_T *r, const FP_T *a) {
    if (FP(is_zero)(a)) {
        *r = FP(zero_c);
        return;
    }
    int64_t f[5], g[5], d[5] = {0, 0, 0, 0, 0}, e[5] = {1, 0, 0, 0, 0}, t[4], eta = -1;
    memcpy(f, FP(m62), sizeof f);
    FP(to_s62)(g, a->l);
    for (;;) {
        eta = FP(divsteps_62_var)(eta, (uint64_t)f[0], (uint64_t)g[0], t);
        FP(update_fg)(f, g, t);
        FP(update_de_ct)(d, e, t);
        if ((g[0] | g[1] | g[2] | g[3] | g[4]) == 0) break;
    }
    FP_T x;
    FP(from_s62)(x.l, d);
    if (f[4] < 0) FP(neg)(&x, &x); /* f = -1 */
    FP(mul)(r, &x, &FP(r3_c));
}

/* Constant-time select: r = c ? b : a. */
static inline void FP(csel)(FP_T *r, const FP_T *a, const FP_T *b, bool c) {
    uint64_t mask = 0 - (uint64_t)c;
    for (int i = 0; i < 4; i++)
        r->l[i] = (a->l[i] & ~mask) | (b->l[i] & mask);
}

/* Montgomery's trick: prefix products with zeros replaced by 1, one
 * constant-time inversion, then the way back. Zeros are selected without
 * branches so the work does not depend on where they are. */
void FP(batch_inv)(FP_T *out, const FP_T *in, size_t n) {
    if (n == 0) return;
    FP_T *pref = zkp_malloc(n * sizeof *pref);
    if (!pref) { /* fall back to one inversion each */
        for (size_t i = 0; i < n; i++)
            FP(inv)(&out[i], &in[i]);
        return;
    }
    FP_T acc = FP(one_c), x;
    for (size_t i = 0; i < n; i++) {
        pref[i] = acc;
        FP(csel)(&x, &in[i], &FP(one_c), FP(is_zero)(&in[i]));
        FP(mul)(&acc, &acc, &x);
    }
    FP(inv)(&acc, &acc);
    for (size_t i = n; i-- > 0;) {
        bool z = FP(is_zero)(&in[i]);
        FP(csel)(&x, &in[i], &FP(one_c), z);
        FP_T y;
        FP(mul)(&y, &acc, &pref[i]);
        FP(mul)(&acc, &acc, &x);
        FP(csel)(&out[i], &y, &FP(zero_c), z);
    }
    zkp_free_secret(pref, n * sizeof *pref);
    zkp_memzero(&acc, sizeof acc);
    zkp_memzero(&x, sizeof x);
}

/* Euler's criterion a^((m-1)/2); constant time. */
int FP(legendre)(const FP_T *a) {
    static const uint64_t e[4] = {(FP_M0 >> 1) | (FP_M1 << 63), (FP_M1 >> 1) | (FP_M2 << 63),
                                  (FP_M2 >> 1) | (FP_M3 << 63), FP_M3 >> 1};
    FP_T t;
    FP(pow)(&t, a, e, 4);
    int one = FP(is_one)(&t), zero = FP(is_zero)(a);
    return one - (1 - one - zero); /* 1, 0 or -1 */
}

/* Tonelli-Shanks (Cohen, "A Course in Computational Algebraic Number Theory",
 * Algorithm 1.5.1) with m - 1 = 2^S t, t odd, and the precomputed primitive
 * 2^S-th root c = z^t for a non-residue z. With w = a^((t-1)/2):
 * x = a w = a^((t+1)/2) and b = x w = a^t, so x^2 = a b; each round multiplies
 * b by a smaller power-of-two-order element until b = 1. For Fq (S = 1) this is
 * a^((p+1)/4) and one check. Variable time. */
bool FP(sqrt)(FP_T *r, const FP_T *a) {
    if (FP(is_zero)(a)) {
        *r = FP(zero_c);
        return true;
    }
    /* (t - 1) / 2 = (m - 1) >> (S + 1) */
    uint64_t e[4] = {FP_M0 - 1, FP_M1, FP_M2, FP_M3};
    for (int k = 0; k <= FP_S; k++) {
        for (int i = 0; i < 3; i++)
            e[i] = (e[i] >> 1) | (e[i + 1] << 63);
        e[3] >>= 1;
    }
    FP_T w, x, b, z = FP(root_c), g;
    FP(pow)(&w, a, e, 4);
    FP(mul)(&x, a, &w);
    FP(mul)(&b, &x, &w);
    unsigned s = FP_S;
    while (!FP(is_one)(&b)) {
        unsigned i = 0;
        FP_T t = b;
        while (!FP(is_one)(&t) && i < s) {
            FP(sqr)(&t, &t);
            i++;
        }
        if (i == s) return false; /* b has order 2^s: a is not a square */
        g = z;
        for (unsigned j = 0; j + i + 1 < s; j++)
            FP(sqr)(&g, &g);
        FP(sqr)(&z, &g);
        FP(mul)(&x, &x, &g);
        FP(mul)(&b, &b, &z);
        s = i;
    }
    *r = x;
    return true;
}

/* v < m, constant time (the borrow of v - m). */
static bool FP(limbs_lt_m)(const uint64_t v[4]) {
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)v[i] - FP(modulus)[i] - borrow;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    return borrow;
}

zkp_err FP(from_limbs)(FP_T *r, const uint64_t v[4]) {
    if (!FP(limbs_lt_m)(v)) return zkp_fail(ZKP_ERR_NOT_CANONICAL, "field element >= modulus");
    FP_T t = {{v[0], v[1], v[2], v[3]}};
    FP(mul)(r, &t, &FP(r2_c));
    return ZKP_OK;
}

void FP(to_limbs)(uint64_t v[4], const FP_T *a) {
    FP_T one = {{1, 0, 0, 0}}, t;
    FP(mul)(&t, a, &one);
    memcpy(v, t.l, sizeof t.l);
}

static void FP(le_to_limbs)(uint64_t v[4], const uint8_t b[32]) {
    for (int i = 0; i < 4; i++) {
        uint64_t x = 0;
        for (int j = 7; j >= 0; j--)
            x = (x << 8) | b[8 * i + j];
        v[i] = x;
    }
}

static void FP(limbs_to_le)(uint8_t b[32], const uint64_t v[4]) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++)
            b[8 * i + j] = (uint8_t)(v[i] >> (8 * j));
}

zkp_err FP(from_bytes_le)(FP_T *r, const uint8_t b[32]) {
    uint64_t v[4];
    FP(le_to_limbs)(v, b);
    return FP(from_limbs)(r, v);
}

zkp_err FP(from_bytes_be)(FP_T *r, const uint8_t b[32]) {
    uint8_t le[32];
    for (int i = 0; i < 32; i++)
        le[i] = b[31 - i];
    return FP(from_bytes_le)(r, le);
}

void FP(to_bytes_le)(uint8_t b[32], const FP_T *a) {
    uint64_t v[4];
    FP(to_limbs)(v, a);
    FP(limbs_to_le)(b, v);
}

void FP(to_bytes_be)(uint8_t b[32], const FP_T *a) {
    uint8_t le[32];
    FP(to_bytes_le)(le, a);
    for (int i = 0; i < 32; i++)
        b[i] = le[31 - i];
}

zkp_err FP(from_mont_bytes_le)(FP_T *r, const uint8_t b[32]) {
    uint64_t v[4];
    FP(le_to_limbs)(v, b);
    if (!FP(limbs_lt_m)(v))
        return zkp_fail(ZKP_ERR_NOT_CANONICAL, "Montgomery field element >= modulus");
    memcpy(r->l, v, sizeof v);
    return ZKP_OK;
}

void FP(to_mont_bytes_le)(uint8_t b[32], const FP_T *a) { FP(limbs_to_le)(b, a->l); }

void FP(reduce_bytes_le)(FP_T *r, const uint8_t b[32]) {
    uint64_t v[4];
    FP(le_to_limbs)(v, b);
    /* v < 2^256 < 6m: at most five subtractions; then convert. */
    for (int k = 0; k < 5; k++)
        FP(cond_sub_m)(v, v);
    FP_T t = {{v[0], v[1], v[2], v[3]}};
    FP(mul)(r, &t, &FP(r2_c));
}

/* Decimal digits only (no sign, space, prefix), at most 78 characters (the
 * longest element has 77 digits), value < m. Accumulates v = 10 v + d in four
 * limbs; a carry out of the top limb means v >= 2^256 > m. */
zkp_err FP(from_dec)(FP_T *r, const char *s) {
    if (!s || !*s) return zkp_fail(ZKP_ERR_FORMAT, "empty decimal string");
    uint64_t v[4] = {0, 0, 0, 0}, over = 0;
    size_t n = 0;
    for (const char *p = s; *p; p++, n++) {
        if (*p < '0' || *p > '9')
            return zkp_fail(ZKP_ERR_FORMAT,
                            "invalid character 0x%02x at position %zu in decimal \"%.80s\" "
                            "(digits 0-9 only)",
                            (unsigned)(unsigned char)*p, n, s);
        if (n >= 78)
            return zkp_fail(ZKP_ERR_FORMAT, "decimal string \"%.80s...\" longer than 78 digits", s);
        uint64_t c = (uint64_t)(*p - '0');
        for (int i = 0; i < 4; i++) {
            u128 t = (u128)v[i] * 10 + c;
            v[i] = (uint64_t)t;
            c = (uint64_t)(t >> 64);
        }
        over |= c;
    }
    if (over || !FP(limbs_lt_m)(v))
        return zkp_fail(ZKP_ERR_NOT_CANONICAL, "decimal value \"%.80s\" >= field modulus", s);
    FP_T t = {{v[0], v[1], v[2], v[3]}};
    FP(mul)(r, &t, &FP(r2_c));
    return ZKP_OK;
}

char *FP(to_dec)(char buf[ZKP_DEC_MAX], const FP_T *a) {
    uint64_t v[4];
    FP(to_limbs)(v, a);
    mpz_t z;
    mpz_init(z);
    mpz_import(z, 4, -1, 8, 0, 0, v);
    mpz_get_str(buf, 10, z);
    mpz_clear(z);
    return buf;
}

zkp_err FP(random)(FP_T *r) {
    for (;;) {
        uint64_t v[4];
        zkp_err e = zkp_random_bytes(v, sizeof v);
        if (e) return e;
        v[3] &= (1ULL << 62) - 1; /* m < 2^254: mask to 254 bits, reject >= m */
        if (FP(limbs_lt_m)(v)) {
            FP_T t = {{v[0], v[1], v[2], v[3]}};
            FP(mul)(r, &t, &FP(r2_c));
            zkp_memzero(v, sizeof v);
            zkp_memzero(&t, sizeof t);
            return ZKP_OK;
        }
    }
}
