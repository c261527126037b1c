/* zkc: diagnostics. `file:line:col: error: message`, then the source line and a
 * caret under the column. Errors are counted so that a phase can report several
 * and the driver stops between phases. */
#ifndef ZKC_DIAG_H
#define ZKC_DIAG_H

#include <stdio.h>

typedef struct {
    const char *file; /* as given on the command line or resolved by import */
    int line, col;    /* 1-based; line 0 means "no location" */
} loc_t;

/* Registers the text of a source file so that diagnostics can quote its lines.
 * text must outlive every diagnostic (it lives in the arena). */
void diag_add_source(const char *file, const char *text);
/* Prints an error (or a note) and counts errors. */
void diag_error(loc_t loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_note(loc_t loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int diag_count(void);
/* A failed allocation: prints "zkc: out of memory" and exits with status 2
 * (the status of I/O errors), never a crash. */
_Noreturn void diag_oom(void);
/* Stops reporting after this many errors (then prints one line and counts on). */
#define DIAG_MAX 50

#endif
