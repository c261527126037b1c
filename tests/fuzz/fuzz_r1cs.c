/* zkpot fuzz: the .r1cs parser (r1cs_read_mem) and its writer round trip. */
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    uint64_t st = 1;
    r1cs_term_t terms[9];
    uint64_t starts[7] = {0, 2, 3, 5, 6, 8, 9};
    uint64_t labels[6] = {0, 1, 2, 3, 5, 6};
    for (int i = 0; i < 9; i++)
        terms[i].wire = (uint32_t)(i % 6), fuzz_fr(&terms[i].coef, &st);
    uint8_t extra[12] = {1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0};
    io_section_t x = {.id = 4, .size = sizeof extra, .data = extra};
    r1cs_t r = {.n_wires = 6,
                .n_pub_out = 1,
                .n_pub_in = 1,
                .n_prv_in = 1,
                .n_labels = 7,
                .n_constraints = 2,
                .terms = terms,
                .lc_start = starts,
                .wire_to_label = labels,
                .extra = &x,
                .n_extra = 1};
    uint8_t *b;
    size_t n;
    if (r1cs_write_mem(&b, &n, &r) == ZKP_OK) {
        fuzz_write_seed("seed.r1cs", b, n);
        zkp_free(b);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    r1cs_t *r;
    if (r1cs_read_mem(&r, data, size, "fuzz.r1cs") != ZKP_OK) {
        FUZZ_ASSERT(r == NULL && zkp_last_error()[0]);
        return 0;
    }
    uint8_t *b;
    size_t n;
    FUZZ_ASSERT(r1cs_write_mem(&b, &n, r) == ZKP_OK);
    /* Accepted input is canonical: writing it back gives the same bytes. */
    FUZZ_ASSERT(n == size && memcmp(b, data, n) == 0);
    zkp_free(b);
    r1cs_free(r);
    return 0;
}
