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

/* A stretch of the constant table laid out for one loop (see relay). */
typedef struct {
    uint32_t m, base;
    uint32_t *seq; /* the original indices, m of them */
} rel_t;

typedef struct {
    cs_t *cs;
    cs_loop_t *recs; /* sorted by start, then by end descending (outer first) */
    size_t nrecs, next;
    rel_t *rel;
    size_t nrel, relcap;
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

/* Operand positions of an item list in traversal order (d, a, b, c of every
 * instruction, nested loop bodies included), and which of them are constant
 * indices that may be laid out anew (a K operand with no counter terms). */
typedef struct {
    waff_t **v;
    uint8_t *kc;
    size_t n, cap;
} ops_t;

static void ops_push(ops_t *o, waff_t *x, bool kc) {
    if (o->n == o->cap) {
        o->cap = o->cap ? 2 * o->cap : 64;
        o->v = realloc(o->v, sizeof *o->v * o->cap);
        o->kc = realloc(o->kc, o->cap);
        if (!o->v || !o->kc) abort();
    }
    o->v[o->n] = x;
    o->kc[o->n++] = kc && x->n == 0;
}

static void ops_collect(ops_t *o, witem_t *x, size_t n) {
    for (size_t i = 0; i < n; i++) {
        witem_t *p = &x[i];
        if (p->kind == 1) {
            ops_collect(o, p->body, p->nbody);
            continue;
        }
        bool ka = p->op == OP_CONST, kb = p->op == OP_MULK || p->op == OP_ADDK;
        ops_push(o, &p->d, false);
        ops_push(o, &p->a, ka);
        ops_push(o, &p->b, kb);
        ops_push(o, &p->c, false);
    }
}

static bool aff_shape(const waff_t *x, const waff_t *y) {
    if (x->n != y->n) return false;
    for (uint32_t i = 0; i < x->n; i++)
        if (x->t[i].s != y->t[i].s) return false;
    return true;
}

/* Same items, opcodes, sources, trip counts and counter strides (operand
 * bases aside): y can be x shifted. */
static bool same_shape(const witem_t *x, const witem_t *y, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const witem_t *p = &x[i], *q = &y[i];
        if (p->kind != q->kind || p->op != q->op || p->loc != q->loc) return false;
        if (p->kind == 1) {
            if (p->count != q->count || p->nbody != q->nbody) return false;
            if (!same_shape(p->body, q->body, p->nbody)) return false;
        } else if (!aff_shape(&p->d, &q->d) || !aff_shape(&p->a, &q->a) ||
                   !aff_shape(&p->b, &q->b) || !aff_shape(&p->c, &q->c)) {
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

static witem_t *dup_items(B *b, const witem_t *x, size_t n) {
    witem_t *r = arena_alloc(b->cs->ar, sizeof *r * (n ? n : 1));
    if (n) memcpy(r, x, sizeof *r * n);
    for (size_t i = 0; i < n; i++)
        if (r[i].kind == 1) r[i].body = dup_items(b, r[i].body, r[i].nbody);
    return r;
}

/* The iterations of one loop record while it is being rerolled. */
typedef struct {
    list_t *its;
    ops_t *ops;
    uint32_t n;
} iters_t;

static bool compat(const iters_t *I, uint32_t k, uint32_t j) {
    return I->its[k].n == I->its[j].n && I->ops[k].n == I->ops[j].n &&
           same_shape(I->its[k].v, I->its[j].v, I->its[k].n);
}

static int64_t base_at(const iters_t *I, uint32_t k, size_t p) {
    return (int64_t)I->ops[k].v[p]->base;
}

/* How many iterations from k on are iteration k shifted by (j - k) times the
 * strides of k -> k + 1. With relax, relayable constant indices may take any
 * value (they are checked afterwards). */
static uint32_t run_len(const iters_t *I, uint32_t k, bool relax) {
    if (k + 1 >= I->n || !compat(I, k, k + 1)) return 1;
    const ops_t *o = &I->ops[k];
    uint32_t j = k + 2;
    for (; j < I->n && compat(I, k, j); j++) {
        size_t p = 0;
        for (; p < o->n; p++) {
            if (relax && o->kc[p]) continue;
            int64_t s = base_at(I, k + 1, p) - base_at(I, k, p);
            if (base_at(I, j, p) != base_at(I, k, p) + (int64_t)(j - k) * s) break;
        }
        if (p < o->n) break;
    }
    return j - k;
}

static int u32_cmp(const void *x, const void *y) {
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* The constant indices at position p over iterations [k, k + m): affine in
 * the counter (no new layout needed), or pairwise distinct (can be laid out). */
static bool k_affine(const iters_t *I, uint32_t k, uint32_t m, size_t p) {
    int64_t s = base_at(I, k + 1, p) - base_at(I, k, p);
    for (uint32_t j = 2; j < m; j++)
        if (base_at(I, k + j, p) != base_at(I, k, p) + (int64_t)j * s) return false;
    return true;
}

static bool k_distinct(const iters_t *I, uint32_t k, uint32_t m, size_t p) {
    uint32_t *srt = malloc(sizeof *srt * m);
    if (!srt) abort();
    for (uint32_t j = 0; j < m; j++) srt[j] = (uint32_t)base_at(I, k + j, p);
    qsort(srt, m, sizeof *srt, u32_cmp);
    bool distinct = true;
    for (uint32_t j = 1; j < m && distinct; j++) distinct = srt[j] != srt[j - 1];
    free(srt);
    return distinct;
}

/* The constant indices at position p over iterations [k, k + m), distinct but
 * not affine in the counter, laid out as a new stretch of the constant table
 * (equal sequences share one stretch) so that the operand becomes base +
 * counter. Returns the base. */
static uint32_t relay(B *b, const iters_t *I, uint32_t k, uint32_t m, size_t p) {
    uint32_t *seq = malloc(sizeof *seq * m);
    if (!seq) abort();
    for (uint32_t j = 0; j < m; j++) seq[j] = (uint32_t)base_at(I, k + j, p);
    for (size_t i = 0; i < b->nrel; i++)
        if (b->rel[i].m == m && !memcmp(b->rel[i].seq, seq, sizeof *seq * m)) {
            free(seq);
            return b->rel[i].base;
        }
    cs_t *cs = b->cs;
    if (cs->nk + m > cs->kcap) {
        cs->kcap = 2 * (cs->nk + m);
        cs->k = realloc(cs->k, sizeof *cs->k * cs->kcap);
        if (!cs->k) abort();
    }
    for (uint32_t j = 0; j < m; j++) cs->k[cs->nk + j] = cs->k[seq[j]];
    uint32_t r = cs->nk;
    cs->nk += m;
    if (b->nrel == b->relcap) {
        b->relcap = b->relcap ? 2 * b->relcap : 16;
        b->rel = realloc(b->rel, sizeof *b->rel * b->relcap);
        if (!b->rel) abort();
    }
    b->rel[b->nrel++] = (rel_t){m, r, seq};
    return r;
}

/* Iterations [k, k + m) as one loop item (false when an operand does not fit:
 * too many counters or a stride beyond 32 bits). With relax, constant indices
 * that are not affine get a new layout (relay). */
static bool make_loop(B *b, const iters_t *I, uint32_t k, uint32_t m, bool relax, witem_t *out) {
    witem_t *body = dup_items(b, I->its[k].v, I->its[k].n);
    ops_t o = {0};
    ops_collect(&o, body, I->its[k].n);
    uint32_t id = b->cs->nloopids;
    bool ok = true;
    for (size_t p = 0; p < o.n && ok; p++) {
        if (relax && o.kc[p] && !k_affine(I, k, m, p)) {
            o.v[p]->base = relay(b, I, k, m, p);
            ok = aff_add(b->cs->ar, o.v[p], id, 1);
        } else {
            ok = aff_add(b->cs->ar, o.v[p], id, base_at(I, k + 1, p) - base_at(I, k, p));
        }
    }
    free(o.v);
    free(o.kc);
    if (!ok) return false;
    b->cs->nloopids++;
    memset(out, 0, sizeof *out);
    out->kind = 1;
    out->loop = id;
    out->count = m;
    out->body = body;
    out->nbody = I->its[k].n;
    out->loc = body[0].loc;
    return true;
}

/* The longest run from iteration k: relaxed (constants laid out anew) when
 * that reaches further and every non-affine constant position is distinct,
 * else strict. */
static uint32_t plan(const iters_t *I, uint32_t k, bool *relax) {
    uint32_t ms = run_len(I, k, false), mr = run_len(I, k, true);
    *relax = false;
    if (mr > ms) {
        const ops_t *o = &I->ops[k];
        bool ok = true;
        for (size_t p = 0; p < o->n && ok; p++)
            if (o->kc[p] && !k_affine(I, k, mr, p)) ok = k_distinct(I, k, mr, p);
        if (ok) {
            *relax = true;
            return mr;
        }
    }
    return ms;
}

/* Rerolls the iterations of one loop record into out: maximal runs of
 * iterations that are shifts of each other become loops (so an iteration 0
 * that materialized an invariant, or a last one cut short, is left out of the
 * loop rather than spoiling it), the rest stays unrolled. */
static void reroll(B *b, list_t *its, uint32_t n, uint32_t minrun, list_t *out) {
    iters_t I = {its, calloc(n, sizeof(ops_t)), n};
    if (!I.ops) abort();
    for (uint32_t k = 0; k < n; k++) ops_collect(&I.ops[k], its[k].v, its[k].n);
    bool relax, relax1;
    uint32_t m = n ? plan(&I, 0, &relax) : 0;
    for (uint32_t k = 0; k < n;) {
        /* one iteration ahead: when the run from k + 1 is longer, k is the odd one */
        uint32_t m1 = k + 1 < n ? plan(&I, k + 1, &relax1) : 0;
        witem_t loop;
        if (m >= minrun && m1 <= m && make_loop(b, &I, k, m, relax, &loop)) {
            push(out, loop);
        } else {
            m = 1;
            for (size_t t = 0; t < its[k].n; t++) push(out, its[k].v[t]);
        }
        k += m;
        if (m == 1) m = m1, relax = relax1;
        else if (k < n) m = plan(&I, k, &relax);
    }
    for (uint32_t k = 0; k < n; k++) free(I.ops[k].v), free(I.ops[k].kc);
    free(I.ops);
}

static void build(B *b, size_t lo, size_t hi, list_t *out) {
    size_t i = lo;
    while (i < hi) {
        if (b->next < b->nrecs && b->recs[b->next].start == i && b->recs[b->next].end <= hi) {
            cs_loop_t *r = &b->recs[b->next++];
            list_t *its = calloc(r->n, sizeof *its);
            if (!its) abort();
            for (uint32_t k = 0; k < r->n; k++) build(b, r->iter[k], r->iter[k + 1], &its[k]);
            reroll(b, its, r->n, r->minrun, out);
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
        it.loc = b->cs->wlocs[in->loc];
        push(out, it);
    }
}

static int rec_cmp(const void *x, const void *y) {
    const cs_loop_t *a = x, *b = y;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->end != b->end) return a->end > b->end ? -1 : 1;
    return 0;
}

void wprog_loop(cs_t *cs, const size_t *iters, uint32_t n, uint32_t minrun) {
    if (cs->nloops == cs->lcap) {
        cs->lcap = cs->lcap ? 2 * cs->lcap : 64;
        cs->loops = realloc(cs->loops, sizeof *cs->loops * cs->lcap);
        if (!cs->loops) abort();
    }
    size_t *it = arena_alloc(cs->ar, sizeof *it * (n + 1));
    memcpy(it, iters, sizeof *it * n);
    it[n] = cs->nprog;
    cs->loops[cs->nloops++] = (cs_loop_t){iters[0], cs->nprog, n, minrun < 2 ? 2 : minrun, it};
}

void wprog_build(cs_t *cs) {
    B b = {cs, cs->loops, cs->nloops, 0, NULL, 0, 0};
    if (cs->nloops) qsort(cs->loops, cs->nloops, sizeof *cs->loops, rec_cmp);
    list_t top = {0};
    cs->nloopids = 0;
    cs->nk0 = cs->nk;
    build(&b, 0, cs->nprog, &top);
    cs->kfrom = arena_alloc(cs->ar, sizeof *cs->kfrom * (cs->nk - cs->nk0 + 1));
    for (size_t i = 0; i < b.nrel; i++)
        memcpy(cs->kfrom + (b.rel[i].base - cs->nk0), b.rel[i].seq, sizeof *cs->kfrom * b.rel[i].m);
    cs->tree = dup_items(&b, top.v, top.n);
    cs->ntree = top.n;
    free(top.v);
    for (size_t i = 0; i < b.nrel; i++) free(b.rel[i].seq);
    free(b.rel);
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
                      waff_at(&p->c, kv), 0};
        if (!cs_exec1(cs, s, &in, p->loc)) return false;
    }
    return true;
}

bool wprog_run(const cs_t *cs, fr_t *slots) {
    uint32_t *kv = calloc(cs->nloopids + 1, sizeof *kv);
    if (!kv) abort();
    bool ok = run_items(cs, cs->tree, cs->ntree, slots, kv);
    free(kv);
    return ok;
}
