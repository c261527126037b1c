/* zkc: the grammar of .zkc (bison, pure, with locations). Actions only build
 * the AST; every check happens in elab.c. The complete grammar with its
 * semantics is in docs/language.md. */
%define api.pure full
%define api.prefix {zz}
%locations
%define parse.error detailed
%param {void *scanner}
%parse-param {struct pctx *ctx}

%code requires {
#include "ast.h"
}

%code provides {
int zzlex(ZZSTYPE *lval, ZZLTYPE *lloc, void *scanner);
}

%code {
#define L(l) ((loc_t){ctx->file, (l).first_line, (l).first_column})
#define N(k, l) ast_new(ctx->ar, (k), L(l))
static void zzerror(ZZLTYPE *l, void *scanner, struct pctx *ctx, const char *msg) {
    (void)scanner;
    diag_error(L(*l), "%s", msg);
}
static ast_t *bin(struct pctx *ctx, ZZLTYPE l, int op, ast_t *a, ast_t *b) {
    ast_t *n = N(AST_BINOP, l);
    n->op = op, n->a = a, n->b = b;
    return n;
}
}

%union {
    const char *str;
    struct ast *node;
    int op;
}

%token <str> TOK_IDENT "identifier" TOK_NUM "number" TOK_HEX "hex number" TOK_STRING "string"
%token TOK_PARAM "param" TOK_IMPORT "import" TOK_GADGET "gadget" TOK_INPUT "input"
%token TOK_PUBLIC "public" TOK_OUTPUT "output" TOK_SIGNAL "signal" TOK_FREE "free"
%token TOK_VAR "var" TOK_FOR "for" TOK_IN "in" TOK_IF "if" TOK_ELSE "else" TOK_ASSERT "assert"
%token TOK_CONSTRAIN_ASSIGN "<==" TOK_HINT "<--" TOK_CONSTRAIN "===" TOK_EQ "==" TOK_NE "!="
%token TOK_LE "<=" TOK_GE ">=" TOK_AND "&&" TOK_OR "||" TOK_SHL "<<" TOK_SHR ">>" TOK_POW "**"
%token TOK_DOTDOT ".." TOK_ARROW "->" TOK_ADD_EQ "+=" TOK_SUB_EQ "-=" TOK_MUL_EQ "*="

%type <node> items item gadget params params1 param outs outs1 block stmts stmt simple
%type <node> sigdecl dims expr args args1 else_part
%type <op> sigkind assign_op

%right '?' ':'
%left TOK_OR
%left TOK_AND
%left '|'
%left '^'
%left '&'
%left TOK_EQ TOK_NE
%left '<' '>' TOK_LE TOK_GE
%left TOK_SHL TOK_SHR
%left '+' '-'
%left '*' '/' '\\' '%'
%precedence UNARY
%right TOK_POW
%precedence '['

%%

/* file: item* */
file: items                         { ctx->top = $1; } ;
items: %empty                       { $$ = NULL; }
     | items item                   { $$ = ast_append($1, $2); } ;

/* item: 'param' IDENT '=' expr ';' | 'import' STRING ';' | gadget | stmt */
item: TOK_PARAM TOK_IDENT '=' expr ';'  { $$ = N(AST_PARAM, @2); $$->name = $2; $$->a = $4; }
    | TOK_IMPORT TOK_STRING ';'         { $$ = N(AST_IMPORT, @2); $$->text = $2; }
    | gadget
    | stmt ;

/* gadget: 'gadget' IDENT '(' params ')' ['->' (param | '(' outs ')')] block */
gadget: TOK_GADGET TOK_IDENT '(' params ')' block
            { $$ = N(AST_GADGET, @2); $$->name = $2; $$->a = $4; $$->c = $6; }
      | TOK_GADGET TOK_IDENT '(' params ')' TOK_ARROW param block
            { $$ = N(AST_GADGET, @2); $$->name = $2; $$->a = $4; $$->b = $7; $$->c = $8; }
      | TOK_GADGET TOK_IDENT '(' params ')' TOK_ARROW '(' outs ')' block
            { $$ = N(AST_GADGET, @2); $$->name = $2; $$->a = $4; $$->b = $8; $$->c = $10; } ;
params: %empty { $$ = NULL; } | params1 ;
params1: param | params1 ',' param   { $$ = ast_append($1, $3); } ;
outs: outs1 ;
outs1: param | outs1 ',' param       { $$ = ast_append($1, $3); } ;
/* param: IDENT ('[' expr ']')* */
param: TOK_IDENT dims                { $$ = N(AST_PARAMDECL, @1); $$->name = $1; $$->a = $2; } ;
dims: %empty                         { $$ = NULL; }
    | dims '[' expr ']'              { $$ = ast_append($1, $3); } ;

block: '{' stmts '}'                 { $$ = N(AST_BLOCK, @1); $$->a = $2; } ;
stmts: %empty                        { $$ = NULL; }
     | stmts stmt                    { $$ = ast_append($1, $2); } ;

/* stmt: simple ';' | for | if | block | error ';' */
stmt: simple ';'
    | TOK_FOR TOK_IDENT TOK_IN expr TOK_DOTDOT expr block
            { $$ = N(AST_FOR, @1); $$->name = $2; $$->a = $4; $$->b = $6; $$->c = $7; }
    | TOK_IF '(' expr ')' block else_part
            { $$ = N(AST_IF, @1); $$->a = $3; $$->b = $5; $$->c = $6; }
    | block
    | error ';'                      { $$ = NULL; yyerrok; }
    | error '}'                      { $$ = NULL; yyerrok; } ;
else_part: %empty                    { $$ = NULL; }
         | TOK_ELSE block            { $$ = $2; }
         | TOK_ELSE TOK_IF '(' expr ')' block else_part
            { $$ = N(AST_IF, @2); $$->a = $4; $$->b = $6; $$->c = $7; } ;

/* simple: sigdecl | 'var' IDENT dims ['=' expr] | lvalue assign_op expr
 *       | '(' lvalues ')' ('<==' | '<--') expr | expr '===' expr
 *       | 'free' expr (',' expr)* | 'assert' '(' expr [',' STRING] ')' | expr */
simple: sigdecl
      | TOK_VAR TOK_IDENT dims              { $$ = N(AST_VARDECL, @2); $$->name = $2; $$->a = $3; }
      | TOK_VAR TOK_IDENT dims '=' expr     { $$ = N(AST_VARDECL, @2); $$->name = $2; $$->a = $3; $$->b = $5; }
      | expr assign_op expr                 { $$ = N(AST_ASSIGN, @1); $$->op = $2; $$->a = $1; $$->b = $3; }
      | '(' expr ',' args1 ')' TOK_CONSTRAIN_ASSIGN expr
            { $$ = N(AST_TUPLE_ASSIGN, @1); $$->op = TOK_CONSTRAIN_ASSIGN; $$->a = ast_append($2, $4); $$->b = $7; }
      | '(' expr ',' args1 ')' TOK_HINT expr
            { $$ = N(AST_TUPLE_ASSIGN, @1); $$->op = TOK_HINT; $$->a = ast_append($2, $4); $$->b = $7; }
      | expr TOK_CONSTRAIN expr             { $$ = N(AST_CONSTRAIN, @1); $$->a = $1; $$->b = $3; }
      | TOK_FREE args1                      { $$ = N(AST_FREE, @1); $$->a = $2; }
      | TOK_ASSERT '(' expr ')'             { $$ = N(AST_ASSERT, @1); $$->a = $3; }
      | TOK_ASSERT '(' expr ',' TOK_STRING ')' { $$ = N(AST_ASSERT, @1); $$->a = $3; $$->text = $5; }
      | expr                                { $$ = N(AST_EXPR, @1); $$->a = $1; } ;
assign_op: '=' { $$ = '='; } | TOK_ADD_EQ { $$ = TOK_ADD_EQ; } | TOK_SUB_EQ { $$ = TOK_SUB_EQ; }
         | TOK_MUL_EQ { $$ = TOK_MUL_EQ; } | TOK_CONSTRAIN_ASSIGN { $$ = TOK_CONSTRAIN_ASSIGN; }
         | TOK_HINT { $$ = TOK_HINT; } ;

/* sigdecl: sigkind IDENT dims [('<==' | '<--') expr] */
sigdecl: sigkind TOK_IDENT dims             { $$ = N(AST_SIGDECL, @2); $$->op = $1; $$->name = $2; $$->a = $3; }
       | sigkind TOK_IDENT dims TOK_CONSTRAIN_ASSIGN expr
            { $$ = N(AST_SIGDECL, @2); $$->op = $1; $$->name = $2; $$->a = $3; $$->b = $5;
              $$->c = N(AST_NUM, @4); $$->c->op = TOK_CONSTRAIN_ASSIGN; }
       | sigkind TOK_IDENT dims TOK_HINT expr
            { $$ = N(AST_SIGDECL, @2); $$->op = $1; $$->name = $2; $$->a = $3; $$->b = $5;
              $$->c = N(AST_NUM, @4); $$->c->op = TOK_HINT; } ;
sigkind: TOK_INPUT { $$ = SIG_INPUT; } | TOK_PUBLIC TOK_INPUT { $$ = SIG_PUBLIC_INPUT; }
       | TOK_OUTPUT { $$ = SIG_OUTPUT; } | TOK_SIGNAL { $$ = SIG_INTERNAL; }
       | TOK_FREE TOK_SIGNAL { $$ = SIG_FREE; } ;

/* expr: C-like precedence; '**' binds tighter than unary minus */
expr: TOK_NUM                       { $$ = N(AST_NUM, @1); $$->text = $1; $$->base = 10; }
    | TOK_HEX                       { $$ = N(AST_NUM, @1); $$->text = $1; $$->base = 16; }
    | TOK_IDENT                     { $$ = N(AST_IDENT, @1); $$->name = $1; }
    | TOK_IDENT '(' args ')'        { $$ = N(AST_CALL, @1); $$->name = $1; $$->a = $3; }
    | expr '[' expr ']'             { $$ = N(AST_INDEX, @1); $$->a = $1; $$->b = $3; }
    | '(' expr ')'                  { $$ = $2; }
    | '[' args1 ']'                 { $$ = N(AST_ARRAY, @1); $$->a = $2; }
    | '-' expr %prec UNARY          { $$ = N(AST_UNOP, @1); $$->op = '-'; $$->a = $2; }
    | '!' expr %prec UNARY          { $$ = N(AST_UNOP, @1); $$->op = '!'; $$->a = $2; }
    | '~' expr %prec UNARY          { $$ = N(AST_UNOP, @1); $$->op = '~'; $$->a = $2; }
    | expr '?' expr ':' expr        { $$ = N(AST_COND, @2); $$->a = $1; $$->b = $3; $$->c = $5; }
    | expr TOK_OR expr              { $$ = bin(ctx, @2, TOK_OR, $1, $3); }
    | expr TOK_AND expr             { $$ = bin(ctx, @2, TOK_AND, $1, $3); }
    | expr '|' expr                 { $$ = bin(ctx, @2, '|', $1, $3); }
    | expr '^' expr                 { $$ = bin(ctx, @2, '^', $1, $3); }
    | expr '&' expr                 { $$ = bin(ctx, @2, '&', $1, $3); }
    | expr TOK_EQ expr              { $$ = bin(ctx, @2, TOK_EQ, $1, $3); }
    | expr TOK_NE expr              { $$ = bin(ctx, @2, TOK_NE, $1, $3); }
    | expr '<' expr                 { $$ = bin(ctx, @2, '<', $1, $3); }
    | expr '>' expr                 { $$ = bin(ctx, @2, '>', $1, $3); }
    | expr TOK_LE expr              { $$ = bin(ctx, @2, TOK_LE, $1, $3); }
    | expr TOK_GE expr              { $$ = bin(ctx, @2, TOK_GE, $1, $3); }
    | expr TOK_SHL expr             { $$ = bin(ctx, @2, TOK_SHL, $1, $3); }
    | expr TOK_SHR expr             { $$ = bin(ctx, @2, TOK_SHR, $1, $3); }
    | expr '+' expr                 { $$ = bin(ctx, @2, '+', $1, $3); }
    | expr '-' expr                 { $$ = bin(ctx, @2, '-', $1, $3); }
    | expr '*' expr                 { $$ = bin(ctx, @2, '*', $1, $3); }
    | expr '/' expr                 { $$ = bin(ctx, @2, '/', $1, $3); }
    | expr '\\' expr                { $$ = bin(ctx, @2, '\\', $1, $3); }
    | expr '%' expr                 { $$ = bin(ctx, @2, '%', $1, $3); }
    | expr TOK_POW expr             { $$ = bin(ctx, @2, TOK_POW, $1, $3); } ;
args: %empty { $$ = NULL; } | args1 ;
args1: expr | args1 ',' expr        { $$ = ast_append($1, $3); } ;
%%
