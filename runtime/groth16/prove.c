/* zkpot L4 groth16: the prover (eprint 2016/260, section 3.2), in snarkjs's form
 * (snarkjs src/groth16_prove.js):
 *   a_j = <A_j, w>, b_j = <B_j, w>, c_j = a_j b_j on the domain <w_n> (rows j < n);
 *   interpolate, shift to the odd coset g<w_n> (g = w_2n), evaluate again:
 *   h_j = a(g w^j) b(g w^j) - c(g w^j); the key's H points absorb 1/Z = -1/2.
 *   A = alpha + sum w_i A_i + r delta            (G1)
 *   B = beta + sum w_i B2_i + s delta            (G2), B1 likewise in G1
 *   C = sum_{i>l} w_i C_i + sum h_j H_j + s A + r B1 - r s delta   (G1)
 * The witness check: every constraint when the caller passes the r1cs (the zkey
 * holds no C matrix); in any case the proof is verified before it is returned.
 * Zero copy: the key is read with ZKEY_READ_RAW (points and coefficients stay
 * in the mapped file, the MSMs read them there) and the witness is the .wtns's
 * canonical little-endian values; only a, b, c (n elements each) are
 * computed. Large domains run each NTT and MSM on all threads in turn (a, b, c
 * freed before the MSMs' scratch is taken); small ones run the independent
 * pieces side by side, one thread each (jobs_side_by_side). */
#include <omp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "groth16/g16_internal.h"
#include "zkpot/msm.h"
#include "zkpot/ntt.h"
#include "zkpot/pairing.h"

static void step(groth16_progress_fn p, void *ctx, const char *stage, size_t d, size_t t) {
    if (p) p(ctx, stage, d, t);
}

/* Accumulates the coefficients into rows: dst[m][constraint] += value * w[wire].
 * The file's value limbs v = value R^2 and the witness's plain limbs w, taken
 * as Montgomery forms (of value R and w/R), multiply to the Montgomery form of
 * value * w: no conversion. Indices were checked by the reader; again here
 * (cheap) since the raw pointers are public fields. nt threads: each reads
 * every coefficient and takes those of its contiguous range of rows, so each
 * row is summed in file order by one thread (the same result for every
 * thread count; the list need not be sorted); all meet the same first bad
 * index. */
static zkp_err eval_rows(fr_t *const dst[2], const groth16_pk_t *pk, const uint8_t *w, int nt) {
    size_t bad = SIZE_MAX;
#pragma omp parallel num_threads(nt) reduction(min : bad)
    {
        size_t t = (size_t)omp_get_thread_num(), tn = (size_t)omp_get_num_threads();
        uint32_t lo = (uint32_t)(pk->domain_size * t / tn);
        uint32_t hi = (uint32_t)(pk->domain_size * (t + 1) / tn);
        const uint8_t *co = pk->raw_coefs;
        for (size_t i = 0; i < pk->n_coefs; i++, co += 44) {
            uint32_t ix[3];
            fr_t v, x, p;
            memcpy(ix, co, sizeof ix); /* little-endian host */
            if (ix[0] > 1 || ix[1] >= pk->domain_size || ix[2] >= pk->n_vars) {
                bad = i;
                break;
            }
            if (ix[1] < lo || ix[1] >= hi) continue;
            memcpy(&v, co + 12, sizeof v);
            memcpy(&x, w + 32 * (size_t)ix[2], sizeof x);
            fr_mul(&p, &v, &x);
            fr_add(&dst[ix[0]][ix[1]], &dst[ix[0]][ix[1]], &p);
        }
    }
    if (bad != SIZE_MAX) {
        uint32_t ix[3];
        memcpy(ix, pk->raw_coefs + 44 * bad, sizeof ix);
        return zkp_fail(ZKP_ERR_FORMAT,
                        "proving key: coefficient %zu (matrix %u, row %u, wire %u) out of range",
                        bad, ix[0], ix[1], ix[2]);
    }
    return ZKP_OK;
}

/* Big zeroed buffers straight from the kernel (fresh pages are zero: no
 * memset). From 2 MiB on they are 2 MiB aligned with transparent huge pages
 * advised: a page fault costs ~20 us on this VM (shadow paging; measured
 * touching 8 MiB: 4 KiB pages 41-45 ms, huge pages 0.5-0.9 ms), and a 2^12
 * proof took ~900 faults, most in the MSM scratch. vec: the n-element
 * vectors, written whole, so their pages are mapped at once
 * (MADV_POPULATE_WRITE). Otherwise (the MSM scratch) pages come on first
 * touch: the MSM layout keeps the parts it writes in one stretch at the
 * start and its rarely used side sums at the end, and untouched huge-page
 * ranges stay unallocated. Huge pages round the memory in use up to 2 MiB
 * per stretch, so small domains (n < G16_THP_MIN) keep 4 KiB pages to keep
 * peak RSS below rapidsnark's. Measured (training circuits, `perf stat`,
 * /usr/bin/time, load 6-7), 4 KiB -> huge pages: 2^12 faults 963 -> 261,
 * task-clock 75 -> 63-67 ms, RSS 6.8 -> 12 MB (rapidsnark 7.2); 2^13 1545 ->
 * 310, 121 -> 100 ms, 9.5 -> 15.5 MB (rapidsnark 11.0); 2^16 6700 -> 400,
 * 630 -> 503-576 ms, 41 -> 48-55 MB (rapidsnark 60); 2^18 user+sys 2.88 ->
 * 2.30 s, 115 -> 130 MB (rapidsnark 225). */
#define G16_THP_MIN ((size_t)1 << 15)
#define BIG_HUGE ((size_t)2 << 20)
static size_t big_len(size_t len, bool thp) {
    return thp && len >= BIG_HUGE ? (len + BIG_HUGE - 1) & ~(BIG_HUGE - 1) : len;
}

/* thp: huge pages wanted (n >= G16_THP_MIN) */
static void *big_new(size_t len, bool vec, bool thp) {
    size_t l = big_len(len, thp), extra = thp && len >= BIG_HUGE ? BIG_HUGE : 0;
    char *p = mmap(NULL, l + extra, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    if (extra) { /* trim to a 2 MiB aligned stretch of l bytes */
        char *a = (char *)(((uintptr_t)p + BIG_HUGE - 1) & ~(uintptr_t)(BIG_HUGE - 1));
        if (a > p) munmap(p, (size_t)(a - p));
        if (p + l + extra > a + l) munmap(a + l, (size_t)(p + l + extra - (a + l)));
        p = a;
#ifdef MADV_HUGEPAGE
        (void)madvise(p, l, MADV_HUGEPAGE); /* advice only */
#endif
    }
#ifdef MADV_POPULATE_WRITE
    /* one call maps the pages instead of a fault each (Linux >= 5.14; older
     * kernels reject it, harmlessly) */
    if (vec) (void)madvise(p, l, MADV_POPULATE_WRITE);
#endif
    (void)vec;
    return p;
}

/* Wipes the first `used` bytes (secret), then unmaps big_new(len, _, thp).
 * NULL is a no-op. */
static void big_free(void *p, size_t len, size_t used, bool thp) {
    if (!p) return;
    zkp_memzero(p, used);
    munmap(p, big_len(len, thp));
}

/* A key decoded in memory (setup's, or zkey_read without ZKEY_READ_RAW): its
 * file image, read back raw. The image outlives the key (*img, zkp_free). */
static zkp_err raw_key(groth16_pk_t **raw, uint8_t **img, size_t *len, const groth16_pk_t *pk) {
    *raw = NULL, *img = NULL;
    zkp_err e = zkey_write_mem(img, len, pk);
    if (!e) e = zkey_read_mem(raw, *img, *len, "proving key", ZKEY_READ_RAW);
    if (e) zkp_free(*img), *img = NULL;
    return e;
}

zkp_err groth16_prove(groth16_proof_t *proof, const groth16_pk_t *pk, const r1cs_t *cs,
                      const fr_t *w, size_t n_w, groth16_progress_fn progress, void *ctx) {
    uint8_t *le = zkp_malloc(n_w ? 32 * n_w : 1);
    if (!le) return zkp_fail(ZKP_ERR_NOMEM, "prove: witness of %zu values", n_w);
    for (size_t i = 0; i < n_w; i++) fr_to_bytes_le(le + 32 * i, &w[i]);
    zkp_err e = groth16_prove_le(proof, pk, cs, le, n_w, progress, ctx);
    zkp_free_secret(le, n_w ? 32 * n_w : 1);
    return e;
}

/* The prover's pieces: POLY (the rows a, b, c; the NTTs of a, b and c to the
 * odd coset; h = a b - c into a) and the H MSM over h (job H); the MSMs A, B1,
 * C, B2 over the witness, independent of them. */
enum { JOB_H, JOB_A, JOB_B1, JOB_C, JOB_B2, JOB_ROWS, JOB_N };

typedef struct {
    const groth16_pk_t *pk;
    const uint8_t *w;
    size_t n, nw, np, vsz;
    unsigned k;
    bool thp; /* big buffers in huge pages (n >= G16_THP_MIN) */
    unsigned reuse; /* MSM_SCRATCH_REUSE for scratch in 4 KiB pages (!thp) */
    ntt_domain_t *dom;
    fr_t g;          /* the odd coset's shift w_2n */
    fr_t *a, *b, *c; /* POLY's vectors (big_new); h ends in a */
    void *hcs;       /* side by side: the H and C MSM's shared prep (big_new) */
    size_t hcs_len;
    bool hcs_used;   /* hcs holds witness-derived data (to wipe) */
    g1_t ph, ph2, pa, pb1, pc; /* ph2: the H MSM's upper half (side by side) */
    g2_t pb;
    /* job KEY: what needs only the key and r, s */
    fr_t r, s;
    g1_t rd1, sd1, rsd1; /* r delta, s delta, -r s delta (G1) */
    g2_t sd2;            /* s delta (G2) */
    /* the self-check's part that needs no proof: the Miller value of
     * e(alpha, beta) e(vk_x, gamma), vk_x = IC_0 + sum_i x_i IC_i */
    const fr_t *pub; /* the public values x_1.. */
    fq12_t fpre;
    zkp_err epre; /* of the vk_x sum (out of memory) */
} pjobs_t;

/* Job KEY: the blinding terms (constant time in r, s) and the self-check's
 * proof-independent Miller loops (public data: variable time is fine). */
static void job_key(pjobs_t *x) {
    const groth16_pk_t *pk = x->pk;
    fr_t rs;
    g2_t d2;
    g1_from_affine(&x->rd1, &pk->delta1);
    g1_mul(&x->sd1, &x->rd1, &x->s);
    fr_mul(&rs, &x->r, &x->s);
    fr_neg(&rs, &rs);
    g1_mul(&x->rsd1, &x->rd1, &rs);
    g1_mul(&x->rd1, &x->rd1, &x->r);
    g2_from_affine(&d2, &pk->delta2);
    g2_mul(&x->sd2, &d2, &x->s);
    zkp_memzero(&rs, sizeof rs);
    g1_t vx;
    g1_affine_t p[2] = {pk->alpha1};
    g2_affine_t q[2] = {pk->beta2, pk->gamma2};
    x->epre = g16_msm_g1_public(&vx, pk->ic + 1, x->pub, pk->n_public);
    if (x->epre) {
        fq12_set_one(&x->fpre);
        return;
    }
    g1_add_mixed(&vx, &vx, &pk->ic[0]);
    g1_to_affine(&p[1], &vx);
    pairing_miller_loop(&x->fpre, p, q, 2);
}

/* POLY, part 1: the vectors, the domain, a and b at the constraints, c = a b.
 * nt: threads of the elementwise loop (1 inside a parallel region). */
static zkp_err poly_rows(pjobs_t *x, int nt) {
    const groth16_pk_t *pk = x->pk;
    size_t n = x->n, vsz = x->vsz;
    fr_t *a, *b, *c;
    x->a = a = big_new(vsz, true, x->thp), x->b = b = big_new(vsz, true, x->thp);
    x->c = c = big_new(vsz, true, x->thp);
    if (!a || !b || !c) return zkp_fail(ZKP_ERR_NOMEM, "prove: scratch for a domain of %zu", n);
    zkp_err e = ntt_domain_new(&x->dom, x->k);
    if (e) return e;
    fr_root_of_unity(&x->g, x->k + 1);
    fr_t *dst[2] = {a, b};
    zkey_need_raw(pk, pk->raw_coefs, (size_t)pk->n_coefs * 44);
    if ((e = eval_rows(dst, pk, x->w, nt))) return e;
    zkey_release_raw(pk, pk->raw_coefs, (size_t)pk->n_coefs * 44);
#pragma omp parallel for schedule(static) num_threads(nt)
    for (size_t j = 0; j < n; j++) fr_mul(&c[j], &a[j], &b[j]);
    return ZKP_OK;
}

/* POLY, part 3 (part 2: ntt_values_to_coset of a, b and c): h = a b - c on
 * the odd coset, into a; b, c and the domain are freed. */
static void poly_h(pjobs_t *x, int nt) {
    fr_t *a = x->a, *b = x->b, *c = x->c;
#pragma omp parallel for schedule(static) num_threads(nt)
    for (size_t j = 0; j < x->n; j++) {
        fr_mul(&a[j], &a[j], &b[j]);
        fr_sub(&a[j], &a[j], &c[j]);
    }
    big_free(b, x->vsz, x->vsz, x->thp), x->b = NULL;
    big_free(c, x->vsz, x->vsz, x->thp), x->c = NULL;
    ntt_domain_free(x->dom), x->dom = NULL;
}

/* The H MSM over points [lo, hi) (h in x->a) into *r. */
static zkp_err job_h(pjobs_t *x, g1_t *r, size_t lo, size_t hi, void *scratch, size_t slen) {
    const groth16_pk_t *pk = x->pk;
    const uint8_t *p = pk->raw_h + lo * G1_BYTES;
    zkey_need_raw(pk, p, (hi - lo) * G1_BYTES);
    zkp_err e = msm_g1_zkey(r, p, x->a + lo, MSM_SCALARS_FR | x->reuse, hi - lo, scratch, slen);
    zkey_release_raw(pk, p, (hi - lo) * G1_BYTES);
    return e;
}

/* The H and C sums as one MSM in two parts (h in x->a): they share each
 * window's bucket reduction (at 2^12, ~13% fewer additions than H in two
 * halves and C on their own); the scalars are classified and split once
 * (job_hc_prep, into x->hcs), then each part runs on its own thread. Every
 * part reads all of both point sections: they are released (and x->hcs
 * wiped) once both parts are done. */
static zkp_err job_hc_prep(pjobs_t *x) {
    const groth16_pk_t *pk = x->pk;
    size_t n = x->n, nc = x->nw - x->np;
    msm_zkey_input_t in[2] = {{pk->raw_h, x->a, MSM_SCALARS_FR, n},
                              {pk->raw_c, x->w + 32 * x->np, MSM_SCALARS_LE, nc}};
    zkey_need_raw(pk, pk->raw_h, n * G1_BYTES);
    zkey_need_raw(pk, pk->raw_c, nc * G1_BYTES);
    zkp_err e = msm_g1_zkey_prep(x->hcs, x->hcs_len, in, 2, 2);
    x->hcs_used = true;
    return e;
}

/* One MSM job (JOB_H: h in x->a). Each point section leaves the resident set
 * once its MSM is done. */
static zkp_err job_msm(pjobs_t *x, int j, void *scratch, size_t slen) {
    const groth16_pk_t *pk = x->pk;
    const uint8_t *w = x->w;
    size_t nw = x->nw, np = x->np;
    zkp_err e;
    switch (j) {
    case JOB_H:
        return job_h(x, &x->ph, 0, x->n, scratch, slen);
    case JOB_A:
        zkey_need_raw(pk, pk->raw_a, nw * G1_BYTES);
        e = msm_g1_zkey(&x->pa, pk->raw_a, w, MSM_SCALARS_LE | x->reuse, nw, scratch, slen);
        zkey_release_raw(pk, pk->raw_a, nw * G1_BYTES);
        return e;
    case JOB_B1:
        zkey_need_raw(pk, pk->raw_b1, nw * G1_BYTES);
        e = msm_g1_zkey(&x->pb1, pk->raw_b1, w, MSM_SCALARS_LE | x->reuse, nw, scratch, slen);
        zkey_release_raw(pk, pk->raw_b1, nw * G1_BYTES);
        return e;
    case JOB_C:
        zkey_need_raw(pk, pk->raw_c, (nw - np) * G1_BYTES);
        e = msm_g1_zkey(&x->pc, pk->raw_c, w + 32 * np, MSM_SCALARS_LE | x->reuse, nw - np, scratch,
                        slen);
        zkey_release_raw(pk, pk->raw_c, (nw - np) * G1_BYTES);
        return e;
    default:
        zkey_need_raw(pk, pk->raw_b2, nw * G2_BYTES);
        e = msm_g2_zkey(&x->pb, pk->raw_b2, w, MSM_SCALARS_LE | x->reuse, nw, scratch, slen);
        zkey_release_raw(pk, pk->raw_b2, nw * G2_BYTES);
        return e;
    }
}

/* In turn: POLY with its NTTs and loops on all threads, then every MSM on
 * all threads (H whole), with one scratch; h is freed before the scratch is
 * taken (peak memory for large domains). */
static zkp_err jobs_in_turn(pjobs_t *x, groth16_progress_fn progress, void *ctx) {
    int nt = x->n >= 8192 ? zkp_threads() : 1; /* elementwise: any split gives the same */
    zkp_err e = poly_rows(x, nt);
    if (e) return e;
    fr_t *v[3] = {x->a, x->b, x->c};
    for (int i = 0; i < 3; i++) {
        step(progress, ctx, "prove: NTT", (size_t)i, 3);
        ntt_values_to_coset(x->dom, v[i], &x->g);
    }
    poly_h(x, nt);
    /* one scratch for all MSMs (variable time in the witness, as every Pippenger prover) */
    size_t slen = msm_scratch_size(x->nw > x->n ? x->nw : x->n);
    void *scratch = big_new(slen, false, x->thp);
    if (!scratch) return zkp_fail(ZKP_ERR_NOMEM, "prove: MSM scratch of %zu bytes", slen);
    static const int order[] = {JOB_H, JOB_A, JOB_B1, JOB_C, JOB_B2};
    for (int i = 0; i < 5 && !e; i++) {
        step(progress, ctx, "prove: MSM H, A, B1, C, B2", (size_t)i, 5);
        e = job_msm(x, order[i], scratch, slen);
        if (order[i] == JOB_H) big_free(x->a, x->vsz, x->vsz, x->thp), x->a = NULL;
    }
    big_free(scratch, slen, 0, x->thp); /* each MSM wiped what it wrote */
    if (!e) job_key(x);
    return e;
}

/* The tail: A, B and C from the sums and the blinding terms, their checks,
 * and the proof's verification (the witness sums in x are wiped by the
 * caller). progress may be NULL (inside the side-by-side region: no
 * callbacks there). */
static zkp_err g16_finish(groth16_proof_t *proof, pjobs_t *x, const r1cs_t *cs,
                          groth16_progress_fn progress, void *ctx) {
    const groth16_pk_t *pk = x->pk;
    g1_t t1;
    g1_add(&x->pc, &x->pc, &x->ph);

    /* A = alpha + sum + r delta */
    g1_add_mixed(&x->pa, &x->pa, &pk->alpha1);
    g1_add(&x->pa, &x->pa, &x->rd1);
    /* B = beta + sum + s delta (G2 and G1) */
    g2_add_mixed(&x->pb, &x->pb, &pk->beta2);
    g2_add(&x->pb, &x->pb, &x->sd2);
    g1_add_mixed(&x->pb1, &x->pb1, &pk->beta1);
    g1_add(&x->pb1, &x->pb1, &x->sd1);
    /* C += s A + r B1 - r s delta */
    g1_mul(&t1, &x->pa, &x->s);
    g1_add(&x->pc, &x->pc, &t1);
    g1_mul(&t1, &x->pb1, &x->r);
    g1_add(&x->pc, &x->pc, &t1);
    zkp_memzero(&t1, sizeof t1);
    g1_add(&x->pc, &x->pc, &x->rsd1);
    g1_to_affine(&proof->a, &x->pa);
    g2_to_affine(&proof->b, &x->pb);
    g1_to_affine(&proof->c, &x->pc);
    /* The B2 points are read unchecked (ZKEY_READ_RAW): points with small-order
     * parts would let B reveal sum w_i t_i mod a small order, so B must be in
     * the subgroup before it leaves; A and C must be on the curve (G1: the
     * whole curve is the group). */
    zkp_err e = g2_affine_validate(&proof->b);
    if (e == ZKP_ERR_NOT_IN_SUBGROUP) {
        memset(proof, 0, sizeof *proof);
        e = zkp_fail(ZKP_ERR_NOT_IN_SUBGROUP,
                     "proving key: the B2 points are not in the G2 subgroup (pi_b is not)");
        return e;
    }
    const char *bad = e ? "pi_b" : (e = g1_affine_validate(&proof->a)) ? "pi_a"
                               : (e = g1_affine_validate(&proof->c)) ? "pi_c"
                                                                      : NULL;
    if (bad) {
        /* no witness moves a sum of curve points off the curve */
        memset(proof, 0, sizeof *proof);
        e = zkp_fail(e, "proving key: its points are corrupt (the proof failed its self-check: "
                        "proof: %s: %s)", bad, zkp_strerror(e));
        return e;
    }
    if (x->epre) { /* its message stayed on the thread that ran job KEY */
        memset(proof, 0, sizeof *proof);
        e = zkp_fail(x->epre, "prove: self-check: the public inputs' sum vk_x failed");
        return e;
    }

    {
        /* The proof is verified before it leaves (groth16_verify's equation
         * e(-A, B) e(alpha, beta) e(vk_x, gamma) e(C, delta) = 1, with the
         * Miller loops of the second and third factors run by job KEY beside
         * the MSMs: two Miller loops and the final exponentiation remain).
         * Without the r1cs a failure means the witness does not satisfy the
         * constraints; with it (the witness passed every constraint) that the
         * key is not the r1cs's. */
        step(progress, ctx, "prove: self-check", 0, 1);
        g1_affine_t p[2];
        g2_affine_t q[2] = {proof->b, pk->delta2};
        fq12_t f;
        g1_from_affine(&t1, &proof->a);
        g1_neg(&t1, &t1);
        g1_to_affine(&p[0], &t1);
        p[1] = proof->c;
        pairing_miller_loop(&f, p, q, 2);
        fq12_mul(&f, &f, &x->fpre);
        pairing_final_exp(&f, &f);
        e = fq12_is_one(&f) ? ZKP_OK : ZKP_ERR_VERIFY_FAIL;
        if (e == ZKP_ERR_VERIFY_FAIL && !cs)
            e = zkp_fail(ZKP_ERR_UNSATISFIED,
                         "witness does not satisfy the constraints (the proof failed its self-check;"
                         " give the circuit's .r1cs to name the failing constraint)");
        else if (e == ZKP_ERR_VERIFY_FAIL)
            e = zkp_fail(ZKP_ERR_INVALID_ARG, "the proof failed its self-check although the "
                                              "witness satisfies the r1cs: the zkey is not this "
                                              "r1cs's proving key");
        if (e) memset(proof, 0, sizeof *proof);
        zkp_memzero(&t1, sizeof t1);
        zkp_memzero(&f, sizeof f);
    }
    return e;
}

/* Side by side: every job on one thread (its NTTs and MSMs serial, no
 * barriers inside), T threads taking jobs from one list, each the first job
 * of the list whose inputs are ready (list scheduling by priority):
 *   ROWS, NTT a, NTT b, NTT c, H (h = a b - c), HC prep, HC part 0, HC part 1,
 *   B2 (~3 G1 MSMs), A, B1, KEY.
 * HC is the H and C sums as one MSM (job_hc_prep). The chain ROWS -> NTTs ->
 * H -> HC is the longest, so it goes first and its pieces are taken as soon
 * as they are ready; HC in two parts (window ranges of one MSM, the scalars
 * classified and split once by the prep)
 * lets both threads share it; the witness MSMs fill the gaps. A thread that
 * finds nothing ready while jobs are pending waits for a running one (only
 * inside the chain, briefly). OpenMP tasks with dependences did worse:
 * libgomp queued the ready NTTs behind the witness MSMs, so H started last
 * and ran alone (a 2^12 proof took ~2x its balanced time). Each thread has
 * its own MSM scratch. Unmapping touched pages costs ~1-3 us per page on
 * this VM (shadow paging: ~0.3-1 ms per scratch), so it happens beside other
 * work, not between the last job and the tail (a 2^12 proof: ~0.8 ms there
 * before): a helper thread unmaps its scratch as soon as it runs out of
 * jobs; h is freed by the second HC part to finish; the master runs the tail
 * (g16_finish: A, B, C, their checks, the self-check) inside the region once
 * every job is done, while thread 1 unmaps the master's scratch. Every
 * job's result depends on the job only (the HC parts are added in a fixed
 * order): the proof does not depend on the schedule. A job whose input
 * failed is skipped; messages of failed jobs are kept per job (the error
 * text is thread-local) and the first in job order is reported. */
enum {
    SJ_ROWS,
    SJ_NTTA,
    SJ_NTTB,
    SJ_NTTC,
    SJ_POLYH,
    SJ_HCPREP,
    SJ_HC0,
    SJ_HC1,
    SJ_B2,
    SJ_A,
    SJ_B1,
    SJ_KEY,
    SJ_N
};

/* the job a job waits for (the NTTs: all three for POLYH), -1: none */
static int sj_dep(int j) {
    switch (j) {
    case SJ_NTTA:
    case SJ_NTTB:
    case SJ_NTTC:
        return SJ_ROWS;
    case SJ_POLYH:
        return SJ_NTTC; /* and NTTA, NTTB: checked in sj_ready */
    case SJ_HCPREP:
        return SJ_POLYH;
    case SJ_HC0:
    case SJ_HC1:
        return SJ_HCPREP;
    default:
        return -1;
    }
}

static bool sj_ready(const int *st, int j) {
    int d = sj_dep(j);
    if (d < 0) return true;
    if (j == SJ_POLYH) return st[SJ_NTTA] == 2 && st[SJ_NTTB] == 2 && st[SJ_NTTC] == 2;
    return st[d] == 2;
}

static bool sj_all_done(const int *st) {
    for (int i = 0; i < SJ_N; i++)
        if (st[i] != 2) return false;
    return true;
}

static zkp_err jobs_side_by_side(pjobs_t *x, int T, groth16_proof_t *proof, const r1cs_t *cs) {
    zkp_err je[SJ_N] = {ZKP_OK}, efin = ZKP_OK;
    char msg[SJ_N][160];
    int st[SJ_N] = {0}; /* 0 pending, 1 running, 2 done (under the critical section) */
    void *scr[G16_SIDE_THREADS_MAX] = {NULL};
    size_t slen = msm_scratch_size_serial(x->n + x->nw); /* the H and C MSM */
    x->hcs_len = msm_g1_zkey_shared_size(x->n + x->nw - x->np);
    zkp_err e = ZKP_OK;
    for (int t = 0; t < T; t++)
        if (!(scr[t] = big_new(slen, false, x->thp))) {
            e = zkp_fail(ZKP_ERR_NOMEM, "prove: MSM scratch of %zu bytes", slen);
            goto out;
        }
    if (!(x->hcs = big_new(x->hcs_len, false, x->thp))) {
        e = zkp_fail(ZKP_ERR_NOMEM, "prove: MSM scratch of %zu bytes", x->hcs_len);
        goto out;
    }
    g1_set_infinity(&x->ph2);
    g1_set_infinity(&x->pc);
#pragma omp parallel num_threads(T)
    {
        void *sc = scr[omp_get_thread_num()];
        for (;;) {
            int j = -1;
            bool left = false;
#pragma omp critical(g16_side)
            {
                for (int i = 0; i < SJ_N && j < 0; i++) {
                    if (st[i] != 0) continue;
                    left = true;
                    if (sj_ready(st, i)) j = i, st[i] = 1;
                }
            }
            if (j < 0) {
                if (!left) {
                    /* Out of jobs. A helper thread unmaps its scratch while
                     * the others finish; the master waits for the last job
                     * and runs the tail (no job failed) while thread 1 unmaps
                     * the master's scratch beside it. */
                    int me = omp_get_thread_num();
                    if (me) big_free(sc, slen, 0, x->thp), scr[me] = NULL;
                    if (me > 1) break;
                    for (bool done = false;;) {
#pragma omp critical(g16_side)
                        done = sj_all_done(st);
                        if (done) break;
                        /* the master goes on with the tail at once (as the
                         * chain's waits: a sleep's wake-up took ~0.9 ms at
                         * load 3); thread 1 polls asleep, not spinning */
                        if (me == 0)
                            sched_yield();
                        else
                            nanosleep(&(struct timespec){0, 20000}, NULL);
                    }
                    if (me == 1) {
                        big_free(scr[0], slen, 0, x->thp), scr[0] = NULL;
                        break;
                    }
                    bool ok = true;
                    for (int i = 0; i < SJ_N; i++) ok = ok && !je[i];
                    if (ok) {
                        g1_add(&x->ph, &x->ph, &x->ph2);
                        efin = g16_finish(proof, x, cs, NULL, NULL); /* its message: this thread's */
                    }
                    break;
                }
#pragma omp flush
                sched_yield(); /* a running job of the chain will make one ready */
                continue;
            }
            zkp_err ej = ZKP_OK;
            int d = sj_dep(j);
            bool skip = d >= 0 && (je[SJ_ROWS] || je[d]); /* ROWS and HCPREP may fail */
            if (!skip) {
                switch (j) {
                case SJ_ROWS:
                    ej = poly_rows(x, 1);
                    break;
                case SJ_NTTA:
                    ntt_values_to_coset(x->dom, x->a, &x->g);
                    break;
                case SJ_NTTB:
                    ntt_values_to_coset(x->dom, x->b, &x->g);
                    break;
                case SJ_NTTC:
                    ntt_values_to_coset(x->dom, x->c, &x->g);
                    break;
                case SJ_POLYH:
                    poly_h(x, 1);
                    break;
                case SJ_HCPREP:
                    ej = job_hc_prep(x);
                    break;
                case SJ_HC0:
                    ej = msm_g1_zkey_part(&x->ph, x->hcs, 0, x->reuse, sc, slen);
                    break;
                case SJ_HC1:
                    ej = msm_g1_zkey_part(&x->ph2, x->hcs, 1, x->reuse, sc, slen);
                    break;
                case SJ_B2:
                    ej = job_msm(x, JOB_B2, sc, slen);
                    break;
                case SJ_A:
                    ej = job_msm(x, JOB_A, sc, slen);
                    break;
                case SJ_B1:
                    ej = job_msm(x, JOB_B1, sc, slen);
                    break;
                default:
                    job_key(x);
                }
            }
            if (ej) snprintf(msg[j], sizeof msg[j], "%s", zkp_last_error());
            je[j] = ej;
            bool hfree;
#pragma omp critical(g16_side)
            {
                st[j] = 2;
                hfree = (j == SJ_HC0 || j == SJ_HC1) && st[SJ_HC0] == 2 && st[SJ_HC1] == 2;
            }
            if (hfree) { /* h, H and C are read by the two parts only: the second frees them */
                big_free(x->a, x->vsz, x->vsz, x->thp), x->a = NULL;
                msm_g1_zkey_unprep(x->hcs), x->hcs_used = false;
                big_free(x->hcs, x->hcs_len, 0, x->thp), x->hcs = NULL;
                zkey_release_raw(x->pk, x->pk->raw_h, x->n * G1_BYTES);
                zkey_release_raw(x->pk, x->pk->raw_c, (x->nw - x->np) * G1_BYTES);
            }
        }
    }
    for (int j = 0; j < SJ_N && !e; j++)
        if (je[j]) e = zkp_fail(je[j], "%s", msg[j]);
    if (!e) e = efin; /* its message was set on this (the master) thread */
out:
    for (int t = 0; t < T; t++)
        big_free(scr[t], slen, 0, x->thp);
    if (x->hcs && x->hcs_used) msm_g1_zkey_unprep(x->hcs);
    big_free(x->hcs, x->hcs_len, 0, x->thp), x->hcs = NULL;
    big_free(x->a, x->vsz, x->vsz, x->thp), x->a = NULL;
    return e;
}

zkp_err groth16_prove_le(groth16_proof_t *proof, const groth16_pk_t *pk, const r1cs_t *cs,
                         const uint8_t *w, size_t n_w, groth16_progress_fn progress, void *ctx) {
    return g16_prove_le(proof, pk, cs, w, n_w, progress, ctx, NULL, G16_SCHED_AUTO);
}

zkp_err g16_prove_le(groth16_proof_t *proof, const groth16_pk_t *pk, const r1cs_t *cs,
                     const uint8_t *w, size_t n_w, groth16_progress_fn progress, void *ctx,
                     const fr_t rs_fixed[2], int sched) {
    memset(proof, 0, sizeof *proof);
    if (!pk->raw_a) {
        groth16_pk_t *raw;
        uint8_t *img;
        size_t len;
        zkp_err e = raw_key(&raw, &img, &len, pk);
        if (!e) e = g16_prove_le(proof, raw, cs, w, n_w, progress, ctx, rs_fixed, sched);
        zkey_free(raw);
        zkp_free(img);
        return e;
    }
    size_t n = pk->domain_size, nw = pk->n_vars, np = (size_t)pk->n_public + 1;
    if (n_w != nw)
        return zkp_fail(ZKP_ERR_FORMAT, "witness has %zu values, the proving key %zu wires", n_w, nw);
    if (cs && (cs->n_wires != nw || groth16_n_public(cs) != pk->n_public ||
               (uint64_t)cs->n_constraints + np > n))
        return zkp_fail(ZKP_ERR_INVALID_ARG,
                        "the r1cs (%u wires, %u public, %u constraints) does not belong to the "
                        "proving key (%zu wires, %u public, domain %zu)",
                        cs->n_wires, groth16_n_public(cs), cs->n_constraints, nw, pk->n_public, n);
    unsigned k = 0;
    while (((size_t)1 << k) < n) k++;
    if (((size_t)1 << k) != n || k > 27)
        return zkp_fail(ZKP_ERR_FORMAT, "proving key: domain size %zu is not a power of two <= 2^27", n);
    static const uint8_t one_le[32] = {1};
    if (memcmp(w, one_le, 32) != 0)
        return zkp_fail(ZKP_ERR_UNSATISFIED, "witness: wire 0 must be 1 (the constant one)");
    fr_t *pub = NULL, *wf = NULL;
    zkp_err e = ZKP_ERR_NOMEM;
    pjobs_t x = {.pk = pk, .w = w, .n = n, .nw = nw, .np = np, .vsz = n * sizeof(fr_t), .k = k,
                 .thp = n >= G16_THP_MIN, .reuse = n >= G16_THP_MIN ? 0 : MSM_SCRATCH_REUSE,
                 .pub = NULL};
    if (!(pub = zkp_calloc(np, sizeof *pub))) {
        zkp_set_error("prove: %zu public values", np);
        goto out;
    }
    for (size_t i = 0; i < np; i++)
        if ((e = fr_from_bytes_le(&pub[i], w + 32 * i))) {
            zkp_set_error("witness: value %zu is not canonical (>= r)", i);
            goto out;
        }
    x.pub = pub + 1;
    if (cs) {
        step(progress, ctx, "prove: witness check", 0, 1);
        e = ZKP_ERR_NOMEM;
        if (!(wf = zkp_malloc(nw * sizeof *wf))) {
            zkp_set_error("prove: witness of %zu values", nw);
            goto out;
        }
        for (size_t i = 0; i < nw; i++)
            if ((e = fr_from_bytes_le(&wf[i], w + 32 * i))) {
                zkp_set_error("witness: value %zu is not canonical (>= r)", i);
                goto out;
            }
        e = groth16_check_witness(cs, wf, nw, NULL);
        zkp_free_secret(wf, nw * sizeof *wf), wf = NULL;
        if (e) goto out;
    }
    if (rs_fixed)
        x.r = rs_fixed[0], x.s = rs_fixed[1];
    else if ((e = g16_random_nonzero(&x.r)) || (e = g16_random_nonzero(&x.s)))
        goto out;
    int T = zkp_threads();
    if (T > G16_SIDE_THREADS_MAX) T = G16_SIDE_THREADS_MAX;
    if (sched == G16_SCHED_AUTO) {
        const char *env = getenv("ZKPOT_PROVE_SCHED");
        sched = env && !strcmp(env, "side") ? G16_SCHED_SIDE
                : env && !strcmp(env, "turn") ? G16_SCHED_TURN
                : T > 1 && n <= G16_SIDE_MAX  ? G16_SCHED_SIDE
                                              : G16_SCHED_TURN;
    }
    if (sched == G16_SCHED_SIDE) {
        step(progress, ctx, "prove: NTT and MSMs side by side", 0, 1);
        e = jobs_side_by_side(&x, T, proof, cs); /* the tail too */
    } else {
        e = jobs_in_turn(&x, progress, ctx);
        if (!e) e = g16_finish(proof, &x, cs, progress, ctx);
    }
    if (e) goto out;
out:
    big_free(x.a, x.vsz, x.vsz, x.thp), big_free(x.b, x.vsz, x.vsz, x.thp);
    big_free(x.c, x.vsz, x.vsz, x.thp);
    ntt_domain_free(x.dom);
    zkp_memzero(&x, sizeof x); /* the sums are secret-dependent */
    zkp_free_secret(wf, wf ? nw * sizeof *wf : 0);
    zkp_free(pub);
    return e;
}
