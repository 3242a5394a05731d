/* passage: positional fingerprints that find a passage two documents share
 * whatever else they hold, and the candidate pairs they give.
 *
 * Winnowing (Schleimer, Wilkerson, Aiken, SIGMOD 2003) over a document's
 * shingle sequence: in every window of w consecutive shingles the smallest
 * hash is selected (the rightmost on ties). Guarantee: two documents that
 * share a run of at least w + n - 1 kept words (n = shingle width) select
 * a common fingerprint inside it, because the run holds a whole window and
 * both select that window's minimum. With w = min_words - n + 1 every
 * shared passage of min_words words gives a common fingerprint. About
 * 2 / (w + 1) of the shingles are selected. */
#ifndef WT_PASSAGE_H
#define WT_PASSAGE_H

#include "common.h"

/* A selected shingle: the low 32 bits of its hash, which pair documents
 * (alignment checks the words of every match), and its position. */
typedef struct {
	uint32_t hash;
	uint32_t pos; /* shingle index = kept-token index of its first word */
} wt_fp;

/* The window that makes runs of min_words words of n-word shingles safe
 * (min_words >= n >= 1). */
unsigned wt_winnow_window(unsigned min_words, unsigned n);

/* Fingerprints of seq[0..n) with window w >= 1 into out (room for n), in
 * position order, each position once. A sequence shorter than w selects
 * its minimum. Returns the count. Pure. */
size_t wt_winnow(const uint64_t *seq, size_t n, unsigned w, wt_fp *out);

/* Sort by (hash, pos): the order wt_align wants. */
void wt_fp_sort(wt_fp *fp, size_t n);

typedef struct {
	uint64_t postings;  /* distinct (fingerprint, document) entries */
	uint64_t stop;      /* fingerprints held by more than df_cap documents */
	uint64_t stop_postings; /* their entries, not used for candidates */
} wt_passage_stats;

/* Candidate pairs from postings: post[i] = fingerprint key << 32 | doc,
 * key being any 32 bits of the fingerprint hash (a collision only adds a
 * candidate that alignment rejects). Every two documents sharing a key
 * held by at most df_cap documents (>= 2) become a pair x << 32 | y,
 * x < y; *pairs (Owned, free()) is sorted without repeats. Phrases that
 * many documents share (names, titles, formulae) are stop-fingerprints:
 * counted, never paired, so the output is at most n * df_cap / 2 pairs.
 * post is scratch: its contents are undefined after. Runs on up to
 * `threads` threads; the output does not depend on it. */
WT_NODISCARD wt_err wt_passage_candidates(uint64_t *post, size_t n,
					  size_t df_cap, unsigned threads,
					  uint64_t **pairs, size_t *npairs,
					  wt_passage_stats *st);

#endif
