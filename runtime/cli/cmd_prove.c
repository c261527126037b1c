/* zkpot prove <circuit.zkey> <witness.wtns> <proof.json> <public.json> [--r1cs circuit.r1cs]:
 * a Groth16 proof in snarkjs's JSON layout (rapidsnark's argument order). */
#include "cli/g16_cli.h"

/* The key and the witness, read side by side when there are two threads:
 * this also starts libgomp's second thread, which the prover's parallel
 * region then finds waiting (its start, ~1 ms here, delayed the prover's
 * second thread before). The key's error comes first, as when read in turn;
 * error texts are per thread, so each is carried back. */
static zkp_err load(groth16_pk_t **pk, wtns_map_t *w, const char *zkey, const char *wtns) {
    zkp_err e[2] = {ZKP_OK, ZKP_OK};
    char msg[2][512];
#pragma omp parallel sections num_threads(zkp_threads() > 1 ? 2 : 1)
    {
#pragma omp section
        {
            if ((e[0] = zkey_read(pk, zkey, ZKEY_READ_RAW)))
                snprintf(msg[0], sizeof msg[0], "%s", zkp_last_error());
        }
#pragma omp section
        {
            if ((e[1] = wtns_map(w, wtns))) snprintf(msg[1], sizeof msg[1], "%s", zkp_last_error());
        }
    }
    for (int i = 0; i < 2; i++)
        if (e[i]) return zkp_fail(e[i], "%s", msg[i]);
    return ZKP_OK;
}

static int run(int argc, char **argv) {
    g16_cli_opts o;
    if (!g16_cli_parse(&o, &argc, argv, "prove")) return CLI_EXIT_USAGE;
    if (argc != 5) {
        fprintf(stderr, "usage: zkpot prove <circuit.zkey> <witness.wtns> <proof.json> <public.json>"
                        " [--r1cs circuit.r1cs] [--quiet] [--threads N]\n");
        return CLI_EXIT_USAGE;
    }
    groth16_pk_t *pk = NULL;
    wtns_map_t w = {0};
    fr_t *pub = NULL;
    r1cs_t *cs = NULL;
    groth16_proof_t proof;
    int rc = CLI_EXIT_OK;
    /* Zero copy: the key's points and the witness stay in the mapped files and
     * the MSMs read them there. The prover verifies its proof (and checks B's
     * subgroup) before returning it, so a bad point cannot yield or leak into
     * an accepted proof (docs/security.md). */
    zkp_err e = load(&pk, &w, argv[1], argv[2]);
    if (!e && o.r1cs) e = r1cs_read(&cs, o.r1cs);
    if (e) {
        rc = g16_cli_fail("prove", e);
        goto out;
    }
    if (w.n != pk->n_vars) {
        fprintf(stderr, "zkpot prove: %s has %u values but %s has %u wires\n", argv[2], w.n,
                argv[1], pk->n_vars);
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    e = groth16_prove_le(&proof, pk, cs, w.le, w.n, g16_cli_progress, &o);
    g16_cli_progress_end(&o);
    if (e) {
        fprintf(stderr, "zkpot prove: %s: %s\n", argv[2], zkp_last_error());
        rc = g16_cli_exit(e);
        goto out;
    }
    if (!(pub = zkp_calloc((size_t)pk->n_public + 1, sizeof *pub))) {
        rc = g16_cli_fail("prove", zkp_fail(ZKP_ERR_NOMEM, "out of memory"));
        goto out;
    }
    for (uint32_t i = 0; i < pk->n_public; i++) /* canonical: wtns_map checked */
        if ((e = fr_from_bytes_le(&pub[i], w.le + 32 * ((size_t)i + 1)))) break;
    if (e || (e = io_proof_write(&proof, argv[3])) ||
        (e = io_public_write(pub, pk->n_public, argv[4]))) {
        rc = g16_cli_fail("prove", e);
        goto out;
    }
    if (!o.quiet && o.progress)
        fprintf(stderr, "zkpot prove: %s (%.3f s)\n", argv[3], (double)(zkp_now_ns() - o.t0) / 1e9);
out:
    zkey_free(pk), wtns_unmap(&w), r1cs_free(cs), zkp_free(pub);
    return rc;
}

const struct cli_cmd cli_cmd_prove = {
    "prove", "Groth16 proof: <circuit.zkey> <witness.wtns> <proof.json> <public.json>", run};
