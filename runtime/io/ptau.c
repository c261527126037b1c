/* zkpot L4 io: snarkjs's powers-of-tau file (.ptau, phase 1 of the Groth16
 * ceremony): reading with full validation and writing. Layout learned from
 * snarkjs 0.7.x powersoftau_utils.js (header, contribution records),
 * powersoftau_preparephase2.js (sections 12..15) and zkey_new.js (what groth16
 * setup reads); io.h summarizes it. Our own code. The generator and the
 * consistency check need the MSM, the NTT and the setup's fixed-base comb and
 * live in runtime/groth16/ptau_gen.c (io stays free of them: the fuzz
 * harnesses link io with the lower layers only). */
#include <string.h>

#include "io/binfile.h"
#include "io/ptau_internal.h"

enum {
    PT_HEADER = 1,
    PT_TAU_G1 = 2,
    PT_TAU_G2 = 3,
    PT_ALPHA_G1 = 4,
    PT_BETA_G1 = 5,
    PT_BETA_G2 = 6,
    PT_CONTRIB = 7,
    PT_LAG_TAU_G1 = 12,
    PT_LAG_TAU_G2 = 13,
    PT_LAG_ALPHA_G1 = 14,
    PT_LAG_BETA_G1 = 15,
};
#define PT_HEADER_SIZE (4 + 32 + 4 + 4)

/* Point counts of each section for N = 2^power. */
static uint64_t sec_points(uint32_t id, uint64_t N) {
    switch (id) {
    case PT_TAU_G1:
        return 2 * N - 1;
    case PT_TAU_G2:
    case PT_ALPHA_G1:
    case PT_BETA_G1:
        return N;
    case PT_BETA_G2:
        return 1;
    case PT_LAG_TAU_G1:
        return 4 * N - 1;
    default:
        return 2 * N - 1; /* 13, 14, 15 */
    }
}
static bool sec_is_g2(uint32_t id) {
    return id == PT_TAU_G2 || id == PT_BETA_G2 || id == PT_LAG_TAU_G2;
}
static const char *sec_name(uint32_t id) {
    switch (id) {
    case PT_TAU_G1:
        return "tauG1";
    case PT_TAU_G2:
        return "tauG2";
    case PT_ALPHA_G1:
        return "alphaTauG1";
    case PT_BETA_G1:
        return "betaTauG1";
    case PT_BETA_G2:
        return "betaG2";
    case PT_LAG_TAU_G1:
        return "lagrange tauG1";
    case PT_LAG_TAU_G2:
        return "lagrange tauG2";
    case PT_LAG_ALPHA_G1:
        return "lagrange alphaTauG1";
    default:
        return "lagrange betaTauG1";
    }
}

/* The array of p holding section id (NULL for betaG2, a single point). */
static void *sec_array(ptau_t *p, uint32_t id) {
    switch (id) {
    case PT_TAU_G1:
        return p->tau_g1;
    case PT_TAU_G2:
        return p->tau_g2;
    case PT_ALPHA_G1:
        return p->alpha_tau_g1;
    case PT_BETA_G1:
        return p->beta_tau_g1;
    case PT_BETA_G2:
        return &p->beta_g2;
    case PT_LAG_TAU_G1:
        return p->lag_tau_g1;
    case PT_LAG_TAU_G2:
        return p->lag_tau_g2;
    case PT_LAG_ALPHA_G1:
        return p->lag_alpha_tau_g1;
    default:
        return p->lag_beta_tau_g1;
    }
}

void ptau_free(ptau_t *p) {
    if (!p) return;
    zkp_free(p->tau_g1), zkp_free(p->tau_g2);
    zkp_free(p->alpha_tau_g1), zkp_free(p->beta_tau_g1);
    zkp_free(p->contributions);
    zkp_free(p->lag_tau_g1), zkp_free(p->lag_tau_g2);
    zkp_free(p->lag_alpha_tau_g1), zkp_free(p->lag_beta_tau_g1);
    zkp_free(p);
}

zkp_err ptau_alloc_(ptau_t *p) {
    uint64_t N = (uint64_t)1 << p->power;
    p->tau_g1 = zkp_malloc((2 * N - 1) * sizeof(g1_affine_t));
    p->tau_g2 = zkp_malloc(N * sizeof(g2_affine_t));
    p->alpha_tau_g1 = zkp_malloc(N * sizeof(g1_affine_t));
    p->beta_tau_g1 = zkp_malloc(N * sizeof(g1_affine_t));
    bool ok = p->tau_g1 && p->tau_g2 && p->alpha_tau_g1 && p->beta_tau_g1;
    if (ok && p->prepared) {
        p->lag_tau_g1 = zkp_malloc((4 * N - 1) * sizeof(g1_affine_t));
        p->lag_tau_g2 = zkp_malloc((2 * N - 1) * sizeof(g2_affine_t));
        p->lag_alpha_tau_g1 = zkp_malloc((2 * N - 1) * sizeof(g1_affine_t));
        p->lag_beta_tau_g1 = zkp_malloc((2 * N - 1) * sizeof(g1_affine_t));
        ok = p->lag_tau_g1 && p->lag_tau_g2 && p->lag_alpha_tau_g1 && p->lag_beta_tau_g1;
    }
    return ok ? ZKP_OK : zkp_fail(ZKP_ERR_NOMEM, "ptau: out of memory for 2^%u powers", p->power);
}

/* ---- reading ---- */

/* Decodes n points of section s into dst in parallel (fixed chunks); the first
 * bad index is decoded again to report it, so the message does not depend on
 * the thread count. */
static zkp_err read_points(const bin_t *b, const bin_sec_t *s, void *dst, bool g2, uint64_t n,
                           const char *what) {
    const uint8_t *base = b->buf + s->off;
    size_t nb = g2 ? G2_BYTES : G1_BYTES;
    uint64_t bad = UINT64_MAX;
    int nt = zkp_threads();
#pragma omp parallel for schedule(static) reduction(min : bad) num_threads(nt) if (n >= 1024)
    for (int64_t i = 0; i < (int64_t)n; i++) {
        zkp_err e = g2 ? g2_from_zkey((g2_affine_t *)dst + i, base + (uint64_t)i * nb)
                       : g1_from_zkey((g1_affine_t *)dst + i, base + (uint64_t)i * nb);
        if (e != ZKP_OK && (uint64_t)i < bad) bad = (uint64_t)i;
    }
    if (bad == UINT64_MAX) return ZKP_OK;
    bin_cur_t c;
    bin_cur(&c, b, s);
    g1_affine_t t1;
    g2_affine_t t2;
    const uint8_t *q = base + bad * nb;
    zkp_err e = g2 ? g2_from_zkey(&t2, q) : g1_from_zkey(&t1, q);
    char msg[256];
    snprintf(msg, sizeof msg, "%s", zkp_last_error());
    return bin_fail(&c, bad * nb, e ? e : ZKP_ERR_FORMAT, "%s[%llu]: %s", what,
                    (unsigned long long)bad, msg);
}

/* One point inside a contribution record (validated, then dropped). */
static zkp_err rd_pt(bin_cur_t *c, bool g2, const char *what, uint32_t k) {
    uint64_t at = c->pos;
    const uint8_t *q = NULL;
    zkp_err e = bin_bytes(c, &q, g2 ? G2_BYTES : G1_BYTES, what);
    if (e) return e;
    g1_affine_t t1;
    g2_affine_t t2;
    if ((e = g2 ? g2_from_zkey(&t2, q) : g1_from_zkey(&t1, q))) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", zkp_last_error());
        return bin_fail(c, at, e, "contribution %u: %s: %s", k, what, msg);
    }
    return ZKP_OK;
}

/* contributions := n(u32) record^n
 * record := tauG1 tauG2 alphaG1 betaG1 betaG2 key(6 G1, 3 G2) partialHash(216)
 *           nextChallenge(64) type(u32) paramLength(u32) params
 * params := (1 len(u8) name | 2 iterExp(u8) | 3 len(u8) beaconHash)*, types increasing */
static zkp_err read_contributions(ptau_t *p, const bin_t *b, const bin_sec_t *s) {
    bin_cur_t c;
    bin_cur(&c, b, s);
    zkp_err e = bin_u32(&c, &p->n_contributions, "contribution count");
    if (e) return e;
    static const char *const pts[] = {
        "tauG1",          "tauG2",          "alphaG1",          "betaG1",          "betaG2",
        "key tau g1_s",   "key tau g1_sx",  "key alpha g1_s",   "key alpha g1_sx", "key beta g1_s",
        "key beta g1_sx", "key tau g2_spx", "key alpha g2_spx", "key beta g2_spx"};
    static const bool g2s[] = {0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1};
    for (uint32_t k = 0; k < p->n_contributions; k++) {
        for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++)
            if ((e = rd_pt(&c, g2s[i], pts[i], k))) return e;
        const uint8_t *h;
        uint32_t type, plen;
        if ((e = bin_bytes(&c, &h, 216 + 64, "hashes")) || (e = bin_u32(&c, &type, "type")) ||
            (e = bin_u32(&c, &plen, "parameter length")))
            return e;
        if (type > 1)
            return bin_fail(&c, c.pos - 8, ZKP_ERR_FORMAT, "contribution %u: type %u (0 or 1)", k,
                            type);
        uint64_t start = c.pos;
        if (plen > bin_left(&c))
            return bin_fail(&c, start - 4, ZKP_ERR_FORMAT,
                            "contribution %u: parameters (%u bytes) run past the section", k, plen);
        const uint8_t *q;
        if ((e = bin_bytes(&c, &q, plen, "parameters"))) return e;
        unsigned last = 0;
        for (uint32_t i = 0; i < plen;) {
            unsigned t = q[i++];
            uint32_t len = 1;
            if (t <= last || t > 3 || i >= plen || (t != 2 && (len = 1u + q[i]) > plen - i))
                return bin_fail(&c, start + i - 1, ZKP_ERR_FORMAT,
                                "contribution %u: malformed parameter list", k);
            last = t;
            i += len;
        }
    }
    if ((e = bin_end(&c))) return e;
    uint64_t n = s->size - 4;
    if (n) {
        if (!(p->contributions = zkp_malloc(n)))
            return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", b->name);
        memcpy(p->contributions, b->buf + s->off + 4, n);
    }
    p->contributions_size = n;
    return ZKP_OK;
}

static zkp_err parse(ptau_t *p, const uint8_t *buf, size_t len, const char *name, unsigned flags) {
    bin_t b;
    zkp_err e = bin_open(&b, name, buf, len, "ptau", 1, 1);
    if (e) return e;
    static const uint32_t ids[] = {PT_HEADER,     PT_TAU_G1,       PT_TAU_G2,     PT_ALPHA_G1,
                                   PT_BETA_G1,    PT_BETA_G2,      PT_CONTRIB,    PT_LAG_TAU_G1,
                                   PT_LAG_TAU_G2, PT_LAG_ALPHA_G1, PT_LAG_BETA_G1};
    for (uint32_t i = 0; i < b.n_secs; i++) {
        bool known = false;
        for (size_t j = 0; j < sizeof ids / sizeof ids[0]; j++)
            known |= b.secs[i].id == ids[j];
        if (!known) {
            bin_cur_t c;
            bin_cur(&c, &b, &b.secs[i]);
            return bin_fail(&c, 0, ZKP_ERR_FORMAT, "unknown ptau section %u", b.secs[i].id);
        }
    }
    const bin_sec_t *sec[16] = {NULL};
    for (size_t j = 0; j < sizeof ids / sizeof ids[0]; j++)
        if ((e = bin_section(&b, ids[j], ids[j] <= PT_CONTRIB, &sec[ids[j]]))) return e;
    int n_lag = !!sec[12] + !!sec[13] + !!sec[14] + !!sec[15];
    if (n_lag != 0 && n_lag != 4)
        return zkp_fail(ZKP_ERR_FORMAT,
                        "%s: %d of the 4 phase-2 sections 12..15 (all or none expected)", name,
                        n_lag);
    p->prepared = n_lag == 4;
    /* header := n8(u32) q(n8) power(u32) ceremonyPower(u32) */
    bin_cur_t c;
    bin_cur(&c, &b, sec[PT_HEADER]);
    if ((e = bin_prime(&c, fq_modulus, "base field q")) || (e = bin_u32(&c, &p->power, "power")) ||
        (e = bin_u32(&c, &p->ceremony_power, "ceremony power")) || (e = bin_end(&c)))
        return e;
    if (p->power < 1 || p->power > PTAU_MAX_POWER)
        return bin_fail(&c, 36, ZKP_ERR_RANGE, "power %u is outside 1..%d", p->power,
                        PTAU_MAX_POWER);
    uint64_t N = (uint64_t)1 << p->power;
    for (size_t j = 1; j < sizeof ids / sizeof ids[0]; j++) {
        uint32_t id = ids[j];
        if (id == PT_CONTRIB || !sec[id]) continue;
        uint64_t want = sec_points(id, N) * (sec_is_g2(id) ? G2_BYTES : G1_BYTES);
        if (sec[id]->size != want) {
            bin_cur(&c, &b, sec[id]);
            return bin_fail(&c, 0, ZKP_ERR_FORMAT,
                            "%s: section size %llu, but power %u needs %llu points = %llu bytes",
                            sec_name(id), (unsigned long long)sec[id]->size, p->power,
                            (unsigned long long)sec_points(id, N), (unsigned long long)want);
        }
    }
    if ((e = read_contributions(p, &b, sec[PT_CONTRIB]))) return e;
    if (flags & PTAU_READ_HEADER) return ZKP_OK;
    if ((e = ptau_alloc_(p))) return e;
    for (size_t j = 1; j < sizeof ids / sizeof ids[0]; j++) {
        uint32_t id = ids[j];
        if (id == PT_CONTRIB || !sec[id]) continue;
        if ((e = read_points(&b, sec[id], sec_array(p, id), sec_is_g2(id), sec_points(id, N),
                             sec_name(id))))
            return e;
    }
    return ZKP_OK;
}

zkp_err ptau_read_mem(ptau_t **out, const uint8_t *buf, size_t len, const char *name,
                      unsigned flags) {
    *out = NULL;
    ptau_t *p = zkp_calloc(1, sizeof *p);
    if (!p) return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", name);
    zkp_err e = parse(p, buf, len, name, flags);
    if (e) {
        ptau_free(p);
        return e;
    }
    *out = p;
    return ZKP_OK;
}

zkp_err ptau_read(ptau_t **out, const char *path, unsigned flags) {
    *out = NULL;
    bin_map_t m;
    zkp_err e = bin_map(&m, path);
    if (e) return e;
    e = ptau_read_mem(out, m.buf, m.len, path, flags);
    bin_unmap(&m);
    return e;
}

/* ---- writing ---- */

static void w_points(bin_w_t *w, const void *pts, bool g2, uint64_t n) {
    uint8_t buf[64 * G2_BYTES];
    size_t nb = g2 ? G2_BYTES : G1_BYTES, per = sizeof buf / nb;
    for (uint64_t i = 0; i < n;) {
        size_t k = 0;
        for (; k < per && i < n; k++, i++) {
            if (g2)
                g2_to_zkey(buf + k * nb, (const g2_affine_t *)pts + i);
            else
                g1_to_zkey(buf + k * nb, (const g1_affine_t *)pts + i);
        }
        bin_w_bytes(w, buf, k * nb);
    }
}

static void emit(bin_w_t *w, const void *ctx) {
    const ptau_t *p = ctx;
    ptau_t *pm = (ptau_t *)p; /* sec_array does not write */
    uint64_t N = (uint64_t)1 << p->power;
    /* snarkjs's order (preparephase2): 1..7, then 12..15 */
    bin_w_header(w, "ptau", 1, p->prepared ? 11 : 7);
    bin_w_sec(w, PT_HEADER, PT_HEADER_SIZE);
    bin_w_prime(w, fq_modulus);
    bin_w_u32(w, p->power);
    bin_w_u32(w, p->ceremony_power);
    static const uint32_t ids[] = {PT_TAU_G1,       PT_TAU_G2,     PT_ALPHA_G1,   PT_BETA_G1,
                                   PT_BETA_G2,      PT_CONTRIB,    PT_LAG_TAU_G1, PT_LAG_TAU_G2,
                                   PT_LAG_ALPHA_G1, PT_LAG_BETA_G1};
    for (size_t j = 0; j < sizeof ids / sizeof ids[0]; j++) {
        uint32_t id = ids[j];
        if (id == PT_CONTRIB) {
            bin_w_sec(w, id, 4 + p->contributions_size);
            bin_w_u32(w, p->n_contributions);
            bin_w_bytes(w, p->contributions, p->contributions_size);
            continue;
        }
        if (id >= PT_LAG_TAU_G1 && !p->prepared) break;
        bool g2 = sec_is_g2(id);
        uint64_t n = sec_points(id, N);
        bin_w_sec(w, id, n * (g2 ? G2_BYTES : G1_BYTES));
        w_points(w, sec_array(pm, id), g2, n);
    }
}

zkp_err ptau_complete_(const ptau_t *p) {
    if (p->power < 1 || p->power > PTAU_MAX_POWER)
        return zkp_fail(ZKP_ERR_INVALID_ARG, "ptau: power %u outside 1..%d", p->power,
                        PTAU_MAX_POWER);
    if (!p->tau_g1 || !p->tau_g2 || !p->alpha_tau_g1 || !p->beta_tau_g1 ||
        (p->prepared &&
         (!p->lag_tau_g1 || !p->lag_tau_g2 || !p->lag_alpha_tau_g1 || !p->lag_beta_tau_g1)))
        return zkp_fail(ZKP_ERR_INVALID_ARG, "ptau write: the points were not read (header only)");
    return ZKP_OK;
}

zkp_err ptau_write(const ptau_t *p, const char *path) {
    zkp_err e = ptau_complete_(p);
    return e ? e : bin_write_file(path, emit, p);
}

zkp_err ptau_write_mem(uint8_t **buf, size_t *len, const ptau_t *p) {
    zkp_err e = ptau_complete_(p);
    return e ? e : bin_write_mem(buf, len, emit, p);
}

/* ---- mapped view (zkpot setup from a ceremony file) ---- */

void ptau_unmap(ptau_map_t *m) {
    if (m->map_) {
        bin_map_t bm = {m->map_, m->map_len_};
        bin_unmap(&bm);
    }
    memset(m, 0, sizeof *m);
}

zkp_err ptau_view_mem(ptau_map_t *out, const uint8_t *buf, size_t len, const char *name) {
    memset(out, 0, sizeof *out);
    /* the structural checks are ptau_read's (PTAU_READ_HEADER: no point decoded) */
    ptau_t *p;
    zkp_err e = ptau_read_mem(&p, buf, len, name, PTAU_READ_HEADER);
    if (e) return e;
    out->power = p->power, out->ceremony_power = p->ceremony_power, out->prepared = p->prepared;
    ptau_free(p);
    bin_t b;
    if ((e = bin_open(&b, name, buf, len, "ptau", 1, 1))) return e;
    for (uint32_t i = 0; i < b.n_secs; i++)
        if (b.secs[i].id < 16)
            out->sec_off[b.secs[i].id] = b.secs[i].off,
            out->sec_size[b.secs[i].id] = b.secs[i].size;
    out->buf = buf, out->len = len;
    snprintf(out->name, sizeof out->name, "%s", name);
    return ZKP_OK;
}

zkp_err ptau_map(ptau_map_t *out, const char *path) {
    memset(out, 0, sizeof *out);
    bin_map_t m;
    zkp_err e = bin_map(&m, path);
    if (e) return e;
    if ((e = ptau_view_mem(out, m.buf, m.len, path))) {
        bin_unmap(&m);
        return e;
    }
    out->map_ = m.buf, out->map_len_ = m.len;
    return ZKP_OK;
}

/* Checks that [first, first + n) lies in section sec of m (point size nb). */
static zkp_err map_range(const ptau_map_t *m, uint32_t sec, bool g2, uint64_t first, uint64_t n) {
    size_t nb = g2 ? G2_BYTES : G1_BYTES;
    bool ok_sec = sec < 16 && sec >= PT_TAU_G1 && sec != PT_CONTRIB &&
                  (sec <= PT_BETA_G2 || sec >= 12) && sec_is_g2(sec) == g2;
    if (!ok_sec)
        return zkp_fail(ZKP_ERR_INVALID_ARG, "%s: section %u has no %s points", m->name, sec,
                        g2 ? "G2" : "G1");
    if (!m->sec_size[sec])
        return zkp_fail(ZKP_ERR_FORMAT, "%s: no section %u (%s)", m->name, sec, sec_name(sec));
    uint64_t have = m->sec_size[sec] / nb;
    if (first > have || n > have - first)
        return zkp_fail(ZKP_ERR_RANGE,
                        "%s: section %u (%s) has %llu points, points %llu..%llu wanted", m->name,
                        sec, sec_name(sec), (unsigned long long)have, (unsigned long long)first,
                        (unsigned long long)(first + n - 1));
    return ZKP_OK;
}

static zkp_err map_points(void *out, const ptau_map_t *m, uint32_t sec, bool g2, uint64_t first,
                          uint64_t n) {
    zkp_err e = map_range(m, sec, g2, first, n);
    if (e) return e;
    size_t nb = g2 ? G2_BYTES : G1_BYTES;
    const uint8_t *base = m->buf + m->sec_off[sec] + first * nb;
    uint64_t bad = UINT64_MAX;
    int nt = zkp_threads();
#pragma omp parallel for schedule(static) reduction(min : bad) num_threads(nt) if (n >= 1024)
    for (int64_t i = 0; i < (int64_t)n; i++) {
        zkp_err ei = g2 ? g2_from_zkey_nosub((g2_affine_t *)out + i, base + (uint64_t)i * nb)
                        : g1_from_zkey((g1_affine_t *)out + i, base + (uint64_t)i * nb);
        if (ei != ZKP_OK && (uint64_t)i < bad) bad = (uint64_t)i;
    }
    if (bad == UINT64_MAX) return ZKP_OK;
    g1_affine_t t1;
    g2_affine_t t2;
    const uint8_t *q = base + bad * nb;
    e = g2 ? g2_from_zkey_nosub(&t2, q) : g1_from_zkey(&t1, q);
    char msg[256];
    snprintf(msg, sizeof msg, "%s", zkp_last_error());
    return zkp_fail(e ? e : ZKP_ERR_FORMAT, "%s: section %u (%s) point %llu at byte %llu: %s",
                    m->name, sec, sec_name(sec), (unsigned long long)(first + bad),
                    (unsigned long long)(m->sec_off[sec] + (first + bad) * nb), msg);
}

zkp_err ptau_map_g1(g1_affine_t *out, const ptau_map_t *m, uint32_t sec, uint64_t first,
                    uint64_t n) {
    return map_points(out, m, sec, false, first, n);
}

zkp_err ptau_map_g2(g2_affine_t *out, const ptau_map_t *m, uint32_t sec, uint64_t first,
                    uint64_t n) {
    return map_points(out, m, sec, true, first, n);
}

zkp_err ptau_map_g2_subgroup(const g2_affine_t *pts, const ptau_map_t *m, uint32_t sec,
                             uint64_t first, uint64_t n) {
    uint64_t bad = UINT64_MAX;
    int nt = zkp_threads();
#pragma omp parallel for schedule(static) reduction(min : bad) num_threads(nt) if (n >= 64)
    for (int64_t i = 0; i < (int64_t)n; i++)
        if (!g2_affine_in_subgroup(&pts[i]) && (uint64_t)i < bad) bad = (uint64_t)i;
    if (bad == UINT64_MAX) return ZKP_OK;
    return zkp_fail(
        ZKP_ERR_NOT_IN_SUBGROUP,
        "%s: section %u (%s) point %llu at byte %llu: G2 point not in the subgroup", m->name, sec,
        sec < 16 ? sec_name(sec) : "?", (unsigned long long)(first + bad),
        (unsigned long long)(m->sec_off[sec < 16 ? sec : 0] + (first + bad) * G2_BYTES));
}
