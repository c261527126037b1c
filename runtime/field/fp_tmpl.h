/* zkpot L1 field: one implementation of a 254-bit prime field in Montgomery
 * form, instantiated twice (fq.c, fr.c). Before including, define:
 *   FP_T, FP(name) (prefixing), FP_M0..FP_M3 (modulus limbs), FP_R0..3 (2^256 mod m),
 *   FP_R2_0..3 (2^512 mod m), FP_INV (-m^-1 mod 2^64).
 * Montgomery multiplication: CIOS (Koc, Acar, Kaliski 1996, "Analyzing and
 * comparing Montgomery multiplication algorithms"). The modulus is < 2^254,
 * so a + b < 2^256 and the final subtraction needs no carry word. */
#include <gmp.h>
#include <string.h>

#include "zkpot/field.h"

typedef unsigned __int128 u128;

const uint64_t FP(modulus)[4] = {FP_M0, FP_M1, FP_M2, FP_M3};
const FP_T FP(zero_c) = {{0, 0, 0, 0}};
const FP_T FP(one_c) = {{FP_R0, FP_R1, FP_R2, FP_R3}};
static const FP_T FP(r2_c) = {{FP_R2_0, FP_R2_1, FP_R2_2, FP_R2_3}};

/* r = a - m if a >= m, else a; constant time. */
static inline void FP(cond_sub_m)(uint64_t r[4], const uint64_t a[4]) {
    uint64_t t[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)a[i] - FP(modulus)[i] - borrow;
        t[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    uint64_t mask = -borrow; /* all ones if a < m: keep a */
    for (int i = 0; i < 4; i++)
        r[i] = (a[i] & mask) | (t[i] & ~mask);
}

void FP(set_u64)(FP_T *r, uint64_t v) {
    FP_T t = {{v, 0, 0, 0}};
    FP(mul)(r, &t, &FP(r2_c));
}

void FP(pow)(FP_T *r, const FP_T *a, const uint64_t *e, size_t elimbs) {
    FP_T acc = FP(one_c), base = *a;
    for (size_t i = elimbs; i-- > 0;) {
        for (int b = 63; b >= 0; b--) {
            FP(sqr)(&acc, &acc);
            if ((e[i] >> b) & 1) FP(mul)(&acc, &acc, &base);
        }
    }
    *r = acc;
}

/* m - 2, the Fermat exponent: the exponent is public, so pow's branches on it leak nothing. */
void FP(inv)(FP_T *r, const FP_T *a) {
    uint64_t e[4] = {FP_M0 - 2, FP_M1, FP_M2, FP_M3};
    FP(pow)(r, a, e, 4);
}

void FP(inv_var)(FP_T *r, const FP_T *a) { FP(inv)(r, a); }

void FP(batch_inv)(FP_T *out, const FP_T *in, size_t n) {
    if (n == 0) return;
    FP_T *pref = zkp_malloc(n * sizeof *pref);
    if (!pref) { /* fall back to one inversion each */
        for (size_t i = 0; i < n; i++)
            FP(inv)(&out[i], &in[i]);
        return;
    }
    FP_T acc = FP(one_c);
    for (size_t i = 0; i < n; i++) {
        pref[i] = acc;
        if (!FP(is_zero)(&in[i])) FP(mul)(&acc, &acc, &in[i]);
    }
    FP(inv_var)(&acc, &acc);
    for (size_t i = n; i-- > 0;) {
        if (FP(is_zero)(&in[i])) {
            out[i] = FP(zero_c);
            continue;
        }
        FP_T x = in[i];
        FP(mul)(&out[i], &acc, &pref[i]);
        FP(mul)(&acc, &acc, &x);
    }
    zkp_free(pref);
}

int FP(legendre)(const FP_T *a) {
    if (FP(is_zero)(a)) return 0;
    /* (m-1)/2 */
    uint64_t e[4] = {FP_M0, FP_M1, FP_M2, FP_M3};
    e[0] -= 1;
    for (int i = 0; i < 3; i++)
        e[i] = (e[i] >> 1) | (e[i + 1] << 63);
    e[3] >>= 1;
    FP_T t;
    FP(pow)(&t, a, e, 4);
    return FP(is_one)(&t) ? 1 : -1;
}

/* Tonelli-Shanks (Cohen, "A Course in Computational Algebraic Number Theory", 1.5.1). */
bool FP(sqrt)(FP_T *r, const FP_T *a) {
    if (FP(is_zero)(a)) {
        *r = FP(zero_c);
        return true;
    }
    if (FP(legendre)(a) != 1) return false;
    /* m - 1 = 2^s * q */
    uint64_t q[4] = {FP_M0 - 1, FP_M1, FP_M2, FP_M3};
    unsigned s = 0;
    while ((q[0] & 1) == 0) {
        for (int i = 0; i < 3; i++)
            q[i] = (q[i] >> 1) | (q[i + 1] << 63);
        q[3] >>= 1;
        s++;
    }
    FP_T z;
    for (uint64_t k = 2;; k++) { /* smallest non-residue */
        FP(set_u64)(&z, k);
        if (FP(legendre)(&z) == -1) break;
    }
    FP_T c, x, t, b;
    FP(pow)(&c, &z, q, 4);
    uint64_t q1[4]; /* (q+1)/2 */
    u128 acc = (u128)q[0] + 1;
    q1[0] = (uint64_t)acc;
    for (int i = 1; i < 4; i++) {
        acc = (u128)q[i] + (uint64_t)(acc >> 64);
        q1[i] = (uint64_t)acc;
    }
    for (int i = 0; i < 3; i++)
        q1[i] = (q1[i] >> 1) | (q1[i + 1] << 63);
    q1[3] >>= 1;
    FP(pow)(&x, a, q1, 4);
    FP(pow)(&t, a, q, 4);
    unsigned mexp = s;
    while (!FP(is_one)(&t)) {
        unsigned i = 0;
        FP_T t2 = t;
        while (!FP(is_one)(&t2)) {
            FP(sqr)(&t2, &t2);
            i++;
        }
        b = c;
        for (unsigned j = 0; j + i + 1 < mexp; j++)
            FP(sqr)(&b, &b);
        mexp = i;
        FP(sqr)(&c, &b);
        FP(mul)(&t, &t, &c);
        FP(mul)(&x, &x, &b);
    }
    *r = x;
    return true;
}

static bool FP(limbs_lt_m)(const uint64_t v[4]) {
    for (int i = 3; i >= 0; i--) {
        if (v[i] < FP(modulus)[i]) return true;
        if (v[i] > FP(modulus)[i]) return false;
    }
    return false;
}

zkp_err FP(from_limbs)(FP_T *r, const uint64_t v[4]) {
    if (!FP(limbs_lt_m)(v)) return zkp_fail(ZKP_ERR_NOT_CANONICAL, "field element >= modulus");
    FP_T t = {{v[0], v[1], v[2], v[3]}};
    FP(mul)(r, &t, &FP(r2_c));
    return ZKP_OK;
}

void FP(to_limbs)(uint64_t v[4], const FP_T *a) {
    FP_T one = {{1, 0, 0, 0}}, t;
    FP(mul)(&t, a, &one);
    memcpy(v, t.l, sizeof t.l);
}

static void FP(le_to_limbs)(uint64_t v[4], const uint8_t b[32]) {
    for (int i = 0; i < 4; i++) {
        uint64_t x = 0;
        for (int j = 7; j >= 0; j--)
            x = (x << 8) | b[8 * i + j];
        v[i] = x;
    }
}

static void FP(limbs_to_le)(uint8_t b[32], const uint64_t v[4]) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++)
            b[8 * i + j] = (uint8_t)(v[i] >> (8 * j));
}

zkp_err FP(from_bytes_le)(FP_T *r, const uint8_t b[32]) {
    uint64_t v[4];
    FP(le_to_limbs)(v, b);
    return FP(from_limbs)(r, v);
}

zkp_err FP(from_bytes_be)(FP_T *r, const uint8_t b[32]) {
    uint8_t le[32];
    for (int i = 0; i < 32; i++)
        le[i] = b[31 - i];
    return FP(from_bytes_le)(r, le);
}

void FP(to_bytes_le)(uint8_t b[32], const FP_T *a) {
    uint64_t v[4];
    FP(to_limbs)(v, a);
    FP(limbs_to_le)(b, v);
}

void FP(to_bytes_be)(uint8_t b[32], const FP_T *a) {
    uint8_t le[32];
    FP(to_bytes_le)(le, a);
    for (int i = 0; i < 32; i++)
        b[i] = le[31 - i];
}

zkp_err FP(from_mont_bytes_le)(FP_T *r, const uint8_t b[32]) {
    uint64_t v[4];
    FP(le_to_limbs)(v, b);
    if (!FP(limbs_lt_m)(v))
        return zkp_fail(ZKP_ERR_NOT_CANONICAL, "Montgomery field element >= modulus");
    memcpy(r->l, v, sizeof v);
    return ZKP_OK;
}

void FP(to_mont_bytes_le)(uint8_t b[32], const FP_T *a) { FP(limbs_to_le)(b, a->l); }

void FP(reduce_bytes_le)(FP_T *r, const uint8_t b[32]) {
    uint64_t v[4];
    FP(le_to_limbs)(v, b);
    /* v < 2^256 < 6m: at most five subtractions; then convert. */
    for (int k = 0; k < 5; k++)
        FP(cond_sub_m)(v, v);
    FP_T t = {{v[0], v[1], v[2], v[3]}};
    FP(mul)(r, &t, &FP(r2_c));
}

/* Decimal digits only (no sign, space, prefix), at most 78 characters (the
 * longest element has 77 digits), value < m. Accumulates v = 10 v + d in four
 * limbs; a carry out of the top limb means v >= 2^256 > m. */
zkp_err FP(from_dec)(FP_T *r, const char *s) {
    if (!s || !*s) return zkp_fail(ZKP_ERR_FORMAT, "empty decimal string");
    uint64_t v[4] = {0, 0, 0, 0}, over = 0;
    size_t n = 0;
    for (const char *p = s; *p; p++, n++) {
        if (*p < '0' || *p > '9')
            return zkp_fail(ZKP_ERR_FORMAT,
                            "invalid character 0x%02x at position %zu in decimal \"%.80s\" "
                            "(digits 0-9 only)",
                            (unsigned)(unsigned char)*p, n, s);
        if (n >= 78)
            return zkp_fail(ZKP_ERR_FORMAT, "decimal string \"%.80s...\" longer than 78 digits", s);
        uint64_t c = (uint64_t)(*p - '0');
        for (int i = 0; i < 4; i++) {
            u128 t = (u128)v[i] * 10 + c;
            v[i] = (uint64_t)t;
            c = (uint64_t)(t >> 64);
        }
        over |= c;
    }
    if (over || !FP(limbs_lt_m)(v))
        return zkp_fail(ZKP_ERR_NOT_CANONICAL, "decimal value \"%.80s\" >= field modulus", s);
    FP_T t = {{v[0], v[1], v[2], v[3]}};
    FP(mul)(r, &t, &FP(r2_c));
    return ZKP_OK;
}

char *FP(to_dec)(char buf[ZKP_DEC_MAX], const FP_T *a) {
    uint64_t v[4];
    FP(to_limbs)(v, a);
    mpz_t z;
    mpz_init(z);
    mpz_import(z, 4, -1, 8, 0, 0, v);
    mpz_get_str(buf, 10, z);
    mpz_clear(z);
    return buf;
}

zkp_err FP(random)(FP_T *r) {
    for (;;) {
        uint64_t v[4];
        zkp_err e = zkp_random_bytes(v, sizeof v);
        if (e) return e;
        v[3] &= (1ULL << 62) - 1; /* m < 2^254: mask to 254 bits, reject >= m */
        if (FP(limbs_lt_m)(v)) {
            FP_T t = {{v[0], v[1], v[2], v[3]}};
            FP(mul)(r, &t, &FP(r2_c));
            zkp_memzero(v, sizeof v);
            zkp_memzero(&t, sizeof t);
            return ZKP_OK;
        }
    }
}
