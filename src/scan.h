/* scan: the batch near-duplicate pipeline over a stream of documents.
 * Documents are added one at a time (from paths or by the caller); each is
 * normalized, shingled, digested and signed at once, its shingle set and
 * metadata go to a spool file and only its LSH band keys and passage
 * fingerprints stay in memory. wt_scan_finish then finds exact duplicates
 * (equal digests; each group is collapsed onto its smallest id), joins the
 * bands of the remaining documents and verifies every candidate pair on
 * exact shingle sets (near duplicates), joins the passage fingerprints
 * (reuse: a shared passage whatever the overall resemblance), aligns every
 * pair's shared passages (align.h) and clusters the pairs. */
#ifndef WT_SCAN_H
#define WT_SCAN_H

#include "align.h"
#include "learn.h"
#include "passage.h"
#include "shingle.h"
#include "cluster.h"
#include "credit.h"
#include "read.h"
#include "verify.h"

typedef struct {
	uint64_t docs, bytes;         /* documents and text bytes accepted */
	uint64_t input_done, input_total; /* bytes of the current input */
} wt_progress;

typedef void wt_progress_fn(void *ctx, const wt_progress *p);

/* What a persistent index (index.h) plugs into a scan; NULL for a batch. */
typedef struct {
	void *ctx;
	const wt_learn_store *learn; /* boilerplate counts of earlier runs */
	/* Before a document is added: *skip = 1 passes over it (counted in
	 * stats.present); an error is the record's (the hook reports it). */
	wt_err (*admit)(void *ctx, const wt_doc *d, int *skip);
	/* 1: fingerprint key k pairs nothing (held by more than fp_df_cap
	 * documents of the index, or by no new document) */
	int (*fp_skip)(void *ctx, uint32_t key);
} wt_scan_hooks;

typedef struct {
	unsigned shingle;    /* words per shingle (5) */
	unsigned perm;       /* MinHash slots K (128) */
	double threshold;    /* near-duplicate Jaccard threshold (0.5) */
	unsigned bands, rows; /* 0: chosen from threshold by wt_lsh_choose */
	uint64_t seed;       /* MinHash parameters are derived from it (0) */
	size_t bucket_cap;   /* band bucket bound, see lsh.h (100) */
	int skip_errors;     /* 1: pass over bad records; 0: stop at the first */
	unsigned threads;    /* per-document stages on this many threads (1) */
	int no_boiler;       /* 1: shingle page furniture too (boiler.h) */
	unsigned learn_pages; /* a line on this many pages of one source is
				 learned boilerplate (learn.h; 5) */
	unsigned learn_words; /* shorter lines are never learned (4) */
	int no_reuse;        /* 1: report only exact and near pairs */
	int keep_text;       /* 1: keep texts for wt_docinfo.text (reports
				that quote them); 0 saves the spool space */
	unsigned min_passage; /* words of the shortest reuse passage (15) */
	size_t fp_df_cap;    /* stop-fingerprint document frequency (100) */
	const char *tmpdir;  /* spool directory (NULL: $TMPDIR or /tmp) */
	uint64_t spool_map;  /* read the spool in place up to this size, by
				copies above (spool.h) [1 GiB] */
	uint64_t band_key, learn_seed; /* secret hash keys (band_key also keys
					  the digests); 0: random ones (an
					  index passes its own) */
	const wt_scan_hooks *hooks;    /* Borrowed; NULL for a batch scan */
	wt_read_opts read;   /* field names, document cap */
	wt_diag_fn *diag;    /* warnings and errors, may be NULL */
	void *diag_ctx;
	wt_progress_fn *progress; /* called every few documents, may be NULL */
	void *progress_ctx;
} wt_scan_opts;

void wt_scan_opts_default(wt_scan_opts *o);

typedef struct {
	uint64_t documents, bytes, too_short, invalid_utf8;
	uint64_t skipped;        /* bad records passed over (--on-error skip) */
	uint64_t present;        /* already in the index (hooks->admit) */
	uint64_t stored;         /* documents of the index compared with */
	uint64_t stale_pages;    /* indexed pages holding a line learned only
				    now (wt_learn_newly) */
	uint64_t binary;         /* non-text files passed over */
	uint64_t candidates;     /* distinct LSH candidate pairs verified */
	uint64_t buckets_truncated;
	uint64_t boiler_tokens;  /* words set aside as boilerplate (boiler.h) */
	uint64_t boiler_nonword; /* of which URLs, e-mail, encoded runs */
	uint64_t boiler_cut;     /* documents whose trailing block was cut */
	uint64_t learned_lines;  /* lines learned as boilerplate (model) */
	uint64_t learned_words;  /* words of learned lines set aside */
	uint64_t learned_docs;   /* documents holding a learned line */
	uint64_t fingerprints;   /* passage fingerprints (document, key) */
	uint64_t stop_fingerprints; /* of which held by > fp_df_cap documents */
	uint64_t reuse_candidates;  /* pairs sharing a fingerprint, aligned */
	uint64_t passages;       /* shared passages reported */
	uint64_t pairs, exact_pairs, near_pairs, reuse_pairs, clusters;
} wt_stats;

/* Boilerplate set aside in the documents of one source (learn.h). */
typedef struct {
	wt_str source;   /* the source key: source, URL host or folder */
	uint64_t documents, words; /* documents with boilerplate; its words */
	uint64_t learned_words;    /* of which in learned lines */
	uint32_t nexample;
	wt_str example[3]; /* learned lines of this source, as first seen */
} wt_source_stats;

typedef enum { WT_PAIR_EXACT, WT_PAIR_NEAR, WT_PAIR_REUSE } wt_pair_kind;

/* A passage both documents of a pair hold: byte offsets into each one's
 * original text, end exclusive. */
typedef struct {
	uint32_t a0, a1, b0, b1;
	uint32_t words;  /* words of the passage in a (boilerplate aside) */
	float identity;  /* 2 * equal words / (words in a + words in b) */
} wt_passage;

/* A reported pair: documents a and b with id(a) < id(b) in byte order.
 * exact: same normalized text; near: Jaccard >= threshold; reuse: a
 * shared passage of at least min_passage words. */
typedef struct {
	uint32_t a, b;
	wt_pair_kind kind;
	wt_sim sim;
	double aligned_a, aligned_b; /* share of a's (b's) words in passages,
					each word counted once */
	uint32_t passage, npassage;  /* wt_result.passages[passage ..] */
} wt_pair;

typedef struct {
	unsigned shingle, perm, bands, rows;
	double threshold;
	uint64_t seed;
	wt_stats stats;
	unsigned min_passage; /* 0 when reuse was off */
	size_t fp_df_cap;
	const wt_pair *pairs; /* sorted by (id a, id b) */
	size_t npairs;
	const wt_passage *passages; /* of each pair, in text order of a */
	/* Clusters: connected components of the exact and near pairs, members
	 * and clusters in id order. Reuse pairs link documents across clusters
	 * without merging them: a shared title or formula would otherwise
	 * chain thousands of articles into one. */
	wt_clusters clusters;
	/* pairs of cluster k: pairs[cpair[cpair_start[k] .. cpair_start[k+1])] */
	const size_t *cpair, *cpair_start;
	const size_t *reuse; /* the reuse pairs: pairs[reuse[0 .. nreuse)] */
	size_t nreuse;
	const uint32_t *docs; /* every document of some pair, in id order */
	size_t ndocs;
	const uint32_t *too_short; /* documents with no shingle, in id order */
	size_t ntoo_short;
	const wt_source_stats *sources; /* sources that had boilerplate, by name */
	size_t nsources;
} wt_result;

/* What the reporter shows of one document. Borrowed from the scan. */
typedef struct {
	wt_str id, source, url, date, title;
	wt_str text;      /* the original text, if keep_text (else empty) */
	const char *path; /* where it was read */
	uint64_t line;
	uint64_t shingles, words; /* words: kept words (boilerplate aside) */
	wt_credits credits;       /* wire agencies the text names (credit.h) */
	const wt_span *boiler;    /* byte ranges of text set aside as
				     boilerplate, in order (with text only) */
	size_t nboiler;
} wt_docinfo;

typedef struct wt_scan wt_scan;

/* Owned: free with wt_scan_free. WT_E_ARG for inconsistent options. */
WT_NODISCARD wt_err wt_scan_new(const wt_scan_opts *o, wt_scan **out);
void wt_scan_free(wt_scan *s);

/* Learning pass (learn.h): count the lines of every document of path, or
 * of one document. Call for every input before the first document is
 * added; without it nothing is learned. Bad records and unreadable paths
 * are passed over silently here: the scan pass reports them. Only
 * WT_E_NOMEM is returned (and WT_E_ARG once documents were added). */
WT_NODISCARD wt_err wt_scan_learn_path(wt_scan *s, const char *path);
WT_NODISCARD wt_err wt_scan_learn_doc(wt_scan *s, const wt_doc *d);

/* Stream every document of path into the scan. Bad records are reported
 * through diag; with skip_errors they are counted and passed over,
 * otherwise the first one's code is returned. Fatal errors (memory, spool
 * disk full) are always returned. */
WT_NODISCARD wt_err wt_scan_add_path(wt_scan *s, const char *path);

/* Add one document (copied). WT_E_DUPID when its id was seen before
 * (reported with both places); WT_E_LIMIT for an oversized text. */
WT_NODISCARD wt_err wt_scan_add_doc(wt_scan *s, const wt_doc *d);

/* A document as an index keeps it: what the scan computed of it. */
typedef struct {
	wt_str id;
	const char *path;        /* where it was read */
	uint64_t line;
	uint8_t digest[WT_DIGEST_BYTES];
	const uint64_t *keys;    /* its band keys (bands of them) */
	const void *rec;         /* the rest, opaque: see wt_stored_parse */
	size_t rec_len;
} wt_stored;

/* What an index needs of a record. Borrowed from rec. */
typedef struct {
	uint32_t nset, nfp;
	const uint64_t *set; /* the shingle set, sorted */
	const wt_fp *fp;  /* passage fingerprints, sorted by hash */
	wt_str source, url, date;
} wt_recinfo;

/* Check that rec[0..len) is a well-formed record (a damaged index must
 * not crash a reader); WT_E_PARSE if not. */
WT_NODISCARD wt_err wt_stored_parse(const void *rec, size_t len,
				    wt_recinfo *out);

/* Process every document added so far (documents cannot be added after).
 * Then the index looks up each new document (wt_scan_probe) and adds what
 * it shares with them (wt_scan_add_stored) before wt_scan_finish. */
WT_NODISCARD wt_err wt_scan_flush(wt_scan *s);

/* The learned boilerplate model (NULL without boilerplate handling);
 * sealed once a document is added. Borrowed from s. */
const wt_learn *wt_scan_model(const wt_scan *s);

/* Documents added (new ones, numbered 0 ..). */
uint32_t wt_scan_count(const wt_scan *s);

/* New document i after wt_scan_flush (rec is filled after
 * wt_scan_finish) and, until wt_scan_finish, its fingerprint postings
 * (key << 32 | i). Borrowed from s. 0 when i is too short to have keys.
 * A scan without hooks drops its band keys in wt_scan_finish (keys is
 * NULL after). */
int wt_scan_probe(const wt_scan *s, uint32_t i, wt_stored *out,
		  const uint64_t **post, size_t *npost);

/* Add a document of the index (copied). Once one is added, the result
 * holds only pairs with at least one new document. */
WT_NODISCARD wt_err wt_scan_add_stored(wt_scan *s, const wt_stored *d);

/* Run the batch stages. *res is Borrowed from s (valid until
 * wt_scan_free); no documents may be added afterwards. */
WT_NODISCARD wt_err wt_scan_finish(wt_scan *s, const wt_result **res);

/* Exact resemblance of documents x and y of a finished scan, whether or
 * not they were reported as a pair. */
wt_sim wt_scan_sim(const wt_scan *s, uint32_t x, uint32_t y);

/* Document i of a finished scan (its record is read from the spool). */
void wt_scan_doc(const wt_scan *s, uint32_t i, wt_docinfo *out);

/* What reports show for every pair, kept in memory: no spool read. The
 * date is cut to its first WT_DATE_KEPT bytes (an ISO 8601 date with
 * time, fraction and zone fits). Borrowed from the scan. */
#define WT_DATE_KEPT 32
typedef struct {
	wt_str id, date;
	wt_credits credits;
} wt_docbrief;

void wt_scan_brief(const wt_scan *s, uint32_t i, wt_docbrief *out);

#endif
