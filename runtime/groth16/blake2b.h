/* zkpot L4 groth16, internal: BLAKE2b-512 (RFC 7693, unkeyed), as snarkjs's
 * transcripts use it (the .ptau contribution records in ptau_gen.c, the .zkey
 * circuit hash in setup_ptau.c). Holds the last block back until more input
 * arrives (as @noble/hashes does), so that its state can be exported. */
#ifndef ZKPOT_GROTH16_BLAKE2B_H
#define ZKPOT_GROTH16_BLAKE2B_H

#include <stddef.h>
#include <stdint.h>

#include "zkpot/curve.h"

typedef struct {
    uint64_t h[8];
    uint8_t buf[128];
    uint64_t pos, total; /* bytes in buf; bytes absorbed so far */
} b2b_t;

void b2b_init(b2b_t *c);
void b2b_update(b2b_t *c, const void *data, size_t n);
void b2b_final(b2b_t *c, uint8_t out[64]);
/* @noble/hashes's exported state (216 bytes): buffer(128), h as 16 u32 LE,
 * u64 (absorbed - buffered), u64 buffered, 8 zero bytes. */
void b2b_partial(uint8_t out[216], const b2b_t *c);

/* snarkjs keypair.js hashToG2 (ptau_gen.c): the G2 point a transcript hash selects
 * (ChaCha seeded by the hash, ffjavascript's G2.fromRng, times the cofactor); the
 * contribution keys of .ptau and .zkey transcripts use it. */
void g16_hash_to_g2(g2_affine_t *r, const uint8_t hash[64]);

#endif
