/* zkpot L1 field: Fq, the BN254 base field (instantiates fp_tmpl.h). */
#define FP_T fq_t
#define FP(name) fq_##name
#define FP_M0 0x3c208c16d87cfd47ULL
#define FP_M1 0x97816a916871ca8dULL
#define FP_M2 0xb85045b68181585dULL
#define FP_M3 0x30644e72e131a029ULL
#define FP_R0 0xd35d438dc58f0d9dULL
#define FP_R1 0x0a78eb28f5c70b3dULL
#define FP_R2 0x666ea36f7879462cULL
#define FP_R3 0x0e0a77c19a07df2fULL
#define FP_R2_0 0xf32cfc5b538afa89ULL
#define FP_R2_1 0xb5e71911d44501fbULL
#define FP_R2_2 0x47ab1eff0a417ff6ULL
#define FP_R2_3 0x06d89f71cab8351fULL
#define FP_INV 0x87d20782e4866389ULL
/* 2^768 mod m (for inv_var), computed with Python: pow(2, 768, m). */
#define FP_R3_0 0xb1cd6dafda1530dfULL
#define FP_R3_1 0x62f210e6a7283db6ULL
#define FP_R3_2 0xef7f0b0c0ada0afbULL
#define FP_R3_3 0x20fd6e902d592544ULL
/* m - 1 = 2^FP_S t; FP_ROOT = the primitive 2^S-th root -1 (p = 3 mod 4, so -1 is a non-residue),
 * in Montgomery form (Python: pow(z, t, m) * 2^256 % m). tests/check_field.c checks sqrt. */
#define FP_S 1
#define FP_ROOT_0 0x68c3488912edefaaULL
#define FP_ROOT_1 0x8d087f6872aabf4fULL
#define FP_ROOT_2 0x51e1a24709081231ULL
#define FP_ROOT_3 0x2259d6b14729c0faULL
#include "field/fp_tmpl.h"
