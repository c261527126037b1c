/* zkpot prove <circuit.zkey> <witness.wtns> <proof.json> <public.json> [--r1cs circuit.r1cs]:
 * a Groth16 proof in snarkjs's JSON layout (rapidsnark's argument order). */
#include "cli/g16_cli.h"

static int run(int argc, char **argv) {
    g16_cli_opts o;
    if (!g16_cli_parse(&o, &argc, argv, "prove")) return CLI_EXIT_USAGE;
    if (argc != 5) {
        fprintf(stderr, "usage: zkpot prove <circuit.zkey> <witness.wtns> <proof.json> <public.json>"
                        " [--r1cs circuit.r1cs] [--quiet] [--threads N]\n");
        return CLI_EXIT_USAGE;
    }
    groth16_pk_t *pk = NULL;
    wtns_t *w = NULL;
    r1cs_t *cs = NULL;
    groth16_proof_t proof;
    int rc = CLI_EXIT_OK;
    /* B2's G2 subgroup checks dominate loading; the prover checks its output B
     * instead (groth16_prove), so a bad B2 point cannot leak into a proof. */
    zkp_err e = zkey_read(&pk, argv[1], ZKEY_READ_ALL | ZKEY_READ_TRUSTED);
    if (!e) e = wtns_read(&w, argv[2]);
    if (!e && o.r1cs) e = r1cs_read(&cs, o.r1cs);
    if (e) {
        rc = g16_cli_fail("prove", e);
        goto out;
    }
    if (w->n != pk->n_vars) {
        fprintf(stderr, "zkpot prove: %s has %u values but %s has %u wires\n", argv[2], w->n,
                argv[1], pk->n_vars);
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    e = groth16_prove(&proof, pk, cs, w->values, w->n, g16_cli_progress, &o);
    g16_cli_progress_end(&o);
    if (e) {
        fprintf(stderr, "zkpot prove: %s: %s\n", argv[2], zkp_last_error());
        rc = g16_cli_exit(e);
        goto out;
    }
    if ((e = io_proof_write(&proof, argv[3])) ||
        (e = io_public_write(w->values + 1, pk->n_public, argv[4]))) {
        rc = g16_cli_fail("prove", e);
        goto out;
    }
    if (!o.quiet && o.progress)
        fprintf(stderr, "zkpot prove: %s (%.3f s)\n", argv[3], (double)(zkp_now_ns() - o.t0) / 1e9);
out:
    zkey_free(pk), wtns_free(w), r1cs_free(cs);
    return rc;
}

const struct cli_cmd cli_cmd_prove = {
    "prove", "Groth16 proof: <circuit.zkey> <witness.wtns> <proof.json> <public.json>", run};
