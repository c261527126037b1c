/* zkpot L3 hash: the Poseidon permutation (textbook and optimized forms) and the
 * circomlib-compatible hash. Parameters come from poseidon_params.c. */
#include <assert.h>
#include <pthread.h>
#include <string.h>

#include "zkpot/poseidon.h"

/* ---- dot products with one Montgomery reduction (lazy reduction) ----
 * Elements are in Montgomery form a*R mod r, R = 2^256, fully reduced (zkpot/field.h), so
 * REDC(sum_j x_j y_j) = sum_j (x_j * y_j * R^-1) mod r is the sum of Montgomery products.
 * With x_j, y_j < r and n <= 5 terms: X = sum < 5 r^2, and REDC(X) = (X + m r) / R with
 * m < R is < 5 r^2 / R + r < 1.95 r (r / R < 0.19), so one conditional subtraction
 * reduces it; X + m r < 2^511 fits eight limbs. (Montgomery, "Modular multiplication
 * without trial division", Math. Comp. 1985.) */
typedef unsigned __int128 u128;

static const uint64_t r_limbs[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL,
                                    0xb85045b68181585dULL, 0x30644e72e131a029ULL};
#define R_NINV 0xc2e1f593efffffffULL /* -r^-1 mod 2^64 */
_Static_assert(0x43e1f593f0000001ULL * R_NINV == ~0ULL, "R_NINV is -r^-1 mod 2^64");
#define DOT_CHUNK 5

/* Two kernels on an eight-limb accumulator w (a value below 2^511 throughout):
 *   mac_wide:  w += x * y
 *   redc_wide: w = REDC(w) in w[4..8) (< 2r here; then one conditional subtraction)
 * REDC is four "w += m_i * r * 2^(64 i)" rows with m_i = w[i] * (-r^-1) mod 2^64, which
 * zero w[0..4); so both kernels are the same row "w[i..8) += d * y[0..4)". */
#if defined(__x86_64__) && defined(__BMI2__) && defined(__ADX__)
/* A row with mulx and two carry chains, adcx (CF) for the low halves and adox (OF) for
 * the high halves, then both carries rippled to the top limb (Intel, "New Instructions
 * Supporting Large Integer Arithmetic on Intel Architecture Processors", 2012). */
#define PZ_ROW4_(a0, a1, a2, a3, a4)                                                               \
    "xorl %k[t0], %k[t0]\n\t" /* clears CF and OF */                                               \
    "mulxq 0(%[y]), %[t0], %[t1]\n\t"                                                              \
    "adcxq %[t0], %[" #a0 "]\n\t"                                                                  \
    "adoxq %[t1], %[" #a1 "]\n\t"                                                                  \
    "mulxq 8(%[y]), %[t0], %[t1]\n\t"                                                              \
    "adcxq %[t0], %[" #a1 "]\n\t"                                                                  \
    "adoxq %[t1], %[" #a2 "]\n\t"                                                                  \
    "mulxq 16(%[y]), %[t0], %[t1]\n\t"                                                             \
    "adcxq %[t0], %[" #a2 "]\n\t"                                                                  \
    "adoxq %[t1], %[" #a3 "]\n\t"                                                                  \
    "mulxq 24(%[y]), %[t0], %[t1]\n\t"                                                             \
    "adcxq %[t0], %[" #a3 "]\n\t"                                                                  \
    "adoxq %[t1], %[" #a4 "]\n\t"
/* The carries ripple with a zero register (t0 after the row: mov leaves the flags alone); an
 * adcx/adox with a memory operand is much slower on this machine (AMD Zen 5): measured 28 ns
 * against 17 ns for a multiplication and reduction (mul_wide + redc_wide) as a chain. */
#define PZ_Z_ "movl $0, %k[t0]\n\t"
#define PZ_CF_(a) "adcxq %[t0], %[" #a "]\n\t"
#define PZ_OF_(a) "adoxq %[t0], %[" #a "]\n\t"
/* rows 0..3: w[i..i+4] += rdx * y, carries rippled through w[7] */
/* clang-format off */
#define PZ_ROWS_(LOAD0, LOAD1, LOAD2, LOAD3)                                                       \
    LOAD0 PZ_ROW4_(w0, w1, w2, w3, w4) PZ_Z_ PZ_CF_(w4) PZ_CF_(w5) PZ_OF_(w5) PZ_CF_(w6)         \
                                       PZ_OF_(w6) PZ_CF_(w7) PZ_OF_(w7)                            \
    LOAD1 PZ_ROW4_(w1, w2, w3, w4, w5) PZ_Z_ PZ_CF_(w5) PZ_CF_(w6) PZ_OF_(w6) PZ_CF_(w7)         \
                                       PZ_OF_(w7)                                                  \
    LOAD2 PZ_ROW4_(w2, w3, w4, w5, w6) PZ_Z_ PZ_CF_(w6) PZ_CF_(w7) PZ_OF_(w7)                     \
    LOAD3 PZ_ROW4_(w3, w4, w5, w6, w7) PZ_Z_ PZ_CF_(w7)
/* clang-format on */
#define PZ_OPERANDS_                                                                               \
    [w0] "+r"(w[0]), [w1] "+r"(w[1]), [w2] "+r"(w[2]), [w3] "+r"(w[3]), [w4] "+r"(w[4]),           \
        [w5] "+r"(w[5]), [w6] "+r"(w[6]), [w7] "+r"(w[7]), [t0] "=&r"(t0), [t1] "=&r"(t1)
static const uint64_t pz_ninv = R_NINV;

/* w = x * y (w's old value ignored): the same rows, but each row's top limb starts at 0
 * and takes the row's final carry, so nothing ripples further. */
static inline void mul_wide(uint64_t w[8], const uint64_t x[4], const uint64_t y[4]) {
    uint64_t t0, t1;
    __asm__(
        "movq 0(%[x]), %%rdx\n\t"
        "mulxq 0(%[y]), %[w0], %[w1]\n\t"
        "mulxq 8(%[y]), %[t0], %[w2]\n\t"
        "addq %[t0], %[w1]\n\t"
        "mulxq 16(%[y]), %[t0], %[w3]\n\t"
        "adcq %[t0], %[w2]\n\t"
        "mulxq 24(%[y]), %[t0], %[w4]\n\t"
        "adcq %[t0], %[w3]\n\t"
        "adcq $0, %[w4]\n\t"
        "movq 8(%[x]), %%rdx\n\t"
        "xorl %k[w5], %k[w5]\n\t" PZ_ROW4_(
            w1, w2, w3, w4, w5) PZ_Z_ "adcxq %[t0], %[w5]\n\t"
                                "movq 16(%[x]), %%rdx\n\t"
                                "xorl %k[w6], %k[w6]\n\t" PZ_ROW4_(
                                    w2, w3, w4, w5, w6) PZ_Z_ "adcxq %[t0], %[w6]\n\t"
                                                        "movq 24(%[x]), %%rdx\n\t"
                                                        "xorl %k[w7], %k[w7]\n\t" PZ_ROW4_(
                                                            w3, w4, w5, w6,
                                                            w7) PZ_Z_ "adcxq %[t0], %[w7]\n\t"
        : [w0] "=&r"(w[0]), [w1] "=&r"(w[1]), [w2] "=&r"(w[2]), [w3] "=&r"(w[3]), [w4] "=&r"(w[4]),
          [w5] "=&r"(w[5]), [w6] "=&r"(w[6]), [w7] "=&r"(w[7]), [t0] "=&r"(t0), [t1] "=&r"(t1)
        : [x] "r"(x), [y] "r"(y), "m"(*(const uint64_t(*)[4])x),
          "m"(*(const uint64_t(*)[4])y)
        : "rdx", "cc");
}

static inline void mac_wide(uint64_t w[8], const uint64_t x[4], const uint64_t y[4]) {
    uint64_t t0, t1;
    __asm__(PZ_ROWS_("movq 0(%[x]), %%rdx\n\t", "movq 8(%[x]), %%rdx\n\t",
                     "movq 16(%[x]), %%rdx\n\t", "movq 24(%[x]), %%rdx\n\t")
            : PZ_OPERANDS_
            : [x] "r"(x), [y] "r"(y), "m"(*(const uint64_t(*)[4])x),
              "m"(*(const uint64_t(*)[4])y)
            : "rdx", "cc");
}

static inline void redc_rows(uint64_t w[8]) {
    uint64_t t0, t1;
#define PZ_M_(i) "movq %[w" #i "], %%rdx\n\timulq %[ninv], %%rdx\n\t"
    __asm__(PZ_ROWS_(PZ_M_(0), PZ_M_(1), PZ_M_(2), PZ_M_(3))
            : PZ_OPERANDS_
            : [y] "r"(r_limbs), [ninv] "m"(pz_ninv), "m"(r_limbs)
            : "rdx", "cc");
#undef PZ_M_
}
#else
static inline void row_c(uint64_t w[8], int i, uint64_t d, const uint64_t y[4]) {
    uint64_t c = 0;
    for (int j = 0; j < 4; j++) {
        u128 q = (u128)d * y[j] + w[i + j] + c;
        w[i + j] = (uint64_t)q;
        c = (uint64_t)(q >> 64);
    }
    for (int k = i + 4; k < 8; k++) { /* constant time: always ripple to the top */
        u128 q = (u128)w[k] + c;
        w[k] = (uint64_t)q;
        c = (uint64_t)(q >> 64);
    }
}

static inline void mac_wide(uint64_t w[8], const uint64_t x[4], const uint64_t y[4]) {
    for (int i = 0; i < 4; i++)
        row_c(w, i, x[i], y);
}

static inline void mul_wide(uint64_t w[8], const uint64_t x[4], const uint64_t y[4]) {
    memset(w, 0, 8 * sizeof *w);
    mac_wide(w, x, y);
}

static inline void redc_rows(uint64_t w[8]) {
    for (int i = 0; i < 4; i++)
        row_c(w, i, w[i] * R_NINV, r_limbs);
}
#endif

/* w[0..8) = sum_{j < n} a[j * stride] * s[j] (n <= DOT_CHUNK; the sum stays < 2^512). */
static inline void dot_wide(uint64_t w[8], const fr_t *a, size_t stride, const fr_t *s, size_t n) {
    mul_wide(w, a[0].l, s[0].l);
    for (size_t j = 1; j < n; j++)
        mac_wide(w, a[j * stride].l, s[j].l);
}

/* v = v - r if v >= r, constant time. (The u128 form below compiles to spills and vector
 * shuffles with gcc at -O3 here; the assembly form keeps v in registers.) */
#if defined(__x86_64__)
static inline void cond_sub_r(uint64_t v[4]) {
    uint64_t t0, t1, t2, t3;
    __asm__("movq %[v0], %[t0]\n\t"
            "subq 0(%[m]), %[t0]\n\t"
            "movq %[v1], %[t1]\n\t"
            "sbbq 8(%[m]), %[t1]\n\t"
            "movq %[v2], %[t2]\n\t"
            "sbbq 16(%[m]), %[t2]\n\t"
            "movq %[v3], %[t3]\n\t"
            "sbbq 24(%[m]), %[t3]\n\t"
            "cmovncq %[t0], %[v0]\n\t" /* no borrow: v >= r, take v - r */
            "cmovncq %[t1], %[v1]\n\t"
            "cmovncq %[t2], %[v2]\n\t"
            "cmovncq %[t3], %[v3]\n\t"
            : [v0] "+r"(v[0]), [v1] "+r"(v[1]), [v2] "+r"(v[2]), [v3] "+r"(v[3]),
              [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3)
            : [m] "r"(r_limbs), "m"(r_limbs)
            : "cc");
}
#else
static inline void cond_sub_r(uint64_t v[4]) {
    uint64_t d[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 q = (u128)v[i] - r_limbs[i] - borrow;
        d[i] = (uint64_t)q;
        borrow = (uint64_t)(q >> 64) & 1;
    }
    uint64_t keep = -borrow;
    for (int i = 0; i < 4; i++)
        v[i] = (v[i] & keep) | (d[i] & ~keep);
}
#endif

/* *out = REDC(w) = w / R mod r for w < r R (then REDC(w) < 2r; one conditional
 * subtraction); w is clobbered. */
#if ZKP_FIELD_ADX
/* With the field's reduction step (zkpot/field.h, ZKP_MUL_RED_, as in its squaring): the low
 * half L = w[0..4) becomes u = (L + q r) / R <= r in a rotating five-word accumulator (no
 * carry ripples), then u + H with H = w[4..8) < r is below 2r: one conditional subtraction. */
static inline void redc_wide(fr_t *out, uint64_t w[8]) {
    uint64_t z, lo, hi;
    const uint64_t *mc = zkp_fr_mc;
    // clang-format off
    __asm__("xorl %k[z], %k[z]\n\t"
            ZKP_MUL_RED_(w0, w1, w2, w3, z)
            ZKP_MUL_RED_(w1, w2, w3, z, w0)
            ZKP_MUL_RED_(w2, w3, z, w0, w1)
            ZKP_MUL_RED_(w3, z, w0, w1, w2)
            "addq %[w4], %[z]\n\t"
            "adcq %[w5], %[w0]\n\t"
            "adcq %[w6], %[w1]\n\t"
            "adcq %[w7], %[w2]\n\t"
            ZKP_MUL_FINAL_(z, w0, w1, w2, w3, lo, hi)
            : [w0] "+r"(w[0]), [w1] "+r"(w[1]), [w2] "+r"(w[2]), [w3] "+r"(w[3]),
              [w4] "+r"(w[4]), [w5] "+r"(w[5]), [w6] "+r"(w[6]), [w7] "+r"(w[7]),
              [z] "=&r"(z), [lo] "=&r"(lo), [hi] "=&r"(hi)
            : [mc] "r"(mc), "m"(zkp_fr_mc)
            : "rdx", "cc");
    // clang-format on
    out->l[0] = z, out->l[1] = w[0], out->l[2] = w[1], out->l[3] = w[2];
}
#else
static inline void redc_wide(fr_t *out, uint64_t w[8]) {
    redc_rows(w);
    cond_sub_r(&w[4]);
    memcpy(out->l, &w[4], sizeof out->l);
}
#endif

/* *out = sum_{j < n} a[j * stride] * s[j]; out may alias s or a. */
static inline void dot(fr_t *out, const fr_t *a, size_t stride, const fr_t *s, size_t n) {
    fr_t sum = fr_zero_c;
    for (size_t j0 = 0; j0 < n; j0 += DOT_CHUNK) {
        uint64_t w[8];
        size_t m = n - j0 < DOT_CHUNK ? n - j0 : DOT_CHUNK;
        dot_wide(w, &a[j0 * stride], stride, &s[j0], m);
        fr_t part;
        redc_wide(&part, w); /* w < 5 r^2 < r R */
        if (j0 == 0)
            sum = part;
        else
            fr_add(&sum, &sum, &part);
    }
    *out = sum;
}

/* x^5 = x * (x^2)^2: three multiplications. */
static inline void sbox(fr_t *x) {
    fr_t x2, x4;
    fr_sqr(&x2, x);
    fr_sqr(&x4, &x2);
    fr_mul(x, x, &x4);
}

/* s = s * A, row-vector convention: s'[i] = sum_j A[j*t + i] s[j]. */
static void mix_rows(fr_t *s, const fr_t *a, size_t t) {
    fr_t out[POSEIDON_T_MAX];
    for (size_t i = 0; i < t; i++)
        dot(&out[i], &a[i], t, s, t);
    memcpy(s, out, t * sizeof(fr_t));
}

void poseidon_permute_ref(fr_t *s, size_t t) {
    const struct poseidon_params *p = poseidon_params(t);
    assert(p);
    const unsigned h = p->rf / 2, rounds = p->rf + p->rp;
    fr_t out[POSEIDON_T_MAX];
    for (unsigned r = 0; r < rounds; r++) {
        for (size_t i = 0; i < t; i++)
            fr_add(&s[i], &s[i], &p->rc[r * t + i]);
        if (r < h || r >= h + p->rp)
            for (size_t i = 0; i < t; i++)
                sbox(&s[i]);
        else
            sbox(&s[0]);
        for (size_t i = 0; i < t; i++) { /* s'[i] = sum_j M[i][j] s[j] */
            fr_t acc = fr_zero_c, x;
            for (size_t j = 0; j < t; j++) {
                fr_mul(&x, &p->mds[i * t + j], &s[j]);
                fr_add(&acc, &acc, &x);
            }
            out[i] = acc;
        }
        memcpy(s, out, t * sizeof(fr_t));
    }
}

/* ---- t = 3: a specialised optimized form (the widest use: 2-input hashes, Merkle trees) ----
 * The same permutation as the generic optimized form, with every round constant folded
 * into the matrix step that follows it and precomputed in the form the kernels use:
 *   full round:    s'[i] = sum_j X[j*3+i] (s[j]^5 + c[j]) = REDC(K[i] + sum_j X[j*3+i] * s[j]^5)
 *                  with K[i] = lift((c X)[i]),
 *   partial round: with y = s[0]^5 and s[0] + c the value the sparse matrix sees,
 *                  s'[0] = S[0] (y + c) + S[1] s[1] + S[2] s[2],
 *                  s'[k] = s[k] + S[2+k] (y + c)  (k = 1, 2);
 *                  the loop keeps u[k] = s[k] - D[k] instead, D[k] the sum of the S[2+k] c
 *                  of the rounds so far (constants), so that u'[k] = u[k] + S[2+k] y and
 *                  s'[0] = REDC(K + S[1] u[1] + S[2] u[2] + S[0] y) with
 *                  K = lift(S[0] c + S[1] D[1] + S[2] D[2]); D[k] is added back at the end,
 * where lift(e) is the integer e*R mod r, the Montgomery form of e's Montgomery form
 * (REDC(lift(e)) = e; and K < r keeps a row's sum below 3 r^2 + r, so one conditional
 * subtraction after REDC still suffices, see above). Measured: computing the s[1], s[2]
 * terms of s'[0] before the S-box (they do not depend on it) was slower than after it
 * (the open accumulator costs registers across the S-box). */
struct t3_partial { /* one partial round */
    fr_t s1, s2, s0, v1, v2;
    uint64_t k[4];
};
struct t3_tables {
    fr_t c0[3];                                /* added to the input state */
    fr_t m[9], p[9];                           /* opt_m, opt_p (row-vector convention) */
    uint64_t kf[POSEIDON_FULL_ROUNDS][3][4];   /* full rounds' folded constants, lifted */
    struct t3_partial pr[57];
    fr_t dend[2]; /* D[1], D[2] after the last partial round */
};
static struct t3_tables t3_tab;
static pthread_once_t t3_once = PTHREAD_ONCE_INIT;

/* v = lift(e) = e * R mod r as limbs: fr_from_limbs(e's limbs) is exactly that. */
static void t3_lift(uint64_t v[4], const fr_t *e) {
    fr_t x;
    zkp_err err = fr_from_limbs(&x, e->l); /* e's limbs are < r: cannot fail */
    assert(err == ZKP_OK);
    (void)err;
    memcpy(v, x.l, sizeof x.l);
}

/* kf[i] = lift(sum_j X[j*3+i] c[j]); c NULL means no constant (K = 0). */
static void t3_fold(uint64_t kf[3][4], const fr_t *x, const fr_t *c) {
    for (size_t i = 0; i < 3; i++) {
        fr_t e = fr_zero_c, y;
        for (size_t j = 0; c && j < 3; j++) {
            fr_mul(&y, &x[j * 3 + i], &c[j]);
            fr_add(&e, &e, &y);
        }
        t3_lift(kf[i], &e);
    }
}

static void t3_init(void) {
    const struct poseidon_params *p = poseidon_params(3);
    struct t3_tables *tb = &t3_tab;
    const unsigned h = p->rf / 2, rp = p->rp;
    assert(p->rf == POSEIDON_FULL_ROUNDS && rp == sizeof tb->pr / sizeof tb->pr[0]);
    const fr_t *c = p->opt_c;
    memcpy(tb->c0, c, sizeof tb->c0);
    memcpy(tb->m, p->opt_m, sizeof tb->m);
    memcpy(tb->p, p->opt_p, sizeof tb->p);
    c += 3;
    for (unsigned r = 0; r < h; r++, c += 3)
        t3_fold(tb->kf[r], r + 1 < h ? p->opt_m : p->opt_p, c);
    fr_t d1 = fr_zero_c, d2 = fr_zero_c; /* D[1], D[2] before round r */
    for (unsigned r = 0; r < rp; r++) {
        const fr_t *sp = &p->opt_s[r * 5];
        struct t3_partial *q = &tb->pr[r];
        q->s0 = sp[0], q->s1 = sp[1], q->s2 = sp[2], q->v1 = sp[3], q->v2 = sp[4];
        fr_t e, x;
        fr_mul(&e, &sp[0], &c[r]);
        fr_mul(&x, &sp[1], &d1);
        fr_add(&e, &e, &x);
        fr_mul(&x, &sp[2], &d2);
        fr_add(&e, &e, &x);
        t3_lift(q->k, &e);
        fr_mul(&x, &sp[3], &c[r]);
        fr_add(&d1, &d1, &x);
        fr_mul(&x, &sp[4], &c[r]);
        fr_add(&d2, &d2, &x);
    }
    tb->dend[0] = d1, tb->dend[1] = d2;
    c += rp;
    for (unsigned r = 0; r < h; r++, c += 3)
        t3_fold(tb->kf[h + r], p->opt_m, r + 1 < h ? c : NULL);
}

/* *out = REDC(k + sum_j a[j * stride] * y[j]), three terms. */
static inline void t3_row(fr_t *out, const uint64_t k[4], const fr_t *a, size_t stride,
                          const fr_t y[3]) {
    uint64_t w[8] = {k[0], k[1], k[2], k[3], 0, 0, 0, 0};
    mac_wide(w, a[0].l, y[0].l);
    mac_wide(w, a[stride].l, y[1].l);
    mac_wide(w, a[2 * stride].l, y[2].l);
    redc_wide(out, w);
}

/* One full round on s: s = (s^5 + c) X, with the folded constants kf. */
static inline void t3_full(fr_t s[3], const fr_t x[9], const uint64_t kf[3][4]) {
    fr_t y[3];
    for (int i = 0; i < 3; i++) {
        y[i] = s[i];
        sbox(&y[i]);
    }
    for (int i = 0; i < 3; i++)
        t3_row(&s[i], kf[i], &x[i], 3, y);
}

static void permute_t3(fr_t s[3]) {
    pthread_once(&t3_once, t3_init);
    const struct t3_tables *tb = &t3_tab;
    enum { H = POSEIDON_FULL_ROUNDS / 2, RP = sizeof tb->pr / sizeof tb->pr[0] };
    for (int i = 0; i < 3; i++)
        fr_add(&s[i], &s[i], &tb->c0[i]);
    for (int r = 0; r < H; r++)
        t3_full(s, r + 1 < H ? tb->m : tb->p, tb->kf[r]);
    for (int r = 0; r < RP; r++) {
        const struct t3_partial *q = &tb->pr[r];
        fr_t y = s[0], x;
        sbox(&y);
        uint64_t w[8] = {q->k[0], q->k[1], q->k[2], q->k[3], 0, 0, 0, 0};
        mac_wide(w, q->s1.l, s[1].l);
        mac_wide(w, q->s2.l, s[2].l);
        mac_wide(w, q->s0.l, y.l);
        redc_wide(&s[0], w);
        fr_mul(&x, &q->v1, &y);
        fr_add(&s[1], &s[1], &x);
        fr_mul(&x, &q->v2, &y);
        fr_add(&s[2], &s[2], &x);
    }
    fr_add(&s[1], &s[1], &tb->dend[0]);
    fr_add(&s[2], &s[2], &tb->dend[1]);
    for (int r = 0; r < H; r++)
        t3_full(s, tb->m, tb->kf[H + r]);
}

/* The optimized form, step by step as documented in zkpot/poseidon.h. */
void poseidon_permute(fr_t *s, size_t t) {
    if (t == 3) {
        permute_t3(s);
        return;
    }
    const struct poseidon_params *p = poseidon_params(t);
    assert(p);
    const unsigned h = p->rf / 2, rp = p->rp;
    const fr_t *c = p->opt_c;
    for (size_t i = 0; i < t; i++)
        fr_add(&s[i], &s[i], &c[i]);
    c += t;
    for (unsigned r = 0; r < h; r++, c += t) {
        for (size_t i = 0; i < t; i++) {
            sbox(&s[i]);
            fr_add(&s[i], &s[i], &c[i]);
        }
        mix_rows(s, r + 1 < h ? p->opt_m : p->opt_p, t);
    }
    const size_t k = 2 * t - 1;
    for (unsigned r = 0; r < rp; r++) {
        const fr_t *sp = &p->opt_s[r * k];
        sbox(&s[0]);
        fr_add(&s[0], &s[0], &c[r]);
        fr_t s0 = s[0], x;
        dot(&s[0], sp, 1, s, t);         /* s'[0] = S[0..t) . s */
        for (size_t j = 1; j < t; j++) { /* s'[j] = s[j] + S[t+j-1] s[0] */
            fr_mul(&x, &sp[t + j - 1], &s0);
            fr_add(&s[j], &s[j], &x);
        }
    }
    c += rp;
    for (unsigned r = 0; r < h; r++, c += t) {
        for (size_t i = 0; i < t; i++)
            sbox(&s[i]);
        if (r + 1 < h)
            for (size_t i = 0; i < t; i++)
                fr_add(&s[i], &s[i], &c[i]);
        mix_rows(s, p->opt_m, t);
    }
}

zkp_err poseidon_hash_ex(fr_t *out, size_t nout, const fr_t *in, size_t n, const fr_t *init_state) {
    if (n < 1 || n > POSEIDON_MAX_INPUTS)
        return zkp_fail(ZKP_ERR_RANGE, "poseidon: %zu inputs (must be 1..%d)", n,
                        POSEIDON_MAX_INPUTS);
    if (nout < 1 || nout > n + 1)
        return zkp_fail(ZKP_ERR_RANGE, "poseidon: %zu outputs for width %zu (must be 1..%zu)", nout,
                        n + 1, n + 1);
    fr_t s[POSEIDON_T_MAX];
    s[0] = init_state ? *init_state : fr_zero_c;
    memcpy(&s[1], in, n * sizeof(fr_t));
    poseidon_permute(s, n + 1);
    memcpy(out, s, nout * sizeof(fr_t));
    return ZKP_OK;
}

zkp_err poseidon_hash(fr_t *out, const fr_t *in, size_t n) {
    return poseidon_hash_ex(out, 1, in, n, NULL);
}
