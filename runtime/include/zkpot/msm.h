/* zkpot L3 msm: multi-scalar multiplication sum_i k_i P_i in G1 and G2 of
 * BN254 (Pippenger's bucket method with signed-digit windows, batch-affine
 * bucket sums, GLV on G1 and GLS on G2, OpenMP).
 * Variable time in the scalars (like every Pippenger prover, e.g. snarkjs and
 * rapidsnark): the timing and memory access pattern depend on the scalars.
 * Points are trusted: affine, on the curve and in the subgroup (validated when
 * they were loaded); points at infinity are allowed and skipped. Scalars are
 * Fr elements in the library's Montgomery form (any value, 0 and 1 included).
 * Work is split over zkp_threads() threads; the resulting group element is
 * the same for every thread count. Called from inside an OpenMP parallel
 * region (e.g. independent MSMs run side by side as tasks, one per thread), an
 * MSM runs on its calling thread only. */
#ifndef ZKPOT_MSM_H
#define ZKPOT_MSM_H

#include "zkpot/curve.h"

/* Bytes of scratch that msm_g1_scratch and msm_g2_scratch need for n points
 * with the current zkp_threads() (an upper bound for any scalars). */
size_t msm_scratch_size(size_t n);
/* The same for an MSM run from inside a parallel region (on one thread). */
size_t msm_scratch_size_serial(size_t n);

/* r = sum_{i<n} scalars[i] * points[i]; r = infinity for n = 0.
 * Allocates its scratch (ZKP_ERR_NOMEM); ZKP_ERR_RANGE if n >= 2^30.
 * r does not alias the inputs. */
zkp_err msm_g1(g1_t *r, const g1_affine_t *points, const fr_t *scalars, size_t n) ZKP_WUR;
zkp_err msm_g2(g2_t *r, const g2_affine_t *points, const fr_t *scalars, size_t n) ZKP_WUR;

/* The same with caller-owned scratch of scratch_len >= msm_scratch_size(n)
 * bytes (ZKP_ERR_RANGE otherwise), for repeated MSMs without reallocation.
 * Scalar-derived data in the scratch (the scalars may be a witness) are wiped
 * before returning; the scratch may be reused or freed right away.
 * The bucket phase reads points and scratch at random: for large n, point
 * arrays and scratch in transparent huge pages (madvise(MADV_HUGEPAGE) on
 * 2 MiB-aligned memory) avoid TLB misses; msm_g1/msm_g2 do so for their own. */
zkp_err msm_g1_scratch(g1_t *r, const g1_affine_t *points, const fr_t *scalars, size_t n,
                       void *scratch, size_t scratch_len) ZKP_WUR;
zkp_err msm_g2_scratch(g2_t *r, const g2_affine_t *points, const fr_t *scalars, size_t n,
                       void *scratch, size_t scratch_len) ZKP_WUR;

/* The same over points in a .zkey's layout, read where they lie (a memory-mapped
 * file: no conversion, no copy): G1 points are x || y (G1_BYTES), G2 points
 * x.c0 || x.c1 || y.c0 || y.c1 (G2_BYTES), each coordinate 32 little-endian
 * bytes of its Montgomery form (fq_to_mont_bytes_le), all-zero bytes = infinity;
 * any alignment. The points are NOT validated here: on-curve and in-subgroup
 * is the caller's business (a garbage point gives a garbage sum, never a
 * crash). Scalars: n fr_t, or with MSM_SCALARS_LE n canonical (< r) 32-byte
 * little-endian integers (a .wtns values section), any alignment.
 * scratch NULL: allocated here; else as msm_g1_scratch. */
enum { MSM_SCALARS_FR = 0, MSM_SCALARS_LE = 1 };
/* Flag, with either: runs of different sizes share this scratch (in 4 KiB
 * pages): each lays it out for the largest MSM it holds, so that they reuse
 * the same pages (fewer first touches). Not for scratch in huge pages, where
 * the spread-out arrays would touch more 2 MiB pages. */
enum { MSM_SCRATCH_REUSE = 2 };
zkp_err msm_g1_zkey(g1_t *r, const uint8_t *points, const void *scalars, unsigned flags, size_t n,
                    void *scratch, size_t scratch_len) ZKP_WUR;
zkp_err msm_g2_zkey(g2_t *r, const uint8_t *points, const void *scalars, unsigned flags, size_t n,
                    void *scratch, size_t scratch_len) ZKP_WUR;

/* One MSM over up to MSM_ZKEY_INPUTS_MAX inputs in the zkey layout (as
 * msm_g1_zkey: n points, n scalars of the format flags says), e.g. a
 * prover's C sum and its H sum, which then share one bucket reduction per
 * window: r = part `part` of `parts` of sum over all inputs' k_i P_i. The
 * parts (window ranges of one plan, the +-1 scalars in part 0) add up to
 * the whole sum for any `parts` >= 1; each may run on its own thread (from
 * inside a parallel region, one thread each). Each part classifies and splits
 * every scalar again: parts pay when they run side by side. flags:
 * MSM_SCRATCH_REUSE or 0; the scratch (scratch_len >= msm_scratch_size(N),
 * or _serial, N = the inputs' total) as msm_g1_zkey's; NULL: allocated here. */
typedef struct {
    const uint8_t *points;
    const void *scalars;
    unsigned flags; /* MSM_SCALARS_FR or MSM_SCALARS_LE */
    size_t n;
} msm_zkey_input_t;
enum { MSM_ZKEY_INPUTS_MAX = 2 };
zkp_err msm_g1_zkey_parts(g1_t *r, const msm_zkey_input_t *in, size_t nin, unsigned part,
                          unsigned parts, unsigned flags, void *scratch,
                          size_t scratch_len) ZKP_WUR;

/* The same with the classification and GLV split done once for all parts:
 * msm_g1_zkey_prep fills `shared` (shared_len >= msm_g1_zkey_shared_size(N))
 * for `parts` parts; then each part, msm_g1_zkey_part, on one thread with
 * its own scratch (>= msm_scratch_size_serial(N) bytes; flags
 * MSM_SCRATCH_REUSE or 0), the parts on any threads at once (they only read
 * the shared buffer but for their own window results); finally
 * msm_g1_zkey_unprep wipes `shared` (witness-derived). The inputs must stay
 * in place until the last part is done. */
size_t msm_g1_zkey_shared_size(size_t n);
zkp_err msm_g1_zkey_prep(void *shared, size_t shared_len, const msm_zkey_input_t *in, size_t nin,
                         unsigned parts) ZKP_WUR;
zkp_err msm_g1_zkey_part(g1_t *r, const void *shared, unsigned part, unsigned flags,
                         void *scratch, size_t scratch_len) ZKP_WUR;
void msm_g1_zkey_unprep(void *shared);

#endif
