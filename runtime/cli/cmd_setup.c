/* zkpot setup <circuit.r1cs> <circuit.zkey> [--constant-time]: Groth16 setup with
 * fresh toxic waste (no powers of tau needed); writes a snarkjs-compatible .zkey.
 * --constant-time: the fixed-base path whose memory accesses do not depend on the
 * toxic waste (slower; see docs/cli.md).
 * zkpot setup <circuit.r1cs> <pot.ptau> <circuit.zkey>: from a phase-1 ceremony file,
 * the key `snarkjs groth16 setup` writes (delta = 1 until a phase-2 contribution). */
#include "cli/g16_cli.h"

static int run(int argc, char **argv) {
    g16_cli_opts o;
    unsigned flags = 0;
    int kept = 0;
    for (int i = 0; i < argc; i++) {
        if (i > 0 && !strcmp(argv[i], "--constant-time"))
            flags |= GROTH16_SETUP_CONSTANT_TIME;
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    if (!g16_cli_parse(&o, &argc, argv, "setup")) return CLI_EXIT_USAGE;
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: zkpot setup <circuit.r1cs> [<pot.ptau>] <circuit.zkey> "
                        "[--constant-time] [--quiet] [--threads N]\n");
        return CLI_EXIT_USAGE;
    }
    bool from_ptau = argc == 4;
    if (from_ptau && flags) {
        fprintf(stderr, "zkpot setup: --constant-time is for the single-party setup (secret toxic "
                        "waste); a setup from a ptau has no secrets: drop the option\n");
        return CLI_EXIT_USAGE;
    }
    const char *zk_path = argv[argc - 1];
    r1cs_t *cs = NULL;
    groth16_pk_t *pk = NULL;
    zkp_err e = r1cs_read(&cs, argv[1]);
    if (e) return g16_cli_fail("setup", e);
    if (from_ptau) {
        ptau_map_t pm;
        e = ptau_map(&pm, argv[2]);
        if (e) {
            r1cs_free(cs);
            return g16_cli_fail("setup", e);
        }
        e = groth16_setup_ptau(&pk, cs, &pm, g16_cli_progress, &o);
        ptau_unmap(&pm);
    } else {
        e = groth16_setup_ex(&pk, cs, flags, g16_cli_progress, &o);
    }
    g16_cli_progress_end(&o);
    if (e) {
        fprintf(stderr, "zkpot setup: %s: %s\n", argv[1], zkp_last_error());
        r1cs_free(cs);
        return g16_cli_exit(e);
    }
    e = zkey_write(pk, zk_path);
    if (e) {
        r1cs_free(cs), zkey_free(pk);
        return g16_cli_fail("setup", e);
    }
    if (!o.quiet)
        fprintf(
            stderr,
            "zkpot setup: %s: %u constraints, %u wires, %u public, domain 2^%d -> %s (%.2f s%s)\n",
            argv[1], cs->n_constraints, cs->n_wires, pk->n_public, __builtin_ctz(pk->domain_size),
            zk_path, (double)(zkp_now_ns() - o.t0) / 1e9,
            flags       ? ", constant time"
            : from_ptau ? ", from the ptau"
                        : "");
    if (!o.quiet && from_ptau)
        fprintf(stderr,
                "zkpot setup: WARNING: %s has delta = 1 and no phase-2 contribution: anyone "
                "can forge proofs for it. Contribute before use: snarkjs zkey contribute %s "
                "circuit_0001.zkey (or zkpot zkey contribute %s circuit_0001.zkey)\n",
                zk_path, zk_path, zk_path);
    r1cs_free(cs), zkey_free(pk);
    return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_setup = {
    "setup", "Groth16 setup: <circuit.r1cs> [<pot.ptau>] <circuit.zkey> [--constant-time]", run};
