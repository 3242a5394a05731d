/* common: the two merges of sorted keys against sort-and-unique of the
 * concatenation (sizes 0..300, few or many repeats, one side empty),
 * wt_run_each calling fn once on each argument, and the keyed sort
 * against qsort by (key, value). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common.h"

#define RNG_SEED 0x9E3779B97F4A7C15ull
#include "rng.h"

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return (a > b) - (a < b);
}

/* n sorted values below range, each once when uniq. */
static uint64_t *sorted(size_t n, uint64_t range, int uniq, size_t *out_n)
{
	uint64_t *v = malloc((n ? n : 1) * sizeof *v);
	assert_non_null(v);
	for (size_t i = 0; i < n; i++)
		v[i] = rnd() % range;
	qsort(v, n, sizeof *v, cmp_u64);
	size_t k = n;
	if (uniq) {
		k = 0;
		for (size_t i = 0; i < n; i++)
			if (!k || v[k - 1] != v[i])
				v[k++] = v[i];
	}
	*out_n = k;
	return v;
}

static void common__merges(void **state)
{
	(void)state;
	static const size_t sizes[] = {0, 1, 2, 7, 64, 300};
	static const uint64_t ranges[] = {3, 50, UINT64_MAX};
	for (size_t x = 0; x < 6; x++)
		for (size_t y = 0; y < 6; y++)
			for (size_t r = 0; r < 3; r++) {
				size_t na, nb;
				uint64_t *a = sorted(sizes[x], ranges[r], 1, &na);
				uint64_t *b = sorted(sizes[y], ranges[r], 1, &nb);
				/* want: sort and unique of both */
				uint64_t *w = malloc((na + nb + 1) * sizeof *w);
				assert_non_null(w);
				memcpy(w, a, na * sizeof *w);
				memcpy(w + na, b, nb * sizeof *w);
				qsort(w, na + nb, sizeof *w, cmp_u64);
				size_t nw = 0;
				for (size_t i = 0; i < na + nb; i++)
					if (!nw || w[nw - 1] != w[i])
						w[nw++] = w[i];
				uint64_t *out = malloc((na + nb + 1) * sizeof *out);
				assert_non_null(out);
				assert_int_equal(wt_merge_unique(a, na, b, nb, out), nw);
				assert_memory_equal(out, w, nw * sizeof *w);
				assert_int_equal(wt_merge_into(&a, &na, b, nb), WT_OK);
				assert_int_equal(na, nw);
				assert_memory_equal(a, w, nw * sizeof *w);
				free(a);
				free(w);
				free(out);
			}
	/* sorted with repeats: each run collapses */
	size_t na, nb;
	uint64_t *a = sorted(200, 20, 0, &na), *b = sorted(100, 20, 0, &nb);
	uint64_t out[300];
	size_t n = wt_merge_unique(a, na, b, nb, out);
	for (size_t i = 1; i < n; i++)
		assert_true(out[i - 1] < out[i]);
	assert_true(n <= 20);
	free(a);
	free(b);
}

static int cmp_keyed(const void *pa, const void *pb)
{
	const wt_keyed *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->val > b->val) - (a->val < b->val);
}

/* By key, and stable: values were filled in increasing order, so the
 * result is the (key, val) order. Keys with few distinct values (ties),
 * shared bytes (skipped passes) or the full range. */
static void common__sort_keyed(void **state)
{
	(void)state;
	static const size_t sizes[] = {0, 1, 2, 255, 256, 5000};
	static const uint64_t mask[] = {3, 0xFF00FF00, UINT64_MAX};
	for (size_t x = 0; x < 6; x++)
		for (size_t m = 0; m < 3; m++) {
			size_t n = sizes[x];
			wt_keyed *v = malloc((2 * n + 1) * sizeof *v);
			wt_keyed *w = malloc((n + 1) * sizeof *w);
			assert_true(v && w);
			for (size_t i = 0; i < n; i++)
				v[i] = w[i] = (wt_keyed){rnd() & mask[m], (uint32_t)i};
			qsort(w, n, sizeof *w, cmp_keyed);
			wt_sort_keyed(v, v + n, n);
			for (size_t i = 0; i < n; i++)
				assert_true(v[i].key == w[i].key && v[i].val == w[i].val);
			free(v);
			free(w);
		}
}

static void *bump(void *arg)
{
	int *x = arg;
	(*x)++;
	return NULL;
}

static void common__run_each(void **state)
{
	(void)state;
	int hit[64];
	for (size_t n = 0; n <= 64; n++) {
		memset(hit, 0, sizeof hit);
		wt_run_each(bump, hit, sizeof *hit, n);
		for (size_t i = 0; i < 64; i++)
			assert_int_equal(hit[i], i < n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(common__merges),
		cmocka_unit_test(common__run_each),
		cmocka_unit_test(common__sort_keyed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
