/* zkpot export-vk <circuit.zkey> <verification_key.json>: the verification key of
 * a Groth16 zkey, as `snarkjs zkey export verificationkey` writes it. */
#include "cli/g16_cli.h"

static int run(int argc, char **argv) {
    g16_cli_opts o;
    if (!g16_cli_parse(&o, &argc, argv, "export-vk")) return CLI_EXIT_USAGE;
    if (argc != 3) {
        fprintf(stderr, "usage: zkpot export-vk <circuit.zkey> <verification_key.json>\n");
        return CLI_EXIT_USAGE;
    }
    groth16_pk_t *pk = NULL;
    groth16_vk_t *vk = NULL;
    zkp_err e = zkey_read(&pk, argv[1], ZKEY_READ_HEADER);
    if (!e) e = io_vk_from_zkey(&vk, pk);
    if (!e) e = io_vk_write(vk, argv[2]);
    zkey_free(pk), io_vk_free(vk);
    return e ? g16_cli_fail("export-vk", e) : CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_export_vk = {
    "export-vk", "verification key of a zkey: <circuit.zkey> <verification_key.json>", run};
