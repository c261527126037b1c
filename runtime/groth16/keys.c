/* zkpot L4 groth16: the witness check against a constraint system. */
#include "groth16/g16_internal.h"
#include "zkpot/groth16.h"

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
