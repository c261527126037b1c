/* Timing driver for zkc's generated C witness code (bench/bench_circom.c):
 * reads the flat inputs (one decimal per line, `zkc witness --flat-inputs`),
 * runs <name>_witness() several times and prints the best wall time of that
 * call alone (no input parsing, no file writing):
 *   witness_s <seconds>
 * then writes the witness as .wtns (to be checked against the .r1cs).
 * Build: cc -DCIRCUIT=name -DCIRCUIT_H='"name.h"' wtns_timer.c name.c libzkpot.a ...
 * Usage: wtns_timer <inputs.txt> <out.wtns> */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zkpot.h"
#include CIRCUIT_H

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)

int main(int argc, char **argv) {
    if (argc != 3) return 2;
    FILE *f = fopen(argv[1], "r");
    if (!f) return 2;
    static CAT(CIRCUIT, _inputs_t) in;
    fr_t *flat = (fr_t *)&in;
    char line[256];
    for (int i = 0; i < CAT(CIRCUIT, _ninputs); i++) {
        if (!fgets(line, sizeof line, f)) return 3;
        line[strcspn(line, "\n")] = 0;
        if (fr_from_dec(&flat[i], line) != ZKP_OK) return 3;
    }
    fclose(f);
    fr_t *w = calloc(CAT(CIRCUIT, _nwires), sizeof *w);
    if (!w) return 3;
    double best = 1e30;
    uint64_t spent = 0;
    for (int rep = 0; rep < 100 && (rep < 3 || spent < 500000000ull); rep++) {
        uint64_t t0 = zkp_now_ns();
        zkp_err e = CAT(CIRCUIT, _witness)(w, &in);
        uint64_t dt = zkp_now_ns() - t0;
        if (e != ZKP_OK) {
            fprintf(stderr, "witness: %s: %s\n", zkp_strerror(e), zkp_last_error());
            return 1;
        }
        spent += dt;
        if ((double)dt / 1e9 < best) best = (double)dt / 1e9;
    }
    printf("witness_s %.9f\n", best);
    zkp_err e = CAT(CIRCUIT, _write_wtns)(argv[2], w);
    free(w);
    return e == ZKP_OK ? 0 : 1;
}
