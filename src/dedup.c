/* dedup: the batcher's per-document stages, then a decision per document
 * against an in-memory band table of the kept ones (and the index). */
#include "dedup.h"
#include "batch.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	uint32_t next; /* older entry of the same band key, UINT32_MAX: none */
	uint32_t doc;
} entry;

struct wt_dedup {
	wt_scan_opts o;
	wt_index *x;
	wt_verdict_fn *fn;
	void *ctx;
	wt_minhash mh;
	wt_lsh_shape sh;
	uint64_t band_key;
	wt_batcher *b;
	/* band key -> newest entry, open addressing; band keys are keyed
	 * hashes (lsh.h), so no input can crowd a slot */
	uint64_t *skey;
	uint32_t *shead;
	size_t nslot, nused;
	entry *ent;
	size_t nent, ent_cap;
	/* kept documents: sets, digests, ids */
	uint64_t *set;
	size_t nset, set_cap;
	uint64_t *set_off; /* kept doc k: set[set_off[k] .. set_off[k+1]) */
	size_t nkept, off_cap;
	uint8_t (*digest)[WT_DIGEST_BYTES];
	size_t dig_cap;
	char *ids;
	size_t ids_len, ids_cap;
	uint64_t *id_off;  /* id k: ids[id_off[k] .. id_off[k+1]) */
	size_t id_cap;
	uint32_t *stamp;   /* last document that compared with kept doc k */
	size_t stamp_cap;
	uint32_t seq;
};

static wt_commit_fn decide;

wt_err wt_dedup_new(const wt_scan_opts *o, wt_index *x, wt_verdict_fn *fn,
		    void *ctx, wt_dedup **out)
{
	*out = NULL;
	if (sodium_init() < 0)
		return WT_E_NOMEM;
	wt_dedup *d = calloc(1, sizeof *d);
	if (!d)
		return WT_E_NOMEM;
	d->o = *o;
	d->x = x;
	d->fn = fn;
	d->ctx = ctx;
	d->band_key = o->band_key;
	while (!d->band_key)
		randombytes_buf(&d->band_key, sizeof d->band_key);
	wt_err e = wt_minhash_init(&d->mh, o->perm, o->seed);
	if (!e) {
		if (o->bands)
			d->sh = (wt_lsh_shape){o->bands, o->rows};
		else
			e = wt_lsh_choose(o->threshold, o->perm, &d->sh);
	}
	d->nslot = 1024;
	d->skey = calloc(d->nslot, 8);
	d->shead = malloc(d->nslot * 4);
	d->set_off = calloc(1, 8);
	d->id_off = calloc(1, 8);
	d->off_cap = d->id_cap = 1;
	if (!e && (!d->skey || !d->shead || !d->set_off || !d->id_off))
		e = WT_E_NOMEM;
	const wt_learn *model = NULL;
	if (!e && x)
		e = wt_index_model(x, &model);
	if (!e)
		e = wt_batcher_new(o->threads ? o->threads : 1, !o->no_boiler, model,
				   o->shingle,
				   wt_winnow_window(o->min_passage, o->shingle),
				   &d->mh, d->sh, d->band_key, decide, d, &d->b);
	if (e) {
		wt_dedup_free(d);
		return e;
	}
	*out = d;
	return WT_OK;
}

void wt_dedup_free(wt_dedup *d)
{
	if (!d)
		return;
	wt_batcher_free(d->b);
	wt_minhash_release(&d->mh);
	free(d->skey);
	free(d->shead);
	free(d->ent);
	free(d->set);
	free(d->set_off);
	free(d->digest);
	free(d->ids);
	free(d->id_off);
	free(d->stamp);
	free(d);
}

/* Slot of band key k (0 is the empty mark: key 0 is stored as 1). */
static size_t slot_of(const wt_dedup *d, uint64_t k)
{
	size_t mask = d->nslot - 1, i = k & mask;
	while (d->skey[i] && d->skey[i] != k)
		i = (i + 1) & mask;
	return i;
}

static wt_err grow_slots(wt_dedup *d)
{
	size_t n = d->nslot * 2, old = d->nslot;
	uint64_t *k = calloc(n, 8), *ok = d->skey;
	uint32_t *h = malloc(n * 4), *oh = d->shead;
	if (!k || !h) {
		free(k);
		free(h);
		return WT_E_NOMEM;
	}
	d->skey = k;
	d->shead = h;
	d->nslot = n;
	for (size_t i = 0; i < old; i++)
		if (ok[i]) {
			size_t j = slot_of(d, ok[i]);
			d->skey[j] = ok[i];
			d->shead[j] = oh[i];
		}
	free(ok);
	free(oh);
	return WT_OK;
}

/* Remember kept document k's sets, digest, id and band keys. */
static wt_err keep(wt_dedup *d, const wt_item *it)
{
	size_t k = d->nkept;
	wt_err e;
	if ((e = wt_grow((void **)&d->set, &d->set_cap, d->nset + it->nset, 8,
			 SIZE_MAX / 8)) ||
	    (e = wt_grow((void **)&d->set_off, &d->off_cap, k + 2, 8,
			 SIZE_MAX / 8)) ||
	    (e = wt_grow((void **)&d->id_off, &d->id_cap, k + 2, 8, SIZE_MAX / 8)) ||
	    (e = wt_grow((void **)&d->ids, &d->ids_cap, d->ids_len + it->meta[0].n,
			 1, SIZE_MAX)) ||
	    (e = wt_grow((void **)&d->digest, &d->dig_cap, k + 1, WT_DIGEST_BYTES,
			 UINT32_MAX)) ||
	    (e = wt_grow((void **)&d->stamp, &d->stamp_cap, k + 1, 4, UINT32_MAX)) ||
	    (e = wt_grow((void **)&d->ent, &d->ent_cap, d->nent + d->sh.bands,
			 sizeof *d->ent, UINT32_MAX)))
		return e;
	memcpy(d->set + d->nset, it->set, it->nset * 8);
	d->nset += it->nset;
	d->set_off[k + 1] = d->nset;
	memcpy(d->ids + d->ids_len, it->meta[0].p, it->meta[0].n);
	d->ids_len += it->meta[0].n;
	d->id_off[k + 1] = d->ids_len;
	memcpy(d->digest[k], it->digest, WT_DIGEST_BYTES);
	d->stamp[k] = UINT32_MAX;
	d->nkept++;
	for (unsigned b = 0; b < d->sh.bands; b++) {
		if (2 * (d->nused + 1) > d->nslot && (e = grow_slots(d)))
			return e;
		uint64_t key = it->keys[b] ? it->keys[b] : 1;
		size_t s = slot_of(d, key);
		uint32_t head = UINT32_MAX;
		if (d->skey[s])
			head = d->shead[s];
		else
			d->nused++;
		d->skey[s] = key;
		d->ent[d->nent] = (entry){head, (uint32_t)k};
		d->shead[s] = (uint32_t)d->nent++;
	}
	return WT_OK;
}

static wt_err decide(void *ctx, const wt_item *it)
{
	wt_dedup *d = ctx;
	wt_verdict v = {.tag = it->tag, .kept = 1};
	uint32_t me = d->seq++;
	if (!it->nset) {
		v.too_short = 1;
		return d->fn(d->ctx, &v);
	}
	long best = -1;
	for (unsigned b = 0; b < d->sh.bands; b++) {
		uint64_t key = it->keys[b] ? it->keys[b] : 1;
		size_t s = slot_of(d, key);
		if (!d->skey[s])
			continue;
		size_t seen = 0;
		for (uint32_t en = d->shead[s]; en != UINT32_MAX &&
					seen < d->o.bucket_cap; en = d->ent[en].next, seen++) {
			uint32_t k = d->ent[en].doc;
			if (d->stamp[k] == me)
				continue;
			d->stamp[k] = me;
			wt_sim sim = wt_verify_sets(it->set, it->nset,
						    d->set + d->set_off[k],
						    d->set_off[k + 1] - d->set_off[k]);
			if (sim.jaccard >= d->o.threshold &&
			    (best < 0 || sim.jaccard > v.sim.jaccard)) {
				best = k;
				v.sim = sim;
			}
		}
	}
	if (best >= 0) {
		v.kept = 0;
		v.exact = !memcmp(d->digest[best], it->digest, WT_DIGEST_BYTES);
		v.kept_id = (wt_str){d->ids + d->id_off[best],
				     d->id_off[best + 1] - d->id_off[best]};
		return d->fn(d->ctx, &v);
	}
	wt_index_hit hit;
	wt_err e;
	if (d->x && (e = wt_index_match(d->x, it->keys, it->set, it->nset,
					it->digest, d->o.threshold, &hit)))
		return e;
	if (d->x && hit.found) {
		v.kept = 0;
		v.indexed = 1;
		v.exact = hit.exact;
		v.sim = hit.sim;
		v.kept_id = (wt_str){hit.id, strlen(hit.id)};
		return d->fn(d->ctx, &v);
	}
	if ((e = keep(d, it)))
		return e;
	return d->fn(d->ctx, &v);
}

wt_err wt_dedup_add(wt_dedup *d, uint64_t tag, const wt_doc *doc)
{
	/* the id rides in the batcher's metadata slot for the source: dedup
	 * needs no source (nothing is learned) */
	const wt_str meta[WT_META_COUNT] = {doc->f[WT_F_ID], {NULL, 0}, {NULL, 0},
					    {NULL, 0}};
	wt_str src = wt_learn_source(doc);
	return wt_batcher_add(d->b, tag, &doc->f[WT_F_TEXT], meta, &src);
}

wt_err wt_dedup_flush(wt_dedup *d)
{
	return wt_batcher_flush(d->b);
}
