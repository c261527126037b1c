/* zkpot L1 tower, internal: inline copies of the small Fq2 operations (add, sub,
 * dbl, neg, mul_xi) for the tower and the pairing, where a function call costs
 * about as much as the operation itself. Including this header after
 * zkpot/tower.h redirects those names to the inline copies (unless
 * ZKP_FQ2_INLINE_NO_REDIRECT is defined, as in fq2.c, which exports the same code
 * under the public names). Same results, bit for bit, and constant time. */
#ifndef ZKPOT_TOWER_FQ2_INLINE_H
#define ZKPOT_TOWER_FQ2_INLINE_H

#include "zkpot/tower.h"

static inline __attribute__((always_inline)) void zkp_fq2_add_i(fq2_t *r, const fq2_t *a,
                                                                const fq2_t *b) {
    fq_add(&r->c0, &a->c0, &b->c0);
    fq_add(&r->c1, &a->c1, &b->c1);
}

static inline __attribute__((always_inline)) void zkp_fq2_sub_i(fq2_t *r, const fq2_t *a,
                                                                const fq2_t *b) {
    fq_sub(&r->c0, &a->c0, &b->c0);
    fq_sub(&r->c1, &a->c1, &b->c1);
}

static inline __attribute__((always_inline)) void zkp_fq2_neg_i(fq2_t *r, const fq2_t *a) {
    fq_neg(&r->c0, &a->c0);
    fq_neg(&r->c1, &a->c1);
}

static inline __attribute__((always_inline)) void zkp_fq2_dbl_i(fq2_t *r, const fq2_t *a) {
    fq_dbl(&r->c0, &a->c0);
    fq_dbl(&r->c1, &a->c1);
}

/* (a0 + a1 u)(9 + u) = (9 a0 - a1) + (a0 + 9 a1) u, each coefficient reduced once
 * (fq_lin_sub / fq_lin_add, zkpot/field.h). */
static inline __attribute__((always_inline)) void zkp_fq2_mul_xi_i(fq2_t *r, const fq2_t *a) {
    fq_t c0;
    fq_lin_sub(&c0, 9, &a->c0, 1, &a->c1);
    fq_lin_add(&r->c1, 9, &a->c1, 1, &a->c0);
    r->c0 = c0;
}

#ifndef ZKP_FQ2_INLINE_NO_REDIRECT
#define fq2_add zkp_fq2_add_i
#define fq2_sub zkp_fq2_sub_i
#define fq2_neg zkp_fq2_neg_i
#define fq2_dbl zkp_fq2_dbl_i
#define fq2_mul_xi zkp_fq2_mul_xi_i
#endif

#endif
