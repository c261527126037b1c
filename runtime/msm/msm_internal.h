/* zkpot L3 msm (internal): what the G1 and G2 instances share with msm.c. */
#ifndef ZKPOT_MSM_INTERNAL_H
#define ZKPOT_MSM_INTERNAL_H

#include <omp.h>

#include "zkpot/msm.h"

/* One input of an MSM over several (msm_tmpl.h's run_parts): n points of
 * `stride` bytes, x and y first (raw: the zkey layout with all-zero infinity;
 * else g1_affine_t / g2_affine_t), n scalars (le: canonical 32-byte
 * little-endian integers; else fr_t). */
typedef struct {
    const void *pts;
    size_t stride;
    bool raw;
    const void *k;
    bool le;
    size_t n;
} msm_in_;
#define MSM_IN_MAX 2

/* The kernels (msm_tmpl.h): points of `stride` bytes, x and y first (raw: the
 * zkey layout with all-zero infinity; else g1_affine_t / g2_affine_t);
 * scalars fr_t or (flags & MSM_SCALARS_LE) canonical 32-byte little-endian
 * integers; flags & MSM_SCRATCH_REUSE: lay the scratch out for its capacity. */
size_t msm_g1_scratch_size_(size_t n, int threads);
zkp_err msm_g1_run_(g1_t *r, const void *p, size_t stride, bool raw, const void *k,
                    unsigned flags, size_t n, void *s, size_t len);
zkp_err msm_g1_alloc_run_(g1_t *r, const void *p, size_t stride, bool raw, const void *k, bool le,
                          size_t n);
zkp_err msm_g1_run_parts_(g1_t *r, const msm_in_ *in, size_t nin, unsigned part, unsigned parts,
                          unsigned flags, void *s, size_t len);
size_t msm_g1_shared_size_(size_t n);
zkp_err msm_g1_prep_shared_(void *sh, size_t len, const msm_in_ *in, size_t nin, unsigned parts);
zkp_err msm_g1_part_shared_(g1_t *r, const void *sh, unsigned part, unsigned flags, void *s,
                            size_t len);
void msm_g1_wipe_shared_(void *sh);
size_t msm_g2_scratch_size_(size_t n, int threads);
zkp_err msm_g2_run_(g2_t *r, const void *p, size_t stride, bool raw, const void *k,
                    unsigned flags, size_t n, void *s, size_t len);
zkp_err msm_g2_alloc_run_(g2_t *r, const void *p, size_t stride, bool raw, const void *k, bool le,
                          size_t n);

/* Threads an MSM of n points uses. Small ones run on the calling thread: their
 * work (a few ms) is below what a parallel region costs when the other core is
 * busy (libgomp's waiting thread spins; measured at 2^12 constraints under load:
 * a proof in 0.27 s on one thread, 0.75 s on two). */
#define MSM_PAR_MIN 8192
/* Inside a parallel region (a caller running independent MSMs side by side,
 * one per thread) an MSM runs on its calling thread only. */
static inline int msm_threads_(size_t n) {
    int t = zkp_threads();
    return n < MSM_PAR_MIN || t < 1 || omp_in_parallel() ? 1 : t;
}

/* Scratch for msm_g1/msm_g2 (2 MiB aligned, transparent huge pages advised:
 * the bucket phase reads points at random). Free with msm_scratch_free_. */
void *msm_scratch_alloc_(size_t len);
void msm_scratch_free_(void *p);

#endif
