/* zkpot L4 io, internal: the iden3 binary container shared by .r1cs, .wtns,
 * .zkey (and .ptau): magic(4) version(u32) nSections(u32), then per section
 * id(u32) size(u64) and size bytes; all integers little-endian. Learned from
 * iden3's binfileutils and r1cs_bin_format.md; our own code. */
#ifndef ZKPOT_IO_BINFILE_H
#define ZKPOT_IO_BINFILE_H

#include <stdio.h>

#include "zkpot/io.h"

typedef struct {
    uint32_t id;
    uint64_t off;  /* byte offset of the section body in the file */
    uint64_t size; /* body size */
} bin_sec_t;

/* A parsed container over a borrowed buffer. */
typedef struct {
    const char *name; /* file name, for messages */
    const uint8_t *buf;
    size_t len;
    uint32_t version;
    uint32_t n_secs;
    bin_sec_t secs[IO_MAX_SECTIONS];
} bin_t;

/* Parses the container. Accepts versions in [min_version, max_version].
 * Rejects: truncated header or section table, wrong magic, too many sections,
 * a section running past the end, bytes after the last section. */
zkp_err bin_open(bin_t *b, const char *name, const uint8_t *buf, size_t len, const char magic[4],
                 uint32_t min_version, uint32_t max_version) ZKP_WUR;
/* The unique section id: *s = NULL when absent and !required; error when
 * duplicated, or absent and required. */
zkp_err bin_section(const bin_t *b, uint32_t id, bool required, const bin_sec_t **s) ZKP_WUR;

/* A bounds-checked reader inside one section. */
typedef struct {
    const bin_t *b;
    const bin_sec_t *s;
    uint64_t pos; /* relative to the section body */
} bin_cur_t;

void bin_cur(bin_cur_t *c, const bin_t *b, const bin_sec_t *s);
uint64_t bin_left(const bin_cur_t *c);
/* Each fails with "name: section N at byte OFF: truncated (what)" past the end. */
zkp_err bin_u32(bin_cur_t *c, uint32_t *v, const char *what) ZKP_WUR;
zkp_err bin_u64(bin_cur_t *c, uint64_t *v, const char *what) ZKP_WUR;
zkp_err bin_bytes(bin_cur_t *c, const uint8_t **p, uint64_t n, const char *what) ZKP_WUR;
/* Fails unless the whole section was consumed. */
zkp_err bin_end(const bin_cur_t *c) ZKP_WUR;
/* Fails with err and "name: section N at byte OFF(abs): <msg>". */
zkp_err bin_fail(const bin_cur_t *c, uint64_t rel_off, zkp_err err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A field n8 + prime pair: n8 must be 32 and the prime equal to modulus. */
zkp_err bin_prime(bin_cur_t *c, const uint64_t modulus[4], const char *field) ZKP_WUR;
/* Canonical 32-byte little-endian Fr / Montgomery Fq; error names the offset. */
zkp_err bin_fr_le(bin_cur_t *c, fr_t *r, const char *what) ZKP_WUR;

/* Memory-mapped whole file (read only). An empty file maps to len 0. */
typedef struct {
    uint8_t *buf;
    size_t len;
} bin_map_t;
zkp_err bin_map(bin_map_t *m, const char *path) ZKP_WUR;
void bin_unmap(bin_map_t *m);

/* Writing: a FILE* that remembers the first error. */
typedef struct {
    FILE *f;
    const char *name;
    bool failed;
} bin_w_t;
void bin_w_u32(bin_w_t *w, uint32_t v);
void bin_w_u64(bin_w_t *w, uint64_t v);
void bin_w_bytes(bin_w_t *w, const void *p, size_t n);
void bin_w_header(bin_w_t *w, const char magic[4], uint32_t version, uint32_t n_secs);
void bin_w_sec(bin_w_t *w, uint32_t id, uint64_t size);
void bin_w_prime(bin_w_t *w, const uint64_t modulus[4]);

/* Runs emit(w, ctx) into path (via a temporary, renamed on success) or into a
 * malloc'd buffer (buf != NULL). */
typedef void (*bin_emit_fn)(bin_w_t *w, const void *ctx);
zkp_err bin_write_file(const char *path, bin_emit_fn emit, const void *ctx) ZKP_WUR;
zkp_err bin_write_mem(uint8_t **buf, size_t *len, bin_emit_fn emit, const void *ctx) ZKP_WUR;

#endif
