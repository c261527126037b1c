/* zkpot L2 curve: G1 = E(Fq), y^2 = x^3 + 3, prime order r (cofactor 1).
 * Instantiates curve_tmpl.h; adds the generator, the GLV endomorphism
 * phi(x, y) = (beta x, y) = [lambda](x, y) and validation. Constants were
 * computed with a Python script from p, r and the curve (cube roots of unity,
 * the GLV basis by the extended Euclidean algorithm) and are checked by
 * tests/check_curve.c. */
#include "curve/curve_internal.h"

/* Montgomery form of b = 3 (3b = 9 is computed by additions, g1_mul_b3). */
static const fq_t g1_b_c = {
    {0x7a17caa950ad28d7ULL, 0x1f6ac17ae15521b9ULL, 0x334bea4e696bd284ULL, 0x2a1f6744ce179d8eULL}};
/* beta = 2203960485148121921418603742825762020974279258880205651966, a cube
 * root of unity in Fq (Montgomery form), with phi(P) = [lambda]P for
 * lambda = 4407920970296243842393367215006156084916469457145843978461. */
static const fq_t g1_beta_c = {
    {0x71930c11d782e155ULL, 0xa6bb947cffbe3323ULL, 0xaa303344d4741444ULL, 0x2c3b3f0d26594943ULL}};
const uint64_t g1_glv_lambda[4] = {0x8b17ea66b99c90ddULL, 0x5bfc41088d8daaa7ULL,
                                   0xb3c4d79d41a91758ULL, 0};

/* v1 = (9931322734385697763, -147946756881789319000765030803803410728),
 * v2 = (147946756881789319010696353538189108491, 9931322734385697763), det = r. */
static const curve_glv_basis_t g1_glv_c = {
    .g1 = {0xd91d232ec7e0b3d7ULL, 0x2, 0, 0},
    .g2 = {0x7a7bd9d4391eb18eULL, 0x4ccef014a773d2cfULL, 0x2, 0},
    .c1_neg = false,
    .c2_neg = false,
    .a1 = {0x89d3256894d213e3ULL, 0, 0, 0},
    .b1 = {0x7dee441482b0eed8ULL, 0x90b27db71147a603ULL, ~0ULL, ~0ULL},
    .a2 = {0x0be4e1541221250bULL, 0x6f4d8248eeb859fdULL, 0, 0},
    .b2 = {0x89d3256894d213e3ULL, 0, 0, 0},
};

void g1_endo(g1_t *r, const g1_t *a) {
    fq_mul(&r->x, &a->x, &g1_beta_c);
    r->y = a->y;
    r->z = a->z;
}

void g1_affine_endo(g1_affine_t *r, const g1_affine_t *a) {
    fq_mul(&r->x, &a->x, &g1_beta_c);
    r->y = a->y;
    r->infinity = a->infinity;
}

void g1_glv_split(uint64_t k1[2], bool *k1_neg, uint64_t k2[2], bool *k2_neg, const fr_t *k) {
    uint64_t e[4];
    fr_to_limbs(e, k);
    curve_glv_split(k1, k1_neg, k2, k2_neg, &g1_glv_c, e);
}

static void g1_endo_xyz(fq_t *x, fq_t *y, fq_t *z) {
    (void)y, (void)z;
    fq_mul(x, x, &g1_beta_c);
}

/* 3b = 9: r = 8a + a, four additions instead of a multiplication. */
static inline void g1_mul_b3(fq_t *r, const fq_t *a) {
    fq_t t;
    fq_dbl(&t, a);
    fq_dbl(&t, &t);
    fq_dbl(&t, &t);
    fq_add(r, &t, a);
}

#define F_T fq_t
#define F(name) fq_##name
#define F_MUL fq_mul_tp
#define G_T g1_t
#define GA_T g1_affine_t
#define G(name) g1_##name
#define G_B g1_b_c
#define G_MUL_B3(r, a) g1_mul_b3(r, a)
#define G_GLV g1_glv_c
#include "curve/curve_tmpl.h"

void g1_generator(g1_t *r) {
    static const fq_t two = {{0xa6ba871b8b1e1b3aULL, 0x14f1d651eb8e167bULL, 0xccdd46def0f28c58ULL,
                              0x1c14ef83340fbe5eULL}};
    fq_set_one(&r->x);
    r->y = two;
    fq_set_one(&r->z);
}

bool g1_affine_in_subgroup(const g1_affine_t *a) { return g1_affine_is_on_curve(a); }

zkp_err g1_affine_validate(const g1_affine_t *a) {
    if (a->infinity) {
        if (!fq_is_zero(&a->x) || !fq_is_zero(&a->y))
            return zkp_fail(ZKP_ERR_FORMAT, "G1 point: infinity flag set with nonzero coordinates");
        return ZKP_OK;
    }
    if (!g1_affine_is_on_curve(a))
        return zkp_fail(ZKP_ERR_NOT_ON_CURVE, "G1 point: not on the curve y^2 = x^3 + 3");
    return ZKP_OK; /* cofactor 1: every curve point is in the subgroup */
}
