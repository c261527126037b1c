/* zkpot L3 ntt: number-theoretic transforms over Fr (BN254 scalar field,
 * 2-adicity 28) on power-of-two domains {w^i}, w = fr_root_of_unity(log_n)
 * (the same roots as snarkjs/ffjavascript), and on cosets {g w^i}.
 * Groth16 (snarkjs convention) evaluates H on the "odd coset" g = w_{2n}:
 *   ntt_inverse(d, a); ntt_coset_forward(d, a, &w2n);
 * All data are public (variable time is fine). Arrays are in natural order on
 * input and output. Large sizes run on zkp_threads() threads (called from
 * inside an OpenMP parallel region: on the calling thread only); results do
 * not depend on the thread count. */
#ifndef ZKPOT_NTT_H
#define ZKPOT_NTT_H

#include "zkpot/field.h"

/* A domain of size n = 2^log_n with its precomputed twiddles (n field
 * elements). Immutable after creation: may be shared by threads. */
typedef struct ntt_domain ntt_domain_t;

/* Creates the domain of size 2^log_n (log_n <= FR_TWO_ADICITY).
 * ZKP_ERR_RANGE if log_n is too large, ZKP_ERR_NOMEM. *d is set on success only. */
zkp_err ntt_domain_new(ntt_domain_t **d, unsigned log_n) ZKP_WUR;
void ntt_domain_free(ntt_domain_t *d); /* NULL is a no-op */

size_t ntt_domain_size(const ntt_domain_t *d);
unsigned ntt_domain_log_size(const ntt_domain_t *d);
/* The primitive n-th root of unity w of the domain. */
void ntt_domain_omega(fr_t *w, const ntt_domain_t *d);

/* In place, a has n elements.
 * ntt_forward:  coefficients -> evaluations, a[i] <- sum_j a[j] w^(ij).
 * ntt_inverse:  evaluations -> coefficients (the exact inverse of ntt_forward). */
void ntt_forward(const ntt_domain_t *d, fr_t *a);
void ntt_inverse(const ntt_domain_t *d, fr_t *a);

/* Coset transforms for any nonzero shift g:
 * ntt_coset_forward: coefficients -> evaluations at g w^i, a[i] <- sum_j a[j] (g w^i)^j.
 * ntt_coset_inverse: its exact inverse. shift must not alias a. */
void ntt_coset_forward(const ntt_domain_t *d, fr_t *a, const fr_t *shift);
void ntt_coset_inverse(const ntt_domain_t *d, fr_t *a, const fr_t *shift);

/* Evaluations on the domain -> evaluations on the coset g<w> (Groth16's odd
 * coset, g = w_2n): ntt_inverse then ntt_coset_forward, the two scalings
 * (n^-1 and g^i) done in one pass. shift must not alias a. */
void ntt_values_to_coset(const ntt_domain_t *d, fr_t *a, const fr_t *shift);

/* a[i] <- a[i] * c * g^i for i < n (the coset scaling step on its own; any n). */
void ntt_scale_powers(fr_t *a, size_t n, const fr_t *c, const fr_t *g);

#endif
