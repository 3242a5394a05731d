/* index: a persistent, transactional index of scanned documents on LMDB,
 * so that a nightly run compares tonight's documents with everything seen
 * before without scanning it again. A run is a scan (scan.h) whose hooks
 * the index supplies:
 *
 *   wt_index_open -> wt_index_attach(scan options) -> wt_scan_new, learn,
 *   add -> wt_scan_flush -> wt_index_gather (the indexed documents that
 *   share a band key, a fingerprint or a digest with a new one join the
 *   scan) -> wt_scan_finish (pairs with a new document only) ->
 *   wt_index_commit (add) -> report.
 *
 * The result is the pairs a batch scan of everything would report that
 * involve the new documents, except (a) what the learned boilerplate
 * model knew when old documents were added (stats.stale_pages counts it)
 * and (b) a band bucket over bucket_cap, which the index fills with its
 * newest members.
 *
 * Stored per document, zstd-compressed with a checksum: its band keys,
 * id, path and the scan's record (shingle set, fingerprints, token hashes
 * and spans, metadata, text unless --no-text). Keys: band key, 32-bit
 * fingerprint key, digest, id, date, source, and the learned boilerplate
 * counts. Exact duplicates share one set of band and fingerprint keys,
 * held by the group's oldest document, so document frequencies count
 * groups as a batch scan does.
 *
 * Crash safety comes from LMDB: each commit of at most batch_docs
 * documents is atomic; the learned counts commit first (a page counted
 * twice is recognised by its hash). Parameters are fixed at creation. */
#ifndef WT_INDEX_H
#define WT_INDEX_H

#include "scan.h"

typedef struct wt_index wt_index;

/* Scan options an index fixes at creation (bits of `given`). */
enum {
	WT_P_SHINGLE = 1 << 0, WT_P_PERM = 1 << 1, WT_P_SEED = 1 << 2,
	WT_P_BANDS = 1 << 3, WT_P_THRESHOLD = 1 << 4, WT_P_MINPASS = 1 << 5,
	WT_P_DFCAP = 1 << 6, WT_P_BUCKET = 1 << 7, WT_P_BOILER = 1 << 8,
	WT_P_BPAGES = 1 << 9, WT_P_BWORDS = 1 << 10, WT_P_NOTEXT = 1 << 11,
};

typedef struct {
	const char *dir;
	int create;        /* create the index when dir holds none */
	int readonly;      /* query, stats, check */
	int replace;       /* a known id with new content replaces the old */
	int no_text;       /* at creation: keep no texts */
	size_t batch_docs; /* documents per write transaction (1000) */
	size_t map_start;  /* initial map bytes (256 MiB); it doubles as needed */
	wt_diag_fn *diag;  /* what went wrong, with the index path */
	void *diag_ctx;
} wt_index_opts;

void wt_index_opts_default(wt_index_opts *o);

/* Open (or create) the index in o->dir. Owned: wt_index_close.
 * WT_E_MISSING when there is none and !create; WT_E_IO when LMDB fails;
 * WT_E_PARSE when it is not a wiretrace index of this version. */
WT_NODISCARD wt_err wt_index_open(const wt_index_opts *o, wt_index **out);
void wt_index_close(wt_index *x);

/* Reconcile so with the index's parameters: a new index takes so's (and
 * no_text), an existing one refuses a given parameter that differs
 * (WT_E_ARG, said through diag) and sets the rest into so. Then sets the
 * index's secret keys and hooks in so (Borrowed from x) and starts the
 * run's read snapshot. */
WT_NODISCARD wt_err wt_index_attach(wt_index *x, wt_scan_opts *so,
				    unsigned given);

/* After wt_scan_flush: add to s the indexed documents that the new ones
 * share a key with, and their exact duplicates. */
WT_NODISCARD wt_err wt_index_gather(wt_index *x, wt_scan *s);

/* After wt_scan_finish: store the new documents and the learned counts.
 * A document whose id another run added meanwhile is passed over (same
 * content) or refused (WT_E_DUPID, unless replace). */
WT_NODISCARD wt_err wt_index_commit(wt_index *x, wt_scan *s);

/* The indexed document most like a new one (dedup): among those sharing
 * a band key (the newest bucket_cap of each), the one of highest Jaccard
 * if it reaches threshold. Uses the read snapshot of wt_index_attach. */
typedef struct {
	int found;
	wt_sim sim;
	char id[512];      /* its id, NUL-terminated (ids are at most 511) */
	int exact;         /* same digest */
} wt_index_hit;
WT_NODISCARD wt_err wt_index_match(wt_index *x, const uint64_t *keys,
				   const uint64_t *set, size_t nset,
				   const uint8_t *digest, double threshold,
				   wt_index_hit *out);

typedef struct {
	uint64_t added, present, replaced; /* by the last commit */
	uint64_t gathered;                 /* indexed documents compared */
} wt_index_run;
void wt_index_run_stats(const wt_index *x, wt_index_run *out);

typedef struct {
	uint64_t documents, sources, groups; /* groups: distinct digests */
	uint64_t bands_entries, fp_entries, learned_counts, pages;
	uint64_t runs, stale_pages;          /* runs that added documents */
	char first_date[64], last_date[64];  /* "" when no document has one */
	uint64_t file_bytes, used_bytes, map_bytes;
	wt_scan_opts params;                 /* shingle .. fp_df_cap set */
	int no_text;
} wt_index_info;
WT_NODISCARD wt_err wt_index_stats(wt_index *x, wt_index_info *out);

/* Drop the documents dated before `before` (byte order of the date field:
 * "2015-07-25" drops up to 2015-07-24T23:59); undated ones stay. The
 * learned counts stay: what a source repeated is still its furniture. */
WT_NODISCARD wt_err wt_index_expire(wt_index *x, const char *before,
				    uint64_t *dropped);

/* The index's learned boilerplate for a one-pass run (dedup): lines its
 * counts hold on enough pages, looked up as marking meets them (locked:
 * safe from the batcher's threads). NULL when the index learns nothing.
 * Owned by x; after wt_index_attach. */
WT_NODISCARD wt_err wt_index_model(wt_index *x, const wt_learn **out);

/* Verify every invariant; each failure goes to diag (at most `limit`);
 * *problems counts them. WT_OK when the index could be read. */
WT_NODISCARD wt_err wt_index_check(wt_index *x, unsigned limit,
				   uint64_t *problems);

#endif
