/* zkpot L2 curve: byte and text encodings of G2 points (uncompressed and
 * compressed big-endian in EIP-197 order, snarkjs .zkey Montgomery
 * little-endian, snarkjs JSON decimal strings). Every decoder checks canonical
 * coordinates, the twist equation and the order-r subgroup. Formats: curve.h. */
#include <stdio.h>
#include <string.h>

#include "curve/curve_internal.h"

static bool all_zero(const uint8_t *b, size_t n) {
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= b[i];
    return acc == 0;
}

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

static zkp_err coord(zkp_err e, const char *what, const char *name) {
    if (e == ZKP_OK) return ZKP_OK;
    return zkp_fail(e, "%s: %s coordinate is not canonical (>= p)", what, name);
}

/* Checks a decoded (non-infinity) point and stores it on success. */
static zkp_err finish(g2_affine_t *r, const g2_affine_t *t, const char *what) {
    if (!g2_affine_is_on_curve(t))
        return zkp_fail(ZKP_ERR_NOT_ON_CURVE, "%s: not on the curve y^2 = x^3 + 3/(9+u)", what);
    if (!g2_affine_in_subgroup(t))
        return zkp_fail(ZKP_ERR_NOT_IN_SUBGROUP,
                        "%s: on the twist curve but not in the order-r subgroup G2", what);
    *r = *t;
    return ZKP_OK;
}

void g2_to_bytes(uint8_t out[G2_BYTES], const g2_affine_t *a) {
    if (a->infinity) {
        memset(out, 0, G2_BYTES);
        return;
    }
    fq_to_bytes_be(out, &a->x.c1);
    fq_to_bytes_be(out + 32, &a->x.c0);
    fq_to_bytes_be(out + 64, &a->y.c1);
    fq_to_bytes_be(out + 96, &a->y.c0);
}

zkp_err g2_from_bytes(g2_affine_t *r, const uint8_t in[G2_BYTES]) {
    static const char what[] = "G2 uncompressed point";
    if (all_zero(in, G2_BYTES)) {
        set_inf(r);
        return ZKP_OK;
    }
    g2_affine_t t = {.infinity = false};
    zkp_err e = coord(fq_from_bytes_be(&t.x.c1, in), what, "x.c1");
    if (!e) e = coord(fq_from_bytes_be(&t.x.c0, in + 32), what, "x.c0");
    if (!e) e = coord(fq_from_bytes_be(&t.y.c1, in + 64), what, "y.c1");
    if (!e) e = coord(fq_from_bytes_be(&t.y.c0, in + 96), what, "y.c0");
    if (e) return e;
    return finish(r, &t, what);
}

void g2_to_compressed(uint8_t out[G2_COMPRESSED_BYTES], const g2_affine_t *a) {
    if (a->infinity) {
        memset(out, 0, G2_COMPRESSED_BYTES);
        out[0] = ZKP_POINT_FLAG_INFINITY;
        return;
    }
    fq_to_bytes_be(out, &a->x.c1);
    fq_to_bytes_be(out + 32, &a->x.c0);
    out[0] |= fq2_is_largest(&a->y) ? ZKP_POINT_FLAG_LARGEST : ZKP_POINT_FLAG_SMALLEST;
}

zkp_err g2_from_compressed(g2_affine_t *r, const uint8_t in[G2_COMPRESSED_BYTES]) {
    static const char what[] = "G2 compressed point";
    uint8_t flag = in[0] & ZKP_POINT_FLAG_MASK, b[G2_COMPRESSED_BYTES];
    memcpy(b, in, sizeof b);
    b[0] &= (uint8_t)~ZKP_POINT_FLAG_MASK;
    if (flag == ZKP_POINT_FLAG_INFINITY) {
        if (!all_zero(b, sizeof b))
            return zkp_fail(ZKP_ERR_FORMAT, "%s: infinity flag set but other bits nonzero", what);
        set_inf(r);
        return ZKP_OK;
    }
    if (flag != ZKP_POINT_FLAG_SMALLEST && flag != ZKP_POINT_FLAG_LARGEST)
        return zkp_fail(ZKP_ERR_FORMAT, "%s: top bits of byte 0 are 00 (not a compressed point)",
                        what);
    g2_affine_t t = {.infinity = false};
    zkp_err e = coord(fq_from_bytes_be(&t.x.c1, b), what, "x.c1");
    if (!e) e = coord(fq_from_bytes_be(&t.x.c0, b + 32), what, "x.c0");
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
    if (a->infinity) {
        memset(out, 0, G2_BYTES);
        return;
    }
    fq_to_mont_bytes_le(out, &a->x.c0);
    fq_to_mont_bytes_le(out + 32, &a->x.c1);
    fq_to_mont_bytes_le(out + 64, &a->y.c0);
    fq_to_mont_bytes_le(out + 96, &a->y.c1);
}

zkp_err g2_from_zkey(g2_affine_t *r, const uint8_t in[G2_BYTES]) {
    static const char what[] = "G2 point (zkey Montgomery form)";
    if (all_zero(in, G2_BYTES)) {
        set_inf(r);
        return ZKP_OK;
    }
    g2_affine_t t = {.infinity = false};
    zkp_err e = coord(fq_from_mont_bytes_le(&t.x.c0, in), what, "x.c0");
    if (!e) e = coord(fq_from_mont_bytes_le(&t.x.c1, in + 32), what, "x.c1");
    if (!e) e = coord(fq_from_mont_bytes_le(&t.y.c0, in + 64), what, "y.c0");
    if (!e) e = coord(fq_from_mont_bytes_le(&t.y.c1, in + 96), what, "y.c1");
    if (e) return e;
    return finish(r, &t, what);
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

zkp_err g2_from_dec(g2_affine_t *r, const char *const s[3][2]) {
    static const char what[] = "G2 point (decimal)";
    g2_affine_t t = {.infinity = false};
    fq2_t z;
    zkp_err e = dec_coord(&t.x.c0, s[0][0], what, "x.c0");
    if (!e) e = dec_coord(&t.x.c1, s[0][1], what, "x.c1");
    if (!e) e = dec_coord(&t.y.c0, s[1][0], what, "y.c0");
    if (!e) e = dec_coord(&t.y.c1, s[1][1], what, "y.c1");
    if (!e) e = dec_coord(&z.c0, s[2][0], what, "z.c0");
    if (!e) e = dec_coord(&z.c1, s[2][1], what, "z.c1");
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
