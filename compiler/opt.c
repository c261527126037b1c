/* zkc: optimizer passes (each a function) and their pipeline, opt_run().
 *   fold     constant A or B turns a constraint linear; 0 = 0 is dropped
 *   linear   linear constraints eliminate an internal wire by substitution
 *            (circom's --O2; -O1 only uses constraints with at most 2 wires)
 *   dedup    identical constraints (up to scaling of linear ones, A/B swap) go
 *   unused   internal wires no constraint mentions leave the wire list */
#include "opt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Most terms a substitution may add to the system (uses - 1) * (definition
 * length) before the linear constraint is kept instead. 1024 kept n linear
 * constraints in Poseidon(n) for n >= 13 (its partial rounds' state, ~84 terms
 * used ~17 times); 4096 eliminates them (circom's count) and costs sgd P=1024
 * no compile time (user 2.8 s either way) and 5% more peak memory. */
#define OPT_MAX_FILL 4096

static bool is_linear(const cons_t *c) { return c->na == 0 && c->nb == 0; }

static void oom(void) {
    fprintf(stderr, "zkc: out of memory\n");
    exit(2);
}

static void *grow(void *p, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return p;
    *cap = 2 * need + 64;
    p = realloc(p, size * *cap);
    if (!p) oom();
    return p;
}

/* True when l has no wire other than 0; then *k (if non-NULL) is its value. */
static bool clc_is_const(const cs_t *cs, clc_t l, fr_t *k) {
    if (l.n == 0) {
        if (k) fr_set_zero(k);
        return true;
    }
    if (l.n == 1 && l.t[0].w == 0) {
        if (k) *k = *cs_k(cs, l.t[0].k);
        return true;
    }
    return false;
}

/* The index of coefficient k, with the common 1 found without hashing. */
static uint32_t coef(cs_t *cs, const fr_t *k) { return fr_is_one(k) ? CS_K_ONE : cs_coef(cs, k); }

/* A growable buffer of stored-form terms (a constraint being rebuilt). */
typedef struct {
    cterm_t *t;
    size_t n, cap;
} stage_t;

static void stage_put(stage_t *s, clc_t l) {
    s->t = grow(s->t, &s->cap, s->n + l.n, sizeof *s->t);
    if (l.n) memcpy(s->t + s->n, l.t, sizeof *s->t * l.n);
    s->n += l.n;
}

/* Stores constraint c with na/nb/nc terms taken from st (A, B, C in order):
 * over its own terms when they fit, else appended to the store. */
static void store_cons(cs_t *cs, cons_t *c, const stage_t *st, uint32_t na, uint32_t nb, uint32_t nc) {
    size_t n = (size_t)na + nb + nc;
    if (n > (size_t)c->na + c->nb + c->nc) c->off = cs_tv_alloc(cs, n);
    if (n) memcpy(cs->tv + c->off, st->t, sizeof *st->t * n);
    c->na = na, c->nb = nb, c->nc = nc;
}

/* ---- fold ---- */

bool opt_fold(cs_t *cs, size_t *removed) {
    size_t out = 0, run = cs->ntv; /* rewritten constraints that grew are appended from here */
    stage_t st = {0};
    bool ok = true;
    for (size_t i = 0; i < cs->ncons; i++) {
        cons_t c = cs->cons[i];
        fr_t ka, kb;
        bool ca = clc_is_const(cs, cs_lc(cs, &c, 0), &ka), cb = clc_is_const(cs, cs_lc(cs, &c, 1), &kb);
        if (!is_linear(&c) && (ca || cb)) {
            /* k*L - C = 0, written as linear C' = C - k*L (meaning C' = 0) */
            fr_t k;
            clc_t l;
            if (ca && cb) {
                fr_mul(&k, &ka, &kb);
                l = (clc_t){0, NULL};
            } else {
                k = ca ? ka : kb;
                l = cs_lc(cs, &c, ca ? 1 : 0);
            }
            clc_t cc = cs_lc(cs, &c, 2);
            st.n = 0;
            st.t = grow(st.t, &st.cap, (size_t)cc.n + l.n + 1, sizeof *st.t);
            fr_t x, y;
            uint32_t p = 0, q = 0;
            bool kconst = ca && cb && !fr_is_zero(&k); /* the product is the constant k */
            /* merge C with -k*L (or -k*one) by wire */
            while (p < cc.n || q < l.n || kconst) {
                uint32_t w;
                fr_set_zero(&x);
                uint32_t wl = kconst ? 0 : q < l.n ? l.t[q].w : UINT32_MAX;
                uint32_t wc = p < cc.n ? cc.t[p].w : UINT32_MAX;
                if (wc < wl) {
                    w = wc, x = *cs_k(cs, cc.t[p++].k);
                } else {
                    w = wl;
                    if (kconst) {
                        y = k, kconst = false;
                    } else {
                        fr_mul(&y, cs_k(cs, l.t[q++].k), &k);
                    }
                    fr_neg(&y, &y);
                    if (wc == wl) fr_add(&y, &y, cs_k(cs, cc.t[p++].k));
                    x = y;
                }
                if (!fr_is_zero(&x)) st.t[st.n++] = (cterm_t){w, coef(cs, &x)};
            }
            store_cons(cs, &c, &st, 0, 0, (uint32_t)st.n);
        }
        if (is_linear(&c)) {
            fr_t k;
            if (clc_is_const(cs, cs_lc(cs, &c, 2), &k)) {
                if (!fr_is_zero(&k)) {
                    diag_error(cs->locs[c.loc], "this constraint can never be satisfied");
                    ok = false;
                    break;
                }
                continue;
            }
        }
        cs->cons[out++] = c;
    }
    free(st.t);
    if (!ok) return false;
    *removed += cs->ncons - out;
    cs->ncons = out;
    cs_tv_compact(cs, NULL, 0, &run, 1);
    return true;
}

/* ---- linear elimination ---- */

static int u32_cmp(const void *x, const void *y) {
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* Scratch of one opt_linear call: a dense accumulator indexed by wire (only
 * the touched entries are read or reset), the touched wires, and the terms of
 * the current round. */
typedef struct {
    fr_t *acc;
    bool *hit;
    uint32_t *touched;
    size_t ntouched, tcap;
    cterm_t *terms;
    size_t cap;
} subst_t;

static void subst_free(subst_t *s) {
    free(s->acc);
    free(s->hit);
    free(s->touched);
    free(s->terms);
}

static inline void acc_add(subst_t *s, uint32_t w, const fr_t *c) {
    if (!s->hit[w]) {
        s->hit[w] = true;
        s->acc[w] = *c;
        s->touched[s->ntouched++] = w;
    } else {
        fr_add(&s->acc[w], &s->acc[w], c);
    }
}

/* Replaces eliminated wires in l by their definitions until none is left.
 * Each round adds the kept terms and the scaled definitions into the dense
 * accumulator and reads the touched wires back in order. Returns l itself
 * when nothing changes, else a view of s->terms (valid until the next call);
 * it interns new coefficients but never moves the term store. */
static clc_t subst(cs_t *cs, subst_t *s, clc_t l, const cspan_t *def, const bool *elim) {
    for (;;) {
        size_t need = 0;
        bool any = false;
        for (uint32_t i = 0; i < l.n; i++) {
            if (elim[l.t[i].w]) {
                any = true;
                need += def[l.t[i].w].n;
            } else {
                need++;
            }
        }
        if (!any) return l;
        s->touched = grow(s->touched, &s->tcap, need, sizeof *s->touched);
        s->ntouched = 0;
        for (uint32_t i = 0; i < l.n; i++) {
            const cterm_t *t = &l.t[i];
            fr_t tc = *cs_k(cs, t->k);
            if (!elim[t->w]) {
                acc_add(s, t->w, &tc);
                continue;
            }
            /* coefficients are mostly +-1: no multiplication for those */
            const cterm_t *d = cs->tv + def[t->w].off;
            for (uint32_t j = 0; j < def[t->w].n; j++) {
                fr_t c;
                uint32_t dk = d[j].k;
                if (t->k == CS_K_ONE) c = *cs_k(cs, dk);
                else if (dk == CS_K_ONE) c = tc;
                else if (t->k == CS_K_MONE) fr_neg(&c, cs_k(cs, dk));
                else if (dk == CS_K_MONE) fr_neg(&c, &tc);
                else fr_mul(&c, cs_k(cs, dk), &tc);
                acc_add(s, d[j].w, &c);
            }
        }
        /* l may live in s->terms: it has been read completely above */
        qsort(s->touched, s->ntouched, sizeof *s->touched, u32_cmp);
        s->terms = grow(s->terms, &s->cap, s->ntouched, sizeof *s->terms);
        uint32_t n = 0;
        for (size_t i = 0; i < s->ntouched; i++) {
            uint32_t w = s->touched[i];
            s->hit[w] = false;
            if (!fr_is_zero(&s->acc[w])) s->terms[n++] = (cterm_t){w, coef(cs, &s->acc[w])};
        }
        l = (clc_t){n, s->terms};
    }
}

/* Stores l (a view of scratch, or of span sp itself) as span sp: over sp's
 * terms when it fits, else appended. */
static void store_span(cs_t *cs, cspan_t *sp, clc_t l) {
    if (l.t == cs->tv + sp->off && l.n == sp->n) return;
    if (l.n > sp->n) sp->off = cs_tv_alloc(cs, l.n);
    if (l.n) memmove(cs->tv + sp->off, l.t, sizeof *l.t * l.n);
    sp->n = l.n;
}

bool opt_linear(cs_t *cs, int level, const bool *avoid, size_t *removed, cspan_t **defs, bool **elims) {
    cspan_t *def = calloc(cs->nwires, sizeof *def);
    bool *elim = calloc(cs->nwires, sizeof *elim);
    uint32_t *uses = calloc(cs->nwires, sizeof *uses);
    uint32_t *order = malloc(sizeof *order * (cs->nwires ? cs->nwires : 1));
    subst_t sc = {.acc = malloc(sizeof(fr_t) * (cs->nwires ? cs->nwires : 1)),
                  .hit = calloc(cs->nwires, sizeof(bool))};
    if (!def || !elim || !uses || !order || !sc.acc || !sc.hit) oom();
    for (size_t i = 0; i < cs->ncons; i++) {
        const cons_t *c = &cs->cons[i];
        const cterm_t *t = cs->tv + c->off;
        for (size_t j = 0, n = (size_t)c->na + c->nb + c->nc; j < n; j++) uses[t[j].w]++;
    }
    stage_t st = {0};
    uint32_t nelim = 0;
    size_t out = 0, runs[2] = {cs->ntv, 0}; /* where phase 1 and phase 2 start appending */
    bool ok = true;
    for (size_t i = 0; i < cs->ncons; i++) {
        cons_t c = cs->cons[i];
        if (!is_linear(&c)) {
            cs->cons[out++] = c;
            continue;
        }
        clc_t v = subst(cs, &sc, cs_lc(cs, &c, 2), def, elim);
        fr_t k;
        if (clc_is_const(cs, v, &k)) {
            if (!fr_is_zero(&k)) {
                diag_error(cs->locs[c.loc], "this constraint can never be satisfied");
                ok = false;
                break;
            }
            continue; /* implied by earlier ones */
        }
        uint32_t nw = v.n - (v.t[0].w == 0);
        int piv = -1;
        /* pivot: the internal wire used least (ties: the latest); skip when the
         * substitution would fill the system (a long definition used often):
         * keeping one linear constraint is cheaper than that */
        if (level >= 2 || nw <= 2)
            for (int t = (int)v.n - 1; t >= 0; t--) {
                uint32_t w = v.t[t].w;
                if (cs->wires[w].kind != W_INTERNAL || (avoid && avoid[w])) continue;
                if (piv < 0 || uses[w] < uses[v.t[piv].w]) piv = t;
            }
        if (piv >= 0) {
            uint64_t fill = (uint64_t)(uses[v.t[piv].w] - 1) * (v.n - 1);
            if (fill > OPT_MAX_FILL && v.n - 1 > 2) piv = -1;
        }
        if (piv < 0) {
            cspan_t sp = {c.off, c.nc};
            store_span(cs, &sp, v);
            c.off = sp.off, c.nc = sp.n;
            cs->cons[out++] = c;
            continue;
        }
        /* w = -(rest)/coef; the dropped constraint's own terms hold the
         * definition when they can */
        uint32_t w = v.t[piv].w;
        fr_t inv;
        fr_inv_var(&inv, cs_k(cs, v.t[piv].k));
        fr_neg(&inv, &inv);
        st.n = 0;
        st.t = grow(st.t, &st.cap, v.n, sizeof *st.t);
        for (uint32_t t = 0; t < v.n; t++) {
            if (t == (uint32_t)piv) continue;
            fr_t x;
            fr_mul(&x, cs_k(cs, v.t[t].k), &inv); /* inv != 0 */
            st.t[st.n++] = (cterm_t){v.t[t].w, coef(cs, &x)};
        }
        cspan_t sp = {c.off, c.nc};
        store_span(cs, &sp, (clc_t){(uint32_t)st.n, st.t});
        def[w] = sp;
        elim[w] = true;
        order[nelim++] = w;
        (*removed)++;
    }
    if (ok) {
        /* resolve definitions last-first: a later one never mentions earlier eliminations */
        for (uint32_t i = nelim; i-- > 0;) {
            uint32_t w = order[i];
            clc_t v = subst(cs, &sc, (clc_t){def[w].n, cs->tv + def[w].off}, def, elim);
            store_span(cs, &def[w], v);
        }
        /* substituted constraints overwrite their terms when they fit, else
         * are appended (in constraint order: runs[1] starts that run) */
        runs[1] = cs->ntv;
        for (size_t i = 0; i < out; i++) {
            cons_t *c = &cs->cons[i];
            st.n = 0;
            uint32_t len[3];
            bool changed = false;
            for (int j = 0; j < 3; j++) {
                clc_t l = cs_lc(cs, c, j);
                clc_t v = subst(cs, &sc, l, def, elim);
                changed |= v.t != l.t;
                len[j] = v.n;
                stage_put(&st, v);
            }
            if (changed) store_cons(cs, c, &st, len[0], len[1], len[2]);
        }
        cs->ncons = out;
        /* handed back, the definitions stay where they are (the caller moves them) */
        if (!defs) cs_tv_compact(cs, NULL, 0, runs, 2);
    }
    free(st.t);
    free(uses);
    subst_free(&sc);
    if (defs) *defs = def; else free(def);
    if (elims) *elims = elim; else free(elim);
    free(order);
    return ok;
}

/* ---- duplicates ---- */

/* Hashes the coefficients' values (not their pool indices), so the A/B order
 * chosen below does not depend on the order constants were interned in. */
static uint64_t lc_hash(const cs_t *cs, clc_t l, uint64_t h) {
    for (uint32_t i = 0; i < l.n; i++) {
        h = (h ^ l.t[i].w) * 0x100000001b3ULL;
        h = (h ^ cs_k(cs, l.t[i].k)->l[0]) * 0x100000001b3ULL;
    }
    return (h ^ 0xff) * 0x100000001b3ULL;
}

/* Coefficients are interned, so equal combinations have equal terms. */
static bool clc_eq(clc_t a, clc_t b) {
    return a.n == b.n && (a.n == 0 || !memcmp(a.t, b.t, sizeof *a.t * a.n));
}

static bool opt_dedup(cs_t *cs, size_t *removed) {
    /* canonical form: linear constraints scaled so the first coefficient is 1;
     * A and B ordered by hash */
    stage_t st = {0};
    for (size_t i = 0; i < cs->ncons; i++) {
        cons_t *c = &cs->cons[i];
        if (is_linear(c) && c->nc && cs->tv[c->off].k != CS_K_ONE) {
            fr_t inv;
            fr_inv_var(&inv, cs_k(cs, cs->tv[c->off].k));
            for (uint32_t t = 0; t < c->nc; t++) {
                fr_t x;
                fr_mul(&x, cs_k(cs, cs->tv[c->off + t].k), &inv);
                cs->tv[c->off + t].k = coef(cs, &x);
            }
        } else if (!is_linear(c) && lc_hash(cs, cs_lc(cs, c, 0), 1) > lc_hash(cs, cs_lc(cs, c, 1), 1)) {
            st.n = 0;
            stage_put(&st, cs_lc(cs, c, 1));
            stage_put(&st, cs_lc(cs, c, 0));
            uint32_t na = c->na, nb = c->nb;
            memcpy(cs->tv + c->off, st.t, sizeof *st.t * st.n); /* C stays in place */
            c->na = nb, c->nb = na;
        }
    }
    free(st.t);
    size_t cap = 16;
    while (cap < 2 * cs->ncons) cap *= 2;
    uint32_t *tab = malloc(sizeof *tab * cap); /* index + 1, 0 empty */
    if (!tab) oom();
    memset(tab, 0, sizeof *tab * cap);
    size_t out = 0;
    for (size_t i = 0; i < cs->ncons; i++) {
        cons_t *c = &cs->cons[i];
        clc_t a = cs_lc(cs, c, 0), b = cs_lc(cs, c, 1), cc = cs_lc(cs, c, 2);
        uint64_t h = lc_hash(cs, cc, lc_hash(cs, b, lc_hash(cs, a, 0xcbf29ce484222325ULL)));
        size_t s = h & (cap - 1);
        bool dup = false;
        while (tab[s]) {
            cons_t *d = &cs->cons[tab[s] - 1];
            if (clc_eq(a, cs_lc(cs, d, 0)) && clc_eq(b, cs_lc(cs, d, 1)) && clc_eq(cc, cs_lc(cs, d, 2))) {
                dup = true;
                break;
            }
            s = (s + 1) & (cap - 1);
        }
        if (dup) continue;
        cs->cons[out] = *c;
        tab[s] = (uint32_t)++out;
    }
    free(tab);
    *removed += cs->ncons - out;
    cs->ncons = out;
    cs_tv_compact(cs, NULL, 0, NULL, 0);
    return true;
}

/* ---- unused wires and the final numbering ---- */

static size_t opt_number(cs_t *cs, bool drop_unused) {
    bool *used = calloc(cs->nwires, sizeof *used);
    if (!used && cs->nwires) oom();
    for (size_t i = 0; i < cs->ncons; i++) {
        const cons_t *c = &cs->cons[i];
        for (size_t j = 0, n = (size_t)c->na + c->nb + c->nc; j < n; j++) used[cs->tv[c->off + j].w] = true;
    }
    if (!cs->label_wire) cs->label_wire = arena_alloc(cs->ar, sizeof(int32_t) * cs->nwires);
    uint32_t n = 0;
    size_t dropped = 0;
    for (uint32_t l = 0; l < cs->nwires; l++) {
        bool keep = !drop_unused || used[l] || cs->wires[l].kind != W_INTERNAL;
        cs->label_wire[l] = keep ? (int32_t)n++ : -1;
        dropped += !keep;
    }
    cs->nfinal = n;
    free(used);
    return dropped;
}

/* ---- the pipeline ---- */

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Runs a pass expression, adding its wall time to *acc. */
#define TIMED(acc, expr) ({ double t0_ = now_s(); bool r_ = (expr); (acc) += now_s() - t0_; r_; })

static bool verify(const cs_t *cs, const fr_t *w, const char *pass, double *acc) {
    if (!w) return true;
    double t0 = now_s();
    long bad = cs_check(cs, w);
    *acc += now_s() - t0;
    if (bad < 0) return true;
    diag_error(cs_cons_loc(cs, bad), "internal error: after pass '%s' the witness violates constraint %ld",
               pass, bad);
    return false;
}

bool opt_run(cs_t *cs, int level, opt_stats_t *st, const fr_t *w) {
    memset(st, 0, sizeof *st);
    st->cons_before = cs->ncons;
    double *tv = &st->t_verify;
    bool ok = verify(cs, w, "elaboration", tv);
    if (ok && level >= 1) {
        /* substitution can make products constant, so fold and eliminate again */
        for (int round = 0; ok && round < 8; round++) {
            size_t before = st->linear;
            ok = TIMED(st->t_fold, opt_fold(cs, &st->folded)) && verify(cs, w, "fold", tv);
            ok = ok && TIMED(st->t_linear, opt_linear(cs, level, NULL, &st->linear, NULL, NULL)) &&
                 verify(cs, w, "linear", tv);
            if (st->linear == before) break;
        }
        ok = ok && TIMED(st->t_fold, opt_fold(cs, &st->folded)) && verify(cs, w, "fold", tv);
        ok = ok && TIMED(st->t_dedup, opt_dedup(cs, &st->dup)) && verify(cs, w, "dedup", tv);
    }
    if (ok) {
        double t0 = now_s();
        st->unused_wires = opt_number(cs, level >= 1);
        st->t_number = now_s() - t0;
    }
    st->cons_after = cs->ncons;
    return ok;
}
