/* zkpot CLI: helpers shared by the Groth16 subcommands (setup, prove, verify,
 * verify-batch, export-vk, info): option parsing (--quiet, --threads N),
 * progress on stderr when it is a terminal, and the error -> exit code map. */
#ifndef ZKPOT_G16_CLI_H
#define ZKPOT_G16_CLI_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "zkpot.h"

typedef struct {
    bool quiet;
    bool progress; /* stderr is a terminal and not --quiet */
    const char *r1cs; /* --r1cs FILE (prove only) */
    uint64_t t0;
} g16_cli_opts;

/* Removes --quiet / -q and --threads N (or --threads=N) from argv, compacting it;
 * returns false (after printing why) on a bad or unknown option. */
static inline bool g16_cli_parse(g16_cli_opts *o, int *argc, char **argv, const char *cmd) {
    memset(o, 0, sizeof *o);
    int out = 0;
    for (int i = 0; i < *argc; i++) {
        const char *a = argv[i];
        if (i > 0 && (!strcmp(a, "--quiet") || !strcmp(a, "-q"))) {
            o->quiet = true;
        } else if (i > 0 && (!strcmp(a, "--threads") || !strncmp(a, "--threads=", 10))) {
            const char *v = a[9] == '=' ? a + 10 : (i + 1 < *argc ? argv[++i] : NULL);
            char *end = NULL;
            long n = v ? strtol(v, &end, 10) : 0;
            if (!v || !*v || *end || n < 1 || n > 1024) {
                fprintf(stderr, "zkpot %s: --threads needs a number from 1 to 1024\n", cmd);
                return false;
            }
            /* the flag beats the environment: ZKPOT_THREADS has priority in zkp_threads() */
            char buf[16];
            snprintf(buf, sizeof buf, "%ld", n);
            setenv("ZKPOT_THREADS", buf, 1);
            zkp_set_threads((int)n);
        } else if (i > 0 && !strcmp(cmd, "prove") && !strcmp(a, "--r1cs")) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "zkpot %s: --r1cs needs a file\n", cmd);
                return false;
            }
            o->r1cs = argv[++i];
        } else if (i > 0 && a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "zkpot %s: unknown option '%s'\n", cmd, a);
            return false;
        } else {
            argv[out++] = argv[i];
        }
    }
    *argc = out;
    o->progress = !o->quiet && isatty(2);
    o->t0 = zkp_now_ns();
    return true;
}

/* groth16_progress_fn printing "\r[  1.23 s] stage done/total" to stderr. */
static inline void g16_cli_progress(void *ctx, const char *stage, size_t done, size_t total) {
    g16_cli_opts *o = ctx;
    if (!o->progress) return;
    double s = (double)(zkp_now_ns() - o->t0) / 1e9;
    fprintf(stderr, "\r\033[K[%7.2f s] %s %zu/%zu", s, stage, done, total);
    fflush(stderr);
}

static inline void g16_cli_progress_end(g16_cli_opts *o) {
    if (o->progress) fprintf(stderr, "\r\033[K");
}

/* Exit code for a library error: 3 for internal trouble (memory, RNG), 2 else. */
static inline int g16_cli_exit(zkp_err e) {
    return e == ZKP_ERR_NOMEM || e == ZKP_ERR_RNG ? CLI_EXIT_INTERNAL : CLI_EXIT_USAGE;
}

/* Errors that make a proof invalid (exit 1) rather than the input malformed. */
static inline bool g16_cli_is_invalid(zkp_err e) {
    return e == ZKP_ERR_VERIFY_FAIL || e == ZKP_ERR_NOT_CANONICAL || e == ZKP_ERR_NOT_ON_CURVE ||
           e == ZKP_ERR_NOT_IN_SUBGROUP;
}

/* Prints "zkpot <cmd>: <detail or strerror>" and returns the exit code. */
static inline int g16_cli_fail(const char *cmd, zkp_err e) {
    const char *d = zkp_last_error();
    fprintf(stderr, "zkpot %s: %s\n", cmd, d && *d ? d : zkp_strerror(e));
    return g16_cli_exit(e);
}

#endif
