/* zkpot L2 curve: byte and text encodings of G2 points (uncompressed and
 * compressed big-endian in EIP-197 order, snarkjs .zkey Montgomery
 * little-endian, snarkjs JSON decimal strings). Every decoder checks canonical
 * coordinates, the twist equation and the order-r subgroup. Formats: curve.h;
 * the shared pieces are in encode.c. */
#include <string.h>

#include "curve/curve_internal.h"

/* Coordinate orders: EIP-197 big-endian puts the imaginary part first, the
 * zkey and JSON forms the real part. */
#define G2_COORDS_EIP197(a) {&(a)->x.c1, &(a)->x.c0, &(a)->y.c1, &(a)->y.c0}
#define G2_COORDS_C0_FIRST(a) {&(a)->x.c0, &(a)->x.c1, &(a)->y.c0, &(a)->y.c1}
static const char *const g2_names_eip197[4] = {"x.c1", "x.c0", "y.c1", "y.c0"};
static const char *const g2_names_c0_first[6] = {"x.c0", "x.c1", "y.c0", "y.c1", "z.c0", "z.c1"};

static void set_inf(g2_affine_t *r) {
    fq2_set_zero(&r->x);
    fq2_set_zero(&r->y);
    r->infinity = true;
}

/* "Larger" of a, -a in Fq2: by c1, or by c0 when c1 = 0 (as gnark-crypto). */
static bool fq2_is_largest(const fq2_t *a) {
    if (!fq_is_zero(&a->c1)) return curve_fq_is_largest(&a->c1);
    return curve_fq_is_largest(&a->c0);
}

/* Checks a decoded (non-infinity) point (the subgroup only if sub) and stores it
 * on success. */
static zkp_err finish_sub(g2_affine_t *r, const g2_affine_t *t, const char *what, bool sub) {
    if (!g2_affine_is_on_curve(t))
        return zkp_fail(ZKP_ERR_NOT_ON_CURVE, "%s: not on the curve y^2 = x^3 + 3/(9+u)", what);
    if (sub && !g2_affine_in_subgroup(t))
        return zkp_fail(ZKP_ERR_NOT_IN_SUBGROUP,
                        "%s: on the twist curve but not in the order-r subgroup G2", what);
    *r = *t;
    return ZKP_OK;
}
static zkp_err finish(g2_affine_t *r, const g2_affine_t *t, const char *what) {
    return finish_sub(r, t, what, true);
}

/* The two fixed-width forms: four coordinates through one Fq codec, in the order
 * the codec's format uses (eip197: imaginary parts first); all zero is infinity. */
static void to_xy(uint8_t out[G2_BYTES], const g2_affine_t *a, bool eip197,
                  void (*enc)(uint8_t *, const fq_t *)) {
    if (a->infinity) {
        memset(out, 0, G2_BYTES);
        return;
    }
    const fq_t *const ce[4] = G2_COORDS_EIP197(a), *const cz[4] = G2_COORDS_C0_FIRST(a);
    curve_coords_to(out, eip197 ? ce : cz, 4, enc);
}

static zkp_err from_xy(g2_affine_t *r, const uint8_t in[G2_BYTES], bool eip197,
                       zkp_err (*dec)(fq_t *, const uint8_t *), const char *what, bool sub) {
    if (curve_all_zero(in, G2_BYTES)) {
        set_inf(r);
        return ZKP_OK;
    }
    g2_affine_t t = {.infinity = false};
    fq_t *const ce[4] = G2_COORDS_EIP197(&t), *const cz[4] = G2_COORDS_C0_FIRST(&t);
    zkp_err e = curve_coords_from(eip197 ? ce : cz, eip197 ? g2_names_eip197 : g2_names_c0_first,
                                  4, dec, in, what);
    if (e) return e;
    return finish_sub(r, &t, what, sub);
}

void g2_to_bytes(uint8_t out[G2_BYTES], const g2_affine_t *a) {
    to_xy(out, a, true, fq_to_bytes_be);
}

zkp_err g2_from_bytes(g2_affine_t *r, const uint8_t in[G2_BYTES]) {
    return from_xy(r, in, true, fq_from_bytes_be, "G2 uncompressed point", true);
}

void g2_to_compressed(uint8_t out[G2_COMPRESSED_BYTES], const g2_affine_t *a) {
    if (a->infinity) {
        memset(out, 0, G2_COMPRESSED_BYTES);
        out[0] = ZKP_POINT_FLAG_INFINITY;
        return;
    }
    const fq_t *const c[2] = {&a->x.c1, &a->x.c0};
    curve_coords_to(out, c, 2, fq_to_bytes_be);
    out[0] |= fq2_is_largest(&a->y) ? ZKP_POINT_FLAG_LARGEST : ZKP_POINT_FLAG_SMALLEST;
}

zkp_err g2_from_compressed(g2_affine_t *r, const uint8_t in[G2_COMPRESSED_BYTES]) {
    static const char what[] = "G2 compressed point";
    uint8_t flag = in[0] & ZKP_POINT_FLAG_MASK, b[G2_COMPRESSED_BYTES];
    memcpy(b, in, sizeof b);
    b[0] &= (uint8_t)~ZKP_POINT_FLAG_MASK;
    if (flag == ZKP_POINT_FLAG_INFINITY) {
        if (!curve_all_zero(b, sizeof b))
            return zkp_fail(ZKP_ERR_FORMAT, "%s: infinity flag set but other bits nonzero", what);
        set_inf(r);
        return ZKP_OK;
    }
    if (flag != ZKP_POINT_FLAG_SMALLEST && flag != ZKP_POINT_FLAG_LARGEST)
        return zkp_fail(ZKP_ERR_FORMAT, "%s: top bits of byte 0 are 00 (not a compressed point)",
                        what);
    g2_affine_t t = {.infinity = false};
    fq_t *const c[2] = {&t.x.c1, &t.x.c0};
    zkp_err e = curve_coords_from(c, g2_names_eip197, 2, fq_from_bytes_be, b, what);
    if (e) return e;
    fq2_t rhs;
    fq2_sqr(&rhs, &t.x);
    fq2_mul(&rhs, &rhs, &t.x);
    fq2_add(&rhs, &rhs, &curve_g2_b_c);
    if (!fq2_sqrt(&t.y, &rhs))
        return zkp_fail(ZKP_ERR_NOT_ON_CURVE,
                        "%s: x^3 + 3/(9+u) is not a square (no point with this x)", what);
    if (fq2_is_largest(&t.y) != (flag == ZKP_POINT_FLAG_LARGEST)) fq2_neg(&t.y, &t.y);
    return finish(r, &t, what);
}

void g2_to_zkey(uint8_t out[G2_BYTES], const g2_affine_t *a) {
    to_xy(out, a, false, fq_to_mont_bytes_le);
}

zkp_err g2_from_zkey(g2_affine_t *r, const uint8_t in[G2_BYTES]) {
    return from_xy(r, in, false, fq_from_mont_bytes_le, "G2 point (zkey Montgomery form)", true);
}

zkp_err g2_from_zkey_nosub(g2_affine_t *r, const uint8_t in[G2_BYTES]) {
    return from_xy(r, in, false, fq_from_mont_bytes_le, "G2 point (zkey Montgomery form)", false);
}

void g2_to_dec(char out[3][2][ZKP_DEC_MAX], const g2_affine_t *a) {
    if (a->infinity) {
        strcpy(out[0][0], "0");
        strcpy(out[0][1], "0");
        strcpy(out[1][0], "1");
        strcpy(out[1][1], "0");
        strcpy(out[2][0], "0");
        strcpy(out[2][1], "0");
        return;
    }
    fq_to_dec(out[0][0], &a->x.c0);
    fq_to_dec(out[0][1], &a->x.c1);
    fq_to_dec(out[1][0], &a->y.c0);
    fq_to_dec(out[1][1], &a->y.c1);
    strcpy(out[2][0], "1");
    strcpy(out[2][1], "0");
}

zkp_err g2_from_dec(g2_affine_t *r, const char *const s[3][2]) {
    static const char what[] = "G2 point (decimal)";
    g2_affine_t t = {.infinity = false};
    fq2_t z;
    fq_t *const c[6] = {&t.x.c0, &t.x.c1, &t.y.c0, &t.y.c1, &z.c0, &z.c1};
    const char *const flat[6] = {s[0][0], s[0][1], s[1][0], s[1][1], s[2][0], s[2][1]};
    zkp_err e = curve_coords_from_dec(c, g2_names_c0_first, 6, flat, what);
    if (e) return e;
    if (fq2_is_zero(&z)) {
        if (!fq2_is_zero(&t.x) || !fq2_is_one(&t.y))
            return zkp_fail(
                ZKP_ERR_FORMAT,
                "%s: z = 0 but the point is not [[\"0\",\"0\"],[\"1\",\"0\"],[\"0\",\"0\"]]", what);
        set_inf(r);
        return ZKP_OK;
    }
    if (!fq2_is_one(&z))
        return zkp_fail(
            ZKP_ERR_FORMAT,
            "%s: z coordinate must be [\"1\",\"0\"] (affine) or [\"0\",\"0\"] (infinity)", what);
    return finish(r, &t, what);
}
