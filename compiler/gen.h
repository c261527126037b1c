/* zkc: back ends fed from the structured witness program (cs->tree). */
#ifndef ZKC_GEN_H
#define ZKC_GEN_H

#include "cs.h"

/* ---- splitting a program into functions (wprog.c; both back ends) ----
 * One function holding a whole large program makes an optimizing compiler
 * superlinear (LLVM's ScalarEvolution and GCC alike on lora D=K=1024 R=49,
 * whose W0 rows do not reroll: 14k loops in one loop body). So the back ends
 * emit a list of more than wprog_part_max() items (loop bodies included) as
 * calls to functions of at most that many items each: the list is cut into
 * consecutive runs, and an item bigger than the limit (a loop) gets a function
 * of its own whose body is cut the same way. A part takes the counters of the
 * loops around it as arguments and passes a failing hint's error back up. */
#define WPROG_PART_MAX 2048

/* WPROG_PART_MAX, or ZKC_PART=n from the environment (n >= 1; tests force the
 * split with it). */
size_t wprog_part_max(void);
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
 * A program of more than wprog_part_max() items becomes static noinline
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
