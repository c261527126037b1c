/* zkpot L4 io: .wtns version 2, the witness file of circom's witness
 * calculators and snarkjs (layout learned from snarkjs wtns_utils.js; our own
 * code). Sections: 1 header (n8, prime, count), 2 values (canonical LE). */
#include <string.h>

#include "io/binfile.h"

enum { WTNS_HEADER = 1, WTNS_VALUES = 2 };

void wtns_free(wtns_t *w) {
    if (!w) return;
    zkp_free_secret(w->values, (size_t)w->n * sizeof *w->values);
    zkp_free(w);
}

/* header := n8(u32) prime(n8) count(u32);  values := value(n8)^count.
 * Checks the container and sizes; *vals points at the values section. */
static zkp_err locate(uint32_t *n, const uint8_t **vals, bin_t *b, const bin_sec_t **svp,
                      const uint8_t *buf, size_t len, const char *name) {
    zkp_err e = bin_open(b, name, buf, len, "wtns", 2, 2);
    if (e) return e;
    const bin_sec_t *sh, *sv;
    if ((e = bin_section(b, WTNS_HEADER, true, &sh)) ||
        (e = bin_section(b, WTNS_VALUES, true, &sv)))
        return e;
    for (uint32_t i = 0; i < b->n_secs; i++)
        if (b->secs[i].id != WTNS_HEADER && b->secs[i].id != WTNS_VALUES)
            return zkp_fail(ZKP_ERR_FORMAT, "%s: section %u at byte %llu: unknown section", name,
                            b->secs[i].id, (unsigned long long)(b->secs[i].off - 12));
    bin_cur_t c;
    bin_cur(&c, b, sh);
    if ((e = bin_prime(&c, fr_modulus, "witness field")) || (e = bin_u32(&c, n, "count")) ||
        (e = bin_end(&c)))
        return e;
    bin_cur(&c, b, sv);
    if (sv->size != 32 * (uint64_t)*n)
        return bin_fail(&c, 0, ZKP_ERR_FORMAT,
                        "section size %llu disagrees with the header (%u values need %llu bytes)",
                        (unsigned long long)sv->size, *n, 32 * (unsigned long long)*n);
    *vals = buf + sv->off;
    *svp = sv;
    return ZKP_OK;
}

/* value < r, compared on the limbs (little-endian host) */
static bool canonical_le(const uint8_t *p) {
    uint64_t v[4];
    memcpy(v, p, 32);
    for (int i = 3; i >= 0; i--)
        if (v[i] != fr_modulus[i]) return v[i] < fr_modulus[i];
    return false;
}

zkp_err wtns_view_mem(wtns_map_t *out, const uint8_t *buf, size_t len, const char *name) {
    memset(out, 0, sizeof *out);
    bin_t b;
    const bin_sec_t *sv = NULL;
    uint32_t n = 0;
    const uint8_t *v = NULL;
    zkp_err e = locate(&n, &v, &b, &sv, buf, len, name);
    if (e) return e;
    for (uint32_t i = 0; i < n; i++)
        if (!canonical_le(v + 32 * (size_t)i)) {
            bin_cur_t c;
            bin_cur(&c, &b, sv);
            return bin_fail(&c, 32 * (uint64_t)i, ZKP_ERR_NOT_CANONICAL,
                            "witness value %u is not canonical (>= r)", i);
        }
    out->n = n, out->le = v;
    return ZKP_OK;
}

zkp_err wtns_map(wtns_map_t *out, const char *path) {
    bin_map_t m;
    memset(out, 0, sizeof *out);
    zkp_err e = bin_map(&m, path);
    if (e) return e;
    if ((e = wtns_view_mem(out, m.buf, m.len, path))) {
        bin_unmap(&m);
        return e;
    }
    out->map_ = m.buf, out->map_len_ = m.len;
    return ZKP_OK;
}

void wtns_unmap(wtns_map_t *w) {
    if (w->map_) {
        bin_map_t m = {w->map_, w->map_len_};
        bin_unmap(&m);
    }
    memset(w, 0, sizeof *w);
}

static zkp_err parse(wtns_t *w, const uint8_t *buf, size_t len, const char *name) {
    bin_t b;
    const bin_sec_t *sv = NULL;
    const uint8_t *v = NULL;
    uint32_t n = 0;
    zkp_err e = locate(&n, &v, &b, &sv, buf, len, name);
    if (e) return e;
    bin_cur_t c;
    bin_cur(&c, &b, sv);
    w->n = n;
    w->values = zkp_malloc((size_t)w->n * sizeof *w->values);
    if (!w->values) {
        zkp_err en = zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory for %u values", name, w->n);
        w->n = 0;
        return en;
    }
    for (uint32_t i = 0; i < w->n; i++)
        if ((e = bin_fr_le(&c, &w->values[i], "witness value"))) return e;
    return bin_end(&c);
}

zkp_err wtns_read_mem(wtns_t **out, const uint8_t *buf, size_t len, const char *name) {
    *out = NULL;
    wtns_t *w = zkp_calloc(1, sizeof *w);
    if (!w) return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", name);
    zkp_err e = parse(w, buf, len, name);
    if (e) {
        wtns_free(w);
        return e;
    }
    *out = w;
    return ZKP_OK;
}

zkp_err wtns_read(wtns_t **out, const char *path) {
    bin_map_t m;
    *out = NULL;
    zkp_err e = bin_map(&m, path);
    if (e) return e;
    e = wtns_read_mem(out, m.buf, m.len, path);
    bin_unmap(&m);
    return e;
}

typedef struct {
    const fr_t *v;
    size_t n;
} wtns_src_t;

static void emit(bin_w_t *w, const void *ctx) {
    const wtns_src_t *s = ctx;
    bin_w_header(w, "wtns", 2, 2);
    bin_w_sec(w, WTNS_HEADER, 4 + 32 + 4);
    bin_w_prime(w, fr_modulus);
    bin_w_u32(w, (uint32_t)s->n);
    bin_w_sec(w, WTNS_VALUES, 32 * (uint64_t)s->n);
    uint8_t b[32];
    for (size_t i = 0; i < s->n; i++) {
        fr_to_bytes_le(b, &s->v[i]);
        bin_w_bytes(w, b, 32);
    }
    zkp_memzero(b, sizeof b);
}

zkp_err wtns_write(const fr_t *values, size_t n, const char *path) {
    if (n > UINT32_MAX) return zkp_fail(ZKP_ERR_RANGE, "%s: %zu values (at most 2^32-1)", path, n);
    wtns_src_t s = {values, n};
    return bin_write_file(path, emit, &s);
}

zkp_err wtns_write_mem(uint8_t **buf, size_t *len, const fr_t *values, size_t n) {
    if (n > UINT32_MAX) return zkp_fail(ZKP_ERR_RANGE, "%zu values (at most 2^32-1)", n);
    wtns_src_t s = {values, n};
    return bin_write_mem(buf, len, emit, &s);
}
