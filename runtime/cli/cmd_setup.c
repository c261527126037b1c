/* zkpot setup <circuit.r1cs> <circuit.zkey>: Groth16 setup with fresh toxic waste
 * (no powers of tau needed); writes a snarkjs-compatible .zkey. */
#include "cli/g16_cli.h"

static int run(int argc, char **argv) {
    g16_cli_opts o;
    if (!g16_cli_parse(&o, &argc, argv, "setup")) return CLI_EXIT_USAGE;
    if (argc != 3) {
        fprintf(stderr, "usage: zkpot setup <circuit.r1cs> <circuit.zkey> [--quiet] [--threads N]\n");
        return CLI_EXIT_USAGE;
    }
    r1cs_t *cs = NULL;
    groth16_pk_t *pk = NULL;
    zkp_err e = r1cs_read(&cs, argv[1]);
    if (e) return g16_cli_fail("setup", e);
    e = groth16_setup(&pk, cs, g16_cli_progress, &o);
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
        fprintf(stderr, "zkpot setup: %s: %u constraints, %u wires, %u public, domain 2^%d -> %s (%.2f s)\n",
                argv[1], cs->n_constraints, cs->n_wires, pk->n_public,
                __builtin_ctz(pk->domain_size), argv[2], (double)(zkp_now_ns() - o.t0) / 1e9);
    r1cs_free(cs), zkey_free(pk);
    return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_setup = {"setup", "Groth16 setup: <circuit.r1cs> <circuit.zkey>", run};
