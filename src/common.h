/* common: error codes, diagnostics and small helpers shared by every stage.
 * Every fallible function in libwiretrace returns wt_err; the library never
 * prints, exits or aborts on input: problems reach the caller as codes and,
 * with place and message, through a wt_diag callback. */
#ifndef WT_COMMON_H
#define WT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#define WT_VERSION "0.1.0"

#if defined(__GNUC__)
#define WT_NODISCARD __attribute__((warn_unused_result))
#define WT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define WT_NODISCARD
#define WT_PRINTF(f, a)
#endif

typedef enum {
	WT_OK = 0,
	WT_E_NOMEM,  /* allocation failed */
	WT_E_IO,     /* read/write/open failed (message says which path) */
	WT_E_UTF8,   /* invalid UTF-8 where it cannot be repaired */
	WT_E_PARSE,  /* malformed input record */
	WT_E_LIMIT,  /* a configured cap was exceeded */
	WT_E_DUPID,  /* two documents share one id */
	WT_E_FULL,   /* no space left on the device */
	WT_E_ARG,    /* bad argument or option value */
	WT_E_BINARY, /* input looks binary, not text */
	WT_E_MISSING /* a required field is absent */
} wt_err;

/* Static string naming the code; never NULL. */
const char *wt_strerror(wt_err e);

typedef enum { WT_DIAG_WARN, WT_DIAG_ERROR } wt_diag_level;

/* One diagnostic: what went wrong and where. Strings are borrowed for the
 * duration of the callback only. line is 0 when it does not apply. */
typedef struct {
	wt_diag_level level;
	wt_err code;
	const char *path;
	uint64_t line;
	const char *msg;
} wt_diag;

typedef void wt_diag_fn(void *ctx, const wt_diag *d);

/* A byte span [off, off+len) into some text. */
typedef struct {
	uint32_t off, len;
} wt_span;

/* Overflow-checked size arithmetic: return 0 and set *out on success,
 * nonzero on overflow. */
static inline int wt_mul_size(size_t a, size_t b, size_t *out)
{
	return __builtin_mul_overflow(a, b, out);
}
static inline int wt_add_size(size_t a, size_t b, size_t *out)
{
	return __builtin_add_overflow(a, b, out);
}

/* Grow *pcap geometrically so that it holds at least need elements of size
 * elem, never beyond cap_elems; realloc *pp accordingly. */
WT_NODISCARD wt_err wt_grow(void **pp, size_t *pcap, size_t need, size_t elem,
			    size_t cap_elems);

/* fn on each of n (<= 64) arguments at arg, size bytes apart: the first
 * on the caller's thread, the others on threads of their own (on the
 * caller's when a thread cannot start). Returns when all are done. */
void wt_run_each(void *(*fn)(void *), void *arg, size_t size, size_t n);

/* Sort v[0..n) ascending; tmp: scratch of n elements. Insertion sort,
 * a bucket pass on the top bits or LSD radix, by size and spread. */
void wt_sort_u64(uint64_t *v, uint64_t *tmp, size_t n);

/* A value under a 64-bit key, for wt_sort_keyed. */
typedef struct {
	uint64_t key;
	uint32_t val;
} wt_keyed;

/* Sort v[0..n) by key, stable (equal keys keep their order); tmp has room
 * for n. LSD radix, skipping bytes every key shares. */
void wt_sort_keyed(wt_keyed *v, wt_keyed *tmp, size_t n);

/* Sorted a[0..na) and b[0..nb) into out, each value once. Returns the
 * count. */
size_t wt_merge_unique(const uint64_t *a, size_t na, const uint64_t *b,
		       size_t nb, uint64_t *out);

/* The same into *a (realloc'd, *na updated), merging from the back so no
 * third array is needed; b is freed, also on failure (WT_E_NOMEM, *a
 * kept). */
WT_NODISCARD wt_err wt_merge_into(uint64_t **a, size_t *na, uint64_t *b,
				  size_t nb);

#endif
