/* zkpot L4 io: snarkjs's powers-of-tau file (.ptau, phase 1 of the Groth16
 * ceremony): reading with full validation, writing, a consistency check of the
 * sections against each other, and a single-party generator for tests and
 * benchmarks. Layout learned from snarkjs 0.7.x powersoftau_utils.js (header,
 * contribution records), powersoftau_preparephase2.js (sections 12..15) and
 * zkey_new.js (what groth16 setup reads); io.h summarizes it. Our own code. */
#include <string.h>

#include "groth16/g16_internal.h" /* the setup's fixed-base comb (same layer) */
#include "io/binfile.h"
#include "zkpot/msm.h"
#include "zkpot/ntt.h"
#include "zkpot/pairing.h"

enum {
    PT_HEADER = 1,
    PT_TAU_G1 = 2,
    PT_TAU_G2 = 3,
    PT_ALPHA_G1 = 4,
    PT_BETA_G1 = 5,
    PT_BETA_G2 = 6,
    PT_CONTRIB = 7,
    PT_LAG_TAU_G1 = 12,
    PT_LAG_TAU_G2 = 13,
    PT_LAG_ALPHA_G1 = 14,
    PT_LAG_BETA_G1 = 15,
};
#define PT_HEADER_SIZE (4 + 32 + 4 + 4)
/* One contribution record before its parameters: tauG1, tauG2, alphaG1, betaG1,
 * betaG2, the public key (6 G1 + 3 G2), partial hash (216), next challenge (64),
 * type (u32), parameter length (u32). */
#define PT_CONTRIB_FIXED (3 * G1_BYTES + 2 * G2_BYTES + 6 * G1_BYTES + 3 * G2_BYTES + 216 + 64 + 8)

/* Point counts of each section for N = 2^power. */
static uint64_t sec_points(uint32_t id, uint64_t N) {
    switch (id) {
    case PT_TAU_G1:
        return 2 * N - 1;
    case PT_TAU_G2:
    case PT_ALPHA_G1:
    case PT_BETA_G1:
        return N;
    case PT_BETA_G2:
        return 1;
    case PT_LAG_TAU_G1:
        return 4 * N - 1;
    default:
        return 2 * N - 1; /* 13, 14, 15 */
    }
}
static bool sec_is_g2(uint32_t id) {
    return id == PT_TAU_G2 || id == PT_BETA_G2 || id == PT_LAG_TAU_G2;
}
static const char *sec_name(uint32_t id) {
    switch (id) {
    case PT_TAU_G1:
        return "tauG1";
    case PT_TAU_G2:
        return "tauG2";
    case PT_ALPHA_G1:
        return "alphaTauG1";
    case PT_BETA_G1:
        return "betaTauG1";
    case PT_BETA_G2:
        return "betaG2";
    case PT_LAG_TAU_G1:
        return "lagrange tauG1";
    case PT_LAG_TAU_G2:
        return "lagrange tauG2";
    case PT_LAG_ALPHA_G1:
        return "lagrange alphaTauG1";
    default:
        return "lagrange betaTauG1";
    }
}

/* The array of p holding section id (NULL for betaG2, a single point). */
static void *sec_array(ptau_t *p, uint32_t id) {
    switch (id) {
    case PT_TAU_G1:
        return p->tau_g1;
    case PT_TAU_G2:
        return p->tau_g2;
    case PT_ALPHA_G1:
        return p->alpha_tau_g1;
    case PT_BETA_G1:
        return p->beta_tau_g1;
    case PT_BETA_G2:
        return &p->beta_g2;
    case PT_LAG_TAU_G1:
        return p->lag_tau_g1;
    case PT_LAG_TAU_G2:
        return p->lag_tau_g2;
    case PT_LAG_ALPHA_G1:
        return p->lag_alpha_tau_g1;
    default:
        return p->lag_beta_tau_g1;
    }
}

void ptau_free(ptau_t *p) {
    if (!p) return;
    zkp_free(p->tau_g1), zkp_free(p->tau_g2);
    zkp_free(p->alpha_tau_g1), zkp_free(p->beta_tau_g1);
    zkp_free(p->contributions);
    zkp_free(p->lag_tau_g1), zkp_free(p->lag_tau_g2);
    zkp_free(p->lag_alpha_tau_g1), zkp_free(p->lag_beta_tau_g1);
    zkp_free(p);
}

/* Arrays for p->power (and the Lagrange ones when prepared). */
static zkp_err alloc_points(ptau_t *p) {
    uint64_t N = (uint64_t)1 << p->power;
    p->tau_g1 = zkp_malloc((2 * N - 1) * sizeof(g1_affine_t));
    p->tau_g2 = zkp_malloc(N * sizeof(g2_affine_t));
    p->alpha_tau_g1 = zkp_malloc(N * sizeof(g1_affine_t));
    p->beta_tau_g1 = zkp_malloc(N * sizeof(g1_affine_t));
    bool ok = p->tau_g1 && p->tau_g2 && p->alpha_tau_g1 && p->beta_tau_g1;
    if (ok && p->prepared) {
        p->lag_tau_g1 = zkp_malloc((4 * N - 1) * sizeof(g1_affine_t));
        p->lag_tau_g2 = zkp_malloc((2 * N - 1) * sizeof(g2_affine_t));
        p->lag_alpha_tau_g1 = zkp_malloc((2 * N - 1) * sizeof(g1_affine_t));
        p->lag_beta_tau_g1 = zkp_malloc((2 * N - 1) * sizeof(g1_affine_t));
        ok = p->lag_tau_g1 && p->lag_tau_g2 && p->lag_alpha_tau_g1 && p->lag_beta_tau_g1;
    }
    return ok ? ZKP_OK : zkp_fail(ZKP_ERR_NOMEM, "ptau: out of memory for 2^%u powers", p->power);
}

/* ---- generation ---- */

static void progress_step(ptau_progress_fn f, void *ctx, const char *stage, size_t d, size_t t) {
    if (f) f(ctx, stage, d, t);
}

/* lag[2^p - 1 + j] = L_j(tau) for every block p = 0..top, L_j the Lagrange basis
 * of the domain {w^j} of size M = 2^p (w = fr_root_of_unity(p)):
 *   L_j(t) = w^j (t^M - 1) / (M (t - w^j))
 * (the barycentric form; t is outside every domain). When last_short, block top
 * is that of the inverse FFT of (t^0, .., t^(M-2), 0) instead, which is
 *   L_j(t) - t^(M-1) w^(-j(M-1)) / M = L_j(t) - t^(M-1) w^j / M.
 * pw[k] = t^k for k < 2^top. Secret in, secret out (constant time). */
static void lagrange_blocks(fr_t *lag, const fr_t *pw, unsigned top, bool last_short,
                            const fr_t *tau) {
    size_t total = ((size_t)2 << top) - 1;
    fr_t one;
    fr_set_one(&one);
    /* denominators t - w^j of every block, inverted together */
    for (unsigned p = 0; p <= top; p++) {
        size_t M = (size_t)1 << p;
        fr_t w, x = one;
        fr_root_of_unity(&w, p);
        for (size_t j = 0; j < M; j++) {
            fr_sub(&lag[M - 1 + j], tau, &x);
            fr_mul(&x, &x, &w);
        }
    }
    fr_batch_inv(lag, lag, total);
    for (unsigned p = 0; p <= top; p++) {
        size_t M = (size_t)1 << p;
        fr_t w, x = one, c, m, tM, e;
        fr_root_of_unity(&w, p);
        tM = *tau;
        for (unsigned i = 0; i < p; i++)
            fr_sqr(&tM, &tM);
        fr_sub(&c, &tM, &one);
        fr_set_u64(&m, (uint64_t)M);
        fr_inv(&m, &m);
        fr_mul(&c, &c, &m); /* (t^M - 1)/M */
        bool shortb = last_short && p == top;
        if (shortb) fr_mul(&e, &pw[M - 1], &m); /* t^(M-1)/M */
        for (size_t j = 0; j < M; j++) {
            fr_t *l = &lag[M - 1 + j], xe;
            fr_mul(l, l, &x);
            fr_mul(l, l, &c);
            if (shortb) {
                fr_mul(&xe, &x, &e);
                fr_sub(l, l, &xe);
            }
            fr_mul(&x, &x, &w);
        }
        zkp_memzero(&c, sizeof c), zkp_memzero(&tM, sizeof tM), zkp_memzero(&e, sizeof e);
    }
}

static void scale(fr_t *out, const fr_t *in, size_t n, const fr_t *k) {
    for (size_t i = 0; i < n; i++)
        fr_mul(&out[i], &in[i], k);
}

zkp_err ptau_new(ptau_t **out, unsigned power, ptau_progress_fn progress, void *ctx) {
    *out = NULL;
    if (power < 1 || power > PTAU_MAX_POWER)
        return zkp_fail(ZKP_ERR_RANGE, "ptau new: power %u is outside 1..%d", power,
                        PTAU_MAX_POWER);
    size_t N = (size_t)1 << power;
    ptau_t *p = zkp_calloc(1, sizeof *p);
    if (!p) return zkp_fail(ZKP_ERR_NOMEM, "ptau new: out of memory");
    p->power = p->ceremony_power = power;
    p->prepared = true;
    zkp_err e = alloc_points(p);
    size_t pwsz = 2 * N * sizeof(fr_t), ssz = 4 * N * sizeof(fr_t), lsz = ssz;
    fr_t *pw = zkp_malloc(pwsz), *s = zkp_malloc(ssz), *lag = zkp_malloc(lsz);
    fr_t tau, alpha, beta;
    if (!e && (!pw || !s || !lag)) e = zkp_fail(ZKP_ERR_NOMEM, "ptau new: scalars of 2^%u", power);
    if (e) goto out;
    /* Toxic waste; tau outside every domain (tau^(2N) != 1). */
    if ((e = g16_random_nonzero(&alpha)) || (e = g16_random_nonzero(&beta))) goto out;
    for (;;) {
        if ((e = g16_random_nonzero(&tau))) goto out;
        fr_t t = tau;
        for (unsigned i = 0; i <= power; i++)
            fr_sqr(&t, &t);
        bool bad = fr_is_one(&t);
        zkp_memzero(&t, sizeof t);
        if (!bad) break;
    }
    fr_set_one(&pw[0]);
    for (size_t i = 1; i < 2 * N; i++)
        fr_mul(&pw[i], &pw[i - 1], &tau);

    progress_step(progress, ctx, "ptau: tauG1", 0, 9);
    if ((e = g16_fixed_g1(p->tau_g1, pw, 2 * N - 1))) goto out;
    progress_step(progress, ctx, "ptau: tauG2", 1, 9);
    if ((e = g16_fixed_g2(p->tau_g2, pw, N))) goto out;
    progress_step(progress, ctx, "ptau: alphaTauG1", 2, 9);
    scale(s, pw, N, &alpha);
    if ((e = g16_fixed_g1(p->alpha_tau_g1, s, N))) goto out;
    progress_step(progress, ctx, "ptau: betaTauG1", 3, 9);
    scale(s, pw, N, &beta);
    if ((e = g16_fixed_g1(p->beta_tau_g1, s, N))) goto out;
    if ((e = g16_fixed_g2(&p->beta_g2, &beta, 1))) goto out;

    /* Lagrange sections: blocks 0..power+1 for tauG1 (the last one short), the
     * first 2N - 1 scalars (blocks 0..power) for the other three. */
    lagrange_blocks(lag, pw, power + 1, true, &tau);
    progress_step(progress, ctx, "ptau: lagrange tauG1", 4, 9);
    if ((e = g16_fixed_g1(p->lag_tau_g1, lag, 4 * N - 1))) goto out;
    progress_step(progress, ctx, "ptau: lagrange tauG2", 5, 9);
    if ((e = g16_fixed_g2(p->lag_tau_g2, lag, 2 * N - 1))) goto out;
    progress_step(progress, ctx, "ptau: lagrange alphaTauG1", 6, 9);
    scale(s, lag, 2 * N - 1, &alpha);
    if ((e = g16_fixed_g1(p->lag_alpha_tau_g1, s, 2 * N - 1))) goto out;
    progress_step(progress, ctx, "ptau: lagrange betaTauG1", 7, 9);
    scale(s, lag, 2 * N - 1, &beta);
    if ((e = g16_fixed_g1(p->lag_beta_tau_g1, s, 2 * N - 1))) goto out;
    progress_step(progress, ctx, "ptau: done", 9, 9);
out:
    zkp_memzero(&tau, sizeof tau), zkp_memzero(&alpha, sizeof alpha);
    zkp_memzero(&beta, sizeof beta);
    zkp_free_secret(pw, pw ? pwsz : 0);
    zkp_free_secret(s, s ? ssz : 0);
    zkp_free_secret(lag, lag ? lsz : 0);
    if (e)
        ptau_free(p);
    else
        *out = p;
    return e;
}

/* ---- reading ---- */

/* Decodes n points of section s into dst in parallel (fixed chunks); the first
 * bad index is decoded again to report it, so the message does not depend on
 * the thread count. */
static zkp_err read_points(const bin_t *b, const bin_sec_t *s, void *dst, bool g2, uint64_t n,
                           const char *what) {
    const uint8_t *base = b->buf + s->off;
    size_t nb = g2 ? G2_BYTES : G1_BYTES;
    uint64_t bad = UINT64_MAX;
    int nt = zkp_threads();
#pragma omp parallel for schedule(static) reduction(min : bad) num_threads(nt) if (n >= 1024)
    for (int64_t i = 0; i < (int64_t)n; i++) {
        zkp_err e = g2 ? g2_from_zkey((g2_affine_t *)dst + i, base + (uint64_t)i * nb)
                       : g1_from_zkey((g1_affine_t *)dst + i, base + (uint64_t)i * nb);
        if (e != ZKP_OK && (uint64_t)i < bad) bad = (uint64_t)i;
    }
    if (bad == UINT64_MAX) return ZKP_OK;
    bin_cur_t c;
    bin_cur(&c, b, s);
    g1_affine_t t1;
    g2_affine_t t2;
    const uint8_t *q = base + bad * nb;
    zkp_err e = g2 ? g2_from_zkey(&t2, q) : g1_from_zkey(&t1, q);
    char msg[256];
    snprintf(msg, sizeof msg, "%s", zkp_last_error());
    return bin_fail(&c, bad * nb, e ? e : ZKP_ERR_FORMAT, "%s[%llu]: %s", what,
                    (unsigned long long)bad, msg);
}

/* One point inside a contribution record (validated, then dropped). */
static zkp_err rd_pt(bin_cur_t *c, bool g2, const char *what, uint32_t k) {
    uint64_t at = c->pos;
    const uint8_t *q = NULL;
    zkp_err e = bin_bytes(c, &q, g2 ? G2_BYTES : G1_BYTES, what);
    if (e) return e;
    g1_affine_t t1;
    g2_affine_t t2;
    if ((e = g2 ? g2_from_zkey(&t2, q) : g1_from_zkey(&t1, q))) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", zkp_last_error());
        return bin_fail(c, at, e, "contribution %u: %s: %s", k, what, msg);
    }
    return ZKP_OK;
}

/* contributions := n(u32) record^n
 * record := tauG1 tauG2 alphaG1 betaG1 betaG2 key(6 G1, 3 G2) partialHash(216)
 *           nextChallenge(64) type(u32) paramLength(u32) params
 * params := (1 len(u8) name | 2 iterExp(u8) | 3 len(u8) beaconHash)*, types increasing */
static zkp_err read_contributions(ptau_t *p, const bin_t *b, const bin_sec_t *s) {
    bin_cur_t c;
    bin_cur(&c, b, s);
    zkp_err e = bin_u32(&c, &p->n_contributions, "contribution count");
    if (e) return e;
    static const char *const pts[] = {
        "tauG1",          "tauG2",          "alphaG1",          "betaG1",          "betaG2",
        "key tau g1_s",   "key tau g1_sx",  "key alpha g1_s",   "key alpha g1_sx", "key beta g1_s",
        "key beta g1_sx", "key tau g2_spx", "key alpha g2_spx", "key beta g2_spx"};
    static const bool g2s[] = {0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1};
    for (uint32_t k = 0; k < p->n_contributions; k++) {
        for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++)
            if ((e = rd_pt(&c, g2s[i], pts[i], k))) return e;
        const uint8_t *h;
        uint32_t type, plen;
        if ((e = bin_bytes(&c, &h, 216 + 64, "hashes")) || (e = bin_u32(&c, &type, "type")) ||
            (e = bin_u32(&c, &plen, "parameter length")))
            return e;
        if (type > 1)
            return bin_fail(&c, c.pos - 8, ZKP_ERR_FORMAT, "contribution %u: type %u (0 or 1)", k,
                            type);
        uint64_t start = c.pos;
        if (plen > bin_left(&c))
            return bin_fail(&c, start - 4, ZKP_ERR_FORMAT,
                            "contribution %u: parameters (%u bytes) run past the section", k, plen);
        const uint8_t *q;
        if ((e = bin_bytes(&c, &q, plen, "parameters"))) return e;
        unsigned last = 0;
        for (uint32_t i = 0; i < plen;) {
            unsigned t = q[i++];
            uint32_t len = 1;
            if (t <= last || t > 3 || i >= plen || (t != 2 && (len = 1u + q[i]) > plen - i))
                return bin_fail(&c, start + i - 1, ZKP_ERR_FORMAT,
                                "contribution %u: malformed parameter list", k);
            last = t;
            i += len;
        }
    }
    if ((e = bin_end(&c))) return e;
    uint64_t n = s->size - 4;
    if (n) {
        if (!(p->contributions = zkp_malloc(n)))
            return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", b->name);
        memcpy(p->contributions, b->buf + s->off + 4, n);
    }
    p->contributions_size = n;
    return ZKP_OK;
}

static zkp_err parse(ptau_t *p, const uint8_t *buf, size_t len, const char *name, unsigned flags) {
    bin_t b;
    zkp_err e = bin_open(&b, name, buf, len, "ptau", 1, 1);
    if (e) return e;
    static const uint32_t ids[] = {PT_HEADER,     PT_TAU_G1,       PT_TAU_G2,     PT_ALPHA_G1,
                                   PT_BETA_G1,    PT_BETA_G2,      PT_CONTRIB,    PT_LAG_TAU_G1,
                                   PT_LAG_TAU_G2, PT_LAG_ALPHA_G1, PT_LAG_BETA_G1};
    for (uint32_t i = 0; i < b.n_secs; i++) {
        bool known = false;
        for (size_t j = 0; j < sizeof ids / sizeof ids[0]; j++)
            known |= b.secs[i].id == ids[j];
        if (!known) {
            bin_cur_t c;
            bin_cur(&c, &b, &b.secs[i]);
            return bin_fail(&c, 0, ZKP_ERR_FORMAT, "unknown ptau section %u", b.secs[i].id);
        }
    }
    const bin_sec_t *sec[16] = {NULL};
    for (size_t j = 0; j < sizeof ids / sizeof ids[0]; j++)
        if ((e = bin_section(&b, ids[j], ids[j] <= PT_CONTRIB, &sec[ids[j]]))) return e;
    int n_lag = !!sec[12] + !!sec[13] + !!sec[14] + !!sec[15];
    if (n_lag != 0 && n_lag != 4)
        return zkp_fail(ZKP_ERR_FORMAT,
                        "%s: %d of the 4 phase-2 sections 12..15 (all or none expected)", name,
                        n_lag);
    p->prepared = n_lag == 4;
    /* header := n8(u32) q(n8) power(u32) ceremonyPower(u32) */
    bin_cur_t c;
    bin_cur(&c, &b, sec[PT_HEADER]);
    if ((e = bin_prime(&c, fq_modulus, "base field q")) || (e = bin_u32(&c, &p->power, "power")) ||
        (e = bin_u32(&c, &p->ceremony_power, "ceremony power")) || (e = bin_end(&c)))
        return e;
    if (p->power < 1 || p->power > PTAU_MAX_POWER)
        return bin_fail(&c, 36, ZKP_ERR_RANGE, "power %u is outside 1..%d", p->power,
                        PTAU_MAX_POWER);
    uint64_t N = (uint64_t)1 << p->power;
    for (size_t j = 1; j < sizeof ids / sizeof ids[0]; j++) {
        uint32_t id = ids[j];
        if (id == PT_CONTRIB || !sec[id]) continue;
        uint64_t want = sec_points(id, N) * (sec_is_g2(id) ? G2_BYTES : G1_BYTES);
        if (sec[id]->size != want) {
            bin_cur(&c, &b, sec[id]);
            return bin_fail(&c, 0, ZKP_ERR_FORMAT,
                            "%s: section size %llu, but power %u needs %llu points = %llu bytes",
                            sec_name(id), (unsigned long long)sec[id]->size, p->power,
                            (unsigned long long)sec_points(id, N), (unsigned long long)want);
        }
    }
    if ((e = read_contributions(p, &b, sec[PT_CONTRIB]))) return e;
    if (flags & PTAU_READ_HEADER) return ZKP_OK;
    if ((e = alloc_points(p))) return e;
    for (size_t j = 1; j < sizeof ids / sizeof ids[0]; j++) {
        uint32_t id = ids[j];
        if (id == PT_CONTRIB || !sec[id]) continue;
        if ((e = read_points(&b, sec[id], sec_array(p, id), sec_is_g2(id), sec_points(id, N),
                             sec_name(id))))
            return e;
    }
    return ZKP_OK;
}

zkp_err ptau_read_mem(ptau_t **out, const uint8_t *buf, size_t len, const char *name,
                      unsigned flags) {
    *out = NULL;
    ptau_t *p = zkp_calloc(1, sizeof *p);
    if (!p) return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", name);
    zkp_err e = parse(p, buf, len, name, flags);
    if (e) {
        ptau_free(p);
        return e;
    }
    *out = p;
    return ZKP_OK;
}

zkp_err ptau_read(ptau_t **out, const char *path, unsigned flags) {
    *out = NULL;
    bin_map_t m;
    zkp_err e = bin_map(&m, path);
    if (e) return e;
    e = ptau_read_mem(out, m.buf, m.len, path, flags);
    bin_unmap(&m);
    return e;
}

/* ---- writing ---- */

static void w_points(bin_w_t *w, const void *pts, bool g2, uint64_t n) {
    uint8_t buf[64 * G2_BYTES];
    size_t nb = g2 ? G2_BYTES : G1_BYTES, per = sizeof buf / nb;
    for (uint64_t i = 0; i < n;) {
        size_t k = 0;
        for (; k < per && i < n; k++, i++) {
            if (g2)
                g2_to_zkey(buf + k * nb, (const g2_affine_t *)pts + i);
            else
                g1_to_zkey(buf + k * nb, (const g1_affine_t *)pts + i);
        }
        bin_w_bytes(w, buf, k * nb);
    }
}

static void emit(bin_w_t *w, const void *ctx) {
    const ptau_t *p = ctx;
    ptau_t *pm = (ptau_t *)p; /* sec_array does not write */
    uint64_t N = (uint64_t)1 << p->power;
    /* snarkjs's order (preparephase2): 1..7, then 12..15 */
    bin_w_header(w, "ptau", 1, p->prepared ? 11 : 7);
    bin_w_sec(w, PT_HEADER, PT_HEADER_SIZE);
    bin_w_prime(w, fq_modulus);
    bin_w_u32(w, p->power);
    bin_w_u32(w, p->ceremony_power);
    static const uint32_t ids[] = {PT_TAU_G1,       PT_TAU_G2,     PT_ALPHA_G1,   PT_BETA_G1,
                                   PT_BETA_G2,      PT_CONTRIB,    PT_LAG_TAU_G1, PT_LAG_TAU_G2,
                                   PT_LAG_ALPHA_G1, PT_LAG_BETA_G1};
    for (size_t j = 0; j < sizeof ids / sizeof ids[0]; j++) {
        uint32_t id = ids[j];
        if (id == PT_CONTRIB) {
            bin_w_sec(w, id, 4 + p->contributions_size);
            bin_w_u32(w, p->n_contributions);
            bin_w_bytes(w, p->contributions, p->contributions_size);
            continue;
        }
        if (id >= PT_LAG_TAU_G1 && !p->prepared) break;
        bool g2 = sec_is_g2(id);
        uint64_t n = sec_points(id, N);
        bin_w_sec(w, id, n * (g2 ? G2_BYTES : G1_BYTES));
        w_points(w, sec_array(pm, id), g2, n);
    }
}

static zkp_err check_complete(const ptau_t *p) {
    if (p->power < 1 || p->power > PTAU_MAX_POWER)
        return zkp_fail(ZKP_ERR_INVALID_ARG, "ptau: power %u outside 1..%d", p->power,
                        PTAU_MAX_POWER);
    if (!p->tau_g1 || !p->tau_g2 || !p->alpha_tau_g1 || !p->beta_tau_g1 ||
        (p->prepared &&
         (!p->lag_tau_g1 || !p->lag_tau_g2 || !p->lag_alpha_tau_g1 || !p->lag_beta_tau_g1)))
        return zkp_fail(ZKP_ERR_INVALID_ARG, "ptau write: the points were not read (header only)");
    return ZKP_OK;
}

zkp_err ptau_write(const ptau_t *p, const char *path) {
    zkp_err e = check_complete(p);
    return e ? e : bin_write_file(path, emit, p);
}

zkp_err ptau_write_mem(uint8_t **buf, size_t *len, const ptau_t *p) {
    zkp_err e = check_complete(p);
    return e ? e : bin_write_mem(buf, len, emit, p);
}

/* ---- consistency ---- */

/* n random public scalars (the combiners of the checks). */
static zkp_err rand_scalars(fr_t *r, size_t n) {
    uint8_t b[32 * 64];
    for (size_t i = 0; i < n; i += 64) {
        size_t k = n - i < 64 ? n - i : 64;
        zkp_err e = zkp_random_bytes(b, 32 * k);
        if (e) return e;
        for (size_t j = 0; j < k; j++)
            fr_reduce_bytes_le(&r[i + j], b + 32 * j);
    }
    return ZKP_OK;
}

/* e(a1, b1) == e(a2, b2) */
static bool same_ratio(const g1_t *a1, const g2_affine_t *b1, const g1_t *a2,
                       const g2_affine_t *b2) {
    g1_affine_t p[2];
    g2_affine_t q[2] = {*b1, *b2};
    g1_t n2;
    g1_neg(&n2, a2);
    g1_to_affine(&p[0], a1);
    g1_to_affine(&p[1], &n2);
    return pairing_check(p, q, 2);
}
static bool same_ratio2(const g1_affine_t *a1, const g2_t *b1, const g1_affine_t *a2,
                        const g2_t *b2) {
    g1_affine_t p[2] = {*a1, *a2};
    g2_affine_t q[2];
    g2_t n2;
    g2_neg(&n2, b2);
    g2_to_affine(&q[0], b1);
    g2_to_affine(&q[1], &n2);
    return pairing_check(p, q, 2);
}

/* Lagrange blocks p = 0..top of lag (block p at 2^p - 1) against the powers pw:
 * with c = NTT_M(r) (c_j = sum_k r_k w^(jk)), sum_j c_j L_j = sum_k r_k tau^k G
 * for every block; the short last block (last_short) has tau^(M-1) replaced by
 * zero, so its r_(M-1) meets no power. All blocks under one random combination:
 * sum over blocks of sum_j c_j L_j == sum_k (sum over blocks r_k) pw[k]. */
static zkp_err check_lagrange(bool *ok, const void *lag, const void *pw, bool g2, unsigned top,
                              bool last_short) {
    size_t total = ((size_t)2 << top) - 1, npw = (size_t)1 << top;
    if (last_short) npw--;
    fr_t *c = zkp_malloc(total * sizeof *c), *rs = zkp_calloc(npw ? npw : 1, sizeof *rs);
    zkp_err e = ZKP_OK;
    if (!c || !rs) {
        e = zkp_fail(ZKP_ERR_NOMEM, "ptau check: scratch");
        goto out;
    }
    if ((e = rand_scalars(c, total))) goto out;
    for (unsigned p = 0; p <= top; p++) {
        size_t M = (size_t)1 << p;
        fr_t *r = c + M - 1;
        size_t used = last_short && p == top ? M - 1 : M;
        for (size_t k = 0; k < used; k++)
            fr_add(&rs[k], &rs[k], &r[k]);
        if (M > 1) {
            ntt_domain_t *d;
            if ((e = ntt_domain_new(&d, p))) goto out;
            ntt_forward(d, r);
            ntt_domain_free(d);
        }
    }
    if (g2) {
        g2_t a, b;
        if ((e = msm_g2(&a, lag, c, total)) || (e = msm_g2(&b, pw, rs, npw))) goto out;
        *ok = g2_eq(&a, &b);
    } else {
        g1_t a, b;
        if ((e = msm_g1(&a, lag, c, total)) || (e = msm_g1(&b, pw, rs, npw))) goto out;
        *ok = g1_eq(&a, &b);
    }
out:
    zkp_free(c), zkp_free(rs);
    return e;
}

/* R1 = sum_{i<n-1} r_i P_i, R2 = sum_{i<n-1} r_i P_(i+1) */
static zkp_err shifted_g1(g1_t *r1, g1_t *r2, const g1_affine_t *pts, size_t n, fr_t *r) {
    zkp_err e = rand_scalars(r, n - 1);
    if (!e) e = msm_g1(r1, pts, r, n - 1);
    if (!e) e = msm_g1(r2, pts + 1, r, n - 1);
    return e;
}

zkp_err ptau_check(const ptau_t *p) {
    zkp_err e = check_complete(p);
    if (e) return e;
    uint64_t N = (uint64_t)1 << p->power;
    fr_t *r = zkp_malloc(2 * N * sizeof *r);
    if (!r) return zkp_fail(ZKP_ERR_NOMEM, "ptau check: scratch");
    const char *bad = NULL;
    g1_t g1, r1, r2;
    g2_t g2, s1, s2;
    g1_affine_t g1a;
    g2_affine_t g2a;
    g1_generator(&g1), g2_generator(&g2);
    g1_to_affine(&g1a, &g1), g2_to_affine(&g2a, &g2);
    bool ok = true;
    if (!g1_affine_eq(&p->tau_g1[0], &g1a))
        bad = "tauG1[0] is not the generator";
    else if (!g2_affine_eq(&p->tau_g2[0], &g2a))
        bad = "tauG2[0] is not the generator";
    else if (p->tau_g1[1].infinity || p->tau_g2[1].infinity)
        bad = "tau is zero";
    if (bad) goto out;
    /* tauG1: e(sum r_i T_i, tau G2) = e(sum r_i T_(i+1), G2) */
    if ((e = shifted_g1(&r1, &r2, p->tau_g1, 2 * N - 1, r))) goto out;
    if (!same_ratio(&r1, &p->tau_g2[1], &r2, &g2a)) {
        bad = "tauG1: not successive powers of tauG2[1]'s tau";
        goto out;
    }
    /* tauG2: e(tau G1, sum r_i U_i) = e(G1, sum r_i U_(i+1)) */
    if ((e = rand_scalars(r, N - 1)) || (e = msm_g2(&s1, p->tau_g2, r, N - 1)) ||
        (e = msm_g2(&s2, p->tau_g2 + 1, r, N - 1)))
        goto out;
    if (!same_ratio2(&p->tau_g1[1], &s1, &g1a, &s2)) {
        bad = "tauG2: not successive powers of tau";
        goto out;
    }
    if ((e = shifted_g1(&r1, &r2, p->alpha_tau_g1, N, r))) goto out;
    if (!same_ratio(&r1, &p->tau_g2[1], &r2, &g2a)) {
        bad = "alphaTauG1: not alpha times successive powers of tau";
        goto out;
    }
    if ((e = shifted_g1(&r1, &r2, p->beta_tau_g1, N, r))) goto out;
    if (!same_ratio(&r1, &p->tau_g2[1], &r2, &g2a)) {
        bad = "betaTauG1: not beta times successive powers of tau";
        goto out;
    }
    g1_from_affine(&r1, &p->beta_tau_g1[0]);
    if (!same_ratio(&r1, &g2a, &g1, &p->beta_g2)) {
        bad = "betaG2 does not match betaTauG1[0]";
        goto out;
    }
    if (!p->prepared) goto out;
    if ((e = check_lagrange(&ok, p->lag_tau_g1, p->tau_g1, false, p->power + 1, true))) goto out;
    if (!ok) {
        bad = "section 12 (lagrange tauG1) is not the inverse FFT of tauG1";
        goto out;
    }
    if ((e = check_lagrange(&ok, p->lag_tau_g2, p->tau_g2, true, p->power, false))) goto out;
    if (!ok) {
        bad = "section 13 (lagrange tauG2) is not the inverse FFT of tauG2";
        goto out;
    }
    if ((e = check_lagrange(&ok, p->lag_alpha_tau_g1, p->alpha_tau_g1, false, p->power, false)))
        goto out;
    if (!ok) {
        bad = "section 14 (lagrange alphaTauG1) is not the inverse FFT of alphaTauG1";
        goto out;
    }
    if ((e = check_lagrange(&ok, p->lag_beta_tau_g1, p->beta_tau_g1, false, p->power, false)))
        goto out;
    if (!ok) bad = "section 15 (lagrange betaTauG1) is not the inverse FFT of betaTauG1";
out:
    zkp_free(r);
    if (e) return e;
    if (bad) return zkp_fail(ZKP_ERR_VERIFY_FAIL, "ptau check: %s", bad);
    return ZKP_OK;
}
