/* boiler: what on a scraped page is not the article. Marks tokens that are
 * kept for display but left out of shingles and the exact digest:
 *  - non-words: URLs, e-mail addresses, base64 and hex runs (tracking
 *    strings) — found on the original text, so a URL split into words by
 *    the tokenizer is skipped whole;
 *  - a line that is only a block marker ("إقرأ أيضاً", "مقالات مشابهة",
 *    "Read more", ...: the table in boiler.c) and everything after it;
 *  - a line opened by a label marker and a colon ("المصدر:", "كلمات دلالية:",
 *    "Tags:").
 * Markers are compared on normalized tokens, so spelling variants of one
 * marker match. Lines a source repeats on many pages are learn.h's. */
#ifndef WT_BOILER_H
#define WT_BOILER_H

#include "norm.h"

/* Why a token is skipped (wt_token.skip). */
enum { WT_SKIP_NONWORD = 1, WT_SKIP_BLOCK = 2, WT_SKIP_LABEL = 3,
       WT_SKIP_LEARNED = 4 /* learn.h */ };

typedef struct {
	uint64_t nonword, block, label; /* tokens skipped, by reason */
	int cut;                        /* a trailing block was cut */
} wt_boiler_stats;

/* Set nz->tok[i].skip for the tokens of text[0..len) (the text nz was
 * built from). Pure: no allocation, thread-safe. */
void wt_boiler_mark(wt_norm *nz, const char *text, size_t len,
		    wt_boiler_stats *st);

/* wt_boiler_mark walking every byte where wt_boiler_mark finds the
 * candidate non-words 64 bytes a step (AVX-512): the same marks, for
 * tests that compare the two. */
void wt_boiler_mark_bytes(wt_norm *nz, const char *text, size_t len,
			  wt_boiler_stats *st);

/* Marker i of the table (for tests and --help): *block is 1 for a block
 * marker, 0 for a label. Returns 0 past the end. */
int wt_boiler_marker(size_t i, int *block, const char **display,
		     const char **norm);

#endif
