/* json: a small, strict-enough extractor of top-level string members from
 * one JSON object (one JSONL record), without building a tree. Strings
 * without escapes are returned in place; escaped ones are decoded into a
 * caller-owned buffer. Lone surrogate escapes decode to U+FFFD and are
 * counted (scraped feeds carry them); raw control characters inside
 * strings are accepted. Everything jansson accepts, this accepts with the
 * same member values (tests/fuzz/fuzz_json.c checks it). */
#ifndef WT_JSON_H
#define WT_JSON_H

#include "common.h"

#define WT_JSON_MAX_DEPTH 64

typedef struct {
	const char *p; /* NULL: absent or not a string/integer */
	size_t n;
	int is_int; /* p is the text of an integer */
} wt_json_val;

typedef struct {
	char *buf; /* decoded escaped strings; Owned by the caller */
	size_t cap;
} wt_json_scratch;

/* Parse the object in s[0..n) (valid UTF-8) and fill val[i] with the member
 * named names[i] (the last one when repeated). Values are Borrowed from s
 * or sc, valid until the next call with sc. *invalid counts lone
 * surrogates replaced. On a syntax error returns WT_E_PARSE with *col set
 * to the 1-based byte column and *what to a static description. */
WT_NODISCARD wt_err wt_json_members(const char *s, size_t n,
				    const char *const *names, int nnames,
				    wt_json_val *val, wt_json_scratch *sc,
				    uint64_t *invalid, size_t *col,
				    const char **what);

#endif
