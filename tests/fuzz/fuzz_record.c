/* fuzz_record: a stored record (an index value: scan.c's rechdr and its
 * parts) from raw bytes. wt_stored_parse must refuse what is malformed
 * and, when it accepts, point only inside the record, with fingerprints
 * sorted and inside the words; then every word span it holds decodes
 * inside the text (parse checks them when the text is kept). The input's
 * bytes, read as word spans, also go through each packing of span.h and
 * must come back equal. */
#include "fuzz.h"
#include "scan.h"
#include "span.h"

#include <string.h>

/* rechdr's first fields (scan.c): counts, metadata lengths, credits,
 * boilerplate ranges, span mode, pad. */
enum { HDR = 48, NTOK = 4, TEXT_LEN = 12, SPANS = 40 };

static void parse(const uint8_t *data, size_t size)
{
	/* records are 8-byte aligned in the spool and in decoded values */
	uint64_t *rec = malloc(size ? (size + 7) / 8 * 8 : 8);
	CHECK(rec);
	memcpy(rec, data, size);
	wt_recinfo ri;
	if (wt_stored_parse(rec, size, &ri) == WT_OK) {
		const char *lo = (const char *)rec, *hi = lo + size;
		CHECK(size >= HDR);
		CHECK((const char *)ri.set >= lo &&
		      (const char *)(ri.set + ri.nset) <= hi);
		CHECK((const char *)ri.fp >= lo && (const char *)(ri.fp + ri.nfp) <= hi);
		const wt_str *m[] = {&ri.source, &ri.url, &ri.date};
		for (int k = 0; k < 3; k++)
			CHECK(!m[k]->n || (m[k]->p >= lo && m[k]->p + m[k]->n <= hi));
		uint32_t ntok, text_len, mode;
		memcpy(&ntok, lo + NTOK, 4);
		memcpy(&text_len, lo + TEXT_LEN, 4);
		memcpy(&mode, lo + SPANS, 4);
		CHECK(mode < WT_SPANS_MODES);
		for (uint32_t k = 0; k < ri.nfp; k++)
			CHECK(ri.fp[k].pos < ntok && (!k || ri.fp[k - 1].hash <= ri.fp[k].hash));
		/* the spans sit before the boilerplate ranges and metadata */
		const char *sp = (const char *)(ri.set + ri.nset);
		CHECK(sp + wt_spans_size(mode, ntok) <= hi);
		for (uint32_t k = 0; text_len && k < ntok; k++) {
			wt_span s = wt_spans_at(mode, sp, ntok, k);
			CHECK((uint64_t)s.off + s.len <= text_len);
		}
	}
	free(rec);
}

/* Spans from the bytes: a gap and a length each, in order. */
static void round_trip(const uint8_t *data, size_t size)
{
	size_t n = size / 2;
	wt_span *sp = malloc((n ? n : 1) * sizeof *sp);
	CHECK(sp);
	uint32_t end = 0;
	for (size_t k = 0; k < n; k++) {
		/* a zero byte stands for a wide gap, so every mode is reached */
		uint32_t gap = data[2 * k] ? data[2 * k] - 1u : 300u * data[2 * k + 1];
		sp[k] = (wt_span){end + gap, data[2 * k + 1]};
		end = sp[k].off + sp[k].len;
	}
	wt_spans_mode chosen = wt_spans_choose(sp, n, end);
	for (int m = chosen; m >= WT_SPANS_WIDE; m--) { /* every mode that holds them */
		size_t bytes = wt_spans_size(m, n);
		void *p = malloc(bytes ? bytes : 8);
		CHECK(p);
		wt_spans_pack(m, sp, n, p);
		for (size_t k = 0; k < n; k++) {
			wt_span s = wt_spans_at(m, p, n, k);
			CHECK(s.off == sp[k].off && s.len == sp[k].len);
		}
		free(p);
	}
	free(sp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse(data, size);
	round_trip(data, size);
	return 0;
}
