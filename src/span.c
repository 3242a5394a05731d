/* span: packed word spans (span.h). */
#include "span.h"

#include <string.h>

enum { EVERY = 16 }; /* words between whole starts in WT_SPANS_8 */

static size_t starts(size_t n)
{
	return (n + EVERY - 1) / EVERY;
}

wt_spans_mode wt_spans_choose(const wt_span *sp, size_t n, size_t text_len)
{
	if (text_len > WT_SPAN16_MAX)
		return WT_SPANS_WIDE;
	uint32_t end = 0;
	for (size_t k = 0; k < n; k++) {
		if (sp[k].off < end || sp[k].off - end > 255 || sp[k].len > 255)
			return WT_SPANS_16;
		end = sp[k].off + sp[k].len;
	}
	return WT_SPANS_8;
}

size_t wt_spans_size(wt_spans_mode m, size_t n)
{
	size_t b = m == WT_SPANS_WIDE ? n * sizeof(wt_span)
		   : m == WT_SPANS_16 ? n * 4
				      : starts(n) * 2 + n * 2;
	return (b + 7) / 8 * 8;
}

void wt_spans_pack(wt_spans_mode m, const wt_span *sp, size_t n, void *out)
{
	size_t size = wt_spans_size(m, n);
	memset(out, 0, size);
	if (m == WT_SPANS_WIDE) {
		memcpy(out, sp, n * sizeof *sp);
		return;
	}
	uint16_t *s16 = out;
	if (m == WT_SPANS_16) {
		for (size_t k = 0; k < n; k++) {
			s16[2 * k] = (uint16_t)sp[k].off;
			s16[2 * k + 1] = (uint16_t)sp[k].len;
		}
		return;
	}
	uint8_t *pair = (uint8_t *)out + starts(n) * 2;
	uint32_t end = 0;
	for (size_t k = 0; k < n; k++) {
		if (k % EVERY == 0)
			s16[k / EVERY] = (uint16_t)sp[k].off;
		pair[2 * k] = (uint8_t)(sp[k].off - end);
		pair[2 * k + 1] = (uint8_t)sp[k].len;
		end = sp[k].off + sp[k].len;
	}
}

wt_span wt_spans_at(wt_spans_mode m, const void *p, size_t n, size_t k)
{
	if (m == WT_SPANS_WIDE)
		return ((const wt_span *)p)[k];
	const uint16_t *s16 = p;
	if (m == WT_SPANS_16)
		return (wt_span){s16[2 * k], s16[2 * k + 1]};
	const uint8_t *pair = (const uint8_t *)p + starts(n) * 2;
	size_t i = k / EVERY * EVERY;
	uint32_t off = s16[k / EVERY];
	for (; i < k; i++)
		off += pair[2 * i + 1] + pair[2 * i + 2]; /* len i, gap i + 1 */
	return (wt_span){off, pair[2 * k + 1]};
}
