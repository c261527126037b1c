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
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

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

/* Sorts a[0..n) ascending: Shell sort (Ciura's gaps) below 1024 entries (a
 * substitution's touched wires: tens to hundreds), else LSD radix sort
 * (11-bit digits, only as many passes as the largest key needs) through tmp,
 * which has room for n. qsort's indirect comparisons cost 7% of sgd P=5700's
 * compile here. */
static void sort_u32(uint32_t *a, size_t n, uint32_t *tmp) {
    if (n < 1024) {
        static const size_t gaps[] = {701, 301, 132, 57, 23, 10, 4, 1};
        for (size_t g = 0; g < sizeof gaps / sizeof *gaps; g++) {
            size_t h = gaps[g];
            for (size_t i = h; i < n; i++) {
                uint32_t x = a[i];
                size_t j = i;
                for (; j >= h && a[j - h] > x; j -= h) a[j] = a[j - h];
                a[j] = x;
            }
        }
        return;
    }
    uint32_t max = 0;
    for (size_t i = 0; i < n; i++) max |= a[i];
    for (int sh = 0; sh < 32 && (max >> sh); sh += 11) {
        size_t cnt[2048] = {0};
        for (size_t i = 0; i < n; i++) cnt[(a[i] >> sh) & 2047]++;
        for (size_t i = 0, sum = 0; i < 2048; i++) {
            size_t c = cnt[i];
            cnt[i] = sum, sum += c;
        }
        for (size_t i = 0; i < n; i++) tmp[cnt[(a[i] >> sh) & 2047]++] = a[i];
        memcpy(a, tmp, sizeof *a * n);
    }
}

/* A sum of field elements reduced once (lazy reduction, Aranha et al., eprint
 * 2010/526, s. 3-4): an integer below r 2^256 whose Montgomery reduction is the
 * sum. A product of two coefficients enters as the 512-bit product of their
 * Montgomery forms (no reduction), a coefficient c as c 2^256; each addition
 * subtracts r 2^256 when the sum reaches it. The reduction at the end gives
 * exactly the canonical element that fr_mul and fr_add would have. */
typedef struct {
    uint64_t l[8];
} wide_t;

static inline void wide_of(wide_t *r, const fr_t *a) {
    r->l[0] = r->l[1] = r->l[2] = r->l[3] = 0;
    memcpy(&r->l[4], a->l, sizeof a->l);
}

static inline void wide_mul(wide_t *r, const fr_t *a, const fr_t *b) { ZKP_FP_MULW_(r->l, a->l, b->l); }

/* r += a, both below r 2^256 */
static inline void wide_add(wide_t *r, const wide_t *a) {
    uint64_t x[8], t[4];
    bool sub;
#if defined(__x86_64__)
    unsigned char c = 0, bo = 0;
    for (int i = 0; i < 8; i++) c = _addcarry_u64(c, r->l[i], a->l[i], (unsigned long long *)&x[i]);
    /* the high half (with the carry) minus the modulus, kept unless it borrows */
    for (int i = 0; i < 4; i++) bo = _subborrow_u64(bo, x[4 + i], zkp_fr_mc[i], (unsigned long long *)&t[i]);
    sub = c || !bo;
#else
    unsigned __int128 c = 0, bo = 0;
    for (int i = 0; i < 8; i++) {
        c += (unsigned __int128)r->l[i] + a->l[i];
        x[i] = (uint64_t)c;
        c >>= 64;
    }
    for (int i = 0; i < 4; i++) {
        unsigned __int128 d = (unsigned __int128)x[4 + i] - zkp_fr_mc[i] - (uint64_t)bo;
        t[i] = (uint64_t)d;
        bo = (d >> 64) & 1;
    }
    sub = c || !bo;
#endif
    for (int i = 0; i < 4; i++) r->l[i] = x[i];
    for (int i = 0; i < 4; i++) r->l[4 + i] = sub ? t[i] : x[4 + i];
}

static inline void wide_redc(fr_t *r, const wide_t *t) { ZKP_FP_REDC_(r->l, t->l, zkp_fr_mc); }

/* Substitutions replayed (a memo of subst). Poseidon's partial rounds are
 * most of linear elimination's work: each round's t MDS rows substitute the
 * previous round's t definitions of t + r terms, and every instance of one
 * width repeats the same rows with the same coefficients over its own wires,
 * which lie at a fixed offset from another instance's. A substitution is a
 * function of the combination l, of the elimination flags of the wires it
 * meets and of their definitions' terms (coefficients are pool indices, and
 * the pool only grows): with all of them equal up to a shift of the wires
 * (w -> w + d for w != 0; it keeps their order), the result is the recorded
 * one shifted. So the memo records what a substitution read (a trace: per
 * round its terms and their flags, and for an eliminated wire its
 * definition) and, when a later one starts from the same shifted terms,
 * checks the trace against the current flags and definitions and copies the
 * shifted result, which is exactly what computing it gives (the coefficients
 * it would intern are interned already). Wires are stored relative to l's
 * last (largest) wire, wire 0 as MEMO_W0 (wires stay below 2^31, so that
 * cannot collide). A key is recorded the second time its hash is met, so
 * that combinations seen once cost only the hash; a failed check records it
 * again. ZKC_NO_MEMO in the environment (any value) turns the memo off (a
 * test compares the outputs).
 *
 * Definitions are stored once (a blob: terms relative to the wire defined,
 * deduplicated by content), and the trace names the blob. vblob remembers
 * which blob def[w] was last found equal to (a direct-mapped cache by wire),
 * so that the t rows of a round compare each of the previous round's
 * definitions once, not t times; whatever changes def[w] drops its entry
 * (memo_forget). */
#define MEMO_VBITS 16
#define MEMO_BITS 16
#define MEMO_W0 0x80000000u
#define MEMO_ELIM 0x80000000u     /* in a trace term's k: the wire is eliminated */
#define MEMO_MAX_TERMS (4u << 20) /* trace and blob terms kept at most (32 MiB) */
#define MEMO_MIN_NEED 64          /* terms a substitution's first round adds up, at least */

typedef struct {
    uint64_t h;     /* hash of the first round's relative terms */
    uint32_t state; /* 0 empty, 1 seen once, 2 trace at off */
    size_t off;
} memo_slot_t;

typedef struct {
    uint32_t off, n;
    uint64_t h;
} memo_blob_t;

typedef struct {
    memo_slot_t *slot; /* 2^MEMO_BITS, direct-mapped */
    /* traces: per round {n, 0}, then n terms {rel, k | MEMO_ELIM}, each
     * eliminated one followed by {blob, 0} */
    cterm_t *tr;
    size_t ntr, cap;
    cterm_t *bt; /* blob terms, relative to the wire defined */
    size_t nbt, btcap;
    memo_blob_t *blob;
    size_t nblob, bcap;
    uint32_t *bhash; /* open addressing: blob + 1, 0 empty */
    size_t bhcap;
    uint64_t *vblob; /* direct-mapped by wire: w << 32 | blob + 1 when def[w] equals the blob */
    bool off;        /* no memo: wires reach 2^31, or ZKC_NO_MEMO is set */
} memo_t;

static inline uint32_t memo_rel(uint32_t w, uint32_t base) { return w ? w - base : MEMO_W0; }
static inline uint32_t memo_abs(uint32_t r, uint32_t base) { return r == MEMO_W0 ? 0 : base + r; }

static uint64_t memo_hash(clc_t l, uint32_t base) {
    uint64_t h = 0xcbf29ce484222325ULL ^ l.n;
    for (uint32_t i = 0; i < l.n; i++) {
        h = (h ^ memo_rel(l.t[i].w, base)) * 0x100000001b3ULL;
        h = (h ^ l.t[i].k) * 0x100000001b3ULL;
    }
    return h ^ (h >> 29);
}

static inline uint64_t *memo_vb(const memo_t *m, uint32_t w) {
    return &m->vblob[(w * 0x9e3779b1u) >> (32 - MEMO_VBITS)];
}

/* Whether def[w] is known to equal blob b; remembers that it does. */
static inline bool memo_vb_is(const memo_t *m, uint32_t w, uint32_t b) {
    return *memo_vb(m, w) == ((uint64_t)w << 32 | (b + 1));
}
static inline void memo_vb_set(memo_t *m, uint32_t w, uint32_t b) { *memo_vb(m, w) = (uint64_t)w << 32 | (b + 1); }

static inline void memo_forget(memo_t *m, uint32_t w) {
    uint64_t *v = memo_vb(m, w);
    if (*v >> 32 == w) *v = 0;
}

static void memo_put(memo_t *m, uint32_t a, uint32_t b) {
    m->tr = grow(m->tr, &m->cap, m->ntr + 1, sizeof *m->tr);
    m->tr[m->ntr++] = (cterm_t){a, b};
}

/* True when def[w] has the terms of blob b (relative to w). */
static bool memo_blob_eq(const memo_t *m, const cterm_t *tv, const cspan_t *def, uint32_t w, uint32_t b) {
    const memo_blob_t *bl = &m->blob[b];
    if (def[w].n != bl->n) return false;
    const cterm_t *d = tv + def[w].off, *e = m->bt + bl->off;
    for (uint32_t j = 0; j < bl->n; j++)
        if (memo_rel(d[j].w, w) != e[j].w || d[j].k != e[j].k) return false;
    return true;
}

/* The blob of def[w] (added when new). */
static uint32_t memo_blob(memo_t *m, const cterm_t *tv, const cspan_t *def, uint32_t w) {
    uint64_t v = *memo_vb(m, w);
    if (v >> 32 == w && (uint32_t)v) return (uint32_t)v - 1;
    const cterm_t *d = tv + def[w].off;
    uint64_t h = 0x84222325cbf29ce4ULL ^ def[w].n;
    for (uint32_t j = 0; j < def[w].n; j++) {
        h = (h ^ memo_rel(d[j].w, w)) * 0x100000001b3ULL;
        h = (h ^ d[j].k) * 0x100000001b3ULL;
    }
    h ^= h >> 29;
    if (2 * (m->nblob + 1) > m->bhcap) { /* rehash */
        size_t cap = m->bhcap ? 2 * m->bhcap : 1024;
        uint32_t *t = calloc(cap, sizeof *t);
        if (!t) oom();
        for (size_t b = 0; b < m->nblob; b++) {
            size_t s = m->blob[b].h & (cap - 1);
            while (t[s]) s = (s + 1) & (cap - 1);
            t[s] = (uint32_t)b + 1;
        }
        free(m->bhash);
        m->bhash = t, m->bhcap = cap;
    }
    size_t s = h & (m->bhcap - 1);
    for (; m->bhash[s]; s = (s + 1) & (m->bhcap - 1)) {
        uint32_t b = m->bhash[s] - 1;
        if (m->blob[b].h == h && memo_blob_eq(m, tv, def, w, b)) {
            memo_vb_set(m, w, b);
            return b;
        }
    }
    m->blob = grow(m->blob, &m->bcap, m->nblob + 1, sizeof *m->blob);
    m->bt = grow(m->bt, &m->btcap, m->nbt + def[w].n, sizeof *m->bt);
    uint32_t b = (uint32_t)m->nblob++;
    m->blob[b] = (memo_blob_t){(uint32_t)m->nbt, def[w].n, h};
    for (uint32_t j = 0; j < def[w].n; j++) m->bt[m->nbt++] = (cterm_t){memo_rel(d[j].w, w), d[j].k};
    m->bhash[s] = b + 1;
    memo_vb_set(m, w, b);
    return b;
}

/* Records one round of a substitution: l's terms, flags and definitions. */
static void memo_round(memo_t *m, clc_t l, uint32_t base, const cterm_t *tv, const cspan_t *def,
                       const bool *elim) {
    memo_put(m, l.n, 0);
    for (uint32_t i = 0; i < l.n; i++) {
        uint32_t w = l.t[i].w;
        memo_put(m, memo_rel(w, base), l.t[i].k | (elim[w] ? MEMO_ELIM : 0));
        if (elim[w]) memo_put(m, memo_blob(m, tv, def, w), 0);
    }
}

/* Checks the trace at off against l (shifted to base) and the current flags
 * and definitions; on success leaves the shifted result in *out (capacity
 * *cap) and returns its length, else returns UINT32_MAX. */
static uint32_t memo_replay(const cs_t *cs, memo_t *m, cterm_t **out, size_t *cap, size_t off, clc_t l,
                            uint32_t base, const cspan_t *def, const bool *elim) {
    const cterm_t *tr = m->tr + off;
    size_t p = 0;
    for (int round = 0;; round++) {
        uint32_t n = tr[p++].w;
        const cterm_t *terms = tr + p;
        if (round == 0 && n != l.n) return UINT32_MAX;
        bool any = false;
        for (uint32_t i = 0; i < n; i++) {
            cterm_t t = tr[p++];
            uint32_t w;
            if (round == 0) {
                w = l.t[i].w;
                if (memo_rel(w, base) != t.w || l.t[i].k != (t.k & ~MEMO_ELIM)) return UINT32_MAX;
            } else {
                w = memo_abs(t.w, base);
                if (w >= cs->nwires || (w == 0) != (t.w == MEMO_W0)) return UINT32_MAX;
            }
            bool e = (t.k & MEMO_ELIM) != 0;
            if (elim[w] != e) return UINT32_MAX;
            if (!e) continue;
            any = true;
            uint32_t b = tr[p++].w;
            if (!memo_vb_is(m, w, b)) {
                if (!memo_blob_eq(m, cs->tv, def, w, b)) return UINT32_MAX;
                memo_vb_set(m, w, b);
            }
        }
        if (!any) {
            /* this round's terms are the result (none of them eliminated) */
            *out = grow(*out, cap, n, sizeof **out);
            for (uint32_t i = 0; i < n; i++) (*out)[i] = (cterm_t){memo_abs(terms[i].w, base), terms[i].k};
            return n;
        }
    }
}

/* Scratch of one opt_linear call: a dense accumulator indexed by wire (only
 * the touched entries are read or reset), the touched wires, and the terms of
 * the current round. */
typedef struct {
    wide_t *acc;
    bool *hit;
    uint32_t *touched, *tmp;
    size_t ntouched, tcap;
    cterm_t *terms;
    size_t cap;
    memo_t memo;
} subst_t;

static void subst_free(subst_t *s) {
    free(s->acc);
    free(s->hit);
    free(s->touched);
    free(s->tmp);
    free(s->terms);
    free(s->memo.slot);
    free(s->memo.tr);
    free(s->memo.bt);
    free(s->memo.blob);
    free(s->memo.bhash);
    free(s->memo.vblob);
}

static inline void acc_add(subst_t *s, uint32_t w, const wide_t *c) {
    if (!s->hit[w]) {
        s->hit[w] = true;
        s->acc[w] = *c;
        s->touched[s->ntouched++] = w;
    } else {
        wide_add(&s->acc[w], c);
    }
}

/* Replaces eliminated wires in l by their definitions until none is left.
 * Each round adds the kept terms and the scaled definitions into the dense
 * accumulator and reads the touched wires back in order. Returns l itself
 * when nothing changes, else a view of s->terms (valid until the next call);
 * it interns new coefficients but never moves the term store. */
static clc_t subst(cs_t *cs, subst_t *s, clc_t l, const cspan_t *def, const bool *elim) {
    size_t need = 0;
    bool any = false;
    for (uint32_t i = 0; i < l.n; i++) {
        bool e = elim[l.t[i].w];
        any |= e;
        need += e ? def[l.t[i].w].n : 1;
    }
    if (!any) return l;
    /* the memo (see memo_t), for substitutions worth it */
    memo_t *m = &s->memo;
    bool rec = false;
    uint32_t base = l.t[l.n - 1].w;
    if (!m->off && need >= MEMO_MIN_NEED) {
        uint64_t h = memo_hash(l, base);
        memo_slot_t *sl = &m->slot[h & ((1u << MEMO_BITS) - 1)];
        if (sl->state == 2 && sl->h == h) {
            uint32_t n = memo_replay(cs, m, &s->terms, &s->cap, sl->off, l, base, def, elim);
            if (n != UINT32_MAX) {
                cs->subst_replayed++;
                return (clc_t){n, s->terms};
            }
            cs->subst_memo_failed++;
            sl->state = 1; /* record it again */
        }
        if (sl->state == 1 && sl->h == h && m->ntr + m->nbt < MEMO_MAX_TERMS) {
            rec = true;
            sl->state = 2;
            sl->off = m->ntr;
        } else if (sl->state != 1 || sl->h != h) {
            sl->h = h;
            sl->state = 1;
        }
    }
    cs->subst_computed++;
    for (int round = 0;; round++) {
        if (round) {
            need = 0;
            any = false;
            for (uint32_t i = 0; i < l.n; i++) {
                bool e = elim[l.t[i].w];
                any |= e;
                need += e ? def[l.t[i].w].n : 1;
            }
        }
        if (rec) memo_round(m, l, base, cs->tv, def, elim);
        if (!any) return l;
        if (need > s->tcap) {
            s->tcap = 2 * need + 64;
            free(s->tmp);
            s->touched = realloc(s->touched, sizeof *s->touched * s->tcap);
            s->tmp = malloc(sizeof *s->tmp * s->tcap);
            if (!s->touched || !s->tmp) oom();
        }
        s->ntouched = 0;
        for (uint32_t i = 0; i < l.n; i++) {
            const cterm_t *t = &l.t[i];
            const fr_t *tc = cs_k(cs, t->k);
            wide_t c;
            if (!elim[t->w]) {
                wide_of(&c, tc);
                acc_add(s, t->w, &c);
                continue;
            }
            /* coefficients are mostly +-1: no multiplication for those */
            const cterm_t *d = cs->tv + def[t->w].off;
            for (uint32_t j = 0; j < def[t->w].n; j++) {
                uint32_t dk = d[j].k;
                if (t->k == CS_K_ONE) {
                    wide_of(&c, cs_k(cs, dk));
                } else if (dk == CS_K_ONE) {
                    wide_of(&c, tc);
                } else if (t->k == CS_K_MONE || dk == CS_K_MONE) {
                    fr_t x;
                    fr_neg(&x, t->k == CS_K_MONE ? cs_k(cs, dk) : tc);
                    wide_of(&c, &x);
                } else {
                    wide_mul(&c, cs_k(cs, dk), tc);
                }
                acc_add(s, d[j].w, &c);
            }
        }
        /* l may live in s->terms: it has been read completely above */
        sort_u32(s->touched, s->ntouched, s->tmp);
        s->terms = grow(s->terms, &s->cap, s->ntouched, sizeof *s->terms);
        uint32_t n = 0;
        for (size_t i = 0; i < s->ntouched; i++) {
            uint32_t w = s->touched[i];
            s->hit[w] = false;
            fr_t x;
            wide_redc(&x, &s->acc[w]);
            if (!fr_is_zero(&x)) s->terms[n++] = (cterm_t){w, coef(cs, &x)};
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

/* Reclaiming dead definitions (opt_run's elimination, whose definitions are
 * not handed back): rc[w] counts the occurrences of wire w in the live spans
 * of the store (constraints not yet dropped, and definitions still needed).
 * A definition is dead once its wire occurs nowhere (chains like the partial
 * sums of `acc += x[i]` leave most of them so: sgd P=2000 ends phase 1 with
 * 4.2M definition terms of which the kept constraints need 1.0M); its terms
 * stop counting, and the store is compacted when a quarter of it is dead. */
typedef struct {
    uint32_t *rc;
    size_t live; /* terms in live spans */
    uint32_t *stack;
    size_t cap;
} reclaim_t;

static void rc_sub(reclaim_t *r, clc_t l) {
    for (uint32_t i = 0; i < l.n; i++) r->rc[l.t[i].w]--;
}

static void rc_add(reclaim_t *r, clc_t l) {
    for (uint32_t i = 0; i < l.n; i++) r->rc[l.t[i].w]++;
}

/* After occurrences of the wires in l went away: frees the definitions of the
 * eliminated wires among them that no longer occur, and what that frees in
 * turn. */
static void rc_release(cs_t *cs, reclaim_t *r, memo_t *m, clc_t l, cspan_t *def, const bool *elim) {
    size_t sp = 0;
    for (uint32_t i = 0; i < l.n; i++) {
        uint32_t w = l.t[i].w;
        if (!elim[w] || r->rc[w]) continue;
        r->stack = grow(r->stack, &r->cap, sp + 1, sizeof *r->stack);
        r->stack[sp++] = w;
        r->rc[w] = UINT32_MAX; /* freed: never counted again */
    }
    while (sp) {
        uint32_t w = r->stack[--sp];
        const cterm_t *d = cs->tv + def[w].off;
        r->live -= def[w].n;
        for (uint32_t j = 0; j < def[w].n; j++) {
            uint32_t v = d[j].w;
            if (--r->rc[v] || !elim[v]) continue;
            r->stack = grow(r->stack, &r->cap, sp + 1, sizeof *r->stack);
            r->stack[sp++] = v;
            r->rc[v] = UINT32_MAX;
        }
        def[w].n = 0;
        memo_forget(m, w);
    }
}

typedef struct {
    uint32_t off, n;
    uint32_t *offp;
} span_ref_t;

/* Sorts s[0..n) by offset, stably: LSD radix sort through tmp (room for n),
 * 16-bit digits, as many passes as the largest offset needs. */
static void span_sort(span_ref_t *s, size_t n, span_ref_t *tmp) {
    uint32_t max = 0;
    for (size_t i = 0; i < n; i++) max |= s[i].off;
    size_t *cnt = malloc(sizeof *cnt * 65536);
    if (!cnt) oom();
    for (int sh = 0; sh < 32 && (max >> sh); sh += 16) {
        memset(cnt, 0, sizeof *cnt * 65536);
        for (size_t i = 0; i < n; i++) cnt[(s[i].off >> sh) & 65535]++;
        for (size_t i = 0, sum = 0; i < 65536; i++) {
            size_t c = cnt[i];
            cnt[i] = sum, sum += c;
        }
        for (size_t i = 0; i < n; i++) tmp[cnt[(s[i].off >> sh) & 65535]++] = s[i];
        memcpy(s, tmp, sizeof *s * n);
    }
    free(cnt);
}

/* Slides the live spans down in offset order: constraints [0, n1) and
 * [from, n2), and the live definitions of order[0..nelim). */
static void rc_compact(cs_t *cs, reclaim_t *r, size_t n1, size_t from, size_t n2, cspan_t *def,
                       const uint32_t *order, uint32_t nelim) {
    size_t n = n1 + (n2 - from) + nelim, k = 0;
    span_ref_t *s = malloc(sizeof *s * (n ? n : 1)), *tmp = malloc(sizeof *s * (n ? n : 1));
    if (!s || !tmp) oom();
    for (size_t i = 0; i < n2; i++) {
        if (i == n1) i = from;
        if (i >= n2) break;
        cons_t *c = &cs->cons[i];
        s[k++] = (span_ref_t){c->off, c->na + c->nb + c->nc, &c->off};
    }
    for (uint32_t i = 0; i < nelim; i++) {
        cspan_t *d = &def[order[i]];
        if (r->rc[order[i]] != UINT32_MAX) s[k++] = (span_ref_t){d->off, d->n, &d->off};
    }
    span_sort(s, k, tmp);
    free(tmp);
    size_t o = 0;
    for (size_t i = 0; i < k; i++) {
        if (s[i].n && s[i].off != o) memmove(cs->tv + o, cs->tv + s[i].off, sizeof *cs->tv * s[i].n);
        *s[i].offp = (uint32_t)o;
        o += s[i].n;
    }

    free(s);
    cs->ntv = o;
    r->live = o;
}

static bool rc_due(const cs_t *cs, const reclaim_t *r) {
    return cs->ntv - r->live > r->live / 4 + 4096;
}

bool opt_linear(cs_t *cs, int level, const bool *avoid, size_t *removed, cspan_t **defs, bool **elims) {
    cspan_t *def = calloc(cs->nwires, sizeof *def);
    bool *elim = calloc(cs->nwires, sizeof *elim);
    uint32_t *uses = calloc(cs->nwires, sizeof *uses);
    uint32_t *order = malloc(sizeof *order * (cs->nwires ? cs->nwires : 1));
    subst_t sc = {.acc = malloc(sizeof(wide_t) * (cs->nwires ? cs->nwires : 1)),
                  .hit = calloc(cs->nwires, sizeof(bool)),
                  .memo = {.slot = calloc((size_t)1 << MEMO_BITS, sizeof(memo_slot_t)),
                           .vblob = calloc((size_t)1 << MEMO_VBITS, sizeof(uint64_t)),
                           .off = cs->nwires >= MEMO_W0 || getenv("ZKC_NO_MEMO")}};
    if (!def || !elim || !uses || !order || !sc.acc || !sc.hit || !sc.memo.slot || !sc.memo.vblob) oom();
    for (size_t i = 0; i < cs->ncons; i++) {
        const cons_t *c = &cs->cons[i];
        const cterm_t *t = cs->tv + c->off;
        for (size_t j = 0, n = (size_t)c->na + c->nb + c->nc; j < n; j++) uses[t[j].w]++;
    }
    stage_t st = {0};
    uint32_t nelim = 0;
    size_t out = 0, runs[2] = {cs->ntv, 0}; /* where phase 1 and phase 2 start appending */
    bool ok = true;
    /* the definitions handed back must all stay */
    reclaim_t rcl = {0}, *re = NULL;
    if (!defs) {
        re = &rcl;
        re->rc = malloc(sizeof *re->rc * (cs->nwires ? cs->nwires : 1));
        if (!re->rc) oom();
        if (cs->nwires) memcpy(re->rc, uses, sizeof *re->rc * cs->nwires);
        re->live = cs->ntv;
    }
    for (size_t i = 0; i < cs->ncons; i++) {
        if (re && rc_due(cs, re)) rc_compact(cs, re, out, i, cs->ncons, def, order, nelim);
        cons_t c = cs->cons[i];
        if (!is_linear(&c)) {
            cs->cons[out++] = c;
            continue;
        }
        clc_t l0 = cs_lc(cs, &c, 2);
        clc_t v = subst(cs, &sc, l0, def, elim);
        if (re) {
            /* c's own terms go (the store keeps l0 until c is stored below) */
            rc_sub(re, l0);
            re->live -= l0.n;
            if (v.t != l0.t) rc_release(cs, re, &sc.memo, l0, def, elim);
        }
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
            if (re) rc_add(re, v), re->live += v.n;
            cspan_t sp = {c.off, c.nc};
            store_span(cs, &sp, v);
            c.off = sp.off, c.nc = sp.n;
            cs->cons[out++] = c;
            continue;
        }
        /* w = -(rest)/coef; the dropped constraint's own terms hold the
         * definition when they can */
        uint32_t w = v.t[piv].w, pk = v.t[piv].k;
        st.n = 0;
        st.t = grow(st.t, &st.cap, v.n, sizeof *st.t);
        if (pk == CS_K_MONE) {
            /* -w + rest = 0 (out <== acc): w = rest, the terms as they are
             * (a value has one pool index, so this is what scaling by 1 gives) */
            for (uint32_t t = 0; t < v.n; t++)
                if (t != (uint32_t)piv) st.t[st.n++] = v.t[t];
        } else if (pk == CS_K_ONE) {
            for (uint32_t t = 0; t < v.n; t++) {
                if (t == (uint32_t)piv) continue;
                uint32_t tk = v.t[t].k;
                fr_t x;
                if (tk == CS_K_ONE || tk == CS_K_MONE) {
                    st.t[st.n++] = (cterm_t){v.t[t].w, tk == CS_K_ONE ? CS_K_MONE : CS_K_ONE};
                    continue;
                }
                fr_neg(&x, cs_k(cs, tk));
                st.t[st.n++] = (cterm_t){v.t[t].w, coef(cs, &x)};
            }
        } else {
            fr_t inv;
            fr_inv_var(&inv, cs_k(cs, pk));
            fr_neg(&inv, &inv);
            for (uint32_t t = 0; t < v.n; t++) {
                if (t == (uint32_t)piv) continue;
                fr_t x;
                fr_mul(&x, cs_k(cs, v.t[t].k), &inv); /* inv != 0 */
                st.t[st.n++] = (cterm_t){v.t[t].w, coef(cs, &x)};
            }
        }
        cspan_t sp = {c.off, c.nc};
        store_span(cs, &sp, (clc_t){(uint32_t)st.n, st.t});
        if (re) {
            rc_add(re, (clc_t){(uint32_t)st.n, st.t});
            re->live += st.n;
        }
        def[w] = sp;
        memo_forget(&sc.memo, w);
        elim[w] = true;
        order[nelim++] = w;
        if (re && re->rc[w] == 0) { /* w occurs nowhere else: its definition is dead at once */
            cterm_t self = {w, CS_K_ONE};
            rc_release(cs, re, &sc.memo, (clc_t){1, &self}, def, elim);
        }
        (*removed)++;
    }
    if (ok) {
        /* resolve definitions last-first: a later one never mentions earlier eliminations */
        for (uint32_t i = nelim; i-- > 0;) {
            uint32_t w = order[i];
            if (re && re->rc[w] == UINT32_MAX) continue; /* freed */
            if (re && rc_due(cs, re)) rc_compact(cs, re, out, out, out, def, order, nelim);
            clc_t l0 = {def[w].n, cs->tv + def[w].off};
            clc_t v = subst(cs, &sc, l0, def, elim);
            if (re && v.t != l0.t) {
                rc_sub(re, l0);
                rc_add(re, v);
                re->live += v.n;
                re->live -= l0.n;
                rc_release(cs, re, &sc.memo, l0, def, elim);
            }
            store_span(cs, &def[w], v);
            memo_forget(&sc.memo, w);
        }
        /* now only the kept constraints' wires hold definitions: drop the
         * rest of the store before the constraints grow */
        if (re) rc_compact(cs, re, out, out, out, def, order, nelim);
        /* substituted constraints overwrite their terms when they fit, else
         * are appended (in constraint order: runs[1] starts that run) */
        runs[1] = cs->ntv;
        for (size_t i = 0; i < out; i++) {
            if (re && rc_due(cs, re)) rc_compact(cs, re, out, out, out, def, order, nelim);
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
            if (changed && re) {
                /* c's old terms go: definitions it held the last use of are freed */
                clc_t old = {c->na + c->nb + c->nc, cs->tv + c->off};
                rc_sub(re, old);
                rc_release(cs, re, &sc.memo, old, def, elim);
                re->live += st.n;
                re->live -= old.n;
            }
            if (changed) store_cons(cs, c, &st, len[0], len[1], len[2]);
        }
        cs->ncons = out;
        /* handed back, the definitions stay where they are (the caller moves them) */
        if (re) {
            for (uint32_t i = 0; i < nelim; i++) re->rc[order[i]] = UINT32_MAX;
            rc_compact(cs, re, out, out, out, def, order, nelim);
            if (cs->tvcap > 2 * cs->ntv + 1024) { /* give back most of the slack */
                cterm_t *t = realloc(cs->tv, sizeof *t * (cs->ntv + 1024));
                if (t) cs->tv = t, cs->tvcap = cs->ntv + 1024;
            }
        } else if (!defs) {
            cs_tv_compact(cs, NULL, 0, runs, 2);
        }
    }
    free(st.t);
    free(uses);
    free(rcl.rc);
    free(rcl.stack);
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
