/* learn: boilerplate learned per source. A piece of text (a line, or a
 * sentence in it ended by . ! ? ; ، ؛ ؟ and a space) that recurs on
 * min_pages or more pages of one source is that source's furniture (a
 * masthead, an author's contact footer, a dateline, the fixed sentences
 * of a template such as a royal cable whose names change) and is left out
 * of shingles and fingerprints like the marked boilerplate of boiler.h. The same line on pages of different
 * sources counts once per source: a wire paragraph that ten outlets
 * reprint is news, not furniture. A page seen before byte for byte (a
 * re-crawl, a duplicate record) counts once, so one article carried five
 * times is not furniture either.
 *
 * Pieces ("lines" below) compare by their bytes without digits, ASCII
 * punctuation and white space, so "(41)" and "(123)" in one author footer
 * are one line.
 * The source of a document is its source field, else its URL's host,
 * else the folder of its id.
 *
 * Two passes: wt_learn_add over every document builds the counts (8 bytes
 * per distinct line of a page, 16 per page), wt_learn_seal keeps the
 * learned lines; then wt_learn_mark is pure and thread-safe. Keys are
 * hashed under a per-model random seed, so no one can craft a line that
 * collides with another source's furniture. */
#ifndef WT_LEARN_H
#define WT_LEARN_H

#include "norm.h"
#include "read.h"

/* What earlier runs counted, for a model kept across runs (index.h): the
 * callbacks read it, wt_learn_delta gives what this run adds to it. */
typedef struct {
	void *ctx;
	/* 1 when the page of hash h was counted by an earlier run */
	int (*seen)(void *ctx, uint64_t page);
	/* pages of earlier runs holding the line of key k */
	uint64_t (*count)(void *ctx, uint64_t key);
} wt_learn_store;

typedef struct {
	unsigned min_pages; /* pages of one source a learned line is on (5) */
	unsigned min_words; /* shorter lines are never learned (4) */
	uint64_t seed;      /* secret key of line hashes; 0: a random one */
	const wt_learn_store *store; /* Borrowed; NULL: this run alone */
	int store_only;     /* no pass 1: a line is learned when the store
			       counts it on min_pages pages (one-pass dedup
			       against an index); needs store */
	int bytewise;       /* walk lines a byte at a time even where the
			       64-byte (AVX-512) walk runs: the same keys,
			       for tests that compare the two */
} wt_learn_opts;

void wt_learn_opts_default(wt_learn_opts *o);

typedef struct wt_learn wt_learn;

/* Owned: free with wt_learn_free. WT_E_ARG for min_pages < 2. */
WT_NODISCARD wt_err wt_learn_new(const wt_learn_opts *o, wt_learn **out);
void wt_learn_free(wt_learn *l);

/* The source key of d (Borrowed from d): source field, URL host, or the
 * directory part of the id; n = 0 when there is none. */
wt_str wt_learn_source(const wt_doc *d);

/* Pass 1: count the lines of text under source (copied as needed). */
WT_NODISCARD wt_err wt_learn_add(wt_learn *l, const wt_str *source,
				 const char *text, size_t len);

/* End of pass 1. Afterwards wt_learn_add returns WT_E_ARG. */
WT_NODISCARD wt_err wt_learn_seal(wt_learn *l);

/* With a store, after seal: the hashes of the pages this run saw (a
 * table of npage slots, 0 marking an empty one) and the lines it counted
 * with their page counts (key[i] on cnt[i] pages). Borrowed from l. */
typedef struct {
	const uint64_t *page, *key, *cnt;
	size_t npage, nkey;
} wt_learn_counts;
void wt_learn_delta(const wt_learn *l, wt_learn_counts *out);

/* Pages of earlier runs holding a line learned only in this run, summed
 * over those lines: pages that were marked without it (at most). */
uint64_t wt_learn_newly(const wt_learn *l);

/* Distinct lines learned (0 before seal). */
size_t wt_learn_lines(const wt_learn *l);

/* What marking set aside in one document. */
typedef struct {
	uint32_t lines, words;
} wt_learn_hit;

/* Pass 2: set skip = WT_SKIP_LEARNED (boiler.h) on the not yet skipped
 * tokens of every learned line of text, nz being its tokens. Pure. */
wt_learn_hit wt_learn_mark(const wt_learn *l, const wt_str *source,
			   wt_norm *nz, const char *text, size_t len);

/* The next learned line of text under source at or after byte *pos
 * (start at 0): its byte span into *out, *pos moved past it; returns 0
 * when there is none. For display: the byte walk, which finds the same
 * lines as wt_learn_mark. */
int wt_learn_next(const wt_learn *l, const wt_str *source, const char *text,
		  size_t len, size_t *pos, wt_span *out);

#endif
