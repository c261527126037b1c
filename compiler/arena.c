/* zkc: bump allocator in large blocks; see arena.h. */
#include "arena.h"

#include <gmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <stdbool.h>

#define ARENA_BLOCK (1u << 20)
#define ARENA_BIG (32u << 20) /* blocks grow to this size, backed by huge pages */

typedef struct block {
    struct block *next;
    size_t used, size;
    unsigned long seq; /* allocation order (arena_release frees the newer ones) */
    _Alignas(16) unsigned char data[];
} block_t;

struct arena {
    block_t *head;
    block_t *spare; /* released standard blocks, for reuse */
    size_t total, peak, next_size;
    unsigned long seq;
};

arena_t *arena_new(void) {
    arena_t *a = calloc(1, sizeof *a);
    if (!a) {
        fprintf(stderr, "zkc: out of memory\n");
        exit(2);
    }
    return a;
}

void arena_free(arena_t *a) {
    if (!a) return;
    for (int l = 0; l < 2; l++)
        for (block_t *b = l ? a->spare : a->head, *n; b; b = n) {
            n = b->next;
            free(b);
        }
    free(a);
}

/* A released block of at least size bytes, or NULL. */
static block_t *take_spare(arena_t *a, size_t size) {
    for (block_t **p = &a->spare; *p; p = &(*p)->next)
        if ((*p)->size >= size) {
            block_t *b = *p;
            *p = b->next;
            return b;
        }
    return NULL;
}

void *arena_alloc(arena_t *a, size_t n) {
    n = (n + 15) & ~(size_t)15;
    block_t *b = a->head;
    if (!b || b->size - b->used < n) {
        bool big = n > ARENA_BLOCK / 4;
        size_t size = big ? n : a->next_size ? a->next_size : ARENA_BLOCK;
        if (!big && a->next_size < ARENA_BIG) a->next_size = 2 * size;
        block_t *nb = big ? NULL : take_spare(a, n);
        if (nb) {
            size = nb->size;
        } else if (size >= (2u << 20)) {
            if (posix_memalign((void **)&nb, 2u << 20, sizeof *nb + size) != 0) nb = NULL;
        } else {
            nb = malloc(sizeof *nb + size);
        }
        if (!nb) {
            fprintf(stderr, "zkc: out of memory (arena)\n");
            exit(2);
        }
        if (size >= (2u << 20)) madvise(nb, sizeof *nb + size, MADV_HUGEPAGE);
        nb->used = 0;
        nb->seq = ++a->seq;
        nb->size = size;
        if (b && big) { /* a big one-off block: keep filling the current one */
            nb->next = b->next;
            b->next = nb;
            b = nb;
        } else {
            nb->next = b;
            a->head = b = nb;
        }
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    if (a->total > a->peak) a->peak = a->total;
    memset(p, 0, n);
    return p;
}

char *arena_strdup(arena_t *a, const char *s) {
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(a, n);
    memcpy(p, s, n);
    return p;
}

char *arena_printf(arena_t *a, const char *fmt, ...) {
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

size_t arena_used(const arena_t *a) { return a->total; }

size_t arena_peak(const arena_t *a) { return a->peak; }

arena_mark_t arena_mark(const arena_t *a) {
    return (arena_mark_t){a->seq, a->head ? a->head->seq : 0, a->head ? a->head->used : 0, a->total};
}

/* Big one-off blocks sit behind the head, so the whole list is scanned (a
 * scratch arena holds few blocks). A block is released when it was allocated
 * after the mark: its number is above every number handed out before (a big
 * block allocated before the mark has a higher number than the head it sits
 * behind, and must stay: sgd P=70000 used one after it was freed). */
void arena_release(arena_t *a, arena_mark_t m) {
    for (block_t **p = &a->head; *p;) {
        block_t *b = *p;
        if (b->seq <= m.seq) {
            if (b->seq == m.head_seq) b->used = m.used;
            p = &b->next;
            continue;
        }
        *p = b->next;
        if (b->size <= ARENA_BIG && b->size >= ARENA_BLOCK) {
            b->next = a->spare;
            a->spare = b;
        } else {
            free(b);
        }
    }
    a->total = m.total;
}

static arena_t *gmp_arena;

static void *gmp_alloc(size_t n) { return arena_alloc(gmp_arena, n); }
static void *gmp_realloc(void *p, size_t old, size_t n) {
    if (n <= old) return p;
    void *q = arena_alloc(gmp_arena, n);
    memcpy(q, p, old);
    return q;
}
static void gmp_free(void *p, size_t n) { (void)p, (void)n; }

arena_t *arena_gmp_switch(arena_t *a) {
    arena_t *old = gmp_arena;
    gmp_arena = a;
    return old;
}

void arena_use_for_gmp(arena_t *a) {
    gmp_arena = a;
    if (a)
        mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
    else
        mp_set_memory_functions(NULL, NULL, NULL);
}
