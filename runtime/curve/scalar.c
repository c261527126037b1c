/* zkpot L2 curve: scalar recoding shared by G1 and G2 — the 2-dim lattice
 * (GLV/GLS) decomposition (constant time: fixed-length multiprecision
 * arithmetic, no branches on k) and the width-w NAF (variable time). */
#include "curve/curve_internal.h"

typedef unsigned __int128 u128;

/* r = a * b mod 2^256 */
static void mul_lo256(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
    uint64_t t[4] = {0};
    for (int i = 0; i < 4; i++) {
        uint64_t c = 0;
        for (int j = 0; i + j < 4; j++) {
            u128 p = (u128)a[i] * b[j] + t[i + j] + c;
            t[i + j] = (uint64_t)p;
            c = (uint64_t)(p >> 64);
        }
    }
    for (int i = 0; i < 4; i++)
        r[i] = t[i];
}

/* r = floor((a * b + 2^255) / 2^256), a, b < 2^256; the result is < 2^256. */
static void mul_round_hi(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
    uint64_t t[8] = {0};
    for (int i = 0; i < 4; i++) {
        uint64_t c = 0;
        for (int j = 0; j < 4; j++) {
            u128 p = (u128)a[i] * b[j] + t[i + j] + c;
            t[i + j] = (uint64_t)p;
            c = (uint64_t)(p >> 64);
        }
        t[i + 4] = c;
    }
    u128 s = (u128)t[3] + (1ULL << 63); /* + 2^255 */
    uint64_t c = (uint64_t)(s >> 64);
    for (int i = 4; i < 8; i++) {
        s = (u128)t[i] + c;
        r[i - 4] = (uint64_t)s;
        c = (uint64_t)(s >> 64);
    }
}

static void neg256(uint64_t r[4], const uint64_t a[4]) {
    uint64_t c = 1;
    for (int i = 0; i < 4; i++) {
        u128 s = (u128)(~a[i]) + c;
        r[i] = (uint64_t)s;
        c = (uint64_t)(s >> 64);
    }
}

static void sub256(uint64_t r[4], const uint64_t a[4], const uint64_t b[4]) {
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)a[i] - b[i] - borrow;
        r[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
}

/* Two's complement value (known to be in (-2^128, 2^128)) to sign and
 * magnitude, without branches on the value. */
static void to_signed128(uint64_t m[2], bool *neg, const uint64_t v[4]) {
    uint64_t t[4], mask = 0 - (v[3] >> 63);
    neg256(t, v);
    m[0] = (t[0] & mask) | (v[0] & ~mask);
    m[1] = (t[1] & mask) | (v[1] & ~mask);
    *neg = (bool)(mask & 1);
}

/* (k, 0) = beta1 v1 + beta2 v2 with beta1 = k b2 / r, beta2 = -k b1 / r (Cramer);
 * c_i = round(beta_i) via the precomputed g_i; then
 *   k1 = k - c1 a1 - c2 a2,  k2 = -c1 b1 - c2 b2,
 * a lattice vector away from (k, 0), so k1 + k2 lambda = k mod r, and
 * |k_i| <= |a1| + |a2| (resp. |b1| + |b2|) < 2^128 for the BN254 bases. */
void curve_glv_split(uint64_t k1[2], bool *k1_neg, uint64_t k2[2], bool *k2_neg,
                     const curve_glv_basis_t *B, const uint64_t k[4]) {
    uint64_t c1[4], c2[4], t[4], u[4], x[4], y[4];
    mul_round_hi(c1, k, B->g1);
    mul_round_hi(c2, k, B->g2);
    if (B->c1_neg) neg256(c1, c1);
    if (B->c2_neg) neg256(c2, c2);
    mul_lo256(t, c1, B->a1);
    mul_lo256(u, c2, B->a2);
    sub256(x, k, t);
    sub256(x, x, u);
    mul_lo256(t, c1, B->b1);
    mul_lo256(u, c2, B->b2);
    neg256(y, t);
    sub256(y, y, u);
    to_signed128(k1, k1_neg, x);
    to_signed128(k2, k2_neg, y);
}

/* Standard right-to-left wNAF (Hankerson, Menezes, Vanstone, "Guide to Elliptic
 * Curve Cryptography", Alg. 3.35): while k > 0, if k is odd take the signed
 * residue d = k mods 2^w and subtract it; shift. */
size_t curve_wnaf(int8_t *d, const uint64_t *k, size_t n, unsigned w) {
    uint64_t t[5] = {0};
    for (size_t i = 0; i < n; i++)
        t[i] = k[i];
    size_t len = 0, maxlen = 64 * n + 1;
    const int64_t half = 1 << (w - 1), full = 1 << w;
    for (size_t i = 0; i < maxlen; i++)
        d[i] = 0;
    while ((t[0] | t[1] | t[2] | t[3] | t[4]) != 0) {
        int64_t digit = 0;
        if (t[0] & 1) {
            digit = (int64_t)(t[0] & (uint64_t)(full - 1));
            if (digit >= half) digit -= full;
            /* t -= digit (t >= |digit| when digit > 0; adding when negative) */
            if (digit > 0) {
                uint64_t borrow = (uint64_t)digit;
                for (int i = 0; i < 5 && borrow; i++) {
                    uint64_t old = t[i];
                    t[i] = old - borrow;
                    borrow = old < borrow;
                }
            } else {
                uint64_t carry = (uint64_t)(-digit);
                for (int i = 0; i < 5 && carry; i++) {
                    t[i] += carry;
                    carry = t[i] < carry;
                }
            }
        }
        d[len++] = (int8_t)digit;
        for (int i = 0; i < 4; i++)
            t[i] = (t[i] >> 1) | (t[i + 1] << 63);
        t[4] >>= 1;
    }
    return len;
}
