/* batch: commits arrive in submission order with the results a direct
 * computation gives, for 1 and 3 threads; too-short documents carry no
 * set; a commit error stops the batcher and is returned. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

enum { N = 2600, K = 64 }; /* more than two batches of 1024 */

typedef struct {
	uint64_t next, fail_at;
	uint64_t sum[N]; /* a fingerprint of each committed result */
	size_t nset[N];
} sink;

static uint64_t mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ull;
}

static wt_err collect(void *ctx, const wt_item *it)
{
	sink *k = ctx;
	if (it->tag != k->next)
		return WT_E_ARG; /* out of order */
	if (it->tag == k->fail_at)
		return WT_E_IO;
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < it->nset; i++)
		h = mix(h, it->set[i]);
	for (unsigned b = 0; it->nset && b < 16; b++)
		h = mix(h, it->keys[b]);
	for (int d = 0; it->nset && d < WT_DIGEST_BYTES; d++)
		h = mix(h, it->digest[d]);
	h = mix(h, it->meta[0].n);
	k->sum[it->tag] = h;
	k->nset[it->tag] = it->nset;
	k->next++;
	return WT_OK;
}

static void text_of(int i, char *buf, size_t cap)
{
	if (i % 97 == 0) { /* too short to shingle */
		snprintf(buf, cap, "قصير %d", i);
		return;
	}
	size_t n = 0;
	for (int w = 0; w < 20 + i % 50 && n + 32 < cap; w++)
		n += (size_t)snprintf(buf + n, cap - n, "كلمة%d word%d ", (i * 7 + w) % 300, w);
}

static wt_err run(unsigned threads, sink *k, uint64_t fail_at)
{
	wt_minhash m;
	wt_lsh_shape sh = {16, 4};
	if (wt_minhash_init(&m, K, 3))
		return WT_E_NOMEM;
	memset(k, 0, sizeof *k);
	k->fail_at = fail_at;
	wt_batcher *b;
	wt_err e = wt_batcher_new(threads, 0, NULL, 3, 11, &m, sh, 99, collect, k, &b);
	char text[4096], src[16];
	for (int i = 0; i < N && !e; i++) {
		text_of(i, text, sizeof text);
		snprintf(src, sizeof src, "s%d", i % 5);
		wt_str t = {text, strlen(text)};
		wt_str meta[WT_META_COUNT] = {{src, strlen(src)}, {0}, {0}, {0}};
		e = wt_batcher_add(b, (uint64_t)i, &t, meta, NULL);
	}
	if (!e)
		e = wt_batcher_flush(b);
	wt_batcher_free(b);
	wt_minhash_release(&m);
	return e;
}

static void batch__order_and_threads(void **state)
{
	(void)state;
	static sink one, three;
	assert_int_equal(run(1, &one, UINT64_MAX), WT_OK);
	assert_int_equal(run(3, &three, UINT64_MAX), WT_OK);
	assert_int_equal(one.next, N);
	assert_int_equal(three.next, N);
	assert_memory_equal(one.sum, three.sum, sizeof one.sum);
	for (int i = 0; i < N; i++)
		assert_true((one.nset[i] == 0) == (i % 97 == 0));
}

static void batch__matches_direct(void **state)
{
	(void)state;
	static sink k;
	assert_int_equal(run(2, &k, UINT64_MAX), WT_OK);
	wt_norm nz;
	wt_shingles sg;
	wt_norm_init(&nz);
	wt_shingles_init(&sg);
	char text[4096];
	for (int i = 1; i < N; i += 331) {
		text_of(i, text, sizeof text);
		assert_int_equal(wt_norm_text(&nz, text, strlen(text)), WT_OK);
		assert_int_equal(wt_shingle(&sg, &nz, 3), WT_OK);
		assert_int_equal(k.nset[i], sg.nset);
	}
	wt_norm_release(&nz);
	wt_shingles_release(&sg);
}

static void batch__commit_error(void **state)
{
	(void)state;
	static sink k;
	assert_int_equal(run(1, &k, 1500), WT_E_IO);
	assert_int_equal(k.next, 1500);
	assert_int_equal(run(3, &k, 5), WT_E_IO); /* and the pool shuts down */
	assert_int_equal(k.next, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(batch__order_and_threads),
		cmocka_unit_test(batch__matches_direct),
		cmocka_unit_test(batch__commit_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
