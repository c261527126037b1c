/* zkc: the optimizer and the soundness check over the constraint system.
 * Passes rewrite cs->cons in place (wires keep their label numbers); the last
 * step fills cs->label_wire. The pipeline is opt_run(). */
#ifndef ZKC_OPT_H
#define ZKC_OPT_H

#include "cs.h"

typedef struct {
    size_t cons_before, cons_after;
    size_t folded, linear, dup, unused_wires;
    /* wall seconds spent in each pass (all rounds) and in the checks of
     * --verify-passes */
    double t_fold, t_linear, t_dedup, t_number, t_verify;
} opt_stats_t;

/* Runs the passes for level 0..2. When w (a witness indexed by label) is given,
 * checks after every pass that it still satisfies the system and reports the
 * pass that broke it. Returns false after reporting an error. */
bool opt_run(cs_t *cs, int level, opt_stats_t *st, const fr_t *w);

/* Single passes (opt_run is the pipeline). opt_linear never eliminates a wire
 * with avoid[w] set (avoid may be NULL) and can hand back, per label, the
 * definition of every eliminated wire over the remaining wires as a span of
 * cs->tv (the caller frees *defs and *elims with free()). Each pass rewrites
 * the constraints' terms in place when they fit, appends them otherwise, and
 * compacts the store at its end. */
bool opt_fold(cs_t *cs, size_t *removed);
bool opt_linear(cs_t *cs, int level, const bool *avoid, size_t *removed, cspan_t **defs,
                bool **elims);

/* Soundness: every wire that is not an input and not marked free must be
 * determined by the constraints (rules in docs/compiler.md). Works on a copy
 * of the system after fold + linear elimination (so a recomposition that was
 * substituted into another constraint is seen whole); cs is not changed.
 * Reports each undetermined signal with its declaration; returns false if any. */
bool sound_check(const cs_t *cs);

#endif
