/* zkpot tests: the zkc compiler's memory structures, tested directly (the
 * compiler is not part of libzkpot, so its arena is compiled into this file).
 *   arena   scratch marks: a release frees exactly what was allocated after
 *           its mark, including one-off big blocks, and never a big block
 *           allocated before it (sgd P >= 70000 read such a block after a
 *           loop iteration's release had freed it).
 * The compact constraint store is tested end to end through zkc by
 * tests/zkc/coefs.zkc and the sgd/lora runs of check_zkc. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "test_util.h"
#include "../compiler/arena.c"

/* Fills n bytes at p with a pattern derived from tag. */
static void fill(uint8_t *p, size_t n, uint8_t tag) {
    for (size_t i = 0; i < n; i++) p[i] = (uint8_t)(tag + i * 131);
}

static bool same(const uint8_t *p, size_t n, uint8_t tag) {
    for (size_t i = 0; i < n; i++)
        if (p[i] != (uint8_t)(tag + i * 131)) return false;
    return true;
}

/* A big block allocated before a mark survives its release, through nested
 * scopes that allocate big and small blocks of their own; the memory those
 * scopes allocated is handed back (arena_used returns to the mark's). A
 * wrongly released block of 1 MiB or more would be kept as a spare and
 * handed out again by the standard allocations that follow each release. */
START_TEST(test_arena_big_before_mark) {
    uint64_t rng = 0xa7e0 + (uint64_t)_i;
    arena_t *a = arena_new();
    uint8_t *small = arena_alloc(a, 100); /* the block being filled */
    fill(small, 100, 1);
    size_t nbig = ARENA_BLOCK + test_rand64(&rng) % (3u << 20);
    uint8_t *big = arena_alloc(a, nbig); /* a one-off block behind it */
    fill(big, nbig, 2);
    for (int round = 0; round < 3; round++) {
        arena_mark_t m = arena_mark(a);
        size_t used = arena_used(a);
        for (int k = 0; k < 5; k++) {
            arena_mark_t m2 = arena_mark(a);
            size_t n2 = 1 + test_rand64(&rng) % (2u << 20);
            uint8_t *x = arena_alloc(a, n2);
            fill(x, n2, 3);
            (void)arena_alloc(a, 1 + test_rand64(&rng) % 5000);
            ck_assert(same(x, n2, 3));
            arena_release(a, m2);
        }
        arena_release(a, m);
        ck_assert_uint_eq(arena_used(a), used);
        /* standard allocations after the release: new blocks come from the spares */
        for (int k = 0; k < 40; k++) fill(arena_alloc(a, ARENA_BLOCK / 4), ARENA_BLOCK / 4, 4);
        ck_assert_msg(same(big, nbig, 2), "round %d: the big block allocated before the mark changed",
                      round);
        ck_assert(same(small, 100, 1));
    }
    arena_free(a);
}
END_TEST

/* Memory allocated after a mark and released is reused: the peak does not
 * grow with the number of scopes. */
START_TEST(test_arena_release_reuses) {
    arena_t *a = arena_new();
    (void)arena_alloc(a, 64);
    size_t peak = 0;
    for (int k = 0; k < 200; k++) {
        arena_mark_t m = arena_mark(a);
        for (int j = 0; j < 100; j++) fill(arena_alloc(a, 1000), 1000, (uint8_t)j);
        (void)arena_alloc(a, ARENA_BLOCK); /* big */
        if (k == 0) peak = arena_peak(a);
        arena_release(a, m);
    }
    ck_assert_uint_eq(arena_peak(a), peak);
    arena_free(a);
}
END_TEST

Suite *zkcmem_suite(void) {
    Suite *s = suite_create("zkcmem");
    TCase *tc = tcase_create("arena");
    tcase_add_loop_test(tc, test_arena_big_before_mark, 0, 4);
    tcase_add_test(tc, test_arena_release_reuses);
    suite_add_tcase(s, tc);
    return s;
}
