/* fuzz_json: differential test of the JSONL member extractor against
 * jansson. Whatever jansson accepts as an object, wt_json_members accepts
 * with the same string members and integer ids; what jansson rejects it may
 * accept (raw control characters, lone surrogates) but must not crash on. */
#include "fuzz.h"
#include "json.h"
#include "read.h" /* wt_utf8_repair */

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {"id", "text", "a", "\xc3\xa9", "b"};
enum { N = sizeof names / sizeof *names };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size * 3 + 1);
	uint64_t inv = 0;
	size_t n = wt_utf8_repair((const char *)data, size, s, &inv);
	wt_json_val v[N];
	wt_json_scratch sc = {0};
	size_t col;
	const char *what;
	uint64_t lone = 0;
	wt_err e = wt_json_members(s, n, names, N, v, &sc, &lone, &col, &what);
	if (e == WT_E_PARSE && (col < 1 || col > n + 1 || !what))
		abort();
	json_error_t err;
	json_t *root = json_loadb(s, n, JSON_ALLOW_NUL, &err);
	/* jansson's lexer takes a raw NUL byte after a number as its end; we
	 * refuse such lines, so they are compared for crashes only */
	if (root && json_is_object(root) && !memchr(s, 0, n)) {
		if (e != WT_OK)
			abort(); /* jansson accepted an object we refused */
		for (int k = 0; k < N; k++) {
			json_t *m = json_object_get(root, names[k]);
			if (json_is_string(m)) {
				if (!v[k].p || v[k].is_int || v[k].n != json_string_length(m) ||
				    memcmp(v[k].p, json_string_value(m), v[k].n))
					abort();
			} else if (json_is_integer(m)) {
				if (!v[k].p || !v[k].is_int)
					abort();
				char *t = strndup(v[k].p, v[k].n);
				if (strtoll(t, NULL, 10) != json_integer_value(m))
					abort();
				free(t);
			} else if (v[k].p) {
				abort(); /* absent, real, bool, null or container there */
			}
		}
	}
	json_decref(root);
	free(sc.buf);
	free(s);
	return 0;
}
