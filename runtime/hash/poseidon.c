/* zkpot L3 hash: the Poseidon permutation (textbook and optimized forms) and the
 * circomlib-compatible hash. Parameters come from poseidon_params.c. */
#include <assert.h>
#include <string.h>

#include "zkpot/poseidon.h"

/* x^5 = x * (x^2)^2: three multiplications. */
static inline void sbox(fr_t *x) {
    fr_t x2, x4;
    fr_sqr(&x2, x);
    fr_sqr(&x4, &x2);
    fr_mul(x, x, &x4);
}

/* s = s * A, row-vector convention: s'[i] = sum_j A[j*t + i] s[j]. */
static void mix_rows(fr_t *s, const fr_t *a, size_t t) {
    fr_t out[POSEIDON_T_MAX];
    for (size_t i = 0; i < t; i++) {
        fr_t acc, x;
        fr_mul(&acc, &a[i], &s[0]);
        for (size_t j = 1; j < t; j++) {
            fr_mul(&x, &a[j * t + i], &s[j]);
            fr_add(&acc, &acc, &x);
        }
        out[i] = acc;
    }
    memcpy(s, out, t * sizeof(fr_t));
}

void poseidon_permute_ref(fr_t *s, size_t t) {
    const struct poseidon_params *p = poseidon_params(t);
    assert(p);
    const unsigned h = p->rf / 2, rounds = p->rf + p->rp;
    fr_t out[POSEIDON_T_MAX];
    for (unsigned r = 0; r < rounds; r++) {
        for (size_t i = 0; i < t; i++) fr_add(&s[i], &s[i], &p->rc[r * t + i]);
        if (r < h || r >= h + p->rp)
            for (size_t i = 0; i < t; i++) sbox(&s[i]);
        else
            sbox(&s[0]);
        for (size_t i = 0; i < t; i++) { /* s'[i] = sum_j M[i][j] s[j] */
            fr_t acc = fr_zero_c, x;
            for (size_t j = 0; j < t; j++) {
                fr_mul(&x, &p->mds[i * t + j], &s[j]);
                fr_add(&acc, &acc, &x);
            }
            out[i] = acc;
        }
        memcpy(s, out, t * sizeof(fr_t));
    }
}

/* The optimized form, step by step as documented in zkpot/poseidon.h. */
void poseidon_permute(fr_t *s, size_t t) {
    const struct poseidon_params *p = poseidon_params(t);
    assert(p);
    const unsigned h = p->rf / 2, rp = p->rp;
    const fr_t *c = p->opt_c;
    for (size_t i = 0; i < t; i++) fr_add(&s[i], &s[i], &c[i]);
    c += t;
    for (unsigned r = 0; r < h; r++, c += t) {
        for (size_t i = 0; i < t; i++) {
            sbox(&s[i]);
            fr_add(&s[i], &s[i], &c[i]);
        }
        mix_rows(s, r + 1 < h ? p->opt_m : p->opt_p, t);
    }
    const size_t k = 2 * t - 1;
    for (unsigned r = 0; r < rp; r++) {
        const fr_t *sp = &p->opt_s[r * k];
        sbox(&s[0]);
        fr_add(&s[0], &s[0], &c[r]);
        fr_t s0 = s[0], acc, x;
        fr_mul(&acc, &sp[0], &s[0]);
        for (size_t j = 1; j < t; j++) {
            fr_mul(&x, &sp[j], &s[j]);
            fr_add(&acc, &acc, &x);
            fr_mul(&x, &sp[t + j - 1], &s0);
            fr_add(&s[j], &s[j], &x);
        }
        s[0] = acc;
    }
    c += rp;
    for (unsigned r = 0; r < h; r++, c += t) {
        for (size_t i = 0; i < t; i++) sbox(&s[i]);
        if (r + 1 < h)
            for (size_t i = 0; i < t; i++) fr_add(&s[i], &s[i], &c[i]);
        mix_rows(s, p->opt_m, t);
    }
}

zkp_err poseidon_hash_ex(fr_t *out, size_t nout, const fr_t *in, size_t n,
                         const fr_t *init_state) {
    if (n < 1 || n > POSEIDON_MAX_INPUTS)
        return zkp_fail(ZKP_ERR_RANGE, "poseidon: %zu inputs (must be 1..%d)", n,
                        POSEIDON_MAX_INPUTS);
    if (nout < 1 || nout > n + 1)
        return zkp_fail(ZKP_ERR_RANGE, "poseidon: %zu outputs for width %zu (must be 1..%zu)",
                        nout, n + 1, n + 1);
    fr_t s[POSEIDON_T_MAX];
    s[0] = init_state ? *init_state : fr_zero_c;
    memcpy(&s[1], in, n * sizeof(fr_t));
    poseidon_permute(s, n + 1);
    memcpy(out, s, nout * sizeof(fr_t));
    return ZKP_OK;
}

zkp_err poseidon_hash(fr_t *out, const fr_t *in, size_t n) {
    return poseidon_hash_ex(out, 1, in, n, NULL);
}
