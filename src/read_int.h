/* read_int: what read.c and read_jsonl.c share; not part of the API. */
#ifndef WT_READ_INT_H
#define WT_READ_INT_H

#include "read.h"

#include <stdarg.h>

typedef struct wt_jsonl wt_jsonl;

/* JSONL reader over path ("-" = stdin). */
wt_err wt_jsonl_open(const char *path, const wt_read_opts *o, wt_jsonl **out);
void wt_jsonl_free(wt_jsonl *j);
wt_err wt_jsonl_next(wt_jsonl *j, wt_doc *doc, int *done);
void wt_jsonl_progress(const wt_jsonl *j, uint64_t *done, uint64_t *total);

/* Report through o->diag; returns code for convenience. */
wt_err wt_read_diag(const wt_read_opts *o, wt_diag_level lv, wt_err code,
		    const char *path, uint64_t line, const char *fmt, ...)
	WT_PRINTF(6, 7);

#endif
