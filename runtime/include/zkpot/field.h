/* zkpot L1 field: the two prime fields of BN254 (= alt_bn128, the curve of
 * circom/snarkjs and Ethereum's precompiles).
 *   Fq: base field, p = 21888242871839275222246405745257275088696311157297823662689037894645226208583
 *   Fr: scalar field, r = 21888242871839275222246405745257275088548364400416034343698204186575808495617
 * Elements are 4x64-bit little-endian limbs in Montgomery form (a*2^256 mod m),
 * always fully reduced to [0, m). All arithmetic is constant time unless the
 * name ends in _var. r may alias any input unless stated otherwise. */
#ifndef ZKPOT_FIELD_H
#define ZKPOT_FIELD_H

#include "zkpot/util.h"

typedef struct { uint64_t l[4]; } fq_t;
typedef struct { uint64_t l[4]; } fr_t;

/* Longest decimal string of an element plus NUL (77 digits + 1, rounded up). */
#define ZKP_DEC_MAX 80

/* The same API for both fields; FQ_/fq_ shown, FR_/fr_ identical. */
#define ZKP_FIELD_API(T, P)                                                                        \
    extern const T P##_zero_c, P##_one_c;                                                          \
    extern const uint64_t P##_modulus[4];                                                          \
    void P##_set_zero(T *r);                                                                       \
    void P##_set_one(T *r);                                                                        \
    void P##_set_u64(T *r, uint64_t v);                                                            \
    bool P##_is_zero(const T *a);                                                                  \
    bool P##_is_one(const T *a);                                                                   \
    bool P##_eq(const T *a, const T *b);                                                           \
    void P##_add(T *r, const T *a, const T *b);                                                    \
    void P##_sub(T *r, const T *a, const T *b);                                                    \
    void P##_neg(T *r, const T *a);                                                                \
    void P##_dbl(T *r, const T *a);                                                                \
    void P##_mul(T *r, const T *a, const T *b);                                                    \
    void P##_sqr(T *r, const T *a);                                                                \
    /* r = a^-1 by Fermat (constant time); inverse of 0 is 0. */                                   \
    void P##_inv(T *r, const T *a);                                                                \
    /* variable time inverse (for public data only); inverse of 0 is 0. */                        \
    void P##_inv_var(T *r, const T *a);                                                            \
    /* out[i] = in[i]^-1 by Montgomery's trick (zeros stay 0); out may equal in. */               \
    void P##_batch_inv(T *out, const T *in, size_t n);                                             \
    /* r = a^e, e little-endian limbs; variable time in e only. */                                 \
    void P##_pow(T *r, const T *a, const uint64_t *e, size_t elimbs);                              \
    /* Legendre symbol: 0 for 0, 1 for a nonzero square, -1 otherwise. */                          \
    int P##_legendre(const T *a);                                                                  \
    /* r = a square root of a; false (r untouched) if a is not a square. */                       \
    bool P##_sqrt(T *r, const T *a);                                                               \
    /* Canonical integer limbs (not Montgomery). from_ rejects v >= m. */                          \
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
    /* Reduces any 32-byte little-endian value mod m (never fails). */                            \
    void P##_reduce_bytes_le(T *r, const uint8_t b[32]);                                           \
    /* Decimal: digits only, no sign/space, value < m; ZKP_ERR_FORMAT/NOT_CANONICAL. */            \
    zkp_err P##_from_dec(T *r, const char *s) ZKP_WUR;                                             \
    /* Writes the decimal form into buf (ZKP_DEC_MAX bytes) and returns buf. */                    \
    char *P##_to_dec(char buf[ZKP_DEC_MAX], const T *a);                                           \
    /* Uniform random element from the OS CSPRNG (rejection sampling). */                          \
    zkp_err P##_random(T *r) ZKP_WUR;

ZKP_FIELD_API(fq_t, fq)
ZKP_FIELD_API(fr_t, fr)

/* Fr has 2-adicity 28: r - 1 = 2^28 * t with t odd. fr_root_of_unity(k) is a
 * primitive 2^k-th root of unity (k <= 28), consistent with snarkjs/ffjavascript
 * (w_28 = 5^t, then squared down). */
#define FR_TWO_ADICITY 28
void fr_root_of_unity(fr_t *r, unsigned k);

#endif
