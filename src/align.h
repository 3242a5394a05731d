/* align: the shared passages of two documents, by seed-and-extend.
 * Seeds are the fingerprints both documents selected (passage.h); each
 * seed grows into the maximal run of equal words around it; runs that
 * claim the same words of both texts are resolved longest first (a text
 * quoted twice is two passages); a passage then grows
 * across small edits (a changed, inserted or dropped word, a re-spelled
 * name): up to max_gap words on either side may differ before an anchor of
 * `anchor` equal words resumes it; passages that sit within reorder_gap
 * words of each other in both texts merge, in either order (a shuffled
 * phrase), into one passage spanning both. Cost is
 * linear in the seeds and the passages' length, never |a|·|b|.
 * Positions are kept-token indices (shingle.h: wt_shingles.tok). */
#ifndef WT_ALIGN_H
#define WT_ALIGN_H

#include "passage.h"

typedef struct {
	const uint32_t *tok; /* kept-token hashes (low 32 bits), in text order */
	size_t ntok;
	const wt_fp *fp; /* fingerprints sorted by (hash, pos) */
	size_t nfp;
} wt_align_doc;

typedef struct {
	uint32_t a0, a1, b0, b1; /* kept-token ranges [a0, a1) and [b0, b1) */
	uint32_t matched;        /* equal words aligned inside them */
} wt_match;

typedef struct {
	unsigned shingle;   /* words a fingerprint covers (the shingle width) */
	unsigned min_words; /* passages with fewer matched words are dropped */
	unsigned max_gap;   /* words an edit may span on each side */
	unsigned anchor;    /* equal words that resume a passage after an edit */
	unsigned reorder_gap; /* words between passages that merge */
} wt_align_opts;

/* Defaults: min_words 15, max_gap 4, anchor 3, reorder_gap 16; shingle is
 * the caller's. */
void wt_align_opts_default(wt_align_opts *o, unsigned shingle);

/* Scratch and result, caller-owned, reused across pairs; one per thread. */
typedef struct {
	wt_match *m; /* passages of the last pair, by a0; no two overlap in
			both a and b */
	size_t n;
	int no_vec;  /* tests: match fingerprints without the vector path */
	/* private (tests read the last pair's seeds, seed[0..nseed)) */
	size_t nseed;
	int vec; /* the CPU has AVX-512 VP2INTERSECT */
	uint64_t *seed, *tmp;
	wt_match *run;
	uint32_t *bstart;
	size_t m_cap, seed_cap, tmp_cap, run_cap, bstart_cap;
} wt_aligner;

void wt_aligner_init(wt_aligner *al);
void wt_aligner_release(wt_aligner *al);

/* Align a and b (both Borrowed). WT_OK or WT_E_NOMEM. */
WT_NODISCARD wt_err wt_align(wt_aligner *al, const wt_align_opts *o,
			     const wt_align_doc *a, const wt_align_doc *b);

#endif
