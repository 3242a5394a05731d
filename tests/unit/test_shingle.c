/* test_shingle: word n-gram hashes, the shingle set, the exact-duplicate
 * digest, and known answers that pin the on-disk format. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "shingle.h"

#include <sodium.h>

typedef struct {
	wt_norm nz;
	wt_shingles sh;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	wt_norm_init(&f->nz);
	wt_shingles_init(&f->sh);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	wt_norm_release(&f->nz);
	wt_shingles_release(&f->sh);
	free(f);
	return 0;
}

/* Normalize and shingle text with width n; returns the shingles. */
static wt_shingles *shingle_text(fixture *f, const char *text, unsigned n)
{
	assert_int_equal(wt_norm_text(&f->nz, text, strlen(text)), WT_OK);
	assert_int_equal(wt_shingle(&f->sh, &f->nz, n), WT_OK);
	return &f->sh;
}

/* The digest of f's last text under the test key (secret 7). */
static void digest(fixture *f, uint8_t out[WT_DIGEST_BYTES])
{
	uint8_t key[WT_DIGEST_KEY_BYTES];
	wt_digest_key(7, key);
	assert_int_equal(wt_shingle_digest(&f->sh, &f->nz, key, out), WT_OK);
}

static void check_set_invariants(const wt_shingles *s)
{
	assert_true(s->nset <= s->nseq);
	for (size_t i = 1; i < s->nset; i++)
		assert_true(s->set[i - 1] < s->set[i]); /* sorted and unique */
	/* set == distinct values of seq */
	for (size_t i = 0; i < s->nseq; i++) {
		int found = 0;
		for (size_t j = 0; j < s->nset && !found; j++)
			found = s->set[j] == s->seq[i];
		assert_true(found);
	}
}

static void shingle__fewer_than_n_tokens(void **state)
{
	fixture *f = *state;
	wt_shingles *s = shingle_text(f, "one two three four", 5);
	assert_int_equal(f->nz.ntok, 4);
	assert_int_equal(s->nseq, 0);
	assert_int_equal(s->nset, 0);
	s = shingle_text(f, "", 1);
	assert_int_equal(s->nseq, 0);
	assert_int_equal(s->nset, 0);
	s = shingle_text(f, " ,;. -- !!", 1); /* separators only: no tokens */
	assert_int_equal(s->nseq, 0);
	/* a longer text first, then a short one: old shingles must not leak */
	s = shingle_text(f, "a b c d e f g h", 2);
	assert_int_equal(s->nseq, 7);
	s = shingle_text(f, "a", 2);
	assert_int_equal(s->nseq, 0);
	assert_int_equal(s->nset, 0);
}

static void shingle__exactly_n_tokens(void **state)
{
	fixture *f = *state;
	wt_shingles *s = shingle_text(f, "one two three four five", 5);
	assert_int_equal(s->nseq, 1);
	assert_int_equal(s->nset, 1);
	assert_true(s->seq[0] == s->set[0]);
	s = shingle_text(f, "word", 1);
	assert_int_equal(s->nseq, 1);
	assert_int_equal(s->nset, 1);
}

static void shingle__width_zero_is_an_error(void **state)
{
	fixture *f = *state;
	assert_int_equal(wt_norm_text(&f->nz, "a b c", 5), WT_OK);
	assert_int_equal(wt_shingle(&f->sh, &f->nz, 0), WT_E_ARG);
	assert_int_equal(f->sh.nseq, 0);
}

static void shingle__seq_length_and_set(void **state)
{
	fixture *f = *state;
	const char *text =
		"It was the best of times, it was the worst of times, it was "
		"the age of wisdom, it was the age of foolishness.";
	for (unsigned n = 1; n <= 8; n++) {
		wt_shingles *s = shingle_text(f, text, n);
		assert_int_equal(f->nz.ntok, 24);
		assert_int_equal(s->nseq, f->nz.ntok - n + 1);
		check_set_invariants(s);
	}
	/* n = 1: the distinct words are it was the best of times worst age
	 * wisdom foolishness = 10 */
	assert_int_equal(shingle_text(f, text, 1)->nset, 10);
	/* n = 3: "it was the" occurs 4 times; "of times it", "times it was",
	 * "was the age" and "the age of" twice each */
	wt_shingles *s = shingle_text(f, text, 3);
	assert_int_equal(s->nseq, 22);
	assert_int_equal(s->nset, 22 - 3 - 1 - 1 - 1 - 1);
}

static void shingle__repeated_text(void **state)
{
	fixture *f = *state;
	wt_shingles *s = shingle_text(f, "a b a b a b", 2);
	assert_int_equal(s->nseq, 5);
	assert_int_equal(s->nset, 2); /* "a b" and "b a" */
	/* positional: seq alternates */
	assert_true(s->seq[0] == s->seq[2] && s->seq[2] == s->seq[4]);
	assert_true(s->seq[1] == s->seq[3]);
	assert_true(s->seq[0] != s->seq[1]);
	check_set_invariants(s);
	/* one word repeated: a single shingle */
	s = shingle_text(f, "x x x x x x x", 3);
	assert_int_equal(s->nseq, 5);
	assert_int_equal(s->nset, 1);
}

static void shingle__order_matters(void **state)
{
	fixture *f = *state;
	uint64_t ab = shingle_text(f, "alpha beta", 2)->seq[0];
	uint64_t ba = shingle_text(f, "beta alpha", 2)->seq[0];
	assert_true(ab != ba);
	/* the token boundary matters: "ab c" is not "a bc" */
	uint64_t x = shingle_text(f, "ab c", 2)->seq[0];
	uint64_t y = shingle_text(f, "a bc", 2)->seq[0];
	assert_true(x != y);
}

/* The hash is what shingle.h documents: XXH3-64 of the n token hashes
 * (XXH3-64 of each normalized token) laid out little-endian. */
static void shingle__hash_matches_spec(void **state)
{
	fixture *f = *state;
	const char *text = "Ärger über Straßen: ١٢ قالَ الرئيسُ إنّ ﬁne";
	for (unsigned n = 1; n <= 4; n++) {
		wt_shingles *s = shingle_text(f, text, n);
		assert_true(s->nseq >= 4);
		for (size_t i = 0; i < s->nseq; i++) {
			unsigned char buf[8 * 8];
			for (unsigned k = 0; k < n; k++) {
				const wt_token *t = &f->nz.tok[i + k];
				uint64_t h = XXH3_64bits(f->nz.norm + t->norm_off,
							 t->norm_len);
				for (int b = 0; b < 8; b++)
					buf[k * 8 + b] = (unsigned char)(h >> (8 * b));
			}
			assert_true(s->seq[i] == XXH3_64bits(buf, (size_t)n * 8));
		}
	}
}

static void shingle__digest(void **state)
{
	fixture *f = *state;
	uint8_t d1[WT_DIGEST_BYTES], d2[WT_DIGEST_BYTES], d3[WT_DIGEST_BYTES];
	shingle_text(f, "Hello, World! The QUICK fox.", 1);
	digest(f, d1);
	/* same normalized text: case, punctuation and spacing differ */
	shingle_text(f, "  hello world the quick\n\tfox ", 1);
	digest(f, d2);
	assert_memory_equal(d1, d2, WT_DIGEST_BYTES);
	/* different text */
	shingle_text(f, "hello world the quick fix", 1);
	digest(f, d3);
	assert_memory_not_equal(d1, d3, WT_DIGEST_BYTES);
	/* tokens are joined by a separator: "ab c" differs from "a bc" */
	shingle_text(f, "ab c", 1);
	digest(f, d1);
	shingle_text(f, "a bc", 1);
	digest(f, d2);
	assert_memory_not_equal(d1, d2, WT_DIGEST_BYTES);
	/* Arabic folding: diacritics and hamza forms give the same digest */
	shingle_text(f, "قالَ الرئيسُ إنّ", 1);
	digest(f, d1);
	shingle_text(f, "قال الرييس ان", 1);
	digest(f, d2);
	assert_memory_equal(d1, d2, WT_DIGEST_BYTES);
}

/* Known answers. These values pin the shingle hash (and digest) of fixed
 * texts: they were computed once from this implementation and hard-coded.
 * Scans persist and compare these hashes, so if this test fails the token
 * normalization or the hashing changed: that is a format change, which
 * requires bumping WT_NORM_VERSION (norm.h) and updating these values
 * deliberately -- never just re-pinning them silently. */
static void shingle__known_answer_english(void **state)
{
	fixture *f = *state;
	static const uint64_t want[] = {
		0xe44ad0d4a2feccdeull, 0xb8f7dd4ed98c54e4ull, 0x5a2485b2b09ef47aull,
		0x70b04d43115ec42eull, 0x8b3957db677aeb48ull,
	};
	static const uint8_t want_digest[WT_DIGEST_BYTES] = {
		0x61, 0xe5, 0x81, 0x3a, 0x5d, 0x54, 0x2e, 0x9b,
		0x8d, 0x1f, 0xb6, 0xc4, 0x9d, 0x17, 0x57, 0x76,
	};
	assert_int_equal(WT_NORM_VERSION, 1); /* values below are for v1 */
	wt_shingles *s =
		shingle_text(f, "The quick brown fox jumps over the lazy dog.", 5);
	assert_int_equal(s->nseq, 5);
	for (size_t i = 0; i < 5; i++)
		if (s->seq[i] != want[i])
			fail_msg("seq[%zu] = 0x%016llx, pinned 0x%016llx", i,
				 (unsigned long long)s->seq[i],
				 (unsigned long long)want[i]);
	uint8_t d[WT_DIGEST_BYTES];
	digest(f, d);
	assert_memory_equal(d, want_digest, WT_DIGEST_BYTES);
}

static void shingle__known_answer_arabic(void **state)
{
	fixture *f = *state;
	/* harakat, hamza forms, teh marbuta and an Arabic-Indic digit: the
	 * folded tokens are قال الرييس ان الاقتصاد سينمو بنسبه 3 هذا العام */
	static const uint64_t want[] = {
		0xb25141abca9349aaull, 0x4f5e22209a15f60cull, 0x018a296f8ca10d14ull,
		0x34b6cc3a3d553246ull, 0xcb69f8d7a179c4c7ull,
	};
	static const uint8_t want_digest[WT_DIGEST_BYTES] = {
		0x2c, 0x35, 0x29, 0xa3, 0x5a, 0xde, 0x0c, 0x2d,
		0x3d, 0xeb, 0x97, 0xa1, 0xd1, 0xc8, 0x73, 0x80,
	};
	assert_int_equal(WT_NORM_VERSION, 1);
	wt_shingles *s = shingle_text(
		f, "قالَ الرئيسُ إنّ الاقتصادَ سينمو بنسبة ٣٪ هذا العام", 5);
	assert_int_equal(f->nz.ntok, 9);
	assert_int_equal(s->nseq, 5);
	for (size_t i = 0; i < 5; i++)
		if (s->seq[i] != want[i])
			fail_msg("seq[%zu] = 0x%016llx, pinned 0x%016llx", i,
				 (unsigned long long)s->seq[i],
				 (unsigned long long)want[i]);
	uint8_t d[WT_DIGEST_BYTES];
	digest(f, d);
	assert_memory_equal(d, want_digest, WT_DIGEST_BYTES);
}

/* The digest is SipHash-2-4-128 under the key of the normalized tokens
 * joined by spaces, around a token longer than any buffer; the key is
 * BLAKE2b-128 of a label and the secret, and another secret gives
 * another digest. */
static void shingle__digest_definition(void **state)
{
	(void)state;
	size_t cap = 64 * 1024;
	char *text = malloc(cap), *joined = malloc(cap);
	size_t n = 0;
	for (int i = 0; i < 900; i++)
		n += (size_t)snprintf(text + n, cap - n, "word%d ", i);
	for (int i = 0; i < 6000; i++)
		text[n++] = 'x';
	n += (size_t)snprintf(text + n, cap - n, " tail end");
	wt_norm nz;
	wt_shingles sh;
	wt_norm_init(&nz);
	wt_shingles_init(&sh);
	assert_int_equal(wt_norm_text(&nz, text, n), WT_OK);
	size_t m = 0;
	for (size_t i = 0; i < nz.ntok; i++) {
		if (i)
			joined[m++] = ' ';
		memcpy(joined + m, nz.norm + nz.tok[i].norm_off, nz.tok[i].norm_len);
		m += nz.tok[i].norm_len;
	}
	unsigned char label[32] = "wiretrace-digest-key-v1", key[16];
	label[24] = 7;
	crypto_generichash(key, sizeof key, label, sizeof label, NULL, 0);
	uint8_t k7[WT_DIGEST_KEY_BYTES], k8[WT_DIGEST_KEY_BYTES];
	wt_digest_key(7, k7);
	wt_digest_key(8, k8);
	assert_memory_equal(key, k7, sizeof key);
	uint8_t want[WT_DIGEST_BYTES], got[WT_DIGEST_BYTES], other[WT_DIGEST_BYTES];
	crypto_shorthash_siphashx24(want, (unsigned char *)joined, m, key);
	assert_int_equal(wt_shingle_digest(&sh, &nz, k7, got), WT_OK);
	assert_memory_equal(want, got, sizeof want);
	assert_int_equal(wt_shingle_digest(&sh, &nz, k8, other), WT_OK);
	assert_memory_not_equal(got, other, sizeof got);
	wt_norm_release(&nz);
	wt_shingles_release(&sh);
	free(text);
	free(joined);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shingle__digest_definition),
		cmocka_unit_test_setup_teardown(shingle__fewer_than_n_tokens, setup,
						teardown),
		cmocka_unit_test_setup_teardown(shingle__exactly_n_tokens, setup,
						teardown),
		cmocka_unit_test_setup_teardown(shingle__width_zero_is_an_error,
						setup, teardown),
		cmocka_unit_test_setup_teardown(shingle__seq_length_and_set, setup,
						teardown),
		cmocka_unit_test_setup_teardown(shingle__repeated_text, setup,
						teardown),
		cmocka_unit_test_setup_teardown(shingle__order_matters, setup,
						teardown),
		cmocka_unit_test_setup_teardown(shingle__hash_matches_spec, setup,
						teardown),
		cmocka_unit_test_setup_teardown(shingle__digest, setup, teardown),
		cmocka_unit_test_setup_teardown(shingle__known_answer_english, setup,
						teardown),
		cmocka_unit_test_setup_teardown(shingle__known_answer_arabic, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
