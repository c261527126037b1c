/* zkpot tests: L0 util — error details, wiping, OS randomness. */
#include <check.h>
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

Suite *util_suite(void) {
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("util");
    tcase_add_test(tc, error_detail_may_quote_itself);
    tcase_add_test(tc, random_bytes_differ_and_memzero_wipes);
    suite_add_tcase(s, tc);
    return s;
}
