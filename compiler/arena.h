/* zkc: the per-compilation arena. Everything the compiler allocates (AST, values,
 * linear combinations, GMP limbs) comes from one arena and is freed at once. */
#ifndef ZKC_ARENA_H
#define ZKC_ARENA_H

#include <stddef.h>

typedef struct arena arena_t;

arena_t *arena_new(void);
/* Frees every block; a NULL arena is a no-op. */
void arena_free(arena_t *a);
/* Zeroed memory aligned to 16 bytes; aborts with a message when out of memory. */
void *arena_alloc(arena_t *a, size_t n);
char *arena_strdup(arena_t *a, const char *s);
char *arena_printf(arena_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Routes GMP's allocations to a (free is a no-op): every mpz lives as long as a. */
void arena_use_for_gmp(arena_t *a);
/* While GMP is routed to an arena: routes it to a instead; returns the previous one. */
arena_t *arena_gmp_switch(arena_t *a);
/* Bytes handed out so far (for --stats); arena_release gives them back. */
size_t arena_used(const arena_t *a);
/* The most arena_used has been (for --stats). */
size_t arena_peak(const arena_t *a);

/* Scratch use: arena_release(a, m) frees everything allocated since
 * m = arena_mark(a) (its blocks are kept for reuse). Marks nest like a stack;
 * memory allocated before the mark stays valid. */
typedef struct {
    unsigned long seq;      /* the last block allocated before the mark */
    unsigned long head_seq; /* the block being filled at the mark */
    size_t used, total;
} arena_mark_t;
arena_mark_t arena_mark(const arena_t *a);
void arena_release(arena_t *a, arena_mark_t m);

#endif
