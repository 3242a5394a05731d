/* span: packed word spans read back equal in every mode, for counts
 * around the 16-word starts; the mode chosen is the smallest that holds
 * them (gaps and lengths of 255 fit in bytes, 256 does not; a text over
 * 64 KiB is wide); the padding is zeroed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "span.h"

#define RNG_SEED 0x5A17C0DE5A17C0DEull
#include "rng.h"

/* n spans in order, gaps below gap_max and lengths 1..len_max. */
static wt_span *spans(size_t n, uint32_t gap_max, uint32_t len_max,
		      uint32_t *end)
{
	wt_span *sp = malloc((n ? n : 1) * sizeof *sp);
	assert_non_null(sp);
	uint32_t at = 0;
	for (size_t k = 0; k < n; k++) {
		sp[k].off = at + (uint32_t)rnd_below(gap_max + 1);
		sp[k].len = 1 + (uint32_t)rnd_below(len_max);
		at = sp[k].off + sp[k].len;
	}
	*end = at;
	return sp;
}

static void round_trip(wt_spans_mode m, const wt_span *sp, size_t n)
{
	size_t size = wt_spans_size(m, n);
	assert_int_equal(size % 8, 0);
	unsigned char *p = malloc(size + 1);
	assert_non_null(p);
	memset(p, 0xAB, size + 1);
	wt_spans_pack(m, sp, n, p);
	assert_int_equal(p[size], 0xAB); /* nothing written past the size */
	for (size_t k = 0; k < n; k++) {
		wt_span s = wt_spans_at(m, p, n, k);
		assert_int_equal(s.off, sp[k].off);
		assert_int_equal(s.len, sp[k].len);
	}
	size_t used = m == WT_SPANS_WIDE ? n * 8 : m == WT_SPANS_16 ? n * 4
		      : (n + 15) / 16 * 2 + n * 2;
	for (size_t b = used; b < size; b++)
		assert_int_equal(p[b], 0);
	free(p);
}

static void span__round_trip(void **state)
{
	(void)state;
	static const size_t counts[] = {0, 1, 15, 16, 17, 31, 32, 33, 500};
	for (size_t c = 0; c < sizeof counts / sizeof *counts; c++)
		for (int rep = 0; rep < 20; rep++) {
			size_t n = counts[c];
			uint32_t end;
			wt_span *sp = spans(n, 255, 40, &end);
			if (end <= WT_SPAN16_MAX)
				assert_int_equal(wt_spans_choose(sp, n, end), WT_SPANS_8);
			for (int m = 0; m < WT_SPANS_MODES; m++)
				if (m == WT_SPANS_WIDE || end <= WT_SPAN16_MAX)
					round_trip((wt_spans_mode)m, sp, n);
			free(sp);
		}
}

static void span__choose(void **state)
{
	(void)state;
	uint32_t end;
	wt_span *sp = spans(100, 20, 20, &end);
	assert_int_equal(wt_spans_choose(sp, 100, end), WT_SPANS_8);
	assert_int_equal(wt_spans_choose(sp, 100, WT_SPAN16_MAX), WT_SPANS_8);
	assert_int_equal(wt_spans_choose(sp, 100, WT_SPAN16_MAX + 1), WT_SPANS_WIDE);
	/* a length of 255 fits a byte, 256 does not */
	sp[40].len = 255;
	for (size_t k = 41; k < 100; k++)
		sp[k].off += 600;
	sp[41].off = sp[40].off + 255 + 255; /* a gap of 255 */
	assert_int_equal(wt_spans_choose(sp, 100, 1u << 15), WT_SPANS_8);
	round_trip(WT_SPANS_8, sp, 100);
	sp[41].off++; /* a gap of 256 */
	assert_int_equal(wt_spans_choose(sp, 100, 1u << 15), WT_SPANS_16);
	sp[41].off--;
	sp[40].len = 256; /* a length of 256 (the gap after it 254) */
	assert_int_equal(wt_spans_choose(sp, 100, 1u << 15), WT_SPANS_16);
	round_trip(WT_SPANS_16, sp, 100);
	/* a first word 256 bytes into the text */
	wt_span late = {256, 4};
	assert_int_equal(wt_spans_choose(&late, 1, 300), WT_SPANS_16);
	late.off = 255;
	assert_int_equal(wt_spans_choose(&late, 1, 300), WT_SPANS_8);
	round_trip(WT_SPANS_8, &late, 1);
	free(sp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(span__round_trip),
		cmocka_unit_test(span__choose),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
