/* zkpot L1 field: Fr, the BN254 scalar field (instantiates fp_tmpl.h), and its
 * roots of unity for the NTT. */
#define FP_T fr_t
#define FP(name) fr_##name
#define FP_M0 0x43e1f593f0000001ULL
#define FP_M1 0x2833e84879b97091ULL
#define FP_M2 0xb85045b68181585dULL
#define FP_M3 0x30644e72e131a029ULL
#define FP_R0 0xac96341c4ffffffbULL
#define FP_R1 0x36fc76959f60cd29ULL
#define FP_R2 0x666ea36f7879462eULL
#define FP_R3 0x0e0a77c19a07df2fULL
#define FP_R2_0 0x1bb8e645ae216da7ULL
#define FP_R2_1 0x53fe3ab1e35c59e3ULL
#define FP_R2_2 0x8c49833d53bb8085ULL
#define FP_R2_3 0x0216d0b17f4e44a5ULL
#define FP_INV 0xc2e1f593efffffffULL
/* 2^768 mod m (for inv_var), computed with Python: pow(2, 768, m). */
#define FP_R3_0 0x5e94d8e1b4bf0040ULL
#define FP_R3_1 0x2a489cbe1cfbb6b8ULL
#define FP_R3_2 0x893cc664a19fcfedULL
#define FP_R3_3 0x0cf8594b7fcc657cULL
/* m - 1 = 2^FP_S t; FP_ROOT = the primitive 2^S-th root 5^t (5 is a non-residue; the w_28 of
 * ffjavascript), in Montgomery form (Python: pow(z, t, m) * 2^256 % m). tests/check_field.c checks
 * sqrt. */
#define FP_S 28
#define FP_ROOT_0 0x636e735580d13d9cULL
#define FP_ROOT_1 0xa22bf3742445ffd6ULL
#define FP_ROOT_2 0x56452ac01eb203d8ULL
#define FP_ROOT_3 0x1860ef942963f9e7ULL
#include "field/fp_tmpl.h"

#include <assert.h>

/* w_28 = 5^t is the precomputed FP_ROOT (tests/check_field.c compares every
 * w_k with ffjavascript); w_k = w_28^(2^(28-k)). */
_Static_assert(FP_S == FR_TWO_ADICITY, "Fr 2-adicity");

void fr_root_of_unity(fr_t *r, unsigned k) {
    assert(k <= FR_TWO_ADICITY);
    fr_t w = fr_root_c;
    for (unsigned i = k; i < FR_TWO_ADICITY; i++)
        fr_sqr(&w, &w);
    *r = w;
}
