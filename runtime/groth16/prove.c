/* zkpot L4 groth16: the prover (eprint 2016/260, section 3.2), in snarkjs's form
 * (snarkjs src/groth16_prove.js):
 *   a_j = <A_j, w>, b_j = <B_j, w>, c_j = a_j b_j on the domain <w_n> (rows j < n);
 *   interpolate, shift to the odd coset g<w_n> (g = w_2n), evaluate again:
 *   h_j = a(g w^j) b(g w^j) - c(g w^j); the key's H points absorb 1/Z = -1/2.
 *   A = alpha + sum w_i A_i + r delta            (G1)
 *   B = beta + sum w_i B2_i + s delta            (G2), B1 likewise in G1
 *   C = sum_{i>l} w_i C_i + sum h_j H_j + s A + r B1 - r s delta   (G1)
 * The witness check: every constraint when the caller passes the r1cs (the zkey
 * holds no C matrix); in any case the proof is verified before it is returned.
 * Zero copy: the key is read with ZKEY_READ_RAW (points and coefficients stay
 * in the mapped file, the MSMs read them there) and the witness is the .wtns's
 * canonical little-endian values; only a, b, c (n elements each) are
 * computed, and they are freed before the MSMs' scratch is taken. */
#include <stdio.h>
#include <string.h>

#include "groth16/g16_internal.h"
#include "zkpot/msm.h"
#include "zkpot/ntt.h"
#include "zkpot/pairing.h"

static void step(groth16_progress_fn p, void *ctx, const char *stage, size_t d, size_t t) {
    if (p) p(ctx, stage, d, t);
}

/* Accumulates the coefficients into rows: dst[m][constraint] += value * w[wire].
 * The file's value limbs v = value R^2 and the witness's plain limbs w, taken
 * as Montgomery forms (of value R and w/R), multiply to the Montgomery form of
 * value * w: no conversion. Indices were checked by the reader; again here
 * (cheap) since the raw pointers are public fields. */
static zkp_err eval_rows(fr_t *const dst[2], const groth16_pk_t *pk, const uint8_t *w) {
    const uint8_t *co = pk->raw_coefs;
    for (size_t i = 0; i < pk->n_coefs; i++, co += 44) {
        uint32_t ix[3];
        fr_t v, x, p;
        memcpy(ix, co, sizeof ix); /* little-endian host */
        if (ix[0] > 1 || ix[1] >= pk->domain_size || ix[2] >= pk->n_vars)
            return zkp_fail(ZKP_ERR_FORMAT,
                            "proving key: coefficient %zu (matrix %u, row %u, wire %u) out of range",
                            i, ix[0], ix[1], ix[2]);
        memcpy(&v, co + 12, sizeof v);
        memcpy(&x, w + 32 * (size_t)ix[2], sizeof x);
        fr_mul(&p, &v, &x);
        fr_add(&dst[ix[0]][ix[1]], &dst[ix[0]][ix[1]], &p);
    }
    return ZKP_OK;
}

/* poly values on <w_n> -> values on g<w_n>, g = w_2n. */
static void to_odd_coset(const ntt_domain_t *d, fr_t *a, const fr_t *g) {
    ntt_inverse(d, a);
    ntt_coset_forward(d, a, g);
}

/* A key decoded in memory (setup's, or zkey_read without ZKEY_READ_RAW): its
 * file image, read back raw. The image outlives the key (*img, zkp_free). */
static zkp_err raw_key(groth16_pk_t **raw, uint8_t **img, size_t *len, const groth16_pk_t *pk) {
    *raw = NULL, *img = NULL;
    zkp_err e = zkey_write_mem(img, len, pk);
    if (!e) e = zkey_read_mem(raw, *img, *len, "proving key", ZKEY_READ_RAW);
    if (e) zkp_free(*img), *img = NULL;
    return e;
}

zkp_err groth16_prove(groth16_proof_t *proof, const groth16_pk_t *pk, const r1cs_t *cs,
                      const fr_t *w, size_t n_w, groth16_progress_fn progress, void *ctx) {
    uint8_t *le = zkp_malloc(n_w ? 32 * n_w : 1);
    if (!le) return zkp_fail(ZKP_ERR_NOMEM, "prove: witness of %zu values", n_w);
    for (size_t i = 0; i < n_w; i++) fr_to_bytes_le(le + 32 * i, &w[i]);
    zkp_err e = groth16_prove_le(proof, pk, cs, le, n_w, progress, ctx);
    zkp_free_secret(le, n_w ? 32 * n_w : 1);
    return e;
}

zkp_err groth16_prove_le(groth16_proof_t *proof, const groth16_pk_t *pk, const r1cs_t *cs,
                         const uint8_t *w, size_t n_w, groth16_progress_fn progress, void *ctx) {
    memset(proof, 0, sizeof *proof);
    if (!pk->raw_a) {
        groth16_pk_t *raw;
        uint8_t *img;
        size_t len;
        zkp_err e = raw_key(&raw, &img, &len, pk);
        if (!e) e = groth16_prove_le(proof, raw, cs, w, n_w, progress, ctx);
        zkey_free(raw);
        zkp_free(img);
        return e;
    }
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
    static const uint8_t one_le[32] = {1};
    if (memcmp(w, one_le, 32) != 0)
        return zkp_fail(ZKP_ERR_UNSATISFIED, "witness: wire 0 must be 1 (the constant one)");
    size_t vsz = n * sizeof(fr_t);
    fr_t *a = NULL, *b = NULL, *c = NULL, *pub = NULL, *wf = NULL;
    zkp_err e = ZKP_ERR_NOMEM;
    fr_t r, s, rs, g;
    ntt_domain_t *dom = NULL;
    void *scratch = NULL;
    size_t slen = 0;
    g1_t pa, pb1, pc, ph, t1;
    g2_t pb, t2;
    if (!(pub = zkp_calloc(np, sizeof *pub))) {
        zkp_set_error("prove: %zu public values", np);
        goto out;
    }
    for (size_t i = 0; i < np; i++)
        if ((e = fr_from_bytes_le(&pub[i], w + 32 * i))) {
            zkp_set_error("witness: value %zu is not canonical (>= r)", i);
            goto out;
        }
    if (cs) {
        step(progress, ctx, "prove: witness check", 0, 1);
        e = ZKP_ERR_NOMEM;
        if (!(wf = zkp_malloc(nw * sizeof *wf))) {
            zkp_set_error("prove: witness of %zu values", nw);
            goto out;
        }
        for (size_t i = 0; i < nw; i++)
            if ((e = fr_from_bytes_le(&wf[i], w + 32 * i))) {
                zkp_set_error("witness: value %zu is not canonical (>= r)", i);
                goto out;
            }
        e = groth16_check_witness(cs, wf, nw, NULL);
        zkp_free_secret(wf, nw * sizeof *wf), wf = NULL;
        if (e) goto out;
    }
    e = ZKP_ERR_NOMEM;
    a = zkp_calloc(n, sizeof(fr_t)), b = zkp_calloc(n, sizeof(fr_t)), c = zkp_malloc(vsz);
    if (!a || !b || !c) {
        zkp_set_error("prove: scratch for a domain of %zu", n);
        goto out;
    }
    {
        fr_t *dst[2] = {a, b};
        if ((e = eval_rows(dst, pk, w))) goto out;
        zkey_release_raw(pk, pk->raw_coefs, (size_t)pk->n_coefs * 44);
    }
    for (size_t j = 0; j < n; j++) fr_mul(&c[j], &a[j], &b[j]);

    /* h = a b - c on the odd coset, into a; b and c are freed before the MSMs */
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
    ntt_domain_free(dom), dom = NULL;
    zkp_free_secret(b, vsz), b = NULL;
    zkp_free_secret(c, vsz), c = NULL;

    /* one scratch for all MSMs (variable time in the witness, as every Pippenger prover) */
    step(progress, ctx, "prove: MSM H, A, B1, C, B2", 0, 5);
    slen = msm_scratch_size(nw > n ? nw : n);
    if (!(scratch = zkp_malloc(slen))) {
        e = zkp_fail(ZKP_ERR_NOMEM, "prove: MSM scratch of %zu bytes", slen);
        goto out;
    }
    /* each point section leaves the resident set once its MSM is done */
    if ((e = msm_g1_zkey(&ph, pk->raw_h, a, MSM_SCALARS_FR, n, scratch, slen))) goto out;
    zkey_release_raw(pk, pk->raw_h, n * G1_BYTES);
    zkp_free_secret(a, vsz), a = NULL;
    step(progress, ctx, "prove: MSM H, A, B1, C, B2", 1, 5);
    if ((e = msm_g1_zkey(&pa, pk->raw_a, w, MSM_SCALARS_LE, nw, scratch, slen))) goto out;
    zkey_release_raw(pk, pk->raw_a, nw * G1_BYTES);
    step(progress, ctx, "prove: MSM H, A, B1, C, B2", 2, 5);
    if ((e = msm_g1_zkey(&pb1, pk->raw_b1, w, MSM_SCALARS_LE, nw, scratch, slen))) goto out;
    zkey_release_raw(pk, pk->raw_b1, nw * G1_BYTES);
    step(progress, ctx, "prove: MSM H, A, B1, C, B2", 3, 5);
    if ((e = msm_g1_zkey(&pc, pk->raw_c, w + 32 * np, MSM_SCALARS_LE, nw - np, scratch, slen)))
        goto out;
    zkey_release_raw(pk, pk->raw_c, (nw - np) * G1_BYTES);
    step(progress, ctx, "prove: MSM H, A, B1, C, B2", 4, 5);
    if ((e = msm_g2_zkey(&pb, pk->raw_b2, w, MSM_SCALARS_LE, nw, scratch, slen))) goto out;
    zkey_release_raw(pk, pk->raw_b2, nw * G2_BYTES);
    g1_add(&pc, &pc, &ph);

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
    /* The B2 points are read unchecked (ZKEY_READ_RAW): points with small-order
     * parts would let B reveal sum w_i t_i mod a small order, so B must be in
     * the subgroup before it leaves (and the verification below checks A, C). */
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
        e = groth16_verify(&vk, pub + 1, pk->n_public, proof);
        if (e == ZKP_ERR_NOT_ON_CURVE || e == ZKP_ERR_NOT_IN_SUBGROUP) {
            /* no witness moves a sum of curve points off the curve */
            char msg[200];
            snprintf(msg, sizeof msg, "%s", zkp_last_error());
            e = zkp_fail(e, "proving key: its points are corrupt (the proof failed its "
                            "self-check: %s)", msg);
        } else if (e == ZKP_ERR_VERIFY_FAIL && !cs)
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
    zkp_memzero(&ph, sizeof ph);
    zkp_free_secret(a, a ? vsz : 0);
    zkp_free_secret(b, b ? vsz : 0);
    zkp_free_secret(c, c ? vsz : 0);
    zkp_free_secret(wf, wf ? nw * sizeof *wf : 0);
    zkp_free(pub);
    return e;
}
