/* align: seeds -> exact runs -> longest-first claim -> growth across
 * edits -> merge -> disjoint passages. */
#include "align.h"
#include "vec.h"
#include "verify.h"

#include <stdlib.h>
#include <string.h>

#define GROUP_CAP 8     /* positions per side of one fingerprint used as seeds */
#define RECENT 16       /* runs checked for a seed they already cover */
#define MAX_RUNS 4096   /* bounds the quadratic claim step on hostile text */

void wt_align_opts_default(wt_align_opts *o, unsigned shingle)
{
	*o = (wt_align_opts){shingle, 15, 4, 3, 16};
}

void wt_aligner_init(wt_aligner *al)
{
	memset(al, 0, sizeof *al);
	al->vec = wt_verify_vec(); /* the same instructions */
}

void wt_aligner_release(wt_aligner *al)
{
	free(al->m);
	free(al->seed);
	free(al->tmp);
	free(al->run);
	free(al->bstart);
	wt_aligner_init(al);
}

/* Equal words from a[i], b[j] forwards, below la / lb. */
static size_t fwd(const wt_align_doc *a, size_t i, const wt_align_doc *b,
		  size_t j, size_t la, size_t lb)
{
	size_t k = 0;
	while (i + k < la && j + k < lb && a->tok[i + k] == b->tok[j + k])
		k++;
	return k;
}

/* Equal words before a[i], b[j] backwards, not below lo_a / lo_b. */
static size_t bwd(const wt_align_doc *a, size_t i, const wt_align_doc *b,
		  size_t j, size_t lo_a, size_t lo_b)
{
	size_t k = 0;
	while (i - k > lo_a && j - k > lo_b &&
	       a->tok[i - k - 1] == b->tok[j - k - 1])
		k++;
	return k;
}

static int eq(const wt_align_doc *a, size_t i, const wt_align_doc *b,
	      size_t j, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (a->tok[i + k] != b->tok[j + k])
			return 0;
	return 1;
}

/* The seeds of a fingerprint both selected, whose groups of equal hashes
 * start at a->fp[i] and b->fp[j]: every pair of positions, at most
 * GROUP_CAP a side (pos_a << 32 | pos_b). *ie, *je: the groups' ends. */
static wt_err add_group(wt_aligner *al, const wt_align_doc *a, size_t i,
			const wt_align_doc *b, size_t j, size_t *n, size_t *ie,
			size_t *je)
{
	uint32_t h = a->fp[i].hash;
	size_t x = i, y = j;
	while (x < a->nfp && a->fp[x].hash == h)
		x++;
	while (y < b->nfp && b->fp[y].hash == h)
		y++;
	*ie = x;
	*je = y;
	size_t ga = x - i < GROUP_CAP ? x - i : GROUP_CAP;
	size_t gb = y - j < GROUP_CAP ? y - j : GROUP_CAP;
	wt_err e = wt_grow((void **)&al->seed, &al->seed_cap, *n + ga * gb, 8,
			   SIZE_MAX / 8);
	if (e)
		return e;
	for (size_t u = 0; u < ga; u++)
		for (size_t v = 0; v < gb; v++)
			al->seed[(*n)++] = (uint64_t)a->fp[i + u].pos << 32 |
					   b->fp[j + v].pos;
	return WT_OK;
}

/* The fingerprints both hold, by merging (the reference path). */
static wt_err merge_fps(wt_aligner *al, const wt_align_doc *a,
			const wt_align_doc *b, size_t *n)
{
	size_t i = 0, j = 0;
	while (i < a->nfp && j < b->nfp) {
		uint32_t ha = a->fp[i].hash, hb = b->fp[j].hash;
		if (ha != hb) {
			i += ha < hb;
			j += hb < ha;
			continue;
		}
		size_t ie, je;
		wt_err e = add_group(al, a, i, b, j, n, &ie, &je);
		if (e)
			return e;
		i = ie;
		j = je;
	}
	return WT_OK;
}

#ifdef WT_VEC
/* The hashes of fp[0..n) (n <= 16) in 16 lanes, the last repeated in the
 * lanes past n: a match there is a match of the last. Reads nothing past
 * fp[n - 1]. */
__attribute__((target("avx512f")))
static inline __m512i hashes16(const wt_fp *fp, size_t n)
{
	const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16,
					      14, 12, 10, 8, 6, 4, 2, 0);
	__mmask8 lo = (__mmask8)(n >= 8 ? 0xFF : (1u << n) - 1);
	__mmask8 hi = (__mmask8)(n >= 16 ? 0xFF : n > 8 ? (1u << (n - 8)) - 1 : 0);
	__m512i h = _mm512_permutex2var_epi32(
		_mm512_maskz_loadu_epi64(lo, fp), even,
		_mm512_maskz_loadu_epi64(hi, fp + 8));
	return _mm512_mask_blend_epi32((__mmask16)((1u << n) - 1),
				       _mm512_set1_epi32((int)fp[n - 1].hash), h);
}

/* The merge 16 against 16 fingerprints at a time (AVX-512 VP2INTERSECT),
 * the block with the smaller last hash moving on; every hash both hold
 * meets itself in some pair of blocks, in increasing order, and its
 * groups are taken from their starts. */
__attribute__((target("avx512f,avx512vp2intersect,bmi")))
static wt_err seeds_vec(wt_aligner *al, const wt_align_doc *a,
			const wt_align_doc *b, size_t *n)
{
	size_t i = 0, j = 0;
	int64_t last = -1;
	while (i < a->nfp && j < b->nfp) {
		size_t la = a->nfp - i < 16 ? a->nfp - i : 16;
		size_t lb = b->nfp - j < 16 ? b->nfp - j : 16;
		__mmask16 ma, mb;
		_mm512_2intersect_epi32(hashes16(a->fp + i, la),
					hashes16(b->fp + j, lb), &ma, &mb);
		ma &= (__mmask16)((1u << la) - 1);
		unsigned k = 0;
		for (unsigned m = ma; m; m &= m - 1) {
			size_t x = i + (size_t)__builtin_ctz(m);
			uint32_t h = a->fp[x].hash;
			if ((int64_t)h == last)
				continue;
			last = h;
			while (b->fp[j + k].hash != h || !(mb >> k & 1))
				k++;
			size_t y = j + k;
			while (x && a->fp[x - 1].hash == h)
				x--;
			while (y && b->fp[y - 1].hash == h)
				y--;
			size_t ie, je;
			wt_err e = add_group(al, a, x, b, y, n, &ie, &je);
			if (e)
				return e;
		}
		uint32_t amax = a->fp[i + la - 1].hash, bmax = b->fp[j + lb - 1].hash;
		i += amax <= bmax ? la : 0;
		j += bmax <= amax ? lb : 0;
	}
	return WT_OK;
}
#endif

/* Seeds: pos_a << 32 | pos_b for each fingerprint both selected, sorted. */
static wt_err seeds(wt_aligner *al, const wt_align_doc *a,
		    const wt_align_doc *b, size_t *nseed)
{
	size_t n = 0;
	wt_err e;
#ifdef WT_VEC
	if (!al->no_vec && al->vec)
		e = seeds_vec(al, a, b, &n);
	else
#endif
		e = merge_fps(al, a, b, &n);
	if (e || (e = wt_grow((void **)&al->tmp, &al->tmp_cap, n ? n : 1, 8,
			      SIZE_MAX / 8)))
		return e;
	wt_sort_u64(al->seed, al->tmp, n);
	*nseed = al->nseed = n;
	return WT_OK;
}

/* Grow each seed into its maximal exact run. */
static wt_err runs(wt_aligner *al, const wt_align_opts *o,
		   const wt_align_doc *a, const wt_align_doc *b, size_t nseed,
		   size_t *nrun)
{
	size_t n = 0;
	for (size_t s = 0; s < nseed && n < MAX_RUNS; s++) {
		size_t pa = al->seed[s] >> 32, pb = (uint32_t)al->seed[s];
		int covered = 0;
		for (size_t r = n > RECENT ? n - RECENT : 0; r < n && !covered; r++) {
			const wt_match *m = &al->run[r];
			covered = m->a0 <= pa && pa < m->a1 &&
				  (int64_t)pb - (int64_t)pa ==
					  (int64_t)m->b0 - (int64_t)m->a0;
		}
		if (covered)
			continue;
		size_t f = fwd(a, pa, b, pb, a->ntok, b->ntok);
		if (f < o->shingle) /* equal hashes, different words */
			continue;
		size_t k = bwd(a, pa, b, pb, 0, 0);
		wt_err e = wt_grow((void **)&al->run, &al->run_cap, n + 1,
				   sizeof *al->run, SIZE_MAX / sizeof *al->run);
		if (e)
			return e;
		al->run[n++] = (wt_match){(uint32_t)(pa - k), (uint32_t)(pa + f),
					  (uint32_t)(pb - k), (uint32_t)(pb + f),
					  (uint32_t)(k + f)};
	}
	*nrun = n;
	return WT_OK;
}

static int cmp_longest(const void *pa, const void *pb)
{
	const wt_match *a = pa, *b = pb;
	if (a->matched != b->matched)
		return a->matched > b->matched ? -1 : 1;
	if (a->a0 != b->a0)
		return a->a0 < b->a0 ? -1 : 1;
	return (a->b0 > b->b0) - (a->b0 < b->b0);
}

static int cmp_a0(const void *pa, const void *pb)
{
	const wt_match *a = pa, *b = pb;
	return (a->a0 > b->a0) - (a->a0 < b->a0);
}

static int cmp_u32(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	return (a > b) - (a < b);
}

/* Cut [lo, hi) out of the exact run r on one side (side_b: 0 for a, 1 for
 * b), keeping the longer remainder; the other side follows. */
static void cut(wt_match *r, int side_b, uint32_t lo, uint32_t hi)
{
	uint32_t r0 = side_b ? r->b0 : r->a0, r1 = side_b ? r->b1 : r->a1;
	if (hi <= r0 || lo >= r1)
		return;
	uint32_t left = lo > r0 ? lo - r0 : 0, right = hi < r1 ? r1 - hi : 0;
	if (left >= right) {
		r->a1 = r->a0 + left;
		r->b1 = r->b0 + left;
	} else {
		uint32_t shift = (r1 - r0) - right;
		r->a0 += shift;
		r->b0 += shift;
	}
	r->matched = r->a1 - r->a0;
}

/* Overlap on both sides: the same words aligned twice. */
static int overlaps(const wt_match *x, const wt_match *y)
{
	return x->a0 < y->a1 && y->a0 < x->a1 && x->b0 < y->b1 && y->b0 < x->b1;
}

/* Least element of v[0..n) (sorted) that is >= x, or dflt. */
static uint32_t next_at_least(const uint32_t *v, size_t n, uint32_t x,
			      uint32_t dflt)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n ? v[lo] : dflt;
}

/* Grow m forwards across edits, below la / lb. */
static void grow_right(wt_match *m, const wt_align_opts *o,
		       const wt_align_doc *a, const wt_align_doc *b, size_t la,
		       size_t lb)
{
	size_t g = o->max_gap, an = o->anchor;
	for (;;) {
		size_t i = m->a1, j = m->b1, di = 0, dj = 0;
		int found = 0;
		for (size_t s = 1; s <= 2 * g && !found; s++)
			for (di = s > g ? s - g : 0; di <= s && di <= g; di++) {
				dj = s - di;
				if (i + di + an <= la && j + dj + an <= lb &&
				    eq(a, i + di, b, j + dj, an)) {
					found = 1;
					break;
				}
			}
		if (!found)
			return;
		size_t l = fwd(a, i + di, b, j + dj, la, lb);
		m->a1 = (uint32_t)(i + di + l);
		m->b1 = (uint32_t)(j + dj + l);
		m->matched += (uint32_t)l;
	}
}

/* Grow m backwards across edits, not below lo_a / lo_b. */
static void grow_left(wt_match *m, const wt_align_opts *o,
		      const wt_align_doc *a, const wt_align_doc *b, size_t lo_a,
		      size_t lo_b)
{
	size_t g = o->max_gap, an = o->anchor;
	for (;;) {
		size_t i = m->a0, j = m->b0, di = 0, dj = 0;
		int found = 0;
		for (size_t s = 1; s <= 2 * g && !found; s++)
			for (di = s > g ? s - g : 0; di <= s && di <= g; di++) {
				dj = s - di;
				if (i >= lo_a + di + an && j >= lo_b + dj + an &&
				    eq(a, i - di - an, b, j - dj - an, an)) {
					found = 1;
					break;
				}
			}
		if (!found)
			return;
		size_t l = bwd(a, i - di, b, j - dj, lo_a, lo_b);
		m->a0 = (uint32_t)(i - di - l);
		m->b0 = (uint32_t)(j - dj - l);
		m->matched += (uint32_t)l;
	}
}

wt_err wt_align(wt_aligner *al, const wt_align_opts *o, const wt_align_doc *a,
		const wt_align_doc *b)
{
	al->n = 0;
	size_t nseed, nrun, nacc = 0;
	wt_err e;
	if ((e = seeds(al, a, b, &nseed)) || (e = runs(al, o, a, b, nseed, &nrun)))
		return e;
	if (!nrun)
		return WT_OK;
	/* claim words longest run first. A run may map text of a that another
	 * run maps elsewhere in b (a paragraph quoted twice is two passages),
	 * but two runs never claim the same words on both sides. */
	qsort(al->run, nrun, sizeof *al->run, cmp_longest);
	for (size_t r = 0; r < nrun; r++) {
		wt_match m = al->run[r];
		for (size_t k = 0; k < nacc && m.matched; k++)
			if (overlaps(&m, &al->run[k])) {
				cut(&m, 0, al->run[k].a0, al->run[k].a1);
				cut(&m, 1, al->run[k].b0, al->run[k].b1);
			}
		if (m.matched >= o->anchor && m.matched >= 1)
			al->run[nacc++] = m;
	}
	if (!nacc)
		return WT_OK;
	qsort(al->run, nacc, sizeof *al->run, cmp_a0);
	if ((e = wt_grow((void **)&al->bstart, &al->bstart_cap, 2 * nacc, 4,
			 SIZE_MAX / 8)))
		return e;
	uint32_t *b0s = al->bstart, *b1s = al->bstart + nacc;
	for (size_t k = 0; k < nacc; k++) {
		b0s[k] = al->run[k].b0;
		b1s[k] = UINT32_MAX - al->run[k].b1; /* descending b1 as ascending */
	}
	qsort(b0s, nacc, 4, cmp_u32);
	qsort(b1s, nacc, 4, cmp_u32);
	for (size_t k = 0; k < nacc; k++) {
		wt_match *m = &al->run[k];
		size_t la = k + 1 < nacc ? al->run[k + 1].a0 : a->ntok;
		size_t lb = next_at_least(b0s, nacc, m->b1, (uint32_t)b->ntok);
		grow_right(m, o, a, b, la, lb);
	}
	for (size_t k = 0; k < nacc; k++) {
		wt_match *m = &al->run[k];
		size_t lo_a = k ? al->run[k - 1].a1 : 0;
		uint32_t lob = UINT32_MAX - next_at_least(b1s, nacc,
							  UINT32_MAX - m->b0,
							  UINT32_MAX);
		grow_left(m, o, a, b, lo_a < m->a0 ? lo_a : m->a0,
			  lob < m->b0 ? lob : m->b0);
	}
	/* merge neighbours, in either order in b: shuffled phrases stay one
	 * passage */
	size_t np = 0, G = o->reorder_gap;
	for (size_t k = 0; k < nacc; k++) {
		wt_match *m = &al->run[k], *p = np ? &al->run[np - 1] : NULL;
		if (p && m->a0 >= p->a1 && m->a0 - p->a1 <= G &&
		    ((m->b0 >= p->b1 && m->b0 - p->b1 <= G) ||
		     (m->b1 <= p->b0 && p->b0 - m->b1 <= G))) {
			p->a1 = m->a1;
			p->b0 = m->b0 < p->b0 ? m->b0 : p->b0;
			p->b1 = m->b1 > p->b1 ? m->b1 : p->b1;
			p->matched += m->matched;
		} else {
			al->run[np++] = *m;
		}
	}
	/* keep passages long enough, never two on the same words of both
	 * texts (longest first) */
	qsort(al->run, np, sizeof *al->run, cmp_longest);
	if ((e = wt_grow((void **)&al->m, &al->m_cap, np, sizeof *al->m,
			 SIZE_MAX / sizeof *al->m)))
		return e;
	for (size_t k = 0; k < np; k++) {
		const wt_match *m = &al->run[k];
		int clash = m->matched < o->min_words;
		for (size_t q = 0; q < al->n && !clash; q++)
			clash = overlaps(m, &al->m[q]);
		if (!clash)
			al->m[al->n++] = *m;
	}
	qsort(al->m, al->n, sizeof *al->m, cmp_a0);
	return WT_OK;
}
