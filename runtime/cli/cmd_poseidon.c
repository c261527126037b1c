/* zkpot poseidon <decimal inputs...>: circomlib Poseidon hash, printed in decimal. */
#include <stdio.h>

#include "cli/cli.h"
#include "zkpot.h"

static int run(int argc, char **argv) {
    if (argc < 2 || argc - 1 > 16) {
        fprintf(stderr, "usage: zkpot poseidon <x1> [x2 ... x16]   (decimal field elements)\n");
        return CLI_EXIT_USAGE;
    }
    fr_t in[16], out;
    int n = argc - 1;
    for (int i = 0; i < n; i++) {
        if (fr_from_dec(&in[i], argv[i + 1]) != ZKP_OK) {
            fprintf(stderr, "zkpot poseidon: input %d: %s\n", i + 1, zkp_last_error());
            return CLI_EXIT_USAGE;
        }
    }
    zkp_err e = poseidon_hash(&out, in, (size_t)n);
    if (e) {
        fprintf(stderr, "zkpot poseidon: %s\n", zkp_last_error());
        return CLI_EXIT_INTERNAL;
    }
    char buf[ZKP_DEC_MAX];
    printf("%s\n", fr_to_dec(buf, &out));
    return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_poseidon = {"poseidon", "Poseidon hash (circomlib) of 1..16 decimal inputs",
                                         run};
