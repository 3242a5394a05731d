/* test_align: shared passages of two documents. Documents are built as
 * word-hash sequences (fresh random words never repeat, so every shared
 * word is planted) with fingerprints made as scan makes them; the cases
 * pin exact ranges for pasted, edited, reordered, shuffled and repeated
 * passages, the min_words floor, never the same words twice on both
 * sides, hostile repetition, and a planted ground truth: every planted run
 * is found, exactly where it was put. One case runs real text through the
 * normalizer and shingler. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "wiretrace.h"

#define SHINGLE 5
#define MIN_WORDS 15

#define RNG_SEED 0xB7E151628AED2A6Bull
#include "rng.h"

/* A growable word sequence. */
typedef struct {
	uint64_t *v;
	size_t n, cap;
} words;

static void put(words *w, const uint64_t *src, size_t n)
{
	if (w->n + n > w->cap) {
		w->cap = (w->n + n) * 2 + 16;
		w->v = realloc(w->v, w->cap * 8);
		assert_non_null(w->v);
	}
	memcpy(w->v + w->n, src, n * 8);
	w->n += n;
}

/* n words never seen before */
static void put_fresh(words *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t x = rnd();
		put(w, &x, 1);
	}
}

static void put_word(words *w, uint64_t x, size_t times)
{
	for (size_t i = 0; i < times; i++)
		put(w, &x, 1);
}

static words fresh(size_t n)
{
	words w = {0};
	put_fresh(&w, n);
	return w;
}

/* A document as scan hands it to wt_align: word hashes, and the
 * winnowed fingerprints of their shingles sorted by (hash, pos). */
typedef struct {
	uint64_t *seq;
	uint32_t *tok; /* low 32 bits of the word hashes, as scan keeps them */
	wt_fp *fp;
	wt_align_doc d;
} tdoc;

static void tdoc_build(tdoc *t, const words *w, unsigned min_words)
{
	size_t n = w->n, m = n >= SHINGLE ? n - SHINGLE + 1 : 0;
	t->seq = malloc((m ? m : 1) * 8);
	t->tok = malloc((n ? n : 1) * 4);
	t->fp = malloc((m ? m : 1) * sizeof *t->fp);
	assert_true(t->seq && t->tok && t->fp);
	for (size_t i = 0; i < n; i++)
		t->tok[i] = (uint32_t)w->v[i];
	for (size_t i = 0; i < m; i++) /* as shingle.c: XXH3 of n LE hashes */
		t->seq[i] = XXH3_64bits(&w->v[i], SHINGLE * 8);
	size_t nfp = wt_winnow(t->seq, m, wt_winnow_window(min_words, SHINGLE),
			       t->fp);
	wt_fp_sort(t->fp, nfp);
	t->d = (wt_align_doc){t->tok, n, t->fp, nfp};
}

static void tdoc_release(tdoc *t)
{
	free(t->seq);
	free(t->tok);
	free(t->fp);
}

/* Is x among v[0..n)? */
static int holds(const uint32_t *v, size_t n, uint32_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

/* What every result must satisfy: ranges inside the documents, sorted by
 * a0, never two on the same words of both texts (one text quoted twice
 * in the other is two passages), at least min_words matched and no more
 * than either side's length; each end is a matched word, found in the
 * other side's range (shuffled phrases merge, so a0 and b0 need not be
 * the same word). */
static void check_invariants(const wt_aligner *al, const wt_align_doc *a,
			     const wt_align_doc *b, unsigned min_words)
{
	for (size_t k = 0; k < al->n; k++) {
		const wt_match *m = &al->m[k];
		assert_true(m->a0 < m->a1 && m->a1 <= a->ntok);
		assert_true(m->b0 < m->b1 && m->b1 <= b->ntok);
		assert_true(m->matched >= min_words);
		assert_true(m->matched <= m->a1 - m->a0);
		assert_true(m->matched <= m->b1 - m->b0);
		const uint32_t *ra = a->tok + m->a0, *rb = b->tok + m->b0;
		size_t na = m->a1 - m->a0, nb = m->b1 - m->b0;
		assert_true(holds(rb, nb, ra[0]) && holds(rb, nb, ra[na - 1]));
		assert_true(holds(ra, na, rb[0]) && holds(ra, na, rb[nb - 1]));
		if (k)
			assert_true(al->m[k - 1].a0 <= m->a0);
		for (size_t q = 0; q < k; q++) {
			const wt_match *p = &al->m[q];
			if (p->a0 < m->a1 && m->a0 < p->a1 && p->b0 < m->b1 &&
			    m->b0 < p->b1)
				fail_msg("passages %zu and %zu overlap in both texts: a "
					 "[%u,%u) [%u,%u) b [%u,%u) [%u,%u)", q, k, p->a0,
					 p->a1, m->a0, m->a1, p->b0, p->b1, m->b0, m->b1);
		}
	}
}

/* Align a with b under min_words (defaults otherwise); check the
 * invariants; the passages stay in al. */
static void align_words(wt_aligner *al, const words *a, const words *b,
			unsigned min_words)
{
	tdoc da, db;
	tdoc_build(&da, a, min_words);
	tdoc_build(&db, b, min_words);
	wt_align_opts o;
	wt_align_opts_default(&o, SHINGLE);
	o.min_words = min_words;
	assert_int_equal(wt_align(al, &o, &da.d, &db.d), WT_OK);
	check_invariants(al, &da.d, &db.d, min_words);
	tdoc_release(&da);
	tdoc_release(&db);
}

static void expect(const wt_aligner *al, size_t k, uint32_t a0, uint32_t a1,
		   uint32_t b0, uint32_t b1, uint32_t matched)
{
	assert_true(k < al->n);
	const wt_match *m = &al->m[k];
	if (m->a0 != a0 || m->a1 != a1 || m->b0 != b0 || m->b1 != b1 ||
	    m->matched != matched)
		fail_msg("passage %zu: a [%u,%u) b [%u,%u) matched %u; want a "
			 "[%u,%u) b [%u,%u) matched %u",
			 k, m->a0, m->a1, m->b0, m->b1, m->matched, a0, a1, b0, b1,
			 matched);
}

static int setup(void **state)
{
	wt_aligner *al = malloc(sizeof *al);
	if (!al)
		return -1;
	wt_aligner_init(al);
	*state = al;
	return 0;
}

static int teardown(void **state)
{
	wt_aligner_release(*state);
	free(*state);
	return 0;
}

/* n fingerprints sorted by (hash, pos) with hashes below range. */
static wt_fp *random_fps(size_t n, uint32_t range)
{
	wt_fp *fp = malloc((n ? n : 1) * sizeof *fp);
	assert_non_null(fp);
	for (size_t i = 0; i < n; i++)
		fp[i] = (wt_fp){(uint32_t)(rnd() % range), (uint32_t)(rnd() % 1000)};
	wt_fp_sort(fp, n);
	return fp;
}

/* The vector fingerprint match (16 against 16) gives the merge's seeds
 * exactly: sizes across block edges, hashes from a few (groups of equal
 * hashes spanning blocks, capped at 8 a side) to many, a document against
 * itself. */
static void align__vec_seeds(void **state)
{
	wt_aligner *al = *state, ref;
	wt_aligner_init(&ref);
	ref.no_vec = 1;
	if (!al->vec)
		print_message("no AVX-512 VP2INTERSECT here: merge against merge\n");
	static const size_t sizes[] = {0, 1, 15, 16, 17, 31, 32, 33, 48, 80, 200};
	static const uint32_t ranges[] = {3, 20, 100, 100000, UINT32_MAX};
	uint32_t tok[1000] = {0};
	wt_align_opts o;
	wt_align_opts_default(&o, SHINGLE);
	size_t seeds = 0;
	for (size_t x = 0; x < 11; x++)
		for (size_t y = 0; y < 11; y++)
			for (size_t r = 0; r < 5; r++) {
				wt_fp *fa = random_fps(sizes[x], ranges[r]);
				wt_fp *fb = x == y && r == 4 ? fa : random_fps(sizes[y], ranges[r]);
				wt_align_doc a = {tok, 1000, fa, sizes[x]};
				wt_align_doc b = {tok, 1000, fb, sizes[y]};
				assert_int_equal(wt_align(al, &o, &a, &b), WT_OK);
				assert_int_equal(wt_align(&ref, &o, &a, &b), WT_OK);
				if (al->nseed != ref.nseed ||
				    (al->nseed && memcmp(al->seed, ref.seed, al->nseed * 8)))
					fail_msg("sizes %zu, %zu, range %u: %zu seeds, "
						 "merge %zu", sizes[x], sizes[y], ranges[r],
						 al->nseed, ref.nseed);
				seeds += ref.nseed;
				if (fb != fa)
					free(fb);
				free(fa);
			}
	assert_true(seeds > 10000); /* matches, not only misses */
	wt_aligner_release(&ref);
}

static void align__identical(void **state)
{
	wt_aligner *al = *state;
	words a = fresh(200);
	align_words(al, &a, &a, MIN_WORDS);
	assert_int_equal(al->n, 1);
	expect(al, 0, 0, 200, 0, 200, 200);
	/* exactly min_words long: still a passage */
	words s = fresh(MIN_WORDS);
	align_words(al, &s, &s, MIN_WORDS);
	assert_int_equal(al->n, 1);
	expect(al, 0, 0, MIN_WORDS, 0, MIN_WORDS, MIN_WORDS);
	/* empty and too short for a shingle */
	words e = {0}, t = fresh(3);
	align_words(al, &e, &a, MIN_WORDS);
	assert_int_equal(al->n, 0);
	align_words(al, &t, &t, MIN_WORDS);
	assert_int_equal(al->n, 0);
	free(a.v);
	free(s.v);
	free(t.v);
}

/* A 30-word passage pasted into unrelated text at different offsets. */
static void align__pasted(void **state)
{
	wt_aligner *al = *state;
	for (int t = 0; t < 200; t++) {
		words p = fresh(30), a = {0}, b = {0};
		size_t pa = rnd_below(100), pb = rnd_below(100);
		put_fresh(&a, pa);
		put(&a, p.v, p.n);
		put_fresh(&a, rnd_below(100));
		put_fresh(&b, pb);
		put(&b, p.v, p.n);
		put_fresh(&b, rnd_below(100));
		align_words(al, &a, &b, MIN_WORDS);
		assert_int_equal(al->n, 1);
		expect(al, 0, (uint32_t)pa, (uint32_t)pa + 30, (uint32_t)pb,
		       (uint32_t)pb + 30, 30);
		free(p.v);
		free(a.v);
		free(b.v);
	}
}

/* The pasted passage of b edited at word 15 of 30: ra words of a replaced
 * by rb fresh words. */
static void edited(wt_aligner *al, size_t ra, size_t rb)
{
	words p = fresh(30), a = {0}, b = {0};
	put_fresh(&a, 40);
	put(&a, p.v, 30);
	put_fresh(&a, 40);
	put_fresh(&b, 25);
	put(&b, p.v, 15);
	put_fresh(&b, rb);
	put(&b, p.v + 15 + ra, 15 - ra);
	put_fresh(&b, 40);
	align_words(al, &a, &b, MIN_WORDS);
	if (al->n != 1)
		fail_msg("edit %zu -> %zu words: %zu passages", ra, rb, al->n);
	expect(al, 0, 40, 70, 25, (uint32_t)(25 + 30 - ra + rb),
	       (uint32_t)(30 - ra));
	free(p.v);
	free(a.v);
	free(b.v);
}

static void align__edits(void **state)
{
	wt_aligner *al = *state;
	edited(al, 1, 1); /* a substitution: identity < 1, matched = len - 1 */
	edited(al, 0, 1); /* an inserted word */
	edited(al, 1, 0); /* a dropped word */
	edited(al, 2, 3); /* a re-spelled name: two words for three */
	edited(al, 4, 4); /* the largest edit bridged */
	edited(al, 0, 4);
	edited(al, 4, 0);
}

/* Two halves of 15 words with gap fresh words between them in each text
 * (an edit wider than max_gap). */
static void halves(wt_aligner *al, size_t gap)
{
	words p = fresh(30), a = {0}, b = {0};
	put(&a, p.v, 15);
	put_fresh(&a, gap);
	put(&a, p.v + 15, 15);
	put(&b, p.v, 15);
	put_fresh(&b, gap);
	put(&b, p.v + 15, 15);
	align_words(al, &a, &b, MIN_WORDS);
	free(p.v);
	free(a.v);
	free(b.v);
}

/* An edit wider than max_gap is not bridged word by word; within
 * reorder_gap the halves still merge into one passage, further apart they
 * are two. */
static void align__wide_edit(void **state)
{
	wt_aligner *al = *state;
	wt_align_opts o;
	wt_align_opts_default(&o, SHINGLE);
	uint32_t g = o.reorder_gap;
	halves(al, 5);
	assert_int_equal(al->n, 1);
	expect(al, 0, 0, 35, 0, 35, 30);
	halves(al, g);
	assert_int_equal(al->n, 1);
	expect(al, 0, 0, 30 + g, 0, 30 + g, 30);
	halves(al, g + 1);
	assert_int_equal(al->n, 2);
	expect(al, 0, 0, 15, 0, 15, 15);
	expect(al, 1, 16 + g, 31 + g, 16 + g, 31 + g, 15);
}

/* Two phrases of 20 words swapped within reorder_gap words: one passage
 * spanning both in each text. */
static void align__shuffled(void **state)
{
	wt_aligner *al = *state;
	words p = fresh(20), q = fresh(20), a = {0}, b = {0};
	put_fresh(&a, 30);
	put(&a, p.v, 20); /* 30..50 */
	put_fresh(&a, 3);
	put(&a, q.v, 20); /* 53..73 */
	put_fresh(&a, 30);
	put_fresh(&b, 10);
	put(&b, q.v, 20); /* 10..30 */
	put_fresh(&b, 6);
	put(&b, p.v, 20); /* 36..56 */
	put_fresh(&b, 10);
	align_words(al, &a, &b, MIN_WORDS);
	assert_int_equal(al->n, 1);
	expect(al, 0, 30, 73, 10, 56, 40);
	free(p.v);
	free(q.v);
	free(a.v);
	free(b.v);
}

/* Two passages apart, and the same two swapped (a paragraph moved). */
static void align__two_and_swapped(void **state)
{
	wt_aligner *al = *state;
	words p = fresh(30), q = fresh(40), a = {0}, b = {0}, c = {0};
	put_fresh(&a, 10);
	put(&a, p.v, 30); /* 10..40 */
	put_fresh(&a, 20);
	put(&a, q.v, 40); /* 60..100 */
	put_fresh(&a, 10);
	put_fresh(&b, 5);
	put(&b, p.v, 30); /* 5..35 */
	put_fresh(&b, 50);
	put(&b, q.v, 40); /* 85..125 */
	align_words(al, &a, &b, MIN_WORDS);
	assert_int_equal(al->n, 2);
	expect(al, 0, 10, 40, 5, 35, 30);
	expect(al, 1, 60, 100, 85, 125, 40);
	/* swapped and adjacent in c: q then p */
	put(&c, q.v, 40); /* 0..40 */
	put(&c, p.v, 30); /* 40..70 */
	align_words(al, &a, &c, MIN_WORDS);
	assert_int_equal(al->n, 2);
	expect(al, 0, 10, 40, 40, 70, 30);
	expect(al, 1, 60, 100, 0, 40, 40);
	free(p.v);
	free(q.v);
	free(a.v);
	free(b.v);
	free(c.v);
}

/* A shared run one word short of min_words is no passage, wherever it
 * sits; exactly min_words is. */
static void align__min_words(void **state)
{
	wt_aligner *al = *state;
	for (int t = 0; t < 300; t++) {
		size_t len = MIN_WORDS - 1 + (size_t)(t & 1);
		words p = fresh(len), a = {0}, b = {0};
		put_fresh(&a, rnd_below(50));
		put(&a, p.v, len);
		put_fresh(&a, rnd_below(50));
		put_fresh(&b, rnd_below(50));
		put(&b, p.v, len);
		put_fresh(&b, rnd_below(50));
		align_words(al, &a, &b, MIN_WORDS);
		assert_int_equal(al->n, len >= MIN_WORDS);
		free(p.v);
		free(a.v);
		free(b.v);
	}
}

/* Is [x0, x0 + len) inside some passage's range on side b (or a)? */
static int covered_by(const wt_aligner *al, int side_b, uint32_t x0,
		      uint32_t len)
{
	for (size_t k = 0; k < al->n; k++) {
		uint32_t r0 = side_b ? al->m[k].b0 : al->m[k].a0;
		uint32_t r1 = side_b ? al->m[k].b1 : al->m[k].a1;
		if (r0 <= x0 && x0 + len <= r1)
			return 1;
	}
	return 0;
}

/* A sentence once in a and three times in b is three passages on the
 * same words of a (quoted three times), one per copy in b; never the same
 * words twice on both sides. Both ways round. */
static void align__repeated(void **state)
{
	wt_aligner *al = *state;
	words s = fresh(20), a = {0}, b = {0}, c = {0};
	put_fresh(&a, 10);
	put(&a, s.v, 20);
	put_fresh(&a, 10);
	for (int k = 0; k < 3; k++) {
		put_fresh(&b, 10);
		put(&b, s.v, 20); /* at 10, 40, 70 */
	}
	put_fresh(&b, 10);
	align_words(al, &a, &b, MIN_WORDS);
	assert_int_equal(al->n, 3);
	for (size_t k = 0; k < 3; k++) {
		assert_int_equal(al->m[k].a0, 10);
		assert_int_equal(al->m[k].a1, 30);
		assert_int_equal(al->m[k].matched, 20);
		assert_true(covered_by(al, 1, (uint32_t)(10 + 30 * k), 20));
	}
	align_words(al, &b, &a, MIN_WORDS);
	assert_int_equal(al->n, 3);
	for (size_t k = 0; k < 3; k++) {
		expect(al, k, (uint32_t)(10 + 30 * k), (uint32_t)(30 + 30 * k), 10,
		       30, 20);
	}
	/* three times in both: every copy of each side is in some passage */
	for (int k = 0; k < 3; k++) {
		put(&c, s.v, 20);
		put_fresh(&c, 7); /* at 0, 27, 54 */
	}
	align_words(al, &b, &c, MIN_WORDS);
	printf("a sentence 3 times in both texts: %zu passages\n", al->n);
	assert_true(al->n >= 3);
	for (uint32_t k = 0; k < 3; k++) {
		assert_true(covered_by(al, 0, 10 + 30 * k, 20));
		assert_true(covered_by(al, 1, 27 * k, 20));
	}
	free(s.v);
	free(a.v);
	free(b.v);
	free(c.v);
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One word 100,000 times, against itself and against 1,000 of it; a
 * sentence repeated 2,000 times against itself. Cost stays linear (the
 * time is printed, not asserted), the invariants hold. */
static void align__hostile(void **state)
{
	wt_aligner *al = *state;
	uint64_t w = rnd();
	words big = {0}, small = {0}, rep = {0};
	put_word(&big, w, 100000);
	put_word(&small, w, 1000);
	double t0 = seconds();
	align_words(al, &big, &big, MIN_WORDS);
	assert_true(al->n >= 1);
	assert_int_equal(al->m[0].matched, 100000);
	align_words(al, &big, &small, MIN_WORDS);
	assert_true(al->n >= 1);
	assert_true(covered_by(al, 1, 0, 1000));
	align_words(al, &small, &big, MIN_WORDS);
	assert_true(al->n >= 1);
	assert_true(covered_by(al, 0, 0, 1000));
	words s = fresh(50);
	for (int k = 0; k < 2000; k++)
		put(&rep, s.v, 50);
	align_words(al, &rep, &rep, MIN_WORDS);
	assert_true(al->n >= 1);
	printf("hostile inputs aligned in %.3f s\n", seconds() - t0);
	free(big.v);
	free(small.v);
	free(rep.v);
	free(s.v);
}

/* ---- planted ground truth ---- */

typedef struct {
	size_t pa, pb;  /* where the plant starts in a and in b */
	size_t la, lb;  /* its length in each */
	size_t matched; /* equal words: la minus the words the edits replaced */
} plant;

/* Plant nplant runs into fresh text: exact copies of 15..80 words, or
 * (edited) runs of 40..100 words whose copy in b carries 1..3 edits of up
 * to max_gap words each side, at least 15 words from either end and 5
 * apart. In a, plants are more than reorder_gap words apart (so no two
 * merge); in b they come in a random order with any gap. vocab > 0 draws a third of
 * the background from a small shared vocabulary (common words). */
static size_t make_plants(words *a, words *b, plant *pl, size_t nplant,
			  uint64_t vocab)
{
	words pa_v[8], pb_v[8];
	size_t order[8];
	assert_true(nplant <= 8);
	for (size_t k = 0; k < nplant; k++) {
		int edit = vocab == 0 && rnd_below(3) == 0;
		size_t len = edit ? 40 + rnd_below(61) : MIN_WORDS + rnd_below(66);
		pa_v[k] = fresh(len);
		pb_v[k] = (words){0};
		size_t at = 0, matched = len;
		if (edit) {
			size_t nedit = 1 + rnd_below(3), pos = 15;
			for (size_t e = 0; e < nedit; e++) {
				pos += rnd_below(10);
				size_t ra = rnd_below(5), rb = rnd_below(5);
				if (!ra && !rb)
					rb = 1;
				if (pos + ra + 15 > len)
					break;
				put(&pb_v[k], pa_v[k].v + at, pos - at);
				put_fresh(&pb_v[k], rb);
				at = pos + ra;
				matched -= ra;
				pos = at + 5;
			}
		}
		put(&pb_v[k], pa_v[k].v + at, len - at);
		pl[k] = (plant){0, 0, len, pb_v[k].n, matched};
		order[k] = k;
	}
	for (size_t k = nplant; k > 1; k--) {
		size_t j = rnd_below(k), t = order[k - 1];
		order[k - 1] = order[j];
		order[j] = t;
	}
	wt_align_opts o;
	wt_align_opts_default(&o, SHINGLE);
	for (size_t k = 0; k < nplant; k++) {
		size_t gap = o.reorder_gap + 1 + rnd_below(40);
		for (size_t g = 0; g < gap; g++) {
			uint64_t x = vocab && rnd_below(3) == 0 ? rnd_below(vocab) : rnd();
			put(a, &x, 1);
		}
		pl[k].pa = a->n;
		put(a, pa_v[k].v, pa_v[k].n);
	}
	put_fresh(a, rnd_below(20));
	for (size_t i = 0; i < nplant; i++) {
		size_t k = order[i], gap = rnd_below(40);
		for (size_t g = 0; g < gap; g++) {
			uint64_t x = vocab && rnd_below(3) == 0 ? rnd_below(vocab) : rnd();
			put(b, &x, 1);
		}
		pl[k].pb = b->n;
		put(b, pb_v[k].v, pb_v[k].n);
	}
	put_fresh(b, rnd_below(20));
	for (size_t k = 0; k < nplant; k++) {
		free(pa_v[k].v);
		free(pb_v[k].v);
	}
	return nplant;
}

/* Fresh background: every plant is one passage, exactly its ranges, its
 * matched words exactly the words the edits left (recall 1, precision 1);
 * exact-copy plants come out exact. */
static void align__planted_exact(void **state)
{
	wt_aligner *al = *state;
	size_t nplants = 0, nedited = 0;
	for (int t = 0; t < 1500; t++) {
		words a = {0}, b = {0};
		plant pl[8];
		size_t n = make_plants(&a, &b, pl, 1 + rnd_below(6), 0);
		align_words(al, &a, &b, MIN_WORDS);
		if (al->n != n)
			fail_msg("trial %d: %zu plants, %zu passages", t, n, al->n);
		/* plants are in a order, as passages are */
		for (size_t k = 0; k < n; k++) {
			expect(al, k, (uint32_t)pl[k].pa, (uint32_t)(pl[k].pa + pl[k].la),
			       (uint32_t)pl[k].pb, (uint32_t)(pl[k].pb + pl[k].lb),
			       (uint32_t)pl[k].matched);
			nedited += pl[k].la != pl[k].matched || pl[k].la != pl[k].lb;
		}
		nplants += n;
		free(a.v);
		free(b.v);
	}
	printf("planted: %zu runs (%zu edited), all found exactly\n", nplants,
	       nedited);
}

/* Background with common words: passages may reach past a plant by
 * chance, but every plant is covered by one passage, on its diagonal. */
static void align__planted_common_words(void **state)
{
	wt_aligner *al = *state;
	for (int t = 0; t < 1000; t++) {
		words a = {0}, b = {0};
		plant pl[8];
		size_t n = make_plants(&a, &b, pl, 1 + rnd_below(6), 2 + rnd_below(20));
		align_words(al, &a, &b, MIN_WORDS);
		for (size_t k = 0; k < n; k++) {
			int found = 0;
			for (size_t q = 0; q < al->n && !found; q++) {
				const wt_match *m = &al->m[q];
				found = m->a0 <= pl[k].pa && pl[k].pa + pl[k].la <= m->a1 &&
					m->b0 <= pl[k].pb && pl[k].pb + pl[k].lb <= m->b1;
			}
			if (!found)
				fail_msg("trial %d: plant a %zu+%zu b %zu+%zu not covered", t,
					 pl[k].pa, pl[k].la, pl[k].pb, pl[k].lb);
		}
		free(a.v);
		free(b.v);
	}
}

/* Real text through the normalizer and shingler, as scan does it: a
 * paragraph quoted inside another article, one word changed. */
static void align__real_text(void **state)
{
	wt_aligner *al = *state;
	static const char *quote =
		"وأوضح المتحدث الرسمي أن الجهات المختصة باشرت التحقيق في الحادث "
		"فور وقوعه وأن النتائج الأولية تشير إلى أن السبب يعود إلى خلل فني "
		"في منظومة التكييف المركزية للمبنى";
	static const char *changed =
		"وأوضح المتحدث الرسمي أن الجهات المختصة بدأت التحقيق في الحادث "
		"فور وقوعه وأن النتائج الأولية تشير إلى أن السبب يعود إلى خلل فني "
		"في منظومة التكييف المركزية للمبنى";
	char ta[2048], tb[2048];
	snprintf(ta, sizeof ta, "الرياض واس شهدت المدينة أمس اجتماعا موسعا %s "
		 "وفي سياق آخر أعلنت الأمانة عن مشروعات جديدة", quote);
	snprintf(tb, sizeof tb, "قال مسؤول في الدفاع المدني إن فرق الإنقاذ "
		 "وصلت خلال دقائق. %s. ولم تسجل أي إصابات", changed);
	wt_norm nz;
	wt_shingles sh[2];
	wt_norm_init(&nz);
	wt_fp *fp[2];
	uint32_t *tok[2];
	wt_align_doc d[2];
	const char *t[2] = {ta, tb};
	for (int i = 0; i < 2; i++) {
		wt_shingles_init(&sh[i]);
		assert_int_equal(wt_norm_text(&nz, t[i], strlen(t[i])), WT_OK);
		assert_int_equal(wt_shingle(&sh[i], &nz, SHINGLE), WT_OK);
		fp[i] = malloc(sh[i].nseq * sizeof *fp[i]);
		assert_non_null(fp[i]);
		size_t nfp = wt_winnow(sh[i].seq, sh[i].nseq,
				       wt_winnow_window(MIN_WORDS, SHINGLE), fp[i]);
		wt_fp_sort(fp[i], nfp);
		tok[i] = malloc(sh[i].ntok * 4);
		assert_non_null(tok[i]);
		for (size_t k = 0; k < sh[i].ntok; k++)
			tok[i][k] = (uint32_t)sh[i].tok[k];
		d[i] = (wt_align_doc){tok[i], sh[i].ntok, fp[i], nfp};
	}
	wt_align_opts o;
	wt_align_opts_default(&o, SHINGLE);
	assert_int_equal(wt_align(al, &o, &d[0], &d[1]), WT_OK);
	check_invariants(al, &d[0], &d[1], MIN_WORDS);
	/* the quote is 28 words, after 7 words in a and 11 in b */
	assert_int_equal(al->n, 1);
	expect(al, 0, 7, 7 + 28, 11, 11 + 28, 27);
	for (int i = 0; i < 2; i++) {
		free(fp[i]);
		free(tok[i]);
		wt_shingles_release(&sh[i]);
	}
	wt_norm_release(&nz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(align__vec_seeds, setup, teardown),
		cmocka_unit_test_setup_teardown(align__identical, setup, teardown),
		cmocka_unit_test_setup_teardown(align__pasted, setup, teardown),
		cmocka_unit_test_setup_teardown(align__edits, setup, teardown),
		cmocka_unit_test_setup_teardown(align__wide_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(align__shuffled, setup, teardown),
		cmocka_unit_test_setup_teardown(align__two_and_swapped, setup, teardown),
		cmocka_unit_test_setup_teardown(align__min_words, setup, teardown),
		cmocka_unit_test_setup_teardown(align__repeated, setup, teardown),
		cmocka_unit_test_setup_teardown(align__hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(align__planted_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(align__planted_common_words, setup,
						teardown),
		cmocka_unit_test_setup_teardown(align__real_text, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
