/* zkpot L4 io: the Groth16 .zkey of snarkjs (layout learned from snarkjs
 * zkey_utils.js and zkey_new.js; our own code). Sections:
 *   1 protocol (u32 1 = Groth16)   2 Groth16 header and verification key
 *   3 IC   4 coefficients   5 A   6 B1   7 B2   8 C   9 H   10 contributions
 * Points are affine, each coordinate 32 little-endian bytes of its Montgomery
 * form; infinity is all zero bytes. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "io/binfile.h"

enum {
    ZK_PROTOCOL = 1,
    ZK_HEADER = 2,
    ZK_IC = 3,
    ZK_COEFS = 4,
    ZK_A = 5,
    ZK_B1 = 6,
    ZK_B2 = 7,
    ZK_C = 8,
    ZK_H = 9,
    ZK_CONTRIB = 10,
};
#define ZK_HEADER_SIZE (4 + 32 + 4 + 32 + 3 * 4 + 3 * G1_BYTES + 3 * G2_BYTES)
#define ZK_COEF_SIZE (12 + 32)
/* An empty contributions section: a zero circuit hash and no contributions. */
#define ZK_CONTRIB_EMPTY_SIZE (64 + 4)

static const uint32_t default_order[] = {ZK_PROTOCOL, ZK_HEADER, ZK_COEFS, ZK_IC, ZK_H,
                                         ZK_C,        ZK_A,      ZK_B1,    ZK_B2, ZK_CONTRIB};

void zkey_free(zkey_t *k) {
    if (!k) return;
    zkp_free(k->ic);
    zkp_free(k->coefs);
    zkp_free(k->a);
    zkp_free(k->b1);
    zkp_free(k->b2);
    zkp_free(k->c);
    zkp_free(k->h);
    zkp_free(k->contributions);
    if (k->map_) {
        bin_map_t m = {k->map_, k->map_len_};
        bin_unmap(&m);
    }
    zkp_free(k);
}

static bool pow2_ok(uint32_t d) { return d && !(d & (d - 1)) && d <= (1u << FR_TWO_ADICITY); }

static zkp_err alloc_arrays(zkey_t *k, bool all) {
    k->ic = zkp_calloc((size_t)k->n_public + 1, sizeof *k->ic);
    if (!k->ic) return ZKP_ERR_NOMEM;
    if (!all) return ZKP_OK;
    k->coefs = zkp_calloc(k->n_coefs ? k->n_coefs : 1, sizeof *k->coefs);
    k->a = zkp_calloc(k->n_vars, sizeof *k->a);
    k->b1 = zkp_calloc(k->n_vars, sizeof *k->b1);
    k->b2 = zkp_calloc(k->n_vars, sizeof *k->b2);
    k->c = zkp_calloc((size_t)(k->n_vars - k->n_public - 1) + 1, sizeof *k->c);
    k->h = zkp_calloc(k->domain_size, sizeof *k->h);
    if (!k->coefs || !k->a || !k->b1 || !k->b2 || !k->c || !k->h) return ZKP_ERR_NOMEM;
    return ZKP_OK;
}

static void set_infinity(zkey_t *k, bool all) {
    g1_affine_t g1_inf = {.infinity = true};
    g2_affine_t g2_inf = {.infinity = true};
    k->alpha1 = k->beta1 = k->delta1 = g1_inf;
    k->beta2 = k->gamma2 = k->delta2 = g2_inf;
    for (uint32_t i = 0; i <= k->n_public; i++)
        k->ic[i] = g1_inf;
    if (!all) return;
    for (uint32_t i = 0; i < k->n_vars; i++)
        k->a[i] = k->b1[i] = g1_inf, k->b2[i] = g2_inf;
    for (uint32_t i = 0; i < k->n_vars - k->n_public - 1; i++)
        k->c[i] = g1_inf;
    for (uint32_t i = 0; i < k->domain_size; i++)
        k->h[i] = g1_inf;
}

zkp_err zkey_new(zkey_t **out, uint32_t n_vars, uint32_t n_public, uint32_t domain_size,
                 uint32_t n_coefs) {
    *out = NULL;
    if ((uint64_t)n_public + 1 > n_vars)
        return zkp_fail(ZKP_ERR_RANGE, "zkey: %u public signals do not fit in %u wires", n_public,
                        n_vars);
    if (!pow2_ok(domain_size))
        return zkp_fail(ZKP_ERR_RANGE, "zkey: domain size %u is not a power of two <= 2^28",
                        domain_size);
    zkey_t *k = zkp_calloc(1, sizeof *k);
    if (!k) return zkp_fail(ZKP_ERR_NOMEM, "zkey: out of memory");
    k->n_vars = n_vars, k->n_public = n_public, k->domain_size = domain_size, k->n_coefs = n_coefs;
    size_t nc = (size_t)(n_vars - n_public - 1);
    if (alloc_arrays(k, false) == ZKP_OK) {
        k->coefs = zkp_malloc_huge((n_coefs ? n_coefs : 1) * sizeof *k->coefs);
        k->a = zkp_malloc_huge(n_vars * sizeof *k->a);
        k->b1 = zkp_malloc_huge(n_vars * sizeof *k->b1);
        k->b2 = zkp_malloc_huge(n_vars * sizeof *k->b2);
        k->c = zkp_malloc_huge((nc + 1) * sizeof *k->c);
        k->h = zkp_malloc_huge(domain_size * sizeof *k->h);
    }
    if (!k->ic || !k->coefs || !k->a || !k->b1 || !k->b2 || !k->c || !k->h) {
        zkey_free(k);
        return zkp_fail(ZKP_ERR_NOMEM, "zkey: out of memory for %u wires", n_vars);
    }
    memset(k->coefs, 0, (n_coefs ? n_coefs : 1) * sizeof *k->coefs);
    set_infinity(k, true);
    *out = k;
    return ZKP_OK;
}

/* ---- reading ---- */

/* A point of section c at its cursor; names the element on failure. */
static zkp_err rd_g1(bin_cur_t *c, g1_affine_t *p, const char *what, uint64_t i) {
    const uint8_t *b = NULL;
    uint64_t at = c->pos;
    zkp_err e = bin_bytes(c, &b, G1_BYTES, what);
    if (e) return e;
    if ((e = g1_from_zkey(p, b)) != ZKP_OK) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", zkp_last_error());
        if (i == UINT64_MAX) return bin_fail(c, at, e, "%s: %s", what, msg);
        return bin_fail(c, at, e, "%s[%llu]: %s", what, (unsigned long long)i, msg);
    }
    return ZKP_OK;
}

static zkp_err rd_g2(bin_cur_t *c, g2_affine_t *p, const char *what, uint64_t i) {
    const uint8_t *b = NULL;
    uint64_t at = c->pos;
    zkp_err e = bin_bytes(c, &b, G2_BYTES, what);
    if (e) return e;
    if ((e = g2_from_zkey(p, b)) != ZKP_OK) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", zkp_last_error());
        if (i == UINT64_MAX) return bin_fail(c, at, e, "%s: %s", what, msg);
        return bin_fail(c, at, e, "%s[%llu]: %s", what, (unsigned long long)i, msg);
    }
    return ZKP_OK;
}

static zkp_err size_is(const bin_t *b, const bin_sec_t *s, uint64_t want, const char *why) {
    if (s->size == want) return ZKP_OK;
    bin_cur_t c;
    bin_cur(&c, b, s);
    return bin_fail(&c, 0, ZKP_ERR_FORMAT,
                    "section size %llu disagrees with the header (%s needs %llu bytes)",
                    (unsigned long long)s->size, why, (unsigned long long)want);
}

/* groth16 header := n8q(u32) q(32) n8r(u32) r(32) nVars(u32) nPublic(u32)
 *   domainSize(u32) alpha1(G1) beta1(G1) beta2(G2) gamma2(G2) delta1(G1) delta2(G2) */
static zkp_err read_header(zkey_t *k, const bin_t *b, const bin_sec_t *s) {
    bin_cur_t c;
    bin_cur(&c, b, s);
    zkp_err e;
    if ((e = size_is(b, s, ZK_HEADER_SIZE, "the Groth16 header"))) return e;
    if ((e = bin_prime(&c, fq_modulus, "base field q")) ||
        (e = bin_prime(&c, fr_modulus, "scalar field r")))
        return e;
    uint64_t at = c.pos;
    if ((e = bin_u32(&c, &k->n_vars, "nVars")) || (e = bin_u32(&c, &k->n_public, "nPublic")) ||
        (e = bin_u32(&c, &k->domain_size, "domainSize")))
        return e;
    if ((uint64_t)k->n_public + 1 > k->n_vars)
        return bin_fail(&c, at, ZKP_ERR_FORMAT, "nPublic = %u does not fit in nVars = %u",
                        k->n_public, k->n_vars);
    if (!pow2_ok(k->domain_size))
        return bin_fail(&c, at + 8, ZKP_ERR_FORMAT, "domainSize = %u is not a power of two <= 2^28",
                        k->domain_size);
    if ((e = rd_g1(&c, &k->alpha1, "alpha1", UINT64_MAX)) ||
        (e = rd_g1(&c, &k->beta1, "beta1", UINT64_MAX)) ||
        (e = rd_g2(&c, &k->beta2, "beta2", UINT64_MAX)) ||
        (e = rd_g2(&c, &k->gamma2, "gamma2", UINT64_MAX)) ||
        (e = rd_g1(&c, &k->delta1, "delta1", UINT64_MAX)) ||
        (e = rd_g2(&c, &k->delta2, "delta2", UINT64_MAX)))
        return e;
    return bin_end(&c);
}

/* n points of a section whose size parse() has checked. Decoding (the G2
 * subgroup check above all) dominates reading a big key, so it runs on
 * zkp_threads() threads in fixed chunks; the first bad index is then decoded
 * again here to report it, so the error is the same for any thread count. */
static zkp_err read_points(const bin_t *b, const bin_sec_t *s, void *dst, bool g2, uint64_t n,
                           const char *what, bool trusted) {
    const uint8_t *base = b->buf + s->off;
    size_t nb = g2 ? G2_BYTES : G1_BYTES;
    uint64_t bad = UINT64_MAX;
    int nt = zkp_threads();
#pragma omp parallel for schedule(static) reduction(min : bad) num_threads(nt) if (n >= 1024)
    for (int64_t i = 0; i < (int64_t)n; i++) {
        zkp_err e;
        if (!g2)
            e = g1_from_zkey((g1_affine_t *)dst + i, base + (uint64_t)i * nb);
        else if (trusted)
            e = g2_from_zkey_nosub((g2_affine_t *)dst + i, base + (uint64_t)i * nb);
        else
            e = g2_from_zkey((g2_affine_t *)dst + i, base + (uint64_t)i * nb);
        if (e != ZKP_OK && (uint64_t)i < bad) bad = (uint64_t)i;
    }
    bin_cur_t c;
    bin_cur(&c, b, s);
    if (bad == UINT64_MAX) {
        c.pos = s->size;
        return bin_end(&c);
    }
    c.pos = bad * nb;
    if (!g2) return rd_g1(&c, (g1_affine_t *)dst + bad, what, bad);
    if (!trusted) return rd_g2(&c, (g2_affine_t *)dst + bad, what, bad);
    char msg[256];
    g2_affine_t tmp;
    if (g2_from_zkey_nosub(&tmp, base + bad * nb) == ZKP_OK) /* cannot happen */
        return bin_fail(&c, c.pos, ZKP_ERR_FORMAT, "%s[%llu]", what, (unsigned long long)bad);
    snprintf(msg, sizeof msg, "%s", zkp_last_error());
    zkp_err e = g2_from_zkey_nosub(&tmp, base + bad * nb);
    return bin_fail(&c, c.pos, e, "%s[%llu]: %s", what, (unsigned long long)bad, msg);
}

/* coefs := n(u32) (matrix(u32) constraint(u32) signal(u32) value*R^2 mod r (32))^n */
static zkp_err read_coefs(zkey_t *k, const bin_t *b, const bin_sec_t *s) {
    bin_cur_t c;
    bin_cur(&c, b, s);
    c.pos = 4; /* the count, read (and checked against the size) by parse() */
    for (uint32_t i = 0; i < k->n_coefs; i++) {
        zkey_coef_t *q = &k->coefs[i];
        uint64_t at = c.pos;
        const uint8_t *v = NULL;
        zkp_err e;
        if ((e = bin_u32(&c, &q->matrix, "matrix")) ||
            (e = bin_u32(&c, &q->constraint, "constraint")) ||
            (e = bin_u32(&c, &q->signal, "signal")) || (e = bin_bytes(&c, &v, 32, "value")))
            return e;
        if (q->matrix > 1)
            return bin_fail(&c, at, ZKP_ERR_FORMAT, "coefficient %u: matrix %u (only 0 = A, 1 = B)",
                            i, q->matrix);
        if (q->constraint >= k->domain_size)
            return bin_fail(&c, at + 4, ZKP_ERR_RANGE,
                            "coefficient %u: constraint %u out of the domain (%u)", i,
                            q->constraint, k->domain_size);
        if (q->signal >= k->n_vars)
            return bin_fail(&c, at + 8, ZKP_ERR_RANGE,
                            "coefficient %u: signal %u out of range (nVars = %u)", i, q->signal,
                            k->n_vars);
        /* v = value*R^2 (R = 2^256): its Montgomery decoding is value*R as an
         * element; decode that element's canonical bytes as Montgomery again. */
        fr_t t;
        uint8_t tb[32];
        if (fr_from_mont_bytes_le(&t, v) != ZKP_OK)
            return bin_fail(&c, at + 12, ZKP_ERR_NOT_CANONICAL,
                            "coefficient %u: value is not canonical (>= r)", i);
        fr_to_bytes_le(tb, &t);
        if (fr_from_mont_bytes_le(&q->value, tb) != ZKP_OK) /* cannot fail: tb < r */
            return bin_fail(&c, at + 12, ZKP_ERR_NOT_CANONICAL, "coefficient %u", i);
    }
    return bin_end(&c);
}

/* ZKEY_READ_RAW: the coefficients' indices are checked (they address the
 * prover's arrays); the values are left as they are. */
static zkp_err check_coefs_raw(const zkey_t *k, const bin_t *b, const bin_sec_t *s) {
    const uint8_t *p = b->buf + s->off + 4;
    for (uint32_t i = 0; i < k->n_coefs; i++, p += ZK_COEF_SIZE) {
        uint32_t v[3];
        memcpy(v, p, sizeof v); /* little-endian host */
        if (v[0] > 1 || v[1] >= k->domain_size || v[2] >= k->n_vars) {
            bin_cur_t c;
            bin_cur(&c, b, s);
            uint64_t at = 4 + (uint64_t)i * ZK_COEF_SIZE;
            if (v[0] > 1)
                return bin_fail(&c, at, ZKP_ERR_FORMAT,
                                "coefficient %u: matrix %u (only 0 = A, 1 = B)", i, v[0]);
            if (v[1] >= k->domain_size)
                return bin_fail(&c, at + 4, ZKP_ERR_RANGE,
                                "coefficient %u: constraint %u out of the domain (%u)", i, v[1],
                                k->domain_size);
            return bin_fail(&c, at + 8, ZKP_ERR_RANGE,
                            "coefficient %u: signal %u out of range (nVars = %u)", i, v[2],
                            k->n_vars);
        }
    }
    return ZKP_OK;
}

static zkp_err parse(zkey_t *k, const uint8_t *buf, size_t len, const char *name, unsigned flags) {
    bin_t b;
    zkp_err e = bin_open(&b, name, buf, len, "zkey", 1, 1);
    if (e) return e;
    const bin_sec_t *sec[ZK_CONTRIB + 1] = {NULL};
    for (uint32_t id = ZK_PROTOCOL; id <= ZK_CONTRIB; id++)
        if ((e = bin_section(&b, id, id != ZK_CONTRIB, &sec[id]))) return e;
    for (uint32_t i = 0; i < b.n_secs; i++)
        if (b.secs[i].id < ZK_PROTOCOL || b.secs[i].id > ZK_CONTRIB)
            return zkp_fail(ZKP_ERR_FORMAT, "%s: section %u at byte %llu: unknown section", name,
                            b.secs[i].id, (unsigned long long)(b.secs[i].off - 12));
    bin_cur_t c;
    bin_cur(&c, &b, sec[ZK_PROTOCOL]);
    uint32_t protocol;
    if ((e = bin_u32(&c, &protocol, "protocol")) || (e = bin_end(&c))) return e;
    if (protocol != 1)
        return bin_fail(&c, 0, ZKP_ERR_FORMAT, "protocol %u is not Groth16 (1)", protocol);
    if ((e = read_header(k, &b, sec[ZK_HEADER]))) return e;

    /* every size against the header before allocating anything */
    bin_cur(&c, &b, sec[ZK_COEFS]);
    if ((e = bin_u32(&c, &k->n_coefs, "coefficient count"))) return e;
    uint64_t nv = k->n_vars, np = k->n_public, nc = nv - np - 1;
    char why[64];
    snprintf(why, sizeof why, "nPublic = %u", k->n_public);
    if ((e = size_is(&b, sec[ZK_IC], (np + 1) * G1_BYTES, why))) return e;
    snprintf(why, sizeof why, "%u coefficients", k->n_coefs);
    if ((e = size_is(&b, sec[ZK_COEFS], 4 + (uint64_t)k->n_coefs * ZK_COEF_SIZE, why))) return e;
    snprintf(why, sizeof why, "nVars = %u", k->n_vars);
    if ((e = size_is(&b, sec[ZK_A], nv * G1_BYTES, why)) ||
        (e = size_is(&b, sec[ZK_B1], nv * G1_BYTES, why)) ||
        (e = size_is(&b, sec[ZK_B2], nv * G2_BYTES, why)))
        return e;
    snprintf(why, sizeof why, "nVars - nPublic - 1 = %llu", (unsigned long long)nc);
    if ((e = size_is(&b, sec[ZK_C], nc * G1_BYTES, why))) return e;
    snprintf(why, sizeof why, "domainSize = %u", k->domain_size);
    if ((e = size_is(&b, sec[ZK_H], (uint64_t)k->domain_size * G1_BYTES, why))) return e;

    bool raw = (flags & ZKEY_READ_RAW) && !(flags & ZKEY_READ_HEADER);
    bool all = !(flags & (ZKEY_READ_HEADER | ZKEY_READ_RAW));
    if (alloc_arrays(k, all) != ZKP_OK)
        return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory for %u wires", name, k->n_vars);
    bool tr = flags & ZKEY_READ_TRUSTED;
    if ((e = read_points(&b, sec[ZK_IC], k->ic, false, np + 1, "IC", false))) return e;
    if (all) {
        if ((e = read_coefs(k, &b, sec[ZK_COEFS])) ||
            (e = read_points(&b, sec[ZK_A], k->a, false, nv, "A", tr)) ||
            (e = read_points(&b, sec[ZK_B1], k->b1, false, nv, "B1", tr)) ||
            (e = read_points(&b, sec[ZK_B2], k->b2, true, nv, "B2", tr)) ||
            (e = read_points(&b, sec[ZK_C], k->c, false, nc, "C", tr)) ||
            (e = read_points(&b, sec[ZK_H], k->h, false, k->domain_size, "H", tr)))
            return e;
    } else if (raw) {
        if ((e = check_coefs_raw(k, &b, sec[ZK_COEFS]))) return e;
        k->raw_coefs = buf + sec[ZK_COEFS]->off + 4;
        k->raw_a = buf + sec[ZK_A]->off;
        k->raw_b1 = buf + sec[ZK_B1]->off;
        k->raw_b2 = buf + sec[ZK_B2]->off;
        k->raw_c = buf + sec[ZK_C]->off;
        k->raw_h = buf + sec[ZK_H]->off;
    } else {
        k->n_coefs = 0;
    }
    if (sec[ZK_CONTRIB]) {
        k->contributions_size = sec[ZK_CONTRIB]->size;
        k->contributions = zkp_malloc(k->contributions_size);
        if (!k->contributions) return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", name);
        memcpy(k->contributions, buf + sec[ZK_CONTRIB]->off, k->contributions_size);
    }
    k->n_order = b.n_secs;
    for (uint32_t i = 0; i < b.n_secs; i++)
        k->order[i] = b.secs[i].id;
    return ZKP_OK;
}

zkp_err zkey_read_mem(zkey_t **out, const uint8_t *buf, size_t len, const char *name,
                      unsigned flags) {
    *out = NULL;
    zkey_t *k = zkp_calloc(1, sizeof *k);
    if (!k) return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", name);
    zkp_err e = parse(k, buf, len, name, flags);
    if (e) {
        zkey_free(k);
        return e;
    }
    *out = k;
    return ZKP_OK;
}

zkp_err zkey_read(zkey_t **out, const char *path, unsigned flags) {
    bin_map_t m;
    *out = NULL;
    zkp_err e = bin_map(&m, path);
    if (e) return e;
    e = zkey_read_mem(out, m.buf, m.len, path, flags);
    if (!e && (flags & ZKEY_READ_RAW) && !(flags & ZKEY_READ_HEADER)) {
        (*out)->map_ = m.buf, (*out)->map_len_ = m.len; /* the key keeps the mapping */
        return ZKP_OK;
    }
    bin_unmap(&m);
    return e;
}

/* The whole pages inside [p, p + len) of k's mapping, or false. */
static bool map_pages(const zkey_t *k, const uint8_t *p, size_t len, uintptr_t *lo, uintptr_t *hi,
                      bool inner) {
    if (!k->map_ || !p || !len) return false;
    const uint8_t *base = k->map_;
    if (p < base || len > k->map_len_ || (size_t)(p - base) > k->map_len_ - len) return false;
    long ps = sysconf(_SC_PAGESIZE);
    uintptr_t pg = ps > 0 ? (uintptr_t)ps : 4096;
    *lo = inner ? ((uintptr_t)p + pg - 1) & ~(pg - 1) : (uintptr_t)p & ~(pg - 1);
    *hi = inner ? ((uintptr_t)p + len) & ~(pg - 1) : ((uintptr_t)p + len + pg - 1) & ~(pg - 1);
    return *lo < *hi;
}

void zkey_need_raw(const zkey_t *k, const uint8_t *p, size_t len) {
    uintptr_t lo, hi;
#ifdef MADV_POPULATE_READ
    /* one call maps the pages instead of one page fault each (Linux >= 5.14;
     * older kernels reject the advice, harmlessly) */
    if (map_pages(k, p, len, &lo, &hi, false)) (void)madvise((void *)lo, hi - lo, MADV_POPULATE_READ);
#else
    (void)k, (void)p, (void)len, (void)lo, (void)hi;
#endif
}

void zkey_release_raw(const zkey_t *k, const uint8_t *p, size_t len) {
    uintptr_t lo, hi;
    /* a read-only private file mapping never written: the pages are dropped
     * from this process and read back from the file if touched again */
    if (map_pages(k, p, len, &lo, &hi, true)) (void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

/* ---- writing ---- */

static void w_g1(bin_w_t *w, const g1_affine_t *p) {
    uint8_t b[G1_BYTES];
    g1_to_zkey(b, p);
    bin_w_bytes(w, b, sizeof b);
}

static void w_g2(bin_w_t *w, const g2_affine_t *p) {
    uint8_t b[G2_BYTES];
    g2_to_zkey(b, p);
    bin_w_bytes(w, b, sizeof b);
}

/* n points in zkey form, converted a block at a time into a buffer and written
 * with one call per block (rather than one fwrite of 64 or 128 bytes per point). */
#define W_BLOCK 512
static void w_g1s(bin_w_t *w, const g1_affine_t *p, uint64_t n) {
    uint8_t b[W_BLOCK * G1_BYTES];
    for (uint64_t i = 0; i < n; i += W_BLOCK) {
        size_t m = n - i < W_BLOCK ? (size_t)(n - i) : W_BLOCK;
        for (size_t j = 0; j < m; j++)
            g1_to_zkey(b + j * G1_BYTES, &p[i + j]);
        bin_w_bytes(w, b, m * G1_BYTES);
    }
}

static void w_g2s(bin_w_t *w, const g2_affine_t *p, uint64_t n) {
    uint8_t b[W_BLOCK / 2 * G2_BYTES];
    for (uint64_t i = 0; i < n; i += W_BLOCK / 2) {
        size_t m = n - i < W_BLOCK / 2 ? (size_t)(n - i) : W_BLOCK / 2;
        for (size_t j = 0; j < m; j++)
            g2_to_zkey(b + j * G2_BYTES, &p[i + j]);
        bin_w_bytes(w, b, m * G2_BYTES);
    }
}

static void put32(uint8_t *b, uint32_t v) {
    b[0] = (uint8_t)v, b[1] = (uint8_t)(v >> 8), b[2] = (uint8_t)(v >> 16), b[3] = (uint8_t)(v >> 24);
}

/* The coefficients, a block at a time; the value's bytes are those of the last
 * coefficient when the values are equal (circuits repeat 1, -1, ...). */
static void w_coefs(bin_w_t *w, const zkey_coef_t *co, uint32_t n) {
    uint8_t b[W_BLOCK * ZK_COEF_SIZE], vb[32];
    fr_t last;
    bool have = false;
    for (uint32_t i = 0; i < n; i += W_BLOCK) {
        size_t m = n - i < W_BLOCK ? (size_t)(n - i) : W_BLOCK;
        for (size_t j = 0; j < m; j++) {
            const zkey_coef_t *q = &co[i + j];
            uint8_t *o = b + j * ZK_COEF_SIZE;
            put32(o, q->matrix), put32(o + 4, q->constraint), put32(o + 8, q->signal);
            if (!have || !fr_eq(&q->value, &last)) {
                /* value*R^2: the Montgomery bytes of the element value*R */
                fr_t t;
                fr_to_mont_bytes_le(vb, &q->value);
                if (fr_from_bytes_le(&t, vb) != ZKP_OK) w->failed = true; /* cannot happen */
                fr_to_mont_bytes_le(vb, &t);
                last = q->value, have = true;
            }
            memcpy(o + 12, vb, 32);
        }
        bin_w_bytes(w, b, m * ZK_COEF_SIZE);
    }
}

static void emit_section(bin_w_t *w, const zkey_t *k, uint32_t id) {
    uint64_t nv = k->n_vars, np = k->n_public, nc = nv - np - 1;
    switch (id) {
    case ZK_PROTOCOL:
        bin_w_sec(w, id, 4);
        bin_w_u32(w, 1);
        break;
    case ZK_HEADER:
        bin_w_sec(w, id, ZK_HEADER_SIZE);
        bin_w_prime(w, fq_modulus);
        bin_w_prime(w, fr_modulus);
        bin_w_u32(w, k->n_vars);
        bin_w_u32(w, k->n_public);
        bin_w_u32(w, k->domain_size);
        w_g1(w, &k->alpha1);
        w_g1(w, &k->beta1);
        w_g2(w, &k->beta2);
        w_g2(w, &k->gamma2);
        w_g1(w, &k->delta1);
        w_g2(w, &k->delta2);
        break;
    case ZK_IC:
        bin_w_sec(w, id, (np + 1) * G1_BYTES);
        w_g1s(w, k->ic, np + 1);
        break;
    case ZK_COEFS:
        bin_w_sec(w, id, 4 + (uint64_t)k->n_coefs * ZK_COEF_SIZE);
        bin_w_u32(w, k->n_coefs);
        w_coefs(w, k->coefs, k->n_coefs);
        break;
    case ZK_A:
    case ZK_B1:
        bin_w_sec(w, id, nv * G1_BYTES);
        w_g1s(w, id == ZK_A ? k->a : k->b1, nv);
        break;
    case ZK_B2:
        bin_w_sec(w, id, nv * G2_BYTES);
        w_g2s(w, k->b2, nv);
        break;
    case ZK_C:
        bin_w_sec(w, id, nc * G1_BYTES);
        w_g1s(w, k->c, nc);
        break;
    case ZK_H:
        bin_w_sec(w, id, (uint64_t)k->domain_size * G1_BYTES);
        w_g1s(w, k->h, k->domain_size);
        break;
    case ZK_CONTRIB:
        if (k->contributions) {
            bin_w_sec(w, id, k->contributions_size);
            bin_w_bytes(w, k->contributions, k->contributions_size);
        } else {
            static const uint8_t empty[ZK_CONTRIB_EMPTY_SIZE];
            bin_w_sec(w, id, sizeof empty);
            bin_w_bytes(w, empty, sizeof empty);
        }
        break;
    default:
        w->failed = true;
    }
}

static void emit(bin_w_t *w, const void *ctx) {
    const zkey_t *k = ctx;
    const uint32_t *ids = k->n_order ? k->order : default_order;
    size_t n = k->n_order ? k->n_order : ZKP_ARRAY_LEN(default_order);
    bin_w_header(w, "zkey", 1, (uint32_t)n);
    for (size_t i = 0; i < n; i++)
        emit_section(w, k, ids[i]);
}

static zkp_err check_complete(const zkey_t *k) {
    if (!k->ic || !k->coefs || !k->a || !k->b1 || !k->b2 || !k->c || !k->h)
        return zkp_fail(ZKP_ERR_INVALID_ARG, "zkey: cannot write a key read with ZKEY_READ_HEADER");
    if ((uint64_t)k->n_public + 1 > k->n_vars || !pow2_ok(k->domain_size))
        return zkp_fail(ZKP_ERR_INVALID_ARG, "zkey: inconsistent sizes");
    return ZKP_OK;
}

zkp_err zkey_write(const zkey_t *k, const char *path) {
    zkp_err e = check_complete(k);
    if (e) return e;
    return bin_write_file(path, emit, k);
}

zkp_err zkey_write_mem(uint8_t **buf, size_t *len, const zkey_t *k) {
    zkp_err e = check_complete(k);
    if (e) return e;
    return bin_write_mem(buf, len, emit, k);
}
