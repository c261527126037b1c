/* zkpot L4 io, internal: what runtime/groth16/ptau_gen.c (the .ptau generator
 * and consistency check) shares with runtime/io/ptau.c (reader and writer). */
#ifndef ZKPOT_IO_PTAU_INTERNAL_H
#define ZKPOT_IO_PTAU_INTERNAL_H

#include "zkpot/io.h"

/* One contribution record before its parameters: tauG1, tauG2, alphaG1, betaG1,
 * betaG2, the public key (6 G1 + 3 G2), partial hash (216), next challenge (64),
 * type (u32), parameter length (u32). */
#define PTAU_CONTRIB_FIXED                                                                         \
    (3 * G1_BYTES + 2 * G2_BYTES + 6 * G1_BYTES + 3 * G2_BYTES + 216 + 64 + 8)

/* Allocates p's point arrays for p->power (the Lagrange ones when p->prepared). */
zkp_err ptau_alloc_(ptau_t *p) ZKP_WUR;
/* ZKP_ERR_INVALID_ARG unless p's power is in range and its points are all there. */
zkp_err ptau_complete_(const ptau_t *p) ZKP_WUR;

#endif
