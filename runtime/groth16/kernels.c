/* zkpot L4 groth16: the kernels the prover and verifier call, behind one internal
 * interface (g16_internal.h) so that the L3 modules (ntt, msm, pairing) plug in here.
 * STAND-IN (marked below) for the MSM until the msm module lands; NTT from zkpot/ntt.h. */
#include <string.h>

#include "groth16/g16_internal.h"
#include "zkpot/pairing.h"

/* ---- MSM: STAND-IN (sum of variable-time scalar multiplications). ---- */
void g16_msm_g1(g1_t *r, const g1_affine_t *p, const fr_t *s, size_t n) {
    g1_set_infinity(r);
    for (size_t i = 0; i < n; i++) {
        if (p[i].infinity || fr_is_zero(&s[i])) continue;
        g1_t t;
        g1_from_affine(&t, &p[i]);
        if (!fr_is_one(&s[i])) g1_mul_var(&t, &t, &s[i]);
        g1_add(r, r, &t);
    }
}

void g16_msm_g2(g2_t *r, const g2_affine_t *p, const fr_t *s, size_t n) {
    g2_set_infinity(r);
    for (size_t i = 0; i < n; i++) {
        if (p[i].infinity || fr_is_zero(&s[i])) continue;
        g2_t t;
        g2_from_affine(&t, &p[i]);
        if (!fr_is_one(&s[i])) g2_mul_var(&t, &t, &s[i]);
        g2_add(r, r, &t);
    }
}

zkp_err g16_pairing_is_one(bool *ok, const g1_affine_t *p, const g2_affine_t *q, size_t n) {
    *ok = pairing_check(p, q, n);
    return ZKP_OK;
}

zkp_err g16_random_nonzero(fr_t *r) {
    do {
        zkp_err e = fr_random(r);
        if (e) return e;
    } while (fr_is_zero(r));
    return ZKP_OK;
}
