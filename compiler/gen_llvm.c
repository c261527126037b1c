/* zkc: the LLVM back end (LLVM 14 C API). The structured witness program
 * becomes one function
 *     i32 zkc_run(%fr* s, %fr* k)       ; 0 = ok, else 1 + the failing hint
 * with the program's loops as LLVM loops (a counter phi per loop, operand
 * addresses affine in the counters). Field operations call the runtime
 * (fr_add, fr_sub, fr_mul, fr_neg, fr_inv_var); hint operations on integers
 * call zkc_rt_op(op, d, a, b, c), which zkc provides to the JIT (an object
 * file needs it from the linking program). The module is verified, optimized
 * at -O2, then JIT-compiled (MCJIT) or emitted as an object file. */
#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/ExecutionEngine.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassManagerBuilder.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

typedef struct {
    LLVMContextRef cx;
    LLVMModuleRef m;
    LLVMBuilderRef b;
    LLVMValueRef fn, s, k;
    LLVMTypeRef fr, frp, i32, i64;
    LLVMValueRef f_add, f_sub, f_mul, f_neg, f_inv, f_op;
    LLVMTypeRef t_bin, t_un, t_op;
    LLVMValueRef *ctr; /* counter value per loop id */
    uint32_t *stk, nstk; /* ids of the loops around the item being emitted */
    size_t part_max;     /* most items per function (see emit_list) */
    uint32_t nparts;
    const loc_t **fails; /* failing hint locations, for messages */
    uint32_t nfails;
} L;

/* The runtime op for hint instructions (JIT: resolved to this function). */
int zkc_rt_op(int op, fr_t *d, const fr_t *a, const fr_t *b, const fr_t *c);
int zkc_rt_op(int op, fr_t *d, const fr_t *a, const fr_t *b, const fr_t *c) {
    if ((op == OP_DIV || op == OP_IDIV || op == OP_IMOD) && fr_is_zero(b)) return 1;
    static const loc_t none = {"", 0, 0};
    fr_t s[4] = {*a, *b, *c};
    winst_t in = {(uint8_t)op, 3, 0, 1, 2, 0};
    if (!cs_exec1(NULL, s, &in, &none)) return 1;
    *d = s[3];
    return 0;
}

static LLVMValueRef idx(L *l, const waff_t *x) {
    LLVMValueRef v = LLVMConstInt(l->i64, x->base, 0);
    for (uint32_t i = 0; i < x->n; i++) {
        LLVMValueRef t = LLVMBuildMul(l->b, l->ctr[x->t[i].loop],
                                      LLVMConstInt(l->i64, (unsigned long long)(int64_t)x->t[i].s, 1), "");
        v = LLVMBuildAdd(l->b, v, t, "");
    }
    return v;
}

static LLVMValueRef ptr(L *l, LLVMValueRef base, const waff_t *x) {
    LLVMValueRef i = idx(l, x);
    return LLVMBuildGEP2(l->b, l->fr, base, &i, 1, "");
}

static void emit_list(L *l, const witem_t *x, size_t n);

static void emit_items(L *l, const witem_t *x, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const witem_t *p = &x[i];
        if (p->kind == 1) {
            LLVMBasicBlockRef pre = LLVMGetInsertBlock(l->b);
            LLVMBasicBlockRef body = LLVMAppendBasicBlockInContext(l->cx, l->fn, "loop");
            LLVMBasicBlockRef exit = LLVMAppendBasicBlockInContext(l->cx, l->fn, "exit");
            LLVMBuildBr(l->b, body);
            LLVMPositionBuilderAtEnd(l->b, body);
            LLVMValueRef phi = LLVMBuildPhi(l->b, l->i64, "i");
            l->ctr[p->loop] = phi;
            l->stk[l->nstk++] = p->loop;
            emit_list(l, p->body, p->nbody);
            l->nstk--;
            LLVMValueRef next = LLVMBuildAdd(l->b, phi, LLVMConstInt(l->i64, 1, 0), "");
            LLVMValueRef more = LLVMBuildICmp(l->b, LLVMIntULT, next, LLVMConstInt(l->i64, p->count, 0), "");
            LLVMBasicBlockRef latch = LLVMGetInsertBlock(l->b);
            LLVMBuildCondBr(l->b, more, body, exit);
            LLVMValueRef zero = LLVMConstInt(l->i64, 0, 0);
            LLVMAddIncoming(phi, &zero, &pre, 1);
            LLVMAddIncoming(phi, &next, &latch, 1);
            LLVMPositionBuilderAtEnd(l->b, exit);
            continue;
        }
        LLVMValueRef d = ptr(l, l->s, &p->d);
        switch ((wop_t)p->op) {
        case OP_CONST:
        case OP_COPY: {
            LLVMValueRef src = p->op == OP_CONST ? ptr(l, l->k, &p->a) : ptr(l, l->s, &p->a);
            LLVMBuildStore(l->b, LLVMBuildLoad2(l->b, l->fr, src, ""), d);
            break;
        }
        case OP_ADD: case OP_SUB: case OP_MUL: case OP_MULK: case OP_ADDK: {
            LLVMValueRef f = p->op == OP_ADD || p->op == OP_ADDK ? l->f_add
                             : p->op == OP_SUB                   ? l->f_sub
                                                                 : l->f_mul;
            LLVMValueRef b = p->op == OP_MULK || p->op == OP_ADDK ? ptr(l, l->k, &p->b) : ptr(l, l->s, &p->b);
            LLVMValueRef args[3] = {d, ptr(l, l->s, &p->a), b};
            LLVMBuildCall2(l->b, l->t_bin, f, args, 3, "");
            break;
        }
        case OP_NEG: case OP_INV: {
            LLVMValueRef args[2] = {d, ptr(l, l->s, &p->a)};
            LLVMBuildCall2(l->b, l->t_un, p->op == OP_NEG ? l->f_neg : l->f_inv, args, 2, "");
            break;
        }
        default: {
            LLVMValueRef args[5] = {LLVMConstInt(l->i32, p->op, 0), d, ptr(l, l->s, &p->a),
                                    ptr(l, l->s, &p->b), ptr(l, l->s, &p->c)};
            LLVMValueRef rc = LLVMBuildCall2(l->b, l->t_op, l->f_op, args, 5, "");
            if (p->op == OP_DIV || p->op == OP_IDIV || p->op == OP_IMOD) {
                l->fails = realloc(l->fails, sizeof *l->fails * (l->nfails + 1));
                l->fails[l->nfails++] = p->loc;
                LLVMBasicBlockRef bad = LLVMAppendBasicBlockInContext(l->cx, l->fn, "fail");
                LLVMBasicBlockRef ok = LLVMAppendBasicBlockInContext(l->cx, l->fn, "ok");
                LLVMValueRef z = LLVMBuildICmp(l->b, LLVMIntNE, rc, LLVMConstInt(l->i32, 0, 0), "");
                LLVMBuildCondBr(l->b, z, bad, ok);
                LLVMPositionBuilderAtEnd(l->b, bad);
                LLVMBuildRet(l->b, LLVMConstInt(l->i32, l->nfails, 0));
                LLVMPositionBuilderAtEnd(l->b, ok);
            }
            break;
        }
        }
    }
}

/* x[0..n) as a function of its own, called here:
 *     i32 zkc_part_<j>(%fr* s, %fr* k, i64 counter...)   ; 0 = ok, else the failure code
 * taking the counters of the loops around it (noinline: the point is to keep
 * functions small for LLVM's loop analyses). */
static void emit_part(L *l, const witem_t *x, size_t n) {
    LLVMTypeRef *pt = malloc(sizeof *pt * (2 + l->nstk));
    LLVMValueRef *args = malloc(sizeof *args * (2 + l->nstk)), *saved = malloc(sizeof *saved * (l->nstk + 1));
    if (!pt || !args || !saved) diag_oom();
    pt[0] = pt[1] = l->frp;
    args[0] = l->s, args[1] = l->k;
    for (uint32_t j = 0; j < l->nstk; j++) {
        pt[2 + j] = l->i64;
        args[2 + j] = saved[j] = l->ctr[l->stk[j]];
    }
    char name[32];
    snprintf(name, sizeof name, "zkc_part_%u", l->nparts++);
    LLVMTypeRef ft = LLVMFunctionType(l->i32, pt, 2 + l->nstk, 0);
    LLVMValueRef f = LLVMAddFunction(l->m, name, ft);
    LLVMSetLinkage(f, LLVMInternalLinkage);
    unsigned kind = LLVMGetEnumAttributeKindForName("noinline", 8);
    LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(l->cx, kind, 0));
    LLVMValueRef fn = l->fn, sv = l->s, kv = l->k;
    LLVMBasicBlockRef at = LLVMGetInsertBlock(l->b);
    l->fn = f, l->s = LLVMGetParam(f, 0), l->k = LLVMGetParam(f, 1);
    for (uint32_t j = 0; j < l->nstk; j++) l->ctr[l->stk[j]] = LLVMGetParam(f, 2 + j);
    LLVMPositionBuilderAtEnd(l->b, LLVMAppendBasicBlockInContext(l->cx, f, "entry"));
    emit_items(l, x, n);
    LLVMBuildRet(l->b, LLVMConstInt(l->i32, 0, 0));
    l->fn = fn, l->s = sv, l->k = kv;
    for (uint32_t j = 0; j < l->nstk; j++) l->ctr[l->stk[j]] = saved[j];
    LLVMPositionBuilderAtEnd(l->b, at);
    LLVMValueRef rc = LLVMBuildCall2(l->b, ft, f, args, 2 + l->nstk, "");
    LLVMBasicBlockRef bad = LLVMAppendBasicBlockInContext(l->cx, l->fn, "fail");
    LLVMBasicBlockRef ok = LLVMAppendBasicBlockInContext(l->cx, l->fn, "ok");
    LLVMBuildCondBr(l->b, LLVMBuildICmp(l->b, LLVMIntNE, rc, LLVMConstInt(l->i32, 0, 0), ""), bad, ok);
    LLVMPositionBuilderAtEnd(l->b, bad);
    LLVMBuildRet(l->b, rc);
    LLVMPositionBuilderAtEnd(l->b, ok);
    free(pt), free(args), free(saved);
}

static void part_cb(void *l, const witem_t *x, size_t n) { emit_part(l, x, n); }

/* Emits x[0..n): inline when it is at most part_max items, else as calls to
 * functions cut by wprog_split (gen.h). One function of a whole program made
 * LLVM's -O2 superlinear: lora D=K=1024 R=49 has 14k loops in one loop body,
 * and ScalarEvolution's loop and block dispositions took minutes on it. sgd's
 * whole program is ~1,000 items and stays one function. */
static void emit_list(L *l, const witem_t *x, size_t n) {
    if (!wprog_split(x, n, l->part_max, part_cb, l)) emit_items(l, x, n);
}

static bool build(L *l, const cs_t *cs) {
    memset(l, 0, sizeof *l);
    l->cx = LLVMContextCreate();
    l->m = LLVMModuleCreateWithNameInContext("zkc", l->cx);
    l->b = LLVMCreateBuilderInContext(l->cx);
    l->i32 = LLVMInt32TypeInContext(l->cx);
    l->i64 = LLVMInt64TypeInContext(l->cx);
    l->fr = LLVMArrayType(l->i64, 4);
    l->frp = LLVMPointerType(l->fr, 0);
    LLVMTypeRef vd = LLVMVoidTypeInContext(l->cx);
    LLVMTypeRef p3[3] = {l->frp, l->frp, l->frp};
    l->t_bin = LLVMFunctionType(vd, p3, 3, 0);
    l->t_un = LLVMFunctionType(vd, p3, 2, 0);
    LLVMTypeRef p5[5] = {l->i32, l->frp, l->frp, l->frp, l->frp};
    l->t_op = LLVMFunctionType(l->i32, p5, 5, 0);
    l->f_add = LLVMAddFunction(l->m, "fr_add", l->t_bin);
    l->f_sub = LLVMAddFunction(l->m, "fr_sub", l->t_bin);
    l->f_mul = LLVMAddFunction(l->m, "fr_mul", l->t_bin);
    l->f_neg = LLVMAddFunction(l->m, "fr_neg", l->t_un);
    l->f_inv = LLVMAddFunction(l->m, "fr_inv_var", l->t_un);
    l->f_op = LLVMAddFunction(l->m, "zkc_rt_op", l->t_op);
    LLVMTypeRef p2[2] = {l->frp, l->frp};
    l->fn = LLVMAddFunction(l->m, "zkc_run", LLVMFunctionType(l->i32, p2, 2, 0));
    l->s = LLVMGetParam(l->fn, 0);
    l->k = LLVMGetParam(l->fn, 1);
    l->ctr = calloc(cs->nloopids + 1, sizeof *l->ctr);
    l->stk = calloc(cs->nloopids + 1, sizeof *l->stk);
    if (!l->ctr || !l->stk) diag_oom();
    l->part_max = wprog_part_max(WPROG_PART_LLVM); /* = WPROG_SPLIT_ABOVE */
    LLVMPositionBuilderAtEnd(l->b, LLVMAppendBasicBlockInContext(l->cx, l->fn, "entry"));
    emit_list(l, cs->tree, cs->ntree);
    LLVMBuildRet(l->b, LLVMConstInt(l->i32, 0, 0));
    free(l->ctr);
    free(l->stk);
    char *msg = NULL;
    if (LLVMVerifyModule(l->m, LLVMReturnStatusAction, &msg)) {
        fprintf(stderr, "zkc: internal error: LLVM module does not verify: %s\n", msg);
        LLVMDisposeMessage(msg);
        return false;
    }
    LLVMDisposeMessage(msg);
    LLVMPassManagerBuilderRef pmb = LLVMPassManagerBuilderCreate();
    LLVMPassManagerBuilderSetOptLevel(pmb, 2);
    LLVMPassManagerRef pm = LLVMCreatePassManager();
    LLVMPassManagerBuilderPopulateModulePassManager(pmb, pm);
    LLVMRunPassManager(pm, l->m);
    LLVMDisposePassManager(pm);
    LLVMPassManagerBuilderDispose(pmb);
    return true;
}

static void done(L *l) {
    LLVMDisposeBuilder(l->b);
    if (l->m) LLVMDisposeModule(l->m);
    LLVMContextDispose(l->cx);
    free(l->fails);
}

int gen_llvm_ir(const cs_t *cs, const char *path) {
    L l;
    bool ok = build(&l, cs);
    char *msg = NULL;
    if (ok && LLVMPrintModuleToFile(l.m, path, &msg)) {
        fprintf(stderr, "zkc: error: cannot write '%s': %s\n", path, msg);
        ok = false;
    }
    LLVMDisposeMessage(msg);
    done(&l);
    return ok ? 0 : -1;
}

int gen_llvm_obj(const cs_t *cs, const char *path) {
    LLVMInitializeNativeTarget();
    LLVMInitializeNativeAsmPrinter();
    L l;
    if (!build(&l, cs)) {
        done(&l);
        return -1;
    }
    char *triple = LLVMGetDefaultTargetTriple(), *msg = NULL;
    LLVMTargetRef t;
    int rc = -1;
    if (LLVMGetTargetFromTriple(triple, &t, &msg) == 0) {
        LLVMTargetMachineRef tm = LLVMCreateTargetMachine(t, triple, "generic", "", LLVMCodeGenLevelDefault,
                                                          LLVMRelocPIC, LLVMCodeModelDefault);
        LLVMSetTarget(l.m, triple);
        if (LLVMTargetMachineEmitToFile(tm, l.m, (char *)path, LLVMObjectFile, &msg) == 0) rc = 0;
        LLVMDisposeTargetMachine(tm);
    }
    if (rc) fprintf(stderr, "zkc: error: cannot emit '%s': %s\n", path, msg ? msg : "?");
    LLVMDisposeMessage(msg);
    LLVMDisposeMessage(triple);
    done(&l);
    return rc;
}

bool gen_llvm_jit(const cs_t *cs, fr_t *slots) {
    LLVMLinkInMCJIT();
    LLVMInitializeNativeTarget();
    LLVMInitializeNativeAsmPrinter();
    L l;
    if (!build(&l, cs)) {
        done(&l);
        return false;
    }
    LLVMExecutionEngineRef ee;
    char *msg = NULL;
    struct LLVMMCJITCompilerOptions opt;
    LLVMInitializeMCJITCompilerOptions(&opt, sizeof opt);
    opt.OptLevel = 2;
    if (LLVMCreateMCJITCompilerForModule(&ee, l.m, &opt, sizeof opt, &msg)) {
        fprintf(stderr, "zkc: error: LLVM JIT: %s\n", msg);
        LLVMDisposeMessage(msg);
        done(&l);
        return false;
    }
    LLVMModuleRef m = l.m;
    l.m = NULL; /* owned by the engine now */
    static const struct {
        const char *name;
        void *fn;
    } rt[] = {{"fr_add", (void *)fr_add},   {"fr_sub", (void *)fr_sub},
              {"fr_mul", (void *)fr_mul},   {"fr_neg", (void *)fr_neg},
              {"fr_inv_var", (void *)fr_inv_var}, {"zkc_rt_op", (void *)zkc_rt_op}};
    for (size_t i = 0; i < sizeof rt / sizeof rt[0]; i++) { /* the optimizer drops unused ones */
        LLVMValueRef f = LLVMGetNamedFunction(m, rt[i].name);
        if (f) LLVMAddGlobalMapping(ee, f, rt[i].fn);
    }
    int (*run)(fr_t *, const fr_t *) = (int (*)(fr_t *, const fr_t *))LLVMGetFunctionAddress(ee, "zkc_run");
    bool ok = run != NULL;
    if (ok) {
        int rc = run(slots, cs->k);
        if (rc) {
            diag_error(*l.fails[rc - 1], "division by zero while computing the witness");
            ok = false;
        }
    }
    LLVMDisposeExecutionEngine(ee);
    done(&l);
    return ok;
}
