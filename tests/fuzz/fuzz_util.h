/* zkpot fuzz harnesses: shared helpers. Each tests/fuzz/fuzz_<fmt>.c feeds
 * libFuzzer's bytes to one parser; an accepted input must write back and read
 * again to the same bytes. LLVMFuzzerInitialize writes a valid seed file made
 * by our own writer into $ZKPOT_FUZZ_SEED_DIR (set by `make fuzz`). */
#ifndef ZKPOT_FUZZ_UTIL_H
#define ZKPOT_FUZZ_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zkpot.h"

static inline void fuzz_write_seed(const char *name, const uint8_t *b, size_t n) {
    const char *dir = getenv("ZKPOT_FUZZ_SEED_DIR");
    if (!dir || !*dir) return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fwrite(b, 1, n, f);
    fclose(f);
}

/* A deterministic pseudo-random field element for seeds. */
static inline void fuzz_fr(fr_t *r, uint64_t *st) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++) {
        *st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
        b[i] = (uint8_t)(*st >> 56);
    }
    fr_reduce_bytes_le(r, b);
}

#define FUZZ_ASSERT(c)                                                                             \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "fuzz assertion failed: %s (%s:%d)\n", #c, __FILE__, __LINE__);        \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#endif
