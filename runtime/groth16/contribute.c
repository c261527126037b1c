/* zkpot L4 groth16: a phase-2 contribution to a Groth16 proving key, as
 * `snarkjs zkey contribute` makes it (learned from snarkjs 0.7.6
 * src/zkey_contribute.js and zkey_utils.js; our own code): a secret d scales
 * delta (delta1, delta2 times d) and the C and H points (times 1/d), and a record
 * appended to section 10 proves knowledge of d and chains the transcript:
 *   transcript = BLAKE2b(csHash || pubkey(c_1) || ... || pubkey(c_n) || U(g1_s) || U(g1_sx))
 *   g1_s random, g1_sx = d g1_s, g2_spx = d hashToG2(transcript),
 *   pubkey(c) = U(deltaAfter) || U(g1_s) || U(g1_sx) || U(g2_spx) || transcript
 * (U = uncompressed, big-endian; the record stores the points in the zkey's
 * Montgomery layout). Record: deltaAfter, g1_s, g1_sx (G1), g2_spx (G2), transcript
 * (64), type u32 = 0, parameter length u32, parameters (1, length, name).
 * `snarkjs zkey verify` checks the chain and that C and H moved with delta. */
#include <string.h>

#include "groth16/blake2b.h"
#include "groth16/g16_internal.h"
#include "zkpot/groth16.h"

static void hash_u_g1(b2b_t *h, const g1_affine_t *p) {
    uint8_t b[G1_BYTES];
    g1_to_bytes(b, p);
    b2b_update(h, b, sizeof b);
}
static void hash_u_g2(b2b_t *h, const g2_affine_t *p) {
    uint8_t b[G2_BYTES];
    g2_to_bytes(b, p);
    b2b_update(h, b, sizeof b);
}

/* Hashes the public key of the record at rec (validated points). */
static zkp_err hash_record(b2b_t *h, const uint8_t *rec, uint32_t k) {
    g1_affine_t p1;
    g2_affine_t p2;
    for (int i = 0; i < 3; i++) {
        if (g1_from_zkey(&p1, rec + i * G1_BYTES))
            return zkp_fail(ZKP_ERR_FORMAT, "zkey section 10: contribution %u: G1 point %d: %s", k,
                            i, zkp_last_error());
        hash_u_g1(h, &p1);
    }
    if (g2_from_zkey(&p2, rec + 3 * G1_BYTES))
        return zkp_fail(ZKP_ERR_FORMAT, "zkey section 10: contribution %u: g2_spx: %s", k,
                        zkp_last_error());
    hash_u_g2(h, &p2);
    b2b_update(h, rec + 3 * G1_BYTES + G2_BYTES, 64);
    return ZKP_OK;
}

#define REC_FIXED (3 * G1_BYTES + G2_BYTES + 64 + 8)

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

zkp_err groth16_contribute(groth16_pk_t *pk, const char *name, uint8_t hash_out[64]) {
    const uint8_t *sec = pk->contributions;
    uint64_t len = pk->contributions_size;
    if (!pk->c || !pk->h)
        return zkp_fail(ZKP_ERR_INVALID_ARG, "zkey contribute: the key's points were not read");
    if (!sec || len < 68)
        return zkp_fail(ZKP_ERR_FORMAT,
                        "zkey section 10: %llu bytes, no circuit hash (a key "
                        "from `zkpot setup` without a ptau cannot be contributed to)",
                        (unsigned long long)len);
    size_t nlen = name ? strlen(name) : 0;
    if (nlen > 64) return zkp_fail(ZKP_ERR_INVALID_ARG, "zkey contribute: name over 64 bytes");
    /* transcript so far: csHash, then every earlier contribution's public key */
    b2b_t h;
    b2b_init(&h);
    b2b_update(&h, sec, 64);
    uint32_t n = le32(sec + 64);
    uint64_t pos = 68;
    zkp_err e;
    for (uint32_t k = 0; k < n; k++) {
        if (len - pos < REC_FIXED)
            return zkp_fail(ZKP_ERR_FORMAT,
                            "zkey section 10 at byte %llu: contribution %u truncated",
                            (unsigned long long)pos, k);
        uint32_t plen = le32(sec + pos + REC_FIXED - 4);
        if (len - pos - REC_FIXED < plen)
            return zkp_fail(ZKP_ERR_FORMAT,
                            "zkey section 10 at byte %llu: contribution %u: parameters run past "
                            "the section",
                            (unsigned long long)(pos + REC_FIXED - 4), k);
        if ((e = hash_record(&h, sec + pos, k))) return e;
        pos += REC_FIXED + plen;
    }
    if (pos != len)
        return zkp_fail(ZKP_ERR_FORMAT, "zkey section 10: %llu bytes after the last contribution",
                        (unsigned long long)(len - pos));
    /* the secret d and the proof of knowledge */
    fr_t d, s, dinv;
    if ((e = g16_random_nonzero(&d)) || (e = g16_random_nonzero(&s))) return e;
    fr_inv(&dinv, &d);
    g1_t j, g;
    g2_t j2;
    g1_affine_t g1_s, g1_sx;
    g2_affine_t g2_sp, g2_spx;
    g1_generator(&g);
    g1_mul(&j, &g, &s);
    g1_to_affine(&g1_s, &j);
    g1_from_affine(&j, &g1_s);
    g1_mul(&j, &j, &d);
    g1_to_affine(&g1_sx, &j);
    hash_u_g1(&h, &g1_s);
    hash_u_g1(&h, &g1_sx);
    uint8_t transcript[64];
    b2b_final(&h, transcript);
    g16_hash_to_g2(&g2_sp, transcript);
    g2_from_affine(&j2, &g2_sp);
    g2_mul(&j2, &j2, &d);
    g2_to_affine(&g2_spx, &j2);
    /* new delta; C and H times 1/d (secret scalar: constant-time g1_mul) */
    g1_from_affine(&j, &pk->delta1);
    g1_mul(&j, &j, &d);
    g1_to_affine(&pk->delta1, &j);
    g2_from_affine(&j2, &pk->delta2);
    g2_mul(&j2, &j2, &d);
    g2_to_affine(&pk->delta2, &j2);
    size_t nc = pk->n_vars - pk->n_public - 1, nh = pk->domain_size;
    int nt = zkp_threads();
#pragma omp parallel for schedule(static) num_threads(nt) if (nc + nh >= 256)
    for (size_t i = 0; i < nc + nh; i++) {
        g1_affine_t *p = i < nc ? &pk->c[i] : &pk->h[i - nc];
        if (p->infinity) continue;
        g1_t t;
        g1_from_affine(&t, p);
        g1_mul(&t, &t, &dinv);
        g1_to_affine(p, &t);
    }
    zkp_memzero(&d, sizeof d), zkp_memzero(&s, sizeof s), zkp_memzero(&dinv, sizeof dinv);
    zkp_memzero(&j, sizeof j), zkp_memzero(&j2, sizeof j2);
    /* the record */
    uint32_t plen = nlen ? (uint32_t)(2 + nlen) : 0;
    uint64_t nsz = len + REC_FIXED + plen;
    uint8_t *ns = zkp_malloc(nsz);
    if (!ns) return zkp_fail(ZKP_ERR_NOMEM, "zkey contribute: out of memory");
    memcpy(ns, sec, len);
    uint8_t *r = ns + len;
    g1_to_zkey(r, &pk->delta1);
    g1_to_zkey(r + G1_BYTES, &g1_s);
    g1_to_zkey(r + 2 * G1_BYTES, &g1_sx);
    g2_to_zkey(r + 3 * G1_BYTES, &g2_spx);
    memcpy(r + 3 * G1_BYTES + G2_BYTES, transcript, 64);
    memset(r + REC_FIXED - 8, 0, 4); /* type 0 */
    for (int i = 0; i < 4; i++)
        r[REC_FIXED - 4 + i] = (uint8_t)(plen >> (8 * i));
    if (nlen) {
        r[REC_FIXED] = 1, r[REC_FIXED + 1] = (uint8_t)nlen;
        memcpy(r + REC_FIXED + 2, name, nlen);
    }
    n++;
    for (int i = 0; i < 4; i++)
        ns[64 + i] = (uint8_t)(n >> (8 * i));
    zkp_free(pk->contributions);
    pk->contributions = ns, pk->contributions_size = nsz;
    if (hash_out) { /* the contribution hash snarkjs prints: BLAKE2b(pubkey) */
        b2b_t hc;
        b2b_init(&hc);
        if ((e = hash_record(&hc, r, n - 1))) return e;
        b2b_final(&hc, hash_out);
    }
    return ZKP_OK;
}
