/* zkpot tests: the one Check runner. Suites are discovered by the Makefile from
 * tests/check_<module>.c, each defining `Suite *<module>_suite(void)`.
 * Usage: check_zkpot [suite...]   (CK_RUN_SUITE / CK_RUN_CASE / CK_INCLUDE_TAGS also work) */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef SUITE

int main(int argc, char **argv) {
    /* Check's 4 s default per test is too tight on a loaded 2-core machine; a
     * hang still ends. Read by tcase_create, so set before the suites are built. */
    setenv("CK_DEFAULT_TIMEOUT", "300", 0);
    SRunner *sr = srunner_create(NULL);
#define SUITE(name)                                                                                \
    do {                                                                                           \
        int want = argc < 2;                                                                       \
        for (int i = 1; i < argc; i++) want |= strcmp(argv[i], #name) == 0;                        \
        if (want) srunner_add_suite(sr, name##_suite());                                           \
    } while (0);
#include "suites.h"
#undef SUITE
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
