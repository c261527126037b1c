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
#include "field/fp_tmpl.h"
