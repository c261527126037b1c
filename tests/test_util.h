/* zkpot tests: helpers shared by the Check suites (deterministic test RNG,
 * paths to the oracles and binaries). Header-only. */
#ifndef ZKPOT_TEST_UTIL_H
#define ZKPOT_TEST_UTIL_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <zkpot.h>

/* splitmix64: a fast deterministic generator for test inputs (never for secrets). */
static inline uint64_t test_rand64(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* The repository root (ZKPOT_ROOT, set by `make test`), else ".". */
static inline const char *test_root(void) {
    const char *r = getenv("ZKPOT_ROOT");
    return r && *r ? r : ".";
}

/* Directory of the built binaries (ZKPOT_BIN), else "build/bin". */
static inline const char *test_bindir(void) {
    const char *r = getenv("ZKPOT_BIN");
    return r && *r ? r : "build/bin";
}

/* Number of random cases: ZKPOT_TEST_SCALE multiplies the default (slow runs). */
static inline int test_cases(int dflt) {
    const char *s = getenv("ZKPOT_TEST_SCALE");
    int k = s ? atoi(s) : 1;
    return dflt * (k > 0 ? k : 1);
}

/* Runs cmd through the shell; returns its whole stdout (NUL-terminated, caller
 * frees) and sets *status to its exit status (-1 if it did not exit normally). */
static inline char *test_run(const char *cmd, int *status) {
    FILE *p = popen(cmd, "r");
    ck_assert_msg(p != NULL, "popen(%s) failed", cmd);
    size_t cap = 1 << 16, len = 0, got;
    char *buf = malloc(cap);
    ck_assert(buf);
    while ((got = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            buf = realloc(buf, cap *= 2);
            ck_assert(buf);
        }
    }
    buf[len] = 0;
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return buf;
}

/* A whole file (NUL-terminated past *n, caller frees); fails the test if it
 * cannot be read. */
static inline uint8_t *test_slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    ck_assert(fseek(f, 0, SEEK_END) == 0);
    long len = ftell(f);
    ck_assert(len >= 0 && fseek(f, 0, SEEK_SET) == 0);
    uint8_t *b = malloc((size_t)len + 1);
    ck_assert(b != NULL);
    ck_assert(fread(b, 1, (size_t)len, f) == (size_t)len);
    fclose(f);
    b[len] = 0;
    *n = (size_t)len;
    return b;
}
/* Writes n bytes to path (replacing it); fails the test on error. */
static inline void test_spit(const char *path, const uint8_t *b, size_t n) {
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot create %s", path);
    ck_assert(fwrite(b, 1, n, f) == n);
    ck_assert(fclose(f) == 0);
}

/* A fresh directory /tmp/zkpot_<tag>_XXXXXX (caller frees with test_tmpdir_free,
 * which removes it and everything in it). */
static inline char *test_tmpdir_new(const char *tag) {
    char *d = malloc(strlen(tag) + 32);
    ck_assert(d != NULL);
    sprintf(d, "/tmp/zkpot_%s_XXXXXX", tag);
    ck_assert_msg(mkdtemp(d) != NULL, "mkdtemp %s", d);
    return d;
}
static inline void test_tmpdir_free(char *d) {
    size_t n = strlen(d) + 16;
    char *cmd = malloc(n);
    ck_assert(cmd != NULL);
    snprintf(cmd, n, "rm -rf '%s'", d);
    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
    free(d);
}

/* The path (caller frees) of the .r1cs of io_fixtures.js's circuit name, compiled
 * by circom2 into build/oracle-cache/io beside its pot10_final.ptau (check_io,
 * check_ptau, check_setup_ptau); io_fixtures.js runs only when they are missing. */
static inline char *test_io_fixture_r1cs(const char *name) {
    char cmd[2048];
    int st;
    snprintf(
        cmd, sizeof cmd,
        "ls %s/build/oracle-cache/io/%s-*/io_%s.r1cs %s/build/oracle-cache/io/pot10_final.ptau "
        "2>/dev/null",
        test_root(), name, name, test_root());
    char *out = test_run(cmd, &st), *r1cs = NULL;
    char path[1024];
    if (st == 0 && sscanf(out, "%1023s", path) == 1 && strstr(out, "pot10_final.ptau"))
        r1cs = strdup(path);
    free(out);
    if (r1cs) return r1cs;
    snprintf(cmd, sizeof cmd, "node %s/tests/oracle/io_fixtures.js %s/build/oracle-cache/io 7 2>&1",
             test_root(), test_root());
    out = test_run(cmd, &st);
    ck_assert_msg(st == 0, "io_fixtures.js failed: %s", out);
    char *line = out;
    while (line && *line) {
        char nm[64];
        if (sscanf(line, "%63s %1023s", nm, path) == 2 && !strcmp(nm, name)) r1cs = strdup(path);
        line = strchr(line, '\n');
        if (line) line++;
    }
    ck_assert_msg(r1cs, "no %s in io_fixtures.js output: %s", name, out);
    free(out);
    return r1cs;
}

/* Little-endian fields and the section table of iden3 binary containers
 * (.r1cs/.wtns/.zkey/.ptau: magic, version, section count, then per section
 * u32 id, u64 size, body), for tests that edit files byte by byte. */
static inline void test_put32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline void test_put64(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint32_t test_get32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
/* Byte offset of the first section id's body (its table entry at off - 12), 0 if absent. */
static inline size_t test_sec_off(const uint8_t *b, size_t n, uint32_t id) {
    size_t pos = 12;
    for (uint32_t i = 0; i < test_get32(b + 8) && pos + 12 <= n; i++) {
        uint64_t size = test_get32(b + pos + 4) | (uint64_t)test_get32(b + pos + 8) << 32;
        if (test_get32(b + pos) == id) return pos + 12;
        pos += 12 + size;
    }
    return 0;
}

/* A point on the twist y^2 = x^3 + 3/(9+u) outside the order-r subgroup:
 * the first x = k + u, k >= seed, that gives one (asserted on the curve). */
static inline void test_g2_off_subgroup(g2_affine_t *p, uint64_t seed) {
    fq2_t b, xi, x, y;
    fq_set_u64(&xi.c0, 9), fq_set_one(&xi.c1);
    fq2_inv(&b, &xi);
    fq_t three;
    fq_set_u64(&three, 3);
    fq2_mul_fq(&b, &b, &three);
    for (uint64_t k = seed;; k++) {
        fq_set_u64(&x.c0, k), fq_set_u64(&x.c1, 1);
        fq2_sqr(&y, &x), fq2_mul(&y, &y, &x), fq2_add(&y, &y, &b);
        if (!fq2_sqrt(&p->y, &y)) continue;
        p->x = x, p->infinity = false;
        ck_assert(g2_affine_is_on_curve(p));
        if (!g2_affine_in_subgroup(p)) return;
    }
}

#endif
