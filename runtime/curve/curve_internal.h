/* zkpot L2 curve (internal): helpers shared by G1 and G2 — the 2-dim GLV/GLS
 * lattice decomposition, width-w NAF recoding, and the pieces of the point
 * encodings (encode.c). Not part of the public API; only runtime/curve/
 * includes it. */
#ifndef ZKPOT_CURVE_INTERNAL_H
#define ZKPOT_CURVE_INTERNAL_H

#include "zkpot/curve.h"

/* A reduced basis v1 = (a1, b1), v2 = (a2, b2) of the lattice
 * {(x, y) : x + y*lambda = 0 mod r}, with det = a1 b2 - a2 b1 = +r, and the
 * rounding constants g1 = round(|b2| 2^256 / r), g2 = round(|b1| 2^256 / r).
 * Entries are 256-bit two's complement (mod 2^256). Gallant, Lambert, Vanstone,
 * "Faster point multiplication on elliptic curves with efficient endomorphisms"
 * (CRYPTO 2001), section 4. */
typedef struct {
    uint64_t g1[4], g2[4];
    bool c1_neg, c2_neg; /* sign of b2 and of -b1 */
    uint64_t a1[4], b1[4], a2[4], b2[4];
} curve_glv_basis_t;

/* Writes k = k1 + k2*lambda (mod r) with |k1|, |k2| < 2^128 as sign and
 * magnitude (in fact < 2^127 for both BN254 bases: |k_i| <= 5/8 (|a1| + |a2|)).
 * k is a canonical integer < r (4 limbs). Constant time (no
 * branch or memory access depends on k). */
void curve_glv_split(uint64_t k1[2], bool *k1_neg, uint64_t k2[2], bool *k2_neg,
                     const curve_glv_basis_t *B, const uint64_t k[4]);

/* Width-w NAF of the n-limb nonnegative integer k (n <= 4, 2 <= w <= 7):
 * digits d[i] in {0, +-1, +-3, ..., +-(2^(w-1)-1)}, k = sum d[i] 2^i.
 * d must hold 64*n + 1 entries; returns the number of digits used. Variable time. */
size_t curve_wnaf(int8_t *d, const uint64_t *k, size_t n, unsigned w);

/* a > (p-1)/2 as an integer (the "lexicographically largest" of a, -a). */
bool curve_fq_is_largest(const fq_t *a);

/* ---- encodings (encode.c): a point's coordinates are n Fq elements c[0..n-1],
 * 32 bytes each at in/out + 32 i, named names[i] in error messages; what names
 * the encoding ("G1 compressed point"). ---- */
/* All n bytes zero (the encoding of the point at infinity). */
bool curve_all_zero(const uint8_t *b, size_t n);
/* c[i] = dec(in + 32 i) in order; the first failure gives
 * "<what>: <name> coordinate is not canonical (>= p)" with dec's error code. */
zkp_err curve_coords_from(fq_t *const *c, const char *const *names, size_t n,
                          zkp_err (*dec)(fq_t *, const uint8_t *), const uint8_t *in,
                          const char *what);
/* enc(out + 32 i, c[i]) for each i. */
void curve_coords_to(uint8_t *out, const fq_t *const *c, size_t n,
                     void (*enc)(uint8_t *, const fq_t *));
/* c[i] from the decimal string s[i] (NULL: "coordinate missing"), the first
 * failure named with fq_from_dec's reason. */
zkp_err curve_coords_from_dec(fq_t *const *c, const char *const *names, size_t n,
                              const char *const *s, const char *what);

/* b' = 3/(9+u), the constant of the G2 twist (Montgomery form). */
extern const fq2_t curve_g2_b_c;

/* Constant-time mask: all ones if a == b, else 0. */
static inline uint64_t curve_ct_eq_mask(uint64_t a, uint64_t b) {
    uint64_t x = a ^ b;
    return ((x | (0 - x)) >> 63) - 1;
}

#endif
