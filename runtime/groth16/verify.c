/* zkpot L4 groth16: verification (eprint 2016/260, section 3.2) as one multi-pairing
 *   e(-A, B) e(alpha, beta) e(vk_x, gamma) e(C, delta) == 1,  vk_x = IC_0 + sum x_i IC_i,
 * with e(alpha, beta) taken from the key (vk_alphabeta_12, checked by io when read):
 * three Miller loops, one final exponentiation, one Fq12 product;
 * and batch verification of n proofs under one key with random z_k (the standard
 * small-exponent batching; e.g. Bellare-Garay-Rabin 1998, and bellman's batch verifier):
 *   prod_k e(-z_k A_k, B_k) * e(sum z_k alpha, beta) * e(sum z_k vk_x_k, gamma)
 *   * e(sum z_k C_k, delta) == 1,  which takes n + 3 Miller loops and one final
 * exponentiation. Everything here is public: variable-time code throughout.
 * A key verified with again and again gets its gamma and delta lines prepared
 * once (pairing_g2_prepare) and cached here: two of the three Miller loops
 * then skip the G2 arithmetic and use the cheaper normalized lines. */
#include <pthread.h>
#include <string.h>

#include "groth16/g16_internal.h"
#include "zkpot/groth16.h"
#include "zkpot/pairing.h"

/* The last key's gamma and delta (by value), and their prepared lines once the
 * same key came twice in a row: preparing costs about what it saves in one
 * verification, so a key used once is not prepared. One entry; a mutex guards
 * it and verifiers copy the lines out (35 KB) rather than hold the lock. */
static struct {
    pthread_mutex_t lock;
    bool seen, ready;
    g2_affine_t gamma, delta;
    pairing_g2_prepared_t prep[2];
} vk_lines = {.lock = PTHREAD_MUTEX_INITIALIZER};

static bool g2_same(const g2_affine_t *a, const g2_affine_t *b) {
    if (a->infinity || b->infinity) return a->infinity == b->infinity;
    return fq2_eq(&a->x, &b->x) && fq2_eq(&a->y, &b->y);
}

/* Copies the prepared gamma and delta lines of vk into out (2 entries) and returns
 * true if this key was seen in the previous call too (preparing them then if
 * needed); otherwise remembers the key and returns false. */
static bool vk_lines_get(pairing_g2_prepared_t *out, const groth16_vk_t *vk) {
    bool hit = false;
    pthread_mutex_lock(&vk_lines.lock);
    if (vk_lines.seen && g2_same(&vk_lines.gamma, &vk->gamma2) &&
        g2_same(&vk_lines.delta, &vk->delta2)) {
        if (!vk_lines.ready) {
            pairing_g2_prepare(&vk_lines.prep[0], &vk->gamma2);
            pairing_g2_prepare(&vk_lines.prep[1], &vk->delta2);
            vk_lines.ready = true;
        }
        memcpy(out, vk_lines.prep, sizeof vk_lines.prep);
        hit = true;
    } else {
        vk_lines.seen = true, vk_lines.ready = false;
        vk_lines.gamma = vk->gamma2, vk_lines.delta = vk->delta2;
    }
    pthread_mutex_unlock(&vk_lines.lock);
    return hit;
}

static zkp_err check_points(const groth16_proof_t *p) {
    zkp_err e;
    if ((e = g1_affine_validate(&p->a)))
        return zkp_fail(e, "proof: pi_a: %s", zkp_strerror(e));
    if ((e = g2_affine_validate(&p->b)))
        return zkp_fail(e, "proof: pi_b: %s", zkp_strerror(e));
    if ((e = g1_affine_validate(&p->c)))
        return zkp_fail(e, "proof: pi_c: %s", zkp_strerror(e));
    return ZKP_OK;
}

zkp_err groth16_verify(const groth16_vk_t *vk, const fr_t *pub, size_t n_pub,
                       const groth16_proof_t *proof) {
    if (n_pub != vk->n_public)
        return zkp_fail(ZKP_ERR_INVALID_ARG, "verify: %zu public inputs, the key expects %u", n_pub,
                        vk->n_public);
    zkp_err e = check_points(proof);
    if (e) return e;
    g1_t x, t;
    if ((e = g16_msm_g1_public(&x, vk->ic + 1, pub, n_pub))) return e;
    g1_add_mixed(&x, &x, &vk->ic[0]);
    g1_affine_t p[3];
    g2_affine_t q[3];
    g1_from_affine(&t, &proof->a);
    g1_neg(&t, &t);
    g1_to_affine(&p[0], &t);
    q[0] = proof->b;
    g1_to_affine(&p[1], &x), q[1] = vk->gamma2;
    p[2] = proof->c, q[2] = vk->delta2;
    bool ok;
    pairing_g2_prepared_t *prep = zkp_malloc(2 * sizeof *prep);
    if (prep && vk_lines_get(prep, vk)) {
        /* e(-A, B) fresh, e(vk_x, gamma) e(C, delta) from the prepared lines */
        fq12_t f;
        pairing_miller_loop_mixed(&f, p, q, 1, p + 1, prep, 2);
        pairing_final_exp(&f, &f);
        fq12_mul(&f, &f, &vk->alphabeta);
        ok = fq12_is_one(&f);
        e = ZKP_OK;
    } else {
        e = g16_pairing_times_is_one(&ok, p, q, 3, &vk->alphabeta);
    }
    zkp_free(prep);
    if (e) return e;
    return ok ? ZKP_OK : zkp_fail(ZKP_ERR_VERIFY_FAIL, "verify: the pairing equation does not hold");
}

/* Random nonzero 128-bit combiner. */
static zkp_err random_z(fr_t *z) {
    for (;;) {
        uint64_t v[4] = {0, 0, 0, 0};
        zkp_err e = zkp_random_bytes(v, 16);
        if (e) return e;
        if (!v[0] && !v[1]) continue;
        return fr_from_limbs(z, v);
    }
}

zkp_err groth16_verify_batch(const groth16_vk_t *vk, const fr_t *const *pub,
                             const groth16_proof_t *proofs, size_t n, bool *valid) {
    if (n == 0) return ZKP_OK;
    size_t np = vk->n_public;
    g1_affine_t *p = zkp_malloc((n + 3) * sizeof *p);
    g2_affine_t *q = zkp_malloc((n + 3) * sizeof *q);
    g1_t *na = zkp_malloc(n * sizeof *na);
    fr_t *zs = zkp_malloc(n * sizeof *zs), *xs = zkp_calloc(np + 1, sizeof *xs);
    zkp_err e = ZKP_ERR_NOMEM;
    bool all_wellformed = true;
    if (!p || !q || !na || !zs || !xs) {
        zkp_set_error("verify-batch: scratch for %zu proofs", n);
        goto out;
    }
    for (size_t k = 0; k < n; k++)
        if (check_points(&proofs[k])) all_wellformed = false;
    if (all_wellformed) {
        /* xs[0] = sum z_k, xs[1+i] = sum z_k x_{k,i}: then sum z_k vk_x_k = MSM(IC, xs). */
        g1_t cs, ta;
        g1_set_infinity(&cs);
        for (size_t k = 0; k < n; k++) {
            if ((e = random_z(&zs[k]))) goto out;
            fr_add(&xs[0], &xs[0], &zs[k]);
            for (size_t i = 0; i < np; i++) {
                fr_t t;
                fr_mul(&t, &zs[k], &pub[k][i]);
                fr_add(&xs[1 + i], &xs[1 + i], &t);
            }
            g1_from_affine(&ta, &proofs[k].a);
            g1_neg(&ta, &ta);
            g1_mul_var(&na[k], &ta, &zs[k]);
            g1_from_affine(&ta, &proofs[k].c);
            g1_mul_var(&ta, &ta, &zs[k]);
            g1_add(&cs, &cs, &ta);
            q[k] = proofs[k].b;
        }
        g1_batch_to_affine(p, na, n);
        g1_t x, al;
        if ((e = g16_msm_g1_public(&x, vk->ic, xs, np + 1))) goto out;
        g1_from_affine(&al, &vk->alpha1);
        g1_mul_var(&al, &al, &xs[0]);
        g1_to_affine(&p[n], &al), q[n] = vk->beta2;
        g1_to_affine(&p[n + 1], &x), q[n + 1] = vk->gamma2;
        g1_to_affine(&p[n + 2], &cs), q[n + 2] = vk->delta2;
        bool ok;
        pairing_g2_prepared_t *prep = zkp_malloc(2 * sizeof *prep);
        if (prep && vk_lines_get(prep, vk)) { /* gamma and delta prepared */
            ok = pairing_check_mixed(p, q, n + 1, p + n + 1, prep, 2);
            e = ZKP_OK;
        } else {
            e = g16_pairing_is_one(&ok, p, q, n + 3);
        }
        zkp_free(prep);
        if (e) goto out;
        if (ok) {
            if (valid)
                for (size_t k = 0; k < n; k++) valid[k] = true;
            e = ZKP_OK;
            goto out;
        }
    }
    /* The batch failed: find the culprits one by one. */
    size_t bad = 0, first = 0;
    for (size_t k = n; k-- > 0;) {
        zkp_err ek = groth16_verify(vk, pub[k], np, &proofs[k]);
        if (valid) valid[k] = ek == ZKP_OK;
        if (ek) bad++, first = k;
    }
    e = zkp_fail(ZKP_ERR_VERIFY_FAIL, "verify-batch: %zu of %zu proofs invalid (first: proof %zu)",
                 bad, n, first + 1);
out:
    zkp_free(p), zkp_free(q), zkp_free(na), zkp_free(zs), zkp_free(xs);
    return e;
}
