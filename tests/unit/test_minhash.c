/* minhash: known-answer vectors pin signature layout v1; the estimator is
 * unbiased with the binomial spread J(1-J)/K, on synthetic sets and on
 * real article pairs from corpus/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wiretrace.h"
#define XXH_INLINE_ALL
#include <xxhash.h>

static uint64_t elem(uint64_t i)
{
	return XXH3_64bits(&i, sizeof i);
}

static double estimate(const uint32_t *a, const uint32_t *b, unsigned k)
{
	unsigned eq = 0;
	for (unsigned i = 0; i < k; i++)
		eq += a[i] == b[i];
	return (double)eq / k;
}

/* Changing these values changes every stored signature: bump
 * WT_SIG_VERSION and say so in the commit. */
static void minhash__known_answers(void **state)
{
	(void)state;
	uint64_t set[100];
	for (uint64_t i = 0; i < 100; i++)
		set[i] = elem(i);
	wt_minhash m;
	uint32_t sig[128];
	assert_int_equal(wt_minhash_init(&m, 128, 0), WT_OK);
	wt_minhash_sign(&m, set, 100, sig);
	static const uint32_t want0[4] = {0x02da63eau, 0x0285aaf6u, 0x02ce0938u,
					  0x00212b0cu};
	for (int i = 0; i < 4; i++)
		assert_int_equal(sig[i], want0[i]);
	assert_true(XXH3_64bits(sig, sizeof sig) == 0x0d3bfdf7e8160de1ull);
	wt_minhash_release(&m);
	assert_int_equal(wt_minhash_init(&m, 128, 42), WT_OK);
	wt_minhash_sign(&m, set, 100, sig);
	assert_int_equal(sig[0], 0x027b99e3u);
	assert_true(XXH3_64bits(sig, sizeof sig) == 0x2c0c6596c35dc20dull);
	wt_minhash_release(&m);
}

static void minhash__args(void **state)
{
	(void)state;
	wt_minhash m;
	assert_int_equal(wt_minhash_init(&m, 0, 1), WT_E_ARG);
	assert_int_equal(wt_minhash_init(&m, WT_PERM_MAX + 1, 1), WT_E_ARG);
	assert_int_equal(wt_minhash_init(&m, 7, 1), WT_OK); /* not a multiple of 16 */
	uint64_t s[3] = {elem(1), elem(2), elem(3)}, r[3] = {s[2], s[0], s[1]};
	uint32_t a[7], b[7];
	wt_minhash_sign(&m, s, 3, a);
	wt_minhash_sign(&m, r, 3, b); /* order does not matter */
	assert_memory_equal(a, b, sizeof a);
	wt_minhash_release(&m);
}

/* A and B over a universe of u elements sharing inter of them. */
static void make_pair(uint64_t base, size_t u, size_t inter, uint64_t *a,
		      size_t *na, uint64_t *b, size_t *nb)
{
	size_t only = (u - inter) / 2;
	*na = *nb = 0;
	for (size_t i = 0; i < inter; i++)
		a[(*na)++] = b[(*nb)++] = elem(base + i);
	for (size_t i = 0; i < only; i++) {
		a[(*na)++] = elem(base + inter + i);
		b[(*nb)++] = elem(base + inter + only + i);
	}
}

static void minhash__unbiased_synthetic(void **state)
{
	(void)state;
	enum { K = 128, T = 300, U = 1000 };
	static uint64_t a[U], b[U];
	uint32_t sa[K], sb[K];
	for (int step = 1; step <= 9; step += 2) {
		double j = step / 10.0;
		size_t na, nb;
		double sum = 0, sum2 = 0;
		for (int t = 0; t < T; t++) {
			wt_minhash m;
			assert_int_equal(wt_minhash_init(&m, K, (uint64_t)t), WT_OK);
			make_pair((uint64_t)t << 32, U, (size_t)(j * U), a, &na, b, &nb);
			wt_minhash_sign(&m, a, na, sa);
			wt_minhash_sign(&m, b, nb, sb);
			double e = estimate(sa, sb, K) - j;
			sum += e;
			sum2 += e * e;
			wt_minhash_release(&m);
		}
		double mean = sum / T, var = sum2 / T - mean * mean;
		double theory = j * (1 - j) / K;
		printf("J=%.1f mean error %+.5f, variance %.6f (theory %.6f)\n", j,
		       mean, var, theory);
		assert_true(fabs(mean) < 4 * sqrt(theory / T));
		assert_true(var > 0.7 * theory && var < 1.3 * theory);
	}
}

/* Real article pairs of corpus/: every pair with exact J >= 0.05. Pairs in
 * one cluster share documents, so their errors correlate within a seed:
 * the test is across S independent seeds (a t-test on per-seed means). */
static void minhash__unbiased_real(void **state)
{
	(void)state;
	enum { K = 128, S = 30, MAXD = 512 };
	wt_read_opts ro;
	wt_read_opts_default(&ro);
	wt_reader *r;
	assert_int_equal(wt_reader_open("corpus/saudinewsnet-sample.jsonl", &ro, &r),
			 WT_OK);
	wt_norm nz;
	wt_shingles sh;
	wt_norm_init(&nz);
	wt_shingles_init(&sh);
	uint64_t *set[MAXD];
	size_t n[MAXD], nd = 0;
	for (;;) {
		wt_doc d;
		int done;
		assert_int_equal(wt_reader_next(r, &d, &done), WT_OK);
		if (done)
			break;
		assert_true(nd < MAXD);
		assert_int_equal(wt_norm_text(&nz, d.f[WT_F_TEXT].p, d.f[WT_F_TEXT].n),
				 WT_OK);
		assert_int_equal(wt_shingle(&sh, &nz, 5), WT_OK);
		if (!sh.nset)
			continue;
		set[nd] = malloc(sh.nset * 8);
		memcpy(set[nd], sh.set, sh.nset * 8);
		n[nd++] = sh.nset;
	}
	typedef struct { uint16_t i, j; double jac; } rp;
	rp *pairs = malloc(MAXD * MAXD / 2 * sizeof *pairs);
	size_t np = 0;
	for (size_t i = 0; i < nd; i++)
		for (size_t j = i + 1; j < nd; j++) {
			wt_sim s = wt_verify_sets(set[i], n[i], set[j], n[j]);
			if (s.jaccard >= 0.05)
				pairs[np++] = (rp){(uint16_t)i, (uint16_t)j, s.jaccard};
		}
	assert_true(np > 300);
	uint32_t (*sig)[K] = malloc(MAXD * sizeof *sig);
	double m_sum = 0, m_sum2 = 0, z2 = 0;
	for (uint64_t seed = 0; seed < S; seed++) {
		wt_minhash m;
		assert_int_equal(wt_minhash_init(&m, K, seed), WT_OK);
		for (size_t i = 0; i < nd; i++)
			wt_minhash_sign(&m, set[i], n[i], sig[i]);
		double e_sum = 0;
		for (size_t p = 0; p < np; p++) {
			double e = estimate(sig[pairs[p].i], sig[pairs[p].j], K) - pairs[p].jac;
			double v = pairs[p].jac * (1 - pairs[p].jac) / K;
			e_sum += e;
			if (v > 0)
				z2 += e * e / v;
		}
		m_sum += e_sum / np;
		m_sum2 += (e_sum / np) * (e_sum / np);
		wt_minhash_release(&m);
	}
	double mean = m_sum / S, sd = sqrt(m_sum2 / S - mean * mean);
	printf("%zu real pairs x %d seeds: mean error %+.5f (sd of seed means "
	       "%.5f), mean z^2 %.3f\n", np, S, mean, sd, z2 / (np * S));
	assert_true(fabs(mean) < 4 * sd / sqrt(S));
	assert_true(z2 / (np * S) > 0.8 && z2 / (np * S) < 1.2);
	for (size_t i = 0; i < nd; i++)
		free(set[i]);
	free(sig);
	free(pairs);
	wt_norm_release(&nz);
	wt_shingles_release(&sh);
	wt_reader_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(minhash__known_answers),
		cmocka_unit_test(minhash__args),
		cmocka_unit_test(minhash__unbiased_synthetic),
		cmocka_unit_test(minhash__unbiased_real),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
