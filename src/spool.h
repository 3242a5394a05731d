/* spool: an append-only, unlinked temporary file holding per-document
 * records (shingle sets, metadata) so that a scan keeps only signatures'
 * band keys in memory, never the crawl's text or shingles. After
 * wt_spool_seal records are copied out (wt_spool_read) or read in place
 * (wt_spool_at). */
#ifndef WT_SPOOL_H
#define WT_SPOOL_H

#include "common.h"

typedef struct wt_spool wt_spool;

/* Create in dir (NULL: $TMPDIR or /tmp); a spool of at most map_max
 * bytes is read in place (wt_spool_get). Owned: free with
 * wt_spool_free. */
WT_NODISCARD wt_err wt_spool_new(const char *dir, uint64_t map_max,
				 wt_spool **out);
/* Free; NULL is a no-op. Invalidates every pointer from wt_spool_at. */
void wt_spool_free(wt_spool *s);

/* Append n bytes, padded to 8-byte alignment; *off receives the record's
 * offset. WT_E_FULL when the disk is full, WT_E_IO otherwise. */
WT_NODISCARD wt_err wt_spool_put(wt_spool *s, const void *p, size_t n,
				 uint64_t *off);

/* The same for a record gathered from n parts (p may be NULL where len
 * is 0), copied once. */
typedef struct {
	const void *p;
	size_t len;
} wt_spool_part;
WT_NODISCARD wt_err wt_spool_putv(wt_spool *s, const wt_spool_part *part,
				  size_t n, uint64_t *off);

/* Flush and map for reading; no more puts. */
WT_NODISCARD wt_err wt_spool_seal(wt_spool *s);

/* Borrowed pointer to the record at off (8-byte aligned), valid until
 * wt_spool_free. Only after wt_spool_seal. For records read a few at a
 * time (reports). Over map_max, every 256 calls the mapping's pages are
 * dropped from the process (they stay in the page cache and fault in
 * again): its resident size stays small, the pointers stay valid. */
const void *wt_spool_at(wt_spool *s, uint64_t off);

/* Caller-owned scratch of wt_spool_get; zero it first, release it after
 * with wt_spool_buf_release. */
typedef struct {
	uint64_t *p; /* 8-byte aligned, like records */
	size_t cap;  /* in u64 */
	int fd1;     /* its own open file + 1 (0: none yet, -1: the spool's) */
} wt_spool_buf;

void wt_spool_buf_release(wt_spool_buf *b);

/* The n bytes at off, for records read many times at random: *out points
 * into the mapping while the spool is small, else at a copy in b (pread)
 * so the process does not hold the file; a copy keeps the first have
 * bytes b holds (the same off's) and reads the rest. Thread-safe with a
 * buffer per thread; valid until the next call with b. WT_E_IO when a
 * read fails. Only after wt_spool_seal. */
WT_NODISCARD wt_err wt_spool_get(const wt_spool *s, uint64_t off, size_t have,
				 size_t n, wt_spool_buf *b, const void **out);

/* Hint that the n bytes at off will be read soon: a CPU prefetch while
 * they are read in place, nothing for copies. Only after wt_spool_seal. */
void wt_spool_prefetch(const wt_spool *s, uint64_t off, size_t n);

#endif
