/* span: the byte spans of a document's kept words, packed for the spool
 * and the index. In news text nearly every word starts under 256 bytes
 * after the last one ends and is under 256 bytes long, so such a text's
 * words take two bytes each (a gap and a length); the start of every
 * 16th word is kept whole, so a span is found in at most 15 steps.
 * Other texts keep 16-bit or 32-bit (offset, length) pairs. */
#ifndef WT_SPAN_H
#define WT_SPAN_H

#include "common.h"

#define WT_SPAN16_MAX 65535 /* texts up to this have 16-bit spans */

typedef enum {
	WT_SPANS_WIDE, /* a wt_span a word */
	WT_SPANS_16,   /* a uint16_t (off, len) pair a word */
	WT_SPANS_8,    /* the uint16_t start of words 0, 16, 32..., then a
			  uint8_t (gap, len) pair a word; gap: bytes from the
			  end of the word before (from 0 for the first) */
	WT_SPANS_MODES
} wt_spans_mode;

/* The smallest mode that holds sp[0..n), in order and inside a text of
 * text_len bytes. Pure. */
wt_spans_mode wt_spans_choose(const wt_span *sp, size_t n, size_t text_len);

/* Bytes that n spans take in mode m, a multiple of 8. */
size_t wt_spans_size(wt_spans_mode m, size_t n);

/* Pack sp[0..n) into out (wt_spans_size(m, n) bytes, padding zeroed); m
 * from wt_spans_choose. */
void wt_spans_pack(wt_spans_mode m, const wt_span *sp, size_t n, void *out);

/* Span k < n of the n packed in mode m at p. */
wt_span wt_spans_at(wt_spans_mode m, const void *p, size_t n, size_t k);

#endif
