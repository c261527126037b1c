/* zkpot L2 curve: G2, the order-r subgroup of the sextic D-twist
 * E'(Fq2): y^2 = x^3 + 3/(9+u), whose order is r (2p - r), so untrusted points
 * need a subgroup check. Instantiates curve_tmpl.h; adds the generator (EIP-197),
 * the endomorphism psi (untwist-Frobenius-twist), the fast subgroup check and
 * the GLS decomposition. Constants were computed with a Python script from p,
 * r, x and xi = 9 + u, and are checked by tests/check_curve.c. */
#include "curve/curve_internal.h"

#define FQ(a, b, c, d)                                                                             \
    {                                                                                              \
        { a, b, c, d }                                                                             \
    }
/* b' = 3/(9+u) and 3b' (Montgomery form) */
const fq2_t curve_g2_b_c = {
    FQ(0x3bf938e377b802a8ULL, 0x020b1b273633535dULL, 0x26b7edf049755260ULL, 0x2514c6324384a86dULL),
    FQ(0x38e7ecccd1dcff67ULL, 0x65f0b37d93ce0d3eULL, 0xd749d0dd22ac00aaULL, 0x0141b9ce4a688d4dULL)};
static const fq2_t g2_b3_c = {
    FQ(0x3baa927cb62e0d6aULL, 0xd71e7c52d1b664fdULL, 0x03873e63d95d4664ULL, 0x0e75b5b1082ab8f4ULL),
    FQ(0xaab7c6667596fe35ULL, 0x31d21a78bb6a27baULL, 0x85dd7297680401ffULL, 0x03c52d6adf39a7e9ULL)};
/* psi(x, y) = (conj(x) gx, conj(y) gy), gx = xi^((p-1)/3), gy = xi^((p-1)/2):
 * untwist (x w^2, y w^3) with w^6 = xi, Frobenius, twist back. On G2,
 * psi = [p mod r] = [6 x^2] (x = 4965661367192848881, the BN parameter). */
static const fq2_t g2_psi_x_c = {
    FQ(0xb5773b104563ab30ULL, 0x347f91c8a9aa6454ULL, 0x7a007127242e0991ULL, 0x1956bcd8118214ecULL),
    FQ(0x6e849f1ea0aa4757ULL, 0xaa1c7b6d89f89141ULL, 0xb6e713cdfae0ca3aULL, 0x26694fbb4e82ebc3ULL)};
static const fq2_t g2_psi_y_c = {
    FQ(0xe4bbdd0c2936b629ULL, 0xbb30f162e133bacbULL, 0x31a9d1b6f9645366ULL, 0x253570bea500f8ddULL),
    FQ(0xa1d77ce45ffe77c7ULL, 0x07affd117826d1dbULL, 0x6d16bd27bb7edc6bULL, 0x2c87200285defeccULL)};
#undef FQ

const uint64_t g2_gls_lambda[4] = {0xf83e9682e87cfd46ULL, 0x6f4d8248eeb859fbULL, 0, 0};
/* The BN parameter x (positive for BN254). */
static const uint64_t g2_bn_x = 4965661367192848881ULL;

/* v1 = (6x^2, -1) = (147946756881789318990833708069417712966, -1),
 * v2 = (29793968203157093287, 147946756881789319020627676272574806255), det = r. */
static const curve_glv_basis_t g2_gls_c = {
    .g1 = {0x2cb62031c8e01942ULL, 0x4ccef014a773d2d5ULL, 0x2, 0},
    .g2 = {0x5, 0, 0, 0},
    .c1_neg = false,
    .c2_neg = false,
    .a1 = {0xf83e9682e87cfd46ULL, 0x6f4d8248eeb859fbULL, 0, 0},
    .b1 = {~0ULL, ~0ULL, ~0ULL, ~0ULL},
    .a2 = {0x9d797039be763ba7ULL, 0x1, 0, 0},
    .b2 = {0x95b806bca6f338efULL, 0x6f4d8248eeb859fdULL, 0, 0},
};

/* Jacobian: psi(X, Y, Z) = (conj(X) gx, conj(Y) gy, conj(Z)). */
void g2_psi(g2_t *r, const g2_t *a) {
    fq2_conj(&r->x, &a->x);
    fq2_mul(&r->x, &r->x, &g2_psi_x_c);
    fq2_conj(&r->y, &a->y);
    fq2_mul(&r->y, &r->y, &g2_psi_y_c);
    fq2_conj(&r->z, &a->z);
}

void g2_affine_psi(g2_affine_t *r, const g2_affine_t *a) {
    fq2_conj(&r->x, &a->x);
    fq2_mul(&r->x, &r->x, &g2_psi_x_c);
    fq2_conj(&r->y, &a->y);
    fq2_mul(&r->y, &r->y, &g2_psi_y_c);
    r->infinity = a->infinity;
}

static void g2_endo_xyz(fq2_t *x, fq2_t *y, fq2_t *z) {
    fq2_conj(x, x);
    fq2_mul(x, x, &g2_psi_x_c);
    fq2_conj(y, y);
    fq2_mul(y, y, &g2_psi_y_c);
    fq2_conj(z, z);
}

void g2_gls_split(uint64_t k1[2], bool *k1_neg, uint64_t k2[2], bool *k2_neg, const fr_t *k) {
    uint64_t e[4];
    fr_to_limbs(e, k);
    curve_glv_split(k1, k1_neg, k2, k2_neg, &g2_gls_c, e);
}

#define F_T fq2_t
#define F(name) fq2_##name
#define G_T g2_t
#define GA_T g2_affine_t
#define G(name) g2_##name
#define G_B curve_g2_b_c
#define G_B3 g2_b3_c
#define G_GLV g2_gls_c
#include "curve/curve_tmpl.h"

void g2_generator(g2_t *r) {
    static const g2_t gen = {{{{0x8e83b5d102bc2026ULL, 0xdceb1935497b0172ULL, 0xfbb8264797811adfULL,
                                0x19573841af96503bULL}},
                              {{0xafb4737da84c6140ULL, 0x6043dd5a5802d8c4ULL, 0x09e950fc52a02f86ULL,
                                0x14fef0833aea7b6bULL}}},
                             {{{0x619dfa9d886be9f6ULL, 0xfe7fd297f59e9b78ULL, 0xff9e1a62231b7dfeULL,
                                0x28fd7eebae9e4206ULL}},
                              {{0x64095b56c71856eeULL, 0xdc57f922327d3cbbULL, 0x55f935be33351076ULL,
                                0x0da4a0e693fd6482ULL}}},
                             {{{0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL,
                                0x0e0a77c19a07df2fULL}},
                              {{0, 0, 0, 0}}}};
    *r = gen;
}

/* El Housni, Guillevic, Piellard, "Co-factor clearing and subgroup membership
 * testing on pairing-friendly curves", eprint 2022/352, section 4.3 (BN):
 *   Q in G2  <=>  [x+1]Q + psi([x]Q) + psi^2([x]Q) = psi^3([2x]Q).
 * One 63-bit scalar multiplication instead of [r]Q (254 bits). Variable time
 * (points are public). Assumes Q on the curve. */
bool g2_is_in_subgroup(const g2_t *a) {
    if (g2_is_infinity(a)) return true;
    g2_t xq, lhs, t, rhs;
    g2_mul_limbs_var(&xq, a, &g2_bn_x, 1);
    g2_add(&lhs, &xq, a); /* [x+1]Q */
    g2_psi(&t, &xq);      /* psi([x]Q) */
    g2_add(&lhs, &lhs, &t);
    g2_psi(&t, &t); /* psi^2([x]Q) */
    g2_add(&lhs, &lhs, &t);
    g2_dbl(&rhs, &xq); /* [2x]Q */
    g2_psi(&rhs, &rhs);
    g2_psi(&rhs, &rhs);
    g2_psi(&rhs, &rhs);
    return g2_eq(&lhs, &rhs);
}

bool g2_affine_in_subgroup(const g2_affine_t *a) {
    g2_t t;
    g2_from_affine(&t, a);
    return g2_is_in_subgroup(&t);
}

zkp_err g2_affine_validate(const g2_affine_t *a) {
    if (a->infinity) {
        if (!fq2_is_zero(&a->x) || !fq2_is_zero(&a->y))
            return zkp_fail(ZKP_ERR_FORMAT, "G2 point: infinity flag set with nonzero coordinates");
        return ZKP_OK;
    }
    if (!g2_affine_is_on_curve(a))
        return zkp_fail(ZKP_ERR_NOT_ON_CURVE,
                        "G2 point: not on the twist curve y^2 = x^3 + 3/(9+u)");
    if (!g2_affine_in_subgroup(a))
        return zkp_fail(ZKP_ERR_NOT_IN_SUBGROUP,
                        "G2 point: on the twist curve but not in the order-r subgroup");
    return ZKP_OK;
}
