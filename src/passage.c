/* passage: winnowing and the posting join. */
#include "passage.h"
#include "shingle.h"

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
	uint64_t *v = n > 96 ? malloc(2 * n * sizeof *v) : NULL;
	if (v) { /* (hash, pos) as one key: wt_sort_u64's bucket pass */
		for (size_t i = 0; i < n; i++)
			v[i] = (uint64_t)fp[i].hash << 32 | fp[i].pos;
		wt_sort_u64(v, v + n, n);
		for (size_t i = 0; i < n; i++)
			fp[i] = (wt_fp){(uint32_t)(v[i] >> 32), (uint32_t)v[i]};
		free(v);
		return;
	}
	if (n > 96) { /* no memory for keys */
		qsort(fp, n, sizeof *fp, cmp_fp);
		return;
	}
	/* a document's few dozen: insertion sort, no call per comparison */
	for (size_t i = 1; i < n; i++) {
		wt_fp x = fp[i];
		size_t j = i;
		for (; j && (fp[j - 1].hash > x.hash ||
			     (fp[j - 1].hash == x.hash && fp[j - 1].pos > x.pos));
		     j--)
			fp[j] = fp[j - 1];
		fp[j] = x;
	}
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

wt_err wt_passage_candidates(uint64_t *post, size_t n, size_t df_cap,
			     uint64_t **pairs, size_t *npairs,
			     wt_passage_stats *st)
{
	*pairs = NULL;
	*npairs = 0;
	memset(st, 0, sizeof *st);
	uint64_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
	if (!tmp)
		return WT_E_NOMEM;
	sort_unique(post, tmp, &n);
	free(tmp);
	st->postings = n;
	uint64_t *v = NULL, *scratch = NULL;
	size_t nv = 0, cap = 0, uniq = 0;
	wt_err e = WT_OK;
	for (size_t i = 0, j; i < n && !e; i = j) {
		for (j = i + 1; j < n && post[j] >> 32 == post[i] >> 32; j++)
			;
		size_t df = j - i;
		if (df < 2)
			continue;
		if (df > df_cap) {
			st->stop++;
			st->stop_postings += df;
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
		if (nv > 2 * uniq + ((size_t)1 << 22)) {
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
		return e;
	}
	*pairs = v;
	*npairs = nv;
	return WT_OK;
}
