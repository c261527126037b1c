/* zkpot L1 field: the two prime fields of BN254 (= alt_bn128, the curve of
 * circom/snarkjs and Ethereum's precompiles).
 *   Fq: base field, p =
 *     21888242871839275222246405745257275088696311157297823662689037894645226208583
 *   Fr: scalar field, r =
 *     21888242871839275222246405745257275088548364400416034343698204186575808495617
 * Elements are 4x64-bit little-endian limbs in Montgomery form (a*2^256 mod m),
 * always fully reduced to [0, m).
 *
 * Timing: every function is constant time (no secret-dependent branch or memory
 * index) unless its comment says "variable time"; names ending in _var are
 * variable time and must only see public data.
 * Aliasing: r (or out) may alias any input unless stated otherwise.
 *
 * The hot operations (add, sub, neg, dbl, mul, sqr, is_zero, is_one, eq,
 * set_zero, set_one) are static inline functions defined at the end of this
 * header so that every caller can inline them. Two implementations exist:
 *   - x86-64 with BMI2 and ADX (mulx/adcx/adox inline assembly), chosen when the
 *     compiler targets those extensions (-march=native on this machine class)
 *     and ZKP_PORTABLE is not defined: ZKP_FIELD_ADX is 1;
 *   - portable C with unsigned __int128 otherwise (ZKP_FIELD_ADX is 0).
 * The selection happens at build time per translation unit; both produce the
 * same bits (tests/check_field.c compares them directly). The library also
 * exports real symbols of the same names (runtime/field/field_extern.c) for
 * callers that cannot use the header (LLVM IR, FFI). */
#ifndef ZKPOT_FIELD_H
#define ZKPOT_FIELD_H

#include "zkpot/util.h"

typedef struct {
    uint64_t l[4];
} fq_t;
typedef struct {
    uint64_t l[4];
} fr_t;

/* Longest decimal string of an element plus NUL (77 digits + 1, rounded up). */
#define ZKP_DEC_MAX 80

#if defined(__x86_64__) && defined(__BMI2__) && defined(__ADX__) && !defined(ZKP_PORTABLE)
#define ZKP_FIELD_ADX 1
#else
#define ZKP_FIELD_ADX 0
#endif

/* The same API for both fields; fq_ shown, fr_ identical. Functions not listed
 * here (add, sub, mul, ...) are the inline ones at the end of the header. */
#define ZKP_FIELD_API(T, P)                                                                        \
    extern const T P##_zero_c, P##_one_c;                                                          \
    extern const uint64_t P##_modulus[4];                                                          \
    /* r = v mod m. Constant time. */                                                              \
    void P##_set_u64(T *r, uint64_t v);                                                            \
    /* r = a^-1, constant time: Bernstein-Yang safegcd (eprint 2019/266) with a fixed 744          \
     * divsteps (their bound for 254 bits is 735); inverse of 0 is 0. */                           \
    void P##_inv(T *r, const T *a);                                                                \
    /* Variable-time inverse (Bernstein-Yang safegcd, eprint 2019/266; public data only, about     \
     * 2x faster than inv); inverse of 0 is 0. */                                                  \
    void P##_inv_var(T *r, const T *a);                                                            \
    /* out[i] = in[i]^-1 by Montgomery's trick with one constant-time inversion; zeros stay 0      \
     * (selected without branches). out may equal in (exactly, not partially overlap); n may be    \
     * 0 (then the pointers are not used). Allocates n elements of scratch; falls back to one      \
     * inversion each if that fails. */                                                            \
    void P##_batch_inv(T *out, const T *in, size_t n);                                             \
    /* r = a^e, e little-endian limbs (elimbs may be 0: r = 1); sliding window: time and memory    \
     * access depend on e only (constant time in a). */                                            \
    void P##_pow(T *r, const T *a, const uint64_t *e, size_t elimbs);                              \
    /* Legendre symbol: 0 for 0, 1 for a nonzero square, -1 otherwise (Euler's criterion;          \
     * constant time). */                                                                          \
    int P##_legendre(const T *a);                                                                  \
    /* r = a square root of a (either one; 0 for 0); false (r untouched) if a is not a square.     \
     * Tonelli-Shanks (for Fq, p = 3 mod 4, it reduces to a^((p+1)/4) and one check). Variable     \
     * time: do not use on secrets. */                                                             \
    bool P##_sqrt(T *r, const T *a);                                                               \
    /* Canonical integer limbs (not Montgomery). from_ rejects v >= m (ZKP_ERR_NOT_CANONICAL).     \
     * The binary conversions below are constant time (the error path aside). */                   \
    zkp_err P##_from_limbs(T *r, const uint64_t v[4]) ZKP_WUR;                                     \
    void P##_to_limbs(uint64_t v[4], const T *a);                                                  \
    /* 32-byte canonical encodings; from_ rejects values >= m (ZKP_ERR_NOT_CANONICAL). */          \
    zkp_err P##_from_bytes_le(T *r, const uint8_t b[32]) ZKP_WUR;                                  \
    zkp_err P##_from_bytes_be(T *r, const uint8_t b[32]) ZKP_WUR;                                  \
    void P##_to_bytes_le(uint8_t b[32], const T *a);                                               \
    void P##_to_bytes_be(uint8_t b[32], const T *a);                                               \
    /* snarkjs .zkey layout: a*2^256 mod m as 32 little-endian bytes; rejects >= m. */             \
    zkp_err P##_from_mont_bytes_le(T *r, const uint8_t b[32]) ZKP_WUR;                             \
    void P##_to_mont_bytes_le(uint8_t b[32], const T *a);                                          \
    /* Reduces any 32-byte little-endian value mod m (never fails). */                             \
    void P##_reduce_bytes_le(T *r, const uint8_t b[32]);                                           \
    /* Decimal: digits 0-9 only (no sign, space or prefix), at most 78 characters (leading         \
     * zeros allowed), value < m. ZKP_ERR_FORMAT for bad text, ZKP_ERR_NOT_CANONICAL for >= m;     \
     * zkp_last_error() says which character or why. Variable time. */                             \
    zkp_err P##_from_dec(T *r, const char *s) ZKP_WUR;                                             \
    /* Writes the decimal form into buf (ZKP_DEC_MAX bytes) and returns buf. Variable time. */     \
    char *P##_to_dec(char buf[ZKP_DEC_MAX], const T *a);                                           \
    /* Uniform random element from the OS CSPRNG (rejection sampling; the 254-bit candidates are   \
     * wiped). ZKP_ERR_RNG if the OS fails. */                                                     \
    zkp_err P##_random(T *r) ZKP_WUR;

ZKP_FIELD_API(fq_t, fq)
ZKP_FIELD_API(fr_t, fr)

/* On every decoder error r is left unchanged. */

/* Fr has 2-adicity 28: r - 1 = 2^28 * t with t odd. fr_root_of_unity(k) is a
 * primitive 2^k-th root of unity (k <= 28), consistent with snarkjs/ffjavascript
 * (w_28 = 5^t, then squared down). */
#define FR_TWO_ADICITY 28
void fr_root_of_unity(fr_t *r, unsigned k);

/* ------------------------------------------------------------------------
 * Inline hot operations, all constant time; r may alias a and/or b:
 *   set_zero, set_one, is_zero, is_one, eq (eq and is_* return bool but
 *     compute it without branches), add, sub, neg, dbl (r = 2a), mul, sqr,
 *     mul_tp (the same product as mul from a kernel with fewer instructions
 *     but a longer dependency chain: faster per product where two or more
 *     independent products are in flight, e.g. the curve formulas; mul has the
 *     shortest chain, for whatever waits on each product).
 * mul and mul_tp also accept a, b < 2p (unreduced sums) and still return a
 *   fully reduced result; the other operations want reduced inputs.
 * The generic kernels zkp_fp_*_port / zkp_fp_*_adx take the modulus and
 * minv = -m^-1 mod 2^128 in one array mc[6] (m < 2^254, so sums of two reduced
 * values never carry out of 256 bits); they are internal but visible so that
 * the tests can compare the two implementations.
 * The assembly kernels read their inputs and write r through the pointers
 * (volatile asm with a "memory" clobber), so any aliasing is safe; each needs
 * at most 13 general registers, so they also build at -O0 and with
 * -fno-omit-frame-pointer and sanitizers (VERIFY=1).
 * Measured on this machine class (AMD EPYC, bench/bench_field.c, best of three
 * runs at load average 1.3): as a dependency chain fq_mul/fr_mul 13.0 ns, mul_tp
 * 14.8-15.0 ns, sqr 12.0-12.2 ns (14.6 ns with the word-by-word reduction); four
 * independent chains mul 11.4 ns per product, mul_tp 11.5 ns (up to 8% apart in
 * the mul_tp's favour in other runs); add 1.7 ns; the portable mul 21 ns.
 * ------------------------------------------------------------------------ */

/* Hot-operation declarations when the exported copies are compiled. */
#ifdef ZKP_FIELD_EMIT
#define ZKP_FIELD_INLINE
#define ZKP_FIELD_HOT_DECL(T, P)                                                                   \
    void P##_set_zero(T *r);                                                                       \
    void P##_set_one(T *r);                                                                        \
    bool P##_is_zero(const T *a);                                                                  \
    bool P##_is_one(const T *a);                                                                   \
    bool P##_eq(const T *a, const T *b);                                                           \
    void P##_add(T *r, const T *a, const T *b);                                                    \
    void P##_sub(T *r, const T *a, const T *b);                                                    \
    void P##_neg(T *r, const T *a);                                                                \
    void P##_dbl(T *r, const T *a);                                                                \
    void P##_mul(T *r, const T *a, const T *b);                                                    \
    void P##_mul_tp(T *r, const T *a, const T *b);                                                 \
    void P##_sqr(T *r, const T *a);
ZKP_FIELD_HOT_DECL(fq_t, fq)
ZKP_FIELD_HOT_DECL(fr_t, fr)
#else
#define ZKP_FIELD_INLINE static inline __attribute__((always_inline))
#endif

/* Modulus limbs followed by minv, in one array so the assembly can address them. */
#define ZKP_FQ_MC                                                                                  \
    0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL
#define ZKP_FR_MC                                                                                  \
    0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL
/* mc[4] + mc[5] 2^64 = -m^-1 mod 2^128 (Python: -pow(m, -1, 2**128) % 2**128); mc[4] alone
 * is -m^-1 mod 2^64. */
static const uint64_t zkp_fq_mc[6] = {ZKP_FQ_MC, 0x87d20782e4866389ULL, 0x9ede7d651eca6ac9ULL};
static const uint64_t zkp_fr_mc[6] = {ZKP_FR_MC, 0xc2e1f593efffffffULL, 0x6586864b4c6911b3ULL};

__extension__ typedef unsigned __int128 zkp_u128;

static inline bool zkp_fp_is_zero(const uint64_t a[4]) { return (a[0] | a[1] | a[2] | a[3]) == 0; }

static inline bool zkp_fp_eq(const uint64_t a[4], const uint64_t b[4]) {
    return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3])) == 0;
}

/* r = t - m if t >= m else t, for t < 2^256; constant time. */
static inline void zkp_fp_csub_port(uint64_t r[4], const uint64_t t[4], const uint64_t m[4]) {
    uint64_t d[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        zkp_u128 x = (zkp_u128)t[i] - m[i] - borrow;
        d[i] = (uint64_t)x;
        borrow = (uint64_t)(x >> 64) & 1;
    }
    uint64_t keep = 0 - borrow; /* all ones if t < m */
    for (int i = 0; i < 4; i++)
        r[i] = (t[i] & keep) | (d[i] & ~keep);
}

static inline void zkp_fp_add_port(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
                                   const uint64_t m[4]) {
    uint64_t t[4], c = 0;
    for (int i = 0; i < 4; i++) {
        zkp_u128 s = (zkp_u128)a[i] + b[i] + c;
        t[i] = (uint64_t)s;
        c = (uint64_t)(s >> 64);
    }
    zkp_fp_csub_port(r, t, m);
}

static inline void zkp_fp_sub_port(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
                                   const uint64_t m[4]) {
    uint64_t t[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        zkp_u128 d = (zkp_u128)a[i] - b[i] - borrow;
        t[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    uint64_t mask = 0 - borrow, c = 0; /* add m back if a < b */
    for (int i = 0; i < 4; i++) {
        zkp_u128 s = (zkp_u128)t[i] + (m[i] & mask) + c;
        r[i] = (uint64_t)s;
        c = (uint64_t)(s >> 64);
    }
}

/* r = -a: m - a, masked to 0 when a = 0. */
static inline void zkp_fp_neg_port(uint64_t r[4], const uint64_t a[4], const uint64_t m[4]) {
    uint64_t nz = 0 - (uint64_t)((a[0] | a[1] | a[2] | a[3]) != 0), borrow = 0, t[4];
    for (int i = 0; i < 4; i++) {
        zkp_u128 d = (zkp_u128)m[i] - a[i] - borrow;
        t[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    for (int i = 0; i < 4; i++)
        r[i] = t[i] & nz;
}

/* Montgomery product r = a b 2^-256 mod m, CIOS (Koc, Acar, Kaliski 1996,
 * "Analyzing and comparing Montgomery multiplication algorithms") in the
 * "no carry" form for m[3] < 2^63 - 1: the running value stays below 2m, so it
 * needs 4 words plus one. */
static inline void zkp_fp_mul_port(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
                                   const uint64_t mc[5]) {
    uint64_t t[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        /* t += a * b[i] (5 words, top in hi) */
        zkp_u128 p = (zkp_u128)a[0] * b[i] + t[0];
        t[0] = (uint64_t)p;
        uint64_t c = (uint64_t)(p >> 64);
        for (int j = 1; j < 4; j++) {
            p = (zkp_u128)a[j] * b[i] + t[j] + c;
            t[j] = (uint64_t)p;
            c = (uint64_t)(p >> 64);
        }
        uint64_t hi = c;
        /* t = (t + q m) / 2^64 with q = t[0] * minv */
        uint64_t q = t[0] * mc[4];
        p = (zkp_u128)q * mc[0] + t[0];
        c = (uint64_t)(p >> 64);
        for (int j = 1; j < 4; j++) {
            p = (zkp_u128)q * mc[j] + t[j] + c;
            t[j - 1] = (uint64_t)p;
            c = (uint64_t)(p >> 64);
        }
        t[3] = hi + c; /* < 2^63: no carry out (t < 2m) */
    }
    zkp_fp_csub_port(r, t, mc);
}


/* ---- lazy reduction (Aranha, Karabina, Longa, Gebotys, Lopez, eprint 2010/526, s. 3-4):
 * the 512-bit product without reduction, and a separate Montgomery reduction of a
 * 512-bit value, so that sums of products can be reduced once. ---- */

/* r[0..7] = a * b as integers (any 256-bit a, b). r must not overlap a or b. */
static inline void zkp_fp_mulw_port(uint64_t r[8], const uint64_t a[4], const uint64_t b[4]) {
    uint64_t t[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        uint64_t c = 0;
        for (int j = 0; j < 4; j++) {
            zkp_u128 p = (zkp_u128)a[j] * b[i] + t[i + j] + c;
            t[i + j] = (uint64_t)p;
            c = (uint64_t)(p >> 64);
        }
        t[i + 4] = c;
    }
    for (int i = 0; i < 8; i++)
        r[i] = t[i];
}

/* r = t 2^-256 mod m for t < m 2^256 (Montgomery reduction): the low half L is
 * reduced to u = (L + q m) / 2^256 <= m, then r = H + u < 2m (H, the high half,
 * is < m) and one conditional subtraction. */
static inline void zkp_fp_redc_port(uint64_t r[4], const uint64_t t[8], const uint64_t mc[5]) {
    uint64_t u[4] = {t[0], t[1], t[2], t[3]};
    for (int i = 0; i < 4; i++) {
        /* u = (u + q m) / 2^64, q = u[0] minv; stays <= m (u < 2^256 on entry) */
        uint64_t q = u[0] * mc[4];
        zkp_u128 p = (zkp_u128)q * mc[0] + u[0];
        uint64_t c = (uint64_t)(p >> 64);
        for (int j = 1; j < 4; j++) {
            p = (zkp_u128)q * mc[j] + u[j] + c;
            u[j - 1] = (uint64_t)p;
            c = (uint64_t)(p >> 64);
        }
        u[3] = c;
    }
    uint64_t s[4], c = 0;
    for (int i = 0; i < 4; i++) {
        zkp_u128 x = (zkp_u128)u[i] + t[i + 4] + c;
        s[i] = (uint64_t)x;
        c = (uint64_t)(x >> 64);
    }
    zkp_fp_csub_port(r, s, mc);
}

#if ZKP_FIELD_ADX
/* x86-64 BMI2/ADX kernels. mulx leaves the flags alone; adcx/adox are two
 * independent carry chains (CF and OF), used for the low and high halves of
 * the partial products (Intel, "New Instructions Supporting Large Integer
 * Arithmetic on Intel Architecture Processors", 2012). */

// clang-format off
#define ZKP_S_(x) "%[" #x "]"
/* r[0..3] = (x0, x1, x2, x3), stored by the assembly itself (C stores of four
 * outputs get merged into one vector store, which then cannot be forwarded to
 * the next kernel's 8-byte loads) */
#define ZKP_STORE_(x0, x1, x2, x3)                                                                 \
    "movq " ZKP_S_(x0) ", 0(%[r])\n\t"                                                             \
    "movq " ZKP_S_(x1) ", 8(%[r])\n\t"                                                             \
    "movq " ZKP_S_(x2) ", 16(%[r])\n\t"                                                            \
    "movq " ZKP_S_(x3) ", 24(%[r])\n\t"
// clang-format on

static inline __attribute__((always_inline)) void
zkp_fp_add_adx(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const uint64_t mc[5]) {
    uint64_t t0, t1, t2, t3, s0, s1, s2, s3;
    __asm__ volatile("movq 0(%[a]), %[t0]\n\t"
                     "addq 0(%[b]), %[t0]\n\t"
                     "movq 8(%[a]), %[t1]\n\t"
                     "adcq 8(%[b]), %[t1]\n\t"
                     "movq 16(%[a]), %[t2]\n\t"
                     "adcq 16(%[b]), %[t2]\n\t"
                     "movq 24(%[a]), %[t3]\n\t"
                     "adcq 24(%[b]), %[t3]\n\t"
                     "movq %[t0], %[s0]\n\t"
                     "subq 0(%[mc]), %[s0]\n\t"
                     "movq %[t1], %[s1]\n\t"
                     "sbbq 8(%[mc]), %[s1]\n\t"
                     "movq %[t2], %[s2]\n\t"
                     "sbbq 16(%[mc]), %[s2]\n\t"
                     "movq %[t3], %[s3]\n\t"
                     "sbbq 24(%[mc]), %[s3]\n\t"
                     "cmovcq %[t0], %[s0]\n\t"
                     "cmovcq %[t1], %[s1]\n\t"
                     "cmovcq %[t2], %[s2]\n\t"
                     "cmovcq %[t3], %[s3]\n\t" ZKP_STORE_(s0, s1, s2, s3)
                     : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),
                       [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3)
                     : [r] "r"(r), [a] "r"(a), [b] "r"(b), [mc] "r"(mc)
                     : "cc", "memory");
}

static inline __attribute__((always_inline)) void
zkp_fp_sub_adx(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const uint64_t mc[5]) {
    uint64_t t0, t1, t2, t3, k0, k1, k2, k3;
    __asm__ volatile("movq 0(%[a]), %[t0]\n\t"
                     "subq 0(%[b]), %[t0]\n\t"
                     "movq 8(%[a]), %[t1]\n\t"
                     "sbbq 8(%[b]), %[t1]\n\t"
                     "movq 16(%[a]), %[t2]\n\t"
                     "sbbq 16(%[b]), %[t2]\n\t"
                     "movq 24(%[a]), %[t3]\n\t"
                     "sbbq 24(%[b]), %[t3]\n\t"
                     "sbbq %[k3], %[k3]\n\t" /* all ones if a < b */
                     "movq 0(%[mc]), %[k0]\n\t"
                     "movq 8(%[mc]), %[k1]\n\t"
                     "movq 16(%[mc]), %[k2]\n\t"
                     "andq %[k3], %[k0]\n\t"
                     "andq %[k3], %[k1]\n\t"
                     "andq %[k3], %[k2]\n\t"
                     "andq 24(%[mc]), %[k3]\n\t"
                     "addq %[k0], %[t0]\n\t"
                     "adcq %[k1], %[t1]\n\t"
                     "adcq %[k2], %[t2]\n\t"
                     "adcq %[k3], %[t3]\n\t" ZKP_STORE_(t0, t1, t2, t3)
                     : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),
                       [k0] "=&r"(k0), [k1] "=&r"(k1), [k2] "=&r"(k2), [k3] "=&r"(k3)
                     : [r] "r"(r), [a] "r"(a), [b] "r"(b), [mc] "r"(mc)
                     : "cc", "memory");
}

/* Assembly fragments for the Montgomery kernels; operands are named, and
 * ZKP_S_(x) names operand x inside a template. */
// clang-format off
/* (t4..t0) = a * b[0] */
#define ZKP_MUL_ROW0_(t0, t1, t2, t3, t4)                                                          \
    "movq 0(%[b]), %%rdx\n\t"                                                                      \
    "mulxq 0(%[a]), " ZKP_S_(t0) ", " ZKP_S_(t1) "\n\t"                                            \
    "mulxq 8(%[a]), %[lo], " ZKP_S_(t2) "\n\t"                                                     \
    "addq %[lo], " ZKP_S_(t1) "\n\t"                                                               \
    "mulxq 16(%[a]), %[lo], " ZKP_S_(t3) "\n\t"                                                    \
    "adcq %[lo], " ZKP_S_(t2) "\n\t"                                                               \
    "mulxq 24(%[a]), %[lo], " ZKP_S_(t4) "\n\t"                                                    \
    "adcq %[lo], " ZKP_S_(t3) "\n\t"                                                               \
    "adcq $0, " ZKP_S_(t4) "\n\t"
/* (u4..u0) = (u3..u0) + a * b[bi/8]; u4 is written, not read */
#define ZKP_MUL_ROW_(bi, u0, u1, u2, u3, u4)                                                       \
    "movq " #bi "(%[b]), %%rdx\n\t"                                                                \
    "xorl %k[lo], %k[lo]\n\t"                                                                      \
    "mulxq 0(%[a]), %[lo], %[hi]\n\t"                                                              \
    "adcxq %[lo], " ZKP_S_(u0) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u1) "\n\t"                                                              \
    "mulxq 8(%[a]), %[lo], %[hi]\n\t"                                                              \
    "adcxq %[lo], " ZKP_S_(u1) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u2) "\n\t"                                                              \
    "mulxq 16(%[a]), %[lo], %[hi]\n\t"                                                             \
    "adcxq %[lo], " ZKP_S_(u2) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u3) "\n\t"                                                              \
    "mulxq 24(%[a]), %[lo], " ZKP_S_(u4) "\n\t"                                                    \
    "adcxq %[lo], " ZKP_S_(u3) "\n\t"                                                              \
    "movl $0, %k[lo]\n\t"                                                                          \
    "adoxq %[lo], " ZKP_S_(u4) "\n\t"                                                              \
    "adcxq %[lo], " ZKP_S_(u4) "\n\t"
/* (u4..u1) = ((u4..u0) + q m) / 2^64 with q = u0 minv; leaves u0 = 0 */
#define ZKP_MUL_RED_(u0, u1, u2, u3, u4)                                                           \
    "movq " ZKP_S_(u0) ", %%rdx\n\t"                                                               \
    "imulq 32(%[mc]), %%rdx\n\t"                                                                   \
    "xorl %k[lo], %k[lo]\n\t"                                                                      \
    "mulxq 0(%[mc]), %[lo], %[hi]\n\t"                                                             \
    "adcxq %[lo], " ZKP_S_(u0) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u1) "\n\t"                                                              \
    "mulxq 8(%[mc]), %[lo], %[hi]\n\t"                                                             \
    "adcxq %[lo], " ZKP_S_(u1) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u2) "\n\t"                                                              \
    "mulxq 16(%[mc]), %[lo], %[hi]\n\t"                                                            \
    "adcxq %[lo], " ZKP_S_(u2) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u3) "\n\t"                                                              \
    "mulxq 24(%[mc]), %[lo], %[hi]\n\t"                                                            \
    "adcxq %[lo], " ZKP_S_(u3) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u4) "\n\t"                                                              \
    "adcxq " ZKP_S_(u0) ", " ZKP_S_(u4) "\n\t"                                                     \
    "adoxq " ZKP_S_(u0) ", " ZKP_S_(u4) "\n\t"
/* (u3..u0) = (u3..u0) - m if that does not borrow; x0..x2 and rdx are scratch */
#define ZKP_MUL_FINAL_(u0, u1, u2, u3, x0, x1, x2)                                                 \
    "movq " ZKP_S_(u0) ", " ZKP_S_(x0) "\n\t"                                                      \
    "subq 0(%[mc]), " ZKP_S_(x0) "\n\t"                                                            \
    "movq " ZKP_S_(u1) ", " ZKP_S_(x1) "\n\t"                                                      \
    "sbbq 8(%[mc]), " ZKP_S_(x1) "\n\t"                                                            \
    "movq " ZKP_S_(u2) ", " ZKP_S_(x2) "\n\t"                                                      \
    "sbbq 16(%[mc]), " ZKP_S_(x2) "\n\t"                                                           \
    "movq " ZKP_S_(u3) ", %%rdx\n\t"                                                               \
    "sbbq 24(%[mc]), %%rdx\n\t"                                                                    \
    "cmovncq " ZKP_S_(x0) ", " ZKP_S_(u0) "\n\t"                                                   \
    "cmovncq " ZKP_S_(x1) ", " ZKP_S_(u1) "\n\t"                                                   \
    "cmovncq " ZKP_S_(x2) ", " ZKP_S_(u2) "\n\t"                                                   \
    "cmovncq %%rdx, " ZKP_S_(u3) "\n\t"
// clang-format on

/* ---- Montgomery reduction in two steps of 128 bits ----
 * The word-by-word reduction is a chain of four (q = t0 minv, then q m added),
 * each an imul and a mulx deep; with q taken 128 bits at a time,
 *   q = (t mod 2^128) n mod 2^128,  n = -m^-1 mod 2^128 = mc[4] + mc[5] 2^64,
 *   q0 = lo(t0 n0),  q1 = hi(t0 n0) + lo(t0 n1) + lo(t1 n0)  (mod 2^64),
 * the chain has two links and t + q m is divisible by 2^128 (the 2-word
 * analogue of CIOS, Koc, Acar, Kaliski 1996, with a 128-bit digit). On this
 * machine class it takes the product from 15 to 13 ns as a dependency chain
 * (bench/bench_field.c), so it is the kernel of fq_mul/fr_mul and of the
 * squaring. It has ~10% more instructions: with two or four independent chains
 * of products it measured up to 8% slower per product than the word-by-word
 * kernel (12.2 vs 11.3 ns), which therefore stays available as fq_mul_tp/fr_mul_tp
 * for code that keeps several independent products in flight (the G1 formulas,
 * Fq2 squaring). It is not used for fq_redc, where independent reductions run
 * side by side and the extra multiplications cost more than the shorter chain gains.
 * Register names are macro arguments; mc names the
 * register holding the pointer to mc. */
// clang-format off
/* rdx = q0, q1 as above, from (u1, u0) */
#define ZKP_R128_Q_(mc, u0, u1)                                                                    \
    "movq " ZKP_S_(u0) ", %%rdx\n\t"                                                               \
    "mulxq 32(" ZKP_S_(mc) "), %%rdx, %[q1]\n\t"                                                   \
    "movq " ZKP_S_(u0) ", %[lo]\n\t"                                                               \
    "imulq 40(" ZKP_S_(mc) "), %[lo]\n\t"                                                          \
    "addq %[lo], %[q1]\n\t"                                                                        \
    "movq " ZKP_S_(u1) ", %[lo]\n\t"                                                               \
    "imulq 32(" ZKP_S_(mc) "), %[lo]\n\t"                                                          \
    "addq %[lo], %[q1]\n\t"
/* (u4..u0) += rdx m, lows on CF, highs on OF; leaves CF pending into u4 and OF into u5 */
#define ZKP_R128_ROW_(mc, u0, u1, u2, u3, u4)                                                      \
    "xorl %k[lo], %k[lo]\n\t"                                                                      \
    "mulxq 0(" ZKP_S_(mc) "), %[lo], %[hi]\n\t"                                                    \
    "adcxq %[lo], " ZKP_S_(u0) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u1) "\n\t"                                                              \
    "mulxq 8(" ZKP_S_(mc) "), %[lo], %[hi]\n\t"                                                    \
    "adcxq %[lo], " ZKP_S_(u1) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u2) "\n\t"                                                              \
    "mulxq 16(" ZKP_S_(mc) "), %[lo], %[hi]\n\t"                                                   \
    "adcxq %[lo], " ZKP_S_(u2) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u3) "\n\t"                                                              \
    "mulxq 24(" ZKP_S_(mc) "), %[lo], %[hi]\n\t"                                                   \
    "adcxq %[lo], " ZKP_S_(u3) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u4) "\n\t"
/* (u5..u0) += q m with q from (u1, u0): afterwards u0 = u1 = 0 (used as zero
 * registers for the carries). The caller's bounds keep any carry from leaving
 * u5: the value stays below 2^384. */
#define ZKP_R128_STEP6_(mc, u0, u1, u2, u3, u4, u5)                                                \
    ZKP_R128_Q_(mc, u0, u1)                                                                        \
    ZKP_R128_ROW_(mc, u0, u1, u2, u3, u4)                                                          \
    "adcxq " ZKP_S_(u0) ", " ZKP_S_(u4) "\n\t"                                                     \
    "adoxq " ZKP_S_(u0) ", " ZKP_S_(u5) "\n\t"                                                     \
    "adcxq " ZKP_S_(u0) ", " ZKP_S_(u5) "\n\t"                                                     \
    "movq %[q1], %%rdx\n\t"                                                                        \
    ZKP_R128_ROW_(mc, u1, u2, u3, u4, u5)                                                          \
    "adcxq " ZKP_S_(u1) ", " ZKP_S_(u5) "\n\t"
/* The same on 8 words: the carries out of u5 ripple on into u6 and u7. */
#define ZKP_R128_STEP8_(mc, u0, u1, u2, u3, u4, u5, u6, u7)                                        \
    ZKP_R128_Q_(mc, u0, u1)                                                                        \
    ZKP_R128_ROW_(mc, u0, u1, u2, u3, u4)                                                          \
    "adcxq " ZKP_S_(u0) ", " ZKP_S_(u4) "\n\t"                                                     \
    "adoxq " ZKP_S_(u0) ", " ZKP_S_(u5) "\n\t"                                                     \
    "adcxq " ZKP_S_(u0) ", " ZKP_S_(u5) "\n\t"                                                     \
    "adcxq " ZKP_S_(u0) ", " ZKP_S_(u6) "\n\t"                                                     \
    "adoxq " ZKP_S_(u0) ", " ZKP_S_(u6) "\n\t"                                                     \
    "adcxq " ZKP_S_(u0) ", " ZKP_S_(u7) "\n\t"                                                     \
    "adoxq " ZKP_S_(u0) ", " ZKP_S_(u7) "\n\t"                                                     \
    "movq %[q1], %%rdx\n\t"                                                                        \
    ZKP_R128_ROW_(mc, u1, u2, u3, u4, u5)                                                          \
    "adcxq " ZKP_S_(u1) ", " ZKP_S_(u5) "\n\t"                                                     \
    "adoxq " ZKP_S_(u1) ", " ZKP_S_(u6) "\n\t"                                                     \
    "adcxq " ZKP_S_(u1) ", " ZKP_S_(u6) "\n\t"                                                     \
    "adcxq " ZKP_S_(u1) ", " ZKP_S_(u7) "\n\t"                                                     \
    "adoxq " ZKP_S_(u1) ", " ZKP_S_(u7) "\n\t"
/* (u3..u0) = (u3..u0) - m if that does not borrow; x0..x2 and rdx are scratch */
#define ZKP_R128_FINAL_(mc, u0, u1, u2, u3, x0, x1, x2)                                            \
    "movq " ZKP_S_(u0) ", " ZKP_S_(x0) "\n\t"                                                      \
    "subq 0(" ZKP_S_(mc) "), " ZKP_S_(x0) "\n\t"                                                   \
    "movq " ZKP_S_(u1) ", " ZKP_S_(x1) "\n\t"                                                      \
    "sbbq 8(" ZKP_S_(mc) "), " ZKP_S_(x1) "\n\t"                                                   \
    "movq " ZKP_S_(u2) ", " ZKP_S_(x2) "\n\t"                                                      \
    "sbbq 16(" ZKP_S_(mc) "), " ZKP_S_(x2) "\n\t"                                                  \
    "movq " ZKP_S_(u3) ", %%rdx\n\t"                                                               \
    "sbbq 24(" ZKP_S_(mc) "), %%rdx\n\t"                                                           \
    "cmovncq " ZKP_S_(x0) ", " ZKP_S_(u0) "\n\t"                                                   \
    "cmovncq " ZKP_S_(x1) ", " ZKP_S_(u1) "\n\t"                                                   \
    "cmovncq " ZKP_S_(x2) ", " ZKP_S_(u2) "\n\t"                                                   \
    "cmovncq %%rdx, " ZKP_S_(u3) "\n\t"                                                            \
    "movq %[rp], %%rdx\n\t"                                                                        \
    "movq " ZKP_S_(u0) ", 0(%%rdx)\n\t"                                                            \
    "movq " ZKP_S_(u1) ", 8(%%rdx)\n\t"                                                            \
    "movq " ZKP_S_(u2) ", 16(%%rdx)\n\t"                                                           \
    "movq " ZKP_S_(u3) ", 24(%%rdx)\n\t"
/* (u4..u0) = a b[bi/8] (a through the register x, b through the register bp) */
#define ZKP_P_ROW0_(bp, t0, t1, t2, t3, t4)                                                        \
    "movq 0(" ZKP_S_(bp) "), %%rdx\n\t"                                                            \
    "mulxq 0(%[x]), " ZKP_S_(t0) ", " ZKP_S_(t1) "\n\t"                                            \
    "mulxq 8(%[x]), %[lo], " ZKP_S_(t2) "\n\t"                                                     \
    "addq %[lo], " ZKP_S_(t1) "\n\t"                                                               \
    "mulxq 16(%[x]), %[lo], " ZKP_S_(t3) "\n\t"                                                    \
    "adcq %[lo], " ZKP_S_(t2) "\n\t"                                                               \
    "mulxq 24(%[x]), %[lo], " ZKP_S_(t4) "\n\t"                                                    \
    "adcq %[lo], " ZKP_S_(t3) "\n\t"                                                               \
    "adcq $0, " ZKP_S_(t4) "\n\t"
/* (u4..u0) = (u3..u0) + a b[bi/8]; u4 is written, not read */
#define ZKP_P_ROW_(bp, bi, u0, u1, u2, u3, u4)                                                     \
    "movq " #bi "(" ZKP_S_(bp) "), %%rdx\n\t"                                                      \
    "xorl %k[lo], %k[lo]\n\t"                                                                      \
    "mulxq 0(%[x]), %[lo], %[hi]\n\t"                                                              \
    "adcxq %[lo], " ZKP_S_(u0) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u1) "\n\t"                                                              \
    "mulxq 8(%[x]), %[lo], %[hi]\n\t"                                                              \
    "adcxq %[lo], " ZKP_S_(u1) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u2) "\n\t"                                                              \
    "mulxq 16(%[x]), %[lo], %[hi]\n\t"                                                             \
    "adcxq %[lo], " ZKP_S_(u2) "\n\t"                                                              \
    "adoxq %[hi], " ZKP_S_(u3) "\n\t"                                                              \
    "mulxq 24(%[x]), %[lo], " ZKP_S_(u4) "\n\t"                                                    \
    "adcxq %[lo], " ZKP_S_(u3) "\n\t"                                                              \
    "movl $0, %k[lo]\n\t"                                                                          \
    "adoxq %[lo], " ZKP_S_(u4) "\n\t"                                                              \
    "adcxq %[lo], " ZKP_S_(u4) "\n\t"
// clang-format on

/* Montgomery product, the same no-carry CIOS as zkp_fp_mul_port (a, b < 2p
 * also work: every partial value stays below a + m < 3m < 2^256 and the result
 * below a b / 2^256 + m < 2m). The kernel of fq_mul_tp/fr_mul_tp: it needs fewer
 * instructions than zkp_fp_mul_lat_adx, which pays off where independent products
 * overlap; see the note on the 128-bit steps above. */
static inline __attribute__((always_inline)) void
zkp_fp_mul_adx(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const uint64_t mc[6]) {
    uint64_t t0, t1, t2, t3, t4, lo, hi;
    /* the accumulator rotates through t0..t4: after row i, the word that the
     * reduction zeroed becomes the next row's top word */
    // clang-format off
    __asm__ volatile(
        ZKP_MUL_ROW0_(t0, t1, t2, t3, t4)        ZKP_MUL_RED_(t0, t1, t2, t3, t4)
        ZKP_MUL_ROW_(8, t1, t2, t3, t4, t0)      ZKP_MUL_RED_(t1, t2, t3, t4, t0)
        ZKP_MUL_ROW_(16, t2, t3, t4, t0, t1)     ZKP_MUL_RED_(t2, t3, t4, t0, t1)
        ZKP_MUL_ROW_(24, t3, t4, t0, t1, t2)     ZKP_MUL_RED_(t3, t4, t0, t1, t2)
        ZKP_MUL_FINAL_(t4, t0, t1, t2, t3, lo, hi)
        ZKP_STORE_(t4, t0, t1, t2)
        : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
          [lo] "=&r"(lo), [hi] "=&r"(hi)
        : [r] "r"(r), [a] "r"(a), [b] "r"(b), [mc] "r"(mc)
        : "rdx", "cc", "memory");
    // clang-format on
}

/* Montgomery product with the shortest dependency chain (fq_mul, fr_mul): r = a b
 * 2^-256 mod m for a, b < 2p (a < 2^255 suffices), with the 128-bit steps:
 *   W = a (b0 + b1 2^64), one 128-bit step (W + q m < 2^383, so W / 2^128 < 2^255),
 *   W += a (b2 + b3 2^64), one more step (W + q m < 2^384), then
 *   W / 2^128 = (a b + Q m) / 2^256 < 2m and one conditional subtraction.
 * 12 named registers plus rdx: x holds a's pointer, then mc's (reloaded from memory);
 * b's pointer rides in w6 and then w0 while those words are free. */
static inline __attribute__((always_inline)) void
zkp_fp_mul_lat_adx(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const uint64_t mc[6]) {
    uint64_t w0, w1, w2, w3, w4, w5, w6, w7, lo, hi, q1;
    const uint64_t *x = a;
    // clang-format off
    __asm__ volatile(
        "movq %[bp], %[w6]\n\t"
        ZKP_P_ROW0_(w6, w0, w1, w2, w3, w4)
        ZKP_P_ROW_(w6, 8, w1, w2, w3, w4, w5)
        "movq %[x], %[w7]\n\t"
        "movq %[mcp], %[x]\n\t"
        ZKP_R128_STEP6_(x, w0, w1, w2, w3, w4, w5)
        "movq %[bp], %[w0]\n\t"
        "movq %[w7], %[x]\n\t"
        ZKP_P_ROW_(w0, 16, w2, w3, w4, w5, w6)
        ZKP_P_ROW_(w0, 24, w3, w4, w5, w6, w7)
        "movq %[mcp], %[x]\n\t"
        ZKP_R128_STEP6_(x, w2, w3, w4, w5, w6, w7)
        ZKP_R128_FINAL_(x, w4, w5, w6, w7, w0, w1, w2)
        : [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2), [w3] "=&r"(w3), [w4] "=&r"(w4),
          [w5] "=&r"(w5), [w6] "=&r"(w6), [w7] "=&r"(w7), [lo] "=&r"(lo), [hi] "=&r"(hi),
          [q1] "=&r"(q1), [x] "+&r"(x)
        : [rp] "m"(r), [bp] "m"(b), [mcp] "m"(mc)
        : "rdx", "cc", "memory");
    // clang-format on
}

/* Montgomery square: the 512-bit square (6 cross products doubled plus 4
 * diagonal ones, 10 mulx instead of 16), then the two 128-bit reduction steps
 * on all 8 words: (a^2 + Q m) / 2^256 < m^2 / 2^256 + m < 2m, one conditional
 * subtraction. 12 named registers plus rdx: the pointer a becomes the pointer
 * mc once the product is done, and r is loaded from memory for the stores. */
static inline __attribute__((always_inline)) void zkp_fp_sqr_adx(uint64_t r[4], const uint64_t a[4],
                                                                 const uint64_t mc[6]) {
    uint64_t w0, w1, w2, w3, w4, w5, w6, w7, lo, hi, q1;
    const uint64_t *z = a;
    __asm__ volatile(/* cross products a0*(a1,a2,a3), a1*(a2,a3), a2*a3 into w1..w6 */
                     "movq 0(%[z]), %%rdx\n\t"
                     "mulxq 8(%[z]), %[w1], %[w2]\n\t"
                     "mulxq 16(%[z]), %[lo], %[w3]\n\t"
                     "addq %[lo], %[w2]\n\t"
                     "mulxq 24(%[z]), %[lo], %[w4]\n\t"
                     "adcq %[lo], %[w3]\n\t"
                     "adcq $0, %[w4]\n\t"
                     "movq 8(%[z]), %%rdx\n\t"
                     "xorl %k[lo], %k[lo]\n\t"
                     "mulxq 16(%[z]), %[lo], %[hi]\n\t"
                     "adcxq %[lo], %[w3]\n\t"
                     "adoxq %[hi], %[w4]\n\t"
                     "mulxq 24(%[z]), %[lo], %[w5]\n\t"
                     "adcxq %[lo], %[w4]\n\t"
                     "movl $0, %k[lo]\n\t"
                     "adoxq %[lo], %[w5]\n\t"
                     "adcxq %[lo], %[w5]\n\t"
                     "movq 16(%[z]), %%rdx\n\t"
                     "mulxq 24(%[z]), %[lo], %[w6]\n\t"
                     "addq %[lo], %[w5]\n\t"
                     "adcq $0, %[w6]\n\t"
                     /* double them: w7..w1 = 2 (w6..w1) */
                     "xorl %k[w7], %k[w7]\n\t"
                     "addq %[w1], %[w1]\n\t"
                     "adcq %[w2], %[w2]\n\t"
                     "adcq %[w3], %[w3]\n\t"
                     "adcq %[w4], %[w4]\n\t"
                     "adcq %[w5], %[w5]\n\t"
                     "adcq %[w6], %[w6]\n\t"
                     "adcq $0, %[w7]\n\t"
                     /* add the squares a_i^2 at word 2i (mov and mulx keep CF) */
                     "movq 0(%[z]), %%rdx\n\t"
                     "mulxq %%rdx, %[w0], %[lo]\n\t"
                     "addq %[lo], %[w1]\n\t"
                     "movq 8(%[z]), %%rdx\n\t"
                     "mulxq %%rdx, %[lo], %[hi]\n\t"
                     "adcq %[lo], %[w2]\n\t"
                     "adcq %[hi], %[w3]\n\t"
                     "movq 16(%[z]), %%rdx\n\t"
                     "mulxq %%rdx, %[lo], %[hi]\n\t"
                     "adcq %[lo], %[w4]\n\t"
                     "adcq %[hi], %[w5]\n\t"
                     "movq 24(%[z]), %%rdx\n\t"
                     "mulxq %%rdx, %[lo], %[hi]\n\t"
                     "adcq %[lo], %[w6]\n\t"
                     "adcq %[hi], %[w7]\n\t"
                     // clang-format off
                     "movq %[mcp], %[z]\n\t"
                     ZKP_R128_STEP8_(z, w0, w1, w2, w3, w4, w5, w6, w7)
                     ZKP_R128_STEP6_(z, w2, w3, w4, w5, w6, w7)
                     ZKP_R128_FINAL_(z, w4, w5, w6, w7, w0, w1, w2)
                     // clang-format on
                     : [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2), [w3] "=&r"(w3),
                       [w4] "=&r"(w4), [w5] "=&r"(w5), [w6] "=&r"(w6), [w7] "=&r"(w7), [z] "+&r"(z),
                       [lo] "=&r"(lo), [hi] "=&r"(hi), [q1] "=&r"(q1)
                     : [rp] "m"(r), [mcp] "m"(mc)
                     : "rdx", "cc", "memory");
}

/* r[0..7] = a * b as integers, schoolbook rows; the low word of each row is
 * stored as soon as it is final. r must not overlap a or b. */
static inline __attribute__((always_inline)) void zkp_fp_mulw_adx(uint64_t r[8], const uint64_t a[4],
                                                                  const uint64_t b[4]) {
    uint64_t t0, t1, t2, t3, t4, lo, hi;
    // clang-format off
    __asm__ volatile(
        ZKP_MUL_ROW0_(t0, t1, t2, t3, t4)
        "movq %[t0], 0(%[r])\n\t"
        ZKP_MUL_ROW_(8, t1, t2, t3, t4, t0)
        "movq %[t1], 8(%[r])\n\t"
        ZKP_MUL_ROW_(16, t2, t3, t4, t0, t1)
        "movq %[t2], 16(%[r])\n\t"
        ZKP_MUL_ROW_(24, t3, t4, t0, t1, t2)
        "movq %[t3], 24(%[r])\n\t"
        "movq %[t4], 32(%[r])\n\t"
        "movq %[t0], 40(%[r])\n\t"
        "movq %[t1], 48(%[r])\n\t"
        "movq %[t2], 56(%[r])\n\t"
        : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
          [lo] "=&r"(lo), [hi] "=&r"(hi)
        : [r] "r"(r), [a] "r"(a), [b] "r"(b)
        : "rdx", "cc", "memory");
    // clang-format on
}

/* Montgomery reduction of t < m 2^256, as zkp_fp_redc_port (the tail of
 * zkp_fp_sqr_adx with the high half read from memory). */
static inline __attribute__((always_inline)) void zkp_fp_redc_adx(uint64_t r[4], const uint64_t t[8],
                                                                  const uint64_t mc[5]) {
    uint64_t w0, w1, w2, w3, z, lo, hi;
    // clang-format off
    __asm__ volatile(
        "movq 0(%[t]), %[w0]\n\t"
        "movq 8(%[t]), %[w1]\n\t"
        "movq 16(%[t]), %[w2]\n\t"
        "movq 24(%[t]), %[w3]\n\t"
        "xorl %k[z], %k[z]\n\t"
        ZKP_MUL_RED_(w0, w1, w2, w3, z)
        ZKP_MUL_RED_(w1, w2, w3, z, w0)
        ZKP_MUL_RED_(w2, w3, z, w0, w1)
        ZKP_MUL_RED_(w3, z, w0, w1, w2)
        "addq 32(%[t]), %[z]\n\t"
        "adcq 40(%[t]), %[w0]\n\t"
        "adcq 48(%[t]), %[w1]\n\t"
        "adcq 56(%[t]), %[w2]\n\t"
        ZKP_MUL_FINAL_(z, w0, w1, w2, w3, lo, hi)
        ZKP_STORE_(z, w0, w1, w2)
        : [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2), [w3] "=&r"(w3), [z] "=&r"(z),
          [lo] "=&r"(lo), [hi] "=&r"(hi)
        : [r] "r"(r), [t] "r"(t), [mc] "r"(mc)
        : "rdx", "cc", "memory");
    // clang-format on
}
#endif /* ZKP_FIELD_ADX */

#if ZKP_FIELD_ADX
#define ZKP_FP_ADD_ zkp_fp_add_adx
#define ZKP_FP_SUB_ zkp_fp_sub_adx
#define ZKP_FP_MUL_ zkp_fp_mul_lat_adx
#define ZKP_FP_MUL_TP_ zkp_fp_mul_adx
#define ZKP_FP_SQR_ zkp_fp_sqr_adx
#define ZKP_FP_MULW_ zkp_fp_mulw_adx
#define ZKP_FP_REDC_ zkp_fp_redc_adx
#else
#define ZKP_FP_ADD_(r, a, b, mc) zkp_fp_add_port(r, a, b, mc)
#define ZKP_FP_SUB_(r, a, b, mc) zkp_fp_sub_port(r, a, b, mc)
#define ZKP_FP_MUL_ zkp_fp_mul_port
#define ZKP_FP_MUL_TP_ zkp_fp_mul_port
#define ZKP_FP_SQR_(r, a, mc) zkp_fp_mul_port(r, a, a, mc)
#define ZKP_FP_MULW_ zkp_fp_mulw_port
#define ZKP_FP_REDC_ zkp_fp_redc_port
#endif

/* The public hot operations for one field: constant time; r may alias a and b. */
#define ZKP_FIELD_HOT(T, P, MC)                                                                    \
    ZKP_FIELD_INLINE void P##_set_zero(T *r) { r->l[0] = r->l[1] = r->l[2] = r->l[3] = 0; }        \
    ZKP_FIELD_INLINE void P##_set_one(T *r) { *r = P##_one_c; }                                    \
    ZKP_FIELD_INLINE bool P##_is_zero(const T *a) { return zkp_fp_is_zero(a->l); }                 \
    ZKP_FIELD_INLINE bool P##_eq(const T *a, const T *b) { return zkp_fp_eq(a->l, b->l); }         \
    ZKP_FIELD_INLINE bool P##_is_one(const T *a) { return zkp_fp_eq(a->l, P##_one_c.l); }          \
    ZKP_FIELD_INLINE void P##_add(T *r, const T *a, const T *b) {                                  \
        ZKP_FP_ADD_(r->l, a->l, b->l, MC);                                                         \
    }                                                                                              \
    ZKP_FIELD_INLINE void P##_sub(T *r, const T *a, const T *b) {                                  \
        ZKP_FP_SUB_(r->l, a->l, b->l, MC);                                                         \
    }                                                                                              \
    ZKP_FIELD_INLINE void P##_dbl(T *r, const T *a) { ZKP_FP_ADD_(r->l, a->l, a->l, MC); }         \
    ZKP_FIELD_INLINE void P##_neg(T *r, const T *a) { zkp_fp_neg_port(r->l, a->l, MC); }           \
    ZKP_FIELD_INLINE void P##_mul(T *r, const T *a, const T *b) {                                  \
        ZKP_FP_MUL_(r->l, a->l, b->l, MC);                                                         \
    }                                                                                              \
    ZKP_FIELD_INLINE void P##_mul_tp(T *r, const T *a, const T *b) {                               \
        ZKP_FP_MUL_TP_(r->l, a->l, b->l, MC);                                                      \
    }                                                                                              \
    ZKP_FIELD_INLINE void P##_sqr(T *r, const T *a) { ZKP_FP_SQR_(r->l, a->l, MC); }

ZKP_FIELD_HOT(fq_t, fq, zkp_fq_mc)
ZKP_FIELD_HOT(fr_t, fr, zkp_fr_mc)

/* ---- Fq lazy reduction (the tower uses it; eprint 2010/526 s. 3-4) ----
 * fq_wide_t is an unreduced double-width integer (8 little-endian limbs).
 *   fq_mul_wide(r, a, b): r = a * b as integers of the Montgomery limbs (a, b any
 *     256-bit values, e.g. unreduced sums < 2p); r must not overlap a or b;
 *   fq_redc(r, t): r = t 2^-256 mod p, fully reduced, for t < p 2^256; so
 *     fq_redc of fq_mul_wide(a, b) is fq_mul(a, b), and a sum of such products
 *     may be reduced once while it stays below p 2^256 (p^2 < p 2^256 / 4).
 *   fq_wide_add / fq_wide_sub: plain 512-bit add / subtract (no modular
 *     correction; the caller keeps the values in range: no carry out, no borrow);
 *   fq_wide_sub_mod: a - b, plus p 2^256 if that borrows (so for a, b < p 2^256 the
 *     result is in [0, p 2^256) and congruent to a - b mod p).
 * All constant time; r may alias a or b for the add/sub functions. Header-only
 * (static inline; not exported by field_extern.c). */
typedef struct {
    uint64_t l[8];
} fq_wide_t;

static inline __attribute__((always_inline)) void fq_mul_wide(fq_wide_t *r, const fq_t *a, const fq_t *b) {
    ZKP_FP_MULW_(r->l, a->l, b->l);
}
static inline __attribute__((always_inline)) void fq_redc(fq_t *r, const fq_wide_t *t) { ZKP_FP_REDC_(r->l, t->l, zkp_fq_mc); }
static inline __attribute__((always_inline)) void zkp_fq_wide_add_c(fq_wide_t *r, const fq_wide_t *a, const fq_wide_t *b) {
    uint64_t c = 0;
    for (int i = 0; i < 8; i++) {
        zkp_u128 s = (zkp_u128)a->l[i] + b->l[i] + c;
        r->l[i] = (uint64_t)s;
        c = (uint64_t)(s >> 64);
    }
}
static inline __attribute__((always_inline)) void zkp_fq_wide_sub_c(fq_wide_t *r, const fq_wide_t *a, const fq_wide_t *b) {
    uint64_t borrow = 0;
    for (int i = 0; i < 8; i++) {
        zkp_u128 d = (zkp_u128)a->l[i] - b->l[i] - borrow;
        r->l[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
}
static inline __attribute__((always_inline)) void zkp_fq_wide_sub_mod_c(fq_wide_t *r, const fq_wide_t *a, const fq_wide_t *b) {
    uint64_t borrow = 0;
    for (int i = 0; i < 8; i++) {
        zkp_u128 d = (zkp_u128)a->l[i] - b->l[i] - borrow;
        r->l[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    uint64_t mask = 0 - borrow, c = 0;
    for (int i = 0; i < 4; i++) {
        zkp_u128 s = (zkp_u128)r->l[i + 4] + (zkp_fq_mc[i] & mask) + c;
        r->l[i + 4] = (uint64_t)s;
        c = (uint64_t)(s >> 64);
    }
}
static inline __attribute__((always_inline)) void zkp_fq_add_nr_c(fq_t *r, const fq_t *a, const fq_t *b) {
    uint64_t c = 0;
    for (int i = 0; i < 4; i++) {
        zkp_u128 s = (zkp_u128)a->l[i] + b->l[i] + c;
        r->l[i] = (uint64_t)s;
        c = (uint64_t)(s >> 64);
    }
}


/* r = v mod p for a 5-limb little-endian v with v[4] < 2^52 (so v < 2^308), constant
 * time: one quotient estimate from the top bits, one product, one conditional
 * subtraction. With h = floor(v / 2^252) and C = floor(2^316 / p),
 *   q = floor(h C / 2^64) <= h 2^252 / p <= v / p, and
 *   v / p - q < (h + 1) 2^252 / p - h 2^252 / p + h 2^-64 + 1 < 2^252 / p + 1 + 2^-8 < 1.34
 * (2^252 / p = 0.33), so v - q p lies in [0, 2p). For small multiples and
 * combinations of reduced elements (9a - b, 3a + 2b, ...) this is much cheaper
 * than a chain of modular additions. */
#define ZKP_FQ_RED_C 0x54a47462623a04a7ULL /* floor(2^316 / p) (Python: 2**316 // p) */
static inline __attribute__((always_inline)) void zkp_fq_reduce_small(fq_t *r, const uint64_t v[5]) {
    uint64_t h = (v[4] << 4) | (v[3] >> 60);
    uint64_t q = (uint64_t)(((zkp_u128)h * ZKP_FQ_RED_C) >> 64);
    uint64_t t[4], c = 0, borrow = 0;
    for (int i = 0; i < 4; i++) { /* t = v - q p; the result is < 2p < 2^256, so limb 4 ends 0 */
        zkp_u128 m = (zkp_u128)q * zkp_fq_mc[i] + c;
        c = (uint64_t)(m >> 64);
        zkp_u128 d = (zkp_u128)v[i] - (uint64_t)m - borrow;
        t[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    zkp_fp_csub_port(r->l, t, zkp_fq_mc);
}

/* ---- small linear combinations of Fq elements, reduced once ----
 *   fq_lin_add(r, k1, a, k2, b): r = k1 a + k2 b mod p,
 *   fq_lin_sub(r, k1, a, k2, b): r = k1 a - k2 b mod p (k2 <= 5),
 * for reduced a, b and small constants with k1 + k2 <= 16 (the integer stays below
 * 16p < 2^258: k1 a + k2 (p - b) for the difference). One zkp_fq_reduce_small
 * instead of a chain of modular additions: the multiplication by xi = 9 + u and
 * the 3t -+ 2z of the cyclotomic squaring. fq_sub_nr(r, a, b) = a + p - b as an
 * integer in [1, 2p), unreduced: an operand for fq_mul/fq_mul_tp, which accept
 * inputs below 2p. All constant time; r may alias a or b. */
static inline __attribute__((always_inline)) void zkp_fq_lin_c(fq_t *r, uint64_t k1, const fq_t *a,
                                                               uint64_t k2, const fq_t *b, bool neg) {
    uint64_t n[4], v[5], borrow = 0;
    for (int i = 0; i < 4; i++) { /* n = p - b (in [1, p]) or b */
        zkp_u128 d = (zkp_u128)zkp_fq_mc[i] - b->l[i] - borrow;
        borrow = (uint64_t)(d >> 64) & 1;
        n[i] = neg ? (uint64_t)d : b->l[i];
    }
    zkp_u128 c = 0;
    for (int i = 0; i < 4; i++) {
        c += (zkp_u128)a->l[i] * k1 + (zkp_u128)n[i] * k2;
        v[i] = (uint64_t)c;
        c >>= 64;
    }
    v[4] = (uint64_t)c;
    zkp_fq_reduce_small(r, v);
}
/* fq_mul_sum2(r, a, b, c, d): r = (a b + c d) 2^-256 mod p, the Montgomery form of a
 * sum of two products with one reduction (a b + c d <= 2p^2 < p 2^256); inputs
 * a, b, c, d <= p (so p - x may stand in for -x). fq2_mul is two of them:
 * a0 b0 - a1 b1 = a0 b0 + a1 (p - b1) mod p. Constant time; r may alias any input. */
static inline __attribute__((always_inline)) void zkp_fq_mul_sum2_c(fq_t *r, const fq_t *a, const fq_t *b,
                                                                    const fq_t *c, const fq_t *d) {
    uint64_t u[8], v[8], k = 0;
    zkp_fp_mulw_port(u, a->l, b->l);
    zkp_fp_mulw_port(v, c->l, d->l);
    for (int i = 0; i < 8; i++) {
        zkp_u128 x = (zkp_u128)u[i] + v[i] + k;
        u[i] = (uint64_t)x;
        k = (uint64_t)(x >> 64);
    }
    zkp_fp_redc_port(r->l, u, zkp_fq_mc);
}
static inline __attribute__((always_inline)) void zkp_fq_sub_nr_c(fq_t *r, const fq_t *a, const fq_t *b) {
    uint64_t t[4], borrow = 0, c = 0;
    for (int i = 0; i < 4; i++) {
        zkp_u128 d = (zkp_u128)zkp_fq_mc[i] - b->l[i] - borrow;
        t[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    for (int i = 0; i < 4; i++) {
        zkp_u128 x = (zkp_u128)a->l[i] + t[i] + c;
        r->l[i] = (uint64_t)x;
        c = (uint64_t)(x >> 64);
    }
}

#if ZKP_FIELD_ADX
/* The same in x86-64 assembly (compilers turn the 8-word __int128 carry chains
 * above into long, slow code). Inputs are read before r is written, word by
 * word in order, so r may alias a or b exactly. */
// clang-format off
#define ZKP_W8_(op0, op)                                                                           \
    "movq 0(%[a]), %[x]\n\t" op0 " 0(%[b]), %[x]\n\t" "movq %[x], 0(%[r])\n\t"                     \
    "movq 8(%[a]), %[x]\n\t" op " 8(%[b]), %[x]\n\t" "movq %[x], 8(%[r])\n\t"                      \
    "movq 16(%[a]), %[x]\n\t" op " 16(%[b]), %[x]\n\t" "movq %[x], 16(%[r])\n\t"                   \
    "movq 24(%[a]), %[x]\n\t" op " 24(%[b]), %[x]\n\t" "movq %[x], 24(%[r])\n\t"                   \
    "movq 32(%[a]), %[x]\n\t" op " 32(%[b]), %[x]\n\t" "movq %[x], 32(%[r])\n\t"                   \
    "movq 40(%[a]), %[x]\n\t" op " 40(%[b]), %[x]\n\t" "movq %[x], 40(%[r])\n\t"                   \
    "movq 48(%[a]), %[x]\n\t" op " 48(%[b]), %[x]\n\t" "movq %[x], 48(%[r])\n\t"                   \
    "movq 56(%[a]), %[x]\n\t" op " 56(%[b]), %[x]\n\t" "movq %[x], 56(%[r])\n\t"
// clang-format on
static inline __attribute__((always_inline)) void fq_wide_add(fq_wide_t *r, const fq_wide_t *a,
                                                              const fq_wide_t *b) {
    uint64_t x;
    __asm__ volatile(ZKP_W8_("addq", "adcq")
                     : [x] "=&r"(x)
                     : [r] "r"(r->l), [a] "r"(a->l), [b] "r"(b->l)
                     : "cc", "memory");
}
static inline __attribute__((always_inline)) void fq_wide_sub(fq_wide_t *r, const fq_wide_t *a,
                                                              const fq_wide_t *b) {
    uint64_t x;
    __asm__ volatile(ZKP_W8_("subq", "sbbq")
                     : [x] "=&r"(x)
                     : [r] "r"(r->l), [a] "r"(a->l), [b] "r"(b->l)
                     : "cc", "memory");
}
static inline __attribute__((always_inline)) void fq_wide_sub_mod(fq_wide_t *r, const fq_wide_t *a,
                                                                  const fq_wide_t *b) {
    uint64_t x, k0, k1, k2, k3;
    __asm__ volatile(ZKP_W8_("subq", "sbbq")
                     "sbbq %[k3], %[k3]\n\t" /* all ones on borrow */
                     "movq 0(%[mc]), %[k0]\n\t"
                     "movq 8(%[mc]), %[k1]\n\t"
                     "movq 16(%[mc]), %[k2]\n\t"
                     "andq %[k3], %[k0]\n\t"
                     "andq %[k3], %[k1]\n\t"
                     "andq %[k3], %[k2]\n\t"
                     "andq 24(%[mc]), %[k3]\n\t"
                     "addq %[k0], 32(%[r])\n\t"
                     "adcq %[k1], 40(%[r])\n\t"
                     "adcq %[k2], 48(%[r])\n\t"
                     "adcq %[k3], 56(%[r])\n\t"
                     : [x] "=&r"(x), [k0] "=&r"(k0), [k1] "=&r"(k1), [k2] "=&r"(k2),
                       [k3] "=&r"(k3)
                     : [r] "r"(r->l), [a] "r"(a->l), [b] "r"(b->l), [mc] "r"(zkp_fq_mc)
                     : "cc", "memory");
}
/* r = a + b as a 256-bit integer without reduction (a, b < p: r < 2p < 2^255), an
 * operand for fq_mul_wide. */
static inline __attribute__((always_inline)) void fq_add_nr(fq_t *r, const fq_t *a, const fq_t *b) {
    uint64_t x;
    __asm__ volatile("movq 0(%[a]), %[x]\n\taddq 0(%[b]), %[x]\n\tmovq %[x], 0(%[r])\n\t"
                     "movq 8(%[a]), %[x]\n\tadcq 8(%[b]), %[x]\n\tmovq %[x], 8(%[r])\n\t"
                     "movq 16(%[a]), %[x]\n\tadcq 16(%[b]), %[x]\n\tmovq %[x], 16(%[r])\n\t"
                     "movq 24(%[a]), %[x]\n\tadcq 24(%[b]), %[x]\n\tmovq %[x], 24(%[r])\n\t"
                     : [x] "=&r"(x)
                     : [r] "r"(r->l), [a] "r"(a->l), [b] "r"(b->l)
                     : "cc", "memory");
}
/* fq_lin_add / fq_lin_sub in assembly: u = k2 b (or k2 p - k2 b), u += k1 a, then the
 * reduction of zkp_fq_reduce_small and a conditional subtraction, all in registers;
 * the pointer registers of a and b serve as scratch once they are read. a and b
 * are read through those pointers ("memory" clobber, which also keeps the
 * register count within reach of -O0 and sanitizer builds). */
// clang-format off
#define ZKP_LIN_KB_                                                                                \
    "movq %[k2], %%rdx\n\t"                                                                        \
    "mulxq 0(%[b]), %[u0], %[u1]\n\t"                                                              \
    "mulxq 8(%[b]), %[lo], %[u2]\n\t"                                                              \
    "addq %[lo], %[u1]\n\t"                                                                        \
    "mulxq 16(%[b]), %[lo], %[u3]\n\t"                                                             \
    "adcq %[lo], %[u2]\n\t"                                                                        \
    "mulxq 24(%[b]), %[lo], %[u4]\n\t"                                                             \
    "adcq %[lo], %[u3]\n\t"                                                                        \
    "adcq $0, %[u4]\n\t"
/* u = K - u, K = k2 p (< 2^256, so u4 becomes 0) */
#define ZKP_LIN_NEG_                                                                               \
    "movq %[K0], %[lo]\n\t" "subq %[u0], %[lo]\n\t" "movq %[lo], %[u0]\n\t"                       \
    "movq %[K1], %[lo]\n\t" "sbbq %[u1], %[lo]\n\t" "movq %[lo], %[u1]\n\t"                       \
    "movq %[K2], %[lo]\n\t" "sbbq %[u2], %[lo]\n\t" "movq %[lo], %[u2]\n\t"                       \
    "movq %[K3], %[lo]\n\t" "sbbq %[u3], %[lo]\n\t" "movq %[lo], %[u3]\n\t"                       \
    "movl $0, %k[lo]\n\t" "sbbq %[u4], %[lo]\n\t" "movq %[lo], %[u4]\n\t"
#define ZKP_LIN_KA_RED_                                                                            \
    "movq %[k1], %%rdx\n\t"                                                                        \
    "xorl %k[lo], %k[lo]\n\t"                                                                      \
    "mulxq 0(%[a]), %[lo], %[hi]\n\t" "adcxq %[lo], %[u0]\n\t" "adoxq %[hi], %[u1]\n\t"          \
    "mulxq 8(%[a]), %[lo], %[hi]\n\t" "adcxq %[lo], %[u1]\n\t" "adoxq %[hi], %[u2]\n\t"          \
    "mulxq 16(%[a]), %[lo], %[hi]\n\t" "adcxq %[lo], %[u2]\n\t" "adoxq %[hi], %[u3]\n\t"         \
    "mulxq 24(%[a]), %[lo], %[hi]\n\t" "adcxq %[lo], %[u3]\n\t" "adoxq %[hi], %[u4]\n\t"         \
    "movl $0, %k[lo]\n\t" "adcxq %[lo], %[u4]\n\t"                                                 \
    /* q = floor(h C / 2^64), h = u >> 252 */                                                      \
    "movq %[u4], %%rdx\n\t" "shldq $4, %[u3], %%rdx\n\t"                                           \
    "mulxq %[C], %[lo], %[hi]\n\t" "movq %[hi], %%rdx\n\t"                                         \
    /* (t1, lo, t0, a) = q p mod 2^256 */                                                          \
    "mulxq %[p0], %[a], %[b]\n\t"                                                                  \
    "mulxq %[p1], %[t0], %[t1]\n\t"                                                                \
    "addq %[b], %[t0]\n\t"                                                                         \
    "mulxq %[p2], %[lo], %[hi]\n\t"                                                                \
    "adcq %[t1], %[lo]\n\t"                                                                        \
    "mulxq %[p3], %[t1], %[b]\n\t"                                                                 \
    "adcq %[hi], %[t1]\n\t"                                                                        \
    /* u = u - q p, in [0, 2p) */                                                                  \
    "subq %[a], %[u0]\n\t" "sbbq %[t0], %[u1]\n\t" "sbbq %[lo], %[u2]\n\t" "sbbq %[t1], %[u3]\n\t" \
    /* u = u - p unless that borrows */                                                            \
    "movq %[u0], %[a]\n\t" "subq %[p0], %[a]\n\t"                                                  \
    "movq %[u1], %[b]\n\t" "sbbq %[p1], %[b]\n\t"                                                  \
    "movq %[u2], %[lo]\n\t" "sbbq %[p2], %[lo]\n\t"                                                \
    "movq %[u3], %[hi]\n\t" "sbbq %[p3], %[hi]\n\t"                                                \
    "cmovncq %[a], %[u0]\n\t" "cmovncq %[b], %[u1]\n\t"                                            \
    "cmovncq %[lo], %[u2]\n\t" "cmovncq %[hi], %[u3]\n\t"                                          \
    /* stored by the assembly: four C stores would merge into one vector store, which   */         \
    /* the next kernel's 8-byte loads cannot forward from */                                      \
    "movq %[rp], %%rdx\n\t"                                                                        \
    "movq %[u0], 0(%%rdx)\n\t" "movq %[u1], 8(%%rdx)\n\t"                                          \
    "movq %[u2], 16(%%rdx)\n\t" "movq %[u3], 24(%%rdx)\n\t"
// clang-format on
#define ZKP_LIN_OUTS_                                                                              \
    [u0] "=&r"(u0), [u1] "=&r"(u1), [u2] "=&r"(u2), [u3] "=&r"(u3), [u4] "=&r"(u4),                \
        [lo] "=&r"(lo), [hi] "=&r"(hi), [t0] "=&r"(t0), [t1] "=&r"(t1), [a] "+&r"(pa), [b] "+&r"(pb)
#define ZKP_LIN_INS_                                                                               \
    [rp] "m"(r), [k1] "rmi"(k1), [k2] "rmi"(k2), [C] "m"(zkp_fq_red_c),                           \
        [p0] "m"(zkp_fq_mc[0]), [p1] "m"(zkp_fq_mc[1]), [p2] "m"(zkp_fq_mc[2]),                    \
        [p3] "m"(zkp_fq_mc[3])
static const uint64_t zkp_fq_red_c = ZKP_FQ_RED_C;
static inline __attribute__((always_inline)) void fq_lin_add(fq_t *r, uint64_t k1, const fq_t *a,
                                                             uint64_t k2, const fq_t *b) {
    uint64_t u0, u1, u2, u3, u4, lo, hi, t0, t1;
    const fq_t *pa = a, *pb = b;
    __asm__ volatile(ZKP_LIN_KB_ ZKP_LIN_KA_RED_ : ZKP_LIN_OUTS_ : ZKP_LIN_INS_ : "rdx", "cc", "memory");
}
static inline __attribute__((always_inline)) void fq_lin_sub(fq_t *r, uint64_t k1, const fq_t *a,
                                                             uint64_t k2, const fq_t *b) {
    uint64_t u0, u1, u2, u3, u4, lo, hi, t0, t1, K[4], c = 0;
    for (int i = 0; i < 4; i++) { /* K = k2 p (constant-folded for a constant k2) */
        zkp_u128 m = (zkp_u128)zkp_fq_mc[i] * k2 + c;
        K[i] = (uint64_t)m;
        c = (uint64_t)(m >> 64);
    }
    const fq_t *pa = a, *pb = b;
    __asm__ volatile(ZKP_LIN_KB_ ZKP_LIN_NEG_ ZKP_LIN_KA_RED_
                     : ZKP_LIN_OUTS_
                     : ZKP_LIN_INS_, [K0] "m"(K[0]), [K1] "m"(K[1]), [K2] "m"(K[2]), [K3] "m"(K[3])
                     : "rdx", "cc", "memory");
}
/* fq_mul_sum2 in assembly: word-by-word CIOS (as zkp_fp_mul_adx) with two products
 * per row, t += a b[i] + c d[i], then one reduction step. With a, c <= p and b, d <= p
 * the running value stays below 3p + 1 < 2^256 after each step (below 2^320 within
 * it: five words), and ends below (a b + c d) / 2^256 + p < 1.38p: one conditional
 * subtraction. 11 named registers plus rdx; the modulus is addressed as memory
 * operands and r is loaded from memory for the stores. */
// clang-format off
/* (u4..u0) = (u3..u0) + x [yi]  (u4 written) */
#define ZKP_M2_ROWW_(x, yi, u0, u1, u2, u3, u4)                                                    \
    "movq " yi ", %%rdx\n\t" "xorl %k[lo], %k[lo]\n\t"                                             \
    "mulxq 0(" ZKP_S_(x) "), %[lo], %[hi]\n\t" "adcxq %[lo], " ZKP_S_(u0) "\n\t"                   \
    "adoxq %[hi], " ZKP_S_(u1) "\n\t"                                                              \
    "mulxq 8(" ZKP_S_(x) "), %[lo], %[hi]\n\t" "adcxq %[lo], " ZKP_S_(u1) "\n\t"                   \
    "adoxq %[hi], " ZKP_S_(u2) "\n\t"                                                              \
    "mulxq 16(" ZKP_S_(x) "), %[lo], %[hi]\n\t" "adcxq %[lo], " ZKP_S_(u2) "\n\t"                  \
    "adoxq %[hi], " ZKP_S_(u3) "\n\t"                                                              \
    "mulxq 24(" ZKP_S_(x) "), %[lo], " ZKP_S_(u4) "\n\t" "adcxq %[lo], " ZKP_S_(u3) "\n\t"         \
    "movl $0, %k[lo]\n\t" "adoxq %[lo], " ZKP_S_(u4) "\n\t" "adcxq %[lo], " ZKP_S_(u4) "\n\t"
/* (u4..u0) += x [yi]  (u4 read; no carry leaves it) */
#define ZKP_M2_ROWA_(x, yi, u0, u1, u2, u3, u4)                                                    \
    "movq " yi ", %%rdx\n\t" "xorl %k[lo], %k[lo]\n\t"                                             \
    "mulxq 0(" ZKP_S_(x) "), %[lo], %[hi]\n\t" "adcxq %[lo], " ZKP_S_(u0) "\n\t"                   \
    "adoxq %[hi], " ZKP_S_(u1) "\n\t"                                                              \
    "mulxq 8(" ZKP_S_(x) "), %[lo], %[hi]\n\t" "adcxq %[lo], " ZKP_S_(u1) "\n\t"                   \
    "adoxq %[hi], " ZKP_S_(u2) "\n\t"                                                              \
    "mulxq 16(" ZKP_S_(x) "), %[lo], %[hi]\n\t" "adcxq %[lo], " ZKP_S_(u2) "\n\t"                  \
    "adoxq %[hi], " ZKP_S_(u3) "\n\t"                                                              \
    "mulxq 24(" ZKP_S_(x) "), %[lo], %[hi]\n\t" "adcxq %[lo], " ZKP_S_(u3) "\n\t"                  \
    "adoxq %[hi], " ZKP_S_(u4) "\n\t"                                                              \
    "movl $0, %k[lo]\n\t" "adcxq %[lo], " ZKP_S_(u4) "\n\t"
/* (u4..u0) = x [yi] */
#define ZKP_M2_ROW0_(x, yi, t0, t1, t2, t3, t4)                                                    \
    "movq " yi ", %%rdx\n\t"                                                                       \
    "mulxq 0(" ZKP_S_(x) "), " ZKP_S_(t0) ", " ZKP_S_(t1) "\n\t"                                   \
    "mulxq 8(" ZKP_S_(x) "), %[lo], " ZKP_S_(t2) "\n\t" "addq %[lo], " ZKP_S_(t1) "\n\t"           \
    "mulxq 16(" ZKP_S_(x) "), %[lo], " ZKP_S_(t3) "\n\t" "adcq %[lo], " ZKP_S_(t2) "\n\t"          \
    "mulxq 24(" ZKP_S_(x) "), %[lo], " ZKP_S_(t4) "\n\t" "adcq %[lo], " ZKP_S_(t3) "\n\t"          \
    "adcq $0, " ZKP_S_(t4) "\n\t"
/* ZKP_MUL_RED_ with the modulus as memory operands */
#define ZKP_M2_RED_(u0, u1, u2, u3, u4)                                                            \
    "movq " ZKP_S_(u0) ", %%rdx\n\t" "imulq %[n0], %%rdx\n\t" "xorl %k[lo], %k[lo]\n\t"            \
    "mulxq %[m0], %[lo], %[hi]\n\t" "adcxq %[lo], " ZKP_S_(u0) "\n\t"                              \
    "adoxq %[hi], " ZKP_S_(u1) "\n\t"                                                              \
    "mulxq %[m1], %[lo], %[hi]\n\t" "adcxq %[lo], " ZKP_S_(u1) "\n\t"                              \
    "adoxq %[hi], " ZKP_S_(u2) "\n\t"                                                              \
    "mulxq %[m2], %[lo], %[hi]\n\t" "adcxq %[lo], " ZKP_S_(u2) "\n\t"                              \
    "adoxq %[hi], " ZKP_S_(u3) "\n\t"                                                              \
    "mulxq %[m3], %[lo], %[hi]\n\t" "adcxq %[lo], " ZKP_S_(u3) "\n\t"                              \
    "adoxq %[hi], " ZKP_S_(u4) "\n\t"                                                              \
    "adcxq " ZKP_S_(u0) ", " ZKP_S_(u4) "\n\t" "adoxq " ZKP_S_(u0) ", " ZKP_S_(u4) "\n\t"
// clang-format on
static inline __attribute__((always_inline)) void fq_mul_sum2(fq_t *r, const fq_t *a, const fq_t *b,
                                                              const fq_t *c, const fq_t *d) {
    uint64_t t0, t1, t2, t3, t4, lo, hi;
    const fq_t *pa = a, *pb = b, *pc = c, *pd = d;
    // clang-format off
    __asm__ volatile(
        ZKP_M2_ROW0_(a, "0(%[b])", t0, t1, t2, t3, t4)
        ZKP_M2_ROWA_(c, "0(%[d])", t0, t1, t2, t3, t4)
        ZKP_M2_RED_(t0, t1, t2, t3, t4)
        ZKP_M2_ROWW_(a, "8(%[b])", t1, t2, t3, t4, t0)
        ZKP_M2_ROWA_(c, "8(%[d])", t1, t2, t3, t4, t0)
        ZKP_M2_RED_(t1, t2, t3, t4, t0)
        ZKP_M2_ROWW_(a, "16(%[b])", t2, t3, t4, t0, t1)
        ZKP_M2_ROWA_(c, "16(%[d])", t2, t3, t4, t0, t1)
        ZKP_M2_RED_(t2, t3, t4, t0, t1)
        ZKP_M2_ROWW_(a, "24(%[b])", t3, t4, t0, t1, t2)
        ZKP_M2_ROWA_(c, "24(%[d])", t3, t4, t0, t1, t2)
        ZKP_M2_RED_(t3, t4, t0, t1, t2)
        /* (t2, t1, t0, t4) - p unless that borrows; the pointer registers are scratch now */
        "movq %[t4], %[a]\n\t" "subq %[m0], %[a]\n\t"
        "movq %[t0], %[b]\n\t" "sbbq %[m1], %[b]\n\t"
        "movq %[t1], %[c]\n\t" "sbbq %[m2], %[c]\n\t"
        "movq %[t2], %%rdx\n\t" "sbbq %[m3], %%rdx\n\t"
        "cmovncq %[a], %[t4]\n\t" "cmovncq %[b], %[t0]\n\t"
        "cmovncq %[c], %[t1]\n\t" "cmovncq %%rdx, %[t2]\n\t"
        "movq %[rp], %%rdx\n\t"
        "movq %[t4], 0(%%rdx)\n\t" "movq %[t0], 8(%%rdx)\n\t"
        "movq %[t1], 16(%%rdx)\n\t" "movq %[t2], 24(%%rdx)\n\t"
        : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
          [lo] "=&r"(lo), [hi] "=&r"(hi), [a] "+&r"(pa), [b] "+&r"(pb), [c] "+&r"(pc),
          [d] "+&r"(pd)
        : [rp] "m"(r), [m0] "m"(zkp_fq_mc[0]), [m1] "m"(zkp_fq_mc[1]), [m2] "m"(zkp_fq_mc[2]),
          [m3] "m"(zkp_fq_mc[3]), [n0] "m"(zkp_fq_mc[4])
        : "rdx", "cc", "memory");
    // clang-format on
}
/* r = a + p - b in [1, 2p), not reduced */
static inline __attribute__((always_inline)) void fq_sub_nr(fq_t *r, const fq_t *a, const fq_t *b) {
    uint64_t x0, x1, x2, x3;
    __asm__ volatile("movq 0(%[a]), %[x0]\n\t" "addq %[p0], %[x0]\n\t"
                     "movq 8(%[a]), %[x1]\n\t" "adcq %[p1], %[x1]\n\t"
                     "movq 16(%[a]), %[x2]\n\t" "adcq %[p2], %[x2]\n\t"
                     "movq 24(%[a]), %[x3]\n\t" "adcq %[p3], %[x3]\n\t"
                     "subq 0(%[b]), %[x0]\n\t" "sbbq 8(%[b]), %[x1]\n\t"
                     "sbbq 16(%[b]), %[x2]\n\t" "sbbq 24(%[b]), %[x3]\n\t"
                     ZKP_STORE_(x0, x1, x2, x3)
                     : [x0] "=&r"(x0), [x1] "=&r"(x1), [x2] "=&r"(x2), [x3] "=&r"(x3)
                     : [r] "r"(r), [a] "r"(a), [b] "r"(b), [p0] "m"(zkp_fq_mc[0]),
                       [p1] "m"(zkp_fq_mc[1]), [p2] "m"(zkp_fq_mc[2]), [p3] "m"(zkp_fq_mc[3])
                     : "cc", "memory");
}
#else
/* r = a + b as a 256-bit integer without reduction (a, b < p: r < 2p < 2^255), an
 * operand for fq_mul_wide. */
#define fq_wide_add zkp_fq_wide_add_c
#define fq_wide_sub zkp_fq_wide_sub_c
#define fq_wide_sub_mod zkp_fq_wide_sub_mod_c
#define fq_add_nr zkp_fq_add_nr_c
#define fq_lin_add(r, k1, a, k2, b) zkp_fq_lin_c(r, k1, a, k2, b, false)
#define fq_lin_sub(r, k1, a, k2, b) zkp_fq_lin_c(r, k1, a, k2, b, true)
#define fq_sub_nr zkp_fq_sub_nr_c
#define fq_mul_sum2 zkp_fq_mul_sum2_c
#endif

#endif
