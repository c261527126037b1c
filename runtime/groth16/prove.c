/* zkpot L4 groth16: the prover (eprint 2016/260, section 3.2), in snarkjs's form
 * (snarkjs src/groth16_prove.js):
 *   a_j = <A_j, w>, b_j = <B_j, w>, c_j = a_j b_j on the domain <w_n> (rows j < n);
 *   interpolate, shift to the odd coset g<w_n> (g = w_2n), evaluate again:
 *   h_j = a(g w^j) b(g w^j) - c(g w^j); the key's H points absorb 1/Z = -1/2.
 *   A = alpha + sum w_i A_i + r delta            (G1)
 *   B = beta + sum w_i B2_i + s delta            (G2), B1 likewise in G1
 *   C = sum_{i>l} w_i C_i + sum h_j H_j + s A + r B1 - r s delta   (G1)
 * The witness check: every constraint when the caller passes the r1cs (the zkey
 * holds no C matrix); in any case the proof is verified before it is returned. */
#include <string.h>

#include "groth16/g16_internal.h"
#include "zkpot/msm.h"
#include "zkpot/ntt.h"
#include "zkpot/pairing.h"

static void step(groth16_progress_fn p, void *ctx, const char *stage, size_t d, size_t t) {
    if (p) p(ctx, stage, d, t);
}

/* Accumulates the coefficients into rows: dst[m][constraint] += value * w[wire]. */
static zkp_err eval_rows(fr_t *const dst[2], const groth16_pk_t *pk, const fr_t *w) {
    const zkey_coef_t *co = pk->coefs;
    for (size_t i = 0; i < pk->n_coefs; i++) {
        if (co[i].matrix > 1 || co[i].constraint >= pk->domain_size || co[i].signal >= pk->n_vars)
            return zkp_fail(ZKP_ERR_FORMAT,
                            "proving key: coefficient %zu (matrix %u, row %u, wire %u) out of range",
                            i, co[i].matrix, co[i].constraint, co[i].signal);
        fr_t p;
        fr_mul(&p, &co[i].value, &w[co[i].signal]);
        fr_add(&dst[co[i].matrix][co[i].constraint], &dst[co[i].matrix][co[i].constraint], &p);
    }
    return ZKP_OK;
}

/* poly values on <w_n> -> values on g<w_n>, g = w_2n. */
static void to_odd_coset(const ntt_domain_t *d, fr_t *a, const fr_t *g) {
    ntt_inverse(d, a);
    ntt_coset_forward(d, a, g);
}

zkp_err groth16_prove(groth16_proof_t *proof, const groth16_pk_t *pk, const r1cs_t *cs,
                      const fr_t *w, size_t n_w, groth16_progress_fn progress, void *ctx) {
    size_t n = pk->domain_size, nw = pk->n_vars, np = (size_t)pk->n_public + 1;
    if (n_w != nw)
        return zkp_fail(ZKP_ERR_FORMAT, "witness has %zu values, the proving key %zu wires", n_w, nw);
    if (cs && (cs->n_wires != nw || groth16_n_public(cs) != pk->n_public ||
               (uint64_t)cs->n_constraints + np > n))
        return zkp_fail(ZKP_ERR_INVALID_ARG,
                        "the r1cs (%u wires, %u public, %u constraints) does not belong to the "
                        "proving key (%zu wires, %u public, domain %zu)",
                        cs->n_wires, groth16_n_public(cs), cs->n_constraints, nw, pk->n_public, n);
    unsigned k = 0;
    while (((size_t)1 << k) < n) k++;
    if (((size_t)1 << k) != n || k > 27)
        return zkp_fail(ZKP_ERR_FORMAT, "proving key: domain size %zu is not a power of two <= 2^27", n);
    if (!fr_is_one(&w[0]))
        return zkp_fail(ZKP_ERR_UNSATISFIED, "witness: wire 0 must be 1 (the constant one)");
    size_t vsz = n * sizeof(fr_t);
    fr_t *a = zkp_calloc(n, sizeof(fr_t)), *b = zkp_calloc(n, sizeof(fr_t)),
         *c = zkp_calloc(n, sizeof(fr_t));
    zkp_err e = ZKP_ERR_NOMEM;
    fr_t r, s, rs, g;
    ntt_domain_t *dom = NULL;
    void *scratch = NULL;
    size_t slen = 0;
    g1_t pa, pb1, pc, t1;
    g2_t pb, t2;
    if (!a || !b || !c) {
        zkp_set_error("prove: scratch for a domain of %zu", n);
        goto out;
    }
    step(progress, ctx, "prove: witness check", 0, 1);
    if (cs && (e = groth16_check_witness(cs, w, n_w, NULL))) goto out;
    {
        fr_t *dst[2] = {a, b};
        if ((e = eval_rows(dst, pk, w))) goto out;
    }
    for (size_t j = 0; j < n; j++) fr_mul(&c[j], &a[j], &b[j]);

    /* MSMs that need only the witness (before a, b, c are overwritten). */
    step(progress, ctx, "prove: MSM A, B1, B2, C", 0, 4);
    /* one scratch for all MSMs (variable time in the witness, as every Pippenger prover) */
    slen = msm_scratch_size(nw > n ? nw : n);
    if (!(scratch = zkp_malloc(slen))) {
        e = zkp_fail(ZKP_ERR_NOMEM, "prove: MSM scratch of %zu bytes", slen);
        goto out;
    }
    if ((e = msm_g1_scratch(&pa, pk->a, w, nw, scratch, slen))) goto out;
    step(progress, ctx, "prove: MSM A, B1, B2, C", 1, 4);
    if ((e = msm_g1_scratch(&pb1, pk->b1, w, nw, scratch, slen))) goto out;
    step(progress, ctx, "prove: MSM A, B1, B2, C", 2, 4);
    if ((e = msm_g2_scratch(&pb, pk->b2, w, nw, scratch, slen))) goto out;
    step(progress, ctx, "prove: MSM A, B1, B2, C", 3, 4);
    if ((e = msm_g1_scratch(&pc, pk->c, w + np, nw - np, scratch, slen))) goto out;

    step(progress, ctx, "prove: NTT", 0, 3);
    if ((e = ntt_domain_new(&dom, k))) goto out;
    fr_root_of_unity(&g, k + 1);
    to_odd_coset(dom, a, &g);
    step(progress, ctx, "prove: NTT", 1, 3);
    to_odd_coset(dom, b, &g);
    step(progress, ctx, "prove: NTT", 2, 3);
    to_odd_coset(dom, c, &g);
    for (size_t j = 0; j < n; j++) {
        fr_mul(&a[j], &a[j], &b[j]);
        fr_sub(&a[j], &a[j], &c[j]);
    }
    step(progress, ctx, "prove: MSM H", 0, 1);
    if ((e = msm_g1_scratch(&t1, pk->h, a, n, scratch, slen))) goto out;
    g1_add(&pc, &pc, &t1);

    if ((e = g16_random_nonzero(&r)) || (e = g16_random_nonzero(&s))) goto out;
    /* A = alpha + sum + r delta */
    g1_add_mixed(&pa, &pa, &pk->alpha1);
    g1_from_affine(&t1, &pk->delta1);
    g1_mul(&t1, &t1, &r);
    g1_add(&pa, &pa, &t1);
    /* B = beta + sum + s delta (G2 and G1) */
    g2_add_mixed(&pb, &pb, &pk->beta2);
    g2_from_affine(&t2, &pk->delta2);
    g2_mul(&t2, &t2, &s);
    g2_add(&pb, &pb, &t2);
    g1_add_mixed(&pb1, &pb1, &pk->beta1);
    g1_from_affine(&t1, &pk->delta1);
    g1_mul(&t1, &t1, &s);
    g1_add(&pb1, &pb1, &t1);
    /* C += s A + r B1 - r s delta */
    g1_mul(&t1, &pa, &s);
    g1_add(&pc, &pc, &t1);
    g1_mul(&t1, &pb1, &r);
    g1_add(&pc, &pc, &t1);
    fr_mul(&rs, &r, &s);
    fr_neg(&rs, &rs);
    g1_from_affine(&t1, &pk->delta1);
    g1_mul(&t1, &t1, &rs);
    g1_add(&pc, &pc, &t1);
    g1_to_affine(&proof->a, &pa);
    g2_to_affine(&proof->b, &pb);
    g1_to_affine(&proof->c, &pc);
    /* A key read without G2 subgroup checks (ZKEY_READ_TRUSTED) could carry B2
     * points with small-order parts that B would reveal (sum w_i t_i mod a small
     * order): B must be in the subgroup before it leaves. */
    if (!g2_affine_in_subgroup(&proof->b)) {
        memset(proof, 0, sizeof *proof);
        e = zkp_fail(ZKP_ERR_NOT_IN_SUBGROUP,
                     "proving key: the B2 points are not in the G2 subgroup (pi_b is not)");
        goto out;
    }
    e = ZKP_OK;

    {
        /* The proof is verified before it leaves (a few ms). Without the r1cs a
         * failure means the witness does not satisfy the constraints; with it
         * (the witness passed every constraint) that the key is not the r1cs's. */
        groth16_vk_t vk = {.n_public = pk->n_public, .alpha1 = pk->alpha1, .beta2 = pk->beta2,
                           .gamma2 = pk->gamma2, .delta2 = pk->delta2, .ic = pk->ic};
        step(progress, ctx, "prove: self-check", 0, 1);
        pairing(&vk.alphabeta, &vk.alpha1, &vk.beta2);
        e = groth16_verify(&vk, w + 1, pk->n_public, proof);
        if (e == ZKP_ERR_VERIFY_FAIL && !cs)
            e = zkp_fail(ZKP_ERR_UNSATISFIED,
                         "witness does not satisfy the constraints (the proof failed its self-check;"
                         " give the circuit's .r1cs to name the failing constraint)");
        else if (e == ZKP_ERR_VERIFY_FAIL)
            e = zkp_fail(ZKP_ERR_INVALID_ARG, "the proof failed its self-check although the "
                                              "witness satisfies the r1cs: the zkey is not this "
                                              "r1cs's proving key");
        if (e) memset(proof, 0, sizeof *proof);
    }
out:
    ntt_domain_free(dom);
    zkp_free_secret(scratch, slen);
    zkp_memzero(&r, sizeof r), zkp_memzero(&s, sizeof s), zkp_memzero(&rs, sizeof rs);
    zkp_memzero(&pa, sizeof pa), zkp_memzero(&pb1, sizeof pb1), zkp_memzero(&pc, sizeof pc);
    zkp_memzero(&t1, sizeof t1), zkp_memzero(&pb, sizeof pb), zkp_memzero(&t2, sizeof t2);
    zkp_free_secret(a, a ? vsz : 0);
    zkp_free_secret(b, b ? vsz : 0);
    zkp_free_secret(c, c ? vsz : 0);
    return e;
}
