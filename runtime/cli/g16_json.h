/* zkpot CLI: snarkjs's verification_key.json, proof.json and public.json for the
 * Groth16 subcommands. STAND-IN until the io module's JSON readers/writers land;
 * same layout as snarkjs 0.7.x (decimal strings, projective "1" coordinates). */
#ifndef ZKPOT_G16_JSON_H
#define ZKPOT_G16_JSON_H

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "zkpot.h"

static inline json_t *g16j_g1(const g1_affine_t *p) {
    char d[3][ZKP_DEC_MAX];
    g1_to_dec(d, p);
    return json_pack("[sss]", d[0], d[1], d[2]);
}

static inline json_t *g16j_g2(const g2_affine_t *p) {
    char d[3][2][ZKP_DEC_MAX];
    g2_to_dec(d, p);
    return json_pack("[[ss][ss][ss]]", d[0][0], d[0][1], d[1][0], d[1][1], d[2][0], d[2][1]);
}

static inline json_t *g16j_fq2(const fq2_t *a) {
    char x[ZKP_DEC_MAX], y[ZKP_DEC_MAX];
    return json_pack("[ss]", fq_to_dec(x, &a->c0), fq_to_dec(y, &a->c1));
}

static inline json_t *g16j_fq6(const fq6_t *a) {
    return json_pack("[ooo]", g16j_fq2(&a->c0), g16j_fq2(&a->c1), g16j_fq2(&a->c2));
}

static inline zkp_err g16j_dump(json_t *j, const char *path) {
    if (!j) return zkp_fail(ZKP_ERR_NOMEM, "%s: building JSON", path);
    FILE *f = fopen(path, "w");
    if (!f) {
        json_decref(j);
        return zkp_fail(ZKP_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
    }
    int rc = json_dumpf(j, f, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    json_decref(j);
    if (fclose(f) || rc) return zkp_fail(ZKP_ERR_IO, "%s: write failed", path);
    return ZKP_OK;
}

static inline zkp_err g16j_write_vk(const groth16_vk_t *vk, const char *path) {
    fq12_t ab;
    pairing(&ab, &vk->alpha1, &vk->beta2);
    json_t *ic = json_array();
    for (uint32_t i = 0; i <= vk->n_public; i++) json_array_append_new(ic, g16j_g1(&vk->ic[i]));
    json_t *j = json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:[oo], s:o}", "protocol", "groth16",
                          "curve", "bn128", "nPublic", (json_int_t)vk->n_public, "vk_alpha_1",
                          g16j_g1(&vk->alpha1), "vk_beta_2", g16j_g2(&vk->beta2), "vk_gamma_2",
                          g16j_g2(&vk->gamma2), "vk_delta_2", g16j_g2(&vk->delta2),
                          "vk_alphabeta_12", g16j_fq6(&ab.c0), g16j_fq6(&ab.c1), "IC", ic);
    return g16j_dump(j, path);
}

static inline zkp_err g16j_write_proof(const groth16_proof_t *p, const char *path) {
    json_t *j = json_pack("{s:o, s:o, s:o, s:s, s:s}", "pi_a", g16j_g1(&p->a), "pi_b",
                          g16j_g2(&p->b), "pi_c", g16j_g1(&p->c), "protocol", "groth16", "curve",
                          "bn128");
    return g16j_dump(j, path);
}

static inline zkp_err g16j_write_public(const fr_t *x, size_t n, const char *path) {
    json_t *j = json_array();
    char d[ZKP_DEC_MAX];
    for (size_t i = 0; i < n; i++) json_array_append_new(j, json_string(fr_to_dec(d, &x[i])));
    return g16j_dump(j, path);
}

static inline zkp_err g16j_load(json_t **out, const char *path) {
    json_error_t err;
    *out = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!*out) {
        FILE *f = fopen(path, "r");
        if (!f) return zkp_fail(ZKP_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        fclose(f);
        return zkp_fail(ZKP_ERR_FORMAT, "%s:%d:%d: %s", path, err.line, err.column, err.text);
    }
    return ZKP_OK;
}

/* j must be [x, y, z] of decimal strings. */
static inline zkp_err g16j_read_g1(g1_affine_t *p, json_t *j, const char *path, const char *key) {
    const char *s[3] = {NULL, NULL, NULL};
    if (!json_is_array(j) || json_array_size(j) != 3)
        return zkp_fail(ZKP_ERR_FORMAT, "%s: %s: expected [x, y, z]", path, key);
    for (int i = 0; i < 3; i++) {
        s[i] = json_string_value(json_array_get(j, (size_t)i));
        if (!s[i]) return zkp_fail(ZKP_ERR_FORMAT, "%s: %s[%d]: expected a decimal string", path, key, i);
    }
    zkp_err e = g1_from_dec(p, s);
    if (e) return zkp_fail(e, "%s: %s: %s", path, key, zkp_last_error());
    return ZKP_OK;
}

static inline zkp_err g16j_read_g2(g2_affine_t *p, json_t *j, const char *path, const char *key) {
    const char *s[3][2];
    if (!json_is_array(j) || json_array_size(j) != 3)
        return zkp_fail(ZKP_ERR_FORMAT, "%s: %s: expected [[x0,x1],[y0,y1],[z0,z1]]", path, key);
    for (int i = 0; i < 3; i++) {
        json_t *c = json_array_get(j, (size_t)i);
        if (!json_is_array(c) || json_array_size(c) != 2)
            return zkp_fail(ZKP_ERR_FORMAT, "%s: %s[%d]: expected a pair", path, key, i);
        for (int k = 0; k < 2; k++) {
            s[i][k] = json_string_value(json_array_get(c, (size_t)k));
            if (!s[i][k])
                return zkp_fail(ZKP_ERR_FORMAT, "%s: %s[%d][%d]: expected a decimal string", path,
                                key, i, k);
        }
    }
    zkp_err e = g2_from_dec(p, (const char *const(*)[2])s);
    if (e) return zkp_fail(e, "%s: %s: %s", path, key, zkp_last_error());
    return ZKP_OK;
}

static inline zkp_err g16j_read_proof(groth16_proof_t *p, const char *path) {
    json_t *j;
    zkp_err e = g16j_load(&j, path);
    if (e) return e;
    if (!json_is_object(j)) e = zkp_fail(ZKP_ERR_FORMAT, "%s: expected an object", path);
    if (!e) e = g16j_read_g1(&p->a, json_object_get(j, "pi_a"), path, "pi_a");
    if (!e) e = g16j_read_g2(&p->b, json_object_get(j, "pi_b"), path, "pi_b");
    if (!e) e = g16j_read_g1(&p->c, json_object_get(j, "pi_c"), path, "pi_c");
    json_decref(j);
    return e;
}

/* *x (malloc'd, *n entries) from ["dec", ...]; values >= r: ZKP_ERR_NOT_CANONICAL. */
static inline zkp_err g16j_read_public(fr_t **x, size_t *n, const char *path) {
    json_t *j;
    *x = NULL, *n = 0;
    zkp_err e = g16j_load(&j, path);
    if (e) return e;
    if (!json_is_array(j)) {
        json_decref(j);
        return zkp_fail(ZKP_ERR_FORMAT, "%s: expected an array of decimal strings", path);
    }
    size_t m = json_array_size(j);
    fr_t *v = zkp_calloc(m, sizeof *v);
    if (!v) e = zkp_fail(ZKP_ERR_NOMEM, "%s: %zu values", path, m);
    for (size_t i = 0; !e && i < m; i++) {
        const char *s = json_string_value(json_array_get(j, i));
        if (!s) e = zkp_fail(ZKP_ERR_FORMAT, "%s: entry %zu: expected a decimal string", path, i);
        else if ((e = fr_from_dec(&v[i], s)))
            e = zkp_fail(e, "%s: public input %zu: %s", path, i + 1,
                         e == ZKP_ERR_NOT_CANONICAL ? "not canonical (>= r)" : zkp_last_error());
    }
    json_decref(j);
    if (e) {
        zkp_free(v);
        return e;
    }
    *x = v, *n = m;
    return ZKP_OK;
}

static inline zkp_err g16j_read_vk(groth16_vk_t *vk, const char *path) {
    json_t *j;
    memset(vk, 0, sizeof *vk);
    zkp_err e = g16j_load(&j, path);
    if (e) return e;
    json_t *ic = json_object_get(j, "IC");
    const char *proto = json_string_value(json_object_get(j, "protocol"));
    const char *curve = json_string_value(json_object_get(j, "curve"));
    if (!json_is_object(j) || !json_is_array(ic) || json_array_size(ic) == 0)
        e = zkp_fail(ZKP_ERR_FORMAT, "%s: expected a Groth16 verification key with IC", path);
    else if (proto && strcmp(proto, "groth16"))
        e = zkp_fail(ZKP_ERR_FORMAT, "%s: protocol \"%s\", expected \"groth16\"", path, proto);
    else if (curve && strcmp(curve, "bn128") && strcmp(curve, "bn254"))
        e = zkp_fail(ZKP_ERR_FORMAT, "%s: curve \"%s\", expected \"bn128\"", path, curve);
    json_t *np = json_object_get(j, "nPublic");
    if (!e && np && (!json_is_integer(np) || json_integer_value(np) + 1 != (json_int_t)json_array_size(ic)))
        e = zkp_fail(ZKP_ERR_FORMAT, "%s: nPublic disagrees with the %zu IC points", path,
                     json_array_size(ic));
    if (!e) {
        vk->n_public = (uint32_t)(json_array_size(ic) - 1);
        e = groth16_vk_alloc(vk);
    }
    if (!e) e = g16j_read_g1(&vk->alpha1, json_object_get(j, "vk_alpha_1"), path, "vk_alpha_1");
    if (!e) e = g16j_read_g2(&vk->beta2, json_object_get(j, "vk_beta_2"), path, "vk_beta_2");
    if (!e) e = g16j_read_g2(&vk->gamma2, json_object_get(j, "vk_gamma_2"), path, "vk_gamma_2");
    if (!e) e = g16j_read_g2(&vk->delta2, json_object_get(j, "vk_delta_2"), path, "vk_delta_2");
    for (uint32_t i = 0; !e && i <= vk->n_public; i++) {
        char key[32];
        snprintf(key, sizeof key, "IC[%u]", i);
        e = g16j_read_g1(&vk->ic[i], json_array_get(ic, i), path, key);
    }
    json_decref(j);
    if (e) groth16_vk_free(vk);
    return e;
}

#endif
