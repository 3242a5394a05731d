/* test_verify: wt_verify_sets on hand-made sets and against a brute-force
 * O(n*m) intersection count on many random sorted sets; the block
 * (VP2INTERSECT) count against the merge at every block edge. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"

#define EPS 1e-12

#define RNG_SEED 0x9E3779B97F4A7C15ull
#include "rng.h"

static void assert_close(double got, double want)
{
	if (fabs(got - want) > EPS)
		fail_msg("got %.17g, want %.17g", got, want);
}

static void check_sim(wt_sim s, uint64_t inter, double j, double ca, double cb)
{
	assert_int_equal(s.inter, inter);
	assert_close(s.jaccard, j);
	assert_close(s.cont_a, ca);
	assert_close(s.cont_b, cb);
}

static void verify__disjoint(void **state)
{
	(void)state;
	const uint64_t a[] = {1, 3, 5, 7};
	const uint64_t b[] = {0, 2, 4, 6, 8, UINT64_MAX};
	check_sim(wt_verify_sets(a, 4, b, 6), 0, 0.0, 0.0, 0.0);
	check_sim(wt_verify_sets(b, 6, a, 4), 0, 0.0, 0.0, 0.0);
}

static void verify__identical(void **state)
{
	(void)state;
	const uint64_t a[] = {0, 10, 20, 30, UINT64_MAX - 1, UINT64_MAX};
	check_sim(wt_verify_sets(a, 6, a, 6), 6, 1.0, 1.0, 1.0);
	uint64_t b[6];
	memcpy(b, a, sizeof b);
	check_sim(wt_verify_sets(a, 6, b, 6), 6, 1.0, 1.0, 1.0);
	check_sim(wt_verify_sets(a, 1, b, 1), 1, 1.0, 1.0, 1.0);
}

static void verify__subset(void **state)
{
	(void)state;
	const uint64_t a[] = {2, 4, 6};
	const uint64_t b[] = {1, 2, 3, 4, 5, 6, 7, 8};
	/* A inside B: all of A is in B, 3/8 of B is in A */
	check_sim(wt_verify_sets(a, 3, b, 8), 3, 3.0 / 8.0, 1.0, 3.0 / 8.0);
	check_sim(wt_verify_sets(b, 8, a, 3), 3, 3.0 / 8.0, 3.0 / 8.0, 1.0);
}

static void verify__partial_overlap(void **state)
{
	(void)state;
	const uint64_t a[] = {1, 2, 3, 4, 5};
	const uint64_t b[] = {4, 5, 6};
	/* inter 2, union 6 */
	check_sim(wt_verify_sets(a, 5, b, 3), 2, 2.0 / 6.0, 2.0 / 5.0, 2.0 / 3.0);
	/* extreme values at both ends */
	const uint64_t c[] = {0, 1, UINT64_MAX};
	const uint64_t d[] = {0, UINT64_MAX};
	check_sim(wt_verify_sets(c, 3, d, 2), 2, 2.0 / 3.0, 2.0 / 3.0, 1.0);
}

static void verify__empty(void **state)
{
	(void)state;
	const uint64_t a[] = {1, 2, 3};
	check_sim(wt_verify_sets(NULL, 0, NULL, 0), 0, 0.0, 0.0, 0.0);
	check_sim(wt_verify_sets(a, 3, NULL, 0), 0, 0.0, 0.0, 0.0);
	check_sim(wt_verify_sets(NULL, 0, a, 3), 0, 0.0, 0.0, 0.0);
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return (a > b) - (a < b);
}

/* n distinct values in ascending order drawn from a universe of size
 * `universe` (or the full 64-bit range when universe is 0). */
static size_t make_set(uint64_t *v, size_t n, uint64_t universe)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t x = rnd();
		if (universe)
			x %= universe;
		/* sometimes use the extremes so they are exercised */
		if (rnd() % 97 == 0)
			x = rnd() & 1 ? UINT64_MAX : 0;
		v[i] = x;
	}
	qsort(v, n, sizeof *v, cmp_u64);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

static uint64_t brute_inter(const uint64_t *a, size_t na, const uint64_t *b,
			    size_t nb)
{
	uint64_t k = 0;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (a[i] == b[j]) {
				k++;
				break;
			}
	return k;
}

static void verify__random_vs_brute_force(void **state)
{
	(void)state;
	enum { MAXN = 600 };
	uint64_t *a = malloc(MAXN * sizeof *a), *b = malloc(MAXN * sizeof *b);
	assert_non_null(a);
	assert_non_null(b);
	uint64_t nonzero = 0;
	for (int iter = 0; iter < 3000; iter++) {
		size_t na0 = (size_t)(rnd() % MAXN), nb0 = (size_t)(rnd() % MAXN);
		if (iter % 10 == 0)
			na0 = rnd() % 4; /* tiny sets, including empty */
		/* a small universe makes overlaps likely */
		uint64_t uni = iter % 7 == 0 ? 0 : 1 + rnd() % (2 * MAXN);
		size_t na = make_set(a, na0, uni), nb = make_set(b, nb0, uni);
		uint64_t k = brute_inter(a, na, b, nb);
		nonzero += k != 0;
		wt_sim s = wt_verify_sets(a, na, b, nb);
		assert_int_equal(s.inter, k);
		double uni_sz = (double)(na + nb - k);
		assert_close(s.jaccard, uni_sz > 0 ? (double)k / uni_sz : 0.0);
		assert_close(s.cont_a, na ? (double)k / (double)na : 0.0);
		assert_close(s.cont_b, nb ? (double)k / (double)nb : 0.0);
		/* symmetric */
		wt_sim t = wt_verify_sets(b, nb, a, na);
		assert_int_equal(t.inter, k);
		assert_close(t.jaccard, s.jaccard);
		assert_close(t.cont_a, s.cont_b);
		assert_close(t.cont_b, s.cont_a);
		assert_true(s.jaccard >= 0.0 && s.jaccard <= 1.0);
	}
	/* the generator really produced overlapping sets */
	assert_true(nonzero > 1000);
	free(a);
	free(b);
}

/* Sets of 0..40 values around multiples of 8, overlapping at the start,
 * the end, one block edge or nowhere: every way blocks and tails meet. */
static void verify__blocks_agree_with_merge(void **state)
{
	(void)state;
	if (!wt_verify_vec()) {
		print_message("skipped: this CPU has no AVX-512 VP2INTERSECT; "
			      "wt_verify_sets is the merge here\n");
		return;
	}
	uint64_t a[40], b[40];
	uint64_t checked = 0;
	for (size_t na = 0; na <= 40; na++)
		for (size_t nb = 0; nb <= 40; nb++)
			for (int shape = 0; shape < 6; shape++) {
				for (size_t i = 0; i < na; i++)
					a[i] = 3 * i + (shape == 5 ? 1000 : 0);
				for (size_t i = 0; i < nb; i++)
					b[i] = shape == 0   ? 3 * i
					       : shape == 1 ? 2 * i + 1
					       : shape == 2 ? 3 * (i + 7)
					       : shape == 3 ? 6 * i
					       : shape == 4 ? 3 * i + 1
							    : 3 * i;
				uint64_t want = wt_verify_merge(a, na, b, nb);
				assert_int_equal(wt_verify_sets(a, na, b, nb).inter, want);
				assert_int_equal(wt_verify_sets(b, nb, a, na).inter, want);
				checked += want != 0;
			}
	assert_true(checked > 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verify__disjoint),
		cmocka_unit_test(verify__identical),
		cmocka_unit_test(verify__subset),
		cmocka_unit_test(verify__partial_overlap),
		cmocka_unit_test(verify__empty),
		cmocka_unit_test(verify__random_vs_brute_force),
		cmocka_unit_test(verify__blocks_agree_with_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
