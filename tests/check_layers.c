/* zkpot tests: the runtime's layering (STYLE.md) — a module includes only its
 * own layer or lower. Reads runtime/<module>/ sources and their #include lines. */
#define _GNU_SOURCE
#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"

static const struct {
    const char *module;
    int layer;
} layers[] = {
    {"util", 0},    {"field", 1},   {"tower", 1},  {"curve", 2},   {"pairing", 3},
    {"msm", 3},     {"ntt", 3},     {"hash", 3},   {"poseidon", 3}, {"groth16", 4},
    {"io", 4},      {"agg", 5},     {"cache", 5},  {"metrics", 5}, {"config", 5},
    {"ledger", 5},  {"train", 5},   {"cli", 6},
};

static int layer_of(const char *module, size_t len) {
    for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++)
        if (strlen(layers[i].module) == len && !strncmp(layers[i].module, module, len))
            return layers[i].layer;
    return -1;
}

static int violations;
static char root_runtime[4096];

/* Module of an include target: "zkpot/<m>.h" or "<m>/file.h"; -1 layer if unknown. */
static int include_layer(const char *target) {
    if (!strncmp(target, "zkpot/", 6)) {
        const char *m = target + 6, *dot = strchr(m, '.');
        return dot ? layer_of(m, (size_t)(dot - m)) : -1;
    }
    if (!strcmp(target, "zkpot.h")) return 5; /* the umbrella header: top layer only */
    const char *slash = strchr(target, '/');
    return slash ? layer_of(target, (size_t)(slash - target)) : -1;
}

static int visit(const char *path, const struct stat *sb, int type, struct FTW *ftw) {
    (void)sb, (void)ftw;
    if (type != FTW_F) return 0;
    size_t n = strlen(path);
    if (n < 2 || (strcmp(path + n - 2, ".c") && strcmp(path + n - 2, ".h"))) return 0;
    const char *rel = path + strlen(root_runtime) + 1; /* <module>/file */
    const char *slash = strchr(rel, '/');
    if (!slash || !strncmp(rel, "include/", 8)) return 0;
    int mine = layer_of(rel, (size_t)(slash - rel));
    if (mine < 0) {
        fprintf(stderr, "layers: %s: module not in the layer table (tests/check_layers.c)\n", path);
        violations++;
        return 0;
    }
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[1024];
    for (int ln = 1; fgets(line, sizeof line, f); ln++) {
        char target[512];
        if (sscanf(line, " #include \"%511[^\"]\"", target) != 1) continue;
        int theirs = include_layer(target);
        if (theirs > mine) {
            fprintf(stderr, "layers: %s:%d includes \"%s\" (layer %d) from layer %d\n", path, ln,
                    target, theirs, mine);
            violations++;
        }
    }
    fclose(f);
    return 0;
}

START_TEST(runtime_respects_layers) {
    snprintf(root_runtime, sizeof root_runtime, "%s/runtime", test_root());
    violations = 0;
    ck_assert_int_eq(nftw(root_runtime, visit, 16, FTW_PHYS), 0);
    ck_assert_msg(violations == 0, "%d layering violations (see stderr)", violations);
}
END_TEST

Suite *layers_suite(void) {
    Suite *s = suite_create("layers");
    TCase *tc = tcase_create("includes");
    tcase_add_test(tc, runtime_respects_layers);
    suite_add_tcase(s, tc);
    return s;
}
