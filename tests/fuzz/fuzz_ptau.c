/* zkpot fuzz: the .ptau parser (ptau_read_mem, header-only and full), its
 * writer (what it accepts writes back to bytes it reads again to the same
 * bytes; the layout it accepts may be looser than the writer's, e.g. section
 * order) and ptau_check on what it accepts. */
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    ptau_t *p;
    if (ptau_new(&p, 2, NULL, NULL) != ZKP_OK) return 0;
    uint8_t *b;
    size_t n;
    if (ptau_write_mem(&b, &n, p) == ZKP_OK) {
        fuzz_write_seed("seed.ptau", b, n);
        zkp_free(b);
    }
    ptau_free(p);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ptau_t *h, *p, *q;
    zkp_err eh = ptau_read_mem(&h, data, size, "fuzz.ptau", PTAU_READ_HEADER);
    FUZZ_ASSERT(eh == ZKP_OK ? h != NULL : h == NULL && zkp_last_error()[0]);
    ptau_free(h);
    if (ptau_read_mem(&p, data, size, "fuzz.ptau", PTAU_READ_ALL) != ZKP_OK) {
        FUZZ_ASSERT(p == NULL && zkp_last_error()[0]);
        return 0;
    }
    FUZZ_ASSERT(eh == ZKP_OK); /* a full read implies a header read */
    if (p->power <= 3) (void)ptau_check(p); /* any answer, no crash */
    uint8_t *b, *b2;
    size_t n, n2;
    FUZZ_ASSERT(ptau_write_mem(&b, &n, p) == ZKP_OK);
    FUZZ_ASSERT(ptau_read_mem(&q, b, n, "rewritten.ptau", PTAU_READ_ALL) == ZKP_OK);
    FUZZ_ASSERT(ptau_write_mem(&b2, &n2, q) == ZKP_OK);
    FUZZ_ASSERT(n2 == n && memcmp(b, b2, n) == 0);
    zkp_free(b), zkp_free(b2);
    ptau_free(q);
    ptau_free(p);
    return 0;
}
