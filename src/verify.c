/* verify: count the intersection of two sorted sets: 8 x 8 blocks at a
 * time with AVX-512 VP2INTERSECT where the CPU has it, else a merge. */
#include "verify.h"
#include "vec.h"

uint64_t wt_verify_merge(const uint64_t *a, size_t na, const uint64_t *b,
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
	return k;
}

#if WT_VEC
/* Blocks merged by their last values: a common value lies in one block
 * of each, and those two blocks meet exactly once. What is left of a or b
 * (under 8) is merged from where the blocks stopped: none of it was
 * counted yet. */
__attribute__((target("avx512f,avx512vp2intersect,popcnt")))
static uint64_t inter_vec(const uint64_t *a, size_t na, const uint64_t *b,
			  size_t nb)
{
	size_t i = 0, j = 0;
	uint64_t k = 0;
	while (i + 8 <= na && j + 8 <= nb) {
		__mmask8 ma, mb;
		_mm512_2intersect_epi64(_mm512_loadu_si512(a + i),
					_mm512_loadu_si512(b + j), &ma, &mb);
		k += (uint64_t)__builtin_popcount(ma);
		uint64_t x = a[i + 7], y = b[j + 7];
		i += x <= y ? 8 : 0;
		j += y <= x ? 8 : 0;
	}
	return k + wt_verify_merge(a + i, na - i, b + j, nb - j);
}
#endif

int wt_verify_vec(void)
{
#if WT_VEC
	return __builtin_cpu_supports("avx512f") &&
	       __builtin_cpu_supports("avx512vp2intersect");
#else
	return 0;
#endif
}

wt_sim wt_verify_sets(const uint64_t *a, size_t na, const uint64_t *b,
		      size_t nb)
{
	uint64_t k;
#if WT_VEC
	if (wt_verify_vec())
		k = inter_vec(a, na, b, nb);
	else
#endif
		k = wt_verify_merge(a, na, b, nb);
	wt_sim s = {k, 0, 0, 0};
	if (na + nb - k)
		s.jaccard = (double)k / (double)(na + nb - k);
	if (na)
		s.cont_a = (double)k / (double)na;
	if (nb)
		s.cont_b = (double)k / (double)nb;
	return s;
}
