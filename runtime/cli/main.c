/* zkpot command-line tool: dispatches subcommands. Exit codes (docs/cli.md):
 *   0 success / valid, 1 proof invalid, 2 usage or input error, 3 internal error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "zkpot.h"

static const struct cli_cmd *const commands[] = {
#define CLI_CMD(name) &cli_cmd_##name,
#include "cli/commands.h"
#undef CLI_CMD
};

static void usage(FILE *f) {
    fprintf(f, "zkpot %s — zero-knowledge proofs of ML training steps (Groth16 over BN254)\n\n"
               "usage: zkpot <command> [args...]\n\ncommands:\n",
            ZKPOT_VERSION);
    for (size_t i = 0; i < ZKP_ARRAY_LEN(commands); i++)
        fprintf(f, "  %-14s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(f, "  %-14s %s\n", "help", "this text");
    fprintf(f, "\nexit codes: 0 ok/valid, 1 invalid proof, 2 usage or input error, 3 internal error\n");
}

/* OpenMP threads wait passively (sleep at once when out of work) unless the
 * user set OMP_WAIT_POLICY: libgomp's default spins for a while first, which
 * takes the CPU from the thread that still works whenever the other cores are
 * busy (measured, `perf stat -r 8 zkpot prove` with the 2 cores loaded by
 * other jobs: 2^12 task-clock 119 -> 94 ms; 2^16 wall 1.87 -> 1.46 s).
 * libgomp reads the variable once, in its initializer, before main. An
 * executable's .preinit_array runs before the initializers of its shared
 * libraries (System V ABI, DT_PREINIT_ARRAY), so the variable is set there (a
 * re-exec from main would cost a second process start: ~7 ms of CPU here). */
static void omp_passive(int argc, char **argv, char **envp) {
    (void)argc, (void)argv, (void)envp;
    if (!getenv("OMP_WAIT_POLICY")) (void)setenv("OMP_WAIT_POLICY", "passive", 1);
}
__attribute__((section(".preinit_array"), used)) static void (*const omp_passive_at_start)(
    int, char **, char **) = omp_passive;

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("zkpot %s\n", ZKPOT_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < ZKP_ARRAY_LEN(commands); i++)
        if (!strcmp(cmd, commands[i]->name)) return commands[i]->run(argc - 1, argv + 1);
    fprintf(stderr, "zkpot: unknown command '%s' (try 'zkpot help')\n", cmd);
    return CLI_EXIT_USAGE;
}
