/* zkpot L4 groth16: the kernels the prover and verifier call, behind one internal
 * interface (g16_internal.h) so that the L3 modules (ntt, msm, pairing) plug in here.
 * The MSM comes from zkpot/msm.h, the NTT from zkpot/ntt.h, the pairing from zkpot/pairing.h. */
#include <string.h>

#include "groth16/g16_internal.h"
#include "zkpot/msm.h"
#include "zkpot/pairing.h"

/* ---- MSM: zkpot/msm.h; the prover owns one scratch for all its MSMs and wipes
 * it at the end (it holds witness-derived digits). ---- */
zkp_err g16_msm_g1_public(g1_t *r, const g1_affine_t *p, const fr_t *s, size_t n) {
    if (n > 8) return msm_g1(r, p, s, n);
    g1_set_infinity(r); /* a few points: a sum of scalar multiplications is faster */
    for (size_t i = 0; i < n; i++) {
        if (p[i].infinity || fr_is_zero(&s[i])) continue;
        g1_t t;
        g1_from_affine(&t, &p[i]);
        g1_mul_var(&t, &t, &s[i]);
        g1_add(r, r, &t);
    }
    return ZKP_OK;
}

zkp_err g16_pairing_times_is_one(bool *ok, const g1_affine_t *p, const g2_affine_t *q, size_t n,
                                 const fq12_t *gt) {
    fq12_t f;
    pairing_miller_loop(&f, p, q, n);
    pairing_final_exp(&f, &f);
    fq12_mul(&f, &f, gt);
    *ok = fq12_is_one(&f);
    return ZKP_OK;
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
