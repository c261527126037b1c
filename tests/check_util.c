/* zkpot tests: L0 util — error details, wiping, OS randomness. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "zkpot.h"

START_TEST(error_detail_may_quote_itself) {
    zkp_set_error("section 3 at byte %d: bad point", 1234);
    zkp_err e = zkp_fail(ZKP_ERR_FORMAT, "proof.zkey: %s", zkp_last_error());
    ck_assert_int_eq(e, ZKP_ERR_FORMAT);
    ck_assert_str_eq(zkp_last_error(), "proof.zkey: section 3 at byte 1234: bad point");
    ck_assert_str_eq(zkp_strerror(ZKP_OK), "ok");
    ck_assert_str_eq(zkp_strerror((zkp_err)999), "unknown error");
}
END_TEST

START_TEST(random_bytes_differ_and_memzero_wipes) {
    uint8_t a[64], b[64], z[64] = {0};
    ck_assert_int_eq(zkp_random_bytes(a, sizeof a), ZKP_OK);
    ck_assert_int_eq(zkp_random_bytes(b, sizeof b), ZKP_OK);
    ck_assert(memcmp(a, b, sizeof a) != 0);
    zkp_memzero(a, sizeof a);
    ck_assert(memcmp(a, z, sizeof a) == 0);
}
END_TEST

/* zkp_malloc_huge and zkp_malloc_huge_lazy (_i = 1): usable for every byte, 2 MiB
 * aligned from 2 MiB on, freed by zkp_free. */
START_TEST(malloc_huge_sizes) {
    void *(*alloc)(size_t) = _i ? zkp_malloc_huge_lazy : zkp_malloc_huge;
    const size_t hp = (size_t)2 << 20;
    const size_t sizes[] = {0, 1, 4096, (size_t)64 << 10, hp - 1, hp, hp + 1, 5 * hp + 3};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint8_t *p = alloc(sizes[i]);
        ck_assert_ptr_nonnull(p);
        if (sizes[i] >= hp) ck_assert_uint_eq((uintptr_t)p % hp, 0);
        memset(p, 0xa5, sizes[i]);
        if (sizes[i]) ck_assert_uint_eq(p[sizes[i] - 1], 0xa5);
        zkp_free(p);
    }
    ck_assert_ptr_null(alloc(SIZE_MAX - 16));
}
END_TEST

/* zkp_populate keeps contents (unaligned ranges inside a written buffer, heap and
 * mmap-sized) and ignores NULL and empty ranges. */
START_TEST(populate_keeps_contents) {
    const size_t sizes[] = {100, 5000, (size_t)300 << 10};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint8_t *p = zkp_malloc(sizes[i]);
        ck_assert_ptr_nonnull(p);
        for (size_t j = 0; j < sizes[i]; j++) p[j] = (uint8_t)(j * 7 + 1);
        zkp_populate(p + 3, sizes[i] - 5);
        zkp_populate(p, sizes[i]);
        for (size_t j = 0; j < sizes[i]; j++) ck_assert_uint_eq(p[j], (uint8_t)(j * 7 + 1));
        zkp_free(p);
    }
    zkp_populate(NULL, 100);
    uint8_t b = 9;
    zkp_populate(&b, 0);
    ck_assert_uint_eq(b, 9);
}
END_TEST

Suite *util_suite(void) {
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("util");
    tcase_add_test(tc, error_detail_may_quote_itself);
    tcase_add_test(tc, random_bytes_differ_and_memzero_wipes);
    tcase_add_loop_test(tc, malloc_huge_sizes, 0, 2);
    tcase_add_test(tc, populate_keeps_contents);
    suite_add_tcase(s, tc);
    return s;
}
