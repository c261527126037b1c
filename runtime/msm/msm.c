/* zkpot L3 msm: the public entry points (zkpot/msm.h) over the G1 and G2
 * instances of the Pippenger kernel (msm_tmpl.h). */
#include "msm/msm_internal.h"

size_t msm_scratch_size(size_t n) {
    int t = msm_threads_(n);
    size_t a = msm_g1_scratch_size_(n, t), b = msm_g2_scratch_size_(n, t);
    return a > b ? a : b;
}

zkp_err msm_g1(g1_t *r, const g1_affine_t *points, const fr_t *scalars, size_t n) {
    return msm_g1_alloc_run_(r, points, scalars, n);
}

zkp_err msm_g2(g2_t *r, const g2_affine_t *points, const fr_t *scalars, size_t n) {
    return msm_g2_alloc_run_(r, points, scalars, n);
}

zkp_err msm_g1_scratch(g1_t *r, const g1_affine_t *points, const fr_t *scalars, size_t n,
                       void *scratch, size_t scratch_len) {
    return msm_g1_run_(r, points, scalars, n, scratch, scratch_len);
}

zkp_err msm_g2_scratch(g2_t *r, const g2_affine_t *points, const fr_t *scalars, size_t n,
                       void *scratch, size_t scratch_len) {
    return msm_g2_run_(r, points, scalars, n, scratch, scratch_len);
}
