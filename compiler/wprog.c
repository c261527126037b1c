/* zkc: the structured witness program (cs.h: witem_t). Elaboration unrolls
 * compile-time loops into a flat instruction list and records where each
 * iteration began; here the iterations of every loop are compared and, when
 * iteration k equals iteration 0 with every operand (slot or constant index)
 * shifted by k times a fixed stride, replaced by one loop whose operands are
 * affine in its counter. When iteration 0 differs (it materialized a
 * loop-invariant value), it is peeled and the rest rerolled; otherwise the
 * iterations stay unrolled. So the back ends see loops as the source wrote
 * them, and a program of a million constraints stays small. */
#include <stdlib.h>
#include <string.h>

#include "cs.h"

typedef struct {
    cs_t *cs;
    cs_loop_t *recs; /* sorted by start, then by end descending (outer first) */
    size_t nrecs, next;
} B;

typedef struct {
    witem_t *v;
    size_t n, cap;
} list_t;

static void push(list_t *l, witem_t it) {
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = realloc(l->v, sizeof *l->v * l->cap);
        if (!l->v) abort();
    }
    l->v[l->n++] = it;
}

static waff_t aff(uint32_t v) {
    waff_t a;
    memset(&a, 0, sizeof a);
    a.base = v;
    return a;
}

/* Strides of every operand, in traversal order. */
typedef struct {
    int64_t *s;
    size_t n, cap;
} strides_t;

static bool aff_diff(const waff_t *x, const waff_t *y, strides_t *st) {
    if (x->n != y->n) return false;
    for (uint32_t i = 0; i < x->n; i++)
        if (x->t[i].s != y->t[i].s) return false;
    if (st->n == st->cap) {
        st->cap = st->cap ? 2 * st->cap : 64;
        st->s = realloc(st->s, sizeof *st->s * st->cap);
        if (!st->s) abort();
    }
    st->s[st->n++] = (int64_t)y->base - (int64_t)x->base;
    return true;
}

/* Structural comparison of two item lists; collects operand strides y - x. */
static bool diff(const witem_t *x, const witem_t *y, size_t n, strides_t *st) {
    for (size_t i = 0; i < n; i++) {
        const witem_t *p = &x[i], *q = &y[i];
        if (p->kind != q->kind || p->op != q->op || p->loc != q->loc) return false;
        if (p->kind == 1) {
            if (p->count != q->count || p->nbody != q->nbody) return false;
            if (!diff(p->body, q->body, p->nbody, st)) return false;
        } else if (!aff_diff(&p->d, &q->d, st) || !aff_diff(&p->a, &q->a, st) ||
                   !aff_diff(&p->b, &q->b, st) || !aff_diff(&p->c, &q->c, st)) {
            return false;
        }
    }
    return true;
}

/* Does y equal x shifted by k*stride (strides consumed in the same order)? */
static bool aff_check(const waff_t *x, const waff_t *y, int64_t k, const strides_t *st, size_t *j) {
    return (int64_t)y->base == (int64_t)x->base + k * st->s[(*j)++];
}

static bool check(const witem_t *x, const witem_t *y, size_t n, int64_t k, const strides_t *st,
                  size_t *j) {
    for (size_t i = 0; i < n; i++) {
        const witem_t *p = &x[i], *q = &y[i];
        if (p->kind != q->kind || p->op != q->op || p->loc != q->loc) return false;
        if (p->kind == 1) {
            if (p->count != q->count || p->nbody != q->nbody) return false;
            if (!check(p->body, q->body, p->nbody, k, st, j)) return false;
        } else if (!aff_check(&p->d, &q->d, k, st, j) || !aff_check(&p->a, &q->a, k, st, j) ||
                   !aff_check(&p->b, &q->b, k, st, j) || !aff_check(&p->c, &q->c, k, st, j)) {
            return false;
        }
    }
    return true;
}

static bool aff_add(arena_t *ar, waff_t *x, uint32_t loop, int64_t s) {
    if (s == 0) return true;
    if (x->n == WP_MAXD || s != (int32_t)s) return false;
    waff_term_t *t = arena_alloc(ar, sizeof *t * (x->n + 1));
    if (x->n) memcpy(t, x->t, sizeof *t * x->n);
    t[x->n].loop = loop;
    t[x->n].s = (int32_t)s;
    x->t = t;
    x->n++;
    return true;
}

static bool apply(arena_t *ar, witem_t *x, size_t n, uint32_t loop, const strides_t *st, size_t *j) {
    for (size_t i = 0; i < n; i++) {
        witem_t *p = &x[i];
        if (p->kind == 1) {
            if (!apply(ar, p->body, p->nbody, loop, st, j)) return false;
        } else {
            waff_t *f[4] = {&p->d, &p->a, &p->b, &p->c};
            for (int k = 0; k < 4; k++)
                if (!aff_add(ar, f[k], loop, st->s[(*j)++])) return false;
        }
    }
    return true;
}

static witem_t *dup_items(B *b, const witem_t *x, size_t n) {
    witem_t *r = arena_alloc(b->cs->ar, sizeof *r * (n ? n : 1));
    memcpy(r, x, sizeof *r * n);
    for (size_t i = 0; i < n; i++)
        if (r[i].kind == 1) r[i].body = dup_items(b, r[i].body, r[i].nbody);
    return r;
}

/* Tries to fold iterations it[0..n) into one loop item. */
static bool fold(B *b, list_t *it, uint32_t n, witem_t *out) {
    if (n < 2) return false;
    for (uint32_t k = 1; k < n; k++)
        if (it[k].n != it[0].n) return false;
    strides_t st = {0};
    bool ok = diff(it[0].v, it[1].v, it[0].n, &st);
    for (uint32_t k = 2; ok && k < n; k++) {
        size_t j = 0;
        ok = check(it[0].v, it[k].v, it[0].n, k, &st, &j);
    }
    if (ok) {
        witem_t *body = dup_items(b, it[0].v, it[0].n);
        size_t j = 0;
        uint32_t id = b->cs->nloopids;
        ok = apply(b->cs->ar, body, it[0].n, id, &st, &j);
        if (ok) {
            b->cs->nloopids++;
            memset(out, 0, sizeof *out);
            out->kind = 1;
            out->loop = id;
            out->count = n;
            out->body = body;
            out->nbody = it[0].n;
            out->loc = body[0].loc;
        }
    }
    free(st.s);
    return ok;
}

static void build(B *b, size_t lo, size_t hi, list_t *out) {
    size_t i = lo;
    while (i < hi) {
        if (b->next < b->nrecs && b->recs[b->next].start == i && b->recs[b->next].end <= hi) {
            cs_loop_t *r = &b->recs[b->next++];
            list_t *its = calloc(r->n, sizeof *its);
            for (uint32_t k = 0; k < r->n; k++) build(b, r->iter[k], r->iter[k + 1], &its[k]);
            witem_t loop;
            if (fold(b, its, r->n, &loop)) {
                push(out, loop);
            } else if (r->n >= 3 && fold(b, its + 1, r->n - 1, &loop)) { /* peel iteration 0 */
                for (size_t t = 0; t < its[0].n; t++) push(out, its[0].v[t]);
                push(out, loop);
            } else {
                for (uint32_t k = 0; k < r->n; k++)
                    for (size_t t = 0; t < its[k].n; t++) push(out, its[k].v[t]);
            }
            for (uint32_t k = 0; k < r->n; k++) free(its[k].v);
            free(its);
            i = r->end;
            continue;
        }
        const winst_t *in = &b->cs->prog[i++];
        witem_t it;
        memset(&it, 0, sizeof it);
        it.op = in->op;
        it.d = aff(in->d), it.a = aff(in->a), it.b = aff(in->b), it.c = aff(in->c);
        it.loc = in->loc;
        push(out, it);
    }
}

static int rec_cmp(const void *x, const void *y) {
    const cs_loop_t *a = x, *b = y;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->end != b->end) return a->end > b->end ? -1 : 1;
    return 0;
}

void wprog_build(cs_t *cs) {
    B b = {cs, cs->loops, cs->nloops, 0};
    qsort(cs->loops, cs->nloops, sizeof *cs->loops, rec_cmp);
    list_t top = {0};
    cs->nloopids = 0;
    build(&b, 0, cs->nprog, &top);
    cs->tree = dup_items(&b, top.v, top.n);
    cs->ntree = top.n;
    free(top.v);
}

/* ---- interpreter of the tree (checks the rerolling against cs_run) ---- */

static bool run_items(const cs_t *cs, const witem_t *x, size_t n, fr_t *s, uint32_t *kv) {
    for (size_t i = 0; i < n; i++) {
        const witem_t *p = &x[i];
        if (p->kind == 1) {
            for (uint32_t k = 0; k < p->count; k++) {
                kv[p->loop] = k;
                if (!run_items(cs, p->body, p->nbody, s, kv)) return false;
            }
            continue;
        }
        winst_t in = {p->op, waff_at(&p->d, kv), waff_at(&p->a, kv), waff_at(&p->b, kv),
                      waff_at(&p->c, kv), p->loc};
        if (!cs_exec1(cs, s, &in)) return false;
    }
    return true;
}

bool wprog_run(const cs_t *cs, fr_t *slots) {
    uint32_t *kv = calloc(cs->nloopids + 1, sizeof *kv);
    bool ok = run_items(cs, cs->tree, cs->ntree, slots, kv);
    free(kv);
    return ok;
}
