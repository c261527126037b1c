/* zkpot zkey contribute <in.zkey> <out.zkey> [--name=TEXT]: a phase-2 contribution
 * (groth16_contribute), as `snarkjs zkey contribute` makes it: a secret delta
 * factor from getrandom, wiped; `snarkjs zkey verify` accepts the result. */
#include "cli/g16_cli.h"

static const char usage_text[] = "usage: zkpot zkey contribute <in.zkey> <out.zkey> [--name=TEXT] "
                                 "[--quiet] [--threads N]\n";

static int cmd_contribute(g16_cli_opts *o, const char *in, const char *out, const char *name) {
    groth16_pk_t *pk = NULL;
    zkp_err e = zkey_read(&pk, in, ZKEY_READ_ALL);
    if (e) return g16_cli_fail("zkey contribute", e);
    uint8_t h[64];
    e = groth16_contribute(pk, name, h);
    if (!e) e = zkey_write(pk, out);
    zkey_free(pk);
    if (e) return g16_cli_fail("zkey contribute", e);
    if (!o->quiet) {
        fprintf(stderr, "zkpot zkey contribute: %s -> %s (%.2f s)\nContribution hash:", in, out,
                (double)(zkp_now_ns() - o->t0) / 1e9);
        for (int i = 0; i < 64; i++)
            fprintf(stderr, "%s%02x", i % 16 ? "" : "\n\t", h[i]);
        fprintf(stderr, "\n");
    }
    return CLI_EXIT_OK;
}

static int run(int argc, char **argv) {
    g16_cli_opts o;
    const char *name = NULL;
    int kept = 0;
    for (int i = 0; i < argc; i++) {
        if (i > 0 && !strncmp(argv[i], "--name=", 7))
            name = argv[i] + 7;
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    if (!g16_cli_parse(&o, &argc, argv, "zkey")) return CLI_EXIT_USAGE;
    if (argc == 4 && !strcmp(argv[1], "contribute"))
        return cmd_contribute(&o, argv[2], argv[3], name);
    fputs(usage_text, stderr);
    return CLI_EXIT_USAGE;
}

const struct cli_cmd cli_cmd_zkey = {"zkey",
                                     "phase 2: contribute <in.zkey> <out.zkey> [--name=TEXT]", run};
