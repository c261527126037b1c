/* zkpot L4 groth16: key allocation, the verification key of a proving key, and
 * the witness check against a constraint system. */
#include <string.h>

#include "groth16/g16_internal.h"
#include "zkpot/groth16.h"

zkp_err groth16_vk_alloc(groth16_vk_t *vk) {
    vk->ic = zkp_calloc((size_t)vk->n_public + 1, sizeof *vk->ic);
    if (!vk->ic) return zkp_fail(ZKP_ERR_NOMEM, "groth16: verification key");
    return ZKP_OK;
}

void groth16_vk_free(groth16_vk_t *vk) {
    if (!vk) return;
    zkp_free(vk->ic);
    memset(vk, 0, sizeof *vk);
}

zkp_err groth16_vk_from_pk(groth16_vk_t *vk, const groth16_pk_t *pk) {
    memset(vk, 0, sizeof *vk);
    if (!pk->ic) return zkp_fail(ZKP_ERR_INVALID_ARG, "proving key without IC section");
    vk->n_public = pk->n_public;
    vk->alpha1 = pk->alpha1;
    vk->beta2 = pk->beta2;
    vk->gamma2 = pk->gamma2;
    vk->delta2 = pk->delta2;
    zkp_err e = groth16_vk_alloc(vk);
    if (e) return e;
    memcpy(vk->ic, pk->ic, ((size_t)pk->n_public + 1) * sizeof *vk->ic);
    return ZKP_OK;
}

/* <lc, w> for linear combination m of constraint j. */
static void dot(fr_t *r, const r1cs_t *cs, uint32_t j, unsigned m, const fr_t *w) {
    size_t n;
    const r1cs_term_t *t = r1cs_lc(cs, j, m, &n);
    fr_set_zero(r);
    for (size_t i = 0; i < n; i++) {
        fr_t p;
        fr_mul(&p, &t[i].coef, &w[t[i].wire]);
        fr_add(r, r, &p);
    }
}

zkp_err groth16_check_witness(const r1cs_t *cs, const fr_t *w, size_t n_w, uint32_t *failing) {
    if (n_w != cs->n_wires)
        return zkp_fail(ZKP_ERR_FORMAT, "witness has %zu values, the circuit %u wires", n_w,
                        cs->n_wires);
    if (n_w == 0 || !fr_is_one(&w[0]))
        return zkp_fail(ZKP_ERR_UNSATISFIED, "witness: wire 0 must be 1 (the constant one)");
    for (uint32_t j = 0; j < cs->n_constraints; j++) {
        fr_t a, b, c;
        dot(&a, cs, j, 0, w);
        dot(&b, cs, j, 1, w);
        dot(&c, cs, j, 2, w);
        fr_mul(&a, &a, &b);
        if (!fr_eq(&a, &c)) {
            if (failing) *failing = j;
            return zkp_fail(ZKP_ERR_UNSATISFIED,
                            "witness does not satisfy constraint %u (of %u): <A,w>*<B,w> != <C,w>",
                            j, cs->n_constraints);
        }
    }
    return ZKP_OK;
}
