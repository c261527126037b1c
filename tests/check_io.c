/* zkpot tests: L4 io (.r1cs, .wtns, .zkey, JSON). Round trips of random
 * structures, every kind of malformed file rejected with an error naming file,
 * section and byte offset, and the oracle: files made by circom2/snarkjs
 * (tests/oracle/io_fixtures.js, cached under build/oracle-cache/io) read,
 * checked and written back byte for byte; snarkjs accepts files we write. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"
#include "zkpot.h"

/* ---- helpers ---- */


static void rand_fr(fr_t *a, uint64_t *st) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++)
        b[i] = (uint8_t)test_rand64(st);
    fr_reduce_bytes_le(a, b);
}


/* Asserts that err is want and that the message names file (and section, byte
 * when given: section < 0 skips the section check). */
static void expect_err(zkp_err err, zkp_err want, const char *file, int section, const char *what) {
    const char *m = zkp_last_error();
    ck_assert_msg(err == want, "%s: got %d (%s), want %d; message: %s", what, err,
                  zkp_strerror(err), want, m);
    ck_assert_msg(strstr(m, file) != NULL, "%s: message does not name %s: %s", what, file, m);
    if (section >= 0) {
        char s[32];
        snprintf(s, sizeof s, "section %d", section);
        ck_assert_msg(strstr(m, s) != NULL, "%s: message does not name %s: %s", what, s, m);
        ck_assert_msg(strstr(m, "byte") != NULL, "%s: message has no byte offset: %s", what, m);
    }
}

/* ---- random r1cs ---- */

static r1cs_t *random_r1cs(uint64_t *st, bool with_extra) {
    r1cs_t *r = calloc(1, sizeof *r);
    r->n_pub_out = (uint32_t)(test_rand64(st) % 3);
    r->n_pub_in = (uint32_t)(test_rand64(st) % 3);
    r->n_prv_in = (uint32_t)(test_rand64(st) % 3);
    r->n_wires = 1 + r->n_pub_out + r->n_pub_in + r->n_prv_in + (uint32_t)(test_rand64(st) % 8);
    r->n_labels = r->n_wires + test_rand64(st) % 5;
    r->n_constraints = (uint32_t)(test_rand64(st) % 12);
    size_t n_lc = 3 * (size_t)r->n_constraints;
    r->lc_start = malloc((n_lc + 1) * sizeof *r->lc_start);
    r->terms = malloc((n_lc * 4 + 1) * sizeof *r->terms);
    uint64_t t = 0;
    for (size_t k = 0; k < n_lc; k++) {
        r->lc_start[k] = t;
        unsigned n = (unsigned)(test_rand64(st) % 5);
        for (unsigned i = 0; i < n; i++, t++) {
            r->terms[t].wire = (uint32_t)(test_rand64(st) % r->n_wires);
            rand_fr(&r->terms[t].coef, st);
        }
    }
    r->lc_start[n_lc] = t;
    if (test_rand64(st) % 4) {
        r->wire_to_label = malloc(8 * (size_t)r->n_wires);
        for (uint32_t i = 0; i < r->n_wires; i++)
            r->wire_to_label[i] = test_rand64(st) % r->n_labels;
    }
    if (with_extra) {
        r->n_extra = 2;
        r->extra = calloc(2, sizeof *r->extra);
        for (int i = 0; i < 2; i++) {
            r->extra[i].id = 4 + (uint32_t)i;
            r->extra[i].size = test_rand64(st) % 40;
            r->extra[i].data = malloc(r->extra[i].size + 1);
            for (uint64_t j = 0; j < r->extra[i].size; j++)
                r->extra[i].data[j] = (uint8_t)test_rand64(st);
        }
    }
    return r;
}

static void assert_r1cs_eq(const r1cs_t *a, const r1cs_t *b) {
    ck_assert_uint_eq(a->n_wires, b->n_wires);
    ck_assert_uint_eq(a->n_pub_out, b->n_pub_out);
    ck_assert_uint_eq(a->n_pub_in, b->n_pub_in);
    ck_assert_uint_eq(a->n_prv_in, b->n_prv_in);
    ck_assert_uint_eq(a->n_labels, b->n_labels);
    ck_assert_uint_eq(a->n_constraints, b->n_constraints);
    for (uint32_t c = 0; c < a->n_constraints; c++)
        for (unsigned m = 0; m < 3; m++) {
            size_t na, nb;
            const r1cs_term_t *ta = r1cs_lc(a, c, m, &na), *tb = r1cs_lc(b, c, m, &nb);
            ck_assert_uint_eq(na, nb);
            for (size_t i = 0; i < na; i++) {
                ck_assert_uint_eq(ta[i].wire, tb[i].wire);
                ck_assert(fr_eq(&ta[i].coef, &tb[i].coef));
            }
        }
    ck_assert((a->wire_to_label == NULL) == (b->wire_to_label == NULL));
    if (a->wire_to_label)
        ck_assert(!memcmp(a->wire_to_label, b->wire_to_label, 8 * (size_t)a->n_wires));
    ck_assert_uint_eq(a->n_extra, b->n_extra);
    for (size_t i = 0; i < a->n_extra; i++) {
        ck_assert_uint_eq(a->extra[i].id, b->extra[i].id);
        ck_assert_uint_eq(a->extra[i].size, b->extra[i].size);
        ck_assert(!memcmp(a->extra[i].data, b->extra[i].data, a->extra[i].size));
    }
}

START_TEST(r1cs_roundtrip_random) {
    uint64_t st = 0x1c5 + (uint64_t)_i;
    r1cs_t *r = random_r1cs(&st, _i % 2);
    uint8_t *b1, *b2;
    size_t n1, n2;
    ck_assert_int_eq(r1cs_write_mem(&b1, &n1, r), ZKP_OK);
    r1cs_t *q;
    ck_assert_msg(r1cs_read_mem(&q, b1, n1, "rand.r1cs") == ZKP_OK, "%s", zkp_last_error());
    assert_r1cs_eq(r, q);
    ck_assert_int_eq(r1cs_has_custom_gates(q), _i % 2 == 1);
    ck_assert_int_eq(r1cs_write_mem(&b2, &n2, q), ZKP_OK);
    ck_assert_uint_eq(n1, n2);
    ck_assert(!memcmp(b1, b2, n1));
    /* and through a file */
    char path[256];
    snprintf(path, sizeof path, "/tmp/zkpot_io_%d_%d.r1cs", (int)getpid(), _i);
    ck_assert_int_eq(r1cs_write(q, path), ZKP_OK);
    r1cs_t *f;
    ck_assert_int_eq(r1cs_read(&f, path), ZKP_OK);
    assert_r1cs_eq(r, f);
    unlink(path);
    r1cs_free(r), r1cs_free(q), r1cs_free(f);
    free(b1), free(b2);
}
END_TEST

/* A fixed small r1cs in the default section order (1, 2, 3), so that the
 * mutations below know where every field is:
 *   0 magic, 4 version, 8 nSections
 *   12 sec1 id, 16 size, 24 n8, 28 prime, 60 nWires, 64 nPubOut, 68 nPubIn,
 *   72 nPrvIn, 76 nLabels, 84 nConstraints
 *   88 sec2 id, 92 size, 100 first lc count, 104 wire, 108 coef */
static uint8_t *small_r1cs(size_t *len) {
    uint64_t st = 99;
    r1cs_t *r = random_r1cs(&st, false);
    /* force: 2 constraints, first A has one term, with a map */
    free(r->terms), free(r->lc_start), free(r->wire_to_label);
    r->n_wires = 5, r->n_pub_out = 1, r->n_pub_in = 1, r->n_prv_in = 1, r->n_labels = 6;
    r->n_constraints = 2;
    r->lc_start = malloc(7 * sizeof *r->lc_start);
    r->terms = malloc(6 * sizeof *r->terms);
    uint64_t starts[7] = {0, 1, 2, 3, 4, 5, 6};
    memcpy(r->lc_start, starts, sizeof starts);
    for (int i = 0; i < 6; i++)
        r->terms[i].wire = (uint32_t)i % 5, rand_fr(&r->terms[i].coef, &st);
    r->wire_to_label = malloc(5 * 8);
    for (int i = 0; i < 5; i++)
        r->wire_to_label[i] = (uint64_t)i;
    uint8_t *b;
    ck_assert_int_eq(r1cs_write_mem(&b, len, r), ZKP_OK);
    r1cs_free(r);
    return b;
}

static zkp_err read_r1cs_buf(const uint8_t *b, size_t n) {
    r1cs_t *r = NULL;
    zkp_err e = r1cs_read_mem(&r, b, n, "bad.r1cs");
    ck_assert(e != ZKP_OK || r != NULL);
    ck_assert(e == ZKP_OK || r == NULL);
    r1cs_free(r);
    return e;
}

START_TEST(r1cs_malformed) {
    size_t n;
    uint8_t *good = small_r1cs(&n);
    uint8_t *b = malloc(n + 64);
    ck_assert_int_eq(read_r1cs_buf(good, n), ZKP_OK);
    ck_assert_uint_eq(test_get32(good + 88), 2);
    ck_assert_uint_eq(test_get32(good + 100), 1);
    ck_assert_uint_eq(test_get32(good + 300), 1); /* the last of 6 lcs of one term each */

    /* every truncation */
    for (size_t k = 0; k < n; k++) {
        zkp_err e = read_r1cs_buf(good, k);
        ck_assert_msg(e == ZKP_ERR_FORMAT, "truncated to %zu: %d", k, e);
        ck_assert(strstr(zkp_last_error(), "bad.r1cs") && strstr(zkp_last_error(), "byte"));
    }
#define MUTATE(stmt, want, sec, what)                                                              \
    do {                                                                                           \
        memcpy(b, good, n);                                                                        \
        size_t len = n;                                                                            \
        stmt;                                                                                      \
        expect_err(read_r1cs_buf(b, len), want, "bad.r1cs", sec, what);                            \
    } while (0)
    MUTATE(b[0] = 'R', ZKP_ERR_FORMAT, -1, "wrong magic");
    ck_assert(strstr(zkp_last_error(), "magic"));
    MUTATE(test_put32(b + 4, 2), ZKP_ERR_FORMAT, -1, "wrong version");
    ck_assert(strstr(zkp_last_error(), "version"));
    MUTATE(test_put32(b + 8, 4), ZKP_ERR_FORMAT, -1, "more sections than present");
    MUTATE(test_put32(b + 8, 0xffffffffu), ZKP_ERR_FORMAT, -1, "absurd section count");
    MUTATE(test_put64(b + 16, ~0ull), ZKP_ERR_FORMAT, 1, "section size overflows");
    MUTATE(test_put64(b + 16, 1ull << 40), ZKP_ERR_FORMAT, 1, "section size past the end");
    MUTATE((test_put64(b + 16, 60), memmove(b + 84, b + 88, n - 88), len = n - 4), ZKP_ERR_FORMAT, 1,
           "header section too short");
    MUTATE((b[len] = 0, len++), ZKP_ERR_FORMAT, -1, "trailing byte");
    MUTATE(test_put32(b + 24, 48), ZKP_ERR_FORMAT, 1, "n8 = 48");
    MUTATE(b[28] ^= 1, ZKP_ERR_FORMAT, 1, "another prime");
    MUTATE(test_put32(b + 60, 0), ZKP_ERR_FORMAT, 1, "no wires");
    MUTATE(test_put32(b + 64, 4), ZKP_ERR_FORMAT, 1, "public signals fill every wire");
    memcpy(b, good, n);
    test_put32(b + 72, 100); /* circom --O2 counts private inputs it substituted away */
    ck_assert_int_eq(read_r1cs_buf(b, n), ZKP_OK);
    MUTATE(test_put32(b + 104, 5), ZKP_ERR_RANGE, 2, "wire index out of range");
    MUTATE(test_put32(b + 84, 3), ZKP_ERR_FORMAT, 2, "header counts more constraints");
    MUTATE(test_put32(b + 84, 1), ZKP_ERR_FORMAT, 2, "header counts fewer constraints");
    MUTATE(test_put32(b + 84, 0xffffffffu), ZKP_ERR_FORMAT, 2, "2^32-1 constraints");
    MUTATE(test_put32(b + 100, 0xffffffffu), ZKP_ERR_FORMAT, 2, "2^32-1 terms");
    MUTATE(test_put32(b + 300, 2), ZKP_ERR_FORMAT, 2, "two terms in the last lc, one present");
    MUTATE(memcpy(b + 108, (const uint8_t *)fr_modulus, 32), ZKP_ERR_NOT_CANONICAL, 2,
           "coefficient = r");
    ck_assert(strstr(zkp_last_error(), "canonical"));
    MUTATE(for (int i = 0; i < 32; i++) b[108 + i] = 0xff, ZKP_ERR_NOT_CANONICAL, 2,
           "coefficient = 2^256-1");
    MUTATE(test_put32(b + 12, 7), ZKP_ERR_FORMAT, -1, "header section missing");
    ck_assert(strstr(zkp_last_error(), "section 1 missing"));
    MUTATE(test_put32(b + 88, 7), ZKP_ERR_FORMAT, -1, "constraints section missing");
    MUTATE(test_put32(b + 88, 1), ZKP_ERR_FORMAT, 1, "header section duplicated");
    ck_assert(strstr(zkp_last_error(), "duplicated"));
    /* the map: third section, after the constraints */
    size_t map_hdr = 100 + (size_t)(test_get32(good + 92));
    ck_assert_uint_eq(test_get32(good + map_hdr), 3);
    MUTATE(test_put64(b + map_hdr + 12, 6), ZKP_ERR_RANGE, 3, "label >= nLabels");
    MUTATE((test_put64(b + map_hdr + 4, 32), len = n - 8), ZKP_ERR_FORMAT, 3, "map for 4 of 5 wires");
#undef MUTATE
    free(good), free(b);
}
END_TEST

/* ---- wtns ---- */

START_TEST(wtns_roundtrip_random) {
    uint64_t st = 0x77 + (uint64_t)_i;
    size_t n = (size_t)(_i * 7 % 50);
    fr_t *v = malloc((n + 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        rand_fr(&v[i], &st);
    if (n) fr_set_one(&v[0]);
    uint8_t *b1, *b2;
    size_t n1, n2;
    ck_assert_int_eq(wtns_write_mem(&b1, &n1, v, n), ZKP_OK);
    ck_assert_uint_eq(n1, 12 + 12 + 40 + 12 + 32 * n);
    wtns_t *w;
    ck_assert_msg(wtns_read_mem(&w, b1, n1, "rand.wtns") == ZKP_OK, "%s", zkp_last_error());
    ck_assert_uint_eq(w->n, n);
    for (size_t i = 0; i < n; i++)
        ck_assert(fr_eq(&v[i], &w->values[i]));
    ck_assert_int_eq(wtns_write_mem(&b2, &n2, w->values, w->n), ZKP_OK);
    ck_assert(n1 == n2 && !memcmp(b1, b2, n1));
    wtns_free(w);
    free(v), free(b1), free(b2);
}
END_TEST

/* wtns_read_mem and the zero-copy wtns_view_mem agree on every input. */
static zkp_err read_wtns_buf(const uint8_t *b, size_t n) {
    wtns_t *w = NULL;
    wtns_map_t v;
    zkp_err ev = wtns_view_mem(&v, b, n, "bad.wtns");
    ck_assert(ev == ZKP_OK ? v.le != NULL : v.le == NULL && v.n == 0);
    zkp_err e = wtns_read_mem(&w, b, n, "bad.wtns");
    ck_assert(e == ZKP_OK ? w != NULL : w == NULL);
    ck_assert_int_eq(e, ev);
    if (!e) {
        ck_assert_uint_eq(v.n, w->n);
        for (uint32_t i = 0; i < w->n; i++) {
            fr_t x;
            ck_assert_int_eq(fr_from_bytes_le(&x, v.le + 32 * (size_t)i), ZKP_OK);
            ck_assert(fr_eq(&x, &w->values[i]));
        }
    }
    wtns_free(w);
    return e;
}

/* Layout: 0 magic 4 version 8 nSections; 12 sec1 id 16 size 24 n8 28 prime
 * 60 count; 64 sec2 id 68 size 76 values */
START_TEST(wtns_malformed) {
    uint64_t st = 5;
    fr_t v[3];
    for (int i = 0; i < 3; i++)
        rand_fr(&v[i], &st);
    uint8_t *good;
    size_t n;
    ck_assert_int_eq(wtns_write_mem(&good, &n, v, 3), ZKP_OK);
    ck_assert_int_eq(read_wtns_buf(good, n), ZKP_OK);
    uint8_t *b = malloc(n + 64);
    for (size_t k = 0; k < n; k++)
        ck_assert_int_eq(read_wtns_buf(good, k), ZKP_ERR_FORMAT);
#define MUTATE(stmt, want, sec, what)                                                              \
    do {                                                                                           \
        memcpy(b, good, n);                                                                        \
        size_t len = n;                                                                            \
        stmt;                                                                                      \
        expect_err(read_wtns_buf(b, len), want, "bad.wtns", sec, what);                            \
    } while (0)
    MUTATE(memcpy(b, "r1cs", 4), ZKP_ERR_FORMAT, -1, "wrong magic");
    MUTATE(test_put32(b + 4, 1), ZKP_ERR_FORMAT, -1, "version 1");
    MUTATE(test_put32(b + 4, 3), ZKP_ERR_FORMAT, -1, "version 3");
    MUTATE(test_put32(b + 60, 4), ZKP_ERR_FORMAT, 2, "count 4, 3 values");
    MUTATE(test_put32(b + 60, 2), ZKP_ERR_FORMAT, 2, "count 2, 3 values");
    MUTATE(test_put32(b + 60, 0xffffffffu), ZKP_ERR_FORMAT, 2, "count 2^32-1");
    MUTATE(test_put64(b + 68, 95), ZKP_ERR_FORMAT, -1, "values size 95");
    ck_assert(strstr(zkp_last_error(), "after the last section"));
    MUTATE(test_put64(b + 16, ~0ull - 5), ZKP_ERR_FORMAT, 1, "header size overflows");
    MUTATE(test_put32(b + 24, 8), ZKP_ERR_FORMAT, 1, "n8 = 8");
    MUTATE(b[59] ^= 0x80, ZKP_ERR_FORMAT, 1, "prime differs");
    MUTATE(memcpy(b + 76 + 32, (const uint8_t *)fr_modulus, 32), ZKP_ERR_NOT_CANONICAL, 2,
           "value = r");
    MUTATE(test_put32(b + 64, 1), ZKP_ERR_FORMAT, 1, "duplicated header");
    MUTATE(test_put32(b + 64, 9), ZKP_ERR_FORMAT, -1, "values missing");
    MUTATE((test_put32(b + 8, 3), memcpy(b + len, "\x09\0\0\0\0\0\0\0\0\0\0\0", 12), len += 12),
           ZKP_ERR_FORMAT, 9, "unknown section");
#undef MUTATE
    free(good), free(b);
}
END_TEST

/* ---- zkey ---- */

static void rand_g1(g1_affine_t *r, uint64_t *st) {
    fr_t k;
    g1_t g;
    rand_fr(&k, st);
    g1_generator(&g);
    g1_mul_var(&g, &g, &k);
    g1_to_affine(r, &g);
}

static void rand_g2(g2_affine_t *r, uint64_t *st) {
    fr_t k;
    g2_t g;
    rand_fr(&k, st);
    g2_generator(&g);
    g2_mul_var(&g, &g, &k);
    g2_to_affine(r, &g);
}

/* A random key; some points at infinity as snarkjs leaves for unused wires. */
static zkey_t *random_zkey(uint64_t *st, uint32_t n_vars, uint32_t n_public, uint32_t domain) {
    zkey_t *k;
    uint32_t n_coefs = n_vars + 3;
    ck_assert_int_eq(zkey_new(&k, n_vars, n_public, domain, n_coefs), ZKP_OK);
    rand_g1(&k->alpha1, st), rand_g1(&k->beta1, st), rand_g1(&k->delta1, st);
    rand_g2(&k->beta2, st), rand_g2(&k->gamma2, st), rand_g2(&k->delta2, st);
    for (uint32_t i = 0; i <= n_public; i++)
        rand_g1(&k->ic[i], st);
    for (uint32_t i = 0; i < n_coefs; i++) {
        k->coefs[i].matrix = (uint32_t)(test_rand64(st) % 2);
        k->coefs[i].constraint = (uint32_t)(test_rand64(st) % domain);
        k->coefs[i].signal = (uint32_t)(test_rand64(st) % n_vars);
        rand_fr(&k->coefs[i].value, st);
    }
    for (uint32_t i = 0; i < n_vars; i++) {
        if (i % 3 != 2) rand_g1(&k->a[i], st), rand_g1(&k->b1[i], st), rand_g2(&k->b2[i], st);
    }
    for (uint32_t i = 0; i < n_vars - n_public - 1; i++)
        rand_g1(&k->c[i], st);
    for (uint32_t i = 0; i < domain; i++)
        rand_g1(&k->h[i], st);
    return k;
}

static bool g1a_eq(const g1_affine_t *a, const g1_affine_t *b) {
    if (a->infinity || b->infinity) return a->infinity == b->infinity;
    return fq_eq(&a->x, &b->x) && fq_eq(&a->y, &b->y);
}
static bool g2a_eq(const g2_affine_t *a, const g2_affine_t *b) {
    if (a->infinity || b->infinity) return a->infinity == b->infinity;
    return fq2_eq(&a->x, &b->x) && fq2_eq(&a->y, &b->y);
}

static void assert_zkey_eq(const zkey_t *a, const zkey_t *b) {
    ck_assert_uint_eq(a->n_vars, b->n_vars);
    ck_assert_uint_eq(a->n_public, b->n_public);
    ck_assert_uint_eq(a->domain_size, b->domain_size);
    ck_assert_uint_eq(a->n_coefs, b->n_coefs);
    ck_assert(g1a_eq(&a->alpha1, &b->alpha1) && g1a_eq(&a->beta1, &b->beta1));
    ck_assert(g1a_eq(&a->delta1, &b->delta1) && g2a_eq(&a->beta2, &b->beta2));
    ck_assert(g2a_eq(&a->gamma2, &b->gamma2) && g2a_eq(&a->delta2, &b->delta2));
    for (uint32_t i = 0; i <= a->n_public; i++)
        ck_assert(g1a_eq(&a->ic[i], &b->ic[i]));
    for (uint32_t i = 0; i < a->n_coefs; i++) {
        ck_assert_uint_eq(a->coefs[i].matrix, b->coefs[i].matrix);
        ck_assert_uint_eq(a->coefs[i].constraint, b->coefs[i].constraint);
        ck_assert_uint_eq(a->coefs[i].signal, b->coefs[i].signal);
        ck_assert(fr_eq(&a->coefs[i].value, &b->coefs[i].value));
    }
    for (uint32_t i = 0; i < a->n_vars; i++) {
        ck_assert(g1a_eq(&a->a[i], &b->a[i]) && g1a_eq(&a->b1[i], &b->b1[i]));
        ck_assert(g2a_eq(&a->b2[i], &b->b2[i]));
    }
    for (uint32_t i = 0; i < a->n_vars - a->n_public - 1; i++)
        ck_assert(g1a_eq(&a->c[i], &b->c[i]));
    for (uint32_t i = 0; i < a->domain_size; i++)
        ck_assert(g1a_eq(&a->h[i], &b->h[i]));
}

START_TEST(zkey_roundtrip_random) {
    uint64_t st = 0x2e7 + (uint64_t)_i;
    zkey_t *k = random_zkey(&st, 3 + (uint32_t)_i, 1 + (uint32_t)_i % 2, 8u << (_i % 3));
    uint8_t *b1, *b2;
    size_t n1, n2;
    ck_assert_int_eq(zkey_write_mem(&b1, &n1, k), ZKP_OK);
    zkey_t *q, *h;
    ck_assert_msg(zkey_read_mem(&q, b1, n1, "rand.zkey", ZKEY_READ_ALL) == ZKP_OK, "%s",
                  zkp_last_error());
    assert_zkey_eq(k, q);
    ck_assert_int_eq(zkey_write_mem(&b2, &n2, q), ZKP_OK);
    ck_assert(n1 == n2 && !memcmp(b1, b2, n1));
    zkey_free(q);
    ck_assert_int_eq(zkey_read_mem(&q, b1, n1, "rand.zkey", ZKEY_READ_TRUSTED), ZKP_OK);
    assert_zkey_eq(k, q);
    ck_assert_int_eq(zkey_read_mem(&h, b1, n1, "rand.zkey", ZKEY_READ_HEADER), ZKP_OK);
    ck_assert(h->a == NULL && h->b2 == NULL && h->h == NULL);
    ck_assert(g2a_eq(&h->delta2, &k->delta2) && g1a_eq(&h->ic[h->n_public], &k->ic[k->n_public]));
    free(b2);
    ck_assert_int_eq(zkey_write_mem(&b2, &n2, h), ZKP_ERR_INVALID_ARG);
    zkey_free(k), zkey_free(q), zkey_free(h);
    free(b1);
}
END_TEST

static zkp_err read_zkey_buf(const uint8_t *b, size_t n, unsigned flags) {
    zkey_t *k = NULL;
    zkp_err e = zkey_read_mem(&k, b, n, "bad.zkey", flags);
    ck_assert(e == ZKP_OK ? k != NULL : k == NULL);
    zkey_free(k);
    return e;
}

START_TEST(zkey_malformed) {
    uint64_t st = 0xbad;
    zkey_t *k = random_zkey(&st, 5, 2, 8);
    uint8_t *good;
    size_t n;
    ck_assert_int_eq(zkey_write_mem(&good, &n, k), ZKP_OK);
    zkey_free(k);
    ck_assert_int_eq(read_zkey_buf(good, n, 0), ZKP_OK);
    uint8_t *b = malloc(n + 256);
    for (size_t len = 0; len < n; len += 1 + len / 64)
        ck_assert_int_eq(read_zkey_buf(good, len, 0), ZKP_ERR_FORMAT);
    size_t hdr = test_sec_off(good, n, 2), coefs = test_sec_off(good, n, 4), a = test_sec_off(good, n, 5);
    size_t b2 = test_sec_off(good, n, 7), proto = test_sec_off(good, n, 1);
    ck_assert(hdr && coefs && a && b2 && proto);
    size_t nv = hdr + 72, npub = hdr + 76, dom = hdr + 80, alpha = hdr + 84;
    g2_affine_t off;
    test_g2_off_subgroup(&off, 2);
    uint8_t offb[G2_BYTES];
    g2_to_zkey(offb, &off);
#define MUTATE(stmt, want, sec, what)                                                              \
    do {                                                                                           \
        memcpy(b, good, n);                                                                        \
        size_t len = n;                                                                            \
        stmt;                                                                                      \
        (void)len;                                                                                 \
        expect_err(read_zkey_buf(b, len, 0), want, "bad.zkey", sec, what);                         \
    } while (0)
    MUTATE(b[3] = 'Y', ZKP_ERR_FORMAT, -1, "wrong magic");
    MUTATE(test_put32(b + 4, 2), ZKP_ERR_FORMAT, -1, "version 2");
    MUTATE(test_put32(b + proto, 2), ZKP_ERR_FORMAT, 1, "protocol plonk");
    MUTATE(test_put32(b + nv, 6), ZKP_ERR_FORMAT, 5, "nVars + 1: IC still fine, A too small");
    MUTATE(test_put32(b + npub, 3), ZKP_ERR_FORMAT, 3, "nPublic + 1: IC too small");
    MUTATE(test_put32(b + npub, 5), ZKP_ERR_FORMAT, 2, "nPublic = nVars");
    MUTATE(test_put32(b + dom, 12), ZKP_ERR_FORMAT, 2, "domain not a power of two");
    MUTATE(test_put32(b + dom, 16), ZKP_ERR_FORMAT, 9, "domain doubled, H too small");
    MUTATE(test_put32(b + dom, 0), ZKP_ERR_FORMAT, 2, "domain 0");
    MUTATE(b[hdr + 4] ^= 1, ZKP_ERR_FORMAT, 2, "another q");
    MUTATE(b[hdr + 40] ^= 1, ZKP_ERR_FORMAT, 2, "another r");
    MUTATE(b[alpha + 40] ^= 1, ZKP_ERR_NOT_ON_CURVE, 2, "alpha1 off the curve");
    ck_assert(strstr(zkp_last_error(), "alpha1"));
    MUTATE(memset(b + alpha, 0xff, 32), ZKP_ERR_NOT_CANONICAL, 2, "alpha1.x >= p");
    MUTATE(memcpy(b + alpha + 2 * G1_BYTES, offb, G2_BYTES), ZKP_ERR_NOT_IN_SUBGROUP, 2,
           "beta2 outside the subgroup");
    ck_assert(strstr(zkp_last_error(), "beta2"));
    MUTATE(memcpy(b + b2 + 2 * G2_BYTES, offb, G2_BYTES), ZKP_ERR_NOT_IN_SUBGROUP, 7,
           "B2[2] outside the subgroup");
    ck_assert(strstr(zkp_last_error(), "B2[2]"));
    memcpy(b, good, n);
    memcpy(b + b2 + 2 * G2_BYTES, offb, G2_BYTES);
    ck_assert_int_eq(read_zkey_buf(b, n, ZKEY_READ_TRUSTED), ZKP_OK); /* documented */
    MUTATE(b[b2 + G2_BYTES + 100] ^= 1, ZKP_ERR_NOT_ON_CURVE, 7, "B2[1] off the twist");
    MUTATE(b[a + 3 * G1_BYTES + 33] ^= 1, ZKP_ERR_NOT_ON_CURVE, 5, "A[3] off the curve");
    ck_assert(strstr(zkp_last_error(), "A[3]"));
    MUTATE(test_put32(b + coefs, 9), ZKP_ERR_FORMAT, 4, "coefficient count + 1");
    MUTATE(test_put32(b + coefs, 0xffffffffu), ZKP_ERR_FORMAT, 4, "coefficient count 2^32-1");
    MUTATE(test_put32(b + coefs + 4, 2), ZKP_ERR_FORMAT, 4, "matrix C");
    MUTATE(test_put32(b + coefs + 8, 8), ZKP_ERR_RANGE, 4, "constraint = domain");
    MUTATE(test_put32(b + coefs + 12, 5), ZKP_ERR_RANGE, 4, "signal = nVars");
    MUTATE(memcpy(b + coefs + 16, (const uint8_t *)fr_modulus, 32), ZKP_ERR_NOT_CANONICAL, 4,
           "coefficient = r");
    size_t b1 = test_sec_off(good, n, 6);
    MUTATE(test_put32(b + b1 - 12, 5), ZKP_ERR_FORMAT, 5, "B1 section relabelled A (duplicate)");
    ck_assert_msg(strstr(zkp_last_error(), "duplicated"), "%s", zkp_last_error());
    MUTATE(test_put32(b + a - 12, 11), ZKP_ERR_FORMAT, -1, "A section relabelled 11 (A missing)");
    MUTATE(test_put32(b + hdr - 4, 1), ZKP_ERR_FORMAT, 2, "header section size 2^32 + ...");
    MUTATE((b[len] = 7, len++), ZKP_ERR_FORMAT, -1, "trailing byte");
    ck_assert(strstr(zkp_last_error(), "after the last section"));
#undef MUTATE
    free(good), free(b);
}
END_TEST

/* ---- JSON ---- */

/* A copy of text with the first occurrence of from replaced by to. */
static char *replace_once(const char *text, const char *from, const char *to) {
    const char *at = strstr(text, from);
    ck_assert_msg(at != NULL, "'%s' not in the text", from);
    size_t n = strlen(text), nf = strlen(from), nt = strlen(to);
    char *r = malloc(n - nf + nt + 1);
    memcpy(r, text, (size_t)(at - text));
    memcpy(r + (at - text), to, nt);
    strcpy(r + (at - text) + nt, at + nf);
    return r;
}

static io_vk_t *random_vk(uint64_t *st, uint32_t n_public) {
    io_vk_t *vk = calloc(1, sizeof *vk);
    vk->n_public = n_public;
    vk->ic = calloc(n_public + 1, sizeof *vk->ic);
    rand_g1(&vk->alpha1, st);
    rand_g2(&vk->beta2, st), rand_g2(&vk->gamma2, st), rand_g2(&vk->delta2, st);
    for (uint32_t i = 0; i <= n_public; i++)
        rand_g1(&vk->ic[i], st);
    pairing(&vk->alphabeta, &vk->alpha1, &vk->beta2);
    return vk;
}

START_TEST(json_roundtrip_random) {
    uint64_t st = 0x15 + (uint64_t)_i;
    io_vk_t *vk = random_vk(&st, (uint32_t)_i % 4), *q;
    char *t1, *t2;
    ck_assert_int_eq(io_vk_to_json(&t1, vk), ZKP_OK);
    ck_assert_msg(io_vk_parse(&q, t1, strlen(t1), "rand_vk.json") == ZKP_OK, "%s",
                  zkp_last_error());
    ck_assert_uint_eq(q->n_public, vk->n_public);
    ck_assert(g1a_eq(&q->alpha1, &vk->alpha1) && g2a_eq(&q->beta2, &vk->beta2));
    ck_assert(g2a_eq(&q->gamma2, &vk->gamma2) && g2a_eq(&q->delta2, &vk->delta2));
    ck_assert(fq12_eq(&q->alphabeta, &vk->alphabeta));
    for (uint32_t i = 0; i <= vk->n_public; i++)
        ck_assert(g1a_eq(&q->ic[i], &vk->ic[i]));
    ck_assert_int_eq(io_vk_to_json(&t2, q), ZKP_OK);
    ck_assert_str_eq(t1, t2);
    free(t1), free(t2);
    io_vk_free(vk), io_vk_free(q);

    io_proof_t p, pq;
    rand_g1(&p.a, &st), rand_g2(&p.b, &st), rand_g1(&p.c, &st);
    if (_i == 1) p.c.infinity = true, fq_set_zero(&p.c.x), fq_set_zero(&p.c.y);
    ck_assert_int_eq(io_proof_to_json(&t1, &p), ZKP_OK);
    ck_assert_msg(io_proof_parse(&pq, t1, strlen(t1), "p.json") == ZKP_OK, "%s", zkp_last_error());
    ck_assert(g1a_eq(&p.a, &pq.a) && g2a_eq(&p.b, &pq.b) && g1a_eq(&p.c, &pq.c));
    ck_assert_int_eq(io_proof_to_json(&t2, &pq), ZKP_OK);
    ck_assert_str_eq(t1, t2);
    free(t1), free(t2);

    size_t n = (size_t)_i, m;
    fr_t v[8], *w;
    for (size_t i = 0; i < n; i++)
        rand_fr(&v[i], &st);
    ck_assert_int_eq(io_public_to_json(&t1, v, n), ZKP_OK);
    ck_assert_msg(io_public_parse(&w, &m, t1, strlen(t1), "pub.json") == ZKP_OK, "%s",
                  zkp_last_error());
    ck_assert_uint_eq(m, n);
    for (size_t i = 0; i < n; i++)
        ck_assert(fr_eq(&v[i], &w[i]));
    ck_assert_int_eq(io_public_to_json(&t2, w, m), ZKP_OK);
    ck_assert_str_eq(t1, t2);
    free(t1), free(t2), zkp_free(w);
}
END_TEST

static zkp_err parse_vk_text(const char *t) {
    io_vk_t *vk = NULL;
    zkp_err e = io_vk_parse(&vk, t, strlen(t), "bad_vk.json");
    ck_assert(e == ZKP_OK ? vk != NULL : vk == NULL);
    io_vk_free(vk);
    return e;
}

static zkp_err parse_proof_text(const char *t) {
    io_proof_t p;
    return io_proof_parse(&p, t, strlen(t), "bad_proof.json");
}

static zkp_err parse_public_text(const char *t) {
    fr_t *v = NULL;
    size_t n = 99;
    zkp_err e = io_public_parse(&v, &n, t, strlen(t), "bad_public.json");
    ck_assert(e == ZKP_OK ? v != NULL : (v == NULL && n == 0));
    zkp_free(v);
    return e;
}

/* Asserts err == want and that the message names file and key. */
static void expect_json_err(zkp_err err, zkp_err want, const char *file, const char *key,
                            const char *what) {
    const char *m = zkp_last_error();
    ck_assert_msg(err == want, "%s: got %d (%s), want %d; message: %s", what, err,
                  zkp_strerror(err), want, m);
    ck_assert_msg(strstr(m, file) != NULL, "%s: message does not name %s: %s", what, file, m);
    if (key)
        ck_assert_msg(strstr(m, key) != NULL, "%s: message does not name %s: %s", what, key, m);
}

START_TEST(json_malformed) {
    uint64_t st = 0x7a;
    io_vk_t *vk = random_vk(&st, 2);
    char *good, *t;
    char d[3][ZKP_DEC_MAX], d2[3][2][ZKP_DEC_MAX], p_dec[ZKP_DEC_MAX], r_dec[ZKP_DEC_MAX];
    ck_assert_int_eq(io_vk_to_json(&good, vk), ZKP_OK);
    ck_assert_int_eq(parse_vk_text(good), ZKP_OK);
    g1_to_dec(d, &vk->ic[1]);
    g2_to_dec(d2, &vk->gamma2);
    { /* p and r in decimal */
        fq_t m1;
        fr_t r1;
        fq_set_one(&m1), fq_neg(&m1, &m1), fr_set_one(&r1), fr_neg(&r1, &r1);
        fq_to_dec(p_dec, &m1), fr_to_dec(r_dec, &r1);
        p_dec[strlen(p_dec) - 1]++,
            r_dec[strlen(r_dec) - 1]++; /* p-1 -> p, r-1 -> r (end in 2, 6) */
    }
    char alt[ZKP_DEC_MAX + 16];
#define VK_MUT(from, to, want, key, what)                                                          \
    do {                                                                                           \
        t = replace_once(good, from, to);                                                          \
        expect_json_err(parse_vk_text(t), want, "bad_vk.json", key, what);                         \
        free(t);                                                                                   \
    } while (0)
    VK_MUT("{", "[", ZKP_ERR_FORMAT, "line 2 column", "syntax error");
    VK_MUT("\"groth16\"", "\"plonk\"", ZKP_ERR_FORMAT, "protocol", "protocol plonk");
    VK_MUT("\"bn128\"", "\"bls12381\"", ZKP_ERR_FORMAT, "curve", "another curve");
    VK_MUT("\"nPublic\": 2", "\"nPublic\": 3", ZKP_ERR_FORMAT, "IC", "nPublic disagrees with IC");
    VK_MUT("\"nPublic\": 2", "\"nPublic\": \"2\"", ZKP_ERR_FORMAT, "nPublic", "nPublic a string");
    VK_MUT("\"nPublic\": 2", "\"nPublic\": -1", ZKP_ERR_FORMAT, "nPublic", "nPublic negative");
    VK_MUT("\"vk_alpha_1\"", "\"vk_alpha_one\"", ZKP_ERR_FORMAT, "vk_alpha_1", "alpha missing");
    VK_MUT("\"protocol\": \"groth16\",", "\"protocol\": \"groth16\", \"protocol\": \"groth16\",",
           ZKP_ERR_FORMAT, "duplicate", "duplicate key");
    VK_MUT(d[1], "12345", ZKP_ERR_NOT_ON_CURVE, "IC[1]", "IC[1] off the curve");
    VK_MUT(d[0], p_dec, ZKP_ERR_NOT_CANONICAL, "IC[1]", "IC[1].x = p");
    snprintf(alt, sizeof alt, "%s0", d[0]);
    VK_MUT(d[0], alt, ZKP_ERR_NOT_CANONICAL, "IC[1]", "IC[1].x * 10 (too long or >= p)");
    snprintf(alt, sizeof alt, "-%s", d[0]);
    VK_MUT(d[0], alt, ZKP_ERR_FORMAT, "IC[1]", "IC[1].x negative");
    snprintf(alt, sizeof alt, "\"%s\"", d[0]);
    VK_MUT(alt, d[0], ZKP_ERR_FORMAT, "line", "IC[1].x a (too big) number");
    VK_MUT(d2[1][0], "7", ZKP_ERR_NOT_ON_CURVE, "vk_gamma_2", "gamma2 off the twist");
    {
        g2_affine_t off;
        char od[3][2][ZKP_DEC_MAX], from[1024], to[1024];
        test_g2_off_subgroup(&off, 2);
        g2_to_dec(od, &off);
        snprintf(from, sizeof from, "\"%s\",\n   \"%s\"\n  ],\n  [\n   \"%s\",\n   \"%s\"",
                 d2[0][0], d2[0][1], d2[1][0], d2[1][1]);
        snprintf(to, sizeof to, "\"%s\",\n   \"%s\"\n  ],\n  [\n   \"%s\",\n   \"%s\"", od[0][0],
                 od[0][1], od[1][0], od[1][1]);
        VK_MUT(from, to, ZKP_ERR_NOT_IN_SUBGROUP, "vk_gamma_2", "gamma2 outside the subgroup");
    }
    {
        char ab[ZKP_DEC_MAX], ab2[ZKP_DEC_MAX];
        fq_to_dec(ab, &vk->alphabeta.c1.c2.c1);
        fq_t x = vk->alphabeta.c1.c2.c1;
        fq_add(&x, &x, &fq_one_c);
        fq_to_dec(ab2, &x);
        VK_MUT(ab, ab2, ZKP_ERR_FORMAT, "vk_alphabeta_12", "alphabeta off by one");
    }
#undef VK_MUT
    free(good);

    io_proof_t p;
    rand_g1(&p.a, &st), rand_g2(&p.b, &st), rand_g1(&p.c, &st);
    ck_assert_int_eq(io_proof_to_json(&good, &p), ZKP_OK);
    g1_to_dec(d, &p.c);
    g2_to_dec(d2, &p.b);
#define P_MUT(from, to, want, key, what)                                                           \
    do {                                                                                           \
        t = replace_once(good, from, to);                                                          \
        expect_json_err(parse_proof_text(t), want, "bad_proof.json", key, what);                   \
        free(t);                                                                                   \
    } while (0)
    P_MUT("\"pi_b\"", "\"pi_B\"", ZKP_ERR_FORMAT, "pi_b", "pi_b missing");
    P_MUT(d[1], "1", ZKP_ERR_NOT_ON_CURVE, "pi_c", "pi_c off the curve");
    snprintf(alt, sizeof alt, "\"%s\",\n  \"1\"", d[1]);
    P_MUT(alt, "\"2\",\n  \"1\"", ZKP_ERR_NOT_ON_CURVE, "pi_c", "pi_c = (x, 2)");
    P_MUT("\"1\"\n ],\n \"protocol\"", "\"2\"\n ],\n \"protocol\"", ZKP_ERR_FORMAT, "pi_c",
          "pi_c projective z = 2");
    P_MUT(d2[0][1], p_dec, ZKP_ERR_NOT_CANONICAL, "pi_b", "pi_b x.c1 = p");
    P_MUT("\"groth16\"", "\"fflonk\"", ZKP_ERR_FORMAT, "protocol", "protocol fflonk");
    P_MUT("\"bn128\"\n}", "\"bn128\"\n", ZKP_ERR_FORMAT, "line", "truncated");
#undef P_MUT
    free(good);
    expect_json_err(parse_proof_text(""), ZKP_ERR_FORMAT, "bad_proof.json", NULL, "empty");
    expect_json_err(parse_proof_text("[]"), ZKP_ERR_FORMAT, "bad_proof.json", NULL, "array");

    char buf[400];
    expect_json_err(parse_public_text("{}"), ZKP_ERR_FORMAT, "bad_public.json", NULL, "object");
    expect_json_err(parse_public_text("[\"1\", 2]"), ZKP_ERR_FORMAT, "bad_public.json", "[1]",
                    "number");
    snprintf(buf, sizeof buf, "[\"1\", \"%s\"]", r_dec);
    expect_json_err(parse_public_text(buf), ZKP_ERR_NOT_CANONICAL, "bad_public.json", "[1]",
                    "value = r");
    expect_json_err(parse_public_text("[\"1\", \"0x10\"]"), ZKP_ERR_FORMAT, "bad_public.json",
                    "[1]", "hex");
    expect_json_err(parse_public_text("[\"\"]"), ZKP_ERR_FORMAT, "bad_public.json", "[0]", "empty");
    expect_json_err(parse_public_text("[\"1\" \"2\"]"), ZKP_ERR_FORMAT, "bad_public.json", "column",
                    "missing comma");
    ck_assert_int_eq(parse_public_text("[]"), ZKP_OK);
    ck_assert_int_eq(parse_public_text(" [ \"0\" , \"5\" ] "), ZKP_OK);
    io_vk_free(vk);
}
END_TEST

/* ---- oracle: circom2/snarkjs files ---- */

typedef struct {
    char name[32];
    char r1cs[512], wtns[512], zkey[512], vk[512], proof[512], pub[512];
} fixture_t;

/* Runs tests/oracle/io_fixtures.js (cached compile/setup, fresh random inputs). */
static int load_fixtures(fixture_t *fx, int max, uint64_t seed) {
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "node %s/tests/oracle/io_fixtures.js %s/build/oracle-cache/io %llu",
             test_root(), test_root(), (unsigned long long)seed);
    FILE *p = popen(cmd, "r");
    ck_assert(p != NULL);
    int n = 0;
    while (n < max && fscanf(p, "%31s %511s %511s %511s %511s %511s %511s", fx[n].name, fx[n].r1cs,
                             fx[n].wtns, fx[n].zkey, fx[n].vk, fx[n].proof, fx[n].pub) == 7)
        n++;
    ck_assert_msg(pclose(p) == 0, "%s failed", cmd);
    ck_assert_int_ge(n, 4);
    return n;
}

static void dot(fr_t *acc, const r1cs_t *r, uint32_t c, unsigned m, const wtns_t *w) {
    size_t n;
    const r1cs_term_t *t = r1cs_lc(r, c, m, &n);
    fr_set_zero(acc);
    for (size_t i = 0; i < n; i++) {
        fr_t x;
        fr_mul(&x, &t[i].coef, &w->values[t[i].wire]);
        fr_add(acc, acc, &x);
    }
}

static int run_node(const char *args) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "node %s/tests/oracle/node_modules/snarkjs/cli.js %s >/dev/null 2>&1",
             test_root(), args);
    return system(cmd);
}

/* The snarkjs zkey of fixture f: read, checked against its r1cs, written back
 * byte for byte; snarkjs exports the same verification key from our rewrite
 * (with our own empty contributions section). */
/* The snarkjs JSON files of fixture f: read, and written back byte for byte;
 * the verification key we derive from the zkey (alphabeta by our pairing) is
 * byte-identical to snarkjs's export; public.json holds the witness's
 * public signals. */
static void check_oracle_json(const fixture_t *f, const zkey_t *k, const wtns_t *w) {
    size_t n0;
    char *orig = (char *)test_slurp(f->vk, &n0), *ours;
    orig[n0] = 0;
    io_vk_t *vk;
    ck_assert_msg(io_vk_read(&vk, f->vk) == ZKP_OK, "%s", zkp_last_error());
    ck_assert_int_eq(io_vk_to_json(&ours, vk), ZKP_OK);
    ck_assert_msg(!strcmp(orig, ours), "%s: vk differs", f->name);
    free(ours), io_vk_free(vk);
    ck_assert_int_eq(io_vk_from_zkey(&vk, k), ZKP_OK);
    ck_assert_int_eq(io_vk_to_json(&ours, vk), ZKP_OK);
    ck_assert_msg(!strcmp(orig, ours), "%s: vk from the zkey differs", f->name);
    free(ours), io_vk_free(vk), free(orig);

    orig = (char *)test_slurp(f->proof, &n0);
    orig[n0] = 0;
    io_proof_t p;
    ck_assert_msg(io_proof_read(&p, f->proof) == ZKP_OK, "%s", zkp_last_error());
    ck_assert_int_eq(io_proof_to_json(&ours, &p), ZKP_OK);
    ck_assert_msg(!strcmp(orig, ours), "%s: proof differs", f->name);
    free(ours), free(orig);

    orig = (char *)test_slurp(f->pub, &n0);
    orig[n0] = 0;
    fr_t *v;
    size_t n;
    ck_assert_msg(io_public_read(&v, &n, f->pub) == ZKP_OK, "%s", zkp_last_error());
    ck_assert_uint_eq(n, k->n_public);
    for (size_t i = 0; i < n; i++)
        ck_assert(fr_eq(&v[i], &w->values[1 + i]));
    ck_assert_int_eq(io_public_to_json(&ours, v, n), ZKP_OK);
    ck_assert_msg(!strcmp(orig, ours), "%s: public differs", f->name);
    free(ours), free(orig), zkp_free(v);
}

static void check_oracle_zkey(const fixture_t *f, const r1cs_t *r, const wtns_t *w,
                              const char *dir) {
    zkey_t *k;
    ck_assert_msg(zkey_read(&k, f->zkey, ZKEY_READ_ALL) == ZKP_OK, "%s", zkp_last_error());
    ck_assert_uint_eq(k->n_vars, r->n_wires);
    ck_assert_uint_eq(k->n_public, r->n_pub_out + r->n_pub_in);
    ck_assert_uint_ge(k->domain_size, r->n_constraints + k->n_public + 1);
    /* section 4 lists A then B of every constraint in r1cs order, then A of
     * the extra rows nConstraints + s that bind the public signals (value 1) */
    uint32_t i = 0;
    for (uint32_t c = 0; c < r->n_constraints; c++)
        for (unsigned m = 0; m < 2; m++) {
            size_t nt;
            const r1cs_term_t *t = r1cs_lc(r, c, m, &nt);
            for (size_t j = 0; j < nt; j++, i++) {
                ck_assert_uint_lt(i, k->n_coefs);
                ck_assert_uint_eq(k->coefs[i].matrix, m);
                ck_assert_uint_eq(k->coefs[i].constraint, c);
                ck_assert_uint_eq(k->coefs[i].signal, t[j].wire);
                ck_assert_msg(fr_eq(&k->coefs[i].value, &t[j].coef), "%s: coefficient %u", f->name,
                              i);
            }
        }
    for (uint32_t p = 0; p <= k->n_public; p++, i++) {
        ck_assert_uint_eq(k->coefs[i].matrix, 0);
        ck_assert_uint_eq(k->coefs[i].constraint, r->n_constraints + p);
        ck_assert_uint_eq(k->coefs[i].signal, p);
        ck_assert(fr_is_one(&k->coefs[i].value));
    }
    ck_assert_uint_eq(i, k->n_coefs);
    size_t n0, n1;
    uint8_t *orig = test_slurp(f->zkey, &n0), *ours;
    ck_assert_int_eq(zkey_write_mem(&ours, &n1, k), ZKP_OK);
    ck_assert_msg(n0 == n1 && !memcmp(orig, ours, n0), "%s: zkey differs", f->name);
    free(orig), free(ours);
    char p_zkey[300], p_vk[300], args[1024];
    snprintf(p_zkey, sizeof p_zkey, "%.200s/%.31s.zkey", dir, f->name);
    snprintf(p_vk, sizeof p_vk, "%.200s/%.31s.vk.json", dir, f->name);
    zkp_free(k->contributions);
    k->contributions = NULL, k->n_order = 0;
    ck_assert_int_eq(zkey_write(k, p_zkey), ZKP_OK);
    snprintf(args, sizeof args, "zkey export verificationkey %s %s", p_zkey, p_vk);
    ck_assert_msg(run_node(args) == 0, "snarkjs %s", args);
    orig = test_slurp(f->vk, &n0), ours = test_slurp(p_vk, &n1);
    ck_assert_msg(n0 == n1 && !memcmp(orig, ours, n0), "%s: exported vk differs", f->name);
    free(orig), free(ours);
    if (!strcmp(f->name, "mulchain")) {
        /* snarkjs proves with the key we wrote, and the proof verifies */
        char p_proof[300], p_pub[300];
        snprintf(p_proof, sizeof p_proof, "%.200s/%.31s.proof.json", dir, f->name);
        snprintf(p_pub, sizeof p_pub, "%.200s/%.31s.public.json", dir, f->name);
        snprintf(args, sizeof args, "groth16 prove %s %s %s %s", p_zkey, f->wtns, p_proof, p_pub);
        ck_assert_msg(run_node(args) == 0, "snarkjs %s", args);
        snprintf(args, sizeof args, "groth16 verify %s %s %s", p_vk, p_pub, p_proof);
        ck_assert_msg(run_node(args) == 0, "snarkjs %s", args);
        unlink(p_proof), unlink(p_pub);
        /* snarkjs adds an MPC contribution on top of our empty transcript;
         * we read the result (new delta, C and H) and write it back byte for byte */
        char p_zkey2[300];
        snprintf(p_zkey2, sizeof p_zkey2, "%.200s/%.31s.contrib.zkey", dir, f->name);
        snprintf(args, sizeof args, "zkey contribute %s %s -e=zkpot-io-test", p_zkey, p_zkey2);
        ck_assert_msg(run_node(args) == 0, "snarkjs %s", args);
        zkey_t *k2;
        ck_assert_msg(zkey_read(&k2, p_zkey2, ZKEY_READ_ALL) == ZKP_OK, "%s", zkp_last_error());
        ck_assert_uint_gt(k2->contributions_size, 68);
        ck_assert(!g2a_eq(&k2->delta2, &k->delta2));
        orig = test_slurp(p_zkey2, &n0);
        ck_assert_int_eq(zkey_write_mem(&ours, &n1, k2), ZKP_OK);
        ck_assert_msg(n0 == n1 && !memcmp(orig, ours, n0), "contributed zkey differs");
        free(orig), free(ours), zkey_free(k2);
        unlink(p_zkey2);
    }
    unlink(p_zkey), unlink(p_vk);
    check_oracle_json(f, k, w);
    zkey_free(k);
}

START_TEST(oracle_r1cs_wtns) {
    fixture_t fx[8];
    int nf = load_fixtures(fx, 8, 0x5eed0000u + (uint64_t)time(NULL));
    char dir[256];
    snprintf(dir, sizeof dir, "%s/build/oracle-cache/io/ours-%d", test_root(), (int)getpid());
    mkdir(dir, 0755);
    for (int k = 0; k < nf; k++) {
        r1cs_t *r;
        wtns_t *w;
        ck_assert_msg(r1cs_read(&r, fx[k].r1cs) == ZKP_OK, "%s", zkp_last_error());
        ck_assert_msg(wtns_read(&w, fx[k].wtns) == ZKP_OK, "%s", zkp_last_error());
        ck_assert_uint_eq(w->n, r->n_wires);
        ck_assert(fr_is_one(&w->values[0]));
        ck_assert(r->wire_to_label != NULL);
        ck_assert_uint_gt(r->n_constraints, 0);
        /* the witness snarkjs computed satisfies the system we read */
        for (uint32_t c = 0; c < r->n_constraints; c++) {
            fr_t a, b, cc;
            dot(&a, r, c, 0, w), dot(&b, r, c, 1, w), dot(&cc, r, c, 2, w);
            fr_mul(&a, &a, &b);
            ck_assert_msg(fr_eq(&a, &cc), "%s: constraint %u not satisfied", fx[k].name, c);
        }
        /* byte-identical write back */
        size_t n0, n1;
        uint8_t *orig = test_slurp(fx[k].r1cs, &n0), *ours;
        ck_assert_int_eq(r1cs_write_mem(&ours, &n1, r), ZKP_OK);
        ck_assert_msg(n0 == n1 && !memcmp(orig, ours, n0), "%s: r1cs differs", fx[k].name);
        free(orig), free(ours);
        orig = test_slurp(fx[k].wtns, &n0);
        ck_assert_int_eq(wtns_write_mem(&ours, &n1, w->values, w->n), ZKP_OK);
        ck_assert_msg(n0 == n1 && !memcmp(orig, ours, n0), "%s: wtns differs", fx[k].name);
        free(orig), free(ours);
        /* snarkjs reads what we write, also in our own default section order */
        char p_r1cs[300], p_wtns[300], args[1024];
        snprintf(p_r1cs, sizeof p_r1cs, "%.200s/%.31s.r1cs", dir, fx[k].name);
        snprintf(p_wtns, sizeof p_wtns, "%.200s/%.31s.wtns", dir, fx[k].name);
        r->n_order = 0;
        ck_assert_int_eq(r1cs_write(r, p_r1cs), ZKP_OK);
        ck_assert_int_eq(wtns_write(w->values, w->n, p_wtns), ZKP_OK);
        snprintf(args, sizeof args, "r1cs info %s", p_r1cs);
        ck_assert_msg(run_node(args) == 0, "snarkjs %s", args);
        snprintf(args, sizeof args, "wtns check %s %s", p_r1cs, p_wtns);
        ck_assert_msg(run_node(args) == 0, "snarkjs %s", args);
        check_oracle_zkey(&fx[k], r, w, dir);
        /* and rejects a witness we broke, so the check above means something */
        { /* move a wire of constraint 0 by a random amount */
            uint32_t x = 0;
            for (unsigned m = 0; m < 3 && x == 0; m++) {
                size_t nt;
                const r1cs_term_t *t = r1cs_lc(r, 0, m, &nt);
                for (size_t j = 0; j < nt && x == 0; j++)
                    x = t[j].wire;
            }
            ck_assert_uint_ne(x, 0);
            uint64_t st = 0xb10c + (uint64_t)k;
            fr_t d;
            rand_fr(&d, &st);
            fr_add(&w->values[x], &w->values[x], &d);
        }
        ck_assert_int_eq(wtns_write(w->values, w->n, p_wtns), ZKP_OK);
        ck_assert_msg(run_node(args) != 0, "snarkjs accepted a broken witness: %s", args);
        unlink(p_r1cs), unlink(p_wtns);
        r1cs_free(r);
        wtns_free(w);
    }
    rmdir(dir);
}
END_TEST

/* ZKEY_READ_RAW: header, vk and IC checked as always, sizes and coefficient
 * indices checked, point sections and coefficient values left in the buffer. */
START_TEST(zkey_raw) {
    uint64_t st = 0x2a3;
    zkey_t *k = random_zkey(&st, 5, 2, 8), *q;
    uint8_t *good;
    size_t n;
    ck_assert_int_eq(zkey_write_mem(&good, &n, k), ZKP_OK);
    ck_assert_msg(zkey_read_mem(&q, good, n, "raw.zkey", ZKEY_READ_RAW) == ZKP_OK, "%s",
                  zkp_last_error());
    ck_assert(q->a == NULL && q->b2 == NULL && q->h == NULL && q->coefs == NULL);
    ck_assert_uint_eq(q->n_coefs, k->n_coefs);
    ck_assert(q->raw_coefs == good + test_sec_off(good, n, 4) + 4);
    ck_assert(q->raw_a == good + test_sec_off(good, n, 5) && q->raw_b1 == good + test_sec_off(good, n, 6));
    ck_assert(q->raw_b2 == good + test_sec_off(good, n, 7) && q->raw_c == good + test_sec_off(good, n, 8));
    ck_assert(q->raw_h == good + test_sec_off(good, n, 9));
    ck_assert(g2a_eq(&q->delta2, &k->delta2) && g1a_eq(&q->ic[1], &k->ic[1]));
    for (uint32_t i = 0; i < k->n_vars; i++) {
        g1_affine_t p;
        ck_assert_int_eq(g1_from_zkey(&p, q->raw_a + (size_t)i * G1_BYTES), ZKP_OK);
        ck_assert(g1a_eq(&p, &k->a[i]));
    }
    uint8_t *w2;
    size_t n2;
    ck_assert_int_eq(zkey_write_mem(&w2, &n2, q), ZKP_ERR_INVALID_ARG);
    zkey_free(q), zkey_free(k);
    for (size_t len = 0; len < n; len += 1 + len / 64)
        ck_assert_int_eq(read_zkey_buf(good, len, ZKEY_READ_RAW), ZKP_ERR_FORMAT);
    uint8_t *b = malloc(n + 16);
    size_t hdr = test_sec_off(good, n, 2), coefs = test_sec_off(good, n, 4), a = test_sec_off(good, n, 5);
    size_t b2 = test_sec_off(good, n, 7), h = test_sec_off(good, n, 9);
#define MUTATE(stmt, want, sec, what)                                                              \
    do {                                                                                           \
        memcpy(b, good, n);                                                                        \
        size_t len = n;                                                                            \
        stmt;                                                                                      \
        (void)len;                                                                                 \
        expect_err(read_zkey_buf(b, len, ZKEY_READ_RAW), want, "bad.zkey", sec, what);            \
    } while (0)
    MUTATE(b[3] = 'Y', ZKP_ERR_FORMAT, -1, "wrong magic");
    MUTATE(test_put32(b + hdr + 72, 6), ZKP_ERR_FORMAT, 5, "nVars + 1: A too small");
    MUTATE(test_put32(b + hdr + 80, 16), ZKP_ERR_FORMAT, 9, "domain doubled, H too small");
    MUTATE(b[hdr + 84 + 40] ^= 1, ZKP_ERR_NOT_ON_CURVE, 2, "alpha1 off the curve");
    MUTATE(test_put32(b + coefs, 9), ZKP_ERR_FORMAT, 4, "coefficient count + 1");
    MUTATE(test_put32(b + coefs + 4 + 44, 2), ZKP_ERR_FORMAT, 4, "coefficient 1: matrix C");
    ck_assert(strstr(zkp_last_error(), "coefficient 1"));
    MUTATE(test_put32(b + coefs + 8, 8), ZKP_ERR_RANGE, 4, "constraint = domain");
    MUTATE(test_put32(b + coefs + 12, 5), ZKP_ERR_RANGE, 4, "signal = nVars");
    MUTATE((b[len] = 7, len++), ZKP_ERR_FORMAT, -1, "trailing byte");
#undef MUTATE
    /* not decoded, so not rejected here (the prover's self-check catches them) */
    memcpy(b, good, n);
    b[a + 3 * G1_BYTES + 33] ^= 1, b[b2 + 100] ^= 1, b[h + 5] ^= 1;
    memcpy(b + coefs + 16, (const uint8_t *)fr_modulus, 32);
    ck_assert_int_eq(read_zkey_buf(b, n, ZKEY_READ_RAW), ZKP_OK);
    ck_assert_int_ne(read_zkey_buf(b, n, ZKEY_READ_ALL), ZKP_OK);
    free(good), free(b);
}
END_TEST

Suite *io_suite(void) {
    Suite *s = suite_create("io");
    TCase *tc = tcase_create("r1cs");
    tcase_add_loop_test(tc, r1cs_roundtrip_random, 0, 20);
    tcase_add_test(tc, r1cs_malformed);
    suite_add_tcase(s, tc);
    tc = tcase_create("wtns");
    tcase_add_loop_test(tc, wtns_roundtrip_random, 0, 10);
    tcase_add_test(tc, wtns_malformed);
    suite_add_tcase(s, tc);
    tc = tcase_create("zkey");
    tcase_add_loop_test(tc, zkey_roundtrip_random, 0, 6);
    tcase_add_test(tc, zkey_malformed);
    tcase_add_test(tc, zkey_raw);
    suite_add_tcase(s, tc);
    tc = tcase_create("json");
    tcase_add_loop_test(tc, json_roundtrip_random, 0, 6);
    tcase_add_test(tc, json_malformed);
    suite_add_tcase(s, tc);
    tc = tcase_create("oracle");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, oracle_r1cs_wtns);
    suite_add_tcase(s, tc);
    return s;
}
