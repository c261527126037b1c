/* zkpot L1 field (internal): 8-lane Fq arithmetic with AVX-512 IFMA
 * (vpmadd52luq / vpmadd52huq) in radix 2^52, and the batch of affine chord
 * additions built on it (runtime/field/fq_ifma.c).
 *
 * Representation: an fq8_t holds 8 integers ("lanes"), each as 5 limbs of 52
 * bits, lane-sliced (l[k][i] = bits [52k, 52k + 52) of lane i) so that one
 * 512-bit register holds one limb of all 8 lanes. The kernels are vertical:
 * every lane is an independent field element; no cross-lane data movement.
 *
 * Montgomery domain: fq8_mul computes a b 2^-260 mod p (R' = 2^260, one
 * reduction step per 52-bit limb), while our storage (fq_t) is Montgomery
 * with R = 2^256: a stored S(a) = a 2^256 mod p, re-split into limbs without
 * any arithmetic, is an R'-domain representation of a / 16. fq_ifma.c's chord
 * batch carries that factor through the formulas instead of converting.
 *
 * Variable-time code only: the field kernels are constant time, but the chord
 * batches invert with fq_inv_var. For secret-derived points (the setup's
 * fixed-base batches on toxic-waste scalars, variable time by design there too)
 * use the _ws entry points: their large scratch lives in a caller-owned
 * workspace the caller wipes when done, and they zero their named stack
 * temporaries on return (what the compiler spills from registers is not
 * covered). The plain entry points leave their scratch on the stack (the MSM:
 * public data).
 *
 * Every function except fq_ifma_available() and fq_ifma_cpu() requires
 * fq_ifma_cpu() to have returned true (the instructions fault otherwise). */
#ifndef ZKPOT_FIELD_FQ_IFMA_H
#define ZKPOT_FIELD_FQ_IFMA_H

#include "zkpot/field.h"
#include "zkpot/tower.h"

typedef struct {
    _Alignas(64) uint64_t l[5][8];
} fq8_t;

/* True when the CPU has AVX-512F and IFMA (and the OS saves the zmm state)
 * and the environment does not set ZKPOT_NO_IFMA=1 (forces the scalar
 * paths; read once, on the first call). Thread safe. */
bool fq_ifma_available(void);
/* True when the CPU (and OS) support AVX-512F and IFMA, whatever the
 * environment says (for the tests, which exercise the kernels even under
 * ZKPOT_NO_IFMA=1). */
bool fq_ifma_cpu(void);

/* r = the 8 integers a[i] (each < 2^256, e.g. fq_t storage) re-split into 52-bit limbs. */
void fq8_from_fq(fq8_t *r, const fq_t a[8]);
/* r[i] = lane i reduced mod p (any lane < 8p), joined into 4 64-bit limbs. */
void fq8_to_fq(fq_t r[8], const fq8_t *a);
/* r = a b 2^-260 mod p per lane, for lanes a, b < 8p with limbs < 2^52 (what
 * every function here returns); r < 2p. r may alias a or b. */
void fq8_mul(fq8_t *r, const fq8_t *a, const fq8_t *b);
/* r = a^2 2^-260 mod p, the same bounds as fq8_mul (fewer multiplications). */
void fq8_sqr(fq8_t *r, const fq8_t *a);
/* r = a + b as integers (no reduction: the caller keeps the sum below 8p). */
void fq8_add(fq8_t *r, const fq8_t *a, const fq8_t *b);
/* r = a - b + 4p as integers, for b <= 4p (no reduction). */
void fq8_sub(fq8_t *r, const fq8_t *a, const fq8_t *b);

/* Most pairs per chord batch call. */
#define FQ_IFMA_CHORD_MAX 512

/* Scratch of one chord batch call (80 KiB; either group), for the _ws entry
 * points; 64-byte aligned. */
typedef struct {
    _Alignas(64) uint64_t v[4][FQ_IFMA_CHORD_MAX / 8][5][8];
} fq_ifma_ws_t;

/* Affine chord additions on y^2 = x^3 + b over Fq (BN254 G1), fq_t storage
 * (Montgomery R = 2^256, fully reduced): for j < n, (dst[j][0], dst[j][1]) =
 * (a[j][0], a[j][1]) + (b[j][0], b[j][1]), where [0] is x and [1] is y. Needs
 * a[j][0] != b[j][0] (neither point at infinity, not a doubling); results are
 * fully reduced, bit-identical to the scalar formulas. One scalar inversion
 * for all n (Montgomery's trick over 16 interleaved chains). n <=
 * FQ_IFMA_CHORD_MAX; dst[j] may be a[j] or b[j] (in place), else it must not
 * overlap any a or b; n = 0 does nothing. Variable time (fq_inv_var; public
 * data only). */
void fq_ifma_chord_add(fq_t *const *dst, const fq_t *const *a, const fq_t *const *b, size_t n);

/* The same over Fq2 (BN254 G2, y^2 = x^3 + b' on the twist): dst[j][0..1] =
 * a[j][0..1] + b[j][0..1] with [0] = x, [1] = y as fq2_t, a[j][0] != b[j][0];
 * the same contract as fq_ifma_chord_add. */
void fq2_ifma_chord_add(fq2_t *const *dst, const fq2_t *const *a, const fq2_t *const *b, size_t n);

/* fq_ifma_chord_add / fq2_ifma_chord_add with their scratch in *ws (see the
 * top: for secret-derived points; the caller wipes *ws when done). */
void fq_ifma_chord_add_ws(fq_t *const *dst, const fq_t *const *a, const fq_t *const *b, size_t n,
                          fq_ifma_ws_t *ws);
void fq2_ifma_chord_add_ws(fq2_t *const *dst, const fq2_t *const *a, const fq2_t *const *b,
                           size_t n, fq_ifma_ws_t *ws);

#endif
