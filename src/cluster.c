/* cluster: union by size with path halving; grouping by sort on
 * (rank of the cluster's first member, rank of the member). */
#include "cluster.h"

#include <stdlib.h>
#include <string.h>

wt_err wt_uf_init(wt_uf *u, size_t n)
{
	memset(u, 0, sizeof *u);
	if (n > UINT32_MAX)
		return WT_E_LIMIT;
	u->parent = malloc((n ? n : 1) * sizeof *u->parent);
	u->size = malloc((n ? n : 1) * sizeof *u->size);
	if (!u->parent || !u->size) {
		wt_uf_release(u);
		return WT_E_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		u->parent[i] = (uint32_t)i;
		u->size[i] = 1;
	}
	u->n = n;
	return WT_OK;
}

void wt_uf_release(wt_uf *u)
{
	free(u->parent);
	free(u->size);
	memset(u, 0, sizeof *u);
}

uint32_t wt_uf_find(wt_uf *u, uint32_t x)
{
	while (u->parent[x] != x) {
		u->parent[x] = u->parent[u->parent[x]];
		x = u->parent[x];
	}
	return x;
}

void wt_uf_union(wt_uf *u, uint32_t a, uint32_t b)
{
	a = wt_uf_find(u, a);
	b = wt_uf_find(u, b);
	if (a == b)
		return;
	if (u->size[a] < u->size[b]) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	u->parent[b] = a;
	u->size[a] += u->size[b];
}

wt_err wt_clusters_build(wt_uf *u, const uint32_t *order, wt_clusters *out)
{
	memset(out, 0, sizeof *out);
	size_t n = u->n;
	uint32_t *rank = malloc((n ? n : 1) * sizeof *rank);
	uint32_t *first = malloc((n ? n : 1) * sizeof *first);
	uint64_t *key = malloc((n ? n : 1) * 2 * sizeof *key);
	wt_err e = WT_E_NOMEM;
	if (!rank || !first || !key)
		goto out_free;
	for (size_t r = 0; r < n; r++)
		rank[order[r]] = (uint32_t)r;
	for (size_t i = 0; i < n; i++)
		first[i] = UINT32_MAX;
	for (size_t r = 0; r < n; r++) { /* first member of each root, in order */
		uint32_t root = wt_uf_find(u, order[r]);
		if (first[root] == UINT32_MAX)
			first[root] = (uint32_t)r;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t root = wt_uf_find(u, (uint32_t)i);
		if (u->size[root] >= 2)
			key[m++] = (uint64_t)first[root] << 32 | rank[i];
	}
	wt_sort_u64(key, key + n, m);
	out->member = malloc((m ? m : 1) * sizeof *out->member);
	out->start = malloc((m + 1) * sizeof *out->start);
	if (!out->member || !out->start)
		goto out_free;
	size_t c = 0;
	for (size_t i = 0; i < m; i++) {
		if (!i || key[i] >> 32 != key[i - 1] >> 32)
			out->start[c++] = i;
		out->member[i] = order[key[i] & 0xFFFFFFFFu];
	}
	out->start[c] = m;
	out->nmember = m;
	out->ncluster = c;
	e = WT_OK;
out_free:
	if (e)
		wt_clusters_release(out);
	free(rank);
	free(first);
	free(key);
	return e;
}

void wt_clusters_release(wt_clusters *c)
{
	free(c->member);
	free(c->start);
	memset(c, 0, sizeof *c);
}
