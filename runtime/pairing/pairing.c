/* zkpot L3 pairing: the optimal ate pairing of BN254 (zkpot/pairing.h).
 *
 * e(P, Q) = (f_{6x+2,Q}(P) * l_{T,pi(Q)}(P) * l_{T',-pi^2(Q)}(P))^((p^12 - 1)/r * m),
 * x = 4965661367192848881 (Vercauteren, "Optimal pairings", eprint 2008/096).
 * The Miller loop walks 6x+2 in non-adjacent form. Q stays on the sextic D-type
 * twist E': y^2 = x^3 + b', b' = 3/xi, in homogeneous projective coordinates
 * (X : Y : Z) <-> (X/Z, Y/Z); the step formulas and line shapes are those of
 * Costello, Lange, Naehrig (eprint 2009/615) as refined by Aranha, Karabina,
 * Longa, Gebotys, Lopez, "Faster explicit formulas for computing pairings over
 * ordinary curves" (eprint 2010/526, section 4). The untwisting map
 * (x', y') -> (x' w^2, y' w^3) turns the line through points of E' with slope s
 * into   yP - s xP w + (s xT - yT) w^3,   an Fq12 element with three nonzero Fq2
 * coefficients (at 1, w and v w), multiplied in with fq12_mul_by_034. Factors
 * that lie in a proper subfield (denominators, the sign of a line, vertical
 * lines) are dropped: the final exponentiation maps them to 1. */
/* Integer registers only: struct copies of values just written by the assembly
 * kernels (8-byte stores) then use 8-byte moves; vector copies of such values stall
 * on store-to-load forwarding (measured 2-5% on fq12_mul/fq12_sqr on this machine class). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#pragma GCC target("general-regs-only")
#endif
#include <omp.h>
#include <pthread.h>

#include "zkpot/pairing.h"
#include "tower/fq2_inline.h" /* inline fq2_add, fq2_sub, ..., fq2_mul_xi */

/* ---- constants, derived once ---- */

#define BN_X 4965661367192848881ULL /* the BN parameter x (positive for BN254) */
#define ATE_NAF_LEN 66              /* digits of 6x+2 in NAF */
#define X_WNAF_LEN 63               /* digits of x in width-4 NAF */

static int8_t ate_naf[ATE_NAF_LEN], x_wnaf[X_WNAF_LEN];
/* Step k of the Miller loop (k = 0..PAIRING_G2_LINES-1) is a doubling, an
 * addition of Q or -Q (NAF digit +-1), or at the end an addition of pi(Q) or
 * -pi^2(Q); every doubling but the first comes after a squaring of f. */
enum { STEP_DBL, STEP_ADD, STEP_SUB, STEP_FROB1, STEP_FROB2 };
static int8_t step_kind[PAIRING_G2_LINES];
static fq2_t twist_b3;                 /* 3 b' = 9/(9 + u) */
static fq2_t frob1_x, frob1_y;         /* pi(Q)    = (conj(x) g12, conj(y) g13) */
static fq2_t frob2_x, frob2_y;         /* pi^2(Q)  = (x g22, y g23) */
static pthread_once_t consts_once = PTHREAD_ONCE_INIT;

/* Width-w non-adjacent form (w = 2: the NAF), least significant digit first:
 * odd digits in (-2^(w-1), 2^(w-1)), at most one nonzero in any w consecutive.
 * Returns the number of digits, -1 if more than max. */
static int wnaf_digits(int8_t *d, int max, unsigned __int128 n, int w) {
    int len = 0;
    while (n > 0) {
        int z = 0;
        if (n & 1) {
            z = (int)(n & ((1u << w) - 1));
            if (z >= 1 << (w - 1)) z -= 1 << w;
            n = z > 0 ? n - (unsigned)z : n + (unsigned)-z;
        }
        if (len >= max) return -1;
        d[len++] = (int8_t)z;
        n >>= 1;
    }
    return len;
}

static void consts_init(void) {
    unsigned __int128 six_x_2 = (unsigned __int128)BN_X * 6 + 2;
    int l1 = wnaf_digits(ate_naf, ATE_NAF_LEN, six_x_2, 2);
    int l2 = wnaf_digits(x_wnaf, X_WNAF_LEN, BN_X, 4);
    if (l1 != ATE_NAF_LEN || l2 != X_WNAF_LEN) __builtin_trap(); /* constants are wrong */
    size_t k = 0;
    for (int i = ATE_NAF_LEN - 2; i >= 0; i--) {
        step_kind[k++] = STEP_DBL;
        if (ate_naf[i] != 0) step_kind[k++] = ate_naf[i] > 0 ? STEP_ADD : STEP_SUB;
    }
    step_kind[k++] = STEP_FROB1;
    step_kind[k++] = STEP_FROB2;
    if (k != PAIRING_G2_LINES) __builtin_trap(); /* PAIRING_G2_LINES is out of date */
    fq2_t xi;
    fq_set_u64(&xi.c0, 9);
    fq_set_one(&xi.c1);
    fq2_inv(&twist_b3, &xi);
    fq_t nine;
    fq_set_u64(&nine, 9);
    fq2_mul_fq(&twist_b3, &twist_b3, &nine);
    frob1_x = *fq12_frobenius_gamma(1, 2);
    frob1_y = *fq12_frobenius_gamma(1, 3);
    frob2_x = *fq12_frobenius_gamma(2, 2);
    frob2_y = *fq12_frobenius_gamma(2, 3);
}

static inline void consts(void) { pthread_once(&consts_once, consts_init); }

/* a/2 mod p; in Montgomery form halving the representative halves the value. */
static void fq_half(fq_t *r, const fq_t *a) {
    uint64_t mask = -(a->l[0] & 1), t[4], c = 0;
    for (int i = 0; i < 4; i++) {
        unsigned __int128 s = (unsigned __int128)a->l[i] + (fq_modulus[i] & mask) + c;
        t[i] = (uint64_t)s;
        c = (uint64_t)(s >> 64);
    }
    for (int i = 0; i < 3; i++) r->l[i] = (t[i] >> 1) | (t[i + 1] << 63);
    r->l[3] = (t[3] >> 1) | (c << 63);
}

static void fq2_half(fq2_t *r, const fq2_t *a) {
    fq_half(&r->c0, &a->c0);
    fq_half(&r->c1, &a->c1);
}

/* ---- Miller loop steps ---- */

typedef struct {
    fq2_t x, y, z;
} g2_proj_t;

/* A line value c[0] yP + c[1] xP w + c[2] v w, before P is plugged in. */
typedef struct {
    fq2_t c[3];
} line_t;

/* T = 2T and the tangent line at T (eprint 2010/526, eq. (10), with b' = 3/xi):
 *   A = XY/2, B = Y^2, C = Z^2, E = 3b'C, F = 3E, G = (B + F)/2, H = (Y + Z)^2 - (B + C)
 *   X3 = A (B - F), Y3 = G^2 - 3 E^2, Z3 = B H
 *   line = -H yP + 3 X^2 xP w + (E - B) v w    (the tangent times -2YZ) */
static void dbl_step(line_t *l, g2_proj_t *t) {
    fq2_t A, B, C, E, F, G, H, J, s;
    fq2_mul(&A, &t->x, &t->y);
    fq2_half(&A, &A);
    fq2_sqr(&B, &t->y);
    fq2_sqr(&C, &t->z);
    fq2_mul(&E, &C, &twist_b3);
    fq2_dbl(&F, &E);
    fq2_add(&F, &F, &E);
    fq2_add(&G, &B, &F);
    fq2_half(&G, &G);
    fq2_add(&H, &t->y, &t->z);
    fq2_sqr(&H, &H);
    fq2_add(&s, &B, &C);
    fq2_sub(&H, &H, &s);
    fq2_sqr(&J, &t->x);

    fq2_sub(&s, &B, &F);
    fq2_mul(&t->x, &A, &s);
    fq2_sqr(&s, &E);
    fq2_sqr(&G, &G);
    fq2_sub(&G, &G, &s);
    fq2_dbl(&s, &s);
    fq2_sub(&t->y, &G, &s);
    fq2_mul(&t->z, &B, &H);

    fq2_neg(&l->c[0], &H);
    fq2_dbl(&l->c[1], &J);
    fq2_add(&l->c[1], &l->c[1], &J);
    fq2_sub(&l->c[2], &E, &B);
}

/* T = T + (x2, y2) (mixed addition, eprint 2010/526 eq. (12)) and the chord line:
 *   theta = Y - y2 Z, lambda = X - x2 Z, C = theta^2, D = lambda^2, E = lambda D,
 *   F = Z C, G = X D, H = E + F - 2G
 *   X3 = lambda H, Y3 = theta (G - H) - Y E, Z3 = Z E
 *   line = lambda yP - theta xP w + (theta x2 - lambda y2) v w   (the chord times lambda) */
static void add_step(line_t *l, g2_proj_t *t, const fq2_t *x2, const fq2_t *y2) {
    fq2_t theta, lambda, C, D, E, F, G, H, s;
    fq2_mul(&s, y2, &t->z);
    fq2_sub(&theta, &t->y, &s);
    fq2_mul(&s, x2, &t->z);
    fq2_sub(&lambda, &t->x, &s);
    fq2_sqr(&C, &theta);
    fq2_sqr(&D, &lambda);
    fq2_mul(&E, &lambda, &D);
    fq2_mul(&F, &t->z, &C);
    fq2_mul(&G, &t->x, &D);
    fq2_dbl(&s, &G);
    fq2_add(&H, &E, &F);
    fq2_sub(&H, &H, &s);

    fq2_mul(&t->x, &lambda, &H);
    fq2_sub(&s, &G, &H);
    fq2_mul(&s, &s, &theta);
    fq2_mul(&G, &t->y, &E); /* G is free now */
    fq2_sub(&t->y, &s, &G);
    fq2_mul(&t->z, &t->z, &E);

    l->c[0] = lambda;
    fq2_neg(&l->c[1], &theta);
    fq2_mul(&s, &theta, x2);
    fq2_mul(&C, &lambda, y2);
    fq2_sub(&l->c[2], &s, &C);
}

/* ---- the Miller loop ---- */

/* P as the line evaluation uses it: (xP, yP), or (xP/yP, 1/yP) for normalized lines. */
typedef struct {
    fq_t x, y;
    bool norm;
} pview_t;

/* One pair as the loop sees it: P, and Q's lines read from a prepared table or
 * computed on the fly from T. */
typedef struct {
    pview_t p;
    const pairing_g2_prepared_t *prep; /* NULL: lines on the fly */
    g2_proj_t t;
    fq2_t qx, qy, nqy, x1, y1, x2, y2; /* Q, -Q.y, pi(Q), -pi^2(Q) */
} mpair_t;

static void mpair_init_fresh(mpair_t *m, const g2_affine_t *q) {
    m->prep = NULL;
    m->t.x = q->x, m->t.y = q->y, m->t.z = fq2_one_c;
    m->qx = q->x, m->qy = q->y;
    fq2_neg(&m->nqy, &q->y);
    /* pi(Q) = (conj(x) g12, conj(y) g13), -pi^2(Q) = (x g22, -y g23) */
    fq2_conj(&m->x1, &q->x);
    fq2_mul(&m->x1, &m->x1, &frob1_x);
    fq2_conj(&m->y1, &q->y);
    fq2_mul(&m->y1, &m->y1, &frob1_y);
    fq2_mul(&m->x2, &q->x, &frob2_x);
    fq2_mul(&m->y2, &q->y, &frob2_y);
    fq2_neg(&m->y2, &m->y2);
}

/* Advances T by one step and writes that step's line. */
static inline void mpair_step(mpair_t *m, int kind, line_t *l) {
    switch (kind) {
    case STEP_DBL: dbl_step(l, &m->t); break;
    case STEP_ADD: add_step(l, &m->t, &m->qx, &m->qy); break;
    case STEP_SUB: add_step(l, &m->t, &m->qx, &m->nqy); break;
    case STEP_FROB1: add_step(l, &m->t, &m->x1, &m->y1); break;
    default: add_step(l, &m->t, &m->x2, &m->y2); break;
    }
}

/* All PAIRING_G2_LINES lines of q, in loop order. */
static void g2_lines(line_t *out, const g2_affine_t *q) {
    consts();
    mpair_t m;
    mpair_init_fresh(&m, q);
    for (size_t k = 0; k < PAIRING_G2_LINES; k++) mpair_step(&m, step_kind[k], &out[k]);
}

/* The raw lines of q (c0 yP + c1 xP w + c2 v w). */
static void prepare_raw(pairing_g2_prepared_t *r, const g2_affine_t *q) {
    r->infinity = q->infinity;
    r->normalized = false;
    if (q->infinity) {
        for (size_t k = 0; k < PAIRING_G2_LINES; k++)
            for (int j = 0; j < 3; j++) fq2_set_zero(&r->ell[k][j]);
        return;
    }
    line_t lines[PAIRING_G2_LINES];
    g2_lines(lines, q);
    for (size_t k = 0; k < PAIRING_G2_LINES; k++)
        for (int j = 0; j < 3; j++) r->ell[k][j] = lines[k].c[j];
}

/* Kept lines are divided by their yP coefficient a (an Fq2 factor, which the
 * final exponentiation removes): a yP + b xP w + c v w  ~  yP + (b/a) xP w + (c/a) v w,
 * and with P's 1/yP folded in at evaluation time the line is 1 + c3 w + c4 v w,
 * multiplied in with 10 instead of 13 Fq2 multiplications. One batched Fq2
 * inversion (Montgomery's trick) over the 88 lines. */
void pairing_g2_prepare(pairing_g2_prepared_t *r, const g2_affine_t *q) {
    prepare_raw(r, q);
    if (r->infinity) return;
    fq2_t pre[PAIRING_G2_LINES], acc = fq2_one_c, inv, t;
    for (size_t k = 0; k < PAIRING_G2_LINES; k++) {
        if (fq2_is_zero(&r->ell[k][0])) return; /* impossible for valid q: keep raw lines */
        pre[k] = acc;
        fq2_mul(&acc, &acc, &r->ell[k][0]);
    }
    fq2_inv_var(&inv, &acc);
    for (size_t k = PAIRING_G2_LINES; k-- > 0;) {
        fq2_mul(&t, &inv, &pre[k]); /* 1/a_k */
        fq2_mul(&inv, &inv, &r->ell[k][0]);
        r->ell[k][0] = fq2_one_c;
        fq2_mul(&r->ell[k][1], &r->ell[k][1], &t);
        fq2_mul(&r->ell[k][2], &r->ell[k][2], &t);
    }
    r->normalized = true;
}

static void pview_init(pview_t *v, const g1_affine_t *p, bool normalized) {
    v->norm = normalized;
    if (!normalized) {
        v->x = p->x, v->y = p->y;
        return;
    }
    fq_inv_var(&v->y, &p->y); /* y != 0: G1 has no point of order 2 */
    fq_mul(&v->x, &p->x, &v->y);
}

/* f = f * line(P); *fresh means f = 1 still, and the line is simply copied in. */
static inline void line_mul(fq12_t *f, bool *fresh, const fq2_t ell[3], const pview_t *p) {
    fq2_t c0, c3, c4;
    if (p->norm) {
        fq2_mul_fq(&c3, &ell[1], &p->x);
        fq2_mul_fq(&c4, &ell[2], &p->y);
        if (*fresh) {
            *f = fq12_one_c;
            f->c1.c0 = c3, f->c1.c1 = c4;
            *fresh = false;
            return;
        }
        fq12_mul_by_1_34(f, f, &c3, &c4);
        return;
    }
    fq2_mul_fq(&c0, &ell[0], &p->y);
    fq2_mul_fq(&c3, &ell[1], &p->x);
    if (*fresh) {
        *f = fq12_zero_c;
        f->c0.c0 = c0, f->c1.c0 = c3, f->c1.c1 = ell[2];
        *fresh = false;
        return;
    }
    fq12_mul_by_034(f, f, &c0, &c3, &ell[2]);
}

/* The Miller loop proper for n pairs (none at infinity), sharing the squarings of f. */
static void miller_pairs(fq12_t *r, mpair_t *m, size_t n) {
    fq12_t f = fq12_one_c;
    bool fresh = true;
    line_t l;
    for (size_t k = 0; k < PAIRING_G2_LINES; k++) {
        int kind = step_kind[k];
        if (kind == STEP_DBL && !fresh) fq12_sqr(&f, &f);
        for (size_t j = 0; j < n; j++) {
            if (m[j].prep) {
                line_mul(&f, &fresh, m[j].prep->ell[k], &m[j].p);
            } else {
                mpair_step(&m[j], kind, &l);
                line_mul(&f, &fresh, l.c, &m[j].p);
            }
        }
    }
    *r = f;
}

/* Pairs are numbered 0..n+m-1: first (p[i], q[i]) with q not prepared, then
 * (pp[j], qp[j]) prepared. */
typedef struct {
    const g1_affine_t *p, *pp;
    const g2_affine_t *q;
    const pairing_g2_prepared_t *qp;
    size_t n, m;
} pairs_t;

/* Product of the Miller loops of pairs [lo, hi), serially, up to MAX_PAIRS
 * sharing one loop; pairs with a point at infinity are skipped (factor 1). */
static void miller_serial(fq12_t *r, const pairs_t *s, size_t lo, size_t hi) {
    enum { MAX_PAIRS = 16 };
    mpair_t mp[MAX_PAIRS];
    size_t cnt = 0;
    fq12_t acc = fq12_one_c, f;
    bool any = false;
    for (size_t i = lo; i < hi; i++) {
        if (i < s->n) {
            if (s->p[i].infinity || s->q[i].infinity) continue;
            mpair_init_fresh(&mp[cnt], &s->q[i]);
            pview_init(&mp[cnt++].p, &s->p[i], false);
        } else {
            size_t j = i - s->n;
            if (s->pp[j].infinity || s->qp[j].infinity) continue;
            mp[cnt].prep = &s->qp[j];
            pview_init(&mp[cnt++].p, &s->pp[j], s->qp[j].normalized);
        }
        if (cnt == MAX_PAIRS) {
            miller_pairs(&f, mp, cnt);
            if (any) fq12_mul(&acc, &acc, &f);
            else acc = f, any = true;
            cnt = 0;
        }
    }
    if (cnt > 0) {
        miller_pairs(&f, mp, cnt);
        if (any) fq12_mul(&acc, &acc, &f);
        else acc = f;
    }
    *r = acc;
}

/* Splits the pairs into contiguous ranges, one per thread, when there are at
 * least PAR_MIN pairs, several threads and no enclosing parallel region; the
 * partial products are multiplied in range order. Below PAR_MIN (a Groth16
 * verification has 4 pairs, ~0.6 ms of work) a parallel region does not pay on
 * a busy machine: measured on the shared 2-core box at load 12, a 4-pair check
 * took 2.6 ms on one thread and 28 ms on two (OpenMP barrier spinning). */
#define PAR_MIN 8
static void miller_multi(fq12_t *r, const pairs_t *s) {
    consts();
    size_t total = s->n + s->m;
    int nt = 1;
    if (total >= PAR_MIN && !omp_in_parallel()) {
        nt = zkp_threads();
        if ((size_t)nt > total) nt = (int)total;
        if (nt > 64) nt = 64;
    }
    if (nt <= 1) {
        miller_serial(r, s, 0, total);
        return;
    }
    fq12_t part[64];
#pragma omp parallel for num_threads(nt) schedule(static, 1)
    for (int t = 0; t < nt; t++) {
        size_t lo = total * (size_t)t / (size_t)nt, hi = total * (size_t)(t + 1) / (size_t)nt;
        miller_serial(&part[t], s, lo, hi);
    }
    fq12_t acc = part[0];
    for (int t = 1; t < nt; t++) fq12_mul(&acc, &acc, &part[t]);
    *r = acc;
}

void pairing_miller_loop(fq12_t *r, const g1_affine_t *p, const g2_affine_t *q, size_t n) {
    pairs_t s = {p, NULL, q, NULL, n, 0};
    miller_multi(r, &s);
}

void pairing_miller_loop_prepared(fq12_t *r, const g1_affine_t *p, const pairing_g2_prepared_t *q,
                                  size_t n) {
    pairs_t s = {NULL, p, NULL, q, 0, n};
    miller_multi(r, &s);
}

void pairing_miller_loop_mixed(fq12_t *r, const g1_affine_t *p, const g2_affine_t *q, size_t n,
                               const g1_affine_t *pp, const pairing_g2_prepared_t *qp, size_t m) {
    pairs_t s = {p, pp, q, qp, n, m};
    miller_multi(r, &s);
}

/* ---- final exponentiation ---- */

/* r = a^x for a in the cyclotomic subgroup: x in width-4 NAF (14 nonzero digits
 * from {+-1, +-3, +-5, +-7}; a^-k = conj(a^k) there), 62 cyclotomic squarings
 * and 16 multiplications instead of 23 with the plain NAF. */
static void cyclotomic_exp_x(fq12_t *r, const fq12_t *a) {
    fq12_t tab[4], a2, acc, t; /* tab[i] = a^(2i+1) */
    tab[0] = *a;
    fq12_cyclotomic_sqr(&a2, a);
    for (int i = 1; i < 4; i++) fq12_mul(&tab[i], &tab[i - 1], &a2);
    int i = X_WNAF_LEN - 1;
    int d = x_wnaf[i];
    if (d > 0) acc = tab[d / 2];
    else fq12_conj(&acc, &tab[-d / 2]);
    while (i-- > 0) {
        fq12_cyclotomic_sqr(&acc, &acc);
        d = x_wnaf[i];
        if (d > 0) fq12_mul(&acc, &acc, &tab[d / 2]);
        if (d < 0) {
            fq12_conj(&t, &tab[-d / 2]);
            fq12_mul(&acc, &acc, &t);
        }
    }
    *r = acc;
}

/* Easy part: f^((p^6 - 1)(p^2 + 1)) = (conj(f)/f)^(p^2) * conj(f)/f.
 * Hard part (Fuentes-Castaneda, Knapp, Rodriguez-Henriquez, SAC 2011, "Faster
 * hashing to G2", section 6 / the chain of ffjavascript and arkworks), with
 * a = f^(-x), in the cyclotomic subgroup:
 *   b = a^2, d = b^2 b = f^(-6x), e = d^(-x) = f^(6x^2), g = (e^2)^(-x) = f^(-12x^3)
 *   k = conj(g) e conj(d) = f^(12x^3 + 6x^2 + 6x), l = k b = f^(12x^3 + 6x^2 + 4x)
 *   result = (conj(f) l)^(p^3) k^(p^2) l^p (k e f)
 *          = f^(p^3 (12x^3+6x^2+4x-1) + p^2 (12x^3+6x^2+6x) + p (12x^3+6x^2+4x)
 *               + (12x^3+12x^2+6x+1)),  a multiple m = 2x(6x^2+3x+1) of (p^4-p^2+1)/r. */
void pairing_final_exp(fq12_t *r, const fq12_t *f) {
    consts();
    fq12_t t, e0;
    fq12_inv_var(&t, f);
    fq12_conj(&e0, f);
    fq12_mul(&e0, &e0, &t);
    fq12_frobenius(&t, &e0, 2);
    fq12_mul(&e0, &t, &e0); /* e0 = f^((p^6-1)(p^2+1)) */

    fq12_t a, b, d, e, g, k, l, s;
    cyclotomic_exp_x(&a, &e0);
    fq12_conj(&a, &a);
    fq12_cyclotomic_sqr(&b, &a);
    fq12_cyclotomic_sqr(&d, &b);
    fq12_mul(&d, &d, &b);
    cyclotomic_exp_x(&e, &d);
    fq12_conj(&e, &e);
    fq12_cyclotomic_sqr(&g, &e);
    cyclotomic_exp_x(&g, &g);
    fq12_conj(&g, &g);

    fq12_conj(&k, &g);
    fq12_mul(&k, &k, &e);
    fq12_conj(&s, &d);
    fq12_mul(&k, &k, &s);
    fq12_mul(&l, &k, &b);

    fq12_mul(&s, &k, &e);
    fq12_mul(&s, &s, &e0); /* f^(12x^3+12x^2+6x+1) */
    fq12_frobenius(&t, &l, 1);
    fq12_mul(&s, &s, &t);
    fq12_frobenius(&t, &k, 2);
    fq12_mul(&s, &s, &t);
    fq12_conj(&t, &e0);
    fq12_mul(&t, &t, &l);
    fq12_frobenius(&t, &t, 3);
    fq12_mul(r, &s, &t);
}

void pairing(fq12_t *r, const g1_affine_t *p, const g2_affine_t *q) {
    fq12_t f;
    pairing_miller_loop(&f, p, q, 1);
    pairing_final_exp(r, &f);
}

bool pairing_check(const g1_affine_t *p, const g2_affine_t *q, size_t n) {
    return pairing_check_mixed(p, q, n, NULL, NULL, 0);
}

bool pairing_check_mixed(const g1_affine_t *p, const g2_affine_t *q, size_t n,
                         const g1_affine_t *pp, const pairing_g2_prepared_t *qp, size_t m) {
    pairs_t s = {p, pp, q, qp, n, m};
    fq12_t f;
    miller_multi(&f, &s);
    pairing_final_exp(&f, &f);
    return fq12_is_one(&f);
}
