/* verify: exact resemblance and containment of two shingle sets, each
 * sorted ascending without repeats (wt_shingles.set). */
#ifndef WT_VERIFY_H
#define WT_VERIFY_H

#include "common.h"

typedef struct {
	uint64_t inter;   /* |A ∩ B| */
	double jaccard;   /* |A ∩ B| / |A ∪ B| */
	double cont_a;    /* |A ∩ B| / |A|: how much of A is inside B */
	double cont_b;    /* |A ∩ B| / |B| */
} wt_sim;

/* Pure; na and nb may be 0 (all measures 0 then). */
wt_sim wt_verify_sets(const uint64_t *a, size_t na, const uint64_t *b,
		      size_t nb);

/* |A ∩ B| by a plain merge: what wt_verify_sets counts on CPUs without
 * AVX-512 VP2INTERSECT (wt_verify_vec() == 0), and its reference in
 * tests. */
uint64_t wt_verify_merge(const uint64_t *a, size_t na, const uint64_t *b,
			 size_t nb);
int wt_verify_vec(void);

#endif
