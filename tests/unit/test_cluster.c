/* test_cluster: union-find against a naive labelling, and wt_clusters_build
 * (singletons out, members and clusters in `order` order, independent of
 * the order in which unions were made). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cluster.h"

#define RNG_SEED 0x243F6A8885A308D3ull
#include "rng.h"

typedef struct {
	uint32_t a, b;
} edge;

/* Naive labelling: label[i] = smallest element of i's component. */
static void naive_labels(size_t n, const edge *e, size_t ne, uint32_t *label)
{
	for (size_t i = 0; i < n; i++)
		label[i] = (uint32_t)i;
	for (size_t k = 0; k < ne; k++) {
		uint32_t la = label[e[k].a], lb = label[e[k].b];
		if (la == lb)
			continue;
		uint32_t to = la < lb ? la : lb, from = la < lb ? lb : la;
		for (size_t i = 0; i < n; i++)
			if (label[i] == from)
				label[i] = to;
	}
}

static void shuffle_u32(uint32_t *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd_below((uint32_t)i);
		uint32_t t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void shuffle_edges(edge *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd_below((uint32_t)i);
		edge t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void random_edges(edge *e, size_t ne, uint32_t n)
{
	for (size_t k = 0; k < ne; k++) {
		e[k].a = rnd_below(n);
		e[k].b = rnd_below(n);
		if (rnd() % 2) { /* also make some unions with flipped arguments */
			uint32_t t = e[k].a;
			e[k].a = e[k].b;
			e[k].b = t;
		}
	}
}

static void cluster__uf_singletons(void **state)
{
	(void)state;
	wt_uf u;
	assert_int_equal(wt_uf_init(&u, 10), WT_OK);
	assert_int_equal(u.n, 10);
	for (uint32_t i = 0; i < 10; i++)
		assert_int_equal(wt_uf_find(&u, i), i);
	wt_uf_union(&u, 3, 7);
	assert_int_equal(wt_uf_find(&u, 3), wt_uf_find(&u, 7));
	assert_int_not_equal(wt_uf_find(&u, 3), wt_uf_find(&u, 4));
	wt_uf_union(&u, 7, 3); /* already joined: no change */
	wt_uf_union(&u, 5, 5);
	uint32_t r = wt_uf_find(&u, 3);
	assert_int_equal(u.size[r], 2);
	assert_int_equal(u.size[wt_uf_find(&u, 5)], 1);
	wt_uf_release(&u);
	assert_null(u.parent);
}

static void cluster__uf_random_vs_naive(void **state)
{
	(void)state;
	for (int iter = 0; iter < 200; iter++) {
		uint32_t n = 1 + rnd_below(150);
		size_t ne = rnd_below(2 * n + 1);
		edge *e = malloc((ne ? ne : 1) * sizeof *e);
		uint32_t *label = malloc(n * sizeof *label);
		assert_non_null(e);
		assert_non_null(label);
		random_edges(e, ne, n);
		naive_labels(n, e, ne, label);
		wt_uf u;
		assert_int_equal(wt_uf_init(&u, n), WT_OK);
		for (size_t k = 0; k < ne; k++)
			wt_uf_union(&u, e[k].a, e[k].b);
		for (uint32_t x = 0; x < n; x++) {
			uint32_t rx = wt_uf_find(&u, x);
			assert_true(rx < n);
			/* a root is its own root */
			assert_int_equal(wt_uf_find(&u, rx), rx);
			size_t comp = 0;
			for (uint32_t y = 0; y < n; y++) {
				int same_uf = wt_uf_find(&u, y) == rx;
				int same_naive = label[y] == label[x];
				if (same_uf != same_naive)
					fail_msg("n=%u: %u and %u: uf says %d, naive %d", n,
						 x, y, same_uf, same_naive);
				comp += same_naive;
			}
			assert_int_equal(u.size[rx], comp);
		}
		wt_uf_release(&u);
		free(e);
		free(label);
	}
}

/* The clusters naive labels imply: components of >= 2 elements, each
 * listed in `order` order, ordered by their first element in `order`. */
static void naive_clusters(size_t n, const uint32_t *label,
			   const uint32_t *order, uint32_t *member,
			   size_t *nmember, size_t *start, size_t *ncluster)
{
	size_t *count = calloc(n ? n : 1, sizeof *count);
	char *done = calloc(n ? n : 1, 1);
	assert_non_null(count);
	assert_non_null(done);
	for (size_t i = 0; i < n; i++)
		count[label[i]]++;
	size_t m = 0, c = 0;
	for (size_t r = 0; r < n; r++) {
		uint32_t l = label[order[r]];
		if (count[l] < 2 || done[l])
			continue;
		done[l] = 1;
		start[c++] = m;
		for (size_t r2 = r; r2 < n; r2++)
			if (label[order[r2]] == l)
				member[m++] = order[r2];
	}
	start[c] = m;
	*nmember = m;
	*ncluster = c;
	free(count);
	free(done);
}

static void check_clusters(const wt_clusters *c, const uint32_t *member,
			   size_t nmember, const size_t *start, size_t ncluster)
{
	assert_int_equal(c->ncluster, ncluster);
	assert_int_equal(c->nmember, nmember);
	for (size_t k = 0; k <= ncluster; k++)
		assert_int_equal(c->start[k], start[k]);
	for (size_t i = 0; i < nmember; i++)
		assert_int_equal(c->member[i], member[i]);
}

static void cluster__build_small(void **state)
{
	(void)state;
	/* 8 elements; output order is 7 6 5 4 3 2 1 0 (e.g. ids descending) */
	const uint32_t order[8] = {7, 6, 5, 4, 3, 2, 1, 0};
	wt_uf u;
	assert_int_equal(wt_uf_init(&u, 8), WT_OK);
	wt_uf_union(&u, 0, 5);
	wt_uf_union(&u, 5, 2);
	wt_uf_union(&u, 1, 3);
	/* 4, 6, 7 are singletons */
	wt_clusters c;
	assert_int_equal(wt_clusters_build(&u, order, &c), WT_OK);
	/* {0,2,5} first appears (in order) at 5, {1,3} at 3: so 5 2 0 | 3 1 */
	const uint32_t want[] = {5, 2, 0, 3, 1};
	const size_t want_start[] = {0, 3, 5};
	check_clusters(&c, want, 5, want_start, 2);
	wt_clusters_release(&c);
	assert_null(c.member);
	wt_uf_release(&u);
}

static void cluster__build_all_singletons(void **state)
{
	(void)state;
	const uint32_t order[4] = {0, 1, 2, 3};
	wt_uf u;
	assert_int_equal(wt_uf_init(&u, 4), WT_OK);
	wt_clusters c;
	assert_int_equal(wt_clusters_build(&u, order, &c), WT_OK);
	assert_int_equal(c.ncluster, 0);
	assert_int_equal(c.nmember, 0);
	assert_non_null(c.start);
	assert_int_equal(c.start[0], 0);
	wt_clusters_release(&c);
	wt_uf_release(&u);

	/* and no elements at all */
	assert_int_equal(wt_uf_init(&u, 0), WT_OK);
	assert_int_equal(wt_clusters_build(&u, order, &c), WT_OK);
	assert_int_equal(c.ncluster, 0);
	wt_clusters_release(&c);
	wt_uf_release(&u);
}

static void cluster__build_random_vs_naive(void **state)
{
	(void)state;
	for (int iter = 0; iter < 200; iter++) {
		uint32_t n = 1 + rnd_below(300);
		/* sparse edges so that singletons, pairs and larger groups mix */
		size_t ne = rnd_below(n);
		edge *e = malloc((ne ? ne : 1) * sizeof *e);
		uint32_t *label = malloc(n * sizeof *label);
		uint32_t *order = malloc(n * sizeof *order);
		uint32_t *member = malloc(n * sizeof *member);
		size_t *start = malloc((n + 1) * sizeof *start);
		assert_true(e && label && order && member && start);
		random_edges(e, ne, n);
		naive_labels(n, e, ne, label);
		for (uint32_t i = 0; i < n; i++)
			order[i] = i;
		shuffle_u32(order, n);
		size_t nmember, ncluster;
		naive_clusters(n, label, order, member, &nmember, start, &ncluster);

		wt_clusters first = {0};
		for (int round = 0; round < 4; round++) {
			/* the same unions in another order, with flipped arguments */
			if (round) {
				shuffle_edges(e, ne);
				for (size_t k = 0; k < ne; k++)
					if (rnd() % 2) {
						uint32_t t = e[k].a;
						e[k].a = e[k].b;
						e[k].b = t;
					}
			}
			wt_uf u;
			assert_int_equal(wt_uf_init(&u, n), WT_OK);
			for (size_t k = 0; k < ne; k++)
				wt_uf_union(&u, e[k].a, e[k].b);
			wt_clusters c;
			assert_int_equal(wt_clusters_build(&u, order, &c), WT_OK);
			check_clusters(&c, member, nmember, start, ncluster);
			/* no singleton is listed */
			for (size_t k = 0; k < c.ncluster; k++)
				assert_true(c.start[k + 1] - c.start[k] >= 2);
			if (!round) {
				first = c;
			} else {
				assert_int_equal(c.nmember, first.nmember);
				assert_memory_equal(c.member, first.member,
						    c.nmember * sizeof *c.member);
				wt_clusters_release(&c);
			}
			wt_uf_release(&u);
		}
		wt_clusters_release(&first);
		free(e);
		free(label);
		free(order);
		free(member);
		free(start);
	}
}

/* Order independence on one fixed example where union-by-size would pick
 * different roots for different union orders. */
static void cluster__union_order_independent(void **state)
{
	(void)state;
	enum { N = 12 };
	edge e[] = {{0, 1}, {2, 3}, {1, 3}, {4, 5}, {6, 7}, {7, 8}, {8, 4}, {10, 11}};
	const size_t ne = sizeof e / sizeof *e;
	uint32_t order[N] = {11, 3, 0, 9, 8, 1, 2, 7, 6, 5, 4, 10};
	wt_clusters ref = {0};
	for (int round = 0; round < 50; round++) {
		if (round)
			shuffle_edges(e, ne);
		wt_uf u;
		assert_int_equal(wt_uf_init(&u, N), WT_OK);
		for (size_t k = 0; k < ne; k++)
			wt_uf_union(&u, e[k].a, e[k].b);
		wt_clusters c;
		assert_int_equal(wt_clusters_build(&u, order, &c), WT_OK);
		if (!round) {
			/* {10,11} at 11 (rank 0), {0..3} at 3, {4..8} at 8 */
			const uint32_t want[] = {11, 10, 3, 0, 1, 2, 8, 7, 6, 5, 4};
			const size_t want_start[] = {0, 2, 6, 11};
			check_clusters(&c, want, 11, want_start, 3);
			ref = c;
		} else {
			check_clusters(&c, ref.member, ref.nmember, ref.start,
				       ref.ncluster);
			wt_clusters_release(&c);
		}
		wt_uf_release(&u);
	}
	wt_clusters_release(&ref);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cluster__uf_singletons),
		cmocka_unit_test(cluster__uf_random_vs_naive),
		cmocka_unit_test(cluster__build_small),
		cmocka_unit_test(cluster__build_all_singletons),
		cmocka_unit_test(cluster__build_random_vs_naive),
		cmocka_unit_test(cluster__union_order_independent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
