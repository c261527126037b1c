/* zkc: diagnostics with the source line and a caret; see diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DIAG_FILES 256

static struct {
    const char *file, *text;
} sources[DIAG_FILES];
static int nsources, nerrors;

void diag_add_source(const char *file, const char *text) {
    if (nsources < DIAG_FILES) sources[nsources++] = (typeof(sources[0])){file, text};
}

int diag_count(void) { return nerrors; }

static void quote(loc_t loc) {
    for (int i = 0; i < nsources; i++) {
        if (strcmp(sources[i].file, loc.file) != 0) continue;
        const char *p = sources[i].text;
        for (int l = 1; l < loc.line && p; l++) {
            p = strchr(p, '\n');
            if (p) p++;
        }
        if (!p) return;
        const char *e = strchr(p, '\n');
        int n = e ? (int)(e - p) : (int)strlen(p);
        fprintf(stderr, "  %.*s\n  ", n, p);
        for (int c = 1; c < loc.col && c <= n; c++) fputc(p[c - 1] == '\t' ? '\t' : ' ', stderr);
        fputs("^\n", stderr);
        return;
    }
}

static void report(loc_t loc, const char *kind, const char *fmt, va_list ap) {
    if (loc.file && loc.line > 0)
        fprintf(stderr, "%s:%d:%d: %s: ", loc.file, loc.line, loc.col, kind);
    else if (loc.file)
        fprintf(stderr, "%s: %s: ", loc.file, kind);
    else
        fprintf(stderr, "zkc: %s: ", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    if (loc.file && loc.line > 0) quote(loc);
}

void diag_error(loc_t loc, const char *fmt, ...) {
    if (++nerrors > DIAG_MAX) {
        if (nerrors == DIAG_MAX + 1) fprintf(stderr, "zkc: too many errors, not showing more\n");
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    report(loc, "error", fmt, ap);
    va_end(ap);
}

void diag_note(loc_t loc, const char *fmt, ...) {
    if (nerrors > DIAG_MAX) return;
    va_list ap;
    va_start(ap, fmt);
    report(loc, "note", fmt, ap);
    va_end(ap);
}

_Noreturn void diag_oom(void) {
    fprintf(stderr, "zkc: out of memory\n");
    exit(2);
}
