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

static const lc_t lc_empty = {.n = 0, .t = NULL};

static bool is_linear(const cons_t *c) { return c->a.n == 0 && c->b.n == 0; }

/* ---- fold ---- */

bool opt_fold(cs_t *cs, size_t *removed) {
    size_t out = 0;
    for (size_t i = 0; i < cs->ncons; i++) {
        cons_t c = cs->cons[i];
        fr_t ka, kb;
        bool ca = lc_is_const(&c.a, &ka), cb = lc_is_const(&c.b, &kb);
        if (!is_linear(&c) && (ca || cb)) {
            /* k*L - C = 0, written as linear C' = C - k*L (meaning C' = 0) */
            fr_t m1;
            fr_set_one(&m1);
            fr_neg(&m1, &m1);
            lc_t prod;
            if (ca && cb) {
                fr_t k;
                fr_mul(&k, &ka, &kb);
                prod = lc_const(cs->ar, &k);
            } else {
                prod = ca ? lc_scale(cs->ar, &c.b, &ka) : lc_scale(cs->ar, &c.a, &kb);
            }
            c.c = lc_add(cs->ar, &c.c, NULL, &prod, &m1);
            c.a = c.b = lc_empty;
        }
        if (is_linear(&c)) {
            fr_t k;
            if (lc_is_const(&c.c, &k)) {
                if (!fr_is_zero(&k)) {
                    diag_error(c.loc, "this constraint can never be satisfied");
                    return false;
                }
                continue;
            }
        }
        cs->cons[out++] = c;
    }
    *removed += cs->ncons - out;
    cs->ncons = out;
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
    term_t *terms;
    size_t cap;
} subst_t;

static void subst_free(subst_t *s) {
    free(s->acc);
    free(s->hit);
    free(s->touched);
    free(s->terms);
}

static void *grow(void *p, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return p;
    *cap = 2 * need + 64;
    p = realloc(p, size * *cap);
    if (!p) {
        fprintf(stderr, "zkc: out of memory\n");
        exit(2);
    }
    return p;
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
 * accumulator and reads the touched wires back in order; rounds work in
 * scratch and only the result is allocated in ar (l itself when nothing
 * changes). With own (no one else holds l's terms) a result that fits
 * overwrites them; with ar NULL a changed result is a view of the scratch,
 * valid until the next call. */
static lc_t subst(arena_t *ar, subst_t *s, lc_t l, const lc_t *def, const bool *elim, bool own) {
    bool changed = false;
    lc_t l0 = l;
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
        if (!any) break;
        changed = true;
        s->touched = grow(s->touched, &s->tcap, need, sizeof *s->touched);
        s->ntouched = 0;
        for (uint32_t i = 0; i < l.n; i++) {
            const term_t *t = &l.t[i];
            if (!elim[t->w]) {
                acc_add(s, t->w, &t->c);
                continue;
            }
            const lc_t *d = &def[t->w];
            for (uint32_t j = 0; j < d->n; j++) {
                fr_t c;
                fr_mul(&c, &d->t[j].c, &t->c);
                acc_add(s, d->t[j].w, &c);
            }
        }
        /* l may live in s->terms: it has been read completely above */
        qsort(s->touched, s->ntouched, sizeof *s->touched, u32_cmp);
        s->terms = grow(s->terms, &s->cap, s->ntouched, sizeof *s->terms);
        uint32_t n = 0;
        for (size_t i = 0; i < s->ntouched; i++) {
            uint32_t w = s->touched[i];
            s->hit[w] = false;
            if (!fr_is_zero(&s->acc[w])) s->terms[n++] = (term_t){w, s->acc[w]};
        }
        l = (lc_t){.n = n, .t = s->terms};
    }
    if (!changed) return l;
    if (own && l.n <= l0.n) {
        if (l.n) memmove(l0.t, l.t, sizeof(term_t) * l.n);
        return (lc_t){.n = l.n, .t = l.n ? l0.t : NULL};
    }
    if (!ar) return l;
    lc_t r = {.n = l.n, .t = arena_alloc(ar, sizeof(term_t) * (l.n ? l.n : 1))};
    if (l.n) memcpy(r.t, l.t, sizeof(term_t) * l.n);
    return r;
}

/* v = subst(NULL, .., orig, ..) made a constraint's own: orig itself, orig's
 * storage overwritten (own, when it fits), or a copy in ar. */
static lc_t settle(arena_t *ar, lc_t v, lc_t orig, bool own) {
    if (v.t == orig.t) return v;
    lc_t r = {.n = v.n, .t = own && v.n <= orig.n ? orig.t : arena_alloc(ar, sizeof(term_t) * (v.n ? v.n : 1))};
    if (v.n) memmove(r.t, v.t, sizeof(term_t) * v.n);
    if (!v.n) r.t = NULL;
    return r;
}

bool opt_linear(cs_t *cs, int level, const bool *avoid, bool own, size_t *removed, lc_t **defs,
                bool **elims) {
    /* the definitions live until the end of this call unless handed back */
    arena_t *dar = defs ? cs->ar : arena_new();
    lc_t *def = calloc(cs->nwires, sizeof *def);
    bool *elim = calloc(cs->nwires, sizeof *elim);
    uint32_t *uses = calloc(cs->nwires, sizeof *uses);
    for (size_t i = 0; i < cs->ncons; i++) {
        const lc_t *ls[3] = {&cs->cons[i].a, &cs->cons[i].b, &cs->cons[i].c};
        for (int j = 0; j < 3; j++)
            for (uint32_t t = 0; t < ls[j]->n; t++) uses[ls[j]->t[t].w]++;
    }
    uint32_t *order = malloc(sizeof *order * cs->nwires);
    subst_t sc = {.acc = malloc(sizeof(fr_t) * cs->nwires), .hit = calloc(cs->nwires, sizeof(bool))};
    if (!def || !elim || !uses || !order || !sc.acc || !sc.hit) {
        fprintf(stderr, "zkc: out of memory\n");
        exit(2);
    }
    uint32_t nelim = 0;
    size_t out = 0;
    bool ok = true;
    for (size_t i = 0; i < cs->ncons; i++) {
        cons_t c = cs->cons[i];
        if (!is_linear(&c)) {
            cs->cons[out++] = c;
            continue;
        }
        lc_t orig = c.c;
        c.c = subst(NULL, &sc, c.c, def, elim, false); /* a view until kept */
        fr_t k;
        if (lc_is_const(&c.c, &k)) {
            if (!fr_is_zero(&k)) {
                diag_error(c.loc, "this constraint can never be satisfied");
                ok = false;
                break;
            }
            continue; /* implied by earlier ones */
        }
        uint32_t nw = c.c.n - (c.c.t[0].w == 0);
        int piv = -1;
        /* pivot: the internal wire used least (ties: the latest); skip when the
         * substitution would fill the system (a long definition used often):
         * keeping one linear constraint is cheaper than that */
        if (level >= 2 || nw <= 2)
            for (int t = (int)c.c.n - 1; t >= 0; t--) {
                uint32_t w = c.c.t[t].w;
                if (cs->wires[w].kind != W_INTERNAL || (avoid && avoid[w])) continue;
                if (piv < 0 || uses[w] < uses[c.c.t[piv].w]) piv = t;
            }
        if (piv >= 0) {
            uint64_t fill = (uint64_t)(uses[c.c.t[piv].w] - 1) * (c.c.n - 1);
            if (fill > OPT_MAX_FILL && c.c.n - 1 > 2) piv = -1;
        }
        if (piv < 0) {
            c.c = settle(cs->ar, c.c, orig, own);
            cs->cons[out++] = c;
            continue;
        }
        /* w = -(rest)/coef */
        uint32_t w = c.c.t[piv].w;
        fr_t inv;
        fr_inv_var(&inv, &c.c.t[piv].c);
        fr_neg(&inv, &inv);
        /* the dropped constraint's own terms hold the definition when they can */
        lc_t rest = {.n = c.c.n - 1};
        rest.t = own && rest.n <= orig.n ? orig.t : arena_alloc(dar, sizeof(term_t) * c.c.n);
        memmove(rest.t, c.c.t, sizeof(term_t) * (size_t)piv);
        memmove(rest.t + piv, c.c.t + piv + 1, sizeof(term_t) * (c.c.n - (uint32_t)piv - 1));
        for (uint32_t t = 0; t < rest.n; t++) fr_mul(&rest.t[t].c, &rest.t[t].c, &inv); /* inv != 0 */
        def[w] = rest;
        elim[w] = true;
        order[nelim++] = w;
        (*removed)++;
    }
    if (ok) {
        /* resolve definitions last-first: a later one never mentions earlier eliminations */
        for (uint32_t i = nelim; i-- > 0;) def[order[i]] = subst(dar, &sc, def[order[i]], def, elim, true);
        size_t n = out;
        out = 0;
        for (size_t i = 0; i < n; i++) {
            cons_t c = cs->cons[i];
            c.a = subst(cs->ar, &sc, c.a, def, elim, own);
            c.b = subst(cs->ar, &sc, c.b, def, elim, own);
            c.c = subst(cs->ar, &sc, c.c, def, elim, own);
            cs->cons[out++] = c;
        }
        cs->ncons = out;
    }
    free(uses);
    subst_free(&sc);
    if (defs) *defs = def; else free(def);
    if (elims) *elims = elim; else free(elim);
    free(order);
    if (!defs) arena_free(dar);
    return ok;
}

/* ---- duplicates ---- */

static uint64_t lc_hash(const lc_t *l, uint64_t h) {
    for (uint32_t i = 0; i < l->n; i++) {
        h = (h ^ l->t[i].w) * 0x100000001b3ULL;
        h = (h ^ l->t[i].c.l[0]) * 0x100000001b3ULL;
    }
    return (h ^ 0xff) * 0x100000001b3ULL;
}

static bool opt_dedup(cs_t *cs, size_t *removed) {
    /* canonical form: linear constraints scaled so the first coefficient is 1;
     * A and B ordered by hash */
    for (size_t i = 0; i < cs->ncons; i++) {
        cons_t *c = &cs->cons[i];
        if (is_linear(c) && c->c.n && !fr_is_one(&c->c.t[0].c)) {
            fr_t inv;
            fr_inv_var(&inv, &c->c.t[0].c);
            c->c = lc_scale(cs->ar, &c->c, &inv);
        } else if (!is_linear(c) && lc_hash(&c->a, 1) > lc_hash(&c->b, 1)) {
            lc_t t = c->a;
            c->a = c->b;
            c->b = t;
        }
    }
    size_t cap = 16;
    while (cap < 2 * cs->ncons) cap *= 2;
    int64_t *tab = malloc(sizeof *tab * cap);
    memset(tab, 0xff, sizeof *tab * cap);
    size_t out = 0;
    for (size_t i = 0; i < cs->ncons; i++) {
        cons_t *c = &cs->cons[i];
        uint64_t h = lc_hash(&c->c, lc_hash(&c->b, lc_hash(&c->a, 0xcbf29ce484222325ULL)));
        size_t s = h & (cap - 1);
        bool dup = false;
        while (tab[s] >= 0) {
            cons_t *d = &cs->cons[tab[s]];
            if (lc_eq(&c->a, &d->a) && lc_eq(&c->b, &d->b) && lc_eq(&c->c, &d->c)) {
                dup = true;
                break;
            }
            s = (s + 1) & (cap - 1);
        }
        if (dup) continue;
        cs->cons[out] = *c;
        tab[s] = (int64_t)out++;
    }
    free(tab);
    *removed += cs->ncons - out;
    cs->ncons = out;
    return true;
}

/* ---- unused wires and the final numbering ---- */

static void mark(bool *used, const lc_t *l) {
    for (uint32_t i = 0; i < l->n; i++) used[l->t[i].w] = true;
}

static size_t opt_number(cs_t *cs, bool drop_unused) {
    bool *used = calloc(cs->nwires, sizeof *used);
    for (size_t i = 0; i < cs->ncons; i++) {
        mark(used, &cs->cons[i].a);
        mark(used, &cs->cons[i].b);
        mark(used, &cs->cons[i].c);
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
    diag_error(cs->cons[bad].loc, "internal error: after pass '%s' the witness violates constraint %ld",
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
            ok = ok && TIMED(st->t_linear, opt_linear(cs, level, NULL, true, &st->linear, NULL, NULL)) &&
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
