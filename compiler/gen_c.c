/* zkc: the C back end. Writes <name>.h (typed API: an inputs struct with one
 * named array per input, the witness function, the .wtns writer) and <name>.c
 * (the structured witness program as C: loops stay loops, operands are
 * affine in the loop counters, each block names its source line; a large
 * program split into noinline functions, gen.h wprog_split). The output
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
    FILE *f;   /* the function being written (a memory stream) */
    FILE *out; /* the .c file: parts are written there when complete */
    const loc_t *last;
    size_t part_max;     /* most items per function (wprog_split) */
    uint32_t nparts;     /* parts written so far */
    uint32_t *stk, nstk; /* ids of the loops around the item being emitted */
    uint32_t *seen, stamp; /* per loop id: stamp of the last part using its counter */
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

static void emit_list(G *g, const witem_t *x, size_t n, int d);

static void emit_items(G *g, const witem_t *x, size_t n, int d) {
    FILE *f = g->f;
    for (size_t i = 0; i < n; i++) {
        const witem_t *p = &x[i];
        if (p->kind == 1) {
            line_of(g, p->loc, d);
            indent(f, d);
            fprintf(f, "for (uint32_t i%u = 0; i%u < %u; i%u++) {\n", p->loop, p->loop, p->count, p->loop);
            g->stk[g->nstk++] = p->loop;
            emit_list(g, p->body, p->nbody, d + 1);
            g->nstk--;
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

/* What x[0..n) needs from outside a function holding it: marks (stamp) the
 * loops whose counters its operands read, and tells whether it reads k[] and
 * whether a hint in it can fail. */
static void part_uses(G *g, const witem_t *x, size_t n, bool *usek, bool *fails) {
    for (size_t i = 0; i < n; i++) {
        const witem_t *p = &x[i];
        if (p->kind == 1) {
            part_uses(g, p->body, p->nbody, usek, fails);
            continue;
        }
        /* operands read: a by every op, b by the binary ones, c by OP_SEL */
        bool rb = p->op != OP_CONST && p->op != OP_COPY && p->op != OP_NEG && p->op != OP_INV &&
                  p->op != OP_LNOT;
        const waff_t *ops[4] = {&p->d, &p->a, rb ? &p->b : NULL, p->op == OP_SEL ? &p->c : NULL};
        for (int o = 0; o < 4; o++)
            for (uint32_t t = 0; ops[o] && t < ops[o]->n; t++) g->seen[ops[o]->t[t].loop] = g->stamp;
        if (p->op == OP_CONST || p->op == OP_MULK || p->op == OP_ADDK) *usek = true;
        if (p->op == OP_DIV || p->op == OP_IDIV || p->op == OP_IMOD) *fails = true;
    }
}

/* x[0..n) as a function of its own, called here (at depth d):
 *     static ZKC_NOINLINE void zkc_part_<j>(fr_t *s, const fr_t *k, uint32_t i<loop>...)
 * taking k only when it reads constants and only the counters it reads, and
 * returning zkp_err (FAIL inside, passed up by the caller) when a hint in it
 * can fail. Its body is written to a memory stream; parts it calls are
 * complete first, so the file defines every part before its first call and
 * the numbers ascend. noinline: GCC -O2 inlines a static function called
 * once, which would make the one big function again. */
static void emit_part(G *g, const witem_t *x, size_t n, int d) {
    bool usek = false, fails = false;
    g->stamp++;
    part_uses(g, x, n, &usek, &fails);
    char *params = NULL, *args = NULL;
    size_t np, na;
    FILE *pf = open_memstream(&params, &np), *af = open_memstream(&args, &na);
    if (!pf || !af) diag_oom();
    fputs("fr_t *s", pf), fputs("s", af);
    if (usek) fputs(", const fr_t *k", pf), fputs(", k", af);
    for (uint32_t j = 0; j < g->nstk; j++) {
        if (g->seen[g->stk[j]] != g->stamp) continue;
        fprintf(pf, ", uint32_t i%u", g->stk[j]);
        fprintf(af, ", i%u", g->stk[j]);
    }
    if (fclose(pf) | fclose(af)) diag_oom();
    /* the body */
    char *body = NULL;
    size_t nb;
    FILE *bf = open_memstream(&body, &nb), *caller = g->f;
    if (!bf) diag_oom();
    const loc_t *last = g->last;
    uint32_t nstk = g->nstk;
    g->f = bf, g->last = NULL;
    emit_items(g, x, n, 1);
    if (fclose(bf)) diag_oom();
    g->f = caller, g->last = last, g->nstk = nstk;
    uint32_t j = g->nparts++;
    fprintf(g->out, "static ZKC_NOINLINE %s zkc_part_%u(%s) {\n", fails ? "zkp_err" : "void", j,
            params);
    if (fails) fputs("    zkp_err err = ZKP_OK;\n", g->out);
    fwrite(body, 1, nb, g->out);
    if (fails) fputs("done:\n    return err;\n", g->out);
    fputs("}\n\n", g->out);
    /* the call */
    line_of(g, x[0].loc, d);
    indent(g->f, d);
    if (fails) fprintf(g->f, "if ((err = zkc_part_%u(%s)) != ZKP_OK) goto done;\n", j, args);
    else fprintf(g->f, "zkc_part_%u(%s);\n", j, args);
    g->last = NULL; /* the next item names its line again */
    free(params), free(args), free(body);
}

typedef struct {
    G *g;
    int d;
} part_ctx_t;

static void part_cb(void *ctx, const witem_t *x, size_t n) {
    part_ctx_t *c = ctx;
    emit_part(c->g, x, n, c->d);
}

/* Emits x[0..n) at depth d: inline when it is at most part_max items, else as
 * calls to the parts wprog_split cuts it into (gen.h). */
static void emit_list(G *g, const witem_t *x, size_t n, int d) {
    part_ctx_t c = {g, d};
    if (!wprog_split(x, n, g->part_max, part_cb, &c)) emit_items(g, x, n, d);
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

/* The kept labels (cs->label_wire >= 0) as a small tree: a leaf is a run of
 * labels {first, count}; a repetition node repeats a block of nodes reps times,
 * repetition t shifted by t * step labels. Built bottom-up: the runs, then
 * (until nothing changes) at each item the period of at most MAXP items whose
 * repetitions cover the most, where items are equal when their shapes are
 * (shapes are hash-consed, labels relative to the item's first). So the table
 * follows the loop structure that made the kept/removed pattern, not the
 * number of wires. */
#define MAXP 64

typedef struct kitem {
    uint32_t first, shape;
    uint32_t count, reps, step; /* a leaf: count; a repetition: reps, step */
    struct kitem *kids;         /* repetition: block 0, count items */
} kitem_t;

typedef struct {
    uint32_t *keys; /* concatenated keys */
    size_t nkeys, kcap;
    size_t *off; /* key start per shape */
    uint32_t nshapes, scap;
    uint32_t *hash; /* open addressing: shape + 1 */
    size_t hcap;
} shapes_t;

static uint64_t key_hash(const uint32_t *k, size_t n) {
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    for (size_t i = 0; i < n; i++) h = (h ^ k[i]) * 0xff51afd7ed558ccdull, h ^= h >> 29;
    return h;
}

static uint32_t shape_of(shapes_t *S, const uint32_t *k, size_t n) {
    if (2 * ((size_t)S->nshapes + 1) > S->hcap) {
        size_t cap = S->hcap ? 2 * S->hcap : 256;
        uint32_t *t = calloc(cap, sizeof *t);
        if (!t) diag_oom();
        for (uint32_t i = 0; i < S->nshapes; i++) {
            size_t h = key_hash(S->keys + S->off[i], S->off[i + 1] - S->off[i]) & (cap - 1);
            while (t[h]) h = (h + 1) & (cap - 1);
            t[h] = i + 1;
        }
        free(S->hash);
        S->hash = t;
        S->hcap = cap;
    }
    size_t h = key_hash(k, n) & (S->hcap - 1);
    for (; S->hash[h]; h = (h + 1) & (S->hcap - 1)) {
        uint32_t i = S->hash[h] - 1;
        if (S->off[i + 1] - S->off[i] == n && !memcmp(S->keys + S->off[i], k, n * sizeof *k)) return i;
    }
    if (S->nkeys + n > S->kcap) {
        S->kcap = 2 * (S->nkeys + n);
        S->keys = realloc(S->keys, sizeof *S->keys * S->kcap);
    }
    if (S->nshapes + 2 > S->scap) {
        S->scap = 2 * (S->nshapes + 2);
        S->off = realloc(S->off, sizeof *S->off * S->scap);
    }
    if (!S->keys || !S->off) diag_oom();
    if (!S->nshapes) S->off[0] = 0;
    memcpy(S->keys + S->nkeys, k, n * sizeof *k);
    S->nkeys += n;
    S->off[S->nshapes + 1] = S->nkeys;
    S->hash[h] = S->nshapes + 1;
    return S->nshapes++;
}

/* One pass over items v[0..n): repeated blocks become repetition items.
 * Returns the new length (in place). */
static size_t krepeat(arena_t *ar, shapes_t *S, kitem_t *v, size_t n) {
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        size_t bp = 1, breps = 1;
        for (size_t p = 1; p <= MAXP && i + 2 * p <= n; p++) {
            uint32_t step = v[i + p].first - v[i].first;
            size_t reps = 1;
            for (;; reps++) {
                size_t at = i + reps * p, q = 0;
                if (at + p > n) break;
                for (; q < p; q++)
                    if (v[at + q].shape != v[i + q].shape ||
                        v[at + q].first - v[i + q].first != (uint32_t)reps * step)
                        break;
                if (q < p) break;
            }
            if (reps >= 2 && reps * p > breps * bp) bp = p, breps = reps;
        }
        if (breps == 1) {
            v[out++] = v[i++];
            continue;
        }
        kitem_t r = {v[i].first, 0, (uint32_t)bp, (uint32_t)breps, v[i + bp].first - v[i].first, NULL};
        r.kids = arena_alloc(ar, sizeof *r.kids * bp);
        memcpy(r.kids, v + i, sizeof *r.kids * bp);
        uint32_t *key = malloc(sizeof *key * (4 + 2 * bp));
        if (!key) diag_oom();
        key[0] = 1, key[1] = r.reps, key[2] = r.step, key[3] = r.count;
        for (size_t q = 0; q < bp; q++) key[4 + 2 * q] = r.kids[q].shape, key[5 + 2 * q] = r.kids[q].first - r.first;
        r.shape = shape_of(S, key, 4 + 2 * bp);
        free(key);
        v[out++] = r;
        i += bp * breps;
    }
    return out;
}

typedef struct {
    uint32_t (*row)[4];
    size_t n, nroots;
} knodes_t;

/* The tree as rows {first, count, 0, 0} (a run) or {first child, children,
 * reps, step}: the roots first, then each repetition's block, breadth first. */
static knodes_t kept_tree(const cs_t *cs) {
    size_t n = 0, cap = 64;
    kitem_t *v = malloc(sizeof *v * cap);
    shapes_t S = {0};
    if (!v) diag_oom();
    for (uint32_t l = 0; l < cs->nwires;) {
        if (cs->label_wire && cs->label_wire[l] < 0) {
            l++;
            continue;
        }
        uint32_t e = l;
        while (e < cs->nwires && (!cs->label_wire || cs->label_wire[e] >= 0)) e++;
        if (n == cap) {
            cap *= 2;
            v = realloc(v, sizeof *v * cap);
            if (!v) diag_oom();
        }
        uint32_t key[2] = {0, e - l};
        v[n++] = (kitem_t){l, shape_of(&S, key, 2), e - l, 0, 0, NULL};
        l = e;
    }
    for (size_t m = 0; m != n;) m = n, n = krepeat(cs->ar, &S, v, n);
    free(S.keys), free(S.off), free(S.hash);
    /* breadth first: q[] holds the items in row order */
    size_t qn = n, qcap = n + 16;
    kitem_t **q = malloc(sizeof *q * qcap);
    if (!q) diag_oom();
    for (size_t i = 0; i < n; i++) q[i] = &v[i];
    knodes_t K = {NULL, 0, n};
    K.row = malloc(sizeof *K.row * qcap);
    if (!K.row) diag_oom();
    for (size_t i = 0; i < qn; i++) {
        kitem_t *it = q[i];
        if (!it->reps) {
            K.row[i][0] = it->first, K.row[i][1] = it->count, K.row[i][2] = 0, K.row[i][3] = 0;
            continue;
        }
        if (qn + it->count > qcap) {
            qcap = 2 * (qn + it->count);
            q = realloc(q, sizeof *q * qcap);
            K.row = realloc(K.row, sizeof *K.row * qcap);
            if (!q || !K.row) diag_oom();
        }
        K.row[i][0] = (uint32_t)qn, K.row[i][1] = it->count, K.row[i][2] = it->reps, K.row[i][3] = it->step;
        for (uint32_t c = 0; c < it->count; c++) q[qn++] = &it->kids[c];
    }
    K.n = qn;
    free(q);
    free(v);
    return K;
}

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
    uint32_t nk0 = cs->kfrom ? cs->nk0 : cs->nk;
    fprintf(f, "#define NK %u\n#define NKALL %u\n#define NSLOTS %u\n\n", nk0 ? nk0 : 1,
            nk0 ? cs->nk : 1, cs->nslots);
    fprintf(f, "static const uint64_t K[NK][4] = {\n");
    for (uint32_t i = 0; i < nk0; i++) {
        uint64_t l[4];
        fr_to_limbs(l, &cs->k[i]);
        fprintf(f, "    {0x%llx, 0x%llx, 0x%llx, 0x%llx},\n", (unsigned long long)l[0],
                (unsigned long long)l[1], (unsigned long long)l[2], (unsigned long long)l[3]);
    }
    if (!nk0) fprintf(f, "    {0, 0, 0, 0},\n");
    fprintf(f, "};\n\n");
    /* constants laid out for loops: copies k[NK + i] = k[KFROM[i]] */
    fprintf(f, "/* Constants laid out again in loop order: k[NK + i] = k[KFROM[i]]. */\n"
               "static const uint32_t KFROM[NKALL - NK + 1] = {");
    for (uint32_t i = 0; i < cs->nk - nk0; i++)
        fprintf(f, "%s%u,", i % 16 ? " " : "\n    ", cs->kfrom[i]);
    fprintf(f, "\n    0 /* end */\n};\n\n");
    /* kept wires as a tree of runs and repetitions */
    knodes_t KT = kept_tree(cs);
    fprintf(f, "/* The .r1cs wires as a tree over the labels: a row {first, count, 0, 0} is\n"
               " * the run of labels first .. first + count - 1; a row {child, n, reps, step}\n"
               " * repeats rows child .. child + n - 1 reps times, repetition t shifted by\n"
               " * t * step labels. Rows 0 .. %zu are the roots, in order. */\n",
            KT.nroots - 1);
    fprintf(f, "static const uint32_t KEEP[][4] = {\n");
    for (size_t i = 0; i < KT.n; i++)
        fprintf(f, "    {%u, %u, %u, %u},\n", KT.row[i][0], KT.row[i][1], KT.row[i][2], KT.row[i][3]);
    fprintf(f, "};\n\n"
               "static uint32_t zkc_keep(fr_t *w, uint32_t j, const fr_t *s, uint32_t r, uint32_t off) {\n"
               "    if (!KEEP[r][2]) {\n"
               "        for (uint32_t i = 0; i < KEEP[r][1]; i++) w[j++] = s[KEEP[r][0] + off + i];\n"
               "        return j;\n"
               "    }\n"
               "    for (uint32_t t = 0; t < KEEP[r][2]; t++)\n"
               "        for (uint32_t c = 0; c < KEEP[r][1]; c++)\n"
               "            j = zkc_keep(w, j, s, KEEP[r][0] + c, off + t * KEEP[r][3]);\n"
               "    return j;\n"
               "}\n\n");
    free(KT.row);
    /* the witness function, written to a memory stream: the parts it calls
     * (when the program is split) go to the file before it */
    G g = {NULL, f, NULL, wprog_part_max(WPROG_PART_C), 0, NULL, 0, NULL, 0};
    bool split = wprog_size(cs->tree, cs->ntree) > wprog_part_max(WPROG_SPLIT_ABOVE);
    if (!split) g.part_max = SIZE_MAX; /* sgd, mlp: one function, as before */
    else
        fprintf(f, "/* The witness program in parts of at most %zu items (loop bodies included),\n"
                   " * each its own function so that the C compiler optimizes them one by one:\n"
                   " * the counters of the loops around a part are its arguments, and a part\n"
                   " * whose hints can fail returns the error. */\n"
                   "#if defined(__GNUC__)\n#define ZKC_NOINLINE __attribute__((noinline))\n#else\n"
                   "#define ZKC_NOINLINE\n#endif\n\n",
                g.part_max);
    g.stk = calloc(cs->nloopids + 1, sizeof *g.stk);
    g.seen = calloc(cs->nloopids + 1, sizeof *g.seen);
    char *mbuf = NULL;
    size_t mlen;
    FILE *file = f;
    f = g.f = open_memstream(&mbuf, &mlen);
    if (!g.stk || !g.seen || !f) diag_oom();
    fprintf(f, "zkp_err %s_witness(fr_t *wires, const %s_inputs_t *in) {\n", name, name);
    fputs("    zkp_err err = ZKP_OK;\n"
          "    fr_t *s = zkp_calloc(NSLOTS, sizeof(fr_t)), *k = zkp_calloc(NKALL, sizeof(fr_t));\n"
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
          "    for (uint32_t i = NK; i < NKALL; i++) k[i] = k[KFROM[i - NK]];\n"
          "    fr_set_one(&s[0]);\n",
          f);
    uint32_t off = 0;
    for (int i = 0; i < cs->ninputs; i++) {
        fprintf(f, "    for (uint32_t i = 0; i < %u; i++) s[%u + i] = flat[%u + i]; /* %s */\n",
                cs->inputs[i].n, cs->inputs[i].wire, off, cs->inputs[i].name);
        off += cs->inputs[i].n;
    }
    if (!nin) fputs("    (void)flat;\n", f);
    emit_list(&g, cs->tree, cs->ntree, 1);
    fprintf(f, "    for (uint32_t r = 0, j = 0; r < %zu; r++) j = zkc_keep(wires, j, s, r, 0);\n", KT.nroots);
    fputs("done:\n"
          "    if (s) zkp_free_secret(s, NSLOTS * sizeof(fr_t));\n"
          "    zkp_free(k);\n"
          "    return err;\n}\n\n",
          f);
    if (fclose(f)) diag_oom();
    f = file;
    fwrite(mbuf, 1, mlen, f);
    free(mbuf), free(g.stk), free(g.seen);
    fprintf(f, "zkp_err %s_write_wtns(const char *path, const fr_t *wires) {\n"
               "    return wtns_write(wires, %s_nwires, path);\n}\n",
            name, name);
    if (ferror(f) | (fclose(f) != 0)) {
        fprintf(stderr, "zkc: error: cannot write '%s'\n", cpath);
        return -1;
    }
    return 0;
}
