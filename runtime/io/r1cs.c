/* zkpot L4 io: .r1cs, the iden3 binary constraint-system format written by
 * circom (spec: iden3/r1csfile r1cs_bin_format.md; reader learned from
 * iden3/r1csfile's r1csfile.js; our own code). Sections: 1 header,
 * 2 constraints, 3 wire-to-label map; others (custom gates 4/5) kept verbatim. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "io/binfile.h"

enum { R1CS_HEADER = 1, R1CS_CONSTRAINTS = 2, R1CS_MAP = 3, R1CS_CG_LIST = 4, R1CS_CG_USES = 5 };

void r1cs_free(r1cs_t *r) {
    if (!r) return;
    zkp_free(r->terms);
    zkp_free(r->lc_start);
    zkp_free(r->wire_to_label);
    for (size_t i = 0; i < r->n_extra; i++)
        zkp_free(r->extra[i].data);
    zkp_free(r->extra);
    zkp_free(r);
}

const r1cs_term_t *r1cs_lc(const r1cs_t *r, uint32_t c, unsigned m, size_t *n) {
    size_t k = 3 * (size_t)c + m;
    *n = (size_t)(r->lc_start[k + 1] - r->lc_start[k]);
    return r->terms + r->lc_start[k];
}

bool r1cs_has_custom_gates(const r1cs_t *r) {
    bool list = false, uses = false;
    for (size_t i = 0; i < r->n_extra; i++) {
        list |= r->extra[i].id == R1CS_CG_LIST;
        uses |= r->extra[i].id == R1CS_CG_USES;
    }
    return list && uses;
}

/* header := n8(u32) prime(n8) nWires(u32) nPubOut(u32) nPubIn(u32) nPrvIn(u32)
 *           nLabels(u64) nConstraints(u32) */
static zkp_err read_header(r1cs_t *r, const bin_t *b, const bin_sec_t *s) {
    bin_cur_t c;
    bin_cur(&c, b, s);
    zkp_err e;
    if ((e = bin_prime(&c, fr_modulus, "r1cs field"))) return e;
    uint64_t at = c.pos;
    if ((e = bin_u32(&c, &r->n_wires, "nWires")) || (e = bin_u32(&c, &r->n_pub_out, "nPubOut")) ||
        (e = bin_u32(&c, &r->n_pub_in, "nPubIn")) || (e = bin_u32(&c, &r->n_prv_in, "nPrvIn")) ||
        (e = bin_u64(&c, &r->n_labels, "nLabels")) ||
        (e = bin_u32(&c, &r->n_constraints, "nConstraints")))
        return e;
    if ((e = bin_end(&c))) return e;
    if (r->n_wires == 0) return bin_fail(&c, at, ZKP_ERR_FORMAT, "nWires is 0 (wire 0 is the one)");
    /* The public signals are wires 1..nPubOut+nPubIn. Private inputs need not
     * be wires: circom --O2 substitutes an input away (Num2Bits' `in`) and
     * still counts it in nPrvIn. */
    uint64_t pub = (uint64_t)r->n_pub_out + r->n_pub_in;
    if (pub >= r->n_wires)
        return bin_fail(&c, at, ZKP_ERR_FORMAT,
                        "%llu public outputs and inputs do not fit in %u wires (wire 0 is the one)",
                        (unsigned long long)pub, r->n_wires);
    return ZKP_OK;
}

/* constraints := (lc_A lc_B lc_C)^nConstraints
 * lc := nTerms(u32) (wire(u32) coef(32, canonical LE))^nTerms */
static zkp_err read_constraints(r1cs_t *r, const bin_t *b, const bin_sec_t *s) {
    bin_cur_t c;
    bin_cur(&c, b, s);
    /* Each constraint takes at least 12 bytes and each term 36: bound the
     * allocations by the section size, never by the header's counts alone. */
    if ((uint64_t)r->n_constraints * 12 > s->size)
        return bin_fail(&c, 0, ZKP_ERR_FORMAT,
                        "section size %llu too small for %u constraints (header)",
                        (unsigned long long)s->size, r->n_constraints);
    uint64_t n_lc = 3 * (uint64_t)r->n_constraints;
    uint64_t max_terms = s->size / 36; /* each term takes 36 bytes of the section */
    r->lc_start = zkp_malloc((n_lc + 1) * sizeof *r->lc_start);
    r->terms = zkp_malloc_huge((max_terms ? max_terms : 1) * sizeof *r->terms);
    if (!r->lc_start || !r->terms)
        return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory for %u constraints", b->name,
                        r->n_constraints);
    uint64_t t = 0;
    static const char *const mat[3] = {"A", "B", "C"};
    /* The last coefficient's bytes and value: circuits repeat a few coefficients
     * (1, -1, ...), and equal bytes give the equal (already checked) element
     * without a conversion to Montgomery form. */
    const uint8_t *last = NULL;
    fr_t last_v;
    fr_set_zero(&last_v);
    for (uint64_t k = 0; k < n_lc; k++) {
        r->lc_start[k] = t;
        uint32_t n;
        zkp_err e = bin_u32(&c, &n, "term count");
        if (e) return e;
        if ((uint64_t)n * 36 > bin_left(&c))
            return bin_fail(&c, c.pos - 4, ZKP_ERR_FORMAT,
                            "constraint %llu %s: %u terms need %llu bytes, %llu left",
                            (unsigned long long)(k / 3), mat[k % 3], n, (unsigned long long)n * 36,
                            (unsigned long long)bin_left(&c));
        for (uint32_t i = 0; i < n; i++, t++) {
            uint64_t at = c.pos;
            if ((e = bin_u32(&c, &r->terms[t].wire, "wire index"))) return e;
            if (r->terms[t].wire >= r->n_wires)
                return bin_fail(
                    &c, at, ZKP_ERR_RANGE, "constraint %llu %s: wire %u out of range (nWires = %u)",
                    (unsigned long long)(k / 3), mat[k % 3], r->terms[t].wire, r->n_wires);
            const uint8_t *p = NULL;
            at = c.pos;
            if ((e = bin_bytes(&c, &p, 32, "coefficient"))) return e;
            if (last && !memcmp(p, last, 32)) {
                r->terms[t].coef = last_v;
                continue;
            }
            if (fr_from_bytes_le(&r->terms[t].coef, p) != ZKP_OK)
                return bin_fail(&c, at, ZKP_ERR_NOT_CANONICAL,
                                "constraint %llu %s: coefficient is not canonical (>= r)",
                                (unsigned long long)(k / 3), mat[k % 3]);
            last = p, last_v = r->terms[t].coef;
        }
    }
    r->lc_start[n_lc] = t;
    return bin_end(&c);
}

/* map := label(u64)^nWires */
static zkp_err read_map(r1cs_t *r, const bin_t *b, const bin_sec_t *s) {
    bin_cur_t c;
    bin_cur(&c, b, s);
    if (s->size != 8 * (uint64_t)r->n_wires)
        return bin_fail(&c, 0, ZKP_ERR_FORMAT,
                        "section size %llu disagrees with the header (%u wires need %llu bytes)",
                        (unsigned long long)s->size, r->n_wires,
                        8 * (unsigned long long)r->n_wires);
    r->wire_to_label = zkp_malloc(8 * (size_t)r->n_wires);
    if (!r->wire_to_label) return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", b->name);
    for (uint32_t i = 0; i < r->n_wires; i++) {
        zkp_err e = bin_u64(&c, &r->wire_to_label[i], "label");
        if (e) return e;
        if (r->wire_to_label[i] >= r->n_labels)
            return bin_fail(
                &c, c.pos - 8, ZKP_ERR_RANGE, "wire %u: label %llu out of range (nLabels = %llu)",
                i, (unsigned long long)r->wire_to_label[i], (unsigned long long)r->n_labels);
    }
    return bin_end(&c);
}

static zkp_err parse(r1cs_t *r, const uint8_t *buf, size_t len, const char *name) {
    bin_t b;
    zkp_err e = bin_open(&b, name, buf, len, "r1cs", 1, 1);
    if (e) return e;
    const bin_sec_t *sh, *sc, *sm;
    if ((e = bin_section(&b, R1CS_HEADER, true, &sh)) ||
        (e = bin_section(&b, R1CS_CONSTRAINTS, true, &sc)) ||
        (e = bin_section(&b, R1CS_MAP, false, &sm)))
        return e;
    if ((e = read_header(r, &b, sh)) || (e = read_constraints(r, &b, sc))) return e;
    if (sm && (e = read_map(r, &b, sm))) return e;
    r->n_order = b.n_secs;
    size_t n_extra = 0;
    for (uint32_t i = 0; i < b.n_secs; i++) {
        r->order[i] = b.secs[i].id;
        n_extra += b.secs[i].id < R1CS_HEADER || b.secs[i].id > R1CS_MAP;
    }
    if (n_extra) {
        r->extra = zkp_calloc(n_extra, sizeof *r->extra);
        if (!r->extra) return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", name);
        for (uint32_t i = 0; i < b.n_secs; i++) {
            const bin_sec_t *s = &b.secs[i];
            if (s->id >= R1CS_HEADER && s->id <= R1CS_MAP) continue;
            io_section_t *x = &r->extra[r->n_extra++];
            x->id = s->id, x->size = s->size;
            x->data = zkp_malloc(s->size);
            if (!x->data) return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", name);
            memcpy(x->data, buf + s->off, s->size);
        }
    }
    return ZKP_OK;
}

zkp_err r1cs_read_mem(r1cs_t **out, const uint8_t *buf, size_t len, const char *name) {
    *out = NULL;
    r1cs_t *r = zkp_calloc(1, sizeof *r);
    if (!r) return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", name);
    zkp_err e = parse(r, buf, len, name);
    if (e) {
        r1cs_free(r);
        return e;
    }
    *out = r;
    return ZKP_OK;
}

zkp_err r1cs_read(r1cs_t **out, const char *path) {
    bin_map_t m;
    *out = NULL;
    zkp_err e = bin_map(&m, path);
    if (e) return e;
#ifdef MADV_POPULATE_READ
    /* the whole file is parsed: map its pages in one call, not one fault per 4 KiB
     * (advice: an older kernel refuses it and the faults happen as before) */
    if (m.buf) (void)madvise(m.buf, m.len, MADV_POPULATE_READ);
#endif
    e = r1cs_read_mem(out, m.buf, m.len, path);
    bin_unmap(&m);
    return e;
}

/* ---- writing ---- */

static uint64_t constraints_size(const r1cs_t *r) {
    return 12 * (uint64_t)r->n_constraints + 36 * r->lc_start[3 * (uint64_t)r->n_constraints];
}

static void emit_section(bin_w_t *w, const r1cs_t *r, uint32_t id, bool *used) {
    if (id == R1CS_HEADER) {
        bin_w_sec(w, id, 4 + 32 + 4 * 4 + 8 + 4);
        bin_w_prime(w, fr_modulus);
        bin_w_u32(w, r->n_wires);
        bin_w_u32(w, r->n_pub_out);
        bin_w_u32(w, r->n_pub_in);
        bin_w_u32(w, r->n_prv_in);
        bin_w_u64(w, r->n_labels);
        bin_w_u32(w, r->n_constraints);
    } else if (id == R1CS_CONSTRAINTS) {
        bin_w_sec(w, id, constraints_size(r));
        for (uint64_t k = 0; k < 3 * (uint64_t)r->n_constraints; k++) {
            bin_w_u32(w, (uint32_t)(r->lc_start[k + 1] - r->lc_start[k]));
            for (uint64_t t = r->lc_start[k]; t < r->lc_start[k + 1]; t++) {
                uint8_t b[32];
                bin_w_u32(w, r->terms[t].wire);
                fr_to_bytes_le(b, &r->terms[t].coef);
                bin_w_bytes(w, b, 32);
            }
        }
    } else if (id == R1CS_MAP) {
        bin_w_sec(w, id, 8 * (uint64_t)r->n_wires);
        for (uint32_t i = 0; i < r->n_wires; i++)
            bin_w_u64(w, r->wire_to_label[i]);
    } else {
        for (size_t i = 0; i < r->n_extra; i++)
            if (r->extra[i].id == id && !used[i]) {
                used[i] = true;
                bin_w_sec(w, id, r->extra[i].size);
                bin_w_bytes(w, r->extra[i].data, r->extra[i].size);
                return;
            }
    }
}

/* The writer's section list: the recorded order, else header, constraints,
 * map, then the extras. The map is written only if present. */
static size_t section_list(const r1cs_t *r, uint32_t *ids) {
    size_t n = 0;
    if (r->n_order) {
        for (size_t i = 0; i < r->n_order; i++)
            if (r->order[i] != R1CS_MAP || r->wire_to_label) ids[n++] = r->order[i];
        return n;
    }
    ids[n++] = R1CS_HEADER;
    ids[n++] = R1CS_CONSTRAINTS;
    if (r->wire_to_label) ids[n++] = R1CS_MAP;
    for (size_t i = 0; i < r->n_extra && n < IO_MAX_SECTIONS; i++)
        ids[n++] = r->extra[i].id;
    return n;
}

static void emit(bin_w_t *w, const void *ctx) {
    const r1cs_t *r = ctx;
    uint32_t ids[IO_MAX_SECTIONS];
    size_t n = section_list(r, ids);
    bool used[IO_MAX_SECTIONS] = {false};
    bin_w_header(w, "r1cs", 1, (uint32_t)n);
    for (size_t i = 0; i < n; i++)
        emit_section(w, r, ids[i], used);
}

zkp_err r1cs_write(const r1cs_t *r, const char *path) { return bin_write_file(path, emit, r); }

zkp_err r1cs_write_mem(uint8_t **buf, size_t *len, const r1cs_t *r) {
    return bin_write_mem(buf, len, emit, r);
}
