/* test_passage: winnowing against its brute-force definition, the
 * guarantee that a shared run of min_words words yields a common
 * fingerprint (a property test over thousands of random document pairs),
 * and the posting join against brute force: df cap, stop-fingerprints,
 * repeated postings, sorted unique output, the compaction path; the
 * fingerprint sort against qsort by (hash, pos), on both of its paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "passage.h"

#define RNG_SEED 0x9E3779B97F4A7C15ull
#include "rng.h"

/* The definition: every window of w (the whole sequence when shorter)
 * selects the position of its minimum, the rightmost on ties; the
 * fingerprints are the selected positions, each once, in order. */
static size_t winnow_brute(const uint64_t *seq, size_t n, unsigned w,
			   wt_fp *out)
{
	if (!n)
		return 0;
	size_t win = w < n ? w : n, k = 0;
	char *sel = calloc(n, 1);
	assert_non_null(sel);
	for (size_t s = 0; s + win <= n; s++) {
		size_t m = s;
		for (size_t i = s; i < s + win; i++)
			if (seq[i] <= seq[m])
				m = i;
		sel[m] = 1;
	}
	for (size_t i = 0; i < n; i++)
		if (sel[i])
			out[k++] = (wt_fp){(uint32_t)seq[i], (uint32_t)i};
	free(sel);
	return k;
}

static void check_winnow(const uint64_t *seq, size_t n, unsigned w)
{
	wt_fp got[256], want[256];
	assert_true(n <= 256);
	size_t ng = wt_winnow(seq, n, w, got);
	size_t nw = winnow_brute(seq, n, w, want);
	if (ng != nw)
		fail_msg("n=%zu w=%u: %zu fingerprints, brute force %zu", n, w, ng,
			 nw);
	for (size_t i = 0; i < ng; i++) {
		if (got[i].pos != want[i].pos || got[i].hash != want[i].hash)
			fail_msg("n=%zu w=%u: fingerprint %zu at %u, brute force %u",
				 n, w, i, got[i].pos, want[i].pos);
	}
}

static void passage__window(void **state)
{
	(void)state;
	assert_int_equal(wt_winnow_window(15, 5), 11);
	assert_int_equal(wt_winnow_window(5, 5), 1);
	assert_int_equal(wt_winnow_window(6, 1), 6);
	assert_int_equal(wt_winnow_window(3, 5), 1); /* below n: every shingle */
}

static void passage__winnow_fixed(void **state)
{
	(void)state;
	wt_fp out[16];
	/* ties: the rightmost minimum of each window */
	const uint64_t same[6] = {7, 7, 7, 7, 7, 7};
	size_t n = wt_winnow(same, 6, 3, out);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(out[i].pos, i + 2);
	/* shorter than the window: its minimum, once */
	const uint64_t s3[3] = {5, 1, 1};
	assert_int_equal(wt_winnow(s3, 3, 11, out), 1);
	assert_int_equal(out[0].pos, 2);
	assert_int_equal(out[0].hash, 1);
	/* w = 1: every position */
	const uint64_t s4[4] = {4, 3, 3, 9};
	assert_int_equal(wt_winnow(s4, 4, 1, out), 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(out[i].pos, i);
	assert_int_equal(wt_winnow(s4, 0, 3, out), 0);
	/* the textbook example shape: a minimum persists across windows */
	const uint64_t s8[8] = {77, 74, 42, 17, 98, 50, 17, 98};
	n = wt_winnow(s8, 8, 4, out);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].pos, 3);
	assert_int_equal(out[1].pos, 6);
}

static void passage__winnow_brute(void **state)
{
	(void)state;
	uint64_t seq[256];
	for (int t = 0; t < 20000; t++) {
		size_t n = rnd_below(t < 2000 ? 16 : 200);
		unsigned w = 1 + (unsigned)rnd_below(t % 3 ? 24 : 4);
		/* small alphabets make ties; full 64-bit values none */
		uint64_t alpha = t % 4 == 0 ? 2 : t % 4 == 1 ? 5 : t % 4 == 2 ? 1000 : 0;
		for (size_t i = 0; i < n; i++)
			seq[i] = alpha ? rnd() % alpha : rnd();
		check_winnow(seq, n, w);
	}
	/* sorted runs: the minimum leaves every window at once */
	for (size_t n = 1; n < 100; n++) {
		for (size_t i = 0; i < n; i++)
			seq[i] = n - i;
		check_winnow(seq, n, 7);
		for (size_t i = 0; i < n; i++)
			seq[i] = i;
		check_winnow(seq, n, 7);
	}
}

/* Shingle hashes of tok[0..n) the way shingle.c lays them out: XXH3-64 of
 * the width token hashes, little-endian (the host order on our targets). */
static size_t shingle_seq(const uint64_t *tok, size_t n, unsigned width,
			  uint64_t *seq)
{
	if (n < width)
		return 0;
	for (size_t i = 0; i + width <= n; i++)
		seq[i] = XXH3_64bits(&tok[i], (size_t)width * 8);
	return n - width + 1;
}

/* Random text of n words into tok, from a vocabulary of vocab words
 * (0: every word fresh). */
static void random_words(uint64_t *tok, size_t n, uint64_t vocab)
{
	for (size_t i = 0; i < n; i++)
		tok[i] = vocab ? XXH3_64bits(&(uint64_t){rnd() % vocab}, 8) : rnd();
}

/* Does some fingerprint of a at pa + k equal one of b at pb + k, with
 * both inside the shared run of len words (k <= len - width)? */
static int common_inside(const wt_fp *fa, size_t na, const wt_fp *fb,
			 size_t nb, size_t pa, size_t pb, size_t len,
			 unsigned width)
{
	for (size_t i = 0; i < na; i++) {
		if (fa[i].pos < pa || fa[i].pos + width > pa + len)
			continue;
		size_t k = fa[i].pos - pa;
		for (size_t j = 0; j < nb; j++)
			if (fb[j].pos == pb + k && fb[j].hash == fa[i].hash)
				return 1;
	}
	return 0;
}

/* The guarantee: documents sharing a run of exactly min_words words,
 * anywhere in otherwise random text, select a common fingerprint inside
 * it, at the same offset in both, for any shingle width. */
static void passage__guarantee(void **state)
{
	(void)state;
	enum { MAXN = 400 };
	uint64_t a[MAXN], b[MAXN], run[64], sa[MAXN], sb[MAXN];
	wt_fp fa[MAXN], fb[MAXN];
	size_t trials = 0, short_miss = 0, short_trials = 0;
	for (int t = 0; t < 6000; t++) {
		unsigned width = t % 2 ? 5 : 1 + (unsigned)rnd_below(6);
		unsigned minw = t % 2 ? 15 : width + (unsigned)rnd_below(30);
		unsigned w = wt_winnow_window(minw, width);
		uint64_t vocab = t % 5 == 0 ? 3 : t % 5 == 1 ? 50 : 0;
		for (int shorter = 0; shorter < 2; shorter++) {
			size_t len = minw - (size_t)shorter;
			if (len < width)
				continue;
			size_t pre_a = rnd_below(120), post_a = rnd_below(120);
			size_t pre_b = rnd_below(120), post_b = rnd_below(120);
			random_words(run, len, vocab);
			random_words(a, pre_a, vocab);
			memcpy(a + pre_a, run, len * 8);
			random_words(a + pre_a + len, post_a, vocab);
			random_words(b, pre_b, vocab);
			memcpy(b + pre_b, run, len * 8);
			random_words(b + pre_b + len, post_b, vocab);
			size_t ns_a = shingle_seq(a, pre_a + len + post_a, width, sa);
			size_t ns_b = shingle_seq(b, pre_b + len + post_b, width, sb);
			size_t na = wt_winnow(sa, ns_a, w, fa);
			size_t nb = wt_winnow(sb, ns_b, w, fb);
			int hit = common_inside(fa, na, fb, nb, pre_a, pre_b, len, width);
			if (!shorter) {
				trials++;
				if (!hit)
					fail_msg("trial %d: shared run of %u words (shingle %u, "
						 "window %u) at %zu / %zu has no common fingerprint",
						 t, minw, width, w, pre_a, pre_b);
			} else {
				short_trials++;
				short_miss += !hit;
			}
		}
	}
	printf("guarantee: %zu runs of min_words, all found; runs of min_words-1 "
	       "missed %zu of %zu (allowed)\n",
	       trials, short_miss, short_trials);
	assert_true(trials >= 5000);
}

/* ---- candidates ---- */

static uint64_t post_of(uint32_t key, uint32_t doc)
{
	return (uint64_t)key << 32 | doc;
}

typedef struct {
	uint64_t *pairs;
	size_t n;
	wt_passage_stats st;
} brute_out;

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return (a > b) - (a < b);
}

static size_t sort_unique(uint64_t *v, size_t n)
{
	qsort(v, n, 8, cmp_u64);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/* Brute force: distinct (key, doc) entries; per key its documents; pairs
 * from keys with 2 <= df <= cap; stop keys counted. */
static brute_out candidates_brute(const uint64_t *post, size_t n, size_t cap)
{
	brute_out r = {0};
	uint64_t *p = malloc((n ? n : 1) * 8);
	assert_non_null(p);
	memcpy(p, post, n * 8);
	size_t m = sort_unique(p, n);
	r.st.postings = m;
	size_t cap_pairs = 1024;
	r.pairs = malloc(cap_pairs * 8);
	for (size_t i = 0, j; i < m; i = j) {
		for (j = i; j < m && p[j] >> 32 == p[i] >> 32; j++)
			;
		size_t df = j - i;
		if (df > cap) {
			r.st.stop++;
			r.st.stop_postings += df;
			continue;
		}
		for (size_t x = i; x < j; x++)
			for (size_t y = x + 1; y < j; y++) {
				if (r.n == cap_pairs && cap_pairs >= ((size_t)1 << 20))
					r.n = sort_unique(r.pairs, r.n);
				if (r.n == cap_pairs)
					r.pairs = realloc(r.pairs, (cap_pairs *= 2) * 8);
				assert_non_null(r.pairs);
				uint32_t dx = (uint32_t)p[x], dy = (uint32_t)p[y];
				r.pairs[r.n++] = (uint64_t)(dx < dy ? dx : dy) << 32 |
						 (dx < dy ? dy : dx);
			}
	}
	r.n = sort_unique(r.pairs, r.n);
	free(p);
	return r;
}

/* Run the join on a copy of post, on 1 to 4 threads (large inputs are
 * split in shares of whole key groups), and compare with brute force. */
static void check_candidates(const uint64_t *post, size_t n, size_t cap)
{
	brute_out want = candidates_brute(post, n, cap);
	uint64_t *p = malloc((n ? n : 1) * 8), *pairs;
	assert_non_null(p);
	for (unsigned threads = 1; threads <= 4; threads++) {
		memcpy(p, post, n * 8);
		size_t np;
		wt_passage_stats st;
		assert_int_equal(wt_passage_candidates(p, n, cap, threads, &pairs,
						       &np, &st),
				 WT_OK);
		for (size_t i = 0; i < np; i++) {
			assert_true((uint32_t)(pairs[i] >> 32) < (uint32_t)pairs[i]);
			if (i)
				assert_true(pairs[i - 1] < pairs[i]); /* sorted, unique */
		}
		if (np != want.n)
			fail_msg("n=%zu cap=%zu threads=%u: %zu pairs, brute force %zu",
				 n, cap, threads, np, want.n);
		if (np)
			assert_memory_equal(pairs, want.pairs, np * 8);
		assert_int_equal(st.postings, want.st.postings);
		assert_int_equal(st.stop, want.st.stop);
		assert_int_equal(st.stop_postings, want.st.stop_postings);
		free(pairs);
	}
	free(want.pairs);
	free(p);
}

static void passage__candidates_fixed(void **state)
{
	(void)state;
	uint64_t *pairs;
	size_t np;
	wt_passage_stats st;
	/* nothing */
	uint64_t none[1];
	assert_int_equal(wt_passage_candidates(none, 0, 100, 1, &pairs, &np, &st),
			 WT_OK);
	assert_int_equal(np, 0);
	free(pairs);
	/* key 1: docs 3, 1 (doc 3 three times); key 2: doc 5 only, many
	 * times (df 1, not a stop); key 3: docs 1..4 > cap 3 (stop); key 4:
	 * docs 2, 4 */
	uint64_t post[] = {post_of(1, 3), post_of(2, 5), post_of(1, 3),
			   post_of(3, 1), post_of(3, 2), post_of(2, 5),
			   post_of(3, 3), post_of(1, 1), post_of(3, 4),
			   post_of(4, 4), post_of(1, 3), post_of(4, 2),
			   post_of(2, 5), post_of(2, 5), post_of(2, 5)};
	size_t n = sizeof post / sizeof *post;
	assert_int_equal(wt_passage_candidates(post, n, 3, 1, &pairs, &np, &st),
			 WT_OK);
	assert_int_equal(np, 2);
	assert_int_equal(pairs[0], (uint64_t)1 << 32 | 3);
	assert_int_equal(pairs[1], (uint64_t)2 << 32 | 4);
	assert_int_equal(st.postings, 2 + 1 + 4 + 2);
	assert_int_equal(st.stop, 1);
	assert_int_equal(st.stop_postings, 4);
	free(pairs);
	/* the same pair from many keys: once */
	uint64_t rep[40];
	for (uint32_t k = 0; k < 20; k++) {
		rep[2 * k] = post_of(k, 9);
		rep[2 * k + 1] = post_of(k, 7);
	}
	assert_int_equal(wt_passage_candidates(rep, 40, 2, 1, &pairs, &np, &st),
			 WT_OK);
	assert_int_equal(np, 1);
	assert_int_equal(pairs[0], (uint64_t)7 << 32 | 9);
	free(pairs);
	/* df exactly the cap is paired, one more is a stop */
	uint64_t edge[7];
	for (uint32_t d = 0; d < 3; d++)
		edge[d] = post_of(1, d);
	for (uint32_t d = 0; d < 4; d++)
		edge[3 + d] = post_of(2, 10 + d);
	assert_int_equal(wt_passage_candidates(edge, 7, 3, 1, &pairs, &np, &st),
			 WT_OK);
	assert_int_equal(np, 3);
	assert_int_equal(st.stop, 1);
	for (size_t i = 0; i < np; i++)
		assert_true(pairs[i] >> 32 < 3);
	free(pairs);
}

static void passage__candidates_brute(void **state)
{
	(void)state;
	uint64_t post[3000];
	for (int t = 0; t < 400; t++) {
		size_t n = rnd_below(t < 100 ? 40 : 3000);
		uint32_t keys = 1 + (uint32_t)rnd_below(t % 2 ? 20 : 500);
		uint32_t docs = 2 + (uint32_t)rnd_below(t % 3 ? 60 : 2000);
		size_t cap = 2 + rnd_below(t % 2 ? 5 : 150);
		for (size_t i = 0; i < n; i++) {
			/* keys use all 32 bits some of the time */
			uint32_t k = t % 4 ? (uint32_t)rnd_below(keys)
					   : (uint32_t)(rnd() >> 32) % keys * 0x9E3779B1u;
			post[i] = post_of(k, (uint32_t)rnd_below(docs));
			if (i && rnd_below(4) == 0) /* a repeated posting */
				post[i] = post[rnd_below(i)];
		}
		check_candidates(post, n, cap);
	}
}

/* Enough repeated pairs that the join compacts its list (over 4M
 * entries) several times; the result must not change. */
static void passage__candidates_compaction(void **state)
{
	(void)state;
	enum { KEYS = 2500, DF = 100, POOL = 300 };
	size_t n = (size_t)KEYS * DF;
	uint64_t *post = malloc(n * 8);
	assert_non_null(post);
	for (uint32_t k = 0; k < KEYS; k++) {
		/* DF distinct docs out of the pool: a random start, stride 1 */
		uint32_t s = (uint32_t)rnd_below(POOL);
		for (uint32_t d = 0; d < DF; d++)
			post[(size_t)k * DF + d] = post_of(k * 7919u, (s + d) % POOL);
	}
	/* a stop key over everything and a pair only it would give */
	check_candidates(post, n, DF);
	uint64_t *more = realloc(post, (n + DF + 1 + 2) * 8);
	assert_non_null(more);
	post = more;
	for (uint32_t d = 0; d <= DF; d++)
		post[n + d] = post_of(0xFFFFFFFFu, POOL + d);
	check_candidates(post, n + DF + 1, DF);
	/* cap below DF: every key is a stop, nothing pairs */
	uint64_t *pairs;
	size_t np;
	wt_passage_stats st;
	assert_int_equal(wt_passage_candidates(post, n, DF - 1, 1, &pairs, &np, &st),
			 WT_OK);
	assert_int_equal(np, 0);
	assert_int_equal(st.stop, KEYS);
	free(pairs);
	free(post);
}

/* Key groups of three documents each, no pair from two keys: a share
 * boundary inside a group would lose its pairs. */
static void passage__candidates_shares(void **state)
{
	(void)state;
	enum { KEYS = 50001 }; /* 150003 postings: the halves meet mid-group */
	uint64_t *post = malloc((size_t)KEYS * 3 * 8);
	assert_non_null(post);
	for (uint32_t k = 0; k < KEYS; k++)
		for (uint32_t d = 0; d < 3; d++)
			post[(size_t)k * 3 + d] = post_of(k, 3 * k + d);
	check_candidates(post, (size_t)KEYS * 3, 100);
	free(post);
}

static int cmp_fp_ref(const void *pa, const void *pb)
{
	const wt_fp *a = pa, *b = pb;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

/* Sizes 0..200 cross the insertion-sort limit; few distinct hashes make
 * ties that only pos orders; pos starts in any order. */
static void passage__fp_sort(void **state)
{
	(void)state;
	enum { N = 200 };
	wt_fp v[N], want[N];
	for (size_t n = 0; n <= N; n++)
		for (int rep = 0; rep < 20; rep++) {
			for (size_t i = 0; i < n; i++) {
				uint64_t h = rnd();
				v[i] = (wt_fp){(uint32_t)(rep & 1 ? h % 7 : h), (uint32_t)(rnd() % 1000)};
			}
			memcpy(want, v, n * sizeof *v);
			if (n)
				qsort(want, n, sizeof *want, cmp_fp_ref);
			wt_fp_sort(v, n);
			for (size_t i = 0; i < n; i++)
				if (v[i].hash != want[i].hash || v[i].pos != want[i].pos)
					fail_msg("n %zu rep %d: item %zu differs", n, rep, i);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(passage__window),
		cmocka_unit_test(passage__winnow_fixed),
		cmocka_unit_test(passage__winnow_brute),
		cmocka_unit_test(passage__guarantee),
		cmocka_unit_test(passage__candidates_fixed),
		cmocka_unit_test(passage__candidates_brute),
		cmocka_unit_test(passage__candidates_compaction),
		cmocka_unit_test(passage__candidates_shares),
		cmocka_unit_test(passage__fp_sort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
