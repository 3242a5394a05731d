/* spool: records come back as written (whole or gathered from parts),
 * 8-byte aligned, after seal, read
 * in place or copied (a spool over its map_max), a copy extended from a
 * prefix it holds, and in place again after the mapping is trimmed; an unusable directory is an I/O error;
 * put after seal is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "spool.h"

static void roundtrip(uint64_t map_max)
{
	wt_spool *s;
	assert_int_equal(wt_spool_new(NULL, map_max, &s), WT_OK);
	enum { N = 3000 };
	uint64_t off[N];
	unsigned char buf[5000];
	for (int i = 0; i < N; i++) {
		size_t n = (size_t)(i * 37) % 5000; /* crosses the 1 MiB buffer */
		for (size_t k = 0; k < n; k++)
			buf[k] = (unsigned char)(i + k * 7);
		/* odd records gathered from parts, one of them empty */
		wt_spool_part part[] = {{buf, n / 3}, {NULL, 0}, {buf + n / 3, n - n / 3}};
		assert_int_equal(i % 2 ? wt_spool_putv(s, part, 3, &off[i])
				       : wt_spool_put(s, buf, n, &off[i]),
				 WT_OK);
		assert_int_equal(off[i] % 8, 0);
		if (i) /* records follow each other (an empty one takes no room) */
			assert_true(off[i] >= off[i - 1]);
	}
	assert_int_equal(wt_spool_seal(s), WT_OK);
	assert_int_equal(wt_spool_put(s, buf, 1, &off[0]), WT_E_ARG);
	wt_spool_buf b = {0};
	const unsigned char *first = wt_spool_at(s, off[1]);
	for (int i = 0; i < N; i++) {
		size_t n = (size_t)(i * 37) % 5000, half = n / 2;
		const void *got;
		/* a prefix, then the rest after it (a copy keeps the prefix) */
		assert_int_equal(wt_spool_get(s, off[i], 0, half, &b, &got), WT_OK);
		if (map_max == 0 && b.cap * 8 > half) /* bytes a read must replace */
			memset((unsigned char *)b.p + half, 0xEE, b.cap * 8 - half);
		assert_int_equal(wt_spool_get(s, off[i], map_max ? 0 : half, n, &b,
					      &got), WT_OK);
		/* in place exactly when the spool is small enough */
		assert_int_equal(got == (const void *)b.p, map_max == 0);
		const unsigned char *p = got, *q = wt_spool_at(s, off[i]);
		for (size_t k = 0; k < n; k++)
			if (p[k] != (unsigned char)(i + k * 7) ||
			    q[k] != (unsigned char)(i + k * 7))
				fail_msg("record %d byte %zu", i, k);
	}
	/* 3000 reads in place trimmed the mapping many times over */
	assert_int_equal(first[0], 1); /* record 1's first byte */
	wt_spool_buf_release(&b);
	wt_spool_free(s);
}

static void spool__roundtrip(void **state)
{
	(void)state;
	roundtrip(UINT64_MAX); /* read in place */
	roundtrip(0);          /* copied; the mapping trimmed */
}

static void spool__empty_and_errors(void **state)
{
	(void)state;
	wt_spool *s;
	assert_int_equal(wt_spool_new(NULL, 1 << 20, &s), WT_OK);
	assert_int_equal(wt_spool_seal(s), WT_OK); /* nothing written */
	wt_spool_free(s);
	wt_spool_free(NULL);
	assert_int_equal(wt_spool_new("/nonexistent/dir", 1 << 20, &s), WT_E_IO);
	assert_null(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spool__roundtrip),
		cmocka_unit_test(spool__empty_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
