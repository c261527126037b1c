/* zkpot L4 io: the iden3 binary container (magic, version, section table),
 * bounds-checked section cursors, memory mapping and buffered writing. */
#include "io/binfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t rd32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static void magic_str(char out[20], const uint8_t *m) {
    char *o = out;
    for (int i = 0; i < 4; i++) {
        if (m[i] >= 0x20 && m[i] < 0x7f && m[i] != '"' && m[i] != '\\')
            *o++ = (char)m[i];
        else
            o += sprintf(o, "\\x%02x", m[i]);
    }
    *o = 0;
}

/* file := magic(4) version(u32) nSections(u32) section*
 * section := id(u32) size(u64) body(size) */
zkp_err bin_open(bin_t *b, const char *name, const uint8_t *buf, size_t len, const char magic[4],
                 uint32_t min_version, uint32_t max_version) {
    memset(b, 0, sizeof *b);
    b->name = name, b->buf = buf, b->len = len;
    if (len < 12)
        return zkp_fail(ZKP_ERR_FORMAT, "%s: at byte 0: truncated file header (%zu of 12 bytes)",
                        name, len);
    if (memcmp(buf, magic, 4) != 0) {
        char got[20];
        magic_str(got, buf);
        return zkp_fail(ZKP_ERR_FORMAT, "%s: at byte 0: wrong magic \"%s\" (expected \"%.4s\")",
                        name, got, magic);
    }
    b->version = rd32(buf + 4);
    if (b->version < min_version || b->version > max_version)
        return zkp_fail(ZKP_ERR_FORMAT, "%s: at byte 4: unsupported %.4s version %u (expected %u)",
                        name, magic, b->version, max_version);
    uint32_t n = rd32(buf + 8);
    if (n > IO_MAX_SECTIONS)
        return zkp_fail(ZKP_ERR_FORMAT, "%s: at byte 8: %u sections (at most %d supported)", name,
                        n, IO_MAX_SECTIONS);
    uint64_t pos = 12;
    for (uint32_t i = 0; i < n; i++) {
        if (len - pos < 12)
            return zkp_fail(ZKP_ERR_FORMAT,
                            "%s: at byte %llu: truncated header of section #%u (%u declared)", name,
                            (unsigned long long)pos, i, n);
        bin_sec_t *s = &b->secs[i];
        s->id = rd32(buf + pos);
        s->size = rd64(buf + pos + 4);
        s->off = pos + 12;
        if (s->size > len - s->off)
            return zkp_fail(ZKP_ERR_FORMAT,
                            "%s: section %u at byte %llu: size %llu runs past the end of the file "
                            "(%llu bytes left)",
                            name, s->id, (unsigned long long)pos, (unsigned long long)s->size,
                            (unsigned long long)(len - s->off));
        pos = s->off + s->size;
    }
    b->n_secs = n;
    if (pos != len)
        return zkp_fail(ZKP_ERR_FORMAT, "%s: at byte %llu: %llu bytes after the last section", name,
                        (unsigned long long)pos, (unsigned long long)(len - pos));
    return ZKP_OK;
}

zkp_err bin_section(const bin_t *b, uint32_t id, bool required, const bin_sec_t **s) {
    *s = NULL;
    for (uint32_t i = 0; i < b->n_secs; i++) {
        if (b->secs[i].id != id) continue;
        if (*s)
            return zkp_fail(ZKP_ERR_FORMAT, "%s: section %u at byte %llu: duplicated section %u",
                            b->name, id, (unsigned long long)(b->secs[i].off - 12), id);
        *s = &b->secs[i];
    }
    if (!*s && required) return zkp_fail(ZKP_ERR_FORMAT, "%s: section %u missing", b->name, id);
    return ZKP_OK;
}

void bin_cur(bin_cur_t *c, const bin_t *b, const bin_sec_t *s) { c->b = b, c->s = s, c->pos = 0; }

uint64_t bin_left(const bin_cur_t *c) { return c->s->size - c->pos; }

zkp_err bin_fail(const bin_cur_t *c, uint64_t rel_off, zkp_err err, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return zkp_fail(err, "%s: section %u at byte %llu: %s", c->b->name, c->s->id,
                    (unsigned long long)(c->s->off + rel_off), msg);
}

zkp_err bin_bytes(bin_cur_t *c, const uint8_t **p, uint64_t n, const char *what) {
    if (n > bin_left(c))
        return bin_fail(c, c->pos, ZKP_ERR_FORMAT,
                        "truncated %s (needs %llu bytes, %llu left in the section)", what,
                        (unsigned long long)n, (unsigned long long)bin_left(c));
    *p = c->b->buf + c->s->off + c->pos;
    c->pos += n;
    return ZKP_OK;
}

zkp_err bin_u32(bin_cur_t *c, uint32_t *v, const char *what) {
    const uint8_t *p = NULL;
    zkp_err e = bin_bytes(c, &p, 4, what);
    if (e == ZKP_OK) *v = rd32(p);
    return e;
}

zkp_err bin_u64(bin_cur_t *c, uint64_t *v, const char *what) {
    const uint8_t *p = NULL;
    zkp_err e = bin_bytes(c, &p, 8, what);
    if (e == ZKP_OK) *v = rd64(p);
    return e;
}

zkp_err bin_end(const bin_cur_t *c) {
    if (c->pos != c->s->size)
        return bin_fail(c, c->pos, ZKP_ERR_FORMAT,
                        "section size %llu disagrees with its contents (%llu bytes used)",
                        (unsigned long long)c->s->size, (unsigned long long)c->pos);
    return ZKP_OK;
}

zkp_err bin_prime(bin_cur_t *c, const uint64_t modulus[4], const char *field) {
    uint32_t n8;
    uint64_t at = c->pos;
    zkp_err e = bin_u32(c, &n8, "field size n8");
    if (e) return e;
    if (n8 != 32)
        return bin_fail(c, at, ZKP_ERR_FORMAT, "%s size n8 = %u (BN254 needs 32)", field, n8);
    const uint8_t *p = NULL;
    at = c->pos;
    if ((e = bin_bytes(c, &p, 32, "prime"))) return e;
    for (int i = 0; i < 4; i++)
        if (rd64(p + 8 * i) != modulus[i])
            return bin_fail(c, at, ZKP_ERR_FORMAT, "%s prime is not BN254's", field);
    return ZKP_OK;
}

zkp_err bin_fr_le(bin_cur_t *c, fr_t *r, const char *what) {
    const uint8_t *p = NULL;
    uint64_t at = c->pos;
    zkp_err e = bin_bytes(c, &p, 32, what);
    if (e) return e;
    if (fr_from_bytes_le(r, p) != ZKP_OK)
        return bin_fail(c, at, ZKP_ERR_NOT_CANONICAL, "%s is not canonical (>= r)", what);
    return ZKP_OK;
}

zkp_err bin_map(bin_map_t *m, const char *path) {
    m->buf = NULL, m->len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return zkp_fail(ZKP_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int en = errno;
        close(fd);
        return zkp_fail(ZKP_ERR_IO, "%s: cannot stat: %s", path, strerror(en));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return zkp_fail(ZKP_ERR_IO, "%s: not a regular file", path);
    }
    if (st.st_size > 0) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            int en = errno;
            close(fd);
            return zkp_fail(ZKP_ERR_IO, "%s: cannot map: %s", path, strerror(en));
        }
        m->buf = p, m->len = (size_t)st.st_size;
    }
    close(fd);
    return ZKP_OK;
}

void bin_unmap(bin_map_t *m) {
    if (m->buf) munmap(m->buf, m->len);
    m->buf = NULL, m->len = 0;
}

void bin_w_bytes(bin_w_t *w, const void *p, size_t n) {
    if (!w->failed && n && fwrite(p, 1, n, w->f) != n) w->failed = true;
}

void bin_w_u32(bin_w_t *w, uint32_t v) {
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    bin_w_bytes(w, b, 4);
}

void bin_w_u64(bin_w_t *w, uint64_t v) {
    bin_w_u32(w, (uint32_t)v);
    bin_w_u32(w, (uint32_t)(v >> 32));
}

void bin_w_header(bin_w_t *w, const char magic[4], uint32_t version, uint32_t n_secs) {
    bin_w_bytes(w, magic, 4);
    bin_w_u32(w, version);
    bin_w_u32(w, n_secs);
}

void bin_w_sec(bin_w_t *w, uint32_t id, uint64_t size) {
    bin_w_u32(w, id);
    bin_w_u64(w, size);
}

void bin_w_prime(bin_w_t *w, const uint64_t modulus[4]) {
    bin_w_u32(w, 32);
    for (int i = 0; i < 4; i++)
        bin_w_u64(w, modulus[i]);
}

zkp_err bin_write_file(const char *path, bin_emit_fn emit, const void *ctx) {
    size_t n = strlen(path);
    char *tmp = zkp_malloc(n + 16);
    if (!tmp) return zkp_fail(ZKP_ERR_NOMEM, "%s: out of memory", path);
    snprintf(tmp, n + 16, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        zkp_err e = zkp_fail(ZKP_ERR_IO, "%s: cannot create: %s", tmp, strerror(errno));
        zkp_free(tmp);
        return e;
    }
    bin_w_t w = {.f = f, .name = path, .failed = false};
    emit(&w, ctx);
    int en = w.failed ? errno : 0;
    if (fclose(f) != 0 && !w.failed) w.failed = true, en = errno;
    if (!w.failed && rename(tmp, path) != 0) w.failed = true, en = errno;
    if (w.failed) {
        unlink(tmp);
        zkp_free(tmp);
        return zkp_fail(ZKP_ERR_IO, "%s: write failed: %s", path, strerror(en));
    }
    zkp_free(tmp);
    return ZKP_OK;
}

zkp_err bin_write_mem(uint8_t **buf, size_t *len, bin_emit_fn emit, const void *ctx) {
    char *p = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&p, &n);
    if (!f) return zkp_fail(ZKP_ERR_NOMEM, "out of memory (open_memstream)");
    bin_w_t w = {.f = f, .name = "<memory>", .failed = false};
    emit(&w, ctx);
    if (fclose(f) != 0) w.failed = true;
    if (w.failed) {
        free(p);
        *buf = NULL, *len = 0;
        return zkp_fail(ZKP_ERR_NOMEM, "out of memory writing to a buffer");
    }
    *buf = (uint8_t *)p, *len = n;
    return ZKP_OK;
}
