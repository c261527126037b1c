/* zkc: linear combinations, the constraint system, the witness program
 * interpreter, and the iden3 .r1cs / .wtns and circom .sym writers.
 * Formats: iden3 r1csfile "r1cs_bin_format.md" (sections 1 header, 2 constraints,
 * 3 wire-to-label map) and iden3 wtns (version 2: section 1 header, section 2
 * values); field elements are 32-byte little-endian canonical (not Montgomery). */
#include "cs.h"

#include <assert.h>
#include <gmp.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- linear combinations ---- */

lc_t lc_const(arena_t *ar, const fr_t *c) {
    lc_t r = {.n = 0, .t = NULL};
    if (fr_is_zero(c)) return r;
    r.t = arena_alloc(ar, sizeof(term_t));
    r.n = 1;
    r.t[0].w = 0;
    r.t[0].c = *c;
    return r;
}

lc_t lc_wire(arena_t *ar, uint32_t w) {
    lc_t r = {.n = 1, .t = arena_alloc(ar, sizeof(term_t))};
    r.t[0].w = w;
    fr_set_one(&r.t[0].c);
    return r;
}

/* x = c * k (k NULL: 1), without multiplying when c is 1 (most terms). */
static inline void scale_coef(fr_t *x, const fr_t *c, const fr_t *k) {
    if (!k) *x = *c;
    else if (fr_is_one(c)) *x = *k;
    else fr_mul(x, c, k);
}

lc_t lc_add(arena_t *ar, const lc_t *a, const fr_t *ka, const lc_t *b, const fr_t *kb) {
    /* linear combinations are immutable (lc_append only writes past every
     * holder's end), so an unchanged operand is shared, not copied */
    if (ka && fr_is_one(ka)) ka = NULL;
    if (kb && fr_is_one(kb)) kb = NULL;
    if (b->n == 0 && !ka) return *a;
    if (a->n == 0 && !kb) return *b;
    uint32_t n = a->n + b->n;
    for (uint32_t i = 0, j = 0; i < a->n && j < b->n;) { /* common wires merge */
        if (a->t[i].w < b->t[j].w) i++;
        else if (b->t[j].w < a->t[i].w) j++;
        else i++, j++, n--;
    }
    lc_t r = {.n = 0, .t = n ? arena_alloc(ar, sizeof(term_t) * n) : NULL};
    uint32_t i = 0, j = 0;
    fr_t x, y;
    while (i < a->n || j < b->n) {
        uint32_t w;
        fr_set_zero(&x);
        if (j >= b->n || (i < a->n && a->t[i].w < b->t[j].w)) {
            w = a->t[i].w;
            scale_coef(&x, &a->t[i].c, ka);
            i++;
        } else if (i >= a->n || b->t[j].w < a->t[i].w) {
            w = b->t[j].w;
            scale_coef(&x, &b->t[j].c, kb);
            j++;
        } else {
            w = a->t[i].w;
            scale_coef(&x, &a->t[i].c, ka);
            scale_coef(&y, &b->t[j].c, kb);
            fr_add(&x, &x, &y);
            i++, j++;
        }
        if (!fr_is_zero(&x)) r.t[r.n++] = (term_t){w, x};
    }
    return r;
}

bool lc_append(arena_t *ar, lc_t *r, const lc_t *a, const lc_t *b, const fr_t *kb) {
    if (b->n == 0 || b->t[0].w == 0) return false;
    if (a->n && a->t[a->n - 1].w >= b->t[0].w) return false;
    lc_t x = *a;
    if (!(x.used && *x.used == x.n && x.n + b->n <= x.cap)) {
        uint32_t cap = 2 * (a->n + b->n) + 8;
        x.t = arena_alloc(ar, sizeof(term_t) * cap);
        if (a->n) memcpy(x.t, a->t, sizeof(term_t) * a->n);
        x.cap = cap;
        x.used = arena_alloc(ar, sizeof *x.used);
    }
    if (kb && fr_is_one(kb)) kb = NULL;
    for (uint32_t i = 0; i < b->n; i++) {
        term_t t = b->t[i];
        scale_coef(&t.c, &b->t[i].c, kb);
        x.t[x.n++] = t;
    }
    *x.used = x.n;
    *r = x;
    return true;
}

lc_t lc_scale(arena_t *ar, const lc_t *a, const fr_t *k) {
    lc_t z = {.n = 0, .t = NULL};
    if (fr_is_zero(k)) return z;
    return lc_add(ar, a, k, &z, NULL);
}

bool lc_is_const(const lc_t *a, fr_t *c) {
    if (a->n == 0) {
        if (c) fr_set_zero(c);
        return true;
    }
    if (a->n == 1 && a->t[0].w == 0) {
        if (c) *c = a->t[0].c;
        return true;
    }
    return false;
}

/* ---- the system ---- */

#define GROW(p, n, cap)                                                                            \
    do {                                                                                           \
        if ((n) >= (cap)) {                                                                        \
            (cap) = (cap) ? 2 * (cap) : 64;                                                        \
            void *np_ = realloc((p), sizeof *(p) * (cap));                                         \
            if (!np_) {                                                                            \
                fprintf(stderr, "zkc: out of memory\n");                                           \
                exit(2);                                                                           \
            }                                                                                      \
            (p) = np_;                                                                             \
        }                                                                                          \
    } while (0)

cs_t *cs_new(arena_t *ar) {
    cs_t *cs = arena_alloc(ar, sizeof *cs);
    cs->ar = ar;
    fr_t one, mone;
    fr_set_one(&one);
    fr_neg(&mone, &one);
    uint32_t k1 = cs_coef(cs, &one), km1 = cs_coef(cs, &mone);
    (void)k1, (void)km1;
    assert(k1 == CS_K_ONE && km1 == CS_K_MONE);
    return cs;
}

/* "[i][j]" of wire wr within its signal (row-major flat index), in buf. */
static const char *wire_index(const wire_t *wr, char buf[160]) {
    const cs_sig_t *s = wr->sig;
    uint32_t n = 1, rem = wr->idx;
    size_t p = 0;
    buf[0] = 0;
    for (int d = 0; d < s->ndim; d++) n *= (uint32_t)s->dims[d];
    for (int d = 0; d < s->ndim; d++) {
        n /= (uint32_t)s->dims[d];
        p += (size_t)snprintf(buf + p, 160 - p, "[%u]", rem / n);
        rem %= n;
    }
    return buf;
}

const char *cs_wire_name(const cs_t *cs, uint32_t w) {
    char idx[160];
    return arena_printf(cs->ar, "%s%s", cs->wires[w].sig->path, wire_index(&cs->wires[w], idx));
}

void cs_free(cs_t *cs) {
    if (!cs) return;
    free(cs->wires);
    free(cs->cons);
    free(cs->prog);
    free(cs->wlocs);
    free(cs->wlochash);
    cs->wlocs = NULL, cs->wlochash = NULL;
    free(cs->k);
    free(cs->khash);
    cs->khash = NULL;
    free(cs->inputs);
    free(cs->outputs);
    wprog_free(cs);
    free(cs->tv);
    free(cs->ck.v);
    free(cs->ck.hash);
    free(cs->locs);
    free(cs->lochash);
    cs->tv = NULL, cs->ck.v = NULL, cs->ck.hash = NULL, cs->locs = NULL, cs->lochash = NULL;
    cs->wires = NULL, cs->cons = NULL, cs->prog = NULL, cs->k = NULL;
    cs->inputs = cs->outputs = NULL, cs->loops = NULL;
}

static size_t k_hash(const fr_t *k, size_t mask) {
    uint64_t h = (k->l[0] ^ (k->l[1] * 0x9e3779b97f4a7c15ull) ^ (k->l[3] >> 7)) * 0xff51afd7ed558ccdull;
    return (size_t)(h ^ (h >> 29)) & mask;
}

static void *xcalloc(size_t n, size_t size) {
    void *p = calloc(n, size);
    if (!p) {
        fprintf(stderr, "zkc: out of memory\n");
        exit(2);
    }
    return p;
}

/* The open-addressing tables below hold index + 1 of each interned item (0 =
 * empty). Before an insertion: doubles *t (first size `first`) when n + 1
 * items would pass half load, rehashing items 0..n-1 by hash(ctx, i, mask). */
typedef size_t (*item_hash_fn)(const void *ctx, uint32_t i, size_t mask);
static void itab_reserve(uint32_t **t, size_t *cap, uint32_t n, size_t first, item_hash_fn hash,
                         const void *ctx) {
    if (2 * ((size_t)n + 1) <= *cap) return;
    size_t nc = *cap ? 2 * *cap : first;
    uint32_t *nt = xcalloc(nc, sizeof *nt);
    for (uint32_t i = 0; i < n; i++) {
        size_t h = hash(ctx, i, nc - 1);
        while (nt[h]) h = (h + 1) & (nc - 1);
        nt[h] = i + 1;
    }
    free(*t);
    *t = nt;
    *cap = nc;
}

static size_t kv_hash(const void *v, uint32_t i, size_t mask) { return k_hash((const fr_t *)v + i, mask); }

/* The index of k in the pool p, added when new (open addressing over the
 * values' hashes; the table doubles at half load). */
static uint32_t kpool_index(kpool_t *p, const fr_t *k) {
    itab_reserve(&p->hash, &p->hcap, p->n, 1024, kv_hash, p->v);
    size_t h = k_hash(k, p->hcap - 1);
    while (p->hash[h]) {
        if (fr_eq(&p->v[p->hash[h] - 1], k)) return p->hash[h] - 1;
        h = (h + 1) & (p->hcap - 1);
    }
    if (p->n == UINT32_MAX - 1) {
        fprintf(stderr, "zkc: too many distinct constants\n");
        exit(2);
    }
    fr_t kv = *k; /* k may point into p->v */
    GROW(p->v, p->n, p->cap);
    p->v[p->n] = kv;
    p->hash[h] = p->n + 1;
    return p->n++;
}

/* Constants are deduplicated: a loop that uses the same constant in every
 * iteration names one entry (stride 0), and a gadget instantiated again reuses
 * the entries of the first instance, so the table (and the generated C's K[])
 * stays as small as the set of distinct values. */
uint32_t cs_const(cs_t *cs, const fr_t *k) {
    kpool_t p = {cs->k, cs->nk, cs->kcap, cs->khash, cs->khcap};
    uint32_t i = kpool_index(&p, k);
    cs->k = p.v, cs->nk = p.n, cs->kcap = p.cap, cs->khash = p.hash, cs->khcap = p.hcap;
    return i;
}

static size_t ptr_hash(const void *p, size_t mask) {
    return (size_t)((uintptr_t)p * 0x9e3779b97f4a7c15ull >> 20) & mask;
}
static size_t wloc_hash(const void *v, uint32_t i, size_t mask) {
    return ptr_hash(((const loc_t *const *)v)[i], mask);
}

/* The index of loc in cs->wlocs (consecutive instructions mostly share one). */
static uint32_t wloc_index(cs_t *cs, const loc_t *loc) {
    if (cs->nwlocs && cs->wlocs[cs->nwlocs - 1] == loc) return cs->nwlocs - 1;
    itab_reserve(&cs->wlochash, &cs->wlhcap, cs->nwlocs, 256, wloc_hash, cs->wlocs);
    size_t h = ptr_hash(loc, cs->wlhcap - 1);
    for (; cs->wlochash[h]; h = (h + 1) & (cs->wlhcap - 1))
        if (cs->wlocs[cs->wlochash[h] - 1] == loc) return cs->wlochash[h] - 1;
    GROW(cs->wlocs, cs->nwlocs, cs->wloccap);
    cs->wlocs[cs->nwlocs] = loc;
    cs->wlochash[h] = cs->nwlocs + 1;
    return cs->nwlocs++;
}

void cs_emit(cs_t *cs, wop_t op, uint32_t d, uint32_t a, uint32_t b, uint32_t c,
             const loc_t *loc) {
    GROW(cs->prog, cs->nphys, cs->pcap);
    cs->prog[cs->nphys++] = (winst_t){(uint8_t)op, d, a, b, c, wloc_index(cs, loc)};
    cs->nprog++;
}

/* ---- the stored constraint system ---- */

uint32_t cs_coef(cs_t *cs, const fr_t *k) { return kpool_index(&cs->ck, k); }

static size_t loc_hash(loc_t l, size_t mask) {
    uint64_t h = ((uint64_t)(uintptr_t)l.file * 0x9e3779b97f4a7c15ull) ^
                 ((uint64_t)(uint32_t)l.line << 20) ^ (uint64_t)(uint32_t)l.col;
    h *= 0xff51afd7ed558ccdull;
    return (size_t)(h ^ (h >> 31)) & mask;
}

static bool loc_same(loc_t a, loc_t b) { return a.file == b.file && a.line == b.line && a.col == b.col; }

static size_t locs_hash(const void *v, uint32_t i, size_t mask) { return loc_hash(((const loc_t *)v)[i], mask); }

uint32_t cs_loc_id(cs_t *cs, loc_t loc) {
    itab_reserve(&cs->lochash, &cs->lochcap, cs->nlocs, 256, locs_hash, cs->locs);
    size_t h = loc_hash(loc, cs->lochcap - 1);
    while (cs->lochash[h]) {
        if (loc_same(cs->locs[cs->lochash[h] - 1], loc)) return cs->lochash[h] - 1;
        h = (h + 1) & (cs->lochcap - 1);
    }
    GROW(cs->locs, cs->nlocs, cs->loccap);
    cs->locs[cs->nlocs] = loc;
    cs->lochash[h] = cs->nlocs + 1;
    return cs->nlocs++;
}

uint32_t cs_tv_alloc(cs_t *cs, size_t n) {
    if (cs->ntv + n > UINT32_MAX) {
        fprintf(stderr, "zkc: too many terms in the constraint system\n");
        exit(2);
    }
    if (cs->ntv + n > cs->tvcap) {
        /* 1.5x: the store is the largest array of a big compile */
        size_t cap = cs->tvcap + cs->tvcap / 2 + n + 1024;
        if (cap > UINT32_MAX) cap = UINT32_MAX;
        cterm_t *t = realloc(cs->tv, sizeof *t * cap);
        if (!t) {
            fprintf(stderr, "zkc: out of memory\n");
            exit(2);
        }
        cs->tv = t;
        cs->tvcap = cap;
    }
    uint32_t off = (uint32_t)cs->ntv;
    cs->ntv += n;
    if (cs->ntv > cs->tv_peak) cs->tv_peak = cs->ntv;
    return off;
}

void cs_print_mem(const cs_t *cs, FILE *f) {
    fprintf(f, "cs_terms\t%zu\t(most held: %zu, %zu bytes)\n", cs->ntv, cs->tv_peak,
            cs->tv_peak * sizeof(cterm_t));
    fprintf(f, "cs_cons_bytes\t%zu\n", cs->ncons * sizeof(cons_t));
    fprintf(f, "cs_coefficients\t%u\ncs_locations\t%u\n", cs->ck.n, cs->nlocs);
}

/* The live spans of run r (offsets in [lo, hi)), in the order given
 * (constraints, then keep): calls f on each, or checks they lie at increasing
 * offsets. Returns false when they do not. */
typedef struct {
    size_t lo, hi, o; /* run bounds; o: next free offset while sliding */
    cterm_t *dst;     /* NULL: only check */
} run_t;

static bool run_span(cs_t *cs, run_t *r, uint32_t *off, size_t n, size_t *last) {
    if (!n || *off < r->lo || *off >= r->hi) return true;
    if (!r->dst) {
        if (*off < *last || *off + n > r->hi) return false;
        *last = *off + n;
        return true;
    }
    if (r->dst != cs->tv || *off != r->o) memmove(r->dst + r->o, cs->tv + *off, sizeof *r->dst * n);
    *off = (uint32_t)r->o;
    r->o += n;
    return true;
}

static bool run_all(cs_t *cs, run_t *r, cspan_t *keep, size_t nkeep) {
    size_t last = r->lo;
    for (size_t i = 0; i < cs->ncons; i++) {
        cons_t *c = &cs->cons[i];
        if (!run_span(cs, r, &c->off, (size_t)c->na + c->nb + c->nc, &last)) return false;
    }
    for (size_t i = 0; i < nkeep; i++)
        if (!run_span(cs, r, &keep[i].off, keep[i].n, &last)) return false;
    return true;
}

/* Live spans slide down in offset order: the passes rewrite in place or
 * append in constraint order, so the spans of each run (the store before the
 * pass, then what each of its phases appended; runs[] are the boundaries) lie
 * at increasing offsets in constraint order. When they do not, the live
 * spans are copied into a new store. */
void cs_tv_compact(cs_t *cs, cspan_t *keep, size_t nkeep, const size_t *runs, size_t nruns) {
    size_t live = 0;
    for (size_t i = 0; i < cs->ncons; i++) live += (size_t)cs->cons[i].na + cs->cons[i].nb + cs->cons[i].nc;
    for (size_t i = 0; i < nkeep; i++) live += keep[i].n;
    if (live == cs->ntv) return;
    bool mono = true;
    for (size_t r = 0; r <= nruns && mono; r++) {
        run_t ru = {r ? runs[r - 1] : 0, r < nruns ? runs[r] : SIZE_MAX, 0, NULL};
        mono = run_all(cs, &ru, keep, nkeep);
    }
    cterm_t *dst = mono ? cs->tv : malloc(sizeof *dst * (live ? live : 1));
    if (!dst) {
        fprintf(stderr, "zkc: out of memory\n");
        exit(2);
    }
    size_t o = 0;
    for (size_t r = 0; r <= (mono ? nruns : 0); r++) {
        run_t ru = {mono && r ? runs[r - 1] : 0, mono && r < nruns ? runs[r] : SIZE_MAX, o, dst};
        run_all(cs, &ru, keep, nkeep);
        o = ru.o;
    }
    if (!mono) {
        free(cs->tv);
        cs->tv = dst;
        cs->tvcap = live ? live : 1;
    } else if (cs->tvcap > 2 * live + 1024) { /* give back most of the slack */
        cterm_t *t = realloc(cs->tv, sizeof *t * (live + 1024));
        if (t) cs->tv = t, cs->tvcap = live + 1024;
    }
    cs->ntv = live;
}

static void store_lc(cs_t *cs, cterm_t *dst, const lc_t *l) {
    for (uint32_t i = 0; i < l->n; i++) {
        const fr_t *c = &l->t[i].c;
        uint32_t k = fr_is_one(c) ? CS_K_ONE : cs_coef(cs, c);
        dst[i] = (cterm_t){l->t[i].w, k};
    }
}

void cs_add_cons(cs_t *cs, lc_t a, lc_t b, lc_t c, loc_t loc) {
    GROW(cs->cons, cs->ncons, cs->ccap);
    uint32_t off = cs_tv_alloc(cs, (size_t)a.n + b.n + c.n);
    store_lc(cs, cs->tv + off, &a);
    store_lc(cs, cs->tv + off + a.n, &b);
    store_lc(cs, cs->tv + off + a.n + b.n, &c);
    cs->cons[cs->ncons++] = (cons_t){off, a.n, b.n, c.n, cs_loc_id(cs, loc)};
}

void clc_eval(fr_t *r, const cs_t *cs, clc_t l, const fr_t *w) {
    fr_t acc, t;
    fr_set_zero(&acc);
    for (uint32_t i = 0; i < l.n; i++) {
        if (l.t[i].k == CS_K_ONE) {
            fr_add(&acc, &acc, &w[l.t[i].w]);
            continue;
        }
        fr_mul(&t, cs_k(cs, l.t[i].k), &w[l.t[i].w]);
        fr_add(&acc, &acc, &t);
    }
    *r = acc;
}

/* ---- the witness program interpreter ---- */

static void to_int(mp_limb_t v[4], const fr_t *a) {
    uint64_t l[4];
    fr_to_limbs(l, a);
    for (int i = 0; i < 4; i++) v[i] = (mp_limb_t)l[i];
}

static void from_int(fr_t *r, const mp_limb_t v[4]) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++) b[i] = (uint8_t)(v[i / 8] >> (8 * (i % 8)));
    fr_reduce_bytes_le(r, b);
}

static int int_cmp(const fr_t *a, const fr_t *b) {
    mp_limb_t x[4], y[4];
    to_int(x, a);
    to_int(y, b);
    return mpn_cmp(x, y, 4);
}

static size_t int_len(const mp_limb_t v[4]) {
    size_t n = 4;
    while (n > 0 && v[n - 1] == 0) n--;
    return n;
}

static bool int_divmod(fr_t *q, fr_t *rem, const fr_t *a, const fr_t *b) {
    mp_limb_t x[4], y[4], qq[4] = {0}, rr[4] = {0};
    to_int(x, a);
    to_int(y, b);
    size_t dn = int_len(y), nn = int_len(x);
    if (dn == 0) return false;
    if (nn < dn) {
        memcpy(rr, x, sizeof rr);
    } else {
        mpn_tdiv_qr(qq, rr, 0, x, (mp_size_t)nn, y, (mp_size_t)dn);
    }
    if (q) from_int(q, qq);
    if (rem) from_int(rem, rr);
    return true;
}

static void int_shr(fr_t *r, const fr_t *a, const fr_t *b) {
    mp_limb_t x[4], s[4], out[4] = {0};
    to_int(x, a);
    to_int(s, b);
    if (s[1] | s[2] | s[3] || s[0] >= 256) {
        fr_set_zero(r);
        return;
    }
    unsigned k = (unsigned)s[0], lw = k / 64, bits = k % 64;
    for (unsigned i = 0; i + lw < 4; i++) {
        out[i] = x[i + lw] >> bits;
        if (bits && i + lw + 1 < 4) out[i] |= x[i + lw + 1] << (64 - bits);
    }
    from_int(r, out);
}

static void int_bitop(fr_t *r, const fr_t *a, const fr_t *b, int op) {
    mp_limb_t x[4], y[4];
    to_int(x, a);
    to_int(y, b);
    for (int i = 0; i < 4; i++) x[i] = op == '&' ? x[i] & y[i] : op == '|' ? x[i] | y[i] : x[i] ^ y[i];
    from_int(r, x);
}

static void set_bool(fr_t *r, bool v) {
    if (v) fr_set_one(r); else fr_set_zero(r);
}

bool cs_exec1(const cs_t *cs, fr_t *s, const winst_t *in, const loc_t *loc) {
    {
        fr_t *d = &s[in->d];
        const fr_t *a = &s[in->a], *b = &s[in->b];
        switch ((wop_t)in->op) {
        case OP_CONST: *d = cs->k[in->a]; break;
        case OP_COPY: *d = *a; break;
        case OP_ADD: fr_add(d, a, b); break;
        case OP_SUB: fr_sub(d, a, b); break;
        case OP_MUL: fr_mul(d, a, b); break;
        case OP_NEG: fr_neg(d, a); break;
        case OP_MULK: fr_mul(d, a, &cs->k[in->b]); break;
        case OP_ADDK: fr_add(d, a, &cs->k[in->b]); break;
        case OP_INV: fr_inv_var(d, a); break;
        case OP_DIV: {
            if (fr_is_zero(b)) {
                diag_error(*loc, "division by zero while computing the witness");
                return false;
            }
            fr_t t;
            fr_inv_var(&t, b);
            fr_mul(d, a, &t);
            break;
        }
        case OP_IDIV:
        case OP_IMOD: {
            fr_t q, r;
            if (!int_divmod(&q, &r, a, b)) {
                diag_error(*loc, "integer division by zero while computing the witness");
                return false;
            }
            *d = in->op == OP_IDIV ? q : r;
            break;
        }
        case OP_SHR: int_shr(d, a, b); break;
        case OP_SHL: {
            uint64_t e[4];
            fr_t two, p;
            fr_to_limbs(e, b);
            fr_set_u64(&two, 2);
            fr_pow(&p, &two, e, 4);
            fr_mul(d, a, &p);
            break;
        }
        case OP_BAND: int_bitop(d, a, b, '&'); break;
        case OP_BOR: int_bitop(d, a, b, '|'); break;
        case OP_BXOR: int_bitop(d, a, b, '^'); break;
        case OP_LT: set_bool(d, int_cmp(a, b) < 0); break;
        case OP_LE: set_bool(d, int_cmp(a, b) <= 0); break;
        case OP_GT: set_bool(d, int_cmp(a, b) > 0); break;
        case OP_GE: set_bool(d, int_cmp(a, b) >= 0); break;
        case OP_EQ: set_bool(d, fr_eq(a, b)); break;
        case OP_NE: set_bool(d, !fr_eq(a, b)); break;
        case OP_LAND: set_bool(d, !fr_is_zero(a) && !fr_is_zero(b)); break;
        case OP_LOR: set_bool(d, !fr_is_zero(a) || !fr_is_zero(b)); break;
        case OP_LNOT: set_bool(d, fr_is_zero(a)); break;
        case OP_SEL: *d = !fr_is_zero(a) ? *b : s[in->c]; break;
        case OP__COUNT: break;
        }
    }
    return true;
}

bool cs_run(const cs_t *cs, fr_t *s) {
    for (size_t i = 0; i < cs->nphys; i++)
        if (!cs_exec1(cs, s, &cs->prog[i], cs->wlocs[cs->prog[i].loc])) return false;
    return true;
}

long cs_check(const cs_t *cs, const fr_t *w) {
    for (size_t i = 0; i < cs->ncons; i++) {
        fr_t a, b, c;
        clc_eval(&a, cs, cs_lc(cs, &cs->cons[i], 0), w);
        clc_eval(&b, cs, cs_lc(cs, &cs->cons[i], 1), w);
        clc_eval(&c, cs, cs_lc(cs, &cs->cons[i], 2), w);
        fr_mul(&a, &a, &b);
        if (!fr_eq(&a, &c)) return (long)i;
    }
    return -1;
}

/* ---- input.json ---- */

/* A field element from a JSON integer or a decimal/hex string, negatives mod r. */
static bool json_fr(fr_t *r, json_t *v) {
    mpz_t z;
    mpz_init(z);
    bool ok = true;
    if (json_is_integer(v)) {
        mpz_set_si(z, (long)json_integer_value(v));
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        int neg = s[0] == '-';
        const char *p = s + neg;
        int base = 10;
        if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) base = 16, p += 2;
        ok = *p && mpz_set_str(z, p, base) == 0;
        if (neg) mpz_neg(z, z);
    } else {
        ok = false;
    }
    if (ok) {
        mpz_t m;
        mpz_init(m);
        mpz_import(m, 4, -1, 8, 0, 0, fr_modulus);
        mpz_mod(z, z, m);
        char dec[ZKP_DEC_MAX + 8];
        mpz_get_str(dec, 10, z);
        ok = fr_from_dec(r, dec) == ZKP_OK;
        mpz_clear(m);
    }
    mpz_clear(z);
    return ok;
}

static int json_flatten(json_t *v, fr_t *out, uint32_t *k, uint32_t n) {
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            int e = json_flatten(json_array_get(v, i), out, k, n);
            if (e) return e;
        }
        return 0;
    }
    if (*k >= n) return 1; /* too many */
    if (!json_fr(&out[*k], v)) return 2;
    (*k)++;
    return 0;
}

bool cs_read_inputs(const cs_t *cs, fr_t *slots, const char *path) {
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) {
        fprintf(stderr, "%s:%d:%d: error: invalid JSON: %s\n", path, jerr.line, jerr.column, jerr.text);
        return false;
    }
    bool ok = true;
    if (!json_is_object(root)) {
        fprintf(stderr, "%s: error: the top level must be an object\n", path);
        json_decref(root);
        return false;
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        int found = 0;
        for (int i = 0; i < cs->ninputs; i++) found |= strcmp(cs->inputs[i].name, key) == 0;
        if (!found) {
            fprintf(stderr, "%s: error: unknown input '%s'\n", path, key);
            ok = false;
        }
    }
    for (int i = 0; i < cs->ninputs; i++) {
        const struct cs_input *in = &cs->inputs[i];
        v = json_object_get(root, in->name);
        if (!v) {
            fprintf(stderr, "%s: error: missing input '%s'\n", path, in->name);
            ok = false;
            continue;
        }
        uint32_t k = 0;
        int e = json_flatten(v, &slots[in->wire], &k, in->n);
        if (e == 2) {
            fprintf(stderr, "%s: error: input '%s': values must be integers or decimal strings\n",
                    path, in->name);
            ok = false;
        } else if (e == 1 || k != in->n) {
            fprintf(stderr, "%s: error: input '%s' needs %u values, got %s%u\n", path, in->name,
                    in->n, e == 1 ? "more than " : "", e == 1 ? in->n : k);
            ok = false;
        }
    }
    json_decref(root);
    return ok;
}

/* ---- writers ---- */

static void put_u32(FILE *f, uint32_t v) {
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    fwrite(b, 1, 4, f);
}
static void le32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}
static void put_u64(FILE *f, uint64_t v) {
    put_u32(f, (uint32_t)v);
    put_u32(f, (uint32_t)(v >> 32));
}
static void put_fr(FILE *f, const fr_t *a) {
    uint8_t b[32];
    fr_to_bytes_le(b, a);
    fwrite(b, 1, 32, f);
}
static void put_prime(FILE *f) {
    for (int i = 0; i < 4; i++) put_u64(f, fr_modulus[i]);
}

static uint32_t final_wire(const cs_t *cs, uint32_t label) {
    return cs->label_wire ? (uint32_t)cs->label_wire[label] : label;
}
static uint32_t final_count(const cs_t *cs) { return cs->label_wire ? cs->nfinal : cs->nwires; }

/* One linear combination, encoded in a stack buffer and written in a few
 * fwrite calls; kb holds each pool coefficient's 32 bytes (little-endian,
 * canonical), converted once. */
static void put_lc(FILE *f, const cs_t *cs, clc_t l, const uint8_t *kb) {
    uint8_t buf[36 * 64];
    size_t k = 0;
    put_u32(f, l.n);
    for (uint32_t i = 0; i < l.n; i++) {
        le32(buf + k, final_wire(cs, l.t[i].w));
        memcpy(buf + k + 4, kb + (size_t)32 * l.t[i].k, 32);
        k += 36;
        if (k == sizeof buf || i + 1 == l.n) {
            fwrite(buf, 1, k, f);
            k = 0;
        }
    }
}

static int close_file(FILE *f, const char *path) {
    if (ferror(f) | (fclose(f) != 0)) {
        fprintf(stderr, "zkc: error: cannot write '%s'\n", path);
        return -1;
    }
    return 0;
}

int cs_write_r1cs(const cs_t *cs, const char *path) {
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "zkc: error: cannot create '%s'\n", path);
        return -1;
    }
    setvbuf(f, NULL, _IOFBF, 1 << 20); /* hundreds of MB: fewer, larger writes */
    uint32_t nw = final_count(cs);
    fwrite("r1cs", 1, 4, f);
    put_u32(f, 1); /* version */
    put_u32(f, 3); /* sections */
    /* 1: header */
    put_u32(f, 1);
    put_u64(f, 4 + 32 + 4 * 4 + 8 + 4);
    put_u32(f, 32);
    put_prime(f);
    put_u32(f, nw);
    put_u32(f, cs->nout);
    put_u32(f, cs->npub);
    put_u32(f, cs->nprv);
    put_u64(f, cs->nwires); /* labels: every signal the source declared, plus one */
    put_u32(f, (uint32_t)cs->ncons);
    /* 2: constraints */
    uint64_t size = 0;
    for (size_t i = 0; i < cs->ncons; i++)
        size += 12 + 36 * ((uint64_t)cs->cons[i].na + cs->cons[i].nb + cs->cons[i].nc);
    put_u32(f, 2);
    put_u64(f, size);
    uint8_t *kb = malloc((size_t)32 * (cs->ck.n ? cs->ck.n : 1));
    if (!kb) {
        fclose(f);
        fprintf(stderr, "zkc: out of memory\n");
        return -1;
    }
    for (uint32_t i = 0; i < cs->ck.n; i++) fr_to_bytes_le(kb + (size_t)32 * i, &cs->ck.v[i]);
    for (size_t i = 0; i < cs->ncons; i++)
        for (int j = 0; j < 3; j++) put_lc(f, cs, cs_lc(cs, &cs->cons[i], j), kb);
    free(kb);
    /* 3: wire -> label */
    put_u32(f, 3);
    put_u64(f, (uint64_t)nw * 8);
    for (uint32_t l = 0; l < cs->nwires; l++)
        if (!cs->label_wire || cs->label_wire[l] >= 0) put_u64(f, l);
    return close_file(f, path);
}

int cs_write_sym(const cs_t *cs, const char *path) {
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "zkc: error: cannot create '%s'\n", path);
        return -1;
    }
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    char idx[160];
    for (uint32_t l = 1; l < cs->nwires; l++) {
        const wire_t *wr = &cs->wires[l];
        fprintf(f, "%u,%d,%d,%s%s\n", l, cs->label_wire ? cs->label_wire[l] : (int)l,
                wr->sig->comp, wr->sig->path, wire_index(wr, idx));
    }
    return close_file(f, path);
}

int cs_write_wtns(const cs_t *cs, const fr_t *w, const char *path) {
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "zkc: error: cannot create '%s'\n", path);
        return -1;
    }
    uint32_t nw = final_count(cs);
    fwrite("wtns", 1, 4, f);
    put_u32(f, 2); /* version */
    put_u32(f, 2); /* sections */
    put_u32(f, 1);
    put_u64(f, 4 + 32 + 4);
    put_u32(f, 32);
    put_prime(f);
    put_u32(f, nw);
    put_u32(f, 2);
    put_u64(f, (uint64_t)nw * 32);
    for (uint32_t l = 0; l < cs->nwires; l++)
        if (!cs->label_wire || cs->label_wire[l] >= 0) put_fr(f, &w[l]);
    return close_file(f, path);
}
