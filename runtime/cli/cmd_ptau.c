/* zkpot ptau new <power> <out.ptau>: a snarkjs powers-of-tau file, prepared for
 * phase 2, from one party's fresh random tau, alpha, beta — FOR TESTS AND
 * BENCHMARKS ONLY (whoever ran it knows tau and can forge proofs for every key
 * made from it). zkpot ptau check <file.ptau>: reads the file with full
 * validation and checks its sections against each other (ptau_check). */
#include "cli/g16_cli.h"

static const char usage_text[] =
    "usage: zkpot ptau new <power> <out.ptau> [--quiet] [--threads N]\n"
    "       zkpot ptau check <file.ptau> [--quiet] [--threads N]\n"
    "'new' writes a powers-of-tau file of 2^power (1..27) in snarkjs's format, prepared\n"
    "for phase 2 (sections 12-15), with one contribution (this process's own), that\n"
    "`snarkjs powersoftau verify` and `snarkjs groth16 setup` accept.\n"
    "WARNING: FOR TESTS AND BENCHMARKS ONLY. One party draws tau, alpha and beta:\n"
    "anyone who could read this process's memory while it ran could forge proofs for\n"
    "every key made from the file. Never use it for production keys: use the file of\n"
    "a public multi-party ceremony instead.\n"
    "'check' validates every point and checks that the sections agree (pairings).\n";

static int cmd_new(g16_cli_opts *o, int argc, char **argv) {
    char *end = NULL;
    long pw = strtol(argv[1], &end, 10);
    if (!*argv[1] || *end || pw < 1 || pw > PTAU_MAX_POWER) {
        fprintf(stderr, "zkpot ptau new: power must be a number from 1 to %d, not '%s'\n",
                PTAU_MAX_POWER, argv[1]);
        return CLI_EXIT_USAGE;
    }
    (void)argc;
    ptau_t *p = NULL;
    zkp_err e = ptau_new(&p, (unsigned)pw, g16_cli_progress, o);
    g16_cli_progress_end(o);
    if (e) return g16_cli_fail("ptau new", e);
    double t_gen = (double)(zkp_now_ns() - o->t0) / 1e9;
    e = ptau_write(p, argv[2]);
    ptau_free(p);
    if (e) return g16_cli_fail("ptau new", e);
    if (!o->quiet)
        fprintf(stderr,
                "zkpot ptau new: 2^%ld powers -> %s (%.2f s, of which %.2f s computing)\n"
                "zkpot ptau new: WARNING: test/benchmark file only, its maker knows tau; never "
                "use it for production keys\n",
                pw, argv[2], (double)(zkp_now_ns() - o->t0) / 1e9, t_gen);
    return CLI_EXIT_OK;
}

static int cmd_check(g16_cli_opts *o, const char *path) {
    ptau_t *p = NULL;
    zkp_err e = ptau_read(&p, path, PTAU_READ_ALL);
    if (e) return g16_cli_fail("ptau check", e);
    e = ptau_check(p);
    if (e) {
        ptau_free(p);
        return g16_cli_fail("ptau check", e) == CLI_EXIT_INTERNAL ? CLI_EXIT_INTERNAL
                                                                  : CLI_EXIT_INVALID;
    }
    if (!o->quiet)
        printf("%s: powers of tau 2^%u, %u contribution(s), %s: sections consistent (%.2f s)\n",
               path, p->power, p->n_contributions,
               p->prepared ? "prepared for phase 2" : "not prepared for phase 2",
               (double)(zkp_now_ns() - o->t0) / 1e9);
    ptau_free(p);
    return CLI_EXIT_OK;
}

static int run(int argc, char **argv) {
    g16_cli_opts o;
    if (!g16_cli_parse(&o, &argc, argv, "ptau")) return CLI_EXIT_USAGE;
    if (argc == 4 && !strcmp(argv[1], "new")) return cmd_new(&o, argc - 1, argv + 1);
    if (argc == 3 && !strcmp(argv[1], "check")) return cmd_check(&o, argv[2]);
    if (argc == 2 && (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help"))) {
        fputs(usage_text, stdout);
        return CLI_EXIT_OK;
    }
    fputs(usage_text, stderr);
    return CLI_EXIT_USAGE;
}

const struct cli_cmd cli_cmd_ptau = {
    "ptau", "powers of tau: new <power> <out.ptau> (TESTS ONLY: maker knows tau) | check <f>", run};
