/* zkpot L4 groth16: key allocation, the verification key of a proving key, and
 * the witness check against a constraint system. */
#include <string.h>

#include "groth16/g16_internal.h"
#include "zkpot/groth16.h"

zkp_err groth16_pk_alloc(groth16_pk_t *pk) {
    if (pk->n_wires < pk->n_public + 1 || pk->domain_size == 0)
        return zkp_fail(ZKP_ERR_RANGE, "groth16: key sizes inconsistent (%u wires, %u public)",
                        pk->n_wires, pk->n_public);
    size_t nw = pk->n_wires, np = (size_t)pk->n_public + 1;
    pk->ic = zkp_calloc(np, sizeof *pk->ic);
    pk->coefs = zkp_calloc(pk->n_coefs, sizeof *pk->coefs);
    pk->a = zkp_calloc(nw, sizeof *pk->a);
    pk->b1 = zkp_calloc(nw, sizeof *pk->b1);
    pk->b2 = zkp_calloc(nw, sizeof *pk->b2);
    pk->c = zkp_calloc(nw - np, sizeof *pk->c);
    pk->h = zkp_calloc(pk->domain_size, sizeof *pk->h);
    pk->ccoefs = pk->n_ccoefs ? zkp_calloc(pk->n_ccoefs, sizeof *pk->ccoefs) : NULL;
    if (!pk->ic || !pk->coefs || !pk->a || !pk->b1 || !pk->b2 || !pk->c || !pk->h ||
        (pk->n_ccoefs && !pk->ccoefs)) {
        groth16_pk_free(pk);
        return zkp_fail(ZKP_ERR_NOMEM, "groth16: proving key of %zu wires", nw);
    }
    return ZKP_OK;
}

void groth16_pk_free(groth16_pk_t *pk) {
    if (!pk) return;
    zkp_free(pk->ic);
    zkp_free(pk->coefs);
    zkp_free(pk->a);
    zkp_free(pk->b1);
    zkp_free(pk->b2);
    zkp_free(pk->c);
    zkp_free(pk->h);
    zkp_free(pk->ccoefs);
    memset(pk, 0, sizeof *pk);
}

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

/* <row, w> for one matrix row of cs. */
static void dot(fr_t *r, const groth16_cs_t *cs, size_t row, const fr_t *w) {
    fr_set_zero(r);
    for (size_t t = cs->row[row]; t < cs->row[row + 1]; t++) {
        fr_t p;
        fr_mul(&p, &cs->terms[t].coef, &w[cs->terms[t].wire]);
        fr_add(r, r, &p);
    }
}

zkp_err groth16_cs_check(const groth16_cs_t *cs, const fr_t *w, uint32_t *failing) {
    if (!fr_is_one(&w[0]))
        return zkp_fail(ZKP_ERR_UNSATISFIED, "witness: wire 0 must be 1 (the constant one)");
    for (uint32_t j = 0; j < cs->n_constraints; j++) {
        fr_t a, b, c;
        dot(&a, cs, 3 * (size_t)j, w);
        dot(&b, cs, 3 * (size_t)j + 1, w);
        dot(&c, cs, 3 * (size_t)j + 2, w);
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
