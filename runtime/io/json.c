/* zkpot L4 io: snarkjs's Groth16 JSON files, verification_key.json,
 * proof.json and public.json (keys and layout learned from snarkjs's
 * zkey_export_verificationkey.js, groth16_prove.js and its cli, which writes
 * with bfj at one-space indent; our own code). Parsing with jansson; writing
 * with our own printer so that the bytes match bfj's. */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/binfile.h"
#include "zkpot/pairing.h"

/* ---- printing like bfj.write(..., {space: 1}) ----
 * value  := string | integer | array | object
 * array  := "[" ("\n" indent+1 value ("," "\n" indent+1 value)*)? "\n" indent "]"
 * (an empty array or object still gets its newline and indent, unlike
 * JSON.stringify); no newline after the last brace. */

static void print_str(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

static void indent(FILE *f, int n) {
    for (int i = 0; i < n; i++)
        fputc(' ', f);
}

static void print_json(FILE *f, const json_t *v, int depth) {
    if (json_is_string(v)) {
        print_str(f, json_string_value(v));
    } else if (json_is_integer(v)) {
        fprintf(f, "%lld", (long long)json_integer_value(v));
    } else if (json_is_array(v)) {
        fputc('[', f);
        for (size_t i = 0; i < json_array_size(v); i++) {
            fputs(i ? ",\n" : "\n", f);
            indent(f, depth + 1);
            print_json(f, json_array_get(v, i), depth + 1);
        }
        fputc('\n', f);
        indent(f, depth);
        fputc(']', f);
    } else if (json_is_object(v)) {
        const char *key;
        json_t *x;
        int first = 1;
        fputc('{', f);
        json_object_foreach((json_t *)v, key, x) {
            fputs(first ? "\n" : ",\n", f);
            first = 0;
            indent(f, depth + 1);
            print_str(f, key);
            fputs(": ", f);
            print_json(f, x, depth + 1);
        }
        fputc('\n', f);
        indent(f, depth);
        fputc('}', f);
    }
}

/* Consumes v. */
static zkp_err dump(char **text, json_t *v) {
    *text = NULL;
    if (!v) return zkp_fail(ZKP_ERR_NOMEM, "out of memory building JSON");
    char *p = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&p, &n);
    if (!f) {
        json_decref(v);
        return zkp_fail(ZKP_ERR_NOMEM, "out of memory (open_memstream)");
    }
    print_json(f, v, 0);
    json_decref(v);
    if (fclose(f) != 0) {
        free(p);
        return zkp_fail(ZKP_ERR_NOMEM, "out of memory writing JSON");
    }
    *text = p;
    return ZKP_OK;
}

static zkp_err write_text(const char *path, const char *text) {
    size_t n = strlen(path);
    char *tmp = zkp_malloc(n + 8);
    if (!tmp) return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", path);
    snprintf(tmp, n + 8, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    zkp_err e = ZKP_OK;
    if (!f) {
        e = zkp_fail(ZKP_ERR_IO, "%s: cannot create", tmp);
    } else {
        size_t len = strlen(text);
        bool ok = fwrite(text, 1, len, f) == len;
        ok = (fclose(f) == 0) && ok;
        if (!ok || rename(tmp, path) != 0) {
            unlink(tmp);
            e = zkp_fail(ZKP_ERR_IO, "%s: write failed", path);
        }
    }
    zkp_free(tmp);
    return e;
}

/* JSON building blocks (each returns NULL on allocation failure; jansson's
 * "o" packing consumes references, and a NULL makes json_pack fail). */
static json_t *j_g1(const g1_affine_t *p) {
    char d[3][ZKP_DEC_MAX];
    g1_to_dec(d, p);
    return json_pack("[sss]", d[0], d[1], d[2]);
}

static json_t *j_g2(const g2_affine_t *p) {
    char d[3][2][ZKP_DEC_MAX];
    g2_to_dec(d, p);
    return json_pack("[[ss][ss][ss]]", d[0][0], d[0][1], d[1][0], d[1][1], d[2][0], d[2][1]);
}

static json_t *j_fq2(const fq2_t *a) {
    char x[ZKP_DEC_MAX], y[ZKP_DEC_MAX];
    return json_pack("[ss]", fq_to_dec(x, &a->c0), fq_to_dec(y, &a->c1));
}

static json_t *j_fq12(const fq12_t *a) {
    return json_pack("[[ooo][ooo]]", j_fq2(&a->c0.c0), j_fq2(&a->c0.c1), j_fq2(&a->c0.c2),
                     j_fq2(&a->c1.c0), j_fq2(&a->c1.c1), j_fq2(&a->c1.c2));
}

/* ---- parsing ---- */

/* Where we are: file name and the key path, for messages. */
typedef struct {
    const char *name;
    char key[96];
} jctx_t;

static zkp_err jfail(const jctx_t *c, zkp_err e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static zkp_err jfail(const jctx_t *c, zkp_err e, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->key[0]) return zkp_fail(e, "%s: key %s: %s", c->name, c->key, msg);
    return zkp_fail(e, "%s: %s", c->name, msg);
}

static zkp_err jload(json_t **root, const char *text, size_t len, const char *name) {
    json_error_t err;
    *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!*root)
        return zkp_fail(ZKP_ERR_FORMAT, "%s: line %d column %d (byte %d): %s", name, err.line,
                        err.column, err.position, err.text);
    return ZKP_OK;
}

/* The decimal strings of an array of n strings at c->key. */
static zkp_err j_strs(const jctx_t *c, const json_t *v, const char **s, size_t n) {
    if (!json_is_array(v) || json_array_size(v) != n)
        return jfail(c, ZKP_ERR_FORMAT, "expected an array of %zu decimal strings", n);
    for (size_t i = 0; i < n; i++) {
        s[i] = json_string_value(json_array_get(v, i));
        if (!s[i]) return jfail(c, ZKP_ERR_FORMAT, "element %zu is not a string", i);
    }
    return ZKP_OK;
}

static zkp_err j_get_g1(const jctx_t *c, const json_t *v, g1_affine_t *p) {
    const char *s[3];
    zkp_err e = j_strs(c, v, s, 3);
    if (e) return e;
    if ((e = g1_from_dec(p, s))) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", zkp_last_error());
        return jfail(c, e, "%s", msg);
    }
    return ZKP_OK;
}

static zkp_err j_get_g2(const jctx_t *c, const json_t *v, g2_affine_t *p) {
    if (!json_is_array(v) || json_array_size(v) != 3)
        return jfail(c, ZKP_ERR_FORMAT, "expected [[x0, x1], [y0, y1], [z0, z1]]");
    const char *s[3][2];
    jctx_t sub = *c;
    for (size_t i = 0; i < 3; i++) {
        snprintf(sub.key, sizeof sub.key, "%.80s[%zu]", c->key, i);
        zkp_err e = j_strs(&sub, json_array_get(v, i), s[i], 2);
        if (e) return e;
    }
    zkp_err e = g2_from_dec(p, s);
    if (e) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", zkp_last_error());
        return jfail(c, e, "%s", msg);
    }
    return ZKP_OK;
}

static zkp_err j_get_fq(const jctx_t *c, const json_t *v, fq_t *r) {
    const char *s = json_string_value(v);
    if (!s) return jfail(c, ZKP_ERR_FORMAT, "expected a decimal string");
    zkp_err e = fq_from_dec(r, s);
    if (e) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", zkp_last_error());
        return jfail(c, e, "%s", msg);
    }
    return ZKP_OK;
}

/* [[[a, b] x3] x2] -> Fq12 */
static zkp_err j_get_fq12(const jctx_t *c, const json_t *v, fq12_t *r) {
    fq6_t *six[2] = {&r->c0, &r->c1};
    if (!json_is_array(v) || json_array_size(v) != 2)
        return jfail(c, ZKP_ERR_FORMAT, "expected 2 x 3 x 2 decimal strings");
    for (size_t i = 0; i < 2; i++) {
        const json_t *a = json_array_get(v, i);
        if (!json_is_array(a) || json_array_size(a) != 3)
            return jfail(c, ZKP_ERR_FORMAT, "expected 2 x 3 x 2 decimal strings");
        fq2_t *two[3] = {&six[i]->c0, &six[i]->c1, &six[i]->c2};
        for (size_t j = 0; j < 3; j++) {
            const json_t *b = json_array_get(a, j);
            if (!json_is_array(b) || json_array_size(b) != 2)
                return jfail(c, ZKP_ERR_FORMAT, "expected 2 x 3 x 2 decimal strings");
            jctx_t sub = *c;
            zkp_err e;
            snprintf(sub.key, sizeof sub.key, "%.80s[%zu][%zu][0]", c->key, i, j);
            if ((e = j_get_fq(&sub, json_array_get(b, 0), &two[j]->c0))) return e;
            snprintf(sub.key, sizeof sub.key, "%.80s[%zu][%zu][1]", c->key, i, j);
            if ((e = j_get_fq(&sub, json_array_get(b, 1), &two[j]->c1))) return e;
        }
    }
    return ZKP_OK;
}

/* Member key of object root; required ones must exist. */
static zkp_err j_member(jctx_t *c, const json_t *root, const char *key, bool required, json_t **v) {
    snprintf(c->key, sizeof c->key, "%s", key);
    *v = json_object_get(root, key);
    if (!*v && required) return jfail(c, ZKP_ERR_FORMAT, "missing");
    return ZKP_OK;
}

/* A string member that, when present (or when required), must equal want. */
static zkp_err j_expect(jctx_t *c, const json_t *root, const char *key, const char *want,
                        bool required) {
    json_t *v;
    zkp_err e = j_member(c, root, key, required, &v);
    if (e || !v) return e;
    const char *s = json_string_value(v);
    if (!s || strcmp(s, want) != 0) return jfail(c, ZKP_ERR_FORMAT, "expected \"%s\"", want);
    return ZKP_OK;
}

static zkp_err read_text(const char *path,
                         zkp_err (*parse)(void *, const char *, size_t, const char *), void *out) {
    bin_map_t m;
    zkp_err e = bin_map(&m, path);
    if (e) return e;
    e = parse(out, m.buf ? (const char *)m.buf : "", m.len, path);
    bin_unmap(&m);
    return e;
}

/* ---- verification_key.json ---- */

void io_vk_free(io_vk_t *vk) {
    if (!vk) return;
    zkp_free(vk->ic);
    zkp_free(vk);
}

static zkp_err vk_parse(io_vk_t *vk, const json_t *root, const char *name) {
    jctx_t c = {.name = name, .key = ""};
    json_t *v;
    zkp_err e;
    if (!json_is_object(root)) return jfail(&c, ZKP_ERR_FORMAT, "expected a JSON object");
    if ((e = j_expect(&c, root, "protocol", "groth16", true)) ||
        (e = j_expect(&c, root, "curve", "bn128", false)))
        return e;
    if ((e = j_member(&c, root, "nPublic", true, &v))) return e;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) >= (1ll << 28))
        return jfail(&c, ZKP_ERR_FORMAT, "expected a count");
    vk->n_public = (uint32_t)json_integer_value(v);
    if ((e = j_member(&c, root, "vk_alpha_1", true, &v)) || (e = j_get_g1(&c, v, &vk->alpha1)) ||
        (e = j_member(&c, root, "vk_beta_2", true, &v)) || (e = j_get_g2(&c, v, &vk->beta2)) ||
        (e = j_member(&c, root, "vk_gamma_2", true, &v)) || (e = j_get_g2(&c, v, &vk->gamma2)) ||
        (e = j_member(&c, root, "vk_delta_2", true, &v)) || (e = j_get_g2(&c, v, &vk->delta2)))
        return e;
    if ((e = j_member(&c, root, "IC", true, &v))) return e;
    if (!json_is_array(v) || json_array_size(v) != (size_t)vk->n_public + 1)
        return jfail(&c, ZKP_ERR_FORMAT, "expected nPublic + 1 = %u points", vk->n_public + 1);
    vk->ic = zkp_calloc((size_t)vk->n_public + 1, sizeof *vk->ic);
    if (!vk->ic) return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", name);
    for (uint32_t i = 0; i <= vk->n_public; i++) {
        snprintf(c.key, sizeof c.key, "IC[%u]", i);
        if ((e = j_get_g1(&c, json_array_get(v, i), &vk->ic[i]))) return e;
    }
    fq12_t ab;
    pairing(&ab, &vk->alpha1, &vk->beta2);
    if ((e = j_member(&c, root, "vk_alphabeta_12", false, &v))) return e;
    if (v) {
        if ((e = j_get_fq12(&c, v, &vk->alphabeta))) return e;
        if (!fq12_eq(&ab, &vk->alphabeta))
            return jfail(&c, ZKP_ERR_FORMAT, "is not e(vk_alpha_1, vk_beta_2)");
    }
    vk->alphabeta = ab;
    return ZKP_OK;
}

zkp_err io_vk_parse(io_vk_t **out, const char *text, size_t len, const char *name) {
    *out = NULL;
    json_t *root;
    zkp_err e = jload(&root, text, len, name);
    if (e) return e;
    io_vk_t *vk = zkp_calloc(1, sizeof *vk);
    if (!vk) {
        json_decref(root);
        return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", name);
    }
    e = vk_parse(vk, root, name);
    json_decref(root);
    if (e) {
        io_vk_free(vk);
        return e;
    }
    *out = vk;
    return ZKP_OK;
}

static zkp_err vk_parse_cb(void *out, const char *t, size_t n, const char *name) {
    return io_vk_parse(out, t, n, name);
}

zkp_err io_vk_read(io_vk_t **out, const char *path) {
    *out = NULL;
    return read_text(path, vk_parse_cb, out);
}

zkp_err io_vk_from_zkey(io_vk_t **out, const zkey_t *k) {
    *out = NULL;
    io_vk_t *vk = zkp_calloc(1, sizeof *vk);
    if (vk) vk->ic = zkp_calloc((size_t)k->n_public + 1, sizeof *vk->ic);
    if (!vk || !vk->ic) {
        io_vk_free(vk);
        return zkp_fail(ZKP_ERR_NOMEM, "out of memory");
    }
    vk->n_public = k->n_public;
    vk->alpha1 = k->alpha1, vk->beta2 = k->beta2, vk->gamma2 = k->gamma2, vk->delta2 = k->delta2;
    memcpy(vk->ic, k->ic, ((size_t)k->n_public + 1) * sizeof *vk->ic);
    pairing(&vk->alphabeta, &vk->alpha1, &vk->beta2);
    *out = vk;
    return ZKP_OK;
}

zkp_err io_vk_to_json(char **text, const io_vk_t *vk) {
    json_t *ic = json_array();
    for (uint32_t i = 0; ic && i <= vk->n_public; i++)
        if (json_array_append_new(ic, j_g1(&vk->ic[i])) != 0) json_decref(ic), ic = NULL;
    return dump(text, json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "protocol",
                                "groth16", "curve", "bn128", "nPublic", (json_int_t)vk->n_public,
                                "vk_alpha_1", j_g1(&vk->alpha1), "vk_beta_2", j_g2(&vk->beta2),
                                "vk_gamma_2", j_g2(&vk->gamma2), "vk_delta_2", j_g2(&vk->delta2),
                                "vk_alphabeta_12", j_fq12(&vk->alphabeta), "IC", ic));
}

zkp_err io_vk_write(const io_vk_t *vk, const char *path) {
    char *t;
    zkp_err e = io_vk_to_json(&t, vk);
    if (e) return e;
    e = write_text(path, t);
    free(t);
    return e;
}

/* ---- proof.json ---- */

static zkp_err proof_parse(io_proof_t *p, const json_t *root, const char *name) {
    jctx_t c = {.name = name, .key = ""};
    json_t *v;
    zkp_err e;
    if (!json_is_object(root)) return jfail(&c, ZKP_ERR_FORMAT, "expected a JSON object");
    if ((e = j_member(&c, root, "pi_a", true, &v)) || (e = j_get_g1(&c, v, &p->a)) ||
        (e = j_member(&c, root, "pi_b", true, &v)) || (e = j_get_g2(&c, v, &p->b)) ||
        (e = j_member(&c, root, "pi_c", true, &v)) || (e = j_get_g1(&c, v, &p->c)) ||
        (e = j_expect(&c, root, "protocol", "groth16", false)) ||
        (e = j_expect(&c, root, "curve", "bn128", false)))
        return e;
    return ZKP_OK;
}

zkp_err io_proof_parse(io_proof_t *out, const char *text, size_t len, const char *name) {
    json_t *root;
    zkp_err e = jload(&root, text, len, name);
    if (e) return e;
    io_proof_t p;
    e = proof_parse(&p, root, name);
    json_decref(root);
    if (e == ZKP_OK) *out = p;
    return e;
}

static zkp_err proof_parse_cb(void *out, const char *t, size_t n, const char *name) {
    return io_proof_parse(out, t, n, name);
}

zkp_err io_proof_read(io_proof_t *out, const char *path) {
    return read_text(path, proof_parse_cb, out);
}

zkp_err io_proof_to_json(char **text, const io_proof_t *p) {
    return dump(text,
                json_pack("{s:o, s:o, s:o, s:s, s:s}", "pi_a", j_g1(&p->a), "pi_b", j_g2(&p->b),
                          "pi_c", j_g1(&p->c), "protocol", "groth16", "curve", "bn128"));
}

zkp_err io_proof_write(const io_proof_t *p, const char *path) {
    char *t;
    zkp_err e = io_proof_to_json(&t, p);
    if (e) return e;
    e = write_text(path, t);
    free(t);
    return e;
}

/* ---- public.json ---- */

typedef struct {
    fr_t **vals;
    size_t *n;
} pub_out_t;

static zkp_err public_parse(fr_t **vals, size_t *n, const json_t *root, const char *name) {
    jctx_t c = {.name = name, .key = ""};
    if (!json_is_array(root))
        return jfail(&c, ZKP_ERR_FORMAT, "expected an array of decimal strings");
    size_t m = json_array_size(root);
    fr_t *v = zkp_malloc((m ? m : 1) * sizeof *v);
    if (!v) return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", name);
    for (size_t i = 0; i < m; i++) {
        snprintf(c.key, sizeof c.key, "[%zu]", i);
        const char *s = json_string_value(json_array_get(root, i));
        zkp_err e = s ? fr_from_dec(&v[i], s) : ZKP_ERR_FORMAT;
        if (e) {
            char msg[256];
            snprintf(msg, sizeof msg, "%s", s ? zkp_last_error() : "expected a decimal string");
            zkp_free(v);
            return jfail(&c, e, "%s", msg);
        }
    }
    *vals = v, *n = m;
    return ZKP_OK;
}

zkp_err io_public_parse(fr_t **vals, size_t *n, const char *text, size_t len, const char *name) {
    *vals = NULL, *n = 0;
    json_t *root;
    zkp_err e = jload(&root, text, len, name);
    if (e) return e;
    e = public_parse(vals, n, root, name);
    json_decref(root);
    return e;
}

static zkp_err public_parse_cb(void *out, const char *t, size_t len, const char *name) {
    pub_out_t *o = out;
    return io_public_parse(o->vals, o->n, t, len, name);
}

zkp_err io_public_read(fr_t **vals, size_t *n, const char *path) {
    *vals = NULL, *n = 0;
    pub_out_t o = {vals, n};
    return read_text(path, public_parse_cb, &o);
}

zkp_err io_public_to_json(char **text, const fr_t *vals, size_t n) {
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        char d[ZKP_DEC_MAX];
        if (json_array_append_new(a, json_string(fr_to_dec(d, &vals[i]))) != 0)
            json_decref(a), a = NULL;
    }
    return dump(text, a);
}

zkp_err io_public_write(const fr_t *vals, size_t n, const char *path) {
    char *t;
    zkp_err e = io_public_to_json(&t, vals, n);
    if (e) return e;
    e = write_text(path, t);
    free(t);
    return e;
}
