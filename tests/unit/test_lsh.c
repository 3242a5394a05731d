/* lsh: the chosen shape reaches the recall target at the threshold; the
 * measured candidate rate of pairs with known Jaccard matches
 * 1-(1-s^r)^b; the band join finds exactly the colliding pairs and stays
 * linear in an over-full bucket. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "wiretrace.h"
#define XXH_INLINE_ALL
#include <xxhash.h>

static void lsh__choose(void **state)
{
	(void)state;
	wt_lsh_shape sh;
	assert_int_equal(wt_lsh_choose(0.5, 128, &sh), WT_OK);
	assert_int_equal(sh.bands, 42);
	assert_int_equal(sh.rows, 3);
	for (int t = 1; t <= 10; t++) {
		double thr = t / 10.0;
		assert_int_equal(wt_lsh_choose(thr, 128, &sh), WT_OK);
		assert_true(sh.bands * sh.rows <= 128);
		assert_true(wt_lsh_prob(thr, sh) >= WT_LSH_RECALL);
		/* one more row would miss the target: r is the largest */
		wt_lsh_shape more = {128 / (sh.rows + 1), sh.rows + 1};
		if (more.bands)
			assert_true(wt_lsh_prob(thr, more) < WT_LSH_RECALL);
	}
	assert_int_equal(wt_lsh_choose(0, 128, &sh), WT_E_ARG);
	assert_int_equal(wt_lsh_choose(1.5, 128, &sh), WT_E_ARG);
	assert_int_equal(wt_lsh_choose(0.1, 1, &sh), WT_E_ARG);
}

static uint64_t elem(uint64_t i)
{
	return XXH3_64bits(&i, sizeof i);
}

/* Fixed seeds; for each s, T pairs of Jaccard exactly s under fresh MinHash
 * parameters: the share of pairs colliding in a band is within 4 binomial
 * standard deviations of P(s). */
static void lsh__candidate_rate(void **state)
{
	(void)state;
	enum { K = 128, T = 300, U = 600 };
	static uint64_t a[U], b[U];
	uint32_t sa[K], sb[K];
	uint64_t ka[K], kb[K];
	wt_lsh_shape sh;
	assert_int_equal(wt_lsh_choose(0.5, K, &sh), WT_OK);
	for (int step = 1; step <= 9; step++) {
		double s = step / 10.0, p = wt_lsh_prob(s, sh);
		size_t inter = (size_t)(s * U + 0.5), only = (U - inter) / 2;
		int hits = 0;
		for (int t = 0; t < T; t++) {
			wt_minhash m;
			assert_int_equal(wt_minhash_init(&m, K, 1000 + (uint64_t)t), WT_OK);
			uint64_t base = (uint64_t)(step * T + t) << 32;
			size_t n = 0;
			for (size_t i = 0; i < inter; i++, n++)
				a[n] = b[n] = elem(base + i);
			for (size_t i = 0; i < only; i++, n++) {
				a[n] = elem(base + inter + i);
				b[n] = elem(base + inter + only + i);
			}
			wt_minhash_sign(&m, a, n, sa);
			wt_minhash_sign(&m, b, n, sb);
			wt_lsh_band_keys(sa, sh, 7, ka);
			wt_lsh_band_keys(sb, sh, 7, kb);
			int hit = 0;
			for (unsigned k = 0; k < sh.bands; k++)
				hit |= ka[k] == kb[k];
			hits += hit;
			wt_minhash_release(&m);
		}
		double rate = (double)hits / T;
		double sd = sqrt(p * (1 - p) / T) + 1.0 / T;
		printf("s=%.1f candidate rate %.3f, P(s) %.3f\n", s, rate, p);
		assert_true(fabs(rate - p) <= 4 * sd);
	}
}

/* Brute force: pairs sharing any band key, on 1 to 5 threads (bands split
 * among them; a pair from bands of two threads counts once). */
static void lsh__join_exact(void **state)
{
	(void)state;
	enum { N = 5000, B = 4 };
	wt_lsh_shape sh = {B, 1};
	uint64_t *keys = malloc(N * B * sizeof *keys);
	uint32_t *docs = malloc(N * sizeof *docs);
	assert_true(keys && docs);
	srand(3);
	for (int i = 0; i < N; i++) {
		docs[i] = (uint32_t)(i * 3 + 1); /* document numbers need not be dense */
		for (int b = 0; b < B; b++)
			keys[i * B + b] = (uint64_t)(rand() % 600) * 1000 + (uint64_t)b;
	}
	for (unsigned threads = 1; threads <= 5; threads += 2) {
		uint64_t *out;
		size_t nout;
		wt_lsh_stats st = {0};
		assert_int_equal(wt_lsh_candidates(keys, docs, N, sh, 1000, threads,
						   &out, &nout, &st),
				 WT_OK);
		size_t want = 0, k = 0, raw = 0;
		for (int i = 0; i < N; i++)
			for (int j = i + 1; j < N; j++) {
				int hit = 0;
				for (int b = 0; b < B; b++) {
					hit |= keys[i * B + b] == keys[j * B + b];
					raw += keys[i * B + b] == keys[j * B + b];
				}
				if (!hit)
					continue;
				want++;
				uint64_t p = (uint64_t)docs[i] << 32 | docs[j];
				while (k < nout && out[k] < p)
					k++;
				assert_true(k < nout && out[k] == p);
			}
		assert_int_equal(nout, want);
		for (size_t i = 1; i < nout; i++)
			assert_true(out[i - 1] < out[i]);
		assert_int_equal(st.buckets_truncated, 0);
		assert_int_equal(st.raw_candidates, raw);
		free(out);
	}
	free(keys);
	free(docs);
}

/* Every document in one bucket: pairs grow as N * cap, not N^2. */
static void lsh__bucket_cap(void **state)
{
	(void)state;
	enum { N = 5000, CAP = 10 };
	wt_lsh_shape sh = {2, 1};
	uint64_t *keys = calloc(N * 2, sizeof *keys);
	uint32_t *docs = malloc(N * sizeof *docs);
	for (uint32_t i = 0; i < N; i++)
		docs[i] = i;
	uint64_t *out;
	size_t nout;
	wt_lsh_stats st = {0};
	assert_int_equal(wt_lsh_candidates(keys, docs, N, sh, CAP, 2, &out, &nout, &st),
			 WT_OK);
	/* each document pairs with its CAP predecessors */
	assert_int_equal(nout, (size_t)CAP * (CAP - 1) / 2 + (size_t)(N - CAP) * CAP);
	assert_int_equal(st.buckets_truncated, 2);
	assert_true(st.raw_candidates <= 2ull * N * CAP);
	free(out);
	free(keys);
	free(docs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lsh__choose),
		cmocka_unit_test(lsh__candidate_rate),
		cmocka_unit_test(lsh__join_exact),
		cmocka_unit_test(lsh__bucket_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
