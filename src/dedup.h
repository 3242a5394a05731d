/* dedup: a stream filter over a feed. Each document, in the order added,
 * is kept unless it is a near-duplicate (Jaccard >= threshold, verified
 * on exact shingle sets) of a document kept before it, or of one in an
 * index (index.h, read only). Candidates come from LSH band keys; a
 * bucket is searched among its newest bucket_cap members, so time per
 * document is bounded whatever the feed. Memory holds what was kept:
 * its shingle set (8 bytes a shingle), band keys and id.
 *
 * One pass: boilerplate is the marked kind (boiler.h) and, with an
 * index, the lines the index learned; nothing is learned from the feed.
 * Documents too short to have a shingle are kept. */
#ifndef WT_DEDUP_H
#define WT_DEDUP_H

#include "index.h"

typedef struct {
	uint64_t tag;      /* the caller's number for the document */
	int kept;
	int too_short;     /* kept without comparison */
	int exact;         /* dropped as the same normalized text */
	int indexed;       /* dropped for a document of the index */
	wt_str kept_id;    /* dropped: the document it copies (Borrowed,
			      valid during the callback) */
	wt_sim sim;
} wt_verdict;

typedef wt_err wt_verdict_fn(void *ctx, const wt_verdict *v);

typedef struct wt_dedup wt_dedup;

/* o: shingle, perm, seed, threshold, bands/rows, bucket_cap, no_boiler,
 * threads, band_key (0: random) as in scan.h. x may be NULL (Borrowed,
 * attached). fn gets every verdict on the caller's thread, in order.
 * Owned: wt_dedup_free. */
WT_NODISCARD wt_err wt_dedup_new(const wt_scan_opts *o, wt_index *x,
				 wt_verdict_fn *fn, void *ctx, wt_dedup **out);
void wt_dedup_free(wt_dedup *d);

/* Add one document (copied); verdicts may come for earlier ones. */
WT_NODISCARD wt_err wt_dedup_add(wt_dedup *d, uint64_t tag, const wt_doc *doc);

/* Give the verdicts of everything added. */
WT_NODISCARD wt_err wt_dedup_flush(wt_dedup *d);

#endif
