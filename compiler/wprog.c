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

#include "gen.h"

/* A stretch of the constant table laid out for one loop (see relay). */
typedef struct {
    uint32_t m, base;
    uint32_t *seq; /* the original indices, m of them */
} rel_t;

/* A range of positions whose flat instructions were dropped (a loop rerolled
 * when it closed); cum = instructions dropped up to its end. */
typedef struct {
    size_t start, end, cum;
} drop_t;

/* Relayed constants get indices RK_TAG + offset until wprog_build places
 * them after the constants of elaboration (which may still grow meanwhile). */
#define RK_TAG 0x40000000u

struct wp_state {
    rel_t *rel;
    size_t nrel, relcap;
    uint32_t nrk; /* constants relayed so far */
    drop_t *drop; /* ascending, disjoint */
    size_t ndrop, dcap;
    uint32_t *kchange; /* wires w (ascending) whose kind differs from w - 1's */
    size_t nkchange, kcap;
    uint32_t kscanned; /* wires scanned for kchange */
    uint32_t *counts;  /* translates(): trip count per loop id, zero between calls */
    size_t ncounts;
};

typedef struct {
    cs_t *cs;
    cs_loop_t *recs; /* sorted by start, then by end descending (outer first) */
    size_t nrecs, next;
    struct wp_state *st;
    size_t phys; /* the flat instruction build reads next */
} B;

static struct wp_state *state(cs_t *cs) {
    if (!cs->wp) {
        cs->wp = calloc(1, sizeof *cs->wp);
        if (!cs->wp) diag_oom();
    }
    return cs->wp;
}

typedef struct {
    witem_t *v;
    size_t n, cap;
} list_t;

static void push(list_t *l, witem_t it) {
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = realloc(l->v, sizeof *l->v * l->cap);
        if (!l->v) diag_oom();
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
        if (!o->v || !o->kc) diag_oom();
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
    uint32_t *bend; /* bend[k]: the first j > k whose iteration is not compat with k's */
} iters_t;

static bool compat(const iters_t *I, uint32_t k, uint32_t j) {
    return I->its[k].n == I->its[j].n && I->ops[k].n == I->ops[j].n &&
           same_shape(I->its[k].v, I->its[j].v, I->its[k].n);
}

/* compat is an equivalence (equal counts, equal shapes), so the iterations
 * compat with k from k on form a block of consecutive ones: found with n - 1
 * comparisons once, instead of comparing against k again in every run_len. */
static void find_blocks(iters_t *I) {
    for (uint32_t k = I->n; k-- > 0;)
        I->bend[k] = k + 1 < I->n && compat(I, k, k + 1) ? I->bend[k + 1] : k + 1;
}

static int64_t base_at(const iters_t *I, uint32_t k, size_t p) {
    return (int64_t)I->ops[k].v[p]->base;
}

/* How many iterations from k on are iteration k shifted by (j - k) times the
 * strides of k -> k + 1. With relax, relayable constant indices may take any
 * value (they are checked afterwards). */
static uint32_t run_len(const iters_t *I, uint32_t k, bool relax) {
    if (k + 1 >= I->bend[k]) return 1;
    const ops_t *o = &I->ops[k];
    uint32_t j = k + 2;
    for (; j < I->bend[k]; j++) {
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
    if (!srt) diag_oom();
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
    struct wp_state *st = b->st;
    uint32_t *seq = malloc(sizeof *seq * m);
    if (!seq) diag_oom();
    for (uint32_t j = 0; j < m; j++) seq[j] = (uint32_t)base_at(I, k + j, p);
    for (size_t i = 0; i < st->nrel; i++)
        if (st->rel[i].m == m && !memcmp(st->rel[i].seq, seq, sizeof *seq * m)) {
            free(seq);
            return st->rel[i].base;
        }
    uint32_t r = RK_TAG + st->nrk;
    st->nrk += m;
    if (st->nrel == st->relcap) {
        st->relcap = st->relcap ? 2 * st->relcap : 16;
        st->rel = realloc(st->rel, sizeof *st->rel * st->relcap);
        if (!st->rel) diag_oom();
    }
    st->rel[st->nrel++] = (rel_t){m, r, seq};
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
    iters_t I = {its, calloc(n, sizeof(ops_t)), n, malloc(sizeof(uint32_t) * (n ? n : 1))};
    size_t *at = malloc(sizeof *at * ((size_t)n + 1));
    if (!I.ops || !at || !I.bend) diag_oom();
    /* the iterations' operands in one array (I.ops[k] are views into it) */
    ops_t all = {0};
    for (uint32_t k = 0; k < n; k++) {
        at[k] = all.n;
        ops_collect(&all, its[k].v, its[k].n);
    }
    at[n] = all.n;
    for (uint32_t k = 0; k < n; k++) I.ops[k] = (ops_t){all.v + at[k], all.kc + at[k], at[k + 1] - at[k], 0};
    free(at);
    find_blocks(&I);
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
    free(all.v);
    free(all.kc);
    free(I.ops);
    free(I.bend);
}

static void build(B *b, size_t lo, size_t hi, list_t *out) {
    size_t i = lo;
    while (i < hi) {
        if (b->next < b->nrecs && b->recs[b->next].start == i && b->recs[b->next].end <= hi) {
            cs_loop_t *r = &b->recs[b->next++];
            if (r->pre) { /* rerolled when it closed */
                for (size_t t = 0; t < r->npre; t++) push(out, r->pre[t]);
                i = r->end;
                continue;
            }
            /* the iterations share one list (its[k] are views into it) */
            list_t all = {0};
            list_t *its = calloc(r->n, sizeof *its);
            size_t *at = malloc(sizeof *at * ((size_t)r->n + 1));
            if (!its || !at) diag_oom();
            for (uint32_t k = 0; k < r->n; k++) {
                at[k] = all.n;
                build(b, r->iter[k], r->iter[k + 1], &all);
            }
            at[r->n] = all.n;
            for (uint32_t k = 0; k < r->n; k++) its[k] = (list_t){all.v + at[k], at[k + 1] - at[k], 0};
            reroll(b, its, r->n, r->minrun, out);
            free(all.v);
            free(at);
            free(its);
            i = r->end;
            continue;
        }
        i++;
        const winst_t *in = &b->cs->prog[b->phys++];
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

/* The flat instruction at position v (not in a dropped range). */
static size_t phys_of(const struct wp_state *st, size_t v) {
    size_t lo = 0, hi = st ? st->ndrop : 0; /* first drop ending after v */
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (st->drop[m].end <= v) lo = m + 1;
        else hi = m;
    }
    return v - (lo ? st->drop[lo - 1].cum : 0);
}

/* Which slot operands instruction op reads or writes (d, a, b, c). */
static void slot_ops(uint8_t op, bool sl[4]) {
    sl[0] = true, sl[1] = sl[2] = sl[3] = false;
    switch ((wop_t)op) {
    case OP_CONST: break;
    case OP_MULK: case OP_ADDK: case OP_COPY: case OP_NEG: case OP_INV: case OP_LNOT:
        sl[1] = true;
        break;
    case OP_SEL: sl[1] = sl[2] = sl[3] = true; break;
    default: sl[1] = sl[2] = true; break;
    }
}

/* Whether the wires [lo, hi] are all of one kind (then the final numbering,
 * which orders wires by kind, shifts them all by the same amount). */
static bool one_kind(cs_t *cs, uint32_t lo, uint32_t hi) {
    struct wp_state *st = state(cs);
    if (hi >= cs->nwires) return false;
    for (uint32_t w = st->kscanned ? st->kscanned : 1; w < cs->nwires; w++) {
        if (w > 1 && cs->wires[w].kind != cs->wires[w - 1].kind) {
            if (st->nkchange == st->kcap) {
                st->kcap = st->kcap ? 2 * st->kcap : 64;
                st->kchange = realloc(st->kchange, sizeof *st->kchange * st->kcap);
                if (!st->kchange) diag_oom();
            }
            st->kchange[st->nkchange++] = w;
        }
    }
    if (cs->nwires > st->kscanned) st->kscanned = cs->nwires;
    if (lo == 0) return hi == 0;
    /* no change point in (lo, hi] */
    size_t a = 0, z = st->nkchange;
    while (a < z) {
        size_t m = (a + z) / 2;
        if (st->kchange[m] <= lo) a = m + 1;
        else z = m;
    }
    return a == st->nkchange || st->kchange[a] > hi;
}

/* Whether the final renumbering is a translation on every operand of x that
 * moves with a loop counter (counts: trip count per loop id, of the loops
 * around x; each entry is set on entering its loop and reset to zero on
 * leaving, so the array is all zeros between calls and is never cleared whole:
 * it has one entry per loop id ever spent, and clearing it on every loop
 * close made elaboration quadratic). */
static bool translates(cs_t *cs, const witem_t *x, size_t n, uint32_t *counts) {
    for (size_t i = 0; i < n; i++) {
        const witem_t *p = &x[i];
        if (p->kind == 1) {
            counts[p->loop] = p->count;
            bool ok = translates(cs, p->body, p->nbody, counts);
            counts[p->loop] = 0;
            if (!ok) return false;
            continue;
        }
        bool sl[4];
        slot_ops(p->op, sl);
        const waff_t *o[4] = {&p->d, &p->a, &p->b, &p->c};
        for (int j = 0; j < 4; j++) {
            if (!sl[j] || o[j]->n == 0) continue;
            int64_t lo = o[j]->base, hi = lo;
            for (uint32_t t = 0; t < o[j]->n; t++) {
                int64_t v = (int64_t)o[j]->t[t].s * (int64_t)(counts[o[j]->t[t].loop] - 1);
                if (v < 0) lo += v;
                else hi += v;
            }
            if (lo < 0 || hi > (int64_t)UINT32_MAX) return false;
            bool tl = (uint32_t)lo & CS_TEMP, th = (uint32_t)hi & CS_TEMP;
            if (tl != th) return false;
            if (!tl && !one_kind(cs, (uint32_t)lo, (uint32_t)hi)) return false;
        }
    }
    return true;
}

static void free_rec(cs_loop_t *r) {
    free(r->iter);
    free(r->pre);
    r->iter = NULL, r->pre = NULL;
}

/* Rerolls the loop record just closed (the last one) with the records nested
 * in it; when that worked and the final renumbering keeps its operands
 * affine, its flat instructions and nested records are dropped. */
static void reroll_closed(cs_t *cs) {
    struct wp_state *st = state(cs);
    cs_loop_t *L = &cs->loops[cs->nloops - 1];
    size_t first = cs->nloops - 1; /* records closed since L began are nested in it */
    while (first > 0 && cs->loops[first - 1].start >= L->start) first--;
    size_t nrec = cs->nloops - first;
    cs_loop_t *recs = malloc(sizeof *recs * nrec);
    if (!recs) diag_oom();
    memcpy(recs, cs->loops + first, sizeof *recs * nrec);
    qsort(recs, nrec, sizeof *recs, rec_cmp);
    size_t p0 = phys_of(st, L->start);
    if (cs->nphys > cs->nphys_peak) cs->nphys_peak = cs->nphys;
    B b = {cs, recs, nrec, 0, st, p0};
    uint32_t ids = cs->nloopids;
    list_t out = {0};
    build(&b, L->start, L->end, &out);
    free(recs);
    if (b.phys != cs->nphys) abort(); /* every flat instruction since L began was read */
    if (st->ncounts < (size_t)cs->nloopids + 1) {
        size_t nc = st->ncounts ? st->ncounts : 1024;
        while (nc < (size_t)cs->nloopids + 1) nc *= 2;
        uint32_t *c = realloc(st->counts, sizeof *c * nc);
        if (!c) diag_oom();
        memset(c + st->ncounts, 0, sizeof *c * (nc - st->ncounts));
        st->counts = c, st->ncounts = nc;
    }
    /* worth it: items no bigger than the flat instructions they replace */
    bool ok = out.n * sizeof(witem_t) <= (cs->nphys - p0) * sizeof(winst_t) &&
              translates(cs, out.v, out.n, st->counts);
    if (!ok) {
        cs->nloopids = ids;
        free(out.v);
        return;
    }
    cs_loop_t l = *L;
    for (size_t i = first; i < cs->nloops - 1; i++) free_rec(&cs->loops[i]);
    l.pre = out.v;
    l.npre = out.n;
    cs->loops[first] = l;
    cs->nloops = first + 1;
    /* the dropped ranges inside L give way to L's */
    size_t nd = st->ndrop;
    while (nd > 0 && st->drop[nd - 1].start >= L->start) nd--;
    size_t cum = (nd ? st->drop[nd - 1].cum : 0) + (l.end - l.start);
    if (nd == st->dcap) {
        st->dcap = st->dcap ? 2 * st->dcap : 64;
        st->drop = realloc(st->drop, sizeof *st->drop * st->dcap);
        if (!st->drop) diag_oom();
    }
    st->drop[nd] = (drop_t){l.start, l.end, cum};
    st->ndrop = nd + 1;
    cs->nphys = p0;
}

void wprog_loop(cs_t *cs, const size_t *iters, uint32_t n, uint32_t minrun) {
    if (cs->nloops == cs->lcap) {
        cs->lcap = cs->lcap ? 2 * cs->lcap : 64;
        cs->loops = realloc(cs->loops, sizeof *cs->loops * cs->lcap);
        if (!cs->loops) diag_oom();
    }
    size_t *it = malloc(sizeof *it * (n + 1));
    if (!it) diag_oom();
    memcpy(it, iters, sizeof *it * n);
    it[n] = cs->nprog;
    cs->loops[cs->nloops++] =
        (cs_loop_t){iters[0], cs->nprog, n, minrun < 2 ? 2 : minrun, it, NULL, 0};
    if (cs->wp_eager) reroll_closed(cs);
}

static void renum_items(witem_t *x, size_t n, const uint32_t *perm, uint32_t nw) {
    for (size_t i = 0; i < n; i++) {
        witem_t *p = &x[i];
        if (p->kind == 1) {
            renum_items(p->body, p->nbody, perm, nw);
            continue;
        }
        bool sl[4];
        slot_ops(p->op, sl);
        waff_t *o[4] = {&p->d, &p->a, &p->b, &p->c};
        for (int j = 0; j < 4; j++)
            if (sl[j]) {
                uint32_t v = o[j]->base;
                o[j]->base = v & CS_TEMP ? nw + (v & ~CS_TEMP) : perm[v];
            }
    }
}

void wprog_renumber(cs_t *cs, const uint32_t *perm, uint32_t n) {
    for (size_t i = 0; i < cs->nloops; i++)
        if (cs->loops[i].pre) renum_items(cs->loops[i].pre, cs->loops[i].npre, perm, n);
}

/* Relayed constant indices (RK_TAG + i) become nk0 + i. */
static void fix_k(witem_t *x, size_t n, uint32_t nk0) {
    for (size_t i = 0; i < n; i++) {
        witem_t *p = &x[i];
        if (p->kind == 1) {
            fix_k(p->body, p->nbody, nk0);
            continue;
        }
        waff_t *k = p->op == OP_CONST ? &p->a : p->op == OP_MULK || p->op == OP_ADDK ? &p->b : NULL;
        if (k && k->base >= RK_TAG) k->base = k->base - RK_TAG + nk0;
    }
}

/* Numbers the loops of the final tree 0, 1, ... in program order (rerolling
 * spends ids on loops it then discards, and loops rerolled as they closed
 * were numbered before the rest): map holds the new id + 1 of each old one.
 * The counter terms are copied (they may be shared with discarded items). */
static void number_loops(cs_t *cs, witem_t *x, size_t n, uint32_t *map, uint32_t *next) {
    for (size_t i = 0; i < n; i++) {
        witem_t *p = &x[i];
        if (p->kind == 1) {
            if (!map[p->loop]) map[p->loop] = ++*next;
            p->loop = map[p->loop] - 1;
            number_loops(cs, p->body, p->nbody, map, next);
            continue;
        }
        waff_t *o[4] = {&p->d, &p->a, &p->b, &p->c};
        for (int j = 0; j < 4; j++) {
            if (!o[j]->n) continue;
            waff_term_t *t = arena_alloc(cs->ar, sizeof *t * o[j]->n);
            for (uint32_t u = 0; u < o[j]->n; u++)
                t[u] = (waff_term_t){map[o[j]->t[u].loop] - 1, o[j]->t[u].s};
            o[j]->t = t;
        }
    }
}

void wprog_build(cs_t *cs) {
    struct wp_state *st = state(cs);
    B b = {cs, cs->loops, cs->nloops, 0, st, 0};
    if (cs->nloops) qsort(cs->loops, cs->nloops, sizeof *cs->loops, rec_cmp);
    list_t top = {0};
    if (!cs->wp_eager) cs->nloopids = 0;
    build(&b, 0, cs->nprog, &top);
    if (b.phys != cs->nphys) abort();
    cs->nk0 = cs->nk;
    if (cs->nk + st->nrk > cs->kcap) {
        cs->kcap = cs->nk + st->nrk;
        cs->k = realloc(cs->k, sizeof *cs->k * (cs->kcap ? cs->kcap : 1));
        if (!cs->k) diag_oom();
    }
    cs->kfrom = arena_alloc(cs->ar, sizeof *cs->kfrom * (st->nrk + 1));
    for (size_t i = 0; i < st->nrel; i++) {
        uint32_t off = st->rel[i].base - RK_TAG;
        memcpy(cs->kfrom + off, st->rel[i].seq, sizeof *cs->kfrom * st->rel[i].m);
        for (uint32_t j = 0; j < st->rel[i].m; j++) cs->k[cs->nk0 + off + j] = cs->k[st->rel[i].seq[j]];
    }
    cs->nk += st->nrk;
    cs->tree = dup_items(&b, top.v, top.n);
    cs->ntree = top.n;
    free(top.v);
    fix_k(cs->tree, cs->ntree, cs->nk0);
    uint32_t *map = calloc(cs->nloopids + 1, sizeof *map), nids = 0;
    if (!map) diag_oom();
    number_loops(cs, cs->tree, cs->ntree, map, &nids);
    free(map);
    cs->nloopids = nids;
    for (size_t i = 0; i < cs->nloops; i++) free_rec(&cs->loops[i]);
    cs->nloops = 0;
    for (size_t i = 0; i < st->nrel; i++) free(st->rel[i].seq);
    st->nrel = 0, st->nrk = 0;
}

void wprog_free(cs_t *cs) {
    for (size_t i = 0; i < cs->nloops; i++) free_rec(&cs->loops[i]);
    free(cs->loops);
    cs->loops = NULL, cs->nloops = 0;
    struct wp_state *st = cs->wp;
    if (!st) return;
    for (size_t i = 0; i < st->nrel; i++) free(st->rel[i].seq);
    free(st->rel);
    free(st->drop);
    free(st->kchange);
    free(st->counts);
    free(st);
    cs->wp = NULL;
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
    if (!kv) diag_oom();
    bool ok = run_items(cs, cs->tree, cs->ntree, slots, kv);
    free(kv);
    return ok;
}

/* ---- splitting into functions (gen.h: both back ends cut the same way) ---- */

size_t wprog_part_max(size_t dflt) {
    const char *e = getenv("ZKC_PART");
    long v = e ? atol(e) : 0;
    return v > 0 ? (size_t)v : dflt;
}

size_t wprog_size(const witem_t *x, size_t n) {
    size_t s = 0;
    for (size_t i = 0; i < n; i++) s += x[i].kind == 1 ? 1 + wprog_size(x[i].body, x[i].nbody) : 1;
    return s;
}

bool wprog_split(const witem_t *x, size_t n, size_t max,
                 void (*part)(void *ctx, const witem_t *run, size_t m), void *ctx) {
    if (wprog_size(x, n) <= max) return false;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1, sz = wprog_size(&x[i], 1);
        for (size_t t; j < n && sz + (t = wprog_size(&x[j], 1)) <= max; j++) sz += t;
        part(ctx, x + i, j - i);
        i = j;
    }
    return true;
}
