/* read: documents from a path, one at a time. A path is "-" (JSONL on
 * stdin), a directory (walked recursively in byte order of names; each .txt
 * file is a document whose id is its path relative to the directory, each
 * .jsonl / .jsonl.gz file is read as JSONL; names starting with '.' and
 * other files are passed over), a .txt file, or a JSONL file (gzip is
 * detected from the content). Nothing holds more than one record. */
#ifndef WT_READ_H
#define WT_READ_H

#include "common.h"

typedef struct {
	const char *p; /* NULL when absent; may contain NUL bytes only in text */
	size_t n;
} wt_str;

enum { WT_F_ID, WT_F_TEXT, WT_F_SOURCE, WT_F_URL, WT_F_DATE, WT_F_TITLE,
       WT_F_COUNT };

/* One document. Every pointer is Borrowed: valid until the next
 * wt_reader_next or wt_reader_free. */
typedef struct {
	wt_str f[WT_F_COUNT]; /* id and text are always present */
	const char *path;     /* file the document came from */
	uint64_t line;        /* 1-based JSONL line; 0 for a .txt file */
	uint64_t invalid;     /* invalid UTF-8 sequences the reader replaced */
	wt_str raw;           /* the JSONL record as read (UTF-8 repaired);
				 empty for a .txt file */
} wt_doc;

typedef struct {
	const char *field[WT_F_COUNT]; /* JSON member names */
	size_t max_doc_bytes;          /* larger documents are refused */
	wt_diag_fn *diag;              /* may be NULL */
	void *diag_ctx;
} wt_read_opts;

#define WT_MAX_DOC_DEFAULT ((size_t)64 << 20)

/* Fields "id", "text", "source", "url", "date", "title"; 64 MiB cap. */
void wt_read_opts_default(wt_read_opts *o);

typedef struct wt_reader wt_reader;

/* Open path (borrowed for the reader's life) with o (copied). Owned: free
 * with wt_reader_free. WT_E_IO (reported through o->diag) when the path
 * does not exist or cannot be read. */
WT_NODISCARD wt_err wt_reader_open(const char *path, const wt_read_opts *o,
				   wt_reader **out);
void wt_reader_free(wt_reader *r);

/* Next document. WT_OK with *done = 0: *doc is filled. WT_OK with *done = 1:
 * no more documents. Any other code: one record was bad (already reported
 * through diag, with file and line) and was passed over; calling again
 * continues with the next record. WT_E_BINARY is a warning: a file that
 * is not text was passed over. WT_E_IO on a stream ends that stream. */
WT_NODISCARD wt_err wt_reader_next(wt_reader *r, wt_doc *doc, int *done);

/* Bytes of input consumed so far and in total (total 0 when unknown, as for
 * a pipe). For gzip input these count compressed bytes. */
void wt_reader_progress(const wt_reader *r, uint64_t *done_bytes,
			uint64_t *total_bytes);

/* Is s[0..n) valid UTF-8 throughout (no overlong form, surrogate, code
 * point over U+10FFFF or sequence cut short)? 32 bytes a step where the
 * CPU has AVX2. */
int wt_utf8_valid(const char *s, size_t n);

/* Replace invalid UTF-8 in s[0..n) by U+FFFD into out (capacity >= 3n);
 * returns the new length and adds the sequences replaced to *invalid. */
size_t wt_utf8_repair(const char *s, size_t n, char *out, uint64_t *invalid);

#endif
