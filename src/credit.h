/* credit: which wire agencies a document credits ("(واس)", "أ ف ب",
 * "Reuters", ...). The agencies are a data table in credit.c, each with
 * the phrases that name it in normalized form; a document credits an
 * agency when one of its phrases occurs among the document's kept words.
 * The reporter shows credits beside the pair: a copy that names the wire
 * it took the story from says where the story came from. */
#ifndef WT_CREDIT_H
#define WT_CREDIT_H

#include "common.h"

/* A set of agencies: bit i = agency i of the table. */
typedef uint32_t wt_credits;

typedef struct wt_credit_table wt_credit_table;

/* Build the phrase index (word hashes, shingle.h). Owned: free with
 * wt_credit_table_free. Immutable after: share it between threads. */
WT_NODISCARD wt_err wt_credit_table_new(wt_credit_table **out);
void wt_credit_table_free(wt_credit_table *t);

/* Agencies credited by the word hashes tok[0..n) (wt_token_hash). */
wt_credits wt_credit_find(const wt_credit_table *t, const uint64_t *tok,
			  size_t n);

/* Display name of agency i ("AFP", "SPA", ...), NULL past the end. */
const char *wt_credit_name(unsigned i);

/* Phrase k of the table (for tests): its agency, display form and
 * normalized form. Returns 0 past the end. */
int wt_credit_phrase(size_t k, unsigned *agency, const char **display,
		     const char **norm);

#endif
