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
#include <omp.h>
#include <pthread.h>

#include "zkpot/pairing.h"

/* ---- constants, derived once ---- */

#define BN_X 4965661367192848881ULL /* the BN parameter x (positive for BN254) */
#define ATE_NAF_LEN 66              /* digits of 6x+2 in NAF */
#define X_NAF_LEN 63                /* digits of x in NAF */

static int8_t ate_naf[ATE_NAF_LEN], x_naf[X_NAF_LEN];
static fq2_t twist_b3;                 /* 3 b' = 9/(9 + u) */
static fq2_t frob1_x, frob1_y;         /* pi(Q)    = (conj(x) g12, conj(y) g13) */
static fq2_t frob2_x, frob2_y;         /* pi^2(Q)  = (x g22, y g23) */
static pthread_once_t consts_once = PTHREAD_ONCE_INIT;

/* Non-adjacent form, least significant digit first; returns the number of digits. */
static int naf_digits(int8_t *d, int max, unsigned __int128 n) {
    int len = 0;
    while (n > 0) {
        int z = 0;
        if (n & 1) {
            z = 2 - (int)(n & 3); /* +1 if n = 1 mod 4, -1 if n = 3 mod 4 */
            n = z > 0 ? n - 1 : n + 1;
        }
        if (len >= max) return -1;
        d[len++] = (int8_t)z;
        n >>= 1;
    }
    return len;
}

static void consts_init(void) {
    unsigned __int128 six_x_2 = (unsigned __int128)BN_X * 6 + 2;
    int l1 = naf_digits(ate_naf, ATE_NAF_LEN, six_x_2);
    int l2 = naf_digits(x_naf, X_NAF_LEN, BN_X);
    if (l1 != ATE_NAF_LEN || l2 != X_NAF_LEN) __builtin_trap(); /* constants are wrong */
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

/* A line value a yP + b xP w + c v w, before P is plugged in. */
typedef struct {
    fq2_t a, b, c;
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

    fq2_neg(&l->a, &H);
    fq2_dbl(&l->b, &J);
    fq2_add(&l->b, &l->b, &J);
    fq2_sub(&l->c, &E, &B);
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

    l->a = lambda;
    fq2_neg(&l->b, &theta);
    fq2_mul(&s, &theta, x2);
    fq2_mul(&C, &lambda, y2);
    fq2_sub(&l->c, &s, &C);
}

/* All PAIRING_G2_LINES lines of q, in the order the Miller loop consumes them:
 * per NAF digit below the top one, a doubling line, then an addition line if the
 * digit is nonzero; finally the lines with pi(Q) and -pi^2(Q). */
static void g2_lines(line_t *out, const g2_affine_t *q) {
    consts();
    g2_proj_t t = {q->x, q->y, fq2_one_c};
    fq2_t nqy;
    fq2_neg(&nqy, &q->y);
    size_t k = 0;
    for (int i = ATE_NAF_LEN - 2; i >= 0; i--) {
        dbl_step(&out[k++], &t);
        if (ate_naf[i] > 0) add_step(&out[k++], &t, &q->x, &q->y);
        if (ate_naf[i] < 0) add_step(&out[k++], &t, &q->x, &nqy);
    }
    fq2_t x1, y1, x2, y2;
    fq2_conj(&x1, &q->x);
    fq2_mul(&x1, &x1, &frob1_x);
    fq2_conj(&y1, &q->y);
    fq2_mul(&y1, &y1, &frob1_y);
    fq2_mul(&x2, &q->x, &frob2_x);
    fq2_mul(&y2, &q->y, &frob2_y);
    fq2_neg(&y2, &y2);
    add_step(&out[k++], &t, &x1, &y1);
    add_step(&out[k++], &t, &x2, &y2);
    if (k != PAIRING_G2_LINES) __builtin_trap(); /* PAIRING_G2_LINES is out of date */
}

void pairing_g2_prepare(pairing_g2_prepared_t *r, const g2_affine_t *q) {
    r->infinity = q->infinity;
    if (q->infinity) {
        for (size_t k = 0; k < PAIRING_G2_LINES; k++)
            for (int j = 0; j < 3; j++) fq2_set_zero(&r->ell[k][j]);
        return;
    }
    line_t lines[PAIRING_G2_LINES];
    g2_lines(lines, q);
    for (size_t k = 0; k < PAIRING_G2_LINES; k++) {
        r->ell[k][0] = lines[k].a;
        r->ell[k][1] = lines[k].b;
        r->ell[k][2] = lines[k].c;
    }
}

/* f = f * line(P); *fresh means f = 1 still, and the line is simply copied in. */
static inline void line_mul(fq12_t *f, bool *fresh, const fq2_t ell[3], const g1_affine_t *p) {
    fq2_t c0, c3;
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

/* The Miller loop proper over pre-computed lines of n pairs (none at infinity),
 * sharing the squarings of f. */
static void miller_lines(fq12_t *r, const g1_affine_t *const *p,
                         const pairing_g2_prepared_t *const *q, size_t n) {
    fq12_t f = fq12_one_c;
    bool fresh = true;
    size_t k = 0;
    for (int i = ATE_NAF_LEN - 2; i >= 0; i--) {
        if (!fresh) fq12_sqr(&f, &f);
        for (size_t j = 0; j < n; j++) line_mul(&f, &fresh, q[j]->ell[k], p[j]);
        k++;
        if (ate_naf[i] != 0) {
            for (size_t j = 0; j < n; j++) line_mul(&f, &fresh, q[j]->ell[k], p[j]);
            k++;
        }
    }
    for (; k < PAIRING_G2_LINES; k++)
        for (size_t j = 0; j < n; j++) line_mul(&f, &fresh, q[j]->ell[k], p[j]);
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

/* Product of the Miller loops of pairs [lo, hi), serially. Lines of unprepared
 * points are computed into a stack buffer (~17 KB per point), a few at a time;
 * pairs with a point at infinity are skipped (factor 1). */
static void miller_serial(fq12_t *r, const pairs_t *s, size_t lo, size_t hi) {
    enum { MAX_PAIRS = 16, MAX_BUF = 4 };
    pairing_g2_prepared_t buf[MAX_BUF];
    const pairing_g2_prepared_t *qs[MAX_PAIRS];
    const g1_affine_t *ps[MAX_PAIRS];
    size_t cnt = 0, used = 0;
    fq12_t acc = fq12_one_c, f;
    bool any = false;
    for (size_t i = lo; i < hi; i++) {
        if (i < s->n) {
            if (s->p[i].infinity || s->q[i].infinity) continue;
            pairing_g2_prepare(&buf[used], &s->q[i]);
            ps[cnt] = &s->p[i];
            qs[cnt++] = &buf[used++];
        } else {
            size_t j = i - s->n;
            if (s->pp[j].infinity || s->qp[j].infinity) continue;
            ps[cnt] = &s->pp[j];
            qs[cnt++] = &s->qp[j];
        }
        if (cnt == MAX_PAIRS || used == MAX_BUF) {
            miller_lines(&f, ps, qs, cnt);
            if (any) fq12_mul(&acc, &acc, &f);
            else acc = f, any = true;
            cnt = used = 0;
        }
    }
    if (cnt > 0) {
        miller_lines(&f, ps, qs, cnt);
        if (any) fq12_mul(&acc, &acc, &f);
        else acc = f;
    }
    *r = acc;
}

/* Splits the pairs into contiguous ranges, one per thread (when there are at
 * least two pairs, several threads and no enclosing parallel region); the
 * partial products are multiplied in range order. */
static void miller_multi(fq12_t *r, const pairs_t *s) {
    consts();
    size_t total = s->n + s->m;
    int nt = 1;
    if (total >= 2 && !omp_in_parallel()) {
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

/* ---- final exponentiation ---- */

/* r = a^x for a in the cyclotomic subgroup (x in NAF; a^-1 = conj(a) there). */
static void cyclotomic_exp_x(fq12_t *r, const fq12_t *a) {
    fq12_t acc = *a, inv;
    fq12_conj(&inv, a);
    for (int i = X_NAF_LEN - 2; i >= 0; i--) {
        fq12_cyclotomic_sqr(&acc, &acc);
        if (x_naf[i] > 0) fq12_mul(&acc, &acc, a);
        if (x_naf[i] < 0) fq12_mul(&acc, &acc, &inv);
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
