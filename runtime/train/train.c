/* zkpot L5 train: native twins of circuits/sgd.zkc's commitments and update,
 * and its input.json. Kept equal to the circuit by tests/check_train.c, which
 * runs the compiled circuit on what this module writes. */
#include <inttypes.h>
#include <string.h>

#include "zkpot/poseidon.h"
#include "zkpot/train.h"

typedef __int128 i128;

static void fr_from_i128(fr_t *r, i128 v) {
    unsigned __int128 m = v < 0 ? (unsigned __int128)(-v) : (unsigned __int128)v;
    uint64_t limbs[4] = {(uint64_t)m, (uint64_t)(m >> 64), 0, 0};
    zkp_err e = fr_from_limbs(r, limbs); /* < 2^128 < r: cannot fail */
    (void)e;
    if (v < 0) fr_neg(r, r);
}

zkp_err train_commit(fr_t *h, const int64_t *v, size_t n, unsigned nb, const fr_t *pre,
                     size_t m) {
    if (nb < 2 || nb > 62 || m < 1 || m > 15)
        return zkp_fail(ZKP_ERR_RANGE, "commit: nb = %u, m = %zu (need 2..62, 1..15)", nb, m);
    const int64_t lim = (int64_t)1 << (nb - 1);
    for (size_t i = 0; i < n; i++)
        if (v[i] < -lim || v[i] >= lim)
            return zkp_fail(ZKP_ERR_RANGE, "commit: value %zu (%" PRId64 ") is not %u-bit signed", i,
                            v[i], nb);
    const size_t k = 250 / nb, np = (n + k - 1) / k;
    fr_t shift, a[16];
    fr_set_u64(&shift, (uint64_t)1 << nb);
    size_t first = np < 16 - m ? np : 16 - m, done = 0, na = 0;
    for (size_t i = 0; i < m; i++) a[na++] = pre[i];
    for (size_t c = 0; c < np; c++) {
        fr_t acc, pw, t;
        fr_set_zero(&acc);
        fr_set_one(&pw);
        for (size_t i = 0; i < k && c * k + i < n; i++) {
            fr_from_i128(&t, (i128)v[c * k + i] + lim);
            fr_mul(&t, &t, &pw);
            fr_add(&acc, &acc, &t);
            fr_mul(&pw, &pw, &shift);
        }
        a[na++] = acc;
        bool full = done == 0 ? na == m + first : na == 16;
        if (full || c + 1 == np) { /* hash this chunk: the first, then (acc, <= 15 more) */
            zkp_err e = poseidon_hash(h, a, na);
            if (e) return e;
            done++;
            na = 0;
            a[na++] = *h;
        }
    }
    if (done == 0) return poseidon_hash(h, a, na); /* n = 0: H(pre) */
    return ZKP_OK;
}

static i128 floor_div(i128 a, i128 b) {
    i128 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

zkp_err train_sgd_exact(int64_t *w2, const train_sgd_step_t *s) {
    if (s->B == 0 || (s->B & (s->B - 1)) || s->F > 20)
        return zkp_fail(ZKP_ERR_RANGE, "sgd: B = %u must be a power of two, F = %u <= 20", s->B,
                        s->F);
    const i128 K = (i128)s->B << (3 * s->F), lim = (i128)1 << 120;
    for (unsigned j = 0; j < s->P; j++) {
        i128 G = 0;
        for (unsigned b = 0; b < s->B; b++) {
            const int64_t *xb = s->x + (size_t)b * s->P;
            i128 e = -(i128)s->y[b] * ((i128)1 << s->F);
            for (unsigned i = 0; i < s->P; i++) e += (i128)xb[i] * s->w[i];
            if (e > lim || e < -lim) return zkp_fail(ZKP_ERR_RANGE, "sgd: residual overflow");
            i128 ex = e / ((i128)1 << 60) * xb[j]; /* overflow guard on the product */
            if (ex > lim / ((i128)1 << 60) || ex < -lim / ((i128)1 << 60))
                return zkp_fail(ZKP_ERR_RANGE, "sgd: gradient overflow");
            G += e * xb[j];
        }
        i128 X = (i128)s->w[j] * K - 2 * (i128)s->lr * G + K / 2;
        i128 q = floor_div(X, K);
        if (q > INT64_MAX || q < INT64_MIN) return zkp_fail(ZKP_ERR_RANGE, "sgd: update overflow");
        w2[j] = (int64_t)q;
    }
    return ZKP_OK;
}

zkp_err train_sgd_commitments(fr_t *c_before, fr_t *c_after, fr_t *c_batch,
                              const train_sgd_step_t *s) {
    const int64_t lim = s->NB >= 2 && s->NB <= 62 ? (int64_t)1 << (s->NB - 1) : 0;
    if (s->lr < -lim || s->lr >= lim)
        return zkp_fail(ZKP_ERR_RANGE, "sgd: lr = %" PRId64 " is not %u-bit signed", s->lr, s->NB);
    fr_t pre[5];
    fr_set_u64(&pre[0], 1);
    zkp_err e = train_commit(c_before, s->w, s->P, s->NB, pre, 1);
    if (e) return e;
    fr_set_u64(&pre[0], 2), fr_set_u64(&pre[1], s->step), fr_set_u64(&pre[2], s->epoch);
    fr_from_i128(&pre[3], s->lr), fr_from_i128(&pre[4], s->tol);
    if ((e = train_commit(c_after, s->w2, s->P, s->NB, pre, 5))) return e;
    size_t n = (size_t)s->B * s->P + s->B;
    int64_t *flat = zkp_malloc(n * sizeof *flat);
    if (!flat) return zkp_fail(ZKP_ERR_NOMEM, "sgd: %zu values", n);
    memcpy(flat, s->x, (size_t)s->B * s->P * sizeof *flat);
    memcpy(flat + (size_t)s->B * s->P, s->y, s->B * sizeof *flat);
    fr_set_u64(&pre[0], 3);
    e = train_commit(c_batch, flat, n, s->XB, pre, 1);
    zkp_free_secret(flat, n * sizeof *flat);
    return e;
}

static void put_array(FILE *f, const char *name, const int64_t *v, size_t n) {
    fprintf(f, ",\n  \"%s\": [", name);
    for (size_t i = 0; i < n; i++) fprintf(f, "%s%" PRId64, i ? ", " : "", v[i]);
    fputc(']', f);
}

zkp_err train_sgd_write_input(FILE *f, const train_sgd_step_t *s) {
    int64_t *exact = zkp_malloc(s->P * sizeof *exact);
    if (!exact) return zkp_fail(ZKP_ERR_NOMEM, "sgd: %u weights", s->P);
    zkp_err e = train_sgd_exact(exact, s);
    for (unsigned j = 0; !e && j < s->P; j++)
        if (s->w2[j] - exact[j] > s->tol || exact[j] - s->w2[j] > s->tol)
            e = zkp_fail(ZKP_ERR_UNSATISFIED,
                         "sgd: weight %u after the step is %" PRId64 ", exact update %" PRId64
                         ", outside the tolerance %" PRId64,
                         j, s->w2[j], exact[j], s->tol);
    zkp_free_secret(exact, s->P * sizeof *exact);
    if (e) return e;
    fr_t cb, ca, cx;
    if ((e = train_sgd_commitments(&cb, &ca, &cx, s))) return e;
    char d1[ZKP_DEC_MAX], d2[ZKP_DEC_MAX], d3[ZKP_DEC_MAX];
    fprintf(f,
            "{\n  \"c_before\": \"%s\",\n  \"c_after\": \"%s\",\n  \"c_batch\": \"%s\",\n"
            "  \"lr\": %" PRId64 ",\n  \"step\": %" PRIu64 ",\n  \"epoch\": %" PRIu64
            ",\n  \"tol\": %" PRId64,
            fr_to_dec(d1, &cb), fr_to_dec(d2, &ca), fr_to_dec(d3, &cx), s->lr, s->step, s->epoch,
            s->tol);
    put_array(f, "w", s->w, s->P);
    put_array(f, "w2", s->w2, s->P);
    fprintf(f, ",\n  \"x\": [");
    for (unsigned b = 0; b < s->B; b++) {
        fprintf(f, "%s[", b ? ", " : "");
        for (unsigned j = 0; j < s->P; j++)
            fprintf(f, "%s%" PRId64, j ? ", " : "", s->x[(size_t)b * s->P + j]);
        fputc(']', f);
    }
    fputc(']', f);
    put_array(f, "y", s->y, s->B);
    fprintf(f, "\n}\n");
    return ferror(f) ? zkp_fail(ZKP_ERR_IO, "sgd: writing input.json failed") : ZKP_OK;
}
