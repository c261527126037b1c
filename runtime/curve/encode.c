/* zkpot L2 curve: what the G1 and G2 encoders (encode_g1.c, encode_g2.c) share:
 * a point's coordinates as a list of Fq elements read or written through one
 * Fq codec (32 bytes each, in the format's order), the zero test of an encoding,
 * and the error messages that name the failing coordinate. */
#include <stdio.h>

#include "curve/curve_internal.h"

/* a > (p-1)/2 as an integer, i.e. 2a >= p (p odd). */
bool curve_fq_is_largest(const fq_t *a) {
    uint64_t v[4], c = 0;
    fq_to_limbs(v, a);
    for (int i = 0; i < 4; i++) { /* v = 2v (no overflow: v < p < 2^254) */
        uint64_t hi = v[i] >> 63;
        v[i] = (v[i] << 1) | c;
        c = hi;
    }
    for (int i = 3; i >= 0; i--) {
        if (v[i] != fq_modulus[i]) return v[i] > fq_modulus[i];
    }
    return true;
}

bool curve_all_zero(const uint8_t *b, size_t n) {
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= b[i];
    return acc == 0;
}

zkp_err curve_coords_from(fq_t *const *c, const char *const *names, size_t n,
                          zkp_err (*dec)(fq_t *, const uint8_t *), const uint8_t *in,
                          const char *what) {
    for (size_t i = 0; i < n; i++) {
        zkp_err e = dec(c[i], in + 32 * i);
        if (e) return zkp_fail(e, "%s: %s coordinate is not canonical (>= p)", what, names[i]);
    }
    return ZKP_OK;
}

void curve_coords_to(uint8_t *out, const fq_t *const *c, size_t n,
                     void (*enc)(uint8_t *, const fq_t *)) {
    for (size_t i = 0; i < n; i++)
        enc(out + 32 * i, c[i]);
}

zkp_err curve_coords_from_dec(fq_t *const *c, const char *const *names, size_t n,
                              const char *const *s, const char *what) {
    for (size_t i = 0; i < n; i++) {
        if (!s[i]) return zkp_fail(ZKP_ERR_FORMAT, "%s: %s coordinate missing", what, names[i]);
        zkp_err e = fq_from_dec(c[i], s[i]);
        if (e) {
            char detail[256]; /* copy: zkp_fail overwrites the buffer it would read */
            snprintf(detail, sizeof detail, "%s", zkp_last_error());
            return zkp_fail(e, "%s: %s coordinate: %s", what, names[i], detail);
        }
    }
    return ZKP_OK;
}
