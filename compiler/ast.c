/* zkc: AST helpers (constructors, lists, operator names). */
#include "ast.h"

#include "parse.h"

ast_t *ast_new(arena_t *ar, ast_kind k, loc_t loc) {
    ast_t *n = arena_alloc(ar, sizeof *n);
    n->kind = k;
    n->loc = loc;
    return n;
}

ast_t *ast_append(ast_t *a, ast_t *b) {
    if (!a) return b;
    ast_t *p = a;
    while (p->next) p = p->next;
    p->next = b;
    return a;
}

int ast_len(const ast_t *l) {
    int n = 0;
    for (; l; l = l->next) n++;
    return n;
}

const char *ast_op_name(int op) {
    switch (op) {
    case TOK_EQ: return "==";
    case TOK_NE: return "!=";
    case TOK_LE: return "<=";
    case TOK_GE: return ">=";
    case TOK_AND: return "&&";
    case TOK_OR: return "||";
    case TOK_SHL: return "<<";
    case TOK_SHR: return ">>";
    case TOK_POW: return "**";
    case TOK_CONSTRAIN_ASSIGN: return "<==";
    case TOK_HINT: return "<--";
    case TOK_ADD_EQ: return "+=";
    case TOK_SUB_EQ: return "-=";
    case TOK_MUL_EQ: return "*=";
    case '<': return "<";
    case '>': return ">";
    case '+': return "+";
    case '-': return "-";
    case '*': return "*";
    case '/': return "/";
    case '\\': return "\\";
    case '%': return "%";
    case '&': return "&";
    case '|': return "|";
    case '^': return "^";
    case '!': return "!";
    case '~': return "~";
    case '=': return "=";
    default: return "?";
    }
}
