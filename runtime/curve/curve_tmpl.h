/* zkpot L2 curve: one implementation of a short Weierstrass group with a = 0,
 * y^2 = x^3 + b, instantiated for G1 over Fq (g1.c) and G2 over Fq2 (g2.c).
 * Before including, define:
 *   F_T, F(name)      the coordinate field type and its function prefix (fq_, fq2_)
 *   G_T, GA_T, G(name) the Jacobian and affine point types and the group prefix
 *   G_B, G_B3         the constants b and 3b (F_T, Montgomery form)
 *   G_GLV             a curve_glv_basis_t for the endomorphism, and define
 *   static void G(endo_xyz)(F_T *x, F_T *y, F_T *z)  applying the endomorphism
 *   ([lambda] on the group) in place; it must be valid in both Jacobian and
 *   homogeneous coordinates (true for maps (x, y) -> (c1 f(x), c2 f(y)) with f
 *   the identity or the Frobenius of Fq2, applied to Z as f(Z)).
 *   G_MUL_B3(r, a)    optional: r = 3b * a (default: a multiplication by G_B3).
 *   F_MUL             optional: the multiplication the formulas use (default F(mul)).
 * Jacobian formulas are from the Explicit-Formulas Database (EFD),
 * https://hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-0.html; the constant
 * time ladder uses the complete homogeneous formulas of Renes, Costello,
 * Batina, "Complete addition formulas for prime order elliptic curves", eprint
 * 2015/1060 (Algorithms 7 and 9, a = 0). They are complete on any curve
 * y^2 = x^3 + b without points of order 2; both BN254 groups E(Fq) and
 * E'(Fq2) have odd order. */
#include <string.h>

#include "curve/curve_internal.h"

/* F_MUL: the product in the formulas, which keep several independent products
 * in flight (G1 sets the throughput kernel fq_mul_tp, zkpot/field.h). */
#ifndef F_MUL
#define F_MUL F(mul)
#endif

#ifndef G_MUL_B3
#define G_MUL_B3(r, a) F_MUL(r, a, &G_B3)
#endif

/* ---- basic predicates and conversions ---- */

void G(set_infinity)(G_T *r) {
    F(set_one)(&r->x);
    F(set_one)(&r->y);
    F(set_zero)(&r->z);
}

bool G(is_infinity)(const G_T *a) { return F(is_zero)(&a->z); }

void G(from_affine)(G_T *r, const GA_T *a) {
    if (a->infinity) {
        G(set_infinity)(r);
        return;
    }
    r->x = a->x;
    r->y = a->y;
    F(set_one)(&r->z);
}

void G(to_affine)(GA_T *r, const G_T *a) {
    if (G(is_infinity)(a)) {
        F(set_zero)(&r->x);
        F(set_zero)(&r->y);
        r->infinity = true;
        return;
    }
    F_T zi, zi2;
    F(inv)(&zi, &a->z);
    F(sqr)(&zi2, &zi);
    F_MUL(&r->x, &a->x, &zi2);
    F_MUL(&zi2, &zi2, &zi);
    F_MUL(&r->y, &a->y, &zi2);
    r->infinity = false;
}

/* Montgomery's simultaneous inversion: prefix products of the nonzero Z are
 * parked in r[i].x, one inversion, then a backward sweep. */
void G(batch_to_affine)(GA_T *r, const G_T *a, size_t n) {
    if (n == 0) return;
    F_T acc;
    F(set_one)(&acc);
    for (size_t i = 0; i < n; i++) {
        r[i].x = acc;
        if (!G(is_infinity)(&a[i])) F(mul)(&acc, &acc, &a[i].z); /* a chain: the low-latency kernel */
    }
    F(inv)(&acc, &acc);
    for (size_t i = n; i-- > 0;) {
        if (G(is_infinity)(&a[i])) {
            F(set_zero)(&r[i].x);
            F(set_zero)(&r[i].y);
            r[i].infinity = true;
            continue;
        }
        F_T zi, zi2;
        F_MUL(&zi, &acc, &r[i].x); /* 1 / z_i */
        F(mul)(&acc, &acc, &a[i].z);
        F(sqr)(&zi2, &zi);
        F_MUL(&r[i].x, &a[i].x, &zi2);
        F_MUL(&zi2, &zi2, &zi);
        F_MUL(&r[i].y, &a[i].y, &zi2);
        r[i].infinity = false;
    }
}

/* Y^2 = X^3 + b Z^6 */
bool G(is_on_curve)(const G_T *a) {
    if (G(is_infinity)(a)) return true;
    F_T y2, x3, z2, z6;
    F(sqr)(&y2, &a->y);
    F(sqr)(&x3, &a->x);
    F_MUL(&x3, &x3, &a->x);
    F(sqr)(&z2, &a->z);
    F_MUL(&z6, &z2, &a->z);
    F(sqr)(&z6, &z6);
    F_MUL(&z6, &z6, &G_B);
    F(add)(&x3, &x3, &z6);
    return F(eq)(&y2, &x3);
}

bool G(affine_is_on_curve)(const GA_T *a) {
    if (a->infinity) return true;
    F_T y2, x3;
    F(sqr)(&y2, &a->y);
    F(sqr)(&x3, &a->x);
    F_MUL(&x3, &x3, &a->x);
    F(add)(&x3, &x3, &G_B);
    return F(eq)(&y2, &x3);
}

/* X1 Z2^2 = X2 Z1^2 and Y1 Z2^3 = Y2 Z1^3 */
bool G(eq)(const G_T *a, const G_T *b) {
    bool ia = G(is_infinity)(a), ib = G(is_infinity)(b);
    if (ia || ib) return ia && ib;
    F_T z1z1, z2z2, u1, u2, s1, s2;
    F(sqr)(&z1z1, &a->z);
    F(sqr)(&z2z2, &b->z);
    F_MUL(&u1, &a->x, &z2z2);
    F_MUL(&u2, &b->x, &z1z1);
    if (!F(eq)(&u1, &u2)) return false;
    F_MUL(&s1, &a->y, &z2z2);
    F_MUL(&s1, &s1, &b->z);
    F_MUL(&s2, &b->y, &z1z1);
    F_MUL(&s2, &s2, &a->z);
    return F(eq)(&s1, &s2);
}

void G(neg)(G_T *r, const G_T *a) {
    r->x = a->x;
    F(neg)(&r->y, &a->y);
    r->z = a->z;
}

void G(affine_neg)(GA_T *r, const GA_T *a) {
    r->x = a->x;
    F(neg)(&r->y, &a->y);
    r->infinity = a->infinity;
}

bool G(affine_eq)(const GA_T *a, const GA_T *b) {
    if (a->infinity || b->infinity) return a->infinity && b->infinity;
    return F(eq)(&a->x, &b->x) && F(eq)(&a->y, &b->y);
}

/* ---- Jacobian group law (variable time at the exceptional cases) ---- */

/* dbl-2009-l: A = X1^2, B = Y1^2, C = B^2, D = 2((X1+B)^2 - A - C), E = 3A,
 * F = E^2, X3 = F - 2D, Y3 = E(D - X3) - 8C, Z3 = 2 Y1 Z1.  (2M + 5S) */
void G(dbl)(G_T *r, const G_T *a) {
    F_T A, B, C, D, E, Fv, t;
    F(sqr)(&A, &a->x);
    F(sqr)(&B, &a->y);
    F(sqr)(&C, &B);
    F(add)(&D, &a->x, &B);
    F(sqr)(&D, &D);
    F(sub)(&D, &D, &A);
    F(sub)(&D, &D, &C);
    F(dbl)(&D, &D);
    F(dbl)(&E, &A);
    F(add)(&E, &E, &A);
    F(sqr)(&Fv, &E);
    F_MUL(&r->z, &a->y, &a->z); /* before writing r->y: r may alias a */
    F(dbl)(&r->z, &r->z);
    F(dbl)(&t, &D);
    F(sub)(&r->x, &Fv, &t);
    F(sub)(&t, &D, &r->x);
    F_MUL(&t, &E, &t);
    F(dbl)(&C, &C);
    F(dbl)(&C, &C);
    F(dbl)(&C, &C);
    F(sub)(&r->y, &t, &C);
}

/* add-2007-bl: Z1Z1 = Z1^2, Z2Z2 = Z2^2, U1 = X1 Z2Z2, U2 = X2 Z1Z1,
 * S1 = Y1 Z2 Z2Z2, S2 = Y2 Z1 Z1Z1, H = U2 - U1, I = (2H)^2, J = H I,
 * rr = 2(S2 - S1), V = U1 I, X3 = rr^2 - J - 2V, Y3 = rr(V - X3) - 2 S1 J,
 * Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H.  (11M + 5S) */
void G(add)(G_T *r, const G_T *a, const G_T *b) {
    if (G(is_infinity)(a)) {
        *r = *b;
        return;
    }
    if (G(is_infinity)(b)) {
        *r = *a;
        return;
    }
    F_T z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t;
    F(sqr)(&z1z1, &a->z);
    F(sqr)(&z2z2, &b->z);
    F_MUL(&u1, &a->x, &z2z2);
    F_MUL(&u2, &b->x, &z1z1);
    F_MUL(&s1, &a->y, &b->z);
    F_MUL(&s1, &s1, &z2z2);
    F_MUL(&s2, &b->y, &a->z);
    F_MUL(&s2, &s2, &z1z1);
    F(sub)(&h, &u2, &u1);
    F(sub)(&rr, &s2, &s1);
    if (F(is_zero)(&h)) {
        if (F(is_zero)(&rr))
            G(dbl)(r, a);
        else
            G(set_infinity)(r);
        return;
    }
    F(dbl)(&i, &h);
    F(sqr)(&i, &i);
    F_MUL(&j, &h, &i);
    F(dbl)(&rr, &rr);
    F_MUL(&v, &u1, &i);
    F(add)(&t, &a->z, &b->z);
    F(sqr)(&t, &t);
    F(sub)(&t, &t, &z1z1);
    F(sub)(&t, &t, &z2z2);
    F_MUL(&r->z, &t, &h);
    F(sqr)(&r->x, &rr);
    F(sub)(&r->x, &r->x, &j);
    F(sub)(&r->x, &r->x, &v);
    F(sub)(&r->x, &r->x, &v);
    F(sub)(&t, &v, &r->x);
    F_MUL(&t, &rr, &t);
    F_MUL(&s1, &s1, &j);
    F(dbl)(&s1, &s1);
    F(sub)(&r->y, &t, &s1);
}

/* madd-2007-bl (Z2 = 1): Z1Z1 = Z1^2, U2 = X2 Z1Z1, S2 = Y2 Z1 Z1Z1,
 * H = U2 - X1, HH = H^2, I = 4 HH, J = H I, rr = 2(S2 - Y1), V = X1 I,
 * X3 = rr^2 - J - 2V, Y3 = rr(V - X3) - 2 Y1 J, Z3 = (Z1 + H)^2 - Z1Z1 - HH.
 * (7M + 4S) */
void G(add_mixed)(G_T *r, const G_T *a, const GA_T *b) {
    if (b->infinity) {
        *r = *a;
        return;
    }
    if (G(is_infinity)(a)) {
        G(from_affine)(r, b);
        return;
    }
    F_T z1z1, u2, s2, h, hh, i, j, rr, v, t;
    F(sqr)(&z1z1, &a->z);
    F_MUL(&u2, &b->x, &z1z1);
    F_MUL(&s2, &b->y, &a->z);
    F_MUL(&s2, &s2, &z1z1);
    F(sub)(&h, &u2, &a->x);
    F(sub)(&rr, &s2, &a->y);
    if (F(is_zero)(&h)) {
        if (F(is_zero)(&rr))
            G(dbl)(r, a);
        else
            G(set_infinity)(r);
        return;
    }
    F(sqr)(&hh, &h);
    F(dbl)(&i, &hh);
    F(dbl)(&i, &i);
    F_MUL(&j, &h, &i);
    F(dbl)(&rr, &rr);
    F_MUL(&v, &a->x, &i);
    F_T y1 = a->y;
    F(add)(&t, &a->z, &h);
    F(sqr)(&t, &t);
    F(sub)(&t, &t, &z1z1);
    F(sub)(&r->z, &t, &hh);
    F(sqr)(&r->x, &rr);
    F(sub)(&r->x, &r->x, &j);
    F(sub)(&r->x, &r->x, &v);
    F(sub)(&r->x, &r->x, &v);
    F(sub)(&t, &v, &r->x);
    F_MUL(&t, &rr, &t);
    F_MUL(&y1, &y1, &j);
    F(dbl)(&y1, &y1);
    F(sub)(&r->y, &t, &y1);
}

/* ---- constant-time scalar multiplication ---- */

/* Homogeneous projective point (X:Y:Z) = (X/Z, Y/Z); identity (0:1:0). */
typedef struct {
    F_T x, y, z;
} G(proj_t);

/* RCB 2015/1060 Algorithm 7 (complete addition, a = 0; 12M + 2 m_3b). */
static void G(proj_add)(G(proj_t) * r, const G(proj_t) * p, const G(proj_t) * q) {
    F_T t0, t1, t2, t3, t4, x3, y3, z3;
    F_MUL(&t0, &p->x, &q->x);
    F_MUL(&t1, &p->y, &q->y);
    F_MUL(&t2, &p->z, &q->z);
    F(add)(&t3, &p->x, &p->y);
    F(add)(&t4, &q->x, &q->y);
    F_MUL(&t3, &t3, &t4);
    F(add)(&t4, &t0, &t1);
    F(sub)(&t3, &t3, &t4);
    F(add)(&t4, &p->y, &p->z);
    F(add)(&x3, &q->y, &q->z);
    F_MUL(&t4, &t4, &x3);
    F(add)(&x3, &t1, &t2);
    F(sub)(&t4, &t4, &x3);
    F(add)(&x3, &p->x, &p->z);
    F(add)(&y3, &q->x, &q->z);
    F_MUL(&x3, &x3, &y3);
    F(add)(&y3, &t0, &t2);
    F(sub)(&y3, &x3, &y3);
    F(dbl)(&x3, &t0);
    F(add)(&t0, &x3, &t0);
    G_MUL_B3(&t2, &t2);
    F(add)(&z3, &t1, &t2);
    F(sub)(&t1, &t1, &t2);
    G_MUL_B3(&y3, &y3);
    F_MUL(&x3, &t4, &y3);
    F_MUL(&t2, &t3, &t1);
    F(sub)(&x3, &t2, &x3);
    F_MUL(&y3, &y3, &t0);
    F_MUL(&t1, &t1, &z3);
    F(add)(&y3, &t1, &y3);
    F_MUL(&t0, &t0, &t3);
    F_MUL(&z3, &z3, &t4);
    F(add)(&z3, &z3, &t0);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* RCB 2015/1060 Algorithm 9 (complete doubling, a = 0; 6M + 2S + 1 m_3b). */
static void G(proj_dbl)(G(proj_t) * r, const G(proj_t) * p) {
    F_T t0, t1, t2, x3, y3, z3;
    F(sqr)(&t0, &p->y);
    F(dbl)(&z3, &t0);
    F(dbl)(&z3, &z3);
    F(dbl)(&z3, &z3);
    F_MUL(&t1, &p->y, &p->z);
    F(sqr)(&t2, &p->z);
    G_MUL_B3(&t2, &t2);
    F_MUL(&x3, &t2, &z3);
    F(add)(&y3, &t0, &t2);
    F_MUL(&z3, &t1, &z3);
    F(dbl)(&t1, &t2);
    F(add)(&t2, &t1, &t2);
    F(sub)(&t0, &t0, &t2);
    F_MUL(&y3, &t0, &y3);
    F(add)(&y3, &x3, &y3);
    F_MUL(&t1, &p->x, &p->y);
    F_MUL(&x3, &t0, &t1);
    F(dbl)(&x3, &x3);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

#define G_WORDS(T) (sizeof(T) / sizeof(uint64_t))

/* r = mask ? a : r, over the raw limbs (mask is 0 or all ones). */
static inline void G(proj_cmov)(G(proj_t) * r, const G(proj_t) * a, uint64_t mask) {
    uint64_t *rw = (uint64_t *)r;
    const uint64_t *aw = (const uint64_t *)a;
    for (size_t i = 0; i < G_WORDS(G(proj_t)); i++)
        rw[i] ^= (rw[i] ^ aw[i]) & mask;
}

/* Jacobian (X, Y, Z) -> homogeneous (X Z, Y, Z^3); infinity -> (0:1:0). No branches. */
static void G(jac_to_proj)(G(proj_t) * r, const G_T *a) {
    G(proj_t) t, id;
    F_MUL(&t.x, &a->x, &a->z);
    t.y = a->y;
    F(sqr)(&t.z, &a->z);
    F_MUL(&t.z, &t.z, &a->z);
    F(set_zero)(&id.x);
    F(set_one)(&id.y);
    F(set_zero)(&id.z);
    uint64_t zero = 0;
    const uint64_t *zw = (const uint64_t *)&a->z;
    for (size_t i = 0; i < G_WORDS(F_T); i++)
        zero |= zw[i];
    G(proj_cmov)(&t, &id, curve_ct_eq_mask(zero, 0));
    *r = t;
}

/* Homogeneous (X:Y:Z) -> Jacobian (X Z, Y Z^2, Z); Z = 0 gives (0, 0, 0),
 * which is_infinity recognises. No branches. */
static void G(proj_to_jac)(G_T *r, const G(proj_t) * a) {
    F_T z2;
    F(sqr)(&z2, &a->z);
    F_MUL(&r->x, &a->x, &a->z);
    F_MUL(&r->y, &a->y, &z2);
    r->z = a->z;
}

/* r = mask ? -a : a for a homogeneous point; no branches. */
static void G(proj_cneg)(G(proj_t) * r, uint64_t mask) {
    G(proj_t) t = *r;
    F(neg)(&t.y, &t.y);
    G(proj_cmov)(r, &t, mask);
}

/* t = tab[digit] by scanning all 16 entries with masks. */
static void G(proj_lookup)(G(proj_t) * t, const G(proj_t) tab[16], uint64_t digit) {
    *t = tab[0];
    for (uint64_t i = 1; i < 16; i++)
        G(proj_cmov)(t, &tab[i], curve_ct_eq_mask(i, digit));
}

/* k a = s1 k1 a + s2 k2 endo(a) with the (constant-time) GLV/GLS split, k1, k2
 * < 2^128. Tables T1[i] = i (s1 a), T2[i] = endo(T1[i]) negated if s1 != s2,
 * i = 0..15; then 32 fixed 4-bit windows: 4 doublings and 2 additions each,
 * table entries read by masked scans; complete formulas throughout, so no
 * branch or memory address depends on k or on the intermediate points. */
void G(mul)(G_T *r, const G_T *a, const fr_t *k) {
    uint64_t e[4], k1[2], k2[2];
    bool n1, n2;
    fr_to_limbs(e, k);
    curve_glv_split(k1, &n1, k2, &n2, &G_GLV, e);
    G(proj_t) t1[16], t2[16], acc, t;
    F(set_zero)(&t1[0].x);
    F(set_one)(&t1[0].y);
    F(set_zero)(&t1[0].z);
    G(jac_to_proj)(&t1[1], a);
    G(proj_cneg)(&t1[1], 0 - (uint64_t)n1);
    for (int i = 2; i < 16; i++)
        G(proj_add)(&t1[i], &t1[i - 1], &t1[1]);
    uint64_t flip = 0 - (uint64_t)(n1 ^ n2);
    for (int i = 0; i < 16; i++) {
        t2[i] = t1[i];
        G(endo_xyz)(&t2[i].x, &t2[i].y, &t2[i].z);
        G(proj_cneg)(&t2[i], flip);
    }
    acc = t1[0];
    for (int w = 31; w >= 0; w--) {
        if (w != 31)
            for (int j = 0; j < 4; j++)
                G(proj_dbl)(&acc, &acc);
        G(proj_lookup)(&t, t1, (k1[w / 16] >> (4 * (w % 16))) & 15);
        G(proj_add)(&acc, &acc, &t);
        G(proj_lookup)(&t, t2, (k2[w / 16] >> (4 * (w % 16))) & 15);
        G(proj_add)(&acc, &acc, &t);
    }
    G(proj_to_jac)(r, &acc);
    zkp_memzero(e, sizeof e);
    zkp_memzero(k1, sizeof k1);
    zkp_memzero(k2, sizeof k2);
    zkp_memzero(&n1, sizeof n1);
    zkp_memzero(&n2, sizeof n2);
    zkp_memzero(t1, sizeof t1);
    zkp_memzero(t2, sizeof t2);
    zkp_memzero(&acc, sizeof acc);
    zkp_memzero(&t, sizeof t);
}

/* ---- constant-time fixed-base multiplication ---- */

#define G_FIX_WIN 64 /* 4-bit signed windows covering 256 bits */
#define G_FIX_ENT 9  /* |digit| = 0..8 */

struct G(fixed_s) {
    G(proj_t) t[G_FIX_WIN][G_FIX_ENT]; /* t[j][d] = d 16^j P */
};

zkp_err G(fixed_new)(G(fixed_t) * *out, const G_T *base) {
    G(fixed_t) *f = zkp_malloc(sizeof *f);
    *out = f;
    if (!f) return zkp_fail(ZKP_ERR_NOMEM, "fixed-base table: out of memory");
    G(proj_t) p;
    G(jac_to_proj)(&p, base);
    for (int j = 0; j < G_FIX_WIN; j++) {
        F(set_zero)(&f->t[j][0].x);
        F(set_one)(&f->t[j][0].y);
        F(set_zero)(&f->t[j][0].z);
        f->t[j][1] = p;
        for (int d = 2; d < G_FIX_ENT; d++)
            G(proj_add)(&f->t[j][d], &f->t[j][d - 1], &p);
        G(proj_dbl)(&p, &f->t[j][8]); /* 16 p */
    }
    return ZKP_OK;
}

void G(fixed_free)(G(fixed_t) * f) { zkp_free(f); }

/* k = sum_j d_j 16^j with signed digits d_j in [-8, 7] (k < 2^254, so the top
 * digit absorbs the last carry); acc = sum_j sign_j t[j][|d_j|] with masked
 * table scans and complete additions: no doublings, no secret-dependent
 * branches or addresses. */
void G(fixed_mul)(G_T *r, const G(fixed_t) * f, const fr_t *k) {
    uint64_t e[4], carry = 0;
    fr_to_limbs(e, k);
    G(proj_t) acc = f->t[0][0], t;
    for (int j = 0; j < G_FIX_WIN; j++) {
        uint64_t d = ((e[j / 16] >> (4 * (j % 16))) & 15) + carry; /* 0..16 */
        carry = (d + 8) >> 4;                                      /* d >= 8 */
        uint64_t neg = 0 - carry;                                  /* digit d - 16 < 0 */
        uint64_t mag = (d & ~neg) | ((16 - d) & neg);              /* |digit|, 0..8 */
        t = f->t[j][0];
        for (uint64_t i = 1; i < G_FIX_ENT; i++)
            G(proj_cmov)(&t, &f->t[j][i], curve_ct_eq_mask(i, mag));
        G(proj_cneg)(&t, neg);
        G(proj_add)(&acc, &acc, &t);
    }
    G(proj_to_jac)(r, &acc);
    zkp_memzero(e, sizeof e);
    zkp_memzero(&carry, sizeof carry);
    zkp_memzero(&acc, sizeof acc);
    zkp_memzero(&t, sizeof t);
}

#undef G_FIX_WIN
#undef G_FIX_ENT

/* ---- variable-time scalar multiplication ---- */

#define G_WNAF_W 5
#define G_WNAF_TAB (1 << (G_WNAF_W - 2)) /* odd multiples 1, 3, ..., 15 */

/* tab[i] = (2i+1) a */
static void G(odd_multiples)(G_T tab[G_WNAF_TAB], const G_T *a) {
    G_T a2;
    G(dbl)(&a2, a);
    tab[0] = *a;
    for (int i = 1; i < G_WNAF_TAB; i++)
        G(add)(&tab[i], &tab[i - 1], &a2);
}

static void G(add_digit)(G_T *acc, const G_T tab[G_WNAF_TAB], int d) {
    if (d > 0) {
        G(add)(acc, acc, &tab[d >> 1]);
    } else if (d < 0) {
        G_T t;
        G(neg)(&t, &tab[(-d) >> 1]);
        G(add)(acc, acc, &t);
    }
}

/* r = k a for an n-limb nonnegative integer k (n <= 4), wNAF; variable time. */
void G(mul_limbs_var)(G_T *r, const G_T *a, const uint64_t *k, size_t n) {
    int8_t d[257];
    G_T tab[G_WNAF_TAB], acc;
    size_t len = curve_wnaf(d, k, n, G_WNAF_W);
    G(odd_multiples)(tab, a);
    G(set_infinity)(&acc);
    for (size_t i = len; i-- > 0;) {
        G(dbl)(&acc, &acc);
        G(add_digit)(&acc, tab, d[i]);
    }
    *r = acc;
}

/* k a = k1 a + k2 endo(a) (GLV/GLS with the curve's endomorphism), both halves
 * in wNAF, one shared doubling chain (Straus-Shamir interleaving). */
void G(mul_var)(G_T *r, const G_T *a, const fr_t *k) {
    uint64_t e[4], k1[2], k2[2];
    bool n1, n2;
    fr_to_limbs(e, k);
    curve_glv_split(k1, &n1, k2, &n2, &G_GLV, e);
    int8_t d1[129 + 1], d2[129 + 1];
    size_t l1 = curve_wnaf(d1, k1, 2, G_WNAF_W), l2 = curve_wnaf(d2, k2, 2, G_WNAF_W);
    G_T t1[G_WNAF_TAB], t2[G_WNAF_TAB], b, acc;
    if (n1)
        G(neg)(&b, a);
    else
        b = *a;
    G(odd_multiples)(t1, &b);
    for (int i = 0; i < G_WNAF_TAB; i++) {
        t2[i] = t1[i];
        G(endo_xyz)(&t2[i].x, &t2[i].y, &t2[i].z);
        if (n1 != n2) G(neg)(&t2[i], &t2[i]);
    }
    G(set_infinity)(&acc);
    for (size_t i = (l1 > l2 ? l1 : l2); i-- > 0;) {
        G(dbl)(&acc, &acc);
        if (i < l1) G(add_digit)(&acc, t1, d1[i]);
        if (i < l2) G(add_digit)(&acc, t2, d2[i]);
    }
    *r = acc;
}

#undef G_WORDS
#undef G_MUL_B3
#undef G_WNAF_W
#undef G_WNAF_TAB
