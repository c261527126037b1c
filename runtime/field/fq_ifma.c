/* zkpot L1 field: 8-lane Fq arithmetic with AVX-512 IFMA, radix 2^52, and the
 * batch of affine chord additions on it (see field/fq_ifma.h for the API).
 *
 * Background (read, not copied): Gueron and Krasnov, "Accelerating Big
 * Integer Arithmetic Using Intel IFMA Extensions" (ARITH 2016) for 52-bit
 * limbs with vpmadd52luq/huq and lazily carried 64-bit accumulators; Drucker
 * and Gueron, "Fast modular squaring with AVX512IFMA" (ITNG 2019) for the
 * squaring with doubled cross products; the vertical layout (one element per
 * lane, one limb per register) is the one AVX-512 ECC batch code uses, e.g.
 * the radix-2^52 field code of curve25519-dalek's IFMA backend. Montgomery
 * reduction word by word as in Koc, Acar, Kaliski, "Analyzing and comparing
 * Montgomery multiplication algorithms" (1996).
 *
 * The whole file is compiled for AVX-512F + IFMA with a function attribute,
 * so the rest of the library builds for any x86-64; callers check
 * fq_ifma_available() (cpuid once, plus the ZKPOT_NO_IFMA=1 override) first.
 *
 * ---- bounds (p < 2^254, so 4p < 2^256 and 8p < 2^257 < 2^260) ----
 * A lane value X = sum_k x_k 2^(52k) is "normalized" when every x_k < 2^52
 * (what vpmadd52 reads: it ignores bits 52..63 of its multiplicands).
 * mul: t = a b + Q p with Q < 2^260 built one 52-bit digit q_i per step so
 *   that t = 0 mod 2^260; the result t / 2^260 < a b / 2^260 + p. For a, b <
 *   8p: a b < 64 p^2 < 2^6 2^254 p = 2^260 p, so the result is < 2p. The
 *   accumulators are 64-bit and never overflow: a column receives at most 10
 *   product halves of the a b part and 10 of the Q p part (each < 2^52) plus
 *   a carry < 2^13: < 21 * 2^52 < 2^57.
 * sub: a - b + 4p, per limb as a signed 64-bit value, then a signed carry
 *   pass (arithmetic shifts): nonnegative and below 2^260 when b <= 4p and
 *   a < 8p, so the carried limbs are normalized.
 * The outputs of mul/sqr (< 2p) and their sums and differences are kept below
 *   8p wherever they feed mul again; canonical values (< p) are produced by
 *   conditional subtractions of 4p, 2p, p only where they are stored. */
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#include "field/fq_ifma.h"
#include "zkpot/util.h"

#define IFMA_TGT __attribute__((target("avx512f,avx512ifma")))
#define IFMA_INL static inline __attribute__((always_inline, target("avx512f,avx512ifma")))

#define M52 0xfffffffffffffULL

/* p, 2p, 4p in 52-bit limbs; MP = -p^-1 mod 2^52; ONE = 2^260 mod p (1 in the
 * R' domain). Python: [(v >> (52*k)) & (2**52 - 1) for k in range(5)]. */
static const uint64_t fq52_p[5] = {0x8c16d87cfd47ULL, 0x916871ca8d3c2ULL, 0x181585d97816aULL,
                                   0xa029b85045b68ULL, 0x30644e72e131ULL};
static const uint64_t fq52_2p[5] = {0x1182db0f9fa8eULL, 0x22d0e3951a784ULL, 0x302b0bb2f02d5ULL,
                                    0x405370a08b6d0ULL, 0x60c89ce5c263ULL};
static const uint64_t fq52_4p[5] = {0x2305b61f3f51cULL, 0x45a1c72a34f08ULL, 0x60561765e05aaULL,
                                    0x80a6e14116da0ULL, 0xc19139cb84c6ULL};
static const uint64_t fq52_one[5] = {0x20880f6fce4b4ULL, 0x49baa989a8455ULL, 0x18f014a498908ULL,
                                     0x724f85a9201d8ULL, 0x1f16424e1bb7ULL};
#define FQ52_MP 0x20782e4866389ULL

/* ---- dispatch ---- */

static int ifma_state = -1; /* -1 unknown, 0 no, 1 yes */

/* __builtin_cpu_supports checks cpuid and, for AVX-512, that XCR0 enables the
 * zmm state (libgcc's and compiler-rt's cpu model code both do). */
bool fq_ifma_cpu(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512ifma");
}

bool fq_ifma_available(void) {
    int s = __atomic_load_n(&ifma_state, __ATOMIC_ACQUIRE);
    if (s < 0) {
        const char *e = getenv("ZKPOT_NO_IFMA");
        bool off = e && e[0] == '1' && e[1] == 0;
        s = !off && fq_ifma_cpu();
        __atomic_store_n(&ifma_state, s, __ATOMIC_RELEASE);
    }
    return s == 1;
}

/* ---- the vector kernels: one __m512i per limb, v[k] = limb k of 8 lanes ---- */

typedef struct {
    __m512i v[5];
} f8;

IFMA_INL __m512i bc(uint64_t x) { return _mm512_set1_epi64((long long)x); }

IFMA_INL void f8_const(f8 *r, const uint64_t c[5]) {
    for (int k = 0; k < 5; k++)
        r->v[k] = bc(c[k]);
}

/* Signed carry pass: every limb but the top one into [0, 2^52). */
IFMA_INL void f8_carry(f8 *r) {
    const __m512i m = bc(M52);
    for (int k = 0; k < 4; k++) {
        r->v[k + 1] = _mm512_add_epi64(r->v[k + 1], _mm512_srai_epi64(r->v[k], 52));
        r->v[k] = _mm512_and_si512(r->v[k], m);
    }
}

IFMA_INL void f8_add(f8 *r, const f8 *a, const f8 *b) {
    for (int k = 0; k < 5; k++)
        r->v[k] = _mm512_add_epi64(a->v[k], b->v[k]);
    f8_carry(r);
}

/* r = a - b + kp (kp: p, 2p or 4p in 52-bit limbs, >= b) */
IFMA_INL void f8_subk(f8 *r, const f8 *a, const f8 *b, const uint64_t kp[5]) {
    for (int k = 0; k < 5; k++)
        r->v[k] = _mm512_sub_epi64(_mm512_add_epi64(a->v[k], bc(kp[k])), b->v[k]);
    f8_carry(r);
}

/* r = a - kp where a >= kp, else a (per lane) */
IFMA_INL void f8_csub(f8 *r, const f8 *a, const uint64_t kp[5]) {
    f8 d;
    for (int k = 0; k < 5; k++)
        d.v[k] = _mm512_sub_epi64(a->v[k], bc(kp[k]));
    f8_carry(&d);
    __mmask8 neg = _mm512_cmplt_epi64_mask(d.v[4], _mm512_setzero_si512());
    for (int k = 0; k < 5; k++)
        r->v[k] = _mm512_mask_blend_epi64(neg, d.v[k], a->v[k]);
}

/* a mod p for a < 8p */
IFMA_INL void f8_reduce8(f8 *r, const f8 *a) {
    f8_csub(r, a, fq52_4p);
    f8_csub(r, r, fq52_2p);
    f8_csub(r, r, fq52_p);
}

/* Montgomery reduction of the 10 columns t[0..9] (the unreduced a b; see the
 * bounds above): for i < 5, q = t_i (-p^-1) mod 2^52, t += q p 2^(52i);
 * then r = t / 2^260, normalized. The low half of q p_0 is not computed: t_i +
 * lo(q p_0) is 0 mod 2^52, so it carries (t_i >> 52) + (t_i mod 2^52 != 0). */
IFMA_INL void f8_redc(f8 *r, __m512i t[10]) {
    const __m512i mp = bc(FQ52_MP), m = bc(M52), one = bc(1), z = _mm512_setzero_si512();
    const __m512i p0 = bc(fq52_p[0]), p1 = bc(fq52_p[1]), p2 = bc(fq52_p[2]), p3 = bc(fq52_p[3]),
                  p4 = bc(fq52_p[4]);
    for (int i = 0; i < 5; i++) {
        __m512i q = _mm512_madd52lo_epu64(z, t[i], mp);
        __mmask8 nz = _mm512_test_epi64_mask(t[i], m);
        __m512i c = _mm512_mask_add_epi64(_mm512_srli_epi64(t[i], 52), nz,
                                          _mm512_srli_epi64(t[i], 52), one);
        t[i + 1] = _mm512_add_epi64(t[i + 1], c);
        t[i + 1] = _mm512_madd52hi_epu64(t[i + 1], q, p0);
        t[i + 1] = _mm512_madd52lo_epu64(t[i + 1], q, p1);
        t[i + 2] = _mm512_madd52hi_epu64(t[i + 2], q, p1);
        t[i + 2] = _mm512_madd52lo_epu64(t[i + 2], q, p2);
        t[i + 3] = _mm512_madd52hi_epu64(t[i + 3], q, p2);
        t[i + 3] = _mm512_madd52lo_epu64(t[i + 3], q, p3);
        t[i + 4] = _mm512_madd52hi_epu64(t[i + 4], q, p3);
        t[i + 4] = _mm512_madd52lo_epu64(t[i + 4], q, p4);
        t[i + 5] = _mm512_madd52hi_epu64(t[i + 5], q, p4);
    }
    for (int k = 5; k < 9; k++) {
        t[k + 1] = _mm512_add_epi64(t[k + 1], _mm512_srli_epi64(t[k], 52));
        t[k] = _mm512_and_si512(t[k], m);
    }
    for (int k = 0; k < 5; k++)
        r->v[k] = t[k + 5];
}

/* r = a b 2^-260 mod p (< 2p for a, b < 8p, normalized). Low and high product
 * halves go to separate accumulators (shorter dependency chains per column). */
IFMA_INL void f8_mul(f8 *r, const f8 *a, const f8 *b) {
    __m512i lo[10], hi[10];
    for (int k = 0; k < 10; k++)
        lo[k] = hi[k] = _mm512_setzero_si512();
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            lo[i + j] = _mm512_madd52lo_epu64(lo[i + j], a->v[j], b->v[i]);
            hi[i + j + 1] = _mm512_madd52hi_epu64(hi[i + j + 1], a->v[j], b->v[i]);
        }
    for (int k = 0; k < 10; k++)
        lo[k] = _mm512_add_epi64(lo[k], hi[k]);
    f8_redc(r, lo);
}

/* r = a^2 2^-260 mod p: the 10 cross products a_i a_j (i < j) once, doubled,
 * plus the 5 squares (30 multiply-adds instead of 50 before the reduction). */
IFMA_INL void f8_sqr(f8 *r, const f8 *a) {
    __m512i lo[10], hi[10];
    for (int k = 0; k < 10; k++)
        lo[k] = hi[k] = _mm512_setzero_si512();
    for (int i = 0; i < 5; i++)
        for (int j = i + 1; j < 5; j++) {
            lo[i + j] = _mm512_madd52lo_epu64(lo[i + j], a->v[i], a->v[j]);
            hi[i + j + 1] = _mm512_madd52hi_epu64(hi[i + j + 1], a->v[i], a->v[j]);
        }
    for (int k = 0; k < 10; k++) {
        lo[k] = _mm512_add_epi64(lo[k], hi[k]);
        lo[k] = _mm512_add_epi64(lo[k], lo[k]);
    }
    for (int i = 0; i < 5; i++) {
        lo[2 * i] = _mm512_madd52lo_epu64(lo[2 * i], a->v[i], a->v[i]);
        lo[2 * i + 1] = _mm512_madd52hi_epu64(lo[2 * i + 1], a->v[i], a->v[i]);
    }
    f8_redc(r, lo);
}

/* ---- conversions between 4x64 storage and 5x52 lanes ---- */

static inline void split52(uint64_t *l0, uint64_t *l1, uint64_t *l2, uint64_t *l3, uint64_t *l4,
                           const uint64_t w[4]) {
    *l0 = w[0] & M52;
    *l1 = ((w[0] >> 52) | (w[1] << 12)) & M52;
    *l2 = ((w[1] >> 40) | (w[2] << 24)) & M52;
    *l3 = ((w[2] >> 28) | (w[3] << 36)) & M52;
    *l4 = w[3] >> 16;
}

IFMA_INL void f8_load_buf(f8 *r, const fq8_t *s) {
    for (int k = 0; k < 5; k++)
        r->v[k] = _mm512_load_si512((const void *)s->l[k]);
}

IFMA_INL void f8_store_buf(fq8_t *s, const f8 *a) {
    for (int k = 0; k < 5; k++)
        _mm512_store_si512((void *)s->l[k], a->v[k]);
}

/* w[0..3] (lanes sliced) = the normalized lanes a (< 2^256) joined into 64-bit words */
IFMA_INL void f8_join(uint64_t w[4][8], const f8 *a) {
    _mm512_store_si512((void *)w[0], _mm512_or_si512(a->v[0], _mm512_slli_epi64(a->v[1], 52)));
    _mm512_store_si512((void *)w[1], _mm512_or_si512(_mm512_srli_epi64(a->v[1], 12),
                                                     _mm512_slli_epi64(a->v[2], 40)));
    _mm512_store_si512((void *)w[2], _mm512_or_si512(_mm512_srli_epi64(a->v[2], 24),
                                                     _mm512_slli_epi64(a->v[3], 28)));
    _mm512_store_si512((void *)w[3], _mm512_or_si512(_mm512_srli_epi64(a->v[3], 36),
                                                     _mm512_slli_epi64(a->v[4], 16)));
}

void fq8_from_fq(fq8_t *r, const fq_t a[8]) {
    for (int i = 0; i < 8; i++)
        split52(&r->l[0][i], &r->l[1][i], &r->l[2][i], &r->l[3][i], &r->l[4][i], a[i].l);
}

IFMA_TGT void fq8_to_fq(fq_t r[8], const fq8_t *a) {
    f8 x;
    _Alignas(64) uint64_t w[4][8];
    f8_load_buf(&x, a);
    f8_reduce8(&x, &x);
    f8_join(w, &x);
    for (int i = 0; i < 8; i++)
        for (int k = 0; k < 4; k++)
            r[i].l[k] = w[k][i];
}

IFMA_TGT void fq8_mul(fq8_t *r, const fq8_t *a, const fq8_t *b) {
    f8 x, y;
    f8_load_buf(&x, a);
    f8_load_buf(&y, b);
    f8_mul(&x, &x, &y);
    f8_store_buf(r, &x);
}

IFMA_TGT void fq8_sqr(fq8_t *r, const fq8_t *a) {
    f8 x;
    f8_load_buf(&x, a);
    f8_sqr(&x, &x);
    f8_store_buf(r, &x);
}

IFMA_TGT void fq8_add(fq8_t *r, const fq8_t *a, const fq8_t *b) {
    f8 x, y;
    f8_load_buf(&x, a);
    f8_load_buf(&y, b);
    f8_add(&x, &x, &y);
    f8_store_buf(r, &x);
}

IFMA_TGT void fq8_sub(fq8_t *r, const fq8_t *a, const fq8_t *b) {
    f8 x, y;
    f8_load_buf(&x, a);
    f8_load_buf(&y, b);
    f8_subk(&x, &x, &y, fq52_4p);
    f8_store_buf(r, &x);
}

/* ---- the batch of chord additions ----
 *
 * Domains. fq8_mul computes X Y / R' (R' = 2^260), so an integer X stands for
 * rep(X) = X / R' mod p, and rep(mul(X, Y)) = rep(X) rep(Y), rep(X +- Y) =
 * rep(X) +- rep(Y). A stored coordinate S(a) = a 2^256 mod p (our fq_t) is
 * used as it is, re-split into 52-bit limbs: rep(S(a)) = a 2^256 / 2^260 =
 * a / 16. Every input coordinate is scaled by the same 1/16, and the formulas
 * carry that factor instead of converting (for each pair, lam = (yb - ya) /
 * (xb - xa), x3 = lam^2 - xa - xb, y3 = lam (xa - x3) - ya):
 *   D = S(xb) - S(xa) + p             rep(D) = d / 16, d = xb - xa
 *   I with rep(I) = 1 / (4 rep(D)) = 4 / d  (the batch inversion below)
 *   L = mul(S(yb) - S(ya) + p, I)     rep(L) = (yb - ya) / 16 * 4 / d = lam / 4
 *   X2 = sqr(L)                       rep(X2) = lam^2 / 16, i.e. X2 = S(lam^2) mod p
 *   S(x3) = X2 - (S(xa) + S(xb)) mod p         (plain integer arithmetic mod p)
 *   Y = mul(4 L, S(xa) - S(x3) + p)   rep(Y) = lam (xa - x3) / 16: Y = S(lam (xa - x3))
 *   S(y3) = Y - S(ya) mod p.
 * The outputs are S(x3), S(y3) reduced to [0, p): the same canonical
 * integers the scalar formulas store, so the results are bit-identical.
 * Bounds: D, the numerator and the xa - x3 term are differences of canonical
 * values plus p (< 2p), L < 2p, 4L < 8p: every mul input is < 8p; X2 + 2p -
 * (xa + xb) < 4p and Y + p - ya < 3p reach [0, p) by subtracting 2p, then p,
 * where they are not below.
 *
 * Batch inversion (Montgomery's trick): group g holds pairs 8g..8g+7, one per
 * lane; groups alternate between two vector accumulators (16 independent
 * product chains, enough to cover the multiplication's latency). acc starts
 * at ONE (rep 1), pre[g] = acc before group g, acc <- mul(acc, D_g). The lane
 * products M = acc0 acc1 of the two accumulators' totals (rep(M) = m = t0 t1)
 * are inverted together in the scalar domain (one fq_inv_var, 21 fq_mul):
 * fq_inv_var reads an fq_t X as X / 2^256 and returns 2^512 / X; times 64 that
 * is 2^518 / M = R'^2 / (4 M), i.e. J with rep(J) = 1 / (4 m); then J acc1 has
 * rep 1 / (4 t0) and J acc0 rep 1 / (4 t1): the I of each chain total. Going back down a chain, I_g
 * = mul(Iacc, pre[g]) has rep 1 / (4 rep(D_g)), and Iacc <- mul(Iacc, D_g) steps to the previous
 * total. */

/* 8 lanes from the 4-limb values at p[0..7]: eight 256-bit loads, an 8 x 4 transposition of 64-bit
 * words (two rounds of two-source permutes), then the words re-split into 52-bit limbs. */
IFMA_INL void ch_load_at(f8 *r, const uint64_t *const p[8]) {
    const __m512i lo = _mm512_setr_epi64(0, 4, 8, 12, 1, 5, 9, 13);
    const __m512i hi = _mm512_setr_epi64(2, 6, 10, 14, 3, 7, 11, 15);
    const __m512i h0 = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11);
    const __m512i h1 = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
    const __m512i m = bc(M52);
    __m512i z[4];
    for (size_t i = 0; i < 4; i++) {
        __m256i a0 = _mm256_loadu_si256((const __m256i *)p[2 * i]);
        __m256i a1 = _mm256_loadu_si256((const __m256i *)p[2 * i + 1]);
        z[i] = _mm512_inserti64x4(_mm512_castsi256_si512(a0), a1, 1);
    }
    /* z[i] = lane 2i's words 0..3, lane 2i+1's words 0..3 */
    __m512i u0 = _mm512_permutex2var_epi64(z[0], lo, z[1]); /* lanes 0-3: w0, w1 */
    __m512i u1 = _mm512_permutex2var_epi64(z[0], hi, z[1]); /* lanes 0-3: w2, w3 */
    __m512i u2 = _mm512_permutex2var_epi64(z[2], lo, z[3]); /* lanes 4-7: w0, w1 */
    __m512i u3 = _mm512_permutex2var_epi64(z[2], hi, z[3]); /* lanes 4-7: w2, w3 */
    __m512i w0 = _mm512_permutex2var_epi64(u0, h0, u2), w1 = _mm512_permutex2var_epi64(u0, h1, u2);
    __m512i w2 = _mm512_permutex2var_epi64(u1, h0, u3), w3 = _mm512_permutex2var_epi64(u1, h1, u3);
    r->v[0] = _mm512_and_si512(w0, m);
    r->v[1] =
        _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w0, 52), _mm512_slli_epi64(w1, 12)), m);
    r->v[2] =
        _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w1, 40), _mm512_slli_epi64(w2, 24)), m);
    r->v[3] =
        _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w2, 28), _mm512_slli_epi64(w3, 36)), m);
    r->v[4] = _mm512_srli_epi64(w3, 16);
}

/* The inverse: normalized lanes a (< 2^256) joined into 64-bit words,
 * transposed back, lane i < m stored to p[i]. */
IFMA_INL void ch_store_at(uint64_t *const p[8], size_t m, const f8 *a) {
    const __m512i lo = _mm512_setr_epi64(0, 4, 8, 12, 1, 5, 9, 13);
    const __m512i hi = _mm512_setr_epi64(2, 6, 10, 14, 3, 7, 11, 15);
    const __m512i h0 = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11);
    const __m512i h1 = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
    __m512i w0 = _mm512_or_si512(a->v[0], _mm512_slli_epi64(a->v[1], 52));
    __m512i w1 = _mm512_or_si512(_mm512_srli_epi64(a->v[1], 12), _mm512_slli_epi64(a->v[2], 40));
    __m512i w2 = _mm512_or_si512(_mm512_srli_epi64(a->v[2], 24), _mm512_slli_epi64(a->v[3], 28));
    __m512i w3 = _mm512_or_si512(_mm512_srli_epi64(a->v[3], 36), _mm512_slli_epi64(a->v[4], 16));
    __m512i u0 = _mm512_permutex2var_epi64(w0, h0, w1); /* lanes 0-3: w0, w1 */
    __m512i u2 = _mm512_permutex2var_epi64(w0, h1, w1); /* lanes 4-7: w0, w1 */
    __m512i u1 = _mm512_permutex2var_epi64(w2, h0, w3); /* lanes 0-3: w2, w3 */
    __m512i u3 = _mm512_permutex2var_epi64(w2, h1, w3); /* lanes 4-7: w2, w3 */
    __m512i z[4] = {_mm512_permutex2var_epi64(u0, lo, u1), _mm512_permutex2var_epi64(u0, hi, u1),
                    _mm512_permutex2var_epi64(u2, lo, u3), _mm512_permutex2var_epi64(u2, hi, u3)};
    for (size_t i = 0; i < m; i++) {
        __m256i v =
            (i & 1) ? _mm512_extracti64x4_epi64(z[i / 2], 1) : _mm512_castsi512_si256(z[i / 2]);
        _mm256_storeu_si256((__m256i *)p[i], v);
    }
}

/* the Fq limbs at coordinate c (0 = x, 1 = y) of pairs j .. j+7 (past n: the last pair) */
IFMA_INL void ch_load(f8 *r, const fq_t *const *src, int c, size_t j, size_t n) {
    const uint64_t *p[8];
    for (size_t i = 0; i < 8; i++)
        p[i] = src[j + i < n ? j + i : n - 1][c].l;
    ch_load_at(r, p);
}

IFMA_INL void ch_store(fq_t *const *dst, int c, size_t j, size_t n, const f8 *a) {
    uint64_t *p[8];
    size_t m = n - j < 8 ? n - j : 8;
    for (size_t i = 0; i < m; i++)
        p[i] = dst[j + i][c].l;
    ch_store_at(p, m, a);
}

/* The G1 batch with its per-group scratch den, pre (FQ_IFMA_CHORD_MAX / 8
 * each); wipe: zero the named temporaries on return (fq_ifma_chord_add_ws). */
IFMA_TGT static void chord1(fq_t *const *dst, const fq_t *const *a, const fq_t *const *b, size_t n,
                            f8 *den, f8 *pre, bool wipe) {
    if (!n) return;
    size_t ng = (n + 7) / 8;
    f8 acc[2], t;
    f8_const(&acc[0], fq52_one);
    acc[1] = acc[0];
    /* products */
    for (size_t g = 0; g < ng; g++) {
        f8 xa, xb;
        ch_load(&xa, a, 0, 8 * g, n);
        ch_load(&xb, b, 0, 8 * g, n);
        f8_subk(&den[g], &xb, &xa, fq52_p); /* < 2p */
        pre[g] = acc[g & 1];
        f8_mul(&acc[g & 1], &acc[g & 1], &den[g]);
    }
    /* the two accumulators' lane products M = acc0 acc1 (8 values) inverted in
     * the scalar domain (see above): J, rep 1 / (4 m); then the chain totals'
     * I0 = J acc1, I1 = J acc0 (rep 1 / (4 t)) */
    fq8_t buf;
    fq_t tot[8], pf[8], inv[8], iv;
    f8_mul(&t, &acc[0], &acc[1]);
    f8_store_buf(&buf, &t);
    fq8_to_fq(tot, &buf);
    pf[0] = tot[0];
    for (int c = 1; c < 8; c++)
        fq_mul(&pf[c], &pf[c - 1], &tot[c]);
    fq_inv_var(&iv, &pf[7]);
    for (int s = 0; s < 6; s++)
        fq_dbl(&iv, &iv);
    for (int c = 7; c > 0; c--) {
        fq_mul(&inv[c], &iv, &pf[c - 1]);
        fq_mul(&iv, &iv, &tot[c]);
    }
    inv[0] = iv;
    fq8_from_fq(&buf, inv);
    f8_load_buf(&t, &buf);
    f8_mul(&acc[0], &t, &acc[0]); /* J acc0: rep 1 / (4 t1) */
    f8_mul(&t, &t, &acc[1]);      /* J acc1: rep 1 / (4 t0) */
    acc[1] = acc[0];
    acc[0] = t;
    /* inverses, back down each chain: pre[g] <- I_g */
    for (size_t g = ng; g-- > 0;) {
        f8_mul(&t, &acc[g & 1], &pre[g]);
        f8_mul(&acc[g & 1], &acc[g & 1], &den[g]);
        pre[g] = t;
    }
    /* the sums */
    for (size_t g = 0; g < ng; g++) {
        f8 xa, ya, xb, yb, l, u, x3;
        ch_load(&ya, a, 1, 8 * g, n);
        ch_load(&yb, b, 1, 8 * g, n);
        f8_subk(&u, &yb, &ya, fq52_p); /* < 2p */
        f8_mul(&l, &u, &pre[g]);       /* rep lam / 4, < 2p */
        ch_load(&xa, a, 0, 8 * g, n);
        ch_load(&xb, b, 0, 8 * g, n);
        f8_sqr(&x3, &l); /* S(lam^2), < 2p */
        f8_add(&u, &xa, &xb);
        f8_subk(&x3, &x3, &u, fq52_2p); /* < 4p */
        f8_csub(&x3, &x3, fq52_2p);
        f8_csub(&x3, &x3, fq52_p);
        ch_store(dst, 0, 8 * g, n, &x3);
        f8_subk(&u, &xa, &x3, fq52_p); /* < 2p */
        f8_add(&l, &l, &l);
        f8_add(&l, &l, &l);           /* 4 L: rep lam */
        f8_mul(&u, &l, &u);           /* < 2p */
        f8_subk(&u, &u, &ya, fq52_p); /* < 3p */
        f8_csub(&u, &u, fq52_2p);
        f8_csub(&u, &u, fq52_p);
        ch_store(dst, 1, 8 * g, n, &u);
    }
    if (wipe) {
        zkp_memzero(acc, sizeof acc), zkp_memzero(&t, sizeof t), zkp_memzero(&buf, sizeof buf);
        zkp_memzero(tot, sizeof tot), zkp_memzero(pf, sizeof pf), zkp_memzero(inv, sizeof inv);
        zkp_memzero(&iv, sizeof iv);
    }
}

IFMA_TGT void fq_ifma_chord_add(fq_t *const *dst, const fq_t *const *a, const fq_t *const *b,
                                size_t n) {
    f8 den[FQ_IFMA_CHORD_MAX / 8], pre[FQ_IFMA_CHORD_MAX / 8];
    chord1(dst, a, b, n, den, pre, false);
}

_Static_assert(sizeof(f8) == sizeof(fq8_t), "an f8 is an fq8_t in registers");
_Static_assert(sizeof(fq_ifma_ws_t) >= 4 * (FQ_IFMA_CHORD_MAX / 8) * sizeof(f8),
               "the workspace holds den and pre of the Fq2 batch");

IFMA_TGT void fq_ifma_chord_add_ws(fq_t *const *dst, const fq_t *const *a, const fq_t *const *b,
                                   size_t n, fq_ifma_ws_t *ws) {
    f8 *v = (f8 *)(void *)ws->v;
    chord1(dst, a, b, n, v, v + FQ_IFMA_CHORD_MAX / 8, true);
}

/* ---- Fq2 = Fq[u] / (u^2 + 1) in the same lanes: the G2 chord batch ----
 * Fq2 products from Fq products by Karatsuba (3 products) and the squaring
 * (a0 + a1)(a0 - a1), 2 a0 a1 (2 products). Every Fq2 formula is Fq-linear in
 * the component products, so the domain argument above holds componentwise:
 * rep(S(a)) = a / 16 for an Fq2 element a stored as fq2_t, and the same
 * formulas (with Fq2 operations) give S(x3), S(y3). The batch inversion's
 * scalar step uses fq2_inv_var (2^512 / T componentwise in the sense of Fq2,
 * since fq2_inv_var(S(t)) = S(1/t)); times 64 as before.
 * Bounds: f2_mul and f2_sqr take components < 4p (Karatsuba adds two of them:
 * < 8p for the Fq product) and return components < 4p. */

typedef struct {
    f8 c0, c1;
} f28;

/* r = a b; components of a, b < 4p -> r < 4p. r may alias a or b. */
IFMA_INL void f2_mul(f28 *r, const f28 *a, const f28 *b) {
    f8 t0, t1, t2, s0, s1;
    f8_mul(&t0, &a->c0, &b->c0);
    f8_mul(&t1, &a->c1, &b->c1);
    f8_add(&s0, &a->c0, &a->c1); /* < 8p */
    f8_add(&s1, &b->c0, &b->c1);
    f8_mul(&t2, &s0, &s1);
    f8_subk(&r->c0, &t0, &t1, fq52_2p); /* t0 - t1 + 2p < 4p */
    f8_add(&t0, &t0, &t1);              /* < 4p */
    f8_subk(&t2, &t2, &t0, fq52_4p);    /* t2 - t0 - t1 + 4p < 6p */
    f8_csub(&r->c1, &t2, fq52_2p);      /* < 4p */
}

/* r = a^2; components < 4p -> r < 4p */
IFMA_INL void f2_sqr(f28 *r, const f28 *a) {
    f8 s, d, t;
    f8_add(&s, &a->c0, &a->c1);           /* < 8p */
    f8_subk(&d, &a->c0, &a->c1, fq52_4p); /* < 8p */
    f8_mul(&t, &a->c0, &a->c1);
    f8_mul(&r->c0, &s, &d); /* a0^2 - a1^2, < 2p */
    f8_add(&r->c1, &t, &t); /* < 4p */
}

IFMA_INL void f2_subk(f28 *r, const f28 *a, const f28 *b, const uint64_t kp[5]) {
    f8_subk(&r->c0, &a->c0, &b->c0, kp);
    f8_subk(&r->c1, &a->c1, &b->c1, kp);
}

/* Fq2 coordinate c (0 = x, 1 = y) of pairs j .. j+7 (past n: the last pair) */
IFMA_INL void ch2_load(f28 *r, const fq2_t *const *src, int c, size_t j, size_t n) {
    const uint64_t *p0[8], *p1[8];
    for (size_t i = 0; i < 8; i++) {
        const fq2_t *e = &src[j + i < n ? j + i : n - 1][c];
        p0[i] = e->c0.l, p1[i] = e->c1.l;
    }
    ch_load_at(&r->c0, p0);
    ch_load_at(&r->c1, p1);
}

IFMA_INL void ch2_store(fq2_t *const *dst, int c, size_t j, size_t n, const f28 *a) {
    uint64_t *p0[8], *p1[8];
    size_t m = n - j < 8 ? n - j : 8;
    for (size_t i = 0; i < m; i++)
        p0[i] = dst[j + i][c].c0.l, p1[i] = dst[j + i][c].c1.l;
    ch_store_at(p0, m, &a->c0);
    ch_store_at(p1, m, &a->c1);
}

/* The G2 batch; den, pre and wipe as for chord1. */
IFMA_TGT static void chord2(fq2_t *const *dst, const fq2_t *const *a, const fq2_t *const *b,
                            size_t n, f28 *den, f28 *pre, bool wipe) {
    if (!n) return;
    size_t ng = (n + 7) / 8;
    f28 acc[2], t;
    f8_const(&acc[0].c0, fq52_one);
    acc[0].c1.v[0] = acc[0].c1.v[1] = acc[0].c1.v[2] = acc[0].c1.v[3] = acc[0].c1.v[4] =
        _mm512_setzero_si512();
    acc[1] = acc[0];
    for (size_t g = 0; g < ng; g++) {
        f28 xa, xb;
        ch2_load(&xa, a, 0, 8 * g, n);
        ch2_load(&xb, b, 0, 8 * g, n);
        f2_subk(&den[g], &xb, &xa, fq52_2p); /* < 3p */
        pre[g] = acc[g & 1];
        f2_mul(&acc[g & 1], &acc[g & 1], &den[g]);
    }
    /* as for Fq: M = acc0 acc1 per lane, J = 1 / (4 M) in the scalar domain */
    fq8_t b0, b1;
    fq_t t0[8], t1[8];
    fq2_t tot[8], pf[8], inv[8], iv;
    f2_mul(&t, &acc[0], &acc[1]);
    f8_store_buf(&b0, &t.c0);
    f8_store_buf(&b1, &t.c1);
    fq8_to_fq(t0, &b0);
    fq8_to_fq(t1, &b1);
    for (int i = 0; i < 8; i++)
        tot[i].c0 = t0[i], tot[i].c1 = t1[i];
    pf[0] = tot[0];
    for (int c = 1; c < 8; c++)
        fq2_mul(&pf[c], &pf[c - 1], &tot[c]);
    fq2_inv_var(&iv, &pf[7]);
    for (int s = 0; s < 6; s++)
        fq_dbl(&iv.c0, &iv.c0), fq_dbl(&iv.c1, &iv.c1);
    for (int c = 7; c > 0; c--) {
        fq2_mul(&inv[c], &iv, &pf[c - 1]);
        fq2_mul(&iv, &iv, &tot[c]);
    }
    inv[0] = iv;
    for (int i = 0; i < 8; i++)
        t0[i] = inv[i].c0, t1[i] = inv[i].c1;
    fq8_from_fq(&b0, t0);
    fq8_from_fq(&b1, t1);
    f8_load_buf(&t.c0, &b0);
    f8_load_buf(&t.c1, &b1);      /* J: components < p */
    f2_mul(&acc[0], &t, &acc[0]); /* rep 1 / (4 t1) */
    f2_mul(&t, &t, &acc[1]);      /* rep 1 / (4 t0) */
    acc[1] = acc[0];
    acc[0] = t;
    for (size_t g = ng; g-- > 0;) {
        f2_mul(&t, &acc[g & 1], &pre[g]);
        f2_mul(&acc[g & 1], &acc[g & 1], &den[g]);
        pre[g] = t;
    }
    for (size_t g = 0; g < ng; g++) {
        f28 xa, ya, xb, yb, l, u, x3;
        ch2_load(&ya, a, 1, 8 * g, n);
        ch2_load(&yb, b, 1, 8 * g, n);
        f2_subk(&u, &yb, &ya, fq52_2p); /* < 3p */
        f2_mul(&l, &u, &pre[g]);        /* rep lam / 4, < 4p */
        ch2_load(&xa, a, 0, 8 * g, n);
        ch2_load(&xb, b, 0, 8 * g, n);
        f2_sqr(&x3, &l); /* S(lam^2), < 4p */
        f8_add(&u.c0, &xa.c0, &xb.c0);
        f8_add(&u.c1, &xa.c1, &xb.c1);
        f2_subk(&x3, &x3, &u, fq52_4p); /* < 8p */
        f8_reduce8(&x3.c0, &x3.c0);
        f8_reduce8(&x3.c1, &x3.c1);
        ch2_store(dst, 0, 8 * g, n, &x3);
        f2_subk(&u, &xa, &x3, fq52_2p); /* < 3p */
        /* 4 L with components < 4p: L reduced below p first */
        f8_csub(&l.c0, &l.c0, fq52_2p);
        f8_csub(&l.c0, &l.c0, fq52_p);
        f8_csub(&l.c1, &l.c1, fq52_2p);
        f8_csub(&l.c1, &l.c1, fq52_p);
        f8_add(&l.c0, &l.c0, &l.c0);
        f8_add(&l.c0, &l.c0, &l.c0);
        f8_add(&l.c1, &l.c1, &l.c1);
        f8_add(&l.c1, &l.c1, &l.c1); /* rep lam */
        f2_mul(&u, &l, &u);
        f2_subk(&u, &u, &ya, fq52_4p); /* < 8p */
        f8_reduce8(&u.c0, &u.c0);
        f8_reduce8(&u.c1, &u.c1);
        ch2_store(dst, 1, 8 * g, n, &u);
    }
    if (wipe) {
        zkp_memzero(acc, sizeof acc), zkp_memzero(&t, sizeof t);
        zkp_memzero(&b0, sizeof b0), zkp_memzero(&b1, sizeof b1);
        zkp_memzero(t0, sizeof t0), zkp_memzero(t1, sizeof t1), zkp_memzero(tot, sizeof tot);
        zkp_memzero(pf, sizeof pf), zkp_memzero(inv, sizeof inv), zkp_memzero(&iv, sizeof iv);
    }
}

IFMA_TGT void fq2_ifma_chord_add(fq2_t *const *dst, const fq2_t *const *a, const fq2_t *const *b,
                                 size_t n) {
    f28 den[FQ_IFMA_CHORD_MAX / 8], pre[FQ_IFMA_CHORD_MAX / 8];
    chord2(dst, a, b, n, den, pre, false);
}

IFMA_TGT void fq2_ifma_chord_add_ws(fq2_t *const *dst, const fq2_t *const *a,
                                    const fq2_t *const *b, size_t n, fq_ifma_ws_t *ws) {
    f28 *v = (f28 *)(void *)ws->v;
    chord2(dst, a, b, n, v, v + FQ_IFMA_CHORD_MAX / 8, true);
}
