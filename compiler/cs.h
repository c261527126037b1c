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
    term_t *t;
} lc_t;

lc_t lc_const(arena_t *ar, const fr_t *c);
lc_t lc_wire(arena_t *ar, uint32_t w);
/* r = ka*a + kb*b (NULL k means 1). */
lc_t lc_add(arena_t *ar, const lc_t *a, const fr_t *ka, const lc_t *b, const fr_t *kb);
lc_t lc_scale(arena_t *ar, const lc_t *a, const fr_t *k);
/* True when a has no wire other than 0; then *c (if non-NULL) is its value. */
bool lc_is_const(const lc_t *a, fr_t *c);
bool lc_eq(const lc_t *a, const lc_t *b);
/* Evaluates a against the witness w (indexed by wire). */
void lc_eval(fr_t *r, const lc_t *a, const fr_t *w);

/* Wire kinds in the order the .r1cs file wants them. */
typedef enum { W_ONE, W_OUTPUT, W_PUBLIC, W_PRIVATE, W_INTERNAL } wire_kind;

typedef struct {
    const char *name; /* full path, "main.x[3]" */
    loc_t loc;        /* declaration */
    uint8_t kind;     /* wire_kind */
    bool free;        /* marked intentionally free */
    int comp;         /* gadget instance (0 = main) */
} wire_t;

typedef struct {
    lc_t a, b, c;
    loc_t loc;
} cons_t;

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
    const loc_t *loc; /* source of the statement that emitted it */
} winst_t;

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
    winst_t *prog;
    size_t nprog, pcap;
    fr_t *k;
    uint32_t nk, kcap;
    uint32_t nslots;
    /* inputs of main in declaration order (for input.json) */
    struct cs_input {
        const char *name; /* as in input.json */
        uint32_t wire, n;
        int ndim, dims[8];
        loc_t loc;
    } *inputs, *outputs;
    int ninputs, noutputs;
    /* after optimization: wire index per label, or -1 when removed */
    int32_t *label_wire;
    uint32_t nfinal; /* wires left */
} cs_t;

cs_t *cs_new(arena_t *ar);
uint32_t cs_const(cs_t *cs, const fr_t *k);
void cs_emit(cs_t *cs, wop_t op, uint32_t d, uint32_t a, uint32_t b, uint32_t c, const loc_t *loc);
void cs_add_cons(cs_t *cs, lc_t a, lc_t b, lc_t c, loc_t loc);

/* Runs the witness program: slots (nslots entries) must hold 1 at 0 and the
 * inputs at their wires. Returns false (with a diagnostic) on a runtime error
 * such as division by zero in a hint. */
bool cs_run(const cs_t *cs, fr_t *slots);
/* Index of the first constraint the witness violates, or -1. */
long cs_check(const cs_t *cs, const fr_t *w);
/* Reads main's inputs from a circom-style input.json into slots. */
bool cs_read_inputs(const cs_t *cs, fr_t *slots, const char *json_path);

/* Writers (iden3 formats). They use label_wire / nfinal when set, else all wires. */
int cs_write_r1cs(const cs_t *cs, const char *path);
int cs_write_sym(const cs_t *cs, const char *path);
int cs_write_wtns(const cs_t *cs, const fr_t *w, const char *path);

#endif
