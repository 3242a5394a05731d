/* lsh: band shape, band keys, sort-based band join. */
#include "lsh.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

double wt_lsh_prob(double s, wt_lsh_shape sh)
{
	return 1.0 - pow(1.0 - pow(s, sh.rows), sh.bands);
}

wt_err wt_lsh_choose(double threshold, unsigned k, wt_lsh_shape *out)
{
	if (!(threshold > 0 && threshold <= 1) || k == 0)
		return WT_E_ARG;
	for (unsigned r = k; r >= 1; r--) {
		wt_lsh_shape sh = {k / r, r};
		if (wt_lsh_prob(threshold, sh) >= WT_LSH_RECALL) {
			*out = sh;
			return WT_OK;
		}
	}
	return WT_E_ARG;
}

void wt_lsh_band_keys(const uint32_t *sig, wt_lsh_shape sh, uint64_t key,
		      uint64_t *out)
{
	for (unsigned b = 0; b < sh.bands; b++)
		out[b] = XXH3_64bits_withSeed(sig + (size_t)b * sh.rows,
					      (size_t)sh.rows * 4, key + b);
}

typedef struct {
	uint64_t *v, *tmp;
	size_t n, cap, tmp_cap;
} pairvec;

/* Sort and de-duplicate v[from..n) into v[0..from) (which is already sorted
 * and distinct): keeps memory proportional to distinct pairs. */
static wt_err compact(pairvec *p)
{
	wt_err e = wt_grow((void **)&p->tmp, &p->tmp_cap, p->n, 8, SIZE_MAX / 8);
	if (e)
		return e;
	wt_sort_u64(p->v, p->tmp, p->n);
	size_t k = 0;
	for (size_t i = 0; i < p->n; i++)
		if (!k || p->v[k - 1] != p->v[i])
			p->v[k++] = p->v[i];
	p->n = k;
	return WT_OK;
}

static wt_err push(pairvec *p, uint32_t a, uint32_t b)
{
	if (p->n == p->cap) {
		wt_err e = wt_grow((void **)&p->v, &p->cap, p->n + 1, 8, SIZE_MAX / 8);
		if (e)
			return e;
	}
	p->v[p->n++] = a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
	return WT_OK;
}

/* The bands [b0, b1) of the join, with pairs and stats of their own. */
typedef struct {
	const uint64_t *keys;
	const uint32_t *docs;
	size_t n, bucket_cap;
	wt_lsh_shape sh;
	unsigned b0, b1;
	pairvec p;
	wt_lsh_stats st;
	wt_err e;
} band_share;

static void *join_bands(void *arg)
{
	band_share *j = arg;
	size_t n = j->n, last_compact = 0;
	pairvec *p = &j->p;
	wt_err e = WT_OK;
	wt_keyed *ent = malloc((n ? n : 1) * 2 * sizeof *ent);
	if (!ent) {
		j->e = WT_E_NOMEM;
		return NULL;
	}
	for (unsigned b = j->b0; b < j->b1 && !e; b++) {
		for (size_t i = 0; i < n; i++)
			ent[i] = (wt_keyed){j->keys[i * j->sh.bands + b], j->docs[i]};
		wt_sort_keyed(ent, ent + n, n); /* stable: buckets list documents in order */
		for (size_t i = 0; i < n && !e;) {
			size_t k = i + 1;
			while (k < n && ent[k].key == ent[i].key)
				k++;
			if (k - i > j->bucket_cap)
				j->st.buckets_truncated++;
			for (size_t x = i + 1; x < k && !e; x++) {
				size_t from = x - i > j->bucket_cap ? x - j->bucket_cap : i;
				for (size_t y = from; y < x && !e; y++) {
					e = push(p, ent[y].val, ent[x].val);
					j->st.raw_candidates++;
				}
			}
			i = k;
		}
		/* bound the buffer by what is distinct, not by raw collisions */
		if (!e && p->n > 2 * last_compact + (1u << 20)) {
			e = compact(p);
			last_compact = p->n;
		}
	}
	if (!e)
		e = compact(p);
	free(ent);
	free(p->tmp);
	p->tmp = NULL;
	j->e = e;
	return NULL;
}

wt_err wt_lsh_candidates(const uint64_t *keys, const uint32_t *docs, size_t n,
			 wt_lsh_shape sh, size_t bucket_cap, unsigned threads,
			 uint64_t **out, size_t *nout, wt_lsh_stats *st)
{
	memset(st, 0, sizeof *st);
	*out = NULL;
	*nout = 0;
	/* bands split among threads; a pair may come from bands of two */
	size_t nt = threads < 1 ? 1 : threads;
	if (nt > sh.bands)
		nt = sh.bands;
	if (nt > 64)
		nt = 64;
	if (n < 4096) /* not worth a thread */
		nt = 1;
	band_share j[64];
	for (size_t t = 0; t < nt; t++)
		j[t] = (band_share){keys, docs, n, bucket_cap < 1 ? 1 : bucket_cap,
				    sh, (unsigned)(sh.bands * t / nt),
				    (unsigned)(sh.bands * (t + 1) / nt), {0},
				    {0, 0}, WT_OK};
	wt_run_each(join_bands, j, sizeof *j, nt);
	wt_err e = WT_OK;
	for (size_t t = 0; t < nt; t++) {
		st->buckets_truncated += j[t].st.buckets_truncated;
		st->raw_candidates += j[t].st.raw_candidates;
		if (j[t].e)
			e = j[t].e;
	}
	uint64_t *v = j[0].p.v;
	size_t nv = j[0].p.n;
	for (size_t t = 1; t < nt; t++) {
		if (!e)
			e = wt_merge_into(&v, &nv, j[t].p.v, j[t].p.n);
		else
			free(j[t].p.v);
	}
	if (e) {
		free(v);
		return e;
	}
	*out = v;
	*nout = nv;
	return WT_OK;
}
