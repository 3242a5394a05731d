/* lsh: MinHash banding. A pair with Jaccard s becomes a candidate with
 * probability P(s) = 1 - (1 - s^r)^b for b bands of r rows. wt_lsh_choose
 * favours recall: the largest r (fewest false candidates) whose curve still
 * gives P(threshold) >= WT_LSH_RECALL, with b = K / r. For K = 128 and
 * threshold 0.5 that is b = 42, r = 3: P(0.5) = 0.9963, P(0.6) = 0.99996,
 * P(0.3) = 0.68, P(0.1) = 0.041. Candidates come from a sort-and-scan band
 * join (no hash table); a bucket of more than bucket_cap documents pairs
 * each member only with its bucket_cap predecessors, so a bucket that many
 * documents hit stays linear, and is counted. Band keys are XXH3 under a
 * caller-supplied secret key. */
#ifndef WT_LSH_H
#define WT_LSH_H

#include "common.h"

#define WT_LSH_RECALL 0.99

typedef struct {
	unsigned bands, rows;
} wt_lsh_shape;

/* P(candidate) for a pair of Jaccard s. */
double wt_lsh_prob(double s, wt_lsh_shape sh);

/* Choose the shape for threshold (0, 1] and k slots. WT_E_ARG if none
 * reaches WT_LSH_RECALL (only for tiny k). */
WT_NODISCARD wt_err wt_lsh_choose(double threshold, unsigned k,
				  wt_lsh_shape *out);

/* out[0..bands) = keyed hashes of each band of sig (bands*rows <= K). */
void wt_lsh_band_keys(const uint32_t *sig, wt_lsh_shape sh, uint64_t key,
		      uint64_t *out);

typedef struct {
	uint64_t buckets_truncated; /* band buckets over bucket_cap */
	uint64_t raw_candidates;    /* band collisions before de-duplication */
} wt_lsh_stats;

/* Candidate pairs among n documents: keys is n rows of sh.bands band keys,
 * row i belonging to document docs[i]. *out (Owned, free()) receives the
 * sorted, distinct pairs as (lo << 32 | hi) with lo < hi document numbers.
 * Bands are joined on up to `threads` threads; the output does not depend
 * on it. WT_E_NOMEM on failure (nothing returned). */
WT_NODISCARD wt_err wt_lsh_candidates(const uint64_t *keys,
				      const uint32_t *docs, size_t n,
				      wt_lsh_shape sh, size_t bucket_cap,
				      unsigned threads, uint64_t **out,
				      size_t *nout, wt_lsh_stats *st);

#endif
