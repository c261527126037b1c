/* zkpot setup <circuit.r1cs> <circuit.zkey> [--constant-time]: Groth16 setup with
 * fresh toxic waste (no powers of tau needed); writes a snarkjs-compatible .zkey.
 * --constant-time: the fixed-base path whose memory accesses do not depend on the
 * toxic waste (slower; see docs/cli.md). */
#include "cli/g16_cli.h"

static int run(int argc, char **argv) {
    g16_cli_opts o;
    unsigned flags = 0;
    int kept = 0;
    for (int i = 0; i < argc; i++) {
        if (i > 0 && !strcmp(argv[i], "--constant-time")) flags |= GROTH16_SETUP_CONSTANT_TIME;
        else argv[kept++] = argv[i];
    }
    argc = kept;
    if (!g16_cli_parse(&o, &argc, argv, "setup")) return CLI_EXIT_USAGE;
    if (argc != 3) {
        fprintf(stderr, "usage: zkpot setup <circuit.r1cs> <circuit.zkey> [--constant-time] [--quiet] "
                        "[--threads N]\n");
        return CLI_EXIT_USAGE;
    }
    r1cs_t *cs = NULL;
    groth16_pk_t *pk = NULL;
    zkp_err e = r1cs_read(&cs, argv[1]);
    if (e) return g16_cli_fail("setup", e);
    e = groth16_setup_ex(&pk, cs, flags, g16_cli_progress, &o);
    g16_cli_progress_end(&o);
    if (e) {
        fprintf(stderr, "zkpot setup: %s: %s\n", argv[1], zkp_last_error());
        r1cs_free(cs);
        return g16_cli_exit(e);
    }
    e = zkey_write(pk, argv[2]);
    if (e) {
        r1cs_free(cs), zkey_free(pk);
        return g16_cli_fail("setup", e);
    }
    if (!o.quiet)
        fprintf(stderr, "zkpot setup: %s: %u constraints, %u wires, %u public, domain 2^%d -> %s (%.2f s%s)\n",
                argv[1], cs->n_constraints, cs->n_wires, pk->n_public,
                __builtin_ctz(pk->domain_size), argv[2], (double)(zkp_now_ns() - o.t0) / 1e9,
                flags ? ", constant time" : "");
    r1cs_free(cs), zkey_free(pk);
    return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_setup = {"setup", "Groth16 setup: <circuit.r1cs> <circuit.zkey> [--constant-time]", run};
