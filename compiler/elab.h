/* zkc: elaboration. Loads the main file and its imports, evaluates compile-time
 * code (parameters, loops, conditionals, gadget instantiation), checks the
 * program (names, arity, shapes, indices, constant bounds, single assignment)
 * and produces the constraint system and the witness program (cs.h). */
#ifndef ZKC_ELAB_H
#define ZKC_ELAB_H

#include <stdbool.h>

#include "cs.h"

typedef struct {
    const char *name, *value;
} elab_define_t;

typedef struct {
    const char **incdirs; /* -I, searched after the importing file's folder */
    int nincdirs;
    const char *stdlib; /* searched last */
    elab_define_t *defs; /* -D NAME=VALUE */
    int ndefs;
    /* keep the whole flat witness program (cs_run) instead of rerolling each
     * loop as it closes */
    bool flat_witness;
} elab_opts_t;

/* Returns the elaborated circuit, or NULL after reporting errors. */
cs_t *elab_program(arena_t *ar, const char *main_file, const elab_opts_t *o);

#endif
