/* zkpot L3 msm: the public entry points (zkpot/msm.h) over the G1 and G2
 * instances of the Pippenger kernel (msm_tmpl.h). */
#include <stdlib.h>
#include <sys/mman.h>

#include "msm/msm_internal.h"

/* Page-aligned rather than zkp_malloc: madvise needs whole huge pages. */
void *msm_scratch_alloc_(size_t len) {
    const size_t huge = (size_t)2 << 20;
    void *p = NULL;
    size_t l = (len + huge - 1) & ~(huge - 1);
    if (posix_memalign(&p, huge, l)) return NULL;
#ifdef MADV_HUGEPAGE
    if (l >= 2 * huge) (void)madvise(p, l, MADV_HUGEPAGE); /* advice only; failure is harmless */
#endif
    return p;
}

void msm_scratch_free_(void *p) { free(p); }

size_t msm_scratch_size(size_t n) {
    int t = msm_threads_(n);
    size_t a = msm_g1_scratch_size_(n, t), b = msm_g2_scratch_size_(n, t);
    return a > b ? a : b;
}

size_t msm_scratch_size_serial(size_t n) {
    size_t a = msm_g1_scratch_size_(n, 1), b = msm_g2_scratch_size_(n, 1);
    return a > b ? a : b;
}

zkp_err msm_g1(g1_t *r, const g1_affine_t *points, const fr_t *scalars, size_t n) {
    return msm_g1_alloc_run_(r, points, sizeof *points, false, scalars, false, n);
}

zkp_err msm_g2(g2_t *r, const g2_affine_t *points, const fr_t *scalars, size_t n) {
    return msm_g2_alloc_run_(r, points, sizeof *points, false, scalars, false, n);
}

zkp_err msm_g1_scratch(g1_t *r, const g1_affine_t *points, const fr_t *scalars, size_t n,
                       void *scratch, size_t scratch_len) {
    return msm_g1_run_(r, points, sizeof *points, false, scalars, 0, n, scratch, scratch_len);
}

zkp_err msm_g2_scratch(g2_t *r, const g2_affine_t *points, const fr_t *scalars, size_t n,
                       void *scratch, size_t scratch_len) {
    return msm_g2_run_(r, points, sizeof *points, false, scalars, 0, n, scratch, scratch_len);
}

zkp_err msm_g1_zkey(g1_t *r, const uint8_t *points, const void *scalars, unsigned flags, size_t n,
                    void *scratch, size_t scratch_len) {
    bool le = flags & MSM_SCALARS_LE;
    if (!scratch) return msm_g1_alloc_run_(r, points, G1_BYTES, true, scalars, le, n);
    return msm_g1_run_(r, points, G1_BYTES, true, scalars, flags, n, scratch, scratch_len);
}

zkp_err msm_g2_zkey(g2_t *r, const uint8_t *points, const void *scalars, unsigned flags, size_t n,
                    void *scratch, size_t scratch_len) {
    bool le = flags & MSM_SCALARS_LE;
    if (!scratch) return msm_g2_alloc_run_(r, points, G2_BYTES, true, scalars, le, n);
    return msm_g2_run_(r, points, G2_BYTES, true, scalars, flags, n, scratch, scratch_len);
}

/* The zkey inputs as kernel inputs; their total in *n. */
static zkp_err zkey_inputs(msm_in_ *v, size_t *n, const msm_zkey_input_t *in, size_t nin,
                           unsigned part, unsigned parts) {
    *n = 0;
    if (nin < 1 || nin > MSM_IN_MAX || parts < 1 || part >= parts)
        return zkp_fail(ZKP_ERR_INVALID_ARG, "MSM of %zu inputs, part %u of %u", nin, part, parts);
    for (size_t i = 0; i < nin; i++) {
        v[i] = (msm_in_){in[i].points, G1_BYTES, true, in[i].scalars,
                         (in[i].flags & MSM_SCALARS_LE) != 0, in[i].n};
        *n += in[i].n;
    }
    return ZKP_OK;
}

zkp_err msm_g1_zkey_parts(g1_t *r, const msm_zkey_input_t *in, size_t nin, unsigned part,
                          unsigned parts, unsigned flags, void *scratch, size_t scratch_len) {
    msm_in_ v[MSM_IN_MAX];
    size_t n;
    g1_set_infinity(r);
    zkp_err e = zkey_inputs(v, &n, in, nin, part, parts);
    if (e) return e;
    if (n >= ((size_t)1 << 30)) return zkp_fail(ZKP_ERR_RANGE, "MSM of %zu points (limit 2^30)", n);
    void *s = scratch;
    size_t len = scratch_len;
    if (!s && n) {
        len = msm_g1_scratch_size_(n, msm_threads_(n));
        if (!(s = msm_scratch_alloc_(len))) return zkp_fail(ZKP_ERR_NOMEM, "MSM scratch of %zu bytes", len);
    }
    e = msm_g1_run_parts_(r, v, nin, part, parts, flags & MSM_SCRATCH_REUSE, s, len);
    if (s != scratch) msm_scratch_free_(s);
    return e;
}

size_t msm_g1_zkey_shared_size(size_t n) { return msm_g1_shared_size_(n); }

zkp_err msm_g1_zkey_prep(void *shared, size_t shared_len, const msm_zkey_input_t *in, size_t nin,
                         unsigned parts) {
    msm_in_ v[MSM_IN_MAX];
    size_t n;
    zkp_err e = zkey_inputs(v, &n, in, nin, 0, parts);
    if (e) return e;
    return msm_g1_prep_shared_(shared, shared_len, v, nin, parts);
}

zkp_err msm_g1_zkey_part(g1_t *r, const void *shared, unsigned part, unsigned flags,
                         void *scratch, size_t scratch_len) {
    return msm_g1_part_shared_(r, shared, part, flags & MSM_SCRATCH_REUSE, scratch, scratch_len);
}

void msm_g1_zkey_unprep(void *shared) { msm_g1_wipe_shared_(shared); }
