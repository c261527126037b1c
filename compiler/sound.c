/* zkc: the soundness check (propagation in the style of Ecne, Wang et al. 2022,
 * "Ecne: automated verification of ZK circuits"). Known at the start: the
 * constant one, every input, every wire marked `free`. Then, until nothing
 * changes, a constraint A*B = C determines wires by these rules:
 *   R1  A and B fully known: C is known, so one unknown wire in C is determined.
 *   R2  C a nonzero constant, A fully known, B has one unknown wire: A != 0,
 *       so B (and its wire) is determined; symmetrically for B.
 *   R3  a wire w with a constraint whose solutions in w are exactly {0, 1}
 *       (w*(w-1) = 0, w*w = w, ...) is binary; a constraint that R1 reduces to
 *       sum c_i*w_i = known, where every unknown w_i is binary and the c_i are
 *       +-s*2^e_i for one scale s and distinct e_i < 253, determines all the w_i
 *       (two bit vectors give sums that differ by a nonzero signed sum of
 *       distinct powers of two below 2^253 < r/2, so the bits are unique).
 * The rules run twice: on the constraints as written, then on a copy after
 * constant folding and linear elimination of the still unknown wires (so that
 * a bit recomposition substituted into its use is seen whole); an eliminated
 * wire is known when the wires of its definition are.
 * Every other wire is reported with its declaration. See docs/compiler.md. */
#include "opt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const cs_t *cs;
    bool *known, *binary;
    uint32_t *queue;
    size_t qh, qt, qcap;
    bool *inq;
    uint32_t *adj_off, *adj;
} S;

static int unknown_count(const S *s, clc_t l, uint32_t *which) {
    int n = 0;
    for (uint32_t i = 0; i < l.n; i++)
        if (!s->known[l.t[i].w]) {
            if (which) *which = l.t[i].w;
            n++;
        }
    return n;
}

static void push(S *s, uint32_t c) {
    if (s->inq[c]) return;
    s->inq[c] = true;
    s->queue[s->qt] = c;
    s->qt = (s->qt + 1) % s->qcap;
}

static void learn(S *s, uint32_t w) {
    if (s->known[w]) return;
    s->known[w] = true;
    for (uint32_t k = s->adj_off[w]; k < s->adj_off[w + 1]; k++) push(s, s->adj[k]);
}

/* Is c a constraint whose solutions in w are {0,1}? (a1 w + a0)(b1 w + b0) = c1 w + c0 */
static bool binary_of(const cs_t *cs, const cons_t *c, uint32_t *wout) {
    uint32_t w = 0;
    fr_t co[3][2]; /* [lc][0: const, 1: w] */
    for (int j = 0; j < 3; j++) {
        clc_t l = cs_lc(cs, c, j);
        fr_set_zero(&co[j][0]);
        fr_set_zero(&co[j][1]);
        for (uint32_t i = 0; i < l.n; i++) {
            uint32_t x = l.t[i].w;
            if (x == 0) {
                co[j][0] = *cs_k(cs, l.t[i].k);
                continue;
            }
            if (w && x != w) return false;
            w = x;
            co[j][1] = *cs_k(cs, l.t[i].k);
        }
    }
    if (!w || fr_is_zero(&co[0][1]) || fr_is_zero(&co[1][1])) return false;
    fr_t q, l, k, t;
    fr_mul(&q, &co[0][1], &co[1][1]);
    fr_mul(&l, &co[0][1], &co[1][0]);
    fr_mul(&t, &co[0][0], &co[1][1]);
    fr_add(&l, &l, &t);
    fr_sub(&l, &l, &co[2][1]);
    fr_mul(&k, &co[0][0], &co[1][0]);
    fr_sub(&k, &k, &co[2][0]);
    /* q w^2 + l w + k has roots 0 and 1 iff k = 0 and q + l = 0 */
    fr_add(&t, &q, &l);
    if (!fr_is_zero(&k) || !fr_is_zero(&t)) return false;
    *wout = w;
    return true;
}

static int pow2_exp(const fr_t *a) {
    uint64_t l[4];
    fr_to_limbs(l, a);
    int e = -1;
    for (int i = 0; i < 4; i++) {
        if (!l[i]) continue;
        if (e >= 0 || (l[i] & (l[i] - 1))) return -1;
        e = 64 * i + __builtin_ctzll(l[i]);
    }
    return e;
}

/* R3 on linear form l: unknown wires all binary with coefficients s*2^e_i. */
static bool bits_rule(S *s, clc_t l) {
    int nu = 0;
    for (uint32_t i = 0; i < l.n; i++)
        if (!s->known[l.t[i].w]) {
            if (!s->binary[l.t[i].w]) return false;
            nu++;
        }
    if (nu < 2 || nu > 253) return false;
    for (uint32_t j = 0; j < l.n; j++) { /* candidate for the 2^0 term */
        if (s->known[l.t[j].w]) continue;
        fr_t inv;
        fr_inv_var(&inv, cs_k(s->cs, l.t[j].k));
        uint64_t seen[4] = {0};
        bool ok = true;
        for (uint32_t i = 0; i < l.n && ok; i++) {
            if (s->known[l.t[i].w]) continue;
            fr_t x;
            fr_mul(&x, cs_k(s->cs, l.t[i].k), &inv);
            int e = pow2_exp(&x);
            if (e < 0) {
                fr_neg(&x, &x);
                e = pow2_exp(&x);
            }
            if (e < 0 || e >= 253 || (seen[e / 64] >> (e % 64) & 1)) ok = false;
            else seen[e / 64] |= 1ULL << (e % 64);
        }
        if (ok) {
            for (uint32_t i = 0; i < l.n; i++) learn(s, l.t[i].w);
            return true;
        }
    }
    return false;
}

static void apply(S *s, const cons_t *c) {
    uint32_t wa = 0, wb = 0, wc = 0;
    clc_t la = cs_lc(s->cs, c, 0), lb = cs_lc(s->cs, c, 1), lc = cs_lc(s->cs, c, 2);
    int ua = unknown_count(s, la, &wa), ub = unknown_count(s, lb, &wb);
    int uc = unknown_count(s, lc, &wc);
    if (ua == 0 && ub == 0) {
        if (uc == 1) learn(s, wc);
        else if (uc > 1) bits_rule(s, lc);
        return;
    }
    /* C a nonzero constant */
    if (uc == 0 && lc.n == 1 && lc.t[0].w == 0 && !fr_is_zero(cs_k(s->cs, lc.t[0].k))) {
        if (ua == 0 && ub == 1) learn(s, wb);
        if (ub == 0 && ua == 1) learn(s, wa);
    }
}

/* Runs the rules on cs to a fixed point, starting from known[] (updated). */
static void propagate(const cs_t *cs, bool *known) {
    S s = {0};
    s.cs = cs;
    uint32_t n = cs->nwires;
    s.known = known;
    s.binary = calloc(n, sizeof *s.binary);
    s.adj_off = calloc((size_t)n + 1, sizeof *s.adj_off);
    s.qcap = cs->ncons + 1;
    s.queue = malloc(sizeof *s.queue * s.qcap);
    s.inq = calloc(s.qcap, sizeof *s.inq);
    /* wire -> constraints (a wire that occurs twice in one constraint lists it twice) */
    for (size_t i = 0; i < cs->ncons; i++) {
        const cons_t *c = &cs->cons[i];
        for (size_t t = 0, m = (size_t)c->na + c->nb + c->nc; t < m; t++) s.adj_off[cs->tv[c->off + t].w + 1]++;
    }
    for (uint32_t w = 0; w < n; w++) s.adj_off[w + 1] += s.adj_off[w];
    s.adj = malloc(sizeof *s.adj * (s.adj_off[n] + 1));
    uint32_t *fill = calloc(n, sizeof *fill);
    for (size_t i = 0; i < cs->ncons; i++) {
        const cons_t *c = &cs->cons[i];
        for (size_t t = 0, m = (size_t)c->na + c->nb + c->nc; t < m; t++) {
            uint32_t w = cs->tv[c->off + t].w;
            s.adj[s.adj_off[w] + fill[w]++] = (uint32_t)i;
        }
        uint32_t bw;
        if (binary_of(cs, c, &bw)) s.binary[bw] = true;
    }
    free(fill);
    for (size_t i = 0; i < cs->ncons; i++) push(&s, (uint32_t)i);
    while (s.qh != s.qt) {
        uint32_t c = s.queue[s.qh];
        s.qh = (s.qh + 1) % s.qcap;
        s.inq[c] = false;
        apply(&s, &cs->cons[c]);
    }
    free(s.binary);
    free(s.adj_off);
    free(s.adj);
    free(s.queue);
    free(s.inq);
}

/* A heap copy of n elements of size bytes (at least one element allocated). */
static void *dup_array(const void *p, size_t size, size_t n) {
    void *q = malloc(size * (n ? n : 1));
    if (!q) {
        fprintf(stderr, "zkc: out of memory\n");
        exit(2);
    }
    if (n) memcpy(q, p, size * n);
    return q;
}

/* The arrays sound_check copied for its pass 2. */
static void free_copy(cs_t *c) {
    free(c->cons);
    free(c->tv);
    free(c->ck.v);
    free(c->ck.hash);
}

bool sound_check(const cs_t *orig) {
    uint32_t n = orig->nwires;
    bool *known = calloc(n, sizeof *known);
    for (uint32_t w = 0; w < n; w++)
        known[w] = w == 0 || orig->wires[w].kind == W_PUBLIC || orig->wires[w].kind == W_PRIVATE ||
                   orig->wires[w].free;
    /* pass 1: the constraints as written (data flow) */
    propagate(orig, known);
    /* pass 2: on a copy after fold + linear elimination of unknown wires, so
     * that a bit recomposition substituted into its use is seen whole */
    cs_t copy = *orig, *cs = &copy;
    /* only constraints with a wire pass 1 left unknown (or with no wire at
     * all, which fold checks) take part: the others have no pivot for the
     * elimination (known wires are avoided), no definition changes them, and
     * they determine nothing */
    size_t nc = 0, nt = 0;
    for (int pass = 0; pass < 2; pass++) {
        nc = nt = 0;
        for (size_t i = 0; i < orig->ncons; i++) {
            const cons_t *c = &orig->cons[i];
            const cterm_t *t = orig->tv + c->off;
            size_t m = (size_t)c->na + c->nb + c->nc;
            bool unknown = false, wire = false;
            for (size_t j = 0; j < m && !unknown; j++) {
                unknown = !known[t[j].w];
                wire |= t[j].w != 0;
            }
            if (!unknown && wire) continue;
            if (pass) {
                copy.cons[nc] = *c;
                copy.cons[nc].off = (uint32_t)nt;
                if (m) memcpy(copy.tv + nt, t, sizeof *t * m);
            }
            nc++, nt += m;
        }
        if (!pass) {
            copy.cons = malloc(sizeof *copy.cons * (nc ? nc : 1));
            copy.tv = malloc(sizeof *copy.tv * (nt ? nt : 1));
            if (!copy.cons || !copy.tv) {
                fprintf(stderr, "zkc: out of memory\n");
                exit(2);
            }
        }
    }
    copy.ncons = copy.ccap = nc;
    copy.ntv = copy.tvcap = nt;
    copy.ck.v = dup_array(orig->ck.v, sizeof *orig->ck.v, orig->ck.n);
    copy.ck.cap = orig->ck.n;
    copy.ck.hash = dup_array(orig->ck.hash, sizeof *orig->ck.hash, orig->ck.hcap);
    cspan_t *def = NULL;
    bool *elim = NULL, *avoid = calloc(n, sizeof *avoid);
    size_t dummy = 0;
    for (size_t i = 0; i < orig->ncons; i++) {
        uint32_t bw;
        if (binary_of(orig, &orig->cons[i], &bw)) avoid[bw] = true;
    }
    /* bits stay (eliminating one would hide its recomposition from R3), and so
     * do known wires (their value is settled) */
    for (uint32_t w = 0; w < n; w++) avoid[w] |= known[w];
    bool ok = opt_fold(cs, &dummy) && opt_linear(cs, 2, avoid, &dummy, &def, &elim);
    free(avoid);
    /* the definitions move out of the store (the next fold compacts it) */
    cterm_t *dtv = NULL;
    if (ok) {
        size_t nd = 0;
        for (uint32_t w = 0; w < n; w++) nd += def[w].n;
        dtv = malloc(sizeof *dtv * (nd ? nd : 1));
        if (!dtv) {
            fprintf(stderr, "zkc: out of memory\n");
            exit(2);
        }
        nd = 0;
        for (uint32_t w = 0; w < n; w++) {
            if (def[w].n) memcpy(dtv + nd, cs->tv + def[w].off, sizeof *dtv * def[w].n);
            def[w].off = (uint32_t)nd;
            nd += def[w].n;
        }
        ok = opt_fold(cs, &dummy);
    }
    if (!ok) {
        free_copy(&copy);
        free(dtv);
        free(def);
        free(elim);
        free(known);
        return false;
    }
    propagate(cs, known);
    S s = {0};
    s.known = known;
    /* an eliminated wire is known when its definition is */
    for (uint32_t w = 1; w < n; w++)
        if (elim[w])
            s.known[w] = s.known[w] || unknown_count(&s, (clc_t){def[w].n, dtv + def[w].off}, NULL) == 0;
    /* report one line per declaration */
    loc_t seen[DIAG_MAX];
    int nseen = 0;
    for (uint32_t w = 1; w < n; w++) {
        if (s.known[w]) continue;
        ok = false;
        bool dup = false;
        for (int i = 0; i < nseen && !dup; i++)
            dup = seen[i].line == cs->wires[w].sig->loc.line && seen[i].col == cs->wires[w].sig->loc.col &&
                  seen[i].file == cs->wires[w].sig->loc.file;
        if (dup) continue;
        if (nseen < DIAG_MAX) seen[nseen++] = cs->wires[w].sig->loc;
        uint32_t cnt = 0, v = w;
        while (v < n && !s.known[v] && cs->wires[v].sig->loc.line == cs->wires[w].sig->loc.line &&
               cs->wires[v].sig->loc.file == cs->wires[w].sig->loc.file && cs->wires[v].sig->comp == cs->wires[w].sig->comp) {
            cnt++;
            v++;
        }
        diag_error(cs->wires[w].sig->loc,
                   "signal '%s'%s is not determined by the constraints (under-constrained); "
                   "constrain it, or mark it 'free' if any value is acceptable",
                   cs_wire_name(cs, w), cnt > 1 ? arena_printf(cs->ar, " (and %u more)", cnt - 1) : "");
        w = v - 1;
    }
    free_copy(&copy);
    free(dtv);
    free(def);
    free(elim);
    free(known);
    return ok;
}
