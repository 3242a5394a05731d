/* passage: winnowing and the posting join. */
#include "passage.h"

#include <stdlib.h>
#include <string.h>

unsigned wt_winnow_window(unsigned min_words, unsigned n)
{
	return min_words > n ? min_words - n + 1 : 1;
}

size_t wt_winnow(const uint64_t *seq, size_t n, unsigned w, wt_fp *out)
{
	if (!n)
		return 0;
	size_t win = w && w < n ? w : n, k = 0, min = 0, have = 0;
	for (size_t end = win - 1; end < n; end++) {
		size_t start = end + 1 - win;
		if (!have || min < start) { /* the minimum left the window */
			min = start;
			for (size_t i = start + 1; i <= end; i++)
				if (seq[i] <= seq[min])
					min = i;
		} else if (seq[end] <= seq[min]) {
			min = end;
		} else {
			continue;
		}
		if (!have || out[k - 1].pos != min)
			out[k++] = (wt_fp){(uint32_t)seq[min], (uint32_t)min};
		have = 1;
	}
	return k;
}

static int cmp_fp(const void *pa, const void *pb)
{
	const wt_fp *a = pa, *b = pb;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

void wt_fp_sort(wt_fp *fp, size_t n)
{
	/* (hash, pos) as one key: wt_sort_u64's insertion or bucket pass */
	uint64_t buf[2 * 96];
	uint64_t *v = n <= 96 ? buf : malloc(2 * n * sizeof *v);
	if (!v) {
		qsort(fp, n, sizeof *fp, cmp_fp);
		return;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = (uint64_t)fp[i].hash << 32 | fp[i].pos;
	wt_sort_u64(v, v + n, n);
	for (size_t i = 0; i < n; i++)
		fp[i] = (wt_fp){(uint32_t)(v[i] >> 32), (uint32_t)v[i]};
	if (v != buf)
		free(v);
}

/* Sort v[0..*n) and drop repeats; tmp has room for *n. */
static void sort_unique(uint64_t *v, uint64_t *tmp, size_t *n)
{
	wt_sort_u64(v, tmp, *n);
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	*n = k;
}

/* A share of the join: postings post[from..to), whole key groups; then
 * its pairs v[0..nv), sorted without repeats. */
typedef struct {
	uint64_t *post, *tmp; /* the sort: post[lo..hi), scratch tmp[lo..hi) */
	size_t lo, hi;
	size_t from, to, df_cap;
	size_t slack; /* raw pairs let in before compacting: shares split it */
	uint64_t *v;
	size_t nv;
	uint64_t stop, stop_postings;
	wt_err e;
} share;

static void *sort_share(void *arg)
{
	share *p = arg;
	wt_sort_u64(p->post + p->lo, p->tmp + p->lo, p->hi - p->lo);
	return NULL;
}

static void *pair_share(void *arg)
{
	share *p = arg;
	const uint64_t *post = p->post;
	uint64_t *v = NULL, *scratch = NULL;
	size_t nv = 0, cap = 0, uniq = 0;
	wt_err e = WT_OK;
	for (size_t i = p->from, j; i < p->to && !e; i = j) {
		for (j = i + 1; j < p->to && post[j] >> 32 == post[i] >> 32; j++)
			;
		size_t df = j - i;
		if (df < 2)
			continue;
		if (df > p->df_cap) {
			p->stop++;
			p->stop_postings += df;
			continue;
		}
		if ((e = wt_grow((void **)&v, &cap, nv + df * (df - 1) / 2, 8,
				 SIZE_MAX / 16)))
			break;
		for (size_t x = i; x < j; x++)
			for (size_t y = x + 1; y < j; y++)
				v[nv++] = (post[x] & 0xFFFFFFFFu) << 32 |
					  (post[y] & 0xFFFFFFFFu);
		/* the same pair comes from each fingerprint it shares: compact
		 * when repeats could dominate, so memory follows distinct pairs */
		if (nv > 2 * uniq + p->slack) {
			uint64_t *t = realloc(scratch, nv * sizeof *t);
			if (!t) {
				e = WT_E_NOMEM;
				break;
			}
			scratch = t;
			sort_unique(v, scratch, &nv);
			uniq = nv;
		}
	}
	if (!e && nv) {
		uint64_t *t = realloc(scratch, nv * sizeof *t);
		if (!t) {
			e = WT_E_NOMEM;
		} else {
			scratch = t;
			sort_unique(v, scratch, &nv);
		}
	}
	free(scratch);
	if (e) {
		free(v);
		v = NULL;
		nv = 0;
	}
	p->v = v;
	p->nv = nv;
	p->e = e;
	return NULL;
}

#define SHARES_MAX 64

wt_err wt_passage_candidates(uint64_t *post, size_t n, size_t df_cap,
			     unsigned threads, uint64_t **pairs,
			     size_t *npairs, wt_passage_stats *st)
{
	*pairs = NULL;
	*npairs = 0;
	memset(st, 0, sizeof *st);
	size_t nt = threads < 1 ? 1 : threads > SHARES_MAX ? SHARES_MAX : threads;
	if (n < ((size_t)nt << 16)) /* not worth a thread */
		nt = n >> 16 ? n >> 16 : 1;
	uint64_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
	if (!tmp)
		return WT_E_NOMEM;
	/* the postings sorted in nt slices on threads, then merged */
	share sh[SHARES_MAX];
	for (size_t t = 0; t < nt; t++)
		sh[t] = (share){post, tmp, n * t / nt, n * (t + 1) / nt, 0, 0,
				df_cap, ((size_t)1 << 22) / nt, NULL, 0, 0, 0,
				WT_OK};
	wt_run_each(sort_share, sh, sizeof *sh, nt);
	size_t have = sh[0].hi; /* post[0..have) sorted, without repeats after a merge */
	for (size_t t = 1; t < nt; t++) {
		have = wt_merge_unique(post, have, post + sh[t].lo, sh[t].hi - sh[t].lo,
				    tmp);
		memcpy(post, tmp, have * sizeof *post);
	}
	free(tmp);
	size_t k = 0;
	for (size_t i = 0; i < have; i++)
		if (!k || post[k - 1] != post[i])
			post[k++] = post[i];
	n = k;
	st->postings = n;
	/* the pairs of nt runs of whole key groups, on threads */
	size_t from = 0;
	for (size_t t = 0; t < nt; t++) {
		size_t to = t + 1 == nt ? n : n * (t + 1) / nt;
		if (to < from)
			to = from;
		while (to && to < n && post[to] >> 32 == post[to - 1] >> 32)
			to++; /* a key group stays whole */
		sh[t].from = from;
		sh[t].to = to;
		from = to;
	}
	wt_run_each(pair_share, sh, sizeof *sh, nt);
	wt_err e = WT_OK;
	for (size_t t = 0; t < nt; t++) {
		st->stop += sh[t].stop;
		st->stop_postings += sh[t].stop_postings;
		if (sh[t].e)
			e = sh[t].e;
	}
	/* merge the shares' pairs: a pair can come from keys in two shares */
	uint64_t *v = sh[0].v;
	size_t nv = sh[0].nv;
	for (size_t t = 1; t < nt; t++) {
		if (!e)
			e = wt_merge_into(&v, &nv, sh[t].v, sh[t].nv);
		else
			free(sh[t].v);
	}
	if (e) {
		free(v);
		return e;
	}
	*pairs = v;
	*npairs = nv;
	return WT_OK;
}
