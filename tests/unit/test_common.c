/* common: the two merges of sorted keys against sort-and-unique of the
 * concatenation (sizes 0..300, few or many repeats, one side empty),
 * wt_run_each calling fn once on each argument, the keyed sort against
 * qsort by (key, value), and wt_sort_u64 against qsort over sizes around
 * its switches and key shapes that steer it to each path. */
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

/* Fill v[0..n) in one of several shapes. */
static void fill(uint64_t *v, size_t n, int shape)
{
	for (size_t i = 0; i < n; i++) {
		switch (shape) {
		case 0: v[i] = rnd(); break;                  /* full range */
		case 1: v[i] = rnd() % 16; break;             /* many duplicates */
		case 2: /* extremes mixed in */
			switch (rnd() % 4) {
			case 0: v[i] = 0; break;
			case 1: v[i] = UINT64_MAX; break;
			case 2: v[i] = UINT64_MAX - rnd() % 3; break;
			default: v[i] = rnd(); break;
			}
			break;
		case 3: v[i] = (uint64_t)(n - i) << 40; break; /* descending */
		case 4: v[i] = rnd() << 56 | rnd() % 256; break; /* top+bottom bytes */
		case 5: /* alignment seeds: two positions */
			v[i] = rnd() % (n + 1) << 32 | rnd() % (n + 1);
			break;
		case 6: v[i] = rnd() % 2 ? rnd() : 7; break; /* half one bucket */
		case 7: v[i] = rnd() % 5000; break;           /* few varying bits */
		default: v[i] = 42; break;                    /* all equal */
		}
	}
}

static void common__sort_u64_vs_qsort(void **state)
{
	(void)state;
	static const size_t sizes[] = {0,    1,    2,    63,   64,    65,    127,
				       128,  1000, 4095, 4096, 8191,  8192,  8193,
				       65536, 65537, 100000};
	for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
		size_t n = sizes[si];
		uint64_t *v = malloc((n ? n : 1) * sizeof *v);
		uint64_t *w = malloc((n ? n : 1) * sizeof *w);
		uint64_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
		assert_true(v && w && tmp);
		for (int shape = 0; shape < 9; shape++) {
			fill(v, n, shape);
			if (n)
				memcpy(w, v, n * sizeof *v);
			qsort(w, n, sizeof *w, cmp_u64);
			wt_sort_u64(v, tmp, n);
			for (size_t i = 0; i < n; i++)
				if (v[i] != w[i])
					fail_msg("n=%zu shape=%d: v[%zu] = %llu, want %llu",
						 n, shape, i, (unsigned long long)v[i],
						 (unsigned long long)w[i]);
		}
		free(v);
		free(w);
		free(tmp);
	}
}

static void common__sort_u64_small_known(void **state)
{
	(void)state;
	uint64_t v[] = {UINT64_MAX, 0, 5, UINT64_MAX, 1ull << 63, 5, 0, 1};
	const uint64_t want[] = {0, 0, 1, 5, 5, 1ull << 63, UINT64_MAX, UINT64_MAX};
	uint64_t tmp[8];
	wt_sort_u64(v, tmp, 8);
	assert_memory_equal(v, want, sizeof want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(common__merges),
		cmocka_unit_test(common__run_each),
		cmocka_unit_test(common__sort_keyed),
		cmocka_unit_test(common__sort_u64_vs_qsort),
		cmocka_unit_test(common__sort_u64_small_known),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
