/* zkpot verify <verification_key.json> <public.json> <proof.json> (snarkjs's order):
 * exit 0 valid, 1 invalid, 2 usage or input error. */
#include "cli/g16_cli.h"

static int run(int argc, char **argv) {
    g16_cli_opts o;
    if (!g16_cli_parse(&o, &argc, argv, "verify")) return CLI_EXIT_USAGE;
    if (argc != 4) {
        fprintf(stderr, "usage: zkpot verify <verification_key.json> <public.json> <proof.json>\n");
        return CLI_EXIT_USAGE;
    }
    groth16_vk_t *vk = NULL;
    groth16_proof_t proof;
    fr_t *pub = NULL;
    size_t n_pub = 0;
    int rc;
    zkp_err e = io_vk_read(&vk, argv[1]);
    if (e) return g16_cli_fail("verify", e);
    if (!(e = io_public_read(&pub, &n_pub, argv[2])) && !(e = io_proof_read(&proof, argv[3]))) {
        e = groth16_verify(vk, pub, n_pub, &proof);
        if (e == ZKP_ERR_INVALID_ARG) /* public inputs do not match the key */
            e = zkp_fail(ZKP_ERR_VERIFY_FAIL, "%s: %s", argv[2], zkp_last_error());
    }
    if (!e) {
        if (!o.quiet) printf("OK\n");
        rc = CLI_EXIT_OK;
    } else if (g16_cli_is_invalid(e)) {
        if (!o.quiet) printf("INVALID\n");
        fprintf(stderr, "zkpot verify: invalid proof: %s%s\n",
                e == ZKP_ERR_NOT_CANONICAL ? "not canonical: " : "", zkp_last_error());
        rc = CLI_EXIT_INVALID;
    } else {
        rc = g16_cli_fail("verify", e);
    }
    zkp_free(pub);
    io_vk_free(vk);
    return rc;
}

const struct cli_cmd cli_cmd_verify = {
    "verify", "verify a proof: <verification_key.json> <public.json> <proof.json>", run};
