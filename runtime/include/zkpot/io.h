/* zkpot L4 io: the circom/snarkjs file formats, read and written byte for byte
 * as snarkjs 0.7.x does: .r1cs (iden3 binary), .wtns (version 2), .zkey
 * (Groth16), and the JSON files verification_key.json, proof.json, public.json.
 * docs/formats.md describes each layout. Readers treat every byte as untrusted:
 * a malformed file gives an error whose zkp_last_error() names the file, the
 * section and the byte offset; nothing crashes. BN254 (alt_bn128) only. */
#ifndef ZKPOT_IO_H
#define ZKPOT_IO_H

#include "zkpot/curve.h"
#include "zkpot/field.h"
#include "zkpot/tower.h"

/* A section this library does not interpret (r1cs custom gates 4/5, …),
 * kept verbatim so that a read → write round trip is byte-identical. */
typedef struct {
    uint32_t id;
    uint64_t size;
    uint8_t *data; /* owned */
} io_section_t;

/* Most sections any of our binary files may have; more is a format error. */
#define IO_MAX_SECTIONS 64

/* ---------------------------------------------------------------- .r1cs ---- */

/* One term coef * w[wire] of a linear combination. */
typedef struct {
    uint32_t wire;
    fr_t coef;
} r1cs_term_t;

/* A rank-1 constraint system: for every constraint c,
 *   <A_c, w> * <B_c, w> = <C_c, w>
 * Wire 0 is the constant 1, then n_pub_out public outputs, n_pub_in public
 * inputs, n_prv_in private inputs, then internal wires (circom's order;
 * with --O2 circom may substitute private inputs away and still count them,
 * so only 1 + n_pub_out + n_pub_in <= n_wires is guaranteed).
 * Linear combination k = 3*c + m (m = 0 for A, 1 for B, 2 for C) is
 * terms[lc_start[k] .. lc_start[k+1]). */
typedef struct {
    uint32_t n_wires; /* "nVars" in snarkjs */
    uint32_t n_pub_out;
    uint32_t n_pub_in;
    uint32_t n_prv_in;
    uint64_t n_labels;
    uint32_t n_constraints;
    r1cs_term_t *terms;      /* owned */
    uint64_t *lc_start;      /* owned, 3*n_constraints + 1 entries */
    uint64_t *wire_to_label; /* owned, n_wires entries; NULL when the file has no map */
    io_section_t *extra;     /* owned; unknown sections kept verbatim */
    size_t n_extra;
    /* Section ids in file order (circom writes 2,1,3; snarkjs 1,2,3). The
     * writer follows it; n_order = 0 means 1, 2, 3, then the extras. */
    uint32_t order[IO_MAX_SECTIONS];
    size_t n_order;
} r1cs_t;

/* Reads path (memory-mapped). On success *out is a new r1cs_t (r1cs_free).
 * Checks: magic "r1cs", version 1, unique header/constraint/map sections,
 * field n8 = 32 and prime = BN254's r, wire indices < n_wires, coefficients
 * canonical, every section consumed exactly. */
zkp_err r1cs_read(r1cs_t **out, const char *path) ZKP_WUR;
/* The same from memory; name is used in error messages. buf is not retained. */
zkp_err r1cs_read_mem(r1cs_t **out, const uint8_t *buf, size_t len, const char *name) ZKP_WUR;
/* Writes r to path / to a new malloc'd buffer (*buf, *len; free with zkp_free). */
zkp_err r1cs_write(const r1cs_t *r, const char *path) ZKP_WUR;
zkp_err r1cs_write_mem(uint8_t **buf, size_t *len, const r1cs_t *r) ZKP_WUR;
void r1cs_free(r1cs_t *r); /* NULL is a no-op */
/* Terms of constraint c, matrix m (0 = A, 1 = B, 2 = C); *n gets their count. */
const r1cs_term_t *r1cs_lc(const r1cs_t *r, uint32_t c, unsigned m, size_t *n);
/* True if the file carried circom custom-gate sections (4 and 5): such a
 * system is for PLONK-style provers and Groth16 setup must refuse it. */
bool r1cs_has_custom_gates(const r1cs_t *r);

/* ---------------------------------------------------------------- .wtns ---- */

/* A witness: values[0..n) with values[0] = 1 for circom circuits. Secret:
 * wtns_free wipes it. */
typedef struct {
    uint32_t n;
    fr_t *values; /* owned */
} wtns_t;

/* Reads a version-2 .wtns (magic "wtns", sections 1 header: n8 = 32, prime =
 * r, count; 2 values, canonical little-endian). Values must be < r. */
zkp_err wtns_read(wtns_t **out, const char *path) ZKP_WUR;
zkp_err wtns_read_mem(wtns_t **out, const uint8_t *buf, size_t len, const char *name) ZKP_WUR;
zkp_err wtns_write(const fr_t *values, size_t n, const char *path) ZKP_WUR;
zkp_err wtns_write_mem(uint8_t **buf, size_t *len, const fr_t *values, size_t n) ZKP_WUR;
void wtns_free(wtns_t *w); /* wipes the values; NULL is a no-op */

/* A .wtns memory-mapped, its values left where they lie: le = n values of 32
 * canonical little-endian bytes (any alignment). Same checks as wtns_read
 * (every value < r). wtns_unmap unmaps (the file's pages are not wiped). */
typedef struct {
    uint32_t n;
    const uint8_t *le;
    uint8_t *map_;
    size_t map_len_;
} wtns_map_t;
zkp_err wtns_map(wtns_map_t *out, const char *path) ZKP_WUR;
/* The same over a buffer (borrowed; name for messages). */
zkp_err wtns_view_mem(wtns_map_t *out, const uint8_t *buf, size_t len, const char *name) ZKP_WUR;
void wtns_unmap(wtns_map_t *w); /* zeroed w is a no-op */

/* ---------------------------------------------------------------- .zkey ---- */

/* One entry of snarkjs's coefficient section: value * w[signal] contributes
 * to row `constraint` of matrix A (matrix 0) or B (matrix 1). The file stores
 * value*2^512 mod r (Montgomery of Montgomery); here value is the plain element. */
typedef struct {
    uint32_t matrix;
    uint32_t constraint;
    uint32_t signal;
    fr_t value;
} zkey_coef_t;

/* A Groth16 proving key as snarkjs lays it out (zkey_utils.js). Points at
 * infinity are stored (and allowed) where the circuit leaves a wire unused. */
typedef struct {
    uint32_t n_vars;      /* wires, including the one */
    uint32_t n_public;    /* public outputs + public inputs, not the one */
    uint32_t domain_size; /* power of two >= constraints + n_public + 1 */
    g1_affine_t alpha1, beta1, delta1;
    g2_affine_t beta2, gamma2, delta2;
    g1_affine_t *ic; /* n_public + 1 */
    uint32_t n_coefs;
    zkey_coef_t *coefs; /* n_coefs */
    g1_affine_t *a;     /* n_vars */
    g1_affine_t *b1;    /* n_vars */
    g2_affine_t *b2;    /* n_vars */
    g1_affine_t *c;     /* n_vars - n_public - 1: c[i] belongs to wire n_public + 1 + i */
    g1_affine_t *h;     /* domain_size */
    /* Section 10 (MPC contributions: 64-byte circuit hash, u32 count, ...),
     * kept verbatim; NULL makes the writer emit a zero hash and no contributions. */
    uint8_t *contributions;
    uint64_t contributions_size;
    /* Section ids in file order; n_order = 0 means snarkjs's order
     * 1, 2, 4, 3, 9, 8, 5, 6, 7, 10. */
    uint32_t order[IO_MAX_SECTIONS];
    size_t n_order;
    /* ZKEY_READ_RAW only (else NULL): the big sections in the file's own
     * layout, where they lie in the buffer (any alignment): raw_coefs the
     * n_coefs entries of section 4 (after its count: matrix, constraint,
     * signal as u32, value*2^512 mod r as 32 LE bytes), raw_a .. raw_h the
     * points of sections 5-9 (msm_g1_zkey / msm_g2_zkey layout). */
    const uint8_t *raw_coefs, *raw_a, *raw_b1, *raw_b2, *raw_c, *raw_h;
    void *map_; /* zkey_read with ZKEY_READ_RAW: the file mapping, unmapped by zkey_free */
    size_t map_len_;
} zkey_t;

/* Flags of zkey_read. */
enum {
    ZKEY_READ_ALL = 0,
    /* Sections 1-3 only (header, verification key, IC); the big sections'
     * sizes are still checked against the header, their contents are not
     * read (a, b1, b2, c, h, coefs stay NULL). For export-vk and info. */
    ZKEY_READ_HEADER = 1,
    /* Skip the G2 subgroup check of the B2 points (still canonical and on the
     * twist). For a prover loading its own key: a bad B2 point can only make
     * its proofs fail to verify. The header and IC are always fully checked. */
    ZKEY_READ_TRUSTED = 2,
    /* For the prover (zero copy): header, verification key and IC read and
     * fully checked as always; every section size checked against the header;
     * the coefficients' matrix/constraint/signal indices checked; the point
     * sections and coefficient values NOT decoded or validated: they stay in
     * the file (raw_* pointers; a, b1, b2, c, h, coefs stay NULL). zkey_read
     * keeps the file mapped until zkey_free; zkey_read_mem borrows buf, which
     * must outlive the key. Groth16 proving verifies its own proof, so a bad
     * point or value can make proving fail but cannot yield an accepted
     * wrong proof (docs/security.md). Such a key cannot be written. */
    ZKEY_READ_RAW = 4,
};

/* Reads a Groth16 .zkey (memory-mapped). Checks: magic "zkey", version 1,
 * protocol 1 (Groth16), sections 1-9 present once each (10 optional, no
 * others), n8q/q and n8r/r of BN254, every section size against the header,
 * coefficient indices in range, every field element canonical and every point
 * on its curve and in its subgroup (all-zero bytes = infinity). */
zkp_err zkey_read(zkey_t **out, const char *path, unsigned flags) ZKP_WUR;
zkp_err zkey_read_mem(zkey_t **out, const uint8_t *buf, size_t len, const char *name,
                      unsigned flags) ZKP_WUR;
/* For a key mapped by zkey_read(ZKEY_READ_RAW): bytes [p, p + len) of the
 * mapping (e.g. a raw section) are no longer needed; their whole pages leave
 * the process's resident set (advice only: they are read from the file again
 * if touched). A no-op for any other key or range. Keeps the prover's peak
 * memory to the sections in use. */
void zkey_release_raw(const zkey_t *k, const uint8_t *p, size_t len);
/* The opposite, before use: maps the pages of [p, p + len) in one call
 * (MADV_POPULATE_READ) rather than one page fault each. Advice; same no-op cases. */
void zkey_need_raw(const zkey_t *k, const uint8_t *p, size_t len);
/* Allocates a zero key with arrays for these sizes (points at infinity,
 * contributions NULL). ZKP_ERR_RANGE if n_public + 1 > n_vars or
 * domain_size is not a power of two <= 2^28. */
zkp_err zkey_new(zkey_t **out, uint32_t n_vars, uint32_t n_public, uint32_t domain_size,
                 uint32_t n_coefs) ZKP_WUR;
/* Writes k (which must be complete: all arrays set). */
zkp_err zkey_write(const zkey_t *k, const char *path) ZKP_WUR;
zkp_err zkey_write_mem(uint8_t **buf, size_t *len, const zkey_t *k) ZKP_WUR;
void zkey_free(zkey_t *k); /* NULL is a no-op */

/* ----------------------------------------------- snarkjs JSON (Groth16) ---- */
/* verification_key.json, proof.json and public.json with snarkjs's keys, key
 * order and layout (bfj, one-space indent, no final newline), so that files we
 * write are byte-identical to snarkjs's for the same values. Readers check
 * every value: decimal strings canonical (< p or < r), points on their curves
 * and in their subgroups, protocol "groth16" and curve "bn128"; an error names
 * the file and the key (e.g. "vk.json: key vk_beta_2[1][0]: ..."), and a
 * syntax error its line, column and byte. *_parse take text in memory (name
 * for messages); *_to_json return a malloc'd NUL-terminated string
 * (zkp_free). */

/* The Groth16 verification key. */
typedef struct {
    uint32_t n_public;
    g1_affine_t alpha1;
    g2_affine_t beta2, gamma2, delta2;
    fq12_t alphabeta; /* vk_alphabeta_12 = e(alpha1, beta2), as snarkjs exports it */
    g1_affine_t *ic;  /* n_public + 1, owned */
} io_vk_t;

/* The reader requires vk_alphabeta_12 to equal e(alpha1, beta2) when present
 * (and computes it when absent). */
zkp_err io_vk_read(io_vk_t **out, const char *path) ZKP_WUR;
zkp_err io_vk_parse(io_vk_t **out, const char *text, size_t len, const char *name) ZKP_WUR;
/* The verification key of a proving key (one pairing for alphabeta). */
zkp_err io_vk_from_zkey(io_vk_t **out, const zkey_t *k) ZKP_WUR;
zkp_err io_vk_to_json(char **text, const io_vk_t *vk) ZKP_WUR;
zkp_err io_vk_write(const io_vk_t *vk, const char *path) ZKP_WUR;
void io_vk_free(io_vk_t *vk); /* NULL is a no-op */

/* A Groth16 proof (pi_a, pi_b, pi_c). */
typedef struct {
    g1_affine_t a;
    g2_affine_t b;
    g1_affine_t c;
} io_proof_t;

zkp_err io_proof_read(io_proof_t *out, const char *path) ZKP_WUR;
zkp_err io_proof_parse(io_proof_t *out, const char *text, size_t len, const char *name) ZKP_WUR;
zkp_err io_proof_to_json(char **text, const io_proof_t *p) ZKP_WUR;
zkp_err io_proof_write(const io_proof_t *p, const char *path) ZKP_WUR;

/* public.json: the public signals (outputs then public inputs) as an array of
 * decimal strings. *vals is malloc'd (zkp_free); n may be 0. */
zkp_err io_public_read(fr_t **vals, size_t *n, const char *path) ZKP_WUR;
zkp_err io_public_parse(fr_t **vals, size_t *n, const char *text, size_t len,
                        const char *name) ZKP_WUR;
zkp_err io_public_to_json(char **text, const fr_t *vals, size_t n) ZKP_WUR;
zkp_err io_public_write(const fr_t *vals, size_t n, const char *path) ZKP_WUR;

/* ---------------------------------------------------------------- .ptau ---- */
/* A powers-of-tau file of snarkjs 0.7.x (phase 1 of the Groth16 ceremony;
 * layout learned from snarkjs powersoftau_utils.js, powersoftau_preparephase2.js
 * and zkey_new.js; docs/cli.md, `zkpot ptau`). N = 2^power. Sections:
 *   1 header: n8 = 32, q, power, ceremony power
 *   2 tau^i G1, i < 2N - 1      3 tau^i G2, i < N
 *   4 alpha tau^i G1, i < N     5 beta tau^i G1, i < N     6 beta G2
 *   7 contributions (u32 count, then snarkjs's contribution records)
 *  12..15 ("prepared for phase 2") the same four series in the Lagrange basis of
 *   every domain of size 2^p, one block after the other for p = 0..power (and
 *   p = power + 1 in section 12): block p is the inverse FFT of the first 2^p
 *   points of section 2..5, i.e. L_j(tau) G for L_j the Lagrange polynomials of
 *   the domain <w_p>; section 12's last block transforms tau^0..tau^(2N-2) and a
 *   zero point (section 2 has no tau^(2N-1)). Block p starts at point 2^p - 1.
 * Points are affine, Montgomery little-endian coordinates as in a .zkey. */
typedef struct {
    uint32_t power;          /* 1..PTAU_MAX_POWER */
    uint32_t ceremony_power; /* snarkjs: the power of the ceremony it was cut from */
    g1_affine_t *tau_g1;     /* 2N - 1 */
    g2_affine_t *tau_g2;     /* N */
    g1_affine_t *alpha_tau_g1, *beta_tau_g1; /* N each */
    g2_affine_t beta_g2;
    /* Section 7 after its count, verbatim (NULL when there is none). */
    uint32_t n_contributions;
    uint8_t *contributions;
    uint64_t contributions_size;
    bool prepared;               /* sections 12..15 present */
    g1_affine_t *lag_tau_g1;     /* 4N - 1 (blocks p = 0..power+1) */
    g2_affine_t *lag_tau_g2;     /* 2N - 1 (blocks p = 0..power) */
    g1_affine_t *lag_alpha_tau_g1, *lag_beta_tau_g1; /* 2N - 1 each */
} ptau_t;

/* Largest power: the last Lagrange block needs a 2^(power+1)-th root of unity. */
#define PTAU_MAX_POWER 27

/* Flags of ptau_read. */
enum {
    PTAU_READ_ALL = 0,
    /* Header and contributions only; every section's size is still checked,
     * the points are neither read nor validated (arrays stay NULL). For info. */
    PTAU_READ_HEADER = 1,
};

/* Progress callback (stage, done, total), called from the calling thread. */
typedef void (*ptau_progress_fn)(void *ctx, const char *stage, size_t done, size_t total);

/* FOR TESTS AND BENCHMARKS ONLY: a phase-1 file from one party who drew tau,
 * alpha and beta (zkp_random_bytes; wiped before returning) and so could forge
 * proofs for every key made from it. Never use it for production keys.
 * Computes sections 2..6 and 12..15 (1 <= power <= PTAU_MAX_POWER) with the
 * setup's constant-time fixed-base multiplication on zkp_threads() threads,
 * and one contribution record as snarkjs's `powersoftau contribute` writes it
 * (key, BLAKE2b transcript hashes), so `snarkjs powersoftau verify` accepts
 * the file. Implemented in runtime/groth16/ptau_gen.c (as is ptau_check). */
zkp_err ptau_new(ptau_t **out, unsigned power, ptau_progress_fn progress, void *ctx) ZKP_WUR;
/* Reads a .ptau (memory-mapped). Checks: magic "ptau", version 1, sections
 * 1..7 once each, 12..15 all or none, no others; n8 = 32 and q of BN254;
 * power 1..PTAU_MAX_POWER; every section size against the power; the
 * contribution records' structure; every coordinate canonical and every point
 * on its curve and in its subgroup. Does not check how the points relate
 * (ptau_check does). */
zkp_err ptau_read(ptau_t **out, const char *path, unsigned flags) ZKP_WUR;
zkp_err ptau_read_mem(ptau_t **out, const uint8_t *buf, size_t len, const char *name,
                      unsigned flags) ZKP_WUR;
/* Writes p (complete: read with PTAU_READ_ALL or made by ptau_new). */
zkp_err ptau_write(const ptau_t *p, const char *path) ZKP_WUR;
zkp_err ptau_write_mem(uint8_t **buf, size_t *len, const ptau_t *p) ZKP_WUR;
/* Checks that the sections describe one tau, alpha and beta: section 2 and 3
 * start at the generators and are successive powers (pairings of random linear
 * combinations: e(sum r_i P_i, tau G2) = e(sum r_i P_(i+1), G2)), sections 4
 * and 5 likewise, beta G2 matches beta G1, and each Lagrange block is the
 * inverse FFT of its powers (sum_j w^(jk) L_j = tau^k, again under random
 * combinations). ZKP_ERR_VERIFY_FAIL naming the first failing relation. Cost:
 * a few MSMs over all points and 6 pairing checks. Variable time (public). */
zkp_err ptau_check(const ptau_t *p) ZKP_WUR;
void ptau_free(ptau_t *p); /* NULL is a no-op */

/* A .ptau mapped, its points left where they lie, for `zkpot setup` from a
 * ceremony file (groth16_setup_ptau): ptau_map checks everything ptau_read
 * checks EXCEPT the points (magic, version, the section table, sections 1..7
 * once each, 12..15 all or none, the header's n8, q and power, every section's
 * size against the power, the contribution records' structure); the points of
 * the blocks a setup needs are then decoded and checked by ptau_map_g1/_g2.
 * No copy of the big sections is made. ptau_unmap unmaps (zeroed: no-op). */
typedef struct {
    uint32_t power, ceremony_power;
    bool prepared;      /* sections 12..15 present */
    const uint8_t *buf; /* the whole file */
    size_t len;
    uint64_t sec_off[16], sec_size[16]; /* section bodies (byte offset in buf, size); 0 absent */
    char name[256];                     /* for messages (truncated path) */
    void *map_;
    size_t map_len_;
} ptau_map_t;
zkp_err ptau_map(ptau_map_t *out, const char *path) ZKP_WUR;
/* The same over a borrowed buffer (must outlive the map). */
zkp_err ptau_view_mem(ptau_map_t *out, const uint8_t *buf, size_t len, const char *name) ZKP_WUR;
void ptau_unmap(ptau_map_t *m);
/* Decodes points [first, first + n) of section sec (2, 4, 5, 12, 14, 15 for G1;
 * 3, 6, 13 for G2) into out, checking each: coordinates canonical, point on its
 * curve (all-zero bytes = infinity, accepted). G1's cofactor is 1, so that is
 * membership of G1. For G2 see ptau_map_g2_subgroup. ZKP_ERR_RANGE if the range
 * runs past the section; errors name the file, the section, the point index and
 * the byte offset. Parallel on zkp_threads() (the first bad point is reported,
 * whatever the thread count). */
zkp_err ptau_map_g1(g1_affine_t *out, const ptau_map_t *m, uint32_t sec, uint64_t first,
                    uint64_t n) ZKP_WUR;
zkp_err ptau_map_g2(g2_affine_t *out, const ptau_map_t *m, uint32_t sec, uint64_t first,
                    uint64_t n) ZKP_WUR;
/* The G2 subgroup check of n points decoded by ptau_map_g2 from section sec at
 * point first (for messages): each point separately (g2_affine_in_subgroup, the
 * psi-based test of eprint 2022/352), in parallel. Why not one random linear
 * combination: BN254's G2 cofactor h = 2q - r = 10069 * 5864401 *
 * 1875725156269 * (a 178-bit prime) has small factors, so a point with a
 * component of order 10069 would pass one such check with probability 1/10069
 * (groth16_setup_ptau uses this below 256 points, and above ceil(120/b)
 * independent combinations with b-bit coefficients, b <= 13, each failing a bad
 * set with probability >= 1 - 2^-b: see runtime/groth16/setup_ptau.c). ZKP_ERR_NOT_IN_SUBGROUP naming the first bad point. */
zkp_err ptau_map_g2_subgroup(const g2_affine_t *pts, const ptau_map_t *m, uint32_t sec,
                             uint64_t first, uint64_t n) ZKP_WUR;

#endif
