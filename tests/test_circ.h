/* zkpot tests: a random R1CS with a known satisfying witness, built in code, for
 * the Groth16 suites (check_groth16.c, check_setup.c). Header-only.
 * Wires 0 = 1, 1..np public (free values), then m private wires; wire t is
 * defined by constraint t: (sum of a few earlier wires) * (sum of a few earlier
 * wires) = w_t, coefficients small (1..5) or random; a last constraint ties the
 * public wires in: (w_1 + ... + w_np) * 1 = (w_1 + ... + w_np). */
#ifndef ZKPOT_TEST_CIRC_H
#define ZKPOT_TEST_CIRC_H

#include "test_util.h"

typedef struct {
    r1cs_t *cs;
    uint64_t *row;
    r1cs_term_t *terms;
    fr_t *w;
    uint32_t nw;
} circ_t;

static inline void test_rand_fr(fr_t *r, uint64_t *st) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++) b[i] = (uint8_t)test_rand64(st);
    fr_reduce_bytes_le(r, b);
}

static inline void circ_make(circ_t *c, uint32_t np, uint32_t m, uint64_t seed) {
    uint64_t st = seed;
    uint32_t nw = 1 + np + m, nc = m + 1;
    size_t cap = (size_t)nc * 3 * (np + 4) + 16;
    c->cs = zkp_calloc(1, sizeof *c->cs);
    c->row = zkp_calloc(3 * (size_t)nc + 1, sizeof *c->row);
    c->terms = zkp_calloc(cap, sizeof *c->terms);
    c->nw = nw;
    c->w = calloc(nw, sizeof *c->w);
    ck_assert(c->cs && c->row && c->terms && c->w);
    fr_set_one(&c->w[0]);
    for (uint32_t i = 1; i <= np; i++) test_rand_fr(&c->w[i], &st);
    size_t t = 0;
    for (uint32_t j = 0; j < m; j++) {
        uint32_t out = 1 + np + j;
        fr_t lc[2];
        for (int mm = 0; mm < 2; mm++) {
            c->row[3 * j + mm] = t;
            fr_set_zero(&lc[mm]);
            int nt = 1 + (int)(test_rand64(&st) % 3);
            for (int q = 0; q < nt; q++) {
                uint32_t wire = (uint32_t)(test_rand64(&st) % out);
                fr_t co, p;
                if (test_rand64(&st) % 2) fr_set_u64(&co, 1 + test_rand64(&st) % 5);
                else test_rand_fr(&co, &st);
                c->terms[t].wire = wire, c->terms[t].coef = co, t++;
                fr_mul(&p, &co, &c->w[wire]);
                fr_add(&lc[mm], &lc[mm], &p);
            }
        }
        c->row[3 * j + 2] = t;
        c->terms[t].wire = out, fr_set_one(&c->terms[t].coef), t++;
        fr_mul(&c->w[out], &lc[0], &lc[1]);
    }
    c->row[3 * m] = t;
    for (uint32_t i = 1; i <= np; i++) c->terms[t].wire = i, fr_set_one(&c->terms[t].coef), t++;
    c->row[3 * m + 1] = t;
    c->terms[t].wire = 0, fr_set_one(&c->terms[t].coef), t++;
    c->row[3 * m + 2] = t;
    for (uint32_t i = 1; i <= np; i++) c->terms[t].wire = i, fr_set_one(&c->terms[t].coef), t++;
    c->row[3 * m + 3] = t;
    ck_assert(t <= cap);
    c->cs->n_wires = nw, c->cs->n_pub_in = np, c->cs->n_prv_in = 0, c->cs->n_constraints = nc;
    c->cs->n_labels = nw;
    c->cs->lc_start = c->row, c->cs->terms = c->terms;
}

/* r1cs_free frees row and terms too. */
static inline void circ_free(circ_t *c) { r1cs_free(c->cs), free(c->w); }

#endif
