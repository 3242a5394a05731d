/* scan: the batch near-duplicate pipeline over a stream of documents.
 * Documents are added one at a time (from paths or by the caller); each is
 * normalized, shingled, digested and signed at once, its shingle set and
 * metadata go to a spool file and only its LSH band keys stay in memory.
 * wt_scan_finish then finds exact duplicates (equal digests; each group is
 * collapsed onto its smallest id), joins the bands of the remaining
 * documents, verifies every candidate pair on exact shingle sets, and
 * clusters the verified pairs. */
#ifndef WT_SCAN_H
#define WT_SCAN_H

#include "cluster.h"
#include "read.h"
#include "verify.h"

typedef struct {
	uint64_t docs, bytes;         /* documents and text bytes accepted */
	uint64_t input_done, input_total; /* bytes of the current input */
} wt_progress;

typedef void wt_progress_fn(void *ctx, const wt_progress *p);

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
	const char *tmpdir;  /* spool directory (NULL: $TMPDIR or /tmp) */
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
	uint64_t binary;         /* non-text files passed over */
	uint64_t candidates;     /* distinct LSH candidate pairs verified */
	uint64_t buckets_truncated;
	uint64_t boiler_tokens;  /* words set aside as boilerplate (boiler.h) */
	uint64_t boiler_nonword; /* of which URLs, e-mail, encoded runs */
	uint64_t boiler_cut;     /* documents whose trailing block was cut */
	uint64_t pairs, exact_pairs, near_pairs, clusters;
} wt_stats;

typedef enum { WT_PAIR_EXACT, WT_PAIR_NEAR } wt_pair_kind;

/* A reported pair: documents a and b with id(a) < id(b) in byte order. */
typedef struct {
	uint32_t a, b;
	wt_pair_kind kind;
	wt_sim sim;
} wt_pair;

typedef struct {
	unsigned shingle, perm, bands, rows;
	double threshold;
	uint64_t seed;
	wt_stats stats;
	const wt_pair *pairs; /* sorted by (id a, id b) */
	size_t npairs;
	wt_clusters clusters; /* members and clusters in id order */
	/* pairs of cluster k: pairs[cpair[cpair_start[k] .. cpair_start[k+1])] */
	const size_t *cpair, *cpair_start;
	const uint32_t *too_short; /* documents with no shingle, in id order */
	size_t ntoo_short;
} wt_result;

/* What the reporter shows of one document. Borrowed from the scan. */
typedef struct {
	wt_str id, source, url, date, title;
	const char *path; /* where it was read */
	uint64_t line;
	uint64_t shingles;
} wt_docinfo;

typedef struct wt_scan wt_scan;

/* Owned: free with wt_scan_free. WT_E_ARG for inconsistent options. */
WT_NODISCARD wt_err wt_scan_new(const wt_scan_opts *o, wt_scan **out);
void wt_scan_free(wt_scan *s);

/* Stream every document of path into the scan. Bad records are reported
 * through diag; with skip_errors they are counted and passed over,
 * otherwise the first one's code is returned. Fatal errors (memory, spool
 * disk full) are always returned. */
WT_NODISCARD wt_err wt_scan_add_path(wt_scan *s, const char *path);

/* Add one document (copied). WT_E_DUPID when its id was seen before
 * (reported with both places); WT_E_LIMIT for an oversized text. */
WT_NODISCARD wt_err wt_scan_add_doc(wt_scan *s, const wt_doc *d);

/* Run the batch stages. *res is Borrowed from s (valid until
 * wt_scan_free); no documents may be added afterwards. */
WT_NODISCARD wt_err wt_scan_finish(wt_scan *s, const wt_result **res);

/* Document i of a finished scan. */
void wt_scan_doc(const wt_scan *s, uint32_t i, wt_docinfo *out);

#endif
