/* zkpot fuzz: the snarkjs JSON parsers (verification key, proof, public
 * signals). Accepted text must print and parse back to the same printout. */
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    uint64_t st = 4;
    g1_t g;
    g2_t h;
    g1_generator(&g), g2_generator(&h);
    g1_affine_t ic[2];
    io_vk_t vk = {.n_public = 1, .ic = ic};
    g1_to_affine(&vk.alpha1, &g), g1_to_affine(&ic[0], &g), g1_to_affine(&ic[1], &g);
    g2_to_affine(&vk.beta2, &h), vk.gamma2 = vk.delta2 = vk.beta2;
    pairing(&vk.alphabeta, &vk.alpha1, &vk.beta2);
    io_proof_t p = {.a = ic[0], .b = vk.beta2, .c = ic[1]};
    fr_t pub[3];
    for (int i = 0; i < 3; i++)
        fuzz_fr(&pub[i], &st);
    char *t;
    if (io_vk_to_json(&t, &vk) == ZKP_OK)
        fuzz_write_seed("vk.json", (uint8_t *)t, strlen(t)), free(t);
    if (io_proof_to_json(&t, &p) == ZKP_OK)
        fuzz_write_seed("proof.json", (uint8_t *)t, strlen(t)), free(t);
    if (io_public_to_json(&t, pub, 3) == ZKP_OK)
        fuzz_write_seed("public.json", (uint8_t *)t, strlen(t)), free(t);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *text = (const char *)data;
    char *t1, *t2;
    io_vk_t *vk, *vk2;
    if (io_vk_parse(&vk, text, size, "fuzz.json") == ZKP_OK) {
        FUZZ_ASSERT(io_vk_to_json(&t1, vk) == ZKP_OK);
        FUZZ_ASSERT(io_vk_parse(&vk2, t1, strlen(t1), "again.json") == ZKP_OK);
        FUZZ_ASSERT(io_vk_to_json(&t2, vk2) == ZKP_OK && strcmp(t1, t2) == 0);
        free(t1), free(t2), io_vk_free(vk), io_vk_free(vk2);
    } else {
        FUZZ_ASSERT(vk == NULL && zkp_last_error()[0]);
    }
    io_proof_t p, p2;
    if (io_proof_parse(&p, text, size, "fuzz.json") == ZKP_OK) {
        FUZZ_ASSERT(io_proof_to_json(&t1, &p) == ZKP_OK);
        FUZZ_ASSERT(io_proof_parse(&p2, t1, strlen(t1), "again.json") == ZKP_OK);
        FUZZ_ASSERT(io_proof_to_json(&t2, &p2) == ZKP_OK && strcmp(t1, t2) == 0);
        free(t1), free(t2);
    }
    fr_t *v, *v2;
    size_t n, n2;
    if (io_public_parse(&v, &n, text, size, "fuzz.json") == ZKP_OK) {
        FUZZ_ASSERT(io_public_to_json(&t1, v, n) == ZKP_OK);
        FUZZ_ASSERT(io_public_parse(&v2, &n2, t1, strlen(t1), "again.json") == ZKP_OK);
        FUZZ_ASSERT(n == n2 && (n == 0 || memcmp(v, v2, n * sizeof *v) == 0));
        free(t1), zkp_free(v), zkp_free(v2);
    } else {
        FUZZ_ASSERT(v == NULL && n == 0);
    }
    return 0;
}
