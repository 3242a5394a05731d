/* spool: an append-only, unlinked temporary file holding per-document
 * records (shingle sets, metadata) so that a scan keeps only signatures'
 * band keys in memory, never the crawl's text or shingles. After
 * wt_spool_seal the file is mapped and records are read in place. */
#ifndef WT_SPOOL_H
#define WT_SPOOL_H

#include "common.h"

typedef struct wt_spool wt_spool;

/* Create in dir (NULL: $TMPDIR or /tmp). Owned: free with wt_spool_free. */
WT_NODISCARD wt_err wt_spool_new(const char *dir, wt_spool **out);
/* Free; NULL is a no-op. Invalidates every pointer from wt_spool_at. */
void wt_spool_free(wt_spool *s);

/* Append n bytes, padded to 8-byte alignment; *off receives the record's
 * offset. WT_E_FULL when the disk is full, WT_E_IO otherwise. */
WT_NODISCARD wt_err wt_spool_put(wt_spool *s, const void *p, size_t n,
				 uint64_t *off);

/* Flush and map for reading; no more puts. */
WT_NODISCARD wt_err wt_spool_seal(wt_spool *s);

/* Borrowed pointer to the record at off (8-byte aligned), valid until
 * wt_spool_free. Only after wt_spool_seal. */
const void *wt_spool_at(const wt_spool *s, uint64_t off);

#endif
