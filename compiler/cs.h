/* zkc: the compiler's middle: linear combinations over Fr, the constraint
 * system (R1CS: A*B = C with sparse linear combinations), wires and their
 * labels, and the witness program (the one representation every back end reads:
 * field operations and hint operations on numbered slots).
 * Uses only the runtime's L1 field (fr_t) and GMP. */
#ifndef ZKC_CS_H
#define ZKC_CS_H

#include <stdbool.h>
#include <stdint.h>
#include <zkpot/field.h>

#include "arena.h"
#include "ast.h"

/* One term coef*wire; wire 0 is the constant one. */
typedef struct {
    uint32_t w;
    fr_t c;
} term_t;

/* A linear combination: terms sorted by wire, no zero coefficients. */
typedef struct {
    uint32_t n;
    /* growable buffers (lc_append): capacity, and how many terms of the shared
     * buffer are in use (only the holder whose n equals *used may append) */
    uint32_t cap;
    term_t *t;
    uint32_t *used;
} lc_t;

lc_t lc_const(arena_t *ar, const fr_t *c);
lc_t lc_wire(arena_t *ar, uint32_t w);
/* r = ka*a + kb*b (NULL k means 1). */
lc_t lc_add(arena_t *ar, const lc_t *a, const fr_t *ka, const lc_t *b, const fr_t *kb);
lc_t lc_scale(arena_t *ar, const lc_t *a, const fr_t *k);
/* r = a + kb*b in amortized O(len b) when b has no constant term and all its
 * wires lie above a's last one (the `acc += x[i]` pattern): a's buffer is
 * extended in place when no one else extended it, else copied with room.
 * Returns false (r untouched) when the pattern does not apply. */
bool lc_append(arena_t *ar, lc_t *r, const lc_t *a, const lc_t *b, const fr_t *kb);
/* True when a has no wire other than 0; then *c (if non-NULL) is its value. */
bool lc_is_const(const lc_t *a, fr_t *c);

/* Wire kinds in the order the .r1cs file wants them. */
typedef enum { W_ONE, W_OUTPUT, W_PUBLIC, W_PRIVATE, W_INTERNAL } wire_kind;

/* A declared signal (one wire, or an array of them): the wires' names are
 * built from it on demand (cs_wire_name), not stored per wire. */
typedef struct {
    const char *path; /* "main.g_1.x" */
    loc_t loc;        /* declaration */
    int comp;         /* gadget instance (0 = main) */
    int ndim;
    int dims[8];
} cs_sig_t;

typedef struct {
    const cs_sig_t *sig;
    uint32_t idx; /* flat index of the wire within sig */
    uint8_t kind; /* wire_kind */
    bool free;    /* marked intentionally free */
} wire_t;


/* ---- the stored constraint system (compact) ----
 * Elaboration builds lc_t values (fr_t coefficients, scratch); cs_add_cons
 * stores a constraint in 20 bytes plus 8 per term: a term names its
 * coefficient by index into cs->ck, a deduplicated pool (most coefficients of
 * these circuits are 1, -1 or powers of two), and a constraint names its
 * source location by index into cs->locs. Sizes at sgd P=2000 (448,656
 * constraints): 40 B terms and 88 B constraints took ~1.2 KiB per constraint
 * over the whole compile. */

/* A stored term: wire w times cs->ck.v[k]. */
typedef struct {
    uint32_t w, k;
} cterm_t;

/* Indices of 1 and -1 in every cs->ck (cs_new puts them first). */
#define CS_K_ONE 0u
#define CS_K_MONE 1u

/* A deduplicated table of field constants (index = position of first insertion). */
typedef struct {
    fr_t *v;
    uint32_t n, cap;
    uint32_t *hash; /* open addressing: index + 1, 0 = empty */
    size_t hcap;
} kpool_t;

/* A constraint A*B = C: its terms are cs->tv[off .. off+na+nb+nc), A's, then
 * B's, then C's, each sorted by wire without zero coefficients; loc indexes
 * cs->locs. */
typedef struct {
    uint32_t off, na, nb, nc, loc;
} cons_t;

/* A read-only view of stored terms (valid until the term store grows). */
typedef struct {
    uint32_t n;
    const cterm_t *t;
} clc_t;

/* Witness program opcodes. d = destination slot; a, b, c operands; K = constant. */
typedef enum {
    OP_CONST, /* d = K[a] */
    OP_COPY,  /* d = a */
    OP_ADD, OP_SUB, OP_MUL, OP_NEG,
    OP_MULK,  /* d = a * K[b] */
    OP_ADDK,  /* d = a + K[b] */
    OP_INV,   /* d = a^-1 (0 for 0) */
    OP_DIV,   /* d = a * b^-1; error when b = 0 */
    /* integer ops on the canonical representatives in [0, r) */
    OP_IDIV, OP_IMOD, /* error when b = 0 */
    OP_SHR, OP_SHL,   /* SHL reduces mod r */
    OP_BAND, OP_BOR, OP_BXOR,
    OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE, /* 0 or 1 */
    OP_LAND, OP_LOR, OP_LNOT,
    OP_SEL, /* d = a != 0 ? b : c */
    OP__COUNT
} wop_t;

typedef struct {
    uint8_t op;
    uint32_t d, a, b, c;
    uint32_t loc; /* source of the statement that emitted it: cs->wlocs[loc] */
} winst_t;
/* the flat program is one of the compiler's biggest arrays (45M instructions at sgd P=20000) */
_Static_assert(sizeof(winst_t) == 24, "winst_t is 24 bytes");

/* The witness program as the back ends read it: instructions whose operands
 * are affine in the counters of the loops around them (operand = base +
 * sum stride*k), and loops. Built from the flat program by rerolling the
 * iterations of the source's compile-time loops (wprog.c). */
#define WP_MAXD 8
typedef struct {
    uint32_t loop;
    int32_t s;
} waff_term_t;

typedef struct {
    uint32_t base;
    uint32_t n;       /* terms, at most WP_MAXD */
    waff_term_t *t;   /* arena */
} waff_t;

typedef struct witem {
    uint8_t kind; /* 0 instruction, 1 loop */
    uint8_t op;
    waff_t d, a, b, c;
    const loc_t *loc;
    uint32_t loop, count; /* loop: its id and trip count */
    struct witem *body;
    size_t nbody;
} witem_t;

/* A compile-time loop of the source as elaboration saw it: iteration k emitted
 * flat instructions [iter[k], iter[k+1]) with iter[n] = end. */
typedef struct {
    size_t start, end;
    uint32_t n;
    uint32_t minrun; /* fewest iterations worth a loop (chains: WP_CHAIN_MIN) */
    size_t *iter;    /* malloc */
    /* rerolled when it closed (cs->wp_eager): its items (malloc list, bodies in
     * the arena); its flat instructions and nested records are dropped */
    witem_t *pre;
    size_t npre;
} cs_loop_t;

/* Slot numbers of temporaries while elaborating (renumber places them after
 * the wires). */
#define CS_TEMP 0x80000000u

/* The whole compiled circuit. Wires are numbered by label (0 = one, then
 * outputs, public inputs, private inputs, internal signals); the witness
 * program's slots 0..nwires-1 are the wires, later slots are temporaries. */
typedef struct {
    arena_t *ar;
    wire_t *wires;
    uint32_t nwires, wcap;
    uint32_t nout, npub, nprv;
    cons_t *cons;
    size_t ncons, ccap;
    cterm_t *tv; /* the constraints' terms (cons_t.off); cs_tv_alloc appends */
    size_t ntv, tvcap, tv_peak;
    kpool_t ck;  /* the constraints' coefficients (not the witness program's k) */
    loc_t *locs; /* distinct constraint locations */
    uint32_t nlocs, loccap;
    uint32_t *lochash;
    size_t lochcap;
    winst_t *prog;
    /* nprog counts every instruction emitted (positions in loop records);
     * prog holds nphys of them: those of loops rerolled as they closed are
     * dropped (wp_eager) */
    size_t nprog, pcap, nphys, nphys_peak;
    bool wp_eager;
    struct wp_state *wp; /* wprog.c's state across calls (dropped ranges, relays) */
    /* the distinct source locations of the flat program (cs_emit interns) */
    const loc_t **wlocs;
    uint32_t nwlocs, wloccap;
    uint32_t *wlochash; /* open addressing: index + 1 */
    size_t wlhcap;
    fr_t *k;
    uint32_t nk, kcap;
    uint32_t *khash; /* cs_const's table: index + 1 of each distinct constant */
    size_t khcap;
    uint32_t nslots;
    /* inputs of main in declaration order (for input.json) */
    struct cs_input {
        const char *name; /* as in input.json */
        uint32_t wire, n;
        int ndim, dims[8];
        loc_t loc;
    } *inputs, *outputs;
    int ninputs, noutputs;
    cs_loop_t *loops;
    size_t nloops, lcap;
    witem_t *tree; /* wprog_build */
    /* wprog_build lays out constants anew for loops: k[nk0 .. nk) are copies,
     * k[nk0 + i] = k[kfrom[i]] (kfrom in the arena) */
    uint32_t nk0;
    uint32_t *kfrom;
    size_t ntree;
    uint32_t nloopids;
    /* after optimization: wire index per label, or -1 when removed */
    int32_t *label_wire;
    uint32_t nfinal; /* wires left */
    double t_parse;  /* seconds elaboration spent parsing files (--stats) */
    size_t tmp_peak; /* most bytes elaboration's scratch arena held (--stats) */
    /* opt_linear's substitutions of eliminated wires: computed, replayed from
     * its memo, and memo entries whose check failed (--stats) */
    size_t subst_computed, subst_replayed, subst_memo_failed;
} cs_t;

cs_t *cs_new(arena_t *ar);
/* The full name of wire w, "main.x[3]" (an arena string, for diagnostics). */
const char *cs_wire_name(const cs_t *cs, uint32_t w);
/* Frees the heap arrays of cs (the struct itself lives in the arena); NULL ok. */
void cs_free(cs_t *cs);
/* The index of constant k in cs->k (each distinct value stored once). */
uint32_t cs_const(cs_t *cs, const fr_t *k);
void cs_emit(cs_t *cs, wop_t op, uint32_t d, uint32_t a, uint32_t b, uint32_t c, const loc_t *loc);
/* Adds A*B = C, copying the terms into the store (a, b, c may be scratch). */
void cs_add_cons(cs_t *cs, lc_t a, lc_t b, lc_t c, loc_t loc);

/* The index of coefficient k in cs->ck (interned). */
uint32_t cs_coef(cs_t *cs, const fr_t *k);
static inline const fr_t *cs_k(const cs_t *cs, uint32_t k) { return &cs->ck.v[k]; }
/* The index of loc in cs->locs (interned), and constraint i's location. */
uint32_t cs_loc_id(cs_t *cs, loc_t loc);
static inline loc_t cs_cons_loc(const cs_t *cs, size_t i) { return cs->locs[cs->cons[i].loc]; }
/* Linear combination j (0 A, 1 B, 2 C) of constraint c. */
static inline clc_t cs_lc(const cs_t *cs, const cons_t *c, int j) {
    uint32_t off = c->off + (j > 0 ? c->na : 0) + (j > 1 ? c->nb : 0);
    return (clc_t){j == 0 ? c->na : j == 1 ? c->nb : c->nc, cs->tv + off};
}
/* Room for n more terms at the end of the store: returns their offset (the
 * store may move: views taken before are invalid). Exits when out of memory
 * or beyond 2^32 terms. */
uint32_t cs_tv_alloc(cs_t *cs, size_t n);
/* Drops the terms no constraint uses (after a pass rewrote some elsewhere);
 * keep[] spans (may be NULL) survive too and are updated. runs[] (nruns
 * ascending offsets, may be NULL) are where the pass's phases started
 * appending: a hint that lets the spans slide in place (else they are copied). */
typedef struct {
    uint32_t off, n;
} cspan_t;
void cs_tv_compact(cs_t *cs, cspan_t *keep, size_t nkeep, const size_t *runs, size_t nruns);
/* Prints the constraint store's sizes (--stats): terms, bytes, coefficients. */
void cs_print_mem(const cs_t *cs, FILE *f);
/* sum of coef * w[wire] over l. */
void clc_eval(fr_t *r, const cs_t *cs, clc_t l, const fr_t *w);

/* Runs the witness program: slots (nslots entries) must hold 1 at 0 and the
 * inputs at their wires. Returns false (with a diagnostic) on a runtime error
 * such as division by zero in a hint. */
bool cs_run(const cs_t *cs, fr_t *slots);
/* Executes one instruction (same contract); loc names it in diagnostics
 * (in->loc is not read: cs may be NULL). */
bool cs_exec1(const cs_t *cs, fr_t *slots, const winst_t *in, const loc_t *loc);
/* Records a loop of n iterations: iteration k emitted flat instructions
 * [iters[k], iters[k + 1]), the last one up to cs->nprog (iters is copied).
 * Runs of fewer than minrun alike iterations stay unrolled. Chains of at least
 * WP_CHAIN_MIN steps (a linear combination computed term by term) are recorded
 * too, with minrun WP_CHAIN_MIN: a short chain of unrelated signals whose slots
 * happen to be evenly spaced would make a loop whose strides differ from one
 * instance to the next (and so keep an enclosing loop from rerolling). */
#define WP_CHAIN_MIN 4
void wprog_loop(cs_t *cs, const size_t *iters, uint32_t n, uint32_t minrun);
/* Builds cs->tree from the flat program and the loop records. */
void wprog_build(cs_t *cs);
/* Elaboration's final renumbering (slot s -> s & CS_TEMP ? n + (s & ~CS_TEMP) :
 * perm[s]) applied to the loops rerolled as they closed. */
void wprog_renumber(cs_t *cs, const uint32_t *perm, uint32_t n);
/* Frees the loop records and wprog's state. */
void wprog_free(cs_t *cs);
/* Runs cs->tree (same contract as cs_run). */
bool wprog_run(const cs_t *cs, fr_t *slots);
/* Value of an affine operand for loop counters kv (indexed by loop id). */
static inline uint32_t waff_at(const waff_t *x, const uint32_t *kv) {
    int64_t v = x->base;
    for (uint32_t i = 0; i < x->n; i++) v += x->t[i].s * (int64_t)kv[x->t[i].loop];
    return (uint32_t)v;
}

/* Index of the first constraint the witness violates, or -1. */
long cs_check(const cs_t *cs, const fr_t *w);
/* Reads main's inputs from a circom-style input.json into slots. */
bool cs_read_inputs(const cs_t *cs, fr_t *slots, const char *json_path);

/* Writers (iden3 formats). They use label_wire / nfinal when set, else all wires. */
int cs_write_r1cs(const cs_t *cs, const char *path);
int cs_write_sym(const cs_t *cs, const char *path);
int cs_write_wtns(const cs_t *cs, const fr_t *w, const char *path);

#endif
