/* zkpot L2 curve: the groups of BN254.
 *   G1: y^2 = x^3 + 3 over Fq, generator (1, 2), order r.
 *   G2: y^2 = x^3 + 3/(9+u) over Fq2 (the sextic D-twist), generator as in
 *       EIP-197/snarkjs, order r; cofactor > 1, so subgroup checks matter.
 * Jacobian coordinates (X, Y, Z) stand for (X/Z^2, Y/Z^3); Z = 0 is the point
 * at infinity. Affine points carry an explicit infinity flag (x = y = 0 then). */
#ifndef ZKPOT_CURVE_H
#define ZKPOT_CURVE_H

#include "zkpot/field.h"
#include "zkpot/tower.h"

typedef struct {
    fq_t x, y;
    bool infinity;
} g1_affine_t;
typedef struct {
    fq_t x, y, z;
} g1_t;
typedef struct {
    fq2_t x, y;
    bool infinity;
} g2_affine_t;
typedef struct {
    fq2_t x, y, z;
} g2_t;

/* Core API (the curve module may add more). Same shape for g2_ with fq2_t.
 * r may alias inputs (except batch_to_affine: r and a must not overlap).
 * Scalar multiplication by a secret uses g1_mul (constant time: GLV split,
 * fixed 4-bit windows, masked table lookups, complete formulas); g1_mul_var is
 * for public scalars (GLV + wNAF). g2_mul/g2_mul_var use psi (GLS), which acts
 * as [lambda] on G2 only: their input must be in G2 (every validated or
 * generated point is); for other points of the twist use g2_mul_limbs_var.
 * add/add_mixed/dbl/eq branch on infinity and on P = +-Q: use them on public
 * points only. */
void g1_generator(g1_t *r);
void g1_set_infinity(g1_t *r);
bool g1_is_infinity(const g1_t *a);
bool g1_eq(const g1_t *a, const g1_t *b); /* projective equality */
void g1_add(g1_t *r, const g1_t *a, const g1_t *b);
void g1_add_mixed(g1_t *r, const g1_t *a, const g1_affine_t *b);
void g1_dbl(g1_t *r, const g1_t *a);
void g1_neg(g1_t *r, const g1_t *a);
void g1_mul(g1_t *r, const g1_t *a, const fr_t *k);
void g1_mul_var(g1_t *r, const g1_t *a, const fr_t *k);
void g1_from_affine(g1_t *r, const g1_affine_t *a);
void g1_to_affine(g1_affine_t *r, const g1_t *a);
void g1_batch_to_affine(g1_affine_t *r, const g1_t *a, size_t n);
bool g1_is_on_curve(const g1_t *a);
bool g1_affine_is_on_curve(const g1_affine_t *a); /* infinity counts as on the curve */
bool g1_affine_in_subgroup(const g1_affine_t *a); /* trivially true for on-curve G1 (cofactor 1) */
/* Validates untrusted coordinates: on curve, in subgroup; names the failure. */
zkp_err g1_affine_validate(const g1_affine_t *a) ZKP_WUR;

/* Constant-time fixed-base multiplication (e.g. setup's many [s_i]G): a table
 * of d 16^j P (j < 64, d <= 8; about 56 KiB for G1, 112 KiB for G2) built once
 * by _fixed_new (variable time in P), then _fixed_mul costs 64 complete
 * additions and no doublings (about 2-3x faster than g1_mul). The table is
 * read-only after creation: threads may share it. Works for any point of the
 * curve (no endomorphism). _fixed_free(NULL) is a no-op. */
typedef struct g1_fixed_s g1_fixed_t;
typedef struct g2_fixed_s g2_fixed_t;
zkp_err g1_fixed_new(g1_fixed_t **out, const g1_t *base) ZKP_WUR;
void g1_fixed_free(g1_fixed_t *f);
void g1_fixed_mul(g1_t *r, const g1_fixed_t *f, const fr_t *k);
zkp_err g2_fixed_new(g2_fixed_t **out, const g2_t *base) ZKP_WUR;
void g2_fixed_free(g2_fixed_t *f);
void g2_fixed_mul(g2_t *r, const g2_fixed_t *f, const fr_t *k);

/* Affine helpers (r may alias a): negation, equality (infinity equals only infinity). */
void g1_affine_neg(g1_affine_t *r, const g1_affine_t *a);
bool g1_affine_eq(const g1_affine_t *a, const g1_affine_t *b);
void g2_affine_neg(g2_affine_t *r, const g2_affine_t *a);
bool g2_affine_eq(const g2_affine_t *a, const g2_affine_t *b);

/* r = k a for an n-limb little-endian nonnegative integer k (n <= 4), any size
 * (not reduced mod r; e.g. [r]a for checks). Variable time (wNAF, w = 5). */
void g1_mul_limbs_var(g1_t *r, const g1_t *a, const uint64_t *k, size_t n);

/* GLV endomorphism of BN254 G1: phi(x, y) = (beta x, y) = [lambda](x, y), beta a
 * cube root of unity in Fq, lambda = g1_glv_lambda (little-endian limbs,
 * 4407920970296243842393367215006156084916469457145843978461). phi costs 1 fq_mul. */
extern const uint64_t g1_glv_lambda[4];
void g1_endo(g1_t *r, const g1_t *a);
void g1_affine_endo(g1_affine_t *r, const g1_affine_t *a);
/* GLV decomposition: k = s1 k1 + s2 k2 lambda (mod r), where s_i = -1 if
 * *k_i_neg else +1, and k1, k2 are 2-limb magnitudes < 2^127 (Babai rounding
 * on a reduced basis of {(x, y): x + y lambda = 0 mod r}, Gallant-Lambert-
 * Vanstone 2001). So k P = s1 k1 P + s2 k2 phi(P). Constant time (no branch or
 * address depends on k), so it also serves g1_mul. */
void g1_glv_split(uint64_t k1[2], bool *k1_neg, uint64_t k2[2], bool *k2_neg, const fr_t *k);

void g2_generator(g2_t *r);
void g2_set_infinity(g2_t *r);
bool g2_is_infinity(const g2_t *a);
bool g2_eq(const g2_t *a, const g2_t *b);
void g2_add(g2_t *r, const g2_t *a, const g2_t *b);
void g2_add_mixed(g2_t *r, const g2_t *a, const g2_affine_t *b);
void g2_dbl(g2_t *r, const g2_t *a);
void g2_neg(g2_t *r, const g2_t *a);
void g2_mul(g2_t *r, const g2_t *a, const fr_t *k);
void g2_mul_var(g2_t *r, const g2_t *a, const fr_t *k);
void g2_from_affine(g2_t *r, const g2_affine_t *a);
void g2_to_affine(g2_affine_t *r, const g2_t *a);
void g2_batch_to_affine(g2_affine_t *r, const g2_t *a, size_t n);
bool g2_is_on_curve(const g2_t *a);
bool g2_affine_is_on_curve(const g2_affine_t *a);
bool g2_affine_in_subgroup(const g2_affine_t *a);
zkp_err g2_affine_validate(const g2_affine_t *a) ZKP_WUR;

/* As g1_mul_limbs_var. */
void g2_mul_limbs_var(g2_t *r, const g2_t *a, const uint64_t *k, size_t n);
/* psi = untwist-Frobenius-twist: psi(x, y) = (conj(x) xi^((p-1)/3), conj(y) xi^((p-1)/2)),
 * xi = 9 + u. An endomorphism of E'(Fq2); on G2 it is [6x^2] = [p mod r] with
 * 6x^2 = g2_gls_lambda (x = 4965661367192848881). 2 fq2_mul + 3 conj. */
void g2_psi(g2_t *r, const g2_t *a);
void g2_affine_psi(g2_affine_t *r, const g2_affine_t *a);
extern const uint64_t g2_gls_lambda[4];
/* GLS decomposition with psi, same contract as g1_glv_split:
 * k = s1 k1 + s2 k2 * g2_gls_lambda (mod r), |k_i| < 2^127; k Q = s1 k1 Q + s2 k2 psi(Q)
 * for Q in G2. Constant time. */
void g2_gls_split(uint64_t k1[2], bool *k1_neg, uint64_t k2[2], bool *k2_neg, const fr_t *k);
/* Q in G2 for Q on the twist curve (eprint 2022/352, section 4.3:
 * [x+1]Q + psi([x]Q) + psi^2([x]Q) = psi^3([2x]Q)); variable time. */
bool g2_is_in_subgroup(const g2_t *a);

/* ---- Encodings ----
 * Every decoder checks that coordinates are canonical (< p), that the point is
 * on the curve and in the subgroup, and returns ZKP_ERR_NOT_CANONICAL /
 * _FORMAT / _NOT_ON_CURVE / _NOT_IN_SUBGROUP with a message naming the group,
 * the format and the coordinate (zkp_last_error()); callers prefix file and
 * offset. r is written only on success.
 *
 * Uncompressed (EIP-196/197): big-endian coordinates, G1 = x || y (64 bytes),
 *   G2 = x.c1 || x.c0 || y.c1 || y.c0 (128 bytes); infinity = all zero bytes.
 * Compressed (as gnark-crypto): big-endian x (G1: 32 bytes; G2: x.c1 || x.c0,
 *   64 bytes) with a flag in the two top bits of byte 0 (free since p < 2^254):
 *     10 = y is the smaller of y, -y;  11 = y is the larger;  01 = infinity
 *     (all other bits zero);  00 = invalid (rejected).
 *   "Larger" for Fq: y > (p-1)/2; for Fq2: compare c1 that way, or c0 if c1 = 0.
 * snarkjs .zkey: each coordinate as 32 little-endian bytes of its Montgomery
 *   form a*2^256 mod p (fq_to_mont_bytes_le); G1 = x || y, G2 = x.c0 || x.c1 ||
 *   y.c0 || y.c1; infinity = all zero bytes.
 * snarkjs JSON: decimal strings, G1 {x, y, "1"}, G2 {{x.c0, x.c1}, {y.c0, y.c1},
 *   {"1", "0"}}; infinity {"0", "1", "0"} / {{"0","0"}, {"1","0"}, {"0","0"}}.
 *   Decoders accept only z = 1 and exactly these infinity forms. */
#define G1_BYTES 64
#define G1_COMPRESSED_BYTES 32
#define G2_BYTES 128
#define G2_COMPRESSED_BYTES 64
#define ZKP_POINT_FLAG_MASK 0xc0
#define ZKP_POINT_FLAG_SMALLEST 0x80
#define ZKP_POINT_FLAG_LARGEST 0xc0
#define ZKP_POINT_FLAG_INFINITY 0x40

void g1_to_bytes(uint8_t out[G1_BYTES], const g1_affine_t *a);
zkp_err g1_from_bytes(g1_affine_t *r, const uint8_t in[G1_BYTES]) ZKP_WUR;
void g1_to_compressed(uint8_t out[G1_COMPRESSED_BYTES], const g1_affine_t *a);
zkp_err g1_from_compressed(g1_affine_t *r, const uint8_t in[G1_COMPRESSED_BYTES]) ZKP_WUR;
void g1_to_zkey(uint8_t out[G1_BYTES], const g1_affine_t *a);
zkp_err g1_from_zkey(g1_affine_t *r, const uint8_t in[G1_BYTES]) ZKP_WUR;
void g1_to_dec(char out[3][ZKP_DEC_MAX], const g1_affine_t *a);
/* s[i] may be NULL (reported as missing). */
zkp_err g1_from_dec(g1_affine_t *r, const char *const s[3]) ZKP_WUR;

void g2_to_bytes(uint8_t out[G2_BYTES], const g2_affine_t *a);
zkp_err g2_from_bytes(g2_affine_t *r, const uint8_t in[G2_BYTES]) ZKP_WUR;
void g2_to_compressed(uint8_t out[G2_COMPRESSED_BYTES], const g2_affine_t *a);
zkp_err g2_from_compressed(g2_affine_t *r, const uint8_t in[G2_COMPRESSED_BYTES]) ZKP_WUR;
void g2_to_zkey(uint8_t out[G2_BYTES], const g2_affine_t *a);
zkp_err g2_from_zkey(g2_affine_t *r, const uint8_t in[G2_BYTES]) ZKP_WUR;
/* g2_from_zkey without the subgroup check (canonical, on the twist, all zero =
 * infinity), for callers that check membership otherwise (a trusted key; a
 * batched check of many points). */
zkp_err g2_from_zkey_nosub(g2_affine_t *r, const uint8_t in[G2_BYTES]) ZKP_WUR;
/* out[0] = {x.c0, x.c1}, out[1] = {y.c0, y.c1}, out[2] = {"1", "0"} */
void g2_to_dec(char out[3][2][ZKP_DEC_MAX], const g2_affine_t *a);
zkp_err g2_from_dec(g2_affine_t *r, const char *const s[3][2]) ZKP_WUR;

#endif
