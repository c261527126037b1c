/* zkpot L3 msm: G1 instance of the Pippenger kernel, with the GLV endomorphism
 * phi(x, y) = (beta x, y) = [lambda](x, y) of BN254 G1 (Gallant, Lambert,
 * Vanstone, CRYPTO 2001): k P = k1 P + k2 phi(P) with |k1|, |k2| < 2^128. */
#include "field/fq_ifma.h"
#include "msm/msm_internal.h"

/* GLV split and endomorphism from the curve module (zkpot/curve.h). */
#define MSM_GLV_SPLIT g1_glv_split
#define MSM_ENDO g1_affine_endo

#define MF fq_t
#define MF_(op) fq_##op
#define MF_INV fq_inv_var
#define MF_INFLIMB(p) ((p).x.l[3])
#define MAFF g1_affine_t
#define MJAC g1_t
#define MG_(op) g1_##op
#define MP_(name) msm_g1_##name
#define MSM_GLV 1
#define MSM_SHARED 1 /* prep shared by parts (msm_g1_zkey_prep) */
#define MSM_IFMA 1   /* flush: chord additions 8 lanes at a time where the CPU has IFMA */
#define MSM_IFMA_CHORD fq_ifma_chord_add
#include "msm/msm_tmpl.h"

size_t msm_g1_scratch_size_(size_t n, int threads) { return msm_g1_scratch_size(n, threads); }
zkp_err msm_g1_run_(g1_t *r, const void *p, size_t stride, bool raw, const void *k,
                     unsigned flags, size_t n, void *s, size_t len) {
    return msm_g1_run(r, p, stride, raw, k, flags, n, s, len);
}
zkp_err msm_g1_alloc_run_(g1_t *r, const void *p, size_t stride, bool raw, const void *k,
                           bool le, size_t n) {
    return msm_g1_alloc_run(r, p, stride, raw, k, le, n);
}
zkp_err msm_g1_run_parts_(g1_t *r, const msm_in_ *in, size_t nin, unsigned part, unsigned parts,
                          unsigned flags, void *s, size_t len) {
    return msm_g1_run_parts(r, in, nin, part, parts, flags, s, len);
}
size_t msm_g1_shared_size_(size_t n) { return msm_g1_shared_size(n); }
zkp_err msm_g1_prep_shared_(void *sh, size_t len, const msm_in_ *in, size_t nin, unsigned parts) {
    return msm_g1_prep_shared(sh, len, in, nin, parts);
}
zkp_err msm_g1_part_shared_(g1_t *r, const void *sh, unsigned part, unsigned flags, void *s,
                            size_t len) {
    return msm_g1_part_shared(r, sh, part, flags, s, len);
}
void msm_g1_wipe_shared_(void *sh) { msm_g1_wipe_shared_buf(sh); }
