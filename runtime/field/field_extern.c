/* zkpot L1 field: exported copies of the inline hot operations of
 * zkpot/field.h (fq_add, fr_mul, ...) for callers that cannot include the
 * header: LLVM IR from zkc, FFI bindings. C callers use the inline versions. */
#define ZKP_FIELD_EMIT 1
#include "zkpot/field.h"
