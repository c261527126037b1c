/* zkpot tests: L3 msm (Pippenger over G1, G2) against the naive sum of g*_mul_var,
 * for sizes 1..2^12 and scalar mixes that hit every path: zero, +-1 (the
 * ones path), small, large, boundary values around 2^128 and r/2, points at
 * infinity, and repeated points so that buckets see P + P and P + (-P). */
#include <check.h>
#include <string.h>

#include "test_util.h"
#include "zkpot.h"

static void rand_fr(fr_t *a, uint64_t *st) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++) b[i] = (uint8_t)test_rand64(st);
    fr_reduce_bytes_le(a, b);
}

/* fr from a small signed integer */
static void fr_from_i64(fr_t *a, int64_t v) {
    fr_set_u64(a, (uint64_t)(v < 0 ? -v : v));
    if (v < 0) fr_neg(a, a);
}

static void fr_from_u128(fr_t *a, uint64_t lo, uint64_t hi) {
    uint64_t l[4] = {lo, hi, 0, 0};
    ck_assert_int_eq(fr_from_limbs(a, l), ZKP_OK);
}

enum { S_RANDOM, S_ZERO, S_ONE, S_SMALL, S_MIXED, S_REPEAT, S_KINDS };
static const char *const kind_name[S_KINDS] = {"random", "zero", "one", "small", "mixed", "repeat"};

/* Points: random multiples of the generator, some at infinity (mixed), or a
 * pool of four (repeat): P, -P, 2P, infinity. */
static void make_points(g1_affine_t *p, size_t n, int kind, uint64_t *st) {
    g1_t g, q;
    g1_generator(&g);
    g1_t *jac = malloc(n * sizeof *jac);
    ck_assert_ptr_nonnull(jac);
    if (kind == S_REPEAT) {
        fr_t k;
        rand_fr(&k, st);
        g1_t pool[4];
        g1_mul_var(&pool[0], &g, &k);
        g1_neg(&pool[1], &pool[0]);
        g1_dbl(&pool[2], &pool[0]);
        g1_set_infinity(&pool[3]);
        for (size_t i = 0; i < n; i++) jac[i] = pool[test_rand64(st) % 4];
    } else {
        /* P_0 = a G, P_{i+1} = P_i + b G + (every few steps) a fresh random multiple */
        fr_t a;
        rand_fr(&a, st);
        g1_mul_var(&q, &g, &a);
        rand_fr(&a, st);
        g1_t step;
        g1_mul_var(&step, &g, &a);
        for (size_t i = 0; i < n; i++) {
            if (i % 64 == 63) {
                rand_fr(&a, st);
                g1_mul_var(&step, &g, &a);
            }
            g1_add(&q, &q, &step);
            jac[i] = q;
        }
        if (kind == S_MIXED)
            for (size_t i = 0; i < n; i++)
                if (test_rand64(st) % 16 == 0) g1_set_infinity(&jac[i]);
    }
    g1_batch_to_affine(p, jac, n);
    free(jac);
}

static void make_scalars(fr_t *s, size_t n, int kind, uint64_t *st) {
    for (size_t i = 0; i < n; i++) {
        uint64_t r = test_rand64(st);
        switch (kind) {
        case S_RANDOM: rand_fr(&s[i], st); break;
        case S_ZERO: s[i] = fr_zero_c; break;
        case S_ONE: s[i] = fr_one_c; break;
        case S_SMALL: fr_from_i64(&s[i], (int64_t)(r % 70000) - 35000); break;
        case S_REPEAT: {
            static const int64_t pool[] = {1, 2, 3, -1, -2, 5, 1000};
            fr_from_i64(&s[i], pool[r % 7]);
            break;
        }
        default: /* mixed: mostly bits, some -1, small, boundary and random values */
            switch (r % 16) {
            case 0: case 1: case 2: case 3: case 4: case 5: s[i] = fr_zero_c; break;
            case 6: case 7: case 8: case 9: s[i] = fr_one_c; break;
            case 10: fr_from_i64(&s[i], -1); break;
            case 11: fr_from_i64(&s[i], (int64_t)(r >> 40) - (1 << 23)); break;
            case 12: {
                /* around 2^64, 2^127, 2^128 and (r-1)/2 */
                static const uint64_t b[][2] = {
                    {~0ull, 0}, {0, 1}, {0, 1ull << 63}, {~0ull, ~0ull}};
                int v = (int)((r >> 8) % 6);
                if (v < 4) {
                    fr_from_u128(&s[i], b[v][0], b[v][1]);
                } else {
                    uint64_t h[4] = {0xa1f0fac9f8000000ULL, 0x9419f4243cdcb848ULL,
                                     0xdc2822db40c0ac2eULL, 0x183227397098d014ULL};
                    h[0] += (uint64_t)(v - 4); /* (r-1)/2 and (r+1)/2 */
                    ck_assert_int_eq(fr_from_limbs(&s[i], h), ZKP_OK);
                }
                if ((r >> 20) & 1) fr_neg(&s[i], &s[i]);
                break;
            }
            default: rand_fr(&s[i], st);
            }
        }
    }
}

static void naive(g1_t *r, const g1_affine_t *p, const fr_t *s, size_t n) {
    g1_set_infinity(r);
    for (size_t i = 0; i < n; i++) {
        g1_t a, t;
        g1_from_affine(&a, &p[i]);
        g1_mul_var(&t, &a, &s[i]);
        g1_add(r, r, &t);
    }
}

static const size_t sizes[] = {1, 2, 3, 5, 8, 13, 31, 64, 100, 255, 512, 1000, 2048, 4096};

/* _i enumerates (size, kind) */
START_TEST(msm_g1_vs_naive) {
    size_t n = sizes[(size_t)_i / S_KINDS];
    int kind = _i % S_KINDS;
    uint64_t st = 0x5eed0000 + (uint64_t)_i;
    g1_affine_t *p = malloc(n * sizeof *p);
    fr_t *s = malloc(n * sizeof *s);
    ck_assert(p && s);
    make_points(p, n, kind, &st);
    make_scalars(s, n, kind, &st);
    g1_t got, want;
    ck_assert_int_eq(msm_g1(&got, p, s, n), ZKP_OK);
    naive(&want, p, s, n);
    ck_assert_msg(g1_eq(&got, &want), "n=%zu scalars=%s", n, kind_name[kind]);
    ck_assert(g1_is_on_curve(&got));
    free(p), free(s);
}
END_TEST

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

START_TEST(msm_g1_empty_and_scratch) {
    g1_t r;
    ck_assert_int_eq(msm_g1(&r, NULL, NULL, 0), ZKP_OK);
    ck_assert(g1_is_infinity(&r));
    size_t n = 300;
    uint64_t st = 77;
    g1_affine_t *p = malloc(n * sizeof *p);
    fr_t *s = malloc(n * sizeof *s);
    make_points(p, n, S_RANDOM, &st);
    make_scalars(s, n, S_MIXED, &st);
    size_t len = msm_scratch_size(n);
    void *buf = malloc(len);
    g1_t a, b;
    ck_assert_int_eq(msm_g1_scratch(&a, p, s, n, buf, 64), ZKP_ERR_RANGE);
    ck_assert_int_eq(msm_g1_scratch(&a, p, s, n, buf, len), ZKP_OK);
    ck_assert_int_eq(msm_g1(&b, p, s, n), ZKP_OK);
    ck_assert(g1_eq(&a, &b));
    /* the same scratch again, other scalars */
    make_scalars(s, n, S_RANDOM, &st);
    ck_assert_int_eq(msm_g1_scratch(&a, p, s, n, buf, len), ZKP_OK);
    naive(&b, p, s, n);
    ck_assert(g1_eq(&a, &b));
    /* no nonzero canonical limb of any scalar is left in the scratch */
    uint64_t *limbs = malloc(4 * n * sizeof *limbs);
    for (size_t i = 0; i < n; i++) fr_to_limbs(limbs + 4 * i, &s[i]);
    qsort(limbs, 4 * n, sizeof *limbs, cmp_u64);
    for (size_t off = 0; off + 8 <= len; off += 8) {
        uint64_t w;
        memcpy(&w, (char *)buf + off, 8);
        ck_assert(w == 0 || !bsearch(&w, limbs, 4 * n, sizeof *limbs, cmp_u64));
    }
    free(limbs);
    free(buf), free(p), free(s);
}
END_TEST

/* Above the parallel threshold: 1 and 2 threads agree with each other and with
 * the naive sum (random, training-like mix, all ones). */
START_TEST(msm_g1_threads_agree) {
    size_t n = 8192 + 77;
    int kind = _i == 0 ? S_RANDOM : _i == 1 ? S_MIXED : S_ONE;
    uint64_t st = 0x7777 + (uint64_t)_i;
    g1_affine_t *p = malloc(n * sizeof *p);
    fr_t *s = malloc(n * sizeof *s);
    make_points(p, n, kind == S_ONE ? S_MIXED : kind, &st);
    make_scalars(s, n, kind, &st);
    g1_t a, b, want;
    zkp_set_threads(1);
    ck_assert_int_eq(msm_g1(&a, p, s, n), ZKP_OK);
    zkp_set_threads(2);
    ck_assert_int_eq(msm_g1(&b, p, s, n), ZKP_OK);
    zkp_set_threads(0);
    ck_assert(g1_eq(&a, &b));
    naive(&want, p, s, n);
    ck_assert(g1_eq(&a, &want));
    free(p), free(s);
}
END_TEST

/* More +-1 scalars than one ones item takes (65536), with zeros and a few
 * random scalars; the naive sum adds or subtracts the points directly. */
START_TEST(msm_g1_many_ones) {
    size_t n = 2 * 65536 + 4099;
    uint64_t st = 0x0e5;
    g1_affine_t *p = malloc(n * sizeof *p);
    fr_t *s = malloc(n * sizeof *s);
    make_points(p, n, S_MIXED, &st);
    g1_t want, t;
    g1_set_infinity(&want);
    for (size_t i = 0; i < n; i++) {
        uint64_t r = test_rand64(&st) % 64;
        g1_from_affine(&t, &p[i]);
        if (r < 40) {
            s[i] = fr_one_c;
        } else if (r < 58) {
            fr_from_i64(&s[i], -1);
            g1_neg(&t, &t);
        } else if (r < 63) {
            s[i] = fr_zero_c;
            continue;
        } else {
            rand_fr(&s[i], &st);
            g1_mul_var(&t, &t, &s[i]);
        }
        g1_add(&want, &want, &t);
    }
    g1_t a, b;
    zkp_set_threads(1);
    ck_assert_int_eq(msm_g1(&a, p, s, n), ZKP_OK);
    zkp_set_threads(2);
    ck_assert_int_eq(msm_g1(&b, p, s, n), ZKP_OK);
    zkp_set_threads(0);
    ck_assert(g1_eq(&a, &want));
    ck_assert(g1_eq(&b, &want));
    free(p), free(s);
}
END_TEST

/* ---- G2 ---- */

static void make_points_g2(g2_affine_t *p, size_t n, int kind, uint64_t *st) {
    g2_t g, q, step, pool[4];
    g2_generator(&g);
    g2_t *jac = malloc(n * sizeof *jac);
    ck_assert_ptr_nonnull(jac);
    fr_t a;
    rand_fr(&a, st);
    g2_mul_var(&q, &g, &a);
    rand_fr(&a, st);
    g2_mul_var(&step, &g, &a);
    pool[0] = q;
    g2_neg(&pool[1], &q);
    g2_dbl(&pool[2], &q);
    g2_set_infinity(&pool[3]);
    for (size_t i = 0; i < n; i++) {
        if (kind == S_REPEAT) {
            jac[i] = pool[test_rand64(st) % 4];
            continue;
        }
        g2_add(&q, &q, &step);
        jac[i] = q;
        if (kind == S_MIXED && test_rand64(st) % 16 == 0) g2_set_infinity(&jac[i]);
    }
    g2_batch_to_affine(p, jac, n);
    free(jac);
}

static void naive_g2(g2_t *r, const g2_affine_t *p, const fr_t *s, size_t n) {
    g2_set_infinity(r);
    for (size_t i = 0; i < n; i++) {
        g2_t a, t;
        g2_from_affine(&a, &p[i]);
        g2_mul_var(&t, &a, &s[i]);
        g2_add(r, r, &t);
    }
}

static const size_t sizes_g2[] = {1, 2, 7, 33, 200, 1024};

START_TEST(msm_g2_vs_naive) {
    size_t n = sizes_g2[(size_t)_i / S_KINDS];
    int kind = _i % S_KINDS;
    uint64_t st = 0x62000000 + (uint64_t)_i;
    g2_affine_t *p = malloc(n * sizeof *p);
    fr_t *s = malloc(n * sizeof *s);
    ck_assert(p && s);
    make_points_g2(p, n, kind, &st);
    make_scalars(s, n, kind, &st);
    g2_t got, want;
    ck_assert_int_eq(msm_g2(&got, p, s, n), ZKP_OK);
    naive_g2(&want, p, s, n);
    ck_assert_msg(g2_eq(&got, &want), "n=%zu scalars=%s", n, kind_name[kind]);
    ck_assert(g2_is_on_curve(&got));
    free(p), free(s);
}
END_TEST

START_TEST(msm_g2_threads_agree) {
    size_t n = 8192 + 5; /* above MSM_PAR_MIN */
    uint64_t st = 0x6262;
    g2_affine_t *p = malloc(n * sizeof *p);
    fr_t *s = malloc(n * sizeof *s);
    make_points_g2(p, n, S_MIXED, &st);
    make_scalars(s, n, S_MIXED, &st);
    g2_t a, b, want;
    zkp_set_threads(1);
    ck_assert_int_eq(msm_g2(&a, p, s, n), ZKP_OK);
    zkp_set_threads(2);
    ck_assert_int_eq(msm_g2(&b, p, s, n), ZKP_OK);
    zkp_set_threads(0);
    ck_assert(g2_eq(&a, &b));
    naive_g2(&want, p, s, n);
    ck_assert(g2_eq(&a, &want));
    /* caller scratch */
    size_t len = msm_scratch_size(n);
    void *buf = malloc(len);
    ck_assert_int_eq(msm_g2_scratch(&b, p, s, n, buf, len), ZKP_OK);
    ck_assert(g2_eq(&b, &want));
    free(buf), free(p), free(s);
}
END_TEST

/* ---- zkey-layout points (msm_g1_zkey / msm_g2_zkey) ---- */

/* Points in the zkey layout and scalars as LE bytes, both at a misaligned
 * offset (sections of a mapped file start anywhere). */
static uint8_t *zkey_points_g1(const g1_affine_t *p, size_t n, size_t off) {
    uint8_t *b = malloc(off + n * G1_BYTES + 1);
    ck_assert_ptr_nonnull(b);
    for (size_t i = 0; i < n; i++) g1_to_zkey(b + off + i * G1_BYTES, &p[i]);
    return b;
}

static uint8_t *le_scalars(const fr_t *s, size_t n, size_t off) {
    uint8_t *b = malloc(off + n * 32 + 1);
    ck_assert_ptr_nonnull(b);
    for (size_t i = 0; i < n; i++) fr_to_bytes_le(b + off + i * 32, &s[i]);
    return b;
}

/* One scratch, sized for more points than any run here, reused by runs of
 * other sizes, up and down, with MSM_SCRATCH_REUSE (each lays its arrays out
 * for the scratch's capacity, not for its own n) and without: every result
 * equals the naive sum, with a scratch of the size asked for and a larger
 * one, and no scalar limb (of 32 bits or more) is left in the scratch. */
START_TEST(msm_g1_scratch_reuse) {
    static const size_t ns[] = {300, 1, 2, 17, 1000, 64, 999, 5, 1500};
    size_t cap = 1500;
    uint64_t st = 0x5c4a7c + (uint64_t)_i;
    g1_affine_t *p = malloc(cap * sizeof *p);
    fr_t *s = malloc(cap * sizeof *s);
    uint64_t *limbs = malloc(4 * cap * sizeof *limbs);
    size_t len = msm_scratch_size(cap) + 4096 * (size_t)_i; /* _i 1: more than asked for */
    void *buf = malloc(len);
    ck_assert(p && s && limbs && buf);
    make_points(p, cap, S_MIXED, &st);
    uint8_t *zp = zkey_points_g1(p, cap, 0);
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        size_t n = ns[k];
        make_scalars(s, n, (int)(k % S_KINDS), &st);
        uint8_t *zs = le_scalars(s, n, 0);
        unsigned fl = k % 3 == 2 ? 0 : MSM_SCRATCH_REUSE;
        g1_t a, b;
        if (k & 1)
            ck_assert_int_eq(msm_g1_zkey(&a, zp, zs, MSM_SCALARS_LE | fl, n, buf, len), ZKP_OK);
        else
            ck_assert_int_eq(msm_g1_zkey(&a, zp, s, MSM_SCALARS_FR | fl, n, buf, len), ZKP_OK);
        naive(&b, p, s, n);
        ck_assert_msg(g1_eq(&a, &b), "n=%zu scalars=%s len=%zu flags=%u", n,
                      kind_name[k % S_KINDS], len, fl);
        for (size_t i = 0; i < n; i++) fr_to_limbs(limbs + 4 * i, &s[i]);
        qsort(limbs, 4 * n, sizeof *limbs, cmp_u64);
        for (size_t off = 0; off + 8 <= len; off += 8) {
            uint64_t w;
            memcpy(&w, (char *)buf + off, 8);
            /* small values (counts, ids) may be anything: limbs of small scalars match them */
            ck_assert(w >> 32 == 0 || !bsearch(&w, limbs, 4 * n, sizeof *limbs, cmp_u64));
        }
        free(zs);
    }
    free(zp), free(limbs), free(buf), free(p), free(s);
}
END_TEST

static const size_t sizes_zk[] = {1, 3, 64, 255, 1000, 4096, 8192 + 7};

/* _i enumerates (size, kind); both scalar forms and 1 and 2 threads against msm_g1 */
START_TEST(msm_g1_zkey_vs_msm) {
    size_t n = sizes_zk[(size_t)_i / S_KINDS];
    int kind = _i % S_KINDS;
    uint64_t st = 0x2e40000 + (uint64_t)_i;
    g1_affine_t *p = malloc(n * sizeof *p);
    fr_t *s = malloc(n * sizeof *s);
    ck_assert(p && s);
    make_points(p, n, kind, &st);
    make_scalars(s, n, kind, &st);
    size_t off = 1 + (size_t)_i % 7;
    uint8_t *zp = zkey_points_g1(p, n, off), *zs = le_scalars(s, n, off + 2);
    g1_t want, got;
    ck_assert_int_eq(msm_g1(&want, p, s, n), ZKP_OK);
    if (n <= 255) {
        g1_t nv;
        naive(&nv, p, s, n);
        ck_assert(g1_eq(&nv, &want));
    }
    for (int t = 1; t <= 2; t++) {
        zkp_set_threads(t);
        ck_assert_int_eq(msm_g1_zkey(&got, zp + off, zs + off + 2, MSM_SCALARS_LE, n, NULL, 0),
                         ZKP_OK);
        ck_assert_msg(g1_eq(&got, &want), "le n=%zu scalars=%s threads=%d", n, kind_name[kind], t);
        size_t len = msm_scratch_size(n);
        void *buf = malloc(len);
        ck_assert_int_eq(msm_g1_zkey(&got, zp + off, s, MSM_SCALARS_FR, n, buf, len), ZKP_OK);
        ck_assert_msg(g1_eq(&got, &want), "fr n=%zu scalars=%s threads=%d", n, kind_name[kind], t);
        ck_assert_int_eq(msm_g1_zkey(&got, zp + off, s, MSM_SCALARS_FR, n, buf, 64),
                         ZKP_ERR_RANGE);
        free(buf);
    }
    zkp_set_threads(0);
    free(zp), free(zs), free(p), free(s);
}
END_TEST

/* msm_g1_zkey_parts: two inputs (one fr_t, one little-endian; their kinds
 * differ) in 1, 2 and 3 parts, run on 1 and 2 threads: the parts add up to
 * msm_g1 over both inputs' points and scalars; the same with one
 * msm_g1_zkey_prep and the parts (msm_g1_zkey_part) run side by side; bad
 * part numbers and short buffers are refused. */
static const size_t sizes_parts[][2] = {{1, 0}, {0, 5}, {7, 3}, {300, 1000}, {4096, 5115},
                                        {9000, 100}};

START_TEST(msm_g1_zkey_parts_vs_msm) {
    size_t n0 = sizes_parts[(size_t)_i / S_KINDS][0], n1 = sizes_parts[(size_t)_i / S_KINDS][1];
    size_t n = n0 + n1;
    int kind = _i % S_KINDS;
    uint64_t st = 0x9a275 + (uint64_t)_i;
    g1_affine_t *p = malloc((n + 1) * sizeof *p);
    fr_t *s = malloc((n + 1) * sizeof *s);
    ck_assert(p && s);
    make_points(p, n, kind, &st);
    make_scalars(s, n0, kind, &st);
    make_scalars(s + n0, n1, (kind + 2) % S_KINDS, &st);
    uint8_t *zp = zkey_points_g1(p, n, 1), *zs = le_scalars(s, n, 3);
    g1_t want, got, part;
    ck_assert_int_eq(msm_g1(&want, p, s, n), ZKP_OK);
    bool le0 = _i & 1; /* which input has the little-endian scalars */
    msm_zkey_input_t in[2] = {
        {zp + 1, le0 ? (const void *)(zs + 3) : (const void *)s,
         le0 ? MSM_SCALARS_LE : MSM_SCALARS_FR, n0},
        {zp + 1 + n0 * G1_BYTES, le0 ? (const void *)(s + n0) : (const void *)(zs + 3 + 32 * n0),
         le0 ? MSM_SCALARS_FR : MSM_SCALARS_LE, n1}};
    for (int t = 1; t <= 2; t++) {
        zkp_set_threads(t);
        size_t len = msm_scratch_size(n);
        void *buf = malloc(len);
        ck_assert_ptr_nonnull(buf);
        for (unsigned parts = 1; parts <= 3; parts++) {
            g1_set_infinity(&got);
            for (unsigned k = 0; k < parts; k++) {
                void *b = k & 1 ? NULL : buf; /* allocated inside, or the caller's */
                ck_assert_int_eq(
                    msm_g1_zkey_parts(&part, in, 2, k, parts, MSM_SCRATCH_REUSE, b, len), ZKP_OK);
                g1_add(&got, &got, &part);
            }
            ck_assert_msg(g1_eq(&got, &want), "n=%zu+%zu scalars=%s parts=%u threads=%d", n0, n1,
                          kind_name[kind], parts, t);
            /* prep once, the parts in reverse order (t = 2: side by side on two threads) */
            size_t hl = msm_g1_zkey_shared_size(n), sl = msm_scratch_size_serial(n);
            void *sh = malloc(hl), *sc[3] = {malloc(sl), malloc(sl), malloc(sl)};
            g1_t pr[3];
            zkp_err pe[3] = {ZKP_OK, ZKP_OK, ZKP_OK};
            ck_assert(sh && sc[0] && sc[1] && sc[2]);
            ck_assert_int_eq(msm_g1_zkey_prep(sh, hl, in, 2, parts), ZKP_OK);
#pragma omp parallel for num_threads(t) schedule(static, 1)
            for (int k = (int)parts - 1; k >= 0; k--)
                pe[k] = msm_g1_zkey_part(&pr[k], sh, (unsigned)k, MSM_SCRATCH_REUSE, sc[k], sl);
            g1_set_infinity(&got);
            for (unsigned k = 0; k < parts; k++) {
                ck_assert_int_eq(pe[k], ZKP_OK);
                g1_add(&got, &got, &pr[k]);
            }
            ck_assert_msg(g1_eq(&got, &want), "prep: n=%zu+%zu scalars=%s parts=%u threads=%d",
                          n0, n1, kind_name[kind], parts, t);
            ck_assert_int_eq(msm_g1_zkey_part(&got, sh, parts, 0, sc[0], sl), ZKP_ERR_INVALID_ARG);
            ck_assert_int_eq(msm_g1_zkey_prep(sh, 64, in, 2, parts), ZKP_ERR_RANGE);
            msm_g1_zkey_unprep(sh);
            free(sh), free(sc[0]), free(sc[1]), free(sc[2]);
        }
        ck_assert_int_eq(msm_g1_zkey_parts(&part, in, 2, 2, 2, 0, buf, len), ZKP_ERR_INVALID_ARG);
        ck_assert_int_eq(msm_g1_zkey_parts(&part, in, 3, 0, 1, 0, buf, len), ZKP_ERR_INVALID_ARG);
        ck_assert_int_eq(msm_g1_zkey_parts(&part, in, 2, 0, 1, 0, buf, 64), ZKP_ERR_RANGE);
        free(buf);
    }
    zkp_set_threads(0);
    free(zp), free(zs), free(p), free(s);
}
END_TEST

/* Scalars of every bit length around the window widths' edges (the plan
 * spreads bits + 1 digit bits over windows of c and c - 1 bits): all of
 * them below 2^b (either sign), or one of them b bits long and the rest
 * small, against the naive sum. */
static const unsigned bitlens[] = {1, 2, 3, 8, 9, 17, 63, 64, 65, 100, 126, 127, 128, 129, 200, 254};

START_TEST(msm_g1_bit_lengths) {
    unsigned b = bitlens[_i / 2];
    bool one_long = _i & 1;
    size_t n = 700;
    uint64_t st = 0xb17 + (uint64_t)_i;
    g1_affine_t *p = malloc(n * sizeof *p);
    fr_t *s = malloc(n * sizeof *s);
    ck_assert(p && s);
    make_points(p, n, S_RANDOM, &st);
    for (size_t i = 0; i < n; i++) {
        unsigned bi = one_long && i != n / 2 ? (b < 5 ? b : 5) : b;
        uint64_t l[4] = {0};
        for (unsigned q = 0; q < 4; q++) l[q] = test_rand64(&st);
        for (unsigned q = 0; q < 4; q++) /* keep bits [0, bi) */
            l[q] = bi >= 64 * (q + 1) ? l[q] : bi <= 64 * q ? 0 : l[q] & ((1ull << (bi - 64 * q)) - 1);
        if (bi == 254) l[3] &= 0x0fffffffffffffffull; /* < r */
        ck_assert_int_eq(fr_from_limbs(&s[i], l), ZKP_OK);
        if (test_rand64(&st) & 1) fr_neg(&s[i], &s[i]);
    }
    g1_t want, got;
    naive(&want, p, s, n);
    ck_assert_int_eq(msm_g1(&got, p, s, n), ZKP_OK);
    ck_assert_msg(g1_eq(&got, &want), "bits=%u one_long=%d", b, one_long);
    free(p), free(s);
}
END_TEST

static const size_t sizes_zk2[] = {1, 33, 1024};

START_TEST(msm_g2_zkey_vs_msm) {
    size_t n = sizes_zk2[(size_t)_i / S_KINDS];
    int kind = _i % S_KINDS;
    uint64_t st = 0x2e62000 + (uint64_t)_i;
    g2_affine_t *p = malloc(n * sizeof *p);
    fr_t *s = malloc(n * sizeof *s);
    ck_assert(p && s);
    make_points_g2(p, n, kind, &st);
    make_scalars(s, n, kind, &st);
    size_t off = 3;
    uint8_t *zp = malloc(off + n * G2_BYTES), *zs = le_scalars(s, n, 5);
    ck_assert_ptr_nonnull(zp);
    for (size_t i = 0; i < n; i++) g2_to_zkey(zp + off + i * G2_BYTES, &p[i]);
    g2_t want, got;
    naive_g2(&want, p, s, n);
    ck_assert_int_eq(msm_g2_zkey(&got, zp + off, zs + 5, MSM_SCALARS_LE, n, NULL, 0), ZKP_OK);
    ck_assert_msg(g2_eq(&got, &want), "le n=%zu scalars=%s", n, kind_name[kind]);
    ck_assert_int_eq(msm_g2_zkey(&got, zp + off, s, MSM_SCALARS_FR, n, NULL, 0), ZKP_OK);
    ck_assert_msg(g2_eq(&got, &want), "fr n=%zu scalars=%s", n, kind_name[kind]);
    free(zp), free(zs), free(p), free(s);
}
END_TEST

/* MSMs run side by side as OpenMP tasks (inside a parallel region: each on its
 * calling thread, with msm_scratch_size_serial bytes of scratch) equal the
 * MSMs run alone on 1 and 2 threads; sizes around MSM_PAR_MIN (8192), points
 * with some at infinity, every scalar kind. */
static const size_t sizes_side[] = {4096, 8191, 8192 + 5};

START_TEST(msm_side_by_side) {
    size_t n = sizes_side[(size_t)_i / S_KINDS];
    int kind = _i % S_KINDS;
    uint64_t st = 0x51de + (uint64_t)_i;
    size_t n2 = 300; /* G2 */
    g1_affine_t *p = malloc(n * sizeof *p);
    g2_affine_t *q = malloc(n2 * sizeof *q);
    fr_t *s1 = malloc(n * sizeof *s1), *s2 = malloc(n * sizeof *s2);
    ck_assert(p && q && s1 && s2);
    make_points(p, n, kind == S_REPEAT ? S_REPEAT : S_MIXED, &st);
    make_points_g2(q, n2, S_MIXED, &st);
    make_scalars(s1, n, kind, &st);
    make_scalars(s2, n, S_MIXED, &st);
    uint8_t *zp = zkey_points_g1(p, n, 1), *zs = le_scalars(s1, n, 3);
    g1_t want1, want2, got1, got2;
    g2_t want3, got3;
    zkp_set_threads(2);
    ck_assert_int_eq(msm_g1(&want1, p, s1, n), ZKP_OK);
    ck_assert_int_eq(msm_g1(&want2, p, s2, n), ZKP_OK);
    zkp_set_threads(1);
    ck_assert_int_eq(msm_g1(&got1, p, s1, n), ZKP_OK);
    ck_assert(g1_eq(&got1, &want1));
    ck_assert_int_eq(msm_g2(&want3, q, s2, n2), ZKP_OK);
    size_t len = msm_scratch_size_serial(n);
    ck_assert_uint_le(len, msm_scratch_size(n));
    void *buf[3] = {malloc(len), malloc(len), malloc(len)};
    zkp_err e[3] = {ZKP_ERR__COUNT, ZKP_ERR__COUNT, ZKP_ERR__COUNT};
    for (int t = 1; t <= 2; t++) {
        zkp_set_threads(t);
        memset(&got1, 0, sizeof got1), memset(&got2, 0, sizeof got2), memset(&got3, 0, sizeof got3);
#pragma omp parallel num_threads(2)
#pragma omp single
        {
#pragma omp task
            e[0] = msm_g1_zkey(&got1, zp + 1, zs + 3, MSM_SCALARS_LE, n, buf[0], len);
#pragma omp task
            e[1] = msm_g1_zkey(&got2, zp + 1, s2, MSM_SCALARS_FR, n, buf[1], len);
#pragma omp task
            e[2] = msm_g2_scratch(&got3, q, s2, n2, buf[2], len);
        }
        ck_assert(e[0] == ZKP_OK && e[1] == ZKP_OK && e[2] == ZKP_OK);
        ck_assert_msg(g1_eq(&got1, &want1) && g1_eq(&got2, &want2) && g2_eq(&got3, &want3),
                      "n=%zu scalars=%s threads=%d", n, kind_name[kind], t);
    }
    zkp_set_threads(0);
    free(buf[0]), free(buf[1]), free(buf[2]);
    free(zp), free(zs), free(p), free(q), free(s1), free(s2);
}
END_TEST

Suite *msm_suite(void) {
    Suite *s = suite_create("msm");
    TCase *tc = tcase_create("g1");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, msm_g1_vs_naive, 0, (int)(ZKP_ARRAY_LEN(sizes) * S_KINDS));
    tcase_add_test(tc, msm_g1_empty_and_scratch);
    tcase_add_loop_test(tc, msm_g1_scratch_reuse, 0, 2);
    tcase_add_loop_test(tc, msm_g1_threads_agree, 0, 3);
    tcase_add_test(tc, msm_g1_many_ones);
    tcase_add_loop_test(tc, msm_g1_zkey_vs_msm, 0, (int)(ZKP_ARRAY_LEN(sizes_zk) * S_KINDS));
    tcase_add_loop_test(tc, msm_g1_zkey_parts_vs_msm, 0,
                        (int)(ZKP_ARRAY_LEN(sizes_parts) * S_KINDS));
    tcase_add_loop_test(tc, msm_g1_bit_lengths, 0, (int)(2 * ZKP_ARRAY_LEN(bitlens)));
    suite_add_tcase(s, tc);
    TCase *t2 = tcase_create("g2");
    tcase_set_timeout(t2, 120);
    tcase_add_loop_test(t2, msm_g2_vs_naive, 0, (int)(ZKP_ARRAY_LEN(sizes_g2) * S_KINDS));
    tcase_add_test(t2, msm_g2_threads_agree);
    tcase_add_loop_test(t2, msm_g2_zkey_vs_msm, 0, (int)(ZKP_ARRAY_LEN(sizes_zk2) * S_KINDS));
    tcase_add_loop_test(t2, msm_side_by_side, 0, (int)(ZKP_ARRAY_LEN(sizes_side) * S_KINDS));
    suite_add_tcase(s, t2);
    return s;
}
