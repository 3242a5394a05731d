/* fuzz_norm: wt_norm_text on raw bytes (vector, bytewise and force_slow
 * paths), then
 * wt_shingle with n = 1..5 and wt_sort_u64, checking the invariants that
 * norm.h and shingle.h promise. Any violation prints what broke and calls
 * abort(), which libFuzzer and driver.c both report as a crash. */
#include "fuzz.h"
#include "norm.h"
#include "shingle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Worst case growth of one input byte through NFKC + case fold: a code
 * point of >= 2 bytes decomposes to at most 18 code points of <= 4 bytes
 * (U+FDFA), so 36 output bytes per input byte; ASCII maps 1:1. */
#define NORM_GROWTH 36

/* Code points the Arabic rule table of norm.c (applied after NFKC) never
 * lets through: folded letters, tatweel, harakat, superscript alef and the
 * Arabic-Indic / Persian digits. */
static int arabic_folded_away(int32_t cp)
{
	switch (cp) {
	case 0x0622: case 0x0623: case 0x0624: case 0x0625: case 0x0626:
	case 0x0629: case 0x0640: case 0x0649: case 0x0670: case 0x0671:
	case 0x06A9: case 0x06CC:
		return 1;
	}
	return (cp >= 0x064B && cp <= 0x065F) || (cp >= 0x0660 && cp <= 0x0669) ||
	       (cp >= 0x06F0 && cp <= 0x06F9);
}

/* Structural invariants of one wt_norm_text result on text[0..len). bound[i]
 * is 1 where a UTF-8 sequence (valid or not) starts when text is decoded
 * from the front with wt_utf8_decode, and at len. */
static void check_norm(const wt_norm *n, const unsigned char *text, size_t len,
		       const unsigned char *bound, uint64_t invalid)
{
	CHECK(n->invalid == invalid);
	CHECK(n->ntok == 0 || n->tok != NULL);
	CHECK(n->norm_len == 0 || n->norm != NULL);
	CHECK(n->norm_len <= NORM_GROWTH * len);
	CHECK(n->ntok <= n->norm_len); /* tokens are never empty */
	size_t off = 0;
	for (size_t i = 0; i < n->ntok; i++) {
		const wt_token *t = &n->tok[i];
		/* span inside the input, on sequence boundaries, non-empty */
		CHECK(t->span.len > 0);
		CHECK((uint64_t)t->span.off + t->span.len <= len);
		CHECK(bound[t->span.off] && bound[t->span.off + t->span.len]);
		/* a word starts with a word character (never invalid bytes) */
		int32_t first;
		wt_utf8_decode(text + t->span.off, len - t->span.off, &first);
		CHECK(first >= 0);
		if (first < 0x80)
			CHECK(((first | 0x20) >= 'a' && (first | 0x20) <= 'z') ||
			      (first >= '0' && first <= '9'));
		if (i) {
			const wt_token *p = &n->tok[i - 1];
			CHECK(t->span.off >= p->span.off);
			/* pieces of one raw word share its span; words are
			 * disjoint */
			if (t->span.off == p->span.off)
				CHECK(t->span.len == p->span.len);
			else
				CHECK(t->span.off >= p->span.off + p->span.len);
		}
		/* normalized bytes tile norm[0..norm_len) in order */
		CHECK(t->norm_len > 0);
		CHECK(t->norm_off == off);
		CHECK((uint64_t)t->norm_off + t->norm_len <= n->norm_len);
		off += t->norm_len;
		/* valid UTF-8 of word characters only */
		const unsigned char *s = (const unsigned char *)n->norm + t->norm_off;
		for (size_t j = 0; j < t->norm_len;) {
			int32_t cp;
			size_t k = wt_utf8_decode(s + j, t->norm_len - j, &cp);
			CHECK(k >= 1 && k <= 4 && j + k <= t->norm_len);
			CHECK(cp >= 0);
			CHECK(cp != 0xFFFD);
			if (cp < 0x80)
				CHECK((cp >= 'a' && cp <= 'z') ||
				      (cp >= '0' && cp <= '9'));
			CHECK(!arabic_folded_away(cp));
			j += k;
		}
	}
	CHECK(off == n->norm_len);
}

static void check_same(const wt_norm *a, const wt_norm *b)
{
	CHECK(a->invalid == b->invalid);
	CHECK(a->ntok == b->ntok);
	CHECK(a->norm_len == b->norm_len);
	if (a->norm_len)
		CHECK(!memcmp(a->norm, b->norm, a->norm_len));
	for (size_t i = 0; i < a->ntok; i++) {
		CHECK(a->tok[i].span.off == b->tok[i].span.off);
		CHECK(a->tok[i].span.len == b->tok[i].span.len);
		CHECK(a->tok[i].norm_off == b->tok[i].norm_off);
		CHECK(a->tok[i].norm_len == b->tok[i].norm_len);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static void check_shingles(const wt_norm *nz)
{
	wt_shingles s;
	wt_shingles_init(&s);
	CHECK(wt_shingle(&s, nz, 0) == WT_E_ARG);
	for (unsigned n = 1; n <= 5; n++) {
		CHECK(wt_shingle(&s, nz, n) == WT_OK);
		if (nz->ntok < n) {
			CHECK(s.nseq == 0 && s.nset == 0);
			continue;
		}
		CHECK(s.nseq == nz->ntok - n + 1);
		CHECK(s.nset >= 1 && s.nset <= s.nseq);
		for (size_t i = 1; i < s.nset; i++)
			CHECK(s.set[i - 1] < s.set[i]);
		/* set is exactly the distinct values of seq */
		uint64_t *v = malloc(s.nseq * sizeof *v);
		CHECK(v != NULL);
		memcpy(v, s.seq, s.nseq * sizeof *v);
		qsort(v, s.nseq, sizeof *v, cmp_u64);
		size_t k = 0;
		for (size_t i = 0; i < s.nseq; i++)
			if (!k || v[k - 1] != v[i])
				v[k++] = v[i];
		CHECK(k == s.nset);
		CHECK(!memcmp(v, s.set, k * sizeof *v));
		free(v);
		/* equal token windows give equal shingle hashes */
		for (size_t i = 1; i < s.nseq; i++) {
			int same = 1;
			for (size_t j = 0; j < n && same; j++) {
				const wt_token *a = &nz->tok[i - 1 + j], *b = &nz->tok[i + j];
				same = a->norm_len == b->norm_len &&
				       !memcmp(nz->norm + a->norm_off, nz->norm + b->norm_off,
					       a->norm_len);
			}
			if (same)
				CHECK(s.seq[i - 1] == s.seq[i]);
		}
	}
	wt_shingles_release(&s);
}

/* wt_sort_u64 (radix from 64 elements up) against qsort, on the input read
 * as little-endian 64-bit words. */
static void check_sort(const uint8_t *data, size_t size)
{
	size_t m = size / 8;
	if (!m)
		return;
	uint64_t *v = malloc(m * sizeof *v), *w = malloc(m * sizeof *w),
		 *tmp = malloc(m * sizeof *tmp);
	CHECK(v && w && tmp);
	for (size_t i = 0; i < m; i++) {
		uint64_t x = 0;
		for (int b = 7; b >= 0; b--)
			x = x << 8 | data[i * 8 + (size_t)b];
		v[i] = w[i] = x;
	}
	wt_sort_u64(v, tmp, m);
	qsort(w, m, sizeof *w, cmp_u64);
	CHECK(!memcmp(v, w, m * sizeof *v));
	free(v);
	free(w);
	free(tmp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	/* Sequence boundaries and the invalid count, decoding from the front. */
	unsigned char *bound = calloc(size + 1, 1);
	CHECK(bound != NULL);
	uint64_t invalid = 0;
	for (size_t i = 0; i < size;) {
		int32_t cp;
		size_t k = wt_utf8_decode(data + i, size - i, &cp);
		CHECK(k >= 1 && k <= 4 && k <= size - i);
		CHECK(cp >= -1 && cp <= 0x10FFFF);
		CHECK(!(cp >= 0xD800 && cp <= 0xDFFF));
		invalid += cp < 0;
		bound[i] = 1;
		i += k;
	}
	bound[size] = 1;

	wt_norm fast, slow;
	wt_norm_init(&fast);
	wt_norm_init(&slow);
	slow.force_slow = 1;
	CHECK(wt_norm_text(&fast, text, size) == WT_OK);
	check_norm(&fast, data, size, bound, invalid);
	CHECK(wt_norm_text(&slow, text, size) == WT_OK);
	check_norm(&slow, data, size, bound, invalid);
	check_same(&fast, &slow);

	/* The vector path (where the CPU has it) gives the scalar one's
	 * tokens exactly. */
	wt_norm bytewise;
	wt_norm_init(&bytewise);
	bytewise.no_vec = 1;
	CHECK(wt_norm_text(&bytewise, text, size) == WT_OK);
	check_same(&fast, &bytewise);
	wt_norm_release(&bytewise);

	/* Reused scratch gives the same result as fresh scratch. */
	static const char warm[] = "Warm UP the Scratch, \xEF\xAC\x81ne "
				   "\xD9\x83\xD8\xAA\xD8\xA7\xD8\xA8";
	wt_norm again;
	wt_norm_init(&again);
	CHECK(wt_norm_text(&again, warm, sizeof warm - 1) == WT_OK);
	CHECK(wt_norm_text(&again, text, size) == WT_OK);
	check_same(&fast, &again);
	wt_norm_release(&again);

	check_shingles(&fast);
	uint8_t d1[WT_DIGEST_BYTES], d2[WT_DIGEST_BYTES], key[WT_DIGEST_KEY_BYTES];
	wt_shingles sh;
	wt_shingles_init(&sh);
	wt_digest_key(1, key);
	CHECK(wt_shingle_digest(&sh, &fast, key, d1) == WT_OK);
	CHECK(wt_shingle_digest(&sh, &slow, key, d2) == WT_OK);
	CHECK(!memcmp(d1, d2, sizeof d1));
	wt_shingles_release(&sh);

	wt_norm_release(&fast);
	wt_norm_release(&slow);
	free(bound);
	check_sort(data, size);
	return 0;
}
