/* batch: the per-document stages (normalize, shingle, digest, MinHash,
 * band keys) over batches of documents on a pool of threads. Documents
 * are copied in; while the workers process one batch the caller commits
 * the one before and fills the next. Results are handed to a commit callback on the caller's thread in
 * submission order, so output never depends on the thread count. */
#ifndef WT_BATCH_H
#define WT_BATCH_H

#include "boiler.h"
#include "credit.h"
#include "learn.h"
#include "lsh.h"
#include "minhash.h"
#include "passage.h"
#include "read.h"
#include "shingle.h"
#include "span.h"

#define WT_META_COUNT 4 /* source, url, date, title */

/* One processed document. Every pointer is Borrowed, valid during the
 * commit callback only. */
typedef struct {
	uint64_t tag;           /* the caller's number for the document */
	const uint64_t *set;    /* sorted distinct shingle hashes */
	size_t nset;            /* 0: too short, no digest or keys */
	const uint64_t *keys;   /* sh.bands band keys */
	const uint32_t *tok;    /* kept-token hashes (shingle.h), low 32 bits */
	const void *span;       /* their byte spans in text, packed (span.h) */
	wt_spans_mode spans;
	size_t ntok;
	const wt_span *bp;      /* byte ranges of text set aside, in order */
	size_t nbp;
	const wt_fp *fp;        /* passage fingerprints by (hash, pos) */
	size_t nfp;
	wt_str text;
	wt_credits credits;     /* wire agencies the text names */
	uint8_t digest[WT_DIGEST_BYTES];
	uint64_t invalid;       /* invalid UTF-8 sequences the normalizer met */
	wt_boiler_stats boiler; /* what was set aside (all 0 when off) */
	wt_learn_hit learned;   /* of which learned lines (learn.h) */
	wt_str source;          /* the learning source key given to add */
	wt_str meta[WT_META_COUNT];
} wt_item;

typedef wt_err wt_commit_fn(void *ctx, const wt_item *it);

typedef struct wt_batcher wt_batcher;

/* threads: 1 processes on the caller's thread; n > 1 starts n - 1 workers,
 * and the caller takes documents too while it waits for them.
 * boiler: mark boilerplate (boiler.h) before shingling, and the lines
 * learn (sealed; may be NULL) knows. winnow: the fingerprint window
 * (passage.h). band_key keys the band keys and, through wt_digest_key,
 * the digests. mh and learn are Borrowed for the batcher's life. Owned:
 * wt_batcher_free. */
WT_NODISCARD wt_err wt_batcher_new(unsigned threads, int boiler,
				   const wt_learn *learn, unsigned shingle,
				   unsigned winnow, const wt_minhash *mh,
				   wt_lsh_shape sh,
				   uint64_t band_key, wt_commit_fn *commit,
				   void *ctx, wt_batcher **out);
/* Stops the workers; results not yet committed are dropped. NULL: no-op. */
void wt_batcher_free(wt_batcher *b);

/* Copy one document in; source is its key for learned boilerplate
 * (wt_learn_source). May process a full batch and commit the one before;
 * returns the first error of processing or of commit. */
WT_NODISCARD wt_err wt_batcher_add(wt_batcher *b, uint64_t tag,
				   const wt_str *text,
				   const wt_str meta[WT_META_COUNT],
				   const wt_str *source);

/* Process and commit everything added so far. */
WT_NODISCARD wt_err wt_batcher_flush(wt_batcher *b);

#endif
