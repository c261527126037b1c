/* zkpot command-line tool: dispatches subcommands. Exit codes (docs/cli.md):
 *   0 success / valid, 1 proof invalid, 2 usage or input error, 3 internal error. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* `zkpot prove`, `setup` and `zkey`: OpenMP threads wait passively (sleep at once when out of
 * work) unless the user set OMP_WAIT_POLICY. libgomp's default spins for a
 * while first (GOMP_SPINCOUNT 300000), which takes the CPU from the thread
 * that still works whenever the other cores are busy (measured, `perf stat -r
 * 8 zkpot prove` with the 2 cores loaded by other jobs: 2^12 task-clock 119 ->
 * 94 ms; 2^16 wall 1.87 -> 1.46 s; again at load 5: 2^12 95 -> 81 ms).
 * libgomp reads the variable once, in its initializer, before main. A setenv
 * from the executable's .preinit_array is lost (glibc 2.36: environ is still
 * NULL there, and libc's initializer then sets environ to the initial
 * environment block). That block itself is the array the preinit functions
 * get as their third argument (f(argc, argv, envp), glibc's _dl_init), on the
 * stack and writable, but it cannot grow. So omp_env_pre lends one of its
 * slots: it points a variable that no library initializer reads (the shell's
 * "_=", else the last one that is not OMP_, GOMP_, LD_, GLIBC_, MALLOC_, LC_,
 * LANG, OPENSSL_) to "OMP_WAIT_POLICY=passive", and
 * omp_env_back, first thing in main, puts the variable back (not an
 * initializer of the executable: zkpot is linked statically where it can be,
 * and then libgomp's initializer runs after the executable's own, measured
 * with OMP_DISPLAY_ENV=verbose: GOMP_SPINCOUNT 300000). Without a slot to lend (an
 * empty environment) the tool sets the variable and executes itself again,
 * once: a second process start, measured ~7 ms of CPU and ~90 page faults
 * (`perf stat -r 30 zkpot --version`, load 5), hence only for the commands
 * that run parallel work for long. */
static char omp_env_passive[] = "OMP_WAIT_POLICY=passive";
static char **omp_env_slot, *omp_env_lent;

static bool omp_passive_cmd(const char *cmd) {
    return cmd && (!strcmp(cmd, "prove") || !strcmp(cmd, "setup") || !strcmp(cmd, "zkey"));
}

static bool omp_env_reserved(const char *v) {
    static const char *const pre[] = {"OMP_", "GOMP_", "LD_", "GLIBC_", "MALLOC_", "LC_", "LANG", "OPENSSL_"};
    for (size_t i = 0; i < ZKP_ARRAY_LEN(pre); i++)
        if (!strncmp(v, pre[i], strlen(pre[i]))) return true;
    return false;
}

static void omp_env_pre(int argc, char **argv, char **envp) {
    if (argc < 2 || !argv || !omp_passive_cmd(argv[1]) || !envp) return;
    char **slot = NULL;
    for (char **e = envp; *e; e++) {
        if (!strncmp(*e, "OMP_WAIT_POLICY=", 16)) return; /* the user's choice */
        if (!omp_env_reserved(*e) && !(slot && !strncmp(*slot, "_=", 2))) slot = e;
    }
    if (!slot) return;
    omp_env_slot = slot, omp_env_lent = *slot;
    *slot = omp_env_passive;
}
typedef void (*preinit_fn)(int, char **, char **);
__attribute__((section(".preinit_array"), used)) static const preinit_fn omp_env_pre_p = omp_env_pre;

extern char **environ;
static void omp_env_back(void) {
    if (!omp_env_slot) return;
    *omp_env_slot = omp_env_lent;
    /* an initializer that called setenv left a copy of the array in environ */
    for (char **e = environ; e && *e; e++)
        if (*e == omp_env_passive) *e = omp_env_lent;
}

static void omp_passive(char **argv) {
    char self[4096];
    if (omp_env_slot || getenv("OMP_WAIT_POLICY")) return;
    /* the path, not /proc/self/exe itself: tools such as valgrind answer the
     * readlink with the program's own path */
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0 || setenv("OMP_WAIT_POLICY", "passive", 1)) return;
    self[n] = '\0';
    execv(self, argv);
}

int main(int argc, char **argv) {
    omp_env_back();
    if (argc >= 2 && omp_passive_cmd(argv[1])) omp_passive(argv);
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
