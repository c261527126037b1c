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

/* The public inputs every training circuit shares, opening the input.json object. */
static void put_public(FILE *f, const fr_t *cb, const fr_t *ca, const fr_t *cx, int64_t lr,
                       uint64_t step, uint64_t epoch, int64_t tol) {
    char d1[ZKP_DEC_MAX], d2[ZKP_DEC_MAX], d3[ZKP_DEC_MAX];
    fprintf(f,
            "{\n  \"c_before\": \"%s\",\n  \"c_after\": \"%s\",\n  \"c_batch\": \"%s\",\n"
            "  \"lr\": %" PRId64 ",\n  \"step\": %" PRIu64 ",\n  \"epoch\": %" PRIu64
            ",\n  \"tol\": %" PRId64,
            fr_to_dec(d1, cb), fr_to_dec(d2, ca), fr_to_dec(d3, cx), lr, step, epoch, tol);
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
    put_public(f, &cb, &ca, &cx, s->lr, s->step, s->epoch, s->tol);
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

/* ---- circuits/mlp.zkc ---- */

/* r = a * b and r = a + b on 128 bits; false on overflow. */
static bool mul_ok(i128 *r, i128 a, i128 b) { return !__builtin_mul_overflow(a, b, r); }
static bool add_ok(i128 *r, i128 a, i128 b) { return !__builtin_add_overflow(a, b, r); }

/* floor((old K - 2 lr G + K/2) / K), the rounding of stdlib/train.zkc. */
static bool round_update(int64_t *out, int64_t old, i128 K, int64_t lr, i128 G) {
    i128 t, X;
    if (!mul_ok(&t, G, 2 * (i128)lr) || !mul_ok(&X, old, K) || !add_ok(&X, X, K / 2) ||
        __builtin_sub_overflow(X, t, &X))
        return false;
    i128 q = floor_div(X, K);
    if (q > INT64_MAX || q < INT64_MIN) return false;
    *out = (int64_t)q;
    return true;
}

zkp_err train_mlp_exact(int64_t *W2, int64_t *v2, const train_mlp_step_t *s) {
    if (s->B == 0 || (s->B & (s->B - 1)) || s->B > 1024 || s->F > 12 || s->D == 0 || s->H == 0)
        return zkp_fail(ZKP_ERR_RANGE, "mlp: need B a power of two <= 1024, F <= 12, D, H >= 1");
    const unsigned D = s->D, H = s->H, B = s->B, F = s->F;
    const i128 K = (i128)B << (5 * F);
    size_t nz = (size_t)B * H;
    i128 *z = zkp_malloc(nz * sizeof *z), *e = zkp_malloc(B * sizeof *e);
    if (!z || !e) {
        zkp_free(z), zkp_free(e);
        return zkp_fail(ZKP_ERR_NOMEM, "mlp: %zu activations", nz);
    }
    zkp_err err = ZKP_OK;
    /* forward: z = W x (2^2F), e = v relu(z) - y 2^2F (2^3F) */
    for (unsigned b = 0; b < B && !err; b++) {
        i128 eb = -(i128)s->y[b] * ((i128)1 << (2 * F)), t;
        for (unsigned h = 0; h < H && !err; h++) {
            i128 zh = 0;
            for (unsigned d = 0; d < D; d++) /* 63 + 63 bits plus D < 2^64 terms: no overflow */
                if (!add_ok(&zh, zh, (i128)s->W[(size_t)h * D + d] * s->x[(size_t)b * D + d]))
                    err = ZKP_ERR_RANGE;
            z[(size_t)b * H + h] = zh;
            if (zh > 0 && (!mul_ok(&t, zh, s->v[h]) || !add_ok(&eb, eb, t))) err = ZKP_ERR_RANGE;
        }
        e[b] = eb;
    }
    /* second layer: Gv[h] = sum_b e a; first layer: GW[h][d] = sum_b e v s x */
    for (unsigned h = 0; h < H && !err; h++) {
        i128 G = 0, t;
        for (unsigned b = 0; b < B; b++) {
            i128 zh = z[(size_t)b * H + h];
            if (zh > 0 && (!mul_ok(&t, e[b], zh) || !add_ok(&G, G, t))) err = ZKP_ERR_RANGE;
        }
        if (!err && !round_update(&v2[h], s->v[h], K, s->lr, G)) err = ZKP_ERR_RANGE;
        for (unsigned d = 0; d < D && !err; d++) {
            G = 0;
            for (unsigned b = 0; b < B; b++) {
                if (z[(size_t)b * H + h] <= 0) continue;
                if (!mul_ok(&t, e[b], s->v[h]) || !mul_ok(&t, t, s->x[(size_t)b * D + d]) ||
                    !add_ok(&G, G, t))
                    err = ZKP_ERR_RANGE;
            }
            if (!err && !round_update(&W2[(size_t)h * D + d], s->W[(size_t)h * D + d], K, s->lr, G))
                err = ZKP_ERR_RANGE;
        }
    }
    zkp_free_secret(z, nz * sizeof *z);
    zkp_free_secret(e, B * sizeof *e);
    return err ? zkp_fail(err, "mlp: an intermediate value of the step exceeds 127 bits") : ZKP_OK;
}

/* v[0..n) followed by u[0..m) in a new array (caller frees with zkp_free_secret). */
static int64_t *concat(const int64_t *v, size_t n, const int64_t *u, size_t m) {
    int64_t *r = zkp_malloc((n + m) * sizeof *r);
    if (r) memcpy(r, v, n * sizeof *r), memcpy(r + n, u, m * sizeof *r);
    return r;
}

zkp_err train_mlp_commitments(fr_t *c_before, fr_t *c_after, fr_t *c_batch,
                              const train_mlp_step_t *s) {
    const int64_t lim = s->NB >= 2 && s->NB <= 62 ? (int64_t)1 << (s->NB - 1) : 0;
    if (s->lr < -lim || s->lr >= lim)
        return zkp_fail(ZKP_ERR_RANGE, "mlp: lr = %" PRId64 " is not %u-bit signed", s->lr, s->NB);
    const size_t nw = (size_t)s->H * s->D, nx = (size_t)s->B * s->D;
    int64_t *m = concat(s->W, nw, s->v, s->H), *m2 = concat(s->W2, nw, s->v2, s->H);
    int64_t *bt = concat(s->x, nx, s->y, s->B);
    zkp_err e = ZKP_OK;
    if (!m || !m2 || !bt) e = zkp_fail(ZKP_ERR_NOMEM, "mlp: %zu weights", nw);
    fr_t pre[5];
    if (!e) {
        fr_set_u64(&pre[0], 1);
        e = train_commit(c_before, m, nw + s->H, s->NB, pre, 1);
    }
    if (!e) {
        fr_set_u64(&pre[0], 2), fr_set_u64(&pre[1], s->step), fr_set_u64(&pre[2], s->epoch);
        fr_from_i128(&pre[3], s->lr), fr_from_i128(&pre[4], s->tol);
        e = train_commit(c_after, m2, nw + s->H, s->NB, pre, 5);
    }
    if (!e) {
        fr_set_u64(&pre[0], 3);
        e = train_commit(c_batch, bt, nx + s->B, s->XB, pre, 1);
    }
    if (m) zkp_free_secret(m, (nw + s->H) * sizeof *m);
    if (m2) zkp_free_secret(m2, (nw + s->H) * sizeof *m2);
    if (bt) zkp_free_secret(bt, (nx + s->B) * sizeof *bt);
    return e;
}

zkp_err train_mlp_write_input(FILE *f, const train_mlp_step_t *s) {
    const size_t nw = (size_t)s->H * s->D;
    int64_t *exact = zkp_malloc((nw + s->H) * sizeof *exact);
    if (!exact) return zkp_fail(ZKP_ERR_NOMEM, "mlp: %zu weights", nw);
    zkp_err e = train_mlp_exact(exact, exact + nw, s);
    for (size_t j = 0; !e && j < nw + s->H; j++) {
        int64_t got = j < nw ? s->W2[j] : s->v2[j - nw];
        if (got - exact[j] > s->tol || exact[j] - got > s->tol)
            e = zkp_fail(ZKP_ERR_UNSATISFIED,
                         "mlp: %s[%zu] after the step is %" PRId64 ", exact update %" PRId64
                         ", outside the tolerance %" PRId64,
                         j < nw ? "W" : "v", j < nw ? j : j - nw, got, exact[j], s->tol);
    }
    zkp_free_secret(exact, (nw + s->H) * sizeof *exact);
    if (e) return e;
    fr_t cb, ca, cx;
    if ((e = train_mlp_commitments(&cb, &ca, &cx, s))) return e;
    put_public(f, &cb, &ca, &cx, s->lr, s->step, s->epoch, s->tol);
    /* flat arrays in row-major order (zkc accepts them for any shape) */
    put_array(f, "W", s->W, nw);
    put_array(f, "v", s->v, s->H);
    put_array(f, "W2", s->W2, nw);
    put_array(f, "v2", s->v2, s->H);
    put_array(f, "x", s->x, (size_t)s->B * s->D);
    put_array(f, "y", s->y, s->B);
    fprintf(f, "\n}\n");
    return ferror(f) ? zkp_fail(ZKP_ERR_IO, "mlp: writing input.json failed") : ZKP_OK;
}
