/* zkc: back ends fed from the structured witness program (cs->tree). */
#ifndef ZKC_GEN_H
#define ZKC_GEN_H

#include "cs.h"

/* A C identifier for the circuit from its file name ("dir/sgd.zkc" -> "sgd"). */
char *gen_name(arena_t *ar, const char *file);

/* Writes dir/name.h and dir/name.c (see gen_c.c). src is named in comments. */
int gen_c(const cs_t *cs, const char *dir, const char *name, const char *src);

/* LLVM 14 (gen_llvm.c): the same program as an LLVM function
 *   int zkc_run(fr_t *slots, const fr_t *k)   (0 = ok, else the failing item)
 * verified and optimized. gen_llvm_obj writes it as an object file; gen_llvm_ir
 * as text; gen_llvm_jit runs it on slots (inputs filled, slot 0 = 1). */
int gen_llvm_ir(const cs_t *cs, const char *path);
int gen_llvm_obj(const cs_t *cs, const char *path);
bool gen_llvm_jit(const cs_t *cs, fr_t *slots);

#endif
