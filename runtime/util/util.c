/* zkpot L0 util: error strings and details, wiping, OS randomness, allocation,
 * thread count, clock. */
#include "zkpot/util.h"

#include <errno.h>
#include <omp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>

static const char *const err_names[ZKP_ERR__COUNT] = {
    [ZKP_OK] = "ok",
    [ZKP_ERR_NOMEM] = "out of memory",
    [ZKP_ERR_IO] = "I/O error",
    [ZKP_ERR_FORMAT] = "malformed input",
    [ZKP_ERR_NOT_CANONICAL] = "field element not canonical (>= modulus)",
    [ZKP_ERR_NOT_ON_CURVE] = "point not on the curve",
    [ZKP_ERR_NOT_IN_SUBGROUP] = "point not in the prime-order subgroup",
    [ZKP_ERR_RANGE] = "value out of range",
    [ZKP_ERR_VERIFY_FAIL] = "verification failed",
    [ZKP_ERR_UNSATISFIED] = "witness does not satisfy the constraints",
    [ZKP_ERR_RNG] = "OS random number generator failed",
    [ZKP_ERR_INVALID_ARG] = "invalid argument",
};

const char *zkp_strerror(zkp_err e) {
    if ((unsigned)e >= ZKP_ERR__COUNT) return "unknown error";
    return err_names[e];
}

static _Thread_local char last_error[1024];

const char *zkp_last_error(void) { return last_error; }

/* Formats into a local buffer first, so that an argument may be zkp_last_error()
 * itself ("file.zkey: %s", zkp_last_error()) without reading what is being written. */
static void set_error_v(const char *fmt, va_list ap) {
    char tmp[sizeof last_error];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    memcpy(last_error, tmp, sizeof tmp);
}

void zkp_set_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    set_error_v(fmt, ap);
    va_end(ap);
}

zkp_err zkp_fail(zkp_err e, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    set_error_v(fmt, ap);
    va_end(ap);
    return e;
}

void zkp_memzero(void *p, size_t n) {
    if (n == 0) return;
    memset(p, 0, n);
    /* The empty asm with p as input and memory clobber keeps the memset alive. */
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

zkp_err zkp_random_bytes(void *buf, size_t n) {
    uint8_t *out = buf;
    while (n > 0) {
        ssize_t got = getrandom(out, n, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            return zkp_fail(ZKP_ERR_RNG, "getrandom: %s", strerror(errno));
        }
        out += got;
        n -= (size_t)got;
    }
    return ZKP_OK;
}

void *zkp_malloc(size_t n) { return malloc(n ? n : 1); }
void *zkp_calloc(size_t count, size_t size) { return calloc(count ? count : 1, size ? size : 1); }
void zkp_free(void *p) { free(p); }
void zkp_populate(void *p, size_t len) {
#ifdef MADV_POPULATE_WRITE
    const uintptr_t pg = 4096;
    if (!p || !len) return;
    uintptr_t lo = (uintptr_t)p & ~(pg - 1), hi = ((uintptr_t)p + len + pg - 1) & ~(pg - 1);
    if (lo < hi) (void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE); /* failure is harmless */
#else
    (void)p, (void)len;
#endif
}
void *zkp_malloc_huge_lazy(size_t n) {
    const size_t hp = (size_t)2 << 20;
    if (n < hp) return zkp_malloc(n); /* one huge page would clear 2 MiB for less */
    size_t len = (n + hp - 1) / hp * hp;
    void *p = NULL;
    if (len < n || posix_memalign(&p, hp, len) != 0) return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, len, MADV_HUGEPAGE); /* advice only */
#endif
    return p;
}

void *zkp_malloc_huge(size_t n) {
    void *p = zkp_malloc_huge_lazy(n);
    if (p && n >= ((size_t)64 << 10)) zkp_populate(p, n);
    return p;
}
void zkp_free_secret(void *p, size_t n) {
    if (!p) return;
    zkp_memzero(p, n);
    free(p);
}

static int threads_override;

int zkp_threads(void) {
    const char *s = getenv("ZKPOT_THREADS");
    if (s && *s) {
        int n = atoi(s);
        if (n > 0) return n;
    }
    if (threads_override > 0) return threads_override;
    return omp_get_max_threads();
}

void zkp_set_threads(int n) { threads_override = n > 0 ? n : 0; }

uint64_t zkp_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
