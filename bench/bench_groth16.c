/* zkpot benchmarks: Groth16 setup, prove, verify and batch verify on a generated
 * circuit of 2^k constraints (ZKPOT_BENCH_G16_LOG, default 12), and snarkjs 0.7.6
 * proving with the same zkey and witness (tests/oracle/groth16_oracle.js
 * "timeprove", time measured inside node around groth16.prove, so node's start-up
 * is not counted), setup against `snarkjs groth16 setup` on a circom Poseidon circuit
 * and, at 2^10..2^16 (BENCH_SETUP_SIZES="10 12 14 16"), on generated circuits with
 * powers of tau made by `zkpot ptau new` (cached in build/bench-cache).
 * The witness is 3/4 bits (as in range checks), 1/4 random. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bench_util.h"
#include "groth16/g16_internal.h"

static uint64_t st = 0x5eed;
static uint64_t rnd(void) {
    uint64_t z = (st += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rand_fr(fr_t *r) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++)
        b[i] = (uint8_t)rnd();
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
            uint32_t x = (uint32_t)(rnd() % o), y = (uint32_t)(rnd() % o),
                     z = (uint32_t)(rnd() % o);
            fr_t s;
            fr_add(&s, &w[x], &w[y]);
            fr_mul(&w[o], &s, &w[z]);
            cs->lc_start[3 * j] = t;
            cs->terms[t].wire = x, cs->terms[t++].coef = fr_one_c;
            if (y != x)
                cs->terms[t].wire = y, cs->terms[t++].coef = fr_one_c;
            else
                fr_add(&cs->terms[t - 1].coef, &fr_one_c, &fr_one_c); /* 2 w_x */
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

/* Nonzero signed digits of s in windows of w bits (digits in (-2^(w-1), 2^(w-1)],
 * as the setup's fixed-base path recodes; written here from the definition). */
static unsigned signed_digits(const fr_t *s, unsigned w) {
    uint64_t k[4];
    fr_to_limbs(k, s);
    unsigned nwin = (255 + w - 1) / w, c = 0;
    int64_t full = (int64_t)1 << w, carry = 0;
    for (unsigned j = 0; j < nwin; j++) {
        unsigned bit = j * w, li = bit / 64, sh = bit % 64;
        uint64_t b = 0;
        if (li < 4) {
            b = k[li] >> sh;
            if (sh + w > 64 && li + 1 < 4) b |= k[li + 1] << (64 - sh);
            b &= (uint64_t)full - 1;
        }
        int64_t d = (int64_t)b + carry;
        carry = d > full / 2;
        c += d != carry * full;
    }
    return c;
}

/* The setup's fixed-base batches alone, on ONE thread (run under `taskset -c 0`):
 * 2^16 random scalars in G1 (w = 13) and G2 (w = 12), the widths a 2^16 setup picks;
 * best CPU time of 3, per scalar and per affine addition (the table's nwin (2^(w-1) -
 * w) chords plus, per scalar, its nonzero digits less one). IFMA where the CPU has it
 * (ZKPOT_NO_IFMA=1: the scalar path). */
static void setup_fixed_base_per_add(void) {
    size_t n = (size_t)1 << 16;
    fr_t *s = zkp_malloc(n * sizeof *s);
    g2_affine_t *out = zkp_malloc(n * sizeof *out); /* the larger point type */
    if (!s || !out) exit(1);
    for (size_t i = 0; i < n; i++) rand_fr(&s[i]);
    zkp_set_threads(1);
    for (int g = 1; g <= 2; g++) {
        unsigned w = g == 1 ? 13 : 12, nwin = (255 + w - 1) / w;
        double adds = (double)nwin * (double)(((size_t)1 << (w - 1)) - w), best = 1e30;
        for (size_t i = 0; i < n; i++) {
            unsigned c = signed_digits(&s[i], w);
            adds += c ? c - 1 : 0;
        }
        for (int r = 0; r < 3; r++) {
            double c0 = cpu();
            zkp_err e = g == 1 ? g16_fixed_g1_var((g1_affine_t *)(void *)out, s, n, w)
                               : g16_fixed_g2_var(out, s, n, w);
            if (e) exit(1);
            double c = cpu() - c0;
            if (c < best) best = c;
        }
        char name[96];
        snprintf(name, sizeof name, "setup_fixed_g%d_2^16_w%u_1thread", g, w);
        bench_report(name, best, "s");
        snprintf(name, sizeof name, "setup_fixed_g%d_ns_per_scalar_1thread", g);
        bench_report(name, best * 1e9 / (double)n, "ns");
        snprintf(name, sizeof name, "setup_fixed_g%d_ns_per_addition_1thread", g);
        bench_report(name, best * 1e9 / adds, "ns");
    }
    zkp_set_threads(0);
    zkp_free(s), zkp_free(out);
}

/* Setup side by side with `snarkjs groth16 setup` (its CLI, node start-up
 * included) on the circom Poseidon fixture of the Check tests (2^10 domain, with
 * their cached 2^10 powers of tau); skipped if `make test` has not cached them. */
static void setup_vs_snarkjs(const char *root) {
    char cmd[4096], r1cs[1024] = "", line[1024];
    snprintf(cmd, sizeof cmd, "ls %s/build/oracle-cache/poseidon-*/io_poseidon.r1cs 2>/dev/null",
             root);
    FILE *p = popen(cmd, "r");
    if (p && fgets(r1cs, sizeof r1cs, p)) r1cs[strcspn(r1cs, "\n")] = 0;
    if (p) pclose(p);
    if (!*r1cs) {
        fprintf(stderr, "bench_groth16: no cached Poseidon fixture (run make test): setup vs "
                        "snarkjs skipped\n");
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
             "%s/build/oracle-cache/pot10_final.ptau %s/build/bench-cache/snarkjs_setup.zkey "
             ">/dev/null 2>&1"
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

/* Runs a shell command with stdout and stderr to /dev/null; wall seconds, or -1
 * if it failed; *cpu (if not NULL) gets its CPU seconds (stable under load). */
static double timed(const char *cmd, double *cpu_s) {
    bench_run_t r = bench_run_sh(cmd, NULL, "/dev/null");
    if (cpu_s) *cpu_s = r.cpu;
    return r.status == 0 ? r.seconds : -1;
}

/* Proves with the zkey at path (read and fully validated) and verifies the
 * proof with its own verification key: does the key work? */
static bool zkey_works(const char *path, const fr_t *w, size_t nw) {
    groth16_pk_t *pk = NULL;
    groth16_vk_t *vk = NULL;
    groth16_proof_t pr;
    bool ok = zkey_read(&pk, path, ZKEY_READ_ALL) == ZKP_OK &&
              groth16_prove(&pr, pk, NULL, w, nw, NULL, NULL) == ZKP_OK &&
              io_vk_from_zkey(&vk, pk) == ZKP_OK && groth16_verify(vk, w + 1, 2, &pr) == ZKP_OK;
    if (!ok) fprintf(stderr, "bench_groth16: %s: %s\n", path, zkp_last_error());
    io_vk_free(vk);
    zkey_free(pk);
    return ok;
}

/* `zkpot setup` against `snarkjs groth16 setup` (both CLIs, each reading the
 * r1cs and writing its zkey; node's start-up is in snarkjs's time) on a
 * generated circuit filling a domain of 2^k, snarkjs with a 2^k powers of tau
 * made by `zkpot ptau new` (cached as build/bench-cache/zkpot_pot<k>.ptau; its
 * generation time is printed when it is made; BENCH_PTAU_REGEN=1 remakes it).
 * zkpot: the default (variable-time) path and --constant-time ("_ct"), each best
 * of 3 runs (the first run's wall time too, "_first": on this VM a run's fresh pages
 * cost more right after another process's memory was freed, e.g. snarkjs's);
 * snarkjs: 1 run. Wall and CPU seconds
 * (user + system of all threads: steadier on a shared machine). snarkjs's
 * setup key has delta = 1 (zero contributions: anyone can forge proofs until a
 * phase-2 contribution); `zkpot setup`'s key has random gamma and delta. The
 * like-for-like figure adds one `snarkjs zkey contribute` (which draws delta and
 * rescales C and H): "snarkjs_setup_contribute". All keys must prove and verify.
 * "zkpot_ptau": `zkpot setup r1cs ptau zkey` on snarkjs's inputs (best of 3, and the
 * first; it runs right after snarkjs), its output compared with snarkjs's byte for
 * byte ("_identical_to_snarkjs"). */
static void setup_sizes_vs_snarkjs(void) {
    const char *sizes = getenv("BENCH_SETUP_SIZES");
    if (!sizes || !*sizes) sizes = "10 12 14 16";
    const char *root = bench_root(), *bin = bench_bin();
    bool regen = getenv("BENCH_PTAU_REGEN") && atoi(getenv("BENCH_PTAU_REGEN"));
    char dir[1024], cmd[4096], name[128];
    snprintf(dir, sizeof dir, "%s/build/bench-cache", root);
    mkdir(dir, 0755);
    char buf[64];
    for (const char *p = sizes; sscanf(p, "%63s", buf) == 1; p = strstr(p, buf) + strlen(buf)) {
        int k = atoi(buf);
        if (k < 5 || k > 22) continue;
        char r1cs[1200], ptau[1200], zk_ours[1200], zk_theirs[1200], zk_contrib[1200];
        snprintf(r1cs, sizeof r1cs, "%s/setup%d.r1cs", dir, k);
        snprintf(ptau, sizeof ptau, "%s/zkpot_pot%d.ptau", dir, k);
        snprintf(zk_ours, sizeof zk_ours, "%s/setup%d_zkpot.zkey", dir, k);
        snprintf(zk_theirs, sizeof zk_theirs, "%s/setup%d_snarkjs.zkey", dir, k);
        snprintf(zk_contrib, sizeof zk_contrib, "%s/setup%d_snarkjs_1.zkey", dir, k);
        uint64_t keep = st;
        st = 0x5e7u + (uint64_t)k;
        fr_t *w;
        r1cs_t *cs = make_circuit((1u << k) - 3, &w); /* constraints + 2 public + 1 = 2^k */
        st = keep;
        size_t nw = cs->n_wires;
        if (r1cs_write(cs, r1cs)) {
            fprintf(stderr, "bench_groth16: %s\n", zkp_last_error());
            goto next;
        }
        struct stat sb;
        if (regen || stat(ptau, &sb) != 0) {
            snprintf(cmd, sizeof cmd, "%s/zkpot ptau new %d %s --quiet", bin, k, ptau);
            double t = timed(cmd, NULL);
            if (t < 0) {
                fprintf(stderr, "bench_groth16: zkpot ptau new %d failed\n", k);
                goto next;
            }
            snprintf(name, sizeof name, "ptau_new_2^%d", k);
            bench_report(name, t, "s");
        }
        /* [0]: the default (variable-time) path, [1]: --constant-time */
        static const char *const mode[2] = {"", " --constant-time"}, *const sfx[2] = {"", "_ct"};
        double ours_m[2] = {1e30, 1e30}, ours_cpu_m[2] = {1e30, 1e30}, first_m[2] = {0, 0},
               theirs_cpu, c;
        for (int md = 1; md >= 0; md--) /* --constant-time first: zk_ours ends with the default's key */
            for (int r = 0; r < 3; r++) {
                snprintf(cmd, sizeof cmd, "%s/zkpot setup %s %s --quiet%s", bin, r1cs, zk_ours, mode[md]);
                double t = timed(cmd, &c);
                if (t < 0) {
                    fprintf(stderr, "bench_groth16: zkpot setup%s 2^%d failed\n", mode[md], k);
                    goto next;
                }
                if (t < ours_m[md]) ours_m[md] = t;
                if (c < ours_cpu_m[md]) ours_cpu_m[md] = c;
                if (r == 0) first_m[md] = t;
                if (md == 1) { /* the constant-time key is checked here, the default's below */
                    snprintf(name, sizeof name, "setup_2^%d_zkey_valid_zkpot_ct", k);
                    if (r == 0) bench_report(name, zkey_works(zk_ours, w, nw), "bool");
                }
            }
        double ours = ours_m[0], ours_cpu = ours_cpu_m[0];
        snprintf(cmd, sizeof cmd,
                 "node %s/tests/oracle/node_modules/snarkjs/cli.js groth16 setup %s %s %s", root,
                 r1cs, ptau, zk_theirs);
        double theirs = timed(cmd, &theirs_cpu);
        for (int md = 0; md < 2; md++) {
            snprintf(name, sizeof name, "setup_2^%d_zkpot%s", k, sfx[md]);
            bench_report(name, ours_m[md], "s");
            snprintf(name, sizeof name, "setup_2^%d_zkpot%s_cpu", k, sfx[md]);
            bench_report(name, ours_cpu_m[md], "s");
            snprintf(name, sizeof name, "setup_2^%d_zkpot%s_first", k, sfx[md]);
            bench_report(name, first_m[md], "s");
        }
        if (theirs < 0) {
            fprintf(stderr, "bench_groth16: snarkjs groth16 setup 2^%d failed\n", k);
            goto next;
        }
        snprintf(name, sizeof name, "setup_2^%d_snarkjs", k);
        bench_report(name, theirs, "s");
        snprintf(name, sizeof name, "setup_2^%d_snarkjs_cpu", k);
        bench_report(name, theirs_cpu, "s");
        for (int md = 0; md < 2; md++) {
            snprintf(name, sizeof name, "setup_2^%d_snarkjs_over_zkpot%s", k, sfx[md]);
            bench_report(name, theirs / ours_m[md], "x");
            snprintf(name, sizeof name, "setup_2^%d_snarkjs_over_zkpot%s_cpu", k, sfx[md]);
            bench_report(name, theirs_cpu / ours_cpu_m[md], "x");
        }
        /* the like-for-like setup: `zkpot setup r1cs ptau zkey`, snarkjs's inputs and bytes */
        {
            char zk_pt[1200];
            snprintf(zk_pt, sizeof zk_pt, "%s/setup%d_zkpot_ptau.zkey", dir, k);
            double best = 1e30, best_cpu = 1e30, pc, first = 0;
            for (int r = 0; r < 3; r++) {
                snprintf(cmd, sizeof cmd, "%s/zkpot setup %s %s %s --quiet", bin, r1cs, ptau, zk_pt);
                double t = timed(cmd, &pc);
                if (t < 0) {
                    best = -1;
                    break;
                }
                if (r == 0) first = t;
                if (t < best) best = t;
                if (pc < best_cpu) best_cpu = pc;
            }
            if (best < 0) {
                fprintf(stderr, "bench_groth16: zkpot setup (ptau) 2^%d failed\n", k);
            } else {
                snprintf(name, sizeof name, "setup_2^%d_zkpot_ptau", k);
                bench_report(name, best, "s");
                snprintf(name, sizeof name, "setup_2^%d_zkpot_ptau_cpu", k);
                bench_report(name, best_cpu, "s");
                snprintf(name, sizeof name, "setup_2^%d_zkpot_ptau_first", k);
                bench_report(name, first, "s");
                snprintf(name, sizeof name, "setup_2^%d_snarkjs_over_zkpot_ptau", k);
                bench_report(name, theirs / best, "x");
                snprintf(name, sizeof name, "setup_2^%d_snarkjs_over_zkpot_ptau_cpu", k);
                bench_report(name, theirs_cpu / best_cpu, "x");
                snprintf(cmd, sizeof cmd, "cmp -s %s %s", zk_pt, zk_theirs);
                snprintf(name, sizeof name, "setup_2^%d_zkpot_ptau_identical_to_snarkjs", k);
                bench_report(name, system(cmd) == 0, "bool");
            }
        }
        snprintf(name, sizeof name, "setup_2^%d_zkey_valid_zkpot", k);
        bench_report(name, zkey_works(zk_ours, w, nw), "bool");
        snprintf(name, sizeof name, "setup_2^%d_zkey_valid_snarkjs", k);
        bench_report(name, zkey_works(zk_theirs, w, nw), "bool");
        double con_cpu;
        snprintf(cmd, sizeof cmd,
                 "node %s/tests/oracle/node_modules/snarkjs/cli.js zkey contribute %s %s "
                 "-n=bench -e=zkpot-bench-entropy",
                 root, zk_theirs, zk_contrib);
        double con = timed(cmd, &con_cpu);
        if (con < 0) {
            fprintf(stderr, "bench_groth16: snarkjs zkey contribute 2^%d failed\n", k);
            goto next;
        }
        snprintf(name, sizeof name, "setup_2^%d_snarkjs_setup_contribute", k);
        bench_report(name, theirs + con, "s");
        snprintf(name, sizeof name, "setup_2^%d_snarkjs_setup_contribute_cpu", k);
        bench_report(name, theirs_cpu + con_cpu, "s");
        snprintf(name, sizeof name, "setup_2^%d_snarkjs_setup_contribute_over_zkpot", k);
        bench_report(name, (theirs + con) / ours, "x");
        snprintf(name, sizeof name, "setup_2^%d_snarkjs_setup_contribute_over_zkpot_cpu", k);
        bench_report(name, (theirs_cpu + con_cpu) / ours_cpu, "x");
        snprintf(name, sizeof name, "setup_2^%d_zkey_valid_snarkjs_contributed", k);
        bench_report(name, zkey_works(zk_contrib, w, nw), "bool");
    next:
        r1cs_free(cs);
        zkp_free(w);
    }
}

void bench_groth16(void) {
    setup_fixed_base_per_add();
    if (getenv("BENCH_SETUP_FIXED_ONLY")) return; /* just the figures above */
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
    setup_sizes_vs_snarkjs();

    groth16_vk_t *vk;
    if (io_vk_from_zkey(&vk, pk)) exit(1);
    BENCH_NS("groth16_verify", 20, {
        if (groth16_verify(vk, w + 1, 2, &pr[0])) exit(1);
    });
    for (int k = 1; k < 32; k++)
        if (groth16_prove(&pr[k], pk, NULL, w, cs->n_wires, NULL, NULL)) exit(1);
    const fr_t *pubs[32];
    for (int k = 0; k < 32; k++)
        pubs[k] = w + 1;
    t0 = zkp_now_ns();
    int reps = 0;
    while (zkp_now_ns() - t0 < 300000000ull) {
        if (groth16_verify_batch(vk, pubs, pr, 32, NULL)) exit(1);
        reps++;
    }
    bench_report("groth16_verify_batch32_per_proof", (double)(zkp_now_ns() - t0) / reps / 32,
                 "ns/op");
    io_vk_free(vk);
    zkey_free(pk);
    r1cs_free(cs);
    zkp_free(w);
}
