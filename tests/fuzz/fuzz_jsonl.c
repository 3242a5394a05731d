/* fuzz_jsonl: the input as a JSONL file (plain or gzip, which zlib detects
 * from the content) read through wt_reader_open / wt_reader_next, the way
 * the scanner reads it. The bytes go to a memfd opened as
 * /proc/self/fd/N, a path that does not end in .txt, so the reader takes
 * the JSONL branch. A small document cap exercises the limit paths.
 * Checks: every document has an id (non-empty, no NUL) and a text within
 * the cap, all valid UTF-8; every error is reported once through diag; the
 * line numbers of documents and errors strictly increase, so the reader
 * never reports the same record twice nor spins on one error; after the
 * end it stays at the end; progress never passes the file size. */
#include "fuzz.h"
#include "read.h"
#include "norm.h" /* wt_utf8_decode */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>


#define MAX_DOC 4096
#define MAX_RECORDS 10000 /* documents and errors; bounds gzip bombs */

typedef struct {
	size_t count;   /* diagnostics so far */
	wt_diag last;   /* the latest one (strings not kept) */
	int last_path_ok;
	const char *path;
} diag_log;

static void on_diag(void *ctx, const wt_diag *d)
{
	diag_log *l = ctx;
	CHECK(d->msg != NULL);
	l->count++;
	l->last = *d;
	l->last.msg = NULL;
	l->last.path = NULL;
	l->last_path_ok = d->path && !strcmp(d->path, l->path);
}

static void check_utf8(const wt_str *s)
{
	const unsigned char *u = (const unsigned char *)s->p;
	for (size_t i = 0; i < s->n;) {
		int32_t cp;
		size_t k = wt_utf8_decode(u + i, s->n - i, &cp);
		CHECK(cp >= 0);
		i += k;
	}
}

static int has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

static int memfd = -1;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (memfd < 0) {
		memfd = memfd_create("fuzz_jsonl", MFD_CLOEXEC);
		CHECK(memfd >= 0);
	}
	CHECK(ftruncate(memfd, 0) == 0);
	for (size_t off = 0; off < size;) {
		ssize_t k = pwrite(memfd, data + off, size - off, (off_t)off);
		CHECK(k > 0);
		off += (size_t)k;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
	CHECK(!has_suffix(path, ".txt"));

	diag_log log = {0};
	log.path = path;
	wt_read_opts o;
	wt_read_opts_default(&o);
	o.max_doc_bytes = MAX_DOC;
	o.diag = on_diag;
	o.diag_ctx = &log;
	wt_reader *r;
	CHECK(wt_reader_open(path, &o, &r) == WT_OK);
	CHECK(r != NULL);
	CHECK(log.count == 0);

	uint64_t last_line = 0, last_done = 0;
	int done = 0;
	for (size_t rec = 0; rec < MAX_RECORDS && !done; rec++) {
		size_t before = log.count;
		wt_doc doc;
		wt_err e = wt_reader_next(r, &doc, &done);
		uint64_t pdone, ptotal;
		wt_reader_progress(r, &pdone, &ptotal);
		CHECK(ptotal == size);
		CHECK(pdone <= ptotal);
		CHECK(pdone >= last_done);
		last_done = pdone;
		if (e == WT_OK && done) {
			CHECK(log.count == before);
			break;
		}
		CHECK(!done);
		if (e != WT_OK) {
			CHECK(e > WT_OK && e <= WT_E_MISSING);
			CHECK(e != WT_E_BINARY); /* only for .txt files */
			if (e == WT_E_NOMEM)
				continue; /* not reported through diag */
			CHECK(log.count == before + 1);
			CHECK(log.last.code == e);
			CHECK(log.last.level == WT_DIAG_ERROR);
			CHECK(log.last_path_ok);
			CHECK(log.last.line > last_line);
			last_line = log.last.line;
			continue;
		}
		CHECK(log.count == before);
		CHECK(doc.path != NULL && !strcmp(doc.path, path));
		CHECK(doc.line > last_line);
		last_line = doc.line;
		const wt_str *id = &doc.f[WT_F_ID], *text = &doc.f[WT_F_TEXT];
		CHECK(id->p != NULL && text->p != NULL);
		CHECK(id->n > 0 && !memchr(id->p, 0, id->n));
		CHECK(text->n <= MAX_DOC);
		for (int f = 0; f < WT_F_COUNT; f++) {
			if (doc.f[f].p)
				check_utf8(&doc.f[f]); /* ASan: readable too */
			else
				CHECK(doc.f[f].n == 0);
		}
	}
	if (done) {
		/* the end is sticky */
		wt_doc doc;
		size_t before = log.count;
		CHECK(wt_reader_next(r, &doc, &done) == WT_OK && done);
		CHECK(log.count == before);
	}
	wt_reader_free(r);
	return 0;
}
