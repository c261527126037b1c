/* Driver for zkc's generated C (used by tests/check_zkc.c): reads the flat
 * inputs (one decimal per line, `zkc witness --flat-inputs`), computes the
 * witness with the generated code and writes it as .wtns.
 * Build: cc -DCIRCUIT=name -DCIRCUIT_H='"name.h"' driver.c name.c libzkpot.a ...
 * Usage: driver <inputs.txt> <out.wtns> */
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
    zkp_err e = CAT(CIRCUIT, _witness)(w, &in);
    if (e != ZKP_OK) {
        fprintf(stderr, "witness: %s: %s\n", zkp_strerror(e), zkp_last_error());
        return 1;
    }
    e = CAT(CIRCUIT, _write_wtns)(argv[2], w);
    free(w);
    return e == ZKP_OK ? 0 : 1;
}
