/* cluster: union-find over verified pairs, and clusters in a deterministic
 * order that does not depend on the order pairs were joined. */
#ifndef WT_CLUSTER_H
#define WT_CLUSTER_H

#include "common.h"

typedef struct {
	uint32_t *parent, *size; /* owned, n each */
	size_t n;
} wt_uf;

WT_NODISCARD wt_err wt_uf_init(wt_uf *u, size_t n);
void wt_uf_release(wt_uf *u);
uint32_t wt_uf_find(wt_uf *u, uint32_t x);
void wt_uf_union(wt_uf *u, uint32_t a, uint32_t b);

/* Clusters of two or more members: cluster c holds member[start[c] ..
 * start[c+1]). Members are listed in output order and clusters are ordered
 * by their first member, where order[0..n) lists every element in output
 * order (e.g. sorted by id). Owned arrays, freed by wt_clusters_release. */
typedef struct {
	uint32_t *member;
	size_t nmember;
	size_t *start; /* ncluster + 1 entries */
	size_t ncluster;
} wt_clusters;

WT_NODISCARD wt_err wt_clusters_build(wt_uf *u, const uint32_t *order,
				      wt_clusters *out);
void wt_clusters_release(wt_clusters *c);

#endif
