/* zkpot L2 curve: byte and text encodings of G1 points (uncompressed and
 * compressed big-endian, snarkjs .zkey Montgomery little-endian, snarkjs JSON
 * decimal strings). Every decoder checks canonical coordinates, the curve
 * equation and the subgroup, and names what failed. Formats: see curve.h. */
#include <stdio.h>
#include <string.h>

#include "curve/curve_internal.h"

/* a > (p-1)/2 as an integer, i.e. 2a >= p (p odd). */
bool curve_fq_is_largest(const fq_t *a) {
    uint64_t v[4], c = 0;
    fq_to_limbs(v, a);
    for (int i = 0; i < 4; i++) { /* v = 2v (no overflow: v < p < 2^254) */
        uint64_t hi = v[i] >> 63;
        v[i] = (v[i] << 1) | c;
        c = hi;
    }
    for (int i = 3; i >= 0; i--) {
        if (v[i] != fq_modulus[i]) return v[i] > fq_modulus[i];
    }
    return true;
}

static bool all_zero(const uint8_t *b, size_t n) {
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= b[i];
    return acc == 0;
}

static void set_inf(g1_affine_t *r) {
    fq_set_zero(&r->x);
    fq_set_zero(&r->y);
    r->infinity = true;
}

static zkp_err coord(zkp_err e, const char *what, const char *name) {
    if (e == ZKP_OK) return ZKP_OK;
    return zkp_fail(e, "%s: %s coordinate is not canonical (>= p)", what, name);
}

/* Checks a decoded (non-infinity) point and stores it on success. */
static zkp_err finish(g1_affine_t *r, const g1_affine_t *t, const char *what) {
    if (!g1_affine_is_on_curve(t))
        return zkp_fail(ZKP_ERR_NOT_ON_CURVE, "%s: not on the curve y^2 = x^3 + 3", what);
    *r = *t;
    return ZKP_OK;
}

void g1_to_bytes(uint8_t out[G1_BYTES], const g1_affine_t *a) {
    if (a->infinity) {
        memset(out, 0, G1_BYTES);
        return;
    }
    fq_to_bytes_be(out, &a->x);
    fq_to_bytes_be(out + 32, &a->y);
}

zkp_err g1_from_bytes(g1_affine_t *r, const uint8_t in[G1_BYTES]) {
    static const char what[] = "G1 uncompressed point";
    if (all_zero(in, G1_BYTES)) {
        set_inf(r);
        return ZKP_OK;
    }
    g1_affine_t t = {.infinity = false};
    zkp_err e = coord(fq_from_bytes_be(&t.x, in), what, "x");
    if (!e) e = coord(fq_from_bytes_be(&t.y, in + 32), what, "y");
    if (e) return e;
    return finish(r, &t, what);
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
        if (!all_zero(b, 32))
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
    zkp_err e = coord(fq_from_bytes_be(&t.x, b), what, "x");
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
    if (a->infinity) {
        memset(out, 0, G1_BYTES);
        return;
    }
    fq_to_mont_bytes_le(out, &a->x);
    fq_to_mont_bytes_le(out + 32, &a->y);
}

zkp_err g1_from_zkey(g1_affine_t *r, const uint8_t in[G1_BYTES]) {
    static const char what[] = "G1 point (zkey Montgomery form)";
    if (all_zero(in, G1_BYTES)) {
        set_inf(r);
        return ZKP_OK;
    }
    g1_affine_t t = {.infinity = false};
    zkp_err e = coord(fq_from_mont_bytes_le(&t.x, in), what, "x");
    if (!e) e = coord(fq_from_mont_bytes_le(&t.y, in + 32), what, "y");
    if (e) return e;
    return finish(r, &t, what);
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

static zkp_err dec_coord(fq_t *r, const char *s, const char *what, const char *name) {
    if (!s) return zkp_fail(ZKP_ERR_FORMAT, "%s: %s coordinate missing", what, name);
    zkp_err e = fq_from_dec(r, s);
    if (e) {
        char detail[256]; /* copy: zkp_fail overwrites the buffer it would read */
        snprintf(detail, sizeof detail, "%s", zkp_last_error());
        return zkp_fail(e, "%s: %s coordinate: %s", what, name, detail);
    }
    return ZKP_OK;
}

zkp_err g1_from_dec(g1_affine_t *r, const char *const s[3]) {
    static const char what[] = "G1 point (decimal)";
    g1_affine_t t = {.infinity = false};
    fq_t z;
    zkp_err e = dec_coord(&t.x, s[0], what, "x");
    if (!e) e = dec_coord(&t.y, s[1], what, "y");
    if (!e) e = dec_coord(&z, s[2], what, "z");
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
