/* zkpot tests: L3 Poseidon against circomlibjs 0.1.7 (tests/oracle/poseidon_oracle.js):
 * every generated constant of every width, hashes of random inputs for t = 2..17, the
 * textbook and optimized forms against each other, range errors, and the `zkpot poseidon`
 * CLI (output and rejection of malformed or out-of-range decimals). */
#define _GNU_SOURCE
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_util.h"
#include "zkpot.h"

static const unsigned partial_rounds[] = POSEIDON_PARTIAL_ROUNDS;

/* Random element with some edge values (0, 1, r-1) mixed in. */
static void rand_fr(fr_t *a, uint64_t *st) {
    uint64_t k = test_rand64(st) % 16;
    if (k == 0) {
        fr_set_zero(a);
    } else if (k == 1) {
        fr_set_one(a);
    } else if (k == 2) {
        fr_neg(a, &fr_one_c);
    } else {
        uint8_t b[32];
        for (int i = 0; i < 32; i++)
            b[i] = (uint8_t)test_rand64(st);
        fr_reduce_bytes_le(a, b);
    }
}


/* Every table of every width equals circomlibjs's src/poseidon_constants(_opt).json. */
START_TEST(constants_match_circomlibjs) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "node %s/tests/oracle/poseidon_oracle.js consts", test_root());
    int status;
    char *text = test_run(cmd, &status);
    ck_assert_msg(status == 0, "oracle failed: %s", cmd);
    int tables = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char name[16];
        unsigned t;
        size_t count;
        int off;
        ck_assert(sscanf(line, "%15s %u %zu %n", name, &t, &count, &off) == 3);
        const struct poseidon_params *p = poseidon_params(t);
        ck_assert_msg(p != NULL, "no parameters for t = %u", t);
        ck_assert_uint_eq(p->t, t);
        ck_assert_uint_eq(p->rf, POSEIDON_FULL_ROUNDS);
        ck_assert_uint_eq(p->rp, partial_rounds[t - 2]);
        const fr_t *ours;
        size_t n;
        if (!strcmp(name, "C"))
            ours = p->rc, n = (p->rf + p->rp) * t;
        else if (!strcmp(name, "M"))
            ours = p->mds, n = t * t;
        else if (!strcmp(name, "optC"))
            ours = p->opt_c, n = p->rf * t + p->rp;
        else if (!strcmp(name, "optS"))
            ours = p->opt_s, n = p->rp * (2 * t - 1);
        else if (!strcmp(name, "optM"))
            ours = p->opt_m, n = t * t;
        else if (!strcmp(name, "optP"))
            ours = p->opt_p, n = t * t;
        else
            ck_abort_msg("unknown table %s", name);
        ck_assert_msg(count == n, "%s t=%u: circomlibjs has %zu entries, we have %zu", name, t,
                      count, n);
        char *q = line + off;
        for (size_t i = 0; i < n; i++) {
            char *end = strchr(q, ' ');
            if (end) *end = 0;
            fr_t theirs;
            ck_assert_msg(fr_from_dec(&theirs, q) == ZKP_OK, "%s t=%u [%zu]: bad oracle value",
                          name, t, i);
            char buf[ZKP_DEC_MAX];
            ck_assert_msg(fr_eq(&theirs, &ours[i]), "%s t=%u [%zu]: ours %s, circomlibjs %s", name,
                          t, i, fr_to_dec(buf, &ours[i]), q);
            q = end ? end + 1 : q + strlen(q);
        }
        tables++;
    }
    ck_assert_int_eq(tables, 6 * 16);
    free(text);
}
END_TEST

/* Random hashes for every width, with random initial states and output counts, plus a few
 * `zkpot poseidon` runs, all checked against one batched oracle call. */
START_TEST(hashes_match_circomlibjs) {
    uint64_t st = 0x905e1d0 + (uint64_t)_i;
    const int per_width = test_cases(16);
    const int ncases = 16 * per_width, ncli = 6;
    struct tc {
        size_t n, nout;
        fr_t in[POSEIDON_MAX_INPUTS], init, out[POSEIDON_T_MAX];
    } *cs = calloc((size_t)(ncases + ncli), sizeof *cs);
    ck_assert(cs);
    char path[] = "/tmp/zkpot_poseidon_XXXXXX";
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    ck_assert(f);
    char buf[ZKP_DEC_MAX];
    for (int k = 0; k < ncases + ncli; k++) {
        struct tc *c = &cs[k];
        bool plain = k >= ncases || k % 3 == 0; /* poseidon(inputs): init 0, one output */
        c->n = k < ncases ? (size_t)(k / per_width) + 1 : 1 + test_rand64(&st) % 16;
        c->nout = plain ? 1 : 1 + test_rand64(&st) % (c->n + 1);
        for (size_t i = 0; i < c->n; i++)
            rand_fr(&c->in[i], &st);
        if (plain)
            fr_set_zero(&c->init);
        else
            rand_fr(&c->init, &st);
        fprintf(f, "%zu %s", c->nout, fr_to_dec(buf, &c->init));
        for (size_t i = 0; i < c->n; i++)
            fprintf(f, " %s", fr_to_dec(buf, &c->in[i]));
        fputc('\n', f);
        if (plain && k < ncases) {
            ck_assert_int_eq(poseidon_hash(c->out, c->in, c->n), ZKP_OK);
        } else if (k < ncases) {
            fr_t *init = fr_is_zero(&c->init) && k % 2 ? NULL : &c->init;
            ck_assert_int_eq(poseidon_hash_ex(c->out, c->nout, c->in, c->n, init), ZKP_OK);
        }
    }
    fclose(f);
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "node %s/tests/oracle/poseidon_oracle.js hash < %s", test_root(),
             path);
    int status;
    char *text = test_run(cmd, &status);
    unlink(path);
    ck_assert_msg(status == 0, "oracle failed: %s", cmd);
    char *save = NULL, *line = strtok_r(text, "\n", &save);
    for (int k = 0; k < ncases + ncli; k++, line = strtok_r(NULL, "\n", &save)) {
        struct tc *c = &cs[k];
        ck_assert_msg(line != NULL, "oracle gave %d lines, expected %d", k, ncases + ncli);
        if (k >= ncases) { /* the CLI on the same inputs */
            char cli[8192];
            int o = snprintf(cli, sizeof cli, "%s/zkpot poseidon", test_bindir());
            for (size_t i = 0; i < c->n; i++)
                o += snprintf(cli + o, sizeof cli - (size_t)o, " %s", fr_to_dec(buf, &c->in[i]));
            char *got = test_run(cli, &status);
            ck_assert_msg(status == 0, "%s exited %d", cli, status);
            size_t gl = strlen(got);
            ck_assert_msg(gl > 0 && got[gl - 1] == '\n', "%s: no output line", cli);
            got[gl - 1] = 0;
            ck_assert_msg(!strcmp(got, line), "%s printed %s, circomlibjs %s", cli, got, line);
            free(got);
            continue;
        }
        char *q = line;
        for (size_t j = 0; j < c->nout; j++) {
            char *end = strchr(q, ' ');
            if (end) *end = 0;
            ck_assert_msg(!strcmp(fr_to_dec(buf, &c->out[j]), q),
                          "t=%zu nout=%zu case %d out[%zu]: ours %s, circomlibjs %s", c->n + 1,
                          c->nout, k, j, buf, q);
            q = end ? end + 1 : q + strlen(q);
        }
    }
    free(text);
    free(cs);
}
END_TEST

/* The optimized permutation equals the textbook one on random states of every width. */
START_TEST(optimized_equals_textbook) {
    uint64_t st = 0x0b7 + (uint64_t)_i;
    for (size_t t = POSEIDON_T_MIN; t <= POSEIDON_T_MAX; t++) {
        for (int k = 0; k < test_cases(8); k++) {
            fr_t a[POSEIDON_T_MAX], b[POSEIDON_T_MAX];
            for (size_t i = 0; i < t; i++)
                rand_fr(&a[i], &st);
            memcpy(b, a, sizeof a);
            poseidon_permute(a, t);
            poseidon_permute_ref(b, t);
            for (size_t i = 0; i < t; i++)
                ck_assert_msg(fr_eq(&a[i], &b[i]), "t=%zu s[%zu]", t, i);
        }
    }
}
END_TEST

/* t = 3 has its own specialised routine (runtime/hash/poseidon.c): it equals the textbook
 * permutation on all 64 states made of the values 0, 1, r-1, 2 and on many random states
 * (with 0, 1, r-1 mixed in by rand_fr). */
START_TEST(t3_equals_textbook) {
    fr_t edge[4];
    fr_set_zero(&edge[0]);
    fr_set_one(&edge[1]);
    fr_neg(&edge[2], &fr_one_c);
    fr_set_u64(&edge[3], 2);
    for (int k = 0; k < 64; k++) {
        fr_t a[3] = {edge[k % 4], edge[k / 4 % 4], edge[k / 16]}, b[3];
        memcpy(b, a, sizeof a);
        poseidon_permute(a, 3);
        poseidon_permute_ref(b, 3);
        for (size_t i = 0; i < 3; i++)
            ck_assert_msg(fr_eq(&a[i], &b[i]), "edge state %d s[%zu]", k, i);
    }
    uint64_t st = 0x7e3 + (uint64_t)_i;
    for (int k = 0; k < test_cases(500); k++) {
        fr_t a[3], b[3];
        for (size_t i = 0; i < 3; i++)
            rand_fr(&a[i], &st);
        memcpy(b, a, sizeof a);
        poseidon_permute(a, 3);
        poseidon_permute_ref(b, 3);
        for (size_t i = 0; i < 3; i++)
            ck_assert_msg(fr_eq(&a[i], &b[i]), "random state %d s[%zu]", k, i);
    }
}
END_TEST

/* First use from several threads at once (each test runs in a fresh process, so the
 * parameters are generated here): every thread sees the same complete parameters. */
static void *hash_all_widths(void *arg) {
    fr_t *out = arg;
    for (size_t n = 1; n <= POSEIDON_MAX_INPUTS; n++) {
        fr_t in[POSEIDON_MAX_INPUTS];
        for (size_t i = 0; i < n; i++)
            fr_set_u64(&in[i], 1000 * n + i);
        if (poseidon_hash(&out[n - 1], in, n) != ZKP_OK) return NULL;
    }
    return out;
}

START_TEST(first_use_from_threads) {
    enum { NT = 4 };
    pthread_t th[NT];
    fr_t out[NT][POSEIDON_MAX_INPUTS];
    for (int k = 0; k < NT; k++)
        ck_assert_int_eq(pthread_create(&th[k], NULL, hash_all_widths, out[k]), 0);
    for (int k = 0; k < NT; k++) {
        void *ret;
        ck_assert_int_eq(pthread_join(th[k], &ret), 0);
        ck_assert(ret == out[k]);
    }
    fr_t again[POSEIDON_MAX_INPUTS];
    ck_assert(hash_all_widths(again) == again);
    for (int k = 0; k < NT; k++)
        for (size_t n = 0; n < POSEIDON_MAX_INPUTS; n++)
            ck_assert_msg(fr_eq(&out[k][n], &again[n]), "thread %d, %zu inputs", k, n + 1);
}
END_TEST

START_TEST(range_errors) {
    fr_t in[POSEIDON_MAX_INPUTS + 1], out[POSEIDON_T_MAX + 1], sentinel;
    for (size_t i = 0; i < ZKP_ARRAY_LEN(in); i++)
        fr_set_u64(&in[i], i + 1);
    fr_set_u64(&sentinel, 777);
    out[0] = sentinel;
    ck_assert_int_eq(poseidon_hash(out, in, 0), ZKP_ERR_RANGE);
    ck_assert_int_eq(poseidon_hash(out, in, 17), ZKP_ERR_RANGE);
    ck_assert_int_eq(poseidon_hash_ex(out, 1, in, 0, NULL), ZKP_ERR_RANGE);
    ck_assert_int_eq(poseidon_hash_ex(out, 1, in, 17, NULL), ZKP_ERR_RANGE);
    ck_assert_int_eq(poseidon_hash_ex(out, 0, in, 2, NULL), ZKP_ERR_RANGE);
    ck_assert_int_eq(poseidon_hash_ex(out, 4, in, 2, NULL), ZKP_ERR_RANGE);
    ck_assert(fr_eq(&out[0], &sentinel));
    ck_assert(strstr(zkp_last_error(), "outputs") != NULL);
    ck_assert(poseidon_params(0) == NULL);
    ck_assert(poseidon_params(1) == NULL);
    ck_assert(poseidon_params(18) == NULL);
    /* the limits themselves work; output may alias the input */
    ck_assert_int_eq(poseidon_hash_ex(out, 17, in, 16, NULL), ZKP_OK);
    fr_t x[2], y;
    fr_set_u64(&x[0], 1), fr_set_u64(&x[1], 2);
    ck_assert_int_eq(poseidon_hash(&y, x, 2), ZKP_OK);
    ck_assert_int_eq(poseidon_hash(&x[0], x, 2), ZKP_OK);
    ck_assert(fr_eq(&x[0], &y));
}
END_TEST

/* `zkpot poseidon` rejects bad arguments with a non-zero exit and a message naming the input. */
START_TEST(cli_rejects_bad_input) {
    static const struct {
        const char *args, *expect;
    } bad[] = {
        {"12a", "input 1"},
        {"1 -5", "input 2"},
        {"1 2 ''", "input 3"},
        {"' 7'", "input 1"},
        {"0x10", "input 1"},
        /* r itself, r + 1 and a 78-digit value above 2^256 are all out of range */
        {"21888242871839275222246405745257275088548364400416034343698204186575808495617",
         "modulus"},
        {"3 21888242871839275222246405745257275088548364400416034343698204186575808495618",
         "input 2"},
        {"999999999999999999999999999999999999999999999999999999999999999999999999999999",
         "modulus"},
        {"", "usage"},
        {"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", "usage"},
    };
    for (size_t k = 0; k < ZKP_ARRAY_LEN(bad); k++) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "%s/zkpot poseidon %s 2>&1", test_bindir(), bad[k].args);
        int status;
        char *out = test_run(cmd, &status);
        ck_assert_msg(status != 0, "%s: exit 0 (output %s)", cmd, out);
        ck_assert_msg(strstr(out, bad[k].expect) != NULL, "%s: message \"%s\" lacks \"%s\"", cmd,
                      out, bad[k].expect);
        free(out);
    }
    /* r - 1 is accepted */
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "%s/zkpot poseidon "
             "21888242871839275222246405745257275088548364400416034343698204186575808495616",
             test_bindir());
    int status;
    free(test_run(cmd, &status));
    ck_assert_int_eq(status, 0);
}
END_TEST

Suite *poseidon_suite(void) {
    Suite *s = suite_create("poseidon");
    TCase *tc = tcase_create("oracle");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, constants_match_circomlibjs);
    tcase_add_loop_test(tc, hashes_match_circomlibjs, 0, 1);
    tcase_add_test(tc, cli_rejects_bad_input);
    suite_add_tcase(s, tc);
    tc = tcase_create("native");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, optimized_equals_textbook, 0, 2);
    tcase_add_loop_test(tc, t3_equals_textbook, 0, 2);
    tcase_add_test(tc, range_errors);
    tcase_add_test(tc, first_use_from_threads);
    suite_add_tcase(s, tc);
    return s;
}
