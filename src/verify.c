/* verify: merge-count the intersection of two sorted sets. */
#include "verify.h"

wt_sim wt_verify_sets(const uint64_t *a, size_t na, const uint64_t *b,
		      size_t nb)
{
	size_t i = 0, j = 0;
	uint64_t k = 0;
	while (i < na && j < nb) {
		uint64_t x = a[i], y = b[j];
		k += x == y;
		i += x <= y;
		j += y <= x;
	}
	wt_sim s = {k, 0, 0, 0};
	if (na + nb - k)
		s.jaccard = (double)k / (double)(na + nb - k);
	if (na)
		s.cont_a = (double)k / (double)na;
	if (nb)
		s.cont_b = (double)k / (double)nb;
	return s;
}
