/* zkpot L3 msm: G2 instance of the Pippenger kernel (coordinates in Fq2), with
 * the GLS endomorphism psi (untwist-Frobenius-twist), which acts on G2 as
 * [g2_gls_lambda]: k Q = k1 Q + k2 psi(Q) with |k1|, |k2| < 2^128 (Galbraith,
 * Lin, Scott, EUROCRYPT 2009). Points must be in G2, as msm.h requires. */
#include "field/fq_ifma.h"
#include "msm/msm_internal.h"

#define MF fq2_t
#define MF_(op) fq2_##op
#define MF_INV fq2_inv_var
#define MF_INFLIMB(p) ((p).x.c0.l[3])
#define MAFF g2_affine_t
#define MJAC g2_t
#define MG_(op) g2_##op
#define MP_(name) msm_g2_##name
#define MSM_GLV 1
#define MSM_GLV_SPLIT g2_gls_split
#define MSM_ENDO g2_affine_psi
#define MSM_IFMA 1 /* flush: chord additions 8 lanes (of Fq2) at a time where the CPU has IFMA */
#define MSM_IFMA_CHORD fq2_ifma_chord_add
#include "msm/msm_tmpl.h"

size_t msm_g2_scratch_size_(size_t n, int threads) { return msm_g2_scratch_size(n, threads); }
zkp_err msm_g2_run_(g2_t *r, const void *p, size_t stride, bool raw, const void *k,
                     unsigned flags, size_t n, void *s, size_t len) {
    return msm_g2_run(r, p, stride, raw, k, flags, n, s, len);
}
zkp_err msm_g2_alloc_run_(g2_t *r, const void *p, size_t stride, bool raw, const void *k,
                           bool le, size_t n) {
    return msm_g2_alloc_run(r, p, stride, raw, k, le, n);
}
