/* zkc: back ends fed from the structured witness program (cs->tree). */
#ifndef ZKC_GEN_H
#define ZKC_GEN_H

#include "cs.h"

/* ---- splitting a program into functions (wprog.c; both back ends) ----
 * One function holding a whole large program makes an optimizing compiler
 * superlinear (LLVM's ScalarEvolution on lora D=K=1024 R=49, whose W0 rows do
 * not reroll: 14k loops in one loop body; GCC took 8.5 CPU minutes and 3 GB
 * on its generated C). So the back ends
 * emit a program of more than WPROG_SPLIT_ABOVE items (loop bodies included)
 * as calls to functions of at most WPROG_PART_<back end> items each: the list is cut into
 * consecutive runs, and an item bigger than the limit (a loop) gets a function
 * of its own whose body is cut the same way. A part takes the counters of the
 * loops around it as arguments and passes a failing hint's error back up. */
#define WPROG_SPLIT_ABOVE 2048 /* a program of more items is split (both) */
#define WPROG_PART_LLVM 2048   /* most items per LLVM function */
/* Most items per C function. GCC -O2 on parts of 2,048 items spends most of
 * its time in tree PRE (operand addresses affine in counter arguments: lora
 * D=K=256 R=16, 13.3 of 36 s); with parts of 256 items PRE takes 0.5 s and the
 * whole compile 11 s (22 s as one function). See docs/compiler.md. */
#define WPROG_PART_C 256

/* dflt, or ZKC_PART=n from the environment (n >= 1: the threshold and the
 * part size of both back ends; tests force the split with it). */
size_t wprog_part_max(size_t dflt);
/* Items of x[0..n), loop bodies included: the size of the code emitted. */
size_t wprog_size(const witem_t *x, size_t n);
/* false when x[0..n) is at most max items (the caller emits it inline); else
 * calls part(ctx, x + i, m) for each run x[i .. i+m) in order and returns
 * true. A run is at most max items, or one item bigger than that. */
bool wprog_split(const witem_t *x, size_t n, size_t max,
                 void (*part)(void *ctx, const witem_t *run, size_t m), void *ctx);

/* A C identifier for the circuit from its file name ("dir/sgd.zkc" -> "sgd"). */
char *gen_name(arena_t *ar, const char *file);

/* Writes dir/name.h and dir/name.c (see gen_c.c). src is named in comments.
 * A program of more than WPROG_SPLIT_ABOVE items becomes static noinline
 * functions zkc_part_<j> called from <name>_witness. */
int gen_c(const cs_t *cs, const char *dir, const char *name, const char *src);

/* LLVM 14 (gen_llvm.c): the same program as an LLVM function
 *   int zkc_run(fr_t *slots, const fr_t *k)   (0 = ok, else the failing item)
 * (split into internal noinline functions zkc_part_<j> as above)
 * verified and optimized. gen_llvm_obj writes it as an object file; gen_llvm_ir
 * as text; gen_llvm_jit runs it on slots (inputs filled, slot 0 = 1). */
int gen_llvm_ir(const cs_t *cs, const char *path);
int gen_llvm_obj(const cs_t *cs, const char *path);
bool gen_llvm_jit(const cs_t *cs, fr_t *slots);

#endif
