/* zkpot L0 util: error codes, secure wiping, OS randomness, threads.
 * Everything else in the runtime builds on this header. */
#ifndef ZKPOT_UTIL_H
#define ZKPOT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ZKP_WUR __attribute__((warn_unused_result))

/* One error enum for the whole library. ZKP_OK is 0. */
typedef enum {
    ZKP_OK = 0,
    ZKP_ERR_NOMEM,           /* allocation failed */
    ZKP_ERR_IO,              /* open/read/write/mmap failed */
    ZKP_ERR_FORMAT,          /* malformed bytes or text */
    ZKP_ERR_NOT_CANONICAL,   /* field element encoding >= modulus */
    ZKP_ERR_NOT_ON_CURVE,    /* point does not satisfy the curve equation */
    ZKP_ERR_NOT_IN_SUBGROUP, /* point on the curve but outside the prime-order subgroup */
    ZKP_ERR_RANGE,           /* value or size out of the permitted range */
    ZKP_ERR_VERIFY_FAIL,     /* a proof or a check did not verify */
    ZKP_ERR_UNSATISFIED,     /* a witness does not satisfy the constraints */
    ZKP_ERR_RNG,             /* the OS CSPRNG failed */
    ZKP_ERR_INVALID_ARG,     /* bad argument from a caller (CLI, config) */
    ZKP_ERR__COUNT
} zkp_err;

/* A short static description of an error code. */
const char *zkp_strerror(zkp_err e);

/* Detail of the most recent error on this thread ("file.zkey: section 3 at
 * byte 1234: ..."). Setters format like printf. Never NULL (may be ""). */
const char *zkp_last_error(void);
void zkp_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Sets the detail and returns e, so that `return zkp_fail(ZKP_ERR_FORMAT, "...")` reads well. */
zkp_err zkp_fail(zkp_err e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Zeroes n bytes in a way the compiler may not elide. p may be NULL when n == 0. */
void zkp_memzero(void *p, size_t n);

/* Fills buf with n bytes from the OS CSPRNG (getrandom). ZKP_ERR_RNG on failure. */
zkp_err zkp_random_bytes(void *buf, size_t n) ZKP_WUR;

/* Allocation that reports failure as NULL; zkp_free(NULL) is a no-op.
 * zkp_free_secret wipes n bytes before freeing. */
void *zkp_malloc(size_t n);
void *zkp_calloc(size_t count, size_t size);
void zkp_free(void *p);
void zkp_free_secret(void *p, size_t n);
/* n bytes (not zeroed) for an array written whole soon after, freed with
 * zkp_free: from 2 MiB on, on 2 MiB boundaries with transparent huge pages
 * requested, so the first writes take a page fault per 2 MiB rather than per
 * 4 KiB (in a virtual machine a fault costs more than the writes: ~20 us);
 * from 64 KiB on its pages are mapped at once (zkp_populate). */
void *zkp_malloc_huge(size_t n);
/* zkp_malloc_huge without the populate: for arrays first written by parallel
 * tasks, whose own first touches then fault the pages in on every thread. */
void *zkp_malloc_huge_lazy(size_t n);
/* Maps every page that [p, p + len) overlaps, writable, in one system call
 * (MADV_POPULATE_WRITE, Linux 5.14; a no-op where missing or refused): ~1-8 us
 * per fresh 4 KiB page on this VM (shadow paging) instead of ~19-30 us for a
 * fault on first write; a page already mapped costs a page-table walk. The
 * partial first and last pages are included: callers name ranges they write,
 * so those pages are touched anyway. Contents are unchanged. */
void zkp_populate(void *p, size_t len);

/* Thread count used by parallel kernels: ZKPOT_THREADS env var, else
 * zkp_set_threads(), else omp_get_max_threads(). Never changed from inside a
 * parallel region. */
int zkp_threads(void);
void zkp_set_threads(int n);

/* Monotonic clock in nanoseconds, for metrics and benchmarks. */
uint64_t zkp_now_ns(void);

#define ZKP_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
