/* zkpot L4 groth16: the powers-of-tau side of io's .ptau (zkpot/io.h):
 * ptau_new, a single-party file for tests and benchmarks with snarkjs's
 * contribution record, and ptau_check, the sections checked against each
 * other. Here rather than in io because they need the setup's constant-time
 * fixed-base comb, the MSM and the NTT. */
#include <string.h>

#include "groth16/blake2b.h"
#include "groth16/g16_internal.h"
#include "io/ptau_internal.h"
#include "zkpot/msm.h"
#include "zkpot/ntt.h"
#include "zkpot/pairing.h"

/* ---- the contribution record (snarkjs's transcript) ----
 * snarkjs's `powersoftau verify` (powersoftau_verify.js) checks the last
 * contribution against the previous challenge (for the first one, the hash of
 * a file of generators: calculateFirstChallengeHash in powersoftau_utils.js):
 * a key per secret x in {tau, alpha, beta}: g1_s (any point), g1_sx = x g1_s,
 * g2_spx = x g2_sp with g2_sp = hashToG2(BLAKE2b(personalization || challenge
 * || g1_s || g1_sx)) (keypair.js), sameRatio checks tying the key to the
 * sections' first points, and the next challenge = BLAKE2b(response hash ||
 * sections 2..6 uncompressed). We write the record snarkjs's contribute would
 * (powersoftau_contribute.js): response hash = BLAKE2b(challenge || sections
 * 2..6 compressed || key uncompressed), its state before the key kept as
 * "partialHash" in @noble/hashes's layout (misc.js toPartialHash). Encodings
 * are ffjavascript's: uncompressed = big-endian x || y (G2: c1 before c0),
 * compressed = big-endian x with 0x80 when y is "negative" (> (q-1)/2; for Fq2
 * c1 decides unless zero). */

/* ffjavascript's "negative": y > (q-1)/2, y given big-endian standard form. */
static bool be_negative(const uint8_t y[32]) {
    static uint8_t half[32];
    static bool init;
    if (!init) { /* (q-1)/2 big-endian (q is odd) */
        for (int i = 0; i < 32; i++)
            half[31 - i] = (uint8_t)(fq_modulus[i / 8] >> (8 * (i % 8)));
        for (int i = 0, carry = 0; i < 32; i++) {
            int b = half[i];
            half[i] = (uint8_t)((b >> 1) | (carry << 7));
            carry = b & 1;
        }
        init = true;
    }
    return memcmp(y, half, 32) > 0;
}

/* Hashes n points in ffjavascript's uncompressed (U) or compressed (C) form. */
static void hash_points(b2b_t *c, const void *pts, bool g2, size_t n, bool compressed) {
    uint8_t u[G2_BYTES];
    for (size_t i = 0; i < n; i++) {
        if (g2)
            g2_to_bytes(u, (const g2_affine_t *)pts + i);
        else
            g1_to_bytes(u, (const g1_affine_t *)pts + i);
        size_t half = g2 ? 64 : 32;
        if (!compressed) {
            b2b_update(c, u, 2 * half);
            continue;
        }
        bool inf =
            g2 ? ((const g2_affine_t *)pts)[i].infinity : ((const g1_affine_t *)pts)[i].infinity;
        bool neg = false;
        if (!inf) {
            static const uint8_t zero[32];
            const uint8_t *y = u + half; /* G2: y.c1 then y.c0 */
            neg = g2 && !memcmp(y, zero, 32) ? be_negative(y + 32) : be_negative(y);
        }
        u[0] |= inf ? 0x40 : neg ? 0x80 : 0;
        b2b_update(c, u, half);
    }
}

/* ffjavascript's ChaCha20 stream (chacha.js): key = the 8 seed words, zero nonce, 64-bit counter.
 */
typedef struct {
    uint32_t st[16], out[16];
    int idx;
} chacha_t;

static uint32_t rotl32(uint32_t x, unsigned n) { return x << n | x >> (32 - n); }

static void chacha_init(chacha_t *c, const uint32_t seed[8]) {
    static const uint32_t k[4] = {0x61707865, 0x3320646E, 0x79622D32, 0x6B206574};
    memcpy(c->st, k, sizeof k);
    memcpy(c->st + 4, seed, 8 * sizeof *seed);
    memset(c->st + 12, 0, 4 * sizeof *c->st);
    c->idx = 16;
}

static uint32_t chacha_u32(chacha_t *c) {
    if (c->idx == 16) {
        uint32_t *x = c->out;
        memcpy(x, c->st, sizeof c->st);
#define QR(a, b, c_, d)                                                                            \
    (x[a] += x[b], x[d] = rotl32(x[d] ^ x[a], 16), x[c_] += x[d], x[b] = rotl32(x[b] ^ x[c_], 12), \
     x[a] += x[b], x[d] = rotl32(x[d] ^ x[a], 8), x[c_] += x[d], x[b] = rotl32(x[b] ^ x[c_], 7))
        for (int i = 0; i < 10; i++) {
            QR(0, 4, 8, 12), QR(1, 5, 9, 13), QR(2, 6, 10, 14), QR(3, 7, 11, 15);
            QR(0, 5, 10, 15), QR(1, 6, 11, 12), QR(2, 7, 8, 13), QR(3, 4, 9, 14);
        }
#undef QR
        for (int i = 0; i < 16; i++)
            x[i] += c->st[i];
        for (int i = 12; i < 16 && ++c->st[i] == 0; i++) {
        }
        c->idx = 0;
    }
    return c->out[c->idx++];
}

/* ffjavascript F.fromRng for Fq: 4 u64 (high word drawn first), low limb first,
 * masked to 254 bits, redrawn while >= q; the bytes are taken as the element's
 * Montgomery form (wasm fields work in Montgomery form). */
static void fq_from_chacha(fq_t *r, chacha_t *c) {
    for (;;) {
        uint8_t b[32];
        for (int i = 0; i < 4; i++) {
            uint64_t hi = chacha_u32(c), lo = chacha_u32(c), w = hi << 32 | lo;
            if (i == 3) w &= (1ULL << 62) - 1;
            for (int j = 0; j < 8; j++)
                b[8 * i + j] = (uint8_t)(w >> (8 * j));
        }
        if (fq_from_mont_bytes_le(r, b) == ZKP_OK) return;
    }
}

static bool fq_negative(const fq_t *a) {
    uint8_t le[32], be[32];
    fq_to_bytes_le(le, a);
    for (int i = 0; i < 32; i++)
        be[i] = le[31 - i];
    return be_negative(be);
}

/* keypair.js hashToG2: ChaCha seeded with the hash's first 8 big-endian words,
 * then ffjavascript G2.fromRng: x random in Fq2, a random "greatest" bit, until
 * x^3 + b is a square; y its root with the sign the bit asks for; times the
 * cofactor of the twist. */
void g16_hash_to_g2(g2_affine_t *r, const uint8_t hash[64]) {
    uint32_t seed[8];
    for (int i = 0; i < 8; i++)
        seed[i] = (uint32_t)hash[4 * i] << 24 | (uint32_t)hash[4 * i + 1] << 16 |
                  (uint32_t)hash[4 * i + 2] << 8 | hash[4 * i + 3];
    chacha_t c;
    chacha_init(&c, seed);
    g2_t g;
    g2_affine_t ga;
    g2_generator(&g);
    g2_to_affine(&ga, &g);
    fq2_t b, t, x, y;
    fq2_sqr(&b, &ga.y);
    fq2_sqr(&t, &ga.x);
    fq2_mul(&t, &t, &ga.x);
    fq2_sub(&b, &b, &t); /* the twist's b = y^2 - x^3 at the generator */
    bool greatest;
    for (;;) {
        fq_from_chacha(&x.c0, &c);
        fq_from_chacha(&x.c1, &c);
        greatest = chacha_u32(&c) & 1;
        fq2_sqr(&t, &x);
        fq2_mul(&t, &t, &x);
        fq2_add(&t, &t, &b);
        if (fq2_sqrt(&y, &t)) break;
    }
    bool neg = fq_is_zero(&y.c1) ? fq_negative(&y.c0) : fq_negative(&y.c1);
    if (greatest != neg) fq2_neg(&y, &y);
    static const uint64_t cofactor[4] = {0x345f2299c0f9fa8dULL, 0x06ceecda572a2489ULL,
                                         0xb85045b68181585eULL, 0x30644e72e131a029ULL};
    g2_affine_t p = {.x = x, .y = y, .infinity = false};
    g2_from_affine(&g, &p);
    g2_mul_limbs_var(&g, &g, cofactor, 4);
    g2_to_affine(r, &g);
}

/* BLAKE2b of the first challenge (snarkjs calculateFirstChallengeHash): the
 * hash of the empty string, then the sections of a fresh file (all generators). */
static void first_challenge(uint8_t out[64], unsigned power) {
    b2b_t c, e;
    uint8_t h0[64];
    b2b_init(&e);
    b2b_final(&e, h0);
    b2b_init(&c);
    b2b_update(&c, h0, 64);
    g1_t g1;
    g2_t g2;
    g1_affine_t a1;
    g2_affine_t a2;
    g1_generator(&g1), g2_generator(&g2);
    g1_to_affine(&a1, &g1), g2_to_affine(&a2, &g2);
    uint8_t u1[G1_BYTES], u2[G2_BYTES];
    g1_to_bytes(u1, &a1), g2_to_bytes(u2, &a2);
    uint64_t N = (uint64_t)1 << power;
    for (uint64_t i = 0; i < 2 * N - 1; i++)
        b2b_update(&c, u1, sizeof u1);
    for (uint64_t i = 0; i < N; i++)
        b2b_update(&c, u2, sizeof u2);
    for (uint64_t i = 0; i < 2 * N; i++)
        b2b_update(&c, u1, sizeof u1);
    b2b_update(&c, u2, sizeof u2);
    b2b_final(&c, out);
}

/* The single contribution record of p (sections 2..6 computed) for the secrets
 * x[0..2] = tau, alpha, beta: the key, the hashes, type 0, no parameters. */
static zkp_err make_contribution(ptau_t *p, const fr_t x[3]) {
    size_t N = (size_t)1 << p->power;
    uint8_t challenge[64], hash[64], resp[64], next[64], partial[216];
    first_challenge(challenge, p->ceremony_power);
    /* key: g1_s = s G1 for a fresh s, g1_sx = x g1_s = (s x) G1, g2_spx = x g2_sp */
    fr_t sc[6];
    g1_affine_t k1[6];
    g2_affine_t k2[3];
    zkp_err e = ZKP_OK;
    for (int i = 0; i < 3 && !e; i++) {
        e = g16_random_nonzero(&sc[2 * i]);
        fr_mul(&sc[2 * i + 1], &sc[2 * i], &x[i]);
    }
    if (!e) e = g16_fixed_g1(k1, sc, 6);
    zkp_memzero(sc, sizeof sc);
    if (e) return e;
    for (int i = 0; i < 3; i++) {
        b2b_t c;
        uint8_t pb = (uint8_t)i, u[G1_BYTES];
        b2b_init(&c);
        b2b_update(&c, &pb, 1);
        b2b_update(&c, challenge, 64);
        g1_to_bytes(u, &k1[2 * i]);
        b2b_update(&c, u, sizeof u);
        g1_to_bytes(u, &k1[2 * i + 1]);
        b2b_update(&c, u, sizeof u);
        b2b_final(&c, hash);
        g2_affine_t sp;
        g2_t t;
        g16_hash_to_g2(&sp, hash);
        g2_from_affine(&t, &sp);
        g2_mul(&t, &t, &x[i]);
        g2_to_affine(&k2[i], &t);
        zkp_memzero(&t, sizeof t);
    }
    /* response hash: challenge, the sections compressed, (partial here), the key */
    b2b_t rh;
    b2b_init(&rh);
    b2b_update(&rh, challenge, 64);
    hash_points(&rh, p->tau_g1, false, 2 * N - 1, true);
    hash_points(&rh, p->tau_g2, true, N, true);
    hash_points(&rh, p->alpha_tau_g1, false, N, true);
    hash_points(&rh, p->beta_tau_g1, false, N, true);
    hash_points(&rh, &p->beta_g2, true, 1, true);
    b2b_partial(partial, &rh);
    hash_points(&rh, k1, false, 6, false);
    hash_points(&rh, k2, true, 3, false);
    b2b_final(&rh, resp);
    /* next challenge: response hash, the sections uncompressed */
    b2b_t nh;
    b2b_init(&nh);
    b2b_update(&nh, resp, 64);
    hash_points(&nh, p->tau_g1, false, 2 * N - 1, false);
    hash_points(&nh, p->tau_g2, true, N, false);
    hash_points(&nh, p->alpha_tau_g1, false, N, false);
    hash_points(&nh, p->beta_tau_g1, false, N, false);
    hash_points(&nh, &p->beta_g2, true, 1, false);
    b2b_final(&nh, next);
    /* the record: tauG1 tauG2 alphaG1 betaG1 betaG2, key, partialHash,
     * nextChallenge, type 0, no parameters (LEM points as in the sections) */
    size_t sz = PTAU_CONTRIB_FIXED;
    uint8_t *r = zkp_malloc(sz), *q = r;
    if (!r) return zkp_fail(ZKP_ERR_NOMEM, "ptau new: contribution");
    g1_to_zkey(q, &p->tau_g1[1]), q += G1_BYTES;
    g2_to_zkey(q, &p->tau_g2[1]), q += G2_BYTES;
    g1_to_zkey(q, &p->alpha_tau_g1[0]), q += G1_BYTES;
    g1_to_zkey(q, &p->beta_tau_g1[0]), q += G1_BYTES;
    g2_to_zkey(q, &p->beta_g2), q += G2_BYTES;
    for (int i = 0; i < 6; i++)
        g1_to_zkey(q, &k1[i]), q += G1_BYTES;
    for (int i = 0; i < 3; i++)
        g2_to_zkey(q, &k2[i]), q += G2_BYTES;
    memcpy(q, partial, 216), q += 216;
    memcpy(q, next, 64), q += 64;
    memset(q, 0, 8); /* type 0 (a contribution, not a beacon), 0 parameter bytes */
    p->n_contributions = 1;
    p->contributions = r;
    p->contributions_size = sz;
    return ZKP_OK;
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
                zkp_memzero(&xe, sizeof xe);
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
    zkp_err e = ptau_alloc_(p);
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
    progress_step(progress, ctx, "ptau: contribution", 4, 9);
    {
        fr_t x[3] = {tau, alpha, beta};
        e = make_contribution(p, x);
        zkp_memzero(x, sizeof x);
        if (e) goto out;
    }

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
    zkp_err e = ptau_complete_(p);
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
