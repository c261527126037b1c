/* zkpot benchmarks: Groth16 setup, prove, verify and batch verify on a generated
 * circuit of 2^k constraints (ZKPOT_BENCH_G16_LOG, default 12), and snarkjs 0.7.6
 * proving with the same zkey and witness (tests/oracle/groth16_oracle.js
 * "timeprove", time measured inside node around groth16.prove, so node's start-up
 * is not counted), setup against `snarkjs groth16 setup` on a circom Poseidon circuit.
 * The witness is 3/4 bits (as in range checks), 1/4 random. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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

/* CPU seconds of the whole process (all threads): stable on a shared machine. */
static double cpu(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Setup side by side with `snarkjs groth16 setup` (its CLI, node start-up
 * included) on the circom Poseidon fixture of the Check tests (2^10 domain, with
 * their cached 2^10 powers of tau); skipped if `make test` has not cached them. */
static void setup_vs_snarkjs(const char *root) {
    char cmd[4096], r1cs[1024] = "", line[1024];
    snprintf(cmd, sizeof cmd, "ls %s/build/oracle-cache/poseidon-*/io_poseidon.r1cs 2>/dev/null", root);
    FILE *p = popen(cmd, "r");
    if (p && fgets(r1cs, sizeof r1cs, p)) r1cs[strcspn(r1cs, "\n")] = 0;
    if (p) pclose(p);
    if (!*r1cs) {
        fprintf(stderr, "bench_groth16: no cached Poseidon fixture (run make test): setup vs snarkjs skipped\n");
        return;
    }
    r1cs_t *cs;
    groth16_pk_t *pk;
    if (r1cs_read(&cs, r1cs)) return;
    double best = 1e30;
    for (int r = 0; r < 3; r++) {
        uint64_t t0 = zkp_now_ns();
        if (groth16_setup(&pk, cs, NULL, NULL)) exit(1);
        double sec = secs(t0);
        if (sec < best) best = sec;
        zkey_free(pk);
    }
    r1cs_free(cs);
    snprintf(cmd, sizeof cmd,
             "node %s/tests/oracle/node_modules/snarkjs/cli.js groth16 setup %s "
             "%s/build/oracle-cache/pot10_final.ptau %s/build/bench-cache/snarkjs_setup.zkey >/dev/null 2>&1"
             " && echo ok",
             root, r1cs, root, root);
    uint64_t t0 = zkp_now_ns();
    p = popen(cmd, "r");
    bool ok = p && fgets(line, sizeof line, p) && !strncmp(line, "ok", 2);
    if (p) pclose(p);
    double theirs = secs(t0);
    bench_report("groth16_setup_poseidon_2^10", best, "s");
    if (!ok) {
        fprintf(stderr, "bench_groth16: snarkjs groth16 setup failed\n");
        return;
    }
    bench_report("snarkjs_setup_poseidon_2^10", theirs, "s");
    bench_report("groth16_setup_speedup_vs_snarkjs_2^10", theirs / best, "x");
}

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
    double c0 = cpu();
    if (groth16_setup(&pk, cs, NULL, NULL)) {
        fprintf(stderr, "bench_groth16: setup: %s\n", zkp_last_error());
        exit(1);
    }
    snprintf(name, sizeof name, "groth16_setup_2^%d", lg);
    bench_report(name, secs(t0), "s");
    snprintf(name, sizeof name, "groth16_setup_cpu_2^%d", lg);
    bench_report(name, cpu() - c0, "s");

    groth16_proof_t pr[32];
    double best = 1e30, best_cpu = 1e30;
    for (int r = 0; r < 3; r++) {
        t0 = zkp_now_ns();
        c0 = cpu();
        if (groth16_prove(&pr[0], pk, NULL, w, cs->n_wires, NULL, NULL)) exit(1);
        double s = secs(t0), c = cpu() - c0;
        if (s < best) best = s;
        if (c < best_cpu) best_cpu = c;
    }
    snprintf(name, sizeof name, "groth16_prove_2^%d", lg);
    bench_report(name, best, "s");
    snprintf(name, sizeof name, "groth16_prove_cpu_2^%d", lg);
    bench_report(name, best_cpu, "s");
    t0 = zkp_now_ns();
    if (groth16_prove(&pr[0], pk, cs, w, cs->n_wires, NULL, NULL)) exit(1);
    snprintf(name, sizeof name, "groth16_prove_r1cs_check_2^%d", lg);
    bench_report(name, secs(t0), "s");

    /* snarkjs on the same zkey and witness */
    char dir[600], zk[700], wt[700], cmd[4096];
    snprintf(dir, sizeof dir, "%s/build/bench-cache", bench_root());
    mkdir(dir, 0755);
    snprintf(zk, sizeof zk, "%s/g16_%d.zkey", dir, lg);
    snprintf(wt, sizeof wt, "%s/g16_%d.wtns", dir, lg);
    if (zkey_write(pk, zk) || wtns_write(w, cs->n_wires, wt)) {
        fprintf(stderr, "bench_groth16: %s\n", zkp_last_error());
    } else {
        snprintf(cmd, sizeof cmd,
                 "node %s/tests/oracle/groth16_oracle.js run '[\"timeprove\",\"%s\",\"%s\"]' 2>&1",
                 bench_root(), zk, wt);
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

    setup_vs_snarkjs(bench_root());

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
