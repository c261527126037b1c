/* zkpot L2 curve: byte and text encodings of G1 points (uncompressed and
 * compressed big-endian, snarkjs .zkey Montgomery little-endian, snarkjs JSON
 * decimal strings). Every decoder checks canonical coordinates, the curve
 * equation and the subgroup, and names what failed. Formats: see curve.h; the
 * shared pieces are in encode.c. */
#include <string.h>

#include "curve/curve_internal.h"

/* The coordinates in encoding order (x, y) and their names. */
#define G1_COORDS(a) {&(a)->x, &(a)->y}
static const char *const g1_names[2] = {"x", "y"};

static void set_inf(g1_affine_t *r) {
    fq_set_zero(&r->x);
    fq_set_zero(&r->y);
    r->infinity = true;
}

/* Checks a decoded (non-infinity) point and stores it on success. */
static zkp_err finish(g1_affine_t *r, const g1_affine_t *t, const char *what) {
    if (!g1_affine_is_on_curve(t))
        return zkp_fail(ZKP_ERR_NOT_ON_CURVE, "%s: not on the curve y^2 = x^3 + 3", what);
    *r = *t;
    return ZKP_OK;
}

/* The two fixed-width forms (x || y through one Fq codec; all zero is infinity). */
static void to_xy(uint8_t out[G1_BYTES], const g1_affine_t *a,
                  void (*enc)(uint8_t *, const fq_t *)) {
    if (a->infinity) {
        memset(out, 0, G1_BYTES);
        return;
    }
    const fq_t *const c[2] = G1_COORDS(a);
    curve_coords_to(out, c, 2, enc);
}

static zkp_err from_xy(g1_affine_t *r, const uint8_t in[G1_BYTES],
                       zkp_err (*dec)(fq_t *, const uint8_t *), const char *what) {
    if (curve_all_zero(in, G1_BYTES)) {
        set_inf(r);
        return ZKP_OK;
    }
    g1_affine_t t = {.infinity = false};
    fq_t *const c[2] = G1_COORDS(&t);
    zkp_err e = curve_coords_from(c, g1_names, 2, dec, in, what);
    if (e) return e;
    return finish(r, &t, what);
}

void g1_to_bytes(uint8_t out[G1_BYTES], const g1_affine_t *a) { to_xy(out, a, fq_to_bytes_be); }

zkp_err g1_from_bytes(g1_affine_t *r, const uint8_t in[G1_BYTES]) {
    return from_xy(r, in, fq_from_bytes_be, "G1 uncompressed point");
}

void g1_to_compressed(uint8_t out[G1_COMPRESSED_BYTES], const g1_affine_t *a) {
    if (a->infinity) {
        memset(out, 0, G1_COMPRESSED_BYTES);
        out[0] = ZKP_POINT_FLAG_INFINITY;
        return;
    }
    fq_to_bytes_be(out, &a->x);
    out[0] |= curve_fq_is_largest(&a->y) ? ZKP_POINT_FLAG_LARGEST : ZKP_POINT_FLAG_SMALLEST;
}

zkp_err g1_from_compressed(g1_affine_t *r, const uint8_t in[G1_COMPRESSED_BYTES]) {
    static const char what[] = "G1 compressed point";
    uint8_t flag = in[0] & ZKP_POINT_FLAG_MASK, b[32];
    if (flag == ZKP_POINT_FLAG_INFINITY) {
        memcpy(b, in, 32);
        b[0] &= (uint8_t)~ZKP_POINT_FLAG_MASK;
        if (!curve_all_zero(b, 32))
            return zkp_fail(ZKP_ERR_FORMAT, "%s: infinity flag set but other bits nonzero", what);
        set_inf(r);
        return ZKP_OK;
    }
    if (flag != ZKP_POINT_FLAG_SMALLEST && flag != ZKP_POINT_FLAG_LARGEST)
        return zkp_fail(ZKP_ERR_FORMAT, "%s: top bits of byte 0 are 00 (not a compressed point)",
                        what);
    memcpy(b, in, 32);
    b[0] &= (uint8_t)~ZKP_POINT_FLAG_MASK;
    g1_affine_t t = {.infinity = false};
    fq_t *const c[1] = {&t.x};
    zkp_err e = curve_coords_from(c, g1_names, 1, fq_from_bytes_be, b, what);
    if (e) return e;
    fq_t rhs;
    fq_sqr(&rhs, &t.x);
    fq_mul(&rhs, &rhs, &t.x);
    fq_t three;
    fq_set_u64(&three, 3);
    fq_add(&rhs, &rhs, &three);
    if (!fq_sqrt(&t.y, &rhs))
        return zkp_fail(ZKP_ERR_NOT_ON_CURVE, "%s: x^3 + 3 is not a square (no point with this x)",
                        what);
    if (curve_fq_is_largest(&t.y) != (flag == ZKP_POINT_FLAG_LARGEST)) fq_neg(&t.y, &t.y);
    return finish(r, &t, what);
}

void g1_to_zkey(uint8_t out[G1_BYTES], const g1_affine_t *a) {
    to_xy(out, a, fq_to_mont_bytes_le);
}

zkp_err g1_from_zkey(g1_affine_t *r, const uint8_t in[G1_BYTES]) {
    return from_xy(r, in, fq_from_mont_bytes_le, "G1 point (zkey Montgomery form)");
}

void g1_to_dec(char out[3][ZKP_DEC_MAX], const g1_affine_t *a) {
    if (a->infinity) {
        strcpy(out[0], "0");
        strcpy(out[1], "1");
        strcpy(out[2], "0");
        return;
    }
    fq_to_dec(out[0], &a->x);
    fq_to_dec(out[1], &a->y);
    strcpy(out[2], "1");
}

zkp_err g1_from_dec(g1_affine_t *r, const char *const s[3]) {
    static const char what[] = "G1 point (decimal)";
    static const char *const names[3] = {"x", "y", "z"};
    g1_affine_t t = {.infinity = false};
    fq_t z;
    fq_t *const c[3] = {&t.x, &t.y, &z};
    zkp_err e = curve_coords_from_dec(c, names, 3, s, what);
    if (e) return e;
    if (fq_is_zero(&z)) {
        if (!fq_is_zero(&t.x) || !fq_is_one(&t.y))
            return zkp_fail(ZKP_ERR_FORMAT, "%s: z = 0 but the point is not [\"0\", \"1\", \"0\"]",
                            what);
        set_inf(r);
        return ZKP_OK;
    }
    if (!fq_is_one(&z))
        return zkp_fail(ZKP_ERR_FORMAT,
                        "%s: z coordinate must be \"1\" (affine) or \"0\" (infinity)", what);
    return finish(r, &t, what);
}
