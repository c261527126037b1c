/* zkc: the C back end. Writes <name>.h (typed API: an inputs struct with one
 * named array per input, the witness function, the .wtns writer) and <name>.c
 * (the structured witness program as C: loops stay loops, operands are
 * affine in the loop counters, each block names its source line). The output
 * depends only on the circuit (no time stamps, stable order), includes only
 * zkpot.h (and its own header) and compiles with -O2 -Wall -Werror. */
#include "gen.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* "circuits/sgd.zkc" -> "sgd" (a C identifier). */
char *gen_name(arena_t *ar, const char *file) {
    const char *b = strrchr(file, '/');
    b = b ? b + 1 : file;
    size_t n = strlen(b);
    if (n > 4 && !strcmp(b + n - 4, ".zkc")) n -= 4;
    char *r = arena_alloc(ar, n + 3);
    size_t k = 0;
    if (!n || isdigit((unsigned char)b[0])) r[k++] = 'c', r[k++] = '_';
    for (size_t i = 0; i < n; i++) r[k++] = isalnum((unsigned char)b[i]) ? b[i] : '_';
    r[k] = 0;
    return r;
}

static void put_aff(FILE *f, const char *arr, const waff_t *x) {
    fprintf(f, "%s[%u", arr, x->base);
    for (uint32_t i = 0; i < x->n; i++) {
        int32_t s = x->t[i].s;
        if (s == 1) fprintf(f, " + i%u", x->t[i].loop);
        else if (s == -1) fprintf(f, " - i%u", x->t[i].loop);
        else fprintf(f, " %c %u * i%u", s < 0 ? '-' : '+', (unsigned)(s < 0 ? -(int64_t)s : s), x->t[i].loop);
    }
    fputc(']', f);
}

static void indent(FILE *f, int d) {
    for (int i = 0; i < d; i++) fputs("    ", f);
}

typedef struct {
    FILE *f;
    const loc_t *last;
} G;

static void line_of(G *g, const loc_t *loc, int d) {
    if (!loc || loc == g->last) return;
    if (g->last && loc->file == g->last->file && loc->line == g->last->line) return;
    g->last = loc;
    indent(g->f, d);
    fprintf(g->f, "/* %s:%d */\n", loc->file, loc->line);
}

static void fail(G *g, const witem_t *p, const char *what) {
    fprintf(g->f, "FAIL(\"%s:%d: %s\");", p->loc ? p->loc->file : "?", p->loc ? p->loc->line : 0,
            what);
}

static void emit_items(G *g, const witem_t *x, size_t n, int d) {
    FILE *f = g->f;
    for (size_t i = 0; i < n; i++) {
        const witem_t *p = &x[i];
        if (p->kind == 1) {
            line_of(g, p->loc, d);
            indent(f, d);
            fprintf(f, "for (uint32_t i%u = 0; i%u < %u; i%u++) {\n", p->loop, p->loop, p->count, p->loop);
            emit_items(g, p->body, p->nbody, d + 1);
            indent(f, d);
            fputs("}\n", f);
            g->last = NULL;
            continue;
        }
        line_of(g, p->loc, d);
        indent(f, d);
#define D put_aff(f, "s", &p->d)
#define A put_aff(f, "s", &p->a)
#define B put_aff(f, "s", &p->b)
#define C put_aff(f, "s", &p->c)
#define KA put_aff(f, "k", &p->a)
#define KB put_aff(f, "k", &p->b)
        switch ((wop_t)p->op) {
        case OP_CONST: D; fputs(" = ", f); KA; fputs(";\n", f); break;
        case OP_COPY: D; fputs(" = ", f); A; fputs(";\n", f); break;
        case OP_ADD: case OP_SUB: case OP_MUL:
            fprintf(f, "fr_%s(&", p->op == OP_ADD ? "add" : p->op == OP_SUB ? "sub" : "mul");
            D; fputs(", &", f); A; fputs(", &", f); B; fputs(");\n", f);
            break;
        case OP_NEG: case OP_INV:
            fprintf(f, "fr_%s(&", p->op == OP_NEG ? "neg" : "inv_var");
            D; fputs(", &", f); A; fputs(");\n", f);
            break;
        case OP_MULK: case OP_ADDK:
            fprintf(f, "fr_%s(&", p->op == OP_MULK ? "mul" : "add");
            D; fputs(", &", f); A; fputs(", &", f); KB; fputs(");\n", f);
            break;
        case OP_DIV:
            fputs("if (!zkc_div(&", f); D; fputs(", &", f); A; fputs(", &", f); B; fputs(")) ", f);
            fail(g, p, "division by zero in a hint");
            fputc('\n', f);
            break;
        case OP_IDIV: case OP_IMOD:
            fputs(p->op == OP_IDIV ? "if (!zkc_divmod(&" : "if (!zkc_divmod(NULL, &", f);
            D; fputs(p->op == OP_IDIV ? ", NULL, &" : ", &", f); A; fputs(", &", f); B; fputs(")) ", f);
            fail(g, p, "integer division by zero in a hint");
            fputc('\n', f);
            break;
        case OP_SHR: case OP_SHL: case OP_BAND: case OP_BOR: case OP_BXOR:
            fprintf(f, "zkc_%s(&", p->op == OP_SHR ? "shr" : p->op == OP_SHL ? "shl" : "bitop");
            D; fputs(", &", f); A; fputs(", &", f); B;
            if (p->op == OP_BAND || p->op == OP_BOR || p->op == OP_BXOR)
                fprintf(f, ", '%c'", p->op == OP_BAND ? '&' : p->op == OP_BOR ? '|' : '^');
            fputs(");\n", f);
            break;
        case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
            const char *cmp = p->op == OP_LT ? "<" : p->op == OP_LE ? "<=" : p->op == OP_GT ? ">" : ">=";
            fputs("zkc_bool(&", f); D; fputs(", zkc_cmp(&", f); A; fputs(", &", f); B;
            fprintf(f, ") %s 0);\n", cmp);
            break;
        }
        case OP_EQ: case OP_NE:
            fputs("zkc_bool(&", f); D; fprintf(f, ", %sfr_eq(&", p->op == OP_NE ? "!" : ""); A;
            fputs(", &", f); B; fputs("));\n", f);
            break;
        case OP_LAND: case OP_LOR:
            fputs("zkc_bool(&", f); D; fputs(", !fr_is_zero(&", f); A;
            fprintf(f, ") %s !fr_is_zero(&", p->op == OP_LAND ? "&&" : "||"); B; fputs("));\n", f);
            break;
        case OP_LNOT:
            fputs("zkc_bool(&", f); D; fputs(", fr_is_zero(&", f); A; fputs("));\n", f);
            break;
        case OP_SEL:
            D; fputs(" = fr_is_zero(&", f); A; fputs(") ? ", f); C; fputs(" : ", f); B; fputs(";\n", f);
            break;
        case OP__COUNT: break;
        }
#undef D
#undef A
#undef B
#undef C
#undef KA
#undef KB
    }
}

static const char helpers[] =
    "#define FAIL(msg)                                                  \\\n"
    "    do {                                                           \\\n"
    "        err = zkp_fail(ZKP_ERR_RANGE, \"%s\", msg);                  \\\n"
    "        goto done;                                                 \\\n"
    "    } while (0)\n"
    "\n"
    "/* Integer helpers for hints: canonical representatives in [0, r). */\n"
    "static void zkc_set(fr_t *r, const uint64_t v[4]) {\n"
    "    uint8_t b[32];\n"
    "    for (int i = 0; i < 32; i++) b[i] = (uint8_t)(v[i / 8] >> (8 * (i % 8)));\n"
    "    fr_reduce_bytes_le(r, b);\n"
    "}\n"
    "static void zkc_bool(fr_t *r, int v) {\n"
    "    if (v) fr_set_one(r); else fr_set_zero(r);\n"
    "}\n"
    "static int zkc_cmp4(const uint64_t x[4], const uint64_t y[4]) {\n"
    "    for (int i = 3; i >= 0; i--)\n"
    "        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;\n"
    "    return 0;\n"
    "}\n"
    "static int zkc_cmp(const fr_t *a, const fr_t *b) {\n"
    "    uint64_t x[4], y[4];\n"
    "    fr_to_limbs(x, a);\n"
    "    fr_to_limbs(y, b);\n"
    "    return zkc_cmp4(x, y);\n"
    "}\n"
    "static int zkc_div(fr_t *d, const fr_t *a, const fr_t *b) {\n"
    "    fr_t t;\n"
    "    if (fr_is_zero(b)) return 0;\n"
    "    fr_inv_var(&t, b);\n"
    "    fr_mul(d, a, &t);\n"
    "    return 1;\n"
    "}\n"
    "/* Schoolbook binary long division. */\n"
    "static int zkc_divmod(fr_t *q, fr_t *r, const fr_t *a, const fr_t *b) {\n"
    "    uint64_t x[4], y[4], qq[4] = {0}, rr[4] = {0};\n"
    "    fr_to_limbs(x, a);\n"
    "    fr_to_limbs(y, b);\n"
    "    if (!(y[0] | y[1] | y[2] | y[3])) return 0;\n"
    "    for (int i = 255; i >= 0; i--) {\n"
    "        for (int j = 3; j > 0; j--) rr[j] = rr[j] << 1 | rr[j - 1] >> 63;\n"
    "        rr[0] = rr[0] << 1 | (x[i / 64] >> (i % 64) & 1);\n"
    "        if (zkc_cmp4(rr, y) >= 0) {\n"
    "            uint64_t borrow = 0;\n"
    "            for (int j = 0; j < 4; j++) {\n"
    "                unsigned __int128 t = (unsigned __int128)rr[j] - y[j] - borrow;\n"
    "                rr[j] = (uint64_t)t;\n"
    "                borrow = (uint64_t)(t >> 64) & 1;\n"
    "            }\n"
    "            qq[i / 64] |= 1ULL << (i % 64);\n"
    "        }\n"
    "    }\n"
    "    if (q) zkc_set(q, qq);\n"
    "    if (r) zkc_set(r, rr);\n"
    "    return 1;\n"
    "}\n"
    "static void zkc_shr(fr_t *r, const fr_t *a, const fr_t *b) {\n"
    "    uint64_t x[4], s[4], o[4] = {0};\n"
    "    fr_to_limbs(x, a);\n"
    "    fr_to_limbs(s, b);\n"
    "    if (s[1] | s[2] | s[3] || s[0] >= 256) {\n"
    "        fr_set_zero(r);\n"
    "        return;\n"
    "    }\n"
    "    unsigned k = (unsigned)s[0], w = k / 64, bits = k % 64;\n"
    "    for (unsigned i = 0; i + w < 4; i++) {\n"
    "        o[i] = x[i + w] >> bits;\n"
    "        if (bits && i + w + 1 < 4) o[i] |= x[i + w + 1] << (64 - bits);\n"
    "    }\n"
    "    zkc_set(r, o);\n"
    "}\n"
    "static void zkc_shl(fr_t *r, const fr_t *a, const fr_t *b) {\n"
    "    uint64_t e[4];\n"
    "    fr_t two, p;\n"
    "    fr_to_limbs(e, b);\n"
    "    fr_set_u64(&two, 2);\n"
    "    fr_pow(&p, &two, e, 4);\n"
    "    fr_mul(r, a, &p);\n"
    "}\n"
    "static void zkc_bitop(fr_t *r, const fr_t *a, const fr_t *b, int op) {\n"
    "    uint64_t x[4], y[4];\n"
    "    fr_to_limbs(x, a);\n"
    "    fr_to_limbs(y, b);\n"
    "    for (int i = 0; i < 4; i++) x[i] = op == '&' ? x[i] & y[i] : op == '|' ? x[i] | y[i] : x[i] ^ y[i];\n"
    "    zkc_set(r, x);\n"
    "}\n";

int gen_c(const cs_t *cs, const char *dir, const char *name, const char *src) {
    arena_t *ar = cs->ar;
    uint32_t nin = 0;
    for (int i = 0; i < cs->ninputs; i++) nin += cs->inputs[i].n;
    /* ---- header ---- */
    const char *hpath = arena_printf(ar, "%s/%s.h", dir, name);
    FILE *f = fopen(hpath, "w");
    if (!f) {
        fprintf(stderr, "zkc: error: cannot create '%s'\n", hpath);
        return -1;
    }
    fprintf(f, "/* %s.h: witness generator for %s, generated by zkc. Do not edit.\n", name, src);
    fprintf(f, " * Wire order (.r1cs): 1, %u outputs, %u public inputs, %u private inputs, "
               "internal. */\n", cs->nout, cs->npub, cs->nprv);
    fprintf(f, "#ifndef ZKC_%s_H\n#define ZKC_%s_H\n\n#include \"zkpot.h\"\n\n", name, name);
    fprintf(f, "enum {\n    %s_nwires = %u,  /* witness length (the .r1cs wires) */\n", name,
            cs->label_wire ? cs->nfinal : cs->nwires);
    fprintf(f, "    %s_ninputs = %u, /* field elements in %s_inputs_t */\n", name, nin, name);
    fprintf(f, "    %s_noutputs = %u /* outputs: wires 1 .. %u */\n};\n\n", name, cs->nout, cs->nout);
    fprintf(f, "/* The inputs in declaration order, as in input.json. */\ntypedef struct {\n");
    for (int i = 0; i < cs->ninputs; i++) {
        const struct cs_input *in = &cs->inputs[i];
        fprintf(f, "    fr_t %s", in->name);
        for (int d = 0; d < in->ndim; d++) fprintf(f, "[%d]", in->dims[d]);
        fprintf(f, "; /* %s input */\n", cs->wires[in->wire].kind == W_PUBLIC ? "public" : "private");
    }
    if (cs->ninputs == 0) fprintf(f, "    fr_t unused_; /* the circuit has no inputs */\n");
    fprintf(f, "} %s_inputs_t;\n\n", name);
    fprintf(f, "/* Computes the witness: wires[0 .. %s_nwires) in .r1cs order. Returns ZKP_OK,\n"
               " * ZKP_ERR_NOMEM, or ZKP_ERR_RANGE when a hint divides by zero (zkp_last_error()\n"
               " * names the source line). The witness is secret: wipe it after use. */\n",
            name);
    fprintf(f, "zkp_err %s_witness(fr_t *wires, const %s_inputs_t *in) ZKP_WUR;\n\n", name, name);
    fprintf(f, "/* Writes wires as a .wtns file (iden3 format, version 2). */\n");
    fprintf(f, "zkp_err %s_write_wtns(const char *path, const fr_t *wires) ZKP_WUR;\n\n#endif\n", name);
    if (ferror(f) | (fclose(f) != 0)) return -1;

    /* ---- code ---- */
    const char *cpath = arena_printf(ar, "%s/%s.c", dir, name);
    f = fopen(cpath, "w");
    if (!f) {
        fprintf(stderr, "zkc: error: cannot create '%s'\n", cpath);
        return -1;
    }
    fprintf(f, "/* %s.c: witness generator for %s, generated by zkc. Do not edit.\n"
               " * The witness program with its loops; s[] holds the signals by label, then\n"
               " * temporaries; k[] the constants. */\n",
            name, src);
    fprintf(f, "#include \"zkpot.h\"\n\n#include \"%s.h\"\n\n", name);
    fprintf(f, "_Static_assert(sizeof(%s_inputs_t) == %u * sizeof(fr_t), \"inputs are a flat array\");\n\n",
            name, nin ? nin : 1);
    fputs("#if defined(__GNUC__)\n#pragma GCC diagnostic push\n#pragma GCC diagnostic ignored "
          "\"-Wunused-function\"\n#endif\n",
          f);
    fputs(helpers, f);
    fputs("#if defined(__GNUC__)\n#pragma GCC diagnostic pop\n#endif\n\n", f);
    /* constants (canonical limbs) */
    fprintf(f, "#define NK %u\n#define NSLOTS %u\n\n", cs->nk ? cs->nk : 1, cs->nslots);
    fprintf(f, "static const uint64_t K[NK][4] = {\n");
    for (uint32_t i = 0; i < cs->nk; i++) {
        uint64_t l[4];
        fr_to_limbs(l, &cs->k[i]);
        fprintf(f, "    {0x%llx, 0x%llx, 0x%llx, 0x%llx},\n", (unsigned long long)l[0],
                (unsigned long long)l[1], (unsigned long long)l[2], (unsigned long long)l[3]);
    }
    if (!cs->nk) fprintf(f, "    {0, 0, 0, 0},\n");
    fprintf(f, "};\n\n");
    /* kept wires as runs of labels */
    fprintf(f, "/* The .r1cs wires as runs of labels {first, count}. */\nstatic const uint32_t RUNS[][2] = {\n");
    uint32_t nruns = 0;
    for (uint32_t l = 0; l < cs->nwires;) {
        if (cs->label_wire && cs->label_wire[l] < 0) {
            l++;
            continue;
        }
        uint32_t e = l;
        while (e < cs->nwires && (!cs->label_wire || cs->label_wire[e] >= 0)) e++;
        fprintf(f, "    {%u, %u},\n", l, e - l);
        nruns++;
        l = e;
    }
    fprintf(f, "};\n\n");
    fprintf(f, "zkp_err %s_witness(fr_t *wires, const %s_inputs_t *in) {\n", name, name);
    fputs("    zkp_err err = ZKP_OK;\n"
          "    fr_t *s = zkp_calloc(NSLOTS, sizeof(fr_t)), *k = zkp_calloc(NK, sizeof(fr_t));\n"
          "    const fr_t *flat = (const fr_t *)in;\n"
          "    if (!s || !k) {\n"
          "        err = ZKP_ERR_NOMEM;\n"
          "        goto done;\n"
          "    }\n"
          "    for (uint32_t i = 0; i < NK; i++)\n"
          "        if (fr_from_limbs(&k[i], K[i]) != ZKP_OK) {\n"
          "            err = ZKP_ERR_FORMAT;\n"
          "            goto done;\n"
          "        }\n"
          "    fr_set_one(&s[0]);\n",
          f);
    uint32_t off = 0;
    for (int i = 0; i < cs->ninputs; i++) {
        fprintf(f, "    for (uint32_t i = 0; i < %u; i++) s[%u + i] = flat[%u + i]; /* %s */\n",
                cs->inputs[i].n, cs->inputs[i].wire, off, cs->inputs[i].name);
        off += cs->inputs[i].n;
    }
    if (!nin) fputs("    (void)flat;\n", f);
    G g = {f, NULL};
    emit_items(&g, cs->tree, cs->ntree, 1);
    fprintf(f, "    for (uint32_t r = 0, j = 0; r < %u; r++)\n"
               "        for (uint32_t i = 0; i < RUNS[r][1]; i++) wires[j++] = s[RUNS[r][0] + i];\n",
            nruns);
    fputs("done:\n"
          "    if (s) zkp_free_secret(s, NSLOTS * sizeof(fr_t));\n"
          "    zkp_free(k);\n"
          "    return err;\n}\n\n",
          f);
    fprintf(f, "zkp_err %s_write_wtns(const char *path, const fr_t *wires) {\n"
               "    return wtns_write(wires, %s_nwires, path);\n}\n",
            name, name);
    if (ferror(f) | (fclose(f) != 0)) {
        fprintf(stderr, "zkc: error: cannot write '%s'\n", cpath);
        return -1;
    }
    return 0;
}
