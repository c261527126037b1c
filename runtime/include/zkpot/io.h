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
 * inputs, n_prv_in private inputs, then internal wires (circom's order).
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

#endif
