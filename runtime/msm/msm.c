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

/* A run writes the first part of its scratch (up to the side sums) before it
 * is done; a fresh page costs a fault on first touch, ~19-30 us on this VM
 * (shadow paging), vs ~1-8 us per page mapped by one MADV_POPULATE_WRITE
 * (measured, 1-4 MiB of fresh anonymous memory, load 3.5-5.6). Pages already
 * mapped (a reused scratch) cost a page-table walk only. Every page the range
 * overlaps, its partial first and last pages included: the callers' ranges
 * are written (as far as they name them), so those pages are touched anyway
 * (inner pages only left ~40 faults per 2^12 proof, one at each array's
 * start). */
void msm_populate_(void *p, size_t len) {
#ifdef MADV_POPULATE_WRITE
    const uintptr_t pg = 4096;
    if (!len) return;
    uintptr_t lo = (uintptr_t)p & ~(pg - 1), hi = ((uintptr_t)p + len + pg - 1) & ~(pg - 1);
    if (lo < hi) (void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE); /* failure is harmless */
#else
    (void)p, (void)len;
#endif
}

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
