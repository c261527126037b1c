/* zkpot fuzz: the Groth16 .zkey parser (zkey_read_mem, full, raw and header-only)
 * and its writer round trip. */
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    uint64_t st = 3;
    zkey_t *k;
    if (zkey_new(&k, 4, 1, 4, 2) != ZKP_OK) return 0;
    g1_t g;
    g2_t h;
    g1_generator(&g), g2_generator(&h);
    g1_to_affine(&k->alpha1, &g), g1_to_affine(&k->a[1], &g), g1_to_affine(&k->h[2], &g);
    g2_to_affine(&k->beta2, &h), g2_to_affine(&k->b2[3], &h);
    for (uint32_t i = 0; i < 2; i++) {
        k->coefs[i].matrix = i, k->coefs[i].constraint = i, k->coefs[i].signal = i + 1;
        fuzz_fr(&k->coefs[i].value, &st);
    }
    uint8_t *b;
    size_t n;
    if (zkey_write_mem(&b, &n, k) == ZKP_OK) {
        fuzz_write_seed("seed.zkey", b, n);
        zkp_free(b);
    }
    zkey_free(k);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    zkey_t *k, *h, *r;
    zkp_err eh = zkey_read_mem(&h, data, size, "fuzz.zkey", ZKEY_READ_HEADER);
    zkey_free(h);
    zkp_err er = zkey_read_mem(&r, data, size, "fuzz.zkey", ZKEY_READ_RAW);
    FUZZ_ASSERT(er == ZKP_OK ? r != NULL && r->raw_h != NULL : r == NULL);
    FUZZ_ASSERT(er != ZKP_OK || eh == ZKP_OK); /* a raw read implies a header read */
    zkey_free(r);
    if (zkey_read_mem(&k, data, size, "fuzz.zkey", ZKEY_READ_ALL) != ZKP_OK) {
        FUZZ_ASSERT(k == NULL && zkp_last_error()[0]);
        return 0;
    }
    FUZZ_ASSERT(eh == ZKP_OK && er == ZKP_OK); /* a full read implies the others */
    uint8_t *b;
    size_t n;
    FUZZ_ASSERT(zkey_write_mem(&b, &n, k) == ZKP_OK);
    FUZZ_ASSERT(n == size && memcmp(b, data, n) == 0);
    zkp_free(b);
    zkey_free(k);
    return 0;
}
