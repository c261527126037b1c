/* zkc: the abstract syntax tree, built by the grammar actions in parse.y and
 * read by elab.c. Nodes live in the compilation's arena. Lists are chained
 * through `next`. */
#ifndef ZKC_AST_H
#define ZKC_AST_H

#include "arena.h"
#include "diag.h"

typedef enum {
    /* expressions */
    AST_NUM,   /* text, base */
    AST_IDENT, /* name */
    AST_INDEX, /* a[b] */
    AST_CALL,  /* name(args: a) */
    AST_UNOP,  /* op a */
    AST_BINOP, /* a op b */
    AST_COND,  /* a ? b : c */
    AST_ARRAY, /* [a, ...] */
    /* top level */
    AST_PARAM,  /* param name = a; */
    AST_IMPORT, /* import "text"; */
    AST_GADGET, /* gadget name(params: a) -> (outs: b) { body: c } */
    /* statements */
    AST_SIGDECL,   /* sigkind name dims(a) [op init(b)] */
    AST_VARDECL,   /* var name dims(a) [= init(b)] */
    AST_ASSIGN,    /* lhs(a) op rhs(b); op is '=', TOK_ADD_EQ.., TOK_CONSTRAIN_ASSIGN, TOK_HINT */
    AST_TUPLE_ASSIGN, /* (lhs list: a) op rhs(b) */
    AST_CONSTRAIN, /* a === b */
    AST_FOR,       /* for name in a .. b { c } */
    AST_IF,        /* if (a) b else c */
    AST_BLOCK,     /* { a } */
    AST_ASSERT,    /* assert(a [, "text"]) */
    AST_EXPR,      /* a; (a gadget call for its constraints) */
    AST_PARAMDECL, /* gadget parameter: name dims(a) */
    AST_FREE,      /* free a, ...;  (signals the soundness check takes as known) */
} ast_kind;

/* Signal kinds (AST_SIGDECL.sigkind). */
typedef enum { SIG_INTERNAL, SIG_INPUT, SIG_PUBLIC_INPUT, SIG_OUTPUT, SIG_FREE } sig_kind;

typedef struct ast {
    ast_kind kind;
    int op;       /* operator token, or sigkind for AST_SIGDECL */
    loc_t loc;
    const char *name;
    const char *text; /* AST_NUM digits, AST_IMPORT path, AST_ASSERT message */
    int base;         /* AST_NUM: 10 or 16 */
    int flag;         /* elab: a diagnostic about this node was already reported */
    int builtin;      /* elab, a call: which builtin it names (0 not looked at yet, -1 none) */
    struct val *val;  /* elab: the value of an AST_NUM */
    struct ast *a, *b, *c;
    struct ast *next;
} ast_t;

ast_t *ast_new(arena_t *ar, ast_kind k, loc_t loc);
/* Appends b to list a (either may be NULL); returns the head. */
ast_t *ast_append(ast_t *a, ast_t *b);
int ast_len(const ast_t *l);
/* Printable name of an operator token ("<==", "+", ...). */
const char *ast_op_name(int op);

/* Parser context: one per file. */
typedef struct pctx {
    arena_t *ar;
    const char *file;
    ast_t *top; /* the file's top-level items */
} pctx_t;

/* Parses text (NUL-terminated) of file into ctx->top; returns the number of
 * syntax errors reported. */
int parse_source(pctx_t *ctx, const char *text);

#endif
