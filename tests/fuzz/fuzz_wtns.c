/* zkpot fuzz: the .wtns parser (wtns_read_mem) and its writer round trip. */
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    uint64_t st = 2;
    fr_t v[4];
    for (int i = 0; i < 4; i++)
        fuzz_fr(&v[i], &st);
    uint8_t *b;
    size_t n;
    if (wtns_write_mem(&b, &n, v, 4) == ZKP_OK) {
        fuzz_write_seed("seed.wtns", b, n);
        zkp_free(b);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    wtns_t *w;
    if (wtns_read_mem(&w, data, size, "fuzz.wtns") != ZKP_OK) {
        FUZZ_ASSERT(w == NULL && zkp_last_error()[0]);
        return 0;
    }
    uint8_t *b;
    size_t n;
    FUZZ_ASSERT(wtns_write_mem(&b, &n, w->values, w->n) == ZKP_OK);
    FUZZ_ASSERT(n == size && memcmp(b, data, n) == 0);
    zkp_free(b);
    wtns_free(w);
    return 0;
}
