/* zkpot benchmarks: Groth16 setup, prove, verify and batch verify on a generated
 * circuit of 2^k constraints (ZKPOT_BENCH_G16_LOG, default 12), and snarkjs 0.7.6
 * proving with the same zkey and witness (tests/oracle/groth16_oracle.js
 * "timeprove", time measured inside node around groth16.prove, so node's start-up
 * is not counted). The witness is 3/4 bits (as in range checks), 1/4 random. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_util.h"

static uint64_t st = 0x5eed;
static uint64_t rnd(void) {
    uint64_t z = (st += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rand_fr(fr_t *r) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++) b[i] = (uint8_t)rnd();
    fr_reduce_bytes_le(r, b);
}

/* n constraints over 2 public inputs: wire t = 1 + 2 + j is either a bit
 * (b * b = b, b in {0,1}) or (w_x + w_y) * w_z of earlier wires. */
static r1cs_t *make_circuit(uint32_t nc, fr_t **wout) {
    uint32_t np = 2, nw = 1 + np + nc;
    r1cs_t *cs = zkp_calloc(1, sizeof *cs);
    cs->lc_start = zkp_calloc(3 * (size_t)nc + 1, sizeof *cs->lc_start);
    cs->terms = zkp_calloc(4 * (size_t)nc, sizeof *cs->terms);
    fr_t *w = zkp_calloc(nw, sizeof *w);
    fr_set_one(&w[0]);
    rand_fr(&w[1]), rand_fr(&w[2]);
    size_t t = 0;
    for (uint32_t j = 0; j < nc; j++) {
        uint32_t o = 1 + np + j;
        if (j % 4 != 3) {
            fr_set_u64(&w[o], rnd() & 1);
            cs->lc_start[3 * j] = t, cs->terms[t].wire = o, cs->terms[t++].coef = fr_one_c;
            cs->lc_start[3 * j + 1] = t, cs->terms[t].wire = o, cs->terms[t++].coef = fr_one_c;
        } else {
            uint32_t x = (uint32_t)(rnd() % o), y = (uint32_t)(rnd() % o), z = (uint32_t)(rnd() % o);
            fr_t s;
            fr_add(&s, &w[x], &w[y]);
            fr_mul(&w[o], &s, &w[z]);
            cs->lc_start[3 * j] = t;
            cs->terms[t].wire = x, cs->terms[t++].coef = fr_one_c;
            if (y != x) cs->terms[t].wire = y, cs->terms[t++].coef = fr_one_c;
            else fr_add(&cs->terms[t - 1].coef, &fr_one_c, &fr_one_c); /* 2 w_x */
            cs->lc_start[3 * j + 1] = t, cs->terms[t].wire = z, cs->terms[t++].coef = fr_one_c;
        }
        cs->lc_start[3 * j + 2] = t, cs->terms[t].wire = o, cs->terms[t++].coef = fr_one_c;
    }
    cs->lc_start[3 * (size_t)nc] = t;
    cs->n_wires = nw, cs->n_pub_in = np, cs->n_constraints = nc, cs->n_labels = nw;
    *wout = w;
    return cs;
}

static double secs(uint64_t t0) { return (double)(zkp_now_ns() - t0) / 1e9; }

void bench_groth16(void) {
    const char *e = getenv("ZKPOT_BENCH_G16_LOG");
    int lg = e ? atoi(e) : 12;
    if (lg < 4 || lg > 22) lg = 12;
    /* constraints + public + 1 fill the domain exactly */
    uint32_t nc = (1u << lg) - 3;
    fr_t *w;
    r1cs_t *cs = make_circuit(nc, &w);
    char name[128];
    groth16_pk_t *pk;
    uint64_t t0 = zkp_now_ns();
    if (groth16_setup(&pk, cs, NULL, NULL)) {
        fprintf(stderr, "bench_groth16: setup: %s\n", zkp_last_error());
        exit(1);
    }
    snprintf(name, sizeof name, "groth16_setup_2^%d", lg);
    bench_report(name, secs(t0), "s");

    groth16_proof_t pr[32];
    double best = 1e30;
    for (int r = 0; r < 3; r++) {
        t0 = zkp_now_ns();
        if (groth16_prove(&pr[0], pk, NULL, w, cs->n_wires, NULL, NULL)) exit(1);
        double s = secs(t0);
        if (s < best) best = s;
    }
    snprintf(name, sizeof name, "groth16_prove_2^%d", lg);
    bench_report(name, best, "s");
    t0 = zkp_now_ns();
    if (groth16_prove(&pr[0], pk, cs, w, cs->n_wires, NULL, NULL)) exit(1);
    snprintf(name, sizeof name, "groth16_prove_r1cs_check_2^%d", lg);
    bench_report(name, secs(t0), "s");

    /* snarkjs on the same zkey and witness */
    char dir[600], zk[700], wt[700], cmd[4096];
    snprintf(dir, sizeof dir, "%s/build/bench-cache", getenv("ZKPOT_ROOT") ? getenv("ZKPOT_ROOT") : ".");
    mkdir(dir, 0755);
    snprintf(zk, sizeof zk, "%s/g16_%d.zkey", dir, lg);
    snprintf(wt, sizeof wt, "%s/g16_%d.wtns", dir, lg);
    if (zkey_write(pk, zk) || wtns_write(w, cs->n_wires, wt)) {
        fprintf(stderr, "bench_groth16: %s\n", zkp_last_error());
    } else {
        snprintf(cmd, sizeof cmd,
                 "node %s/tests/oracle/groth16_oracle.js run '[\"timeprove\",\"%s\",\"%s\"]' 2>&1",
                 getenv("ZKPOT_ROOT") ? getenv("ZKPOT_ROOT") : ".", zk, wt);
        FILE *p = popen(cmd, "r");
        char line[256] = "";
        double ms = -1;
        if (p && fgets(line, sizeof line, p)) sscanf(line, "ms %lf", &ms);
        if (p) pclose(p);
        if (ms > 0) {
            snprintf(name, sizeof name, "snarkjs_prove_2^%d", lg);
            bench_report(name, ms / 1e3, "s");
            snprintf(name, sizeof name, "groth16_prove_speedup_vs_snarkjs_2^%d", lg);
            bench_report(name, ms / 1e3 / best, "x");
        } else {
            fprintf(stderr, "bench_groth16: snarkjs: %s\n", line);
        }
    }

    groth16_vk_t *vk;
    if (io_vk_from_zkey(&vk, pk)) exit(1);
    BENCH_NS("groth16_verify", 20, {
        if (groth16_verify(vk, w + 1, 2, &pr[0])) exit(1);
    });
    for (int k = 1; k < 32; k++)
        if (groth16_prove(&pr[k], pk, NULL, w, cs->n_wires, NULL, NULL)) exit(1);
    const fr_t *pubs[32];
    for (int k = 0; k < 32; k++) pubs[k] = w + 1;
    t0 = zkp_now_ns();
    int reps = 0;
    while (zkp_now_ns() - t0 < 300000000ull) {
        if (groth16_verify_batch(vk, pubs, pr, 32, NULL)) exit(1);
        reps++;
    }
    bench_report("groth16_verify_batch32_per_proof", (double)(zkp_now_ns() - t0) / reps / 32, "ns/op");
    io_vk_free(vk);
    zkey_free(pk);
    r1cs_free(cs);
    zkp_free(w);
}
