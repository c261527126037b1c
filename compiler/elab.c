/* zkc: elaboration (see elab.h). Compile-time values are GMP integers of any
 * size; signal expressions are linear combinations (LIN) or one product of two
 * linear combinations plus a linear one (QUAD); hint expressions become witness
 * slots (WIT) computed by the witness program. Every error is reported with its
 * location and elaboration goes on, so that one run shows several errors. */
#include "elab.h"

#include <gmp.h>
#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "parse.h"
#include <zkpot/poseidon.h>

#define MAXDIM 8
#define TEMP 0x80000000u  /* slot numbers of temporaries during elaboration */
#define MAX_DEPTH 200     /* gadget instantiation depth */
#define MAX_SCOPES 1000   /* scratch scopes (gadget instances, loop iterations) */
#define MAX_WIRES 0x7ffffff0u

typedef enum { V_INT, V_LIN, V_QUAD, V_WIT, V_ARR, V_TUPLE, V_NONE } vkind;

/* Values are immutable once built (arrays only through var_elem on a deep
 * copy), so one value may be shared: the value of a scalar wire is built once
 * (E.wval). The fields of the kinds overlap (80 bytes, not 112). */
typedef struct val {
    uint8_t k;      /* vkind */
    uint16_t depth; /* scope depth of the scratch region it lives in (0 also: permanent) */
    uint32_t slot; /* V_WIT, or a cached slot of LIN/QUAD; UINT32_MAX if none */
    union {
        mpz_t z;   /* V_INT */
        struct {
            int n; /* V_ARR / V_TUPLE: number of elements */
            struct val **el;
        };
        struct {
            lc_t a, b; /* V_QUAD: a*b + c */
        };
        struct {
            fr_t kc;  /* V_LIN with hkc: the value is c + kc, c has no constant */
            bool hkc; /* (sym_add keeps a sum's constant aside, v_fold adds it) */
        };
    };
    lc_t c;        /* V_LIN, V_QUAD */
} val_t;

typedef struct {
    const char *name; /* source name */
    const char *path; /* "main.g_1.x" */
    int kind;         /* sig_kind */
    int ndim, dims[MAXDIM];
    uint32_t base, n;
    loc_t loc;
    const ast_t *decl;
} sig_t;

typedef enum { B_VAR, B_SIG, B_GADGET } bkind;

typedef struct {
    const char *name;
    uint32_t h; /* name_hash(name) */
    bkind kind;
    val_t *v;
    sig_t *sig;
    const ast_t *g;
    bool is_param; /* a global `param` (not assignable) */
} bind_t;

typedef struct {
    arena_t *ar;  /* permanent: the compilation's arena (signals, constraints, caches) */
    arena_t *tmp; /* scratch: values and their linear combinations; each gadget
                   * instance releases what it allocated when it returns */
    /* scratch scopes: gadget instances and loop iterations (MAX_SCOPES deep) */
    uint32_t scope_id[MAX_SCOPES + 2]; /* per depth, the scope now running there */
    uint32_t nscopes;
    cs_t *cs;
    const elab_opts_t *o;
    bind_t *b;
    int nb, cap, nglobal, fbase, sbase;
    bool *assigned;
    val_t **small; /* v_small's table */
    val_t **wval; /* per wire: its value as a signal expression, once built */
    struct matc {
        const term_t *t;
        uint32_t n, slot;
        uint32_t depth, id; /* the scope holding the terms (entry dead once it returned) */
    } *mc; /* mat_lc's cache (open addressing) */
    size_t nmc, mccap;
    struct kcache {
        const fr_t *k;
        val_t *v;
    } *kc; /* v_const's cache */
    size_t nkc, kccap;
    uint32_t acap;
    uint32_t ntemps;
    const char *path; /* instance path */
    int comp, ncomp, depth, gdepth; /* depth: scratch scopes; gdepth: gadget instances */
    bool in_main; /* elaborating main's top-level statements */
    const loc_t *cur; /* statement being elaborated (witness instructions point here) */
    sig_t **sigs;
    int nsigs, sigcap;
    mpz_t r;
    /* loaded files */
    const char **files;
    int nfiles;
    bool *def_used;
} E;

static val_t *elab_expr(E *e, const ast_t *x, bool hint);
static void elab_stmt(E *e, const ast_t *s);
static void elab_block(E *e, const ast_t *list);

/* ---- values ---- */

/* A value in the current gadget instance's scratch region. */
static val_t *v_new(E *e, vkind k) {
    val_t *v = arena_alloc(e->tmp, sizeof *v);
    v->k = (uint8_t)k;
    v->depth = (uint16_t)e->depth;
    v->slot = UINT32_MAX;
    if (k == V_INT) mpz_init(v->z);
    return v;
}

/* A value that outlives every gadget instance (caches that are keyed by
 * something permanent: small integers, literals, wires, table constants).
 * GMP allocates in the scratch arena during elaboration: set the integer of
 * such a value between perm_gmp(e, true) and perm_gmp(e, false). */
static val_t *v_perm(E *e, vkind k) {
    val_t *v = arena_alloc(e->ar, sizeof *v);
    v->k = (uint8_t)k;
    v->slot = UINT32_MAX;
    if (k == V_INT) mpz_init(v->z);
    return v;
}

static void perm_gmp(E *e, bool on) { arena_gmp_switch(on ? e->ar : e->tmp); }

/* The arena for something cached inside value v: v's own region when v belongs
 * to the running instance, else the permanent one (v outlives the instance). */
static arena_t *v_arena(E *e, const val_t *v) { return v->depth == e->depth ? e->tmp : e->ar; }

/* Integers 0 <= x < SMALL_INTS are built once and shared (loop counters and
 * index arithmetic would otherwise allocate a value per iteration). */
#define SMALL_INTS (1u << 20)

static val_t *v_small(E *e, unsigned long x) {
    if (!e->small) {
        e->small = calloc(SMALL_INTS, sizeof *e->small);
        if (!e->small) diag_oom();
    }
    if (!e->small[x]) {
        val_t *v = v_perm(e, V_INT);
        perm_gmp(e, true);
        mpz_set_ui(v->z, x);
        perm_gmp(e, false);
        e->small[x] = v;
    }
    return e->small[x];
}

/* A value equal to z (shared when small). */
static val_t *v_int_z(E *e, const mpz_t z) {
    if (mpz_sgn(z) >= 0 && mpz_cmp_ui(z, SMALL_INTS) < 0) return v_small(e, mpz_get_ui(z));
    val_t *v = v_new(e, V_INT);
    mpz_set(v->z, z);
    return v;
}

static val_t *v_int_si(E *e, long x) {
    if (x >= 0 && x < (long)SMALL_INTS) return v_small(e, (unsigned long)x);
    val_t *v = v_new(e, V_INT);
    mpz_set_si(v->z, x);
    return v;
}

/* Recent conversions (direct-mapped on the limbs): the same constants come
 * back in every gadget instance (Poseidon's, 2^i), and the Montgomery
 * conversion was 1.5-1.8% of sgd P=5700's compile. Field constants, so one
 * table serves every compilation of the process. */
static struct zfc {
    uint64_t l[4];
    fr_t f;
    bool ok;
} zfc[4096];

static void z_to_fr(E *e, fr_t *r, const mpz_t z) {
    uint64_t l[4] = {0};
    if (mpz_sgn(z) >= 0 && mpz_cmp(z, e->r) < 0 && GMP_NUMB_BITS == 64) {
        /* already reduced (the usual case): its limbs, with no temporary */
        for (size_t i = 0, n = mpz_size(z); i < n; i++) l[i] = mpz_getlimbn(z, (mp_size_t)i);
    } else {
        mpz_t t;
        mpz_init(t);
        mpz_mod(t, z, e->r);
        mpz_export(l, NULL, -1, 8, 0, 0, t);
    }
    uint64_t h = (l[0] ^ (l[1] * 0x9e3779b97f4a7c15ull) ^ l[2] ^ (l[3] * 0xff51afd7ed558ccdull)) *
                 0xc4ceb9fe1a85ec53ull;
    struct zfc *c = &zfc[h >> 52];
    if (c->ok && !memcmp(c->l, l, sizeof l)) {
        *r = c->f;
        return;
    }
    if (fr_from_limbs(r, l) != ZKP_OK) abort(); /* t < r by construction */
    memcpy(c->l, l, sizeof l);
    c->f = *r;
    c->ok = true;
}

/* Puts the constant that sym_add kept aside into v->c (once; v's value is
 * unchanged). Every reader of a LIN value's c calls this first. */
static void v_fold(E *e, val_t *v) {
    if (v->k != V_LIN || !v->hkc) return;
    arena_t *ar = v_arena(e, v);
    lc_t k = lc_const(ar, &v->kc);
    v->c = lc_add(ar, &k, NULL, &v->c, NULL);
    v->hkc = false;
}

/* The linear combination of an INT or LIN value. A value of an outer scope
 * is not folded in place (that would allocate in the compilation's arena for
 * every read from an inner scope): its folded form is built in scratch. */
static lc_t v_lc(E *e, val_t *v) {
    if (v->k == V_LIN && v->hkc && v->depth != e->depth) {
        lc_t k = lc_const(e->tmp, &v->kc);
        return lc_add(e->tmp, &k, NULL, &v->c, NULL);
    }
    v_fold(e, v);
    if (v->k == V_INT) {
        fr_t c;
        z_to_fr(e, &c, v->z);
        return lc_const(e->tmp, &c);
    }
    return v->c;
}

static val_t *v_lin(E *e, lc_t c) {
    val_t *v = v_new(e, V_LIN);
    v->c = c;
    return v;
}

static const char *kind_name(vkind k) {
    switch (k) {
    case V_INT: return "a compile-time integer";
    case V_LIN: case V_QUAD: return "a signal expression";
    case V_WIT: return "a hint value";
    case V_ARR: return "an array";
    case V_TUPLE: return "several gadget outputs";
    default: return "nothing";
    }
}

static int v_shape(const val_t *v, int *dims) {
    int nd = 0;
    while (v->k == V_ARR && nd < MAXDIM) {
        dims[nd++] = v->n;
        if (v->n == 0) break;
        v = v->el[0];
    }
    return nd;
}

static char *shape_str(E *e, const int *dims, int nd) {
    char buf[256] = "";
    size_t p = 0;
    if (nd == 0) return arena_strdup(e->ar, "a scalar");
    for (int i = 0; i < nd && p < sizeof buf - 24; i++)
        p += (size_t)snprintf(buf + p, sizeof buf - p, "[%d]", dims[i]);
    return arena_strdup(e->ar, buf);
}

/* ---- witness slots ---- */

static uint32_t tmp(E *e) { return TEMP | e->ntemps++; }

static void emit(E *e, wop_t op, uint32_t d, uint32_t a, uint32_t b, uint32_t c) {
    cs_emit(e->cs, op, d, a, b, c, e->cur);
}

static const char *wire_name(E *e, uint32_t w) { return cs_wire_name(e->cs, w); }

static bool check_assigned(E *e, const lc_t *l, loc_t loc) {
    for (uint32_t i = 0; i < l->n; i++) {
        uint32_t w = l->t[i].w;
        if (w && !e->assigned[w]) {
            diag_error(loc, "signal '%s' is used before it is assigned", wire_name(e, w));
            return false;
        }
    }
    return true;
}

/* Computes l into a slot: a chain of one step per term (scale, add). A long
 * chain is recorded as a loop of one iteration per term (wprog_loop), so that
 * the witness program of `sum_i w[i] x[i]` stays a loop however long the sum.
 * The steps after the first accumulate in place into one temporary (and scale
 * into another), so a chain of n terms spends 2 or 3 slots, not 2n: the
 * witness's slot array is mostly temporaries (sgd P=100,000: 225.9M slots,
 * 7.2 GB, before). The loop's operands stay affine (stride 0 for those two);
 * the second term, which reads the first's slot, stays out of the loop. */
static uint32_t mat_lc_emit(E *e, const lc_t *l) {
    uint32_t acc = UINT32_MAX, sum = UINT32_MAX, prod = UINT32_MAX, nit = 0;
    size_t *iters = l->n >= WP_CHAIN_MIN ? malloc(sizeof *iters * l->n) : NULL;
    fr_t k0;
    fr_set_zero(&k0);
    for (uint32_t i = 0; i < l->n; i++) {
        const term_t *t = &l->t[i];
        if (t->w == 0) {
            k0 = t->c;
            continue;
        }
        if (iters) iters[nit++] = e->cs->nprog;
        uint32_t s = t->w;
        if (acc == UINT32_MAX) {
            if (!fr_is_one(&t->c)) {
                uint32_t d = tmp(e);
                emit(e, OP_MULK, d, s, cs_const(e->cs, &t->c), 0);
                s = d;
            }
            acc = s;
            continue;
        }
        if (!fr_is_one(&t->c)) {
            if (prod == UINT32_MAX) prod = tmp(e);
            emit(e, OP_MULK, prod, s, cs_const(e->cs, &t->c), 0);
            s = prod;
        }
        if (sum == UINT32_MAX) sum = tmp(e);
        emit(e, OP_ADD, sum, acc, s, 0);
        acc = sum;
    }
    if (iters && nit >= WP_CHAIN_MIN) wprog_loop(e->cs, iters, nit, WP_CHAIN_MIN);
    free(iters);
    if (acc == UINT32_MAX) {
        acc = tmp(e);
        emit(e, OP_CONST, acc, cs_const(e->cs, &k0), 0, 0);
    } else if (!fr_is_zero(&k0)) {
        uint32_t d = tmp(e);
        emit(e, OP_ADDK, d, acc, cs_const(e->cs, &k0), 0);
        acc = d;
    }
    return acc;
}

/* True while the scope that made cache entry m is running (its terms exist). */
static bool mc_live(const E *e, const struct matc *m) {
    return m->depth <= (uint32_t)e->depth && e->scope_id[m->depth] == m->id;
}

/* The slot of linear combination l, computed once per combination: values
 * share their terms (a product keeps its factors' terms), so keying the cache
 * by the terms (pointer and length) makes `x * e` for a long e computed
 * before a loop cost one materialization, not one per use. l belongs to a
 * value of gadget depth `depth`: the entry dies when that instance returns
 * (its scratch memory, and so the key, is reused), and dead entries are
 * skipped, reused and dropped when the table is rebuilt. */
static uint32_t mat_lc(E *e, const lc_t *l, int depth) {
    if (l->n == 0 || (l->n == 1 && l->t[0].w != 0 && fr_is_one(&l->t[0].c))) return mat_lc_emit(e, l);
    if (2 * (e->nmc + 1) > e->mccap) {
        size_t live = 0, cap = e->mccap ? e->mccap : 1024;
        for (size_t i = 0; i < e->mccap; i++) live += e->mc[i].t && mc_live(e, &e->mc[i]);
        while (4 * (live + 1) > cap) cap *= 2;
        struct matc *t = calloc(cap, sizeof *t);
        if (!t) diag_oom();
        for (size_t i = 0; i < e->mccap; i++) {
            if (!e->mc[i].t || !mc_live(e, &e->mc[i])) continue;
            size_t h = ((uintptr_t)e->mc[i].t * 0x9e3779b97f4a7c15ull ^ e->mc[i].n) & (cap - 1);
            while (t[h].t) h = (h + 1) & (cap - 1);
            t[h] = e->mc[i];
        }
        free(e->mc);
        e->mc = t;
        e->mccap = cap;
        e->nmc = live;
    }
    size_t h = ((uintptr_t)l->t * 0x9e3779b97f4a7c15ull ^ l->n) & (e->mccap - 1), dead = SIZE_MAX;
    while (e->mc[h].t) {
        if (!mc_live(e, &e->mc[h])) {
            if (dead == SIZE_MAX) dead = h;
        } else if (e->mc[h].t == l->t && e->mc[h].n == l->n) {
            return e->mc[h].slot;
        }
        h = (h + 1) & (e->mccap - 1);
    }
    uint32_t slot = mat_lc_emit(e, l);
    if (dead != SIZE_MAX) h = dead;
    else e->nmc++;
    e->mc[h] = (struct matc){l->t, l->n, slot, (uint32_t)depth, e->scope_id[depth]};
    return slot;
}

/* The slot holding v's value at witness time; UINT32_MAX after an error. */
static uint32_t mat(E *e, val_t *v, loc_t loc) {
    if (v->slot != UINT32_MAX) return v->slot;
    switch (v->k) {
    case V_INT: { /* not cached: constants are shared, and loops must stay uniform */
        fr_t c;
        z_to_fr(e, &c, v->z);
        uint32_t d = tmp(e);
        emit(e, OP_CONST, d, cs_const(e->cs, &c), 0, 0);
        return d;
    }
    case V_LIN:
        v_fold(e, v);
        if (!check_assigned(e, &v->c, loc)) return UINT32_MAX;
        v->slot = mat_lc(e, &v->c, v->depth);
        break;
    case V_QUAD: {
        if (!check_assigned(e, &v->a, loc) || !check_assigned(e, &v->b, loc) ||
            !check_assigned(e, &v->c, loc))
            return UINT32_MAX;
        uint32_t sa = mat_lc(e, &v->a, v->depth), sb = mat_lc(e, &v->b, v->depth), d = tmp(e);
        emit(e, OP_MUL, d, sa, sb, 0);
        if (v->c.n) {
            uint32_t sc = mat_lc(e, &v->c, v->depth), d2 = tmp(e);
            emit(e, OP_ADD, d2, d, sc, 0);
            d = d2;
        }
        v->slot = d;
        break;
    }
    default:
        diag_error(loc, "expected a field value, found %s", kind_name(v->k));
        return UINT32_MAX;
    }
    return v->slot;
}

static val_t *v_wit(E *e, uint32_t slot) {
    val_t *v = v_new(e, V_WIT);
    v->slot = slot;
    return v;
}

/* ---- names ---- */

/* Whether binding b is named name (the first byte tells most apart without a
 * call: strcmp was 2.5% of sgd P=5700's compile, scanning the globals for
 * every gadget call). */
static inline bool named(const bind_t *b, const char *name, uint32_t h) {
    return b->h == h && (b->name == name || strcmp(b->name, name) == 0);
}

/* FNV-1a of a name: bindings keep theirs, so a scan compares one integer per
 * binding (the first byte and strcmp were still ~5% of sgd P=5700's compile). */
static uint32_t name_hash(const char *s) {
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

static bind_t *lookup(E *e, const char *name) {
    uint32_t h = name_hash(name);
    for (int i = e->nb - 1; i >= e->fbase; i--)
        if (named(&e->b[i], name, h)) return &e->b[i];
    for (int i = e->nglobal - 1; i >= 0; i--)
        if (named(&e->b[i], name, h)) return &e->b[i];
    return NULL;
}

static bind_t *bind(E *e, const char *name, bkind k, loc_t loc) {
    uint32_t h = name_hash(name);
    for (int i = e->nb - 1; i >= e->sbase; i--)
        if (named(&e->b[i], name, h)) {
            diag_error(loc, "'%s' is already declared in this scope", name);
            break;
        }
    if (e->nb == e->cap) {
        e->cap = e->cap ? 2 * e->cap : 256;
        e->b = realloc(e->b, sizeof *e->b * (size_t)e->cap);
        if (!e->b) diag_oom();
    }
    bind_t *b = &e->b[e->nb++];
    memset(b, 0, sizeof *b);
    b->name = name;
    b->h = h;
    b->kind = k;
    return b;
}

/* ---- signals ---- */

static uint32_t new_wire(E *e, const cs_sig_t *sig, uint32_t idx, wire_kind k, bool is_free) {
    cs_t *cs = e->cs;
    if (cs->nwires >= cs->wcap) {
        cs->wcap = cs->wcap ? 2 * cs->wcap : 256;
        cs->wires = realloc(cs->wires, sizeof *cs->wires * cs->wcap);
        e->assigned = realloc(e->assigned, sizeof *e->assigned * cs->wcap);
        e->wval = realloc(e->wval, sizeof *e->wval * cs->wcap);
        if (!cs->wires || !e->assigned || !e->wval) {
            fprintf(stderr, "zkc: out of memory\n");
            exit(2);
        }
    }
    uint32_t w = cs->nwires++;
    cs->wires[w] = (wire_t){sig, idx, (uint8_t)k, is_free};
    e->assigned[w] = false;
    e->wval[w] = NULL;
    return w;
}

static sig_t *declare_signal(E *e, const char *name, int kind, const int *dims, int nd, loc_t loc,
                             const ast_t *decl) {
    sig_t *s = arena_alloc(e->ar, sizeof *s);
    s->name = name;
    s->path = arena_printf(e->ar, "%s.%s", e->path, name);
    s->kind = kind;
    s->ndim = nd;
    s->loc = loc;
    s->decl = decl;
    uint64_t n = 1;
    for (int i = 0; i < nd; i++) {
        s->dims[i] = dims[i];
        n *= (uint64_t)dims[i];
    }
    if (n + e->cs->nwires > MAX_WIRES) {
        diag_error(loc, "too many signals");
        n = 0;
    }
    s->n = (uint32_t)n;
    wire_kind wk = kind == SIG_OUTPUT && e->in_main ? W_OUTPUT
                   : kind == SIG_PUBLIC_INPUT       ? W_PUBLIC
                   : kind == SIG_INPUT              ? W_PRIVATE
                                                    : W_INTERNAL;
    s->base = e->cs->nwires;
    cs_sig_t *cg = arena_alloc(e->ar, sizeof *cg);
    *cg = (cs_sig_t){s->path, loc, e->comp, nd, {0}};
    memcpy(cg->dims, dims, sizeof(int) * (size_t)nd);
    for (uint32_t i = 0; i < s->n; i++) {
        uint32_t w = new_wire(e, cg, i, wk, kind == SIG_FREE);
        if (wk == W_PUBLIC || wk == W_PRIVATE) e->assigned[w] = true;
    }
    if (e->nsigs == e->sigcap) {
        e->sigcap = e->sigcap ? 2 * e->sigcap : 64;
        e->sigs = realloc(e->sigs, sizeof *e->sigs * (size_t)e->sigcap);
        if (!e->sigs) diag_oom();
    }
    e->sigs[e->nsigs++] = s;
    return s;
}

/* The value of signal s at flat offset off with dimensions from d on. */
static val_t *sig_val(E *e, const sig_t *s, uint32_t off, int d) {
    if (d == s->ndim) {
        uint32_t w = s->base + off;
        if (e->depth > 0) { /* a gadget's own wires are mostly used only there */
            val_t *v = v_new(e, V_LIN);
            v->c = lc_wire(e->tmp, w);
            return v;
        }
        if (!e->wval[w]) {
            val_t *v = e->wval[w] = v_perm(e, V_LIN);
            v->c = lc_wire(e->ar, w);
        }
        return e->wval[w];
    }
    val_t *v = v_new(e, V_ARR);
    v->n = s->dims[d];
    v->el = arena_alloc(e->tmp, sizeof *v->el * (size_t)v->n);
    uint32_t stride = 1;
    for (int i = d + 1; i < s->ndim; i++) stride *= (uint32_t)s->dims[i];
    for (int i = 0; i < v->n; i++) v->el[i] = sig_val(e, s, off + (uint32_t)i * stride, d + 1);
    return v;
}

/* ---- compile-time integers ---- */

static bool get_int(E *e, const ast_t *x, mpz_t out, const char *what) {
    val_t *v = elab_expr(e, x, false);
    if (!v) return false;
    if (v->k != V_INT) {
        diag_error(x->loc, "%s is not a compile-time constant", what);
        return false;
    }
    mpz_set(out, v->z);
    return true;
}

static bool get_small(E *e, const ast_t *x, long *out, long lo, long hi, const char *what) {
    val_t *v = elab_expr(e, x, false);
    if (!v) return false;
    if (v->k != V_INT) {
        diag_error(x->loc, "%s is not a compile-time constant", what);
        return false;
    }
    if (!mpz_fits_slong_p(v->z) || mpz_get_si(v->z) < lo || mpz_get_si(v->z) > hi) {
        diag_error(x->loc, "%s must be between %ld and %ld", what, lo, hi);
        return false;
    }
    *out = mpz_get_si(v->z);
    return true;
}

static bool eval_dims(E *e, const ast_t *list, int *dims, int *nd) {
    *nd = 0;
    bool ok = true;
    for (const ast_t *d = list; d; d = d->next) {
        long n;
        if (*nd == MAXDIM) {
            diag_error(d->loc, "at most %d dimensions", MAXDIM);
            return false;
        }
        if (!get_small(e, d, &n, 0, INT_MAX / 2, "array size")) {
            ok = false;
            n = 0;
        }
        dims[(*nd)++] = (int)n;
    }
    return ok;
}

/* ---- operators ---- */

static bool is_field(const val_t *v) { return v->k == V_LIN || v->k == V_QUAD || v->k == V_WIT; }

static val_t *int_binop(E *e, int op, const val_t *a, const val_t *b, loc_t loc) {
    mpz_t rz; /* its limbs go to the scratch arena, like every integer's */
    mpz_init(rz);
    switch (op) {
    case '+': mpz_add(rz, a->z, b->z); break;
    case '-': mpz_sub(rz, a->z, b->z); break;
    case '*': mpz_mul(rz, a->z, b->z); break;
    case '/':
    case '\\':
    case '%':
        if (mpz_sgn(b->z) == 0) {
            diag_error(loc, "division by zero");
            return NULL;
        }
        if (op == '%') mpz_tdiv_r(rz, a->z, b->z); else mpz_tdiv_q(rz, a->z, b->z);
        break;
    case TOK_POW:
        if (mpz_sgn(b->z) < 0 || !mpz_fits_ulong_p(b->z) || mpz_get_ui(b->z) > 1000000) {
            diag_error(loc, "exponent must be between 0 and 1000000");
            return NULL;
        }
        mpz_pow_ui(rz, a->z, mpz_get_ui(b->z));
        break;
    case TOK_SHL:
    case TOK_SHR:
        if (mpz_sgn(b->z) < 0 || !mpz_fits_ulong_p(b->z) || mpz_get_ui(b->z) > 1000000) {
            diag_error(loc, "shift count must be between 0 and 1000000");
            return NULL;
        }
        if (op == TOK_SHL) mpz_mul_2exp(rz, a->z, mpz_get_ui(b->z));
        else mpz_fdiv_q_2exp(rz, a->z, mpz_get_ui(b->z));
        break;
    case '&': mpz_and(rz, a->z, b->z); break;
    case '|': mpz_ior(rz, a->z, b->z); break;
    case '^': mpz_xor(rz, a->z, b->z); break;
    case '<': mpz_set_si(rz, mpz_cmp(a->z, b->z) < 0); break;
    case '>': mpz_set_si(rz, mpz_cmp(a->z, b->z) > 0); break;
    case TOK_LE: mpz_set_si(rz, mpz_cmp(a->z, b->z) <= 0); break;
    case TOK_GE: mpz_set_si(rz, mpz_cmp(a->z, b->z) >= 0); break;
    case TOK_EQ: mpz_set_si(rz, mpz_cmp(a->z, b->z) == 0); break;
    case TOK_NE: mpz_set_si(rz, mpz_cmp(a->z, b->z) != 0); break;
    case TOK_AND: mpz_set_si(rz, mpz_sgn(a->z) && mpz_sgn(b->z)); break;
    case TOK_OR: mpz_set_si(rz, mpz_sgn(a->z) || mpz_sgn(b->z)); break;
    default: abort();
    }
    return v_int_z(e, rz);
}

/* An INT or LIN value as its terms without the constant (*n) and the constant
 * (*k; returns false when it is zero). n may view the terms of v. */
static bool v_split(E *e, val_t *v, lc_t *n, fr_t *k) {
    if (v->k == V_INT) {
        *n = (lc_t){.n = 0, .t = NULL};
        z_to_fr(e, k, v->z);
        return !fr_is_zero(k);
    }
    *n = v->c;
    if (v->hkc) {
        *k = v->kc;
        return true;
    }
    if (n->n && n->t[0].w == 0) {
        *k = n->t[0].c;
        *n = (lc_t){.n = n->n - 1, .t = n->t + 1}; /* a view: lc_append copies it */
        return true;
    }
    return false;
}

/* a + k*b for INT/LIN/QUAD (k = +1 or -1); NULL if the result is not quadratic. */
static val_t *sym_add(E *e, val_t *a, val_t *b, bool sub) {
    fr_t m1, *kb = NULL;
    if (sub) {
        fr_set_one(&m1);
        fr_neg(&m1, &m1);
        kb = &m1;
    }
    if (a->k == V_QUAD && b->k == V_QUAD) return NULL;
    if (b->k == V_QUAD) {
        val_t *r = v_new(e, V_QUAD);
        r->a = sub ? lc_scale(e->tmp, &b->a, &m1) : b->a;
        r->b = b->b;
        lc_t la = v_lc(e, a);
        r->c = lc_add(e->tmp, &la, NULL, &b->c, kb);
        return r;
    }
    lc_t lb = v_lc(e, b);
    if (a->k == V_QUAD) {
        val_t *r = v_new(e, V_QUAD);
        r->a = a->a, r->b = a->b;
        r->c = lc_add(e->tmp, &a->c, NULL, &lb, kb);
        return r;
    }
    lc_t an, bn, r;
    fr_t ak, bk;
    bool ah = v_split(e, a, &an, &ak), bh = v_split(e, b, &bn, &bk);
    if (bn.n == 0 ? (r = an, true) : lc_append(e->tmp, &r, &an, &bn, kb)) {
        /* acc += k*x + c: x appended in place, the constants summed aside */
        val_t *v = v_lin(e, r);
        if (bh && kb) fr_mul(&bk, &bk, kb);
        if (ah && bh) fr_add(&v->kc, &ak, &bk);
        else if (ah || bh) v->kc = ah ? ak : bk;
        v->hkc = (ah || bh) && !fr_is_zero(&v->kc);
        return v;
    }
    lc_t la = v_lc(e, a);
    lb = v_lc(e, b);
    return v_lin(e, lc_add(e->tmp, &la, NULL, &lb, kb));
}

static val_t *sym_scale(E *e, val_t *a, const fr_t *k) {
    if (a->k == V_QUAD) {
        val_t *r = v_new(e, V_QUAD);
        r->a = lc_scale(e->tmp, &a->a, k);
        r->b = a->b;
        r->c = lc_scale(e->tmp, &a->c, k);
        return r;
    }
    if (a->k == V_LIN && a->hkc && a->depth != e->depth && !fr_is_zero(k)) {
        /* k (kc + c) for a value of an outer scope (which v_lc would fold
         * into a scratch copy first: Poseidon's M[i][j] * s[j], once per row
         * and column): the same terms, built at once. kc, k and c's
         * coefficients are nonzero, and c has no constant term. */
        lc_t r = {.n = 0, .t = arena_alloc(e->tmp, sizeof(term_t) * (a->c.n + 1))};
        r.t[r.n].w = 0;
        fr_mul(&r.t[r.n++].c, &a->kc, k);
        for (uint32_t i = 0; i < a->c.n; i++) {
            r.t[r.n].w = a->c.t[i].w;
            if (fr_is_one(&a->c.t[i].c)) r.t[r.n++].c = *k;
            else fr_mul(&r.t[r.n++].c, &a->c.t[i].c, k);
        }
        return v_lin(e, r);
    }
    lc_t la = v_lc(e, a);
    return v_lin(e, lc_scale(e->tmp, &la, k));
}

/* a*b for INT/LIN/QUAD; NULL if not quadratic. */
static val_t *sym_mul(E *e, val_t *a, val_t *b) {
    fr_t k;
    if (b->k != V_QUAD && lc_is_const((lc_t[]){v_lc(e, b)}, &k)) return sym_scale(e, a, &k);
    if (a->k != V_QUAD && lc_is_const((lc_t[]){v_lc(e, a)}, &k)) return sym_scale(e, b, &k);
    if (a->k == V_QUAD || b->k == V_QUAD) return NULL;
    v_fold(e, a);
    v_fold(e, b);
    val_t *r = v_new(e, V_QUAD);
    r->a = a->c, r->b = b->c;
    return r;
}

static const char *hint_only_msg =
    "operator '%s' on signals is only allowed in a hint ('<--'); constrain its result";

static val_t *hint_op(E *e, wop_t op, val_t *a, val_t *b, loc_t loc) {
    uint32_t sa = mat(e, a, loc);
    uint32_t sb = b ? mat(e, b, loc) : 0;
    if (sa == UINT32_MAX || sb == UINT32_MAX) return NULL;
    uint32_t d = tmp(e);
    emit(e, op, d, sa, sb, 0);
    return v_wit(e, d);
}

static val_t *binop(E *e, int op, val_t *a, val_t *b, bool hint, loc_t loc) {
    if (!is_field(a) && a->k != V_INT) {
        diag_error(loc, "operator '%s' needs a number, found %s", ast_op_name(op), kind_name(a->k));
        return NULL;
    }
    if (!is_field(b) && b->k != V_INT) {
        diag_error(loc, "operator '%s' needs a number, found %s", ast_op_name(op), kind_name(b->k));
        return NULL;
    }
    if (a->k == V_INT && b->k == V_INT) return int_binop(e, op, a, b, loc);
    bool wit = a->k == V_WIT || b->k == V_WIT;
    val_t *r = NULL;
    switch (op) {
    case '+':
    case '-':
        if (!wit) r = sym_add(e, a, b, op == '-');
        if (r) return r;
        if (hint) return hint_op(e, op == '+' ? OP_ADD : OP_SUB, a, b, loc);
        diag_error(loc, "expression is not quadratic (introduce an intermediate signal)");
        return NULL;
    case '*':
        if (!wit) r = sym_mul(e, a, b);
        if (r) return r;
        if (hint) return hint_op(e, OP_MUL, a, b, loc);
        diag_error(loc, "expression is not quadratic (introduce an intermediate signal)");
        return NULL;
    case '/': {
        fr_t k;
        v_fold(e, b);
        if (b->k == V_INT || (b->k == V_LIN && lc_is_const(&b->c, &k))) {
            if (b->k == V_INT) z_to_fr(e, &k, b->z);
            if (fr_is_zero(&k)) {
                diag_error(loc, "division by zero");
                return NULL;
            }
            fr_inv_var(&k, &k);
            if (a->k != V_WIT) return sym_scale(e, a, &k);
            val_t *kv = v_lin(e, lc_const(e->tmp, &k));
            return hint_op(e, OP_MUL, a, kv, loc);
        }
        if (hint) return hint_op(e, OP_DIV, a, b, loc);
        diag_error(loc, "division by a signal is only allowed in a hint ('<--'); constrain its result");
        return NULL;
    }
    case TOK_POW: {
        if (b->k != V_INT) {
            diag_error(loc, "the exponent must be a compile-time integer");
            return NULL;
        }
        if (mpz_sgn(b->z) < 0 || mpz_cmp_ui(b->z, 256) > 0) {
            diag_error(loc, "exponent of a signal must be between 0 and 256");
            return NULL;
        }
        val_t *acc = v_int_si(e, 1);
        for (unsigned long i = 0; i < mpz_get_ui(b->z); i++) {
            acc = binop(e, '*', acc, a, hint, loc);
            if (!acc) return NULL;
        }
        return acc;
    }
    default: break;
    }
    if (!hint) {
        diag_error(loc, hint_only_msg, ast_op_name(op));
        return NULL;
    }
    wop_t w;
    switch (op) {
    case '\\': w = OP_IDIV; break;
    case '%': w = OP_IMOD; break;
    case TOK_SHL: w = OP_SHL; break;
    case TOK_SHR: w = OP_SHR; break;
    case '&': w = OP_BAND; break;
    case '|': w = OP_BOR; break;
    case '^': w = OP_BXOR; break;
    case '<': w = OP_LT; break;
    case '>': w = OP_GT; break;
    case TOK_LE: w = OP_LE; break;
    case TOK_GE: w = OP_GE; break;
    case TOK_EQ: w = OP_EQ; break;
    case TOK_NE: w = OP_NE; break;
    case TOK_AND: w = OP_LAND; break;
    case TOK_OR: w = OP_LOR; break;
    default: abort();
    }
    return hint_op(e, w, a, b, loc);
}

/* ---- expressions ---- */

/* Resolves IDENT ('[' expr ']')* with compile-time indices. On success *b is the
 * binding and idx[0..*ni) the indices (checked against the shape for signals). */
static bool resolve_ref(E *e, const ast_t *x, bind_t **bp, long *idx, int *ni) {
    const ast_t *chain[MAXDIM + 1];
    int n = 0;
    while (x->kind == AST_INDEX) {
        if (n == MAXDIM) {
            diag_error(x->loc, "too many indices");
            return false;
        }
        chain[n++] = x;
        x = x->a;
    }
    if (x->kind != AST_IDENT) return false;
    bind_t *b = lookup(e, x->name);
    if (!b) {
        diag_error(x->loc, "unknown name '%s'", x->name);
        return false;
    }
    if (b->kind == B_GADGET) {
        diag_error(x->loc, "'%s' is a gadget; call it with arguments", x->name);
        return false;
    }
    bool ok = true;
    *ni = n;
    for (int i = 0; i < n; i++) {
        const ast_t *ix = chain[n - 1 - i];
        if (!get_small(e, ix->b, &idx[i], LONG_MIN / 2, LONG_MAX / 2, "index")) {
            ok = false;
            continue;
        }
        if (b->kind == B_SIG) {
            if (i >= b->sig->ndim) {
                diag_error(ix->loc, "'%s' has %d dimension%s", x->name, b->sig->ndim,
                           b->sig->ndim == 1 ? "" : "s");
                return false;
            }
            if (idx[i] < 0 || idx[i] >= b->sig->dims[i]) {
                diag_error(ix->b->loc, "index %ld is out of range for '%s' (size %d)", idx[i],
                           x->name, b->sig->dims[i]);
                ok = false;
            }
        }
    }
    *bp = b;
    return ok;
}

/* For var arrays: the element slot at idx (creating nothing). */
static val_t **var_elem(val_t **slot, const long *idx, int ni, const ast_t *x) {
    for (int i = 0; i < ni; i++) {
        val_t *v = *slot;
        if (v->k != V_ARR) {
            diag_error(x->loc, "indexing %s", kind_name(v->k));
            return NULL;
        }
        if (idx[i] < 0 || idx[i] >= v->n) {
            diag_error(x->loc, "index %ld is out of range (size %d)", idx[i], v->n);
            return NULL;
        }
        slot = &v->el[idx[i]];
    }
    return slot;
}

static uint32_t sig_offset(const sig_t *s, const long *idx, int ni) {
    uint32_t off = 0;
    for (int i = 0; i < s->ndim; i++) off = off * (uint32_t)s->dims[i] + (uint32_t)(i < ni ? idx[i] : 0);
    return off;
}

static val_t *call_gadget(E *e, const ast_t *call, bool hint);
static val_t *deep_copy(E *e, val_t *v);

static val_t *elab_expr(E *e, const ast_t *x, bool hint) {
    switch (x->kind) {
    case AST_NUM: { /* values are immutable: one per literal */
        if (!x->val) {
            val_t *v = v_perm(e, V_INT);
            perm_gmp(e, true);
            mpz_set_str(v->z, x->text, x->base);
            perm_gmp(e, false);
            ((ast_t *)x)->val = v;
        }
        return x->val;
    }
    case AST_IDENT:
    case AST_INDEX: {
        const ast_t *base = x;
        while (base->kind == AST_INDEX) base = base->a;
        if (base->kind != AST_IDENT) { /* indexing a call result or parenthesized value */
            val_t *v = elab_expr(e, x->a, hint);
            long i;
            if (!v || !get_small(e, x->b, &i, LONG_MIN / 2, LONG_MAX / 2, "index")) return NULL;
            if (v->k != V_ARR) {
                diag_error(x->loc, "indexing %s", kind_name(v->k));
                return NULL;
            }
            if (i < 0 || i >= v->n) {
                diag_error(x->b->loc, "index %ld is out of range (size %d)", i, v->n);
                return NULL;
            }
            return v->el[i];
        }
        bind_t *b;
        long idx[MAXDIM];
        int ni;
        if (!resolve_ref(e, x, &b, idx, &ni)) return NULL;
        if (b->kind == B_SIG) return sig_val(e, b->sig, sig_offset(b->sig, idx, ni), ni);
        val_t **p = var_elem(&b->v, idx, ni, x);
        return p ? *p : NULL;
    }
    case AST_CALL:
        return call_gadget(e, x, hint);
    case AST_ARRAY: {
        val_t *v = v_new(e, V_ARR);
        v->n = ast_len(x->a);
        v->el = arena_alloc(e->tmp, sizeof *v->el * (size_t)v->n);
        int i = 0, d0[MAXDIM], n0 = 0;
        for (const ast_t *a = x->a; a; a = a->next, i++) {
            v->el[i] = elab_expr(e, a, hint);
            if (!v->el[i]) return NULL;
            int di[MAXDIM], ni = v_shape(v->el[i], di);
            if (i == 0) {
                n0 = ni;
                memcpy(d0, di, sizeof di);
            } else if (ni != n0 || memcmp(d0, di, sizeof(int) * (size_t)ni)) {
                diag_error(a->loc, "array elements must have the same shape");
                return NULL;
            }
            if (v->el[i]->k == V_TUPLE || v->el[i]->k == V_NONE || v->el[i]->k == V_WIT) {
                diag_error(a->loc, "an array element cannot be %s", kind_name(v->el[i]->k));
                return NULL;
            }
        }
        return v;
    }
    case AST_UNOP: {
        val_t *a = elab_expr(e, x->a, hint);
        if (!a) return NULL;
        if (a->k == V_INT) {
            val_t *r = v_new(e, V_INT);
            if (x->op == '-') mpz_neg(r->z, a->z);
            else if (x->op == '~') mpz_com(r->z, a->z);
            else mpz_set_si(r->z, mpz_sgn(a->z) == 0);
            return r;
        }
        if (!is_field(a)) {
            diag_error(x->loc, "operator '%s' needs a number, found %s", ast_op_name(x->op),
                       kind_name(a->k));
            return NULL;
        }
        if (x->op == '-') {
            if (a->k == V_WIT) return hint_op(e, OP_NEG, a, NULL, x->loc);
            fr_t m1;
            fr_set_one(&m1);
            fr_neg(&m1, &m1);
            return sym_scale(e, a, &m1);
        }
        if (x->op == '~') {
            diag_error(x->loc, "operator '~' needs a compile-time integer");
            return NULL;
        }
        if (!hint) {
            diag_error(x->loc, hint_only_msg, "!");
            return NULL;
        }
        return hint_op(e, OP_LNOT, a, NULL, x->loc);
    }
    case AST_BINOP: {
        val_t *a = elab_expr(e, x->a, hint);
        if (a && a->k == V_INT && (x->op == TOK_AND || x->op == TOK_OR)) { /* short circuit */
            if ((x->op == TOK_AND) == (mpz_sgn(a->z) == 0)) return v_int_si(e, x->op == TOK_OR);
        }
        val_t *b = elab_expr(e, x->b, hint);
        if (!a || !b) return NULL;
        return binop(e, x->op, a, b, hint, x->loc);
    }
    case AST_COND: {
        val_t *c = elab_expr(e, x->a, hint);
        if (!c) return NULL;
        if (c->k == V_INT) return elab_expr(e, mpz_sgn(c->z) ? x->b : x->c, hint);
        if (!hint) {
            diag_error(x->loc, "a condition on signals is only allowed in a hint ('<--'); "
                               "use a mux gadget in constraints");
            return NULL;
        }
        val_t *a = elab_expr(e, x->b, hint), *b = elab_expr(e, x->c, hint);
        if (!a || !b) return NULL;
        uint32_t sc = mat(e, c, x->loc), sa = mat(e, a, x->loc), sb = mat(e, b, x->loc);
        if (sc == UINT32_MAX || sa == UINT32_MAX || sb == UINT32_MAX) return NULL;
        uint32_t d = tmp(e);
        emit(e, OP_SEL, d, sc, sa, sb);
        return v_wit(e, d);
    }
    default:
        diag_error(x->loc, "not an expression");
        return NULL;
    }
}

/* ---- gadgets ---- */

/* The compile-time integer of a constant of the runtime's tables (one value
 * per table entry: Poseidon rounds ask for the same constants often). */
static val_t *v_const(E *e, const fr_t *x) {
    if (2 * (e->nkc + 1) > e->kccap) {
        size_t cap = e->kccap ? 2 * e->kccap : 256;
        struct kcache *t = calloc(cap, sizeof *t);
        if (!t) diag_oom();
        for (size_t i = 0; i < e->kccap; i++) {
            if (!e->kc[i].k) continue;
            size_t h = ((uintptr_t)e->kc[i].k >> 5) & (cap - 1);
            while (t[h].k) h = (h + 1) & (cap - 1);
            t[h] = e->kc[i];
        }
        free(e->kc);
        e->kc = t;
        e->kccap = cap;
    }
    size_t h = ((uintptr_t)x >> 5) & (e->kccap - 1);
    while (e->kc[h].k) {
        if (e->kc[h].k == x) return e->kc[h].v;
        h = (h + 1) & (e->kccap - 1);
    }
    uint64_t l[4];
    fr_to_limbs(l, x);
    val_t *r = v_perm(e, V_INT);
    perm_gmp(e, true);
    mpz_import(r->z, 4, -1, 8, 0, 0, l);
    perm_gmp(e, false);
    e->kc[h] = (struct kcache){x, r};
    e->nkc++;
    return r;
}

enum { BI_NONE = -1, BI_INV = 1, BI_LEN, BI_RC, BI_MDS, BI_RF, BI_RP };

static int builtin_of(const char *name) {
    static const char *const names[] = {"inv", "len", "poseidon_rc", "poseidon_mds", "poseidon_rf", "poseidon_rp"};
    for (int i = 0; i < (int)(sizeof names / sizeof *names); i++)
        if (!strcmp(name, names[i])) return BI_INV + i;
    return BI_NONE;
}

static val_t *builtin(E *e, const ast_t *call, bool hint, bool *handled) {
    /* which builtin the call names, found once per call site (the chain of
     * strcmp ran for every gadget call, Poseidon's constants included) */
    if (!call->builtin) ((ast_t *)call)->builtin = builtin_of(call->name);
    int bi = call->builtin;
    *handled = bi != BI_NONE;
    if (bi == BI_NONE) return NULL;
    int n = ast_len(call->a);
    if (bi == BI_INV) {
        if (n != 1) {
            diag_error(call->loc, "'inv' takes 1 argument, got %d", n);
            return NULL;
        }
        val_t *a = elab_expr(e, call->a, hint);
        if (!a) return NULL;
        if (a->k == V_INT) {
            val_t *r = v_new(e, V_INT);
            mpz_t t;
            mpz_init(t);
            mpz_mod(t, a->z, e->r);
            if (!mpz_invert(r->z, t, e->r)) {
                diag_error(call->loc, "division by zero (inverse of 0)");
                return NULL;
            }
            return r;
        }
        if (!hint) {
            diag_error(call->loc, "'inv' of a signal is only allowed in a hint ('<--')");
            return NULL;
        }
        return hint_op(e, OP_INV, a, NULL, call->loc);
    }
    if (bi == BI_LEN) { /* len(array): size of the first dimension */
        if (n != 1) {
            diag_error(call->loc, "'len' takes 1 argument, got %d", n);
            return NULL;
        }
        val_t *a = elab_expr(e, call->a, hint);
        if (!a) return NULL;
        if (a->k != V_ARR) {
            diag_error(call->loc, "'len' needs an array, found %s", kind_name(a->k));
            return NULL;
        }
        return v_int_si(e, a->n);
    }
    { /* Poseidon constants (runtime's poseidon_params) */
        int want = bi == BI_RC ? 2 : bi == BI_MDS ? 3 : 1;
        {
            long a[3] = {0, 0, 0};
            if (n != want) {
                diag_error(call->loc, "'%s' takes %d argument%s, got %d", call->name, want,
                           want == 1 ? "" : "s", n);
                return NULL;
            }
            int i = 0;
            for (const ast_t *x = call->a; x; x = x->next, i++)
                if (!get_small(e, x, &a[i], 0, 1L << 20, "argument")) return NULL;
            const struct poseidon_params *pp = a[0] >= 2 && a[0] <= 17 ? poseidon_params((size_t)a[0]) : NULL;
            if (!pp) {
                diag_error(call->loc, "Poseidon width must be between 2 and 17");
                return NULL;
            }
            long t = a[0];
            if (want == 1) return v_int_si(e, bi == BI_RF ? (long)pp->rf : (long)pp->rp);
            const fr_t *x;
            if (want == 2) {
                if (a[1] >= (long)(pp->rf + pp->rp) * t) {
                    diag_error(call->loc, "index %ld is out of range for poseidon_rc(%ld, i)", a[1], t);
                    return NULL;
                }
                x = &pp->rc[a[1]];
            } else {
                if (a[1] >= t || a[2] >= t) {
                    diag_error(call->loc, "index is out of range for poseidon_mds(%ld, i, j)", t);
                    return NULL;
                }
                x = &pp->mds[a[1] * t + a[2]];
            }
            return v_const(e, x);
        }
    }
    *handled = false;
    return NULL;
}

static void check_all_assigned(E *e, int from, const char *what) {
    if (diag_count()) return; /* after an error this would mostly repeat it */
    for (int i = from; i < e->nsigs; i++) {
        sig_t *s = e->sigs[i];
        if (s->kind == SIG_INPUT || s->kind == SIG_PUBLIC_INPUT) continue;
        for (uint32_t k = 0; k < s->n; k++) {
            if (e->assigned[s->base + k]) continue;
            if (s->decl && ((ast_t *)s->decl)->flag) break;
            if (s->decl) ((ast_t *)s->decl)->flag = 1;
            diag_error(s->loc, "signal '%s'%s is never assigned", wire_name(e, s->base + k), what);
            break;
        }
    }
}

static val_t *call_gadget(E *e, const ast_t *call, bool hint) {
    bool handled;
    val_t *bv = builtin(e, call, hint, &handled);
    if (handled) return bv;
    bind_t *gb = lookup(e, call->name);
    if (!gb) {
        diag_error(call->loc, "unknown gadget '%s'", call->name);
        return NULL;
    }
    if (gb->kind != B_GADGET) {
        diag_error(call->loc, "'%s' is not a gadget", call->name);
        return NULL;
    }
    const ast_t *g = gb->g;
    int np = ast_len(g->a), na = ast_len(call->a);
    if (np != na) {
        diag_error(call->loc, "gadget '%s' takes %d argument%s, got %d", g->name, np,
                   np == 1 ? "" : "s", na);
        return NULL;
    }
    if (e->gdepth >= MAX_DEPTH || e->depth >= MAX_SCOPES) {
        diag_error(call->loc, "gadgets nested deeper than %d (unbounded recursion?)", MAX_DEPTH);
        return NULL;
    }
    val_t *args[64];
    if (na > 64) {
        diag_error(call->loc, "too many arguments");
        return NULL;
    }
    int i = 0;
    bool ok = true;
    for (const ast_t *a = call->a; a; a = a->next, i++) {
        args[i] = elab_expr(e, a, hint);
        ok &= args[i] != NULL;
    }
    if (!ok) return NULL;
    /* new frame */
    int save_nb = e->nb, save_fbase = e->fbase, save_sbase = e->sbase, save_comp = e->comp;
    const char *save_path = e->path;
    bool save_main = e->in_main;
    e->fbase = e->sbase = e->nb;
    e->comp = ++e->ncomp;
    e->path = arena_printf(e->ar, "%s.%s_%d", save_path, g->name, e->comp);
    e->in_main = false;
    /* the instance's scratch region: everything it allocates there (values,
     * their linear combinations) is released when it returns; what outlives it
     * (signals, constraints, cached values of wires) goes to the permanent arena */
    arena_mark_t mark = arena_mark(e->tmp);
    e->depth++;
    e->gdepth++;
    e->scope_id[e->depth] = ++e->nscopes;
    int first_sig = e->nsigs;
    i = 0;
    for (const ast_t *p = g->a; p; p = p->next, i++) {
        int dims[MAXDIM], nd, adims[MAXDIM];
        if (!eval_dims(e, p->a, dims, &nd)) {
            ok = false;
            continue;
        }
        int and_ = v_shape(args[i], adims);
        bool same = nd == and_ && (args[i]->k != V_TUPLE && args[i]->k != V_NONE);
        for (int d = 0; same && d < nd; d++) same = dims[d] == adims[d];
        if (!same) {
            diag_error(call->loc, "argument %d ('%s') of '%s' is %s, expected %s", i + 1, p->name,
                       g->name, args[i]->k == V_ARR ? shape_str(e, adims, and_) : kind_name(args[i]->k),
                       nd ? shape_str(e, dims, nd) : "a scalar");
            ok = false;
            continue;
        }
        bind_t *b = bind(e, p->name, B_VAR, p->loc);
        b->v = deep_copy(e, args[i]); /* the gadget may assign to its copy's elements */
    }
    val_t *res = NULL;
    int nout = 0;
    sig_t *outs[64];
    if (ok) {
        for (const ast_t *o = g->b; o && nout < 64; o = o->next) {
            int dims[MAXDIM], nd;
            if (!eval_dims(e, o->a, dims, &nd)) {
                ok = false;
                continue;
            }
            outs[nout] = declare_signal(e, o->name, SIG_OUTPUT, dims, nd, o->loc, o);
            bind(e, o->name, B_SIG, o->loc)->sig = outs[nout++];
        }
        if (ok) {
            elab_block(e, g->c->a);
            check_all_assigned(e, first_sig, "");
        }
    }
    e->nb = save_nb, e->fbase = save_fbase, e->sbase = save_sbase, e->comp = save_comp;
    e->path = save_path, e->in_main = save_main;
    arena_release(e->tmp, mark);
    e->depth--;
    e->gdepth--;
    if (ok) { /* the result, in the caller's region */
        if (nout == 0) {
            res = v_new(e, V_NONE);
        } else if (nout == 1) {
            res = sig_val(e, outs[0], 0, 0);
        } else {
            res = v_new(e, V_TUPLE);
            res->n = nout;
            res->el = arena_alloc(e->tmp, sizeof *res->el * (size_t)nout);
            for (int k = 0; k < nout; k++) res->el[k] = sig_val(e, outs[k], 0, 0);
        }
    }
    return res;
}

/* ---- statements ---- */

/* Assigns (and with <== constrains) one wire. */
static void assign_wire(E *e, uint32_t w, val_t *v, int op, loc_t loc) {
    if (e->assigned[w]) {
        diag_error(loc, "signal '%s' is assigned twice", wire_name(e, w));
        return;
    }
    if (op == TOK_CONSTRAIN_ASSIGN && v->k == V_WIT) {
        diag_error(loc, "a hint value cannot be constrained; use '<--'");
        return;
    }
    if (!is_field(v) && v->k != V_INT) {
        diag_error(loc, "cannot assign %s to a signal", kind_name(v->k));
        return;
    }
    uint32_t s = mat(e, v, loc);
    if (s == UINT32_MAX) return;
    emit(e, OP_COPY, w, s, 0, 0);
    e->assigned[w] = true;
    if (op != TOK_CONSTRAIN_ASSIGN) return;
    lc_t lw = lc_wire(e->tmp, w), z = {.n = 0, .t = NULL};
    fr_t m1;
    fr_set_one(&m1);
    fr_neg(&m1, &m1);
    if (v->k == V_QUAD) {
        cs_add_cons(e->cs, v->a, v->b, lc_add(e->tmp, &lw, NULL, &v->c, &m1), loc);
    } else {
        lc_t l = v_lc(e, v);
        cs_add_cons(e->cs, z, z, lc_add(e->tmp, &l, NULL, &lw, &m1), loc);
    }
}

static void assign_sig(E *e, const sig_t *s, uint32_t off, int d, val_t *v, int op, loc_t loc) {
    if (d == s->ndim) {
        assign_wire(e, s->base + off, v, op, loc);
        return;
    }
    int sd[MAXDIM], vd[MAXDIM];
    int nd = s->ndim - d, vn = v_shape(v, vd);
    for (int i = 0; i < nd; i++) sd[i] = s->dims[d + i];
    bool same = nd == vn;
    for (int i = 0; same && i < nd; i++) same = sd[i] == vd[i];
    if (!same) {
        diag_error(loc, "shape mismatch: '%s' is %s, the value is %s", s->name, shape_str(e, sd, nd),
                   v->k == V_ARR ? shape_str(e, vd, vn) : kind_name(v->k));
        return;
    }
    uint32_t stride = 1;
    for (int i = d + 1; i < s->ndim; i++) stride *= (uint32_t)s->dims[i];
    for (int i = 0; i < v->n; i++) assign_sig(e, s, off + (uint32_t)i * stride, d + 1, v->el[i], op, loc);
}

static val_t *deep_copy(E *e, val_t *v) {
    if (v->k != V_ARR) return v;
    val_t *r = v_new(e, V_ARR);
    r->n = v->n;
    r->el = arena_alloc(e->tmp, sizeof *r->el * (size_t)(v->n ? v->n : 1));
    for (int i = 0; i < v->n; i++) r->el[i] = deep_copy(e, v->el[i]);
    return r;
}

static val_t *zeros(E *e, const int *dims, int nd) {
    if (nd == 0) return v_int_si(e, 0);
    val_t *r = v_new(e, V_ARR);
    r->n = dims[0];
    r->el = arena_alloc(e->tmp, sizeof *r->el * (size_t)(r->n ? r->n : 1));
    for (int i = 0; i < r->n; i++) r->el[i] = zeros(e, dims + 1, nd - 1);
    return r;
}

/* lhs op rhs where lhs is IDENT ('[' expr ']')*. */
static void assign(E *e, const ast_t *lhs, int op, val_t *v, loc_t loc) {
    if (lhs->kind != AST_IDENT && lhs->kind != AST_INDEX) {
        diag_error(lhs->loc, "cannot assign to this expression");
        return;
    }
    bind_t *b;
    long idx[MAXDIM];
    int ni;
    if (!resolve_ref(e, lhs, &b, idx, &ni)) return;
    if (b->kind == B_SIG) {
        if (op != TOK_CONSTRAIN_ASSIGN && op != TOK_HINT) {
            diag_error(loc, "use '<==' (assign and constrain) or '<--' (hint) to assign signal '%s'",
                       b->name);
            return;
        }
        assign_sig(e, b->sig, sig_offset(b->sig, idx, ni), ni, v, op, loc);
        return;
    }
    if (op == TOK_CONSTRAIN_ASSIGN || op == TOK_HINT) {
        diag_error(loc, "'%s' is a variable, not a signal; use '='", b->name);
        return;
    }
    if (b->is_param) {
        diag_error(loc, "cannot assign to parameter '%s'", b->name);
        return;
    }
    /* a gadget's body sees only its own bindings and the (read-only) params, so
     * no value of its scratch region is stored where it would outlive it */
    assert(e->depth == 0 || b >= e->b + e->fbase);
    val_t **p = var_elem(&b->v, idx, ni, lhs);
    if (!p) return;
    if (op != '=') {
        int bop = op == TOK_ADD_EQ ? '+' : op == TOK_SUB_EQ ? '-' : '*';
        v = binop(e, bop, *p, v, false, loc);
        if (!v) return;
    }
    if (v->k == V_WIT) {
        diag_error(loc, "a hint value can only be assigned to a signal with '<--'");
        return;
    }
    *p = deep_copy(e, v);
}

static void constrain(E *e, val_t *a, val_t *b, loc_t loc) {
    if (a->k == V_ARR || b->k == V_ARR) {
        if (a->k != V_ARR || b->k != V_ARR || a->n != b->n) {
            diag_error(loc, "shape mismatch in '==='");
            return;
        }
        for (int i = 0; i < a->n; i++) constrain(e, a->el[i], b->el[i], loc);
        return;
    }
    if (a->k == V_WIT || b->k == V_WIT) {
        diag_error(loc, "a hint value cannot appear in a constraint");
        return;
    }
    val_t *d = binop(e, '-', a, b, false, loc);
    if (!d) return;
    if (d->k == V_INT) {
        if (mpz_sgn(d->z) != 0) diag_error(loc, "constraint is always false");
        return;
    }
    lc_t z = {.n = 0, .t = NULL};
    fr_t m1;
    fr_set_one(&m1);
    fr_neg(&m1, &m1);
    v_fold(e, d);
    if (d->k == V_QUAD)
        cs_add_cons(e->cs, d->a, d->b, lc_scale(e->tmp, &d->c, &m1), loc);
    else
        cs_add_cons(e->cs, z, z, lc_scale(e->tmp, &d->c, &m1), loc);
}

static void elab_block(E *e, const ast_t *list) {
    int save_nb = e->nb, save_sbase = e->sbase;
    e->sbase = e->nb;
    for (const ast_t *s = list; s; s = s->next) elab_stmt(e, s);
    e->nb = save_nb;
    e->sbase = save_sbase;
}

/* ---- loop iterations as scratch scopes ---- */

/* Names declared so far in the loop body being scanned (innermost last). */
typedef struct {
    const char *name[256];
    int n;
    bool overflow;
} names_t;

static bool declared(const names_t *d, const char *name) {
    for (int i = d->n - 1; i >= 0; i--)
        if (!strcmp(d->name[i], name)) return true;
    return false;
}

static void declare(names_t *d, const char *name) {
    if (d->n == 256) d->overflow = true;
    else d->name[d->n++] = name;
}

static bool stays_inside_list(const ast_t *list, names_t *d);

/* False when statement s may assign a variable declared outside the scanned
 * body (or when the scan cannot tell). Gadget calls need no check: a gadget
 * sees only its own bindings. */
static bool stays_inside(const ast_t *s, names_t *d) {
    switch (s->kind) {
    case AST_VARDECL:
    case AST_SIGDECL: declare(d, s->name); return !d->overflow;
    case AST_ASSIGN: {
        if (s->op == TOK_CONSTRAIN_ASSIGN || s->op == TOK_HINT) return true; /* a signal */
        const ast_t *x = s->a;
        while (x->kind == AST_INDEX) x = x->a;
        return x->kind == AST_IDENT && declared(d, x->name);
    }
    case AST_TUPLE_ASSIGN: return s->op == TOK_CONSTRAIN_ASSIGN || s->op == TOK_HINT;
    case AST_FOR: {
        int n = d->n;
        declare(d, s->name);
        bool ok = !d->overflow && stays_inside_list(s->c->a, d);
        d->n = n;
        return ok;
    }
    case AST_IF: {
        int n = d->n;
        bool ok = stays_inside_list(s->b->a, d);
        d->n = n;
        if (ok && s->c) ok = s->c->kind == AST_IF ? stays_inside(s->c, d) : stays_inside_list(s->c->a, d);
        d->n = n;
        return ok;
    }
    case AST_BLOCK: {
        int n = d->n;
        bool ok = stays_inside_list(s->a, d);
        d->n = n;
        return ok;
    }
    case AST_CONSTRAIN:
    case AST_ASSERT:
    case AST_EXPR:
    case AST_FREE: return true;
    default: return false;
    }
}

static bool stays_inside_list(const ast_t *list, names_t *d) {
    for (const ast_t *s = list; s; s = s->next)
        if (!stays_inside(s, d)) return false;
    return true;
}

/* True when no iteration of loop s stores a value of its own where it would
 * outlive the iteration (it assigns no variable declared outside its body):
 * then each iteration is a scratch scope, released when it ends. */
static bool loop_body_local(const ast_t *s) {
    names_t *d = malloc(sizeof *d);
    if (!d) diag_oom();
    d->n = 0;
    d->overflow = false;
    declare(d, s->name);
    bool ok = stays_inside_list(s->c->a, d);
    free(d);
    return ok;
}

static void elab_stmt(E *e, const ast_t *s) {
    const loc_t *save_cur = e->cur;
    e->cur = &s->loc;
    switch (s->kind) {
    case AST_SIGDECL: {
        if ((s->op == SIG_INPUT || s->op == SIG_PUBLIC_INPUT || s->op == SIG_OUTPUT) && !e->in_main) {
            diag_error(s->loc, "inputs and outputs are declared only in the main circuit; a gadget "
                               "takes signals as arguments and declares outputs after '->'");
            break;
        }
        if ((s->op == SIG_INPUT || s->op == SIG_PUBLIC_INPUT) && s->b) {
            diag_error(s->loc, "an input cannot be assigned");
            break;
        }
        int dims[MAXDIM], nd;
        if (!eval_dims(e, s->a, dims, &nd)) break;
        sig_t *sig = declare_signal(e, s->name, s->op, dims, nd, s->loc, s);
        bind(e, s->name, B_SIG, s->loc)->sig = sig;
        if (s->op == SIG_INPUT || s->op == SIG_PUBLIC_INPUT || s->op == SIG_OUTPUT) {
            struct cs_input *in = arena_alloc(e->ar, sizeof *in);
            *in = (struct cs_input){s->name, sig->base, sig->n, nd, {0}, s->loc};
            memcpy(in->dims, dims, sizeof(int) * (size_t)nd);
            cs_t *cs = e->cs;
            if (s->op == SIG_OUTPUT) {
                cs->outputs = realloc(cs->outputs, sizeof *cs->outputs * (size_t)(cs->noutputs + 1));
                cs->outputs[cs->noutputs++] = *in;
            } else {
                cs->inputs = realloc(cs->inputs, sizeof *cs->inputs * (size_t)(cs->ninputs + 1));
                cs->inputs[cs->ninputs++] = *in;
            }
        }
        if (s->b) {
            val_t *v = elab_expr(e, s->b, s->c->op == TOK_HINT);
            if (v) assign_sig(e, sig, 0, 0, v, s->c->op, s->c->loc);
        }
        break;
    }
    case AST_VARDECL: {
        int dims[MAXDIM], nd;
        if (!eval_dims(e, s->a, dims, &nd)) break;
        val_t *v = NULL;
        if (s->b) {
            v = elab_expr(e, s->b, false);
            if (!v) v = v_int_si(e, 0);
            if (v->k == V_WIT) {
                diag_error(s->loc, "a hint value can only be assigned to a signal with '<--'");
                v = v_int_si(e, 0);
            }
            if (nd) diag_error(s->loc, "give either dimensions or an initial value, not both");
            v = deep_copy(e, v);
        } else {
            v = zeros(e, dims, nd);
        }
        bind(e, s->name, B_VAR, s->loc)->v = v;
        break;
    }
    case AST_ASSIGN: {
        val_t *v = elab_expr(e, s->b, s->op == TOK_HINT);
        if (v) assign(e, s->a, s->op, v, s->loc);
        break;
    }
    case AST_TUPLE_ASSIGN: {
        val_t *v = elab_expr(e, s->b, s->op == TOK_HINT);
        if (!v) break;
        int n = ast_len(s->a);
        if (v->k != V_TUPLE || v->n != n) {
            diag_error(s->loc, "%d targets but the right side gives %s", n,
                       v->k == V_TUPLE ? arena_printf(e->tmp, "%d values", v->n) : kind_name(v->k));
            break;
        }
        int i = 0;
        for (const ast_t *l = s->a; l; l = l->next) assign(e, l, s->op, v->el[i++], s->loc);
        break;
    }
    case AST_CONSTRAIN: {
        val_t *a = elab_expr(e, s->a, false), *b = elab_expr(e, s->b, false);
        if (a && b) constrain(e, a, b, s->loc);
        break;
    }
    case AST_FOR: {
        mpz_t lo, hi;
        mpz_init(lo);
        mpz_init(hi);
        if (!get_int(e, s->a, lo, "loop bound") || !get_int(e, s->b, hi, "loop bound")) break;
        int save_nb = e->nb, save_sbase = e->sbase;
        size_t *iters = NULL, niter = 0, icap = 0, start = e->cs->nprog;
        bool scoped = e->depth < MAX_SCOPES && loop_body_local(s);
        for (; mpz_cmp(lo, hi) < 0; mpz_add_ui(lo, lo, 1)) {
            if (niter == icap) {
                icap = icap ? 2 * icap : 16;
                iters = realloc(iters, sizeof *iters * icap);
                if (!iters) diag_oom();
            }
            iters[niter++] = e->cs->nprog;
            e->sbase = e->nb;
            bind_t *b = bind(e, s->name, B_VAR, s->loc);
            b->v = v_int_z(e, lo);
            b->is_param = true; /* the loop variable is read-only */
            int before = diag_count();
            arena_mark_t mark = arena_mark(e->tmp);
            if (scoped) e->scope_id[++e->depth] = ++e->nscopes;
            elab_block(e, s->c->a);
            if (scoped) {
                arena_release(e->tmp, mark);
                e->depth--;
            }
            e->nb = save_nb;
            if (diag_count() != before) break; /* one report per loop, not per iteration */
        }
        e->sbase = save_sbase;
        if (niter >= 2 && e->cs->nprog > start) /* remember the loop for wprog_build */
            wprog_loop(e->cs, iters, (uint32_t)niter, 2);
        free(iters);
        break;
    }
    case AST_IF: {
        val_t *c = elab_expr(e, s->a, false);
        if (!c) break;
        if (c->k != V_INT) {
            diag_error(s->a->loc, "condition is not a compile-time constant (compute it in a hint "
                                  "and select with a mux gadget)");
            break;
        }
        if (mpz_sgn(c->z)) elab_block(e, s->b->a);
        else if (s->c && s->c->kind == AST_IF) elab_stmt(e, s->c);
        else if (s->c) elab_block(e, s->c->a);
        break;
    }
    case AST_BLOCK: elab_block(e, s->a); break;
    case AST_FREE:
        for (const ast_t *x = s->a; x; x = x->next) {
            bind_t *b;
            long idx[MAXDIM];
            int ni;
            if (x->kind != AST_IDENT && x->kind != AST_INDEX) {
                diag_error(x->loc, "'free' needs a signal");
                continue;
            }
            if (!resolve_ref(e, x, &b, idx, &ni)) continue;
            if (b->kind != B_SIG) {
                diag_error(x->loc, "'free' needs a signal; '%s' is not one", b->name);
                continue;
            }
            uint32_t off = sig_offset(b->sig, idx, ni), cnt = 1;
            for (int d = ni; d < b->sig->ndim; d++) cnt *= (uint32_t)b->sig->dims[d];
            for (uint32_t k = 0; k < cnt; k++) e->cs->wires[b->sig->base + off + k].free = true;
        }
        break;
    case AST_ASSERT: {
        val_t *c = elab_expr(e, s->a, false);
        if (!c) break;
        if (c->k != V_INT) {
            diag_error(s->a->loc, "assert needs a compile-time condition (use '===' for signals)");
            break;
        }
        if (mpz_sgn(c->z) == 0) diag_error(s->loc, "assertion failed%s%s", s->text ? ": " : "", s->text ? s->text : "");
        break;
    }
    case AST_EXPR: {
        if (s->a->kind != AST_CALL) {
            diag_error(s->loc, "expression statement has no effect (did you mean '===' or '<=='?)");
            break;
        }
        elab_expr(e, s->a, false);
        break;
    }
    case AST_PARAM:
    case AST_IMPORT:
    case AST_GADGET:
        diag_error(s->loc, "'%s' is only allowed at the top level of a file",
                   s->kind == AST_PARAM ? "param" : s->kind == AST_IMPORT ? "import" : "gadget");
        break;
    default: diag_error(s->loc, "not a statement"); break;
    }
    e->cur = save_cur;
}

/* ---- files ---- */

static char *read_text(arena_t *ar, const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n < 0) {
        fclose(f);
        return NULL;
    }
    char *t = arena_alloc(ar, (size_t)n + 1);
    size_t got = fread(t, 1, (size_t)n, f);
    fclose(f);
    t[got] = 0;
    if (strlen(t) != got) return NULL;
    return t;
}

static char *dir_of(arena_t *ar, const char *path) {
    const char *s = strrchr(path, '/');
    if (!s) return arena_strdup(ar, ".");
    return arena_printf(ar, "%.*s", (int)(s - path), path);
}

static ast_t *load_file(E *e, const char *path, bool is_main);

static void load_items(E *e, ast_t *items, const char *file, bool is_main, ast_t **main_stmts) {
    for (ast_t *it = items, *next; it; it = next) {
        next = it->next;
        it->next = NULL;
        if (it->kind == AST_IMPORT) {
            const char *found = NULL;
            char *cands[64];
            int nc = 0;
            if (it->text[0] == '/') {
                cands[nc++] = arena_strdup(e->ar, it->text);
            } else {
                cands[nc++] = arena_printf(e->ar, "%s/%s", dir_of(e->ar, file), it->text);
                for (int i = 0; i < e->o->nincdirs && nc < 62; i++)
                    cands[nc++] = arena_printf(e->ar, "%s/%s", e->o->incdirs[i], it->text);
                if (e->o->stdlib) cands[nc++] = arena_printf(e->ar, "%s/%s", e->o->stdlib, it->text);
            }
            /* A file never imports itself: "x.zkc" importing "x.zkc" means the
             * next one on the path (a test or wrapper named after a stdlib file). */
            char *self = realpath(file, NULL);
            for (int i = 0; i < nc && !found; i++) {
                if (access(cands[i], R_OK) != 0) continue;
                char *rc = self ? realpath(cands[i], NULL) : NULL;
                bool is_self = rc && strcmp(rc, self) == 0;
                free(rc);
                if (!is_self) found = cands[i];
            }
            free(self);
            if (!found) {
                diag_error(it->loc, "cannot find import \"%s\"", it->text);
                continue;
            }
            char *real = realpath(found, NULL);
            const char *key = real ? arena_strdup(e->ar, real) : found;
            free(real);
            bool seen = false;
            for (int i = 0; i < e->nfiles; i++) seen |= strcmp(e->files[i], key) == 0;
            if (seen) continue;
            e->files = realloc(e->files, sizeof *e->files * (size_t)(e->nfiles + 1));
            e->files[e->nfiles++] = key;
            load_file(e, found, false);
        } else if (it->kind == AST_GADGET) {
            bind_t *old = lookup(e, it->name);
            if (old && old->kind == B_GADGET) {
                diag_error(it->loc, "gadget '%s' is defined twice", it->name);
                diag_note(old->g->loc, "first defined here");
                continue;
            }
            bind(e, it->name, B_GADGET, it->loc)->g = it;
            e->nglobal = e->nb;
        } else if (it->kind == AST_PARAM) {
            const char *dv = NULL;
            for (int i = 0; i < e->o->ndefs; i++)
                if (strcmp(e->o->defs[i].name, it->name) == 0) {
                    dv = e->o->defs[i].value;
                    e->def_used[i] = true;
                }
            val_t *v;
            if (dv) {
                v = v_new(e, V_INT);
                const char *p = dv + (dv[0] == '-');
                int base = p[0] == '0' && p[1] == 'x' ? 16 : 10;
                if (!*p || mpz_set_str(v->z, p + (base == 16 ? 2 : 0), base) != 0) {
                    diag_error((loc_t){"command line", 0, 0}, "-D %s=%s: not an integer", it->name, dv);
                    v = NULL;
                } else if (dv[0] == '-') {
                    mpz_neg(v->z, v->z);
                }
            } else {
                v = elab_expr(e, it->a, false);
                if (v && v->k != V_INT) {
                    diag_error(it->a->loc, "the value of param '%s' is not a compile-time constant", it->name);
                    v = NULL;
                }
            }
            bind_t *b = bind(e, it->name, B_VAR, it->loc);
            b->v = v ? v : v_int_si(e, 0);
            b->is_param = true;
            e->nglobal = e->nb;
        } else if (is_main) {
            *main_stmts = ast_append(*main_stmts, it);
        } else {
            diag_error(it->loc, "an imported file may contain only params, imports and gadgets");
        }
    }
}

static ast_t *main_list;

static ast_t *load_file(E *e, const char *path, bool is_main) {
    char *text = read_text(e->ar, path);
    if (!text) {
        diag_error((loc_t){path, 0, 0}, "cannot read the file (missing, unreadable or contains NUL)");
        return NULL;
    }
    const char *file = arena_strdup(e->ar, path);
    diag_add_source(file, text);
    pctx_t ctx = {e->ar, file, NULL};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = parse_source(&ctx, text);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    e->cs->t_parse += (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    if (rc != 0) return NULL;
    load_items(e, ctx.top, file, is_main, &main_list);
    return ctx.top;
}

/* Numbers wires by label: one, outputs, public inputs, private inputs, the rest;
 * rewrites constraints and the program, and places temporaries after the wires. */
static void renumber(E *e) {
    cs_t *cs = e->cs;
    uint32_t n = cs->nwires, *perm = malloc(sizeof *perm * n), next = 1;
    wire_t *nw = malloc(sizeof *nw * n);
    if (!perm || !nw) {
        fprintf(stderr, "zkc: out of memory\n");
        exit(2);
    }
    perm[0] = 0;
    static const wire_kind order[] = {W_OUTPUT, W_PUBLIC, W_PRIVATE, W_INTERNAL};
    for (int k = 0; k < 4; k++)
        for (uint32_t w = 1; w < n; w++)
            if (cs->wires[w].kind == order[k]) perm[w] = next++;
    for (uint32_t w = 0; w < n; w++) nw[perm[w]] = cs->wires[w];
    free(cs->wires);
    cs->wires = nw;
    cs->nout = cs->npub = cs->nprv = 0;
    for (uint32_t w = 1; w < n; w++) {
        cs->nout += nw[w].kind == W_OUTPUT;
        cs->npub += nw[w].kind == W_PUBLIC;
        cs->nprv += nw[w].kind == W_PRIVATE;
    }
    /* every constraint owns its stored terms: renumber them, and re-sort a
     * combination the new numbering leaves unsorted (insertion sort: they are
     * short, and the permutation is mostly monotone) */
    for (size_t i = 0; i < cs->ncons; i++) {
        for (int j = 0; j < 3; j++) {
            clc_t v = cs_lc(cs, &cs->cons[i], j);
            cterm_t *t = (cterm_t *)v.t;
            for (uint32_t a = 0; a < v.n; a++) {
                cterm_t x = {perm[t[a].w], t[a].k};
                uint32_t b = a;
                while (b > 0 && t[b - 1].w > x.w) t[b] = t[b - 1], b--;
                t[b] = x;
            }
        }
    }
#define RE(s) ((s) & TEMP ? n + ((s) & ~TEMP) : perm[s])
    for (size_t i = 0; i < cs->nphys; i++) {
        winst_t *in = &cs->prog[i];
        in->d = RE(in->d);
        switch ((wop_t)in->op) {
        case OP_CONST: break;
        case OP_MULK: case OP_ADDK: in->a = RE(in->a); break;
        case OP_COPY: case OP_NEG: case OP_INV: case OP_LNOT: in->a = RE(in->a); break;
        case OP_SEL: in->a = RE(in->a), in->b = RE(in->b), in->c = RE(in->c); break;
        default: in->a = RE(in->a), in->b = RE(in->b); break;
        }
    }
#undef RE
    wprog_renumber(cs, perm, n); /* the loops rerolled as they closed */
    for (int i = 0; i < cs->ninputs; i++) cs->inputs[i].wire = perm[cs->inputs[i].wire];
    for (int i = 0; i < cs->noutputs; i++) cs->outputs[i].wire = perm[cs->outputs[i].wire];
    cs->nslots = n + e->ntemps;
    free(perm);
}

cs_t *elab_program(arena_t *ar, const char *main_file, const elab_opts_t *o) {
    E e = {0};
    e.ar = ar;
    e.tmp = arena_new();
    arena_t *gmp_before = arena_gmp_switch(e.tmp);
    e.o = o;
    e.cs = cs_new(ar);
    e.cs->wp_eager = !o->flat_witness;
    e.path = "main";
    e.in_main = true;
    e.def_used = calloc((size_t)o->ndefs + 1, sizeof(bool));
    mpz_init(e.r);
    mpz_import(e.r, 4, -1, 8, 0, 0, fr_modulus);
    cs_sig_t *one = arena_alloc(ar, sizeof *one);
    one->path = "one";
    one->loc = (loc_t){main_file, 0, 0};
    new_wire(&e, one, 0, W_ONE, false);
    e.assigned[0] = true;
    main_list = NULL;
    char *real = realpath(main_file, NULL);
    e.files = malloc(sizeof *e.files);
    e.files[e.nfiles++] = real ? arena_strdup(ar, real) : main_file;
    free(real);
    load_file(&e, main_file, true);
    for (int i = 0; i < o->ndefs; i++)
        if (!e.def_used[i] && diag_count() == 0)
            diag_error((loc_t){"command line", 0, 0}, "-D %s: no param with this name", o->defs[i].name);
    cs_t *cs = NULL;
    if (diag_count() == 0) {
        e.fbase = e.sbase = e.nb;
        elab_block(&e, main_list);
        check_all_assigned(&e, 0, "");
        if (diag_count() == 0) {
            renumber(&e);
            cs = e.cs;
        }
    }
    if (!cs) cs_free(e.cs);
    free(e.b);
    free(e.assigned);
    free(e.wval);
    free(e.mc);
    free(e.kc);
    free(e.small);
    free(e.sigs);
    free(e.files);
    free(e.def_used);
    if (cs) cs->tmp_peak = arena_peak(e.tmp);
    arena_gmp_switch(gmp_before);
    arena_free(e.tmp);
    return cs;
}
